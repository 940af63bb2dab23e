/* flat_place.c — where the values of a flattened row go (issue 10). Flattened text drops
 * blank cells, so a row of a six-column table may print only two values; which two
 * columns they belong to is decided here by the table's own sums:
 *   - within a row, a column that is the sum of others (the definition's @sum: 本年支出合计
 *     = 基本 + 项目 + …) must equal them;
 *   - across rows, a parent row (合计, a 类, a 款) must equal the sum of its child rows,
 *     column by column;
 *   - a row whose columns another table prints again (公开02's 合计 as 公开01's 收入 rows,
 *     the part's totals-in) keeps, of its placements that hold its own sums, those agreeing
 *     with them: the rows under it follow by the sums above (the family moves as one when
 *     only the cross-table values tell 附属单位上缴收入 from 其他收入).
 * Values keep their printed order. Each row's placements are enumerated (bounded), the
 * ones breaking its own sums dropped; then one dynamic programme over the tree of rows
 * finds the placement of every row that breaks the fewest sums, ties broken by the
 * preference of each row's own placement (the fewest values in columns marked
 * often-blank, then left to right). A row is ambiguous when another of its placements is
 * part of an equally good solution: the caller says so, naming the alternatives.
 *
 * Comparisons are exact (base/decimal.h) with the rounding tolerance of Calculations 1.1:
 * a value printed with d decimals stands for [v − u/2, v + u/2], u = 10^-d.
 * TODO: switch the tolerance to base/interval.h when the rules work brings it. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COMBOS 20000 /* placements enumerated per row: C(16,8) = 12,870 fits */
#define MAX_DOMAIN 64    /* placements kept per row after its own sums */
#define MAX_STATES 4096  /* partial sums kept per step of a family's knapsack */
#define WORK_BUDGET 20000000L /* state operations for a whole table */

/* A cost: sums broken first, then the preference ranks of the chosen placements. */
typedef struct cost {
    int viol;
    long pref;
} cost;

static const cost COST_NONE = {1 << 29, 0};

static bool cost_less(cost a, cost b)
{
    return a.viol != b.viol ? a.viol < b.viol : a.pref < b.pref;
}

static cost cost_add(cost a, cost b)
{
    cost c = {a.viol + b.viol, a.pref + b.pref};
    return c;
}

/* One placement of a row's values. */
typedef struct placement {
    int pos[PLACE_MAX_VALS]; /* column of each value; -1 past the last column */
    __int128 *vec;           /* the row as placed: a value per column, 0 when blank */
    int own_viol;            /* 1 when it breaks the row's own sums */
    int rank;                /* preference order within the row (0 = preferred) */
} placement;

/* A step of a family's knapsack: partial sums of the first children. */
typedef struct kstate {
    __int128 *sum; /* per column */
    cost c;
    int prev;      /* state of the previous step */
    int value;     /* placement chosen for this step's child */
    bool dead;     /* no parent placement can be reached any more: the sums no longer
                      matter, all such states are one (the cheapest) */
} kstate;

typedef struct klayer {
    kstate *s;
    int n, cap;
    int dead;      /* the dead state, -1 */
} klayer;

typedef struct solver {
    place_row *rows;
    int nrows;
    int scale;          /* common scale of every value */
    placement **dom;    /* per row */
    int *ndom;
    int **children;     /* per row */
    int *nchildren;
    __int128 *tol;      /* per row as a parent: 2 × tolerance of its family */
    cost **inside;      /* per row and placement: best cost of the row's subtree */
    int **best_state;   /* per row and placement: final knapsack state chosen */
    klayer **layers;    /* per row as a parent: its knapsack steps (kept for the answer) */
    int *order;         /* rows, children before parents */
    long work;
    bool capped;
    bool core_only;     /* each row's placements with no value in an often-blank column,
                           where it has any (the second search of a bounded table) */
    bool nomem;
} solver;

/* ------------------------------------------------------------ exact values --- */

static __int128 scaled(gfa_dec d, int scale, bool *ok)
{
    gfa_dec out;
    if (!dec_rescale(d, scale, &out)) {
        *ok = false;
        return 0;
    }
    return out.units;
}

