/* check_hygiene.c — the errors real reports are full of: template placeholders left in
 * (XX, XXX), alternatives never resolved (增加（减少）), a percentage without its %, a share
 * over 100%, a decimal comma (49,908 in a row of 50s), doubled words (用于用于), a table
 * caption naming another unit, a sentence cut off, more decimals than the report states.
 * The word lists are data (schemas/rules/narrative.xml). */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

static long line_of(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const char *l = xml_attr(n, "line");
        if (l)
            return strtol(l, NULL, 10);
    }
    return 0;
}

/* What an element is to the text walk: a text element to scan (paragraphs, items, titles,
 * captions, notes, terms, form texts), a part whose texts are prose, one skipped whole,
 * or one to go into. One pass over a name table per element (the walk meets every cell). */
typedef enum text_role { T_INTO, T_TEXT, T_SKIP, T_NARRATIVE, T_OVERVIEW } text_role;

static text_role text_role_of(xmlNodePtr n)
{
    static const struct {
        const char *name;
        text_role role;
    } roles[] = {{"p", T_TEXT},          {"item", T_TEXT},        {"title", T_TEXT},
                 {"caption", T_TEXT},    {"note", T_TEXT},        {"empty", T_TEXT},
                 {"definition", T_TEXT}, {"name", T_TEXT},        {"target", T_TEXT},
                 {"actual", T_TEXT},     {"analysis", T_TEXT},    {"line", T_TEXT},
                 {"heading", T_TEXT},    {"entry", T_TEXT},       {"grid", T_SKIP},
                 {"validation", T_SKIP}, {"header", T_SKIP},      {"contents", T_SKIP},
                 {"narrative", T_NARRATIVE}, {"overview", T_OVERVIEW}};
    if (n->type != XML_ELEMENT_NODE)
        return T_SKIP;
    const char *name = (const char *)n->name;
    for (size_t i = 0; i < ARRAY_LEN(roles); i++)
        if (name[0] == roles[i].name[0] && !strcmp(name, roles[i].name))
            return roles[i].role;
    return T_INTO;
}

typedef void (*text_fn)(vrun *v, const rule *r, xmlNodePtr el, const char *text);

/* scope: which parts' texts a check reads */
enum { SCOPE_ALL, SCOPE_PROSE /* 概况 and 情况说明 */, SCOPE_NARRATIVE /* 情况说明 */ };

/* The report's texts, collected once per run for all the hygiene checks. */
typedef struct text_item {
    xmlNodePtr node;
    const char *text; /* node_text's: borrowed, or copy */
    xmlChar *copy;
    bool prose, narrative;
} text_item;

typedef struct text_list {
    text_item *items;
    size_t n, cap;
} text_list;

void text_list_free(void *p)
{
    text_list *l = p;
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        xmlFree(l->items[i].copy);
    free(l->items);
    free(l);
}

static void collect_texts(text_list *l, xmlNodePtr n, bool in_prose, bool in_narrative)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        text_role role = text_role_of(c);
        if (role == T_SKIP)
            continue;
        bool narr = in_narrative || role == T_NARRATIVE;
        bool prose = in_prose || narr || role == T_OVERVIEW;
        if (role != T_TEXT) {
            collect_texts(l, c, prose, narr);
            continue;
        }
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 256;
            text_item *items = realloc(l->items, cap * sizeof *items);
            if (!items)
                return;
            l->items = items;
            l->cap = cap;
        }
        xmlChar *copy;
        const char *t = node_text(c, &copy);
        if (t)
            l->items[l->n++] = (text_item){c, t, copy, prose, narr};
    }
}

static void walk_texts(vrun *v, const rule *r, text_fn fn, int scope)
{
    if (!v->texts) {
        text_list *l = calloc(1, sizeof *l);
        if (!l)
            return;
        collect_texts(l, xmlDocGetRootElement(v->doc), false, false);
        v->texts = l;
    }
    const text_list *l = v->texts;
    for (size_t i = 0; i < l->n; i++) {
        const text_item *t = &l->items[i];
        if (scope == SCOPE_ALL || (scope == SCOPE_PROSE && t->prose) ||
            (scope == SCOPE_NARRATIVE && t->narrative))
            fn(v, r, t->node, t->text);
    }
}

