/* perf.c — 项目支出绩效自评表 (project performance self-evaluation forms).
 *
 * These are forms, not tables: their layout shifts from project to project (extra
 * columns, labels in the wrong cell, OCR damage). So every printed row is kept verbatim in
 * <grid>, and the fields a validator needs are interpreted on top, each flagged
 * certain="false" where the reader had to guess. The words that introduce each field are
 * data (the <field> labels of the performance definition). */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

typedef enum perf_mode { MODE_NONE, MODE_FUNDS, MODE_GOALS, MODE_INDICATORS, MODE_ANALYSIS } perf_mode;

typedef struct perf_ctx {
    const gfa_vocab *vocab;
    const table_def *def;
    const table_grid *g;
    xmlNsPtr ns;
    const char *file;
    gfa_diags *diags;
    xmlNodePtr project, department, unit, funds, indicators, total;
    xmlNodePtr goals[16];
    int ngoals;
    xmlNodePtr analysis[16];
    int nanalysis;
    char *level1, *level2;
    bool compact; /* rows without blank cells (flattened or laid-out text): a row's values
                     are its cells in order, the fields taken from the right */
} perf_ctx;

/* Is the text one of the labels of a form field? Trailing colons do not matter. */
static bool is_field(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f = table_def_field(pc->def, field);
    if (!f || !*text)
        return false;
    char *k = text_key(text, strlen(text));
    if (!k)
        return false;
    size_t n = strlen(k);
    while (n > 0 && k[n - 1] == ':')
        k[--n] = '\0';
    bool yes = label_set_has(&f->labels, k);
    free(k);
    return yes;
}

/* A label printed over two cells ("总 分": a flattened text cuts it at the blank): is the
 * text of cells c and c+1 together one of the field's labels? */
static bool is_field2(const perf_ctx *pc, const char *field, const src_line *l, int c)
{
    if (c < 0 || c + 1 >= l->ncells || !*src_cell_text(l, c) || !*src_cell_text(l, c + 1))
        return false;
    char *both = NULL;
    if (asprintf(&both, "%s%s", src_cell_text(l, c), src_cell_text(l, c + 1)) < 0)
        return false;
    bool yes = is_field(pc, field, both);
    free(both);
    return yes;
}

static int next_nonempty(const src_line *l, int from)
{
    for (int c = from; c < l->ncells; c++)
        if (*src_cell_text(l, c))
            return c;
    return -1;
}

static xmlNodePtr new_el(perf_ctx *pc, const char *name, long line)
{
    xmlNodePtr n = xmlNewNode(pc->ns, BAD_CAST name);
    xml_set_long(n, "line", line);
    return n;
}

/* "002001-阳城县人民政府办公室" → code and name. */
static xmlNodePtr coded_name(perf_ctx *pc, const char *el, const char *text, long line)
{
    xmlNodePtr n = new_el(pc, el, line);
    size_t d = 0;
    while (text[d] >= '0' && text[d] <= '9')
        d++;
    const char *rest = text + d;
    size_t fw = 0;
    if (d > 0 && (*rest == '-' || text_fullwidth_ascii(rest, &fw) == '-' || str_starts(rest, "—"))) {
        char *code = xstrndup(text, d);
        xml_set(n, "code", code);
        free(code);
        rest += (*rest == '-') ? 1 : 3;
        xml_set(n, "name", rest);
    } else {
        xml_set(n, "name", text);
    }
    return n;
}

static bool is_number(const perf_ctx *pc, const char *t)
{
    return cell_parse(pc->vocab, t).kind == CELL_NUMBER;
}

/* A funds row's source in a row rebuilt from text may carry a header word printed right
 * above it (目标申报数) or the next block's label right below it (项目年度绩效目标): the
 * key of the source without them, or NULL when there is none to take off. */
