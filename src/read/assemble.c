/* assemble.c — builds the instance from the lines of a report: front matter, contents,
 * and the parts (概况, 决算表, 情况说明, 名词解释, 附件) recognised by the keywords of the
 * layout data; tables wherever a title is followed by a grid. The header (entity, period,
 * unit, precision) is stated once, from what the cover and the table captions say. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

typedef enum part_kind {
    PART_NONE, PART_OVERVIEW, PART_TABLES, PART_NARRATIVE, PART_GLOSSARY, PART_ATTACHMENTS
} part_kind;

/* The parts' kinds as the layout data (schemas/tables/common.xml) and the instance name
 * them, by part_kind. */
static const char *const part_kinds[] = {"", "overview", "tables", "narrative", "glossary",
                                         "attachments"};

#define MAX_VOTES 16

typedef struct vote {
    char *value;
    int count;
} vote;

typedef struct votes {
    vote v[MAX_VOTES];
    int n;
} votes;

typedef struct asm_ctx {
    const gfa_context *ctx;
    const src_doc *src;
    gfa_diags *diags;
    const char *file;
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlNodePtr header;
    xmlNsPtr ns;
    size_t i;
    part_kind part;
    xmlNodePtr part_node;
    xmlNodePtr section[4]; /* open sections by level (1..3) in the current part */
    xmlNodePtr implicit_tables;
    /* what the report says about itself */
    char *title;
    long title_line;
    char *cover_entity;
    char *year;
    votes entities, years, units, dept_codes, unit_codes, variants;
    const char *set;    /* the report's table set (recognise_set), or NULL */
    int decimals_hist[8];
    bool found_parts[6];
    bool *found_tables; /* by index into ctx->defs.tables */
    int tables_found;
    long tables_read;   /* every table, known or not, for the limit */
    long long cells_read; /* table cells, for the facts limit */
    bool over_limit;    /* a GFA-LIMIT was hit: the input is refused */
    long measure;       /* columns of a full line of prose (read_prose_measure) */
    /* a text without positions: the last performance form whose labels stood without values
     * (its title key and line) while only its further columns follow (perf_read) */
    char *band_key;
    long band_line;
} asm_ctx;

/* ------------------------------------------------------------- helpers --- */

static void vote_add(votes *vs, const char *value)
{
    if (!value || !*value)
        return;
    for (int k = 0; k < vs->n; k++)
        if (strcmp(vs->v[k].value, value) == 0) {
            vs->v[k].count++;
            return;
        }
    if (vs->n < MAX_VOTES && (vs->v[vs->n].value = strdup(value)))
        vs->v[vs->n++].count = 1;
}

static const char *vote_winner(const votes *vs)
{
    int best = -1;
    for (int k = 0; k < vs->n; k++) /* ties go to the first seen */
        if (best < 0 || vs->v[k].count > vs->v[best].count)
            best = k;
    return best >= 0 ? vs->v[best].value : NULL;
}

static void votes_free(votes *vs)
{
    for (int k = 0; k < vs->n; k++)
        free(vs->v[k].value);
    vs->n = 0;
}

static const src_line *line_at(const asm_ctx *ac, size_t i)
{
    return i < ac->src->count ? &ac->src->lines[i] : NULL;
}

static xmlNodePtr text_el(xmlNodePtr parent, const char *name, const char *text, long line)
{
    xmlNodePtr n = xml_child(parent, name, text);
    xml_set_long(n, "line", line);
    return n;
}

static void unrecognised_text(asm_ctx *ac, xmlNodePtr parent, const char *text, long no,
                              const char *why)
{
    xmlNodePtr u = text_el(parent, "unrecognised", text, no);
    xml_set(u, "reason", why);
    diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-030", ac->file, no, 1,
             "%s; the line is kept in an <unrecognised> block", why);
}

static void unrecognised(asm_ctx *ac, xmlNodePtr parent, const src_line *l, const char *why)
{
    unrecognised_text(ac, parent, l->trimmed, l->no, why);
}

static bool key_contains(const char *key, const label_set *ls)
{
    for (size_t k = 0; k < ls->count; k++)
        if (strstr(key, ls->keys[k]))
            return true;
    return false;
}

/* The bytes of a part's number opening the text (第三部分), 0 when it opens with none. */
static size_t part_number(const gfa_context *ctx, const char *t)
{
    const word_list *w = ctx->vocab.lists;
    size_t start = words_starts(&w[V_PART_START], t);
    if (!start)
        return 0;
    const char *p = t + start;
    size_t n = 0, end = 0;
    while (p[n] && !(end = words_starts(&w[V_PART_END], p + n))) {
        char one[8] = {0};
        int len = (p[n] & 0x80) ? 3 : 1;
        memcpy(one, p + n, (size_t)len);
        if (!text_is_cjk_numeral(one))
            return 0;
        n += (size_t)len;
    }
    return n == 0 || !p[n] ? 0 : start + n + end;
}

size_t read_part_number(const gfa_context *ctx, const char *text)
{
    return part_number(ctx, text);
}

/* "第三部分 情况说明" → the part's kind; PART_NONE when the line is no part heading. */
static part_kind part_heading(const asm_ctx *ac, const src_line *l, bool *unknown)
{
    *unknown = false;
    const char *t = l->trimmed;
    if (l->grid || !part_number(ac->ctx, t))
        return PART_NONE;
    char *key = text_key(&ac->ctx->variants, t, strlen(t));
    if (!key)
        return PART_NONE;
    part_kind found = PART_NONE;
    for (size_t k = 0; k < ac->ctx->defs.nparts && found == PART_NONE; k++) {
        const layout_part *lp = &ac->ctx->defs.parts[k];
        if (!key_contains(key, &lp->keywords))
            continue;
        for (size_t m = PART_OVERVIEW; m < ARRAY_LEN(part_kinds); m++)
            if (strcmp(part_kinds[m], lp->kind) == 0)
                found = (part_kind)m;
    }
    free(key);
    if (found == PART_NONE) {
        *unknown = true;
        return PART_NARRATIVE;
    }
    return found;
}

/* A TOC line ends with a page number, after a tab or spaces. */
static bool toc_page(const src_line *l, long *page)
{
    const char *t = l->trimmed;
    size_t n = strlen(t), e = n;
    while (e > 0 && t[e - 1] >= '0' && t[e - 1] <= '9')
        e--;
    if (e == n || e == 0 || n - e > 4 || !(t[e - 1] == '\t' || t[e - 1] == ' ' || t[e - 1] == '.'))
        return false;
    *page = strtol(t + e, NULL, 10);
    return true;
}

/* The length of a contents leader character at t (. · … ． ‥ ⋯), else 0. */
static size_t leader_len(const char *t)
{
    /* marks, not words: by code point (. · … ． ‥ ⋯) */
    static const UChar32 dots[] = {0x2E, 0xB7, 0x2026, 0xFF0E, 0x2025, 0x22EF};
    int32_t i = 0, n = (int32_t)strnlen(t, 4);
    UChar32 c;
    U8_NEXT(t, i, n, c);
    for (size_t k = 0; k < sizeof dots / sizeof *dots; k++)
        if (c == dots[k])
            return (size_t)i;
    return 0;
}

/* An entry's text without the leaders and blanks it ends with. */
static void drop_leaders(char *text)
{
    size_t n = strlen(text);
    for (bool more = true; more && n > 0;) {
        more = false;
        if (text[n - 1] == ' ' || text[n - 1] == '\t') {
            n--;
            more = true;
            continue;
        }
        for (size_t back = 1; back <= 3 && back <= n; back++)
            if (leader_len(text + n - back) == back) {
                n -= back;
                more = true;
                break;
            }
    }
    text[n] = '\0';
}

/* The rest of a contents entry wrapped onto its own line: only leaders, blanks and at most
 * a page number (a long entry whose leaders and number Word sets on the line below:
 * "第三部分 …情况说明" / "18" / "……"); its page, 0 when it has none. */
static bool toc_leaders_only(const src_line *l, long *page)
{
    const char *t = l->trimmed;
    bool digits = false, dots = false;
    *page = 0;
    while (*t) {
        size_t k = leader_len(t);
        if (k) {
            dots = true;
            t += k;
        } else if (*t == ' ' || *t == '\t') {
            t++;
        } else if (*t >= '0' && *t <= '9' && !digits) {
            char *e;
            *page = strtol(t, &e, 10);
            if (e - t > 4)
                return false;
            digits = true;
            t = e;
        } else {
            return false;
        }
    }
    return dots || digits;
}

/* Does a text end with a remark in brackets right after the end of a sentence ("…原因：
 * XXXXXXXX。（如持平作持平表述）"): the sentence ended before it, and so does the text. */
