/* layout_bands.c — a performance form printed "as is" (a sheet wider than the page, LibreOffice
 * Calc): its columns come in bands, one page each. The first page holds the title and the
 * left columns (项目名称, 一级指标 …), the pages after it the next columns of the same rows,
 * one of them opening with the title's tail. pdftotext lays each page out on its own, so
 * the rows of one band do not fall on the same line numbers as on another; they are joined
 * here, side by side, into one page the form reader reads as a form printed whole.
 *
 * Which pages: a form's first page holds its label column alone (项目名称 with no value
 * beside it, no line indented down to the header row: a narrow form printed whole wraps its
 * values round its labels instead); the pages after it, up to the next form's first page,
 * are its bands while each prints the header row with words of its own (or, its header
 * misprinted, takes a text run over from the page before).
 *
 * Where a band's lines stand:
 *   - every band prints the indicator grid's header row (一级指标 / 二级指标 / 年初指标值 …,
 *     the definitions' indicators and indicator_columns words): all pages are pinned there;
 *   - the analysis block's first row (项目绩效分析 / its first topic) is one row;
 *   - a cell's text running over the page's edge is printed again at the next page's left
 *     edge (the title's tail "…维护项目支出绩效自评表 (2024年度)", an analysis text's end): the
 *     line that begins with the end of a line of the page before stands on its row (and its
 *     rest goes on that line's text);
 *   - the total's grade ("100 优") stands on the 总分 row or under it;
 *   - between lines, pdftotext writes blank lines by the baselines' distance over the font
 *     size, at most four: one blank is two rows apart, two and three blanks three rows (the
 *     runs a document shows tell which: with no run of two, three blanks are three rows;
 *     with runs of two, they are four), four blanks four rows or more; a run after the
 *     title (a larger font) is its blanks' count and one row or more;
 *   - a band's lines above its first pinned line (its header row) that nothing else pins
 *     stand as close above it as their runs allow (a page begins at its first text, not at
 *     the sheet's top).
 * The rows are the smallest that meet all of these (longest paths over the pages' runs);
 * when they contradict each other, the pages are left as they are (GFA-READ-051 follows).
 * A row's line number is that of its first band's line (its columns count in the joined
 * line). */
#include "read/layout_internal.h"

#include "base/base.h"

#define BAND_GAP 4      /* blanks between a band's widest line and the next band's lines */
#define MAX_BANDS 32    /* pages one form's columns may be printed on */
#define MIN_OVERLAP 4   /* characters a text run over the page's edge repeats, at least */

typedef struct bline {
    size_t at;          /* index into the lines */
    int page;           /* band index */
    int group;          /* node: lines joined by known runs share one */
    long off;           /* rows below its group's first line */
    long over;          /* bytes of its text that repeat the line it runs on from, -1 */
    size_t lead;        /* its leading blanks */
} bline;

typedef struct edge {
    int from, to;
    long w;             /* r[to] >= r[from] + w */
} edge;

static bool blank_line(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\f')
            return false;
    return true;
}

static const char *skip_lead(const char *s, size_t *lead)
{
    size_t n = 0;
    while (s[n] == ' ')
        n++;
    if (lead)
        *lead = n;
    return s + n;
}

static const table_def *perf_title(const gfa_context *ctx, const char *s)
{
    s = skip_lead(s, NULL);
    char *key = *s ? read_title_key(ctx, s) : NULL;
    const table_def *hit = NULL;
    for (size_t d = 0; key && d < ctx->defs.count && !hit; d++)
        if (ctx->defs.tables[d].kind == TABLE_PERFORMANCE &&
            recognise_title_matches(&ctx->defs.tables[d], key))
            hit = &ctx->defs.tables[d];
    free(key);
    return hit;
}

/* The key of the line's first word (up to two blanks) when a label of the fields, or NULL. */
static char *field_key(const text_variants *tv, const table_def *def, const char *s,
                       const char *const *fields, size_t nfields)
{
    s = skip_lead(s, NULL);
    size_t n = 0;
    while (s[n] && !(s[n] == ' ' && (s[n + 1] == ' ' || !s[n + 1])))
        n++;
    if (!n)
        return NULL;
    char *k = text_key(tv, s, n);
    for (size_t f = 0; k && f < nfields; f++) {
        const form_field *ff = table_def_field(def, fields[f]);
        if (ff && label_set_has(&ff->labels, k))
            return k;
    }
    free(k);
    return NULL;
}

