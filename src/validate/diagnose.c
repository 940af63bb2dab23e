/* diagnose.c — which printed number is wrong (issue 11).
 *
 * The checks record every identity they evaluated (identity.c): sums and equalities with
 * the rounding intervals of their printed values, ≤, and ratios (a percentage = 100 × a
 * numerator ÷ a denominator). When identities fail, the diagnosis looks for the smallest
 * set of printed values whose correction makes every failed identity hold while every
 * identity that held still holds — over the tables, the narrative and the forms together.
 *
 * The search is exact, not a heuristic:
 *   - failed identities that share a printed value form a cluster; each cluster is
 *     searched on its own (its values may still be constrained by any identity);
 *   - candidate sets S of k = 1, 2, 3 values are enumerated as hitting sets: S must
 *     contain a value of every failed identity (a branch per value of the smallest
 *     failed identity not yet hit); a set that hits them all but cannot be corrected is
 *     extended by a value that shares an identity with it (any correcting superset
 *     must contain one), so every minimal correction of up to three values is found;
 *   - a set is correctable when the identities touching it have a common solution with
 *     every other value at its printed interval: each linear identity bounds a linear
 *     form of the corrected values; a ratio with one corrected value bounds that value
 *     (solved exactly: products of intervals, quotients rounded outward); the system is
 *     decided by Fourier–Motzkin elimination on exact decimals, then a point is chosen
 *     (a typing slip of the printed value when one lies in the bounds, else the printed
 *     grid point nearest the middle) and every touched identity is verified at it with
 *     the same interval arithmetic as the checks. A ratio holding two corrected values
 *     is only verified at the chosen point.
 * Among the corrections of the smallest size, those explained by more typing slips
 * (two digits transposed, a digit dropped or doubled, a digit off by one, the value of
 * the neighbouring cell, a unit slip of 10⁴; each as typed: not across the point, a
 * fraction digit dropped or added changes the decimals) are preferred — unless a slip
 * fits a long sum only at the far end of its rounding (beyond 4 standard deviations of
 * its parts' rounding errors), which explains less than the value the identities imply;
 * and a correction that leaves a figure printed twice a unit apart explains less than one
 * that makes the two equal. When several remain they are all reported, never one picked
 * silently.
 *
 * Cost: each value's slips are enumerated once per run and found by bisection; the
 * value-to-identity index is built once per run, shared by its clusters. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

#define WORK_SCALE 12 /* fraction digits of quotients (rounded outward) */

/* ------------------------------------------------------ exact helpers --- */

static bool dmul(gfa_dec a, gfa_dec b, gfa_dec *out)
{
    if (a.scale + b.scale > 38 || __builtin_mul_overflow(a.units, b.units, &out->units))
        return false;
    out->scale = a.scale + b.scale;
    return true;
}

static bool dmul_int(gfa_dec a, long k, gfa_dec *out)
{
    return dmul(a, (gfa_dec){k, 0}, out);
}

/* a ÷ b at `scale` fraction digits, rounded down (dir < 0) or up (dir > 0). */
static bool ddiv(gfa_dec a, gfa_dec b, int scale, int dir, gfa_dec *out)
{
    if (b.units == 0)
        return false;
    int shift = scale + b.scale - a.scale;
    __int128 num = a.units, den = b.units;
    if (shift > 38 || shift < -38)
        return false;
    if (shift >= 0 ? __builtin_mul_overflow(num, dec_pow10(shift), &num)
                   : __builtin_mul_overflow(den, dec_pow10(-shift), &den))
        return false;
    __int128 q = num / den, r = num % den;
    if (r != 0) {
        bool below = (r < 0) != (den < 0); /* the true quotient is below q */
        if (dir < 0 && below)
            q -= 1;
        if (dir > 0 && !below)
            q += 1;
    }
    *out = (gfa_dec){q, scale};
    return true;
}

static gfa_dec dmin(gfa_dec a, gfa_dec b) { return dec_cmp(a, b) <= 0 ? a : b; }
static gfa_dec dmax(gfa_dec a, gfa_dec b) { return dec_cmp(a, b) >= 0 ? a : b; }

/* Drops trailing fraction zeros beyond `keep` digits (for messages and comparisons). */
static gfa_dec trim(gfa_dec d, int keep)
{
    while (d.scale > keep && d.units % 10 == 0) {
        d.units /= 10;
        d.scale--;
    }
    return d;
}

/* d at `scale` digits rounded down / up (a grid point inside a bound). */
static gfa_dec grid(gfa_dec d, int scale, int dir)
{
    if (d.scale <= scale) {
        gfa_dec out;
        return dec_rescale(d, scale, &out) ? out : d;
    }
    __int128 p = dec_pow10(d.scale - scale), q = d.units / p, r = d.units % p;
    if (r != 0 && dir < 0 && r < 0)
        q -= 1;
    if (r != 0 && dir > 0 && r > 0)
        q += 1;
    return (gfa_dec){q, scale};
}

typedef value_range span;

static bool span_has(const span *s, gfa_dec x)
{
    return (!s->has_lo || dec_cmp(s->lo, x) <= 0) && (!s->has_hi || dec_cmp(x, s->hi) <= 0);
}

/* ------------------------------------------------------ typing slips --- */

/* A printed value's digits without sign and point, and where the point is. */
typedef struct digits {
    char d[48];
    int n, scale;
    bool neg;
} digits;

static bool digits_of(const char *printed, digits *out)
{
    memset(out, 0, sizeof *out);
    const char *p = printed;
    if (*p == '-') {
        out->neg = true;
        p++;
    }
    const char *dot = strchr(p, '.');
    out->scale = dot ? (int)strlen(dot + 1) : 0;
    for (; *p && out->n < 40; p++)
        if (*p >= '0' && *p <= '9')
            out->d[out->n++] = *p;
        else if (*p != '.')
            return false;
    return out->n > 0;
}

static bool digits_value(const digits *g, gfa_dec *out)
{
    /* as dec_parse reads the digits printed with their point */
    int whole = g->n - g->scale, counted = 0;
    if (whole <= 0)
        return false;
    __int128 v = 0;
    for (int i = 0; i < g->n; i++) {
        if (i >= whole || v != 0 || g->d[i] != '0')
            counted++;
        v = v * 10 + (g->d[i] - '0');
        if (counted > GFA_DEC_MAX_DIGITS || i - whole + 1 > GFA_DEC_MAX_SCALE)
            return false;
    }
    out->units = g->neg ? -v : v;
    out->scale = g->scale;
    return true;
}

/* A candidate in printed units as a value in the report's unit. */
static bool to_value(gfa_dec printed, int shift, gfa_dec *out)
{
    printed.scale -= shift;
    if (printed.scale < 0) {
        int up = -printed.scale;
        if (up > 30 || __builtin_mul_overflow(printed.units, dec_pow10(up), &printed.units))
            return false;
        printed.scale = 0;
    }
    *out = printed;
    return true;
}

/* A printed value's typing slips, enumerated once (the search asks for the best within
 * many ranges): each intended value with its kind and rank, in the order of preference
 * among equals. */
typedef struct slip_cand {
    gfa_dec value;
    slip_kind kind;
    int rank;  /* 0: as precise as the figures it is compared with */
    int order; /* of enumeration: the first of equals is preferred */
    __int128 at_scale; /* value's units at the set's largest scale (for sorting) */
} slip_cand;

static int cmp_cand_value(const void *a, const void *b)
{
    const slip_cand *x = a, *y = b;
    int c = dec_cmp(x->value, y->value);
    return c ? c : x->order - y->order;
}

/* The same order as cmp_cand_value when every value is at_scale at one scale: a
 * comparison of integers, not of decimals of several scales. */
static int cmp_cand_at_scale(const void *a, const void *b)
{
    const slip_cand *x = a, *y = b;
    if (x->at_scale != y->at_scale)
        return x->at_scale < y->at_scale ? -1 : 1;
    return x->order - y->order;
}

/* Sorts the slips by value (then by order of enumeration). */
static void slips_sort(slip_cand *c, size_t n)
{
    int scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = c[i].value.scale > scale ? c[i].value.scale : scale;
    bool aligned = true;
    for (size_t i = 0; i < n && aligned; i++) {
        gfa_dec d;
        aligned = dec_rescale(c[i].value, scale, &d);
        c[i].at_scale = d.units;
    }
    qsort(c, n, sizeof *c, aligned ? cmp_cand_at_scale : cmp_cand_value);
}

typedef struct slip_set {
    bool built;
    bool none;         /* a blank or unreadable value: no slip of its digits */
    slip_cand *c;      /* by value (slips_build sorts them) */
    size_t n, cap;
    gfa_dec unit[2];   /* the unit slips (×10⁻⁴ first) */
    int nunit;
    bool neighbour;    /* the value of a cell or figure beside it */
} slip_set;

/* Keeps a slip's value when it could be what was meant. */
static void slip_push(slip_set *ss, const pvalue *p, const digits *g, slip_kind kind)
{
    gfa_dec c, v;
    /* an intended value is typed without a leading zero: 0.5 printed as 10.5 is a digit
     * added, not a digit off by one of "00.5" (a dropped digit keeps the 0 of 0.36,
     * printed for 5.36 without its 5) */
    if (kind != SLIP_DROPPED && g->n - g->scale > 1 && g->d[0] == '0')
        return;
    if (!digits_value(g, &c) || !to_value(c, p->shift, &v) || dec_cmp(v, p->value) == 0)
        return;
    int want = p->context_scale; /* as precise as what it is compared with */
    if (v.scale > want && v.scale > p->value.scale)
        return; /* more decimals than anything around it prints: no intended value */
    if (ss->n == ss->cap) {
        size_t cap = ss->cap ? ss->cap * 2 : 64;
        slip_cand *n = realloc(ss->c, cap * sizeof *n);
        if (!n)
            return; /* fewer slips recognised, never a wrong one */
        ss->c = n;
        ss->cap = cap;
    }
    ss->c[ss->n] = (slip_cand){v, kind, v.scale == want ? 0 : 1, (int)ss->n, 0};
    ss->n++;
}

