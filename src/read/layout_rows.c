/* layout_rows.c — rows and output (read_layout.c, steps 6 and 7): per column group the body
 * lines cut into rows (wrapped names and amounts joined to their row), each row written as a
 * grid line at the line of its code; a table without key columns kept as printed; one
 * table read through all its stages (layout_read_table). */
#include "read/layout_internal.h"

/* ------------------------------------------------------------------- rows --- */

typedef struct gline {
    size_t li;
    int bi;          /* index among the table's body lines */
    bool hard;       /* holds a code (or a template's placeholder) or a 行次 */
    char *code;      /* key of its code */
    char *label;     /* key of its label text, ordinal included */
    char *bare;      /* the same without the ordinal */
    bool ordinal;
    bool lent;       /* amounts alone, of a total an earlier group labels on the line
                      * (lent_amounts): a row of their own */
    int prev, next;  /* a code's distance to the group's codes before and after it, -1 */
} gline;

typedef struct grows {
    tbl *t;
    int group;
    bool keyed;      /* the group has key columns */
    int codes;       /* lines holding a code */
    gline *g;
    int n;
    size_t *body;    /* line index of each body line */
    int nbody;
    int *start;      /* first gline of the row ending at each gline (dynamic programme) */
    double *best;
} grows;

static bool in_group(const grows *G, const piece *p)
{
    return p->col >= 0 && G->t->cols[p->col].group == G->group;
}

static ckind kind_at(const grows *G, const piece *p)
{
    return G->t->cols[p->col].kind;
}

static bool label_piece(const grows *G, const piece *p)
{
    return in_group(G, p) && p->kind == TK_TEXT && kind_at(G, p) != CK_VALUE && kind_at(G, p) != CK_LINENO;
}

static bool hard_piece(const grows *G, const piece *p)
{
    if (!in_group(G, p))
        return false;
    ckind k = kind_at(G, p);
    return (k == CK_CODE && (p->kind == TK_CODE || p->kind == TK_MARK || p->kind == TK_INT)) ||
           (k == CK_LINENO && (p->kind == TK_INT || p->kind == TK_CODE));
}

static bool lent_amounts(const grows *G, size_t li);

/* What a body line holds for the group; false when nothing. */
static bool group_line(grows *G, size_t li, int bi, gline *g)
{
    const lline *l = &G->t->L->ln[li];
    memset(g, 0, sizeof *g);
    g->li = li;
    g->bi = bi;
    bool any = false;
    strbuf text;
    sb_init(&text);
    for (int k = 0; k < l->np; k++) {
        const piece *p = &l->p[k];
        if (!in_group(G, p))
            continue;
        any = true;
        size_t len;
        const char *s = layout_piece_text(l, p, &len);
        if (hard_piece(G, p)) {
            g->hard = true;
            if (p->kind == TK_CODE && kind_at(G, p) == CK_CODE && !g->code)
                g->code = layout_key_of(G->t->L->ctx, s, len);
        } else if (label_piece(G, p)) {
            if (text.len)
                sb_addc(&text, ' ');
            sb_add(&text, s, len);
        }
    }
    char *label = sb_take(&text);
    if (label && *label) {
        g->label = layout_key_of(G->t->L->ctx, label, strlen(label));
        g->bare = layout_bare_key(G->t->L->ctx, label, strlen(label), &g->ordinal);
    }
    free(label);
    g->lent = any && G->keyed && lent_amounts(G, li);
    return any;
}

/* The text group g prints on line l, joined by spaces; *bare: false when the group holds
 * anything but label text there (a value, a code, a 行次). NULL when nothing. */
static char *group_label_text(const tbl *t, const lline *l, int g, bool *bare)
{
    strbuf text;
    sb_init(&text);
    *bare = true;
    for (int k = 0; k < l->np; k++) {
        const piece *p = &l->p[k];
        if (p->col < 0 || t->cols[p->col].group != g)
            continue;
        ckind ck = t->cols[p->col].kind;
        if (ck == CK_VALUE || ck == CK_LINENO || p->kind != TK_TEXT) {
            *bare = false;
            break;
        }
        size_t len;
        const char *s = layout_piece_text(l, p, &len);
        if (text.len)
            sb_addc(&text, ' ');
        sb_add(&text, s, len);
    }
    return sb_take(&text);
}

