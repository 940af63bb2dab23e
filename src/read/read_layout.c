/* read_layout.c — text laid out in columns by position: what `pdftotext -layout` writes,
 * and what the PDF reader makes of a page without table rulings (issue 10). Both give
 * the same line/cell model as a tab-separated text, so one assembler and one recogniser
 * read them all.
 *
 * How laid-out lines become lines and cells:
 *   1. a line is cut into tokens (runs of non-blank characters) with their columns;
 *      tokens one blank apart form a piece (a cell's text), except where a number, a code
 *      or a dash meets text: "1614.45 一、…", "2010301 行政运行", "30207邮电费";
 *   2. page furniture goes: heads repeated at the top of many pages, page numbers;
 *   3. a table region runs from the header after a title the definitions know to its
 *      note (注：…), the next title, a part heading or prose;
 *   4. the header: tokens are joined into the labels the definitions know, also over
 *      lines ("本年收入合" + "计"); labels with nothing under them are the columns and
 *      the others span them; the 栏次 row numbers the value columns;
 *   5. each body line's pieces go to columns in order, by position and kind (a dynamic
 *      programme over the columns of the table);
 *   6. per column group, the body lines are cut into rows, each with at most one code or
 *      行次: wrapped names and amounts join the row whose code list name or definition
 *      label they complete, else by the alignment the document's other rows show;
 *   7. a row is written as a grid line at the line of its code, its cells where the
 *      columns are (blank cells included); lines whose text moved into another line's
 *      cells become blank, so the line numbers stay those of the laid-out text.
 * Columns: pdftotext places a word where it starts, counting a CJK character as one
 * column, so a word's left edge is its character column; its right edge is taken at its
 * display width (CJK characters two), which is how far the printed word really reaches.
 * Whole rows of a document aligned by display width instead are detected (by_width). */
#include "read/read.h"

#include <math.h> /* NAN, INFINITY, isnan: macros (no libm) */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 256          /* as the recogniser */
#define MAX_DEFS 8            /* definitions sharing one title (national, Shanghai …) */
#define MAX_ROW_LINES 8       /* lines one row may take: a name wrapped seven times */
#define MAX_HEAD_LINES 16     /* lines of one header block */
#define MAX_HEAD_TOKENS 128   /* tokens of one header block */
#define MAX_LABEL_TOKENS 8    /* tokens one header label is joined from */
#define NEG (-1e9)

/* ------------------------------------------------------------------ types --- */

typedef enum tkind { TK_TEXT, TK_INT, TK_NUM, TK_CODE, TK_NA, TK_MARK } tkind;

typedef struct tok {
    const char *s;   /* into the line's text, not terminated */
    size_t len;
    long pos;        /* 1-based character column */
    size_t ci;       /* index of its first character (PDF positions) */
    double wl, w;    /* display column where it starts, display width */
    double l, r;     /* left and right edge in columns */
    int gap;         /* blanks before it on the line */
    tkind kind;
    bool known;      /* a code of the code lists */
    bool glued;      /* cut from the digits before it: starts a piece */
    bool piece_start;
} tok;

typedef struct piece {
    int t0, t1;      /* tokens [t0, t1) of its line */
    tkind kind;
    double l, r;
    int col;         /* the column it went to, -1 */
} piece;

typedef enum lrole { LR_TEXT, LR_FURNITURE, LR_HEADER, LR_COLNO, LR_BODY } lrole;

typedef struct ocell {
    char *text;
    long pos;
    long from;       /* line index its text starts on, -1 for an empty cell */
    size_t ci;
} ocell;

typedef struct lline {
    long no;
    int page;
    float y;
    const float *x;  /* per character, or NULL */
    const float *x1; /* where each character ends, or NULL */
    const bool *apart; /* the character begins another cell than the one before, or NULL */
    char *text;      /* without form feeds */
    tok *t;
    int nt;
    piece *p;
    int np;
    lrole role;
    ocell *out;      /* cells of a grid line */
    int nout;
    bool cleared;    /* written blank: its text went into cells of other lines */
    bool lends;      /* a row whose line also holds the header's last labels */
    bool page_break; /* a page break on a line of its own (layout_run, count_pages) */
} lline;

typedef struct lay {
    const gfa_context *ctx;
    const char *file;
    lline *ln;
    size_t n;
    bool by_width;   /* columns counted in display width rather than characters */
    double unit;     /* PDF: points per column */
    int decimals;    /* the usual number of decimals (joins amounts wrapped in a cell) */
    int votes[3];    /* alignment of wrapped row names seen: top, centred, bottom */
    bool nomem;
} lay;

typedef enum ckind { CK_CODE, CK_NAME, CK_LINENO, CK_VALUE } ckind;

typedef struct zone {
    double l, r;     /* where the column's header label and 栏次 number are */
    double anchor;   /* left edge of its 栏次 number, NAN without one */
} zone;

typedef struct column {
    ckind kind;
    int group;
} column;

typedef struct hcell {
    char *text, *key;
    int top, bottom; /* line indexes */
    double l, r;
    long line;       /* line index of its first token */
    const tok *first;
    int parent, depth, col, nchildren;
    int beside[2];   /* the nearest labels on its line, left and right, -1 */
    const label_set *under; /* what the definitions put over it (value labels) */
    bool role;       /* a key-column word (项目, 科目代码 …) */
    key_role kind;   /* which */
    bool group_word; /* known only as a header over other columns */
    bool under_word; /* a header the definitions put some column under (预算数) */
    bool value;      /* a value column's label */
} hcell;

typedef struct hblock {
    size_t lines[MAX_HEAD_LINES];
    int nlines;
    long colno;      /* line index of its 栏次 row, -1 */
    long lent;       /* a row's line that holds the block's last labels (lends), -1 */
    hcell *cells;
    int ncells;
    int leaf_col[MAX_COLS]; /* the table column of each leaf, in leaf order */
    int nleaves;
    zone zones[MAX_COLS];   /* columns as this block places them */
    bool placed;     /* its leaves map one to one onto the table's columns */
    /* learnt from the amounts under it: where a value column's amounts end (or begin) */
    double edge[MAX_COLS];
    bool right[MAX_COLS];   /* they line up on their right edge */
    bool learnt[MAX_COLS];
    size_t from, to;        /* the lines whose places it gives */
} hblock;

typedef struct tbl {
    lay *L;
    size_t start, end;
    const table_def *defs[MAX_DEFS];
    int ndefs;
    bool form;       /* a performance form: lines are kept as printed */
    column cols[MAX_COLS];
    int ncols;
    hblock *blocks;
    int nblocks;
    int main;        /* the block the columns come from */
    struct pshift *shifts; /* pages laid out apart from their block's header (page_shifts) */
    int nshifts;
} tbl;

/* A page that a header block governs without printing the header again (a table continued
 * on the next page) is laid out anew by pdftotext: a wide label pushes the columns right of
 * it (财政拨款收入支出决算总表 continued: its expense labels at column 35 under a header whose
 * page set them at 27, the amounts moved as far). The block's columns, moved per group by
 * as much as the group's row labels moved, place that page's lines. */
typedef struct pshift {
    int block, page;
    hblock moved;    /* the block's zones and learnt edges, moved */
    bool own;        /* its edges are the page's own (page_edges), not the block's moved */
} pshift;

/* ------------------------------------------------------------- characters --- */

static size_t u8_next(const char *s, unsigned *cp)
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
static int cp_width(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000
               ? 2
               : 1;
}

static double dmin(double a, double b)
{
    return a < b ? a : b;
}

static double dmax(double a, double b)
{
    return a > b ? a : b;
}

