/* layout_columns.c — a table's columns and its body lines placed in them (read_layout.c,
 * steps 4 and 5): the columns from the main header block, each body line's pieces fitted to
 * the columns (a dynamic programme), value columns learnt from the amounts under them (their
 * edges, pages laid out apart from their header, clusters of amounts without a header). */
#include "read/layout_internal.h"

/* ---------------------------------------------------------------- columns --- */

/* The kind of a column: the deepest word over it that says anything decides (a value
 * label outranks a key word printed over the whole header), as the recogniser reads it. */
static ckind leaf_kind(const tbl *t, const hblock *b, int c)
{
    for (int u = c, k = 0; u >= 0 && k < b->ncells; u = b->cells[u].parent, k++) {
        key_role role;
        if (layout_role_word(t, b->cells[u].key, &role))
            return role == ROLE_CODE ? CK_CODE : role == ROLE_LINENO ? CK_LINENO : CK_NAME;
        if (layout_column_word(t, b->cells[u].key, false))
            return CK_VALUE;
    }
    return CK_VALUE;
}

typedef struct slot {
    ckind kind;
    zone z;
    int cell;  /* the leaf label, -1 for a column only the 栏次 row shows */
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    return x->z.l < y->z.l ? -1 : x->z.l > y->z.l ? 1 : (x->cell > y->cell) - (x->cell < y->cell);
}

/* Pairs the 栏次 numbers with the value columns: in order when they are as many, else
 * each number to the nearest value column left free (numbers and columns stay in order);
 * a number without a column makes one. */
static int add_colnos(const tbl *t, const hblock *b, slot *s, int n)
{
    if (b->colno < 0)
        return n;
    const lline *l = &t->L->ln[b->colno];
    int vals[MAX_COLS], nv = 0;
    for (int k = 0; k < n; k++)
        if (s[k].kind == CK_VALUE)
            vals[nv++] = k;
    int nums = 0;
    for (int k = 0; k < l->nt; k++)
        nums += l->t[k].kind == TK_INT || l->t[k].kind == TK_CODE;
    int v = 0;
    for (int k = 0; k < l->nt && n < MAX_COLS; k++) {
        const tok *x = &l->t[k];
        if (x->kind != TK_INT && x->kind != TK_CODE)
            continue;
        int pick = -1;
        if (nums == nv) {
            pick = vals[v++];
        } else {
            for (int j = v; j < nv; j++)
                if (pick < 0 || layout_gap_between(x->l, x->r, s[vals[j]].z.l, s[vals[j]].z.r) <
                                    layout_gap_between(x->l, x->r, s[pick].z.l, s[pick].z.r))
                    pick = vals[j];
            if (pick >= 0 && layout_gap_between(x->l, x->r, s[pick].z.l, s[pick].z.r) > 4)
                pick = -1;
            while (pick >= 0 && v < nv && vals[v] <= pick)
                v++;
        }
        if (pick < 0) {
            s[n++] = (slot){CK_VALUE, {x->l, x->r, x->l}, -1};
            continue;
        }
        s[pick].z.l = layout_dmin(s[pick].z.l, x->l);
        s[pick].z.r = layout_dmax(s[pick].z.r, x->r);
        s[pick].z.anchor = x->l;
    }
    return n;
}

/* A block's columns: its leaf labels and its 栏次 numbers, left to right. */
static int block_slots(const tbl *t, hblock *b, slot *s)
{
    int n = 0;
    for (int c = 0; c < b->ncells && n < MAX_COLS; c++) {
        const hcell *C = &b->cells[c];
        if (!C->nchildren)
            s[n++] = (slot){leaf_kind(t, b, c), {C->l, C->r, NAN}, c};
    }
    qsort(s, (size_t)n, sizeof *s, slot_cmp);
    n = add_colnos(t, b, s, n);
    qsort(s, (size_t)n, sizeof *s, slot_cmp);
    b->nleaves = n;
    return n;
}

int layout_nearest_column(const tbl *t, const zone *zones, double l, double r, bool keys_only)
{
    int best = -1;
    for (int c = 0; c < t->ncols; c++)
        if ((!keys_only || t->cols[c].kind != CK_VALUE) &&
            (best < 0 || layout_gap_between(l, r, zones[c].l, zones[c].r) <
                             layout_gap_between(l, r, zones[best].l, zones[best].r)))
            best = c;
    return best;
}

/* The table's columns come from its first block with labels; a block printed again on a
 * later page places them anew when it has as many (positions drift between pages). */
bool layout_build_columns(tbl *t)
{
    slot *s = calloc(MAX_COLS, sizeof *s);
    if (!s)
        return false;
    for (int k = 0; k < t->nblocks; k++) {
        hblock *b = &t->blocks[k];
        if (!layout_block_cells(t, b) || !layout_link_cells(t, b)) {
            free(s);
            return false;
        }
        if (b->lent >= 0) /* the row keeps only its label */
            t->L->ln[b->lent].np = 1;
        int n = block_slots(t, b, s);
        if (!t->ncols && n >= 2) {
            t->main = k;
            t->ncols = n;
            for (int c = 0; c < n; c++)
                t->cols[c].kind = s[c].kind;
        }
        b->placed = t->ncols && n == t->ncols;
        for (int c = 0; c < n; c++) {
            b->leaf_col[c] = b->placed ? c : -1;
            if (b->placed)
                b->zones[c] = s[c].z;
        }
        for (int c = 0; c < n && !b->placed && t->ncols; c++) /* labels to the nearest column */
            b->leaf_col[c] = layout_nearest_column(t, t->blocks[t->main].zones, s[c].z.l, s[c].z.r, false);
        for (int c = 0; c < n; c++)
            if (s[c].cell >= 0)
                b->cells[s[c].cell].col = b->leaf_col[c];
    }
    free(s);
    int g = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (c > 0 && t->cols[c].kind != CK_VALUE && t->cols[c - 1].kind == CK_VALUE)
            g++;
        t->cols[c].group = g;
    }
    return true;
}

