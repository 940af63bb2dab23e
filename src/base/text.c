/* text.c — Unicode helpers on ICU: NFKC, matching keys, ordinals, unwrapping of text
 * that a PDF-to-text step wrapped inside a table cell. NFKC is applied to keys and number
 * tokens only: it rewrites brackets and colons, so published text is kept as printed
 * (platform.md §4). */
#include "base/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ures.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* UTF-8 → UTF-16, malloc'd; NULL on invalid UTF-8 or no memory. */
static UChar *to_u16(const char *s, size_t len, int32_t *out_len)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = 0;
    if (len > INT32_MAX / 2)
        return NULL;
    u_strFromUTF8(NULL, 0, &n, s, (int32_t)len, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return NULL;
    ec = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)n + 1) * sizeof(UChar));
    if (!u)
        return NULL;
    u_strFromUTF8(u, n + 1, out_len, s, (int32_t)len, &ec);
    if (U_FAILURE(ec)) {
        free(u);
        return NULL;
    }
    return u;
}

static char *to_u8(const UChar *u, int32_t len)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(NULL, 0, &n, u, len, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return NULL;
    ec = U_ZERO_ERROR;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    u_strToUTF8(s, n + 1, NULL, u, len, &ec);
    if (U_FAILURE(ec)) {
        free(s);
        return NULL;
    }
    return s;
}

static UChar *nfkc16(const char *s, size_t len, int32_t *out_len)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec); /* a singleton: never closed */
    if (U_FAILURE(ec))
        return NULL;
    int32_t ulen = 0;
    UChar *u = to_u16(s, len, &ulen);
    if (!u)
        return NULL;
    if (unorm2_quickCheck(nfkc, u, ulen, &ec) == UNORM_YES && U_SUCCESS(ec)) {
        *out_len = ulen;
        return u;
    }
    ec = U_ZERO_ERROR;
    int32_t cap = ulen * 4 + 16;
    UChar *d = malloc((size_t)cap * sizeof(UChar));
    if (!d) {
        free(u);
        return NULL;
    }
    int32_t n = unorm2_normalize(nfkc, u, ulen, d, cap, &ec);
    free(u);
    if (U_FAILURE(ec)) {
        free(d);
        return NULL;
    }
    *out_len = n;
    return d;
}

static char *nfkc_fast(const text_variants *tv, const char *s, size_t len, bool as_key);

char *text_nfkc(const char *s, size_t len)
{
    char *fast = nfkc_fast(NULL, s, len, false);
    if (fast)
        return fast;
    int32_t n = 0;
    UChar *u = nfkc16(s, len, &n);
    if (!u)
        return NULL;
    char *r = to_u8(u, n);
    free(u);
    return r;
}

/* ---- Traditional characters (issue 10) -----------------------------------------------
 *
 * Pages machine-converted to 繁體 are read like their Simplified originals: matching keys
 * (text_key) and the vocabulary's matching (words_* in data/vocab.c, through
 * text_match_simplified) see each Traditional Han character as its Simplified form. The
 * printed text is never changed. The forms are ICU's "Traditional-Simplified"
 * transliterator, applied character by character: its rules have no context (on the
 * Traditional copy of the corpus the character map gives exactly what transliterating
 * whole lines gives), so one immutable map serves every thread, and a character and its
 * Simplified form are both Han characters of the BMP, the same three UTF-8 bytes: offsets
 * into a text hold for its Simplified reading too. The variants ICU leaves (衞, a Hong Kong
 * page's 衛) are added from OpenCC's tables (schemas/codes/traditional-variants.tsv): data of
 * a context, a text_variants each function is given (text_variants_init).
 *
 * Cost. Opening the transliterator compiles its rules (about 18 ms); a Simplified report
 * should not pay it. A text can hold a Traditional character only when it holds a Han
 * character outside GB2312 (whose hanzi are Simplified forms; the set comes from ICU's
 * GB2312 converter, under 1 ms) or one of the few GB2312 characters the transliterator
 * still changes (GB2312_TRADITIONAL). Those few are common in Simplified text too (显著,
 * 乾坤) and are mapped by the table below; only a Han character outside GB2312 opens the
 * transliterator, once per process; the map then answers by a binary search. Keys of
 * Simplified text cost one bit test per character. tests/test_text.c checks every
 * character against ICU. */

/* GB2312 hanzi that Traditional-Simplified changes (後 於 著 乾 …) and what it makes of them:
 * ICU 72. */
