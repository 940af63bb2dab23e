/* flat_rows.c — the body of a flattened table (read_flat.c, stage 3): a line's tokens split
 * at codes, row labels and 行次 into chunks, one per printed row; amounts glued to codes split
 * off, amounts and dashes wrapped over two lines joined, labels wrapped around their values. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------- body --- */

/* A 3/5/7-digit code (economic: 3/5) of a known class: a row's key, not an amount. */
bool flat_plausible_code(const fdoc *fd, const char *text, axis_kind axis)
{
    if (!is_code(text, axis))
        return false;
    char cls[4] = {text[0], text[1], text[2], '\0'};
    if (axis == AXIS_FUNCTION)
        return code_list_find(&fd->ctx->function_classes, cls) != NULL ||
               code_list_find(&fd->ctx->function_codes, cls) != NULL;
    return code_list_find(&fd->ctx->economic_codes, cls) != NULL;
}

/* Compares two codes of different lengths as positions in the classification
 * (301 < 30101 < 30199 < 302). */
static int code_cmp(const char *a, const char *b)
{
    char x[8], y[8];
    snprintf(x, sizeof x, "%-7s", a);
    snprintf(y, sizeof y, "%-7s", b);
    for (int i = 0; i < 7; i++) {
        char p = x[i] == ' ' ? '0' : x[i], q = y[i] == ' ' ? '0' : y[i];
        if (p != q)
            return p < q ? -1 : 1;
    }
    return (int)strlen(a) - (int)strlen(b);
}

static bool chunk_full(const tab *t, int c)
{
    return c >= 0 && t->ch[c].nvals >= t->slots[t->ch[c].slot].ncols;
}

/* Which row of a part a label names: the definition's rows, or a 功能分类 class where the
 * part allows them. */
bool flat_names_row(const tab *t, const part_def *pd, const char *lkey)
{
    if (!*lkey)
        return false;
    for (size_t r = 0; r < pd->nrows; r++)
        if (label_set_has(&pd->rows[r].labels, lkey))
            return true;
    return pd->classes && code_list_find_name(&t->fd->ctx->function_classes, lkey) != NULL;
}

static int fit_one(const char *label, const char *row_ord, const char *key, const char *ord)
{
    if (ord && row_ord && strcmp(ord, row_ord) != 0)
        return FIT_NONE;
    bool confirmed = ord && row_ord;
    if (strcmp(label, key) == 0)
        return confirmed ? FIT_NAMES_ORD : FIT_NAMES;
    if (str_starts(label, key))
        return confirmed ? FIT_BEGINS_ORD : FIT_BEGINS;
    return FIT_NONE;
}

int flat_row_fit(const tab *t, const part_def *pd, const char *key, const char *ord)
{
    int fit = FIT_NONE;
    for (size_t r = 0; r < pd->nrows; r++)
        for (size_t k = 0; k < pd->rows[r].labels.count; k++) {
            int f = fit_one(pd->rows[r].labels.keys[k], pd->rows[r].ordinal, key, ord);
            fit = f > fit ? f : fit;
        }
    const code_list *cl = &t->fd->ctx->function_classes;
    for (size_t i = 0; pd->classes && i < cl->count; i++)
        if (cl->items[i].key) {
            int f = fit_one(cl->items[i].key, cl->items[i].ordinal, key, ord);
            fit = f > fit ? f : fit;
        }
    return fit;
}

/* The longest run of tokens from i naming a row of the part: its length, 0 when none. */
int flat_match_row_label(const tab *t, const part_def *pd, const tokline *tl, int i)
{
    if (i >= tl->n || tl->t[i].kind != TK_TEXT || tl->t[i].used)
        return 0;
    int max = tl->n - i < MAX_LABEL_TOKENS ? tl->n - i : MAX_LABEL_TOKENS;
    for (int len = max; len > 0; len--) {
        bool clean = true;
        for (int k = i; k < i + len && clean; k++)
            clean = !tl->t[k].used && !tl->t[k].floating;
        if (!clean)
            continue;
        char *k = flat_key_range(tl, i, i + len);
        bool hit = k && flat_names_row(t, pd, flat_unordered(k));
        free(k);
        if (hit)
            return len;
    }
    return 0;
}

/* How surely the text at token i, printed after an ordinal, begins a row of the part whose
 * name was cut at the cell's edge and ends on the next line (二十二、灾害防治及应急管理支 /
 * 出): 2 with the row's own ordinal, 1 with another (a set that numbers its classes its own
 * way: Shanghai's 二十四、抗疫特别国债安排的支出 is the national 二十六), else 0. The ordinal
 * makes it a row of its own rather than the wrapped end of the row before. */
