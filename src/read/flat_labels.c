/* flat_labels.c — lines without keys in a flattened table's body (read_flat.c, stage 3): the
 * text around a line of values, and text-only lines, shared among the labels of the rows
 * around them. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COMPOSE 4096      /* ways of sharing a text-only line among the rows around it */
#define MAX_BAND_TRIES 128    /* ways of sharing the text around a line of values */

/* ------------------------------------------------------ lines without keys --- */

/* The chunk a line's stray tokens continue: the last one on an earlier line. */
static int chunk_before(const tab *t, size_t line)
{
    int best = -1;
    for (int c = 0; c < t->nch; c++)
        if (t->ch[c].line < line && (best < 0 || t->ch[c].line > t->ch[best].line ||
                                     (t->ch[c].line == t->ch[best].line && t->ch[c].seq > t->ch[best].seq)))
            best = c;
    return best;
}

bool flat_text_only(const tokline *tl)
{
    bool any = false;
    for (int i = 0; i < tl->n; i++) {
        if (tl->t[i].used)
            continue;
        if (tl->t[i].kind != TK_TEXT || tl->t[i].floating)
            return false;
        any = true;
    }
    return any;
}

bool flat_has_free_tokens(const tokline *tl)
{
    for (int i = 0; i < tl->n; i++)
        if (!tl->t[i].used)
            return true;
    return false;
}

/* Unused text tokens of a line, as indices. */
static int free_text(const tokline *tl, int *idx, int cap)
{
    int n = 0;
    for (int i = 0; i < tl->n && n < cap; i++)
        if (!tl->t[i].used && tl->t[i].kind == TK_TEXT)
            idx[n++] = i;
    return n;
}

/* The slot of the part a label key names, after slot `after`. */
static int slot_naming(const tab *t, const char *key, int after)
{
    for (int s = after + 1; s < t->nslots; s++)
        if (flat_names_row(t, t->slots[s].pd, flat_unordered(key)))
            return s;
    return -1;
}

/* Text around a line of values without a key, shared out among labels: label i is made
 * of src[0] (the lines above) tokens cut[0][i]..cut[0][i+1], then the line's own text, then
 * the lines below'. */
typedef struct band {
    ftok *tok[3][MAX_LABEL_TOKENS * 4];
    int n[3];
    int m;                /* labels wanted */
    int cut[3][9];
    int slots[8];
    long tries;
} band;

static char *band_key(const band *b, int i)
{
    strbuf sb;
    sb_init(&sb);
    for (int s = 0; s < 3; s++)
        for (int k = b->cut[s][i]; k < b->cut[s][i + 1]; k++)
            sb_adds(&sb, b->tok[s][k]->key);
    return sb_take(&sb);
}

/* Shares the text among m labels from label i on, each naming a row of a slot after
 * `after`. */
static bool band_search(const tab *t, band *b, int i, int after)
{
    if (i == b->m)
        return b->cut[0][i] == b->n[0] && b->cut[1][i] == b->n[1] && b->cut[2][i] == b->n[2];
    for (int a = b->cut[0][i]; a <= b->n[0]; a++)
        for (int m = b->cut[1][i]; m <= b->n[1]; m++)
            for (int d = b->cut[2][i]; d <= b->n[2]; d++) {
                if ((a == b->cut[0][i] && m == b->cut[1][i] && d == b->cut[2][i]) ||
                    ++b->tries > MAX_BAND_TRIES)
                    continue;
                b->cut[0][i + 1] = a;
                b->cut[1][i + 1] = m;
                b->cut[2][i + 1] = d;
                char *k = band_key(b, i);
                int s = k ? slot_naming(t, k, after) : -1;
                free(k);
                if (s < 0)
                    continue;
                b->slots[i] = s;
                if (band_search(t, b, i + 1, s))
                    return true;
            }
    return false;
}

/* The text-only body line `from` + dir × k (k = 1, 2, …), when it is one. */
static tokline *text_line(tab *t, size_t line, int dir, int k)
{
    long at = (long)line + dir * k;
    if (at < (long)t->body || at >= (long)t->end || t->fd->role[at] != LR_BODY ||
        !flat_text_only(&t->fd->toks[at]))
        return NULL;
    return &t->fd->toks[at];
}

