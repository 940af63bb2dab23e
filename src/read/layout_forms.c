/* layout_forms.c — performance forms (项目支出绩效自评表) rebuilt into rows of cells from
 * their fragments, titles and notes joined, and every table and form of a document read
 * (layout_read_tables). */
#include "read/layout_internal.h"

/* ------------------------------------------------------------------ forms --- */

/* A performance form (项目支出绩效自评表) has no header to take columns from and rows of
 * many shapes, their cells wrapped over several lines each, centred in the row: a label
 * of two lines beside a value of three ("市辖区财 / 44.05 … 额变 / 政资金", with "同金" and
 * "更号" above and below). The form is rebuilt as the PDF reader's ruling grid gives it:
 *   1. fragments: a line's tokens, cut at wide gaps and where two cells meet inside a run
 *      of single blanks (two CJK words, a number beside a number, a value that begins
 *      with a comparison "≥30 次 ≥30 次");
 *   2. rows: blank lines end a row; between them, lines are cut into rows (a dynamic
 *      programme over the lines) so that fragments standing over each other within two
 *      lines are one cell and a row holds no column twice (fragments over each other
 *      further apart, a number in a wrapped cell), few rows, cells centred;
 *   3. a row's cells are its connected fragments, their text joined line by line, in
 *      the order of their left edges: one grid line without blank cells, at the row's
 *      first line (perf.c reads rows without blanks by their order).
 * Lines of a block of more than FORM_MAX_LINES, or with more than FORM_MAX_FRAGS fragments,
 * are kept one row per line: the cost stays linear in the form. */
#define FORM_ROW_LINES 24   /* lines one row of a form may take */
#define FORM_MAX_LINES 400  /* lines between two blank lines the rows are looked for in (a
                               * form over three pages laid out by the PDF reader: 160) */
#define FORM_MAX_FRAGS 16   /* fragments of one line */
#define FORM_ROW_FRAGS 256  /* fragments of one row */
#define FORM_LINK_REACH 4   /* lines a unit may stand under its value in a tall row */

typedef struct frag {
    size_t line;     /* line index */
    int t0, t1;      /* tokens [t0, t1) */
    double l, r;
    size_t near;     /* the line of the nearest fragment below over it, within three lines */
    bool number;     /* a bare amount or whole number */
    bool head;       /* begins a row's or a column's label (项目资金…): begins a cell */
    bool whole;      /* is a whole label (资金总额:): a cell of its own */
    bool value;      /* ends with a digit: a value whose unit may have wrapped ("≥1" / "台") */
    bool unit_tail;  /* one or two characters of CJK alone, or "%": a unit wrapped under its
                        value, which may stand four lines below it in a tall row */
    bool open;       /* opens a bracket it does not close ("参加培训(会" / "议)"): its cell
                        goes on below */
    bool aside;      /* begins with an opening bracket ("(会议)"): its cell began above */
    bool digit_tail; /* begins with a digit but is no number ("00 元"): the rest of a value
                        wrapped in its cell ("≤2300" over it), as far below as a unit */
    size_t owner;    /* the rest of a value wrapped under it (a unit, its last digits): the
                        value it ends, else SIZE_MAX (see tail_owners) */
    size_t tail;     /* the reverse: the fragment that ends this value, else SIZE_MAX */
    size_t cont;     /* the fragment below that continues this one's cell whatever the cut
                        costs (the last digits of an amount, 10.0 / 0; the number after a
                        comparison alone; a label's last word), else SIZE_MAX */
    bool page_apart; /* on a page whose columns do not meet the page before's: begun by
                        tails placed on that page (tails_over_page) */
    bool moved;      /* the last line of the cell cont names, which pdftotext printed on the
                        line above it (see tails_beside): written last */
} frag;

typedef struct fgrid {
    lay *L;
    const table_def *def;
    size_t from, to; /* the form's lines */
    frag *f;
    size_t nf, cap;
    size_t *first;   /* per line of the block: its first fragment; first[n]: nf */
    size_t up[FORM_ROW_FRAGS + 1], lo[FORM_ROW_FRAGS + 1], hi[FORM_ROW_FRAGS + 1];
    bool num[FORM_ROW_FRAGS + 1], val[FORM_ROW_FRAGS + 1];
    double pitch;    /* a PDF's block: the least distance between lines of one cell, 0 */
} fgrid;

static bool cp_cjk(unsigned cp)
{
    return layout_cp_width(cp) == 2;
}

static unsigned last_cp(const tok *k)
{
    unsigned cp = 0;
    for (size_t i = 0; i < k->len;)
        i += layout_u8_next(k->s + i, &cp);
    return cp;
}

static bool comparison_cp(unsigned cp)
{
    return cp == 0x2265 || cp == 0x2264 || cp == '<' || cp == '>' || cp == '=' || cp == 0xFF1E ||
           cp == 0xFF1C || cp == 0xFF1D || cp == 0x2260;
}

static bool bare_number(const tok *k)
{
    return k->kind == TK_INT || k->kind == TK_NUM || k->kind == TK_CODE;
}

/* A grade of the form (优, 良 …): "100 优" are the total score and its grade, two cells. */
static bool grade_word(const fgrid *G, const tok *k)
{
    const form_field *f = G->def ? table_def_field(G->def, "grade") : NULL;
    char *key = f ? layout_key_of(G->L->ctx, k->s, k->len) : NULL;
    bool yes = key && label_set_has(&f->labels, key);
    free(key);
    return yes;
}

/* Do tokens a and b, one blank apart, belong to one cell? pdftotext puts a blank where the
 * font changes, between digits and CJK ("≥30 次", "2024 年", "执行率 100%。"); cells that
 * meet are two words of CJK, two numbers, or a value after a value ("≥30 次 ≥30 次"). */
static int form_head(const fgrid *G, const char *s, size_t len);
static const char *frag_text(const fgrid *G, const frag *fr, size_t *len);

static bool same_cell(const fgrid *G, const tok *a, const tok *b)
{
    unsigned ca = last_cp(a), cb;
    layout_u8_next(b->s, &cb);
    if (comparison_cp(cb) || (bare_number(a) && bare_number(b)))
        return false;
    if (bare_number(b) && form_head(G, a->s, a->len) == 2) /* "资金总额: 300": a label, then its row */
        return false;
    if (!cp_cjk(ca) && cp_cjk(cb)) /* an amount with decimals ends its cell ("10.00 变更") */
        return !bare_number(a) || (a->kind != TK_NUM && !grade_word(G, b));
    if (cp_cjk(ca) && !cp_cjk(cb))
        return !bare_number(b);
    return !cp_cjk(ca) && !cp_cjk(cb);
}

/* Where a token ends: pdftotext counts a CJK character as one column. */
static double tok_right(const lay *L, const lline *l, const tok *k)
{
    return l->x || L->by_width ? k->r : k->l + (double)layout_token_chars(k);
}

static bool push_frag(fgrid *G, frag fr)
{
    if (G->nf == G->cap) {
        size_t cap = G->cap ? 2 * G->cap : 256;
        frag *f = realloc(G->f, cap * sizeof *f);
        if (!f)
            return false;
        G->f = f;
        G->cap = cap;
    }
    G->f[G->nf++] = fr;
    return true;
}

/* The fields whose labels head a row or a column of the form. A fragment that begins one
 * of their labels begins a cell, never continues the cell above it ("主管部门 / 及代码"
 * over "项目资金 / 预算支持": two cells of one column, their lines as long); a fragment
 * that is a whole label (资金总额:, 目标申报数) is a cell of its own. */
static const char *const form_heads[] = {
    "project", "department", "unit",     "funds",    "fund_total", "goals",   "indicators",
    "total_score", "analysis", "declared", "budgeted", "full_year", "executed", "balance",
    "rate",    "score",   "level2", "goal_columns"};

/* The column labels of the form's grids, which may be wrapped a few characters a line
 * (偏差原 / 因分析 / 及改进 / 措施). */
static const char *const form_columns[] = {"goal_columns", "indicator_columns"};

/* How the text of a fragment begins a label of the fields: 0 not, 1 its key (trailing
 * colons aside, min_chars characters or more) begins a label, 2 it is a label that begins
 * no longer one. */
