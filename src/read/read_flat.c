/* read_flat.c — the flattened-text reader (issue 10): a report as copy-paste from a PDF
 * viewer or a text extractor gives it. Paragraphs are ordinary lines; a table is a title,
 * its captions, then one row per line with its cells separated by single spaces — blank
 * cells gone, header cells one word per line or broken inside words, two rows sometimes
 * run together ("… 1.05 1.052089999 其他…": the last amount glued to the next code),
 * wrapped names and amounts on the lines above and below their row.
 *
 * Each table region is rebuilt into grid lines like the tab-separated text (cells in their
 * columns, blanks included, one src_line per printed row at the line of its first key), so
 * the shared assembler and recogniser do the rest:
 *   1. regions: a line naming a table of the definitions, its captions, the header, the
 *      body up to a note, a part heading or the next title; page numbers and running
 *      headers inside are dropped (and outside tables leave the text: furniture_at),
 *      header lines printed again on later pages recognised;
 *   2. the header: word runs matched to the definition's vocabulary give the printed
 *      columns (rebuilt); a header broken inside words gives the definition's columns (said);
 *   3. the body: tokens split at codes (3/5/7 digits; an amount with too many decimals is
 *      split into the amount and a glued code), at the definition's row labels and at 行次
 *      in sequence, into chunks, one per row of a part (公开01/04 print two parts side by
 *      side, 公开06 four column groups); text-only lines complete the labels of the rows
 *      around them, amounts wrapped over two lines are joined; the name pieces of side-by-
 *      side coded cells are shared out again by their code-list names, two printed rows at
 *      a time, and dashes follow the names they stand after;
 *   4. the values of each row go to columns by the table's sums (flat_place.c), with a
 *      warning naming the alternatives when the sums leave a choice.
 * No word of a report is spelt here: titles, labels, codes and sums come from the table
 * definitions and code lists. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINE_TOKENS 400   /* a longer line in a table is not split (kept as text) */
#define MAX_LABEL_TOKENS 8    /* a row label or header word printed as so many pieces */
#define MAX_SLOTS 16          /* parts × column groups of a table */
#define MAX_CAPTION_LINES 12  /* between a title and its header */
#define MAX_LATE_ROWS 32      /* a page's rows given back their late cells */
#define MAX_LATE_NAME 16     /* characters of an indicator's name drawn late (longer: text) */
#define MAX_HEADER_PIECE 24   /* characters of a line of header cells drawn late (two or
                                 three cells' words: "因公出国 (境) 费 因公出国 (境) 费") */
#define MAX_COMPOSE 4096      /* ways of sharing a text-only line among the rows around it */
#define MAX_BAND_TRIES 128    /* ways of sharing the text around a line of values */
#define MAX_KEY_BYTES 512     /* a label's key is compared up to this length */

/* ---------------------------------------------------------------- tokens --- */

typedef enum tok_kind { TK_TEXT, TK_NUM, TK_NA } tok_kind;

typedef struct ftok {
    char *text;
    char *key;      /* text_key(text) */
    long pos;       /* 1-based character column in its line */
    tok_kind kind;
    gfa_dec dec;    /* TK_NUM */
    bool integer;   /* ASCII digits only */
    bool floating;  /* an amount wrapped over the lines around: placed in the first row
                       of its line with room */
    int after_text; /* floating: how many wrapped name pieces preceded it on its line (the
                       rows printed without a name own them, in order), else 0 */
    bool used;      /* taken by a row */
    int owner;      /* text: 1 + the chunk whose label has it, 0 none */
} ftok;

typedef struct tokline {
    ftok *t;
    int n, cap;
    bool too_long; /* more than MAX_LINE_TOKENS words: no table row, tokens dropped */
} tokline;

/* What a line of a table region is. */
typedef enum lrole {
    LR_TEXT = 0, /* outside tables, captions: kept as printed */
    LR_HEADER,   /* header words: replaced by the rebuilt header */
    LR_COLNO,    /* 栏次 */
    LR_BODY,
    LR_REPEAT,   /* the header printed again on a continuation page */
    LR_ARTEFACT, /* page number, running header: dropped */
} lrole;

/* A grid row made for a line. */
typedef struct gridrow {
    src_cell *cells;
    int ncells;
    struct gridrow *next;
} gridrow;

typedef struct fdoc {
    const gfa_context *ctx;
    const char *file;
    gfa_diags *diags;
    src_doc in;        /* the lines as decoded */
    lrole *role;       /* per line */
    bool *consumed;    /* per line: its text went into rows of a table */
    tokline *toks;     /* per line (table regions only) */
    bool *tok_done;
    gridrow **rows;    /* per line: grid rows made for it, in order */
    gridrow **rows_tail;
    int precision;     /* the decimals most amounts in tables are printed with */
    const char *prefer_variant;
    const char *set;   /* the report's table set (recognise_set), or NULL */
    strmap *printed;   /* values of fixed parts' rows read so far, "table/part/row" → index */
    gfa_dec *printed_vals;
    int nprinted, capprinted;
    bool nomem;
} fdoc;

static bool is_space_at(const char *p, size_t *len)
{
    if (*p == ' ' || *p == '\t' || *p == '\f') {
        *len = 1;
        return true;
    }
    if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
        *len = 3; /* U+3000 */
        return true;
    }
    return false;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A CJK ideograph (U+3400–U+9FFF, U+F900–U+FAFF) at p, as UTF-8. */
static bool is_ideograph(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (utf8_len(u[0]) != 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return false;
    unsigned cp = ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
                  (unsigned)(u[2] & 0x3F);
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool is_digitish(char c)
{
    return (c >= '0' && c <= '9') || c == '.';
}

static void tok_classify(const gfa_vocab *vc, ftok *t)
{
    cell_value v = cell_parse(vc, t->text);
    t->kind = v.kind == CELL_NUMBER ? TK_NUM : v.kind == CELL_NA ? TK_NA : TK_TEXT;
    t->dec = v.dec;
    t->integer = t->kind == TK_NUM;
    for (const char *p = t->text; *p && t->integer; p++)
        t->integer = *p >= '0' && *p <= '9';
}

static bool tok_add(const gfa_vocab *vc, tokline *tl, const char *s, size_t len, long pos)
{
    if (tl->n == tl->cap) {
        int cap = tl->cap ? tl->cap * 2 : 16;
        ftok *t = realloc(tl->t, (size_t)cap * sizeof *t);
        if (!t)
            return false;
        tl->t = t;
        tl->cap = cap;
    }
    ftok *t = &tl->t[tl->n];
    memset(t, 0, sizeof *t);
    t->text = xstrndup(s, len);
    t->key = t->text ? text_key(t->text, len) : NULL;
    if (!t->key) {
        free(t->text);
        return false;
    }
    t->pos = pos;
    tok_classify(vc, t);
    t->used = src_omission_mark(s, len); /* a template's rows left out: taken by no row */
    tl->n++;
    return true;
}

static void tokline_free(tokline *tl)
{
    for (int i = 0; i < tl->n; i++) {
        free(tl->t[i].text);
        free(tl->t[i].key);
    }
    free(tl->t);
    memset(tl, 0, sizeof *tl);
}

/* Splits a line at white space, and a word where ASCII digits meet ideographs ("6计",
 * "30113住房公积金"): a cell's wrap glued to its neighbour's. Labels split this way are
 * joined again when they are matched. */
/* The next word of a line at *p: white space skipped, the word's start returned (NULL at
 * the end) with its 1-based character column in *word_col; *p and *col are left past it.
 * With cut, a word also ends where ASCII digits meet ideographs. */
static const char *next_word(const char **p, long *col, bool cut, long *word_col)
{
    size_t sl;
    while (**p && is_space_at(*p, &sl)) {
        *p += sl;
        (*col)++;
    }
    if (!**p)
        return NULL;
    const char *start = *p;
    *word_col = *col;
    while (**p && !is_space_at(*p, &sl)) {
        const char *c = *p;
        size_t cl = utf8_len((unsigned char)*c);
        const char *next = c + cl;
        for (size_t k = 1; k < cl; k++)
            if (!c[k]) {
                next = c + k;
                break;
            }
        bool boundary = cut && *next && ((is_digitish(*c) && is_ideograph(next)) ||
                                         (is_ideograph(c) && next[0] >= '0' && next[0] <= '9'));
        *p = next;
        (*col)++;
        if (boundary)
            break;
    }
    return start;
}

/* Leading white space of a line, in characters (a word's column counts from the line's
 * start, words are read from its trimmed text). */
static long leading_chars(const char *text)
{
    long n = 0;
    size_t sl;
    for (const char *p = text; *p && is_space_at(p, &sl); p += sl)
        n++;
    return n;
}

static bool tokenize(const gfa_vocab *vc, const char *text, const char *line, tokline *out)
{
    memset(out, 0, sizeof *out);
    const char *p = line, *start;
    long col = 1 + leading_chars(text), word_col = 0;
    while ((start = next_word(&p, &col, true, &word_col))) {
        if (out->n == MAX_LINE_TOKENS) {
            tokline_free(out);
            out->too_long = true;
            return true;
        }
        if (!tok_add(vc, out, start, (size_t)(p - start), word_col))
            return false;
    }
    return true;
}

static char *join_range(const tokline *tl, int from, int to, const char *sep)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = from; i < to; i++)
        sb_addf(&sb, "%s%s", i > from ? sep : "", tl->t[i].text);
    return sb_take(&sb);
}

/* The key of tokens [from, to) joined: their keys one after the other. */
static char *key_range(const tokline *tl, int from, int to)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = from; i < to; i++)
        sb_adds(&sb, tl->t[i].key);
    return sb_take(&sb);
}

/* The key of a label without its ordinal ("二、…", "(一)", "1."), from a key. */
static const char *unordered(const char *key)
{
    char *ord = NULL;
    const char *rest = text_strip_ordinal(key, &ord);
    free(ord);
    return rest;
}

/* ------------------------------------------------------- line kinds --- */

static const char *line_text(const fdoc *fd, size_t i)
{
    return fd->in.lines[i].trimmed;
}

static unsigned cp_at(const char *p, size_t *len);

/* Bytes of the dash at p (-, –, —, −, －: what page numbers are set between), or 0. */
static size_t dash_at(const char *p)
{
    size_t len;
    unsigned c = cp_at(p, &len);
    return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0xFF0D ? len : 0;
}

/* "-7-", "- 11 -", "— 3 —": a page number (the forms Chromium, word processors and the
 * official-document layout, GB/T 9704, print). */
static bool is_page_number(const char *t)
{
    const char *p = t;
    size_t d = dash_at(p);
    if (!d)
        return false;
    p += d;
    while (*p == ' ')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    while (*p == ' ')
        p++;
    d = dash_at(p);
    return digits > 0 && digits <= 4 && d && p[d] == '\0';
}

/* The first character `cp` in s (UTF-8), or NULL. Punctuation is looked for by code point:
 * no word of a report is spelt in C. */
static const char *find_cp(const char *s, unsigned cp)
{
    for (const char *p = s; *p;) {
        size_t len;
        if (cp_at(p, &len) == cp)
            return p;
        for (size_t k = 0; k < len && *p; k++)
            p++;
    }
    return NULL;
}

/* The code point at p (of one to three bytes; a longer one as its lead byte) and, in *len,
 * its bytes. */
static unsigned cp_at(const char *p, size_t *len)
{
    const unsigned char *u = (const unsigned char *)p;
    *len = utf8_len(u[0]);
    if (*len == 2 && u[1])
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    if (*len == 3 && u[1] && u[2])
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return u[0];
}

#define CP_FULL_STOP 0x3002u  /* 。 */
#define CP_WIDE_COLON 0xFF1Au /* ： */

/* The first colon, ASCII or full-width: a caption ("部门名称：…") or a note ("注：…"). */
static const char *find_colon(const char *t)
{
    const char *a = strchr(t, ':'), *w = find_cp(t, CP_WIDE_COLON);
    return a && (!w || a < w) ? a : w;
}

static bool has_colon(const char *t)
{
    return find_colon(t) != NULL;
}

/* Contains a full stop: a sentence, never a table row. */
static bool has_full_stop(const char *t)
{
    return find_cp(t, CP_FULL_STOP) != NULL;
}

static bool key_has_any(const char *key, const label_set *ls)
{
    for (size_t k = 0; k < ls->count; k++)
        if (strstr(key, ls->keys[k]))
            return true;
    return false;
}

/* Does some table definition have this title? *standard: a 公开 table, not a form. */
static bool names_table(const fdoc *fd, const char *tkey, bool *standard)
{
    bool found = false;
    *standard = false;
    for (size_t d = 0; d < fd->ctx->defs.count; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        for (size_t i = 0; i < def->titles.count; i++) {
            const char *t = def->titles.keys[i];
            if (def->title_suffix ? str_ends(tkey, t) : strcmp(tkey, t) == 0) {
                found = true;
                *standard |= def->kind == TABLE_STANDARD;
            }
        }
    }
    return found;
}

/* The form definition a title names (NULL: none). */
static const table_def *form_def(const fdoc *fd, const char *title)
{
    char *tk = read_title_key(fd->ctx, title);
    const table_def *found = NULL;
    for (size_t d = 0; tk && d < fd->ctx->defs.count && !found; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        for (size_t i = 0; def->kind != TABLE_STANDARD && i < def->titles.count; i++)
            if (def->title_suffix ? str_ends(tk, def->titles.keys[i]) : !strcmp(tk, def->titles.keys[i]))
                found = def;
    }
    free(tk);
    return found;
}

/* Is the first word of a line one of these labels? */
static bool first_word_is(const char *t, const label_set *labels)
{
    size_t n = strcspn(t, " \t");
    char *k = text_key(t, n);
    bool is = k && label_set_has(labels, k);
    free(k);
    return is;
}

/* A number with decimals on the line (an amount). */
static bool has_decimal(const char *t)
{
    for (const char *p = t; *p; p++)
        if (*p == '.' && p > t && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
            return true;
    return false;
}

/* Could a line be a page's running header: short, no sentence, no caption or note, no
 * amount (the last row of a table on two pages reads the same beside two page numbers)? */
static bool header_like(const char *t)
{
    if (has_full_stop(t) || has_colon(t) || utf8_chars(t, strlen(t)) > 40)
        return false;
    return !has_decimal(t);
}

/* The line beside page number i on side dir (-1 before, 1 after) that may be a running
 * header, NULL when there is none. */
static const char *beside_page_number(const fdoc *fd, const bool *artefact, size_t i, int dir)
{
    if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= fd->in.count))
        return NULL;
    const char *head = line_text(fd, dir < 0 ? i - 1 : i + 1);
    if (!*head || is_page_number(head) || !header_like(head))
        return NULL;
    if (dir < 0 && i >= 2 && artefact[i - 2])
        return NULL;
    return head;
}

/* Page numbers, and the running header printed next to them on every page (a line seen
 * beside page numbers at least twice, and there at least half the times it is printed: a
 * form's row "总分 100 优" printed on many pages, at a page's foot on two, is none). A page
 * has one running header: of the lines on the two sides of its number, the one seen there
 * less often is the page's text (a long table's header printed again at the top of each of
 * its pages, after the running header and the number, is no running header). */
static bool mark_artefacts(fdoc *fd, bool *artefact)
{
    size_t n = fd->in.count;
    strmap *heads = strmap_new(), *all = strmap_new(), *beaten = strmap_new();
    if (!heads || !all || !beaten) {
        strmap_free(heads);
        strmap_free(all);
        strmap_free(beaten);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        artefact[i] = is_page_number(line_text(fd, i));
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (!artefact[i])
            continue;
        /* the line after a page number, or before it (text in content-stream order); a line
         * between two page numbers (a page holding only a part's heading) is seen once */
        for (int dir = -1; dir <= 1 && ok; dir += 2) {
            const char *head = beside_page_number(fd, artefact, i, dir);
            if (!head)
                continue;
            int seen = 0;
            strmap_get(heads, head, &seen);
            ok = strmap_put(heads, head, seen + 1);
        }
    }
    for (size_t i = 0; i < n && ok; i++) {
        const char *before = artefact[i] ? beside_page_number(fd, artefact, i, -1) : NULL;
        const char *after = artefact[i] ? beside_page_number(fd, artefact, i, 1) : NULL;
        int sb = 0, sa = 0, lost = 0;
        if (!before || !after || strcmp(before, after) == 0)
            continue;
        strmap_get(heads, before, &sb);
        strmap_get(heads, after, &sa);
        if (sb == sa)
            continue;
        const char *less = sb < sa ? before : after;
        strmap_get(beaten, less, &lost);
        ok = strmap_put(beaten, less, lost + 1);
    }
    for (size_t i = 0; i < n && ok; i++) {
        int seen = 0, printed = 0;
        if (*line_text(fd, i) && strmap_get(heads, line_text(fd, i), &seen)) {
            strmap_get(all, line_text(fd, i), &printed);
            ok = strmap_put(all, line_text(fd, i), printed + 1);
        }
    }
    for (size_t i = 0; i < n && ok; i++) {
        int seen = 0, printed = 0, lost = 0;
        if (!*line_text(fd, i) || !strmap_get(heads, line_text(fd, i), &seen))
            continue;
        strmap_get(beaten, line_text(fd, i), &lost);
        seen -= lost;
        if (seen >= 2 && strmap_get(all, line_text(fd, i), &printed) && 2 * seen >= printed)
            artefact[i] = true;
    }
    strmap_free(heads);
    strmap_free(all);
    strmap_free(beaten);
    return ok;
}

/* ------------------------------------------------------------ a table --- */

/* A part's column group: the cells of one row of one part (公开01: 收入, 支出; 公开06: four
 * groups of the same part). */
typedef struct slot {
    int part, group;
    const part_def *pd;
    int first;          /* its first cell in a grid row */
    int nkeys;          /* key cells (code, name / label, 行次) */
    int ncols;          /* value cells: the definition's columns */
    const char **label; /* printed header text of each value column, NULL: the definition's */
    long *colno;        /* printed 栏次 of each value column, 0 */
    place_col *pcols;   /* the sums, in value-column indices */
    int *sums;          /* storage of pcols' terms */
    long expect;        /* the next 行次, -1 unknown */
    char last_code[8];  /* coded parts: the last code of this column group */
} slot;

/* One row of one part as printed: its key, label and values. */
typedef struct chunk {
    int slot;
    size_t line;        /* the line of its key: where the grid row goes */
    int seq;            /* order within its line */
    char code[8];       /* coded rows */
    bool complete;      /* the label names a row of the definition, a class or a code */
    strbuf above, label, below; /* label text from the lines above, its own, below */
    strbuf kabove, klabel, kbelow; /* their keys */
    const ftok *key;    /* first token of the key (code, label or 行次) */
    const ftok *lineno;
    const ftok **vals;
    int nvals, capvals;
    int *pos;           /* value column of each value, -1 past the last */
    int row;            /* printed row it belongs to */
} chunk;

/* A header word matched to the definition. */
typedef enum hkind { HK_ROLE, HK_COL, HK_UNDER, HK_WORD } hkind;

