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
        if (!strcmp(gfa_diag_id(x), id) && (!location || !strcmp(gfa_diag_at(x), location)))
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
        NUM("D8", "10.000000000000002") BL("E8") "</row>"
        "<row r=\"9\">" IS("A9", "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。") BL("B9")
        BL("C9") BL("D9") BL("E9") "</row>"
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
    const char *names[] = {"报表信息", "公开08", "国有资本经营预算财政拨款支出决算表", "两表!"};
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
    /* a binary double with no short decimal: read as shown, reported, marked uncertain */
    assert_xpath(doc, "string(//g:table[1]/g:part/g:row[@key='2080505']/g:amt[@col='basic'])", "10.00");
    assert_xpath(doc, "string(//g:table[1]/g:part/g:row[@key='2080505']/g:amt[@col='basic']/@certain)", "false");
    assert_xpath(doc, "count(//g:amt[@certain])", "1");
    assert_diag(d, "GFA-BOOK-006", "公开08!D8");
    assert_xpath(doc, "string(//g:table[1]/g:caption[@field='unit'])", "金额单位：万元");
    /* a note right under the rows, its row bordered like theirs */
    assert_xpath(doc, "count(//g:table[1]/g:note)", "1");
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
    assert_diag(d, "GFA-READ-027", "'两表!'!A8"); /* a table no definition describes */
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
    char *bomb = malloc(big + 512);
    assert_non_null(bomb);
    int k = snprintf(bomb, 400, "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData>");
    assert_true(k > 0 && k < 400);
    memset(bomb + k, ' ', big);
    strcpy(bomb + k + big, "</sheetData></worksheet>");
    const char *bs[] = {bomb};
    char *data = make_xlsx(name, bs, 1, NULL, NULL, NULL, NULL, &len);
    assert_true(len < 100000);
    assert_int_equal(gfa_report_read_memory(ctx, "bomb.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-014"));
    free(data);
    free(bomb);

    /* the decompressed bytes and the entries of a workbook are limited too */
    gfa_context *small = tu_context();
    const char *ps[] = {plain};
    data = make_xlsx(name, ps, 1, NULL, NULL, NULL, NULL, &len);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_BYTES, 300), GFA_OK);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "b.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-013"));
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_BYTES, 1 << 20), GFA_OK);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_ENTRIES, 3), GFA_OK);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "e.xlsx", data, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-012"));
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_ZIP_ENTRIES, 100), GFA_OK);
    assert_int_equal(gfa_context_set_limit(small, GFA_LIMIT_CELLS, 5), GFA_OK);
    const char *wide = "<?xml version=\"1.0\"?><worksheet " SHEET_NS "><sheetData><row r=\"1\">"
                       "<c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"Z1\"><v>1</v></c>"
                       "</row></sheetData></worksheet>";
    char *wdata = make_xlsx(name, &wide, 1, NULL, NULL, NULL, NULL, &len);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(small, "w.xlsx", wdata, len, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-LIMIT-015"));
    free(wdata);
    free(data);
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
/* ------------------------------------------------------------ writers --- */

static const char small_report[] =
    "2024年度单位决算公开\n\n第二部分 决算表\n\n"
    "国有资本经营预算财政拨款支出决算表\n公开08表\n部门名称：测试单位\n金额单位：万元\n"
    "项目\t\t本年支出\t\t\n科目代码\t科目名称\t合计\t基本支出\t项目支出\n栏次\t\t1\t2\t3\n"
    "合计\t\t0.00\t——\t\n2080505\t机关事业单位基本养老保险缴费支出\t(3.50)\t1,614.45\t5\n"
    "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。\n";

/* The row of a sheet with this text in one of its first two cells (the code or name). */
static const wrow *row_with(const wsheet *s, const char *key)
{
    for (size_t r = 0; r < s->nrows; r++)
        for (int c = 0; c < 2 && c < s->rows[r].ncells; c++)
            if (s->rows[r].cells[c].text && !strcmp(s->rows[r].cells[c].text, key))
                return &s->rows[r];
    return NULL;
}

static void writers(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "small.txt", small_report,
                                            strlen(small_report), &r, d), GFA_OK);
    /* the sheets: codes as text, amounts as numbers in their printed format, blank, 0 and
     * —— distinct, the header merged as printed */
    wbook wb;
    assert_int_equal(wbook_build(ctx, gfa_report_doc(r), &wb, d), GFA_OK);
    assert_string_equal(wb.sheets[0].name, "报表信息");
    const wsheet *t = NULL;
    for (size_t i = 0; i < wb.n; i++)
        if (!strcmp(wb.sheets[i].name, "公开08"))
            t = &wb.sheets[i];
    assert_non_null(t);
    const wrow *row = row_with(t, "2080505");
    assert_non_null(row);
    assert_int_equal(row->cells[0].kind, WC_TEXT);
    assert_int_equal(row->cells[2].kind, WC_NUMBER);
    assert_string_equal(row->cells[2].text, "-3.50");
    assert_true(row->cells[2].fmt.paren);
    assert_int_equal(row->cells[3].kind, WC_NUMBER);
    assert_true(row->cells[3].fmt.grouping);
    assert_int_equal(row->cells[4].fmt.decimals, 0);
    row = row_with(t, "合计");
    assert_non_null(row);
    assert_int_equal(row->cells[0].kind, WC_BLANK); /* 合计 in the name column */
    assert_int_equal(row->cells[2].kind, WC_NUMBER);
    assert_string_equal(row->cells[2].text, "0.00");
    assert_int_equal(row->cells[3].kind, WC_TEXT);
    assert_string_equal(row->cells[3].text, "——");
    assert_int_equal(row->cells[4].kind, WC_BLANK);
    bool merged = false; /* 项目 over 科目代码 and 科目名称; 本年支出 over three columns */
    for (size_t m = 0; m < t->nmerges; m++)
        merged |= t->merges[m][1] == 2 && t->merges[m][3] == 4;
    assert_true(merged);
    wbook_free(&wb);

    /* the workbook read back: the same instance */
    char *x = tmp_path("small.xlsx"), *c = tmp_path("small.csv");
    assert_int_equal(gfa_report_export(ctx, r, "xlsx", x, NULL, d), GFA_OK);
    assert_int_equal(gfa_report_export(ctx, r, "csv", c, "gb18030", d), GFA_OK);
    gfa_report *rx = read_file(ctx, x, d), *rc = read_file(ctx, c, d);
    assert_same_instance(r, rx, "text → xlsx");
    assert_same_instance(r, rc, "text → csv (GB18030)");
    assert_xpath(gfa_report_doc(rx), "string(//g:row[@key='2080505']/g:amt[@col='total']/@text)", "(3.50)");
    assert_xpath(gfa_report_doc(rx), "string(//g:row[@key='total']/g:na/@text)", "——");
    /* the code is a string cell of the sheet: its digits are text */
    int err = 0;
    zip_t *z = zip_open(x, ZIP_RDONLY, &err);
    assert_non_null(z);
    char sheet[16384];
    zip_file_t *zf = zip_fopen(z, "xl/worksheets/sheet4.xml", 0);
    assert_non_null(zf);
    zip_int64_t n = zip_fread(zf, sheet, sizeof sheet - 1);
    assert_true(n > 0);
    sheet[n] = '\0';
    zip_fclose(zf);
    zip_close(z);
    char *a = strstr(sheet, "<c r=\"A9\"");
    assert_non_null(a);
    assert_true(strstr(a, "t=\"s\"") && strstr(a, "t=\"s\"") < strstr(a, "</c>"));
    gfa_report_free(rx);
    gfa_report_free(rc);

    /* a CSV folder replaces an older one, never a folder holding other files; nothing of
     * the temporary stays */
    assert_int_equal(gfa_report_export(ctx, r, "csv", c, NULL, d), GFA_OK);
    char *keep = NULL;
    assert_true(asprintf(&keep, "%s/keep.txt", c) > 0);
    write_bytes(keep, "mine", 4);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_export(ctx, r, "csv", c, NULL, d), GFA_ERR_IO);
    assert_true(tu_has_diag(d, "GFA-IO-012"));
    assert_int_equal(access(keep, F_OK), 0);
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "test -z \"$(find '%s/..' -maxdepth 1 -name '.*gfa-tmp*')\"", c) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(keep);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_export(ctx, r, "nosuch", c, NULL, d), GFA_ERR_USAGE);
    assert_int_equal(gfa_report_export(ctx, r, "csv", c, "latin1", d), GFA_ERR_USAGE);
    assert_true(tu_has_diag(d, "GFA-PIPE-004"));
    rm_rf(c);
    unlink(x);
    free(x);
    free(c);
    gfa_report_free(r);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* --------------------------------------------------------- round trips --- */