/* Does line li hold only amounts of the group, while an earlier group labels on it a row
 * of the definitions with neither code nor amount of its own (公开06's 公用经费合计 in the
 * second group, its 81.09 under the fourth group's 决算数)? The amounts are that row's: they
 * never join a row of their own group above or below (39999 其他支出, its amount blank, two
 * lines up), and stay on the label's line. The label may be wrapped in its cell, its other
 * half on the line below or above (公用经 / 费合计) with nothing else of that group. */
static bool lent_amounts(const grows *G, size_t li)
{
    const tbl *t = G->t;
    const lay *L = t->L;
    const lline *l = &L->ln[li];
    bool own = false;
    for (int k = 0; k < l->np; k++) {
        const piece *p = &l->p[k];
        if (in_group(G, p) && (kind_at(G, p) != CK_VALUE || p->kind == TK_TEXT))
            return false;
        own |= in_group(G, p);
    }
    bool lent = false;
    for (int g = 0; own && g < G->group && !lent; g++) {
        bool bare;
        char *label = group_label_text(t, l, g, &bare);
        lent = bare && label && *label && layout_row_label(t, label, strlen(label));
        for (int d = -1; d <= 1 && bare && !lent && label && *label; d += 2) {
            if ((d < 0 && li == 0) || (d > 0 && li + 1 >= L->n))
                continue;
            bool obare;
            char *other = group_label_text(t, &L->ln[li + (size_t)d], g, &obare);
            if (obare && other && *other) {
                strbuf j;
                sb_init(&j);
                sb_add(&j, d < 0 ? other : label, strlen(d < 0 ? other : label));
                sb_add(&j, d < 0 ? label : other, strlen(d < 0 ? label : other));
                char *joined = sb_take(&j);
                lent = joined && layout_row_label(t, joined, strlen(joined));
                free(joined);
            }
            free(other);
        }
        free(label);
    }
    return lent;
}

static void free_glines(grows *G)
{
    for (int k = 0; k < G->n; k++) {
        free(G->g[k].code);
        free(G->g[k].label);
        free(G->g[k].bare);
    }
    free(G->g);
    free(G->start);
    free(G->best);
}

/* "1614.4" over "5": an amount wrapped inside its cell, to the usual decimals. */
static bool wrapped(const lay *L, const lline *la, const piece *a, const lline *lb, const piece *b)
{
    size_t na, nb;
    const char *sa = layout_piece_text(la, a, &na);
    layout_piece_text(lb, b, &nb);
    const char *dot = memchr(sa, '.', na);
    if (!dot || (a->kind != TK_NUM && a->kind != TK_INT) || b->kind == TK_TEXT ||
        !layout_all_digits(lb->t[b->t0].s, nb))
        return false;
    int k = (int)(sa + na - dot - 1);
    return k < L->decimals && k + (int)nb == L->decimals;
}

/* The pieces of a row in one column, top down. */
static int column_pieces(const grows *G, int a, int b, int col, const lline **ls, const piece **ps, int max)
{
    int n = 0;
    for (int i = a; i <= b; i++) {
        const lline *l = &G->t->L->ln[G->g[i].li];
        for (int k = 0; k < l->np && n < max; k++)
            if (l->p[k].col == col) {
                ls[n] = l;
                ps[n++] = &l->p[k];
            }
    }
    return n;
}

/* Several pieces of a row in one value column are one amount wrapped inside its cell
 * ("1614.4" over "5"), or one dash ("—" over "—"). */
static bool one_value(const lay *L, const lline **ls, const piece **ps, int n)
{
    if (n == 2 && ps[0]->kind != TK_NA && ls[0] != ls[1])
        return wrapped(L, ls[0], ps[0], ls[1], ps[1]);
    char mark[16];
    size_t len = 0;
    for (int k = 0; k < n; k++) {
        size_t m;
        const char *s = layout_piece_text(ls[k], ps[k], &m);
        if (ps[k]->kind != TK_NA || len + m >= sizeof mark)
            return false;
        memcpy(mark + len, s, m);
        len += m;
    }
    mark[len] = '\0';
    return cell_parse(&L->ctx->vocab, mark).kind == CELL_NA;
}

