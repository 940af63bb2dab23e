/* perf_flat.c — the performance-form reader (perf.c): indicator rows of a flattened form
 * (a row ending in its weight and score, cells of two lines centred on it, tails below,
 * name stacks). */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- indicator rows of a flattened form ----
 * A row of an indicator ends in its weight and score; a cell of two lines centred on it
 * stands half on the line above, half on the line below (达成预期指 / … 10 10 / 标). */

int perf_words(const src_line *l, int *at, int max)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c)) {
            if (n < max)
                at[n] = c;
            n++;
        }
    return n;
}

/* Does the row end in two numbers (its weight and score) after something else? */
bool perf_scored_row(const perf_ctx *pc, const src_line *l)
{
    int at[3];
    int n = perf_words(l, at, 0);
    if (n < 3)
        return false;
    int k = 0;
    for (int c = l->ncells - 1; c >= 0 && k < 2; c--) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (!perf_is_number(pc, t))
            return false;
        k++;
    }
    return k == 2;
}

/* Does the line hold one to max words (max ≤ 8), each of which passes the test? */
bool perf_all_words(const perf_ctx *pc, const src_line *l, int max,
                    bool (*test)(const perf_ctx *, const char *))
{
    int at[8];
    int n = perf_words(l, at, 8);
    if (n < 1 || n > max)
        return false;
    for (int k = 0; k < n; k++)
        if (!test(pc, src_cell_text(l, at[k])))
            return false;
    return true;
}

bool perf_fragment_word(const perf_ctx *pc, const char *t)
{
    return !perf_is_number(pc, t) && !perf_is_field(pc, "level1", t) && !perf_is_field(pc, "level2", t) &&
           !perf_is_field(pc, "indicators", t) && !perf_starts_field(pc, "total_score", t);
}

/* A line of words alone (no number, no label of a level) that may be half of a cell; a
 * number's end and its unit printed apart are one word (00 元 00 元). */
bool perf_fragment_row(const perf_ctx *pc, const src_line *l)
{
    char *w[8];
    int n = perf_glued_words(l, w, 8);
    bool yes = n >= 1 && n <= 4;
    for (int k = 0; yes && k < n; k++)
        yes = perf_fragment_word(pc, w[k]);
    perf_free_words(w, n);
    return yes;
}

/* Are rows r-1 and r+1 the same words under two scored rows (… 稳定 达成预期 10 10 / 指标 /
 * … 及时 达成预期 10 10 / 指标)? Then each is the tail of the row above it, as rows of one
 * shape wrap alike: as halves around row r they would make cells of a word twice. */
static bool repeated_tails(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    if (r < 2 || r + 1 >= g->nrows || !perf_scored_row(pc, g->rows[r - 2]))
        return false;
    char *a[8], *b[8];
    int na = perf_glued_words(g->rows[r - 1], a, 8), nb = perf_glued_words(g->rows[r + 1], b, 8);
    bool same = na == nb && na > 0;
    for (int k = 0; same && k < na; k++)
        same = !strcmp(a[k], b[k]) && !perf_looks_like_value(pc, a[k]);
    perf_free_words(a, na);
    perf_free_words(b, nb);
    return same;
}

/* Are rows r-1 and r+1 the halves of cells of row r? */

bool perf_halves_around(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    if (r == 0 || r + 1 >= g->nrows || !perf_scored_row(pc, g->rows[r]))
        return false;
    const src_line *up = g->rows[r - 1], *down = g->rows[r + 1];
    char *a[8], *b[8];
    int na = perf_glued_words(up, a, 8), nb = perf_glued_words(down, b, 8);
    perf_free_words(a, na);
    perf_free_words(b, nb);
    return perf_fragment_row(pc, up) && perf_fragment_row(pc, down) && na == nb && !repeated_tails(pc, r);
}

static bool header_word(const perf_ctx *pc, const char *t)
{
    if (perf_is_field(pc, "indicator_columns", t))
        return true;
    return utf8_chars(t, strlen(t)) <= 4 && !perf_is_number(pc, t) && !perf_looks_like_value(pc, t) &&
           !perf_is_field(pc, "level1", t) && !perf_is_field(pc, "level2", t);
}

/* Is every word of the line a piece of a label of the indicators' header (进措 / 施)? */
bool perf_header_pieces(const perf_ctx *pc, const src_line *l)
{
    static const char *const fields[] = {"indicator_columns", "indicators"};
    bool all = true;
    for (int c = 0; c < l->ncells && all; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        const form_field *f;
        const char *k = NULL;
        bool piece = false;
        for (size_t i = 0; i < ARRAY_LEN(fields) && !piece; i++)
            if ((k = perf_field_key(pc, fields[i], t, &f)) != NULL)
                for (size_t j = 0; j < f->labels.count && !piece; j++)
                    piece = strstr(f->labels.keys[j], k) != NULL;
        all = piece;
    }
    return all;
}

/* A flattened line of the indicators' header wrapped below it (标值 值 情况说明 及改 / 进措
 * / 施): a few short words, no number, no level's label. */
bool perf_header_leftover(const perf_ctx *pc, const src_line *l)
{
    if (perf_all_words(pc, l, 8, header_word))
        return true;
    /* a header of eleven columns wraps as many words (指标 标 标 值 成值 情况说明 值 分 及改) */
    int at[16];
    int n = perf_words(l, at, 16);
    if (n <= 8 || n > 16)
        return false;
    for (int k = 0; k < n; k++) {
        const char *t = src_cell_text(l, at[k]);
        if (!header_word(pc, t))
            return false;
    }
    return true;
}



/* The line under the indicators' header line h ending two or more of its words into the
 * header's labels (绩效 二级指 调整后指 / 指标 标 标值 实际完成位 …): the header's second
 * line, whatever its other words (a label misprinted), when none is a number, a value or a
 * level's label. */
bool perf_header_completed(const perf_ctx *pc, const src_line *h, const src_line *l)
{
    static const char *const fields[] = {"indicator_columns", "indicators"};
    char *u[24], *w[16];
    int nu = perf_glued_words(h, u, 24), nw = perf_glued_words(l, w, 16), ends = 0;
    bool ok = nw >= 2 && nw < 16;
    for (int k = 0; ok && k < nw; k++) {
        ok = !perf_is_number(pc, w[k]) && !perf_looks_like_value(pc, w[k]) && !perf_level_label(pc, w[k]);
        bool end = false;
        for (int j = 0; ok && j < nu && !end; j++) {
            char *both = NULL;
            if (asprintf(&both, "%s%s", u[j], w[k]) < 0)
                break;
            for (size_t i = 0; i < ARRAY_LEN(fields) && !end; i++)
                end = !perf_is_field(pc, fields[i], u[j]) && perf_is_field(pc, fields[i], both);
            free(both);
        }
        ends += end;
    }
    perf_free_words(u, nu);
    perf_free_words(w, nw);
    return ok && ends >= 2;
}

/* A line's words, a unit printed apart joined to the number before it (00 元), a Latin word
 * to the ideographs after it (OA 办公系统: the text puts a space between scripts). */
int perf_glued_words(const src_line *l, char **out, int max)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (n > 0 && ((perf_unit_word(t) && perf_ends_digit(out[n - 1])) || perf_latin_before_han(out[n - 1], t))) {
            char *j = NULL;
            if (asprintf(&j, "%s%s", out[n - 1], t) < 0)
                continue;
            free(out[n - 1]);
            out[n - 1] = j;
            continue;
        }
        if (n >= max)
            break;
        out[n++] = strdup(t);
    }
    return n;
}

void perf_free_words(char **w, int n)
{
    for (int k = 0; k < n; k++)
        free(w[k]);
}

/* Lines a and b (a above b) as halves of the same cells: their words paired in order. */
static int paired(const perf_ctx *pc, size_t a, size_t b, char **out, int max)
{
    const table_grid *g = pc->g;
    if (!perf_fragment_row(pc, g->rows[a]) || !perf_fragment_row(pc, g->rows[b]))
        return 0;
    char *u[8], *d[8];
    int nu = perf_glued_words(g->rows[a], u, 8), nd = perf_glued_words(g->rows[b], d, 8), n = 0;
    if (nu == nd && nu <= max)
        for (int k = 0; k < nu; k++)
            if (asprintf(&out[n], "%s%s", u[k], d[k]) >= 0)
                n++;
    perf_free_words(u, nu);
    perf_free_words(d, nd);
    return n;
}

/* An indicator row made of cells gathered from the lines around row A, read at A. */
bool perf_indicator_cells(perf_ctx *pc, const src_line *A, const char *const *cells, int nc)
{
    src_cell *sc = calloc((size_t)nc, sizeof *sc);
    if (!sc)
        return false;
    src_line fake = *A;
    for (int k = 0; k < nc; k++) {
        sc[k].text = (char *)cells[k];
        sc[k].pos = k + 1;
    }
    fake.cells = sc;
    fake.ncells = nc;
    perf_indicator_row(pc, &fake, NULL, 0);
    free(sc);
    return true;
}

