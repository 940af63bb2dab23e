/* tabledefs.c — loads the table definitions (schemas/tables/[*].xml), validated against
 * schemas/gfa-tabledefs.xsd, into the structs of internal.h. The reader recognises tables
 * only through these; a new variant is a new file (issue 2, "Table definitions as data"). */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/xmlschemas.h>

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST GFA_DEFS_NS) == 0 &&
           xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static bool attr_true(xmlNodePtr n, const char *name)
{
    char *v = attr(n, name);
    bool t = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
    free(v);
    return t;
}

void label_set_free(label_set *ls)
{
    for (size_t i = 0; i < ls->count; i++)
        free(ls->keys[i]);
    free(ls->keys);
    ls->keys = NULL;
    ls->count = 0;
}

bool label_set_add(label_set *ls, const char *text)
{
    char *k = text_key(NULL, text, strlen(text));
    if (!k)
        return false;
    char **keys = realloc(ls->keys, (ls->count + 1) * sizeof *keys);
    if (!keys) {
        free(k);
        return false;
    }
    ls->keys = keys;
    ls->keys[ls->count++] = k;
    return true;
}

bool label_set_has(const label_set *ls, const char *key)
{
    for (size_t i = 0; i < ls->count; i++) /* the first byte first: asked at every cell */
        if (ls->keys[i][0] == key[0] && strcmp(ls->keys[i], key) == 0)
            return true;
    return false;
}

bool label_set_collect(xmlNodePtr n, const char *ns, const char *name, label_set *ls,
                       char **first)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !c->ns || xmlStrcmp(c->ns->href, BAD_CAST ns) != 0 ||
            xmlStrcmp(c->name, BAD_CAST name) != 0)
            continue;
        char *t = xml_content(c);
        if (!t || !label_set_add(ls, t)) {
            free(t);
            return false;
        }
        if (first && !*first)
            *first = t;
        else
            free(t);
    }
    return true;
}

static bool collect_labels(xmlNodePtr n, const char *name, label_set *ls, char **first)
{
    return label_set_collect(n, GFA_DEFS_NS, name, ls, first);
}

static void part_free(part_def *p)
{
    free(p->id);
    free(p->totals_in);
    label_set_free(&p->under);
    free(p->roles);
    for (size_t i = 0; i < p->ncols; i++) {
        free(p->cols[i].id);
        free(p->cols[i].title);
        free(p->cols[i].sum);
        label_set_free(&p->cols[i].labels);
        label_set_free(&p->cols[i].under);
    }
    free(p->cols);
    for (size_t i = 0; i < p->nrows; i++) {
        free(p->rows[i].id);
        free(p->rows[i].ordinal);
        free(p->rows[i].title);
        free(p->rows[i].unit);
        label_set_free(&p->rows[i].labels);
    }
    free(p->rows);
}

static void table_free(table_def *t)
{
    free(t->id);
    free(t->variant);
    free(t->number);
    if (t->borrowed)
        return;
    free(t->main);
    free(t->title);
    label_set_free(&t->titles);
    label_set_free(&t->header_words);
    for (size_t i = 0; i < t->nparts; i++)
        part_free(&t->parts[i]);
    free(t->parts);
    for (size_t i = 0; i < t->nfields; i++) {
        free(t->fields[i].name);
        label_set_free(&t->fields[i].labels);
    }
    free(t->fields);
}

static void includes_free(table_defs *defs)
{
    for (size_t i = 0; i < defs->nincludes; i++) {
        table_include *in = &defs->includes[i];
        free(in->variant);
        free(in->table);
        free(in->number);
        free(in->path);
    }
    free(defs->includes);
    defs->includes = NULL;
    defs->nincludes = 0;
}

