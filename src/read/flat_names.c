/* flat_names.c — side-by-side coded cells of a flattened table (read_flat.c, stage 3): their
 * name pieces shared out again by their code-list names, two printed rows at a time; the
 * dashes given to the cells they stand after; the rows emitted as grid rows. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ names of side-by-side cells --- */

/* A narrow page wraps the names of 公开06's four column groups in their cells; flattened,
 * the pieces of neighbouring cells stand on one line ("30304 抚恤金 被装购置" / "30224 费
 * 资本性支" / "310 出 对社会保险基"), each given to the code before it, and the pieces on
 * lines of their own between two printed rows to the row above or below as a whole. The
 * name pieces of two printed rows at a time are shared out again among their coded cells
 * (left to right, the rows' columns in turn):
 *   - a piece goes to a column between the codes and amounts around it on its line, the
 *     pieces of a line in order; in a column, the upper row's cell takes the pieces above
 *     the lower row's (none below the lower row's code, none of the lower above the upper
 *     row's code);
 *   - the sharing that spells the most code-list names wins (in printed order, else in
 *     another order of the same pieces: a cell's first line set below its second), then
 *     the one whose pieces each occur in their cell's code-list name (no other cell's words
 *     glued to a name), then the one closest to the reading so far.
 * A printed name is never replaced: only its pieces move, and a name no sharing spells
 * stays as printed (GFA-CODE-002 still reports it). A cell whose name another sharing, as
 * good, makes different is uncertain: said in a warning. */

#define MAX_NAME_PIECES 48      /* name pieces of two printed rows shared out */
#define MAX_NAME_CELLS (2 * MAX_SLOTS)
#define MAX_NAME_TRIES 20000L   /* sharings tried per pair of rows, */
#define MAX_NAME_BUDGET 100000L /* per table: past it, names stay as read */
#define MAX_DOUBT_TRIES 5000L   /* sharings as good as the best looked for (doubts) */
#define MAX_TILE_PIECES 6       /* pieces of one name tried in another order (≤ TEXT_TILES_MAX) */
#define SPELT_WEIGHT 1000000L   /* a sharing's score: names spelt, then pieces that fit, */
#define FIT_WEIGHT 1000L        /* then pieces left where they were */

typedef struct namepiece {
    ftok *tok;
    size_t klen;  /* of its key */
    size_t line;
    int lo, hi;   /* the columns (slots) it may go to */
    int was;      /* the cell it was given */
} namepiece;

typedef struct namecell {
    int chunk, slot;
    size_t line;            /* its key's */
    const char *target[2];  /* its code-list names (keys): the name, a new name */
} namecell;

typedef struct namework {
    const tab *t;
    namecell cell[MAX_NAME_CELLS];
    int nc;
    int col[MAX_SLOTS][2];  /* per slot: its cells, the upper row's first; -1 */
    namepiece p[MAX_NAME_PIECES];
    int np;
    int slot_of[MAX_NAME_PIECES]; /* the search: each piece's column */
    int cell_of[MAX_NAME_PIECES]; /* a sharing: each piece's cell */
    int best[MAX_NAME_PIECES];
    long best_spelt, best_fit, best_moved;
    bool second;                  /* looking for sharings as good as the best */
    bool doubt[MAX_NAME_CELLS];
    long tries;
    long *budget;                 /* sharings the table may still try */
    int used[MAX_SLOTS], nused;   /* the columns with cells */
    int named[MAX_SLOTS];         /* per column: its cells with a code-list name */
    size_t room[MAX_SLOTS];       /* per column: the length of its cells' longest names */
    unsigned fits_col[MAX_NAME_PIECES]; /* per piece: the columns whose names it occurs in */
} namework;

static bool is_target(const namecell *c, const char *key)
{
    for (int k = 0; k < 2; k++)
        if (c->target[k] && strcmp(c->target[k], key) == 0)
            return true;
    return false;
}

/* The pieces of cell c in a sharing (their indices, in printed order) and their key. */
static int cell_pieces(const namework *w, const int *as, int c, int *idx, char *key, size_t cap)
{
    size_t len = 0;
    int n = 0;
    key[0] = '\0';
    for (int i = 0; i < w->np; i++) {
        if (as[i] != c)
            continue;
        const char *k = w->p[i].tok->key;
        size_t kl = strlen(k);
        if (len + kl >= cap)
            return -1;
        memcpy(key + len, k, kl + 1);
        len += kl;
        idx[n++] = i;
    }
    return n;
}

/* How cell c spells its name with the pieces given: 4 in printed order, 3 in another
 * (order: the pieces in it), 0 not (or no name known). */
