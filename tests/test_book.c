/* test_book.c — workbooks in and out (issue 14): the CSV reader (quoting, line breaks, BOM,
 * GB18030, CRLF, tabs, the metadata file), numbers as the sheet shows them, the XLSX reader
 * on workbooks made here (shared and inline strings, merged cells, numbers as text, binary
 * doubles, formulas, hidden rows and sheets, macros), hostile workbooks (zip bombs,
 * corrupt and encrypted containers, DOCTYPEs), bad input named by sheet and cell, the
 * writers (blank, 0 and —— distinct, codes as text, atomic folders), lossless round trips
 * of the sample and of every report of the reader corpus, and LibreOffice: it opens the
 * XLSX with the same values, and its XLS is read back. */
#include "testutil.h"
#include "read/read.h"
#include "write/write.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* ------------------------------------------------------------ helpers --- */

static char *tmp_path(const char *name)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/book.%d.%s", tu_env("GFA_TMPDIR", "/tmp"), (int)getpid(), name) > 0);
    return p;
}

static void rm_rf(const char *path)
{
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "rm -rf '%s'", path) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static bool has_diag_at(const gfa_diags *d, const char *id, const char *location)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), id) && (!location || !strcmp(gfa_diag_location(x), location)))
            return true;
    }
    return false;
}

#define assert_diag(d, id, location)                                                        \
    do {                                                                                    \
        if (!has_diag_at((d), (id), (location))) {                                          \
            tu_print_diags(d);                                                              \
            fail_msg("expected %s at %s", (id), (location) ? (location) : "(anywhere)");   \
        }                                                                                   \
    } while (0)

/* A zip of named parts, written with libzip; its bytes (caller frees). */
static char *make_zip(const char *const *names, const char *const *parts, size_t n,
                      size_t *len)
{
    char *path = tmp_path("zip");
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i], strlen(parts[i]), 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    char *data = tu_read(path, len);
    assert_non_null(data);
    unlink(path);
    free(path);
    return data;
}

static const char content_types[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"/>";
static const char root_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
#define SHEET_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
                 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* A workbook of sheets (name, XML) with optional shared strings and styles; extra parts
 * too (name, XML). */
static char *make_xlsx(const char *const *sheet_names, const char *const *sheets, size_t n,
                       const char *sst, const char *styles, const char *extra_name,
                       const char *extra, size_t *len)
{
    const char *names[32], *parts[32];
    size_t k = 0;
    char *wb = NULL, *rels = NULL, *sheet_parts[8] = {0};
    names[k] = "[Content_Types].xml";
    parts[k++] = content_types;
    names[k] = "_rels/.rels";
    parts[k++] = root_rels;
    char list[4096] = "", rlist[4096] = "";
    for (size_t i = 0; i < n; i++) {
        char one[512];
        const char *state = strstr(sheet_names[i], "(hidden)") ? " state=\"hidden\"" : "";
        snprintf(one, sizeof one, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rS%zu\"%s/>",
                 sheet_names[i], i + 1, i + 1, state);
        strcat(list, one);
        snprintf(one, sizeof one,
                 "<Relationship Id=\"rS%zu\" Type=\"http://schemas.openxmlformats.org/"
                 "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
                 i + 1, i + 1);
        strcat(rlist, one);
        assert_true(asprintf(&sheet_parts[i], "xl/worksheets/sheet%zu.xml", i + 1) > 0);
        names[k] = sheet_parts[i];
        parts[k++] = sheets[i];
    }
    assert_true(asprintf(&wb, "<?xml version=\"1.0\"?><workbook " SHEET_NS "><sheets>%s</sheets></workbook>",
                         list) > 0);
    assert_true(asprintf(&rels,
                         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
                         "openxmlformats.org/package/2006/relationships\">%s"
                         "<Relationship Id=\"rSST\" Type=\"http://schemas.openxmlformats.org/"
                         "officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                         "<Relationship Id=\"rSTY\" Type=\"http://schemas.openxmlformats.org/"
                         "officeDocument/2006/relationships/styles\" Target=\"/xl/styles.xml\"/>"
                         "</Relationships>",
                         rlist) > 0);
    names[k] = "xl/workbook.xml";
    parts[k++] = wb;
    names[k] = "xl/_rels/workbook.xml.rels";
    parts[k++] = rels;
    if (sst) {
        names[k] = "xl/sharedStrings.xml";
        parts[k++] = sst;
    }
    if (styles) {
        names[k] = "xl/styles.xml";
        parts[k++] = styles;
    }
    if (extra_name) {
        names[k] = extra_name;
        parts[k++] = extra;
    }
    char *data = make_zip(names, parts, k, len);
    free(wb);
    free(rels);
    for (size_t i = 0; i < n; i++)
        free(sheet_parts[i]);
    return data;
}

/* The line/cell model of bytes read by a reader. */
static gfa_status source_of(const gfa_context *ctx, gfa_status (*fn)(const gfa_context *,
                                                                      const read_input *,
                                                                      src_doc *, gfa_diags *),
                            const char *name, const char *data, size_t len, const char *path,
                            bool folder, src_doc *out, gfa_diags *d)
{
    read_input in = {.name = name, .path = path, .data = data, .len = len, .folder = folder};
    return fn(ctx, &in, out, d);
}

/* The first line whose text is t, or NULL. */
static const src_line *find_line(const src_doc *s, const char *t)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->lines[i].trimmed, t))
            return &s->lines[i];
    return NULL;
}

