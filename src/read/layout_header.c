/* layout_header.c — a table's region and its header (read_layout.c, steps 3 and 4): the
 * region from a title of the definitions to its note, the next title, a part heading or
 * prose, its lines' roles; header blocks; their tokens joined into the labels the
 * definitions know (also over lines); the labels' structure (spans over leaves, 栏次). */
#include "read/layout_internal.h"

/* ---------------------------------------------------------------- regions --- */

char *layout_trimmed(const lline *l)
{
    return text_trim(l->text, strlen(l->text));
}

/* The definitions whose title the line is; false when none. */
bool layout_title_of(lay *L, const lline *l, tbl *t)
{
    memset(t, 0, sizeof *t);
    t->L = L;
    if (!l->nt || l->role != LR_TEXT)
        return false;
    char *text = layout_trimmed(l);
    char *key = text ? read_title_key(L->ctx, text) : NULL;
    for (size_t d = 0; key && d < L->ctx->defs.count && t->ndefs < MAX_DEFS; d++) {
        const table_def *def = &L->ctx->defs.tables[d];
        if (recognise_title_matches(def, key)) {
            t->defs[t->ndefs++] = def;
            t->form |= def->kind == TABLE_PERFORMANCE;
        }
    }
    free(key);
    free(text);
    return t->ndefs > 0;
}

/* A table without key columns (三公 prints one row of amounts): no line of it begins with
 * a row's label, so a wrapped header word that names a code too (公务用车购置, wrapped from
 * 公务用车购置及运行维护费) stays a header word. */
static bool keyless(const tbl *t)
{
    for (int i = 0; i < t->ndefs; i++)
        for (size_t p = 0; p < t->defs[i]->nparts; p++)
            if (t->defs[i]->parts[p].nroles)
                return false;
    return t->ndefs > 0;
}

/* A line made of header words, the first of which is no row label, unless it stands with
 * other header words right of the key columns' words above it (keys: where these end, or
 * a negative number): "合计 基本支出 项目支出" over the columns, not the 合计 row. */
static bool header_candidate(const tbl *t, const lline *l, double keys)
{
    if (!l->np)
        return false;
    size_t len;
    const char *first = layout_piece_text(l, &l->p[0], &len);
    if (!keyless(t) && layout_row_label(t, first, len) && (l->np < 2 || keys < 0 || l->p[0].l <= keys))
        return false;
    for (int k = 0; k < l->nt; k++) {
        const tok *tk = &l->t[k];
        char *key = tk->kind == TK_TEXT ? layout_key_of(t->L->ctx, tk->s, tk->len) : NULL;
        bool ok = key && *key && layout_header_word(t, layout_inside, key);
        free(key);
        if (!ok)
            return false;
    }
    return true;
}

/* Header labels printed again inside a table (公开10 "项目 统计数"): every piece a whole
 * header word, one of them a key-column word (a merged label "人员经费 公用经费" over
 * its amount is a row). */
static bool header_again(const tbl *t, const lline *l)
{
    if (l->np < 2 || !header_candidate(t, l, -1))
        return false;
    bool key_word = false;
    for (int k = 0; k < l->np; k++) {
        size_t len;
        const char *s = layout_piece_text(l, &l->p[k], &len);
        char *key = layout_key_of(t->L->ctx, s, len);
        bool ok = key && layout_header_word(t, layout_same, key);
        key_word |= ok && layout_role_word(t, key, NULL);
        free(key);
        if (!ok)
            return false;
    }
    return key_word;
}

/* A key-column word, or the beginning of one ("科目代" over "码"). */
static bool role_token(const tbl *t, const tok *k)
{
    char *key = layout_key_of(t->L->ctx, k->s, k->len);
    bool yes = false;
    for (int r = ROLE_CODE; key && r <= ROLE_LINENO && !yes; r++)
        yes = layout_set_any(&t->L->ctx->defs.role_labels[r], layout_begins, key);
    free(key);
    return yes;
}

static bool colno_word(const tbl *t, const tok *k)
{
    char *key = layout_key_of(t->L->ctx, k->s, k->len);
    bool yes = key && label_set_has(&t->L->ctx->defs.colno_labels, key);
    free(key);
    return yes;
}

/* The 栏次 row: "栏次 1 2 3 …" (or the numbers alone right under a header). */
static bool colno_row(const tbl *t, const lline *l, bool under_header)
{
    int expect = 1, nums = 0;
    bool word = false;
    for (int k = 0; k < l->nt; k++) {
        const tok *tk = &l->t[k];
        if (tk->kind == TK_INT || tk->kind == TK_CODE) {
            if (strtol(tk->s, NULL, 10) != expect++)
                return false;
            nums++;
        } else if (colno_word(t, tk)) {
            word = true;
        } else {
            return false;
        }
    }
    return nums >= 1 && (word || (under_header && nums >= 2));
}

/* A header's first line of labels wrapped in their cells, set one blank apart so that
 * they make one piece: "本年收入合 财政拨款收 上级补助 事业收 …" (the key column's 项目
 * printed on a line below). Its words, each a header word or the beginning of a long one. */
