/* flat_regions.c — a flattened table's region (read_flat.c, stage 1): the line naming a
 * table, its captions, header lines (printed again on later pages), body and end; the table
 * or form read from its region into grid rows (flat_read_table, flat_read_form). */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- regions --- */

/* 类, 款 and 项 printed in columns of their own ("201 03 01", a Word report's three narrow
 * code columns): one code when the code list knows the whole, as the layout reader joins
 * them; a line of the code-levels words alone (类 款 项, their header) holds nothing. */
static bool join_split_codes(fdoc *fd, tokline *tl)
{
    const word_list *lv = &fd->ctx->vocab.lists[V_CODE_LEVELS];
    bool levels = lv->count == 3 && tl->n == 3;
    for (int k = 0; levels && k < 3; k++)
        levels = strcmp(tl->t[k].key, lv->words[k]) == 0;
    if (levels) {
        flat_tokline_free(tl);
        return true;
    }
    for (int i = 0; i + 1 < tl->n; i++) {
        ftok *a = &tl->t[i];
        if (!a->integer || strlen(a->text) != 3)
            continue;
        char code[8];
        memcpy(code, a->text, 4);
        int last = 0;
        for (int m = i + 1; m < tl->n && m <= i + 2; m++) {
            if (!tl->t[m].integer || strlen(tl->t[m].text) != 2)
                break;
            memcpy(code + 3 + 2 * (m - i - 1), tl->t[m].text, 3);
            if (code_list_find(&fd->ctx->function_codes, code))
                last = m;
        }
        if (!last)
            continue;
        code[3 + 2 * (last - i)] = '\0';
        char *text = xstrndup(code, strlen(code));
        char *key = text ? text_key(&fd->ctx->variants, text, strlen(text)) : NULL;
        if (!key) {
            free(text);
            return false;
        }
        free(a->text);
        free(a->key);
        a->text = text;
        a->key = key;
        flat_tok_classify(&fd->ctx->vocab, a);
        for (int m = i + 1; m <= last; m++) {
            free(tl->t[m].text);
            free(tl->t[m].key);
        }
        memmove(&tl->t[i + 1], &tl->t[last + 1], (size_t)(tl->n - last - 1) * sizeof *tl->t);
        tl->n -= last - i;
    }
    return true;
}

bool flat_tokenized(fdoc *fd, size_t i)
{
    if (fd->tok_done[i])
        return true;
    fd->tok_done[i] = true;
    if (!flat_tokenize(&fd->ctx->vocab, fd->in.lines[i].text, fd->in.lines[i].trimmed,
                       &fd->toks[i]) ||
        !join_split_codes(fd, &fd->toks[i])) {
        flat_tokline_free(&fd->toks[i]);
        fd->nomem = true;
        return false;
    }
    return true;
}

/* The number of a table printed in a caption ("公开 01 表"): the definitions' numbers. */
const char *flat_caption_number(const fdoc *fd, const char *key)
{
    for (size_t d = 0; d < fd->ctx->defs.count; d++) {
        const char *n = fd->ctx->defs.tables[d].number;
        if (n && strstr(key, n))
            return n;
    }
    return NULL;
}

/* A header word of any table (收入, 项目, 合计 …), as opposed to the wrap of a caption
 * ("表", "元"). */
bool flat_any_header_word(const fdoc *fd, const char *key)
{
    const table_defs *defs = &fd->ctx->defs;
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (label_set_has(&defs->role_labels[r], key))
            return true;
    if (label_set_has(&defs->colno_labels, key))
        return true;
    for (size_t d = 0; d < defs->count; d++) {
        const table_def *def = &defs->tables[d];
        if (label_set_has(&def->header_words, key))
            return true;
        for (size_t p = 0; p < def->nparts; p++) {
            if (label_set_has(&def->parts[p].under, key))
                return true;
            for (size_t c = 0; c < def->parts[p].ncols; c++)
                if (label_set_has(&def->parts[p].cols[c].labels, key) ||
                    label_set_has(&def->parts[p].cols[c].under, key))
                    return true;
        }
    }
    return false;
}

/* "2024年度" (a line's key): a year and little else. */
bool flat_year_caption(const char *k)
{
    return strlen(k) <= 12 && k[0] >= '1' && k[0] <= '2' && strspn(k, "0123456789") == 4 &&
           flat_is_ideograph(k + 4);
}

static bool is_caption(const fdoc *fd, size_t i, const bool *artefact, const char **number)
{
    const char *t = flat_line_text(fd, i);
    if (artefact[i] || !*t)
        return true;
    if (flat_has_colon(t))
        return true;
    char *k = text_key(&fd->ctx->variants, t, strlen(t));
    if (!k)
        return false;
    if (utf8_chars(t, strlen(t)) <= 2) {
        bool wrap = !flat_any_header_word(fd, k);
        free(k);
        return wrap;
    }
    const char *n = flat_caption_number(fd, k);
    if (n && !*number)
        *number = n;
    bool year = flat_year_caption(k);
    free(k);
    return n || year;
}

/* Where a table's body ends: a note, the empty-table marker, a part heading, another
 * title, a sentence (not in a form, whose cells hold sentences). open_form: a form before
 * its 总分, where a part's keyword alone on a line is a header word wrapped ("定性指标" /
 * "情况说明"), not a heading. */