/* ------------------------------------------------------- body to columns --- */

/* What a piece of each kind costs in a column of each kind: codes in the code column,
 * text in the name column, numbers in value columns; a merged label (人员经费合计) may
 * sit in the code column, a 3-digit number may be an amount. */
static double kind_cost(tkind k, ckind c)
{
    static const double cost[4][6] = {
        /*            TEXT INT  NUM  CODE NA   MARK */
        [CK_CODE] = {25, 40, 100, 0, 50, 0},
        [CK_NAME] = {0, 40, 100, 30, 50, 2},
        [CK_LINENO] = {100, 0, 100, 10, 100, 60},
        [CK_VALUE] = {30, 0, 0, 5, 0, 10},
    };
    return cost[c][k];
}

static bool amount_kind(tkind k)
{
    return k == TK_NUM || k == TK_INT || k == TK_NA;
}

/* The share of a piece that stands outside a zone: zones widened towards their
 * neighbours touch or overlap, and an amount touching one (`3,210.98` at 66-74 beside
 * 上级补助收入's 54-66) but lying within the next (事业收入's 65-73) belongs to the next. */
static double outside(const piece *p, const zone *z)
{
    double w = p->r - p->l;
    return w > 0 ? (w - layout_dmax(0, layout_dmin(p->r, z->r) - layout_dmax(p->l, z->l))) / w : 0;
}

/* Where a piece goes by the header alone: its label's and 栏次 number's place. */
static double header_cost(const piece *p, const zone *z)
{
    if (isnan(z->anchor))
        return layout_gap_between(p->l, p->r, z->l, z->r) + 0.5 * outside(p, z);
    return 0.5 * layout_gap_between(p->l, p->r, z->l, z->r) + layout_dabs(p->l - z->anchor);
}

/* Amounts go where the column's other amounts end (or begin), once the body shows it:
 * pdftotext shifts header words more than the amounts under them. */
static double fit_cost(const tbl *t, const piece *p, int c, const hblock *b)
{
    double cost = kind_cost(p->kind, t->cols[c].kind);
    if (b->learnt[c] && amount_kind(p->kind))
        return cost + layout_dabs((b->right[c] ? p->r : p->l) - b->edge[c]) + 0.2 * header_cost(p, &b->zones[c]);
    return cost + header_cost(p, &b->zones[c]);
}

/* Two pieces of one line in one column: words of one label, or a mistake. */
static double share_cost(const piece *a, const piece *b, ckind c)
{
    return a->kind == TK_TEXT && b->kind == TK_TEXT && c != CK_VALUE ? 1 : 80;
}

/* The pieces of a line to columns, left to right (a piece never goes left of the one
 * before it), at the least cost: a dynamic programme over pieces × columns. */
static bool fit_line(const tbl *t, lline *l, const hblock *z)
{
    int m = l->np, n = t->ncols;
    if (!m || !n)
        return true;
    double *dp = malloc((size_t)m * (size_t)n * sizeof *dp);
    int *from = malloc((size_t)m * (size_t)n * sizeof *from);
    if (!dp || !from) {
        free(dp);
        free(from);
        return false;
    }
    for (int j = 0; j < n; j++) {
        dp[j] = fit_cost(t, &l->p[0], j, z);
        from[j] = -1;
    }
    for (int i = 1; i < m; i++) {
        double best = INFINITY;
        int arg = -1;
        for (int j = 0; j < n; j++) {
            double stay = dp[(i - 1) * n + j] + share_cost(&l->p[i - 1], &l->p[i], t->cols[j].kind);
            double prev = best;
            int pj = arg;
            if (stay < prev) {
                prev = stay;
                pj = j;
            }
            dp[i * n + j] = fit_cost(t, &l->p[i], j, z) + prev;
            from[i * n + j] = pj;
            if (dp[(i - 1) * n + j] < best) {
                best = dp[(i - 1) * n + j];
                arg = j;
            }
        }
    }
    int j = 0;
    for (int k = 1; k < n; k++)
        if (dp[(m - 1) * n + k] < dp[(m - 1) * n + j])
            j = k;
    for (int i = m - 1; i >= 0 && j >= 0; i--) {
        l->p[i].col = j;
        j = from[i * n + j];
    }
    free(dp);
    free(from);
    return true;
}

static size_t block_first(const hblock *b)
{
    return b->nlines ? b->lines[0] : (size_t)b->colno;
}

/* The header block whose places hold at line i: the last one above it that placed the
 * columns (positions drift between pages). */
static const hblock *block_at(const tbl *t, size_t i, int *b, const hblock *z)
{
    for (; *b < t->nblocks && block_first(&t->blocks[*b]) <= i; ++*b)
        if (t->blocks[*b].placed)
            z = &t->blocks[*b];
    return z;
}

/* The lines whose places each header block gives (it and those after it, up to the
 * next block that places the columns anew). */
void layout_govern_lines(tbl *t)
{
    const hblock *z = &t->blocks[t->main];
    int b = 0;
    for (size_t i = t->start; i < t->end; i++) {
        z = block_at(t, i, &b, z);
        hblock *at = &t->blocks[z - t->blocks];
        if (at->to == 0)
            at->from = i;
        at->to = i + 1;
    }
}