static bool header_beginnings(const tbl *t, const lline *l)
{
    int long_words = 0;
    for (int k = 0; k < l->nt; k++) {
        char *key = layout_key_of(t->L->ctx, l->t[k].s, l->t[k].len);
        long_words += key && (layout_header_word(t, layout_same, key) || (strlen(key) >= 12 && layout_header_word(t, layout_begins, key)));
        free(key);
    }
    return long_words >= 2;
}

/* Where a table's grid begins after its title: its first header line (or, as in 公开10,
 * a first row the definitions know); false when a note or another title comes first. */
static bool starts_grid(const tbl *t, const lline *l)
{
    size_t len;
    const char *s = layout_piece_text(l, &l->p[0], &len);
    if (l->p[0].kind == TK_CODE || layout_row_label(t, s, len))
        return true;
    if (!header_candidate(t, l, -1))
        return false;
    for (int k = 0; k < l->np; k++) {
        s = layout_piece_text(l, &l->p[k], &len);
        char *key = layout_key_of(t->L->ctx, s, len);
        bool whole = key && (layout_header_word(t, layout_same, key) || (strlen(key) >= 6 && layout_header_word(t, layout_begins, key)));
        free(key);
        if (whole)
            return true;
    }
    return header_beginnings(t, l);
}

static bool ends_grid(lay *L, const tbl *t, const lline *l, double left)
{
    char *text = layout_trimmed(l);
    tbl other;
    bool end = !text || read_note_start(L->ctx, text) || read_part_heading(L->ctx, text) ||
               layout_title_of(L, l, &other);
    /* prose; in a form, only from its left edge (a goal's or an analysis's lines are long
     * pieces inside their cells) */
    if (!end && l->np == 1 && utf8_chars(text, strlen(text)) >= 24 &&
        (!t->form || left < 0 || l->t[0].l <= left + 2))
        end = !layout_row_label(t, text, strlen(text)) && !header_candidate(t, l, -1);
    free(text);
    return end;
}

/* "(2024 年度)" under a form's title: a caption. */
static bool year_caption(const lline *l)
{
    unsigned cp;
    layout_u8_next(l->t[0].s, &cp);
    int digits = 0;
    for (int k = 0; k < l->nt; k++)
        for (size_t i = 0; i < l->t[k].len; i++)
            digits += l->t[k].s[i] >= '0' && l->t[k].s[i] <= '9';
    return l->np == 1 && (cp == '(' || cp == 0xFF08) && digits == 4;
}

/* The rest of a title's year wrapped onto the next line: one short piece. */
bool layout_title_tail(const lay *L, size_t title, const lline *l)
{
    return l->np == 1 && l->nt <= 2 && read_title_tail(L->ln[title].text, l->text);
}

bool layout_find_region(lay *L, tbl *t, size_t title)
{
    size_t i = title + 1;
    for (int seen = 0; i < L->n && seen < 12; i++) {
        lline *l = &L->ln[i];
        if (!layout_content(l))
            continue;
        if (l->cleared) /* the end of the title's words */
            continue;
        if (starts_grid(t, l) ||
            (t->form && !year_caption(l) && !layout_title_tail(L, title, l))) /* a form begins under its title */
            break;
        if (ends_grid(L, t, l, -1))
            return false;
        seen++;
    }
    if (i >= L->n || !layout_content(&L->ln[i]) || (!t->form && !starts_grid(t, &L->ln[i])))
        return false;
    t->start = i;
    t->end = i + 1;
    double left = L->ln[i].nt ? L->ln[i].t[0].l : -1; /* the form's left edge so far */
    for (size_t j = i + 1; j < L->n; j++) {
        lline *l = &L->ln[j];
        if (!layout_content(l))
            continue;
        if (ends_grid(L, t, l, left))
            break;
        t->end = j + 1;
        left = left < 0 || l->t[0].l < left ? l->t[0].l : left;
    }
    return true;
}

/* ---------------------------------------------------------- header blocks --- */

/* "合计   合计 基本支出 项目支出" under a header: the 合计 row, with the labels of the
 * columns under 本年支出 printed on its line (the header's last row sits beside the first
 * body row). */
static bool lends_labels(const tbl *t, const lline *l, double keys)
{
    size_t len;
    const char *s = layout_piece_text(l, &l->p[0], &len);
    if (l->np < 2 || l->p[0].l > keys || !layout_row_label(t, s, len))
        return false;
    for (int k = 1; k < l->np; k++) {
        s = layout_piece_text(l, &l->p[k], &len);
        char *key = l->p[k].kind == TK_TEXT ? layout_key_of(t->L->ctx, s, len) : NULL;
        bool ok = key && layout_column_word(t, key, false) && !layout_role_word(t, key, NULL);
        free(key);
        if (!ok)
            return false;
    }
    return true;
}

static bool same_text(const gfa_context *ctx, const lline *a, const lline *b)
{
    char *ka = layout_trimmed(a), *kb = layout_trimmed(b);
    char *x = ka ? layout_key_of(ctx, ka, strlen(ka)) : NULL;
    char *y = kb ? layout_key_of(ctx, kb, strlen(kb)) : NULL;
    bool yes = x && y && strcmp(x, y) == 0;
    free(ka);
    free(kb);
    free(x);
    free(y);
    return yes;
}

