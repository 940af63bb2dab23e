/* rules.c — loads the business rules (schemas/rules/[*].xml), validated against
 * schemas/gfa-rules.xsd, and compiles them: every check element becomes a rule_check
 * whose cell references, tables, rows and columns are parsed once and checked against the
 * context's table definitions and code lists, and whose check="…" is one the engine
 * implements. A name nothing defines, an unknown check or an unknown {placeholder} in a
 * message fails the load with the file, the line and the name (issue 9); the rule
 * documents are not kept. */
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
    const char *v = xml_attr(n, name);
    return v ? strdup(v) : NULL;
}

static char *text(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
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

/* The check families: the element of a rule file, its kind (what compile_check reads of its
 * attributes) and the function that evaluates it. A new family is a check_FAMILY.c file,
 * a line here, its element in gfa-rules.xsd and, when it has attributes of its own, a case
 * in compile_check. */
static const struct {
    const char *el;
    rule_kind kind;
    check_fn run;
} kinds[] = {
    {"hierarchy", RK_HIERARCHY, check_calc},
    {"classes-sum", RK_CLASSES_SUM, check_calc},
    {"columns", RK_COLUMNS, check_calc},
    {"rows", RK_ROWS, check_calc},
    {"equal", RK_EQUAL, check_calc},
    {"le", RK_LE, check_calc},
    {"empty-table", RK_EMPTY_TABLE, check_calc},
    {"empty-marker", RK_EMPTY_MARKER, check_calc},
    {"code-list", RK_CODE_LIST, check_codes},
    {"perf", RK_PERF, check_perf},
    {"narrative", RK_NARRATIVE, check_narrative},
    {"hygiene", RK_HYGIENE, check_hygiene},
    {"staffing", RK_STAFFING, check_staffing},
    /* evaluated once after every other rule (vrun_diagnose, diagnose.c) */
    {"diagnosis", RK_DIAGNOSIS, check_diagnosis},
    /* across reports: evaluated by gfa check over a store (src/store/store_check.c) */
    {"consolidation", RK_CONSOLIDATION, check_across},
    {"prior", RK_PRIOR, check_across},
    {"prior-equal", RK_PRIOR_EQUAL, check_across},
};

/* The check="…" names of each family, indexed by its enum (NULL-terminated). */
const char *const code_checks[] = {
    [CODE_KNOWN] = "known", [CODE_NAME] = "name", [CODE_PARENT] = "parent",
    [CODE_RENAMED] = "renamed", NULL};
static const char *const perf_checks[] = {
    [PERF_RATE] = "rate",         [PERF_BALANCE] = "balance", [PERF_SCORE] = "score",
    [PERF_TOTAL] = "total",       [PERF_PROJECTS] = "projects", [PERF_SOURCES] = "sources",
    [PERF_CODES] = "codes",       [PERF_INDICATOR_MAX] = "indicator-max",
    [PERF_WEIGHTS] = "weights",   [PERF_FULL_MARKS] = "full-marks", [PERF_COUNT] = "count",
    [PERF_ANALYSIS] = "analysis", [PERF_COVERAGE_AMOUNT] = "coverage-amount",
    [PERF_COVERAGE_SHARE] = "coverage-share",
    NULL};
static const char *const narrative_checks[] = {
    [NAR_FIGURES] = "figures",       [NAR_SHARES] = "shares",   [NAR_COMPLETION] = "completion",
    [NAR_CHANGE] = "change",         [NAR_REPEATED] = "repeated",
    [NAR_COMPARISON] = "comparison", [NAR_ZERO_BASE] = "zero-base", [NAR_PRIOR] = "prior",
    NULL};
static const char *const diagnosis_checks[] = {
    [DIAG_ROOT] = "root", [DIAG_AMBIGUOUS] = "ambiguous", [DIAG_UNDETERMINED] = "undetermined",
    NULL};
static const char *const hygiene_checks[] = {
    [HYG_PLACEHOLDER] = "placeholder",       [HYG_ALTERNATIVE] = "alternative",
    [HYG_PERCENT_SIGN] = "percent-sign",     [HYG_SHARE_OVER_100] = "share-over-100",
    [HYG_DECIMAL_COMMA] = "decimal-comma",   [HYG_DOUBLED_WORD] = "doubled-word",
    [HYG_CAPTION_ENTITY] = "caption-entity", [HYG_CUT_SENTENCE] = "cut-sentence",
    [HYG_PRECISION] = "precision",           [HYG_FUND_NAME] = "fund-name",
    [HYG_CUT_UNIT] = "cut-unit",             [HYG_OCR_DIGIT] = "ocr-digit", NULL};
static const char *const cons_checks[] = {
    [CONS_SUM] = "sum", [CONS_ROWS] = "rows", [CONS_UNITS] = "units", NULL};
static const char *const prior_checks[] = {
    [PRIOR_CHANGE] = "change", [PRIOR_GROWTH] = "growth", [PRIOR_MISSING] = "missing", NULL};

/* ------------------------------------------------------------ compiling --- */

/* One rule file being loaded. */
typedef struct loader {
    const gfa_context *ctx;
    const char *path;
    gfa_diags *diags;
    const char *rule; /* the rule being compiled, for messages */
} loader;

/* Reports what an element names that the definitions do not have; returns false. */
static bool fail(loader *l, xmlNodePtr el, const char *attr, const char *why)
{
    diag_add(l->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-036", l->path, xmlGetLineNo(el),
             0, "%s%s%s<%s%s%s>: %s", l->rule ? "rule " : "", l->rule ? l->rule : "",
             l->rule ? " " : "", (const char *)el->name, attr ? " " : "", attr ? attr : "", why);
    return false;
}

static bool compile_tables(loader *l, xmlNodePtr el, const char *attr, tableset *out)
{
    char err[256];
    return tableset_compile(l->ctx, xml_attr(el, attr) ? xml_attr(el, attr) : "", out, err,
                            sizeof err) ||
           fail(l, el, attr, err);
}

/* A cell expression; one_cell: it must be a single cell. */
static bool compile_expr(loader *l, xmlNodePtr el, const char *attr, cellexpr *out,
                         bool one_cell)
{
    char err[256];
    if (!cellexpr_compile(l->ctx, xml_attr(el, attr) ? xml_attr(el, attr) : "", out, err,
                          sizeof err))
        return fail(l, el, attr, err);
    return !one_cell || out->n == 1 || fail(l, el, attr, "one cell is expected, not a sum");
}

static bool compile_check_name(loader *l, xmlNodePtr el, const char *const *names, int *out)
{
    const char *check = xml_attr(el, "check");
    for (int i = 0; check && names[i]; i++)
        if (!strcmp(names[i], check)) {
            *out = i;
            return true;
        }
    char why[128];
    snprintf(why, sizeof why, "no check '%s' is implemented", check ? check : "");
    return fail(l, el, "check", why);
}

static axis_kind axis_of(xmlNodePtr el)
{
    const char *a = xml_attr(el, "axis");
    return a && !strcmp(a, "economic") ? AXIS_ECONOMIC : AXIS_FUNCTION;
}

/* Splits a space-separated list into sum terms ("-x" subtracts; "@classes" for rows). */
static bool compile_sum(loader *l, xmlNodePtr el, bool rows, rule_check *rc)
{
    const char *p = xml_attr(el, "sum");
    for (p = p ? p : ""; *p;) {
        size_t len = strcspn(p, " ");
        if (len == 0) {
            p++;
            continue;
        }
        sum_term *s = realloc(rc->sum, (rc->nsum + 1) * sizeof *s);
        if (!s)
            return fail(l, el, "sum", "out of memory");
        rc->sum = s;
        sum_term *t = &rc->sum[rc->nsum++];
        t->sign = *p == '-' ? -1 : 1;
        const char *w = p + (*p == '-');
        size_t wl = len - (size_t)(*p == '-');
        t->classes = rows && wl == strlen("@classes") && !strncmp(w, "@classes", wl);
        t->id = t->classes ? NULL : xstrndup(w, wl);
        if (!t->classes && !t->id)
            return fail(l, el, "sum", "out of memory");
        p += len;
    }
    return true;
}

/* columns: in each table (the part, or every part with the total column) the total and
 * every summed column are columns of the part. */
static bool check_columns_of(loader *l, xmlNodePtr el, const rule_check *rc)
{
    for (size_t t = 0; t < rc->tables.n; t++) {
        const table_def *td = rc->tables.defs[t];
        const part_def *only = rc->part ? table_def_part(td, rc->part) : NULL;
        char why[256];
        if (rc->part && !only) {
            snprintf(why, sizeof why, "table %s has no part '%s'", td->id, rc->part);
            return fail(l, el, "part", why);
        }
        size_t with_total = 0;
        for (size_t i = 0; i < td->nparts; i++) {
            const part_def *pd = &td->parts[i];
            if ((only && pd != only) || !part_def_has_col(pd, rc->total))
                continue;
            with_total++;
            for (size_t k = 0; k < rc->nsum; k++)
                if (!part_def_has_col(pd, rc->sum[k].id)) {
                    snprintf(why, sizeof why, "table %s has no column '%s' beside '%s'", td->id,
                             rc->sum[k].id, rc->total);
                    return fail(l, el, "sum", why);
                }
        }
        if (with_total == 0) {
            snprintf(why, sizeof why, "table %s has no column '%s'%s%s", td->id, rc->total,
                     only ? " in part " : "", only ? only->id : "");
            return fail(l, el, "total", why);
        }
    }
    return true;
}

/* rows: in each table and column, the total row and every summed row hold a cell. */
static bool check_rows_of(loader *l, xmlNodePtr el, const rule_check *rc)
{
    char why[256];
    for (size_t t = 0; t < rc->tables.n; t++)
        for (size_t c = 0; c < rc->ncols; c++) {
            const table_def *td = rc->tables.defs[t];
            if (!table_def_has_cell(l->ctx, td, false, rc->total, rc->cols[c], why, sizeof why))
                return fail(l, el, "total", why);
            for (size_t k = 0; k < rc->nsum; k++)
                if (!table_def_has_cell(l->ctx, td, rc->sum[k].classes, rc->sum[k].id,
                                        rc->cols[c], why, sizeof why))
                    return fail(l, el, "sum", why);
        }
    return true;
}

/* classes-sum: some part of that axis has the total row. */
static bool check_classes_total(loader *l, xmlNodePtr el, const rule_check *rc)
{
    for (size_t t = 0; t < l->ctx->defs.count; t++) {
        const table_def *td = &l->ctx->defs.tables[t];
        for (size_t i = 0; i < td->nparts; i++)
            if (td->parts[i].axis == rc->axis && part_def_has_row(l->ctx, &td->parts[i], rc->total))
                return true;
    }
    char why[256];
    snprintf(why, sizeof why, "no table has a row '%s' in a part of the %s axis", rc->total,
             rc->axis == AXIS_ECONOMIC ? "economic" : "function");
    return fail(l, el, "total", why);
}

static bool compile_words(loader *l, xmlNodePtr el, const char *attr, char ***out, size_t *n)
{
    const char *p = xml_attr(el, attr);
    for (p = p ? p : ""; *p;) {
        size_t len = strcspn(p, " ");
        if (len == 0) {
            p++;
            continue;
        }
        char **w = realloc(*out, (*n + 1) * sizeof *w);
        if (!w || !(w[*n] = xstrndup(p, len))) {
            if (w)
                *out = w;
            return fail(l, el, attr, "out of memory");
        }
        *out = w;
        (*n)++;
        p += len;
    }
    return true;
}

static bool compile_check(loader *l, xmlNodePtr el, rule_check *rc)
{
    switch (rc->kind) {
    case RK_HIERARCHY:
        rc->axis = axis_of(el);
        rc->check = xml_attr(el, "tables") != NULL; /* "unknown": the schema allows no other */
        return true;
    case RK_CLASSES_SUM:
        rc->axis = axis_of(el);
        rc->check = xml_attr(el, "tables") != NULL;
        rc->total = prop(el, "total");
        return rc->total && check_classes_total(l, el, rc);
    case RK_COLUMNS:
        rc->part = prop(el, "part");
        rc->total = prop(el, "total");
        return rc->total && compile_tables(l, el, "tables", &rc->tables) &&
               compile_sum(l, el, false, rc) && check_columns_of(l, el, rc);
    case RK_ROWS:
        rc->total = prop(el, "total");
        return rc->total && compile_tables(l, el, "tables", &rc->tables) &&
               compile_words(l, el, "col", &rc->cols, &rc->ncols) &&
               compile_sum(l, el, true, rc) && check_rows_of(l, el, rc);
    case RK_EQUAL:
    case RK_LE:
        return compile_expr(l, el, "a", &rc->a, false) && compile_expr(l, el, "b", &rc->b, false);
    case RK_EMPTY_TABLE:
        return compile_tables(l, el, "table", &rc->tables) &&
               compile_expr(l, el, "cell", &rc->cell, true);
    case RK_EMPTY_MARKER:
        return true;
    case RK_CODE_LIST:
        rc->axis = axis_of(el);
        return compile_check_name(l, el, code_checks, &rc->check);
    case RK_PERF:
        if (!compile_check_name(l, el, perf_checks, &rc->check))
            return false;
        if (xml_attr(el, "full")) {
            gfa_dec d;
            const char *full = xml_attr(el, "full");
            if (dec_parse(full, strlen(full), &d) != DEC_OK)
                return fail(l, el, "full", "full marks must be a decimal");
            rc->value = strdup(full);
        }
        if (xml_attr(el, "fund-cell") && !compile_expr(l, el, "fund-cell", &rc->b, true))
            return false;
        if (xml_attr(el, "cell"))
            return compile_expr(l, el, "cell", &rc->cell, true);
        return rc->check != PERF_PROJECTS || fail(l, el, "cell", "check=\"projects\" needs the cell it compares the forms with");
    case RK_NARRATIVE:
        return compile_check_name(l, el, narrative_checks, &rc->check);
    case RK_HYGIENE:
        return compile_check_name(l, el, hygiene_checks, &rc->check);
    case RK_DIAGNOSIS:
        return compile_check_name(l, el, diagnosis_checks, &rc->check);
    case RK_STAFFING:
        return true;
    case RK_CONSOLIDATION:
        if (!compile_check_name(l, el, cons_checks, &rc->check))
            return false;
        return rc->check == CONS_UNITS || compile_tables(l, el, "tables", &rc->tables);
    case RK_PRIOR:
        return compile_check_name(l, el, prior_checks, &rc->check);
    case RK_PRIOR_EQUAL:
        return compile_expr(l, el, "a", &rc->a, false) && compile_expr(l, el, "b", &rc->b, false);
    }
    return false;
}

static void check_free(rule_check *rc)
{
    tableset_free(&rc->tables);
    free(rc->part);
    free(rc->total);
    for (size_t i = 0; i < rc->ncols; i++)
        free(rc->cols[i]);
    free(rc->cols);
    for (size_t i = 0; i < rc->nsum; i++)
        free(rc->sum[i].id);
    free(rc->sum);
    cellexpr_free(&rc->a);
    cellexpr_free(&rc->b);
    cellexpr_free(&rc->cell);
    free(rc->value);
}

/* Every {name} of a message template is one the engine fills in. */
static bool check_template(loader *l, xmlNodePtr el, const char *message)
{
    for (const char *p = strchr(message, '{'); p; p = strchr(p + 1, '{')) {
        size_t len = strcspn(p + 1, "}");
        bool known = false;
        for (int k = 0; !known && msg_placeholders[k]; k++)
            known = strlen(msg_placeholders[k]) == len && !strncmp(p + 1, msg_placeholders[k], len);
        if (!known && p[1 + len] == '}') {
            char why[160];
            snprintf(why, sizeof why, "the message has an unknown placeholder {%.*s}",
                     (int)(len < 64 ? len : 64), p + 1);
            return fail(l, el, NULL, why);
        }
    }
    return true;
}

static bool load_rule(loader *l, xmlNodePtr n, rule *r)
{
    r->id = prop(n, "id");
    if (r->id) { /* GFA-CALC-001 → CALC */
        const char *a = strchr(r->id, '-'), *b = a ? strchr(a + 1, '-') : NULL;
        r->family = a && b ? xstrndup(a + 1, (size_t)(b - a - 1)) : strdup(r->id);
    }
    r->severity = severity_of(xml_attr(n, "severity"));
    r->enabled = true;
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k += is_el(c, NULL);
    r->checks = calloc(k + 1, sizeof *r->checks);
    if (!r->id || !r->checks)
        return fail(l, n, NULL, "out of memory");
    l->rule = r->id;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, NULL))
            continue;
        if (is_el(c, "title")) {
            r->title = text(c);
        } else if (is_el(c, "message")) {
            r->message = text(c);
            if (r->message && !check_template(l, c, r->message))
                return false;
        } else {
            size_t i = 0;
            while (i < ARRAY_LEN(kinds) && xmlStrcmp(c->name, BAD_CAST kinds[i].el))
                i++;
            if (i == ARRAY_LEN(kinds))
                return fail(l, c, NULL, "no check of this kind is implemented");
            if (!r->check)
                r->check = kinds[i].el;
            rule_check *rc = &r->checks[r->nchecks++];
            rc->kind = kinds[i].kind;
            rc->run = kinds[i].run;
            if (!compile_check(l, c, rc))
                return false;
        }
    }
    l->rule = NULL;
    return (r->title && r->message) || fail(l, n, NULL, "out of memory");
}

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