bool flat_ends_region_in(const fdoc *fd, size_t i, bool form, bool open_form)
{
    const char *t = flat_line_text(fd, i);
    if (!*t)
        return false;
    if (strchr(fd->in.lines[i].text, '\t') || (!form && flat_has_full_stop(t)))
        return true;
    char *k = text_key(&fd->ctx->variants, t, strlen(t));
    char *tk = read_title_key(fd->ctx, t);
    bool standard = false;
    bool end = !k || !tk || flat_names_table(fd, tk, &standard) ||
               flat_key_has_any(k, &fd->ctx->defs.empty_markers) ||
               read_note_start(fd->ctx, t) || read_part_heading(fd->ctx, t);
    free(tk);
    if (!k)
        return true;
    /* 注：, 说明：, 备注： (in a form, a narrow cell's last characters "额:" are no note,
     * alone or before the row's numbers; before its 总分 neither are "金: 更", a label's
     * last characters beside a neighbour cell's wrapped word) */
    const char *colon = flat_find_colon(t);
    const char *after = colon ? colon + (*colon == ':' ? 1 : 3) : NULL;
    if (after)
        after += strspn(after, " ");
    /* (in a form, one character before the colon is a note's only when the vocabulary says
     * so, 注: : else it ends a word of a sentence cut in its narrow cell, 原 / 因:OA 办公…) */
    size_t before = colon ? utf8_chars(t, (size_t)(colon - t)) : 0;
    if (colon && before <= 2 && !open_form &&
        (!form || (*after && (*after < '0' || *after > '9') && (before == 2 || read_note_start(fd->ctx, t)))))
        end = true;
    bool digits = strpbrk(t, "0123456789") != NULL;
    /* a part's heading; in a form, a line of one word only (its header's words wrapped,
     * "值 情况说明 及改", are no heading) */
    for (size_t p = 0; p < fd->ctx->defs.nparts && !end && !open_form && (!form || !strchr(t, ' ')); p++)
        end = !digits && utf8_chars(t, strlen(t)) <= 24 &&
              flat_key_has_any(k, &fd->ctx->defs.parts[p].keywords);
    if (!form && !digits && utf8_chars(t, strlen(t)) > 60)
        end = true;
    free(k);
    return end;
}

static bool ends_region(const fdoc *fd, size_t i, bool form)
{
    return flat_ends_region_in(fd, i, form, false);
}

bool flat_ends_body(const fdoc *fd, size_t i)
{
    return ends_region(fd, i, false);
}

/* Does a line hold a row key of the table: a code, an amount, or a row's label? */
static bool body_like(const tab *t, const tokline *tl)
{
    for (int i = 0; i < tl->n; i++) {
        const ftok *k = &tl->t[i];
        if (k->kind == TK_NUM && k->dec.scale > 0)
            return true;
        for (int s = 0; s < t->nslots; s++) {
            const part_def *pd = t->slots[s].pd;
            if (flat_is_coded(pd) && k->integer && flat_plausible_code(t->fd, k->text, pd->axis) &&
                (i == 0 || i + 1 >= tl->n || tl->t[i + 1].kind == TK_TEXT))
                return true;
            if (i == 0 && flat_match_row_label(t, pd, tl, 0) > 0)
                return true;
        }
    }
    return false;
}

/* Every word of a text-only line begins, and does not end, a name of the code list of one
 * of the table's coded parts, and none is a header word: the wrapped first pieces of rows'
 * names. */
static bool begins_code_names(const tab *t, const tokline *tl)
{
    if (tl->n == 0)
        return false;
    for (int k = 0; k < tl->n; k++) {
        const ftok *w = &tl->t[k];
        hitem it;
        int len = w->kind == TK_TEXT ? flat_match_header(t, tl, k, &it) : 1;
        if (len != 0) {
            if (len > 0 && w->kind == TK_TEXT)
                free(it.text);
            return false;
        }
        bool begins = false;
        size_t n = strlen(w->key);
        for (int s = 0; s < t->nslots && !begins; s++) {
            const part_def *pd = t->slots[s].pd;
            if (!flat_is_coded(pd))
                continue;
            const code_list *cl = pd->axis == AXIS_ECONOMIC ? &t->fd->ctx->economic_codes
                                                            : &t->fd->ctx->function_codes;
            for (size_t i = 0; i < cl->count && !begins; i++)
                begins = cl->items[i].key && strlen(cl->items[i].key) > n &&
                         strncmp(cl->items[i].key, w->key, n) == 0;
        }
        if (!begins)
            return false;
    }
    return true;
}

/* Every token of the line is a header word of the table. */
static bool all_header(const tab *t, const tokline *tl)
{
    for (int k = 0; k < tl->n;) {
        hitem it;
        int len = flat_match_header(t, tl, k, &it);
        if (len <= 0)
            return false;
        free(it.text);
        k += len;
    }
    return tl->n > 0;
}

/* The pseudo grid of the lines after the captions, for choosing a definition by its
 * header words (recognise_pick). */
static const table_def *pick_def(fdoc *fd, const char *tkey, const char *number, size_t from,
                                 size_t end)
{
    src_line rows[4];
    const src_line *ptrs[4];
    src_cell cells[4][24];
    table_grid g = {ptrs, 0};
    memset(rows, 0, sizeof rows);
    memset(cells, 0, sizeof cells);
    for (size_t i = from; i < end && g.nrows < 4; i++) {
        if (!flat_tokenized(fd, i) || fd->toks[i].n == 0)
            continue;
        src_line *l = &rows[g.nrows];
        l->no = fd->in.lines[i].no;
        l->text = l->trimmed = fd->in.lines[i].trimmed;
        l->cells = cells[g.nrows];
        for (int k = 0; k < fd->toks[i].n && k < 24; k++)
            cells[g.nrows][l->ncells++].text = fd->toks[i].t[k].text;
        l->grid = true;
        ptrs[g.nrows++] = l;
    }
    const table_def *def = fd->set ? recognise_pick_in(fd->ctx, fd->set, tkey, number, &g) : NULL;
    return def ? def : recognise_pick(fd->ctx, tkey, number, &g, fd->prefer_variant);
}

/* The report's table set, from every standard table's title, the number printed in its
 * captions and the report's year, before any table is read: titles are shared between sets
 * (Sichuan prints 收入支出决算总表 with 行次 and no number, as the national set does, where
 * Shanghai's has neither), as assemble.c's flat_choose_set does for text in cells. */