typedef struct hitem {
    hkind kind;
    key_role role;  /* HK_ROLE */
    int part, col;  /* HK_COL: the column; HK_UNDER: the column it heads, or -1 a part */
    char *text;     /* as printed (tokens joined by a space) */
    bool used;
} hitem;

typedef struct tab {
    fdoc *fd;
    const table_def *def;
    size_t title, first, body, end; /* lines: title, first after it, first of the body, end */
    size_t hdr_first, hdr_last, colno_line; /* header lines (hdr_first > hdr_last: none) */
    bool has_colno;
    bool row_on_header;     /* the last header line begins with a row's label (see
                               row_beside_header) */
    slot slots[MAX_SLOTS];
    int nslots, width;
    hitem *items;
    int nitems, capitems;
    bool header_clean;      /* every header word was matched */
    gridrow *hdr_top, *hdr_mid, *hdr_main, *hdr_colno; /* templates, copied per use */
    chunk *ch;
    int nch, capch;
    int cur;                /* the chunk tokens go to, -1 */
    int row_slot;           /* slot of the last chunk of the printed row being read, -1 */
    int alone_slot;         /* the slot of the last line with codes when it had one code, a
                               later group's (a group printing on alone), else -1 */
    size_t row_line;
    int nrows;
    long glued;             /* rows split off a glued amount */
    strmap *seen;           /* codes read, "part:code" */
    int *first_at, *count_at; /* by line - body: the chunks of a line (consecutive) */
} tab;

static const char *first_label(const label_set *ls)
{
    return ls->count ? ls->keys[0] : "";
}

static bool is_coded(const part_def *pd)
{
    return pd->axis == AXIS_FUNCTION || pd->axis == AXIS_ECONOMIC;
}

static int role_index(const part_def *pd, key_role role)
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

static void gridrow_free(gridrow *g)
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

static void tab_free(tab *t)
{
    for (int s = 0; s < t->nslots; s++)
        slot_free(&t->slots[s]);
    for (int i = 0; i < t->nitems; i++)
        free(t->items[i].text);
    free(t->items);
    for (int c = 0; c < t->nch; c++)
        chunk_free(&t->ch[c]);
    free(t->ch);
    gridrow_free(t->hdr_top);
    gridrow_free(t->hdr_mid);
    gridrow_free(t->hdr_main);
    gridrow_free(t->hdr_colno);
    strmap_free(t->seen);
    free(t->first_at);
    free(t->count_at);
}

/* The slots of a definition, each with the definition's columns and their sums. */
static bool layout_slots(tab *t)
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

static gridrow *gridrow_new(int width)
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
static bool cell_set(gridrow *g, int c, const char *text, long pos)
{
    if (!g || c < 0 || c >= g->ncells || g->cells[c].text)
        return false;
    g->cells[c].text = strdup(text);
    g->cells[c].pos = pos;
    return g->cells[c].text != NULL;
}

static bool cell_free_at(const gridrow *g, int c)
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
static int match_header(const tab *t, const tokline *tl, int i, hitem *out)
{
    for (int len = tl->n - i < MAX_LABEL_TOKENS ? tl->n - i : MAX_LABEL_TOKENS; len > 0; len--) {
        char *k = key_range(tl, i, i + len);
        bool hit = k && *k && header_word(t, k, out);
        free(k);
        if (hit) {
            out->text = join_range(tl, i, i + len, " ");
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
static bool is_colno_line(const fdoc *fd, const tokline *tl)
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
            int len = match_header(t, tl, k, &it);
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
static int value_cell(const tab *t, int s, int c)
{
    return t->slots[s].first + t->slots[s].nkeys + c;
}

/* Builds the header rows the recogniser reads: group words (收入/支出, 预算数/决算数, 本年支出)
 * above, the key and column labels below, printed words where they were matched and the
 * definition's labels elsewhere; says when the definition's labels or order had to be
 * used. */
static bool build_header(tab *t)
{
    fdoc *fd = t->fd;
    if (!collect_header(t))
        return false;
    t->hdr_top = gridrow_new(t->width);
    t->hdr_main = gridrow_new(t->width);
    t->hdr_mid = gridrow_new(t->width);
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
        char *key = text_key(it->text, strlen(it->text));
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
            int k = role_index(t->slots[s].pd, it->role);
            if (k >= 0 && cell_set(t->hdr_main, t->slots[s].first + k, it->text, 1))
                it->used = true;
        }
    }
    for (int s = 0; s < t->nslots; s++) {
        const slot *sl = &t->slots[s];
        for (int k = 0; k < sl->nkeys; k++)
            if (cell_free_at(t->hdr_main, sl->first + k) &&
                !cell_set(t->hdr_main, sl->first + k,
                          first_label(&fd->ctx->defs.role_labels[sl->pd->roles[k]]), 1))
                return false;
        for (int c = 0; c < sl->ncols; c++)
            if (!cell_set(t->hdr_main, value_cell(t, s, c),
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
            cell_set(t->hdr_top, sl->first, text, 1);
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
                    char *k = text_key(t->items[i].text, strlen(t->items[i].text));
                    bool same = k && label_set_has(under, k);
                    free(k);
                    if (same) {
                        text = t->items[i].text;
                        t->items[i].used = true;
                        break;
                    }
                }
            cell_set(t->hdr_top, value_cell(t, s, c), text, 1);
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
            if (cell_free_at(t->hdr_top, t->slots[s].first) &&
                (s == 0 || !cell_free_at(t->hdr_top, t->slots[s - 1].first)))
                it->used = cell_set(t->hdr_top, t->slots[s].first, it->text, 1);
        for (int s = 0; s < t->nslots && !it->used; s++)
            if (t->slots[s].ncols)
                it->used = cell_set(t->hdr_top, value_cell(t, s, 0), it->text, 1);
        if (!it->used)
            it->used = cell_set(t->hdr_mid, mid++, it->text, 1);
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
                sb_addf(&words, "%s%s", words.len ? " / " : "", line_text(fd, i));
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
static bool build_colno(tab *t, size_t line)
{
    fdoc *fd = t->fd;
    const tokline *tl = &fd->toks[line];
    t->hdr_colno = gridrow_new(t->width);
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
                cell_set(t->hdr_colno, t->slots[part_slot].first, k->text, k->pos);
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
            cell_set(t->hdr_colno, value_cell(t, s, c), k->text, k->pos);
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

/* -------------------------------------------------------------- body --- */

/* A 3/5/7-digit code (economic: 3/5) of a known class: a row's key, not an amount. */
static bool plausible_code(const fdoc *fd, const char *text, axis_kind axis)
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
static bool names_row(const tab *t, const part_def *pd, const char *lkey)
{
    if (!*lkey)
        return false;
    for (size_t r = 0; r < pd->nrows; r++)
        if (label_set_has(&pd->rows[r].labels, lkey))
            return true;
    return pd->classes && code_list_find_name(&t->fd->ctx->function_classes, lkey) != NULL;
}

/* How a label (its key without ordinal, and the ordinal printed, or NULL) fits the rows of a
 * part: FIT_NAMES names one, FIT_BEGINS begins one (the rest wrapped onto another line);
 * a printed ordinal that is the row's own confirms the fit (二十一、国有资本经 begins the
 * class 二十一, not a row of a part whose ordinals end at 八), one that is another row's rules
 * it out. */
enum { FIT_NONE, FIT_BEGINS, FIT_BEGINS_ORD, FIT_NAMES, FIT_NAMES_ORD };

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

static int row_fit(const tab *t, const part_def *pd, const char *key, const char *ord)
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
static int match_row_label(const tab *t, const part_def *pd, const tokline *tl, int i)
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
        char *k = key_range(tl, i, i + len);
        bool hit = k && names_row(t, pd, unordered(k));
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
static int begins_row_ordered(const tab *t, const part_def *pd, const tokline *tl, int i)
{
    const ftok *k = &tl->t[i];
    if (k->kind != TK_TEXT || k->used || k->floating)
        return 0;
    char *ord = NULL;
    const char *rest = text_strip_ordinal(k->key, &ord);
    int sure = 0;
    if (ord && *rest)
        sure = row_fit(t, pd, rest, ord) == FIT_BEGINS_ORD ? 2
               : row_fit(t, pd, rest, NULL) == FIT_BEGINS  ? 1
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
    if (i >= tl->n || !tl->t[i].integer || tl->t[i].used || role_index(t->slots[s].pd, ROLE_LINENO) < 0)
        return false;
    long v = strtol(tl->t[i].text, NULL, 10);
    long want = t->slots[s].expect;
    *exact = v == want;
    if (want < 0)
        return v >= 1 && v <= 999;
    bool amount_next = i + 1 < tl->n && tl->t[i + 1].kind == TK_NUM && !tl->t[i + 1].used;
    if (v == want || (after_label && v > want && (v <= want + 3 || amount_next)))
        return true;
    bool after_other = t->cur >= 0 && t->ch[t->cur].slot != s && t->ch[t->cur].lineno &&
                       (i == 0 || t->ch[t->cur].lineno == &tl->t[i - 1]) && t->ch[t->cur].nvals == 0;
    if (after_other && v > want && amount_next && t->fd->precision > 0 && v <= 999 &&
        tl->t[i + 1].dec.scale == t->fd->precision)
        return true;
    /* a whole number before an amount with decimals, where amounts are printed with them:
     * a later 行次 whose label wrapped onto the lines around (八、社会保障和就业支 / `2 40
     * 20.00 20.00` / 出), not an amount */
    bool decimals_next = amount_next && tl->t[i + 1].dec.scale > 0 && t->fd->precision > 0 &&
                         tl->t[i].dec.scale == 0;
    if (!after_label && v > want && decimals_next)
        return true;
    /* past the next without a label: amounts here print decimals, and of the parts side by
     * side it continues this one's sequence the nearest (none of them still unknown) */
    if (after_label || v <= want || t->fd->precision <= 0 || v > 999 || !amount_next)
        return false;
    for (int o = 0; o < t->nslots; o++)
        if (o != s && role_index(t->slots[o].pd, ROLE_LINENO) >= 0 &&
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
            if (is_coded(pd)) {
                bool next_text = i + 1 >= tl->n || tl->t[i + 1].kind == TK_TEXT;
                if (k->integer && plausible_code(t->fd, k->text, pd->axis) &&
                    (i == 0 || next_text || code_follows(t, s, k->text))) {
                    if (pd->groups > 1 &&
                        choose_group(t, sl->part, k->text, after, codes_on_line(tl) == 1) != s)
                        continue;
                    h.code = h.complete = true;
                    h.label_end = i + 1;
                    h.score = 10;
                } else {
                    int len = match_row_label(t, pd, tl, i);
                    if (len == 0)
                        continue;
                    h.complete = true;
                    h.label_end = i + len;
                    h.score = 8;
                }
            } else if (pd->axis == AXIS_FIXED) {
                bool exact = false;
                int begun;
                int len = match_row_label(t, pd, tl, i);
                if (len > 0) {
                    h.complete = true;
                    h.label_end = i + len;
                    h.lineno = lineno_at(t, s, tl, i + len, true, &exact);
                    h.score = h.lineno ? (exact ? 9 : 8) : 7;
                } else if (role_index(pd, ROLE_LINENO) < 0 && /* else placed by its 行次 */
                           (begun = begins_row_ordered(t, pd, tl, i)) > 0) {
                    h.label_end = i + 1;
                    h.score = 3 + begun;
                } else if (lineno_at(t, s, tl, i, false, &exact) &&
                           (exact || i == 0 || t->cur < 0 || chunk_full(t, t->cur) ||
                            t->ch[t->cur].slot != s)) {
                    h.lineno = true;
                    h.score = exact ? 6 : 3;
                    if (sl->expect > 0)
                        h.gap = strtol(k->text, NULL, 10) - sl->expect;
                } else if (k->kind == TK_TEXT && role_index(pd, ROLE_LINENO) >= 0) {
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

static int new_chunk(tab *t, int sl, size_t line, bool new_row)
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
static bool add_text(strbuf *sb, strbuf *key, const ftok *k)
{
    if (sb->len)
        sb_addc(sb, ' ');
    sb_adds(sb, k->text);
    if (key->len < MAX_KEY_BYTES)
        sb_adds(key, k->key);
    return !sb->failed && !key->failed;
}

static bool add_value(chunk *c, const ftok *v, bool front)
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
static bool give(tab *t, int c, ftok *k)
{
    k->used = true;
    if (k->kind == TK_TEXT) {
        k->owner = c + 1;
        return add_text(&t->ch[c].label, &t->ch[c].klabel, k);
    }
    return add_value(&t->ch[c], k, false);
}

static int single_slot(const tab *t)
{
    for (int s = 0; s < t->nslots; s++)
        if (t->slots[s].pd->axis == AXIS_SINGLE)
            return s;
    return -1;
}

/* A chunk without a key, for values before any row (the recogniser keeps it as rNN). */
static int keyless_chunk(tab *t, size_t line)
{
    int s = single_slot(t);
    return new_chunk(t, s >= 0 ? s : 0, line, true);
}

/* Reads the row keys of a body line into chunks. Returns false on allocation failure;
 * *keys: whether the line had any (a line without is read later, with its neighbours). */
static bool parse_line(tab *t, size_t line, bool *keys)
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
            int c = new_chunk(t, h.slot, line, new_row);
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
                    if (!add_text(&ch->label, &ch->klabel, &tl->t[j]))
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
            int c = new_chunk(t, single, line, true); /* a row of values (公开09) */
            if (c < 0)
                return false;
            t->cur = c;
            t->ch[c].key = tk;
            *keys = true;
        }
        if (*keys && !give(t, t->cur, tk))
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
            before = keyless_chunk(t, line);
        if (before < 0 || !give(t, before, tk))
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
        if (!add_value(&t->ch[c], tk, true))
            return false;
        at = c + 1 < t->nch ? c + 1 : c;
    }
    return true;
}

/* ------------------------------------------------ split and joined tokens --- */

static bool tok_insert(const gfa_vocab *vc, tokline *tl, int at, const char *text, size_t len,
                       long pos)
{
    if (!tok_add(vc, tl, text, len, pos))
        return false;
    ftok added = tl->t[tl->n - 1];
    memmove(&tl->t[at + 1], &tl->t[at], (size_t)(tl->n - 1 - at) * sizeof *tl->t);
    tl->t[at] = added;
    return true;
}

/* "1.052089999": an amount with more decimals than the table prints, whose extra digits
 * are a code: the next row glued to this one. Split into "1.05" and "2089999". */
static bool split_glued(tab *t, size_t line)
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
            plausible = is_coded(t->slots[s].pd) && plausible_code(fd, code, t->slots[s].pd->axis);
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
            k->key = text_key(amount, cut);
            ok = k->key && tok_insert(&fd->ctx->vocab, tl, i + 1, rest, strlen(rest), code_pos);
            amount = NULL;
            if (ok)
                tok_classify(&fd->ctx->vocab, &tl->t[i]);
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
static bool join_wrapped(tab *t)
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
                if (!tok_add(&fd->ctx->vocab, &fd->toks[anchor], joined, strlen(joined), pos))
                    return false;
                fd->toks[anchor].t[fd->toks[anchor].n - 1].floating = true;
                ta = &fd->toks[a]; /* tok_add may have moved the anchor's array */
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
static bool join_wrapped_dashes(tab *t)
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
            if (!tok_add(&fd->ctx->vocab, tr, joined, strlen(joined), pos))
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
static bool join_stacked_dashes(tab *t)
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
        if (!tok_add(&fd->ctx->vocab, ta, joined, strlen(joined), pos))
            return false;
        a++;
    }
    return true;
}

static bool has_free_tokens(const tokline *tl);

/* The key of tokens [from, to) of one line and [0, upto) of another, without the ordinal:
 * does it name a row of some part? */
static bool names_row_across(const tab *t, const tokline *ta, int from, const tokline *tb,
                             int upto)
{
    char *up = key_range(ta, from, ta->n), *down = upto ? key_range(tb, 0, upto) : strdup("");
    char *both = NULL;
    bool named = false;
    if (up && down && asprintf(&both, "%s%s", up, down) >= 0)
        for (int s = 0; s < t->nslots && !named; s++)
            named = names_row(t, t->slots[s].pd, unordered(both));
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
        if (!tok_insert(&fd->ctx->vocab, dst, 0, x->text, strlen(x->text), x->pos))
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
static bool label_begun_above(tab *t)
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
static bool label_around_values(tab *t)
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
static bool label_wrapped_below(tab *t)
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
        while (c < t->end && fd->role[c] == LR_BODY && !has_free_tokens(&fd->toks[c]))
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
            if (!tok_add(&fd->ctx->vocab, ta, x->text, strlen(x->text), x->pos))
                return false;
            tb->t[k].used = true;
        }
    }
    return true;
}

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

static bool text_only(const tokline *tl)
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

static bool has_free_tokens(const tokline *tl)
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
        if (names_row(t, t->slots[s].pd, unordered(key)))
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
        !text_only(&t->fd->toks[at]))
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
static bool label_band(tab *t, size_t line, bool *made)
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
        int c = new_chunk(t, b.slots[i], line, i == 0 || b.slots[i] <= b.slots[i - 1]);
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
                if (!add_text(text, key, x))
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
            if (!add_value(&t->ch[c], x, false))
                return false;
            v++;
        }
    t->row_slot = -1;
    *made = true;
    return true;
}

/* Tokens of a line without a key continue chunk c, the row before it (a new row when
 * there is none); wrapped amounts first. */
static bool continue_into(tab *t, size_t line, int c)
{
    tokline *tl = &t->fd->toks[line];
    if (c < 0) {
        c = keyless_chunk(t, line);
        if (c < 0)
            return false;
        t->ch[c].key = &tl->t[0];
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < tl->n; i++) {
            ftok *x = &tl->t[i];
            if (x->used || x->floating != (pass == 0))
                continue;
            if (!give(t, c, x))
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
static bool values_under_labels(tab *t, size_t line, bool *done)
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
    while (p > t->body && (fd->role[p - 1] == LR_ARTEFACT || !*line_text(fd, p - 1)))
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
        if (!give(t, v++ < split ? left : right, x))
            return false;
    }
    *done = true;
    return true;
}

