/* perf_reading.c — the performance-form reader (perf.c): indicator rows in reading order
 * (pdftotext -raw: cell after cell, a wrapped cell's lines one after another). */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- indicator rows in reading order (pdftotext -raw: cell after cell, a wrapped cell's
 * lines one after another) ---- */

/* Is row r the indicator grid's header: a row of labels (no numbers) naming 一级指标, or of
 * its column headers (二级指标 … 分值 得分: 绩效指标, 一级指标 wrapped off it); in a compact
 * form also its label wrapped a few characters a line ("绩效" / "指标"): a row of one word
 * that the next row's first word completes? */
bool perf_indicator_header_at(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[r];
    bool header = false, numbers = false;
    int columns = 0, one[2];
    for (int c = 0; c < l->ncells && !numbers; c++) { /* a line of numbers is no header */
        header |= perf_is_field(pc, "indicators", src_cell_text(l, c));
        columns += perf_is_field(pc, "indicator_columns", src_cell_text(l, c));
        numbers |= *src_cell_text(l, c) && perf_is_number(pc, src_cell_text(l, c));
    }
    if (numbers)
        return false;
    if (header || columns >= 2)
        return true;
    if (!pc->compact || r + 1 >= g->nrows || perf_words(l, one, 2) != 1)
        return false;
    const src_line *nl = g->rows[r + 1];
    int w = perf_next_nonempty(nl, 0);
    char *both = NULL;
    if (w < 0 || asprintf(&both, "%s%s", src_cell_text(l, one[0]), src_cell_text(nl, w)) < 0)
        return false;
    header = perf_is_field(pc, "indicators", both);
    free(both);
    return header;
}

/* Is the form printed in reading order: its indicators' header line without 得分 and
 * followed by a line of one word (the next header cell's first line)? */
bool perf_reading_order(const perf_ctx *pc)
{
    const table_grid *g = pc->g;
    for (size_t r = 0; r + 1 < g->nrows; r++) {
        const src_line *l = g->rows[r];
        bool score = false;
        for (int c = 0; c < l->ncells; c++)
            score |= perf_is_field(pc, "score", src_cell_text(l, c));
        if (perf_indicator_header_at(pc, r)) {
            /* a flattened layout's header lines run to the last columns: they hold 得分 or
             * a piece of it (分) */
            const form_field *f = table_def_field(pc->def, "score");
            for (size_t k = r > 0 ? r - 1 : r; k <= r + 1 && f && !score; k++) {
                const src_line *h = g->rows[k];
                for (int c = 0; c < h->ncells && !score; c++) {
                    const char *t = src_cell_text(h, c);
                    for (size_t i = 0; *t && i < f->labels.count && !score; i++)
                        score = strstr(f->labels.keys[i], t) != NULL;
                }
            }
            return !score;
        }
    }
    return false;
}

/* Does the word's second character forbid a line to begin with it (a clause's or a
 * sentence's punctuation, 、, ：, a closing bracket), so that a wrapped cell's line took the
 * character before it along and is one longer than the line before (数据对 / 接、数据)? */
static bool carried_punctuation(const perf_ctx *pc, const char *t)
{
    static const vocab_list marks[] = {V_LIST_MARK, V_CLAUSE_END, V_SENTENCE_END, V_LEAD_IN};
    unsigned char c = (unsigned char)*t;
    size_t first = !c ? 0 : c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (!first || strnlen(t, first + 1) <= first)
        return false;
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (words_starts(&pc->vocab->lists[marks[k]], t + first))
            return true;
    return text_bracket(t + first, false) > 0;
}

/* A percent sign alone, ASCII or full-width: a value's end cut before it (≥98 / %). */
static bool percent_sign(const char *t)
{
    size_t len;
    return !strcmp(t, "%") || (text_fullwidth_ascii(t, &len) == '%' && !t[len]);
}

/* A word of Latin letters and the ideographs after it on its line are one cell: pdftotext
 * sets a blank where the script changes (OA 办公系统服务). Returns the words left. */