void flat_choose_set(fdoc *fd)
{
    enum { MAX_TITLES = 64 };
    char *titles[MAX_TITLES] = {NULL};
    const char *numbers[MAX_TITLES] = {NULL};
    size_t n = 0;
    int year = 0;
    for (size_t i = 0; i < fd->in.count && n < MAX_TITLES; i++) {
        const src_line *l = &fd->in.lines[i];
        bool standard = false;
        char *k = l->ncells ? NULL : read_title_key(fd->ctx, l->trimmed);
        if (!k || !*k || !flat_names_table(fd, k, &standard) || !standard) {
            free(k);
            continue;
        }
        const char *number = NULL;
        for (size_t j = i + 1, seen = 0; j < fd->in.count && seen < MAX_CAPTION_LINES; j++) {
            const char *t = flat_line_text(fd, j);
            if (!*t)
                continue;
            seen++;
            char *ck = text_key(&fd->ctx->variants, t, strlen(t));
            const char *cn = ck ? flat_caption_number(fd, ck) : NULL;
            if (!number)
                number = cn;
            if (!year && ck && flat_year_caption(ck))
                year = atoi(ck);
            bool caption = ck && (cn || flat_year_caption(ck) || flat_has_colon(t));
            free(ck);
            if (!caption)
                break;
        }
        titles[n] = k;
        numbers[n++] = number;
    }
    fd->set = recognise_set(fd->ctx, (const char *const *)titles, numbers, n, year);
    for (size_t i = 0; i < n; i++)
        free(titles[i]);
}

/* Is line k a line of the header printed again (a continuation page)? It must equal a
 * header line and so must the printed line after it (or before it): the block repeats, not
 * one line that happens to read the same ("人员经费 公用经费" over the total row). */
static bool is_header_line(const tab *t, const char *text)
{
    const fdoc *fd = t->fd;
    if (t->has_colno && strcmp(text, flat_line_text(fd, t->colno_line)) == 0)
        return true;
    for (size_t h = t->hdr_first; h <= t->hdr_last; h++)
        if (strcmp(text, flat_line_text(fd, h)) == 0)
            return true;
    return false;
}

static bool repeats_header(const tab *t, size_t k, const bool *artefact)
{
    const fdoc *fd = t->fd;
    if (!is_header_line(t, flat_line_text(fd, k)))
        return false;
    if (t->hdr_first == t->hdr_last && !t->has_colno)
        return true;
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t j = k;
        while (j > t->body && j + 1 < t->end) {
            j = dir < 0 ? j - 1 : j + 1;
            if (!artefact[j] && *flat_line_text(fd, j))
                break;
        }
        if (j != k && !artefact[j] && *flat_line_text(fd, j) && is_header_line(t, flat_line_text(fd, j)))
            return true;
    }
    return false;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The words of lines [from, to] that have the role `role` (LR_BODY…), or of all when role
 * is negative, sorted; NULL when there are more than max or memory ran out. */
static const char **line_words(const tab *t, size_t from, size_t to, int role, int max,
                               int *n)
{
    const fdoc *fd = t->fd;
    const char **w = malloc((size_t)max * sizeof *w);
    *n = 0;
    for (size_t i = from; w && i <= to; i++) {
        if (role >= 0 && (int)fd->role[i] != role)
            continue;
        for (int k = 0; k < fd->toks[i].n; k++) {
            if (*n == max) {
                free(w);
                return NULL;
            }
            w[(*n)++] = fd->toks[i].t[k].text;
        }
    }
    if (w)
        qsort(w, (size_t)*n, sizeof *w, cmp_cstr);
    return w;
}

/* A header printed again over a continuation page with its words on other lines than at
 * first (a label centred in its cell, 合计 beside 一般公共预算财 at first and under it on
 * the next page, as a PDF without rulings sets them): the 栏次 line printed again, and the
 * as many lines before it as the header has, that hold the header's words, no more, no
 * fewer, are the header again. */
static void repeated_header_words(tab *t, size_t k, const bool *artefact)
{
    fdoc *fd = t->fd;
    size_t nh = t->hdr_last + 1 - t->hdr_first, got = 0, j = k;
    if (!t->has_colno || t->hdr_last < t->hdr_first || nh > 8 || fd->role[k] != LR_BODY ||
        strcmp(flat_line_text(fd, k), flat_line_text(fd, t->colno_line)) != 0)
        return;
    size_t lines[8];
    while (got < nh && j > t->body) {
        j--;
        if (artefact[j] || !*flat_line_text(fd, j))
            continue;
        if (fd->role[j] != LR_BODY)
            return;
        lines[got++] = j;
    }
    if (got < nh)
        return;
    enum { MAX_WORDS = 64 };
    int na = 0, nb = 0;
    const char **a = line_words(t, t->hdr_first, t->hdr_last, -1, MAX_WORDS, &na);
    const char **b = line_words(t, lines[nh - 1], k - 1, LR_BODY, MAX_WORDS, &nb);
    bool same = a && b && na == nb;
    for (int i = 0; same && i < na; i++)
        same = strcmp(a[i], b[i]) == 0;
    free(a);
    free(b);
    if (!same)
        return;
    fd->role[k] = LR_REPEAT;
    for (size_t i = 0; i < nh; i++)
        fd->role[lines[i]] = LR_REPEAT;
}

/* Marks the lines of the table titled at line `title`: captions, header, 栏次, body,
 * artefacts, repeated headers. False when it is no table of the definitions. */
/* Whether a word begins the code-list name of a code on a line (economic or functional,
 * as the table's parts are coded). */
static bool begins_name_on(const tab *t, const tokline *row, const ftok *word)
{
    const gfa_context *ctx = t->fd->ctx;
    for (int i = 0; i < row->n; i++) {
        const ftok *k = &row->t[i];
        for (int s = 0; k->integer && s < t->nslots; s++) {
            const part_def *pd = t->slots[s].pd;
            if (!flat_is_coded(pd) || !flat_plausible_code(t->fd, k->text, pd->axis))
                continue;
            const code_entry *e = code_list_find(pd->axis == AXIS_FUNCTION ? &ctx->function_codes
                                                                           : &ctx->economic_codes,
                                                 k->text);
            if (e && e->key && str_starts(e->key, word->key))
                return true;
        }
    }
    return false;
}

