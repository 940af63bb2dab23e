/* verdict_report.c — machine-readable validation reports: SVRL-compatible XML (ISO
 * Schematron's report language, with a gfa digest per file) and the same as JSON. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#define SVRL_NS "http://purl.oclc.org/dsdl/svrl"
#define GFAV_NS "urn:gfa:validation:1"

static const char *worst_of(const vrun *v)
{
    for (int s = GFA_SEV_FATAL; s >= GFA_SEV_INFO; s--)
        if (v->counts[s])
            return gfa_severity_name((gfa_severity)s);
    return "none";
}

static void set_size(xmlNodePtr n, const char *name, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    xmlSetProp(n, BAD_CAST name, BAD_CAST buf);
}

static void digest_attrs(xmlNodePtr d, const vrun *v)
{
    xmlSetProp(d, BAD_CAST "file", BAD_CAST v->source);
    xmlSetProp(d, BAD_CAST "accepted", BAD_CAST(v->accepted ? "true" : "false"));
    xmlSetProp(d, BAD_CAST "worst", BAD_CAST worst_of(v));
    xmlSetProp(d, BAD_CAST "ruleset", BAD_CAST v->ruleset_version);
    set_size(d, "checks", v->passed + v->failed + v->unchecked);
    set_size(d, "passed", v->passed);
    set_size(d, "failed", v->failed);
    set_size(d, "unchecked", v->unchecked);
    set_size(d, "fatal", v->counts[GFA_SEV_FATAL]);
    set_size(d, "errors", v->counts[GFA_SEV_ERROR]);
    set_size(d, "inconsistencies", v->counts[GFA_SEV_INCONSISTENCY]);
    set_size(d, "warnings", v->counts[GFA_SEV_WARNING]);
    set_size(d, "infos", v->counts[GFA_SEV_INFO]);
}

static char *svrl(const vrun *const *vs, size_t n, size_t *len)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "schematron-output");
    xmlNsPtr s = xmlNewNs(root, BAD_CAST SVRL_NS, BAD_CAST "svrl");
    xmlNsPtr g = xmlNewNs(root, BAD_CAST GFAV_NS, BAD_CAST "gfa");
    xmlSetNs(root, s);
    xmlDocSetRootElement(doc, root);
    xmlSetProp(root, BAD_CAST "title", BAD_CAST "gfa validation");
    if (n)
        xmlSetProp(root, BAD_CAST "schemaVersion", BAD_CAST vs[0]->ruleset_version);
    for (size_t i = 0; i < n; i++) {
        const vrun *v = vs[i];
        xmlNodePtr d = xmlNewChild(root, g, BAD_CAST "digest", NULL);
        digest_attrs(d, v);
        xmlNodePtr ap = xmlNewChild(root, s, BAD_CAST "active-pattern", NULL);
        xmlSetProp(ap, BAD_CAST "document", BAD_CAST v->source);
        for (size_t k = 0; k < v->nfindings; k++) {
            const finding *f = &v->findings[k];
            xmlNodePtr fa = xmlNewChild(root, s, BAD_CAST "failed-assert", NULL);
            char id[64];
            snprintf(id, sizeof id, "f%zu-%s", i + 1, f->id);
            xmlSetProp(fa, BAD_CAST "id", BAD_CAST id);
            xmlSetProp(fa, BAD_CAST "test", BAD_CAST f->rule->id);
            xmlSetProp(fa, BAD_CAST "flag", BAD_CAST gfa_severity_name(f->severity));
            xmlSetProp(fa, BAD_CAST "role", BAD_CAST gfa_severity_name(f->severity));
            xmlSetProp(fa, BAD_CAST "location", BAD_CAST(f->xpath ? f->xpath : "/"));
            xmlSetNsProp(fa, g, BAD_CAST "file", BAD_CAST v->source);
            xmlNodePtr t = xmlNewChild(fa, s, BAD_CAST "text", NULL);
            xmlNodeAddContent(t, BAD_CAST(f->message ? f->message : ""));
            xmlNodePtr at = xmlNewChild(fa, g, BAD_CAST "at", NULL);
            if (f->line > 0)
                set_size(at, "line", (size_t)f->line);
            if (f->pos > 0)
                set_size(at, "column", (size_t)f->pos);
            if (f->at)
                xmlSetProp(at, BAD_CAST "source", BAD_CAST f->at);
            if (f->table)
                xmlSetProp(at, BAD_CAST "table", BAD_CAST f->table);
            if (f->row && *f->row)
                xmlSetProp(at, BAD_CAST "row", BAD_CAST f->row);
            if (f->col && *f->col)
                xmlSetProp(at, BAD_CAST "col", BAD_CAST f->col);
            static const char *const vals[] = {"reported", "expected", "difference", "tolerance"};
            const char *vv[] = {f->reported, f->expected, f->difference, f->tolerance};
            for (int m = 0; m < 4; m++)
                if (vv[m])
                    xmlSetProp(at, BAD_CAST vals[m], BAD_CAST vv[m]);
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
    }
    char *out = xml_serialise(doc, len);
    xmlFreeDoc(doc);
    return out;
}

static void json_str(strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_addc(sb, '\\');
            sb_addc(sb, (char)*p);
        } else if (*p < 0x20) {
            sb_addf(sb, "\\u%04x", *p);
        } else {
            sb_addc(sb, (char)*p);
        }
    }
    sb_addc(sb, '"');
}

static void json_field(strbuf *sb, const char *name, const char *value, bool comma)
{
    json_str(sb, name);
    sb_addc(sb, ':');
    if (value)
        json_str(sb, value);
    else
        sb_adds(sb, "null");
    if (comma)
        sb_addc(sb, ',');
}

static char *json(const vrun *const *vs, size_t n, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "{");
    json_field(&sb, "ruleset", n ? vs[0]->ruleset_version : "", true);
    sb_adds(&sb, "\"files\":[");
    for (size_t i = 0; i < n; i++) {
        const vrun *v = vs[i];
        sb_adds(&sb, i ? ",{" : "{");
        json_field(&sb, "file", v->source, true);
        sb_addf(&sb, "\"accepted\":%s,", v->accepted ? "true" : "false");
        json_field(&sb, "worst", worst_of(v), true);
        sb_addf(&sb,
                "\"checks\":{\"total\":%zu,\"passed\":%zu,\"failed\":%zu,\"unchecked\":%zu},"
                "\"counts\":{\"fatal\":%zu,\"error\":%zu,\"inconsistency\":%zu,\"warning\":%zu,"
                "\"info\":%zu},\"findings\":[",
                v->passed + v->failed + v->unchecked, v->passed, v->failed, v->unchecked,
                v->counts[GFA_SEV_FATAL], v->counts[GFA_SEV_ERROR],
                v->counts[GFA_SEV_INCONSISTENCY], v->counts[GFA_SEV_WARNING],
                v->counts[GFA_SEV_INFO]);
        for (size_t k = 0; k < v->nfindings; k++) {
            const finding *f = &v->findings[k];
            sb_adds(&sb, k ? ",{" : "{");
            json_field(&sb, "id", f->id, true);
            json_field(&sb, "rule", f->rule->id, true);
            json_field(&sb, "severity", gfa_severity_name(f->severity), true);
            json_field(&sb, "message", f->message, true);
            sb_addf(&sb, "\"line\":%ld,\"column\":%ld,", f->line, f->pos);
            json_field(&sb, "at", f->at, true);
            json_field(&sb, "xpath", f->xpath, true);
            json_field(&sb, "table", f->table, true);
            json_field(&sb, "row", f->row, true);
            json_field(&sb, "col", f->col, true);
            json_field(&sb, "reported", f->reported, true);
            json_field(&sb, "expected", f->expected, true);
            json_field(&sb, "difference", f->difference, true);
            json_field(&sb, "tolerance", f->tolerance, true);
            json_field(&sb, "cause", f->cause >= 0 ? v->findings[f->cause].id : NULL, true);
            sb_adds(&sb, "\"cells\":[");
            for (size_t c = 0; c < f->ncells; c++) {
                if (c)
                    sb_addc(&sb, ',');
                char *cell = finding_cell_text(&f->cells[c]);
                json_str(&sb, cell);
                free(cell);
            }
            sb_adds(&sb, "]}");
        }
        sb_adds(&sb, "]}");
    }
    sb_adds(&sb, "]}\n");
    *len = sb.len;
    return sb_take(&sb);
}

char *gfa_verdicts_report(const gfa_verdict *const *verdicts, size_t n, gfa_report_format fmt,
                          size_t *len)
{
    size_t dummy;
    if (!len)
        len = &dummy;
    return fmt == GFA_REPORT_JSON ? json(verdicts, n, len) : svrl(verdicts, n, len);
}
