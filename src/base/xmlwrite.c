/* xmlwrite.c — gfa's own writers of an instance (XML) and of a rendered page (HTML).
 *
 * Speed (issue 13): libxml2's writers cost about 20M instructions a report for the
 * instance and 30M for the HTML page (htmlTagLookup compares each element's name with
 * its whole element table by xmlStrcasecmp, twice an element). These write the same bytes
 * as libxml2 2.9.14 does, rule for rule:
 *
 *   xml_write_doc   xmlDocDumpFormatMemoryEnc(doc, …, "UTF-8", 1): xmlDocContentDumpOutput,
 *                   xmlNodeDumpOutputInternal, xmlAttrDumpOutput, xmlNsDumpOutput,
 *                   xmlEscapeContent (text), xmlBufAttrSerializeTxtContent (attributes)
 *   html_write_doc  htmlDocContentDumpFormatOutput: htmlNodeDumpFormatOutput,
 *                   htmlAttrDumpOutput, htmlDtdDumpOutput, xmlEncodeEntitiesInternal for
 *                   an HTML document, xmlURIEscapeStr, xmlBufWriteQuotedString
 *
 * for the nodes gfa's documents hold. Anything else (a DTD in an instance, entity
 * references, CDATA in XML, XInclude markers, attributes of a foreign document, changed libxml2
 * output globals) makes them return false, and the caller serialises the whole document
 * with libxml2: the output is never different, only sometimes not faster. The element
 * descriptions (void, inline, end tag kept) are libxml2's own, from htmlTagLookup,
 * looked up once a name per document (names in a document are mostly one pointer each,
 * from its dictionary). tests/test_xmlwrite.c compares both with libxml2.
 */
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/globals.h>
#include <libxml/parserInternals.h>

/* ---- output ------------------------------------------------------------------------- */

/* Appends to sb without its NUL (the writers end it once) while it has room: the pieces are
 * short, and many. */
static inline void put(strbuf *sb, const void *s, size_t n)
{
    if (n < sb->cap - sb->len) {
        memcpy(sb->data + sb->len, s, n);
        sb->len += n;
    } else {
        sb_add(sb, s, n);
    }
}

static inline void put_char(strbuf *sb, char c)
{
    if (sb->len + 1 < sb->cap)
        sb->data[sb->len++] = c;
    else
        sb_addc(sb, c);
}

#define PUT_LIT(sb, lit) put(sb, lit, sizeof lit - 1)

static void put_str(strbuf *sb, const xmlChar *s)
{
    if (s)
        put(sb, s, strlen((const char *)s));
}

static const xmlChar *unescaped_run(const xmlChar *s);

/* Appends s with each byte whose entry in `esc` is set replaced by that string (a byte
 * mapped to "" is dropped); runs of other bytes are copied whole. Every table maps the
 * NUL that ends s. In an HTML attribute value (html_attr) a server-side include and
 * HTML 4's &{…} pass as they are, but for the '"' that esc escapes. */
static void put_escaped(strbuf *sb, const xmlChar *s, const char *const esc[256],
                        bool html_attr)
{
    const xmlChar *run = s;
    for (;; s++) {
        const char *e = esc[*s];
        if (!e)
            continue;
        if (s > run)
            put(sb, run, (size_t)(s - run));
        if (!*s)
            return;
        const xmlChar *end = html_attr && (*s == '<' || *s == '&') ? unescaped_run(s) : NULL;
        if (end) {
            for (; s < end; s++)
                if (*s == '"' && esc['"'])
                    put(sb, esc['"'], strlen(esc['"']));
                else
                    put_char(sb, (char)*s);
            s--;
        } else {
            put(sb, e, strlen(e));
        }
        run = s + 1;
    }
}

/* put_escaped for a table that maps only the bytes in `stops`, 16 at the most: glibc's
 * strcspn finds them many bytes at a time. */
static void put_escaped_fast(strbuf *sb, const xmlChar *s, const char *const esc[256],
                             const char *stops)
{
    for (;;) {
        size_t n = strcspn((const char *)s, stops);
        put(sb, s, n);
        s += n;
        if (!*s)
            return;
        put(sb, esc[*s], strlen(esc[*s]));
        s++;
    }
}