#define FIRST_ROW_LINES 3 /* lines a first printed row's codes may stand on */

/* A name wrapped above the first row's line ("商品和服 债务利息及 地上附着物和青" over "301
 * 工资福利支出 682.58 302 81.04 307 31011"): lines between the header and the first row
 * whose words each begin the code-list name of a code on the row's lines (its cells' codes
 * may stand a line or two apart: "301 … 302 商品和服" / "务支出 81.04 307 及费用支 …") are
 * the row's, not the header's; a dash among the words is a cell's "——" wrapped in halves
 * beside them ("商品和服务支 资本性支出(基 — 其他支"). */
static void first_row_tops(tab *t)
{
    fdoc *fd = t->fd;
    if (t->has_colno || t->body <= t->first || t->body >= t->end)
        return;
    size_t body = t->body;
    for (size_t k = body; k-- > t->first;) {
        if (fd->role[k] == LR_ARTEFACT || !*flat_line_text(fd, k))
            continue;
        const tokline *tl = &fd->toks[k];
        bool tops = fd->role[k] == LR_HEADER && tl->n > 0;
        int words = 0;
        for (int i = 0; i < tl->n && tops; i++) {
            if (tl->t[i].kind == TK_NA)
                continue; /* a cell's dash beside the names (no header word is one) */
            bool begins = false;
            for (size_t r = body; r < t->end && r < body + FIRST_ROW_LINES && !begins; r++)
                begins = fd->role[r] == LR_BODY && begins_name_on(t, &fd->toks[r], &tl->t[i]);
            tops = tl->t[i].kind == TK_TEXT && begins;
            words++;
        }
        if (!tops || words == 0)
            break;
        fd->role[k] = LR_BODY;
        t->body = k;
    }
    bool any = false;
    for (size_t k = t->hdr_first; k < t->body; k++)
        if (fd->role[k] == LR_HEADER) {
            t->hdr_last = k;
            any = true;
        }
    if (!any)
        t->hdr_last = t->hdr_first - 1;
}

/* The header's last line: the last header line above line `below`. */
static void header_ends_above(tab *t, size_t below)
{
    bool any = false;
    for (size_t k = t->hdr_first; k < below; k++)
        if (t->fd->role[k] == LR_HEADER) {
            t->hdr_last = k;
            any = true;
        }
    if (!any)
        t->hdr_last = t->hdr_first - 1;
}

/* Does a line begin with a label begun with its row's own ordinal (一、一般公共预算 begins
 * 一、一般公共预算财政拨款), in some part? No header word has an ordinal. */
static bool begins_ordered_row(const tab *t, const tokline *tl)
{
    for (int s = 0; s < t->nslots; s++)
        if (flat_begins_row_ordered(t, t->slots[s].pd, tl, 0) == 2)
            return true;
    return false;
}

#define MAX_HEADER_LINES 16

/* A repeated header is the header's lines again, in order, and no more: a line after them
 * that prints like one of its lines is the body's (a label's last line carried over a page
 * break, under the repeated header: "一、一般公共预算财 188.98" / header again / "政拨款",
 * the header's own last line also "政拨款"). */
static void repeat_ends_with_header(tab *t)
{
    fdoc *fd = t->fd;
    size_t head[MAX_HEADER_LINES];
    size_t nh = 0;
    if (t->has_colno)
        return;
    for (size_t k = t->hdr_first; k <= t->hdr_last && k < t->end; k++)
        if (fd->role[k] == LR_HEADER && *flat_line_text(fd, k)) {
            if (nh == MAX_HEADER_LINES)
                return;
            head[nh++] = k;
        }
    if (nh < 2)
        return;
    for (size_t k = t->body; k < t->end; k++) {
        if (fd->role[k] != LR_REPEAT || (k > t->body && fd->role[k - 1] == LR_REPEAT))
            continue;
        size_t got = 0, j = k;
        for (; j < t->end; j++) {
            if (fd->role[j] == LR_ARTEFACT || !*flat_line_text(fd, j))
                continue;
            if (fd->role[j] != LR_REPEAT)
                break;
            if (got == nh && strcmp(flat_line_text(fd, j), flat_line_text(fd, head[0])) == 0)
                got = 0; /* the header once more */
            if (got < nh) {
                if (strcmp(flat_line_text(fd, j), flat_line_text(fd, head[got])) != 0)
                    break;
                got++;
            } else {
                fd->role[j] = LR_BODY;
            }
        }
    }
}

#define LABEL_ABOVE_LINES 3 /* lines a first row's label, wrapped whole above its values, spans */

/* The first row's label printed whole, wrapped, between the header and the line of its
 * values (pdftotext -raw of a narrow page prints a tall row's cells in turn: "一般公共预算财"
 * / "政拨款" (header) / "一、一般公共预算财" / "政拨款" / "16,010.81 一、一般公共服务支出
 * 7,434.56 7,434.56"): having no amount, its lines were taken for the header's. When the
 * header's last lines, the first begun with an ordinal, name together a row whose ordinal
 * it is (no header word has one), they are the row's: read at the beginning of its values'
 * line, which begins with an amount; before the body's lines are told from repeated headers
 * (a later row's label may print like these lines). */
