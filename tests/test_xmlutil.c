/* test_xmlutil.c — the tree helpers the readers build instances with (base/xmlutil.c):
 * xml_child, xml_set and xml_set_long add elements, text and attributes without
 * xmlSetProp's lookups and keep a short value inside its text node; a tree built so must
 * be the tree libxml2's own functions build (byte for byte, as a dictionary document and
 * as one without), whatever the value's length around the 16 bytes a node holds, and
 * libxml2 must change, copy and free such a tree cleanly (run under valgrind or ASan);
 * xml_attr, xml_is and xml_is_gfa, which compare names without libxml2's calls, read a
 * tree as xmlHasProp and xmlStrEqual do. */
#include "testutil.h"
#include "base/base.h"

#include <limits.h>
#include <libxml/tree.h>

static xmlDocPtr new_doc(bool dict)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    assert_non_null(doc);
    if (dict) { /* as assemble_report makes the instance */
        doc->dict = xmlDictCreate();
        assert_non_null(doc->dict);
    }
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "report", NULL);
    xmlDocSetRootElement(doc, root);
    xmlSetNs(root, xmlNewNs(root, BAD_CAST GFA_NS, NULL));
    return doc;
}

static char *dump(xmlDocPtr doc)
{
    size_t len = 0;
    char *s = xml_serialise(doc, &len); /* xmlDocDumpFormatMemoryEnc's bytes */
    assert_non_null(s);
    return s;
}

/* A value of n bytes: digits, an escaped character, Chinese (three bytes a character, so
 * some lengths land on 15, 16 and 17), cut at a character's end. */
static void value_of(size_t n, unsigned seed, char *out)
{
    static const char *const pieces[] = {"7", "-", "&", "<", "\"", "万", "元", " ", "x", "。"};
    size_t w = 0;
    for (unsigned k = seed; w < n; k = k * 1103515245u + 12345u) {
        const char *p = pieces[(k >> 16) % (sizeof pieces / sizeof *pieces)];
        size_t len = strlen(p);
        if (w + len > n)
            p = "9", len = 1;
        memcpy(out + w, p, len);
        w += len;
    }
    out[w] = '\0';
}

static const long numbers[] = {0,       7,           -7,       10,       -10,     99,
                               1000,    123456789,   INT_MAX,  INT_MIN,  LONG_MAX, LONG_MIN,
                               INT_MAX - 1, -1000000000, 999999999999999L};

/* The same tree twice: with the helpers, and with libxml2's xmlNewTextChild, xmlSetProp and
 * snprintf; both with a dictionary and without. */
static void built_as_libxml2_builds(void **state)
{
    (void)state;
    for (int dict = 0; dict < 2; dict++) {
        xmlDocPtr ours = new_doc(dict), theirs = new_doc(dict);
        xmlNodePtr ro = xmlDocGetRootElement(ours), rt = xmlDocGetRootElement(theirs);
        char v[64], num[32];
        for (size_t n = 0; n <= 40; n++) {
            value_of(n, (unsigned)n, v);
            xmlNodePtr eo = xml_child(ro, "c", n % 3 ? v : NULL);
            xmlNodePtr et = xmlNewTextChild(rt, rt->ns, BAD_CAST "c", n % 3 ? BAD_CAST v : NULL);
            assert_non_null(eo);
            xml_set(eo, "text", v);
            xmlSetProp(et, BAD_CAST "text", BAD_CAST v);
            xml_set(eo, "none", NULL); /* no value: no attribute */
            long x = numbers[n % (sizeof numbers / sizeof *numbers)];
            x = x < LONG_MIN + 3 ? x : x - (long)(n / 15); /* (LONG_MIN itself kept) */
            assert_true(xml_set_long(eo, "line", x));
            snprintf(num, sizeof num, "%ld", x);
            xmlSetProp(et, BAD_CAST "line", BAD_CAST num);
            assert_string_equal(xml_attr(eo, "line"), num);
            assert_string_equal(xml_attr(eo, "text"), v);
            if (n % 4 == 0) { /* set again: replaced in place, not added */
                xml_set(eo, "text", "again");
                xmlSetProp(et, BAD_CAST "text", BAD_CAST "again");
                long y = x == LONG_MIN ? LONG_MAX : -x;
                assert_true(xml_set_long(eo, "line", y));
                snprintf(num, sizeof num, "%ld", y);
                xmlSetProp(et, BAD_CAST "line", BAD_CAST num);
            }
        }
        /* a value cut inside a character: as xmlSetProp has it (some versions of libxml2
         * then call the document ISO-8859-1) */
        xml_quiet_errors(true);
        xml_set(ro->last, "cut", "\xE4\xB8");
        xmlSetProp(rt->last, BAD_CAST "cut", BAD_CAST "\xE4\xB8");
        xml_quiet_errors(false);
        assert_true(ours->encoding == theirs->encoding ||
                    (ours->encoding && theirs->encoding &&
                     !strcmp((const char *)ours->encoding, (const char *)theirs->encoding)));
        char *a = dump(ours), *b = dump(theirs);
        assert_string_equal(a, b);
        free(a);
        free(b);
        xmlFreeDoc(ours);
        xmlFreeDoc(theirs);
    }
}

/* Every number as snprintf's %ld prints it, on an element of a dictionary document (the
 * helpers' own path) and on one of no document (libxml2's). */