static int spelt(const namework *w, const int *as, int c, int *order, int *idx)
{
    const namecell *nc = &w->cell[c];
    char key[MAX_KEY_BYTES];
    int n = cell_pieces(w, as, c, idx, key, sizeof key);
    if (n <= 0 || !nc->target[0])
        return 0;
    if (is_target(nc, key))
        return 4;
    if (n > MAX_TILE_PIECES)
        return 0;
    const char *keys[MAX_TILE_PIECES];
    for (int i = 0; i < n; i++)
        keys[i] = w->p[idx[i]].tok->key;
    for (int k = 0; k < 2; k++)
        if (nc->target[k] && text_tiles(nc->target[k], keys, n, order))
            return 3;
    return 0;
}

/* A piece that occurs in a code-list name of cell c (or c has none to compare). */
static bool piece_fits(const namework *w, int i, int c)
{
    const namecell *nc = &w->cell[c];
    if (!nc->target[0])
        return true;
    for (int k = 0; k < 2; k++)
        if (nc->target[k] && strstr(nc->target[k], w->p[i].tok->key))
            return true;
    return false;
}

/* A sharing's score: names spelt, pieces that fit their cell, pieces moved. */
static void share_score(const namework *w, const int *as, long *sp, long *fit, long *moved)
{
    int order[MAX_NAME_PIECES], idx[MAX_NAME_PIECES];
    *sp = *fit = *moved = 0;
    for (int c = 0; c < w->nc; c++)
        *sp += spelt(w, as, c, order, idx);
    for (int i = 0; i < w->np; i++) {
        *fit += piece_fits(w, i, as[i]);
        *moved += as[i] != w->p[i].was;
    }
}

/* The pieces of column s split between its upper and lower cell at the best place. */
static void split_column(namework *w, int s)
{
    int a = w->col[s][0], b = w->col[s][1], idx[MAX_NAME_PIECES], m = 0;
    for (int i = 0; i < w->np; i++)
        if (w->slot_of[i] == s) {
            idx[m++] = i;
            w->cell_of[i] = a;
        }
    if (b < 0 || m == 0)
        return;
    long best = -(1L << 60);
    int best_k = -1;
    for (int k = 0; k <= m; k++) {
        if ((k > 0 && w->p[idx[k - 1]].line > w->cell[b].line) ||
            (k < m && w->p[idx[k]].line < w->cell[a].line))
            continue;
        for (int j = 0; j < m; j++)
            w->cell_of[idx[j]] = j < k ? a : b;
        long score = 0;
        int order[MAX_NAME_PIECES], tmp[MAX_NAME_PIECES];
        score += SPELT_WEIGHT * (spelt(w, w->cell_of, a, order, tmp) + spelt(w, w->cell_of, b, order, tmp));
        for (int j = 0; j < m; j++)
            score += FIT_WEIGHT * piece_fits(w, idx[j], w->cell_of[idx[j]]) -
                     (w->cell_of[idx[j]] != w->p[idx[j]].was);
        if (score > best) {
            best = score;
            best_k = k;
        }
    }
    for (int j = 0; j < m; j++) /* no split keeps the rows' order: the lower cell's */
        w->cell_of[idx[j]] = best_k < 0 ? w->p[idx[j]].was : j < best_k ? a : b;
}

static void name_leaf(namework *w)
{
    for (int s = 0; s < MAX_SLOTS; s++)
        if (w->col[s][0] >= 0)
            split_column(w, s);
    long sp, fit, moved;
    share_score(w, w->cell_of, &sp, &fit, &moved);
    if (w->second) { /* as good as the best: the cells whose pieces differ are in doubt */
        if (sp != w->best_spelt || fit != w->best_fit)
            return;
        for (int i = 0; i < w->np; i++)
            if (w->cell_of[i] != w->best[i])
                w->doubt[w->cell_of[i]] = w->doubt[w->best[i]] = true;
        return;
    }
    if (sp > w->best_spelt || (sp == w->best_spelt && fit > w->best_fit) ||
        (sp == w->best_spelt && fit == w->best_fit && moved < w->best_moved)) {
        w->best_spelt = sp;
        w->best_fit = fit;
        w->best_moved = moved;
        memcpy(w->best, w->cell_of, (size_t)w->np * sizeof *w->cell_of);
    }
}

/* Whether the pieces so far of a column (key: their keys in order) begin its cells' names
 * one after the other (upper, lower), in printed order. */
