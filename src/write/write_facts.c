/* write_facts.c — flat exports for finance bureaus (issue 12): one row per value cell of
 * every table and performance form (facts), and one row per finding of the embedded
 * validation (findings), as CSV (UTF-8 with a BOM, so that Excel and WPS on Chinese
 * Windows open it) or JSON Lines. Every row carries the report's identity (unit code,
 * entity, year, scope) and its source's SHA-256, so rows of many reports can be loaded
 * into one table; a value keeps its printed form beside the exact decimal, and its place
 * in the source (@line, @pos, @at). The columns are documented in docs/instance-format.md
 * ("Flat exports") and, for JSON Lines, docs/gfa-facts.schema.json. */
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && (!name || !xmlStrcmp(n->name, BAD_CAST name));
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* A row of an export: named fields in a fixed order, written as CSV or as a JSON object. */
typedef struct flat_row {
    const char *const *names;
    const char **values;
    size_t n;
} flat_row;

typedef struct flat_out {
    strbuf sb;
    bool csv;
    bool header_done;
} flat_out;

static void flat_emit(flat_out *o, const flat_row *r)
{
    if (o->csv && !o->header_done) {
        sb_adds(&o->sb, UTF8_BOM);
        for (size_t i = 0; i < r->n; i++)
            sb_csv_field(&o->sb, r->names[i], i + 1 == r->n);
        o->header_done = true;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (o->csv) {
            sb_csv_field(&o->sb, r->values[i], i + 1 == r->n);
            continue;
        }
        sb_adds(&o->sb, i ? "," : "{");
        sb_json_str(&o->sb, r->names[i]);
        sb_addc(&o->sb, ':');
        sb_json_str(&o->sb, r->values[i] && *r->values[i] ? r->values[i] : NULL);
        if (i + 1 == r->n)
            sb_adds(&o->sb, "}\n");
    }
}

/* The report's identity, the same on every row. */
typedef struct identity {
    const char *unit_code, *entity, *year, *scope, *sha256, *file, *unit, *scale;
} identity;

static identity identity_of(xmlDocPtr doc)
{
    identity id;
    memset(&id, 0, sizeof id);
    xmlNodePtr h = child(xmlDocGetRootElement(doc), "header");
    xmlNodePtr e = child(h, "entity"), p = child(h, "period"), s = child(h, "source"),
               u = child(h, "units");
    id.unit_code = xml_attr(e, "unitCode");
    id.entity = xml_attr(e, "name");
    id.scope = xml_attr(e, "scope");
    id.year = xml_attr(p, "year");
    id.sha256 = xml_attr(s, "sha256");
    id.file = xml_attr(s, "file");
    id.unit = xml_attr(u, "unit");
    id.scale = xml_attr(u, "scale");
    return id;
}

/* ---- facts ---- */

static const char *const fact_names[] = {
    "unit_code", "entity", "year", "scope", "source_sha256", "source_file", "table", "number",
    "form", "part", "row_key", "code", "label", "column", "column_label", "kind", "printed",
    "value", "unit", "scale", "line", "pos", "at", "uncertain"};
enum { F_TABLE = 6, F_NUMBER, F_FORM, F_PART, F_ROW, F_CODE, F_LABEL, F_COL, F_COL_LABEL,
       F_KIND, F_PRINTED, F_VALUE, F_UNIT, F_SCALE, F_LINE, F_POS, F_AT, F_UNCERTAIN, F_N };

static void fact_identity(const identity *id, const char **v)
{
    v[0] = id->unit_code;
    v[1] = id->entity;
    v[2] = id->year;
    v[3] = id->scope;
    v[4] = id->sha256;
    v[5] = id->file;
}

/* Is the value uncertain: marked certain="false" itself or on an ancestor (a fund row or
 * an indicator the reader placed by a heuristic)? */
static bool uncertain(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const char *c = xml_attr(n, "certain");
        if (c && !strcmp(c, "false"))
            return true;
        const char *u = xml_attr(n, "uncertain");
        if (u && !strcmp(u, "true"))
            return true;
    }
    return false;
}

