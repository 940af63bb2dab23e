/* flat_values.c — a flattened table's values (read_flat.c, stage 4): values of fixed parts
 * printed twice remembered, each row's values placed in their columns by the sums
 * (flat_place.c) with a warning naming the alternatives, and the grid rows made. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- values printed twice --- */

/* The row of a fixed part a chunk's label names, or NULL. */
static const row_def *fixed_row(const tab *t, const chunk *c, bool *nomem)
{
    const part_def *pd = t->slots[c->slot].pd;
    char *label = flat_concat3(c->kabove.data ? c->kabove.data : "", c->klabel.data ? c->klabel.data : "",
                               c->kbelow.data ? c->kbelow.data : "");
    const row_def *found = NULL;
    if (!label)
        *nomem = true;
    for (size_t r = 0; label && r < pd->nrows && !found; r++)
        if (label_set_has(&pd->rows[r].labels, flat_unordered(label)))
            found = &pd->rows[r];
    free(label);
    return found;
}

/* Remembers the amount of each row of the table's fixed parts of one value column
 * ("sh01/income/other"), for a table that prints them again as its total row (totals_in). */
bool flat_remember_fixed(tab *t)
{
    fdoc *fd = t->fd;
    bool nomem = false;
    for (int c = 0; c < t->nch && !nomem; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        if (sl->pd->axis != AXIS_FIXED || sl->ncols != 1 || ch->nvals != 1 || !ch->pos ||
            ch->pos[0] != 0 || ch->vals[0]->kind != TK_NUM)
            continue;
        const row_def *row = fixed_row(t, ch, &nomem);
        char key[96];
        if (!row || snprintf(key, sizeof key, "%s/%s/%s", t->def->id, sl->pd->id, row->id) >=
                        (int)sizeof key)
            continue;
        if (!fd->printed && !(fd->printed = strmap_new()))
            return false;
        if (strmap_get(fd->printed, key, NULL))
            continue; /* the first printing */
        if (fd->nprinted == fd->capprinted) {
            int cap = fd->capprinted ? fd->capprinted * 2 : 32;
            gfa_dec *v = realloc(fd->printed_vals, (size_t)cap * sizeof *v);
            if (!v)
                return false;
            fd->printed_vals = v;
            fd->capprinted = cap;
        }
        fd->printed_vals[fd->nprinted] = ch->vals[0]->dec;
        nomem = !strmap_put(fd->printed, key, fd->nprinted++);
    }
    return !nomem;
}

/* A total row's columns as the table they are printed again in (totals_in) gave them. */
static void expect_totals(const tab *t, const slot *sl, place_row *pr)
{
    const fdoc *fd = t->fd;
    for (int c = 0; fd->printed && sl->pd->totals_in && c < sl->ncols && c < PLACE_MAX_COLS; c++) {
        char key[96];
        int i;
        if (snprintf(key, sizeof key, "%s/%s", sl->pd->totals_in, sl->pd->cols[c].id) <
                (int)sizeof key &&
            strmap_get(fd->printed, key, &i)) {
            pr->expected[c] = true;
            pr->expect[c] = fd->printed_vals[i];
        }
    }
}

/* ------------------------------------------------------------ placement --- */

static const char *col_id(const tab *t, int s, int c)
{
    return c >= 0 && c < t->slots[s].ncols ? t->slots[s].pd->cols[c].id : "(none)";
}

static void describe(const tab *t, int s, const int *pos, int n, strbuf *sb)
{
    for (int v = 0; v < n; v++)
        sb_addf(sb, "%s%s", v ? "," : "", col_id(t, s, pos[v]));
}

static const char *row_name(const chunk *c)
{
    if (c->code[0])
        return c->code;
    if (c->label.len)
        return c->label.data;
    if (c->lineno)
        return c->lineno->text;
    return "(a row without a label)";
}

long flat_chunk_line_no(const tab *t, const chunk *c)
{
    return t->fd->in.lines[c->line].no;
}

/* The placements a row could have, as text: "[total,fiscal] chosen …; also [total,superior],
 * …". Rows with the same text are reported together. */
static char *placements_text(const tab *t, const chunk *c, const place_row *pr)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%d value(s) for %d columns fit the table's sums in more than one way: [",
            pr->nvals, pr->ncols);
    describe(t, c->slot, pr->pos, pr->nvals, &sb);
    sb_adds(&sb, "] chosen (often-blank columns last, then left to right); also [");
    for (int a = 0; a < pr->nalts && a < PLACE_MAX_ALTS; a++) {
        if (a)
            sb_adds(&sb, "], [");
        describe(t, c->slot, pr->alts[a], pr->nvals, &sb);
    }
    if (pr->nalts > PLACE_MAX_ALTS)
        sb_addf(&sb, "] and %d more", pr->nalts - PLACE_MAX_ALTS);
    else
        sb_adds(&sb, "]");
    return sb_take(&sb);
}