static int join_latin_words(char **w, int n)
{
    int out = 0;
    for (int i = 0; i < n; i++) {
        char *j = NULL;
        if (i + 1 < n && perf_latin_before_han(w[i], w[i + 1]) && asprintf(&j, "%s%s", w[i], w[i + 1]) >= 0) {
            free(w[i]);
            free(w[i + 1]);
            w[out++] = j;
            i++;
            continue;
        }
        w[out++] = w[i];
    }
    return out;
}

/* Does cell 0 of a row in reading order end the indicator before it: its reason (偏差原因,
 * the column after 得分) printed after that row's score (197122.33 1.5 1.1 / 因支 / 付系 /
 * … / 致。 / 值班系统服务费 ≤元 …)? A text, no level's label, that ends a sentence (a name
 * does not), more cells after it; the indicator before has a score and no reason yet. */
/* Does t end with a percent sign, ASCII or full-width (≥95%)? */
static bool ends_percent(const char *t)
{
    size_t n = strlen(t);
    return (n >= 1 && t[n - 1] == '%') || (n >= 3 && percent_sign(t + n - 3));
}

static xmlNodePtr reason_owner(const perf_ctx *pc, char *const *cells, int nc)
{
    xmlNodePtr prev = pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    if (!prev || nc < 2 || perf_level_label(pc, cells[0]) || perf_looks_like_value(pc, cells[0]) ||
        !xml_is(xmlLastElementChild(prev), "score"))
        return NULL;
    return words_ends(&pc->vocab->lists[V_SENTENCE_END], cells[0], strlen(cells[0])) ? prev : NULL;
}

/* More cells before a row's weight and score than its name and three values: a cell of
 * another row (a reason without its full stop), a piece read apart, or a row printed so. */
static bool overfull(const perf_ctx *pc, char *const *cells, int nc)
{
    int before = 0;
    if (nc < 2 || !perf_is_number(pc, cells[nc - 1]) || !perf_is_number(pc, cells[nc - 2]))
        return false;
    for (int k = 0; k < nc - 2; k++)
        before += !perf_level_label(pc, cells[k]);
    return before > 4;
}

/* Does row k of a form in reading order begin a level's label, whole or wrapped onto the
 * next row (满意度指 / 标), or 总分, or is it past the grid's end? */
static bool begins_level(const perf_ctx *pc, size_t k)
{
    const table_grid *g = pc->g;
    if (k >= g->nrows)
        return true;
    const src_line *l = g->rows[k];
    int a = perf_next_nonempty(l, 0);
    if (a < 0)
        return false;
    const char *t = src_cell_text(l, a);
    if (perf_level_label(pc, t) || perf_starts_field(pc, "total_score", t) || perf_is_field2(pc, "total_score", l, a))
        return true;
    const src_line *nl = k + 1 < g->nrows ? g->rows[k + 1] : NULL;
    int b = nl ? perf_next_nonempty(nl, 0) : -1;
    char *both = NULL;
    bool yes = b >= 0 && asprintf(&both, "%s%s", t, src_cell_text(nl, b)) >= 0 && perf_level_label(pc, both);
    free(both);
    return yes;
}

/* Is text a value or name this form's indicators read already (达成预期目标)? */
bool perf_read_already(const perf_ctx *pc, const char *text)
{
    for (xmlNodePtr ind = pc->indicators ? xmlFirstElementChild(pc->indicators) : NULL; ind;
         ind = xmlNextElementSibling(ind)) {
        const char *name = xml_attr(ind, "name");
        if (name && !strcmp(name, text))
            return true;
        for (xmlNodePtr v = xmlFirstElementChild(ind); v; v = xmlNextElementSibling(v)) {
            char *t = xml_content(v);
            bool same = t && !strcmp(t, text);
            free(t);
            if (same)
                return true;
        }
    }
    return false;
}