int flat_begins_row_ordered(const tab *t, const part_def *pd, const tokline *tl, int i)
{
    const ftok *k = &tl->t[i];
    if (k->kind != TK_TEXT || k->used || k->floating)
        return 0;
    char *ord = NULL;
    const char *rest = text_strip_ordinal(k->key, &ord);
    int sure = 0;
    if (ord && *rest)
        sure = flat_row_fit(t, pd, rest, ord) == FIT_BEGINS_ORD ? 2
               : flat_row_fit(t, pd, rest, NULL) == FIT_BEGINS  ? 1
                                                           : 0;
    free(ord);
    return sure;
}

/* A 行次 of slot s at token i: the next in its sequence (a few skipped after a label; any
 * number of them when an amount follows it: a report that leaves out rows it has nothing
 * in, `本年收入合计 27 100.00` after `四、上级补助收入 4`), or any small number while the
 * sequence is unknown. In a report whose amounts carry decimals a small whole number
 * followed by an amount is a 行次 past the next even where no label stands before it (the
 * row's label wrapped onto the lines above: `八、社会保障和就业支` / `出` / `40 20.00`), as
 * is one right after the 行次 of a row of another part that has no amount yet (in a raw
 * text, `40 20.00 20.00` on a line of its own after `2` and the wrapped label) when an
 * amount printed as the table's amounts are follows it. */
static bool lineno_at(const tab *t, int s, const tokline *tl, int i, bool after_label,
                      bool *exact)
{
    *exact = false;
    if (i >= tl->n || !tl->t[i].integer || tl->t[i].used || flat_role_index(t->slots[s].pd, ROLE_LINENO) < 0)
        return false;
    long v = strtol(tl->t[i].text, NULL, 10);
    long want = t->slots[s].expect;
    *exact = v == want;
    if (want < 0)
        return v >= 1 && v <= 999;
    bool amount_next = i + 1 < tl->n && tl->t[i + 1].kind == TK_NUM && !tl->t[i + 1].used;
    if (v == want || (after_label && v > want && (v <= want + 3 || amount_next)))
        return true;
    /* a whole number before an amount with decimals, where amounts are printed with them:
     * a later 行次 whose label wrapped onto the lines around (八、社会保障和就业支 / `2 40
     * 20.00 20.00` / 出), or right after another part's 行次 that has no amount yet (a raw
     * text's `40 20.00 20.00` after `2`), not an amount */
    bool decimals_next = amount_next && tl->t[i + 1].dec.scale > 0 && t->fd->precision > 0;
    if (!after_label && v > want && decimals_next)
        return true;
    /* past the next without a label: amounts here print decimals, and of the parts side by
     * side it continues this one's sequence the nearest (none of them still unknown) */
    if (after_label || v <= want || t->fd->precision <= 0 || v > 999 || !amount_next)
        return false;
    for (int o = 0; o < t->nslots; o++)
        if (o != s && flat_role_index(t->slots[o].pd, ROLE_LINENO) >= 0 &&
            (t->slots[o].expect < 0 || (t->slots[o].expect > want && t->slots[o].expect <= v)))
            return false;
    return true;
}

/* The column group of a coded part a code continues: the one whose class it shares, else
 * the first whose codes it follows; only groups after `after` (a row is read left to
 * right). -1 when none. */
/* How many codes a line holds (3, 5 or 7 digits alone). */
static int codes_on_line(const tokline *tl)
{
    int n = 0;
    for (int i = 0; i < tl->n; i++) {
        size_t len = strlen(tl->t[i].text);
        n += tl->t[i].integer && (len == 3 || len == 5 || len == 7);
    }
    return n;
}

static int choose_group(const tab *t, int part, const char *code, int after, bool alone)
{
    int first = -1;
    for (int s = after + 1; s < t->nslots; s++) {
        const slot *sl = &t->slots[s];
        if (sl->part != part)
            continue;
        if (sl->last_code[0] && strncmp(sl->last_code, code, 3) == 0)
            return s;
        if (first < 0 && (!sl->last_code[0] || code_cmp(sl->last_code, code) < 0))
            first = s;
    }
    /* a new class alone on its line right after a line where a later group printed alone
     * goes on that group: the groups before it ended (reading order: 310 under 30299 once
     * the left group ended at 30399) */
    int a = t->alone_slot;
    if (alone && first >= 0 && a > first && a > after && t->slots[a].part == part &&
        code_cmp(t->slots[a].last_code, code) < 0)
        return a;
    return first;
}

/* A code printed without its name (wrapped to other lines) before an amount: a code when
 * it continues its column (after the last code there) and its parent was read. */
