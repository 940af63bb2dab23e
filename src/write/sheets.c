/* sheets.c — an instance as sheets of cells, shared by the XLSX and CSV writers (issue 14).
 *
 * The sheets are laid out so that reading them back (book.c, then the shared assembler and
 * recogniser) gives the same instance: every element keeps the line it came from, so the
 * lines of a table are written in that order, the rows printed on one line (公开01's 收入
 * and 支出) on one row again; a row's code, name and 行次 go into the columns where the
 * recogniser looks for them (recognise_layout on the printed header); amounts are numbers
 * when a number cell shows exactly what was printed (1,614.45 with grouping, (3.50) with
 * parentheses), else text; a paragraph is one cell. Sheets: the metadata, the cover and
 * contents, one per part, one per table or performance form; text after a table stays on
 * the table's sheet, as it was printed below it. */
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

typedef struct wctx {
    const gfa_context *ctx;
    gfa_diags *diags;
    wbook *wb;
    wsheet *cur;   /* the sheet text goes to */
    int ntables;   /* tables written, for the name of a table without number or title */
    bool after_table; /* text written next follows a table on its sheet: a blank row
                       * first, so that it is not read as the table's note */
} wctx;

/* ------------------------------------------------------------ the model --- */

void wbook_free(wbook *wb)
{
    for (size_t i = 0; i < wb->n; i++) {
        wsheet *s = &wb->sheets[i];
        for (size_t r = 0; r < s->nrows; r++) {
            for (int c = 0; c < s->rows[r].ncells; c++)
                free(s->rows[r].cells[c].text);
            free(s->rows[r].cells);
        }
        free(s->rows);
        free(s->merges);
        free(s->name);
    }
    free(wb->sheets);
    memset(wb, 0, sizeof *wb);
}

const char *wcell_text(const wcell *c, char *buf, size_t cap)
{
    if (c->kind == WC_NUMBER) {
        book_number_text(strtod(c->text, NULL), &c->fmt, buf, cap);
        return buf;
    }
    return c->text ? c->text : "";
}

/* Excel's sheet names: at most 31 characters (UTF-16 units), none of []:*?/\, not starting
 * or ending with a quote, unique without regard to case. */
static char *sheet_name(const wbook *wb, const char *want, const gfa_context *ctx)
{
    strbuf sb;
    sb_init(&sb);
    int units = 0;
    for (const char *p = want; *p && units < 31;) {
        unsigned char ch = (unsigned char)*p;
        size_t n = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
        if (strnlen(p, n) < n)
            break;
        int u = n == 4 ? 2 : 1;
        if (units + u > 31)
            break;
        if (ch < 0x20 || strchr("[]:*?/\\", ch))
            sb_addc(&sb, ch < 0x20 ? ' ' : '_');
        else
            sb_add(&sb, p, n);
        units += u;
        p += n;
    }
    char *base = sb_take(&sb);
    if (!base)
        return NULL;
    char *t = text_trim(base, strlen(base));
    free(base);
    if (!t)
        return NULL;
    size_t n = strlen(t);
    while (n && t[n - 1] == '\'')
        t[--n] = '\0';
    char *name = strdup(t + strspn(t, "'"));
    free(t);
    for (int k = 1; name; k++) {
        bool taken = !*name || (wb->n > 0 && book_is_meta_sheet(ctx, name));
        for (size_t i = 0; i < wb->n && !taken; i++)
            taken = strcasecmp(wb->sheets[i].name, name) == 0;
        if (!taken)
            return name;
        /* "name (2)", cut so that it stays within 31 characters */
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k + 1);
        char *prefix = NULL;
        size_t keep = strlen(name);
        if (k > 1 && strrchr(name, '(')) /* drop the previous suffix */
            keep = (size_t)(strrchr(name, '(') - name - 1);
        long chars = utf8_chars(name, keep);
        while (keep && chars + (long)strlen(suffix) > 31) {
            do
                keep--;
            while (keep && ((unsigned char)name[keep] & 0xC0) == 0x80);
            chars--;
        }
        if (asprintf(&prefix, "%.*s%s", (int)keep, name, suffix) < 0)
            prefix = NULL;
        free(name);
        name = prefix;
        if (k > 1000) { /* cannot happen: 1000 sheets of one name */
            free(name);
            return NULL;
        }
    }
    return NULL;
}

