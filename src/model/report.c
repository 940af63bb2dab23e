/* report.c — the gfa_report object (one instance document) and its atomic output. */
#include "model/model.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlsave.h>

struct gfa_report {
    xmlDocPtr doc;
    char *source;
    void *cache;                   /* derived from doc (report_cache), or NULL */
    void (*cache_free)(void *);
};

gfa_report *report_wrap(xmlDocPtr doc, const char *source)
{
    gfa_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->doc = doc;
    r->source = strdup(source ? source : "");
    if (!r->source) {
        free(r);
        return NULL;
    }
    return r;
}

void gfa_report_free(gfa_report *report)
{
    if (!report)
        return;
    report_set_cache(report, NULL, NULL);
    xmlFreeDoc(report->doc);
    free(report->source);
    free(report);
}

xmlDoc *gfa_report_doc(gfa_report *report)
{
    /* the caller may change the document: what was derived from it goes */
    report_set_cache(report, NULL, NULL);
    return report->doc;
}

xmlDocPtr report_doc(const gfa_report *report)
{
    return report->doc;
}

void *report_cache(const gfa_report *report)
{
    return report->cache;
}

void report_set_cache(gfa_report *report, void *cache, void (*cache_free)(void *))
{
    if (report->cache && report->cache_free)
        report->cache_free(report->cache);
    report->cache = cache;
    report->cache_free = cache_free;
}

const char *gfa_report_source(const gfa_report *report)
{
    return report->source;
}

char *gfa_report_serialise(gfa_report *report, size_t *len)
{
    return xml_serialise(report->doc, len);
}

gfa_status gfa_report_save(gfa_report *report, const char *path, gfa_diags *diags)
{
    size_t len = 0;
    char *data = gfa_report_serialise(report, &len);
    if (!data)
        return GFA_ERR_NOMEM;
    gfa_status st = gfa_write_file_atomic(path, data, len, diags);
    free(data);
    return st;
}

const char *report_origin(xmlDocPtr doc, const char *source)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next) {
        if (h->type != XML_ELEMENT_NODE || xmlStrcmp(h->name, BAD_CAST "header"))
            continue;
        for (xmlNodePtr e = h->children; e; e = e->next)
            if (e->type == XML_ELEMENT_NODE && !xmlStrcmp(e->name, BAD_CAST "source")) {
                const char *file = xml_attr(e, "file");
                return file && *file && (!source || strcmp(file, source) != 0) ? file : NULL;
            }
    }
    return NULL;
}

bool report_has_findings(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNodePtr v = root ? root->children : NULL; v; v = v->next)
        if (v->type == XML_ELEMENT_NODE && !xmlStrcmp(v->name, BAD_CAST "validation"))
            for (xmlNodePtr f = v->children; f; f = f->next)
                if (f->type == XML_ELEMENT_NODE && !xmlStrcmp(f->name, BAD_CAST "finding"))
                    return true;
    return false;
}

gfa_status gfa_report_check_schema(const gfa_context *ctx, gfa_report *report,
                                   gfa_diags *diags)
{
    return schema_validate(ctx, report->doc, report->source, diags);
}
