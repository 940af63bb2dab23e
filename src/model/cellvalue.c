/* cellvalue.c — what a printed value cell holds: blank, not applicable (——), a number,
 * or text. Numbers are parsed exactly after NFKC (full-width digits, ，．), never via
 * double (validation.md "Arithmetic"). */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

cell_value cell_parse(const gfa_vocab *vocab, const char *text)
{
    cell_value v;
    memset(&v, 0, sizeof v);
    if (!text || !*text) {
        v.kind = CELL_BLANK;
        return v;
    }
    if (words_is(&vocab->lists[V_NOT_APPLICABLE], text)) { /* —— */
        v.kind = CELL_NA;
        return v;
    }
    char *norm = text_nfkc(text, strlen(text));
    if (!norm) {
        v.kind = CELL_TEXT;
        return v;
    }
    /* "1614.45" and "1,614.45" and "１６１４．４５" are numbers; "100%" and "10万" are not
     * cells of an amount column. */
    if (dec_parse(norm, strlen(norm), &v.dec) == DEC_OK) {
        v.kind = CELL_NUMBER;
        dec_format(v.dec, v.canon, sizeof v.canon);
    } else {
        v.kind = CELL_TEXT;
    }
    free(norm);
    return v;
}

const char *node_text(xmlNodePtr n, xmlChar **copy)
{
    xmlNodePtr t = n->children;
    *copy = NULL;
    if (n->type == XML_ELEMENT_NODE && !t)
        return ""; /* (xmlNodeGetContent gives an empty string) */
    if (n->type == XML_ELEMENT_NODE && t->type == XML_TEXT_NODE && !t->next && t->content)
        return (const char *)t->content;
    *copy = xmlNodeGetContent(n);
    return (const char *)*copy;
}

bool node_dec(xmlNodePtr n, gfa_dec *out)
{
    xmlChar *copy;
    const char *t = node_text(n, &copy);
    bool ok = t && dec_parse(t, strlen(t), out) == DEC_OK;
    xmlFree(copy);
    return ok;
}
