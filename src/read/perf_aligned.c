/* perf_aligned.c — the performance-form reader (perf.c): cells begun above a scored row and
 * ended below it, matched word by word (thin rows, cut values, stacked values, signs and
 * names, value columns). */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells begun above a row and ended below it, matched word by word ----
 * A scored row of a narrow page whose cells wrapped around it, the line above holding the
 * tops of some (labels, names, values cut before their unit) and whole values of its own,
 * the line below the ends of some (智慧城 ≥3000000 ≥3000000元 / 成本指标 管、智 ≥元 元 10 10
 * / 慧林火; 满意度 服务对 达成预 / 指标 象满意 群众满意度 满意 期目标 10 10 / 度). Words
 * alone do not say which cell a top or an end belongs to: the words are matched in order
 * by a dynamic programme, each join scored by what it makes (a level's label, a value
 * with its unit: sure; two texts: likely); a value of the line above ending in its unit
 * is a cell of its own, and so is a whole level's label above a row without one (质量指标
 * 系统运行稳 / 定性 ≥98% ≥98% 10 10: sure too). */
#define ALIGN_NONE (-1000000)

#define ALIGN_SURE 400 /* a join that makes a level's label or a value with its unit */
#define ALIGN_TEXT 100 /* two texts */

/* The score of top word u joined before row word a (ALIGN_NONE: no such cell): no whole
 * label goes on from above, and a text's top line is no narrower than its next, which is
 * as wide as it can be (a wrapped cell's lines but its last fill its width). */
/* Do texts c and d joined make a qualitative value of the definitions (达成预 / 期目标)? */
bool perf_completes_known(const perf_ctx *pc, const char *c, const char *d)
{
    char *both = NULL;
    if (perf_looks_like_value(pc, c) || perf_is_field(pc, "qualitative_value", c) || asprintf(&both, "%s%s", c, d) < 0)
        return false;
    bool yes = perf_is_field(pc, "qualitative_value", both);
    free(both);
    return yes;
}

static int top_join(const perf_ctx *pc, const char *u, const char *a)
{
    if (perf_level_label(pc, a) || perf_is_number(pc, u) || perf_is_number(pc, a))
        return ALIGN_NONE;
    if (perf_completes_label(pc, u, a))
        return ALIGN_SURE;
    if (perf_level_label(pc, u))
        return ALIGN_NONE;
    if (perf_looks_like_value(pc, u))
        return perf_ends_digit(u) && perf_unit_word(a) ? ALIGN_SURE : ALIGN_NONE;
    if (perf_looks_like_value(pc, a) || perf_text_width(a) > perf_text_width(u))
        return ALIGN_NONE;
    return ALIGN_TEXT + 2 * (int)perf_text_width(a); /* the fullest next line */
}

/* The score of cell c (topped: it began above the row) ended by word d below. */
static int end_join(const perf_ctx *pc, const char *c, bool topped, const char *d)
{
    if (perf_completes_label(pc, c, d) || perf_completes_known(pc, c, d))
        return ALIGN_SURE;
    if (perf_level_label(pc, c) || perf_level_label(pc, d) || perf_is_number(pc, c) || perf_is_number(pc, d))
        return ALIGN_NONE;
    if (perf_looks_like_value(pc, c))
        return perf_ends_digit(c) && perf_unit_word(d) ? ALIGN_SURE : ALIGN_NONE;
    return perf_looks_like_value(pc, d) ? ALIGN_NONE : ALIGN_TEXT * (1 + 2 * topped); /* the tallest: a name */
}

/* Aligns words w[0, nw) in order to cells c[0, nc): best[k][j] over the first k words and
 * j cells; at[k] the cell of word k, or -1 for a word standing alone (alone allowed only
 * for the words above: a whole value). The best score, ALIGN_NONE when none. */
static int align_words(const perf_ctx *pc, char *const *w, int nw, char *const *c, int nc,
                       const bool *topped, bool above, int *at, bool *ambiguous)
{
    enum { W = 9, C = 49 };
    /* how: 0 skip cell, 1 join, 2 alone; ways: how many alignments score the best (to 2) */
    int best[W][C] = {{0}}, how[W][C] = {{0}}, ways[W][C] = {{0}};
    if (nw >= W || nc >= C)
        return ALIGN_NONE;
    for (int k = 0; k <= nw; k++)
        for (int j = 0; j <= nc; j++) {
            best[k][j] = ALIGN_NONE;
            how[k][j] = -1;
            if (k == 0) {
                best[k][j] = 0;
                how[k][j] = 0;
                ways[k][j] = 1;
                continue;
            }
            int cand[3] = {ALIGN_NONE, ALIGN_NONE, ALIGN_NONE}, from[3] = {0, 0, 0};
            if (j > 0) { /* cell j-1 takes no word */
                cand[0] = best[k][j - 1];
                from[0] = ways[k][j - 1];
            }
            int s = j > 0 && best[k - 1][j - 1] > ALIGN_NONE
                        ? (above ? top_join(pc, w[k - 1], c[j - 1])
                                 : end_join(pc, c[j - 1], topped && topped[j - 1], w[k - 1]))
                        : ALIGN_NONE;
            if (s > ALIGN_NONE) {
                cand[1] = best[k - 1][j - 1] + s;
                from[1] = ways[k - 1][j - 1];
            }
            bool whole = above && ((perf_looks_like_value(pc, w[k - 1]) && !perf_ends_digit(w[k - 1]) &&
                                    !perf_is_number(pc, w[k - 1])) ||
                                   (perf_level_label(pc, w[k - 1]) && j == 0));
            if (whole && best[k - 1][j] > ALIGN_NONE) {
                cand[2] = best[k - 1][j];
                from[2] = ways[k - 1][j];
            }
            /* a tie: the first cell for a word (skip over join), a whole value alone */
            for (int h = 0; h < 3; h++)
                if (cand[h] > ALIGN_NONE && (cand[h] > best[k][j] || (h == 2 && cand[h] == best[k][j]))) {
                    best[k][j] = cand[h];
                    how[k][j] = h;
                }
            for (int h = 0; h < 3; h++)
                if (cand[h] > ALIGN_NONE && cand[h] == best[k][j])
                    ways[k][j] = ways[k][j] + from[h] > 2 ? 2 : ways[k][j] + from[h];
        }
    if (best[nw][nc] <= ALIGN_NONE)
        return ALIGN_NONE;
    *ambiguous = ways[nw][nc] > 1;
    for (int k = nw, j = nc; k > 0;) {
        if (how[k][j] == 0)
            j--;
        else if (how[k][j] == 1)
            at[--k] = --j;
        else
            at[--k] = -1;
    }
    return best[nw][nc];
}

/* Row r's cells with the tops above and ends below joined (malloc'd, their count), else 0;
 * *last: the last line taken. */
static int aligned_cells(const perf_ctx *pc, size_t r, size_t from, char **out, size_t *last,
                         bool *unsure)
{
    const table_grid *g = pc->g;
    if (r < 1 || r >= g->nrows || r - 1 < from || !perf_scored_row(pc, g->rows[r]) ||
        perf_scored_row(pc, g->rows[r - 1]))
        return 0;
    char *uw[8], *aw[48], *dw[8];
    int nu = perf_glued_words(g->rows[r - 1], uw, 8), na = perf_glued_words(g->rows[r], aw, 48), nd = 0;
    int end = na, nums = 0, n = 0;
    for (int j = na - 1; j >= 0 && nums < 2; j--)
        if (perf_is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    /* a level's label begun above the row and ended below it, none of it on the row (满意度指
     * 服务对 / 象满意 群众满意度 … 10 10 / 标 度 期目标): a whole label above */
    bool label_around = nu >= 2 && nu <= 6 && na > 0 && r + 1 < g->nrows &&
                        !perf_level_label(pc, aw[0]) && !perf_level_label(pc, uw[0]) &&
                        !perf_halves_around(pc, r); /* each word above with one below: halves */
    if (label_around) {
        char *d0[1], *joined = NULL;
        int n0 = perf_glued_words(g->rows[r + 1], d0, 1);
        label_around = n0 == 1 && perf_completes_label(pc, uw[0], d0[0]) &&
                       asprintf(&joined, "%s%s", uw[0], d0[0]) >= 0;
        if (label_around) {
            free(uw[0]);
            uw[0] = joined;
        }
        perf_free_words(d0, n0);
    }
    int at[8], dat[8], score = nu >= 2 && nu <= 6 && nums == 2
                                   ? align_words(pc, uw, nu, aw, end, NULL, true, at, unsure)
                                   : ALIGN_NONE;
    bool sure = false; /* a label or a value with its unit made, or a row's labels above it */
    for (int k = 0; score > ALIGN_NONE && k < nu; k++)
        sure |= at[k] >= 0 ? top_join(pc, uw[k], aw[at[k]]) >= ALIGN_SURE
                           : perf_level_label(pc, uw[k]) && !perf_level_label(pc, aw[0]);
    if (score > ALIGN_NONE && sure) {
        /* the cells: the row's words with their tops, the whole values above before the
         * first row word after them */
        char *cell[56];
        bool topped[56];
        int nc = 0, k = 0;
        for (int j = 0; j <= end && nc < 56; j++) {
            for (; k < nu && (at[k] < 0 || at[k] < j) && nc < 56; k++)
                if (at[k] < 0) {
                    cell[nc] = strdup(uw[k]);
                    topped[nc++] = false;
                }
            if (j == end)
                break;
            if (k < nu && at[k] == j && asprintf(&cell[nc], "%s%s", uw[k], aw[j]) >= 0) {
                topped[nc++] = true;
                k++;
            } else {
                cell[nc] = strdup(aw[j]);
                topped[nc++] = false;
            }
        }
        /* ends below: only when the line below is no row's and the next begins its own */
        if (r + 1 < g->nrows && !perf_scored_row(pc, g->rows[r + 1]) && perf_fragment_row(pc, g->rows[r + 1]) &&
            perf_own_row_at(pc, r + 2)) {
            nd = perf_glued_words(g->rows[r + 1], dw, 8);
            if (label_around && nd > 0) { /* its end, joined above already */
                free(dw[0]);
                memmove(dw, dw + 1, (size_t)(nd - 1) * sizeof *dw);
                nd--;
            }
            bool unsure_end = false;
            if (align_words(pc, dw, nd, cell, nc, topped, false, dat, &unsure_end) <= ALIGN_NONE) {
                perf_free_words(dw, nd);
                nd = 0;
            }
            *unsure |= nd > 0 && unsure_end;
        }
        for (int c = 0; c < nc; c++) {
            char *joined = NULL;
            for (int q = 0; q < nd; q++)
                if (dat[q] == c && asprintf(&joined, "%s%s", cell[c], dw[q]) >= 0) {
                    free(cell[c]);
                    cell[c] = joined;
                }
            out[n++] = cell[c];
        }
        for (int j = end; j < na; j++)
            out[n++] = strdup(aw[j]);
        *last = r + (nd > 0);
    }
    perf_free_words(uw, nu);
    perf_free_words(aw, na);
    perf_free_words(dw, nd);
    return n;
}

/* Scored row r of one word, the unit of the last value on the line above, cut before it
 * (产出指标 数量指标 文本检测数量 ≥篇幅 ≥100篇幅 ≥100篇 / 幅 10 10): the line above is the
 * row, its last value ended by the word, which makes it equal another value of the row or
 * ends its digits. Not a name's end: a text no value of the row ends as printed. */
bool perf_flat_unit_scored(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < 1 || r - 1 < from || !perf_scored_row(pc, g->rows[r]) || perf_scored_row(pc, g->rows[r - 1]))
        return false;
    char *w[3], *uw[48];
    int n = perf_glued_words(g->rows[r], w, 3), nu = perf_glued_words(g->rows[r - 1], uw, 46);
    bool ok = n == 3 && nu >= 3 && perf_unit_word(w[0]) && !perf_level_label(pc, w[0]) &&
              perf_is_number(pc, w[1]) && perf_is_number(pc, w[2]) &&
              !perf_level_label(pc, uw[nu - 1]) && perf_looks_like_value(pc, uw[nu - 1]) &&
              !perf_is_number(pc, uw[nu - 1]) &&
              (perf_completes_to_other(uw, nu, nu - 1, w[0]) || perf_ends_digit(uw[nu - 1]));
    char *joined = NULL;
    if (ok && asprintf(&joined, "%s%s", uw[nu - 1], w[0]) >= 0) {
        free(uw[nu - 1]);
        uw[nu - 1] = joined;
        uw[nu++] = w[1];
        uw[nu++] = w[2];
        w[1] = w[2] = NULL;
        ok = perf_read_cells(pc, r - 1, uw, nu);
        nu = 0;
        if (ok)
            *last = r;
    }
    perf_free_words(uw, nu);
    perf_free_words(w, n);
    return ok;
}