static wsheet *new_sheet(wctx *w, const char *want, bool text)
{
    wbook *wb = w->wb;
    if (wb->failed)
        return NULL;
    wsheet *sheets = array_grow(wb->sheets, &wb->cap, wb->n + 1, sizeof *sheets);
    if (!sheets) {
        wb->failed = true;
        return NULL;
    }
    wb->sheets = sheets;
    char *name = sheet_name(wb, want, w->ctx);
    if (!name) {
        wb->failed = true;
        return NULL;
    }
    wsheet *s = &wb->sheets[wb->n++];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->text = text;
    w->cur = s;
    w->after_table = false;
    return s;
}

static wrow *new_row(wctx *w, wsheet *s, int ncells, wrow_style style)
{
    if (w->wb->failed || !s)
        return NULL;
    wrow *rows = array_grow(s->rows, &s->cap, s->nrows + 1, sizeof *rows);
    if (!rows) {
        w->wb->failed = true;
        return NULL;
    }
    s->rows = rows;
    wrow *r = &s->rows[s->nrows];
    r->cells = calloc((size_t)(ncells > 0 ? ncells : 1), sizeof *r->cells);
    if (!r->cells) {
        w->wb->failed = true;
        return NULL;
    }
    r->ncells = ncells;
    r->style = style;
    s->nrows++;
    if (style != WR_TEXT && style != WR_TITLE && ncells > s->width)
        s->width = ncells;
    return r;
}

static void set_text(wctx *w, wrow *r, int c, const char *text, size_t len)
{
    if (!r || c < 0 || c >= r->ncells)
        return;
    free(r->cells[c].text);
    r->cells[c].kind = WC_TEXT;
    if (!(r->cells[c].text = xstrndup(text ? text : "", text ? len : 0)))
        w->wb->failed = true;
}

static void set_blanks(wrow *r)
{
    for (int c = 0; r && c < r->ncells; c++)
        if (r->cells[c].kind == WC_NONE)
            r->cells[c].kind = WC_BLANK;
}

/* An amount: a number cell when it shows exactly what was printed, else the printed text. */
static void set_amount(wctx *w, wrow *r, int c, const char *canon, const char *printed)
{
    if (!r || c < 0 || c >= r->ncells)
        return;
    if (!printed)
        printed = canon;
    const char *dot = strchr(canon, '.');
    book_numfmt f = {.decimals = dot ? (int)strlen(dot + 1) : 0,
                     .grouping = strchr(printed, ',') != NULL,
                     .paren = printed[0] == '('};
    char shown[80];
    if (book_number_text(strtod(canon, NULL), &f, shown, sizeof shown) == BOOK_NUM_OK &&
        strcmp(shown, printed) == 0 && f.decimals <= 9) {
        set_text(w, r, c, canon, strlen(canon));
        r->cells[c].kind = WC_NUMBER;
        r->cells[c].fmt = f;
    } else {
        set_text(w, r, c, printed, strlen(printed));
    }
}

/* A printed line of text: one cell, or a grid row when it held tabs (a grid line the
 * reader could not place). */
static void text_row(wctx *w, const char *text, wrow_style style)
{
    if (!w->cur && !new_sheet(w, w->ctx->book.front_sheet, true))
        return;
    if (w->after_table) {
        new_row(w, w->cur, 0, WR_TEXT); /* an empty row: a blank line */
        w->after_table = false;
    }
    int n = 1;
    for (const char *p = text; *p; p++)
        n += *p == '\t';
    wrow *r = new_row(w, w->cur, n, n > 1 ? WR_BODY : style);
    const char *p = text;
    for (int c = 0; r && c < n; c++) {
        size_t k = strcspn(p, "\t");
        set_text(w, r, c, p, k);
        p += k + (p[k] == '\t');
    }
}

/* text_row of a malloc'd text, which it frees; NULL is no memory. */
static void text_row_take(wctx *w, char *text, wrow_style style)
{
    if (text)
        text_row(w, text, style);
    else
        w->wb->failed = true;
    free(text);
}


static bool is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static long line_of(xmlNodePtr n)
{
    const char *l = xml_attr(n, "line");
    return l ? strtol(l, NULL, 10) : 0;
}

static int int_attr(xmlNodePtr n, const char *name, int dflt)
{
    const char *v = xml_attr(n, name);
    long k = v ? strtol(v, NULL, 10) : dflt;
    return k < 0 || k > 1 << 20 ? dflt : (int)k;
}

/* ------------------------------------------------------------- metadata --- */