static void find_x(vrun *v, const rule *r, xmlNodePtr el, const char *text, const char *hit,
                   size_t hitlen, const char *reported, const char *expected);

static void find(vrun *v, const rule *r, xmlNodePtr el, const char *text, const char *hit,
                 size_t hitlen, const char *reported)
{
    find_x(v, r, el, text, hit, hitlen, reported, NULL);
}

/* A hit in a text: where it is, what was printed and (when known) what it should be. */
static void find_x(vrun *v, const rule *r, xmlNodePtr el, const char *text, const char *hit,
                   size_t hitlen, const char *reported, const char *expected)
{
    long line = line_of(el);
    char what[256];
    snprintf(what, sizeof what, "line %ld: %.*s", line, (int)hitlen, hit);
    fact at;
    memset(&at, 0, sizeof at);
    at.node = el;
    at.line = line;
    at.pos = xml_attr(el, "endLine") ? 0 : utf8_chars(text, (size_t)(hit - text)) + 1;
    finding *f = vrun_fail(v, r, what, &at);
    if (!f)
        return;
    if (reported)
        f->reported = strdup(reported);
    if (expected)
        f->expected = strdup(expected);
    f->kind = VK_TEXT;
    /* a little context around the hit */
    const char *from = utf8_back_visible(text, hit, 8);
    const char *to = utf8_forward_visible(hit + hitlen, NULL, 8);
    char *context = xstrndup(from, (size_t)(to - from));
    vrun_message(v, f, &(msg_args){.text = context});
    finding_set_lockey(f, context); /* the words around it, not the line */
    free(context);
}

/* --------------------------------------------------- word-list checks --- */