static const uint16_t GB2312_TRADITIONAL[][2] = {
    {0x4E7E, 0x5E72}, {0x4FF1, 0x5177}, {0x5412, 0x54A4}, {0x5925, 0x4F19}, {0x59CA, 0x59D0},
    {0x5F8C, 0x540E}, {0x5FB5, 0x5F81}, {0x647A, 0x6298}, {0x65BC, 0x4E8E}, {0x7B9D, 0x94B3},
    {0x82CE, 0x82E7}, {0x83F8, 0x70DF}, {0x8457, 0x7740}, {0x85C9, 0x501F}, {0x8DE4, 0x4EA4},
    {0x962A, 0x5742}, {0x9EBD, 0x4E48}};

#define HAN_FIRST 0x3400u /* CJK Extension A … */
#define HAN_LAST 0x9FFFu  /* … the end of the Unified Ideographs block */

static uint8_t maybe_traditional[(HAN_LAST - HAN_FIRST + 1) / 8 + 1];
static pthread_once_t maybe_once = PTHREAD_ONCE_INIT;

/* Traditional → Simplified pairs, sorted by the first; both in [HAN_FIRST, HAN_LAST]. */
static uint16_t t2s[4096][2];
static size_t nt2s;
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static void init_maybe(void)
{
    memset(maybe_traditional, 0xFF, sizeof maybe_traditional);
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB2312", &ec);
    USet *gb = uset_openEmpty();
    if (cnv && gb)
        ucnv_getUnicodeSet(cnv, gb, UCNV_ROUNDTRIP_SET, &ec);
    int32_t items = cnv && gb && U_SUCCESS(ec) ? uset_getItemCount(gb) : 0;
    for (int32_t i = 0; i < items; i++) { /* no converter: every hanzi may be Traditional */
        UChar32 first, last;
        UChar str[4];
        if (uset_getItem(gb, i, &first, &last, str, 4, &ec) != 0 || U_FAILURE(ec))
            break;
        for (UChar32 c = first < (UChar32)HAN_FIRST ? (UChar32)HAN_FIRST : first;
             c <= last && c <= (UChar32)HAN_LAST; c++)
            maybe_traditional[(c - HAN_FIRST) / 8] &= (uint8_t) ~(1u << ((c - HAN_FIRST) % 8));
    }
    for (size_t i = 0; i < ARRAY_LEN(GB2312_TRADITIONAL); i++) {
        uint32_t c = GB2312_TRADITIONAL[i][0];
        maybe_traditional[(c - HAN_FIRST) / 8] |= (uint8_t)(1u << ((c - HAN_FIRST) % 8));
    }
    if (gb)
        uset_close(gb);
    if (cnv)
        ucnv_close(cnv);
}

static bool is_han(UChar32 c)
{
    return c >= (UChar32)HAN_FIRST && c <= (UChar32)HAN_LAST;
}

/* Opening "Traditional-Simplified" by its id first builds ICU's registry of every
 * transliterator (most of the 18 ms); compiling its rules from the translit data, where
 * the registry would find them (RuleBasedTransliteratorIDs/Hant-Hans: the Hans-Hant rules
 * run in reverse), costs a fifth of that. The id is the fallback. */
static UTransliterator *open_t2s(void)
{
    UErrorCode ec = U_ZERO_ERROR;
    UTransliterator *tr = NULL;
    UResourceBundle *root = ures_openDirect(U_ICUDATA_NAME "-translit", "root", &ec);
    UResourceBundle *ids = ures_getByKey(root, "RuleBasedTransliteratorIDs", NULL, &ec);
    UResourceBundle *entry = ures_getByKey(ids, "Hant-Hans", NULL, &ec);
    UResourceBundle *file = ures_getByKey(entry, "file", NULL, &ec);
    int32_t nrules = 0, ndir = 0;
    const UChar *rules = ures_getStringByKey(file, "resource", &nrules, &ec);
    const UChar *dir = ures_getStringByKey(file, "direction", &ndir, &ec);
    static const UChar id[] = {'T', 'r', 'a', 'd', 'i', 't', 'i', 'o', 'n', 'a', 'l', '-', 'S', 'i',
                               'm', 'p', 'l', 'i', 'f', 'i', 'e', 'd', 0};
    static const UChar reverse[] = {'R', 'E', 'V', 'E', 'R', 'S', 'E', 0};
    if (U_SUCCESS(ec) && rules && dir) {
        UParseError pe;
        UTransDirection d = u_strcmp(dir, reverse) == 0 ? UTRANS_REVERSE : UTRANS_FORWARD;
        tr = utrans_openU(id, -1, d, rules, nrules, &pe, &ec);
        if (U_FAILURE(ec) && tr) {
            utrans_close(tr);
            tr = NULL;
        }
    }
    ures_close(file);
    ures_close(entry);
    ures_close(ids);
    ures_close(root);
    if (!tr) {
        ec = U_ZERO_ERROR;
        tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
    }
    return tr;
}

