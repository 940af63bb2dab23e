/*
 * fmt.c — amounts, percentages, 人民币大写, display width, padding and Chinese dates.
 *
 * Money never passes through a double: decimals are parsed here into digit strings, handed to
 * ICU's unumf_formatDecimal (exact decimal arithmetic), or spelled out by our own code.
 * See docs: platform.md §1–3 (ICU 72 measurements) and domain.md §4 (PBOC rules).
 */

#include "gfa.h"
#include "write/render.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* Longer number strings are rejected before any allocation proportional to them. */
#define MAX_NUMBER_BYTES 1000
/* ICU 72 unumf_formatDecimal fails with U_UNSUPPORTED_ERROR above 34 significant digits
 * (measured: "12345678901234567890123456789012345" fails, and so does "0.125" followed by
 * 50 zeros). */
#define ICU_MAX_DIGITS 34
/* 人民币大写 goes up to 仟万亿: 16 integer digits. */
#define RMB_MAX_INT_DIGITS 16

static const char MSG_NOMEM[] = "out of memory";
static const char MSG_RMB_TOO_LARGE[] =
    "amount too large for 人民币大写 (max 9999999999999999.99)";

/* ---- small helpers ------------------------------------------------------------------ */

/* Sets *why (if asked for) and returns NULL, so error paths are one line. */
static void *fail(const char **why, const char *message)
{
    if (why != NULL)
        *why = message;
    return NULL;
}

static bool fail_false(const char **why, const char *message)
{
    fail(why, message);
    return false;
}

static char *dup_string(const char *s, const char **why)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy == NULL)
        return fail(why, MSG_NOMEM);
    return memcpy(copy, s, n);
}

/* A fixed-size UTF-8 buffer for results whose maximum length is known (大写, dates). */
typedef struct text_buf {
    char text[256];
    size_t len;
} text_buf;

static void append(text_buf *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n >= sizeof t->text) /* cannot happen: callers are sized for their worst case */
        return;
    memcpy(t->text + t->len, s, n + 1);
    t->len += n;
}

static char *utf16_to_utf8(const UChar *s, int32_t len, const char **why)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8(NULL, 0, &need, s, len, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return fail(why, "ICU could not convert its result to UTF-8");
    char *out = malloc((size_t)need + 1);
    if (out == NULL)
        return fail(why, MSG_NOMEM);
    ec = U_ZERO_ERROR;
    u_strToUTF8(out, need + 1, NULL, s, len, &ec);
    if (U_FAILURE(ec)) {
        free(out);
        return fail(why, "ICU could not convert its result to UTF-8");
    }
    return out;
}

/* ---- decimal parsing ---------------------------------------------------------------- */

/* A parsed decimal: digits holds the integer digits (no leading zeros, "0" for zero) followed
 * by the fraction digits as written. */
typedef struct decimal_num {
    char *digits; /* NUL-terminated: short_digits, or malloc'd (decimal_free) */
    char short_digits[48]; /* the usual amount's, without a malloc */
    size_t int_len;
    size_t frac_len;
    bool negative;
} decimal_num;

/* UTF-8 -> UTF-16 -> NFKC, so that "１，６１４．４５" and "－１２" become ASCII (platform.md §4).
 * Returns a malloc'd buffer and its length, or NULL with *why set. */
static UChar *nfkc_utf16(const char *utf8, int32_t *out_len, const char **why)
{
    /* ASCII is its own NFKC (the usual amount: issue 13 found normalising a tenth of it) */
    size_t ascii = 0;
    while (utf8[ascii] && (unsigned char)utf8[ascii] < 0x80)
        ascii++;
    if (!utf8[ascii]) {
        UChar *dst = malloc((ascii + 1) * sizeof *dst);
        if (dst == NULL)
            return fail(why, MSG_NOMEM);
        for (size_t i = 0; i <= ascii; i++)
            dst[i] = (UChar)(unsigned char)utf8[i];
        *out_len = (int32_t)ascii;
        return dst;
    }
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec); /* a singleton: never closed */
    if (U_FAILURE(ec))
        return fail(why, "ICU NFKC normalizer is unavailable");
    UChar src[MAX_NUMBER_BYTES]; /* UTF-16 never has more units than the UTF-8 has bytes */
    int32_t src_len = 0;
    u_strFromUTF8(src, MAX_NUMBER_BYTES, &src_len, utf8, -1, &ec);
    if (U_FAILURE(ec))
        return fail(why, "not a decimal number: invalid UTF-8");
    int32_t need = unorm2_normalize(nfkc, src, src_len, NULL, 0, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return fail(why, "ICU NFKC normalization failed");
    UChar *dst = malloc(((size_t)need + 1) * sizeof *dst);
    if (dst == NULL)
        return fail(why, MSG_NOMEM);
    ec = U_ZERO_ERROR;
    *out_len = unorm2_normalize(nfkc, src, src_len, dst, need + 1, &ec);
    if (U_FAILURE(ec)) {
        free(dst);
        return fail(why, "ICU NFKC normalization failed");
    }
    return dst;
}