/* A table's head printed again at the top of a page may hold a row over its header
 * (公开10 "一、政府采购情况"): the copy is no row of its own, so it goes with the page
 * furniture; copied header lines stay header lines. */
static void drop_repeated_rows(tbl *t)
{
    lay *L = t->L;
    size_t head[MAX_HEAD_LINES];
    int nhead = 0, page = -1;
    bool header_seen = false;
    for (size_t i = t->start; i < t->end && nhead < MAX_HEAD_LINES; i++) {
        const lline *l = &L->ln[i];
        if (!layout_content(l))
            continue;
        if (l->role == LR_BODY && header_seen)
            break;
        header_seen |= l->role != LR_BODY;
        head[nhead++] = i;
    }
    for (size_t i = t->start; header_seen && i < t->end; i++) {
        if (!layout_content(&L->ln[i]) || L->ln[i].page == page)
            continue;
        page = L->ln[i].page;
        if (i == head[0])
            continue;
        int matched = 0;
        for (size_t j = i; j < t->end && matched < nhead; j++) {
            lline *l = &L->ln[j];
            if (!layout_content(l))
                continue;
            if (!same_text(L->ctx, l, &L->ln[head[matched++]]))
                break;
            if (l->role == LR_BODY)
                l->role = LR_FURNITURE;
        }
    }
}

/* A row's label wrapped over a page break, the header printed again between its parts
 * (「一、一般公共预算财 188.98」 / header / 「政拨款」): the line after the header, one piece
 * under the key columns, completes the label of the last body line into a row's label. */
static bool label_tail(const tbl *t, const lline *l, double keys, size_t last_body)
{
    if (last_body == SIZE_MAX || keys < 0 || l->np != 1 || l->p[0].kind != TK_TEXT || l->p[0].l > keys)
        return false;
    const lline *b = &t->L->ln[last_body];
    if (!b->np || b->p[0].kind != TK_TEXT)
        return false;
    size_t la, lb;
    const char *a = layout_piece_text(b, &b->p[0], &la), *z = layout_piece_text(l, &l->p[0], &lb);
    char *joined = malloc(la + lb + 1);
    if (!joined)
        return false;
    memcpy(joined, a, la);
    memcpy(joined + la, z, lb);
    bool yes = !layout_row_label(t, a, la) && layout_row_label(t, joined, la + lb);
    free(joined);
    return yes;
}

/* A line of the code-levels words alone (类 款 项, over codes printed in three columns
 * under a 科目代码 label): the codes are read whole ("201 03 01", join_split_code), so
 * these words head no column of their own. */
static bool code_levels_line(const tbl *t, const lline *l)
{
    const word_list *lv = &t->L->ctx->vocab.lists[V_CODE_LEVELS];
    if (lv->count != 3 || l->nt != 3)
        return false;
    for (int k = 0; k < 3; k++) {
        char *key = l->t[k].kind == TK_TEXT ? layout_key_of(t->L->ctx, l->t[k].s, l->t[k].len) : NULL;
        bool is = key && strcmp(key, lv->words[k]) == 0;
        free(key);
        if (!is)
            return false;
    }
    return true;
}

/* Marks header lines, 栏次 rows and body lines. A header may begin where the region
 * begins and at the top of each page (printed again); its lines are header words until
 * the 栏次 row or the first row. */
void layout_classify_lines(tbl *t)
{
    lay *L = t->L;
    bool may = true, in_head = false;
    int page = -1, lines = 0;
    double keys = -1; /* where the key columns' words of the header so far end */
    size_t last_body = SIZE_MAX;
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &L->ln[i];
        if (!layout_content(l))
            continue;
        if (page >= 0 && l->page != page)
            may = true;
        page = l->page;
        if ((may || in_head) && code_levels_line(t, l)) {
            l->role = LR_FURNITURE;
        } else if ((may || in_head) && colno_row(t, l, in_head)) {
            l->role = LR_COLNO;
            may = in_head = false;
        } else if ((((may || in_head) && lines < MAX_HEAD_LINES &&
                     header_candidate(t, l, in_head ? keys : -1)) ||
                    header_again(t, l)) &&
                   !(in_head && label_tail(t, l, keys, last_body))) {
            lines = in_head ? lines + 1 : 1;
            keys = in_head ? keys : -1;
            for (int k = 0; k < l->nt; k++)
                if (role_token(t, &l->t[k]))
                    keys = layout_dmax(keys, l->t[k].r);
            l->role = LR_HEADER;
            in_head = true;
        } else {
            l->lends = in_head && keys >= 0 && lends_labels(t, l, keys);
            l->role = LR_BODY;
            last_body = i;
            may = in_head = false;
        }
    }
    drop_repeated_rows(t);
}

void layout_free_blocks(tbl *t)
{
    for (int b = 0; b < t->nblocks; b++) {
        for (int c = 0; c < t->blocks[b].ncells; c++) {
            free(t->blocks[b].cells[c].text);
            free(t->blocks[b].cells[c].key);
        }
        free(t->blocks[b].cells);
    }
    free(t->blocks);
    t->blocks = NULL;
    t->nblocks = 0;
    free(t->shifts);
    t->shifts = NULL;
    t->nshifts = 0;
}