static bool remark_after_sentence(const asm_ctx *ac, const char *t)
{
    size_t n = strlen(t), b;
    int depth = 0;
    for (size_t i = n; i-- > 0;) {
        if ((t[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        if ((b = text_bracket(t + i, false)) > 0 && i + b <= n) {
            depth++;
        } else if (text_bracket(t + i, true) > 0) {
            if (--depth == 0)
                return i > 0 && vocab_ends_sentence(&ac->ctx->vocab, t, i);
            if (depth < 0)
                return false;
        }
        if (depth == 0)
            return false; /* the text does not end with a closing bracket */
    }
    return false;
}

/* Is a line a short remark in brackets, or the start of one ("（如持平作持平表述）",
 * "（不涉及的不列）。", "（如持平作"), not an ordinal ("（一）…"): the remark on the sentence
 * above, which a text extraction set on a line of its own. */
static bool bracket_remark(const char *t)
{
    size_t open = text_bracket(t, true);
    char *ord = NULL;
    text_strip_ordinal(t, &ord);
    bool ordinal = ord != NULL;
    free(ord);
    if (!open || ordinal || utf8_chars(t, strlen(t)) > 12)
        return false;
    for (const char *p = t + open; *p; p++) {
        size_t close = text_bracket(p, false);
        if (close) /* closed: only a mark may follow */
            return utf8_chars(p + close, strlen(p + close)) <= 1;
        if (text_bracket(p, true))
            return false;
    }
    return true;
}

static bool ends_sentence(const asm_ctx *ac, const char *t)
{
    return vocab_ends_sentence(&ac->ctx->vocab, t, strlen(t)) || remark_after_sentence(ac, t);
}

/* Heading level of a line in narrative text: 1 "一、…", 2 "（一）…", 3 "1、…"; 0 when it
 * is a paragraph (long, or a full sentence) even if it starts with an ordinal. */
static int heading_level(const asm_ctx *ac, const char *t, char **ordinal)
{
    *ordinal = NULL;
    if (words_in(&ac->ctx->vocab.lists[V_SENTENCE_END], t, NULL) ||
        utf8_chars(t, strlen(t)) > 50 || ends_sentence(ac, t))
        return 0;
    char *ord = NULL;
    const char *rest = text_strip_ordinal(t, &ord);
    if (!ord || !*rest) {
        free(ord);
        return 0;
    }
    int level;
    if (text_bracket(t, true))
        level = (ord[0] >= '0' && ord[0] <= '9') ? 4 : 2;
    else
        level = (ord[0] >= '0' && ord[0] <= '9') ? 3 : 1;
    if (level == 4) { /* （1） is a list item, not a heading */
        free(ord);
        return 0;
    }
    *ordinal = ord;
    return level;
}

/* --------------------------------------------------------- front matter --- */

/* "2024年度单位决算公开" → year and scope; returns true for a report title. */
static bool parse_title(asm_ctx *ac, const src_line *l)
{
    char *key = text_key(&ac->ctx->variants, l->trimmed, strlen(l->trimmed));
    if (!key)
        return false;
    const word_list *w = ac->ctx->vocab.lists;
    bool is_title = words_in(&w[V_TITLE_WORD], key, NULL) != NULL;
    const char *y = NULL;
    for (const char *p = key; *p && is_title; p++)
        if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && words_starts(&w[V_YEAR_MARK], p + 4)) {
            y = p;
            break;
        }
    if (is_title && y) {
        free(ac->year);
        ac->year = xstrndup(y, 4);
        free(ac->title);
        ac->title = strdup(l->trimmed);
        ac->title_line = l->no;
        if (y > key && !ac->cover_entity) /* "上海市XX局2024年度部门决算" */
            ac->cover_entity = xstrndup(key, (size_t)(y - key));
    }
    free(key);
    return is_title && y;
}

static bool title_before_grid(const asm_ctx *ac, size_t i);

/* The heading of the table of contents (目录). */
static bool is_contents(const asm_ctx *ac, const src_line *l)
{
    char *key = text_key(&ac->ctx->variants, l->trimmed, strlen(l->trimmed));
    bool toc = key && words_is(&ac->ctx->vocab.lists[V_CONTENTS], key);
    free(key);
    return toc;
}

static void read_front(asm_ctx *ac)
{
    xmlNodePtr front = NULL;
    const src_line *prev = NULL;
    for (; ac->i < ac->src->count; ac->i++) {
        const src_line *l = line_at(ac, ac->i);
        bool unknown;
        if (l->grid || part_heading(ac, l, &unknown) != PART_NONE ||
            (!src_line_blank(l) && title_before_grid(ac, ac->i)))
            break;
        if (is_contents(ac, l))
            break;
        if (src_line_blank(l))
            continue;
        if (!front)
            front = xml_child(ac->root, "front", NULL);
        text_el(front, "line", l->trimmed, l->no);
        if (!ac->title && parse_title(ac, l) && prev && !ac->cover_entity)
            ac->cover_entity = strdup(prev->trimmed);
        prev = l;
        if (front && xmlChildElementCount(front) > 40) /* no cover is this long: stop */
            break;
    }
}

/* Is line i of a contents a page number alone (one to four digits) with a paged entry
 * next: the number of an entry whose text a text extraction set elsewhere (pdftotext -raw
 * of a contents printed in cells: "二、机构设置情况 2" / "3" / "一、收入支出决算总表 3", the
 * text of 3's entry, 第二部分 …, pages on)? The contents go on past it. */
static bool lone_page_number(const asm_ctx *ac, size_t i)
{
    const char *t = line_at(ac, i)->trimmed;
    size_t n = strlen(t);
    if (n == 0 || n > 4 || strspn(t, "0123456789") != n)
        return false;
    for (size_t j = i + 1; j < ac->src->count; j++) {
        const src_line *w = line_at(ac, j);
        long page;
        if (!src_line_blank(w))
            return !w->grid && toc_page(w, &page);
    }
    return false;
}

static void read_contents(asm_ctx *ac)
{
    const src_line *l = line_at(ac, ac->i);
    if (!l || !is_contents(ac, l))
        return;
    xmlNodePtr contents = xml_child(ac->root, "contents", NULL);
    xml_set_long(contents, "line", l->no);
    ac->i++;
    char *first_key = NULL;
    bool paged = false;
    for (; ac->i < ac->src->count; ac->i++) {
        l = line_at(ac, ac->i);
        if (src_line_blank(l))
            continue;
        long page = 0;
        bool has_page = toc_page(l, &page);
        size_t wrapped = 0; /* lines after this one holding its leaders and page */
        if (!has_page && paged) {
            long p = 0;
            for (size_t j = ac->i + 1; j < ac->src->count && j <= ac->i + 3; j++) {
                const src_line *w = line_at(ac, j);
                if (src_line_blank(w))
                    continue;
                if (!toc_leaders_only(w, &p))
                    break;
                if (p > 0) {
                    page = p;
                    has_page = true;
                }
                wrapped = j - ac->i;
            }
            if (!has_page)
                wrapped = 0;
        }
        if (!has_page && paged && lone_page_number(ac, ac->i))
            continue; /* an entry's page number without its text (set elsewhere) */
        char *k = text_key(&ac->ctx->variants, l->trimmed, strlen(l->trimmed));
        if (!first_key) {
            paged = has_page;
            first_key = k ? strdup(k) : NULL;
        } else if ((paged && !has_page) ||
                   (!paged && k && first_key && strcmp(k, first_key) == 0)) {
            free(k);
            break;
        }
        free(k);
        char *text = text_without_fields(l->trimmed, strlen(l->trimmed)); /* PAGEREF _Toc… */
        if (!text)
            break;
        if (has_page) { /* drop the page number (and the leaders) from the entry text */
            size_t n = strlen(text);
            while (!wrapped && n > 0 && text[n - 1] >= '0' && text[n - 1] <= '9')
                text[--n] = '\0';
            text[n] = '\0';
            drop_leaders(text);
            char *clean = text_trim(text, strlen(text));
            free(text);
            text = clean;
        }
        xmlNodePtr e = text_el(contents, "entry", text ? text : "", l->no);
        if (has_page)
            xml_set_long(e, "page", page);
        free(text);
        if (l->grid && !has_page)
            break;
        ac->i += wrapped;
    }
    free(first_key);
    if (!xmlFirstElementChild(contents)) {
        xmlUnlinkNode(contents);
        xmlFreeNode(contents);
    }
}

/* ------------------------------------------------------------ captions --- */

typedef struct caption {
    const char *field;
    char *number, *entity, *year, *unit;
} caption;

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Is y the four digits of a year? */
static bool year_digits(const char *y)
{
    return y[0] >= '1' && y[0] <= '2' && y[1] >= '0' && y[1] <= '9' && y[2] >= '0' &&
           y[2] <= '9' && y[3] >= '0' && y[3] <= '9';
}

/* The year printed before a year mark at p in t ("2024年度", "2024 年度": a PDF's text
 * layer puts a blank where the script changes), or NULL. */
static const char *year_before(const char *t, const char *p)
{
    while (p > t && p[-1] == ' ')
        p--;
    return p - t >= 4 && year_digits(p - 4) ? p - 4 : NULL;
}

/* The caption's entity after its label: "阳城县人民政府办公室 2024年度" without the year. */
static char *caption_entity(const gfa_vocab *vc, const char *v)
{
    size_t n = strlen(v), cut = n;
    const char *yr = words_in(&vc->lists[V_YEAR_MARK], v, NULL);
    const char *y = yr ? year_before(v, yr) : NULL;
    if (y) {
        cut = (size_t)(y - v);
        while (cut > 0 && (v[cut - 1] == ' '))
            cut--;
    }
    return text_trim(v, cut);
}

/* The money unit a caption states after its label (金额单位：万元); a unit cut by a line
 * break (金额单位：万 | 元) still makes a unit caption, with no unit. */
static const char *caption_unit(const gfa_vocab *vc, const char *v, bool *cut)
{
    const money_unit *best = NULL;
    *cut = false;
    for (size_t k = 0; k < vc->nunits; k++) {
        const money_unit *u = &vc->units[k];
        size_t n = strlen(u->name), last = n ? n - 1 : 0; /* where its last character starts */
        while (last > 0 && ((unsigned char)u->name[last] & 0xC0) == 0x80)
            last--;
        if (text_match_simplified(vc->variants, v, u->name, n) && (!best || n > strlen(best->name)))
            best = u;
        else if (last > 0 && text_match_simplified(vc->variants, v, u->name, last))
            *cut = true;
    }
    return best ? best->name : NULL;
}

/* Understands a caption line of a table header (after NFKC, so "：" is ":"). */
static void parse_caption(const gfa_vocab *vc, const char *raw, caption *cap)
{
    memset(cap, 0, sizeof *cap);
    cap->field = "other";
    char *t = text_nfkc(raw, strlen(raw));
    if (!t)
        return;
    const word_list *w = vc->lists;
    const char *p;
    size_t len = 0;
    if ((p = words_in(&w[V_TABLE_NUMBER], t, &len))) {
        const char *d = skip_ws(p + len);
        size_t n = 0;
        while (d[n] >= '0' && d[n] <= '9')
            n++;
        if (n >= 1 && n <= 2 && asprintf(&cap->number, "%.*s%02d", (int)len, p, atoi(d)) >= 0)
            cap->field = "number";
        else if (n >= 1 && n <= 2)
            cap->number = NULL;
    }
    const word_list *labels = &w[V_ENTITY_LABEL];
    for (size_t k = 0; k < labels->count && !cap->entity; k++)
        if ((p = word_in(vc->variants, t, labels->words[k]))) {
            char *e = caption_entity(vc, skip_ws(p + strlen(labels->words[k])));
            if (e && *e) {
                cap->entity = e;
                cap->field = "entity";
            } else {
                free(e);
            }
        }
    const char *y = (p = words_in(&w[V_YEAR_MARK], t, NULL)) ? year_before(t, p) : NULL;
    if (y) {
        cap->year = xstrndup(y, 4);
        if (strcmp(cap->field, "other") == 0)
            cap->field = "year";
    }
    if ((p = words_in(&w[V_UNIT_LABEL], t, &len)) && !words_in(&w[V_NOT_UNIT_LABEL], t, NULL)) {
        bool cut;
        const char *unit = caption_unit(vc, skip_ws(p + len), &cut);
        if (unit && (cap->unit = strdup(unit)))
            cap->field = "unit";
        else if (cut)
            cap->field = "unit";
    }
    free(t);
}

static void caption_free(caption *cap)
{
    free(cap->number);
    free(cap->entity);
    free(cap->year);
    free(cap->unit);
}

bool assemble_is_caption(const gfa_context *ctx, const char *text)
{
    caption cap;
    parse_caption(&ctx->vocab, text, &cap);
    bool yes = strcmp(cap.field, "other") != 0;
    caption_free(&cap);
    return yes;
}

bool assemble_is_unit_caption(const gfa_context *ctx, const char *text)
{
    caption cap;
    parse_caption(&ctx->vocab, text, &cap);
    bool yes = strcmp(cap.field, "unit") == 0;
    caption_free(&cap);
    return yes;
}

/* A caption line or a short wrap of one ("表", "元"): it may sit between a title and
 * its grid. */
static bool caption_like(const gfa_vocab *vc, const src_line *l)
{
    if (l->grid)
        return false;
    long n = utf8_chars(l->trimmed, strlen(l->trimmed));
    if (n <= 2)
        return true;
    if (n > 60) /* longer than a caption or a year mark: prose, without parsing it */
        return false;
    caption cap;
    parse_caption(vc, l->trimmed, &cap);
    bool yes = strcmp(cap.field, "other") != 0;
    caption_free(&cap);
    if (yes)
        return true;
    /* "(2024年度)" under a performance title */
    char *k = text_key(vc->variants, l->trimmed, strlen(l->trimmed));
    bool paren = k && (k[0] == '(') && words_in(&vc->lists[V_YEAR_MARK], k, NULL) && n <= 20;
    free(k);
    return paren;
}

/* --------------------------------------------------------------- tables --- */

/* Title key without a trailing "(2024年度)". */
static char *title_key_of(const gfa_vocab *vc, const char *title)
{
    char *bare = text_without_fields(title, strlen(title)); /* a title copied with its field */
    char *k = bare ? text_key(vc->variants, bare, strlen(bare)) : NULL;
    free(bare);
    if (!k)
        return NULL;
    /* "(2024年度)" after the title goes, and so does "(2024年" when the title's line
     * wrapped inside it */
    char *open = strrchr(k, '(');
    if (open && (!strchr(open, ')') || !open[strcspn(open, ")") + 1]) &&
        words_in(&vc->lists[V_YEAR_MARK], open, NULL))
        *open = '\0';
    return k;
}

static bool is_note_start(const asm_ctx *ac, const char *t)
{
    return words_starts(&ac->ctx->vocab.lists[V_NOTE_START], t) > 0;
}

static bool is_empty_marker(const asm_ctx *ac, const char *t)
{
    char *k = text_key(&ac->ctx->variants, t, strlen(t));
    bool yes = k && key_contains(k, &ac->ctx->defs.empty_markers);
    free(k);
    return yes;
}

static xmlNodePtr tables_parent(asm_ctx *ac)
{
    if (ac->part_node && ac->part != PART_OVERVIEW && ac->part != PART_GLOSSARY)
        return ac->part_node;
    if (!ac->implicit_tables) {
        ac->implicit_tables = xml_child(ac->root, "tables", NULL);
        const src_line *l = line_at(ac, ac->i);
        xml_set_long(ac->implicit_tables, "line", l ? l->no : 1);
    }
    return ac->implicit_tables;
}

static void count_decimals(asm_ctx *ac, xmlNodePtr table)
{
    /* the precision of the report: how many decimals its amounts are printed with */
    for (xmlNodePtr p = table->children; p; p = p->next)
        for (xmlNodePtr r = p->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE || xmlStrcmp(r->name, BAD_CAST "row") != 0 ||
                xmlHasProp(r, BAD_CAST "unit"))
                continue;
            for (xmlNodePtr c = r->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST "amt") != 0)
                    continue;
                xmlChar *v = xmlNodeGetContent(c);
                const char *dot = v ? strchr((const char *)v, '.') : NULL;
                int d = dot ? (int)strlen(dot + 1) : 0;
                if (d < 8)
                    ac->decimals_hist[d]++;
                xmlFree(v);
            }
        }
}