static bool is_digit(UChar c)
{
    return c >= '0' && c <= '9';
}

/* Checks the shape of [sign] int [. frac] and finds the '.'; returns NULL if well-formed,
 * else the reason. Grouping is checked separately. */
static const char *check_decimal_syntax(const UChar *s, int32_t n, int32_t *dot)
{
    *dot = -1;
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[i];
        if (is_digit(c))
            continue;
        if (c == '+' || c == '-') {
            if (i != 0)
                return "not a decimal number: misplaced or repeated sign";
        } else if (c == '.') {
            if (*dot >= 0)
                return "not a decimal number: more than one '.'";
            *dot = i;
        } else if (c == ',') {
            if (*dot >= 0)
                return "not a decimal number: ',' in the fraction part";
        } else if (c == 'e' || c == 'E') {
            return "not a decimal number: exponent notation is not accepted";
        } else {
            return "not a decimal number: unexpected character "
                   "(allowed: digits, one leading sign, ',' grouping and one '.')";
        }
    }
    return NULL;
}

/* Grouping commas, if any, must split the integer part as d{1,3}(,ddd)*: ICU's strict parser
 * rejects "1,2345.6" and "12,34.5" too (platform.md §1). */
static bool grouping_is_valid(const UChar *s, int32_t n)
{
    int32_t group = 0;
    bool seen_comma = false;
    for (int32_t i = 0; i < n; i++) {
        if (s[i] != ',') {
            group++;
            continue;
        }
        if (group == 0 || (seen_comma ? group != 3 : group > 3))
            return false;
        seen_comma = true;
        group = 0;
    }
    return !seen_comma || group == 3;
}

/* Copies the digits of s[0..n) into out (commas dropped, leading zeros dropped unless the
 * integer is zero) and returns how many were written. */
static size_t copy_integer_digits(const UChar *s, int32_t n, char *out)
{
    size_t len = 0;
    for (int32_t i = 0; i < n; i++) {
        if (!is_digit(s[i]) || (len == 0 && s[i] == '0'))
            continue;
        out[len++] = (char)s[i];
    }
    if (len == 0)
        out[len++] = '0';
    return len;
}

/* Parses the NFKC text s[0..n) into d. Returns NULL on success, else the reason. */
static const char *scan_decimal(const UChar *s, int32_t n, decimal_num *d)
{
    if (n == 0)
        return "not a decimal number: empty string";
    int32_t dot;
    const char *reason = check_decimal_syntax(s, n, &dot);
    if (reason != NULL)
        return reason;
    int32_t start = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    int32_t int_end = dot >= 0 ? dot : n;
    if (int_end == start)
        return dot >= 0 ? "not a decimal number: no digits before '.'"
                        : "not a decimal number: no digits";
    if (dot >= 0 && dot == n - 1)
        return "not a decimal number: no digits after '.'";
    if (!grouping_is_valid(s + start, int_end - start))
        return "not a decimal number: ',' grouping separator at an invalid position";
    d->digits = (size_t)n + 2 <= sizeof d->short_digits ? d->short_digits : malloc((size_t)n + 2);
    if (d->digits == NULL)
        return MSG_NOMEM;
    d->negative = s[0] == '-';
    d->int_len = copy_integer_digits(s + start, int_end - start, d->digits);
    d->frac_len = 0;
    for (int32_t i = int_end + 1; i < n; i++)
        d->digits[d->int_len + d->frac_len++] = (char)s[i];
    d->digits[d->int_len + d->frac_len] = '\0';
    return NULL;
}

static void decimal_free(decimal_num *d)
{
    if (d->digits != d->short_digits)
        free(d->digits);
}

/* Parses a decimal string (see fmt.h for the accepted forms). On success the caller frees d
 * with decimal_free. */
static bool parse_decimal(const char *text, decimal_num *d, const char **why)
{
    if (text == NULL)
        return fail_false(why, "not a decimal number: NULL");
    size_t bytes = strlen(text);
    if (bytes > MAX_NUMBER_BYTES)
        return fail_false(why, "not a decimal number: longer than 1000 bytes");
    int32_t n = 0;
    UChar short_text[48], *s = short_text;
    bool ascii = bytes < sizeof short_text / sizeof *short_text;
    for (size_t i = 0; ascii && i <= bytes; i++) { /* ASCII is its own NFKC */
        ascii = (unsigned char)text[i] < 0x80;
        short_text[i] = (UChar)(unsigned char)text[i];
    }
    if (ascii)
        n = (int32_t)bytes;
    else if ((s = nfkc_utf16(text, &n, why)) == NULL)
        return false;
    const char *reason = scan_decimal(s, n, d);
    if (s != short_text)
        free(s);
    if (reason != NULL)
        return fail_false(why, reason);
    return true;
}