/* One value cell (amt, blank, na, text) or form figure. */
static void fact_cell(flat_out *o, const char **v, xmlNodePtr cell, const char *col)
{
    xmlChar *content = xmlNodeGetContent(cell);
    const char *name = (const char *)cell->name;
    bool amt = !strcmp(name, "amt") || !strcmp(name, "weight") || !strcmp(name, "score");
    const char *printed = xml_attr(cell, "text");
    v[F_COL] = col;
    v[F_KIND] = amt ? "amount" : name;
    v[F_PRINTED] = printed ? printed : (const char *)content;
    v[F_VALUE] = amt ? (const char *)content : NULL;
    /* an indicator's weight and score sit on the indicator's line */
    v[F_LINE] = xml_attr(cell, "line") ? xml_attr(cell, "line") : xml_attr(cell->parent, "line");
    v[F_POS] = xml_attr(cell, "pos");
    v[F_AT] = xml_attr(cell, "at");
    v[F_UNCERTAIN] = uncertain(cell) ? "true" : "false";
    flat_row r = {fact_names, v, F_N};
    flat_emit(o, &r);
    xmlFree(content);
}

static void export_table(flat_out *o, const identity *id, xmlNodePtr table)
{
    const char *v[F_N] = {0};
    fact_identity(id, v);
    v[F_TABLE] = xml_attr(table, "def");
    v[F_NUMBER] = xml_attr(table, "number");
    for (xmlNodePtr part = table->children; part; part = part->next) {
        if (!is_el(part, "part"))
            continue;
        v[F_PART] = xml_attr(part, "id");
        for (xmlNodePtr row = part->children; row; row = row->next) {
            if (!is_el(row, "row"))
                continue;
            v[F_ROW] = xml_attr(row, "key");
            v[F_CODE] = xml_attr(row, "code");
            v[F_LABEL] = xml_attr(row, "name") ? xml_attr(row, "name") : xml_attr(row, "label");
            /* a row with a unit of its own (辆) counts things: scale 0 */
            v[F_UNIT] = xml_attr(row, "unit") ? xml_attr(row, "unit") : id->unit;
            v[F_SCALE] = xml_attr(row, "unit") ? "0" : id->scale;
            for (xmlNodePtr cell = row->children; cell; cell = cell->next) {
                if (!is_el(cell, NULL) || !xml_attr(cell, "col"))
                    continue;
                const char *col = xml_attr(cell, "col");
                v[F_COL_LABEL] = NULL;
                for (xmlNodePtr c = part->children; c && !v[F_COL_LABEL]; c = c->next)
                    if (is_el(c, "column") && xml_attr(c, "id") && !strcmp(xml_attr(c, "id"), col))
                        v[F_COL_LABEL] = xml_attr(c, "label");
                fact_cell(o, v, cell, col);
            }
        }
    }
}

/* The first label of the performance definition's field (全年预算数 for full_year). */
static const char *form_label(const gfa_context *ctx, const char *field)
{
    const table_def *d = ctx ? table_defs_find(&ctx->defs, "perf") : NULL;
    const form_field *f = d && field ? table_def_field(d, field) : NULL;
    return f && f->labels.count ? f->labels.keys[0] : NULL;
}

static void export_form(flat_out *o, const identity *id, const gfa_context *ctx, xmlNodePtr perf)
{
    const char *v[F_N] = {0};
    fact_identity(id, v);
    v[F_TABLE] = xml_attr(perf, "def");
    v[F_FORM] = xml_attr(child(perf, "project"), "name");
    v[F_UNIT] = id->unit;
    v[F_SCALE] = id->scale;
    v[F_PART] = "funds";
    for (xmlNodePtr fund = child(perf, "funds") ? child(perf, "funds")->children : NULL; fund;
         fund = fund->next) {
        if (!is_el(fund, "fund"))
            continue;
        v[F_ROW] = v[F_LABEL] = xml_attr(fund, "source");
        for (xmlNodePtr a = fund->children; a; a = a->next)
            if (is_el(a, "amt")) {
                v[F_COL_LABEL] = form_label(ctx, xml_attr(a, "field"));
                fact_cell(o, v, a, xml_attr(a, "field"));
            }
    }
    v[F_PART] = "indicators";
    v[F_UNIT] = v[F_SCALE] = NULL; /* points */
    for (xmlNodePtr ind = child(perf, "indicators") ? child(perf, "indicators")->children : NULL;
         ind; ind = ind->next) {
        if (!is_el(ind, "indicator"))
            continue;
        v[F_ROW] = v[F_LABEL] = xml_attr(ind, "name");
        for (xmlNodePtr x = ind->children; x; x = x->next)
            if (is_el(x, "weight") || is_el(x, "score")) {
                v[F_COL_LABEL] = NULL;
                fact_cell(o, v, x, (const char *)x->name);
            }
    }
}