static int field_label(const fgrid *G, const char *s, size_t len, const char *const *fields,
                       size_t nfields, size_t min_chars, bool *is_label)
{
    if (is_label)
        *is_label = false;
    if (!G->def)
        return 0;
    char *k = layout_key_of(G->L->ctx, s, len);
    size_t n = k ? strlen(k) : 0;
    while (n > 0 && k[n - 1] == ':')
        k[--n] = '\0';
    bool begins = false, whole = false, longer = false;
    if (n && utf8_chars(k, n) >= (long)(min_chars < 2 ? min_chars : 2))
        for (size_t i = 0; i < nfields; i++) {
            const form_field *f = table_def_field(G->def, fields[i]);
            for (size_t j = 0; f && j < f->labels.count; j++) {
                const char *label = f->labels.keys[j];
                size_t m = strlen(label);
                while (m > 0 && label[m - 1] == ':')
                    m--;
                if (m >= n && !strncmp(label, k, n)) {
                    begins = true;
                    whole |= m == n;
                    longer |= m > n;
                }
            }
        }
    bool long_enough = n && utf8_chars(k, n) >= (long)min_chars;
    free(k);
    if (is_label)
        *is_label = whole;
    return whole && !longer ? 2 : begins && long_enough;
}

/* How the text begins a label of form_heads (field_label); three characters or more begin
 * one: 项目 / 资金 wrapped in a narrow column begin too many. */
static int form_head(const fgrid *G, const char *s, size_t len)
{
    return field_label(G, s, len, form_heads, ARRAY_LEN(form_heads), 3, NULL);
}

/* How the text begins a column label of the form's grids, however short. */
static int column_label(const fgrid *G, const strbuf *sb)
{
    return sb->failed ? 0 : field_label(G, sb->data, sb->len, form_columns, ARRAY_LEN(form_columns), 1, NULL);
}

/* Token i ends a label of form_heads that the line's last fragment begins: a label wrapped
 * in its cell whose last line pdftotext set on the row's line ("数量指 标 云视讯…"). */
static bool completes_label(const fgrid *G, const lline *l, size_t li, int i)
{
    if (!G->nf || G->f[G->nf - 1].line != li || G->f[G->nf - 1].t1 != i)
        return false;
    const tok *t0 = &l->t[G->f[G->nf - 1].t0], *k = &l->t[i];
    return form_head(G, t0->s, (size_t)(k->s - t0->s)) == 1 &&
           form_head(G, t0->s, (size_t)(k->s + k->len - t0->s)) == 2;
}

/* "%" alone: a percentage's sign wrapped under its number ("≠100" / "%"). */
static bool percent_sign(const char *s, size_t len)
{
    unsigned cp = 0;
    return layout_u8_next(s, &cp) == len && (cp == '%' || cp == 0xFF05 || cp == 0x2030);
}

/* Do the tokens of the line's last fragment up to token i, with the token that begins where
 * it begins on the next line, spell the tokens from token i on, one blank apart (OA办公系
 * OA办公系统服务 over 统服务; OA 办公系统 OA 办公系统服 over 服务 务)? Then the fragment is a
 * cell wrapped in its width and token i begins the next cell, which repeats it (a name
 * printed again as the next level's), though one blank apart; so it does when the tokens
 * from i spell the fragment whole, up to a wider gap (the cell not wrapped). */
#define REPEAT_BYTES 256

static bool wrapped_repeat(const fgrid *G, size_t li, int i)
{
    const lline *l = &G->L->ln[li];
    if (i < 1 || li + 1 >= G->L->n)
        return false;
    const frag *fr = G->nf && G->f[G->nf - 1].line == li ? &G->f[G->nf - 1] : NULL;
    int t0 = fr ? fr->t0 : i - 1;
    char whole[2 * REPEAT_BYTES]; /* the fragment's text with its rest below */
    size_t na = 0;
    for (int k = t0; k < i; k++) {
        if (na + l->t[k].len > REPEAT_BYTES)
            return false;
        memcpy(whole + na, l->t[k].s, l->t[k].len);
        na += l->t[k].len;
    }
    size_t nb = 0; /* the fragment printed again whole, up to a wide gap ("OA 办公系统服务 OA
                      办公系统服务    ≤元"): the next cell too */
    for (int k = i; k < l->nt && (k == i || l->t[k].gap <= 1); k++) {
        const tok *b = &l->t[k];
        if (nb + b->len > na || memcmp(whole + nb, b->s, b->len))
            break;
        nb += b->len;
        if (nb == na && (k + 1 == l->nt || l->t[k + 1].gap > 1))
            return true;
    }
    const lline *n = &G->L->ln[li + 1];
    for (int j = 0; j < n->nt; j++) {
        const tok *c = &n->t[j];
        if (layout_dabs(c->l - l->t[t0].l) >= 0.5 || c->len > REPEAT_BYTES)
            continue;
        memcpy(whole + na, c->s, c->len);
        nb = 0; /* the tokens from i on, one blank apart, spelling it past the fragment */
        for (int k = i; k < l->nt && (k == i || l->t[k].gap <= 1); k++) {
            const tok *b = &l->t[k];
            if (nb + b->len > na + c->len || memcmp(whole + nb, b->s, b->len))
                break;
            nb += b->len;
            if (nb > na)
                return true;
        }
    }
    return false;
}

static bool line_frags(fgrid *G, size_t li)
{
    const lline *l = &G->L->ln[li];
    if (!layout_content(l))
        return true;
    for (int i = 0; i < l->nt; i++) {
        const tok *k = &l->t[i];
        bool wide = l->x ? k->l - l->t[i ? i - 1 : 0].r >= 1.5 || (l->apart && l->apart[k->ci])
                         : k->gap >= 2;
        bool join = i > 0 && (k->gap == 0 || (!wide && (same_cell(G, &l->t[i - 1], k) ||
                                                        completes_label(G, l, li, i)) &&
                                              !wrapped_repeat(G, li, i)));
        if (!join || !G->nf || G->f[G->nf - 1].line != li) {
            frag fr = {.line = li, .t0 = i, .t1 = i + 1, .l = k->l, .r = tok_right(G->L, l, k),
                       .number = bare_number(k)};
            if (!push_frag(G, fr))
                return false;
        } else {
            frag *fr = &G->f[G->nf - 1];
            fr->t1 = i + 1;
            fr->r = tok_right(G->L, l, k);
            fr->number = false;
        }
    }
    for (size_t q = G->nf; q-- > 0 && G->f[q].line == li;) {
        frag *fr = &G->f[q];
        const tok *t0 = &l->t[fr->t0], *t1 = &l->t[fr->t1 - 1];
        size_t len = (size_t)(t1->s + t1->len - t0->s);
        unsigned cp = 0;
        bool cjk = true;
        for (size_t i = 0; i < len && cjk;) {
            i += layout_u8_next(t0->s + i, &cp);
            cjk = cp_cjk(cp);
        }
        fr->value = !fr->number && t1->s[t1->len - 1] >= '0' && t1->s[t1->len - 1] <= '9';
        fr->unit_tail = fr->t1 - fr->t0 == 1 &&
                        ((cjk && utf8_chars(t0->s, len) <= 2) || percent_sign(t0->s, len));
        fr->digit_tail = !fr->number && t0->s[0] >= '0' && t0->s[0] <= '9';
        int depth = 0;
        for (size_t i = 0; i < len;) {
            i += layout_u8_next(t0->s + i, &cp);
            depth += cp == '(' || cp == 0xFF08 ? 1 : cp == ')' || cp == 0xFF09 ? -(depth > 0) : 0;
        }
        fr->open = depth > 0;
        layout_u8_next(t0->s, &cp);
        fr->aside = cp == '(' || cp == 0xFF08;
        int head = fr->number ? 0 : form_head(G, t0->s, len);
        fr->head = head > 0;
        fr->whole = head == 2;
    }
    return true;
}

/* pdftotext shifts words by a column to fit them: half a column of slack */
static bool overlap(const frag *a, const frag *b)
{
    return a->l < b->r + 0.5 && b->l < a->r + 0.5;
}

/* Two fragments standing in one column: over each other by some width; in text counted
 * in characters, edges that only touch ("服务对象满" ending where "度" begins two lines
 * down) are neighbours. */
static bool share_column(const fgrid *G, const frag *a, const frag *b)
{
    if (G->L->by_width || G->L->ln[a->line].x)
        return overlap(a, b);
    return layout_dmin(a->r, b->r) > layout_dmax(a->l, b->l);
}

static size_t uf_find(size_t *up, size_t x)
{
    while (up[x] != x)
        x = up[x] = up[up[x]];
    return x;
}

