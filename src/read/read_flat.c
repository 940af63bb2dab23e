/* read_flat.c — the flattened-text reader (issue 10): a report as copy-paste from a PDF
 * viewer or a text extractor gives it. Paragraphs are ordinary lines; a table is a title,
 * its captions, then one row per line with its cells separated by single spaces — blank
 * cells gone, header cells one word per line or broken inside words, two rows sometimes
 * run together ("… 1.05 1.052089999 其他…": the last amount glued to the next code),
 * wrapped names and amounts on the lines above and below their row.
 *
 * Each table region is rebuilt into grid lines like the tab-separated text (cells in their
 * columns, blanks included, one src_line per printed row at the line of its first key), so
 * the shared assembler and recogniser do the rest:
 *   1. regions: a line naming a table of the definitions, its captions, the header, the
 *      body up to a note, a part heading or the next title; page numbers and running
 *      headers inside are dropped (and outside tables leave the text: furniture_at),
 *      header lines printed again on later pages recognised;
 *   2. the header: word runs matched to the definition's vocabulary give the printed
 *      columns (rebuilt); a header broken inside words gives the definition's columns (said);
 *   3. the body: tokens split at codes (3/5/7 digits; an amount with too many decimals is
 *      split into the amount and a glued code), at the definition's row labels and at 行次
 *      in sequence, into chunks, one per row of a part (公开01/04 print two parts side by
 *      side, 公开06 four column groups); text-only lines complete the labels of the rows
 *      around them, amounts wrapped over two lines are joined; the name pieces of side-by-
 *      side coded cells are shared out again by their code-list names, two printed rows at
 *      a time, and dashes follow the names they stand after;
 *   4. the values of each row go to columns by the table's sums (flat_place.c), with a
 *      warning naming the alternatives when the sums leave a choice.
 * No word of a report is spelt here: titles, labels, codes and sums come from the table
 * definitions and code lists.
 *
 * The reader's stages, one file each (their shared types and calls: flat_internal.h):
 *   flat_tokens.c   a line's words as tokens; line kinds (titles, page numbers, furniture);
 *   flat_regions.c  a table's region: title, captions, header lines, body, repeated headers
 *                   (1); the table or form read from tokens to grid rows (flat_read_table,
 *                   flat_read_form);
 *   flat_header.c   a table's slots and grid cells; its header rebuilt (2);
 *   flat_rows.c     body tokens into chunks, one per row: keys, split and joined tokens (3);
 *   flat_labels.c   lines without keys: wrapped labels shared among the rows around them (3);
 *   flat_values.c   values printed twice, placement by the sums (4, flat_place.c), grid rows;
 *   flat_names.c    names and dashes of side-by-side coded cells shared out again (3);
 *   flat_bands.c    a wide sheet's column bands set beside its table's rows (before 1);
 *   flat_forms.c    forms' cells printed late, tables printed one cell a line (before 1);
 *   read_flat.c     (this file) the pipeline: the passes over the lines, late captions, the
 *                   output lines, the entry point and the sniffer. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HEADER_PIECE 24   /* characters of a line of header cells drawn late (two or
                                 three cells' words: "因公出国 (境) 费 因公出国 (境) 费") */

/* ------------------------------------------------------------------ reader --- */

static void fdoc_free(fdoc *fd)
{
    for (size_t i = 0; fd->toks && i < fd->in.count; i++)
        flat_tokline_free(&fd->toks[i]);
    for (size_t i = 0; fd->rows && i < fd->in.count; i++)
        flat_gridrow_free(fd->rows[i]);
    free(fd->toks);
    free(fd->tok_done);
    free(fd->rows);
    free(fd->rows_tail);
    free(fd->role);
    free(fd->consumed);
    strmap_free(fd->printed);
    free(fd->printed_vals);
    src_doc_free(&fd->in);
}

/* The decimals most amounts are printed with (2 in a 万元 report), from the lines that
 * are no sentences. */