/* Row r scored: read with the cells printed off it, when the lines around it say which:
 * halves right above and below it (达成预期指 / … 10 10 / 标); or, when the row begins
 * with its values, its labels and name on the lines above (云视讯设备使 / 产出指标 数量指标 /
 * 用 / ≥30次 … 20 20, or 满意度指 服务对象满意 / 标 度 / ≥% … 10 10). Cells printed off the
 * row go where such cells wrap: a text first in the name's place when the row has none,
 * the rest (and values) before the weight. */
/* A value's end wrapped onto the line below it: a unit (元, 次) or the last digits and
 * unit of a number (00元). */
bool perf_value_tail(const char *t)
{
    return perf_unit_word(t) || (t[0] >= '0' && t[0] <= '9');
}

/* Is word a of a flattened row completed by word b wrapped below it into a level's label
 * (质量指 / 标)? */
bool perf_completes_label(const perf_ctx *pc, const char *a, const char *b)
{
    char *both = NULL;
    if (perf_is_field(pc, "level1", a) || perf_is_field(pc, "level2", a) || asprintf(&both, "%s%s", a, b) < 0)
        return false;
    bool yes = perf_is_field(pc, "level1", both) || perf_is_field(pc, "level2", both);
    free(both);
    return yes;
}

/* Is level label a, with word b wrapped below it, a longer label (社会效益 / 指标: the
 * 一级 label 社会效益指标, a 二级 label without its last word)? */
bool perf_grows_label(const perf_ctx *pc, const char *a, const char *b)
{
    char *both = NULL;
    if (!perf_level_label(pc, a) || asprintf(&both, "%s%s", a, b) < 0)
        return false;
    bool yes = perf_is_field(pc, "level1", both) || perf_is_field(pc, "level2", both);
    free(both);
    return yes;
}

/* Which lines around scored row r (none before from) hold cells of it: OFF_HALVES the
 * halves right above and below it; OFF_LABELS, the row nameless (its first word a value,
 * or the second line above it of labels only: its name wrapped around them), the name's
 * halves on the third and first lines above it and its labels on the second; OFF_ABOVE, nameless, halves on the two
 * lines above it; OFF_TOPS, its first cells begun on the line above (tops_above); OFF_NONE. */
enum { OFF_NONE, OFF_HALVES, OFF_LABELS, OFF_ABOVE, OFF_TOPS };

/* Row r's first cells begun on the line above it (满意 服务对象满 使用对 / 度指标 意度 象满意度
 * ≥% … 10 10; 产出指标 数量指 / 标 租赁数量 ≥个 … 20 20): the words of row r - 1 after its
 * whole labels begin row r's first words, in order, and one of them so completes a level's
 * label; or so begun, they end on the line below (满意 服务对象满 使用对 / 度指 意度 象满意
 * ≥% … / 标 度): the words of row r + 1 end, in order, those of the cells begun above that
 * are no whole label yet, one of them a label. Row r's words with them joined and the
 * labels before them (out, malloc'd; their count), else 0; *below: the lines below taken. */

static int tops_above(const perf_ctx *pc, size_t r, char **out, int max, size_t *below)
{
    const table_grid *g = pc->g;
    *below = 0;
    if (r == 0)
        return 0;
    char *u[8], *a[48], *b[8];
    int at[8], nb = 0;
    int nu = perf_glued_words(g->rows[r - 1], u, 8), na = perf_glued_words(g->rows[r], a, 48), n = 0;
    int lead = 0;
    while (lead < nu && (perf_is_field(pc, "level1", u[lead]) || perf_is_field(pc, "level2", u[lead])))
        lead++;
    int np = nu - lead;
    /* the row's whole 一级 label before them, the line above none (社会效 / 效益指标 益 …):
     * the tops begin the words after it */
    int skip = lead == 0 && na > 0 && perf_is_field(pc, "level1", a[0]) && !perf_is_field(pc, "level2", a[0]);
    bool ok = np >= 1 && np <= na - 2 - skip && lead + na <= max && perf_words(g->rows[r - 1], at, 8) == nu,
         label = false;
    char *cell[8];
    int ncell = 0;
    for (int k = 0; ok && k < np; k++) {
        ok = perf_fragment_word(pc, u[lead + k]) && !perf_looks_like_value(pc, u[lead + k]) &&
             perf_fragment_word(pc, a[skip + k]) && !perf_looks_like_value(pc, a[skip + k]) && /* no whole label */
             asprintf(&cell[ncell], "%s%s", u[lead + k], a[skip + k]) >= 0;
        ncell += ok;
        label |= ok && perf_completes_label(pc, u[lead + k], a[skip + k]);
    }
    if (ok && r + 1 < g->nrows && !perf_scored_row(pc, g->rows[r + 1]) &&
        perf_fragment_row(pc, g->rows[r + 1]) && (nb = perf_glued_words(g->rows[r + 1], b, 8)) <= np) {
        int k = 0, to[8]; /* the cells' third lines, in order, to cells no whole label yet */
        bool label3 = false;
        for (int c = 0; c < ncell && k < nb; c++)
            if (!perf_is_field(pc, "level1", cell[c]) && !perf_is_field(pc, "level2", cell[c])) {
                label3 |= perf_completes_label(pc, cell[c], b[k]);
                to[k++] = c;
            }
        for (int j = 0; label3 && k == nb && j < nb; j++) {
            char *joined = NULL;
            if (asprintf(&joined, "%s%s", cell[to[j]], b[j]) >= 0) {
                free(cell[to[j]]);
                cell[to[j]] = joined;
            }
        }
        /* … or a lone word that ends the name when the row after it begins on its own
         * (时效指 业务处 / 标 理及时 … / 性: 业务处理及时性) */
        bool name3 = !label3 && nb == 1 && k == 1 && label && perf_own_row_at(pc, r + 2);
        for (int j = 0; name3 && j < nb; j++) {
            char *joined = NULL;
            if (asprintf(&joined, "%s%s", cell[to[j]], b[j]) >= 0) {
                free(cell[to[j]]);
                cell[to[j]] = joined;
            }
        }
        *below = (label3 || name3) && k == nb;
        label |= *below;
    }
    for (int k = 0; ok && label && k < lead + na; k++) {
        bool made = k < lead ? (out[n] = strdup(u[k])) != NULL
                    : k < lead + skip ? (out[n] = strdup(a[k - lead])) != NULL
                    : k < nu + skip ? (out[n] = strdup(cell[k - lead - skip])) != NULL
                                    : (out[n] = strdup(a[k - lead])) != NULL;
        n += made;
    }
    perf_free_words(cell, ncell);
    perf_free_words(u, nu);
    perf_free_words(a, na);
    perf_free_words(b, nb);
    return n;
}

static int off_shape(const perf_ctx *pc, size_t r, size_t from)
{
    const table_grid *g = pc->g;
    if (r >= g->nrows || !perf_scored_row(pc, g->rows[r]))
        return OFF_NONE;
    int a0 = perf_next_nonempty(g->rows[r], 0), n, shape = OFF_NONE;
    bool nameless = a0 >= 0 && perf_looks_like_value(pc, src_cell_text(g->rows[r], a0));
    char *w[8], *t[48];
    size_t below;
    /* first: the tops complete a level's label, which halves would not */
    if (r >= from + 1 && (n = tops_above(pc, r, t, 48, &below)) > 0) {
        perf_free_words(t, n);
        return OFF_TOPS;
    }
    /* a row without its levels' labels under the two lines above it that pair into labels
     * only (满意度指 服务对象满 / 标 意度 / 参加培训人员 ≥% … 10 10) */
    if (r >= from + 2 && a0 >= 0 && !perf_level_label(pc, src_cell_text(g->rows[r], a0)) &&
        (n = paired(pc, r - 2, r - 1, w, 8)) > 0) {
        bool labels = true;
        for (int k = 0; k < n && labels; k++)
            labels = perf_level_label(pc, w[k]);
        perf_free_words(w, n);
        if (labels)
            return OFF_ABOVE;
    }
    /* a nameless row leaves the line below it to the row below that holds it as its top
     * half (系统(硬件)兼容 / 质量指标 / 性 / ≤% … 5 5 / 达成预期指 / 网络稳定性 稳定 5 5 / 标) */
    bool below_takes = nameless && r + 2 < g->nrows && perf_halves_around(pc, r + 2);
    if (r >= from + 1 && r + 1 < g->nrows && !perf_scored_row(pc, g->rows[r + 1]) && !below_takes &&
        (n = paired(pc, r - 1, r + 1, w, 8)) > 0)
        shape = OFF_HALVES;
    else if ((nameless || (r >= 2 && perf_all_words(pc, g->rows[r - 2], 8, perf_level_label))) &&
             r >= from + 3 && !perf_scored_row(pc, g->rows[r - 2]) &&
             !perf_fragment_row(pc, g->rows[r - 2]) && (n = paired(pc, r - 3, r - 1, w, 8)) > 0)
        shape = OFF_LABELS;
    else if (nameless && r >= from + 2 && (n = paired(pc, r - 2, r - 1, w, 8)) > 0)
        shape = OFF_ABOVE;
    if (shape != OFF_NONE)
        perf_free_words(w, n);
    return shape;
}

