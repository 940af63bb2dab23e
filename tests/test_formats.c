/* test_formats.c — the reader and writer tables (issue 9): a format added through the
 * tables alone (a toy reader and a toy writer built only here) converts through the one
 * pipeline; detection by content and extension; formats gfa knows but cannot read yet are
 * named instead of failing as text; unknown names are refused. */
#include "testutil.h"
#include "pipeline/pipeline.h"

#include <sys/stat.h>
#include <unistd.h>

/* ---- a toy input format: "TOY1" on the first line, then the sample's lines with cells
 * separated by '|' instead of tabs (so only this reader can make a grid of them) ---- */

static int toy_sniff(const read_input *in)
{
    return in->data && in->len >= 5 && memcmp(in->data, "TOY1\n", 5) == 0 ? 100 : 0;
}

static gfa_status toy_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                             gfa_diags *diags)
{
    /* turn it back into the text model: '|' → tab, then the shared line splitter */
    char *text = malloc(in->len + 1);
    if (!text)
        return GFA_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 5; i < in->len; i++)
        text[n++] = in->data[i] == '|' ? '\t' : in->data[i];
    text[n] = '\0';
    gfa_status st = src_doc_from_text(in->name, text, n, 100000, out, diags);
    free(text);
    if (st == GFA_OK) {
        out->encoding = "UTF-8";
        out->bytes = in->len;
        sha256_hex(in->data, in->len, out->sha256);
        /* a location that is not a line: the toy's "page" is line / 100 + 1 */
        for (size_t i = 0; i < out->count; i++) {
            char at[32];
            snprintf(at, sizeof at, "p%zu:%zu.0,0.0", i / 100 + 1, i % 100);
            out->lines[i].at = strdup(at);
        }
    }
    return st;
}

static const reader_def toy_reader = {
    .name = "toy", .extensions = ".toy", .description = "the test's toy format",
    .loc = LOC_PAGE, .sniff = toy_sniff, .to_source = toy_source,
};

/* ---- a toy output format: one line per amount, "table/row/column=value" ---- */

static void list_amounts(xmlNodePtr n, strbuf *sb)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!xmlStrcmp(n->name, BAD_CAST "amt") && n->parent && n->parent->parent &&
            n->parent->parent->parent) {
            xmlChar *v = xmlNodeGetContent(n);
            sb_addf(sb, "%s/%s/%s=%s\n", xml_attr(n->parent->parent->parent, "def"),
                    xml_attr(n->parent, "key"), xml_attr(n, "col"), (const char *)v);
            xmlFree(v);
        }
        list_amounts(n->children, sb);
    }
}

static gfa_status toy_write(const writer_env *env, gfa_report *report, char **out, size_t *len,
                            gfa_diags *diags)
{
    strbuf sb;
    sb_init(&sb);
    list_amounts(xmlDocGetRootElement(gfa_report_doc(report)), &sb);
    *len = sb.len;
    *out = sb_take(&sb);
    return *out ? GFA_OK : GFA_ERR_NOMEM;
}

static const writer_def toy_writer = {
    .name = "amounts", .extension = "amounts", .description = "the test's toy output",
    .to_memory = toy_write,
};

/* The sample rewritten in the toy format. */
static char *toy_sample(const char *dir)
{
    size_t len = 0;
    char *text = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), &len);
    assert_non_null(text);
    char *path = NULL;
    assert_true(asprintf(&path, "%s/sample.toy", dir) > 0);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("TOY1\n", f);
    for (size_t i = 0; i < len; i++)
        fputc(text[i] == '\t' ? '|' : text[i], f);
    fclose(f);
    free(text);
    return path;
}

static char *tmpdir(const char *name)
{
    char *dir = NULL;
    assert_true(asprintf(&dir, "%s/formats-%s", tu_env("GFA_TMPDIR", "/tmp"), name) > 0);
    mkdir(tu_env("GFA_TMPDIR", "/tmp"), 0755);
    mkdir(dir, 0755);
    return dir;
}

