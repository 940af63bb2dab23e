/* datafile.c — gfa's own data folders (table definitions, vocabulary, rules): every *.xml
 * file of a folder, in name order so that what is loaded never depends on readdir order, each one
 * parsed securely and checked against its schema with errors named by file and line. */
#include "data/data.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlschemas.h>

typedef struct datafile_errors {
    gfa_diags *diags;
    const char *path;
    const char *id;
} datafile_errors;

static void on_error(void *ud, xmlErrorPtr e)
{
    datafile_errors *de = ud;
    /* An invalid identity-constraint field adds this noise after the real error. */
    if (!e || !e->message || strstr(e->message, "No precomputed value"))
        return;
    size_t n = strlen(e->message);
    while (n && e->message[n - 1] == '\n')
        n--;
    diag_add(de->diags, GFA_SEV_FATAL, GFA_DOM_DATA, de->id, de->path, e->line, 0, "%.*s",
             (int)n, e->message);
}

xmlSchemaPtr datafile_schema(const char *xsd_path, const char *err_id, gfa_diags *diags)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_path);
    datafile_errors de = {diags, xsd_path, err_id};
    if (pc)
        xmlSchemaSetParserStructuredErrors(pc, on_error, &de);
    xml_quiet_errors(true);
    xmlSchemaPtr xsd = pc ? xmlSchemaParse(pc) : NULL;
    xml_quiet_errors(false);
    xmlSchemaFreeParserCtxt(pc);
    return xsd;
}

bool datafile_valid(xmlSchemaPtr xsd, xmlDocPtr doc, const char *path, const char *err_id,
                    gfa_diags *diags)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(xsd);
    datafile_errors de = {diags, path, err_id};
    if (vc)
        xmlSchemaSetValidStructuredErrors(vc, on_error, &de);
    int rc = vc ? xmlSchemaValidateDoc(vc, doc) : -1;
    xmlSchemaFreeValidCtxt(vc);
    return rc == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

gfa_status datafile_each(const char *dir, datafile_fn load, void *target, gfa_diags *diags,
                         const char *err_id, const char *what)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, err_id, dir, 0, 0, "cannot open the %s folder",
                 what);
        return GFA_ERR_DATA;
    }
    char **names = NULL;
    size_t n = 0;
    gfa_status st = GFA_OK;
    for (struct dirent *e; st == GFA_OK && (e = readdir(d));) {
        if (e->d_name[0] == '.' || !str_ends(e->d_name, ".xml"))
            continue;
        char **more = realloc(names, (n + 1) * sizeof *more);
        if (more)
            names = more;
        if (!more || asprintf(&names[n], "%s/%s", dir, e->d_name) < 0)
            st = GFA_ERR_NOMEM;
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; st == GFA_OK && i < n; i++)
        st = load(names[i], target, diags);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

gfa_status datafile_load(const datafile_kind *kind, const char *path, const char *data, size_t len,
                         gfa_diags *diags)
{
    xmlDocPtr doc = data ? xml_parse_secure(path, data, len, GFA_DOM_DATA, diags)
                         : xml_read_file_secure(path, GFA_DOM_DATA, diags);
    if (!doc)
        return GFA_ERR_DATA;
    if (!datafile_valid(kind->xsd, doc, path, kind->err_id, diags)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, kind->invalid_id, path, 0, 0, "%s",
                 kind->invalid);
        xmlFreeDoc(doc);
        return GFA_ERR_DATA;
    }
    return kind->load(path, doc, kind->target, diags);
}

static gfa_status load_file(const char *path, void *kind, gfa_diags *diags)
{
    return datafile_load(kind, path, NULL, 0, diags);
}

gfa_status datafile_load_dir(const char *dir, const char *xsd_path, datafile_kind *kind,
                             gfa_diags *diags)
{
    kind->xsd = datafile_schema(xsd_path, kind->err_id, diags);
    if (!kind->xsd) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, kind->schema_id, xsd_path, 0, 0,
                 "cannot compile the %s schema", kind->what);
        return GFA_ERR_DATA;
    }
    gfa_status st = datafile_each(dir, load_file, kind, diags, kind->folder_id, kind->what);
    xmlSchemaFree(kind->xsd);
    kind->xsd = NULL;
    return st;
}