/* Does a scored row below row r hold it as its cells: the row right below as its halves
 * or its cells' tops, or a nameless row a line or three below (满意度指 服务对象满意 / 标
 * 度 / ≥% … 10 10)? */
static bool taken_below(const perf_ctx *pc, size_t r)
{
    int below1 = off_shape(pc, r + 1, 0), below2 = off_shape(pc, r + 2, 0);
    return perf_halves_around(pc, r + 1) || below1 == OFF_ABOVE || below1 == OFF_LABELS || below1 == OFF_TOPS ||
           below2 == OFF_ABOVE || below2 == OFF_LABELS || off_shape(pc, r + 3, 0) == OFF_LABELS;
}

/* Is row r a fragment taken by the scored row above or below it? */
static bool stack_top(const perf_ctx *pc, size_t r);

bool perf_paired_fragment(const perf_ctx *pc, size_t r)
{
    return (perf_fragment_row(pc, pc->g->rows[r]) &&
            ((r > 0 && perf_halves_around(pc, r - 1)) || taken_below(pc, r))) ||
           off_shape(pc, r + 1, 0) == OFF_TOPS || /* its words may be labels too */
           stack_top(pc, r) || perf_aligned_top(pc, r) || perf_thin_top(pc, r);
}

/* Where values wrapped around a row go among its values w[from, to), whose lines do not say
 * their columns: before the first that states a number, after those that state none (≥%,
 * ≤元). A value wraps in a narrow column, and in a table laid out by its contents 实际完成值's
 * is the widest (its qualitative values, 达成预期指标, are the longest): ≥93 / … ≥% ≥95% 10 10
 * / % is ≥%, ≥93%, ≥95%. Still a guess: the caller marks the row uncertain when the values
 * could trade places. */
int perf_wrapped_values_at(const perf_ctx *pc, char *const *w, int from, int to)
{
    if (to - from >= 3)
        return to; /* 年初, 调整后 and 实际完成值 are there: the value wrapped around the row
                    * stands in a column after them (≥50 / … 审核 ≥个 >50个 20 20 / 个 is
                    * 定性指标情况说明's, not between them) */
    for (int k = from; k < to; k++)
        if (perf_looks_like_value(pc, w[k]) && strpbrk(w[k], "0123456789"))
            return k;
    return to;
}

/* Values up[0, nu) printed off a row that are all comparisons, the row's values w[from, to)
 * holding a plain number and no comparison (≤2000 系统提 / 成本指标 下乡调研费 ≤元 197122.33
 * 1.5 1.1 / 00 元 前结束): a target goes before what was achieved, so they go before its first
 * plain number (*put). */
static bool comparisons_before_plain(const perf_ctx *pc, char *const *up, int nu, char *const *w,
                                     int from, int to, int *put)
{
    int plain = -1;
    for (int i = 0; i < nu; i++)
        if (up[i] && (!perf_looks_like_value(pc, up[i]) || perf_is_number(pc, up[i])))
            return false;
    for (int k = from; k < to; k++) {
        if (perf_sign_only(pc, w[k]) || (perf_looks_like_value(pc, w[k]) && !perf_is_number(pc, w[k]) &&
                                    strpbrk(w[k], "0123456789")))
            return false;
        if (plain < 0 && perf_is_number(pc, w[k]))
            plain = k;
    }
    if (plain < 0)
        return false;
    *put = plain;
    return true;
}

/* Are the halves around scored row r (joined: both) the top and bottom lines of the row's
 * name (业务处 / 时效指标 理及时 及时 达成预期目标 10 10 / 性), not a value of two lines? Its
 * middle line, the name on the row, is as wide as its top (a line of a wrapped cell but its
 * last fills the cell), its bottom no wider, and the halves spell no value the form knows
 * (达成预期 / … / 指标 is a value however wide). The caller asks this of a row that holds two
 * values already. */
static bool name_around(const perf_ctx *pc, size_t r, const char *name, const char *both)
{
    const table_grid *g = pc->g;
    if (perf_looks_like_value(pc, both) || perf_is_field(pc, "qualitative_value", both) ||
        perf_read_already(pc, both) || strpbrk(both, "0123456789"))
        return false;
    char *u[2], *d[2];
    int nu = perf_glued_words(g->rows[r - 1], u, 2), nd = perf_glued_words(g->rows[r + 1], d, 2);
    bool yes = nu == 1 && nd == 1 && perf_text_width(u[0]) == perf_text_width(name) &&
               perf_text_width(d[0]) <= perf_text_width(u[0]) && !perf_looks_like_value(pc, name);
    perf_free_words(u, nu);
    perf_free_words(d, nd);
    return yes;
}