/* At most one amount per value column in a row, or one wrapped inside its cell; *joins
 * counts those. */
static bool values_fit(const grows *G, int a, int b, int *joins)
{
    *joins = 0;
    for (int c = 0; c < G->t->ncols; c++) {
        if (G->t->cols[c].group != G->group || G->t->cols[c].kind != CK_VALUE)
            continue;
        const lline *ls[MAX_ROW_LINES];
        const piece *ps[MAX_ROW_LINES];
        int n = column_pieces(G, a, b, c, ls, ps, MAX_ROW_LINES);
        if (n > 1 && !one_value(G->t->L, ls, ps, n))
            return false;
        *joins += n > 1;
    }
    return true;
}

static bool has_values(const grows *G, int i)
{
    const lline *l = &G->t->L->ln[G->g[i].li];
    for (int k = 0; k < l->np; k++)
        if (in_group(G, &l->p[k]) && kind_at(G, &l->p[k]) == CK_VALUE)
            return true;
    return false;
}

/* The key of a row's label: its lines' label text in order, the first without ordinal. */
static char *row_label_key(const grows *G, int a, int b)
{
    strbuf sb;
    sb_init(&sb);
    bool first = true;
    for (int i = a; i <= b; i++)
        if (G->g[i].label) {
            sb_adds(&sb, first ? G->g[i].bare : G->g[i].label);
            first = false;
        }
    return sb_take(&sb);
}

enum { ALIGN_TOP, ALIGN_CENTRE, ALIGN_BOTTOM };
enum { MIN_CODED = 3 }; /* codes that make a group one of coded rows (label_score) */

/* How far from its code (gline h) a row's text may stand, below it or above it, at no
 * cost: half the way to the next code on that side (rows of tall cells spread their text
 * far), or to the one on the other side at the table's edge; at least one line. */
static double row_reach(const grows *G, int h, bool down)
{
    const gline *g = &G->g[h];
    int gap = down ? (g->next >= 0 ? g->next : g->prev) : (g->prev >= 0 ? g->prev : g->next);
    return gap > 2 ? gap / 2.0 : 1;
}

/* For each code, how many lines back and on the group's previous and next codes are. */
static void measure_codes(grows *G)
{
    int last = -1;
    for (int i = 0; i < G->n; i++) {
        G->g[i].prev = G->g[i].next = -1;
        if (!G->g[i].hard)
            continue;
        if (last >= 0) {
            G->g[i].prev = G->g[i].bi - G->g[last].bi;
            G->g[last].next = G->g[i].prev;
        }
        last = i;
    }
}

typedef struct rowshape {
    int hard;   /* the line of its code or 行次, -1 */
    int labels; /* lines with label text */
    int first;  /* the first of them, -1 */
} rowshape;

/* A row holds at most one code or 行次, and text that begins a label (an ordinal) only
 * on the first of its label lines. */
static bool row_shape(const grows *G, int a, int b, rowshape *r)
{
    *r = (rowshape){-1, 0, -1};
    for (int i = a; i <= b; i++) {
        const gline *g = &G->g[i];
        if ((g->hard && r->hard >= 0) || (g->label && r->first >= 0 && g->ordinal))
            return false;
        if (g->hard)
            r->hard = i;
        if (g->label && r->first < 0)
            r->first = i;
        r->labels += g->label != NULL;
    }
    return true;
}

/* Do the row's label lines spell its code-list name in another order than printed
 * ("31206 助" over "其他资本性补": pdftotext set a wrapped name's lines out of order; the
 * row is written in the spelling order, name_in_spelling_order)? */
static bool spelt_in_other_order(const grows *G, int a, int b, const char *want)
{
    const char *parts[TEXT_TILES_MAX];
    int n = 0, order[TEXT_TILES_MAX];
    for (int i = a; i <= b; i++)
        if (G->g[i].label) {
            if (n == TEXT_TILES_MAX)
                return false;
            parts[n] = n ? G->g[i].label : G->g[i].bare;
            n++;
        }
    return n > 1 && text_tiles(want, parts, n, order);
}