static void slips_build(const pvalue *p, slip_set *ss)
{
    memset(ss, 0, sizeof *ss);
    ss->built = true;
    digits g;
    if (p->blank || !p->printed[0] || !digits_of(p->printed, &g)) {
        ss->none = true; /* a blank cell: no slip of its digits */
        return;
    }
    /* two adjacent digits transposed (not across the point: typed between them) */
    int whole = g.n - g.scale;
    for (int i = 0; i + 1 < g.n; i++) {
        if (g.d[i] == g.d[i + 1] || i + 1 == whole)
            continue;
        digits t = g;
        t.d[i] = g.d[i + 1];
        t.d[i + 1] = g.d[i];
        slip_push(ss, p, &t, SLIP_TRANSPOSED);
    }
    /* one digit off by one */
    for (int i = 0; i < g.n; i++)
        for (int dlt = -1; dlt <= 1; dlt += 2) {
            int c = g.d[i] - '0' + dlt;
            if (c < 0 || c > 9)
                continue;
            digits t = g;
            t.d[i] = (char)('0' + c);
            slip_push(ss, p, &t, SLIP_DIGIT);
        }
    /* a digit dropped: the intended value has one more (in the integer part, or one more
     * fraction digit: 10.63 for 10.693; a fraction digit dropped leaves one decimal
     * fewer, never the integer part's digits shifted: 1.36 is no slip of 13.76) */
    for (int more = 0; more <= (g.scale < p->context_scale); more++)
        for (int i = more ? whole : 0; i <= (more ? g.n : whole) && g.n < 38; i++)
            for (char c = '0'; c <= '9'; c++) {
                digits t = g;
                memmove(t.d + i + 1, t.d + i, (size_t)(g.n - i));
                t.d[i] = c;
                t.n++;
                t.scale += more;
                slip_push(ss, p, &t, SLIP_DROPPED);
                /* a leading digit dropped with the zeros after it: 47.68 for 1047.68 */
                for (int z = 1; !more && i == 0 && c != '0' && z <= 2 && t.n + 1 < 40; z++) {
                    memmove(t.d + 1 + z, t.d + z, (size_t)(t.n - z));
                    t.d[z] = '0';
                    t.n++;
                    slip_push(ss, p, &t, SLIP_DROPPED);
                }
            }
    /* a digit typed twice or added (in the integer part; in the fraction: one fraction
     * digit more than the figures around it, 12.1339 for 12.139) */
    for (int less = 0; less <= (g.scale > p->context_scale && g.scale > 0); less++)
        for (int i = less ? whole : 0; i < (less ? g.n : whole) && g.n > 1; i++) {
            digits t = g;
            memmove(t.d + i, t.d + i + 1, (size_t)(g.n - i - 1));
            t.n--;
            t.scale -= less;
            slip_push(ss, p, &t, SLIP_EXTRA);
        }
    /* the decimal point one place off (9.5 for 95.0): the same digits, ten times the value
     * or a tenth of it, as precise as printed */
    for (int dir = -1; dir <= 1; dir += 2) {
        digits t = g;
        if (dir > 0 && t.scale > 0)
            t.scale--; /* 9.5 → 95 */
        else if (dir > 0 && t.n < 38)
            t.d[t.n++] = '0'; /* 95 → 950 */
        else if (dir < 0 && t.n > t.scale + 1)
            t.scale++; /* 95 → 9.5 */
        else
            continue;
        while (t.n - t.scale > 1 && t.d[0] == '0') { /* 0.5 → 5, not 05 */
            memmove(t.d, t.d + 1, (size_t)(t.n - 1));
            t.n--;
        }
        while (t.scale < g.scale && t.n < 38) { /* as precise as printed: 9.5 → 95.0 */
            t.d[t.n++] = '0';
            t.scale++;
        }
        slip_push(ss, p, &t, SLIP_POINT);
    }
    /* a unit slip: the value in 元 where 万元 is meant, or the other way */
    for (int dir = -1; dir <= 1; dir += 2) {
        gfa_dec v = p->value, w;
        if (dir < 0)
            v.scale += 4;
        else if (!dmul_int(v, 10000, &v))
            continue;
        w = trim(v, p->value.scale);
        bool precise = !(w.scale > p->context_scale && w.scale > p->value.scale);
        if (precise && dec_cmp(w, p->value))
            ss->unit[ss->nunit++] = w;
    }
    for (size_t i = 0; i < p->nneighbours && !ss->neighbour; i++)
        ss->neighbour = dec_cmp(p->neighbours[i], p->value) == 0;
    /* by value, so that a range finds its slips by bisection */
    if (ss->n > 1)
        slips_sort(ss->c, ss->n);
}

static void slips_free(slip_set *ss)
{
    free(ss->c);
    memset(ss, 0, sizeof *ss);
}

/* The best slip of a value within s: a value with as many decimals as the figures around
 * it (29.88 for a 29.8 among two-decimal cells), then the nearest the middle of the range
 * (the exact sum of the parts, for a total), then the kinds in their order. */
static slip_kind slips_pick(const slip_set *ss, const span *s, gfa_dec *original)
{
    if (ss->none)
        return SLIP_NONE;
    bool found = false;
    slip_kind best = SLIP_NONE;
    int best_rank = 0;
    gfa_dec best_dist = {0, 0}, best_value = {0, 0}, m;
    bool middle = s->has_lo && s->has_hi && dec_add(s->lo, s->hi, &m);
    /* the first slip at or above the range's low end */
    size_t from = 0, to = ss->n;
    while (s->has_lo && from < to) {
        size_t mid = from + (to - from) / 2;
        if (dec_cmp(ss->c[mid].value, s->lo) < 0)
            from = mid + 1;
        else
            to = mid;
    }
    int best_order = 0;
    for (size_t i = from; i < ss->n && (!s->has_hi || dec_cmp(ss->c[i].value, s->hi) <= 0); i++) {
        const slip_cand *c = &ss->c[i];
        gfa_dec dist = {0, 0}, d;
        if (middle && dec_sub(c->value, (gfa_dec){m.units * 5, m.scale + 1}, &d))
            dist = dec_abs(d);
        /* the least by rank, distance, kind, then order of enumeration */
        if (found) {
            if (best_rank != c->rank) {
                if (best_rank < c->rank)
                    continue;
            } else {
                int further = dec_cmp(dist, best_dist);
                if (further > 0 || (further == 0 && (best < c->kind ||
                                                     (best == c->kind && best_order < c->order))))
                    continue;
            }
        }
        best = c->kind;
        best_rank = c->rank;
        best_dist = dist;
        best_value = c->value;
        best_order = c->order;
        found = true;
    }
    for (int u = 0; u < ss->nunit; u++)
        if (!found && span_has(s, ss->unit[u])) {
            best = SLIP_UNIT;
            best_value = ss->unit[u];
            found = true;
        }
    if (found) {
        if (original)
            *original = best_value;
        return best;
    }
    /* the value of a cell or figure beside it, exactly: copied, its own value unknown (a
     * weak explanation: equal neighbours are common) */
    return ss->neighbour ? SLIP_NEIGHBOUR : SLIP_NONE;
}

slip_kind slip_explain(const pvalue *p, const value_range *s, gfa_dec *original)
{
    slip_set ss;
    slips_build(p, &ss);
    slip_kind k = slips_pick(&ss, s, original);
    slips_free(&ss);
    return k;
}

/* How strongly a slip explains a correction: one that predicts the intended value exactly;
 * a copied neighbour fits any value and equal neighbours are common: it only describes. */
static int slip_strength(slip_kind k)
{
    return k == SLIP_NONE || k == SLIP_NEIGHBOUR ? 0 : 1;
}

/* ------------------------------------------------- the linear system --- */

#define KMAX 3

typedef struct lcon { /* Σ a[j] x[j] ≤ b */
    int a[KMAX];
    gfa_dec b;
} lcon;

typedef struct lsys {
    lcon *c;
    size_t n, cap;
    bool infeasible;
    bool overflow;
} lsys;