static bool code_follows(const tab *t, int s, const char *code)
{
    const slot *sl = &t->slots[s];
    if (sl->last_code[0] && code_cmp(sl->last_code, code) >= 0 && sl->pd->groups == 1)
        return false;
    size_t n = strlen(code);
    if (n == 3)
        return true;
    char key[32];
    snprintf(key, sizeof key, "%d:%.*s", sl->part, (int)n - 2, code);
    return t->seen && strmap_get(t->seen, key, NULL);
}

typedef struct keyhit {
    int slot;
    int score;
    int label_end;   /* tokens [start, label_end) are the code or label */
    bool lineno;     /* token label_end is the 行次 */
    bool complete;
    bool code;
    long gap;        /* a 行次 past the one expected: by how many (the nearest slot wins) */
} keyhit;

/* Does a row key start at token i of line `line`, and of which slot? Slots after the last
 * one of the printed row being read come first (the row continues); a confident key of an
 * earlier slot starts a new printed row. */
static bool try_key(const tab *t, size_t line, const tokline *tl, int i, keyhit *best)
{
    memset(best, 0, sizeof *best);
    best->slot = -1;
    const ftok *k = &tl->t[i];
    if (k->used || k->floating)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        int after = pass == 0 ? t->row_slot : -1;
        if (pass == 1 && (t->row_slot < 0 || best->score >= 6))
            break;
        for (int s = after + 1; s < t->nslots; s++) {
            const slot *sl = &t->slots[s];
            const part_def *pd = sl->pd;
            /* two parts side by side (公开01/04) share a printed line */
            if (pass == 0 && after >= 0 && line != t->row_line && sl->part != t->slots[after].part)
                continue;
            keyhit h = {.slot = s, .label_end = i};
            if (flat_is_coded(pd)) {
                bool next_text = i + 1 >= tl->n || tl->t[i + 1].kind == TK_TEXT;
                /* right after a code that has no value yet, in a document whose amounts
                 * print decimals: a bare integer is the next group's code, not that row's
                 * amount (`307 31011 5.81`, 307's amount blank, its name wrapped) */
                bool after_code = i > 0 && t->fd->precision > 0 && t->cur >= 0 &&
                                  t->ch[t->cur].key == &tl->t[i - 1] && t->ch[t->cur].code[0] &&
                                  t->ch[t->cur].nvals == 0;
                if (k->integer && flat_plausible_code(t->fd, k->text, pd->axis) &&
                    (i == 0 || next_text || after_code || code_follows(t, s, k->text))) {
                    if (pd->groups > 1 &&
                        choose_group(t, sl->part, k->text, after, codes_on_line(tl) == 1) != s)
                        continue;
                    h.code = h.complete = true;
                    h.label_end = i + 1;
                    h.score = 10;
                } else {
                    int len = flat_match_row_label(t, pd, tl, i);
                    if (len == 0)
                        continue;
                    h.complete = true;
                    h.label_end = i + len;
                    h.score = 8;
                }
            } else if (pd->axis == AXIS_FIXED) {
                bool exact = false;
                int begun;
                int len = flat_match_row_label(t, pd, tl, i);
                if (len > 0) {
                    h.complete = true;
                    h.label_end = i + len;
                    h.lineno = lineno_at(t, s, tl, i + len, true, &exact);
                    h.score = h.lineno ? (exact ? 9 : 8) : 7;
                } else if (flat_role_index(pd, ROLE_LINENO) < 0 && /* else placed by its 行次 */
                           (begun = flat_begins_row_ordered(t, pd, tl, i)) > 0) {
                    h.label_end = i + 1;
                    h.score = 3 + begun;
                } else if (lineno_at(t, s, tl, i, false, &exact) &&
                           (exact || i == 0 || t->cur < 0 || chunk_full(t, t->cur) ||
                            t->ch[t->cur].slot != s)) {
                    h.lineno = true;
                    h.score = exact ? 6 : 3;
                    if (sl->expect > 0)
                        h.gap = strtol(k->text, NULL, 10) - sl->expect;
                } else if (k->kind == TK_TEXT && flat_role_index(pd, ROLE_LINENO) >= 0) {
                    int j = i; /* text that is no label yet, before a 行次: a wrapped label */
                    while (j < tl->n && j - i < MAX_LABEL_TOKENS && tl->t[j].kind == TK_TEXT &&
                           !tl->t[j].used)
                        j++;
                    if (!lineno_at(t, s, tl, j, true, &exact))
                        continue;
                    h.label_end = j;
                    h.lineno = true;
                    h.score = exact ? 6 : 3;
                } else if (pd->listed && k->kind == TK_TEXT &&
                           (i == 0 || t->cur < 0 || chunk_full(t, t->cur))) {
                    int j = i; /* a listed part's own item (a project): a name before values */
                    while (j < tl->n && j - i < MAX_LABEL_TOKENS && tl->t[j].kind == TK_TEXT &&
                           !tl->t[j].used && !tl->t[j].floating)
                        j++;
                    if (j >= tl->n || tl->t[j].kind == TK_TEXT || tl->t[j].used)
                        continue;
                    h.complete = true;
                    h.label_end = j;
                    h.score = 2;
                } else {
                    continue;
                }
            } else {
                continue;
            }
            if (h.score > best->score ||
                (h.score == best->score && h.lineno && best->lineno && h.gap >= 0 &&
                 h.gap < best->gap))
                *best = h;
        }
    }
    return best->slot >= 0;
}

