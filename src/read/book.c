/* book.c — the step every workbook reader shares (issue 14): sheets of cells → the line/cell
 * model the assembler and the recogniser read, so that a table in a workbook is matched by
 * its title and header rows exactly as one in a published text.
 *
 * Each sheet's rows become lines in order: a row holding one cell is a line of text (a
 * whole paragraph), a row of several cells a grid line with every cell up to its last one,
 * blank ones included. Real workbooks put titles and captions into rows of a table's width,
 * so three kinds of rows above a table are lines of text although they have several cells:
 * a title merged across the row, a row whose cells are all captions (部门名称：… |
 * 金额单位：万元, one line each), and a title alone in its first cell above such captions
 * (among a table's rows, a row is a row, whatever it holds). A sheet opening with a
 * grid takes its name as its title when the name is a table's title. The metadata sheet is
 * not text: it states the header (src_doc.meta). Every line and cell keeps its place,
 * "Sheet!D12", and hidden rows and columns are left out as the sheet shows them. */
#include "read/read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Individual warnings about numbers per workbook; the rest are counted. */
#define MAX_NUMBER_WARNINGS 20

void book_init(book *b, const gfa_context *ctx, const char *file, gfa_diags *diags)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->file = file;
    b->diags = diags;
}

static void sheet_free(book_sheet *s)
{
    for (size_t r = 0; r < s->nrows; r++) {
        for (int c = 0; c < s->rows[r].ncells; c++)
            free(s->rows[r].cells[c].text);
        free(s->rows[r].cells);
    }
    free(s->rows);
    free(s->merges);
    free(s->hidden_rows);
    free(s->hidden_cols);
    free(s->name);
    free(s->title);
}