static bool column_in_order(const namework *w, int s, const char *key)
{
    const namecell *a = &w->cell[w->col[s][0]];
    const namecell *b = w->col[s][1] >= 0 ? &w->cell[w->col[s][1]] : NULL;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < (b ? 2 : 1); j++) {
            const char *x = a->target[i], *y = b ? b->target[j] : "";
            if (!x || !y)
                continue;
            size_t xl = strlen(x);
            if (strncmp(key, x, strlen(key) < xl ? strlen(key) : xl) == 0 &&
                (strlen(key) <= xl || str_starts(y, key + xl)))
                return true;
        }
    return false;
}

/* Whether the first i pieces' columns can still beat (or, second, equal) the best: a
 * column whose pieces are not all in its cells' names, or too long for them, loses a
 * name; one whose pieces do not begin its names in printed order loses a point (another
 * order spells 3). */
static bool name_hopeful(const namework *w, int i)
{
    long sp = 0, fit = w->np - i;
    char key[MAX_SLOTS][MAX_KEY_BYTES];
    size_t len[MAX_SLOTS] = {0};
    bool viable[MAX_SLOTS];
    for (int u = 0; u < w->nused; u++)
        viable[w->used[u]] = true;
    for (int k = 0; k < i; k++) {
        int s = w->slot_of[k];
        bool in = w->fits_col[k] >> s & 1;
        fit += in;
        viable[s] &= in;
        size_t kl = w->p[k].klen;
        if (len[s] + kl < MAX_KEY_BYTES)
            memcpy(key[s] + len[s], w->p[k].tok->key, kl + 1);
        len[s] += kl;
    }
    for (int u = 0; u < w->nused; u++) {
        int s = w->used[u], named = w->named[s], cells = w->col[s][1] >= 0 ? 2 : 1;
        if (named < cells) /* a cell without a name to compare: anything may go */
            sp += 4 * named;
        else if (!viable[s] || len[s] > w->room[s])
            sp += 4 * (named - 1);
        else
            sp += 4 * named - (len[s] >= MAX_KEY_BYTES || (len[s] && !column_in_order(w, s, key[s])));
    }
    if (sp != w->best_spelt || fit != w->best_fit)
        return sp > w->best_spelt || (sp == w->best_spelt && fit > w->best_fit);
    /* as good at best: worth it for doubts, or for fewer moves than the best so far (the
     * reading itself moves none) */
    return w->second || w->best_moved > 0;
}

/* Every sharing into columns: piece i to a column with cells in its range, not left of
 * the piece before it on its line. */
static void name_search(namework *w, int i)
{
    if (++w->tries > (w->second ? MAX_DOUBT_TRIES : MAX_NAME_TRIES) ||
        (!w->second && --*w->budget < 0) || !name_hopeful(w, i))
        return;
    if (i == w->np) {
        name_leaf(w);
        return;
    }
    int lo = w->p[i].lo;
    if (i > 0 && w->p[i - 1].line == w->p[i].line && w->slot_of[i - 1] > lo)
        lo = w->slot_of[i - 1];
    /* the columns whose names the piece continues in order first: a good sharing found
     * early cuts the rest short */
    bool next[MAX_SLOTS] = {false};
    for (int s = lo; s <= w->p[i].hi && lo < w->p[i].hi; s++) {
        if (w->col[s][0] < 0)
            continue;
        char key[MAX_KEY_BYTES];
        size_t len = 0;
        w->slot_of[i] = s;
        for (int k = 0; k <= i && len < sizeof key; k++) {
            size_t kl = w->p[k].klen;
            if (w->slot_of[k] != s || len + kl >= sizeof key)
                continue;
            memcpy(key + len, w->p[k].tok->key, kl + 1);
            len += kl;
        }
        next[s] = len > 0 && column_in_order(w, s, key);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int s = lo; s <= w->p[i].hi; s++) {
            if (w->col[s][0] < 0 || next[s] != (pass == 0))
                continue;
            w->slot_of[i] = s;
            name_search(w, i + 1);
        }
}

/* The index of the cell of a chunk, -1. */
static int name_cell(const namework *w, int ci)
{
    for (int c = 0; c < w->nc; c++)
        if (w->cell[c].chunk == ci)
            return c;
    return -1;
}

/* What token k of a line is to the cells: the key (1) or an amount (2) of cell *c, else 0.
 * A dash is no mark: dashes alike in a column are given to a row by their order only. */
static int cell_mark(const namework *w, const ftok *k, int *c)
{
    for (int j = 0; j < w->nc; j++) {
        const chunk *ch = &w->t->ch[w->cell[j].chunk];
        *c = j;
        if (ch->key == k)
            return 1;
        for (int v = 0; v < ch->nvals && k->kind == TK_NUM; v++)
            if (ch->vals[v] == k)
                return 2;
    }
    return 0;
}

