/* read_layout.c — text laid out in columns by position: what `pdftotext -layout` writes,
 * and what the PDF reader makes of a page without table rulings (issue 10). Both give
 * the same line/cell model as a tab-separated text, so one assembler and one recogniser
 * read them all.
 *
 * How laid-out lines become lines and cells:
 *   1. a line is cut into tokens (runs of non-blank characters) with their columns;
 *      tokens one blank apart form a piece (a cell's text), except where a number, a code
 *      or a dash meets text: "1614.45 一、…", "2010301 行政运行", "30207邮电费";
 *   2. page furniture goes: heads repeated at the top of many pages, page numbers;
 *   3. a table region runs from the header after a title the definitions know to its
 *      note (注：…), the next title, a part heading or prose;
 *   4. the header: tokens are joined into the labels the definitions know, also over
 *      lines ("本年收入合" + "计"); labels with nothing under them are the columns and
 *      the others span them; the 栏次 row numbers the value columns;
 *   5. each body line's pieces go to columns in order, by position and kind (a dynamic
 *      programme over the columns of the table);
 *   6. per column group, the body lines are cut into rows, each with at most one code or
 *      行次: wrapped names and amounts join the row whose code list name or definition
 *      label they complete, else by the alignment the document's other rows show;
 *   7. a row is written as a grid line at the line of its code, its cells where the
 *      columns are (blank cells included); lines whose text moved into another line's
 *      cells become blank, so the line numbers stay those of the laid-out text.
 * Columns: pdftotext places a word where it starts, counting a CJK character as one
 * column, so a word's left edge is its character column; its right edge is taken at its
 * display width (CJK characters two), which is how far the printed word really reaches.
 * Whole rows of a document aligned by display width instead are detected (by_width).
 *
 * The reader's stages, one file each (their shared types and calls: layout_internal.h):
 *   layout_tokens.c   characters, the definitions' vocabulary, tokens and pieces, the
 *                     column metric, page furniture (1, 2);
 *   layout_header.c   a table's region, its header blocks, labels and their structure (3, 4);
 *   layout_columns.c  the columns, the body lines' pieces fitted to them, value columns
 *                     learnt from the amounts (4, 5);
 *   layout_rows.c     the body cut into rows, the grid lines written; one table read (6, 7);
 *   layout_forms.c    performance forms rebuilt into rows; every table of a document read;
 *   layout_bands.c    a form printed as it is (its columns in bands, one page each) joined
 *                     into one page before all this;
 *   read_layout.c     (this file) the line/cell model, the entry point (layout_to_source)
 *                     and pages printed in columns joined. */
#include "read/layout_internal.h"

/* ----------------------------------------------------- the line/cell model --- */

static char *where(const lline *l, size_t ci)
{
    char *at = NULL;
    if (l->x && asprintf(&at, "p%d:%.1f,%.1f", l->page, (double)l->x[ci], (double)l->y) < 0)
        at = NULL;
    return at;
}

static bool grid_src(const lay *L, const lline *l, src_line *s)
{
    int n = l->nout > 1 ? l->nout : 2;
    s->cells = calloc((size_t)n, sizeof *s->cells);
    if (!s->cells)
        return false;
    s->ncells = n;
    s->grid = true;
    strbuf sb;
    sb_init(&sb);
    for (int c = 0; c < n; c++) {
        const ocell *o = c < l->nout ? &l->out[c] : NULL;
        src_cell *cell = &s->cells[c];
        cell->text = strdup(o && o->text ? o->text : "");
        cell->pos = o ? o->pos : 1;
        if (!cell->text)
            return false;
        if (o && o->from >= 0 && L->ln[o->from].x && !(cell->at = where(&L->ln[o->from], o->ci)))
            return false;
        sb_addf(&sb, "%s%s", c ? "\t" : "", cell->text);
    }
    s->text = sb_take(&sb);
    return s->text != NULL;
}

/* Does a text begin with CJK or full-width punctuation (。，；：、（）“…)? */
static bool punct_first(const char *t)
{
    unsigned cp;
    layout_u8_next(t, &cp);
    return (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF1F) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026;
}