/* The shift of block z's columns on page (layout_page_shifts), NULL when they stand as printed. */
static const pshift *shift_at(const tbl *t, const hblock *z, int page)
{
    for (int k = 0; k < t->nshifts; k++)
        if (t->shifts[k].block == z - t->blocks && t->shifts[k].page == page)
            return &t->shifts[k];
    return NULL;
}

/* Every body line to columns, with the places of its header block (moved on its page). */
bool layout_fit_body(tbl *t)
{
    const hblock *z = &t->blocks[t->main];
    int b = 0;
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &t->L->ln[i];
        z = block_at(t, i, &b, z);
        const pshift *m = shift_at(t, z, l->page);
        if (l->role == LR_BODY && layout_content(l) && !fit_line(t, l, m ? &m->moved : z))
            return false;
    }
    return true;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and mean deviation of n values (sorted in place). */
static double median(double *v, int n, double *spread)
{
    qsort(v, (size_t)n, sizeof *v, dbl_cmp);
    double m = v[n / 2], d = 0;
    for (int k = 0; k < n; k++)
        d += layout_dabs(v[k] - m);
    *spread = d / n;
    return m;
}

/* An amount placed with a margin: no other value column fits it nearly as well. */
static bool sure(const tbl *t, const piece *p, const hblock *z)
{
    double mine = fit_cost(t, p, p->col, z);
    for (int c = 0; c < t->ncols; c++)
        if (c != p->col && t->cols[c].kind == CK_VALUE && fit_cost(t, p, c, z) < mine + 3)
            return false;
    return true;
}

enum { MAX_SAMPLES = 512 };

/* Where the amounts placed surely under block z end (or begin, whichever lines them up
 * better) in column c: on the header's own page when it shows them there (a page continued
 * without the header may be laid out anew, layout_page_edges), else on every page of the block. */
static void learn_column(tbl *t, hblock *z, int c, double *left, double *right, bool own)
{
    int n = 0, page = t->L->ln[block_first(z)].page;
    for (size_t i = z->from; i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        if (shift_at(t, z, l->page) || (own && l->page != page)) /* laid out apart: it learns nothing of the header's page */
            continue;
        for (int k = 0; l->role == LR_BODY && k < l->np && n < MAX_SAMPLES; k++)
            if (l->p[k].col == c && amount_kind(l->p[k].kind) && sure(t, &l->p[k], z)) {
                left[n] = l->p[k].l;
                right[n++] = l->p[k].r;
            }
    }
    if (n < 2)
        return;
    double sl, sr, ml = median(left, n, &sl), mr = median(right, n, &sr);
    z->right[c] = sr <= sl;
    z->edge[c] = z->right[c] ? mr : ml;
    z->learnt[c] = true;
}

typedef struct span {
    double l, r;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return (x->l > y->l) - (x->l < y->l);
}

/* The codes under block z, sorted, cut at their k - 1 widest gaps into k runs: the places
 * of the k code columns. False when the gaps do not stand out. */
static bool code_runs(const tbl *t, const hblock *z, int k, span *run)
{
    span *v = malloc(MAX_SAMPLES * sizeof *v);
    int n = 0, cut[MAX_COLS];
    for (size_t i = z->from; v && i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        for (int p = 0; l->role == LR_BODY && p < l->np && n < MAX_SAMPLES; p++)
            if (l->p[p].kind == TK_CODE && l->t[l->p[p].t0].known)
                v[n++] = (span){l->p[p].l, l->p[p].r};
    }
    bool ok = v && n >= 2 * k;
    if (ok)
        qsort(v, (size_t)n, sizeof *v, span_cmp);
    for (int j = 0; ok && j < k - 1; j++) { /* the widest gap not cut yet */
        int best = -1;
        for (int i = 1; i < n; i++) {
            bool taken = false;
            for (int q = 0; q < j; q++)
                taken |= cut[q] == i;
            if (!taken && (best < 0 || v[i].l - v[i - 1].l > v[best].l - v[best - 1].l))
                best = i;
        }
        ok = best > 0 && v[best].l - v[best - 1].l >= 3;
        cut[j] = best;
    }
    if (ok)
        qsort(cut, (size_t)(k - 1), sizeof *cut, int_cmp);
    for (int j = 0, from = 0; ok && j < k; j++) {
        int to = j < k - 1 ? cut[j] : n;
        run[j] = (span){v[from].l, v[from].r};
        for (int i = from; i < to; i++)
            run[j].r = layout_dmax(run[j].r, v[i].r);
        from = to;
    }
    free(v);
    return ok;
}

/* Several code columns (公开06 prints four column groups): a header packed tighter than
 * its body misplaces them, so their places come from the codes printed under them. */
void layout_place_codes(tbl *t)
{
    int cols[MAX_COLS], k = 0;
    span run[MAX_COLS];
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_CODE)
            cols[k++] = c;
    for (int b = 0; k >= 2 && b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || !code_runs(t, z, k, run))
            continue;
        for (int j = 0; j < k; j++) {
            z->zones[cols[j]] = (zone){run[j].l, run[j].r, NAN};
            int name = cols[j] + 1; /* names begin where the codes end */
            if (name < t->ncols && t->cols[name].kind == CK_NAME)
                z->zones[name] = (zone){run[j].r, run[j].r + 1, NAN};
        }
    }
}

enum { MIN_LABELS = 3 };   /* row labels on each page to tell a shift by */
#define MIN_SHIFT 2.0       /* columns (or points) a page's labels must move to count */

/* Left edges of the text placed in column c on the lines of block z on page (all pages of
 * its own when page < 0: those of its header's line). */
