/* flat_bands.c — column bands of a flattened table (read_flat.c, a pass before stage 1): a
 * wide sheet's later columns printed after its rows, set beside the table's lines; a band one
 * row short placed by the table's sums. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- column bands --- */

/* A spreadsheet printed as it is (Calc, Excel without "fit to width") prints a wide sheet's
 * columns over several pages, down then across: after a table's rows (and its note) come the
 * next columns of the same rows, without the title: the header cells of those columns, a
 * 栏次 row whose numbers go on from the table's (1, then 2 3 4 5), then one line per row,
 * their amounts alone or the rows of a further group of columns (公开01's 支出 beside its
 * 收入). Such a band is set beside the table's lines: its header lines beside the header's
 * last lines, its 栏次 numbers after the table's, its rows after the table's rows, one by
 * one; it is only when its rows are as many as the table's (a row all blank on the band's
 * page is no line of a flattened text, and then which row a line goes with is not known). */
#define BAND_SCAN 8        /* lines a band's header may take */
#define FLAT_BAND_ROWS 512 /* rows of a table joined with its bands */

/* A 栏次 row: words, then column numbers counting up by one ("栏次 2", "2 3 4 5"). */
static bool band_colno(const char *t, long *first, long *last)
{
    long n = 0, prev = 0;
    bool words = true;
    for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        if (len <= 2 && strspn(p, "0123456789") == len) {
            long v = strtol(p, NULL, 10);
            if (n && v != prev + 1)
                return false;
            *first = n ? *first : v;
            prev = v;
            n++;
            words = false;
        } else if (!words || len > 12) {
            return false;
        }
        p += len;
    }
    *last = prev;
    return n > 0;
}

/* A line that ends a table's or a band's rows: a note, a sentence, a table's title. */
static bool band_stop(fdoc *fd, size_t i)
{
    const char *t = flat_line_text(fd, i);
    return read_note_start(fd->ctx, t) || vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)) ||
           flat_names_a_table(fd, i, false);
}


static bool append_words(fdoc *fd, size_t into, const char *words)
{
    return flat_insert_words(fd, into, strlen(fd->in.lines[into].trimmed), words);
}

static void clear_line(fdoc *fd, size_t i)
{
    fd->in.lines[i].trimmed[0] = fd->in.lines[i].text[0] = '\0';
}

/* Does the line begin with a code ("301 工资福利支出 682.58 302")? */
static bool band_coded(const char *t)
{
    size_t d = strspn(t, "0123456789");
    return (d == 3 || d == 5 || d == 7) && (!t[d] || t[d] == ' ');
}

/* The words of lines [from, to) that are no captions, as one key (malloc'd). */
static char *band_words(fdoc *fd, size_t from, size_t to)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t j = from; j < to; j++)
        if (*flat_line_text(fd, j) && !flat_late_caption(fd, j))
            sb_adds(&sb, flat_line_text(fd, j));
    char *all = sb_take(&sb);
    char *k = all ? text_key(&fd->ctx->variants, all, strlen(all)) : NULL;
    free(all);
    if (!k)
        fd->nomem = true;
    return k;
}

/* ------------------------------------------- a band one row short --------------
 * A row blank over all of a band's columns is no line of a flattened text: the band has a
 * line fewer than the table. Which row it is, the table's own sums decide: with the band's
 * lines set beside the rows, leaving row k out, the rows' cells are read (a code, its name,
 * an amount; a label and an amount) and parent = Σ children (a code and the codes the
 * 经济分类 list puts under it: a 类 and its 款) checked; the places of the missing row that
 * break the fewest sums are kept. Places that give every code and label the same amounts
 * are one (an all-blank run of rows); more than one left is a warning and no join. */
#define BAND_CELL_KEY 64

typedef struct bcell {
    char key[BAND_CELL_KEY];
    int has; /* 0 nothing, 1 an amount, 2 a not-applicable mark */
    gfa_dec v;
} bcell;

static bool band_code_word(const char *w, size_t len)
{
    return (len == 3 || len == 5 || len == 7) && strspn(w, "0123456789") >= len;
}

