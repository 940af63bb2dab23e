/* write_xlsx.c — an instance as an Excel workbook, written by libxlsxwriter (issue 14): the
 * sheets of sheets.c, one per table and form with the printed header (merged cells as
 * printed, bold, bordered), codes and names as text, amounts as numbers whose number format
 * has the decimals (and grouping, parentheses) they were printed with, so that the sheet
 * shows exactly the printed amount and gfa reads it back exactly; blanks stay empty cells,
 * 0 a number and —— text. The workbook is written to a temporary file beside the target
 * and renamed into place. */
#include "write/write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Excel's limits. */
#define MAX_CELL_CHARS 32767
#define MAX_ROWS 1048576
#define MAX_COLS 16384
#define NUMFMT_CACHE 64

typedef struct styles {
    lxw_workbook *wb;
    lxw_format *title, *header, *body, *wrap;
    struct {
        book_numfmt f;
        lxw_format *fmt;
    } num[NUMFMT_CACHE];
    int nnum;
} styles;

static void styles_init(styles *st, lxw_workbook *wb)
{
    memset(st, 0, sizeof *st);
    st->wb = wb;
    st->title = workbook_add_format(wb);
    format_set_bold(st->title);
    format_set_font_size(st->title, 14);
    st->header = workbook_add_format(wb);
    format_set_bold(st->header);
    format_set_border(st->header, LXW_BORDER_THIN);
    format_set_align(st->header, LXW_ALIGN_CENTER);
    format_set_align(st->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(st->header);
    st->body = workbook_add_format(wb);
    format_set_border(st->body, LXW_BORDER_THIN);
    st->wrap = workbook_add_format(wb);
    format_set_text_wrap(st->wrap);
    format_set_align(st->wrap, LXW_ALIGN_VERTICAL_TOP);
}

/* The number format of an amount: "0.00", "#,##0.00", "0.00;(0.00)" … */
static lxw_format *number_format(styles *st, const book_numfmt *f)
{
    for (int i = 0; i < st->nnum; i++)
        if (st->num[i].f.decimals == f->decimals && st->num[i].f.grouping == f->grouping &&
            st->num[i].f.paren == f->paren)
            return st->num[i].fmt;
    char base[32], code[72];
    snprintf(base, sizeof base, "%s%s%.*s", f->grouping ? "#,##0" : "0",
             f->decimals > 0 ? "." : "", f->decimals > 0 ? f->decimals : 0, "000000000");
    if (f->paren)
        snprintf(code, sizeof code, "%s;(%s)", base, base);
    else
        snprintf(code, sizeof code, "%s", base);
    lxw_format *fmt = workbook_add_format(st->wb);
    format_set_border(fmt, LXW_BORDER_THIN);
    format_set_num_format(fmt, code);
    if (st->nnum < NUMFMT_CACHE) {
        st->num[st->nnum].f = *f;
        st->num[st->nnum++].fmt = fmt;
    }
    return fmt;
}

/* Whether every text fits in a cell and every sheet in Excel's grid; names the first that
 * does not. */
static bool fits(const wbook *wb, const char *path, gfa_diags *diags)
{
    for (size_t i = 0; i < wb->n; i++) {
        const wsheet *s = &wb->sheets[i];
        if (s->nrows > MAX_ROWS || s->width > MAX_COLS) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-BOOK-041", path, 0, 0,
                     "sheet '%s' would have %zu rows and %d columns, more than Excel's %d × %d",
                     s->name, s->nrows, s->width, MAX_ROWS, MAX_COLS);
            return false;
        }
        for (size_t r = 0; r < s->nrows; r++)
            for (int c = 0; c < s->rows[r].ncells; c++) {
                const wcell *cell = &s->rows[r].cells[c];
                long n = cell->text ? utf8_chars(cell->text, strlen(cell->text)) : 0;
                if (n > MAX_CELL_CHARS) {
                    char *at = book_location(s->name, (long)r, c);
                    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-BOOK-041", path, 0, 0,
                             "a text of %ld characters does not fit in a cell (%s): Excel "
                             "holds at most %d",
                             n, at ? at : s->name, MAX_CELL_CHARS);
                    free(at);
                    return false;
                }
            }
    }
    return true;
}