/* The indicator grid's header row: every word of the line (cells two blanks apart) one of
 * its words (一级指标, 二级指标, 年初指标值 …), or two of them (the fund block's header
 * 得分 / 偏差原因 is none); the first such word's key, or NULL. */
static char *header_key(const text_variants *tv, const table_def *def, const char *s)
{
    static const char *const fields[] = {"indicators", "indicator_columns"};
    char *first = NULL;
    int words = 0, known = 0;
    for (s = skip_lead(s, NULL); *s;) {
        char *k = field_key(tv, def, s, fields, ARRAY_LEN(fields));
        words++;
        known += k != NULL;
        if (!first)
            first = k;
        else
            free(k);
        while (*s && !(s[0] == ' ' && (s[1] == ' ' || !s[1])))
            s++;
        s = skip_lead(s, NULL);
    }
    if (first && (known == words || known >= 2))
        return first;
    free(first);
    return NULL;
}

/* The analysis block's row (项目绩效分析, or its first topic beside it). */
static bool analysis_line(const text_variants *tv, const table_def *def, const char *s)
{
    static const char *const fields[] = {"analysis", "analysis_topic"};
    char *k = field_key(tv, def, s, fields, ARRAY_LEN(fields));
    free(k);
    return k != NULL;
}

/* How many bytes of b's beginning repeat a (proper) end of a, cut inside a word (no cell
 * of its own): the longest such, of
 * MIN_OVERLAP characters or more, three of them ideographs, else 0. */
static size_t overlap(const char *a, const char *b)
{
    a = skip_lead(a, NULL);
    b = skip_lead(b, NULL);
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == ' ')
        la--;
    for (size_t s = 1; s < la; s++) {
        if (((unsigned char)a[s] & 0xC0) == 0x80 || a[s - 1] == ' ')
            continue; /* inside a character; a cell of its own, no text run on */
        size_t m = la - s;
        if (m > lb || memcmp(a + s, b, m))
            continue;
        size_t chars = 0, wide = 0;
        for (size_t i = 0; i < m;) {
            unsigned cp;
            i += layout_u8_next(b + i, &cp);
            chars++;
            wide += cp >= 0x2E80; /* ideographs and their punctuation */
        }
        return chars >= MIN_OVERLAP && wide >= 3 ? m : 0;
    }
    return 0;
}

/* Rows a run of b blank lines stands for between two lines: *fixed when known, else the
 * least. */
static long run_rows(int b, bool after_title, bool twos, bool *fixed)
{
    *fixed = !after_title && b < 4;
    if (after_title)
        return b + 1;
    switch (b) {
    case 0: return 1;
    case 1: return 2;
    case 2: return 3;
    case 3: return twos ? 4 : 3;
    default: return twos ? 5 : 4;
    }
}

/* Does a form begin on the page [from, to): its 项目名称 row at the left edge among its first
 * lines, under its title (or the title's beginning: wrapped, its end on a band page)? Its
 * definition, or NULL; *alone: the row holds the label alone, its value on another page
 * (the form printed as it is). */
#define START_LINES 4
static const table_def *form_start(const gfa_context *ctx, const layout_line *lines, size_t from,
                                   size_t to, bool *alone)
{
    const text_variants *tv = &ctx->variants;
    int seen = 0;
    for (size_t i = from; i < to && seen < START_LINES; i++) {
        if (blank_line(lines[i].text))
            continue;
        const table_def *def = NULL;
        for (size_t d = 0; d < ctx->defs.count && !def; d++) {
            const table_def *t = &ctx->defs.tables[d];
            static const char *const fields[] = {"project"};
            char *k = t->kind == TABLE_PERFORMANCE ? field_key(tv, t, lines[i].text, fields, 1) : NULL;
            if (k && lines[i].text[0] != ' ')
                def = t;
            free(k);
        }
        if (def) {
            const char *s = lines[i].text;
            while (*s && !(s[0] == ' ' && (s[1] == ' ' || !s[1])))
                s++;
            *alone = !*skip_lead(s, NULL);
            return def;
        }
        seen++;
    }
    return NULL;
}

