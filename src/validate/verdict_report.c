/* verdict_report.c — machine-readable validation reports for gateways: SVRL-compatible XML
 * (ISO Schematron's report language, with a gfa digest per file) and the same as JSON
 * (its schema: docs/gfa-validation-report.schema.json). Every input is in the report with
 * its status, read or not (issue 12): an unreadable filing is a row with its reason and
 * SHA-256, never a silence; every rule set loaded is named with its version. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#define SVRL_NS "http://purl.oclc.org/dsdl/svrl"
#define GFAV_NS "urn:gfa:validation:1"

static const char *worst_of(const vrun *v)
{
    for (int s = GFA_SEV_FATAL; v && s >= GFA_SEV_INFO; s--)
        if (v->counts[s])
            return gfa_severity_name((gfa_severity)s);
    return "none";
}

/* The counts of a file's digest; a file that was not validated has none. */
typedef struct digest_counts {
    size_t total, passed, failed, unchecked, sev[5];
} digest_counts;

static digest_counts counts_of(const vrun *v)
{
    digest_counts c;
    memset(&c, 0, sizeof c);
    if (!v)
        return c;
    c.passed = v->passed;
    c.failed = v->failed;
    c.unchecked = v->unchecked;
    c.total = v->passed + v->failed + v->unchecked;
    memcpy(c.sev, v->counts, sizeof c.sev);
    return c;
}

/* Where a finding is in the published original: the instance's origin, or its own file. */
static const char *source_file(const vrun *v)
{
    return v->origin ? v->origin : v->source;
}

/* ------------------------------------------------------------------ SVRL --- */

static void set_size(xmlNodePtr n, const char *name, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    xmlSetProp(n, BAD_CAST name, BAD_CAST buf);
}

static void set_opt(xmlNodePtr n, const char *name, const char *v)
{
    if (v && *v)
        xmlSetProp(n, BAD_CAST name, BAD_CAST v);
}

static void digest_attrs(xmlNodePtr d, const report_entry *e)
{
    const vrun *v = e->verdict;
    xmlSetProp(d, BAD_CAST "file", BAD_CAST e->file);
    xmlSetProp(d, BAD_CAST "status", BAD_CAST e->status);
    set_opt(d, "reason", e->reason);
    set_opt(d, "sha256", e->sha256);
    set_opt(d, "entity", e->entity);
    set_opt(d, "unitCode", e->unit_code);
    set_opt(d, "year", e->year);
    set_opt(d, "scope", e->scope);
    set_opt(d, "format", e->format);
    xmlSetProp(d, BAD_CAST "accepted", BAD_CAST(v && v->accepted ? "true" : "false"));
    xmlSetProp(d, BAD_CAST "worst", BAD_CAST worst_of(v));
    set_opt(d, "ruleset", v ? v->ruleset_version : NULL);
    verdict_set_counts(d, v);
}

static void svrl_finding(xmlNodePtr root, xmlNsPtr s, xmlNsPtr g, const vrun *v, size_t i,
                         const finding *f)
{
    xmlNodePtr fa = xmlNewChild(root, s, BAD_CAST "failed-assert", NULL);
    char id[64];
    snprintf(id, sizeof id, "f%zu-%s", i + 1, f->id);
    xmlSetProp(fa, BAD_CAST "id", BAD_CAST id);
    xmlSetProp(fa, BAD_CAST "test", BAD_CAST f->rule->id);
    xmlSetProp(fa, BAD_CAST "flag", BAD_CAST gfa_severity_name(f->severity));
    xmlSetProp(fa, BAD_CAST "role", BAD_CAST gfa_severity_name(f->severity));
    xmlSetProp(fa, BAD_CAST "location", BAD_CAST(f->xpath ? f->xpath : "/"));
    xmlSetNsProp(fa, g, BAD_CAST "file", BAD_CAST v->source);
    xmlSetNsProp(fa, g, BAD_CAST "fingerprint", BAD_CAST f->fingerprint);
    xmlNodePtr t = xmlNewChild(fa, s, BAD_CAST "text", NULL);
    xmlNodeAddContent(t, BAD_CAST(f->message ? f->message : ""));
    xmlNodePtr at = xmlNewChild(fa, g, BAD_CAST "at", NULL);
    long line = v->origin ? f->inst_line : f->line, col = v->origin ? 0 : f->pos;
    if (line > 0)
        set_size(at, "line", (size_t)line);
    if (col > 0)
        set_size(at, "column", (size_t)col);
    xmlSetProp(at, BAD_CAST "sourceFile", BAD_CAST source_file(v));
    if (f->line > 0)
        set_size(at, "sourceLine", (size_t)f->line);
    if (f->pos > 0)
        set_size(at, "sourceColumn", (size_t)f->pos);
    set_opt(at, "source", f->at);
    set_opt(at, "table", f->table);
    set_opt(at, "row", f->row);
    set_opt(at, "col", f->col);
    set_opt(at, "rowLabel", f->row_label);
    set_opt(at, "colLabel", f->col_label);
    static const char *const vals[] = {"reported", "expected", "difference", "tolerance"};
    const char *vv[] = {f->reported, f->expected, f->difference, f->tolerance};
    for (int m = 0; m < 4; m++)
        set_opt(at, vals[m], vv[m]);
    if (f->reported || f->expected)
        xmlSetProp(at, BAD_CAST "kind", BAD_CAST value_kind_names[f->kind]);
    if (f->cause >= 0) {
        char cause[64];
        snprintf(cause, sizeof cause, "f%zu-%s", i + 1, v->findings[f->cause].id);
        xmlSetProp(at, BAD_CAST "cause", BAD_CAST cause);
    }
    for (size_t c = 0; c < f->ncells; c++) {
        char *cell = finding_cell_text(&f->cells[c]);
        if (cell)
            xmlNewTextChild(at, g, BAD_CAST "cell", BAD_CAST cell);
        free(cell);
    }
}

