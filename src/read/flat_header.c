/* flat_header.c — a flattened table's slots (parts × column groups), its grid cells, and its
 * header rebuilt from the printed header words or the definition's columns (read_flat.c,
 * stage 2). */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ a table --- */

static const char *first_label(const label_set *ls)
{
    return ls->count ? ls->keys[0] : "";
}

bool flat_is_coded(const part_def *pd)
{
    return pd->axis == AXIS_FUNCTION || pd->axis == AXIS_ECONOMIC;
}

int flat_role_index(const part_def *pd, key_role role)
{
    for (size_t k = 0; k < pd->nroles; k++)
        if (pd->roles[k] == role)
            return (int)k;
    return -1;
}

static void slot_free(slot *s)
{
    free(s->label);
    free(s->colno);
    free(s->pcols);
    free(s->sums);
}

static void chunk_free(chunk *c)
{
    sb_free(&c->above);
    sb_free(&c->label);
    sb_free(&c->below);
    sb_free(&c->kabove);
    sb_free(&c->klabel);
    sb_free(&c->kbelow);
    free(c->vals);
    free(c->pos);
}

void flat_gridrow_free(gridrow *g)
{
    while (g) {
        gridrow *next = g->next;
        for (int c = 0; c < g->ncells; c++) {
            free(g->cells[c].text);
            free(g->cells[c].at);
        }
        free(g->cells);
        free(g);
        g = next;
    }
}

void flat_tab_free(tab *t)
{
    for (int s = 0; s < t->nslots; s++)
        slot_free(&t->slots[s]);
    for (int i = 0; i < t->nitems; i++)
        free(t->items[i].text);
    free(t->items);
    for (int c = 0; c < t->nch; c++)
        chunk_free(&t->ch[c]);
    free(t->ch);
    flat_gridrow_free(t->hdr_top);
    flat_gridrow_free(t->hdr_mid);
    flat_gridrow_free(t->hdr_main);
    flat_gridrow_free(t->hdr_colno);
    strmap_free(t->seen);
    free(t->first_at);
    free(t->count_at);
}

/* The slots of a definition, each with the definition's columns and their sums. */
bool flat_layout_slots(tab *t)
{
    const table_def *def = t->def;
    int cell = 0;
    for (size_t p = 0; p < def->nparts; p++) {
        const part_def *pd = &def->parts[p];
        for (int g = 1; g <= pd->groups && t->nslots < MAX_SLOTS; g++) {
            slot *s = &t->slots[t->nslots++];
            memset(s, 0, sizeof *s);
            s->part = (int)p;
            s->group = g;
            s->pd = pd;
            s->first = cell;
            s->nkeys = (int)pd->nroles;
            s->ncols = (int)pd->ncols;
            /* a 上年决算数 column is read only where a header names it */
            while (s->ncols > 0 && pd->cols[s->ncols - 1].prior_of >= 0)
                s->ncols--;
            s->expect = -1;
            size_t n = pd->ncols ? pd->ncols : 1;
            s->label = calloc(n, sizeof *s->label);
            s->colno = calloc(n, sizeof *s->colno);
            s->pcols = calloc(n, sizeof *s->pcols);
            size_t nterms = 0;
            for (size_t c = 0; c < pd->ncols; c++)
                nterms += pd->cols[c].nsum;
            s->sums = calloc(2 * nterms + 1, sizeof *s->sums);
            if (!s->label || !s->colno || !s->pcols || !s->sums)
                return false;
            int *next = s->sums;
            for (size_t c = 0; c < pd->ncols; c++) {
                const col_def *cd = &pd->cols[c];
                place_col *pc = &s->pcols[c];
                pc->often_blank = cd->often_blank;
                pc->nsum = (int)cd->nsum;
                pc->sum_col = next;
                pc->sum_sign = next + cd->nsum;
                for (size_t k = 0; k < cd->nsum; k++) {
                    next[k] = cd->sum[k].col;
                    next[cd->nsum + k] = cd->sum[k].sign;
                }
                next += 2 * cd->nsum;
            }
            cell += s->nkeys + s->ncols;
        }
    }
    t->width = cell;
    return t->nslots > 0;
}

/* ------------------------------------------------------------ header --- */

gridrow *flat_gridrow_new(int width)
{
    gridrow *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->cells = calloc((size_t)(width > 0 ? width : 1), sizeof *g->cells);
    if (!g->cells) {
        free(g);
        return NULL;
    }
    g->ncells = width;
    return g;
}