/* … read as an indicator, uncertain when another matching scores as well. */
bool perf_flat_aligned(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[64];
    bool unsure = false;
    bool ok = perf_read_cells(pc, r, cells, aligned_cells(pc, r, from, cells, last, &unsure));
    if (ok && unsure && pc->indicators && pc->indicators->last)
        xml_set(pc->indicators->last, "certain", "false");
    return ok;
}

/* Is row r the line above a row whose cells it begins (aligned_cells)? */
bool perf_aligned_top(const perf_ctx *pc, size_t r)
{
    char *cells[64];
    size_t last;
    bool unsure = false;
    int n = aligned_cells(pc, r + 1, r, cells, &last, &unsure);
    perf_free_words(cells, n);
    return n > 0;
}

/* Scored row r of one word and its weight and score, the rest of its row on the two lines
 * above it: a line of the levels' labels, the last wrapped (效益指标 社会效), then the
 * label's end, the name and the values (益 公共服务或工作 提升 达成预期), the last value
 * ended by the word on row r (指标 20 20: 达成预期指标). The row's cells (malloc'd, their
 * count), else 0. */
static int thin_cells(const perf_ctx *pc, size_t r, size_t from, char **out)
{
    const table_grid *g = pc->g;
    if (r < 2 || r >= g->nrows || r - 2 < from || !perf_scored_row(pc, g->rows[r]) ||
        perf_scored_row(pc, g->rows[r - 1]) || perf_scored_row(pc, g->rows[r - 2]))
        return 0;
    char *lw[8], *mw[16], *rw[4];
    int nl = perf_glued_words(g->rows[r - 2], lw, 8), nm = perf_glued_words(g->rows[r - 1], mw, 16),
        nr = perf_glued_words(g->rows[r], rw, 4), n = 0;
    bool ok = nr == 3 && perf_fragment_word(pc, rw[0]) && !perf_looks_like_value(pc, rw[0]) && nl >= 2 &&
              nm >= 3 && perf_level_label(pc, lw[0]) && perf_completes_label(pc, lw[nl - 1], mw[0]) &&
              perf_text_cell(pc, mw[nm - 1]) && perf_text_width(rw[0]) <= perf_text_width(mw[nm - 1]);
    for (int k = 1; ok && k < nl - 1; k++)
        ok = perf_level_label(pc, lw[k]);
    for (int k = 1; ok && k < nm; k++)
        ok = !perf_level_label(pc, mw[k]) && !perf_is_number(pc, mw[k]);
    for (int k = 0; ok && k < nl - 1; k++)
        out[n++] = strdup(lw[k]);
    if (ok && asprintf(&out[n], "%s%s", lw[nl - 1], mw[0]) >= 0)
        n++;
    for (int k = 1; ok && k < nm - 1; k++)
        out[n++] = strdup(mw[k]);
    if (ok && asprintf(&out[n], "%s%s", mw[nm - 1], rw[0]) >= 0)
        n++;
    for (int k = 1; ok && k < 3; k++)
        out[n++] = strdup(rw[k]);
    bool made = ok && n == nl + nm + 1; /* the labels, the line between, the numbers */
    for (int k = 0; k < n; k++)
        made = made && out[k];
    if (!made) {
        for (int k = 0; k < n; k++)
            free(out[k]);
        n = 0;
    }
    perf_free_words(lw, nl);
    perf_free_words(mw, nm);
    perf_free_words(rw, nr);
    return n;
}

bool perf_flat_thin_row(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[24];
    bool ok = perf_read_cells(pc, r - 1, cells, thin_cells(pc, r, from, cells));
    if (ok)
        *last = r;
    return ok;
}

/* A row of no labels whose name stands three lines tall around it and whose last value
 * ends on the thin scored line under it: the name's top alone, its middle (as wide) then
 * the values, the value's end with the weight and score, the name's bottom alone, no wider
 * (工作 / 开展 便捷 达成预期指 / 标 15 15 / 便捷: 工作开展便捷, 便捷, 达成预期指标). Rows r to
 * the bottom are one indicator. */
bool perf_flat_thin_name_around(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 3 >= g->nrows || !perf_scored_row(pc, g->rows[r + 2]) || perf_scored_row(pc, g->rows[r + 1]))
        return false;
    char *t[2], *m[16], *w[4], *b[2];
    int nt = perf_glued_words(g->rows[r], t, 2), nm = perf_glued_words(g->rows[r + 1], m, 16),
        nw = perf_glued_words(g->rows[r + 2], w, 4), nb = perf_glued_words(g->rows[r + 3], b, 2);
    bool ok = nt == 1 && nb == 1 && nw == 3 && nm >= 2 && perf_text_cell(pc, t[0]) &&
              !perf_starts_field(pc, "qualitative_value", t[0]) && perf_text_cell(pc, m[0]) &&
              perf_text_width(m[0]) == perf_text_width(t[0]) && perf_text_cell(pc, b[0]) &&
              perf_text_width(b[0]) <= perf_text_width(t[0]) && perf_fragment_word(pc, w[0]) &&
              !perf_looks_like_value(pc, w[0]) && perf_completes_known(pc, m[nm - 1], w[0]);
    for (int k = 1; ok && k < nm; k++)
        ok = !perf_level_label(pc, m[k]) && !perf_is_number(pc, m[k]);
    char *name = NULL, *value = NULL;
    ok = ok && asprintf(&name, "%s%s%s", t[0], m[0], b[0]) >= 0;
    if (ok && asprintf(&value, "%s%s", m[nm - 1], w[0]) < 0)
        ok = false;
    if (ok) {
        const char *cells[20];
        int nc = 0;
        cells[nc++] = name;
        for (int k = 1; k < nm - 1; k++)
            cells[nc++] = m[k];
        cells[nc++] = value;
        cells[nc++] = w[1];
        cells[nc++] = w[2];
        ok = perf_indicator_cells(pc, g->rows[r + 2], cells, nc);
    }
    free(name);
    free(value);
    perf_free_words(t, nt);
    perf_free_words(m, nm);
    perf_free_words(w, nw);
    perf_free_words(b, nb);
    if (ok)
        *last = r + 3;
    return ok;
}

/* Is row r one of the two lines above a thin scored row that holds it (thin_cells)? */
bool perf_thin_top(const perf_ctx *pc, size_t r)
{
    char *cells[24];
    int n = 0;
    for (size_t d = 1; d <= 2 && !n && r + d >= 2; d++) {
        n = thin_cells(pc, r + d, r + d - 2, cells);
        perf_free_words(cells, n);
    }
    return n > 0;
}

/* A value cut before its unit (≤260000 / 元): a comparison or number ending in a digit,
 * no plain number (a weight, a score). */
bool perf_cut_value(const perf_ctx *pc, const char *t)
{
    return perf_looks_like_value(pc, t) && perf_ends_digit(t) && !perf_is_number(pc, t);
}

/* Are words [0, n) units (元, 次), n >= 1? */
static bool all_units(char *const *u, int n)
{
    bool yes = n >= 1;
    for (int k = 0; k < n && yes; k++)
        yes = perf_unit_word(u[k]);
    return yes;
}

/* Words u end the words among [0, n) that cut says were cut, in order: how many did. */
static int end_words(const perf_ctx *pc, char **w, int n, char *const *u, int nu,
                     bool (*cut)(const perf_ctx *, const char *))
{
    int j = 0;
    for (int i = 0; i < n && j < nu; i++)
        if (cut(pc, w[i])) {
            char *joined = NULL;
            if (asprintf(&joined, "%s%s", w[i], u[j]) < 0)
                break;
            free(w[i]);
            w[i] = joined;
            j++;
        }
    return j;
}

/* Units end the values cut before them among words [0, n), in order: how many did. */
static int end_cut_values(const perf_ctx *pc, char **w, int n, char *const *u, int nu)
{
    return end_words(pc, w, n, u, nu, perf_cut_value);
}

/* Does text t end a sentence (。)? */
bool perf_ends_sentence(const perf_ctx *pc, const char *t)
{
    return t && vocab_ends_sentence(pc->vocab, t, strlen(t));
}

/* A row whose last value is cut at its line's end, the value's unit beginning the next line
 * with the row's other values, weight and score and the first line of a reason beside them
 * (成本指标 下乡调研费 ≤元 ≤200000 / 元 197122.33 1.5 1.1 统提 / 前结 / 束导 / 致。): one row,
 * the value joined; the reason's lines below, one word each, are its rest when they end its
 * sentence (。) within four lines. Rows r and r + 1 (and those lines) are one indicator. */
bool perf_flat_cut_across(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || perf_scored_row(pc, g->rows[r]))
        return false;
    char *a[24];
    const char *b[24];
    int at[24];
    int na = perf_glued_words(g->rows[r], a, 24), nb = perf_words(g->rows[r + 1], at, 24);
    nb = nb < 24 ? nb : 24; /* its words as printed: a unit is not glued to the score (1.1 统提) */
    for (int k = 0; k < nb; k++)
        b[k] = src_cell_text(g->rows[r + 1], at[k]);
    int score = nb - 1; /* the score: the last number, texts after it only */
    while (score > 0 && !perf_looks_like_value(pc, b[score]) && perf_fragment_word(pc, b[score]))
        score--;
    bool ok = na >= 2 && na + nb < 40 && nb >= 3 && score >= 2 &&
              perf_is_number(pc, b[score]) && perf_is_number(pc, b[score - 1]) &&
              (perf_unit_tail(b[0]) || perf_percent_tail(b[0])) && perf_looks_like_value(pc, a[na - 1]) &&
              !perf_is_number(pc, a[na - 1]) && perf_ends_digit(a[na - 1]) && !perf_looks_like_value(pc, a[0]);
    for (int k = 1; ok && k < score - 1; k++)
        ok = perf_looks_like_value(pc, b[k]);
    strbuf reason;
    sb_init(&reason);
    for (int k = score + 1; ok && k < nb; k++)
        sb_adds(&reason, b[k]);
    size_t end = r + 1;
    for (size_t k = r + 2; ok && k < g->nrows && k <= r + 5 && !perf_ends_sentence(pc, reason.data); k++) {
        char *w[2];
        int nw = perf_glued_words(g->rows[k], w, 2);
        if (nw == 1 && perf_fragment_word(pc, w[0]) && !perf_looks_like_value(pc, w[0]) &&
            !perf_level_label(pc, w[0]))
            sb_adds(&reason, w[0]);
        else
            k = g->nrows; /* no word of a reason: stop */
        perf_free_words(w, nw);
        if (k < g->nrows && perf_ends_sentence(pc, reason.data))
            end = k;
    }
    char *joined = NULL;
    ok = ok && asprintf(&joined, "%s%s", a[na - 1], b[0]) >= 0;
    if (ok) {
        const char *cells[48];
        int nc = 0;
        for (int k = 0; k < na - 1; k++)
            cells[nc++] = a[k];
        cells[nc++] = joined;
        for (int k = 1; k <= score; k++)
            cells[nc++] = b[k];
        /* the reason whole, else its first line only */
        char *first = NULL;
        if (end > r + 1)
            cells[nc++] = reason.data;
        else if (score + 1 < nb && (first = strdup(b[score + 1])) != NULL)
            cells[nc++] = first;
        ok = perf_indicator_cells(pc, g->rows[r + 1], cells, nc);
        free(first);
        *last = end;
    }
    free(joined);
    sb_free(&reason);
    perf_free_words(a, na);
    return ok;
}

/* A row under two lines of its levels' labels, whole or wrapped (效益指标 社会效 / 益 升 /
 * 公共服务效率提 ≥% ≥95% ≥95% 30 30): the second line's first words complete the labels begun
 * on the first, in order; its one word left is a line of the row's name, pdftotext having set
 * it off its line (a glyph's baseline): its last when shorter than the name's line on the row
 * (a wrapped cell fills its width but on its last line), else its first. Rows r to r + 2 are
 * one indicator. */