static char *svrl(const report_entry *es, size_t n, const ruleset *rs, size_t *len)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "schematron-output");
    xmlNsPtr s = xmlNewNs(root, BAD_CAST SVRL_NS, BAD_CAST "svrl");
    xmlNsPtr g = xmlNewNs(root, BAD_CAST GFAV_NS, BAD_CAST "gfa");
    xmlSetNs(root, s);
    xmlDocSetRootElement(doc, root);
    xmlSetProp(root, BAD_CAST "title", BAD_CAST "gfa validation");
    for (size_t i = 0; i < n; i++)
        if (es[i].verdict) {
            xmlSetProp(root, BAD_CAST "schemaVersion", BAD_CAST es[i].verdict->ruleset_version);
            break;
        }
    for (size_t k = 0; rs && k < rs->nsets; k++) {
        xmlNodePtr r = xmlNewChild(root, g, BAD_CAST "ruleset", NULL);
        set_opt(r, "name", rs->sets[k].name);
        set_opt(r, "version", rs->sets[k].version);
        set_opt(r, "file", rs->sets[k].file);
    }
    for (size_t i = 0; i < n; i++) {
        const report_entry *e = &es[i];
        xmlNodePtr d = xmlNewChild(root, g, BAD_CAST "digest", NULL);
        digest_attrs(d, e);
        xmlNodePtr ap = xmlNewChild(root, s, BAD_CAST "active-pattern", NULL);
        xmlSetProp(ap, BAD_CAST "document", BAD_CAST e->file);
        for (size_t k = 0; e->verdict && k < e->verdict->nfindings; k++)
            svrl_finding(root, s, g, e->verdict, i, &e->verdict->findings[k]);
    }
    char *out = xml_serialise(doc, len);
    xmlFreeDoc(doc);
    return out;
}

/* ------------------------------------------------------------------ JSON --- */

static void json_field(strbuf *sb, const char *name, const char *value, bool comma)
{
    sb_json_str(sb, name);
    sb_addc(sb, ':');
    sb_json_str(sb, value);
    if (comma)
        sb_addc(sb, ',');
}

static void json_finding(strbuf *sb, const vrun *v, const finding *f)
{
    sb_addc(sb, '{');
    json_field(sb, "id", f->id, true);
    json_field(sb, "fingerprint", f->fingerprint, true);
    json_field(sb, "rule", f->rule->id, true);
    json_field(sb, "severity", gfa_severity_name(f->severity), true);
    json_field(sb, "message", f->message, true);
    json_field(sb, "file", v->source, true);
    sb_addf(sb, "\"line\":%ld,\"column\":%ld,", v->origin ? f->inst_line : f->line,
            v->origin ? 0L : f->pos);
    sb_adds(sb, "\"source\":{");
    json_field(sb, "file", source_file(v), true);
    sb_addf(sb, "\"line\":%ld,\"column\":%ld,", f->line, f->pos);
    json_field(sb, "at", f->at, false);
    sb_adds(sb, "},");
    json_field(sb, "at", f->at, true);
    json_field(sb, "xpath", f->xpath, true);
    json_field(sb, "table", f->table, true);
    json_field(sb, "row", f->row, true);
    json_field(sb, "col", f->col, true);
    json_field(sb, "rowLabel", f->row_label && *f->row_label ? f->row_label : NULL, true);
    json_field(sb, "colLabel", f->col_label && *f->col_label ? f->col_label : NULL, true);
    json_field(sb, "kind", f->reported || f->expected ? value_kind_names[f->kind] : NULL, true);
    json_field(sb, "reported", f->reported, true);
    json_field(sb, "expected", f->expected, true);
    json_field(sb, "difference", f->difference, true);
    json_field(sb, "tolerance", f->tolerance, true);
    json_field(sb, "cause", f->cause >= 0 ? v->findings[f->cause].id : NULL, true);
    sb_adds(sb, "\"cells\":[");
    for (size_t c = 0; c < f->ncells; c++) {
        if (c)
            sb_addc(sb, ',');
        char *cell = finding_cell_text(&f->cells[c]);
        sb_json_str(sb, cell ? cell : "");
        free(cell);
    }
    sb_adds(sb, "]}");
}

