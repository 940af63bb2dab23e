/* facts.c — the instance's table cells indexed by table/row/column, built once per
 * validation so that every rule looks its cells up in O(1) (issue 3: linear in facts). */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

static bool add_fact(facts *f, const fact *x)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        fact *items = realloc(f->items, cap * sizeof *items);
        if (!items)
            return false;
        f->items = items;
        f->cap = cap;
    }
    char key[256];
    slash_key(key, sizeof key, x->table, x->row, x->col);
    if (strmap_get(f->index, key, NULL))
        return true; /* a second table of the same definition: the first one counts */
    f->items[f->count] = *x;
    return strmap_put(f->index, key, (int)f->count++);
}

static long long_attr(xmlNodePtr n, const char *name)
{
    const char *v = xml_attr(n, name);
    return v ? strtol(v, NULL, 10) : 0;
}

static bool index_table(facts *f, xmlNodePtr table)
{
    const char *def = xml_attr(table, "def");
    if (!def)
        return true;
    for (size_t i = 0; i < f->ntables; i++)
        if (!strcmp(f->tables[i].def, def))
            return true; /* printed twice: the first one is indexed */
    table_info *ts = realloc(f->tables, (f->ntables + 1) * sizeof *ts);
    if (!ts)
        return false;
    f->tables = ts;
    table_info *ti = &f->tables[f->ntables++];
    ti->def = def;
    ti->node = table;
    const char *status = xml_attr(table, "status");
    ti->empty = status && !strcmp(status, "empty");
    ti->has_marker = false;
    ti->line = long_attr(table, "line");
    for (xmlNodePtr p = table->children; p; p = p->next) {
        if (xml_is_gfa(p, "empty"))
            ti->has_marker = true;
        if (!xml_is_gfa(p, "part"))
            continue;
        for (xmlNodePtr r = p->children; r; r = r->next) {
            if (!xml_is_gfa(r, "row"))
                continue;
            const char *key = xml_attr(r, "key");
            for (xmlNodePtr c = r->children; key && c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE)
                    continue;
                fact x;
                memset(&x, 0, sizeof x);
                x.table = def;
                x.row = key;
                x.col = xml_attr(c, "col");
                x.line = long_attr(c, "line");
                x.pos = long_attr(c, "pos");
                x.node = c;
                x.row_node = r;
                if (!x.col)
                    continue;
                if (xml_is_gfa(c, "amt")) {
                    x.kind = node_dec(c, &x.value) ? CELL_NUMBER : CELL_TEXT;
                } else if (xml_is_gfa(c, "blank")) {
                    x.kind = CELL_BLANK;
                    x.value.units = 0;
                    x.value.scale = f->decimals;
                } else if (xml_is_gfa(c, "na")) {
                    x.kind = CELL_NA;
                } else {
                    x.kind = CELL_TEXT;
                }
                if (!add_fact(f, &x))
                    return false;
            }
        }
    }
    return true;
}

static bool walk(facts *f, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is_gfa(c, "table")) {
            if (!index_table(f, c))
                return false;
        } else if (xml_is_gfa(c, "tables") || xml_is_gfa(c, "narrative") || xml_is_gfa(c, "attachments") ||
                   xml_is_gfa(c, "section")) {
            if (!walk(f, c))
                return false;
        }
    }
    return true;
}

gfa_status facts_build(xmlDocPtr doc, facts *out)
{
    memset(out, 0, sizeof *out);
    out->index = strmap_new();
    if (!out->index)
        return GFA_ERR_NOMEM;
    out->decimals = 2;
    out->scale = 4;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next)
        if (xml_is_gfa(h, "header"))
            for (xmlNodePtr u = h->children; u; u = u->next)
                if (xml_is_gfa(u, "units")) {
                    out->decimals = (int)long_attr(u, "decimals");
                    out->unit = xml_attr(u, "unit");
                    if (xml_attr(u, "scale"))
                        out->scale = (int)long_attr(u, "scale");
                }
    if (root && !walk(out, root)) {
        facts_free(out);
        return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

void facts_free(facts *f)
{
    free(f->items);
    free(f->tables);
    strmap_free(f->index);
    memset(f, 0, sizeof *f);
}

const fact *facts_get(const facts *f, const char *table, const char *row, const char *col)
{
    char key[256];
    slash_key(key, sizeof key, table, row, col);
    int i;
    return strmap_get(f->index, key, &i) ? &f->items[i] : NULL;
}

const table_info *facts_table(const facts *f, const char *def)
{
    for (size_t i = 0; i < f->ntables; i++)
        if (!strcmp(f->tables[i].def, def))
            return &f->tables[i];
    return NULL;
}

const table_info *facts_pick_table(const facts *f, const char *tables)
{
    /* "gk01|sh01": each id compared in place, however long the list */
    for (const char *p = tables; *p;) {
        size_t len = strcspn(p, "|");
        for (size_t i = 0; i < f->ntables; i++)
            if (strlen(f->tables[i].def) == len && !strncmp(f->tables[i].def, p, len))
                return &f->tables[i];
        p += len + (p[len] == '|');
    }
    return NULL;
}