static void find_precision(fdoc *fd)
{
    long hist[10] = {0};
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        const char *t = flat_line_text(fd, i);
        if (fd->role[i] == LR_ARTEFACT || flat_has_full_stop(t) || flat_has_colon(t) || !flat_tokenized(fd, i))
            continue;
        for (int x = 0; x < fd->toks[i].n; x++) {
            const ftok *k = &fd->toks[i].t[x];
            if (k->kind == TK_NUM && k->dec.scale > 0 && k->dec.scale < 10)
                hist[k->dec.scale]++;
        }
    }
    fd->precision = 0;
    for (int d = 1; d < 10; d++)
        if (hist[d] > hist[fd->precision])
            fd->precision = d;
}

/* The lines out: grid rows where tables were rebuilt, blanks for what went into them,
 * every other line as it was. */
/* Page furniture to leave out of the text: a page number, or a running header printed
 * beside one (the report's own title, printed once on the cover, stays). */
static bool furniture_at(const fdoc *fd, size_t i)
{
    if (fd->role[i] != LR_ARTEFACT)
        return false;
    if (flat_is_page_number(flat_line_text(fd, i)))
        return true;
    return (i > 0 && flat_is_page_number(flat_line_text(fd, i - 1))) ||
           (i + 1 < fd->in.count && flat_is_page_number(flat_line_text(fd, i + 1)));
}

static gfa_status build_output(fdoc *fd, src_doc *out)
{
    size_t n = 0;
    for (size_t i = 0; i < fd->in.count; i++) {
        size_t k = 0;
        for (const gridrow *g = fd->rows[i]; g; g = g->next)
            k++;
        n += k ? k : 1;
    }
    out->lines = calloc(n + 1, sizeof *out->lines);
    if (!out->lines)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < fd->in.count; i++) {
        src_line *in = &fd->in.lines[i];
        gridrow *g = fd->rows[i];
        do {
            src_line *l = &out->lines[out->count++];
            l->no = in->no;
            l->text = strdup(in->text);
            bool kept = g || (!fd->consumed[i] && !furniture_at(fd, i));
            l->trimmed = strdup(kept ? in->trimmed : "");
            if (!l->text || !l->trimmed)
                return GFA_ERR_NOMEM;
            if (g) {
                l->cells = g->cells;
                l->ncells = g->ncells;
                l->grid = true;
                g->cells = NULL;
                g->ncells = 0;
                g = g->next;
            } else if (!fd->consumed[i] && in->ncells) { /* a line with tabs stays a grid */
                l->cells = in->cells;
                l->ncells = in->ncells;
                l->grid = in->grid;
                in->cells = NULL;
                in->ncells = 0;
            }
        } while (g);
    }
    return GFA_OK;
}

/* Is a line a table's title or caption ("收入支出决算总表", "单位：万元")? It stands on a
 * line of its own. */
static bool title_or_caption(const fdoc *fd, const char *t)
{
    if (vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t))) /* a sentence ("上海市…万元。") */
        return false;
    if (assemble_is_caption(fd->ctx, t))
        return true;
    bool standard;
    char *k = read_title_key(fd->ctx, t);
    bool title = k && *k && flat_names_table(fd, k, &standard);
    free(k);
    return title;
}

/* A caption with its label ("部门名称：…", "金额单位：万元"), not a year alone. */
static bool labelled_caption(const fdoc *fd, const char *t)
{
    return assemble_is_caption(fd->ctx, t) && words_in(&fd->ctx->vocab.lists[V_LEAD_IN], t, NULL);
}

/* Does a line begin a block of the narrative of its own: an ordinal, a part's heading, a
 * note, a list's dash, a table's title? Such a line begins a printed line. */