static bool label_above_first_values(tab *t)
{
    fdoc *fd = t->fd;
    size_t v = t->body;
    while (v < t->end && (fd->role[v] == LR_ARTEFACT || !*flat_line_text(fd, v)))
        v++;
    if (t->has_colno || v >= t->end || t->hdr_first > t->hdr_last)
        return true;
    tokline *tv = &fd->toks[v];
    if (tv->n == 0 || tv->t[0].kind != TK_NUM || tv->t[0].integer || tv->t[0].used)
        return true;
    size_t lines[LABEL_ABOVE_LINES];
    int nl = 0;
    for (size_t k = v; k-- > t->hdr_first && nl < LABEL_ABOVE_LINES;) {
        if (fd->role[k] == LR_ARTEFACT || !*flat_line_text(fd, k))
            continue;
        if (fd->role[k] != LR_HEADER || fd->toks[k].n == 0 || !flat_text_only(&fd->toks[k]))
            break;
        lines[nl++] = k;
    }
    /* the fewest lines from the top whose words name a row with its own ordinal */
    int top = -1;
    for (int n = 1; n <= nl && top < 0; n++) {
        strbuf key;
        sb_init(&key);
        for (int j = n - 1; j >= 0; j--) {
            char *k = flat_key_range(&fd->toks[lines[j]], 0, fd->toks[lines[j]].n);
            if (k)
                sb_adds(&key, k);
            free(k);
        }
        char *ord = NULL;
        const char *rest = key.len ? text_strip_ordinal(key.data, &ord) : "";
        for (int s = 0; ord && *rest && s < t->nslots && top < 0; s++)
            if (flat_row_fit(t, t->slots[s].pd, rest, ord) == FIT_NAMES_ORD)
                top = n - 1;
        free(ord);
        sb_free(&key);
    }
    if (top < 0 && nl > 0 && lines[0] != t->hdr_first && begins_ordered_row(t, &fd->toks[lines[0]])) {
        /* the label's first line only, its last below the values (two labels side by side
         * wrapped around their row's line: "一、一般公共预算 一、一般公共服务支" / "16,010.81
         * 7,434.56 7,434.56" / "财政拨款 出"): a line of the body, read with those around */
        fd->role[lines[0]] = LR_BODY;
        t->body = lines[0];
        header_ends_above(t, lines[0]);
        return true;
    }
    if (top < 0 || lines[top] == t->hdr_first)
        return true; /* the header keeps a line at least */
    for (int j = 0; j <= top; j++) {
        tokline *tl = &fd->toks[lines[j]];
        for (int k = tl->n - 1; k >= 0; k--) {
            const ftok *x = &tl->t[k];
            if (x->used)
                continue;
            if (!flat_tok_insert(&fd->ctx->vocab, tv, 0, x->text, strlen(x->text), x->pos))
                return false;
            tl->t[k].used = true;
        }
        fd->role[lines[j]] = LR_BODY; /* its words all used: consumed, read on line v */
    }
    t->body = lines[top];
    header_ends_above(t, lines[top]);
    return true;
}

static bool find_table(tab *t, const bool *artefact)
{
    fdoc *fd = t->fd;
    size_t n = fd->in.count, i = t->title + 1;
    const char *number = NULL;
    for (int seen = 0; i < n && seen < MAX_CAPTION_LINES && is_caption(fd, i, artefact, &number); i++)
        seen += *flat_line_text(fd, i) != '\0';
    char *tkey = read_title_key(fd->ctx, flat_line_text(fd, t->title));
    if (!tkey)
        return false;
    size_t end = i;
    while (end < n && !flat_ends_body(fd, end))
        end++;
    while (end > i && !*flat_line_text(fd, end - 1))
        end--;
    t->def = pick_def(fd, tkey, number, i, end);
    free(tkey);
    if (!t->def || t->def->kind != TABLE_STANDARD || end == i || fd->nomem)
        return false;
    for (size_t k = i; k < end; k++) {
        if (!flat_tokenized(fd, k))
            return false;
        if (fd->toks[k].too_long) /* no table has rows this long: the table ends */
            end = k;
    }
    if (end == i)
        return false;
    t->first = i;
    t->end = end;
    if (!flat_layout_slots(t))
        return false;
    /* the header: up to the 栏次 row when there is one before the first row, else up to the
     * first line with a row's key */
    size_t colno = end;
    for (size_t k = i; k < end && k < i + 16; k++) {
        if (artefact[k] || !*flat_line_text(fd, k))
            continue;
        if (flat_is_colno_line(fd, &fd->toks[k])) {
            colno = k;
            break;
        }
        if (body_like(t, &fd->toks[k]) && !all_header(t, &fd->toks[k]))
            break;
    }
    t->hdr_first = i;
    bool any_header = false;
    size_t k = i;
    for (; k < end; k++) {
        if (artefact[k] || !*flat_line_text(fd, k)) {
            fd->role[k] = artefact[k] ? LR_ARTEFACT : LR_TEXT;
            continue;
        }
        if (k == colno) {
            fd->role[k] = LR_COLNO;
            t->colno_line = k;
            t->has_colno = true;
            k++;
            break;
        }
        if (colno == end && body_like(t, &fd->toks[k]) && !all_header(t, &fd->toks[k]))
            break;
        fd->role[k] = LR_HEADER;
        if (!any_header)
            t->hdr_first = k;
        t->hdr_last = k;
        any_header = true;
    }
    if (!any_header)
        t->hdr_last = t->hdr_first - 1;
    t->body = k;
    size_t below_header = k;
    /* the first rows' names wrapped in their narrow cells, their first pieces printed above
     * the line of their codes ("商品和服务支 资本性支出(基 其他支" over "301 工资福利支出 59.00
     * 302"): a text-only line ending the header whose words are no header words and each
     * begins a name of the code list of a coded part is the body's */
    while (!t->has_colno && t->hdr_last >= t->hdr_first && t->hdr_last + 1 == t->body &&
           fd->role[t->hdr_last] == LR_HEADER && begins_code_names(t, &fd->toks[t->hdr_last])) {
        fd->role[t->hdr_last] = LR_BODY;
        t->body = t->hdr_last--;
    }
    if (!label_above_first_values(t)) {
        fd->nomem = true;
        return false;
    }
    for (k = t->body; k < end; k++) {
        if (k < below_header)
            continue; /* the first row's label (label_above_first_values): its role is set */
        const char *text = flat_line_text(fd, k);
        if (artefact[k]) {
            fd->role[k] = LR_ARTEFACT;
            continue;
        }
        if (!*text) {
            fd->role[k] = LR_TEXT;
            continue;
        }
        fd->role[k] = LR_BODY;
        if (any_header ? repeats_header(t, k, artefact)
                       : !body_like(t, &fd->toks[k]) && all_header(t, &fd->toks[k]))
            fd->role[k] = LR_REPEAT;
    }
    repeat_ends_with_header(t);
    for (k = t->body + 1; k < end; k++)
        repeated_header_words(t, k, artefact);
    /* … or after it: a print's repeated title rows may take the table's first rows with
     * its header (a spreadsheet's rows to repeat: 项目 行次 统计数 / 合计 1 10.20 / 货物 2
     * 10.20 … again over the next page's rows): the lines right after a repeated header
     * line that print, in order, like the lines after its first print are the repeat too */
    for (k = t->body; k < end; k++) {
        if (fd->role[k] != LR_REPEAT)
            continue;
        size_t e = t->hdr_first;
        while (e < k && strcmp(flat_line_text(fd, e), flat_line_text(fd, k)) != 0)
            e++;
        size_t j = k + 1;
        for (e++; e < k;) {
            while (j < end && (artefact[j] || !*flat_line_text(fd, j)))
                j++;
            while (e < k && (artefact[e] || !*flat_line_text(fd, e)))
                e++;
            if (j >= end || e >= k || (fd->role[j] != LR_BODY && fd->role[j] != LR_REPEAT) ||
                strcmp(flat_line_text(fd, j), flat_line_text(fd, e)) != 0)
                break;
            fd->role[j++] = LR_REPEAT;
            e++;
        }
    }
    /* a continuation page may repeat the table's first rows with its header (公开10's
     * 一、政府采购情况 over 项目 行次 统计数): a line just before a repeated header that reads
     * like an earlier row of the table is part of the repeat, if it holds a row's key (a
     * wrapped name's last word, 出 under …债务付息支, may read like another's) */
    for (k = t->body + 1; k < end; k++) {
        size_t j = k - 1;
        while (j > t->body && (artefact[j] || !*flat_line_text(fd, j)))
            j--;
        if (fd->role[k] != LR_REPEAT || fd->role[j] != LR_BODY || !body_like(t, &fd->toks[j]))
            continue;
        for (size_t e = t->body; e < j; e++)
            if (fd->role[e] == LR_BODY && strcmp(flat_line_text(fd, e), flat_line_text(fd, j)) == 0) {
                fd->role[j] = LR_REPEAT;
                break;
            }
    }
    first_row_tops(t);
    return true;
}