bool perf_flat_indicator(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    const table_grid *g = pc->g;
    char *on[64], *off[16];
    int non = 0, noff = 0;
    size_t used = r;
    int shape = off_shape(pc, r, from);
    switch (shape) {
    case OFF_HALVES:
        noff = paired(pc, r - 1, r + 1, off, 8);
        used = r + 1;
        break;
    case OFF_LABELS:
        noff = paired(pc, r - 3, r - 1, off, 8);
        non = perf_glued_words(g->rows[r - 2], on, 16);
        break;
    case OFF_ABOVE: non = paired(pc, r - 2, r - 1, on, 8); break;
    case OFF_TOPS: {
        char *t[48];
        size_t below;
        int nt = tops_above(pc, r, t, 48, &below);
        bool ok = perf_indicator_cells(pc, g->rows[r], (const char *const *)t, nt);
        perf_free_words(t, nt);
        *last = r + below;
        return ok;
    }
    default: return false;
    }
    const src_line *A = g->rows[r];
    char *rest[48];
    int nrest = perf_glued_words(A, rest, 48);
    /* on: the labels and words before the row's own; then the row's words */
    int k0 = 0;
    for (; k0 < nrest && non < 64; k0++)
        on[non++] = rest[k0];
    perf_free_words(rest + k0, nrest - k0);
    /* place the cells off the row */
    int nlabels = 0;
    while (nlabels < non && (perf_is_field(pc, "level1", on[nlabels]) || perf_is_field(pc, "level2", on[nlabels])))
        nlabels++;
    bool no_name = shape == OFF_LABELS || nlabels >= non - 2 || perf_looks_like_value(pc, on[nlabels]);
    /* a row of every cell (name, three values, weight, score) has no room for one more: its
     * halves around the name are the name's first and last lines (参加培 / … 训(会 … / 议)) */
    /* halves that spell the name on the row are a cell of their own printing it too (a
     * column before the name's: OA办公系统服 / OA办公系统服务 ≤元 … 3 3 / 务), not the name's
     * first and last lines */
    bool repeats = shape == OFF_HALVES && noff == 1 && !no_name && strcmp(off[0], on[nlabels]) == 0;
    if (shape == OFF_HALVES && noff == 1 && !no_name && !repeats && non - nlabels == 6 &&
        !perf_looks_like_value(pc, off[0]) && !perf_is_field(pc, "level1", off[0]) &&
        !perf_is_field(pc, "level2", off[0])) {
        char *u[1], *d[1], *name = NULL;
        int nu = perf_glued_words(g->rows[r - 1], u, 1), nd = perf_glued_words(g->rows[r + 1], d, 1);
        if (nu == 1 && nd == 1 && asprintf(&name, "%s%s%s", u[0], on[nlabels], d[0]) >= 0) {
            free(on[nlabels]);
            on[nlabels] = name;
            perf_free_words(off, noff);
            noff = 0;
        }
        perf_free_words(u, nu);
        perf_free_words(d, nd);
    }
    const char *cells[96];
    int nc = 0, name_off = -1, ntext = 0;
    bool label_off[16]; /* a level's label printed off the row (满意度指 / … / 标): a label */
    bool level1_off[16]; /* … of the 一级 only */
    for (int k = 0; k < noff; k++) {
        label_off[k] = perf_is_field(pc, "level1", off[k]) || perf_is_field(pc, "level2", off[k]);
        level1_off[k] = label_off[k] && !perf_is_field(pc, "level2", off[k]);
        ntext += !perf_looks_like_value(pc, off[k]) && !label_off[k];
    }
    for (int k = 0; k < noff && name_off < 0; k++)
        if (!perf_looks_like_value(pc, off[k]) && !label_off[k] && (ntext >= 2 || no_name || repeats))
            name_off = k;
    /* a row whose first word is a qualitative value (及时) between the halves of a text that
     * is none: the halves are its name (业务处理 / 时效指标 及时 达成预期目标 10 10 / 及时性),
     * the word too when it fills the name's line as its top half does (a line of a cell but
     * its last is full: 培训 / 时效指标 及时 及时 达成预期目标 10 10 / 性) */
    for (int k = 0; k < noff && name_off < 0 && shape == OFF_HALVES && nlabels < non - 2 &&
                    perf_is_field(pc, "qualitative_value", on[nlabels]);
         k++)
        if (!perf_looks_like_value(pc, off[k]) && !label_off[k] && !perf_is_field(pc, "qualitative_value", off[k]))
            name_off = k;
    if (name_off < 0 && noff == 1 && shape == OFF_HALVES && !no_name && !label_off[0] &&
        non - 2 - nlabels - 1 >= 2 && name_around(pc, r, on[nlabels], off[0]))
        name_off = 0;
    if (name_off >= 0 && noff == 1 && shape == OFF_HALVES && !no_name && !repeats) {
        char *u[1], *d[1], *name = NULL;
        int nu = perf_glued_words(g->rows[r - 1], u, 1), nd = perf_glued_words(g->rows[r + 1], d, 1);
        long top = nu == 1 ? (long)utf8_chars(u[0], strlen(u[0])) : 0;
        if (nu == 1 && nd == 1 && top == (long)utf8_chars(on[nlabels], strlen(on[nlabels])) &&
            (long)utf8_chars(d[0], strlen(d[0])) <= top &&
            asprintf(&name, "%s%s%s", u[0], on[nlabels], d[0]) >= 0) {
            free(on[nlabels]);
            on[nlabels] = name;
            perf_free_words(off, noff);
            noff = 0;
            name_off = -1;
        }
        perf_free_words(u, nu);
        perf_free_words(d, nd);
    }
    /* the levels in their order: a 一级 label off the row before the row's 二级 label
     * (满意度指 / 服务对象满意度 … 10 10 / 标) */
    for (int k = 0; k < noff; k++)
        if (level1_off[k])
            cells[nc++] = off[k];
    for (int k = 0; k < nlabels; k++)
        cells[nc++] = on[k];
    for (int k = 0; k < noff; k++)
        if (label_off[k] && !level1_off[k])
            cells[nc++] = off[k];
    if (name_off >= 0)
        cells[nc++] = off[name_off];
    char *vals[16];
    int nv = 0, put = non - 2 < nlabels ? nlabels : non - 2;
    for (int k = 0; k < noff; k++)
        if (k != name_off && !label_off[k] && perf_looks_like_value(pc, off[k]))
            vals[nv++] = off[k];
    bool before_plain = nv > 0 && name_off < 0 && !no_name &&
                        comparisons_before_plain(pc, vals, nv, on, nlabels + 1, non - 2, &put);
    /* values stating numbers, the name among them or off the row: by wrapped_values_at */
    bool wrapped = false;
    if (!before_plain && nv > 0 && (name_off >= 0 || !no_name) && shape == OFF_HALVES) {
        bool stated = true;
        for (int k = 0; k < nv; k++)
            stated = stated && strpbrk(vals[k], "0123456789") && !perf_sign_only(pc, vals[k]);
        int vfrom = name_off >= 0 ? nlabels : nlabels + 1;
        int at = stated ? perf_wrapped_values_at(pc, on, vfrom, non - 2) : put;
        for (int k = 0; k < nv && at < put; k++)
            wrapped |= strcmp(vals[k], on[at]) != 0;
        put = at;
    }
    for (int k = nlabels; k < put; k++)
        cells[nc++] = on[k];
    int vat = nc; /* where the values off the row went */
    for (int k = 0; k < nv; k++)
        cells[nc++] = vals[k];
    for (int k = put; k < non - 2; k++)
        cells[nc++] = on[k];
    before_plain = before_plain && !perf_target_beside(pc, (char *const *)cells, 0, vat, nv, vat + nv);
    for (int k = 0; k < noff; k++)
        if (k != name_off && !label_off[k] && !perf_looks_like_value(pc, off[k]))
            cells[nc++] = off[k];
    for (int k = non - 2 < 0 ? 0 : non - 2; k < non; k++)
        cells[nc++] = on[k];
    bool ok = perf_indicator_cells(pc, A, cells, nc);
    if (ok && (before_plain || wrapped) && pc->indicators && xmlLastElementChild(pc->indicators))
        xml_set(xmlLastElementChild(pc->indicators), "certain", "false"); /* by a guess */
    perf_free_words(on, non);
    perf_free_words(off, noff);
    *last = used;
    return ok;
}


/* A cell of a row that a text wrapped below it may end: no value, number or level label. */
bool perf_text_cell(const perf_ctx *pc, const char *t)
{
    return !perf_looks_like_value(pc, t) && !strpbrk(t, "0123456789") && !perf_level_label(pc, t);
}

/* Two or more texts wrapped below row words aw (足额发放工 足额 达成预期指 … / 资 标): each
 * ends a text cell from the name's on (from) to end, in order, and the cells they end are
 * the fullest such choice (a cell wraps when its line is full: 足额发放工 and 达成预期指,
 * not 足额); ties to the cells further right. Sets at[k] and owner[j] for them. */
static void end_fullest(const perf_ctx *pc, char *const *aw, int from, int end, int *owner,
                        char *const *bw, int nb, int *at)
{
    int tail[8], nt = 0, cand[48], nc = 0;
    for (int k = 0; k < nb; k++)
        if (at[k] < 0 && !perf_looks_like_value(pc, bw[k]))
            tail[nt++] = k;
    /* a whole qualitative value (保障) is no cell cut short, unless a tail makes it a longer
     * value the form knows (达到预期 / 目标) */
    for (int j = from; j < end && nc < 48; j++) {
        bool whole = perf_is_field(pc, "qualitative_value", aw[j]);
        for (int t = 0; whole && t < nt; t++)
            whole = !perf_completes_known(pc, aw[j], bw[tail[t]]);
        if (owner[j] < 0 && perf_text_cell(pc, aw[j]) && !whole)
            cand[nc++] = j;
    }
    if (nt > nc)
        return;
    long longest = 0; /* a cell's last line is no longer than its first */
    for (int c = 0; c < nc; c++) {
        long n = (long)utf8_chars(aw[cand[c]], strlen(aw[cand[c]]));
        longest = n > longest ? n : longest;
    }
    for (int t = 0; t < nt; t++)
        if ((long)utf8_chars(bw[tail[t]], strlen(bw[tail[t]])) > longest)
            return;
    /* best[t][c]: the most characters with tails [t, nt) in candidates [c, nc) */
    long best[9][49];
    for (int t = nt; t >= 0; t--)
        for (int c = nc; c >= 0; c--) {
            if (t == nt)
                best[t][c] = 0;
            else if (nc - c < nt - t)
                best[t][c] = -1;
            else {
                long take = best[t + 1][c + 1] + (long)utf8_chars(aw[cand[c]], strlen(aw[cand[c]]));
                long skip = best[t][c + 1];
                best[t][c] = skip > take ? skip : take; /* a tie: the cell further right */
            }
        }
    for (int t = 0, c = 0; t < nt && c < nc; c++)
        if (best[t][c] != best[t][c + 1] || nc - c - 1 < nt - t) {
            at[tail[t]] = cand[c];
            owner[cand[c]] = tail[t];
            t++;
        }
}

/* Does a word of bw end a number with its unit (00元, 5%) that one of words aw [0, end)
 * was cut before (≤3000)? */
static bool ends_cut_value(const perf_ctx *pc, char *const *aw, int end, char *const *bw, int nb)
{
    bool cut = false, rest = false;
    for (int j = 0; j < end && !cut; j++)
        cut = perf_looks_like_value(pc, aw[j]) && !perf_is_number(pc, aw[j]) && perf_ends_digit(aw[j]);
    for (int k = 0; k < nb && !rest; k++)
        rest = bw[k][0] >= '0' && bw[k][0] <= '9' && !perf_ends_digit(bw[k]);
    return cut && rest;
}

/* Does word j of words w[0, n) with tail t joined equal another of them (≥100篇 + 幅 =
 * ≥100篇幅: a row's adjusted and actual values are often the same)? */
