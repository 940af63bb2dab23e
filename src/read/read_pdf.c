/* read_pdf.c — the PDF reader (issue 10): a PDF's text layer and table rulings become the
 * line/cell model every reader produces (read.h), with page locations ("p12:72.0,540.5").
 *
 * The PDF library is behind pdf_backend.h (MuPDF in libgfa-pdf.so); it hands over one page
 * at a time as characters (code point, baseline, x extent, size) and ruling segments, and
 * the page is dropped before the next is read, so memory is one page plus the model.
 *
 * A page with rulings: the rulings that cross each other form a table (not a frame round
 * rows it does not rule: one row of slots that baselines run through three at a time, or
 * tables of one row only on a page whose other text stands in columns); the boundaries
 * between consecutive rulings make slots, and two neighbouring slots are one cell when no
 * ruling separates them (spanned header cells, multi-line cells). A character belongs to
 * the cell under the middle of its advance, a third of its size above the baseline. One
 * grid line per row of slots, one cell per slot (a spanned cell's text in its first slot,
 * as published texts lay them out). Text outside the tables is grouped into lines by
 * baseline, in reading order (top to bottom, whatever order the PDF drew it in), split
 * where a wide gap separates two pieces on one baseline, and wrapped lines are joined into
 * paragraphs (a line indented as far as the paragraph's first line begins the next). A page
 * without rulings whose lines are laid out in columns goes to the layout engine
 * (layout_to_source) with each character's x extent and the gaps wider than a space marked;
 * codes and amounts wrapped in their narrow cells are joined first. Other pages are
 * paragraphs.
 * Page numbers and running headers (text repeated at one place on most pages of one width:
 * landscape table pages among portrait ones may carry their own) go; a page number wholly
 * in a side margin goes too (printed upright beside a table turned on its sheet).
 *
 * Page geometry is the backend's (pdf_backend.h): every page comes upright, as it is
 * read: /Rotate applied, MediaBox and CropBox origins taken out, and a page whose text
 * runs turned (a table drawn sideways on a portrait sheet) turned so that it runs left to
 * right, rulings with it; locations are in that frame. Lines that ran another way on such
 * a page (aside) are lines of their own.
 *
 * What cannot be read is said precisely (docs/gfa.1 "INPUT FORMATS"): encrypted, broken,
 * scanned pages without a text layer, tables printed as images, and the PDF limits. */
#include "read/read.h"
#include "read/pdf_backend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

/* Text in the top and bottom margins (this share of the page) may be page furniture. */
#define MARGIN_ZONE 0.08f
/* Two pieces of text on one baseline further apart than this many font sizes are two
 * pieces (captions side by side, columns). */
#define GAP_SIZES 1.5f
/* On a page for the layout engine, a gap between two characters wider than this many font
 * sizes is a space: CJK text and numbers run without gaps, while neighbouring cells of a
 * table without column rules may stand only their padding apart (0.5 font sizes). */
#define WORD_GAP_SIZES 0.25f
/* A gap wider than this many font sizes is wider than any space inside a cell (a word
 * space is a third of a size, the space between Latin and CJK less): two cells stand
 * apart, however narrow the engine's unit (a digit) makes it look. */
#define APART_SIZES 0.6f
/* Ruling positions closer than this (points) are one ruling. */
#define SNAP 1.5f
/* Grids larger than this many slots are not read as tables (hostile rulings). */
#define MAX_SLOTS 100000
/* Ruling segments in one table: a real one has a few hundred. */
#define MAX_TABLE_SEGS 20000

/* One line of the page's output before paragraphs are joined: a text line (or a piece of
 * one) or a table's grid row. */
typedef struct pitem {
    int page;
    float y;            /* text: the baseline; grid row: the row's top */
    float y1;           /* grid row: the row's bottom */
    float x0, x1, size; /* text: extent and font size; grid row: its text's largest size */
    bool grid;
    bool front;         /* grid row: a cover's or contents' line printed in cells, written
                         * as a line of text */
    bool furniture;     /* a page number or a running header */
    bool single;        /* grid row of a table of one column: furniture unless its page
                         * joins a band of columns (join_column_bands), its characters the
                         * page's text too */
    bool shadow;        /* text: drawn inside a table of one column (as above) */
    bool *full;         /* grid row: the cell's last line fills it (its text may go on) */
    bool *top;          /* grid row: the cell's text begins at the row's top (it may go on
                         * from the row before a page break) */
    float *colx;        /* grid row: the table's column boundaries */
    int ncolx;
    float *rowy;        /* grid row: the table's row boundaries, top to bottom */
    int nrowy;
    char *text;         /* text: UTF-8 */
    float *cx, *cx1;    /* text on layout pages: where each code point begins and ends */
    bool *apart;        /* text on layout pages: the code point stands apart from the one
                         * before (APART_SIZES), in another cell */
    int ncells;         /* grid row */
    char **cells;
    char **cell_at;
    char *at;
} pitem;

typedef struct page_info {
    float width, height;
    bool ruled;    /* a table was read from its rulings */
    bool layout;   /* no rulings, lines in columns: the layout engine reads it */
    bool textless; /* no characters */
    int images;
    float image_area;
    size_t chars, invisible;
    float margin;  /* the right edge of the text area on pages of this width */
    float left;    /* where most lines of text begin on pages of this width: the left margin */
    int shape;     /* the first page (0-based) of this width: pages of one width are of
                    * one kind (portrait, landscape, A3) */
} page_info;

typedef struct pdf_reader {
    const gfa_context *ctx;
    const char *name;
    gfa_diags *diags;
    pitem *items;
    size_t nitems, cap;
    page_info *pages;
    int npages;
    bool nomem;
    /* A page without rulings and with fewer than three lines in columns, held until the
     * next page is read: a table or form that begins at its foot (a form's title and the
     * project name wrapped beside 项目名称, which may hold no line in columns at all) is
     * laid out when the next page is. */
    gfa_pdf_char *held;
    size_t nheld;
    int held_page;
    size_t blank_from; /* join_column_bands: the blank rows it added begin here */
} pdf_reader;

/* ------------------------------------------------------------------ helpers --- */

static char *location(int page, float x, float y)
{
    char *s = NULL;
    if (asprintf(&s, "p%d:%.1f,%.1f", page, x > 0 ? x : 0.0, y > 0 ? y : 0.0) < 0)
        return NULL;
    return s;
}

static pitem *new_item(pdf_reader *r)
{
    if (r->nitems == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        pitem *v = realloc(r->items, cap * sizeof *v);
        if (!v) {
            r->nomem = true;
            return NULL;
        }
        r->items = v;
        r->cap = cap;
    }
    pitem *it = &r->items[r->nitems++];
    memset(it, 0, sizeof *it);
    return it;
}

static void item_free(pitem *it)
{
    free(it->text);
    free(it->cx);
    free(it->cx1);
    free(it->apart);
    for (int c = 0; c < it->ncells; c++) {
        free(it->cells[c]);
        free(it->cell_at[c]);
    }
    free(it->cells);
    free(it->cell_at);
    free(it->at);
    free(it->full);
    free(it->top);
    free(it->colx);
    free(it->rowy);
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x3000 || c == '\t';
}

static bool is_latin(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters in a line: sorted by baseline, then x. */
static int by_y_then_x(const void *a, const void *b)
{
    const gfa_pdf_char *p = *(const gfa_pdf_char *const *)a, *q = *(const gfa_pdf_char *const *)b;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int by_x(const void *a, const void *b)
{
    const gfa_pdf_char *p = *(const gfa_pdf_char *const *)a, *q = *(const gfa_pdf_char *const *)b;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* The end of the line that starts at v[i] (v sorted by baseline): the characters whose
 * baseline is within 0.4 of the first one's size. The line is then sorted by x. */
static size_t line_end(const gfa_pdf_char **v, size_t i, size_t n)
{
    float tol = v[i]->size * 0.4f;
    if (tol < 1.0f)
        tol = 1.0f;
    size_t j = i + 1;
    while (j < n && v[j]->y - v[i]->y <= tol)
        j++;
    qsort(v + i, j - i, sizeof *v, by_x);
    return j;
}

/* A character drawn again a hair to the right (fake bold, shadows) is one character. */
static bool duplicate(const gfa_pdf_char **kept, size_t nkept, const gfa_pdf_char *c)
{
    for (size_t k = nkept > 3 ? nkept - 3 : 0; k < nkept; k++)
        if (kept[k]->c == c->c && fabsf(kept[k]->x0 - c->x0) < 0.3f * c->size)
            return true;
    return false;
}

/* Text being built, with the x extent of each code point (for the layout engine). */
typedef struct tbuf {
    strbuf sb;
    float *cx, *cx1; /* where each code point begins and ends */
    bool *apart;     /* whether it stands apart from the one before */
    size_t n, cap;
    bool failed;
} tbuf;

static void tb_put(tbuf *t, uint32_t c, float x, float x1, bool apart)
{
    char u[4];
    int32_t k = 0;
    U8_APPEND_UNSAFE(u, k, c);
    sb_add(&t->sb, u, (size_t)k);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        float *v = realloc(t->cx, cap * sizeof *v);
        if (v)
            t->cx = v;
        float *v1 = v ? realloc(t->cx1, cap * sizeof *v1) : NULL;
        if (v1)
            t->cx1 = v1;
        bool *a = v1 ? realloc(t->apart, cap * sizeof *a) : NULL;
        if (!a) {
            t->failed = true;
            return;
        }
        t->apart = a;
        t->cap = cap;
    }
    t->cx[t->n] = x;
    t->cx1[t->n] = x1;
    t->apart[t->n++] = apart;
}

static uint32_t tb_last(const tbuf *t)
{
    if (!t->sb.len)
        return 0;
    int32_t i = (int32_t)t->sb.len;
    UChar32 c;
    U8_PREV(t->sb.data, 0, i, c);
    return c < 0 ? 0 : (uint32_t)c;
}

static void tb_trim_end(tbuf *t)
{
    while (t->sb.len && t->sb.data[t->sb.len - 1] == ' ') {
        t->sb.len--;
        if (t->n)
            t->n--;
    }
    if (t->sb.data)
        t->sb.data[t->sb.len] = '\0';
}

static void tb_free(tbuf *t)
{
    sb_free(&t->sb);
    free(t->cx);
    free(t->cx1);
    free(t->apart);
    memset(t, 0, sizeof *t);
}

/* Appends characters from[0..n) of one line (sorted by x): white space collapsed to one
 * space, none at the start, fake-bold duplicates dropped; with `gaps`, a visible gap that
 * the PDF drew no space into becomes one (for the layout engine, which sees columns). */
static void tb_chars(tbuf *t, const gfa_pdf_char **from, size_t n, const radical_map *rad,
                     bool gaps)
{
    const gfa_pdf_char *kept[4];
    size_t nkept = 0;
    for (size_t i = 0; i < n; i++) {
        const gfa_pdf_char *c = from[i];
        const gfa_pdf_char *prev = nkept ? kept[nkept - 1] : NULL;
        if (gaps && prev && !is_space(c->c) && tb_last(t) != ' ' &&
            c->x0 - prev->x1 > WORD_GAP_SIZES * fmaxf(prev->size, 1.0f))
            tb_put(t, ' ', prev->x1, prev->x1, false);
        if (is_space(c->c)) {
            if (t->sb.len && tb_last(t) != ' ')
                tb_put(t, ' ', c->x0, c->x0, false);
            continue;
        }
        bool apart = gaps && prev &&
                     c->x0 - prev->x1 > APART_SIZES * fmaxf(fmaxf(prev->size, c->size), 1.0f);
        if (c->c < 0x20 || (c->c >= 0x7F && c->c < 0xA0) || duplicate(kept, nkept, c))
            continue;
        if (nkept == 4) {
            memmove(kept, kept + 1, 3 * sizeof *kept);
            nkept = 3;
        }
        kept[nkept++] = c;
        uint32_t u = ideograph_unify(rad, c->c);
        if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
            u = 0xFFFD;
        tb_put(t, u, c->x0, c->x1, apart);
    }
}

/* Joins a wrapped line to what came before: a space only between two Latin letters
 * (CJK text and numbers wrap without one: "1614.4" + "5"). */
static void tb_wrap(tbuf *t, uint32_t next)
{
    tb_trim_end(t);
    if (is_latin(tb_last(t)) && is_latin(next))
        tb_put(t, ' ', 0, 0, false);
}

/* --------------------------------------------------------------- the tables --- */

typedef struct table {
    float *xs, *ys; /* column and row boundaries */
    int nx, ny;
    int *owner;     /* slot → the slot of its cell (union-find over merged slots) */
    gfa_pdf_seg **vsegs, **hsegs; /* the table's segments */
    size_t nv, nh;
} table;

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Sorted distinct values, those closer than SNAP taken as one. */
static int snap(float *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_float);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[i] - v[k - 1] > SNAP)
            v[k++] = v[i];
    return k;
}

static int find(int *p, int a)
{
    while (p[a] != a)
        a = p[a] = p[p[a]];
    return a;
}

static void unite(int *p, int a, int b)
{
    a = find(p, a);
    b = find(p, b);
    if (a != b) /* the first slot (top left) owns the cell */
        p[a > b ? a : b] = a < b ? a : b;
}