static bool continue_before(tab *t, size_t line)
{
    return continue_into(t, line, chunk_before(t, line));
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
    int fit = *k ? row_fit(t, pd, k, ord) : FIT_NONE;
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

static char *concat3(const char *a, const char *b, const char *c)
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
            char *full = concat3(w->key[i], add.data ? add.data : "", own);
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
                               : concat3(c->kabove.data ? c->kabove.data : "",
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
                char *more = concat3(w.key[i], x->key, "");
                free(w.key[i]);
                w.key[i] = more;
                w.added[i] = true;
                if (!more || (apply && (!add_text(sd == ABOVE ? &c->above : &c->below,
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
                         ? concat3(w.key[i], c->klabel.data ? c->klabel.data : "",
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
static bool share_fragments(tab *t)
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
        if (fd->role[i] != LR_BODY || !text_only(&fd->toks[i])) {
            i++;
            continue;
        }
        /* the run of text-only lines from i, and the rows' lines around it */
        int m = 0;
        size_t j = i;
        for (; j < t->end; j++) {
            if (fd->role[j] == LR_ARTEFACT || fd->in.lines[j].trimmed[0] == '\0')
                continue;
            if (fd->role[j] != LR_BODY || !text_only(&fd->toks[j]))
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
            if (has_free_tokens(&fd->toks[frag[k]]) && !continue_before(t, frag[k]))
                nomem = true;
        i = j > i ? j : i + 1;
    }
    free(frag);
    free(next_anchor);
    return !nomem;
}

/* ------------------------------------------------------- values printed twice --- */

/* The row of a fixed part a chunk's label names, or NULL. */
static const row_def *fixed_row(const tab *t, const chunk *c, bool *nomem)
{
    const part_def *pd = t->slots[c->slot].pd;
    char *label = concat3(c->kabove.data ? c->kabove.data : "", c->klabel.data ? c->klabel.data : "",
                          c->kbelow.data ? c->kbelow.data : "");
    const row_def *found = NULL;
    if (!label)
        *nomem = true;
    for (size_t r = 0; label && r < pd->nrows && !found; r++)
        if (label_set_has(&pd->rows[r].labels, unordered(label)))
            found = &pd->rows[r];
    free(label);
    return found;
}

/* Remembers the amount of each row of the table's fixed parts of one value column
 * ("sh01/income/other"), for a table that prints them again as its total row (totals_in). */
static bool remember_fixed(tab *t)
{
    fdoc *fd = t->fd;
    bool nomem = false;
    for (int c = 0; c < t->nch && !nomem; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        if (sl->pd->axis != AXIS_FIXED || sl->ncols != 1 || ch->nvals != 1 || !ch->pos ||
            ch->pos[0] != 0 || ch->vals[0]->kind != TK_NUM)
            continue;
        const row_def *row = fixed_row(t, ch, &nomem);
        char key[96];
        if (!row || snprintf(key, sizeof key, "%s/%s/%s", t->def->id, sl->pd->id, row->id) >=
                        (int)sizeof key)
            continue;
        if (!fd->printed && !(fd->printed = strmap_new()))
            return false;
        if (strmap_get(fd->printed, key, NULL))
            continue; /* the first printing */
        if (fd->nprinted == fd->capprinted) {
            int cap = fd->capprinted ? fd->capprinted * 2 : 32;
            gfa_dec *v = realloc(fd->printed_vals, (size_t)cap * sizeof *v);
            if (!v)
                return false;
            fd->printed_vals = v;
            fd->capprinted = cap;
        }
        fd->printed_vals[fd->nprinted] = ch->vals[0]->dec;
        nomem = !strmap_put(fd->printed, key, fd->nprinted++);
    }
    return !nomem;
}

/* A total row's columns as the table they are printed again in (totals_in) gave them. */
static void expect_totals(const tab *t, const slot *sl, place_row *pr)
{
    const fdoc *fd = t->fd;
    for (int c = 0; fd->printed && sl->pd->totals_in && c < sl->ncols && c < PLACE_MAX_COLS; c++) {
        char key[96];
        int i;
        if (snprintf(key, sizeof key, "%s/%s", sl->pd->totals_in, sl->pd->cols[c].id) <
                (int)sizeof key &&
            strmap_get(fd->printed, key, &i)) {
            pr->expected[c] = true;
            pr->expect[c] = fd->printed_vals[i];
        }
    }
}

/* ------------------------------------------------------------ placement --- */

static const char *col_id(const tab *t, int s, int c)
{
    return c >= 0 && c < t->slots[s].ncols ? t->slots[s].pd->cols[c].id : "(none)";
}

static void describe(const tab *t, int s, const int *pos, int n, strbuf *sb)
{
    for (int v = 0; v < n; v++)
        sb_addf(sb, "%s%s", v ? "," : "", col_id(t, s, pos[v]));
}

static const char *row_name(const chunk *c)
{
    if (c->code[0])
        return c->code;
    if (c->label.len)
        return c->label.data;
    if (c->lineno)
        return c->lineno->text;
    return "(a row without a label)";
}

static long chunk_line_no(const tab *t, const chunk *c)
{
    return t->fd->in.lines[c->line].no;
}

/* The placements a row could have, as text: "[total,fiscal] chosen …; also [total,superior],
 * …". Rows with the same text are reported together. */
static char *placements_text(const tab *t, const chunk *c, const place_row *pr)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%d value(s) for %d columns fit the table's sums in more than one way: [",
            pr->nvals, pr->ncols);
    describe(t, c->slot, pr->pos, pr->nvals, &sb);
    sb_adds(&sb, "] chosen (often-blank columns last, then left to right); also [");
    for (int a = 0; a < pr->nalts && a < PLACE_MAX_ALTS; a++) {
        if (a)
            sb_adds(&sb, "], [");
        describe(t, c->slot, pr->alts[a], pr->nvals, &sb);
    }
    if (pr->nalts > PLACE_MAX_ALTS)
        sb_addf(&sb, "] and %d more", pr->nalts - PLACE_MAX_ALTS);
    else
        sb_adds(&sb, "]");
    return sb_take(&sb);
}

/* Says which rows' values could go to other columns with every sum still holding: one
 * warning for each run of rows with the same choices, at the first row's line, naming
 * every row and line. */
static bool report_ambiguous(tab *t, const place_row *rows)
{
    fdoc *fd = t->fd;
    char *run_text = NULL;
    strbuf names;
    sb_init(&names);
    int first = -1, count = 0;
    bool ok = true;
    for (int c = 0; c <= t->nch && ok; c++) {
        char *text = NULL;
        if (c < t->nch && rows[c].cols && rows[c].nalts > 0) {
            text = placements_text(t, &t->ch[c], &rows[c]);
            ok = text != NULL;
        }
        if (c < t->nch && !text)
            continue; /* rows placed without a choice do not break a run */
        bool same = text && run_text && strcmp(text, run_text) == 0 &&
                    t->ch[c].slot == t->ch[first].slot;
        if (!same && first >= 0) {
            const chunk *f = &t->ch[first];
            diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-081", fd->file,
                     chunk_line_no(t, f), f->key ? f->key->pos : 1,
                     "table %s %s %s: %s", t->def->id, count > 1 ? "rows" : "row",
                     names.data ? names.data : "", run_text);
            free(run_text);
            run_text = NULL;
            sb_free(&names);
            sb_init(&names);
            first = -1;
            count = 0;
        }
        if (!text)
            continue;
        if (first < 0) {
            first = c;
            run_text = text;
        } else {
            free(text);
        }
        if (count < 12)
            sb_addf(&names, "%s%s (line %ld)", count ? ", " : "", row_name(&t->ch[c]),
                    chunk_line_no(t, &t->ch[c]));
        else if (count == 12)
            sb_adds(&names, " and more");
        count++;
    }
    free(run_text);
    sb_free(&names);
    return ok;
}

/* Reports what the placement of one row broke or could not search. */
static void report_row(tab *t, const chunk *c, const place_row *pr)
{
    fdoc *fd = t->fd;
    long no = chunk_line_no(t, c);
    long pos = c->key ? c->key->pos : 1;
    if (pr->capped && pr->nalts == 0)
        diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-083", fd->file, no, pos,
                 "table %s row %s: the search for where its %d value(s) go in %d columns was "
                 "bounded; they may fit other columns as well as the ones chosen",
                 t->def->id, row_name(c), pr->nvals, pr->ncols);
    if (pr->violates)
        diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-082", fd->file, no, pos,
                 "table %s row %s: no placement of its %d value(s) in %d columns keeps the "
                 "table's sums (a misprint, or values lost from the text); placed as the sums "
                 "allow best",
                 t->def->id, row_name(c), pr->nvals, pr->ncols);
}

/* The row a chunk's values add up into: its code's parent, or the part's total row for
 * a class. */
static int parent_of(const tab *t, int c, const strmap *codes)
{
    const chunk *ch = &t->ch[c];
    const slot *sl = &t->slots[ch->slot];
    char key[32];
    int found = -1;
    size_t n = strlen(ch->code);
    if (n == 5 || n == 7) {
        snprintf(key, sizeof key, "%d:%.*s", sl->part, (int)n - 2, ch->code);
        return strmap_get(codes, key, &found) ? found : -1;
    }
    if (n == 3) { /* the total row, when the part has exactly one */
        snprintf(key, sizeof key, "%d:total", sl->part);
        return strmap_get(codes, key, &found) ? found : -1;
    }
    return -1;
}

static bool place_table(tab *t)
{
    strmap *codes = strmap_new();
    place_row *rows = calloc((size_t)(t->nch > 0 ? t->nch : 1), sizeof *rows);
    gfa_dec *vals = calloc((size_t)(t->nch > 0 ? t->nch : 1) * PLACE_MAX_VALS, sizeof *vals);
    bool ok = codes && rows && vals;
    /* codes and total rows by part, first printing only */
    for (int c = 0; ok && c < t->nch; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        char key[32];
        if (ch->code[0]) {
            snprintf(key, sizeof key, "%d:%s", sl->part, ch->code);
        } else {
            int totals = 0, named = -1;
            for (size_t r = 0; r < sl->pd->nrows; r++)
                if (sl->pd->rows[r].total) {
                    totals++;
                    if (label_set_has(&sl->pd->rows[r].labels, unordered(ch->klabel.data ? ch->klabel.data : "")))
                        named = (int)r;
                }
            if ((!is_coded(sl->pd) && !sl->pd->listed) || totals != 1 || named < 0)
                continue;
            snprintf(key, sizeof key, "%d:total", sl->part);
        }
        if (!strmap_get(codes, key, NULL))
            ok = strmap_put(codes, key, c);
    }
    for (int c = 0; ok && c < t->nch; c++) {
        chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        place_row *pr = &rows[c];
        pr->parent = -1;
        ch->pos = calloc((size_t)(ch->nvals > 0 ? ch->nvals : 1), sizeof *ch->pos);
        if (!ch->pos) {
            ok = false;
            break;
        }
        for (int v = 0; v < ch->nvals; v++)
            ch->pos[v] = v < sl->ncols ? v : -1;
        if (sl->ncols > PLACE_MAX_COLS || ch->nvals > PLACE_MAX_VALS)
            continue; /* left to right, not searched */
        pr->cols = sl->pcols;
        pr->ncols = sl->ncols;
        pr->vals = &vals[(size_t)c * PLACE_MAX_VALS];
        pr->nvals = ch->nvals;
        for (int v = 0; v < ch->nvals; v++) {
            const ftok *k = ch->vals[v];
            gfa_dec zero = {0, 9};
            vals[(size_t)c * PLACE_MAX_VALS + v] = k->kind == TK_NUM ? k->dec : zero;
        }
        pr->parent = is_coded(sl->pd) ? parent_of(t, c, codes) : -1;
        if (sl->pd->listed && !ch->code[0]) { /* an item of a listed part: into its total */
            bool nomem = false;
            int total = -1;
            char key[32];
            snprintf(key, sizeof key, "%d:total", sl->part);
            if (!fixed_row(t, ch, &nomem) && strmap_get(codes, key, &total) && total != c)
                pr->parent = total;
            ok = !nomem;
        }
        char total_key[32];
        int total = -1;
        snprintf(total_key, sizeof total_key, "%d:total", sl->part);
        if (!ch->code[0] && strmap_get(codes, total_key, &total) && total == c)
            expect_totals(t, sl, pr);
        if (ch->code[0]) { /* a code printed again is in no family (the recogniser keeps it
                            * as rNN) */
            char key[32];
            int first = -1;
            snprintf(key, sizeof key, "%d:%s", sl->part, ch->code);
            if (strmap_get(codes, key, &first) && first != c)
                pr->parent = -1;
        }
    }
    if (ok)
        ok = place_values(rows, t->nch) == GFA_OK;
    for (int c = 0; ok && c < t->nch; c++) {
        chunk *ch = &t->ch[c];
        const place_row *pr = &rows[c];
        if (!pr->cols)
            continue;
        for (int v = 0; v < ch->nvals; v++)
            ch->pos[v] = pr->pos[v];
        if (ch->nvals > 0 && ch->nvals < pr->ncols)
            report_row(t, ch, pr);
    }
    ok = ok && report_ambiguous(t, rows);
    for (int c = 0; ok && c < t->nch; c++)
        if (t->ch[c].nvals > t->slots[t->ch[c].slot].ncols)
            diag_add(t->fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-083", t->fd->file,
                     chunk_line_no(t, &t->ch[c]), t->ch[c].key ? t->ch[c].key->pos : 1,
                     "table %s row %s: %d values for %d columns; the values past the last "
                     "column are kept after the row's cells",
                     t->def->id, row_name(&t->ch[c]), t->ch[c].nvals, t->slots[t->ch[c].slot].ncols);
    strmap_free(codes);
    free(rows);
    free(vals);
    return ok;
}

/* ---------------------------------------------------------------- grid rows --- */

static bool attach(fdoc *fd, size_t line, gridrow *g)
{
    long end = utf8_chars(fd->in.lines[line].text, strlen(fd->in.lines[line].text)) + 1;
    for (int c = 0; c < g->ncells; c++) {
        if (!g->cells[c].text) {
            g->cells[c].text = strdup("");
            g->cells[c].pos = end;
            if (!g->cells[c].text) {
                gridrow_free(g);
                return false;
            }
        } else if (g->cells[c].pos < 1) {
            g->cells[c].pos = 1;
        }
    }
    g->next = NULL;
    if (fd->rows_tail[line])
        fd->rows_tail[line]->next = g;
    else
        fd->rows[line] = g;
    fd->rows_tail[line] = g;
    return true;
}

static bool row_empty(const gridrow *g)
{
    for (int c = 0; c < g->ncells; c++)
        if (g->cells[c].text && *g->cells[c].text)
            return false;
    return true;
}

/* Puts a copy of a header row on a line. */
static bool attach_copy(fdoc *fd, size_t line, const gridrow *tmpl)
{
    if (!tmpl || row_empty(tmpl))
        return true;
    gridrow *g = gridrow_new(tmpl->ncells);
    if (!g)
        return false;
    for (int c = 0; c < tmpl->ncells; c++)
        if (tmpl->cells[c].text && !cell_set(g, c, tmpl->cells[c].text, tmpl->cells[c].pos)) {
            gridrow_free(g);
            return false;
        }
    return attach(fd, line, g);
}

static char *label_text(const chunk *c)
{
    strbuf sb;
    sb_init(&sb);
    const strbuf *parts[] = {&c->above, &c->label, &c->below};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++)
        if (parts[i]->len)
            sb_addf(&sb, "%s%s", sb.len ? " " : "", parts[i]->data);
    char *s = sb_take(&sb);
    return s ? s : strdup("");
}

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
        bool ok = l < ch->line    ? add_text(&ch->above, &ch->kabove, k)
                  : l == ch->line ? add_text(&ch->label, &ch->klabel, k)
                                  : add_text(&ch->below, &ch->kbelow, k);
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
            if (!add_text(&ch->label, &ch->klabel, w->p[idx[order[i]]].tok))
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
            if (!ch->code[0] || !is_coded(t->slots[s].pd) || w->col[s][1] >= 0)
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
static bool rebuild_names(tab *t)
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
        char *label = label_text(ch);
        diag_add(t->fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-088", t->fd->file,
                 chunk_line_no(t, ch), ch->key ? ch->key->pos : 1,
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
    return add_value(&t->ch[to], k, false);
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
    key = text_key(joined, strlen(joined));
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
    return add_value(&t->ch[cell], upper, false);
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

static bool reattach_dashes(tab *t)
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

/* The grid row of one printed row (chunks [first, end)): each chunk's key cells and values
 * in its slot. */
static bool emit_row(tab *t, int first, int end)
{
    int extra = 0;
    for (int c = first; c < end; c++)
        for (int v = 0; v < t->ch[c].nvals; v++)
            extra += t->ch[c].pos[v] < 0;
    gridrow *g = gridrow_new(t->width + extra);
    if (!g)
        return false;
    int over = t->width;
    bool ok = true;
    for (int c = first; c < end && ok; c++) {
        const chunk *ch = &t->ch[c];
        const slot *sl = &t->slots[ch->slot];
        char *label = label_text(ch);
        ok = label != NULL;
        long kpos = ch->key ? ch->key->pos : 1;
        for (int k = 0; k < sl->nkeys && ok; k++) {
            int cell = sl->first + k;
            switch (sl->pd->roles[k]) {
            case ROLE_CODE:
                if (ch->code[0] || *label)
                    ok = cell_set(g, cell, ch->code[0] ? ch->code : label, kpos);
                break;
            case ROLE_NAME:
                if (ch->code[0] && *label)
                    ok = cell_set(g, cell, label, kpos);
                break;
            case ROLE_LABEL:
                if (*label)
                    ok = cell_set(g, cell, label, kpos);
                break;
            case ROLE_LINENO:
                if (ch->lineno)
                    ok = cell_set(g, cell, ch->lineno->text, ch->lineno->pos);
                break;
            default:
                break;
            }
        }
        free(label);
        for (int v = 0; v < ch->nvals && ok; v++) {
            int cell = ch->pos[v] >= 0 ? value_cell(t, ch->slot, ch->pos[v]) : over++;
            ok = cell_set(g, cell, ch->vals[v]->text, ch->vals[v]->pos);
        }
    }
    if (!ok) {
        gridrow_free(g);
        return false;
    }
    return attach(t->fd, t->ch[first].line, g);
}

/* A header printed among the rows (公开10 prints 项目 行次 统计数 under its first heading):
 * its words in their cells. */
static bool emit_inline_header(tab *t, size_t line)
{
    const tokline *tl = &t->fd->toks[line];
    gridrow *g = gridrow_new(t->width);
    if (!g)
        return false;
    bool ok = true;
    for (int k = 0; k < tl->n && ok;) {
        hitem it;
        int len = match_header(t, tl, k, &it);
        if (len <= 0) {
            ok = len == 0;
            k++;
            continue;
        }
        for (int s = 0; s < t->nslots && !it.used; s++) {
            const slot *sl = &t->slots[s];
            if (it.kind == HK_ROLE) {
                int r = role_index(sl->pd, it.role);
                if (r >= 0 && cell_free_at(g, sl->first + r))
                    it.used = cell_set(g, sl->first + r, it.text, tl->t[k].pos);
            } else if (it.kind == HK_COL && sl->part == it.part &&
                       cell_free_at(g, value_cell(t, s, it.col))) {
                it.used = cell_set(g, value_cell(t, s, it.col), it.text, tl->t[k].pos);
            }
        }
        free(it.text);
        k += len;
    }
    if (!ok) {
        gridrow_free(g);
        return false;
    }
    if (row_empty(g)) {
        gridrow_free(g);
        return true;
    }
    return attach(t->fd, line, g);
}

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
        tokline_free(tl);
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
        char *text = xstrndup(code, strlen(code)), *key = text ? text_key(text, strlen(text)) : NULL;
        if (!key) {
            free(text);
            return false;
        }
        free(a->text);
        free(a->key);
        a->text = text;
        a->key = key;
        tok_classify(&fd->ctx->vocab, a);
        for (int m = i + 1; m <= last; m++) {
            free(tl->t[m].text);
            free(tl->t[m].key);
        }
        memmove(&tl->t[i + 1], &tl->t[last + 1], (size_t)(tl->n - last - 1) * sizeof *tl->t);
        tl->n -= last - i;
    }
    return true;
}