static bool begins_block(const fdoc *fd, const char *t)
{
    char *ord = NULL;
    text_strip_ordinal(t, &ord);
    bool block = ord != NULL || read_part_heading(fd->ctx, t) || read_note_start(fd->ctx, t) ||
                 t[0] == '-';
    free(ord);
    if (!block) { /* a table's title */
        bool standard;
        char *k = read_title_key(fd->ctx, t);
        block = k && *k && flat_names_table(fd, k, &standard);
        free(k);
    }
    return block;
}

/* Is a piece prose: words with a clause's or sentence's mark (not "4 。。。", a list's
 * omission row, nor "1 上海市 XX 局（本级）", a list's row)? */
static bool prose_piece(const gfa_vocab *vc, const char *t)
{
    const word_list *w = vc->lists;
    if (!words_in(&w[V_SENTENCE_END], t, NULL) && !words_in(&w[V_CLAUSE_END], t, NULL) &&
        !words_in(&w[V_LEAD_IN], t, NULL) && !words_in(&w[V_LIST_MARK], t, NULL))
        return false;
    int letters = 0; /* ideographs and Latin letters */
    for (const char *p = t; *p && letters < 2; p += flat_utf8_len((unsigned char)*p))
        letters += flat_is_ideograph(p) || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
    return letters >= 2;
}

/* Does a printed line end inside a word after a sentence ended on it ("…总计 XXX 万元。与
 * 2023 年"): prose wrapped where the page's width ran out, however short the line (a
 * paragraph's first line is indented, its Latin letters and digits narrower than their
 * columns), so its paragraph goes on below. A heading has no sentence in it. */
static bool cut_in_sentence(const gfa_vocab *vc, const src_line *pieces, size_t count)
{
    const char *t = pieces[count - 1].trimmed, *last = t;
    for (const char *p = t; *p; p += flat_utf8_len((unsigned char)*p))
        last = p;
    bool word = flat_is_ideograph(last) || (*last >= '0' && *last <= '9') ||
                (*last >= 'A' && *last <= 'Z') || (*last >= 'a' && *last <= 'z');
    for (size_t k = 0; word && k < count; k++) {
        size_t len = 0;
        const char *end = words_in(&vc->lists[V_SENTENCE_END], pieces[k].trimmed, &len);
        if (end && end[len])
            return true;
    }
    return false;
}

/* The last character of a text (its first byte). */
static const char *last_char(const char *t)
{
    const char *last = t;
    for (const char *p = t; *p; p += flat_utf8_len((unsigned char)*p))
        last = p;
    return last;
}

/* Does line i go on a word of the line before it, both pieces of prose (an ideograph
 * either side of the break)? A run changes at a font's change, so there the page's line
 * broke. */
static bool word_goes_on(const src_doc *out, size_t i)
{
    if (i == 0 || i >= out->count)
        return false;
    const src_line *a = &out->lines[i - 1], *b = &out->lines[i];
    return !a->grid && !b->grid && a->trimmed[0] && flat_is_ideograph(last_char(a->trimmed)) &&
           flat_is_ideograph(b->trimmed);
}

/* Did a sentence end for good on a piece ("…人次。", not "…占 XX%；")? A piece after it
 * filling more than half the line begins a paragraph: a paragraph's first piece holds its
 * first line, mostly whole, while the runs of a line after a sentence's end on it are
 * short. */
static bool sentence_ended(const gfa_vocab *vc, const src_line *l)
{
    const char *t = l->trimmed;
    return words_ends(&vc->lists[V_FULL_STOP], t, strlen(t)) != 0;
}

/* Is a piece an ordinal alone ("（一）", "1、"): the beginning of its printed line's text,
 * which goes on on the next piece whatever its width. */
static bool ordinal_alone(const char *t)
{
    char *ord = NULL;
    const char *rest = text_strip_ordinal(t, &ord);
    bool alone = ord && !*rest;
    free(ord);
    return alone;
}

