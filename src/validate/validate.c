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

/* The layers every validation has before the rule files' rules: the XSD, and the main
 * tables. They are in the catalogue as rules of gfa itself. */
static const rule schema_rule = {(char *)"GFA-XSD-001", GFA_SEV_FATAL, true,
                                 (char *)"实例符合 XSD", (char *)"{text}", NULL, 0,
                                 (char *)"XSD", "schema", 0};
static const rule main_rule = {(char *)"GFA-VAL-001", GFA_SEV_FATAL, true,
                               (char *)"主要决算表已读出",
                               (char *)"未能读出主要决算表（{detail}）：报告不能被接受", NULL, 0,
                               (char *)"VAL", "main-tables", 0};
static const rule *const builtin_rules[] = {&schema_rule, &main_rule};

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
    /* every rule file's set and version: "gfa-narrative 1.0, gfa-national 1.0" */
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < v->rules.nsets; i++)
        sb_addf(&sb, "%s%s %s", i ? ", " : "",
                v->rules.sets[i].name ? v->rules.sets[i].name : "gfa",
                v->rules.sets[i].version ? v->rules.sets[i].version : "0");
    v->name = sb_take(&sb);
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

const ruleset *validator_rules(const gfa_validator *v)
{
    return v ? &v->rules : NULL;
}

size_t gfa_validator_ruleset_count(const gfa_validator *v)
{
    return v->rules.nsets;
}

int gfa_validator_ruleset_info(const gfa_validator *v, size_t i, const char **name,
                               const char **version, const char **file)
{
    if (i >= v->rules.nsets)
        return 0;
    const rule_source *s = &v->rules.sets[i];
    if (name)
        *name = s->name ? s->name : "";
    if (version)
        *version = s->version ? s->version : "";
    if (file)
        *file = s->file ? s->file : "";
    return 1;
}

size_t gfa_validator_rule_count(const gfa_validator *v)
{
    return ARRAY_LEN(builtin_rules) + v->rules.count;
}

int gfa_validator_rule_info(const gfa_validator *v, size_t i, gfa_rule_info *out)
{
    if (i >= gfa_validator_rule_count(v) || !out)
        return 0;
    bool builtin = i < ARRAY_LEN(builtin_rules);
    const rule *r = builtin ? builtin_rules[i] : &v->rules.rules[i - ARRAY_LEN(builtin_rules)];
    const rule_source *s = !builtin && r->set < v->rules.nsets ? &v->rules.sets[r->set] : NULL;
    memset(out, 0, sizeof *out);
    out->id = r->id;
    out->severity = r->severity;
    out->enabled = r->enabled;
    out->title = r->title ? r->title : "";
    out->message = r->message ? r->message : "";
    out->family = r->family ? r->family : "";
    out->check = r->check ? r->check : "";
    out->ruleset = builtin ? "gfa" : s && s->name ? s->name : "";
    out->ruleset_version = builtin ? gfa_version() : s && s->version ? s->version : "";
    return 1;
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

long vrun_report_year(const vrun *v)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    long year = 0;
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next)
        if (h->type == XML_ELEMENT_NODE && !xmlStrcmp(h->name, BAD_CAST "header"))
            for (xmlNodePtr p = h->children; p; p = p->next)
                if (p->type == XML_ELEMENT_NODE && !xmlStrcmp(p->name, BAD_CAST "period") &&
                    xml_attr(p, "year"))
                    year = strtol(xml_attr(p, "year"), NULL, 10);
    return year;
}

void vrun_pass(vrun *v, const rule *r, const char *what)
{
    ledger_add(v, r, CHECK_PASSED, what, NULL);
}

void vrun_unchecked(vrun *v, const rule *r, const char *what, const char *why)
{
    ledger_add(v, r, CHECK_UNCHECKED, what, why);
}