static int label_edges(const tbl *t, const hblock *z, int c, int page, double *v)
{
    int n = 0, own = t->L->ln[block_first(z)].page;
    for (size_t i = z->from; i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        if (l->role != LR_BODY || l->page != (page < 0 ? own : page))
            continue;
        for (int k = 0; k < l->np && n < MAX_SAMPLES; k++)
            if (l->p[k].col == c && l->p[k].kind == TK_TEXT)
                v[n++] = l->p[k].l;
    }
    return n;
}

/* The pages each block governs without its header whose row labels (the first fit's name
 * columns) stand apart from those on the header's page: their moved blocks. */
bool layout_page_shifts(tbl *t)
{
    double *v = malloc(MAX_SAMPLES * sizeof *v), spread;
    bool ok = v != NULL;
    for (int b = 0; ok && b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->to <= z->from)
            continue;
        int own = t->L->ln[block_first(z)].page;
        for (int page = own + 1; ok && page <= t->L->ln[z->to - 1].page; page++) {
            pshift m = {.block = b, .page = page, .moved = *z};
            bool moved = false;
            for (int c = 0; c < t->ncols; c++) {
                if (t->cols[c].kind != CK_NAME)
                    continue;
                int n0 = label_edges(t, z, c, -1, v);
                double base = n0 >= MIN_LABELS ? median(v, n0, &spread) : NAN;
                int n1 = label_edges(t, z, c, page, v);
                double d = n1 >= MIN_LABELS && !isnan(base) ? median(v, n1, &spread) - base : 0;
                if (layout_dabs(d) < MIN_SHIFT)
                    continue;
                for (int k = 0; k < t->ncols; k++)
                    if (t->cols[k].group == t->cols[c].group) {
                        m.moved.zones[k].l += d;
                        m.moved.zones[k].r += d;
                        m.moved.zones[k].anchor += d;
                    }
                moved = true;
            }
            if (!moved)
                continue;
            pshift *grown = realloc(t->shifts, (size_t)(t->nshifts + 1) * sizeof *grown);
            ok = grown != NULL;
            if (ok) {
                t->shifts = grown;
                t->shifts[t->nshifts++] = m;
            }
        }
    }
    free(v);
    return ok;
}

/* A moved block's learnt edges move as its zones did. */
void layout_move_edges(tbl *t)
{
    for (int k = 0; k < t->nshifts; k++) {
        pshift *m = &t->shifts[k];
        const hblock *z = &t->blocks[m->block];
        if (m->own)
            continue;
        for (int c = 0; c < t->ncols; c++) {
            m->moved.learnt[c] = z->learnt[c];
            m->moved.right[c] = z->right[c];
            m->moved.edge[c] = z->edge[c] + (m->moved.zones[c].l - z->zones[c].l);
        }
    }
}

/* Each block's value columns where its amounts end: on the header's own page first (own),
 * then, for the columns it shows none of, on the pages that keep its layout. */

bool layout_learn_edges(tbl *t, bool own)
{
    double *left = malloc(MAX_SAMPLES * sizeof *left), *right = malloc(MAX_SAMPLES * sizeof *right);
    bool ok = left && right;
    for (int k = 0; ok && k < t->nblocks; k++)
        for (int c = 0; (t->blocks[k].placed || k == t->main) && c < t->ncols; c++)
            if (t->cols[c].kind == CK_VALUE && (own || !t->blocks[k].learnt[c]))
                learn_column(t, &t->blocks[k], c, left, right, own);
    free(left);
    free(right);
    return ok;
}

/* ------------------------------------------- value columns from the amounts --- */

/* A table printed without a 栏次 row has nothing to anchor its value columns but the
 * header words, and pdftotext sets those on a scale of their own: it gives each digit a
 * whole column, so the amounts of a row spread wider than the words over them (sh03:
 * amounts ending at 42, 51, 61 under words centred at 38, 43, 48, 53): 基本支出's
 * amounts lie under 项目支出. The places come from the amounts instead: the right
 * edges they line up on, cut into clusters per page (each page is laid out anew, a page
 * continued without its header packs them closer). The page with the most clusters is the
 * reference; the others' clusters map onto its clusters in order (all of them when as
 * many, else the nearest). The reference clusters go to the value columns in order, the
 * blank columns chosen, over all the table's rows, by the rows' own sums (合计 = 基本 +
 * 项目), then by agreement with the table that prints the total row again (totals_in:
 * sh01's 收入 rows for sh02's 合计), then by the fewest amounts in often-blank columns,
 * then by how straight the header labels' right edges map onto the clusters. A page
 * with fewer clusters chooses its columns among the table's by its rows' sums. */

enum { VC_MAX_SAMPLES = 4096, VC_MAX_PAGES = 64 };
#define VC_MAX_WORK 50000000.0 /* choices × samples: beyond, the header's places stand */
#define VC_GAP 2.0 /* columns between two clusters of right edges */

typedef struct vsample {
    size_t li;
    int page;     /* index of its (block, page) */
    double l, r;  /* left and right edge */
    gfa_dec v;
    bool value;   /* parsed (a not-applicable mark counts as blank) */
    int cl;       /* cluster (of the reference page) */
    int pcl;      /* cluster of its own page */
} vsample;

/* The sample of amount piece p of line li: both its edges, since edge_clusters tells a
 * column from the next by where its amounts begin as well as where they end (a sample
 * without its left edge would begin at 0, left of every run, and join them all). */
static vsample amount_sample(const lline *l, size_t li, const piece *p, int page)
{
    size_t len;
    const char *txt = layout_piece_text(l, p, &len);
    vsample v = {.li = li, .page = page, .l = p->l, .r = p->r};
    v.value = p->kind != TK_NA && dec_parse(txt, len, &v.v) == DEC_OK;
    return v;
}