/* Column widths from the widest cell of the grid rows (CJK characters count two). */
static void column_widths(lxw_worksheet *ws, const wsheet *s, styles *st)
{
    if (s->text) {
        worksheet_set_column(ws, 0, 0, 110, st->wrap);
        return;
    }
    int *w = calloc((size_t)s->width + 1, sizeof *w);
    if (!w)
        return;
    char buf[96];
    for (size_t r = 0; r < s->nrows; r++) {
        const wrow *row = &s->rows[r];
        if (row->style != WR_BODY && row->style != WR_HEADER)
            continue;
        for (int c = 0; c < row->ncells && c < s->width; c++) {
            if (row->cells[c].kind != WC_TEXT && row->cells[c].kind != WC_NUMBER)
                continue;
            int dw = gfa_display_width(wcell_text(&row->cells[c], buf, sizeof buf), 1);
            if (row->style == WR_HEADER && dw > 16)
                dw = 16; /* headers wrap */
            w[c] = dw > w[c] ? dw : w[c];
        }
    }
    for (int c = 0; c < s->width; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             w[c] + 2 < 8 ? 8 : w[c] + 2 > 60 ? 60 : w[c] + 2, NULL);
    free(w);
}

static lxw_error write_sheet(lxw_worksheet *ws, const wsheet *s, styles *st)
{
    lxw_error err = LXW_NO_ERROR;
    column_widths(ws, s, st);
    for (size_t r = 0; r < s->nrows && !err; r++) {
        const wrow *row = &s->rows[r];
        lxw_format *fmt = row->style == WR_TITLE    ? st->title
                          : row->style == WR_HEADER ? st->header
                          : row->style == WR_BODY   ? st->body
                                                    : NULL;
        for (int c = 0; c < row->ncells && !err; c++) {
            const wcell *cell = &row->cells[c];
            switch (cell->kind) {
            case WC_TEXT:
                err = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cell->text, fmt);
                break;
            case WC_NUMBER:
                err = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
                                             strtod(cell->text, NULL),
                                             number_format(st, &cell->fmt));
                break;
            case WC_BLANK:
                err = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c,
                                            fmt ? fmt : st->body);
                break;
            default:
                break;
            }
        }
    }
    for (size_t m = 0; m < s->nmerges && !err; m++) {
        const long *e = s->merges[m];
        const wcell *anchor = &s->rows[e[0]].cells[e[1]];
        err = worksheet_merge_range(ws, (lxw_row_t)e[0], (lxw_col_t)e[1], (lxw_row_t)e[2],
                                    (lxw_col_t)e[3], anchor->text ? anchor->text : "",
                                    st->header);
    }
    return err;
}

static void properties(lxw_workbook *wb, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr header = root ? xmlFirstElementChild(root) : NULL;
    const char *entity = NULL;
    char *title = NULL;
    for (xmlNodePtr c = header ? header->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!xmlStrcmp(c->name, BAD_CAST "entity"))
            entity = xml_attr(c, "name");
        else if (!xmlStrcmp(c->name, BAD_CAST "title") && !title) {
            xmlChar *t = xmlNodeGetContent(c);
            title = t ? strdup((const char *)t) : NULL;
            xmlFree(t);
        }
    }
    char comments[64];
    snprintf(comments, sizeof comments, "gfa %s", gfa_version());
    lxw_doc_properties p = {.title = title, .company = (char *)entity, .comments = comments};
    workbook_set_properties(wb, &p);
    free(title);
}

gfa_status write_xlsx(const writer_env *env, gfa_report *report, const char *path,
                      gfa_diags *diags)
{
    wbook wb;
    gfa_status st = wbook_build(env->ctx, report_doc(report), &wb, diags);
    if (st != GFA_OK)
        return st;
    if (!fits(&wb, path, diags)) {
        wbook_free(&wb);
        return GFA_ERR_INPUT;
    }
    atomic_out out;
    st = atomic_open(&out, path, diags);
    if (st != GFA_OK) {
        wbook_free(&wb);
        return st;
    }
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL,
                                .use_zip64 = LXW_FALSE};
    lxw_workbook *xbook = workbook_new_opt(out.tmp, &opt);
    lxw_error err = xbook ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (xbook) {
        styles sty;
        styles_init(&sty, xbook);
        properties(xbook, report_doc(report));
        for (size_t i = 0; i < wb.n && !err; i++) {
            lxw_worksheet *ws = workbook_add_worksheet(xbook, wb.sheets[i].name);
            err = ws ? write_sheet(ws, &wb.sheets[i], &sty) : LXW_ERROR_MEMORY_MALLOC_FAILED;
        }
        lxw_error closed = workbook_close(xbook); /* also frees the workbook */
        err = err ? err : closed;
    }
    if (err) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-BOOK-042", path, 0, 0,
                 "the workbook could not be written: %s", lxw_strerror(err));
        out.err = err == LXW_ERROR_MEMORY_MALLOC_FAILED ? ENOMEM : EIO;
    }
    /* libxlsxwriter wrote the temporary by name: atomic_close syncs it through the
     * descriptor atomic_open left open, then renames it (or removes it after an error) */
    st = atomic_close(&out, err ? NULL : diags);
    wbook_free(&wb);
    if (err)
        return err == LXW_ERROR_MEMORY_MALLOC_FAILED ? GFA_ERR_NOMEM : GFA_ERR_IO;
    return st;
}