/* Sets a cell's text (copied) unless it is taken. */
bool flat_cell_set(gridrow *g, int c, const char *text, long pos)
{
    if (!g || c < 0 || c >= g->ncells || g->cells[c].text)
        return false;
    g->cells[c].text = strdup(text);
    g->cells[c].pos = pos;
    return g->cells[c].text != NULL;
}

bool flat_cell_free_at(const gridrow *g, int c)
{
    return g && c >= 0 && c < g->ncells && !g->cells[c].text;
}

/* What a header word is in the definition. */
static bool header_word(const tab *t, const char *key, hitem *out)
{
    const table_defs *defs = &t->fd->ctx->defs;
    memset(out, 0, sizeof *out);
    out->part = out->col = -1;
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (label_set_has(&defs->role_labels[r], key)) {
            out->kind = HK_ROLE;
            out->role = (key_role)r;
            return true;
        }
    for (size_t p = 0; p < t->def->nparts; p++)
        for (size_t c = 0; c < t->def->parts[p].ncols; c++)
            if (label_set_has(&t->def->parts[p].cols[c].labels, key)) {
                out->kind = HK_COL;
                out->part = (int)p;
                out->col = (int)c;
                return true;
            }
    for (size_t p = 0; p < t->def->nparts; p++) {
        const part_def *pd = &t->def->parts[p];
        for (size_t c = 0; c < pd->ncols; c++)
            if (label_set_has(&pd->cols[c].under, key)) {
                out->kind = HK_UNDER;
                out->part = (int)p;
                out->col = (int)c;
                return true;
            }
        if (label_set_has(&pd->under, key)) {
            out->kind = HK_UNDER;
            out->part = (int)p;
            return true;
        }
    }
    if (label_set_has(&t->def->header_words, key)) {
        out->kind = HK_WORD;
        return true;
    }
    return false;
}

/* The longest run of tokens from i that is a header word: its length, 0 when none. */
int flat_match_header(const tab *t, const tokline *tl, int i, hitem *out)
{
    for (int len = tl->n - i < MAX_LABEL_TOKENS ? tl->n - i : MAX_LABEL_TOKENS; len > 0; len--) {
        char *k = flat_key_range(tl, i, i + len);
        bool hit = k && *k && header_word(t, k, out);
        free(k);
        if (hit) {
            out->text = flat_join_range(tl, i, i + len, " ");
            return out->text ? len : -1;
        }
    }
    return 0;
}

static bool add_item(tab *t, const hitem *it)
{
    if (t->nitems == t->capitems) {
        int cap = t->capitems ? t->capitems * 2 : 16;
        hitem *items = realloc(t->items, (size_t)cap * sizeof *items);
        if (!items)
            return false;
        t->items = items;
        t->capitems = cap;
    }
    t->items[t->nitems++] = *it;
    return true;
}

/* A 栏次 row: 栏次 words and the numbers 1, 2, … in order. */
bool flat_is_colno_line(const fdoc *fd, const tokline *tl)
{
    int words = 0, ints = 0;
    long expect = 1;
    for (int i = 0; i < tl->n; i++) {
        const ftok *k = &tl->t[i];
        if (label_set_has(&fd->ctx->defs.colno_labels, k->key)) {
            words++;
        } else if (k->integer && strtol(k->text, NULL, 10) == expect) {
            ints++;
            expect++;
        } else {
            return false;
        }
    }
    return ints >= 1 && (ints >= 2 || words >= 1);
}

/* The header's words, matched to the definition. */
static bool collect_header(tab *t)
{
    fdoc *fd = t->fd;
    t->header_clean = true;
    for (size_t i = t->hdr_first; i <= t->hdr_last && i < t->end; i++) {
        if (fd->role[i] != LR_HEADER)
            continue;
        const tokline *tl = &fd->toks[i];
        bool beside = t->row_on_header && i == t->hdr_last; /* its label and numbers: the row's */
        for (int k = beside ? 1 : 0; k < tl->n;) {
            if (beside && tl->t[k].kind != TK_TEXT) {
                k++;
                continue;
            }
            hitem it;
            int len = flat_match_header(t, tl, k, &it);
            if (len < 0)
                return false;
            if (len == 0) {
                t->header_clean = false;
                k++;
                continue;
            }
            if (!add_item(t, &it)) {
                free(it.text);
                return false;
            }
            k += len;
        }
    }
    return true;
}