/* The name pieces of the cells on lines [from, to], each with the columns it may go to.
 * false: too many pieces, or none that may move. */
static bool collect_pieces(namework *w, size_t from, size_t to)
{
    const fdoc *fd = w->t->fd;
    bool free_piece = false;
    w->np = 0;
    for (size_t l = from; l <= to; l++) {
        const tokline *tl = &fd->toks[l];
        for (int i = 0; i < tl->n; i++) {
            ftok *k = &tl->t[i];
            int c = k->kind == TK_TEXT && k->owner > 0 ? name_cell(w, k->owner - 1) : -1;
            if (c < 0)
                continue;
            if (w->np == MAX_NAME_PIECES)
                return false;
            namepiece *p = &w->p[w->np++];
            p->tok = k;
            p->klen = strlen(k->key);
            p->line = l;
            p->was = c;
            p->lo = 0;
            p->hi = MAX_SLOTS - 1;
            for (int j = 0; j < tl->n; j++) { /* the cells' keys and values around it */
                int cell, mark = cell_mark(w, &tl->t[j], &cell);
                int s = mark ? w->cell[cell].slot : 0;
                if (mark && j < i && (mark == 1 ? s : s + 1) > p->lo)
                    p->lo = mark == 1 ? s : s + 1;
                else if (mark && j > i && (mark == 1 ? s - 1 : s) < p->hi)
                    p->hi = mark == 1 ? s - 1 : s;
            }
            int was = w->cell[c].slot;
            if (p->lo > p->hi)
                p->lo = p->hi = was; /* the line is not in column order: left where it is */
            free_piece |= p->lo < p->hi || w->col[was][1] >= 0;
        }
    }
    return free_piece;
}

static void clear_name(chunk *ch)
{
    strbuf *bufs[] = {&ch->above, &ch->label, &ch->below, &ch->kabove, &ch->klabel, &ch->kbelow};
    for (size_t b = 0; b < ARRAY_LEN(bufs); b++) {
        sb_free(bufs[b]);
        sb_init(bufs[b]);
    }
}

/* Gives each cell its pieces as shared (above, on and below its key's line; a name spelt
 * in another order, in that order); lo/hi: the lines of each chunk's pieces. */
static bool apply_names(namework *w, size_t *lo, size_t *hi)
{
    tab *t = (tab *)w->t;
    for (int c = 0; c < w->nc; c++) {
        chunk *ch = &t->ch[w->cell[c].chunk];
        clear_name(ch);
        lo[w->cell[c].chunk] = hi[w->cell[c].chunk] = ch->line;
    }
    for (int i = 0; i < w->np; i++) {
        int ci = w->cell[w->best[i]].chunk;
        chunk *ch = &t->ch[ci];
        ftok *k = w->p[i].tok;
        size_t l = w->p[i].line;
        k->owner = ci + 1;
        lo[ci] = l < lo[ci] ? l : lo[ci];
        hi[ci] = l > hi[ci] ? l : hi[ci];
        bool ok = l < ch->line    ? flat_add_text(&ch->above, &ch->kabove, k)
                  : l == ch->line ? flat_add_text(&ch->label, &ch->klabel, k)
                                  : flat_add_text(&ch->below, &ch->kbelow, k);
        if (!ok)
            return false;
    }
    for (int c = 0; c < w->nc; c++) {
        int order[MAX_NAME_PIECES], idx[MAX_NAME_PIECES];
        if (spelt(w, w->best, c, order, idx) != 3)
            continue;
        chunk *ch = &t->ch[w->cell[c].chunk];
        clear_name(ch);
        int n = 0;
        for (int i = 0; i < w->np; i++)
            n += w->best[i] == c;
        for (int i = 0; i < n; i++)
            if (!flat_add_text(&ch->label, &ch->klabel, w->p[idx[order[i]]].tok))
                return false;
    }
    return true;
}

/* The lines of each chunk's name pieces: [lo, hi] (its key's line when it has none). */
static bool piece_lines(const tab *t, size_t *lo, size_t *hi)
{
    for (int c = 0; c < t->nch; c++)
        lo[c] = hi[c] = t->ch[c].line;
    for (size_t l = t->body; l < t->end; l++) {
        const tokline *tl = &t->fd->toks[l];
        for (int i = 0; i < tl->n; i++) {
            int c = tl->t[i].owner - 1;
            if (c < 0 || c >= t->nch)
                continue;
            lo[c] = l < lo[c] ? l : lo[c];
            hi[c] = l > hi[c] ? l : hi[c];
        }
    }
    return true;
}

