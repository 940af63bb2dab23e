/* locate.c — source locations for readers whose input is not a text of lines (PDF pages,
 * workbook cells). The assembler and recogniser only know lines and character columns of
 * the line/cell model; once the instance is built, this pass copies each line's and cell's
 * original location onto every element that points to it, as @at. One pass, so neither
 * the assembler nor any reader has to thread locations through. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

static const src_line *line_of(const src_doc *src, long no)
{
    /* line numbers are 1-based and dense */
    return no >= 1 && (size_t)no <= src->count ? &src->lines[no - 1] : NULL;
}

static const src_cell *cell_at(const src_line *l, long pos)
{
    for (int c = 0; pos > 0 && c < l->ncells; c++)
        if (l->cells[c].pos == pos)
            return &l->cells[c];
    return NULL;
}

static const char *at_of(const src_line *l, long pos)
{
    const src_cell *c = cell_at(l, pos);
    return c && c->at ? c->at : l->at;
}

static void walk(const src_doc *src, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *line = xml_attr(n, "line");
        if (line) {
            const src_line *l = line_of(src, strtol(line, NULL, 10));
            const char *pos = xml_attr(n, "pos");
            long p = pos ? strtol(pos, NULL, 10) : 0;
            const char *at = l ? at_of(l, p) : NULL;
            if (at)
                xml_set(n, "at", at);
            /* an amount read from a binary double that is no short decimal */
            const src_cell *c = l ? cell_at(l, p) : NULL;
            if (c && c->uncertain && !xmlStrcmp(n->name, BAD_CAST "amt"))
                xml_set(n, "certain", "false");
        }
        walk(src, n->children);
    }
}

void locate_elements(const src_doc *src, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        walk(src, root->children);
}

void locate_diags(const src_doc *src, gfa_diags *diags, size_t from)
{
    for (size_t i = from; i < gfa_diags_count(diags); i++) {
        const gfa_diag *d = gfa_diags_at(diags, i);
        if (gfa_diag_line(d) <= 0 || strcmp(gfa_diag_file(d), src->name) != 0)
            continue;
        const src_line *l = line_of(src, gfa_diag_line(d));
        const char *at = l ? at_of(l, gfa_diag_column(d)) : NULL;
        if (at)
            diag_locate(diags, i, at);
    }
}