/* Twice the half unit of a value printed with `decimals` decimals, at `scale`: 10^(scale −
 * decimals). Comparing 2|diff| with the sum of these is the rounding test. */
static __int128 unit_at(int decimals, int scale)
{
    return decimals >= scale ? 1 : dec_pow10(scale - decimals);
}

static __int128 abs128(__int128 v)
{
    return v < 0 ? -v : v;
}

/* Does a placed row keep its own sums? */
static bool own_sums_hold(const place_row *r, const __int128 *vec, const __int128 *unit)
{
    for (int c = 0; c < r->ncols; c++) {
        const place_col *pc = &r->cols[c];
        if (pc->nsum == 0)
            continue;
        __int128 diff = vec[c], tol = unit[c];
        for (int t = 0; t < pc->nsum; t++) {
            int k = pc->sum_col[t];
            if (k < 0 || k >= r->ncols)
                continue;
            diff -= pc->sum_sign[t] * vec[k];
            tol += unit[k];
        }
        if (2 * abs128(diff) > tol)
            return false;
    }
    return true;
}

/* Does a placed row agree with the values its columns are printed with elsewhere? A
 * blank cell agrees with none; an expected value finer than the row's scale is not compared. */
static bool expectations_hold(const solver *s, const place_row *r, const __int128 *vec,
                              const __int128 *unit)
{
    for (int c = 0; c < r->ncols; c++) {
        bool exact = true;
        __int128 want = r->expected[c] ? scaled(r->expect[c], s->scale, &exact) : 0;
        if (!r->expected[c] || !exact)
            continue;
        if (unit[c] == 0 || 2 * abs128(vec[c] - want) > unit[c] + unit_at(r->expect[c].scale, s->scale))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------- domains --- */

static int often_blank_count(const place_row *r, const int *pos)
{
    int n = 0;
    for (int v = 0; v < r->nvals; v++)
        n += pos[v] >= 0 && r->cols[pos[v]].often_blank;
    return n;
}

static bool in_absent(const place_row *r, const int *pos)
{
    for (int v = 0; v < r->nvals; v++)
        if (pos[v] >= 0 && r->cols[pos[v]].absent)
            return true;
    return false;
}

static long binomial(int n, int k)
{
    long b = 1;
    for (int i = 1; i <= k; i++) {
        b = b * (n - k + i) / i;
        if (b > MAX_COMBOS * 10L)
            return b;
    }
    return b;
}

static int cmp_placement(const void *a, const void *b)
{
    const placement *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    for (int v = 0; v < PLACE_MAX_VALS; v++)
        if (x->pos[v] != y->pos[v])
            return x->pos[v] < y->pos[v] ? -1 : 1;
    return 0;
}

/* Fills the row as placed (a value per column) and the unit of each cell. */
static bool place_vec(const solver *s, const place_row *r, const int *pos, __int128 *vec,
                      __int128 *unit)
{
    bool ok = true;
    for (int c = 0; c < r->ncols; c++)
        vec[c] = unit[c] = 0;
    for (int v = 0; v < r->nvals; v++)
        if (pos[v] >= 0 && pos[v] < r->ncols) {
            vec[pos[v]] = scaled(r->vals[v], s->scale, &ok);
            unit[pos[v]] = unit_at(r->vals[v].scale, s->scale);
        }
    return ok;
}

/* A growable list of placements. */
typedef struct plist {
    placement *p;
    int n, cap;
} plist;

static bool plist_add(plist *l, const int *pos, int nvals, int own_viol, int rank)
{
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 16;
        placement *p = realloc(l->p, (size_t)ncap * sizeof *p);
        if (!p)
            return false;
        l->p = p;
        l->cap = ncap;
    }
    placement *p = &l->p[l->n++];
    memset(p, 0, sizeof *p);
    for (int v = 0; v < PLACE_MAX_VALS; v++)
        p->pos[v] = v < nvals ? pos[v] : -1;
    p->own_viol = own_viol;
    p->rank = rank;
    return true;
}

/* The placements of one row: every order-keeping choice of columns that keeps the row's
 * sums, preferred first; when none does, every choice (each breaking a sum). */
static bool build_domain(solver *s, int ri)
{
    place_row *r = &s->rows[ri];
    int n = r->ncols, k = r->nvals;
    int idx[PLACE_MAX_VALS];
    plist good = {0}, broken = {0};
    bool ok = true;
    if (k == 0 || k >= n || binomial(n, k) > MAX_COMBOS) {
        /* nothing to choose, or too much: left to right (extra values past the end) */
        if (k > 0 && k < n)
            r->capped = true;
        for (int v = 0; v < k; v++)
            idx[v] = v < n ? v : -1;
        ok = plist_add(&good, idx, k, 0, 0);
    } else {
        /* the combinations in lexicographic order: left-aligned first; first none with a
         * value in a column the header does not print, then, when none of those keeps the
         * row's sums, every one */
        bool any_absent = false;
        for (int c = 0; c < n; c++)
            any_absent |= r->cols[c].absent;
        __int128 vec[PLACE_MAX_COLS], unit[PLACE_MAX_COLS];
        for (int pass = any_absent ? 0 : 1; pass < 2 && ok && !good.n; pass++) {
            bool had_broken = broken.n > 0;
            for (int v = 0; v < k; v++)
                idx[v] = v;
            for (;;) {
                if (pass == 1 || !in_absent(r, idx)) {
                    bool exact = place_vec(s, r, idx, vec, unit);
                    if (!exact)
                        s->capped = true;
                    int rank = often_blank_count(r, idx);
                    if (exact && own_sums_hold(r, vec, unit))
                        ok = plist_add(&good, idx, k, 0, rank);
                    else if (good.n == 0 && !had_broken && broken.n < MAX_DOMAIN)
                        ok = plist_add(&broken, idx, k, 1, rank);
                    if (!ok)
                        break;
                }
                int v = k - 1;
                while (v >= 0 && idx[v] == n - k + v)
                    v--;
                if (v < 0)
                    break;
                idx[v]++;
                for (int w = v + 1; w < k; w++)
                    idx[w] = idx[w - 1] + 1;
            }
        }
    }
    if (ok && s->core_only && good.n > 1) { /* no value in an often-blank column, if any */
        int core = 0;
        for (int d = 0; d < good.n; d++)
            if (often_blank_count(r, good.p[d].pos) == 0)
                good.p[core++] = good.p[d];
        if (core > 0)
            good.n = core;
    }
    if (ok && good.n > 1) { /* those agreeing with the values printed elsewhere, if any */
        int agree = 0;
        __int128 vec[PLACE_MAX_COLS], unit[PLACE_MAX_COLS];
        for (int d = 0; d < good.n; d++)
            if (place_vec(s, r, good.p[d].pos, vec, unit) && expectations_hold(s, r, vec, unit))
                good.p[agree++] = good.p[d];
        if (agree > 0)
            good.n = agree;
    }
    plist *use = good.n ? &good : &broken;
    if (ok) {
        qsort(use->p, (size_t)use->n, sizeof *use->p, cmp_placement);
        if (use->n > MAX_DOMAIN) {
            use->n = MAX_DOMAIN;
            r->capped = true;
        }
        s->dom[ri] = use->p;
        s->ndom[ri] = use->n;
        use->p = NULL;
        /* the rank becomes the position in preference order; each keeps its row as placed */
        __int128 unit[PLACE_MAX_COLS];
        for (int d = 0; d < s->ndom[ri] && ok; d++) {
            placement *p = &s->dom[ri][d];
            p->rank = d;
            p->vec = calloc((size_t)(n > 0 ? n : 1), sizeof *p->vec);
            ok = p->vec != NULL;
            if (ok && !place_vec(s, r, p->pos, p->vec, unit))
                s->capped = true;
        }
    }
    free(good.p);
    free(broken.p);
    return ok;
}

/* ------------------------------------------------------------- knapsacks --- */

static void layer_free(klayer *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->s[i].sum);
    free(l->s);
    memset(l, 0, sizeof *l);
}