static int cmp_pair(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

static void init_t2s(void)
{
    UErrorCode ec = U_ZERO_ERROR;
    UTransliterator *tr = open_t2s();
    USet *src = uset_openEmpty();
    if (tr && src)
        utrans_getSourceSet(tr, false, src, &ec);
    int32_t items = tr && src && U_SUCCESS(ec) ? uset_getItemCount(src) : 0;
    for (int32_t i = 0; i < items; i++) {
        UChar32 first, last;
        UChar str[4];
        if (uset_getItem(src, i, &first, &last, str, 4, &ec) != 0 || U_FAILURE(ec))
            break; /* strings come last in a set: none in this transliterator */
        for (UChar32 c = first; c <= last && nt2s < ARRAY_LEN(t2s); c++) {
            if (!is_han(c))
                continue;
            UChar buf[8] = {(UChar)c};
            int32_t len = 1, limit = 1;
            utrans_transUChars(tr, buf, &len, (int32_t)ARRAY_LEN(buf), 0, &limit, &ec);
            if (U_FAILURE(ec) || len != 1 || !is_han(buf[0]) || buf[0] == c) {
                ec = U_ZERO_ERROR;
                continue;
            }
            /* 諮 → 谘, which the 2013 通用规范汉字表 folds into 咨 (咨询) */
            UChar s = buf[0] == 0x8C18 ? 0x54A8 : buf[0];
            t2s[nt2s][0] = (uint16_t)c;
            t2s[nt2s++][1] = (uint16_t)s;
        }
    }
    if (src)
        uset_close(src);
    if (tr)
        utrans_close(tr);
    qsort(t2s, nt2s, sizeof t2s[0], cmp_pair);
}

/* Traditional variants that Traditional-Simplified leaves as they are (衞, 蔘, 査 …), and their
 * Simplified forms: data, schemas/codes/traditional-variants.tsv (OpenCC's t2s, hk2s and
 * tw2s where ICU changes nothing), a context's own; immutable once made. */
bool text_variants_init(text_variants *tv, const uint32_t (*pairs)[2], size_t n)
{
    tv->pairs = NULL;
    tv->count = 0;
    uint16_t(*v)[2] = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (pairs[i][0] >= HAN_FIRST && pairs[i][0] <= HAN_LAST && pairs[i][1] >= HAN_FIRST &&
            pairs[i][1] <= HAN_LAST) {
            v[k][0] = (uint16_t)pairs[i][0];
            v[k++][1] = (uint16_t)pairs[i][1];
        }
    qsort(v, k, sizeof v[0], cmp_pair);
    tv->pairs = v;
    tv->count = k;
    return true;
}

void text_variants_free(text_variants *tv)
{
    free(tv->pairs);
    tv->pairs = NULL;
    tv->count = 0;
}

/* The Simplified form in a sorted map of n pairs, else 0. */
static uint32_t pair_lookup(const uint16_t (*map)[2], size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map[mid][0] == c)
            return map[mid][1];
        if (map[mid][0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void maybe_ready(void)
{
    pthread_once(&maybe_once, init_maybe);
}

/* After maybe_ready(): may c (any code point) differ from its Simplified form? */
static inline bool may_be_traditional(uint32_t c)
{
    return c >= HAN_FIRST && c <= HAN_LAST &&
           (maybe_traditional[(c - HAN_FIRST) / 8] & (1u << ((c - HAN_FIRST) % 8)));
}

/* The Simplified form of a character that may be Traditional (tv: the variants ICU leaves,
 * or NULL). */
static uint32_t lookup_t2s(const text_variants *tv, uint32_t c)
{
    for (size_t i = 0; i < ARRAY_LEN(GB2312_TRADITIONAL); i++)
        if (GB2312_TRADITIONAL[i][0] == c)
            return GB2312_TRADITIONAL[i][1];
    pthread_once(&t2s_once, init_t2s);
    uint32_t s = pair_lookup((const uint16_t(*)[2])t2s, nt2s, c); /* sorted by init_t2s */
    if (!s && tv) /* the variants ICU leaves */
        s = pair_lookup((const uint16_t(*)[2])tv->pairs, tv->count, c);
    return s ? s : c;
}

uint32_t text_simplified_char(const text_variants *tv, uint32_t c)
{
    if (c < HAN_FIRST || c > HAN_LAST)
        return c;
    maybe_ready();
    return may_be_traditional(c) ? lookup_t2s(tv, c) : c;
}

/* The code point of the three-byte UTF-8 sequence at s (lead byte 0xE0–0xEF), or 0. */
static inline uint32_t utf8_three(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3Fu);
}

static void put_three(char *out, uint32_t c)
{
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
}

bool text_has_traditional(const text_variants *tv, const char *s, size_t len)
{
    maybe_ready();
    for (size_t i = 0; i + 2 < len; i++) {
        if (((unsigned char)s[i] & 0xF0) != 0xE0)
            continue;
        uint32_t c = utf8_three(s + i);
        if (may_be_traditional(c) && lookup_t2s(tv, c) != c)
            return true;
        i += 2;
    }
    return false;
}

char *text_simplify(const text_variants *tv, const char *s, size_t len)
{
    char *out = xstrndup(s, len);
    maybe_ready();
    for (size_t i = 0; out && i + 2 < len; i++) {
        uint32_t c = utf8_three(out + i);
        if (!c)
            continue;
        if (may_be_traditional(c))
            put_three(out + i, lookup_t2s(tv, c));
        i += 2;
    }
    return out;
}

/* After maybe_ready(): the Simplified form of any code point. */
static inline uint32_t simplified(const text_variants *tv, uint32_t c)
{
    return may_be_traditional(c) ? lookup_t2s(tv, c) : c;
}

bool text_match_simplified(const text_variants *tv, const char *s, const char *w, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == w[i]) { /* w holds n bytes: no NUL before n */
            i++;
            continue;
        }
        /* an ASCII byte on either side: no Simplified reading makes them equal (most
         * mismatches of the vocabulary's scans end here, without decoding) */
        if ((unsigned char)s[i] < 0x80 || (unsigned char)w[i] < 0x80)
            return false;
        /* a differing byte: both must be three-byte characters read alike; the bytes
         * before were equal, so i is where a character starts, or inside one whose lead
         * bytes agreed */
        size_t start = i;
        while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
        uint32_t a = utf8_three(s + start), b = n - start >= 3 ? utf8_three(w + start) : 0;
        if (!a || !b)
            return false;
        maybe_ready();
        if (simplified(tv, a) != simplified(tv, b))
            return false;
        i = start + 3;
    }
    return true;
}