/* Merges collinear overlapping segments in place (sorted by position then start). */
static int cmp_hseg(const void *a, const void *b)
{
    const gfa_pdf_seg *p = a, *q = b;
    if (fabsf(p->y0 - q->y0) > 1.0f)
        return p->y0 < q->y0 ? -1 : 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int cmp_vseg(const void *a, const void *b)
{
    const gfa_pdf_seg *p = a, *q = b;
    if (fabsf(p->x0 - q->x0) > 1.0f)
        return p->x0 < q->x0 ? -1 : 1;
    return p->y0 < q->y0 ? -1 : p->y0 > q->y0;
}

static size_t merge_segs(gfa_pdf_seg *s, size_t n, bool horizontal)
{
    if (!n)
        return 0;
    qsort(s, n, sizeof *s, horizontal ? cmp_hseg : cmp_vseg);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        gfa_pdf_seg *a = &s[k], *b = &s[i];
        if (horizontal && fabsf(a->y0 - b->y0) <= 1.0f && b->x0 <= a->x1 + 1.0f) {
            a->x1 = fmaxf(a->x1, b->x1);
            continue;
        }
        if (!horizontal && fabsf(a->x0 - b->x0) <= 1.0f && b->y0 <= a->y1 + 1.0f) {
            a->y1 = fmaxf(a->y1, b->y1);
            continue;
        }
        s[++k] = *b;
    }
    return k + 1;
}

static bool crosses(const gfa_pdf_seg *h, const gfa_pdf_seg *v)
{
    return v->x0 >= h->x0 - 2 && v->x0 <= h->x1 + 2 && h->y0 >= v->y0 - 2 && h->y0 <= v->y1 + 2;
}

/* Is the boundary at position `at` (a column x or a row y) drawn across `mid`? */
static bool drawn(gfa_pdf_seg **segs, size_t n, bool vertical, float at, float mid)
{
    for (size_t i = 0; i < n; i++) {
        const gfa_pdf_seg *s = segs[i];
        if (vertical ? fabsf(s->x0 - at) <= SNAP && s->y0 - 1 <= mid && mid <= s->y1 + 1
                     : fabsf(s->y0 - at) <= SNAP && s->x0 - 1 <= mid && mid <= s->x1 + 1)
            return true;
    }
    return false;
}

static void table_free(table *t)
{
    free(t->xs);
    free(t->ys);
    free(t->owner);
    free(t->vsegs);
    free(t->hsegs);
}

/* Builds the tables of a page from its rulings: segments that cross belong to one table;
 * a table needs two rulings each way and two columns. Returns the number found. */
static int find_tables(gfa_pdf_page *pg, table **out, bool *nomem)
{
    *out = NULL;
    size_t nh = merge_segs(pg->hrules, pg->nh, true), nv = merge_segs(pg->vrules, pg->nv, false);
    size_t n = nh + nv;
    if (nh < 2 || nv < 2)
        return 0;
    int *comp = malloc(n * sizeof *comp);
    int ntables = 0;
    table *tables = NULL;
    if (!comp) {
        *nomem = true;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        comp[i] = (int)i;
    for (size_t i = 0; i < nh; i++) /* segments: 0..nh-1 horizontal, then vertical */
        for (size_t j = 0; j < nv; j++)
            if (crosses(&pg->hrules[i], &pg->vrules[j]))
                unite(comp, (int)i, (int)(nh + j));
    for (size_t root = 0; root < n; root++) {
        if (find(comp, (int)root) != (int)root)
            continue;
        table t;
        memset(&t, 0, sizeof t);
        for (size_t i = 0; i < n; i++)
            if (find(comp, (int)i) == (int)root)
                *(i < nh ? &t.nh : &t.nv) += 1;
        if (t.nh < 2 || t.nv < 2 || t.nh + t.nv > MAX_TABLE_SEGS)
            continue;
        t.hsegs = malloc(t.nh * sizeof *t.hsegs);
        t.vsegs = malloc(t.nv * sizeof *t.vsegs);
        t.ys = malloc(t.nh * sizeof *t.ys);
        t.xs = malloc(t.nv * sizeof *t.xs);
        if (!t.hsegs || !t.vsegs || !t.ys || !t.xs) {
            table_free(&t);
            *nomem = true;
            break;
        }
        t.nh = t.nv = 0;
        for (size_t i = 0; i < n; i++) {
            if (find(comp, (int)i) != (int)root)
                continue;
            if (i < nh) {
                t.hsegs[t.nh] = &pg->hrules[i];
                t.ys[t.nh++] = pg->hrules[i].y0;
            } else {
                t.vsegs[t.nv] = &pg->vrules[i - nh];
                t.xs[t.nv++] = pg->vrules[i - nh].x0;
            }
        }
        t.ny = snap(t.ys, t.nh);
        t.nx = snap(t.xs, t.nv);
        int rows = t.ny - 1, cols = t.nx - 1;
        if (rows < 1 || cols < 1 || (cols == 1 && rows < 2) || (long)rows * cols > MAX_SLOTS) {
            table_free(&t);
            continue;
        }
        t.owner = malloc((size_t)rows * (size_t)cols * sizeof *t.owner);
        table *grown = realloc(tables, (size_t)(ntables + 1) * sizeof *tables);
        if (grown)
            tables = grown;
        if (!t.owner || !grown) {
            table_free(&t);
            *nomem = true;
            break;
        }
        for (int s = 0; s < rows * cols; s++)
            t.owner[s] = s;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                float ym = (t.ys[i] + t.ys[i + 1]) / 2, xm = (t.xs[j] + t.xs[j + 1]) / 2;
                if (j + 1 < cols && !drawn(t.vsegs, t.nv, true, t.xs[j + 1], ym))
                    unite(t.owner, i * cols + j, i * cols + j + 1);
                if (i + 1 < rows && !drawn(t.hsegs, t.nh, false, t.ys[i + 1], xm))
                    unite(t.owner, i * cols + j, (i + 1) * cols + j);
            }
        for (int s = 0; s < rows * cols; s++)
            t.owner[s] = find(t.owner, s);
        tables[ntables++] = t;
    }
    free(comp);
    *out = tables;
    return ntables;
}