/* Is a text printed in runs (pdftotext -raw of a WPS page): do lines of prose end short on
 * a clause's mark, the rest of their page's line on the next text line ("事业收入 XXX 万元，"
 * / "占 XX%；")? A page's line never does: only a paragraph's last line is short, and it
 * ends a sentence. Three such lines tell. */
static bool printed_in_runs(const fdoc *fd, const src_doc *out, long measure)
{
    int seen = 0;
    for (size_t i = 0; i + 1 < out->count && seen < 3; i++) {
        const src_line *l = &out->lines[i], *next = &out->lines[i + 1];
        const char *t = l->trimmed;
        seen += !l->grid && t[0] && text_columns(t) * 10 < measure * 6 &&
                words_ends(&fd->ctx->vocab.lists[V_CLAUSE_END], t, strlen(t)) && !next->grid &&
                next->trimmed[0] && !begins_block(fd, next->trimmed);
    }
    return seen >= 3;
}

/* Marks the lines that go on a printed line (src_line.tail, goes_on). pdftotext -raw
 * prints a line of a WPS page in the runs WPS wrote it in, a text line each ("元，" /
 * "完成预算的 XX%。" / "2024 年度" / "“三公”" / "经费支出决算数小于" / "（大"): a sentence
 * may end on a piece that is no end of its printed line, let alone of its paragraph.
 * Pieces of prose that, one after another, fill the page's width (a paragraph's lines but
 * its last do) and no more are one printed line. A piece begins the next printed line when
 * it would make the line wider than the page (a paragraph's first line, after a block's
 * beginning or a line not full, is two ideographs narrower: indented), when it goes on a
 * word ("本部" / "门建立了…", "（大" / "于）…": see word_goes_on), and when the line is full
 * already, unless the page's line surely ends after it ("…情况如下：" / "本部" / "门…"). A
 * printed line cut inside a word after a sentence ended on it goes on below
 * (cut_in_sentence). A line of a flattened text is a printed line already: its
 * paragraph's lines are full alone and no two of them fit in one. */
static void mark_printed_lines(const fdoc *fd, src_doc *out)
{
    long measure = read_prose_measure(out);
    if (measure <= 0)
        return;
    /* a text of page lines: only an ordinal alone goes on with the line after it */
    bool runs = printed_in_runs(fd, out, measure);
    const long indent = 4; /* columns of a first line's indent: two ideographs */
    size_t first = 0, count = 0; /* the pieces of the printed line so far */
    long columns = 0, room = 0;
    bool prose = false;
    for (size_t i = 0; i <= out->count; i++) {
        const src_line *l = i < out->count ? &out->lines[i] : NULL;
        bool piece = l && !l->grid && l->trimmed[0];
        long w = piece ? text_columns(l->trimmed) : 0;
        bool block = piece && begins_block(fd, l->trimmed);
        bool full = columns * 100 >= measure * 85;
        /* a full line takes one more piece only when the page's line surely ends after it */
        /* a title's or caption's line takes nothing after it; a caption's words go on a
         * line of prose ("…XX%。" / "2024 年度" / "“三公”…") but for a labelled one
         * ("部门名称：…", "金额单位：万元") */
        bool joins = piece && count > 0 && (runs || (count == 1 && ordinal_alone(out->lines[first].trimmed))) &&
                     columns + w <= room && !block &&
                     !title_or_caption(fd, out->lines[first].trimmed) &&
                     (prose ? !labelled_caption(fd, l->trimmed) : !title_or_caption(fd, l->trimmed)) &&
                     !word_goes_on(out, i) && (!full || word_goes_on(out, i + 1)) &&
                     !(w * 2 > measure && sentence_ended(&fd->ctx->vocab, &out->lines[i - 1]));
        if (joins) {
            columns += w;
            count++;
            prose = prose || prose_piece(&fd->ctx->vocab, l->trimmed);
            continue;
        }
        full = columns * 100 >= measure * 85;
        if (count > 1 && ((prose && full) || ordinal_alone(out->lines[first].trimmed)))
            for (size_t k = first + 1; k < first + count; k++)
                out->lines[k].tail = true;
        if (piece && count > 0 && !block &&
            cut_in_sentence(&fd->ctx->vocab, out->lines + first, count))
            out->lines[i].goes_on = true;
        /* a paragraph's first line (after a block's beginning or a line not full) is
         * indented; every line may reach a little past the measure (squeezed punctuation) */
        bool opens = block || count == 0 || !full || begins_block(fd, out->lines[first].trimmed);
        room = measure * 21 / 20 - (opens ? indent : 0);
        first = i;
        count = piece ? 1 : 0;
        columns = w;
        prose = piece && prose_piece(&fd->ctx->vocab, l->trimmed);
    }
}