static bool tokenized(fdoc *fd, size_t i)
{
    if (fd->tok_done[i])
        return true;
    fd->tok_done[i] = true;
    if (!tokenize(&fd->ctx->vocab, fd->in.lines[i].text, fd->in.lines[i].trimmed,
                  &fd->toks[i]) ||
        !join_split_codes(fd, &fd->toks[i])) {
        tokline_free(&fd->toks[i]);
        fd->nomem = true;
        return false;
    }
    return true;
}

/* The number of a table printed in a caption ("公开 01 表"): the definitions' numbers. */
static const char *caption_number(const fdoc *fd, const char *key)
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
static bool any_header_word(const fdoc *fd, const char *key)
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
static bool year_caption(const char *k)
{
    return strlen(k) <= 12 && k[0] >= '1' && k[0] <= '2' && strspn(k, "0123456789") == 4 &&
           is_ideograph(k + 4);
}

static bool is_caption(const fdoc *fd, size_t i, const bool *artefact, const char **number)
{
    const char *t = line_text(fd, i);
    if (artefact[i] || !*t)
        return true;
    if (has_colon(t))
        return true;
    char *k = text_key(t, strlen(t));
    if (!k)
        return false;
    if (utf8_chars(t, strlen(t)) <= 2) {
        bool wrap = !any_header_word(fd, k);
        free(k);
        return wrap;
    }
    const char *n = caption_number(fd, k);
    if (n && !*number)
        *number = n;
    bool year = year_caption(k);
    free(k);
    return n || year;
}

/* Where a table's body ends: a note, the empty-table marker, a part heading, another
 * title, a sentence (not in a form, whose cells hold sentences). open_form: a form before
 * its 总分, where a part's keyword alone on a line is a header word wrapped ("定性指标" /
 * "情况说明"), not a heading. */
static bool ends_region_in(const fdoc *fd, size_t i, bool form, bool open_form)
{
    const char *t = line_text(fd, i);
    if (!*t)
        return false;
    if (strchr(fd->in.lines[i].text, '\t') || (!form && has_full_stop(t)))
        return true;
    char *k = text_key(t, strlen(t));
    char *tk = read_title_key(fd->ctx, t);
    bool standard = false;
    bool end = !k || !tk || names_table(fd, tk, &standard) ||
               key_has_any(k, &fd->ctx->defs.empty_markers) ||
               read_note_start(fd->ctx, t) || read_part_heading(fd->ctx, t);
    free(tk);
    if (!k)
        return true;
    /* 注：, 说明：, 备注： (in a form, a narrow cell's last characters "额:" are no note,
     * alone or before the row's numbers; before its 总分 neither are "金: 更", a label's
     * last characters beside a neighbour cell's wrapped word) */
    const char *colon = find_colon(t);
    const char *after = colon ? colon + (*colon == ':' ? 1 : 3) : NULL;
    if (after)
        after += strspn(after, " ");
    if (colon && utf8_chars(t, (size_t)(colon - t)) <= 2 && !open_form &&
        (!form || (*after && (*after < '0' || *after > '9'))))
        end = true;
    bool digits = strpbrk(t, "0123456789") != NULL;
    /* a part's heading; in a form, a line of one word only (its header's words wrapped,
     * "值 情况说明 及改", are no heading) */
    for (size_t p = 0; p < fd->ctx->defs.nparts && !end && !open_form && (!form || !strchr(t, ' ')); p++)
        end = !digits && utf8_chars(t, strlen(t)) <= 24 &&
              key_has_any(k, &fd->ctx->defs.parts[p].keywords);
    if (!form && !digits && utf8_chars(t, strlen(t)) > 60)
        end = true;
    free(k);
    return end;
}

static bool ends_region(const fdoc *fd, size_t i, bool form)
{
    return ends_region_in(fd, i, form, false);
}