/* Says which rows' values could go to other columns with every sum still holding: one
 * warning for each run of rows with the same choices, at the first row's line, naming
 * every row and line. */
static bool report_ambiguous(tab *t, const place_row *rows)
{
    fdoc *fd = t->fd;
    char *run_text = NULL;
    strbuf names;
    sb_init(&names);
    int first = -1, count = 0;
    bool ok = true;
    for (int c = 0; c <= t->nch && ok; c++) {
        char *text = NULL;
        if (c < t->nch && rows[c].cols && rows[c].nalts > 0) {
            text = placements_text(t, &t->ch[c], &rows[c]);
            ok = text != NULL;
        }
        if (c < t->nch && !text)
            continue; /* rows placed without a choice do not break a run */
        bool same = text && run_text && strcmp(text, run_text) == 0 &&
                    t->ch[c].slot == t->ch[first].slot;
        if (!same && first >= 0) {
            const chunk *f = &t->ch[first];
            diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-081", fd->file,
                     flat_chunk_line_no(t, f), f->key ? f->key->pos : 1,
                     "table %s %s %s: %s", t->def->id, count > 1 ? "rows" : "row",
                     names.data ? names.data : "", run_text);
            free(run_text);
            run_text = NULL;
            sb_free(&names);
            sb_init(&names);
            first = -1;
            count = 0;
        }
        if (!text)
            continue;
        if (first < 0) {
            first = c;
            run_text = text;
        } else {
            free(text);
        }
        if (count < 12)
            sb_addf(&names, "%s%s (line %ld)", count ? ", " : "", row_name(&t->ch[c]),
                    flat_chunk_line_no(t, &t->ch[c]));
        else if (count == 12)
            sb_adds(&names, " and more");
        count++;
    }
    free(run_text);
    sb_free(&names);
    return ok;
}

/* Reports what the placement of one row broke or could not search. */
static void report_row(tab *t, const chunk *c, const place_row *pr)
{
    fdoc *fd = t->fd;
    long no = flat_chunk_line_no(t, c);
    long pos = c->key ? c->key->pos : 1;
    if (pr->capped && pr->nalts == 0)
        diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-083", fd->file, no, pos,
                 "table %s row %s: the search for where its %d value(s) go in %d columns was "
                 "bounded; they may fit other columns as well as the ones chosen",
                 t->def->id, row_name(c), pr->nvals, pr->ncols);
    if (pr->violates)
        diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-082", fd->file, no, pos,
                 "table %s row %s: no placement of its %d value(s) in %d columns keeps the "
                 "table's sums (a misprint, or values lost from the text); placed as the sums "
                 "allow best",
                 t->def->id, row_name(c), pr->nvals, pr->ncols);
}

/* The row a chunk's values add up into: its code's parent, or the part's total row for
 * a class. */
static int parent_of(const tab *t, int c, const strmap *codes)
{
    const chunk *ch = &t->ch[c];
    const slot *sl = &t->slots[ch->slot];
    char key[32];
    int found = -1;
    size_t n = strlen(ch->code);
    if (n == 5 || n == 7) {
        snprintf(key, sizeof key, "%d:%.*s", sl->part, (int)n - 2, ch->code);
        return strmap_get(codes, key, &found) ? found : -1;
    }
    if (n == 3) { /* the total row, when the part has exactly one */
        snprintf(key, sizeof key, "%d:total", sl->part);
        return strmap_get(codes, key, &found) ? found : -1;
    }
    return -1;
}

