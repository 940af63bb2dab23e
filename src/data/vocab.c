/* vocab.c — the vocabulary (schemas/vocab/[*].xml, checked against schemas/gfa-vocab.xsd):
 * the words the reader and the checks recognise a report by, the money units, the main
 * tables of GFA-VAL-001 and the performance forms' score weight (issue 9, "Vocabulary in
 * C"). Every word enters through vocab_word(), in the form its list is matched in. */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>

#define VOCAB_NS "urn:gfa:vocab:1"

typedef enum word_form {
    FORM_PRINTED, /* as printed */
    FORM_NFKC,    /* after NFKC: the text it is looked for in is NFKC too */
    FORM_KEY,     /* a matching key (text_key) */
    FORM_MARK,    /* a mark as printed and, when it differs, its NFKC form */
} word_form;

/* The lists by their name in the files (the listName type of gfa-vocab.xsd). */
static const struct {
    const char *name;
    word_form form;
} lists[V_LISTS] = {
    [V_PART_START] = {"part-heading-start", FORM_PRINTED},
    [V_PART_END] = {"part-heading-end", FORM_PRINTED},
    [V_CONTENTS] = {"contents-heading", FORM_KEY},
    [V_TITLE_WORD] = {"title-word", FORM_KEY},
    [V_YEAR_MARK] = {"year-mark", FORM_KEY},
    [V_TABLE_TITLE_END] = {"table-title-end", FORM_KEY},
    [V_TABLE_NUMBER] = {"table-number", FORM_NFKC},
    [V_ENTITY_LABEL] = {"entity-label", FORM_NFKC},
    [V_UNIT_LABEL] = {"unit-label", FORM_NFKC},
    [V_NOT_UNIT_LABEL] = {"not-unit-label", FORM_NFKC},
    [V_NOTE_START] = {"note-start", FORM_PRINTED},
    [V_NOT_APPLICABLE] = {"not-applicable", FORM_PRINTED},
    [V_DUTIES] = {"overview-duties", FORM_KEY},
    [V_ORGANISATION] = {"overview-organisation", FORM_KEY},
    [V_SCOPE_UNIT] = {"scope-unit", FORM_PRINTED},
    [V_SCOPE_DEPARTMENT] = {"scope-department", FORM_PRINTED},
    [V_STAFF_UNIT] = {"staffing-unit", FORM_PRINTED},
    [V_STAFF_FILLER] = {"staffing-filler", FORM_PRINTED},
    [V_STAFF_TOTAL] = {"staffing-total", FORM_PRINTED},
    [V_STAFF_BREAKDOWN] = {"staffing-breakdown", FORM_PRINTED},
    [V_TOTAL_ROW] = {"total-row", FORM_KEY},
    [V_REFERRING_LEAD] = {"referring-lead", FORM_PRINTED},
    [V_CODE_LEVELS] = {"code-levels", FORM_KEY},
    [V_SENTENCE_END] = {"sentence-end", FORM_MARK},
    [V_FULL_STOP] = {"full-stop", FORM_MARK},
    [V_CLAUSE_END] = {"clause-end", FORM_MARK},
    [V_LIST_MARK] = {"list-mark", FORM_MARK},
    [V_LEAD_IN] = {"lead-in", FORM_MARK},
    [V_CLOSING] = {"closing", FORM_MARK},
    [V_INCREASE] = {"increase", FORM_KEY},
    [V_DECREASE] = {"decrease", FORM_KEY},
    [V_SHARE] = {"share", FORM_KEY},
    [V_COMPLETION] = {"completion", FORM_KEY},
    [V_OUTTURN] = {"outturn", FORM_KEY},
    [V_BUDGET] = {"budget", FORM_KEY},
    [V_BUDGET_END] = {"budget-end", FORM_KEY},
    [V_FUND] = {"fund", FORM_KEY},
    [V_GREATER] = {"comparison-greater", FORM_NFKC},
    [V_LESS] = {"comparison-less", FORM_NFKC},
    [V_EQUAL] = {"comparison-equal", FORM_NFKC},
    [V_UNDECIDED] = {"comparison-undecided", FORM_NFKC},
    [V_BREAKDOWN] = {"breakdown", FORM_NFKC},
    [V_COUNT_UNIT] = {"count-unit", FORM_NFKC},
    [V_NOT_A_UNIT] = {"not-a-unit", FORM_NFKC},
    [V_CLASS_SUFFIX] = {"class-suffix", FORM_PRINTED},
    [V_PRIOR_YEAR] = {"prior-year", FORM_KEY},
    [V_PERCENT_LEAD] = {"percent-lead", FORM_PRINTED},
    [V_SHARE_NOUN] = {"share-noun", FORM_PRINTED},
    [V_SHARE_PARTICLE] = {"share-particle", FORM_PRINTED},
    [V_DOUBLED] = {"doubled-word", FORM_PRINTED},
    [V_SELF_EVALUATION] = {"self-evaluation", FORM_PRINTED},
    [V_PROJECT_COUNT] = {"project-count", FORM_PRINTED},
    [V_PERF_SPENT] = {"perf-spent", FORM_NFKC},
    [V_PERF_COVERAGE] = {"perf-coverage", FORM_NFKC},
    [V_PERF_COVERAGE_FUND] = {"perf-coverage-fund", FORM_NFKC},
    [V_PERF_COVERAGE_NOT] = {"perf-coverage-not", FORM_NFKC},
};

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST VOCAB_NS) == 0 &&
           xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static bool list_take(word_list *l, char *w)
{
    char **words = w ? realloc(l->words, (l->count + 1) * sizeof *words) : NULL;
    if (words)
        l->words = words;
    size_t *lens = words ? realloc(l->lens, (l->count + 1) * sizeof *lens) : NULL;
    if (lens)
        l->lens = lens;
    uint32_t *firsts = lens ? realloc(l->firsts, (l->count + 1) * sizeof *firsts) : NULL;
    if (!firsts) {
        free(w);
        return false;
    }
    l->firsts = firsts;
    size_t i = l->count++, n = strlen(w);
    l->words[i] = w;
    l->lens[i] = n;
    l->firsts[i] = n >= 3 ? text_first_simplified(l->tv, w) : 0;
    if (l->firsts[i])
        l->first_bits[l->firsts[i] % 512 / 8] |= (uint8_t)(1u << (l->firsts[i] % 8));
    unsigned char b = (unsigned char)w[0];
    l->leads[b / 8] |= (uint8_t)(1u << (b % 8));
    if ((b & 0xF0) == 0xE0)
        for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
            l->leads[lead / 8] |= (uint8_t)(1u << (lead % 8));
    return true;
}