/* Adds a line's first element to the run's index (borrowed from the document). */
static void keep_location(vrun *v, const char *line, xmlNodePtr el)
{
    int k;
    if (strmap_get(v->line_locations, line, &k))
        return; /* the first element printed on a line gives its location */
    if (v->nlocations == v->cap_locations) {
        size_t cap = v->cap_locations ? v->cap_locations * 2 : 256;
        xmlNodePtr *l = realloc(v->locations, cap * sizeof *l);
        if (!l)
            return;
        v->locations = l;
        v->cap_locations = cap;
    }
    if (strmap_put(v->line_locations, line, (int)v->nlocations))
        v->locations[v->nlocations++] = el;
}

/* The first element of a line of the source, for findings that point to a line (a
 * narrative sentence): its @at, and its own line in an instance that was read. An index
 * of the document's elements built once per run, on first use. */
static xmlNodePtr element_of_line(vrun *v, long line)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    if (line <= 0 || !root)
        return NULL;
    if (!v->line_locations) {
        if (!(v->line_locations = strmap_new()))
            return NULL;
        for (xmlNodePtr n = root; n;) { /* document order, without recursion */
            const char *l = n->type == XML_ELEMENT_NODE ? xml_attr(n, "line") : NULL;
            if (l)
                keep_location(v, l, n);
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

/* A value the reader was unsure of (certain="false"), itself or its form row. */
static bool node_uncertain(xmlNodePtr n)
{
    for (int k = 0; n && n->type == XML_ELEMENT_NODE && k < 2; k++, n = n->parent) {
        const char *c = xml_attr(n, "certain");
        if (c && (!strcmp(c, "false") || !strcmp(c, "0")))
            return true;
    }
    return false;
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
        f->uncertain = node_uncertain(at->node);
        xmlNodePtr el = at->node ? at->node : element_of_line(v, at->line);
        f->inst_line = v->origin && el ? xmlGetLineNo(el) : 0;
        const char *loc = at->node ? xml_attr(at->node, "at") : NULL;
        if (!loc && (el = element_of_line(v, at->line)))
            loc = xml_attr(el, "at");
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
    f->uncertain |= node_uncertain(x->node);
    finding_cell *cells = realloc(f->cells, (f->ncells + 1) * sizeof *cells);
    if (!cells)
        return;
    f->cells = cells;
    finding_cell *c = &f->cells[f->ncells];
    c->unit = NULL;
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
    if (asprintf(&s, "%s%s%s/%s/%s=%s", c->unit ? c->unit : "", c->unit ? ":" : "", c->table,
                 c->row, c->col, c->value ? c->value : "") < 0)
        return NULL;
    return s;
}

/* ---------------------------------------------------------- messages --- */

/* The first label of a field of the performance form's definition ("full_year" →
 * 全年预算数): the Chinese names of a form's rows and columns are data. */
static const char *form_label(const vrun *v, const char *field)
{
    const table_def *d = table_defs_find(&v->ctx->defs, "perf");
    const form_field *ff = d && field ? table_def_field(d, field) : NULL;
    return ff && ff->labels.count ? ff->labels.keys[0] : NULL;
}

/* The header a column of a table definition sits under (公开09's 预算数 and 决算数):
 * what names the one row of a single-row part. NULL when none. */
static const char *column_under(const vrun *v, const char *table, const char *col)
{
    const table_def *d = table ? table_defs_find(&v->ctx->defs, table) : NULL;
    for (size_t p = 0; d && col && p < d->nparts; p++)
        for (size_t c = 0; c < d->parts[p].ncols; c++)
            if (!strcmp(d->parts[p].cols[c].id, col) && d->parts[p].cols[c].under.count)
                return d->parts[p].cols[c].under.keys[0];
    return NULL;
}

/* A printed label without the colon it ends with (资金总额: → 资金总额), malloc'd. */
static char *without_colon(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        size_t k = n - 1; /* the last character, by NFKC (：is :) */
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        char *last = text_nfkc(s + k, n - k);
        bool colon = last && !strcmp(last, ":");
        free(last);
        if (!colon)
            break;
        n = k;
    }
    return xstrndup(s, n);
}

/* How a table, row and column are named in messages: 公开03, the row's printed name, the
 * column's printed label; a form's rows and columns by its definition's field labels; the
 * one row of a single-row part by the header its column sits under (公开09 决算数). */
void vrun_cell_names(const vrun *v, const char *t, const char *r, const char *c,
                     const char **table, char **row, char **col)
{
    *table = t ? t : "";
    const char *rl = r ? r : "", *cl = c ? c : "";
    if (t && str_starts(t, "perf")) {
        static const char *const row_fields[][2] = {
            {"total", "total_score"}, {"unit", "unit"}, {"department", "department"}};
        for (size_t k = 0; k < ARRAY_LEN(row_fields); k++)
            if (!strcmp(rl, row_fields[k][0]) && form_label(v, row_fields[k][1]))
                rl = form_label(v, row_fields[k][1]);
        cl = !strcmp(rl, form_label(v, "total_score") ? form_label(v, "total_score") : "")
                 ? ""
                 : form_label(v, cl) ? form_label(v, cl) : cl;
    } else if (t) {
        const fact *x = r && c ? facts_get(&v->facts, t, r, c) : NULL;
        if (x) {
            const char *name = xml_attr(x->row_node, "name");
            rl = name ? name : xml_attr(x->row_node, "label") ? xml_attr(x->row_node, "label") : "";
            if (!*rl && column_under(v, t, c))
                rl = column_under(v, t, c);
            /* the part's columns come before its rows (schema order) */
            for (xmlNodePtr n = x->row_node->parent->children; n; n = n->next) {
                if (n->type != XML_ELEMENT_NODE)
                    continue;
                if (xmlStrcmp(n->name, BAD_CAST "column"))
                    break;
                if (xml_attr(n, "id") && !strcmp(xml_attr(n, "id"), c) && xml_attr(n, "label"))
                    cl = xml_attr(n, "label");
            }
        }
    }
    *row = without_colon(rl);
    *col = strdup(cl);
    const table_info *ti = t ? facts_table(&v->facts, t) : NULL;
    if (ti && xml_attr(ti->node, "number"))
        *table = xml_attr(ti->node, "number");
}

/* The names of a finding's own cell; sets its row_label and col_label (Chinese, for every
 * output) on first use. */
static void names_for(const vrun *v, finding *f, const char **table, const char **row,
                      const char **col)
{
    char *rl = NULL, *cl = NULL;
    vrun_cell_names(v, f->table, f->row, f->col, table, &rl, &cl);
    if (!f->row_label && !f->col_label) {
        f->row_label = rl;
        f->col_label = cl;
    } else {
        free(rl);
        free(cl);
    }
    *row = f->row_label ? f->row_label : "";
    *col = f->col_label ? f->col_label : "";
}

char *vrun_cell_name(const vrun *v, const char *table, const char *row, const char *col)
{
    const char *n[3];
    char *rl = NULL, *cl = NULL;
    vrun_cell_names(v, table, row, col, &n[0], &rl, &cl);
    n[1] = rl ? rl : "";
    n[2] = cl ? cl : "";
    strbuf sb;
    sb_init(&sb);
    for (int k = 0; k < 3; k++)
        if (*n[k])
            sb_addf(&sb, "%s%s", sb.len ? " " : "", n[k]);
    free(rl);
    free(cl);
    return sb_take(&sb);
}

void finding_set_lockey(finding *f, const char *key)
{
    if (!f)
        return;
    free(f->lockey);
    f->lockey = key ? strdup(key) : NULL;
}

const char *const value_kind_names[] = {"amount", "rate", "code", "count", "score", "text"};
const char *const msg_placeholders[] = {"table", "row", "col", "reported", "expected",
                                        "difference", "tolerance", "line", "text", "a",
                                        "b", "detail", NULL};

/* The value of placeholder k of msg_placeholders. */
static const char *placeholder(const finding *f, const msg_args *m, const char *const names[3],
                               const char *line, int k)
{
    const char *const values[] = {m->table ? m->table : names[0], m->row ? m->row : names[1],
                                  m->col ? m->col : names[2],
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

/* -------------------------------------------------- root-cause groups --- */

/* A finding's cells: the reported one and the others it names. */
static size_t finding_cells(const finding *f, char keys[][96], size_t max)
{
    size_t n = 0;
    if (f->table && f->row && f->col && n < max)
        snprintf(keys[n++], 96, "%s/%s/%s", f->table, f->row, f->col);
    for (size_t i = 0; i < f->ncells && n < max; i++) {
        const finding_cell *c = &f->cells[i];
        snprintf(keys[n++], 96, "%s%s%s/%s/%s", c->unit ? c->unit : "", c->unit ? ":" : "",
                 c->table, c->row, c->col);
    }
    return n;
}

/* A run over a store (checks across reports) has no printed values to diagnose: findings
 * that share a cell follow from it, the cell in the most failed checks is the suspect, and
 * the finding that reports it is the root cause. A report's own run is diagnosed instead
 * (vrun_diagnose): one notion of cause per instance. */
static void group_root_causes(vrun *v)
{
    strmap *count = strmap_new();
    if (!count)
        return;
    strmap *first = strmap_new(); /* cell → the first finding reporting it */
    if (!first) {
        strmap_free(count);
        return;
    }
    char keys[64][96];
    for (size_t i = 0; i < v->nfindings; i++) {
        const finding *f = &v->findings[i];
        if (f->table && f->row && f->col) {
            char own[96];
            int j;
            snprintf(own, sizeof own, "%s/%s/%s", f->table, f->row, f->col);
            if (!strmap_get(first, own, &j))
                strmap_put(first, own, (int)i);
        }
        size_t n = finding_cells(f, keys, 64);
        for (size_t k = 0; k < n; k++) {
            int c = 0;
            strmap_get(count, keys[k], &c);
            strmap_put(count, keys[k], c + 1);
        }
    }
    for (size_t i = 0; i < v->nfindings; i++) {
        size_t n = finding_cells(&v->findings[i], keys, 64);
        int best = 1, at = -1;
        for (size_t k = 0; k < n; k++) {
            int c = 0;
            strmap_get(count, keys[k], &c);
            if (c > best) {
                best = c;
                at = (int)k;
            }
        }
        if (at < 0)
            continue;
        /* the root: the first finding that reports the suspect cell itself */
        int j = 0;
        if (strmap_get(first, keys[at], &j) && j != (int)i)
            v->findings[i].cause = j;
    }
    /* a root is never itself caused */
    for (size_t i = 0; i < v->nfindings; i++)
        if (v->findings[i].cause >= 0 && v->findings[v->findings[i].cause].cause >= 0)
            v->findings[v->findings[i].cause].cause = -1;
    strmap_free(first);
    strmap_free(count);
}

/* ------------------------------------------------------- fingerprints --- */

/* A finding's stable id: the same defect found again (in a resubmission, after lines were
 * added above it) has the same one. It hashes the rule, where the defect is without line
 * numbers (table/row/column keys, or the sentence or form it is in) and the values. */
static void fingerprint(finding *f)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s\x1f", f->rule->id);
    if (f->lockey)
        sb_adds(&sb, f->lockey);
    else if (f->table || f->row || f->col)
        sb_addf(&sb, "%s/%s/%s", f->table ? f->table : "", f->row ? f->row : "",
                f->col ? f->col : "");
    else
        sb_adds(&sb, f->message ? f->message : "");
    sb_addf(&sb, "\x1f%s\x1f%s", f->reported ? f->reported : "", f->expected ? f->expected : "");
    char hex[65];
    sha256_hex(sb.data ? sb.data : "", sb.len, hex);
    sb_free(&sb);
    memcpy(f->fingerprint, hex, 16);
    f->fingerprint[16] = '\0';
}

/* ---------------------------------------------------------- outputs --- */

/* A finding as a diagnostic. Read from an instance, its file and line are the instance's
 * (the element's own line) and its source is the text's line and column (@line/@pos). */
static void emit_diag(vrun *v, const finding *f, bool consequence)
{
    const finding *root = f->cause >= 0 ? &v->findings[f->cause] : NULL;
    long line = v->origin ? (f->inst_line > 0 ? f->inst_line : 0) : f->line;
    long pos = v->origin ? 0 : f->pos;
    diag_add_at(v->diags, f->severity, GFA_DOM_RULES, f->rule->id, v->source, line, pos,
                f->xpath, "%s%s%s%s", f->message ? f->message : f->rule->title,
                consequence ? "（由 " : "", consequence ? root->id : "",
                consequence ? " 引起）" : "");
    diag_set_at(v->diags, f->at);
    if (v->origin)
        diag_set_source(v->diags, v->origin, f->line, f->pos);
    diag_set_fingerprint(v->diags, f->fingerprint);
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

void verdict_set_counts(xmlNodePtr n, const vrun *v)
{
    static const vrun none; /* an input that was not validated: no counts */
    if (!v)
        v = &none;
    static const char *const sev_names[] = {"infos", "warnings", "inconsistencies", "errors",
                                            "fatal"};
    xml_set_long(n, "checks", (long)(v->passed + v->failed + v->unchecked));
    xml_set_long(n, "passed", (long)v->passed);
    xml_set_long(n, "failed", (long)v->failed);
    xml_set_long(n, "unchecked", (long)v->unchecked);
    for (int s = GFA_SEV_FATAL; s >= GFA_SEV_INFO; s--)
        xml_set_long(n, sev_names[s], (long)v->counts[s]);
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
    verdict_set_counts(val, v);
    for (size_t i = 0; i < v->nfindings; i++) {
        const finding *f = &v->findings[i];
        xmlNodePtr n = xml_child(val, "finding", NULL);
        xml_child(n, "message", f->message ? f->message : "");
        xml_set(n, "id", f->id);
        xml_set(n, "fingerprint", f->fingerprint);
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
        if (f->row_label && *f->row_label)
            xml_set(n, "rowLabel", f->row_label);
        if (f->col_label && *f->col_label)
            xml_set(n, "colLabel", f->col_label);
        xml_set(n, "xpath", f->xpath);
        xml_set(n, "reported", f->reported);
        xml_set(n, "expected", f->expected);
        xml_set(n, "difference", f->difference);
        xml_set(n, "tolerance", f->tolerance);
        if (f->reported || f->expected)
            xml_set(n, "kind", value_kind_names[f->kind]);
        if (f->cause >= 0)
            xml_set(n, "cause", v->findings[f->cause].id);
        if (f->uncertain)
            xml_set(n, "uncertain", "true");
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

void check_across(vrun *v, const rule *r, const rule_check *c)
{
    (void)v, (void)r, (void)c; /* one report alone holds nothing they compare */
}

/* Is a table of the set defined or included by one of the table sets the report is
 * printed in? */
static bool set_in_variants(const vrun *v, const tableset *ts)
{
    const table_defs *defs = &v->ctx->defs;
    for (size_t i = 0; i < ts->n; i++)
        for (size_t d = 0; d < defs->count; d++) {
            int k;
            if (!strcmp(defs->tables[d].id, ts->defs[i]->id) && defs->tables[d].variant &&
                strmap_get(v->variants, defs->tables[d].variant, &k))
                return true;
        }
    return false;
}

static bool expr_in_variants(const vrun *v, const cellexpr *e)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->refs[i].tables.n && !set_in_variants(v, &e->refs[i].tables))
            return false;
    return true;
}

/* A check applies to the report unless a table it needs belongs only to table sets the
 * report is not printed in (a province's own table in a national report): such a check
 * is no "not checkable" of the report, it is not one of its checks. */
static bool check_applies(const vrun *v, const rule_check *c)
{
    if (!v->variants)
        return true;
    return (!c->tables.n || set_in_variants(v, &c->tables)) && expr_in_variants(v, &c->a) &&
           expr_in_variants(v, &c->b) && expr_in_variants(v, &c->cell);
}

/* The table sets the report is printed in: its header's and its tables' (NULL when the
 * instance names none: every check applies). */
static void collect_variants(vrun *v)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    strmap *m = NULL;
    for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE)
            continue;
        for (xmlNodePtr c = s->children; c; c = c->next) {
            const char *var = NULL;
            xmlChar *txt = NULL;
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (!xmlStrcmp(s->name, BAD_CAST "header") && !xmlStrcmp(c->name, BAD_CAST "variant"))
                var = (const char *)(txt = xmlNodeGetContent(c));
            else if (!xmlStrcmp(s->name, BAD_CAST "tables") && !xmlStrcmp(c->name, BAD_CAST "table"))
                var = xml_attr(c, "variant");
            if (var && *var && (m || (m = strmap_new())))
                strmap_put(m, var, 1);
            xmlFree(txt);
        }
    }
    v->variants = m;
}