/* A value, no label: a number, or text that begins with a digit or a comparison. */
static bool value_text(const fgrid *G, const frag *fr)
{
    const tok *t0 = &G->L->ln[fr->line].t[fr->t0];
    unsigned cp = 0;
    layout_u8_next(t0->s, &cp);
    return fr->number || (cp >= '0' && cp <= '9') || comparison_cp(cp);
}

/* Is fragment a, a word of two characters or more (one in text counted in characters), at
 * most half as wide as the word b
 * under it, and clearly narrower? Then a is its cell's last line, wherever their right
 * edges fall ("指标" over "达成预期指标" that begins further left). Prose cut at its numbers
 * ("…购买 12 寸" over "夹，11 月") is no such word. */
static bool narrower_word(const fgrid *G, const frag *a, const frag *b, double tol)
{
    double wa = a->r - a->l, wb = b->r - b->l;
    /* in text counted in characters, a character alone over two is such a word too ("合格"
       / "率" / "培训": 率 ends 培训人员合格率, 培训 begins the next row's name) */
    bool chars = !G->L->by_width && !G->L->ln[a->line].x && !a->open; /* …but in a label */
    if (wa < (chars ? 1 : 2) || wb < 2 * wa || wb - wa < (chars ? 1 : tol))
        return false;
    const frag *fr[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        size_t len;
        const char *s = frag_text(G, fr[i], &len);
        for (size_t k = 0; k < len; k++)
            if (s[k] >= '0' && s[k] <= '9')
                return false;
    }
    return true;
}

/* Is p, of the fragments on its line a short tail q stands under, the one that begins
 * nearest where q begins? A cell's lines begin at one place; q under another that begins
 * nearer is that one's, squeezed by pdftotext (text counted in characters) under p too
 * ("服务对象 工作人员满意" over "满意度 度": 度 ends the second). */
static bool nearest_under(const fgrid *G, size_t p, size_t q)
{
    const frag *a = &G->f[p], *b = &G->f[q];
    if (G->L->by_width || G->L->ln[a->line].x || !b->unit_tail) /* squeezed: a short tail */
        return true;
    size_t r = p;
    while (r > 0 && G->f[r - 1].line == a->line)
        r--;
    for (; r < G->nf && G->f[r].line == a->line; r++)
        if (r != p && !G->f[r].number && overlap(&G->f[r], b) &&
            layout_dabs(G->f[r].l - b->l) < layout_dabs(a->l - b->l))
            return false;
    return true;
}

/* Are fragments a and b, over each other on lines next to each other on one page of a PDF,
 * further apart than the lines of a cell stand (G->pitch: the commonest distance between a
 * fragment and the nearest one below it)? Nothing printed between them, the gap is a cell's
 * padding and the rule under its row: two rows' cells (a form printed with rules under its
 * rows only, whose lines the layout engine reads: a long text of one row over the next
 * row's, "…所有预算支" / "2024 年,根据办…", 13 points apart within a cell and 16 between
 * rows). */
static bool rows_apart(const fgrid *G, const frag *a, const frag *b)
{
    const lline *la = &G->L->ln[a->line], *lb = &G->L->ln[b->line];
    return G->pitch > 0 && la->x && lb->x && la->page == lb->page && b->line == a->line + 1 &&
           (double)(lb->y - la->y) > G->pitch * 1.15;
}

/* Fragments over each other within three lines are one cell (the nearest below only),
 * unless the upper one ends clearly short of the lower one or is clearly narrower: a
 * wrapped cell's lines but its last fill its width, so "政资金" over "项目年度" ends one
 * cell and begins the next, and so does "指标" over "达成预期指标" that begins further
 * left and ends where it ends (text counted in characters; over a page break, the
 * upper one clearly narrower than the lower one). A number is a cell of its own: an
 * amount is never wrapped in a form's cell. */
static bool linked(const fgrid *G, size_t p, size_t q, size_t f1)
{
    const frag *a = &G->f[p], *b = &G->f[q];
    double tol = G->L->by_width || G->L->ln[a->line].x ? 2.5 : 1.5;
    size_t reach = b->unit_tail || b->digit_tail ? FORM_LINK_REACH : 3;
    if (a->cont == q)
        return true;
    if (a->moved || b->moved)
        return false;
    if (b->owner != SIZE_MAX)
        return b->owner == p;
    if (b->page_apart && G->L->ln[a->line].page != G->L->ln[b->line].page)
        return false; /* columns of a page laid out apart (tails_over_page) */
    if (a->line == b->line || b->line - a->line > reach || !overlap(a, b) || a->number ||
        b->number || a->whole || b->head)
        return false;
    if (rows_apart(G, a, b))
        return false;
    /* a bracket that begins the line right under a cell's text, where it begins, goes on
       with it however far it reaches: it could not be broken off ("参加 / 培训 / (会议)");
       it goes on no value ("≥2天" beside "培训") */
    if (b->aside && b->line == a->line + 1)
        return layout_dabs(b->l - a->l) < 0.5 && !value_text(G, a);
    /* a value that begins with a comparison goes on below only with the rest of it, a unit
       or its last digits ("≤2600000" / "元"; the number after a comparison alone: cont),
       never with words of a label that pdftotext let reach under it ("≤元" beside "灯设施"
       over "维护费", a name's lines: CJK counted one column each) */
    unsigned first = 0;
    layout_u8_next(G->L->ln[a->line].t[a->t0].s, &first);
    if (comparison_cp(first) && !b->unit_tail && !b->digit_tail)
        return false;
    /* pdftotext lays each page out anew: over a page break the lines of a cell need not
       begin at one place, and the lower one clearly wider also ends the upper one's cell */
    double longer = b->r - a->r;
    if (!G->L->ln[a->line].x && G->L->ln[a->line].page != G->L->ln[b->line].page)
        longer = layout_dmax(longer, (b->r - b->l) - (a->r - a->l));
    if (longer >= tol || narrower_word(G, a, b, tol))
        return false;
    (void)f1;
    /* a comparison begins its value's cell (≤200000 under 元≤150000 is the next row's) */
    unsigned cp = 0;
    layout_u8_next(G->L->ln[b->line].t[b->t0].s, &cp);
    return a->near == b->line && !comparison_cp(cp) && nearest_under(G, p, q);
}

/* Links the fragments [f0, f1) of one cell. */
static void link_frags(const fgrid *G, size_t f0, size_t f1, size_t *up)
{
    for (size_t i = f0; i < f1; i++)
        up[i - f0] = i - f0;
    for (size_t q = f0; q < f1; q++)
        for (size_t p = q; p-- > f0 && G->f[q].line - G->f[p].line <= FORM_LINK_REACH;)
            if (linked(G, p, q, f1)) {
                size_t a = uf_find(up, p - f0), b = uf_find(up, q - f0);
                if (a != b)
                    up[a] = b;
            }
}

/* Is the cell of fragment p (above q) continued on q's line left of q? Then q stands in
 * the next column, however far pdftotext let p's text reach ("数量指" over "标 巡检服务":
 * a CJK character counted one column, printed two). */
static bool continued_before(fgrid *G, size_t p, size_t q, size_t f0)
{
    size_t root = uf_find(G->up, p - f0);
    for (size_t c = q; c-- > f0 && G->f[c].line == G->f[q].line;)
        if (uf_find(G->up, c - f0) == root)
            return true;
    return false;
}

/* Does fragment q only seem to stand under p, its column being that of the fragment of its
 * cell it goes on: a bracket on the line under its cell's text (see linked), a unit under
 * the value it ends (see tail_owners)? The text lets them reach under the next column ("培训
 * ≥2天" over "(会议)", "≤230000 ≤230000元" over "元": a CJK character counted one column). */
static bool reaches_aside(fgrid *G, size_t p, size_t q, size_t f0)
{
    const frag *b = &G->f[q];
    size_t root = uf_find(G->up, q - f0);
    if (b->moved || G->f[p].moved) /* its column is that of the cell it ends */
        return true;
    if (b->page_apart && G->L->ln[b->line].page != G->L->ln[G->f[p].line].page)
        for (size_t r = f0; r < q; r++) /* a cell gone on over a page laid out apart */
            if (G->L->ln[G->f[r].line].page != G->L->ln[b->line].page &&
                uf_find(G->up, r - f0) == root)
                return true;
    if (b->owner != SIZE_MAX)
        return b->owner >= f0 && uf_find(G->up, b->owner - f0) == root &&
               !share_column(G, &G->f[p], &G->f[b->owner]);
    if (!b->aside)
        return false;
    for (size_t u = q; u-- > f0 && G->f[u].line + 1 >= b->line;)
        if (G->f[u].line + 1 == b->line && layout_dabs(G->f[u].l - b->l) < 0.5 &&
            uf_find(G->up, u - f0) == root)
            return !share_column(G, &G->f[p], &G->f[u]);
    return false;
}