static void toy_reader_and_writer_through_the_tables(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    assert_int_equal(reader_register(ctx, &toy_reader), GFA_OK);
    assert_int_equal(writer_register(ctx, &toy_writer), GFA_OK);
    assert_int_equal(reader_register(ctx, &toy_reader), GFA_ERR_USAGE); /* a name once */
    char *dir = tmpdir("toy");
    char *input = toy_sample(dir);

    /* detected by its content, written by the toy writer and the instance writer */
    gfa_pipeline_options opt = {.to = "amounts,xml"};
    gfa_pipeline *p = gfa_pipeline_new(ctx, NULL, NULL, &opt, d);
    assert_non_null(p);
    assert_int_equal(gfa_pipeline_outputs(p), 2);
    char *outs[2];
    assert_true(asprintf(&outs[0], "%s/out.amounts", dir) > 0);
    assert_true(asprintf(&outs[1], "%s/out.xml", dir) > 0);
    gfa_outcome *o = NULL;
    assert_int_equal(gfa_pipeline_run(p, input, (const char *const *)outs, NULL, &o, d), GFA_OK);
    assert_int_equal(gfa_outcome_status_of(o), GFA_OUTCOME_ACCEPTED);
    assert_string_equal(gfa_outcome_format(o), "toy");
    assert_string_equal(gfa_outcome_entity(o), "阳城县人民政府办公室");

    /* the toy reader read the same tables as the text reader: the same amounts */
    gfa_report *text = NULL;
    assert_int_equal(gfa_report_read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), &text, d),
                     GFA_OK);
    char *want = NULL, *got = NULL;
    size_t wlen = 0, glen = 0;
    assert_int_equal(toy_write(NULL, text, &want, &wlen, d), GFA_OK);
    got = tu_read(outs[0], &glen);
    assert_non_null(got);
    assert_true(wlen > 1000);
    assert_string_equal(got, want);

    /* its locations are pages: every element with a line got an @at from the reader (the
     * first table's title is on line 77: page 1, 76) */
    gfa_report *back = NULL;
    assert_int_equal(gfa_report_read_file(ctx, outs[1], &back, d), GFA_OK);
    assert_xpath(gfa_report_doc(back), "string(//g:source/@format)", "toy");
    assert_xpath(gfa_report_doc(back), "string(count(//g:amt[not(@at)]))", "0");
    assert_xpath(gfa_report_doc(back), "string(//g:table[1]/@at)", "p1:76.0,0.0");
    assert_int_equal(gfa_report_check_schema(ctx, back, d), GFA_OK);

    /* forced by name, it also reads a file without its extension or magic */
    gfa_report *forced = NULL;
    assert_int_equal(gfa_report_read_file_as(ctx, input, "text", &forced, d), GFA_OK);
    assert_xpath(gfa_report_doc(forced), "string(count(//g:table//g:amt))", "0");
    gfa_report_free(forced);

    gfa_report_free(back);
    gfa_report_free(text);
    free(want);
    free(got);
    free(outs[0]);
    free(outs[1]);
    gfa_outcome_free(o);
    gfa_pipeline_free(p);
    free(input);
    free(dir);
    gfa_context_free(ctx);
    gfa_diags_free(d);
}

static bool has_diag(const gfa_diags *d, const char *id, const char *text)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        if (!strcmp(gfa_diag_id(gfa_diags_at(d, i)), id) &&
            strstr(gfa_diag_message(gfa_diags_at(d, i)), text))
            return true;
    return false;
}