/* text → A; A → XLSX → B, A → CSV → C: the same instance; and B → XLSX again. */
static void round_trip(gfa_context *ctx, const char *input)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *a = NULL;
    if (gfa_report_read_file(ctx, input, &a, d) != GFA_OK) { /* a reader others build */
        gfa_diags_free(d);
        return;
    }
    char *x = tmp_path("rt.xlsx"), *x2 = tmp_path("rt2.xlsx"), *c = tmp_path("rt.csv");
    gfa_status st = gfa_report_export(ctx, a, "xlsx", x, NULL, d);
    if (st == GFA_OK)
        st = gfa_report_export(ctx, a, "csv", c, NULL, d);
    if (st != GFA_OK) {
        tu_print_diags(d);
        fail_msg("%s: not exported", input);
    }
    gfa_report *b = read_file(ctx, x, d), *cc = read_file(ctx, c, d);
    assert_same_instance(a, b, input);
    assert_same_instance(a, cc, input);
    assert_int_equal(gfa_report_check_schema(ctx, b, d), GFA_OK);
    assert_int_equal(gfa_report_export(ctx, b, "xlsx", x2, NULL, d), GFA_OK);
    gfa_report *b2 = read_file(ctx, x2, d);
    assert_same_instance(b, b2, input);
    gfa_report_free(a);
    gfa_report_free(b);
    gfa_report_free(b2);
    gfa_report_free(cc);
    unlink(x);
    unlink(x2);
    rm_rf(c);
    free(x);
    free(x2);
    free(c);
    gfa_diags_free(d);
}