/* The cost of lines [a, b] (block line indexes) as one row: one for the row, more for a
 * column held twice (fragments over each other that are not one cell) and for numbers on
 * more than one line, a little for cells off the row's middle. */
static double row_cost(fgrid *G, size_t a, size_t b, size_t base)
{
    size_t f0 = G->first[a - base], f1 = G->first[b + 1 - base];
    if (f1 - f0 > FORM_ROW_FRAGS)
        return 1e6;
    size_t *up = G->up;
    link_frags(G, f0, f1, up);
    double cost = 1.0, mid = ((double)a + (double)b) / 2;
    for (size_t q = f0; q < f1; q++) {
        size_t root = uf_find(up, q - f0);
        for (size_t p = q; p-- > f0 && G->f[q].line - G->f[p].line <= 6;)
            if (G->f[q].line != G->f[p].line && share_column(G, &G->f[p], &G->f[q]) &&
                uf_find(up, p - f0) != root && !continued_before(G, p, q, f0) &&
                !reaches_aside(G, p, q, f0))
                cost += 4;
        G->lo[q - f0] = SIZE_MAX;
        G->hi[q - f0] = 0;
        G->num[q - f0] = G->val[q - f0] = false;
    }
    for (size_t q = f0; q < f1; q++) {
        size_t root = uf_find(up, q - f0), line = G->f[q].line;
        G->lo[root] = line < G->lo[root] ? line : G->lo[root];
        G->hi[root] = line > G->hi[root] ? line : G->hi[root];
        G->num[root] |= G->f[q].number;
        G->val[root] |= value_text(G, &G->f[q]);
    }
    size_t numeric_line = SIZE_MAX;
    size_t left = f0;
    int numbers = 0; /* on the last line holding numbers */
    for (size_t q = f0; q < f1; q++) { /* a row's numbers stand on one line */
        if (G->f[q].number && G->f[q].line != numeric_line) {
            cost += numeric_line == SIZE_MAX ? 0 : 4;
            numeric_line = G->f[q].line;
            numbers = 0;
        }
        numbers += G->f[q].number;
        left = G->f[q].l < G->f[left].l ? q : left;
    }
    if (numeric_line != SIZE_MAX && value_text(G, &G->f[left])) /* … right of its label */
        cost += 2;
    for (size_t q = f0; q < f1; q++) {
        if (uf_find(up, q - f0) != q - f0)
            continue;
        size_t lo = G->lo[q - f0], hi = G->hi[q - f0];
        double off = ((double)lo + (double)hi) / 2 - mid;
        /* a text cell half a line above the middle of a row of values (its weight and
           score) is centred: pdftotext rounds a centred cell's lines up (达成预 / 期指标 on
           the first two lines of a row of three) */
        if (off == -0.5 && hi > lo && numbers >= 2 && !G->val[q - f0] && !G->L->by_width &&
            !G->L->ln[a].x)
            off = 0;
        cost += (hi > lo ? 0.5 : 0.05) * layout_dabs(off);
    }
    return cost;
}

/* Does the cell of fragment p end on p's line though q on the line below stands under it?
 * A cell of one or three lines centred on a line of its row's numbers (as many of its lines
 * above that line as below: "业务处理 / 时效指标 … 10 10 / 及时性", "办公 / 设备 … 10 10 /
 * 验收") is whole, and q begins the next row's cell, where pdftotext set no blank line
 * between the rows: over a page break (pdftotext lays each page out anew: "阳城政务 / … / 数据治理" on the
 * next page), or on one page when q's cell goes on below it ("采购 / 办公 …"); a cell
 * broken over the page is not centred ("工作 … 15 15 / 正常" over "运转"), and the last line
 * of a centred cell of an even count of lines, set one line low, goes on nowhere. */
static bool centred_cell_ends(const fgrid *G, size_t p, size_t q)
{
    const frag *a = &G->f[p];
    if (a->open || G->f[q].aside || a->cont == q || G->f[q].owner != SIZE_MAX || value_text(G, a))
        return false;
    if (G->L->ln[a->line].page == G->L->ln[G->f[q].line].page) {
        bool goes_on = false;
        for (size_t r = q + 1; !goes_on && r < G->nf && G->f[r].line <= G->f[q].line + 3; r++)
            goes_on = G->f[r].line > G->f[q].line && linked(G, q, r, r);
        if (!goes_on)
            return false;
    }
    size_t top = p; /* the first line of p's cell: its lines over each other */
    for (bool more = true; more;) {
        more = false;
        for (size_t r = top; r-- > 0 && G->f[r].line + 3 >= G->f[top].line;)
            if (G->f[r].line < G->f[top].line && G->L->ln[G->f[r].line].page == G->L->ln[a->line].page &&
                linked(G, r, top, q)) {
                top = r;
                more = true;
                break;
            }
    }
    size_t t = G->f[top].line, m = t + (a->line - t) / 2, r0 = top;
    if ((a->line - t) % 2 || a->line - t >= FORM_LINK_REACH) /* of one or three lines: in a
                                                                taller chain, cells of rows
                                                                without rulings run together */
        return false;
    while (r0 > 0 && G->f[r0 - 1].line == t)
        r0--;
    for (size_t r = r0; r < q && G->f[r].line <= m; r++) /* a number on the middle line */
        if (G->f[r].line == m && G->f[r].number)
            return true;
    return false;
}

/* Fragments on lines ≤ b and > b standing over each other: a cut between b and b + 1 parts
 * a cell, unless a row ends there. */
static int cut_links(const fgrid *G, size_t b, size_t base, size_t end)
{
    int n = 0; /* a link reaches FORM_LINK_REACH lines down (a unit under its value) */
    size_t f0 = G->first[(b >= base + FORM_LINK_REACH - 1 ? b + 1 - FORM_LINK_REACH : base) - base];
    size_t f1 = G->first[(b + FORM_LINK_REACH + 1 <= end ? b + FORM_LINK_REACH + 1 : end) - base];
    if (f1 - f0 > 6 * FORM_MAX_FRAGS) /* lines kept one row each */
        return 0;
    for (size_t p = f0; p < f1; p++)
        for (size_t q = p + 1; q < f1; q++)
            if (G->f[p].line <= b && G->f[q].line > b && linked(G, p, q, f1) &&
                !centred_cell_ends(G, p, q))
                n += 1 + 2 * (G->f[p].open || G->f[q].aside);
    return n;
}

/* The bytes of a unit printed before its value in one token ("元≤150000"): a value's unit
 * wrapped under it in its narrow cell, which pdftotext set on the value's line before it.
 * 0 when the token is no such value. */
static size_t unit_first(const tok *k)
{
    unsigned unit = 0, next = 0;
    size_t n = layout_u8_next(k->s, &unit);
    if (n >= k->len || !cp_cjk(unit))
        return 0;
    layout_u8_next(k->s + n, &next);
    return comparison_cp(next) ? n : 0;
}