/* The code-list names of a coded cell: its name and its new name, keys. */
static void code_names(const tab *t, const chunk *ch, const char **names)
{
    const fdoc *fd = t->fd;
    bool function = t->slots[ch->slot].pd->axis == AXIS_FUNCTION;
    const code_entry *e = code_list_find(function ? &fd->ctx->function_codes : &fd->ctx->economic_codes,
                                         ch->code);
    if (!e && function && strlen(ch->code) == 3)
        e = code_list_find(&fd->ctx->function_classes, ch->code);
    names[0] = e && e->key && *e->key ? e->key : NULL;
    names[1] = names[0] && e->renamed_key && *e->renamed_key ? e->renamed_key : NULL;
}

/* The coded cells of printed rows [r0, r1] (rows: their first chunks, rows[nrows] = nch).
 * false: too few to share among. */
static bool name_cells(namework *w, const int *rows, int r0, int r1, const size_t *lo,
                       const size_t *hi, size_t *from, size_t *to)
{
    const tab *t = w->t;
    memset(w->col, -1, sizeof w->col);
    w->nc = 0;
    *from = t->ch[rows[r0]].line;
    *to = *from;
    for (int r = r0; r <= r1; r++)
        for (int c = rows[r]; c < rows[r + 1] && w->nc < MAX_NAME_CELLS; c++) {
            const chunk *ch = &t->ch[c];
            int s = ch->slot;
            if (!ch->code[0] || !flat_is_coded(t->slots[s].pd) || w->col[s][1] >= 0)
                continue;
            namecell *nc = &w->cell[w->nc];
            nc->chunk = c;
            nc->slot = s;
            nc->line = ch->line;
            code_names(t, ch, nc->target);
            w->col[s][w->col[s][0] >= 0] = w->nc++;
            *from = lo[c] < *from ? lo[c] : *from;
            *to = hi[c] > *to ? hi[c] : *to;
        }
    return w->nc >= 2;
}

/* What the search asks of each column again and again: which columns have cells, how many
 * of them have a code-list name, how long their names are; which columns' names each
 * piece occurs in (any, for a column with a cell without a name). A piece in no name
 * stays in its column (it can only spoil a name); when a cell without a name might have
 * taken it instead, both cells' names are uncertain. */
static void column_facts(namework *w)
{
    unsigned unnamed = 0;
    w->nused = 0;
    for (int s = 0; s < MAX_SLOTS; s++) {
        if (w->col[s][0] < 0)
            continue;
        w->used[w->nused++] = s;
        w->named[s] = 0;
        w->room[s] = 0;
        for (int c = 0; c < 2 && w->col[s][c] >= 0; c++) {
            const namecell *nc = &w->cell[w->col[s][c]];
            size_t a = nc->target[0] ? strlen(nc->target[0]) : 0,
                   b = nc->target[1] ? strlen(nc->target[1]) : 0;
            w->room[s] += a > b ? a : b;
            w->named[s] += nc->target[0] != NULL;
        }
        if (w->named[s] < (w->col[s][1] >= 0 ? 2 : 1))
            unnamed |= 1u << s;
    }
    for (int i = 0; i < w->np; i++) {
        namepiece *p = &w->p[i];
        unsigned in_name = 0, range = 0;
        for (int u = 0; u < w->nused; u++) {
            int s = w->used[u];
            for (int c = 0; c < 2 && w->col[s][c] >= 0; c++) {
                const namecell *nc = &w->cell[w->col[s][c]];
                for (int k = 0; k < 2; k++)
                    if (nc->target[k] && strstr(nc->target[k], p->tok->key))
                        in_name |= 1u << s;
            }
            if (s >= p->lo && s <= p->hi)
                range |= 1u << s;
        }
        w->fits_col[i] = in_name | unnamed;
        if (in_name)
            continue;
        int was = w->cell[p->was].slot;
        if ((range & unnamed) && (range & ~(1u << was))) { /* another cell might have it */
            w->doubt[p->was] = true;
            for (int u = 0; u < w->nused; u++)
                for (int c = 0; c < 2 && w->col[w->used[u]][c] >= 0; c++)
                    if ((range & unnamed) >> w->used[u] & 1 && !w->cell[w->col[w->used[u]][c]].target[0])
                        w->doubt[w->col[w->used[u]][c]] = true;
        }
        p->lo = p->hi = was < p->lo ? p->lo : was > p->hi ? p->hi : was;
    }
}