static void run_rule(vrun *v, const rule *r)
{
    for (size_t k = 0; k < r->nchecks; k++)
        if (check_applies(v, &r->checks[k]))
            r->checks[k].run(v, r, &r->checks[k]);
}

/* Schema findings count as fatal findings of the verdict. */
static void schema_layer(vrun *v, gfa_report *report)
{
    gfa_diags *xsd = gfa_diags_new();
    if (!xsd)
        return;
    if (gfa_report_check_schema(v->ctx, report, xsd) != GFA_OK) {
        for (size_t i = 0; i < gfa_diags_count(xsd); i++) {
            const gfa_diag *d = gfa_diags_at(xsd, i);
            finding *f = vrun_fail(v, &schema_rule, "schema", NULL);
            if (!f)
                break;
            f->line = v->origin ? gfa_diag_source_line(d) : gfa_diag_line(d);
            f->inst_line = v->origin ? gfa_diag_line(d) : 0;
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

/* Root causes, counts, the verdict, the diagnostics: the end of every run. */
static void conclude(vrun *v)
{
    if (!v->doc)
        group_root_causes(v); /* a report's own run was diagnosed (vrun_diagnose) */
    for (size_t i = 0; i < v->nfindings; i++) {
        finding *f = &v->findings[i];
        const char *n[3];
        if (f->table && !f->row_label && !f->col_label)
            names_for(v, f, &n[0], &n[1], &n[2]);
        /* (a decimal comma's or an OCR misreading's own finding is about the doubt itself) */
        bool about_doubt = false;
        for (size_t k = 0; k < f->rule->nchecks; k++)
            about_doubt |= f->rule->checks[k].kind == RK_HYGIENE &&
                           (f->rule->checks[k].check == HYG_DECIMAL_COMMA ||
                            f->rule->checks[k].check == HYG_OCR_DIGIT);
        if (about_doubt)
            f->uncertain = false;
        if (f->uncertain && f->message) {
            /* a check that depends on a value the reader was unsure of says so */
            char *m = NULL;
            if (asprintf(&m, "%s（所涉数值读取不确定，请对照原表）", f->message) >= 0) {
                free(f->message);
                f->message = m;
            }
        }
        fingerprint(f);
        v->counts[f->severity]++;
    }
    v->accepted = !v->main_tables_missing && v->counts[GFA_SEV_ERROR] == 0 &&
                  v->counts[GFA_SEV_FATAL] == 0;
    emit_diags(v);
}

/* What the rules built once for all of them, for this report only. */
static void drop_run_caches(vrun *v)
{
    facts_free(&v->facts);
    narrative_free(v->narrative);
    v->narrative = NULL;
    text_list_free(v->texts);
    v->texts = NULL;
    funds_cache_free(v->funds);
    v->funds = NULL;
    coverage_cache_free(v->coverages);
    v->coverages = NULL;
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
    const char *origin = report_origin(v->doc, v->source);
    v->origin = origin ? strdup(origin) : NULL;
    v->ruleset_version = strdup(gfa_validator_ruleset(val));
    v->diags = diags;
    if (facts_build(v->doc, &v->facts) != GFA_OK) {
        gfa_verdict_free(v);
        return GFA_ERR_NOMEM;
    }
    if (!(flags & GFA_VALIDATE_NO_SCHEMA))
        schema_layer(v, report);
    main_tables_layer(v);
    collect_variants(v);
    for (size_t i = 0; i < val->rules.count; i++)
        if (val->rules.rules[i].enabled)
            run_rule(v, &val->rules.rules[i]);
    if (!v->out_of_memory)
        vrun_diagnose(v);
    if (v->out_of_memory) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_RULES, "GFA-VAL-002", v->source, 0, 0,
                 "out of memory while checking: no verdict");
        drop_run_caches(v);
        gfa_verdict_free(v);
        return GFA_ERR_NOMEM;
    }
    conclude(v);
    if (flags & GFA_VALIDATE_EMBED)
        embed(v);
    /* the figures the narrative rules read, for a store that loads this report next */
    if (v->narrative && narrative_figures(v, &v->figures, &v->nfigures) == GFA_OK)
        v->figures_read = true;
    drop_run_caches(v);
    vrun_values_free(v);
    v->doc = NULL;
    *out = v;
    return GFA_OK;
}

vrun *vrun_open(const gfa_validator *val, const char *source, gfa_diags *diags)
{
    vrun *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->ctx = val->ctx;
    v->rules = &val->rules;
    v->diags = diags;
    v->source = strdup(source ? source : "");
    v->ruleset_version = strdup(gfa_validator_ruleset(val));
    v->facts.index = strmap_new(); /* no cells of its own: names come from msg_args */
    if (!v->source || !v->ruleset_version || !v->facts.index) {
        gfa_verdict_free(v);
        return NULL;
    }
    return v;
}

gfa_status vrun_close(vrun *v)
{
    if (v->out_of_memory) {
        diag_add(v->diags, GFA_SEV_FATAL, GFA_DOM_RULES, "GFA-VAL-002", v->source, 0, 0,
                 "out of memory while checking: no verdict");
        return GFA_ERR_NOMEM;
    }
    conclude(v);
    return GFA_OK;
}

gfa_status validator_narrative(const gfa_validator *val, xmlDocPtr doc, nar_figure **out,
                               size_t *n)
{
    *out = NULL;
    *n = 0;
    vrun v;
    memset(&v, 0, sizeof v);
    v.ctx = val->ctx;
    v.rules = &val->rules;
    v.doc = doc;
    if (facts_build(doc, &v.facts) != GFA_OK)
        return GFA_ERR_NOMEM;
    gfa_status st = narrative_figures(&v, out, n);
    narrative_free(v.narrative);
    facts_free(&v.facts);
    return st;
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
        free(f->lockey);
        free(f->row_label);
        free(f->col_label);
        for (size_t k = 0; k < f->ncells; k++) {
            free(f->cells[k].unit);
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
    nar_figures_free(v->figures, v->nfigures);
    strmap_free(v->line_locations);
    free(v->locations);
    vrun_values_free(v);
    strmap_free(v->variants);
    facts_free(&v->facts);
    free(v->source);
    free(v->origin);
    free(v->ruleset_version);
    free(v);
}

int gfa_verdict_accepted(const gfa_verdict *v) { return v->accepted; }
const char *gfa_verdict_source(const gfa_verdict *v) { return v->source; }
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