int flat_new_chunk(tab *t, int sl, size_t line, bool new_row)
{
    if (t->nch == t->capch) {
        int cap = t->capch ? t->capch * 2 : 64;
        chunk *c = realloc(t->ch, (size_t)cap * sizeof *c);
        if (!c)
            return -1;
        t->ch = c;
        t->capch = cap;
    }
    chunk *c = &t->ch[t->nch];
    memset(c, 0, sizeof *c);
    sb_init(&c->above);
    sb_init(&c->label);
    sb_init(&c->below);
    sb_init(&c->kabove);
    sb_init(&c->klabel);
    sb_init(&c->kbelow);
    c->slot = sl;
    c->line = line;
    c->seq = t->nch;
    if (new_row || t->nrows == 0) {
        t->nrows++;
        t->row_line = line;
    }
    c->row = t->nrows - 1;
    t->row_slot = sl;
    return t->nch++;
}

/* Adds a token to a label: its text after a space, its key (which stops growing past any
 * label's length: it is only compared with labels). */
bool flat_add_text(strbuf *sb, strbuf *key, const ftok *k)
{
    if (sb->len)
        sb_addc(sb, ' ');
    sb_adds(sb, k->text);
    if (key->len < MAX_KEY_BYTES)
        sb_adds(key, k->key);
    return !sb->failed && !key->failed;
}

bool flat_add_value(chunk *c, const ftok *v, bool front)
{
    if (c->nvals == c->capvals) {
        int cap = c->capvals ? c->capvals * 2 : 8;
        const ftok **vals = realloc(c->vals, (size_t)cap * sizeof *vals);
        if (!vals)
            return false;
        c->vals = vals;
        c->capvals = cap;
    }
    if (front) {
        memmove(c->vals + 1, c->vals, (size_t)c->nvals * sizeof *c->vals);
        c->vals[0] = v;
    } else {
        c->vals[c->nvals] = v;
    }
    c->nvals++;
    return true;
}

/* A token that is no key goes to chunk c: text to its label, numbers to its values. */
bool flat_give(tab *t, int c, ftok *k)
{
    k->used = true;
    if (k->kind == TK_TEXT) {
        k->owner = c + 1;
        return flat_add_text(&t->ch[c].label, &t->ch[c].klabel, k);
    }
    return flat_add_value(&t->ch[c], k, false);
}

static int single_slot(const tab *t)
{
    for (int s = 0; s < t->nslots; s++)
        if (t->slots[s].pd->axis == AXIS_SINGLE)
            return s;
    return -1;
}

/* A chunk without a key, for values before any row (the recogniser keeps it as rNN). */
int flat_keyless_chunk(tab *t, size_t line)
{
    int s = single_slot(t);
    return flat_new_chunk(t, s >= 0 ? s : 0, line, true);
}

/* Reads the row keys of a body line into chunks. Returns false on allocation failure;
 * *keys: whether the line had any (a line without is read later, with its neighbours). */