bool perf_flat_labels_wrapped_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 2 >= g->nrows || !perf_scored_row(pc, g->rows[r + 2]) || perf_scored_row(pc, g->rows[r]) ||
        perf_scored_row(pc, g->rows[r + 1]))
        return false;
    char *a[8], *b[8], *c[40];
    int na = perf_glued_words(g->rows[r], a, 8), nb = perf_glued_words(g->rows[r + 1], b, 8);
    int nc = perf_glued_words(g->rows[r + 2], c, 40), used = 0, tops = 0;
    bool ok = na >= 1 && nb >= 2 && nc >= 4 && !perf_level_label(pc, c[0]) && !perf_looks_like_value(pc, c[0]) &&
              perf_fragment_word(pc, c[0]);
    for (int k = 0; ok && k < na; k++) { /* whole labels, or tops the next line's words end */
        if (perf_level_label(pc, a[k]))
            continue;
        ok = used < nb && perf_completes_label(pc, a[k], b[used]);
        char *both = NULL;
        if (ok && asprintf(&both, "%s%s", a[k], b[used]) >= 0) {
            free(a[k]);
            a[k] = both;
            used++;
            tops++;
        }
    }
    /* one word left, a piece of the name; or two: the name on one line, and the last, shorter
     * line of the cell after it, set off its line the same way (标 血量面标 作 / 审核制作工 ≥个 …:
     * 血量面标, 审核制作工作) */
    bool split = ok && tops > 0 && used == nb - 2 && perf_fragment_word(pc, b[used + 1]) &&
                 !perf_looks_like_value(pc, b[used + 1]) && !perf_level_label(pc, b[used + 1]) &&
                 utf8_chars(b[used + 1], strlen(b[used + 1])) < utf8_chars(c[0], strlen(c[0]));
    ok = ok && tops > 0 && (used == nb - 1 || split) && perf_fragment_word(pc, b[used]) &&
         !perf_looks_like_value(pc, b[used]) && !perf_level_label(pc, b[used]);
    char *name = NULL;
    if (ok && split) {
        ok = asprintf(&name, "%s%s", c[0], b[used + 1]) >= 0;
    } else if (ok) {
        bool end = utf8_chars(b[used], strlen(b[used])) < utf8_chars(c[0], strlen(c[0]));
        ok = asprintf(&name, "%s%s", end ? c[0] : b[used], end ? b[used] : c[0]) >= 0;
    }
    if (ok) {
        const char *cells[48];
        int n = 0;
        for (int k = 0; k < na; k++)
            cells[n++] = a[k];
        if (split)
            cells[n++] = b[used];
        cells[n++] = name;
        for (int k = 1; k < nc; k++)
            cells[n++] = c[k];
        ok = perf_indicator_cells(pc, g->rows[r + 2], cells, n);
        *last = r + 2;
    }
    free(name);
    perf_free_words(a, na);
    perf_free_words(b, nb);
    perf_free_words(c, nc);
    return ok;
}

/* Scored row s (the first within three lines from r) that holds only its values' units
 * beside its weight and score, its other cells on the lines above it (成本指标 信息中心网 /
 * 络费 ≤元 ≤260000 ≤260000元 / 元 10 10; … ≤100000 / 元 / ≤100000 / 元 1 1): rows [r, s]
 * are one indicator, read in order: a line's first word ends the name the line above ended
 * with (信息中心网 / 络费), a line of units ends the values cut before them, in order. Not
 * when a unit finds no value it ends, or a value stays cut. */
bool perf_flat_units_below(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    while (s < g->nrows && s < r + 4 && !perf_scored_row(pc, g->rows[s]))
        s++;
    if (s == r || s >= g->nrows || s >= r + 4)
        return false;
    char *w[64];
    int n = 0;
    bool ok = true, name_open = false; /* the last word is the name, no value after it yet */
    for (size_t k = r; k <= s && ok; k++) {
        char *lw[16];
        int nl = perf_glued_words(g->rows[k], lw, 16), upto = k == s ? nl - 2 : nl;
        if (k > r && all_units(lw, upto)) { /* the units of the values cut before them */
            ok = end_cut_values(pc, w, n, lw, upto) == upto;
            name_open = false;
        } else if (k == s) {
            ok = false;
        } else {
            int j = 0;
            if (name_open && upto > 0 && !perf_looks_like_value(pc, lw[0]) && !perf_level_label(pc, lw[0])) {
                char *joined = NULL;
                if (asprintf(&joined, "%s%s", w[n - 1], lw[0]) >= 0) {
                    free(w[n - 1]);
                    w[n - 1] = joined;
                }
                j = 1;
            }
            for (; j < upto && n < 60; j++) {
                name_open = !perf_looks_like_value(pc, lw[j]) && !perf_level_label(pc, lw[j]) &&
                            (n == 0 || !perf_looks_like_value(pc, w[n - 1]));
                w[n++] = lw[j];
                lw[j] = NULL;
            }
        }
        for (int j = upto; ok && k == s && j < nl && n < 64; j++) { /* the weight and score */
            w[n++] = lw[j];
            lw[j] = NULL;
        }
        for (int j = 0; j < nl; j++)
            free(lw[j]);
    }
    for (int i = 0; ok && i < n; i++)
        ok = !perf_cut_value(pc, w[i]);
    ok = ok && n >= 4 && perf_indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    if (ok)
        *last = s;
    perf_free_words(w, n);
    return ok;
}

/* A comparison printed apart from its number (≤ / 100000 / 元). */
bool perf_sign_only(const perf_ctx *pc, const char *t)
{
    return perf_looks_like_value(pc, t) && !strpbrk(t, "0123456789%") && !perf_is_number(pc, t) &&
           utf8_chars(t, strlen(t)) == 1;
}

/* Values wrapped in their cells a few characters a line around scored row s, the row's
 * other cells on it (≤ ≤100000 / 值班系统服务费 ≤元 100000 1 1 / 元 / 元): rows r (lines of
 * value pieces only, one or two; or up to four with lines of a nameless row's labels and
 * name pieces among them) to s. A comparison alone goes, in order, before the row's
 * plain numbers but its weight and score; the other pieces follow the row's values, or go
 * by wrapped_values_at when no comparison alone was joined (the indicator uncertain when
 * they might trade places with another number); then the lines of units below end the
 * values cut before them, in order. Not when a comparison or a unit finds no place, or nothing is joined. */
enum { BAND_NONE, BAND_VALUE, BAND_LABEL, BAND_TEXT };

/* What a word of a line around a row is to flat_signs_above: a value's piece (≤, ≤3000), a
 * level's label, a text (a name's piece), else none. */
static int band_word(const perf_ctx *pc, const char *t)
{
    if (perf_looks_like_value(pc, t))
        return !perf_is_number(pc, t) && !str_ends(t, "%") ? BAND_VALUE : BAND_NONE;
    if (perf_level_label(pc, t))
        return BAND_LABEL;
    return perf_fragment_word(pc, t) ? BAND_TEXT : BAND_NONE;
}

/* A value's end wrapped below it: a unit (元) or its last digits and unit (00元). */
bool perf_unit_tail(const char *t)
{
    return perf_unit_word(t) || (t[0] >= '0' && t[0] <= '9' && !perf_ends_digit(t));
}

/* A percentage's sign wrapped below its number (≥98 / %), half or full width. */
bool perf_percent_tail(const char *t)
{
    size_t len = 0;
    return !strcmp(t, "%") || (text_fullwidth_ascii(t, &len) == '%' && len > 0 && !t[len]);
}

/* A line of the numbers that end comparisons printed alone above them (100%, 98%, 3000元). */
static bool number_below(const src_line *l)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (*t && !(t[0] >= '0' && t[0] <= '9'))
            return false;
        n += *t != '\0';
    }
    return n > 0;
}

/* The comparison a value begins with and the unit it ends with (≤元, ≤200000元: ≤ and 元);
 * false when it begins with none. */
static bool value_marks(const perf_ctx *pc, const char *t, size_t *sign, const char **unit)
{
    if (!perf_looks_like_value(pc, t) || perf_is_number(pc, t) || (t[0] >= '0' && t[0] <= '9'))
        return false;
    *sign = 1;
    while (t[*sign] && ((unsigned char)t[*sign] & 0xC0) == 0x80)
        (*sign)++;
    const char *u = t + strlen(t);
    while (u > t + *sign && !(u[-1] >= '0' && u[-1] <= '9'))
        u--;
    *unit = u;
    return true;
}

/* Do values w[put, put + n) placed by a guess before the row's plain number w[other] (cut
 * above and below the row: ≤2000 / 成本指标 下乡调研费 ≤元 197122.33 1.5 1.1 / 00 元) stand
 * where the row itself says? They print as the row's value right before them does, its
 * comparison and its unit (≤元 beside ≤200000元: the initial target and the adjusted one
 * are stated alike), and the plain number after them is what was achieved. */
bool perf_target_beside(const perf_ctx *pc, char *const *w, int from, int put, int n, int other)
{
    size_t sa, sb;
    const char *ua, *ub;
    if (put - 1 < from || other != put + n || !perf_is_number(pc, w[other]) ||
        !value_marks(pc, w[put - 1], &sa, &ua))
        return false;
    for (int i = put; i < put + n; i++)
        if (!value_marks(pc, w[i], &sb, &ub) || sa != sb || strncmp(w[i], w[put - 1], sa) != 0 ||
            strcmp(ua, ub) != 0 || !strpbrk(w[i], "0123456789"))
            return false;
    return true;
}

/* Values stacked in narrow cells a piece a line around a row, the pieces' lines apart from
 * the row's (≤ / 成本指标 信息中心网络费 ≤元 / ≤260000 10 10 / 260000 / 元 / 元): comparisons
 * alone (≤), numbers alone (260000) below the row's scored line, values cut before their
 * unit (≤260000) and units alone (元). When they add up (as many numbers alone as
 * comparisons alone, as many units as values so made or cut), each comparison takes the
 * next number, each value so awaiting a unit the next unit, in order; they follow the
 * row's whole values (≤元, printed right after the name on its line). Uncertain when the
 * values so made differ: their order is a guess. Lines r to the scored line hold the
 * row's labels, name and pieces; the lines below only numbers and units. */
enum { PIECE_SIGN, PIECE_CUT, PIECE_DIGITS, PIECE_UNIT, PIECE_WHOLE };

static int piece_kind(const perf_ctx *pc, const char *t)
{
    if (perf_sign_only(pc, t))
        return PIECE_SIGN;
    if (t[0] >= '0' && t[0] <= '9' && t[strspn(t, "0123456789.")] == '\0')
        return PIECE_DIGITS;
    if ((perf_unit_word(t) && !perf_level_label(pc, t)) || perf_percent_tail(t))
        return PIECE_UNIT;
    if (perf_looks_like_value(pc, t) && !perf_is_number(pc, t) && perf_ends_digit(t))
        return PIECE_CUT;
    return PIECE_WHOLE;
}