/* Shares out again the name pieces of each two printed rows of coded cells. */
bool flat_rebuild_names(tab *t)
{
    size_t n = (size_t)(t->nch > 0 ? t->nch : 1);
    size_t *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    int *rows = malloc((n + 1) * sizeof *rows);
    bool *doubt = calloc(n, sizeof *doubt);
    namework *w = malloc(sizeof *w);
    bool ok = lo && hi && rows && doubt && w && piece_lines(t, lo, hi);
    int nrows = 0;
    for (int c = 0; ok && c < t->nch; c++) /* a printed row's chunks are consecutive */
        if (c == 0 || t->ch[c].row != t->ch[c - 1].row)
            rows[nrows++] = c;
    if (ok)
        rows[nrows] = t->nch;
    long budget = MAX_NAME_BUDGET;
    for (int r = 0; ok && r < nrows && budget > 0; r++) {
        int r1 = r + 1 < nrows ? r + 1 : r;
        if (r1 == r && r > 0)
            break; /* the last row was shared with the one before */
        memset(w, 0, sizeof *w);
        w->t = t;
        w->budget = &budget;
        size_t from, to;
        if (!name_cells(w, rows, r, r1, lo, hi, &from, &to) || !collect_pieces(w, from, to))
            continue;
        column_facts(w);
        for (int i = 0; i < w->np; i++)
            w->cell_of[i] = w->p[i].was;
        share_score(w, w->cell_of, &w->best_spelt, &w->best_fit, &w->best_moved);
        memcpy(w->best, w->cell_of, (size_t)w->np * sizeof *w->best);
        name_search(w, 0);
        if (w->tries > MAX_NAME_TRIES || budget < 0)
            continue; /* left as read */
        w->second = true;
        w->tries = 0;
        name_search(w, 0);
        bool moved = false; /* pieces moved, or a name to set in the order it spells */
        for (int i = 0; i < w->np; i++)
            moved |= w->best[i] != w->p[i].was;
        for (int c = 0; c < w->nc && !moved; c++) {
            int order[MAX_NAME_PIECES], idx[MAX_NAME_PIECES];
            moved = spelt(w, w->best, c, order, idx) == 3;
        }
        if (moved)
            ok = apply_names(w, lo, hi);
        for (int c = 0; c < w->nc; c++)
            doubt[w->cell[c].chunk] = w->doubt[c];
    }
    for (int c = 0; ok && c < t->nch; c++) {
        if (!doubt[c])
            continue;
        const chunk *ch = &t->ch[c];
        char *label = flat_label_text(ch);
        diag_add(t->fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-088", t->fd->file,
                 flat_chunk_line_no(t, ch), ch->key ? ch->key->pos : 1,
                 "table %s row %s: its name is wrapped among the names of the cells beside it, "
                 "and its pieces can be shared out among them otherwise as well; read as '%s'",
                 t->def->id, ch->code, label ? label : "");
        free(label);
    }
    free(w);
    free(lo);
    free(hi);
    free(rows);
    free(doubt);
    return ok;
}

/* ------------------------------------------------ dashes of side-by-side cells --- */

/* Dashes (——) of 公开06's column groups in flattened text stand after their cell's name
 * on its line, which is not always the line of its code: "办公设备购 — 对企业补助(基本" /
 * "30109 … 30902" / … / "—" prints 30902's dash wrapped in halves six lines apart, and
 * "资本金注入(基 ——" / "购置 —— 31101 本建设)" each cell's dash after the other's name.
 * Once the names are shared out, a dash goes to the cell whose name piece or code is
 * right before it on its line; a half dash alone on its line ends the earliest half begun
 * (one first on its line and none begun: the cell read last before it). Values of a cell
 * that has no room for more stay where they were read. */

#define MAX_OPEN_HALVES 8

typedef struct dashwork {
    tab *t;
    ftok *upper[MAX_OPEN_HALVES]; /* halves begun, oldest first */
    int cell[MAX_OPEN_HALVES];
    int nopen;
} dashwork;

/* The chunk whose value token k is, -1. */
static int value_chunk(const tab *t, const ftok *k, int *at)
{
    for (int c = 0; c < t->nch; c++)
        for (int v = 0; v < t->ch[c].nvals; v++)
            if (t->ch[c].vals[v] == k) {
                *at = v;
                return c;
            }
    return -1;
}

/* The chunk a token names: a name piece's, a code's. -1 for anything else. */
static int token_cell(const tab *t, const ftok *k)
{
    if (k->kind == TK_TEXT && k->owner > 0)
        return k->owner - 1;
    for (int c = 0; c < t->nch; c++)
        if (t->ch[c].key == k && t->ch[c].code[0])
            return c;
    return -1;
}