/* The one way into the vocabulary: the word in the form its list is matched in. */
static bool vocab_word(word_list *l, word_form form, const char *w)
{
    size_t n = strlen(w);
    switch (form) {
    case FORM_NFKC:
        return list_take(l, text_nfkc(w, n));
    case FORM_KEY:
        return list_take(l, text_key(l->tv, w, n));
    case FORM_MARK: {
        char *nf = text_nfkc(w, n);
        bool same = nf && strcmp(nf, w) == 0;
        if (same)
            free(nf);
        return list_take(l, strdup(w)) && (same || list_take(l, nf));
    }
    case FORM_PRINTED:
        break;
    }
    return list_take(l, strdup(w));
}

static void list_free(word_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->words[i]);
    free(l->words);
    free(l->lens);
    free(l->firsts);
    memset(l, 0, sizeof *l);
}

void vocab_free(gfa_vocab *vc)
{
    for (size_t i = 0; i < V_LISTS; i++)
        list_free(&vc->lists[i]);
    for (size_t i = 0; i < vc->nunits; i++) {
        free(vc->units[i].name);
        list_free(&vc->units[i].shorts);
    }
    free(vc->units);
    for (size_t i = 0; i < vc->nmains; i++) {
        free(vc->mains[i].role);
        free(vc->mains[i].name);
    }
    free(vc->mains);
    free(vc->weight_text);
    memset(vc, 0, sizeof *vc);
}