/* The unused text tokens of up to `lines` text-only lines on one side, in reading order. */
static int side_tokens(tab *t, size_t line, int dir, int lines, ftok **out, int cap)
{
    tokline *tl[2] = {NULL, NULL};
    for (int k = 1; k <= lines; k++) {
        tl[k - 1] = text_line(t, line, dir, k);
        if (!tl[k - 1])
            return -1; /* fewer lines than asked */
    }
    int n = 0;
    for (int k = 0; k < lines; k++) {
        tokline *l = tl[dir < 0 ? lines - 1 - k : k];
        for (int i = 0; i < l->n; i++)
            if (!l->t[i].used && l->t[i].kind == TK_TEXT) {
                if (n == cap)
                    return -1;
                out[n++] = &l->t[i];
            }
    }
    return n;
}

/* A line of values without a key whose words, with the text-only lines around it, name
 * rows when shared out ("人员经 682.76 公用经 81.09" / "费合计 费合计", or each label on the
 * two lines above its value): those rows, the values one to each in order. */
bool flat_label_band(tab *t, size_t line, bool *made)
{
    fdoc *fd = t->fd;
    *made = false;
    band b;
    memset(&b, 0, sizeof b);
    tokline *tl = &fd->toks[line];
    int nvals = 0;
    for (int i = 0; i < tl->n; i++)
        nvals += !tl->t[i].used && tl->t[i].kind != TK_TEXT;
    /* the lines above and below to use, fewest first after one on each side */
    static const int use[][2] = {{1, 1}, {1, 0}, {0, 1}, {2, 0}, {0, 2}, {0, 0}};
    bool found = false;
    for (size_t u = 0; u < ARRAY_LEN(use) && !found; u++) {
        int cap = (int)ARRAY_LEN(b.tok[0]);
        b.n[0] = side_tokens(t, line, -1, use[u][0], b.tok[0], cap);
        b.n[2] = side_tokens(t, line, 1, use[u][1], b.tok[2], cap);
        b.n[1] = 0;
        for (int i = 0; i < tl->n && b.n[1] < cap; i++)
            if (!tl->t[i].used && tl->t[i].kind == TK_TEXT)
                b.tok[1][b.n[1]++] = &tl->t[i];
        if (b.n[0] < 0 || b.n[2] < 0 || b.n[0] + b.n[1] + b.n[2] == 0)
            continue;
        b.tries = 0;
        for (b.m = nvals < 8 ? nvals : 8; b.m >= 1; b.m--)
            if ((found = band_search(t, &b, 0, -1)))
                break;
    }
    if (!found)
        return true;
    int first = t->nch;
    for (int i = 0; i < b.m; i++) {
        int c = flat_new_chunk(t, b.slots[i], line, i == 0 || b.slots[i] <= b.slots[i - 1]);
        if (c < 0)
            return false;
        chunk *ch = &t->ch[c];
        ch->complete = true;
        for (int s = 0; s < 3; s++)
            for (int k = b.cut[s][i]; k < b.cut[s][i + 1]; k++) {
                ftok *x = b.tok[s][k];
                x->used = true;
                x->owner = c + 1;
                if (!ch->key)
                    ch->key = x;
                strbuf *text = s == 0 ? &ch->above : s == 1 ? &ch->label : &ch->below;
                strbuf *key = s == 0 ? &ch->kabove : s == 1 ? &ch->klabel : &ch->kbelow;
                if (!flat_add_text(text, key, x))
                    return false;
            }
    }
    /* the values in order, wrapped ones first, one per row while they last */
    int v = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < tl->n; i++) {
            ftok *x = &tl->t[i];
            if (x->used || x->kind == TK_TEXT || x->floating != (pass == 0))
                continue;
            x->used = true;
            int c = first + (v < b.m ? v : b.m - 1);
            if (!flat_add_value(&t->ch[c], x, false))
                return false;
            v++;
        }
    t->row_slot = -1;
    *made = true;
    return true;
}

/* Tokens of a line without a key continue chunk c, the row before it (a new row when
 * there is none); wrapped amounts first. */
bool flat_continue_into(tab *t, size_t line, int c)
{
    tokline *tl = &t->fd->toks[line];
    if (c < 0) {
        c = flat_keyless_chunk(t, line);
        if (c < 0)
            return false;
        t->ch[c].key = &tl->t[0];
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < tl->n; i++) {
            ftok *x = &tl->t[i];
            if (x->used || x->floating != (pass == 0))
                continue;
            if (!flat_give(t, c, x))
                return false;
        }
    return true;
}

/* Do values [from, to) of a line fit slot s's columns keeping the row's own sums (合计 =
 * its parts)? 1 yes, 0 no, -1 out of memory. */