static char *bare_source(const perf_ctx *pc, const char *label)
{
    static const char *const before[] = {"declared", "budgeted", "full_year", "executed",
                                         "balance", "rate", "score"};
    static const char *const after[] = {"goals", "indicators", "analysis", "total_score"};
    char *k = text_key(label, strlen(label));
    bool cut = false;
    for (size_t f = 0; k && f < ARRAY_LEN(before) + ARRAY_LEN(after); f++) {
        bool head = f < ARRAY_LEN(before);
        const form_field *ff = table_def_field(pc->def, head ? before[f] : after[f - ARRAY_LEN(before)]);
        for (size_t i = 0; ff && i < ff->labels.count; i++) {
            const char *w = ff->labels.keys[i];
            size_t n = strlen(k), m = strlen(w);
            if (n <= m)
                continue;
            if (head && !strncmp(k, w, m)) {
                memmove(k, k + m, n - m + 1);
                cut = true;
            } else if (!head && !strcmp(k + n - m, w)) {
                k[n - m] = '\0';
                cut = true;
            }
        }
    }
    if (!cut) {
        free(k);
        return NULL;
    }
    return k;
}

static void fund_row(perf_ctx *pc, const src_line *l)
{
    static const char *const names[] = {"declared", "budgeted", "full_year", "executed",
                                        "balance",  "rate",     "score"};
    int num_at[32], n = 0, label_at = -1, last_num = -1;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (is_number(pc, t)) {
            if (n < 32)
                num_at[n++] = c;
            last_num = c;
        } else if (n == 0 && label_at < 0) {
            label_at = c;
        }
    }
    if (n == 0)
        return; /* a sub-header of the funds block */
    if (!pc->funds)
        pc->funds = new_el(pc, "funds", l->no);
    xmlNodePtr fund = xml_child(pc->funds, "fund", NULL);
    const char *label = label_at >= 0 ? src_cell_text(l, label_at) : "";
    char *bare = pc->compact ? bare_source(pc, label) : NULL;
    if (bare && *bare)
        label = bare;
    xml_set(fund, "source", label);
    if (is_field(pc, "fund_total", label))
        xml_set(fund, "total", "true");
    /* Map from the right: 全年预算数, 全年执行数, 结余, 执行率, 得分 are always the last five;
     * 目标申报数 and 预算编制数 lead. Any other count is a guess. */
    int field_of[32];
    for (int k = 0; k < n; k++)
        field_of[k] = -1;
    for (int k = 0; k < 5 && k < n; k++)
        field_of[n - 1 - k] = 6 - k;
    for (int k = 0; k < 2 && k < n - 5; k++)
        field_of[k] = k;
    if (n != 7) {
        xml_set(fund, "certain", "false");
        diag_add(pc->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-050", pc->file, l->no, 1,
                 "performance form: a funds row with %d numbers (7 expected); fields were "
                 "placed from the right and marked uncertain",
                 n);
    }
    for (int k = 0; k < n; k++) {
        if (field_of[k] < 0)
            continue;
        const char *t = src_cell_text(l, num_at[k]);
        cell_value v = cell_parse(pc->vocab, t);
        xmlNodePtr a = xml_child(fund, "amt", v.canon);
        xml_set(a, "field", names[field_of[k]]);
        xml_set_long(a, "line", l->no);
        xml_set_long(a, "pos", l->cells[num_at[k]].pos);
        xml_set_long(a, "cell", num_at[k] + 1);
        if (strcmp(v.canon, t) != 0)
            xml_set(a, "text", t);
        /* a number that reads two ways (49,908; a rate of 00) is uncertain, with the
         * other reading: never a 1,000× amount as if it were sure */
        char alt[64];
        if (dec_printed_alternative(t, !strcmp(names[field_of[k]], "rate"), alt, sizeof alt)) {
            xml_set(a, "certain", "false");
            xml_set(a, "alternatives", alt);
        }
    }
    int reason = next_nonempty(l, last_num + 1);
    if (reason >= 0)
        xml_child(fund, "reason", src_cell_text(l, reason));
    xml_set_long(fund, "line", l->no);
    free(bare);
}

static void goal_row(perf_ctx *pc, const src_line *l)
{
    int a = next_nonempty(l, 0);
    if (a < 0 || pc->ngoals >= 16)
        return;
    int b = next_nonempty(l, a + 1);
    xmlNodePtr goal = new_el(pc, "goal", l->no);
    xml_child(goal, "target", src_cell_text(l, a));
    if (b >= 0)
        xml_child(goal, "actual", src_cell_text(l, b));
    pc->goals[pc->ngoals++] = goal;
}