/* Writes the row [a, b]: its cells in order of their left edges, on line a. */
static bool emit_form_row(fgrid *G, size_t a, size_t b, size_t base)
{
    size_t *up = G->up;
    size_t f0 = G->first[a - base], f1 = G->first[b + 1 - base];
    if (f0 == f1)
        return true;
    link_frags(G, f0, f1, up);
    int ncell = 0;
    int *cell_of = calloc(f1 - f0, sizeof *cell_of);
    double *left = calloc(f1 - f0, sizeof *left);
    size_t *root_of = calloc(f1 - f0, sizeof *root_of);
    if (!cell_of || !left || !root_of) {
        free(cell_of), free(left), free(root_of);
        return false;
    }
    for (size_t q = f0; q < f1; q++) {
        size_t root = uf_find(up, q - f0);
        int c = 0;
        while (c < ncell && root_of[c] != root)
            c++;
        if (c == ncell) {
            root_of[ncell] = root;
            left[ncell++] = G->f[q].l;
        } else if (G->f[q].l < left[c] && G->f[q].owner == SIZE_MAX && !G->f[q].page_apart) {
            left[c] = G->f[q].l; /* a tail, a page laid out apart: not where the cell is */
        }
        cell_of[q - f0] = c;
    }
    int *order = calloc((size_t)ncell, sizeof *order);
    lline *row = &G->L->ln[a];
    while (!layout_content(row) && a < b) /* the row's first line with text */
        row = &G->L->ln[++a];
    row->nout = ncell > 1 ? ncell : 2;
    row->out = order ? calloc((size_t)row->nout, sizeof *row->out) : NULL;
    if (!row->out) {
        free(cell_of), free(left), free(root_of), free(order);
        return false;
    }
    for (int c = 0; c < ncell; c++)
        order[c] = c;
    for (int i = 1; i < ncell; i++) /* by left edge; few cells */
        for (int j = i; j > 0 && left[order[j - 1]] > left[order[j]]; j--) {
            int s = order[j];
            order[j] = order[j - 1];
            order[j - 1] = s;
        }
    for (int k = 0; k < row->nout; k++) {
        row->out[k].from = -1;
        row->out[k].pos = 1;
    }
    for (int k = 0; k < ncell; k++) {
        ocell *o = &row->out[k];
        const frag *prev = NULL;
        for (size_t i = 0; i < 2 * (f1 - f0); i++) { /* by line, then left to right; moved last */
            size_t q = f0 + i % (f1 - f0);
            if (cell_of[q - f0] != order[k] || G->f[q].moved != (i >= f1 - f0))
                continue;
            const frag *fr = &G->f[q];
            const lline *l = &G->L->ln[fr->line];
            const tok *t0 = &l->t[fr->t0], *t1 = &l->t[fr->t1 - 1];
            size_t len = (size_t)(t1->s + t1->len - t0->s);
            /* wrapped text joins without a blank, but for two Latin words */
            unsigned before = prev ? last_cp(&G->L->ln[prev->line].t[prev->t1 - 1]) : 0, after;
            layout_u8_next(t0->s, &after);
            bool latin = ((before | 0x20) >= 'a' && (before | 0x20) <= 'z') &&
                         ((after | 0x20) >= 'a' && (after | 0x20) <= 'z');
            bool glue = prev && prev->line != fr->line && !latin;
            size_t unit = fr->value && fr->t1 - fr->t0 == 1 ? unit_first(t0) : 0;
            if (unit) { /* "元≤150000": the value, then its unit */
                layout_cell_add(G->L, o, t0->s + unit, len - unit, glue, fr->line, t0);
                layout_cell_add(G->L, o, t0->s, unit, true, fr->line, t0);
            } else {
                layout_cell_add(G->L, o, t0->s, len, glue, fr->line, t0);
            }
            prev = fr;
        }
    }
    for (size_t i = a; i <= b; i++)
        if (&G->L->ln[i] != row)
            G->L->ln[i].cleared = G->L->ln[i].cleared || layout_content(&G->L->ln[i]);
    free(cell_of), free(left), free(root_of), free(order);
    return !G->L->nomem;
}

/* The text of a fragment: its tokens as printed. */
static const char *frag_text(const fgrid *G, const frag *fr, size_t *len)
{
    const lline *l = &G->L->ln[fr->line];
    const tok *t0 = &l->t[fr->t0], *t1 = &l->t[fr->t1 - 1];
    *len = (size_t)(t1->s + t1->len - t0->s);
    return t0->s;
}

/* A fragment that is a comparison alone ("≤"): a value wrapped in its narrow cell before
 * its number ("≤" / "653520" / "元", "≥" / "93%" on lines of a tall row). */
static bool comparison_alone(const fgrid *G, const frag *fr)
{
    size_t len;
    const char *s = frag_text(G, fr, &len);
    unsigned cp = 0;
    for (size_t i = 0; i < len;) {
        i += layout_u8_next(s + i, &cp);
        if (!comparison_cp(cp))
            return false;
    }
    return len > 0;
}

/* An amount with decimals wrapped in its narrow cell around its row's line: its first digits
 * above the line (10.0), its last one or two below it (0), to the usual decimals, the row's
 * other amounts on the line between. The two are one cell, read as one amount (10.00), and no number of their
 * own. */
static void wrapped_amounts(fgrid *G)
{
    for (size_t p = 0; p < G->nf; p++) {
        frag *a = &G->f[p];
        const lline *la = &G->L->ln[a->line];
        a->cont = SIZE_MAX;
        if (!a->number || a->t1 - a->t0 != 1 || la->t[a->t0].kind != TK_NUM)
            continue;
        bool row_between = false;
        size_t q = p + 1;
        for (; q < G->nf && G->f[q].line <= a->line + 2; q++) {
            const frag *b = &G->f[q];
            row_between |= b->line == a->line + 1 && b->number;
            if (b->line == a->line + 2 && overlap(a, b))
                break;
        }
        if (q >= G->nf || G->f[q].line != a->line + 2 || !row_between)
            continue;
        frag *b = &G->f[q];
        const tok *tb = &G->L->ln[b->line].t[b->t0];
        /* its digits complete the usual decimals (10.0 / 0): 1.5 over 15 are two rows' */
        const tok *ta = &la->t[a->t0];
        const char *dot = memchr(ta->s, '.', ta->len);
        int k = dot ? (int)(ta->s + ta->len - dot - 1) : 0;
        if (!b->number || b->t1 - b->t0 != 1 || tb->kind != TK_INT || tb->len > 2 ||
            k + (int)tb->len != G->L->decimals)
            continue;
        a->cont = q;
        a->number = b->number = false;
    }
    for (size_t p = 0; p < G->nf; p++) { /* "≤" over its number: one value */
        frag *a = &G->f[p];
        if (a->number || a->cont != SIZE_MAX || !comparison_alone(G, a))
            continue;
        for (size_t q = p + 1; q < G->nf && G->f[q].line <= a->line + FORM_LINK_REACH; q++) {
            frag *b = &G->f[q];
            if (b->line == a->line || !overlap(a, b))
                continue;
            if (b->number || b->digit_tail) { /* "653520", "93%" */
                a->cont = q;
                b->value |= b->number; /* its unit may stand under it */
                b->number = false;
            }
            break;
        }
    }
}

/* The values ending with a digit on line li, free of a tail, that fragment q (below) may
 * end: *over, the one over it whose text begins nearest where q's begins; *before, the one
 * right before it, near. Returns what stands over q: 0 nothing, 1 values with their units
 * only, 2 text. */
static int tail_owner_on(const fgrid *G, size_t q, size_t li, size_t *over, size_t *before)
{
    const frag *b = &G->f[q];
    int standing = 0;
    *over = *before = SIZE_MAX;
    for (size_t p = q; p-- > 0 && G->f[p].line >= li;) {
        const frag *a = &G->f[p];
        if (a->line != li || a->number)
            continue;
        bool is_value = value_text(G, a), free = is_value && a->value && a->tail == SIZE_MAX;
        if (overlap(a, b)) {
            standing = !is_value ? 2 : standing > 1 ? standing : !a->value ? 1 : standing;
            if (free && (*over == SIZE_MAX || layout_dabs(a->l - b->l) < layout_dabs(G->f[*over].l - b->l)))
                *over = p;
        } else if (is_value && a->r <= b->l + 0.5 && *before == SIZE_MAX) {
            *before = p; /* the nearest left of it: a line's fragments go left to right */
            if (!free || b->l - a->r >= 3)
                *before = q; /* taken or far: none, and no further one */
        }
    }
    if (*before == q)
        *before = SIZE_MAX;
    return standing;
}

/* The rest of a value wrapped alone under values (a unit, "元 元" under "≤6000 ≤6000"; its
 * last digits, "00 元" under "≤4005") ends one of them: of the values ending with a digit
 * over it, the one whose text begins nearest where it begins (the lines of a cell begin at
 * one place; in text counted in characters a tail may reach under the next value), on the
 * line above or, when nothing but values with their units stands there, two lines up
 * ("≤4005" / row / "00 元"; "≤" / "100000" / "元"); else the value right before it on the
 * line above, when values with their units stand over it ("≤230000 ≤230000元" over "元"
 * under the second) or nothing does ("≤6000 ≤6000" over "元  元" further right). One tail
 * a value; text over it ends no value. */