static bool table_has_amounts(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(c->name, BAD_CAST "amt") == 0 || table_has_amounts(c))
            return true;
    }
    return false;
}

static bool starts_block(asm_ctx *ac, size_t m);

/* Does line m go on a table's note that a text extraction wrapped (注：本表反映… /
 * …情况。): the note is unfinished and the line begins nothing of its own. */
static bool note_goes_on(asm_ctx *ac, xmlNodePtr note, size_t m)
{
    xmlChar *text = xmlNodeGetContent(note);
    bool unfinished = text && !ends_sentence(ac, (const char *)text);
    xmlFree(text);
    return unfinished && !starts_block(ac, m);
}

/* Tries to read a table starting at line ac->i; returns true and advances ac->i past it
 * (and its notes) when one is there. */
/* Is line i a table title: followed, after caption lines and blanks, by a grid line? */
static bool title_before_grid(const asm_ctx *ac, size_t i)
{
    size_t k = i + 1, seen = 0;
    while (k < ac->src->count && seen < 10) {
        const src_line *l = line_at(ac, k);
        if (l->grid)
            return true;
        if (!src_line_blank(l)) {
            /* the contents heading is short, but no caption */
            if (is_contents(ac, l) || !caption_like(&ac->ctx->vocab, l))
                return false;
            seen++;
        }
        k++;
    }
    return false;
}

/* Does line m, after a table's note, end in a lead-in (：) announcing a note on the next
 * line ("无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：" over
 * "说明：…故本表无数据。", as the Shanghai template prints it)? Then it is one of the notes. */
static bool leads_to_note(const asm_ctx *ac, size_t m)
{
    const char *t = line_at(ac, m)->trimmed;
    if (!words_ends(&ac->ctx->vocab.lists[V_LEAD_IN], t, strlen(t)))
        return false;
    size_t k = m + 1;
    while (k < ac->src->count && src_line_blank(line_at(ac, k)))
        k++;
    return k < ac->src->count && !line_at(ac, k)->grid && is_note_start(ac, line_at(ac, k)->trimmed);
}

