/* flat_tokens.c — the flattened-text reader's tokens and line kinds (read_flat.c): a line
 * split into words classified as text, amount or dash; page numbers, running headers and
 * the words that make a line a title, a caption or a header. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- tokens --- */

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

size_t flat_utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A CJK ideograph (U+3400–U+9FFF, U+F900–U+FAFF) at p, as UTF-8. */
bool flat_is_ideograph(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (flat_utf8_len(u[0]) != 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return false;
    unsigned cp = ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
                  (unsigned)(u[2] & 0x3F);
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool is_digitish(char c)
{
    return (c >= '0' && c <= '9') || c == '.';
}

void flat_tok_classify(const gfa_vocab *vc, ftok *t)
{
    cell_value v = cell_parse(vc, t->text);
    t->kind = v.kind == CELL_NUMBER ? TK_NUM : v.kind == CELL_NA ? TK_NA : TK_TEXT;
    t->dec = v.dec;
    t->integer = t->kind == TK_NUM;
    for (const char *p = t->text; *p && t->integer; p++)
        t->integer = *p >= '0' && *p <= '9';
}

bool flat_tok_add(const gfa_vocab *vc, tokline *tl, const char *s, size_t len, long pos)
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
    t->key = t->text ? text_key(vc->variants, t->text, len) : NULL;
    if (!t->key) {
        free(t->text);
        return false;
    }
    t->pos = pos;
    flat_tok_classify(vc, t);
    t->used = src_omission_mark(s, len); /* a template's rows left out: taken by no row */
    tl->n++;
    return true;
}

void flat_tokline_free(tokline *tl)
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
const char *flat_next_word(const char **p, long *col, bool cut, long *word_col)
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
        size_t cl = flat_utf8_len((unsigned char)*c);
        const char *next = c + cl;
        for (size_t k = 1; k < cl; k++)
            if (!c[k]) {
                next = c + k;
                break;
            }
        bool boundary = cut && *next && ((is_digitish(*c) && flat_is_ideograph(next)) ||
                                         (flat_is_ideograph(c) && next[0] >= '0' && next[0] <= '9'));
        *p = next;
        (*col)++;
        if (boundary)
            break;
    }
    return start;
}

/* Leading white space of a line, in characters (a word's column counts from the line's
 * start, words are read from its trimmed text). */
long flat_leading_chars(const char *text)
{
    long n = 0;
    size_t sl;
    for (const char *p = text; *p && is_space_at(p, &sl); p += sl)
        n++;
    return n;
}

bool flat_tokenize(const gfa_vocab *vc, const char *text, const char *line, tokline *out)
{
    memset(out, 0, sizeof *out);
    const char *p = line, *start;
    long col = 1 + flat_leading_chars(text), word_col = 0;
    while ((start = flat_next_word(&p, &col, true, &word_col))) {
        if (out->n == MAX_LINE_TOKENS) {
            flat_tokline_free(out);
            out->too_long = true;
            return true;
        }
        if (!flat_tok_add(vc, out, start, (size_t)(p - start), word_col))
            return false;
    }
    return true;
}

char *flat_join_range(const tokline *tl, int from, int to, const char *sep)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = from; i < to; i++)
        sb_addf(&sb, "%s%s", i > from ? sep : "", tl->t[i].text);
    return sb_take(&sb);
}

/* The key of tokens [from, to) joined: their keys one after the other. */
char *flat_key_range(const tokline *tl, int from, int to)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = from; i < to; i++)
        sb_adds(&sb, tl->t[i].key);
    return sb_take(&sb);
}

/* The key of a label without its ordinal ("二、…", "(一)", "1."), from a key. */
const char *flat_unordered(const char *key)
{
    char *ord = NULL;
    const char *rest = text_strip_ordinal(key, &ord);
    free(ord);
    return rest;
}

/* ------------------------------------------------------- line kinds --- */

const char *flat_line_text(const fdoc *fd, size_t i)
{
    return fd->in.lines[i].trimmed;
}


