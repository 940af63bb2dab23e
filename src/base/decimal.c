/* decimal.c — exact decimal arithmetic on scaled integers (see decimal.h). */
#include "base/decimal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 10^0 … 10^19, the powers a uint64_t holds: every sum and comparison aligns scales, and
 * a multiplication loop (or a 128-bit division) there cost more than the arithmetic. */
static const uint64_t POW10_U64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
    10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
    100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull};

/* 10^n for n in [0, 38]; 1 below, 10^38 above. */
__int128 dec_pow10(int n)
{
    if (n <= 0)
        return 1;
    if (n > 38)
        n = 38;
    if (n < 20)
        return POW10_U64[n];
    return (__int128)POW10_U64[19] * POW10_U64[n - 19];
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Checks the digit groups of an integer part written with thousands separators:
 * first group 1–3 digits, every later group exactly 3. */
static bool grouping_ok(const char *s, size_t len)
{
    size_t group = 0;
    bool first = true;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',') {
            if (group == 0 || (first ? group > 3 : group != 3))
                return false;
            first = false;
            group = 0;
        } else {
            group++;
        }
    }
    return first ? group > 0 : group == 3;
}

dec_parse_status dec_parse(const char *s, size_t len, gfa_dec *out)
{
    size_t b = 0, e = len;
    while (b < e && is_space(s[b]))
        b++;
    while (e > b && is_space(s[e - 1]))
        e--;
    if (b == e)
        return DEC_EMPTY;
    bool neg = false;
    if (s[b] == '(' && e - b >= 2 && s[e - 1] == ')') {
        neg = true;
        b++;
        e--;
    } else if (s[b] == '-' || s[b] == '+') {
        neg = s[b] == '-';
        b++;
    }
    if (b == e)
        return DEC_SYNTAX;
    size_t int_end = b;
    bool commas = false;
    while (int_end < e && (s[int_end] == ',' || (s[int_end] >= '0' && s[int_end] <= '9'))) {
        if (s[int_end] == ',')
            commas = true;
        int_end++;
    }
    if (int_end == b)
        return DEC_SYNTAX; /* ".5" is not how reports print numbers */
    size_t frac_b = int_end, frac_e = int_end;
    if (int_end < e) {
        if (s[int_end] != '.')
            return DEC_SYNTAX;
        frac_b = int_end + 1;
        frac_e = frac_b;
        while (frac_e < e && s[frac_e] >= '0' && s[frac_e] <= '9')
            frac_e++;
        if (frac_e != e || frac_e == frac_b)
            return DEC_SYNTAX;
    }
    if (commas && !grouping_ok(s + b, int_end - b))
        return DEC_GROUPING;
    int digits = 0;
    __int128 v = 0;
    for (size_t i = b; i < int_end; i++) {
        if (s[i] == ',')
            continue;
        if (v != 0 || s[i] != '0')
            digits++;
        v = v * 10 + (s[i] - '0');
        if (digits > GFA_DEC_MAX_DIGITS)
            return DEC_TOO_LONG;
    }
    int scale = 0;
    for (size_t i = frac_b; i < frac_e; i++) {
        v = v * 10 + (s[i] - '0');
        scale++;
        digits++;
        if (digits > GFA_DEC_MAX_DIGITS || scale > GFA_DEC_MAX_SCALE)
            return DEC_TOO_LONG;
    }
    out->units = neg ? -v : v;
    out->scale = scale;
    return DEC_OK;
}

char *dec_format(gfa_dec d, char *buf, size_t cap)
{
    char digits[48];
    int n = 0;
    unsigned __int128 u = d.units < 0 ? (unsigned __int128)(-(d.units + 1)) + 1
                                      : (unsigned __int128)d.units;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && n < 46);
    while (n <= d.scale)
        digits[n++] = '0';
    size_t pos = 0;
    if (d.units < 0 && pos + 1 < cap)
        buf[pos++] = '-';
    for (int i = n - 1; i >= 0 && pos + 2 < cap; i--) {
        buf[pos++] = digits[i];
        if (i == d.scale && d.scale > 0)
            buf[pos++] = '.';
    }
    buf[pos] = '\0';
    return buf;
}

static bool fits_scale(gfa_dec d, int scale, __int128 *units)
{
    if (scale < d.scale || scale > 38)
        return false;
    int up = scale - d.scale;
    if (up == 0) { /* the usual case (sums of one scale): the bound, nothing to multiply */
        const __int128 bound = (__int128)10000000000000000000ULL * 1000000000000000000ULL; /* 10^37 */
        if (d.units > bound || d.units < -bound)
            return false;
        *units = d.units;
        return true;
    }
    __int128 f = dec_pow10(up);
    /* |units × 10^up| must stay within 10^37: the bound 10^37 / 10^up without dividing */
    __int128 bound = up <= 37 ? dec_pow10(37 - up) : 0;
    if (d.units > bound || d.units < -bound)
        return false;
    *units = d.units * f;
    return true;
}