static int cmp_width(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The leading blanks of a line and its width in display columns (blanks count one). */
static long line_indent(const char *t, long *width)
{
    long indent = 0, w = 0;
    bool lead = true;
    for (const char *p = t; *p;) {
        unsigned cp;
        p += layout_u8_next(p, &cp);
        if (lead && cp == ' ') {
            indent++;
        } else {
            lead = false;
        }
        w += layout_cp_width(cp);
    }
    *width = w;
    return indent;
}

/* What the indentation of a text's prose lines says (src_line.goes_on, tail):
 * reports made with Word or WPS indent a paragraph's first line by two characters and
 * wrap its other lines at the margin, and pdftotext -layout keeps both, where the words
 * alone are ambiguous (a full line that ends a sentence goes on; "（如持平作持平表述）"
 * under a sentence belongs to it). Only for a text whose paragraphs are so indented (a
 * PDF's lines come without this: their x says more), and only for lines of prose. */
static void mark_indents(const lay *L, src_doc *out)
{
    size_t n = out->count;
    long *indent = calloc(n + 1, sizeof *indent), *width = calloc(n + 1, sizeof *width);
    long hist[8] = {0}, *widths = calloc(n + 1, sizeof *widths);
    size_t nw = 0;
    if (!indent || !width || !widths)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const src_line *s = &out->lines[i];
        indent[i] = -1;
        if (L->ln[i].x || L->ln[i].out || src_line_blank(s) || s->grid)
            continue;
        if (strstr(s->trimmed, "   ")) { /* columns set apart by blanks: not prose */
            indent[i] = -2;
            continue;
        }
        indent[i] = line_indent(s->text, &width[i]);
        if (indent[i] < 8 && utf8_chars(s->trimmed, strlen(s->trimmed)) >= 15) {
            hist[indent[i]]++;
            widths[nw++] = width[i];
        }
    }
    /* the margin: the least indentation of many lines (in a text of short paragraphs
     * their indented first lines may be the most) */
    long most = 0;
    for (int k = 0; k < 8; k++)
        most = hist[k] > most ? hist[k] : most;
    int margin = 0;
    while (margin < 7 && hist[margin] * 3 < most)
        margin++;
    long first = 0; /* lines indented as a paragraph's first line */
    for (int k = margin + 2; k <= margin + 4 && k < 8; k++)
        first += hist[k];
    if (nw < 10 || first < 5 || first * 10 < hist[margin])
        goto done;
    qsort(widths, nw, sizeof *widths, cmp_width);
    long full = widths[nw * 9 / 10]; /* a full line's width, as assemble.c's measure */
    long printed = 0; /* the width of the printed line the last line of prose ended */
    size_t prev = n;  /* that line */
    for (size_t i = 0; i < n; i++) {
        if (indent[i] < 0) {
            if (indent[i] == -2 || !src_line_blank(&out->lines[i]))
                prev = n; /* a table or a grid between: no paragraph goes on over it */
            continue;
        }
        src_line *s = &out->lines[i];
        if (prev < n && prev + 1 == i && indent[i] > margin + 4 && punct_first(s->trimmed) &&
            (width[i] - indent[i]) * 2 < full && L->ln[i].page == L->ln[prev].page) {
            s->tail = true;
            printed += width[i] - indent[i];
        } else {
            /* pdftotext's columns are approximate: a line of digits or Latin letters at the
             * margin may stand one blank in (a paragraph's first line stands two or more) */
            s->goes_on = prev < n && indent[i] <= margin + 1 && printed * 100 >= full * 85;
            printed = width[i];
        }
        prev = i;
    }
done:
    free(indent);
    free(width);
    free(widths);
}

/* Each laid-out line becomes one line of the model, with the same number: a grid line
 * with its cells, a text line as printed, or a blank line where the text went into cells
 * of another line or was page furniture. */
static gfa_status to_source(const lay *L, src_doc *out)
{
    out->name = strdup(L->file);
    out->lines = calloc(L->n + 1, sizeof *out->lines);
    if (!out->name || !out->lines)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < L->n; i++) {
        const lline *l = &L->ln[i];
        src_line *s = &out->lines[i];
        out->count = i + 1;
        s->no = l->no;
        bool blank = l->cleared || l->role == LR_FURNITURE;
        bool ok = l->out ? grid_src(L, l, s) : (s->text = strdup(blank ? "" : l->text)) != NULL;
        s->trimmed = s->text ? text_trim(s->text, strlen(s->text)) : NULL;
        if (ok && !blank && l->nt && l->x)
            ok = (s->at = where(l, l->t[0].ci)) != NULL;
        if (!ok || !s->trimmed)
            return GFA_ERR_NOMEM;
    }
    mark_indents(L, out);
    return GFA_OK;
}