bool perf_flat_stacked_values(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    for (; s < g->nrows && s < r + 4 && !perf_scored_row(pc, g->rows[s]); s++) {
        char *t[8];
        int nt = perf_glued_words(g->rows[s], t, 8), texts = 0, other = 0;
        for (int j = 0; j < nt; j++) {
            if (perf_level_label(pc, t[j]) || (perf_looks_like_value(pc, t[j]) && !perf_is_number(pc, t[j])))
                continue;
            if (perf_fragment_word(pc, t[j]) && piece_kind(pc, t[j]) == PIECE_WHOLE)
                texts++;
            else
                other++;
        }
        perf_free_words(t, nt);
        if (nt < 1 || nt > 4 || other > 0 || texts > 1)
            return false;
    }
    if (s >= g->nrows || !perf_scored_row(pc, g->rows[s]))
        return false;
    size_t end = s; /* the lines below: numbers and units alone */
    int below_digits = 0;
    for (size_t b = s + 1; b < g->nrows && b <= s + 3 && !perf_scored_row(pc, g->rows[b]); b++) {
        char *t[8];
        int nt = perf_glued_words(g->rows[b], t, 8), digits = 0;
        bool pieces = nt >= 1;
        for (int j = 0; j < nt && pieces; j++) {
            int k = piece_kind(pc, t[j]);
            pieces = k == PIECE_DIGITS || k == PIECE_UNIT;
            digits += k == PIECE_DIGITS;
        }
        perf_free_words(t, nt);
        if (!pieces)
            break;
        below_digits += digits;
        end = b;
    }
    if (below_digits == 0)
        return false;
    /* every word from line r to the last line below, in reading order */
    char *w[64];
    int n = 0, count[5] = {0};
    size_t name_line = s;
    const char *labels[8], *name[2], *whole[4];
    int nlab = 0, nname = 0, nwhole = 0, weight = -1;
    bool ok = true;
    for (size_t k = r; k <= end && ok; k++) {
        int m = perf_glued_words(g->rows[k], w + n, 64 - n);
        for (int j = n; j < n + m && ok; j++) {
            if (k == s && j >= n + m - 2) { /* the weight and the score */
                weight = weight < 0 ? j : weight;
                continue;
            }
            if (perf_level_label(pc, w[j])) {
                ok = nname == 0 && nlab < 8 && k <= s;
                if (ok)
                    labels[nlab++] = w[j];
            } else if (!perf_looks_like_value(pc, w[j]) && piece_kind(pc, w[j]) != PIECE_UNIT &&
                       piece_kind(pc, w[j]) != PIECE_DIGITS) {
                ok = nname < 2 && k <= s && perf_fragment_word(pc, w[j]);
                if (ok) {
                    name[nname++] = w[j];
                    name_line = k;
                }
            } else {
                int kind = piece_kind(pc, w[j]);
                count[kind]++;
                ok = kind != PIECE_WHOLE || (nwhole < 4 && k <= s);
                if (ok && kind == PIECE_WHOLE)
                    whole[nwhole++] = w[j];
            }
        }
        n += m;
    }
    ok = ok && nname >= 1 && weight >= 0 && count[PIECE_SIGN] >= 1 &&
         count[PIECE_SIGN] == count[PIECE_DIGITS] &&
         count[PIECE_UNIT] == count[PIECE_SIGN] + count[PIECE_CUT] &&
         nwhole + count[PIECE_SIGN] + count[PIECE_CUT] <= 3;
    char *made[4];
    int nm = 0;
    if (ok) {
        /* comparisons with their numbers and the cut values, in reading order; then units */
        int next_digits = 0, next_unit = 0;
        for (int j = 0; j < n && nm < 4; j++) {
            int kind = j == weight || j == weight + 1 ? -1 : piece_kind(pc, w[j]);
            if (kind != PIECE_SIGN && kind != PIECE_CUT)
                continue;
            const char *digits = "";
            if (kind == PIECE_SIGN) {
                while (next_digits < n && (next_digits == weight || next_digits == weight + 1 ||
                                           piece_kind(pc, w[next_digits]) != PIECE_DIGITS))
                    next_digits++;
                digits = w[next_digits++];
            }
            while (next_unit < n && (next_unit == weight || next_unit == weight + 1 ||
                                     piece_kind(pc, w[next_unit]) != PIECE_UNIT ||
                                     perf_level_label(pc, w[next_unit])))
                next_unit++;
            if (next_unit >= n || asprintf(&made[nm], "%s%s%s", w[j], digits, w[next_unit++]) < 0)
                break;
            nm++;
        }
        ok = nm == count[PIECE_SIGN] + count[PIECE_CUT];
    }
    if (ok) {
        char *nm_joined = NULL;
        ok = asprintf(&nm_joined, "%s%s", name[0], nname > 1 ? name[1] : "") >= 0;
        const char *cells[24];
        int nc = 0;
        for (int k = 0; k < nlab; k++)
            cells[nc++] = labels[k];
        cells[nc++] = nm_joined;
        for (int k = 0; k < nwhole; k++)
            cells[nc++] = whole[k];
        for (int k = 0; k < nm; k++)
            cells[nc++] = made[k];
        cells[nc++] = w[weight];
        cells[nc++] = w[weight + 1];
        bool differ = false;
        for (int k = 1; k < nm; k++)
            differ |= strcmp(made[k], made[0]) != 0;
        ok = ok && perf_indicator_cells(pc, g->rows[name_line], cells, nc);
        if (ok && differ && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
        free(nm_joined);
    }
    if (ok)
        *last = end;
    perf_free_words(made, nm);
    perf_free_words(w, n);
    return ok;
}

/* Of lines [r, s) around scored line s, the one whose labels the row's name ends (产出指标
 * 数量指标 血量面标) with text pieces on lines above and below it that are one cell's halves
 * (审核制作工 ≥50 / 产出指标 数量指标 血量面标 / 作 / ≥个 >50个 20 20): no name wrapped around
 * the labels' line, whose middle line would fill the cell as its top does, but a cell of its
 * own, narrower than the top half beside it. SIZE_MAX when none. */
static size_t own_name_line(const perf_ctx *pc, size_t r, size_t s)
{
    const table_grid *g = pc->g;
    size_t mid = SIZE_MAX;
    long mid_width = 0, top_width = 0;
    int above = 0, below = 0;
    for (size_t k = r; k < s; k++) {
        char *t[8];
        int nt = perf_glued_words(g->rows[k], t, 8), nlab = 0, ntext = 0, last = -1;
        for (int j = 0; j < nt; j++) {
            int kind = band_word(pc, t[j]);
            nlab += kind == BAND_LABEL;
            if (kind == BAND_TEXT) {
                ntext++;
                last = j;
            }
        }
        if (nlab > 0 && ntext == 1 && last == nt - 1 && mid == SIZE_MAX) {
            mid = k;
            mid_width = perf_text_width(t[last]);
        } else if (ntext == 1 && mid == SIZE_MAX && above == 0) {
            above++;
            top_width = perf_text_width(t[last]);
        } else if (ntext == 1 && mid != SIZE_MAX)
            below++;
        else if (ntext > 0)
            above = below = 99; /* no such pair */
        perf_free_words(t, nt);
    }
    return mid != SIZE_MAX && above == 1 && below == 1 && mid_width < top_width ? mid : SIZE_MAX;
}

bool perf_flat_signs_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r, tops = SIZE_MAX; /* tops: a line of texts that the line after it ends */
    int pieces = 0, texts = 0;
    for (; s < g->nrows && s < r + 4 && !perf_scored_row(pc, g->rows[s]); s++) {
        char *t[8];
        int nt = perf_glued_words(g->rows[s], t, 8), kinds[4] = {0};
        for (int j = 0; j < nt; j++)
            kinds[band_word(pc, t[j])]++;
        perf_free_words(t, nt);
        if (nt < 1 || nt > 4 || kinds[BAND_NONE] > 0)
            break;
        if (kinds[BAND_TEXT] > 1) {
            /* the first lines of cells side by side, their last lines right under them, texts
             * alone, as many (OA办公系统 OA办公系统服 ≤70000 / 服务 务 / ≤元 ≤70000元 3 3 / 元):
             * each cell is its two words */
            char *b[8];
            int nb = s + 1 < g->nrows && !perf_scored_row(pc, g->rows[s + 1]) ? perf_glued_words(g->rows[s + 1], b, 8)
                                                                              : 0;
            bool ends = nb == kinds[BAND_TEXT] && tops == SIZE_MAX && kinds[BAND_LABEL] == 0;
            for (int j = 0; ends && j < nb; j++)
                ends = band_word(pc, b[j]) == BAND_TEXT;
            perf_free_words(b, nb);
            if (!ends)
                break;
            tops = s++;
        }
        pieces += kinds[BAND_VALUE];
        texts += kinds[BAND_LABEL] + kinds[BAND_TEXT];
    }
    if (s == r || pieces == 0 || (texts == 0 && s > r + 2) || s >= g->nrows ||
        !perf_scored_row(pc, g->rows[s]))
        return false;
    char *up[16], *w[64];
    int nu = 0, n = perf_glued_words(g->rows[s], w, 40), joins = 0;
    /* lines of labels and of a name's pieces around the pieces of values (雪亮视频专 / ≤ ≤ /
     * 线 / ≤元 40000 40000 5 5): the row's labels and name, when it has none of its own */
    int lead = 0;
    while (lead < n && perf_level_label(pc, w[lead]))
        lead++;
    /* … or, the row named, lines of a text that spells its name again (OA办公系统 / 服务 /
     * OA办公系统服务 ≤元 3 3): the name repeated in the next column, a row's names often repeat */
    bool named = texts > 0 && lead < n - 2 && !perf_looks_like_value(pc, w[lead]);
    bool ok = n >= 3 && (texts == 0 || (lead < n && perf_looks_like_value(pc, w[lead])) || named);
    strbuf name, around;
    sb_init(&name);
    sb_init(&around);
    size_t mid = own_name_line(pc, r, s);
    bool full = false; /* the row's cells: its name, a text cell of two lines, values */
    int labels = 0; /* taken from the lines */
    char *cell[8];
    int ncell = 0;
    for (size_t k = r; ok && k < s; k++) {
        char *t[8], *e[8];
        int nt = perf_glued_words(g->rows[k], t, 8), ne = k == tops ? perf_glued_words(g->rows[k + 1], e, 8) : 0;
        for (int j = 0, i = 0; j < nt; j++) {
            int kind = band_word(pc, t[j]);
            if (kind == BAND_TEXT && i < ne && ncell < 8 && asprintf(&cell[ncell], "%s%s", t[j], e[i++]) >= 0) {
                ncell++;
                continue;
            }
            if (kind == BAND_TEXT && mid != SIZE_MAX && k != mid) {
                sb_adds(&around, t[j]); /* the halves of the cell after the name */
                continue;
            }
            if (kind == BAND_VALUE && nu < 16) {
                up[nu++] = t[j];
                t[j] = NULL;
            } else if (kind == BAND_LABEL && n < 48) { /* before the row's own, in order */
                memmove(w + labels + 1, w + labels, (size_t)(n - labels) * sizeof *w);
                w[labels++] = t[j];
                n++;
                lead++;
                t[j] = NULL;
            } else if (kind == BAND_TEXT) {
                sb_adds(&name, t[j]);
            }
        }
        perf_free_words(t, nt);
        perf_free_words(e, ne);
        k += k == tops;
    }
    if (ok && ncell > 0 && (name.len > 0 || n + ncell > 48))
        ok = false;
    for (int j = 0; ok && j < ncell; j++) { /* after the labels, in order */
        memmove(w + lead + j + 1, w + lead + j, (size_t)(n - lead - j) * sizeof *w);
        w[lead + j] = cell[j];
        cell[j] = NULL;
        n++;
    }
    perf_free_words(cell, ncell);
    if (ok && named) {
        ok = name.len > 0 && !name.failed && !strcmp(name.data, w[lead]) && n < 48;
        if (ok) { /* after the name */
            memmove(w + lead + 2, w + lead + 1, (size_t)(n - lead - 1) * sizeof *w);
            w[lead + 1] = sb_take(&name);
            n++;
        }
    } else if (ok && name.len > 0 && n < 48 && perf_is_field(pc, "level1", name.data)) {
        /* the pieces are the row's 一级 label wrapped around it (满意度指 ≥ / 标 / 服务对象满意度
         * ≥% …): before its 二级 label */
        memmove(w + 1, w, (size_t)n * sizeof *w);
        w[0] = sb_take(&name);
        n++;
        lead++;
    } else if (ok && name.len > 0 && n < 48) { /* after the labels */
        memmove(w + lead + 1, w + lead, (size_t)(n - lead) * sizeof *w);
        w[lead] = sb_take(&name);
        n++;
        if (around.len > 0 && n < 48) { /* and the cell wrapped around its line after it */
            memmove(w + lead + 2, w + lead + 1, (size_t)(n - lead - 1) * sizeof *w);
            w[lead + 1] = sb_take(&around);
            n++;
            full = true;
        }
    }
    sb_free(&name);
    sb_free(&around);
    int first_num = n - 2; /* the weight */
    int next = 0;          /* the row's word a comparison may go before */
    for (int i = 0; ok && i < nu; i++) {
        if (!perf_sign_only(pc, up[i]))
            continue;
        while (next < first_num && !perf_is_number(pc, w[next]))
            next++;
        if (next >= first_num && s + 1 < g->nrows && number_below(g->rows[s + 1]))
            continue; /* its number wrapped below the row (≠ / … ≠% ≠100% 10 10 / 100%) */
        ok = next < first_num;
        char *joined = NULL;
        if (ok && asprintf(&joined, "%s%s", up[i], w[next]) >= 0) {
            free(w[next]);
            w[next++] = joined;
            joins++;
        }
        free(up[i]);
        up[i] = NULL;
    }
    int others = 0;
    for (int i = 0; ok && i < nu; i++)
        others += up[i] != NULL;
    /* a comparison joined tells where the others stand: after it, as on their line (≤ ≤4500);
     * none joined, they go by wrapped_values_at */
    int from = lead < first_num && !perf_looks_like_value(pc, w[lead]) ? lead + 1 + (full || named) : lead;
    /* a unit alone among the row's values, one another of its values ends with, marks the
     * column of the one piece cut above it (≤200000 / … ≤元 元 ≤200000 1.5 1.5 / 元): they
     * are one value there */
    for (int k = from; ok && others == 1 && k < first_num; k++) {
        int i = 0;
        while (i < nu && !up[i])
            i++;
        bool a_unit = false;
        for (int m = from; m < first_num && !a_unit; m++)
            a_unit = m != k && perf_looks_like_value(pc, w[m]) && str_ends(w[m], w[k]);
        char *joined = NULL;
        if (i < nu && a_unit && perf_unit_word(w[k]) && perf_ends_digit(up[i]) &&
            asprintf(&joined, "%s%s", up[i], w[k]) >= 0) {
            free(w[k]);
            w[k] = joined;
            free(up[i]);
            up[i] = NULL;
            others = 0;
            joins++;
        }
    }
    /* a row whose values fill the form's three (a text cell of two lines among them) has
     * none left for a piece above it to take: it stands after them */
    int put = joins > 0 || (full && first_num - from >= 2) ? first_num : perf_wrapped_values_at(pc, w, from, first_num);
    if (ok && others > 0 && n + others <= 64) {
        memmove(w + put + others, w + put, (size_t)(n - put) * sizeof *w);
        for (int i = 0, at = put; i < nu; i++)
            if (up[i]) {
                w[at++] = up[i];
                up[i] = NULL;
            }
        n += others;
    }
    size_t end = s;
    for (size_t b = s + 1; ok && b < g->nrows && b <= s + 2 && !perf_scored_row(pc, g->rows[b]); b++) {
        char *u[8];
        int nb = perf_glued_words(g->rows[b], u, 8);
        bool units = nb >= 1 && !perf_starts_field(pc, "total_score", u[0]) &&
                     !perf_is_field2(pc, "total_score", g->rows[b], perf_next_nonempty(g->rows[b], 0));
        for (int k = 0; k < nb && units; k++)
            units = perf_unit_tail(u[k]) || perf_percent_tail(u[k]) || (b == s + 1 && number_below(g->rows[b]));
        int j = units ? end_cut_values(pc, w, n - 2, u, nb) : 0;
        if (units && j == 0)
            j = end_words(pc, w, n - 2, u, nb, perf_sign_only); /* ≠ / … / 100% */
        perf_free_words(u, nb);
        if (!units || j < nb)
            break;
        joins += j;
        end = b;
    }
    for (int i = 0; i < nu; i++)
        free(up[i]);
    /* pieces that are no comparison alone follow the row's values by a guess (the lines do
     * not say which column they stand in): uncertain when they fill a value's place and the
     * row's last value, which they would trade places with, states another number */
    bool guessed = false;
    int cells = 0; /* the name and the row's values */
    for (int i = 0; i < first_num + others; i++)
        cells += !perf_level_label(pc, w[i]);
    cells -= others;
    /* the row's value they would trade places with: the one after them, else the one before */
    int other = put < first_num ? put + others : put - 1;
    for (int i = put; ok && others > 0 && cells - 1 + others <= 3 && i < put + others; i++)
        guessed |= other >= 0 && strpbrk(w[other], "0123456789") && strcmp(w[i], w[other]) != 0 &&
                   !perf_target_beside(pc, w, from, put, others, other);
    ok = ok && joins > 0 && perf_indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
        xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    if (ok)
        *last = end;
    perf_free_words(w, n);
    return ok;
}

