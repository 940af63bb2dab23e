/* test_xmlwrite.c — gfa's own XML and HTML writers (src/base/xmlwrite.c, issue 13)
 * against libxml2's: crafted documents for each rule (escaping in text and attributes,
 * UTF-8, empty elements, mixed content and indentation, namespaces, depth; HTML void,
 * raw-text, URI and boolean attributes, inline and block elements, the doctype), many
 * random trees from a fixed seed, and gfa's own instance and page; documents with what
 * the writers leave to libxml2 must say so, and xml_serialise still writes libxml2's bytes. */
#include "testutil.h"
#include "base/base.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

/* ---- the two ways ---------------------------------------------------------------------- */

static char *libxml2_xml(xmlDocPtr doc, size_t *len)
{
    xmlChar *mem = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
    assert_non_null(mem);
    char *s = xstrndup((const char *)mem, (size_t)n);
    xmlFree(mem);
    *len = (size_t)n;
    return s;
}

static char *libxml2_html(xmlDocPtr doc, bool format, size_t *len)
{
    xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
    assert_non_null(out);
    htmlDocContentDumpFormatOutput(out, doc, NULL, format);
    xmlOutputBufferFlush(out);
    *len = xmlBufUse(out->buffer);
    char *s = xstrndup((const char *)xmlBufContent(out->buffer), *len);
    xmlOutputBufferClose(out);
    return s;
}

static void expect_same(const char *what, const char *want, size_t want_len, const strbuf *got)
{
    if (got->len != want_len || memcmp(got->data, want, want_len)) {
        print_error("%s differs\n--- libxml2 (%zu bytes)\n%s\n--- gfa (%zu bytes)\n%s\n", what,
                    want_len, want, got->len, got->data ? got->data : "");
        fail();
    }
}

/* gfa's writer takes the document and writes libxml2's bytes. */
static void same_xml(const char *what, xmlDocPtr doc)
{
    size_t n;
    char *want = libxml2_xml(doc, &n);
    strbuf sb;
    sb_init(&sb);
    if (!xml_write_doc(&sb, doc)) {
        print_error("%s: left to libxml2\n", what);
        fail();
    }
    expect_same(what, want, n, &sb);
    size_t len = 0;
    char *s = xml_serialise(doc, &len);
    assert_int_equal(len, n);
    assert_memory_equal(s, want, n);
    free(s);
    sb_free(&sb);
    free(want);
}

/* A document gfa's writer does not reproduce: it says so, and xml_serialise is libxml2's. */
static void left_to_libxml2(const char *what, xmlDocPtr doc)
{
    strbuf sb;
    sb_init(&sb);
    if (xml_write_doc(&sb, doc)) {
        print_error("%s: written without libxml2\n", what);
        fail();
    }
    sb_free(&sb);
    size_t n, len = 0;
    char *want = libxml2_xml(doc, &n);
    char *s = xml_serialise(doc, &len);
    assert_int_equal(len, n);
    assert_memory_equal(s, want, n);
    free(s);
    free(want);
}

static void same_html(const char *what, xmlDocPtr doc, bool format)
{
    size_t n;
    char *want = libxml2_html(doc, format, &n);
    strbuf sb;
    sb_init(&sb);
    if (!html_write_doc(&sb, doc, format)) {
        print_error("%s: left to libxml2\n", what);
        fail();
    }
    expect_same(what, want, n, &sb);
    sb_free(&sb);
    free(want);
}

static void same_html_both(const char *what, xmlDocPtr doc)
{
    same_html(what, doc, true);
    same_html(what, doc, false);
}