void book_free(book *b)
{
    for (size_t i = 0; i < b->nsheets; i++)
        sheet_free(&b->sheets[i]);
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

book_sheet *book_add_sheet(book *b, const char *name, bool typed)
{
    if (b->failed)
        return NULL;
    book_sheet *sheets = array_grow(b->sheets, &b->cap, b->nsheets + 1, sizeof *sheets);
    if (!sheets) {
        b->failed = true;
        return NULL;
    }
    b->sheets = sheets;
    book_sheet *s = &b->sheets[b->nsheets];
    memset(s, 0, sizeof *s);
    s->name = strdup(name ? name : "");
    s->title = strdup(name ? name : "");
    s->typed = typed;
    if (!s->name || !s->title) {
        free(s->name);
        free(s->title);
        b->failed = true;
        return NULL;
    }
    b->nsheets++;
    return s;
}

static bool over_cells(book *b, long long more)
{
    long long max = gfa_context_limit(b->ctx, GFA_LIMIT_CELLS);
    if (b->cells + more <= max) {
        b->cells += more;
        return false;
    }
    diag_add(b->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-015", b->file, 0, 0,
             "the workbook has more than %lld cells, counting the empty cells of each row up "
             "to its last one (--limit cells=N)",
             max);
    b->failed = true;
    return true;
}

bool book_put(book *b, book_sheet *s, long row, int col, const char *text, size_t len)
{
    if (b->failed || row < 0 || col < 0)
        return false;
    if (over_cells(b, 1))
        return false;
    book_row *r = s->nrows ? &s->rows[s->nrows - 1] : NULL;
    if (!r || r->row != row) {
        book_row *rows = array_grow(s->rows, &s->cap, s->nrows + 1, sizeof *rows);
        if (!rows) {
            b->failed = true;
            return false;
        }
        s->rows = rows;
        r = &s->rows[s->nrows];
        memset(r, 0, sizeof *r);
        r->row = row;
        r->seq = (long)s->nrows++;
    }
    book_cell *cells = array_grow(r->cells, &r->cap, (size_t)r->ncells + 1, sizeof *cells);
    if (!cells) {
        b->failed = true;
        return false;
    }
    r->cells = cells;
    char *t = NULL;
    if (text && len) {
        t = xstrndup(text, len);
        if (!t) {
            b->failed = true;
            return false;
        }
    }
    r->cells[r->ncells].col = col;
    r->cells[r->ncells].uncertain = false;
    r->cells[r->ncells++].text = t;
    return true;
}

bool book_put_number(book *b, book_sheet *s, long row, int col, double v, const book_numfmt *f)
{
    char shown[80];
    book_num st = book_number_text(v, f, shown, sizeof shown);
    book_number_warning(b, st, v, shown, s->name, row, col);
    if (!book_put(b, s, row, col, shown, strlen(shown)))
        return false;
    book_row *r = &s->rows[s->nrows - 1];
    r->cells[r->ncells - 1].uncertain = st != BOOK_NUM_OK;
    return true;
}

bool book_add_merge(book *b, book_sheet *s, long r1, int c1, long r2, int c2)
{
    if (b->failed || r1 < 0 || c1 < 0 || r2 < r1 || c2 < c1)
        return !b->failed;
    long(*m)[4] = realloc(s->merges, (s->nmerges + 1) * sizeof *m);
    if (!m) {
        b->failed = true;
        return false;
    }
    s->merges = m;
    long *e = s->merges[s->nmerges++];
    e[0] = r1;
    e[1] = c1;
    e[2] = r2;
    e[3] = c2;
    return true;
}

/* Adds v to a list of hidden rows or columns (counted against the cells limit). */
static bool hide(book *b, long **list, size_t *n, long v)
{
    if (b->failed || over_cells(b, 1))
        return false;
    long *more = realloc(*list, (*n + 1) * sizeof *more);
    if (!more) {
        b->failed = true;
        return false;
    }
    *list = more;
    (*list)[(*n)++] = v;
    return true;
}

bool book_hide_row(book *b, book_sheet *s, long row)
{
    return hide(b, &s->hidden_rows, &s->nhidden_rows, row);
}

bool book_hide_col(book *b, book_sheet *s, int col)
{
    return hide(b, &s->hidden_cols, &s->nhidden_cols, col);
}

/* ------------------------------------------------------------ locations --- */

void book_cell_ref(long row, int col, char *out, size_t cap)
{
    char letters[8];
    int n = 0;
    for (long c = (long)col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char rev[8];
    for (int i = 0; i < n; i++)
        rev[i] = letters[n - 1 - i];
    rev[n] = '\0';
    snprintf(out, cap, "%s%ld", rev, row + 1);
}

/* The length of the valid UTF-8 sequence at p (no overlong forms, no surrogates, at most
 * U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
               : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

/* A sheet name as a location shows it: at most 255 characters, control characters and
 * bytes that are not UTF-8 (a CSV file's name) as '?', quoted (with '' for ') when it holds
 * '!' or starts with a quote, as Excel writes it. */
char *book_location(const char *sheet, long row, int col)
{
    char ref[32];
    book_cell_ref(row, col, ref, sizeof ref);
    strbuf sb;
    sb_init(&sb);
    bool quote = strchr(sheet, '!') || sheet[0] == '\'' || !*sheet;
    if (quote)
        sb_addc(&sb, '\'');
    long chars = 0;
    for (const char *p = sheet; *p && chars < 255; chars++) {
        unsigned char ch = (unsigned char)*p;
        size_t n = utf8_seq((const unsigned char *)p);
        if (n == 0 || ch < 0x20 || ch == 0x7F)
            sb_addc(&sb, '?');
        else if (ch == '\'' && quote)
            sb_adds(&sb, "''");
        else
            sb_add(&sb, p, n);
        p += n ? n : 1;
    }
    if (quote)
        sb_addc(&sb, '\'');
    sb_addf(&sb, "!%s", ref);
    if (sb.failed) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

bool book_is_meta_sheet(const gfa_context *ctx, const char *name)
{
    char *k = text_key(&ctx->variants, name, strlen(name));
    bool yes = k && label_set_has(&ctx->book.meta_sheets, k);
    free(k);
    return yes;
}

/* -------------------------------------------------------------- numbers --- */

void book_numfmt_builtin(int id, book_numfmt *out)
{
    memset(out, 0, sizeof *out);
    out->decimals = -1;
    switch (id) {
    case 1: out->decimals = 0; break;                                       /* 0 */
    case 2: out->decimals = 2; break;                                       /* 0.00 */
    case 3: out->decimals = 0; out->grouping = true; break;                 /* #,##0 */
    case 4: out->decimals = 2; out->grouping = true; break;                 /* #,##0.00 */
    case 9: out->decimals = 0; out->percent = true; break;                  /* 0% */
    case 10: out->decimals = 2; out->percent = true; break;                 /* 0.00% */
    case 37: case 38: out->decimals = 0; out->grouping = true; out->paren = id == 37 || id == 38; break;
    case 39: case 40: out->decimals = 2; out->grouping = true; out->paren = true; break;
    default: break; /* General, dates, scientific: as many decimals as the number needs */
    }
}

/* Skips a quoted literal, an escaped character or a [bracket] of a format code. */
static const char *skip_literal(const char *p)
{
    if (*p == '"') {
        p++;
        while (*p && *p != '"')
            p++;
        return *p ? p + 1 : p;
    }
    if (*p == '\\' || *p == '_' || *p == '*')
        return p[1] ? p + 2 : p + 1;
    if (*p == '[') {
        while (*p && *p != ']')
            p++;
        return *p ? p + 1 : p;
    }
    return NULL;
}

void book_numfmt_parse(const char *code, book_numfmt *out)
{
    memset(out, 0, sizeof *out);
    out->decimals = -1;
    if (!code || !*code || strcasecmp(code, "General") == 0 || strcmp(code, "@") == 0)
        return;
    bool digits = false, dot = false, sci = false, date = false;
    int decimals = 0;
    const char *p = code;
    while (*p && *p != ';') {
        const char *q = skip_literal(p);
        if (q) {
            p = q;
            continue;
        }
        char ch = *p++;
        if (ch == '0' || ch == '#' || ch == '?') {
            digits = true;
            if (dot)
                decimals++;
        } else if (ch == '.') {
            dot = true;
        } else if (ch == ',' && digits && !dot) {
            out->grouping = true;
        } else if (ch == '%') {
            out->percent = true;
        } else if (ch == 'E' || ch == 'e') {
            sci = true;
        } else if (strchr("yYmMdDhHsS", ch)) {
            date = true;
        }
    }
    if (*p == ';') { /* the negative section: parentheses, bare, escaped or quoted? */
        bool bracket = false;
        for (p++; *p && *p != ';'; p++) {
            bracket = *p == '[' ? true : *p == ']' ? false : bracket;
            if (*p == '(' && !bracket)
                out->paren = true;
        }
    }
    if (!digits || sci || date) {
        bool keep_paren = out->paren;
        memset(out, 0, sizeof *out);
        out->decimals = -1;
        out->paren = keep_paren && digits && !sci && !date;
        return;
    }
    out->decimals = decimals > 9 ? 9 : decimals;
}

/* The shortest decimal of at most 15 significant digits that reads back as v (Excel shows
 * no more): its digits (without leading or trailing zeros) and the power of ten of the
 * first one. Returns the number of significant digits a exact short form needs, 16 when
 * there is none (a binary value such as 0.1 + 0.2: the 15-digit rounding is returned). */
static int shortest(double v, char *digits, int *exp10)
{
    char buf[48];
    int p;
    for (p = 1; p <= 15; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    int need = p;
    if (p > 15)
        snprintf(buf, sizeof buf, "%.14e", v);
    /* buf: [-]d[.ddd]e±XX */
    const char *s = buf[0] == '-' ? buf + 1 : buf;
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *exp10 = *s == 'e' ? atoi(s + 1) : 0;
    return need;
}

/* d.ddd × 10^e as a plain decimal ("0.0012", "1614.45", "2000"). */
static void plain_decimal(bool neg, const char *digits, int e, strbuf *sb)
{
    int n = (int)strlen(digits);
    if (neg)
        sb_addc(sb, '-');
    if (e < 0) {
        sb_adds(sb, "0.");
        for (int i = -1; i > e; i--)
            sb_addc(sb, '0');
        sb_adds(sb, digits);
    } else if (e + 1 >= n) {
        sb_adds(sb, digits);
        for (int i = n; i < e + 1; i++)
            sb_addc(sb, '0');
    } else {
        sb_add(sb, digits, (size_t)e + 1);
        sb_addc(sb, '.');
        sb_adds(sb, digits + e + 1);
    }
}

static void group_thousands(const char *canon, strbuf *sb)
{
    const char *p = canon;
    if (*p == '-')
        sb_addc(sb, *p++);
    size_t intlen = strcspn(p, ".");
    for (size_t i = 0; i < intlen; i++) {
        if (i && (intlen - i) % 3 == 0)
            sb_addc(sb, ',');
        sb_addc(sb, p[i]);
    }
    sb_adds(sb, p + intlen);
}

book_num book_number_text(double v, const book_numfmt *f, char *out, size_t cap)
{
    book_num st = BOOK_NUM_OK;
    if (!isfinite(v)) {
        snprintf(out, cap, "%s", isnan(v) ? "#NUM!" : "#DIV/0!");
        return BOOK_NUM_OK;
    }
    char digits[24];
    int e;
    if (v == 0) {
        strcpy(digits, "0");
        e = 0;
    } else if (shortest(v, digits, &e) > 15) {
        st = BOOK_NUM_BINARY;
    }
    if (f->percent && v != 0)
        e += 2;
    if (e > 40 || e < -40) { /* no amount of a report: as the sheet shows it in General */
        snprintf(out, cap, "%.15g", f->percent ? v * 100 : v);
        return st;
    }
    strbuf sb;
    sb_init(&sb);
    plain_decimal(v < 0, digits, e, &sb);
    gfa_dec d;
    bool parsed = !sb.failed && dec_parse(sb.data, sb.len, &d) == DEC_OK;
    sb_free(&sb);
    if (!parsed) {
        snprintf(out, cap, "%.15g", v);
        return st;
    }
    if (f->decimals >= 0 && d.scale > f->decimals) {
        if (st == BOOK_NUM_OK)
            st = BOOK_NUM_HIDDEN;
        d = dec_round(d, f->decimals);
    } else if (f->decimals > d.scale) {
        dec_rescale(d, f->decimals, &d);
    }
    bool neg = d.units < 0;
    if (neg && f->paren)
        d = dec_neg(d);
    char canon[64];
    dec_format(d, canon, sizeof canon);
    strbuf o;
    sb_init(&o);
    if (neg && f->paren)
        sb_addc(&o, '(');
    if (f->grouping)
        group_thousands(canon, &o);
    else
        sb_adds(&o, canon);
    if (f->percent)
        sb_addc(&o, '%');
    if (neg && f->paren)
        sb_addc(&o, ')');
    snprintf(out, cap, "%s", o.data && !o.failed ? o.data : canon);
    sb_free(&o);
    return st;
}

void book_number_warning(book *b, book_num st, double v, const char *shown, const char *sheet,
                         long row, int col)
{
    if (st == BOOK_NUM_OK || ++b->number_warnings > MAX_NUMBER_WARNINGS)
        return;
    char *at = book_location(sheet, row, col);
    char held[40];
    snprintf(held, sizeof held, "%.17g", v);
    size_t first = gfa_diags_count(b->diags);
    if (st == BOOK_NUM_BINARY)
        diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-006", b->file, 0, 0,
                 "the cell holds %s, a binary number with no short decimal form (usually a "
                 "formula's result); read as %s, as the sheet shows it",
                 held, shown);
    else
        diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-007", b->file, 0, 0,
                 "the cell holds %s but its number format shows %s; read as shown", held,
                 shown);
    if (at)
        diag_locate(b->diags, first, at);
    free(at);
}

/* --------------------------------------------------------- sorting rows --- */

static int cmp_rows(const void *a, const void *b)
{
    const book_row *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_cells(const void *a, const void *b)
{
    const book_cell *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* Drops repeats from a sorted list; returns its new length. */
static size_t unique(long *list, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || list[w - 1] != list[i])
            list[w++] = list[i];
    return w;
}

/* Rows in order, one per row number (cells of a row given twice are joined), cells in
 * order, one per column (the later one wins: qsort is not stable, so cells and rows carry
 * their order of arrival). */
static void sort_sheet(book_sheet *s)
{
    if (s->nrows) /* qsort wants a non-null array even for no element */
        qsort(s->rows, s->nrows, sizeof *s->rows, cmp_rows);
    size_t out = 0;
    for (size_t r = 0; r < s->nrows; r++) {
        book_row *row = &s->rows[r];
        if (out > 0 && s->rows[out - 1].row == row->row) {
            book_row *into = &s->rows[out - 1];
            book_cell *cells =
                realloc(into->cells, (size_t)(into->ncells + row->ncells) * sizeof *cells);
            if (cells) {
                memcpy(cells + into->ncells, row->cells, (size_t)row->ncells * sizeof *cells);
                into->cells = cells;
                into->ncells += row->ncells;
                into->cap = (size_t)into->ncells;
            } else {
                for (int c = 0; c < row->ncells; c++)
                    free(row->cells[c].text);
            }
            free(row->cells);
            continue;
        }
        s->rows[out++] = *row;
    }
    s->nrows = out;
    for (size_t r = 0; r < s->nrows; r++) {
        book_row *row = &s->rows[r];
        bool sorted = true;
        for (int c = 1; c < row->ncells && sorted; c++)
            sorted = row->cells[c - 1].col < row->cells[c].col;
        if (sorted)
            continue;
        for (int c = 0; c < row->ncells; c++)
            row->cells[c].seq = c;
        qsort(row->cells, (size_t)row->ncells, sizeof *row->cells, cmp_cells);
        int w = 0;
        for (int c = 0; c < row->ncells; c++) {
            if (w > 0 && row->cells[w - 1].col == row->cells[c].col) {
                free(row->cells[w - 1].text); /* the later one wins */
                row->cells[w - 1] = row->cells[c];
            } else {
                row->cells[w++] = row->cells[c];
            }
        }
        row->ncells = w;
    }
    if (s->nhidden_rows)
        qsort(s->hidden_rows, s->nhidden_rows, sizeof *s->hidden_rows, cmp_long);
    if (s->nhidden_cols)
        qsort(s->hidden_cols, s->nhidden_cols, sizeof *s->hidden_cols, cmp_long);
    s->nhidden_rows = unique(s->hidden_rows, s->nhidden_rows);
    s->nhidden_cols = unique(s->hidden_cols, s->nhidden_cols);
}

/* ------------------------------------------------------------- metadata --- */

static bool is_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* A field's value in the form the instance holds it, or NULL when it is not valid. */
static char *meta_value(const gfa_context *ctx, book_field_id f, const char *text)
{
    const book_vocab *v = &ctx->book;
    char *k = text_key(&ctx->variants, text, strlen(text));
    char *norm = text_nfkc(text, strlen(text));
    char *out = NULL;
    if (!k || !norm) {
        free(k);
        free(norm);
        return NULL;
    }
    char *t = text_trim(norm, strlen(norm));
    switch (f) {
    case BOOK_ENTITY:
        out = text_trim(text, strlen(text));
        break;
    case BOOK_UNIT_CODE:
        out = t && is_digits(t, 6, 9) ? strdup(t) : NULL;
        break;
    case BOOK_DEPT_CODE:
        out = t && is_digits(t, 3, 6) ? strdup(t) : NULL;
        break;
    case BOOK_YEAR: {
        /* "2024", "2024年", "2024年度" */
        bool ok = t && strlen(t) >= 4 && is_digits((char[5]){t[0], t[1], t[2], t[3], 0}, 4, 4) &&
                  (t[0] == '1' ? t[1] == '9' : t[0] == '2' && t[1] == '0');
        char *rest = ok ? text_key(&ctx->variants, t + 4, strlen(t + 4)) : NULL;
        ok = ok && rest && (!*rest || label_set_has(&v->field_labels[BOOK_YEAR], rest) ||
                            strlen(rest) <= 6);
        out = ok ? xstrndup(t, 4) : NULL;
        free(rest);
        break;
    }
    case BOOK_SCOPE: {
        static const char *const ids[BOOK_SCOPE_COUNT] = {"unit", "department", "unknown"};
        for (int s = 0; s < BOOK_SCOPE_COUNT && !out; s++)
            if (label_set_has(&v->scope_words[s], k))
                out = strdup(ids[s]);
        break;
    }
    case BOOK_UNIT: {
        const money_unit *u = t ? vocab_unit(&ctx->vocab, t) : NULL;
        out = u ? strdup(u->name) : NULL;
        break;
    }
    default:
        break;
    }
    free(t);
    free(k);
    free(norm);
    return out;
}

static const char *first_text(const book_row *r, int *col)
{
    for (int c = 0; c < r->ncells; c++)
        if (r->cells[c].text && *r->cells[c].text) {
            *col = r->cells[c].col;
            return r->cells[c].text;
        }
    return NULL;
}

/* Rows of two cells: a field's label, its value. */
static void read_meta(book *b, const book_sheet *s, src_meta *m)
{
    const book_vocab *v = &b->ctx->book;
    long last = -1;
    for (size_t r = 0; r < s->nrows; r++) {
        const book_row *row = &s->rows[r];
        int lc = 0;
        const char *label = first_text(row, &lc);
        if (!label)
            continue;
        last = row->row;
        const char *value = NULL;
        int vc = lc + 1;
        for (int c = 0; c < row->ncells && !value; c++)
            if (row->cells[c].col > lc && row->cells[c].text && *row->cells[c].text) {
                value = row->cells[c].text;
                vc = row->cells[c].col;
            }
        char *k = text_key(&b->ctx->variants, label, strlen(label));
        int f = -1;
        for (int i = 0; k && i < BOOK_FIELD_COUNT && f < 0; i++)
            if (label_set_has(&v->field_labels[i], k))
                f = i;
        free(k);
        char *at = book_location(s->name, row->row, f >= 0 ? vc : lc);
        size_t first = gfa_diags_count(b->diags);
        if (f < 0) {
            diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-010", b->file, 0, 0,
                     "'%s' is not a metadata field (%s …); the row is ignored", label,
                     v->field_label[BOOK_ENTITY]);
        } else if (m->value[f]) {
            diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-011", b->file, 0, 0,
                     "the metadata states %s (%s) twice; the first, %s, is used", label,
                     book_field_name((book_field_id)f), m->value[f]);
        } else if (!value) {
            diag_add(b->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-012", b->file, 0, 0,
                     "the metadata field %s (%s) has no value", label,
                     book_field_name((book_field_id)f));
        } else if (!(m->value[f] = meta_value(b->ctx, (book_field_id)f, value))) {
            diag_add(b->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-013", b->file, 0, 0,
                     "the metadata field %s (%s) holds '%s', which is not a valid %s", label,
                     book_field_name((book_field_id)f), value,
                     f == BOOK_UNIT_CODE   ? "unit code (6 to 9 digits)"
                     : f == BOOK_DEPT_CODE ? "department code (3 to 6 digits)"
                     : f == BOOK_YEAR      ? "year (19xx or 20xx)"
                     : f == BOOK_SCOPE     ? "scope (see schemas/workbook.xml)"
                     : f == BOOK_UNIT      ? "money unit (see schemas/workbook.xml)"
                                           : "value");
        } else {
            m->at[f] = at;
            at = NULL;
        }
        if (at && gfa_diags_count(b->diags) > first)
            diag_locate(b->diags, first, at);
        free(at);
    }
    for (int f = 0; f < BOOK_FIELD_COUNT; f++) {
        if (m->value[f] || !v->field_required[f])
            continue;
        char *at = book_location(s->name, last + 1, 0);
        size_t first = gfa_diags_count(b->diags);
        diag_add(b->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-012", b->file, 0, 0,
                 "the metadata has no %s (%s): add a row '%s | value'", v->field_label[f],
                 book_field_name((book_field_id)f), v->field_label[f]);
        if (at)
            diag_locate(b->diags, first, at);
        free(at);
    }
}

void book_apply_meta(const gfa_context *ctx, const src_doc *src, xmlDocPtr doc,
                     gfa_diags *diags)
{
    const src_meta *m = src->meta;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr header = root ? xmlFirstElementChild(root) : NULL;
    if (!m || !header || xmlStrcmp(header->name, BAD_CAST "header") != 0)
        return;
    static const struct { book_field_id f; const char *el, *attr; } map[] = {
        {BOOK_ENTITY, "entity", "name"},        {BOOK_UNIT_CODE, "entity", "unitCode"},
        {BOOK_DEPT_CODE, "entity", "deptCode"}, {BOOK_SCOPE, "entity", "scope"},
        {BOOK_YEAR, "period", "year"},          {BOOK_UNIT, "units", "unit"},
    };
    for (size_t i = 0; i < ARRAY_LEN(map); i++) {
        const char *value = m->value[map[i].f];
        if (!value)
            continue;
        xmlNodePtr el = header->children;
        while (el && (el->type != XML_ELEMENT_NODE || xmlStrcmp(el->name, BAD_CAST map[i].el)))
            el = el->next;
        if (!el)
            continue;
        const char *was = xml_attr(el, map[i].attr);
        /* what the report's text says is replaced, with a word when they differ */
        bool stated = was && *was && !(map[i].f == BOOK_SCOPE && strcmp(was, "unknown") == 0) &&
                      !(map[i].f == BOOK_YEAR && strcmp(was, "1900") == 0);
        if (stated && strcmp(was, value) != 0) {
            size_t first = gfa_diags_count(diags);
            diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-014", src->name, 0, 0,
                     "the metadata's %s is '%s', the report's text says '%s'; the metadata's "
                     "is used",
                     ctx->book.field_label[map[i].f], value, was);
            if (m->at[map[i].f])
                diag_locate(diags, first, m->at[map[i].f]);
        }
        xml_set(el, map[i].attr, value);
        const money_unit *u = map[i].f == BOOK_UNIT ? vocab_unit(&ctx->vocab, value) : NULL;
        if (u)
            xml_set_long(el, "scale", u->scale);
    }
}