/* An instance in a comparable form: elements, their attributes (but @line, @endLine,
 * @pos, @at: where they were read from) and texts; the source block out; row keys that
 * hold a line number (r12_1) as rN. */
static void canonical(xmlNodePtr n, strbuf *sb)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            char *t = (char *)xmlNodeGetContent(n);
            char *trimmed = text_trim(t, strlen(t));
            if (*trimmed)
                sb_adds(sb, trimmed);
            free(trimmed);
            xmlFree(t);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || !xmlStrcmp(n->name, BAD_CAST "source"))
            continue;
        sb_addf(sb, "<%s", (const char *)n->name);
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            if (!strcmp(an, "line") || !strcmp(an, "endLine") || !strcmp(an, "pos") ||
                !strcmp(an, "at"))
                continue;
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            const char *vs = (const char *)v;
            bool rkey = !strcmp(an, "key") && vs[0] == 'r' && vs[1] >= '0' && vs[1] <= '9';
            sb_addf(sb, " %s=\"%s\"", an, rkey ? "rN" : vs);
            xmlFree(v);
        }
        sb_addc(sb, '>');
        canonical(n->children, sb);
        sb_addf(sb, "</%s>\n", (const char *)n->name);
    }
}

static char *canon_of(gfa_report *r)
{
    strbuf sb;
    sb_init(&sb);
    canonical(xmlDocGetRootElement(gfa_report_doc(r)), &sb);
    return sb_take(&sb);
}

static void assert_same_instance(gfa_report *a, gfa_report *b, const char *what)
{
    char *x = canon_of(a), *y = canon_of(b);
    if (strcmp(x, y) != 0) {
        size_t i = 0, line = 1;
        while (x[i] && x[i] == y[i])
            line += x[i++] == '\n';
        size_t from = i > 200 ? i - 200 : 0;
        fail_msg("%s: instances differ at element %zu:\n--- first\n%.400s\n--- second\n%.400s",
                 what, line, x + from, y + from);
    }
    free(x);
    free(y);
}

static gfa_report *read_file(const gfa_context *ctx, const char *path, gfa_diags *d)
{
    gfa_report *r = NULL;
    gfa_status st = gfa_report_read_file(ctx, path, &r, d);
    if (st != GFA_OK) {
        tu_print_diags(d);
        fail_msg("%s: not read (%s)", path, gfa_status_name(st));
    }
    return r;
}

/* -------------------------------------------------------------- numbers --- */