static bool try_table(asm_ctx *ac)
{
    const src_line *title = line_at(ac, ac->i);
    size_t j = ac->i;
    bool titled = !title->grid;
    if (titled && !title_before_grid(ac, j))
        return false;
    char *tkey = titled ? title_key_of(&ac->ctx->vocab, title->trimmed) : strdup("");
    if (!tkey)
        return false;

    /* captions: the lines between title and grid; very short lines continue the one
     * before ("公开02" + "表", "金额单位：万" + "元") */
    caption caps[12];
    long cap_lines[12];
    char *cap_text[12];
    int ncaps = 0;
    size_t k = titled ? j + 1 : j;
    for (; k < ac->src->count && !line_at(ac, k)->grid; k++) {
        const src_line *l = line_at(ac, k);
        if (src_line_blank(l))
            continue;
        if (ncaps > 0 && utf8_chars(l->trimmed, strlen(l->trimmed)) <= 2) {
            char *joined = NULL;
            if (asprintf(&joined, "%s%s", cap_text[ncaps - 1], l->trimmed) >= 0) {
                free(cap_text[ncaps - 1]);
                cap_text[ncaps - 1] = joined;
            }
            continue;
        }
        if (ncaps < 12) {
            cap_text[ncaps] = strdup(l->trimmed);
            cap_lines[ncaps++] = l->no;
        }
    }
    const char *number = NULL;
    for (int c = 0; c < ncaps; c++) {
        parse_caption(&ac->ctx->vocab, cap_text[c] ? cap_text[c] : "", &caps[c]);
        if (caps[c].number && !number)
            number = caps[c].number;
    }

    /* the grid: grid lines, possibly interrupted by blank lines (page breaks) */
    size_t gstart = k, gend = k;
    table_grid g = {NULL, 0};
    g.rows = calloc(ac->src->count - k + 1, sizeof *g.rows);
    while (g.rows && gend < ac->src->count) {
        const src_line *l = line_at(ac, gend);
        if (l->grid) {
            g.rows[g.nrows++] = l;
            gend++;
        } else if (src_line_blank(l)) {
            size_t m = gend;
            while (m < ac->src->count && src_line_blank(line_at(ac, m)))
                m++;
            if (m < ac->src->count && line_at(ac, m)->grid)
                gend = m;
            else
                break;
        } else {
            break;
        }
    }
    const table_def *def = ac->set ? recognise_pick_in(ac->ctx, ac->set, tkey, number, &g) : NULL;
    if (!def)
        def = recognise_pick(ac->ctx, tkey, number, &g, vote_winner(&ac->variants));
    bool titled_table =
        titled && (def || words_ends(&ac->ctx->vocab.lists[V_TABLE_TITLE_END], tkey, strlen(tkey)));
    if (!titled_table && titled) {
        /* a line of text before a grid: the grid is read on its own */
        for (int c = 0; c < ncaps; c++) {
            caption_free(&caps[c]);
            free(cap_text[c]);
        }
        free(tkey);
        free(g.rows);
        return false;
    }

    /* the limits count only grids that are read as tables (a rejected title line is read
     * again without its title, and must not count twice) */
    long long max_rows = gfa_context_limit(ac->ctx, GFA_LIMIT_ROWS);
    long long max_facts = gfa_context_limit(ac->ctx, GFA_LIMIT_FACTS);
    for (size_t r = 0; r < g.nrows; r++) /* every cell may become an amount */
        ac->cells_read += g.rows[r]->ncells;
    if ((long long)g.nrows > max_rows || ac->cells_read > max_facts ||
        ++ac->tables_read > gfa_context_limit(ac->ctx, GFA_LIMIT_TABLES)) {
        long at = titled ? title->no : line_at(ac, gstart)->no;
        if (ac->cells_read > max_facts)
            diag_add(ac->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-004", ac->file, at, 1,
                     "the tables so far hold more than %lld cells (--limit facts=N); a report "
                     "has hundreds of amounts",
                     max_facts);
        else if ((long long)g.nrows > max_rows)
            diag_add(ac->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-005", ac->file, at, 1,
                     "a table of %zu rows, over the limit of %lld (--limit rows=N)", g.nrows,
                     max_rows);
        else
            diag_add(ac->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-003", ac->file, at, 1,
                     "more than %lld tables in one report (--limit tables=N)",
                     gfa_context_limit(ac->ctx, GFA_LIMIT_TABLES));
        ac->over_limit = true;
        ac->i = ac->src->count; /* stop reading */
        for (int c = 0; c < ncaps; c++) {
            caption_free(&caps[c]);
            free(cap_text[c]);
        }
        free(tkey);
        free(g.rows);
        return true;
    }

    xmlNodePtr parent = tables_parent(ac);
    bool perf = def && def->kind == TABLE_PERFORMANCE;
    xmlNodePtr t = xml_child(parent, perf ? "performance" : "table", NULL);
    xml_set(t, "def", def ? def->id : "unknown");
    if (!perf)
        xml_set(t, "variant", def ? def->variant : "unknown");
    const char *year = NULL, *unit = NULL, *entity = NULL;
    for (int c = 0; c < ncaps; c++) {
        year = year ? year : caps[c].year;
        unit = unit ? unit : caps[c].unit;
        entity = entity ? entity : caps[c].entity;
    }
    caption title_cap;
    memset(&title_cap, 0, sizeof title_cap);
    if (!year && titled) /* "…项目支出绩效自评表 (2024年度)" */
        parse_caption(&ac->ctx->vocab, title->trimmed, &title_cap);
    if (!year)
        year = title_cap.year;
    if (!perf) {
        xml_set(t, "number", number);
        xml_set(t, "entity", entity);
    }
    xml_set(t, "year", year);
    if (!perf)
        xml_set(t, "unit", unit);
    xml_set_long(t, "line", titled ? title->no : line_at(ac, gstart)->no);
    char *title_text = titled ? text_without_fields(title->trimmed, strlen(title->trimmed)) : NULL;
    text_el(t, "title", title_text ? title_text : "", titled ? title->no : line_at(ac, gstart)->no);
    free(title_text);
    if (!perf)
        for (int c = 0; c < ncaps; c++) {
            xmlNodePtr cn = text_el(t, "caption", cap_text[c] ? cap_text[c] : "", cap_lines[c]);
            xml_set(cn, "field", caps[c].field);
        }
    vote_add(&ac->entities, entity);
    vote_add(&ac->years, year);
    caption_free(&title_cap);
    vote_add(&ac->units, unit);
    if (def && !perf)
        vote_add(&ac->variants, def->variant);
    if (def) {
        for (size_t d = 0; d < ac->ctx->defs.count; d++)
            if (&ac->ctx->defs.tables[d] == def)
                ac->found_tables[d] = true;
        ac->tables_found++;
    }

    if (perf) {
        perf_source ps = {.no_positions = ac->src->format && !strcmp(ac->src->format, "flat"),
                          .band_of = ac->band_line,
                          .band_key = ac->band_key,
                          .title_key = tkey};
        int got = perf_read(ac->ctx, def, &g, t, ac->file, ac->diags, &ps);
        if (got != PERF_BAND) {
            free(ac->band_key);
            ac->band_key = NULL;
            ac->band_line = 0;
        }
        if (got == PERF_LABELS_ALONE && (ac->band_key = strdup(tkey)) != NULL)
            /* a form's labels alone: the pages after may be its columns */
            ac->band_line = titled ? title->no : line_at(ac, gstart)->no;
    } else {
        free(ac->band_key); /* another table: no form's columns go on after it */
        ac->band_key = NULL;
        ac->band_line = 0;
        if (def)
            recognise_table(ac->ctx, def, &g, t, ac->file, ac->diags);
        else
            recognise_unknown(ac->ctx, &g, t, ac->file, ac->diags);
    }
    if (!perf) {
        xml_set(t, "status", table_has_amounts(t) ? "data" : "empty");
        count_decimals(ac, t);
    }

    /* notes after the grid: 注：…, 说明：本表无数据, 备注 with its numbered lines */
    size_t m = gend;
    bool in_note = false, noted = false;
    xmlNodePtr last_note = NULL; /* the note a line wrapped from it goes on */
    xmlNodePtr grid_el = perf ? xmlLastElementChild(t) : NULL; /* perf: <grid> is last */
    while (m < ac->src->count) {
        const src_line *l = line_at(ac, m);
        if (src_line_blank(l)) {
            in_note = false;
            last_note = NULL;
            m++;
            continue;
        }
        if (l->grid)
            break;
        char *ord = NULL;
        text_strip_ordinal(l->trimmed, &ord);
        bool cont = in_note && ord != NULL;
        free(ord);
        if (!is_note_start(ac, l->trimmed) && !cont && !(noted && leads_to_note(ac, m))) {
            if (!last_note || !note_goes_on(ac, last_note, m))
                break;
            xmlNodeAddContent(last_note, BAD_CAST l->trimmed);
            /* the marker may be whole only with the wrapped line (「…故本表」 / 「无数据。」) */
            if (!perf && xmlStrEqual(last_note->name, BAD_CAST "note")) {
                xmlChar *all = xmlNodeGetContent(last_note);
                if (all && is_empty_marker(ac, (const char *)all))
                    xmlNodeSetName(last_note, BAD_CAST "empty");
                xmlFree(all);
            }
            m++;
            continue;
        }
        in_note = noted = true;
        if (perf) {
            xmlNodePtr r = xmlNewDocNode(t->doc, t->ns, BAD_CAST "remark", NULL);
            xmlNodeAddContent(r, BAD_CAST l->trimmed);
            xml_set_long(r, "line", l->no);
            if (grid_el)
                xmlAddPrevSibling(grid_el, r);
            else
                xmlAddChild(t, r);
            last_note = r;
        } else {
            last_note = text_el(t, is_empty_marker(ac, l->trimmed) ? "empty" : "note", l->trimmed, l->no);
        }
        m++;
    }
    ac->i = m;
    for (int c = 0; c < ncaps; c++) {
        caption_free(&caps[c]);
        free(cap_text[c]);
    }
    free(tkey);
    free(g.rows);
    return true;
}

/* ---------------------------------------------------------- text parts --- */

static void close_sections(asm_ctx *ac, int from_level)
{
    for (int k = from_level; k < 4; k++)
        ac->section[k] = NULL;
}

static xmlNodePtr text_parent(asm_ctx *ac)
{
    for (int k = 3; k >= 1; k--)
        if (ac->section[k])
            return ac->section[k];
    return ac->part_node;
}

static const char *overview_kind(const asm_ctx *ac, const char *title)
{
    const word_list *w = ac->ctx->vocab.lists;
    char *k = text_key(&ac->ctx->variants, title, strlen(title));
    const char *kind = "text";
    if (k && words_in(&w[V_DUTIES], k, NULL))
        kind = "duties";
    else if (k && words_in(&w[V_ORGANISATION], k, NULL))
        kind = "organisation";
    free(k);
    return kind;
}

static void open_section(asm_ctx *ac, const src_line *l, int level, char *ordinal)
{
    /* a section nests under the nearest open section of a lower level */
    xmlNodePtr parent = ac->part_node;
    for (int k = level - 1; k >= 1; k--)
        if (ac->section[k]) {
            parent = ac->section[k];
            break;
        }
    xmlNodePtr s = xml_child(parent, "section", NULL);
    const char *kind = "text";
    if (ac->part == PART_OVERVIEW) {
        kind = overview_kind(ac, l->trimmed);
        if (strcmp(kind, "text") == 0 && level > 1 && parent != ac->part_node) {
            xmlChar *pk = xmlGetProp(parent, BAD_CAST "kind");
            kind = pk && xmlStrcmp(pk, BAD_CAST "organisation") == 0 ? "organisation" : "text";
            xmlFree(pk);
        }
    }
    xml_set(s, "kind", kind);
    xml_set(s, "ordinal", ordinal);
    xml_set_long(s, "level", level);
    xml_set_long(s, "line", l->no);
    text_el(s, "title", l->trimmed, l->no);
    close_sections(ac, level);
    ac->section[level] = s;
}

/* The first line after line i that is not blank (src->count: none). */
static size_t next_filled(const asm_ctx *ac, size_t i)
{
    size_t m = i + 1;
    while (m < ac->src->count && src_line_blank(line_at(ac, m)))
        m++;
    return m;
}