static void free_lay(lay *L)
{
    for (size_t i = 0; L->ln && i < L->n; i++) {
        lline *l = &L->ln[i];
        for (int c = 0; c < l->nout; c++)
            free(l->out[c].text);
        free(l->out);
        free(l->text);
        free(l->t);
        free(l->p);
    }
    free(L->ln);
}

static bool load_lines(lay *L, const layout_line *lines)
{
    bool positions = false;
    for (size_t i = 0; i < L->n; i++) {
        lline *l = &L->ln[i];
        l->no = lines[i].no;
        l->page = lines[i].page;
        l->x = lines[i].x;
        l->x1 = lines[i].x1;
        l->apart = lines[i].apart;
        l->y = lines[i].y;
        l->text = strdup(lines[i].text ? lines[i].text : "");
        if (!l->text)
            return false;
        for (char *p = l->text; *p; p++) /* a page break is white space here */
            if (*p == '\f')
                *p = ' ', l->page_break = true;
        positions |= l->x != NULL;
        if (!layout_tokenise(L, l))
            return false;
    }
    if (positions)
        layout_choose_unit(L);
    else
        layout_choose_metric(L);
    layout_choose_decimals(L);
    for (size_t i = 0; i < L->n; i++)
        if (!layout_make_pieces(L, &L->ln[i]))
            return false;
    return true;
}

gfa_status layout_to_source(const gfa_context *ctx, const char *name, const layout_line *lines,
                            size_t n, src_doc *out, gfa_diags *diags)
{
    /* nothing here is an error of the input: what the lines do not say, the assembler and
     * the recogniser report as they read the model */
    (void)diags;
    memset(out, 0, sizeof *out);
    lay L = {.ctx = ctx, .file = name, .n = n, .unit = 1};
    L.ln = calloc(n + 1, sizeof *L.ln);
    gfa_status st = L.ln && load_lines(&L, lines) && layout_mark_furniture(&L) && layout_read_tables(&L)
                        ? to_source(&L, out)
                        : GFA_ERR_NOMEM;
    free_lay(&L);
    if (st != GFA_OK)
        src_doc_free(out);
    return st;
}

/* ---------------------------------------------------------------- the reader --- */

/* Laid-out text has lines of three or more columns set apart by runs of blanks, and no
 * tabs (a tab-separated text is the text reader's, always). */
static int columns_score(const char *s, size_t len)
{
    if (memchr(s, '\t', len))
        return 0;
    long lines = 0;
    int gaps = 0, blanks = 0;
    bool seen = false;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? s[i] : '\n';
        if (c == '\n') {
            lines += gaps >= 2;
            gaps = blanks = 0;
            seen = false;
        } else if (c == ' ') {
            blanks++;
        } else {
            gaps += seen && blanks >= 2;
            blanks = 0;
            seen = true;
        }
    }
    return lines >= 3 ? 2 : 0; /* above the text reader's 1 */
}

int read_layout_sniff(const read_input *in)
{
    if (!in->data || !in->len || decode_fails_or_keeps_tab(in->data, in->len))
        return 0; /* columns_score's first test, without decoding */
    gfa_diags *d = gfa_diags_new();
    decoded_text text;
    bool ok = d && decode_text(in->name ? in->name : "", in->data, in->len, &text, d) == GFA_OK;
    gfa_diags_free(d);
    if (!ok)
        return 0;
    int score = columns_score(text.utf8, text.len);
    decoded_text_free(&text);
    return score;
}

/* Pages: pdftotext ends each page with a form feed, so a line holding one starts a
 * page. The form feeds before a line's first character take no column of it (the text
 * reader made them blanks): the line's text begins after them. */
/* ------------------------------------------------------- column pages --- */