/* Runs of header lines (with their 栏次 row) are the header blocks. */
bool layout_find_blocks(tbl *t)
{
    lay *L = t->L;
    int n = 0;
    bool in = false;
    for (size_t i = t->start; i < t->end; i++) {
        const lline *l = &L->ln[i];
        if (!layout_content(l))
            continue;
        bool head = l->role == LR_HEADER || l->role == LR_COLNO;
        n += head && !in;
        in = head && l->role != LR_COLNO;
    }
    t->blocks = n ? calloc((size_t)n, sizeof *t->blocks) : NULL;
    if (n && !t->blocks)
        return false;
    in = false;
    for (size_t i = t->start; i < t->end; i++) {
        const lline *l = &L->ln[i];
        if (!layout_content(l))
            continue;
        bool head = l->role == LR_HEADER || l->role == LR_COLNO;
        if (head && !in) {
            t->blocks[t->nblocks].colno = -1;
            t->blocks[t->nblocks++].lent = -1;
        }
        if (in && l->lends)
            t->blocks[t->nblocks - 1].lent = (long)i;
        hblock *b = head ? &t->blocks[t->nblocks - 1] : NULL;
        if (b && l->role == LR_COLNO)
            b->colno = (long)i;
        else if (b && b->nlines < MAX_HEAD_LINES)
            b->lines[b->nlines++] = i;
        in = head && l->role != LR_COLNO;
    }
    return true;
}

/* ---------------------------------------------------------- header labels --- */

typedef struct htok {
    const tok *t;
    int line;   /* index into the block's lines */
    char *key;
} htok;

/* A header label as it is joined from tokens: on its line ("附属单 位 上缴"), then with
 * the parts wrapped onto the lines below ("收入"). */
typedef struct hlabel {
    int tok[MAX_LABEL_TOKENS]; /* indexes into the block's tokens */
    int n;
    int first, last;           /* block lines of its first and last part */
    double l, r;
    char *key;
    bool whole;                /* a header word of the definitions */
    bool absorbed;             /* joined to the label above it */
} hlabel;

double layout_gap_between(double al, double ar, double bl, double br)
{
    double g = layout_dmax(al, bl) - layout_dmin(ar, br);
    return g > 0 ? g : 0;
}

static char *joined_key(const char *a, const char *b)
{
    char *k = NULL;
    return asprintf(&k, "%s%s", a, b) < 0 ? NULL : k;
}

static bool label_join(const tbl *t, hlabel *a, hlabel *b)
{
    if (a->n + b->n > MAX_LABEL_TOKENS)
        return true;
    char *key = joined_key(a->key, b->key);
    if (!key)
        return false;
    free(a->key);
    a->key = key;
    memcpy(a->tok + a->n, b->tok, (size_t)b->n * sizeof *b->tok);
    a->n += b->n;
    a->last = b->last;
    a->l = layout_dmin(a->l, b->l);
    a->r = layout_dmax(a->r, b->r);
    a->whole = layout_header_word(t, layout_same, key);
    b->absorbed = true;
    return true;
}

/* The label of tokens [from, to) of one line. */
static bool set_label(const tbl *t, hlabel *lab, const htok *h, int from, int to)
{
    memset(lab, 0, sizeof *lab);
    lab->first = lab->last = h[from].line;
    lab->l = h[from].t->l;
    lab->r = h[to - 1].t->r;
    strbuf sb;
    sb_init(&sb);
    for (int k = from; k < to; k++) {
        lab->tok[lab->n++] = k;
        sb_adds(&sb, h[k].key);
    }
    lab->key = sb_take(&sb);
    lab->whole = lab->key && layout_header_word(t, layout_same, lab->key);
    return lab->key != NULL;
}

/* How many tokens from i on, in one piece of one line, make the longest header word (or,
 * short of one, the longest beginning of one, or of a wrapped part: "(境) 费"). */
static int line_run(const tbl *t, const htok *h, int n, int i)
{
    int end = i + 1, whole_end = layout_header_word(t, layout_same, h[i].key) ? end : -1;
    key_test part = layout_header_word(t, layout_begins, h[i].key) ? layout_begins : layout_inside;
    char *key = strdup(h[i].key);
    while (key && end < n && end - i < MAX_LABEL_TOKENS && h[end].line == h[i].line &&
           !h[end].t->piece_start) {
        char *k = joined_key(key, h[end].key);
        free(key);
        key = k;
        if (!key || !layout_header_word(t, part, key))
            break;
        end++;
        if (layout_header_word(t, layout_same, key))
            whole_end = end;
    }
    free(key);
    return (whole_end > 0 ? whole_end : end) - i;
}

/* Each line's tokens as labels: tokens of one piece join while they begin a header word
 * ("本年收入合 计" then "财政拨款收 入" on one line). */
static int line_labels(const tbl *t, const htok *h, int n, hlabel *out, bool *ok)
{
    int nl = 0;
    for (int i = 0; *ok && i < n; nl++) {
        int run = line_run(t, h, n, i);
        *ok = set_label(t, &out[nl], h, i, i + run);
        i += run;
    }
    return nl;
}