bool perf_completes_to_other(char *const *w, int n, int j, const char *t)
{
    size_t lj = strlen(w[j]), lt = strlen(t);
    for (int i = 0; i < n; i++)
        if (i != j && strlen(w[i]) == lj + lt && !strncmp(w[i], w[j], lj) && !strcmp(w[i] + lj, t))
            return true;
    return false;
}

/* Does line i begin a row of its own: a level's label, a scored row with its name (no
 * halves around it), the top line of the next row's cells, or the form's end? */
bool perf_own_row_at(const perf_ctx *pc, size_t i)
{
    const table_grid *g = pc->g;
    if (i >= g->nrows)
        return true;
    const src_line *l = g->rows[i];
    int a0 = perf_next_nonempty(l, 0);
    if (a0 < 0)
        return false;
    const char *t = src_cell_text(l, a0);
    if (perf_is_field(pc, "total_score", t) || perf_is_field2(pc, "total_score", l, a0) || perf_level_label(pc, t))
        return true;
    if (perf_scored_row(pc, l))
        return !perf_looks_like_value(pc, t) && !perf_halves_around(pc, i);
    return perf_fragment_row(pc, l) && i + 1 < g->nrows && perf_scored_row(pc, g->rows[i + 1]);
}

/* Do the lines of fragments from line i on sit around the next scored row as a centred
 * cell's (培训 / 人员 / 质量指标 ≥% … 10 10 / 合格 / 率; 设备 / ≥30000 / 成本指标 维护、保 … /
 * 元 / 养费): two or more above it, as many or more below? */
static bool centred_from(const perf_ctx *pc, size_t i)
{
    const table_grid *g = pc->g;
    size_t s = i, below = 0;
    while (s < g->nrows && !perf_scored_row(pc, g->rows[s]) && perf_fragment_row(pc, g->rows[s]))
        s++;
    if (s >= g->nrows || s - i < 2 || !perf_scored_row(pc, g->rows[s]))
        return false;
    while (s + 1 + below < g->nrows && !perf_scored_row(pc, g->rows[s + 1 + below]) &&
           perf_fragment_row(pc, g->rows[s + 1 + below]))
        below++;
    return below >= s - i;
}

/* May the first text under scored row r that no value of it takes end the row's name
 * (设备 ≤元 ≤30000元 ≤30000 10 10 / 购置 元)? Only when no row below needs the line: the
 * line after it begins a row of its own. */
static bool name_takes_tail(const perf_ctx *pc, size_t r)
{
    return r + 1 < pc->g->nrows && !taken_below(pc, r + 1) && perf_own_row_at(pc, r + 2) &&
           !centred_from(pc, r + 1);
}

/* Is every word of line i a value's top (≥1, ≠100, ≤) when tops, else a value's end below
 * its row (a unit, a number's last digits and unit, %)? */
static bool value_pieces_line(const perf_ctx *pc, size_t i, bool tops)
{
    const table_grid *g = pc->g;
    if (i >= g->nrows || perf_scored_row(pc, g->rows[i]))
        return false;
    char *w[8];
    int n = perf_glued_words(g->rows[i], w, 8);
    bool yes = n >= 1;
    for (int k = 0; k < n && yes; k++)
        yes = !perf_level_label(pc, w[k]) &&
              (tops ? perf_looks_like_value(pc, w[k]) : perf_unit_tail(w[k]) || perf_percent_tail(w[k]));
    perf_free_words(w, n);
    return yes;
}

/* Is line r the top of a name centred on the scored row under it across that row's values
 * wrapped around it (购置 / ≥1 ≥13 / 产出指标 数量指标 办公 ≥13台 20 20 / 台 台 / 设备; 采购 /
 * ≠100 / 时效指标 办公 ≠% ≠100% 10 10 / % / 设备): a word alone, one or two lines of values'
 * tops, the row with the name's middle line as wide as the top (a wrapped cell's lines but
 * its last fill its width), as many lines of the values' ends, then a word alone no wider
 * than the top that no row below takes (the line after it begins a row of its own)? The
 * scored row's line in *row, the last word's in *bottom. */
bool perf_name_around_values(const perf_ctx *pc, size_t r, size_t *row, size_t *bottom)
{
    const table_grid *g = pc->g;
    if (r + 4 >= g->nrows || !perf_name_piece_line(pc, g->rows[r]))
        return false;
    size_t k = 0;
    while (k < 2 && value_pieces_line(pc, r + 1 + k, true))
        k++;
    size_t s = r + 1 + k, b = s + k + 1;
    if (k == 0 || b >= g->nrows || !perf_scored_row(pc, g->rows[s]) || !perf_name_piece_line(pc, g->rows[b]))
        return false;
    for (size_t i = s + 1; i < b; i++)
        if (!value_pieces_line(pc, i, false))
            return false;
    char *t[1], *d[1], *w[48];
    int nt = perf_glued_words(g->rows[r], t, 1), nd = perf_glued_words(g->rows[b], d, 1),
        nw = perf_glued_words(g->rows[s], w, 48), at = 0;
    while (at < nw && perf_level_label(pc, w[at]))
        at++;
    bool ok = nt == 1 && nd == 1 && at < nw - 2 && perf_text_cell(pc, w[at]) &&
              perf_text_width(w[at]) == perf_text_width(t[0]) && perf_text_width(d[0]) <= perf_text_width(t[0]) &&
              !taken_below(pc, b) && perf_own_row_at(pc, b + 1);
    perf_free_words(t, nt);
    perf_free_words(d, nd);
    perf_free_words(w, nw);
    if (ok) {
        *row = s;
        *bottom = b;
    }
    return ok;
}

/* A name centred on a row whose cells the lines cut apart, the name's lines among them
 * (购置 / 产出指标 数量指标 办公 ≥1台 ≥13台 / ≥13 20 20 / 设备 台; 采购 / 办公 ≠% / ≠ /
 * 时效指标 ≠100% 10 10 / 设备 100%): from line r, a word alone (the name's top), lines of
 * the row's labels, values and pieces of values with at most one text each (the name's
 * middle lines, as wide as the top: a wrapped cell's lines but its last fill its width),
 * down to its scored line, then a line of the name's bottom (no wider than the top) and
 * the ends of values cut above it, after which a row begins of its own. The name is its
 * pieces joined, the labels its levels; the values, in reading order, take their ends: a
 * comparison alone the next number (≠ / … / 100%), a value cut before its unit the next
 * unit (≥13 / 台), all of them, in order. Reads the row when read; *last: the bottom's line. */