uint32_t text_first_simplified(const text_variants *tv, const char *s)
{
    uint32_t c = utf8_three(s);
    if (!c)
        return 0;
    maybe_ready();
    return simplified(tv, c);
}

static bool is_quote(UChar32 c)
{
    return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
           c == 0x300C || c == 0x300D || c == 0x300E || c == 0x300F;
}

/* NFKC without ICU for the characters reports are mostly made of (a fifth of the
 * reader's time went into ICU's conversions): ASCII, the CJK ideographs and punctuation,
 * which NFKC leaves as they are, and fullwidth ASCII (，：（）％) and the ideographic space,
 * whose NFKC forms are ASCII (tests/test_text.c compares every one with ICU). None of them
 * combines with a neighbour. Returns the bytes of the character at s (len bytes left) and
 * its NFKC form in *cp, or 0 when ICU must decide: anything else, or broken UTF-8. */
static size_t nfkc_simple_char(const char *s, size_t len, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    uint32_t u = len >= 3 ? utf8_three(s) : 0;
    if (u >= 0xFF01 && u <= 0xFF5E) { /* fullwidth ASCII */
        *cp = u - 0xFEE0;
        return 3;
    }
    if (u == 0x3000) { /* the ideographic space */
        *cp = ' ';
        return 3;
    }
    bool stable = (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3001 && u <= 0x3029) ||
                  (u >= 0x3030 && u <= 0x3035) || u == 0x3037 || (u >= 0x303B && u <= 0x303F) ||
                  u == 0x2018 || u == 0x2019 || u == 0x201C || u == 0x201D;
    *cp = u;
    return stable ? 3 : 0;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    put_three(out, cp);
    return 3;
}