/* Does a line begin with the label of a row printed beside the header's lowest cells, the
 * label again among them (the Shanghai template's 合计 row, level with the 合计 / 基本支出 /
 * 项目支出 under 本年支出: "合计 合计 基本支出 项目支出"), its other words all header words
 * (its numbers, if any, the row's)? A header prints no label twice on a line, so the first
 * is the row's. */
static bool beside_header_line(const tab *t, size_t line)
{
    const tokline *tl = &t->fd->toks[line];
    if (tl->n < 3 || tl->t[0].kind != TK_TEXT)
        return false;
    bool again = false;
    int words = 0;
    for (int k = 1; k < tl->n;) {
        if (tl->t[k].kind != TK_TEXT) {
            k++;
            continue;
        }
        again |= strcmp(tl->t[k].key, tl->t[0].key) == 0;
        hitem it;
        int len = flat_match_header(t, tl, k, &it);
        if (len <= 0)
            return false;
        free(it.text);
        words++;
        k += len;
    }
    for (int s = 0; again && words >= 2 && s < t->nslots; s++)
        if (flat_match_row_label(t, t->slots[s].pd, tl, 0) == 1)
            return true;
    return false;
}

/* Is the header's last line, or the body's first when its numbers made it a body line, a
 * row beside the header (beside_header_line)? Makes it the header's last line. */
static bool row_beside_header(tab *t)
{
    fdoc *fd = t->fd;
    if (t->hdr_first <= t->hdr_last && fd->role[t->hdr_last] == LR_HEADER &&
        beside_header_line(t, t->hdr_last))
        return true;
    size_t k = t->body;
    while (k < t->end && fd->role[k] != LR_BODY)
        k++;
    if (k >= t->end || !beside_header_line(t, k))
        return false;
    for (size_t j = t->hdr_last + 1; t->hdr_first <= t->hdr_last && j < k; j++)
        if (fd->role[j] != LR_ARTEFACT && *flat_line_text(fd, j))
            return false; /* not right under the header */
    fd->role[k] = LR_HEADER;
    if (t->hdr_first > t->hdr_last)
        t->hdr_first = k;
    t->hdr_last = k;
    return true;
}

/* The row of row_beside_header: read from the line's first word and its numbers, the
 * words after it being the header's. */
static bool parse_row_on_header(tab *t)
{
    tokline *tl = &t->fd->toks[t->hdr_last];
    bool *taken = calloc((size_t)tl->n, sizeof *taken);
    if (!taken)
        return false;
    for (int k = 1; k < tl->n; k++) {
        taken[k] = tl->t[k].used;
        tl->t[k].used |= tl->t[k].kind == TK_TEXT;
    }
    bool keys;
    bool ok = flat_parse_line(t, t->hdr_last, &keys);
    for (int k = 1; k < tl->n; k++)
        tl->t[k].used = taken[k];
    free(taken);
    return ok;
}

/* Emits the header rows: where the header was printed, again where it is repeated, or
 * from the definition before the first row when none was printed. */