static xmlDocPtr parse_xml(const char *s)
{
    xmlDocPtr doc = xmlReadMemory(s, (int)strlen(s), "t.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    return doc;
}

static xmlDocPtr parse_html(const char *s)
{
    htmlDocPtr doc = htmlReadMemory(s, (int)strlen(s), "t.html", "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

/* A text node of doc whose content is written unescaped (xsl:text disable-output-escaping). */
static xmlNodePtr noenc_text(xmlDocPtr doc, const char *s)
{
    xmlNodePtr t = xmlNewDocText(doc, BAD_CAST s);
    t->name = xmlStringTextNoenc;
    return t;
}

/* Each document parsed (as HTML or XML) and written both ways. */
static void each_parsed(const char *const *docs, size_t n, bool html)
{
    for (size_t i = 0; i < n; i++) {
        xmlDocPtr doc = html ? parse_html(docs[i]) : parse_xml(docs[i]);
        if (html)
            same_html_both(docs[i], doc);
        else
            same_xml(docs[i], doc);
        xmlFreeDoc(doc);
    }
}

/* ---- XML: crafted ---------------------------------------------------------------------- */

static void xml_crafted(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "<a/>",
        "<a></a>",
        "<?xml version='1.0' encoding='GB2312' standalone='yes'?><a>\xD6\xD0</a>",
        "<?xml version='1.0' standalone='no'?><a/>",
        "<?xml version='1.1'?><a/>",
        "<a x='1' y=\"&lt;&gt;&amp;&quot;'&#9;&#10;&#13; z\">t &lt; &gt; &amp; \" ' &#13; \t\n</a>",
        "<a>中文 \xF0\x9F\x98\x80 é</a>",
        "<a b='中文 \xF0\x9F\x98\x80 é'/>",
        "<a><b/><c><d>x</d><e/></c></a>",
        "<a>text<b>in</b>tail<c><d/></c></a>",
        "<a>\n  <b/>\n</a>",
        "<a><b> </b><c>\n</c></a>",
        "<g:a xmlns:g='urn:g' xmlns='urn:d' xmlns:h=\"urn:'h'\"><g:b h:c='1' g:d='2'/><e/></g:a>",
        "<a xmlns:q='urn:\"q\"' xmlns:r='urn:&quot;&apos;'/>",
        "<a><!-- c --><b/><!--d--></a>",
        "<!-- before --><?pi data?><a><?p?><?q x y?></a><!-- after -->",
        "<a><b><!--only--></b></a>",
        "<a xml:lang='zh' xmlns:xml='http://www.w3.org/XML/1998/namespace'/>",
    };
    each_parsed(docs, ARRAY_LEN(docs), false);
}

/* More than 30 levels: the indentation stops growing. */
static void xml_deep(void **state)
{
    (void)state;
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr n = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);
    xmlDocSetRootElement(doc, n);
    for (int i = 0; i < 45; i++) {
        xmlNodePtr c = xmlNewChild(n, NULL, BAD_CAST "e", NULL);
        xmlNewChild(n, NULL, BAD_CAST "f", BAD_CAST "leaf");
        n = c;
    }
    xmlNewChild(n, NULL, BAD_CAST "g", NULL);
    same_xml("45 levels", doc);
    xmlFreeDoc(doc);
}

/* Trees gfa builds (not parsed): text with control characters and bytes that are not
 * UTF-8 (libxml2 copies both), unescaped text, attributes of several text nodes or none,
 * a document without a version. */
static void xml_built(void **state)
{
    (void)state;
    xmlDocPtr doc = xmlNewDoc(NULL);
    xmlNodePtr r = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);
    xmlDocSetRootElement(doc, r);
    xmlNewChild(r, NULL, BAD_CAST "c", BAD_CAST "\x01\x1F\x7F a\rb");
    xmlNewChild(r, NULL, BAD_CAST "bad", BAD_CAST "\xC3(\xFF\xE4\xB8");
    xmlNodePtr raw = xmlNewChild(r, NULL, BAD_CAST "raw", NULL);
    xmlAddChild(raw, noenc_text(doc, "<b>&amp;</b>"));
    xmlAttrPtr a = xmlNewProp(r, BAD_CAST "two", BAD_CAST "x\"");
    xmlNodePtr t2 = xmlNewDocText(doc, BAD_CAST "<y>\n");
    a->children->next = t2;
    t2->prev = a->children;
    t2->parent = (xmlNodePtr)a;
    a->last = t2;
    xmlNewProp(r, BAD_CAST "none", NULL);
    xmlNewProp(r, BAD_CAST "ctl", BAD_CAST "\x01\xC3(\xFF");
    xmlNodePtr e = xmlNewChild(r, NULL, BAD_CAST "empty-text", NULL);
    xmlAddChild(e, xmlNewDocText(doc, BAD_CAST ""));
    same_xml("built", doc);
    xmlFreeDoc(doc);
}

