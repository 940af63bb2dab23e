/* validate.c — the validator: XSD, then the rules, in one run; the ledger of every rule
 * instance; findings grouped under their root cause; the <validation> block written into
 * the instance; findings handed to the caller as diagnostics.
 *
 * Precision over recall (issue 3): a gateway rejects filings on errors, so only the rules'
 * error/fatal findings reject; calculation inconsistencies are their own severity; a cell
 * that could not be read makes a check "not checkable", never "failed". */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

struct gfa_validator {
    const gfa_context *ctx;
    ruleset rules;
    char *name;
};

/* ------------------------------------------------------------- set-up --- */

gfa_validator *gfa_validator_new(const gfa_context *ctx, gfa_diags *diags)
{
    gfa_validator *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->ctx = ctx;
    char *dir = NULL, *xsd = NULL;
    if (asprintf(&dir, "%s/schemas/rules", gfa_context_datadir(ctx)) < 0)
        dir = NULL;
    if (asprintf(&xsd, "%s/schemas/gfa-rules.xsd", gfa_context_datadir(ctx)) < 0)
        xsd = NULL;
    gfa_status st = dir && xsd ? ruleset_load(ctx, dir, xsd, &v->rules, diags) : GFA_ERR_NOMEM;
    free(dir);
    free(xsd);
    if (st != GFA_OK) {
        free(v);
        return NULL;
    }
    if (asprintf(&v->name, "%s %s", v->rules.name ? v->rules.name : "gfa",
                 v->rules.version ? v->rules.version : "0") < 0)
        v->name = NULL;
    return v;
}

void gfa_validator_free(gfa_validator *v)
{
    if (!v)
        return;
    ruleset_free(&v->rules);
    free(v->name);
    free(v);
}

const char *gfa_validator_ruleset(const gfa_validator *v)
{
    return v->name ? v->name : "";
}

gfa_status gfa_validator_set_severity(gfa_validator *v, const char *rule_id, const char *level)
{
    rule *r = ruleset_find(&v->rules, rule_id);
    if (!r)
        return GFA_ERR_USAGE;
    static const struct { const char *name; gfa_severity sev; } levels[] = {
        {"info", GFA_SEV_INFO}, {"warning", GFA_SEV_WARNING},
        {"inconsistency", GFA_SEV_INCONSISTENCY}, {"error", GFA_SEV_ERROR},
        {"fatal", GFA_SEV_FATAL}};
    if (!strcmp(level, "off")) {
        r->enabled = false;
        return GFA_OK;
    }
    for (size_t i = 0; i < ARRAY_LEN(levels); i++)
        if (!strcmp(level, levels[i].name)) {
            r->severity = levels[i].sev;
            r->enabled = true;
            return GFA_OK;
        }
    return GFA_ERR_USAGE;
}

gfa_status gfa_validator_load_config(gfa_validator *v, const char *path, gfa_diags *diags)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-020", path, 0, 0,
                 "cannot open the configuration file");
        return GFA_ERR_IO;
    }
    char line[512];
    long no = 0;
    gfa_status st = GFA_OK;
    while (fgets(line, sizeof line, f)) {
        no++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char id[64], level[32];
        char *eq = strchr(line, '=');
        if (!eq) {
            bool blank = true;
            for (char *p = line; *p; p++)
                blank &= (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
            if (!blank) {
                diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-CFG-001", path, no, 1,
                         "expected 'RULE-ID = level'");
                st = GFA_ERR_USAGE;
            }
            continue;
        }
        *eq = ' ';
        int n = sscanf(line, "%63s %31s", id, level);
        if (n != 2 || gfa_validator_set_severity(v, id, level) != GFA_OK) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-CFG-002", path, no, 1,
                     "unknown rule or level in '%s = %s' (levels: info, warning, "
                     "inconsistency, error, fatal, off)",
                     n >= 1 ? id : "", n == 2 ? level : "");
            st = GFA_ERR_USAGE;
        }
    }
    fclose(f);
    return st;
}

/* ------------------------------------------------------------ ledger --- */