static bool emit_header(tab *t)
{
    fdoc *fd = t->fd;
    bool printed = t->hdr_first <= t->hdr_last;
    if (printed) {
        if (!flat_attach_copy(fd, t->hdr_first, t->hdr_top) || !flat_attach_copy(fd, t->hdr_first, t->hdr_mid) ||
            !flat_attach_copy(fd, t->hdr_last, t->hdr_main))
            return false;
    }
    if (t->has_colno && !flat_attach_copy(fd, t->colno_line, t->hdr_colno))
        return false;
    bool inline_header = false;
    for (size_t k = t->body; k < t->end; k++) {
        if (fd->role[k] != LR_REPEAT)
            continue;
        const char *text = flat_line_text(fd, k);
        bool first = printed && strcmp(text, flat_line_text(fd, t->hdr_first)) == 0;
        bool last = printed && strcmp(text, flat_line_text(fd, t->hdr_last)) == 0;
        bool colno = t->has_colno && strcmp(text, flat_line_text(fd, t->colno_line)) == 0;
        bool ok = true;
        if (first)
            ok = flat_attach_copy(fd, k, t->hdr_top) && flat_attach_copy(fd, k, t->hdr_mid);
        if (ok && last)
            ok = flat_attach_copy(fd, k, t->hdr_main);
        if (ok && colno)
            ok = flat_attach_copy(fd, k, t->hdr_colno);
        if (ok && !first && !last && !colno && !printed) {
            ok = flat_emit_inline_header(t, k);
            inline_header = true;
        }
        if (!ok)
            return false;
    }
    if (!printed && !inline_header && t->body < t->end) {
        size_t at = t->body;
        while (at < t->end && fd->role[at] != LR_BODY)
            at++;
        if (at < t->end) {
            /* before the row's own grid rows: they are attached after this */
            if (!flat_attach_copy(fd, at, t->hdr_top) || !flat_attach_copy(fd, at, t->hdr_mid) ||
                !flat_attach_copy(fd, at, t->hdr_main))
                return false;
            diag_add(fd->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-080", fd->file,
                     fd->in.lines[at].no, 1,
                     "table %s: no header is printed; the definition's columns are used",
                     t->def->id);
        }
    }
    return true;
}

/* A form's title wrapped before its last word ("…绩效自" / "评表"): the line names no
 * table, but with the next one (a few characters, no digit) it names a form. The title is
 * joined on line i and the tail's line left blank. */
bool flat_join_wrapped_title(fdoc *fd, size_t i)
{
    if (i + 1 >= fd->in.count || fd->in.lines[i + 1].ncells || fd->role[i + 1] != LR_TEXT)
        return false;
    src_line *l = &fd->in.lines[i], *tail = &fd->in.lines[i + 1];
    size_t n = strlen(tail->trimmed);
    if (!n || utf8_chars(tail->trimmed, n) > 8 || strpbrk(tail->trimmed, "0123456789 ") ||
        flat_has_full_stop(l->trimmed))
        return false;
    char *joined = NULL;
    if (asprintf(&joined, "%s%s", l->trimmed, tail->trimmed) < 0)
        return false;
    char *k = read_title_key(fd->ctx, joined);
    bool standard = true, form = k && *k && flat_names_table(fd, k, &standard) && !standard;
    free(k);
    if (!form) {
        free(joined);
        return false;
    }
    free(l->trimmed);
    l->trimmed = joined;
    tail->trimmed[0] = '\0';
    return true;
}


/* A 项目支出绩效自评表 in flattened text: its lines become grid rows of their words (the form
 * reader, perf.c, finds its fields by their labels and keeps every cell), from after its
 * captions up to its 备注, the next title or part. */
bool flat_read_form(fdoc *fd, size_t title, bool tail_joined, size_t *next)
{
    size_t i = title + 1, n = fd->in.count;
    /* a long title wrapped: its beginning on the line before (no sentence, no caption) is
     * joined to it, so that the form keeps its title (unless its end was joined to it: the
     * title begins on its own line) */
    if (title > 0 && !tail_joined && !fd->consumed[title - 1] && fd->role[title - 1] == LR_TEXT) {
        src_line *prev = &fd->in.lines[title - 1], *l = &fd->in.lines[title];
        const char *p = prev->trimmed;
        if (*p && !flat_has_full_stop(p) && !flat_has_colon(p) && utf8_chars(p, strlen(p)) <= 60 &&
            !ends_region(fd, title - 1, true)) {
            char *joined = NULL;
            if (asprintf(&joined, "%s%s", p, l->trimmed) < 0)
                return false;
            free(l->trimmed);
            l->trimmed = joined;
            fd->consumed[title - 1] = true;
        }
    }
    /* captions: "(2024年度)", or its words a line each as a turned page gives them
     * ("(2024" / "年度)"): a caption's end closes the bracket the line before left open */
    const char *opened = fd->in.lines[title].trimmed;
    size_t open_at = title;
    for (; i < n; i++) {
        const char *t = flat_line_text(fd, i);
        char *k = *t ? text_key(&fd->ctx->variants, t, strlen(t)) : NULL;
        bool tail = *t && read_title_tail(opened, t);
        if (tail && open_at > title) { /* the caption's end joins its beginning's line */
            free(k);
            if (!flat_insert_late(fd, i, open_at, strlen(fd->in.lines[open_at].trimmed)))
                return false;
            opened = "";
            continue;
        }
        bool caption = !*t || fd->role[i] == LR_ARTEFACT || tail ||
                       (k && k[0] == '(' && strpbrk(k, "0123456789") && utf8_chars(t, strlen(t)) <= 20);
        free(k);
        if (!caption)
            break;
        fd->consumed[i] = fd->role[i] == LR_ARTEFACT;
        if (*t) {
            opened = t;
            open_at = i;
        }
    }
    const table_def *def = flat_form_def(fd, fd->in.lines[title].trimmed);
    const form_field *total = def ? table_def_field(def, "total_score") : NULL;
    bool open = total != NULL;
    size_t end = i;
    for (; end < n && !flat_ends_region_in(fd, end, true, open); end++)
        if (open && flat_first_word_is(fd->ctx, flat_line_text(fd, end), &total->labels))
            open = false;
    for (size_t k = i; k < end; k++) {
        if (fd->role[k] == LR_ARTEFACT || !*flat_line_text(fd, k)) {
            fd->consumed[k] = fd->role[k] == LR_ARTEFACT;
            continue;
        }
        /* words separated by white space are the cells (no cut between digits and ideographs:
         * "≥8个" is one value) */
        const char *p = fd->in.lines[k].trimmed, *start;
        long col = 1 + flat_leading_chars(fd->in.lines[k].text), word_col = 0;
        int ncells = 0;
        gridrow *g = flat_gridrow_new(MAX_LINE_TOKENS);
        if (!g)
            return false;
        while (ncells < MAX_LINE_TOKENS && (start = flat_next_word(&p, &col, false, &word_col))) {
            char *cell = xstrndup(start, (size_t)(p - start));
            if (!cell) {
                flat_gridrow_free(g);
                return false;
            }
            g->cells[ncells].text = cell;
            g->cells[ncells++].pos = word_col;
        }
        g->ncells = ncells > 1 ? ncells : 2; /* a grid line has cells */
        if (!flat_attach(fd, k, g))
            return false;
        fd->consumed[k] = true;
    }
    *next = end > title ? end : title + 1;
    return true;
}