/* What the writer leaves to libxml2. */
static void xml_fallbacks(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "<!DOCTYPE a><a/>",
        "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
        "<a><![CDATA[x]]></a>",
    };
    for (size_t i = 0; i < ARRAY_LEN(docs); i++) {
        xmlDocPtr doc = parse_xml(docs[i]);
        left_to_libxml2(docs[i], doc);
        xmlFreeDoc(doc);
    }
    /* an entity reference in an attribute */
    xmlDocPtr doc = parse_xml("<!DOCTYPE a [<!ENTITY e 'x'>]><a b='&e;'/>");
    xmlDtdPtr dtd = doc->intSubset;
    xmlUnlinkNode((xmlNodePtr)dtd);
    doc->intSubset = NULL;
    left_to_libxml2("entity in attribute", doc);
    xmlFreeDtd(dtd);
    xmlFreeDoc(doc);
    /* libxml2's output globals changed */
    doc = parse_xml("<a><b/></a>");
    int old = xmlIndentTreeOutput;
    xmlIndentTreeOutput = 0;
    left_to_libxml2("no indentation", doc);
    xmlIndentTreeOutput = old;
    same_xml("indentation again", doc);
    xmlFreeDoc(doc);
    /* an attribute of no document: libxml2 writes its non-ASCII characters as references */
    doc = parse_xml("<a b='\xE4\xB8\xAD'/>");
    xmlAttrPtr attr = xmlDocGetRootElement(doc)->properties;
    attr->doc = NULL;
    left_to_libxml2("an attribute of no document", doc);
    attr->doc = doc;
    xmlFreeDoc(doc);
    /* an HTML document */
    doc = parse_html("<p>x</p>");
    left_to_libxml2("HTML document", doc);
    xmlFreeDoc(doc);
}

/* ---- HTML: crafted --------------------------------------------------------------------- */

static void html_crafted(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "<!DOCTYPE html><html lang='zh'><head><meta charset='UTF-8'><title>t</title>"
        "<style>a > b { x: \"&\" }</style><script>if (a < b && c) {}</script></head>"
        "<body><p>x</p></body></html>",
        "<!DOCTYPE html PUBLIC '-//W3C//DTD HTML 4.01//EN' 'http://www.w3.org/TR/html4/strict.dtd'>"
        "<html><body></body></html>",
        "<!DOCTYPE html SYSTEM 'about:legacy-compat'><html></html>",
        "<!DOCTYPE html SYSTEM 'x.dtd'><html></html>",
        "<html><body><div><p>a</p><p>b</p></div><div>t<span>s</span></div>"
        "<div><span>s</span>t</div><div><span>s</span><b>b</b></div></body></html>",
        "<html><body><table><tr><td>1</td><td>2</td></tr><tr><td></td><th>h</th></tr>"
        "</table><ul><li>a<li>b</ul><pre><b>x</b><i>y</i></pre><param name=a>"
        "<p><b>x</b><i>y</i></p></body></html>",
        "<html><body><br><hr><img src=' a b.png' alt='\"q\"'><input type=checkbox checked "
        "disabled=disabled value=\"it's\"><select><option selected>1<option>2</select>"
        "<textarea readonly>z</textarea><area nohref></body></html>",
        "<html><body><a href='x y#中?a=1&amp;b=\"2\"' name='n m'>l</a><a name='q r'>q</a>"
        "<form action='/a b'></form><span name='s t' href='h i'></span>"
        "<A HREF='X Y'>u</A><div SRC=' \t\nsp'></div></body></html>",
        "<html><body><p title='both \" and &apos;'>x</p><p title=\"only '\">y</p>"
        "<p title='&lt;&gt;&amp;'>z</p></body></html>",
        "<html><body>中文 \xF0\x9F\x98\x80 é &lt; &gt; &amp; \" '<!-- c --><?pi x?></body></html>",
        "<html><body><p></p><div></div><span></span><td></td><li></li><html></html>"
        "<body></body><unknown></unknown><x-y>z</x-y><P>up</P><DIV><Td>c</Td></DIV>"
        "</body></html>",
        "<p>only</p>",
        "just text",
    };
    each_parsed(docs, ARRAY_LEN(docs), true);
}

/* Trees the parser does not make: attributes with SSI and &{…}, control characters,
 * text to leave unescaped, namespaces, children of a void element, a void element with
 * text after it, a DTD among the children. */