static bool ends_body(const fdoc *fd, size_t i)
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
            if (is_coded(pd) && k->integer && plausible_code(t->fd, k->text, pd->axis) &&
                (i == 0 || i + 1 >= tl->n || tl->t[i + 1].kind == TK_TEXT))
                return true;
            if (i == 0 && match_row_label(t, pd, tl, 0) > 0)
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
        int len = w->kind == TK_TEXT ? match_header(t, tl, k, &it) : 1;
        if (len != 0) {
            if (len > 0 && w->kind == TK_TEXT)
                free(it.text);
            return false;
        }
        bool begins = false;
        size_t n = strlen(w->key);
        for (int s = 0; s < t->nslots && !begins; s++) {
            const part_def *pd = t->slots[s].pd;
            if (!is_coded(pd))
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
        int len = match_header(t, tl, k, &it);
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
        if (!tokenized(fd, i) || fd->toks[i].n == 0)
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
 * Shanghai's has neither), as assemble.c's choose_set does for text in cells. */
static void choose_set(fdoc *fd)
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
        if (!k || !*k || !names_table(fd, k, &standard) || !standard) {
            free(k);
            continue;
        }
        const char *number = NULL;
        for (size_t j = i + 1, seen = 0; j < fd->in.count && seen < MAX_CAPTION_LINES; j++) {
            const char *t = line_text(fd, j);
            if (!*t)
                continue;
            seen++;
            char *ck = text_key(t, strlen(t));
            const char *cn = ck ? caption_number(fd, ck) : NULL;
            if (!number)
                number = cn;
            if (!year && ck && year_caption(ck))
                year = atoi(ck);
            bool caption = ck && (cn || year_caption(ck) || has_colon(t));
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
    if (t->has_colno && strcmp(text, line_text(fd, t->colno_line)) == 0)
        return true;
    for (size_t h = t->hdr_first; h <= t->hdr_last; h++)
        if (strcmp(text, line_text(fd, h)) == 0)
            return true;
    return false;
}

static bool repeats_header(const tab *t, size_t k, const bool *artefact)
{
    const fdoc *fd = t->fd;
    if (!is_header_line(t, line_text(fd, k)))
        return false;
    if (t->hdr_first == t->hdr_last && !t->has_colno)
        return true;
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t j = k;
        while (j > t->body && j + 1 < t->end) {
            j = dir < 0 ? j - 1 : j + 1;
            if (!artefact[j] && *line_text(fd, j))
                break;
        }
        if (j != k && !artefact[j] && *line_text(fd, j) && is_header_line(t, line_text(fd, j)))
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
        strcmp(line_text(fd, k), line_text(fd, t->colno_line)) != 0)
        return;
    size_t lines[8];
    while (got < nh && j > t->body) {
        j--;
        if (artefact[j] || !*line_text(fd, j))
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
            if (!is_coded(pd) || !plausible_code(t->fd, k->text, pd->axis))
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
        if (fd->role[k] == LR_ARTEFACT || !*line_text(fd, k))
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
        if (begins_row_ordered(t, t->slots[s].pd, tl, 0) == 2)
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
        if (fd->role[k] == LR_HEADER && *line_text(fd, k)) {
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
            if (fd->role[j] == LR_ARTEFACT || !*line_text(fd, j))
                continue;
            if (fd->role[j] != LR_REPEAT)
                break;
            if (got == nh && strcmp(line_text(fd, j), line_text(fd, head[0])) == 0)
                got = 0; /* the header once more */
            if (got < nh) {
                if (strcmp(line_text(fd, j), line_text(fd, head[got])) != 0)
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
    while (v < t->end && (fd->role[v] == LR_ARTEFACT || !*line_text(fd, v)))
        v++;
    if (t->has_colno || v >= t->end || t->hdr_first > t->hdr_last)
        return true;
    tokline *tv = &fd->toks[v];
    if (tv->n == 0 || tv->t[0].kind != TK_NUM || tv->t[0].integer || tv->t[0].used)
        return true;
    size_t lines[LABEL_ABOVE_LINES];
    int nl = 0;
    for (size_t k = v; k-- > t->hdr_first && nl < LABEL_ABOVE_LINES;) {
        if (fd->role[k] == LR_ARTEFACT || !*line_text(fd, k))
            continue;
        if (fd->role[k] != LR_HEADER || fd->toks[k].n == 0 || !text_only(&fd->toks[k]))
            break;
        lines[nl++] = k;
    }
    /* the fewest lines from the top whose words name a row with its own ordinal */
    int top = -1;
    for (int n = 1; n <= nl && top < 0; n++) {
        strbuf key;
        sb_init(&key);
        for (int j = n - 1; j >= 0; j--) {
            char *k = key_range(&fd->toks[lines[j]], 0, fd->toks[lines[j]].n);
            if (k)
                sb_adds(&key, k);
            free(k);
        }
        char *ord = NULL;
        const char *rest = key.len ? text_strip_ordinal(key.data, &ord) : "";
        for (int s = 0; ord && *rest && s < t->nslots && top < 0; s++)
            if (row_fit(t, t->slots[s].pd, rest, ord) == FIT_NAMES_ORD)
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
            if (!tok_insert(&fd->ctx->vocab, tv, 0, x->text, strlen(x->text), x->pos))
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
        seen += *line_text(fd, i) != '\0';
    char *tkey = read_title_key(fd->ctx, line_text(fd, t->title));
    if (!tkey)
        return false;
    size_t end = i;
    while (end < n && !ends_body(fd, end))
        end++;
    while (end > i && !*line_text(fd, end - 1))
        end--;
    t->def = pick_def(fd, tkey, number, i, end);
    free(tkey);
    if (!t->def || t->def->kind != TABLE_STANDARD || end == i || fd->nomem)
        return false;
    for (size_t k = i; k < end; k++) {
        if (!tokenized(fd, k))
            return false;
        if (fd->toks[k].too_long) /* no table has rows this long: the table ends */
            end = k;
    }
    if (end == i)
        return false;
    t->first = i;
    t->end = end;
    if (!layout_slots(t))
        return false;
    /* the header: up to the 栏次 row when there is one before the first row, else up to the
     * first line with a row's key */
    size_t colno = end;
    for (size_t k = i; k < end && k < i + 16; k++) {
        if (artefact[k] || !*line_text(fd, k))
            continue;
        if (is_colno_line(fd, &fd->toks[k])) {
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
        if (artefact[k] || !*line_text(fd, k)) {
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
        const char *text = line_text(fd, k);
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
    /* a continuation page may repeat the table's first rows with its header (公开10's
     * 一、政府采购情况 over 项目 行次 统计数): a line just before a repeated header that reads
     * like an earlier row of the table is part of the repeat, if it holds a row's key (a
     * wrapped name's last word, 出 under …债务付息支, may read like another's) */
    for (k = t->body + 1; k < end; k++) {
        size_t j = k - 1;
        while (j > t->body && (artefact[j] || !*line_text(fd, j)))
            j--;
        if (fd->role[k] != LR_REPEAT || fd->role[j] != LR_BODY || !body_like(t, &fd->toks[j]))
            continue;
        for (size_t e = t->body; e < j; e++)
            if (fd->role[e] == LR_BODY && strcmp(line_text(fd, e), line_text(fd, j)) == 0) {
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
        int len = match_header(t, tl, k, &it);
        if (len <= 0)
            return false;
        free(it.text);
        words++;
        k += len;
    }
    for (int s = 0; again && words >= 2 && s < t->nslots; s++)
        if (match_row_label(t, t->slots[s].pd, tl, 0) == 1)
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
        if (fd->role[j] != LR_ARTEFACT && *line_text(fd, j))
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
    bool ok = parse_line(t, t->hdr_last, &keys);
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
        if (!attach_copy(fd, t->hdr_first, t->hdr_top) || !attach_copy(fd, t->hdr_first, t->hdr_mid) ||
            !attach_copy(fd, t->hdr_last, t->hdr_main))
            return false;
    }
    if (t->has_colno && !attach_copy(fd, t->colno_line, t->hdr_colno))
        return false;
    bool inline_header = false;
    for (size_t k = t->body; k < t->end; k++) {
        if (fd->role[k] != LR_REPEAT)
            continue;
        const char *text = line_text(fd, k);
        bool first = printed && strcmp(text, line_text(fd, t->hdr_first)) == 0;
        bool last = printed && strcmp(text, line_text(fd, t->hdr_last)) == 0;
        bool colno = t->has_colno && strcmp(text, line_text(fd, t->colno_line)) == 0;
        bool ok = true;
        if (first)
            ok = attach_copy(fd, k, t->hdr_top) && attach_copy(fd, k, t->hdr_mid);
        if (ok && last)
            ok = attach_copy(fd, k, t->hdr_main);
        if (ok && colno)
            ok = attach_copy(fd, k, t->hdr_colno);
        if (ok && !first && !last && !colno && !printed) {
            ok = emit_inline_header(t, k);
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
            if (!attach_copy(fd, at, t->hdr_top) || !attach_copy(fd, at, t->hdr_mid) ||
                !attach_copy(fd, at, t->hdr_main))
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
static bool join_wrapped_title(fdoc *fd, size_t i)
{
    if (i + 1 >= fd->in.count || fd->in.lines[i + 1].ncells || fd->role[i + 1] != LR_TEXT)
        return false;
    src_line *l = &fd->in.lines[i], *tail = &fd->in.lines[i + 1];
    size_t n = strlen(tail->trimmed);
    if (!n || utf8_chars(tail->trimmed, n) > 8 || strpbrk(tail->trimmed, "0123456789 ") ||
        has_full_stop(l->trimmed))
        return false;
    char *joined = NULL;
    if (asprintf(&joined, "%s%s", l->trimmed, tail->trimmed) < 0)
        return false;
    char *k = read_title_key(fd->ctx, joined);
    bool standard = true, form = k && *k && names_table(fd, k, &standard) && !standard;
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

static bool insert_late(fdoc *fd, size_t late, size_t into, size_t at);

/* A 项目支出绩效自评表 in flattened text: its lines become grid rows of their words (the form
 * reader, perf.c, finds its fields by their labels and keeps every cell), from after its
 * captions up to its 备注, the next title or part. */
static bool read_form(fdoc *fd, size_t title, bool tail_joined, size_t *next)
{
    size_t i = title + 1, n = fd->in.count;
    /* a long title wrapped: its beginning on the line before (no sentence, no caption) is
     * joined to it, so that the form keeps its title (unless its end was joined to it: the
     * title begins on its own line) */
    if (title > 0 && !tail_joined && !fd->consumed[title - 1] && fd->role[title - 1] == LR_TEXT) {
        src_line *prev = &fd->in.lines[title - 1], *l = &fd->in.lines[title];
        const char *p = prev->trimmed;
        if (*p && !has_full_stop(p) && !has_colon(p) && utf8_chars(p, strlen(p)) <= 60 &&
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
        const char *t = line_text(fd, i);
        char *k = *t ? text_key(t, strlen(t)) : NULL;
        bool tail = *t && read_title_tail(opened, t);
        if (tail && open_at > title) { /* the caption's end joins its beginning's line */
            free(k);
            if (!insert_late(fd, i, open_at, strlen(fd->in.lines[open_at].trimmed)))
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
    const table_def *def = form_def(fd, fd->in.lines[title].trimmed);
    const form_field *total = def ? table_def_field(def, "total_score") : NULL;
    bool open = total != NULL;
    size_t end = i;
    for (; end < n && !ends_region_in(fd, end, true, open); end++)
        if (open && first_word_is(line_text(fd, end), &total->labels))
            open = false;
    for (size_t k = i; k < end; k++) {
        if (fd->role[k] == LR_ARTEFACT || !*line_text(fd, k)) {
            fd->consumed[k] = fd->role[k] == LR_ARTEFACT;
            continue;
        }
        /* words separated by white space are the cells (no cut between digits and ideographs:
         * "≥8个" is one value) */
        const char *p = fd->in.lines[k].trimmed, *start;
        long col = 1 + leading_chars(fd->in.lines[k].text), word_col = 0;
        int ncells = 0;
        gridrow *g = gridrow_new(MAX_LINE_TOKENS);
        if (!g)
            return false;
        while (ncells < MAX_LINE_TOKENS && (start = next_word(&p, &col, false, &word_col))) {
            char *cell = xstrndup(start, (size_t)(p - start));
            if (!cell) {
                gridrow_free(g);
                return false;
            }
            g->cells[ncells].text = cell;
            g->cells[ncells++].pos = word_col;
        }
        g->ncells = ncells > 1 ? ncells : 2; /* a grid line has cells */
        if (!attach(fd, k, g))
            return false;
        fd->consumed[k] = true;
    }
    *next = end > title ? end : title + 1;
    return true;
}

/* Reads one table region into grid rows. */
static bool read_table(fdoc *fd, size_t title, size_t *next)
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
        tab_free(t);
        free(t);
        return !fd->nomem;
    }
    t->row_on_header = ok && row_beside_header(t);
    if (t->row_on_header) /* its line is the body's first too (a header line: parse_line skips it) */
        t->body = t->hdr_last;
    ok = ok && build_header(t) && (!t->has_colno || build_colno(t, t->colno_line));
    if (ok && t->row_on_header)
        ok = parse_row_on_header(t);
    for (size_t k = t->body; ok && k < t->end; k++)
        if (fd->role[k] == LR_BODY && is_coded(t->slots[0].pd))
            ok = split_glued(t, k);
    ok = ok && join_wrapped(t) && join_stacked_dashes(t) && join_wrapped_dashes(t) &&
         label_around_values(t) && label_begun_above(t) && label_wrapped_below(t);
    /* rows by their keys; lines without keys afterwards, with their neighbours */
    size_t *loose = calloc(t->end - t->body + 1, sizeof *loose);
    size_t nloose = 0;
    ok = ok && loose;
    for (size_t k = t->body; ok && k < t->end; k++) {
        if (fd->role[k] != LR_BODY)
            continue;
        bool keys;
        ok = parse_line(t, k, &keys);
        if (ok && !keys && has_free_tokens(&fd->toks[k]))
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
        if (text_only(&fd->toks[k]) || !has_free_tokens(&fd->toks[k]))
            continue;
        int before_nch = t->nch;
        bool made, parted;
        ok = values_under_labels(t, k, &parted);
        if (ok && parted)
            continue;
        ok = ok && label_band(t, k, &made);
        if (ok && made) {
            band_last = t->nch - 1;
        } else if (ok && before_nch == t->nch) {
            int c = last_before[k - t->body];
            if (band_last >= 0 && t->ch[band_last].line < k &&
                (c < 0 || t->ch[band_last].line >= t->ch[c].line))
                c = band_last;
            ok = continue_into(t, k, c);
            if (ok && t->nch > before_nch) /* a row of its own: later lines continue it */
                band_last = t->nch - 1;
        }
    }
    free(last_before);
    free(loose);
    ok = ok && share_fragments(t) && rebuild_names(t) && reattach_dashes(t) &&
         place_table(t) && remember_fixed(t) && emit_header(t);
    for (int c = 0; ok && c < t->nch;) { /* a printed row's chunks are consecutive */
        int e = c + 1;
        while (e < t->nch && t->ch[e].row == t->ch[c].row)
            e++;
        ok = emit_row(t, c, e);
        c = e;
    }
    for (size_t k = t->title + 1; ok && k < t->end; k++)
        fd->consumed[k] = k >= t->first ? fd->role[k] != LR_TEXT : fd->role[k] == LR_ARTEFACT;
    if (ok)
        fd->prefer_variant = t->def->variant;
    *next = t->end > title ? t->end : title + 1;
    free(artefact);
    tab_free(t);
    free(t);
    return ok;
}

/* ------------------------------------------------------------------ reader --- */

static void fdoc_free(fdoc *fd)
{
    for (size_t i = 0; fd->toks && i < fd->in.count; i++)
        tokline_free(&fd->toks[i]);
    for (size_t i = 0; fd->rows && i < fd->in.count; i++)
        gridrow_free(fd->rows[i]);
    free(fd->toks);
    free(fd->tok_done);
    free(fd->rows);
    free(fd->rows_tail);
    free(fd->role);
    free(fd->consumed);
    strmap_free(fd->printed);
    free(fd->printed_vals);
    src_doc_free(&fd->in);
}

/* The decimals most amounts are printed with (2 in a 万元 report), from the lines that
 * are no sentences. */
static void find_precision(fdoc *fd)
{
    long hist[10] = {0};
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        const char *t = line_text(fd, i);
        if (fd->role[i] == LR_ARTEFACT || has_full_stop(t) || has_colon(t) || !tokenized(fd, i))
            continue;
        for (int x = 0; x < fd->toks[i].n; x++) {
            const ftok *k = &fd->toks[i].t[x];
            if (k->kind == TK_NUM && k->dec.scale > 0 && k->dec.scale < 10)
                hist[k->dec.scale]++;
        }
    }
    fd->precision = 0;
    for (int d = 1; d < 10; d++)
        if (hist[d] > hist[fd->precision])
            fd->precision = d;
}

/* The lines out: grid rows where tables were rebuilt, blanks for what went into them,
 * every other line as it was. */
/* Page furniture to leave out of the text: a page number, or a running header printed
 * beside one (the report's own title, printed once on the cover, stays). */
static bool furniture_at(const fdoc *fd, size_t i)
{
    if (fd->role[i] != LR_ARTEFACT)
        return false;
    if (is_page_number(line_text(fd, i)))
        return true;
    return (i > 0 && is_page_number(line_text(fd, i - 1))) ||
           (i + 1 < fd->in.count && is_page_number(line_text(fd, i + 1)));
}

static gfa_status build_output(fdoc *fd, src_doc *out)
{
    size_t n = 0;
    for (size_t i = 0; i < fd->in.count; i++) {
        size_t k = 0;
        for (const gridrow *g = fd->rows[i]; g; g = g->next)
            k++;
        n += k ? k : 1;
    }
    out->lines = calloc(n + 1, sizeof *out->lines);
    if (!out->lines)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < fd->in.count; i++) {
        src_line *in = &fd->in.lines[i];
        gridrow *g = fd->rows[i];
        do {
            src_line *l = &out->lines[out->count++];
            l->no = in->no;
            l->text = strdup(in->text);
            bool kept = g || (!fd->consumed[i] && !furniture_at(fd, i));
            l->trimmed = strdup(kept ? in->trimmed : "");
            if (!l->text || !l->trimmed)
                return GFA_ERR_NOMEM;
            if (g) {
                l->cells = g->cells;
                l->ncells = g->ncells;
                l->grid = true;
                g->cells = NULL;
                g->ncells = 0;
                g = g->next;
            } else if (!fd->consumed[i] && in->ncells) { /* a line with tabs stays a grid */
                l->cells = in->cells;
                l->ncells = in->ncells;
                l->grid = in->grid;
                in->cells = NULL;
                in->ncells = 0;
            }
        } while (g);
    }
    return GFA_OK;
}

/* Is a line a table's title or caption ("收入支出决算总表", "单位：万元")? It stands on a
 * line of its own. */
static bool title_or_caption(const fdoc *fd, const char *t)
{
    if (vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t))) /* a sentence ("上海市…万元。") */
        return false;
    if (assemble_is_caption(fd->ctx, t))
        return true;
    bool standard;
    char *k = read_title_key(fd->ctx, t);
    bool title = k && *k && names_table(fd, k, &standard);
    free(k);
    return title;
}

/* A caption with its label ("部门名称：…", "金额单位：万元"), not a year alone. */
static bool labelled_caption(const fdoc *fd, const char *t)
{
    return assemble_is_caption(fd->ctx, t) && words_in(&fd->ctx->vocab.lists[V_LEAD_IN], t, NULL);
}

/* Does a line begin a block of the narrative of its own: an ordinal, a part's heading, a
 * note, a list's dash, a table's title? Such a line begins a printed line. */
static bool begins_block(const fdoc *fd, const char *t)
{
    char *ord = NULL;
    text_strip_ordinal(t, &ord);
    bool block = ord != NULL || read_part_heading(fd->ctx, t) || read_note_start(fd->ctx, t) ||
                 t[0] == '-';
    free(ord);
    if (!block) { /* a table's title */
        bool standard;
        char *k = read_title_key(fd->ctx, t);
        block = k && *k && names_table(fd, k, &standard);
        free(k);
    }
    return block;
}

/* Is a piece prose: words with a clause's or sentence's mark (not "4 。。。", a list's
 * omission row, nor "1 上海市 XX 局（本级）", a list's row)? */
static bool prose_piece(const gfa_vocab *vc, const char *t)
{
    const word_list *w = vc->lists;
    if (!words_in(&w[V_SENTENCE_END], t, NULL) && !words_in(&w[V_CLAUSE_END], t, NULL) &&
        !words_in(&w[V_LEAD_IN], t, NULL) && !words_in(&w[V_LIST_MARK], t, NULL))
        return false;
    int letters = 0; /* ideographs and Latin letters */
    for (const char *p = t; *p && letters < 2; p += utf8_len((unsigned char)*p))
        letters += is_ideograph(p) || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
    return letters >= 2;
}

/* Does a printed line end inside a word after a sentence ended on it ("…总计 XXX 万元。与
 * 2023 年"): prose wrapped where the page's width ran out, however short the line (a
 * paragraph's first line is indented, its Latin letters and digits narrower than their
 * columns), so its paragraph goes on below. A heading has no sentence in it. */
static bool cut_in_sentence(const gfa_vocab *vc, const src_line *pieces, size_t count)
{
    const char *t = pieces[count - 1].trimmed, *last = t;
    for (const char *p = t; *p; p += utf8_len((unsigned char)*p))
        last = p;
    bool word = is_ideograph(last) || (*last >= '0' && *last <= '9') ||
                (*last >= 'A' && *last <= 'Z') || (*last >= 'a' && *last <= 'z');
    for (size_t k = 0; word && k < count; k++) {
        size_t len = 0;
        const char *end = words_in(&vc->lists[V_SENTENCE_END], pieces[k].trimmed, &len);
        if (end && end[len])
            return true;
    }
    return false;
}

/* The last character of a text (its first byte). */
static const char *last_char(const char *t)
{
    const char *last = t;
    for (const char *p = t; *p; p += utf8_len((unsigned char)*p))
        last = p;
    return last;
}

/* Does line i go on a word of the line before it, both pieces of prose (an ideograph
 * either side of the break)? A run changes at a font's change, so there the page's line
 * broke. */
static bool word_goes_on(const src_doc *out, size_t i)
{
    if (i == 0 || i >= out->count)
        return false;
    const src_line *a = &out->lines[i - 1], *b = &out->lines[i];
    return !a->grid && !b->grid && a->trimmed[0] && is_ideograph(last_char(a->trimmed)) &&
           is_ideograph(b->trimmed);
}

/* Did a sentence end for good on a piece ("…人次。", not "…占 XX%；")? A piece after it
 * filling more than half the line begins a paragraph: a paragraph's first piece holds its
 * first line, mostly whole, while the runs of a line after a sentence's end on it are
 * short. */
static bool sentence_ended(const gfa_vocab *vc, const src_line *l)
{
    const char *t = l->trimmed;
    return words_ends(&vc->lists[V_FULL_STOP], t, strlen(t)) != 0;
}

/* Is a piece an ordinal alone ("（一）", "1、"): the beginning of its printed line's text,
 * which goes on on the next piece whatever its width. */
static bool ordinal_alone(const char *t)
{
    char *ord = NULL;
    const char *rest = text_strip_ordinal(t, &ord);
    bool alone = ord && !*rest;
    free(ord);
    return alone;
}

/* Is a text printed in runs (pdftotext -raw of a WPS page): do lines of prose end short on
 * a clause's mark, the rest of their page's line on the next text line ("事业收入 XXX 万元，"
 * / "占 XX%；")? A page's line never does: only a paragraph's last line is short, and it
 * ends a sentence. Three such lines tell. */
static bool printed_in_runs(const fdoc *fd, const src_doc *out, long measure)
{
    int seen = 0;
    for (size_t i = 0; i + 1 < out->count && seen < 3; i++) {
        const src_line *l = &out->lines[i], *next = &out->lines[i + 1];
        const char *t = l->trimmed;
        seen += !l->grid && t[0] && text_columns(t) * 10 < measure * 6 &&
                words_ends(&fd->ctx->vocab.lists[V_CLAUSE_END], t, strlen(t)) && !next->grid &&
                next->trimmed[0] && !begins_block(fd, next->trimmed);
    }
    return seen >= 3;
}

/* Marks the lines that go on a printed line (src_line.tail, goes_on). pdftotext -raw
 * prints a line of a WPS page in the runs WPS wrote it in, a text line each ("元，" /
 * "完成预算的 XX%。" / "2024 年度" / "“三公”" / "经费支出决算数小于" / "（大"): a sentence
 * may end on a piece that is no end of its printed line, let alone of its paragraph.
 * Pieces of prose that, one after another, fill the page's width (a paragraph's lines but
 * its last do) and no more are one printed line. A piece begins the next printed line when
 * it would make the line wider than the page (a paragraph's first line, after a block's
 * beginning or a line not full, is two ideographs narrower: indented), when it goes on a
 * word ("本部" / "门建立了…", "（大" / "于）…": see word_goes_on), and when the line is full
 * already, unless the page's line surely ends after it ("…情况如下：" / "本部" / "门…"). A
 * printed line cut inside a word after a sentence ended on it goes on below
 * (cut_in_sentence). A line of a flattened text is a printed line already: its
 * paragraph's lines are full alone and no two of them fit in one. */
static void mark_printed_lines(const fdoc *fd, src_doc *out)
{
    long measure = read_prose_measure(out);
    if (measure <= 0)
        return;
    /* a text of page lines: only an ordinal alone goes on with the line after it */
    bool runs = printed_in_runs(fd, out, measure);
    const long indent = 4; /* columns of a first line's indent: two ideographs */
    size_t first = 0, count = 0; /* the pieces of the printed line so far */
    long columns = 0, room = 0;
    bool prose = false;
    for (size_t i = 0; i <= out->count; i++) {
        const src_line *l = i < out->count ? &out->lines[i] : NULL;
        bool piece = l && !l->grid && l->trimmed[0];
        long w = piece ? text_columns(l->trimmed) : 0;
        bool block = piece && begins_block(fd, l->trimmed);
        bool full = columns * 100 >= measure * 85;
        /* a full line takes one more piece only when the page's line surely ends after it */
        /* a title's or caption's line takes nothing after it; a caption's words go on a
         * line of prose ("…XX%。" / "2024 年度" / "“三公”…") but for a labelled one
         * ("部门名称：…", "金额单位：万元") */
        bool joins = piece && count > 0 && (runs || (count == 1 && ordinal_alone(out->lines[first].trimmed))) &&
                     columns + w <= room && !block &&
                     !title_or_caption(fd, out->lines[first].trimmed) &&
                     (prose ? !labelled_caption(fd, l->trimmed) : !title_or_caption(fd, l->trimmed)) &&
                     !word_goes_on(out, i) && (!full || word_goes_on(out, i + 1)) &&
                     !(w * 2 > measure && sentence_ended(&fd->ctx->vocab, &out->lines[i - 1]));
        if (joins) {
            columns += w;
            count++;
            prose = prose || prose_piece(&fd->ctx->vocab, l->trimmed);
            continue;
        }
        full = columns * 100 >= measure * 85;
        if (count > 1 && ((prose && full) || ordinal_alone(out->lines[first].trimmed)))
            for (size_t k = first + 1; k < first + count; k++)
                out->lines[k].tail = true;
        if (piece && count > 0 && !block &&
            cut_in_sentence(&fd->ctx->vocab, out->lines + first, count))
            out->lines[i].goes_on = true;
        /* a paragraph's first line (after a block's beginning or a line not full) is
         * indented; every line may reach a little past the measure (squeezed punctuation) */
        bool opens = block || count == 0 || !full || begins_block(fd, out->lines[first].trimmed);
        room = measure * 21 / 20 - (opens ? indent : 0);
        first = i;
        count = piece ? 1 : 0;
        columns = w;
        prose = piece && prose_piece(&fd->ctx->vocab, l->trimmed);
    }
}

/* Moves lines [from, to) to before line at (at < from). */
static bool move_lines(fdoc *fd, size_t at, size_t from, size_t to)
{
    size_t run = to - from;
    src_line *tmp = malloc(run * sizeof *tmp);
    if (!tmp) {
        fd->nomem = true;
        return false;
    }
    memcpy(tmp, &fd->in.lines[from], run * sizeof *tmp);
    memmove(&fd->in.lines[at + run], &fd->in.lines[at], (from - at) * sizeof *tmp);
    memcpy(&fd->in.lines[at], tmp, run * sizeof *tmp);
    free(tmp);
    return true;
}

/* A table's caption alone on its line: its number ("公开01表"), a year ("2024年度"), a
 * labelled caption ("部门名称：…  2024年度", "金额单位：万元"). */
static bool late_caption(fdoc *fd, size_t i)
{
    const char *t = line_text(fd, i);
    if (!*t || vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)))
        return false;
    if (assemble_is_caption(fd->ctx, t))
        return true;
    char *k = text_key(t, strlen(t));
    if (!k) {
        fd->nomem = true;
        return false;
    }
    bool yes = *k && (year_caption(k) || caption_number(fd, k));
    free(k);
    return yes;
}

/* Does the line name a table (standard: a standard table, else any)? */
static bool names_a_table(fdoc *fd, size_t i, bool standard_only)
{
    if (fd->in.lines[i].ncells)
        return false;
    bool standard = false;
    char *k = read_title_key(fd->ctx, line_text(fd, i));
    bool title = k && *k && names_table(fd, k, &standard) && (standard || !standard_only);
    free(k);
    return title;
}

/* A short line of words without digits, not a caption or a note: a piece of a header cell,
 * or the words of a row of them. */
static bool header_fragment(fdoc *fd, size_t i)
{
    const char *t = line_text(fd, i);
    return *t && !strpbrk(t, "0123456789") && utf8_chars(t, strlen(t)) <= MAX_HEADER_PIECE &&
           !names_a_table(fd, i, false) &&
           !has_colon(t) && !late_caption(fd, i) && !vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t));
}

static bool names_standard_table(fdoc *fd, size_t i)
{
    return names_a_table(fd, i, true);
}

static bool insert_late(fdoc *fd, size_t late, size_t into, size_t at);

/* Numbers only (a row's 行次 and amounts, without its label). */
static bool numbers_only(const char *t)
{
    return *t && strspn(t, "0123456789.,- ") == strlen(t);
}

/* Numbers only, 1 2 3 … : a 栏次 row (the line's words are not yet tokenized). */
static bool counts_up(const char *t)
{
    long expect = 1;
    for (char *end; *t; t = end, expect++) {
        long v = strtol(t, &end, 10);
        if (end == t || v != expect || (*end && *end != ' '))
            return false;
        end += strspn(end, " ");
    }
    return expect > 2;
}

/* A row printed without its label: its numbers alone, not the 栏次 row. */
static bool unlabelled_row(const char *t)
{
    return numbers_only(t) && !counts_up(t);
}

/* Rows' labels are merged cells too (公开10's "(一) 行政单位" over two columns): they come
 * late, one a line, after the captions, while their rows keep their 行次 and amounts
 * ("5 81.09", "6"). When the lines of numbers alone between the title and the page's last
 * lines are as many as those last lines of words (not captions, notes or amounts), each
 * label goes in front of its row, in order. */
static bool lift_row_labels(fdoc *fd, size_t t, size_t e)
{
    size_t k = e;
    while (k > t + 1 && (!*line_text(fd, k - 1) ||
                         (!numbers_only(line_text(fd, k - 1)) && !late_caption(fd, k - 1) &&
                          !ends_body(fd, k - 1) && !has_decimal(line_text(fd, k - 1)))))
        k--;
    size_t labels = 0, rows = 0;
    for (size_t j = k; j < e; j++)
        labels += *line_text(fd, j) != '\0';
    while (k > t + 1 && late_caption(fd, k - 1))
        k--;
    for (size_t j = t + 1; j < k; j++)
        rows += unlabelled_row(line_text(fd, j));
    if (labels < 2 || rows != labels)
        return true;
    size_t row = t + 1;
    for (size_t j = k; j < e; j++) {
        if (!*line_text(fd, j) || late_caption(fd, j))
            continue;
        while (!unlabelled_row(line_text(fd, row)))
            row++;
        if (!insert_late(fd, j, row++, 0))
            return false;
    }
    return true;
}

/* A spreadsheet printed in content-stream order (pdftotext -raw of a LibreOffice Calc
 * print) draws a sheet's caption cells (公开01表, 2024年度, 部门名称：… 2024年度) after
 * the page's other cells: they come at the page's end, after the table's rows or its note,
 * where they read as rows or as the next table's captions. A run of captions that ends a
 * page holding a table's title, with lines of the table between the two, goes back under
 * the title and its captions. page[i]: line i begins a page. Lines keep their numbers. */
static void lift_late_captions(fdoc *fd, const bool *page)
{
    size_t n = fd->in.count;
    for (size_t p0 = 0; p0 < n;) {
        size_t p1 = p0 + 1;
        while (p1 < n && !page[p1])
            p1++;
        size_t t = p0;
        while (t < p1 && !names_standard_table(fd, t))
            t++;
        size_t e = p1;
        while (e > t && !*line_text(fd, e - 1))
            e--;
        if (t < p1 && !lift_row_labels(fd, t, e))
            return;
        while (e > t && !*line_text(fd, e - 1))
            e--;
        /* a header cell wrapped over lines is drawn late with them ("国有资本经营预算财政拨"
         * / "款" after "公开04表"): words without digits after the captions go with them */
        size_t k = e;
        while (k > t + 1 && header_fragment(fd, k - 1))
            k--;
        size_t words = k;
        while (k > t + 1 && late_caption(fd, k - 1))
            k--;
        /* after the title of the next table, begun at the page's foot, they are its own */
        if (k == words || (k > t + 1 && names_a_table(fd, k - 1, false)))
            k = e;
        /* lines of the table between the title and the run: more than its captions */
        size_t body = 0;
        for (size_t j = t + 1; j < k; j++)
            body += *line_text(fd, j) && !late_caption(fd, j);
        /* under the title's captions, over the header the wrapped cell belongs to */
        size_t at = t + 1;
        while (at < k && late_caption(fd, at))
            at++;
        if (t < p1 && k < e && body >= 2) {
            if (!move_lines(fd, at, k, e))
                return;
        }
        p0 = p1;
    }
}

/* ---------------------------------------------------------- column bands --- */

/* A spreadsheet printed as it is (Calc, Excel without "fit to width") prints a wide sheet's
 * columns over several pages, down then across: after a table's rows (and its note) come the
 * next columns of the same rows, without the title: the header cells of those columns, a
 * 栏次 row whose numbers go on from the table's (1, then 2 3 4 5), then one line per row,
 * their amounts alone or the rows of a further group of columns (公开01's 支出 beside its
 * 收入). Such a band is set beside the table's lines: its header lines beside the header's
 * last lines, its 栏次 numbers after the table's, its rows after the table's rows, one by
 * one; it is only when its rows are as many as the table's (a row all blank on the band's
 * page is no line of a flattened text, and then which row a line goes with is not known). */
#define BAND_SCAN 8        /* lines a band's header may take */
#define FLAT_BAND_ROWS 512 /* rows of a table joined with its bands */

/* A 栏次 row: words, then column numbers counting up by one ("栏次 2", "2 3 4 5"). */
static bool band_colno(const char *t, long *first, long *last)
{
    long n = 0, prev = 0;
    bool words = true;
    for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        if (len <= 2 && strspn(p, "0123456789") == len) {
            long v = strtol(p, NULL, 10);
            if (n && v != prev + 1)
                return false;
            *first = n ? *first : v;
            prev = v;
            n++;
            words = false;
        } else if (!words || len > 12) {
            return false;
        }
        p += len;
    }
    *last = prev;
    return n > 0;
}

/* A line that ends a table's or a band's rows: a note, a sentence, a table's title. */
static bool band_stop(fdoc *fd, size_t i)
{
    const char *t = line_text(fd, i);
    return read_note_start(fd->ctx, t) || vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)) ||
           names_a_table(fd, i, false);
}

static bool insert_words(fdoc *fd, size_t into, size_t at, const char *words);

static bool append_words(fdoc *fd, size_t into, const char *words)
{
    return insert_words(fd, into, strlen(fd->in.lines[into].trimmed), words);
}

static void clear_line(fdoc *fd, size_t i)
{
    fd->in.lines[i].trimmed[0] = fd->in.lines[i].text[0] = '\0';
}

/* Does the line begin with a code ("301 工资福利支出 682.58 302")? */
static bool band_coded(const char *t)
{
    size_t d = strspn(t, "0123456789");
    return (d == 3 || d == 5 || d == 7) && (!t[d] || t[d] == ' ');
}

/* The words of lines [from, to) that are no captions, as one key (malloc'd). */
static char *band_words(fdoc *fd, size_t from, size_t to)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t j = from; j < to; j++)
        if (*line_text(fd, j) && !late_caption(fd, j))
            sb_adds(&sb, line_text(fd, j));
    char *all = sb_take(&sb);
    char *k = all ? text_key(all, strlen(all)) : NULL;
    free(all);
    if (!k)
        fd->nomem = true;
    return k;
}

