/* workbook.c — the workbook vocabulary (schemas/workbook.xml, checked against
 * schemas/gfa-workbook.xsd): the metadata sheet of a workbook or CSV folder, its fields and
 * values, and the names of the sheets gfa writes (issue 14). The C code of the workbook
 * readers and writers holds none of these words. */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>

#define BOOK_NS "urn:gfa:workbook:1"

static const char *const field_ids[BOOK_FIELD_COUNT] = {"entity", "unit-code", "dept-code",
                                                        "year", "scope", "unit"};
static const char *const scope_ids[BOOK_SCOPE_COUNT] = {"unit", "department", "unknown"};

const char *book_field_name(book_field_id f)
{
    return f < BOOK_FIELD_COUNT ? field_ids[f] : "";
}

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST BOOK_NS) == 0 &&
           xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static int index_of(const char *const *ids, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return i;
    return -1;
}

static bool words(xmlNodePtr n, const char *name, label_set *ls, char **first)
{
    return label_set_collect(n, BOOK_NS, name, ls, first);
}

static bool load_metadata(xmlNodePtr m, book_vocab *v)
{
    bool ok = words(m, "name", &v->meta_sheets, &v->meta_sheet);
    for (xmlNodePtr c = m->children; ok && c; c = c->next) {
        const char *id = xml_attr(c, "id");
        if (is_el(c, "field")) {
            int f = index_of(field_ids, BOOK_FIELD_COUNT, id);
            const char *req = xml_attr(c, "required");
            if (f < 0)
                continue;
            v->field_required[f] = !req || strcmp(req, "true") == 0 || strcmp(req, "1") == 0;
            ok = words(c, "label", &v->field_labels[f], &v->field_label[f]);
        } else if (is_el(c, "scope")) {
            int s = index_of(scope_ids, BOOK_SCOPE_COUNT, id);
            ok = s < 0 || words(c, "word", &v->scope_words[s], &v->scope_word[s]);
        }
    }
    return ok;
}

static bool load_sheet_name(xmlNodePtr c, book_vocab *v)
{
    const char *kind = xml_attr(c, "kind");
    char **slot = kind && strcmp(kind, "front") == 0 ? &v->front_sheet : &v->table_sheet;
    free(*slot);
    return (*slot = xml_content(c)) != NULL;
}

gfa_status book_vocab_load(const char *path, const char *xsd_path, book_vocab *out,
                           gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    xmlSchemaPtr xsd = datafile_schema(xsd_path, "GFA-DATA-071", diags);
    if (!xsd) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-070", xsd_path, 0, 0,
                 "cannot compile the workbook vocabulary's schema");
        return GFA_ERR_DATA;
    }
    xmlDocPtr doc = xml_read_file_secure(path, GFA_DOM_DATA, diags);
    bool valid = doc && datafile_valid(xsd, doc, path, "GFA-DATA-071", diags);
    xmlSchemaFree(xsd);
    if (!valid) {
        if (doc)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-072", path, 0, 0,
                     "the workbook vocabulary does not validate against gfa-workbook.xsd");
        xmlFreeDoc(doc);
        return GFA_ERR_DATA;
    }
    bool ok = true;
    for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; ok && c; c = c->next) {
        if (is_el(c, "metadata"))
            ok = load_metadata(c, out);
        else if (is_el(c, "sheet"))
            ok = load_sheet_name(c, out);
        else if (is_el(c, "term-separator"))
            ok = (out->term_separator = xml_content(c)) != NULL;
        else if (is_el(c, "year-caption"))
            ok = (out->year_caption = xml_content(c)) != NULL;
    }
    xmlFreeDoc(doc);
    for (int s = 0; ok && s < BOOK_SCOPE_COUNT; s++)
        ok = out->scope_word[s] != NULL;
    for (int f = 0; ok && f < BOOK_FIELD_COUNT; f++)
        ok = out->field_label[f] != NULL;
    if (ok && (!out->front_sheet || !out->table_sheet)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-073", path, 0, 0,
                 "the workbook vocabulary names no front or table sheet, or lacks a field "
                 "or scope");
        book_vocab_free(out);
        return GFA_ERR_DATA;
    }
    if (!ok) {
        book_vocab_free(out);
        return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

void book_vocab_free(book_vocab *v)
{
    free(v->meta_sheet);
    label_set_free(&v->meta_sheets);
    for (int f = 0; f < BOOK_FIELD_COUNT; f++) {
        free(v->field_label[f]);
        label_set_free(&v->field_labels[f]);
    }
    for (int s = 0; s < BOOK_SCOPE_COUNT; s++) {
        free(v->scope_word[s]);
        label_set_free(&v->scope_words[s]);
    }
    free(v->front_sheet);
    free(v->table_sheet);
    free(v->term_separator);
    free(v->year_caption);
    memset(v, 0, sizeof *v);
}
