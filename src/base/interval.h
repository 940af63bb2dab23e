/* interval.h — the rounding arithmetic of XBRL Calculations 1.1 (validation.md) on exact
 * decimals, in one place for every check (issue 9).
 *
 * A value printed with d decimals stands for the interval [v − u/2, v + u/2], u = 10^−d
 * (d may be negative: rounded to tens, hundreds). An interval is kept as its midpoint and
 * its half width; a weighted sum (weights ±1) adds the midpoints and the half widths. Two
 * quantities are consistent when their intervals overlap; the same figure printed twice
 * with the same precision must be equal (ival_same).
 *
 * Lower bounds are never clamped at zero: amounts can be negative (结余, 年末结转 of a
 * deficit), and a value printed 0.00 stands for [−0.005, 0.005]. A ratio whose
 * denominator's interval contains zero has no value (IVAL_UNDEFINED). Every operation
 * that would overflow the scaled integers says so (IVAL_OVERFLOW): a check that cannot be
 * computed exactly is "not checkable", never passed. */
#ifndef GFA_INTERVAL_H
#define GFA_INTERVAL_H

#include "base/decimal.h"

typedef struct gfa_ival {
    gfa_dec mid;  /* the printed value, or the weighted sum of printed values */
    gfa_dec half; /* half the width: the sum of the half units of those values */
    int n;        /* how many printed values it is made of (0: an exact or derived value) */
} gfa_ival;

typedef enum ival_status {
    IVAL_CONSISTENT,
    IVAL_ROUNDING,     /* ival_same: one precision, unequal, but rounding could explain it */
    IVAL_INCONSISTENT,
    IVAL_UNDEFINED,    /* ival_percent: the denominator's interval contains zero */
    IVAL_OVERFLOW,     /* too large to compute exactly */
} ival_status;

/* u/2 for a value printed with `decimals` fraction digits: 0.005 for 2, 50 for −2. */
gfa_dec ival_half_unit(int decimals);
/* The interval of a value printed with `decimals` fraction digits (n = 1). */
gfa_ival ival_printed(gfa_dec v, int decimals);
/* An exact value: zero width (n = 0). */
gfa_ival ival_exact(gfa_dec v);
/* sum += weight × x, weight +1 or −1 (−1 flips the ends); false on overflow. */
bool ival_add(gfa_ival *sum, gfa_ival x, int weight);
/* The ends of x; false on overflow. */
bool ival_bounds(gfa_ival x, gfa_dec *lo, gfa_dec *hi);
/* The interval [lo, hi] (lo ≤ hi) of a derived value (n = 0), kept exactly; false on
 * overflow. */
bool ival_from_bounds(gfa_dec lo, gfa_dec hi, gfa_ival *out);

/* x × factor (an exact factor ≥ 0: a weight, a unit's power of ten), a derived value
 * (n = 0); false on overflow or a negative factor. */
bool ival_scale(gfa_ival x, gfa_dec factor, gfa_ival *out);

/* The comparisons fill the distance between the midpoints, |a.mid − b.mid|, and what
 * rounding allows, a.half + b.half (either pointer may be NULL). */

/* a and b overlap (a total against the sum of its parts). */
ival_status ival_overlap(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed);
/* The same quantity printed twice: when each side is one printed value and both have the
 * same precision they must be equal (IVAL_ROUNDING when they differ by no more than
 * rounding allows); otherwise they must overlap. */
ival_status ival_same(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed);
/* a ≤ b for some values in the intervals: a.mid − b.mid ≤ a.half + b.half. */
ival_status ival_le(gfa_ival a, gfa_ival b, gfa_dec *diff, gfa_dec *allowed);
/* A printed percentage against num ÷ den × 100 over the rounding intervals of num and den,
 * compared exactly (no rounding of the bounds). *mid (may be NULL) receives
 * num.mid ÷ den.mid × 100 rounded half-up to `decimals` fraction digits, for messages. */
ival_status ival_percent(gfa_ival pct, gfa_ival num, gfa_ival den, int decimals, gfa_dec *mid);

#endif