/* xmlBufWriteQuotedString: "…", or '…' when the value holds a '"', or "…" with &quot;
 * when it holds both quotes. */
static const char *const quot_only[256] = {[0] = "", ['"'] = "&quot;"};

static void put_quoted(strbuf *sb, const xmlChar *s)
{
    const char *v = s ? (const char *)s : "";
    if (!strchr(v, '"')) {
        put_char(sb, '"');
        put_str(sb, BAD_CAST v);
        put_char(sb, '"');
    } else if (!strchr(v, '\'')) {
        put_char(sb, '\'');
        put_str(sb, BAD_CAST v);
        put_char(sb, '\'');
    } else {
        put_char(sb, '"');
        put_escaped(sb, BAD_CAST v, quot_only, false);
        put_char(sb, '"');
    }
}

/* xmlNsDumpOutput for each declaration of an element's list (the xml prefix is never
 * declared). */
static void put_ns_defs(strbuf *sb, xmlNsPtr ns)
{
    for (; ns; ns = ns->next) {
        if (ns->type != XML_LOCAL_NAMESPACE || !ns->href ||
            (ns->prefix && !strcmp((const char *)ns->prefix, "xml")))
            continue;
        if (ns->prefix) {
            PUT_LIT(sb, " xmlns:");
            put_str(sb, ns->prefix);
        } else {
            PUT_LIT(sb, " xmlns");
        }
        put_char(sb, '=');
        put_quoted(sb, ns->href);
    }
}

/* An element's or attribute's name with its prefix. */
static void put_qname(strbuf *sb, const xmlNs *ns, const xmlChar *name)
{
    if (ns && ns->prefix) {
        put_str(sb, ns->prefix);
        put_char(sb, ':');
    }
    put_str(sb, name);
}

static void put_comment(strbuf *sb, xmlNodePtr c)
{
    if (c->content) {
        PUT_LIT(sb, "<!--");
        put_str(sb, c->content);
        PUT_LIT(sb, "-->");
    }
}

/* A processing instruction, ended by "?>" in XML and ">" in HTML. */
static void put_pi(strbuf *sb, xmlNodePtr pi, const char *end)
{
    PUT_LIT(sb, "<?");
    put_str(sb, pi->name);
    if (pi->content) {
        put_char(sb, ' ');
        put_str(sb, pi->content);
    }
    put_str(sb, BAD_CAST end);
}

/* The NUL the put functions leave out; false when the buffer could not grow. */
static bool finish(strbuf *sb)
{
    sb_add(sb, "", 0);
    return !sb->failed;
}

/* ---- XML --------------------------------------------------------------------------- */

/* xmlEscapeContent: text of an XML document written as UTF-8. */
static const char *const xml_text_esc[256] = {
    [0] = "", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['\r'] = "&#13;"};

/* xmlBufAttrSerializeTxtContent of a document with an encoding (UTF-8 passes through). */
static const char *const xml_attr_esc[256] = {
    [0] = "", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;",
    ['\n'] = "&#10;", ['\r'] = "&#13;", ['\t'] = "&#9;"};

/* The output globals libxml2's writers read: the rules below are those of the defaults. */
static bool default_output_globals(void)
{
    return xmlIndentTreeOutput == 1 && xmlSaveNoEmptyTags == 0 && xmlTreeIndentString &&
           !strcmp(xmlTreeIndentString, "  ");
}

#define MAX_INDENT 60 /* libxml2's: the indentation stops growing at 30 levels of "  " */

static void xml_indent(strbuf *sb, int level)
{
    static const char spaces[MAX_INDENT + 1] =
        "                                                            ";
    int n = level > MAX_INDENT / 2 ? MAX_INDENT / 2 : level;
    put(sb, spaces, (size_t)(2 * n));
}

static bool xml_write_attrs(strbuf *sb, xmlDocPtr doc, xmlNodePtr el)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        /* a value's non-ASCII bytes pass through only in the document being written
         * (whose encoding libxml2 sets for the time of the dump) */
        if (a->doc != doc)
            return false;
        put_char(sb, ' ');
        put_qname(sb, a->ns, a->name);
        PUT_LIT(sb, "=\"");
        for (xmlNodePtr t = a->children; t; t = t->next) {
            if (t->type != XML_TEXT_NODE)
                return false;
            if (t->content)
                put_escaped_fast(sb, t->content, xml_attr_esc, "<>&\"\n\r\t");
        }
        put_char(sb, '"');
    }
    return true;
}