/* Does line m begin a block of its own: a heading, a part, an ordinal, a list dash, a note
 * or a table's title? */
static bool starts_block(asm_ctx *ac, size_t m)
{
    const src_line *l = line_at(ac, m);
    if (title_before_grid(ac, m))
        return true;
    bool unknown;
    char *ord = NULL;
    bool starts = heading_level(ac, l->trimmed, &ord) > 0 ||
                  part_heading(ac, l, &unknown) != PART_NONE;
    free(ord);
    ord = NULL;
    text_strip_ordinal(l->trimmed, &ord);
    starts = starts || ord != NULL || str_starts(l->trimmed, "-") || is_note_start(ac, l->trimmed);
    free(ord);
    return starts;
}

/* Does a line begin with punctuation that ends a clause or sentence (，。；：、…): the rest
 * of the line above, which a text extraction broke off (no line of Chinese prose begins
 * so). */
static bool begins_with_mark(const asm_ctx *ac, const char *t)
{
    const word_list *w = ac->ctx->vocab.lists;
    return words_starts(&w[V_SENTENCE_END], t) || words_starts(&w[V_CLAUSE_END], t) ||
           words_starts(&w[V_LIST_MARK], t) || words_starts(&w[V_LEAD_IN], t) ||
           words_starts(&w[V_CLOSING], t) || text_bracket(t, false) > 0;
}

/* Does a line begin with a mark that ends a sentence or a clause (。，；): no printed line
 * of Chinese prose begins so, an opening bracket may. */
static bool begins_with_stop(const asm_ctx *ac, const char *t)
{
    const word_list *w = ac->ctx->vocab.lists;
    return words_starts(&w[V_SENTENCE_END], t) || words_starts(&w[V_CLAUSE_END], t);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The columns of a full line of prose: most lines of a text extraction's paragraphs fill
 * the page's width, so the 90th percentile of the text lines' widths is that width; in a
 * text of one line a paragraph it is far wider than any heading. */
long read_prose_measure(const src_doc *src)
{
    long *w = calloc(src->count + 1, sizeof *w);
    size_t n = 0;
    for (size_t i = 0; w && i < src->count; i++) {
        const src_line *l = &src->lines[i];
        if (!l->grid && !src_line_blank(l) && utf8_chars(l->trimmed, strlen(l->trimmed)) >= 15)
            w[n++] = text_columns(l->trimmed);
    }
    long m = 0;
    if (n) {
        qsort(w, n, sizeof *w, cmp_long);
        m = w[n * 9 / 10];
    }
    free(w);
    return m;
}

/* Does a line fill the width of the page (a text extraction's wrapped line)? */
static bool fills_measure(const asm_ctx *ac, long columns)
{
    return ac->measure > 0 && columns * 100 >= ac->measure * 85;
}

static bool fills_width(const asm_ctx *ac, const src_line *l)
{
    return fills_measure(ac, text_columns(l->trimmed));
}

/* Does a line begin with the end of a sentence begun above it and go on past it ("支出（项）。
 * 主要用于：…" under "21、…（款）机关事业单位基本养老保险"): a short run of words, a full stop,
 * more words. A paragraph's first sentence is seldom so short, and a heading is no sentence. */
static bool ends_sentence_early(const asm_ctx *ac, const char *t)
{
    size_t len = 0;
    const char *stop = words_in(&ac->ctx->vocab.lists[V_FULL_STOP], t, &len);
    return stop && stop > t && stop[len] && utf8_chars(t, (size_t)(stop - t)) <= 16;
}

/* Is a line that reads like a heading ("3、目前办公室实际有 78 人，其中…") the first line of
 * a paragraph a text extraction wrapped: unfinished, with a clause in it, followed by a line
 * that goes on with it, and either filling the width of the page or followed by the rest of
 * its clause (a line beginning with "，"), or filling the width, the line under it ending
 * the sentence early ("21、…养老保险" / "支出（项）。主要用于：…": an item's 项 named
 * over two lines)? */
static bool wrapped_first_line(asm_ctx *ac, const src_line *l)
{
    if (l->whole || ends_sentence(ac, l->trimmed)) /* a workbook's cell is whole */
        return false;
    size_t m = next_filled(ac, ac->i);
    const src_line *next = line_at(ac, m);
    if (!next || next->grid || starts_block(ac, m))
        return false;
    return begins_with_mark(ac, next->trimmed) ||
           (fills_width(ac, l) && (words_in(&ac->ctx->vocab.lists[V_CLAUSE_END], l->trimmed, NULL) ||
                                   ends_sentence_early(ac, next->trimmed)));
}

/* Does a text end on a clause's stop ("；"), ending a sentence but not for good? */
static bool ends_clause_stop(const asm_ctx *ac, const char *t, size_t n)
{
    const word_list *w = ac->ctx->vocab.lists;
    return words_ends(&w[V_SENTENCE_END], t, n) && !words_ends(&w[V_FULL_STOP], t, n);
}

/* Is the paragraph line i begins an item of a list: does the text before it end on a lead-in
 * ("…其中：") or on another item's "；"? Only an item ends on "；". */
static bool list_item(const asm_ctx *ac, size_t i)
{
    while (i-- > 0) {
        const src_line *l = line_at(ac, i);
        if (src_line_blank(l))
            continue;
        const char *t = l->trimmed;
        size_t n = strlen(t);
        return !l->grid && (words_ends(&ac->ctx->vocab.lists[V_LEAD_IN], t, n) ||
                            ends_clause_stop(ac, t, n));
    }
    return false;
}

/* A paragraph, joined with following lines when a sentence was wrapped: the paragraph is long
 * or its line fills the page's width, and it ends without punctuation; or the next line is
 * only punctuation ("。") or begins with the rest of a clause ("，…"). Leaves ac->i
 * on the last line it used; the caller sets @line and @endLine. */
static xmlNodePtr paragraph(asm_ctx *ac, xmlNodePtr parent, const char *el)
{
    const src_line *l = line_at(ac, ac->i);
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, l->trimmed);
    /* the columns of the printed line the paragraph has reached: pdftotext sets a line's
     * last characters apart when the PDF draws them back over its end (WPS squeezes "）。"),
     * so a line ending "（项）" and a line "。主要用" under it are one printed line */
    long printed = text_columns(l->trimmed);
    /* whether the paragraph has a clause in it, its words so far say (pdftotext -raw breaks
     * a sentence into short lines: "…各项级科目，" / "预决算持平的不用说明" / "变动原因。"),
     * but for one that begins with an ordinal only its last line: a heading wrapped over two
     * lines ("二、…（仅有一个单位的部门，本部分" / "内容为“机构设置”）") is not prose */
    char *ord = NULL;
    const char *rest = text_strip_ordinal(l->trimmed, &ord);
    bool numbered = ord != NULL, prose = false;
    /* an ordinal alone ("（一）" over "“三公”经费…说明。", set apart by pdftotext) begins the
     * text of the next line */
    bool alone = numbered && !*rest;
    free(ord);
    bool item = list_item(ac, ac->i);
    while (!l->whole) {
        size_t m = next_filled(ac, ac->i);
        const src_line *next = line_at(ac, m);
        if (!next || next->grid)
            break;
        bool starts_new = starts_block(ac, m);
        long next_chars = utf8_chars(next->trimmed, strlen(next->trimmed));
        bool goes_on = (next_chars <= 2 && ends_sentence(ac, next->trimmed)) ||
                       (!starts_new && begins_with_mark(ac, next->trimmed));
        /* a laid-out text's indentation, where it says (read_layout.c: mark_indents) */
        goes_on = goes_on || next->tail || (next->goes_on && !starts_new) ||
                  (!starts_new && (bracket_remark(next->trimmed) || alone));
        alone = false;
        /* a text that lost its first lines' indents (flattened, raw) still tells where a
         * full line's paragraph goes on: one that is no list's item never ends on "；"
         * ("…基本支出 XXX 万元，占 XX%；" / "项目支出…"), and a sentence that refers to the
         * one before it begins no paragraph ("…增长（下降）XX%。" / "主要原因：…") */
        if (!starts_new && sb.len && fills_measure(ac, printed))
            goes_on = goes_on || (!item && ends_clause_stop(ac, sb.data, sb.len)) ||
                      (ends_sentence(ac, sb.data) &&
                       words_starts(&ac->ctx->vocab.lists[V_REFERRING_LEAD], next->trimmed));
        /* the paragraph so far, not its last line, is long (a text extraction breaks lines
         * where the page did, and a page break leaves a short line mid-sentence), or it has
         * a clause in it (prose, not a title or a caption) */
        bool clause = words_in(&ac->ctx->vocab.lists[V_CLAUSE_END], numbered ? l->trimmed : sb.data,
                               NULL) != NULL;
        /* a paragraph never ends on a clause's or a list's mark: it went on past a line's
         * end mid-sentence, and is prose from there on ("四、其他收入：指…“财政拨款收入”、" /
         * "“事业收" / "入”" / "、“经营收入”…") */
        const word_list *w = ac->ctx->vocab.lists;
        if (!starts_new && sb.len && (words_ends(&w[V_CLAUSE_END], sb.data, sb.len) ||
                                      words_ends(&w[V_LIST_MARK], sb.data, sb.len)))
            prose = true;
        /* (whether a sentence ended, the paragraph so far says: a tail set apart may hold
         * only the remark after the sentence, "（如持平作持平表述）") */
        bool wrapped = !ends_sentence(ac, sb.data ? sb.data : "") && !starts_new &&
                       (utf8_chars(sb.data, sb.len) >= 40 || fills_measure(ac, printed) || clause ||
                        prose);
        if (!goes_on && !wrapped)
            break;
        /* a line begun with a stop (。，；) is the rest of the printed line above, set apart,
         * also when the paragraph had already reached the page's width ("…（项）" filling
         * it, "。主要" under it): the next line is measured from there */
        bool tail = next->tail ||
                    (goes_on && (begins_with_stop(ac, next->trimmed) ||
                                 (!wrapped && begins_with_mark(ac, next->trimmed))));
        printed = (tail ? printed : 0) + text_columns(next->trimmed);
        sb_adds(&sb, next->trimmed);
        l = next;
        ac->i = m;
    }
    char *text = sb_take(&sb);
    xmlNodePtr p = xml_child(parent, el, text ? text : "");
    free(text);
    return p;
}