/* ------------------------------------------------------------ the lines --- */

/* One line of the model being built: its text's cells and where each is. */
typedef struct bline {
    char *at;       /* the line's first cell */
    char **cell_at; /* per cell of a grid line */
    bool *uncertain; /* per cell of a grid line */
    int ncells;
    bool whole;
} bline;

typedef struct builder {
    book *b;
    strbuf text;
    bline *lines;
    size_t n, cap;
} builder;

static bline *new_line(builder *bd)
{
    bline *lines = array_grow(bd->lines, &bd->cap, bd->n + 1, sizeof *lines);
    if (!lines) {
        bd->b->failed = true;
        return NULL;
    }
    bd->lines = lines;
    bline *l = &bd->lines[bd->n++];
    memset(l, 0, sizeof *l);
    return l;
}

static void blank_line(builder *bd)
{
    if (bd->n && bd->text.len && bd->text.data[bd->text.len - 1] == '\n' &&
        bd->text.len >= 2 && bd->text.data[bd->text.len - 2] == '\n')
        return; /* one blank line is as good as several */
    if (new_line(bd))
        sb_addc(&bd->text, '\n');
}

/* A cell's text on a line: tabs, line breaks and other control characters become spaces
 * (a tab would split the cell). */
static void add_cell_text(strbuf *sb, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)t[i];
        sb_addc(sb, ch < 0x20 || ch == 0x7F ? ' ' : (char)ch);
    }
}