/* ---- ICU number formatters ---------------------------------------------------------- */

enum formatter_kind { KIND_GROUPED, KIND_UNGROUPED, KIND_PERCENT, KIND_COUNT };

struct gfa_fmt {
    UNumberFormatter *by_kind[KIND_COUNT][GFA_FMT_MAX_DECIMALS + 1];
    /* amounts formatted without ICU (plain_amount): set by gfa_fmt_new only when that gives
     * ICU's own result for a set of probes with every option, else ICU formats them all */
    bool plain_amounts;
};

/* ICU defaults to half-even ("2.345" -> "2.34"); 四舍五入 needs rounding-mode-half-up.
 * sign-negative drops the minus of a value that rounds to zero ("-0.001" -> "0.00", where the
 * default sign-auto prints "-0.00"). "percent" without scale/100: inputs are already in %. */
static const char *const kind_stem[KIND_COUNT] = {
    [KIND_GROUPED] = "",
    [KIND_UNGROUPED] = "group-off ",
    [KIND_PERCENT] = "percent ",
};

/* ICU builds a formatter's compiled form lazily, on its 3rd format call
 * (LocalizedNumberFormatter::computeCompiled, DEFAULT_THRESHOLD = 3), publishing it with
 * atomics. Formatting a few times here makes that happen before the formatter is shared, so
 * gfa_fmt is read-only from gfa_fmt_new on (and helgrind, which cannot see C++ atomics, stays
 * quiet). */
static bool warm_up(UNumberFormatter *nf)
{
    UErrorCode ec = U_ZERO_ERROR;
    UFormattedNumber *result = unumf_openResult(&ec);
    for (int i = 0; i < 4 && U_SUCCESS(ec); i++)
        unumf_formatDecimal(nf, "0", -1, result, &ec);
    unumf_closeResult(result);
    return U_SUCCESS(ec);
}

static UNumberFormatter *open_formatter(enum formatter_kind kind, int decimals)
{
    char skeleton[128];
    char precision[24] = "precision-integer";
    if (decimals > 0) {
        precision[0] = '.';
        memset(precision + 1, '0', (size_t)decimals);
        precision[decimals + 1] = '\0';
    }
    int n = snprintf(skeleton, sizeof skeleton, "%s%s rounding-mode-half-up sign-negative",
                     kind_stem[kind], precision);
    UChar uskeleton[128];
    u_charsToUChars(skeleton, uskeleton, n + 1); /* the skeleton is invariant ASCII */
    UErrorCode ec = U_ZERO_ERROR;
    /* zh_CN falls back to zh data: ec is then U_USING_DEFAULT_WARNING, which is success. */
    UNumberFormatter *nf = unumf_openForSkeletonAndLocale(uskeleton, -1, "zh_CN", &ec);
    if (U_FAILURE(ec) || !warm_up(nf)) {
        unumf_close(nf);
        return NULL;
    }
    return nf;
}

static bool plain_amounts_match_icu(const gfa_fmt *f);

gfa_fmt *gfa_fmt_new(const char **why)
{
    gfa_fmt *f = calloc(1, sizeof *f);
    if (f == NULL)
        return fail(why, MSG_NOMEM);
    for (int kind = 0; kind < KIND_COUNT; kind++) {
        for (int d = 0; d <= GFA_FMT_MAX_DECIMALS; d++) {
            f->by_kind[kind][d] = open_formatter((enum formatter_kind)kind, d);
            if (f->by_kind[kind][d] == NULL) {
                gfa_fmt_free(f);
                return fail(why, "cannot open the ICU number formatters for zh_CN");
            }
        }
    }
    f->plain_amounts = plain_amounts_match_icu(f);
    return f;
}

void gfa_fmt_free(gfa_fmt *f)
{
    if (f == NULL)
        return;
    for (int kind = 0; kind < KIND_COUNT; kind++)
        for (int d = 0; d <= GFA_FMT_MAX_DECIMALS; d++)
            unumf_close(f->by_kind[kind][d]);
    free(f);
}

/* Writes the ICU input for d: [-]int[.frac], the fraction cut after decimals+1 digits.
 * Half-up at `decimals` depends only on the next digit (>= 5 rounds away from zero), so the
 * cut is exact, and it keeps long fractions under ICU's 34-digit limit. */
static bool icu_decimal_string(const decimal_num *d, int decimals, bool with_sign, char *out,
                               size_t cap)
{
    size_t frac = d->frac_len < (size_t)decimals + 1 ? d->frac_len : (size_t)decimals + 1;
    size_t significant = (strcmp(d->digits, "0") == 0 ? 0 : d->int_len) + frac;
    if (significant > ICU_MAX_DIGITS || d->int_len + frac + 3 > cap)
        return false;
    size_t len = 0;
    if (with_sign && d->negative)
        out[len++] = '-';
    memcpy(out + len, d->digits, d->int_len);
    len += d->int_len;
    if (frac > 0) {
        out[len++] = '.';
        memcpy(out + len, d->digits + d->int_len, frac);
        len += frac;
    }
    out[len] = '\0';
    return true;
}