static void placeholders(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    const ruleset *rs = v->rules;
    /* longest placeholder first, each spot reported once */
    for (const char *p = text; *p;) {
        size_t best = 0;
        unsigned char b = (unsigned char)*p;
        if (!(rs->placeholder_leads[b / 8] & (1u << (b % 8)))) { /* at every byte: most end here */
            p++;
            continue;
        }
        for (size_t i = 0; i < rs->nplaceholders; i++) {
            if (rs->placeholders[i][0] != *p)
                continue;
            size_t l = strlen(rs->placeholders[i]);
            if (l > best && !strncmp(p, rs->placeholders[i], l))
                best = l;
        }
        if (best) {
            /* "XX" inside a Latin word (XXL, MAXX) is not a placeholder */
            bool latin_before = p > text && ((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'));
            bool latin_after = (p[best] >= 'A' && p[best] <= 'Z') || (p[best] >= 'a' && p[best] <= 'z');
            if (!latin_before && !latin_after)
                find(v, r, el, text, p, best, NULL);
            p += best;
        } else {
            p++;
        }
    }
}

static void alternatives(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    const ruleset *rs = v->rules;
    /* a Traditional copy (增加（減少）) is searched in its Simplified form: same offsets */
    size_t len = strlen(text);
    const text_variants *tv = &v->ctx->variants;
    char *simple = text_has_traditional(tv, text, len) ? text_simplify(tv, text, len) : NULL;
    const char *s = simple ? simple : text;
    for (size_t i = 0; i < rs->nalternatives; i++)
        for (const char *p = strstr(s, rs->alternatives[i]); p; p = strstr(p + 1, rs->alternatives[i]))
            find(v, r, el, text, text + (p - s), strlen(rs->alternatives[i]), NULL);
    free(simple);
}

/* ---------------------------------------------------- number checks --- */

/* Numbers after 占比/增长/下降… : without % (a warning), or a share above 100%. */
static void percent_checks(vrun *v, const rule *r, xmlNodePtr el, const char *text, bool over_100)
{
    const word_list *w = v->ctx->vocab.lists;
    bool has_zhan = over_100 && words_in(&w[V_SHARE], text, NULL) != NULL;
    for (const char *p = text; *p; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > text && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.')))
            continue;
        const char *e = p;
        while ((*e >= '0' && *e <= '9') || (*e == '.' && e[1] >= '0' && e[1] <= '9'))
            e++;
        size_t before = (size_t)(p - text);
        bool noun = words_ends(&w[V_SHARE_NOUN], text, before) > 0;
        bool particle = words_ends(&w[V_SHARE_PARTICLE], text, before) > 0;
        char num[64]; /* the number as printed (made when a check needs it) */
        int numlen = (int)(e - p) < (int)sizeof num - 1 ? (int)(e - p) : (int)sizeof num - 1;
        size_t fw;
        if (over_100) {
            bool share = noun || (particle && has_zhan);
            if (share && (*e == '%' || text_fullwidth_ascii(e, &fw) == '%')) {
                gfa_dec d, hundred = {100, 0};
                snprintf(num, sizeof num, "%.*s", numlen, p);
                /* "占…的" must really be a share: look for 占 in the same clause */
                const char *clause = p;
                while (clause > text && !words_ends(&w[V_CLAUSE_END], text, (size_t)(clause - text)))
                    clause--;
                bool zhan = noun;
                for (const char *q = clause; q < p && !zhan; q++)
                    zhan = words_starts(&w[V_SHARE], q) > 0;
                if (zhan && dec_parse(num, strlen(num), &d) == DEC_OK && dec_cmp(d, hundred) > 0)
                    find(v, r, el, text, p, (size_t)(e - p) + 1, num);
            }
            continue;
        }
        /* a percentage printed without its %: a decimal number after 占比/增长/下降 that is
         * followed by punctuation, not by a unit */
        bool led = noun || particle || words_ends(&w[V_PERCENT_LEAD], text, before);
        if (!led || particle || !memchr(p, '.', (size_t)numlen))
            continue;
        bool punct = !*e || words_starts(&w[V_SENTENCE_END], e) || words_starts(&w[V_CLAUSE_END], e);
        if (punct) {
            snprintf(num, sizeof num, "%.*s", numlen, p);
            find(v, r, el, text, p, (size_t)(e - p), num);
        }
    }
}

static void percent_sign(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    percent_checks(v, r, el, text, false);
}

static void share_over_100(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    percent_checks(v, r, el, text, true);
}

/* 用于用于, 检查检查, 的的 … */
static void doubled_words(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    const word_list *w = v->ctx->vocab.lists;
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)text[i] & 0xF0) != 0xE0) /* CJK ideographs are 3-byte UTF-8 */
            continue;
        for (size_t len = 6; len <= 12; len += 3) { /* 2–4 characters repeated */
            if (i + 2 * len > n || text[i + 2] != text[i + len + 2] || /* (most differ here) */
                memcmp(text + i, text + i + len, len) != 0)
                continue;
            bool cjk = true;
            for (size_t k = 0; k < len; k += 3)
                cjk &= ((unsigned char)text[i + k] & 0xF0) == 0xE0 &&
                       !words_starts(&w[V_CLAUSE_END], text + i + k) &&
                       !words_starts(&w[V_LIST_MARK], text + i + k);
            if (cjk) {
                find(v, r, el, text, text + i, 2 * len, NULL);
                i += 2 * len - 1;
                break;
            }
        }
        size_t doubled = words_starts(&w[V_DOUBLED], text + i);
        if (doubled) {
            find(v, r, el, text, text + i, doubled, NULL);
            i += doubled - 1;
        }
    }
}

/* A paragraph ends like a sentence, or with a bracket closing an aside (…（详见附件）). */
static bool terminal(const gfa_vocab *vc, const char *t)
{
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    return vocab_ends_sentence(vc, t, n) || (n >= 1 && t[n - 1] == ')') ||
           (n >= 3 && text_bracket(t + n - 3, false) == 3);
}