/* The cells of line text t appended to c[*n .. max) (a row's from c[row] on). */
static void band_cells(const gfa_vocab *vocab, const char *t, bcell *c, size_t row, size_t *n,
                       size_t max)
{
    for (const char *p = t + strspn(t, " "); *p && *n < max; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        char w[BAND_CELL_KEY];
        size_t k = len < BAND_CELL_KEY - 1 ? len : BAND_CELL_KEY - 1;
        memcpy(w, p, k);
        w[k] = '\0';
        cell_value v = band_code_word(p, len) ? (cell_value){.kind = CELL_TEXT} : cell_parse(vocab, w);
        bool open = *n > row && !c[*n - 1].has;
        if (open && v.kind == CELL_NA) {
            c[*n - 1].has = 2;
        } else if (open && v.kind == CELL_NUMBER) {
            c[*n - 1].has = 1;
            c[*n - 1].v = v.dec;
        } else if (band_code_word(p, len) || (!open && v.kind == CELL_TEXT)) {
            bcell *x = &c[(*n)++];
            memcpy(x->key, w, k + 1);
            x->has = 0;
        }
        p += len;
    }
}

/* How many parent = Σ children sums the cells break (a difference over half a unit of the
 * last printed decimal per child, at least one unit, is a break: the printed amounts are
 * rounded). Which code is part of which, the 经济分类 list says (its parents: a 类 and its
 * 款). */
static int band_breaks(fdoc *fd, const bcell *c, size_t n)
{
    int breaks = 0, precision = fd->precision;
    char (*parent)[BAND_CELL_KEY] = malloc((n ? n : 1) * sizeof *parent);
    if (!parent) {
        fd->nomem = true;
        return 0;
    }
    bool any = false;
    for (size_t j = 0; j < n; j++) {
        if (!code_list_parent(&fd->ctx->economic_codes, c[j].key, parent[j], sizeof parent[j]))
            parent[j][0] = '\0';
        any |= parent[j][0] != '\0';
    }
    for (size_t i = 0; i < n && any; i++) {
        gfa_dec sum = {0, 0};
        int kids = 0, amounts = 0;
        for (size_t j = 0; j < n; j++)
            if (parent[j][0] && !strcmp(parent[j], c[i].key)) {
                kids++;
                if (c[j].has == 1 && dec_add(sum, c[j].v, &sum))
                    amounts++;
            }
        if (!kids)
            continue;
        gfa_dec parent_v = c[i].has == 1 ? c[i].v : (gfa_dec){0, 0}, d;
        if (!amounts && c[i].has != 1)
            continue;
        gfa_dec tolerance = {(kids + 1) / 2, precision};
        if (!dec_sub(parent_v, sum, &d) || dec_cmp(dec_abs(d), tolerance) > 0 || (amounts && c[i].has != 1))
            breaks++;
    }
    free(parent);
    return breaks;
}

static int band_cmp_cells(const void *a, const void *b)
{
    const bcell *x = a, *y = b;
    int k = strcmp(x->key, y->key);
    if (k)
        return k;
    if (x->has != y->has)
        return x->has - y->has;
    return x->has == 1 ? dec_cmp(x->v, y->v) : 0;
}

static bool band_same_cells(const bcell *a, size_t na, const bcell *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (band_cmp_cells(&a[i], &b[i]))
            return false;
    return true;
}

#define BAND_ROW_CELLS 24

/* The cells of the table's rows with the band's lines beside them, row k left without one
 * (sorted; malloc'd, *n of them), or NULL out of memory. */
static bcell *band_candidate(fdoc *fd, const size_t *rows, size_t nrows, const size_t *brow, size_t k,
                             size_t *n)
{
    size_t max = nrows * BAND_ROW_CELLS;
    bcell *c = malloc(max * sizeof *c);
    if (!c) {
        fd->nomem = true;
        return NULL;
    }
    *n = 0;
    for (size_t r = 0; r < nrows; r++) {
        size_t row = *n, row_max = *n + BAND_ROW_CELLS;
        band_cells(&fd->ctx->vocab, flat_line_text(fd, rows[r]), c, row, n, row_max);
        if (r != k)
            band_cells(&fd->ctx->vocab, flat_line_text(fd, brow[r < k ? r : r - 1]), c, row, n, row_max);
    }
    qsort(c, *n, sizeof *c, band_cmp_cells);
    return c;
}

/* Does the line hold a code? */
static bool band_line_coded(const char *t)
{
    for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        if (band_code_word(p, len))
            return true;
        p += len;
    }
    return false;
}

/* Which row of the table the band of nrows - 1 lines has none for, by the sums: its index,
 * or nrows when they leave more than one or out of memory. When places that keep the sums
 * give different amounts, the place that does not split the band's own list of codes (a
 * code printed on the line before it and on the line after: the list goes on, no row of it
 * is blank) is taken, *choice set; more than one such, *ambiguous set and nrows. */