static void ledger_add(vrun *v, const rule *r, check_status st, const char *what, const char *why)
{
    if (v->nledger == v->cap_ledger) {
        size_t cap = v->cap_ledger ? v->cap_ledger * 2 : 256;
        ledger_entry *l = realloc(v->ledger, cap * sizeof *l);
        if (!l) {
            v->out_of_memory = true;
            return;
        }
        v->ledger = l;
        v->cap_ledger = cap;
    }
    ledger_entry *e = &v->ledger[v->nledger++];
    e->rule = r->id;
    e->status = st;
    e->what = strdup(what ? what : "");
    e->reason = why ? strdup(why) : NULL;
    if (!e->what || (why && !e->reason))
        v->out_of_memory = true;
    if (st == CHECK_PASSED)
        v->passed++;
    else if (st == CHECK_FAILED)
        v->failed++;
    else
        v->unchecked++;
}

void vrun_pass(vrun *v, const rule *r, const char *what)
{
    ledger_add(v, r, CHECK_PASSED, what, NULL);
}

void vrun_unchecked(vrun *v, const rule *r, const char *what, const char *why)
{
    ledger_add(v, r, CHECK_UNCHECKED, what, why);
}

/* Adds a line's location to the run's index (borrowed from the document). */
static void keep_location(vrun *v, const char *line, const char *at)
{
    int k;
    if (strmap_get(v->line_locations, line, &k))
        return; /* the first element printed on a line gives its location */
    if (v->nlocations == v->cap_locations) {
        size_t cap = v->cap_locations ? v->cap_locations * 2 : 256;
        const char **l = realloc(v->locations, cap * sizeof *l);
        if (!l)
            return;
        v->locations = l;
        v->cap_locations = cap;
    }
    if (strmap_put(v->line_locations, line, (int)v->nlocations))
        v->locations[v->nlocations++] = at;
}

/* The @at of a line of the source, for findings that point to a line (a narrative
 * sentence): an index of the document's elements built once per run, on first use. */
static const char *location_of_line(vrun *v, long line)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    if (line <= 0 || !root)
        return NULL;
    if (!v->line_locations) {
        if (!(v->line_locations = strmap_new()))
            return NULL;
        for (xmlNodePtr n = root; n;) { /* document order, without recursion */
            const char *l = n->type == XML_ELEMENT_NODE ? xml_attr(n, "line") : NULL;
            const char *a = l ? xml_attr(n, "at") : NULL;
            if (a)
                keep_location(v, l, a);
            if (n->type == XML_ELEMENT_NODE && n->children) {
                n = n->children;
                continue;
            }
            while (n != root && !n->next)
                n = n->parent;
            n = n == root ? NULL : n->next;
        }
    }
    char key[24];
    snprintf(key, sizeof key, "%ld", line);
    int k;
    return strmap_get(v->line_locations, key, &k) ? v->locations[k] : NULL;
}

finding *vrun_fail(vrun *v, const rule *r, const char *what, const fact *at)
{
    ledger_add(v, r, CHECK_FAILED, what, NULL);
    if (v->nfindings == v->cap_findings) {
        size_t cap = v->cap_findings ? v->cap_findings * 2 : 32;
        finding *f = realloc(v->findings, cap * sizeof *f);
        if (!f) {
            v->out_of_memory = true; /* a lost finding must never let a report through */
            return NULL;
        }
        v->findings = f;
        v->cap_findings = cap;
    }
    finding *f = &v->findings[v->nfindings];
    memset(f, 0, sizeof *f);
    snprintf(f->id, sizeof f->id, "F%zu", v->nfindings + 1);
    v->nfindings++;
    f->rule = r;
    f->severity = r->severity;
    f->cause = -1;
    f->value = -1;
    if (at) {
        f->line = at->line;
        f->pos = at->pos;
        f->table = at->table ? strdup(at->table) : NULL;
        f->row = at->row ? strdup(at->row) : NULL;
        f->col = at->col ? strdup(at->col) : NULL;
        f->xpath = at->node ? xml_node_path(at->node) : NULL;
        const char *loc = at->node ? xml_attr(at->node, "at") : NULL;
        if (!loc)
            loc = location_of_line(v, at->line);
        f->at = loc ? strdup(loc) : NULL;
    }
    return f;
}

finding *vrun_fail_table(vrun *v, const rule *r, const char *what, const table_info *ti)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.table = ti->def;
    at.line = ti->line;
    at.node = ti->node;
    return vrun_fail(v, r, what, &at);
}