static int gcd(int a, int b)
{
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Adds a·x ≤ b, keeping one constraint per direction (the tightest); a constraint with no
 * variable left is checked (0 ≤ b). */
static void sys_add(lsys *s, const int *a, int k, gfa_dec b)
{
    int g = 0;
    for (int j = 0; j < k; j++)
        g = gcd(g, a[j]);
    if (g == 0) {
        if (b.units < 0)
            s->infeasible = true;
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        int g2 = 0;
        for (int j = 0; j < k; j++)
            g2 = gcd(g2, s->c[i].a[j]);
        bool same = true;
        for (int j = 0; j < k && same; j++)
            same = s->c[i].a[j] / g2 == a[j] / g;
        if (!same)
            continue;
        /* b ÷ g against the kept b2 ÷ g2: keep the smaller */
        gfa_dec l, r;
        if (!dmul_int(b, g2, &l) || !dmul_int(s->c[i].b, g, &r)) {
            s->overflow = true;
            return;
        }
        if (dec_cmp(l, r) < 0) {
            memcpy(s->c[i].a, a, sizeof s->c[i].a);
            s->c[i].b = b;
        }
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        lcon *c = realloc(s->c, cap * sizeof *c);
        if (!c) {
            s->overflow = true;
            return;
        }
        s->c = c;
        s->cap = cap;
    }
    lcon *c = &s->c[s->n++];
    memset(c, 0, sizeof *c);
    memcpy(c->a, a, (size_t)k * sizeof *a);
    c->b = b;
}

/* lo ≤ a·x ≤ hi, either end open. */
static void sys_range(lsys *s, const int *a, int k, const span *r)
{
    int neg[KMAX];
    for (int j = 0; j < k; j++)
        neg[j] = -a[j];
    if (r->has_hi)
        sys_add(s, a, k, r->hi);
    if (r->has_lo)
        sys_add(s, neg, k, dec_neg(r->lo));
}

/* Eliminates variable j (Fourier–Motzkin). */
static void sys_eliminate(const lsys *in, int j, int k, lsys *out)
{
    memset(out, 0, sizeof *out);
    out->infeasible = in->infeasible;
    out->overflow = in->overflow;
    for (size_t p = 0; p < in->n; p++)
        if (in->c[p].a[j] == 0)
            sys_add(out, in->c[p].a, k, in->c[p].b);
    for (size_t p = 0; p < in->n; p++) {
        if (in->c[p].a[j] <= 0)
            continue;
        for (size_t q = 0; q < in->n && !out->overflow; q++) {
            if (in->c[q].a[j] >= 0)
                continue;
            int mp = -in->c[q].a[j], mq = in->c[p].a[j], a[KMAX] = {0};
            for (int m = 0; m < k; m++)
                a[m] = mp * in->c[p].a[m] + mq * in->c[q].a[m];
            gfa_dec b1, b2, b;
            if (!dmul_int(in->c[p].b, mp, &b1) || !dmul_int(in->c[q].b, mq, &b2) ||
                !dec_add(b1, b2, &b)) {
                out->overflow = true;
                break;
            }
            sys_add(out, a, k, b);
        }
    }
}

/* ----------------------------------------------------------- search --- */

typedef struct searcher {
    const pvalue *vals;
    size_t nvals;
    const identity *ids;
    size_t nids;
    int *const *adj; /* value → the identities it is in */
    const size_t *nadj;
    const int *fails;   /* the cluster's failed identities */
    size_t nfails;
    strmap *visited;
    long tests, budget;
    bool exhausted;
    diag_reading *found;
    size_t nfound, capfound;
    slip_set *slips; /* value → its typing slips, enumerated when first asked */
} searcher;

static bool in_set(const int *S, int k, int v)
{
    for (int i = 0; i < k; i++)
        if (S[i] == v)
            return true;
    return false;
}

static int slot(const int *S, int k, int v)
{
    for (int i = 0; i < k; i++)
        if (S[i] == v)
            return i;
    return -1;
}

/* The interval [v − h, v + h] of a term at the assignment. */
static gfa_ival term_ival(const searcher *se, const int *S, const gfa_dec *x, int k, int value)
{
    int at = x ? slot(S, k, value) : -1;
    gfa_ival i = {at >= 0 ? x[at] : se->vals[value].value, se->vals[value].half, 1};
    return i;
}

/* Whether an identity holds with the values of S set to x (the checks' arithmetic). */
static bool holds(const searcher *se, const identity *id, const int *S, const gfa_dec *x, int k)
{
    if (id->kind == ID_RATIO) {
        gfa_ival p = term_ival(se, S, x, k, id->terms[0].value), num = ival_exact((gfa_dec){0, 0}),
                 den = id->konst;
        for (size_t t = 1; t < id->nterms; t++)
            if (!ival_add(t <= id->nnum ? &num : &den, term_ival(se, S, x, k, id->terms[t].value),
                          id->terms[t].sign))
                return false;
        return ival_percent(p, num, den, p.mid.scale + 2, NULL) == IVAL_CONSISTENT;
    }
    gfa_ival sum = id->konst;
    for (size_t t = 0; t < id->nterms; t++)
        if (!ival_add(&sum, term_ival(se, S, x, k, id->terms[t].value), id->terms[t].sign))
            return false;
    if (id->strict)
        return sum.mid.units == 0;
    gfa_dec lo, hi;
    if (!ival_bounds(sum, &lo, &hi))
        return false;
    return id->kind == ID_LE ? lo.units <= 0 : lo.units <= 0 && hi.units >= 0;
}

/* The net coefficient of the values of S in terms [from, to) of an identity. */
static void coefficients(const identity *id, size_t from, size_t to, const int *S, int k,
                         int *a, int *count)
{
    memset(a, 0, (size_t)k * sizeof *a);
    *count = 0;
    for (size_t t = from; t < to; t++) {
        int at = slot(S, k, id->terms[t].value);
        if (at >= 0) {
            a[at] += id->terms[t].sign;
            (*count)++;
        }
    }
}

/* Values already chosen for some corrected values (the others are as printed). */
typedef struct assigned {
    const int *S;
    const gfa_dec *x;
    int n;
} assigned;

/* Σ over terms [from, to) other than the value `free`, as an interval (konst added when
 * asked), chosen values taken from a. */
static bool rest(const searcher *se, const identity *id, size_t from, size_t to, int free,
                 const assigned *a, bool with_konst, gfa_ival *out)
{
    *out = with_konst ? id->konst : ival_exact((gfa_dec){0, 0});
    for (size_t t = from; t < to; t++) {
        int v = id->terms[t].value;
        if (v == free)
            continue;
        if (!ival_add(out, term_ival(se, a->S, a->x, a->n, v), id->terms[t].sign))
            return false;
    }
    return true;
}

/* Σ over terms other than those of S (linear identities), as printed. */
static bool rest_of(const searcher *se, const identity *id, const int *S, int k, gfa_ival *out)
{
    *out = id->konst;
    for (size_t t = 0; t < id->nterms; t++) {
        int v = id->terms[t].value;
        if (in_set(S, k, v))
            continue;
        gfa_ival x = {se->vals[v].value, se->vals[v].half, 1};
        if (!ival_add(out, x, id->terms[t].sign))
            return false;
    }
    return true;
}

/* The net coefficient of one value in terms [from, to). */
static int coefficient(const identity *id, size_t from, size_t to, int value)
{
    int c = 0;
    for (size_t t = from; t < to; t++)
        if (id->terms[t].value == value)
            c += id->terms[t].sign;
    return c;
}

static bool ends(gfa_ival x, gfa_dec *lo, gfa_dec *hi)
{
    return ival_bounds(x, lo, hi);
}

/* The smallest and largest of four products (interval product A × B). */
static bool product(gfa_dec alo, gfa_dec ahi, gfa_dec blo, gfa_dec bhi, gfa_dec *lo, gfa_dec *hi)
{
    gfa_dec p[4];
    if (!dmul(alo, blo, &p[0]) || !dmul(alo, bhi, &p[1]) || !dmul(ahi, blo, &p[2]) ||
        !dmul(ahi, bhi, &p[3]))
        return false;
    *lo = dmin(dmin(p[0], p[1]), dmin(p[2], p[3]));
    *hi = dmax(dmax(p[0], p[1]), dmax(p[2], p[3]));
    return true;
}

/* The interval quotient A ÷ B (B not containing zero), rounded outward. */
static bool quotient(gfa_dec alo, gfa_dec ahi, gfa_dec blo, gfa_dec bhi, gfa_dec *lo, gfa_dec *hi)
{
    gfa_dec a[2] = {alo, ahi}, b[2] = {blo, bhi};
    bool first = true;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            gfa_dec d, u;
            if (!ddiv(a[i], b[j], WORK_SCALE, -1, &d) || !ddiv(a[i], b[j], WORK_SCALE, 1, &u))
                return false;
            *lo = first ? d : dmin(*lo, d);
            *hi = first ? u : dmax(*hi, u);
            first = false;
        }
    return true;
}

/* A ratio with one free value x: the range of x that makes it hold with the other values
 * at their intervals (chosen ones from a); false when none can. An open range: unknown,
 * the point is verified later. */
static bool ratio_bound(const searcher *se, const identity *id, int free, const assigned *a,
                        span *r)
{
    memset(r, 0, sizeof *r);
    int cp = coefficient(id, 0, 1, free), an = coefficient(id, 1, 1 + id->nnum, free),
        ad = coefficient(id, 1 + id->nnum, id->nterms, free);
    const pvalue *xv = &se->vals[free];
    gfa_ival nr, dr;
    if (!rest(se, id, 1, 1 + id->nnum, free, a, false, &nr) ||
        !rest(se, id, 1 + id->nnum, id->nterms, free, a, true, &dr))
        return true; /* too large: verified at the point */
    gfa_dec n_lo, n_hi, d_lo, d_hi, hx = xv->half;
    if (cp) { /* the percentage itself: 100 × N ÷ D, widened by its half unit */
        if (!ends(nr, &n_lo, &n_hi) || !ends(dr, &d_lo, &d_hi))
            return true;
        if (d_lo.units <= 0 && d_hi.units >= 0)
            return false; /* over a zero base no percentage holds */
        gfa_dec q_lo, q_hi, h100 = {100, 0};
        if (!dmul(n_lo, h100, &n_lo) || !dmul(n_hi, h100, &n_hi) ||
            !quotient(n_lo, n_hi, d_lo, d_hi, &q_lo, &q_hi) || !dec_sub(q_lo, hx, &r->lo) ||
            !dec_add(q_hi, hx, &r->hi))
            return true;
        r->has_lo = r->has_hi = true;
        return true;
    }
    gfa_ival p = term_ival(se, a->S, a->x, a->n, id->terms[0].value);
    gfa_dec p_lo, p_hi;
    if (!ends(p, &p_lo, &p_hi))
        return true;
    if (an && !ad) { /* an·x + Nr meets P × D ÷ 100 */
        gfa_dec m_lo, m_hi;
        if (!ends(dr, &d_lo, &d_hi) || !product(p_lo, p_hi, d_lo, d_hi, &m_lo, &m_hi))
            return true;
        m_lo.scale += 2;
        m_hi.scale += 2;
        gfa_dec lo, hi, w;
        /* x's own half is in N's interval too */
        if (!dec_add(nr.half, hx, &w) || !dec_sub(m_lo, nr.mid, &lo) || !dec_sub(m_hi, nr.mid, &hi) ||
            !dec_sub(lo, w, &lo) || !dec_add(hi, w, &hi))
            return true;
        r->lo = an > 0 ? lo : dec_neg(hi);
        r->hi = an > 0 ? hi : dec_neg(lo);
        r->has_lo = r->has_hi = true;
        return true;
    }
    if (ad && !an) { /* ad·x + Dr meets 100 × N ÷ P */
        if (p_lo.units <= 0 && p_hi.units >= 0)
            return true; /* a zero percentage: verified at the point */
        gfa_dec q_lo, q_hi, h100 = {100, 0}, w;
        if (!ends(nr, &n_lo, &n_hi) || !dmul(n_lo, h100, &n_lo) || !dmul(n_hi, h100, &n_hi) ||
            !quotient(n_lo, n_hi, p_lo, p_hi, &q_lo, &q_hi) || !dec_add(dr.half, hx, &w))
            return true;
        gfa_dec lo, hi;
        if (!dec_sub(q_lo, dr.mid, &lo) || !dec_sub(q_hi, dr.mid, &hi) || !dec_sub(lo, w, &lo) ||
            !dec_add(hi, w, &hi))
            return true;
        r->lo = ad > 0 ? lo : dec_neg(hi);
        r->hi = ad > 0 ? hi : dec_neg(lo);
        r->has_lo = r->has_hi = true;
        return true;
    }
    if (an && ad) { /* 100 (an x + Nr) = p (ad x + Dr): x = (p Dr − 100 Nr) ÷ (100 an − p ad) */
        gfa_dec nlo, nhi, dlo, dhi, d1, d2, pb1, pb2, h = {100L * an, 0};
        if (!ends(nr, &nlo, &nhi) || !ends(dr, &dlo, &dhi))
            return true;
        /* the denominator changing sign over P leaves the bound unknown */
        if (!dmul_int(p_lo, ad, &pb1) || !dmul_int(p_hi, ad, &pb2) || !dec_sub(h, pb1, &d1) ||
            !dec_sub(h, pb2, &d2) || d1.units == 0 || d2.units == 0 ||
            (d1.units > 0) != (d2.units > 0))
            return true;
        gfa_dec ps[2] = {p_lo, p_hi}, ds[2] = {dlo, dhi}, ns[2] = {nlo, nhi}, dens[2] = {d1, d2};
        span out = {{0, 0}, {0, 0}, false, false};
        for (int i = 0; i < 2; i++)
            for (int m = 0; m < 2; m++)
                for (int q = 0; q < 2; q++) {
                    gfa_dec pd, n100, num, lo, hi;
                    if (!dmul(ps[i], ds[m], &pd) || !dmul_int(ns[q], 100, &n100) ||
                        !dec_sub(pd, n100, &num) || !ddiv(num, dens[i], WORK_SCALE, -1, &lo) ||
                        !ddiv(num, dens[i], WORK_SCALE, 1, &hi))
                        return true;
                    out.lo = out.has_lo ? dmin(out.lo, lo) : lo;
                    out.hi = out.has_hi ? dmax(out.hi, hi) : hi;
                    out.has_lo = out.has_hi = true;
                }
        if (!dec_sub(out.lo, hx, &out.lo) || !dec_add(out.hi, hx, &out.hi))
            return true;
        *r = out;
    }
    return true;
}