/* What the row's label says: the name the code list gives its code, or a label the
 * definitions know (+10); text that leaves it unfinished, a code without its name, or a
 * label alone that is none (less); amounts with neither code nor label (less). */
static double label_score(const grows *G, int a, int b, const rowshape *r, bool *matched)
{
    char *key = row_label_key(G, a, b);
    if (!key)
        return NEG;
    bool fragments = r->labels > 1 || (r->labels == 1 && r->first != r->hard);
    const char *want = r->hard >= 0 && G->g[r->hard].code ? layout_code_name(G->t->L->ctx, G->g[r->hard].code) : NULL;
    double s = 0;
    *matched = false;
    if (want) {
        /* a code without any name (pdftotext may set the name, and the amounts, on the
         * line below: `30109 … 172.84  30207` / `邮电费  34.56`) leaves its name to a row
         * of its own: it costs as much as a name left unfinished */
        *matched = strcmp(key, want) == 0 || (r->labels > 1 && spelt_in_other_order(G, a, b, want));
        s = *matched ? 10 : fragments || !r->labels ? -4 : 0;
    } else if (r->labels) {
        /* a code list's name alone where the group prints its codes is most likely the
         * first line of a coded row's wrapped name ("对企业补助" over "311 (基本建设)", 312's
         * name over 311's code): worth less than the row whose name it completes */
        *matched = layout_row_key(G->t, key);
        bool loose = *matched && G->codes >= MIN_CODED && !layout_def_row_key(G->t, key);
        s = *matched ? (loose ? 4 : 10) : r->hard < 0 ? -6 : fragments ? -2 : 0;
    } else if (r->hard < 0) {
        s = -3;
    }
    free(key);
    return s;
}

/* Lines farther from the row's code than they may stand, and label text wrapped the
 * other way than the document's rows, cost; *vote: the alignment a matched row shows. */
static double place_score(const grows *G, int a, int b, const rowshape *r, int mode,
                          bool matched, int *vote)
{
    double s = 0;
    int above_n = 0, below_n = 0, hard = r->hard;
    for (int i = a; i <= b; i++) {
        int from = hard >= 0 ? G->g[hard].bi : i > a ? G->g[i - 1].bi : G->g[i].bi;
        double d = abs(G->g[i].bi - from), reach = hard >= 0 ? row_reach(G, hard, i > hard) : 1;
        s -= 1.5 * (d > reach ? d - reach : 0);
        above_n += hard >= 0 && G->g[i].label && i < hard;
        below_n += hard >= 0 && G->g[i].label && i > hard;
    }
    *vote = -1;
    if (hard < 0 || (!above_n && !below_n))
        return s;
    int skew = abs(above_n - below_n);
    s -= mode == ALIGN_TOP      ? 2 * above_n
         : mode == ALIGN_BOTTOM ? 2 * below_n
         : mode == ALIGN_CENTRE ? 2 * (skew > 1 ? skew - 1 : 0)
                                : 0;
    if (matched)
        *vote = above_n && below_n ? ALIGN_CENTRE : above_n ? ALIGN_BOTTOM : ALIGN_TOP;
    return s;
}

/* How likely lines a..b of the group are one row (the dynamic programme's score): see
 * row_shape, label_score and place_score; an amount made whole again adds too. */
static double row_score(const grows *G, int a, int b, int mode, int *vote)
{
    rowshape r;
    int joins;
    bool matched;
    *vote = -1;
    if (!row_shape(G, a, b, &r))
        return NEG;
    if (!G->keyed)
        return a == b ? 0 : NEG;
    for (int i = a; i <= b && a < b; i++)
        if (G->g[i].lent)
            return NEG;
    if (!values_fit(G, a, b, &joins))
        return NEG;
    double label = label_score(G, a, b, &r, &matched);
    return label <= NEG ? NEG : 3 * joins + label + place_score(G, a, b, &r, mode, matched, vote);
}