static uint64_t vec_hash(const __int128 *v, int n)
{
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *p = (const unsigned char *)v;
    for (size_t i = 0; i < (size_t)n * sizeof *v; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Adds (or improves) a state with partial sums `sum` in a layer; a small hash index
 * finds equal sums. */
static bool layer_put(solver *s, klayer *l, int *index, int index_cap, int ncols,
                      const __int128 *sum, cost c, int prev, int value, bool dead)
{
    if (dead && l->dead >= 0) {
        kstate *k = &l->s[l->dead];
        if (cost_less(c, k->c)) {
            k->c = c;
            k->prev = prev;
            k->value = value;
        }
        return true;
    }
    uint64_t h = vec_hash(sum, ncols);
    size_t slot = (size_t)(h % (uint64_t)index_cap);
    for (int probe = 0; probe < index_cap && !dead; probe++, slot = (slot + 1) % (size_t)index_cap) {
        int at = index[slot];
        if (at < 0)
            break;
        if (memcmp(l->s[at].sum, sum, (size_t)ncols * sizeof *sum) == 0) {
            if (cost_less(c, l->s[at].c)) {
                l->s[at].c = c;
                l->s[at].prev = prev;
                l->s[at].value = value;
            }
            return true;
        }
    }
    if (l->n >= MAX_STATES && !dead) {
        /* bounded: sums met later are dropped. They come from the less preferred placements
         * (each child's are in preference order), and the answer is said to be bounded. */
        s->capped = true;
        return true;
    }
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 16;
        kstate *st = realloc(l->s, (size_t)ncap * sizeof *st);
        if (!st)
            return false;
        l->s = st;
        l->cap = ncap;
    }
    kstate *k = &l->s[l->n];
    k->sum = malloc((size_t)(ncols > 0 ? ncols : 1) * sizeof *sum);
    if (!k->sum)
        return false;
    memcpy(k->sum, sum, (size_t)ncols * sizeof *sum);
    k->c = c;
    k->prev = prev;
    k->value = value;
    k->dead = dead;
    if (dead)
        l->dead = l->n++;
    else
        index[slot] = l->n++;
    return true;
}

/* The knapsack of parent p's children: layers[i] holds the partial sums of children
 * 0..i with their best costs. */
static bool family_knapsack(solver *s, int p, klayer *layers)
{
    int m = s->nchildren[p], ncols = s->rows[p].ncols;
    size_t nc = (size_t)(ncols > 0 ? ncols : 1);
    int index_cap = 2 * MAX_STATES + 1;
    int *index = malloc((size_t)index_cap * sizeof *index);
    __int128 *sum = malloc(nc * sizeof *sum);
    /* what the parent can be (the box of its placements), and what the children after
     * step i can still add: a partial sum that cannot reach the box is dead */
    __int128 *pmin = malloc(nc * sizeof *pmin), *pmax = malloc(nc * sizeof *pmax);
    __int128 *rmin = calloc((size_t)(m + 1) * nc, sizeof *rmin);
    __int128 *rmax = calloc((size_t)(m + 1) * nc, sizeof *rmax);
    bool ok = index && sum && pmin && pmax && rmin && rmax;
    for (int col = 0; ok && col < ncols; col++) {
        pmin[col] = pmax[col] = s->dom[p][0].vec[col];
        for (int d = 1; d < s->ndom[p]; d++) {
            __int128 v = s->dom[p][d].vec[col];
            pmin[col] = v < pmin[col] ? v : pmin[col];
            pmax[col] = v > pmax[col] ? v : pmax[col];
        }
        for (int i = m - 1; i >= 1; i--) { /* rmin[i]: children i .. m-1 */
            int c = s->children[p][i];
            __int128 lo = s->dom[c][0].vec[col], hi = lo;
            for (int d = 1; d < s->ndom[c]; d++) {
                __int128 v = s->dom[c][d].vec[col];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            rmin[(size_t)i * nc + (size_t)col] = rmin[(size_t)(i + 1) * nc + (size_t)col] + lo;
            rmax[(size_t)i * nc + (size_t)col] = rmax[(size_t)(i + 1) * nc + (size_t)col] + hi;
        }
    }
    for (int i = 0; ok && i < m; i++) {
        int c = s->children[p][i];
        layers[i].dead = -1;
        for (int k = 0; k < index_cap; k++)
            index[k] = -1;
        int nprev = i == 0 ? 1 : layers[i - 1].n;
        const __int128 *lo = &rmin[(size_t)(i + 1) * nc], *hi = &rmax[(size_t)(i + 1) * nc];
        for (int ps = 0; ok && ps < nprev; ps++) {
            bool was_dead = i > 0 && layers[i - 1].s[ps].dead;
            for (int d = 0; ok && d < s->ndom[c]; d++) {
                if (s->inside[c][d].viol >= COST_NONE.viol)
                    continue;
                s->work++;
                cost base = i == 0 ? (cost){0, 0} : layers[i - 1].s[ps].c;
                bool dead = was_dead;
                for (int col = 0; col < ncols && !dead; col++) {
                    sum[col] = (i == 0 ? 0 : layers[i - 1].s[ps].sum[col]) +
                               (col < s->rows[c].ncols ? s->dom[c][d].vec[col] : 0);
                    dead = 2 * (sum[col] + lo[col] - pmax[col]) > s->tol[p] ||
                           2 * (pmin[col] - sum[col] - hi[col]) > s->tol[p];
                }
                ok = layer_put(s, &layers[i], index, index_cap, ncols, sum,
                               cost_add(base, s->inside[c][d]), i == 0 ? -1 : ps, d, dead);
            }
        }
    }
    free(index);
    free(sum);
    free(pmin);
    free(pmax);
    free(rmin);
    free(rmax);
    return ok;
}

/* Cost of a parent placement against the children's sums. */
static int family_viol(const solver *s, int p, const __int128 *vec, const kstate *k)
{
    if (k->dead)
        return 1;
    const __int128 *sum = k->sum;
    for (int c = 0; c < s->rows[p].ncols; c++)
        if (2 * abs128(vec[c] - sum[c]) > s->tol[p])
            return 1;
    return 0;
}

/* inside[p][*] from the children's inside costs. */
static bool compute_inside(solver *s, int p, bool keep_layers)
{
    int m = s->nchildren[p];
    if (m == 0) {
        for (int d = 0; d < s->ndom[p]; d++) {
            cost c = {s->dom[p][d].own_viol, s->dom[p][d].rank};
            s->inside[p][d] = c;
            s->best_state[p][d] = -1;
        }
        return true;
    }
    klayer *layers = calloc((size_t)m, sizeof *layers);
    if (!layers || !family_knapsack(s, p, layers)) {
        for (int i = 0; layers && i < m; i++)
            layer_free(&layers[i]);
        free(layers);
        return false;
    }
    klayer *last = &layers[m - 1];
    for (int d = 0; d < s->ndom[p]; d++) {
        cost best = COST_NONE;
        int best_st = -1;
        for (int st = 0; st < last->n; st++) {
            s->work++;
            cost c = last->s[st].c;
            c.viol += family_viol(s, p, s->dom[p][d].vec, &last->s[st]);
            if (cost_less(c, best)) {
                best = c;
                best_st = st;
            }
        }
        cost own = {s->dom[p][d].own_viol, s->dom[p][d].rank};
        s->inside[p][d] = best_st >= 0 ? cost_add(best, own) : COST_NONE;
        s->best_state[p][d] = best_st;
    }
    if (keep_layers) {
        s->layers[p] = layers;
    } else {
        for (int i = 0; i < m; i++)
            layer_free(&layers[i]);
        free(layers);
    }
    return true;
}

/* ------------------------------------------------------------------ solve --- */

static void solver_free(solver *s)
{
    for (int r = 0; r < s->nrows; r++) {
        for (int d = 0; s->dom && d < s->ndom[r]; d++)
            free(s->dom[r][d].vec);
        if (s->dom)
            free(s->dom[r]);
        if (s->children)
            free(s->children[r]);
        if (s->inside)
            free(s->inside[r]);
        if (s->best_state)
            free(s->best_state[r]);
        if (s->layers && s->layers[r]) {
            for (int i = 0; i < s->nchildren[r]; i++)
                layer_free(&s->layers[r][i]);
            free(s->layers[r]);
        }
    }
    free(s->dom);
    free(s->ndom);
    free(s->children);
    free(s->nchildren);
    free(s->tol);
    free(s->inside);
    free(s->best_state);
    free(s->layers);
    free(s->order);
}

/* Children before parents: a row's depth is its distance from its root. */
static bool order_rows(solver *s)
{
    int n = s->nrows;
    int *depth = calloc((size_t)(n > 0 ? n : 1), sizeof *depth);
    if (!depth)
        return false;
    int maxd = 0;
    for (int r = 0; r < n; r++) {
        int d = 0;
        for (int p = s->rows[r].parent; p >= 0 && d <= n; p = s->rows[p].parent)
            d++;
        depth[r] = d;
        if (d > maxd)
            maxd = d;
    }
    int k = 0;
    for (int d = maxd; d >= 0; d--)
        for (int r = 0; r < n; r++)
            if (depth[r] == d)
                s->order[k++] = r;
    free(depth);
    return true;
}

/* Amounts that are never negative: a child's amount is at most its parent's, column by
 * column. Parents first (the top total's placements are few, fixed by the values another
 * table prints again), each child keeps the placements that some placement of its parent
 * holds column by column, when any is: a long table's many rows of two or three values no
 * longer fill the knapsacks with placements in columns their parents leave blank (a search
 * bounded before it reached the right one). Nothing is pruned in a table with a negative
 * value. */
static bool under_parent(const solver *s, int p, const __int128 *vec, __int128 slack)
{
    for (int d = 0; d < s->ndom[p]; d++) {
        bool fits = true;
        for (int col = 0; col < s->rows[p].ncols && fits; col++)
            fits = vec[col] <= s->dom[p][d].vec[col] + slack;
        if (fits)
            return true;
    }
    return false;
}

static void prune_by_parents(solver *s)
{
    for (int r = 0; r < s->nrows; r++)
        for (int v = 0; v < s->rows[r].nvals; v++)
            if (s->rows[r].vals[v].units < 0)
                return;
    for (int k = s->nrows; k-- > 0;) {
        int p = s->order[k];
        if (s->nchildren[p] == 0 || s->ndom[p] == 0)
            continue;
        __int128 widest = 0;
        for (int v = 0; v < s->rows[p].nvals; v++) {
            __int128 u = unit_at(s->rows[p].vals[v].scale, s->scale);
            if (u > widest)
                widest = u;
        }
        for (int i = 0; i < s->nchildren[p]; i++) {
            int c = s->children[p][i];
            placement *dom = s->dom[c];
            int kept = 0;
            for (int d = 0; d < s->ndom[c]; d++)
                kept += under_parent(s, p, dom[d].vec, 2 * widest);
            if (kept == 0 || kept == s->ndom[c])
                continue;
            int w = 0;
            for (int d = 0; d < s->ndom[c]; d++) {
                if (under_parent(s, p, dom[d].vec, 2 * widest)) {
                    dom[w] = dom[d];
                    dom[w].rank = w;
                    w++;
                } else {
                    free(dom[d].vec);
                }
            }
            s->ndom[c] = w;
        }
    }
}

static bool setup(solver *s, place_row *rows, int nrows)
{
    s->rows = rows;
    s->nrows = nrows;
    size_t n = (size_t)(nrows > 0 ? nrows : 1);
    s->dom = calloc(n, sizeof *s->dom);
    s->ndom = calloc(n, sizeof *s->ndom);
    s->children = calloc(n, sizeof *s->children);
    s->nchildren = calloc(n, sizeof *s->nchildren);
    s->tol = calloc(n, sizeof *s->tol);
    s->inside = calloc(n, sizeof *s->inside);
    s->best_state = calloc(n, sizeof *s->best_state);
    s->layers = calloc(n, sizeof *s->layers);
    s->order = calloc(n, sizeof *s->order);
    if (!s->dom || !s->ndom || !s->children || !s->nchildren || !s->tol || !s->inside ||
        !s->best_state || !s->layers || !s->order)
        return false;
    /* the common scale, and a parent index that points backwards into a loop is cut */
    s->scale = 0;
    for (int r = 0; r < nrows; r++) {
        for (int v = 0; v < rows[r].nvals; v++)
            if (rows[r].vals[v].scale > s->scale)
                s->scale = rows[r].vals[v].scale;
        if (rows[r].parent >= nrows || rows[r].parent == r)
            rows[r].parent = -1;
    }
    for (int r = 0; r < nrows; r++) { /* cycles: a parent chain longer than the rows */
        int steps = 0;
        for (int p = rows[r].parent; p >= 0 && steps <= nrows; p = rows[p].parent)
            steps++;
        if (steps > nrows)
            rows[r].parent = -1;
    }
    for (int r = 0; r < nrows; r++) {
        int p = rows[r].parent;
        if (p < 0)
            continue;
        if (rows[p].ncols != rows[r].ncols) { /* only rows of one column set add up */
            rows[r].parent = -1;
            continue;
        }
        int *c = realloc(s->children[p], (size_t)(s->nchildren[p] + 1) * sizeof *c);
        if (!c)
            return false;
        s->children[p] = c;
        c[s->nchildren[p]++] = r;
    }
    for (int r = 0; r < nrows; r++) {
        rows[r].nalts = 0;
        rows[r].capped = false;
        rows[r].violates = false;
        if (!build_domain(s, r))
            return false;
    }
    if (!order_rows(s))
        return false;
    prune_by_parents(s);
    for (int r = 0; r < nrows; r++) {
        s->inside[r] = calloc((size_t)s->ndom[r], sizeof **s->inside);
        s->best_state[r] = calloc((size_t)s->ndom[r], sizeof **s->best_state);
        if (!s->inside[r] || !s->best_state[r])
            return false;
    }
    /* a family's tolerance: the half units of the widest value of each of its rows */
    for (int p = 0; p < nrows; p++) {
        if (s->nchildren[p] == 0)
            continue;
        __int128 tol = 0;
        for (int i = -1; i < s->nchildren[p]; i++) {
            const place_row *r = &rows[i < 0 ? p : s->children[p][i]];
            __int128 widest = 0;
            for (int v = 0; v < r->nvals; v++) {
                __int128 u = unit_at(r->vals[v].scale, s->scale);
                if (u > widest)
                    widest = u;
            }
            tol += widest;
        }
        s->tol[p] = tol;
    }
    return true;
}

static bool run_inside(solver *s, bool keep_layers)
{
    for (int k = 0; k < s->nrows; k++)
        if (!compute_inside(s, s->order[k], keep_layers))
            return false;
    return true;
}

static int best_value(const solver *s, int r)
{
    int best = 0;
    for (int d = 1; d < s->ndom[r]; d++)
        if (cost_less(s->inside[r][d], s->inside[r][best]))
            best = d;
    return best;
}

/* Writes the chosen placement of r (value d) and of its subtree. */
static void answer(solver *s, int r, int d, int *chosen)
{
    chosen[r] = d;
    place_row *row = &s->rows[r];
    for (int v = 0; v < row->nvals && v < PLACE_MAX_VALS; v++)
        row->pos[v] = s->dom[r][d].pos[v];
    row->violates = s->dom[r][d].own_viol != 0;
    int m = s->nchildren[r];
    if (m == 0 || !s->layers[r])
        return;
    int st = s->best_state[r][d];
    if (st >= 0)
        row->violates |= family_viol(s, r, s->dom[r][d].vec, &s->layers[r][m - 1].s[st]) != 0;
    for (int i = m - 1; i >= 0 && st >= 0; i--) {
        const kstate *k = &s->layers[r][i].s[st];
        answer(s, s->children[r][i], k->value, chosen);
        st = k->prev;
    }
}

/* Is there a solution as good as the chosen one (breaking no more sums) in which row r has
 * its placement d? r's own inside cost does not change; its ancestors' are recomputed from
 * the parent up, stopping as soon as an ancestor keeps its chosen placement at no more
 * broken sums (the rest of the tree is then unchanged), and restored afterwards. */
static bool as_good_with(solver *s, int r, int d, const int *chosen, int best_viol, bool *ok)
{
    *ok = true;
    if (s->rows[r].parent < 0)
        return s->inside[r][d].viol <= best_viol;
    placement *saved = s->dom[r];
    int saved_n = s->ndom[r];
    cost *saved_inside = s->inside[r];
    int *saved_best = s->best_state[r];
    s->dom[r] = &saved[d];
    s->ndom[r] = 1;
    s->inside[r] = &saved_inside[d];
    s->best_state[r] = &saved_best[d];
    int chain[64], nchain = 0;
    cost *saved_anc[64];
    int *saved_anc_best[64];
    bool found = false, decided = false;
    for (int p = s->rows[r].parent; p >= 0 && nchain < 64 && *ok && !decided; p = s->rows[p].parent) {
        int i = nchain;
        saved_anc[i] = malloc((size_t)s->ndom[p] * sizeof(cost));
        saved_anc_best[i] = malloc((size_t)s->ndom[p] * sizeof(int));
        if (!saved_anc[i] || !saved_anc_best[i]) {
            free(saved_anc[i]);
            free(saved_anc_best[i]);
            *ok = false;
            break;
        }
        chain[nchain++] = p;
        memcpy(saved_anc[i], s->inside[p], (size_t)s->ndom[p] * sizeof(cost));
        memcpy(saved_anc_best[i], s->best_state[p], (size_t)s->ndom[p] * sizeof(int));
        int before = s->inside[p][chosen[p]].viol;
        *ok = compute_inside(s, p, false);
        if (*ok && s->inside[p][chosen[p]].viol <= before) {
            found = decided = true; /* the ancestor keeps its placement: nothing above moves */
        } else if (*ok && s->rows[p].parent < 0) {
            found = s->inside[p][best_value(s, p)].viol <= best_viol;
            decided = true;
        }
    }
    for (int i = 0; i < nchain; i++) {
        int p = chain[i];
        memcpy(s->inside[p], saved_anc[i], (size_t)s->ndom[p] * sizeof(cost));
        memcpy(s->best_state[p], saved_anc_best[i], (size_t)s->ndom[p] * sizeof(int));
        free(saved_anc[i]);
        free(saved_anc_best[i]);
    }
    s->dom[r] = saved;
    s->ndom[r] = saved_n;
    s->inside[r] = saved_inside;
    s->best_state[r] = saved_best;
    return found;
}

gfa_status place_values(place_row *rows, int nrows)
{
    solver s;
    memset(&s, 0, sizeof s);
    gfa_status st = GFA_OK;
    int *chosen = calloc((size_t)(nrows > 0 ? nrows : 1), sizeof *chosen);
    if (!chosen || !setup(&s, rows, nrows) || !run_inside(&s, true)) {
        st = GFA_ERR_NOMEM;
        goto out;
    }
    if (s.capped) {
        /* bounded (a long table of rows with few values: their placements multiply past
         * what the knapsacks keep): search again among the placements that leave the
         * often-blank columns blank, and keep that answer when it is complete and every
         * sum holds */
        solver core;
        memset(&core, 0, sizeof core);
        core.core_only = true;
        bool ok = setup(&core, rows, nrows) && run_inside(&core, true);
        bool holds = ok && !core.capped;
        for (int r = 0; holds && r < nrows; r++)
            if (rows[r].parent < 0)
                holds = core.inside[r][best_value(&core, r)].viol == 0;
        if (holds) {
            solver_free(&s);
            s = core;
        } else {
            solver_free(&core);
            if (!ok) {
                st = GFA_ERR_NOMEM;
                goto out;
            }
        }
    }
    for (int r = 0; r < nrows; r++)
        if (rows[r].parent < 0)
            answer(&s, r, best_value(&s, r), chosen);
    /* ambiguity: another placement of a row that is part of an equally good solution */
    for (int r = 0; r < nrows; r++) {
        int root = r;
        while (rows[root].parent >= 0)
            root = rows[root].parent;
        int best_viol = s.inside[root][chosen[root]].viol;
        for (int d = 0; d < s.ndom[r]; d++) {
            if (d == chosen[r])
                continue;
            if (s.work > WORK_BUDGET) {
                rows[r].capped = true; /* not checked: said as possibly ambiguous */
                break;
            }
            bool ok = true;
            bool alt = as_good_with(&s, r, d, chosen, best_viol, &ok);
            if (!ok) {
                st = GFA_ERR_NOMEM;
                goto out;
            }
            if (!alt)
                continue;
            if (rows[r].nalts < PLACE_MAX_ALTS)
                memcpy(rows[r].alts[rows[r].nalts], s.dom[r][d].pos, sizeof rows[r].alts[0]);
            rows[r].nalts++;
        }
        if (s.capped && rows[r].nvals > 0 && rows[r].nvals < rows[r].ncols)
            rows[r].capped = true;
    }
out:
    solver_free(&s);
    free(chosen);
    return st;
}