/* The linear system of the identities that touch S; false when one of them cannot hold.
 * pending: ratios holding more than one value of S (verified at the point). */
static bool build_system(const searcher *se, const int *S, int k, lsys *sys)
{
    memset(sys, 0, sizeof *sys);
    for (int j = 0; j < k; j++)
        for (size_t e = 0; e < se->nadj[S[j]]; e++) {
            int idx = se->adj[S[j]][e];
            const identity *id = &se->ids[idx];
            /* each identity once: at the first value of S it holds */
            bool seen = false;
            for (int m = 0; m < j && !seen; m++)
                for (size_t t = 0; t < id->nterms && !seen; t++)
                    seen = id->terms[t].value == S[m];
            if (seen)
                continue;
            int a[KMAX], count;
            if (id->kind == ID_RATIO) {
                int in = 0, at = -1;
                for (int m = 0; m < k; m++)
                    for (size_t t = 0; t < id->nterms; t++)
                        if (id->terms[t].value == S[m]) {
                            in++;
                            at = m;
                            break;
                        }
                if (in != 1)
                    continue; /* solved when the others are chosen (choose) */
                span r;
                assigned none = {S, NULL, 0};
                if (!ratio_bound(se, id, S[at], &none, &r))
                    return false;
                int e1[KMAX] = {0};
                e1[at] = 1;
                sys_range(sys, e1, k, &r);
                continue;
            }
            coefficients(id, 0, id->nterms, S, k, a, &count);
            gfa_ival rs;
            gfa_dec h = {0, 0};
            if (!rest_of(se, id, S, k, &rs))
                return false;
            for (size_t t = 0; t < id->nterms && !id->strict; t++)
                if (in_set(S, k, id->terms[t].value) && !dec_add(h, se->vals[id->terms[t].value].half, &h))
                    return false;
            gfa_dec allowed = {0, 0};
            if (!id->strict && !dec_add(rs.half, h, &allowed))
                return false;
            span r = {{0, 0}, {0, 0}, false, false};
            if (!dec_sub(dec_neg(rs.mid), allowed, &r.lo) || !dec_add(dec_neg(rs.mid), allowed, &r.hi))
                return false;
            r.has_hi = true;
            r.has_lo = id->kind != ID_LE;
            sys_range(sys, a, k, &r);
        }
    /* a slip never turns a printed amount's sign: a correction keeps it (or is zero); a
     * cell or figure printed blank or zero is corrected to a positive amount (a form's
     * balance may be negative) */
    for (int j = 0; j < k; j++) {
        const pvalue *p = &se->vals[S[j]];
        if (p->value.units == 0 && p->kind == VAL_FORM)
            continue;
        int a[KMAX] = {0};
        a[j] = p->value.units >= 0 ? -1 : 1;
        sys_add(sys, a, k, (gfa_dec){0, 0});
    }
    return !sys->infeasible && !sys->overflow;
}

/* The range of x[j] given x[0..j-1] in the system that holds x[0..j] only. */
static bool range_of(const lsys *s, const gfa_dec *x, int j, span *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < s->n; i++) {
        const lcon *c = &s->c[i];
        gfa_dec rest = c->b;
        for (int m = 0; m < j; m++) {
            gfa_dec t;
            if (c->a[m] && (!dmul_int(x[m], c->a[m], &t) || !dec_sub(rest, t, &rest)))
                return false;
        }
        if (c->a[j] == 0) {
            if (rest.units < 0)
                return false;
            continue;
        }
        gfa_dec bound;
        if (c->a[j] > 0) { /* x ≤ rest ÷ a */
            if (!ddiv(rest, (gfa_dec){c->a[j], 0}, WORK_SCALE, -1, &bound))
                return false;
            r->hi = r->has_hi ? dmin(r->hi, bound) : bound;
            r->has_hi = true;
        } else { /* x ≥ rest ÷ a */
            if (!ddiv(rest, (gfa_dec){c->a[j], 0}, WORK_SCALE, 1, &bound))
                return false;
            r->lo = r->has_lo ? dmax(r->lo, bound) : bound;
            r->has_lo = true;
        }
    }
    return !(r->has_lo && r->has_hi && dec_cmp(r->lo, r->hi) > 0);
}

/* Candidate values for a corrected value within its range, best first. */
static size_t candidates(const searcher *se, int value, const span *r, bool with_slips,
                         gfa_dec *out, slip_kind *kinds)
{
    const pvalue *p = &se->vals[value];
    slip_set *ss = &se->slips[value];
    if (!ss->built)
        slips_build(p, ss);
    size_t n = 0;
    /* a proposal has as many decimals as the figures it is compared with */
    int scale = !p->percent ? p->context_scale : p->value.scale;
    gfa_dec orig;
    slip_kind sk = slips_pick(ss, r, &orig);
    if (sk != SLIP_NONE && sk != SLIP_NEIGHBOUR) {
        if (!with_slips)
            sk = SLIP_NONE;
        else {
            kinds[n] = sk;
            out[n++] = orig;
        }
    }
    gfa_dec mid;
    if (r->has_lo && r->has_hi) {
        gfa_dec s;
        if (dec_add(r->lo, r->hi, &s)) {
            s.units *= 5;
            s.scale += 1;
            /* the exact middle when it is as precise as the values around (a total's
             * 10.693 for a part printed 0.6), else the roundest value near it that is in
             * range (100 for a rate, 0 for a balance, the sum itself for a total) */
            gfa_dec exact = trim(s, scale);
            mid = exact.scale <= scale ? exact : dec_round(s, scale);
            for (int k = 0; k < scale && exact.scale > scale; k++)
                if (span_has(r, dec_round(s, k))) {
                    mid = dec_round(s, k);
                    break;
                }
            if (!span_has(r, mid))
                mid = exact;
            kinds[n] = sk == SLIP_NEIGHBOUR ? SLIP_NEIGHBOUR : SLIP_NONE;
            out[n++] = mid;
        }
    } else if (r->has_lo || r->has_hi) {
        gfa_dec g = r->has_lo ? grid(r->lo, scale, 1) : grid(r->hi, scale, -1);
        kinds[n] = sk == SLIP_NEIGHBOUR ? SLIP_NEIGHBOUR : SLIP_NONE;
        out[n++] = span_has(r, g) ? g : trim(r->has_lo ? r->lo : r->hi, scale);
    }
    if (r->has_lo && r->has_hi) {
        gfa_dec lo = grid(r->lo, scale, 1), hi = grid(r->hi, scale, -1);
        if (span_has(r, lo) && n < 4) {
            kinds[n] = SLIP_NONE;
            out[n++] = lo;
        }
        if (span_has(r, hi) && n < 4) {
            kinds[n] = SLIP_NONE;
            out[n++] = hi;
        }
    }
    return n;
}

typedef struct chooser {
    const searcher *se;
    const int *S;
    int k;
    const identity **touch;
    size_t ntouch;
    lsys sys[KMAX + 1]; /* sys[j]: the constraints on x[0..j-1] */
    gfa_dec x[KMAX];
    slip_kind kinds[KMAX];
    bool no_slips; /* propose what the identities imply, not typing slips */
} chooser;

static bool choose(chooser *ch, int j)
{
    if (j == ch->k) {
        for (size_t i = 0; i < ch->ntouch; i++)
            if (!holds(ch->se, ch->touch[i], ch->S, ch->x, ch->k))
                return false;
        return true;
    }
    span r;
    if (!range_of(&ch->sys[j + 1], ch->x, j, &r))
        return false;
    /* ratios holding x[j] and values chosen before it only: solved now */
    int v = ch->S[j];
    for (size_t i = 0; i < ch->ntouch; i++) {
        const identity *id = ch->touch[i];
        if (id->kind != ID_RATIO)
            continue;
        int in = 0;
        bool has = false, later = false;
        for (int m = 0; m < ch->k; m++)
            for (size_t t = 0; t < id->nterms; t++)
                if (id->terms[t].value == ch->S[m]) {
                    in++;
                    has |= m == j;
                    later |= m > j;
                    break;
                }
        if (!has || later || in < 2)
            continue;
        assigned a = {ch->S, ch->x, j};
        span q;
        if (!ratio_bound(ch->se, id, v, &a, &q))
            return false;
        if (q.has_lo)
            r.lo = r.has_lo ? dmax(r.lo, q.lo) : q.lo;
        if (q.has_hi)
            r.hi = r.has_hi ? dmin(r.hi, q.hi) : q.hi;
        r.has_lo |= q.has_lo;
        r.has_hi |= q.has_hi;
        if (r.has_lo && r.has_hi && dec_cmp(r.lo, r.hi) > 0)
            return false;
    }
    gfa_dec c[6];
    slip_kind kinds[6];
    size_t n = candidates(ch->se, ch->S[j], &r, !ch->no_slips, c, kinds);
    for (size_t i = 0; i < n; i++) {
        if (dec_cmp(c[i], ch->se->vals[ch->S[j]].value) == 0)
            continue;
        ch->x[j] = c[i];
        ch->kinds[j] = kinds[i];
        if (choose(ch, j + 1))
            return true;
    }
    return false;
}