void table_defs_free(table_defs *defs)
{
    for (size_t i = 0; i < defs->count; i++)
        table_free(&defs->tables[i]);
    free(defs->tables);
    for (size_t i = 0; i < defs->nparts; i++) {
        free(defs->parts[i].kind);
        label_set_free(&defs->parts[i].keywords);
    }
    free(defs->parts);
    for (size_t i = 0; i < ARRAY_LEN(defs->role_labels); i++)
        label_set_free(&defs->role_labels[i]);
    label_set_free(&defs->colno_labels);
    label_set_free(&defs->empty_markers);
    includes_free(defs);
    memset(defs, 0, sizeof *defs);
}

static size_t count_children(xmlNodePtr n, const char *name)
{
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k += is_el(c, name);
    return k;
}

static key_role role_of(const char *word)
{
    if (strcmp(word, "code") == 0)
        return ROLE_CODE;
    if (strcmp(word, "name") == 0)
        return ROLE_NAME;
    if (strcmp(word, "label") == 0)
        return ROLE_LABEL;
    if (strcmp(word, "lineno") == 0)
        return ROLE_LINENO;
    return ROLE_NONE;
}

static bool parse_roles(const char *keys, part_def *p)
{
    size_t n = 0, cap = 4;
    p->roles = calloc(cap, sizeof *p->roles);
    if (!p->roles)
        return false;
    char *copy = strdup(keys ? keys : "");
    if (!copy)
        return false;
    char *save = NULL;
    for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
        if (n == cap) {
            key_role *r = realloc(p->roles, (cap *= 2) * sizeof *r);
            if (!r) {
                free(copy);
                return false;
            }
            p->roles = r;
        }
        p->roles[n++] = role_of(w);
    }
    free(copy);
    p->nroles = n;
    return true;
}

static axis_kind axis_of(const char *s)
{
    if (s && strcmp(s, "function") == 0)
        return AXIS_FUNCTION;
    if (s && strcmp(s, "economic") == 0)
        return AXIS_ECONOMIC;
    if (s && strcmp(s, "single") == 0)
        return AXIS_SINGLE;
    return AXIS_FIXED;
}

/* Resolves a column's @sum ("fiscal superior -total") into column indices of its part.
 * An id the part does not have is a data error (the schema checks only the spelling). */
static gfa_status load_sum(xmlNodePtr c, part_def *p, col_def *col, const char *path,
                           gfa_diags *diags)
{
    char *text = attr(c, "sum");
    if (!text)
        return GFA_OK;
    size_t n = 1;
    for (const char *q = text; *q; q++)
        n += *q == ' ';
    col->sum = calloc(n, sizeof *col->sum);
    if (!col->sum) {
        free(text);
        return GFA_ERR_NOMEM;
    }
    gfa_status st = GFA_OK;
    char *save = NULL;
    for (char *w = strtok_r(text, " \t\n", &save); w && st == GFA_OK;
         w = strtok_r(NULL, " \t\n", &save)) {
        int sign = *w == '-' ? -1 : 1;
        const char *id = w + (*w == '-');
        int found = -1;
        for (size_t k = 0; k < p->ncols && found < 0; k++)
            if (p->cols[k].id && strcmp(p->cols[k].id, id) == 0)
                found = (int)k;
        if (found < 0 || &p->cols[found] == col) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-016", path, xmlGetLineNo(c), 0,
                     "column %s of part %s sums '%s', %s", col->id, p->id, id,
                     found < 0 ? "a column the part does not have" : "itself");
            st = GFA_ERR_DATA;
        } else {
            col->sum[col->nsum].col = found;
            col->sum[col->nsum++].sign = sign;
        }
    }
    free(text);
    return st;
}