/* NFKC of the text without ICU, or with as_key its text_key (white space and quotes left
 * out, Traditional characters Simplified); NULL when the text holds other characters. */
static char *nfkc_fast(const text_variants *tv, const char *s, size_t len, bool as_key)
{
    char *out = malloc(len + 1); /* NFKC here never lengthens */
    if (!out)
        return NULL;
    maybe_ready();
    size_t w = 0;
    for (size_t i = 0, k; i < len; i += k) {
        uint32_t cp;
        /* the common cases first: a CJK ideograph (lead bytes E4–E9: U+4000–U+9FFF) or a
         * printable ASCII character, which stay as they are */
        unsigned char b = (unsigned char)s[i];
        if (b >= 0xE4 && b <= 0xE9 && len - i >= 3 && (cp = utf8_three(s + i)) >= 0x4E00) {
            k = 3;
            if (as_key && may_be_traditional(cp))
                put_three(out + w, lookup_t2s(tv, cp));
            else
                memcpy(out + w, s + i, 3);
            w += 3;
            continue;
        }
        if (b > ' ' && b < 0x7F && (!as_key || (b != '"' && b != '\''))) {
            k = 1;
            out[w++] = (char)b;
            continue;
        }
        if (!(k = nfkc_simple_char(s + i, len - i, &cp))) {
            free(out);
            return NULL;
        }
        /* (ASCII's white space is u_isUWhiteSpace's) */
        if (as_key && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
                       cp == '\v' || is_quote((UChar32)cp)))
            continue;
        w += put_utf8(out + w, as_key ? simplified(tv, cp) : cp);
    }
    out[w] = '\0';
    return out;
}

char *text_key(const text_variants *tv, const char *s, size_t len)
{
    char *fast = nfkc_fast(tv, s, len, true);
    if (fast)
        return fast;
    int32_t n = 0;
    UChar *u = nfkc16(s, len, &n);
    if (!u)
        return NULL;
    int32_t w = 0;
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        int32_t start = i;
        U16_NEXT(u, i, n, c);
        if (u_isUWhiteSpace(c) || is_quote(c) || c == 0x200B || c == 0xFEFF)
            continue;
        UChar32 simple = (UChar32)text_simplified_char(tv, (uint32_t)c);
        if (simple != c) { /* both in the BMP: one unit each */
            u[w++] = (UChar)simple;
            continue;
        }
        for (int32_t k = start; k < i; k++)
            u[w++] = u[k];
    }
    char *r = to_u8(u, w);
    free(u);
    return r;
}

static const char *const cjk_digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九",
                                        "十", "百", "零", "〇"};

/* Length in bytes of the run of CJK numerals at s (0 if none). */
static size_t cjk_numeral_run(const char *s)
{
    size_t n = 0;
    for (;;) {
        bool hit = false;
        for (size_t i = 0; i < ARRAY_LEN(cjk_digits); i++) {
            size_t l = strlen(cjk_digits[i]);
            if (strncmp(s + n, cjk_digits[i], l) == 0) {
                n += l;
                hit = true;
                break;
            }
        }
        if (!hit)
            return n;
    }
}

bool text_is_cjk_numeral(const char *s)
{
    size_t n = cjk_numeral_run(s);
    return n > 0 && s[n] == '\0';
}

static size_t ascii_digit_run(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

static size_t skip_spaces(const char *s)
{
    size_t n = 0;
    for (;;) {
        if (s[n] == ' ' || s[n] == '\t')
            n++;
        else if (strncmp(s + n, "\u3000", 3) == 0)
            n += 3;
        else
            return n;
    }
}

size_t text_bracket(const char *s, bool open)
{
    if (*s == (open ? '(' : ')'))
        return 1;
    const char *fw = open ? "（" : "）";
    return strncmp(s, fw, strlen(fw)) == 0 ? strlen(fw) : 0;
}

char text_fullwidth_ascii(const char *s, size_t *len)
{
    /* U+FF01–U+FF5E: EF BC 81–BF, EF BD 80–9E; each stands for U+0021–U+007E */
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] != 0xEF || (u[1] != 0xBC && u[1] != 0xBD) || u[2] < 0x80 || u[2] > 0xBF)
        return 0;
    unsigned cp = 0xFF00u + (u[1] == 0xBD ? 0x40u : 0u) + (u[2] - 0x80u);
    if (cp < 0xFF01 || cp > 0xFF5E)
        return 0;
    *len = 3;
    return (char)(cp - 0xFEE0u);
}