static void numbers_as_the_sheet_shows_them(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *fmt, *shown;
        book_num st;
    } cases[] = {
        {1614.45, "0.00", "1614.45", BOOK_NUM_OK},
        {0.1 + 0.2, "0.00", "0.30", BOOK_NUM_BINARY},
        {0.1 + 0.2, "General", "0.3", BOOK_NUM_BINARY},
        {1614.456, "0.00", "1614.46", BOOK_NUM_HIDDEN},
        {2.675, "0.00", "2.68", BOOK_NUM_HIDDEN}, /* the double is 2.67499…: Excel shows 2.68 */
        {1234567.5, "#,##0.00", "1,234,567.50", BOOK_NUM_OK},
        {-3.5, "0.00;(0.00)", "(3.50)", BOOK_NUM_OK},
        {-3.5, "0.00", "-3.50", BOOK_NUM_OK},
        {0.5, "0%", "50%", BOOK_NUM_OK},
        {0.1234, "0.00%", "12.34%", BOOK_NUM_OK},
        {100, "0.00", "100.00", BOOK_NUM_OK},
        {100, "General", "100", BOOK_NUM_OK},
        {1e-7, "General", "0.0000001", BOOK_NUM_OK},
        {1e20, "General", "100000000000000000000", BOOK_NUM_OK},
        {-0.0, "0.00", "0.00", BOOK_NUM_OK},
        {0.004, "0.00", "0.00", BOOK_NUM_HIDDEN},
        {1614.45, "\"¥\"#,##0.00_);[Red]\\(\"¥\"#,##0.00\\)", "1,614.45", BOOK_NUM_OK},
        {-1614.45, "\"¥\"#,##0.00_);[Red]\\(\"¥\"#,##0.00\\)", "(1,614.45)", BOOK_NUM_OK},
        {45291, "yyyy-mm-dd", "45291", BOOK_NUM_OK},
        {12345.678, "0.0E+00", "12345.678", BOOK_NUM_OK},
        {9007199254740993.0, "0", "9007199254740990", BOOK_NUM_BINARY},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        book_numfmt f;
        book_numfmt_parse(cases[i].fmt, &f);
        char out[80];
        book_num st = book_number_text(cases[i].v, &f, out, sizeof out);
        if (strcmp(out, cases[i].shown) != 0 || st != cases[i].st)
            fail_msg("%.17g with %s: got '%s' (%d), expected '%s' (%d)", cases[i].v,
                     cases[i].fmt, out, st, cases[i].shown, cases[i].st);
    }
    book_numfmt f;
    book_numfmt_builtin(4, &f);
    assert_int_equal(f.decimals, 2);
    assert_true(f.grouping);
    book_numfmt_builtin(0, &f);
    assert_int_equal(f.decimals, -1);
    char ref[16];
    book_cell_ref(11, 3, ref, sizeof ref);
    assert_string_equal(ref, "D12");
    book_cell_ref(0, 16383, ref, sizeof ref);
    assert_string_equal(ref, "XFD1");
    book_cell_ref(0, 26, ref, sizeof ref);
    assert_string_equal(ref, "AA1");
    char *at = book_location("a!b", 0, 0);
    assert_string_equal(at, "'a!b'!A1");
    free(at);
    at = book_location("it's", 4, 1);
    assert_string_equal(at, "it's!B5");
    free(at);
}

/* ---------------------------------------------------------------- CSV --- */

static char *csv_folder(const char *const *names, const char *const *contents, size_t n)
{
    char *dir = tmp_path("csv");
    rm_rf(dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < n; i++) {
        char *p = NULL;
        assert_true(asprintf(&p, "%s/%s", dir, names[i]) > 0);
        write_bytes(p, contents[i], strlen(contents[i]));
        free(p);
    }
    return dir;
}

