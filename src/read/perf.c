/* perf.c — 项目支出绩效自评表 (project performance self-evaluation forms).
 *
 * These are forms, not tables: their layout shifts from project to project (extra
 * columns, labels in the wrong cell, OCR damage). So every printed row is kept verbatim in
 * <grid>, and the fields a validator needs are interpreted on top, each flagged
 * certain="false" where the reader had to guess. The words that introduce each field are
 * data (the <field> labels of the performance definition). */
#include "read/read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum perf_mode { MODE_NONE, MODE_FUNDS, MODE_GOALS, MODE_INDICATORS, MODE_ANALYSIS } perf_mode;

/* The key of the text last compared with a field's labels: a cell is compared with
 * several fields in a row (level1, then level2, then indicators …), and keying it anew
 * each time was a fifth of reading a form. */
typedef struct key_memo {
    char *text, *key;
} key_memo;

typedef struct perf_ctx {
    const gfa_vocab *vocab;
    const table_def *def;
    const table_grid *g;
    xmlNsPtr ns;
    xmlDocPtr doc; /* the instance: new elements take their names from its dictionary */
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
    bool in_order; /* compact, printed in reading order (pdftotext -raw): a cell's lines
                      one after another, the cells of a row one after another */
    key_memo *memo;
} perf_ctx;

/* The text's key without trailing colons (pc->memo's, until the next text), and the field
 * it is to be compared with (NULL when the definition has no such field or the text is
 * empty). */
static const char *field_key(const perf_ctx *pc, const char *field, const char *text,
                             const form_field **f)
{
    *f = table_def_field(pc->def, field);
    if (!*f || !*text)
        return NULL;
    key_memo *m = pc->memo;
    if (m->text && !strcmp(m->text, text))
        return m->key;
    free(m->text);
    free(m->key);
    m->text = strdup(text);
    m->key = m->text ? text_key(text, strlen(text)) : NULL;
    if (!m->key) {
        free(m->text);
        m->text = NULL;
        return NULL;
    }
    size_t n = strlen(m->key);
    while (n > 0 && m->key[n - 1] == ':')
        m->key[--n] = '\0';
    return m->key;
}

/* Is the text one of the labels of a form field? Trailing colons do not matter. */
static bool is_field(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = field_key(pc, field, text, &f);
    return k && label_set_has(&f->labels, k);
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
    xmlNodePtr n = xmlNewDocNode(pc->doc, pc->ns, BAD_CAST name, NULL);
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

/* A funds row's numbers, in order, by the fields the form definition names them
 * (national-2024.xml: declared … score); a row of another count is placed from the right. */
static const char *const FUND_FIELDS[] = {"declared", "budgeted", "full_year", "executed",
                                          "balance",  "rate",     "score"};
#define FUND_NUMBERS ((int)ARRAY_LEN(FUND_FIELDS))

/* A funds row's source in a row rebuilt from text may carry a header word printed right
 * above it (目标申报数) or the next block's label right below it (项目年度绩效目标): the
 * key of the source without them, or NULL when there is none to take off. */
static char *bare_source(const perf_ctx *pc, const char *label)
{
    static const char *const after[] = {"goals", "indicators", "analysis", "total_score"};
    char *k = text_key(label, strlen(label));
    bool cut = false;
    for (size_t f = 0; k && f < (size_t)FUND_NUMBERS + ARRAY_LEN(after); f++) {
        bool head = f < (size_t)FUND_NUMBERS;
        const form_field *ff = table_def_field(pc->def, head ? FUND_FIELDS[f] : after[f - (size_t)FUND_NUMBERS]);
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

static void fund_row_as(perf_ctx *pc, const src_line *l, const char *source, const char *why);

static void fund_row(perf_ctx *pc, const src_line *l)
{
    fund_row_as(pc, l, NULL, NULL);
}

/* A funds row; source and why (when not NULL) are the source and the reason as gathered
 * from the lines around it (a flattened text's wrapped cells). */
static void fund_row_as(perf_ctx *pc, const src_line *l, const char *source, const char *why)
{
    const char *const *names = FUND_FIELDS;
    int num_at[32], n = 0, label_at = -1, last_num = -1;
    char *glued = NULL; /* "10.00 无": a laid-out row's last number glued to its reason */
    const char *glued_why = NULL;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        const char *sp = pc->compact && n > 0 && !glued ? strchr(t, ' ') : NULL;
        char *head = sp ? xstrndup(t, (size_t)(sp - t)) : NULL;
        if (head && is_number(pc, head) && !is_number(pc, t) && n < 32) {
            glued = head;
            glued_why = sp + strspn(sp, " ");
            num_at[n++] = c;
            last_num = c;
            continue;
        }
        free(head);
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
    if (glued && !why && next_nonempty(l, last_num + 1) < 0)
        why = glued_why;
    if (!pc->funds)
        pc->funds = new_el(pc, "funds", l->no);
    xmlNodePtr fund = xml_child(pc->funds, "fund", NULL);
    const char *label = source ? source : label_at >= 0 ? src_cell_text(l, label_at) : "";
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
        field_of[n - 1 - k] = FUND_NUMBERS - 1 - k;
    for (int k = 0; k < 2 && k < n - 5; k++)
        field_of[k] = k;
    if (n != FUND_NUMBERS) {
        xml_set(fund, "certain", "false");
        diag_add(pc->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-050", pc->file, l->no, 1,
                 "performance form: a funds row with %d numbers (%d expected); fields were "
                 "placed from the right and marked uncertain",
                 n, FUND_NUMBERS);
    }
    for (int k = 0; k < n; k++) {
        if (field_of[k] < 0)
            continue;
        const char *t = num_at[k] == last_num && glued ? glued : src_cell_text(l, num_at[k]);
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
    if (why && *why)
        xml_child(fund, "reason", why);
    else if (!why && reason >= 0)
        xml_child(fund, "reason", src_cell_text(l, reason));
    xml_set_long(fund, "line", l->no);
    free(bare);
    free(glued);
}

/* ---- forms read from flattened text (compact rows: a line's words are its cells) ----
 * A wrapped cell's lines stand on the lines above and below the row's numbers, mixed with
 * the other cells' lines; the form's structure (its labels, its rows of numbers) says
 * whose they are. */

/* Is the text (a key, trailing colons aside) the beginning (two characters or more) of a
 * label of the field, or the label itself? */
static bool starts_field(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = field_key(pc, field, text, &f);
    if (!k)
        return false;
    size_t n = strlen(k);
    bool yes = false;
    if (n > 0 && utf8_chars(k, n) >= 2)
        for (size_t i = 0; i < f->labels.count && !yes; i++)
            yes = !strncmp(f->labels.keys[i], k, n);
    return yes;
}

static bool coded_text(const char *t)
{
    size_t d = strspn(t, "0123456789"), fw = 0;
    return d >= 2 && (t[d] == '-' || str_starts(t + d, "—") || text_fullwidth_ascii(t + d, &fw) == '-');
}

/* The project's name wrapped around its label (云空间租 / 赁、机柜租 / 项目名称 / 赁和设备维
 * / 护; the label itself may be cut: 项目 / 名称): the words before the department's rows
 * that are not the label's. Returns the first row after the name, 0 when not found. */
static size_t flat_project(perf_ctx *pc)
{
    const form_field *f = table_def_field(pc->def, "project");
    const table_grid *g = pc->g;
    size_t limit = g->nrows < 24 ? g->nrows : 24;
    /* each label, whole first, then its end alone (its beginning read as the caption's) */
    for (size_t i = 0, off = 0; f && i < f->labels.count; off = off ? 0 : 1, i += !off) {
        const char *rem = f->labels.keys[i];
        if (off) {
            size_t len = strlen(rem), skip = 0;
            while (skip < len && utf8_chars(rem + skip, len - skip) > 2)
                for (skip++; (rem[skip] & 0xC0) == 0x80; skip++)
                    ;
            if (skip == 0 || skip >= len)
                continue;
            rem += skip;
        }
        strbuf name;
        sb_init(&name);
        size_t end = 0;
        for (size_t r = 0; r < limit && !end; r++) {
            const src_line *l = g->rows[r];
            int first = next_nonempty(l, 0);
            if (first < 0)
                continue;
            bool dept = coded_text(src_cell_text(l, first));
            for (int c = first; c < l->ncells && !dept; c++)
                dept = starts_field(pc, "department", src_cell_text(l, c)) ||
                       is_field(pc, "unit", src_cell_text(l, c)) ||
                       is_field(pc, "funds", src_cell_text(l, c));
            if (dept) {
                end = r;
                break;
            }
            for (int c = first; c < l->ncells; c++) {
                const char *t = src_cell_text(l, c);
                if (!*t)
                    continue;
                char *k = text_key(t, strlen(t));
                size_t kn = k ? strlen(k) : 0;
                if (kn && *rem && !strncmp(rem, k, kn))
                    rem += kn;
                else
                    sb_adds(&name, t);
                free(k);
            }
        }
        bool ok = end > 0 && !*rem && name.len > 0;
        if (ok) {
            pc->project = new_el(pc, "project", g->rows[0]->no);
            xml_set(pc->project, "name", name.data);
        }
        sb_free(&name);
        if (ok)
            return end;
    }
    return 0;
}

/* ---- the header's codes in a flattened or reading-order text ----
 * The 主管部门 and 预算单位 cells wrap over lines, their labels too (主管部门及代 / 码), and
 * a flattened text may print the taller cell's first line above the other's (002001-阳城
 * / 主管部门及代 002-阳城县人民): the coded words of the rows between the project's name
 * and the funds block are the two codes. */

static int count_numbers(const perf_ctx *pc, const src_line *l);

/* Does the row hold a label of the funds block or a row of its numbers (the header ends)? */
static bool funds_begin(const perf_ctx *pc, const src_line *l)
{
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && starts_field(pc, "funds", src_cell_text(l, c)))
            return true;
    return count_numbers(pc, l) >= 3;
}

/* A header's coded value: the code and the name after it; in reading order, the name's
 * wrapped lines below (its words up to the next label, code or the funds block). */
static xmlNodePtr header_code(perf_ctx *pc, const char *el, size_t r, int c, size_t end)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[r];
    xmlNodePtr n = coded_name(pc, el, src_cell_text(l, c), l->no);
    if (!pc->in_order || next_nonempty(l, c + 1) >= 0)
        return n;
    strbuf name;
    sb_init(&name);
    sb_adds(&name, xml_attr(n, "name") ? xml_attr(n, "name") : "");
    for (size_t w = r + 1; w < end; w++) {
        const src_line *nl = g->rows[w];
        int a = next_nonempty(nl, 0);
        if (a < 0)
            continue;
        const char *t = src_cell_text(nl, a);
        if (next_nonempty(nl, a + 1) >= 0 || coded_text(t) || starts_field(pc, "department", t) ||
            starts_field(pc, "unit", t) || funds_begin(pc, nl))
            break;
        sb_adds(&name, t);
    }
    if (name.len)
        xml_set(n, "name", name.data);
    sb_free(&name);
    return n;
}

/* The codes of a compact form's header rows [from, ...) that the row-by-row reading left
 * without one (or read beside the wrong label): of two codes, the one the other begins with is the department's (002 ←
 * 002901), else the one after the unit's label on its row is the unit's, else the first
 * is the department's. */
static void compact_codes(perf_ctx *pc, size_t from)
{
    const table_grid *g = pc->g;
    size_t at[2] = {0}, end = from;
    int cell[2] = {0}, n = 0;
    bool after_unit[2] = {false, false};
    for (; end < g->nrows && end < from + 24; end++) {
        const src_line *l = g->rows[end];
        if (funds_begin(pc, l))
            break;
        bool unit_label = false;
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (*t && starts_field(pc, "unit", t))
                unit_label = true;
            if (n < 2 && coded_text(t)) {
                at[n] = end;
                cell[n] = c;
                after_unit[n++] = unit_label;
            }
        }
    }
    if (n < 2)
        return; /* one code alone: whose it is the header does not say */
    char *code[2];
    for (int k = 0; k < 2; k++) {
        const char *t = src_cell_text(g->rows[at[k]], cell[k]);
        code[k] = xstrndup(t, strspn(t, "0123456789"));
    }
    size_t l0 = strlen(code[0]), l1 = strlen(code[1]);
    int dept = 0;
    bool nested = l0 != l1 && !strncmp(code[0], code[1], l0 < l1 ? l0 : l1);
    if (nested)
        dept = l0 < l1 ? 0 : 1;
    else if (after_unit[0] != after_unit[1])
        dept = after_unit[0] ? 1 : 0;
    free(code[0]);
    free(code[1]);
    /* nested codes say whose each is, over a label read beside the other's value */
    if (nested || !pc->department || !xml_attr(pc->department, "code")) {
        xmlFreeNode(pc->department);
        pc->department = header_code(pc, "department", at[dept], cell[dept], end);
    }
    if (nested || !pc->unit || !xml_attr(pc->unit, "code")) {
        xmlFreeNode(pc->unit);
        pc->unit = header_code(pc, "unit", at[!dept], cell[!dept], end);
    }
}

typedef struct flat_row {
    size_t line;          /* its row of numbers */
    bool labelled;        /* its source printed on that row */
    size_t from, to;      /* the rows of words that are its (wrapped cells) */
    int lead;             /* a line of its wrapped source before its numbers: the cell, else -1 */
    char *total;          /* the funds' total label wrapped onto the rows below (资金总 / 额:) */
    size_t tail;          /* how many rows below its label took */
} flat_row;

static int count_numbers(const perf_ctx *pc, const src_line *l)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++)
        n += *src_cell_text(l, c) && is_number(pc, src_cell_text(l, c));
    return n;
}

/* How well does a split of a row's words into source and reason fit: a source names a
 * fund (the fund_source words, at its end best; else the beginning of one: 市辖区财政资,
 * printed cut), and both cells are centred on the row. */
/* The bytes of text t's first n characters (UTF-8). */
static size_t head_bytes(const char *t, int n)
{
    size_t b = 0;
    for (int c = 0; c < n && t[b]; c++)
        for (b++; (t[b] & 0xC0) == 0x80; b++)
            ;
    return b;
}

static int split_score(const perf_ctx *pc, const char *src_key, int s_up, int s_down, int r_up,
                       int r_down)
{
    const form_field *f = table_def_field(pc->def, "fund_source");
    int score = 0;
    size_t n = strlen(src_key);
    if (!n)
        return -100;
    while (n > 1 && src_key[n - 1] == ':') /* 市县区财政资金: ends with its source word */
        n--;
    bool named = false;
    for (size_t i = 0; f && i < f->labels.count && !named; i++) {
        const char *w = f->labels.keys[i];
        size_t m = strlen(w);
        if (strstr(src_key, w)) {
            score += 8;
            if (n >= m && !strncmp(src_key + n - m, w, m))
                score += 8;
            named = true;
        }
    }
    for (size_t i = 0; f && i < f->labels.count && !named; i++) {
        const char *w = f->labels.keys[i];
        size_t two = head_bytes(w, 2);
        char *head = w[two] ? strndup(w, two) : NULL; /* a longer label's beginning */
        named = head && strstr(src_key, head);
        score += named ? 4 : 0;
        free(head);
    }
    return score - abs(s_up - s_down) - abs(r_up - r_down);
}

/* The cell before a row's numbers that ends with a label of the funds' total (a laid-out
 * row may glue header words before it: 报数制数资金总额:): the label's part of it, NULL
 * when none. */
static const char *total_cell(const perf_ctx *pc, const src_line *l)
{
    const form_field *f = table_def_field(pc->def, "fund_total");
    for (int c = 0; c < l->ncells && f; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (is_number(pc, t))
            return NULL;
        char *k = text_key(t, strlen(t));
        size_t n = k ? strlen(k) : 0, full = n;
        while (n > 0 && k[n - 1] == ':')
            k[--n] = '\0';
        long chars = 0; /* of the label and the colons after it */
        for (size_t i = 0; n > 0 && i < f->labels.count && !chars; i++) {
            const char *w = f->labels.keys[i];
            size_t m = strlen(w);
            while (m > 0 && w[m - 1] == ':')
                m--;
            if (m > 0 && n >= m && !strncmp(k + n - m, w, m))
                chars = utf8_chars(w, m) + (long)(full - n);
        }
        free(k);
        if (chars > 0) { /* the label alone: a header word glued before it goes */
            long total = utf8_chars(t, strlen(t));
            const char *p = t;
            for (long skip = total - chars; skip > 0 && *p; skip--)
                for (p++; (*p & 0xC0) == 0x80; p++)
                    ;
            return p;
        }
    }
    return NULL;
}

/* Does the text name a fund's source (a fund_source word: 财政资金, 自筹资金)? */
static bool names_source(const perf_ctx *pc, const char *text);

/* Does the text name a fund, or end in a fund word's beginning of two characters or more, a
 * source printed cut in its cell (市辖区财政资)? */
static bool names_source_cut(const perf_ctx *pc, const char *text)
{
    const form_field *f = table_def_field(pc->def, "fund_source");
    char *k = f ? text_key(text, strlen(text)) : NULL;
    bool yes = k && names_source(pc, text);
    size_t n = k ? strlen(k) : 0;
    for (size_t i = 0; k && i < f->labels.count && !yes; i++) {
        const char *w = f->labels.keys[i];
        size_t two = head_bytes(w, 2);
        for (size_t m = strlen(w); m >= two && m > 0 && !yes; m--)
            yes = n >= m && (w[m] & 0xC0) != 0x80 && !strncmp(k + n - m, w, m);
    }
    free(k);
    return yes;
}

static bool names_source(const perf_ctx *pc, const char *text)
{
    const form_field *f = table_def_field(pc->def, "fund_source");
    char *k = f ? text_key(text, strlen(text)) : NULL;
    bool yes = false;
    for (size_t i = 0; k && i < f->labels.count && !yes; i++)
        yes = strstr(k, f->labels.keys[i]) != NULL;
    free(k);
    return yes;
}

/* A lone word on row r (a line of a wrapped cell), else NULL. */
static const char *lone_word(const table_grid *g, size_t r)
{
    int a = next_nonempty(g->rows[r], 0);
    return a >= 0 && next_nonempty(g->rows[r], a + 1) < 0 ? src_cell_text(g->rows[r], a) : NULL;
}

/* The funds' total label wrapped in a narrow cell: the row's first cell ends or begins a
 * label of fund_total and the lone words of the rows above it (raw text: 资金总 / 额: 26 …)
 * or below it (资金总 26 … / 额:) complete it. The label (malloc'd) and how many rows below
 * it took, else NULL. */
static char *wrapped_total(const perf_ctx *pc, size_t r, size_t *tail)
{
    const table_grid *g = pc->g;
    int first = next_nonempty(g->rows[r], 0);
    const char *t = first >= 0 ? src_cell_text(g->rows[r], first) : "";
    if (!*t || is_number(pc, t) || is_field(pc, "fund_total", t))
        return NULL;
    for (size_t up = 0; up <= 2 && up <= r; up++)
        for (size_t down = 0; down <= 2 && r + down < g->nrows; down++) {
            if (up + down == 0)
                continue;
            strbuf sb;
            sb_init(&sb);
            bool lone = true;
            for (size_t k = up; k > 0 && lone; k--) {
                const char *w = lone_word(g, r - k);
                lone = w != NULL;
                if (w)
                    sb_adds(&sb, w);
            }
            sb_adds(&sb, t);
            for (size_t k = 1; k <= down && lone; k++) {
                const char *w = lone_word(g, r + k);
                lone = w != NULL;
                if (w)
                    sb_adds(&sb, w);
            }
            if (lone && sb.data && is_field(pc, "fund_total", sb.data)) {
                *tail = down;
                return sb.data;
            }
            sb_free(&sb);
        }
    return NULL;
}

/* One funds row of a flattened form: its rows of words [from, to) split into its source
 * and its reason; the row's own words after its numbers are the reason's. */