bool flat_parse_line(tab *t, size_t line, bool *keys)
{
    tokline *tl = &t->fd->toks[line];
    int before = t->cur, first_new = t->nch, single = single_slot(t);
    *keys = false;
    for (int k = 0; k < tl->n;) {
        ftok *tk = &tl->t[k];
        if (tk->used || tk->floating) {
            k++;
            continue;
        }
        keyhit h;
        if (try_key(t, line, tl, k, &h)) {
            bool new_row = t->row_slot < 0 || h.slot <= t->row_slot ||
                           (line != t->row_line && t->slots[h.slot].part != t->slots[t->row_slot].part);
            int c = flat_new_chunk(t, h.slot, line, new_row);
            if (c < 0)
                return false;
            chunk *ch = &t->ch[c];
            slot *sl = &t->slots[h.slot];
            ch->key = tk;
            ch->complete = h.complete;
            if (h.code) {
                char key[32];
                snprintf(key, sizeof key, "%d:%s", sl->part, tk->text);
                if (!strmap_put(t->seen, key, c))
                    return false;
                snprintf(ch->code, sizeof ch->code, "%s", tk->text);
                snprintf(sl->last_code, sizeof sl->last_code, "%s", tk->text);
                tk->used = true;
            } else {
                for (int j = k; j < h.label_end; j++) {
                    tl->t[j].used = true;
                    if (!flat_add_text(&ch->label, &ch->klabel, &tl->t[j]))
                        return false;
                }
            }
            k = h.label_end;
            if (h.lineno) {
                ch->lineno = &tl->t[k];
                tl->t[k].used = true;
                sl->expect = strtol(tl->t[k].text, NULL, 10) + 1;
                k++;
            }
            t->cur = c;
            *keys = true;
            continue;
        }
        if (tk->kind != TK_TEXT && single >= 0 &&
            (t->cur < 0 || t->ch[t->cur].slot != single || chunk_full(t, t->cur))) {
            int c = flat_new_chunk(t, single, line, true); /* a row of values (公开09) */
            if (c < 0)
                return false;
            t->cur = c;
            t->ch[c].key = tk;
            *keys = true;
        }
        if (*keys && !flat_give(t, t->cur, tk))
            return false;
        k++;
    }
    if (!*keys)
        return true;
    int codes = codes_on_line(tl);
    if (codes > 1 || (codes == 1 && t->nch > first_new))
        t->alone_slot = codes == 1 && t->ch[t->nch - 1].code[0] ? t->ch[t->nch - 1].slot : -1;
    /* tokens before the line's first key continue the row before it */
    for (int k = 0; k < tl->n; k++) {
        ftok *tk = &tl->t[k];
        if (tk->used || tk->floating)
            continue;
        if (before < 0)
            before = flat_keyless_chunk(t, line);
        if (before < 0 || !flat_give(t, before, tk))
            return false;
    }
    /* amounts wrapped over the lines around: to the first row of the line with room */
    int at = first_new;
    for (int k = 0; k < tl->n; k++) {
        ftok *tk = &tl->t[k];
        if (!tk->floating || tk->used)
            continue;
        /* a dash beside a row's name pieces: from the row that owns the last of them, the
         * n-th of the line's rows printed without a name */
        for (int c = first_new, named = 0; tk->after_text > 0 && c < t->nch; c++)
            if (t->ch[c].label.len == 0 && ++named == tk->after_text && c > at) {
                at = c;
                break;
            }
        while (at < t->nch && chunk_full(t, at))
            at++;
        int c = at < t->nch ? at : t->nch - 1;
        tk->used = true;
        if (!flat_add_value(&t->ch[c], tk, true))
            return false;
        at = c + 1 < t->nch ? c + 1 : c;
    }
    return true;
}

/* ------------------------------------------------ split and joined tokens --- */

bool flat_tok_insert(const gfa_vocab *vc, tokline *tl, int at, const char *text, size_t len,
                     long pos)
{
    if (!flat_tok_add(vc, tl, text, len, pos))
        return false;
    ftok added = tl->t[tl->n - 1];
    memmove(&tl->t[at + 1], &tl->t[at], (size_t)(tl->n - 1 - at) * sizeof *tl->t);
    tl->t[at] = added;
    return true;
}

/* "1.052089999": an amount with more decimals than the table prints, whose extra digits
 * are a code: the next row glued to this one. Split into "1.05" and "2089999". */
bool flat_split_glued(tab *t, size_t line)
{
    fdoc *fd = t->fd;
    tokline *tl = &fd->toks[line];
    int p = fd->precision;
    if (p < 1)
        return true;
    for (int i = 0; i < tl->n; i++) {
        ftok *k = &tl->t[i];
        if (k->kind != TK_NUM || k->dec.scale <= p)
            continue;
        const char *dot = strchr(k->text, '.');
        if (!dot || !dot[1] || strspn(dot + 1, "0123456789") != strlen(dot + 1))
            continue;
        const char *code = dot + 1 + p;
        bool plausible = false;
        for (int s = 0; s < t->nslots && !plausible; s++)
            plausible = flat_is_coded(t->slots[s].pd) && flat_plausible_code(fd, code, t->slots[s].pd->axis);
        if (!plausible)
            continue;
        size_t cut = (size_t)(code - k->text);
        long code_pos = k->pos + utf8_chars(k->text, cut);
        char *amount = xstrndup(k->text, cut);
        char *rest = strdup(code);
        bool ok = amount && rest;
        if (ok) {
            free(k->text);
            free(k->key);
            k->text = amount;
            k->key = text_key(&t->fd->ctx->variants, amount, cut);
            ok = k->key && flat_tok_insert(&fd->ctx->vocab, tl, i + 1, rest, strlen(rest), code_pos);
            amount = NULL;
            if (ok)
                flat_tok_classify(&fd->ctx->vocab, &tl->t[i]);
        }
        free(amount);
        free(rest);
        if (!ok)
            return false;
        t->glued++;
        diag_add(fd->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-084", fd->file,
                 fd->in.lines[line].no, code_pos,
                 "table %s: '%s' is the amount %s with the code %s of the next row glued to "
                 "it (two rows run together); read as two rows",
                 t->def->id, tl->t[i].text, tl->t[i].text, tl->t[i + 1].text);
    }
    return true;
}