/* Moves lines [from, to) to before line at (at < from). */
bool flat_move_lines(fdoc *fd, size_t at, size_t from, size_t to)
{
    size_t run = to - from;
    src_line *tmp = malloc(run * sizeof *tmp);
    if (!tmp) {
        fd->nomem = true;
        return false;
    }
    memcpy(tmp, &fd->in.lines[from], run * sizeof *tmp);
    memmove(&fd->in.lines[at + run], &fd->in.lines[at], (from - at) * sizeof *tmp);
    memcpy(&fd->in.lines[at], tmp, run * sizeof *tmp);
    free(tmp);
    return true;
}

/* A table's caption alone on its line: its number ("公开01表"), a year ("2024年度"), a
 * labelled caption ("部门名称：…  2024年度", "金额单位：万元"). */
bool flat_late_caption(fdoc *fd, size_t i)
{
    const char *t = flat_line_text(fd, i);
    if (!*t || vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)))
        return false;
    if (assemble_is_caption(fd->ctx, t))
        return true;
    char *k = text_key(&fd->ctx->variants, t, strlen(t));
    if (!k) {
        fd->nomem = true;
        return false;
    }
    bool yes = *k && (flat_year_caption(k) || flat_caption_number(fd, k));
    free(k);
    return yes;
}

/* Does the line name a table (standard: a standard table, else any)? */
bool flat_names_a_table(fdoc *fd, size_t i, bool standard_only)
{
    if (fd->in.lines[i].ncells)
        return false;
    bool standard = false;
    char *k = read_title_key(fd->ctx, flat_line_text(fd, i));
    bool title = k && *k && flat_names_table(fd, k, &standard) && (standard || !standard_only);
    free(k);
    return title;
}

/* A short line of words without digits, not a caption or a note: a piece of a header cell,
 * or the words of a row of them. */
static bool header_fragment(fdoc *fd, size_t i)
{
    const char *t = flat_line_text(fd, i);
    return *t && !strpbrk(t, "0123456789") && utf8_chars(t, strlen(t)) <= MAX_HEADER_PIECE &&
           !flat_names_a_table(fd, i, false) &&
           !flat_has_colon(t) && !flat_late_caption(fd, i) && !vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t));
}

bool flat_names_standard_table(fdoc *fd, size_t i)
{
    return flat_names_a_table(fd, i, true);
}


/* Numbers only (a row's 行次 and amounts, without its label). */
bool flat_numbers_only(const char *t)
{
    return *t && strspn(t, "0123456789.,- ") == strlen(t);
}

/* Numbers only, 1 2 3 … : a 栏次 row (the line's words are not yet tokenized). */
static bool counts_up(const char *t)
{
    long expect = 1;
    for (char *end; *t; t = end, expect++) {
        long v = strtol(t, &end, 10);
        if (end == t || v != expect || (*end && *end != ' '))
            return false;
        end += strspn(end, " ");
    }
    return expect > 2;
}

/* A row printed without its label: its numbers alone, not the 栏次 row. */
static bool unlabelled_row(const char *t)
{
    return flat_numbers_only(t) && !counts_up(t);
}

