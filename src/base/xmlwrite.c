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
 * looked up once a name per document. tests/test_xmlwrite.c compares both with libxml2.
 */
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/globals.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlsave.h>

/* ---- shared pieces ------------------------------------------------------------------- */

static void add_str(strbuf *sb, const xmlChar *s)
{
    if (s)
        sb_add(sb, (const char *)s, strlen((const char *)s));
}

/* xmlBufWriteQuotedString: "…", or '…' when the value holds a '"', or "…" with &quot;
 * when it holds both quotes. */
static void add_quoted(strbuf *sb, const xmlChar *s)
{
    const char *v = s ? (const char *)s : "";
    if (!strchr(v, '"')) {
        sb_addc(sb, '"');
        sb_adds(sb, v);
        sb_addc(sb, '"');
    } else if (!strchr(v, '\'')) {
        sb_addc(sb, '\'');
        sb_adds(sb, v);
        sb_addc(sb, '\'');
    } else {
        sb_addc(sb, '"');
        for (const char *q; (q = strchr(v, '"')); v = q + 1) {
            sb_add(sb, v, (size_t)(q - v));
            sb_adds(sb, "&quot;");
        }
        sb_adds(sb, v);
        sb_addc(sb, '"');
    }
}

/* xmlNsDumpOutput for each declaration of an element's list (the xml prefix is never
 * declared). */
static void add_ns_defs(strbuf *sb, xmlNsPtr ns)
{
    for (; ns; ns = ns->next) {
        if (ns->type != XML_LOCAL_NAMESPACE || !ns->href ||
            (ns->prefix && !strcmp((const char *)ns->prefix, "xml")))
            continue;
        if (ns->prefix) {
            sb_add(sb, " xmlns:", 7);
            add_str(sb, ns->prefix);
        } else {
            sb_add(sb, " xmlns", 6);
        }
        sb_addc(sb, '=');
        add_quoted(sb, ns->href);
    }
}

/* An element's or attribute's name with its prefix. */
static void add_qname(strbuf *sb, const xmlNs *ns, const xmlChar *name)
{
    if (ns && ns->prefix) {
        add_str(sb, ns->prefix);
        sb_addc(sb, ':');
    }
    add_str(sb, name);
}

/* Appends the n bytes at s with each byte whose entry in `esc` is set replaced by that
 * string (a byte mapped to "" is dropped); runs of other bytes are copied whole. */
static void add_escaped(strbuf *sb, const char *s, size_t n, const char *const esc[256])
{
    const char *run = s, *end = s + n;
    for (; s < end; s++) {
        const char *e = esc[(unsigned char)*s];
        if (!e)
            continue;
        if (s > run)
            sb_add(sb, run, (size_t)(s - run));
        sb_adds(sb, e);
        run = s + 1;
    }
    if (s > run)
        sb_add(sb, run, (size_t)(s - run));
}

static void add_escaped_str(strbuf *sb, const xmlChar *s, const char *const esc[256])
{
    add_escaped(sb, (const char *)s, strlen((const char *)s), esc);
}

/* xmlEscapeContent: text of an XML document written as UTF-8. */
static const char *const xml_text_esc[256] = {
    ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['\r'] = "&#13;"};

/* xmlBufAttrSerializeTxtContent of a document with an encoding (UTF-8 passes through). */
static const char *const xml_attr_esc[256] = {
    ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;",
    ['\n'] = "&#10;", ['\r'] = "&#13;", ['\t'] = "&#9;"};

/* The output globals libxml2's writers read: the rules below are those of the defaults. */
static bool default_output_globals(void)
{
    return xmlIndentTreeOutput == 1 && xmlSaveNoEmptyTags == 0 && xmlTreeIndentString &&
           !strcmp(xmlTreeIndentString, "  ");
}

/* ---- XML --------------------------------------------------------------------------- */

#define MAX_INDENT 60 /* libxml2's: the indentation stops growing at 30 levels of "  " */