/* Is the line one word that may be a piece of a name (no value, number or label)? */
bool perf_name_piece_line(const perf_ctx *pc, const src_line *l)
{
    char *w[2];
    int n = perf_glued_words(l, w, 2);
    bool yes = n == 1 && perf_fragment_word(pc, w[0]) && !perf_looks_like_value(pc, w[0]) &&
               !perf_level_label(pc, w[0]) && !perf_starts_field(pc, "total_score", w[0]);
    perf_free_words(w, n);
    return yes;
}

/* A name wrapped over four or six lines centred on its row, half of them above it and half
 * below, the row without a name of its own (培训 / 人员 / 质量指标 ≥% ≥95% ≥95% 10 10 / 合格 /
 * 率): rows r (the name's first line) to the row's k-th line below are one indicator. */
bool perf_flat_stacked_name(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t k = 0;
    while (k < 3 && r + k < g->nrows && perf_name_piece_line(pc, g->rows[r + k]))
        k++;
    size_t s = r + k;
    if (k < 2 || s + k >= g->nrows || !perf_scored_row(pc, g->rows[s]))
        return false;
    for (size_t j = 1; j <= k; j++)
        if (!perf_name_piece_line(pc, g->rows[s + j]))
            return false;
    char *w[48];
    int n = perf_glued_words(g->rows[s], w, 47), lead = 0;
    while (lead < n && perf_level_label(pc, w[lead]))
        lead++;
    bool ok = lead < n - 2 && perf_looks_like_value(pc, w[lead]); /* no name of its own */
    strbuf name;
    sb_init(&name);
    for (size_t j = r; ok && j <= s + k; j++) {
        char *p[1];
        int np = j == s ? 0 : perf_glued_words(g->rows[j], p, 1);
        if (np == 1)
            sb_adds(&name, p[0]);
        perf_free_words(p, np);
    }
    if (ok) {
        memmove(w + lead + 1, w + lead, (size_t)(n - lead) * sizeof *w);
        w[lead] = sb_take(&name);
        n++;
        ok = w[lead] && perf_indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    }
    sb_free(&name);
    perf_free_words(w, n);
    if (ok)
        *last = s + k;
    return ok;
}

/* Is the line one word, a piece of a text or of a value? */
static bool one_piece_line(const perf_ctx *pc, const src_line *l)
{
    char *w[2];
    int n = perf_glued_words(l, w, 2);
    bool yes = n == 1 && !perf_is_number(pc, w[0]) && !perf_level_label(pc, w[0]) &&
               !perf_starts_field(pc, "total_score", w[0]);
    perf_free_words(w, n);
    return yes;
}

/* Two cells wrapped around their row, one inside the other (lines are ordered by height):
 * a name of three lines, its middle line the row's name (工作 / 达成预期 / 效益指标 社会效益
 * 正常 保障 15 15 / 指标 / 运转), and a cell of two lines right above and below the row, a
 * value's halves (达成预期 / 指标; ≥3000000 / 元), which follows the row's values: rows r
 * to r + 4 are one indicator. */
bool perf_flat_nested_halves(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 2;
    if (s + 2 >= g->nrows || !perf_scored_row(pc, g->rows[s]) || !perf_name_piece_line(pc, g->rows[r]) ||
        !one_piece_line(pc, g->rows[r + 1]) || !one_piece_line(pc, g->rows[s + 1]) ||
        !perf_name_piece_line(pc, g->rows[s + 2]))
        return false;
    char *w[48], *top[1], *in_top[1], *in_bottom[1], *bottom[1];
    int n = perf_glued_words(g->rows[s], w, 46), lead = 0;
    perf_glued_words(g->rows[r], top, 1);
    perf_glued_words(g->rows[r + 1], in_top, 1);
    perf_glued_words(g->rows[s + 1], in_bottom, 1);
    perf_glued_words(g->rows[s + 2], bottom, 1);
    while (lead < n && perf_level_label(pc, w[lead]))
        lead++;
    /* the row has its name's middle line; the inner halves are one value: a number cut
     * before its end, or a qualitative value (达成预期 / 指标), not a name's lines */
    bool cut = perf_looks_like_value(pc, in_top[0]) && perf_ends_digit(in_top[0]);
    bool ok = lead < n - 3 && !perf_looks_like_value(pc, w[lead]) &&
              (cut ? perf_value_tail(in_bottom[0]) : !perf_looks_like_value(pc, in_top[0]) &&
                                                    !perf_looks_like_value(pc, in_bottom[0]));
    char *name = NULL, *value = NULL;
    if (ok && asprintf(&name, "%s%s%s", top[0], w[lead], bottom[0]) < 0)
        name = NULL;
    if (ok && asprintf(&value, "%s%s", in_top[0], in_bottom[0]) < 0)
        value = NULL;
    ok = name && value && (cut || perf_is_field(pc, "qualitative_value", value));
    if (ok) {
        free(w[lead]);
        w[lead] = name;
        memmove(w + n - 1, w + n - 2, 2 * sizeof *w); /* before the weight and the score */
        w[n - 2] = value;
        n++;
        ok = perf_indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    } else {
        free(name);
        free(value);
    }
    perf_free_words(w, n);
    perf_free_words(top, 1);
    perf_free_words(in_top, 1);
    perf_free_words(in_bottom, 1);
    perf_free_words(bottom, 1);
    if (ok)
        *last = s + 2;
    return ok;
}

/* A nameless row under three lines: the tops of its 二级 label and name with a value's
 * beginning (服务对象满意 使用对象满 ≥93), its 一级 label whole (满意度指标), the bottoms of
 * that label and the name (度 意度); the value's end is on the line below the row (%), or
 * its number when the comparison stood alone (≥ / … / 93%). The value goes among the row's
 * values by wrapped_values_at (the indicator uncertain when it could trade places with
 * another): rows r to the row, or the line below it, are one indicator. */
bool perf_flat_labels_between(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 3;
    if (s >= g->nrows || !perf_scored_row(pc, g->rows[s]) || !perf_all_words(pc, g->rows[r + 1], 2, perf_level_label))
        return false;
    char *a[8], *b[8], *w[48], *t[8], *cells[64];
    int na = perf_glued_words(g->rows[r], a, 8), nb = perf_glued_words(g->rows[r + 2], b, 8);
    int n = perf_glued_words(g->rows[s], w, 40), nt = 0, ntail = 0, nc = 0, texts = 0, need = 0;
    while (nt < na && !perf_looks_like_value(pc, a[nt]) && perf_fragment_word(pc, a[nt]))
        nt++;
    bool ok = nt >= 1 && nt == nb && na - nt >= 1 && n >= 3 && perf_looks_like_value(pc, w[0]);
    for (int k = nt; ok && k < na; k++) {
        ok = perf_looks_like_value(pc, a[k]) && !perf_is_number(pc, a[k]);
        need += perf_sign_only(pc, a[k]) || perf_ends_digit(a[k]);
    }
    for (int k = 0; ok && k < nb; k++)
        ok = perf_fragment_word(pc, b[k]) && !perf_looks_like_value(pc, b[k]);
    if (ok && need > 0) { /* the ends of the values cut, in order, on the line below */
        ok = s + 1 < g->nrows && !perf_scored_row(pc, g->rows[s + 1]);
        ntail = ok ? perf_glued_words(g->rows[s + 1], t, 8) : 0;
        ok = ok && ntail == need;
        for (int k = 0; ok && k < ntail; k++)
            ok = perf_percent_tail(t[k]) || perf_unit_tail(t[k]) || (t[k][0] >= '0' && t[k][0] <= '9');
    }
    char *pairs[8];
    int np = 0;
    for (int k = 0; ok && k < nt; k++) {
        if (asprintf(&pairs[np], "%s%s", a[k], b[k]) < 0)
            break;
        texts += !perf_level_label(pc, pairs[np]);
        np++;
    }
    ok = ok && np == nt && texts == 1; /* the labels and one name */
    for (int k = nt, j = 0; ok && k < na; k++) {
        if (!perf_sign_only(pc, a[k]) && !perf_ends_digit(a[k]))
            continue;
        char *joined = NULL;
        if (asprintf(&joined, "%s%s", a[k], t[j++]) < 0) {
            ok = false;
            break;
        }
        free(a[k]);
        a[k] = joined;
    }
    if (ok) {
        char *l1[2];
        int n1 = perf_glued_words(g->rows[r + 1], l1, 2);
        for (int k = 0; k < n1; k++)
            cells[nc++] = l1[k];
        for (int k = 0; k < np; k++) /* the labels, then the name */
            if (perf_level_label(pc, pairs[k]))
                cells[nc++] = pairs[k];
        for (int k = 0; k < np; k++)
            if (!perf_level_label(pc, pairs[k]))
                cells[nc++] = pairs[k];
        int at = perf_wrapped_values_at(pc, w, 0, n - 2);
        for (int k = 0; k < at; k++)
            cells[nc++] = w[k];
        bool guessed = false;
        for (int k = nt; k < na; k++) {
            guessed |= at < n - 2 && strcmp(a[k], w[at]) != 0;
            cells[nc++] = a[k];
        }
        for (int k = at; k < n - 2; k++)
            cells[nc++] = w[k];
        cells[nc++] = w[n - 2];
        cells[nc++] = w[n - 1];
        ok = perf_indicator_cells(pc, g->rows[s], (const char *const *)cells, nc);
        if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
        perf_free_words(l1, n1);
        if (ok)
            *last = need > 0 ? s + 1 : s;
    }
    perf_free_words(pairs, np);
    perf_free_words(a, na);
    perf_free_words(b, nb);
    perf_free_words(w, n);
    perf_free_words(t, ntail);
    return ok;
}