/* ------------------------------------------- a band one row short --------------
 * A row blank over all of a band's columns is no line of a flattened text: the band has a
 * line fewer than the table. Which row it is, the table's own sums decide: with the band's
 * lines set beside the rows, leaving row k out, the rows' cells are read (a code, its name,
 * an amount; a label and an amount) and parent = Σ children (a 3-digit code and the 5-digit
 * codes under it) checked; the places of the missing row that break the fewest sums are
 * kept. Places that give every code and label the same amounts are one (an all-blank run of
 * rows); more than one left is a warning and no join. */
#define BAND_CELL_KEY 64

typedef struct bcell {
    char key[BAND_CELL_KEY];
    int has; /* 0 nothing, 1 an amount, 2 a not-applicable mark */
    gfa_dec v;
} bcell;

static bool band_code_word(const char *w, size_t len)
{
    return (len == 3 || len == 5 || len == 7) && strspn(w, "0123456789") >= len;
}

/* The cells of line text t appended to c[*n .. max) (a row's from c[row] on). */
static void band_cells(const gfa_vocab *vocab, const char *t, bcell *c, size_t row, size_t *n,
                       size_t max)
{
    for (const char *p = t + strspn(t, " "); *p && *n < max; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        char w[BAND_CELL_KEY];
        size_t k = len < BAND_CELL_KEY - 1 ? len : BAND_CELL_KEY - 1;
        memcpy(w, p, k);
        w[k] = '\0';
        cell_value v = band_code_word(p, len) ? (cell_value){.kind = CELL_TEXT} : cell_parse(vocab, w);
        bool open = *n > row && !c[*n - 1].has;
        if (open && v.kind == CELL_NA) {
            c[*n - 1].has = 2;
        } else if (open && v.kind == CELL_NUMBER) {
            c[*n - 1].has = 1;
            c[*n - 1].v = v.dec;
        } else if (band_code_word(p, len) || (!open && v.kind == CELL_TEXT)) {
            bcell *x = &c[(*n)++];
            memcpy(x->key, w, k + 1);
            x->has = 0;
        }
        p += len;
    }
}

/* How many parent = Σ children sums the cells break (a difference over a cent per child
 * is a break: the printed amounts are rounded). */
static int band_breaks(const bcell *c, size_t n)
{
    int breaks = 0;
    for (size_t i = 0; i < n; i++) {
        if (strlen(c[i].key) != 3 || strspn(c[i].key, "0123456789") != 3)
            continue;
        gfa_dec sum = {0, 0};
        int kids = 0, amounts = 0;
        for (size_t j = 0; j < n; j++)
            if (strlen(c[j].key) == 5 && !strncmp(c[j].key, c[i].key, 3) &&
                strspn(c[j].key, "0123456789") == 5) {
                kids++;
                if (c[j].has == 1 && dec_add(sum, c[j].v, &sum))
                    amounts++;
            }
        if (!kids)
            continue;
        gfa_dec parent = c[i].has == 1 ? c[i].v : (gfa_dec){0, 0}, d;
        if (!amounts && c[i].has != 1)
            continue;
        /* half a cent a child, at least a cent */
        gfa_dec tolerance = {(kids + 1) / 2, 2};
        if (!dec_sub(parent, sum, &d) || dec_cmp(dec_abs(d), tolerance) > 0 || (amounts && c[i].has != 1))
            breaks++;
    }
    return breaks;
}

static int band_cmp_cells(const void *a, const void *b)
{
    const bcell *x = a, *y = b;
    int k = strcmp(x->key, y->key);
    if (k)
        return k;
    if (x->has != y->has)
        return x->has - y->has;
    return x->has == 1 ? dec_cmp(x->v, y->v) : 0;
}

static bool band_same_cells(const bcell *a, size_t na, const bcell *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (band_cmp_cells(&a[i], &b[i]))
            return false;
    return true;
}

#define BAND_ROW_CELLS 24

/* The cells of the table's rows with the band's lines beside them, row k left without one
 * (sorted; malloc'd, *n of them), or NULL out of memory. */
static bcell *band_candidate(fdoc *fd, const size_t *rows, size_t nrows, const size_t *brow, size_t k,
                             size_t *n)
{
    size_t max = nrows * BAND_ROW_CELLS;
    bcell *c = malloc(max * sizeof *c);
    if (!c) {
        fd->nomem = true;
        return NULL;
    }
    *n = 0;
    for (size_t r = 0; r < nrows; r++) {
        size_t row = *n, row_max = *n + BAND_ROW_CELLS;
        band_cells(&fd->ctx->vocab, line_text(fd, rows[r]), c, row, n, row_max);
        if (r != k)
            band_cells(&fd->ctx->vocab, line_text(fd, brow[r < k ? r : r - 1]), c, row, n, row_max);
    }
    qsort(c, *n, sizeof *c, band_cmp_cells);
    return c;
}

/* Does the line hold a code? */
static bool band_line_coded(const char *t)
{
    for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        if (band_code_word(p, len))
            return true;
        p += len;
    }
    return false;
}

/* Which row of the table the band of nrows - 1 lines has none for, by the sums: its index,
 * or nrows when they leave more than one or out of memory. When places that keep the sums
 * give different amounts, the place that does not split the band's own list of codes (a
 * code printed on the line before it and on the line after: the list goes on, no row of it
 * is blank) is taken, *choice set; more than one such, *ambiguous set and nrows. */
static size_t band_missing_row(fdoc *fd, const size_t *rows, size_t nrows, const size_t *brow,
                               bool *choice, bool *ambiguous, int *breaks)
{
    *ambiguous = *choice = false;
    int best = -1, best_split = 0;
    bool differ = false, split_differ = false;
    size_t pick = nrows;
    bcell *kept = NULL, *first = NULL;
    size_t nkept = 0, nfirst = 0;
    for (size_t k = 0; k < nrows && !fd->nomem; k++) {
        size_t n;
        bcell *c = band_candidate(fd, rows, nrows, brow, k, &n);
        if (!c)
            break;
        int b = band_breaks(c, n);
        int split = k > 0 && k + 1 < nrows && band_line_coded(line_text(fd, brow[k - 1])) &&
                    band_line_coded(line_text(fd, brow[k]));
        if (best < 0 || b < best) {
            best = b, best_split = split, pick = k;
            differ = split_differ = false;
            free(kept), free(first);
            kept = c, nkept = n;
            first = malloc(n * sizeof *first + 1);
            if (!first) {
                fd->nomem = true;
                break;
            }
            memcpy(first, c, n * sizeof *c);
            nfirst = n;
            continue;
        }
        if (b == best) {
            differ |= !band_same_cells(first, nfirst, c, n);
            if (split < best_split) {
                best_split = split, pick = k;
                split_differ = false;
                free(kept);
                kept = c, nkept = n;
                continue;
            }
            if (split == best_split)
                split_differ |= !band_same_cells(kept, nkept, c, n);
        }
        free(c);
    }
    free(kept), free(first);
    *choice = differ;
    *ambiguous = split_differ;
    *breaks = best;
    return fd->nomem || *ambiguous ? nrows : pick;
}

/* Joins the bands of the table titled at line t; returns where its lines end. A table
 * without a 栏次 row (公开06) takes a band by its header, words other than the table's own
 * (not the header repeated over a page break), and by its rows, the first of which begins
 * with no code where the table's first row begins with one. */
static size_t join_table_bands(fdoc *fd, size_t t)
{
    size_t n = fd->in.count, c = t + 1;
    long first = 0, last = 0;
    while (c < n && c <= t + 2 * BAND_SCAN && !band_colno(line_text(fd, c), &first, &last) &&
           !band_coded(line_text(fd, c)) && !band_stop(fd, c))
        c++;
    if (c >= n || c > t + 2 * BAND_SCAN || band_stop(fd, c))
        return t + 1;
    bool numbered = band_colno(line_text(fd, c), &first, &last);
    size_t rows[FLAT_BAND_ROWS], nrows = 0, e = numbered ? c + 1 : c;
    for (; e < n && !band_stop(fd, e); e++) {
        if (!*line_text(fd, e))
            continue;
        long f2, l2;
        if (numbered && band_colno(line_text(fd, e), &f2, &l2) && f2 == last + 1)
            break;
        if (nrows == FLAT_BAND_ROWS)
            return e;
        rows[nrows++] = e;
    }
    if (!nrows)
        return e;
    size_t head[BAND_SCAN], nhead = 0;
    for (size_t j = t + 1; j < c; j++)
        if (*line_text(fd, j) && !late_caption(fd, j) && nhead < BAND_SCAN)
            head[nhead++] = j;
    char *own = numbered ? NULL : band_words(fd, t + 1, c);
    if (!numbered && !own)
        return e;
    bool last_band = false; /* a band joined already */
    for (size_t s = e; s < n && !fd->nomem;) {
        while (s < n && (!*line_text(fd, s) || read_note_start(fd->ctx, line_text(fd, s)) ||
                         vocab_ends_sentence(&fd->ctx->vocab, line_text(fd, s), strlen(line_text(fd, s)))))
            s++;
        /* the band's header, then its 栏次 row going on from the table's (or its first row) */
        size_t c2 = s;
        long f2 = 0, l2 = 0;
        while (c2 < n && c2 < s + BAND_SCAN && !band_colno(line_text(fd, c2), &f2, &l2) &&
               !band_stop(fd, c2) && !strpbrk(line_text(fd, c2), "0123456789"))
            c2++;
        if (c2 >= n || c2 >= s + BAND_SCAN || band_stop(fd, c2))
            break;
        if (numbered && (!band_colno(line_text(fd, c2), &f2, &l2) || f2 != last + 1))
            break;
        if (!numbered) {
            char *words = c2 > s ? band_words(fd, s, c2) : NULL;
            /* after a band joined, a band's first row may begin with a code: its own
             * columns' (公开06's third page, its first row's amount blank) */
            bool other = words && *words && strcmp(words, own) != 0 &&
                         (!band_coded(line_text(fd, c2)) || last_band);
            free(words);
            if (!other)
                break;
        }
        size_t brow[FLAT_BAND_ROWS], nb = 0, j = numbered ? c2 + 1 : c2;
        bool values = true;
        for (; j < n && nb < nrows; j++) {
            const char *x = line_text(fd, j);
            if (!*x)
                continue;
            long f3, l3;
            if (band_stop(fd, j) || (numbered && band_colno(x, &f3, &l3) && f3 == l2 + 1))
                break;
            values &= numbers_only(x);
            brow[nb++] = j;
        }
        while (j < n && !*line_text(fd, j))
            j++;
        /* as many rows as the table's: the next line is none of them; or one fewer, ending
         * the table, a blank row the sums find */
        size_t miss = nrows;
        /* a last line of words alone may be a cell drawn late (pdftotext -raw), not a row:
         * when the sums hold better without it, it is left */
        int full = -1;
        if (nb >= 3 && nb == nrows && !strpbrk(line_text(fd, brow[nb - 1]), "0123456789") &&
            j < n && !band_stop(fd, j)) {
            size_t nc;
            bcell *cells = band_candidate(fd, rows, nrows, brow, nrows, &nc);
            full = cells ? band_breaks(cells, nc) : -1;
            free(cells);
        }
        bool short_band = nb >= 2 && nb + 1 == nrows && (j >= n || band_stop(fd, j));
        if (short_band || full > 0) {
            bool choice, ambiguous;
            int breaks;
            miss = band_missing_row(fd, rows, nrows, brow, &choice, &ambiguous, &breaks);
            if (full > 0 && !ambiguous && (miss == nrows || breaks >= full))
                miss = nrows; /* as many lines as rows after all */
            else if (ambiguous)
                diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-089", fd->file,
                         fd->in.lines[brow[0]].no, 1,
                         "the columns continued on this page have a line fewer than the "
                         "table's %zu rows (a row blank in all of them), and the table's sums "
                         "hold with the blank row in more than one place: not joined",
                         nrows);
            else if (choice && miss < nrows)
                diag_add(fd->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-089", fd->file,
                         fd->in.lines[brow[0]].no, 1,
                         "the columns continued on this page have a line fewer than the "
                         "table's %zu rows (a row blank in all of them), and the table's sums "
                         "hold with the blank row in more than one place: taken as row %zu "
                         "(line %ld), where it breaks no list of codes on the page",
                         nrows, miss + 1, fd->in.lines[rows[miss]].no);
            if (miss == nrows && (short_band || ambiguous))
                break;
            if (miss < nrows && full > 0)
                j = brow[--nb]; /* the late line is left where it is */
        } else if (nb != nrows || (values && j < n && numbers_only(line_text(fd, j)) &&
                                   !band_colno(line_text(fd, j), &f2, &f2))) {
            break;
        }
        if (miss == nrows && !values && j < n && !band_stop(fd, j)) {
            long f3 = 0, l3;
            size_t k = j;
            while (k < n && k < j + BAND_SCAN && !band_colno(line_text(fd, k), &f3, &l3) &&
                   (numbered || !strpbrk(line_text(fd, k), "0123456789")))
                k++;
            if (k >= n || k >= j + BAND_SCAN || (numbered && f3 != l2 + 1) || k == j)
                break;
        }
        /* header lines beside the header's last lines */
        size_t m = c2 - s;
        for (size_t h = 0; h < m && nhead && !fd->nomem; h++) {
            size_t into = h + nhead >= m ? head[h + nhead - m] : head[0];
            if (*line_text(fd, s + h) && append_words(fd, into, line_text(fd, s + h)))
                clear_line(fd, s + h);
        }
        if (!nhead && numbered)
            for (size_t h = 0; h < m; h++)
                if (*line_text(fd, s + h) && append_words(fd, c, line_text(fd, s + h)))
                    clear_line(fd, s + h);
        if (numbered && append_words(fd, c, line_text(fd, c2)))
            clear_line(fd, c2);
        for (size_t r = 0; r < nrows && !fd->nomem; r++) {
            size_t b = r < miss ? r : r - 1;
            if (r != miss && append_words(fd, rows[r], line_text(fd, brow[b])))
                clear_line(fd, brow[b]);
        }
        last = l2;
        last_band = true;
        s = j;
    }
    free(own);
    return e;
}

static void join_column_bands(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem;)
        i = names_standard_table(fd, i) ? join_table_bands(fd, i) : i + 1;
}

/* The form definition whose field `field` labels the line's first word (NULL: none). */
static const form_field *form_field_first(const fdoc *fd, const char *t, const char *field,
                                          bool whole)
{
    for (size_t d = 0; d < fd->ctx->defs.count; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        const form_field *f = def->kind != TABLE_STANDARD ? table_def_field(def, field) : NULL;
        if (!f)
            continue;
        if (!whole && first_word_is(t, &f->labels))
            return f;
        char *k = whole ? text_key(t, strlen(t)) : NULL;
        bool is = k && label_set_has(&f->labels, k);
        free(k);
        if (is)
            return f;
    }
    return NULL;
}

/* Words go into line `into` at byte `at` of its text, set apart by spaces. (Lines read in
 * content-stream order have no indentation to keep.) */
static bool insert_words(fdoc *fd, size_t into, size_t at, const char *words)
{
    src_line *v = &fd->in.lines[into];
    const char *rest = v->trimmed + at;
    size_t len = strlen(v->trimmed) + strlen(words) + 3;
    char *trimmed = malloc(len);
    if (trimmed)
        snprintf(trimmed, len, "%.*s%s%s%s%s", (int)at, v->trimmed, at && *words ? " " : "",
                 words, *rest ? " " : "", rest + strspn(rest, " "));
    char *text = trimmed ? strdup(trimmed) : NULL;
    if (!text) {
        free(trimmed);
        fd->nomem = true;
        return false;
    }
    free(v->text);
    free(v->trimmed);
    v->text = text;
    v->trimmed = trimmed;
    return true;
}