/* The text of the paragraph line ac->i begins, as paragraph() joins it (malloc'd, NULL
 * when out of memory); leaves ac->i on its last line. */
static char *paragraph_text(asm_ctx *ac)
{
    xmlNodePtr scratch = xmlNewNode(NULL, BAD_CAST "p");
    xmlNodePtr p = scratch ? paragraph(ac, scratch, "p") : NULL;
    xmlChar *t = p ? xmlNodeGetContent(p) : NULL;
    char *text = t ? strdup((const char *)t) : NULL;
    xmlFree(t);
    xmlFreeNode(scratch);
    return text;
}

/* A heading wrapped over lines ("二、部门决算单位构成（仅有一个单位的部门，本部分内容" /
 * "为“机构设置”" / "）"): its first line, full and with a clause, reads like a wrapped
 * paragraph's, but the text it begins still reads as a heading (short, no sentence in
 * it). Opens the section and returns true. */
static bool heading_wrapped(asm_ctx *ac, const src_line *l)
{
    size_t from = ac->i;
    char *text = paragraph_text(ac);
    char *ord = NULL;
    int level = text && ac->i > from ? heading_level(ac, text, &ord) : 0;
    bool heading = level == 1 || level == 2;
    if (heading) {
        src_line h = *l;
        h.trimmed = text;
        open_section(ac, &h, level, ord);
        ac->i++;
    } else {
        ac->i = from;
    }
    free(ord);
    free(text);
    return heading;
}

/* An ordinal printed alone on its line with its heading's words on the next (pdftotext -raw
 * sets them apart: "（一）" / "“三公”经费…情况说明"): opens the section and returns true. */
static bool ordinal_alone(asm_ctx *ac, const src_line *l)
{
    if (l->whole)
        return false;
    char *o = NULL;
    const char *rest = text_strip_ordinal(l->trimmed, &o);
    bool alone = o && !*rest;
    free(o);
    if (!alone)
        return false;
    size_t m = next_filled(ac, ac->i);
    const src_line *next = line_at(ac, m);
    if (!next || next->grid || starts_block(ac, m))
        return false;
    src_line h = *l;
    h.trimmed = NULL;
    if (asprintf(&h.trimmed, "%s%s", l->trimmed, next->trimmed) < 0)
        return false;
    char *ord = NULL;
    int level = heading_level(ac, h.trimmed, &ord);
    bool heading = level == 1 || level == 2;
    if (heading) {
        open_section(ac, &h, level, ord);
        ac->i = m + 1;
    }
    free(ord);
    free(h.trimmed);
    return heading;
}

/* A glossary's "一、名词：定义" as a term of the part; false when the text is none. */
static bool glossary_term(asm_ctx *ac, const char *text, long line)
{
    char *o = NULL;
    const char *rest = text_strip_ordinal(text, &o);
    size_t clen = 0; /* 名词：定义 */
    const char *colon = words_in(&ac->ctx->vocab.lists[V_LEAD_IN], rest, &clen);
    bool is = o && colon && colon > rest;
    if (is) {
        xmlNodePtr term = xml_child(ac->part_node, "term", NULL);
        xml_set(term, "ordinal", o);
        xml_set_long(term, "line", line);
        char *name = text_trim(rest, (size_t)(colon - rest));
        xml_child(term, "name", name ? name : "");
        xml_child(term, "definition", colon + clen);
        free(name);
    }
    free(o);
    return is;
}

static void read_text_line(asm_ctx *ac)
{
    const src_line *l = line_at(ac, ac->i);
    long start = l->no;
    char *ord = NULL;
    int level = heading_level(ac, l->trimmed, &ord);
    if (level > 0 && wrapped_first_line(ac, l)) {
        free(ord);
        ord = NULL;
        level = 0;
        if (ac->part != PART_GLOSSARY && heading_wrapped(ac, l))
            return;
    }
    if (level == 0 && ac->part != PART_GLOSSARY && ordinal_alone(ac, l))
        return;
    xmlNodePtr parent = text_parent(ac);
    if (ac->part == PART_GLOSSARY) {
        /* the term is the paragraph its line begins: a text extraction wraps a definition
         * over lines ("八、年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金，或项" /
         * "目支出…"), sets its colon on the next line ("五、…结余" / "：指…", pdftotext -raw)
         * or its ordinal alone on a line ("十一、" / "“三公”经费：指…") */
        size_t from = ac->i;
        char *joined = paragraph_text(ac);
        bool term = joined && glossary_term(ac, joined, l->no);
        free(joined);
        if (term) {
            free(ord);
            ac->i++;
            return;
        }
        ac->i = from;
    }
    if (level > 0 && ac->part != PART_GLOSSARY) {
        if (ac->part == PART_OVERVIEW && level == 3 && ac->section[1]) {
            xmlChar *kind = xmlGetProp(ac->section[1], BAD_CAST "kind");
            bool duties = kind && xmlStrcmp(kind, BAD_CAST "duties") == 0;
            xmlFree(kind);
            if (duties) { /* a numbered duty is an item, short or long */
                free(ord);
                goto item;
            }
        }
        open_section(ac, l, level, ord);
        free(ord);
        ac->i++;
        return;
    }
    free(ord);
item:;
    char *n = NULL;
    if (ac->part == PART_OVERVIEW && ac->section[1]) {
        xmlChar *kind = xmlGetProp(ac->section[1], BAD_CAST "kind");
        bool duties = kind && xmlStrcmp(kind, BAD_CAST "duties") == 0;
        xmlFree(kind);
        if (duties)
            text_strip_ordinal(l->trimmed, &n);
    }
    xmlNodePtr p = paragraph(ac, parent, n ? "item" : "p");
    if (n)
        xml_set(p, "n", n);
    long end = line_at(ac, ac->i)->no;
    xml_set_long(p, "line", start);
    if (end != start)
        xml_set_long(p, "endLine", end);
    free(n);
    ac->i++;
}

/* ---------------------------------------------------------- staffing --- */

static bool is_label_char(const char *p, size_t len)
{
    /* CJK ideographs (3-byte UTF-8 in U+4E00–U+9FFF) and Latin letters make a label */
    if (len == 1)
        return (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
    if (len == 3) {
        unsigned cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) |
                      (unsigned)(p[2] & 0x3F);
        return cp >= 0x4E00 && cp <= 0x9FFF;
    }
    return false;
}

/* Staffing figures in the overview's text: "<label><n>人" (核定编制（共63人）, 实有78人 …). */
static void staffing_in(asm_ctx *ac, xmlNodePtr staffing_parent, xmlNodePtr *staffing,
                        const char *text, long line)
{
    const word_list *fillers = &ac->ctx->vocab.lists[V_STAFF_FILLER];
    const char *p = text;
    while (*p) {
        if (!(*p >= '0' && *p <= '9')) {
            p++;
            continue;
        }
        const char *num = p;
        while (*p >= '0' && *p <= '9')
            p++;
        /* a PDF's text layer often sets figures apart by a blank: 实际有 78 人 */
        const char *unit_at = p + (*p == ' ');
        size_t unit_len = words_starts(&ac->ctx->vocab.lists[V_STAFF_UNIT], unit_at);
        if (!unit_len)
            continue;
        /* walk back over label characters */
        const char *lab_end = num - (num > text && num[-1] == ' '), *lab = lab_end;
        while (lab > text) {
            const char *q = lab - 1;
            while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
                q--;
            if (!is_label_char(q, (size_t)(lab - q)))
                break;
            lab = q;
        }
        /* "核定编制（共63人）": the label is before the bracket */
        size_t open = lab - text >= 3 && text_bracket(lab - 3, true) == 3 ? 3
                      : lab > text && lab[-1] == '('                    ? 1
                                                                        : 0;
        if (lab_end - lab <= 3 && open) {
            const char *b = lab - open;
            const char *q = b;
            while (q > text) {
                const char *r = q - 1;
                while (r > text && ((unsigned char)*r & 0xC0) == 0x80)
                    r--;
                if (!is_label_char(r, (size_t)(q - r)))
                    break;
                q = r;
            }
            if (q < b) {
                lab = q;
                lab_end = b;
            }
        }
        for (size_t f = 0; f < fillers->count; f++) {
            size_t n = strlen(fillers->words[f]);
            if (text_match_simplified(fillers->tv, lab, fillers->words[f], n) && lab + n < lab_end) {
                lab += n;
                f = (size_t)-1;
            }
        }
        for (size_t f = 0; f < fillers->count; f++) {
            size_t n = strlen(fillers->words[f]);
            if (lab_end - lab > (long)n &&
                text_match_simplified(fillers->tv, lab_end - n, fillers->words[f], n))
                lab_end -= n;
        }
        if (lab_end > lab) {
            if (!*staffing)
                *staffing = xml_child(staffing_parent, "staffing", NULL);
            xmlNodePtr fig = xml_child(*staffing, "figure", NULL);
            char *label = xstrndup(lab, (size_t)(lab_end - lab));
            char *count = xstrndup(num, (size_t)(p - num));
            char *unit = xstrndup(unit_at, unit_len);
            xml_set(fig, "label", label);
            xml_set(fig, "count", count);
            xml_set(fig, "unit", unit);
            free(unit);
            xml_set_long(fig, "line", line);
            xml_set_long(fig, "pos", utf8_chars(text, (size_t)(num - text)) + 1);
            free(label);
            free(count);
        }
    }
}