/* Cuts the group's lines into rows at the highest total score. */
static void cut_rows(grows *G, int mode)
{
    G->best[0] = 0;
    for (int i = 1; i <= G->n; i++) {
        G->best[i] = NEG * 10;
        G->start[i - 1] = i - 1;
        for (int j = i - 1; j >= 0 && j >= i - MAX_ROW_LINES; j--) {
            int vote;
            double s = G->best[j] + row_score(G, j, i - 1, mode, &vote);
            if (s > G->best[i]) {
                G->best[i] = s;
                G->start[i - 1] = j;
            }
        }
    }
}

static void count_votes(grows *G, int mode, int *votes)
{
    for (int i = G->n; i > 0; i = G->start[i - 1]) {
        int vote;
        row_score(G, G->start[i - 1], i - 1, mode, &vote);
        if (vote >= 0)
            votes[vote]++;
    }
}

static int majority(const int *votes)
{
    int m = -1;
    for (int k = 0; k < 3; k++)
        if (votes[k] > 0 && (m < 0 || votes[k] > votes[m]))
            m = k;
    return m;
}

/* ----------------------------------------------------------------- output --- */

static ocell *grid_line(tbl *t, size_t li)
{
    lline *l = &t->L->ln[li];
    if (l->out)
        return l->out;
    l->out = calloc((size_t)t->ncols, sizeof *l->out);
    if (!l->out) {
        t->L->nomem = true;
        return NULL;
    }
    l->nout = t->ncols;
    const zone *z = t->blocks[t->main].zones;
    for (int c = 0; c < t->ncols; c++) { /* an empty cell sits where its column is */
        l->out[c].from = -1;
        l->out[c].pos = z[c].l > 0 ? (long)z[c].l + 1 : 1;
    }
    return l->out;
}

/* Appends text to a cell; glue: an amount's wrapped digits join without a blank. */
void layout_cell_add(lay *L, ocell *o, const char *s, size_t len, bool glue, size_t from, const tok *first)
{
    size_t old = o->text ? strlen(o->text) : 0;
    char *t = realloc(o->text, old + len + 2);
    if (!t) {
        L->nomem = true;
        return;
    }
    if (old && !glue)
        t[old++] = ' ';
    memcpy(t + old, s, len);
    t[old + len] = '\0';
    o->text = t;
    if (o->from < 0) {
        o->from = (long)from;
        o->pos = first->pos;
        o->ci = first->ci;
    }
}

static bool group_taken(const grows *G, size_t li)
{
    const lline *l = &G->t->L->ln[li];
    for (int c = 0; l->out && c < l->nout; c++)
        if (G->t->cols[c].group == G->group && l->out[c].text)
            return true;
    return false;
}

/* Does body line li hold an amount of a later group where that group has no text: the
 * amount of a label of this group set in the last group's column (公开06's 公用经费合计,
 * its 81.09 under the fourth group's 决算数)? */
static bool amount_beyond(const grows *G, size_t li)
{
    const lline *l = &G->t->L->ln[li];
    for (int k = 0; k < l->np; k++) {
        const piece *p = &l->p[k];
        if (p->col < 0 || G->t->cols[p->col].group <= G->group || kind_at(G, p) != CK_VALUE)
            continue;
        bool labelled = false;
        for (int j = 0; j < l->np && !labelled; j++)
            labelled = l->p[j].col >= 0 &&
                       G->t->cols[l->p[j].col].group == G->t->cols[p->col].group &&
                       l->p[j].kind == TK_TEXT && kind_at(G, &l->p[j]) != CK_VALUE;
        if (!labelled)
            return true;
    }
    return false;
}

/* The line a row is written on: its code's, else its amounts', else a line of it whose
 * amount stands in a later group's column, else the middle of the lines it spans (a
 * merged label "人员经费 / 合计" around its amount); a line another row of the group has
 * taken is skipped. */
static size_t row_line(const grows *G, int a, int b)
{
    int hard = -1, val = -1, beyond = -1;
    for (int i = a; i <= b; i++) {
        if (G->g[i].hard)
            hard = i;
        else if (val < 0 && has_values(G, i))
            val = i;
    }
    for (int i = a; i <= b && hard < 0 && val < 0 && beyond < 0; i++)
        if (amount_beyond(G, G->g[i].li))
            beyond = i;
    size_t li = hard >= 0 ? G->g[hard].li
                : val >= 0 ? G->g[val].li
                : beyond >= 0 ? G->g[beyond].li
                           : G->body[(G->g[a].bi + G->g[b].bi) / 2];
    for (int i = a; i <= b && group_taken(G, li); i++)
        li = G->g[i].li;
    return li;
}