static void drop_value(chunk *ch, int at)
{
    memmove(&ch->vals[at], &ch->vals[at + 1], (size_t)(ch->nvals - at - 1) * sizeof *ch->vals);
    ch->nvals--;
}

/* Moves value token k (of chunk `from`, index at) to chunk `to` when it has room. */
static bool move_value(tab *t, const ftok *k, int from, int at, int to, bool *moved)
{
    *moved = false;
    if (from == to || t->ch[to].nvals >= t->slots[t->ch[to].slot].ncols)
        return true;
    drop_value(&t->ch[from], at);
    *moved = true;
    return flat_add_value(&t->ch[to], k, false);
}

/* Joins a begun half (upper) and the half ending it (lower, chunk `lc`, index la) into one
 * dash of chunk `cell`. */
static bool join_halves(tab *t, ftok *upper, ftok *lower, int lc, int la, int cell)
{
    int ua, uc = value_chunk(t, upper, &ua);
    if (uc < 0 || t->ch[cell].nvals - (uc == cell) - (lc == cell) >= t->slots[t->ch[cell].slot].ncols)
        return true;
    char *joined = NULL, *key = NULL;
    if (asprintf(&joined, "%s%s", upper->text, lower->text) < 0)
        return false;
    key = text_key(&t->fd->ctx->variants, joined, strlen(joined));
    if (!key) {
        free(joined);
        return false;
    }
    drop_value(&t->ch[lc], la);
    if ((uc = value_chunk(t, upper, &ua)) >= 0)
        drop_value(&t->ch[uc], ua);
    free(upper->text);
    free(upper->key);
    upper->text = joined;
    upper->key = key;
    lower->used = true;
    return flat_add_value(&t->ch[cell], upper, false);
}

/* The cell of the last name piece or code before line l. */
static int cell_before(const tab *t, size_t l)
{
    for (size_t k = l; k-- > t->body;)
        for (int i = t->fd->toks[k].n; i-- > 0;) {
            int c = token_cell(t, &t->fd->toks[k].t[i]);
            if (c >= 0)
                return c;
        }
    return -1;
}

bool flat_reattach_dashes(tab *t)
{
    bool grouped = false;
    for (int s = 0; s < t->nslots; s++)
        grouped |= t->slots[s].pd->groups > 1;
    if (!grouped)
        return true;
    dashwork w = {.t = t};
    for (size_t l = t->body; l < t->end; l++) {
        tokline *tl = &t->fd->toks[l];
        if (t->fd->role[l] != LR_BODY)
            continue;
        for (int i = 0; i < tl->n; i++) {
            ftok *k = &tl->t[i];
            int at, vc = k->kind == TK_NA && !k->floating ? value_chunk(t, k, &at) : -1;
            if (vc < 0 || t->slots[t->ch[vc].slot].pd->groups < 2)
                continue;
            int x = i > 0 ? token_cell(t, &tl->t[i - 1]) : -1;
            bool moved;
            if (utf8_chars(k->text, strlen(k->text)) != 1) { /* a whole dash */
                if (x >= 0 && !move_value(t, k, vc, at, x, &moved))
                    return false;
                continue;
            }
            if (i > 0 && x < 0)
                continue; /* after a value: no cell to tell */
            if (x < 0 && w.nopen > 0) { /* first on its line: ends the earliest half */
                x = w.cell[0];
            } else if (x < 0) {
                x = cell_before(t, l);
                if (x < 0)
                    continue;
            }
            int o = 0;
            while (o < w.nopen && w.cell[o] != x)
                o++;
            if (o == w.nopen) { /* a half begun */
                if (w.nopen < MAX_OPEN_HALVES) {
                    w.upper[w.nopen] = k;
                    w.cell[w.nopen++] = x;
                }
                continue;
            }
            if (!join_halves(t, w.upper[o], k, vc, at, x))
                return false;
            memmove(&w.upper[o], &w.upper[o + 1], (size_t)(w.nopen - o - 1) * sizeof *w.upper);
            memmove(&w.cell[o], &w.cell[o + 1], (size_t)(w.nopen - o - 1) * sizeof *w.cell);
            w.nopen--;
        }
    }
    return true;
}

/* A coded cell's name printed as one piece that is its code-list name's halves swapped
 * ("费公务接待": pdftotext set a name wrapped round its code's line, its first half above the
 * line and its last below, both beginning at one place, on that line as one word, the last
 * half first): the printed characters in the order that spells the name (the layout
 * reader's rule, layout_rows.c name_in_spelling_order). NULL: as printed. */