/* Whether the identity, at the chosen point, is left further from holding exactly than
 * the rounding of its printed values plausibly goes. Each value's rounding error is
 * uniform over ± its half unit (variance h²/3), so a sum's is about normal with variance
 * Σ h²/3 (a blank cell adds none); beyond 4 standard deviations (3 m² > 16 Σ h²) the
 * printed total and parts would be a one-in-ten-thousand accident. Only a sum of six or
 * more printed values can get so far and still hold; a ratio is not judged. */
static bool strains(const searcher *se, const identity *id, const int *S, const gfa_dec *x,
                    int k)
{
    if (id->kind == ID_RATIO || id->strict)
        return false;
    gfa_ival sum = id->konst;
    gfa_dec h2 = {0, 0}, sq;
    if (!dmul(id->konst.half, id->konst.half, &h2))
        return false;
    for (size_t t = 0; t < id->nterms; t++) {
        int v = id->terms[t].value;
        gfa_ival ti = term_ival(se, S, x, k, v);
        if (!ival_add(&sum, ti, id->terms[t].sign))
            return false;
        /* a blank cell is nothing, not a rounded amount */
        if (se->vals[v].blank && !in_set(S, k, v))
            continue;
        if (!dmul(ti.half, ti.half, &sq) || !dec_add(h2, sq, &h2))
            return false;
    }
    gfa_dec m = sum.mid, lhs, rhs;
    if (id->kind == ID_LE && m.units <= 0)
        return false;
    return dmul(m, m, &lhs) && dmul_int(lhs, 3, &lhs) && dmul_int(h2, 16, &rhs) &&
           dec_cmp(lhs, rhs) > 0;
}

/* Whether the identity says one value is printed twice at one precision (two printings,
 * or a total whose other parts are blank), and the chosen point leaves the two apart (by
 * rounding only, or it would not hold). */
static bool apart(const searcher *se, const identity *id, const int *S, const gfa_dec *x,
                  int k)
{
    if (id->kind != ID_SUM || !dec_is_zero(id->konst.mid) || !dec_is_zero(id->konst.half))
        return false;
    gfa_ival two[2];
    int sign[2], n = 0;
    for (size_t t = 0; t < id->nterms; t++) {
        int v = id->terms[t].value;
        if (se->vals[v].blank && !in_set(S, k, v))
            continue; /* nothing printed */
        if (n == 2)
            return false;
        two[n] = term_ival(se, S, x, k, v);
        sign[n++] = id->terms[t].sign;
    }
    return n == 2 && sign[0] != sign[1] && dec_cmp(two[0].half, two[1].half) == 0 &&
           dec_cmp(two[0].mid, two[1].mid) != 0;
}

static bool point_strained(const searcher *se, const chooser *ch)
{
    for (size_t i = 0; i < ch->ntouch; i++)
        if (strains(se, ch->touch[i], ch->S, ch->x, ch->k))
            return true;
    return false;
}

static void add_reading(searcher *se, const int *S, int k, const chooser *ch)
{
    if (se->nfound == se->capfound) {
        size_t cap = se->capfound ? se->capfound * 2 : 8;
        diag_reading *f = realloc(se->found, cap * sizeof *f);
        if (!f)
            return;
        se->found = f;
        se->capfound = cap;
    }
    diag_reading *rd = &se->found[se->nfound];
    memset(rd, 0, sizeof *rd);
    rd->fixes = calloc((size_t)k, sizeof *rd->fixes);
    if (!rd->fixes)
        return;
    rd->nfixes = (size_t)k;
    rd->strained = point_strained(se, ch);
    for (size_t i = 0; i < ch->ntouch; i++)
        rd->unequal += apart(se, ch->touch[i], S, ch->x, k);
    for (int j = 0; j < k; j++) {
        diag_fix *fx = &rd->fixes[j];
        fx->value = S[j];
        fx->proposed = ch->x[j];
        fx->slip = ch->kinds[j];
        rd->slips += slip_strength(fx->slip);
        /* restoring a value printed beside it in its row counts for a reading, breaking
         * one against it */
        const pvalue *p = &se->vals[S[j]];
        bool restores = false, breaks = false;
        /* (a table's or a form's row: equal neighbours there are structure, in a sentence
         * they are chance) */
        for (size_t m = 0; p->kind != VAL_FIGURE && m < p->nrow; m++) {
            restores |= dec_cmp(p->neighbours[m], fx->proposed) == 0;
            breaks |= dec_cmp(p->neighbours[m], p->value) == 0;
        }
        rd->matches += (int)restores - (int)breaks;
        rd->cells += p->kind == VAL_CELL;
        /* a value printed more or less precisely than those around it, corrected to their
         * precision (2.6 for 2.68 among two-decimal figures) */
        rd->precision += !p->blank && p->value.scale != p->context_scale &&
                         trim(fx->proposed, p->context_scale).scale == p->context_scale;
    }
    se->nfound++;
}

/* Whether the values of S can be corrected so that every identity holds; a reading is
 * recorded when they can. */
static bool feasible(searcher *se, const int *S_in, int k)
{
    se->tests++;
    /* a percentage in a ratio with other corrected values is chosen last, when the ratio
     * can be solved for it */
    int S[KMAX], n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < k; j++) {
            bool late = false;
            for (size_t e = 0; e < se->nadj[S_in[j]] && !late; e++) {
                const identity *id = &se->ids[se->adj[S_in[j]][e]];
                if (id->kind != ID_RATIO || id->terms[0].value != S_in[j])
                    continue;
                for (size_t t = 1; t < id->nterms && !late; t++)
                    late = in_set(S_in, k, id->terms[t].value);
            }
            if (late == (pass == 1))
                S[n++] = S_in[j];
        }
    chooser ch;
    memset(&ch, 0, sizeof ch);
    ch.se = se;
    ch.S = S;
    ch.k = k;
    bool ok = build_system(se, S, k, &ch.sys[k]);
    for (int j = k - 1; ok && j >= 0; j--) {
        sys_eliminate(&ch.sys[j + 1], j, k, &ch.sys[j]);
        ok = !ch.sys[j].infeasible && !ch.sys[j].overflow;
    }
    /* the identities touching S, verified at the chosen point */
    size_t cap = 0;
    for (int j = 0; j < k; j++)
        cap += se->nadj[S[j]];
    ch.touch = ok ? calloc(cap + 1, sizeof *ch.touch) : NULL;
    for (int j = 0; ch.touch && j < k; j++)
        for (size_t e = 0; e < se->nadj[S[j]]; e++) {
            const identity *id = &se->ids[se->adj[S[j]][e]];
            bool dup = false;
            for (size_t i = 0; i < ch.ntouch && !dup; i++)
                dup = ch.touch[i] == id;
            if (!dup)
                ch.touch[ch.ntouch++] = id;
        }
    ok = ok && ch.touch && choose(&ch, 0);
    if (ok && point_strained(se, &ch)) {
        /* the slips fit only at the far end of the roundings: the values are still a
         * correction, to what the identities imply */
        chooser plain = ch;
        plain.no_slips = true;
        if (choose(&plain, 0) && !point_strained(se, &plain)) {
            memcpy(ch.x, plain.x, sizeof ch.x);
            memcpy(ch.kinds, plain.kinds, sizeof ch.kinds);
        }
    }
    if (ok)
        add_reading(se, S, k, &ch);
    free(ch.touch);
    for (int j = 0; j <= k; j++)
        free(ch.sys[j].c);
    return ok;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void dfs(searcher *se, int *S, int n, int k)
{
    if (se->exhausted)
        return;
    if (se->tests > se->budget) {
        se->exhausted = true;
        return;
    }
    int sorted[KMAX];
    memcpy(sorted, S, (size_t)n * sizeof *S);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_int);
    char key[64] = "";
    for (int i = 0; i < n; i++)
        snprintf(key + strlen(key), sizeof key - strlen(key), "%d,", sorted[i]);
    if (n && strmap_get(se->visited, key, NULL))
        return;
    if (n)
        strmap_put(se->visited, key, 0);
    /* the smallest failed identity S does not hit */
    const identity *unhit = NULL;
    for (size_t f = 0; f < se->nfails; f++) {
        const identity *id = &se->ids[se->fails[f]];
        bool hit = false;
        for (size_t t = 0; t < id->nterms && !hit; t++)
            hit = in_set(S, n, id->terms[t].value);
        if (!hit && (!unhit || id->nterms < unhit->nterms))
            unhit = id;
    }
    if (unhit) {
        if (n == k)
            return;
        for (size_t t = 0; t < unhit->nterms && !se->exhausted; t++) {
            int v = unhit->terms[t].value;
            if (in_set(S, n, v))
                continue;
            S[n] = v;
            dfs(se, S, n + 1, k);
        }
        return;
    }
    if (n == k) {
        feasible(se, sorted, n);
        return;
    }
    /* S hits every failed identity but, being smaller than k, could not be corrected (it
     * would have been found when k was its size): extend it by a value that shares an
     * identity with it */
    for (int j = 0; j < n && !se->exhausted; j++)
        for (size_t e = 0; e < se->nadj[S[j]] && !se->exhausted; e++) {
            const identity *id = &se->ids[se->adj[S[j]][e]];
            for (size_t t = 0; t < id->nterms && !se->exhausted; t++) {
                int v = id->terms[t].value;
                if (in_set(S, n, v))
                    continue;
                S[n] = v;
                dfs(se, S, n + 1, k);
            }
        }
}

/* Which of two corrections of one size explains the failures better: one that leaves no
 * sum at the far end of its rounding; then more typing slips; then fewer values printed
 * twice left a unit apart; then values brought back to the precision of those around
 * them; then values restored to what their row prints beside them; then narrative
 * figures before table cells (when the table's own identities hold either way, the
 * narrative is the root cause). 0 when equally good. */
static int better(const diag_reading *a, const diag_reading *b)
{
    /* a typing slip that only fits a sum at the far end of its rounding explains less
     * than a correction that fits it as closely as the printed parts do */
    if (a->strained != b->strained)
        return a->strained ? -1 : 1;
    if (a->slips != b->slips)
        return a->slips > b->slips ? 1 : -1;
    /* a value printed twice is the same figure: a reading that leaves two printings a
     * unit apart explains less than one that makes them equal */
    if (a->unequal != b->unequal)
        return a->unequal < b->unequal ? 1 : -1;
    if (a->precision != b->precision)
        return a->precision > b->precision ? 1 : -1;
    if (a->matches != b->matches)
        return a->matches > b->matches ? 1 : -1;
    if (a->cells != b->cells)
        return a->cells < b->cells ? 1 : -1;
    return 0;
}

