/*
 * fmt.h — number, 人民币大写, display-width and date formatting for gfa (internal).
 *
 * Ownership, in two lines:
 *   gfa_fmt_new returns an object freed with gfa_fmt_free; it is immutable afterwards.
 *   every char* returned here is malloc'd UTF-8 and the caller free()s it.
 *
 * Errors: on bad input a function returns NULL and, if why != NULL, sets *why to a static
 * English message (never free it). *why is not touched on success.
 *
 * Threads: every function is thread-safe. One gfa_fmt may be shared by any number of threads
 * (it holds only ICU UNumberFormatter objects, which ICU documents as shareable; each call uses
 * its own UFormattedNumber).
 *
 * Decimal input (amount, percent, 人民币大写): NFKC is applied first, so full-width digits,
 * "，", "．" and "－" are accepted. After that the text must be: an optional '+' or '-', at
 * least one digit, optionally a '.' followed by at least one digit. ',' grouping separators are
 * allowed in the integer part only at valid positions ("1,234,567"; not "1,2345"). No spaces,
 * no exponent, no "NaN"/"Infinity", at most 1000 bytes. Values are never converted to double.
 */
#ifndef GFA_FMT_H
#define GFA_FMT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Option bits; each function rejects bits it does not use. */
enum gfa_fmt_flag {
    GFA_FMT_NO_GROUPING = 1u << 0,    /* amount: "1614.45" instead of "1,614.45" */
    GFA_FMT_PAREN_NEGATIVE = 1u << 1, /* amount: "(12.50)" instead of "-12.50" */
    GFA_FMT_RMB_PREFIX = 1u << 2,     /* 人民币大写: start with "人民币" */
    GFA_FMT_ELLIPSIS = 1u << 3,       /* pad: end a truncated text with "…" */
    GFA_FMT_DATE_UPPER = 1u << 4,     /* date: financial uppercase (贰零贰肆年零贰月壹拾贰日) */
};

/* Largest number of fraction digits gfa_fmt_amount and gfa_fmt_percent accept. */
#define GFA_FMT_MAX_DECIMALS 6
/* Largest width gfa_fmt_pad accepts. */
#define GFA_FMT_MAX_WIDTH 10000

typedef struct gfa_fmt gfa_fmt;

/* Opens the ICU formatters (zh_CN, half-up rounding, 0..6 decimals) once.
 * Returns NULL and sets *why on failure. Free the result with gfa_fmt_free. */
gfa_fmt *gfa_fmt_new(const char **why);

/* Frees a gfa_fmt from gfa_fmt_new; NULL is allowed. No call may be using it. */
void gfa_fmt_free(gfa_fmt *f);

/* Formats a decimal amount with grouping and exactly `decimals` (0..6) fraction digits,
 * rounding half-up (ties away from zero) on the exact decimal string:
 * ("1614.455", 2) -> "1,614.46", ("-12.5", 2) -> "-12.50". A value that rounds to zero has no
 * sign ("-0.001" -> "0.00"). flags: GFA_FMT_NO_GROUPING, GFA_FMT_PAREN_NEGATIVE.
 * Returns a malloc'd string the caller frees, or NULL (bad input, more than 34 significant
 * digits, unknown flag) with *why set. */
char *gfa_fmt_amount(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                     const char **why);

/* Formats a value that is already in percent units: ("47.3145", 2) -> "47.31%", half-up,
 * grouped ("12345.6", 1) -> "12,345.6%". Returns a malloc'd string the caller frees, or NULL
 * with *why set. */
char *gfa_fmt_percent(const gfa_fmt *f, const char *decimal, int decimals, const char **why);

/* 人民币大写 of an amount in 元, rounded half-up to 分 first, per the PBOC rules
 * (《正确填写票据和结算凭证的基本规定》): "1409.50" -> "壹仟肆佰零玖元伍角",
 * "16409.02" -> "壹万陆仟肆佰零玖元零贰分", "-12.5" -> "负壹拾贰元伍角", "0" -> "零元整".
 * Where the PBOC allows a choice, gfa writes no 零 between a 0 元 digit and a non-zero 角
 * ("1680.32" -> "壹仟陆佰捌拾元叁角贰分") and none after a 万/亿 unit followed by a non-zero
 * 仟 digit ("107000.53" -> "壹拾万柒仟元伍角叁分"). Above the 亿 section 万亿 is written as
 * 万…亿 when the 亿 section is non-zero ("1000100000000" -> "壹万零壹亿元整").
 * flags: GFA_FMT_RMB_PREFIX ("人民币" before "负"). Range: |value| <= 9999999999999999.99.
 * Needs no gfa_fmt (no ICU number formatting). Returns a malloc'd string the caller frees, or
 * NULL with *why set. */
char *gfa_fmt_rmb_upper(const char *decimal, unsigned flags, const char **why);

/* Terminal columns of a UTF-8 string: East Asian Width W/F = 2, A = ambiguous_width (1 or 2),
 * others 1; non-spacing/enclosing marks, format and control characters 0; each byte of
 * invalid UTF-8 1. Returns -1 if utf8 is NULL or ambiguous_width is not 1 or 2; saturates at
 * INT_MAX. Allocates nothing. */
int gfa_display_width(const char *utf8, int ambiguous_width);

/* Pads or truncates to exactly `width` (0..10000) columns. align: 'l' (text left, spaces
 * right), 'r', or 'c' (centre; the odd space goes right). A wider text is cut on a code point
 * boundary, never through a wide character, keeping its start; the result is then padded
 * with the same alignment (a cut that leaves width-1 columns gets one space). With
 * GFA_FMT_ELLIPSIS a truncated text ends with "…" (ambiguous_width columns) inside the width.
 * Invalid UTF-8 bytes are copied through, 1 column each. Returns a malloc'd string the caller
 * frees, or NULL with *why set. */
char *gfa_fmt_pad(const char *utf8, int width, char align, int ambiguous_width, unsigned flags,
                  const char **why);

/* Chinese date from ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY" (years 0001..9999, calendar
 * checked, leap years included): "2024-01-05" -> "2024年1月5日", "2024-12" -> "2024年12月".
 * flags: GFA_FMT_DATE_UPPER for the PBOC financial date ("2024-02-12" ->
 * "贰零贰肆年零贰月壹拾贰日"). Returns a malloc'd string the caller frees, or NULL with *why set. */
char *gfa_fmt_date_zh(const char *iso, unsigned flags, const char **why);

#ifdef __cplusplus
}
#endif

#endif /* GFA_FMT_H */