/* The amount ICU's zh_CN formatters make of s (icu_decimal_string's [-]int[.frac], the fraction
 * at most decimals+1 digits), without ICU (issue 13: ICU took about 4,000 instructions an
 * amount, a report has over a thousand): rounded half up at `decimals` (the cut digit
 * decides), zeros padded, ',' between groups of three integer digits when grouped, '-' unless
 * every digit is zero (sign-negative). out holds ICU_MAX_DIGITS + 24 bytes; returns its
 * length. gfa_fmt_new checks it against ICU before it is used (plain_amounts_match_icu). */
#define PLAIN_AMOUNT_BYTES (ICU_MAX_DIGITS + 24)
static size_t plain_amount(const char *s, int decimals, bool grouped, char *out)
{
    bool negative = *s == '-';
    s += negative;
    const char *dot = strchr(s, '.');
    size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
    const char *frac = dot ? dot + 1 : "";
    size_t frac_len = strlen(frac);
    /* digits kept: the integer's, then `decimals` of the fraction (zeros past its end), with
     * a place in front for a carry */
    char kept[ICU_MAX_DIGITS + 16];
    size_t n = 1;
    kept[0] = '0';
    memcpy(kept + n, s, int_len);
    n += int_len;
    for (int i = 0; i < decimals; i++)
        kept[n++] = (size_t)i < frac_len ? frac[i] : '0';
    if ((size_t)decimals < frac_len && frac[decimals] >= '5')
        for (size_t i = n; i-- > 0;) {
            if (kept[i] != '9') {
                kept[i]++;
                break;
            }
            kept[i] = '0';
        }
    size_t first = kept[0] == '0' ? 1 : 0; /* the carry's place, unless a carry reached it */
    size_t int_digits = n - (size_t)decimals - first;
    bool zero = true;
    for (size_t i = first; i < n; i++)
        zero = zero && kept[i] == '0';
    size_t len = 0;
    if (negative && !zero)
        out[len++] = '-';
    for (size_t i = 0; i < int_digits; i++) {
        if (grouped && i > 0 && (int_digits - i) % 3 == 0)
            out[len++] = ',';
        out[len++] = kept[first + i];
    }
    if (decimals > 0) {
        out[len++] = '.';
        memcpy(out + len, kept + first + int_digits, (size_t)decimals);
        len += (size_t)decimals;
    }
    out[len] = '\0';
    return len;
}

/* Formats d with nf on its exact decimal string; one UFormattedNumber per call because only
 * the UNumberFormatter is shareable between threads (unumberformatter.h). */
static char *format_decimal(const UNumberFormatter *nf, const decimal_num *d, int decimals,
                            bool with_sign, const char **why)
{
    char input[ICU_MAX_DIGITS + 8];
    if (!icu_decimal_string(d, decimals, with_sign, input, sizeof input))
        return fail(why, "number too large: ICU formats at most 34 significant digits");
    UErrorCode ec = U_ZERO_ERROR;
    UFormattedNumber *result = unumf_openResult(&ec);
    UChar out[128];
    int32_t len = 0;
    unumf_formatDecimal(nf, input, -1, result, &ec);
    if (U_SUCCESS(ec))
        len = unumf_resultToString(result, out, (int32_t)(sizeof out / sizeof *out), &ec);
    unumf_closeResult(result);
    if (U_FAILURE(ec))
        return fail(why, "ICU number formatting failed");
    return utf16_to_utf8(out, len, why);
}

/* Whether plain_amount gives what ICU gives for amounts that test every step of it (rounding
 * up into a new digit, to zero, grouping at each length, signs), with every option: if ICU's
 * data for zh_CN ever differ (another minus sign, grouping), ICU formats every amount. */
static bool plain_amounts_match_icu(const gfa_fmt *f)
{
    static const char *const probes[] = {"0", "-0.0000049", "0.5", "-999999.9999995", "1000",
                                         "12345.678", "-1234567.8915", "99999999999999999.99"};
    for (int kind = KIND_GROUPED; kind <= KIND_UNGROUPED; kind++)
        for (int decimals = 0; decimals <= GFA_FMT_MAX_DECIMALS; decimals++)
            for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
                decimal_num d;
                if (!parse_decimal(probes[i], &d, NULL))
                    return false;
                char input[ICU_MAX_DIGITS + 8], plain[PLAIN_AMOUNT_BYTES];
                /* with the sign (without it, the input has no '-': nothing new) */
                bool ok = icu_decimal_string(&d, decimals, true, input, sizeof input);
                char *icu = ok ? format_decimal(f->by_kind[kind][decimals], &d, decimals, true,
                                                NULL)
                               : NULL;
                decimal_free(&d);
                ok = icu && plain_amount(input, decimals, kind == KIND_GROUPED, plain) &&
                     strcmp(icu, plain) == 0;
                free(icu);
                if (!ok)
                    return false;
            }
    return true;
}