/* The index of the interval of sorted boundaries v[0..n) holding x, or -1. */
static int interval(const float *v, int n, float x)
{
    if (n < 2 || x < v[0] || x >= v[n - 1])
        return -1;
    int lo = 0, hi = n - 1; /* v[lo] <= x < v[hi] */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (v[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* A cell's characters (sorted by baseline) as its text: lines joined. *edge receives how
 * far right its last line reaches, *size that line's font size. */
static char *cell_text(const gfa_pdf_char **v, size_t n, const radical_map *rad, bool *nomem,
                       float *edge, float *size)
{
    tbuf t;
    memset(&t, 0, sizeof t);
    sb_init(&t.sb);
    for (size_t i = 0; i < n;) {
        size_t end = line_end(v, i, n);
        *edge = 0;
        for (size_t k = i; k < end; k++)
            if (!is_space(v[k]->c)) {
                *edge = fmaxf(*edge, v[k]->x1);
                *size = v[k]->size;
            }
        size_t k = i;
        while (k < end && is_space(v[k]->c))
            k++;
        if (k < end && t.sb.len)
            tb_wrap(&t, ideograph_unify(rad, v[k]->c));
        tb_chars(&t, v + i, end - i, rad, false);
        i = end;
    }
    tb_trim_end(&t);
    if (t.failed || t.sb.failed)
        *nomem = true;
    char *s = t.sb.data ? sb_take(&t.sb) : strdup("");
    free(t.cx);
    free(t.cx1);
    free(t.apart);
    if (!s)
        *nomem = true;
    return s;
}

typedef struct placed {
    int slot;
    const gfa_pdf_char *c;
} placed;

static int by_slot_y_x(const void *a, const void *b)
{
    const placed *p = a, *q = b;
    if (p->slot != q->slot)
        return p->slot < q->slot ? -1 : 1;
    return by_y_then_x(&p->c, &q->c);
}

/* Emits the grid rows of one table from the characters placed in it. */
static void table_rows(pdf_reader *r, int page, const table *t, placed *pl, size_t npl)
{
    int rows = t->ny - 1, cols = t->nx - 1;
    qsort(pl, npl, sizeof *pl, by_slot_y_x);
    char **text = calloc((size_t)rows * (size_t)cols, sizeof *text);
    bool *full = calloc((size_t)rows * (size_t)cols, sizeof *full);
    bool *top = calloc((size_t)rows * (size_t)cols, sizeof *top);
    float *row_size = calloc((size_t)rows, sizeof *row_size);
    const gfa_pdf_char **v = malloc((npl ? npl : 1) * sizeof *v);
    if (!text || !full || !top || !row_size || !v) {
        free(text);
        free(full);
        free(top);
        free(row_size);
        free(v);
        r->nomem = true;
        return;
    }
    for (size_t i = 0; i < npl;) {
        size_t j = i;
        while (j < npl && pl[j].slot == pl[i].slot) {
            v[j - i] = pl[j].c;
            j++;
        }
        int s = pl[i].slot, right = s % cols + 1;
        while (right < cols && t->owner[s - s % cols + right] == s)
            right++;
        float edge = 0, size = 1;
        text[s] = cell_text(v, j - i, &r->ctx->radicals, &r->nomem, &edge, &size);
        full[s] = t->xs[right] - edge <= 1.5f * size;
        /* its first baseline within 2.5 font sizes of the row's top ruling (a line and
         * the padding of a generous line height): not centred in a taller row (v is
         * sorted by baseline) */
        top[s] = v[0]->y - t->ys[s / cols] <= 2.5f * v[0]->size;
        if (v[0]->size > row_size[s / cols])
            row_size[s / cols] = v[0]->size;
        i = j;
    }
    for (int i = 0; i < rows && !r->nomem; i++) {
        bool any = false;
        for (int j = 0; j < cols; j++)
            any = any || (text[i * cols + j] && text[i * cols + j][0]);
        if (!any)
            continue;
        pitem *it = new_item(r);
        if (!it)
            break;
        it->page = page;
        it->y = t->ys[i];
        it->y1 = t->ys[i + 1];
        it->size = row_size[i];
        it->x0 = t->xs[0];
        it->grid = true;
        it->cells = calloc((size_t)cols, sizeof *it->cells);
        it->cell_at = calloc((size_t)cols, sizeof *it->cell_at);
        it->full = calloc((size_t)cols, sizeof *it->full);
        it->top = calloc((size_t)cols, sizeof *it->top);
        it->colx = malloc((size_t)t->nx * sizeof *it->colx);
        it->rowy = malloc((size_t)t->ny * sizeof *it->rowy);
        it->at = location(page, t->xs[0], t->ys[i]);
        if (!it->cells || !it->cell_at || !it->full || !it->top || !it->colx || !it->rowy ||
            !it->at) {
            r->nomem = true;
            break;
        }
        memcpy(it->colx, t->xs, (size_t)t->nx * sizeof *it->colx);
        it->ncolx = t->nx;
        memcpy(it->rowy, t->ys, (size_t)t->ny * sizeof *it->rowy);
        it->nrowy = t->ny;
        it->ncells = cols;
        for (int j = 0; j < cols; j++) {
            int s = i * cols + j;
            /* a spanned cell's text is in its first slot; the others are empty */
            const char *x = t->owner[s] == s && text[s] ? text[s] : "";
            it->full[j] = t->owner[s] == s && full[s];
            it->top[j] = t->owner[s] == s && top[s];
            it->cells[j] = strdup(x);
            it->cell_at[j] = location(page, t->xs[j], t->ys[i]);
            if (!it->cells[j] || !it->cell_at[j])
                r->nomem = true;
        }
    }
    for (int s = 0; s < rows * cols; s++)
        free(text[s]);
    free(text);
    free(full);
    free(top);
    free(row_size);
    free(v);
}

/* ------------------------------------------------------------ text outside --- */

/* Adds a text item from characters v[0..n) of one line (sorted by x). */
static void text_item(pdf_reader *r, int page, const gfa_pdf_char **v, size_t n, bool keep_x)
{
    tbuf t;
    memset(&t, 0, sizeof t);
    sb_init(&t.sb);
    tb_chars(&t, v, n, &r->ctx->radicals, keep_x);
    tb_trim_end(&t);
    if (t.failed || t.sb.failed) {
        r->nomem = true;
        tb_free(&t);
        return;
    }
    if (!t.sb.len) {
        tb_free(&t);
        return;
    }
    pitem *it = new_item(r);
    if (!it) {
        tb_free(&t);
        return;
    }
    float size = 0, x1 = v[0]->x1;
    for (size_t i = 0; i < n; i++) {
        size = fmaxf(size, v[i]->size);
        x1 = fmaxf(x1, v[i]->x1);
    }
    it->page = page;
    it->y = v[0]->y;
    it->x0 = v[0]->x0;
    it->x1 = x1;
    it->size = size > 0 ? size : 1;
    it->at = location(page, it->x0, it->y - it->size);
    if (keep_x) {
        it->cx = t.cx;
        it->cx1 = t.cx1;
        it->apart = t.apart;
        t.cx = t.cx1 = NULL;
        t.apart = NULL;
    }
    it->text = sb_take(&t.sb);
    tb_free(&t);
    if (!it->at || !it->text)
        r->nomem = true;
}

/* Is there a wide gap after character i of a line (the next non-space character starts
 * more than GAP_SIZES font sizes after it ends)? */
static bool wide_gap(const gfa_pdf_char **v, size_t i, size_t n, size_t *next)
{
    size_t k = i + 1;
    while (k < n && is_space(v[k]->c))
        k++;
    *next = k;
    return k < n && v[k]->x0 - v[i]->x1 > GAP_SIZES * fmaxf(v[i]->size, 1.0f);
}

/* The lines of text outside the tables (v sorted by baseline) that have a wide gap: three
 * or more and the page looks laid out in columns. */
static int column_lines(const gfa_pdf_char **v, size_t n)
{
    int lines = 0;
    for (size_t i = 0; i < n;) {
        size_t end = line_end(v, i, n), next;
        for (size_t k = i; k < end; k++)
            if (!is_space(v[k]->c) && wide_gap(v, k, end, &next)) {
                lines++;
                break;
            }
        i = end;
    }
    return lines;
}

/* Are characters [from, to) a part's number alone (第一部分)? A heading centred with a wide
 * gap after its number ("第一部分      上海市 XX 局概况", as WPS prints the Shanghai template)
 * is one line, not two pieces. */
static bool part_number_alone(const pdf_reader *r, const gfa_pdf_char **v, size_t from, size_t to)
{
    char buf[64];
    size_t len = 0;
    for (size_t k = from; k < to; k++) {
        if (is_space(v[k]->c))
            continue;
        if (v[k]->c > 0x10FFFF || len + U8_MAX_LENGTH + 1 > sizeof buf)
            return false;
        U8_APPEND_UNSAFE(buf, len, v[k]->c);
    }
    buf[len] = '\0';
    return len > 0 && read_part_number(r->ctx, buf) == len;
}

static void lines_of(pdf_reader *r, int page, const gfa_pdf_char **v, size_t n, bool layout)
{
    for (size_t i = 0; i < n && !r->nomem;) {
        size_t end = line_end(v, i, n);
        size_t start = i, next;
        for (size_t k = i; k < end && !layout; k++)
            if (!is_space(v[k]->c) && wide_gap(v, k, end, &next) &&
                !part_number_alone(r, v, start, k + 1)) {
                text_item(r, page, v + start, k + 1 - start, false);
                start = next;
                k = next - 1;
            }
        if (start < end)
            text_item(r, page, v + start, end - start, layout);
        i = end;
    }
}

/* The text lines of characters v[0..n): the page's text sorted by baseline, then the
 * lines of a turned page that ran another way (pdf_backend.h: aside), sorted apart: each
 * a line of its own, never joined with the text it stands beside (an upright page number
 * at the foot of the sheet, at the side as the page is read: furniture). */
static void text_lines(pdf_reader *r, int page, const gfa_pdf_char **v, size_t n, bool layout)
{
    size_t body = 0;
    while (body < n && !v[body]->aside)
        body++;
    lines_of(r, page, v, body, layout);
    lines_of(r, page, v + body, n - body, layout);
}

/* ------------------------------------------------------------------- a page --- */

/* Makes the lines of the held page, laid out or not. */
static void release_held(pdf_reader *r, bool layout)
{
    if (!r->held)
        return;
    const gfa_pdf_char **v = malloc((r->nheld ? r->nheld : 1) * sizeof *v);
    if (!v) {
        r->nomem = true;
    } else {
        for (size_t i = 0; i < r->nheld; i++)
            v[i] = &r->held[i];
        r->pages[r->held_page - 1].layout = layout;
        text_lines(r, r->held_page, v, r->nheld, layout);
    }
    free(v);
    free(r->held);
    r->held = NULL;
    r->nheld = 0;
}

static void hold(pdf_reader *r, int page, const gfa_pdf_char **v, size_t n)
{
    r->held = malloc((n ? n : 1) * sizeof *r->held);
    if (!r->held) {
        r->nomem = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        r->held[i] = *v[i];
    r->nheld = n;
    r->held_page = page;
}

static int by_baseline(const void *a, const void *b)
{
    const placed *p = a, *q = b;
    return p->c->y < q->c->y ? -1 : p->c->y > q->c->y;
}

/* Is a table of one row of slots only a frame round rows its rulings do not draw (a table
 * ruled round its edge, and maybe between its columns, not between its rows)? Then three or
 * more baselines each run through three slots or more (a row's code, name and amounts; a
 * row of two tall cells, a label wrapped beside its text, is a row), and the table is read
 * as text laid out in columns. pl[0..n): the table's characters (reordered). */
static bool frame_only(const table *t, placed *pl, size_t n)
{
    if (t->ny != 2)
        return false;
    qsort(pl, n, sizeof *pl, by_baseline);
    int shared = 0;
    for (size_t i = 0, j; i < n; i = j) {
        int slots[3], ns = 0; /* the first three slots the baseline runs through */
        for (j = i; j < n && pl[j].c->y - pl[i].c->y <= 1.0f; j++) {
            bool seen = is_space(pl[j].c->c);
            for (int k = 0; k < ns && !seen; k++)
                seen = slots[k] == pl[j].slot;
            if (!seen && ns < 3)
                slots[ns++] = pl[j].slot;
        }
        shared += ns == 3;
    }
    return shared >= 3;
}

/* A spreadsheet's text runs on over the empty cells beside it when it does not fit its
 * own (a title, a paragraph, a long name), and printed with its gridlines every cell of the
 * sheet is ruled, its title lines and paragraphs too. A drawn column ruling through the
 * middle three fifths of a character's advance, or between two characters drawn against
 * each other, is such an overrun (a cell's text never crosses a border it stops at, and
 * stands its padding apart from it): the cells it crosses are one. Then the rows with text
 * in a single cell above the first row of two cells or more (the title and caption lines),
 * and the single-cell rows whose text ran over (paragraphs, notes), are lines of text, not
 * rows: their characters go back to the page's text (which[i] = -1). The slots of the
 * table's other characters are renewed. */
/* Does the cell of slot s (its owner) reach over more than its own column? A title line
 * runs over or is merged across the sheet's columns; a table's row going on at the top of
 * a page with its amounts blank has its label in its own column. */
static bool wider_than_column(const table *t, int s)
{
    int cols = t->nx - 1, row = s / cols;
    for (int j = 0; j < cols; j++)
        if (j != s % cols && t->owner[row * cols + j] == s)
            return true;
    return false;
}

/* Does row `row` of table k begin with an ordinal (一、 (一) 1.)? Its first characters from
 * the left, as text. */
static bool numbered_row(const table *t, const gfa_pdf_page *pg, int k, const int *which,
                         const int *slot, int row)
{
    enum { FIRST = 8 };
    const gfa_pdf_char *v[FIRST];
    int n = 0, cols = t->nx - 1;
    for (size_t i = 0; i < pg->nchars; i++) {
        const gfa_pdf_char *c = &pg->chars[i];
        if (which[i] != k || slot[i] / cols != row || is_space(c->c))
            continue;
        /* keep the FIRST leftmost */
        int at = n < FIRST ? n++ : FIRST;
        while (at > 0 && v[at - 1]->x0 > c->x0) {
            if (at < FIRST)
                v[at] = v[at - 1];
            at--;
        }
        if (at < FIRST)
            v[at] = c;
    }
    char text[FIRST * U8_MAX_LENGTH + 1];
    int32_t len = 0;
    for (int j = 0; j < n; j++)
        U8_APPEND_UNSAFE(text, len, (UChar32)v[j]->c);
    text[len] = '\0';
    char *ordinal = NULL;
    text_strip_ordinal(text, &ordinal);
    bool numbered = ordinal != NULL;
    free(ordinal);
    return numbered;
}

static void overruns(table *t, const gfa_pdf_page *pg, int k, int *which, int *slot, bool *nomem)
{
    int rows = t->ny - 1, cols = t->nx - 1;
    int *first = malloc((size_t)rows * sizeof *first); /* the row's first cell with text */
    int *cells = calloc((size_t)rows, sizeof *cells);  /* cells with text: 0, 1, 2 (or more) */
    bool *over = calloc((size_t)rows, sizeof *over);   /* text ran over a ruling */
    float *size = calloc((size_t)rows, sizeof *size);  /* the row's largest font size */
    if (!first || !cells || !over || !size) {
        *nomem = true;
        goto out;
    }
    for (size_t i = 0; i < pg->nchars; i++) {
        const gfa_pdf_char *c = &pg->chars[i];
        if (which[i] != k || is_space(c->c))
            continue;
        float ay = c->y - 0.3f * c->size, in = 0.2f * (c->x1 - c->x0), end = c->x1 - in;
        /* or between it and the next character drawn right against it */
        const gfa_pdf_char *n = i + 1 < pg->nchars ? &pg->chars[i + 1] : NULL;
        if (n && !is_space(n->c) && fabsf(n->y - c->y) < 0.1f * c->size &&
            n->x0 >= c->x1 - in && n->x0 - c->x1 < 0.05f * c->size)
            end = n->x0 + 0.2f * (n->x1 - n->x0);
        int row = interval(t->ys, t->ny, ay), j = interval(t->xs, t->nx, c->x0 + in);
        while (row >= 0 && j >= 0 && j + 1 < cols && t->xs[j + 1] < end) {
            if (drawn(t->vsegs, t->nv, true, t->xs[j + 1], ay)) {
                unite(t->owner, row * cols + j, row * cols + j + 1);
                over[row] = true;
            }
            j++;
        }
    }
    for (int s = 0; s < rows * cols; s++)
        t->owner[s] = find(t->owner, s);
    for (int i = 0; i < rows; i++)
        first[i] = -1;
    for (size_t i = 0; i < pg->nchars; i++) {
        const gfa_pdf_char *c = &pg->chars[i];
        if (which[i] != k)
            continue;
        slot[i] = t->owner[slot[i]];
        int row = slot[i] / cols; /* the cell's first row (its text may be centred lower) */
        if (is_space(c->c))
            continue;
        size[row] = fmaxf(size[row], c->size);
        if (first[row] < 0)
            first[row] = slot[i], cells[row] = 1;
        else if (slot[i] != first[row])
            cells[row] = 2;
    }
    int top = 0, above = 0;
    float lead = 0; /* the largest type above the first row of two cells */
    /* (lines of text begin in the first column; a row with a single cell further right is
     * one of the table's, a table going on over a page with its amounts blank) */
    bool ran_over = false; /* a sheet printed with its gridlines: text crossed a ruling */
    for (int i = 0; i < rows; i++)
        ran_over = ran_over || over[i];
    bool merged = false; /* a line above merged over the sheet's columns */
    while (top < rows && cells[top] != 2 && (cells[top] == 0 || first[top] % cols == 0)) {
        merged = merged || (cells[top] == 1 && wider_than_column(t, first[top]));
        above += cells[top] == 1;
        lead = fmaxf(lead, size[top++]);
    }
    /* one line above the rows in the frame in the table's type: a heading of its own (公开10's
     * 一、政府采购情况), not a title */
    bool larger = top < rows && lead > 1.15f * size[top];
    if (above < 2 && !larger)
        top = 0;
    /* lines in the table's type, in their own column, none running over: the rows of a
     * table going on over a page, their amounts blank (三、国有资本经营预 / 算财政拨款) */
    if (!larger && !ran_over && !merged)
        top = 0;
    /* the line right above the first row of two cells, in the table's type, numbered: a
     * heading of the table's first section (公开10's 一、政府采购情况 under its caption
     * lines), a row of the table; a title or caption line is not numbered */
    int h = top - 1;
    while (h >= 0 && cells[h] == 0)
        h--;
    if (h >= 0 && top < rows && size[h] <= 1.15f * size[top] &&
        numbered_row(t, pg, k, which, slot, h))
        top = h;
    for (size_t i = 0; i < pg->nchars; i++) {
        int row = which[i] == k ? slot[i] / cols : -1;
        if (row >= 0 && cells[row] == 1 && (row < top || over[row]))
            which[i] = -1;
    }
out:
    free(first);
    free(cells);
    free(over);
    free(size);
}

/* A spreadsheet's text runs on past the table's right ruling when the cells beside it are
 * empty up to the sheet's last column (a long 实际完成情况 in a form): the characters right
 * of the table on a row's baseline, drawn on against the cell's last character (no gap a
 * cell's padding would leave), are that cell's (a cell's text never crosses a border it
 * stops at). Left outside, they break the table in two around a line of text. */
static void runs_past_edge(const table *t, const gfa_pdf_page *pg, int k, int *which, int *slot)
{
    float right = t->xs[t->nx - 1];
    for (size_t i = 0; i + 1 < pg->nchars; i++) {
        const gfa_pdf_char *c = &pg->chars[i], *n = &pg->chars[i + 1];
        if (which[i] != k || which[i + 1] >= 0 || n->aside)
            continue;
        if (c->x1 < right - 0.5f * (c->x1 - c->x0) || (n->x0 + n->x1) / 2 < right)
            continue;
        if (fabsf(n->y - c->y) >= 0.1f * c->size || n->x0 < c->x0 ||
            n->x0 - c->x1 >= 0.05f * c->size)
            continue;
        which[i + 1] = k;
        slot[i + 1] = slot[i];
    }
}

static void read_page(pdf_reader *r, int page, gfa_pdf_page *pg)
{
    page_info *pi = &r->pages[page - 1];
    pi->width = pg->width;
    pi->height = pg->height;
    pi->images = pg->images;
    pi->image_area = pg->image_area;
    pi->invisible = pg->invisible;
    for (size_t i = 0; i < pg->nchars; i++)
        pi->chars += !is_space(pg->chars[i].c);
    pi->textless = pi->chars == 0;
    if (pi->textless)
        return;
    table *tables;
    int ntables = find_tables(pg, &tables, &r->nomem);
    const gfa_pdf_char **free_chars = malloc(pg->nchars * sizeof *free_chars);
    placed *pl = malloc(pg->nchars * sizeof *pl);
    int *which = malloc(pg->nchars * sizeof *which);
    int *slot = malloc(pg->nchars * sizeof *slot);
    if (!free_chars || !pl || !which || !slot) {
        r->nomem = true;
        goto out;
    }
    size_t nfree = 0, naside = 0;
    for (size_t i = 0; i < pg->nchars; i++) {
        const gfa_pdf_char *c = &pg->chars[i];
        which[i] = -1;
        if (c->aside) { /* never a table's; after the others (text_lines) */
            free_chars[pg->nchars - ++naside] = c;
            continue;
        }
        float ax = (c->x0 + c->x1) / 2, ay = c->y - 0.3f * c->size;
        for (int k = 0; k < 2 * ntables && which[i] < 0; k++) { /* one column ones last */
            const table *t = &tables[k % ntables];
            int row = interval(t->ys, t->ny, ay), col = interval(t->xs, t->nx, ax);
            if ((t->nx == 2) == (k >= ntables) && row >= 0 && col >= 0) {
                which[i] = k % ntables;
                slot[i] = t->owner[row * (t->nx - 1) + col];
            }
        }
    }
    for (int k = 0; k < ntables; k++) {
        runs_past_edge(&tables[k], pg, k, which, slot);
        overruns(&tables[k], pg, k, which, slot, &r->nomem);
    }
    for (size_t i = 0; i < pg->nchars; i++)
        if ((which[i] < 0 || tables[which[i]].nx == 2) && !pg->chars[i].aside)
            free_chars[nfree++] = &pg->chars[i];
    /* tables of one row each on a page whose other text is laid out in columns: the rest of
     * a row broken over the page before, or a box round a few cells, in a table whose rows
     * are not ruled; the page is laid out with them */
    int wide = 0, one_row = 0; /* (tables of one column are not the page's tables yet) */
    for (int k = 0; k < ntables; k++) {
        wide += tables[k].nx > 2;
        one_row += tables[k].nx > 2 && tables[k].ny == 2;
    }
    bool rows_unruled = wide > 0 && one_row == wide;
    if (rows_unruled) {
        qsort(free_chars, nfree, sizeof *free_chars, by_y_then_x);
        rows_unruled = column_lines(free_chars, nfree) >= 3;
    }
    int ruled = 0;
    for (int k = 0; k < ntables && !r->nomem; k++) {
        size_t m = 0;
        for (size_t i = 0; i < pg->nchars; i++)
            if (which[i] == k)
                pl[m++] = (placed){slot[i], &pg->chars[i]};
        if (tables[k].nx == 2) { /* one column: its rows kept aside, its text the page's */
            size_t from = r->nitems;
            table_rows(r, page, &tables[k], pl, m);
            for (size_t i = from; i < r->nitems; i++)
                r->items[i].single = r->items[i].furniture = true;
            continue;
        } else if (!rows_unruled && !frame_only(&tables[k], pl, m)) {
            table_rows(r, page, &tables[k], pl, m);
            ruled++;
            continue;
        }
        for (size_t i = 0; i < pg->nchars; i++) /* its characters are the page's text */
            if (which[i] == k)
                free_chars[nfree++] = &pg->chars[i];
    }
    pi->ruled = ruled > 0;
    qsort(free_chars, nfree, sizeof *free_chars, by_y_then_x);
    memmove(free_chars + nfree, free_chars + pg->nchars - naside, naside * sizeof *free_chars);
    qsort(free_chars + nfree, naside, sizeof *free_chars, by_y_then_x);
    int columns = pi->ruled ? 0 : column_lines(free_chars, nfree);
    /* one or two lines in columns at the top of a page: a table's end, laid out with it */
    pi->layout = columns >= 3 || (columns > 0 && page > 1 && r->pages[page - 2].layout);
    release_held(r, pi->layout);
    if (!pi->layout && !pi->ruled) {
        hold(r, page, free_chars, nfree + naside);
        goto out;
    }
    text_lines(r, page, free_chars, nfree + naside, pi->layout);
out:
    for (int k = 0; k < ntables; k++)
        table_free(&tables[k]);
    free(tables);
    free(free_chars);
    free(pl);
    free(which);
    free(slot);
}

/* ------------------------------------------------------- page furniture --- */

/* Text in the top or bottom margin, or wholly inside a side margin (a page number printed
 * upright at the foot of a portrait sheet whose table is turned: read as the table reads,
 * it stands at the side). */
static bool in_margin(const pdf_reader *r, const pitem *it)
{
    const page_info *pi = &r->pages[it->page - 1];
    return it->y < pi->height * MARGIN_ZONE || it->y > pi->height * (1 - MARGIN_ZONE) ||
           it->x1 < pi->width * MARGIN_ZONE || it->x0 > pi->width * (1 - MARGIN_ZONE);
}

/* A page number: one to four digits, at most four other characters around them ("- 3 -",
 * "Page 3" and their equivalents in any language), a number no larger than the pages; or
 * the page and the count of pages, at most six other characters ("3/20", "Page 3 of 20",
 * "第 3 页，共 20 页": a spreadsheet's usual footer), the first no larger than the second. */
static bool page_number(const pdf_reader *r, const char *s)
{
    int digits = 0, other = 0, numbers = 0;
    long value[2] = {0, 0};
    for (const char *p = s; *p;) {
        if (*p >= '0' && *p <= '9') {
            if (p == s || p[-1] < '0' || p[-1] > '9')
                numbers++;
            if (numbers <= 2 && ++digits <= 4)
                value[numbers - 1] = value[numbers - 1] * 10 + (*p - '0');
            p++;
            continue;
        }
        if (*p != ' ')
            other++;
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    if (numbers == 2)
        return digits <= 8 && other <= 6 && value[0] <= value[1] && value[1] <= r->npages + 10;
    return numbers == 1 && digits <= 8 && other <= 4 && value[0] <= r->npages + 10;
}

/* The text of an item without its digits, and where it is, on pages of one shape (or on
 * all, shape = npages): the same on most of those pages means a running header or footer
 * ("第 3 页" and "第 4 页" are one; landscape table pages among portrait ones may carry
 * their own). */
static char *furniture_key(const pitem *it, int shape)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%d|%d|", shape, (int)lroundf(it->y / 3));
    for (const char *p = it->text; *p; p++)
        if (!(*p >= '0' && *p <= '9') && *p != ' ')
            sb_addc(&sb, *p);
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

static void mark_furniture(pdf_reader *r)
{
    strmap *seen = strmap_new();
    /* pages with text by shape; [npages]: all of them */
    int *text_pages = calloc((size_t)r->npages + 1, sizeof *text_pages);
    if (!text_pages) {
        r->nomem = true;
        strmap_free(seen);
        return;
    }
    for (int p = 0; p < r->npages; p++) {
        page_info *pi = &r->pages[p];
        pi->shape = p;
        for (int q = 0; q < p && pi->shape == p; q++)
            if (fabsf(r->pages[q].width - pi->width) < 2)
                pi->shape = q;
        text_pages[pi->shape] += !pi->textless;
        text_pages[r->npages] += !pi->textless;
    }
    for (int pass = 0; pass < 2 && seen; pass++)
        for (size_t i = 0; i < r->nitems; i++) {
            pitem *it = &r->items[i];
            if (it->grid || !in_margin(r, it))
                continue;
            if (pass == 0 && page_number(r, it->text)) {
                it->furniture = true;
                continue;
            }
            for (int all = 0; all < 2; all++) {
                int shape = all ? r->npages : r->pages[it->page - 1].shape, n = 0;
                char *key = furniture_key(it, shape);
                if (!key) {
                    r->nomem = true;
                    continue;
                }
                strmap_get(seen, key, &n);
                if (pass == 0 && !strmap_put(seen, key, n + 1))
                    r->nomem = true;
                if (pass == 1 && n >= 3 && 2 * n >= text_pages[shape])
                    it->furniture = true;
                free(key);
            }
        }
    if (!seen)
        r->nomem = true;
    strmap_free(seen);
    free(text_pages);
}

/* ------------------------------------------------------------ paragraphs --- */

/* How far apart the baselines of a paragraph's lines are, in font sizes: the most common
 * distance between consecutive text lines of one size (paragraph spacing is rarer). */
static float line_pitch(const pdf_reader *r)
{
    int hist[200] = {0};
    const pitem *prev = NULL;
    for (size_t i = 0; i < r->nitems; i++) {
        const pitem *it = &r->items[i];
        if (it->grid || it->furniture)
            continue;
        if (prev && prev->page == it->page && fabsf(prev->size - it->size) < 0.5f) {
            float ratio = (it->y - prev->y) / prev->size;
            if (ratio >= 0.9f && ratio < 3.0f)
                hist[(int)(ratio * 50)]++;
        }
        prev = it;
    }
    int best = 0;
    for (int k = 1; k < 200; k++)
        if (hist[k] > hist[best])
            best = k;
    return hist[best] ? (best + 1) / 50.0f : 1.6f;
}

/* The right edge of the text area for pages of each width: the furthest any line reaches
 * on pages of that width (pages may differ in size and orientation). A report whose text
 * is all short lines (table titles and notes, a short overview) has no line that fills
 * the width: its tables, drawn across the text area, show where the area ends, as far as
 * the left margin mirrored (a table may stand out into the margins), so that a note
 * nearly as long as the longest one is not taken for a full line the title under it
 * continues. Needs the left margins (left_margins). */
static void right_margins(pdf_reader *r)
{
    for (int p = 0; p < r->npages; p++) {
        float w = r->pages[p].width, m = 0, tables = 0;
        for (int q = 0; q < p && m == 0; q++)
            if (fabsf(r->pages[q].width - w) < 2)
                m = r->pages[q].margin;
        if (m == 0) {
            for (size_t i = 0; i < r->nitems; i++) {
                const pitem *it = &r->items[i];
                if (it->furniture || fabsf(r->pages[it->page - 1].width - w) >= 2)
                    continue;
                if (!it->grid)
                    m = fmaxf(m, it->x1);
                else if (!it->single && it->ncolx > 0)
                    tables = fmaxf(tables, it->colx[it->ncolx - 1]);
            }
            if (r->pages[p].left >= 0)
                m = fmaxf(m, fminf(tables, w - r->pages[p].left));
        }
        r->pages[p].margin = m;
    }
}

/* The left margin for pages of each width: the x where most lines of text begin (a
 * paragraph's lines but its first, which Word and WPS indent by two characters). */
static void left_margins(pdf_reader *r)
{
    float *x = malloc((r->nitems ? r->nitems : 1) * sizeof *x);
    if (!x) {
        r->nomem = true;
        return;
    }
    for (int p = 0; p < r->npages; p++) {
        float w = r->pages[p].width, m = -1;
        for (int q = 0; q < p && m < 0; q++)
            if (fabsf(r->pages[q].width - w) < 2)
                m = r->pages[q].left;
        if (m < 0) {
            size_t n = 0;
            for (size_t i = 0; i < r->nitems; i++) {
                const pitem *it = &r->items[i];
                if (!it->grid && !it->furniture && fabsf(r->pages[it->page - 1].width - w) < 2)
                    x[n++] = it->x0;
            }
            qsort(x, n, sizeof *x, cmp_float);
            size_t best = 0; /* the most lines beginning within a point of one another */
            for (size_t i = 0, j = 0; i < n; i++) {
                while (x[i] - x[j] > 1.0f)
                    j++;
                if (i + 1 - j > best) {
                    best = i + 1 - j;
                    m = x[j];
                }
            }
        }
        r->pages[p].left = m;
    }
    free(x);
}

/* Does line b continue the paragraph whose last line is a (its first line starts at
 * first_x0, its lines at x0; one_line: a is its first; `after` is the line after b)? The
 * next page's first line continues the page's last one like any other. A line indented from the left margin as far as the paragraph's first
 * line is the first line of the next paragraph, however full the line before it
 * (无…部门，作下述说明： / 上海市 XX 局 2024 年度无…). */
/* A line centred on the page (as far from the right edge of the text area, the page's left
 * margin mirrored, as from the left margin), in from both by more than a paragraph's
 * two-character first-line indent: a title. */
static bool centred(const pitem *it, float left, float width)
{
    float in = it->x0 - left, out = (width - left) - it->x1;
    return in >= 2.5f * it->size && out >= 2.5f * it->size && fabsf(in - out) < it->size;
}

static bool continues(const pitem *a, const pitem *b, const pitem *after, bool one_line,
                      float first_x0, float x0, float pitch, float margin, float left,
                      float width)
{
    /* a line centred on the page, in from the left margin, is a title: only a line centred
     * likewise goes on with it (a long title wrapped), not the table number or caption at
     * the left margin under it (its 14-point title and the 12-point 公开07表 overlap) */
    if (one_line && left >= 0 && a->page == b->page && centred(a, left, width) &&
        !centred(b, left, width))
        return false;
    /* a paragraph indented as a whole goes on: its lines so far all stand in as far as its
     * first, or b fills the width and the line after it stands as far in */
    bool block = (!one_line && x0 >= first_x0 - 0.5f * a->size) ||
                 (after && after->page == b->page && !after->grid && !after->furniture &&
                  fabsf(after->x0 - b->x0) < 0.5f * b->size && b->x1 >= margin - 2.5f * b->size);
    if (left >= 0 && !block && first_x0 >= left + 1.5f * a->size &&
        fabsf(b->x0 - first_x0) < 0.5f * a->size)
        return false;
    float dy = b->y - a->y;
    bool next_page = b->page == a->page + 1;
    if (a->grid || b->grid || (a->page != b->page && !next_page) ||
        (!next_page && (dy < 0.5f * a->size || dy > (pitch * 1.08f + 0.02f) * a->size)) ||
        fabsf(a->size - b->size) > 0.15f * a->size || a->x1 < margin - 2.5f * a->size ||
        b->x0 > x0 + a->size || (left > 0 && b->x0 > left + 1.5f * b->size))
        return false;
    char *ordinal = NULL;
    text_strip_ordinal(b->text, &ordinal);
    bool numbered = ordinal != NULL;
    free(ordinal);
    return !numbered; /* a numbered item starts a paragraph of its own */
}

/* ---------------------------------------------------------- the line model --- */

typedef struct out_lines {
    src_line *v;
    size_t n, cap;
    long max_chars;
    bool nomem, too_long;
} out_lines;

static src_line *out_new(out_lines *o)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 1024;
        src_line *v = realloc(o->v, cap * sizeof *v);
        if (!v) {
            o->nomem = true;
            return NULL;
        }
        o->v = v;
        o->cap = cap;
    }
    src_line *l = &o->v[o->n++];
    memset(l, 0, sizeof *l);
    l->no = (long)o->n;
    return l;
}

static void out_blank(out_lines *o)
{
    if (o->n && o->v[o->n - 1].trimmed && !o->v[o->n - 1].trimmed[0])
        return;
    src_line *l = out_new(o);
    if (l && (!(l->text = strdup("")) || !(l->trimmed = strdup(""))))
        o->nomem = true;
}

static void out_text(out_lines *o, char *text, const char *at)
{
    src_line *l = out_new(o);
    if (!l) {
        free(text);
        return;
    }
    l->text = text;
    l->trimmed = text ? text_trim(text, strlen(text)) : NULL;
    l->at = at ? strdup(at) : NULL;
    if (!l->text || !l->trimmed || (at && !l->at))
        o->nomem = true;
    else if (utf8_chars(l->text, strlen(l->text)) > o->max_chars)
        o->too_long = true;
}

/* Writes grid row it as one line: its cells apart by sep, only those with text when
 * filled_only. */
static void out_cells(out_lines *o, const pitem *it, char sep, bool filled_only)
{
    strbuf sb;
    sb_init(&sb);
    for (int c = 0, n = 0; c < it->ncells; c++) {
        if (filled_only && !it->cells[c][0])
            continue;
        if (n++)
            sb_addc(&sb, sep);
        sb_adds(&sb, it->cells[c]);
    }
    if (sb.failed) {
        sb_free(&sb);
        o->nomem = true;
        return;
    }
    out_text(o, sb_take(&sb), it->at);
}

static void out_grid(out_lines *o, const pitem *it)
{
    out_cells(o, it, '\t', false);
    if (o->nomem)
        return;
    src_line *l = &o->v[o->n - 1];
    l->cells = calloc((size_t)it->ncells, sizeof *l->cells);
    if (!l->cells) {
        o->nomem = true;
        return;
    }
    l->ncells = it->ncells;
    l->grid = it->ncells > 1;
    long col = 1;
    for (int c = 0; c < it->ncells; c++) {
        l->cells[c].text = strdup(it->cells[c]);
        l->cells[c].at = strdup(it->cell_at[c]);
        l->cells[c].pos = col;
        col += utf8_chars(it->cells[c], strlen(it->cells[c])) + 1;
        if (!l->cells[c].text || !l->cells[c].at)
            o->nomem = true;
    }
}

/* Items of one page in reading order: by y, then x. */
static int by_page_y_x(const void *a, const void *b)
{
    const pitem *p = a, *q = b;
    if (p->page != q->page)
        return p->page < q->page ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* Does the text name a table of the definitions (its title, as the assembler keys it)? */
static bool table_title(const pdf_reader *r, const char *text)
{
    char *key = read_title_key(r->ctx, text);
    bool known = false;
    for (size_t d = 0; key && *key && d < r->ctx->defs.count && !known; d++)
        known = r->ctx->defs.tables[d].kind == TABLE_STANDARD &&
                recognise_title_matches(&r->ctx->defs.tables[d], key);
    free(key);
    return known;
}

/* The text items of a paragraph starting at item i, joined; returns the next item. */
static size_t paragraph(const pdf_reader *r, size_t i, float pitch, out_lines *o)
{
    const pitem *first = &r->items[i];
    tbuf t;
    memset(&t, 0, sizeof t);
    sb_init(&t.sb);
    sb_adds(&t.sb, first->text);
    float x0 = first->x0;
    size_t j = i + 1, last = i;
    for (; j < r->nitems; j++) {
        const pitem *b = &r->items[j];
        if (b->furniture)
            continue;
        const pitem *a = &r->items[last], *after = NULL;
        for (size_t k = j + 1; k < r->nitems && !after; k++)
            after = r->items[k].furniture ? NULL : &r->items[k];
        if (r->pages[b->page - 1].layout ||
            !continues(a, b, after, last == i, first->x0, x0, pitch,
                       r->pages[a->page - 1].margin, r->pages[b->page - 1].left,
                       r->pages[a->page - 1].width))
            break;
        /* a page that opens with a table's title begins a block of its own, however full
         * the last line of the page before (a note that fills the width) */
        if (b->page != a->page && table_title(r, b->text))
            break;
        int32_t k = 0, n = (int32_t)strlen(b->text);
        UChar32 c;
        U8_NEXT(b->text, k, n, c);
        t.n = 0; /* positions are not kept for paragraphs */
        tb_wrap(&t, c < 0 ? 0 : (uint32_t)c);
        sb_adds(&t.sb, b->text);
        x0 = fminf(x0, b->x0);
        last = j;
    }
    free(t.cx);
    free(t.cx1);
    free(t.apart);
    if (t.sb.failed) {
        sb_free(&t.sb);
        o->nomem = true;
        return j;
    }
    out_text(o, sb_take(&t.sb), first->at);
    out_blank(o);
    return last + 1;
}

/* Hands the pages [from, to) to the layout engine and appends what it makes. */
static gfa_status layout_run(const pdf_reader *r, int from, int to, out_lines *o)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nitems; i++)
        n += r->items[i].page >= from && r->items[i].page < to;
    layout_line *lines = calloc(n + (size_t)(to - from) + 1, sizeof *lines);
    if (!lines)
        return GFA_ERR_NOMEM;
    size_t k = 0;
    int page = from;
    for (size_t i = 0; i < r->nitems; i++) {
        const pitem *it = &r->items[i];
        if (it->page < from || it->page >= to || it->furniture || it->grid)
            continue;
        if (it->page != page) { /* a page break is a line of its own */
            lines[k] = (layout_line){.no = (long)k + 1, .text = "\f", .page = page};
            k++;
            page = it->page;
        }
        lines[k] = (layout_line){.no = (long)k + 1, .text = it->text, .page = it->page,
                                 .x = it->cx, .x1 = it->cx1, .apart = it->apart, .y = it->y};
        k++;
    }
    src_doc sub;
    memset(&sub, 0, sizeof sub);
    gfa_status st = layout_to_source(r->ctx, r->name, lines, k, &sub, r->diags);
    free(lines);
    if (st != GFA_OK)
        return st;
    for (size_t i = 0; i < sub.count && !o->nomem; i++) {
        src_line *l = out_new(o);
        if (!l)
            break;
        long no = l->no;
        *l = sub.lines[i];
        l->no = no;
        memset(&sub.lines[i], 0, sizeof sub.lines[i]);
    }
    src_doc_free(&sub);
    out_blank(o);
    return o->nomem ? GFA_ERR_NOMEM : GFA_OK;
}

/* A table row that a page break cut in two (word processors let a tall row break across
 * pages): the last row of a page and the first of the next (after repeated header rows),
 * in a table with the same columns, where every cell of the second that has text goes on
 * from a full last line in the same cell of the first, at the top of its row (text
 * centred in a taller row, or spread over its cell, is a cell of its own: a short label
 * such as 总分 may fill a narrow column) unless the first fills its page to the foot (a cut cell centres what
 * goes on), no number stands in a cell the first leaves blank (a number is one line: the
 * row it went on from prints it), and the first leaves no room for a line below it (with
 * room, the second is a row that did not fit whole). Their cells are joined into the
 * first row; the second is dropped. */
static bool same_columns(const pitem *a, const pitem *b)
{
    if (a->ncolx != b->ncolx)
        return false;
    for (int k = 0; k < a->ncolx; k++)
        if (fabsf(a->colx[k] - b->colx[k]) > SNAP)
            return false;
    return true;
}

static bool same_cells(const pitem *a, const pitem *b)
{
    if (a->ncells != b->ncells)
        return false;
    for (int c = 0; c < a->ncells; c++)
        if (strcmp(a->cells[c], b->cells[c]) != 0)
            return false;
    return true;
}

/* Is grid row b a header row repeated from the start of the grid that row a ends? */
static bool repeated_header(const pdf_reader *r, size_t a, const pitem *b)
{
    for (size_t k = a + 1; k-- > 0;) {
        const pitem *it = &r->items[k];
        if (it->furniture)
            continue;
        if (!it->grid)
            return false;
        if (same_cells(it, b))
            return true;
    }
    return false;
}

static bool numeric(const char *s)
{
    return *s && strspn(s, "0123456789.,-") == strlen(s);
}

/* A sheet's print titles (_xlnm.Print_Titles) repeat a block of its rows at the top of
 * every page, and a block chosen from the first header row to the last takes the rows
 * between them too, amounts and all: a page whose grid rows begin with two or more rows of
 * the table the page before goes on with, cell for cell and in their order, amounts among
 * them (with decimals: a header repeated by a word processor has its column numbers 1 2 3,
 * and is left to the recogniser), has them printed again; they are dropped (read again they
 * were rows of their own, their amounts twice). */
static void drop_repeated_titles(pdf_reader *r)
{
    for (size_t i = 1; i < r->nitems; i++) {
        if (r->items[i].page == r->items[i - 1].page || !r->items[i].grid)
            continue;
        /* the table the page before ends with: its first row */
        size_t last = i, start;
        while (last > 0 && r->items[last - 1].furniture)
            last--;
        if (last == 0 || !r->items[last - 1].grid ||
            r->items[last - 1].page + 1 != r->items[i].page)
            continue;
        start = last - 1;
        while (start > 0 && (r->items[start - 1].grid || r->items[start - 1].furniture))
            start--;
        /* the titles need not begin with the table's first row (a section heading above
         * the header rows is not a title row): from the first row like the page's first */
        while (start < last &&
               (r->items[start].furniture || !same_cells(&r->items[start], &r->items[i])))
            start++;
        size_t m = 0, a = start, b = i;
        bool amounts = false;
        while (a < last && b < r->nitems && r->items[b].page == r->items[i].page) {
            if (r->items[a].furniture) {
                a++;
                continue;
            }
            if (r->items[b].furniture) {
                b++;
                continue;
            }
            if (!r->items[b].grid || !same_cells(&r->items[a], &r->items[b]))
                break;
            for (int c = 0; c < r->items[b].ncells; c++)
                amounts = amounts || (numeric(r->items[b].cells[c]) &&
                                      strchr(r->items[b].cells[c], '.'));
            a++, b++, m++;
        }
        if (m < 2 || !amounts || a >= last)
            continue;
        for (size_t k = i; k < b; k++)
            r->items[k].furniture = true;
    }
}

/* Is the cell's text spread over its cell, its ideographs set apart (总 分: a short label
 * distributed or justified in a wide cell)? Such a label is set whole; a wrapped line goes
 * on tight from the cell's edge. */
static bool spread_ideographs(const char *s)
{
    for (const char *p = strchr(s, ' '); p; p = strchr(p + 1, ' '))
        if (p > s && ((unsigned char)p[-1] & 0x80) && ((unsigned char)p[1] & 0x80))
            return true;
    return false;
}

/* The foot of the text area of the pages shaped as page is: the lowest row's bottom or
 * line of text they print (page furniture aside). */
static float text_foot(const pdf_reader *r, int page)
{
    int shape = r->pages[page - 1].shape;
    float foot = 0;
    for (size_t i = 0; i < r->nitems; i++) {
        const pitem *it = &r->items[i];
        if (!it->furniture && r->pages[it->page - 1].shape == shape)
            foot = fmaxf(foot, it->grid ? it->y1 : it->y);
    }
    return foot;
}

static void join_split_rows(pdf_reader *r)
{
    for (size_t i = 0; i + 1 < r->nitems; i++) {
        pitem *a = &r->items[i];
        if (!a->grid)
            continue;
        size_t j = i + 1; /* the next page's first row after repeated header rows */
        while (j < r->nitems && (r->items[j].furniture ||
                                 (r->items[j].grid && r->items[j].page == a->page + 1 &&
                                  repeated_header(r, i, &r->items[j]))))
            j++;
        if (j >= r->nitems || !r->items[j].grid || r->items[j].page != a->page + 1)
            continue;
        pitem *b = &r->items[j];
        /* every cell of b that has text continues a full line of a (a complete cell
         * followed by text means b is a row of its own) */
        bool goes_on = same_columns(a, b);
        float room = goes_on ? text_foot(r, a->page) - a->y1 : 0; /* (a pass over the items) */
        for (int c = 0; c < a->ncells && goes_on; c++)
            if (a->cells[c][0] && b->cells[c][0])
                goes_on = a->full[c] && (b->top[c] || room < 0.5f * b->size) &&
                          !numeric(a->cells[c]) && !spread_ideographs(b->cells[c]);
            else if (b->cells[c][0]) /* a number is one line: a row it went on from prints it */
                goes_on = !numeric(b->cells[c]);
        for (int c = 0, both = 0; c < a->ncells && goes_on; c++)
            if ((both += a->cells[c][0] && b->cells[c][0]) == 0 && c == a->ncells - 1)
                goes_on = false; /* nothing goes on */
        /* a row cut by the break fills its page: room left for a line of b's text below a
         * means b did not fit whole there (a browser keeps a row whole) */
        if (goes_on && room >= 2.0f * b->size)
            goes_on = false;
        if (!goes_on)
            continue;
        for (int c = 0; c < a->ncells && !r->nomem; c++) {
            char *joined = NULL;
            const char *x = a->cells[c], *y = b->cells[c];
            size_t n = strlen(x);
            bool space = n && is_latin((unsigned char)x[n - 1]) && is_latin((unsigned char)y[0]);
            if (asprintf(&joined, "%s%s%s", x, space ? " " : "", y) < 0) {
                r->nomem = true;
                break;
            }
            free(a->cells[c]);
            a->cells[c] = joined;
            a->full[c] = b->full[c];
        }
        b->furniture = true; /* not printed again */
    }
}

/* ------------------------------------------------- codes wrapped in their cell --- */

/* A code point of a text item on a layout page, with its place. */
typedef struct cpos {
    UChar32 c;
    float x0, x1;
    bool apart;
} cpos;

/* The code points of a text item with their places; NULL when it has none. */
static cpos *item_chars(const pitem *it, size_t *n)
{
    size_t len = strlen(it->text);
    cpos *v = it->cx && it->cx1 && it->apart ? malloc((len + 1) * sizeof *v) : NULL;
    *n = 0;
    for (int32_t i = 0; v && i < (int32_t)len;) {
        UChar32 c;
        U8_NEXT(it->text, i, (int32_t)len, c);
        v[*n] = (cpos){c, it->cx[*n], it->cx1[*n], it->apart[*n]};
        ++*n;
    }
    return v;
}

/* Replaces a text item's text and places by v[0..n). */
static bool item_set(pitem *it, const cpos *v, size_t n)
{
    tbuf t;
    memset(&t, 0, sizeof t);
    sb_init(&t.sb);
    for (size_t i = 0; i < n; i++)
        tb_put(&t, v[i].c < 0 ? 0xFFFD : (uint32_t)v[i].c, v[i].x0, v[i].x1, v[i].apart);
    if (t.failed || t.sb.failed || !n) {
        tb_free(&t);
        return n == 0;
    }
    free(it->text);
    free(it->cx);
    free(it->cx1);
    free(it->apart);
    it->text = sb_take(&t.sb);
    it->cx = t.cx;
    it->cx1 = t.cx1;
    it->apart = t.apart;
    return it->text != NULL;
}

/* The run of ASCII digits v[*from..*to) that begins at or after *from and stands alone
 * (white space or the line's ends around it); false when there is none. */
static bool next_digits(const cpos *v, size_t n, size_t *from, size_t *to)
{
    for (size_t i = *from; i < n; i++) {
        if (v[i].c < '0' || v[i].c > '9' || (i > 0 && v[i - 1].c != ' ' && !v[i].apart))
            continue;
        size_t j = i;
        while (j < n && v[j].c >= '0' && v[j].c <= '9' && (j == i || !v[j].apart))
            j++;
        if (j == n || v[j].c == ' ' || v[j].apart) {
            *from = i;
            *to = j;
            return true;
        }
    }
    return false;
}

/* Do digits a[0..na) then b[0..nb) spell a code of the code lists, and a alone none? */
static bool completes_code(const gfa_context *ctx, const cpos *a, size_t na, const cpos *b,
                           size_t nb)
{
    char code[16];
    if (na + nb != 5 && na + nb != 7)
        return false;
    for (size_t i = 0; i < na; i++)
        code[i] = (char)a[i].c;
    for (size_t i = 0; i < nb; i++)
        code[na + i] = (char)b[i].c;
    code[na + nb] = '\0';
    if (!code_list_find(&ctx->function_codes, code) && !code_list_find(&ctx->economic_codes, code))
        return false;
    code[na] = '\0';
    return !code_list_find(&ctx->function_codes, code) && !code_list_find(&ctx->economic_codes, code);
}

/* A code wrapped in the narrow code column of a table without rulings (201030 / 1, the
 * row's name and amounts on the line between them, centred in the row): digits alone one
 * or two lines under a run of digits, within its width, that end it as a code the code
 * lists know (and it alone is none) are moved onto its line. Items [from, to) are the text
 * lines of one layout page, in reading order. */
static void join_wrapped_codes(pdf_reader *r, size_t from, size_t to)
{
    for (size_t a = from; a < to && !r->nomem; a++) {
        pitem *A = &r->items[a];
        if (A->grid || A->furniture || !A->cx)
            continue;
        size_t na = 0, i = 0, j = 0;
        cpos *va = item_chars(A, &na);
        for (; va && next_digits(va, na, &i, &j); i = j) {
            if (j - i < 2 || j - i > 6)
                continue;
            float left = va[i].x0, right = va[j - 1].x1, size = A->size;
            bool joined = false;
            for (size_t b = a + 1; b < to && !joined && r->items[b].y - A->y <= 2.6f * size; b++) {
                pitem *B = &r->items[b];
                size_t nb = 0, p = 0, q = 0;
                cpos *vb = B->grid || B->furniture ? NULL : item_chars(B, &nb);
                for (; vb && !joined && next_digits(vb, nb, &p, &q); p = q) {
                    if (q - p >= j - i || vb[p].x0 < left - 0.5f * size ||
                        vb[q - 1].x1 > right + 0.5f * size ||
                        !completes_code(r->ctx, va + i, j - i, vb + p, q - p))
                        continue;
                    cpos *w = malloc((na + q - p) * sizeof *w);
                    if (!w) {
                        r->nomem = true;
                        break;
                    }
                    float shift = va[j - 1].x1 - vb[p].x0;
                    memcpy(w, va, j * sizeof *w);
                    for (size_t k = p; k < q; k++)
                        w[j + k - p] = (cpos){vb[k].c, vb[k].x0 + shift, vb[k].x1 + shift, false};
                    memcpy(w + j + (q - p), va + j, (na - j) * sizeof *w);
                    size_t cut = q < nb && vb[q].c == ' ' ? q + 1 : q; /* its blank too */
                    memmove(vb + p, vb + cut, (nb - cut) * sizeof *vb);
                    nb -= cut - p;
                    while (nb && vb[nb - 1].c == ' ')
                        nb--;
                    size_t lead = 0;
                    while (lead < nb && vb[lead].c == ' ')
                        lead++;
                    if (!item_set(A, w, na + q - p) || !item_set(B, vb + lead, nb - lead))
                        r->nomem = true;
                    if (nb == lead)
                        B->furniture = true; /* nothing left of it */
                    free(w);
                    joined = true;
                }
                free(vb);
            }
            if (joined) { /* A changed: read it anew */
                free(va);
                va = item_chars(A, &na);
            }
        }
        free(va);
    }
}

/* The usual number of decimals of the amounts on layout pages (2 when there are none). */
static int usual_decimals(const pdf_reader *r)
{
    long hist[8] = {0};
    for (size_t i = 0; i < r->nitems; i++) {
        const pitem *it = &r->items[i];
        if (it->grid || it->furniture || !it->cx || !r->pages[it->page - 1].layout)
            continue;
        for (const char *p = it->text; *p; p++) {
            if (*p != '.' || p == it->text || p[-1] < '0' || p[-1] > '9')
                continue;
            int d = 0;
            while (p[1 + d] >= '0' && p[1 + d] <= '9')
                d++;
            if (d > 0 && d < 8 && (p[1 + d] == ' ' || !p[1 + d]))
                hist[d]++;
        }
    }
    int best = 2;
    for (int d = 1; d < 8; d++)
        if (hist[d] > hist[best])
            best = d;
    return best;
}

/* The last digits of an amount wrapped in its narrow cell (682.7 / 6) stand right-aligned
 * under it; when the next column's text stands only a space after them (6 计, the end of
 * 公用经费合 / 计), they are marked a cell of their own, so that the layout engine joins
 * them to the amount and not to the label. Items [from, to) are the text lines of one
 * layout page; decimals the usual number of decimals. */
static void split_amount_tails(pdf_reader *r, size_t from, size_t to, int decimals)
{
    for (size_t b = from; b < to && !r->nomem; b++) {
        pitem *B = &r->items[b];
        size_t nb = 0, i = 0, j = 0;
        cpos *vb = B->grid || B->furniture ? NULL : item_chars(B, &nb);
        bool changed = false;
        for (; vb && next_digits(vb, nb, &i, &j); i = j) {
            if (j - i >= (size_t)decimals || j + 1 >= nb || vb[j].c != ' ' ||
                (vb[j + 1].c >= '0' && vb[j + 1].c <= '9') || vb[j + 1].apart)
                continue;
            bool tail = false;
            for (size_t a = b; a-- > from && !tail && B->y - r->items[a].y <= 2.6f * B->size;) {
                const pitem *A = &r->items[a];
                size_t na = 0, p = 0, q = 0;
                cpos *va = A->grid || A->furniture ? NULL : item_chars(A, &na);
                for (; va && !tail && p < na; p++) { /* an amount ending where the digits end */
                    if (va[p].c != '.')
                        continue;
                    q = p + 1;
                    while (q < na && va[q].c >= '0' && va[q].c <= '9')
                        q++;
                    tail = p > 0 && va[p - 1].c >= '0' && va[p - 1].c <= '9' &&
                           (q == na || va[q].c == ' ') &&
                           (int)(q - p - 1) + (int)(j - i) == decimals &&
                           fabsf(va[q - 1].x1 - vb[j - 1].x1) <= 0.5f;
                }
                free(va);
            }
            if (tail) {
                vb[j + 1].apart = true;
                changed = true;
            }
        }
        if (changed && !item_set(B, vb, nb))
            r->nomem = true;
        free(vb);
    }
}

/* A sheet wider than the page, printed as it is (no fit to width), goes on over pages to
 * the right: Calc and Excel print the columns that did not fit on the next pages (down,
 * then across), each row level with where it stands on the first page, and nothing where
 * that page has the sheet's title lines above the table but the ends of lines that ran on
 * over the page's edge (a long note under the table). A page holding nothing but grid
 * rows of one table and such ends, every row boundary one of the table's on the page
 * before (whose table has text above it, and whose rows are one table) and no line of that
 * page's text where a row of it stands (a table going on at the top of the next page is
 * ruled where the page before has its title), and every line level with one of its lines:
 * its cells are those rows' further cells (blank for the rows either page has none of),
 * its lines those lines' ends. Text within the table's rows that is no cell's (a merged
 * cell's, a long text run on over the cells beside it, drawn again on each page) is not
 * counted. A header cell merged over columns on both pages prints its text centred on
 * the whole cell, beside the grid: right of it on the first page, that text is the cell's
 * on the next; on a band page, it is not counted. */
/* The item of items [from, to) level with it, a grid row with a grid row, a line with a
 * line: its index, or -1. */
/* Is item it left out of the page as printed? Until the bands are found, a table of one
 * column is seen as its rows, not as text. */
static bool hidden(const pitem *it)
{
    return !it->single && (it->shadow || it->furniture);
}

static long level_item(const pdf_reader *r, size_t from, size_t to, const pitem *it)
{
    for (size_t k = from; k < to; k++) {
        const pitem *x = &r->items[k];
        if (!hidden(x) && x->grid == it->grid && fabsf(x->y - it->y) < 1)
            return (long)k;
    }
    return -1;
}

/* Is text item it printed beside a grid row of items [from, to), level with it, right or
 * left of the table (the part of a header cell merged over columns on two pages that its
 * page shows, centred on the whole cell: its first or last character's middle outside)? */
static bool beside_grid(const pdf_reader *r, size_t from, size_t to, const pitem *it)
{
    for (size_t k = from; k < to && !it->grid; k++) {
        const pitem *g = &r->items[k];
        if (g->grid && !hidden(g) && g->y <= it->y && it->y - g->y < 3 * it->size &&
            (it->x0 + it->size / 2 >= g->colx[g->ncolx - 1] || it->x1 - it->size / 2 <= g->colx[0]))
            return true;
    }
    return false;
}

/* Is every row boundary of grid row b's table one of grid row a's table's (a band page's
 * rows have the heights of the rows they go on, though a header row whose cell is merged
 * over the pages may be unruled at its sides there)? */
static bool rows_among(const pitem *b, const pitem *a)
{
    for (int k = 0; k < b->nrowy; k++) {
        int j = 0;
        while (j < a->nrowy && fabsf(a->rowy[j] - b->rowy[k]) >= 1)
            j++;
        if (j == a->nrowy)
            return false;
    }
    return b->nrowy >= 2;
}

/* Is a line of text of items [from, to) printed where grid row it stands (a table going on
 * at the top of the next page, ruled where the page before has its title lines)? */
static bool text_in_row(const pdf_reader *r, size_t from, size_t to, const pitem *it)
{
    float bottom = it->rowy[it->nrowy - 1];
    for (int k = 0; k < it->nrowy; k++)
        if (it->rowy[k] > it->y + 1) {
            bottom = it->rowy[k];
            break;
        }
    for (size_t k = from; k < to; k++) {
        const pitem *x = &r->items[k];
        if (!hidden(x) && !x->grid && x->y > it->y && x->y < bottom &&
            !beside_grid(r, from, to, x))
            return true;
    }
    return false;
}

static bool band_page(const pdf_reader *r, size_t t0, size_t t1, size_t p0, size_t p1)
{
    const pitem *a = NULL, *b = NULL;
    bool above = false;
    for (size_t i = t0; i < t1; i++) {
        const pitem *it = &r->items[i];
        if (hidden(it))
            continue;
        if (!it->grid)
            above = above || !a;
        else if (!a)
            a = it;
        else if (it->ncells != a->ncells)
            return false;
    }
    for (size_t i = p0; i < p1 && a; i++) {
        const pitem *it = &r->items[i];
        if (hidden(it) || beside_grid(r, p0, p1, it))
            continue;
        if (it->grid) {
            if ((b && it->ncells != b->ncells) || !rows_among(it, a) || text_in_row(r, t0, t1, it))
                return false;
            b = b ? b : it;
            continue;
        }
        /* within the table's rows: a merged cell's text, or a long text run on over the
         * cells beside it, drawn again where the page shows part of it; above the page's
         * own rows, level with a line of the page before that ends inside the page, a
         * line of its own (the next sheet's title where the sheet before has its, the
         * used range ruled over both: gridlines printed) */
        if (it->y > a->rowy[0] && it->y < a->rowy[a->nrowy - 1]) {
            long l = b ? -1 : level_item(r, t0, t1, it);
            if (l >= 0 && r->items[l].x1 < a->colx[a->ncolx - 1] - SNAP)
                return false;
            continue;
        }
        long l = level_item(r, t0, t1, it);
        /* a line's end: the line it goes on reaches the table's right border */
        if (l < 0 || r->items[l].x1 < a->colx[a->ncolx - 1] - SNAP)
            return false;
    }
    return a && b && above;
}

/* Appends row b's cells (n blank cells when b is NULL) to row a. */
static void append_cells(pdf_reader *r, pitem *a, const pitem *b, const pitem *shape)
{
    int n = shape->ncells, m = a->ncells + n;
    char **cells = realloc(a->cells, (size_t)m * sizeof *cells);
    if (cells)
        a->cells = cells;
    char **at = realloc(a->cell_at, (size_t)m * sizeof *at);
    if (at)
        a->cell_at = at;
    bool *full = realloc(a->full, (size_t)m * sizeof *full);
    if (full)
        a->full = full;
    bool *top = realloc(a->top, (size_t)m * sizeof *top);
    if (top)
        a->top = top;
    float *colx = realloc(a->colx, (size_t)(a->ncolx + n) * sizeof *colx);
    if (colx)
        a->colx = colx;
    if (!cells || !at || !full || !top || !colx) {
        r->nomem = true;
        return;
    }
    float shift = a->colx[a->ncolx - 1] - shape->colx[0];
    for (int c = 0; c < n; c++) {
        a->cells[a->ncells + c] = strdup(b ? b->cells[c] : "");
        a->cell_at[a->ncells + c] = strdup(b ? b->cell_at[c] : a->at);
        a->full[a->ncells + c] = b && b->full[c];
        a->top[a->ncells + c] = b && b->top[c];
        a->colx[a->ncolx + c] = shape->colx[c + 1] + shift;
        if (!a->cells[a->ncells + c] || !a->cell_at[a->ncells + c])
            r->nomem = true;
    }
    a->ncells = m;
    a->ncolx += n;
}

/* A blank grid row of row a's table at y, on a's page: where a band page has a row whose
 * cells on the first page are all empty. */
static void blank_row(pdf_reader *r, size_t a, float y)
{
    pitem *it = new_item(r);
    if (!it)
        return;
    const pitem *shape = &r->items[a]; /* (after new_item: it may move the items) */
    int n = shape->ncells;
    it->page = shape->page;
    it->y = y;
    it->x0 = shape->x0;
    it->grid = true;
    it->ncells = n;
    it->cells = calloc((size_t)n, sizeof *it->cells);
    it->cell_at = calloc((size_t)n, sizeof *it->cell_at);
    it->full = calloc((size_t)n, sizeof *it->full);
    it->top = calloc((size_t)n, sizeof *it->top);
    it->colx = malloc((size_t)shape->ncolx * sizeof *it->colx);
    it->rowy = malloc((size_t)shape->nrowy * sizeof *it->rowy);
    it->at = location(it->page, it->x0, y);
    if (!it->cells || !it->cell_at || !it->full || !it->top || !it->colx || !it->rowy ||
        !it->at) {
        it->ncells = 0; /* (item_free frees what there is) */
        r->nomem = true;
        return;
    }
    memcpy(it->colx, shape->colx, (size_t)shape->ncolx * sizeof *it->colx);
    it->ncolx = shape->ncolx;
    memcpy(it->rowy, shape->rowy, (size_t)shape->nrowy * sizeof *it->rowy);
    it->nrowy = shape->nrowy;
    for (int c = 0; c < n; c++) {
        it->cells[c] = strdup("");
        it->cell_at[c] = location(it->page, it->colx[c], y);
        if (!it->cells[c] || !it->cell_at[c])
            r->nomem = true;
    }
}

/* The first page gets a blank row level with each row of a band page it has none of. */
static void add_blank_rows(pdf_reader *r, size_t t0, size_t t1, size_t p0, size_t p1)
{
    if (t1 == t0)
        return;
    size_t a = t0;
    while (a < t1 && (r->items[a].furniture || !r->items[a].grid))
        a++;
    for (size_t i = p0; i < p1 && !r->nomem; i++) {
        const pitem *b = &r->items[i];
        bool have = !b->grid || b->furniture || level_item(r, t0, t1, b) >= 0;
        for (size_t k = r->blank_from; k < r->nitems && !have; k++) /* added for a band before */
            have = r->items[k].page == r->items[a].page && fabsf(r->items[k].y - b->y) < 1;
        if (!have)
            blank_row(r, a, b->y);
    }
}

/* Text printed over two pages is drawn on each up to the page's edge, a character cut by
 * the edge on both: *text goes on with more, without what the two have in common (the end
 * of *text that more begins with, two characters or more), and not at all when it holds
 * more already. False when out of memory. */
static bool go_on(char **text, const char *more)
{
    size_t n = strlen(*text), m = strlen(more), common = 0;
    if (strstr(*text, more))
        return true;
    for (size_t k = m < n ? m : n; k > 0 && !common; k--) {
        int32_t i = 0, chars = 0;
        UChar32 c;
        while ((size_t)i < k) {
            U8_NEXT(more, i, (int32_t)k, c);
            chars++;
        }
        if ((size_t)i == k && chars >= 2 && memcmp(*text + n - k, more, k) == 0)
            common = k;
    }
    char *joined = NULL;
    if (asprintf(&joined, "%s%s", *text, more + common) < 0)
        return false;
    free(*text);
    *text = joined;
    return true;
}

/* The cell of the first page's rows [t0, t1) that a text of a band page within its rows
 * goes on: the last cell with text of the row it stands in, or NULL. */
static char **run_on_cell(pdf_reader *r, size_t t0, size_t t1, const pitem *it)
{
    pitem *row = NULL;
    for (size_t k = t0; k < t1; k++) {
        pitem *g = &r->items[k];
        if (g->grid && !g->furniture && g->y < it->y)
            row = g;
    }
    if (!row || it->y > row->rowy[row->nrowy - 1])
        return NULL;
    for (int c = row->ncells - 1; c >= 0; c--)
        if (row->cells[c][0])
            return &row->cells[c];
    return NULL;
}

static void join_band(pdf_reader *r, size_t t0, size_t t1, size_t p0, size_t p1)
{
    const pitem *shape = NULL;
    for (size_t i = p0; i < p1 && !shape; i++)
        shape = r->items[i].furniture || !r->items[i].grid ? NULL : &r->items[i];
    for (size_t k = t0; k < t1; k++)
        if (beside_grid(r, t0, t1, &r->items[k]))
            r->items[k].furniture = true; /* its cell's text is the next page's */
    for (size_t k = t0; k < t1 && !r->nomem; k++) {
        pitem *a = &r->items[k];
        if (!a->grid || a->furniture)
            continue;
        long b = level_item(r, p0, p1, a);
        append_cells(r, a, b < 0 ? NULL : &r->items[b], shape);
    }
    for (size_t i = p0; i < p1 && !r->nomem; i++) {
        const pitem *end = &r->items[i];
        long l = end->furniture || end->grid ? -1 : level_item(r, t0, t1, end);
        char **text = l >= 0 ? &r->items[l].text : NULL;
        if (l < 0 && !end->furniture && !end->grid && shape && end->x0 < shape->colx[0])
            text = run_on_cell(r, t0, t1, end); /* a cell's text run on over the page's edge */
        if (!text || !go_on(text, end->text)) {
            r->nomem = r->nomem || text;
            continue;
        }
        if (l >= 0)
            r->items[l].x1 = end->x1; /* (the line's x of each character stay the page's) */
    }
    for (size_t i = p0; i < p1; i++)
        r->items[i].furniture = true; /* printed with the rows they go on */
}

/* start[p - 1] .. start[p]: the items of page p (pages 1..npages), the items sorted. */
static void page_starts(const pdf_reader *r, size_t *start)
{
    size_t i = 0;
    for (int p = 0; p <= r->npages; p++) {
        while (i < r->nitems && r->items[i].page <= p)
            i++;
        start[p] = i;
    }
}

/* Marks the text drawn inside a table of one column on its page (pages as page_starts). */
static void mark_shadows(pdf_reader *r, const size_t *start)
{
    for (int p = 1; p <= r->npages; p++)
        for (size_t i = start[p - 1]; i < start[p]; i++) {
            pitem *it = &r->items[i];
            float ay = it->y - 0.3f * it->size;
            for (size_t k = start[p - 1]; k < start[p] && !it->grid && !it->shadow; k++) {
                const pitem *g = &r->items[k];
                it->shadow = g->single && ay >= g->rowy[0] && ay <= g->rowy[g->nrowy - 1] &&
                             it->x1 > g->colx[0] && it->x0 < g->colx[1];
            }
        }
}

/* Which pages are bands is decided on the pages as printed (a page joined with its band
 * reaches further right). The first page gets its rows first (blank where a band page has
 * a row it has none of), then each band page's cells are appended to them. A form whose
 * columns are wide prints one column on a page: a table of one column is one on such
 * pages; elsewhere it is text, as it always was (a box round a note, a sheet's column of
 * paragraphs printed with its gridlines). */
static void join_column_bands(pdf_reader *r)
{
    int *band_of = calloc((size_t)r->npages + 1, sizeof *band_of); /* the page it goes on */
    size_t *start = malloc(((size_t)r->npages + 1) * sizeof *start);
    if (!band_of || !start) {
        free(band_of);
        free(start);
        r->nomem = true;
        return;
    }
    page_starts(r, start);
    mark_shadows(r, start);
    for (int p = 2, t = 1; p <= r->npages; p++) {
        if (start[t - 1] < start[t] && start[p - 1] < start[p] && !r->pages[t - 1].layout &&
            !r->pages[p - 1].layout && band_page(r, start[t - 1], start[t], start[p - 1], start[p]))
            band_of[p] = t;
        else
            t = p;
    }
    /* a table of one column is read as one on the pages joined, else as text as before */
    for (int p = 1; p <= r->npages; p++) {
        bool joined = band_of[p] || (p < r->npages && band_of[p + 1] == p);
        for (size_t i = start[p - 1]; i < start[p]; i++) {
            pitem *it = &r->items[i];
            if (joined && (it->single || it->shadow))
                it->furniture = it->shadow;
            it->single = it->shadow = false;
        }
    }
    r->blank_from = r->nitems;
    for (int p = 2; p <= r->npages && !r->nomem; p++)
        if (band_of[p])
            add_blank_rows(r, start[band_of[p] - 1], start[band_of[p]], start[p - 1], start[p]);
    if (r->nitems > r->blank_from) {
        qsort(r->items, r->nitems, sizeof *r->items, by_page_y_x);
        page_starts(r, start);
    }
    for (int p = 2; p <= r->npages && !r->nomem; p++)
        if (band_of[p])
            join_band(r, start[band_of[p] - 1], start[band_of[p]], start[p - 1], start[p]);
    free(band_of);
    free(start);
}

/* ------------------------------------------------- a cover and contents in cells --- */

/* The number of cells of grid row it with text; *page receives the last one's number when
 * it is a page number (one to four digits), else -1. */
static int filled_cells(const pitem *it, long *page)
{
    int n = 0;
    const char *last = NULL;
    for (int c = 0; c < it->ncells; c++)
        if (it->cells[c][0]) {
            n++;
            last = it->cells[c];
        }
    *page = -1;
    size_t len = last ? strlen(last) : 0;
    if (len > 0 && len <= 4 && strspn(last, "0123456789") == len)
        *page = strtol(last, NULL, 10);
    return n;
}

/* A workbook's cover and contents are sheets too: printed with their cells ruled, the
 * cover's lines (单位名称 | …) and the contents' entries (第一部分 概况 | 1) are grid rows,
 * read as tables no definition describes (their codes, years and page numbers as amounts).
 * When the contents heading (目录) stands on one of the first pages as a line of text, the
 * grid rows before it of at most two cells with text are the cover's lines, and the rows
 * after it of an entry and its page number the contents': each is written as a line of
 * text, its cells apart by a space. Any fuller row before it is a table's: nothing is
 * changed before it then. */
static void front_in_cells(pdf_reader *r)
{
    size_t heading = r->nitems;
    for (size_t i = 0; i < r->nitems && r->items[i].page <= 3 && heading == r->nitems; i++) {
        const pitem *it = &r->items[i];
        if (it->grid || it->furniture || !it->text)
            continue;
        char *key = text_key(&r->ctx->variants, it->text, strlen(it->text));
        if (key && words_is(&r->ctx->vocab.lists[V_CONTENTS], key))
            heading = i;
        free(key);
    }
    if (heading == r->nitems)
        return;
    bool cover = true;
    long page;
    for (size_t i = 0; i < heading && cover; i++)
        cover = !r->items[i].grid || filled_cells(&r->items[i], &page) <= 2;
    for (size_t i = 0; i < heading && cover; i++)
        r->items[i].front = r->items[i].grid;
    for (size_t i = heading + 1; i < r->nitems; i++) {
        pitem *it = &r->items[i];
        if (it->furniture)
            continue;
        if (!it->grid || filled_cells(it, &page) != 2 || page < 0)
            break;
        it->front = true;
    }
}

/* A table's notes printed in its rulings (a sheet printed with its gridlines: every cell of
 * the used range ruled, 注：… and 说明：本表无数据 under the table too): from a row whose one
 * cell with text is its first and begins a note (注：, 说明：) to the table's end, every row
 * holding its first cell's text at most is written as a line of text, the notes the table
 * reader reads after a table (a row of the table is never a note). */
static void notes_in_cells(pdf_reader *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        pitem *it = &r->items[i];
        long page;
        if (!it->grid || it->front || it->furniture || it->ncells < 2 || !it->cells[0][0] ||
            filled_cells(it, &page) != 1 || !read_note_start(r->ctx, it->cells[0]))
            continue;
        size_t end = i + 1;
        bool notes = true;
        for (; end < r->nitems && notes; end++) {
            const pitem *x = &r->items[end];
            if (x->page != it->page || !x->grid || x->ncells != it->ncells || x->colx[0] != it->colx[0])
                break;
            notes = x->furniture || filled_cells(x, &page) == 0 ||
                    (filled_cells(x, &page) == 1 && x->cells[0][0]);
        }
        if (!notes)
            continue;
        for (size_t k = i; k < end; k++)
            if (!r->items[k].furniture)
                r->items[k].front = true;
        i = end - 1;
    }
}

static gfa_status build_lines(pdf_reader *r, out_lines *o)
{
    qsort(r->items, r->nitems, sizeof *r->items, by_page_y_x);
    mark_furniture(r);
    join_column_bands(r);
    drop_repeated_titles(r);
    join_split_rows(r);
    front_in_cells(r);
    notes_in_cells(r);
    left_margins(r);
    right_margins(r);
    int decimals = usual_decimals(r);
    for (size_t i = 0, j; i < r->nitems; i = j) {
        for (j = i; j < r->nitems && r->items[j].page == r->items[i].page; j++)
            ;
        if (r->pages[r->items[i].page - 1].layout) {
            join_wrapped_codes(r, i, j);
            split_amount_tails(r, i, j, decimals);
        }
    }
    float pitch = line_pitch(r);
    gfa_status st = GFA_OK;
    for (size_t i = 0; i < r->nitems && st == GFA_OK && !o->nomem;) {
        const pitem *it = &r->items[i];
        if (r->pages[it->page - 1].layout) {
            int to = it->page;
            while (to <= r->npages && (r->pages[to - 1].layout || r->pages[to - 1].textless))
                to++;
            st = layout_run(r, it->page, to, o);
            while (i < r->nitems && r->items[i].page < to)
                i++;
            continue;
        }
        if (i > 0 && r->items[i - 1].page != it->page)
            out_blank(o); /* a page break */
        if (it->furniture) {
            i++;
        } else if (it->front) { /* a line of text: its cells with text, apart by a space */
            out_cells(o, it, ' ', true);
            i++;
        } else if (it->grid) {
            out_grid(o, it);
            i++;
            if (i < r->nitems && !r->items[i].grid)
                out_blank(o);
        } else {
            i = paragraph(r, i, pitch, o);
        }
    }
    return st != GFA_OK ? st : o->nomem ? GFA_ERR_NOMEM : GFA_OK;
}

/* ------------------------------------------------------------ diagnostics --- */

/* "3–17, 20" for the pages with a property. */
static char *page_ranges(const pdf_reader *r, bool (*has)(const page_info *), int *count)
{
    strbuf sb;
    sb_init(&sb);
    *count = 0;
    for (int p = 0; p < r->npages; p++) {
        if (!has(&r->pages[p]))
            continue;
        int q = p;
        while (q + 1 < r->npages && has(&r->pages[q + 1]))
            q++;
        sb_addf(&sb, "%s%d", sb.len ? ", " : "", p + 1);
        if (q > p)
            sb_addf(&sb, "\u2013%d", q + 1);
        *count += q - p + 1;
        p = q;
    }
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

/* No characters, and an image over much of the page: a scan. */
static bool scanned(const page_info *p)
{
    return p->textless && p->images > 0;
}

/* Few characters, no rulings, and images over a quarter of the page or more: the page's
 * table is a picture (a screenshot of a spreadsheet pasted into the document). */
static bool image_table(const page_info *p)
{
    return !p->textless && !p->ruled && p->chars < 200 &&
           p->image_area >= 0.25f * p->width * p->height;
}

/* Most of the text invisible over a page-sized image: an OCR layer. */
static bool ocr_layer(const page_info *p)
{
    return p->chars > 0 && 2 * p->invisible >= p->chars &&
           p->image_area >= 0.5f * p->width * p->height;
}

static bool has_text(const page_info *p)
{
    return !p->textless;
}

/* Says what cannot be read; true when the PDF is refused. */
static bool judge_pages(const pdf_reader *r)
{
    int n = 0;
    char *pages = page_ranges(r, scanned, &n);
    int with_text = 0;
    char *text_pages = page_ranges(r, has_text, &with_text);
    bool refuse = false;
    if (pages && n > 0)
        diag_add(r->diags, with_text ? GFA_SEV_ERROR : GFA_SEV_FATAL, GFA_DOM_READER,
                 "GFA-PDF-003", r->name, 0, 0,
                 "no text layer on page%s %s: scanned; run OCR first%s", n > 1 ? "s" : "",
                 pages, with_text ? " (what these pages show is not read)" : "");
    refuse = with_text == 0;
    if (with_text == 0 && n == 0)
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-010", r->name, 0, 0,
                 "no text on any of the %d page%s: the text may be drawn as outlines; run OCR "
                 "on a rendering of the pages",
                 r->npages, r->npages > 1 ? "s" : "");
    free(pages);
    free(text_pages);
    pages = page_ranges(r, image_table, &n);
    if (pages && n > 0)
        diag_add(r->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-PDF-004", r->name, 0, 0,
                 "the tables on page%s %s are images: their amounts cannot be read (run OCR "
                 "on those pages, or get the report with its tables as text)",
                 n > 1 ? "s" : "", pages);
    free(pages);
    pages = page_ranges(r, ocr_layer, &n);
    if (pages && n > 0)
        diag_add(r->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-PDF-009", r->name, 0, 0,
                 "the text of page%s %s is an invisible OCR layer over a scanned image: "
                 "characters and digits may be misread",
                 n > 1 ? "s" : "", pages);
    free(pages);
    return refuse;
}

/* The diagnostic for a status of the backend. */
static void refuse(const pdf_reader *r, gfa_pdf_status st, int page, const char *why,
                   const gfa_pdf_limits *lim)
{
    const char *name = r->name;
    char where[32] = "";
    if (page > 0)
        snprintf(where, sizeof where, "page %d: ", page);
    switch (st) {
    case GFA_PDF_UNAVAILABLE:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-005", name, 0, 0,
                 "%s; give the report as text (pdftotext -layout) or use a gfa built with "
                 "PDF support",
                 why);
        break;
    case GFA_PDF_ENCRYPTED:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-001", name, 0, 0,
                 "encrypted PDF: %s; gfa reads PDFs that open without a password (ask the "
                 "publisher for an unprotected copy)",
                 why);
        break;
    case GFA_PDF_BROKEN:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-002", name, 0, 0,
                 "broken PDF: %s", why);
        break;
    case GFA_PDF_OBJECTS:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-008", name, 0, 0,
                 "the PDF has more than %ld objects (--limit pdf-objects=N); a report has a "
                 "few thousand",
                 lim->objects);
        break;
    case GFA_PDF_MEMORY:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-009", name, 0, 0,
                 "%sreading it needs more than %zu bytes of memory (--limit pdf-memory=N): a "
                 "decompression bomb?%s%s",
                 where, lim->memory, why[0] ? " " : "", why);
        break;
    case GFA_PDF_CONTENT:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-010", name, 0, 0,
                 "%s%s (--limit pdf-content-bytes=N): a decompression bomb, refused", where,
                 why);
        break;
    case GFA_PDF_TIME:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-011", name, 0, 0,
                 "%sreading the PDF takes more than %.0f s (--limit pdf-seconds=N)", where,
                 lim->seconds);
        break;
    case GFA_PDF_PAGE:
        diag_add(r->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-006", name, 0, 0,
                 "%scannot be read: %s", where, why);
        break;
    case GFA_PDF_NOMEM:
    case GFA_PDF_OK:
        break;
    }
}