/* Matches, in order, labels short of a header word (up) with labels of a line below that
 * finish them (down): as many as possible, the nearest first. A tight header puts the
 * wrapped parts far from where they belong: "科目代 … 决算 …" over "码 … 数". */
static bool match_wraps(const tbl *t, hlabel *lab, const int *up, int m, const int *dn, int k)
{
    double *score = calloc((size_t)(m + 1) * (size_t)(k + 1), sizeof *score);
    if (!score)
        return false;
#define S(i, j) score[(i) * (k + 1) + (j)]
    for (int i = 1; i <= m; i++)
        for (int j = 1; j <= k; j++) {
            S(i, j) = layout_dmax(S(i - 1, j), S(i, j - 1));
            const hlabel *u = &lab[up[i - 1]], *d = &lab[dn[j - 1]];
            double g = layout_gap_between(u->l, u->r, d->l, d->r);
            char *key = g <= 24 ? joined_key(u->key, d->key) : NULL;
            if (key && layout_header_word(t, layout_begins, key))
                S(i, j) = layout_dmax(S(i, j), S(i - 1, j - 1) + 1000 - g);
            free(key);
        }
    bool ok = true;
    for (int i = m, j = k; ok && i > 0 && j > 0;) {
        if (S(i, j) == S(i - 1, j))
            i--;
        else if (S(i, j) == S(i, j - 1))
            j--;
        else
            ok = label_join(t, &lab[up[--i]], &lab[dn[--j]]);
    }
#undef S
    free(score);
    return ok;
}

/* Labels of line a still short of a header word take their wrapped parts from line
 * below. */
static bool wrap_labels(const tbl *t, hlabel *lab, int nl, int a, int below)
{
    int up[MAX_HEAD_TOKENS], dn[MAX_HEAD_TOKENS], m = 0, k = 0;
    for (int i = 0; i < nl; i++) {
        if (!lab[i].absorbed && lab[i].last == a && !lab[i].whole && layout_header_word(t, layout_begins, lab[i].key))
            up[m++] = i;
        else if (!lab[i].absorbed && lab[i].first == below)
            dn[k++] = i;
    }
    return !m || !k || match_wraps(t, lab, up, m, dn, k);
}

static bool add_cell(hblock *b, int *cap, const tbl *t, const htok *h, const hlabel *lab)
{
    if (b->ncells == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        hcell *c = realloc(b->cells, (size_t)ncap * sizeof *c);
        if (!c)
            return false;
        b->cells = c;
        *cap = ncap;
    }
    hcell *c = &b->cells[b->ncells];
    memset(c, 0, sizeof *c);
    strbuf text;
    sb_init(&text);
    for (int k = 0; k < lab->n; k++) {
        const tok *x = h[lab->tok[k]].t;
        if (k)
            sb_addc(&text, ' ');
        sb_add(&text, x->s, x->len);
    }
    c->l = lab->l;
    c->r = lab->r;
    c->top = lab->first;
    c->bottom = lab->last;
    c->line = c->top < b->nlines ? (long)b->lines[c->top] : b->lent;
    c->first = h[lab->tok[0]].t;
    c->parent = -1;
    c->col = -1;
    c->text = sb_take(&text);
    c->key = strdup(lab->key);
    if (!c->text || !c->key) {
        free(c->text);
        free(c->key);
        return false;
    }
    c->role = layout_role_word(t, c->key, &c->kind);
    c->group_word = !c->role && !layout_column_word(t, c->key, false) && layout_header_word(t, layout_same, c->key);
    c->under_word = layout_column_word(t, c->key, true);
    c->value = layout_column_word(t, c->key, false);
    b->ncells++;
    return true;
}

/* The header labels of a block: its tokens joined into header words, on a line and over
 * lines; a token no header word begins with is a label of its own. */
/* A header cell merged over two header rows prints its word halfway down between them,
 * and pdftotext sets it on a line of its own under the row it begins in: "行次" under
 * "项目 … 金额" in a workbook's 收入支出决算总表 (行次 spans the 项目 row and the one under
 * it). The 行次 words of a line that holds nothing else but the wrapped ends of words of
 * the lines above, none of them under a word of the line above, are that line's (or, over a line
 * of wrapped ends only, the line those end): a line number column is never a header over
 * others. h is in line order and stays so, each line's tokens left to right. */
static int by_line_then_left(const void *a, const void *b)
{
    const htok *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->t->l < y->t->l ? -1 : x->t->l > y->t->l;
}

/* Does k stand under a token of h[from..to) by more than `more` columns? */
static bool under_by(const htok *h, int from, int to, const htok *k, double more)
{
    for (int j = from; j < to; j++) {
        double l = h[j].t->l > k->t->l ? h[j].t->l : k->t->l;
        double r = h[j].t->r < k->t->r ? h[j].t->r : k->t->r;
        if (r - l > more)
            return true;
    }
    return false;
}

static bool under_any(const htok *h, int from, int to, const htok *k)
{
    return under_by(h, from, to, k, 0);
}

/* Is k under a token of h[from..to) by more than a column (pdftotext may set a merged
 * cell's centred 行次 a column into the word beside it above: 行次 under 项目 … 金额)? */
static bool well_under_any(const htok *h, int from, int to, const htok *k)
{
    return under_by(h, from, to, k, 1.0);
}