static void tail_owners(fgrid *G)
{
    for (size_t q = 0; q < G->nf; q++)
        G->f[q].owner = G->f[q].tail = SIZE_MAX;
    for (int pass = 0; pass < 2; pass++) /* tails under their values first */
        for (size_t q = 0; q < G->nf; q++) {
            frag *b = &G->f[q];
            if (!(b->unit_tail || b->digit_tail) || b->line == 0 || b->owner != SIZE_MAX)
                continue;
            size_t over, before, over2 = SIZE_MAX, before2;
            int standing = tail_owner_on(G, q, b->line - 1, &over, &before);
            if (standing == 2)
                continue;
            if (over == SIZE_MAX && !(standing == 1 && before != SIZE_MAX) && b->line >= 2 &&
                tail_owner_on(G, q, b->line - 2, &over2, &before2) < 2)
                over = over2;
            size_t owner = over != SIZE_MAX ? over : pass ? before : SIZE_MAX;
            if (owner != SIZE_MAX) {
                b->owner = owner;
                G->f[owner].tail = q;
            }
        }
}

/* The rest of a value wrapped alone that stands under nothing, pdftotext having shifted its
 * short line left of the value it ends ("≤260000" at column 54, its "元" two lines down at
 * 52, the other value's "260000" / "元" at 45 between them): of the values free of a tail
 * on the two lines above that begin right of it, a few columns at most, the nearest. In
 * text counted in characters only. */
#define SHIFT_REACH 4.0 /* columns pdftotext may shift a value's short last line left */

static void tails_shifted_left(fgrid *G)
{
    if (G->L->by_width)
        return;
    for (size_t q = 0; q < G->nf; q++) {
        frag *b = &G->f[q];
        if (!(b->unit_tail || b->digit_tail) || b->owner != SIZE_MAX || b->line == 0 ||
            G->L->ln[b->line].x)
            continue;
        size_t owner = SIZE_MAX;
        bool under = false;
        for (size_t p = q; p-- > 0 && G->f[p].line + 2 >= b->line;) {
            const frag *a = &G->f[p];
            if (a->line == b->line)
                continue;
            under |= a->line + 1 == b->line && overlap(a, b);
            if (a->number || !a->value || a->tail != SIZE_MAX || !value_text(G, a) ||
                a->l <= b->l || a->l - b->l > SHIFT_REACH || a->r < b->r)
                continue;
            if (owner == SIZE_MAX || a->l - b->l < G->f[owner].l - b->l)
                owner = p;
        }
        if (owner != SIZE_MAX && !under) {
            b->owner = owner;
            G->f[owner].tail = q;
        }
    }
}

/* How far right the form's text reaches on a page, in columns. */
static double page_reach(const fgrid *G, int page)
{
    double r = 0;
    for (size_t i = G->from; i < G->to; i++) {
        const lline *l = &G->L->ln[i];
        if (l->page == page && l->role != LR_FURNITURE && l->nt)
            r = layout_dmax(r, tok_right(G->L, l, &l->t[l->nt - 1]));
    }
    return r;
}

/* The last lines of cells wrapped over a page break: a line of short tails only (one or
 * two CJK characters; the rest of a value under it aside, tail_owners') that begins a page,
 * right under the last line of the page before. pdftotext lays each page out anew, a page
 * of narrow prose narrower than one of a wide form ("达成预期目" at column 47 on its page,
 * "标" at 35 on the next one): the tails are placed on the page before by the width the
 * form takes on each page, and each ends the text, or the value ending in a digit (its
 * unit), whose lines begin nearest to where it lands there (a cell's lines begin at one
 * place), tails and fragments in order. */
static void tails_over_page(fgrid *G, size_t p0, size_t p1, size_t f0, size_t f1)
{
    const lline *tl = f0 < f1 ? &G->L->ln[G->f[f0].line] : NULL;
    if (G->L->by_width || p0 >= p1 || !tl || tl->x)
        return;
    for (size_t q = f0; q < f1; q++)
        if (G->f[q].owner == SIZE_MAX && (!G->f[q].unit_tail || G->f[q].number))
            return;
    double here = page_reach(G, tl->page), there = page_reach(G, G->L->ln[G->f[p0].line].page);
    if (here <= 0 || there <= 0)
        return;
    double scale = there / here;
    size_t next = p0; /* tails and the fragments they end go left to right */
    for (size_t q = f0; q < f1; q++) {
        if (G->f[q].owner != SIZE_MAX)
            continue; /* a value's rest under it (tail_owners) */
        double at = G->f[q].l * scale, best = 1e18;
        size_t owner = SIZE_MAX;
        for (size_t p = next; p < p1; p++) {
            const frag *a = &G->f[p];
            if (a->number || a->whole || a->tail != SIZE_MAX || (value_text(G, a) && !a->value))
                continue; /* a value ending in a digit may have its unit wrapped over */
            double d = layout_dabs(a->l - at);
            if (d < best) {
                best = d;
                owner = p;
            }
        }
        if (owner == SIZE_MAX)
            return;
        G->f[q].owner = owner;
        G->f[owner].tail = q;
        next = owner + 1;
    }
    for (size_t q = f0; q < G->nf && G->L->ln[G->f[q].line].page == tl->page; q++)
        G->f[q].page_apart = true;
}

/* A cell's short last line (one or two CJK characters) that pdftotext shifted left onto the
 * line of the wrapped label of the column before, right after it ("时效指" / "标 及",
 * "社会效" / "益 升"; in text counted in characters: pdftotext's drift), or, in an indicator's
 * row (its numbers on the line below), of a label of one line ("血量面标 作" over "审核制作工
 * ≥个 … 20 20": 审核制作工作). It ends the text
 * beginning a few columns right of it on the line above, printed in order ("时效指 工作证
 * 制作" over "标 及": 工作证制作及); else, nothing beginning there, the text beginning a
 * few columns right of it on the line below, beyond that label and wider, printed out of
 * order ("益 升" over "公共服务效率提": 公共服务效率提升), which it ends written last. */
#define MOVED_REACH 3.0 /* columns a tail may stand left of its cell's text */

static bool begins_near(const fgrid *G, const frag *t, const frag *a)
{
    return a->l > t->l - 0.5 && a->l - t->l <= MOVED_REACH && !overlap(a, t) && !a->number &&
           !value_text(G, a);
}

static void tails_beside(fgrid *G)
{
    for (size_t q = 0; q < G->nf; q++)
        G->f[q].moved = false;
    if (G->L->by_width)
        return;
    for (size_t t = 1; t < G->nf; t++) {
        frag *ft = &G->f[t];
        const frag *s = &G->f[t - 1];
        size_t len;
        const char *text = frag_text(G, ft, &len);
        unsigned cp = 0;
        layout_u8_next(text, &cp);
        if (G->L->ln[ft->line].x || !ft->unit_tail || !cp_cjk(cp) || ft->owner != SIZE_MAX ||
            ft->head || ft->cont != SIZE_MAX || s->line != ft->line || s->number ||
            ft->line == 0)
            continue;
        size_t u = SIZE_MAX, h = SIZE_MAX, a = SIZE_MAX;
        for (size_t p = t - 1; p-- > 0 && G->f[p].line + 1 >= ft->line;) {
            if (G->f[p].line + 1 != ft->line)
                continue;
            if (layout_dabs(G->f[p].l - s->l) <= 1 && overlap(&G->f[p], s) && !G->f[p].number &&
                G->f[p].l < ft->l)
                u = p; /* the label s goes on (shifted a column at most) */
            else if (begins_near(G, ft, &G->f[p]) && G->f[p].tail == SIZE_MAX)
                a = p;
        }
        bool one_line = u == SIZE_MAX; /* a label of one line: the text right before it */
        if (one_line)
            u = t - 1;
        if (one_line) { /* …in an indicator's row: its numbers on the line below (a column
                           label's last line beside another's: 执行 得分 over 率 is none) */
            bool numbers = false;
            for (size_t p = t + 1; p < G->nf && G->f[p].line <= ft->line + 1; p++)
                numbers |= G->f[p].line == ft->line + 1 && G->f[p].number;
            if (!numbers || a != SIZE_MAX)
                continue;
        }
        if (a != SIZE_MAX) { /* in order, under the text it ends */
            bool taken = false; /* …which goes on with nothing else below */
            for (size_t p = t + 1; p < G->nf && G->f[p].line == ft->line; p++)
                taken |= overlap(&G->f[a], &G->f[p]);
            if (!taken) {
                ft->owner = a;
                G->f[a].tail = t;
            }
            continue;
        }
        for (size_t p = t + 1; p < G->nf && G->f[p].line <= ft->line + 1; p++)
            if (G->f[p].line == ft->line + 1 && G->f[p].l >= ft->l) {
                h = p;
                break;
            }
        if (h == SIZE_MAX)
            continue;
        const frag *fh = &G->f[h];
        if (!begins_near(G, ft, fh) || fh->l < G->f[u].r - 0.5 || fh->r - fh->l <= ft->r - ft->l)
            continue;
        ft->cont = h;
        ft->moved = true;
    }
}