static void json_file(strbuf *sb, const report_entry *e)
{
    const vrun *v = e->verdict;
    digest_counts c = counts_of(v);
    sb_addc(sb, '{');
    json_field(sb, "file", e->file, true);
    json_field(sb, "status", e->status, true);
    json_field(sb, "reason", e->reason, true);
    json_field(sb, "sha256", e->sha256, true);
    json_field(sb, "entity", e->entity, true);
    json_field(sb, "unitCode", e->unit_code, true);
    json_field(sb, "year", e->year, true);
    json_field(sb, "scope", e->scope, true);
    json_field(sb, "format", e->format, true);
    sb_addf(sb, "\"accepted\":%s,", v && v->accepted ? "true" : "false");
    json_field(sb, "worst", worst_of(v), true);
    json_field(sb, "ruleset", v ? v->ruleset_version : NULL, true);
    sb_addf(sb,
            "\"checks\":{\"total\":%zu,\"passed\":%zu,\"failed\":%zu,\"unchecked\":%zu},"
            "\"counts\":{\"fatal\":%zu,\"error\":%zu,\"inconsistency\":%zu,\"warning\":%zu,"
            "\"info\":%zu},\"findings\":[",
            c.total, c.passed, c.failed, c.unchecked, c.sev[GFA_SEV_FATAL], c.sev[GFA_SEV_ERROR],
            c.sev[GFA_SEV_INCONSISTENCY], c.sev[GFA_SEV_WARNING], c.sev[GFA_SEV_INFO]);
    for (size_t k = 0; v && k < v->nfindings; k++) {
        if (k)
            sb_addc(sb, ',');
        json_finding(sb, v, &v->findings[k]);
    }
    sb_adds(sb, "]}");
}

static char *json(const report_entry *es, size_t n, const ruleset *rs, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '{');
    json_field(&sb, "format", "gfa-validation-report", true);
    json_field(&sb, "version", "2", true);
    char gen[64];
    snprintf(gen, sizeof gen, "gfa %s", gfa_version());
    json_field(&sb, "generator", gen, true);
    const char *combined = "";
    for (size_t i = 0; i < n; i++)
        if (es[i].verdict) {
            combined = es[i].verdict->ruleset_version;
            break;
        }
    json_field(&sb, "ruleset", combined, true);
    sb_adds(&sb, "\"rulesets\":[");
    for (size_t k = 0; rs && k < rs->nsets; k++) {
        sb_adds(&sb, k ? ",{" : "{");
        json_field(&sb, "name", rs->sets[k].name, true);
        json_field(&sb, "version", rs->sets[k].version, true);
        json_field(&sb, "file", rs->sets[k].file, false);
        sb_addc(&sb, '}');
    }
    size_t by[4] = {0};
    static const char *const statuses[] = {"accepted", "rejected", "unreadable", "error"};
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            by[k] += !strcmp(es[i].status, statuses[k]);
    sb_addf(&sb,
            "],\"summary\":{\"files\":%zu,\"accepted\":%zu,\"rejected\":%zu,\"unreadable\":%zu,"
            "\"error\":%zu},\"files\":[",
            n, by[0], by[1], by[2], by[3]);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_addc(&sb, ',');
        json_file(&sb, &es[i]);
    }
    sb_adds(&sb, "]}\n");
    *len = sb.len;
    return sb_take(&sb);
}

char *verdict_report_entries(const report_entry *entries, size_t n, const ruleset *rs,
                             gfa_report_format fmt, size_t *len)
{
    size_t dummy;
    if (!len)
        len = &dummy;
    return fmt == GFA_REPORT_JSON ? json(entries, n, rs, len) : svrl(entries, n, rs, len);
}

char *gfa_verdicts_report(const gfa_verdict *const *verdicts, size_t n, gfa_report_format fmt,
                          size_t *len)
{
    report_entry *es = calloc(n + 1, sizeof *es);
    if (!es)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        es[i].file = verdicts[i]->source;
        es[i].status = verdicts[i]->accepted ? "accepted" : "rejected";
        es[i].verdict = verdicts[i];
    }
    char *out = verdict_report_entries(es, n, n ? verdicts[0]->rules : NULL, fmt, len);
    free(es);
    return out;
}