static void metadata_sheet(wctx *w, xmlNodePtr header)
{
    const book_vocab *v = &w->ctx->book;
    wsheet *s = new_sheet(w, v->meta_sheet, false);
    xmlNodePtr entity = NULL, period = NULL, units = NULL;
    for (xmlNodePtr c = header ? header->children : NULL; c; c = c->next) {
        entity = is(c, "entity") ? c : entity;
        period = is(c, "period") ? c : period;
        units = is(c, "units") ? c : units;
    }
    const char *scope = xml_attr(entity, "scope");
    int sc = scope && strcmp(scope, "unit") == 0 ? BOOK_SCOPE_UNIT
             : scope && strcmp(scope, "department") == 0 ? BOOK_SCOPE_DEPARTMENT
                                                          : BOOK_SCOPE_UNKNOWN;
    const char *values[BOOK_FIELD_COUNT] = {
        [BOOK_ENTITY] = xml_attr(entity, "name"),
        [BOOK_UNIT_CODE] = xml_attr(entity, "unitCode"),
        [BOOK_DEPT_CODE] = xml_attr(entity, "deptCode"),
        [BOOK_YEAR] = xml_attr(period, "year"),
        [BOOK_SCOPE] = v->scope_word[sc],
        [BOOK_UNIT] = xml_attr(units, "unit"),
    };
    for (int f = 0; f < BOOK_FIELD_COUNT; f++) {
        if (!values[f] || !*values[f])
            continue;
        wrow *r = new_row(w, s, 2, WR_BODY);
        set_text(w, r, 0, v->field_label[f], strlen(v->field_label[f]));
        set_text(w, r, 1, values[f], strlen(values[f]));
    }
    w->cur = NULL;
}

/* --------------------------------------------------------------- tables --- */

typedef enum item_kind { IT_LINE, IT_HROW, IT_ROW, IT_PERF_ROW, IT_EXTRA } item_kind;