static void csv_reader(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    const char *names[] = {"10-second.csv", "2-first.csv", "报表信息.csv", "3-tabs.tsv",
                           "4-gbk.csv", "notes.txt"};
    const char *files[] = {
        /* BOM, CRLF, quoting, a line break in a grid cell, an escaped formula */
        "\xEF\xBB\xBFx,\"a,b\",\"say \"\"hi\"\"\",\r\n\"one\r\ntwo\",\"3\nfour\"\r\n\"'=SUM(A1)\",\"'x\"\r\n",
        "first line\nunterminated,\"quote\n",
        "单位名称,测试单位\n年度,2024年\n决算类型,部门决算\n金额单位,万元\n单位代码,12\n",
        "a\tb\tc\n",
        "\xB9\xAB\xBF\xAA" ",1\n", /* 公开 in GB18030 */
        "not a CSV file: ignored\n",
    };
    char *dir = csv_folder(names, files, ARRAY_LEN(names));
    src_doc s;
    assert_int_equal(source_of(ctx, read_csv_source, dir, NULL, 0, dir, true, &s, d), GFA_OK);
    /* files in name order, numbers as numbers: 2 before 10 */
    const src_line *l = find_line(&s, "first line");
    assert_non_null(l);
    assert_true(l->whole);
    assert_string_equal(l->at, "2-first.csv!A1");
    const src_line *g = NULL;
    for (size_t i = 0; i < s.count && !g; i++)
        if (s.lines[i].grid && !strcmp(src_cell_text(&s.lines[i], 0), "x"))
            g = &s.lines[i];
    assert_non_null(g);
    assert_true(g > l);
    assert_int_equal(g->ncells, 4);
    assert_string_equal(src_cell_text(g, 1), "a,b");
    assert_string_equal(src_cell_text(g, 2), "say \"hi\"");
    assert_string_equal(src_cell_text(g, 3), "");
    assert_string_equal(g->cells[2].at, "10-second.csv!C1");
    /* a line break inside a grid cell is a space; a text of one field is lines */
    const src_line *two = g + 1;
    assert_true(two->grid);
    assert_string_equal(src_cell_text(two, 0), "one two");
    assert_string_equal(src_cell_text(two, 1), "3 four");
    const src_line *f = two + 1;
    assert_string_equal(src_cell_text(f, 0), "=SUM(A1)");
    assert_string_equal(src_cell_text(f, 1), "'x");
    /* an unterminated quote takes the rest of the file, with a warning */
    assert_diag(d, "GFA-BOOK-021", "2-first.csv!B2");
    /* tabs in a .tsv, GB18030 decoded */
    assert_non_null(find_line(&s, "a\tb\tc"));
    assert_non_null(find_line(&s, "公开\t1"));
    /* the metadata file */
    assert_non_null(s.meta);
    assert_string_equal(s.meta->value[BOOK_ENTITY], "测试单位");
    assert_string_equal(s.meta->value[BOOK_YEAR], "2024");
    assert_string_equal(s.meta->value[BOOK_SCOPE], "department");
    assert_string_equal(s.meta->value[BOOK_UNIT], "万元");
    assert_null(s.meta->value[BOOK_UNIT_CODE]);
    assert_diag(d, "GFA-BOOK-013", "报表信息.csv!B5"); /* 12 is no unit code */
    assert_string_equal(s.format, "csv");
    assert_string_equal(s.encoding, "mixed");
    src_doc_free(&s);
    rm_rf(dir);
    free(dir);

    /* a missing field, no metadata file, no CSV file */
    gfa_diags_clear(d);
    const char *n2[] = {"metadata.csv", "1-t.csv"};
    const char *f2[] = {"entity,x\nyear,2024\nscope,unit\n", "a,b\n"};
    dir = csv_folder(n2, f2, 2);
    assert_int_equal(source_of(ctx, read_csv_source, dir, NULL, 0, dir, true, &s, d), GFA_OK);
    assert_diag(d, "GFA-BOOK-012", "metadata.csv!A4"); /* unit */
    src_doc_free(&s);
    rm_rf(dir);
    free(dir);
    gfa_diags_clear(d);
    dir = csv_folder(n2 + 1, f2 + 1, 1);
    assert_int_equal(source_of(ctx, read_csv_source, dir, NULL, 0, dir, true, &s, d), GFA_OK);
    assert_true(tu_has_diag(d, "GFA-BOOK-015"));
    src_doc_free(&s);
    rm_rf(dir);
    free(dir);
    gfa_diags_clear(d);
    dir = csv_folder(names + 5, files + 5, 1);
    assert_int_equal(source_of(ctx, read_csv_source, dir, NULL, 0, dir, true, &s, d),
                     GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-BOOK-022"));
    rm_rf(dir);
    free(dir);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* --------------------------------------------------------------- XLSX --- */

static const char styles_xml[] =
    "<?xml version=\"1.0\"?><styleSheet " SHEET_NS "><numFmts count=\"1\">"
    "<numFmt numFmtId=\"164\" formatCode=\"#,##0.00\"/></numFmts><cellXfs count=\"3\">"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"2\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";

static void xlsx_cells(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    const char *sst =
        "<?xml version=\"1.0\"?><sst " SHEET_NS "><si><t>共享</t></si>"
        "<si><r><t>富</t></r><r><t>文本</t></r><rPh sb=\"0\" eb=\"1\"><t>ふり</t></rPh></si>"
        "<si><t>a_x000D_b</t></si><si><t xml:space=\"preserve\">  1,614.45 </t></si></sst>";
    const char *sheet =
        "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><cols><col min=\"5\" max=\"5\" hidden=\"1\"/></cols>"
        "<sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>内联</t></is></c>"
        "<c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>1614.45</v></c><c r=\"B3\" s=\"1\"><v>0.30000000000000004</v></c>"
        "<c r=\"C3\" s=\"2\"><v>1234567.5</v></c><c r=\"D3\" t=\"s\"><v>3</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"1\"><f>SUM(A3:A3)</f><v>1614.45</v></c><c r=\"B4\" s=\"1\"/>"
        "<c r=\"C4\" t=\"str\"><f>\"x\"</f><v>x</v></c></row>"
        "<row r=\"5\" hidden=\"1\"><c r=\"A5\" t=\"inlineStr\"><is><t>hidden</t></is></c><c r=\"B5\"><v>1</v></c></row>"
        "<row r=\"6\"><c r=\"F6\" t=\"inlineStr\"><is><t>f</t></is></c><c r=\"A6\" t=\"inlineStr\"><is><t>a</t></is></c>"
        "<c r=\"E6\" t=\"inlineStr\"><is><t>hidden col</t></is></c></row>"
        "<row r=\"8\"><c r=\"A8\" t=\"inlineStr\"><is><t>合并标题</t></is></c><c r=\"B8\" s=\"1\"/><c r=\"C8\" s=\"1\"/></row>"
        "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"B9\" s=\"1\"/></row>"
        "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A8:C8\"/></mergeCells></worksheet>";
    const char *hidden = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                         "<c r=\"A1\" t=\"inlineStr\"><is><t>secret</t></is></c></row></sheetData></worksheet>";
    const char *names[] = {"数据", "秘密(hidden)"};
    const char *sheets[] = {sheet, hidden};
    size_t len = 0;
    char *data = make_xlsx(names, sheets, 2, sst, styles_xml, "xl/vbaProject.bin", "macros",
                           &len);
    src_doc s;
    gfa_status st = source_of(ctx, read_xlsx_source, "t.xlsm", data, len, NULL, false, &s, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    const src_line *l = find_line(&s, "共享");
    assert_non_null(l);
    assert_false(l->grid);
    assert_string_equal(l->at, "数据!A1");
    l = find_line(&s, "内联\t富文本\ta b");
    assert_non_null(l); /* rich text joined, phonetic run left out, _x000D_ decoded */
    l = find_line(&s, "1614.45\t0.30\t1,234,567.50\t  1,614.45");
    assert_non_null(l); /* numbers as their formats show them; a number stored as text */
    assert_string_equal(src_cell_text(l, 3), "1,614.45");
    assert_string_equal(l->cells[1].at, "数据!B3");
    assert_diag(d, "GFA-BOOK-006", "数据!B3");
    l = find_line(&s, "1614.45\t\tx");
    assert_non_null(l); /* formulas: their cached values; a formatted empty cell is there */
    assert_null(find_line(&s, "hidden"));
    l = find_line(&s, "a\t\t\t\tf");
    assert_non_null(l); /* column E is hidden: F is the fifth cell shown */
    assert_string_equal(l->cells[4].at, "数据!F6");
    l = find_line(&s, "合并标题");
    assert_non_null(l);
    assert_false(l->grid); /* a title merged across its row is a line of text */
    l = find_line(&s, "x");
    assert_non_null(l);
    assert_true(l->grid);
    assert_null(find_line(&s, "secret"));
    assert_true(tu_has_diag(d, "GFA-BOOK-008")); /* hidden row, column, sheet */
    assert_true(tu_has_diag(d, "GFA-BOOK-009")); /* macros ignored */
    src_doc_free(&s);
    free(data);

    /* a formula without a cached value: an error naming the cell, never evaluated */
    gfa_diags_clear(d);
    const char *f = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"2\">"
                    "<c r=\"A2\"><v>1</v></c><c r=\"C2\"><f>A2*2</f></c></row></sheetData></worksheet>";
    const char *fn[] = {"公式"};
    data = make_xlsx(fn, &f, 1, NULL, NULL, NULL, NULL, &len);
    assert_int_equal(source_of(ctx, read_xlsx_source, "f.xlsx", data, len, NULL, false, &s, d),
                     GFA_ERR_INPUT);
    assert_diag(d, "GFA-BOOK-005", "公式!C2");
    free(data);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* A table as finance software exports it: title merged across, captions in cells of the
 * title row's width, the header, rows; a table per sheet or two one under another; a sheet
 * whose name is the title; the metadata sheet. */
static void xlsx_tables(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
#define IS(ref, t) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" t "</t></is></c>"
#define NUM(ref, v) "<c r=\"" ref "\" s=\"1\"><v>" v "</v></c>"
#define BL(ref) "<c r=\"" ref "\" s=\"1\"/>"
#define GK08_HEADER(a, b, c)                                                               \
    "<row r=\"" a "\">" IS("A" a, "项目") BL("B" a) IS("C" a, "本年支出") BL("D" a) BL("E" a) "</row>" \
    "<row r=\"" b "\">" IS("A" b, "科目代码") IS("B" b, "科目名称") IS("C" b, "合计")           \
    IS("D" b, "基本支出") IS("E" b, "项目支出") "</row>"                                         \
    "<row r=\"" c "\">" IS("A" c, "栏次") BL("B" c) IS("C" c, "1") IS("D" c, "2") IS("E" c, "3") "</row>"
    const char *gk08 =
        "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>"
        "<row r=\"1\">" IS("A1", "国有资本经营预算财政拨款支出决算表") BL("B1") BL("C1") BL("D1") BL("E1") "</row>"
        "<row r=\"2\">" IS("E2", "公开08表") "</row>"
        "<row r=\"3\">" IS("A3", "部门名称：测试单位") BL("B3") BL("C3") BL("D3") IS("E3", "金额单位：万元") "</row>"
        GK08_HEADER("4", "5", "6")
        "<row r=\"7\">" IS("A7", "合计") BL("B7") NUM("C7", "10") IS("D7", "十") BL("E7") "</row>"
        "<row r=\"8\">" IS("A8", "2080505") IS("B8", "机关事业单位基本养老保险缴费支出") NUM("C8", "10")
        NUM("D8", "10") BL("E8") "</row>"
        "<row r=\"10\">" IS("A10", "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。") "</row>"
        "</sheetData><mergeCells><mergeCell ref=\"A1:E1\"/></mergeCells></worksheet>";
    const char *untitled = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>"
        GK08_HEADER("1", "2", "3")
        "<row r=\"4\">" IS("A4", "合计") BL("B4") NUM("C4", "1.5") BL("D4") NUM("E4", "1.5") "</row>"
        "</sheetData></worksheet>";
    const char *two = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>"
        "<row r=\"1\">" IS("A1", "国有资本经营预算财政拨款支出决算表") "</row>"
        GK08_HEADER("2", "3", "4")
        "<row r=\"5\">" IS("A5", "合计") BL("B5") NUM("C5", "2") BL("D5") BL("E5") "</row>"
        "<row r=\"7\">" IS("A7", "某某情况统计表") "</row>"
        "<row r=\"8\">" IS("A8", "甲") IS("B8", "乙") "</row>"
        "<row r=\"9\">" IS("A9", "x") NUM("B9", "3") "</row>"
        "</sheetData></worksheet>";
    const char *meta = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>"
        "<row r=\"1\">" IS("A1", "单位名称") IS("B1", "测试单位") "</row>"
        "<row r=\"2\">" IS("A2", "年度") NUM("B2", "2024") "</row>"
        "<row r=\"3\">" IS("A3", "决算类型") IS("B3", "单位决算") "</row>"
        "<row r=\"4\">" IS("A4", "金额单位") IS("B4", "万元") "</row>"
        "<row r=\"5\">" IS("A5", "预算单位代码") IS("B5", "123456") "</row>"
        "</sheetData></worksheet>";
    const char *names[] = {"报表信息", "公开08", "国有资本经营预算财政拨款支出决算表", "两表"};
    const char *sheets[] = {meta, gk08, untitled, two};
    size_t len = 0;
    char *data = make_xlsx(names, sheets, 4, NULL, styles_xml, NULL, NULL, &len);
    gfa_report *r = NULL;
    gfa_status st = gfa_report_read_memory(ctx, "t.xlsx", data, len, &r, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    xmlDocPtr doc = gfa_report_doc(r);
    assert_xpath(doc, "count(//g:table[@def='gk08'])", "3");
    assert_xpath(doc, "string(//g:table[1]/@number)", "公开08");
    assert_xpath(doc, "string(//g:table[1]/g:part/g:row[@key='2080505']/g:amt[@col='total'])", "10.00");
    assert_xpath(doc, "string(//g:table[1]/g:part/g:row[@key='2080505']/g:amt[@col='total']/@at)", "公开08!C8");
    assert_xpath(doc, "string(//g:table[1]/g:caption[@field='unit'])", "金额单位：万元");
    assert_xpath(doc, "string(//g:table[2]/g:title)", "国有资本经营预算财政拨款支出决算表");
    assert_xpath(doc, "string(//g:table[2]/g:part/g:row[@key='total']/g:amt[@col='project'])", "1.50");
    assert_xpath(doc, "string(//g:table[4]/@def)", "unknown");
    assert_xpath(doc, "string(//g:header/g:entity/@name)", "测试单位");
    assert_xpath(doc, "string(//g:header/g:entity/@unitCode)", "123456");
    assert_xpath(doc, "string(//g:header/g:entity/@scope)", "unit");
    assert_xpath(doc, "string(//g:header/g:period/@year)", "2024");
    assert_xpath(doc, "string(//g:header/g:source/@format)", "xlsx");
    /* bad input named by sheet and cell, as errors */
    assert_diag(d, "GFA-READ-023", "公开08!D7"); /* 十 where an amount is expected */
    assert_diag(d, "GFA-READ-027", "两表!A8");   /* a table no definition describes */
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), "GFA-READ-023") || !strcmp(gfa_diag_id(x), "GFA-READ-027"))
            assert_int_equal(gfa_diag_severity(x), GFA_SEV_ERROR);
    }
    assert_int_equal(gfa_report_check_schema(ctx, r, d), GFA_OK);
    gfa_report_free(r);
    free(data);
    gfa_diags_free(d);
    gfa_context_free(ctx);
#undef IS
#undef NUM
#undef BL
#undef GK08_HEADER
}

/* ----------------------------------------------------------- hostile --- */

static void hostile_workbooks(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    const char *plain = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                        "<c r=\"A1\" t=\"inlineStr\"><is><t>2024年度单位决算</t></is></c></row>"
                        "</sheetData></worksheet>";
    const char *name[] = {"S"};
    size_t len = 0;

    /* a zip bomb: 4 MB of blanks in a sheet compress a thousandfold */
    size_t big = 4u << 20;
    char *bomb = malloc(big + 200);
    assert_non_null(bomb);
    int k = snprintf(bomb, 200, "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>");
    memset(bomb + k, ' ', big);
    strcpy(bomb + k + big, "</sheetData></worksheet>");
    const char *bs[] = {bomb};
    char *data = make_xlsx(name, bs, 1, NULL, NULL, NULL, NULL, &len);
    assert_true(len < 100000);
    assert_int_equal(gfa_report_read_memory(ctx, "bomb.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-009"));
    free(data);
    free(bomb);

    /* the decompressed bytes and the entries of a workbook are limited too */
    gfa_context *small = tu_context();
    const char *ps[] = {plain};
    data = make_xlsx(name, ps, 1, NULL, NULL, NULL, NULL, &len);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_BYTES, 300), GFA_OK);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "b.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-008"));
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_BYTES, 1 << 20), GFA_OK);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_ENTRIES, 3), GFA_OK);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "e.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-007"));
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_ENTRIES, 100), GFA_OK);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_CELLS, 5), GFA_OK);
    const char *wide = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                       "<c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"Z1\"><v>1</v></c>"
                       "</row></sheetData></worksheet>";
    char *wdata = make_xlsx(name, &wide, 1, NULL, NULL, NULL, NULL, &len);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "w.xlsx", wdata, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-010"));
    free(wdata);
    gfa_context_free(small);

    /* a damaged container */
    size_t plen = 0;
    data = make_xlsx(name, ps, 1, NULL, NULL, NULL, NULL, &plen);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory_as(ctx, "cut.xlsx", "xlsx", data, plen / 2, &r, d),
                     GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-BOOK-001"));
    free(data);

    /* a workbook saved with a password: an OLE container holding the encrypted package */
    char ole[600];
    memset(ole, 0, sizeof ole);
    memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    memcpy(ole + 300, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(ctx, "locked.xlsx", ole, sizeof ole, &r, d),
                     GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-BOOK-002"));

    /* an encrypted zip entry */
    if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
        char *path = tmp_path("enc.xlsx");
        int err = 0;
        zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
        assert_non_null(z);
        const char *wb = "<?xml version=\"1.0\"?><workbook " SHEET_NS "><sheets/></workbook>";
        zip_int64_t i = zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wb, strlen(wb), 0), 0);
        assert_true(i >= 0);
        assert_int_equal(zip_file_set_encryption(z, (zip_uint64_t)i, ZIP_EM_AES_256, "secret"), 0);
        assert_int_equal(zip_close(z), 0);
        gfa_diags_clear(d);
        assert_int_equal(gfa_report_read_file_as(ctx, path, "xlsx", &r, d), GFA_ERR_INPUT);
        assert_true(tu_has_diag(d, "GFA-BOOK-002"));
        unlink(path);
        free(path);
    }

    /* a DOCTYPE (an entity bomb needs one) and a cell outside Excel's grid */
    const char *doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b "
                          "\"&a;&a;&a;&a;&a;&a;\">]><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                          "<c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>";
    const char *outside = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                          "<c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>";
    const char *bad[] = {doctype, outside, "<worksheet><sheetData><row>"};
    for (size_t b = 0; b < ARRAY_LEN(bad); b++) {
        data = make_xlsx(name, &bad[b], 1, NULL, NULL, NULL, NULL, &len);
        gfa_diags_clear(d);
        assert_int_equal(gfa_report_read_memory(ctx, "bad.xlsx", data, len, &r, d), GFA_ERR_INPUT);
        assert_true(tu_has_diag(d, "GFA-BOOK-004"));
        free(data);
    }
    gfa_diags_free(d);
    gfa_context_free(ctx);
}
int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_as_the_sheet_shows_them),
        cmocka_unit_test(csv_reader),
        cmocka_unit_test(xlsx_cells),
        cmocka_unit_test(xlsx_tables),
        cmocka_unit_test(hostile_workbooks),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