static void known_formats_are_named_not_decoded(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
#define BYTES(s) s, sizeof s - 1
    static const struct {
        const char *name, *bytes;
        size_t len;
        const char *format;
    } cases[] = {
        /* the length of each literal, its terminating NUL left out (a reader may read
         * every byte it is given) */
        {"b.docx", BYTES("PK\x03\x04....word/document.xml"), "word"},
        {"page.html", BYTES("<!DOCTYPE html><html><body>x</body></html>"), "html"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        gfa_diags_clear(d);
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, cases[i].name, cases[i].bytes, cases[i].len,
                                                &r, d),
                         GFA_ERR_INPUT);
        assert_null(r);
        char want[64];
        snprintf(want, sizeof want, "cannot read %s files yet", cases[i].format);
        if (!has_diag(d, "GFA-READ-004", want))
            fail_msg("%s: expected '%s'", cases[i].name, want);
    }
    /* workbooks are read by their readers (issue 14): these are damaged ones */
    static const struct {
        const char *name, *bytes;
        size_t len;
        const char *id;
    } books[] = {
        {"b.xlsx", BYTES("PK\x03\x04....[Content_Types].xml xl/workbook.xml"), "GFA-BOOK-001"},
        {"b.xls", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....W\0o\0r\0k\0b\0o\0o\0k\0"),
         "GFA-BOOK-030"},
    };
    for (size_t i = 0; i < ARRAY_LEN(books); i++) {
        gfa_diags_clear(d);
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, books[i].name, books[i].bytes, books[i].len,
                                                &r, d),
                         GFA_ERR_INPUT);
        assert_null(r);
        if (!has_diag(d, books[i].id, ""))
            fail_msg("%s: expected %s", books[i].name, books[i].id);
    }
    /* a PDF goes to the PDF reader (by content, whatever its name), which says what is
     * wrong with these two (tests/test_pdf.c has the rest) */
    static const struct {
        const char *name, *bytes;
        size_t len;
    } pdfs[] = {
        {"r.pdf", BYTES("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj")},
        {"noext", BYTES("%PDF-1.4\nxx")},
    };
    bool built_without = strcmp(tu_env("GFA_PDF", "yes"), "no") == 0;
    for (size_t i = 0; i < ARRAY_LEN(pdfs); i++) {
        gfa_diags_clear(d);
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, pdfs[i].name, pdfs[i].bytes, pdfs[i].len,
                                                &r, d),
                         GFA_ERR_INPUT);
        assert_null(r);
        if (!(built_without ? has_diag(d, "GFA-PDF-005", "built without PDF support")
                            : has_diag(d, "GFA-PDF-002", "broken PDF")))
            fail_msg("%s: the PDF reader did not say why it cannot read it", pdfs[i].name);
    }
    /* an unknown reader name is a usage error that names it */
    gfa_diags_clear(d);
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory_as(ctx, "x", "nosuch", "abc", 3, &r, d), GFA_ERR_USAGE);
    assert_true(has_diag(d, "GFA-READ-003", "nosuch"));
    gfa_pipeline_options opt = {.to = "xml,nosuchwriter"};
    gfa_diags_clear(d);
    assert_null(gfa_pipeline_new(ctx, NULL, NULL, &opt, d));
    assert_true(has_diag(d, "GFA-PIPE-001", "nosuchwriter"));
    gfa_pipeline_options opt2 = {.to = "html"};
    gfa_diags_clear(d);
    assert_null(gfa_pipeline_new(ctx, NULL, NULL, &opt2, d)); /* html without a renderer */
    assert_true(has_diag(d, "GFA-PIPE-002", "html"));
    gfa_context_free(ctx);
    gfa_diags_free(d);
#undef BYTES
}

/* The public listing is the tables' content. */
static void the_tables_are_listed(void **state)
{
    (void)state;
    const char *name, *ext, *desc;
    int readable, nreaders = 0, nwriters = 0, text = 0, pdf = 0;
    for (size_t i = 0; gfa_reader_info(i, &name, &ext, &desc, &readable); i++, nreaders++) {
        text |= !strcmp(name, "text") && readable;
        pdf |= !strcmp(name, "pdf") && readable;
    }
    int books = 0;
    for (size_t i = 0; gfa_reader_info(i, &name, &ext, &desc, &readable); i++)
        books += (!strcmp(name, "xlsx") || !strcmp(name, "xls") || !strcmp(name, "csv")) && readable;
    for (size_t i = 0; gfa_writer_info(i, &name, &ext, &desc); i++) {
        nwriters++;
        books += !strcmp(name, "xlsx") || !strcmp(name, "csv");
    }
    assert_true(text);
    assert_true(pdf);
    assert_true(nreaders >= 2);
    assert_true(nwriters >= 7); /* xml, html, text, xlsx, csv and the review pages, at least */
    assert_int_equal(books, 5); /* issue 14: XLSX, XLS, CSV read; XLSX, CSV written */
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(toy_reader_and_writer_through_the_tables),
        cmocka_unit_test(known_formats_are_named_not_decoded),
        cmocka_unit_test(the_tables_are_listed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
