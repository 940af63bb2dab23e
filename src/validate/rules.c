/* rules.c — loads the business rules (schemas/rules/[*].xml), validated against
 * schemas/gfa-rules.xsd. The rule documents are kept: each check element is evaluated by
 * reading its attributes, so adding a rule instance never needs C. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

#define RULES_NS "urn:gfa:rules:1"

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST RULES_NS) == 0 &&
           (!name || xmlStrcmp(n->name, BAD_CAST name) == 0);
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static char *text(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

const char *rule_attr(const rule_check *c, const char *name)
{
    xmlAttrPtr a = xmlHasProp(c->node, BAD_CAST name);
    return (a && a->children && a->children->content) ? (const char *)a->children->content : NULL;
}

static gfa_severity severity_of(const char *s)
{
    if (!s)
        return GFA_SEV_ERROR;
    if (!strcmp(s, "info"))
        return GFA_SEV_INFO;
    if (!strcmp(s, "warning"))
        return GFA_SEV_WARNING;
    if (!strcmp(s, "inconsistency"))
        return GFA_SEV_INCONSISTENCY;
    if (!strcmp(s, "fatal"))
        return GFA_SEV_FATAL;
    return GFA_SEV_ERROR;
}

static const struct { const char *el; rule_kind kind; } kinds[] = {
    {"hierarchy", RK_HIERARCHY}, {"classes-sum", RK_CLASSES_SUM}, {"columns", RK_COLUMNS},
    {"rows", RK_ROWS},           {"equal", RK_EQUAL},             {"le", RK_LE},
    {"empty-table", RK_EMPTY_TABLE}, {"empty-marker", RK_EMPTY_MARKER},
    {"code-list", RK_CODE_LIST}, {"perf", RK_PERF},              {"narrative", RK_NARRATIVE},
    {"hygiene", RK_HYGIENE},
};

static bool push_str(char ***arr, size_t *n, char *s)
{
    if (!s)
        return false;
    char **a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a) {
        free(s);
        return false;
    }
    *arr = a;
    a[(*n)++] = s;
    return true;
}

static bool load_rule(xmlNodePtr n, rule *r)
{
    r->id = prop(n, "id");
    char *sev = prop(n, "severity");
    r->severity = severity_of(sev);
    free(sev);
    r->enabled = true;
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k += is_el(c, NULL);
    r->checks = calloc(k + 1, sizeof *r->checks);
    if (!r->id || !r->checks)
        return false;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, NULL))
            continue;
        if (is_el(c, "title")) {
            r->title = text(c);
        } else if (is_el(c, "message")) {
            r->message = text(c);
        } else {
            for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
                if (xmlStrcmp(c->name, BAD_CAST kinds[i].el) == 0) {
                    r->checks[r->nchecks].kind = kinds[i].kind;
                    r->checks[r->nchecks++].node = c;
                }
        }
    }
    return r->title && r->message;
}

static bool load_quantities(xmlNodePtr n, ruleset *rs)
{
    for (xmlNodePtr q = n->children; q; q = q->next) {
        if (!is_el(q, "quantity"))
            continue;
        quantity *qs = realloc(rs->quantities, (rs->nquantities + 1) * sizeof *qs);
        if (!qs)
            return false;
        rs->quantities = qs;
        quantity *x = &rs->quantities[rs->nquantities++];
        memset(x, 0, sizeof *x);
        x->id = prop(q, "id");
        x->cell = prop(q, "cell");
        x->unit = prop(q, "unit");
        for (xmlNodePtr p = q->children; p; p = p->next)
            if (is_el(p, "phrase") && !push_str(&x->phrases, &x->nphrases, text(p)))
                return false;
        if (!x->id || !x->cell)
            return false;
    }
    return true;
}

static gfa_status load_doc(const char *path, xmlDocPtr doc, xmlSchemaPtr xsd, ruleset *rs,
                           gfa_diags *diags);

typedef struct rule_load {
    xmlSchemaPtr xsd;
    ruleset *rs;
} rule_load;

static gfa_status load_file(const char *path, void *target, gfa_diags *diags)
{
    rule_load *rl = target;
    xmlDocPtr doc = xml_read_file_secure(path, GFA_DOM_DATA, diags);
    return doc ? load_doc(path, doc, rl->xsd, rl->rs, diags) : GFA_ERR_DATA;
}

gfa_status ruleset_add_memory(const char *name, const char *data, size_t len, xmlSchemaPtr xsd,
                              ruleset *rs, gfa_diags *diags)
{
    xmlDocPtr doc = xml_parse_secure(name, data, len, GFA_DOM_DATA, diags);
    return doc ? load_doc(name, doc, xsd, rs, diags) : GFA_ERR_DATA;
}

/* Takes the document: validates it, then adds its rules. */
static gfa_status load_doc(const char *path, xmlDocPtr doc, xmlSchemaPtr xsd, ruleset *rs,
                           gfa_diags *diags)
{
    int rc = datafile_valid(xsd, doc, path, "GFA-DATA-030", diags) ? 0 : -1;
    xmlDocPtr *docs = rc == 0 ? realloc(rs->docs, (rs->ndocs + 1) * sizeof *docs) : NULL;
    if (!docs) {
        if (rc != 0)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-031", path, 0, 0,
                     "the rule file does not validate against gfa-rules.xsd");
        xmlFreeDoc(doc);
        return rc != 0 ? GFA_ERR_DATA : GFA_ERR_NOMEM;
    }
    rs->docs = docs;
    rs->docs[rs->ndocs++] = doc;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!rs->version) {
        rs->version = prop(root, "version");
        rs->name = prop(root, "name");
    }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        bool ok = true;
        if (is_el(c, "quantities"))
            ok = load_quantities(c, rs);
        else if (is_el(c, "placeholder"))
            ok = push_str(&rs->placeholders, &rs->nplaceholders, text(c));
        else if (is_el(c, "alternative"))
            ok = push_str(&rs->alternatives, &rs->nalternatives, text(c));
        else if (is_el(c, "rule")) {
            rule *rules = realloc(rs->rules, (rs->count + 1) * sizeof *rules);
            if (!rules)
                return GFA_ERR_NOMEM;
            rs->rules = rules;
            memset(&rs->rules[rs->count], 0, sizeof *rules);
            ok = load_rule(c, &rs->rules[rs->count++]);
            for (size_t i = 0; ok && i + 1 < rs->count; i++)
                if (!strcmp(rs->rules[i].id, rs->rules[rs->count - 1].id)) {
                    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-032", path,
                             xmlGetLineNo(c), 0, "rule %s is defined twice",
                             rs->rules[i].id);
                    return GFA_ERR_DATA;
                }
        }
        if (!ok)
            return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