/* How well tail t ends cell c of a row, < 0 when it cannot: the last digits and unit of a
 * value cut before them best (≤3000 / 00 元), then a unit (≥50 / 个), then a text that makes
 * one the form read already or the definitions know (达成预期目 / 标), then a text ending another, the fuller the
 * cell the better (a cell wraps when its line is full) and no shorter than its tail; sure
 * keeps only the first three. */
static int tail_fit(const perf_ctx *pc, const char *cell, const char *t, bool sure)
{
    bool digits = t[0] >= '0' && t[0] <= '9';
    if (perf_unit_tail(t) && perf_looks_like_value(pc, cell) && perf_ends_digit(cell) && !perf_is_number(pc, cell))
        return digits ? 300 : 200;
    if (digits || perf_looks_like_value(pc, t) || !perf_text_cell(pc, cell))
        return -1;
    long chars = utf8_chars(cell, strlen(cell));
    if ((long)utf8_chars(t, strlen(t)) > chars)
        return -1;
    char *j = NULL;
    /* a value the form read already, or one the definitions know (达成预期指 / 标 under the
     * form's first qualitative row) */
    bool known = asprintf(&j, "%s%s", cell, t) >= 0 && (perf_read_already(pc, j) || perf_completes_known(pc, cell, t));
    free(j);
    if (sure && !known)
        return -1;
    return (known ? 100 : 0) + 10 + (int)(chars < 80 ? chars : 80);
}

/* Tails bw[0..nb) ending cells [first, nc) in order, one cell each, at the best fit
 * (tail_fit summed, a dynamic programme); at[k] the cell of tail k. Returns whether every
 * tail found one. */
static bool match_tails(const perf_ctx *pc, char *const *cells, int first, int nc,
                        char *const *bw, int nb, bool sure, int *at)
{
    enum { NONE = -1000000 };
    int m = nc - first;
    if (nb < 1 || nb > 8 || m < nb || m > 96)
        return false;
    int best[9][97]; /* best[k][c]: tails [k, nb) in cells [first + c, nc) */
    int fit[8][96];
    for (int k = 0; k < nb; k++)
        for (int c = 0; c < m; c++)
            fit[k][c] = tail_fit(pc, cells[first + c], bw[k], sure);
    for (int k = nb; k >= 0; k--)
        for (int c = m; c >= 0; c--) {
            if (k == nb)
                best[k][c] = 0;
            else if (m - c < nb - k)
                best[k][c] = NONE;
            else {
                int take = fit[k][c] >= 0 && best[k + 1][c + 1] != NONE ? fit[k][c] + best[k + 1][c + 1] : NONE;
                int skip = best[k][c + 1];
                best[k][c] = take > skip ? take : skip;
            }
        }
    if (best[0][0] == NONE)
        return false;
    for (int k = 0, c = 0; k < nb; c++) {
        int take = fit[k][c] >= 0 && best[k + 1][c + 1] != NONE ? fit[k][c] + best[k + 1][c + 1] : NONE;
        if (take != NONE && take == best[k][c])
            at[k++] = first + c;
    }
    return true;
}

/* Row r + 1 after scored row r of a form in reading order as the second lines of r's
 * cells (质量指标 足额发放工 足额 达成预期指 10 10 / 资 标): pdftotext set the cells' first
 * lines on one line, their second lines on the next. A line of fragments, no level's
 * label, with a level's label, 总分 or the form's end after it (else it may begin the
 * next row); its words end cells of row r from the first of them at cells[first], in
 * order, at the best fit (match_tails). Returns whether it did. */