void diag_reading_free(diag_reading *r)
{
    free(r->fixes);
    r->fixes = NULL;
    r->nfixes = 0;
}

/* What every search of a run shares: value → the identities it is in, and each value's
 * typing slips (enumerated when first asked). */
typedef struct diag_index {
    int **adj;
    size_t *nadj;
    int *block;
    slip_set *slips;
} diag_index;

static void index_free(diag_index *ix, size_t nvals)
{
    for (size_t i = 0; ix->slips && i < nvals; i++)
        slips_free(&ix->slips[i]);
    free(ix->slips);
    free(ix->block);
    free(ix->adj);
    free(ix->nadj);
    memset(ix, 0, sizeof *ix);
}

static bool index_build(diag_index *ix, size_t nvals, const identity *ids, size_t nids)
{
    memset(ix, 0, sizeof *ix);
    ix->adj = calloc(nvals + 1, sizeof *ix->adj);
    ix->nadj = calloc(nvals + 1, sizeof *ix->nadj);
    ix->slips = calloc(nvals + 1, sizeof *ix->slips);
    int *last = malloc((nvals + 1) * sizeof *last);
    bool ok = ix->adj && ix->nadj && ix->slips && last;
    /* each identity once per value: counted, then filled in one block */
    for (int pass = 0; ok && pass < 2; pass++) {
        size_t total = 0;
        for (size_t v = 0; v < nvals; v++) {
            if (pass) {
                ix->adj[v] = ix->block + total;
                total += ix->nadj[v];
                ix->nadj[v] = 0;
            }
            last[v] = -1;
        }
        for (size_t i = 0; i < nids; i++)
            for (size_t t = 0; t < ids[i].nterms; t++) {
                int v = ids[i].terms[t].value;
                if (v < 0 || (size_t)v >= nvals || last[v] == (int)i)
                    continue;
                last[v] = (int)i;
                if (pass)
                    ix->adj[v][ix->nadj[v]++] = (int)i;
                else
                    ix->nadj[v]++, total++;
            }
        if (!pass)
            ok = (ix->block = malloc((total + 1) * sizeof *ix->block)) != NULL;
    }
    free(last);
    if (!ok)
        index_free(ix, nvals);
    return ok;
}

static bool search_with(const diag_index *ix, const pvalue *vals, size_t nvals,
                        const identity *ids, size_t nids, const int *fails, size_t nfails,
                        long budget, diag_outcome *out)
{
    memset(out, 0, sizeof *out);
    searcher se;
    memset(&se, 0, sizeof se);
    se.vals = vals;
    se.nvals = nvals;
    se.ids = ids;
    se.nids = nids;
    se.fails = fails;
    se.nfails = nfails;
    se.budget = budget;
    se.adj = ix->adj;
    se.nadj = ix->nadj;
    se.slips = ix->slips;
    bool ok = true;
    for (int k = 1; ok && k <= KMAX && !se.exhausted; k++) {
        se.visited = strmap_new();
        if (!se.visited) {
            ok = false;
            break;
        }
        int S[KMAX];
        dfs(&se, S, 0, k);
        strmap_free(se.visited);
        se.visited = NULL;
        if (se.nfound) {
            out->size = k;
            break;
        }
    }
    /* the best readings: those best explained by typing slips, then those whose
     * corrections restore a value printed beside them in their row (a form's columns
     * often repeat one amount) */
    size_t top_i = 0;
    for (size_t i = 1; i < se.nfound; i++)
        if (better(&se.found[i], &se.found[top_i]) > 0)
            top_i = i;
    diag_reading best = se.nfound ? se.found[top_i] : (diag_reading){0};
    for (size_t i = 0; i < se.nfound; i++) {
        bool top = better(&se.found[i], &best) == 0;
        if (top && out->nreadings < DIAG_MAX_READINGS) {
            out->readings[out->nreadings++] = se.found[i];
        } else {
            if (top)
                out->more++;
            else
                out->worse++;
            diag_reading_free(&se.found[i]);
        }
    }
    free(se.found);
    out->exhausted = se.exhausted;
    out->tests = se.tests;
    return ok;
}

bool diag_search(const pvalue *vals, size_t nvals, const identity *ids, size_t nids,
                 const int *fails, size_t nfails, long budget, diag_outcome *out)
{
    diag_index ix;
    memset(out, 0, sizeof *out);
    if (!index_build(&ix, nvals, ids, nids))
        return false;
    bool ok = search_with(&ix, vals, nvals, ids, nids, fails, nfails, budget, out);
    index_free(&ix, nvals);
    return ok;
}

bool diag_reading_holds(const pvalue *vals, const identity *id, const diag_reading *rd)
{
    searcher se;
    memset(&se, 0, sizeof se);
    se.vals = vals;
    int S[KMAX];
    gfa_dec x[KMAX];
    int k = 0;
    for (size_t j = 0; j < rd->nfixes && k < KMAX; j++, k++) {
        S[k] = rd->fixes[j].value;
        x[k] = rd->fixes[j].proposed;
    }
    return holds(&se, id, S, x, k);
}

void diag_outcome_free(diag_outcome *o)
{
    for (size_t i = 0; i < o->nreadings; i++)
        diag_reading_free(&o->readings[i]);
    o->nreadings = 0;
}

/* ------------------------------------------------ the run's diagnosis --- */

/* The printed form of a value in the report's unit (a figure in 元 back to 元). */
static gfa_dec printed_units(const pvalue *p, gfa_dec value)
{
    gfa_dec out = value;
    out.scale += p->shift;
    if (out.scale < 0) {
        int up = -out.scale;
        if (up > 30 || __builtin_mul_overflow(out.units, dec_pow10(up), &out.units))
            return value;
        out.scale = 0;
    }
    /* at least the printed precision, no more digits than needed */
    digits g;
    int keep = p->printed[0] && digits_of(p->printed, &g) ? g.scale : 0;
    return trim(out, keep);
}

static const char *slip_words(slip_kind k)
{
    switch (k) {
    case SLIP_TRANSPOSED: return "（两位数字颠倒）";
    case SLIP_DIGIT: return "（一位数字差 1）";
    case SLIP_DROPPED: return "（漏了一位数字）";
    case SLIP_EXTRA: return "（多了一位数字）";
    case SLIP_UNIT: return "（单位差一万倍）";
    case SLIP_NEIGHBOUR: return "（抄成了相邻的数字）";
    case SLIP_POINT: return "（小数点错位）";
    case SLIP_NONE: break;
    }
    return "";
}

static const char *slip_name(slip_kind k)
{
    static const char *const names[] = {"", "transposed", "digit", "dropped", "extra", "unit",
                                        "neighbour", "point"};
    return names[k];
}

/* The performance form a form value is in, and its project name. */
static const char *project_of(xmlNodePtr n)
{
    while (n && !(n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "performance")))
        n = n->parent;
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "project"))
            return xml_attr(c, "name") ? xml_attr(c, "name") : "";
    return "";
}

/* A form field's name as its definition prints it (全年执行数), else its id. */
static const char *field_label(const vrun *v, const pvalue *p)
{
    const table_def *def = table_defs_find(&v->ctx->defs, "perf");
    const form_field *f = def && p->col ? table_def_field(def, p->col) : NULL;
    return f && f->labels.count ? f->labels.keys[0] : (p->col ? p->col : "");
}

/* Where a value is, in words: 公开05「机关服务」基本支出, 情况说明第 466 行「…」. */
static void place_of(const vrun *v, const pvalue *p, strbuf *sb)
{
    const char *t;
    char *r, *c;
    switch (p->kind) {
    case VAL_CELL:
        vrun_cell_names(v, p->table, p->row, p->col, &t, &r, &c);
        sb_addf(sb, "%s「%s」%s", t, r ? r : "", c ? c : "");
        free(r);
        free(c);
        break;
    case VAL_FIGURE:
        sb_addf(sb, "情况说明第 %ld 行「%s」", p->line, p->text ? p->text : p->printed);
        break;
    case VAL_FORM:
        sb_addf(sb, "绩效自评表「%s」%s %s", project_of(p->node), p->row ? p->row : "",
                field_label(v, p));
        break;
    }
}

/* A term's name beside the value x: the column label in x's row, the row name in x's
 * column, else its whole place. */
static void name_beside(const vrun *v, const pvalue *x, const pvalue *p, strbuf *sb)
{
    if (p->kind == VAL_CELL && x->kind == VAL_CELL && !strcmp(p->table, x->table)) {
        const char *t;
        char *r, *c;
        vrun_cell_names(v, p->table, p->row, p->col, &t, &r, &c);
        bool done = true;
        if (!strcmp(p->row, x->row))
            sb_adds(sb, c ? c : "");
        else if (!strcmp(p->col, x->col))
            sb_addf(sb, "「%s」", r ? r : "");
        else
            done = false;
        free(r);
        free(c);
        if (done)
            return;
    }
    if (p->kind == VAL_FORM && x->kind == VAL_FORM && p->table && x->table &&
        !strcmp(p->table, x->table)) {
        if (strcmp(p->row ? p->row : "", x->row ? x->row : ""))
            sb_addf(sb, "%s ", p->row ? p->row : "");
        sb_adds(sb, field_label(v, p));
        return;
    }
    if (p->kind == VAL_FIGURE) {
        sb_addf(sb, "「%s」", p->text ? p->text : p->printed);
        return;
    }
    place_of(v, p, sb);
}

/* How the value follows from an identity it failed: "合计 − 项目支出". */
static void derivation(const vrun *v, int value, const identity *id, strbuf *sb)
{
    const pvalue *x = &v->values[value];
    if (id->kind == ID_RATIO) {
        if (id->terms[0].value != value) {
            sb_adds(sb, id->rule->title ? id->rule->title : id->rule->id);
            return;
        }
        for (size_t t = 1; t < id->nterms; t++) {
            if (t == 1 + id->nnum)
                sb_adds(sb, " ÷ ");
            else if (t > 1)
                sb_adds(sb, id->terms[t].sign < 0 ? " − " : " + ");
            name_beside(v, x, &v->values[id->terms[t].value], sb);
        }
        sb_adds(sb, " × 100%");
        return;
    }
    int c = 0;
    for (size_t t = 0; t < id->nterms; t++)
        if (id->terms[t].value == value)
            c += id->terms[t].sign;
    bool first = true;
    for (size_t t = 0; t < id->nterms; t++) {
        if (id->terms[t].value == value)
            continue;
        int sign = -id->terms[t].sign * (c < 0 ? -1 : 1);
        if (!first || sign < 0)
            sb_adds(sb, sign < 0 ? (first ? "−" : " − ") : " + ");
        name_beside(v, x, &v->values[id->terms[t].value], sb);
        first = false;
    }
}