static bool has_nonzero_digit(const char *s)
{
    return strpbrk(s, "123456789") != NULL;
}

/* Takes ownership of s and returns "(s)". */
static char *wrap_in_parens(char *s, const char **why)
{
    size_t n = strlen(s);
    char *out = malloc(n + 3);
    if (out != NULL) {
        out[0] = '(';
        memcpy(out + 1, s, n);
        memcpy(out + 1 + n, ")", 2);
    }
    free(s);
    return out != NULL ? out : fail(why, MSG_NOMEM);
}

/* Shared by amount and percent once the flags have been checked. */
static char *format_kind(const gfa_fmt *f, enum formatter_kind kind, const char *text,
                         int decimals, bool paren_negative, bool plain_ok, const char **why)
{
    if (f == NULL)
        return fail(why, "gfa_fmt is NULL");
    if (decimals < 0 || decimals > GFA_FMT_MAX_DECIMALS)
        return fail(why, "decimals must be 0..6");
    decimal_num d;
    if (!parse_decimal(text, &d, why))
        return NULL;
    bool parens = paren_negative && d.negative;
    /* Accounting style: format |x| and wrap it ourselves; ICU's sign-accounting needs a
     * currency unit and would print "(¥12.50)" (platform.md §1). */
    char *out;
    char input[ICU_MAX_DIGITS + 8], plain[PLAIN_AMOUNT_BYTES];
    if (plain_ok && f->plain_amounts && kind != KIND_PERCENT &&
        icu_decimal_string(&d, decimals, !parens, input, sizeof input)) {
        size_t len = plain_amount(input, decimals, kind == KIND_GROUPED, plain);
        out = malloc(len + 1);
        out = out ? memcpy(out, plain, len + 1) : fail(why, MSG_NOMEM);
    } else {
        out = format_decimal(f->by_kind[kind][decimals], &d, decimals, !parens, why);
    }
    decimal_free(&d);
    if (out != NULL && parens && has_nonzero_digit(out)) /* no "(0.00)" for -0.001 */
        out = wrap_in_parens(out, why);
    return out;
}

static char *amount(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                    bool plain_ok, const char **why)
{
    if (flags & ~(unsigned)(GFA_FMT_NO_GROUPING | GFA_FMT_PAREN_NEGATIVE))
        return fail(why, "gfa_fmt_amount: unknown flag");
    enum formatter_kind kind = (flags & GFA_FMT_NO_GROUPING) ? KIND_UNGROUPED : KIND_GROUPED;
    return format_kind(f, kind, decimal, decimals, flags & GFA_FMT_PAREN_NEGATIVE, plain_ok,
                       why);
}

char *gfa_fmt_amount(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                     const char **why)
{
    return amount(f, decimal, decimals, flags, true, why);
}

char *fmt_amount_by_icu(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                        const char **why)
{
    return amount(f, decimal, decimals, flags, false, why);
}

bool fmt_plain_amounts(const gfa_fmt *f)
{
    return f && f->plain_amounts;
}

char *gfa_fmt_percent(const gfa_fmt *f, const char *decimal, int decimals, const char **why)
{
    return format_kind(f, KIND_PERCENT, decimal, decimals, false, false, why);
}

/* ---- 人民币大写 ------------------------------------------------------------------------ */

/* PBOC: digits 零壹贰叁肆伍陆柒捌玖 and units 拾佰仟万亿 only (no 一二三, 两, 廿, 毛, 另). */
static const char *const upper_digit[10] = {"零", "壹", "贰", "叁", "肆",
                                            "伍", "陆", "柒", "捌", "玖"};
static const char *const place_unit[4] = {"", "拾", "佰", "仟"};

/* An amount rounded to 分: integer digits without leading zeros ("0" for none), 角 and 分. */
typedef struct rmb_amount {
    char yuan[RMB_MAX_INT_DIGITS + 1];
    int jiao;
    int fen;
} rmb_amount;