/* Rows r to s - 1 as the three lines of a name wrapped around its row's whole labels: the
 * name's top (a word, its line full), the labels alone, its bottom (a word no longer than
 * the top) above the row's values (服务覆盖范 / 产出指标 数量指标 / 围 / ≥20 处 … 20 20). */
static bool name_centred(const perf_ctx *pc, size_t r, size_t s)
{
    const table_grid *g = pc->g;
    if (s != r + 3 || !perf_all_words(pc, g->rows[r + 1], 2, perf_level_label))
        return false;
    char *u[2], *d[2];
    int nu = perf_glued_words(g->rows[r], u, 2), nd = perf_glued_words(g->rows[r + 2], d, 2);
    bool ok = nu == 1 && nd == 1 && !perf_looks_like_value(pc, u[0]) && !perf_looks_like_value(pc, d[0]) &&
              !perf_level_label(pc, u[0]) && !perf_level_label(pc, d[0]) &&
              perf_text_width(d[0]) <= perf_text_width(u[0]) && !perf_ends_sentence(pc, u[0]);
    perf_free_words(u, nu);
    perf_free_words(d, nd);
    return ok;
}

/* Row r as the top of a name wrapped over three lines or more above its row (城区道 /
 * 成本指标 路清扫 …): one word of text alone, no qualitative value's beginning, the next
 * row's labels then a piece of text as wide (the name's second line, full as the top is). */
bool perf_name_top(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    size_t row, bottom;
    if (r + 1 >= g->nrows)
        return false;
    if (perf_name_around_values(pc, r, &row, &bottom))
        return true;
    char *t[2], *w[8];
    int nt = perf_glued_words(g->rows[r], t, 2), nw = perf_glued_words(g->rows[r + 1], w, 8), k = 0;
    while (k < nw && perf_level_label(pc, w[k]))
        k++;
    bool ok = nt == 1 && k >= 1 && k < nw && perf_fragment_word(pc, t[0]) && !perf_looks_like_value(pc, t[0]) &&
              perf_text_width(t[0]) >= 4 && !perf_level_label(pc, t[0]) && !perf_ends_sentence(pc, t[0]) &&
              !perf_starts_field(pc, "qualitative_value", t[0]) && /* a value's top (达成预期指) */
              perf_fragment_word(pc, w[k]) && !perf_looks_like_value(pc, w[k]) &&
              perf_text_width(w[k]) == perf_text_width(t[0]);
    perf_free_words(t, nt);
    perf_free_words(w, nw);
    return ok;
}

/* The indicator just read from row top + 1 to row *last, its name begun on row top + 1
 * (name_top): the top goes before its name, and a word alone narrower than the top on the
 * line below the row ends it when every line of the name was full (… / 保洁服 / 元 10 10 /
 * 务费: 城区道路清扫保洁服务费); *last then takes that line. */
void perf_name_ends(perf_ctx *pc, size_t top, size_t *last)
{
    const table_grid *g = pc->g;
    xmlNodePtr ind = pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    const char *name = ind ? xml_attr(ind, "name") : NULL;
    size_t row, bottom;
    if (name && perf_name_around_values(pc, top, &row, &bottom)) {
        /* a name centred across the values wrapped around its row: its top, the middle on
         * the row (the name read), its bottom right under the values' ends */
        char *t[1], *d[1];
        int nt = perf_glued_words(g->rows[top], t, 1), nd = perf_glued_words(g->rows[bottom], d, 1);
        strbuf sb;
        sb_init(&sb);
        if (nt == 1 && nd == 1 && *last + 1 == bottom && xml_attr(ind, "line") &&
            strtol(xml_attr(ind, "line"), NULL, 10) == g->rows[row]->no) {
            sb_adds(&sb, t[0]);
            sb_adds(&sb, name);
            sb_adds(&sb, d[0]);
            if (sb.data && !sb.failed) {
                xml_set(ind, "name", sb.data);
                *last = bottom;
            }
        }
        sb_free(&sb);
        perf_free_words(t, nt);
        perf_free_words(d, nd);
        return;
    }
    char *t[2], *w[8];
    int nt = perf_glued_words(g->rows[top], t, 2), nw = perf_glued_words(g->rows[top + 1], w, 8), k = 0;
    while (k < nw && perf_level_label(pc, w[k]))
        k++;
    if (name && nt == 1 && k < nw && !strncmp(name, w[k], strlen(w[k]))) {
        long width = perf_text_width(t[0]);
        strbuf sb;
        sb_init(&sb);
        sb_adds(&sb, t[0]);
        sb_adds(&sb, name);
        size_t u = *last + 1;
        char *b[2];
        int nb = u < g->nrows ? perf_glued_words(g->rows[u], b, 2) : 0;
        if (nb == 1 && perf_fragment_word(pc, b[0]) && !perf_looks_like_value(pc, b[0]) && !perf_level_label(pc, b[0]) &&
            perf_text_width(b[0]) < width && perf_text_width(name) % width == 0) {
            sb_adds(&sb, b[0]);
            *last = u;
        }
        perf_free_words(b, nb);
        if (sb.data)
            xml_set(ind, "name", sb.data);
        sb_free(&sb);
    }
    perf_free_words(t, nt);
    perf_free_words(w, nw);
}

/* Row r as the tops of values of the row below it, which begins with a level's label: each
 * completed by a word of that row into a value the form knows (达成预期 / 质量指标 验收合格率
 * ≥95% 指标 10 10), the row's weight and score maybe alone on the line after it (… ≥95% 指标
 * / 10 10). Rows r to the row, or that line, are one indicator. */
static bool top_completes(perf_ctx *pc, size_t r, size_t *last, bool read)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || !perf_fragment_row(pc, g->rows[r]))
        return false;
    const src_line *row = g->rows[r + 1];
    bool scored = perf_scored_row(pc, row);
    size_t end = r + 1;
    char *t[4], *w[48], *p[3];
    int nt = perf_glued_words(g->rows[r], t, 4), nw = perf_glued_words(row, w, 44), np = 0;
    if (!scored && r + 2 < g->nrows) {
        np = perf_glued_words(g->rows[r + 2], p, 3);
        end = r + 2;
    }
    bool ok = nt >= 1 && nt <= 2 && nw >= 2 && perf_level_label(pc, w[0]) &&
              (scored || (np == 2 && perf_is_number(pc, p[0]) && perf_is_number(pc, p[1])));
    for (int k = 0; ok && k < nw; k++) /* no weight and score of its own but its last two */
        ok = !perf_is_number(pc, w[k]) || (scored && k >= nw - 2);
    int stop = scored ? nw - 2 : nw, from = 0, put[4];
    while (from < stop && perf_level_label(pc, w[from]))
        from++;
    from++; /* after the name */
    for (int k = 0; ok && k < nt; k++) {
        put[k] = -1;
        for (int j = from; j < stop && put[k] < 0; j++)
            if (perf_completes_known(pc, t[k], w[j]))
                put[k] = j;
        ok = put[k] >= 0;
        from = put[k] + 1;
    }
    char *joined[4];
    int nj = 0;
    if (ok && read) {
        const char *cells[52] = {NULL};
        int nc = 0;
        for (int k = 0; k < nw; k++) {
            cells[nc] = w[k];
            for (int i = 0; i < nt; i++)
                if (put[i] == k && asprintf(&joined[nj], "%s%s", t[i], w[k]) >= 0)
                    cells[nc] = joined[nj++];
            nc++;
        }
        for (int k = 0; k < np; k++)
            cells[nc++] = p[k];
        ok = nj == nt && perf_indicator_cells(pc, row, cells, nc);
    }
    perf_free_words(joined, nj);
    perf_free_words(t, nt);
    perf_free_words(w, nw);
    perf_free_words(p, np);
    if (ok && read)
        *last = end;
    return ok;
}

bool perf_flat_top_completes(perf_ctx *pc, size_t r, size_t *last)
{
    return top_completes(pc, r, last, true);
}

/* Is row r the tops of values of the row below it (flat_top_completes)? */
bool perf_tops_completed(const perf_ctx *pc, size_t r)
{
    size_t last = 0;
    return top_completes((perf_ctx *)pc, r, &last, false);
}

/* The comparison, digits and unit of a value or of a piece of one (≤, 15000000, 元, ≤元,
 * ≤15000000): their lengths in bytes, in that order; false when t is no such thing (two
 * comparisons, a unit before digits, a text). A unit is one of units[0, nu) or a percent. */
static bool value_pieces(const perf_ctx *pc, const char *t, char *const *units, int nu, size_t *sign,
                         size_t *digits)
{
    size_t n = 0;
    if (*t) { /* one comparison first */
        n = 1;
        while (t[n] && ((unsigned char)t[n] & 0xC0) == 0x80)
            n++;
        char first[8];
        if (n >= sizeof first)
            return false;
        memcpy(first, t, n);
        first[n] = '\0';
        if (!perf_sign_only(pc, first))
            n = 0;
    }
    *sign = n;
    size_t d = strspn(t + n, "0123456789.");
    *digits = d;
    const char *u = t + n + d;
    if (!*u)
        return n + d > 0;
    if (!strcmp(u, "%"))
        return true;
    for (int k = 0; k < nu; k++)
        if (!strcmp(u, units[k]))
            return true;
    return false;
}

/* The words of a line around a cost row as flat_value_columns takes them: a text first (a
 * piece of the name) then value pieces, at least one; how many words, -1 when not so. */
static int piece_line(const perf_ctx *pc, const src_line *l, char **w, int max, char *const *units, int nu,
                      bool *text)
{
    int n = perf_glued_words(l, w, max);
    size_t a, b;
    bool ok = n >= 1;
    *text = ok && !value_pieces(pc, w[0], units, nu, &a, &b);
    if (*text)
        ok = n >= 2 && perf_fragment_word(pc, w[0]) && !perf_looks_like_value(pc, w[0]) && !perf_level_label(pc, w[0]);
    for (int k = *text ? 1 : 0; ok && k < n; k++)
        ok = value_pieces(pc, w[k], units, nu, &a, &b);
    if (!ok) {
        perf_free_words(w, n);
        return -1;
    }
    return n;
}

#define VC_PIECES 10 /* 3^10 assignments at most */
#define VC_COLUMNS 3 /* the initial target, the adjusted one, what was achieved */
#define VC_ROW_LINE 100 /* the row's own line among the lines around it */

typedef struct vc_search {
    const perf_ctx *pc;
    char *const *units;
    int nu;
    const char *piece[VC_PIECES];
    int line[VC_PIECES], row_piece[VC_PIECES], n;
    int col[VC_PIECES], best[VC_PIECES];
    long best_cost;
    int ties; /* other assignments as cheap that make other values */
} vc_search;