/* Rows' labels are merged cells too (公开10's "(一) 行政单位" over two columns): they come
 * late, one a line, after the captions, while their rows keep their 行次 and amounts
 * ("5 81.09", "6"). When the lines of numbers alone between the title and the page's last
 * lines are as many as those last lines of words (not captions, notes or amounts), each
 * label goes in front of its row, in order. */
static bool lift_row_labels(fdoc *fd, size_t t, size_t e)
{
    size_t k = e;
    while (k > t + 1 && (!*flat_line_text(fd, k - 1) ||
                         (!flat_numbers_only(flat_line_text(fd, k - 1)) && !flat_late_caption(fd, k - 1) &&
                          !flat_ends_body(fd, k - 1) && !flat_has_decimal(flat_line_text(fd, k - 1)))))
        k--;
    size_t labels = 0, rows = 0;
    for (size_t j = k; j < e; j++)
        labels += *flat_line_text(fd, j) != '\0';
    while (k > t + 1 && flat_late_caption(fd, k - 1))
        k--;
    for (size_t j = t + 1; j < k; j++)
        rows += unlabelled_row(flat_line_text(fd, j));
    if (labels < 2 || rows != labels)
        return true;
    size_t row = t + 1;
    for (size_t j = k; j < e; j++) {
        if (!*flat_line_text(fd, j) || flat_late_caption(fd, j))
            continue;
        while (!unlabelled_row(flat_line_text(fd, row)))
            row++;
        if (!flat_insert_late(fd, j, row++, 0))
            return false;
    }
    return true;
}

/* A spreadsheet printed in content-stream order (pdftotext -raw of a LibreOffice Calc
 * print) draws a sheet's caption cells (公开01表, 2024年度, 部门名称：… 2024年度) after
 * the page's other cells: they come at the page's end, after the table's rows or its note,
 * where they read as rows or as the next table's captions. A run of captions that ends a
 * page holding a table's title, with lines of the table between the two, goes back under
 * the title and its captions. page[i]: line i begins a page. Lines keep their numbers. */
static void lift_late_captions(fdoc *fd, const bool *page)
{
    size_t n = fd->in.count, title = SIZE_MAX; /* the title on the page before */
    for (size_t p0 = 0; p0 < n;) {
        size_t p1 = p0 + 1;
        while (p1 < n && !page[p1])
            p1++;
        size_t t = p0;
        while (t < p1 && !flat_names_standard_table(fd, t))
            t++;
        size_t e = p1;
        while (e > t && !*flat_line_text(fd, e - 1))
            e--;
        if (t < p1 && !lift_row_labels(fd, t, e))
            return;
        /* a table's continuation page, without a title, that begins with the table's
         * header again (its first line printed on the page before, under the title there):
         * its rows' labels come late too */
        bool again = false;
        size_t first = p0;
        while (first < e && !*flat_line_text(fd, first))
            first++;
        for (size_t j = title + 1; t == p1 && title < p0 && first < e && j < p0 && !again; j++)
            again = strcmp(flat_line_text(fd, j), flat_line_text(fd, first)) == 0;
        if (again && !lift_row_labels(fd, p0 - 1, e))
            return;
        title = t < p1 ? t : SIZE_MAX;
        while (e > t && !*flat_line_text(fd, e - 1))
            e--;
        /* a header cell wrapped over lines is drawn late with them ("国有资本经营预算财政拨"
         * / "款" after "公开04表"): words without digits after the captions go with them */
        size_t k = e;
        while (k > t + 1 && header_fragment(fd, k - 1))
            k--;
        size_t words = k;
        while (k > t + 1 && flat_late_caption(fd, k - 1))
            k--;
        /* after the title of the next table, begun at the page's foot, they are its own */
        if (k == words || (k > t + 1 && flat_names_a_table(fd, k - 1, false)))
            k = e;
        /* lines of the table between the title and the run: more than its captions */
        size_t body = 0;
        for (size_t j = t + 1; j < k; j++)
            body += *flat_line_text(fd, j) && !flat_late_caption(fd, j);
        /* under the title's captions, over the header the wrapped cell belongs to */
        size_t at = t + 1;
        while (at < k && flat_late_caption(fd, at))
            at++;
        if (t < p1 && k < e && body >= 2) {
            if (!flat_move_lines(fd, at, k, e))
                return;
        }
        p0 = p1;
    }
}