/* ------------------------------------------------------------- loading --- */

typedef struct vocab_doc {
    gfa_vocab *vc;
    const char *path;
    gfa_diags *diags;
} vocab_doc;

static gfa_status twice(const vocab_doc *vd, xmlNodePtr n, const char *what, const char *name)
{
    diag_add(vd->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-055", vd->path, xmlGetLineNo(n), 0,
             "the vocabulary gives %s%s%s twice", what, name ? " " : "", name ? name : "");
    return GFA_ERR_DATA;
}

/* Adds the text of each child element `name` of n to l. A word that is nothing once in
 * its list's form (a key of white space only) would match everywhere: refused. */
static gfa_status add_children(const vocab_doc *vd, word_list *l, word_form form, xmlNodePtr n,
                               const char *name)
{
    l->tv = vd->vc->variants;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, name))
            continue;
        char *w = xml_content(c);
        size_t before = l->count;
        if (!w || !vocab_word(l, form, w)) {
            free(w);
            return GFA_ERR_NOMEM;
        }
        bool empty = false;
        for (size_t i = before; i < l->count; i++)
            empty |= !*l->words[i];
        if (empty)
            diag_add(vd->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-059", vd->path,
                     xmlGetLineNo(c), 0, "the word '%s' is empty as a matching key", w);
        free(w);
        if (empty)
            return GFA_ERR_DATA;
    }
    return GFA_OK;
}

static gfa_status load_words(const vocab_doc *vd, xmlNodePtr n)
{
    const char *name = xml_attr(n, "list");
    for (size_t i = 0; name && i < V_LISTS; i++) {
        if (strcmp(lists[i].name, name) != 0)
            continue;
        vd->vc->declared[i] = true;
        return add_children(vd, &vd->vc->lists[i], lists[i].form, n, "w");
    }
    return GFA_OK; /* the schema knows no other name */
}

static gfa_status load_unit(const vocab_doc *vd, xmlNodePtr n)
{
    gfa_vocab *vc = vd->vc;
    char *name = text_nfkc(xml_attr(n, "name"), strlen(xml_attr(n, "name")));
    if (!name)
        return GFA_ERR_NOMEM;
    if (vocab_unit(vc, name)) {
        gfa_status st = twice(vd, n, "the unit", name);
        free(name);
        return st;
    }
    money_unit *units = realloc(vc->units, (vc->nunits + 1) * sizeof *units);
    if (!units) {
        free(name);
        return GFA_ERR_NOMEM;
    }
    vc->units = units;
    money_unit *u = &vc->units[vc->nunits++];
    memset(u, 0, sizeof *u);
    u->name = name;
    u->scale = atoi(xml_attr(n, "scale"));
    const char *def = xml_attr(n, "default");
    u->is_default = def && (!strcmp(def, "true") || !strcmp(def, "1"));
    return add_children(vd, &u->shorts, FORM_NFKC, n, "short");
}

static gfa_status load_main(const vocab_doc *vd, xmlNodePtr n)
{
    gfa_vocab *vc = vd->vc;
    const char *role = xml_attr(n, "role");
    for (size_t i = 0; i < vc->nmains; i++)
        if (!strcmp(vc->mains[i].role, role))
            return twice(vd, n, "the main-table role", role);
    main_table *mains = realloc(vc->mains, (vc->nmains + 1) * sizeof *mains);
    if (!mains)
        return GFA_ERR_NOMEM;
    vc->mains = mains;
    main_table *m = &vc->mains[vc->nmains++];
    m->role = strdup(role);
    m->name = xml_content(n);
    return m->role && m->name ? GFA_OK : GFA_ERR_NOMEM;
}

static gfa_status load_weight(const vocab_doc *vd, xmlNodePtr n)
{
    if (vd->vc->weight_text)
        return twice(vd, n, "the budget-execution weight", NULL);
    char *t = xml_content(n);
    vd->vc->weight_text = t ? text_trim(t, strlen(t)) : NULL;
    free(t);
    t = vd->vc->weight_text;
    if (!t)
        return GFA_ERR_NOMEM;
    if (dec_parse(t, strlen(t), &vd->vc->weight) == DEC_OK)
        return GFA_OK;
    diag_add(vd->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-058", vd->path, xmlGetLineNo(n), 0,
             "the budget-execution weight '%s' is not a decimal gfa can read", t);
    return GFA_ERR_DATA;
}