static bool load_quantities(loader *l, xmlNodePtr n, ruleset *rs)
{
    if (xml_attr(n, "named-rows")) {
        if (!compile_tables(l, n, "named-rows", &rs->named_rows))
            return false;
        free(rs->named_col);
        rs->named_col = prop(n, "named-col");
        for (size_t t = 0; rs->named_col && t < rs->named_rows.n; t++) {
            char why[256];
            if (!table_def_has_cell(l->ctx, rs->named_rows.defs[t], true, NULL, rs->named_col,
                                    why, sizeof why))
                return fail(l, n, "named-col", why);
        }
    }
    for (xmlNodePtr q = n->children; q; q = q->next) {
        if (!is_el(q, "quantity"))
            continue;
        quantity *qs = realloc(rs->quantities, (rs->nquantities + 1) * sizeof *qs);
        if (!qs)
            return fail(l, q, NULL, "out of memory");
        rs->quantities = qs;
        quantity *x = &rs->quantities[rs->nquantities++];
        memset(x, 0, sizeof *x);
        x->id = prop(q, "id");
        x->unit = prop(q, "unit");
        if (!x->id || !compile_expr(l, q, "cell", &x->cell, false) ||
            (xml_attr(q, "budget") && !compile_expr(l, q, "budget", &x->budget, false)))
            return false;
        for (xmlNodePtr p = q->children; p; p = p->next) {
            if (is_el(p, "phrase") && !push_str(&x->phrases, &x->nphrases, text(p)))
                return fail(l, p, NULL, "out of memory");
            if (is_el(p, "within")) {
                char *w = prop(p, "section"), *id = prop(p, "quantity");
                char **ws = w && id ? realloc(x->within_words, (x->nwithin + 1) * sizeof *ws) : NULL;
                if (ws)
                    x->within_words = ws;
                char **ids = ws ? realloc(x->within_ids, (x->nwithin + 1) * sizeof *ids) : NULL;
                if (!ids) {
                    free(w);
                    free(id);
                    return fail(l, p, NULL, "out of memory");
                }
                x->within_ids = ids;
                x->within_words[x->nwithin] = w;
                x->within_ids[x->nwithin++] = id;
            }
        }
    }
    /* every <within> names a quantity of the file */
    for (xmlNodePtr q = n->children; q; q = q->next)
        for (xmlNodePtr p = is_el(q, "quantity") ? q->children : NULL; p; p = p->next) {
            if (!is_el(p, "within"))
                continue;
            const char *id = xml_attr(p, "quantity");
            bool known = false;
            for (size_t i = 0; id && i < rs->nquantities && !known; i++)
                known = !strcmp(rs->quantities[i].id, id);
            if (!known)
                return fail(l, p, "quantity", "no quantity of that id");
        }
    return true;
}