char *dec_text(gfa_dec d)
{
    char buf[64];
    return strdup(dec_format(d, buf, sizeof buf));
}

void finding_add_cell(finding *f, const fact *x)
{
    if (!f || !x)
        return;
    finding_cell *cells = realloc(f->cells, (f->ncells + 1) * sizeof *cells);
    if (!cells)
        return;
    f->cells = cells;
    finding_cell *c = &f->cells[f->ncells];
    c->table = strdup(x->table);
    c->row = strdup(x->row);
    c->col = strdup(x->col);
    c->value = x->kind == CELL_NUMBER || x->kind == CELL_BLANK ? dec_text(x->value) : NULL;
    if (c->table && c->row && c->col) {
        f->ncells++;
        return;
    }
    free(c->table);
    free(c->row);
    free(c->col);
    free(c->value);
}

char *finding_cell_text(const finding_cell *c)
{
    char *s = NULL;
    if (asprintf(&s, "%s/%s/%s=%s", c->table, c->row, c->col, c->value ? c->value : "") < 0)
        return NULL;
    return s;
}

/* ---------------------------------------------------------- messages --- */

/* How a table, row and column are named in messages: 公开03, the row's printed name, the
 * column's printed label. */
void vrun_cell_names(const vrun *v, const char *t, const char *r, const char *c,
                     const char **table, const char **row, const char **col)
{
    *table = t ? t : "";
    *row = r ? r : "";
    *col = c ? c : "";
    if (!t)
        return;
    const table_info *ti = facts_table(&v->facts, t);
    if (ti && xml_attr(ti->node, "number"))
        *table = xml_attr(ti->node, "number");
    const fact *x = r && c ? facts_get(&v->facts, t, r, c) : NULL;
    if (!x)
        return;
    const char *name = xml_attr(x->row_node, "name");
    if (name)
        *row = name;
    /* the part's columns come before its rows (schema order) */
    for (xmlNodePtr n = x->row_node->parent->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, BAD_CAST "column"))
            break;
        if (xml_attr(n, "id") && !strcmp(xml_attr(n, "id"), c) && xml_attr(n, "label"))
            *col = xml_attr(n, "label");
    }
}

static void names_for(const vrun *v, const finding *f, const char **table, const char **row,
                      const char **col)
{
    vrun_cell_names(v, f->table, f->row, f->col, table, row, col);
}

const char *const msg_placeholders[] = {"table", "row", "col", "reported", "expected",
                                        "difference", "tolerance", "line", "text", "a",
                                        "b", "detail", NULL};

/* The value of placeholder k of msg_placeholders. */
static const char *placeholder(const finding *f, const msg_args *m, const char *const names[3],
                               const char *line, int k)
{
    const char *const values[] = {m->table ? m->table : names[0], names[1], names[2],
                                  f->reported, f->expected, f->difference, f->tolerance,
                                  line, m->text, m->a, m->b, m->detail};
    return values[k] ? values[k] : "";
}

void vrun_message(vrun *v, finding *f, const msg_args *args)
{
    if (!f)
        return;
    static const msg_args none;
    const msg_args *m = args ? args : &none;
    const char *names[3];
    names_for(v, f, &names[0], &names[1], &names[2]);
    char line[24];
    snprintf(line, sizeof line, "%ld", f->line);
    strbuf sb;
    sb_init(&sb);
    for (const char *p = f->rule->message; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        int k = 0;
        while (close && msg_placeholders[k] &&
               ((size_t)(close - p - 1) != strlen(msg_placeholders[k]) ||
                strncmp(p + 1, msg_placeholders[k], (size_t)(close - p - 1))))
            k++;
        if (close && msg_placeholders[k]) {
            sb_adds(&sb, placeholder(f, m, names, line, k));
            p = close + 1;
        } else {
            sb_addc(&sb, *p++);
        }
    }
    free(f->message);
    f->message = sb_take(&sb);
}

/* ---------------------------------------------------------- outputs --- */

static void emit_diag(vrun *v, const finding *f, bool consequence)
{
    const finding *root = f->cause >= 0 ? &v->findings[f->cause] : NULL;
    diag_add_at(v->diags, f->severity, GFA_DOM_RULES, f->rule->id, v->source, f->line, f->pos,
                f->xpath, "%s%s%s%s", f->message ? f->message : f->rule->title,
                consequence ? "（由 " : "", consequence ? root->id : "",
                consequence ? " 引起）" : "");
    diag_set_at(v->diags, f->at);
}