static bool is_truncated(const fdoc *fd, const ftok *k)
{
    return k->kind == TK_NUM && !k->used && k->dec.scale >= 1 && k->dec.scale < fd->precision;
}

/* Amounts too wide for their cell, wrapped: "1614.4" on the line above a row and "5" on the
 * line below. Joined and put on the row's line as floating values. */
bool flat_join_wrapped(tab *t)
{
    fdoc *fd = t->fd;
    if (fd->precision < 2)
        return true;
    for (size_t a = t->body; a < t->end; a++) {
        if (fd->role[a] != LR_BODY)
            continue;
        tokline *ta = &fd->toks[a];
        int cut[8], ncut = 0;
        for (int i = 0; i < ta->n && ncut < 8; i++)
            if (is_truncated(fd, &ta->t[i]))
                cut[ncut++] = i;
        if (ncut == 0)
            continue;
        for (size_t b = a + 1; b < t->end && b <= a + 3; b++) {
            if (fd->role[b] != LR_BODY)
                continue;
            tokline *tb = &fd->toks[b];
            int tail[8], ntail = 0;
            bool other = false;
            for (int i = 0; i < tb->n; i++) {
                const ftok *k = &tb->t[i];
                if (k->used || k->kind == TK_TEXT)
                    continue;
                if (k->integer && ntail < ncut &&
                    (int)strlen(k->text) == fd->precision - ta->t[cut[ntail]].dec.scale)
                    tail[ntail++] = i;
                else
                    other = true;
            }
            if (other || ntail != ncut)
                continue;
            size_t anchor = b == a + 1 ? a : a + 1;
            for (int j = 0; j < ncut; j++) {
                ftok *x = &ta->t[cut[j]], *y = &tb->t[tail[j]];
                char joined[96];
                snprintf(joined, sizeof joined, "%s%s", x->text, y->text);
                long pos = x->pos;
                x->used = y->used = true;
                if (!flat_tok_add(&fd->ctx->vocab, &fd->toks[anchor], joined, strlen(joined), pos))
                    return false;
                fd->toks[anchor].t[fd->toks[anchor].n - 1].floating = true;
                ta = &fd->toks[a]; /* flat_tok_add may have moved the anchor's array */
                tb = &fd->toks[b];
            }
            break;
        }
    }
    return true;
}

/* A single dash (—), half of a "——" too wide for its cell. */
static bool half_dash(const ftok *k)
{
    return k->kind == TK_NA && !k->used && !k->floating && utf8_chars(k->text, strlen(k->text)) == 1;
}

/* Dashes too wide for their cell, wrapped like amounts ("——" as "—" on the line above a
 * row and "—" on the line below it, beside the row's name wrapped the same way): the
 * halves of the two lines, as many on each, are joined in order and put on the row's line
 * as floating values. */
bool flat_join_wrapped_dashes(tab *t)
{
    fdoc *fd = t->fd;
    for (size_t a = t->body; a + 2 < t->end; a++) {
        size_t row = a + 1, b = a + 2;
        if (fd->role[a] != LR_BODY || fd->role[row] != LR_BODY || fd->role[b] != LR_BODY)
            continue;
        tokline *ta = &fd->toks[a], *tb = &fd->toks[b], *tr = &fd->toks[row];
        int up[8], down[8], nu = 0, nd = 0;
        bool keyed = false;
        for (int i = 0; i < tr->n && !keyed; i++)
            keyed = tr->t[i].integer && !tr->t[i].used;
        for (int i = 0; i < ta->n && nu < 8; i++)
            if (half_dash(&ta->t[i]))
                up[nu++] = i;
        for (int i = 0; i < tb->n && nd < 8; i++)
            if (half_dash(&tb->t[i]))
                down[nd++] = i;
        if (!keyed || nu == 0 || nu != nd)
            continue;
        for (int j = 0; j < nu; j++) {
            ftok *x = &ta->t[up[j]], *y = &tb->t[down[j]];
            char joined[32];
            snprintf(joined, sizeof joined, "%s%s", x->text, y->text);
            long pos = x->pos;
            int after = 0;
            for (int i = 0; i < up[j]; i++)
                after += ta->t[i].kind == TK_TEXT && !ta->t[i].used;
            x->used = y->used = true;
            if (!flat_tok_add(&fd->ctx->vocab, tr, joined, strlen(joined), pos))
                return false;
            tr->t[tr->n - 1].floating = true;
            tr->t[tr->n - 1].after_text = after;
            ta = &fd->toks[a];
            tb = &fd->toks[b];
        }
    }
    return true;
}