static bool lineno_word(const tbl *t, const htok *k)
{
    key_role role;
    return layout_role_word(t, k->key, &role) && role == ROLE_LINENO;
}

/* Is every token of line l under a token of the line above (the wrapped ends of its words,
 * 款 under 国有资本经营预算财政拨)? start[l]..start[l + 1]: the line's tokens. */
static bool wrapped_ends(const htok *h, const int *start, int l)
{
    if (l < 1 || start[l] == start[l + 1] || start[l - 1] == start[l])
        return false;
    for (int i = start[l]; i < start[l + 1]; i++)
        if (!under_any(h, start[l - 1], start[l], &h[i]))
            return false;
    return true;
}

static void lift_lineno_lines(const tbl *t, htok *h, int n)
{
    int start[MAX_HEAD_LINES + 2], lines = n ? h[n - 1].line + 1 : 0;
    if (lines > MAX_HEAD_LINES)
        return;
    for (int l = 0, i = 0; l <= lines; l++) {
        while (i < n && h[i].line < l)
            i++;
        start[l] = i;
    }
    bool lifted = false;
    for (int k = lines - 1; k >= 1; k--) {
        int a = start[k], b = start[k + 1], above = start[k - 1], words = 0;
        bool alone = a < b && above < a;
        for (int i = a; alone && i < b; i++) {
            bool under = well_under_any(h, above, a, &h[i]);
            words += !under && lineno_word(t, &h[i]);
            /* a wrapped end may stand under its word's first line higher up (a cell's
             * lines centred on a taller row's middle) */
            alone = under_any(h, 0, a, &h[i]) || lineno_word(t, &h[i]);
        }
        if (!alone || !words)
            continue;
        int to = k - 1; /* over a line of wrapped ends only, to the line they end */
        while (wrapped_ends(h, start, to))
            to--;
        for (int i = a; i < b; i++)
            if (lineno_word(t, &h[i]) ? !well_under_any(h, above, a, &h[i]) &&
                                            !well_under_any(h, start[to], start[to + 1], &h[i])
                                      : !under_any(h, above, a, &h[i]) &&
                                            !under_any(h, start[to], start[to + 1], &h[i]))
                h[i].line = to;
        lifted = true;
    }
    if (lifted)
        qsort(h, (size_t)n, sizeof *h, by_line_then_left);
}

bool layout_block_cells(const tbl *t, hblock *b)
{
    const lay *L = t->L;
    htok *h = calloc(MAX_HEAD_TOKENS, sizeof *h);
    hlabel *lab = calloc(MAX_HEAD_TOKENS, sizeof *lab);
    int n = 0, nl = 0, cap = 0;
    bool ok = h && lab;
    for (int k = 0; ok && k < b->nlines; k++) {
        const lline *l = &L->ln[b->lines[k]];
        for (int j = 0; j < l->nt && n < MAX_HEAD_TOKENS; j++) {
            h[n].t = &l->t[j];
            h[n].line = k;
            h[n].key = layout_key_of(t->L->ctx, l->t[j].s, l->t[j].len);
            ok = h[n++].key != NULL;
        }
    }
    if (ok)
        lift_lineno_lines(t, h, n);
    const lline *lent = b->lent >= 0 ? &L->ln[b->lent] : NULL;
    for (int j = lent ? lent->p[1].t0 : 0; ok && lent && j < lent->nt && n < MAX_HEAD_TOKENS; j++) {
        h[n].t = &lent->t[j]; /* on a line of its own after the block's */
        h[n].line = b->nlines;
        h[n].key = layout_key_of(t->L->ctx, lent->t[j].s, lent->t[j].len);
        ok = h[n++].key != NULL;
    }
    if (ok)
        nl = line_labels(t, h, n, lab, &ok);
    for (int a = 0; ok && a < b->nlines; a++)
        for (int below = a + 1; ok && below < b->nlines && below <= a + 5; below++)
            ok = wrap_labels(t, lab, nl, a, below);
    for (int i = 0; i < nl; i++) {
        if (ok && !lab[i].absorbed)
            ok = add_cell(b, &cap, t, h, &lab[i]);
        free(lab[i].key);
    }
    for (int k = 0; h && k < n; k++)
        free(h[k].key);
    free(h);
    free(lab);
    return ok;
}

/* ------------------------------------------------------ header structure --- */

static bool above(const hcell *u, const hcell *c)
{
    return u->bottom < c->top;
}

static double cell_gap(const hcell *a, const hcell *b)
{
    return layout_gap_between(a->l, a->r, b->l, b->r);
}

/* A key-column word (项目) heads only key columns, and a key column is headed only by
 * such a word or a group header (收入, 人员经费), never by a value column's label; nor
 * does one value column's label head another's unless columns sit under it somewhere. */
static bool may_head(const hcell *u, const hcell *c)
{
    if (u->role) /* 项目 over 科目代码 and 科目名称; 功能分类 over 科目编码 */
        return c->role && (u->kind == ROLE_LABEL || u->kind == c->kind);
    if (u->value && c->value && !u->under_word)
        return false;
    return !c->role || u->group_word;
}