/* Each root, then the findings it causes, in finding order. */
static void emit_diags(vrun *v)
{
    size_t n = v->nfindings;
    int *next = malloc((n ? n : 1) * sizeof *next);     /* next consequence of the same root */
    int *first = malloc((n ? n : 1) * sizeof *first);   /* first consequence of a root */
    int *last = malloc((n ? n : 1) * sizeof *last);
    if (!next || !first || !last) {
        free(next);
        free(first);
        free(last);
        for (size_t i = 0; i < n; i++)
            emit_diag(v, &v->findings[i], false);
        return;
    }
    for (size_t i = 0; i < n; i++)
        next[i] = first[i] = last[i] = -1;
    for (size_t j = 0; j < n; j++) {
        int c = v->findings[j].cause;
        if (c < 0)
            continue;
        if (last[c] < 0)
            first[c] = (int)j;
        else
            next[last[c]] = (int)j;
        last[c] = (int)j;
    }
    for (size_t i = 0; i < n; i++) {
        if (v->findings[i].cause >= 0)
            continue;
        emit_diag(v, &v->findings[i], false);
        for (int j = first[i]; j >= 0; j = next[j])
            emit_diag(v, &v->findings[j], true);
    }
    free(next);
    free(first);
    free(last);
}

static void set_count(xmlNodePtr n, const char *name, size_t v)
{
    xml_set_long(n, name, (long)v);
}

static void embed(vrun *v)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    for (xmlNodePtr c = root->children; c;) {
        xmlNodePtr next = c->next;
        if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "validation")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    xmlNodePtr val = xml_child(root, "validation", NULL);
    xml_set(val, "ruleset", v->ruleset_version);
    xml_set(val, "accepted", v->accepted ? "true" : "false");
    set_count(val, "checks", v->passed + v->failed + v->unchecked);
    set_count(val, "passed", v->passed);
    set_count(val, "failed", v->failed);
    set_count(val, "unchecked", v->unchecked);
    set_count(val, "fatal", v->counts[GFA_SEV_FATAL]);
    set_count(val, "errors", v->counts[GFA_SEV_ERROR]);
    set_count(val, "inconsistencies", v->counts[GFA_SEV_INCONSISTENCY]);
    set_count(val, "warnings", v->counts[GFA_SEV_WARNING]);
    set_count(val, "infos", v->counts[GFA_SEV_INFO]);
    for (size_t i = 0; i < v->nfindings; i++) {
        const finding *f = &v->findings[i];
        xmlNodePtr n = xml_child(val, "finding", NULL);
        xml_child(n, "message", f->message ? f->message : "");
        xml_set(n, "id", f->id);
        xml_set(n, "rule", f->rule->id);
        xml_set(n, "severity", gfa_severity_name(f->severity));
        if (f->line > 0)
            xml_set_long(n, "line", f->line);
        if (f->pos > 0)
            xml_set_long(n, "pos", f->pos);
        xml_set(n, "at", f->at);
        xml_set(n, "table", f->table);
        xml_set(n, "row", f->row);
        xml_set(n, "col", f->col);
        xml_set(n, "xpath", f->xpath);
        xml_set(n, "reported", f->reported);
        xml_set(n, "expected", f->expected);
        xml_set(n, "difference", f->difference);
        xml_set(n, "tolerance", f->tolerance);
        if (f->cause >= 0)
            xml_set(n, "cause", v->findings[f->cause].id);
        xml_set(n, "slip", f->slip);
        for (size_t k = 0; k < f->ncandidates; k++) {
            const finding_candidate *c = &f->candidates[k];
            xmlNodePtr e = xml_child(n, "candidate", NULL);
            xml_set_long(e, "set", c->set);
            xml_set(e, "table", c->table);
            xml_set(e, "row", c->row);
            xml_set(e, "col", c->col);
            if (c->line > 0)
                xml_set_long(e, "line", c->line);
            if (c->pos > 0)
                xml_set_long(e, "pos", c->pos);
            xml_set(e, "reported", c->reported);
            xml_set(e, "expected", c->expected);
            xml_set(e, "slip", c->slip);
        }
        for (size_t k = 0; k < f->ncells; k++) {
            xmlNodePtr c = xml_child(n, "cell", NULL);
            xml_set(c, "table", f->cells[k].table);
            xml_set(c, "row", f->cells[k].row);
            xml_set(c, "col", f->cells[k].col);
            if (f->cells[k].value)
                xml_set(c, "value", f->cells[k].value);
        }
    }
}

