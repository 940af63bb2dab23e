/* text.c — Unicode helpers on ICU: NFKC, matching keys, ordinals, unwrapping of text
 * that a PDF-to-text step wrapped inside a table cell. NFKC is applied to keys and number
 * tokens only: it rewrites brackets and colons, so published text is kept as printed
 * (platform.md §4). */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

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

char *text_nfkc(const char *s, size_t len)
{
    int32_t n = 0;
    UChar *u = nfkc16(s, len, &n);
    if (!u)
        return NULL;
    char *r = to_u8(u, n);
    free(u);
    return r;
}

static bool is_quote(UChar32 c)
{
    return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
           c == 0x300C || c == 0x300D || c == 0x300E || c == 0x300F;
}

/* Most keys are ASCII and CJK ideographs, which NFKC leaves as they are: build those
 * without ICU (a fifth of the reader's time went into conversions). Returns NULL when the
 * text holds anything else, for the ICU path. */
static char *text_key_fast(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
                c == '"' || c == '\'')
                ;
            else
                out[w++] = (char)c;
            i++;
            continue;
        }
        if ((c & 0xF0) != 0xE0 || i + 2 >= len) {
            free(out);
            return NULL;
        }
        unsigned cp = ((unsigned)(c & 0x0F) << 12) | ((unsigned)(s[i + 1] & 0x3F) << 6) |
                      (unsigned)(s[i + 2] & 0x3F);
        bool stable = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3001 && cp <= 0x3035) ||
                      cp == 0x3037 || (cp >= 0x303B && cp <= 0x303F);
        bool quote = cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
                     (cp >= 0x300C && cp <= 0x300F);
        if (quote) {
            i += 3;
            continue;
        }
        if (!stable || ((unsigned char)s[i + 1] & 0xC0) != 0x80 ||
            ((unsigned char)s[i + 2] & 0xC0) != 0x80) {
            free(out);
            return NULL;
        }
        memcpy(out + w, s + i, 3);
        w += 3;
        i += 3;
    }
    out[w] = '\0';
    return out;
}

char *text_key(const char *s, size_t len)
{
    char *fast = text_key_fast(s, len);
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

char *text_trim(const char *s, size_t len)
{
    size_t b = 0, e = len;
    for (;;) {
        if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
            b++;
        else if (e - b >= 3 && strncmp(s + b, "\u3000", 3) == 0)
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
            e--;
        else if (e - b >= 3 && strncmp(s + e - 3, "\u3000", 3) == 0)
            e -= 3;
        else
            break;
    }
    return xstrndup(s + b, e - b);
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