const char *text_strip_ordinal(const char *s, char **ordinal)
{
    *ordinal = NULL;
    size_t p = skip_spaces(s);
    size_t b, num, after;
    /* （一） (一) （1） (1) */
    if ((b = text_bracket(s + p, true)) > 0) {
        size_t q = p + b + skip_spaces(s + p + b);
        num = cjk_numeral_run(s + q);
        if (!num)
            num = ascii_digit_run(s + q);
        if (num && (after = text_bracket(s + q + num + skip_spaces(s + q + num), false)) > 0) {
            *ordinal = xstrndup(s + q, num);
            size_t end = q + num + skip_spaces(s + q + num) + after;
            return s + end + skip_spaces(s + end);
        }
        return s;
    }
    /* 一、 二十六、 */
    if ((num = cjk_numeral_run(s + p)) > 0) {
        if (strncmp(s + p + num, "、", 3) == 0) {
            *ordinal = xstrndup(s + p, num);
            size_t end = p + num + 3;
            return s + end + skip_spaces(s + end);
        }
        return s;
    }
    /* 1. 1、 1． — but not a decimal number such as 1.5 */
    if ((num = ascii_digit_run(s + p)) > 0 && num <= 3) {
        const char *q = s + p + num;
        size_t sep = 0;
        if (*q == '.' && !(q[1] >= '0' && q[1] <= '9'))
            sep = 1;
        else if (strncmp(q, "、", 3) == 0 || strncmp(q, "．", 3) == 0)
            sep = 3;
        if (sep) {
            *ordinal = xstrndup(s + p, num);
            size_t end = p + num + sep;
            return s + end + skip_spaces(s + end);
        }
    }
    return s;
}

/* Is the ideographic space (E3 80 80) at s? (s holds at least three bytes.) */
static bool ideographic_space(const char *s)
{
    return s[0] == '\xE3' && s[1] == '\x80' && s[2] == '\x80';
}

char *text_trim(const char *s, size_t len)
{
    size_t b = 0, e = len;
    for (;;) {
        if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
            b++;
        else if (e - b >= 3 && ideographic_space(s + b))
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
            e--;
        else if (e - b >= 3 && ideographic_space(s + e - 3))
            e -= 3;
        else
            break;
    }
    return xstrndup(s + b, e - b);
}

/* ---- Word field codes --------------------------------------------------------------
 *
 * A table of contents saved without its fields updated, or copied from Word, keeps the
 * field instruction beside the entry: "一、收入决算表 PAGEREF _Toc4418 \h 22" (the HTML
 * route loses the backslash: "PAGEREF _Toc4418 h 22"), "HYPERLINK \l "_Toc4418"". Word
 * never prints them; the page number after one is its result, and goes with it. */

static bool is_blank_byte(char c)
{
    return c == ' ' || c == '\t';
}

/* The field instruction starting at s (one of the keywords), its length; 0 when none. */
static size_t field_at(const char *s, size_t len)
{
    static const char *const keywords[] = {"PAGEREF", "HYPERLINK"};
    size_t k = 0;
    for (size_t i = 0; i < ARRAY_LEN(keywords) && !k; i++)
        if (len > strlen(keywords[i]) && !strncmp(s, keywords[i], strlen(keywords[i])) &&
            is_blank_byte(s[strlen(keywords[i])]))
            k = strlen(keywords[i]);
    if (!k)
        return 0;
    size_t i = k;
    bool bookmark = false;
    for (;;) { /* the bookmark and the switches, each after blanks: _Toc4418, \h, h, \l, "…" */
        size_t b = i;
        while (b < len && is_blank_byte(s[b]))
            b++;
        size_t e = b;
        while (e < len && !is_blank_byte(s[e]))
            e++;
        if (e == b)
            break;
        bool quoted = s[b] == '"' || (e - b > 2 && s[b] == '\\');
        bool toc = !strncmp(s + b + (s[b] == '"'), "_Toc", 4);
        bool sw = (e - b == 1 && s[b] >= 'a' && s[b] <= 'z') ||
                  (e - b == 2 && s[b] == '\\' && s[b + 1] >= 'a' && s[b + 1] <= 'z');
        if (!(toc || sw || (quoted && bookmark)))
            break;
        bookmark |= toc;
        i = e;
    }
    if (!bookmark)
        return 0;
    while (i < len && is_blank_byte(s[i]))
        i++;
    size_t page = i; /* the field's result, a page number, goes with it */
    while (page < len && s[page] >= '0' && s[page] <= '9')
        page++;
    if (page > i && (page == len || is_blank_byte(s[page])))
        i = page;
    return i;
}