/* Round trips every report of a corpus folder; returns how many. */
static int round_trip_dir(gfa_context *ctx, const char *dir)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    int n = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "MANIFEST"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        round_trip(ctx, path);
        n++;
    }
    closedir(dh);
    return n;
}

static void round_trips(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    round_trip(ctx, tu_path("samples/yangcheng-2024-unit.txt"));
    /* every report of the reader corpus gfa reads, PDFs without a cell grid of rulings and
     * their text forms included */
    assert_true(round_trip_dir(ctx, tu_path("tests/corpus/generated")) >= 10);
    assert_true(round_trip_dir(ctx, tu_path("tests/corpus/unruled")) >= 12);
    gfa_context_free(ctx);
}

/* ---------------------------------------------------------- LibreOffice --- */

static bool have_soffice(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* soffice --headless --convert-to FILTER of file into dir, with a profile of its own (other
 * LibreOffice processes may run at the same time). */
static void soffice(const char *filter, const char *file, const char *dir)
{
    char *cmd = NULL;
    assert_true(asprintf(&cmd,
                         "HOME='%s' timeout 600 soffice -env:UserInstallation=file://%s/profile "
                         "--headless --convert-to '%s' --outdir '%s' '%s' >'%s/soffice.log' 2>&1",
                         dir, dir, filter, dir, file, dir) > 0);
    int rc = system(cmd);
    if (rc != 0) {
        char *log = NULL;
        assert_true(asprintf(&log, "%s/soffice.log", dir) > 0);
        char *text = tu_read(log, NULL);
        fail_msg("soffice failed (%d): %s", rc, text ? text : "");
    }
    free(cmd);
}

/* A CSV file's records as fields, without trailing empty fields and records; gfa's escape
 * of formulas undone. */
typedef struct csv_rec {
    char **f;
    int n;
} csv_rec;

static csv_rec *parse_csv_file(const char *path, int *nrec)
{
    size_t len = 0;
    char *t = tu_read(path, &len);
    assert_non_null(t);
    char *p = t;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    csv_rec *recs = NULL;
    int n = 0;
    while (*p) {
        recs = realloc(recs, (size_t)(n + 1) * sizeof *recs);
        assert_non_null(recs);
        csv_rec *r = &recs[n++];
        memset(r, 0, sizeof *r);
        for (;;) {
            strbuf f;
            sb_init(&f);
            bool quoted = *p == '"';
            if (quoted)
                for (p++; *p; p++) {
                    if (*p == '"' && p[1] == '"')
                        sb_addc(&f, *p++);
                    else if (*p == '"')
                        break;
                    else
                        sb_addc(&f, *p);
                }
            if (quoted && *p == '"')
                p++;
            while (*p && *p != ',' && *p != '\r' && *p != '\n')
                sb_addc(&f, *p++);
            char *v = sb_take(&f);
            if (!v)
                v = strdup("");
            if (quoted && v[0] == '\'' && v[1] && strchr("=+@'", v[1]))
                memmove(v, v + 1, strlen(v));
            r->f = realloc(r->f, (size_t)(r->n + 1) * sizeof *r->f);
            r->f[r->n++] = v;
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\r')
                p++;
            if (*p == '\n')
                p++;
            break;
        }
        while (r->n > 0 && !*r->f[r->n - 1])
            free(r->f[--r->n]);
    }
    while (n > 0 && recs[n - 1].n == 0)
        free(recs[--n].f);
    free(t);
    *nrec = n;
    return recs;
}

static void free_csv(csv_rec *r, int n)
{
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < r[i].n; k++)
            free(r[i].f[k]);
        free(r[i].f);
    }
    free(r);
}