void ruleset_free(ruleset *rs)
{
    for (size_t i = 0; i < rs->count; i++) {
        free(rs->rules[i].id);
        free(rs->rules[i].title);
        free(rs->rules[i].message);
        free(rs->rules[i].checks);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->nquantities; i++) {
        quantity *q = &rs->quantities[i];
        free(q->id);
        free(q->cell);
        free(q->unit);
        for (size_t k = 0; k < q->nphrases; k++)
            free(q->phrases[k]);
        free(q->phrases);
    }
    free(rs->quantities);
    for (size_t i = 0; i < rs->nplaceholders; i++)
        free(rs->placeholders[i]);
    free(rs->placeholders);
    for (size_t i = 0; i < rs->nalternatives; i++)
        free(rs->alternatives[i]);
    free(rs->alternatives);
    for (size_t i = 0; i < rs->ndocs; i++)
        xmlFreeDoc(rs->docs[i]);
    free(rs->docs);
    free(rs->name);
    free(rs->version);
    memset(rs, 0, sizeof *rs);
}

gfa_status ruleset_load(const char *dir, const char *xsd_path, ruleset *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    xmlSchemaPtr xsd = datafile_schema(xsd_path, "GFA-DATA-030", diags);
    if (!xsd) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-033", xsd_path, 0, 0,
                 "cannot compile the rule-file schema");
        return GFA_ERR_DATA;
    }
    rule_load rl = {xsd, out};
    gfa_status st = datafile_each(dir, load_file, &rl, diags, "GFA-DATA-034", "rules");
    xmlSchemaFree(xsd);
    if (st == GFA_OK && out->count == 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-035", dir, 0, 0,
                 "no rules found");
        st = GFA_ERR_DATA;
    }
    if (st != GFA_OK)
        ruleset_free(out);
    return st;
}

rule *ruleset_find(ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->count; i++)
        if (!strcmp(rs->rules[i].id, id))
            return &rs->rules[i];
    return NULL;
}