char *text_without_fields(const char *s, size_t len)
{
    strbuf sb;
    sb_init(&sb);
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && !is_blank_byte(s[i - 1]))
            continue;
        size_t n = field_at(s + i, len - i);
        if (!n)
            continue;
        sb_add(&sb, s + from, i - from);
        from = i + n;
        i = from - 1;
    }
    sb_add(&sb, s + from, len - from);
    char *joined = sb_take(&sb);
    char *out = joined ? text_trim(joined, strlen(joined)) : NULL;
    free(joined);
    return out;
}

/* ---- unwrapping ---------------------------------------------------------------------
 *
 * A cell's text wrapped onto several printed lines comes back from the PDF-to-text step
 * (or from a grid re-read line by line) with white space where each line broke:
 * "本年收入合 计", "其他政府办公厅 （室）及相关机构 事务支出", "因公出国 (境) 费". The same
 * step puts a space between digits and hanzi that the publication prints together: the
 * sample's own text has "2024年度", "850.59万元", "单价100万元（含）", the PDFs made from it
 * give "2024 年度", "850.59 万元", "单价 100 万元". Chinese prints no space next to a hanzi
 * or a full-width sign, so such a space is never content. The one rule (issue 9), used by
 * the reader for row names and column labels and by the stylesheets through fmt:unwrap:
 *   - a run of white space (space, tab, CR, LF, U+3000) next to a wide or full-width
 *     character (East Asian Width W or F) on either side goes;
 *   - so does a run just inside ASCII brackets: "( 境 )" is "(境)";
 *   - white space at either end goes;
 *   - any other run (between two narrow characters, "Wi-Fi  service") becomes one space.
 * Invalid UTF-8 bytes are copied as they are and count as narrow characters. */

static bool is_unwrap_space(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

static bool is_wide(UChar32 c)
{
    int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

long text_columns(const char *s)
{
    size_t len = strlen(s);
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    long cols = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (!is_unwrap_space(c))
            cols += c >= 0 && is_wide(c) ? 2 : 1;
    }
    return cols;
}

char *text_unwrap(const char *s)
{
    size_t len = strlen(s);
    if (len > INT32_MAX)
        return NULL;
    strbuf sb;
    sb_init(&sb);
    int32_t i = 0, n = (int32_t)len;
    UChar32 prev = -1; /* the last character kept; -1 at the start */
    while (i < n) {
        UChar32 c;
        int32_t start = i;
        U8_NEXT(s, i, n, c);
        if (!is_unwrap_space(c)) {
            sb_add(&sb, s + start, (size_t)(i - start));
            prev = c < 0 ? 0xFFFD : c;
            continue;
        }
        UChar32 next = -1; /* the character after the run; -1 at the end */
        while (i < n) {
            int32_t at = i;
            U8_NEXT(s, i, n, next);
            if (!is_unwrap_space(next)) {
                next = next < 0 ? 0xFFFD : next;
                i = at;
                break;
            }
            next = -1;
        }
        if (prev >= 0 && next >= 0 && !is_wide(prev) && !is_wide(next) && prev != '(' &&
            next != ')')
            sb_addc(&sb, ' ');
    }
    return sb_take(&sb);
}

static bool tiles_from(const char *rest, const char *const *parts, bool *taken, int n, int *order,
                       int at)
{
    if (!*rest)
        return at == n;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(parts[i]);
        if (taken[i] || !len || strncmp(rest, parts[i], len) != 0)
            continue;
        taken[i] = true;
        order[at] = i;
        bool ok = tiles_from(rest + len, parts, taken, n, order, at + 1);
        taken[i] = false;
        if (ok)
            return true;
    }
    return false;
}

bool text_tiles(const char *whole, const char *const *parts, int n, int *order)
{
    bool taken[TEXT_TILES_MAX] = {false};
    return n > 0 && n <= TEXT_TILES_MAX && tiles_from(whole, parts, taken, n, order, 0);
}