/* page[i]: line i of the text begins a page (a form feed on it). */
static bool *page_starts(const decoded_text *text, size_t count)
{
    bool *page = calloc(count + 1, sizeof *page);
    if (!page)
        return NULL;
    const char *p = text->utf8, *end = text->utf8 + text->len;
    for (size_t i = 0; i < count && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        page[i] = memchr(p, '\f', len) != NULL;
        p += len + 1;
    }
    return page;
}

gfa_status read_flat_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    decoded_text text;
    gfa_status st = src_decode_input(in, &text, diags);
    if (st != GFA_OK)
        return st;
    fdoc fd;
    memset(&fd, 0, sizeof fd);
    fd.ctx = ctx;
    fd.file = in->name;
    fd.diags = diags;
    st = src_doc_from_text(in->name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), &fd.in, diags);
    if (st != GFA_OK) {
        decoded_text_free(&text);
        return st;
    }
    size_t n = fd.in.count + 1;
    fd.role = calloc(n, sizeof *fd.role);
    fd.consumed = calloc(n, sizeof *fd.consumed);
    fd.toks = calloc(n, sizeof *fd.toks);
    fd.tok_done = calloc(n, sizeof *fd.tok_done);
    fd.rows = calloc(n, sizeof *fd.rows);
    fd.rows_tail = calloc(n, sizeof *fd.rows_tail);
    bool *page = page_starts(&text, fd.in.count);
    if (page)
        flat_join_cell_lines(&fd);
    if (page && !fd.nomem)
        flat_join_form_cells(&fd);
    if (page && !fd.nomem)
        lift_late_captions(&fd, page);
    if (page && !fd.nomem)
        flat_lift_late_form_cells(&fd, page);
    if (page && !fd.nomem)
        flat_join_column_bands(&fd);
    free(page);
    bool *artefact = calloc(n, sizeof *artefact);
    bool ok = page && !fd.nomem && fd.role && fd.consumed && fd.toks && fd.tok_done && fd.rows && fd.rows_tail &&
              artefact && flat_mark_artefacts(&fd, artefact);
    for (size_t i = 0; ok && i < fd.in.count; i++)
        fd.role[i] = artefact[i] ? LR_ARTEFACT : LR_TEXT;
    free(artefact);
    if (ok) {
        find_precision(&fd);
        flat_choose_set(&fd);
    }
    ok = ok && !fd.nomem;
    for (size_t i = 0; ok && i < fd.in.count;) {
        const src_line *l = &fd.in.lines[i];
        bool standard = false;
        char *k = l->ncells ? NULL : read_title_key(fd.ctx, l->trimmed);
        bool title = k && *k && flat_names_table(&fd, k, &standard);
        free(k);
        bool tail_joined = !title && !l->ncells && flat_join_wrapped_title(&fd, i);
        if (tail_joined)
            title = true, standard = false;
        size_t next = i + 1;
        if (title)
            ok = standard ? flat_read_table(&fd, i, &next) : flat_read_form(&fd, i, tail_joined, &next);
        i = next;
    }
    st = ok ? GFA_OK : GFA_ERR_NOMEM;
    if (st == GFA_OK) {
        out->name = strdup(in->name);
        st = out->name ? build_output(&fd, out) : GFA_ERR_NOMEM;
    }
    if (st == GFA_OK)
        mark_printed_lines(&fd, out);
    if (st == GFA_OK)
        st = src_doc_finish(out, in, &text, "flat", diags);
    else
        src_doc_free(out);
    fdoc_free(&fd);
    decoded_text_free(&text);
    return st;
}