typedef struct vcols {
    int col[MAX_COLS];         /* the table's value columns, left to right */
    int n;
    const col_def *def[MAX_COLS]; /* the definition's column each stands for, NULL */
    int defcol[MAX_COLS];      /* its index in the part */
    const part_def *part;
    bool expected[MAX_COLS];   /* the value its total row prints, from another table */
    gfa_dec expect[MAX_COLS];
} vcols;

/* The definition's part whose columns the block's value labels match most, in order. */
static void value_defs(const tbl *t, const hblock *z, vcols *V)
{
    const char *key[MAX_COLS] = {0};
    for (int c = 0; c < z->ncells; c++)
        for (int j = 0; !z->cells[c].nchildren && j < V->n; j++)
            if (z->cells[c].col == V->col[j])
                key[j] = z->cells[c].key;
    int best = 0;
    for (int d = 0; d < t->ndefs; d++)
        for (size_t p = 0; p < t->defs[d]->nparts; p++) {
            const part_def *P = &t->defs[d]->parts[p];
            int hits = 0, at[MAX_COLS];
            size_t k = 0;
            for (int j = 0; j < V->n; j++) {
                at[j] = -1;
                for (size_t q = k; key[j] && q < P->ncols; q++)
                    if (label_set_has(&P->cols[q].labels, key[j])) {
                        at[j] = (int)q;
                        k = q + 1;
                        hits++;
                        break;
                    }
            }
            if (hits <= best)
                continue;
            best = hits;
            V->part = P;
            for (int j = 0; j < V->n; j++) {
                V->defcol[j] = at[j];
                V->def[j] = at[j] >= 0 ? &P->cols[at[j]] : NULL;
            }
        }
}

/* The rows of the part a table prints its total row again in (totals_in: sh02's 合计 as
 * sh01's 收入 rows): their amounts where the text before the table prints them, a row's
 * label followed by an amount. */
static void expect_totals(const tbl *t, vcols *V)
{
    const table_defs *D = &t->L->ctx->defs;
    const char *in = V->part ? V->part->totals_in : NULL, *slash = in ? strchr(in, '/') : NULL;
    const part_def *P = NULL;
    for (size_t k = 0; slash && !P && k < D->count; k++)
        if (strlen(D->tables[k].id) == (size_t)(slash - in) && !strncmp(D->tables[k].id, in, (size_t)(slash - in)))
            for (size_t p = 0; p < D->tables[k].nparts; p++)
                if (!strcmp(D->tables[k].parts[p].id, slash + 1))
                    P = &D->tables[k].parts[p];
    for (int j = 0; P && j < V->n; j++)
        for (size_t r = 0; V->def[j] && r < P->nrows && !V->expected[j]; r++) {
            if (strcmp(P->rows[r].id, V->def[j]->id))
                continue;
            for (size_t i = 0; i < t->start && !V->expected[j]; i++) {
                const lline *l = &t->L->ln[i];
                for (int k = 0; k + 1 < l->np && !V->expected[j]; k++) {
                    if (l->p[k].kind != TK_TEXT || l->p[k + 1].kind != TK_NUM)
                        continue;
                    size_t len;
                    const char *txt = layout_piece_text(l, &l->p[k], &len);
                    char *key = layout_bare_key(t->L->ctx, txt, len, NULL);
                    if (key && label_set_has(&P->rows[r].labels, key)) {
                        txt = layout_piece_text(l, &l->p[k + 1], &len);
                        V->expected[j] = dec_parse(txt, len, &V->expect[j]) == DEC_OK;
                    }
                    free(key);
                }
            }
        }
}

static int vsample_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return (x->r > y->r) - (x->r < y->r);
}

static int vsample_line_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return x->li != y->li ? (x->li > y->li) - (x->li < y->li) : vsample_cmp(a, b);
}

static int vsample_page_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return x->page != y->page ? (x->page > y->page) - (x->page < y->page) : vsample_cmp(a, b);
}

/* The end of the run of right edges from s[from] (sorted) that lie at most VC_GAP apart. */
static int edge_run(const vsample *s, int n, int from)
{
    int end = from + 1;
    while (end < n && s[end].r - s[end - 1].r <= VC_GAP)
        end++;
    return end;
}

/* Clusters of the samples' right edges (sorted in place): their centres, how many. A run
 * whose amounts begin left of where the run before it ends is the same column: two
 * columns' amounts never overlap, and pdftotext sets a row's amounts a few columns off
 * the others' (the 合计 row's "100.00" ending at 27 over "59.00" ending at 30). */
static int edge_clusters(vsample *s, int n, double *centre, int max)
{
    qsort(s, (size_t)n, sizeof *s, vsample_cmp);
    int k = 0;
    for (int from = 0; from < n;) {
        int end = edge_run(s, n, from);
        while (end < n) {
            int next = edge_run(s, n, end);
            double left = s[end].l;
            for (int j = end + 1; j < next; j++)
                left = s[j].l < left ? s[j].l : left;
            if (left >= s[end - 1].r)
                break;
            end = next;
        }
        if (k == max)
            return -1;
        centre[k] = s[from + (end - from) / 2].r;
        for (int j = from; j < end; j++)
            s[j].cl = k;
        k++;
        from = end;
    }
    return k;
}

/* How many of the rows' own sums break when cluster j's amounts go to value column
 * pick[j] (rows with two amounts in one cluster tell nothing). */