/* "——" too wide for its cell in reading order (pdftotext -raw): its halves on two lines
 * of their own, one under the other ("—" / "—"), are one dash on the first line, not two
 * values (another cell's dash would stand on the same line as the first). */
bool flat_join_stacked_dashes(tab *t)
{
    fdoc *fd = t->fd;
    for (size_t a = t->body; a + 1 < t->end; a++) {
        tokline *ta = &fd->toks[a], *tb = &fd->toks[a + 1];
        if (fd->role[a] != LR_BODY || fd->role[a + 1] != LR_BODY || ta->n != 1 || tb->n != 1 ||
            !half_dash(&ta->t[0]) || !half_dash(&tb->t[0]))
            continue;
        char joined[32];
        snprintf(joined, sizeof joined, "%s%s", ta->t[0].text, tb->t[0].text);
        long pos = ta->t[0].pos;
        ta->t[0].used = tb->t[0].used = true;
        if (!flat_tok_add(&fd->ctx->vocab, ta, joined, strlen(joined), pos))
            return false;
        a++;
    }
    return true;
}


/* The key of tokens [from, to) of one line and [0, upto) of another, without the ordinal:
 * does it name a row of some part? */
static bool names_row_across(const tab *t, const tokline *ta, int from, const tokline *tb,
                             int upto)
{
    char *up = flat_key_range(ta, from, ta->n), *down = upto ? flat_key_range(tb, 0, upto) : strdup("");
    char *both = NULL;
    bool named = false;
    if (up && down && asprintf(&both, "%s%s", up, down) >= 0)
        for (int s = 0; s < t->nslots && !named; s++)
            named = flat_names_row(t, t->slots[s].pd, flat_unordered(both));
    free(up);
    free(down);
    free(both);
    return named;
}

/* Where the free words ending a line begin (tl->n: it ends otherwise). */
static int free_text_tail(const tokline *tl)
{
    int p = tl->n;
    while (p > 0 && tl->t[p - 1].kind == TK_TEXT && !tl->t[p - 1].used && !tl->t[p - 1].floating)
        p--;
    return p;
}

/* Moves the words src[from..to) to the beginning of line dst, in order, marking them used
 * where they were (a label's lines read as one); false when out of memory. */
static bool words_to_front(fdoc *fd, tokline *src, int from, int to, tokline *dst)
{
    for (int k = to - 1; k >= from; k--) {
        const ftok *x = &src->t[k];
        if (!flat_tok_insert(&fd->ctx->vocab, dst, 0, x->text, strlen(x->text), x->pos))
            return false;
        src->t[k].used = true;
    }
    return true;
}

/* How many free words begin a line (at most a label's). */
static int free_text_head(const tokline *tl)
{
    int q = 0;
    while (q < tl->n && q < MAX_LABEL_TOKENS && tl->t[q].kind == TK_TEXT && !tl->t[q].used &&
           !tl->t[q].floating)
        q++;
    return q;
}

/* A row's label begun at the end of the line above the line of its 行次 or amounts, alone or
 * after the other part's values (pdftotext -raw of a narrow page reads a wrapped cell's lines
 * in turn: "财政拨款 1 1614.45 一、一般公共服务" / "支出 33 1421.59 1421.59"; "人员经" / "费合计
 * 682.76"): when the begun words and those before the number below name a row together,
 * they are read on the line below, first. */
bool flat_label_begun_above(tab *t)
{
    fdoc *fd = t->fd;
    for (size_t a = t->body; a + 1 < t->end; a++) {
        size_t b = a + 1;
        if (fd->role[a] != LR_BODY || fd->role[b] != LR_BODY)
            continue;
        tokline *ta = &fd->toks[a], *tb = &fd->toks[b];
        int p = free_text_tail(ta), q = 0;
        while (q < tb->n && tb->t[q].kind == TK_TEXT && !tb->t[q].used)
            q++;
        if (p == ta->n || (p > 0 && ta->t[p - 1].kind == TK_TEXT) || q == 0 || q >= tb->n ||
            tb->t[q].kind == TK_TEXT)
            continue;
        if (names_row_across(t, ta, p, tb, q) && !words_to_front(fd, ta, p, ta->n, tb))
            return false;
    }
    return true;
}