typedef struct fpage {
    size_t from, to;    /* lines [from, to) */
    long head;          /* the header row's line index, -1 */
    char *head_key;
} fpage;

static void page_bounds(const layout_line *lines, size_t n, size_t from, size_t *to)
{
    size_t i = from;
    while (i < n && lines[i].page == lines[from].page)
        i++;
    *to = i;
}

static long first_text(const layout_line *lines, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!blank_line(lines[i].text))
            return (long)i;
    return -1;
}

/* The page's indicator header row: the last line that is one (the fund block's 得分 may
 * stand alone above it). */
static long find_head(const text_variants *tv, const table_def *def, const layout_line *lines,
                      size_t from, size_t to, char **key)
{
    *key = NULL;
    long at = -1;
    for (size_t i = from; i < to; i++) {
        char *k = header_key(tv, def, lines[i].text);
        if (k) {
            free(*key);
            *key = k;
            at = (long)i;
        }
    }
    return at;
}

/* A line that ends with a grade after a number ("100 优"): the form's total score. */
static bool grade_line(const text_variants *tv, const table_def *def, const char *s)
{
    const form_field *f = table_def_field(def, "grade");
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    size_t w = n;
    while (w && s[w - 1] != ' ')
        w--;
    if (!f || w == n || !w)
        return false;
    size_t d = w;
    while (d && s[d - 1] == ' ')
        d--;
    if (!d || s[d - 1] < '0' || s[d - 1] > '9')
        return false;
    char *k = text_key(tv, s + w, n - w);
    bool yes = k && label_set_has(&f->labels, k);
    free(k);
    return yes;
}

/* Is line i, the first of band p, the title or its tail (a larger font: the blank lines
 * under it count fewer rows)? */
static bool opens_title(const gfa_context *ctx, const layout_line *lines, const fpage *pg, int p,
                        size_t i)
{
    if (p == 0 || perf_title(ctx, lines[i].text))
        return true;
    long f = first_text(lines, pg[p - 1].from, pg[p - 1].to);
    return f >= 0 && opens_title(ctx, lines, pg, p - 1, (size_t)f) && overlap(lines[f].text, lines[i].text);
}

/* Does a line of the page [from, to) begin with the end of a line of page P (a text run
 * over the edge)? */
static bool runs_on(const layout_line *lines, const fpage *P, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        for (size_t j = P->from; !blank_line(lines[i].text) && j < P->to; j++)
            if (!blank_line(lines[j].text) && overlap(lines[j].text, lines[i].text))
                return true;
    return false;
}

/* Solves the rows of the form on pages pg[0..np) (lines made into rows appended to out,
 * texts to made): true when joined. */