static size_t band_missing_row(fdoc *fd, const size_t *rows, size_t nrows, const size_t *brow,
                               bool *choice, bool *ambiguous, int *breaks)
{
    *ambiguous = *choice = false;
    int best = -1, best_split = 0;
    bool differ = false, split_differ = false;
    size_t pick = nrows;
    bcell *kept = NULL, *first = NULL;
    size_t nkept = 0, nfirst = 0;
    for (size_t k = 0; k < nrows && !fd->nomem; k++) {
        size_t n;
        bcell *c = band_candidate(fd, rows, nrows, brow, k, &n);
        if (!c)
            break;
        int b = band_breaks(fd, c, n);
        int split = k > 0 && k + 1 < nrows && band_line_coded(flat_line_text(fd, brow[k - 1])) &&
                    band_line_coded(flat_line_text(fd, brow[k]));
        if (best < 0 || b < best) {
            best = b, best_split = split, pick = k;
            differ = split_differ = false;
            free(kept), free(first);
            kept = c, nkept = n;
            first = malloc(n * sizeof *first + 1);
            if (!first) {
                fd->nomem = true;
                break;
            }
            memcpy(first, c, n * sizeof *c);
            nfirst = n;
            continue;
        }
        if (b == best) {
            differ |= !band_same_cells(first, nfirst, c, n);
            if (split < best_split) {
                best_split = split, pick = k;
                split_differ = false;
                free(kept);
                kept = c, nkept = n;
                continue;
            }
            if (split == best_split)
                split_differ |= !band_same_cells(kept, nkept, c, n);
        }
        free(c);
    }
    free(kept), free(first);
    *choice = differ;
    *ambiguous = split_differ;
    *breaks = best;
    return fd->nomem || *ambiguous ? nrows : pick;
}

/* Joins the bands of the table titled at line t; returns where its lines end. A table
 * without a 栏次 row (公开06) takes a band by its header, words other than the table's own
 * (not the header repeated over a page break), and by its rows, the first of which begins
 * with no code where the table's first row begins with one. */