static void flat_fund(perf_ctx *pc, const flat_row *fr)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[fr->line];
    if (fr->labelled || fr->to - fr->from > 12) {
        fund_row_as(pc, l, fr->total ? fr->total : total_cell(pc, l), NULL);
        return;
    }
    size_t n = fr->to - fr->from;
    int one[12], none = 0; /* rows of one word: source or reason */
    bool why = false;
    int last_num = -1;
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && is_number(pc, src_cell_text(l, c)))
            last_num = c;
    why = next_nonempty(l, last_num + 1) >= 0;
    size_t bytes = 0; /* every split is tried: a few short words only (hostile input) */
    for (size_t k = 0; k < n; k++) {
        const src_line *w = g->rows[fr->from + k];
        int a = fr->from + k == fr->line ? -1 : next_nonempty(w, 0); /* its own words: below */
        if (a >= 0 && next_nonempty(w, a + 1) >= 0)
            why = true;
        else if (a >= 0)
            one[none++] = (int)k;
        if (a >= 0)
            bytes += strlen(src_cell_text(w, a));
    }
    if (bytes > 512)
        why = false;
    unsigned best_mask = (1u << none) - 1; /* every lone word the source's */
    int best = -1000;
    /* lone words only: a reason may be wholly wrapped too (同金 / 额变 / 更导 / 致) */
    why = why || (none >= 2 && bytes <= 512);
    /* in reading order: the source's lines, the row, the reason's lines (the source's and
     * the reason's words both on the row: their lines were printed across the cells, not
     * one cell after another) */
    bool ordered = pc->in_order && why && (fr->lead < 0 || next_nonempty(l, last_num + 1) < 0);
    if (ordered) {
        best_mask = 0;
        for (int j = 0; j < none; j++)
            if (fr->from + (size_t)one[j] < fr->line)
                best_mask |= 1u << j;
        why = false;
    }
    for (unsigned mask = 0; why && mask < (1u << none); mask++) {
        strbuf sb;
        sb_init(&sb);
        int s_up = 0, s_down = 0, r_up = 0, r_down = 0, j = 0;
        for (size_t k = 0; k < n; k++) {
            const src_line *w = g->rows[fr->from + k];
            if (fr->from + k == fr->line && fr->lead >= 0)
                sb_adds(&sb, src_cell_text(w, fr->lead));
            int a = fr->from + k == fr->line ? -1 : next_nonempty(w, 0);
            if (a < 0)
                continue;
            bool up = fr->from + k < fr->line;
            bool lone = j < none && one[j] == (int)k;
            bool to_src = !lone || (mask >> j & 1u);
            bool to_why = !lone || !(mask >> j & 1u);
            if (lone)
                j++;
            if (to_src) {
                sb_adds(&sb, src_cell_text(w, a));
                *(up ? &s_up : &s_down) += 1;
            }
            if (to_why)
                *(up ? &r_up : &r_down) += 1;
        }
        char *key = text_key(sb.data ? sb.data : "", sb.len);
        int sc = key ? split_score(pc, key, s_up, s_down, r_up, r_down) : -1000;
        free(key);
        sb_free(&sb);
        if (sc > best) {
            best = sc;
            best_mask = mask;
        }
    }
    strbuf src, rsn;
    sb_init(&src);
    sb_init(&rsn);
    int j = 0;
    bool own_why_done = false;
    for (size_t k = 0; k <= n; k++) {
        /* the row's own reason words stand between the lines above and below it */
        if (!own_why_done && (k == n || fr->from + k > fr->line)) {
            for (int c = next_nonempty(l, last_num + 1); c >= 0; c = next_nonempty(l, c + 1))
                sb_adds(&rsn, src_cell_text(l, c));
            own_why_done = true;
        }
        if (k == n)
            break;
        const src_line *w = g->rows[fr->from + k];
        if (fr->from + k == fr->line && fr->lead >= 0)
            sb_adds(&src, src_cell_text(w, fr->lead));
        int a = fr->from + k == fr->line ? -1 : next_nonempty(w, 0);
        if (a < 0)
            continue;
        bool lone = j < none && one[j] == (int)k;
        bool to_src = !lone || (best_mask >> j & 1u);
        if (lone)
            j++;
        if (to_src)
            sb_adds(&src, src_cell_text(w, a));
        for (int c = to_src ? next_nonempty(w, a + 1) : a; c >= 0; c = next_nonempty(w, c + 1))
            sb_adds(&rsn, src_cell_text(w, c));
    }
    if (fr->lead >= 0 && !ordered && !names_source_cut(pc, src.data ? src.data : ""))
        fund_row_as(pc, l, NULL, NULL); /* no wrapped source names a fund: the row's own words */
    else
        fund_row_as(pc, l, src.data ? src.data : "", rsn.data ? rsn.data : "");
    sb_free(&src);
    sb_free(&rsn);
}

/* The grid of a funds block with numbers wrapped around their rows put back on them. */
typedef struct halves_grid {
    table_grid g;
    src_line *lines[48]; /* the copies it made */
    char *texts[48];     /* the joined numbers */
    int nlines, ntexts;
} halves_grid;

static void halves_grid_free(halves_grid *h)
{
    for (int k = 0; k < h->nlines; k++) {
        free(h->lines[k]->cells);
        free(h->lines[k]);
    }
    for (int k = 0; k < h->ntexts; k++)
        free(h->texts[k]);
    free(h->g.rows);
}

/* A copy of grid row r that halves_grid h owns (the same copy once made). */
static src_line *halves_line(halves_grid *h, size_t r, int extra)
{
    for (int k = 0; k < h->nlines; k++)
        if (h->lines[k] == h->g.rows[r])
            return h->lines[k];
    if (h->nlines >= (int)ARRAY_LEN(h->lines))
        return NULL;
    const src_line *l = h->g.rows[r];
    src_line *c = malloc(sizeof *c);
    src_cell *cells = c ? calloc((size_t)l->ncells + (size_t)extra + 1, sizeof *cells) : NULL;
    if (!cells) {
        free(c);
        return NULL;
    }
    *c = *l;
    memcpy(cells, l->cells, (size_t)l->ncells * sizeof *cells);
    c->cells = cells;
    h->lines[h->nlines++] = c;
    h->g.rows[r] = c;
    return c;
}

/* The words ending row r that pass ok: their cells, last first; how many. */
static int ending_words(const src_line *l, bool (*ok)(const perf_ctx *, const char *),
                        const perf_ctx *pc, int *at, int max)
{
    int n = 0;
    for (int c = l->ncells - 1; c >= 0 && n < max; c--) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (!ok(pc, t))
            break;
        at[n++] = c;
    }
    return n;
}

static bool number_word(const perf_ctx *pc, const char *t)
{
    return is_number(pc, t);
}

static bool digits_word(const perf_ctx *pc, const char *t)
{
    (void)pc;
    return strspn(t, "0123456789") == strlen(t);
}

/* A fund row short of numbers whose narrow last cells wrapped around it (10.0 / 市辖区财政
 * 资金 5 5 1,706 1,706 0 100.00 变更 / 0; 100.0 10.0 / … / 0 0): the numbers ending the
 * line right above it, each joined with the digits ending the line right below it, are its
 * last numbers when that makes the row whole (want: the total row's count, FUND_NUMBERS at
 * least). Fills h (its grid the block's with
 * those words moved onto their rows); false when there is none or on failure. */
static bool fund_number_halves(perf_ctx *pc, const flat_row *rows, int nr, int want, halves_grid *h)
{
    const table_grid *g = pc->g;
    memset(h, 0, sizeof *h);
    bool any = false;
    for (int k = 0; k < nr; k++) {
        size_t r = rows[k].line;
        const src_line *l = g->rows[r];
        int n = count_numbers(pc, l), up[4], down[4];
        if (n >= want || r == 0 || r + 1 >= g->nrows || (k > 0 && rows[k - 1].line + 1 >= r) ||
            (k + 1 < nr ? rows[k + 1].line <= r + 1 : r + 1 >= rows[k].to))
            continue;
        const src_line *a = g->rows[r - 1], *b = g->rows[r + 1];
        if (count_numbers(pc, a) >= 3 || count_numbers(pc, b) >= 3)
            continue;
        int nu = ending_words(a, number_word, pc, up, 4), nd = ending_words(b, digits_word, pc, down, 4);
        if (nu < 1 || nu != nd || n + nu != want)
            continue;
        char *joined[4];
        int nj = 0;
        for (; nj < nu; nj++) { /* last first: the k-th from the end above with the k-th below */
            if (asprintf(&joined[nj], "%s%s", src_cell_text(a, up[nj]), src_cell_text(b, down[nj])) < 0)
                break;
            if (!is_number(pc, joined[nj])) {
                free(joined[nj]);
                break;
            }
        }
        if (nj < nu || (!h->g.rows && !(h->g.rows = malloc(g->nrows * sizeof *h->g.rows)))) {
            while (nj > 0)
                free(joined[--nj]);
            continue;
        }
        if (!any) {
            memcpy(h->g.rows, g->rows, g->nrows * sizeof *g->rows);
            h->g.nrows = g->nrows;
        }
        src_line *ca = halves_line(h, r - 1, 0), *cb = halves_line(h, r + 1, 0), *cl = halves_line(h, r, nu);
        if (!ca || !cb || !cl || h->ntexts + nu > (int)ARRAY_LEN(h->texts)) {
            while (nj > 0)
                free(joined[--nj]);
            continue;
        }
        any = true;
        static char none[] = "";
        for (int j = 0; j < nu; j++) {
            ca->cells[up[j]].text = none;
            cb->cells[down[j]].text = none;
        }
        /* after the row's last number, before its reason */
        int last = -1;
        for (int c = 0; c < cl->ncells; c++)
            if (*src_cell_text(cl, c) && is_number(pc, src_cell_text(cl, c)))
                last = c;
        memmove(cl->cells + last + 1 + nu, cl->cells + last + 1,
                (size_t)(cl->ncells - last - 1) * sizeof *cl->cells);
        for (int j = 0; j < nu; j++) {
            src_cell *c = &cl->cells[last + 1 + j];
            memset(c, 0, sizeof *c);
            c->text = joined[nu - 1 - j];
            c->pos = cl->cells[last].pos;
            h->texts[h->ntexts++] = c->text;
        }
        cl->ncells += nu;
    }
    return any;
}

static int words(const src_line *l, int *at, int max);
static void free_words(char **w, int n);

/* A line of one number (a wrapped number's piece: 10.0 / 0)? */
static bool number_line(const perf_ctx *pc, const src_line *l)
{
    int at[2];
    return words(l, at, 2) == 1 && is_number(pc, src_cell_text(l, at[0]));
}

/* The words of rows [from, to) joined: a wrapped cell's lines in reading order. */
static char *rows_text(const perf_ctx *pc, size_t from, size_t to)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t r = from; r < to; r++) {
        const src_line *w = pc->g->rows[r];
        for (int c = next_nonempty(w, 0); c >= 0; c = next_nonempty(w, c + 1))
            sb_adds(&sb, src_cell_text(w, c));
    }
    char *t = xstrndup(sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return t;
}

/* A funds row in reading order whose last numbers wrapped in their narrow cells below it
 * (市辖区财政资金 5 5 1,706 1,706 0 100.00 / 10.0 / 0 / 金额 / …): the lines of one number
 * after it, a number and the digits under it joined (10.0 / 0) while they are more than
 * the row lacks of the total row's numbers (want), are the row's last ones; its source is
 * on it or on the lines above it, its reason on the lines below those numbers. Returns
 * whether it read the row so. */
static bool fund_numbers_below(perf_ctx *pc, const flat_row *fr, int want)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[fr->line];
    int need = want - count_numbers(pc, l), np = 0;
    char *p[8];
    size_t below = fr->line + 1;
    if (!pc->in_order || need <= 0 || (!fr->labelled && (fr->lead >= 0 || fr->from >= fr->line)))
        return false;
    for (; below < fr->to && np < 8 && number_line(pc, g->rows[below]); below++)
        p[np++] = strdup(src_cell_text(g->rows[below], next_nonempty(g->rows[below], 0)));
    for (int i = 0; np > need && i + 1 < np;) {
        char *j = NULL;
        if (p[i] && p[i + 1] && strchr(p[i], '.') && !p[i + 1][strspn(p[i + 1], "0123456789")] &&
            asprintf(&j, "%s%s", p[i], p[i + 1]) >= 0) {
            free(p[i]);
            free(p[i + 1]);
            p[i] = j;
            memmove(p + i + 1, p + i + 2, (size_t)(np - i - 2) * sizeof *p);
            np--;
        } else {
            i++;
        }
    }
    bool ok = np == need;
    src_cell *sc = ok ? calloc((size_t)(l->ncells + np), sizeof *sc) : NULL;
    for (int k = 0; ok && k < np; k++)
        ok = p[k] != NULL;
    /* the lines above: the source from the last one it can begin on, those before it the
     * reason of the fund above (its row's words then its reason's, in reading order) */
    size_t begin = fr->line;
    char *src = NULL, *why = NULL;
    while (sc && ok && !fr->labelled && begin > fr->from && (!src || !names_source(pc, src))) {
        free(src);
        src = rows_text(pc, --begin, fr->line);
    }
    if (src && begin > fr->from && pc->funds && xmlLastElementChild(pc->funds) &&
        !xml_is(xmlLastElementChild(xmlLastElementChild(pc->funds)), "reason")) {
        char *above = rows_text(pc, fr->from, begin);
        xml_child(xmlLastElementChild(pc->funds), "reason", above);
        free(above);
    }
    if (sc && ok && !fr->labelled)
        why = rows_text(pc, below, fr->to);
    if (sc && ok) {
        src_line fake = *l;
        memcpy(sc, l->cells, (size_t)l->ncells * sizeof *sc);
        long pos = l->ncells > 0 ? l->cells[l->ncells - 1].pos : 0;
        for (int k = 0; k < np; k++) {
            sc[l->ncells + k].text = p[k];
            sc[l->ncells + k].pos = ++pos;
        }
        fake.cells = sc;
        fake.ncells = l->ncells + np;
        if (fr->labelled)
            fund_row_as(pc, &fake, fr->total ? fr->total : total_cell(pc, l), NULL);
        else
            fund_row_as(pc, &fake, src ? src : "", why ? why : "");
    }
    free(src);
    free(why);
    free(sc);
    free_words(p, np);
    return sc && ok;
}

/* The funds block of a flattened form: from its 资金总额 row to the next block's label.
 * Each row of numbers is a fund; the rows of words between two of them are the lower
 * one's when the upper one printed its source on its own row, else cut where the two
 * rows' sources and reasons fit best. Returns the first row after the block (from when
 * there is none). */