/* The values assignment col makes, each column's pieces in the order printed. */
static void vc_values(const vc_search *s, const int *col, strbuf *v)
{
    for (int c = 0; c < VC_COLUMNS; c++) {
        sb_init(&v[c]);
        for (int k = 0; k < s->n; k++)
            if (col[k] == c)
                sb_adds(&v[c], s->piece[k]);
    }
}

static bool vc_valid(const vc_search *s, const int *col)
{
    strbuf v[VC_COLUMNS];
    vc_values(s, col, v);
    bool ok = true;
    for (int c = 0; c < VC_COLUMNS; c++) {
        size_t a, b;
        ok = ok && v[c].len > 0 && value_pieces(s->pc, v[c].data, s->units, s->nu, &a, &b) &&
             (a > 0 || b > 0); /* no unit alone */
    }
    for (int c = 0; c < VC_COLUMNS; c++)
        sb_free(&v[c]);
    return ok;
}

static void vc_search_at(vc_search *s, int k)
{
    if (k == s->n) {
        if (!vc_valid(s, s->col))
            return;
        /* the fewest numbers cut in two (a column's pieces joined digit to digit), then the
         * row's own values to the left: a value off the row goes after them */
        long cost = 0;
        for (int i = 0; i < s->n; i++) {
            cost += s->row_piece[i] ? s->col[i] : 0;
            int next = i + 1;
            while (next < s->n && s->col[next] != s->col[i])
                next++;
            size_t len = strlen(s->piece[i]);
            if (next < s->n && len && s->piece[i][len - 1] >= '0' && s->piece[i][len - 1] <= '9' &&
                s->piece[next][0] >= '0' && s->piece[next][0] <= '9')
                cost += 100;
        }
        if (s->best_cost < 0 || cost < s->best_cost) {
            s->best_cost = cost;
            s->ties = 0;
            memcpy(s->best, s->col, sizeof s->col);
        } else if (cost == s->best_cost) {
            strbuf a[VC_COLUMNS], b[VC_COLUMNS];
            vc_values(s, s->col, a);
            vc_values(s, s->best, b);
            for (int c = 0; c < VC_COLUMNS; c++)
                s->ties += strcmp(a[c].data ? a[c].data : "", b[c].data ? b[c].data : "") != 0;
            for (int c = 0; c < VC_COLUMNS; c++) {
                sb_free(&a[c]);
                sb_free(&b[c]);
            }
        }
        return;
    }
    for (int c = 0; c < VC_COLUMNS; c++) {
        /* a line's pieces in their columns' order */
        bool ok = true;
        for (int i = 0; i < k && ok; i++)
            ok = s->line[i] != s->line[k] || s->col[i] < c;
        if (!ok)
            continue;
        s->col[k] = c;
        vc_search_at(s, k + 1);
    }
}

/* A cost row (its labels, one piece of its name, its values but its weight and score) under
 * one or two lines and over up to three that hold the rest of its cells, wrapped a few
 * characters a line: a piece of the name first, then pieces of values (城区道路 ≤ /
 * ≤15000000 / 成本指标 清扫保洁 ≤元 15000000 10 10 / 服务费 元 / 元). The name is its pieces
 * in order; the values' pieces go to the three value columns so that a line's pieces are in
 * its columns' order and each column makes a value (one comparison, digits, the unit the
 * row's values are stated in), the row's own pieces as far left as they can; the lines
 * below hold values' ends only (no comparison). Not when two such ways make different
 * values, when a number is cut in two, or when a word alone follows (the name's end, which
 * the readers of taller names take). Rows r to the last line below are one indicator. */
bool perf_flat_value_columns(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 1;
    while (s < g->nrows && s < r + 3 && !perf_scored_row(pc, g->rows[s]))
        s++;
    if (s >= g->nrows || s >= r + 3 || !perf_scored_row(pc, g->rows[s]))
        return false;
    char *w[48];
    int nw = perf_glued_words(g->rows[s], w, 44), k0 = 0;
    while (k0 < nw && perf_level_label(pc, w[k0]))
        k0++;
    /* the units the row's values are stated in */
    char *units[4];
    int nu = 0;
    for (int k = k0 + 1; k < nw - 2 && nu < 4; k++) {
        size_t a, b;
        if (!value_pieces(pc, w[k], NULL, 0, &a, &b) && perf_looks_like_value(pc, w[k]) &&
            perf_unit_word(w[k] + a + b))
            units[nu++] = w[k] + a + b;
    }
    bool ok = k0 >= 1 && k0 + 1 < nw - 2 && nu > 0 && perf_fragment_word(pc, w[k0]) &&
              !perf_looks_like_value(pc, w[k0]);
    vc_search vs;
    memset(&vs, 0, sizeof vs);
    vs.pc = pc;
    vs.units = units;
    vs.nu = nu;
    vs.best_cost = -1;
    for (int k = k0 + 1; ok && k < nw - 2; k++) {
        size_t a, b;
        ok = vs.n < VC_PIECES && value_pieces(pc, w[k], units, nu, &a, &b);
        if (ok) {
            vs.line[vs.n] = VC_ROW_LINE;
            vs.row_piece[vs.n] = 1;
            vs.piece[vs.n++] = w[k];
        }
    }
    char *pw[8][8];
    int npw[8], nl = 0, above = 0;
    bool text[8];
    strbuf name;
    sb_init(&name);
    for (size_t i = r; ok && i < s; i++, nl++) { /* the lines above */
        npw[nl] = piece_line(pc, g->rows[i], pw[nl], 8, units, nu, &text[nl]);
        ok = npw[nl] > 0;
        above++;
    }
    size_t end = s;
    for (size_t i = s + 1; ok && i < g->nrows && i <= s + 3 && nl < 8; i++) { /* below */
        npw[nl] = piece_line(pc, g->rows[i], pw[nl], 8, units, nu, &text[nl]);
        if (npw[nl] < 0)
            break;
        bool ends = true; /* the values' ends: no comparison (≥2 begins the next row) */
        for (int k = text[nl] ? 1 : 0; k < npw[nl] && ends; k++) {
            size_t a, b;
            ends = value_pieces(pc, pw[nl][k], units, nu, &a, &b) && a == 0;
        }
        if (!ends) {
            perf_free_words(pw[nl], npw[nl]);
            break;
        }
        end = i;
        nl++;
    }
    int below = nl - above;
    ok = ok && nl > 0;
    /* a word alone next, no wider than the name's pieces: the name may end there, not for
     * here (a wider one begins the next row's name: 公共服务效率提 / 效益指标 社会效益 / 升) */
    long widest = perf_text_width(w[k0]);
    for (int l = 0; l < nl; l++)
        if (npw[l] > 0 && text[l] && perf_text_width(pw[l][0]) > widest)
            widest = perf_text_width(pw[l][0]);
    if (ok && end + 1 < g->nrows) {
        char *t[2];
        int nt = perf_glued_words(g->rows[end + 1], t, 2);
        ok = !(nt == 1 && perf_fragment_word(pc, t[0]) && !perf_looks_like_value(pc, t[0]) && !perf_level_label(pc, t[0]) &&
               perf_text_width(t[0]) <= widest);
        perf_free_words(t, nt);
    }
    /* the pieces in the order printed: the lines above, the row, the lines below */
    const char *piece_at[VC_PIECES];
    int n0 = vs.n;
    for (int i = 0; i < n0; i++)
        piece_at[i] = vs.piece[i];
    vs.n = 0;
    for (int l = 0; ok && l < nl; l++) {
        if (l == above) {
            for (int i = 0; i < n0 && ok; i++) {
                vs.line[vs.n] = VC_ROW_LINE;
                vs.row_piece[vs.n] = 1;
                vs.piece[vs.n++] = piece_at[i];
            }
            sb_adds(&name, w[k0]);
        }
        if (text[l])
            sb_adds(&name, pw[l][0]);
        for (int k = text[l] ? 1 : 0; ok && k < npw[l]; k++) {
            ok = vs.n < VC_PIECES;
            if (ok) {
                vs.line[vs.n] = l;
                vs.row_piece[vs.n] = 0;
                vs.piece[vs.n++] = pw[l][k];
            }
        }
    }
    if (ok && below == 0) {
        for (int i = 0; i < n0 && ok; i++) {
            vs.line[vs.n] = VC_ROW_LINE;
            vs.row_piece[vs.n] = 1;
            vs.piece[vs.n++] = piece_at[i];
        }
        sb_adds(&name, w[k0]);
    }
    if (ok)
        vc_search_at(&vs, 0);
    /* a number cut in two is read elsewhere (≤3000 / … / 00 元: flat_signs_above) */
    ok = ok && vs.best_cost >= 0 && vs.best_cost < 100 && vs.ties == 0 && vs.n > n0;
    if (ok) {
        strbuf v[VC_COLUMNS];
        vc_values(&vs, vs.best, v);
        const char *cells[48];
        int nc = 0;
        for (int k = 0; k < k0; k++)
            cells[nc++] = w[k];
        cells[nc++] = name.data;
        for (int c = 0; c < VC_COLUMNS; c++)
            cells[nc++] = v[c].data;
        cells[nc++] = w[nw - 2];
        cells[nc++] = w[nw - 1];
        ok = perf_indicator_cells(pc, g->rows[s], cells, nc);
        for (int c = 0; c < VC_COLUMNS; c++)
            sb_free(&v[c]);
    }
    for (int l = 0; l < nl; l++)
        if (npw[l] > 0)
            perf_free_words(pw[l], npw[l]);
    sb_free(&name);
    perf_free_words(w, nw);
    if (ok)
        *last = end;
    return ok;
}

/* A row centred on its labels alone, over four lines or five: the tops of its name and of
 * values, the labels, the name's bottom, the values (a value's end among them, which the
 * top completes into a value the form knows) with the weight and score or followed by them
 * alone (验收合格 达成预期 / 质量指标 / 率 / ≥95% 指标 / 10 10). Rows r to the last are one
 * indicator. */
bool perf_flat_centred_tops(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 3 >= g->nrows || !perf_all_words(pc, g->rows[r + 1], 2, perf_level_label))
        return false;
    const src_line *row = g->rows[r + 3];
    bool scored = perf_scored_row(pc, row);
    size_t end = r + 3;
    char *t[4], *d[2], *w[48], *p[3], *l[2];
    int nt = perf_glued_words(g->rows[r], t, 4), nd = perf_glued_words(g->rows[r + 2], d, 2);
    int nw = perf_glued_words(row, w, 44), np = 0, nlab = perf_glued_words(g->rows[r + 1], l, 2);
    if (!scored && r + 4 < g->nrows) {
        np = perf_glued_words(g->rows[r + 4], p, 3);
        end = r + 4;
    }
    bool ok = nt >= 2 && nt <= 3 && nd == 1 && nw >= 1 && perf_fragment_word(pc, t[0]) &&
              !perf_looks_like_value(pc, t[0]) && !perf_level_label(pc, t[0]) && perf_fragment_word(pc, d[0]) &&
              !perf_looks_like_value(pc, d[0]) && perf_text_width(d[0]) <= perf_text_width(t[0]) &&
              !perf_level_label(pc, w[0]) && (scored || (np == 2 && perf_is_number(pc, p[0]) && perf_is_number(pc, p[1])));
    for (int k = 0; ok && k < nw; k++) /* no weight and score of its own but its last two */
        ok = !perf_is_number(pc, w[k]) || (scored && k >= nw - 2);
    int stop = scored ? nw - 2 : nw, from = 0, put[4];
    for (int k = 1; ok && k < nt; k++) {
        put[k] = -1;
        for (int j = from; j < stop && put[k] < 0; j++)
            if (perf_completes_known(pc, t[k], w[j]))
                put[k] = j;
        ok = put[k] >= 0;
        from = put[k] + 1;
    }
    char *joined[4], *name = NULL;
    int nj = 0;
    if (ok && asprintf(&name, "%s%s", t[0], d[0]) >= 0) {
        const char *cells[56] = {NULL};
        int nc = 0;
        for (int k = 0; k < nlab; k++)
            cells[nc++] = l[k];
        cells[nc++] = name;
        for (int k = 0; k < nw; k++) {
            cells[nc] = w[k];
            for (int i = 1; i < nt; i++)
                if (put[i] == k && asprintf(&joined[nj], "%s%s", t[i], w[k]) >= 0)
                    cells[nc] = joined[nj++];
            nc++;
        }
        for (int k = 0; k < np; k++)
            cells[nc++] = p[k];
        ok = nj == nt - 1 && perf_indicator_cells(pc, row, cells, nc);
    } else {
        ok = false;
    }
    free(name);
    perf_free_words(joined, nj);
    perf_free_words(t, nt);
    perf_free_words(d, nd);
    perf_free_words(w, nw);
    perf_free_words(p, np);
    perf_free_words(l, nlab);
    if (ok)
        *last = end;
    return ok;
}