static bool reading_tails(perf_ctx *pc, size_t r, char **cells, int first, int nc)
{
    const table_grid *g = pc->g;
    /* a line of the weight and the score alone: the other cells' lines were before it,
     * only the sure tails end them (≤ / 260000 / ≤260000 / 元 / 10 10 / 元) */
    bool scores_alone = first == nc - 2;
    if (r + 1 >= g->nrows || (!perf_scored_row(pc, g->rows[r]) && !scores_alone) ||
        !perf_fragment_row(pc, g->rows[r + 1]) || begins_level(pc, r + 1))
        return false;
    char *bw[8];
    int nb = perf_glued_words(g->rows[r + 1], bw, 8), at[8];
    /* units alone begin no row: they end values of row r cut before them, whatever follows
     * (≤元 ≤70000 ≤70000 元 3 3 / 元 / "13710"督办 ≤元 …) */
    bool next_level = begins_level(pc, r + 2), all = false;
    if (next_level)
        all = match_tails(pc, cells, scores_alone ? 0 : first, nc, bw, nb, scores_alone, at);
    else if (match_tails(pc, cells, scores_alone ? 0 : first, nc, bw, nb, true, at)) {
        all = true;
        for (int k = 0; k < nb && all; k++)
            /* a unit or percent sign, or a value's last digits and unit (≤2000 / 00 元) */
            all = !perf_level_label(pc, bw[k]) &&
                  (tail_fit(pc, cells[at[k]], bw[k], true) >= 300 ||
                   ((perf_unit_word(bw[k]) || perf_percent_tail(bw[k])) &&
                    tail_fit(pc, cells[at[k]], bw[k], true) >= 200));
    }
    for (int k = 0; all && k < nb; k++) {
        char *j = NULL;
        if (asprintf(&j, "%s%s", cells[at[k]], bw[k]) >= 0) {
            free(cells[at[k]]);
            cells[at[k]] = j;
        }
    }
    perf_free_words(bw, nb);
    return all;
}

/* Row r + 1 after scored row r of a form in reading order as the last line of r's name,
 * printed after the row's weight and score (效益指标 社会效益 工作 / 正常 / 保障 达成预 /
 * 期指标 / 15 15 / 运转 / 资产 / 利用 / 水平 / 正常 …): a word alone, as wide as each line of
 * the name, whose lines are all alike; the lines after it words alone as wide, more of
 * them than the name has lines. Rows of one shape wrap alike: taken as the next row's top,
 * the line would make that row's stack outgrow this one's by two lines or more; as this
 * row's last, it evens them. Returns whether it took the line. */
static bool name_tail_below(const perf_ctx *pc, size_t r, char **cells, int nc, int name,
                            int name_lines, bool name_even, long width)
{
    const table_grid *g = pc->g;
    if (name < 0 || name + 2 >= nc || name_lines < 2 || !name_even || r + 2 >= g->nrows ||
        !perf_is_number(pc, cells[nc - 1]) || !perf_is_number(pc, cells[nc - 2]) || begins_level(pc, r + 1))
        return false;
    char *w[2];
    int n = perf_glued_words(g->rows[r + 1], w, 2);
    bool take = n == 1 && perf_fragment_word(pc, w[0]) && !perf_looks_like_value(pc, w[0]) &&
                !perf_level_label(pc, w[0]) && (long)utf8_chars(w[0], strlen(w[0])) == width;
    int below = 0;
    for (size_t k = r + 2; take && k < g->nrows && !begins_level(pc, k); k++) {
        char *u[2];
        int m = perf_glued_words(g->rows[k], u, 2);
        bool alike = m == 1 && perf_fragment_word(pc, u[0]) && !perf_looks_like_value(pc, u[0]) &&
                     (long)utf8_chars(u[0], strlen(u[0])) == width;
        perf_free_words(u, m);
        if (!alike)
            break;
        below++;
    }
    take = take && below > name_lines;
    if (take) {
        char *j = NULL;
        if (asprintf(&j, "%s%s", cells[name], w[0]) >= 0) {
            free(cells[name]);
            cells[name] = j;
        } else {
            take = false;
        }
    }
    perf_free_words(w, n);
    return take;
}

/* Rows [from, r] of a form in reading order are one indicator's: its cells, a line's first
 * word continuing the last cell of the line before when it is no longer (a wrapped cell
 * fills its width but on its last line): a line of one word continues any such cell but
 * one ended already on a shorter line (工作正常 / 运转 / 保障: 保障 is the next cell); a line
 * of several words a line of several, a level's label it completes (质量指 / 标 视频画面清晰度
 * …), or a one-word line that is not a cell's last, shorter line already (雪亮视 / 频专线 ≤元
 * ≤40000, but 业务处理 / 及时性 / 及时 达成预期目标 …); a unit or a percent sign begins a line
 * after a value cut before it (≤40000 / 元 5 5, ≥98 / %), a number a line after its
 * comparison alone (≤ / 400500 / 元). */