static int values_keep_sums(const tab *t, int s, const ftok *const *vals, int from, int to)
{
    const slot *sl = &t->slots[s];
    if (to - from > sl->ncols || sl->ncols > PLACE_MAX_COLS)
        return 0;
    if (to == from)
        return 1;
    gfa_dec d[PLACE_MAX_VALS];
    place_row pr;
    memset(&pr, 0, sizeof pr);
    pr.cols = sl->pcols;
    pr.ncols = sl->ncols;
    pr.vals = d;
    pr.nvals = to - from;
    pr.parent = -1;
    for (int v = from; v < to; v++)
        d[v - from] = vals[v]->dec;
    if (place_values(&pr, 1) != GFA_OK)
        return -1;
    return !pr.violates;
}

/* A line of values only under a line that named two rows side by side and gave them none
 * (two labels wrapped around their row's line: "一、一般公共预算 一、一般公共服务支" /
 * "16,010.81 7,434.56 7,434.56" / "财政拨款 出"): the values are printed left to right, the
 * left row's first; where they part, only the rows' own sums say (合计 = its parts). When
 * exactly one way of parting them keeps both rows' sums, each row takes its values
 * (*done); else the line is left to the other readings. */
bool flat_values_under_labels(tab *t, size_t line, bool *done)
{
    fdoc *fd = t->fd;
    *done = false;
    tokline *tl = &fd->toks[line];
    const ftok *vals[PLACE_MAX_VALS];
    int n = 0;
    for (int i = 0; i < tl->n; i++) {
        const ftok *x = &tl->t[i];
        if (x->used)
            continue;
        if (x->kind != TK_NUM || x->floating || x->integer || n == PLACE_MAX_VALS)
            return true;
        vals[n++] = x;
    }
    size_t p = line;
    while (p > t->body && (fd->role[p - 1] == LR_ARTEFACT || !*flat_line_text(fd, p - 1)))
        p--;
    if (n < 2 || p <= t->body || fd->role[p - 1] != LR_BODY)
        return true;
    p--;
    int on[2], q = 0;
    for (int c = 0; c < t->nch; c++)
        if (t->ch[c].line == p) {
            if (q == 2 || t->ch[c].nvals > 0)
                return true;
            on[q++] = c;
        } else if (t->ch[c].line > p && t->ch[c].line < line) {
            return true;
        }
    if (q != 2 || t->slots[t->ch[on[0]].slot].part == t->slots[t->ch[on[1]].slot].part)
        return true;
    int left = t->ch[on[0]].seq < t->ch[on[1]].seq ? on[0] : on[1];
    int right = left == on[0] ? on[1] : on[0];
    int split = -1, ways = 0;
    for (int k = 0; k <= n; k++) {
        int l = values_keep_sums(t, t->ch[left].slot, vals, 0, k);
        int r = l > 0 ? values_keep_sums(t, t->ch[right].slot, vals, k, n) : l;
        if (l < 0 || r < 0)
            return false;
        if (l > 0 && r > 0) {
            split = k;
            ways++;
        }
    }
    if (ways != 1)
        return true;
    for (int i = 0, v = 0; i < tl->n; i++) {
        ftok *x = &tl->t[i];
        if (x->used)
            continue;
        if (!flat_give(t, v++ < split ? left : right, x))
            return false;
    }
    *done = true;
    return true;
}

static bool continue_before(tab *t, size_t line)
{
    return flat_continue_into(t, line, chunk_before(t, line));
}

/* ---------------------------------------------- text-only lines: wrapped labels --- */

typedef enum side { ABOVE, BELOW } side;

/* How well a label fits its row: 3 names it, 1 begins it (more may follow), 0 empty or
 * unknown, -1/-2 names something else. */
static int label_score(const tab *t, const chunk *c, const char *full, bool final, bool added)
{
    const part_def *pd = t->slots[c->slot].pd;
    if (c->code[0]) {
        const code_list *cl = pd->axis == AXIS_ECONOMIC ? &t->fd->ctx->economic_codes
                                                        : &t->fd->ctx->function_codes;
        const code_entry *e = code_list_find(cl, c->code);
        if (!e || !e->key) /* a code the list does not have: its name may wrap either way */
            return added && !c->klabel.len && !final ? 1 : 0;
        if (strcmp(e->key, full) == 0)
            return 3;
        return !final && *full && str_starts(e->key, full) ? 1 : *full ? -1 : 0;
    }
    if (pd->axis != AXIS_FIXED && !c->complete && !*full)
        return 0;
    char *ord = NULL;
    const char *k = text_strip_ordinal(full, &ord);
    int fit = *k ? flat_row_fit(t, pd, k, ord) : FIT_NONE;
    free(ord);
    if (fit >= FIT_NAMES)
        return fit == FIT_NAMES_ORD ? 4 : 3;
    if (!*k)
        return 0;
    if (final || fit == FIT_NONE)
        return -2;
    return fit == FIT_BEGINS_ORD ? 2 : 1;
}