static bool name_through(perf_ctx *pc, size_t r, size_t *last, bool read)
{
    const table_grid *g = pc->g;
    if (r + 3 >= g->nrows || !perf_name_piece_line(pc, g->rows[r]) || perf_scored_row(pc, g->rows[r + 1]))
        return false;
    size_t s = r + 1;
    while (s < g->nrows && s <= r + 4 && !perf_scored_row(pc, g->rows[s]))
        s++;
    if (s >= g->nrows - 1 || s > r + 4 || !perf_scored_row(pc, g->rows[s]))
        return false;
    char *w[64] = {NULL};
    int n = 0, weight = -1;
    int line_of[64];
    for (size_t k = r; k <= s + 1 && n < 56; k++) {
        int m = perf_glued_words(g->rows[k], w + n, 64 - n);
        for (int j = n; j < n + m; j++)
            line_of[j] = (int)(k - r);
        if (k == s)
            weight = n + m - 2;
        n += m;
    }
    const char *labels[4], *pieces[6], *vals[8];
    int nlab = 0, npieces = 0, nvals = 0, ok = weight > 0;
    long top_width = perf_text_width(w[0]);
    for (int j = 0; ok && j < weight; j++) {
        int line = line_of[j];
        bool text = !perf_looks_like_value(pc, w[j]) && !perf_level_label(pc, w[j]);
        if (perf_level_label(pc, w[j])) {
            ok = nlab < 4 && npieces > 0;
            if (ok)
                labels[nlab++] = w[j];
        } else if (text) { /* a piece of the name: one a line, every one full */
            ok = npieces < 6 && (npieces == 0 || line_of[j - 1] != line || perf_level_label(pc, w[j - 1])) &&
                 perf_fragment_word(pc, w[j]) && perf_text_width(w[j]) == top_width &&
                 (j == 0 || line_of[j - 1] != line || perf_level_label(pc, w[j - 1]));
            if (ok)
                pieces[npieces++] = w[j];
        } else {
            ok = nvals < 8 && !perf_is_number(pc, w[j]);
            if (ok)
                vals[nvals++] = w[j];
        }
    }
    /* the line below: the name's bottom first, then the ends of values */
    int b0 = weight + 2;
    ok = ok && npieces >= 2 && b0 < n && line_of[b0] == (int)(s + 1 - r) &&
         !perf_looks_like_value(pc, w[b0]) && !perf_level_label(pc, w[b0]) && perf_fragment_word(pc, w[b0]) &&
         perf_text_width(w[b0]) <= top_width && b0 + 1 < n && nvals >= 1 && nvals <= 3 &&
         (!perf_scored_row(pc, g->rows[s + 2]) || perf_own_row_at(pc, s + 2));
    char *made[8] = {NULL};
    int next = b0 + 1;
    bool guessed = false;
    for (int v = 0; ok && v < nvals; v++) {
        const char *t = vals[v];
        bool sign = perf_sign_only(pc, t), cut = perf_cut_value(pc, t);
        if (!sign && !cut)
            continue;
        /* the next unused end below: digits for a comparison alone, a unit for a cut value */
        ok = next < n && (sign ? w[next][0] >= '0' && w[next][0] <= '9' : perf_unit_tail(w[next]) ||
                                                                          perf_percent_tail(w[next]));
        if (ok && asprintf(&made[v], "%s%s", t, w[next]) < 0)
            ok = false;
        next++;
        guessed |= sign;
    }
    ok = ok && next == n; /* every end taken */
    if (ok && read) {
        strbuf name;
        sb_init(&name);
        for (int k = 0; k < npieces; k++)
            sb_adds(&name, pieces[k]);
        sb_adds(&name, w[b0]);
        const char *cells[24];
        int nc = 0;
        for (int k = 0; k < nlab; k++)
            cells[nc++] = labels[k];
        cells[nc++] = name.data ? name.data : "";
        for (int v = 0; v < nvals; v++)
            cells[nc++] = made[v] ? made[v] : vals[v];
        cells[nc++] = w[weight];
        cells[nc++] = w[weight + 1];
        bool differ = false; /* a comparison's place among the values is a guess */
        for (int v = 1; v < nvals; v++)
            differ |= strcmp(cells[nc - 2 - nvals + v], cells[nc - 2 - nvals]) != 0;
        ok = !name.failed && perf_indicator_cells(pc, g->rows[s], cells, nc);
        if (ok && guessed && differ && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
        sb_free(&name);
    }
    if (ok)
        *last = s + 1;
    for (int v = 0; v < 8; v++)
        free(made[v]);
    perf_free_words(w, n);
    return ok;
}

bool perf_flat_name_through(perf_ctx *pc, size_t r, size_t *last)
{
    return name_through(pc, r, last, true);
}

/* Does line r top such a name (name_through)? */
bool perf_name_through_top(const perf_ctx *pc, size_t r)
{
    size_t last;
    return name_through((perf_ctx *)pc, r, &last, false);
}

/* Does tail k of bw make a value the definitions know with a word of aw [0, end) that no
 * later tail completes as well (… 达成预期 30 30 / 指标: the value's end, not a label's)? */
static bool tail_wanted(const perf_ctx *pc, char *const *aw, int end, char *const *bw, int nb, int k)
{
    for (int j = 0; j < end; j++) {
        if (!perf_completes_known(pc, aw[j], bw[k]))
            continue;
        bool later = false;
        for (int m = k + 1; m < nb && !later; m++)
            later = perf_completes_known(pc, aw[j], bw[m]);
        if (!later)
            return true;
    }
    return false;
}

/* Scored row r whose cells wrapped below it, their tops on the row (质量指 视频画面清晰度
 * 清晰 达成预期 10 10 / 标 指标; 成本指标 网络费 ≤元 ≤4005 ≤4005 5 5 / 00元 00元): each word
 * of row r + 1 ends a cell of row r, a level's label first, then the values cut before
 * their last digits or unit, in order, then texts of the values (not the name: a lone
 * word under a row may begin the next one) from the right. Not when row r + 1 may be the
 * top half of a row below it, unless it ends a label of row r. */
bool perf_flat_tails_below(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || !perf_scored_row(pc, g->rows[r]) || perf_scored_row(pc, g->rows[r + 1]) ||
        !perf_fragment_row(pc, g->rows[r + 1]) || /* 总 分 100 优: the next row */
        perf_is_field2(pc, "total_score", g->rows[r + 1], perf_next_nonempty(g->rows[r + 1], 0)))
        return false;
    char *aw[48], *bw[8];
    int na = perf_glued_words(g->rows[r], aw, 48), nb = perf_glued_words(g->rows[r + 1], bw, 8);
    int at[8], owner[48], nums = 0, end = na;
    for (int j = 0; j < na; j++)
        owner[j] = -1;
    for (int j = na - 1; j >= 0 && nums < 2; j--) /* the weight and the score: no cells to end */
        if (perf_is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    bool ok = nb > 0 && nums == 2;
    int labels = 0;
    for (int k = 0; ok && k < nb; k++) { /* labels */
        at[k] = -1;
        for (int j = 0; j < end && at[k] < 0; j++)
            if (owner[j] < 0 && (perf_completes_label(pc, aw[j], bw[k]) ||
                                 (j == 0 && perf_grows_label(pc, aw[j], bw[k]) &&
                                  !tail_wanted(pc, aw, end, bw, nb, k))))
                at[k] = j;
        if (at[k] >= 0)
            owner[at[k]] = k;
        labels += at[k] >= 0;
    }
    /* the line may be the top half of the row below: only a label it ends, or a number's
     * rest with its unit that a value cut on the row awaits (≤3000 / 00元), says it is not */
    bool digit_rest = ends_cut_value(pc, aw, end, bw, nb);
    ok = ok && (labels > 0 || digit_rest || !taken_below(pc, r + 1)) && !perf_tops_completed(pc, r + 1);
    /* an end that makes a cell equal another of the row (≥100篇 / 幅 beside ≥100篇幅; OA办公系
     * / 统服务 beside OA办公系统服务): a row's values, or its names, often repeat */
    for (int k = 0; ok && k < nb; k++)
        if (at[k] < 0)
            for (int j = 0; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && !perf_is_number(pc, aw[j]) && !perf_level_label(pc, aw[j]) &&
                    (perf_looks_like_value(pc, aw[j]) ? perf_unit_word(bw[k]) : !perf_looks_like_value(pc, bw[k])) &&
                    perf_completes_to_other(aw, end, j, bw[k]))
                    owner[at[k] = j] = k;
    /* a comparison alone on the row, a value cut after it, and below them their ends glued
     * (≤元 ≤ ≤260000 10 10 / 260000 元 / 元): the number is the comparison's, the unit the cut
     * value's (and the units on the line after end the comparison's value, below) */
    int sign_at = -1, cut_after = -1;
    for (int j = 0; j < end && sign_at < 0; j++)
        if (owner[j] < 0 && perf_sign_only(pc, aw[j]))
            sign_at = j;
    for (int j = sign_at + 1; sign_at >= 0 && j < end && cut_after < 0; j++)
        if (owner[j] < 0 && perf_cut_value(pc, aw[j]))
            cut_after = j;
    for (int k = 0; ok && cut_after >= 0 && k < nb && nb < 8; k++) {
        size_t d = strspn(bw[k], "0123456789");
        if (at[k] >= 0 || d == 0 || !perf_unit_word(bw[k] + d))
            continue;
        char *unit = strdup(bw[k] + d);
        if (!unit)
            break;
        bw[k][d] = '\0';
        memmove(bw + k + 2, bw + k + 1, (size_t)(nb - k - 1) * sizeof *bw);
        memmove(at + k + 2, at + k + 1, (size_t)(nb - k - 1) * sizeof *at);
        bw[k + 1] = unit;
        at[k + 1] = -1;
        nb++;
        for (int j = 0; j < na; j++) /* the owners' words moved one on */
            if (owner[j] > k)
                owner[j]++;
        digit_rest = false; /* the digits are the comparison's, the unit ends the cut value */
        break;
    }
    for (int k = 0, j = 0; ok && sign_at >= 0 && k < nb; k++)
        if (at[k] < 0 && bw[k][0] >= '0' && bw[k][0] <= '9' && perf_is_number(pc, bw[k]))
            for (; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && perf_sign_only(pc, aw[j]))
                    owner[at[k] = j] = k;
    /* cut values, in order (by the numbers' rests when there are: 治理 is no unit there);
     * more words that could end them than they are: by the units the row's values end with
     * when enough are (审核制作工 ≥个 >50个 ≥50 20 20 / 作 个: 个 ends ≥50, 作 a text) */
    int ncut = 0, ntails = 0, nknown = 0;
    bool known[8];
    for (int j = 0; j < end; j++)
        ncut += owner[j] < 0 && perf_looks_like_value(pc, aw[j]) && !perf_is_number(pc, aw[j]) && perf_ends_digit(aw[j]);
    for (int k = 0; k < nb; k++) {
        known[k] = false;
        if (at[k] >= 0 || !perf_value_tail(bw[k]) || (digit_rest && !(bw[k][0] >= '0' && bw[k][0] <= '9')))
            continue;
        ntails++;
        for (int j = 0; j < end && !known[k]; j++)
            known[k] = perf_looks_like_value(pc, aw[j]) && strlen(aw[j]) > strlen(bw[k]) &&
                       !strcmp(aw[j] + strlen(aw[j]) - strlen(bw[k]), bw[k]);
        nknown += known[k];
    }
    bool by_units = ncut > 0 && ntails > ncut && nknown >= ncut;
    /* none of them a unit the row's values end with, and the line after them as many such
     * units as values cut (OA办公系统 OA办公系统服 ≤元 ≤70000 ≤70000元 3 3 / 服务 务 / 元): the
     * words are texts' ends, the units on the line after end the cut values */
    char *after[8];
    int nafter = ncut > 0 && ntails > ncut && nknown == 0 && !digit_rest && r + 2 < g->nrows &&
                         !perf_scored_row(pc, g->rows[r + 2])
                     ? perf_glued_words(g->rows[r + 2], after, 8)
                     : 0;
    bool units_after = nafter == ncut;
    for (int k = 0; units_after && k < nafter; k++) {
        bool known_unit = false;
        for (int j = 0; j < end && !known_unit; j++)
            known_unit = perf_looks_like_value(pc, aw[j]) && strlen(aw[j]) > strlen(after[k]) &&
                         (aw[j][0] < '0' || aw[j][0] > '9') && str_ends(aw[j], after[k]);
        units_after = known_unit && perf_unit_word(after[k]) && !perf_level_label(pc, after[k]);
    }
    for (int k = 0, j = 0; ok && !units_after && k < nb; k++)
        if (at[k] < 0 && perf_value_tail(bw[k]) && (!digit_rest || (bw[k][0] >= '0' && bw[k][0] <= '9')) &&
            (!by_units || known[k]))
            for (; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && perf_looks_like_value(pc, aw[j]) && !perf_is_number(pc, aw[j]) &&
                    perf_ends_digit(aw[j]))
                    owner[at[k] = j] = k;
    int name = 0; /* the name's word: the first after the labels */
    while (name < end && (owner[name] >= 0 || perf_is_field(pc, "level1", aw[name]) ||
                          perf_is_field(pc, "level2", aw[name])))
        name++;
    int texts = 0;
    for (int k = 0; k < nb; k++)
        texts += at[k] < 0 && !perf_looks_like_value(pc, bw[k]);
    if (ok && texts >= 2)
        end_fullest(pc, aw, name, end, owner, bw, nb, at);
    /* a line that ends a cut value is the row's own: its text may end the name too (成本指标
     * 政务数据 ≤元 ≤3000 ≤500000元 10 10 / 治理 00元) */
    int cut_ends = 0;
    for (int k = 0; ok && k < nb; k++)
        cut_ends += at[k] >= 0 && perf_value_tail(bw[k]);
    int first_text = cut_ends > 0 && texts == 1 ? name - 1 : name;
    /* one text below a line that is the row's own (it ends a label or a cut value: 时效指
     * 证件制作 及时 达成预期指 10 10 / 标 及): the cell it makes a value the form knows, else
     * the fullest text cell, the name among them (a cell wraps when its line is full) */
    if (ok && texts == 1 && (cut_ends > 0 || labels > 0))
        for (int k = 0; k < nb; k++)
            if (at[k] < 0 && !perf_looks_like_value(pc, bw[k])) {
                int best = -1;
                long most = 0;
                for (int j = name; j < end; j++) {
                    if (owner[j] >= 0 || !perf_text_cell(pc, aw[j]) || perf_text_width(bw[k]) > perf_text_width(aw[j]))
                        continue;
                    if (perf_completes_known(pc, aw[j], bw[k])) {
                        best = j;
                        break;
                    }
                    if (perf_text_width(aw[j]) >= most) {
                        most = perf_text_width(aw[j]);
                        best = j;
                    }
                }
                if (best >= 0)
                    owner[at[k] = best] = k;
            }
    for (int k = nb - 1, j = end - 1; ok && k >= 0; k--) /* texts of values from the right */
        if (at[k] < 0 && !perf_looks_like_value(pc, bw[k]))
            for (; j > first_text && at[k] < 0; j--)
                if (perf_text_cell(pc, aw[j]) && owner[j] < 0)
                    owner[at[k] = j] = k;
    if (ok && nb > 0 && at[0] < 0 && !perf_looks_like_value(pc, bw[0]) && name < end &&
        owner[name] < 0 && perf_text_cell(pc, aw[name]) && name_takes_tail(pc, r))
        owner[at[0] = name] = 0;
    for (int k = 0; ok && k < nb; k++) /* every word placed, in the order printed */
        ok = at[k] >= 0 && (k == 0 || at[k] > at[k - 1]);
    char *joined[16];
    int nj = 0;
    const char *cells[48] = {NULL};
    for (int j = 0; ok && j < na; j++) {
        cells[j] = aw[j];
        if (owner[j] >= 0 && asprintf(&joined[nj], "%s%s", aw[j], bw[owner[j]]) >= 0)
            cells[j] = joined[nj++];
    }
    ok = ok && nj == nb;
    size_t used = r + 1;
    for (int j = 0, k = 0; ok && units_after && j < end && k < nafter; j++)
        if (owner[j] < 0 && perf_looks_like_value(pc, aw[j]) && !perf_is_number(pc, aw[j]) &&
            perf_ends_digit(aw[j]) && asprintf(&joined[nj], "%s%s", aw[j], after[k++]) >= 0) {
            cells[j] = joined[nj++];
            used = r + 2;
        }
    perf_free_words(after, nafter);
    /* the units of the comparisons' numbers so joined on the line after, in order */
    char *ends[8], *unit_ended[8];
    int ne = 0, nu = 0, awaiting = 0;
    for (int j = 0; ok && j < na; j++)
        awaiting += owner[j] >= 0 && perf_sign_only(pc, aw[j]) && perf_cut_value(pc, cells[j]);
    if (awaiting > 0 && used == r + 1 && r + 2 < g->nrows)
        ne = perf_glued_words(g->rows[r + 2], ends, 8);
    bool units = ne >= 1 && ne == awaiting;
    for (int k = 0; k < ne && units; k++)
        units = perf_unit_word(ends[k]);
    for (int j = 0; units && j < na && nu < ne; j++)
        if (owner[j] >= 0 && perf_sign_only(pc, aw[j]) && perf_cut_value(pc, cells[j]) &&
            asprintf(&unit_ended[nu], "%s%s", cells[j], ends[nu]) >= 0)
            cells[j] = unit_ended[nu++];
    if (units && nu == ne)
        used = r + 2;
    /* a name of three full lines from the row down (工作 保障 达成预 15 15 / 正常 期指标 /
     * 运转): a word alone as wide as the name's tail ends it when no row below takes it (the
     * line after it begins a row, or tops a name a line or more above its row) */
    char *third[1] = {NULL};
    int n3 = 0;
    if (ok && used == r + 1 && name < end && owner[name] >= 0 && r + 3 < g->nrows &&
        perf_text_cell(pc, aw[name]) && perf_text_width(bw[owner[name]]) == perf_text_width(aw[name]) &&
        perf_name_piece_line(pc, g->rows[r + 2]) && !taken_below(pc, r + 2) &&
        (perf_own_row_at(pc, r + 3) || /* or the next name's top, not its second line */
         (perf_name_piece_line(pc, g->rows[r + 3]) && r + 4 < g->nrows && !perf_scored_row(pc, g->rows[r + 4]))) &&
        (n3 = perf_glued_words(g->rows[r + 2], third, 1)) == 1 &&
        perf_text_width(third[0]) <= perf_text_width(aw[name]) && nj < 8 &&
        asprintf(&joined[nj], "%s%s", cells[name], third[0]) >= 0) {
        cells[name] = joined[nj++];
        used = r + 2;
    }
    perf_free_words(third, n3);
    ok = ok && perf_indicator_cells(pc, g->rows[r], cells, na);
    if (ok)
        *last = used;
    perf_free_words(unit_ended, nu);
    perf_free_words(ends, ne);
    perf_free_words(joined, nj);
    perf_free_words(aw, na);
    perf_free_words(bw, nb);
    return ok;
}

/* A name's top line alone above scored row r + 1 whose cells wrapped below it (政府网 /
 * 成本指标 站服务 ≤元 ≤100000 ≤100000 3 3 / 元 元): the word begins the row's name, the first
 * text after its labels, as full as it or fuller (a wrapped cell's lines but its last fill
 * its width). The row is read by flat_tails_below, its name then begun with the word. */
bool perf_flat_name_top_tails(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 2 >= g->nrows || !perf_name_piece_line(pc, g->rows[r]) || !perf_scored_row(pc, g->rows[r + 1]))
        return false;
    char *top[1], *w[48];
    int nt = perf_glued_words(g->rows[r], top, 1), n = perf_glued_words(g->rows[r + 1], w, 48), at = 0;
    while (at < n && perf_level_label(pc, w[at]))
        at++;
    bool ok = nt == 1 && at < n - 2 && perf_text_cell(pc, w[at]) && !perf_is_field(pc, "qualitative_value", w[at]) &&
              perf_text_width(top[0]) >= perf_text_width(w[at]);
    /* the line below ends values cut on the row, no more (元 元): no text the top may
     * be the other half of */
    char *b[8];
    int nb = ok ? perf_glued_words(g->rows[r + 2], b, 8) : 0, cut = 0;
    for (int j = at + 1; j < n - 2; j++)
        cut += perf_looks_like_value(pc, w[j]) && !perf_is_number(pc, w[j]) && perf_ends_digit(w[j]);
    ok = ok && nb >= 1 && nb <= cut;
    for (int k = 0; ok && k < nb; k++)
        ok = perf_value_tail(b[k]) && !perf_level_label(pc, b[k]);
    perf_free_words(b, nb);
    xmlNodePtr before = ok && pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    ok = ok && perf_flat_tails_below(pc, r + 1, last);
    xmlNodePtr ind = ok && pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    const char *name = ind && ind != before ? xml_attr(ind, "name") : NULL;
    char *joined = NULL;
    if (name && !strncmp(name, w[at], strlen(w[at])) && asprintf(&joined, "%s%s", top[0], name) >= 0)
        xml_set(ind, "name", joined);
    free(joined);
    perf_free_words(top, nt);
    perf_free_words(w, n);
    return ok;
}