static gfa_status load_part(xmlNodePtr n, part_def *p, const char *path, gfa_diags *diags)
{
    p->id = attr(n, "id");
    char *axis = attr(n, "axis");
    p->axis = axis_of(axis);
    free(axis);
    char *keys = attr(n, "keys");
    bool ok = parse_roles(keys, p);
    free(keys);
    char *groups = attr(n, "groups");
    p->groups = groups ? atoi(groups) : 1;
    free(groups);
    p->classes = attr_true(n, "classes");
    p->listed = attr_true(n, "listed");
    p->totals_in = attr(n, "totals-in");
    ok = ok && p->id && collect_labels(n, "under", &p->under, NULL);
    p->cols = calloc(count_children(n, "column") + 1, sizeof *p->cols);
    p->rows = calloc(count_children(n, "row") + 1, sizeof *p->rows);
    if (!ok || !p->cols || !p->rows)
        return GFA_ERR_NOMEM;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "column")) {
            col_def *col = &p->cols[p->ncols++];
            col->id = attr(c, "id");
            char *colno = attr(c, "colno");
            col->colno = colno ? atoi(colno) : 0;
            free(colno);
            col->often_blank = attr_true(c, "often-blank");
            if (!col->id || !collect_labels(c, "label", &col->labels, &col->title) ||
                !collect_labels(c, "under", &col->under, NULL))
                return GFA_ERR_NOMEM;
        } else if (is_el(c, "row")) {
            row_def *row = &p->rows[p->nrows++];
            row->id = attr(c, "id");
            row->ordinal = attr(c, "ordinal");
            row->unit = attr(c, "unit");
            row->total = attr_true(c, "total");
            row->heading = attr_true(c, "heading");
            if (!row->id || !collect_labels(c, "label", &row->labels, &row->title))
                return GFA_ERR_NOMEM;
        }
    }
    /* sums may name columns printed after the total: resolved once all are known */
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_el(c, "column")) {
            col_def *col = &p->cols[k++];
            gfa_status st = load_sum(c, p, col, path, diags);
            if (st != GFA_OK)
                return st;
            char *prior = attr(c, "prior-of");
            col->prior_of = -1;
            for (size_t j = 0; prior && j < p->ncols && col->prior_of < 0; j++)
                if (!strcmp(p->cols[j].id, prior) && &p->cols[j] != col)
                    col->prior_of = (int)j;
            if (prior && col->prior_of < 0) {
                diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-016", path,
                         xmlGetLineNo(c), 0, "column %s of part %s is last year's '%s', a "
                         "column the part does not have", col->id, p->id, prior);
                free(prior);
                return GFA_ERR_DATA;
            }
            free(prior);
        }
    return GFA_OK;
}

static gfa_status load_table(xmlNodePtr n, const char *variant, table_def *t, const char *path,
                             gfa_diags *diags)
{
    t->id = attr(n, "id");
    t->variant = strdup(variant);
    t->number = attr(n, "number");
    t->main = attr(n, "main");
    char *kind = attr(n, "kind");
    t->kind = (kind && strcmp(kind, "performance") == 0) ? TABLE_PERFORMANCE : TABLE_STANDARD;
    free(kind);
    char *match = attr(n, "title-match");
    t->title_suffix = match && strcmp(match, "suffix") == 0;
    free(match);
    if (!t->id || !t->variant || !collect_labels(n, "title", &t->titles, &t->title) ||
        !collect_labels(n, "header-word", &t->header_words, NULL))
        return GFA_ERR_NOMEM;
    t->parts = calloc(count_children(n, "part") + 1, sizeof *t->parts);
    t->fields = calloc(count_children(n, "field") + 1, sizeof *t->fields);
    if (!t->parts || !t->fields)
        return GFA_ERR_NOMEM;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "part")) {
            gfa_status st = load_part(c, &t->parts[t->nparts++], path, diags);
            if (st != GFA_OK)
                return st;
        } else if (is_el(c, "field")) {
            form_field *f = &t->fields[t->nfields++];
            f->name = attr(c, "name");
            if (!f->name || !collect_labels(c, "label", &f->labels, NULL))
                return GFA_ERR_NOMEM;
        }
    }
    return GFA_OK;
}