typedef struct item {
    long line;
    size_t order;
    item_kind kind;
    xmlNodePtr node;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static void add_item(wctx *w, items *it, xmlNodePtr n, item_kind kind)
{
    item *v = array_grow(it->v, &it->cap, it->n + 1, sizeof *v);
    if (!v) {
        w->wb->failed = true;
        return;
    }
    it->v = v;
    it->v[it->n] = (item){line_of(n), it->n, kind, n};
    it->n++;
}

static void add_children(wctx *w, items *it, xmlNodePtr parent, const char *name,
                         item_kind kind)
{
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (is(c, name))
            add_item(w, it, c, kind);
}

static int cmp_items(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Everything a table or form printed, in the order it was printed. */
static void collect(wctx *w, xmlNodePtr t, items *it, int *width)
{
    for (xmlNodePtr c = t->children; c; c = c->next) {
        if (is(c, "title")) {
            xmlChar *tx = xmlNodeGetContent(c);
            if (tx && *tx)
                add_item(w, it, c, IT_LINE);
            xmlFree(tx);
        } else if (is(c, "caption") || is(c, "note") || is(c, "empty") || is(c, "remark")) {
            add_item(w, it, c, IT_LINE);
        } else if (is(c, "header")) {
            add_children(w, it, c, "hrow", IT_HROW);
        } else if (is(c, "hrow")) {
            add_item(w, it, c, IT_HROW);
        } else if (is(c, "part")) {
            add_children(w, it, c, "row", IT_ROW);
        } else if (is(c, "grid")) {
            add_children(w, it, c, "r", IT_PERF_ROW);
        } else if (is(c, "unrecognised")) {
            add_item(w, it, c, IT_EXTRA);
        }
    }
    if (it->n)
        qsort(it->v, it->n, sizeof *it->v, cmp_items);
    for (size_t i = 0; i < it->n; i++) {
        xmlNodePtr n = it->v[i].node;
        if (it->v[i].kind == IT_HROW || it->v[i].kind == IT_PERF_ROW) {
            int k = int_attr(n, "cells", 0);
            *width = k > *width ? k : *width;
        }
        for (xmlNodePtr c = n->children; c; c = c->next) {
            int k = int_attr(c, "cell", 0);
            *width = k > *width ? k : *width;
        }
    }
}

/* The table's layout: per column the role, part and group the recogniser gives it. */
typedef struct layout {
    int width;
    key_role *roles;
    int *parts, *groups;
} layout;

static bool layout_of(wctx *w, const table_def *def, const items *it, layout *lo)
{
    lo->roles = calloc((size_t)lo->width + 1, sizeof *lo->roles);
    lo->parts = calloc((size_t)lo->width + 1, sizeof *lo->parts);
    lo->groups = calloc((size_t)lo->width + 1, sizeof *lo->groups);
    table_grid g = {NULL, 0};
    const src_line **rows = calloc(it->n + 1, sizeof *rows);
    src_line *lines = calloc(it->n + 1, sizeof *lines);
    bool ok = lo->roles && lo->parts && lo->groups && rows && lines;
    /* the printed header, as the recogniser saw it */
    for (size_t i = 0; ok && i < it->n; i++) {
        xmlNodePtr h = it->v[i].node;
        if (it->v[i].kind != IT_HROW || !is(h->parent, "header"))
            continue;
        src_line *l = &lines[g.nrows];
        l->ncells = int_attr(h, "cells", 1);
        l->cells = calloc((size_t)l->ncells + 1, sizeof *l->cells);
        l->no = it->v[i].line;
        l->grid = true;
        if (!(ok = l->cells != NULL))
            break;
        rows[g.nrows++] = l;
        for (xmlNodePtr c = h->children; c; c = c->next) {
            int k = int_attr(c, "cell", 0);
            if (is(c, "h") && k >= 1 && k <= l->ncells && !l->cells[k - 1].text)
                ok = ok && (l->cells[k - 1].text = xml_content(c)) != NULL;
        }
    }
    g.rows = rows;
    if (ok)
        recognise_layout(w->ctx, def, &g, lo->width, lo->roles, lo->parts, lo->groups);
    for (size_t i = 0; i < g.nrows; i++) {
        for (int c = 0; c < lines[i].ncells; c++)
            free(lines[i].cells[c].text);
        free(lines[i].cells);
    }
    free(lines);
    free(rows);
    if (!ok)
        w->wb->failed = true;
    return ok;
}

static void layout_free(layout *lo)
{
    free(lo->roles);
    free(lo->parts);
    free(lo->groups);
}

/* The column of a part's group that has a role (-1 when none). */
static int role_col(const layout *lo, int part, int group, key_role role)
{
    for (int c = 0; c < lo->width; c++)
        if (lo->parts[c] == part && lo->groups[c] == group && lo->roles[c] == role)
            return c;
    return -1;
}

static void value_cells(wctx *w, wrow *r, xmlNodePtr row)
{
    for (xmlNodePtr c = row->children; c; c = c->next) {
        int k = int_attr(c, "cell", 0) - 1;
        if (k < 0 || k >= r->ncells)
            continue;
        if (is(c, "amt")) {
            char *v = xml_content(c);
            if (v)
                set_amount(w, r, k, v, xml_attr(c, "text"));
            else
                w->wb->failed = true;
            free(v);
        } else if (is(c, "na")) {
            const char *t = xml_attr(c, "text");
            set_text(w, r, k, t ? t : "", t ? strlen(t) : 0);
        } else if (is(c, "text") || is(c, "c")) {
            char *v = xml_content(c);
            cell_value cv = cell_parse(&w->ctx->vocab, v ? v : "");
            if (is(c, "c") && cv.kind == CELL_NUMBER)
                set_amount(w, r, k, cv.canon, v);
            else
                set_text(w, r, k, v ? v : "", v ? strlen(v) : 0);
            free(v);
        } else if (is(c, "blank")) {
            r->cells[k].kind = WC_BLANK;
        }
    }
}

/* Does a row printed on the same line as others name a cell they already fill? */
static bool cells_taken(const wrow *r, xmlNodePtr row)
{
    for (xmlNodePtr c = row->children; c; c = c->next) {
        int k = int_attr(c, "cell", 0) - 1;
        if (k >= 0 && k < r->ncells && r->cells[k].kind != WC_NONE)
            return true;
    }
    return false;
}

/* A row's code, name and 行次 where the recogniser reads them. */
static void key_cells(wctx *w, wrow *r, xmlNodePtr row, const table_def *def, const layout *lo)
{
    const char *part_id = xml_attr(row->parent, "id");
    int part = -1;
    for (size_t p = 0; part_id && p < def->nparts && part < 0; p++)
        if (strcmp(def->parts[p].id, part_id) == 0)
            part = (int)p;
    if (part < 0)
        return;
    int group = int_attr(row, "group", 1);
    axis_kind axis = def->parts[part].axis;
    int code = role_col(lo, part, group, ROLE_CODE), name = role_col(lo, part, group, ROLE_NAME),
        label = role_col(lo, part, group, ROLE_LABEL),
        lineno = role_col(lo, part, group, ROLE_LINENO);
    const char *code_t = xml_attr(row, "code"), *label_t = xml_attr(row, "label"),
               *lineno_t = xml_attr(row, "lineNo");
    bool coded = axis == AXIS_FUNCTION || axis == AXIS_ECONOMIC;
    if (coded && code_t && code >= 0)
        set_text(w, r, code, code_t, strlen(code_t));
    int at = coded ? (name >= 0 ? name : label >= 0 ? label : code)
                   : (label >= 0 ? label : name >= 0 ? name : code);
    if (label_t && at >= 0)
        set_text(w, r, at, label_t, strlen(label_t));
    if (lineno_t && lineno >= 0)
        set_text(w, r, lineno, lineno_t, strlen(lineno_t));
}

/* The first column no part of the definition has: where cells the reader kept as
 * unrecognised were printed. */
static int unassigned_col(const layout *lo)
{
    for (int c = 0; lo && c < lo->width; c++)
        if (lo->parts[c] < 0)
            return c;
    return lo ? lo->width : 0;
}

static void hrow_line(wctx *w, xmlNodePtr h)
{
    wrow *r = new_row(w, w->cur, int_attr(h, "cells", 1), WR_HEADER);
    for (xmlNodePtr c = h->children; r && c; c = c->next) {
        int k = int_attr(c, "cell", 0) - 1;
        if (is(c, "h") && k >= 0 && k < r->ncells) {
            char *v = xml_content(c);
            set_text(w, r, k, v ? v : "", v ? strlen(v) : 0);
            free(v);
        }
    }
    set_blanks(r);
}

/* Header cells merged as printed: a label spans the empty cells to its right that have
 * sub-headers below them, and the empty cells below it down to the last header row. */
static void header_merges(wctx *w, wsheet *s, size_t first, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        wrow *r = &s->rows[first + k];
        for (int c = 0; c < r->ncells; c++) {
            if (r->cells[c].kind != WC_TEXT)
                continue;
            int c2 = c;
            while (c2 + 1 < r->ncells && r->cells[c2 + 1].kind != WC_TEXT) {
                bool sub = false;
                for (size_t b = k + 1; b < n && !sub; b++)
                    sub = c2 + 1 < s->rows[first + b].ncells &&
                          s->rows[first + b].cells[c2 + 1].kind == WC_TEXT;
                if (!sub)
                    break;
                c2++;
            }
            size_t k2 = k;
            for (bool empty = true; empty && k2 + 1 < n;) {
                const wrow *below = &s->rows[first + k2 + 1];
                for (int x = c; x <= c2 && empty; x++)
                    empty = x >= below->ncells || below->cells[x].kind != WC_TEXT;
                if (empty)
                    k2++;
            }
            if (c2 == c && k2 == k)
                continue;
            /* no overlap with a merge made before */
            bool clash = false;
            for (size_t m = 0; m < s->nmerges && !clash; m++) {
                const long *e = s->merges[m];
                clash = !((long)(first + k2) < e[0] || (long)(first + k) > e[2] || c2 < e[1] ||
                          c > e[3]);
            }
            long(*more)[4] = clash ? NULL : realloc(s->merges, (s->nmerges + 1) * sizeof *more);
            if (!clash && !more) {
                w->wb->failed = true;
                return;
            }
            if (clash)
                continue;
            s->merges = more;
            long *e = s->merges[s->nmerges++];
            e[0] = (long)(first + k);
            e[1] = c;
            e[2] = (long)(first + k2);
            e[3] = c2;
        }
    }
}

static char *year_caption(const gfa_context *ctx, const char *year)
{
    const char *tpl = ctx->book.year_caption;
    const char *at = strstr(tpl, "{year}");
    char *out = NULL;
    if (at && asprintf(&out, "%.*s%s%s", (int)(at - tpl), tpl, year, at + 6) < 0)
        out = NULL;
    return out;
}

static const char *sheet_for_table(wctx *w, xmlNodePtr t, char *buf, size_t cap)
{
    const char *number = xml_attr(t, "number");
    if (number && *number)
        return number;
    for (xmlNodePtr c = t->children; c; c = c->next)
        if (is(c, "project") && xml_attr(c, "name") && *xml_attr(c, "name"))
            return xml_attr(c, "name");
    for (xmlNodePtr c = t->children; c; c = c->next) {
        if (is(c, "title")) {
            xmlChar *tx = xmlNodeGetContent(c);
            if (tx && *tx)
                snprintf(buf, cap, "%s", (const char *)tx);
            xmlFree(tx);
            if (*buf)
                return buf;
        }
    }
    const char *tpl = w->ctx->book.table_sheet;
    const char *at = strstr(tpl, "{n}");
    if (at)
        snprintf(buf, cap, "%.*s%d%s", (int)(at - tpl), tpl, w->ntables, at + 3);
    else
        snprintf(buf, cap, "%s%d", tpl, w->ntables);
    return buf;
}

/* Excel's columns: an instance naming a cell further right cannot be written. */
#define MAX_SHEET_COLS 16384

static void table_sheet(wctx *w, xmlNodePtr t)
{
    w->ntables++;
    char buf[512] = "";
    if (!new_sheet(w, sheet_for_table(w, t, buf, sizeof buf), false))
        return;
    const char *def_id = xml_attr(t, "def");
    bool perf = is(t, "performance");
    const table_def *def =
        !perf && def_id && strcmp(def_id, "unknown") != 0 ? table_defs_find(&w->ctx->defs, def_id)
                                                           : NULL;
    items it = {NULL, 0, 0};
    layout lo = {0};
    collect(w, t, &it, &lo.width);
    if (lo.width > MAX_SHEET_COLS) {
        diag_add(w->diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-BOOK-041", "", 0, 0,
                 "a table of the instance has a cell in column %d, beyond a sheet's %d "
                 "columns", lo.width, MAX_SHEET_COLS);
        w->wb->failed = w->wb->too_wide = true;
        free(it.v);
        return;
    }
    if (def && !layout_of(w, def, &it, &lo))
        def = NULL;
    /* a form's year from a caption its title does not repeat */
    const char *year = perf ? xml_attr(t, "year") : NULL;
    bool year_written = !year;
    /* the printed header's rows, merged run by run (a 栏次 row may be printed again
     * further down, among the body rows) */
    size_t header_first = 0, header_n = 0;
    for (size_t i = 0; i < it.n && !w->wb->failed; i++) {
        item *x = &it.v[i];
        if (x->kind == IT_LINE) {
            char *v = xml_content(x->node);
            if (v)
                text_row(w, v, is(x->node, "title") ? WR_TITLE : WR_TEXT);
            if (is(x->node, "title") && !year_written && v && !strstr(v, year)) {
                char *cap = year_caption(w->ctx, year);
                if (cap)
                    text_row(w, cap, WR_TEXT);
                free(cap);
            }
            year_written = year_written || is(x->node, "title");
            free(v);
        } else if (x->kind == IT_HROW) {
            if (is(x->node->parent, "header")) {
                if (header_n && header_first + header_n != w->cur->nrows) {
                    header_merges(w, w->cur, header_first, header_n);
                    header_n = 0;
                }
                if (!header_n)
                    header_first = w->cur->nrows;
                header_n++;
            }
            hrow_line(w, x->node);
        } else if (x->kind == IT_PERF_ROW) {
            wrow *r = new_row(w, w->cur, int_attr(x->node, "cells", 1), WR_BODY);
            if (r)
                value_cells(w, r, x->node);
            set_blanks(r);
        } else if (x->kind == IT_EXTRA) {
            /* cells of columns the definition does not have go on their row's line */
            bool on_row = i > 0 && it.v[i - 1].line == x->line &&
                          (it.v[i - 1].kind == IT_ROW || it.v[i - 1].kind == IT_EXTRA);
            char *v = xml_content(x->node);
            if (on_row && v && w->cur->nrows) {
                wrow *r = &w->cur->rows[w->cur->nrows - 1];
                int c = unassigned_col(def ? &lo : NULL);
                for (const char *p = v; c < r->ncells; c++) {
                    size_t k = strcspn(p, "\t");
                    set_text(w, r, c, p, k);
                    if (!p[k])
                        break;
                    p += k + 1;
                }
            } else if (v) {
                text_row(w, v, WR_TEXT);
            }
            free(v);
        } else { /* IT_ROW: every row printed on this line */
            int width = lo.width;
            if (!def) { /* a table no definition describes: the row's own cells */
                width = 1;
                for (xmlNodePtr c = x->node->children; c; c = c->next)
                    width = int_attr(c, "cell", 0) > width ? int_attr(c, "cell", 0) : width;
            }
            wrow *r = new_row(w, w->cur, width, WR_BODY);
            for (size_t j = i; r && j < it.n && it.v[j].kind == IT_ROW && it.v[j].line == x->line;
                 j++) {
                if (j > i && cells_taken(r, it.v[j].node))
                    break; /* two rows of one column run together (flattened text): a row each */
                if (def)
                    key_cells(w, r, it.v[j].node, def, &lo);
                value_cells(w, r, it.v[j].node);
                i = j;
            }
            set_blanks(r);
        }
    }
    if (header_n > 0 && !w->wb->failed)
        header_merges(w, w->cur, header_first, header_n);
    free(it.v);
    layout_free(&lo);
    w->after_table = true;
}

/* ---------------------------------------------------------------- parts --- */

static void term_row(wctx *w, xmlNodePtr term)
{
    char *name = NULL, *definition = NULL;
    for (xmlNodePtr c = term->children; c; c = c->next) {
        if (is(c, "name") && !name)
            name = xml_content(c);
        else if (is(c, "definition") && !definition)
            definition = xml_content(c);
    }
    const char *ord = xml_attr(term, "ordinal");
    char *line = NULL;
    /* the reader splits a term at the first separator: the name never holds one */
    if (asprintf(&line, "(%s)%s%s%s", ord ? ord : "", name ? name : "",
                 w->ctx->book.term_separator, definition ? definition : "") < 0)
        line = NULL;
    text_row_take(w, line, WR_TEXT);
    free(name);
    free(definition);
}

static void part_children(wctx *w, xmlNodePtr part)
{
    for (xmlNodePtr c = part->children; c && !w->wb->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is(c, "staffing"))
            continue;
        if (is(c, "table") || is(c, "performance")) {
            table_sheet(w, c);
        } else if (is(c, "section")) {
            part_children(w, c);
        } else if (is(c, "term")) {
            term_row(w, c);
        } else if (is(c, "entry")) {
            char *v = xml_content(c);
            const char *page = xml_attr(c, "page");
            char *line = NULL;
            if (v && asprintf(&line, "%s%s%s", v, page ? "\t" : "", page ? page : "") < 0)
                line = NULL;
            text_row_take(w, line, WR_TEXT);
            free(v);
        } else {
            text_row_take(w, xml_content(c), is(c, "heading") ? WR_TITLE : WR_TEXT);
        }
    }
}