bool dec_rescale(gfa_dec d, int scale, gfa_dec *out)
{
    __int128 u;
    if (!fits_scale(d, scale, &u))
        return false;
    out->units = u;
    out->scale = scale;
    return true;
}

bool dec_add(gfa_dec a, gfa_dec b, gfa_dec *out)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    __int128 x, y;
    if (!fits_scale(a, s, &x) || !fits_scale(b, s, &y))
        return false;
    out->units = x + y;
    out->scale = s;
    return true;
}

bool dec_sub(gfa_dec a, gfa_dec b, gfa_dec *out)
{
    return dec_add(a, dec_neg(b), out);
}

/* d truncated toward zero to `scale` (<= d.scale) fraction digits, and the sign of what
 * was cut off; never overflows. */
static __int128 truncate_to(gfa_dec d, int scale, int *cut_sign)
{
    int drop = d.scale - scale;
    __int128 q = drop > 38 ? 0 : d.units / dec_pow10(drop);
    __int128 r = d.units - (drop > 38 ? 0 : q * dec_pow10(drop));
    *cut_sign = (r > 0) - (r < 0);
    return q;
}

int dec_cmp(gfa_dec a, gfa_dec b)
{
    if (a.scale == b.scale)
        return (a.units > b.units) - (a.units < b.units);
    gfa_dec d;
    if (dec_sub(a, b, &d))
        return (d.units > 0) - (d.units < 0);
    /* Too far apart to align exactly: compare at the smaller scale, where neither value
     * grows, and let the cut-off digits break a tie. */
    int s = a.scale < b.scale ? a.scale : b.scale, ca, cb;
    __int128 ta = truncate_to(a, s, &ca), tb = truncate_to(b, s, &cb);
    if (ta != tb)
        return ta < tb ? -1 : 1;
    return (ca > cb) - (ca < cb);
}

bool dec_is_zero(gfa_dec d)
{
    return d.units == 0;
}

gfa_dec dec_neg(gfa_dec d)
{
    d.units = -d.units;
    return d;
}

gfa_dec dec_abs(gfa_dec d)
{
    if (d.units < 0)
        d.units = -d.units;
    return d;
}

bool dec_to_int(gfa_dec d, long long *out)
{
    __int128 p = dec_pow10(d.scale);
    if (d.units % p != 0)
        return false;
    __int128 v = d.units / p;
    if (v > (__int128)0x7fffffffffffffffLL || v < -(__int128)0x7fffffffffffffffLL)
        return false;
    *out = (long long)v;
    return true;
}

gfa_dec dec_round(gfa_dec d, int scale)
{
    if (scale >= d.scale)
        return d;
    __int128 p = dec_pow10(d.scale - scale);
    __int128 q = d.units / p, r = d.units % p;
    if (r < 0)
        r = -r;
    if (2 * r >= p)
        q += d.units < 0 ? -1 : 1;
    gfa_dec out = {q, scale};
    return out;
}

bool dec_percent(gfa_dec a, gfa_dec b, int scale, gfa_dec *out)
{
    if (b.units == 0)
        return false;
    /* a/b*100 with `scale` digits: (a.units * 10^(b.scale - a.scale + 2 + scale + 1)) / b.units,
     * one guard digit for half-up rounding. */
    int shift = b.scale - a.scale + 2 + scale + 1;
    __int128 num = a.units, den = b.units;
    /* 30 significant digits times 10^20 would overflow __int128: not computable */
    if (shift > 38 || shift < -38 ||
        __builtin_mul_overflow(shift >= 0 ? num : den, dec_pow10(shift >= 0 ? shift : -shift),
                               shift >= 0 ? &num : &den))
        return false;
    __int128 q = num / den;
    gfa_dec raw = {q, scale + 1};
    *out = dec_round(raw, scale);
    return true;
}

bool dec_shift(gfa_dec d, int k, gfa_dec *out)
{
    d.scale -= k;
    if (d.scale < 0) { /* more places than fraction digits: multiply out */
        __int128 f = dec_pow10(-d.scale), limit = dec_pow10(37);
        if (-d.scale > 37 || d.units > limit / f || d.units < -limit / f)
            return false;
        d.units *= f;
        d.scale = 0;
    }
    if (d.scale > 38)
        return false;
    *out = d;
    return true;
}

bool dec_printed_alternative(const char *printed, bool rate, char *out, size_t cap)
{
    if (!printed || !*printed || cap < 8)
        return false;
    size_t n = strlen(printed);
    const char *comma = strchr(printed, ',');
    if (comma && !strchr(printed, '.') && !strchr(comma + 1, ',') && strlen(comma + 1) == 3 &&
        comma > printed && comma - printed <= 3 && n < cap) {
        for (const char *c = printed; *c; c++)
            if (*c != ',' && (*c < '0' || *c > '9'))
                return false;
        memcpy(out, printed, n + 1);
        out[comma - printed] = '.';
        return true;
    }
    if (rate && n == 2 && strspn(printed, "0") == n) {
        out[0] = '1';
        memcpy(out + 1, printed, n + 1);
        return true;
    }
    return false;
}