static bool load_layout(xmlNodePtr n, table_defs *defs)
{
    size_t k = count_children(n, "part");
    layout_part *parts = realloc(defs->parts, (defs->nparts + k + 1) * sizeof *parts);
    if (!parts)
        return false;
    defs->parts = parts;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "part"))
            continue;
        layout_part *p = &defs->parts[defs->nparts++];
        memset(p, 0, sizeof *p);
        p->kind = attr(c, "kind");
        if (!p->kind || !collect_labels(c, "keyword", &p->keywords, NULL))
            return false;
    }
    return true;
}

static bool load_roles(xmlNodePtr n, table_defs *defs)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "role"))
            continue;
        char *name = attr(c, "name");
        label_set *ls = NULL;
        if (name && strcmp(name, "colno") == 0)
            ls = &defs->colno_labels;
        else if (name && role_of(name) != ROLE_NONE)
            ls = &defs->role_labels[role_of(name)];
        free(name);
        if (ls && !collect_labels(c, "label", ls, NULL))
            return false;
    }
    return true;
}

/* The set's years, "2016-2019", "2024-" or "2022" (the schema checks the form). */
static void set_years(xmlNodePtr root, int *from, int *to)
{
    char *y = attr(root, "years");
    *from = y ? atoi(y) : 0;
    const char *dash = y ? strchr(y, '-') : NULL;
    *to = !y ? 0 : dash ? atoi(dash + 1) : *from;
    free(y);
}

/* Notes an <include> of the set `variant`; it is resolved once every file is loaded. */
static bool note_include(table_defs *defs, xmlNodePtr n, const char *variant, const char *path)
{
    table_include *more = realloc(defs->includes, (defs->nincludes + 1) * sizeof *more);
    if (!more)
        return false;
    defs->includes = more;
    table_include *in = &defs->includes[defs->nincludes++];
    in->variant = strdup(variant);
    in->table = attr(n, "table");
    in->number = attr(n, "number");
    in->path = strdup(path);
    in->line = xmlGetLineNo(n);
    set_years(n->parent, &in->year_from, &in->year_to);
    return in->variant && in->table && in->path;
}

/* Each included table becomes a definition of its set that borrows the defining one. */
static gfa_status resolve_includes(table_defs *defs, gfa_diags *diags)
{
    gfa_status st = GFA_OK;
    table_def *tables = defs->nincludes
                            ? realloc(defs->tables, (defs->count + defs->nincludes + 1) * sizeof *tables)
                            : defs->tables;
    if (!tables) {
        includes_free(defs);
        return GFA_ERR_NOMEM;
    }
    defs->tables = tables;
    for (size_t i = 0; i < defs->nincludes && st == GFA_OK; i++) {
        const table_include *in = &defs->includes[i];
        const table_def *orig = NULL, *twice = NULL;
        for (size_t d = 0; d < defs->count; d++) {
            const table_def *t = &defs->tables[d];
            if (strcmp(t->id, in->table) != 0)
                continue;
            if (!t->borrowed && !orig)
                orig = t;
            if (strcmp(t->variant, in->variant) == 0)
                twice = t;
        }
        if (!orig || twice) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, orig ? "GFA-DATA-011" : "GFA-DATA-017",
                     in->path, in->line, 0,
                     orig ? "table '%s' is in the set '%s' twice"
                          : "the set '%s' includes table '%s', which no definition file defines",
                     orig ? in->table : in->variant, orig ? in->variant : in->table);
            st = GFA_ERR_DATA;
            break;
        }
        table_def *t = &defs->tables[defs->count];
        *t = *orig;
        t->borrowed = true;
        t->id = strdup(orig->id);
        t->variant = strdup(in->variant);
        t->number = in->number ? strdup(in->number) : NULL;
        t->year_from = in->year_from;
        t->year_to = in->year_to;
        defs->count++;
        if (!t->id || !t->variant || (in->number && !t->number))
            st = GFA_ERR_NOMEM;
    }
    includes_free(defs);
    return st;
}