/* A cell of text as lines of text: one per line break it holds. */
static void text_lines(builder *bd, const book_sheet *s, long row, int col, const char *t)
{
    char *at = book_location(s->name, row, col);
    do {
        size_t n = strcspn(t, "\r\n");
        bline *l = new_line(bd);
        if (l) {
            l->at = at ? strdup(at) : NULL;
            l->whole = true;
            add_cell_text(&bd->text, t, n);
            sb_addc(&bd->text, '\n');
        }
        t += n;
        if (*t == '\r' && t[1] == '\n')
            t++;
    } while (*t && *t++);
    free(at);
}

static bool is_hidden(const long *list, size_t n, long v)
{
    return n && bsearch(&v, list, n, sizeof *list, cmp_long) != NULL;
}

/* Number of entries of a sorted list below v. */
static size_t count_below(const long *list, size_t n, long v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Number of hidden rows strictly between two rows. */
static long hidden_between(const book_sheet *s, long lo, long hi)
{
    return (long)(count_below(s->hidden_rows, s->nhidden_rows, hi) -
                  count_below(s->hidden_rows, s->nhidden_rows, lo + 1));
}

/* Column as the sheet shows it: hidden columns before it do not count. */
static int shown_col(const book_sheet *s, int col)
{
    return col - (int)count_below(s->hidden_cols, s->nhidden_cols, col);
}

typedef enum row_kind { ROW_BLANK, ROW_TEXT, ROW_CAPTIONS, ROW_GRID } row_kind;

typedef struct row_info {
    int nonempty, first, last; /* columns as shown; last: of any cell that is there */
    int first_src;             /* the first non-empty cell's column in the sheet */
    bool all_captions;
    bool unit_caption; /* one of its cells states the money unit */
} row_info;

static row_info info_of(const gfa_context *ctx, const book_sheet *s, const book_row *r)
{
    row_info ri = {0, -1, -1, -1, true, false};
    for (int c = 0; c < r->ncells; c++) {
        const book_cell *cell = &r->cells[c];
        if (is_hidden(s->hidden_cols, s->nhidden_cols, cell->col))
            continue;
        int sc = shown_col(s, cell->col);
        bool has = cell->text && *cell->text;
        if (has || s->typed)
            ri.last = sc > ri.last ? sc : ri.last;
        if (!has)
            continue;
        if (ri.nonempty++ == 0) {
            ri.first = sc;
            ri.first_src = cell->col;
        }
        if (ri.all_captions) {
            char *t = text_trim(cell->text, strlen(cell->text));
            ri.all_captions = t && *t && assemble_is_caption(ctx, t);
            ri.unit_caption |= ri.all_captions && assemble_is_unit_caption(ctx, t);
            free(t);
        }
    }
    if (ri.nonempty == 0)
        ri.all_captions = false;
    return ri;
}

/* A title merged across its row: the one non-empty cell starts a merge over the row. */
static bool merged_title(const book_sheet *s, const book_row *r, const row_info *ri)
{
    if (ri->nonempty != 1)
        return false;
    for (size_t m = 0; m < s->nmerges; m++) {
        const long *e = s->merges[m];
        if (e[0] != r->row || e[1] != ri->first_src)
            continue;
        for (int c = 0; c < r->ncells; c++)
            if (r->cells[c].col < e[1] || r->cells[c].col > e[3])
                return false;
        return true;
    }
    return false;
}

static bool names_a_table(const gfa_context *ctx, const char *title);

/* A row of one non-empty cell, in the first column, that starts a note (注：…). */
static bool note_row(const gfa_context *ctx, const book_row *r, const row_info *ri)
{
    if (ri->nonempty != 1 || ri->first != 0)
        return false;
    for (int c = 0; c < r->ncells; c++)
        if (r->cells[c].text && *r->cells[c].text) {
            char *t = text_trim(r->cells[c].text, strlen(r->cells[c].text));
            bool note = t && read_note_start(ctx, t);
            free(t);
            return note;
        }
    return false;
}

/* A sheet that knows only cells with a value (XLS): is the row a table's row that has
 * nothing but its label (公开07's 合计, 公开10's 一、政府采购情况)? It follows a grid row
 * directly, or comes directly before one and is no table's title; it is no note and no
 * caption. */
static bool label_row(const gfa_context *ctx, const book_sheet *s, size_t r,
                      const row_info *infos, const row_kind *kinds)
{
    if (s->typed)
        return false;
    bool after = r > 0 && s->rows[r - 1].row == s->rows[r].row - 1 && kinds[r - 1] == ROW_GRID;
    bool before = r + 1 < s->nrows && s->rows[r + 1].row == s->rows[r].row + 1 &&
                  infos[r + 1].last >= 1 && !infos[r + 1].all_captions;
    const book_row *row = &s->rows[r];
    for (int c = 0; (after || before) && c < row->ncells; c++)
        if (row->cells[c].text && *row->cells[c].text) {
            char *t = text_trim(row->cells[c].text, strlen(row->cells[c].text));
            char *k = t ? text_key(&ctx->variants, t, strlen(t)) : NULL;
            bool text = !t || !k || read_note_start(ctx, t) || assemble_is_caption(ctx, t) ||
                        words_is(&ctx->vocab.lists[V_CONTENTS], k) ||
                        (!after && names_a_table(ctx, t));
            free(k);
            free(t);
            return !text;
        }
    return false;
}

static row_kind kind_of(const gfa_context *ctx, const book_sheet *s, size_t r,
                        const row_info *infos, const row_kind *kinds)
{
    const row_info *ri = &infos[r];
    if (ri->nonempty == 0)
        return ROW_BLANK;
    if (ri->last < 1)
        return label_row(ctx, s, r, infos, kinds) ? ROW_GRID : ROW_TEXT;
    /* titles and captions come before a table's rows, not among them (a form's row may
     * well hold a year); below them, a note (注：…) merged across or alone in the first
     * column is a line of text */
    if (r > 0 && kinds[r - 1] == ROW_GRID && s->rows[r - 1].row == s->rows[r].row - 1)
        return merged_title(s, &s->rows[r], ri) || note_row(ctx, &s->rows[r], ri) ? ROW_TEXT
                                                                                 : ROW_GRID;
    if (ri->all_captions)
        return ROW_CAPTIONS;
    if (merged_title(s, &s->rows[r], ri)) {
        /* right below the unit caption a row merged across is the header's first row
         * (项目 over 科目代码 … 本年收入合计), not a title */
        size_t k = r;
        while (k > 0 && infos[k - 1].nonempty == 0)
            k--;
        return k > 0 && infos[k - 1].all_captions && infos[k - 1].unit_caption ? ROW_GRID
                                                                                 : ROW_TEXT;
    }
    /* a title in the first column, above rows of captions */
    if (ri->nonempty == 1 && ri->first == 0) {
        size_t k = r + 1;
        while (k < s->nrows && infos[k].nonempty == 0)
            k++;
        if (k < s->nrows && infos[k].all_captions)
            return ROW_TEXT;
    }
    return ROW_GRID;
}

static void grid_line(builder *bd, const book_sheet *s, const book_row *r, int width)
{
    bline *l = new_line(bd);
    if (!l)
        return;
    if (over_cells(bd->b, width - r->ncells > 0 ? width - r->ncells : 0))
        return;
    l->cell_at = calloc((size_t)width, sizeof *l->cell_at);
    l->uncertain = calloc((size_t)width, sizeof *l->uncertain);
    if (!l->cell_at || !l->uncertain) {
        bd->b->failed = true;
        return;
    }
    l->ncells = width;
    /* the sheet's column of each shown column */
    int k = 0, src = 0;
    for (int c = 0; c < width; c++, src++) {
        while (is_hidden(s->hidden_cols, s->nhidden_cols, src))
            src++;
        while (k < r->ncells && r->cells[k].col < src)
            k++;
        if (c)
            sb_addc(&bd->text, '\t');
        if (k < r->ncells && r->cells[k].col == src && r->cells[k].text) {
            add_cell_text(&bd->text, r->cells[k].text, strlen(r->cells[k].text));
            l->uncertain[c] = r->cells[k].uncertain;
        }
        l->cell_at[c] = book_location(s->name, r->row, src);
    }
    l->at = l->cell_at[0] ? strdup(l->cell_at[0]) : NULL;
    sb_addc(&bd->text, '\n');
}

/* Does the sheet's title hint name a table definition? */
static bool names_a_table(const gfa_context *ctx, const char *title)
{
    char *key = title ? text_key(&ctx->variants, title, strlen(title)) : NULL;
    table_grid none = {NULL, 0};
    bool yes = key && *key && recognise_pick(ctx, key, NULL, &none, NULL) != NULL;
    free(key);
    return yes;
}

static void sheet_lines(builder *bd, const book_sheet *s)
{
    row_info *infos = calloc(s->nrows + 1, sizeof *infos);
    if (!infos) {
        bd->b->failed = true;
        return;
    }
    for (size_t r = 0; r < s->nrows; r++)
        infos[r] = is_hidden(s->hidden_rows, s->nhidden_rows, s->rows[r].row)
                       ? (row_info){0, -1, -1, -1, false, false}
                       : info_of(bd->b->ctx, s, &s->rows[r]);
    row_kind *kinds = calloc(s->nrows + 1, sizeof *kinds);
    int *widths = calloc(s->nrows + 1, sizeof *widths);
    if (!kinds || !widths) {
        free(infos);
        free(kinds);
        free(widths);
        bd->b->failed = true;
        return;
    }
    for (size_t r = 0; r < s->nrows; r++)
        kinds[r] = infos[r].nonempty ? kind_of(bd->b->ctx, s, r, infos, kinds) : ROW_BLANK;
    /* a sheet without its empty cells (XLS): the grid rows of one table, rows that follow
     * each other, are as wide as the widest */
    for (size_t r = 0; r < s->nrows;) {
        size_t end = r + 1;
        int w = infos[r].last + 1;
        while (!s->typed && kinds[r] == ROW_GRID && end < s->nrows && kinds[end] == ROW_GRID &&
               s->rows[end].row == s->rows[end - 1].row + 1) {
            w = infos[end].last + 1 > w ? infos[end].last + 1 : w;
            end++;
        }
        for (size_t k = r; k < end; k++)
            widths[k] = s->typed ? infos[k].last + 1 : w;
        r = end;
    }
    bool started = false;
    long prev = -1;
    for (size_t r = 0; r < s->nrows && !bd->b->failed; r++) {
        const book_row *row = &s->rows[r];
        if (is_hidden(s->hidden_rows, s->nhidden_rows, row->row))
            continue;
        /* rows the sheet does not have (and does not hide) are blank lines */
        if (prev >= 0 && row->row - prev - 1 > hidden_between(s, prev, row->row))
            blank_line(bd);
        prev = row->row;
        row_kind kind = kinds[r];
        if (kind == ROW_BLANK) {
            blank_line(bd);
            continue;
        }
        if (!started && kind == ROW_GRID && names_a_table(bd->b->ctx, s->title)) {
            bline *l = new_line(bd);
            if (l) { /* the sheet's name is its table's title */
                l->at = book_location(s->name, row->row, 0);
                l->whole = true;
                add_cell_text(&bd->text, s->title, strlen(s->title));
                sb_addc(&bd->text, '\n');
            }
        }
        started = true;
        if (kind == ROW_GRID) {
            grid_line(bd, s, row, widths[r]);
            continue;
        }
        for (int c = 0; c < row->ncells; c++)
            if (row->cells[c].text && *row->cells[c].text &&
                !is_hidden(s->hidden_cols, s->nhidden_cols, row->cells[c].col))
                text_lines(bd, s, row->row, row->cells[c].col, row->cells[c].text);
    }
    free(infos);
    free(kinds);
    free(widths);
}

static void lines_free(builder *bd)
{
    for (size_t i = 0; i < bd->n; i++) {
        for (int c = 0; c < bd->lines[i].ncells; c++)
            free(bd->lines[i].cell_at[c]);
        free(bd->lines[i].cell_at);
        free(bd->lines[i].uncertain);
        free(bd->lines[i].at);
    }
    free(bd->lines);
    sb_free(&bd->text);
}

gfa_status book_to_source(book *b, const char *format, const char *encoding, size_t bytes,
                          const char sha256[65], src_doc *out)
{
    memset(out, 0, sizeof *out);
    builder bd;
    memset(&bd, 0, sizeof bd);
    bd.b = b;
    sb_init(&bd.text);
    src_meta *meta = NULL;
    for (size_t i = 0; i < b->nsheets && !b->failed; i++) {
        book_sheet *s = &b->sheets[i];
        sort_sheet(s);
        if (book_is_meta_sheet(b->ctx, s->name) ||
            (s->title && book_is_meta_sheet(b->ctx, s->title))) {
            if (meta) {
                diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-011", b->file, 0,
                         0, "a second metadata sheet or file, '%s', is ignored", s->name);
                continue;
            }
            if (!(meta = calloc(1, sizeof *meta))) {
                b->failed = true;
                break;
            }
            read_meta(b, s, meta);
            continue;
        }
        if (bd.n)
            blank_line(&bd);
        sheet_lines(&bd, s);
    }
    if (b->number_warnings > MAX_NUMBER_WARNINGS)
        diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-006", b->file, 0, 0,
                 "%d more numbers are not exactly what their cells show (not reported one by "
                 "one)",
                 b->number_warnings - MAX_NUMBER_WARNINGS);
    gfa_status st = b->failed || bd.text.failed ? GFA_ERR_NOMEM : GFA_OK;
    /* a limit was diagnosed (the cells): the input is refused */
    if (st != GFA_OK && gfa_diags_count_at_least(b->diags, GFA_SEV_FATAL))
        st = GFA_ERR_INPUT;
    size_t first = gfa_diags_count(b->diags);
    if (st == GFA_OK)
        st = src_doc_from_text(b->file, bd.text.data ? bd.text.data : "", bd.text.len,
                               gfa_context_limit(b->ctx, GFA_LIMIT_LINE_CHARS), out, b->diags);
    if (st != GFA_OK) { /* line-chars: name the row */
        for (size_t i = first; i < gfa_diags_count(b->diags); i++) {
            long line = gfa_diag_line(gfa_diags_at(b->diags, i));
            if (line > 0 && (size_t)line <= bd.n && bd.lines[line - 1].at)
                diag_locate(b->diags, i, bd.lines[line - 1].at);
        }
        if (meta) {
            src_doc tmp = {.meta = meta};
            src_doc_free(&tmp);
        }
        lines_free(&bd);
        return st;
    }
    for (size_t i = 0; i < out->count && i < bd.n; i++) {
        src_line *l = &out->lines[i];
        bline *bl = &bd.lines[i];
        l->at = bl->at;
        bl->at = NULL;
        l->whole = bl->whole;
        for (int c = 0; c < l->ncells && c < bl->ncells; c++) {
            l->cells[c].at = bl->cell_at[c];
            l->cells[c].uncertain = bl->uncertain[c];
            bl->cell_at[c] = NULL;
        }
    }
    lines_free(&bd);
    out->meta = meta;
    out->format = format;
    out->encoding = encoding;
    out->bytes = bytes;
    memcpy(out->sha256, sha256, 65);
    return GFA_OK;
}