static size_t flat_funds(perf_ctx *pc, size_t from)
{
    const table_grid *g = pc->g;
    size_t a = from, b, tail = 0;
    char *total = NULL;
    for (; a < g->nrows; a++) {
        const src_line *l = g->rows[a];
        int first = next_nonempty(l, 0);
        if (first >= 0 && count_numbers(pc, l) >= 3 &&
            (total_cell(pc, l) || (total = wrapped_total(pc, a, &tail))))
            break;
    }
    if (a >= g->nrows)
        return from;
    static const char *const next_blocks[] = {"goals", "indicators", "analysis", "total_score"};
    for (b = a + 1; b < g->nrows && b < a + 64; b++) {
        const src_line *l = g->rows[b];
        int first = next_nonempty(l, 0);
        bool end = false;
        for (size_t f = 0; f < ARRAY_LEN(next_blocks) && first >= 0 && !end; f++)
            end = starts_field(pc, next_blocks[f], src_cell_text(l, first));
        if (end)
            break;
    }
    flat_row rows[16] = {{0}};
    int nr = 0;
    for (size_t r = a; r < b && nr < 16; r++) {
        const src_line *l = g->rows[r];
        if (count_numbers(pc, l) < 3)
            continue;
        int first = next_nonempty(l, 0);
        rows[nr].line = r;
        /* a source printed whole on its row (names a fund: 财政资金) or the total's label;
         * else the row's words before its numbers are a line of its wrapped source (区财) */
        const char *lead = first >= 0 && !is_number(pc, src_cell_text(l, first)) ? src_cell_text(l, first) : NULL;
        rows[nr].labelled = lead && (total_cell(pc, l) || (r == a && total) || names_source(pc, lead));
        rows[nr].lead = lead && !rows[nr].labelled ? first : -1;
        rows[nr].from = rows[nr].to = r;
        rows[nr].total = r == a ? total : NULL;
        rows[nr].tail = r == a ? tail : 0;
        /* in reading order, a fund's numbers wrapped below it are its own lines */
        for (size_t w = r + 1; pc->in_order && r > a && w < b && number_line(pc, g->rows[w]); w++)
            rows[nr].tail++;
        nr++;
    }
    /* the rows of words: between two rows of numbers, cut in the middle unless the upper
     * row is labelled; after the last, the last one's */
    for (int k = 0; k < nr; k++) {
        size_t prev = k > 0 ? rows[k - 1].line + 1 + rows[k - 1].tail : rows[k].line;
        size_t next = k + 1 < nr ? rows[k + 1].line : b;
        if (k > 0) {
            size_t gap = rows[k].line - prev;
            size_t cut = rows[k - 1].labelled ? prev : prev + gap / 2;
            rows[k - 1].to = cut;
            rows[k].from = cut;
        }
        rows[k].to = next;
    }
    halves_grid h;
    int want = nr > 0 ? count_numbers(pc, g->rows[rows[0].line]) : 0;
    want = want > FUND_NUMBERS ? want : FUND_NUMBERS; /* the total row's, a column more or not */
    bool patched = fund_number_halves(pc, rows, nr, want, &h);
    if (patched)
        pc->g = &h.g;
    for (int k = 0; k < nr; k++)
        if (k == 0 || !fund_numbers_below(pc, &rows[k], want))
            flat_fund(pc, &rows[k]);
    pc->g = g;
    halves_grid_free(&h);
    free(total);
    return b;
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

static bool level_label(const perf_ctx *pc, const char *t)
{
    return is_field(pc, "level1", t) || is_field(pc, "level2", t);
}

static void set_level(char **slot, const char *text)
{
    free(*slot);
    *slot = strdup(text);
}

/* One or two ideographs and nothing else: a unit printed apart from its number by
 * pdftotext (≥8 个). */
static bool unit_word(const char *t)
{
    size_t n = strlen(t);
    if (n != 3 && n != 6)
        return false;
    for (size_t k = 0; k < n; k += 3) {
        const unsigned char *u = (const unsigned char *)t + k;
        if (u[0] < 0xE4 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
            return false;
    }
    return true;
}

/* A Latin word pdftotext set apart from the ideographs after it (OA 办公系统): one word. */
static bool latin_before_han(const char *latin, const char *next)
{
    size_t letters = 0;
    while ((latin[letters] | 0x20) >= 'a' && (latin[letters] | 0x20) <= 'z')
        letters++;
    return letters > 0 && !latin[letters] && (unsigned char)next[0] >= 0xE4 &&
           (unsigned char)next[0] <= 0xE9;
}

static bool ends_digit(const char *t)
{
    size_t n = strlen(t);
    return n > 0 && t[n - 1] >= '0' && t[n - 1] <= '9';
}

/* Texts a and b, two words of a row, joined when the form prints them so as one cell
 * elsewhere or they spell one of its qualitative values (malloc'd), else NULL: no value or
 * number. */
static char *printed_whole(const perf_ctx *pc, const char *a, const char *b)
{
    if (looks_like_value(pc, a) || looks_like_value(pc, b) || level_label(pc, a) || level_label(pc, b))
        return NULL;
    size_t la = strlen(a), lb = strlen(b);
    char *both = NULL; /* or a qualitative value of the form's words whole (达成预期 目标) */
    if (asprintf(&both, "%s%s", a, b) >= 0 && is_field(pc, "qualitative_value", both))
        return both;
    free(both);
    for (size_t r = 0; r < pc->g->nrows; r++) {
        const src_line *l = pc->g->rows[r];
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (strlen(t) == la + lb && !strncmp(t, a, la) && !strcmp(t + la, b)) {
                char *j = NULL;
                return asprintf(&j, "%s%s", a, b) >= 0 ? j : NULL;
            }
        }
    }
    return NULL;
}

/* A value's unit set before it ("元≤150000": the unit wrapped under the value in its narrow
 * cell, which the text put on the value's line before it): the value with its unit after
 * it, malloc'd; NULL when t is no such value. */
static char *unit_before_value(const perf_ctx *pc, const char *t)
{
    char unit[4] = {0};
    if (strlen(t) < 4)
        return NULL;
    memcpy(unit, t, 3);
    if (!unit_word(unit) || !looks_like_value(pc, t + 3) || !ends_digit(t) || is_number(pc, t + 3))
        return NULL;
    char *v = NULL;
    return asprintf(&v, "%s%.3s", t + 3, t) >= 0 ? v : NULL;
}

/* An indicator row without its blank cells: after the name come the values, then the
 * weight and the score (the last two numbers), then a reason. The values fill the three
 * slots from the right: 实际完成值 is always printed, 年初指标值 often left blank. extra
 * (from the lines around a flattened row: cells printed wholly off it) go before the
 * weight. */
static void compact_values(perf_ctx *pc, const src_line *l, int from, xmlNodePtr ind,
                           char **extra, int nextra)
{
    const char *at[64];
    char *own[64];
    int n = 0, nown = 0;
    for (int c = from; c < l->ncells && n < 48; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        /* "≥8 个": a number's unit printed apart (never the weight or the score); "OA 办公
         * 系统服务": a Latin word apart from its ideographs */
        if (pc->compact && n > 0 && nown < 64 &&
            ((unit_word(t) && ends_digit(at[n - 1]) && !is_number(pc, at[n - 1])) ||
             latin_before_han(at[n - 1], t))) {
            char *j = NULL;
            if (asprintf(&j, "%s%s", at[n - 1], t) >= 0) {
                own[nown++] = j;
                at[n - 1] = j;
                continue;
            }
        }
        char *turned = pc->compact && nown < 64 ? unit_before_value(pc, t) : NULL;
        if (turned)
            t = own[nown++] = turned;
        /* "达成预期 指标": a value wrapped onto its line one blank apart, whole elsewhere in
         * the form (达成预期指标 in another row) */
        char *whole = pc->compact && n > 0 && nown < 64 ? printed_whole(pc, at[n - 1], t) : NULL;
        if (whole) {
            at[n - 1] = own[nown++] = whole;
            continue;
        }
        at[n++] = t;
    }
    int last = -1;
    for (int k = n - 1; k >= 0 && last < 0; k--)
        if (is_number(pc, at[k]))
            last = k;
    int first = last;
    if (last > 0 && is_number(pc, at[last - 1]))
        first = last - 1;
    if (nextra > 0 && first >= 0 && n + nextra <= 64) {
        memmove(at + first + nextra, at + first, (size_t)(n - first) * sizeof *at);
        for (int k = 0; k < nextra; k++)
            at[first + k] = extra[k];
        n += nextra;
        first += nextra;
        last += nextra;
    }
    int nvalues = first >= 0 ? first : n;
    if (first < 0 && n > 3) /* no weight: the cells after the values are a reason */
        nvalues = 3;
    static const char *const slots[] = {"initial", "adjusted", "actual"};
    int shown = nvalues < 3 ? nvalues : 3;
    for (int k = 0; k < shown; k++)
        xml_child(ind, slots[3 - shown + k], at[k]);
    for (int k = first; k >= 0 && k <= last; k++) {
        cell_value v = cell_parse(pc->vocab, at[k]);
        xml_child(ind, k == first ? "weight" : "score", v.canon);
    }
    int reason = last >= 0 ? last + 1 : nvalues;
    if (reason < n)
        xml_child(ind, "reason", at[reason]);
    if (first < 0 || first == last) /* the weight or the score not placed for sure */
        xml_set(ind, "certain", "false");
    for (int k = 0; k < nown; k++)
        free(own[k]);
}

static void indicator_row(perf_ctx *pc, const src_line *l, char **extra, int nextra)
{
    int name_at = -1;
    bool l2_here = false;
    char *split = NULL; /* a level's label cut in two words (数量指 标): joined */
    for (int c = 0; c < l->ncells && name_at < 0; c++, free(split), split = NULL) {
        const char *t = src_cell_text(l, c);
        if (!*t || is_field(pc, "indicators", t))
            continue;
        int n = next_nonempty(l, c + 1);
        if (n > c && !level_label(pc, t) && asprintf(&split, "%s%s", t, src_cell_text(l, n)) >= 0 &&
            level_label(pc, split)) {
            t = split;
            c = n;
        }
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
    char *latin_name = NULL; /* OA 办公系统服务 */
    int after = next_nonempty(l, name_at + 1);
    if (pc->compact && after > name_at && latin_before_han(name, src_cell_text(l, after)) &&
        asprintf(&latin_name, "%s%s", name, src_cell_text(l, after)) >= 0) {
        name = latin_name;
        values_at = after + 1;
    }
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
    free(latin_name);
    if (pc->compact) {
        compact_values(pc, l, values_at, ind, extra, nextra);
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
    xmlNodePtr a = xmlNewDocNode(pc->doc, pc->ns, BAD_CAST "analysis", NULL);
    xmlNodeAddContent(a, BAD_CAST(n == 2 ? src_cell_text(l, parts[1]) : ""));
    xml_set(a, "topic", src_cell_text(l, parts[0]));
    xml_set_long(a, "line", l->no);
    pc->analysis[pc->nanalysis++] = a;
}

/* ---- the analysis block of a compact form ----
 * 项目绩效分析's topics (项目实施和预算执行情况 …) and their texts wrap over lines, each
 * topic centred on its text: in a flattened text a topic's lines stand among its text's
 * (项目实际支出 500000 元,预算 / 项目实施和预算 执行率 100%,… / 执行情况 100%,…), in
 * reading order a topic's lines come before its text's, in a laid-out text the rows are
 * cut at the topics but a text's first line may go with the 总分 row. The block is read
 * as fragments: the topics are the runs of a row's first fragment that spell one (the
 * definition's analysis_topic labels), the rest is text, each row of it going to the
 * topic it is centred with (in reading order: to the topic before it). */

typedef struct an_frag {
    size_t row; /* its grid row (not its line: a workbook numbers the rows afresh) */
    const char *text;
    int topic; /* -2: a label of the block; -1: text; else the topic it spells */
} an_frag;

/* Does the text begin (prefix) or spell (whole) one of the field's labels? */
static bool label_prefix(const perf_ctx *pc, const char *field, const char *text, bool whole)
{
    const form_field *f;
    const char *k = field_key(pc, field, text, &f);
    if (!k || (!whole && utf8_chars(k, strlen(k)) < 2))
        return false;
    size_t n = strlen(k);
    for (size_t i = 0; i < f->labels.count; i++)
        if (whole ? !strcmp(f->labels.keys[i], k) : !strncmp(f->labels.keys[i], k, n))
            return true;
    return false;
}

/* The first fragment of fr[i]'s row not yet taken, or -1. */
static int row_first_free(const an_frag *fr, int nf, int i)
{
    int k = i;
    while (k > 0 && fr[k - 1].row == fr[i].row)
        k--;
    for (; k < nf && fr[k].row == fr[i].row; k++)
        if (fr[k].topic == -1)
            return k;
    return -1;
}

/* From fr[i], the label of the field the first free fragments of its row and the rows
 * below spell (a row whose first does not go on is passed, two at most): marks them
 * `mark` and returns how many, 0 when they spell none. */
static int stacked_label(const perf_ctx *pc, an_frag *fr, int nf, int i, const char *field, int mark)
{
    if (row_first_free(fr, nf, i) != i || !label_prefix(pc, field, fr[i].text, false))
        return 0;
    int idx[8] = {i}, n = 1, passed = 0;
    strbuf cat;
    sb_init(&cat);
    sb_adds(&cat, fr[i].text);
    int whole = label_prefix(pc, field, cat.data, true) ? 1 : 0; /* the longest label's pieces */
    size_t seen = fr[i].row; /* the last row whose first free fragment was tried */
    for (int j = i + 1; j < nf && n < 8 && passed <= 2; j++) {
        if (fr[j].row == seen || row_first_free(fr, nf, j) != j)
            continue;
        seen = fr[j].row;
        size_t len = cat.len;
        sb_adds(&cat, fr[j].text);
        if (label_prefix(pc, field, cat.data, false)) {
            idx[n++] = j;
            if (label_prefix(pc, field, cat.data, true))
                whole = n; /* 满意度情况 / 及分析: the longer label */
        } else if (whole) {
            break;
        } else {
            cat.len = len;
            cat.data[len] = '\0';
            passed++;
        }
    }
    sb_free(&cat);
    for (int k = 0; k < whole; k++)
        fr[idx[k]].topic = mark;
    return whole;
}

/* Which topic each text row goes to, by centring: a row between topic k's lines and topic
 * k+1's stays k's while it brings k's text nearer to centred on k's lines (ties: k+1's). */
static void centre_texts(const an_frag *fr, int nf, const size_t *top, const size_t *bottom, int nt,
                         int *owner)
{
    size_t start = SIZE_MAX, last = 0; /* the current topic's first and last text rows */
    int k = 0;
    for (int i = 0; i < nf; i++) {
        if (fr[i].topic != -1)
            continue;
        size_t y = fr[i].row;
        while (k + 1 < nt && y >= top[k + 1])
            k++, start = SIZE_MAX;
        if (k + 1 < nt && y > bottom[k] && start != SIZE_MAX && y != last) {
            long want = (long)(top[k] + bottom[k]);
            if (labs((long)(start + y) - want) >= labs((long)(start + last) - want))
                k++, start = SIZE_MAX;
        }
        if (start == SIZE_MAX)
            start = y;
        last = y;
        owner[i] = k;
    }
}

/* Does the text begin with one of the field's labels (and go on)? */
static bool begins_label(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = field_key(pc, field, text, &f);
    for (size_t i = 0; k && i < f->labels.count; i++)
        if (strlen(f->labels.keys[i]) < strlen(k) && str_starts(k, f->labels.keys[i]))
            return true;
    return false;
}

/* The analysis block of a compact form from its 总分 row r (its label the first skip
 * cells, its score and grade down to row used): replaces the rows read one by one when it finds two topics or more, or one
 * under the block's label. */
static bool compact_analysis(perf_ctx *pc, size_t r, int skip, size_t used)
{
    const table_grid *g = pc->g;
    int cap = 0, nf = 0;
    an_frag *fr = NULL;
    for (size_t k = r; k < g->nrows; k++) {
        const src_line *l = g->rows[k];
        int first = next_nonempty(l, 0);
        if (first >= 0 && is_field(pc, "remark", src_cell_text(l, first)))
            break;
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            /* the 总分 rows' own cells: its label, score and grade */
            if (!*t || (k <= used && (is_field(pc, "total_score", t) || is_number(pc, t) ||
                                      is_field(pc, "grade", t) || (k == r && c < first + skip))))
                continue;
            if (nf == cap) {
                cap = cap ? cap * 2 : 64;
                an_frag *m = realloc(fr, (size_t)cap * sizeof *fr);
                if (!m) {
                    free(fr);
                    return false;
                }
                fr = m;
            }
            fr[nf++] = (an_frag){k, t, -1};
        }
    }
    for (int i = 0; i < nf; i++)
        if (is_field(pc, "analysis", fr[i].text))
            fr[i].topic = -2;
    for (int i = 0; i < nf; i++)
        if (fr[i].topic == -1 && stacked_label(pc, fr, nf, i, "analysis", -2))
            break;
    size_t top[16], bottom[16];
    int nt = 0, at[16];
    for (int i = 0; i < nf && nt < 16; i++) {
        if (fr[i].topic != -1 || row_first_free(fr, nf, i) != i)
            continue;
        bool beside = i + 1 < nf && fr[i + 1].row == fr[i].row;
        /* a laid-out row's topic cell may hold two topics (主要经验做法项目管理中…) */
        if (stacked_label(pc, fr, nf, i, "analysis_topic", nt) ||
            (beside && begins_label(pc, "analysis_topic", fr[i].text) && (fr[i].topic = nt, true))) {
            at[nt] = i;
            top[nt] = fr[i].row;
            bottom[nt] = fr[i].row;
            for (int j = i; j < nf; j++)
                if (fr[j].topic == nt)
                    bottom[nt] = fr[j].row;
            nt++;
        }
    }
    bool labelled = false; /* the block's label (项目绩效分析) was read */
    for (int i = 0; i < nf; i++)
        labelled |= fr[i].topic == -2;
    if (nt < (labelled ? 1 : 2)) {
        free(fr);
        return false;
    }
    int *owner = calloc((size_t)nf, sizeof *owner);
    if (!owner) {
        free(fr);
        return false;
    }
    if (pc->in_order) {
        int k = 0;
        for (int i = 0; i < nf; i++) {
            while (k + 1 < nt && i > at[k + 1])
                k++;
            owner[i] = k;
        }
    } else {
        centre_texts(fr, nf, top, bottom, nt, owner);
    }
    for (int k = 0; k < pc->nanalysis; k++)
        xmlFreeNode(pc->analysis[k]);
    pc->nanalysis = 0;
    for (int k = 0; k < nt; k++) {
        strbuf topic, text;
        sb_init(&topic);
        sb_init(&text);
        for (int i = 0; i < nf; i++) {
            if (fr[i].topic == k) {
                sb_adds(&topic, fr[i].text);
            } else if (fr[i].topic == -1 && owner[i] == k) {
                if (text.len)
                    sb_adds(&text, " ");
                sb_adds(&text, fr[i].text);
            }
        }
        char *un = text_unwrap(text.len ? text.data : "");
        xmlNodePtr a = xmlNewDocNode(pc->doc, pc->ns, BAD_CAST "analysis", NULL);
        xmlNodeAddContent(a, BAD_CAST(un ? un : ""));
        xml_set(a, "topic", topic.data);
        xml_set_long(a, "line", g->rows[top[k]]->no);
        pc->analysis[pc->nanalysis++] = a;
        free(un);
        sb_free(&topic);
        sb_free(&text);
    }
    free(owner);
    free(fr);
    return true;
}

/* ---- indicator rows of a flattened form ----
 * A row of an indicator ends in its weight and score; a cell of two lines centred on it
 * stands half on the line above, half on the line below (达成预期指 / … 10 10 / 标). */

static int words(const src_line *l, int *at, int max)
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
static bool scored_row(const perf_ctx *pc, const src_line *l)
{
    int at[3];
    int n = words(l, at, 0);
    if (n < 3)
        return false;
    int k = 0;
    for (int c = l->ncells - 1; c >= 0 && k < 2; c--) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (!is_number(pc, t))
            return false;
        k++;
    }
    return k == 2;
}

/* Does the line hold one to max words (max ≤ 8), each of which passes the test? */
static bool all_words(const perf_ctx *pc, const src_line *l, int max,
                      bool (*test)(const perf_ctx *, const char *))
{
    int at[8];
    int n = words(l, at, 8);
    if (n < 1 || n > max)
        return false;
    for (int k = 0; k < n; k++)
        if (!test(pc, src_cell_text(l, at[k])))
            return false;
    return true;
}

static bool fragment_word(const perf_ctx *pc, const char *t)
{
    return !is_number(pc, t) && !is_field(pc, "level1", t) && !is_field(pc, "level2", t) &&
           !is_field(pc, "indicators", t) && !starts_field(pc, "total_score", t);
}

static int glued_words(const src_line *l, char **out, int max);
static void free_words(char **w, int n);

/* A line of words alone (no number, no label of a level) that may be half of a cell; a
 * number's end and its unit printed apart are one word (00 元 00 元). */
static bool fragment_row(const perf_ctx *pc, const src_line *l)
{
    char *w[8];
    int n = glued_words(l, w, 8);
    bool yes = n >= 1 && n <= 4;
    for (int k = 0; yes && k < n; k++)
        yes = fragment_word(pc, w[k]);
    free_words(w, n);
    return yes;
}

/* Are rows r-1 and r+1 the same words under two scored rows (… 稳定 达成预期 10 10 / 指标 /
 * … 及时 达成预期 10 10 / 指标)? Then each is the tail of the row above it, as rows of one
 * shape wrap alike: as halves around row r they would make cells of a word twice. */
static bool repeated_tails(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    if (r < 2 || r + 1 >= g->nrows || !scored_row(pc, g->rows[r - 2]))
        return false;
    char *a[8], *b[8];
    int na = glued_words(g->rows[r - 1], a, 8), nb = glued_words(g->rows[r + 1], b, 8);
    bool same = na == nb && na > 0;
    for (int k = 0; same && k < na; k++)
        same = !strcmp(a[k], b[k]) && !looks_like_value(pc, a[k]);
    free_words(a, na);
    free_words(b, nb);
    return same;
}

/* Are rows r-1 and r+1 the halves of cells of row r? */
static bool centred_above(const perf_ctx *pc, size_t r);

static bool halves_around(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    if (r == 0 || r + 1 >= g->nrows || !scored_row(pc, g->rows[r]))
        return false;
    const src_line *up = g->rows[r - 1], *down = g->rows[r + 1];
    char *a[8], *b[8];
    int na = glued_words(up, a, 8), nb = glued_words(down, b, 8);
    free_words(a, na);
    free_words(b, nb);
    return fragment_row(pc, up) && fragment_row(pc, down) && na == nb && !repeated_tails(pc, r);
}

static bool header_word(const perf_ctx *pc, const char *t)
{
    if (is_field(pc, "indicator_columns", t))
        return true;
    return utf8_chars(t, strlen(t)) <= 4 && !is_number(pc, t) && !looks_like_value(pc, t) &&
           !is_field(pc, "level1", t) && !is_field(pc, "level2", t);
}

/* Is every word of the line a piece of a label of the indicators' header (进措 / 施)? */
static bool header_pieces(const perf_ctx *pc, const src_line *l)
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
            if ((k = field_key(pc, fields[i], t, &f)) != NULL)
                for (size_t j = 0; j < f->labels.count && !piece; j++)
                    piece = strstr(f->labels.keys[j], k) != NULL;
        all = piece;
    }
    return all;
}

/* A flattened line of the indicators' header wrapped below it (标值 值 情况说明 及改 / 进措
 * / 施): a few short words, no number, no level's label. */
static bool header_leftover(const perf_ctx *pc, const src_line *l)
{
    if (all_words(pc, l, 8, header_word))
        return true;
    /* a header of eleven columns wraps as many words (指标 标 标 值 成值 情况说明 值 分 及改) */
    int at[16];
    int n = words(l, at, 16);
    if (n <= 8 || n > 16)
        return false;
    for (int k = 0; k < n; k++) {
        const char *t = src_cell_text(l, at[k]);
        if (!header_word(pc, t))
            return false;
    }
    return true;
}



