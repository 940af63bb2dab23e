/* layout_tokens.c — the laid-out-text reader's words (read_layout.c, steps 1 and 2):
 * characters and their display widths; the definitions' vocabulary (header words, key-column
 * words, row labels, codes); a line cut into tokens and pieces; the column metric, the PDF
 * unit and the usual decimals of a document; page furniture (heads repeated on many pages,
 * page numbers). */
#include "read/layout_internal.h"

/* ------------------------------------------------------------- characters --- */

size_t layout_u8_next(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    unsigned c = u[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) { /* decode_text made it valid; never read past NUL */
            *cp = 0xFFFD;
            return i;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

static bool is_blank_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\f' || cp == 0x3000 || cp == 0xA0;
}

/* Display width: East Asian wide and full-width characters take two columns. */
int layout_cp_width(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000
               ? 2
               : 1;
}

double layout_dmin(double a, double b)
{
    return a < b ? a : b;
}

double layout_dmax(double a, double b)
{
    return a > b ? a : b;
}

double layout_dabs(double a)
{
    return a < 0 ? -a : a;
}

bool layout_all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

char *layout_key_of(const gfa_context *ctx, const char *s, size_t len)
{
    return text_key(&ctx->variants, s, len);
}

/* ------------------------------------------------------------ vocabulary --- */

static bool known_code(const gfa_context *ctx, const char *s, size_t n)
{
    char code[8];
    if ((n != 3 && n != 5 && n != 7) || !layout_all_digits(s, n))
        return false;
    memcpy(code, s, n);
    code[n] = '\0';
    return code_list_find(&ctx->function_codes, code) || code_list_find(&ctx->economic_codes, code);
}

/* The key of the name a code list gives a code, or NULL. */
const char *layout_code_name(const gfa_context *ctx, const char *code)
{
    const code_entry *e = code_list_find(&ctx->function_codes, code);
    if (!e)
        e = code_list_find(&ctx->economic_codes, code);
    return e ? e->key : NULL;
}
bool layout_same(const char *label, const char *key)
{
    return strcmp(label, key) == 0;
}

bool layout_begins(const char *label, const char *key)
{
    return str_starts(label, key);
}

bool layout_inside(const char *label, const char *key)
{
    return strstr(label, key) != NULL;
}

bool layout_set_any(const label_set *ls, key_test fn, const char *key)
{
    for (size_t k = 0; k < ls->count; k++)
        if (fn(ls->keys[k], key))
            return true;
    return false;
}

/* Is key, by fn, one of the header words of the table's definitions: key-column words,
 * 栏次, column labels, the headers columns sit under, group headers, form fields? */
bool layout_header_word(const tbl *t, key_test fn, const char *key)
{
    const table_defs *d = &t->L->ctx->defs;
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (layout_set_any(&d->role_labels[r], fn, key))
            return true;
    if (layout_set_any(&d->colno_labels, fn, key))
        return true;
    for (int i = 0; i < t->ndefs; i++) {
        const table_def *def = t->defs[i];
        if (layout_set_any(&def->header_words, fn, key))
            return true;
        for (size_t f = 0; f < def->nfields; f++)
            if (layout_set_any(&def->fields[f].labels, fn, key))
                return true;
        for (size_t p = 0; p < def->nparts; p++) {
            const part_def *pd = &def->parts[p];
            if (layout_set_any(&pd->under, fn, key))
                return true;
            for (size_t c = 0; c < pd->ncols; c++)
                if (layout_set_any(&pd->cols[c].labels, fn, key) || layout_set_any(&pd->cols[c].under, fn, key))
                    return true;
        }
    }
    return false;
}

bool layout_role_word(const tbl *t, const char *key, key_role *role)
{
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (label_set_has(&t->L->ctx->defs.role_labels[r], key)) {
            if (role)
                *role = (key_role)r;
            return true;
        }
    return false;
}

/* Is key the label of a column of the definitions, or (under) a header a column sits
 * under? */
bool layout_column_word(const tbl *t, const char *key, bool under)
{
    for (int i = 0; i < t->ndefs; i++)
        for (size_t p = 0; p < t->defs[i]->nparts; p++)
            for (size_t c = 0; c < t->defs[i]->parts[p].ncols; c++) {
                const col_def *cd = &t->defs[i]->parts[p].cols[c];
                if (label_set_has(under ? &cd->under : &cd->labels, key))
                    return true;
            }
    return false;
}

/* A row label of the definitions (key without its ordinal). */
bool layout_def_row_key(const tbl *t, const char *key)
{
    for (int i = 0; *key && i < t->ndefs; i++)
        for (size_t p = 0; p < t->defs[i]->nparts; p++) {
            const part_def *pd = &t->defs[i]->parts[p];
            for (size_t r = 0; r < pd->nrows; r++)
                if (label_set_has(&pd->rows[r].labels, key))
                    return true;
        }
    return false;
}

/* A row label of the definitions, a function class or a code list name (key without
 * its ordinal). */
bool layout_row_key(const tbl *t, const char *key)
{
    const gfa_context *ctx = t->L->ctx;
    if (!*key)
        return false;
    if (layout_def_row_key(t, key))
        return true;
    return code_list_find_name(&ctx->function_classes, key) ||
           code_list_find_name(&ctx->function_codes, key) ||
           code_list_find_name(&ctx->economic_codes, key);
}

/* The key of printed text without its ordinal ("一、一般公共…" → "一般公共…"). */
char *layout_bare_key(const gfa_context *ctx, const char *s, size_t len, bool *ordinal)
{
    char *copy = xstrndup(s, len);
    if (!copy)
        return NULL;
    char *ord = NULL;
    const char *rest = text_strip_ordinal(copy, &ord);
    if (ordinal)
        *ordinal = ord != NULL && *rest;
    free(ord);
    char *k = layout_key_of(ctx, rest, strlen(rest));
    free(copy);
    return k;
}

bool layout_row_label(const tbl *t, const char *s, size_t len)
{
    char *k = layout_bare_key(t->L->ctx, s, len, NULL);
    bool yes = k && layout_row_key(t, k);
    free(k);
    return yes;
}

/* ----------------------------------------------------------------- tokens --- */

static tkind kind_of(const gfa_vocab *vocab, const char *s, size_t n)
{
    if (layout_all_digits(s, n))
        return n == 3 || n == 5 || n == 7 ? TK_CODE : TK_INT;
    bool mark = true; /* placeholders of a template: "…", "XX" */
    for (size_t i = 0; i < n && mark;) {
        unsigned cp;
        i += layout_u8_next(s + i, &cp);
        mark = cp == 0x2026 || cp == 0x22EF || cp == '.' || cp == 'X' || cp == 'x';
    }
    if (mark)
        return TK_MARK;
    char buf[48];
    if (n >= sizeof buf)
        return TK_TEXT;
    memcpy(buf, s, n);
    buf[n] = '\0';
    cell_value v = cell_parse(vocab, buf);
    if (v.kind == CELL_NA)
        return TK_NA;
    bool digit = (buf[0] >= '0' && buf[0] <= '9') ||
                 (buf[0] == '-' && buf[1] >= '0' && buf[1] <= '9');
    if (v.kind == CELL_NUMBER && digit)
        return strchr(buf, '.') || strchr(buf, ',') ? TK_NUM : TK_INT;
    return TK_TEXT;
}

/* Digits glued to the CJK text after them: a code and its name ("30207邮电费"), or the
 * last digits of an amount wrapped in its cell next to the wrapped end of a label ("6计");
 * their length, else 0. Digits an ideographic comma or a full-width full stop follows are
 * a label's ordinal (1、 2． as text_strip_ordinal reads them), never cut from it. */
static size_t glued_digits(const lay *L, const char *s, size_t len)
{
    size_t d = 0;
    while (d < len && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d == len || (d > 2 && !known_code(L->ctx, s, d)))
        return 0;
    unsigned cp;
    layout_u8_next(s + d, &cp);
    if (cp == 0x3001 || cp == 0xFF0E)
        return 0;
    return layout_cp_width(cp) == 2 ? d : 0;
}

static bool push_tok(lline *l, int *cap, const tok *k)
{
    if (l->nt == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        tok *t = realloc(l->t, (size_t)ncap * sizeof *t);
        if (!t)
            return false;
        l->t = t;
        *cap = ncap;
    }
    l->t[l->nt++] = *k;
    return true;
}

/* Pushes a token, cut in two when a code is glued to its name. */
static bool push_word(const lay *L, lline *l, int *cap, tok k)
{
    size_t d = glued_digits(L, k.s, k.len);
    if (d) {
        tok code = k;
        code.len = d;
        code.w = (double)d;
        if (!push_tok(l, cap, &code))
            return false;
        k.s += d;
        k.len -= d;
        k.pos += (long)d;
        k.ci += d;
        k.wl += (double)d;
        k.w -= (double)d;
        k.gap = 0;
        k.glued = true;
    }
    return push_tok(l, cap, &k);
}

bool layout_tokenise(const lay *L, lline *l)
{
    const char *s = l->text;
    size_t i = 0, ci = 0;
    long col = 0;
    double wcol = 0;
    int gap = 0, cap = 0;
    while (s[i]) {
        unsigned cp;
        size_t k = layout_u8_next(s + i, &cp);
        if (is_blank_cp(cp)) {
            i += k;
            ci++;
            col++;
            wcol += layout_cp_width(cp);
            gap++;
            continue;
        }
        tok tk = {.s = s + i, .pos = col + 1, .ci = ci, .wl = wcol, .gap = l->nt ? gap : 0};
        while (s[i]) {
            k = layout_u8_next(s + i, &cp);
            if (is_blank_cp(cp))
                break;
            i += k;
            ci++;
            col++;
            wcol += layout_cp_width(cp);
            tk.w += layout_cp_width(cp);
        }
        tk.len = (size_t)(s + i - tk.s);
        if (!push_word(L, l, &cap, tk))
            return false;
        gap = 0;
    }
    return true;
}

/* "201  06  01": a 类 code with its 款 and 项 printed in columns of their own is one
 * code when the code list knows the whole. */
static void join_split_code(const lay *L, lline *l)
{
    for (int i = 0; i + 1 < l->nt; i++) {
        tok *a = &l->t[i];
        if (a->kind != TK_CODE || a->len != 3)
            continue;
        char code[8];
        memcpy(code, a->s, 3);
        size_t n = 3;
        int last = 0;
        for (int m = i + 1; m < l->nt && m <= i + 2; m++) {
            if (l->t[m].len != 2 || !layout_all_digits(l->t[m].s, 2))
                break;
            memcpy(code + n, l->t[m].s, 2);
            n += 2;
            code[n] = '\0';
            if (code_list_find(&L->ctx->function_codes, code))
                last = m;
        }
        if (!last)
            continue;
        const tok *z = &l->t[last];
        a->len = (size_t)(z->s + z->len - a->s);
        a->w = z->wl + z->w - a->wl;
        a->known = true;
        memmove(&l->t[i + 1], &l->t[last + 1], (size_t)(l->nt - last - 1) * sizeof *l->t);
        l->nt -= last - i;
    }
}

/* Where one cell's text ends and the next begins inside a run of single blanks: a number,
 * a code or a dash never shares a cell with the text beside it; a whole number after text
 * does when text follows it ("单价 100 万元"), not when it ends the run ("…支出 33"). */
static bool cell_break(const tok *a, const tok *b, const tok *next)
{
    if (a->kind != TK_TEXT && b->kind != TK_TEXT)
        return true;
    if (a->kind == TK_NUM || a->kind == TK_NA || a->kind == TK_MARK ||
        (a->kind == TK_CODE && a->known))
        return true;
    if ((b->kind == TK_INT || b->kind == TK_CODE) && (!next || next->gap > 1 || next->kind != TK_TEXT))
        return true;
    return b->kind == TK_NUM || b->kind == TK_NA;
}

/* Characters of a token, for the PDF positions of its last character. */
size_t layout_token_chars(const tok *k)
{
    return (size_t)utf8_chars(k->s, k->len);
}

static void place_tokens(const lay *L, lline *l)
{
    for (int i = 0; i < l->nt; i++) {
        tok *k = &l->t[i];
        if (l->x) {
            size_t last = k->ci + layout_token_chars(k) - 1;
            unsigned cp = 0;
            const char *p = k->s;
            for (size_t j = 0; j + 1 < layout_token_chars(k); j++)
                p += layout_u8_next(p, &cp);
            layout_u8_next(p, &cp);
            k->l = l->x[k->ci] / L->unit;
            /* the glyph's own right edge: CJK set smaller than the digits (9 and 12 points)
             * ends well before two digits' width */
            k->r = l->x1 ? l->x1[last] / L->unit : l->x[last] / L->unit + layout_cp_width(cp);
        } else {
            k->l = L->by_width ? k->wl : (double)(k->pos - 1);
            k->r = k->l + k->w;
        }
    }
}

bool layout_make_pieces(const lay *L, lline *l)
{
    for (int i = 0; i < l->nt; i++) {
        tok *k = &l->t[i];
        k->kind = kind_of(&L->ctx->vocab, k->s, k->len);
        k->known = k->known || (k->kind == TK_CODE && known_code(L->ctx, k->s, k->len));
    }
    join_split_code(L, l);
    place_tokens(L, l);
    l->np = 0;
    l->p = l->nt ? calloc((size_t)l->nt, sizeof *l->p) : NULL;
    if (l->nt && !l->p)
        return false;
    for (int i = 0; i < l->nt; i++) {
        tok *k = &l->t[i];
        double gap = i ? k->l - l->t[i - 1].r : 0;
        bool wide = l->x ? gap >= 1.5 || (l->apart && l->apart[k->ci]) : k->gap >= 2;
        k->piece_start = i == 0 || wide || k->glued || cell_break(&l->t[i - 1], k, i + 1 < l->nt ? k + 1 : NULL);
        if (k->piece_start) {
            piece *p = &l->p[l->np++];
            p->t0 = i;
            p->kind = k->kind;
            p->l = k->l;
            p->col = -1;
        } else {
            l->p[l->np - 1].kind = TK_TEXT;
        }
        l->p[l->np - 1].t1 = i + 1;
        l->p[l->np - 1].r = k->r;
    }
    return true;
}

const char *layout_piece_text(const lline *l, const piece *p, size_t *len)
{
    const tok *a = &l->t[p->t0], *z = &l->t[p->t1 - 1];
    *len = (size_t)(z->s + z->len - a->s);
    return a->s;
}

/* Which way a document aligns its columns: pdftotext counts a CJK character as one column,
 * other tools as two. The count under which more amounts end where the amounts of the
 * line before end wins. */
void layout_choose_metric(lay *L)
{
    long hits[2] = {0, 0};
    const lline *prev = NULL;
    for (size_t i = 0; i < L->n; i++) {
        const lline *l = &L->ln[i];
        bool nums = false;
        for (int a = 0; a < l->nt; a++) {
            if (kind_of(&L->ctx->vocab, l->t[a].s, l->t[a].len) != TK_NUM)
                continue;
            nums = true;
            for (int b = 0; prev && b < prev->nt; b++) {
                const tok *ta = &l->t[a], *tb = &prev->t[b];
                hits[0] += ta->pos + (long)ta->w == tb->pos + (long)tb->w;
                hits[1] += ta->wl + ta->w == tb->wl + tb->w;
            }
        }
        if (nums)
            prev = l;
    }
    L->by_width = hits[1] > hits[0];
}

/* PDF: the points per column, the median advance of a narrow character. */
void layout_choose_unit(lay *L)
{
    double sample[512];
    size_t n = 0;
    for (size_t i = 0; i < L->n && n < ARRAY_LEN(sample); i++) {
        const lline *l = &L->ln[i];
        if (!l->x)
            continue;
        for (int k = 0; k < l->nt && n < ARRAY_LEN(sample); k++) {
            size_t nch = layout_token_chars(&l->t[k]);
            if (nch > 1 && l->t[k].w == (double)nch) /* narrow characters only */
                sample[n++] = (l->x[l->t[k].ci + nch - 1] - l->x[l->t[k].ci]) / (double)(nch - 1);
        }
    }
    for (size_t a = 1; a < n; a++) /* insertion sort of a small sample */
        for (size_t b = a; b > 0 && sample[b - 1] > sample[b]; b--) {
            double s = sample[b];
            sample[b] = sample[b - 1];
            sample[b - 1] = s;
        }
    L->unit = n && sample[n / 2] > 0 ? sample[n / 2] : 5.0;
}

/* The usual number of decimals of amounts: a number wrapped in its cell ("1614.4" over
 * "5") is joined back only to that many. */
void layout_choose_decimals(lay *L)
{
    long hist[8] = {0};
    for (size_t i = 0; i < L->n; i++)
        for (int k = 0; k < L->ln[i].nt; k++) {
            const tok *t = &L->ln[i].t[k];
            const char *dot = memchr(t->s, '.', t->len);
            if (dot && kind_of(&L->ctx->vocab, t->s, t->len) == TK_NUM && t->s + t->len - dot - 1 < 8)
                hist[t->s + t->len - dot - 1]++;
        }
    L->decimals = 2;
    for (int d = 0; d < 8; d++)
        if (hist[d] > hist[L->decimals])
            L->decimals = d;
}

/* -------------------------------------------------------------- furniture --- */

bool layout_content(const lline *l)
{
    return l->nt > 0 && l->role != LR_FURNITURE;
}

/* "5", "- 5 -", "— 12 —", "5 / 48": a page number. */
static bool page_number(const char *t, bool *dashed)
{
    int digits = 0, runs = 0;
    bool in = false, slash = false;
    *dashed = false;
    for (const char *p = t; *p;) {
        unsigned cp;
        p += layout_u8_next(p, &cp);
        if (cp >= '0' && cp <= '9') {
            digits++;
            runs += !in;
            in = true;
            continue;
        }
        in = false;
        if (cp == '/')
            slash = true;
        else if (cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2212 || cp == 0xFF0D)
            *dashed = true;
        else if (!is_blank_cp(cp))
            return false;
    }
    return digits >= 1 && digits <= 4 && (runs == 1 || (runs == 2 && slash));
}

/* A page number set off by dashes on both sides ("-5-", "- 12 -") alone on its line, its
 * words one blank apart, anywhere on a page: pdftotext -layout turns a page whose table is
 * drawn sideways on its sheet so that the table reads, and sets the page number printed
 * upright at the sheet's foot where it then falls, inside the page (between a table's note
 * and its 说明). A row of dashes and a 行次 stands in columns. */
static bool dashed_page_number(const lline *l)
{
    bool dashed;
    if (l->np > 3 || !page_number(l->text, &dashed) || !dashed)
        return false;
    const char *s = l->text;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (memmem(s, n, "  ", 2))
        return false;
    unsigned first, last = 0;
    layout_u8_next(s, &first);
    for (size_t i = 0; i < n;)
        i += layout_u8_next(s + i, &last);
    return !(first >= '0' && first <= '9') && !(last >= '0' && last <= '9');
}

/* The text of a page's first (or last) line, keyed, when it is a single piece of text. */
static char *edge_key(const gfa_context *ctx, const lline *l)
{
    if (l->np != 1 || l->p[0].kind != TK_TEXT)
        return NULL;
    size_t len;
    const char *s = layout_piece_text(l, &l->p[0], &len);
    return layout_key_of(ctx, s, len);
}

/* Lines that repeat at the same edge of many pages (a running head or foot) and page
 * numbers at the foot of a page (or at its head, set off by dashes) are no part of the
 * report's text. */
bool layout_mark_furniture(lay *L)
{
    size_t npages = 0;
    strmap *heads = strmap_new(), *feet = strmap_new();
    size_t *first = calloc(L->n + 1, sizeof *first), *last = calloc(L->n + 1, sizeof *last);
    bool ok = heads && feet && first && last;
    for (size_t i = 0; ok && i < L->n;) { /* pages: [first, last] content lines */
        size_t j = i;
        while (j < L->n && L->ln[j].page == L->ln[i].page)
            j++;
        size_t a = i, z = j;
        while (a < j && !L->ln[a].nt)
            a++;
        while (z > a && !L->ln[z - 1].nt)
            z--;
        if (a < z) {
            first[npages] = a;
            last[npages++] = z - 1;
        }
        i = j;
    }
    for (int pass = 0; ok && pass < 2; pass++)
        for (size_t k = 0; k < npages; k++)
            for (int edge = 0; edge < 2; edge++) {
                lline *l = &L->ln[edge ? last[k] : first[k]];
                strmap *m = edge ? feet : heads;
                char *key = edge_key(L->ctx, l);
                int count = 0;
                if (key && pass == 0)
                    ok = strmap_put(m, key, strmap_get(m, key, &count) ? count + 1 : 1);
                else if (key && strmap_get(m, key, &count) && count >= 3 &&
                         (size_t)count * 4 >= npages)
                    l->role = LR_FURNITURE;
                free(key);
                bool dashed;
                if (pass == 1 && l->np <= 3 && page_number(l->text, &dashed) && (edge || dashed))
                    l->role = LR_FURNITURE;
            }
    for (size_t i = 0; ok && i < L->n; i++)
        if (dashed_page_number(&L->ln[i]))
            L->ln[i].role = LR_FURNITURE;
    strmap_free(heads);
    strmap_free(feet);
    free(first);
    free(last);
    return ok;
}