/* Walks the overview; text inside 机构设置 (organisation) sections is scanned. */
static void collect_staffing(asm_ctx *ac, xmlNodePtr node, bool in_org, xmlNodePtr overview,
                             xmlNodePtr *staffing)
{
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(c->name, BAD_CAST "section") == 0) {
            xmlChar *kind = xmlGetProp(c, BAD_CAST "kind");
            bool org = kind && xmlStrcmp(kind, BAD_CAST "organisation") == 0;
            xmlFree(kind);
            collect_staffing(ac, c, in_org || org, overview, staffing);
        } else if (in_org) {
            xmlChar *txt = xmlNodeGetContent(c);
            xmlChar *ln = xmlGetProp(c, BAD_CAST "line");
            if (txt && ln)
                staffing_in(ac, overview, staffing, (const char *)txt,
                            strtol((const char *)ln, NULL, 10));
            xmlFree(txt);
            xmlFree(ln);
        }
    }
}

/* --------------------------------------------------------------- parts --- */

static void finish_part(asm_ctx *ac)
{
    if (ac->part == PART_OVERVIEW && ac->part_node) {
        xmlNodePtr staffing = NULL;
        collect_staffing(ac, ac->part_node, false, ac->part_node, &staffing);
    }
    ac->part_node = NULL;
    ac->part = PART_NONE;
    close_sections(ac, 1);
}

static void open_part(asm_ctx *ac, part_kind kind, const src_line *l, bool unknown)
{
    finish_part(ac);
    ac->part = kind;
    ac->found_parts[kind] = true;
    ac->part_node = xml_child(ac->root, part_kinds[kind], NULL);
    xml_set_long(ac->part_node, "line", l->no);
    text_el(ac->part_node, "heading", l->trimmed, l->no);
    if (unknown)
        diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-031", ac->file, l->no, 1,
                 "part heading '%s' names no known part (layout keywords in "
                 "schemas/tables/common.xml); its text is kept as narrative",
                 l->trimmed);
}

/* A grid in the overview that no title introduces and no definition fits (the Shanghai
 * template's list of the department's units: 序号 单位名称 备注 / 1 上海市 XX 局（本级）…,
 * ruled in a PDF, in columns of blanks in its layout text) is a list of the overview's text,
 * not a table of amounts: its rows are read as lines of the section, their cells one blank
 * apart, as the text readers give them. False when the grid is no such list (a definition
 * fits it, or it holds numbers other than its rows' own in its first column). */
static bool overview_list(asm_ctx *ac)
{
    if (ac->part != PART_OVERVIEW || !line_at(ac, ac->i)->grid)
        return false;
    size_t end = ac->i;
    while (end < ac->src->count && line_at(ac, end)->grid)
        end++;
    for (size_t k = ac->i; k < end; k++) { /* numbers only as its rows' numbers (序号) */
        const src_line *l = line_at(ac, k);
        bool first = true;
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (!*t)
                continue;
            cell_value v = cell_parse(&ac->ctx->vocab, t);
            if (!first && (v.kind == CELL_NUMBER || v.kind == CELL_NA))
                return false;
            first = false;
        }
    }
    table_grid g = {calloc(end - ac->i + 1, sizeof *g.rows), 0};
    if (!g.rows)
        return false;
    for (size_t k = ac->i; k < end; k++)
        g.rows[g.nrows++] = line_at(ac, k);
    bool list = !recognise_pick(ac->ctx, "", NULL, &g, vote_winner(&ac->variants));
    free(g.rows);
    if (!list)
        return false;
    xmlNodePtr parent = text_parent(ac);
    for (; ac->i < end; ac->i++) {
        const src_line *l = line_at(ac, ac->i);
        strbuf sb;
        sb_init(&sb);
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (!*t)
                continue;
            if (sb.len)
                sb_addc(&sb, ' ');
            sb_adds(&sb, t);
        }
        if (sb.len)
            text_el(parent, "p", sb.data, l->no);
        sb_free(&sb);
    }
    return true;
}

/* Does line l repeat the heading of the part open (its words, spaces aside)? A workbook
 * printed with the sheet's name as its page header (Excel's usual &A) sets a part's heading
 * at the top of every page of the part, over the sheet's own heading on its first page:
 * the part goes on, it does not begin again. */
static bool repeats_part_heading(const asm_ctx *ac, const src_line *l, part_kind pk)
{
    if (pk != ac->part || !ac->part_node)
        return false;
    xmlNodePtr h = ac->part_node->children;
    while (h && !(h->type == XML_ELEMENT_NODE && xmlStrEqual(h->name, BAD_CAST "heading")))
        h = h->next;
    xmlChar *was = h ? xmlNodeGetContent(h) : NULL;
    const text_variants *tv = &ac->ctx->variants;
    char *a = was ? text_key(tv, (const char *)was, strlen((const char *)was)) : NULL,
         *b = text_key(tv, l->trimmed, strlen(l->trimmed));
    bool same = a && b && *a && strcmp(a, b) == 0;
    free(a);
    free(b);
    xmlFree(was);
    return same;
}

static void read_body(asm_ctx *ac)
{
    while (ac->i < ac->src->count) {
        const src_line *l = line_at(ac, ac->i);
        if (src_line_blank(l)) {
            ac->i++;
            continue;
        }
        bool unknown;
        part_kind pk = part_heading(ac, l, &unknown);
        if (pk != PART_NONE) {
            if (unknown || !repeats_part_heading(ac, l, pk))
                open_part(ac, pk, l, unknown);
            ac->i++;
            continue;
        }
        if (overview_list(ac) || try_table(ac))
            continue;
        if (l->grid) { /* a grid that no title introduces and no definition fits */
            unrecognised(ac, ac->part_node ? text_parent(ac) : ac->root, l,
                         "a table row outside any recognised table");
            ac->i++;
            continue;
        }
        if (ac->part == PART_NONE) {
            unrecognised(ac, ac->root, l, "text before the first part heading");
            ac->i++;
            continue;
        }
        if (ac->part == PART_TABLES) {
            unrecognised(ac, ac->part_node, l, "text between tables that is not a table note");
            ac->i++;
            continue;
        }
        read_text_line(ac);
    }
    finish_part(ac);
}

/* ------------------------------------------------------------- header --- */

static void find_codes(asm_ctx *ac)
{
    /* 主管部门及代码 "002-阳城县…" and 预算单位 "002001-阳城县…" in performance forms */
    for (xmlNodePtr part = ac->root->children; part; part = part->next)
        for (xmlNodePtr t = part->children; t; t = t->next) {
            if (t->type != XML_ELEMENT_NODE || xmlStrcmp(t->name, BAD_CAST "performance") != 0)
                continue;
            for (xmlNodePtr f = t->children; f; f = f->next) {
                if (f->type != XML_ELEMENT_NODE)
                    continue;
                bool dept = xmlStrcmp(f->name, BAD_CAST "department") == 0;
                bool unit = xmlStrcmp(f->name, BAD_CAST "unit") == 0;
                if (!dept && !unit)
                    continue;
                xmlChar *code = xmlGetProp(f, BAD_CAST "code");
                if (code)
                    vote_add(dept ? &ac->dept_codes : &ac->unit_codes, (const char *)code);
                xmlFree(code);
            }
        }
}

static void fill_header(asm_ctx *ac)
{
    xmlNodePtr h = ac->header;
    xmlNodePtr entity = xml_child(h, "entity", NULL);
    const char *name = ac->cover_entity ? ac->cover_entity : vote_winner(&ac->entities);
    xml_set(entity, "name", name ? name : "");
    find_codes(ac);
    const char *unit_code = vote_winner(&ac->unit_codes);
    const char *dept_code = vote_winner(&ac->dept_codes);
    if (unit_code && strlen(unit_code) >= 6 && strlen(unit_code) <= 9)
        xml_set(entity, "unitCode", unit_code);
    if (dept_code && strlen(dept_code) >= 3 && strlen(dept_code) <= 6)
        xml_set(entity, "deptCode", dept_code);
    const word_list *w = ac->ctx->vocab.lists;
    const char *scope = "unknown";
    if (ac->title && words_in(&w[V_SCOPE_UNIT], ac->title, NULL))
        scope = "unit";
    else if (ac->title && words_in(&w[V_SCOPE_DEPARTMENT], ac->title, NULL))
        scope = "department";
    xml_set(entity, "scope", scope);
    if (!name)
        diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-032", ac->file, 1, 1,
                 "the reporting entity's name was found neither on the cover nor in table "
                 "captions");

    xmlNodePtr period = xml_child(h, "period", NULL);
    const char *year = ac->year ? ac->year : vote_winner(&ac->years);
    xml_set(period, "year", year ? year : "1900");
    if (!year)
        diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-033", ac->file, 1, 1,
                 "no fiscal year found in the title or the table captions; 1900 is written "
                 "as a placeholder");

    xmlNodePtr units = xml_child(h, "units", NULL);
    const char *unit = vote_winner(&ac->units);
    if (!unit) {
        unit = ac->ctx->vocab.default_unit->name;
        if (ac->tables_found)
            diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-034", ac->file, 1, 1,
                     "no table states its money unit (金额单位); %s is assumed", unit);
    }
    const money_unit *mu = vocab_unit(&ac->ctx->vocab, unit);
    xml_set(units, "currency", "CNY");
    xml_set(units, "unit", unit);
    xml_set_long(units, "scale", mu ? mu->scale : 0);
    int best = 2, best_n = 0;
    for (int d = 0; d < 7; d++)
        if (ac->decimals_hist[d] > best_n) {
            best_n = ac->decimals_hist[d];
            best = d;
        }
    xml_set_long(units, "decimals", best);

    xmlNodePtr source = xml_child(h, "source", NULL);
    xml_set(source, "file", ac->file);
    xml_set(source, "format", ac->src->format ? ac->src->format : "text");
    xml_set(source, "encoding", ac->src->encoding);
    xml_set_long(source, "bytes", (long)ac->src->bytes);
    /* the text's lines: a reader may make several grid lines of one (rows run together) */
    xml_set_long(source, "lines", ac->src->count ? ac->src->lines[ac->src->count - 1].no : 0);
    xml_set(source, "sha256", ac->src->sha256);
    char gen[64];
    snprintf(gen, sizeof gen, "gfa %s", gfa_version());
    xml_set(source, "generator", gen);
    if (ac->title)
        text_el(h, "title", ac->title, ac->title_line);
    for (int k = 0; k < ac->variants.n; k++)
        xml_child(h, "variant", ac->variants.v[k].value);
}