/* ------------------------------------------------------------------- sniff --- */

/* Reads the next character's code unit as ASCII (UTF-8 bytes ≥ 0x80 and UTF-16 units
 * ≥ 0x80 come back as 0x80). */
static int next_ascii(const unsigned char *d, size_t n, size_t *i, int utf16)
{
    if (utf16 == 0) {
        unsigned char c = d[(*i)++];
        return c < 0x80 ? c : 0x80;
    }
    if (*i + 1 >= n) {
        *i = n;
        return -1;
    }
    unsigned u = utf16 == 1 ? (unsigned)d[*i] | (unsigned)d[*i + 1] << 8
                            : (unsigned)d[*i] << 8 | (unsigned)d[*i + 1];
    *i += 2;
    return u < 0x80 ? (int)u : 0x80;
}

/* Does a line (its characters as ASCII, others 0x80) hold an amount standing alone between
 * spaces ("… 1421.59 …")? */
static bool has_amount(const unsigned char *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && c[i - 1] != ' ')
            continue;
        size_t j = i, digits = 0, frac = 0;
        while (j < n && c[j] >= '0' && c[j] <= '9') {
            j++;
            digits++;
        }
        if (!digits || j >= n || c[j] != '.')
            continue;
        j++;
        while (j < n && c[j] >= '0' && c[j] <= '9') {
            j++;
            frac++;
        }
        if (frac >= 1 && frac <= 6 && (j == n || c[j] == ' ' || c[j] == '\r'))
            return true;
    }
    return false;
}

/* Does a line begin with a classification code and a name after one space ("205 教育支出",
 * "30101 基本工资")? A template or a table printed without amounts still has such rows. */
static bool is_coded_row(const unsigned char *c, size_t n)
{
    size_t digits = 0;
    while (digits < n && c[digits] >= '0' && c[digits] <= '9')
        digits++;
    return (digits == 3 || digits == 5 || digits == 7) && digits + 1 < n && c[digits] == ' ' &&
           c[digits + 1] == 0x80;
}

/* Flattened text: table rows as lines of words and amounts separated by single spaces
 * ("201 一般公共服务支出 1421.59 1421.59"), no tabs (the text reader's) and no columns
 * aligned by runs of spaces (the layout reader's). */
int read_flat_sniff(const read_input *in)
{
    if (!in->data || in->len == 0)
        return 0;
    const unsigned char *d = (const unsigned char *)in->data;
    size_t n = in->len < ((size_t)1 << 20) ? in->len : ((size_t)1 << 20), i = 0;
    int utf16 = 0;
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
        utf16 = 1;
        i = 2;
    } else if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
        utf16 = 2;
        i = 2;
    } else if (n >= 4 && d[1] == 0 && d[3] == 0) {
        utf16 = 1;
    } else if (n >= 4 && d[0] == 0 && d[2] == 0) {
        utf16 = 2;
    }
    long tabs = 0, aligned = 0, rows = 0;
    unsigned char line[1024];
    while (i < n) {
        size_t len = 0;
        bool has_tab = false, run = false;
        int c;
        while (i < n && (c = next_ascii(d, n, &i, utf16)) >= 0 && c != '\n') {
            has_tab |= c == '\t';
            /* two spaces between words: columns aligned by position */
            run |= c == ' ' && len >= 2 && line[len - 1] == ' ' && line[len - 2] != ' ';
            if (len < sizeof line)
                line[len++] = (unsigned char)c;
        }
        if ((tabs += has_tab) >= 3)
            return 0; /* the text reader's: decided, without reading on */
        aligned += run;
        rows += !has_tab && !run && (has_amount(line, len) || is_coded_row(line, len));
    }
    if (tabs >= 3 || aligned * 4 > rows || rows < 5)
        return 0;
    return 60;
}
