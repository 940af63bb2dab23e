/* interval.c — Calculations 1.1 rounding intervals on exact decimals (see interval.h). */
#include "base/interval.h"

gfa_dec ival_half_unit(int decimals)
{
    gfa_dec h = {5, decimals + 1};
    if (decimals < 0) { /* rounded to tens, hundreds …: half of 10^-decimals */
        h.units = 5 * dec_pow10(-decimals - 1);
        h.scale = 0;
    }
    return h;
}

gfa_ival ival_printed(gfa_dec v, int decimals)
{
    gfa_ival x = {v, ival_half_unit(decimals), 1};
    return x;
}

gfa_ival ival_exact(gfa_dec v)
{
    gfa_ival x = {v, {0, 0}, 0};
    return x;
}

bool ival_add(gfa_ival *sum, gfa_ival x, int weight)
{
    gfa_dec mid, half;
    if (!dec_add(sum->mid, weight < 0 ? dec_neg(x.mid) : x.mid, &mid) ||
        !dec_add(sum->half, x.half, &half))
        return false;
    sum->mid = mid;
    sum->half = half;
    sum->n += x.n;
    return true;
}

bool ival_bounds(gfa_ival x, gfa_dec *lo, gfa_dec *hi)
{
    return dec_sub(x.mid, x.half, lo) && dec_add(x.mid, x.half, hi);
}

/* d ÷ 2, exactly: 5d at one more fraction digit. */
static bool halve(gfa_dec d, gfa_dec *out)
{
    if (d.scale >= 38 || __builtin_mul_overflow(d.units, 5, &out->units))
        return false;
    out->scale = d.scale + 1;
    return true;
}

bool ival_from_bounds(gfa_dec lo, gfa_dec hi, gfa_ival *out)
{
    gfa_dec s, w;
    if (!dec_add(lo, hi, &s) || !dec_sub(hi, lo, &w) || !halve(s, &out->mid) ||
        !halve(w, &out->half))
        return false;
    out->n = 0;
    return true;
}

/* The signed distance a.mid − b.mid and the allowance a.half + b.half. */
static bool distance(gfa_ival a, gfa_ival b, gfa_dec *d, gfa_dec *allowed)
{
    return dec_sub(a.mid, b.mid, d) && dec_add(a.half, b.half, allowed);
}

static void fill(gfa_dec d, gfa_dec allowed, gfa_dec *diff, gfa_dec *allowed_out)
{
    if (diff)
        *diff = dec_abs(d);
    if (allowed_out)
        *allowed_out = allowed;
}

ival_status ival_overlap(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed)
{
    gfa_dec d, al;
    if (!distance(a, b, &d, &al))
        return IVAL_OVERFLOW;
    fill(d, al, diff, allowed);
    return dec_cmp(dec_abs(d), al) <= 0 ? IVAL_CONSISTENT : IVAL_INCONSISTENT;
}

ival_status ival_same(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed)
{
    ival_status st = ival_overlap(a, b, diff, allowed);
    bool duplicate = a.n == 1 && b.n == 1 && dec_cmp(a.half, b.half) == 0;
    if (st == IVAL_OVERFLOW || !duplicate || dec_cmp(a.mid, b.mid) == 0)
        return st;
    return st == IVAL_CONSISTENT ? IVAL_ROUNDING : st;
}

ival_status ival_le(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed)
{
    gfa_dec d, al;
    if (!distance(a, b, &d, &al))
        return IVAL_OVERFLOW;
    fill(d, al, diff, allowed);
    return dec_cmp(d, al) <= 0 ? IVAL_CONSISTENT : IVAL_INCONSISTENT;
}

/* a × b exactly; false on overflow. */
static bool mul(gfa_dec a, gfa_dec b, gfa_dec *out)
{
    if (a.scale + b.scale > 38 || __builtin_mul_overflow(a.units, b.units, &out->units))
        return false;
    out->scale = a.scale + b.scale;
    return true;
}

bool ival_scale(gfa_ival x, gfa_dec factor, gfa_ival *out)
{
    if (factor.units < 0 || !mul(x.mid, factor, &out->mid) || !mul(x.half, factor, &out->half))
        return false;
    out->n = 0;
    return true;
}

ival_status ival_percent(gfa_ival pct, gfa_ival num, gfa_ival den, int decimals, gfa_dec *mid)
{
    gfa_dec n_lo, n_hi, d_lo, d_hi, p_lo, p_hi;
    if (!ival_bounds(num, &n_lo, &n_hi) || !ival_bounds(den, &d_lo, &d_hi) ||
        !ival_bounds(pct, &p_lo, &p_hi))
        return IVAL_OVERFLOW;
    if (d_lo.units <= 0 && d_hi.units >= 0)
        return IVAL_UNDEFINED;
    gfa_dec m;
    if (!dec_percent(num.mid, den.mid, decimals, &m))
        return IVAL_OVERFLOW;
    if (mid)
        *mid = m;
    if (d_hi.units < 0) { /* a negative denominator: the same ratio as −num ÷ −den */
        gfa_dec t = n_lo;
        n_lo = dec_neg(n_hi);
        n_hi = dec_neg(t);
        t = d_lo;
        d_lo = dec_neg(d_hi);
        d_hi = dec_neg(t);
    }
    /* num ÷ den × 100 ranges over [n_lo ÷ D1, n_hi ÷ D2] × 100, the smallest quotient
     * dividing by the largest denominator when n_lo ≥ 0 and by the smallest when it is
     * negative (and the other way round for the largest). It overlaps [p_lo, p_hi] when
     * 100 n_lo ≤ p_hi D1 and p_lo D2 ≤ 100 n_hi: compared exactly, without dividing. */
    gfa_dec d1 = n_lo.units >= 0 ? d_hi : d_lo, d2 = n_hi.units >= 0 ? d_lo : d_hi;
    gfa_dec hundred = {100, 0}, l1, r1, l2, r2;
    if (!mul(n_lo, hundred, &l1) || !mul(p_hi, d1, &r1) || !mul(p_lo, d2, &l2) ||
        !mul(n_hi, hundred, &r2))
        return IVAL_OVERFLOW;
    return dec_cmp(l1, r1) <= 0 && dec_cmp(l2, r2) <= 0 ? IVAL_CONSISTENT : IVAL_INCONSISTENT;
}