/* The cell of value column c of slot s. */
int flat_value_cell(const tab *t, int s, int c)
{
    return t->slots[s].first + t->slots[s].nkeys + c;
}

/* Builds the header rows the recogniser reads: group words (收入/支出, 预算数/决算数, 本年支出)
 * above, the key and column labels below, printed words where they were matched and the
 * definition's labels elsewhere; says when the definition's labels or order had to be
 * used. */
bool flat_build_header(tab *t)
{
    fdoc *fd = t->fd;
    if (!collect_header(t))
        return false;
    t->hdr_top = flat_gridrow_new(t->width);
    t->hdr_main = flat_gridrow_new(t->width);
    t->hdr_mid = flat_gridrow_new(t->width);
    if (!t->hdr_top || !t->hdr_main || !t->hdr_mid)
        return false;
    /* column labels: each printed label to the first unlabelled column of that label */
    int ncols_total = 0, matched = 0;
    bool reordered = false;
    int last_index = -1;
    for (int s = 0; s < t->nslots; s++)
        ncols_total += t->slots[s].ncols;
    for (int i = 0; i < t->nitems; i++) {
        hitem *it = &t->items[i];
        if (it->kind != HK_COL)
            continue;
        char *key = text_key(&t->fd->ctx->variants, it->text, strlen(it->text));
        int index = 0;
        for (int s = 0; s < t->nslots && !it->used && key; s++)
            for (int c = 0; c < t->slots[s].ncols && !it->used; c++, index++)
                if (!t->slots[s].label[c] &&
                    label_set_has(&t->slots[s].pd->cols[c].labels, key)) {
                    t->slots[s].label[c] = it->text;
                    it->used = true;
                    matched++;
                    reordered |= index < last_index;
                    last_index = index;
                }
        free(key);
    }
    /* key cells: printed role words in order, then the common labels */
    for (int i = 0; i < t->nitems; i++) {
        hitem *it = &t->items[i];
        if (it->kind != HK_ROLE)
            continue;
        for (int s = 0; s < t->nslots && !it->used; s++) {
            int k = flat_role_index(t->slots[s].pd, it->role);
            if (k >= 0 && flat_cell_set(t->hdr_main, t->slots[s].first + k, it->text, 1))
                it->used = true;
        }
    }
    for (int s = 0; s < t->nslots; s++) {
        const slot *sl = &t->slots[s];
        for (int k = 0; k < sl->nkeys; k++)
            if (flat_cell_free_at(t->hdr_main, sl->first + k) &&
                !flat_cell_set(t->hdr_main, sl->first + k,
                               first_label(&fd->ctx->defs.role_labels[sl->pd->roles[k]]), 1))
                return false;
        for (int c = 0; c < sl->ncols; c++)
            if (!flat_cell_set(t->hdr_main, flat_value_cell(t, s, c),
                               sl->label[c] ? sl->label[c] : sl->pd->cols[c].title, 1))
                return false;
    }
    /* group words: a part's 收入/支出 over its first cell, a column's 预算数 over the first
     * column of its run */
    for (int s = 0; s < t->nslots; s++) {
        const slot *sl = &t->slots[s];
        if (sl->group == 1 && sl->pd->under.count) {
            const char *text = first_label(&sl->pd->under);
            for (int i = 0; i < t->nitems; i++)
                if (t->items[i].kind == HK_UNDER && t->items[i].col < 0 &&
                    t->items[i].part == sl->part && !t->items[i].used) {
                    text = t->items[i].text;
                    t->items[i].used = true;
                    break;
                }
            flat_cell_set(t->hdr_top, sl->first, text, 1);
        }
        for (int c = 0; c < sl->ncols; c++) {
            const label_set *under = &sl->pd->cols[c].under;
            if (!under->count ||
                (c > 0 && sl->pd->cols[c - 1].under.count &&
                 strcmp(first_label(&sl->pd->cols[c - 1].under), first_label(under)) == 0))
                continue;
            const char *text = first_label(under);
            for (int i = 0; i < t->nitems; i++)
                if (t->items[i].kind == HK_UNDER && t->items[i].col >= 0 && !t->items[i].used) {
                    char *k = text_key(&t->fd->ctx->variants, t->items[i].text, strlen(t->items[i].text));
                    bool same = k && label_set_has(under, k);
                    free(k);
                    if (same) {
                        text = t->items[i].text;
                        t->items[i].used = true;
                        break;
                    }
                }
            flat_cell_set(t->hdr_top, flat_value_cell(t, s, c), text, 1);
        }
    }
    /* words left (项目 over 科目代码 and 科目名称, 人员经费, 本年支出 …): over a slot, else
     * over its first value column, else in a row of their own */
    int mid = 0;
    for (int i = 0; i < t->nitems; i++) {
        hitem *it = &t->items[i];
        if (it->used || it->kind == HK_COL)
            continue;
        for (int s = 0; s < t->nslots && !it->used; s++)
            if (flat_cell_free_at(t->hdr_top, t->slots[s].first) &&
                (s == 0 || !flat_cell_free_at(t->hdr_top, t->slots[s - 1].first)))
                it->used = flat_cell_set(t->hdr_top, t->slots[s].first, it->text, 1);
        for (int s = 0; s < t->nslots && !it->used; s++)
            if (t->slots[s].ncols)
                it->used = flat_cell_set(t->hdr_top, flat_value_cell(t, s, 0), it->text, 1);
        if (!it->used)
            it->used = flat_cell_set(t->hdr_mid, mid++, it->text, 1);
    }
    bool printed = t->hdr_first <= t->hdr_last;
    /* a header whose every word was matched and that names some of a column group's
     * columns prints only those: the group's others get no value (一般公共预算财政拨款支出
     * 决算明细表 printing 合计, 基本支出 and 项目支出 of the five its definition knows) */
    if (printed && t->header_clean && matched < ncols_total)
        for (int s = 0; s < t->nslots; s++) {
            slot *sl = &t->slots[s];
            int named = 0;
            for (int c = 0; c < sl->ncols; c++)
                named += sl->label[c] != NULL;
            for (int c = 0; named > 0 && c < sl->ncols; c++)
                sl->pcols[c].absent = !sl->label[c];
        }
    if (printed && (!t->header_clean || matched < ncols_total || reordered)) {
        /* the words that are in no cell are at least in the message */
        strbuf words;
        sb_init(&words);
        for (size_t i = t->hdr_first; i <= t->hdr_last && words.len < 400; i++)
            if (fd->role[i] == LR_HEADER)
                sb_addf(&words, "%s%s", words.len ? " / " : "", flat_line_text(fd, i));
        diag_add(fd->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-080", fd->file,
                 fd->in.lines[t->hdr_first].no, 1,
                 "table %s: %s; the columns are the definition's, in its order (printed: %s)",
                 t->def->id,
                 !t->header_clean ? "the header's words are broken across lines and cannot be "
                                    "rebuilt into cells"
                 : matched < ncols_total ? "not every column of the definition is named in the "
                                           "header"
                                         : "the header was printed over several rows",
                 words.data ? words.data : "");
        sb_free(&words);
    }
    return true;
}