/* An indicator's value: a number, a percentage, or a comparison (≥90%, ＞95%). */
static bool looks_like_value(const perf_ctx *pc, const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "=", "≠", "≈"};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (str_starts(t, marks[k]))
            return true;
    size_t len;
    char fw = text_fullwidth_ascii(t, &len); /* ＞ ＜ ＝ */
    return fw == '>' || fw == '<' || fw == '=' || is_number(pc, t) || str_ends(t, "%");
}

static void set_level(char **slot, const char *text)
{
    free(*slot);
    *slot = strdup(text);
}

/* An indicator row without its blank cells: after the name come the values, then the
 * weight and the score (the last two numbers), then a reason. The values fill the three
 * slots from the right: 实际完成值 is always printed, 年初指标值 often left blank. */
static void compact_values(perf_ctx *pc, const src_line *l, int from, xmlNodePtr ind)
{
    int at[64], n = 0;
    for (int c = from; c < l->ncells && n < 64; c++)
        if (*src_cell_text(l, c))
            at[n++] = c;
    int last = -1;
    for (int k = n - 1; k >= 0 && last < 0; k--)
        if (is_number(pc, src_cell_text(l, at[k])))
            last = k;
    int first = last;
    if (last > 0 && is_number(pc, src_cell_text(l, at[last - 1])))
        first = last - 1;
    int nvalues = first >= 0 ? first : n;
    if (first < 0 && n > 3) /* no weight: the cells after the values are a reason */
        nvalues = 3;
    static const char *const slots[] = {"initial", "adjusted", "actual"};
    int shown = nvalues < 3 ? nvalues : 3;
    for (int k = 0; k < shown; k++)
        xml_child(ind, slots[3 - shown + k], src_cell_text(l, at[k]));
    for (int k = first; k >= 0 && k <= last; k++) {
        cell_value v = cell_parse(pc->vocab, src_cell_text(l, at[k]));
        xml_child(ind, k == first ? "weight" : "score", v.canon);
    }
    int reason = last >= 0 ? last + 1 : nvalues;
    if (reason < n)
        xml_child(ind, "reason", src_cell_text(l, at[reason]));
    if (first < 0 || first == last) /* the weight or the score not placed for sure */
        xml_set(ind, "certain", "false");
}

static void indicator_row(perf_ctx *pc, const src_line *l)
{
    int name_at = -1;
    bool l2_here = false;
    for (int c = 0; c < l->ncells && name_at < 0; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t || is_field(pc, "indicators", t))
            continue;
        if (is_field(pc, "level1", t) && !l2_here) {
            set_level(&pc->level1, t);
            free(pc->level2);
            pc->level2 = NULL;
        } else if (is_field(pc, "level2", t)) {
            set_level(&pc->level2, t);
            l2_here = true;
        } else {
            name_at = c;
        }
    }
    if (name_at < 0)
        return;
    const char *name = src_cell_text(l, name_at);
    int values_at = name_at + 1;
    if (looks_like_value(pc, name) && l2_here && pc->level2) {
        /* "满意度指标 → 服务对象满意度 → ≥% …": the 二级 cell names the indicator */
        name = pc->level2;
        values_at = name_at;
    }
    if (!pc->indicators)
        pc->indicators = new_el(pc, "indicators", l->no);
    xmlNodePtr ind = xml_child(pc->indicators, "indicator", NULL);
    if (pc->level1)
        xml_set(ind, "level1", pc->level1);
    if (pc->level2)
        xml_set(ind, "level2", pc->level2);
    xml_set(ind, "name", name);
    if (pc->compact) {
        compact_values(pc, l, values_at, ind);
        xml_set_long(ind, "line", l->no);
        return;
    }
    static const char *const slots[] = {"initial", "adjusted", "actual"};
    for (int k = 0; k < 3; k++)
        if (*src_cell_text(l, values_at + k))
            xml_child(ind, slots[k], src_cell_text(l, values_at + k));
    int nums[2], n = 0, reason = -1;
    for (int c = values_at + 3; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (is_number(pc, t) && n < 2)
            nums[n++] = c;
        else if (n > 0 && reason < 0)
            reason = c;
    }
    for (int k = 0; k < n; k++) {
        cell_value v = cell_parse(pc->vocab, src_cell_text(l, nums[k]));
        xml_child(ind, k == 0 ? "weight" : "score", v.canon);
    }
    if (reason >= 0)
        xml_child(ind, "reason", src_cell_text(l, reason));
    if (n != 2)
        xml_set(ind, "certain", "false");
    xml_set_long(ind, "line", l->no);
}