/* How wide text prints: an ideograph (or another wide character) two, else one. */
long perf_text_width(const char *t)
{
    long w = 0;
    for (const unsigned char *u = (const unsigned char *)t; *u; u++)
        w += (*u & 0xC0) != 0x80 ? (*u >= 0xE0 ? 2 : 1) : 0;
    return w;
}

/* Does the text open a bracket it does not close (参加培训(会)? */
static bool opens_bracket(const char *t)
{
    int depth = 0;
    for (const char *p = t; *p;) {
        size_t n;
        if ((n = text_bracket(p, true)) > 0)
            depth++;
        else if ((n = text_bracket(p, false)) > 0)
            depth -= depth > 0;
        p += n ? n : 1;
    }
    return depth > 0;
}

/* Scored row r whose name is the tallest cell, centred on the row over three or four
 * lines, beside a value of two lines begun above it (工作 达成预 / 效益指标 社会效益 正常
 * 保障 期指标 15 15 / 运转: 工作正常运转, 达成预期指标; 培训 / 质量指标 人员 ≥% … 10 10 /
 * 合格 / 率: 培训人员合格率). The line above holds the name's top and, when it has a
 * second word, the top of the row's last text; one word a line below ends the name: one
 * line when a value's top stands above, else two, the second not the top of the row
 * below it. Not when the line above is taken (from) or the lines pair as halves. */