/* In content-stream order a row's last number and the word printed close after it may
 * come as one word: a reason ("10.00无", "1.1因支付系统提前结束导致。"), a grade ("100优").
 * A number with decimals after other numbers, the line's last, glued to an ideograph (no
 * score or fund amount of a form carries a unit), or a number glued to a grade, is set
 * apart from it. */
static bool unglue_reasons(fdoc *fd, size_t from, size_t to)
{
    char tail[64];
    for (size_t i = from; i < to; i++) {
        const char *t = fd->in.lines[i].trimmed;
        int numbers = 0;
        size_t cut = 0;
        for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
            size_t len = strcspn(p, " "), d = strspn(p, "0123456789");
            size_t num = d && p[d] == '.' ? d + 1 + strspn(p + d + 1, "0123456789") : d;
            bool han = num > 0 && num < len && (unsigned char)p[num] >= 0xE4 &&
                       (unsigned char)p[num] <= 0xE9;
            bool grade = han && len - num < sizeof tail &&
                         (snprintf(tail, sizeof tail, "%.*s", (int)(len - num), p + num),
                          form_field_first(fd, tail, "grade", true));
            if (han && (grade || (numbers > 0 && num > d + 1)))
                cut = (size_t)(p - t) + num;
            else if (d && num == len)
                numbers++, cut = 0; /* a number after it: not the line's last */
            p += len;
        }
        if (cut && !insert_words(fd, i, cut, ""))
            return false;
    }
    return true;
}

/* Line `late`'s words go into line `into` at byte `at`; `late` is left empty. */
static bool insert_late(fdoc *fd, size_t late, size_t into, size_t at)
{
    src_line *l = &fd->in.lines[late];
    if (!insert_words(fd, into, at, l->trimmed))
        return false;
    l->trimmed[0] = l->text[0] = '\0';
    return true;
}

/* A comparison's mark begins the word (≥8个, ≤元, ＞95%): an indicator's value. */
static bool comparison_word(const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "≈"};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (str_starts(t, marks[k]))
            return true;
    size_t len;
    char fw = text_fullwidth_ascii(t, &len); /* ＞ ＜ */
    return fw == '>' || fw == '<';
}

/* The line's words, split at spaces, into w (at most cap; -1 when more). */
static int split_words(const char *t, char w[][64], int cap)
{
    int n = 0;
    for (t += strspn(t, " "); *t; t += strspn(t, " ")) {
        size_t len = strcspn(t, " ");
        if (n == cap || len >= 64)
            return -1;
        memcpy(w[n], t, len);
        w[n++][len] = '\0';
        t += len;
    }
    return n;
}

/* A fund's label alone on its line, drawn late: the total's (资金总额:), or a source's
 * with its colon (市县区财政资金:). */
static bool fund_label(fdoc *fd, const char *t)
{
    const char *c = find_colon(t);
    size_t len = 0;
    bool colon = c && (*c == ':' ? c[1] == '\0' : (cp_at(c, &len), c[len] == '\0'));
    return form_field_first(fd, t, "fund_total", true) ||
           (colon && !strchr(t, ' ') && !strpbrk(t, "0123456789"));
}

/* A row of funds printed without its label: it begins with three amounts. */
static bool unlabelled_funds(const char *t)
{
    int nums = 0;
    for (t += strspn(t, " "); *t && nums < 3; t += strspn(t, " ")) {
        size_t len = strcspn(t, " ");
        if (strspn(t, "0123456789.,-") < len)
            break; /* a word, not an amount */
        nums++;
        t += len;
    }
    return nums >= 3;
}

/* The funds' labels (merged cells) come late, their rows printed with the amounts alone:
 * when as many, each label goes in front of its row, in order. */
static bool lift_fund_labels(fdoc *fd, size_t from, size_t to)
{
    size_t rows[MAX_LATE_ROWS], labels[MAX_LATE_ROWS];
    int nrows = 0, nlabels = 0;
    for (size_t i = from; i < to; i++) {
        const char *t = line_text(fd, i);
        if (fund_label(fd, t) && nlabels < MAX_LATE_ROWS)
            labels[nlabels++] = i;
        else if (!nlabels && unlabelled_funds(t) && nrows < MAX_LATE_ROWS)
            rows[nrows++] = i;
    }
    if (!nlabels || nlabels != nrows)
        return true;
    for (int k = 0; k < nrows; k++)
        if (!insert_late(fd, labels[k], rows[k], 0))
            return false;
    return true;
}

/* A code and a name, as a form's codes are printed ("002-某某局"). */
static bool coded_name(const char *w)
{
    size_t d = strspn(w, "0123456789");
    return d >= 2 && w[d] == '-' && w[d + 1];
}

/* The codes' row printed with its labels alone ("主管部门及代码 预算单位") and the codes, its
 * merged cells, late on a line of their own ("002-某某局 002001-某某局"): each code goes
 * after its label. */
static bool lift_codes(fdoc *fd, size_t from, size_t to)
{
    char w[4][64];
    size_t row = to;
    for (size_t i = from; i < to; i++) {
        int n = split_words(line_text(fd, i), w, 4);
        if (row == to && n == 2 && form_field_first(fd, w[0], "department", true) &&
            form_field_first(fd, w[1], "unit", true)) {
            row = i;
        } else if (row < to && n == 2 && coded_name(w[0]) && coded_name(w[1])) {
            /* the unit's code first, at the end, then the department's after its label */
            const char *t = fd->in.lines[row].trimmed;
            size_t label = strcspn(t, " ");
            if (!insert_words(fd, row, strlen(t), w[1]) || !insert_words(fd, row, label, w[0]))
                return false;
            src_line *l = &fd->in.lines[i];
            l->trimmed[0] = l->text[0] = '\0';
            return true;
        }
    }
    return true;
}

/* A row's cells too wide for their columns (a long name, "≥400500元" in a narrow column)
 * are drawn late too, after the page's other cells, a row's on a line of its own in the
 * rows' order, names before values ("≥8个 ≥8个", "参加培训(会议) ≥2天 ≥2天 ≥2天",
 * "系统(硬件)兼容性"): up to three names, then up to three comparisons with a number.
 * *names, *values: how many of each. */
static bool late_cells_line(fdoc *fd, size_t i, int *names, int *values)
{
    const char *t = line_text(fd, i);
    char w[8][64];
    int n = split_words(t, w, 8);
    if (n < 1 || has_colon(t) || late_caption(fd, i) ||
        vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)))
        return false;
    int k = 0;
    while (k < n && !comparison_word(w[k]) && !numbers_only(w[k]) &&
           utf8_chars(w[k], strlen(w[k])) <= MAX_LATE_NAME)
        k++;
    for (int v = k; v < n; v++)
        if (!comparison_word(w[v]) || !strpbrk(w[v], "0123456789"))
            return false;
    *names = k;
    *values = n - k;
    return k <= 3 && n - k <= 3;
}

/* An indicator's row as a page with late cells prints it (words w[0..weight), then its
 * weight and score, then its reason's words): what it lacks. */
typedef struct {
    size_t line;
    int name_at;   /* where a late name goes: after the level labels */
    int value_at;  /* where late values go: before a bare number (the actual value printed,
                      "197122.33"), else before the weight */
    bool nameless; /* only level labels before its first value */
    int lack;      /* how surely it lacks values: 3 none, or the last a comparison without
                      a number ("≥个": never an actual value); 2 such a comparison and one
                      more value ("≤元 197122.33"); 1 one value without a number ("一名");
                      0 they look whole */
} cells_row;

static bool level_word(fdoc *fd, const char *w)
{
    return form_field_first(fd, w, "level1", true) || form_field_first(fd, w, "level2", true);
}

/* Is line i an indicator's row (words, perhaps a bare number, its weight and score, words;
 * not a run of amounts)? */
static bool indicator_row(fdoc *fd, size_t i, cells_row *r)
{
    char w[24][64];
    int n = split_words(line_text(fd, i), w, 24);
    int k = n;
    while (k > 0 && !numbers_only(w[k - 1]))
        k--;
    k -= 2; /* the weight */
    if (k < 1 || !numbers_only(w[k]) || (numbers_only(w[k - 1]) && (k < 2 || numbers_only(w[k - 2]))))
        return false;
    int a = 0;
    while (a < k && level_word(fd, w[a]))
        a++;
    r->line = i;
    r->name_at = a;
    r->nameless = a == k || comparison_word(w[a]) || numbers_only(w[a]) ||
                  form_field_first(fd, w[a], "qualitative_value", true);
    int v = r->nameless ? a : a + 1, nv = k - v;
    r->value_at = v;
    while (r->value_at < k && !numbers_only(w[r->value_at]))
        r->value_at++;
    bool bare_mark = nv > 0 && comparison_word(w[v]) && !strpbrk(w[v], "0123456789");
    if (nv == 0 || (comparison_word(w[k - 1]) && !strpbrk(w[k - 1], "0123456789")))
        r->lack = 3;
    else if (nv == 2 && bare_mark)
        r->lack = 2;
    else if (nv == 1 && !strpbrk(w[v], "0123456789"))
        r->lack = 1;
    else
        r->lack = 0;
    return true;
}

/* Byte offset in t before its word j: the end of word j - 1 (0 for the first). */
static size_t before_word(const char *t, int j)
{
    size_t at = strspn(t, " ");
    for (int k = 0; k < j && t[at]; k++) {
        at += strcspn(t + at, " ");
        if (k + 1 < j)
            at += strspn(t + at, " ");
    }
    return j ? at : 0;
}

/* The late lines go back into the rows before them, in order: names into a row that has
 * none, values into one that lacks them, the surest such rows (cells_row.lack) taken. A
 * line of names alone, which may be a short text, is left when no row lacks a name. */
static bool lift_indicator_values(fdoc *fd, size_t from, size_t to)
{
    cells_row rows[MAX_LATE_ROWS];
    size_t late[MAX_LATE_ROWS];
    int names[MAX_LATE_ROWS], values[MAX_LATE_ROWS];
    int nrows = 0, nlate = 0;
    size_t last_row = from;
    for (size_t i = from; i < to; i++) {
        cells_row r;
        if (!indicator_row(fd, i, &r))
            continue;
        if (nrows == MAX_LATE_ROWS)
            return true;
        rows[nrows++] = r;
        last_row = i;
    }
    size_t first_values = to, last_values = to;
    for (size_t i = last_row + 1; nrows && i < to; i++) {
        int nn, nv;
        if (!late_cells_line(fd, i, &nn, &nv) || !nv)
            continue;
        first_values = first_values == to ? i : first_values;
        last_values = i;
    }
    for (size_t i = first_values; i < to && i <= last_values; i++) {
        int nn, nv;
        if (!late_cells_line(fd, i, &nn, &nv))
            continue;
        if (nlate == MAX_LATE_ROWS)
            return true;
        late[nlate] = i;
        names[nlate] = nn;
        values[nlate++] = nv;
    }
    if (!nlate)
        return true;
    /* best[l][r]: the surest placing of the first l late lines in the first r rows */
    enum { NONE = -1000 };
    int best[MAX_LATE_ROWS + 1][MAX_LATE_ROWS + 1];
    char how[MAX_LATE_ROWS + 1][MAX_LATE_ROWS + 1]; /* 'r' row skipped, 'p' placed, 'l' left */
    for (int l = 0; l <= nlate; l++)
        for (int r = 0; r <= nrows; r++) {
            best[l][r] = l ? NONE : 0;
            how[l][r] = 'r';
            if (r && best[l][r - 1] > best[l][r])
                best[l][r] = best[l][r - 1];
            if (!l)
                continue;
            if (!values[l - 1] && best[l - 1][r] > best[l][r]) {
                best[l][r] = best[l - 1][r];
                how[l][r] = 'l';
            }
            const cells_row *row = r ? &rows[r - 1] : NULL;
            if (!row || best[l - 1][r - 1] == NONE || (names[l - 1] && !row->nameless) ||
                (values[l - 1] && !row->lack))
                continue;
            int s = best[l - 1][r - 1] + (names[l - 1] ? 3 : 0) + (values[l - 1] ? row->lack : 0);
            if (s > best[l][r]) {
                best[l][r] = s;
                how[l][r] = 'p';
            }
        }
    if (best[nlate][nrows] == NONE)
        return true;
    for (int l = nlate, r = nrows; l > 0;) {
        if (how[l][r] == 'l') {
            l--;
            continue;
        }
        if (how[l][r] == 'r' && (r == 0 || best[l][r - 1] == best[l][r])) {
            r--;
            continue;
        }
        const cells_row *row = &rows[r - 1];
        const char *lt = fd->in.lines[late[l - 1]].trimmed;
        size_t cut = before_word(lt, names[l - 1]);
        char *name = strndup(lt, cut);
        if (!name) {
            fd->nomem = true;
            return false;
        }
        const char *t = fd->in.lines[row->line].trimmed;
        size_t value_at = before_word(t, row->value_at), name_at = before_word(t, row->name_at);
        bool ok = (!values[l - 1] || insert_words(fd, row->line, value_at, lt + cut + strspn(lt + cut, " "))) &&
                  (!names[l - 1] || insert_words(fd, row->line, name_at, name));
        free(name);
        if (!ok)
            return false;
        src_line *ll = &fd->in.lines[late[l - 1]];
        ll->trimmed[0] = ll->text[0] = '\0';
        l--, r--;
    }
    return true;
}

/* Is the title the line's words and then a form's title as the definitions spell it (the
 * project's whole name before 项目支出绩效自评表, not a piece of a name wrapped)? */
static bool title_begins(const fdoc *fd, const char *title, const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || strncmp(title, t, n) != 0 || !title[n])
        return false;
    char *rest = read_title_key(fd->ctx, title + n);
    bool is = false;
    for (size_t d = 0; rest && d < fd->ctx->defs.count && !is; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        for (size_t i = 0; def->kind != TABLE_STANDARD && i < def->titles.count && !is; i++)
            is = strcmp(rest, def->titles.keys[i]) == 0;
    }
    free(rest);
    return is;
}

/* Is the form's title at `title`, after the page's first 项目名称 row, that row's title
 * drawn late: no 项目名称 row of its own after it, and no form's title ending the
 * page before (whose form would go on with this row)? */
static bool late_form_title(const fdoc *fd, size_t p0, size_t title, size_t p1)
{
    for (size_t i = title + 1; i < p1; i++)
        if (form_field_first(fd, line_text(fd, i), "project", false))
            return false;
    size_t before = p0;
    while (before > 0 && !*line_text(fd, before - 1))
        before--;
    return before == 0 || !form_def(fd, line_text(fd, before - 1));
}

/* The same late drawing in a form's page (see lift_late_captions): the merged cells — the
 * form's title when the page begins with its 项目名称 row, the project's name, the label of
 * the funds' total row (资金总额:) — come after the page's other cells. The title goes back
 * over the first row, the name after 项目名称 printed alone, the label in front of the first
 * row of the funds printed without one, indicators' values into their rows
 * (lift_indicator_values). */
static void lift_late_form_cells(fdoc *fd, const bool *page)
{
    size_t n = fd->in.count;
    for (size_t p0 = 0; p0 < n && !fd->nomem;) {
        size_t p1 = p0 + 1;
        while (p1 < n && !page[p1])
            p1++;
        size_t first = p0, title = p1;
        while (first < p1 && !form_field_first(fd, line_text(fd, first), "project", false))
            first++;
        for (size_t i = p0; i < p1 && title == p1; i++)
            if (form_def(fd, line_text(fd, i)))
                title = i;
        if (first < title && title < p1 && late_form_title(fd, p0, title, p1) &&
            move_lines(fd, first, title, title + 1))
            title = first++;
        if (first < p1 && !lift_fund_labels(fd, first, p1))
            return;
        /* the project's name, its row's merged cell, after the label alone: the title's
         * words before the form's title */
        size_t name = p1;
        if (first < p1 && title < p1 && form_field_first(fd, line_text(fd, first), "project", true))
            for (name = first + 1; name < p1; name++)
                if (title_begins(fd, line_text(fd, title), line_text(fd, name)))
                    break;
        if (first < p1 && title < p1 && name < p1 &&
            !insert_late(fd, name, first, strlen(fd->in.lines[first].trimmed)))
            return;
        if (first < p1 && !unglue_reasons(fd, first, p1))
            return;
        if (first < p1 && !lift_indicator_values(fd, first, p1))
            return;
        if (first < p1 && !lift_codes(fd, first, p1))
            return;
        p0 = p1;
    }
}

/* ------------------------------------------------------ one cell a line --- */

/* Some producers draw every cell as a text object of its own, and pdftotext -raw breaks a
 * turned page's text after every cell: a table's lines are then one cell each ("201" /
 * "一般公共服务支出" / "1421.59" / …), names wrapped in their cells a line a piece. Such a
 * region is rebuilt into the lines an upright page gives, so the rest reads it as it reads
 * any flattened text: the caption's number with its words ("公开" / "01" / "表"), the
 * body's cells on one line per row begun by a code (an uncoded table's rows on one line per
 * page, which parse_line splits at their labels and 行次, as it splits rows run together),
 * the header and a header printed again left on their lines. Lines keep their numbers. */

/* Does the line's key name a 栏次 row's label? */
static bool colno_word(fdoc *fd, size_t i)
{
    const char *t = line_text(fd, i);
    char *k = text_key(t, strlen(t));
    if (!k)
        fd->nomem = true;
    bool is = k && label_set_has(&fd->ctx->defs.colno_labels, k);
    free(k);
    return is;
}

static bool digits_only(const char *t)
{
    return *t && strspn(t, "0123456789") == strlen(t);
}

/* Lines (title, end) of a table hold one cell each: none has a space but page numbers, and
 * the 栏次 row's label stands alone on its line. */
static bool cells_a_line(fdoc *fd, size_t title, size_t end)
{
    bool colno = false;
    for (size_t i = title + 1; i < end; i++) {
        const char *t = line_text(fd, i);
        if (!*t || is_page_number(t))
            continue;
        if (strchr(t, ' '))
            return false;
        colno |= colno_word(fd, i);
    }
    return colno;
}

/* Line `from`'s words go at the end of line `into`, `from` left empty. */
static bool append_line(fdoc *fd, size_t into, size_t from)
{
    return insert_late(fd, from, into, strlen(fd->in.lines[into].trimmed));
}

/* The first header word after a table's title (its captions before it), or `end`. */
static size_t header_start(fdoc *fd, size_t title, size_t end)
{
    size_t h = title + 1;
    for (; h < end && !fd->nomem; h++) {
        const char *t = line_text(fd, h);
        char *k = text_key(t, strlen(t));
        if (!k)
            fd->nomem = true;
        bool header = k && *k && any_header_word(fd, k);
        free(k);
        if (header)
            return h;
    }
    return end;
}