/* Rounds d half-up to 分 on its digit string. Returns false if |d| >= 10^16 after rounding. */
static bool round_to_fen(const decimal_num *d, rmb_amount *out)
{
    if (d->int_len > RMB_MAX_INT_DIGITS)
        return false;
    char cents[RMB_MAX_INT_DIGITS + 4]; /* a carry digit, the integer digits, 角, 分 */
    cents[0] = '0';
    memcpy(cents + 1, d->digits, d->int_len);
    const char *frac = d->digits + d->int_len;
    size_t len = 1 + d->int_len;
    cents[len++] = d->frac_len > 0 ? frac[0] : '0';
    cents[len++] = d->frac_len > 1 ? frac[1] : '0';
    if (d->frac_len > 2 && frac[2] >= '5') { /* 四舍五入 on the 厘 digit */
        size_t i = len;
        while (i-- > 0 && cents[i] == '9')
            cents[i] = '0';
        cents[i]++; /* cents[0] is '0', so the carry always stops */
    }
    size_t int_end = len - 2; /* cents[0..int_end) is the integer part */
    size_t skip = 0;
    while (skip < int_end && cents[skip] == '0')
        skip++;
    size_t int_digits = int_end - skip;
    if (int_digits > RMB_MAX_INT_DIGITS)
        return false;
    if (int_digits == 0) {
        strcpy(out->yuan, "0");
    } else {
        memcpy(out->yuan, cents + skip, int_digits);
        out->yuan[int_digits] = '\0';
    }
    out->jiao = cents[len - 2] - '0';
    out->fen = cents[len - 1] - '0';
    return true;
}

/* Is the 4-digit section (0 = 个, 1 = 万, 2 = 亿, 3 = 万亿) of an integer string all zeros? */
static bool section_is_zero(const char *digits, size_t len, size_t section)
{
    for (size_t power = section * 4; power < section * 4 + 4 && power < len; power++)
        if (digits[len - 1 - power] != '0')
            return false;
    return true;
}

/* Writes the unit that closes a 4-digit section, at the section's last digit. A section unit
 * swallows the zeros at the end of its own section (107000 -> 壹拾万柒仟, the PBOC's first form),
 * but a whole zero section still needs its one 零 (100001000 -> 壹亿零壹仟). Section 3 is 万 of
 * 亿: 1,0000,0000,0000 -> 壹万亿 and 1,0001,0000,0000 -> 壹万零壹亿. */
static void append_section_unit(text_buf *t, const char *digits, size_t len, size_t section,
                                bool *pending_zero)
{
    bool own_digits = !section_is_zero(digits, len, section);
    if (section == 1 || section == 3) {
        if (own_digits)
            append(t, "万");
    } else if (section == 2) {
        if (own_digits || len > 12) /* len > 12: section 3 holds the leading, non-zero digit */
            append(t, "亿");
    }
    if (own_digits)
        *pending_zero = false;
}

/* Spells a positive integer of at most 16 digits (no leading zeros). PBOC: a run of zeros
 * inside the number is one 零 (¥6,007.14 -> 陆仟零柒); 拾 always has its digit (壹拾). */
static void append_integer_upper(text_buf *t, const char *digits)
{
    size_t len = strlen(digits);
    bool pending_zero = false;
    for (size_t k = 0; k < len; k++) {
        size_t power = len - 1 - k;
        int digit = digits[k] - '0';
        if (digit == 0) {
            pending_zero = true; /* digits[0] is non-zero, so this zero is inside */
        } else {
            if (pending_zero)
                append(t, "零");
            append(t, upper_digit[digit]);
            append(t, place_unit[power % 4]);
            pending_zero = false;
        }
        if (power % 4 == 0 && power > 0)
            append_section_unit(t, digits, len, power / 4, &pending_zero);
    }
}

/* PBOC: an amount ending at 元 gets 整; ending at 角, 整 is optional and we omit it; with 分, no
 * 整. 角 = 0 and 分 != 0 requires 零 after 元 (¥16,409.02 -> …元零贰分). The optional 零 for a 0
 * in the 元 place before a non-zero 角 is not written (¥1,680.32 -> 壹仟陆佰捌拾元叁角贰分). */
static void append_jiao_fen(text_buf *t, bool has_yuan, int jiao, int fen)
{
    if (jiao == 0 && fen == 0) {
        append(t, has_yuan ? "元整" : "零元整");
        return;
    }
    if (has_yuan)
        append(t, "元");
    if (jiao != 0) {
        append(t, upper_digit[jiao]);
        append(t, "角");
    } else if (has_yuan) {
        append(t, "零");
    }
    if (fen != 0) {
        append(t, upper_digit[fen]);
        append(t, "分");
    }
}

char *gfa_fmt_rmb_upper(const char *decimal, unsigned flags, const char **why)
{
    if (flags & ~(unsigned)GFA_FMT_RMB_PREFIX)
        return fail(why, "gfa_fmt_rmb_upper: unknown flag");
    decimal_num d;
    if (!parse_decimal(decimal, &d, why))
        return NULL;
    rmb_amount amount;
    bool in_range = round_to_fen(&d, &amount);
    bool negative = d.negative;
    decimal_free(&d);
    if (!in_range)
        return fail(why, MSG_RMB_TOO_LARGE);
    bool has_yuan = strcmp(amount.yuan, "0") != 0;
    bool is_zero = !has_yuan && amount.jiao == 0 && amount.fen == 0;
    text_buf t = {.len = 0};
    if (flags & GFA_FMT_RMB_PREFIX)
        append(&t, "人民币"); /* PBOC: "人民币" directly before the amount, no gap */
    if (negative && !is_zero)
        append(&t, "负");
    if (has_yuan)
        append_integer_upper(&t, amount.yuan);
    append_jiao_fen(&t, has_yuan, amount.jiao, amount.fen);
    return dup_string(t.text, why);
}