/* Is line i the top of a value cut over the scored row right under it (≠100 / 时效指标 办公
 * ≠% ≠100% 10 10 / %): the line before it then tops that row's name too. */
static bool value_top_over_row(const perf_ctx *pc, size_t i)
{
    const table_grid *g = pc->g;
    if (i + 1 >= g->nrows || !perf_scored_row(pc, g->rows[i + 1]) || perf_scored_row(pc, g->rows[i]) ||
        !perf_fragment_row(pc, g->rows[i]))
        return false;
    char *w[8];
    int n = perf_glued_words(g->rows[i], w, 8);
    bool values = n > 0;
    for (int k = 0; k < n && values; k++)
        values = perf_looks_like_value(pc, w[k]);
    perf_free_words(w, n);
    return values;
}

static int name_stack(const perf_ctx *pc, size_t r, size_t from, char **cells, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < 1 || r - 1 < from || r + 1 >= g->nrows || !perf_scored_row(pc, g->rows[r]) ||
        perf_scored_row(pc, g->rows[r - 1]) || !perf_fragment_row(pc, g->rows[r - 1]))
        return 0;
    char *uw[8], *aw[48], *dw[2][8];
    int nu = perf_glued_words(g->rows[r - 1], uw, 8), na = perf_glued_words(g->rows[r], aw, 48);
    int nd[2] = {0, 0}, below = 0;
    for (int k = 0; k < 2 && r + 1 + (size_t)k < g->nrows; k++) {
        const src_line *d = g->rows[r + 1 + (size_t)k];
        if (perf_scored_row(pc, d) || !perf_fragment_row(pc, d))
            break;
        nd[k] = perf_glued_words(d, dw[k], 8);
        below = k + 1;
        if (nd[k] != 1)
            break;
    }
    /* two lines below only when the second is no top line of the row under it, and the
     * first is no last line: as wide as the top (a wrapped cell's lines but its last fill
     * its width) or a bracket left open (参加 / 培训 / (会 / 议)) */
    if (below == 2 && (nd[1] != 1 || (r + 3 < g->nrows && perf_scored_row(pc, g->rows[r + 3])) ||
                       value_top_over_row(pc, r + 3) || perf_name_through_top(pc, r + 2) ||
                       (perf_text_width(dw[0][0]) != perf_text_width(uw[0]) &&
                        !opens_bracket(dw[0][0]))))
        below = 1;
    bool ok = below >= 1 && nd[0] == 1 && ((nu == 2 && below == 1) || (nu == 1 && below == 2));
    int name = 0, end = na, nums = 0;
    for (int j = na - 1; j >= 0 && nums < 2; j--)
        if (perf_is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    while (name < end && perf_level_label(pc, aw[name]))
        name++;
    int top = -1; /* the text the second word above begins: the row's last text */
    for (int j = end - 1; ok && nu == 2 && j > name && top < 0; j--)
        if (perf_text_cell(pc, aw[j]))
            top = j;
    ok = ok && nums == 2 && name < end && perf_text_cell(pc, aw[name]) && (nu == 1 || top > name);
    for (int j = name + 1; ok && nu == 1 && j < end; j++) /* the word above tops the name only */
        ok = !perf_text_cell(pc, aw[j]);
    for (int k = 0; ok && k < nu; k++) /* no label wrapped around the row (满意 / 度指 … / 标) */
        for (int j = 0; ok && j < end; j++)
            ok = !perf_looks_like_value(pc, uw[k]) && !perf_level_label(pc, uw[k]) &&
                 !perf_completes_label(pc, uw[k], aw[j]);
    for (int k = 0; ok && k < below; k++)
        ok = !perf_looks_like_value(pc, dw[k][0]) && !perf_level_label(pc, dw[k][0]);
    char *joined[2] = {NULL, NULL};
    int n = 0;
    if (ok) {
        strbuf sb;
        sb_init(&sb);
        sb_add(&sb, uw[0], strlen(uw[0]));
        sb_add(&sb, aw[name], strlen(aw[name]));
        for (int k = 0; k < below; k++)
            sb_add(&sb, dw[k][0], strlen(dw[k][0]));
        joined[0] = sb.failed ? NULL : strdup(sb.data);
        sb_free(&sb);
        if (top >= 0 && asprintf(&joined[1], "%s%s", uw[1], aw[top]) < 0)
            joined[1] = NULL;
        ok = joined[0] && (top < 0 || joined[1]);
    }
    for (int j = 0; ok && j < na; j++) { /* the cells take the words */
        cells[n++] = j == name ? joined[0] : j == top ? joined[1] : aw[j];
        if (j == name || j == top)
            free(aw[j]);
    }
    if (ok)
        *last = r + (size_t)below;
    else {
        free(joined[0]);
        free(joined[1]);
        perf_free_words(aw, na);
    }
    perf_free_words(uw, nu);
    for (int k = 0; k < 2; k++)
        perf_free_words(dw[k], nd[k]);
    return n;
}

/* Reads cells [0, n) (malloc'd, freed here) as an indicator row at line r. */
bool perf_read_cells(perf_ctx *pc, size_t r, char **cells, int n)
{
    bool ok = n > 0 && perf_indicator_cells(pc, pc->g->rows[r], (const char *const *)cells, n);
    perf_free_words(cells, n);
    return ok;
}

bool perf_flat_name_stack(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[48];
    return perf_read_cells(pc, r, cells, name_stack(pc, r, from, cells, last));
}

/* Is row r the line above a name stacked around the row below it (name_stack)? */
static bool stack_top(const perf_ctx *pc, size_t r)
{
    char *cells[48];
    size_t last;
    int n = name_stack(pc, r + 1, r, cells, &last);
    perf_free_words(cells, n);
    return n > 0;
}