bool perf_reading_row(perf_ctx *pc, size_t from, size_t r)
{
    const table_grid *g = pc->g;
    char *cells[96];
    int nc = 0;
    long prev_chars = 0; /* of the last cell of the line before */
    int prev_words = 0;  /* on the line before */
    bool closed = false; /* the last cell ended on a line shorter than the one before */
    int line_first = 0;  /* the cell of the last line's first word */
    int lines[96];       /* per cell: how many lines it was read from */
    bool even[96];       /* per cell: its last line as long as the one before */
    size_t tail[96];     /* per cell: where its last line begins */
    for (size_t k = from; k <= r && nc < 80; k++) {
        line_first = nc;
        char *w[16];
        int n = join_latin_words(w, perf_glued_words(g->rows[k], w, 16));
        bool cut_unit = n >= 1 && nc > 0 && prev_words == 1 &&
                        (perf_unit_word(w[0]) || percent_sign(w[0])) &&
                        perf_looks_like_value(pc, cells[nc - 1]) && perf_ends_digit(cells[nc - 1]);
        /* a comparison alone or last on its line, its number on the next (≤ / 400500 /
         * 元) */
        cut_unit |= n >= 1 && nc > 0 && prev_words >= 1 && perf_sign_only(pc, cells[nc - 1]) &&
                    w[0][0] >= '0' && w[0][0] <= '9';
        /* a comparison cut inside its number, alone on its line, its last digits and unit
         * or percent sign on the next (≥9 / 3%) */
        cut_unit |= n >= 1 && nc > 0 && prev_words == 1 && perf_looks_like_value(pc, cells[nc - 1]) &&
                    !perf_is_number(pc, cells[nc - 1]) && perf_ends_digit(cells[nc - 1]) &&
                    !perf_sign_only(pc, cells[nc - 1]) && w[0][0] >= '0' && w[0][0] <= '9' &&
                    perf_unit_tail(w[0]);
        long chars = n >= 1 ? utf8_chars(w[0], strlen(w[0])) : 0;
        /* a label alone on its line that the next line's first word makes a longer label
         * (社会效益 / 指标: the 一级 label 社会效益指标 wrapped) */
        bool grows = n >= 1 && nc > 0 && prev_words == 1 && chars <= prev_chars &&
                     perf_grows_label(pc, cells[nc - 1], w[0]);
        /* a word alone that the cell ends with already is the next cell, a value that
         * repeats the name's last word (工作开 / 展便捷 / 便捷: 工作开展便捷, 便捷) */
        bool repeats = n == 1 && nc > 0 && strlen(cells[nc - 1]) > strlen(w[0]) &&
                       str_ends(cells[nc - 1], w[0]);
        /* a percentage ends its value: the text below it is the next cell (质量指标 验收合格率
         * ≥95% / 达成预期 / 指标 10 10) */
        bool percent_ends = nc > 0 && perf_looks_like_value(pc, cells[nc - 1]) &&
                            ends_percent(cells[nc - 1]);
        if (cut_unit || grows || (n >= 1 && prev_chars > 0 && nc > 0 && !repeats && !percent_ends &&
                         ((n == 1 && !closed) || prev_words > 1 || (prev_words == 1 && !closed) ||
                          perf_completes_label(pc, cells[nc - 1], w[0])) &&
                         !perf_level_label(pc, cells[nc - 1]) && !perf_level_label(pc, w[0]) &&
                         !perf_looks_like_value(pc, w[0]) &&
                         (chars <= prev_chars + (carried_punctuation(pc, w[0]) ? 1 : 0) ||
                          /* a bracket's text, narrower than its characters (参加 / 培训 /
                           * (会议)) */
                          (text_bracket(w[0], true) && !closed)))) {
            char *j = NULL;
            if (asprintf(&j, "%s%s", cells[nc - 1], w[0]) >= 0) {
                tail[nc - 1] = strlen(cells[nc - 1]);
                free(cells[nc - 1]);
                cells[nc - 1] = j;
            }
            lines[nc - 1] += !cut_unit;
            even[nc - 1] = !cut_unit && chars == prev_chars;
            closed = cut_unit || chars < prev_chars;
            prev_chars = chars;
            line_first = nc - 1;
            free(w[0]);
            if (n == 1)
                continue;
            memmove(w, w + 1, (size_t)(n - 1) * sizeof *w);
            n--;
        }
        for (int i = 0; i < n; i++) {
            if (nc < 80) {
                lines[nc] = 1;
                even[nc] = false;
                tail[nc] = 0;
                cells[nc++] = w[i];
            } else {
                free(w[i]);
            }
        }
        if (n >= 1)
            closed = false;
        prev_chars = n >= 1 && nc > 0 ? utf8_chars(cells[nc - 1], strlen(cells[nc - 1])) : 0;
        prev_words = n;
    }
    bool tails = reading_tails(pc, r, cells, line_first, nc);
    xmlNodePtr owner = reason_owner(pc, cells, nc);
    int lead = owner ? 1 : 0;
    /* a text first that may be the row before's reason as well, without its full stop */
    bool doubt = !owner && nc > 0 && !perf_level_label(pc, cells[0]) && overfull(pc, cells, nc) &&
                 pc->indicators && xml_is(xmlLastElementChild(xmlLastElementChild(pc->indicators)), "score");
    /* a name of three lines or more, its last as long as the others, with room for one
     * more value in the row: that line may as well be the next cell (工作 / 正常 / 运转 /
     * 保障 / 达成预期 / 指标 15 15) */
    int name = lead;
    while (name < nc && perf_level_label(pc, cells[name]))
        name++;
    /* the width of the name's last line (of each, when they are alike) */
    long name_width = name < nc ? (long)utf8_chars(cells[name] + tail[name], strlen(cells[name] + tail[name])) : 0;
    bool room = name + 3 < nc && lines[name] >= 3 && even[name] && perf_is_number(pc, cells[nc - 1]) &&
                perf_is_number(pc, cells[nc - 2]) && nc - 2 - (name + 1) < 3;
    doubt |= room;
    /* …and when that line is a qualitative target (保障) before a qualitative achievement
     * (达成预期指标), as such a row prints its targets, it is taken as the target (still
     * uncertain) */
    if (room && nc < 96 && tail[name] > 0 && name + 1 < nc - 2 &&
        perf_is_field(pc, "qualitative_value", cells[name] + tail[name]) &&
        perf_is_field(pc, "qualitative_value", cells[name + 1])) {
        char *target = strdup(cells[name] + tail[name]);
        if (target) {
            cells[name][tail[name]] = '\0';
            memmove(cells + name + 2, cells + name + 1, (size_t)(nc - name - 1) * sizeof *cells);
            cells[name + 1] = target;
            nc++;
            lines[name]--;
        }
    }
    /* the name's last line after the weight and score */
    if (!tails && name < nc)
        tails = name_tail_below(pc, r, cells, nc, name, lines[name], even[name], name_width);
    if (owner)
        xml_child(owner, "reason", cells[0]);
    src_cell *sc = calloc((size_t)(nc ? nc : 1), sizeof *sc);
    if (sc && nc > lead) {
        src_line fake = *g->rows[r];
        for (int k = lead; k < nc; k++) {
            sc[k - lead].text = cells[k];
            sc[k - lead].pos = k - lead + 1;
        }
        fake.cells = sc;
        fake.ncells = nc - lead;
        perf_indicator_row(pc, &fake, NULL, 0);
        if (doubt && pc->indicators)
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    }
    free(sc);
    perf_free_words(cells, nc);
    return tails;
}