static void xml_end_tag(strbuf *sb, xmlNodePtr el)
{
    PUT_LIT(sb, "</");
    put_qname(sb, el->ns, el->name);
    put_char(sb, '>');
}

/* xmlNodeDumpOutputInternal with format 1, from a child of the document at level 0. */
static bool xml_write_node(strbuf *sb, xmlDocPtr doc, xmlNodePtr root)
{
    int format = 1, level = 0;
    xmlNodePtr cur = root, parent = root->parent, unformatted = NULL;
    for (;;) {
        switch (cur->type) {
        case XML_ELEMENT_NODE:
            if (cur != root && format)
                xml_indent(sb, level);
            if (cur->parent != parent)
                return false; /* a broken tree: libxml2 has its own way with it */
            put_char(sb, '<');
            put_qname(sb, cur->ns, cur->name);
            put_ns_defs(sb, cur->nsDef);
            if (!xml_write_attrs(sb, doc, cur))
                return false;
            if (!cur->children) {
                PUT_LIT(sb, "/>");
                break;
            }
            if (format) {
                for (xmlNodePtr c = cur->children; c; c = c->next)
                    if (c->type == XML_TEXT_NODE) {
                        format = 0;
                        unformatted = cur;
                        break;
                    }
            }
            put_char(sb, '>');
            if (format)
                put_char(sb, '\n');
            level++;
            parent = cur;
            cur = cur->children;
            continue;
        case XML_TEXT_NODE:
            if (!cur->content)
                break;
            if (cur->name == xmlStringTextNoenc)
                put_str(sb, cur->content);
            else
                put_escaped_fast(sb, cur->content, xml_text_esc, "<>&\r");
            break;
        case XML_COMMENT_NODE:
            if (cur != root && format)
                xml_indent(sb, level);
            put_comment(sb, cur);
            break;
        case XML_PI_NODE:
            if (cur != root && format)
                xml_indent(sb, level);
            put_pi(sb, cur, "?>");
            break;
        default:
            return false; /* entity references, CDATA, XInclude markers, DTDs … */
        }
        for (;;) {
            if (cur == root)
                return true;
            if (format)
                put_char(sb, '\n');
            if (cur->next) {
                cur = cur->next;
                break;
            }
            cur = parent;
            parent = cur->parent;
            if (level > 0)
                level--;
            if (format)
                xml_indent(sb, level);
            xml_end_tag(sb, cur);
            if (cur == unformatted) {
                format = 1;
                unformatted = NULL;
            }
        }
    }
}

bool xml_write_doc(strbuf *sb, xmlDocPtr doc)
{
    if (!doc || doc->type != XML_DOCUMENT_NODE || doc->intSubset || doc->extSubset ||
        !default_output_globals())
        return false;
    PUT_LIT(sb, "<?xml version=");
    if (doc->version)
        put_quoted(sb, doc->version);
    else
        PUT_LIT(sb, "\"1.0\"");
    PUT_LIT(sb, " encoding=\"UTF-8\"");
    if (doc->standalone == 0)
        PUT_LIT(sb, " standalone=\"no\"");
    else if (doc->standalone == 1)
        PUT_LIT(sb, " standalone=\"yes\"");
    PUT_LIT(sb, "?>\n");
    for (xmlNodePtr c = doc->children; c; c = c->next) {
        if (!xml_write_node(sb, doc, c))
            return false;
        put_char(sb, '\n');
    }
    return finish(sb);
}

char *xml_serialise(xmlDocPtr doc, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    if (xml_write_doc(&sb, doc)) {
        *len = sb.len;
        return sb_take(&sb);
    }
    sb_free(&sb);
    xmlChar *mem = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
    char *out = mem && n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (out) {
        memcpy(out, mem, (size_t)n);
        out[n] = '\0';
        *len = (size_t)n;
    }
    xmlFree(mem);
    return out;
}