/* Reads one table region into grid rows. */
bool flat_read_table(fdoc *fd, size_t title, size_t *next)
{
    tab *t = calloc(1, sizeof *t);
    if (!t)
        return false;
    t->fd = fd;
    t->title = title;
    t->seen = strmap_new();
    t->cur = -1;
    t->row_slot = -1;
    t->alone_slot = -1;
    bool artefact_ok = true;
    bool *artefact = calloc(fd->in.count + 1, sizeof *artefact);
    if (!artefact)
        artefact_ok = false;
    else
        for (size_t i = 0; i < fd->in.count; i++)
            artefact[i] = fd->role[i] == LR_ARTEFACT;
    bool ok = artefact_ok && t->seen;
    if (ok && !find_table(t, artefact)) {
        *next = title + 1;
        for (size_t i = title + 1; i < fd->in.count; i++) /* undo what was marked */
            if (fd->role[i] != LR_ARTEFACT)
                fd->role[i] = LR_TEXT;
        free(artefact);
        flat_tab_free(t);
        free(t);
        return !fd->nomem;
    }
    t->row_on_header = ok && row_beside_header(t);
    if (t->row_on_header) /* its line is the body's first too (a header line: flat_parse_line skips it) */
        t->body = t->hdr_last;
    ok = ok && flat_build_header(t) && (!t->has_colno || flat_build_colno(t, t->colno_line));
    if (ok && t->row_on_header)
        ok = parse_row_on_header(t);
    for (size_t k = t->body; ok && k < t->end; k++)
        if (fd->role[k] == LR_BODY && flat_is_coded(t->slots[0].pd))
            ok = flat_split_glued(t, k);
    ok = ok && flat_join_wrapped(t) && flat_join_stacked_dashes(t) && flat_join_wrapped_dashes(t) &&
         flat_label_around_values(t) && flat_label_begun_above(t) && flat_label_wrapped_below(t);
    /* rows by their keys; lines without keys afterwards, with their neighbours */
    size_t *loose = calloc(t->end - t->body + 1, sizeof *loose);
    size_t nloose = 0;
    ok = ok && loose;
    for (size_t k = t->body; ok && k < t->end; k++) {
        if (fd->role[k] != LR_BODY)
            continue;
        bool keys;
        ok = flat_parse_line(t, k, &keys);
        if (ok && !keys && flat_has_free_tokens(&fd->toks[k]))
            loose[nloose++] = k;
    }
    /* the last chunk before each line, for the lines that continue it; the chunks made
     * below for rows named around a line of values come after all of them */
    int *last_before = ok ? calloc(t->end - t->body + 1, sizeof *last_before) : NULL;
    ok = ok && last_before;
    for (size_t k = t->body, c = 0; ok && k <= t->end; k++) {
        int last = k > t->body ? last_before[k - 1 - t->body] : -1;
        while (c < (size_t)t->nch && t->ch[c].line < k)
            last = (int)c++;
        last_before[k - t->body] = last;
    }
    int band_last = -1;
    for (size_t j = 0; ok && j < nloose; j++) {
        size_t k = loose[j];
        if (flat_text_only(&fd->toks[k]) || !flat_has_free_tokens(&fd->toks[k]))
            continue;
        int before_nch = t->nch;
        bool made, parted;
        ok = flat_values_under_labels(t, k, &parted);
        if (ok && parted)
            continue;
        ok = ok && flat_label_band(t, k, &made);
        if (ok && made) {
            band_last = t->nch - 1;
        } else if (ok && before_nch == t->nch) {
            int c = last_before[k - t->body];
            if (band_last >= 0 && t->ch[band_last].line < k &&
                (c < 0 || t->ch[band_last].line >= t->ch[c].line))
                c = band_last;
            ok = flat_continue_into(t, k, c);
            if (ok && t->nch > before_nch) /* a row of its own: later lines continue it */
                band_last = t->nch - 1;
        }
    }
    free(last_before);
    free(loose);
    ok = ok && flat_share_fragments(t) && flat_rebuild_names(t) && flat_reattach_dashes(t) &&
         flat_place_table(t) && flat_remember_fixed(t) && emit_header(t);
    for (int c = 0; ok && c < t->nch;) { /* a printed row's chunks are consecutive */
        int e = c + 1;
        while (e < t->nch && t->ch[e].row == t->ch[c].row)
            e++;
        ok = flat_emit_row(t, c, e);
        c = e;
    }
    for (size_t k = t->title + 1; ok && k < t->end; k++)
        fd->consumed[k] = k >= t->first ? fd->role[k] != LR_TEXT : fd->role[k] == LR_ARTEFACT;
    if (ok)
        fd->prefer_variant = t->def->variant;
    *next = t->end > title ? t->end : title + 1;
    free(artefact);
    flat_tab_free(t);
    free(t);
    return ok;
}
