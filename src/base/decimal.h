/* decimal.h — exact decimals for amounts: a scaled integer (value = units × 10^-scale).
 * No floating point touches money anywhere in gfa (validation.md "Arithmetic"). */
#ifndef GFA_DECIMAL_H
#define GFA_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>

/* Up to 30 significant digits; __int128 holds ±1.7e38, so sums of thousands of amounts
 * with 6 decimals cannot overflow. */
#define GFA_DEC_MAX_DIGITS 30
#define GFA_DEC_MAX_SCALE 9

typedef struct gfa_dec {
    __int128 units;
    int scale; /* number of fraction digits as printed */
} gfa_dec;

typedef enum dec_parse_status {
    DEC_OK = 0,
    DEC_EMPTY,     /* nothing but spaces */
    DEC_SYNTAX,    /* not a number */
    DEC_GROUPING,  /* thousands separators in wrong places */
    DEC_TOO_LONG,  /* too many digits */
} dec_parse_status;

/* Parses an ASCII decimal as printed in reports: optional sign (- or +), or parentheses
 * for negatives; digits with optional thousands separators (',' every 3 digits); optional
 * '.' and fraction digits. Leading/trailing ASCII spaces are ignored. The input must already
 * be NFKC-normalised (full-width digits turned ASCII) by the caller. */
dec_parse_status dec_parse(const char *s, size_t len, gfa_dec *out);

/* Canonical text: no grouping, exactly scale fraction digits ("571.00", "-0.50", "5").
 * buf must hold at least 48 bytes. Returns buf. */
char *dec_format(gfa_dec d, char *buf, size_t cap);

/* Rescales to a larger scale exactly; returns false if scale would shrink or overflow. */
bool dec_rescale(gfa_dec d, int scale, gfa_dec *out);
/* a + b, a - b at max(scale); false on overflow. */
bool dec_add(gfa_dec a, gfa_dec b, gfa_dec *out);
bool dec_sub(gfa_dec a, gfa_dec b, gfa_dec *out);
/* Compares exact values: -1, 0, 1. */
int dec_cmp(gfa_dec a, gfa_dec b);
bool dec_is_zero(gfa_dec d);
gfa_dec dec_neg(gfa_dec d);
gfa_dec dec_abs(gfa_dec d);
/* Integer value if the decimal is integral and fits in long long. */
bool dec_to_int(gfa_dec d, long long *out);
/* Rounds half away from zero (四舍五入) to the given scale. */
gfa_dec dec_round(gfa_dec d, int scale);
/* a * 100 / b rounded half-up to `scale` fraction digits; false when b is zero. */
bool dec_percent(gfa_dec a, gfa_dec b, int scale, gfa_dec *out);
/* d × 10^k exactly (a money unit to another: 万元 to 元 is k = 4); false on overflow. */
bool dec_shift(gfa_dec d, int k, gfa_dec *out);
/* The other reading of a number a reader cannot be sure of, as printed: a single grouping
 * comma with three digits after it and no point ("49,908": perhaps 49.908, a decimal comma),
 * or a rate printed as zeros only with a leading digit lost ("00": perhaps 100). Writes the
 * alternative's canonical text to out; false when the printed form is unambiguous. */
bool dec_printed_alternative(const char *printed, bool rate, char *out, size_t cap);
/* 10^n as __int128, n in [0, 38]. */
__int128 dec_pow10(int n);

#endif