static bool join_form(const gfa_context *ctx, const table_def *def, const layout_line *lines,
                      fpage *pg, int np,
                      layout_line *out, size_t *m, size_t room, char ***made, size_t *nmade,
                      bool *nomem)
{
    const text_variants *tv = &ctx->variants;
    size_t nl = 0;
    for (int p = 0; p < np; p++)
        nl += pg[p].to - pg[p].from;
    bline *bl = calloc(nl + 1, sizeof *bl);
    edge *ed = calloc(5 * nl + 7 * (size_t)np + 4, sizeof *ed);
    long *r = calloc(nl + 1, sizeof *r);
    long *runw = calloc(nl + 1, sizeof *runw); /* a group's run from the group before: its edge */
    bool *held = calloc(nl + 1, sizeof *held); /* a group pinned by more than its runs */
    strbuf *rows = NULL;
    long nrows = 0;
    long *row_no = NULL;
    bool ok = false;
    if (!bl || !ed || !r || !runw || !held) {
        *nomem = true;
        goto done;
    }
    /* the runs of two blanks the form shows (not after its title) */
    bool twos = false;
    for (int p = 0; p < np; p++) {
        int b = 0;
        bool seen = false, title = false;
        for (size_t i = pg[p].from; i < pg[p].to; i++) {
            if (blank_line(lines[i].text)) {
                b++;
                continue;
            }
            twos |= seen && !title && b == 2;
            title = !seen && opens_title(ctx, lines, pg, p, i);
            seen = true;
            b = 0;
        }
    }
    size_t nb = 0;
    int ngroups = 0;
    size_t ne = 0;
    long head_line[MAX_BANDS];
    for (int p = 0; p < np; p++) {
        int b = 0;
        bool seen = false, title = false;
        head_line[p] = -1;
        for (size_t i = pg[p].from; i < pg[p].to; i++) {
            if (blank_line(lines[i].text)) {
                b++;
                continue;
            }
            bline *L = &bl[nb];
            L->at = i;
            L->page = p;
            L->over = -1;
            skip_lead(lines[i].text, &L->lead);
            bool fixed = false;
            long k = seen ? run_rows(b, title, twos, &fixed) : 0;
            if (seen && fixed) {
                L->group = bl[nb - 1].group;
                L->off = bl[nb - 1].off + k;
            } else {
                L->group = ngroups++;
                L->off = 0;
                runw[L->group] = -1;
                if (seen) {
                    runw[L->group] = (long)ne;
                    ed[ne++] = (edge){bl[nb - 1].group, L->group, bl[nb - 1].off + k};
                }
            }
            title = !seen && opens_title(ctx, lines, pg, p, i);
            held[L->group] |= title;
            if ((long)i == pg[p].head)
                head_line[p] = (long)nb;
            seen = true;
            b = 0;
            nb++;
        }
    }
    for (int p = 0; p < np; p++)
        if (head_line[p] >= 0)
            held[bl[head_line[p]].group] = true;
    /* the header rows: one row on every page that prints it */
    for (int p = 1; p < np; p++) {
        if (head_line[p] < 0)
            continue;
        const bline *a = &bl[head_line[0]], *c = &bl[head_line[p]];
        ed[ne++] = (edge){a->group, c->group, a->off - c->off};
        ed[ne++] = (edge){c->group, a->group, c->off - a->off};
    }
    /* the analysis block's first row, on the pages that print its label or topics */
    long first_analysis = -1;
    for (int p = 0; p < np; p++)
        for (long k = head_line[p] + 1; k >= 1 && (size_t)k < nb && bl[k].page == p; k++)
            if (analysis_line(tv, def, lines[bl[k].at].text)) {
                held[bl[k].group] = true;
                if (first_analysis < 0) {
                    first_analysis = k;
                } else {
                    const bline *a = &bl[first_analysis], *c = &bl[k];
                    ed[ne++] = (edge){a->group, c->group, a->off - c->off};
                    ed[ne++] = (edge){c->group, a->group, c->off - a->off};
                }
                break;
            }
    /* the total score's grade ("100 优") stands on the 总分 row or under it */
    static const char *const total_field[] = {"total_score"};
    long total = -1;
    for (long k = head_line[0] + 1; k >= 1 && (size_t)k < nb && bl[k].page == 0 && total < 0; k++) {
        char *key = field_key(tv, def, lines[bl[k].at].text, total_field, 1);
        total = key ? k : -1;
        free(key);
    }
    for (int p = 1; total >= 0 && p < np; p++)
        for (long k = head_line[p] + 1; (size_t)k < nb && bl[k].page == p; k++)
            if (grade_line(tv, def, lines[bl[k].at].text)) {
                ed[ne++] = (edge){bl[total].group, bl[k].group, bl[total].off - bl[k].off};
                break;
            }
    /* text run over the page's edge: a line at the page's left edge beginning with the end
     * of one line of the page before */
    size_t first_of[MAX_BANDS + 1];
    for (int p = 0, k = 0; p <= np; p++) {
        while ((size_t)k < nb && bl[k].page < p)
            k++;
        first_of[p] = (size_t)k;
    }
    for (int p = 1; p < np; p++) {
        size_t edge_lead = SIZE_MAX;
        for (size_t k = first_of[p]; k < first_of[p + 1]; k++)
            edge_lead = bl[k].lead < edge_lead ? bl[k].lead : edge_lead;
        for (size_t k = first_of[p]; k < first_of[p + 1]; k++) {
            if (bl[k].lead > edge_lead + 2)
                continue;
            size_t best = 0, hits = 0, from = 0;
            for (size_t j = first_of[p - 1]; j < first_of[p]; j++) {
                size_t o = overlap(lines[bl[j].at].text, lines[bl[k].at].text);
                if (o)
                    hits++; /* texts alike on several lines: which one runs on is not told */
                if (o > best)
                    best = o, from = j;
            }
            if (best && hits == 1) {
                bl[k].over = (long)best;
                held[bl[k].group] = held[bl[from].group] = true;
                ed[ne++] = (edge){bl[from].group, bl[k].group, bl[from].off - bl[k].off};
                ed[ne++] = (edge){bl[k].group, bl[from].group, bl[k].off - bl[from].off};
            }
        }
    }
    /* a band's lines above its header row (or above the last line pinned, on a page that
     * misprints it) that nothing pins stand as close above the lines under them as their
     * runs allow (not at the sheet's top) */
    for (size_t k = nb; k-- > 1;) {
        int g = bl[k].group, p = bl[k].page;
        long below = head_line[p];
        for (size_t j = first_of[p]; below < 0 && j < first_of[p + 1]; j++)
            if (held[bl[j].group])
                below = (long)j; /* the first pinned line */
        if (bl[k].off || bl[k - 1].page != p || p == 0 || runw[g] < 0 || (long)k > below ||
            held[bl[k - 1].group])
            continue;
        ed[ne++] = (edge){g, bl[k - 1].group, -ed[runw[g]].w};
    }
    /* the least rows: longest paths from 0 (a positive cycle: the pins contradict) */
    bool changed = true;
    for (int it = 0; changed && it <= ngroups + 1; it++) {
        changed = false;
        for (size_t e = 0; e < ne; e++)
            if (r[ed[e].to] < r[ed[e].from] + ed[e].w) {
                r[ed[e].to] = r[ed[e].from] + ed[e].w;
                changed = true;
            }
    }
    if (changed)
        goto done;
    for (size_t k = 0; k < nb; k++) {
        long row = r[bl[k].group] + bl[k].off;
        if (row < 0)
            goto done;
        nrows = row + 1 > nrows ? row + 1 : nrows;
    }
    if ((size_t)nrows > nl || *m + (size_t)nrows > room)
        goto done; /* more rows than the pages have lines: no sheet's bands */
    rows = calloc((size_t)nrows, sizeof *rows);
    row_no = calloc((size_t)nrows, sizeof *row_no);
    if (!rows || !row_no) {
        *nomem = true;
        goto done;
    }
    for (long i = 0; i < nrows; i++)
        sb_init(&rows[i]);
    for (int p = 0; p < np; p++) {
        size_t w = 0;
        for (long i = 0; i < nrows; i++) {
            size_t c = rows[i].len ? (size_t)utf8_chars(rows[i].data, rows[i].len) : 0;
            w = c > w ? c : w;
        }
        for (size_t k = first_of[p]; k < first_of[p + 1]; k++) {
            long row = r[bl[k].group] + bl[k].off;
            strbuf *sb = &rows[row];
            const char *t = lines[bl[k].at].text;
            if (!row_no[row])
                row_no[row] = lines[bl[k].at].no;
            if (bl[k].over >= 0) {
                sb_adds(sb, skip_lead(t, NULL) + bl[k].over);
                continue;
            }
            size_t c = sb->len ? (size_t)utf8_chars(sb->data, sb->len) : 0;
            size_t pad = p ? w + BAND_GAP : 0;
            if (c && c >= pad)
                pad = c + BAND_GAP; /* two lines of one band on a row */
            for (; c < pad; c++)
                sb_addc(sb, ' ');
            sb_adds(sb, t);
        }
    }
    long prev_no = lines[pg[0].from].no;
    for (long i = 0; i < nrows; i++) {
        char *t = sb_take(&rows[i]);
        if (!t)
            t = strdup("");
        if (!t) {
            *nomem = true;
            goto done;
        }
        (*made)[(*nmade)++] = t;
        out[*m] = lines[pg[0].from];
        out[*m].text = t;
        out[*m].no = row_no[i] ? row_no[i] : prev_no;
        prev_no = out[*m].no;
        (*m)++;
    }
    ok = true;
done:
    for (long i = 0; rows && i < nrows; i++)
        sb_free(&rows[i]);
    free(rows);
    free(row_no);
    free(bl), free(ed), free(r), free(runw), free(held);
    return ok;
}