static int sums_broken(const vcols *V, const vsample *s, int n, const int *pick)
{
    int broken = 0;
    for (int a = 0; a < n;) {
        int b = a;
        while (b < n && s[b].li == s[a].li)
            b++;
        gfa_dec row[MAX_COLS];
        bool has[MAX_COLS] = {0}, clash = false;
        for (int i = a; i < b; i++) {
            int j = pick[s[i].cl];
            clash |= has[j];
            has[j] = true;
            row[j] = s[i].value ? s[i].v : (gfa_dec){0, 0};
        }
        for (int j = 0; !clash && j < V->n; j++) {
            const col_def *D = V->def[j];
            if (!D || !D->nsum)
                continue;
            gfa_dec sum = {0, 0};
            bool involved = has[j], ok = true;
            for (size_t k = 0; k < D->nsum; k++)
                for (int q = 0; q < V->n; q++)
                    if (V->defcol[q] == D->sum[k].col && has[q]) {
                        involved = true;
                        gfa_dec x = D->sum[k].sign < 0 ? dec_neg(row[q]) : row[q];
                        ok &= dec_add(sum, x, &sum);
                    }
            if (!involved || !ok)
                continue;
            gfa_dec diff, own = has[j] ? row[j] : (gfa_dec){0, 0};
            if (!dec_sub(own, sum, &diff))
                continue;
            gfa_dec tol = {(__int128)(D->nsum + 1) * 5, diff.scale + 1}; /* half a unit each */
            broken += dec_cmp(dec_abs(diff), tol) > 0;
        }
        a = b;
    }
    return broken;
}

/* Squared deviation of the clusters from a straight-line map of the header labels' right
 * edges (a label ends about where its amounts do; its left edge moves with the words
 * before it). */
static double spacing_cost(const hblock *z, const vcols *V, const int *pick, const double *centre, int m)
{
    if (m < 3)
        return 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int j = 0; j < m; j++) {
        const zone *Z = &z->zones[V->col[pick[j]]];
        double x = Z->r, y = centre[j];
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    double d = m * sxx - sx * sx, b = d != 0 ? (m * sxy - sx * sy) / d : 0, a = (sy - b * sx) / m;
    double e = 0;
    for (int j = 0; j < m; j++) {
        const zone *Z = &z->zones[V->col[pick[j]]];
        double r = centre[j] - (a + b * Z->r);
        e += r * r;
    }
    return e;
}

/* The next choice of m of n in lexicographic order; false after the last. */
static bool next_choice(int *pick, int m, int n)
{
    int j = m - 1;
    while (j >= 0 && pick[j] == n - m + j)
        j--;
    if (j < 0)
        return false;
    pick[j]++;
    for (int k = j + 1; k < m; k++)
        pick[k] = pick[k - 1] + 1;
    return true;
}

/* The value columns the m clusters stand for, in order: every choice of m columns of n
 * (n ≤ 16) scored as above. */
static void choose_columns(const hblock *z, const vcols *V, const vsample *s, int ns,
                           const double *centre, int m, int *best)
{
    int pick[MAX_COLS];
    for (int j = 0; j < m; j++)
        pick[j] = j;
    int bviol = 0, bblank = 0, bagree = 0;
    double bspace = 0;
    bool first = true;
    for (;;) {
        int viol = sums_broken(V, s, ns, pick), blank = 0, agree = 0;
        for (int i = 0; i < ns; i++) {
            int j = pick[s[i].cl];
            blank += V->def[j] && V->def[j]->often_blank;
            agree += V->expected[j] && s[i].value && !dec_cmp(s[i].v, V->expect[j]);
        }
        double space = spacing_cost(z, V, pick, centre, m);
        if (first || viol < bviol ||
            (viol == bviol && (agree > bagree || (agree == bagree && (blank < bblank || (blank == bblank && space < bspace - 1e-9)))))) {
            first = false;
            bviol = viol, bblank = blank, bspace = space, bagree = agree;
            memcpy(best, pick, (size_t)m * sizeof *pick);
        }
        if (!next_choice(pick, m, V->n))
            return;
    }
}

/* A page's clusters (pc, pm ≤ m of them) to the reference page's in order: all when as
 * many, else those nearest, the page moved by its first cluster. */
static void nearest_clusters(const double *pc, int pm, const double *centre, int m, int *best)
{
    int q[MAX_COLS];
    double bdist = 0;
    bool first = true;
    for (int i = 0; i < pm; i++)
        q[i] = i;
    do {
        double dist = 0;
        for (int i = 0; i < pm; i++)
            dist += layout_dabs(pc[i] - pc[0] - (centre[q[i]] - centre[q[0]]));
        if (first || dist < bdist - 1e-9) {
            first = false;
            bdist = dist;
            memcpy(best, q, (size_t)pm * sizeof *q);
        }
    } while (next_choice(q, pm, m));
}

/* A page laid out on a scale of its own (a table continued without its header: the amounts
 * packed closer): its own clusters (pc, pm of them, samples one[k] of the page in line
 * order) go to the table's in order when as many, else to those of them that break the
 * fewest sums and lie nearest, the page moved by its first cluster. ppick: the column of
 * each page cluster. */
static void page_columns(const vcols *V, const vsample *one, int k, const double *pc, int pm,
                         const double *centre, int m, const int *pick, int *ppick)
{
    int q[MAX_COLS], map[MAX_COLS], bviol = 0;
    double bdist = 0;
    bool first = true;
    for (int i = 0; i < pm; i++)
        q[i] = i;
    do {
        for (int i = 0; i < pm; i++)
            map[i] = pick[q[i]];
        int viol = sums_broken(V, one, k, map);
        double dist = 0;
        for (int i = 0; i < pm; i++)
            dist += layout_dabs(pc[i] - pc[0] - (centre[q[i]] - centre[q[0]]));
        if (first || viol < bviol || (viol == bviol && dist < bdist - 1e-9)) {
            first = false;
            bviol = viol, bdist = dist;
            memcpy(ppick, map, (size_t)pm * sizeof *map);
        }
    } while (next_choice(q, pm, m));
}