static gfa_status status_of(gfa_pdf_status st)
{
    return st == GFA_PDF_NOMEM ? GFA_ERR_NOMEM : GFA_ERR_INPUT;
}

/* ------------------------------------------------------------- the reader --- */

static void reader_free(pdf_reader *r)
{
    for (size_t i = 0; i < r->nitems; i++)
        item_free(&r->items[i]);
    free(r->items);
    free(r->pages);
    free(r->held);
}

static void out_free(out_lines *o)
{
    src_doc d = {.lines = o->v, .count = o->n};
    src_doc_free(&d);
}

static gfa_pdf_limits limits_of(const gfa_context *ctx)
{
    gfa_pdf_limits lim = {
        .memory = (size_t)gfa_context_limit(ctx, GFA_LIMIT_PDF_MEMORY),
        .content_bytes = (size_t)gfa_context_limit(ctx, GFA_LIMIT_PDF_CONTENT_BYTES),
        .objects = (long)gfa_context_limit(ctx, GFA_LIMIT_PDF_OBJECTS),
        .seconds = (double)gfa_context_limit(ctx, GFA_LIMIT_PDF_SECONDS),
    };
    long long all = gfa_context_limit(ctx, GFA_LIMIT_SECONDS);
    if (all > 0 && (lim.seconds <= 0 || (double)all < lim.seconds))
        lim.seconds = (double)all;
    return lim;
}