/* A spreadsheet printed as it is (Calc, Excel without "fit to width") prints a wide sheet's
 * columns over several pages, down then across: a page holds some columns of a run of rows,
 * a later page the next columns of the same rows, without the title above them. The pages
 * of one table's further columns (bands) are set beside the page they go on, line by line,
 * before the engine reads the text, as the PDF reader joins its band pages:
 *   - the band page holds no table title, and its lines stand level with lines of the first
 *     page that hold text (the first page's title lines excepted);
 *   - it is known for a band by its 栏次 row, whose numbers go on from the page before's
 *     (a table going on down repeats them), or, without a 栏次 row, by its rows, none of
 *     which begins with a code where the rows of the first page level with them do;
 *   - its lines are placed level with the first page's by the 栏次 rows, else by the last
 *     lines (a note's end run on over the page's edge, "…情况。", with the note), the
 *     header's first line deciding between the table's last line and the note under it.
 * Each first-page line is padded to the width of the widest, then the band's line follows. */
#define BAND_GAP 4 /* blanks between a page's widest line and its band's lines */

typedef struct bpage {
    size_t from, to;  /* lines [from, to) */
    bool title;       /* holds a table title */
    long colno;       /* the 栏次 row (index in the page), -1 */
    int colno_first, colno_last;
    long title_line;  /* the last title line (index in the page), -1 */
} bpage;

static bool blank_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\f')
            return false;
    return true;
}

/* A 栏次 row: words, then one or more column numbers counting up by one ("栏次 1", "2 3
 * 4 5"); *first and *last its numbers. */
static bool colno_text(const char *s, int *first, int *last)
{
    int n = 0, prev = 0;
    bool words = true;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        bool digits = layout_all_digits(s, (size_t)(e - s)) && e - s <= 2;
        if (digits) {
            int v = atoi(s);
            if (n && v != prev + 1)
                return false;
            if (!n)
                *first = v;
            prev = v;
            n++;
            words = false;
        } else if (!words) {
            return false;
        }
        s = e;
    }
    *last = prev;
    return n > 0;
}

/* Does the line begin with a code at its left edge ("301      工资福利支出")? */
static bool code_at_edge(const char *s)
{
    size_t lead = 0;
    while (s[lead] == ' ')
        lead++;
    size_t n = 0;
    while (s[lead + n] >= '0' && s[lead + n] <= '9')
        n++;
    return lead <= 1 && (n == 3 || n == 5 || n == 7) && (!s[lead + n] || s[lead + n] == ' ');
}

static bool title_text(const gfa_context *ctx, const char *s)
{
    while (*s == ' ')
        s++;
    char *key = *s ? read_title_key(ctx, s) : NULL;
    bool yes = false;
    for (size_t d = 0; key && d < ctx->defs.count && !yes; d++)
        yes = recognise_title_matches(&ctx->defs.tables[d], key);
    free(key);
    return yes;
}

/* Does the text end with an ideographic full stop (a sentence's end)? */
static bool sentence_end(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
           (unsigned char)s[n - 1] == 0x82;
}

static long last_content(const layout_line *lines, const bpage *p)
{
    for (size_t i = p->to; i > p->from; i--)
        if (!blank_text(lines[i - 1].text))
            return (long)(i - 1 - p->from);
    return -1;
}

static long first_content(const layout_line *lines, const bpage *p)
{
    for (size_t i = p->from; i < p->to; i++)
        if (!blank_text(lines[i].text))
            return (long)(i - p->from);
    return -1;
}

/* Where band page P's lines stand on first page B: the offset d (P's line j beside B's
 * line j + d), or LONG_MIN when P is no band of B. *last_no: the last column number of the
 * bands joined so far. */
static long band_offset(const gfa_context *ctx, const layout_line *lines, const bpage *B,
                        const bpage *P, int last_no)
{
    long pl = last_content(lines, P), bl = last_content(lines, B);
    if (P->title || pl < 0 || bl < 0)
        return LONG_MIN;
    long d;
    bool coded = false;
    if (P->colno >= 0 || B->colno >= 0) {
        if (P->colno < 0 || B->colno < 0 || P->colno_first != last_no + 1)
            return LONG_MIN;
        d = B->colno - P->colno;
    } else {
        /* the header's first line: the first line of B under its title that is indented */
        long top = -1;
        for (size_t i = B->from + (size_t)(B->title_line + 1); i < B->to && top < 0; i++)
            if (lines[i].text[0] == ' ')
                top = (long)(i - B->from);
        long pf = first_content(lines, P), dt = top - pf;
        if (sentence_end(lines[P->from + (size_t)pl].text)) {
            d = bl - pl;
        } else {
            long d1 = bl - pl, d2 = bl - 1 - pl;
            d = top >= 0 && labs(d2 - dt) < labs(d1 - dt) ? d2 : d1;
        }
        coded = true;
    }
    int edge = 0;
    for (size_t i = P->from; i < P->to; i++) {
        if (blank_text(lines[i].text))
            continue;
        long j = (long)(i - P->from) + d;
        if (j <= B->title_line || j >= (long)(B->to - B->from) ||
            blank_text(lines[B->from + (size_t)j].text))
            return LONG_MIN;
        if (coded && code_at_edge(lines[i].text))
            return LONG_MIN;
        edge += coded && code_at_edge(lines[B->from + (size_t)j].text);
    }
    return coded && edge < 3 ? LONG_MIN : d;
}