static void numbers_as_printf(void **state)
{
    (void)state;
    xmlDocPtr doc = new_doc(true);
    xmlNodePtr in_doc = xml_child(xmlDocGetRootElement(doc), "r", NULL);
    xmlNodePtr alone = xmlNewNode(NULL, BAD_CAST "r");
    size_t nn = sizeof numbers / sizeof *numbers;
    for (size_t i = 0; i < nn + 5000; i++) {
        long v = i < nn ? numbers[i] : (long)(i * 7919 % 200003) - 100000;
        char want[32], name[8];
        snprintf(want, sizeof want, "%ld", v);
        snprintf(name, sizeof name, "a%zu", i % 7); /* new and replaced attributes */
        assert_true(xml_set_long(in_doc, name, v));
        assert_true(xml_set_long(alone, name, v));
        assert_string_equal(xml_attr(in_doc, name), want);
        assert_string_equal(xml_attr(alone, name), want);
    }
    xmlFreeNode(alone);
    xmlFreeDoc(doc);
}

/* What libxml2 does to a tree after it is built: change a value kept inside its node
 * (set, append, merge), copy it into another document, unlink and free a part, and free
 * the rest; the values read back as they should. */
static void changed_copied_freed(void **state)
{
    (void)state;
    xmlDocPtr doc = new_doc(true);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr a = xml_child(root, "amt", "1614.45");
    xml_set(a, "col", "2");
    xml_set_long(a, "line", 12);
    xmlAttrPtr col = xmlHasProp(a, BAD_CAST "col");
    xmlNodeSetContent((xmlNodePtr)col, BAD_CAST "a value longer than sixteen bytes");
    assert_string_equal(xml_attr(a, "col"), "a value longer than sixteen bytes");
    xmlNodeSetContent(a->children, BAD_CAST "3");
    xmlNodeAddContent(a, BAD_CAST " and more, past the node's own room");
    char *c = xml_content(a);
    assert_string_equal(c, "3 and more, past the node's own room");
    free(c);
    xmlNodePtr b = xml_child(root, "amt", "12");
    xmlNodeAddContent(b, BAD_CAST "34"); /* merged into the short text */
    c = xml_content(b);
    assert_string_equal(c, "1234");
    free(c);
    xmlNodePtr t = xml_child(root, "t", "短");
    xmlTextConcat(t->children, BAD_CAST "文本", (int)strlen("文本"));
    c = xml_content(t);
    assert_string_equal(c, "短文本");
    free(c);

    xmlDocPtr other = xmlNewDoc(BAD_CAST "1.0"); /* a result document, with no dictionary */
    xmlNodePtr copy = xmlDocCopyNode(root, other, 1);
    assert_non_null(copy);
    xmlDocSetRootElement(other, copy);
    char *x = dump(doc), *y = dump(other);
    assert_string_equal(x, y);
    free(x);
    free(y);
    xmlFreeDoc(other);

    xmlUnlinkNode(b);
    xmlFreeNode(b);
    xml_set(a, "line", "13"); /* replaces the short value */
    assert_string_equal(xml_attr(a, "line"), "13");
    xmlRemoveProp(xmlHasProp(a, BAD_CAST "line"));
    assert_null(xml_attr(a, "line"));
    xmlFreeDoc(doc);
}

/* xml_attr, xml_is and xml_is_gfa read as xmlHasProp and xmlStrEqual do: any namespace
 * for an attribute, the first of a name, nothing of a text node or of NULL. */
static void read_as_libxml2_reads(void **state)
{
    (void)state;
    xmlDocPtr doc = new_doc(true);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNsPtr other = xmlNewNs(root, BAD_CAST "urn:other", BAD_CAST "o");
    xmlNodePtr e = xml_child(root, "row", "text");
    xmlNodePtr f = xmlNewChild(root, other, BAD_CAST "row", NULL);
    xml_set(e, "key", "a");
    xml_set(e, "kind", "b");
    xmlNewNsProp(e, other, BAD_CAST "ns", BAD_CAST "c");
    xml_set(e, "k", "");
    static const char *const names[] = {"key", "kind", "ns", "k", "ke", "keys", "", "row"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        xmlAttrPtr a = xmlHasProp(e, BAD_CAST names[i]);
        const char *want = a && a->children ? (const char *)a->children->content : NULL;
        const char *got = xml_attr(e, names[i]);
        if (!want)
            assert_null(got);
        else
            assert_string_equal(got, want);
        assert_null(xml_attr(e->children, names[i]));
        assert_int_equal(xml_is(e, names[i]), xmlStrEqual(e->name, BAD_CAST names[i]));
        assert_int_equal(xml_is_gfa(e, names[i]), xmlStrEqual(e->name, BAD_CAST names[i]));
        assert_int_equal(xml_is(f, names[i]), xmlStrEqual(f->name, BAD_CAST names[i]));
        assert_false(xml_is_gfa(f, names[i]));
        assert_false(xml_is(e->children, names[i]));
    }
    assert_null(xml_attr(NULL, "key"));
    assert_false(xml_is(NULL, "row"));
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(built_as_libxml2_builds),
        cmocka_unit_test(numbers_as_printf),
        cmocka_unit_test(changed_copied_freed),
        cmocka_unit_test(read_as_libxml2_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