static void html_built(void **state)
{
    (void)state;
    htmlDocPtr doc = htmlNewDoc(NULL, BAD_CAST "-//W3C//DTD HTML 4.0 Transitional//EN");
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlAddChild((xmlNodePtr)doc, html);
    xmlNodePtr body = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
    xmlNodePtr p = xmlNewChild(body, NULL, BAD_CAST "div", NULL);
    xmlNewProp(p, BAD_CAST "a", BAD_CAST "<!-- <x> & \" -->&<b>&{ x<\"y' }&{");
    xmlNewProp(p, BAD_CAST "b", BAD_CAST "<!--<>&\"-->'");
    xmlNewProp(p, BAD_CAST "c", BAD_CAST "&{&<>'\x01}\x01<!--\x02-->");
    xmlNewProp(p, BAD_CAST "d", BAD_CAST "\x01\x1F\x7F\r\n\t");
    xmlNewProp(p, BAD_CAST "href", BAD_CAST "<!-- a b -->&{c d}\x01");
    xmlNewProp(p, BAD_CAST "empty", BAD_CAST "");
    xmlNewProp(p, BAD_CAST "none", NULL);
    xmlNewProp(p, BAD_CAST "CHECKED", BAD_CAST "yes");
    xmlAddChild(p, xmlNewDocText(doc, BAD_CAST "\x01\x1F\x7F\r\n\t<&>\"'"));
    xmlAddChild(p, noenc_text(doc, "<raw>&amp;"));
    xmlNodePtr br = xmlNewChild(p, NULL, BAD_CAST "br", NULL);
    xmlNewChild(br, NULL, BAD_CAST "lost", BAD_CAST "children of a void element");
    xmlAddChild(p, xmlNewDocText(doc, BAD_CAST "after"));
    xmlNsPtr ns = xmlNewNs(html, BAD_CAST "http://www.w3.org/2000/svg", BAD_CAST "svg");
    xmlNewNs(html, BAD_CAST "urn:x", NULL);
    xmlNodePtr svg = xmlNewChild(body, ns, BAD_CAST "svg", NULL);
    xmlNewNsProp(svg, ns, BAD_CAST "href", BAD_CAST "a b");
    xmlNewChild(svg, ns, BAD_CAST "g", NULL);
    xmlNewChild(svg, NULL, BAD_CAST "p", BAD_CAST "x");
    xmlNodePtr script = xmlNewChild(body, NULL, BAD_CAST "SCRIPT", NULL);
    xmlAddChild(script, xmlNewDocText(doc, BAD_CAST "a<b&&c"));
    xmlNodePtr pre = xmlNewChild(body, NULL, BAD_CAST "pre", NULL);
    xmlNewChild(pre, NULL, BAD_CAST "div", NULL);
    xmlNewChild(pre, NULL, BAD_CAST "div", NULL);
    xmlAddChild(body, xmlNewDocComment(doc, BAD_CAST "c"));
    xmlAddChild(body, xmlNewDocPI(doc, BAD_CAST "pi", NULL));
    same_html_both("built", doc);
    xmlFreeDoc(doc);

    doc = htmlNewDocNoDtD(NULL, NULL);
    same_html_both("empty document", doc);
    xmlAddChild((xmlNodePtr)doc, xmlNewDocText(doc, BAD_CAST "top < text"));
    same_html_both("text only", doc);
    xmlFreeDoc(doc);

    doc = parse_html("<p>x</p>");
    xmlNodePtr ref = xmlNewReference(doc, BAD_CAST "&amp;");
    xmlAddChild(xmlDocGetRootElement(doc), ref);
    strbuf sb;
    sb_init(&sb);
    assert_false(html_write_doc(&sb, doc, true)); /* an entity reference: libxml2's */
    sb_free(&sb);
    xmlFreeDoc(doc);
    doc = parse_xml("<a/>");
    sb_init(&sb);
    assert_false(html_write_doc(&sb, doc, true)); /* not an HTML document */
    sb_free(&sb);
    xmlFreeDoc(doc);
}