static char *name_halves_swapped(const tab *t, const chunk *ch, const char *label)
{
    if (!ch->code[0] || !flat_is_coded(t->slots[ch->slot].pd) || ch->above.len || ch->below.len ||
        !ch->klabel.len || strcmp(label, ch->klabel.data) != 0)
        return NULL;
    const char *names[2];
    code_names(t, ch, names);
    size_t len = strlen(label);
    for (int n = 0; n < 2; n++) {
        const char *want = names[n];
        if (!want || strlen(want) != len || strcmp(want, label) == 0)
            continue;
        for (size_t k = 1; k < len; k++) {
            if (((unsigned char)label[k] & 0xC0) == 0x80 || strncmp(label + k, want, len - k) != 0 ||
                strncmp(label, want + len - k, k) != 0)
                continue;
            char *s = malloc(len + 1);
            if (s) {
                memcpy(s, label + k, len - k);
                memcpy(s + len - k, label, k);
                s[len] = '\0';
            }
            return s;
        }
    }
    return NULL;
}

/* The grid row of one printed row (chunks [first, end)): each chunk's key cells and values
 * in its slot. */
bool flat_emit_row(tab *t, int first, int end)
{
    int extra = 0;
    for (int c = first; c < end; c++)
        for (int v = 0; v < t->ch[c].nvals; v++)
            extra += t->ch[c].pos[v] < 0;
    gridrow *g = flat_gridrow_new(t->width + extra);
    if (!g)
        return false;
    int over = t->width;
    bool ok = true;
    for (int c = first; c < end && ok; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        char *label = flat_label_text(ch);
        ok = label != NULL;
        long kpos = ch->key ? ch->key->pos : 1;
        for (int k = 0; k < sl->nkeys && ok; k++) {
            int cell = sl->first + k;
            switch (sl->pd->roles[k]) {
            case ROLE_CODE:
                if (ch->code[0] || *label)
                    ok = flat_cell_set(g, cell, ch->code[0] ? ch->code : label, kpos);
                break;
            case ROLE_NAME:
                if (ch->code[0] && *label) {
                    char *turned = name_halves_swapped(t, ch, label);
                    ok = flat_cell_set(g, cell, turned ? turned : label, kpos);
                    free(turned);
                }
                break;
            case ROLE_LABEL:
                if (*label)
                    ok = flat_cell_set(g, cell, label, kpos);
                break;
            case ROLE_LINENO:
                if (ch->lineno)
                    ok = flat_cell_set(g, cell, ch->lineno->text, ch->lineno->pos);
                break;
            default:
                break;
            }
        }
        free(label);
        for (int v = 0; v < ch->nvals && ok; v++) {
            int cell = ch->pos[v] >= 0 ? flat_value_cell(t, ch->slot, ch->pos[v]) : over++;
            ok = flat_cell_set(g, cell, ch->vals[v]->text, ch->vals[v]->pos);
        }
    }
    if (!ok) {
        flat_gridrow_free(g);
        return false;
    }
    return flat_attach(t->fd, t->ch[first].line, g);
}

/* A header printed among the rows (公开10 prints 项目 行次 统计数 under its first heading):
 * its words in their cells. */
bool flat_emit_inline_header(tab *t, size_t line)
{
    const tokline *tl = &t->fd->toks[line];
    gridrow *g = flat_gridrow_new(t->width);
    if (!g)
        return false;
    bool ok = true;
    for (int k = 0; k < tl->n && ok;) {
        hitem it;
        int len = flat_match_header(t, tl, k, &it);
        if (len <= 0) {
            ok = len == 0;
            k++;
            continue;
        }
        for (int s = 0; s < t->nslots && !it.used; s++) {
            const slot *sl = &t->slots[s];
            if (it.kind == HK_ROLE) {
                int r = flat_role_index(sl->pd, it.role);
                if (r >= 0 && flat_cell_free_at(g, sl->first + r))
                    it.used = flat_cell_set(g, sl->first + r, it.text, tl->t[k].pos);
            } else if (it.kind == HK_COL && sl->part == it.part &&
                       flat_cell_free_at(g, flat_value_cell(t, s, it.col))) {
                it.used = flat_cell_set(g, flat_value_cell(t, s, it.col), it.text, tl->t[k].pos);
            }
        }
        free(it.text);
        k += len;
    }
    if (!ok) {
        flat_gridrow_free(g);
        return false;
    }
    if (flat_row_empty(g)) {
        flat_gridrow_free(g);
        return true;
    }
    return flat_attach(t->fd, line, g);
}