static void cut_sentences(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    if (!(xml_is(el, "p") || xml_is(el, "item")) || terminal(&v->ctx->vocab, text) ||
        utf8_chars(text, strlen(text)) < 15)
        return;
    const char *end = text + strlen(text);
    const char *from = utf8_back_visible(text, end, 6);
    find(v, r, el, text, from, (size_t)(end - from), NULL);
}

/* ------------------------------------------------------------- names --- */

/* The UTF-8 length of the character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Compares the characters of name with those of the text at s: how many differ (the
 * same number of characters); *len the bytes of s they take; -1 when s is shorter. Stops
 * at more than max differences (returning them, *len and *ends_same unset). */
static int char_diffs(const text_variants *tv, const char *s, const char *name, int max, size_t *len,
                      bool *ends_same, bool *starts_same)
{
    int diffs = 0;
    size_t i = 0, j = 0;
    bool first = true;
    *ends_same = false;
    while (name[j]) {
        if (!s[i])
            return -1;
        size_t a = char_len(s + i), b = char_len(name + j);
        /* a Traditional character reads as its Simplified form (預算 is 预算) */
        bool same = a == b && text_match_simplified(tv, s + i, name + j, a);
        if (first)
            *starts_same = same;
        first = false;
        diffs += !same;
        if (diffs > max)
            return diffs;
        i += a;
        j += b;
        *ends_same = same;
    }
    *len = i;
    return diffs;
}

/* A fund or budget name written wrong: a run of characters as long as a name of the
 * vocabulary's fund list, beginning and ending as it does and differing in one character
 * (two in a name of eight or more): 国有资产经营预算 for 国有资本经营预算. */
static void fund_names(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    const word_list *funds = &v->ctx->vocab.lists[V_FUND];
    for (const char *p = text; *p;) {
        size_t step = char_len(p), hit = 0;
        const char *want = NULL;
        bool exact = false;
        /* a name is looked at only where its first character is: both an exact name and a
         * misspelt one begin as it does (the key skips the others without comparing) */
        uint32_t first = text_first_simplified(&v->ctx->variants, p);
        /* (a name beginning with no three-byte character cannot begin as one does) */
        for (size_t k = 0; k < funds->count && !exact && words_may_begin(funds, first); k++) {
            const char *name = funds->words[k];
            if (funds->firsts[k] && funds->firsts[k] != first)
                continue;
            size_t len = 0;
            bool ends = false, starts = false;
            int d = char_diffs(&v->ctx->variants, p, name, 2, &len, &ends, &starts);
            if (d == 0) {
                exact = true;
                hit = len;
            } else if (d > 0 && starts && ends && (d == 1 || (d == 2 && utf8_chars(name, strlen(name)) >= 8)) &&
                       !want) {
                want = name;
                hit = len;
            }
        }
        if (!exact && want) {
            char *printed = xstrndup(p, hit);
            find_x(v, r, el, text, p, hit, printed, want);
            free(printed);
        }
        p += hit ? hit : step;
    }
}

/* A money unit cut short: 1.48万。 where the unit is 万元 — the short form of a unit right
 * after a number and right before a clause or sentence ends. */
static void cut_units(vrun *v, const rule *r, xmlNodePtr el, const char *text)
{
    const gfa_vocab *vc = &v->ctx->vocab;
    const word_list *w = vc->lists;
    for (const char *p = text; *p; p++) {
        if (!(*p >= '0' && *p <= '9'))
            continue;
        const char *q = p + strspn(p, "0123456789.,");
        q += *q == ' ' && q[1] != ' '; /* 1.48 万。 as a PDF's text layer sets it */
        for (size_t u = 0; u < vc->nunits; u++) {
            size_t s = words_starts(&vc->units[u].shorts, q);
            if (!s || text_match_simplified(vc->variants, q, vc->units[u].name, strlen(vc->units[u].name)))
                continue;
            if (words_starts(&w[V_SENTENCE_END], q + s) || words_starts(&w[V_CLAUSE_END], q + s) ||
                !q[s]) {
                char *printed = xstrndup(p, (size_t)(q + s - p));
                char *want = NULL;
                if (asprintf(&want, "%.*s%s", (int)(q - p), p, vc->units[u].name) < 0)
                    want = NULL;
                find_x(v, r, el, text, p, (size_t)(q + s - p), printed, want);
                free(printed);
                free(want);
            }
            break;
        }
        p = q - 1 + (q == p);
    }
}