/* A line's words, a unit printed apart joined to the number before it (00 元). */
static int glued_words(const src_line *l, char **out, int max)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (n > 0 && unit_word(t) && ends_digit(out[n - 1])) {
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

static void free_words(char **w, int n)
{
    for (int k = 0; k < n; k++)
        free(w[k]);
}

/* Lines a and b (a above b) as halves of the same cells: their words paired in order. */
static int paired(const perf_ctx *pc, size_t a, size_t b, char **out, int max)
{
    const table_grid *g = pc->g;
    if (!fragment_row(pc, g->rows[a]) || !fragment_row(pc, g->rows[b]))
        return 0;
    char *u[8], *d[8];
    int nu = glued_words(g->rows[a], u, 8), nd = glued_words(g->rows[b], d, 8), n = 0;
    if (nu == nd && nu <= max)
        for (int k = 0; k < nu; k++)
            if (asprintf(&out[n], "%s%s", u[k], d[k]) >= 0)
                n++;
    free_words(u, nu);
    free_words(d, nd);
    return n;
}

/* An indicator row made of cells gathered from the lines around row A, read at A. */
static bool indicator_cells(perf_ctx *pc, const src_line *A, const char *const *cells, int nc)
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
    indicator_row(pc, &fake, NULL, 0);
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
static bool value_tail(const char *t)
{
    return unit_word(t) || (t[0] >= '0' && t[0] <= '9');
}

/* Is word a of a flattened row completed by word b wrapped below it into a level's label
 * (质量指 / 标)? */
static bool completes_label(const perf_ctx *pc, const char *a, const char *b)
{
    char *both = NULL;
    if (is_field(pc, "level1", a) || is_field(pc, "level2", a) || asprintf(&both, "%s%s", a, b) < 0)
        return false;
    bool yes = is_field(pc, "level1", both) || is_field(pc, "level2", both);
    free(both);
    return yes;
}

/* Is level label a, with word b wrapped below it, a longer label (社会效益 / 指标: the
 * 一级 label 社会效益指标, a 二级 label without its last word)? */
static bool grows_label(const perf_ctx *pc, const char *a, const char *b)
{
    char *both = NULL;
    if (!level_label(pc, a) || asprintf(&both, "%s%s", a, b) < 0)
        return false;
    bool yes = is_field(pc, "level1", both) || is_field(pc, "level2", both);
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
static bool own_row_at(const perf_ctx *pc, size_t i);

static int tops_above(const perf_ctx *pc, size_t r, char **out, int max, size_t *below)
{
    const table_grid *g = pc->g;
    *below = 0;
    if (r == 0)
        return 0;
    char *u[8], *a[48], *b[8];
    int at[8], nb = 0;
    int nu = glued_words(g->rows[r - 1], u, 8), na = glued_words(g->rows[r], a, 48), n = 0;
    int lead = 0;
    while (lead < nu && (is_field(pc, "level1", u[lead]) || is_field(pc, "level2", u[lead])))
        lead++;
    int np = nu - lead;
    bool ok = np >= 1 && np <= na - 2 && lead + na <= max && words(g->rows[r - 1], at, 8) == nu,
         label = false;
    char *cell[8];
    int ncell = 0;
    for (int k = 0; ok && k < np; k++) {
        ok = fragment_word(pc, u[lead + k]) && !looks_like_value(pc, u[lead + k]) &&
             fragment_word(pc, a[k]) && !looks_like_value(pc, a[k]) && /* no whole label */
             asprintf(&cell[ncell], "%s%s", u[lead + k], a[k]) >= 0;
        ncell += ok;
        label |= ok && completes_label(pc, u[lead + k], a[k]);
    }
    if (ok && r + 1 < g->nrows && !scored_row(pc, g->rows[r + 1]) &&
        fragment_row(pc, g->rows[r + 1]) && (nb = glued_words(g->rows[r + 1], b, 8)) <= np) {
        int k = 0, to[8]; /* the cells' third lines, in order, to cells no whole label yet */
        bool label3 = false;
        for (int c = 0; c < ncell && k < nb; c++)
            if (!is_field(pc, "level1", cell[c]) && !is_field(pc, "level2", cell[c])) {
                label3 |= completes_label(pc, cell[c], b[k]);
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
        bool name3 = !label3 && nb == 1 && k == 1 && label && own_row_at(pc, r + 2);
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
                    : k < nu ? (out[n] = strdup(cell[k - lead])) != NULL
                             : (out[n] = strdup(a[k - lead])) != NULL;
        n += made;
    }
    free_words(cell, ncell);
    free_words(u, nu);
    free_words(a, na);
    free_words(b, nb);
    return n;
}

static int off_shape(const perf_ctx *pc, size_t r, size_t from)
{
    const table_grid *g = pc->g;
    if (r >= g->nrows || !scored_row(pc, g->rows[r]))
        return OFF_NONE;
    int a0 = next_nonempty(g->rows[r], 0), n, shape = OFF_NONE;
    bool nameless = a0 >= 0 && looks_like_value(pc, src_cell_text(g->rows[r], a0));
    char *w[8], *t[48];
    size_t below;
    /* first: the tops complete a level's label, which halves would not */
    if (r >= from + 1 && (n = tops_above(pc, r, t, 48, &below)) > 0) {
        free_words(t, n);
        return OFF_TOPS;
    }
    /* a row without its levels' labels under the two lines above it that pair into labels
     * only (满意度指 服务对象满 / 标 意度 / 参加培训人员 ≥% … 10 10) */
    if (r >= from + 2 && a0 >= 0 && !level_label(pc, src_cell_text(g->rows[r], a0)) &&
        (n = paired(pc, r - 2, r - 1, w, 8)) > 0) {
        bool labels = true;
        for (int k = 0; k < n && labels; k++)
            labels = level_label(pc, w[k]);
        free_words(w, n);
        if (labels)
            return OFF_ABOVE;
    }
    /* a nameless row leaves the line below it to the row below that holds it as its top
     * half (系统(硬件)兼容 / 质量指标 / 性 / ≤% … 5 5 / 达成预期指 / 网络稳定性 稳定 5 5 / 标) */
    bool below_takes = nameless && r + 2 < g->nrows && halves_around(pc, r + 2);
    if (r >= from + 1 && r + 1 < g->nrows && !scored_row(pc, g->rows[r + 1]) && !below_takes &&
        (n = paired(pc, r - 1, r + 1, w, 8)) > 0)
        shape = OFF_HALVES;
    else if ((nameless || (r >= 2 && all_words(pc, g->rows[r - 2], 8, level_label))) &&
             r >= from + 3 && !scored_row(pc, g->rows[r - 2]) &&
             !fragment_row(pc, g->rows[r - 2]) && (n = paired(pc, r - 3, r - 1, w, 8)) > 0)
        shape = OFF_LABELS;
    else if (nameless && r >= from + 2 && (n = paired(pc, r - 2, r - 1, w, 8)) > 0)
        shape = OFF_ABOVE;
    if (shape != OFF_NONE)
        free_words(w, n);
    return shape;
}

/* Does a scored row below row r hold it as its cells: the row right below as its halves
 * or its cells' tops, or a nameless row a line or three below (满意度指 服务对象满意 / 标
 * 度 / ≥% … 10 10)? */
static bool taken_below(const perf_ctx *pc, size_t r)
{
    int below1 = off_shape(pc, r + 1, 0), below2 = off_shape(pc, r + 2, 0);
    return halves_around(pc, r + 1) || below1 == OFF_ABOVE || below1 == OFF_LABELS || below1 == OFF_TOPS ||
           below2 == OFF_ABOVE || below2 == OFF_LABELS || off_shape(pc, r + 3, 0) == OFF_LABELS;
}

/* Is row r a fragment taken by the scored row above or below it? */
static bool stack_top(const perf_ctx *pc, size_t r);
static bool aligned_top(const perf_ctx *pc, size_t r);
static bool thin_top(const perf_ctx *pc, size_t r);

static bool paired_fragment(const perf_ctx *pc, size_t r)
{
    return (fragment_row(pc, pc->g->rows[r]) &&
            ((r > 0 && halves_around(pc, r - 1)) || taken_below(pc, r))) ||
           off_shape(pc, r + 1, 0) == OFF_TOPS || /* its words may be labels too */
           stack_top(pc, r) || aligned_top(pc, r) || thin_top(pc, r);
}

static bool sign_only(const perf_ctx *pc, const char *t);
static bool cut_value(const perf_ctx *pc, const char *t);

/* Where values wrapped around a row go among its values w[from, to), whose lines do not say
 * their columns: before the first that states a number, after those that state none (≥%,
 * ≤元). A value wraps in a narrow column, and in a table laid out by its contents 实际完成值's
 * is the widest (its qualitative values, 达成预期指标, are the longest): ≥93 / … ≥% ≥95% 10 10
 * / % is ≥%, ≥93%, ≥95%. Still a guess: the caller marks the row uncertain when the values
 * could trade places. */
static long text_width(const char *t);
static bool completes_known(const perf_ctx *pc, const char *c, const char *d);
static bool name_piece_line(const perf_ctx *pc, const src_line *l);
static bool completes_to_other(char *const *w, int n, int j, const char *t);
static bool target_beside(const perf_ctx *pc, char *const *w, int from, int put, int n, int other);
static bool read_already(const perf_ctx *pc, const char *text);
static int wrapped_values_at(const perf_ctx *pc, char *const *w, int from, int to)
{
    for (int k = from; k < to; k++)
        if (looks_like_value(pc, w[k]) && strpbrk(w[k], "0123456789"))
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
        if (up[i] && (!looks_like_value(pc, up[i]) || is_number(pc, up[i])))
            return false;
    for (int k = from; k < to; k++) {
        if (sign_only(pc, w[k]) || (looks_like_value(pc, w[k]) && !is_number(pc, w[k]) &&
                                    strpbrk(w[k], "0123456789")))
            return false;
        if (plain < 0 && is_number(pc, w[k]))
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
    if (looks_like_value(pc, both) || is_field(pc, "qualitative_value", both) ||
        read_already(pc, both) || strpbrk(both, "0123456789"))
        return false;
    char *u[2], *d[2];
    int nu = glued_words(g->rows[r - 1], u, 2), nd = glued_words(g->rows[r + 1], d, 2);
    bool yes = nu == 1 && nd == 1 && text_width(u[0]) == text_width(name) &&
               text_width(d[0]) <= text_width(u[0]) && !looks_like_value(pc, name);
    free_words(u, nu);
    free_words(d, nd);
    return yes;
}

static bool flat_indicator(perf_ctx *pc, size_t r, size_t from, size_t *last)
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
        non = glued_words(g->rows[r - 2], on, 16);
        break;
    case OFF_ABOVE: non = paired(pc, r - 2, r - 1, on, 8); break;
    case OFF_TOPS: {
        char *t[48];
        size_t below;
        int nt = tops_above(pc, r, t, 48, &below);
        bool ok = indicator_cells(pc, g->rows[r], (const char *const *)t, nt);
        free_words(t, nt);
        *last = r + below;
        return ok;
    }
    default: return false;
    }
    const src_line *A = g->rows[r];
    char *rest[48];
    int nrest = glued_words(A, rest, 48);
    /* on: the labels and words before the row's own; then the row's words */
    int k0 = 0;
    for (; k0 < nrest && non < 64; k0++)
        on[non++] = rest[k0];
    free_words(rest + k0, nrest - k0);
    /* place the cells off the row */
    int nlabels = 0;
    while (nlabels < non && (is_field(pc, "level1", on[nlabels]) || is_field(pc, "level2", on[nlabels])))
        nlabels++;
    bool no_name = shape == OFF_LABELS || nlabels >= non - 2 || looks_like_value(pc, on[nlabels]);
    /* a row of every cell (name, three values, weight, score) has no room for one more: its
     * halves around the name are the name's first and last lines (参加培 / … 训(会 … / 议)) */
    if (shape == OFF_HALVES && noff == 1 && !no_name && non - nlabels == 6 &&
        !looks_like_value(pc, off[0]) && !is_field(pc, "level1", off[0]) &&
        !is_field(pc, "level2", off[0])) {
        char *u[1], *d[1], *name = NULL;
        int nu = glued_words(g->rows[r - 1], u, 1), nd = glued_words(g->rows[r + 1], d, 1);
        if (nu == 1 && nd == 1 && asprintf(&name, "%s%s%s", u[0], on[nlabels], d[0]) >= 0) {
            free(on[nlabels]);
            on[nlabels] = name;
            free_words(off, noff);
            noff = 0;
        }
        free_words(u, nu);
        free_words(d, nd);
    }
    const char *cells[96];
    int nc = 0, name_off = -1, ntext = 0;
    bool label_off[16]; /* a level's label printed off the row (满意度指 / … / 标): a label */
    bool level1_off[16]; /* … of the 一级 only */
    for (int k = 0; k < noff; k++) {
        label_off[k] = is_field(pc, "level1", off[k]) || is_field(pc, "level2", off[k]);
        level1_off[k] = label_off[k] && !is_field(pc, "level2", off[k]);
        ntext += !looks_like_value(pc, off[k]) && !label_off[k];
    }
    for (int k = 0; k < noff && name_off < 0; k++)
        if (!looks_like_value(pc, off[k]) && !label_off[k] && (ntext >= 2 || no_name))
            name_off = k;
    /* a row whose first word is a qualitative value (及时) between the halves of a text that
     * is none: the halves are its name (业务处理 / 时效指标 及时 达成预期目标 10 10 / 及时性),
     * the word too when it fills the name's line as its top half does (a line of a cell but
     * its last is full: 培训 / 时效指标 及时 及时 达成预期目标 10 10 / 性) */
    for (int k = 0; k < noff && name_off < 0 && shape == OFF_HALVES && nlabels < non - 2 &&
                    is_field(pc, "qualitative_value", on[nlabels]);
         k++)
        if (!looks_like_value(pc, off[k]) && !label_off[k] && !is_field(pc, "qualitative_value", off[k]))
            name_off = k;
    if (name_off < 0 && noff == 1 && shape == OFF_HALVES && !no_name && !label_off[0] &&
        non - 2 - nlabels - 1 >= 2 && name_around(pc, r, on[nlabels], off[0]))
        name_off = 0;
    if (name_off >= 0 && noff == 1 && shape == OFF_HALVES && !no_name) {
        char *u[1], *d[1], *name = NULL;
        int nu = glued_words(g->rows[r - 1], u, 1), nd = glued_words(g->rows[r + 1], d, 1);
        long top = nu == 1 ? (long)utf8_chars(u[0], strlen(u[0])) : 0;
        if (nu == 1 && nd == 1 && top == (long)utf8_chars(on[nlabels], strlen(on[nlabels])) &&
            (long)utf8_chars(d[0], strlen(d[0])) <= top &&
            asprintf(&name, "%s%s%s", u[0], on[nlabels], d[0]) >= 0) {
            free(on[nlabels]);
            on[nlabels] = name;
            free_words(off, noff);
            noff = 0;
            name_off = -1;
        }
        free_words(u, nu);
        free_words(d, nd);
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
        if (k != name_off && !label_off[k] && looks_like_value(pc, off[k]))
            vals[nv++] = off[k];
    bool before_plain = nv > 0 && name_off < 0 && !no_name &&
                        comparisons_before_plain(pc, vals, nv, on, nlabels + 1, non - 2, &put);
    /* values stating numbers, the name among them or off the row: by wrapped_values_at */
    bool wrapped = false;
    if (!before_plain && nv > 0 && (name_off >= 0 || !no_name) && shape == OFF_HALVES) {
        bool stated = true;
        for (int k = 0; k < nv; k++)
            stated = stated && strpbrk(vals[k], "0123456789") && !sign_only(pc, vals[k]);
        int vfrom = name_off >= 0 ? nlabels : nlabels + 1;
        int at = stated ? wrapped_values_at(pc, on, vfrom, non - 2) : put;
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
    before_plain = before_plain && !target_beside(pc, (char *const *)cells, 0, vat, nv, vat + nv);
    for (int k = 0; k < noff; k++)
        if (k != name_off && !label_off[k] && !looks_like_value(pc, off[k]))
            cells[nc++] = off[k];
    for (int k = non - 2 < 0 ? 0 : non - 2; k < non; k++)
        cells[nc++] = on[k];
    bool ok = indicator_cells(pc, A, cells, nc);
    if (ok && (before_plain || wrapped) && pc->indicators && xmlLastElementChild(pc->indicators))
        xml_set(xmlLastElementChild(pc->indicators), "certain", "false"); /* by a guess */
    free_words(on, non);
    free_words(off, noff);
    *last = used;
    return ok;
}


/* A cell of a row that a text wrapped below it may end: no value, number or level label. */
static bool text_cell(const perf_ctx *pc, const char *t)
{
    return !looks_like_value(pc, t) && !strpbrk(t, "0123456789") && !level_label(pc, t);
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
        if (at[k] < 0 && !looks_like_value(pc, bw[k]))
            tail[nt++] = k;
    for (int j = from; j < end && nc < 48; j++)
        if (owner[j] < 0 && text_cell(pc, aw[j]))
            cand[nc++] = j;
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
        cut = looks_like_value(pc, aw[j]) && !is_number(pc, aw[j]) && ends_digit(aw[j]);
    for (int k = 0; k < nb && !rest; k++)
        rest = bw[k][0] >= '0' && bw[k][0] <= '9' && !ends_digit(bw[k]);
    return cut && rest;
}

/* Does word j of words w[0, n) with tail t joined equal another of them (≥100篇 + 幅 =
 * ≥100篇幅: a row's adjusted and actual values are often the same)? */
static bool completes_to_other(char *const *w, int n, int j, const char *t)
{
    size_t lj = strlen(w[j]), lt = strlen(t);
    for (int i = 0; i < n; i++)
        if (i != j && strlen(w[i]) == lj + lt && !strncmp(w[i], w[j], lj) && !strcmp(w[i] + lj, t))
            return true;
    return false;
}

/* Does line i begin a row of its own: a level's label, a scored row with its name (no
 * halves around it), the top line of the next row's cells, or the form's end? */
static bool own_row_at(const perf_ctx *pc, size_t i)
{
    const table_grid *g = pc->g;
    if (i >= g->nrows)
        return true;
    const src_line *l = g->rows[i];
    int a0 = next_nonempty(l, 0);
    if (a0 < 0)
        return false;
    const char *t = src_cell_text(l, a0);
    if (is_field(pc, "total_score", t) || is_field2(pc, "total_score", l, a0) || level_label(pc, t))
        return true;
    if (scored_row(pc, l))
        return !looks_like_value(pc, t) && !halves_around(pc, i);
    return fragment_row(pc, l) && i + 1 < g->nrows && scored_row(pc, g->rows[i + 1]);
}

/* Do the lines of fragments from line i on sit around the next scored row as a centred
 * cell's (培训 / 人员 / 质量指标 ≥% … 10 10 / 合格 / 率; 设备 / ≥30000 / 成本指标 维护、保 … /
 * 元 / 养费): two or more above it, as many or more below? */
static bool centred_from(const perf_ctx *pc, size_t i)
{
    const table_grid *g = pc->g;
    size_t s = i, below = 0;
    while (s < g->nrows && !scored_row(pc, g->rows[s]) && fragment_row(pc, g->rows[s]))
        s++;
    if (s >= g->nrows || s - i < 2 || !scored_row(pc, g->rows[s]))
        return false;
    while (s + 1 + below < g->nrows && !scored_row(pc, g->rows[s + 1 + below]) &&
           fragment_row(pc, g->rows[s + 1 + below]))
        below++;
    return below >= s - i;
}

/* May the first text under scored row r that no value of it takes end the row's name
 * (设备 ≤元 ≤30000元 ≤30000 10 10 / 购置 元)? Only when no row below needs the line: the
 * line after it begins a row of its own. */
static bool name_takes_tail(const perf_ctx *pc, size_t r)
{
    return r + 1 < pc->g->nrows && !taken_below(pc, r + 1) && own_row_at(pc, r + 2) &&
           !centred_from(pc, r + 1);
}

/* Does tail k of bw make a value the definitions know with a word of aw [0, end) that no
 * later tail completes as well (… 达成预期 30 30 / 指标: the value's end, not a label's)? */
static bool tail_wanted(const perf_ctx *pc, char *const *aw, int end, char *const *bw, int nb, int k)
{
    for (int j = 0; j < end; j++) {
        if (!completes_known(pc, aw[j], bw[k]))
            continue;
        bool later = false;
        for (int m = k + 1; m < nb && !later; m++)
            later = completes_known(pc, aw[j], bw[m]);
        if (!later)
            return true;
    }
    return false;
}

static bool tops_completed(const perf_ctx *pc, size_t r);

/* Scored row r whose cells wrapped below it, their tops on the row (质量指 视频画面清晰度
 * 清晰 达成预期 10 10 / 标 指标; 成本指标 网络费 ≤元 ≤4005 ≤4005 5 5 / 00元 00元): each word
 * of row r + 1 ends a cell of row r, a level's label first, then the values cut before
 * their last digits or unit, in order, then texts of the values (not the name: a lone
 * word under a row may begin the next one) from the right. Not when row r + 1 may be the
 * top half of a row below it, unless it ends a label of row r. */
static bool flat_tails_below(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || !scored_row(pc, g->rows[r]) || scored_row(pc, g->rows[r + 1]) ||
        !fragment_row(pc, g->rows[r + 1]) || /* 总 分 100 优: the next row */
        is_field2(pc, "total_score", g->rows[r + 1], next_nonempty(g->rows[r + 1], 0)))
        return false;
    char *aw[48], *bw[8];
    int na = glued_words(g->rows[r], aw, 48), nb = glued_words(g->rows[r + 1], bw, 8);
    int at[8], owner[48], nums = 0, end = na;
    for (int j = 0; j < na; j++)
        owner[j] = -1;
    for (int j = na - 1; j >= 0 && nums < 2; j--) /* the weight and the score: no cells to end */
        if (is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    bool ok = nb > 0 && nums == 2;
    int labels = 0;
    for (int k = 0; ok && k < nb; k++) { /* labels */
        at[k] = -1;
        for (int j = 0; j < end && at[k] < 0; j++)
            if (owner[j] < 0 && (completes_label(pc, aw[j], bw[k]) ||
                                 (j == 0 && grows_label(pc, aw[j], bw[k]) &&
                                  !tail_wanted(pc, aw, end, bw, nb, k))))
                at[k] = j;
        if (at[k] >= 0)
            owner[at[k]] = k;
        labels += at[k] >= 0;
    }
    /* the line may be the top half of the row below: only a label it ends, or a number's
     * rest with its unit that a value cut on the row awaits (≤3000 / 00元), says it is not */
    bool digit_rest = ends_cut_value(pc, aw, end, bw, nb);
    ok = ok && (labels > 0 || digit_rest || !taken_below(pc, r + 1)) && !tops_completed(pc, r + 1);
    /* an end that makes a cell equal another of the row (≥100篇 / 幅 beside ≥100篇幅; OA办公系
     * / 统服务 beside OA办公系统服务): a row's values, or its names, often repeat */
    for (int k = 0; ok && k < nb; k++)
        if (at[k] < 0)
            for (int j = 0; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && !is_number(pc, aw[j]) && !level_label(pc, aw[j]) &&
                    (looks_like_value(pc, aw[j]) ? unit_word(bw[k]) : !looks_like_value(pc, bw[k])) &&
                    completes_to_other(aw, end, j, bw[k]))
                    owner[at[k] = j] = k;
    /* a comparison alone on the row, a value cut after it, and below them their ends glued
     * (≤元 ≤ ≤260000 10 10 / 260000 元 / 元): the number is the comparison's, the unit the cut
     * value's (and the units on the line after end the comparison's value, below) */
    int sign_at = -1, cut_after = -1;
    for (int j = 0; j < end && sign_at < 0; j++)
        if (owner[j] < 0 && sign_only(pc, aw[j]))
            sign_at = j;
    for (int j = sign_at + 1; sign_at >= 0 && j < end && cut_after < 0; j++)
        if (owner[j] < 0 && cut_value(pc, aw[j]))
            cut_after = j;
    for (int k = 0; ok && cut_after >= 0 && k < nb && nb < 8; k++) {
        size_t d = strspn(bw[k], "0123456789");
        if (at[k] >= 0 || d == 0 || !unit_word(bw[k] + d))
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
        if (at[k] < 0 && bw[k][0] >= '0' && bw[k][0] <= '9' && is_number(pc, bw[k]))
            for (; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && sign_only(pc, aw[j]))
                    owner[at[k] = j] = k;
    /* cut values, in order (by the numbers' rests when there are: 治理 is no unit there);
     * more words that could end them than they are: by the units the row's values end with
     * when enough are (审核制作工 ≥个 >50个 ≥50 20 20 / 作 个: 个 ends ≥50, 作 a text) */
    int ncut = 0, ntails = 0, nknown = 0;
    bool known[8];
    for (int j = 0; j < end; j++)
        ncut += owner[j] < 0 && looks_like_value(pc, aw[j]) && !is_number(pc, aw[j]) && ends_digit(aw[j]);
    for (int k = 0; k < nb; k++) {
        known[k] = false;
        if (at[k] >= 0 || !value_tail(bw[k]) || (digit_rest && !(bw[k][0] >= '0' && bw[k][0] <= '9')))
            continue;
        ntails++;
        for (int j = 0; j < end && !known[k]; j++)
            known[k] = looks_like_value(pc, aw[j]) && strlen(aw[j]) > strlen(bw[k]) &&
                       !strcmp(aw[j] + strlen(aw[j]) - strlen(bw[k]), bw[k]);
        nknown += known[k];
    }
    bool by_units = ncut > 0 && ntails > ncut && nknown >= ncut;
    for (int k = 0, j = 0; ok && k < nb; k++)
        if (at[k] < 0 && value_tail(bw[k]) && (!digit_rest || (bw[k][0] >= '0' && bw[k][0] <= '9')) &&
            (!by_units || known[k]))
            for (; j < end && at[k] < 0; j++)
                if (owner[j] < 0 && looks_like_value(pc, aw[j]) && !is_number(pc, aw[j]) &&
                    ends_digit(aw[j]))
                    owner[at[k] = j] = k;
    int name = 0; /* the name's word: the first after the labels */
    while (name < end && (owner[name] >= 0 || is_field(pc, "level1", aw[name]) ||
                          is_field(pc, "level2", aw[name])))
        name++;
    int texts = 0;
    for (int k = 0; k < nb; k++)
        texts += at[k] < 0 && !looks_like_value(pc, bw[k]);
    if (ok && texts >= 2)
        end_fullest(pc, aw, name, end, owner, bw, nb, at);
    /* a line that ends a cut value is the row's own: its text may end the name too (成本指标
     * 政务数据 ≤元 ≤3000 ≤500000元 10 10 / 治理 00元) */
    int cut_ends = 0;
    for (int k = 0; ok && k < nb; k++)
        cut_ends += at[k] >= 0 && value_tail(bw[k]);
    int first_text = cut_ends > 0 && texts == 1 ? name - 1 : name;
    /* one text below a line that is the row's own (it ends a label or a cut value: 时效指
     * 证件制作 及时 达成预期指 10 10 / 标 及): the cell it makes a value the form knows, else
     * the fullest text cell, the name among them (a cell wraps when its line is full) */
    if (ok && texts == 1 && (cut_ends > 0 || labels > 0))
        for (int k = 0; k < nb; k++)
            if (at[k] < 0 && !looks_like_value(pc, bw[k])) {
                int best = -1;
                long most = 0;
                for (int j = name; j < end; j++) {
                    if (owner[j] >= 0 || !text_cell(pc, aw[j]) || text_width(bw[k]) > text_width(aw[j]))
                        continue;
                    if (completes_known(pc, aw[j], bw[k])) {
                        best = j;
                        break;
                    }
                    if (text_width(aw[j]) >= most) {
                        most = text_width(aw[j]);
                        best = j;
                    }
                }
                if (best >= 0)
                    owner[at[k] = best] = k;
            }
    for (int k = nb - 1, j = end - 1; ok && k >= 0; k--) /* texts of values from the right */
        if (at[k] < 0 && !looks_like_value(pc, bw[k]))
            for (; j > first_text && at[k] < 0; j--)
                if (text_cell(pc, aw[j]) && owner[j] < 0)
                    owner[at[k] = j] = k;
    if (ok && nb > 0 && at[0] < 0 && !looks_like_value(pc, bw[0]) && name < end &&
        owner[name] < 0 && text_cell(pc, aw[name]) && name_takes_tail(pc, r))
        owner[at[0] = name] = 0;
    for (int k = 0; ok && k < nb; k++) /* every word placed, in the order printed */
        ok = at[k] >= 0 && (k == 0 || at[k] > at[k - 1]);
    char *joined[8];
    int nj = 0;
    const char *cells[48] = {NULL};
    for (int j = 0; ok && j < na; j++) {
        cells[j] = aw[j];
        if (owner[j] >= 0 && asprintf(&joined[nj], "%s%s", aw[j], bw[owner[j]]) >= 0)
            cells[j] = joined[nj++];
    }
    ok = ok && nj == nb;
    /* the units of the comparisons' numbers so joined on the line after, in order */
    size_t used = r + 1;
    char *ends[8], *unit_ended[8];
    int ne = 0, nu = 0, awaiting = 0;
    for (int j = 0; ok && j < na; j++)
        awaiting += owner[j] >= 0 && sign_only(pc, aw[j]) && cut_value(pc, cells[j]);
    if (awaiting > 0 && r + 2 < g->nrows)
        ne = glued_words(g->rows[r + 2], ends, 8);
    bool units = ne >= 1 && ne == awaiting;
    for (int k = 0; k < ne && units; k++)
        units = unit_word(ends[k]);
    for (int j = 0; units && j < na && nu < ne; j++)
        if (owner[j] >= 0 && sign_only(pc, aw[j]) && cut_value(pc, cells[j]) &&
            asprintf(&unit_ended[nu], "%s%s", cells[j], ends[nu]) >= 0)
            cells[j] = unit_ended[nu++];
    if (units && nu == ne)
        used = r + 2;
    ok = ok && indicator_cells(pc, g->rows[r], cells, na);
    if (ok)
        *last = used;
    free_words(unit_ended, nu);
    free_words(ends, ne);
    free_words(joined, nj);
    free_words(aw, na);
    free_words(bw, nb);
    return ok;
}

/* A name's top line alone above scored row r + 1 whose cells wrapped below it (政府网 /
 * 成本指标 站服务 ≤元 ≤100000 ≤100000 3 3 / 元 元): the word begins the row's name, the first
 * text after its labels, as full as it or fuller (a wrapped cell's lines but its last fill
 * its width). The row is read by flat_tails_below, its name then begun with the word. */
static bool flat_name_top_tails(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 2 >= g->nrows || !name_piece_line(pc, g->rows[r]) || !scored_row(pc, g->rows[r + 1]))
        return false;
    char *top[1], *w[48];
    int nt = glued_words(g->rows[r], top, 1), n = glued_words(g->rows[r + 1], w, 48), at = 0;
    while (at < n && level_label(pc, w[at]))
        at++;
    bool ok = nt == 1 && at < n - 2 && text_cell(pc, w[at]) && !is_field(pc, "qualitative_value", w[at]) &&
              text_width(top[0]) >= text_width(w[at]);
    /* the line below ends values cut on the row, no more (元 元): no text the top may
     * be the other half of */
    char *b[8];
    int nb = ok ? glued_words(g->rows[r + 2], b, 8) : 0, cut = 0;
    for (int j = at + 1; j < n - 2; j++)
        cut += looks_like_value(pc, w[j]) && !is_number(pc, w[j]) && ends_digit(w[j]);
    ok = ok && nb >= 1 && nb <= cut;
    for (int k = 0; ok && k < nb; k++)
        ok = value_tail(b[k]) && !level_label(pc, b[k]);
    free_words(b, nb);
    xmlNodePtr before = ok && pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    ok = ok && flat_tails_below(pc, r + 1, last);
    xmlNodePtr ind = ok && pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    const char *name = ind && ind != before ? xml_attr(ind, "name") : NULL;
    char *joined = NULL;
    if (name && !strncmp(name, w[at], strlen(w[at])) && asprintf(&joined, "%s%s", top[0], name) >= 0)
        xml_set(ind, "name", joined);
    free(joined);
    free_words(top, nt);
    free_words(w, n);
    return ok;
}

/* How wide text prints: an ideograph (or another wide character) two, else one. */
static long text_width(const char *t)
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
    if (i + 1 >= g->nrows || !scored_row(pc, g->rows[i + 1]) || scored_row(pc, g->rows[i]) ||
        !fragment_row(pc, g->rows[i]))
        return false;
    char *w[8];
    int n = glued_words(g->rows[i], w, 8);
    bool values = n > 0;
    for (int k = 0; k < n && values; k++)
        values = looks_like_value(pc, w[k]);
    free_words(w, n);
    return values;
}

static int name_stack(const perf_ctx *pc, size_t r, size_t from, char **cells, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < 1 || r - 1 < from || r + 1 >= g->nrows || !scored_row(pc, g->rows[r]) ||
        scored_row(pc, g->rows[r - 1]) || !fragment_row(pc, g->rows[r - 1]))
        return 0;
    char *uw[8], *aw[48], *dw[2][8];
    int nu = glued_words(g->rows[r - 1], uw, 8), na = glued_words(g->rows[r], aw, 48);
    int nd[2] = {0, 0}, below = 0;
    for (int k = 0; k < 2 && r + 1 + (size_t)k < g->nrows; k++) {
        const src_line *d = g->rows[r + 1 + (size_t)k];
        if (scored_row(pc, d) || !fragment_row(pc, d))
            break;
        nd[k] = glued_words(d, dw[k], 8);
        below = k + 1;
        if (nd[k] != 1)
            break;
    }
    /* two lines below only when the second is no top line of the row under it, and the
     * first is no last line: as wide as the top (a wrapped cell's lines but its last fill
     * its width) or a bracket left open (参加 / 培训 / (会 / 议)) */
    if (below == 2 && (nd[1] != 1 || (r + 3 < g->nrows && scored_row(pc, g->rows[r + 3])) ||
                       value_top_over_row(pc, r + 3) ||
                       (text_width(dw[0][0]) != text_width(uw[0]) &&
                        !opens_bracket(dw[0][0]))))
        below = 1;
    bool ok = below >= 1 && nd[0] == 1 && ((nu == 2 && below == 1) || (nu == 1 && below == 2));
    int name = 0, end = na, nums = 0;
    for (int j = na - 1; j >= 0 && nums < 2; j--)
        if (is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    while (name < end && level_label(pc, aw[name]))
        name++;
    int top = -1; /* the text the second word above begins: the row's last text */
    for (int j = end - 1; ok && nu == 2 && j > name && top < 0; j--)
        if (text_cell(pc, aw[j]))
            top = j;
    ok = ok && nums == 2 && name < end && text_cell(pc, aw[name]) && (nu == 1 || top > name);
    for (int j = name + 1; ok && nu == 1 && j < end; j++) /* the word above tops the name only */
        ok = !text_cell(pc, aw[j]);
    for (int k = 0; ok && k < nu; k++) /* no label wrapped around the row (满意 / 度指 … / 标) */
        for (int j = 0; ok && j < end; j++)
            ok = !looks_like_value(pc, uw[k]) && !level_label(pc, uw[k]) &&
                 !completes_label(pc, uw[k], aw[j]);
    for (int k = 0; ok && k < below; k++)
        ok = !looks_like_value(pc, dw[k][0]) && !level_label(pc, dw[k][0]);
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
        free_words(aw, na);
    }
    free_words(uw, nu);
    for (int k = 0; k < 2; k++)
        free_words(dw[k], nd[k]);
    return n;
}

/* Reads cells [0, n) (malloc'd, freed here) as an indicator row at line r. */
static bool read_cells(perf_ctx *pc, size_t r, char **cells, int n)
{
    bool ok = n > 0 && indicator_cells(pc, pc->g->rows[r], (const char *const *)cells, n);
    free_words(cells, n);
    return ok;
}

static bool flat_name_stack(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[48];
    return read_cells(pc, r, cells, name_stack(pc, r, from, cells, last));
}

/* Is row r the line above a name stacked around the row below it (name_stack)? */
static bool stack_top(const perf_ctx *pc, size_t r)
{
    char *cells[48];
    size_t last;
    int n = name_stack(pc, r + 1, r, cells, &last);
    free_words(cells, n);
    return n > 0;
}

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
static bool completes_known(const perf_ctx *pc, const char *c, const char *d)
{
    char *both = NULL;
    if (looks_like_value(pc, c) || is_field(pc, "qualitative_value", c) || asprintf(&both, "%s%s", c, d) < 0)
        return false;
    bool yes = is_field(pc, "qualitative_value", both);
    free(both);
    return yes;
}

static int top_join(const perf_ctx *pc, const char *u, const char *a)
{
    if (level_label(pc, a) || is_number(pc, u) || is_number(pc, a))
        return ALIGN_NONE;
    if (completes_label(pc, u, a))
        return ALIGN_SURE;
    if (level_label(pc, u))
        return ALIGN_NONE;
    if (looks_like_value(pc, u))
        return ends_digit(u) && unit_word(a) ? ALIGN_SURE : ALIGN_NONE;
    if (looks_like_value(pc, a) || text_width(a) > text_width(u))
        return ALIGN_NONE;
    return ALIGN_TEXT + 2 * (int)text_width(a); /* the fullest next line */
}

/* The score of cell c (topped: it began above the row) ended by word d below. */
static int end_join(const perf_ctx *pc, const char *c, bool topped, const char *d)
{
    if (completes_label(pc, c, d) || completes_known(pc, c, d))
        return ALIGN_SURE;
    if (level_label(pc, c) || level_label(pc, d) || is_number(pc, c) || is_number(pc, d))
        return ALIGN_NONE;
    if (looks_like_value(pc, c))
        return ends_digit(c) && unit_word(d) ? ALIGN_SURE : ALIGN_NONE;
    return looks_like_value(pc, d) ? ALIGN_NONE : ALIGN_TEXT * (1 + 2 * topped); /* the tallest: a name */
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
            bool whole = above && ((looks_like_value(pc, w[k - 1]) && !ends_digit(w[k - 1]) &&
                                    !is_number(pc, w[k - 1])) ||
                                   (level_label(pc, w[k - 1]) && j == 0));
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
    if (r < 1 || r >= g->nrows || r - 1 < from || !scored_row(pc, g->rows[r]) ||
        scored_row(pc, g->rows[r - 1]))
        return 0;
    char *uw[8], *aw[48], *dw[8];
    int nu = glued_words(g->rows[r - 1], uw, 8), na = glued_words(g->rows[r], aw, 48), nd = 0;
    int end = na, nums = 0, n = 0;
    for (int j = na - 1; j >= 0 && nums < 2; j--)
        if (is_number(pc, aw[j])) {
            nums++;
            end = j;
        }
    /* a level's label begun above the row and ended below it, none of it on the row (满意度指
     * 服务对 / 象满意 群众满意度 … 10 10 / 标 度 期目标): a whole label above */
    bool label_around = nu >= 2 && nu <= 6 && na > 0 && r + 1 < g->nrows &&
                        !level_label(pc, aw[0]) && !level_label(pc, uw[0]) &&
                        !halves_around(pc, r); /* each word above with one below: halves */
    if (label_around) {
        char *d0[1], *joined = NULL;
        int n0 = glued_words(g->rows[r + 1], d0, 1);
        label_around = n0 == 1 && completes_label(pc, uw[0], d0[0]) &&
                       asprintf(&joined, "%s%s", uw[0], d0[0]) >= 0;
        if (label_around) {
            free(uw[0]);
            uw[0] = joined;
        }
        free_words(d0, n0);
    }
    int at[8], dat[8], score = nu >= 2 && nu <= 6 && nums == 2
                                   ? align_words(pc, uw, nu, aw, end, NULL, true, at, unsure)
                                   : ALIGN_NONE;
    bool sure = false; /* a label or a value with its unit made, or a row's labels above it */
    for (int k = 0; score > ALIGN_NONE && k < nu; k++)
        sure |= at[k] >= 0 ? top_join(pc, uw[k], aw[at[k]]) >= ALIGN_SURE
                           : level_label(pc, uw[k]) && !level_label(pc, aw[0]);
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
        if (r + 1 < g->nrows && !scored_row(pc, g->rows[r + 1]) && fragment_row(pc, g->rows[r + 1]) &&
            own_row_at(pc, r + 2)) {
            nd = glued_words(g->rows[r + 1], dw, 8);
            if (label_around && nd > 0) { /* its end, joined above already */
                free(dw[0]);
                memmove(dw, dw + 1, (size_t)(nd - 1) * sizeof *dw);
                nd--;
            }
            bool unsure_end = false;
            if (align_words(pc, dw, nd, cell, nc, topped, false, dat, &unsure_end) <= ALIGN_NONE) {
                free_words(dw, nd);
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
    free_words(uw, nu);
    free_words(aw, na);
    free_words(dw, nd);
    return n;
}

/* Scored row r of one word, the unit of the last value on the line above, cut before it
 * (产出指标 数量指标 文本检测数量 ≥篇幅 ≥100篇幅 ≥100篇 / 幅 10 10): the line above is the
 * row, its last value ended by the word, which makes it equal another value of the row or
 * ends its digits. Not a name's end: a text no value of the row ends as printed. */
static bool flat_unit_scored(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < 1 || r - 1 < from || !scored_row(pc, g->rows[r]) || scored_row(pc, g->rows[r - 1]))
        return false;
    char *w[3], *uw[48];
    int n = glued_words(g->rows[r], w, 3), nu = glued_words(g->rows[r - 1], uw, 46);
    bool ok = n == 3 && nu >= 3 && unit_word(w[0]) && !level_label(pc, w[0]) &&
              is_number(pc, w[1]) && is_number(pc, w[2]) &&
              !level_label(pc, uw[nu - 1]) && looks_like_value(pc, uw[nu - 1]) &&
              !is_number(pc, uw[nu - 1]) &&
              (completes_to_other(uw, nu, nu - 1, w[0]) || ends_digit(uw[nu - 1]));
    char *joined = NULL;
    if (ok && asprintf(&joined, "%s%s", uw[nu - 1], w[0]) >= 0) {
        free(uw[nu - 1]);
        uw[nu - 1] = joined;
        uw[nu++] = w[1];
        uw[nu++] = w[2];
        w[1] = w[2] = NULL;
        ok = read_cells(pc, r - 1, uw, nu);
        nu = 0;
        if (ok)
            *last = r;
    }
    free_words(uw, nu);
    free_words(w, n);
    return ok;
}

/* … read as an indicator, uncertain when another matching scores as well. */
static bool flat_aligned(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[64];
    bool unsure = false;
    bool ok = read_cells(pc, r, cells, aligned_cells(pc, r, from, cells, last, &unsure));
    if (ok && unsure && pc->indicators && pc->indicators->last)
        xml_set(pc->indicators->last, "certain", "false");
    return ok;
}

/* Is row r the line above a row whose cells it begins (aligned_cells)? */
static bool aligned_top(const perf_ctx *pc, size_t r)
{
    char *cells[64];
    size_t last;
    bool unsure = false;
    int n = aligned_cells(pc, r + 1, r, cells, &last, &unsure);
    free_words(cells, n);
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
    if (r < 2 || r >= g->nrows || r - 2 < from || !scored_row(pc, g->rows[r]) ||
        scored_row(pc, g->rows[r - 1]) || scored_row(pc, g->rows[r - 2]))
        return 0;
    char *lw[8], *mw[16], *rw[4];
    int nl = glued_words(g->rows[r - 2], lw, 8), nm = glued_words(g->rows[r - 1], mw, 16),
        nr = glued_words(g->rows[r], rw, 4), n = 0;
    bool ok = nr == 3 && fragment_word(pc, rw[0]) && !looks_like_value(pc, rw[0]) && nl >= 2 &&
              nm >= 3 && level_label(pc, lw[0]) && completes_label(pc, lw[nl - 1], mw[0]) &&
              text_cell(pc, mw[nm - 1]) && text_width(rw[0]) <= text_width(mw[nm - 1]);
    for (int k = 1; ok && k < nl - 1; k++)
        ok = level_label(pc, lw[k]);
    for (int k = 1; ok && k < nm; k++)
        ok = !level_label(pc, mw[k]) && !is_number(pc, mw[k]);
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
    free_words(lw, nl);
    free_words(mw, nm);
    free_words(rw, nr);
    return n;
}

static bool flat_thin_row(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    char *cells[24];
    bool ok = read_cells(pc, r - 1, cells, thin_cells(pc, r, from, cells));
    if (ok)
        *last = r;
    return ok;
}

/* A row of no labels whose name stands three lines tall around it and whose last value
 * ends on the thin scored line under it: the name's top alone, its middle (as wide) then
 * the values, the value's end with the weight and score, the name's bottom alone, no wider
 * (工作 / 开展 便捷 达成预期指 / 标 15 15 / 便捷: 工作开展便捷, 便捷, 达成预期指标). Rows r to
 * the bottom are one indicator. */
static bool flat_thin_name_around(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 3 >= g->nrows || !scored_row(pc, g->rows[r + 2]) || scored_row(pc, g->rows[r + 1]))
        return false;
    char *t[2], *m[16], *w[4], *b[2];
    int nt = glued_words(g->rows[r], t, 2), nm = glued_words(g->rows[r + 1], m, 16),
        nw = glued_words(g->rows[r + 2], w, 4), nb = glued_words(g->rows[r + 3], b, 2);
    bool ok = nt == 1 && nb == 1 && nw == 3 && nm >= 2 && text_cell(pc, t[0]) &&
              !starts_field(pc, "qualitative_value", t[0]) && text_cell(pc, m[0]) &&
              text_width(m[0]) == text_width(t[0]) && text_cell(pc, b[0]) &&
              text_width(b[0]) <= text_width(t[0]) && fragment_word(pc, w[0]) &&
              !looks_like_value(pc, w[0]) && completes_known(pc, m[nm - 1], w[0]);
    for (int k = 1; ok && k < nm; k++)
        ok = !level_label(pc, m[k]) && !is_number(pc, m[k]);
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
        ok = indicator_cells(pc, g->rows[r + 2], cells, nc);
    }
    free(name);
    free(value);
    free_words(t, nt);
    free_words(m, nm);
    free_words(w, nw);
    free_words(b, nb);
    if (ok)
        *last = r + 3;
    return ok;
}

/* Is row r one of the two lines above a thin scored row that holds it (thin_cells)? */
static bool thin_top(const perf_ctx *pc, size_t r)
{
    char *cells[24];
    int n = 0;
    for (size_t d = 1; d <= 2 && !n && r + d >= 2; d++) {
        n = thin_cells(pc, r + d, r + d - 2, cells);
        free_words(cells, n);
    }
    return n > 0;
}

/* A value cut before its unit (≤260000 / 元): a comparison or number ending in a digit,
 * no plain number (a weight, a score). */
static bool cut_value(const perf_ctx *pc, const char *t)
{
    return looks_like_value(pc, t) && ends_digit(t) && !is_number(pc, t);
}

/* Are words [0, n) units (元, 次), n >= 1? */
static bool all_units(char *const *u, int n)
{
    bool yes = n >= 1;
    for (int k = 0; k < n && yes; k++)
        yes = unit_word(u[k]);
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
    return end_words(pc, w, n, u, nu, cut_value);
}

static bool unit_tail(const char *t);
static bool percent_tail(const char *t);

/* Does text t end a sentence (。)? */
static bool ends_sentence(const perf_ctx *pc, const char *t)
{
    return t && vocab_ends_sentence(pc->vocab, t, strlen(t));
}

/* A row whose last value is cut at its line's end, the value's unit beginning the next line
 * with the row's other values, weight and score and the first line of a reason beside them
 * (成本指标 下乡调研费 ≤元 ≤200000 / 元 197122.33 1.5 1.1 统提 / 前结 / 束导 / 致。): one row,
 * the value joined; the reason's lines below, one word each, are its rest when they end its
 * sentence (。) within four lines. Rows r and r + 1 (and those lines) are one indicator. */
static bool flat_cut_across(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || scored_row(pc, g->rows[r]))
        return false;
    char *a[24];
    const char *b[24];
    int at[24];
    int na = glued_words(g->rows[r], a, 24), nb = words(g->rows[r + 1], at, 24);
    nb = nb < 24 ? nb : 24; /* its words as printed: a unit is not glued to the score (1.1 统提) */
    for (int k = 0; k < nb; k++)
        b[k] = src_cell_text(g->rows[r + 1], at[k]);
    int score = nb - 1; /* the score: the last number, texts after it only */
    while (score > 0 && !looks_like_value(pc, b[score]) && fragment_word(pc, b[score]))
        score--;
    bool ok = na >= 2 && na + nb < 40 && nb >= 3 && score >= 2 &&
              is_number(pc, b[score]) && is_number(pc, b[score - 1]) &&
              (unit_tail(b[0]) || percent_tail(b[0])) && looks_like_value(pc, a[na - 1]) &&
              !is_number(pc, a[na - 1]) && ends_digit(a[na - 1]) && !looks_like_value(pc, a[0]);
    for (int k = 1; ok && k < score - 1; k++)
        ok = looks_like_value(pc, b[k]);
    strbuf reason;
    sb_init(&reason);
    for (int k = score + 1; ok && k < nb; k++)
        sb_adds(&reason, b[k]);
    size_t end = r + 1;
    for (size_t k = r + 2; ok && k < g->nrows && k <= r + 5 && !ends_sentence(pc, reason.data); k++) {
        char *w[2];
        int nw = glued_words(g->rows[k], w, 2);
        if (nw == 1 && fragment_word(pc, w[0]) && !looks_like_value(pc, w[0]) &&
            !level_label(pc, w[0]))
            sb_adds(&reason, w[0]);
        else
            k = g->nrows; /* no word of a reason: stop */
        free_words(w, nw);
        if (k < g->nrows && ends_sentence(pc, reason.data))
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
        ok = indicator_cells(pc, g->rows[r + 1], cells, nc);
        free(first);
        *last = end;
    }
    free(joined);
    sb_free(&reason);
    free_words(a, na);
    return ok;
}