/* Reads every page into items; false when the PDF is refused (diagnostics said why). */
static bool read_pages(pdf_reader *r, gfa_pdf_doc *doc, const gfa_pdf_limits *lim,
                       gfa_status *st)
{
    char why[256];
    int warned = 0;
    for (int p = 1; p <= r->npages && !r->nomem; p++) {
        gfa_pdf_page pg;
        gfa_pdf_status ps = gfa_pdf_page_read(doc, p - 1, &pg, why, sizeof why);
        if (ps != GFA_PDF_OK) {
            refuse(r, ps, p, why, lim);
            *st = status_of(ps);
            return false;
        }
        if (pg.warnings && warned++ < 5)
            diag_add(r->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-PDF-008", r->name, 0, 0,
                     "page %d: the PDF is damaged here and was read as far as possible (%s)",
                     p, pg.warning);
        read_page(r, p, &pg);
        gfa_pdf_page_free(&pg); /* one page at a time */
    }
    release_held(r, false);
    if (r->nomem)
        *st = GFA_ERR_NOMEM;
    return !r->nomem;
}

gfa_status read_pdf_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    pdf_reader r = {.ctx = ctx, .name = in->name, .diags = diags};
    gfa_pdf_limits lim = limits_of(ctx);
    gfa_pdf_doc *doc = NULL;
    gfa_pdf_info info;
    char why[256];
    gfa_pdf_status ps = gfa_pdf_open(in->data, in->len, &lim, &doc, &info, why, sizeof why);
    if (ps != GFA_PDF_OK) {
        refuse(&r, ps, 0, why, &lim);
        return status_of(ps);
    }
    if (info.repaired)
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-PDF-007", in->name, 0, 0,
                 "the PDF is damaged (its cross-reference table was rebuilt): compare what "
                 "was read with the original");
    if (info.owner_password)
        diag_add(diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-PDF-011", in->name, 0, 0,
                 "the PDF is encrypted without a user password: read for checking");
    long long max_pages = gfa_context_limit(ctx, GFA_LIMIT_PDF_PAGES);
    gfa_status st = GFA_OK;
    if (info.pages <= 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PDF-002", in->name, 0, 0,
                 "broken PDF: no pages%s (a truncated or damaged file)",
                 info.repaired ? " left after repairing it" : "");
        st = GFA_ERR_INPUT;
    } else if (info.pages > max_pages) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-007", in->name, 0, 0,
                 "the PDF has %d pages, over the limit of %lld (--limit pdf-pages=N)",
                 info.pages, max_pages);
        st = GFA_ERR_INPUT;
    }
    r.npages = info.pages;
    r.pages = st == GFA_OK ? calloc((size_t)info.pages, sizeof *r.pages) : NULL;
    if (st == GFA_OK && !r.pages)
        st = GFA_ERR_NOMEM;
    bool ok = st == GFA_OK && read_pages(&r, doc, &lim, &st);
    size_t peak = gfa_pdf_peak_memory(doc);
    gfa_pdf_close(doc);
    if (ok && judge_pages(&r)) {
        ok = false;
        st = GFA_ERR_INPUT;
    }
    out_lines o = {.max_chars = (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS)};
    if (ok && (st = build_lines(&r, &o)) == GFA_OK && o.too_long) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-002", in->name, 0, 0,
                 "a line of the PDF's text is over %ld characters (--limit line-chars=N)",
                 o.max_chars);
        st = GFA_ERR_INPUT;
    }
    if (ok && st == GFA_OK) {
        int ruled = 0, layout = 0;
        for (int p = 0; p < r.npages; p++) {
            ruled += r.pages[p].ruled;
            layout += r.pages[p].layout;
        }
        diag_add(diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-PDF-012", in->name, 0, 0,
                 "read %d pages with %s (%s%s): tables from rulings on %d, columns found by "
                 "position on %d; %zu lines; the PDF library's memory peaked at %zu KiB",
                 r.npages, gfa_pdf_library(), info.producer[0] ? "made by " : "producer unknown",
                 info.producer, ruled, layout, o.n, peak >> 10);
        out->name = strdup(in->name);
        out->lines = o.v;
        out->count = o.n;
        out->format = "pdf";
        out->encoding = "PDF";
        out->bytes = in->len;
        sha256_hex(in->data, in->len, out->sha256);
        o.v = NULL;
        o.n = 0;
        if (!out->name) {
            src_doc_free(out);
            st = GFA_ERR_NOMEM;
        }
    }
    out_free(&o);
    reader_free(&r);
    return st;
}