/* A row's label wrapped around the line of its values (a narrow page prints the label's
 * first line above the row's line and its last line below it, the values on the row's
 * line: "一、一般公共预算财" / "16,010.81 一、一般公共服务支出 7,434.56 7,434.56" / "政拨款"):
 * when a line of label words only, which name no row, and the first words of the line after
 * the values name a row together, they are read at the beginning of the values' line. */
bool flat_label_around_values(tab *t)
{
    fdoc *fd = t->fd;
    /* the first row's label begins on the header's last line (no amount: read as header) */
    for (size_t a = t->body > t->first ? t->body - 1 : t->body; a + 2 < t->end; a++) {
        size_t b = a + 1, c = a + 2;
        if ((fd->role[a] != LR_BODY && !(a + 1 == t->body && fd->role[a] == LR_HEADER)) ||
            fd->role[b] != LR_BODY || fd->role[c] != LR_BODY)
            continue;
        tokline *ta = &fd->toks[a], *tb = &fd->toks[b], *tc = &fd->toks[c];
        /* the values' line begins with an amount (a 行次 or a code begins a row of its own) */
        if (ta->n == 0 || free_text_tail(ta) != 0 || tb->n == 0 || tb->t[0].kind != TK_NUM ||
            tb->t[0].integer || tb->t[0].used)
            continue;
        int q = free_text_head(tc);
        if (q == 0 || names_row_across(t, ta, 0, tc, 0))
            continue;
        int take = 0;
        for (int j = 1; j <= q && !take; j++)
            if (names_row_across(t, ta, 0, tc, j))
                take = j;
        if (!words_to_front(fd, tc, 0, take, tb) || (take && !words_to_front(fd, ta, 0, ta->n, tb)))
            return false;
        if (take && fd->role[a] == LR_HEADER)
            fd->role[a] = LR_TEXT;
    }
    return true;
}

/* A row's label wrapped in its narrow cell onto the next line, without the values of that
 * line's rows (the Shanghai 财政拨款收入支出决算总表: "二十四、抗疫特别国债安排的支" / "出" /
 * "本年收入合计 9,100.55 …"): when the words ending a line, which name no row, and the
 * first words of the next line name a row together, those words are read at the end of the
 * line above, so the line below neither keeps a stray fragment nor lends it to its rows. */
bool flat_label_wrapped_below(tab *t)
{
    fdoc *fd = t->fd;
    for (size_t a = t->body; a + 1 < t->end; a++) {
        size_t b = a + 1;
        if (fd->role[a] != LR_BODY || fd->role[b] != LR_BODY)
            continue;
        tokline *ta = &fd->toks[a], *tb = &fd->toks[b];
        int p = free_text_tail(ta), q = free_text_head(tb);
        if (p == ta->n || q == 0)
            continue;
        /* the longest begun label (from the first free word), completed by the fewest words */
        int from = -1, take = 0;
        for (int i = p; i < ta->n && from < 0; i++) {
            if (names_row_across(t, ta, i, tb, 0))
                break; /* the line's last words are a whole label already */
            for (int j = 1; j <= q && from < 0; j++)
                if (names_row_across(t, ta, i, tb, j)) {
                    from = i;
                    take = j;
                }
        }
        /* values after the fragment, there or on the next line, are the wrapped row's own
         * (a row of a narrow page printed label first: "一、一般公共服务支" / "出" / "33
         * 1421.59"): the label ends there */
        size_t c = b + 1;
        while (c < t->end && fd->role[c] == LR_BODY && !flat_has_free_tokens(&fd->toks[c]))
            c++;
        const tokline *after = take < tb->n ? tb : c < t->end && fd->role[c] == LR_BODY ? &fd->toks[c] : NULL;
        int first = take < tb->n ? take : 0;
        if (after) {
            while (first < after->n && after->t[first].used)
                first++;
            if (first < after->n && after->t[first].kind != TK_TEXT)
                take = 0;
        }
        for (int k = 0; k < take; k++) {
            const ftok *x = &tb->t[k];
            if (!flat_tok_add(&fd->ctx->vocab, ta, x->text, strlen(x->text), x->pos))
                return false;
            tb->t[k].used = true;
        }
    }
    return true;
}