/* A row under two lines of its levels' labels, whole or wrapped (效益指标 社会效 / 益 升 /
 * 公共服务效率提 ≥% ≥95% ≥95% 30 30): the second line's first words complete the labels begun
 * on the first, in order; its one word left is a line of the row's name, pdftotext having set
 * it off its line (a glyph's baseline): its last when shorter than the name's line on the row
 * (a wrapped cell fills its width but on its last line), else its first. Rows r to r + 2 are
 * one indicator. */
static bool flat_labels_wrapped_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 2 >= g->nrows || !scored_row(pc, g->rows[r + 2]) || scored_row(pc, g->rows[r]) ||
        scored_row(pc, g->rows[r + 1]))
        return false;
    char *a[8], *b[8], *c[40];
    int na = glued_words(g->rows[r], a, 8), nb = glued_words(g->rows[r + 1], b, 8);
    int nc = glued_words(g->rows[r + 2], c, 40), used = 0, tops = 0;
    bool ok = na >= 1 && nb >= 2 && nc >= 4 && !level_label(pc, c[0]) && !looks_like_value(pc, c[0]) &&
              fragment_word(pc, c[0]);
    for (int k = 0; ok && k < na; k++) { /* whole labels, or tops the next line's words end */
        if (level_label(pc, a[k]))
            continue;
        ok = used < nb && completes_label(pc, a[k], b[used]);
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
    bool split = ok && tops > 0 && used == nb - 2 && fragment_word(pc, b[used + 1]) &&
                 !looks_like_value(pc, b[used + 1]) && !level_label(pc, b[used + 1]) &&
                 utf8_chars(b[used + 1], strlen(b[used + 1])) < utf8_chars(c[0], strlen(c[0]));
    ok = ok && tops > 0 && (used == nb - 1 || split) && fragment_word(pc, b[used]) &&
         !looks_like_value(pc, b[used]) && !level_label(pc, b[used]);
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
        ok = indicator_cells(pc, g->rows[r + 2], cells, n);
        *last = r + 2;
    }
    free(name);
    free_words(a, na);
    free_words(b, nb);
    free_words(c, nc);
    return ok;
}