static void xml_indent(strbuf *sb, int level)
{
    static const char spaces[MAX_INDENT + 1] =
        "                                                            ";
    int n = level > MAX_INDENT / 2 ? MAX_INDENT / 2 : level;
    sb_add(sb, spaces, (size_t)(2 * n));
}

static bool xml_write_attrs(strbuf *sb, xmlDocPtr doc, xmlNodePtr el)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        /* a value's non-ASCII bytes pass through only in the document being written
         * (whose encoding libxml2 sets for the time of the dump) */
        if (a->doc != doc)
            return false;
        sb_addc(sb, ' ');
        add_qname(sb, a->ns, a->name);
        sb_add(sb, "=\"", 2);
        for (xmlNodePtr t = a->children; t; t = t->next) {
            if (t->type != XML_TEXT_NODE)
                return false;
            if (t->content)
                add_escaped_str(sb, t->content, xml_attr_esc);
        }
        sb_addc(sb, '"');
    }
    return true;
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
            sb_addc(sb, '<');
            add_qname(sb, cur->ns, cur->name);
            add_ns_defs(sb, cur->nsDef);
            if (!xml_write_attrs(sb, doc, cur))
                return false;
            if (!cur->children) {
                sb_add(sb, "/>", 2);
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
            sb_addc(sb, '>');
            if (format)
                sb_addc(sb, '\n');
            level++;
            parent = cur;
            cur = cur->children;
            continue;
        case XML_TEXT_NODE:
            if (!cur->content)
                break;
            if (cur->name == xmlStringTextNoenc)
                add_str(sb, cur->content);
            else
                add_escaped_str(sb, cur->content, xml_text_esc);
            break;
        case XML_COMMENT_NODE:
            if (cur != root && format)
                xml_indent(sb, level);
            if (cur->content) {
                sb_add(sb, "<!--", 4);
                add_str(sb, cur->content);
                sb_add(sb, "-->", 3);
            }
            break;
        case XML_PI_NODE:
            if (cur != root && format)
                xml_indent(sb, level);
            sb_add(sb, "<?", 2);
            add_str(sb, cur->name);
            if (cur->content) {
                sb_addc(sb, ' ');
                add_str(sb, cur->content);
            }
            sb_add(sb, "?>", 2);
            break;
        default:
            return false; /* entity references, CDATA, XInclude markers, DTDs … */
        }
        for (;;) {
            if (cur == root)
                return true;
            if (format)
                sb_addc(sb, '\n');
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
            sb_add(sb, "</", 2);
            add_qname(sb, cur->ns, cur->name);
            sb_addc(sb, '>');
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
    sb_add(sb, "<?xml version=", 14);
    if (doc->version)
        add_quoted(sb, doc->version);
    else
        sb_add(sb, "\"1.0\"", 5);
    sb_add(sb, " encoding=\"UTF-8\"", 17);
    if (doc->standalone == 0)
        sb_add(sb, " standalone=\"no\"", 16);
    else if (doc->standalone == 1)
        sb_add(sb, " standalone=\"yes\"", 17);
    sb_add(sb, "?>\n", 3);
    for (xmlNodePtr c = doc->children; c; c = c->next) {
        if (!xml_write_node(sb, doc, c))
            return false;
        sb_addc(sb, '\n');
    }
    return !sb->failed;
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
static const char *const html_esc[256] = {['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
                                          HTML_DROPPED};
/* The same with '"' as &quot;: the value of an attribute holding both kinds of quote
 * (xmlBufWriteQuotedString). */
static const char *const html_esc_quot[256] = {
    ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", HTML_DROPPED};
static const char *const quot_only[256] = {['"'] = "&quot;"};

/* An attribute value's text (xmlEncodeEntitiesInternal with attr set): as text, except
 * that a server-side include (<!-- … -->) and HTML 4's &{…} pass unescaped. */
static void html_attr_text(strbuf *sb, const char *s, bool both_quotes)
{
    const char *const *esc = both_quotes ? html_esc_quot : html_esc;
    const char *run = s;
    while (*s) {
        const char *end = NULL;
        if (s[0] == '<' && s[1] == '!' && s[2] == '-' && s[3] == '-' &&
            (end = strstr(s, "-->")))
            end += 3;
        else if (s[0] == '&' && s[1] == '{' && (end = strchr(s, '}')))
            end += 1;
        if (!end) {
            s++;
            continue;
        }
        add_escaped(sb, run, (size_t)(s - run), esc);
        if (both_quotes)
            add_escaped(sb, s, (size_t)(end - s), quot_only);
        else
            sb_add(sb, s, (size_t)(end - s));
        run = s = end;
    }
    add_escaped(sb, run, (size_t)(s - run), esc);
}

/* xmlURIEscapeStr(s, "@/:=?;#%&,+<>") after the leading blanks. */
static void add_uri_escaped(strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *end = s + n;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    const char *run = s;
    for (; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-_.!~*'()@/:=?;#%&,+<>", c))
            continue;
        if (s > run)
            sb_add(sb, run, (size_t)(s - run));
        char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
        sb_add(sb, pct, 3);
        run = s + 1;
    }
    if (s > run)
        sb_add(sb, run, (size_t)(s - run));
}

/* What libxml2 knows of a name (an element's description, whether an attribute is
 * boolean), remembered for the document: at most 96 names, more are asked each time. */
typedef struct name_cache {
    struct {
        const xmlChar *name;
        const void *value;
    } slot[128];
    int used;
    const void *(*lookup)(const xmlChar *name);
} name_cache;

static const void *cached(name_cache *nc, const xmlChar *name)
{
    uint32_t h = 2166136261u;
    for (const xmlChar *p = name; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (uint32_t i = h & 127;; i = (i + 1) & 127) {
        if (!nc->slot[i].name) {
            const void *v = nc->lookup(name);
            if (nc->used < 96) {
                nc->slot[i].name = name;
                nc->slot[i].value = v;
                nc->used++;
            }
            return v;
        }
        if (nc->slot[i].name == name ||
            !strcmp((const char *)nc->slot[i].name, (const char *)name))
            return nc->slot[i].value;
    }
}

static const void *lookup_tag(const xmlChar *name)
{
    return htmlTagLookup(name);
}

static const void *lookup_boolean(const xmlChar *name)
{
    return htmlIsBooleanAttr(name) ? name : NULL;
}

typedef struct html_writer {
    strbuf *sb;
    bool format;
    name_cache tags, booleans;
    strbuf value; /* scratch: a URI attribute's value before URI escaping */
} html_writer;

static const htmlElemDesc *tag_info(html_writer *w, xmlNodePtr el)
{
    return el->ns || !el->name ? NULL : cached(&w->tags, el->name);
}

static bool is_uri_attr(xmlAttrPtr a)
{
    return !a->ns && a->parent && !a->parent->ns &&
           (!xmlStrcasecmp(a->name, BAD_CAST "href") ||
            !xmlStrcasecmp(a->name, BAD_CAST "action") ||
            !xmlStrcasecmp(a->name, BAD_CAST "src") ||
            (!xmlStrcasecmp(a->name, BAD_CAST "name") &&
             !xmlStrcasecmp(a->parent->name, BAD_CAST "a")));
}

/* htmlAttrDumpOutput */
static bool html_write_attr(html_writer *w, xmlAttrPtr a)
{
    strbuf *sb = w->sb;
    sb_addc(sb, ' ');
    add_qname(sb, a->ns, a->name);
    if (!a->children || cached(&w->booleans, a->name))
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
    sb_addc(sb, '=');
    if (is_uri_attr(a)) {
        w->value.len = 0;
        for (xmlNodePtr t = a->children; t; t = t->next)
            if (t->content)
                html_attr_text(&w->value, (const char *)t->content, false);
        if (w->value.failed)
            return false;
        sb_addc(sb, '"');
        add_uri_escaped(sb, w->value.data ? w->value.data : "", w->value.len);
        sb_addc(sb, '"');
        return true;
    }
    char quote = dq && !sq ? '\'' : '"';
    sb_addc(sb, quote);
    for (xmlNodePtr t = a->children; t; t = t->next)
        if (t->content)
            html_attr_text(sb, (const char *)t->content, dq && sq);
    sb_addc(sb, quote);
    return true;
}

/* htmlDtdDumpOutput */
static void html_write_dtd(strbuf *sb, xmlDtdPtr dtd)
{
    sb_add(sb, "<!DOCTYPE ", 10);
    add_str(sb, dtd->name);
    if (dtd->ExternalID) {
        sb_add(sb, " PUBLIC ", 8);
        add_quoted(sb, dtd->ExternalID);
        if (dtd->SystemID) {
            sb_addc(sb, ' ');
            add_quoted(sb, dtd->SystemID);
        }
    } else if (dtd->SystemID && xmlStrcmp(dtd->SystemID, BAD_CAST "about:legacy-compat")) {
        sb_add(sb, " SYSTEM ", 8);
        add_quoted(sb, dtd->SystemID);
    }
    sb_add(sb, ">\n", 2);
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

/* Whether a newline goes after the start tag (first) or before the end tag (last) of an
 * element with several children. */
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
    const htmlElemDesc *info;
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
            sb_addc(sb, '\n');
            break;
        case XML_ELEMENT_NODE:
            if (cur->parent != parent)
                return false; /* a broken tree: libxml2 has its own way with it */
            info = tag_info(w, cur);
            sb_addc(sb, '<');
            add_qname(sb, cur->ns, cur->name);
            add_ns_defs(sb, cur->nsDef);
            for (xmlAttrPtr a = cur->properties; a; a = a->next)
                if (!html_write_attr(w, a))
                    return false;
            if (info && info->empty) {
                sb_addc(sb, '>');
            } else if (!cur->children) {
                if (info && info->saveEndTag && strcmp(info->name, "html") &&
                    strcmp(info->name, "body")) {
                    sb_addc(sb, '>');
                } else {
                    sb_add(sb, "></", 3);
                    add_qname(sb, cur->ns, cur->name);
                    sb_addc(sb, '>');
                }
            } else {
                sb_addc(sb, '>');
                if (w->format && info && !info->isinline &&
                    newline_inside(cur, cur->children))
                    sb_addc(sb, '\n');
                parent = cur;
                cur = cur->children;
                continue;
            }
            if (w->format && info && !info->isinline && newline_after(cur, parent))
                sb_addc(sb, '\n');
            break;
        case HTML_TEXT_NODE:
            if (!cur->content)
                break;
            if (cur->name != xmlStringTextNoenc &&
                (!parent || (xmlStrcasecmp(parent->name, BAD_CAST "script") &&
                             xmlStrcasecmp(parent->name, BAD_CAST "style"))))
                add_escaped_str(sb, cur->content, html_esc);
            else
                add_str(sb, cur->content);
            break;
        case HTML_COMMENT_NODE:
            if (cur->content) {
                sb_add(sb, "<!--", 4);
                add_str(sb, cur->content);
                sb_add(sb, "-->", 3);
            }
            break;
        case HTML_PI_NODE:
            if (cur->name) {
                sb_add(sb, "<?", 2);
                add_str(sb, cur->name);
                if (cur->content) {
                    sb_addc(sb, ' ');
                    add_str(sb, cur->content);
                }
                sb_addc(sb, '>');
            }
            break;
        case HTML_PRESERVE_NODE: /* the HTML parser's script and style content */
            if (cur->content)
                add_str(sb, cur->content);
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
                sb_addc(sb, '\n');
                continue;
            }
            info = w->format ? tag_info(w, cur) : NULL;
            if (info && !info->isinline && newline_inside(cur, cur->last))
                sb_addc(sb, '\n');
            sb_add(sb, "</", 2);
            add_qname(sb, cur->ns, cur->name);
            sb_addc(sb, '>');
            if (info && !info->isinline && newline_after(cur, parent))
                sb_addc(sb, '\n');
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
    w->tags.lookup = lookup_tag;
    w->booleans.lookup = lookup_boolean;
    sb_init(&w->value);
    bool ok = html_write_nodes(w, doc) && !sb->failed;
    sb_free(&w->value);
    free(w);
    return ok;
}