/* ---------------------------------------------------------- the run --- */

static void run_rule(vrun *v, const rule *r)
{
    for (size_t k = 0; k < r->nchecks; k++) {
        const rule_check *c = &r->checks[k];
        switch (c->kind) {
        case RK_HIERARCHY:
        case RK_CLASSES_SUM:
        case RK_COLUMNS:
        case RK_ROWS:
        case RK_EQUAL:
        case RK_LE:
        case RK_EMPTY_TABLE:
        case RK_EMPTY_MARKER: check_calc(v, r, c); break;
        case RK_CODE_LIST: check_codes(v, r, c); break;
        case RK_PERF: check_perf(v, r, c); break;
        case RK_NARRATIVE: check_narrative(v, r, c); break;
        case RK_HYGIENE: check_hygiene(v, r, c); break;
        case RK_DIAGNOSIS: break; /* after every other rule: vrun_diagnose */
        }
    }
}

/* Schema findings count as fatal findings of the verdict. */
static void schema_layer(vrun *v, gfa_report *report)
{
    gfa_diags *xsd = gfa_diags_new();
    if (!xsd)
        return;
    static const rule schema_rule = {(char *)"GFA-XSD-001", GFA_SEV_FATAL, true,
                                     (char *)"实例符合 XSD", (char *)"{text}", NULL, 0};
    if (gfa_report_check_schema(v->ctx, report, xsd) != GFA_OK) {
        for (size_t i = 0; i < gfa_diags_count(xsd); i++) {
            const gfa_diag *d = gfa_diags_at(xsd, i);
            finding *f = vrun_fail(v, &schema_rule, "schema", NULL);
            if (!f)
                break;
            f->line = gfa_diag_line(d);
            f->xpath = *gfa_diag_xpath(d) ? strdup(gfa_diag_xpath(d)) : NULL;
            f->message = strdup(gfa_diag_message(d));
        }
    } else {
        vrun_pass(v, &schema_rule, "schema");
    }
    gfa_diags_free(xsd);
}

/* A report whose main tables were not read is never accepted: a table of every main-table
 * role of the vocabulary, in whichever variant defines one (schemas/vocab, <table main>). */
static void main_tables_layer(vrun *v)
{
    static const rule main_rule = {(char *)"GFA-VAL-001", GFA_SEV_FATAL, true,
                                   (char *)"主要决算表已读出",
                                   (char *)"未能读出主要决算表（{detail}）：报告不能被接受", NULL, 0};
    const gfa_vocab *vc = &v->ctx->vocab;
    const table_defs *defs = &v->ctx->defs;
    strbuf missing;
    sb_init(&missing);
    for (size_t m = 0; m < vc->nmains; m++) {
        bool have = false;
        for (size_t d = 0; d < defs->count && !have; d++)
            have = defs->tables[d].main && !strcmp(defs->tables[d].main, vc->mains[m].role) &&
                   facts_table(&v->facts, defs->tables[d].id);
        if (!have)
            sb_addf(&missing, "%s%s", missing.len ? "、" : "", vc->mains[m].name);
    }
    if (missing.failed) {
        v->out_of_memory = true;
    } else if (!missing.len) {
        vrun_pass(v, &main_rule, "main tables");
    } else {
        v->main_tables_missing = true;
        finding *f = vrun_fail(v, &main_rule, "main tables", NULL);
        if (f)
            vrun_message(v, f, &(msg_args){.detail = missing.data});
    }
    sb_free(&missing);
}