static void page_facts(const gfa_context *ctx, const layout_line *lines, bpage *p)
{
    p->colno = -1;
    p->title_line = -1;
    for (size_t i = p->from; i < p->to; i++) {
        const char *s = lines[i].text;
        if (p->colno < 0 && colno_text(s, &p->colno_first, &p->colno_last))
            p->colno = (long)(i - p->from);
        if (title_text(ctx, s)) {
            p->title = true;
            p->title_line = (long)(i - p->from);
        }
    }
    /* the title's caption lines (公开06表, 部门名称…, 金额单位…) stand at the left edge */
    if (p->title)
        for (size_t i = p->from + (size_t)p->title_line + 1; i < p->to && !blank_text(lines[i].text) &&
                                                          lines[i].text[0] != ' ';
             i++)
            p->title_line = (long)(i - p->from);
}

/* The lines with the band pages joined (*owned: the texts made, to free), or NULL when no
 * page is a band (or out of memory: *nomem). */
static layout_line *join_column_pages(const gfa_context *ctx, const layout_line *lines, size_t n,
                                      size_t *out_n, char ***owned, bool *nomem)
{
    *owned = NULL;
    int npages = 0;
    for (size_t i = 0; i < n; i++)
        npages = lines[i].page > npages ? lines[i].page : npages;
    if (npages < 2)
        return NULL;
    bpage *pg = calloc((size_t)npages + 1, sizeof *pg);
    long *off = malloc(((size_t)npages + 1) * sizeof *off);
    int *base = calloc((size_t)npages + 1, sizeof *base);
    if (!pg || !off || !base) {
        free(pg), free(off), free(base);
        *nomem = true;
        return NULL;
    }
    for (size_t i = n; i > 0; i--)
        if (lines[i - 1].page >= 1 && lines[i - 1].page <= npages) {
            pg[lines[i - 1].page].from = i - 1;
            if (!pg[lines[i - 1].page].to)
                pg[lines[i - 1].page].to = i;
        }
    for (int p = 1; p <= npages; p++)
        if (pg[p].to > pg[p].from)
            page_facts(ctx, lines, &pg[p]);
    int b = 0, last_no = 0, joined = 0;
    for (int p = 1; p <= npages; p++) {
        off[p] = LONG_MIN;
        if (pg[p].to <= pg[p].from)
            continue;
        if (b)
            off[p] = band_offset(ctx, lines, &pg[b], &pg[p], last_no);
        if (off[p] != LONG_MIN) {
            base[p] = b;
            last_no = pg[p].colno >= 0 ? pg[p].colno_last : last_no;
            joined++;
        } else {
            b = pg[p].title ? p : 0;
            last_no = pg[p].colno >= 0 ? pg[p].colno_last : 0;
        }
    }
    layout_line *out = NULL;
    char **made = NULL;
    if (joined) {
        out = calloc(n + 1, sizeof *out);
        made = calloc(n + 1, sizeof *made);
    }
    if (joined && (!out || !made))
        *nomem = true;
    for (int p = 1; out && made && p <= npages; p++) {
        if (!base[p])
            continue;
        const bpage *B = &pg[base[p]], *P = &pg[p];
        size_t w = 0;
        for (size_t i = B->from; i < B->to; i++) {
            const char *t = made[i] ? made[i] : lines[i].text;
            size_t c = (size_t)utf8_chars(t, strlen(t));
            w = c > w ? c : w;
        }
        for (size_t i = P->from; i < P->to; i++) {
            long j = (long)(i - P->from) + off[p];
            if (j < 0 || j >= (long)(B->to - B->from))
                continue;
            size_t k = B->from + (size_t)j;
            const char *was = made[k] ? made[k] : lines[k].text;
            strbuf sb;
            sb_init(&sb);
            sb_adds(&sb, was);
            for (size_t c = (size_t)utf8_chars(was, strlen(was)); c < w + BAND_GAP; c++)
                sb_addc(&sb, ' ');
            sb_adds(&sb, lines[i].text);
            char *t = sb_take(&sb);
            if (!t) {
                *nomem = true;
                break;
            }
            free(made[k]);
            made[k] = t;
        }
    }
    size_t m = 0;
    for (size_t i = 0; out && made && i < n; i++) {
        int p = lines[i].page >= 1 && lines[i].page <= npages ? lines[i].page : 0;
        if (p && base[p])
            continue; /* a band's line: beside its first page's */
        out[m] = lines[i];
        if (made[i])
            out[m].text = made[i];
        m++;
    }
    free(pg), free(off), free(base);
    if (!out || !made || *nomem) {
        for (size_t i = 0; made && i < n; i++)
            free(made[i]);
        free(made), free(out);
        return NULL;
    }
    *owned = made;
    *out_n = m;
    return out;
}