static void libreoffice_opens_the_workbook(void **state)
{
    (void)state;
    if (!have_soffice()) {
        fprintf(stderr, "SKIPPED: soffice (Debian libreoffice-calc-nogui) is not installed; "
                        "make check installs it\n");
        skip();
    }
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *a = read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), d);
    char *dir = tmp_path("lo");
    rm_rf(dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *x = NULL, *c = NULL;
    assert_true(asprintf(&x, "%s/book.xlsx", dir) > 0 && asprintf(&c, "%s/csv", dir) > 0);
    assert_int_equal(gfa_report_export(ctx, a, "xlsx", x, NULL, d), GFA_OK);
    assert_int_equal(gfa_report_export(ctx, a, "csv", c, NULL, d), GFA_OK);
    /* every sheet as LibreOffice shows it, one CSV each (UTF-8, cells as shown) */
    soffice("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", x,
            dir);
    DIR *dh = opendir(c);
    assert_non_null(dh);
    int sheets = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.')
            continue;
        /* 04-公开01.csv is sheet 公开01; 报表信息.csv is sheet 报表信息 */
        const char *sheet = e->d_name;
        while (*sheet >= '0' && *sheet <= '9')
            sheet++;
        sheet = *sheet == '-' ? sheet + 1 : e->d_name;
        char gp[4096], lp[4096];
        snprintf(gp, sizeof gp, "%s/%s", c, e->d_name);
        snprintf(lp, sizeof lp, "%s/book-%s", dir, sheet);
        int ng = 0, nl = 0;
        csv_rec *g = parse_csv_file(gp, &ng), *l = parse_csv_file(lp, &nl);
        if (ng != nl)
            fail_msg("sheet %s: %d rows in gfa's CSV, %d in LibreOffice's", sheet, ng, nl);
        for (int i = 0; i < ng; i++) {
            if (g[i].n != l[i].n)
                fail_msg("sheet %s row %d: %d cells, LibreOffice shows %d", sheet, i + 1, g[i].n,
                         l[i].n);
            for (int k = 0; k < g[i].n; k++)
                if (strcmp(g[i].f[k], l[i].f[k]) != 0)
                    fail_msg("sheet %s row %d cell %d: gfa wrote '%s', LibreOffice shows '%s'",
                             sheet, i + 1, k + 1, g[i].f[k], l[i].f[k]);
        }
        free_csv(g, ng);
        free_csv(l, nl);
        sheets++;
    }
    closedir(dh);
    assert_true(sheets >= 10);

    /* LibreOffice's XLS of the workbook, read back: the same tables, the same amounts
     * (FreeXL knows no number formats: 100.00 reads as 100, the same amount) */
    soffice("xls", x, dir);
    char *xls = NULL;
    assert_true(asprintf(&xls, "%s/book.xls", dir) > 0);
    gfa_report *b = read_file(ctx, xls, d);
    xmlDocPtr da = gfa_report_doc(a), db = gfa_report_doc(b);
    assert_xpath(db, "string(//g:header/g:source/@format)", "xls");
    char *na = tu_xpath(da, "count(//g:table)"), *nb = tu_xpath(db, "count(//g:table)");
    assert_string_equal(na, nb);
    free(na);
    free(nb);
    xmlXPathContextPtr xc = xmlXPathNewContext(da);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr cells = xmlXPathEvalExpression(
        BAD_CAST "//g:table/g:part/g:row[not(starts-with(@key,'r'))]/*", xc);
    assert_non_null(cells);
    int compared = 0;
    for (int i = 0; cells->nodesetval && i < cells->nodesetval->nodeNr; i++) {
        xmlNodePtr cell = cells->nodesetval->nodeTab[i], row = cell->parent;
        xmlNodePtr table = row->parent->parent;
        char expr[512];
        int ti = 1;
        for (xmlNodePtr p = table->prev; p; p = p->prev)
            ti += p->type == XML_ELEMENT_NODE && !xmlStrcmp(p->name, BAD_CAST "table");
        snprintf(expr, sizeof expr, "(//g:table)[%d]/g:part/g:row[@key='%s']/*[@col='%s'][%s]",
                 ti, xml_attr(row, "key"), xml_attr(cell, "col"), "1");
        char *what = NULL;
        assert_true(asprintf(&what, "name(%s)", expr) > 0);
        char *kind = tu_xpath(db, what);
        free(what);
        if (strcmp(kind, (const char *)cell->name) != 0)
            fail_msg("XLS %s: %s, expected %s", expr, kind, (const char *)cell->name);
        free(kind);
        if (!xmlStrcmp(cell->name, BAD_CAST "amt")) {
            assert_true(asprintf(&what, "string(%s)", expr) > 0);
            char *v = tu_xpath(db, what);
            xmlChar *want = xmlNodeGetContent(cell);
            gfa_dec x1, x2;
            assert_int_equal(dec_parse(v, strlen(v), &x1), DEC_OK);
            assert_int_equal(dec_parse((const char *)want, strlen((const char *)want), &x2), DEC_OK);
            if (dec_cmp(x1, x2) != 0)
                fail_msg("XLS %s: %s, expected %s", expr, v, (const char *)want);
            free(v);
            free(what);
            xmlFree(want);
        }
        compared++;
    }
    assert_true(compared > 500);
    xmlXPathFreeObject(cells);
    xmlXPathFreeContext(xc);
    gfa_report_free(a);
    gfa_report_free(b);
    rm_rf(dir);
    free(dir);
    free(x);
    free(c);
    free(xls);
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
        cmocka_unit_test(writers),
        cmocka_unit_test(round_trips),
        cmocka_unit_test(libreoffice_opens_the_workbook),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