/* The cell's text made of the words in the order found, one space between them. */
static void cell_in_order(grows *G, ocell *cell, char *const *words, const int *order, int n)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++) {
        if (sb.len)
            sb_addc(&sb, ' ');
        sb_adds(&sb, words[order[i]]);
    }
    char *t = sb_take(&sb);
    if (t) {
        free(cell->text);
        cell->text = t;
    } else {
        G->t->L->nomem = true;
    }
}

/* A coded row's name whose wrapped lines pdftotext set out of order ("其他政府办公厅" /
 * "机构 事务支出" / "（室）及相关"; "建设支出" over "其他基本"): when its lines spell the code
 * list's name only in another order, they are written in that order (the printed words,
 * never the list's). */
static void name_in_spelling_order(grows *G, int a, int b, ocell *out)
{
    lay *L = G->t->L;
    const char *code = NULL;
    for (int i = a; i <= b && !code; i++)
        code = G->g[i].code;
    const char *want = code ? layout_code_name(L->ctx, code) : NULL;
    char *text[TEXT_TILES_MAX], *key[TEXT_TILES_MAX];
    int n = 0, col = -1;
    bool ok = want != NULL;
    for (int i = a; ok && i <= b; i++) {
        const lline *l = &L->ln[G->g[i].li];
        strbuf sb;
        sb_init(&sb);
        for (int k = 0; k < l->np; k++) {
            const piece *p = &l->p[k];
            if (!in_group(G, p) || kind_at(G, p) != CK_NAME)
                continue;
            ok &= col < 0 || p->col == col; /* one name cell */
            col = p->col;
            size_t len;
            const char *s = layout_piece_text(l, p, &len);
            if (sb.len)
                sb_addc(&sb, ' ');
            sb_add(&sb, s, len);
        }
        if (!sb.len) {
            sb_free(&sb);
            continue;
        }
        if (n == TEXT_TILES_MAX) {
            sb_free(&sb);
            ok = false;
            break;
        }
        text[n] = sb_take(&sb);
        key[n] = text[n] ? text_key(&G->t->L->ctx->variants, text[n], strlen(text[n])) : NULL;
        ok &= key[n] != NULL;
        n++;
    }
    int order[TEXT_TILES_MAX];
    strbuf in_order;
    sb_init(&in_order);
    for (int i = 0; ok && i < n; i++)
        sb_adds(&in_order, key[i]);
    if (ok && n >= 2 && in_order.data && strcmp(in_order.data, want) != 0 &&
        text_tiles(want, (const char *const *)key, n, order)) {
        cell_in_order(G, &out[col], text, order, n);
    } else if (ok && n == 1 && strcmp(key[0], want) != 0 && strchr(text[0], ' ')) {
        /* the name's lines set apart on one line in the wrong order ("缮 大型修": pdftotext
           put 大型修, above the code's line, after 缮 on it): its pieces, when they spell the
           list's name in another order, are written in that order */
        char *part[TEXT_TILES_MAX], *pkey[TEXT_TILES_MAX];
        int np = 0;
        bool fine = true;
        for (char *q = text[0], *e; fine && q && *q; q = e ? e + 1 : NULL) {
            e = strchr(q, ' ');
            size_t len = e ? (size_t)(e - q) : strlen(q);
            if (!len)
                continue;
            if (np == TEXT_TILES_MAX) {
                fine = false;
                break;
            }
            part[np] = strndup(q, len);
            pkey[np] = part[np] ? text_key(&L->ctx->variants, part[np], len) : NULL;
            fine &= part[np] != NULL && pkey[np] != NULL;
            np++;
        }
        if (fine && np >= 2 && text_tiles(want, (const char *const *)pkey, np, order))
            cell_in_order(G, &out[col], part, order, np);
        for (int i = 0; i < np; i++) {
            free(part[i]);
            free(pkey[i]);
        }
    } else if (ok && n == 1 && strcmp(key[0], want) != 0 && strcmp(text[0], key[0]) == 0 &&
               strlen(want) == strlen(key[0])) {
        /* the name's lines side by side on one line, the last first ("费公务接待": pdftotext
           set 公务接待 and 费, above and below the code's line and beginning where each
           other begins, on that line in the wrong order) */
        size_t len = strlen(key[0]);
        for (size_t k = 1; k < len; k++) {
            if (((unsigned char)key[0][k] & 0xC0) == 0x80 || strncmp(key[0] + k, want, len - k) != 0 ||
                strncmp(key[0], want + len - k, k) != 0)
                continue;
            char *t = malloc(len + 1);
            if (!t) {
                L->nomem = true;
                break;
            }
            memcpy(t, text[0] + k, len - k);
            memcpy(t + len - k, text[0], k);
            t[len] = '\0';
            free(out[col].text);
            out[col].text = t;
            break;
        }
    }
    sb_free(&in_order);
    for (int i = 0; i < n; i++) {
        free(text[i]);
        free(key[i]);
    }
}

