/* schema.c — XSD validation of an instance with the schema compiled once in the context.
 * A validation context is cheap and not shareable between threads, so each call makes
 * its own (platform.md §6). Errors point at the instance node (XPath) and, through the
 * node's @line, at the line of the published text it came from. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/xmlschemas.h>

typedef struct schema_run {
    gfa_diags *diags;
    const char *source;
    const char *origin; /* the published text, when source is an instance of it */
    int errors;
} schema_run;

/* The nearest @line on the node or its ancestors: the published-text line. */
static long source_line_of(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        xmlChar *v = xmlGetProp(n, BAD_CAST "line");
        if (v) {
            long l = strtol((const char *)v, NULL, 10);
            xmlFree(v);
            if (l > 0)
                return l;
        }
    }
    return 0;
}

static void on_validity_error(void *ud, xmlErrorPtr e)
{
    schema_run *run = ud;
    if (!e || !e->message)
        return;
    /* An invalid identity-constraint field adds this noise after the real error. */
    if (strstr(e->message, "No precomputed value available"))
        return;
    if (run->errors++ >= 100)
        return;
    char *msg = strdup(e->message);
    if (!msg)
        return;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    xmlNodePtr node = e->node;
    char *path = node ? xml_node_path(node) : NULL;
    long line = node ? source_line_of(node) : 0;
    /* an instance (edited, perhaps): its own line, and the text's line the element came
     * from (the nearest @line) */
    diag_add_at(run->diags, GFA_SEV_FATAL, GFA_DOM_SCHEMA, "GFA-XSD-001", run->source,
                run->origin ? e->line : line, 0, path, "schema: %s", msg);
    if (run->origin)
        diag_set_source(run->diags, run->origin, line, 0);
    free(path);
    free(msg);
}

gfa_status schema_validate(const gfa_context *ctx, xmlDocPtr doc, const char *source,
                           gfa_diags *diags)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(ctx->schema);
    if (!vc)
        return GFA_ERR_NOMEM;
    schema_run run = {diags, source, report_origin(doc, source), 0};
    xmlSchemaSetValidStructuredErrors(vc, on_validity_error, &run);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc < 0 && run.errors == 0)
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_SCHEMA, "GFA-XSD-002", source, 0, 0,
                 "the instance could not be validated (internal error %d)", rc);
    return (rc == 0) ? GFA_OK : GFA_ERR_INPUT;
}