static gfa_status load_doc(const gfa_context *ctx, const char *path, xmlDocPtr doc,
                           xmlSchemaPtr xsd, ruleset *rs, gfa_diags *diags);

typedef struct rule_load {
    const gfa_context *ctx;
    xmlSchemaPtr xsd;
    ruleset *rs;
} rule_load;

static gfa_status load_file(const char *path, void *target, gfa_diags *diags)
{
    rule_load *rl = target;
    xmlDocPtr doc = xml_read_file_secure(path, GFA_DOM_DATA, diags);
    return doc ? load_doc(rl->ctx, path, doc, rl->xsd, rl->rs, diags) : GFA_ERR_DATA;
}

gfa_status ruleset_add_memory(const gfa_context *ctx, const char *name, const char *data,
                              size_t len, xmlSchemaPtr xsd, ruleset *rs, gfa_diags *diags)
{
    xmlDocPtr doc = xml_parse_secure(name, data, len, GFA_DOM_DATA, diags);
    return doc ? load_doc(ctx, name, doc, xsd, rs, diags) : GFA_ERR_DATA;
}

/* Takes the document: validates it, compiles its rules, frees it. */
static gfa_status load_doc(const gfa_context *ctx, const char *path, xmlDocPtr doc,
                           xmlSchemaPtr xsd, ruleset *rs, gfa_diags *diags)
{
    if (!datafile_valid(xsd, doc, path, "GFA-DATA-030", diags)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-031", path, 0, 0,
                 "the rule file does not validate against gfa-rules.xsd");
        xmlFreeDoc(doc);
        return GFA_ERR_DATA;
    }
    loader l = {ctx, path, diags, NULL};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!rs->version) {
        rs->version = prop(root, "version");
        rs->name = prop(root, "name");
    }
    rule_source *sets = realloc(rs->sets, (rs->nsets + 1) * sizeof *sets);
    if (!sets) {
        xmlFreeDoc(doc);
        return GFA_ERR_NOMEM;
    }
    rs->sets = sets;
    rs->sets[rs->nsets].name = prop(root, "name");
    rs->sets[rs->nsets].version = prop(root, "version");
    const char *base = strrchr(path, '/'); /* the file's name: the same on every machine */
    rs->sets[rs->nsets].file = strdup(base ? base + 1 : path);
    size_t set = rs->nsets++;
    gfa_status st = GFA_OK;
    for (xmlNodePtr c = root->children; c && st == GFA_OK; c = c->next) {
        bool ok = true;
        if (is_el(c, "quantities"))
            ok = load_quantities(&l, c, rs);
        else if (is_el(c, "placeholder")) {
            bool pushed = push_str(&rs->placeholders, &rs->nplaceholders, text(c));
            ok = pushed || fail(&l, c, NULL, "out of memory");
            unsigned char lead = pushed ? (unsigned char)rs->placeholders[rs->nplaceholders - 1][0] : 0;
            rs->placeholder_leads[lead / 8] |= (uint8_t)(1u << (lead % 8));
        }
        else if (is_el(c, "alternative"))
            ok = push_str(&rs->alternatives, &rs->nalternatives, text(c)) ||
                 fail(&l, c, NULL, "out of memory");
        else if (is_el(c, "rule")) {
            rule *rules = realloc(rs->rules, (rs->count + 1) * sizeof *rules);
            if (!rules) {
                st = GFA_ERR_NOMEM;
                break;
            }
            rs->rules = rules;
            memset(&rs->rules[rs->count], 0, sizeof *rules);
            rs->rules[rs->count].set = set;
            ok = load_rule(&l, c, &rs->rules[rs->count++]);
            for (size_t i = 0; ok && i + 1 < rs->count; i++)
                if (!strcmp(rs->rules[i].id, rs->rules[rs->count - 1].id)) {
                    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-032", path,
                             xmlGetLineNo(c), 0, "rule %s is defined twice",
                             rs->rules[i].id);
                    ok = false;
                }
        }
        if (!ok)
            st = GFA_ERR_DATA;
    }
    xmlFreeDoc(doc);
    return st;
}