static double dabs(double a)
{
    return a < 0 ? -a : a;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static char *key_of(const char *s, size_t len)
{
    return text_key(s, len);
}

/* ------------------------------------------------------------ vocabulary --- */

static bool known_code(const gfa_context *ctx, const char *s, size_t n)
{
    char code[8];
    if ((n != 3 && n != 5 && n != 7) || !all_digits(s, n))
        return false;
    memcpy(code, s, n);
    code[n] = '\0';
    return code_list_find(&ctx->function_codes, code) || code_list_find(&ctx->economic_codes, code);
}

/* The key of the name a code list gives a code, or NULL. */
static const char *code_name(const gfa_context *ctx, const char *code)
{
    const code_entry *e = code_list_find(&ctx->function_codes, code);
    if (!e)
        e = code_list_find(&ctx->economic_codes, code);
    return e ? e->key : NULL;
}

typedef bool (*key_test)(const char *label, const char *key);

static bool same(const char *label, const char *key)
{
    return strcmp(label, key) == 0;
}

static bool begins(const char *label, const char *key)
{
    return str_starts(label, key);
}

static bool inside(const char *label, const char *key)
{
    return strstr(label, key) != NULL;
}

static bool set_any(const label_set *ls, key_test fn, const char *key)
{
    for (size_t k = 0; k < ls->count; k++)
        if (fn(ls->keys[k], key))
            return true;
    return false;
}

/* Is key, by fn, one of the header words of the table's definitions: key-column words,
 * 栏次, column labels, the headers columns sit under, group headers, form fields? */
static bool header_word(const tbl *t, key_test fn, const char *key)
{
    const table_defs *d = &t->L->ctx->defs;
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (set_any(&d->role_labels[r], fn, key))
            return true;
    if (set_any(&d->colno_labels, fn, key))
        return true;
    for (int i = 0; i < t->ndefs; i++) {
        const table_def *def = t->defs[i];
        if (set_any(&def->header_words, fn, key))
            return true;
        for (size_t f = 0; f < def->nfields; f++)
            if (set_any(&def->fields[f].labels, fn, key))
                return true;
        for (size_t p = 0; p < def->nparts; p++) {
            const part_def *pd = &def->parts[p];
            if (set_any(&pd->under, fn, key))
                return true;
            for (size_t c = 0; c < pd->ncols; c++)
                if (set_any(&pd->cols[c].labels, fn, key) || set_any(&pd->cols[c].under, fn, key))
                    return true;
        }
    }
    return false;
}

static bool role_word(const tbl *t, const char *key, key_role *role)
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
static bool column_word(const tbl *t, const char *key, bool under)
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
static bool def_row_key(const tbl *t, const char *key)
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
static bool row_key(const tbl *t, const char *key)
{
    const gfa_context *ctx = t->L->ctx;
    if (!*key)
        return false;
    if (def_row_key(t, key))
        return true;
    return code_list_find_name(&ctx->function_classes, key) ||
           code_list_find_name(&ctx->function_codes, key) ||
           code_list_find_name(&ctx->economic_codes, key);
}

/* The key of printed text without its ordinal ("一、一般公共…" → "一般公共…"). */
static char *bare_key(const char *s, size_t len, bool *ordinal)
{
    char *copy = xstrndup(s, len);
    if (!copy)
        return NULL;
    char *ord = NULL;
    const char *rest = text_strip_ordinal(copy, &ord);
    if (ordinal)
        *ordinal = ord != NULL && *rest;
    free(ord);
    char *k = key_of(rest, strlen(rest));
    free(copy);
    return k;
}

static bool row_label(const tbl *t, const char *s, size_t len)
{
    char *k = bare_key(s, len, NULL);
    bool yes = k && row_key(t, k);
    free(k);
    return yes;
}

/* ----------------------------------------------------------------- tokens --- */

static tkind kind_of(const gfa_vocab *vocab, const char *s, size_t n)
{
    if (all_digits(s, n))
        return n == 3 || n == 5 || n == 7 ? TK_CODE : TK_INT;
    bool mark = true; /* placeholders of a template: "…", "XX" */
    for (size_t i = 0; i < n && mark;) {
        unsigned cp;
        i += u8_next(s + i, &cp);
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
    u8_next(s + d, &cp);
    if (cp == 0x3001 || cp == 0xFF0E)
        return 0;
    return cp_width(cp) == 2 ? d : 0;
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

static bool tokenise(const lay *L, lline *l)
{
    const char *s = l->text;
    size_t i = 0, ci = 0;
    long col = 0;
    double wcol = 0;
    int gap = 0, cap = 0;
    while (s[i]) {
        unsigned cp;
        size_t k = u8_next(s + i, &cp);
        if (is_blank_cp(cp)) {
            i += k;
            ci++;
            col++;
            wcol += cp_width(cp);
            gap++;
            continue;
        }
        tok tk = {.s = s + i, .pos = col + 1, .ci = ci, .wl = wcol, .gap = l->nt ? gap : 0};
        while (s[i]) {
            k = u8_next(s + i, &cp);
            if (is_blank_cp(cp))
                break;
            i += k;
            ci++;
            col++;
            wcol += cp_width(cp);
            tk.w += cp_width(cp);
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
            if (l->t[m].len != 2 || !all_digits(l->t[m].s, 2))
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
static size_t token_chars(const tok *k)
{
    return (size_t)utf8_chars(k->s, k->len);
}

static void place_tokens(const lay *L, lline *l)
{
    for (int i = 0; i < l->nt; i++) {
        tok *k = &l->t[i];
        if (l->x) {
            size_t last = k->ci + token_chars(k) - 1;
            unsigned cp = 0;
            const char *p = k->s;
            for (size_t j = 0; j + 1 < token_chars(k); j++)
                p += u8_next(p, &cp);
            u8_next(p, &cp);
            k->l = l->x[k->ci] / L->unit;
            /* the glyph's own right edge: CJK set smaller than the digits (9 and 12 points)
             * ends well before two digits' width */
            k->r = l->x1 ? l->x1[last] / L->unit : l->x[last] / L->unit + cp_width(cp);
        } else {
            k->l = L->by_width ? k->wl : (double)(k->pos - 1);
            k->r = k->l + k->w;
        }
    }
}

static bool make_pieces(const lay *L, lline *l)
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

static const char *piece_text(const lline *l, const piece *p, size_t *len)
{
    const tok *a = &l->t[p->t0], *z = &l->t[p->t1 - 1];
    *len = (size_t)(z->s + z->len - a->s);
    return a->s;
}

/* Which way a document aligns its columns: pdftotext counts a CJK character as one column,
 * other tools as two. The count under which more amounts end where the amounts of the
 * line before end wins. */
static void choose_metric(lay *L)
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
static void choose_unit(lay *L)
{
    double sample[512];
    size_t n = 0;
    for (size_t i = 0; i < L->n && n < ARRAY_LEN(sample); i++) {
        const lline *l = &L->ln[i];
        if (!l->x)
            continue;
        for (int k = 0; k < l->nt && n < ARRAY_LEN(sample); k++) {
            size_t nch = token_chars(&l->t[k]);
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
static void choose_decimals(lay *L)
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

static bool content(const lline *l)
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
        p += u8_next(p, &cp);
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
    u8_next(s, &first);
    for (size_t i = 0; i < n;)
        i += u8_next(s + i, &last);
    return !(first >= '0' && first <= '9') && !(last >= '0' && last <= '9');
}

/* The text of a page's first (or last) line, keyed, when it is a single piece of text. */
static char *edge_key(const lline *l)
{
    if (l->np != 1 || l->p[0].kind != TK_TEXT)
        return NULL;
    size_t len;
    const char *s = piece_text(l, &l->p[0], &len);
    return key_of(s, len);
}

/* Lines that repeat at the same edge of many pages (a running head or foot) and page
 * numbers at the foot of a page (or at its head, set off by dashes) are no part of the
 * report's text. */
static bool mark_furniture(lay *L)
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
                char *key = edge_key(l);
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

/* ---------------------------------------------------------------- regions --- */

static char *trimmed(const lline *l)
{
    return text_trim(l->text, strlen(l->text));
}

/* The definitions whose title the line is; false when none. */
static bool title_of(lay *L, const lline *l, tbl *t)
{
    memset(t, 0, sizeof *t);
    t->L = L;
    if (!l->nt || l->role != LR_TEXT)
        return false;
    char *text = trimmed(l);
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
    const char *first = piece_text(l, &l->p[0], &len);
    if (!keyless(t) && row_label(t, first, len) && (l->np < 2 || keys < 0 || l->p[0].l <= keys))
        return false;
    for (int k = 0; k < l->nt; k++) {
        const tok *tk = &l->t[k];
        char *key = tk->kind == TK_TEXT ? key_of(tk->s, tk->len) : NULL;
        bool ok = key && *key && header_word(t, inside, key);
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
        const char *s = piece_text(l, &l->p[k], &len);
        char *key = key_of(s, len);
        bool ok = key && header_word(t, same, key);
        key_word |= ok && role_word(t, key, NULL);
        free(key);
        if (!ok)
            return false;
    }
    return key_word;
}

/* A key-column word, or the beginning of one ("科目代" over "码"). */
static bool role_token(const tbl *t, const tok *k)
{
    char *key = key_of(k->s, k->len);
    bool yes = false;
    for (int r = ROLE_CODE; key && r <= ROLE_LINENO && !yes; r++)
        yes = set_any(&t->L->ctx->defs.role_labels[r], begins, key);
    free(key);
    return yes;
}

static bool colno_word(const tbl *t, const tok *k)
{
    char *key = key_of(k->s, k->len);
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
        char *key = key_of(l->t[k].s, l->t[k].len);
        long_words += key && (header_word(t, same, key) || (strlen(key) >= 12 && header_word(t, begins, key)));
        free(key);
    }
    return long_words >= 2;
}

/* Where a table's grid begins after its title: its first header line (or, as in 公开10,
 * a first row the definitions know); false when a note or another title comes first. */
static bool starts_grid(const tbl *t, const lline *l)
{
    size_t len;
    const char *s = piece_text(l, &l->p[0], &len);
    if (l->p[0].kind == TK_CODE || row_label(t, s, len))
        return true;
    if (!header_candidate(t, l, -1))
        return false;
    for (int k = 0; k < l->np; k++) {
        s = piece_text(l, &l->p[k], &len);
        char *key = key_of(s, len);
        bool whole = key && (header_word(t, same, key) || (strlen(key) >= 6 && header_word(t, begins, key)));
        free(key);
        if (whole)
            return true;
    }
    return header_beginnings(t, l);
}

static bool ends_grid(lay *L, const tbl *t, const lline *l, double left)
{
    char *text = trimmed(l);
    tbl other;
    bool end = !text || read_note_start(L->ctx, text) || read_part_heading(L->ctx, text) ||
               title_of(L, l, &other);
    /* prose; in a form, only from its left edge (a goal's or an analysis's lines are long
     * pieces inside their cells) */
    if (!end && l->np == 1 && utf8_chars(text, strlen(text)) >= 24 &&
        (!t->form || left < 0 || l->t[0].l <= left + 2))
        end = !row_label(t, text, strlen(text)) && !header_candidate(t, l, -1);
    free(text);
    return end;
}

/* "(2024 年度)" under a form's title: a caption. */
static bool year_caption(const lline *l)
{
    unsigned cp;
    u8_next(l->t[0].s, &cp);
    int digits = 0;
    for (int k = 0; k < l->nt; k++)
        for (size_t i = 0; i < l->t[k].len; i++)
            digits += l->t[k].s[i] >= '0' && l->t[k].s[i] <= '9';
    return l->np == 1 && (cp == '(' || cp == 0xFF08) && digits == 4;
}

/* The rest of a title's year wrapped onto the next line: one short piece. */
static bool title_tail(const lay *L, size_t title, const lline *l)
{
    return l->np == 1 && l->nt <= 2 && read_title_tail(L->ln[title].text, l->text);
}

static bool find_region(lay *L, tbl *t, size_t title)
{
    size_t i = title + 1;
    for (int seen = 0; i < L->n && seen < 12; i++) {
        lline *l = &L->ln[i];
        if (!content(l))
            continue;
        if (l->cleared) /* the end of the title's words */
            continue;
        if (starts_grid(t, l) ||
            (t->form && !year_caption(l) && !title_tail(L, title, l))) /* a form begins under its title */
            break;
        if (ends_grid(L, t, l, -1))
            return false;
        seen++;
    }
    if (i >= L->n || !content(&L->ln[i]) || (!t->form && !starts_grid(t, &L->ln[i])))
        return false;
    t->start = i;
    t->end = i + 1;
    double left = L->ln[i].nt ? L->ln[i].t[0].l : -1; /* the form's left edge so far */
    for (size_t j = i + 1; j < L->n; j++) {
        lline *l = &L->ln[j];
        if (!content(l))
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
    const char *s = piece_text(l, &l->p[0], &len);
    if (l->np < 2 || l->p[0].l > keys || !row_label(t, s, len))
        return false;
    for (int k = 1; k < l->np; k++) {
        s = piece_text(l, &l->p[k], &len);
        char *key = l->p[k].kind == TK_TEXT ? key_of(s, len) : NULL;
        bool ok = key && column_word(t, key, false) && !role_word(t, key, NULL);
        free(key);
        if (!ok)
            return false;
    }
    return true;
}

static bool same_text(const lline *a, const lline *b)
{
    char *ka = trimmed(a), *kb = trimmed(b);
    char *x = ka ? key_of(ka, strlen(ka)) : NULL, *y = kb ? key_of(kb, strlen(kb)) : NULL;
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
        if (!content(l))
            continue;
        if (l->role == LR_BODY && header_seen)
            break;
        header_seen |= l->role != LR_BODY;
        head[nhead++] = i;
    }
    for (size_t i = t->start; header_seen && i < t->end; i++) {
        if (!content(&L->ln[i]) || L->ln[i].page == page)
            continue;
        page = L->ln[i].page;
        if (i == head[0])
            continue;
        int matched = 0;
        for (size_t j = i; j < t->end && matched < nhead; j++) {
            lline *l = &L->ln[j];
            if (!content(l))
                continue;
            if (!same_text(l, &L->ln[head[matched++]]))
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
    const char *a = piece_text(b, &b->p[0], &la), *z = piece_text(l, &l->p[0], &lb);
    char *joined = malloc(la + lb + 1);
    if (!joined)
        return false;
    memcpy(joined, a, la);
    memcpy(joined + la, z, lb);
    bool yes = !row_label(t, a, la) && row_label(t, joined, la + lb);
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
        char *key = l->t[k].kind == TK_TEXT ? key_of(l->t[k].s, l->t[k].len) : NULL;
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
static void classify_lines(tbl *t)
{
    lay *L = t->L;
    bool may = true, in_head = false;
    int page = -1, lines = 0;
    double keys = -1; /* where the key columns' words of the header so far end */
    size_t last_body = SIZE_MAX;
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &L->ln[i];
        if (!content(l))
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
                    keys = dmax(keys, l->t[k].r);
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

static void free_blocks(tbl *t)
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
static bool find_blocks(tbl *t)
{
    lay *L = t->L;
    int n = 0;
    bool in = false;
    for (size_t i = t->start; i < t->end; i++) {
        const lline *l = &L->ln[i];
        if (!content(l))
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
        if (!content(l))
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

static double gap_between(double al, double ar, double bl, double br)
{
    double g = dmax(al, bl) - dmin(ar, br);
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
    a->l = dmin(a->l, b->l);
    a->r = dmax(a->r, b->r);
    a->whole = header_word(t, same, key);
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
    lab->whole = lab->key && header_word(t, same, lab->key);
    return lab->key != NULL;
}

/* How many tokens from i on, in one piece of one line, make the longest header word (or,
 * short of one, the longest beginning of one, or of a wrapped part: "(境) 费"). */
static int line_run(const tbl *t, const htok *h, int n, int i)
{
    int end = i + 1, whole_end = header_word(t, same, h[i].key) ? end : -1;
    key_test part = header_word(t, begins, h[i].key) ? begins : inside;
    char *key = strdup(h[i].key);
    while (key && end < n && end - i < MAX_LABEL_TOKENS && h[end].line == h[i].line &&
           !h[end].t->piece_start) {
        char *k = joined_key(key, h[end].key);
        free(key);
        key = k;
        if (!key || !header_word(t, part, key))
            break;
        end++;
        if (header_word(t, same, key))
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
            S(i, j) = dmax(S(i - 1, j), S(i, j - 1));
            const hlabel *u = &lab[up[i - 1]], *d = &lab[dn[j - 1]];
            double g = gap_between(u->l, u->r, d->l, d->r);
            char *key = g <= 24 ? joined_key(u->key, d->key) : NULL;
            if (key && header_word(t, begins, key))
                S(i, j) = dmax(S(i, j), S(i - 1, j - 1) + 1000 - g);
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
        if (!lab[i].absorbed && lab[i].last == a && !lab[i].whole && header_word(t, begins, lab[i].key))
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
    c->role = role_word(t, c->key, &c->kind);
    c->group_word = !c->role && !column_word(t, c->key, false) && header_word(t, same, c->key);
    c->under_word = column_word(t, c->key, true);
    c->value = column_word(t, c->key, false);
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
    return role_word(t, k->key, &role) && role == ROLE_LINENO;
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

static bool block_cells(const tbl *t, hblock *b)
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
            h[n].key = key_of(l->t[j].s, l->t[j].len);
            ok = h[n++].key != NULL;
        }
    }
    if (ok)
        lift_lineno_lines(t, h, n);
    const lline *lent = b->lent >= 0 ? &L->ln[b->lent] : NULL;
    for (int j = lent ? lent->p[1].t0 : 0; ok && lent && j < lent->nt && n < MAX_HEAD_TOKENS; j++) {
        h[n].t = &lent->t[j]; /* on a line of its own after the block's */
        h[n].line = b->nlines;
        h[n].key = key_of(lent->t[j].s, lent->t[j].len);
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
    return gap_between(a->l, a->r, b->l, b->r);
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
static bool link_cells(const tbl *t, hblock *b)
{
    bool *below = calloc((size_t)b->ncells + 1, sizeof *below);
    if (!below)
        return false;
    /* a label over another (they overlap; touching edges are neighbours' widths guessed
     * wide: "因公出国（境）费" ending where the 小计 under its right neighbour begins) */
    for (int c = 0; c < b->ncells; c++)
        for (int d = 0; d < b->ncells && !below[c]; d++)
            below[c] = above(&b->cells[c], &b->cells[d]) &&
                       dmin(b->cells[c].r, b->cells[d].r) - dmax(b->cells[c].l, b->cells[d].l) > 0;
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

/* ---------------------------------------------------------------- columns --- */

/* The kind of a column: the deepest word over it that says anything decides (a value
 * label outranks a key word printed over the whole header), as the recogniser reads it. */
static ckind leaf_kind(const tbl *t, const hblock *b, int c)
{
    for (int u = c, k = 0; u >= 0 && k < b->ncells; u = b->cells[u].parent, k++) {
        key_role role;
        if (role_word(t, b->cells[u].key, &role))
            return role == ROLE_CODE ? CK_CODE : role == ROLE_LINENO ? CK_LINENO : CK_NAME;
        if (column_word(t, b->cells[u].key, false))
            return CK_VALUE;
    }
    return CK_VALUE;
}

typedef struct slot {
    ckind kind;
    zone z;
    int cell;  /* the leaf label, -1 for a column only the 栏次 row shows */
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    return x->z.l < y->z.l ? -1 : x->z.l > y->z.l ? 1 : (x->cell > y->cell) - (x->cell < y->cell);
}

/* Pairs the 栏次 numbers with the value columns: in order when they are as many, else
 * each number to the nearest value column left free (numbers and columns stay in order);
 * a number without a column makes one. */
static int add_colnos(const tbl *t, const hblock *b, slot *s, int n)
{
    if (b->colno < 0)
        return n;
    const lline *l = &t->L->ln[b->colno];
    int vals[MAX_COLS], nv = 0;
    for (int k = 0; k < n; k++)
        if (s[k].kind == CK_VALUE)
            vals[nv++] = k;
    int nums = 0;
    for (int k = 0; k < l->nt; k++)
        nums += l->t[k].kind == TK_INT || l->t[k].kind == TK_CODE;
    int v = 0;
    for (int k = 0; k < l->nt && n < MAX_COLS; k++) {
        const tok *x = &l->t[k];
        if (x->kind != TK_INT && x->kind != TK_CODE)
            continue;
        int pick = -1;
        if (nums == nv) {
            pick = vals[v++];
        } else {
            for (int j = v; j < nv; j++)
                if (pick < 0 || gap_between(x->l, x->r, s[vals[j]].z.l, s[vals[j]].z.r) <
                                    gap_between(x->l, x->r, s[pick].z.l, s[pick].z.r))
                    pick = vals[j];
            if (pick >= 0 && gap_between(x->l, x->r, s[pick].z.l, s[pick].z.r) > 4)
                pick = -1;
            while (pick >= 0 && v < nv && vals[v] <= pick)
                v++;
        }
        if (pick < 0) {
            s[n++] = (slot){CK_VALUE, {x->l, x->r, x->l}, -1};
            continue;
        }
        s[pick].z.l = dmin(s[pick].z.l, x->l);
        s[pick].z.r = dmax(s[pick].z.r, x->r);
        s[pick].z.anchor = x->l;
    }
    return n;
}

/* A block's columns: its leaf labels and its 栏次 numbers, left to right. */
static int block_slots(const tbl *t, hblock *b, slot *s)
{
    int n = 0;
    for (int c = 0; c < b->ncells && n < MAX_COLS; c++) {
        const hcell *C = &b->cells[c];
        if (!C->nchildren)
            s[n++] = (slot){leaf_kind(t, b, c), {C->l, C->r, NAN}, c};
    }
    qsort(s, (size_t)n, sizeof *s, slot_cmp);
    n = add_colnos(t, b, s, n);
    qsort(s, (size_t)n, sizeof *s, slot_cmp);
    b->nleaves = n;
    return n;
}

static int nearest_column(const tbl *t, const zone *zones, double l, double r, bool keys_only)
{
    int best = -1;
    for (int c = 0; c < t->ncols; c++)
        if ((!keys_only || t->cols[c].kind != CK_VALUE) &&
            (best < 0 || gap_between(l, r, zones[c].l, zones[c].r) <
                             gap_between(l, r, zones[best].l, zones[best].r)))
            best = c;
    return best;
}

/* The table's columns come from its first block with labels; a block printed again on a
 * later page places them anew when it has as many (positions drift between pages). */
static bool build_columns(tbl *t)
{
    slot *s = calloc(MAX_COLS, sizeof *s);
    if (!s)
        return false;
    for (int k = 0; k < t->nblocks; k++) {
        hblock *b = &t->blocks[k];
        if (!block_cells(t, b) || !link_cells(t, b)) {
            free(s);
            return false;
        }
        if (b->lent >= 0) /* the row keeps only its label */
            t->L->ln[b->lent].np = 1;
        int n = block_slots(t, b, s);
        if (!t->ncols && n >= 2) {
            t->main = k;
            t->ncols = n;
            for (int c = 0; c < n; c++)
                t->cols[c].kind = s[c].kind;
        }
        b->placed = t->ncols && n == t->ncols;
        for (int c = 0; c < n; c++) {
            b->leaf_col[c] = b->placed ? c : -1;
            if (b->placed)
                b->zones[c] = s[c].z;
        }
        for (int c = 0; c < n && !b->placed && t->ncols; c++) /* labels to the nearest column */
            b->leaf_col[c] = nearest_column(t, t->blocks[t->main].zones, s[c].z.l, s[c].z.r, false);
        for (int c = 0; c < n; c++)
            if (s[c].cell >= 0)
                b->cells[s[c].cell].col = b->leaf_col[c];
    }
    free(s);
    int g = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (c > 0 && t->cols[c].kind != CK_VALUE && t->cols[c - 1].kind == CK_VALUE)
            g++;
        t->cols[c].group = g;
    }
    return true;
}

/* ------------------------------------------------------- body to columns --- */

/* What a piece of each kind costs in a column of each kind: codes in the code column,
 * text in the name column, numbers in value columns; a merged label (人员经费合计) may
 * sit in the code column, a 3-digit number may be an amount. */
static double kind_cost(tkind k, ckind c)
{
    static const double cost[4][6] = {
        /*            TEXT INT  NUM  CODE NA   MARK */
        [CK_CODE] = {25, 40, 100, 0, 50, 0},
        [CK_NAME] = {0, 40, 100, 30, 50, 2},
        [CK_LINENO] = {100, 0, 100, 10, 100, 60},
        [CK_VALUE] = {30, 0, 0, 5, 0, 10},
    };
    return cost[c][k];
}

static bool amount_kind(tkind k)
{
    return k == TK_NUM || k == TK_INT || k == TK_NA;
}

/* The share of a piece that stands outside a zone: zones widened towards their
 * neighbours touch or overlap, and an amount touching one (`3,210.98` at 66-74 beside
 * 上级补助收入's 54-66) but lying within the next (事业收入's 65-73) belongs to the next. */
static double outside(const piece *p, const zone *z)
{
    double w = p->r - p->l;
    return w > 0 ? (w - dmax(0, dmin(p->r, z->r) - dmax(p->l, z->l))) / w : 0;
}

/* Where a piece goes by the header alone: its label's and 栏次 number's place. */
static double header_cost(const piece *p, const zone *z)
{
    if (isnan(z->anchor))
        return gap_between(p->l, p->r, z->l, z->r) + 0.5 * outside(p, z);
    return 0.5 * gap_between(p->l, p->r, z->l, z->r) + dabs(p->l - z->anchor);
}

/* Amounts go where the column's other amounts end (or begin), once the body shows it:
 * pdftotext shifts header words more than the amounts under them. */
static double fit_cost(const tbl *t, const piece *p, int c, const hblock *b)
{
    double cost = kind_cost(p->kind, t->cols[c].kind);
    if (b->learnt[c] && amount_kind(p->kind))
        return cost + dabs((b->right[c] ? p->r : p->l) - b->edge[c]) + 0.2 * header_cost(p, &b->zones[c]);
    return cost + header_cost(p, &b->zones[c]);
}

/* Two pieces of one line in one column: words of one label, or a mistake. */
static double share_cost(const piece *a, const piece *b, ckind c)
{
    return a->kind == TK_TEXT && b->kind == TK_TEXT && c != CK_VALUE ? 1 : 80;
}

/* The pieces of a line to columns, left to right (a piece never goes left of the one
 * before it), at the least cost: a dynamic programme over pieces × columns. */
static bool fit_line(const tbl *t, lline *l, const hblock *z)
{
    int m = l->np, n = t->ncols;
    if (!m || !n)
        return true;
    double *dp = malloc((size_t)m * (size_t)n * sizeof *dp);
    int *from = malloc((size_t)m * (size_t)n * sizeof *from);
    if (!dp || !from) {
        free(dp);
        free(from);
        return false;
    }
    for (int j = 0; j < n; j++) {
        dp[j] = fit_cost(t, &l->p[0], j, z);
        from[j] = -1;
    }
    for (int i = 1; i < m; i++) {
        double best = INFINITY;
        int arg = -1;
        for (int j = 0; j < n; j++) {
            double stay = dp[(i - 1) * n + j] + share_cost(&l->p[i - 1], &l->p[i], t->cols[j].kind);
            double prev = best;
            int pj = arg;
            if (stay < prev) {
                prev = stay;
                pj = j;
            }
            dp[i * n + j] = fit_cost(t, &l->p[i], j, z) + prev;
            from[i * n + j] = pj;
            if (dp[(i - 1) * n + j] < best) {
                best = dp[(i - 1) * n + j];
                arg = j;
            }
        }
    }
    int j = 0;
    for (int k = 1; k < n; k++)
        if (dp[(m - 1) * n + k] < dp[(m - 1) * n + j])
            j = k;
    for (int i = m - 1; i >= 0 && j >= 0; i--) {
        l->p[i].col = j;
        j = from[i * n + j];
    }
    free(dp);
    free(from);
    return true;
}

static size_t block_first(const hblock *b)
{
    return b->nlines ? b->lines[0] : (size_t)b->colno;
}

/* The header block whose places hold at line i: the last one above it that placed the
 * columns (positions drift between pages). */
static const hblock *block_at(const tbl *t, size_t i, int *b, const hblock *z)
{
    for (; *b < t->nblocks && block_first(&t->blocks[*b]) <= i; ++*b)
        if (t->blocks[*b].placed)
            z = &t->blocks[*b];
    return z;
}

/* The lines whose places each header block gives (it and those after it, up to the
 * next block that places the columns anew). */
static void govern_lines(tbl *t)
{
    const hblock *z = &t->blocks[t->main];
    int b = 0;
    for (size_t i = t->start; i < t->end; i++) {
        z = block_at(t, i, &b, z);
        hblock *at = &t->blocks[z - t->blocks];
        if (at->to == 0)
            at->from = i;
        at->to = i + 1;
    }
}

/* The shift of block z's columns on page (page_shifts), NULL when they stand as printed. */
static const pshift *shift_at(const tbl *t, const hblock *z, int page)
{
    for (int k = 0; k < t->nshifts; k++)
        if (t->shifts[k].block == z - t->blocks && t->shifts[k].page == page)
            return &t->shifts[k];
    return NULL;
}

/* Every body line to columns, with the places of its header block (moved on its page). */
static bool fit_body(tbl *t)
{
    const hblock *z = &t->blocks[t->main];
    int b = 0;
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &t->L->ln[i];
        z = block_at(t, i, &b, z);
        const pshift *m = shift_at(t, z, l->page);
        if (l->role == LR_BODY && content(l) && !fit_line(t, l, m ? &m->moved : z))
            return false;
    }
    return true;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and mean deviation of n values (sorted in place). */
static double median(double *v, int n, double *spread)
{
    qsort(v, (size_t)n, sizeof *v, dbl_cmp);
    double m = v[n / 2], d = 0;
    for (int k = 0; k < n; k++)
        d += dabs(v[k] - m);
    *spread = d / n;
    return m;
}

/* An amount placed with a margin: no other value column fits it nearly as well. */
static bool sure(const tbl *t, const piece *p, const hblock *z)
{
    double mine = fit_cost(t, p, p->col, z);
    for (int c = 0; c < t->ncols; c++)
        if (c != p->col && t->cols[c].kind == CK_VALUE && fit_cost(t, p, c, z) < mine + 3)
            return false;
    return true;
}

enum { MAX_SAMPLES = 512 };

/* Where the amounts placed surely under block z end (or begin, whichever lines them up
 * better) in column c: on the header's own page when it shows them there (a page continued
 * without the header may be laid out anew, page_edges), else on every page of the block. */
static void learn_column(tbl *t, hblock *z, int c, double *left, double *right, bool own)
{
    int n = 0, page = t->L->ln[block_first(z)].page;
    for (size_t i = z->from; i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        if (shift_at(t, z, l->page) || (own && l->page != page)) /* laid out apart: it learns nothing of the header's page */
            continue;
        for (int k = 0; l->role == LR_BODY && k < l->np && n < MAX_SAMPLES; k++)
            if (l->p[k].col == c && amount_kind(l->p[k].kind) && sure(t, &l->p[k], z)) {
                left[n] = l->p[k].l;
                right[n++] = l->p[k].r;
            }
    }
    if (n < 2)
        return;
    double sl, sr, ml = median(left, n, &sl), mr = median(right, n, &sr);
    z->right[c] = sr <= sl;
    z->edge[c] = z->right[c] ? mr : ml;
    z->learnt[c] = true;
}

typedef struct span {
    double l, r;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return (x->l > y->l) - (x->l < y->l);
}

/* The codes under block z, sorted, cut at their k - 1 widest gaps into k runs: the places
 * of the k code columns. False when the gaps do not stand out. */
static bool code_runs(const tbl *t, const hblock *z, int k, span *run)
{
    span *v = malloc(MAX_SAMPLES * sizeof *v);
    int n = 0, cut[MAX_COLS];
    for (size_t i = z->from; v && i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        for (int p = 0; l->role == LR_BODY && p < l->np && n < MAX_SAMPLES; p++)
            if (l->p[p].kind == TK_CODE && l->t[l->p[p].t0].known)
                v[n++] = (span){l->p[p].l, l->p[p].r};
    }
    bool ok = v && n >= 2 * k;
    if (ok)
        qsort(v, (size_t)n, sizeof *v, span_cmp);
    for (int j = 0; ok && j < k - 1; j++) { /* the widest gap not cut yet */
        int best = -1;
        for (int i = 1; i < n; i++) {
            bool taken = false;
            for (int q = 0; q < j; q++)
                taken |= cut[q] == i;
            if (!taken && (best < 0 || v[i].l - v[i - 1].l > v[best].l - v[best - 1].l))
                best = i;
        }
        ok = best > 0 && v[best].l - v[best - 1].l >= 3;
        cut[j] = best;
    }
    if (ok)
        qsort(cut, (size_t)(k - 1), sizeof *cut, int_cmp);
    for (int j = 0, from = 0; ok && j < k; j++) {
        int to = j < k - 1 ? cut[j] : n;
        run[j] = (span){v[from].l, v[from].r};
        for (int i = from; i < to; i++)
            run[j].r = dmax(run[j].r, v[i].r);
        from = to;
    }
    free(v);
    return ok;
}

/* Several code columns (公开06 prints four column groups): a header packed tighter than
 * its body misplaces them, so their places come from the codes printed under them. */
static void place_codes(tbl *t)
{
    int cols[MAX_COLS], k = 0;
    span run[MAX_COLS];
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_CODE)
            cols[k++] = c;
    for (int b = 0; k >= 2 && b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || !code_runs(t, z, k, run))
            continue;
        for (int j = 0; j < k; j++) {
            z->zones[cols[j]] = (zone){run[j].l, run[j].r, NAN};
            int name = cols[j] + 1; /* names begin where the codes end */
            if (name < t->ncols && t->cols[name].kind == CK_NAME)
                z->zones[name] = (zone){run[j].r, run[j].r + 1, NAN};
        }
    }
}

enum { MIN_LABELS = 3 };   /* row labels on each page to tell a shift by */
#define MIN_SHIFT 2.0       /* columns (or points) a page's labels must move to count */

/* Left edges of the text placed in column c on the lines of block z on page (all pages of
 * its own when page < 0: those of its header's line). */
static int label_edges(const tbl *t, const hblock *z, int c, int page, double *v)
{
    int n = 0, own = t->L->ln[block_first(z)].page;
    for (size_t i = z->from; i < z->to && n < MAX_SAMPLES; i++) {
        const lline *l = &t->L->ln[i];
        if (l->role != LR_BODY || l->page != (page < 0 ? own : page))
            continue;
        for (int k = 0; k < l->np && n < MAX_SAMPLES; k++)
            if (l->p[k].col == c && l->p[k].kind == TK_TEXT)
                v[n++] = l->p[k].l;
    }
    return n;
}

/* The pages each block governs without its header whose row labels (the first fit's name
 * columns) stand apart from those on the header's page: their moved blocks. */
static bool page_shifts(tbl *t)
{
    double *v = malloc(MAX_SAMPLES * sizeof *v), spread;
    bool ok = v != NULL;
    for (int b = 0; ok && b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->to <= z->from)
            continue;
        int own = t->L->ln[block_first(z)].page;
        for (int page = own + 1; ok && page <= t->L->ln[z->to - 1].page; page++) {
            pshift m = {.block = b, .page = page, .moved = *z};
            bool moved = false;
            for (int c = 0; c < t->ncols; c++) {
                if (t->cols[c].kind != CK_NAME)
                    continue;
                int n0 = label_edges(t, z, c, -1, v);
                double base = n0 >= MIN_LABELS ? median(v, n0, &spread) : NAN;
                int n1 = label_edges(t, z, c, page, v);
                double d = n1 >= MIN_LABELS && !isnan(base) ? median(v, n1, &spread) - base : 0;
                if (dabs(d) < MIN_SHIFT)
                    continue;
                for (int k = 0; k < t->ncols; k++)
                    if (t->cols[k].group == t->cols[c].group) {
                        m.moved.zones[k].l += d;
                        m.moved.zones[k].r += d;
                        m.moved.zones[k].anchor += d;
                    }
                moved = true;
            }
            if (!moved)
                continue;
            pshift *grown = realloc(t->shifts, (size_t)(t->nshifts + 1) * sizeof *grown);
            ok = grown != NULL;
            if (ok) {
                t->shifts = grown;
                t->shifts[t->nshifts++] = m;
            }
        }
    }
    free(v);
    return ok;
}

/* A moved block's learnt edges move as its zones did. */
static void move_edges(tbl *t)
{
    for (int k = 0; k < t->nshifts; k++) {
        pshift *m = &t->shifts[k];
        const hblock *z = &t->blocks[m->block];
        if (m->own)
            continue;
        for (int c = 0; c < t->ncols; c++) {
            m->moved.learnt[c] = z->learnt[c];
            m->moved.right[c] = z->right[c];
            m->moved.edge[c] = z->edge[c] + (m->moved.zones[c].l - z->zones[c].l);
        }
    }
}

/* Each block's value columns where its amounts end: on the header's own page first (own),
 * then, for the columns it shows none of, on the pages that keep its layout. */
static bool page_edges(tbl *t);

static bool learn_edges(tbl *t, bool own)
{
    double *left = malloc(MAX_SAMPLES * sizeof *left), *right = malloc(MAX_SAMPLES * sizeof *right);
    bool ok = left && right;
    for (int k = 0; ok && k < t->nblocks; k++)
        for (int c = 0; (t->blocks[k].placed || k == t->main) && c < t->ncols; c++)
            if (t->cols[c].kind == CK_VALUE && (own || !t->blocks[k].learnt[c]))
                learn_column(t, &t->blocks[k], c, left, right, own);
    free(left);
    free(right);
    return ok;
}

/* ------------------------------------------- value columns from the amounts --- */

/* A table printed without a 栏次 row has nothing to anchor its value columns but the
 * header words, and pdftotext sets those on a scale of their own: it gives each digit a
 * whole column, so the amounts of a row spread wider than the words over them (sh03:
 * amounts ending at 42, 51, 61 under words centred at 38, 43, 48, 53): 基本支出's
 * amounts lie under 项目支出. The places come from the amounts instead: the right
 * edges they line up on, cut into clusters per page (each page is laid out anew, a page
 * continued without its header packs them closer). The page with the most clusters is the
 * reference; the others' clusters map onto its clusters in order (all of them when as
 * many, else the nearest). The reference clusters go to the value columns in order, the
 * blank columns chosen, over all the table's rows, by the rows' own sums (合计 = 基本 +
 * 项目), then by agreement with the table that prints the total row again (totals_in:
 * sh01's 收入 rows for sh02's 合计), then by the fewest amounts in often-blank columns,
 * then by how straight the header labels' right edges map onto the clusters. A page
 * with fewer clusters chooses its columns among the table's by its rows' sums. */

enum { VC_MAX_SAMPLES = 4096, VC_MAX_PAGES = 64 };
#define VC_MAX_WORK 50000000.0 /* choices × samples: beyond, the header's places stand */
#define VC_GAP 2.0 /* columns between two clusters of right edges */

typedef struct vsample {
    size_t li;
    int page;     /* index of its (block, page) */
    double l, r;  /* left and right edge */
    gfa_dec v;
    bool value;   /* parsed (a not-applicable mark counts as blank) */
    int cl;       /* cluster (of the reference page) */
    int pcl;      /* cluster of its own page */
} vsample;

/* The sample of amount piece p of line li: both its edges, since edge_clusters tells a
 * column from the next by where its amounts begin as well as where they end (a sample
 * without its left edge would begin at 0, left of every run, and join them all). */
static vsample amount_sample(const lline *l, size_t li, const piece *p, int page)
{
    size_t len;
    const char *txt = piece_text(l, p, &len);
    vsample v = {.li = li, .page = page, .l = p->l, .r = p->r};
    v.value = p->kind != TK_NA && dec_parse(txt, len, &v.v) == DEC_OK;
    return v;
}

typedef struct vcols {
    int col[MAX_COLS];         /* the table's value columns, left to right */
    int n;
    const col_def *def[MAX_COLS]; /* the definition's column each stands for, NULL */
    int defcol[MAX_COLS];      /* its index in the part */
    const part_def *part;
    bool expected[MAX_COLS];   /* the value its total row prints, from another table */
    gfa_dec expect[MAX_COLS];
} vcols;

/* The definition's part whose columns the block's value labels match most, in order. */
static void value_defs(const tbl *t, const hblock *z, vcols *V)
{
    const char *key[MAX_COLS] = {0};
    for (int c = 0; c < z->ncells; c++)
        for (int j = 0; !z->cells[c].nchildren && j < V->n; j++)
            if (z->cells[c].col == V->col[j])
                key[j] = z->cells[c].key;
    int best = 0;
    for (int d = 0; d < t->ndefs; d++)
        for (size_t p = 0; p < t->defs[d]->nparts; p++) {
            const part_def *P = &t->defs[d]->parts[p];
            int hits = 0, at[MAX_COLS];
            size_t k = 0;
            for (int j = 0; j < V->n; j++) {
                at[j] = -1;
                for (size_t q = k; key[j] && q < P->ncols; q++)
                    if (label_set_has(&P->cols[q].labels, key[j])) {
                        at[j] = (int)q;
                        k = q + 1;
                        hits++;
                        break;
                    }
            }
            if (hits <= best)
                continue;
            best = hits;
            V->part = P;
            for (int j = 0; j < V->n; j++) {
                V->defcol[j] = at[j];
                V->def[j] = at[j] >= 0 ? &P->cols[at[j]] : NULL;
            }
        }
}

/* The rows of the part a table prints its total row again in (totals_in: sh02's 合计 as
 * sh01's 收入 rows): their amounts where the text before the table prints them, a row's
 * label followed by an amount. */
static void expect_totals(const tbl *t, vcols *V)
{
    const table_defs *D = &t->L->ctx->defs;
    const char *in = V->part ? V->part->totals_in : NULL, *slash = in ? strchr(in, '/') : NULL;
    const part_def *P = NULL;
    for (size_t k = 0; slash && !P && k < D->count; k++)
        if (strlen(D->tables[k].id) == (size_t)(slash - in) && !strncmp(D->tables[k].id, in, (size_t)(slash - in)))
            for (size_t p = 0; p < D->tables[k].nparts; p++)
                if (!strcmp(D->tables[k].parts[p].id, slash + 1))
                    P = &D->tables[k].parts[p];
    for (int j = 0; P && j < V->n; j++)
        for (size_t r = 0; V->def[j] && r < P->nrows && !V->expected[j]; r++) {
            if (strcmp(P->rows[r].id, V->def[j]->id))
                continue;
            for (size_t i = 0; i < t->start && !V->expected[j]; i++) {
                const lline *l = &t->L->ln[i];
                for (int k = 0; k + 1 < l->np && !V->expected[j]; k++) {
                    if (l->p[k].kind != TK_TEXT || l->p[k + 1].kind != TK_NUM)
                        continue;
                    size_t len;
                    const char *txt = piece_text(l, &l->p[k], &len);
                    char *key = bare_key(txt, len, NULL);
                    if (key && label_set_has(&P->rows[r].labels, key)) {
                        txt = piece_text(l, &l->p[k + 1], &len);
                        V->expected[j] = dec_parse(txt, len, &V->expect[j]) == DEC_OK;
                    }
                    free(key);
                }
            }
        }
}

static int vsample_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return (x->r > y->r) - (x->r < y->r);
}

static int vsample_line_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return x->li != y->li ? (x->li > y->li) - (x->li < y->li) : vsample_cmp(a, b);
}

static int vsample_page_cmp(const void *a, const void *b)
{
    const vsample *x = a, *y = b;
    return x->page != y->page ? (x->page > y->page) - (x->page < y->page) : vsample_cmp(a, b);
}

/* The end of the run of right edges from s[from] (sorted) that lie at most VC_GAP apart. */
static int edge_run(const vsample *s, int n, int from)
{
    int end = from + 1;
    while (end < n && s[end].r - s[end - 1].r <= VC_GAP)
        end++;
    return end;
}

/* Clusters of the samples' right edges (sorted in place): their centres, how many. A run
 * whose amounts begin left of where the run before it ends is the same column: two
 * columns' amounts never overlap, and pdftotext sets a row's amounts a few columns off
 * the others' (the 合计 row's "100.00" ending at 27 over "59.00" ending at 30). */
static int edge_clusters(vsample *s, int n, double *centre, int max)
{
    qsort(s, (size_t)n, sizeof *s, vsample_cmp);
    int k = 0;
    for (int from = 0; from < n;) {
        int end = edge_run(s, n, from);
        while (end < n) {
            int next = edge_run(s, n, end);
            double left = s[end].l;
            for (int j = end + 1; j < next; j++)
                left = s[j].l < left ? s[j].l : left;
            if (left >= s[end - 1].r)
                break;
            end = next;
        }
        if (k == max)
            return -1;
        centre[k] = s[from + (end - from) / 2].r;
        for (int j = from; j < end; j++)
            s[j].cl = k;
        k++;
        from = end;
    }
    return k;
}

/* How many of the rows' own sums break when cluster j's amounts go to value column
 * pick[j] (rows with two amounts in one cluster tell nothing). */
static int sums_broken(const vcols *V, const vsample *s, int n, const int *pick)
{
    int broken = 0;
    for (int a = 0; a < n;) {
        int b = a;
        while (b < n && s[b].li == s[a].li)
            b++;
        gfa_dec row[MAX_COLS];
        bool has[MAX_COLS] = {0}, clash = false;
        for (int i = a; i < b; i++) {
            int j = pick[s[i].cl];
            clash |= has[j];
            has[j] = true;
            row[j] = s[i].value ? s[i].v : (gfa_dec){0, 0};
        }
        for (int j = 0; !clash && j < V->n; j++) {
            const col_def *D = V->def[j];
            if (!D || !D->nsum)
                continue;
            gfa_dec sum = {0, 0};
            bool involved = has[j], ok = true;
            for (size_t k = 0; k < D->nsum; k++)
                for (int q = 0; q < V->n; q++)
                    if (V->defcol[q] == D->sum[k].col && has[q]) {
                        involved = true;
                        gfa_dec x = D->sum[k].sign < 0 ? dec_neg(row[q]) : row[q];
                        ok &= dec_add(sum, x, &sum);
                    }
            if (!involved || !ok)
                continue;
            gfa_dec diff, own = has[j] ? row[j] : (gfa_dec){0, 0};
            if (!dec_sub(own, sum, &diff))
                continue;
            gfa_dec tol = {(__int128)(D->nsum + 1) * 5, diff.scale + 1}; /* half a unit each */
            broken += dec_cmp(dec_abs(diff), tol) > 0;
        }
        a = b;
    }
    return broken;
}

/* Squared deviation of the clusters from a straight-line map of the header labels' right
 * edges (a label ends about where its amounts do; its left edge moves with the words
 * before it). */
static double spacing_cost(const hblock *z, const vcols *V, const int *pick, const double *centre, int m)
{
    if (m < 3)
        return 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int j = 0; j < m; j++) {
        const zone *Z = &z->zones[V->col[pick[j]]];
        double x = Z->r, y = centre[j];
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    double d = m * sxx - sx * sx, b = d != 0 ? (m * sxy - sx * sy) / d : 0, a = (sy - b * sx) / m;
    double e = 0;
    for (int j = 0; j < m; j++) {
        const zone *Z = &z->zones[V->col[pick[j]]];
        double r = centre[j] - (a + b * Z->r);
        e += r * r;
    }
    return e;
}

/* The next choice of m of n in lexicographic order; false after the last. */
static bool next_choice(int *pick, int m, int n)
{
    int j = m - 1;
    while (j >= 0 && pick[j] == n - m + j)
        j--;
    if (j < 0)
        return false;
    pick[j]++;
    for (int k = j + 1; k < m; k++)
        pick[k] = pick[k - 1] + 1;
    return true;
}

/* The value columns the m clusters stand for, in order: every choice of m columns of n
 * (n ≤ 16) scored as above. */
static void choose_columns(const hblock *z, const vcols *V, const vsample *s, int ns,
                           const double *centre, int m, int *best)
{
    int pick[MAX_COLS];
    for (int j = 0; j < m; j++)
        pick[j] = j;
    int bviol = 0, bblank = 0, bagree = 0;
    double bspace = 0;
    bool first = true;
    for (;;) {
        int viol = sums_broken(V, s, ns, pick), blank = 0, agree = 0;
        for (int i = 0; i < ns; i++) {
            int j = pick[s[i].cl];
            blank += V->def[j] && V->def[j]->often_blank;
            agree += V->expected[j] && s[i].value && !dec_cmp(s[i].v, V->expect[j]);
        }
        double space = spacing_cost(z, V, pick, centre, m);
        if (first || viol < bviol ||
            (viol == bviol && (agree > bagree || (agree == bagree && (blank < bblank || (blank == bblank && space < bspace - 1e-9)))))) {
            first = false;
            bviol = viol, bblank = blank, bspace = space, bagree = agree;
            memcpy(best, pick, (size_t)m * sizeof *pick);
        }
        if (!next_choice(pick, m, V->n))
            return;
    }
}

/* A page's clusters (pc, pm ≤ m of them) to the reference page's in order: all when as
 * many, else those nearest, the page moved by its first cluster. */
static void nearest_clusters(const double *pc, int pm, const double *centre, int m, int *best)
{
    int q[MAX_COLS];
    double bdist = 0;
    bool first = true;
    for (int i = 0; i < pm; i++)
        q[i] = i;
    do {
        double dist = 0;
        for (int i = 0; i < pm; i++)
            dist += dabs(pc[i] - pc[0] - (centre[q[i]] - centre[q[0]]));
        if (first || dist < bdist - 1e-9) {
            first = false;
            bdist = dist;
            memcpy(best, q, (size_t)pm * sizeof *q);
        }
    } while (next_choice(q, pm, m));
}

/* A page laid out on a scale of its own (a table continued without its header: the amounts
 * packed closer): its own clusters (pc, pm of them, samples one[k] of the page in line
 * order) go to the table's in order when as many, else to those of them that break the
 * fewest sums and lie nearest, the page moved by its first cluster. ppick: the column of
 * each page cluster. */
static void page_columns(const vcols *V, const vsample *one, int k, const double *pc, int pm,
                         const double *centre, int m, const int *pick, int *ppick)
{
    int q[MAX_COLS], map[MAX_COLS], bviol = 0;
    double bdist = 0;
    bool first = true;
    for (int i = 0; i < pm; i++)
        q[i] = i;
    do {
        for (int i = 0; i < pm; i++)
            map[i] = pick[q[i]];
        int viol = sums_broken(V, one, k, map);
        double dist = 0;
        for (int i = 0; i < pm; i++)
            dist += dabs(pc[i] - pc[0] - (centre[q[i]] - centre[q[0]]));
        if (first || viol < bviol || (viol == bviol && dist < bdist - 1e-9)) {
            first = false;
            bviol = viol, bdist = dist;
            memcpy(ppick, map, (size_t)pm * sizeof *map);
        }
    } while (next_choice(q, pm, m));
}

/* The edge a value column's amounts end at on a page: its cluster's, or for a column no
 * cluster stands for, placed between its neighbours' by column order. */
static double column_edge(const int *pick, const double *centre, int m, int j, double step)
{
    int lo = -1, hi = -1;
    for (int k = 0; k < m; k++) {
        if (pick[k] <= j)
            lo = k;
        if (pick[k] >= j && hi < 0)
            hi = k;
    }
    if (lo >= 0 && pick[lo] == j)
        return centre[lo];
    if (lo >= 0 && hi >= 0)
        return centre[lo] + (centre[hi] - centre[lo]) * (j - pick[lo]) / (pick[hi] - pick[lo]);
    return lo >= 0 ? centre[lo] + step * (j - pick[lo]) : centre[hi] - step * (pick[hi] - j);
}

/* Block z's learnt edges on page (its own, or a moved copy made for that page). */
static hblock *page_block(tbl *t, hblock *z, int page)
{
    if (page == t->L->ln[block_first(z)].page)
        return z;
    for (int k = 0; k < t->nshifts; k++)
        if (t->shifts[k].block == z - t->blocks && t->shifts[k].page == page)
            return &t->shifts[k].moved;
    pshift *grown = realloc(t->shifts, (size_t)(t->nshifts + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    t->shifts = grown;
    t->shifts[t->nshifts] = (pshift){.block = (int)(z - t->blocks), .page = page, .moved = *z};
    return &t->shifts[t->nshifts++].moved;
}

/* The blocks' lines without a 栏次 row, as samples per page of each block (each is laid
 * out anew). */
static bool table_clusters(tbl *t, vsample *s)
{
    const hblock *M = &t->blocks[t->main];
    vcols V = {.n = 0};
    for (int c = 0; c < t->ncols && V.n < PLACE_MAX_COLS; c++)
        if (t->cols[c].kind == CK_VALUE)
            V.col[V.n++] = c;
    if (V.n < 2 || V.n > PLACE_MAX_COLS || M->colno >= 0)
        return true;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_VALUE && t->cols[c].group != t->cols[V.col[0]].group)
            return true; /* column groups side by side: the header's places stand */
    value_defs(t, M, &V);
    expect_totals(t, &V);
    int pages[VC_MAX_PAGES], blocks[VC_MAX_PAGES], np = 0, n = 0;
    for (int b = 0; b < t->nblocks; b++) {
        const hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->colno >= 0)
            continue;
        for (size_t i = z->from; i < z->to && n < VC_MAX_SAMPLES; i++) {
            const lline *l = &t->L->ln[i];
            if (l->role != LR_BODY || l->x)
                continue;
            int pg = 0;
            while (pg < np && !(pages[pg] == l->page && blocks[pg] == b))
                pg++;
            for (int k = 0; k < l->np && n < VC_MAX_SAMPLES; k++) {
                const piece *p = &l->p[k];
                if (!amount_kind(p->kind) || p->col < 0 || t->cols[p->col].kind != CK_VALUE)
                    continue;
                if (pg == np) {
                    if (np == VC_MAX_PAGES)
                        return true;
                    pages[np] = l->page;
                    blocks[np++] = b;
                }
                s[n++] = amount_sample(l, i, p, pg);
            }
        }
    }
    if (!np)
        return true;
    /* each page's own clusters; the page with the most (the most amounts among equals) is
     * the reference the others are mapped onto */
    qsort(s, (size_t)n, sizeof *s, vsample_page_cmp);
    double (*pc)[MAX_COLS] = malloc((size_t)np * sizeof *pc);
    vsample *one = malloc((size_t)n * sizeof *one);
    int pm[VC_MAX_PAGES] = {0}, at0[VC_MAX_PAGES + 1], ref = 0;
    bool ok = pc && one;
    for (int i = 0, pg = 0; ok && pg < np; pg++) {
        at0[pg] = i;
        while (i < n && s[i].page == pg)
            i++;
        at0[pg + 1] = i;
        pm[pg] = edge_clusters(s + at0[pg], i - at0[pg], pc[pg], MAX_COLS);
        for (int k = at0[pg]; k < i; k++)
            s[k].pcl = s[k].cl;
        if (pm[pg] > pm[ref] || (pm[pg] == pm[ref] && i - at0[pg] > at0[ref + 1] - at0[ref]))
            ref = pg;
    }
    int m = ok ? pm[ref] : 0, pick[MAX_COLS];
    const double *centre = ok ? pc[ref] : NULL;
    bool usable[VC_MAX_PAGES];
    for (int pg = 0; ok && pg < np; pg++) {
        int q[MAX_COLS];
        usable[pg] = pm[pg] >= 1 && pm[pg] <= m;
        if (usable[pg])
            nearest_clusters(pc[pg], pm[pg], centre, m, q);
        for (int k = at0[pg]; usable[pg] && k < at0[pg + 1]; k++)
            s[k].cl = q[s[k].pcl];
    }
    if (!ok || m < 2 || m > V.n) {
        free(pc);
        free(one);
        return ok;
    }
    /* the table's choice over every usable page, a row's samples together */
    int nu = 0;
    for (int i = 0; i < n; i++)
        if (usable[s[i].page])
            one[nu++] = s[i];
    qsort(one, (size_t)nu, sizeof *one, vsample_line_cmp);
    double choices = 1;
    for (int k = 0; k < m; k++) /* C(V.n, m) */
        choices = choices * (V.n - k) / (k + 1);
    if (choices * nu > VC_MAX_WORK) {
        free(pc);
        free(one);
        return true;
    }
    choose_columns(M, &V, one, nu, centre, m, pick);
    double step = (centre[m - 1] - centre[0]) / (pick[m - 1] - pick[0]);
    for (int pg = 0; pg < np && ok; pg++) {
        hblock *at = usable[pg] ? page_block(t, &t->blocks[blocks[pg]], pages[pg]) : NULL;
        ok = !usable[pg] || at;
        if (!at)
            continue;
        int k = 0, ppick[MAX_COLS];
        for (int i = at0[pg]; i < at0[pg + 1]; i++) {
            one[k] = s[i];
            one[k++].cl = s[i].pcl;
        }
        qsort(one, (size_t)k, sizeof *one, vsample_line_cmp);
        if (pm[pg] == m)
            memcpy(ppick, pick, (size_t)m * sizeof *pick);
        else
            page_columns(&V, one, k, pc[pg], pm[pg], centre, m, pick, ppick);
        for (int j = 0; j < V.n; j++) {
            int c = V.col[j];
            at->edge[c] = column_edge(ppick, pc[pg], pm[pg], j, step);
            at->right[c] = true;
            at->learnt[c] = true;
        }
    }
    free(pc);
    free(one);
    return ok;
}

/* A page a block governs without printing its header again is laid out anew by pdftotext,
 * its amounts packed closer or spread wider than on the header's page (公开02 continued:
 * amounts ending at 34, 44, 53, 60 where the header's page ends them at 35, 47, 62, 81,
 * so that 事业收入's amounts lie where 上级补助收入's would). When the page's own clusters
 * of right edges do not all lie on the edges learnt under the header, they map onto those
 * in order, the blank columns chosen by the page's rows' sums and the nearest spacing
 * (page_columns), and the page gets edges of its own. */
static bool page_edges_in(tbl *t, vsample *s)
{
    const hblock *M = &t->blocks[t->main];
    vcols V = {.n = 0};
    for (int c = 0; c < t->ncols && V.n < PLACE_MAX_COLS; c++)
        if (t->cols[c].kind == CK_VALUE)
            V.col[V.n++] = c;
    if (V.n < 2)
        return true;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].kind == CK_VALUE && t->cols[c].group != t->cols[V.col[0]].group)
            return true; /* column groups side by side: the header's places stand */
    value_defs(t, M, &V);
    for (int b = 0; b < t->nblocks; b++) {
        hblock *z = &t->blocks[b];
        if (!(z->placed || b == t->main) || z->to <= z->from)
            continue;
        double centre[MAX_COLS], pc[MAX_COLS];
        int pick[MAX_COLS], m = 0, own = t->L->ln[block_first(z)].page;
        bool sorted = true;
        for (int j = 0; j < V.n; j++)
            if (z->learnt[V.col[j]] && z->right[V.col[j]]) {
                sorted &= !m || z->edge[V.col[j]] > centre[m - 1];
                centre[m] = z->edge[V.col[j]];
                pick[m++] = j;
            }
        if (m < 2 || !sorted)
            continue;
        for (int page = own + 1; page <= t->L->ln[z->to - 1].page; page++) {
            int n = 0;
            for (size_t i = z->from; i < z->to && n < VC_MAX_SAMPLES; i++) {
                const lline *l = &t->L->ln[i];
                if (l->role != LR_BODY || l->x || l->page != page)
                    continue;
                for (int k = 0; k < l->np && n < VC_MAX_SAMPLES; k++) {
                    const piece *p = &l->p[k];
                    if (!amount_kind(p->kind) || p->col < 0 || t->cols[p->col].kind != CK_VALUE)
                        continue;
                    s[n++] = amount_sample(l, i, p, 0);
                }
            }
            int pm = n ? edge_clusters(s, n, pc, MAX_COLS) : 0;
            if (pm < 2 || pm > m) /* one column tells nothing of how the page is spaced */
                continue;
            const pshift *was = shift_at(t, z, page);
            const hblock *cur = was ? &was->moved : z;
            bool fits = true;
            for (int k = 0; k < pm && fits; k++) {
                bool near = false;
                for (int j = 0; j < m && !near; j++)
                    near = dabs(pc[k] - cur->edge[V.col[pick[j]]]) <= VC_GAP;
                fits = near;
            }
            if (fits)
                continue;
            int ppick[MAX_COLS];
            qsort(s, (size_t)n, sizeof *s, vsample_line_cmp);
            page_columns(&V, s, n, pc, pm, centre, m, pick, ppick);
            double step = ppick[pm - 1] > ppick[0]
                              ? (pc[pm - 1] - pc[0]) / (ppick[pm - 1] - ppick[0])
                              : (centre[m - 1] - centre[0]) / (pick[m - 1] - pick[0]);
            hblock *at = page_block(t, z, page);
            if (!at)
                return false;
            for (int k = 0; k < t->nshifts; k++)
                t->shifts[k].own |= &t->shifts[k].moved == at;
            for (int j = 0; j < V.n; j++) {
                int c = V.col[j];
                at->edge[c] = column_edge(ppick, pc, pm, j, step);
                at->right[c] = true;
                at->learnt[c] = true;
            }
        }
    }
    return true;
}

static bool page_edges(tbl *t)
{
    vsample *s = malloc(VC_MAX_SAMPLES * sizeof *s);
    bool ok = s && page_edges_in(t, s);
    free(s);
    return ok;
}

/* Value columns from the amounts' right edges, for the tables without a 栏次 row. */
static bool value_clusters(tbl *t)
{
    vsample *s = malloc(VC_MAX_SAMPLES * sizeof *s);
    bool ok = s && table_clusters(t, s);
    free(s);
    return ok;
}

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

static bool lent_amounts(const grows *G, const lline *l);

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
        const char *s = piece_text(l, p, &len);
        if (hard_piece(G, p)) {
            g->hard = true;
            if (p->kind == TK_CODE && kind_at(G, p) == CK_CODE && !g->code)
                g->code = key_of(s, len);
        } else if (label_piece(G, p)) {
            if (text.len)
                sb_addc(&text, ' ');
            sb_add(&text, s, len);
        }
    }
    char *label = sb_take(&text);
    if (label && *label) {
        g->label = key_of(label, strlen(label));
        g->bare = bare_key(label, strlen(label), &g->ordinal);
    }
    free(label);
    g->lent = any && G->keyed && lent_amounts(G, l);
    return any;
}

/* Does line l hold only amounts of the group, while an earlier group labels on it a row
 * of the definitions with neither code nor amount of its own (公开06's 公用经费合计 in the
 * second group, its 81.09 under the fourth group's 决算数)? The amounts are that row's: they
 * never join a row of their own group above or below (39999 其他支出, its amount blank, two
 * lines up), and stay on the label's line. */
static bool lent_amounts(const grows *G, const lline *l)
{
    const tbl *t = G->t;
    bool own = false;
    for (int k = 0; k < l->np; k++) {
        const piece *p = &l->p[k];
        if (in_group(G, p) && (kind_at(G, p) != CK_VALUE || p->kind == TK_TEXT))
            return false;
        own |= in_group(G, p);
    }
    bool lent = false;
    for (int g = 0; own && g < G->group && !lent; g++) {
        strbuf text;
        sb_init(&text);
        bool bare = true;
        for (int k = 0; k < l->np; k++) {
            const piece *p = &l->p[k];
            if (p->col < 0 || t->cols[p->col].group != g)
                continue;
            ckind ck = t->cols[p->col].kind;
            if (ck == CK_VALUE || ck == CK_LINENO || p->kind != TK_TEXT) {
                bare = false;
                break;
            }
            size_t len;
            const char *s = piece_text(l, p, &len);
            if (text.len)
                sb_addc(&text, ' ');
            sb_add(&text, s, len);
        }
        char *label = sb_take(&text);
        lent = bare && label && *label && row_label(t, label, strlen(label));
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
    const char *sa = piece_text(la, a, &na);
    piece_text(lb, b, &nb);
    const char *dot = memchr(sa, '.', na);
    if (!dot || (a->kind != TK_NUM && a->kind != TK_INT) || b->kind == TK_TEXT ||
        !all_digits(lb->t[b->t0].s, nb))
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
        const char *s = piece_text(ls[k], ps[k], &m);
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
    const char *want = r->hard >= 0 && G->g[r->hard].code ? code_name(G->t->L->ctx, G->g[r->hard].code) : NULL;
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
        *matched = row_key(G->t, key);
        bool loose = *matched && G->codes >= MIN_CODED && !def_row_key(G->t, key);
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
static void cell_add(lay *L, ocell *o, const char *s, size_t len, bool glue, size_t from, const tok *first)
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
    const char *want = code ? code_name(L->ctx, code) : NULL;
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
            const char *s = piece_text(l, p, &len);
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
        key[n] = text[n] ? text_key(text[n], strlen(text[n])) : NULL;
        ok &= key[n] != NULL;
        n++;
    }
    int order[TEXT_TILES_MAX];
    strbuf in_order, sb;
    sb_init(&in_order);
    sb_init(&sb);
    for (int i = 0; ok && i < n; i++)
        sb_adds(&in_order, key[i]);
    if (ok && n >= 2 && in_order.data && strcmp(in_order.data, want) != 0 &&
        text_tiles(want, (const char *const *)key, n, order)) {
        for (int i = 0; i < n; i++) {
            if (sb.len)
                sb_addc(&sb, ' ');
            sb_adds(&sb, text[order[i]]);
        }
        char *t = sb_take(&sb);
        if (t) {
            free(out[col].text);
            out[col].text = t;
        } else {
            L->nomem = true;
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
    sb_free(&sb);
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
            const char *s = piece_text(l, p, &len);
            bool glue = kind_at(G, p) == CK_VALUE && out[p->col].text;
            cell_add(L, &out[p->col], s, len, glue, G->g[i].li, &l->t[p->t0]);
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
        if (t->L->ln[i].role == LR_BODY && content(&t->L->ln[i]))
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
            cell_add(t->L, &out[C->col], C->text, strlen(C->text), false, (size_t)C->line, C->first);
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
            c = nearest_column(t, z, x->l, x->r, !number);
        if (c >= 0)
            cell_add(t->L, &out[c], x->s, x->len, false, (size_t)b->colno, x);
    }
}

/* A form (项目支出绩效自评表) or a grid without a header: each line's pieces as its
 * cells, in order; the form reader finds its fields by their labels. */
static bool read_form(tbl *t)
{
    for (size_t i = t->start; i < t->end; i++) {
        lline *l = &t->L->ln[i];
        if (!content(l))
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
            const char *s = piece_text(l, &l->p[k], &len);
            cell_add(t->L, &l->out[k], s, len, false, i, &l->t[l->p[k].t0]);
        }
    }
    return !t->L->nomem;
}

static bool read_table(tbl *t)
{
    classify_lines(t);
    bool ok = find_blocks(t) && build_columns(t);
    if (ok && !t->ncols) { /* no header to take columns from */
        free_blocks(t);
        for (size_t i = t->start; i < t->end; i++)
            if (t->L->ln[i].role != LR_FURNITURE)
                t->L->ln[i].role = LR_TEXT;
        return read_form(t);
    }
    if (ok) {
        govern_lines(t);
        place_codes(t);
    }
    ok = ok && fit_body(t) && page_shifts(t) && learn_edges(t, true);
    if (ok)
        move_edges(t);
    ok = ok && page_edges(t) && learn_edges(t, false);
    if (ok)
        move_edges(t);
    ok = ok && value_clusters(t) && fit_body(t) && body_rows(t);
    for (int b = 0; ok && b < t->nblocks; b++)
        emit_block(t, &t->blocks[b]);
    for (size_t i = t->start; ok && i < t->end; i++)
        t->L->ln[i].cleared = !t->L->ln[i].out;
    free_blocks(t);
    return ok && !t->L->nomem;
}

static bool wide_at(const char *s, bool last)
{
    size_t n = strlen(s), i = 0;
    if (last) /* back to the last character's first byte */
        for (i = n; i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80; i--)
            ;
    unsigned cp = 0;
    if (n)
        u8_next(s + (last && i ? i - 1 : 0), &cp);
    return cp_width(cp) == 2;
}

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
} fgrid;

static bool cp_cjk(unsigned cp)
{
    return cp_width(cp) == 2;
}

static unsigned last_cp(const tok *k)
{
    unsigned cp = 0;
    for (size_t i = 0; i < k->len;)
        i += u8_next(k->s + i, &cp);
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
    char *key = f ? key_of(k->s, k->len) : NULL;
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
    u8_next(b->s, &cb);
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
    return l->x || L->by_width ? k->r : k->l + (double)token_chars(k);
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
    char *k = key_of(s, len);
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
    return u8_next(s, &cp) == len && (cp == '%' || cp == 0xFF05 || cp == 0x2030);
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
        if (dabs(c->l - l->t[t0].l) >= 0.5 || c->len > REPEAT_BYTES)
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
    if (!content(l))
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
            i += u8_next(t0->s + i, &cp);
            cjk = cp_cjk(cp);
        }
        fr->value = !fr->number && t1->s[t1->len - 1] >= '0' && t1->s[t1->len - 1] <= '9';
        fr->unit_tail = fr->t1 - fr->t0 == 1 &&
                        ((cjk && utf8_chars(t0->s, len) <= 2) || percent_sign(t0->s, len));
        fr->digit_tail = !fr->number && t0->s[0] >= '0' && t0->s[0] <= '9';
        int depth = 0;
        for (size_t i = 0; i < len;) {
            i += u8_next(t0->s + i, &cp);
            depth += cp == '(' || cp == 0xFF08 ? 1 : cp == ')' || cp == 0xFF09 ? -(depth > 0) : 0;
        }
        fr->open = depth > 0;
        u8_next(t0->s, &cp);
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
    return dmin(a->r, b->r) > dmax(a->l, b->l);
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
    u8_next(t0->s, &cp);
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
            dabs(G->f[r].l - b->l) < dabs(a->l - b->l))
            return false;
    return true;
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
    /* a bracket that begins the line right under a cell's text, where it begins, goes on
       with it however far it reaches: it could not be broken off ("参加 / 培训 / (会议)");
       it goes on no value ("≥2天" beside "培训") */
    if (b->aside && b->line == a->line + 1)
        return dabs(b->l - a->l) < 0.5 && !value_text(G, a);
    /* a value that begins with a comparison goes on below only with the rest of it, a unit
       or its last digits ("≤2600000" / "元"; the number after a comparison alone: cont),
       never with words of a label that pdftotext let reach under it ("≤元" beside "灯设施"
       over "维护费", a name's lines: CJK counted one column each) */
    unsigned first = 0;
    u8_next(G->L->ln[a->line].t[a->t0].s, &first);
    if (comparison_cp(first) && !b->unit_tail && !b->digit_tail)
        return false;
    /* pdftotext lays each page out anew: over a page break the lines of a cell need not
       begin at one place, and the lower one clearly wider also ends the upper one's cell */
    double longer = b->r - a->r;
    if (!G->L->ln[a->line].x && G->L->ln[a->line].page != G->L->ln[b->line].page)
        longer = dmax(longer, (b->r - b->l) - (a->r - a->l));
    if (longer >= tol || narrower_word(G, a, b, tol))
        return false;
    (void)f1;
    /* a comparison begins its value's cell (≤200000 under 元≤150000 is the next row's) */
    unsigned cp = 0;
    u8_next(G->L->ln[b->line].t[b->t0].s, &cp);
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
        if (G->f[u].line + 1 == b->line && dabs(G->f[u].l - b->l) < 0.5 &&
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
        cost += (hi > lo ? 0.5 : 0.05) * dabs(off);
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
    size_t n = u8_next(k->s, &unit);
    if (n >= k->len || !cp_cjk(unit))
        return 0;
    u8_next(k->s + n, &next);
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
    while (!content(row) && a < b) /* the row's first line with text */
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
            u8_next(t0->s, &after);
            bool latin = ((before | 0x20) >= 'a' && (before | 0x20) <= 'z') &&
                         ((after | 0x20) >= 'a' && (after | 0x20) <= 'z');
            bool glue = prev && prev->line != fr->line && !latin;
            size_t unit = fr->value && fr->t1 - fr->t0 == 1 ? unit_first(t0) : 0;
            if (unit) { /* "元≤150000": the value, then its unit */
                cell_add(G->L, o, t0->s + unit, len - unit, glue, fr->line, t0);
                cell_add(G->L, o, t0->s, unit, true, fr->line, t0);
            } else {
                cell_add(G->L, o, t0->s, len, glue, fr->line, t0);
            }
            prev = fr;
        }
    }
    for (size_t i = a; i <= b; i++)
        if (&G->L->ln[i] != row)
            G->L->ln[i].cleared = G->L->ln[i].cleared || content(&G->L->ln[i]);
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
        i += u8_next(s + i, &cp);
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
            if (free && (*over == SIZE_MAX || dabs(a->l - b->l) < dabs(G->f[*over].l - b->l)))
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
            r = dmax(r, tok_right(G->L, l, &l->t[l->nt - 1]));
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
            double d = dabs(a->l - at);
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
        u8_next(text, &cp);
        if (G->L->ln[ft->line].x || !ft->unit_tail || !cp_cjk(cp) || ft->owner != SIZE_MAX ||
            ft->head || ft->cont != SIZE_MAX || s->line != ft->line || s->number ||
            ft->line == 0)
            continue;
        size_t u = SIZE_MAX, h = SIZE_MAX, a = SIZE_MAX;
        for (size_t p = t - 1; p-- > 0 && G->f[p].line + 1 >= ft->line;) {
            if (G->f[p].line + 1 != ft->line)
                continue;
            if (dabs(G->f[p].l - s->l) <= 1 && overlap(&G->f[p], s) && !G->f[p].number &&
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
        while (i < t->end && !content(&t->L->ln[i]))
            i++;
        size_t j = i;
        for (;;) { /* a page break on a line of its own, with the page's furniture round it
                      (its number), ends no block: a row broken over the page goes on there
                      (pdftotext's form feed begins a page's first line, laid out anew) */
            while (j < t->end && content(&t->L->ln[j]))
                j++;
            size_t k = j;
            bool page_break = false;
            while (k < t->end && !content(&t->L->ln[k]) &&
                   (t->L->ln[k].page_break || t->L->ln[k].role == LR_FURNITURE))
                page_break |= t->L->ln[k++].page_break;
            size_t m = k;
            while (m < t->end && content(&t->L->ln[m]))
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
        char *text = trimmed(l);
        tbl other;
        bool starts = text && read_note_start(L->ctx, text);
        bool more = text && note && !starts && l->np == 1 && !read_part_heading(L->ctx, text) &&
                    !title_of(L, l, &other);
        if (more) {
            char *joined = NULL;
            bool glue = wide_at(note->text, true) && wide_at(text, false);
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
        size_t n = u8_next(s + i, &cp);
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
    char *a = trimmed(&L->ln[i]), *b = trimmed(next), *joined = NULL;
    bool ok = a && b && !full_stop(a) && utf8_chars(b, strlen(b)) <= 8 &&
              !strpbrk(b, "0123456789") && asprintf(&joined, "%s%s", a, b) >= 0;
    free(a);
    free(b);
    if (!ok)
        return false;
    lline probe = L->ln[i];
    probe.text = joined;
    tbl t;
    if (!title_of(L, &probe, &t) || !t.form) {
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
    char *a = trimmed(first), *b = trimmed(title), *joined = NULL;
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
        if (!content(l) || !title_tail(L, title, l))
            continue;
        char *rest = trimmed(l), *joined = NULL;
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

static bool read_tables(lay *L)
{
    for (size_t i = 0; i < L->n; i++) {
        tbl t;
        if ((!title_of(L, &L->ln[i], &t) && !(join_title_end(L, i) && title_of(L, &L->ln[i], &t))) ||
            !find_region(L, &t, i))
            continue;
        if (t.form && (!join_title(L, i) || !close_title(L, i, t.start)))
            return false;
        if (!(t.form ? read_perf_form(&t) : read_table(&t)) || (!t.form && !join_notes(L, t.end)))
            return false;
        i = t.end - 1;
    }
    return true;
}

/* ----------------------------------------------------- the line/cell model --- */

static char *where(const lline *l, size_t ci)
{
    char *at = NULL;
    if (l->x && asprintf(&at, "p%d:%.1f,%.1f", l->page, (double)l->x[ci], (double)l->y) < 0)
        at = NULL;
    return at;
}

static bool grid_src(const lay *L, const lline *l, src_line *s)
{
    int n = l->nout > 1 ? l->nout : 2;
    s->cells = calloc((size_t)n, sizeof *s->cells);
    if (!s->cells)
        return false;
    s->ncells = n;
    s->grid = true;
    strbuf sb;
    sb_init(&sb);
    for (int c = 0; c < n; c++) {
        const ocell *o = c < l->nout ? &l->out[c] : NULL;
        src_cell *cell = &s->cells[c];
        cell->text = strdup(o && o->text ? o->text : "");
        cell->pos = o ? o->pos : 1;
        if (!cell->text)
            return false;
        if (o && o->from >= 0 && L->ln[o->from].x && !(cell->at = where(&L->ln[o->from], o->ci)))
            return false;
        sb_addf(&sb, "%s%s", c ? "\t" : "", cell->text);
    }
    s->text = sb_take(&sb);
    return s->text != NULL;
}

/* Does a text begin with CJK or full-width punctuation (。，；：、（）“…)? */
static bool punct_first(const char *t)
{
    unsigned cp;
    u8_next(t, &cp);
    return (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF1F) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026;
}

static int cmp_width(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The leading blanks of a line and its width in display columns (blanks count one). */
static long line_indent(const char *t, long *width)
{
    long indent = 0, w = 0;
    bool lead = true;
    for (const char *p = t; *p;) {
        unsigned cp;
        p += u8_next(p, &cp);
        if (lead && cp == ' ') {
            indent++;
        } else {
            lead = false;
        }
        w += cp_width(cp);
    }
    *width = w;
    return indent;
}

/* What the indentation of a text's prose lines says (src_line.goes_on, tail):
 * reports made with Word or WPS indent a paragraph's first line by two characters and
 * wrap its other lines at the margin, and pdftotext -layout keeps both, where the words
 * alone are ambiguous (a full line that ends a sentence goes on; "（如持平作持平表述）"
 * under a sentence belongs to it). Only for a text whose paragraphs are so indented (a
 * PDF's lines come without this: their x says more), and only for lines of prose. */
static void mark_indents(const lay *L, src_doc *out)
{
    size_t n = out->count;
    long *indent = calloc(n + 1, sizeof *indent), *width = calloc(n + 1, sizeof *width);
    long hist[8] = {0}, *widths = calloc(n + 1, sizeof *widths);
    size_t nw = 0;
    if (!indent || !width || !widths)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const src_line *s = &out->lines[i];
        indent[i] = -1;
        if (L->ln[i].x || L->ln[i].out || src_line_blank(s) || s->grid)
            continue;
        if (strstr(s->trimmed, "   ")) { /* columns set apart by blanks: not prose */
            indent[i] = -2;
            continue;
        }
        indent[i] = line_indent(s->text, &width[i]);
        if (indent[i] < 8 && utf8_chars(s->trimmed, strlen(s->trimmed)) >= 15) {
            hist[indent[i]]++;
            widths[nw++] = width[i];
        }
    }
    /* the margin: the least indentation of many lines (in a text of short paragraphs
     * their indented first lines may be the most) */
    long most = 0;
    for (int k = 0; k < 8; k++)
        most = hist[k] > most ? hist[k] : most;
    int margin = 0;
    while (margin < 7 && hist[margin] * 3 < most)
        margin++;
    long first = 0; /* lines indented as a paragraph's first line */
    for (int k = margin + 2; k <= margin + 4 && k < 8; k++)
        first += hist[k];
    if (nw < 10 || first < 5 || first * 10 < hist[margin])
        goto done;
    qsort(widths, nw, sizeof *widths, cmp_width);
    long full = widths[nw * 9 / 10]; /* a full line's width, as assemble.c's measure */
    long printed = 0; /* the width of the printed line the last line of prose ended */
    size_t prev = n;  /* that line */
    for (size_t i = 0; i < n; i++) {
        if (indent[i] < 0) {
            if (indent[i] == -2 || !src_line_blank(&out->lines[i]))
                prev = n; /* a table or a grid between: no paragraph goes on over it */
            continue;
        }
        src_line *s = &out->lines[i];
        if (prev < n && prev + 1 == i && indent[i] > margin + 4 && punct_first(s->trimmed) &&
            (width[i] - indent[i]) * 2 < full && L->ln[i].page == L->ln[prev].page) {
            s->tail = true;
            printed += width[i] - indent[i];
        } else {
            /* pdftotext's columns are approximate: a line of digits or Latin letters at the
             * margin may stand one blank in (a paragraph's first line stands two or more) */
            s->goes_on = prev < n && indent[i] <= margin + 1 && printed * 100 >= full * 85;
            printed = width[i];
        }
        prev = i;
    }
done:
    free(indent);
    free(width);
    free(widths);
}

/* Each laid-out line becomes one line of the model, with the same number: a grid line
 * with its cells, a text line as printed, or a blank line where the text went into cells
 * of another line or was page furniture. */
static gfa_status to_source(const lay *L, src_doc *out)
{
    out->name = strdup(L->file);
    out->lines = calloc(L->n + 1, sizeof *out->lines);
    if (!out->name || !out->lines)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < L->n; i++) {
        const lline *l = &L->ln[i];
        src_line *s = &out->lines[i];
        out->count = i + 1;
        s->no = l->no;
        bool blank = l->cleared || l->role == LR_FURNITURE;
        bool ok = l->out ? grid_src(L, l, s) : (s->text = strdup(blank ? "" : l->text)) != NULL;
        s->trimmed = s->text ? text_trim(s->text, strlen(s->text)) : NULL;
        if (ok && !blank && l->nt && l->x)
            ok = (s->at = where(l, l->t[0].ci)) != NULL;
        if (!ok || !s->trimmed)
            return GFA_ERR_NOMEM;
    }
    mark_indents(L, out);
    return GFA_OK;
}

static void free_lay(lay *L)
{
    for (size_t i = 0; L->ln && i < L->n; i++) {
        lline *l = &L->ln[i];
        for (int c = 0; c < l->nout; c++)
            free(l->out[c].text);
        free(l->out);
        free(l->text);
        free(l->t);
        free(l->p);
    }
    free(L->ln);
}

static bool load_lines(lay *L, const layout_line *lines)
{
    bool positions = false;
    for (size_t i = 0; i < L->n; i++) {
        lline *l = &L->ln[i];
        l->no = lines[i].no;
        l->page = lines[i].page;
        l->x = lines[i].x;
        l->x1 = lines[i].x1;
        l->apart = lines[i].apart;
        l->y = lines[i].y;
        l->text = strdup(lines[i].text ? lines[i].text : "");
        if (!l->text)
            return false;
        for (char *p = l->text; *p; p++) /* a page break is white space here */
            if (*p == '\f')
                *p = ' ', l->page_break = true;
        positions |= l->x != NULL;
        if (!tokenise(L, l))
            return false;
    }
    if (positions)
        choose_unit(L);
    else
        choose_metric(L);
    choose_decimals(L);
    for (size_t i = 0; i < L->n; i++)
        if (!make_pieces(L, &L->ln[i]))
            return false;
    return true;
}

gfa_status layout_to_source(const gfa_context *ctx, const char *name, const layout_line *lines,
                            size_t n, src_doc *out, gfa_diags *diags)
{
    /* nothing here is an error of the input: what the lines do not say, the assembler and
     * the recogniser report as they read the model */
    (void)diags;
    memset(out, 0, sizeof *out);
    lay L = {.ctx = ctx, .file = name, .n = n, .unit = 1};
    L.ln = calloc(n + 1, sizeof *L.ln);
    gfa_status st = L.ln && load_lines(&L, lines) && mark_furniture(&L) && read_tables(&L)
                        ? to_source(&L, out)
                        : GFA_ERR_NOMEM;
    free_lay(&L);
    if (st != GFA_OK)
        src_doc_free(out);
    return st;
}

/* ---------------------------------------------------------------- the reader --- */

/* Laid-out text has lines of three or more columns set apart by runs of blanks, and no
 * tabs (a tab-separated text is the text reader's, always). */
static int columns_score(const char *s, size_t len)
{
    if (memchr(s, '\t', len))
        return 0;
    long lines = 0;
    int gaps = 0, blanks = 0;
    bool seen = false;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? s[i] : '\n';
        if (c == '\n') {
            lines += gaps >= 2;
            gaps = blanks = 0;
            seen = false;
        } else if (c == ' ') {
            blanks++;
        } else {
            gaps += seen && blanks >= 2;
            blanks = 0;
            seen = true;
        }
    }
    return lines >= 3 ? 2 : 0; /* above the text reader's 1 */
}

int read_layout_sniff(const read_input *in)
{
    if (!in->data || !in->len || decode_fails_or_keeps_tab(in->data, in->len))
        return 0; /* columns_score's first test, without decoding */
    gfa_diags *d = gfa_diags_new();
    decoded_text text;
    bool ok = d && decode_text(in->name ? in->name : "", in->data, in->len, &text, d) == GFA_OK;
    gfa_diags_free(d);
    if (!ok)
        return 0;
    int score = columns_score(text.utf8, text.len);
    decoded_text_free(&text);
    return score;
}

/* Pages: pdftotext ends each page with a form feed, so a line holding one starts a
 * page. The form feeds before a line's first character take no column of it (the text
 * reader made them blanks): the line's text begins after them. */
/* ------------------------------------------------------- column pages --- */

/* A spreadsheet printed as it is (Calc, Excel without "fit to width") prints a wide sheet's
 * columns over several pages, down then across: a page holds some columns of a run of rows,
 * a later page the next columns of the same rows, without the title above them. The pages
 * of one table's further columns (bands) are set beside the page they go on, line by line,
 * before the engine reads the text, as the PDF reader joins its band pages:
 *   - the band page holds no table title, and its lines stand level with lines of the first
 *     page that hold text (the first page's title lines excepted);
 *   - it is known for a band by its 栏次 row, whose numbers go on from the page before's
 *     (a table going on down repeats them), or, without a 栏次 row, by its rows, none of
 *     which begins with a code where the rows of the first page level with them do;
 *   - its lines are placed level with the first page's by the 栏次 rows, else by the last
 *     lines (a note's end run on over the page's edge, "…情况。", with the note), the
 *     header's first line deciding between the table's last line and the note under it.
 * Each first-page line is padded to the width of the widest, then the band's line follows. */
#define BAND_GAP 4 /* blanks between a page's widest line and its band's lines */

typedef struct bpage {
    size_t from, to;  /* lines [from, to) */
    bool title;       /* holds a table title */
    long colno;       /* the 栏次 row (index in the page), -1 */
    int colno_first, colno_last;
    long title_line;  /* the last title line (index in the page), -1 */
} bpage;

static size_t line_chars(const char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i];) {
        unsigned cp;
        i += u8_next(s + i, &cp);
        n++;
    }
    return n;
}

static bool blank_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\f')
            return false;
    return true;
}

/* A 栏次 row: words, then one or more column numbers counting up by one ("栏次 1", "2 3
 * 4 5"); *first and *last its numbers. */
static bool colno_text(const char *s, int *first, int *last)
{
    int n = 0, prev = 0;
    bool words = true;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        bool digits = all_digits(s, (size_t)(e - s)) && e - s <= 2;
        if (digits) {
            int v = atoi(s);
            if (n && v != prev + 1)
                return false;
            if (!n)
                *first = v;
            prev = v;
            n++;
            words = false;
        } else if (!words) {
            return false;
        }
        s = e;
    }
    *last = prev;
    return n > 0;
}

/* Does the line begin with a code at its left edge ("301      工资福利支出")? */
static bool code_at_edge(const char *s)
{
    size_t lead = 0;
    while (s[lead] == ' ')
        lead++;
    size_t n = 0;
    while (s[lead + n] >= '0' && s[lead + n] <= '9')
        n++;
    return lead <= 1 && (n == 3 || n == 5 || n == 7) && (!s[lead + n] || s[lead + n] == ' ');
}

static bool title_text(const gfa_context *ctx, const char *s)
{
    while (*s == ' ')
        s++;
    char *key = *s ? read_title_key(ctx, s) : NULL;
    bool yes = false;
    for (size_t d = 0; key && d < ctx->defs.count && !yes; d++)
        yes = recognise_title_matches(&ctx->defs.tables[d], key);
    free(key);
    return yes;
}

/* Does the text end with an ideographic full stop (a sentence's end)? */
static bool sentence_end(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
           (unsigned char)s[n - 1] == 0x82;
}

static long last_content(const layout_line *lines, const bpage *p)
{
    for (size_t i = p->to; i > p->from; i--)
        if (!blank_text(lines[i - 1].text))
            return (long)(i - 1 - p->from);
    return -1;
}

static long first_content(const layout_line *lines, const bpage *p)
{
    for (size_t i = p->from; i < p->to; i++)
        if (!blank_text(lines[i].text))
            return (long)(i - p->from);
    return -1;
}

/* Where band page P's lines stand on first page B: the offset d (P's line j beside B's
 * line j + d), or LONG_MIN when P is no band of B. *last_no: the last column number of the
 * bands joined so far. */
static long band_offset(const gfa_context *ctx, const layout_line *lines, const bpage *B,
                        const bpage *P, int last_no)
{
    long pl = last_content(lines, P), bl = last_content(lines, B);
    if (P->title || pl < 0 || bl < 0)
        return LONG_MIN;
    long d;
    bool coded = false;
    if (P->colno >= 0 || B->colno >= 0) {
        if (P->colno < 0 || B->colno < 0 || P->colno_first != last_no + 1)
            return LONG_MIN;
        d = B->colno - P->colno;
    } else {
        /* the header's first line: the first line of B under its title that is indented */
        long top = -1;
        for (size_t i = B->from + (size_t)(B->title_line + 1); i < B->to && top < 0; i++)
            if (lines[i].text[0] == ' ')
                top = (long)(i - B->from);
        long pf = first_content(lines, P), dt = top - pf;
        if (sentence_end(lines[P->from + (size_t)pl].text)) {
            d = bl - pl;
        } else {
            long d1 = bl - pl, d2 = bl - 1 - pl;
            d = top >= 0 && labs(d2 - dt) < labs(d1 - dt) ? d2 : d1;
        }
        coded = true;
    }
    int edge = 0;
    for (size_t i = P->from; i < P->to; i++) {
        if (blank_text(lines[i].text))
            continue;
        long j = (long)(i - P->from) + d;
        if (j <= B->title_line || j >= (long)(B->to - B->from) ||
            blank_text(lines[B->from + (size_t)j].text))
            return LONG_MIN;
        if (coded && code_at_edge(lines[i].text))
            return LONG_MIN;
        edge += coded && code_at_edge(lines[B->from + (size_t)j].text);
    }
    return coded && edge < 3 ? LONG_MIN : d;
}

static void page_facts(const gfa_context *ctx, const layout_line *lines, bpage *p)
{
    p->colno = -1;
    p->title_line = -1;
    for (size_t i = p->from; i < p->to; i++) {
        const char *s = lines[i].text;
        if (p->colno < 0 && colno_text(s, &p->colno_first, &p->colno_last))
            p->colno = (long)(i - p->from);
        if (title_text(ctx, s)) {
            p->title = true;
            p->title_line = (long)(i - p->from);
        }
    }
    /* the title's caption lines (公开06表, 部门名称…, 金额单位…) stand at the left edge */
    if (p->title)
        for (size_t i = p->from + (size_t)p->title_line + 1; i < p->to && !blank_text(lines[i].text) &&
                                                          lines[i].text[0] != ' ';
             i++)
            p->title_line = (long)(i - p->from);
}

/* The lines with the band pages joined (*owned: the texts made, to free), or NULL when no
 * page is a band (or out of memory: *nomem). */
static layout_line *join_column_pages(const gfa_context *ctx, const layout_line *lines, size_t n,
                                      size_t *out_n, char ***owned, bool *nomem)
{
    *owned = NULL;
    int npages = 0;
    for (size_t i = 0; i < n; i++)
        npages = lines[i].page > npages ? lines[i].page : npages;
    if (npages < 2)
        return NULL;
    bpage *pg = calloc((size_t)npages + 1, sizeof *pg);
    long *off = malloc(((size_t)npages + 1) * sizeof *off);
    int *base = calloc((size_t)npages + 1, sizeof *base);
    if (!pg || !off || !base) {
        free(pg), free(off), free(base);
        *nomem = true;
        return NULL;
    }
    for (size_t i = n; i > 0; i--)
        if (lines[i - 1].page >= 1 && lines[i - 1].page <= npages) {
            pg[lines[i - 1].page].from = i - 1;
            if (!pg[lines[i - 1].page].to)
                pg[lines[i - 1].page].to = i;
        }
    for (int p = 1; p <= npages; p++)
        if (pg[p].to > pg[p].from)
            page_facts(ctx, lines, &pg[p]);
    int b = 0, last_no = 0, joined = 0;
    for (int p = 1; p <= npages; p++) {
        off[p] = LONG_MIN;
        if (pg[p].to <= pg[p].from)
            continue;
        if (b)
            off[p] = band_offset(ctx, lines, &pg[b], &pg[p], last_no);
        if (off[p] != LONG_MIN) {
            base[p] = b;
            last_no = pg[p].colno >= 0 ? pg[p].colno_last : last_no;
            joined++;
        } else {
            b = pg[p].title ? p : 0;
            last_no = pg[p].colno >= 0 ? pg[p].colno_last : 0;
        }
    }
    layout_line *out = NULL;
    char **made = NULL;
    if (joined) {
        out = calloc(n + 1, sizeof *out);
        made = calloc(n + 1, sizeof *made);
    }
    if (joined && (!out || !made))
        *nomem = true;
    for (int p = 1; out && made && p <= npages; p++) {
        if (!base[p])
            continue;
        const bpage *B = &pg[base[p]], *P = &pg[p];
        size_t w = 0;
        for (size_t i = B->from; i < B->to; i++) {
            size_t c = line_chars(made[i] ? made[i] : lines[i].text);
            w = c > w ? c : w;
        }
        for (size_t i = P->from; i < P->to; i++) {
            long j = (long)(i - P->from) + off[p];
            if (j < 0 || j >= (long)(B->to - B->from))
                continue;
            size_t k = B->from + (size_t)j;
            const char *was = made[k] ? made[k] : lines[k].text;
            strbuf sb;
            sb_init(&sb);
            sb_adds(&sb, was);
            for (size_t c = line_chars(was); c < w + BAND_GAP; c++)
                sb_addc(&sb, ' ');
            sb_adds(&sb, lines[i].text);
            char *t = sb_take(&sb);
            if (!t) {
                *nomem = true;
                break;
            }
            free(made[k]);
            made[k] = t;
        }
    }
    size_t m = 0;
    for (size_t i = 0; out && made && i < n; i++) {
        int p = lines[i].page >= 1 && lines[i].page <= npages ? lines[i].page : 0;
        if (p && base[p])
            continue; /* a band's line: beside its first page's */
        out[m] = lines[i];
        if (made[i])
            out[m].text = made[i];
        m++;
    }
    free(pg), free(off), free(base);
    if (!out || !made || *nomem) {
        for (size_t i = 0; made && i < n; i++)
            free(made[i]);
        free(made), free(out);
        return NULL;
    }
    *owned = made;
    *out_n = m;
    return out;
}

static void count_pages(const char *utf8, size_t len, layout_line *lines, size_t n)
{
    int page = 1;
    size_t k = 0, lead = 0;
    bool at_start = true;
    for (size_t i = 0; i < len && k < n; i++) {
        if (utf8[i] == '\f') {
            page++;
            if (at_start && lines[k].text[lead] == ' ')
                lead++;
        } else {
            at_start = false;
        }
        lines[k].page = page;
        if (utf8[i] == '\n') {
            /* a line of form feeds only is a page break of its own, as the PDF reader's */
            lines[k].text = lead && !lines[k].text[lead] ? "\f" : lines[k].text + lead;
            k++;
            lead = 0;
            at_start = true;
        }
    }
    if (k < n)
        lines[k].text += lead;
    for (; k < n; k++)
        lines[k].page = page;
}

gfa_status read_layout_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                              gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    decoded_text text;
    gfa_status st = in->len ? decode_text(in->name, in->data, in->len, &text, diags) : GFA_ERR_INPUT;
    if (!in->len)
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
                 "the file is empty");
    if (st != GFA_OK)
        return st;
    src_doc plain = {0}; /* the lines, cut and bounded as the text reader cuts them */
    st = src_doc_from_text(in->name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), &plain, diags);
    layout_line *lines = st == GFA_OK ? calloc(plain.count + 1, sizeof *lines) : NULL;
    if (st == GFA_OK && !lines)
        st = GFA_ERR_NOMEM;
    if (st == GFA_OK) {
        bool blank = true;
        for (size_t k = 0; k < plain.count; k++) {
            lines[k].no = plain.lines[k].no;
            lines[k].text = plain.lines[k].text;
            blank = blank && src_line_blank(&plain.lines[k]);
        }
        count_pages(text.utf8, text.len, lines, plain.count);
        size_t nj = 0;
        char **made = NULL;
        bool nomem = false;
        layout_line *joined = blank ? NULL : join_column_pages(ctx, lines, plain.count, &nj, &made, &nomem);
        st = nomem   ? GFA_ERR_NOMEM
             : blank ? GFA_ERR_INPUT
             : joined ? layout_to_source(ctx, in->name, joined, nj, out, diags)
                      : layout_to_source(ctx, in->name, lines, plain.count, out, diags);
        for (size_t k = 0; made && k < plain.count; k++)
            free(made[k]);
        free(made);
        free(joined);
        if (blank)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
                     "the file holds only white space");
    }
    if (st == GFA_OK) {
        out->format = "layout";
        out->encoding = text.encoding;
        out->bytes = in->len;
        sha256_hex(in->data, in->len, out->sha256);
    }
    free(lines);
    src_doc_free(&plain);
    decoded_text_free(&text);
    return st;
}