/* Takes a valid document and adds its words. */
static gfa_status load_doc(const char *path, xmlDocPtr doc, void *target, gfa_diags *diags)
{
    vocab_doc vd = {target, path, diags};
    gfa_status st = GFA_OK;
    for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c && st == GFA_OK; c = c->next)
        st = is_el(c, "words")                     ? load_words(&vd, c)
             : is_el(c, "unit")                    ? load_unit(&vd, c)
             : is_el(c, "main-table")              ? load_main(&vd, c)
             : is_el(c, "budget-execution-weight") ? load_weight(&vd, c)
                                                   : GFA_OK;
    xmlFreeDoc(doc);
    return st;
}

static datafile_kind vocab_kind(xmlSchemaPtr xsd, gfa_vocab *vc)
{
    return (datafile_kind){"vocabulary", xsd, "GFA-DATA-050", "GFA-DATA-051",
                           "the vocabulary does not validate against gfa-vocab.xsd",
                           "GFA-DATA-052", "GFA-DATA-053", load_doc, vc};
}

gfa_status vocab_add_memory(const char *name, const char *data, size_t len, xmlSchemaPtr xsd,
                            gfa_vocab *vc, gfa_diags *diags)
{
    datafile_kind kind = vocab_kind(xsd, vc);
    return datafile_load(&kind, name, data, len, diags);
}

/* What the C code relies on: every list (an empty one may be declared), one default
 * unit, at least one main table, the weight. */
static gfa_status vocab_complete(gfa_vocab *vc, const char *dir, gfa_diags *diags)
{
    strbuf missing;
    sb_init(&missing);
    for (size_t i = 0; i < V_LISTS; i++)
        if (!vc->declared[i])
            sb_addf(&missing, "%s<words list=\"%s\">", missing.len ? ", " : "", lists[i].name);
    size_t defaults = 0;
    for (size_t i = 0; i < vc->nunits; i++)
        if (vc->units[i].is_default) {
            defaults++;
            vc->default_unit = &vc->units[i];
        }
    if (defaults != 1)
        sb_addf(&missing, "%sexactly one <unit default=\"true\"> (%zu found)",
                missing.len ? ", " : "", defaults);
    if (!vc->nmains)
        sb_addf(&missing, "%s<main-table>", missing.len ? ", " : "");
    if (!vc->weight_text)
        sb_addf(&missing, "%s<budget-execution-weight>", missing.len ? ", " : "");
    gfa_status st = missing.failed ? GFA_ERR_NOMEM : GFA_OK;
    if (missing.len && st == GFA_OK) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-054", dir, 0, 0,
                 "the vocabulary lacks %s", missing.data);
        st = GFA_ERR_DATA;
    }
    sb_free(&missing);
    return st;
}

gfa_status vocab_load(const char *dir, const char *xsd_path, const text_variants *tv, gfa_vocab *out,
                      gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->variants = tv;
    datafile_kind kind = vocab_kind(NULL, out);
    gfa_status st = datafile_load_dir(dir, xsd_path, &kind, diags);
    if (st == GFA_OK)
        st = vocab_complete(out, dir, diags);
    if (st != GFA_OK)
        vocab_free(out);
    return st;
}