/* ------------------------------------------------------ table checks --- */

static void caption_entity(vrun *v, const rule *r)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    const char *cover = NULL;
    for (xmlNodePtr h = root->children; h; h = h->next)
        if (xml_is(h, "header"))
            for (xmlNodePtr e = h->children; e; e = e->next)
                if (xml_is(e, "entity"))
                    cover = xml_attr(e, "name");
    char *cover_key = cover ? text_key(&v->ctx->variants, cover, strlen(cover)) : NULL;
    for (size_t i = 0; cover_key && i < v->facts.ntables; i++) {
        const table_info *ti = &v->facts.tables[i];
        const char *ent = xml_attr(ti->node, "entity");
        if (!ent)
            continue;
        char what[128];
        snprintf(what, sizeof what, "%s caption entity", ti->def);
        char *k = text_key(&v->ctx->variants, ent, strlen(ent));
        bool same = k && !strcmp(k, cover_key);
        free(k);
        if (same) {
            vrun_pass(v, r, what);
            continue;
        }
        finding *f = vrun_fail_table(v, r, what, ti);
        if (!f)
            continue;
        vrun_message(v, f, &(msg_args){.text = ent, .detail = cover});
    }
    free(cover_key);
}

static void precision(vrun *v, const rule *r)
{
    for (size_t i = 0; i < v->facts.count; i++) {
        const fact *x = &v->facts.items[i];
        if (x->kind != CELL_NUMBER || xml_attr(x->row_node, "unit") ||
            x->value.scale <= v->facts.decimals)
            continue;
        finding *f = vrun_fail(v, r, "precision", x);
        if (!f)
            continue;
        f->reported = dec_text(x->value);
        char decimals[16];
        snprintf(decimals, sizeof decimals, "%d", v->facts.decimals);
        vrun_message(v, f, &(msg_args){.detail = decimals});
    }
}

/* 49,908 where the same fund row budgets 50: a decimal comma (49.908). */
static void decimal_commas(vrun *v, const rule *r, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xml_is(c, "grid"))
            continue;
        if (!xml_is(c, "fund")) {
            decimal_commas(v, r, c);
            continue;
        }
        for (xmlNodePtr a = c->children; a; a = a->next) {
            const char *printed = xml_is(a, "amt") ? xml_attr(a, "text") : NULL;
            if (!looks_like_decimal_comma(printed))
                continue;
            char with_point[64];
            snprintf(with_point, sizeof with_point, "%s", printed);
            *strchr(with_point, ',') = '.';
            gfa_dec pointed;
            bool misprint = comma_is_point(c, a, &pointed);
            char what[128];
            const char *aline = xml_attr(a, "line");
            snprintf(what, sizeof what, "line %s decimal comma %s", aline ? aline : "?", printed);
            if (!misprint) {
                vrun_pass(v, r, what);
                continue;
            }
            fact at;
            memset(&at, 0, sizeof at);
            at.table = "perf";
            at.row = xml_attr(c, "source") ? xml_attr(c, "source") : "";
            at.col = xml_attr(a, "field");
            at.node = a;
            const char *l = xml_attr(a, "line"), *p = xml_attr(a, "pos");
            at.line = l ? strtol(l, NULL, 10) : 0;
            at.pos = p ? strtol(p, NULL, 10) : 0;
            finding *f = vrun_fail(v, r, what, &at);
            if (!f)
                continue;
            f->reported = strdup(printed);
            f->expected = strdup(with_point);
            f->kind = VK_TEXT; /* two printed forms of one number */
            const char *project = "";
            for (xmlNodePtr q = c; q; q = q->parent)
                if (xml_is(q, "performance"))
                    for (xmlNodePtr pj = q->children; pj; pj = pj->next)
                        if (xml_is(pj, "project"))
                            project = xml_attr(pj, "name");
            /* named by the form's field labels (table "perf"), then without a table: two
             * forms' cells must never be taken for one when root causes are grouped */
            vrun_message(v, f, &(msg_args){.text = project, .table = "绩效自评表"});
            char *key = NULL;
            if (asprintf(&key, "perf/%s/%s/%s", project ? project : "", at.row, at.col ? at.col : "") >= 0)
                finding_set_lockey(f, key);
            free(key);
            free(f->table);
            f->table = NULL;
        }
    }
}