/* The edge a value column's amounts end at on a page: its cluster's, or for a column no
 * cluster stands for, placed between its neighbours' by column order. */
static double column_edge(const int *pick, const double *centre, int m, int j, double step)
{
    int lo = -1, hi = -1;
    for (int k = 0; k < m; k++) {
        if (pick[k] <= j)
            lo = k;
        if (pick[k] >= j && hi < 0)
            hi = k;
    }
    if (lo >= 0 && pick[lo] == j)
        return centre[lo];
    if (lo >= 0 && hi >= 0)
        return centre[lo] + (centre[hi] - centre[lo]) * (j - pick[lo]) / (pick[hi] - pick[lo]);
    return lo >= 0 ? centre[lo] + step * (j - pick[lo]) : centre[hi] - step * (pick[hi] - j);
}

/* Block z's learnt edges on page (its own, or a moved copy made for that page). */
static hblock *page_block(tbl *t, hblock *z, int page)
{
    if (page == t->L->ln[block_first(z)].page)
        return z;
    for (int k = 0; k < t->nshifts; k++)
        if (t->shifts[k].block == z - t->blocks && t->shifts[k].page == page)
            return &t->shifts[k].moved;
    pshift *grown = realloc(t->shifts, (size_t)(t->nshifts + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    t->shifts = grown;
    t->shifts[t->nshifts] = (pshift){.block = (int)(z - t->blocks), .page = page, .moved = *z};
    return &t->shifts[t->nshifts++].moved;
}

/* The blocks' lines without a 栏次 row, as samples per page of each block (each is laid
 * out anew). */
static bool table_clusters(tbl *t, vsample *s)
{
    const hblock *M = &t->blocks[t->main];
    vcols V = {.n = 0};
    for (int c = 0; c < t->ncols && V.n < PLACE_MAX_COLS; c++)
        if (t->cols[c].kind == CK_VALUE)
            V.col[V.n++] = c;
    if (V.n < 2 || V.n > PLACE_MAX_COLS || M->colno >= 0)
        return true;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_VALUE && t->cols[c].group != t->cols[V.col[0]].group)
            return true; /* column groups side by side: the header's places stand */
    value_defs(t, M, &V);
    expect_totals(t, &V);
    int pages[VC_MAX_PAGES], blocks[VC_MAX_PAGES], np = 0, n = 0;
    for (int b = 0; b < t->nblocks; b++) {
        const hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->colno >= 0)
            continue;
        for (size_t i = z->from; i < z->to && n < VC_MAX_SAMPLES; i++) {
            const lline *l = &t->L->ln[i];
            if (l->role != LR_BODY || l->x)
                continue;
            int pg = 0;
            while (pg < np && !(pages[pg] == l->page && blocks[pg] == b))
                pg++;
            for (int k = 0; k < l->np && n < VC_MAX_SAMPLES; k++) {
                const piece *p = &l->p[k];
                if (!amount_kind(p->kind) || p->col < 0 || t->cols[p->col].kind != CK_VALUE)
                    continue;
                if (pg == np) {
                    if (np == VC_MAX_PAGES)
                        return true;
                    pages[np] = l->page;
                    blocks[np++] = b;
                }
                s[n++] = amount_sample(l, i, p, pg);
            }
        }
    }
    if (!np)
        return true;
    /* each page's own clusters; the page with the most (the most amounts among equals) is
     * the reference the others are mapped onto */
    qsort(s, (size_t)n, sizeof *s, vsample_page_cmp);
    double (*pc)[MAX_COLS] = malloc((size_t)np * sizeof *pc);
    vsample *one = malloc((size_t)n * sizeof *one);
    int pm[VC_MAX_PAGES] = {0}, at0[VC_MAX_PAGES + 1], ref = 0;
    bool ok = pc && one;
    for (int i = 0, pg = 0; ok && pg < np; pg++) {
        at0[pg] = i;
        while (i < n && s[i].page == pg)
            i++;
        at0[pg + 1] = i;
        pm[pg] = edge_clusters(s + at0[pg], i - at0[pg], pc[pg], MAX_COLS);
        for (int k = at0[pg]; k < i; k++)
            s[k].pcl = s[k].cl;
        if (pm[pg] > pm[ref] || (pm[pg] == pm[ref] && i - at0[pg] > at0[ref + 1] - at0[ref]))
            ref = pg;
    }
    int m = ok ? pm[ref] : 0, pick[MAX_COLS];
    const double *centre = ok ? pc[ref] : NULL;
    bool usable[VC_MAX_PAGES];
    for (int pg = 0; ok && pg < np; pg++) {
        int q[MAX_COLS];
        usable[pg] = pm[pg] >= 1 && pm[pg] <= m;
        if (usable[pg])
            nearest_clusters(pc[pg], pm[pg], centre, m, q);
        for (int k = at0[pg]; usable[pg] && k < at0[pg + 1]; k++)
            s[k].cl = q[s[k].pcl];
    }
    if (!ok || m < 2 || m > V.n) {
        free(pc);
        free(one);
        return ok;
    }
    /* the table's choice over every usable page, a row's samples together */
    int nu = 0;
    for (int i = 0; i < n; i++)
        if (usable[s[i].page])
            one[nu++] = s[i];
    qsort(one, (size_t)nu, sizeof *one, vsample_line_cmp);
    double choices = 1;
    for (int k = 0; k < m; k++) /* C(V.n, m) */
        choices = choices * (V.n - k) / (k + 1);
    if (choices * nu > VC_MAX_WORK) {
        free(pc);
        free(one);
        return true;
    }
    choose_columns(M, &V, one, nu, centre, m, pick);
    double step = (centre[m - 1] - centre[0]) / (pick[m - 1] - pick[0]);
    for (int pg = 0; pg < np && ok; pg++) {
        hblock *at = usable[pg] ? page_block(t, &t->blocks[blocks[pg]], pages[pg]) : NULL;
        ok = !usable[pg] || at;
        if (!at)
            continue;
        int k = 0, ppick[MAX_COLS];
        for (int i = at0[pg]; i < at0[pg + 1]; i++) {
            one[k] = s[i];
            one[k++].cl = s[i].pcl;
        }
        qsort(one, (size_t)k, sizeof *one, vsample_line_cmp);
        if (pm[pg] == m)
            memcpy(ppick, pick, (size_t)m * sizeof *pick);
        else
            page_columns(&V, one, k, pc[pg], pm[pg], centre, m, pick, ppick);
        for (int j = 0; j < V.n; j++) {
            int c = V.col[j];
            at->edge[c] = column_edge(ppick, pc[pg], pm[pg], j, step);
            at->right[c] = true;
            at->learnt[c] = true;
        }
    }
    free(pc);
    free(one);
    return ok;
}