gfa_status gfa_validate(const gfa_validator *val, gfa_report *report, unsigned flags,
                        gfa_verdict **out, gfa_diags *diags)
{
    *out = NULL;
    vrun *v = calloc(1, sizeof *v);
    if (!v)
        return GFA_ERR_NOMEM;
    v->ctx = val->ctx;
    v->rules = &val->rules;
    v->doc = gfa_report_doc(report);
    v->source = strdup(gfa_report_source(report));
    v->ruleset_version = strdup(gfa_validator_ruleset(val));
    v->diags = diags;
    if (facts_build(v->doc, &v->facts) != GFA_OK) {
        gfa_verdict_free(v);
        return GFA_ERR_NOMEM;
    }
    if (!(flags & GFA_VALIDATE_NO_SCHEMA))
        schema_layer(v, report);
    main_tables_layer(v);
    for (size_t i = 0; i < val->rules.count; i++)
        if (val->rules.rules[i].enabled)
            run_rule(v, &val->rules.rules[i]);
    if (!v->out_of_memory)
        vrun_diagnose(v);
    if (v->out_of_memory) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_RULES, "GFA-VAL-002", v->source, 0, 0,
                 "out of memory while checking: no verdict");
        facts_free(&v->facts);
        narrative_free(v->narrative);
        text_list_free(v->texts);
        v->narrative = NULL;
        v->texts = NULL;
        gfa_verdict_free(v);
        return GFA_ERR_NOMEM;
    }
    for (size_t i = 0; i < v->nfindings; i++)
        v->counts[v->findings[i].severity]++;
    v->accepted = !v->main_tables_missing && v->counts[GFA_SEV_ERROR] == 0 &&
                  v->counts[GFA_SEV_FATAL] == 0;
    emit_diags(v);
    if (flags & GFA_VALIDATE_EMBED)
        embed(v);
    facts_free(&v->facts);
    narrative_free(v->narrative);
    v->narrative = NULL;
    text_list_free(v->texts);
    v->texts = NULL;
    vrun_values_free(v);
    v->doc = NULL;
    *out = v;
    return GFA_OK;
}

void gfa_verdict_free(gfa_verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nledger; i++) {
        free(v->ledger[i].what);
        free(v->ledger[i].reason);
    }
    free(v->ledger);
    for (size_t i = 0; i < v->nfindings; i++) {
        finding *f = &v->findings[i];
        free(f->message);
        free(f->table);
        free(f->row);
        free(f->col);
        free(f->xpath);
        free(f->at);
        free(f->reported);
        free(f->expected);
        free(f->difference);
        free(f->tolerance);
        for (size_t k = 0; k < f->ncells; k++) {
            free(f->cells[k].table);
            free(f->cells[k].row);
            free(f->cells[k].col);
            free(f->cells[k].value);
        }
        free(f->cells);
        free(f->slip);
        for (size_t k = 0; k < f->ncandidates; k++) {
            finding_candidate *c = &f->candidates[k];
            free(c->table);
            free(c->row);
            free(c->col);
            free(c->reported);
            free(c->expected);
            free(c->slip);
        }
        free(f->candidates);
    }
    free(v->findings);
    strmap_free(v->line_locations);
    free(v->locations);
    vrun_values_free(v);
    facts_free(&v->facts);
    free(v->source);
    free(v->ruleset_version);
    free(v);
}

int gfa_verdict_accepted(const gfa_verdict *v) { return v->accepted; }
size_t gfa_verdict_passed(const gfa_verdict *v) { return v->passed; }
size_t gfa_verdict_failed(const gfa_verdict *v) { return v->failed; }
size_t gfa_verdict_unchecked(const gfa_verdict *v) { return v->unchecked; }

size_t gfa_verdict_count(const gfa_verdict *v, gfa_severity s)
{
    return (s >= GFA_SEV_INFO && s <= GFA_SEV_FATAL) ? v->counts[s] : 0;
}

char *gfa_verdict_ledger(const gfa_verdict *v)
{
    strbuf sb;
    sb_init(&sb);
    static const char *const names[] = {"passed", "FAILED", "not checkable"};
    for (size_t i = 0; i < v->nledger; i++) {
        const ledger_entry *e = &v->ledger[i];
        sb_addf(&sb, "%s\t%s\t%s", e->rule, names[e->status], e->what);
        if (e->reason)
            sb_addf(&sb, "\t%s", e->reason);
        sb_addc(&sb, '\n');
    }
    sb_addf(&sb, "%zu checks: %zu passed, %zu failed, %zu not checkable\n",
            v->passed + v->failed + v->unchecked, v->passed, v->failed, v->unchecked);
    return sb_take(&sb);
}