static size_t join_table_bands(fdoc *fd, size_t t)
{
    size_t n = fd->in.count, c = t + 1;
    long first = 0, last = 0;
    while (c < n && c <= t + 2 * BAND_SCAN && !band_colno(flat_line_text(fd, c), &first, &last) &&
           !band_coded(flat_line_text(fd, c)) && !band_stop(fd, c))
        c++;
    if (c >= n || c > t + 2 * BAND_SCAN || band_stop(fd, c))
        return t + 1;
    bool numbered = band_colno(flat_line_text(fd, c), &first, &last);
    size_t rows[FLAT_BAND_ROWS], nrows = 0, e = numbered ? c + 1 : c;
    for (; e < n && !band_stop(fd, e); e++) {
        if (!*flat_line_text(fd, e))
            continue;
        long f2, l2;
        if (numbered && band_colno(flat_line_text(fd, e), &f2, &l2) && f2 == last + 1)
            break;
        if (nrows == FLAT_BAND_ROWS)
            return e;
        rows[nrows++] = e;
    }
    if (!nrows)
        return e;
    size_t head[BAND_SCAN], nhead = 0;
    for (size_t j = t + 1; j < c; j++)
        if (*flat_line_text(fd, j) && !flat_late_caption(fd, j) && nhead < BAND_SCAN)
            head[nhead++] = j;
    char *own = numbered ? NULL : band_words(fd, t + 1, c);
    if (!numbered && !own)
        return e;
    bool last_band = false; /* a band joined already */
    for (size_t s = e; s < n && !fd->nomem;) {
        while (s < n && (!*flat_line_text(fd, s) || read_note_start(fd->ctx, flat_line_text(fd, s)) ||
                         vocab_ends_sentence(&fd->ctx->vocab, flat_line_text(fd, s), strlen(flat_line_text(fd, s)))))
            s++;
        /* the band's header, then its 栏次 row going on from the table's (or its first row) */
        size_t c2 = s;
        long f2 = 0, l2 = 0;
        while (c2 < n && c2 < s + BAND_SCAN && !band_colno(flat_line_text(fd, c2), &f2, &l2) &&
               !band_stop(fd, c2) && !strpbrk(flat_line_text(fd, c2), "0123456789"))
            c2++;
        if (c2 >= n || c2 >= s + BAND_SCAN || band_stop(fd, c2))
            break;
        if (numbered && (!band_colno(flat_line_text(fd, c2), &f2, &l2) || f2 != last + 1))
            break;
        if (!numbered) {
            char *words = c2 > s ? band_words(fd, s, c2) : NULL;
            /* after a band joined, a band's first row may begin with a code: its own
             * columns' (公开06's third page, its first row's amount blank) */
            bool other = words && *words && strcmp(words, own) != 0 &&
                         (!band_coded(flat_line_text(fd, c2)) || last_band);
            free(words);
            if (!other)
                break;
        }
        size_t brow[FLAT_BAND_ROWS], nb = 0, j = numbered ? c2 + 1 : c2;
        bool values = true;
        for (; j < n && nb < nrows; j++) {
            const char *x = flat_line_text(fd, j);
            if (!*x)
                continue;
            long f3, l3;
            if (band_stop(fd, j) || (numbered && band_colno(x, &f3, &l3) && f3 == l2 + 1))
                break;
            values &= flat_numbers_only(x);
            brow[nb++] = j;
        }
        while (j < n && !*flat_line_text(fd, j))
            j++;
        /* as many rows as the table's: the next line is none of them; or one fewer, ending
         * the table, a blank row the sums find */
        size_t miss = nrows;
        /* a last line of words alone may be a cell drawn late (pdftotext -raw), not a row:
         * when the sums hold better without it, it is left */
        int full = -1;
        if (nb >= 3 && nb == nrows && !strpbrk(flat_line_text(fd, brow[nb - 1]), "0123456789") &&
            j < n && !band_stop(fd, j)) {
            size_t nc;
            bcell *cells = band_candidate(fd, rows, nrows, brow, nrows, &nc);
            full = cells ? band_breaks(fd, cells, nc) : -1;
            free(cells);
        }
        bool short_band = nb >= 2 && nb + 1 == nrows && (j >= n || band_stop(fd, j));
        if (short_band || full > 0) {
            bool choice, ambiguous;
            int breaks;
            miss = band_missing_row(fd, rows, nrows, brow, &choice, &ambiguous, &breaks);
            if (full > 0 && !ambiguous && (miss == nrows || breaks >= full))
                miss = nrows; /* as many lines as rows after all */
            else if (ambiguous)
                diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-089", fd->file,
                         fd->in.lines[brow[0]].no, 1,
                         "the columns continued on this page have a line fewer than the "
                         "table's %zu rows (a row blank in all of them), and the table's sums "
                         "hold with the blank row in more than one place: not joined",
                         nrows);
            else if (choice && miss < nrows)
                diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-089", fd->file,
                         fd->in.lines[brow[0]].no, 1,
                         "the columns continued on this page have a line fewer than the "
                         "table's %zu rows (a row blank in all of them), and the table's sums "
                         "hold with the blank row in more than one place: taken as row %zu "
                         "(line %ld), where it breaks no list of codes on the page",
                         nrows, miss + 1, fd->in.lines[rows[miss]].no);
            if (miss == nrows && (short_band || ambiguous))
                break;
            if (miss < nrows && full > 0)
                j = brow[--nb]; /* the late line is left where it is */
        } else if (nb != nrows || (values && j < n && flat_numbers_only(flat_line_text(fd, j)) &&
                                   !band_colno(flat_line_text(fd, j), &f2, &f2))) {
            break;
        }
        if (miss == nrows && !values && j < n && !band_stop(fd, j)) {
            long f3 = 0, l3;
            size_t k = j;
            while (k < n && k < j + BAND_SCAN && !band_colno(flat_line_text(fd, k), &f3, &l3) &&
                   (numbered || !strpbrk(flat_line_text(fd, k), "0123456789")))
                k++;
            if (k >= n || k >= j + BAND_SCAN || (numbered && f3 != l2 + 1) || k == j)
                break;
        }
        /* header lines beside the header's last lines */
        size_t m = c2 - s;
        for (size_t h = 0; h < m && nhead && !fd->nomem; h++) {
            size_t into = h + nhead >= m ? head[h + nhead - m] : head[0];
            if (*flat_line_text(fd, s + h) && append_words(fd, into, flat_line_text(fd, s + h)))
                clear_line(fd, s + h);
        }
        if (!nhead && numbered)
            for (size_t h = 0; h < m; h++)
                if (*flat_line_text(fd, s + h) && append_words(fd, c, flat_line_text(fd, s + h)))
                    clear_line(fd, s + h);
        if (numbered && append_words(fd, c, flat_line_text(fd, c2)))
            clear_line(fd, c2);
        for (size_t r = 0; r < nrows && !fd->nomem; r++) {
            size_t b = r < miss ? r : r - 1;
            if (r != miss && append_words(fd, rows[r], flat_line_text(fd, brow[b])))
                clear_line(fd, brow[b]);
        }
        last = l2;
        last_band = true;
        s = j;
    }
    free(own);
    return e;
}

void flat_join_column_bands(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem;)
        i = flat_names_standard_table(fd, i) ? join_table_bands(fd, i) : i + 1;
}