/* GFA-TXT-012: an amount the reader recovered from an OCR misreading (letters for digits,
 * a dropped decimal point; the reader marks it certain="false"): what was printed and how
 * it was read, for a person to check against the original. */
static void ocr_values(vrun *v, const rule *r)
{
    const ocr_digits *o = &v->ctx->ocr;
    for (size_t i = 0; i < v->facts.count; i++) {
        const fact *x = &v->facts.items[i];
        const char *certain = x->kind == CELL_NUMBER ? xml_attr(x->node, "certain") : NULL;
        const char *printed = certain && !strcmp(certain, "false") ? xml_attr(x->node, "text") : NULL;
        if (!printed || strchr(printed, ','))
            continue; /* a decimal comma is another doubt */
        bool letters = false;
        for (const char *p = printed; *p && !letters; p++)
            letters = (unsigned char)*p < 128 && o->digits[(unsigned char)*p][0] &&
                      !(*p >= '0' && *p <= '9');
        char what[160];
        snprintf(what, sizeof what, "%s/%s/%s ocr", x->table, x->row, x->col);
        finding *f = vrun_fail(v, r, what, x);
        if (!f)
            continue;
        f->reported = strdup(printed);
        f->expected = dec_text(x->value);
        f->kind = VK_TEXT; /* two printed forms of one number */
        const char *alts = xml_attr(x->node, "alternatives");
        char *detail = NULL;
        alts = letters ? alts : NULL; /* a dropped point's other reading is the printed one */
        if (asprintf(&detail, "%s%s%s", letters ? "字母误作数字" : "小数点脱漏",
                     alts ? "，也可能是 " : "", alts ? alts : "") < 0)
            detail = NULL;
        vrun_message(v, f, &(msg_args){.detail = detail});
        free(detail);
    }
}

void check_hygiene(vrun *v, const rule *r, const rule_check *c)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    if (!root)
        return;
    switch ((hygiene_check)c->check) {
    case HYG_PLACEHOLDER: walk_texts(v, r, placeholders, SCOPE_ALL); break;
    case HYG_ALTERNATIVE: walk_texts(v, r, alternatives, SCOPE_ALL); break;
    case HYG_PERCENT_SIGN: walk_texts(v, r, percent_sign, SCOPE_PROSE); break;
    case HYG_SHARE_OVER_100: walk_texts(v, r, share_over_100, SCOPE_PROSE); break;
    case HYG_DOUBLED_WORD: walk_texts(v, r, doubled_words, SCOPE_PROSE); break;
    case HYG_CUT_SENTENCE: walk_texts(v, r, cut_sentences, SCOPE_NARRATIVE); break;
    case HYG_FUND_NAME: walk_texts(v, r, fund_names, SCOPE_ALL); break;
    case HYG_CUT_UNIT: walk_texts(v, r, cut_units, SCOPE_NARRATIVE); break;
    case HYG_CAPTION_ENTITY: caption_entity(v, r); return;
    case HYG_PRECISION:
        precision(v, r);
        vrun_pass(v, r, "amounts scanned");
        return;
    case HYG_DECIMAL_COMMA:
        decimal_commas(v, r, root);
        vrun_pass(v, r, "forms scanned");
        return;
    case HYG_OCR_DIGIT:
        ocr_values(v, r);
        vrun_pass(v, r, "amounts scanned");
        return;
    }
    /* every text was looked at: one ledger line says so for the scanning checks */
    vrun_pass(v, r, "texts scanned");
}