/* 总分 with its score and grade, on the same row or on the next rows. */
static size_t total_rows(perf_ctx *pc, size_t r, int skip)
{
    const src_line *l = pc->g->rows[r];
    if (pc->total) /* a form printed with two 总分 rows: the last one counts */
        xmlFreeNode(pc->total);
    pc->total = new_el(pc, "total", l->no);
    bool score = false, grade = false;
    size_t used = r;
    for (size_t k = r; k < pc->g->nrows && k < r + 3; k++) {
        const src_line *row = pc->g->rows[k];
        int first = next_nonempty(row, 0);
        if (k > r && first >= 0 && !is_number(pc, src_cell_text(row, first)) &&
            !is_field(pc, "grade", src_cell_text(row, first)))
            break;
        for (int c = (k == r ? first + skip : 0); c < row->ncells; c++) {
            const char *t = src_cell_text(row, c);
            if (!*t)
                continue;
            if (!score && is_number(pc, t)) {
                xml_set(pc->total, "score", cell_parse(pc->vocab, t).canon);
                score = true;
            } else if (!grade && is_field(pc, "grade", t)) {
                xml_set(pc->total, "grade", t);
                grade = true;
            }
        }
        used = k;
        if (score && grade)
            break;
    }
    return used;
}

static void analysis_row(perf_ctx *pc, const src_line *l)
{
    int parts[2], n = 0;
    for (int c = 0; c < l->ncells && n < 2; c++) {
        const char *t = src_cell_text(l, c);
        if (*t && !is_field(pc, "analysis", t))
            parts[n++] = c;
    }
    if (n == 0 || pc->nanalysis >= 16)
        return;
    xmlNodePtr a = xmlNewNode(pc->ns, BAD_CAST "analysis");
    xmlNodeAddContent(a, BAD_CAST(n == 2 ? src_cell_text(l, parts[1]) : ""));
    xml_set(a, "topic", src_cell_text(l, parts[0]));
    xml_set_long(a, "line", l->no);
    pc->analysis[pc->nanalysis++] = a;
}

static void write_grid(perf_ctx *pc, xmlNodePtr perf)
{
    xmlNodePtr grid = xml_child(perf, "grid", NULL);
    for (size_t r = 0; r < pc->g->nrows; r++) {
        const src_line *l = pc->g->rows[r];
        xmlNodePtr row = xml_child(grid, "r", NULL);
        xml_set_long(row, "cells", l->ncells);
        xml_set_long(row, "line", l->no);
        for (int c = 0; c < l->ncells; c++) {
            if (!*src_cell_text(l, c))
                continue;
            xmlNodePtr cell = xml_child(row, "c", src_cell_text(l, c));
            xml_set_long(cell, "pos", l->cells[c].pos);
            xml_set_long(cell, "cell", c + 1);
        }
    }
}

void perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
               const char *file,
               gfa_diags *diags)
{
    perf_ctx pc;
    memset(&pc, 0, sizeof pc);
    pc.vocab = &ctx->vocab;
    pc.def = def;
    pc.g = g;
    pc.ns = perf->ns;
    pc.file = file;
    pc.diags = diags;
    /* no row with a blank cell between two printed ones: the rows lost their blanks */
    pc.compact = true;
    for (size_t r = 0; r < g->nrows && pc.compact; r++) {
        const src_line *l = g->rows[r];
        int first = next_nonempty(l, 0), last = -1;
        for (int c = 0; c < l->ncells; c++)
            if (*src_cell_text(l, c))
                last = c;
        for (int c = first + 1; first >= 0 && c < last; c++)
            if (!*src_cell_text(l, c))
                pc.compact = false;
    }
    perf_mode mode = MODE_NONE;
    for (size_t r = 0; r < g->nrows; r++) {
        const src_line *l = g->rows[r];
        int first = next_nonempty(l, 0);
        if (first < 0)
            continue;
        const char *ft = src_cell_text(l, first);
        if (is_field(&pc, "project", ft)) {
            int v = next_nonempty(l, first + 1);
            if (v >= 0 && !pc.project) {
                pc.project = new_el(&pc, "project", l->no);
                xml_set(pc.project, "name", src_cell_text(l, v));
            }
            continue;
        }
        if (is_field(&pc, "department", ft)) {
            int v = next_nonempty(l, first + 1);
            if (v >= 0 && !is_field(&pc, "unit", src_cell_text(l, v)) && !pc.department)
                pc.department = coded_name(&pc, "department", src_cell_text(l, v), l->no);
            for (int c = first + 1; c < l->ncells; c++)
                if (is_field(&pc, "unit", src_cell_text(l, c)) && !pc.unit) {
                    int u = next_nonempty(l, c + 1);
                    if (u >= 0) {
                        pc.unit = coded_name(&pc, "unit", src_cell_text(l, u), l->no);
                    } else if (r + 1 < g->nrows) { /* the value wrapped onto the next row */
                        const src_line *nl = g->rows[r + 1];
                        int w = next_nonempty(nl, 0);
                        const char *wt = w >= 0 ? src_cell_text(nl, w) : "";
                        if (wt[0] >= '0' && wt[0] <= '9') {
                            pc.unit = coded_name(&pc, "unit", wt, nl->no);
                            r++;
                        }
                    }
                }
            continue;
        }
        if (is_field(&pc, "funds", ft)) {
            mode = MODE_FUNDS;
            continue;
        }
        if (is_field(&pc, "goals", ft)) {
            mode = MODE_GOALS;
            continue;
        }
        /* the indicator grid's header: a row of labels naming 一级指标 (no numbers) */
        bool indicator_header = false, numbers = false;
        for (int c = first; c < l->ncells; c++) {
            indicator_header |= is_field(&pc, "indicators", src_cell_text(l, c));
            numbers |= is_number(&pc, src_cell_text(l, c));
        }
        indicator_header &= !numbers;
        if (indicator_header) {
            mode = MODE_INDICATORS;
            continue;
        }
        bool total2 = is_field2(&pc, "total_score", l, first);
        if (is_field(&pc, "total_score", ft) || total2) {
            r = total_rows(&pc, r, total2 ? 2 : 1);
            mode = MODE_NONE;
            continue;
        }
        if (is_field(&pc, "analysis", ft)) {
            mode = MODE_ANALYSIS;
            analysis_row(&pc, l);
            continue;
        }
        switch (mode) {
        case MODE_FUNDS: fund_row(&pc, l); break;
        case MODE_GOALS: goal_row(&pc, l); break;
        case MODE_INDICATORS: indicator_row(&pc, l); break;
        case MODE_ANALYSIS: analysis_row(&pc, l); break;
        default: break;
        }
    }
    /* attach in schema order: title is already there */
    xmlNodePtr order[] = {pc.project, pc.department, pc.unit, pc.funds};
    for (size_t k = 0; k < ARRAY_LEN(order); k++)
        if (order[k])
            xmlAddChild(perf, order[k]);
    for (int k = 0; k < pc.ngoals; k++)
        xmlAddChild(perf, pc.goals[k]);
    if (pc.indicators)
        xmlAddChild(perf, pc.indicators);
    if (pc.total)
        xmlAddChild(perf, pc.total);
    for (int k = 0; k < pc.nanalysis; k++)
        xmlAddChild(perf, pc.analysis[k]);
    write_grid(&pc, perf);
    if (!pc.project || !pc.funds)
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: %s not found; the printed rows are kept in <grid>",
                 !pc.project ? "the project name (项目名称)" : "the funds block (资金总额)");
    free(pc.level1);
    free(pc.level2);
}