static void emit_row(grows *G, int a, int b)
{
    lay *L = G->t->L;
    ocell *out = grid_line(G->t, row_line(G, a, b));
    for (int i = a; out && i <= b; i++) {
        const lline *l = &L->ln[G->g[i].li];
        for (int k = 0; k < l->np; k++) {
            const piece *p = &l->p[k];
            if (!in_group(G, p))
                continue;
            size_t len;
            const char *s = layout_piece_text(l, p, &len);
            bool glue = kind_at(G, p) == CK_VALUE && out[p->col].text;
            layout_cell_add(L, &out[p->col], s, len, glue, G->g[i].li, &l->t[p->t0]);
        }
    }
    if (out)
        name_in_spelling_order(G, a, b, out);
}

static bool group_rows(tbl *t, int group, size_t *body, int nbody)
{
    lay *L = t->L;
    grows G = {.t = t, .group = group, .body = body, .nbody = nbody};
    for (int c = 0; c < t->ncols; c++)
        G.keyed |= t->cols[c].group == group && t->cols[c].kind != CK_VALUE;
    G.g = calloc((size_t)nbody + 1, sizeof *G.g);
    G.start = calloc((size_t)nbody + 1, sizeof *G.start);
    G.best = calloc((size_t)nbody + 2, sizeof *G.best);
    bool ok = G.g && G.start && G.best;
    for (int k = 0; ok && k < nbody; k++)
        if (group_line(&G, body[k], k, &G.g[G.n]))
            G.codes += G.g[G.n++].code != NULL;
    if (ok && G.n) {
        measure_codes(&G);
        int mode = majority(L->votes), votes[3] = {0, 0, 0};
        cut_rows(&G, mode);
        count_votes(&G, mode, votes);
        for (int k = 0; k < 3; k++)
            L->votes[k] += votes[k];
        if (majority(L->votes) != mode)
            cut_rows(&G, majority(L->votes));
        for (int i = G.n; i > 0; i = G.start[i - 1])
            emit_row(&G, G.start[i - 1], i - 1);
    }
    free_glines(&G);
    return ok && !L->nomem;
}

/* Each column group (公开01: 收入 | 支出; 公开06: four) is cut into rows of its own. */
static bool body_rows(tbl *t)
{
    size_t *body = calloc(t->end - t->start + 1, sizeof *body);
    if (!body)
        return false;
    int nbody = 0;
    for (size_t i = t->start; i < t->end; i++)
        if (t->L->ln[i].role == LR_BODY && layout_content(&t->L->ln[i]))
            body[nbody++] = i;
    bool ok = true;
    for (int g = 0; ok && t->ncols && g <= t->cols[t->ncols - 1].group; g++)
        ok = group_rows(t, g, body, nbody);
    free(body);
    return ok;
}

/* A header block as the rows of a tab text: one row per level, a label in the first
 * column it spans; the 栏次 row with its numbers over their columns. */