layout_line *layout_join_form_bands(const gfa_context *ctx, const layout_line *lines, size_t n,
                                    size_t *out_n, char ***owned, bool *nomem)
{
    const text_variants *tv = &ctx->variants;
    *owned = NULL;
    layout_line *out = NULL;
    char **made = NULL;
    size_t m = 0, nmade = 0;
    bool any = false;
    for (size_t i = 0; i < n;) {
        size_t to;
        page_bounds(lines, n, i, &to);
        long ft = first_text(lines, i, to);
        bool alone = false;
        const table_def *def = ft >= 0 && lines[i].page ? form_start(ctx, lines, i, to, &alone) : NULL;
        if (!alone)
            def = NULL; /* a form printed whole */
        fpage pg[MAX_BANDS];
        int np = 0;
        if (def) {
            pg[0] = (fpage){i, to, -1, NULL};
            pg[0].head = find_head(tv, def, lines, i, to, &pg[0].head_key);
            np = pg[0].head >= 0;
            /* the label column alone down to the header row: no line indented under or
             * beside another (a narrow form printed whole wraps its values round them) */
            for (long k = (long)i; np && k < pg[0].head; k++) {
                size_t lead;
                skip_lead(lines[k].text, &lead);
                np = blank_line(lines[k].text) || lead < 2;
            }
            if (!np) {
                free(pg[0].head_key);
                pg[0].head_key = NULL;
            }
        }
        /* the bands after it, up to the next form's first page: each prints the header row
         * with words of its own */
        for (size_t at = to; np && np < MAX_BANDS && at < n;) {
            size_t end;
            page_bounds(lines, n, at, &end);
            long f = first_text(lines, at, end);
            if (f < 0)
                break;
            bool a;
            if (form_start(ctx, lines, at, end, &a))
                break;
            char *key = NULL;
            long h = find_head(tv, def, lines, at, end, &key);
            bool again = false;
            for (int p = 0; key && p < np; p++)
                again |= pg[p].head_key && !strcmp(pg[p].head_key, key);
            /* a band whose header words are misprinted: joined by a text run over from the
             * page before */
            if (again || (h < 0 && !runs_on(lines, &pg[np - 1], at, end))) {
                free(key);
                break; /* a page continued down, its header repeated; or no band */
            }
            pg[np++] = (fpage){at, end, h, key};
            at = end;
        }
        bool joined = false;
        if (np >= 2) {
            if (!out) {
                out = calloc(n + 1, sizeof *out);
                made = calloc(n + 1, sizeof *made);
                if (!out || !made) {
                    *nomem = true;
                    for (int p = 0; p < np; p++)
                        free(pg[p].head_key);
                    break;
                }
                for (size_t k = 0; k < i; k++)
                    out[m++] = lines[k];
            }
            size_t m0 = m, nmade0 = nmade;
            joined = join_form(ctx, def, lines, pg, np, out, &m, n, &made, &nmade, nomem);
            if (!joined) {
                for (size_t k = nmade0; k < nmade; k++)
                    free(made[k]), made[k] = NULL;
                m = m0, nmade = nmade0;
            }
            any |= joined;
        }
        size_t next = joined ? pg[np - 1].to : to;
        for (int p = 0; p < np; p++)
            free(pg[p].head_key);
        if (*nomem)
            break;
        if (out && !joined)
            for (size_t k = i; k < next; k++)
                out[m++] = lines[k];
        i = next;
    }
    if (!any || *nomem) {
        for (size_t k = 0; made && k < nmade; k++)
            free(made[k]);
        free(made), free(out);
        return NULL;
    }
    *owned = made;
    *out_n = m;
    return out;
}