/* Tables and forms in document order, wherever they are (tables, narrative, attachments). */
static void export_walk(flat_out *o, const identity *id, const gfa_context *ctx, xmlNodePtr n,
                       int depth)
{
    for (xmlNodePtr c = n->children; c && depth < 8; c = c->next) {
        if (is_el(c, "table"))
            export_table(o, id, c);
        else if (is_el(c, "performance"))
            export_form(o, id, ctx, c);
        else if (is_el(c, NULL) && !is_el(c, "header") && !is_el(c, "validation"))
            export_walk(o, id, ctx, c, depth + 1);
    }
}

static gfa_status export_facts(const writer_env *env, gfa_report *report, bool csv, char **out,
                        size_t *len)
{
    flat_out o = {.csv = csv};
    sb_init(&o.sb);
    xmlDocPtr doc = report_doc(report);
    identity id = identity_of(doc);
    if (csv) { /* the header even for a report without tables */
        sb_adds(&o.sb, UTF8_BOM);
        for (size_t i = 0; i < F_N; i++)
            sb_csv_field(&o.sb, fact_names[i], i + 1 == F_N);
        o.header_done = true;
    }
    export_walk(&o, &id, env ? env->ctx : NULL, xmlDocGetRootElement(doc), 0);
    if (o.sb.failed) {
        sb_free(&o.sb);
        return GFA_ERR_NOMEM;
    }
    *len = o.sb.len;
    *out = o.sb.data ? sb_take(&o.sb) : strdup("");
    return *out ? GFA_OK : GFA_ERR_NOMEM;
}

/* ---- findings ---- */

static const char *const finding_names[] = {
    "unit_code", "entity", "year", "scope", "source_sha256", "source_file", "id", "fingerprint",
    "rule", "severity", "message", "table", "row", "col", "row_label", "col_label", "kind",
    "reported", "expected", "difference", "tolerance", "line", "pos", "at", "cause"};
#define FINDING_N (sizeof finding_names / sizeof *finding_names)

static gfa_status export_findings(const writer_env *env, gfa_report *report, bool csv, char **out,
                           size_t *len)
{
    flat_out o = {.csv = csv};
    sb_init(&o.sb);
    xmlDocPtr doc = report_doc(report);
    identity id = identity_of(doc);
    if (csv) {
        sb_adds(&o.sb, UTF8_BOM);
        for (size_t i = 0; i < FINDING_N; i++)
            sb_csv_field(&o.sb, finding_names[i], i + 1 == FINDING_N);
        o.header_done = true;
    }
    static const char *const attrs[] = {"id", "fingerprint", "rule", "severity", NULL, "table",
                                        "row", "col", "rowLabel", "colLabel", "kind",
                                        "reported", "expected", "difference", "tolerance",
                                        "line", "pos", "at", "cause"};
    xmlNodePtr val = child(xmlDocGetRootElement(doc), "validation");
    for (xmlNodePtr f = val ? val->children : NULL; f; f = f->next) {
        if (!is_el(f, "finding"))
            continue;
        const char *v[FINDING_N] = {0};
        fact_identity(&id, v);
        xmlChar *msg = xmlNodeGetContent(child(f, "message"));
        for (size_t k = 0; k < ARRAY_LEN(attrs); k++)
            v[6 + k] = attrs[k] ? xml_attr(f, attrs[k]) : (const char *)msg;
        flat_row r = {finding_names, v, FINDING_N};
        flat_emit(&o, &r);
        xmlFree(msg);
    }
    if (o.sb.failed) {
        sb_free(&o.sb);
        return GFA_ERR_NOMEM;
    }
    *len = o.sb.len;
    *out = o.sb.data ? sb_take(&o.sb) : strdup("");
    return *out ? GFA_OK : GFA_ERR_NOMEM;
}

gfa_status write_facts_csv(const writer_env *env, gfa_report *report, char **out, size_t *len,
                           gfa_diags *diags)
{
    return export_facts(env, report, true, out, len);
}

gfa_status write_facts_jsonl(const writer_env *env, gfa_report *report, char **out, size_t *len,
                             gfa_diags *diags)
{
    return export_facts(env, report, false, out, len);
}

gfa_status write_findings_csv(const writer_env *env, gfa_report *report, char **out,
                              size_t *len, gfa_diags *diags)
{
    return export_findings(env, report, true, out, len);
}

gfa_status write_findings_jsonl(const writer_env *env, gfa_report *report, char **out,
                                size_t *len, gfa_diags *diags)
{
    return export_findings(env, report, false, out, len);
}