/* A part's name in messages: the first keyword of its layout (概况, 决算表 …). */
static const char *part_name(const asm_ctx *ac, part_kind kind)
{
    for (size_t k = 0; k < ac->ctx->defs.nparts; k++) {
        const layout_part *lp = &ac->ctx->defs.parts[k];
        if (!strcmp(lp->kind, part_kinds[kind]) && lp->keywords.count)
            return lp->keywords.keys[0];
    }
    return part_kinds[kind];
}

/* Says what a report lacks: parts, and tables of the variant it was read with. */
static void report_missing(asm_ctx *ac)
{
    strbuf sb;
    sb_init(&sb);
    for (int k = PART_OVERVIEW; k <= PART_GLOSSARY; k++)
        if (!ac->found_parts[k] && !(k == PART_TABLES && ac->tables_found))
            sb_addf(&sb, "%s%s", sb.len ? "、" : "", part_name(ac, (part_kind)k));
    const char *variant = vote_winner(&ac->variants);
    strbuf tables;
    sb_init(&tables);
    for (size_t d = 0; variant && d < ac->ctx->defs.count; d++) {
        const table_def *def = &ac->ctx->defs.tables[d];
        if (def->kind == TABLE_STANDARD && strcmp(def->variant, variant) == 0 &&
            !ac->found_tables[d])
            sb_addf(&tables, "%s%s%s%s", tables.len ? "、" : "", def->number ? def->number : "",
                    def->number ? " " : "", def->title);
    }
    long last = ac->src->count ? ac->src->lines[ac->src->count - 1].no : 1;
    if (tables.len)
        diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-040", ac->file, last, 1,
                 "tables of the %s set are missing: %s (a truncated report, or a variant "
                 "without them)",
                 variant, tables.data);
    if (sb.len && (ac->tables_found || ac->found_parts[PART_OVERVIEW]))
        diag_add(ac->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-041", ac->file, last, 1,
                 "parts of the report are missing: %s", sb.data);
    sb_free(&sb);
    sb_free(&tables);
}

/* The report's table set (recognise_set), from every title of a known table followed by
 * a grid, the number and the year its captions print: before any table is read, as
 * titles are shared between sets. */
static void choose_set(asm_ctx *ac)
{
    enum { MAX_TITLES = 64 };
    char *titles[MAX_TITLES], *numbers[MAX_TITLES];
    size_t n = 0;
    int year = 0;
    /* the standard tables' whole titles, to know most lines for none in one look-up; the
     * tables known by a title's end (and all, without the map) are matched one by one */
    const table_defs *defs = &ac->ctx->defs;
    strmap *whole = strmap_new();
    for (size_t d = 0; whole && d < defs->count; d++) {
        const table_def *def = &defs->tables[d];
        if (def->kind != TABLE_STANDARD || def->title_suffix)
            continue;
        for (size_t k = 0; whole && k < def->titles.count; k++)
            if (!strmap_put(whole, def->titles.keys[k], 1)) {
                strmap_free(whole);
                whole = NULL; /* then every definition is matched one by one */
            }
    }
    for (size_t i = 0; i < ac->src->count && n < MAX_TITLES; i++) {
        const src_line *l = line_at(ac, i);
        if (l->grid || src_line_blank(l))
            continue;
        char *key = title_key_of(&ac->ctx->vocab, l->trimmed);
        bool known = key && whole && strmap_get(whole, key, NULL);
        for (size_t d = 0; key && d < defs->count && !known; d++)
            known = defs->tables[d].kind == TABLE_STANDARD &&
                    (!whole || defs->tables[d].title_suffix) &&
                    recognise_title_matches(&defs->tables[d], key);
        if (!known || !title_before_grid(ac, i)) {
            free(key);
            continue;
        }
        char *number = NULL;
        for (size_t k = i + 1; k < ac->src->count && !line_at(ac, k)->grid; k++) {
            caption cap;
            parse_caption(&ac->ctx->vocab, line_at(ac, k)->trimmed, &cap);
            if (!number) {
                number = cap.number;
                cap.number = NULL;
            }
            if (!year && cap.year)
                year = atoi(cap.year);
            caption_free(&cap);
        }
        titles[n] = key;
        numbers[n++] = number;
    }
    strmap_free(whole);
    ac->set = recognise_set(ac->ctx, (const char *const *)titles, (const char *const *)numbers, n,
                            year);
    for (size_t i = 0; i < n; i++) {
        free(titles[i]);
        free(numbers[i]);
    }
}

gfa_status assemble_report(const gfa_context *ctx, const src_doc *src, xmlDocPtr *out,
                           gfa_diags *diags)
{
    *out = NULL;
    asm_ctx ac;
    memset(&ac, 0, sizeof ac);
    ac.ctx = ctx;
    ac.src = src;
    ac.diags = diags;
    ac.file = src->name;
    ac.found_tables = calloc(ctx->defs.count + 1, sizeof(bool));
    ac.doc = xmlNewDoc(BAD_CAST "1.0");
    /* a dictionary for the names, as a parsed document has: an element's or attribute's
     * name is then interned once, not copied and freed with each of thousands of nodes */
    if (ac.doc)
        ac.doc->dict = xmlDictCreate();
    if (!ac.doc || !ac.doc->dict || !ac.found_tables) {
        xmlFreeDoc(ac.doc);
        free(ac.found_tables);
        return GFA_ERR_NOMEM;
    }
    ac.root = xmlNewDocNode(ac.doc, NULL, BAD_CAST "report", NULL);
    xmlDocSetRootElement(ac.doc, ac.root);
    ac.ns = xmlNewNs(ac.root, BAD_CAST GFA_NS, NULL);
    xmlSetNs(ac.root, ac.ns);
    xml_set(ac.root, "version", GFA_INSTANCE_VERSION);
    ac.header = xml_child(ac.root, "header", NULL);

    choose_set(&ac);
    ac.measure = read_prose_measure(src);
    while (ac.i < src->count && src_line_blank(&src->lines[ac.i]))
        ac.i++;
    read_front(&ac);
    read_contents(&ac);
    read_body(&ac);
    fill_header(&ac);

    gfa_status st = GFA_OK;
    bool has_parts = false;
    for (int k = PART_OVERVIEW; k <= PART_ATTACHMENTS; k++)
        has_parts |= ac.found_parts[k];
    if (ac.over_limit) {
        st = GFA_ERR_INPUT;
    } else if (!ac.tables_found && !has_parts && !ac.title) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-001", ac.file, 1, 1,
                 "this is not a final-accounts report: no title with 决算, no part headings "
                 "(第一部分 概况 …) and no known table were found");
        st = GFA_ERR_INPUT;
    } else {
        report_missing(&ac);
    }
    votes_free(&ac.entities);
    votes_free(&ac.years);
    votes_free(&ac.units);
    votes_free(&ac.dept_codes);
    votes_free(&ac.unit_codes);
    votes_free(&ac.variants);
    free(ac.title);
    free(ac.band_key);
    free(ac.cover_entity);
    free(ac.year);
    free(ac.found_tables);
    if (st != GFA_OK) {
        xmlFreeDoc(ac.doc);
        return st;
    }
    *out = ac.doc;
    return GFA_OK;
}

/* ------------------------------------------- for the layout engine (read_layout.c) --- */
/* The layout engine decides where a table's grid ends before the assembler runs; these
 * let it ask the assembler's own questions (with the context's vocabulary) instead of
 * keeping a second copy of the words. */

char *read_title_key(const gfa_context *ctx, const char *title)
{
    return title_key_of(&ctx->vocab, title);
}

/* Where the text's last opening bracket is left open ("…自评表 (2024年"): its byte
 * offset, else -1. */
static bool fullwidth_paren(const char *s, unsigned char last) /* （ 0x88, ） 0x89: U+FF08/9 */
{
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xEF && u[1] == 0xBC && u[2] == last;
}

static long open_bracket(const char *s)
{
    long at = -1;
    for (size_t i = 0; s[i]; i++) /* UTF-8: ASCII bytes and lead bytes are never inside one */
        if (s[i] == '(' || fullwidth_paren(s + i, 0x88))
            at = (long)i;
        else if (s[i] == ')' || fullwidth_paren(s + i, 0x89))
            at = -1;
    return at;
}

bool read_title_tail(const char *title, const char *line)
{
    if (open_bracket(title) < 0)
        return false;
    char *t = text_trim(line, strlen(line));
    bool closes = false;
    for (size_t i = 0; t && t[i] && !closes; i++)
        closes = t[i] == ')' || fullwidth_paren(t + i, 0x89);
    bool yes = t && *t && utf8_chars(t, strlen(t)) <= 6 && open_bracket(t) < 0 && closes;
    free(t);
    return yes;
}

bool read_note_start(const gfa_context *ctx, const char *text)
{
    asm_ctx ac = {.ctx = ctx};
    return is_note_start(&ac, text);
}

bool read_part_heading(const gfa_context *ctx, const char *text)
{
    asm_ctx ac = {.ctx = ctx};
    src_line l = {.trimmed = (char *)text};
    bool unknown;
    return part_heading(&ac, &l, &unknown) != PART_NONE && !unknown;
}