static void emit_block(tbl *t, hblock *b)
{
    for (int c = 0; c < b->ncells; c++)
        if (b->cells[c].nchildren)
            b->cells[c].col = -1;
    for (int c = 0; c < b->ncells; c++)
        for (int u = b->cells[c].nchildren ? -1 : b->cells[c].parent, k = 0;
             b->cells[c].col >= 0 && u >= 0 && k < b->ncells; u = b->cells[u].parent, k++)
            if (b->cells[u].col < 0 || b->cells[u].col > b->cells[c].col)
                b->cells[u].col = b->cells[c].col;
    for (int c = 0; c < b->ncells && b->nlines; c++) {
        const hcell *C = &b->cells[c];
        int depth = C->depth < b->nlines ? C->depth : b->nlines - 1;
        ocell *out = C->col >= 0 ? grid_line(t, b->lines[depth]) : NULL;
        if (out)
            layout_cell_add(t->L, &out[C->col], C->text, strlen(C->text), false, (size_t)C->line, C->first);
    }
    if (b->colno < 0)
        return;
    const lline *l = &t->L->ln[b->colno];
    const zone *z = b->placed ? b->zones : t->blocks[t->main].zones;
    ocell *out = grid_line(t, (size_t)b->colno);
    for (int k = 0; out && k < l->nt; k++) {
        const tok *x = &l->t[k];
        bool number = x->kind == TK_INT || x->kind == TK_CODE;
        int c = -1;
        for (int j = 0; number && j < t->ncols && c < 0; j++)
            if (z[j].anchor == x->l)
                c = j;
        if (c < 0)
            c = layout_nearest_column(t, z, x->l, x->r, !number);
        if (c >= 0)
            layout_cell_add(t->L, &out[c], x->s, x->len, false, (size_t)b->colno, x);
    }
}

/* A form (项目支出绩效自评表) or a grid without a header: each line's pieces as its
 * cells, in order; the form reader finds its fields by their labels. */
static bool read_form(tbl *t)
{
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &t->L->ln[i];
        if (!layout_content(l))
            continue;
        l->nout = l->np > 1 ? l->np : 2;
        l->out = calloc((size_t)l->nout, sizeof *l->out);
        if (!l->out)
            return false;
        for (int k = 0; k < l->nout; k++) {
            l->out[k].from = -1;
            l->out[k].pos = 1;
        }
        for (int k = 0; k < l->np; k++) {
            size_t len;
            const char *s = layout_piece_text(l, &l->p[k], &len);
            layout_cell_add(t->L, &l->out[k], s, len, false, i, &l->t[l->p[k].t0]);
        }
    }
    return !t->L->nomem;
}

bool layout_read_table(tbl *t)
{
    layout_classify_lines(t);
    bool ok = layout_find_blocks(t) && layout_build_columns(t);
    if (ok && !t->ncols) { /* no header to take columns from */
        layout_free_blocks(t);
        for (size_t i = t->start; i < t->end; i++)
            if (t->L->ln[i].role != LR_FURNITURE)
                t->L->ln[i].role = LR_TEXT;
        return read_form(t);
    }
    if (ok) {
        layout_govern_lines(t);
        layout_place_codes(t);
    }
    ok = ok && layout_fit_body(t) && layout_page_shifts(t) && layout_learn_edges(t, true);
    if (ok)
        layout_move_edges(t);
    ok = ok && layout_page_edges(t) && layout_learn_edges(t, false);
    if (ok)
        layout_move_edges(t);
    ok = ok && layout_value_clusters(t) && layout_fit_body(t) && body_rows(t);
    for (int b = 0; ok && b < t->nblocks; b++)
        emit_block(t, &t->blocks[b]);
    for (size_t i = t->start; ok && i < t->end; i++)
        t->L->ln[i].cleared = !t->L->ln[i].out;
    layout_free_blocks(t);
    return ok && !t->L->nomem;
}

bool layout_wide_at(const char *s, bool last)
{
    size_t n = strlen(s), i = 0;
    if (last) /* back to the last character's first byte */
        for (i = n; i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80; i--)
            ;
    unsigned cp = 0;
    if (n)
        layout_u8_next(s + (last && i ? i - 1 : 0), &cp);
    return layout_cp_width(cp) == 2;
}
