/* perf_compact.c — the performance-form reader (perf.c): forms read from flattened text
 * (compact rows: a line's words are its cells): the project, the header's codes, funds rows
 * and their numbers wrapped around them, goals, a compact row's values and indicator rows. */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- forms read from flattened text (compact rows: a line's words are its cells) ----
 * A wrapped cell's lines stand on the lines above and below the row's numbers, mixed with
 * the other cells' lines; the form's structure (its labels, its rows of numbers) says
 * whose they are. */

/* Is the text (a key, trailing colons aside) the beginning (two characters or more) of a
 * label of the field, or the label itself? */
bool perf_starts_field(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = perf_field_key(pc, field, text, &f);
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
size_t perf_flat_project(perf_ctx *pc)
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
            int first = perf_next_nonempty(l, 0);
            if (first < 0)
                continue;
            bool dept = coded_text(src_cell_text(l, first));
            for (int c = first; c < l->ncells && !dept; c++)
                dept = perf_starts_field(pc, "department", src_cell_text(l, c)) ||
                       perf_is_field(pc, "unit", src_cell_text(l, c)) ||
                       perf_is_field(pc, "funds", src_cell_text(l, c));
            if (dept) {
                end = r;
                break;
            }
            for (int c = first; c < l->ncells; c++) {
                const char *t = src_cell_text(l, c);
                if (!*t)
                    continue;
                char *k = text_key(pc->vocab->variants, t, strlen(t));
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
            pc->project = perf_new_el(pc, "project", g->rows[0]->no);
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

/* Does the row hold a label of the funds block or a row of its numbers (the header ends)? */
static bool funds_begin(const perf_ctx *pc, const src_line *l)
{
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && perf_starts_field(pc, "funds", src_cell_text(l, c)))
            return true;
    return perf_count_numbers(pc, l) >= 3;
}

/* A header's coded value: the code and the name after it; in reading order, the name's
 * wrapped lines below (its words up to the next label, code or the funds block). */
static xmlNodePtr header_code(perf_ctx *pc, const char *el, size_t r, int c, size_t end)
{
    const table_grid *g = pc->g;
    const src_line *l = g->rows[r];
    xmlNodePtr n = perf_coded_name(pc, el, src_cell_text(l, c), l->no);
    if (!pc->in_order || perf_next_nonempty(l, c + 1) >= 0)
        return n;
    strbuf name;
    sb_init(&name);
    sb_adds(&name, xml_attr(n, "name") ? xml_attr(n, "name") : "");
    for (size_t w = r + 1; w < end; w++) {
        const src_line *nl = g->rows[w];
        int a = perf_next_nonempty(nl, 0);
        if (a < 0)
            continue;
        const char *t = src_cell_text(nl, a);
        if (perf_next_nonempty(nl, a + 1) >= 0 || coded_text(t) || perf_starts_field(pc, "department", t) ||
            perf_starts_field(pc, "unit", t) || funds_begin(pc, nl))
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
void perf_compact_codes(perf_ctx *pc, size_t from)
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
            if (*t && perf_starts_field(pc, "unit", t))
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

int perf_count_numbers(const perf_ctx *pc, const src_line *l)
{
    int n = 0;
    for (int c = 0; c < l->ncells; c++)
        n += *src_cell_text(l, c) && perf_is_number(pc, src_cell_text(l, c));
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
const char *perf_total_cell(const perf_ctx *pc, const src_line *l)
{
    const form_field *f = table_def_field(pc->def, "fund_total");
    for (int c = 0; c < l->ncells && f; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (perf_is_number(pc, t))
            return NULL;
        char *k = text_key(pc->vocab->variants, t, strlen(t));
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
    char *k = f ? text_key(pc->vocab->variants, text, strlen(text)) : NULL;
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
    char *k = f ? text_key(pc->vocab->variants, text, strlen(text)) : NULL;
    bool yes = false;
    for (size_t i = 0; k && i < f->labels.count && !yes; i++)
        yes = strstr(k, f->labels.keys[i]) != NULL;
    free(k);
    return yes;
}

/* A lone word on row r (a line of a wrapped cell), else NULL. */
static const char *lone_word(const table_grid *g, size_t r)
{
    int a = perf_next_nonempty(g->rows[r], 0);
    return a >= 0 && perf_next_nonempty(g->rows[r], a + 1) < 0 ? src_cell_text(g->rows[r], a) : NULL;
}

/* The funds' total label wrapped in a narrow cell: the row's first cell ends or begins a
 * label of fund_total and the lone words of the rows above it (raw text: 资金总 / 额: 26 …)
 * or below it (资金总 26 … / 额:) complete it. The label (malloc'd) and how many rows below
 * it took, else NULL. */
char *perf_wrapped_total(const perf_ctx *pc, size_t r, size_t *tail)
{
    const table_grid *g = pc->g;
    int first = perf_next_nonempty(g->rows[r], 0);
    const char *t = first >= 0 ? src_cell_text(g->rows[r], first) : "";
    if (!*t || perf_is_number(pc, t) || perf_is_field(pc, "fund_total", t))
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
            if (lone && sb.data && perf_is_field(pc, "fund_total", sb.data)) {
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
        perf_fund_row_as(pc, l, fr->total ? fr->total : perf_total_cell(pc, l), NULL);
        return;
    }
    size_t n = fr->to - fr->from;
    int one[12], none = 0; /* rows of one word: source or reason */
    bool why = false;
    int last_num = -1;
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && perf_is_number(pc, src_cell_text(l, c)))
            last_num = c;
    why = perf_next_nonempty(l, last_num + 1) >= 0;
    size_t bytes = 0; /* every split is tried: a few short words only (hostile input) */
    for (size_t k = 0; k < n; k++) {
        const src_line *w = g->rows[fr->from + k];
        int a = fr->from + k == fr->line ? -1 : perf_next_nonempty(w, 0); /* its own words: below */
        if (a >= 0 && perf_next_nonempty(w, a + 1) >= 0)
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
    bool ordered = pc->in_order && why && (fr->lead < 0 || perf_next_nonempty(l, last_num + 1) < 0);
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
            int a = fr->from + k == fr->line ? -1 : perf_next_nonempty(w, 0);
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
        char *key = text_key(pc->vocab->variants, sb.data ? sb.data : "", sb.len);
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
            for (int c = perf_next_nonempty(l, last_num + 1); c >= 0; c = perf_next_nonempty(l, c + 1))
                sb_adds(&rsn, src_cell_text(l, c));
            own_why_done = true;
        }
        if (k == n)
            break;
        const src_line *w = g->rows[fr->from + k];
        if (fr->from + k == fr->line && fr->lead >= 0)
            sb_adds(&src, src_cell_text(w, fr->lead));
        int a = fr->from + k == fr->line ? -1 : perf_next_nonempty(w, 0);
        if (a < 0)
            continue;
        bool lone = j < none && one[j] == (int)k;
        bool to_src = !lone || (best_mask >> j & 1u);
        if (lone)
            j++;
        if (to_src)
            sb_adds(&src, src_cell_text(w, a));
        for (int c = to_src ? perf_next_nonempty(w, a + 1) : a; c >= 0; c = perf_next_nonempty(w, c + 1))
            sb_adds(&rsn, src_cell_text(w, c));
    }
    if (fr->lead >= 0 && !ordered && !names_source_cut(pc, src.data ? src.data : ""))
        perf_fund_row_as(pc, l, NULL, NULL); /* no wrapped source names a fund: the row's own words */
    else
        perf_fund_row_as(pc, l, src.data ? src.data : "", rsn.data ? rsn.data : "");
    sb_free(&src);
    sb_free(&rsn);
}

void perf_halves_grid_free(halves_grid *h)
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
src_line *perf_halves_line(halves_grid *h, size_t r, int extra)
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
    return perf_is_number(pc, t);
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
        int n = perf_count_numbers(pc, l), up[4], down[4];
        if (n >= want || r == 0 || r + 1 >= g->nrows || (k > 0 && rows[k - 1].line + 1 >= r) ||
            (k + 1 < nr ? rows[k + 1].line <= r + 1 : r + 1 >= rows[k].to))
            continue;
        const src_line *a = g->rows[r - 1], *b = g->rows[r + 1];
        if (perf_count_numbers(pc, a) >= 3 || perf_count_numbers(pc, b) >= 3)
            continue;
        int nu = ending_words(a, number_word, pc, up, 4), nd = ending_words(b, digits_word, pc, down, 4);
        if (nu < 1 || nu != nd || n + nu != want)
            continue;
        char *joined[4];
        int nj = 0;
        for (; nj < nu; nj++) { /* last first: the k-th from the end above with the k-th below */
            if (asprintf(&joined[nj], "%s%s", src_cell_text(a, up[nj]), src_cell_text(b, down[nj])) < 0)
                break;
            if (!perf_is_number(pc, joined[nj])) {
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
        src_line *ca = perf_halves_line(h, r - 1, 0), *cb = perf_halves_line(h, r + 1, 0), *cl = perf_halves_line(h, r, nu);
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
            if (*src_cell_text(cl, c) && perf_is_number(pc, src_cell_text(cl, c)))
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

/* A line of one number (a wrapped number's piece: 10.0 / 0)? */
static bool number_line(const perf_ctx *pc, const src_line *l)
{
    int at[2];
    return perf_words(l, at, 2) == 1 && perf_is_number(pc, src_cell_text(l, at[0]));
}

/* The words of rows [from, to) joined: a wrapped cell's lines in reading order. */
static char *rows_text(const perf_ctx *pc, size_t from, size_t to)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t r = from; r < to; r++) {
        const src_line *w = pc->g->rows[r];
        for (int c = perf_next_nonempty(w, 0); c >= 0; c = perf_next_nonempty(w, c + 1))
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
    int need = want - perf_count_numbers(pc, l), np = 0;
    char *p[8];
    size_t below = fr->line + 1;
    if (!pc->in_order || need <= 0 || (!fr->labelled && (fr->lead >= 0 || fr->from >= fr->line)))
        return false;
    for (; below < fr->to && np < 8 && number_line(pc, g->rows[below]); below++)
        p[np++] = strdup(src_cell_text(g->rows[below], perf_next_nonempty(g->rows[below], 0)));
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
            perf_fund_row_as(pc, &fake, fr->total ? fr->total : perf_total_cell(pc, l), NULL);
        else
            perf_fund_row_as(pc, &fake, src ? src : "", why ? why : "");
    }
    free(src);
    free(why);
    free(sc);
    perf_free_words(p, np);
    return sc && ok;
}

/* The funds block of a flattened form: from its 资金总额 row to the next block's label.
 * Each row of numbers is a fund; the rows of words between two of them are the lower
 * one's when the upper one printed its source on its own row, else cut where the two
 * rows' sources and reasons fit best. Returns the first row after the block (from when
 * there is none). */
size_t perf_flat_funds(perf_ctx *pc, size_t from)
{
    const table_grid *g = pc->g;
    size_t a = from, b, tail = 0;
    char *total = NULL;
    for (; a < g->nrows; a++) {
        const src_line *l = g->rows[a];
        int first = perf_next_nonempty(l, 0);
        if (first >= 0 && perf_count_numbers(pc, l) >= 3 &&
            (perf_total_cell(pc, l) || (total = perf_wrapped_total(pc, a, &tail))))
            break;
    }
    if (a >= g->nrows)
        return from;
    static const char *const next_blocks[] = {"goals", "indicators", "analysis", "total_score"};
    for (b = a + 1; b < g->nrows && b < a + 64; b++) {
        const src_line *l = g->rows[b];
        int first = perf_next_nonempty(l, 0);
        bool end = false;
        for (size_t f = 0; f < ARRAY_LEN(next_blocks) && first >= 0 && !end; f++)
            end = perf_starts_field(pc, next_blocks[f], src_cell_text(l, first));
        if (end)
            break;
    }
    flat_row rows[16] = {{0}};
    int nr = 0;
    for (size_t r = a; r < b && nr < 16; r++) {
        const src_line *l = g->rows[r];
        if (perf_count_numbers(pc, l) < 3)
            continue;
        int first = perf_next_nonempty(l, 0);
        rows[nr].line = r;
        /* a source printed whole on its row (names a fund: 财政资金) or the total's label;
         * else the row's words before its numbers are a line of its wrapped source (区财) */
        const char *lead = first >= 0 && !perf_is_number(pc, src_cell_text(l, first)) ? src_cell_text(l, first) : NULL;
        rows[nr].labelled = lead && (perf_total_cell(pc, l) || (r == a && total) || names_source(pc, lead));
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
    int want = nr > 0 ? perf_count_numbers(pc, g->rows[rows[0].line]) : 0;
    want = want > FUND_NUMBERS ? want : FUND_NUMBERS; /* the total row's, a column more or not */
    bool patched = fund_number_halves(pc, rows, nr, want, &h);
    if (patched)
        pc->g = &h.g;
    for (int k = 0; k < nr; k++)
        if (k == 0 || !fund_numbers_below(pc, &rows[k], want))
            flat_fund(pc, &rows[k]);
    pc->g = g;
    perf_halves_grid_free(&h);
    free(total);
    return b;
}

void perf_goal_row(perf_ctx *pc, const src_line *l)
{
    int a = perf_next_nonempty(l, 0);
    if (a < 0 || pc->ngoals >= 16)
        return;
    int b = perf_next_nonempty(l, a + 1);
    xmlNodePtr goal = perf_new_el(pc, "goal", l->no);
    xml_child(goal, "target", src_cell_text(l, a));
    if (b >= 0)
        xml_child(goal, "actual", src_cell_text(l, b));
    pc->goals[pc->ngoals++] = goal;
}

/* An indicator's value: a number, a percentage, or a comparison (≥90%, ＞95%). */
bool perf_looks_like_value(const perf_ctx *pc, const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "=", "≠", "≈"};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (str_starts(t, marks[k]))
            return true;
    size_t len;
    char fw = text_fullwidth_ascii(t, &len); /* ＞ ＜ ＝ */
    return fw == '>' || fw == '<' || fw == '=' || perf_is_number(pc, t) || str_ends(t, "%");
}

bool perf_level_label(const perf_ctx *pc, const char *t)
{
    return perf_is_field(pc, "level1", t) || perf_is_field(pc, "level2", t);
}

static void set_level(char **slot, const char *text)
{
    free(*slot);
    *slot = strdup(text);
}

/* One or two ideographs and nothing else: a unit printed apart from its number by
 * pdftotext (≥8 个). */
bool perf_unit_word(const char *t)
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
bool perf_latin_before_han(const char *latin, const char *next)
{
    size_t letters = 0;
    while ((latin[letters] | 0x20) >= 'a' && (latin[letters] | 0x20) <= 'z')
        letters++;
    return letters > 0 && !latin[letters] && (unsigned char)next[0] >= 0xE4 &&
           (unsigned char)next[0] <= 0xE9;
}

bool perf_ends_digit(const char *t)
{
    size_t n = strlen(t);
    return n > 0 && t[n - 1] >= '0' && t[n - 1] <= '9';
}

/* Texts a and b, two words of a row, joined when the form prints them so as one cell
 * elsewhere or they spell one of its qualitative values (malloc'd), else NULL: no value or
 * number. */
static char *printed_whole(const perf_ctx *pc, const char *a, const char *b)
{
    if (perf_looks_like_value(pc, a) || perf_looks_like_value(pc, b) || perf_level_label(pc, a) || perf_level_label(pc, b))
        return NULL;
    size_t la = strlen(a), lb = strlen(b);
    char *both = NULL; /* or a qualitative value of the form's words whole (达成预期 目标) */
    if (asprintf(&both, "%s%s", a, b) >= 0 && perf_is_field(pc, "qualitative_value", both))
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
    if (!perf_unit_word(unit) || !perf_looks_like_value(pc, t + 3) || !perf_ends_digit(t) || perf_is_number(pc, t + 3))
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
            ((perf_unit_word(t) && perf_ends_digit(at[n - 1]) && !perf_is_number(pc, at[n - 1])) ||
             perf_latin_before_han(at[n - 1], t))) {
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
        if (perf_is_number(pc, at[k]))
            last = k;
    int first = last;
    if (last > 0 && perf_is_number(pc, at[last - 1]))
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

void perf_indicator_row(perf_ctx *pc, const src_line *l, char **extra, int nextra)
{
    int name_at = -1;
    bool l2_here = false;
    char *split = NULL; /* a level's label cut in two words (数量指 标): joined */
    for (int c = 0; c < l->ncells && name_at < 0; c++, free(split), split = NULL) {
        const char *t = src_cell_text(l, c);
        if (!*t || perf_is_field(pc, "indicators", t))
            continue;
        int n = perf_next_nonempty(l, c + 1);
        if (n > c && !perf_level_label(pc, t) && asprintf(&split, "%s%s", t, src_cell_text(l, n)) >= 0 &&
            perf_level_label(pc, split)) {
            t = split;
            c = n;
        }
        if (perf_is_field(pc, "level1", t) && !l2_here) {
            set_level(&pc->level1, t);
            free(pc->level2);
            pc->level2 = NULL;
        } else if (perf_is_field(pc, "level2", t)) {
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
    char *piece_name = NULL;
    if (pc->compact) {
        /* a level's label and a short piece laid out as one cell (社会效益 情): the label,
         * then the piece */
        const char *sp = strrchr(name, ' ');
        char *label = sp ? strndup(name, (size_t)(sp - name)) : NULL;
        if (label && perf_is_field(pc, "level2", label)) {
            set_level(&pc->level2, label);
            l2_here = true;
            name = sp + 1;
        } else if (label && perf_is_field(pc, "level1", label) && !l2_here) {
            set_level(&pc->level1, label);
            free(pc->level2);
            pc->level2 = NULL;
            name = sp + 1;
        }
        free(label);
        /* a piece of one character before a text cell is that cell's end, printed before it
         * (情 是西配合疫: 是西配合疫情): a name is no one character */
        int next = perf_next_nonempty(l, name_at + 1);
        const char *nt = next > name_at ? src_cell_text(l, next) : "";
        if (utf8_chars(name, strlen(name)) == 1 && perf_text_cell(pc, name) &&
            !perf_is_field(pc, "qualitative_value", name) && next > name_at && perf_text_cell(pc, nt) &&
            !perf_is_field(pc, "qualitative_value", nt) && utf8_chars(nt, strlen(nt)) >= 2 &&
            asprintf(&piece_name, "%s%s", nt, name) >= 0) {
            name = piece_name;
            values_at = next + 1;
        }
    }
    char *latin_name = NULL; /* OA 办公系统服务 */
    int after = perf_next_nonempty(l, values_at);
    if (pc->compact && after > name_at && perf_latin_before_han(name, src_cell_text(l, after)) &&
        asprintf(&latin_name, "%s%s", name, src_cell_text(l, after)) >= 0) {
        name = latin_name;
        values_at = after + 1;
    }
    if (perf_looks_like_value(pc, name) && l2_here && pc->level2) {
        /* "满意度指标 → 服务对象满意度 → ≥% …": the 二级 cell names the indicator */
        name = pc->level2;
        values_at = name_at;
    }
    if (!pc->indicators)
        pc->indicators = perf_new_el(pc, "indicators", l->no);
    xmlNodePtr ind = xml_child(pc->indicators, "indicator", NULL);
    if (pc->level1)
        xml_set(ind, "level1", pc->level1);
    if (pc->level2)
        xml_set(ind, "level2", pc->level2);
    xml_set(ind, "name", name);
    free(latin_name);
    free(piece_name);
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
        if (perf_is_number(pc, t) && n < 2)
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
size_t perf_total_rows(perf_ctx *pc, size_t r, int skip)
{
    const src_line *l = pc->g->rows[r];
    if (pc->total) /* a form printed with two 总分 rows: the last one counts */
        xmlFreeNode(pc->total);
    pc->total = perf_new_el(pc, "total", l->no);
    bool score = false, grade = false;
    size_t used = r;
    for (size_t k = r; k < pc->g->nrows && k < r + 3; k++) {
        const src_line *row = pc->g->rows[k];
        int first = perf_next_nonempty(row, 0);
        if (k > r && first >= 0 && !perf_is_number(pc, src_cell_text(row, first)) &&
            !perf_is_field(pc, "grade", src_cell_text(row, first)))
            break;
        for (int c = (k == r ? first + skip : 0); c < row->ncells; c++) {
            const char *t = src_cell_text(row, c);
            if (!*t)
                continue;
            if (!score && perf_is_number(pc, t)) {
                xml_set(pc->total, "score", cell_parse(pc->vocab, t).canon);
                score = true;
            } else if (!grade && perf_is_field(pc, "grade", t)) {
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

void perf_analysis_row(perf_ctx *pc, const src_line *l)
{
    int parts[2], n = 0;
    for (int c = 0; c < l->ncells && n < 2; c++) {
        const char *t = src_cell_text(l, c);
        if (*t && !perf_is_field(pc, "analysis", t))
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