/* Scored row s (the first within three lines from r) that holds only its values' units
 * beside its weight and score, its other cells on the lines above it (成本指标 信息中心网 /
 * 络费 ≤元 ≤260000 ≤260000元 / 元 10 10; … ≤100000 / 元 / ≤100000 / 元 1 1): rows [r, s]
 * are one indicator, read in order: a line's first word ends the name the line above ended
 * with (信息中心网 / 络费), a line of units ends the values cut before them, in order. Not
 * when a unit finds no value it ends, or a value stays cut. */
static bool flat_units_below(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    while (s < g->nrows && s < r + 4 && !scored_row(pc, g->rows[s]))
        s++;
    if (s == r || s >= g->nrows || s >= r + 4)
        return false;
    char *w[64];
    int n = 0;
    bool ok = true, name_open = false; /* the last word is the name, no value after it yet */
    for (size_t k = r; k <= s && ok; k++) {
        char *lw[16];
        int nl = glued_words(g->rows[k], lw, 16), upto = k == s ? nl - 2 : nl;
        if (k > r && all_units(lw, upto)) { /* the units of the values cut before them */
            ok = end_cut_values(pc, w, n, lw, upto) == upto;
            name_open = false;
        } else if (k == s) {
            ok = false;
        } else {
            int j = 0;
            if (name_open && upto > 0 && !looks_like_value(pc, lw[0]) && !level_label(pc, lw[0])) {
                char *joined = NULL;
                if (asprintf(&joined, "%s%s", w[n - 1], lw[0]) >= 0) {
                    free(w[n - 1]);
                    w[n - 1] = joined;
                }
                j = 1;
            }
            for (; j < upto && n < 60; j++) {
                name_open = !looks_like_value(pc, lw[j]) && !level_label(pc, lw[j]) &&
                            (n == 0 || !looks_like_value(pc, w[n - 1]));
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
        ok = !cut_value(pc, w[i]);
    ok = ok && n >= 4 && indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    if (ok)
        *last = s;
    free_words(w, n);
    return ok;
}

/* A comparison printed apart from its number (≤ / 100000 / 元). */
static bool sign_only(const perf_ctx *pc, const char *t)
{
    return looks_like_value(pc, t) && !strpbrk(t, "0123456789%") && !is_number(pc, t) &&
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
    if (looks_like_value(pc, t))
        return !is_number(pc, t) && !str_ends(t, "%") ? BAND_VALUE : BAND_NONE;
    if (level_label(pc, t))
        return BAND_LABEL;
    return fragment_word(pc, t) ? BAND_TEXT : BAND_NONE;
}

/* A value's end wrapped below it: a unit (元) or its last digits and unit (00元). */
static bool unit_tail(const char *t)
{
    return unit_word(t) || (t[0] >= '0' && t[0] <= '9' && !ends_digit(t));
}

/* A percentage's sign wrapped below its number (≥98 / %), half or full width. */
static bool percent_tail(const char *t)
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
    if (!looks_like_value(pc, t) || is_number(pc, t) || (t[0] >= '0' && t[0] <= '9'))
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
static bool target_beside(const perf_ctx *pc, char *const *w, int from, int put, int n, int other)
{
    size_t sa, sb;
    const char *ua, *ub;
    if (put - 1 < from || other != put + n || !is_number(pc, w[other]) ||
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
    if (sign_only(pc, t))
        return PIECE_SIGN;
    if (t[0] >= '0' && t[0] <= '9' && t[strspn(t, "0123456789.")] == '\0')
        return PIECE_DIGITS;
    if ((unit_word(t) && !level_label(pc, t)) || percent_tail(t))
        return PIECE_UNIT;
    if (looks_like_value(pc, t) && !is_number(pc, t) && ends_digit(t))
        return PIECE_CUT;
    return PIECE_WHOLE;
}

static bool flat_stacked_values(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    for (; s < g->nrows && s < r + 4 && !scored_row(pc, g->rows[s]); s++) {
        char *t[8];
        int nt = glued_words(g->rows[s], t, 8), texts = 0, other = 0;
        for (int j = 0; j < nt; j++) {
            if (level_label(pc, t[j]) || (looks_like_value(pc, t[j]) && !is_number(pc, t[j])))
                continue;
            if (fragment_word(pc, t[j]) && piece_kind(pc, t[j]) == PIECE_WHOLE)
                texts++;
            else
                other++;
        }
        free_words(t, nt);
        if (nt < 1 || nt > 4 || other > 0 || texts > 1)
            return false;
    }
    if (s >= g->nrows || !scored_row(pc, g->rows[s]))
        return false;
    size_t end = s; /* the lines below: numbers and units alone */
    int below_digits = 0;
    for (size_t b = s + 1; b < g->nrows && b <= s + 3 && !scored_row(pc, g->rows[b]); b++) {
        char *t[8];
        int nt = glued_words(g->rows[b], t, 8), digits = 0;
        bool pieces = nt >= 1;
        for (int j = 0; j < nt && pieces; j++) {
            int k = piece_kind(pc, t[j]);
            pieces = k == PIECE_DIGITS || k == PIECE_UNIT;
            digits += k == PIECE_DIGITS;
        }
        free_words(t, nt);
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
        int m = glued_words(g->rows[k], w + n, 64 - n);
        for (int j = n; j < n + m && ok; j++) {
            if (k == s && j >= n + m - 2) { /* the weight and the score */
                weight = weight < 0 ? j : weight;
                continue;
            }
            if (level_label(pc, w[j])) {
                ok = nname == 0 && nlab < 8 && k <= s;
                if (ok)
                    labels[nlab++] = w[j];
            } else if (!looks_like_value(pc, w[j]) && piece_kind(pc, w[j]) != PIECE_UNIT &&
                       piece_kind(pc, w[j]) != PIECE_DIGITS) {
                ok = nname < 2 && k <= s && fragment_word(pc, w[j]);
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
                                     level_label(pc, w[next_unit])))
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
        ok = ok && indicator_cells(pc, g->rows[name_line], cells, nc);
        if (ok && differ && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
        free(nm_joined);
    }
    if (ok)
        *last = end;
    free_words(made, nm);
    free_words(w, n);
    return ok;
}

static bool flat_signs_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    int pieces = 0, texts = 0;
    for (; s < g->nrows && s < r + 4 && !scored_row(pc, g->rows[s]); s++) {
        char *t[8];
        int nt = glued_words(g->rows[s], t, 8), kinds[4] = {0};
        for (int j = 0; j < nt; j++)
            kinds[band_word(pc, t[j])]++;
        free_words(t, nt);
        if (nt < 1 || nt > 4 || kinds[BAND_NONE] > 0 || kinds[BAND_TEXT] > 1)
            break;
        pieces += kinds[BAND_VALUE];
        texts += kinds[BAND_LABEL] + kinds[BAND_TEXT];
    }
    if (s == r || pieces == 0 || (texts == 0 && s > r + 2) || s >= g->nrows ||
        !scored_row(pc, g->rows[s]))
        return false;
    char *up[16], *w[64];
    int nu = 0, n = glued_words(g->rows[s], w, 40), joins = 0;
    /* lines of labels and of a name's pieces around the pieces of values (雪亮视频专 / ≤ ≤ /
     * 线 / ≤元 40000 40000 5 5): the row's labels and name, when it has none of its own */
    int lead = 0;
    while (lead < n && level_label(pc, w[lead]))
        lead++;
    bool ok = n >= 3 && (texts == 0 || (lead < n && looks_like_value(pc, w[lead])));
    strbuf name;
    sb_init(&name);
    int labels = 0; /* taken from the lines */
    for (size_t k = r; ok && k < s; k++) {
        char *t[8];
        int nt = glued_words(g->rows[k], t, 8);
        for (int j = 0; j < nt; j++) {
            int kind = band_word(pc, t[j]);
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
        free_words(t, nt);
    }
    if (ok && name.len > 0 && n < 48 && is_field(pc, "level1", name.data)) {
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
    }
    sb_free(&name);
    int first_num = n - 2; /* the weight */
    int next = 0;          /* the row's word a comparison may go before */
    for (int i = 0; ok && i < nu; i++) {
        if (!sign_only(pc, up[i]))
            continue;
        while (next < first_num && !is_number(pc, w[next]))
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
    int from = lead < first_num && !looks_like_value(pc, w[lead]) ? lead + 1 : lead;
    /* a unit alone among the row's values, one another of its values ends with, marks the
     * column of the one piece cut above it (≤200000 / … ≤元 元 ≤200000 1.5 1.5 / 元): they
     * are one value there */
    for (int k = from; ok && others == 1 && k < first_num; k++) {
        int i = 0;
        while (i < nu && !up[i])
            i++;
        bool a_unit = false;
        for (int m = from; m < first_num && !a_unit; m++)
            a_unit = m != k && looks_like_value(pc, w[m]) && str_ends(w[m], w[k]);
        char *joined = NULL;
        if (i < nu && a_unit && unit_word(w[k]) && ends_digit(up[i]) &&
            asprintf(&joined, "%s%s", up[i], w[k]) >= 0) {
            free(w[k]);
            w[k] = joined;
            free(up[i]);
            up[i] = NULL;
            others = 0;
            joins++;
        }
    }
    int put = joins > 0 ? first_num : wrapped_values_at(pc, w, from, first_num);
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
    for (size_t b = s + 1; ok && b < g->nrows && b <= s + 2 && !scored_row(pc, g->rows[b]); b++) {
        char *u[8];
        int nb = glued_words(g->rows[b], u, 8);
        bool units = nb >= 1 && !starts_field(pc, "total_score", u[0]) &&
                     !is_field2(pc, "total_score", g->rows[b], next_nonempty(g->rows[b], 0));
        for (int k = 0; k < nb && units; k++)
            units = unit_tail(u[k]) || percent_tail(u[k]) || (b == s + 1 && number_below(g->rows[b]));
        int j = units ? end_cut_values(pc, w, n - 2, u, nb) : 0;
        if (units && j == 0)
            j = end_words(pc, w, n - 2, u, nb, sign_only); /* ≠ / … / 100% */
        free_words(u, nb);
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
        cells += !level_label(pc, w[i]);
    cells -= others;
    /* the row's value they would trade places with: the one after them, else the one before */
    int other = put < first_num ? put + others : put - 1;
    for (int i = put; ok && others > 0 && cells - 1 + others <= 3 && i < put + others; i++)
        guessed |= other >= 0 && strpbrk(w[other], "0123456789") && strcmp(w[i], w[other]) != 0 &&
                   !target_beside(pc, w, from, put, others, other);
    ok = ok && joins > 0 && indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
        xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    if (ok)
        *last = end;
    free_words(w, n);
    return ok;
}

/* Is the line one word that may be a piece of a name (no value, number or label)? */
static bool name_piece_line(const perf_ctx *pc, const src_line *l)
{
    char *w[2];
    int n = glued_words(l, w, 2);
    bool yes = n == 1 && fragment_word(pc, w[0]) && !looks_like_value(pc, w[0]) &&
               !level_label(pc, w[0]) && !starts_field(pc, "total_score", w[0]);
    free_words(w, n);
    return yes;
}

/* A name wrapped over four or six lines centred on its row, half of them above it and half
 * below, the row without a name of its own (培训 / 人员 / 质量指标 ≥% ≥95% ≥95% 10 10 / 合格 /
 * 率): rows r (the name's first line) to the row's k-th line below are one indicator. */
static bool flat_stacked_name(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t k = 0;
    while (k < 3 && r + k < g->nrows && name_piece_line(pc, g->rows[r + k]))
        k++;
    size_t s = r + k;
    if (k < 2 || s + k >= g->nrows || !scored_row(pc, g->rows[s]))
        return false;
    for (size_t j = 1; j <= k; j++)
        if (!name_piece_line(pc, g->rows[s + j]))
            return false;
    char *w[48];
    int n = glued_words(g->rows[s], w, 47), lead = 0;
    while (lead < n && level_label(pc, w[lead]))
        lead++;
    bool ok = lead < n - 2 && looks_like_value(pc, w[lead]); /* no name of its own */
    strbuf name;
    sb_init(&name);
    for (size_t j = r; ok && j <= s + k; j++) {
        char *p[1];
        int np = j == s ? 0 : glued_words(g->rows[j], p, 1);
        if (np == 1)
            sb_adds(&name, p[0]);
        free_words(p, np);
    }
    if (ok) {
        memmove(w + lead + 1, w + lead, (size_t)(n - lead) * sizeof *w);
        w[lead] = sb_take(&name);
        n++;
        ok = w[lead] && indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    }
    sb_free(&name);
    free_words(w, n);
    if (ok)
        *last = s + k;
    return ok;
}

/* Is the line one word, a piece of a text or of a value? */
static bool one_piece_line(const perf_ctx *pc, const src_line *l)
{
    char *w[2];
    int n = glued_words(l, w, 2);
    bool yes = n == 1 && !is_number(pc, w[0]) && !level_label(pc, w[0]) &&
               !starts_field(pc, "total_score", w[0]);
    free_words(w, n);
    return yes;
}

/* Two cells wrapped around their row, one inside the other (lines are ordered by height):
 * a name of three lines, its middle line the row's name (工作 / 达成预期 / 效益指标 社会效益
 * 正常 保障 15 15 / 指标 / 运转), and a cell of two lines right above and below the row, a
 * value's halves (达成预期 / 指标; ≥3000000 / 元), which follows the row's values: rows r
 * to r + 4 are one indicator. */
static bool flat_nested_halves(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 2;
    if (s + 2 >= g->nrows || !scored_row(pc, g->rows[s]) || !name_piece_line(pc, g->rows[r]) ||
        !one_piece_line(pc, g->rows[r + 1]) || !one_piece_line(pc, g->rows[s + 1]) ||
        !name_piece_line(pc, g->rows[s + 2]))
        return false;
    char *w[48], *top[1], *in_top[1], *in_bottom[1], *bottom[1];
    int n = glued_words(g->rows[s], w, 46), lead = 0;
    glued_words(g->rows[r], top, 1);
    glued_words(g->rows[r + 1], in_top, 1);
    glued_words(g->rows[s + 1], in_bottom, 1);
    glued_words(g->rows[s + 2], bottom, 1);
    while (lead < n && level_label(pc, w[lead]))
        lead++;
    /* the row has its name's middle line; the inner halves are one value: a number cut
     * before its end, or a qualitative value (达成预期 / 指标), not a name's lines */
    bool cut = looks_like_value(pc, in_top[0]) && ends_digit(in_top[0]);
    bool ok = lead < n - 3 && !looks_like_value(pc, w[lead]) &&
              (cut ? value_tail(in_bottom[0]) : !looks_like_value(pc, in_top[0]) &&
                                                    !looks_like_value(pc, in_bottom[0]));
    char *name = NULL, *value = NULL;
    if (ok && asprintf(&name, "%s%s%s", top[0], w[lead], bottom[0]) < 0)
        name = NULL;
    if (ok && asprintf(&value, "%s%s", in_top[0], in_bottom[0]) < 0)
        value = NULL;
    ok = name && value && (cut || is_field(pc, "qualitative_value", value));
    if (ok) {
        free(w[lead]);
        w[lead] = name;
        memmove(w + n - 1, w + n - 2, 2 * sizeof *w); /* before the weight and the score */
        w[n - 2] = value;
        n++;
        ok = indicator_cells(pc, g->rows[s], (const char *const *)w, n);
    } else {
        free(name);
        free(value);
    }
    free_words(w, n);
    free_words(top, 1);
    free_words(in_top, 1);
    free_words(in_bottom, 1);
    free_words(bottom, 1);
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
static bool flat_labels_between(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 3;
    if (s >= g->nrows || !scored_row(pc, g->rows[s]) || !all_words(pc, g->rows[r + 1], 2, level_label))
        return false;
    char *a[8], *b[8], *w[48], *t[8], *cells[64];
    int na = glued_words(g->rows[r], a, 8), nb = glued_words(g->rows[r + 2], b, 8);
    int n = glued_words(g->rows[s], w, 40), nt = 0, ntail = 0, nc = 0, texts = 0, need = 0;
    while (nt < na && !looks_like_value(pc, a[nt]) && fragment_word(pc, a[nt]))
        nt++;
    bool ok = nt >= 1 && nt == nb && na - nt >= 1 && n >= 3 && looks_like_value(pc, w[0]);
    for (int k = nt; ok && k < na; k++) {
        ok = looks_like_value(pc, a[k]) && !is_number(pc, a[k]);
        need += sign_only(pc, a[k]) || ends_digit(a[k]);
    }
    for (int k = 0; ok && k < nb; k++)
        ok = fragment_word(pc, b[k]) && !looks_like_value(pc, b[k]);
    if (ok && need > 0) { /* the ends of the values cut, in order, on the line below */
        ok = s + 1 < g->nrows && !scored_row(pc, g->rows[s + 1]);
        ntail = ok ? glued_words(g->rows[s + 1], t, 8) : 0;
        ok = ok && ntail == need;
        for (int k = 0; ok && k < ntail; k++)
            ok = percent_tail(t[k]) || unit_tail(t[k]) || (t[k][0] >= '0' && t[k][0] <= '9');
    }
    char *pairs[8];
    int np = 0;
    for (int k = 0; ok && k < nt; k++) {
        if (asprintf(&pairs[np], "%s%s", a[k], b[k]) < 0)
            break;
        texts += !level_label(pc, pairs[np]);
        np++;
    }
    ok = ok && np == nt && texts == 1; /* the labels and one name */
    for (int k = nt, j = 0; ok && k < na; k++) {
        if (!sign_only(pc, a[k]) && !ends_digit(a[k]))
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
        int n1 = glued_words(g->rows[r + 1], l1, 2);
        for (int k = 0; k < n1; k++)
            cells[nc++] = l1[k];
        for (int k = 0; k < np; k++) /* the labels, then the name */
            if (level_label(pc, pairs[k]))
                cells[nc++] = pairs[k];
        for (int k = 0; k < np; k++)
            if (!level_label(pc, pairs[k]))
                cells[nc++] = pairs[k];
        int at = wrapped_values_at(pc, w, 0, n - 2);
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
        ok = indicator_cells(pc, g->rows[s], (const char *const *)cells, nc);
        if (ok && guessed && pc->indicators && xmlLastElementChild(pc->indicators))
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
        free_words(l1, n1);
        if (ok)
            *last = need > 0 ? s + 1 : s;
    }
    free_words(pairs, np);
    free_words(a, na);
    free_words(b, nb);
    free_words(w, n);
    free_words(t, ntail);
    return ok;
}

/* Rows r to s - 1 as the three lines of a name wrapped around its row's whole labels: the
 * name's top (a word, its line full), the labels alone, its bottom (a word no longer than
 * the top) above the row's values (服务覆盖范 / 产出指标 数量指标 / 围 / ≥20 处 … 20 20). */
static bool name_centred(const perf_ctx *pc, size_t r, size_t s)
{
    const table_grid *g = pc->g;
    if (s != r + 3 || !all_words(pc, g->rows[r + 1], 2, level_label))
        return false;
    char *u[2], *d[2];
    int nu = glued_words(g->rows[r], u, 2), nd = glued_words(g->rows[r + 2], d, 2);
    bool ok = nu == 1 && nd == 1 && !looks_like_value(pc, u[0]) && !looks_like_value(pc, d[0]) &&
              !level_label(pc, u[0]) && !level_label(pc, d[0]) &&
              text_width(d[0]) <= text_width(u[0]) && !ends_sentence(pc, u[0]);
    free_words(u, nu);
    free_words(d, nd);
    return ok;
}

/* Row r as the top of a name wrapped over three lines or more above its row (城区道 /
 * 成本指标 路清扫 …): one word of text alone, no qualitative value's beginning, the next
 * row's labels then a piece of text as wide (the name's second line, full as the top is). */
static bool name_top(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows)
        return false;
    char *t[2], *w[8];
    int nt = glued_words(g->rows[r], t, 2), nw = glued_words(g->rows[r + 1], w, 8), k = 0;
    while (k < nw && level_label(pc, w[k]))
        k++;
    bool ok = nt == 1 && k >= 1 && k < nw && fragment_word(pc, t[0]) && !looks_like_value(pc, t[0]) &&
              text_width(t[0]) >= 4 && !level_label(pc, t[0]) && !ends_sentence(pc, t[0]) &&
              !starts_field(pc, "qualitative_value", t[0]) && /* a value's top (达成预期指) */
              fragment_word(pc, w[k]) && !looks_like_value(pc, w[k]) &&
              text_width(w[k]) == text_width(t[0]);
    free_words(t, nt);
    free_words(w, nw);
    return ok;
}

/* The indicator just read from row top + 1 to row *last, its name begun on row top + 1
 * (name_top): the top goes before its name, and a word alone narrower than the top on the
 * line below the row ends it when every line of the name was full (… / 保洁服 / 元 10 10 /
 * 务费: 城区道路清扫保洁服务费); *last then takes that line. */
static void name_ends(perf_ctx *pc, size_t top, size_t *last)
{
    const table_grid *g = pc->g;
    xmlNodePtr ind = pc->indicators ? xmlLastElementChild(pc->indicators) : NULL;
    const char *name = ind ? xml_attr(ind, "name") : NULL;
    char *t[2], *w[8];
    int nt = glued_words(g->rows[top], t, 2), nw = glued_words(g->rows[top + 1], w, 8), k = 0;
    while (k < nw && level_label(pc, w[k]))
        k++;
    if (name && nt == 1 && k < nw && !strncmp(name, w[k], strlen(w[k]))) {
        long width = text_width(t[0]);
        strbuf sb;
        sb_init(&sb);
        sb_adds(&sb, t[0]);
        sb_adds(&sb, name);
        size_t u = *last + 1;
        char *b[2];
        int nb = u < g->nrows ? glued_words(g->rows[u], b, 2) : 0;
        if (nb == 1 && fragment_word(pc, b[0]) && !looks_like_value(pc, b[0]) && !level_label(pc, b[0]) &&
            text_width(b[0]) < width && text_width(name) % width == 0) {
            sb_adds(&sb, b[0]);
            *last = u;
        }
        free_words(b, nb);
        if (sb.data)
            xml_set(ind, "name", sb.data);
        sb_free(&sb);
    }
    free_words(t, nt);
    free_words(w, nw);
}

/* Row r as the tops of values of the row below it, which begins with a level's label: each
 * completed by a word of that row into a value the form knows (达成预期 / 质量指标 验收合格率
 * ≥95% 指标 10 10), the row's weight and score maybe alone on the line after it (… ≥95% 指标
 * / 10 10). Rows r to the row, or that line, are one indicator. */
static bool top_completes(perf_ctx *pc, size_t r, size_t *last, bool read)
{
    const table_grid *g = pc->g;
    if (r + 1 >= g->nrows || !fragment_row(pc, g->rows[r]))
        return false;
    const src_line *row = g->rows[r + 1];
    bool scored = scored_row(pc, row);
    size_t end = r + 1;
    char *t[4], *w[48], *p[3];
    int nt = glued_words(g->rows[r], t, 4), nw = glued_words(row, w, 44), np = 0;
    if (!scored && r + 2 < g->nrows) {
        np = glued_words(g->rows[r + 2], p, 3);
        end = r + 2;
    }
    bool ok = nt >= 1 && nt <= 2 && nw >= 2 && level_label(pc, w[0]) &&
              (scored || (np == 2 && is_number(pc, p[0]) && is_number(pc, p[1])));
    for (int k = 0; ok && k < nw; k++) /* no weight and score of its own but its last two */
        ok = !is_number(pc, w[k]) || (scored && k >= nw - 2);
    int stop = scored ? nw - 2 : nw, from = 0, put[4];
    while (from < stop && level_label(pc, w[from]))
        from++;
    from++; /* after the name */
    for (int k = 0; ok && k < nt; k++) {
        put[k] = -1;
        for (int j = from; j < stop && put[k] < 0; j++)
            if (completes_known(pc, t[k], w[j]))
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
        ok = nj == nt && indicator_cells(pc, row, cells, nc);
    }
    free_words(joined, nj);
    free_words(t, nt);
    free_words(w, nw);
    free_words(p, np);
    if (ok && read)
        *last = end;
    return ok;
}

static bool flat_top_completes(perf_ctx *pc, size_t r, size_t *last)
{
    return top_completes(pc, r, last, true);
}

/* Is row r the tops of values of the row below it (flat_top_completes)? */
static bool tops_completed(const perf_ctx *pc, size_t r)
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
        if (!sign_only(pc, first))
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
    int n = glued_words(l, w, max);
    size_t a, b;
    bool ok = n >= 1;
    *text = ok && !value_pieces(pc, w[0], units, nu, &a, &b);
    if (*text)
        ok = n >= 2 && fragment_word(pc, w[0]) && !looks_like_value(pc, w[0]) && !level_label(pc, w[0]);
    for (int k = *text ? 1 : 0; ok && k < n; k++)
        ok = value_pieces(pc, w[k], units, nu, &a, &b);
    if (!ok) {
        free_words(w, n);
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
static bool flat_value_columns(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r + 1;
    while (s < g->nrows && s < r + 3 && !scored_row(pc, g->rows[s]))
        s++;
    if (s >= g->nrows || s >= r + 3 || !scored_row(pc, g->rows[s]))
        return false;
    char *w[48];
    int nw = glued_words(g->rows[s], w, 44), k0 = 0;
    while (k0 < nw && level_label(pc, w[k0]))
        k0++;
    /* the units the row's values are stated in */
    char *units[4];
    int nu = 0;
    for (int k = k0 + 1; k < nw - 2 && nu < 4; k++) {
        size_t a, b;
        if (!value_pieces(pc, w[k], NULL, 0, &a, &b) && looks_like_value(pc, w[k]) &&
            unit_word(w[k] + a + b))
            units[nu++] = w[k] + a + b;
    }
    bool ok = k0 >= 1 && k0 + 1 < nw - 2 && nu > 0 && fragment_word(pc, w[k0]) &&
              !looks_like_value(pc, w[k0]);
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
            free_words(pw[nl], npw[nl]);
            break;
        }
        end = i;
        nl++;
    }
    int below = nl - above;
    ok = ok && nl > 0;
    /* a word alone next, no wider than the name's pieces: the name may end there, not for
     * here (a wider one begins the next row's name: 公共服务效率提 / 效益指标 社会效益 / 升) */
    long widest = text_width(w[k0]);
    for (int l = 0; l < nl; l++)
        if (npw[l] > 0 && text[l] && text_width(pw[l][0]) > widest)
            widest = text_width(pw[l][0]);
    if (ok && end + 1 < g->nrows) {
        char *t[2];
        int nt = glued_words(g->rows[end + 1], t, 2);
        ok = !(nt == 1 && fragment_word(pc, t[0]) && !looks_like_value(pc, t[0]) && !level_label(pc, t[0]) &&
               text_width(t[0]) <= widest);
        free_words(t, nt);
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
        ok = indicator_cells(pc, g->rows[s], cells, nc);
        for (int c = 0; c < VC_COLUMNS; c++)
            sb_free(&v[c]);
    }
    for (int l = 0; l < nl; l++)
        if (npw[l] > 0)
            free_words(pw[l], npw[l]);
    sb_free(&name);
    free_words(w, nw);
    if (ok)
        *last = end;
    return ok;
}

/* A row centred on its labels alone, over four lines or five: the tops of its name and of
 * values, the labels, the name's bottom, the values (a value's end among them, which the
 * top completes into a value the form knows) with the weight and score or followed by them
 * alone (验收合格 达成预期 / 质量指标 / 率 / ≥95% 指标 / 10 10). Rows r to the last are one
 * indicator. */
static bool flat_centred_tops(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    if (r + 3 >= g->nrows || !all_words(pc, g->rows[r + 1], 2, level_label))
        return false;
    const src_line *row = g->rows[r + 3];
    bool scored = scored_row(pc, row);
    size_t end = r + 3;
    char *t[4], *d[2], *w[48], *p[3], *l[2];
    int nt = glued_words(g->rows[r], t, 4), nd = glued_words(g->rows[r + 2], d, 2);
    int nw = glued_words(row, w, 44), np = 0, nlab = glued_words(g->rows[r + 1], l, 2);
    if (!scored && r + 4 < g->nrows) {
        np = glued_words(g->rows[r + 4], p, 3);
        end = r + 4;
    }
    bool ok = nt >= 2 && nt <= 3 && nd == 1 && nw >= 1 && fragment_word(pc, t[0]) &&
              !looks_like_value(pc, t[0]) && !level_label(pc, t[0]) && fragment_word(pc, d[0]) &&
              !looks_like_value(pc, d[0]) && text_width(d[0]) <= text_width(t[0]) &&
              !level_label(pc, w[0]) && (scored || (np == 2 && is_number(pc, p[0]) && is_number(pc, p[1])));
    for (int k = 0; ok && k < nw; k++) /* no weight and score of its own but its last two */
        ok = !is_number(pc, w[k]) || (scored && k >= nw - 2);
    int stop = scored ? nw - 2 : nw, from = 0, put[4];
    for (int k = 1; ok && k < nt; k++) {
        put[k] = -1;
        for (int j = from; j < stop && put[k] < 0; j++)
            if (completes_known(pc, t[k], w[j]))
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
        ok = nj == nt - 1 && indicator_cells(pc, row, cells, nc);
    } else {
        ok = false;
    }
    free(name);
    free_words(joined, nj);
    free_words(t, nt);
    free_words(d, nd);
    free_words(w, nw);
    free_words(p, np);
    free_words(l, nlab);
    if (ok)
        *last = end;
    return ok;
}

/* Does a name wrapped around its row's labels begin on row r (name_centred)? */
static bool centred_above(const perf_ctx *pc, size_t r)
{
    return r + 3 < pc->g->nrows && scored_row(pc, pc->g->rows[r + 3]) && name_centred(pc, r, r + 3);
}

/* A nameless row under two to four lines of its label and name pieces only, a level's
 * label among them wrapped onto a later line (满意度指 使用人员满意 / 标 / 服务对象满意度 / 度
 * / ≥% ≥98% ≥98% 10 10): each piece completes a label begun before it, or is a whole label,
 * or a piece of the name, in order; rows r to the row are one indicator. */
static bool flat_label_pieces_above(perf_ctx *pc, size_t r, size_t *last)
{
    const table_grid *g = pc->g;
    size_t s = r;
    while (s < g->nrows && s < r + 4 && !scored_row(pc, g->rows[s]) &&
           (fragment_row(pc, g->rows[s]) || all_words(pc, g->rows[s], 2, level_label)))
        s++;
    if (s < r + 2 || s >= g->nrows || !scored_row(pc, g->rows[s]))
        return false;
    char *label[4], *w[48];
    int nl = 0, wrapped = 0, n = glued_words(g->rows[s], w, 40);
    bool ok = n >= 3 && looks_like_value(pc, w[0]) && !level_label(pc, w[0]);
    strbuf name;
    sb_init(&name);
    for (size_t k = r; ok && k < s; k++) {
        char *t[8];
        int nt = glued_words(g->rows[k], t, 8);
        for (int j = 0; ok && j < nt; j++) {
            int at = -1; /* a label begun before, which the piece completes */
            for (int i = 0; i < nl && at < 0; i++)
                if (completes_label(pc, label[i], t[j]))
                    at = i;
            if (at >= 0) {
                char *both = NULL;
                ok = asprintf(&both, "%s%s", label[at], t[j]) >= 0;
                if (ok) {
                    free(label[at]);
                    label[at] = both;
                    wrapped++;
                }
            } else if ((level_label(pc, t[j]) || starts_field(pc, "level1", t[j]) ||
                        starts_field(pc, "level2", t[j])) && nl < 4) {
                label[nl++] = t[j];
                t[j] = NULL;
            } else {
                sb_adds(&name, t[j]);
            }
        }
        free_words(t, nt);
    }
    for (int i = 0; ok && i < nl; i++)
        ok = level_label(pc, label[i]);
    ok = ok && (wrapped > 0 || name_centred(pc, r, s)) && name.len > 0;
    if (ok) {
        const char *cells[64];
        int nc = 0;
        for (int i = 0; i < nl; i++) /* the 一级 label before the 二级 */
            if (is_field(pc, "level1", label[i]) && !is_field(pc, "level2", label[i]))
                cells[nc++] = label[i];
        for (int i = 0; i < nl; i++)
            if (is_field(pc, "level2", label[i]))
                cells[nc++] = label[i];
        cells[nc++] = name.data;
        for (int k = 0; k < n; k++)
            cells[nc++] = w[k];
        ok = indicator_cells(pc, g->rows[s], cells, nc);
    }
    sb_free(&name);
    free_words(label, nl);
    free_words(w, n);
    if (ok)
        *last = s;
    return ok;
}

/* Rows r to r + 2 of a flattened form as one indicator whose values wrapped in their cells:
 * its labels, name and first values on row r (no number: 成本指标 信息中心网络费 ≤元), the
 * values' beginnings and the weight and score on row r + 1 (≤2600 ≤260000 10 10), the
 * values' ends on row r + 2 (00 元 元), one for each value of row r + 1. */
static bool flat_split_values(perf_ctx *pc, size_t r, size_t from, size_t *last)
{
    const table_grid *g = pc->g;
    if (r < from || r + 2 >= g->nrows)
        return false;
    const src_line *L = g->rows[r], *V = g->rows[r + 1], *T = g->rows[r + 2];
    int first = next_nonempty(L, 0), v0 = next_nonempty(V, 0);
    if (first < 0 || v0 < 0 || count_numbers(pc, L) > 0 || scored_row(pc, L) ||
        !scored_row(pc, V) || !looks_like_value(pc, src_cell_text(V, v0)) || scored_row(pc, T))
        return false;
    char *lw[16], *vw[16], *tw[8];
    int nl = glued_words(L, lw, 16), nv = glued_words(V, vw, 16), nt = glued_words(T, tw, 8);
    bool ok = nv >= 3 && nt == nv - 2 && nl + nv <= 24;
    for (int k = 0; ok && k < nt; k++) /* a number cut before its last digits or its unit */
        ok = value_tail(tw[k]) && looks_like_value(pc, vw[k]) && !is_number(pc, vw[k]) &&
             ends_digit(vw[k]);
    bool named = false; /* row r names the indicator: a word that is no value */
    for (int k = 0; ok && k < nl; k++) {
        named |= !looks_like_value(pc, lw[k]) && !is_field(pc, "level1", lw[k]) &&
                 !is_field(pc, "level2", lw[k]);
        ok = !ends_digit(lw[k]); /* its values whole ("≤元"), none cut like row r + 1's */
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
        ok = indicator_cells(pc, V, cells, nc);
        *last = r + 2;
    }
    free_words(joined, nj);
    free_words(lw, nl);
    free_words(vw, nv);
    free_words(tw, nt);
    return ok;
}

/* ---- indicator rows in reading order (pdftotext -raw: cell after cell, a wrapped cell's
 * lines one after another) ---- */

/* Is row r the indicator grid's header: a row of labels (no numbers) naming 一级指标, or of
 * its column headers (二级指标 … 分值 得分: 绩效指标, 一级指标 wrapped off it); in a compact
 * form also its label wrapped a few characters a line ("绩效" / "指标"): a row of one word
 * that the next row's first word completes? */
static bool indicator_header_at(const perf_ctx *pc, size_t r)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[r];
    bool header = false, numbers = false;
    int columns = 0, one[2];
    for (int c = 0; c < l->ncells && !numbers; c++) { /* a line of numbers is no header */
        header |= is_field(pc, "indicators", src_cell_text(l, c));
        columns += is_field(pc, "indicator_columns", src_cell_text(l, c));
        numbers |= *src_cell_text(l, c) && is_number(pc, src_cell_text(l, c));
    }
    if (numbers)
        return false;
    if (header || columns >= 2)
        return true;
    if (!pc->compact || r + 1 >= g->nrows || words(l, one, 2) != 1)
        return false;
    const src_line *nl = g->rows[r + 1];
    int w = next_nonempty(nl, 0);
    char *both = NULL;
    if (w < 0 || asprintf(&both, "%s%s", src_cell_text(l, one[0]), src_cell_text(nl, w)) < 0)
        return false;
    header = is_field(pc, "indicators", both);
    free(both);
    return header;
}

/* Is the form printed in reading order: its indicators' header line without 得分 and
 * followed by a line of one word (the next header cell's first line)? */
static bool reading_order(const perf_ctx *pc)
{
    const table_grid *g = pc->g;
    for (size_t r = 0; r + 1 < g->nrows; r++) {
        const src_line *l = g->rows[r];
        bool score = false;
        for (int c = 0; c < l->ncells; c++)
            score |= is_field(pc, "score", src_cell_text(l, c));
        if (indicator_header_at(pc, r)) {
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
        if (i + 1 < n && latin_before_han(w[i], w[i + 1]) && asprintf(&j, "%s%s", w[i], w[i + 1]) >= 0) {
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
    if (!prev || nc < 2 || level_label(pc, cells[0]) || looks_like_value(pc, cells[0]) ||
        !xml_is(xmlLastElementChild(prev), "score"))
        return NULL;
    return words_ends(&pc->vocab->lists[V_SENTENCE_END], cells[0], strlen(cells[0])) ? prev : NULL;
}

/* More cells before a row's weight and score than its name and three values: a cell of
 * another row (a reason without its full stop), a piece read apart, or a row printed so. */
static bool overfull(const perf_ctx *pc, char *const *cells, int nc)
{
    int before = 0;
    if (nc < 2 || !is_number(pc, cells[nc - 1]) || !is_number(pc, cells[nc - 2]))
        return false;
    for (int k = 0; k < nc - 2; k++)
        before += !level_label(pc, cells[k]);
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
    int a = next_nonempty(l, 0);
    if (a < 0)
        return false;
    const char *t = src_cell_text(l, a);
    if (level_label(pc, t) || starts_field(pc, "total_score", t) || is_field2(pc, "total_score", l, a))
        return true;
    const src_line *nl = k + 1 < g->nrows ? g->rows[k + 1] : NULL;
    int b = nl ? next_nonempty(nl, 0) : -1;
    char *both = NULL;
    bool yes = b >= 0 && asprintf(&both, "%s%s", t, src_cell_text(nl, b)) >= 0 && level_label(pc, both);
    free(both);
    return yes;
}

/* Is text a value or name this form's indicators read already (达成预期目标)? */
static bool read_already(const perf_ctx *pc, const char *text)
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
    if (unit_tail(t) && looks_like_value(pc, cell) && ends_digit(cell) && !is_number(pc, cell))
        return digits ? 300 : 200;
    if (digits || looks_like_value(pc, t) || !text_cell(pc, cell))
        return -1;
    long chars = utf8_chars(cell, strlen(cell));
    if ((long)utf8_chars(t, strlen(t)) > chars)
        return -1;
    char *j = NULL;
    /* a value the form read already, or one the definitions know (达成预期指 / 标 under the
     * form's first qualitative row) */
    bool known = asprintf(&j, "%s%s", cell, t) >= 0 && (read_already(pc, j) || completes_known(pc, cell, t));
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
    if (r + 1 >= g->nrows || (!scored_row(pc, g->rows[r]) && !scores_alone) ||
        !fragment_row(pc, g->rows[r + 1]) || begins_level(pc, r + 1))
        return false;
    char *bw[8];
    int nb = glued_words(g->rows[r + 1], bw, 8), at[8];
    /* units alone begin no row: they end values of row r cut before them, whatever follows
     * (≤元 ≤70000 ≤70000 元 3 3 / 元 / "13710"督办 ≤元 …) */
    bool next_level = begins_level(pc, r + 2), all = false;
    if (next_level)
        all = match_tails(pc, cells, scores_alone ? 0 : first, nc, bw, nb, scores_alone, at);
    else if (match_tails(pc, cells, scores_alone ? 0 : first, nc, bw, nb, true, at)) {
        all = true;
        for (int k = 0; k < nb && all; k++)
            /* a unit or percent sign, or a value's last digits and unit (≤2000 / 00 元) */
            all = !level_label(pc, bw[k]) &&
                  (tail_fit(pc, cells[at[k]], bw[k], true) >= 300 ||
                   ((unit_word(bw[k]) || percent_tail(bw[k])) &&
                    tail_fit(pc, cells[at[k]], bw[k], true) >= 200));
    }
    for (int k = 0; all && k < nb; k++) {
        char *j = NULL;
        if (asprintf(&j, "%s%s", cells[at[k]], bw[k]) >= 0) {
            free(cells[at[k]]);
            cells[at[k]] = j;
        }
    }
    free_words(bw, nb);
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
        !is_number(pc, cells[nc - 1]) || !is_number(pc, cells[nc - 2]) || begins_level(pc, r + 1))
        return false;
    char *w[2];
    int n = glued_words(g->rows[r + 1], w, 2);
    bool take = n == 1 && fragment_word(pc, w[0]) && !looks_like_value(pc, w[0]) &&
                !level_label(pc, w[0]) && (long)utf8_chars(w[0], strlen(w[0])) == width;
    int below = 0;
    for (size_t k = r + 2; take && k < g->nrows && !begins_level(pc, k); k++) {
        char *u[2];
        int m = glued_words(g->rows[k], u, 2);
        bool alike = m == 1 && fragment_word(pc, u[0]) && !looks_like_value(pc, u[0]) &&
                     (long)utf8_chars(u[0], strlen(u[0])) == width;
        free_words(u, m);
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
    free_words(w, n);
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
static bool reading_row(perf_ctx *pc, size_t from, size_t r)
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
        int n = join_latin_words(w, glued_words(g->rows[k], w, 16));
        bool cut_unit = n >= 1 && nc > 0 && prev_words == 1 &&
                        (unit_word(w[0]) || percent_sign(w[0])) &&
                        looks_like_value(pc, cells[nc - 1]) && ends_digit(cells[nc - 1]);
        /* a comparison alone or last on its line, its number on the next (≤ / 400500 /
         * 元) */
        cut_unit |= n >= 1 && nc > 0 && prev_words >= 1 && sign_only(pc, cells[nc - 1]) &&
                    w[0][0] >= '0' && w[0][0] <= '9';
        /* a comparison cut inside its number, alone on its line, its last digits and unit
         * or percent sign on the next (≥9 / 3%) */
        cut_unit |= n >= 1 && nc > 0 && prev_words == 1 && looks_like_value(pc, cells[nc - 1]) &&
                    !is_number(pc, cells[nc - 1]) && ends_digit(cells[nc - 1]) &&
                    !sign_only(pc, cells[nc - 1]) && w[0][0] >= '0' && w[0][0] <= '9' &&
                    unit_tail(w[0]);
        long chars = n >= 1 ? utf8_chars(w[0], strlen(w[0])) : 0;
        /* a label alone on its line that the next line's first word makes a longer label
         * (社会效益 / 指标: the 一级 label 社会效益指标 wrapped) */
        bool grows = n >= 1 && nc > 0 && prev_words == 1 && chars <= prev_chars &&
                     grows_label(pc, cells[nc - 1], w[0]);
        /* a word alone that the cell ends with already is the next cell, a value that
         * repeats the name's last word (工作开 / 展便捷 / 便捷: 工作开展便捷, 便捷) */
        bool repeats = n == 1 && nc > 0 && strlen(cells[nc - 1]) > strlen(w[0]) &&
                       str_ends(cells[nc - 1], w[0]);
        /* a percentage ends its value: the text below it is the next cell (质量指标 验收合格率
         * ≥95% / 达成预期 / 指标 10 10) */
        bool percent_ends = nc > 0 && looks_like_value(pc, cells[nc - 1]) &&
                            ends_percent(cells[nc - 1]);
        if (cut_unit || grows || (n >= 1 && prev_chars > 0 && nc > 0 && !repeats && !percent_ends &&
                         ((n == 1 && !closed) || prev_words > 1 || (prev_words == 1 && !closed) ||
                          completes_label(pc, cells[nc - 1], w[0])) &&
                         !level_label(pc, cells[nc - 1]) && !level_label(pc, w[0]) &&
                         !looks_like_value(pc, w[0]) &&
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
    bool doubt = !owner && nc > 0 && !level_label(pc, cells[0]) && overfull(pc, cells, nc) &&
                 pc->indicators && xml_is(xmlLastElementChild(xmlLastElementChild(pc->indicators)), "score");
    /* a name of three lines or more, its last as long as the others, with room for one
     * more value in the row: that line may as well be the next cell (工作 / 正常 / 运转 /
     * 保障 / 达成预期 / 指标 15 15) */
    int name = lead;
    while (name < nc && level_label(pc, cells[name]))
        name++;
    /* the width of the name's last line (of each, when they are alike) */
    long name_width = name < nc ? (long)utf8_chars(cells[name] + tail[name], strlen(cells[name] + tail[name])) : 0;
    bool room = name + 3 < nc && lines[name] >= 3 && even[name] && is_number(pc, cells[nc - 1]) &&
                is_number(pc, cells[nc - 2]) && nc - 2 - (name + 1) < 3;
    doubt |= room;
    /* …and when that line is a qualitative target (保障) before a qualitative achievement
     * (达成预期指标), as such a row prints its targets, it is taken as the target (still
     * uncertain) */
    if (room && nc < 96 && tail[name] > 0 && name + 1 < nc - 2 &&
        is_field(pc, "qualitative_value", cells[name] + tail[name]) &&
        is_field(pc, "qualitative_value", cells[name + 1])) {
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
        indicator_row(pc, &fake, NULL, 0);
        if (doubt && pc->indicators)
            xml_set(xmlLastElementChild(pc->indicators), "certain", "false");
    }
    free(sc);
    free_words(cells, nc);
    return tails;
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

/* A flattened form's reason (偏差原因分析) wrapped a few characters a line in its narrow column,
 * its pieces on lines of their own or last on the lines of the values beside them (因支 / 付系 /
 * ≤2000 统提 / 成本指标 下乡调研费 ≤元 197122.33 1.5 1.1 / 前结 / 00 元 / 束导 / 致。): taken out of
 * the lines, so that no piece reads as a row or a cell of one, and kept as its row's reason.
 * A piece is a short text (four characters at most), a line's only or last word, not a unit
 * after digits alone (00 元); read upwards from one that ends a sentence, the pieces fill their
 * width alike (the last may be shorter), the lines between them hold values or numbers only
 * beside them, and they span one scored row, whose reason they are. */
typedef struct reason_notes {
    long line[16]; /* the scored row's line */
    char *text[16];
    int n;
} reason_notes;

static bool has_reason(xmlNodePtr ind)
{
    for (xmlNodePtr c = ind->children; c; c = c->next)
        if (xml_is(c, "reason"))
            return true;
    return false;
}

static int reason_piece(const perf_ctx *pc, const src_line *l)
{
    int at[16];
    int n = words(l, at, 16);
    if (n < 1 || n > 16)
        return -1;
    const char *t = src_cell_text(l, at[n - 1]);
    if (looks_like_value(pc, t) || !fragment_word(pc, t) || level_label(pc, t) ||
        strpbrk(t, "0123456789") || utf8_chars(t, strlen(t)) > 4)
        return -1;
    if (n == 2 && strspn(src_cell_text(l, at[0]), "0123456789") == strlen(src_cell_text(l, at[0])))
        return -1; /* 00 元: a value's end */
    return at[n - 1];
}

/* Does word t of row k end a value the form knows begun by a word one or two lines above
 * (达成预期 / 时效指标 及时 10 10 / 时性 目标)? */
static bool ends_value_above(const perf_ctx *pc, size_t k, const char *t)
{
    bool yes = false;
    for (size_t up = 1; up <= 2 && up <= k && !yes; up++) {
        char *u[8];
        int nu = glued_words(pc->g->rows[k - up], u, 8);
        for (int i = 0; i < nu && !yes; i++)
            yes = completes_known(pc, u[i], t);
        free_words(u, nu);
    }
    return yes;
}

/* Does line l hold a value or a number (a row's line, or a value's piece)? */
static bool holds_values(const perf_ctx *pc, const src_line *l)
{
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && (looks_like_value(pc, src_cell_text(l, c)) ||
                                     strpbrk(src_cell_text(l, c), "0123456789")))
            return true;
    return false;
}

static void take_reasons(perf_ctx *pc, size_t from, halves_grid *h, reason_notes *notes)
{
    const table_grid *g = pc->g;
    memset(h, 0, sizeof *h);
    notes->n = 0;
    for (size_t e = from; e < g->nrows && notes->n < 16; e++) {
        int ce = reason_piece(pc, g->rows[e]);
        if (ce < 0 || !ends_sentence(pc, src_cell_text(g->rows[e], ce)))
            continue;
        size_t lines[12];
        int cells[12], np = 0, scored = 0;
        long width = -1, scored_line = -1;
        lines[np] = e;
        cells[np++] = ce;
        for (size_t k = e; k-- > from && k + 10 > e && np < 12;) {
            const src_line *l = g->rows[k];
            if (scored_row(pc, l)) { /* a scored row without a piece beside it */
                if (scored > 0)
                    break; /* the row above's */
                scored++;
                scored_line = (long)k;
                continue;
            }
            /* above the reason's row, a line that is the lower half of the cells around the
             * scored row over it is that row's (培训及 达成预期 / 时效指标 及时 10 10 / 时性 目标
             * over 因支 / 付系 …) */
            if (scored > 0 && k >= 1 && halves_around(pc, k - 1))
                break;
            int c = reason_piece(pc, l);
            long chars = c >= 0 ? (long)utf8_chars(src_cell_text(l, c), strlen(src_cell_text(l, c))) : 0;
            if (c >= 0 && ends_sentence(pc, src_cell_text(l, c)))
                break; /* the reason before ends here */
            if (c >= 0 && ends_value_above(pc, k, src_cell_text(l, c)))
                break; /* a value's end (达成预期 / … / 目标), no reason's */
            if (c >= 0 && (width < 0 || chars == width)) {
                int at[16];
                int n = words(l, at, 16);
                /* a scored row with its piece after its weight and score */
                if (n >= 3 && is_number(pc, src_cell_text(l, at[n - 2])) &&
                    is_number(pc, src_cell_text(l, at[n - 3]))) {
                    if (scored > 0)
                        break;
                    scored++;
                    scored_line = (long)k;
                }
                width = chars;
                lines[np] = k;
                cells[np++] = c;
            } else if (c < 0 && holds_values(pc, l)) {
                continue;
            } else {
                break;
            }
        }
        long last_chars = (long)utf8_chars(src_cell_text(g->rows[e], ce), strlen(src_cell_text(g->rows[e], ce)));
        /* the last piece no wider, but for its sentence's mark, which may hang past the
         * line's end (导致。 under 变更) */
        if (scored != 1 || np < 3 || last_chars > width + 1)
            continue;
        /* the scored row must lie between the first piece and the last */
        if (scored_line < (long)lines[np - 1] || scored_line > (long)e)
            continue;
        if (!h->g.rows) {
            if (!(h->g.rows = malloc(g->nrows * sizeof *h->g.rows)))
                return;
            memcpy(h->g.rows, g->rows, g->nrows * sizeof *g->rows);
            h->g.nrows = g->nrows;
        }
        strbuf sb;
        sb_init(&sb);
        for (int k = np; k-- > 0;)
            sb_adds(&sb, src_cell_text(g->rows[lines[k]], cells[k]));
        /* copies of its lines first: all or none (a form of many reasons may run out) */
        src_line *copies[12];
        int nco = 0;
        for (; nco < np && (copies[nco] = halves_line(h, lines[nco], 0)) != NULL; nco++)
            ;
        if (nco < np) {
            sb_free(&sb);
            break;
        }
        static char none[] = "";
        for (int k = 0; k < np; k++)
            copies[k]->cells[cells[k]].text = none;
        notes->line[notes->n] = g->rows[scored_line]->no;
        notes->text[notes->n++] = sb_take(&sb);
    }
    if (!h->g.rows)
        return;
    /* the lines left empty go */
    size_t kept = 0;
    for (size_t r = 0; r < h->g.nrows; r++)
        if (r < from || next_nonempty(h->g.rows[r], 0) >= 0)
            h->g.rows[kept++] = h->g.rows[r];
    h->g.nrows = kept;
}

/* Is a label of the field printed on a row with nothing beside it? */
static bool bare_label(const perf_ctx *pc, const char *field)
{
    for (size_t r = 0; r < pc->g->nrows; r++) {
        const src_line *l = pc->g->rows[r];
        int first = next_nonempty(l, 0);
        if (first >= 0 && next_nonempty(l, first + 1) < 0 && is_field(pc, field, src_cell_text(l, first)))
            return true;
    }
    return false;
}

void perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
               const char *file,
               gfa_diags *diags)
{
    perf_ctx pc;
    memset(&pc, 0, sizeof pc);
    key_memo memo = {NULL, NULL};
    pc.memo = &memo;
    pc.vocab = &ctx->vocab;
    pc.def = def;
    pc.g = g;
    pc.ns = perf->ns;
    pc.doc = perf->doc;
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
    size_t name_end = 0, funds_at = 0, funds_end = 0, used_below = 0, row_from = SIZE_MAX;
    size_t top_at = SIZE_MAX;
    const table_grid *printed = g;
    halves_grid reasons; /* the form's lines without its reasons' pieces */
    reason_notes notes;
    memset(&reasons, 0, sizeof reasons);
    notes.n = 0;
    bool in_order = pc.in_order = pc.compact && reading_order(&pc);
    if (pc.compact) {
        name_end = flat_project(&pc);
        funds_end = flat_funds(&pc, name_end);
        for (funds_at = name_end; funds_at < funds_end; funds_at++) {
            const src_line *l = g->rows[funds_at];
            int first = next_nonempty(l, 0);
            size_t tail;
            char *wrapped = NULL;
            if (first >= 0 && count_numbers(&pc, l) >= 3 &&
                (total_cell(&pc, l) || (wrapped = wrapped_total(&pc, funds_at, &tail)))) {
                free(wrapped);
                break;
            }
        }
    }
    for (size_t r = name_end; r < g->nrows; r++) {
        if (r == funds_at && funds_end > funds_at) {
            r = funds_end - 1;
            mode = MODE_NONE;
            continue;
        }
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
        bool indicator_header = indicator_header_at(&pc, r);
        if (indicator_header) {
            mode = MODE_INDICATORS;
            /* its words wrapped below it are no cells of a row, but for the top half of
             * the first row's cells (参加 / 产出指标 数量指标 培训 ≥2天 … 20 20 / (会) */
            if (pc.compact && !in_order)
                for (; r + 1 < g->nrows && header_leftover(&pc, g->rows[r + 1]) &&
                       !((halves_around(&pc, r + 2) || centred_above(&pc, r + 1)) &&
                         !header_pieces(&pc, g->rows[r + 1]));
                     r++)
                    used_below = r + 1;
            if (pc.compact && !reasons.g.rows) {
                take_reasons(&pc, r + 1, &reasons, &notes);
                if (reasons.g.rows)
                    pc.g = g = &reasons.g;
            }
            continue;
        }
        bool total2 = is_field2(&pc, "total_score", l, first);
        if (is_field(&pc, "total_score", ft) || total2) {
            size_t total_at = r;
            r = total_rows(&pc, r, total2 ? 2 : 1);
            if (pc.compact && compact_analysis(&pc, total_at, total2 ? 2 : 1, r))
                break;
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
        case MODE_INDICATORS:
            if (in_order) {
                /* the rows begin at a 一级 label, whole or wrapped (产出指 / 标) */
                int a0 = next_nonempty(l, 0);
                const src_line *nl = r + 1 < g->nrows ? g->rows[r + 1] : NULL;
                int b0 = nl ? next_nonempty(nl, 0) : -1;
                char *both = NULL;
                if (row_from == SIZE_MAX && a0 >= 0 &&
                    (is_field(&pc, "level1", src_cell_text(l, a0)) ||
                     (b0 >= 0 && asprintf(&both, "%s%s", src_cell_text(l, a0), src_cell_text(nl, b0)) >= 0 &&
                      is_field(&pc, "level1", both))))
                    row_from = r;
                free(both);
                int at2[3];
                bool two = words(l, at2, 3) == 2 && is_number(&pc, src_cell_text(l, at2[0])) &&
                           is_number(&pc, src_cell_text(l, at2[1]));
                if (row_from != SIZE_MAX && (two || scored_row(&pc, l))) {
                    if (reading_row(&pc, row_from, r))
                        r++; /* its cells' second lines */
                    row_from = r + 1;
                }
                break;
            }
            if (pc.compact && (flat_top_completes(&pc, r, &used_below) ||
                               flat_centred_tops(&pc, r, &used_below) ||
                               flat_value_columns(&pc, r, &used_below) ||
                               flat_cut_across(&pc, r, &used_below) ||
                               flat_labels_wrapped_above(&pc, r, &used_below) ||
                               flat_stacked_name(&pc, r, &used_below) ||
                               flat_nested_halves(&pc, r, &used_below) ||
                               flat_labels_between(&pc, r, &used_below) ||
                               flat_label_pieces_above(&pc, r, &used_below) ||
                               flat_name_stack(&pc, r, used_below + 1, &used_below) ||
                               flat_unit_scored(&pc, r, used_below + 1, &used_below) ||
                               flat_aligned(&pc, r, used_below + 1, &used_below) ||
                               flat_thin_row(&pc, r, used_below + 1, &used_below) ||
                               flat_thin_name_around(&pc, r, &used_below) ||
                               flat_units_below(&pc, r, &used_below) ||
                               flat_split_values(&pc, r, used_below + 1, &used_below) ||
                               flat_stacked_values(&pc, r, &used_below) ||
                               flat_signs_above(&pc, r, &used_below) ||
                               flat_indicator(&pc, r, used_below + 1, &used_below) ||
                               flat_name_top_tails(&pc, r, &used_below) ||
                               flat_tails_below(&pc, r, &used_below))) {
                if (top_at != SIZE_MAX && top_at + 1 == r)
                    name_ends(&pc, top_at, &used_below);
                r = used_below;
                break;
            }
            if (pc.compact && name_top(&pc, r)) {
                top_at = r; /* the next row's name begins here */
                break;
            }
            if (!pc.compact || !paired_fragment(&pc, r))
                indicator_row(&pc, l, NULL, 0);
            break;
        case MODE_ANALYSIS: analysis_row(&pc, l); break;
        default: break;
        }
    }
    /* the reasons taken out of the lines, to their rows */
    for (xmlNodePtr i = pc.indicators ? pc.indicators->children : NULL; i; i = i->next) {
        const char *at = i->type == XML_ELEMENT_NODE ? xml_attr(i, "line") : NULL;
        for (int k = 0; at && k < notes.n; k++)
            if (notes.text[k] && strtol(at, NULL, 10) == notes.line[k] && !has_reason(i)) {
                xml_child(i, "reason", notes.text[k]);
                free(notes.text[k]);
                notes.text[k] = NULL;
            }
    }
    for (int k = 0; k < notes.n; k++)
        free(notes.text[k]);
    pc.g = g = printed;
    halves_grid_free(&reasons);
    if (pc.compact)
        compact_codes(&pc, name_end);
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
    if (!pc.funds && !pc.unit && bare_label(&pc, "department"))
        /* the form's label column alone (主管部门 with no value, no 预算单位 beside it): a
         * sheet printed as it is (wider than the page) sets its value columns on the pages
         * after, which the text gives as pages of their own */
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: its labels (项目名称, 主管部门…) stand without their values: "
                 "the form's columns continue on other pages (a sheet printed as it is) that "
                 "were not joined; its values are not read, the printed rows are kept in <grid>");
    else if (!pc.project || !pc.funds)
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: %s not found; the printed rows are kept in <grid>",
                 !pc.project ? "the project name (项目名称)" : "the funds block (资金总额)");
    free(pc.level1);
    free(pc.level2);
    free(memo.text);
    free(memo.key);
}