/* Takes a valid document and adds its definitions. */
static gfa_status load_doc(const char *path, xmlDocPtr doc, void *target, gfa_diags *diags)
{
    table_defs *defs = target;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *variant = attr(root, "variant");
    bool ok = variant != NULL;
    gfa_status st = GFA_OK;
    size_t k = count_children(root, "table");
    table_def *tables = ok ? realloc(defs->tables, (defs->count + k + 1) * sizeof *tables) : NULL;
    if (tables)
        defs->tables = tables;
    ok = ok && tables;
    for (xmlNodePtr c = root->children; ok && c; c = c->next) {
        if (is_el(c, "layout"))
            ok = load_layout(c, defs);
        else if (is_el(c, "roles"))
            ok = load_roles(c, defs);
        else if (is_el(c, "include"))
            ok = note_include(defs, c, variant, path);
        else if (is_el(c, "empty-marker")) {
            char *t = xml_content(c);
            ok = t && label_set_add(&defs->empty_markers, t);
            free(t);
        } else if (is_el(c, "table")) {
            table_def *t = &defs->tables[defs->count];
            memset(t, 0, sizeof *t);
            st = load_table(c, variant, t, path, diags);
            ok = st == GFA_OK;
            set_years(root, &t->year_from, &t->year_to);
            defs->count++;
            for (size_t i = 0; ok && i + 1 < defs->count; i++)
                if (strcmp(defs->tables[i].id, t->id) == 0) {
                    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-011", path,
                             xmlGetLineNo(c), 0,
                             "table id '%s' is already defined by variant '%s'", t->id,
                             defs->tables[i].variant);
                    free(variant);
                    xmlFreeDoc(doc);
                    return GFA_ERR_DATA;
                }
        }
    }
    free(variant);
    xmlFreeDoc(doc);
    return ok ? GFA_OK : st != GFA_OK ? st : GFA_ERR_NOMEM;
}

static datafile_kind defs_kind(xmlSchemaPtr xsd, table_defs *defs)
{
    return (datafile_kind){"table-definition", xsd, "GFA-DATA-015", "GFA-DATA-010",
                           "table definitions do not validate against gfa-tabledefs.xsd",
                           "GFA-DATA-012", "GFA-DATA-013", load_doc, defs};
}

gfa_status table_defs_add_memory(const char *name, const char *data, size_t len,
                                 xmlSchemaPtr xsd, table_defs *defs, gfa_diags *diags)
{
    datafile_kind kind = defs_kind(xsd, defs);
    gfa_status st = datafile_load(&kind, name, data, len, diags);
    gfa_status inc = resolve_includes(defs, diags);
    return st != GFA_OK ? st : inc;
}

gfa_status table_defs_load(const char *dir, const char *xsd_path, table_defs *out,
                           gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    datafile_kind kind = defs_kind(NULL, out);
    gfa_status st = datafile_load_dir(dir, xsd_path, &kind, diags);
    gfa_status inc = resolve_includes(out, diags); /* a set may include a later file's table */
    st = st != GFA_OK ? st : inc;
    if (st == GFA_OK && (out->count == 0 || out->nparts == 0)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-014", dir, 0, 0,
                 "no table definitions or no report layout found");
        st = GFA_ERR_DATA;
    }
    if (st != GFA_OK)
        table_defs_free(out);
    return st;
}

const table_def *table_defs_find(const table_defs *defs, const char *id)
{
    for (size_t i = 0; i < defs->count; i++)
        if (strcmp(defs->tables[i].id, id) == 0)
            return &defs->tables[i];
    return NULL;
}

const form_field *table_def_field(const table_def *t, const char *name)
{
    for (size_t i = 0; i < t->nfields; i++) /* the first byte first: the readers ask often */
        if (t->fields[i].name[0] == name[0] && strcmp(t->fields[i].name, name) == 0)
            return &t->fields[i];
    return NULL;
}