/* ---- random trees ---------------------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void random_text(char *buf, size_t cap)
{
    static const char *const bits[] = {
        "a", "b", " ", "&", "<", ">", "\"", "'", "\n", "\r", "\t", "\x01", "\x7F", "中",
        "é", "\xF0\x9F\x98\x80", "<!--", "-->", "&{", "}", "#", "%", "/", "?", "=", "+",
        "@", "(", "~", "\\", "|", "^", "`", ";"};
    size_t len = 0, n = pick(8);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *b = bits[pick(ARRAY_LEN(bits))];
        size_t bl = strlen(b);
        if (len + bl + 1 > cap)
            break;
        memcpy(buf + len, b, bl + 1);
        len += bl;
    }
}

static const char *const names[] = {
    "div", "p", "pre", "param", "span", "a", "td", "tr", "table", "br", "img", "script",
    "style", "body", "head", "meta", "b", "li", "option", "input", "textarea", "x-foo",
    "DIV", "Td", "html", "h1", "link", "col", "embed", "basefont"};
static const char *const attrs[] = {"class", "href", "src", "action", "name", "checked",
                                    "selected", "title", "id", "HREF", "Name", "nowrap"};

static void random_children(xmlDocPtr doc, xmlNodePtr parent, xmlNsPtr ns, int depth)
{
    char text[128];
    unsigned n = depth > 6 ? 0 : pick(5);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = pick(12);
        if (k < 3) {
            random_text(text, sizeof text);
            xmlAddChild(parent, k == 0 ? noenc_text(doc, text) : xmlNewDocText(doc, BAD_CAST text));
        } else if (k == 3) {
            random_text(text, sizeof text);
            xmlAddChild(parent, xmlNewDocComment(doc, BAD_CAST text));
        } else if (k == 4) {
            xmlAddChild(parent, xmlNewDocPI(doc, BAD_CAST "pi", pick(2) ? BAD_CAST "x y" : NULL));
        } else {
            xmlNodePtr el = xmlNewDocNode(doc, ns && !pick(4) ? ns : NULL,
                                          BAD_CAST names[pick(ARRAY_LEN(names))], NULL);
            xmlAddChild(parent, el);
            for (unsigned a = pick(4); a > 0; a--) {
                random_text(text, sizeof text);
                const xmlChar *an = BAD_CAST attrs[pick(ARRAY_LEN(attrs))];
                if (!xmlHasProp(el, an))
                    xmlNewNsProp(el, ns && !pick(5) ? ns : NULL, an, pick(8) ? BAD_CAST text : NULL);
            }
            random_children(doc, el, ns, depth + 1);
        }
    }
}

static xmlDocPtr random_doc(bool html)
{
    xmlDocPtr doc = html ? htmlNewDocNoDtD(NULL, NULL) : xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST(html ? "html" : "root"), NULL);
    xmlAddChild((xmlNodePtr)doc, root);
    xmlNsPtr ns = pick(3) ? NULL : xmlNewNs(root, BAD_CAST "urn:n", BAD_CAST "n");
    if (pick(4) == 0)
        xmlNewNs(root, BAD_CAST "urn:default", NULL);
    random_children(doc, root, ns, 0);
    if (pick(3) == 0)
        xmlAddChild((xmlNodePtr)doc, xmlNewDocComment(doc, BAD_CAST "tail"));
    return doc;
}

static void random_trees(void **state)
{
    (void)state;
    for (int i = 0; i < 3000; i++) {
        char what[32];
        snprintf(what, sizeof what, "random tree %d", i);
        xmlDocPtr doc = random_doc(false);
        same_xml(what, doc);
        xmlFreeDoc(doc);
        doc = random_doc(true);
        same_html_both(what, doc);
        xmlFreeDoc(doc);
    }
}

/* ---- gfa's own documents --------------------------------------------------------------- */

static void gfa_documents(void **state)
{
    (void)state;
    size_t len = 0;
    char *xml = tu_read(tu_path("tests/golden/yangcheng-2024-unit.xml"), &len);
    assert_non_null(xml);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "instance.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    same_xml("the sample's instance", doc);
    xmlFreeDoc(doc);
    free(xml);
    char *html = tu_read(tu_path("tests/golden/yangcheng-2024-unit.html"), &len);
    assert_non_null(html);
    doc = parse_html(html);
    same_html_both("the sample's page", doc);
    xmlFreeDoc(doc);
    free(html);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xml_crafted),   cmocka_unit_test(xml_deep),
        cmocka_unit_test(xml_built),     cmocka_unit_test(xml_fallbacks),
        cmocka_unit_test(html_crafted),  cmocka_unit_test(html_built),
        cmocka_unit_test(random_trees),  cmocka_unit_test(gfa_documents),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