/* ---- HTML -------------------------------------------------------------------------- */

/* xmlEncodeEntitiesInternal of an HTML document: < > & escaped, tab and newlines kept,
 * other control characters dropped, everything else (UTF-8 included) as it is. */
#define HTML_DROPPED                                                                       \
    [0x01] = "", [0x02] = "", [0x03] = "", [0x04] = "", [0x05] = "", [0x06] = "",          \
    [0x07] = "", [0x08] = "", [0x0B] = "", [0x0C] = "", [0x0E] = "", [0x0F] = "",          \
    [0x10] = "", [0x11] = "", [0x12] = "", [0x13] = "", [0x14] = "", [0x15] = "",          \
    [0x16] = "", [0x17] = "", [0x18] = "", [0x19] = "", [0x1A] = "", [0x1B] = "",          \
    [0x1C] = "", [0x1D] = "", [0x1E] = "", [0x1F] = ""
static const char *const html_esc[256] = {
    [0] = "", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", HTML_DROPPED};
/* The same with '"' as &quot;: the value of an attribute holding both kinds of quote
 * (xmlBufWriteQuotedString). */
static const char *const html_esc_quot[256] = {
    [0] = "", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", HTML_DROPPED};

/* The end of a server-side include (<!-- … -->) or of HTML 4's &{…} at s, which an
 * attribute value keeps unescaped; NULL when s begins neither. */
static const xmlChar *unescaped_run(const xmlChar *s)
{
    const char *c = (const char *)s, *end;
    if (c[0] == '<' && c[1] == '!' && c[2] == '-' && c[3] == '-' && (end = strstr(c, "-->")))
        return BAD_CAST end + 3;
    if (c[0] == '&' && c[1] == '{' && (end = strchr(c, '}')))
        return BAD_CAST end + 1;
    return NULL;
}

/* xmlURIEscapeStr(s, "@/:=?;#%&,+<>") after the leading blanks. */
static void put_uri_escaped(strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *end = s + n;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    const char *run = s;
    for (; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            (c && strchr("-_.!~*'()@/:=?;#%&,+<>", c)))
            continue;
        if (s > run)
            put(sb, run, (size_t)(s - run));
        char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
        put(sb, pct, 3);
        run = s + 1;
    }
    if (s > run)
        put(sb, run, (size_t)(s - run));
}

/* What the HTML writer asks of a name. Elements: libxml2's description, and whether the
 * text inside is written as it is (script, style) or the name is a's. Attributes: whether
 * boolean (written without a value), a URI (href, action, src) or name (a URI on a). */
enum { NAME_RAW_TEXT = 1, NAME_A = 2, NAME_BOOLEAN = 4, NAME_URI = 8, NAME_NAME = 16 };

typedef struct name_facts {
    const htmlElemDesc *info;
    unsigned flags;
} name_facts;

/* The facts of names, by pointer (a document's names are mostly its dictionary's): at
 * most 96 names, more are asked each time. */
typedef struct name_cache {
    struct {
        const xmlChar *name;
        name_facts facts;
    } slot[128];
    int used;
    name_facts (*lookup)(const xmlChar *name);
} name_cache;

static name_facts cached(name_cache *nc, const xmlChar *name)
{
    /* a dictionary packs its strings a few bytes apart: the high bits of a product */
    uint64_t h = (uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u;
    for (uint32_t i = (uint32_t)(h >> 57);; i = (i + 1) & 127) {
        if (nc->slot[i].name == name)
            return nc->slot[i].facts;
        if (!nc->slot[i].name) {
            name_facts f = nc->lookup(name);
            if (nc->used < 96) {
                nc->slot[i].name = name;
                nc->slot[i].facts = f;
                nc->used++;
            }
            return f;
        }
    }
}

static name_facts element_facts(const xmlChar *name)
{
    name_facts f = {htmlTagLookup(name), 0};
    if (!xmlStrcasecmp(name, BAD_CAST "script") || !xmlStrcasecmp(name, BAD_CAST "style"))
        f.flags |= NAME_RAW_TEXT;
    if (!xmlStrcasecmp(name, BAD_CAST "a"))
        f.flags |= NAME_A;
    return f;
}

static name_facts attribute_facts(const xmlChar *name)
{
    name_facts f = {NULL, 0};
    if (htmlIsBooleanAttr(name))
        f.flags |= NAME_BOOLEAN;
    if (!xmlStrcasecmp(name, BAD_CAST "href") || !xmlStrcasecmp(name, BAD_CAST "action") ||
        !xmlStrcasecmp(name, BAD_CAST "src"))
        f.flags |= NAME_URI;
    if (!xmlStrcasecmp(name, BAD_CAST "name"))
        f.flags |= NAME_NAME;
    return f;
}

typedef struct html_writer {
    strbuf *sb;
    bool format;
    name_cache elements, attributes;
    strbuf value; /* scratch: a URI attribute's value before URI escaping */
} html_writer;

/* The facts of an element's name; libxml2's description only without a namespace. */
static name_facts facts_of(html_writer *w, xmlNodePtr el)
{
    if (!el->name)
        return (name_facts){NULL, 0};
    name_facts f = cached(&w->elements, el->name);
    if (el->ns)
        f.info = NULL;
    return f;
}

/* htmlAttrDumpOutput */
static bool html_write_attr(html_writer *w, xmlAttrPtr a, unsigned el_flags)
{
    strbuf *sb = w->sb;
    put_char(sb, ' ');
    put_qname(sb, a->ns, a->name);
    if (!a->children)
        return true;
    unsigned flags = cached(&w->attributes, a->name).flags;
    if (flags & NAME_BOOLEAN)
        return true;
    bool dq = false, sq = false;
    for (xmlNodePtr t = a->children; t; t = t->next) {
        if (t->type != XML_TEXT_NODE)
            return false;
        if (t->content) {
            dq = dq || strchr((const char *)t->content, '"');
            sq = sq || strchr((const char *)t->content, '\'');
        }
    }
    put_char(sb, '=');
    if (!a->ns && a->parent && !a->parent->ns &&
        ((flags & NAME_URI) || ((flags & NAME_NAME) && (el_flags & NAME_A)))) {
        w->value.len = 0;
        for (xmlNodePtr t = a->children; t; t = t->next)
            if (t->content)
                put_escaped(&w->value, t->content, html_esc, true);
        if (w->value.failed)
            return false;
        put_char(sb, '"');
        put_uri_escaped(sb, w->value.data ? w->value.data : "", w->value.len);
        put_char(sb, '"');
        return true;
    }
    char quote = dq && !sq ? '\'' : '"';
    put_char(sb, quote);
    for (xmlNodePtr t = a->children; t; t = t->next)
        if (t->content)
            put_escaped(sb, t->content, dq && sq ? html_esc_quot : html_esc, true);
    put_char(sb, quote);
    return true;
}

/* htmlDtdDumpOutput */
static void html_write_dtd(strbuf *sb, xmlDtdPtr dtd)
{
    PUT_LIT(sb, "<!DOCTYPE ");
    put_str(sb, dtd->name);
    if (dtd->ExternalID) {
        PUT_LIT(sb, " PUBLIC ");
        put_quoted(sb, dtd->ExternalID);
        if (dtd->SystemID) {
            put_char(sb, ' ');
            put_quoted(sb, dtd->SystemID);
        }
    } else if (dtd->SystemID && xmlStrcmp(dtd->SystemID, BAD_CAST "about:legacy-compat")) {
        PUT_LIT(sb, " SYSTEM ");
        put_quoted(sb, dtd->SystemID);
    }
    PUT_LIT(sb, ">\n");
}

/* Whether a newline follows an element (or its end tag) that is not inline, by what
 * comes next: not before text, nor inside p, pre and param (libxml2 tests the first
 * letter). */
static bool newline_after(xmlNodePtr cur, xmlNodePtr parent)
{
    return cur->next && cur->next->type != HTML_TEXT_NODE &&
           cur->next->type != HTML_ENTITY_REF_NODE && parent && parent->name &&
           parent->name[0] != 'p';
}

/* Whether a newline goes after the start tag (edge: the first child) or before the end
 * tag (edge: the last) of an element with several children. */
static bool newline_inside(xmlNodePtr cur, xmlNodePtr edge)
{
    return edge->type != HTML_TEXT_NODE && edge->type != HTML_ENTITY_REF_NODE &&
           cur->children != cur->last && cur->name && cur->name[0] != 'p';
}

/* htmlNodeDumpFormatOutput from the document node. */
static bool html_write_nodes(html_writer *w, xmlDocPtr doc)
{
    strbuf *sb = w->sb;
    xmlNodePtr root = (xmlNodePtr)doc, cur = root, parent = root->parent;
    name_facts nf;
    for (;;) {
        switch (cur->type) {
        case XML_HTML_DOCUMENT_NODE:
            if (cur != root)
                return false;
            if (doc->intSubset)
                html_write_dtd(sb, doc->intSubset);
            if (cur->children) {
                parent = cur;
                cur = cur->children;
                continue;
            }
            put_char(sb, '\n');
            break;
        case XML_ELEMENT_NODE:
            if (cur->parent != parent)
                return false; /* a broken tree: libxml2 has its own way with it */
            nf = facts_of(w, cur);
            put_char(sb, '<');
            put_qname(sb, cur->ns, cur->name);
            put_ns_defs(sb, cur->nsDef);
            for (xmlAttrPtr a = cur->properties; a; a = a->next)
                if (!html_write_attr(w, a, nf.flags))
                    return false;
            if (nf.info && nf.info->empty) {
                put_char(sb, '>');
            } else if (!cur->children) {
                if (nf.info && nf.info->saveEndTag && strcmp(nf.info->name, "html") &&
                    strcmp(nf.info->name, "body")) {
                    put_char(sb, '>');
                } else {
                    PUT_LIT(sb, "></");
                    put_qname(sb, cur->ns, cur->name);
                    put_char(sb, '>');
                }
            } else {
                put_char(sb, '>');
                if (w->format && nf.info && !nf.info->isinline &&
                    newline_inside(cur, cur->children))
                    put_char(sb, '\n');
                parent = cur;
                cur = cur->children;
                continue;
            }
            if (w->format && nf.info && !nf.info->isinline && newline_after(cur, parent))
                put_char(sb, '\n');
            break;
        case HTML_TEXT_NODE:
            if (!cur->content)
                break;
            if (cur->name != xmlStringTextNoenc &&
                !(facts_of(w, parent).flags & NAME_RAW_TEXT))
                put_escaped(sb, cur->content, html_esc, false);
            else
                put_str(sb, cur->content);
            break;
        case HTML_COMMENT_NODE:
            put_comment(sb, cur);
            break;
        case HTML_PI_NODE:
            if (cur->name)
                put_pi(sb, cur, ">");
            break;
        case HTML_PRESERVE_NODE: /* the HTML parser's script and style content */
            if (cur->content)
                put_str(sb, cur->content);
            break;
        case XML_DTD_NODE: /* written above, from doc->intSubset */
            break;
        default:
            return false; /* entity references, XInclude markers … */
        }
        for (;;) {
            if (cur == root)
                return true;
            if (cur->next) {
                cur = cur->next;
                break;
            }
            cur = parent;
            parent = cur->parent;
            if (cur == root) {
                put_char(sb, '\n');
                continue;
            }
            nf = w->format ? facts_of(w, cur) : (name_facts){NULL, 0};
            bool block = nf.info && !nf.info->isinline;
            if (block && newline_inside(cur, cur->last))
                put_char(sb, '\n');
            PUT_LIT(sb, "</");
            put_qname(sb, cur->ns, cur->name);
            put_char(sb, '>');
            if (block && newline_after(cur, parent))
                put_char(sb, '\n');
        }
    }
}

bool html_write_doc(strbuf *sb, xmlDocPtr doc, bool format)
{
    if (!doc || doc->type != XML_HTML_DOCUMENT_NODE)
        return false;
    html_writer *w = calloc(1, sizeof *w);
    if (!w)
        return false;
    w->sb = sb;
    w->format = format;
    w->elements.lookup = element_facts;
    w->attributes.lookup = attribute_facts;
    sb_init(&w->value);
    bool ok = html_write_nodes(w, doc) && finish(sb);
    sb_free(&w->value);
    free(w);
    return ok;
}