/* Is a the label u or one of the headers over it? */
static bool is_ancestor(const hblock *b, int u, int a)
{
    for (int k = 0; u >= 0 && k < b->ncells; k++, u = b->cells[u].parent)
        if (u == a)
            return true;
    return false;
}

static bool chain_has(const hblock *b, int u, const label_set *set)
{
    for (int k = 0; u >= 0 && k < b->ncells; k++, u = b->cells[u].parent)
        if (label_set_has(set, b->cells[u].key))
            return true;
    return false;
}

/* The definitions say which header a value column sits under (公开09: 合计 under 预算数
 * or 决算数): the printed value labels are matched in order to the columns of the
 * definition that knows most of them. */
/* Matches value labels, left to right, to the columns of def in order: how many match;
 * with assign, each matched label learns the header its column sits under. */
static int align_def(const table_def *def, hblock *b, const int *order, int n, bool assign)
{
    size_t part = 0, col = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
        hcell *cell = &b->cells[order[i]];
        for (size_t p = part; p < def->nparts; p++) {
            size_t k = p == part ? col : 0;
            while (k < def->parts[p].ncols && !label_set_has(&def->parts[p].cols[k].labels, cell->key))
                k++;
            if (k == def->parts[p].ncols)
                continue;
            hits++;
            if (assign)
                cell->under = &def->parts[p].cols[k].under;
            part = p;
            col = k + 1;
            break;
        }
    }
    return hits;
}

static void match_unders(const tbl *t, hblock *b, const bool *below)
{
    int order[MAX_HEAD_TOKENS], n = 0;
    for (int c = 0; c < b->ncells && n < MAX_HEAD_TOKENS; c++) {
        if (below[c] || b->cells[c].role)
            continue;
        int k = n++; /* insertion by left edge */
        for (; k > 0 && b->cells[order[k - 1]].l > b->cells[c].l; k--)
            order[k] = order[k - 1];
        order[k] = c;
    }
    int best = -1, best_hits = 0;
    for (int d = 0; d < t->ndefs; d++) {
        int hits = align_def(t->defs[d], b, order, n, false);
        if (hits > best_hits) {
            best = d;
            best_hits = hits;
        }
    }
    if (best >= 0)
        align_def(t->defs[best], b, order, n, true);
}

/* The header over c by the definitions: the deepest of those over it that have the word,
 * that may come under it later (a header with no header yet that is no such word itself),
 * or that are the word; else the nearest whose own headers have it. */
static int parent_by_under(const hblock *b, int c)
{
    const hcell *C = &b->cells[c];
    int best = -1, any = -1;
    for (int u = 0; u < b->ncells; u++) {
        const hcell *U = &b->cells[u];
        if (!above(U, C) || !may_head(U, C))
            continue;
        double g = cell_gap(U, C);
        bool has = chain_has(b, u, C->under);
        bool open = U->parent < 0 && !U->under_word && !U->role;
        if (has && (any < 0 || g < cell_gap(&b->cells[any], C)))
            any = u;
        if (!(g == 0 && (has || open)) && !label_set_has(C->under, U->key))
            continue;
        if (best < 0 || U->bottom > b->cells[best].bottom ||
            (U->bottom == b->cells[best].bottom && g < cell_gap(&b->cells[best], C)))
            best = u;
    }
    return best >= 0 ? best : any;
}

/* The deepest header printed over c. */
static int parent_by_overlap(const hblock *b, int c)
{
    const hcell *C = &b->cells[c];
    int best = -1;
    for (int u = 0; u < b->ncells; u++) {
        const hcell *U = &b->cells[u];
        if (!above(U, C) || !may_head(U, C) || cell_gap(U, C) > 1)
            continue;
        if (best < 0 || U->bottom > b->cells[best].bottom)
            best = u;
    }
    return best;
}

static bool set_parent(hblock *b, int c, int p)
{
    b->cells[c].parent = p;
    b->cells[p].nchildren++;
    return true;
}

/* A label beside one that has a header gets that header too, unless another header is
 * nearer to it (merged header cells span their neighbours). */
static bool parent_by_sibling(hblock *b, int c)
{
    hcell *C = &b->cells[c];
    int pick = -1;
    for (int side = 0; side < 2; side++) {
        int s = C->beside[side], p = s >= 0 ? b->cells[s].parent : -1;
        if (p >= 0 && above(&b->cells[p], C) && may_head(&b->cells[p], C) &&
            (pick < 0 || cell_gap(&b->cells[p], C) < cell_gap(&b->cells[pick], C)))
            pick = p;
    }
    if (pick < 0)
        return false;
    const hcell *P = &b->cells[pick];
    for (int u = 0; u < b->ncells; u++) {
        const hcell *U = &b->cells[u];
        if (u == pick || is_ancestor(b, pick, u))
            continue;
        bool nearer = above(U, C) && may_head(U, C) && (U->nchildren || U->group_word || U->role) &&
                      cell_gap(U, C) < cell_gap(P, C);
        bool between = U->top < C->top && ((U->l >= C->r && U->r <= P->l) || (U->l >= P->r && U->r <= C->l));
        if (nearer || between) /* the header's span cannot reach past another label */
            return false;
    }
    return set_parent(b, c, pick);
}