/* Labels of the fields wrapped in a narrow cell, a few characters a line: where the
 * fragments standing each over the next read as a whole label (no longer one begun), the
 * first begins a cell and the last is the cell's end. below[p]: the nearest fragment
 * below p over it, SIZE_MAX when none. */
static bool stacked_spelled(fgrid *G, const size_t *below, const char *const *fields,
                            size_t nfields, size_t min_chars)
{
    for (size_t p = 0; p < G->nf; p++) {
        if (G->f[p].head || G->f[p].number)
            continue;
        strbuf sb;
        sb_init(&sb);
        size_t len;
        const char *s = frag_text(G, &G->f[p], &len);
        sb_add(&sb, s, len);
        for (size_t q = below[p], k = 0; q != SIZE_MAX && k < 5 && !G->f[q].number; q = below[q], k++) {
            s = frag_text(G, &G->f[q], &len);
            sb_add(&sb, s, len);
            if (!sb.data) {
                sb_free(&sb);
                return false;
            }
            int head = field_label(G, sb.data, sb.len, fields, nfields, min_chars, NULL);
            if (head == 2) {
                G->f[p].head = true;
                G->f[q].whole = true; /* the label's last line ends its cell */
                break;
            }
            if (head == 0)
                break;
        }
        sb_free(&sb);
    }
    return true;
}

/* A label of form_heads so wrapped ("项目 / 年度 / 绩效 / 目标"). */
static bool stacked_labels(fgrid *G, const size_t *below)
{
    return stacked_spelled(G, below, form_heads, ARRAY_LEN(form_heads), 3);
}

/* An indicator level's label wrapped a few characters a line in the narrow first columns
 * of a portrait page (满意 / 度指 / 标 under 工作 / 开展 / 便捷, the name of the row above
 * printed in the same column), however short its lines. */
static bool stacked_levels(fgrid *G, const size_t *below)
{
    static const char *const levels[] = {"level1", "level2"};
    return stacked_spelled(G, below, levels, ARRAY_LEN(levels), 1);
}

/* A label of form_heads over text that does not go on with it (社会效益 over 满意度指):
 * the label is a cell of its own, though a longer label begins with it (社会效益指标). */
static bool label_ends(fgrid *G, const size_t *below)
{
    for (size_t p = 0; p < G->nf; p++) {
        size_t q = below[p], len;
        if (!G->f[p].head || G->f[p].whole || q == SIZE_MAX || G->f[q].number)
            continue;
        bool is_label;
        const char *s = frag_text(G, &G->f[p], &len);
        field_label(G, s, len, form_heads, ARRAY_LEN(form_heads), 3, &is_label);
        if (!is_label)
            continue;
        strbuf sb;
        sb_init(&sb);
        sb_add(&sb, s, len);
        s = frag_text(G, &G->f[q], &len);
        sb_add(&sb, s, len);
        bool ok = !sb.failed;
        if (ok && form_head(G, sb.data, sb.len) == 0)
            G->f[p].whole = true;
        sb_free(&sb);
        if (!ok)
            return false;
    }
    return true;
}

/* The fragment alone on the line after fragment q's, or SIZE_MAX. */
static size_t alone_below(const fgrid *G, size_t q)
{
    size_t r = q + 1;
    while (r < G->nf && G->f[r].line == G->f[q].line)
        r++;
    if (r >= G->nf || G->f[r].line != G->f[q].line + 1 ||
        (r + 1 < G->nf && G->f[r + 1].line == G->f[r].line) || G->f[r].number)
        return SIZE_MAX;
    return r;
}

/* A column label of the grids stacked in its narrow cell over lines, a few characters or
 * one a line ("偏 / 差 / 原 / 因 / … / 施"): its fragments but the last go on below (a cut
 * between them costs more), and a last word pdftotext set apart, alone on the next line
 * out of the column ("偏差原 / 因分析 / 及改进" over "措施" further left), ends it. */
#define LABEL_LINES 12 /* lines a column label may be stacked over */

static bool label_tails(fgrid *G, const size_t *below)
{
    for (size_t p = 0; p < G->nf; p++) {
        if (G->f[p].number)
            continue;
        strbuf sb;
        sb_init(&sb);
        size_t len, q = p, chain[LABEL_LINES + 1];
        int nchain = 0;
        const char *s = frag_text(G, &G->f[p], &len);
        sb_add(&sb, s, len);
        int state = column_label(G, &sb);
        chain[nchain++] = p;
        while (state == 1 && nchain < LABEL_LINES && below[q] != SIZE_MAX &&
               !G->f[below[q]].number) {
            q = below[q];
            chain[nchain++] = q;
            s = frag_text(G, &G->f[q], &len);
            sb_add(&sb, s, len);
            state = column_label(G, &sb);
        }
        size_t r = state == 1 && q != p && below[q] == SIZE_MAX ? alone_below(G, q) : SIZE_MAX;
        if (r != SIZE_MAX) {
            s = frag_text(G, &G->f[r], &len);
            sb_add(&sb, s, len);
            if (column_label(G, &sb) == 2 && G->f[q].cont == SIZE_MAX) {
                G->f[q].cont = r;
                G->f[r].whole = true;
                state = 2;
                q = r;
            }
        }
        for (int c = 0; state == 2 && c + 1 < nchain; c++)
            G->f[chain[c]].open = true;
        if (state == 2 && q != chain[nchain - 1]) /* the word set apart ends it */
            G->f[chain[nchain - 1]].open = true;
        bool ok = !sb.failed;
        sb_free(&sb);
        if (!ok)
            return false;
    }
    return true;
}

/* Rows of the lines [a, end) of a form between blank lines. */
static bool form_block(fgrid *G, size_t a, size_t end)
{
    size_t n = end - a;
    G->nf = 0;
    G->first = calloc(n + 1, sizeof *G->first);
    if (!G->first)
        return false;
    bool simple = n > FORM_MAX_LINES;
    for (size_t i = a; i < end; i++) {
        G->first[i - a] = G->nf;
        if (!line_frags(G, i))
            return false;
        simple |= G->nf - G->first[i - a] > FORM_MAX_FRAGS;
    }
    G->first[n] = G->nf;
    size_t *below = malloc((G->nf + 1) * sizeof *below);
    if (!below) {
        free(G->first);
        G->first = NULL;
        return false;
    }
    for (size_t p = 0; p < G->nf; p++) { /* the nearest fragment below each */
        G->f[p].near = SIZE_MAX;
        below[p] = SIZE_MAX;
        for (size_t q = p + 1; q < G->nf && q <= p + 6 * FORM_MAX_FRAGS &&
                               G->f[q].line <= G->f[p].line + FORM_LINK_REACH; q++)
            if (G->f[q].line > G->f[p].line && overlap(&G->f[p], &G->f[q]) &&
                (G->f[q].line <= G->f[p].line + 3 ||
                 ((G->f[q].unit_tail || G->f[q].digit_tail) && G->f[p].value))) {
                G->f[p].near = G->f[q].line;
                below[p] = q;
                break;
            }
    }
    G->pitch = 0; /* the commonest distance between a fragment and the nearest one below */
    {
        int hist[128] = {0};
        for (size_t p = 0; p < G->nf; p++) {
            size_t q = below[p];
            const lline *lp = &G->L->ln[G->f[p].line], *lq = q != SIZE_MAX ? &G->L->ln[G->f[q].line] : NULL;
            if (!lq || !lp->x || !lq->x || lp->page != lq->page || lq->y <= lp->y)
                continue;
            int d = (int)((lq->y - lp->y) * 2 + 0.5);
            if (d > 0 && d < 128)
                hist[d]++;
        }
        int best = 0;
        for (int d = 1; d < 128; d++)
            best = hist[d] > hist[best] ? d : best;
        G->pitch = hist[best] >= 3 ? best / 2.0 : 0;
    }
    wrapped_amounts(G);
    tail_owners(G);
    tails_shifted_left(G);
    for (size_t i = a + 1; i < end; i++) /* a block's lines are all content */
        if (G->L->ln[i].page != G->L->ln[i - 1].page)
            tails_over_page(G, G->first[i - 1 - a], G->first[i - a], G->first[i - a],
                            G->first[i + 1 - a]);
    for (size_t q = 0; q < G->nf; q++) /* a label stacked over the page goes on there */
        if (G->f[q].page_apart && G->f[q].owner != SIZE_MAX)
            below[G->f[q].owner] = q;
    tails_beside(G);
    bool ok = stacked_labels(G, below) && stacked_levels(G, below) && label_tails(G, below) &&
              label_ends(G, below);
    free(below);
    if (!ok) {
        free(G->first);
        G->first = NULL;
        return false;
    }
    double *best = malloc((n + 1) * sizeof *best);
    size_t *from = malloc((n + 1) * sizeof *from);
    ok = best && from;
    /* best[k]: lines [a, a + k) cut into rows; from[k]: where the last row begins */
    for (size_t k = 1; ok && k <= n; k++) {
        best[0] = 0;
        best[k] = 1e18;
        size_t lo = simple ? k - 1 : (k > FORM_ROW_LINES ? k - FORM_ROW_LINES : 0);
        int cut = k < n ? cut_links(G, a + k - 1, a, end) : 0;
        for (size_t s = lo; s < k; s++) {
            size_t nfr = G->first[k] - G->first[s];
            if (nfr > FORM_ROW_FRAGS && s + 1 < k)
                continue;
            double c = best[s] + cut + (nfr > FORM_ROW_FRAGS ? 1 : row_cost(G, a + s, a + k - 1, a));
            if (c < best[k]) {
                best[k] = c;
                from[k] = s;
            }
        }
    }
    for (size_t k = n; ok && k > 0; k = from[k])
        ok = G->first[k] - G->first[from[k]] > FORM_ROW_FRAGS || /* a line kept as text */
             emit_form_row(G, a + from[k], a + k - 1, a);
    free(best), free(from);
    free(G->first);
    G->first = NULL;
    return ok;
}

