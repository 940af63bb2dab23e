/* xmlutil.c — secure XML parsing and small tree helpers.
 *
 * Policy (platform.md §7, issue 6): parse with XML_PARSE_NONET and nothing of the
 * NOENT/DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/HUGE family, so no external entity or DTD is
 * ever fetched and libxml2's entity-expansion guards stay on; then reject any document
 * that has a DOCTYPE at all: gfa instances and data files never have one, and entity
 * references left in a tree would be expanded later by XSLT or xmlNodeGetContent. */
#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <unicode/utf8.h>

typedef struct parse_errors {
    gfa_diags *diags;
    gfa_domain dom;
    const char *name;
    int count;
} parse_errors;

static void on_parse_error(void *ud, xmlErrorPtr e)
{
    parse_errors *pe = ud;
    if (!e || pe->count >= 20) /* the first errors say it all; keep reports short */
        return;
    pe->count++;
    char *msg = strdup(e->message ? e->message : "malformed XML");
    if (!msg)
        return;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    diag_add(pe->diags, e->level == XML_ERR_WARNING ? GFA_SEV_WARNING : GFA_SEV_FATAL, pe->dom,
             "GFA-XML-001", pe->name, e->line, e->int2, "%s", msg);
    free(msg);
}

static xmlDocPtr finish(xmlDocPtr doc, parse_errors *pe)
{
    if (!doc) {
        if (pe->count == 0)
            diag_add(pe->diags, GFA_SEV_FATAL, pe->dom, "GFA-XML-001", pe->name, 0, 0,
                     "not well-formed XML");
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        diag_add(pe->diags, GFA_SEV_FATAL, pe->dom, "GFA-XML-002", pe->name, 1, 1,
                 "a DOCTYPE is not allowed (gfa documents never have one; DTDs and entities "
                 "are refused for security)");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* libxml2 prints some errors (I/O warnings) through the generic handler, bypassing the
 * structured one: swallow those, the structured handler reports what matters. */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static const int secure_options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

xmlDocPtr xml_parse_secure(const char *name, const char *data, size_t len, gfa_domain dom,
                           gfa_diags *diags)
{
    parse_errors pe = {diags, dom, name, 0};
    if (len > (size_t)INT32_MAX) {
        diag_add(diags, GFA_SEV_FATAL, dom, "GFA-XML-003", name, 0, 0, "XML too large");
        return NULL;
    }
    /* The structured error handler is thread-local in libxml2, so this is thread-safe. */
    xmlSetStructuredErrorFunc(&pe, on_parse_error);
    xmlSetGenericErrorFunc(NULL, silent);
    xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL, secure_options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    return finish(doc, &pe);
}

xmlDocPtr xml_read_file_secure(const char *path, gfa_domain dom, gfa_diags *diags)
{
    parse_errors pe = {diags, dom, path, 0};
    xmlSetStructuredErrorFunc(&pe, on_parse_error);
    xmlSetGenericErrorFunc(NULL, silent);
    xmlDocPtr doc = xmlReadFile(path, NULL, secure_options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    return finish(doc, &pe);
}

const char *xml_attr(xmlNodePtr n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    /* xmlHasProp's walk, its names compared without a call each; it looks in a DTD too
     * (for defaults), which only a document that has one needs */
    xmlAttrPtr a = n->properties;
    while (a && (a->name[0] != (xmlChar)name[0] || strcmp((const char *)a->name, name) != 0))
        a = a->next;
    if (!a && n->doc && (n->doc->intSubset || n->doc->extSubset))
        a = xmlHasProp(n, BAD_CAST name);
    return (a && a->children && a->children->content) ? (const char *)a->children->content : NULL;
}

long xml_attr_long(xmlNodePtr n, const char *name, long dflt)
{
    const char *v = xml_attr(n, name);
    return v ? strtol(v, NULL, 10) : dflt;
}

bool xml_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

bool xml_is_gfa(xmlNodePtr n, const char *name)
{
    return xml_is(n, name) && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, GFA_NS) == 0;
}

char *xml_content(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* A text node of doc holding the len bytes at v. A short value (a line number, a
 * position, an amount) is kept inside the node, where libxml2's parser keeps small text
 * with XML_PARSE_COMPACT and where every libxml2 function that changes, copies or frees a
 * text node looks for it: an instance has thousands, and each then costs one allocation
 * and one free, not two of each. */
static xmlNodePtr new_text(xmlDocPtr doc, const char *v, size_t len)
{
    if (len >= 2 * sizeof(void *) || len > INT32_MAX)
        return xmlNewDocTextLen(doc, BAD_CAST v, (int)len);
    xmlNodePtr t = xmlNewDocText(doc, NULL);
    if (!t)
        return NULL;
    xmlChar *inside = (xmlChar *)&t->properties; /* properties and nsDef: 16 bytes */
    memcpy(inside, v, len);
    inside[len] = '\0';
    t->content = inside;
    return t;
}

/* Whether an attribute of no namespace can be added to n as libxml2's xmlSetProp would
 * add it, without its checks: a plain name, an element of a document with no DTD that is
 * not HTML (so the attribute is never an ID). */
static bool plain_attr(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->doc && n->doc->type == XML_DOCUMENT_NODE &&
           !n->doc->intSubset && !n->doc->extSubset && !strchr(name, ':');
}

/* Sets attribute name of n to the len bytes at v (no NUL among them); an attribute that
 * is already there is replaced by xmlSetProp. */
static bool set_attr(xmlNodePtr n, const char *name, const char *v, size_t len)
{
    if (!plain_attr(n, name))
        return xmlSetProp(n, BAD_CAST name, BAD_CAST v) != NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (!a->ns && !strcmp((const char *)a->name, name))
            return xmlSetProp(n, BAD_CAST name, BAD_CAST v) != NULL;
    xmlAttrPtr a = xmlNewNsProp(n, NULL, BAD_CAST name, NULL);
    xmlNodePtr t = a ? new_text(n->doc, v, len) : NULL;
    if (!t) {
        if (a) {
            xmlUnlinkNode((xmlNodePtr)a);
            xmlFreeProp(a);
        }
        return false;
    }
    t->parent = (xmlNodePtr)a;
    a->children = a->last = t;
    return true;
}

xmlNodePtr xml_child(xmlNodePtr parent, const char *name, const char *text)
{
    if (!parent || parent->type != XML_ELEMENT_NODE)
        return xmlNewTextChild(parent, parent ? parent->ns : NULL, BAD_CAST name, BAD_CAST text);
    xmlNodePtr el = xmlNewDocNode(parent->doc, parent->ns, BAD_CAST name, NULL);
    if (!el)
        return NULL;
    if (text) {
        xmlNodePtr t = new_text(parent->doc, text, strlen(text));
        if (!t) {
            xmlFreeNode(el);
            return NULL;
        }
        t->parent = el;
        el->children = el->last = t;
    }
    return xmlAddChild(parent, el);
}

void xml_set(xmlNodePtr n, const char *attr, const char *v)
{
    if (!v)
        return;
    if (!xmlCheckUTF8(BAD_CAST v)) /* xmlSetProp's way with it (an error, and the */
        xmlSetProp(n, BAD_CAST attr, BAD_CAST v); /* document ISO-8859-1, in some versions) */
    else
        set_attr(n, attr, v, strlen(v));
}

bool xml_set_long(xmlNodePtr n, const char *attr, long v)
{
    /* the digits by hand: the reader sets thousands of line and cell numbers, and
     * snprintf cost half as much as setting the attribute */
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    *--p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return set_attr(n, attr, p, (size_t)(buf + sizeof buf - 1 - p));
}

void xml_quiet_errors(bool on)
{
    xmlSetGenericErrorFunc(NULL, on ? silent : NULL);
}

/* One step of a node's path: g:name, with [@key='…'] for a keyed row (unique in its
 * table by the schema) and a position among same-named siblings otherwise. Rows are the
 * only long sibling lists, so no step costs more than a short scan. */
static void path_step(strbuf *sb, xmlNodePtr n)
{
    bool ours = n->ns && n->ns->href && !strcmp((const char *)n->ns->href, GFA_NS);
    if (ours)
        sb_addf(sb, "/g:%s", (const char *)n->name);
    else
        sb_addf(sb, "/*[local-name()='%s']", (const char *)n->name);
    xmlChar *key = ours && !xmlStrcmp(n->name, BAD_CAST "row") ? xmlGetProp(n, BAD_CAST "key")
                                                                : NULL;
    if (key && !xmlStrchr(key, '\'')) {
        sb_addf(sb, "[@key='%s']", (const char *)key);
        xmlFree(key);
        return;
    }
    xmlFree(key);
    if (!n->parent || n->parent->type != XML_ELEMENT_NODE)
        return;
    long pos = 0, same = 0;
    for (xmlNodePtr s = n->parent->children; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || xmlStrcmp(s->name, n->name))
            continue;
        same++;
        if (s == n)
            pos = same;
    }
    if (same > 1)
        sb_addf(sb, "[%ld]", pos);
}

void xml_escape(strbuf *sb, const char *s)
{
    const uint8_t *p = (const uint8_t *)(s ? s : "");
    int32_t len = (int32_t)strlen((const char *)p), i = 0;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) {
            sb_adds(sb, "\xEF\xBF\xBD"); /* not UTF-8 (a GBK file name): U+FFFD */
            continue;
        }
        switch (c) {
        case '<': sb_adds(sb, "&lt;"); break;
        case '>': sb_adds(sb, "&gt;"); break;
        case '&': sb_adds(sb, "&amp;"); break;
        case '"': sb_adds(sb, "&quot;"); break;
        case '\t': sb_adds(sb, "&#9;"); break;
        case '\n': sb_adds(sb, "&#10;"); break;
        case '\r': sb_adds(sb, "&#13;"); break;
        default:
            if (c >= 0x20) /* other control characters are not allowed in XML: dropped */
                sb_add(sb, (const char *)p + start, (size_t)(i - start));
        }
    }
}

char *xml_node_path(xmlNodePtr node)
{
    xmlNodePtr chain[512]; /* libxml2 refuses documents nested deeper than 256 */
    int depth = 0;
    for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (depth < (int)ARRAY_LEN(chain))
            chain[depth++] = n;
    if (!depth)
        return NULL;
    strbuf sb;
    sb_init(&sb);
    for (int i = depth - 1; i >= 0; i--)
        path_step(&sb, chain[i]);
    return sb_take(&sb);
}