typedef struct sidework {
    int q;                   /* chunks on the anchor line */
    int idx[MAX_SLOTS];      /* their indices */
    char *key[MAX_SLOTS];    /* their label keys with the lines added so far */
    bool added[MAX_SLOTS];
} sidework;

char *flat_concat3(const char *a, const char *b, const char *c)
{
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, a);
    sb_adds(&sb, b);
    sb_adds(&sb, c);
    return sb_take(&sb);
}

/* The best sharing of a line's text among the anchor's chunks (cuts[i]..cuts[i+1] to chunk
 * i), by exhaustive search over the ways of cutting it (bounded). */
static int best_cuts(const tab *t, const sidework *w, const tokline *tl, const int *idx, int n,
                     side sd, int *cuts)
{
    int best = -(1 << 20), cur[MAX_SLOTS + 1];
    long tries = 0;
    cur[0] = 0;
    cur[w->q] = n;
    /* odometer over cut positions 0 ≤ c1 ≤ … ≤ c(q-1) ≤ n */
    for (int i = 1; i < w->q; i++)
        cur[i] = 0;
    for (;;) {
        int score = 0;
        for (int i = 0; i < w->q; i++) {
            strbuf add;
            sb_init(&add);
            for (int k = cur[i]; k < cur[i + 1]; k++)
                sb_adds(&add, tl->t[idx[k]].key);
            const chunk *c = &t->ch[w->idx[i]];
            const char *own = sd == ABOVE && c->klabel.data ? c->klabel.data : "";
            char *full = flat_concat3(w->key[i], add.data ? add.data : "", own);
            score += full ? label_score(t, c, full, sd == BELOW, add.len > 0 || w->added[i]) : -3;
            free(full);
            sb_free(&add);
        }
        /* ties: the later way, whose earlier rows take more words (text is read left to
         * right: "一般公共预算财政" over "29 61" is the left part's) */
        if (score >= best) {
            best = score;
            memcpy(cuts, cur, (size_t)(w->q + 1) * sizeof *cur);
        }
        int i = w->q - 1;
        while (i >= 1 && cur[i] == n)
            i--;
        if (i < 1 || ++tries > MAX_COMPOSE)
            break;
        cur[i]++;
        for (int k = i + 1; k < w->q; k++)
            cur[k] = cur[i];
    }
    return best;
}

/* Adds text-only lines to the labels of the chunks of an anchor line, above or below; the
 * score of the labels then (apply: the chunks keep the text and the tokens are used). */
static int side_score(tab *t, size_t anchor, const size_t *lines, int nlines, side sd,
                      bool apply, bool *nomem)
{
    sidework w;
    memset(&w, 0, sizeof w);
    size_t at = anchor - t->body;
    for (int k = 0; k < t->count_at[at] && w.q < MAX_SLOTS; k++)
        w.idx[w.q++] = t->first_at[at] + k;
    if (w.q == 0)
        return 0;
    for (int i = 0; i < w.q; i++) {
        const chunk *c = &t->ch[w.idx[i]];
        w.key[i] = sd == ABOVE ? strdup(c->kabove.data ? c->kabove.data : "")
                               : flat_concat3(c->kabove.data ? c->kabove.data : "",
                                              c->klabel.data ? c->klabel.data : "",
                                              c->kbelow.data ? c->kbelow.data : "");
        if (!w.key[i])
            *nomem = true;
    }
    int total = 0;
    for (int l = 0; l < nlines && !*nomem; l++) {
        tokline *tl = &t->fd->toks[lines[l]];
        int idx[MAX_LINE_TOKENS], cuts[MAX_SLOTS + 1];
        int n = free_text(tl, idx, MAX_LINE_TOKENS);
        if (n == 0)
            continue;
        if (n > 2 * MAX_LABEL_TOKENS) { /* no label is that long: all to the first row */
            cuts[0] = 0;
            for (int i = 1; i <= w.q; i++)
                cuts[i] = n;
        } else {
            best_cuts(t, &w, tl, idx, n, sd, cuts);
        }
        for (int i = 0; i < w.q && !*nomem; i++) {
            chunk *c = &t->ch[w.idx[i]];
            for (int k = cuts[i]; k < cuts[i + 1]; k++) {
                ftok *x = &tl->t[idx[k]];
                char *more = flat_concat3(w.key[i], x->key, "");
                free(w.key[i]);
                w.key[i] = more;
                w.added[i] = true;
                if (!more || (apply && (!flat_add_text(sd == ABOVE ? &c->above : &c->below,
                                                       sd == ABOVE ? &c->kabove : &c->kbelow, x))))
                    *nomem = true;
                if (apply) {
                    x->used = true;
                    x->owner = w.idx[i] + 1;
                }
            }
        }
    }
    for (int i = 0; i < w.q; i++) {
        const chunk *c = &t->ch[w.idx[i]];
        char *full = sd == ABOVE && w.key[i]
                         ? flat_concat3(w.key[i], c->klabel.data ? c->klabel.data : "",
                                        c->kbelow.data ? c->kbelow.data : "")
                         : NULL;
        const char *k = full ? full : w.key[i] ? w.key[i] : "";
        total += label_score(t, c, k, sd == BELOW, w.added[i]);
        free(full);
        free(w.key[i]);
    }
    return total;
}

