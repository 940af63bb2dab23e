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

static const char *at_of(const src_line *l, long pos)
{
    if (pos > 0)
        for (int c = 0; c < l->ncells; c++)
            if (l->cells[c].pos == pos && l->cells[c].at)
                return l->cells[c].at;
    return l->at;
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
            const char *at = l ? at_of(l, pos ? strtol(pos, NULL, 10) : 0) : NULL;
            if (at)
                xml_set(n, "at", at);
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