void ruleset_free(ruleset *rs)
{
    for (size_t i = 0; i < rs->count; i++) {
        free(rs->rules[i].id);
        free(rs->rules[i].family);
        free(rs->rules[i].title);
        free(rs->rules[i].message);
        for (size_t k = 0; k < rs->rules[i].nchecks; k++)
            check_free(&rs->rules[i].checks[k]);
        free(rs->rules[i].checks);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->nquantities; i++) {
        quantity *q = &rs->quantities[i];
        free(q->id);
        cellexpr_free(&q->cell);
        cellexpr_free(&q->budget);
        free(q->unit);
        for (size_t k = 0; k < q->nphrases; k++)
            free(q->phrases[k]);
        free(q->phrases);
        for (size_t k = 0; k < q->nwithin; k++) {
            free(q->within_words[k]);
            free(q->within_ids[k]);
        }
        free(q->within_words);
        free(q->within_ids);
    }
    free(rs->quantities);
    tableset_free(&rs->named_rows);
    free(rs->named_col);
    for (size_t i = 0; i < rs->nplaceholders; i++)
        free(rs->placeholders[i]);
    free(rs->placeholders);
    for (size_t i = 0; i < rs->nalternatives; i++)
        free(rs->alternatives[i]);
    free(rs->alternatives);
    free(rs->name);
    free(rs->version);
    for (size_t i = 0; i < rs->nsets; i++) {
        free(rs->sets[i].name);
        free(rs->sets[i].version);
        free(rs->sets[i].file);
    }
    free(rs->sets);
    memset(rs, 0, sizeof *rs);
}

gfa_status ruleset_load(const gfa_context *ctx, const char *dir, const char *xsd_path,
                        ruleset *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    xmlSchemaPtr xsd = datafile_schema(xsd_path, "GFA-DATA-030", diags);
    if (!xsd) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-033", xsd_path, 0, 0,
                 "cannot compile the rule-file schema");
        return GFA_ERR_DATA;
    }
    rule_load rl = {ctx, xsd, out};
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