static bool read_perf_form(tbl *t)
{
    fgrid *G = calloc(1, sizeof *G);
    if (!G)
        return false;
    G->L = t->L;
    G->from = t->start;
    G->to = t->end;
    for (int d = 0; d < t->ndefs && !G->def; d++)
        if (t->defs[d]->kind == TABLE_PERFORMANCE)
            G->def = t->defs[d];
    bool ok = true;
    for (size_t i = t->start; ok && i < t->end;) {
        while (i < t->end && !layout_content(&t->L->ln[i]))
            i++;
        size_t j = i;
        for (;;) { /* a page break on a line of its own, with the page's furniture round it
                      (its number), ends no block: a row broken over the page goes on there
                      (pdftotext's form feed begins a page's first line, laid out anew) */
            while (j < t->end && layout_content(&t->L->ln[j]))
                j++;
            size_t k = j;
            bool page_break = false;
            while (k < t->end && !layout_content(&t->L->ln[k]) &&
                   (t->L->ln[k].page_break || t->L->ln[k].role == LR_FURNITURE))
                page_break |= t->L->ln[k++].page_break;
            size_t m = k;
            while (m < t->end && layout_content(&t->L->ln[m]))
                m++;
            if (j == i || !page_break || k == t->end || m - i > FORM_MAX_LINES)
                break;
            j = k;
        }
        if (j > i)
            ok = form_block(G, i, j);
        i = j;
    }
    free(G->f);
    free(G);
    return ok && !t->L->nomem;
}

/* A note under a table wrapped over lines (注：…尾 / 数误差。) is one note: its lines are
 * joined into the first (no blank where CJK text wrapped). */
static bool join_notes(lay *L, size_t from)
{
    lline *note = NULL;
    for (size_t i = from; i < L->n; i++) {
        lline *l = &L->ln[i];
        if (l->role == LR_FURNITURE)
            continue;
        if (!l->nt) { /* a blank line ends a note; another may follow */
            note = NULL;
            continue;
        }
        char *text = layout_trimmed(l);
        tbl other;
        bool starts = text && read_note_start(L->ctx, text);
        bool more = text && note && !starts && l->np == 1 && !read_part_heading(L->ctx, text) &&
                    !layout_title_of(L, l, &other);
        if (more) {
            char *joined = NULL;
            bool glue = layout_wide_at(note->text, true) && layout_wide_at(text, false);
            if (asprintf(&joined, "%s%s%s", note->text, glue ? "" : " ", text) < 0)
                joined = NULL;
            free(text);
            if (!joined)
                return false;
            free(note->text);
            note->text = joined;
            l->cleared = true;
            continue;
        }
        free(text);
        if (!starts)
            break;
        note = l;
    }
    return true;
}

static bool full_stop(const char *s)
{
    for (size_t i = 0; s[i];) {
        unsigned cp;
        size_t n = layout_u8_next(s + i, &cp);
        if (cp == 0x3002) /* 。 */
            return true;
        i += n ? n : 1;
    }
    return false;
}

/* A form's title wrapped before its last word ("…绩效自" / "评表"): line i names no table,
 * but with the next line (one short piece, no digit) it names a form. The title is joined
 * on line i and the next line's text marked as taken. */
static bool join_title_end(lay *L, size_t i)
{
    if (i + 1 >= L->n || L->ln[i].np != 1 || L->ln[i].role != LR_TEXT)
        return false;
    lline *next = &L->ln[i + 1];
    if (next->np != 1 || next->nt != 1 || next->role != LR_TEXT)
        return false;
    char *a = layout_trimmed(&L->ln[i]), *b = layout_trimmed(next), *joined = NULL;
    bool ok = a && b && !full_stop(a) && utf8_chars(b, strlen(b)) <= 8 &&
              !strpbrk(b, "0123456789") && asprintf(&joined, "%s%s", a, b) >= 0;
    free(a);
    free(b);
    if (!ok)
        return false;
    lline probe = L->ln[i];
    probe.text = joined;
    tbl t;
    if (!layout_title_of(L, &probe, &t) || !t.form) {
        free(joined);
        return false;
    }
    free(L->ln[i].text);
    L->ln[i].text = joined;
    next->cleared = true;
    return true;
}

/* A form's long title wrapped onto two lines after a blank: the first line joins the
 * second (the one that names the form). */
static bool join_title(lay *L, size_t i)
{
    if (i < 1 || L->ln[i - 1].np != 1 || L->ln[i - 1].p[0].kind != TK_TEXT ||
        (i >= 2 && L->ln[i - 2].nt && L->ln[i - 2].page == L->ln[i - 1].page))
        return true;
    lline *first = &L->ln[i - 1], *title = &L->ln[i];
    char *a = layout_trimmed(first), *b = layout_trimmed(title), *joined = NULL;
    bool skip = !a || read_note_start(L->ctx, a) || read_part_heading(L->ctx, a) ||
                full_stop(a); /* a sentence (a note's last item) begins no title */
    if (!skip && b && asprintf(&joined, "%s%s", a, b) < 0)
        joined = NULL;
    free(a);
    free(b);
    if (skip)
        return true;
    if (!joined)
        return false;
    free(title->text);
    title->text = joined;
    first->cleared = true;
    return true;
}

/* The rest of the title's year, wrapped onto a line of its own above the form, joins the
 * title. */
static bool close_title(lay *L, size_t title, size_t start)
{
    for (size_t i = title + 1; i < start; i++) {
        lline *l = &L->ln[i];
        if (!layout_content(l) || !layout_title_tail(L, title, l))
            continue;
        char *rest = layout_trimmed(l), *joined = NULL;
        if (!rest || asprintf(&joined, "%s%s", L->ln[title].text, rest) < 0) {
            free(rest);
            return false;
        }
        free(rest);
        free(L->ln[title].text);
        L->ln[title].text = joined;
        l->cleared = true;
        break;
    }
    return true;
}

bool layout_read_tables(lay *L)
{
    for (size_t i = 0; i < L->n; i++) {
        tbl t;
        if ((!layout_title_of(L, &L->ln[i], &t) && !(join_title_end(L, i) && layout_title_of(L, &L->ln[i], &t))) ||
            !layout_find_region(L, &t, i))
            continue;
        if (t.form && (!join_title(L, i) || !close_title(L, i, t.start)))
            return false;
        if (!(t.form ? read_perf_form(&t) : layout_read_table(&t)) || (!t.form && !join_notes(L, t.end)))
            return false;
        i = t.end - 1;
    }
    return true;
}