gfa_status vocab_check_tables(const gfa_vocab *vc, const table_defs *defs, const char *dir,
                              gfa_diags *diags)
{
    gfa_status st = GFA_OK;
    for (size_t m = 0; m < vc->nmains; m++) {
        bool defined = false;
        for (size_t d = 0; d < defs->count && !defined; d++)
            defined = defs->tables[d].main && !strcmp(defs->tables[d].main, vc->mains[m].role);
        if (!defined) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-056", dir, 0, 0,
                     "no table definition has the main-table role '%s' (%s): no report "
                     "could be accepted",
                     vc->mains[m].role, vc->mains[m].name);
            st = GFA_ERR_DATA;
        }
    }
    for (size_t d = 0; d < defs->count; d++) {
        const table_def *t = &defs->tables[d];
        bool known = !t->main;
        for (size_t m = 0; m < vc->nmains && !known; m++)
            known = !strcmp(t->main, vc->mains[m].role);
        if (!known) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-057", dir, 0, 0,
                     "table '%s' of variant '%s' has the main-table role '%s', which no "
                     "<main-table> of the vocabulary declares",
                     t->id, t->variant, t->main);
            st = GFA_ERR_DATA;
        }
    }
    return st;
}

/* ------------------------------------------------------------ matching --- */

/* Words are matched as the text is printed or NFKC'd, and a page converted to Traditional
 * characters must still match (說明：, 萬元, 大於): every comparison reads Traditional
 * characters of the text as Simplified (text_match_simplified, issue 10). A byte-equal
 * text costs what strcmp costs; the forms have the same lengths, so offsets hold. */

bool words_may_begin(const word_list *l, uint32_t first)
{
    return !first || (l->first_bits[first % 512 / 8] & (1u << (first % 8)));
}

/* words_starts at a byte a word may begin with: words whose first character differs are
 * skipped by their key, without matching */
size_t words_starts_lead(const word_list *l, const char *s)
{
    uint32_t first = text_first_simplified(l->tv, s);
    if (!words_may_begin(l, first))
        return 0;
    for (size_t i = 0; i < l->count; i++) {
        if (l->firsts[i] && l->firsts[i] != first)
            continue;
        if (text_match_simplified(l->tv, s, l->words[i], l->lens[i]))
            return l->lens[i];
    }
    return 0;
}

size_t words_ends(const word_list *l, const char *s, size_t n)
{
    for (size_t i = 0; i < l->count; i++) {
        size_t k = l->lens[i];
        if (n >= k && text_match_simplified(l->tv, s + n - k, l->words[i], k))
            return k;
    }
    return 0;
}

const char *word_in(const text_variants *tv, const char *s, const char *w)
{
    const char *at = strstr(s, w);
    if (at || !text_has_traditional(tv, s, strlen(s)))
        return at;
    char *simple = text_simplify(tv, s, strlen(s));
    const char *hit = simple ? strstr(simple, w) : NULL;
    at = hit ? s + (hit - simple) : NULL;
    free(simple);
    return at;
}

const char *words_in(const word_list *l, const char *s, size_t *len)
{
    char *simple = NULL; /* s read as Simplified, when that differs from s */
    bool looked = false; /* whether s was scanned for Traditional characters */
    const char *at = NULL;
    size_t i = 0;
    for (; i < l->count && !at; i++) {
        at = strstr(s, l->words[i]);
        if (!at && !looked) {
            looked = true;
            simple = text_has_traditional(l->tv, s, strlen(s)) ? text_simplify(l->tv, s, strlen(s)) : NULL;
        }
        const char *hit = !at && simple ? strstr(simple, l->words[i]) : NULL;
        if (hit)
            at = s + (hit - simple);
    }
    free(simple);
    if (at && len)
        *len = strlen(l->words[i - 1]);
    return at;
}

bool words_is(const word_list *l, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < l->count; i++)
        if (l->lens[i] == n && text_match_simplified(l->tv, s, l->words[i], n))
            return true;
    return false;
}

bool vocab_ends_sentence(const gfa_vocab *vc, const char *s, size_t n)
{
    return words_ends(&vc->lists[V_SENTENCE_END], s, n) || words_ends(&vc->lists[V_LEAD_IN], s, n) ||
           words_ends(&vc->lists[V_CLOSING], s, n);
}

const money_unit *vocab_unit(const gfa_vocab *vc, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < vc->nunits; i++)
        if (strlen(vc->units[i].name) == n && text_match_simplified(vc->variants, name, vc->units[i].name, n))
            return &vc->units[i];
    return NULL;
}