/* Text-only lines between two rows: the first few continue the labels of the row above,
 * the rest begin the labels of the row below, whichever names rows best. */
bool flat_share_fragments(tab *t)
{
    fdoc *fd = t->fd;
    size_t span = t->end - t->body + 1;
    size_t *frag = calloc(span, sizeof *frag);
    t->first_at = calloc(span, sizeof *t->first_at);
    t->count_at = calloc(span, sizeof *t->count_at);
    if (!frag || !t->first_at || !t->count_at) {
        free(frag);
        return false;
    }
    for (int c = t->nch - 1; c >= 0; c--) { /* a line's chunks are consecutive */
        size_t at = t->ch[c].line - t->body;
        t->first_at[at] = c;
        t->count_at[at]++;
    }
    long *next_anchor = calloc(span, sizeof *next_anchor); /* first line with rows from k */
    if (!next_anchor) {
        free(frag);
        return false;
    }
    next_anchor[span - 1] = -1;
    for (size_t k = span - 1; k-- > 0;)
        next_anchor[k] = k + t->body < t->end && t->count_at[k] ? (long)(k + t->body)
                                                               : next_anchor[k + 1];
    size_t swept = t->body;
    long prev_anchor = -1;
    bool nomem = false;
    for (size_t i = t->body; i < t->end && !nomem;) {
        if (fd->role[i] != LR_BODY || !flat_text_only(&fd->toks[i])) {
            i++;
            continue;
        }
        /* the run of text-only lines from i, and the rows' lines around it */
        int m = 0;
        size_t j = i;
        for (; j < t->end; j++) {
            if (fd->role[j] == LR_ARTEFACT || fd->in.lines[j].trimmed[0] == '\0')
                continue;
            if (fd->role[j] != LR_BODY || !flat_text_only(&fd->toks[j]))
                break;
            frag[m++] = j;
        }
        for (; swept < i; swept++) /* the last line with rows before i */
            if (t->count_at[swept - t->body])
                prev_anchor = (long)swept;
        long prev = prev_anchor, next = next_anchor[j - t->body];
        int best_s = prev < 0 ? 0 : m, best = -(1 << 20);
        for (int s = 0; s <= m && prev >= 0 && next >= 0; s++) {
            int score = side_score(t, (size_t)prev, frag, s, BELOW, false, &nomem) +
                        side_score(t, (size_t)next, frag + s, m - s, ABOVE, false, &nomem);
            if (score >= best) { /* ties: the row above (a name continues downwards) */
                best = score;
                best_s = s;
            }
        }
        if (prev >= 0)
            side_score(t, (size_t)prev, frag, best_s, BELOW, true, &nomem);
        if (next >= 0)
            side_score(t, (size_t)next, frag + best_s, m - best_s, ABOVE, true, &nomem);
        for (int k = 0; k < m && !nomem; k++) /* no row around: the row before takes them */
            if (flat_has_free_tokens(&fd->toks[frag[k]]) && !continue_before(t, frag[k]))
                nomem = true;
        i = j > i ? j : i + 1;
    }
    free(frag);
    free(next_anchor);
    return !nomem;
}