/* Bytes of the dash at p (-, –, —, −, －: what page numbers are set between), or 0. */
static size_t dash_at(const char *p)
{
    size_t len;
    unsigned c = flat_cp_at(p, &len);
    return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0xFF0D ? len : 0;
}

/* "-7-", "- 11 -", "— 3 —": a page number (the forms Chromium, word processors and the
 * official-document layout, GB/T 9704, print). */
bool flat_is_page_number(const char *t)
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
        if (flat_cp_at(p, &len) == cp)
            return p;
        for (size_t k = 0; k < len && *p; k++)
            p++;
    }
    return NULL;
}

/* The code point at p (of one to three bytes; a longer one as its lead byte) and, in *len,
 * its bytes. */
unsigned flat_cp_at(const char *p, size_t *len)
{
    const unsigned char *u = (const unsigned char *)p;
    *len = flat_utf8_len(u[0]);
    if (*len == 2 && u[1])
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    if (*len == 3 && u[1] && u[2])
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return u[0];
}

#define CP_FULL_STOP 0x3002u  /* 。 */
#define CP_WIDE_COLON 0xFF1Au /* ： */

/* The first colon, ASCII or full-width: a caption ("部门名称：…") or a note ("注：…"). */
const char *flat_find_colon(const char *t)
{
    const char *a = strchr(t, ':'), *w = find_cp(t, CP_WIDE_COLON);
    return a && (!w || a < w) ? a : w;
}

bool flat_has_colon(const char *t)
{
    return flat_find_colon(t) != NULL;
}

/* Contains a full stop: a sentence, never a table row. */
bool flat_has_full_stop(const char *t)
{
    return find_cp(t, CP_FULL_STOP) != NULL;
}

bool flat_key_has_any(const char *key, const label_set *ls)
{
    for (size_t k = 0; k < ls->count; k++)
        if (strstr(key, ls->keys[k]))
            return true;
    return false;
}

/* Does some table definition have this title? *standard: a 公开 table, not a form. */
bool flat_names_table(const fdoc *fd, const char *tkey, bool *standard)
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
const table_def *flat_form_def(const fdoc *fd, const char *title)
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
bool flat_first_word_is(const gfa_context *ctx, const char *t, const label_set *labels)
{
    size_t n = strcspn(t, " \t");
    char *k = text_key(&ctx->variants, t, n);
    bool is = k && label_set_has(labels, k);
    free(k);
    return is;
}

/* A number with decimals on the line (an amount). */
bool flat_has_decimal(const char *t)
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
    if (flat_has_full_stop(t) || flat_has_colon(t) || utf8_chars(t, strlen(t)) > 40)
        return false;
    return !flat_has_decimal(t);
}

/* The line beside page number i on side dir (-1 before, 1 after) that may be a running
 * header, NULL when there is none. */
static const char *beside_page_number(const fdoc *fd, const bool *artefact, size_t i, int dir)
{
    if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= fd->in.count))
        return NULL;
    const char *head = flat_line_text(fd, dir < 0 ? i - 1 : i + 1);
    if (!*head || flat_is_page_number(head) || !header_like(head))
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
bool flat_mark_artefacts(fdoc *fd, bool *artefact)
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
        artefact[i] = flat_is_page_number(flat_line_text(fd, i));
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
        if (*flat_line_text(fd, i) && strmap_get(heads, flat_line_text(fd, i), &seen)) {
            strmap_get(all, flat_line_text(fd, i), &printed);
            ok = strmap_put(all, flat_line_text(fd, i), printed + 1);
        }
    }
    for (size_t i = 0; i < n && ok; i++) {
        int seen = 0, printed = 0, lost = 0;
        if (!*flat_line_text(fd, i) || !strmap_get(heads, flat_line_text(fd, i), &seen))
            continue;
        strmap_get(beaten, flat_line_text(fd, i), &lost);
        seen -= lost;
        if (seen >= 2 && strmap_get(all, flat_line_text(fd, i), &printed) && 2 * seen >= printed)
            artefact[i] = true;
    }
    strmap_free(heads);
    strmap_free(all);
    strmap_free(beaten);
    return ok;
}