/* ---- display width and padding ------------------------------------------------------ */

static int code_point_width(UChar32 c, int ambiguous_width)
{
    /* the characters of a report, without asking ICU (issue 13: a text rendering measures
     * every character of every cell and paragraph): printable ASCII is narrow; CJK Unified
     * Ideographs and the fullwidth forms are wide (East Asian Width W and F, letters and
     * punctuation, no marks) */
    if (c >= 0x20 && c < 0x7F)
        return 1;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF60))
        return 2;
    int8_t type = u_charType(c);
    /* Checked before East Asian Width: U+0301 is EAW Ambiguous but takes no column. */
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
        type == U_CONTROL_CHAR)
        return 0;
    switch (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH)) {
    case U_EA_WIDE:
    case U_EA_FULLWIDTH:
        return 2;
    case U_EA_AMBIGUOUS:
        return ambiguous_width;
    default:
        return 1;
    }
}

int fmt_code_point_width(int32_t c, int ambiguous_width)
{
    return code_point_width((UChar32)c, ambiguous_width);
}

/* One step through a string: a code point, or a single byte of invalid UTF-8. */
typedef struct text_unit {
    size_t bytes;
    int width;
} text_unit;

static text_unit next_unit(const char *p, const char *end, int ambiguous_width)
{
    int32_t i = 0;
    int32_t avail = end - p > 4 ? 4 : (int32_t)(end - p); /* a code point is at most 4 bytes */
    const uint8_t *bytes = (const uint8_t *)p;
    UChar32 c;
    U8_NEXT(bytes, i, avail, c);
    if (c < 0) /* U8_NEXT may swallow a truncated sequence; we count every bad byte */
        return (text_unit){.bytes = 1, .width = 1};
    return (text_unit){.bytes = (size_t)i, .width = code_point_width(c, ambiguous_width)};
}

static long long text_width(const char *s, size_t len, int ambiguous_width)
{
    long long width = 0;
    for (const char *p = s, *end = s + len; p < end;) {
        text_unit u = next_unit(p, end, ambiguous_width);
        width += u.width;
        p += u.bytes;
    }
    return width;
}

int gfa_display_width(const char *utf8, int ambiguous_width)
{
    if (utf8 == NULL || (ambiguous_width != 1 && ambiguous_width != 2))
        return -1;
    long long width = text_width(utf8, strlen(utf8), ambiguous_width);
    return width > INT_MAX ? INT_MAX : (int)width;
}

/* The longest prefix of s that fits in `budget` columns, never cutting a code point. Zero-width
 * marks after the last fitting character stay with it. */
static size_t fitting_prefix(const char *s, size_t len, int budget, int ambiguous_width,
                             int *width)
{
    const char *p = s, *end = s + len;
    *width = 0;
    while (p < end) {
        text_unit u = next_unit(p, end, ambiguous_width);
        if (*width + u.width > budget)
            break;
        *width += u.width;
        p += u.bytes;
    }
    return (size_t)(p - s);
}

static const char *check_pad_args(const char *utf8, int width, char align, int ambiguous_width,
                                  unsigned flags)
{
    if (utf8 == NULL)
        return "gfa_fmt_pad: text is NULL";
    if (width < 0 || width > GFA_FMT_MAX_WIDTH)
        return "gfa_fmt_pad: width must be 0..10000";
    if (align != 'l' && align != 'r' && align != 'c')
        return "gfa_fmt_pad: align must be 'l', 'r' or 'c'";
    if (ambiguous_width != 1 && ambiguous_width != 2)
        return "gfa_fmt_pad: ambiguous_width must be 1 or 2";
    if (flags & ~(unsigned)GFA_FMT_ELLIPSIS)
        return "gfa_fmt_pad: unknown flag";
    return NULL;
}