/* Does a name wrapped around its row's labels begin on row r (name_centred)? */
bool perf_centred_above(const perf_ctx *pc, size_t r)
{
    return r + 3 < pc->g->nrows && perf_scored_row(pc, pc->g->rows[r + 3]) && name_centred(pc, r, r + 3);
}

/* A nameless row under two to four lines of its label and name pieces only, a level's
 * label among them wrapped onto a later line (满意度指 使用人员满意 / 标 / 服务对象满意度 / 度
 * / ≥% ≥98% ≥98% 10 10): each piece completes a label begun before it, or is a whole label,
 * or a piece of the name, in order; rows r to the row are one indicator. */
bool perf_flat_label_pieces_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    while (s < g->nrows && s < r + 4 && !perf_scored_row(pc, g->rows[s]) &&
           (perf_fragment_row(pc, g->rows[s]) || perf_all_words(pc, g->rows[s], 2, perf_level_label)))
        s++;
    if (s < r + 2 || s >= g->nrows || !perf_scored_row(pc, g->rows[s]))
        return false;
    char *label[4], *w[48];
    int nl = 0, wrapped = 0, n = perf_glued_words(g->rows[s], w, 40);
    bool ok = n >= 3 && perf_looks_like_value(pc, w[0]) && !perf_level_label(pc, w[0]);
    strbuf name;
    sb_init(&name);
    char *signs[2];
    int nsigns = 0;
    for (size_t k = r; ok && k < s; k++) {
        char *t[8];
        int nt = perf_glued_words(g->rows[k], t, 8);
        for (int j = 0; ok && j < nt; j++) {
            if (perf_sign_only(pc, t[j])) { /* a comparison alone, its number under the row */
                ok = nsigns < 2;
                if (ok) {
                    signs[nsigns++] = t[j];
                    t[j] = NULL;
                }
                continue;
            }
            int at = -1; /* a label begun before, which the piece completes */
            for (int i = 0; i < nl && at < 0; i++)
                if (perf_completes_label(pc, label[i], t[j]))
                    at = i;
            if (at >= 0) {
                char *both = NULL;
                ok = asprintf(&both, "%s%s", label[at], t[j]) >= 0;
                if (ok) {
                    free(label[at]);
                    label[at] = both;
                    wrapped++;
                }
            } else if ((perf_level_label(pc, t[j]) || perf_starts_field(pc, "level1", t[j]) ||
                        perf_starts_field(pc, "level2", t[j])) && nl < 4) {
                label[nl++] = t[j];
                t[j] = NULL;
            } else {
                sb_adds(&name, t[j]);
            }
        }
        perf_free_words(t, nt);
    }
    for (int i = 0; ok && i < nl; i++)
        ok = perf_level_label(pc, label[i]);
    ok = ok && (wrapped > 0 || name_centred(pc, r, s)) && name.len > 0;
    /* comparisons alone above take, in order, the numbers alone on the line under the row
     * (滿意度 使用对象满 ≥ / … / ≥% ≥95% 10 10 / 93%), and go among the row's values as
     * values wrapped around it do (wrapped_values_at: a guess, the row uncertain) */
    size_t end = s;
    bool guessed = false;
    if (ok && nsigns > 0) {
        char *d[4];
        int nd = s + 1 < g->nrows && number_below(g->rows[s + 1]) ? perf_glued_words(g->rows[s + 1], d, 4) : 0;
        ok = nd == nsigns && n + nsigns <= 48;
        int put = ok ? perf_wrapped_values_at(pc, w, 0, n - 2) : 0;
        for (int i = 0; ok && i < nsigns; i++) {
            char *made = NULL;
            ok = asprintf(&made, "%s%s", signs[i], d[i]) >= 0;
            if (ok) {
                memmove(w + put + 1, w + put, (size_t)(n - put) * sizeof *w);
                w[put] = made;
                guessed |= put + 1 < n - 1 && strcmp(made, w[put + 1]) != 0;
                put++;
                n++;
            }
        }
        perf_free_words(d, nd);
        end = s + 1;
    }
    perf_free_words(signs, nsigns);
    if (ok) {
        const char *cells[64];
        int nc = 0;
        for (int i = 0; i < nl; i++) /* the 一级 label before the 二级 */
            if (perf_is_field(pc, "level1", label[i]) && !perf_is_field(pc, "level2", label[i]))
                cells[nc++] = label[i];
        for (int i = 0; i < nl; i++)
            if (perf_is_field(pc, "level2", label[i]))
                cells[nc++] = label[i];
        cells[nc++] = name.data;
        for (int k = 0; k < n; k++)
            cells[nc++] = w[k];
        ok = perf_indicator_cells(pc, g->rows[s], cells, nc);
        if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    }
    sb_free(&name);
    perf_free_words(label, nl);
    perf_free_words(w, n);
    if (ok)
        *last = end;
    return ok;
}

/* Rows r to r + 2 of a flattened form as one indicator whose values wrapped in their cells:
 * its labels, name and first values on row r (no number: 成本指标 信息中心网络费 ≤元), the
 * values' beginnings and the weight and score on row r + 1 (≤2600 ≤260000 10 10), the
 * values' ends on row r + 2 (00 元 元), one for each value of row r + 1. */
bool perf_flat_split_values(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < from || r + 2 >= g->nrows)
        return false;
    const src_line *L = g->rows[r], *V = g->rows[r + 1], *T = g->rows[r + 2];
    int first = perf_next_nonempty(L, 0), v0 = perf_next_nonempty(V, 0);
    if (first < 0 || v0 < 0 || perf_count_numbers(pc, L) > 0 || perf_scored_row(pc, L) ||
        !perf_scored_row(pc, V) || !perf_looks_like_value(pc, src_cell_text(V, v0)) || perf_scored_row(pc, T))
        return false;
    char *lw[16], *vw[16], *tw[8];
    int nl = perf_glued_words(L, lw, 16), nv = perf_glued_words(V, vw, 16), nt = perf_glued_words(T, tw, 8);
    bool ok = nv >= 3 && nt == nv - 2 && nl + nv <= 24;
    for (int k = 0; ok && k < nt; k++) /* a number cut before its last digits or its unit */
        ok = perf_value_tail(tw[k]) && perf_looks_like_value(pc, vw[k]) && !perf_is_number(pc, vw[k]) &&
             perf_ends_digit(vw[k]);
    bool named = false; /* row r names the indicator: a word that is no value */
    for (int k = 0; ok && k < nl; k++) {
        named |= !perf_looks_like_value(pc, lw[k]) && !perf_is_field(pc, "level1", lw[k]) &&
                 !perf_is_field(pc, "level2", lw[k]);
        ok = !perf_ends_digit(lw[k]); /* its values whole ("≤元"), none cut like row r + 1's */
    }
    ok = ok && named;
    char *joined[8];
    int nj = 0;
    for (int k = 0; ok && k < nt; k++)
        if (asprintf(&joined[nj], "%s%s", vw[k], tw[k]) >= 0)
            nj++;
    ok = ok && nj == nt;
    if (ok) {
        const char *cells[32];
        int nc = 0;
        for (int k = 0; k < nl; k++)
            cells[nc++] = lw[k];
        for (int k = 0; k < nj; k++)
            cells[nc++] = joined[k];
        for (int k = nt; k < nv; k++)
            cells[nc++] = vw[k];
        ok = perf_indicator_cells(pc, V, cells, nc);
        *last = r + 2;
    }
    perf_free_words(joined, nj);
    perf_free_words(lw, nl);
    perf_free_words(vw, nv);
    perf_free_words(tw, nt);
    return ok;
}

/* A nameless scored row r + 2 whose text cells (its name first) wrapped over the two lines
 * above it, a value's piece beside their tops (OA办公系统 OA办公系统服 ≤70000 / 服务 务 / ≤元
 * ≤70000元 3 3 / 元): line r its texts then value pieces, line r + 1 as many texts, each no
 * wider than the top it ends; the texts so joined are the row's name and the cells after
 * it, the pieces go among the row's values by wrapped_values_at (uncertain when they might
 * trade places with another), a piece cut before its unit ended by the line after the row,
 * its units (as many as the cut pieces, each one the row's values end with). */
bool perf_flat_halves_over_values(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 2 >= g->nrows || perf_scored_row(pc, g->rows[r]) || perf_scored_row(pc, g->rows[r + 1]) ||
        !perf_scored_row(pc, g->rows[r + 2]))
        return false;
    char *t[8], *b[8], *w[48], *u[8], *made[8];
    int nt = perf_glued_words(g->rows[r], t, 8), nb = perf_glued_words(g->rows[r + 1], b, 8),
        n = perf_glued_words(g->rows[r + 2], w, 48), nu = 0, nm = 0;
    int texts = 0;
    while (texts < nt && perf_text_cell(pc, t[texts]) && perf_fragment_word(pc, t[texts]))
        texts++;
    int lead = 0;
    while (lead < n && perf_level_label(pc, w[lead]))
        lead++;
    bool ok = texts >= 1 && texts < nt && nb == texts && lead < n - 2 && perf_looks_like_value(pc, w[lead]) &&
              !perf_is_number(pc, w[lead]);
    int ncut = 0;
    for (int k = texts; ok && k < nt; k++) {
        ok = perf_looks_like_value(pc, t[k]) && !perf_is_number(pc, t[k]);
        ncut += ok && perf_ends_digit(t[k]);
    }
    for (int k = 0; ok && k < nb; k++)
        ok = perf_text_cell(pc, b[k]) && perf_fragment_word(pc, b[k]) &&
             perf_text_width(b[k]) <= perf_text_width(t[k]);
    if (ok && ncut > 0) { /* the cut pieces' units, on the line after the row */
        ok = r + 3 < g->nrows && !perf_scored_row(pc, g->rows[r + 3]);
        nu = ok ? perf_glued_words(g->rows[r + 3], u, 8) : 0;
        ok = ok && nu == ncut;
        for (int k = 0; ok && k < nu; k++) {
            bool known = false;
            for (int j = lead; j < n - 2 && !known; j++)
                known = perf_looks_like_value(pc, w[j]) && strlen(w[j]) > strlen(u[k]) && str_ends(w[j], u[k]);
            ok = known && perf_unit_word(u[k]) && !perf_level_label(pc, u[k]);
        }
    }
    for (int k = 0, c = 0; ok && k < nt && nm < 8; k++) {
        const char *end = k < texts ? b[k] : perf_ends_digit(t[k]) ? u[c++] : "";
        ok = asprintf(&made[nm], "%s%s", t[k], end) >= 0;
        nm += ok;
    }
    bool guessed = false;
    if (ok) {
        const char *cells[64];
        int nc = 0;
        for (int k = 0; k < lead; k++)
            cells[nc++] = w[k];
        for (int k = 0; k < texts; k++)
            cells[nc++] = made[k];
        int put = perf_wrapped_values_at(pc, w, lead, n - 2);
        for (int k = lead; k < put; k++)
            cells[nc++] = w[k];
        for (int k = texts; k < nm; k++) {
            cells[nc++] = made[k];
            guessed |= put < n - 2 && strcmp(made[k], w[put]) != 0;
        }
        for (int k = put; k < n; k++)
            cells[nc++] = w[k];
        ok = perf_indicator_cells(pc, g->rows[r + 2], cells, nc);
    }
    if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
        xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    if (ok)
        *last = r + 2 + (nu > 0);
    perf_free_words(made, nm);
    perf_free_words(t, nt);
    perf_free_words(b, nb);
    perf_free_words(w, n);
    perf_free_words(u, nu);
    return ok;
}