/* A page a block governs without printing its header again is laid out anew by pdftotext,
 * its amounts packed closer or spread wider than on the header's page (公开02 continued:
 * amounts ending at 34, 44, 53, 60 where the header's page ends them at 35, 47, 62, 81,
 * so that 事业收入's amounts lie where 上级补助收入's would). When the page's own clusters
 * of right edges do not all lie on the edges learnt under the header, they map onto those
 * in order, the blank columns chosen by the page's rows' sums and the nearest spacing
 * (page_columns), and the page gets edges of its own. */
static bool page_edges_in(tbl *t, vsample *s)
{
    const hblock *M = &t->blocks[t->main];
    vcols V = {.n = 0};
    for (int c = 0; c < t->ncols && V.n < PLACE_MAX_COLS; c++)
        if (t->cols[c].kind == CK_VALUE)
            V.col[V.n++] = c;
    if (V.n < 2)
        return true;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_VALUE && t->cols[c].group != t->cols[V.col[0]].group)
            return true; /* column groups side by side: the header's places stand */
    value_defs(t, M, &V);
    for (int b = 0; b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->to <= z->from)
            continue;
        double centre[MAX_COLS], pc[MAX_COLS];
        int pick[MAX_COLS], m = 0, own = t->L->ln[block_first(z)].page;
        bool sorted = true;
        for (int j = 0; j < V.n; j++)
            if (z->learnt[V.col[j]] && z->right[V.col[j]]) {
                sorted &= !m || z->edge[V.col[j]] > centre[m - 1];
                centre[m] = z->edge[V.col[j]];
                pick[m++] = j;
            }
        if (m < 2 || !sorted)
            continue;
        for (int page = own + 1; page <= t->L->ln[z->to - 1].page; page++) {
            int n = 0;
            for (size_t i = z->from; i < z->to && n < VC_MAX_SAMPLES; i++) {
                const lline *l = &t->L->ln[i];
                if (l->role != LR_BODY || l->x || l->page != page)
                    continue;
                for (int k = 0; k < l->np && n < VC_MAX_SAMPLES; k++) {
                    const piece *p = &l->p[k];
                    if (!amount_kind(p->kind) || p->col < 0 || t->cols[p->col].kind != CK_VALUE)
                        continue;
                    s[n++] = amount_sample(l, i, p, 0);
                }
            }
            int pm = n ? edge_clusters(s, n, pc, MAX_COLS) : 0;
            if (pm < 2 || pm > m) /* one column tells nothing of how the page is spaced */
                continue;
            const pshift *was = shift_at(t, z, page);
            const hblock *cur = was ? &was->moved : z;
            bool fits = true;
            for (int k = 0; k < pm && fits; k++) {
                bool near = false;
                for (int j = 0; j < m && !near; j++)
                    near = layout_dabs(pc[k] - cur->edge[V.col[pick[j]]]) <= VC_GAP;
                fits = near;
            }
            if (fits)
                continue;
            int ppick[MAX_COLS];
            qsort(s, (size_t)n, sizeof *s, vsample_line_cmp);
            page_columns(&V, s, n, pc, pm, centre, m, pick, ppick);
            double step = ppick[pm - 1] > ppick[0]
                              ? (pc[pm - 1] - pc[0]) / (ppick[pm - 1] - ppick[0])
                              : (centre[m - 1] - centre[0]) / (pick[m - 1] - pick[0]);
            hblock *at = page_block(t, z, page);
            if (!at)
                return false;
            for (int k = 0; k < t->nshifts; k++)
                t->shifts[k].own |= &t->shifts[k].moved == at;
            for (int j = 0; j < V.n; j++) {
                int c = V.col[j];
                at->edge[c] = column_edge(ppick, pc, pm, j, step);
                at->right[c] = true;
                at->learnt[c] = true;
            }
        }
    }
    return true;
}

bool layout_page_edges(tbl *t)
{
    vsample *s = malloc(VC_MAX_SAMPLES * sizeof *s);
    bool ok = s && page_edges_in(t, s);
    free(s);
    return ok;
}

/* Value columns from the amounts' right edges, for the tables without a 栏次 row. */
bool layout_value_clusters(tbl *t)
{
    vsample *s = malloc(VC_MAX_SAMPLES * sizeof *s);
    bool ok = s && table_clusters(t, s);
    free(s);
    return ok;
}