/* A caption wrapped a word a line, in lines (title, h): a number alone ("01", "2024") goes
 * with the short words around it that are no labelled captions ("公开" before, "表" or
 * "年度" after). */
static void join_caption_pieces(fdoc *fd, size_t title, size_t h)
{
    for (size_t i = title + 1; i < h && !fd->nomem; i++) {
        if (!digits_only(line_text(fd, i)))
            continue;
        size_t at = i;
        const char *before = i > title + 1 ? line_text(fd, i - 1) : "";
        if (*before && !has_colon(before) && !strpbrk(before, "0123456789") &&
            utf8_chars(before, strlen(before)) <= 4) {
            at = i - 1;
            if (!append_line(fd, at, i))
                return;
        }
        const char *after = i + 1 < h ? line_text(fd, i + 1) : "";
        if (*after && !has_colon(after) && !strpbrk(after, "0123456789") &&
            utf8_chars(after, strlen(after)) <= 2 && !append_line(fd, at, i + 1))
            return;
    }
}

/* After the 栏次 row from `i` (its labels and numbers 1, 2, 3 … a line each; 公开01 prints
 * "栏次" / "1" / "栏次" / "2"): the first line after it. */
static size_t past_colno(fdoc *fd, size_t i, size_t end)
{
    for (long expect = 1; i < end; i++) {
        const char *t = line_text(fd, i);
        if (*t && !colno_word(fd, i) && !(digits_only(t) && strtol(t, NULL, 10) == expect++))
            break;
    }
    return i;
}

/* Does a code begin a row at line i: 3, 5 or 7 digits of a known class, a name after? */
static bool begins_coded_row(const fdoc *fd, size_t i, size_t end)
{
    const char *t = line_text(fd, i);
    if (!plausible_code(fd, t, AXIS_FUNCTION) && !plausible_code(fd, t, AXIS_ECONOMIC))
        return false;
    size_t j = i + 1;
    while (j < end && !*line_text(fd, j))
        j++;
    return j < end && !numbers_only(line_text(fd, j));
}

/* The body of a table whose header begins at line h: its cells on one line per row. */
static void join_table_cells(fdoc *fd, size_t h, size_t end)
{
    size_t i = h;
    while (i < end && !colno_word(fd, i))
        i++;
    const char *first = line_text(fd, h);
    size_t row = end;
    int words = 0; /* on the row's line: a long page of uncoded rows goes on at a label */
    bool after_number = false;
    for (i = past_colno(fd, i, end); i < end && !fd->nomem; i++) {
        const char *t = line_text(fd, i);
        if (!*t)
            continue;
        bool number = numbers_only(t), long_line = words >= MAX_LINE_TOKENS / 2 && !number && after_number;
        after_number = number;
        if (is_page_number(t)) {
            row = end;
        } else if (strcmp(t, first) == 0) { /* the header again, on the next page */
            row = end;
            while (i < end && !colno_word(fd, i))
                i++;
            i = past_colno(fd, i, end) - 1;
        } else if (row == end || long_line || begins_coded_row(fd, i, end)) {
            row = i;
            words = 1;
        } else if (!append_line(fd, row, i)) {
            return;
        } else {
            words++;
        }
    }
}

/* Every standard table whose lines hold one cell each, rebuilt (see above). */
static void join_cell_lines(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        if (!names_standard_table(fd, i))
            continue;
        size_t limit = i + 1 + 3 * MAX_CAPTION_LINES < fd->in.count ? i + 1 + 3 * MAX_CAPTION_LINES
                                                                     : fd->in.count;
        size_t h = header_start(fd, i, limit), end = h;
        while (end < fd->in.count && !ends_body(fd, end))
            end++;
        if (h < limit && cells_a_line(fd, i, end)) {
            join_caption_pieces(fd, i, h);
            join_table_cells(fd, h, end);
        }
        i = (h < limit ? end : i + 1) - 1;
    }
}

/* A form on a turned page comes a cell a line too ("资金总额:" / "100" / "100" / … ;
 * "产出指标" / "数量指标" / "租赁数量" / "≥" / "个" / "≥" / "8" / "个" / "20" / "20"): its rows
 * are rebuilt as an upright page gives them, so the form reader reads them as it reads any
 * flattened form. A fund's row is its label and the numbers after it; an indicator's row
 * begins at a level's label (the first level's label alone takes the second's) or, after
 * a row's last two numbers, at the next word, and takes the words after it, a comparison's
 * mark alone glued to the word after it ("≥" / "8" → "≥8"); the 总分 row takes its score and
 * grade. The header's, goals' and analysis' lines are left as they are. */

static bool mark_only(const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "≈", "="};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (strcmp(t, marks[k]) == 0)
            return true;
    return false;
}

/* Line `from`'s text at the end of line `into`, after a space unless `glued`; `from` left
 * empty. */
static bool append_text(fdoc *fd, size_t into, size_t from, bool glued)
{
    src_line *v = &fd->in.lines[into], *l = &fd->in.lines[from];
    char *joined = NULL;
    if (asprintf(&joined, "%s%s%s", v->trimmed, glued || !*v->trimmed ? "" : " ", l->trimmed) < 0) {
        fd->nomem = true;
        return false;
    }
    char *text = strdup(joined);
    if (!text) {
        free(joined);
        fd->nomem = true;
        return false;
    }
    free(v->trimmed);
    free(v->text);
    v->trimmed = joined;
    v->text = text;
    l->trimmed[0] = l->text[0] = '\0';
    return true;
}

/* The last word of a line (its last space's tail). */
static const char *last_word(const char *t)
{
    const char *sp = strrchr(t, ' ');
    return sp ? sp + 1 : t;
}

/* Do the line's last two words hold numbers (an indicator row's weight and score)? */
static bool ends_two_numbers(const char *t)
{
    const char *sp = strrchr(t, ' ');
    if (!sp || !numbers_only(sp + 1))
        return false;
    const char *p = sp;
    while (p > t && p[-1] != ' ')
        p--;
    return p > t && p < sp && strspn(p, "0123456789.") == (size_t)(sp - p);
}

/* Does the line end in a digit ("≥93" before its "%")? */
static bool ends_digit_word(const char *t)
{
    size_t n = strlen(t);
    return n && t[n - 1] >= '0' && t[n - 1] <= '9';
}

/* A fund's row with more numbers than the total's row (`want`): a number cut in its narrow
 * cell came as two words ("100.0" / "0"), the second its last digits; such pairs, a number
 * with decimals before digits only, are one number again, from the left, until the row has
 * `want`. */
static bool glue_cut_numbers(fdoc *fd, size_t row, int want)
{
    src_line *l = &fd->in.lines[row];
    char *w[64];
    int n = 0;
    char *copy = strdup(l->trimmed);
    if (!copy) {
        fd->nomem = true;
        return false;
    }
    for (char *save = NULL, *tok = strtok_r(copy, " ", &save); tok && n < 64; tok = strtok_r(NULL, " ", &save))
        w[n++] = tok;
    int numbers = 0;
    for (int j = 1; j < n; j++)
        numbers += numbers_only(w[j]);
    bool changed = false;
    for (int j = 1; j + 1 < n && numbers > want; j++) {
        if (!strchr(w[j], '.') || !numbers_only(w[j]) || !digits_only(w[j + 1]))
            continue;
        /* w[j + 1] follows w[j]'s end in copy: moved onto it */
        memmove(w[j] + strlen(w[j]), w[j + 1], strlen(w[j + 1]) + 1);
        for (int k = j + 1; k + 1 < n; k++)
            w[k] = w[k + 1];
        n--, numbers--, changed = true;
    }
    if (changed) {
        size_t len = strlen(l->trimmed) + 1, at = 0;
        char *out = malloc(len), *text = NULL;
        for (int j = 0; out && j < n; j++)
            at += (size_t)snprintf(out + at, len - at, "%s%s", j ? " " : "", w[j]);
        text = out ? strdup(out) : NULL;
        if (!text) {
            free(out);
            free(copy);
            fd->nomem = true;
            return false;
        }
        free(l->trimmed);
        free(l->text);
        l->trimmed = out;
        l->text = text;
    }
    free(copy);
    return true;
}

/* How many of the line's words after its first are numbers. */
static int row_numbers(const char *t)
{
    int n = 0;
    for (const char *p = strchr(t, ' '); p; p = strchr(p + 1, ' ')) {
        size_t len = strcspn(p + 1, " ");
        n += len && strspn(p + 1, "0123456789.,-") == len;
    }
    return n;
}

enum { FR_NONE, FR_FUND, FR_INDICATOR, FR_TOTAL };

static void join_form_rows(fdoc *fd, size_t title, size_t end)
{
    size_t row = end, funds[32];
    int nfunds = 0;
    int kind = FR_NONE, taken = 0;
    for (size_t i = title + 1; i < end && !fd->nomem; i++) {
        const char *t = line_text(fd, i);
        if (!*t)
            continue;
        if (is_page_number(t)) {
            row = end;
            continue;
        }
        bool level1 = form_field_first(fd, t, "level1", true) != NULL;
        bool level2 = form_field_first(fd, t, "level2", true) != NULL;
        if (form_field_first(fd, t, "fund_total", true) || form_field_first(fd, t, "fund_source", false)) {
            row = i, kind = FR_FUND, taken = 0;
            if (nfunds < 32)
                funds[nfunds++] = i;
        } else if (level1 || level2) {
            bool after_level1 = row < end && kind == FR_INDICATOR && !strchr(line_text(fd, row), ' ') &&
                                form_field_first(fd, line_text(fd, row), "level1", true);
            if (!after_level1 || !level2)
                row = i, kind = FR_INDICATOR, taken = 0;
            else if (!append_text(fd, row, i, false))
                return;
        } else if (form_field_first(fd, t, "total_score", true)) {
            row = i, kind = FR_TOTAL, taken = 0;
        } else if (form_field_first(fd, t, "goals", true) || form_field_first(fd, t, "indicators", true) ||
                   form_field_first(fd, t, "indicator_columns", true) ||
                   form_field_first(fd, t, "analysis", true) || form_field_first(fd, t, "goal_columns", true)) {
            row = end;
        } else if (row == end) {
            continue;
        } else if (kind == FR_FUND) {
            size_t next = i + 1;
            while (next < end && !*line_text(fd, next))
                next++;
            /* a fund's source: its numbers after it */
            if (numbers_only(t)) {
                if (!append_text(fd, row, i, false))
                    return;
            } else {
                row = next < end && numbers_only(line_text(fd, next)) ? i : end;
                if (row == i && nfunds < 32)
                    funds[nfunds++] = i;
            }
        } else if (kind == FR_TOTAL) {
            if (taken++ < 2 && !append_text(fd, row, i, false))
                return;
        } else if (ends_two_numbers(line_text(fd, row)) && !numbers_only(t)) {
            row = i; /* the next row of the same level, without its label */
        } else if (!append_text(fd, row, i,
                                mark_only(last_word(line_text(fd, row))) ||
                                    (strcmp(t, "%") == 0 && ends_digit_word(line_text(fd, row))))) {
            return;
        }
    }
    int want = nfunds ? row_numbers(line_text(fd, funds[0])) : 0;
    for (int f = 1; f < nfunds && want > 0; f++)
        if (!glue_cut_numbers(fd, funds[f], want))
            return;
}

/* Every form whose lines hold one cell each, its rows rebuilt (see above). */
static void join_form_cells(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        const table_def *def = form_def(fd, line_text(fd, i));
        if (!def)
            continue;
        const form_field *total = table_def_field(def, "total_score");
        bool open = total != NULL, levels = false, spaced = false;
        size_t end = i + 1;
        for (; end < fd->in.count && !ends_region_in(fd, end, true, open); end++) {
            const char *t = line_text(fd, end);
            if (open && first_word_is(t, &total->labels))
                open = false;
            spaced |= *t && strchr(t, ' ') && !is_page_number(t);
            levels |= *t && (form_field_first(fd, t, "level1", true) || form_field_first(fd, t, "level2", true));
        }
        if (levels && !spaced)
            join_form_rows(fd, i, end);
        i = end - 1;
    }
}

/* page[i]: line i of the text begins a page (a form feed on it). */
static bool *page_starts(const decoded_text *text, size_t count)
{
    bool *page = calloc(count + 1, sizeof *page);
    if (!page)
        return NULL;
    const char *p = text->utf8, *end = text->utf8 + text->len;
    for (size_t i = 0; i < count && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        page[i] = memchr(p, '\f', len) != NULL;
        p += len + 1;
    }
    return page;
}

gfa_status read_flat_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    decoded_text text;
    gfa_status st = src_decode_input(in, &text, diags);
    if (st != GFA_OK)
        return st;
    fdoc fd;
    memset(&fd, 0, sizeof fd);
    fd.ctx = ctx;
    fd.file = in->name;
    fd.diags = diags;
    st = src_doc_from_text(in->name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), &fd.in, diags);
    if (st != GFA_OK) {
        decoded_text_free(&text);
        return st;
    }
    size_t n = fd.in.count + 1;
    fd.role = calloc(n, sizeof *fd.role);
    fd.consumed = calloc(n, sizeof *fd.consumed);
    fd.toks = calloc(n, sizeof *fd.toks);
    fd.tok_done = calloc(n, sizeof *fd.tok_done);
    fd.rows = calloc(n, sizeof *fd.rows);
    fd.rows_tail = calloc(n, sizeof *fd.rows_tail);
    bool *page = page_starts(&text, fd.in.count);
    if (page)
        join_cell_lines(&fd);
    if (page && !fd.nomem)
        join_form_cells(&fd);
    if (page && !fd.nomem)
        lift_late_captions(&fd, page);
    if (page && !fd.nomem)
        lift_late_form_cells(&fd, page);
    if (page && !fd.nomem)
        join_column_bands(&fd);
    free(page);
    bool *artefact = calloc(n, sizeof *artefact);
    bool ok = page && !fd.nomem && fd.role && fd.consumed && fd.toks && fd.tok_done && fd.rows && fd.rows_tail &&
              artefact && mark_artefacts(&fd, artefact);
    for (size_t i = 0; ok && i < fd.in.count; i++)
        fd.role[i] = artefact[i] ? LR_ARTEFACT : LR_TEXT;
    free(artefact);
    if (ok) {
        find_precision(&fd);
        choose_set(&fd);
    }
    ok = ok && !fd.nomem;
    for (size_t i = 0; ok && i < fd.in.count;) {
        const src_line *l = &fd.in.lines[i];
        bool standard = false;
        char *k = l->ncells ? NULL : read_title_key(fd.ctx, l->trimmed);
        bool title = k && *k && names_table(&fd, k, &standard);
        free(k);
        bool tail_joined = !title && !l->ncells && join_wrapped_title(&fd, i);
        if (tail_joined)
            title = true, standard = false;
        size_t next = i + 1;
        if (title)
            ok = standard ? read_table(&fd, i, &next) : read_form(&fd, i, tail_joined, &next);
        i = next;
    }
    st = ok ? GFA_OK : GFA_ERR_NOMEM;
    if (st == GFA_OK) {
        out->name = strdup(in->name);
        st = out->name ? build_output(&fd, out) : GFA_ERR_NOMEM;
    }
    if (st == GFA_OK)
        mark_printed_lines(&fd, out);
    if (st == GFA_OK)
        st = src_doc_finish(out, in, &text, "flat", diags);
    else
        src_doc_free(out);
    fdoc_free(&fd);
    decoded_text_free(&text);
    return st;
}

/* ------------------------------------------------------------------- sniff --- */

/* Reads the next character's code unit as ASCII (UTF-8 bytes ≥ 0x80 and UTF-16 units
 * ≥ 0x80 come back as 0x80). */
static int next_ascii(const unsigned char *d, size_t n, size_t *i, int utf16)
{
    if (utf16 == 0) {
        unsigned char c = d[(*i)++];
        return c < 0x80 ? c : 0x80;
    }
    if (*i + 1 >= n) {
        *i = n;
        return -1;
    }
    unsigned u = utf16 == 1 ? (unsigned)d[*i] | (unsigned)d[*i + 1] << 8
                            : (unsigned)d[*i] << 8 | (unsigned)d[*i + 1];
    *i += 2;
    return u < 0x80 ? (int)u : 0x80;
}

/* Does a line (its characters as ASCII, others 0x80) hold an amount standing alone between
 * spaces ("… 1421.59 …")? */
static bool has_amount(const unsigned char *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && c[i - 1] != ' ')
            continue;
        size_t j = i, digits = 0, frac = 0;
        while (j < n && c[j] >= '0' && c[j] <= '9') {
            j++;
            digits++;
        }
        if (!digits || j >= n || c[j] != '.')
            continue;
        j++;
        while (j < n && c[j] >= '0' && c[j] <= '9') {
            j++;
            frac++;
        }
        if (frac >= 1 && frac <= 6 && (j == n || c[j] == ' ' || c[j] == '\r'))
            return true;
    }
    return false;
}

/* Does a line begin with a classification code and a name after one space ("205 教育支出",
 * "30101 基本工资")? A template or a table printed without amounts still has such rows. */
static bool is_coded_row(const unsigned char *c, size_t n)
{
    size_t digits = 0;
    while (digits < n && c[digits] >= '0' && c[digits] <= '9')
        digits++;
    return (digits == 3 || digits == 5 || digits == 7) && digits + 1 < n && c[digits] == ' ' &&
           c[digits + 1] == 0x80;
}

/* Flattened text: table rows as lines of words and amounts separated by single spaces
 * ("201 一般公共服务支出 1421.59 1421.59"), no tabs (the text reader's) and no columns
 * aligned by runs of spaces (the layout reader's). */
int read_flat_sniff(const read_input *in)
{
    if (!in->data || in->len == 0)
        return 0;
    const unsigned char *d = (const unsigned char *)in->data;
    size_t n = in->len < ((size_t)1 << 20) ? in->len : ((size_t)1 << 20), i = 0;
    int utf16 = 0;
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
        utf16 = 1;
        i = 2;
    } else if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
        utf16 = 2;
        i = 2;
    } else if (n >= 4 && d[1] == 0 && d[3] == 0) {
        utf16 = 1;
    } else if (n >= 4 && d[0] == 0 && d[2] == 0) {
        utf16 = 2;
    }
    long tabs = 0, aligned = 0, rows = 0;
    unsigned char line[1024];
    while (i < n) {
        size_t len = 0;
        bool has_tab = false, run = false;
        int c;
        while (i < n && (c = next_ascii(d, n, &i, utf16)) >= 0 && c != '\n') {
            has_tab |= c == '\t';
            /* two spaces between words: columns aligned by position */
            run |= c == ' ' && len >= 2 && line[len - 1] == ' ' && line[len - 2] != ' ';
            if (len < sizeof line)
                line[len++] = (unsigned char)c;
        }
        if ((tabs += has_tab) >= 3)
            return 0; /* the text reader's: decided, without reading on */
        aligned += run;
        rows += !has_tab && !run && (has_amount(line, len) || is_coded_row(line, len));
    }
    if (tabs >= 3 || aligned * 4 > rows || rows < 5)
        return 0;
    return 60;
}