char *gfa_fmt_pad(const char *utf8, int width, char align, int ambiguous_width, unsigned flags,
                  const char **why)
{
    const char *bad = check_pad_args(utf8, width, align, ambiguous_width, flags);
    if (bad != NULL)
        return fail(why, bad);
    size_t len = strlen(utf8);
    long long full = text_width(utf8, len, ambiguous_width);
    size_t keep = len;
    int used = (int)(full < width ? full : width);
    const char *ellipsis = "";
    if (full > width) {
        /* "…" U+2026 is East Asian Ambiguous: it takes ambiguous_width columns. */
        int ellipsis_width = (flags & GFA_FMT_ELLIPSIS) && ambiguous_width <= width
                                 ? ambiguous_width : 0;
        keep = fitting_prefix(utf8, len, width - ellipsis_width, ambiguous_width, &used);
        if (ellipsis_width > 0) {
            ellipsis = "…";
            used += ellipsis_width;
        }
    }
    int spaces = width - used;
    int left = align == 'r' ? spaces : align == 'c' ? spaces / 2 : 0;
    int right = spaces - left;
    size_t ellipsis_len = strlen(ellipsis);
    char *out = malloc((size_t)left + keep + ellipsis_len + (size_t)right + 1);
    if (out == NULL)
        return fail(why, MSG_NOMEM);
    char *p = out;
    memset(p, ' ', (size_t)left);
    p += left;
    memcpy(p, utf8, keep);
    p += keep;
    memcpy(p, ellipsis, ellipsis_len);
    p += ellipsis_len;
    memset(p, ' ', (size_t)right);
    p[right] = '\0';
    return out;
}

/* ---- dates --------------------------------------------------------------------------- */

typedef struct iso_date {
    int year, month, day; /* month and day are 0 when absent */
} iso_date;

static bool read_digits(const char *s, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *value = *value * 10 + (s[i] - '0');
    }
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; /* proleptic Gregorian */
    return month == 2 && leap ? 29 : days[month - 1];
}

/* Accepts exactly "YYYY", "YYYY-MM" or "YYYY-MM-DD"; returns NULL or the reason. */
static const char *parse_iso_date(const char *s, iso_date *date)
{
    size_t len = strlen(s);
    *date = (iso_date){0, 0, 0};
    if (len != 4 && len != 7 && len != 10)
        return "not an ISO date: expected YYYY, YYYY-MM or YYYY-MM-DD";
    bool year_ok = read_digits(s, 4, &date->year);
    bool month_ok = len < 7 || (s[4] == '-' && read_digits(s + 5, 2, &date->month));
    bool day_ok = len < 10 || (s[7] == '-' && read_digits(s + 8, 2, &date->day));
    if (!year_ok || !month_ok || !day_ok)
        return "not an ISO date: expected YYYY, YYYY-MM or YYYY-MM-DD";
    if (date->year == 0)
        return "not a valid date: year 0000";
    if (len >= 7 && (date->month < 1 || date->month > 12))
        return "not a valid date: month must be 01..12";
    if (len == 10 && (date->day < 1 || date->day > days_in_month(date->year, date->month)))
        return "not a valid date: no such day in that month";
    return NULL;
}

/* Month or day 1..31 in financial uppercase; the PBOC's leading 零 and 壹 keep the number from
 * being extended later (零贰月壹拾贰日). */
static void append_upper_date_number(text_buf *t, int n, bool leading_zero)
{
    int tens = n / 10, ones = n % 10;
    if (leading_zero)
        append(t, "零");
    if (tens > 0) {
        append(t, upper_digit[tens]);
        append(t, "拾");
    }
    if (ones > 0)
        append(t, upper_digit[ones]);
}

static void append_upper_date(text_buf *t, const iso_date *date)
{
    char year[8];
    snprintf(year, sizeof year, "%d", date->year);
    for (const char *y = year; *y != '\0'; y++) /* year digits one by one: 贰零贰肆 */
        append(t, upper_digit[*y - '0']);
    append(t, "年");
    if (date->month == 0)
        return;
    /* PBOC: months 壹, 贰 and 壹拾 get a leading 零. */
    int m = date->month;
    append_upper_date_number(t, m, m == 1 || m == 2 || m == 10);
    append(t, "月");
    if (date->day == 0)
        return;
    /* PBOC: days 壹–玖 and 壹拾, 贰拾, 叁拾 get a leading 零; 11–19 are 壹拾X. */
    int d = date->day;
    append_upper_date_number(t, d, d <= 10 || d % 10 == 0);
    append(t, "日");
}

char *gfa_fmt_date_zh(const char *iso, unsigned flags, const char **why)
{
    if (iso == NULL)
        return fail(why, "not an ISO date: NULL");
    if (flags & ~(unsigned)GFA_FMT_DATE_UPPER)
        return fail(why, "gfa_fmt_date_zh: unknown flag");
    iso_date date;
    const char *bad = parse_iso_date(iso, &date);
    if (bad != NULL)
        return fail(why, bad);
    text_buf t = {.len = 0};
    if (flags & GFA_FMT_DATE_UPPER) {
        append_upper_date(&t, &date);
    } else if (date.day > 0) {
        snprintf(t.text, sizeof t.text, "%d年%d月%d日", date.year, date.month, date.day);
    } else if (date.month > 0) {
        snprintf(t.text, sizeof t.text, "%d年%d月", date.year, date.month);
    } else {
        snprintf(t.text, sizeof t.text, "%d年", date.year);
    }
    return dup_string(t.text, why);
}