static const rule *diag_rule(const vrun *v, int check)
{
    for (size_t i = 0; i < v->rules->count; i++) {
        const rule *r = &v->rules->rules[i];
        for (size_t k = 0; k < r->nchecks; k++)
            if (r->checks[k].kind == RK_DIAGNOSIS && r->checks[k].check == check)
                return r->enabled ? r : NULL;
    }
    return NULL;
}

/* What a printed value is, as findings show it: a rate, a form's score, a count, an amount. */
static value_kind value_kind_of(const pvalue *p)
{
    if (p->percent || (p->kind == VAL_FORM && p->col && !strcmp(p->col, "rate")))
        return VK_RATE;
    if (p->kind == VAL_FORM && p->col && !strcmp(p->col, "score"))
        return VK_SCORE;
    if (dec_is_zero(p->half) && !p->blank)
        return VK_COUNT;
    return VK_AMOUNT;
}

/* Where a value is without line numbers, for a finding's fingerprint: a figure by its
 * clause, a form's field by the form's project (a cell: its table/row/col, NULL here). */
static char *value_lockey(const vrun *v, const pvalue *p)
{
    (void)v;
    char *key = NULL;
    if (p->kind == VAL_FIGURE) {
        if (asprintf(&key, "nar/%s/%s", p->text ? p->text : "", p->printed) < 0)
            key = NULL;
    } else if (p->kind == VAL_FORM) {
        if (asprintf(&key, "perf/%s/%s/%s", project_of(p->node), p->row ? p->row : "",
                     p->col ? p->col : "") < 0)
            key = NULL;
    }
    return key;
}

/* A finding at a value: its cell, figure or form field. */
static finding *fail_at_value(vrun *v, const rule *r, const char *what, const pvalue *p)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.line = p->line;
    at.pos = p->pos;
    at.node = p->node;
    if (p->kind != VAL_FIGURE) {
        at.table = p->table;
        at.row = p->row;
        at.col = p->col;
    }
    finding *f = vrun_fail(v, r, what, &at);
    if (!f)
        return NULL;
    f->value = (int)(p - v->values);
    f->kind = value_kind_of(p);
    char *key = value_lockey(v, p);
    if (key)
        finding_set_lockey(f, key);
    free(key);
    return f;
}

/* Whether a failed duplicate differs only by rounding from the exact sum of the parts of
 * the other side ("2024年度财政拨款基本支出763.85万元" for 公开05's 763.86, with
 * 人员经费 682.76 + 公用经费 81.09 = 763.85): rounding is never an error. */
static bool rounding_of_parts(const vrun *v, const identity *id)
{
    if (id->nterms != 2 || id->kind != ID_SUM)
        return false;
    for (int side = 0; side < 2; side++) {
        const pvalue *fig = &v->values[id->terms[side].value];
        int other = id->terms[1 - side].value;
        if (fig->kind != VAL_FIGURE || v->values[other].kind != VAL_CELL)
            continue; /* a table's duplicates must be equal (an inconsistency) */
        for (size_t i = 0; i < v->nidents; i++) {
            const identity *s = &v->idents[i];
            if (s->failed || s->kind != ID_SUM || s->strict || s->nterms < 3)
                continue;
            int c = 0;
            gfa_dec sum = s->konst.mid;
            bool ok = true;
            for (size_t t = 0; t < s->nterms && ok; t++) {
                if (s->terms[t].value == other) {
                    c += s->terms[t].sign;
                    continue;
                }
                gfa_dec x = v->values[s->terms[t].value].value;
                ok = dec_add(sum, s->terms[t].sign > 0 ? x : dec_neg(x), &sum);
            }
            if (!ok || (c != 1 && c != -1))
                continue;
            /* other = −sum ÷ c, exactly */
            gfa_dec implied = c > 0 ? dec_neg(sum) : sum;
            if (dec_cmp(implied, fig->value) == 0)
                return true;
        }
    }
    return false;
}

/* Findings of checks that are not identities (a zero base, a comparison, a decimal comma)
 * about a root value follow from it. */
static bool about_value(const vrun *v, const finding *f, const pvalue *p)
{
    if (p->kind == VAL_FIGURE)
        return !f->table && f->line == p->line && (f->pos == p->pos || !p->pos) && f->reported &&
               p->printed[0] && !strcmp(f->reported, p->printed);
    if (p->kind == VAL_CELL)
        return f->table && f->row && f->col && !strcmp(f->table, p->table) &&
               !strcmp(f->row, p->row) && !strcmp(f->col, p->col);
    return f->xpath && p->node && f->line == p->line && f->pos == p->pos;
}