gfa_status wbook_build(const gfa_context *ctx, xmlDocPtr doc, wbook *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    wctx w = {ctx, diags, out, NULL, 0, false};
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !is(root, "report")) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-BOOK-040", "", 0, 0,
                 "not a gfa instance: nothing to write");
        return GFA_ERR_INPUT;
    }
    xmlNodePtr header = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next)
        header = is(c, "header") ? c : header;
    metadata_sheet(&w, header);
    for (xmlNodePtr c = root->children; c && !out->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is(c, "header") || is(c, "validation"))
            continue;
        if (is(c, "front") || is(c, "contents")) {
            wsheet *front = NULL;
            for (size_t i = 0; i < out->n && !front; i++)
                if (strcmp(out->sheets[i].name, ctx->book.front_sheet) == 0)
                    front = &out->sheets[i];
            w.cur = front ? front : new_sheet(&w, ctx->book.front_sheet, true);
            const word_list *toc = &ctx->vocab.lists[V_CONTENTS];
            if (is(c, "contents") && toc->count)
                text_row(&w, toc->words[0], WR_TITLE);
            part_children(&w, c);
        } else if (is(c, "unrecognised")) {
            text_row_take(&w, xml_content(c), WR_TEXT);
        } else {
            /* a part: its own sheet, named by its heading (the implicit 决算表 of tables
             * printed without one has none) */
            xmlNodePtr heading = xmlFirstElementChild(c);
            if (is(heading, "heading")) {
                char *v = xml_content(heading);
                if (v)
                    new_sheet(&w, v, true);
                free(v);
            }
            part_children(&w, c);
        }
    }
    if (out->failed) {
        bool wide = out->too_wide;
        wbook_free(out);
        return wide ? GFA_ERR_INPUT : GFA_ERR_NOMEM;
    }
    return GFA_OK;
}