/* A header word (收入, 支出), or a key-column word (项目) over the key columns, printed
 * between the labels under it, touching none: it takes the nearest label under it that
 * has no header yet (its neighbours follow, spread_siblings). In points a word centred
 * over two labels stands clear of both, where pdftotext's columns let it touch one. */
static bool adopt_below(hblock *b, int u)
{
    hcell *U = &b->cells[u];
    int pick = -1;
    if (U->role && !U->group_word) {
        /* a key-column word heads the labels it stands between; with all of them on one
         * side it is its own column's label (项目 over the row labels, raised above the
         * line of 行次 and 统计数 beside it: not their header) */
        double mid = (U->l + U->r) / 2;
        bool left = false, right = false;
        for (int c = 0; c < b->ncells; c++) {
            const hcell *C = &b->cells[c];
            if (!above(U, C) || !may_head(U, C))
                continue;
            left |= (C->l + C->r) / 2 < mid;
            right |= (C->l + C->r) / 2 > mid;
        }
        if (!left || !right)
            return false;
    }
    for (int c = 0; c < b->ncells; c++) {
        const hcell *C = &b->cells[c];
        if (C->parent >= 0 || !above(U, C) || !may_head(U, C))
            continue;
        if (pick < 0 || cell_gap(U, C) < cell_gap(U, &b->cells[pick]) ||
            (cell_gap(U, C) == cell_gap(U, &b->cells[pick]) && C->top < b->cells[pick].top))
            pick = c;
    }
    return pick >= 0 && set_parent(b, pick, u);
}

/* A header left without a header of its own whose labels the definitions put under a
 * word (公务用车购置及运行维护费 under 预算数) goes under the nearest such word above it. */
static void lift_unders(hblock *b)
{
    for (int c = 0; c < b->ncells; c++) {
        const label_set *set = b->cells[c].under;
        int top = c;
        for (int k = 0; b->cells[top].parent >= 0 && k < b->ncells; k++)
            top = b->cells[top].parent;
        hcell *T = &b->cells[top];
        if (!set || !set->count || top == c || label_set_has(set, T->key))
            continue;
        int pick = -1;
        for (int u = 0; u < b->ncells; u++)
            if (above(&b->cells[u], T) && label_set_has(set, b->cells[u].key) &&
                (pick < 0 || cell_gap(&b->cells[u], T) < cell_gap(&b->cells[pick], T)))
                pick = u;
        if (pick >= 0)
            set_parent(b, top, pick);
    }
}

/* A header's span grows a label at a time on each side; a header spans a few columns,
 * so a few rounds do. */
static void spread_siblings(hblock *b)
{
    bool changed = true;
    for (int round = 0; changed && round < 8; round++) {
        changed = false;
        for (int c = 0; c < b->ncells; c++)
            if (b->cells[c].parent < 0)
                changed |= parent_by_sibling(b, c);
    }
}

/* The nearest labels left and right of each on its line. */
static void find_beside(hblock *b)
{
    for (int c = 0; c < b->ncells; c++) {
        hcell *C = &b->cells[c];
        C->beside[0] = C->beside[1] = -1;
        for (int o = 0; o < b->ncells; o++) {
            const hcell *O = &b->cells[o];
            if (o == c || O->top != C->top)
                continue;
            int side = O->l > C->l;
            int *n = &C->beside[side];
            if (*n < 0 || (side ? O->l < b->cells[*n].l : O->l > b->cells[*n].l))
                *n = o;
        }
    }
}

/* Which header each label sits under; the labels with nothing under them are the
 * columns. */
bool layout_link_cells(const tbl *t, hblock *b)
{
    bool *below = calloc((size_t)b->ncells + 1, sizeof *below);
    if (!below)
        return false;
    /* a label over another (they overlap; touching edges are neighbours' widths guessed
     * wide: "因公出国（境）费" ending where the 小计 under its right neighbour begins) */
    for (int c = 0; c < b->ncells; c++)
        for (int d = 0; d < b->ncells && !below[c]; d++)
            below[c] = above(&b->cells[c], &b->cells[d]) &&
                       layout_dmin(b->cells[c].r, b->cells[d].r) - layout_dmax(b->cells[c].l, b->cells[d].l) > 0;
    match_unders(t, b, below);
    find_beside(b);
    for (int top = 0; top <= b->nlines; top++) /* top-down: a header's own header is known */
        for (int c = 0; c < b->ncells; c++) {
            hcell *C = &b->cells[c];
            if (C->top != top)
                continue;
            int p = C->under && C->under->count ? parent_by_under(b, c) : -1;
            if (p < 0)
                p = parent_by_overlap(b, c);
            if (p >= 0)
                set_parent(b, c, p);
        }
    spread_siblings(b);
    for (int u = 0; u < b->ncells; u++)
        if ((b->cells[u].group_word || b->cells[u].role) && !b->cells[u].nchildren &&
            adopt_below(b, u))
            spread_siblings(b);
    lift_unders(b);
    for (int c = 0; c < b->ncells; c++) {
        int depth = 0;
        for (int p = b->cells[c].parent; p >= 0 && depth < b->ncells; p = b->cells[p].parent)
            depth++;
        b->cells[c].depth = depth;
    }
    free(below);
    return true;
}