static int find_root(int *parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* Severity of a root: the worst of its cluster's findings, at most its rule's. */
static void root_severity(vrun *v, int root, const int *members, size_t n)
{
    gfa_severity worst = GFA_SEV_INFO;
    for (size_t i = 0; i < n; i++) {
        int fi = v->idents[members[i]].finding;
        if (fi >= 0 && v->findings[fi].severity > worst)
            worst = v->findings[fi].severity;
    }
    finding *f = &v->findings[root];
    f->severity = worst < f->rule->severity ? worst : f->rule->severity;
}

/* The correction of one value as a root-cause finding (GFA-DIAG-001). */
static int root_finding(vrun *v, const rule *r, const diag_fix *fx, const identity *via)
{
    const pvalue *p = &v->values[fx->value];
    char what[300];
    snprintf(what, sizeof what, "diagnosis %s", p->key);
    finding *f = fail_at_value(v, r, what, p);
    if (!f)
        return -1;
    int idx = (int)(f - v->findings);
    strbuf place, how;
    sb_init(&place);
    sb_init(&how);
    place_of(v, p, &place);
    if (via)
        derivation(v, fx->value, via, &how);
    f->reported = strdup(p->blank ? "" : p->printed);
    f->expected = dec_text(printed_units(p, fx->proposed));
    if (fx->slip != SLIP_NONE)
        f->slip = strdup(slip_name(fx->slip));
    char *tp = sb_take(&place), *th = sb_take(&how);
    vrun_message(v, f, &(msg_args){.text = tp, .detail = th, .a = slip_words(fx->slip)});
    free(tp);
    free(th);
    return idx;
}

/* One reading of an ambiguous diagnosis, in words (a value beside the one before it is
 * named by its column, row or field). */
static void reading_words(const vrun *v, const diag_reading *rd, strbuf *sb)
{
    for (size_t j = 0; j < rd->nfixes; j++) {
        const pvalue *p = &v->values[rd->fixes[j].value];
        char buf[64];
        if (j) {
            sb_adds(sb, "，");
            name_beside(v, &v->values[rd->fixes[j - 1].value], p, sb);
        } else {
            place_of(v, p, sb);
        }
        sb_addf(sb, " %s → %s%s", p->blank ? "（空）" : p->printed,
                dec_format(printed_units(p, rd->fixes[j].proposed), buf, sizeof buf),
                slip_words(rd->fixes[j].slip));
    }
}

/* A cluster already diagnosed: its readings and findings. */
typedef struct done_cluster {
    diag_outcome out;
    int roots[KMAX * DIAG_MAX_READINGS];
    size_t nroots;
    int other;
} done_cluster;

/* Links the failed identities to their causes: the root the finding is about, else the
 * first root the identity holds, else the ambiguous or undetermined finding. */
static void link_causes(vrun *v, const int *members, size_t n, const done_cluster *dc)
{
    for (size_t i = 0; i < n; i++) {
        const identity *id = &v->idents[members[i]];
        if (id->finding < 0)
            continue;
        int cause = -1;
        const finding *fd = &v->findings[id->finding];
        for (size_t j = 0; j < dc->nroots && cause < 0; j++)
            if (about_value(v, fd, &v->values[v->findings[dc->roots[j]].value]))
                cause = dc->roots[j];
        for (size_t j = 0; j < dc->nroots && cause < 0; j++)
            for (size_t t = 0; t < id->nterms && cause < 0; t++)
                if (id->terms[t].value == v->findings[dc->roots[j]].value)
                    cause = dc->roots[j];
        if (cause < 0)
            cause = dc->other >= 0 ? dc->other : (dc->nroots ? dc->roots[0] : -1);
        v->findings[id->finding].cause = cause;
    }
    for (size_t j = 0; j < dc->nroots; j++)
        root_severity(v, dc->roots[j], members, n);
    if (dc->other >= 0)
        root_severity(v, dc->other, members, n);
}

/* A cluster that every reading of an earlier one also corrects follows from it (two forms'
 * rows whose balances are both wrong, tied by a sum that holds). */
static bool covered(vrun *v, const int *members, size_t n, done_cluster *done, size_t ndone)
{
    for (size_t d = 0; d < ndone; d++) {
        const diag_outcome *o = &done[d].out;
        bool all = o->size > 0 && o->nreadings > 0 && !o->more;
        for (size_t r = 0; all && r < o->nreadings; r++)
            for (size_t i = 0; all && i < n; i++)
                all = diag_reading_holds(v->values, &v->idents[members[i]], &o->readings[r]);
        if (all) {
            link_causes(v, members, n, &done[d]);
            return true;
        }
    }
    return false;
}

static void diagnose_cluster(vrun *v, const diag_index *ix, const int *members, size_t n,
                             done_cluster *dc)
{
    const rule *root_rule = diag_rule(v, DIAG_ROOT);
    const rule *amb_rule = diag_rule(v, DIAG_AMBIGUOUS);
    const rule *und_rule = diag_rule(v, DIAG_UNDETERMINED);
    diag_outcome out;
    memset(dc, 0, sizeof *dc);
    dc->other = -1;
    if (!search_with(ix, v->values, v->nvalues, v->idents, v->nidents, members, n, 4000, &out)) {
        v->out_of_memory = true;
        return;
    }
    /* fixes every reading shares are certain; the rest is ambiguous */
    diag_fix certain[KMAX * DIAG_MAX_READINGS];
    size_t ncertain = 0;
    bool unique = out.nreadings == 1 && out.more == 0;
    for (size_t j = 0; out.nreadings && j < out.readings[0].nfixes; j++) {
        const diag_fix *fx = &out.readings[0].fixes[j];
        bool everywhere = !out.more; /* readings not kept may not share it */
        for (size_t r = 1; r < out.nreadings && everywhere; r++) {
            bool in = false;
            for (size_t m = 0; m < out.readings[r].nfixes && !in; m++)
                in = out.readings[r].fixes[m].value == fx->value &&
                     dec_cmp(out.readings[r].fixes[m].proposed, fx->proposed) == 0;
            everywhere = in;
        }
        if (everywhere || unique)
            certain[ncertain++] = *fx;
    }
    int roots[KMAX * DIAG_MAX_READINGS];
    size_t nroots = 0;
    for (size_t j = 0; root_rule && j < ncertain; j++) {
        /* what it follows from: the shortest failed identity that holds it, a sum
         * before a ratio */
        const identity *via = NULL;
        int via_rank = 0;
        for (size_t i = 0; i < n; i++) {
            const identity *id = &v->idents[members[i]];
            if (!coefficient(id, 0, id->nterms, certain[j].value) &&
                !(id->kind == ID_RATIO && id->terms[0].value == certain[j].value))
                continue;
            /* a sum before a ratio; for a cell, other cells before narrative figures;
             * then the shortest */
            int rank = (id->kind == ID_RATIO) * 2000 + (int)id->nterms;
            for (size_t t = 0; t < id->nterms; t++)
                if (v->values[certain[j].value].kind == VAL_CELL &&
                    v->values[id->terms[t].value].kind == VAL_FIGURE)
                    rank += 1000;
            if (!via || rank < via_rank) {
                via = id;
                via_rank = rank;
            }
        }
        int f = root_finding(v, root_rule, &certain[j], via);
        if (f >= 0)
            roots[nroots++] = f;
    }
    int other = -1; /* the ambiguous or undetermined finding */
    if (out.size > 0 && !unique && amb_rule) {
        strbuf sb;
        sb_init(&sb);
        for (size_t r = 0; r < out.nreadings; r++) {
            if (r)
                sb_adds(&sb, "；或 ");
            reading_words(v, &out.readings[r], &sb);
        }
        if (out.more)
            sb_addf(&sb, "；另有 %zu 种", out.more);
        char what[64];
        snprintf(what, sizeof what, "diagnosis: %zu failed identities, %zu readings", n,
                 out.nreadings + out.more);
        finding *f = vrun_fail(v, amb_rule, what, NULL);
        if (f) {
            other = (int)(f - v->findings);
            f->candidates = calloc(out.nreadings * KMAX + 1, sizeof *f->candidates);
            for (size_t r = 0; f->candidates && r < out.nreadings; r++)
                for (size_t j = 0; j < out.readings[r].nfixes; j++) {
                    const diag_fix *fx = &out.readings[r].fixes[j];
                    finding_candidate *c = &f->candidates[f->ncandidates++];
                    const pvalue *p = &v->values[fx->value];
                    c->set = (int)r + 1;
                    if (p->kind != VAL_FIGURE) {
                        c->table = strdup(p->table);
                        c->row = strdup(p->row ? p->row : "");
                        c->col = strdup(p->col ? p->col : "");
                    }
                    c->line = p->line;
                    c->pos = p->pos;
                    c->reported = strdup(p->printed);
                    c->expected = dec_text(printed_units(p, fx->proposed));
                    c->slip = fx->slip != SLIP_NONE ? strdup(slip_name(fx->slip)) : NULL;
                }
            /* where, without line numbers: the values its readings correct */
            strbuf key;
            sb_init(&key);
            for (size_t r = 0; r < out.nreadings; r++)
                for (size_t j = 0; j < out.readings[r].nfixes; j++) {
                    const pvalue *p = &v->values[out.readings[r].fixes[j].value];
                    char *lk = value_lockey(v, p);
                    sb_addf(&key, "%s%s", key.len ? ";" : "", lk ? lk : p->key);
                    free(lk);
                }
            char *k = sb_take(&key);
            finding_set_lockey(f, k);
            free(k);
            char *d = sb_take(&sb);
            vrun_message(v, f, &(msg_args){.detail = d});
            free(d);
        } else {
            sb_free(&sb);
        }
    } else if (out.size == 0 && und_rule) {
        char what[64];
        snprintf(what, sizeof what, "diagnosis: %zu failed identities", n);
        finding *f = vrun_fail(v, und_rule, what, NULL);
        if (f) {
            other = (int)(f - v->findings);
            char detail[64];
            snprintf(detail, sizeof detail, "%d", KMAX);
            vrun_message(v, f, &(msg_args){.detail = detail});
        }
    }
    dc->out = out;
    memcpy(dc->roots, roots, nroots * sizeof *roots);
    dc->nroots = nroots;
    dc->other = other;
    link_causes(v, members, n, dc);
}

void vrun_diagnose(vrun *v)
{
    const rule *root_rule = diag_rule(v, DIAG_ROOT);
    size_t nf0 = v->nfindings;
    /* rounding differences from the exact sum of the parts: at most info, not a target */
    bool *target = calloc(v->nidents + 1, sizeof *target);
    int *parent = calloc(v->nvalues + 1, sizeof *parent);
    int *members = calloc(v->nidents + 1, sizeof *members);
    if (!target || !parent || !members) {
        free(target);
        free(parent);
        free(members);
        v->out_of_memory = true;
        return;
    }
    size_t ntargets = 0;
    diag_reading none = {0};
    for (size_t i = 0; i < v->nidents; i++) {
        identity *id = &v->idents[i];
        if (!id->failed)
            continue;
        /* a check that failed over rounding alone (a narrative figure one unit of its
         * last digit off its cell) holds for the diagnosis: nothing to correct; when the
         * figure is the exact sum of the cell's printed parts it is at most info */
        if (diag_reading_holds(v->values, id, &none)) {
            finding *f = id->finding >= 0 ? &v->findings[id->finding] : NULL;
            if (f && rounding_of_parts(v, id)) {
                f->severity = GFA_SEV_INFO;
                free(f->expected);
                f->expected = NULL;
            }
            continue;
        }
        target[i] = true;
        ntargets++;
    }
    for (size_t i = 0; i < v->nvalues; i++)
        parent[i] = (int)i;
    for (size_t i = 0; i < v->nidents; i++)
        for (size_t t = 1; target[i] && t < v->idents[i].nterms; t++) {
            int a = find_root(parent, v->idents[i].terms[0].value),
                b = find_root(parent, v->idents[i].terms[t].value);
            if (a != b)
                parent[a] = b;
        }
    /* how precise the values a value is compared with are printed (a digit dropped from
     * 10.693 leaves 10.63 among 3-decimal figures) */
    for (size_t i = 0; i < v->nvalues; i++)
        v->values[i].context_scale = -1;
    for (size_t i = 0; i < v->nidents; i++)
        for (size_t t = 0; t < v->idents[i].nterms; t++) {
            pvalue *p = &v->values[v->idents[i].terms[t].value];
            for (size_t u = 0; u < v->idents[i].nterms; u++) {
                const pvalue *q = &v->values[v->idents[i].terms[u].value];
                if (q != p && !q->percent && !p->percent && !q->blank &&
                    q->value.scale > p->context_scale)
                    p->context_scale = q->value.scale;
            }
        }
    for (size_t i = 0; i < v->nvalues; i++)
        if (v->values[i].context_scale < 0)
            v->values[i].context_scale = v->values[i].value.scale;
    /* one cluster per root value, in the order of their first identity */
    done_cluster *done = calloc(ntargets + 1, sizeof *done);
    size_t ndone = 0;
    diag_index ix;
    bool indexed = ntargets && root_rule && index_build(&ix, v->nvalues, v->idents, v->nidents);
    if ((ntargets && root_rule && !indexed) || !done)
        v->out_of_memory = true;
    for (size_t i = 0; indexed && done && i < v->nidents; i++) {
        if (!target[i])
            continue;
        int root = find_root(parent, v->idents[i].terms[0].value);
        size_t n = 0;
        for (size_t j = i; j < v->nidents; j++)
            if (target[j] && find_root(parent, v->idents[j].terms[0].value) == root) {
                members[n++] = (int)j;
                target[j] = false;
            }
        if (!covered(v, members, n, done, ndone))
            diagnose_cluster(v, &ix, members, n, &done[ndone++]);
    }
    for (size_t d = 0; d < ndone; d++)
        diag_outcome_free(&done[d].out);
    free(done);
    if (indexed)
        index_free(&ix, v->nvalues);
    if (root_rule && ntargets == 0)
        vrun_pass(v, root_rule, "diagnosis: every identity holds");
    for (int check = DIAG_AMBIGUOUS; check <= DIAG_UNDETERMINED; check++) {
        const rule *r = diag_rule(v, check);
        bool used = false;
        for (size_t i = nf0; i < v->nfindings && !used; i++)
            used = v->findings[i].rule == r;
        if (r && !used)
            vrun_pass(v, r, "diagnosis");
    }
    /* other findings about a root value follow from it: checks that are no identity (a
     * zero base, a decimal comma), and identities that failed over rounding alone */
    for (size_t i = 0; i < nf0; i++) {
        finding *f = &v->findings[i];
        if (f->cause >= 0)
            continue;
        for (size_t j = nf0; j < v->nfindings && f->cause < 0; j++)
            if (v->findings[j].value >= 0 &&
                about_value(v, f, &v->values[v->findings[j].value]))
                f->cause = (int)j;
    }
    for (size_t i = 0; i < v->nidents; i++) {
        const identity *id = &v->idents[i];
        if (id->finding < 0 || v->findings[id->finding].cause >= 0)
            continue;
        for (size_t j = nf0; j < v->nfindings && v->findings[id->finding].cause < 0; j++)
            if (v->findings[j].value >= 0 && coefficient(id, 0, id->nterms, v->findings[j].value))
                v->findings[id->finding].cause = (int)j;
    }
    free(target);
    free(parent);
    free(members);
}

void check_diagnosis(vrun *v, const rule *r, const rule_check *c)
{
    (void)v, (void)r, (void)c; /* run once after every other rule: vrun_diagnose */
}