/* The 栏次 row in the columns: 栏次 over each part's first cell, the numbers over the value
 * columns in order. */
bool flat_build_colno(tab *t, size_t line)
{
    fdoc *fd = t->fd;
    const tokline *tl = &fd->toks[line];
    t->hdr_colno = flat_gridrow_new(t->width);
    if (!t->hdr_colno)
        return false;
    int words = 0, s = 0, c = 0, ints = 0, ncols = 0;
    for (int k = 0; k < t->nslots; k++)
        ncols += t->slots[k].ncols;
    for (int i = 0; i < tl->n; i++) {
        const ftok *k = &tl->t[i];
        if (!k->integer) { /* 栏次: over the next part */
            int part_slot = -1;
            for (int x = 0, parts = 0; x < t->nslots && part_slot < 0; x++)
                if (t->slots[x].group == 1 && parts++ == words)
                    part_slot = x;
            if (part_slot >= 0)
                flat_cell_set(t->hdr_colno, t->slots[part_slot].first, k->text, k->pos);
            words++;
            continue;
        }
        while (s < t->nslots && c >= t->slots[s].ncols) {
            s++;
            c = 0;
        }
        ints++;
        if (s < t->nslots) {
            t->slots[s].colno[c] = strtol(k->text, NULL, 10);
            flat_cell_set(t->hdr_colno, flat_value_cell(t, s, c), k->text, k->pos);
            c++;
        }
    }
    if (ints != ncols)
        diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-085", fd->file,
                 fd->in.lines[line].no, 1,
                 "table %s: %d columns are numbered in the column-number row, the definition has %d; "
                 "values are read into the definition's columns",
                 t->def->id, ints, ncols);
    return true;
}