bool flat_place_table(tab *t)
{
    strmap *codes = strmap_new();
    place_row *rows = calloc((size_t)(t->nch > 0 ? t->nch : 1), sizeof *rows);
    gfa_dec *vals = calloc((size_t)(t->nch > 0 ? t->nch : 1) * PLACE_MAX_VALS, sizeof *vals);
    bool ok = codes && rows && vals;
    /* codes and total rows by part, first printing only */
    for (int c = 0; ok && c < t->nch; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        char key[32];
        if (ch->code[0]) {
            snprintf(key, sizeof key, "%d:%s", sl->part, ch->code);
        } else {
            int totals = 0, named = -1;
            for (size_t r = 0; r < sl->pd->nrows; r++)
                if (sl->pd->rows[r].total) {
                    totals++;
                    if (label_set_has(&sl->pd->rows[r].labels, flat_unordered(ch->klabel.data ? ch->klabel.data : "")))
                        named = (int)r;
                }
            if ((!flat_is_coded(sl->pd) && !sl->pd->listed) || totals != 1 || named < 0)
                continue;
            snprintf(key, sizeof key, "%d:total", sl->part);
        }
        if (!strmap_get(codes, key, NULL))
            ok = strmap_put(codes, key, c);
    }
    for (int c = 0; ok && c < t->nch; c++) {
        chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        place_row *pr = &rows[c];
        pr->parent = -1;
        ch->pos = calloc((size_t)(ch->nvals > 0 ? ch->nvals : 1), sizeof *ch->pos);
        if (!ch->pos) {
            ok = false;
            break;
        }
        for (int v = 0; v < ch->nvals; v++)
            ch->pos[v] = v < sl->ncols ? v : -1;
        if (sl->ncols > PLACE_MAX_COLS || ch->nvals > PLACE_MAX_VALS)
            continue; /* left to right, not searched */
        pr->cols = sl->pcols;
        pr->ncols = sl->ncols;
        pr->vals = &vals[(size_t)c * PLACE_MAX_VALS];
        pr->nvals = ch->nvals;
        for (int v = 0; v < ch->nvals; v++) {
            const ftok *k = ch->vals[v];
            gfa_dec zero = {0, 9};
            vals[(size_t)c * PLACE_MAX_VALS + v] = k->kind == TK_NUM ? k->dec : zero;
        }
        pr->parent = flat_is_coded(sl->pd) ? parent_of(t, c, codes) : -1;
        if (sl->pd->listed && !ch->code[0]) { /* an item of a listed part: into its total */
            bool nomem = false;
            int total = -1;
            char key[32];
            snprintf(key, sizeof key, "%d:total", sl->part);
            if (!fixed_row(t, ch, &nomem) && strmap_get(codes, key, &total) && total != c)
                pr->parent = total;
            ok = !nomem;
        }
        char total_key[32];
        int total = -1;
        snprintf(total_key, sizeof total_key, "%d:total", sl->part);
        if (!ch->code[0] && strmap_get(codes, total_key, &total) && total == c)
            expect_totals(t, sl, pr);
        if (ch->code[0]) { /* a code printed again is in no family (the recogniser keeps it
                            * as rNN) */
            char key[32];
            int first = -1;
            snprintf(key, sizeof key, "%d:%s", sl->part, ch->code);
            if (strmap_get(codes, key, &first) && first != c)
                pr->parent = -1;
        }
    }
    if (ok)
        ok = place_values(rows, t->nch) == GFA_OK;
    for (int c = 0; ok && c < t->nch; c++) {
        chunk *ch = &t->ch[c];
        const place_row *pr = &rows[c];
        if (!pr->cols)
            continue;
        for (int v = 0; v < ch->nvals; v++)
            ch->pos[v] = pr->pos[v];
        if (ch->nvals > 0 && ch->nvals < pr->ncols)
            report_row(t, ch, pr);
    }
    ok = ok && report_ambiguous(t, rows);
    for (int c = 0; ok && c < t->nch; c++)
        if (t->ch[c].nvals > t->slots[t->ch[c].slot].ncols)
            diag_add(t->fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-083", t->fd->file,
                     flat_chunk_line_no(t, &t->ch[c]), t->ch[c].key ? t->ch[c].key->pos : 1,
                     "table %s row %s: %d values for %d columns; the values past the last "
                     "column are kept after the row's cells",
                     t->def->id, row_name(&t->ch[c]), t->ch[c].nvals, t->slots[t->ch[c].slot].ncols);
    strmap_free(codes);
    free(rows);
    free(vals);
    return ok;
}

/* ---------------------------------------------------------------- grid rows --- */

bool flat_attach(fdoc *fd, size_t line, gridrow *g)
{
    long end = utf8_chars(fd->in.lines[line].text, strlen(fd->in.lines[line].text)) + 1;
    for (int c = 0; c < g->ncells; c++) {
        if (!g->cells[c].text) {
            g->cells[c].text = strdup("");
            g->cells[c].pos = end;
            if (!g->cells[c].text) {
                flat_gridrow_free(g);
                return false;
            }
        } else if (g->cells[c].pos < 1) {
            g->cells[c].pos = 1;
        }
    }
    g->next = NULL;
    if (fd->rows_tail[line])
        fd->rows_tail[line]->next = g;
    else
        fd->rows[line] = g;
    fd->rows_tail[line] = g;
    return true;
}

bool flat_row_empty(const gridrow *g)
{
    for (int c = 0; c < g->ncells; c++)
        if (g->cells[c].text && *g->cells[c].text)
            return false;
    return true;
}

/* Puts a copy of a header row on a line. */
bool flat_attach_copy(fdoc *fd, size_t line, const gridrow *tmpl)
{
    if (!tmpl || flat_row_empty(tmpl))
        return true;
    gridrow *g = flat_gridrow_new(tmpl->ncells);
    if (!g)
        return false;
    for (int c = 0; c < tmpl->ncells; c++)
        if (tmpl->cells[c].text && !flat_cell_set(g, c, tmpl->cells[c].text, tmpl->cells[c].pos)) {
            flat_gridrow_free(g);
            return false;
        }
    return flat_attach(fd, line, g);
}

char *flat_label_text(const chunk *c)
{
    strbuf sb;
    sb_init(&sb);
    const strbuf *parts[] = {&c->above, &c->label, &c->below};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++)
        if (parts[i]->len)
            sb_addf(&sb, "%s%s", sb.len ? " " : "", parts[i]->data);
    char *s = sb_take(&sb);
    return s ? s : strdup("");
}