static void count_pages(const char *utf8, size_t len, layout_line *lines, size_t n)
{
    int page = 1;
    size_t k = 0, lead = 0;
    bool at_start = true;
    for (size_t i = 0; i < len && k < n; i++) {
        if (utf8[i] == '\f') {
            page++;
            if (at_start && lines[k].text[lead] == ' ')
                lead++;
        } else {
            at_start = false;
        }
        lines[k].page = page;
        if (utf8[i] == '\n') {
            /* a line of form feeds only is a page break of its own, as the PDF reader's */
            lines[k].text = lead && !lines[k].text[lead] ? "\f" : lines[k].text + lead;
            k++;
            lead = 0;
            at_start = true;
        }
    }
    if (k < n)
        lines[k].text += lead;
    for (; k < n; k++)
        lines[k].page = page;
}

gfa_status read_layout_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                              gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    decoded_text text;
    gfa_status st = in->len ? decode_text(in->name, in->data, in->len, &text, diags) : GFA_ERR_INPUT;
    if (!in->len)
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
                 "the file is empty");
    if (st != GFA_OK)
        return st;
    src_doc plain = {0}; /* the lines, cut and bounded as the text reader cuts them */
    st = src_doc_from_text(in->name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), &plain, diags);
    layout_line *lines = st == GFA_OK ? calloc(plain.count + 1, sizeof *lines) : NULL;
    if (st == GFA_OK && !lines)
        st = GFA_ERR_NOMEM;
    if (st == GFA_OK) {
        bool blank = true;
        for (size_t k = 0; k < plain.count; k++) {
            lines[k].no = plain.lines[k].no;
            lines[k].text = plain.lines[k].text;
            blank = blank && src_line_blank(&plain.lines[k]);
        }
        count_pages(text.utf8, text.len, lines, plain.count);
        size_t nj = 0, nf = 0;
        char **made = NULL, **fmade = NULL;
        bool nomem = false;
        /* forms printed in bands first, then the tables' column pages */
        layout_line *forms = blank ? NULL : layout_join_form_bands(ctx, lines, plain.count, &nf, &fmade, &nomem);
        const layout_line *from = forms ? forms : lines;
        size_t nfrom = forms ? nf : plain.count;
        layout_line *joined = blank || nomem ? NULL : join_column_pages(ctx, from, nfrom, &nj, &made, &nomem);
        st = nomem   ? GFA_ERR_NOMEM
             : blank ? GFA_ERR_INPUT
             : joined ? layout_to_source(ctx, in->name, joined, nj, out, diags)
                      : layout_to_source(ctx, in->name, from, nfrom, out, diags);
        for (size_t k = 0; made && k < nfrom; k++)
            free(made[k]);
        free(made);
        free(joined);
        for (size_t k = 0; fmade && k < plain.count; k++)
            free(fmade[k]);
        free(fmade);
        free(forms);
        if (blank)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
                     "the file holds only white space");
    }
    if (st == GFA_OK) {
        out->format = "layout";
        out->encoding = text.encoding;
        out->bytes = in->len;
        sha256_hex(in->data, in->len, out->sha256);
    }
    free(lines);
    src_doc_free(&plain);
    decoded_text_free(&text);
    return st;
}
