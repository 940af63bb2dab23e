/*
 * test_render.c — the renderers (issue 4): HTML parsed back with libxml2's HTML parser and
 * checked cell by cell (table, row key, column id) and header by header (colspan/rowspan of
 * 公开01, 公开06, 公开09); findings highlighted; a self-contained page; text tables whose
 * column boundaries sit at the same display column on every line; the XSLT-facing fmt:
 * functions through a stylesheet of the test's own; the security prefs; threads; goldens.
 */
#include "testutil.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unistd.h>

#include "read/read.h"
#include "write/render.h"

#define SAMPLE_NAME "samples/yangcheng-2024-unit.txt"

typedef struct fixture {
    gfa_context *ctx;
    gfa_renderer *r;
    char *sample;
    size_t sample_len;
} fixture;

static fixture fx;

static gfa_report *read_sample(void)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *rep = NULL;
    gfa_status st = gfa_report_read_memory(fx.ctx, SAMPLE_NAME, fx.sample, fx.sample_len, &rep, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    gfa_diags_free(d);
    return rep;
}

static char *render(gfa_report *rep, gfa_render_format f, const gfa_render_options *opt,
                    size_t *len)
{
    gfa_diags *d = gfa_diags_new();
    char *out = NULL;
    gfa_status st = gfa_render(fx.r, rep, f, opt, &out, len, d);
    if (st != GFA_OK || gfa_diags_count(d))
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_int_equal(gfa_diags_count(d), 0);
    gfa_diags_free(d);
    return out;
}

static int setup(void **state)
{
    fx.ctx = tu_context();
    if (!fx.ctx)
        return -1;
    gfa_diags *d = gfa_diags_new();
    fx.r = gfa_renderer_new(fx.ctx, d);
    if (!fx.r)
        tu_print_diags(d);
    gfa_diags_free(d);
    fx.sample = tu_read(tu_path(SAMPLE_NAME), &fx.sample_len);
    return fx.r && fx.sample ? 0 : -1;
}

static int teardown(void **state)
{
    gfa_renderer_free(fx.r);
    gfa_context_free(fx.ctx);
    free(fx.sample);
    return 0;
}

/* ---- HTML ---------------------------------------------------------------------------- */

static htmlDocPtr parse_html(const char *html, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "render.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    assert_non_null(doc);
    return doc;
}

/* The text of the value cell for (table, row key, column id), whitespace-normalised. */
static char *cell(htmlDocPtr doc, const char *table, const char *row, const char *col)
{
    char expr[512];
    snprintf(expr, sizeof expr,
             "normalize-space(//td[@data-table='%s' and @data-row='%s' and @data-col='%s'])",
             table, row, col);
    return tu_xpath(doc, expr);
}

#define assert_cell(doc, t, r, c, want)                                                       \
    do {                                                                                      \
        char *got_ = cell((doc), (t), (r), (c));                                              \
        if (strcmp(got_, (want)) != 0)                                                        \
            fail_msg("cell %s/%s/%s: expected '%s', got '%s'", (t), (r), (c), (want), got_);  \
        free(got_);                                                                           \
    } while (0)

static void test_html_cells(void **state)
{
    gfa_report *rep = read_sample();
    size_t len;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    htmlDocPtr doc = parse_html(html, len);
    assert_cell(doc, "gk01", "fiscal_gpb", "amount", "1,614.45");
    assert_cell(doc, "gk01", "201", "amount", "1,421.59");
    assert_cell(doc, "gk01", "expense_grand_total", "amount", "1,614.45");
    assert_cell(doc, "gk01", "fiscal_gf", "amount", ""); /* printed blank */
    assert_cell(doc, "gk02", "total", "fiscal", "1,614.45");
    assert_cell(doc, "gk02", "2010301", "total", "340.51");
    assert_cell(doc, "gk03", "total", "basic", "763.86");
    assert_cell(doc, "gk03", "201", "basic", "571.00"); /* the declared 2 decimals */
    assert_cell(doc, "gk04", "fiscal_gpb", "amount", "1,614.45");
    assert_cell(doc, "gk05", "total", "project", "850.59");
    assert_cell(doc, "gk06", "public_total", "amount", "81.09");
    assert_cell(doc, "gk06", "personnel_total", "amount", "682.76");
    assert_cell(doc, "gk06", "309", "amount", "——"); /* not applicable, as printed */
    assert_cell(doc, "gk09", "data", "budget_total", "79.19");
    assert_cell(doc, "gk09", "data", "final_vehicle_operation", "1.48");
    assert_cell(doc, "gk10", "procurement_total", "value", "10.20");
    assert_cell(doc, "gk10", "vehicles_total", "value", "5"); /* a count, not money */
    /* source line of a cell, and the performance forms' amounts */
    assert_xpath(doc, "string(//td[@data-table='gk01' and @data-row='fiscal_gpb']/@data-line)", "90");
    assert_xpath(doc, "count(//td[@data-table='gk06'])", "112"); /* one per printed value cell */
    assert_xpath(doc, "count(//td[@data-table='perf' and @data-col='full_year'])", "22");
    /* rows indented by level; 公开01 总计 in 人民币大写 from 万元 */
    assert_xpath(doc, "string(//section[@data-table='gk02']//tr[td[@data-row='2010301']]/th/@class)",
                 "name lvl3");
    assert_xpath(doc, "normalize-space(//section[@data-table='gk01']//p[@class='rmb-upper'])",
                 "收入总计、支出总计（大写）：人民币壹仟陆佰壹拾肆万肆仟伍佰元整");
    /* every part of the report, and a table of contents linking to each table */
    assert_xpath(doc, "count(//section[@class='table-block' or starts-with(@class, 'table-block ')])", "10");
    assert_xpath(doc, "count(//section[starts-with(@class, 'perf')])", "11");
    assert_xpath(doc, "count(//nav[@class='toc']//a[starts-with(@href, '#t')])", "10");
    assert_xpath(doc, "count(//dl[@class='term'])", "12");
    assert_xpath(doc, "normalize-space(//section[@data-table='gk07']//p[@class='empty'])",
                 "说明：本表无数据");
    assert_xpath(doc, "string(/html/@lang)", "zh-CN");
    xmlFreeDoc(doc);
    free(html);
    gfa_report_free(rep);
}

/* colspan/rowspan of header cell `i` (1-based) in header row `row` of a table. */
static void expect_th(htmlDocPtr doc, const char *table, int row, int i, const char *text,
                      const char *colspan, const char *rowspan)
{
    char expr[512];
    snprintf(expr, sizeof expr,
             "normalize-space(//section[@data-table='%s']//thead/tr[%d]/th[%d])", table, row, i);
    assert_xpath(doc, expr, text);
    snprintf(expr, sizeof expr, "string(//section[@data-table='%s']//thead/tr[%d]/th[%d]/@colspan)",
             table, row, i);
    assert_xpath(doc, expr, colspan);
    snprintf(expr, sizeof expr, "string(//section[@data-table='%s']//thead/tr[%d]/th[%d]/@rowspan)",
             table, row, i);
    assert_xpath(doc, expr, rowspan);
}

static void test_html_headers(void **state)
{
    gfa_report *rep = read_sample();
    size_t len;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    htmlDocPtr doc = parse_html(html, len);
    /* 公开01: 收入 | 支出 over 项目 行次 金额 twice, then the 栏次 row */
    expect_th(doc, "gk01", 1, 1, "收入", "3", "");
    expect_th(doc, "gk01", 1, 2, "支出", "3", "");
    expect_th(doc, "gk01", 2, 1, "项目", "", "");
    expect_th(doc, "gk01", 2, 6, "金额", "", "");
    expect_th(doc, "gk01", 3, 1, "栏次", "", "");
    expect_th(doc, "gk01", 3, 2, "1", "", "");
    assert_xpath(doc, "count(//section[@data-table='gk01']//thead/tr)", "3");
    assert_xpath(doc, "string(//section[@data-table='gk01']//thead/tr[3]/@class)", "colno");
    /* 公开06: the four (科目代码, 科目名称, 决算数) groups under 人员经费 | 公用经费 */
    expect_th(doc, "gk06", 1, 1, "人员经费", "3", "");
    expect_th(doc, "gk06", 1, 2, "公用经费", "9", "");
    expect_th(doc, "gk06", 2, 1, "科目代码", "", "");
    expect_th(doc, "gk06", 2, 12, "决算数", "", "");
    assert_xpath(doc, "count(//section[@data-table='gk06']//tbody/tr[1]/*)", "12");
    /* the last line: 人员经费合计 over two cells, 公用经费合计 over eight, as printed */
    assert_xpath(doc, "string(//section[@data-table='gk06']//tbody/tr[last()]/th[1]/@colspan)", "2");
    assert_xpath(doc, "string(//section[@data-table='gk06']//tbody/tr[last()]/th[2]/@colspan)", "8");
    /* 公开09: 预算数 | 决算数 halves, each 合计, 因公出国, 公务用车(小计, 购置, 运行维护), 接待 */
    expect_th(doc, "gk09", 1, 1, "预算数", "6", "");
    expect_th(doc, "gk09", 1, 2, "决算数", "6", "");
    expect_th(doc, "gk09", 2, 1, "合计", "", "2");
    expect_th(doc, "gk09", 2, 2, "因公出国(境)费", "", "2");
    expect_th(doc, "gk09", 2, 3, "公务用车购置及运行维护费", "3", "");
    expect_th(doc, "gk09", 2, 4, "公务接待费", "", "2");
    expect_th(doc, "gk09", 2, 5, "合计", "", "2");
    expect_th(doc, "gk09", 3, 1, "小计", "", "");
    expect_th(doc, "gk09", 3, 3, "公务用车运行维护费", "", "");
    expect_th(doc, "gk09", 4, 12, "12", "", "");
    /* every header cell says what it heads */
    assert_xpath(doc, "count(//th[not(@scope)])", "0");
    xmlFreeDoc(doc);
    free(html);
    gfa_report_free(rep);
}

static void test_html_self_contained(void **state)
{
    gfa_report *rep = read_sample();
    size_t len;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http:"));
    assert_null(strstr(html, "https:"));
    assert_null(strstr(html, "//cdn"));
    htmlDocPtr doc = parse_html(html, len);
    assert_xpath(doc, "count(//*[@src])", "0");
    assert_xpath(doc, "count(//link)", "0");
    assert_xpath(doc, "count(//style)", "1");
    assert_xpath(doc, "count(//a[@href and not(starts-with(@href, '#'))])", "0");
    /* print: A4, landscape pages for wide tables, table headers repeated on each page */
    assert_non_null(strstr(html, "size: A4 portrait"));
    assert_non_null(strstr(html, "size: A4 landscape"));
    assert_non_null(strstr(html, "thead { display: table-header-group; }"));
    assert_xpath(doc, "string(//section[@data-table='gk02']/@class)", "table-block wide t-gk02");
    xmlFreeDoc(doc);
    free(html);
    gfa_report_free(rep);
}

/* Adds <validation> with two findings to the instance, as gfa validate would. */
static void add_findings(gfa_report *rep)
{
    xmlNodePtr root = xmlDocGetRootElement(gfa_report_doc(rep));
    xmlNsPtr ns = root->ns;
    xmlNodePtr v = xmlNewChild(root, ns, BAD_CAST "validation", NULL);
    const char *attrs[][2] = {{"ruleset", "test 1"}, {"accepted", "false"}, {"checks", "10"},
                              {"passed", "8"}, {"failed", "2"}, {"unchecked", "0"},
                              {"fatal", "0"}, {"errors", "1"}, {"inconsistencies", "0"},
                              {"warnings", "1"}, {"infos", "0"}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        xmlSetProp(v, BAD_CAST attrs[i][0], BAD_CAST attrs[i][1]);
    xmlNodePtr f1 = xmlNewChild(v, ns, BAD_CAST "finding", NULL);
    xmlNewTextChild(f1, ns, BAD_CAST "message", BAD_CAST "本年收入合计 ≠ Σ 收入");
    const char *a1[][2] = {{"id", "F1"}, {"rule", "GFA-CALC-001"}, {"severity", "error"},
                           {"line", "117"}, {"table", "gk01"}, {"row", "income_total"},
                           {"col", "amount"}, {"reported", "1614.45"}, {"expected", "1614.46"},
                           {"difference", "0.01"}, {"tolerance", "0.005"}};
    for (size_t i = 0; i < sizeof a1 / sizeof a1[0]; i++)
        xmlSetProp(f1, BAD_CAST a1[i][0], BAD_CAST a1[i][1]);
    xmlNodePtr f2 = xmlNewChild(v, ns, BAD_CAST "finding", NULL);
    xmlNewTextChild(f2, ns, BAD_CAST "message", BAD_CAST "占比与表不符");
    const char *a2[][2] = {{"id", "F2"}, {"rule", "GFA-NAR-002"}, {"severity", "warning"},
                           {"line", "436"}, {"pos", "12"}, {"reported", "47.31"},
                           {"expected", "47.30"}, {"cause", "F1"}};
    for (size_t i = 0; i < sizeof a2 / sizeof a2[0]; i++)
        xmlSetProp(f2, BAD_CAST a2[i][0], BAD_CAST a2[i][1]);
}

static void test_html_findings(void **state)
{
    gfa_report *rep = read_sample();
    add_findings(rep);
    size_t len;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    htmlDocPtr doc = parse_html(html, len);
    const char *td = "//td[@data-table='gk01' and @data-row='income_total' and @data-col='amount']";
    assert_xpathf(doc, "num finding sev-error", "string(%s/@class)", td);
    assert_xpathf(doc, "应为 1,614.46", "normalize-space(%s//span[@class='expected'])", td);
    assert_xpathf(doc, "#f-F1", "string(%s//a/@href)", td);
    assert_xpathf(doc, "c77-income_total-amount", "string(%s/@id)", td);
    /* a cell without a finding is not marked */
    assert_xpath(doc, "string(//td[@data-table='gk01' and @data-row='fiscal_gpb']/@class)", "num");
    /* the narrative paragraph of line 436 */
    assert_xpath(doc, "string(//p[@data-line='436']/@class)", "p finding sev-warning");
    assert_xpath(doc, "string(//p[@data-line='436']/a/@href)", "#f-F2");
    /* the panel: counts by severity, each finding linked to what it marks */
    assert_xpath(doc, "normalize-space(//section[@id='findings']//td[@class='sev-error'])", "1");
    assert_xpath(doc, "normalize-space(//section[@id='findings']//td[@class='sev-warning'])", "1");
    assert_xpath(doc, "normalize-space(//section[@id='findings']//td[@class='sev-fatal'])", "0");
    assert_xpath(doc, "count(//li[@id='f-F1'])", "1");
    assert_xpath(doc, "string(//li[@id='f-F1']/a[@class='place']/@href)", "#c77-income_total-amount");
    assert_xpath(doc, "string(//li[@id='f-F2']/a[@class='place']/@href)", "#l436");
    assert_xpath(doc, "string(//li[@id='f-F2']//span[@class='cause']/a/@href)", "#f-F1");
    /* errors are listed before warnings */
    assert_xpath(doc, "string((//section[@id='findings']//li)[1]/@id)", "f-F1");
    assert_xpath(doc, "string(//nav[@class='toc']//a[@href='#findings'])", "校验结果");
    xmlFreeDoc(doc);
    free(html);

    /* the text rendering marks the cell and lists the findings */
    char *text = render(rep, GFA_RENDER_TEXT, NULL, &len);
    assert_non_null(strstr(text, "1,614.45*"));
    assert_non_null(strstr(text, "错误 1 · 不一致 0 · 警告 1"));
    assert_non_null(strstr(text, "^ 警告 F2 [GFA-NAR-002]"));
    free(text);
    gfa_report_free(rep);
}

/* ---- text ---------------------------------------------------------------------------- */

/* Display columns at which '|' and '+' occur on a line (at most cap). */
static int boundaries(const char *line, int amb, int *cols, int cap)
{
    int n = 0;
    char buf[4096];
    for (const char *p = line; *p; p++) {
        if (*p != '|' && *p != '+')
            continue;
        size_t k = (size_t)(p - line);
        assert_true(k < sizeof buf);
        memcpy(buf, line, k);
        buf[k] = '\0';
        if (n < cap)
            cols[n++] = gfa_display_width(buf, amb);
    }
    return n;
}

/* Every table of a text rendering (a block of lines starting with '+' or '|'): the column
 * boundaries of each line sit at display columns of its rule lines, which all agree; a line
 * of single cells (every boundary present) matches them exactly; no table line is wider
 * than width (0: tables that cannot be narrowed that far may be wider). Returns the tables
 * seen. */
static int check_text_tables(const char *text, int amb, int width)
{
    int tables = 0;
    char *copy = strdup(text);
    int rule[128], nrule = -1;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '+' && line[0] != '|') {
            nrule = -1;
            continue;
        }
        int cols[128];
        int n = boundaries(line, amb, cols, 128);
        if (nrule < 0) { /* the top rule of a table */
            assert_int_equal(line[0], '+');
            memcpy(rule, cols, sizeof cols);
            nrule = n;
            tables++;
            continue;
        }
        if (line[0] == '+' && strchr(line, ' ') == NULL) { /* a full rule line */
            if (n != nrule || memcmp(cols, rule, (size_t)n * sizeof *cols) != 0)
                fail_msg("rule line's boundaries differ from the table's: %s", line);
        }
        /* both outer borders, and every boundary on one of the table's columns */
        if (n < 2 || cols[0] != rule[0] || cols[n - 1] != rule[nrule - 1])
            fail_msg("line does not span the table: %s", line);
        for (int i = 0; i < n; i++) {
            bool found = false;
            for (int j = 0; j < nrule && !found; j++)
                found = cols[i] == rule[j];
            if (!found)
                fail_msg("boundary at column %d is off the table's columns: %s", cols[i], line);
        }
        if (width > 0 && gfa_display_width(line, amb) > width)
            fail_msg("table line wider than %d columns: %s", width, line);
    }
    free(copy);
    return tables;
}

static void test_text_columns_align(void **state)
{
    gfa_report *rep = read_sample();
    size_t len;
    char *text = render(rep, GFA_RENDER_TEXT, NULL, &len);
    /* 10 公开 tables, and each of the 11 forms has a funds and an indicators table */
    assert_int_equal(check_text_tables(text, 1, 100), 10 + 11 * 2);
    /* no line of the default rendering is wider than 100 columns */
    char *copy = strdup(text);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
        if (gfa_display_width(line, 1) > 100)
            fail_msg("line wider than 100 columns: %s", line);
    free(copy);
    /* numbers right-aligned on the decimal point: 公开10's 10.20 and the count 5 */
    assert_non_null(strstr(text, "|  10.20 |"));
    assert_non_null(strstr(text, "|   5    |"));
    free(text);

    /* a narrow rendering with CJK-terminal widths: still aligned, names wrapped */
    gfa_render_options opt = {.line_width = 72, .ambiguous_width = 2};
    text = render(rep, GFA_RENDER_TEXT, &opt, &len);
    assert_true(check_text_tables(text, 2, 0) >= 10); /* 公开02 needs 80 columns */
    free(text);
    /* a wide one: 公开06 in its four printed groups */
    opt = (gfa_render_options){.line_width = 200, .ambiguous_width = 1};
    text = render(rep, GFA_RENDER_TEXT, &opt, &len);
    assert_true(check_text_tables(text, 1, 200) >= 10);
    assert_non_null(strstr(text, "人员经费合计"));
    free(text);
    gfa_report_free(rep);
}

/* A row name thousands of lines tall when wrapped (the reader takes lines of 100,000
 * characters): rendered at once, every line of the table still aligned. */
static void test_text_tall_cell(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "支出决算表\n公开03表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t基本支出\t"
                 "项目支出\n合计\t\t1.00\t1.00\t0.00\n205\t");
    for (int i = 0; i < 30000; i++)
        sb_adds(&sb, "长");
    sb_adds(&sb, "\t1.00\t1.00\t0.00\n");
    gfa_diags *d = gfa_diags_new();
    gfa_report *rep = NULL;
    assert_int_equal(gfa_report_read_memory(fx.ctx, "tall.txt", sb.data, sb.len, &rep, d), GFA_OK);
    size_t len;
    gfa_render_options opt = {.line_width = 40, .ambiguous_width = 1};
    char *text = render(rep, GFA_RENDER_TEXT, &opt, &len);
    assert_int_equal(check_text_tables(text, 1, 0), 1);
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_true(lines > 3000); /* deeper than libxslt lets a template recurse */
    assert_non_null(strstr(text, "长长长"));
    free(text);
    gfa_report_free(rep);
    gfa_diags_free(d);
    sb_free(&sb);
}

/* A row with one value more than the header has columns (a reader keeps it as column x6,
 * as flattened text of an unruled PDF gives): the text rendering draws it in a column of
 * its own, where the grid stopped at the header's columns and rendering failed. */
static void test_text_value_beyond_header(void **state)
{
    (void)state;
    static const char text_in[] = "支出决算表\n公开03表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t"
                                  "基本支出\t项目支出\n合计\t\t1.00\t1.00\t0.00\n205\t教育支出\t1.00\t"
                                  "1.00\t0.00\t9.99\n";
    gfa_diags *d = gfa_diags_new();
    gfa_report *rep = NULL;
    assert_int_equal(gfa_report_read_memory(fx.ctx, "beyond.txt", text_in, sizeof text_in - 1, &rep, d),
                     GFA_OK);
    size_t len;
    gfa_render_options opt = {.line_width = 100, .ambiguous_width = 1};
    char *text = render(rep, GFA_RENDER_TEXT, &opt, &len);
    assert_int_equal(check_text_tables(text, 1, 0), 1);
    assert_non_null(strstr(text, "9.99"));
    free(text);
    gfa_report_free(rep);
    gfa_diags_free(d);
}

static void test_goldens(void **state)
{
    gfa_report *rep = read_sample();
    size_t len;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    tu_golden("tests/golden/yangcheng-2024-unit.html", html, len);
    free(html);
    char *text = render(rep, GFA_RENDER_TEXT, NULL, &len);
    tu_golden("tests/golden/yangcheng-2024-unit.txt", text, len);
    free(text);
    gfa_report_free(rep);
}

static void test_bad_options(void **state)
{
    gfa_report *rep = read_sample();
    gfa_diags *d = gfa_diags_new();
    char *out = NULL;
    gfa_render_options opt = {.line_width = 5};
    assert_int_equal(gfa_render(fx.r, rep, GFA_RENDER_TEXT, &opt, &out, NULL, d), GFA_ERR_USAGE);
    assert_true(tu_has_diag(d, "GFA-RENDER-020"));
    opt = (gfa_render_options){.ambiguous_width = 3};
    assert_int_equal(gfa_render(fx.r, rep, GFA_RENDER_TEXT, &opt, &out, NULL, d), GFA_ERR_USAGE);
    assert_int_equal(gfa_render(fx.r, rep, (gfa_render_format)7, NULL, &out, NULL, d),
                     GFA_ERR_USAGE);
    assert_null(out);
    gfa_diags_free(d);
    gfa_report_free(rep);
}

/* Renders into a file atomically. */
static void test_render_file(void **state)
{
    gfa_report *rep = read_sample();
    char path[4096];
    snprintf(path, sizeof path, "%s/render-test.txt", tu_env("GFA_TMPDIR", "/tmp"));
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_render_file(fx.r, rep, GFA_RENDER_TEXT, NULL, path, d), GFA_OK);
    size_t len = 0;
    char *data = tu_read(path, &len);
    assert_non_null(data);
    assert_non_null(strstr(data, "收入支出决算总表"));
    free(data);
    unlink(path);
    gfa_diags_free(d);
    gfa_report_free(rep);
}

/* ---- threads: one renderer, several transforms at once ------------------------------------- */

typedef struct job {
    gfa_report *rep;
    gfa_render_format f;
    const char *want;
    int ok;
} job;

static void *render_many(void *arg)
{
    job *j = arg;
    j->ok = 1;
    for (int i = 0; i < 3; i++) {
        gfa_diags *d = gfa_diags_new();
        char *out = NULL;
        if (gfa_render(fx.r, j->rep, j->f, NULL, &out, NULL, d) != GFA_OK ||
            strcmp(out, j->want) != 0)
            j->ok = 0;
        free(out);
        gfa_diags_free(d);
    }
    return NULL;
}

static void test_threads(void **state)
{
    gfa_report *reps[2] = {read_sample(), read_sample()};
    size_t len;
    char *want[2] = {render(reps[0], GFA_RENDER_HTML, NULL, &len),
                     render(reps[0], GFA_RENDER_TEXT, NULL, &len)};
    job jobs[2] = {{reps[0], GFA_RENDER_HTML, want[0], 0}, {reps[1], GFA_RENDER_TEXT, want[1], 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, render_many, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_true(jobs[0].ok);
    assert_true(jobs[1].ok);
    free(want[0]);
    free(want[1]);
    gfa_report_free(reps[0]);
    gfa_report_free(reps[1]);
}

/* ---- the fmt: functions seen from a stylesheet, and the security prefs ---------------------- */

/* A data folder whose schemas/ are the real ones and whose xslt/ holds the given text.xsl
 * (html.xsl and common.xsl are trivial). Returns the renderer, or NULL with diags. */
static char datadir[4096];

/* A renderer over a data folder of the test's own: text.xsl (and index.xsl, when not NULL)
 * as given, trivial other stylesheets. */
static gfa_renderer *custom_renderer(const char *text_xsl, const char *index_xsl,
                                     gfa_context **ctx_out, gfa_diags *d)
{
    snprintf(datadir, sizeof datadir, "%s/render-datadir-%ld", tu_env("GFA_TMPDIR", "/tmp"),
             (long)getpid());
    char xslt[4200], schemas[4200], real_schemas[4096];
    snprintf(xslt, sizeof xslt, "%s/xslt", datadir);
    snprintf(schemas, sizeof schemas, "%s/schemas", datadir);
    mkdir(datadir, 0755);
    mkdir(xslt, 0755);
    snprintf(real_schemas, sizeof real_schemas, "%s", tu_path("schemas"));
    char abs[4096];
    assert_non_null(realpath(real_schemas, abs));
    unlink(schemas);
    assert_int_equal(symlink(abs, schemas), 0);
    tu_write(xslt, "common.xsl",
               "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'/>\n");
    tu_write(xslt, "html.xsl",
               "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
               "<xsl:template match='/'><p/></xsl:template></xsl:stylesheet>\n");
    tu_write(xslt, "text.xsl", text_xsl);
    tu_write(xslt, "index.xsl", index_xsl ? index_xsl : text_xsl);
    *ctx_out = gfa_context_open(datadir, d);
    assert_non_null(*ctx_out);
    return gfa_renderer_new(*ctx_out, d);
}

static void remove_datadir(void)
{
    const char *names[] = {"xslt/common.xsl", "xslt/html.xsl", "xslt/text.xsl", "xslt/index.xsl",
                           "xslt", "schemas"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", datadir, names[i]);
        if (unlink(p) != 0)
            rmdir(p);
    }
    rmdir(datadir);
}

#define XSL_TOP                                                                               \
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform' "        \
    "xmlns:fmt='urn:gfa:fmt' xmlns:g='urn:gfa:report:1' xmlns:exsl='http://exslt.org/common' " \
    "extension-element-prefixes='exsl'><xsl:output method='text' encoding='UTF-8'/>"
#define XSL_HEAD XSL_TOP "<xsl:template match='/'>"
#define XSL_TAIL "</xsl:template></xsl:stylesheet>\n"

/* Renders the sample with a custom text.xsl (top: its declarations, body: its template of /);
 * returns the output (or NULL) and the status. change, when not NULL, is called on the
 * report's document (through gfa_report_doc) after a first rendering, which it then renders
 * again: the output is the two renderings' joined. */
static char *run_custom_with(const char *top, const char *body, void (*change)(xmlDocPtr),
                             gfa_status *st, gfa_diags *d)
{
    char *xsl = NULL;
    assert_true(asprintf(&xsl, "%s%s<xsl:template match='/'>%s%s", XSL_TOP, top, body, XSL_TAIL) > 0);
    gfa_context *ctx = NULL;
    gfa_renderer *r = custom_renderer(xsl, NULL, &ctx, d);
    free(xsl);
    if (!r)
        tu_print_diags(d);
    assert_non_null(r);
    gfa_report *rep = NULL;
    gfa_diags *rd = gfa_diags_new(); /* the reader's own notes are not the stylesheet's */
    assert_int_equal(gfa_report_read_memory(ctx, SAMPLE_NAME, fx.sample, fx.sample_len, &rep, rd),
                     GFA_OK);
    gfa_diags_free(rd);
    char *out = NULL;
    *st = gfa_render(r, rep, GFA_RENDER_TEXT, NULL, &out, NULL, d);
    if (change && *st == GFA_OK) {
        change(gfa_report_doc(rep));
        char *again = NULL;
        *st = gfa_render(r, rep, GFA_RENDER_TEXT, NULL, &again, NULL, d);
        char *both = NULL;
        assert_true(asprintf(&both, "%s%s", out, again ? again : "") > 0);
        free(out);
        free(again);
        out = both;
    }
    gfa_report_free(rep);
    gfa_renderer_free(r);
    gfa_context_free(ctx);
    remove_datadir();
    return out;
}

static char *run_custom(const char *body, gfa_status *st, gfa_diags *d)
{
    return run_custom_with("", body, NULL, st, d);
}

/* The custom text.xsl with this body renders, and gives want. */
static void assert_custom_gives(const char *body, const char *want)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(body, &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, want);
    free(out);
    gfa_diags_free(d);
}

/* Each expression, the value of a custom text.xsl, fails the rendering. */
static void assert_all_fail(const char *const *bad, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *body = NULL;
        gfa_status st;
        assert_true(asprintf(&body, "<xsl:value-of select=\"%s\"/>", bad[i]) > 0);
        gfa_diags *d = gfa_diags_new();
        char *out = run_custom(body, &st, d);
        if (st == GFA_OK)
            fail_msg("%s: rendered", bad[i]);
        free(out);
        free(body);
        gfa_diags_free(d);
    }
}

static void test_fmt_from_xslt(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    /* Each value on its own line; amounts come as nodes or strings, never numbers. */
    char *out = run_custom(
        "<xsl:value-of select=\"fmt:amount(string(//g:row[@key='fiscal_gpb']/g:amt))\"/>|"
        "<xsl:value-of select=\"fmt:amount(//g:row[@key='fiscal_gpb']/g:amt, 0)\"/>|"
        "<xsl:value-of select=\"fmt:amount('-12.5', 2)\"/>|"
        "<xsl:value-of select=\"fmt:amount('-12.5', 2, 'paren')\"/>|"
        "<xsl:value-of select=\"fmt:amount('1614.455', 2)\"/>|"
        "<xsl:value-of select=\"fmt:amount('1614.455', 2, 'exact')\"/>|"
        "<xsl:value-of select=\"fmt:amount('5', 'auto')\"/>|"
        "<xsl:value-of select=\"fmt:amount('1234567.5', 2, 'nogroup')\"/>|"
        "<xsl:value-of select=\"fmt:amount(//g:nothing, 2)\"/>|"
        "<xsl:value-of select=\"fmt:percent('47.3145')\"/>|"
        "<xsl:value-of select=\"fmt:percent('47.3145', 1)\"/>|"
        "<xsl:value-of select=\"fmt:rmb-upper('1614.45', 4, 'prefix')\"/>|"
        "<xsl:value-of select=\"fmt:rmb-upper('1614.45')\"/>|"
        "<xsl:value-of select=\"fmt:rmb-upper('-0.5')\"/>|"
        "<xsl:value-of select=\"fmt:date('2024-12-31')\"/>|"
        "<xsl:value-of select=\"fmt:date('2024-02-12', 'upper')\"/>|"
        "<xsl:value-of select=\"fmt:width('中文ab“')\"/>|"
        "[<xsl:value-of select=\"fmt:pad('中文', 6, 'r')\"/>]|"
        "[<xsl:value-of select=\"fmt:pad('中文字', 5)\"/>]|"
        "[<xsl:value-of select=\"fmt:pad('中文字符', 5, 'l', 'ellipsis')\"/>]|"
        "<xsl:value-of select=\"fmt:wrap-count('政府办公厅（室）及相关机构事务', 14)\"/>|"
        "[<xsl:value-of select=\"fmt:wrap('政府办公厅（室）及相关机构事务', 14, 1)\"/>]|"
        "[<xsl:value-of select=\"fmt:wrap('政府办公厅（室）及相关机构事务', 14, 2, 'r')\"/>]|"
        "[<xsl:value-of select=\"fmt:wrap('abc', 5, 3)\"/>]|"
        "[<xsl:value-of select=\"fmt:wrap-text('一二三四五六七八九十', 8, 4, 2)\"/>]|"
        "[<xsl:value-of select=\"fmt:align-num('5', 6, 3)\"/>][<xsl:value-of select=\"fmt:align-num('10.20', 6, 3)\"/>]|"
        "<xsl:value-of select=\"fmt:unwrap('因公出国 (境) 费')\"/>|"
        "<xsl:value-of select=\"fmt:unwrap('本年收入合 计')\"/>|"
        "<xsl:variable name='g'><grid n='2'><r t='d'><c n='1' k='txt'>科目名称很长很长</c>"
        "<c n='2' k='num'>1,614.45</c></r><r t='d'><c n='2' k='num'>5</c></r></grid></xsl:variable>"
        "<xsl:variable name='lay' select=\"fmt:layout(exsl:node-set($g)/grid, 25)\"/>"
        "<xsl:for-each select=\"$lay[self::col]\">"
        "<xsl:value-of select=\"concat(@n, ':', @w, ':', @f, ':', @x, ' ')\"/></xsl:for-each>"
        "<xsl:for-each select=\"$lay[self::grid]/r\">"
        "<xsl:value-of select=\"concat('r', @l, ' ')\"/><xsl:for-each select='c'>"
        "<xsl:value-of select=\"concat(@w, '/', @f, '/', @l, ' ')\"/></xsl:for-each></xsl:for-each>"
        "<xsl:variable name='dr' select=\"fmt:draw(exsl:node-set($g)/grid, 25)\"/>"
        "<xsl:value-of select=\"concat('|', $dr/@width, '|', substring-before($dr, '&#10;'))\"/>",
        &st, d);
    if (st != GFA_OK || gfa_diags_count(d))
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_int_equal(gfa_diags_count(d), 0);
    const char *want =
        "1,614.45|1,614|-12.50|(12.50)|1,614.46|1,614.455|5|1234567.50||47.31%|47.3%|"
        "人民币壹仟陆佰壹拾肆万肆仟伍佰元整|壹仟陆佰壹拾肆元肆角伍分|负伍角|2024年12月31日|"
        "贰零贰肆年零贰月壹拾贰日|7|[  中文]|[中文 ]|[中文…]|3|[政府办公厅    ]|"
        "[（室）及相关机]|[     ]|[    一二\n  三四五\n  六七八\n  九十]|[  5   ][ 10.20]|"
        /* 16 + 8 + borders = 31 columns shrink to 25 by wrapping the name column */
        "因公出国(境)费|本年收入合计|1:10:0:0 2:8:3:13 3:::24 "
        /* the laid-out grid: the 16-column name wraps onto 2 lines of 10 */
        "r2 10/0/2 8/3/1 r1 8/3/1 "
        /* fmt:draw: the same layout, drawn (test_draw has its lines) */
        "|25|+------------+----------+\n";
    if (strcmp(out, want) != 0)
        fail_msg("got  %s\nwant %s", out, want);
    free(out);

    /* Bad input: each function returns "" and says why (libexslt's convention); libxslt
     * then discards the whole result, so no page goes out with a number missing. */
    gfa_diags_clear(d);
    out = run_custom("<xsl:value-of select=\"fmt:amount(2.345)\"/>|"
                     "<xsl:value-of select=\"fmt:amount('12x')\"/>|"
                     "<xsl:value-of select=\"fmt:rmb-upper('99999999999999999')\"/>|"
                     "<xsl:value-of select=\"fmt:amount('1', 9)\"/>|"
                     "<xsl:value-of select=\"fmt:amount('16x14.1234567')\"/>|ok",
                     &st, d);
    assert_int_equal(st, GFA_ERR_INPUT);
    assert_null(out);
    assert_int_equal(gfa_diags_count(d), 5);
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        assert_string_equal(gfa_diag_id(gfa_diags_at(d, i)), "GFA-RENDER-011");
    assert_non_null(strstr(gfa_diag_message(gfa_diags_at(d, 0)), "not XPath numbers"));
    assert_non_null(strstr(gfa_diag_message(gfa_diags_at(d, 2)), "too large"));

    /* A wrong arity stops the transform: the render fails with a diagnostic. */
    gfa_diags_clear(d);
    out = run_custom("<xsl:value-of select=\"fmt:amount()\"/>", &st, d);
    assert_int_equal(st, GFA_ERR_DATA);
    assert_null(out);
    assert_true(tu_has_diag(d, "GFA-RENDER-010"));
    gfa_diags_free(d);
}

/* fmt:draw's table (issue 13), through its C helper: each grid drawn as text.xsl's tables
 * are. */
static char *draw(const char *grid_xml, int width, int amb, int *tw, const char **why)
{
    xmlDocPtr doc = xmlReadMemory(grid_xml, (int)strlen(grid_xml), "grid.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    char *out = fmt_draw_text(xmlDocGetRootElement(doc), width, amb, tw, why);
    xmlFreeDoc(doc);
    return out;
}

static void test_draw(void **state)
{
    int tw = 0;
    const char *why = NULL;
    /* a long name wraps in its column to fit 25 columns; numbers align on the point; a row
     * draws the cells it has */
    char *s = draw("<grid n='2'><r t='d'><c n='1' k='txt'>科目名称很长很长</c>"
                   "<c n='2' k='num'>1,614.45</c></r><r t='d'><c n='2' k='num'>5</c></r></grid>",
                   25, 1, &tw, &why);
    assert_non_null(s);
    assert_int_equal(tw, 25);
    assert_string_equal(s, "+------------+----------+\n"
                           "| 科目名称很 | 1,614.45 |\n"
                           "| 长很长     |          |\n"
                           "|     5    |\n"
                           "+------------+----------+\n");
    free(s);
    /* an empty table: its rules */
    s = draw("<grid n='3'/>", 100, 1, &tw, &why);
    assert_string_equal(s, "+---+---+---+\n+---+---+---+\n");
    assert_int_equal(tw, 13);
    free(s);
    /* merged header cells: a label going on down keeps the rule open under it, a label over
     * three columns has no boundaries inside; wide CJK headers wrap to fit; an indented
     * label wraps inside its indent; a finding's mark aligns like a decimal point */
    s = draw("<grid n='4'><r t='h'><c n='1' s='1' k='txt' a='c' down='1'>项目</c>"
             "<c n='2' s='3' k='txt' a='c'>本年支出</c></r>"
             "<r t='h'><c n='1' s='1' k='txt'/><c n='2' s='1' k='txt' a='c'>合计</c>"
             "<c n='3' s='1' k='txt' a='c'>基本支出</c><c n='4' s='1' k='txt' a='c'>项目支出</c></r>"
             "<r t='d'><c n='1' k='txt' a='l' i='2'>“三公”经费支出合计</c>"
             "<c n='2' k='num' a='r'>1.5*F3</c><c n='3' k='num' a='r'>12.25</c>"
             "<c n='4' k='fix'>-</c></r></grid>",
             30, 1, &tw, &why);
    assert_non_null(s);
    assert_int_equal(tw, 36); /* as narrow as its floors allow, wider than 30 */
    assert_string_equal(s, "+----------+--------+-------+------+\n"
                           "|   项目   |       本年支出        |\n"
                           "|          +--------+-------+------+\n"
                           "|          |  合计  | 基本  | 项目 |\n"
                           "|          |        | 支出  | 支出 |\n"
                           "+==========+========+=======+======+\n"
                           "|   “三公” | 1.5*F3 | 12.25 | -    |\n"
                           "|   经费支 |        |       |      |\n"
                           "|   出合计 |        |       |      |\n"
                           "+----------+--------+-------+------+\n");
    free(s);
    /* ambiguous characters (“ ”) two columns each when asked */
    s = draw("<grid n='2'><r t='d'><c n='1' k='txt'>“三公”</c><c n='2' k='num'>1</c></r></grid>",
             100, 2, &tw, &why);
    assert_string_equal(s, "+----------+---+\n| “三公” | 1 |\n+----------+---+\n");
    free(s);
    /* 1,000 columns is the limit: drawn; 1,001 is refused */
    strbuf g;
    sb_init(&g);
    sb_adds(&g, "<grid n='1000'><r t='d'>");
    for (int j = 1; j <= 1000; j++)
        sb_addf(&g, "<c n='%d' k='num'>%d</c>", j, j % 10);
    sb_adds(&g, "</r></grid>");
    s = draw(g.data, 1000, 1, &tw, &why);
    assert_non_null(s);
    assert_int_equal(tw, 1000 * 4 + 1);
    assert_int_equal(strlen(s), 3 * (size_t)(1000 * 4 + 2));
    free(s);
    sb_free(&g);
    assert_null(draw("<grid n='1001'/>", 100, 1, &tw, &why));
    assert_non_null(strstr(why, "1..1000"));
    /* cells outside the columns, an unknown alignment, no columns: refused with a reason */
    assert_null(draw("<grid n='2'><r t='d'><c n='2' s='2'>x</c></r></grid>", 100, 1, &tw, &why));
    assert_non_null(strstr(why, "outside"));
    assert_null(draw("<grid n='1'><r t='d'><c n='1' a='x'>x</c></r></grid>", 100, 1, &tw, &why));
    assert_non_null(strstr(why, "align"));
    assert_null(draw("<grid/>", 100, 1, &tw, &why));
    assert_null(draw("<grid n='1'/>", 0, 1, &tw, &why));
}

/* Both grids drawn at width: the same table, as wide. */
static void assert_draws_alike(const char *full_grid, const char *terse_grid, int width)
{
    int tw = 0, tw2 = 0;
    const char *why = NULL;
    char *full = draw(full_grid, width, 1, &tw, &why);
    char *terse = draw(terse_grid, width, 1, &tw2, &why);
    assert_non_null(full);
    assert_non_null(terse);
    assert_string_equal(terse, full);
    assert_int_equal(tw2, tw);
    free(full);
    free(terse);
}

/* A grid's cells without n follow each other and take their row's k and a (issue 13: text.xsl
 * says them once a row): drawn exactly as the grid that spells every cell out. */
static void test_draw_row_defaults(void **state)
{
    (void)state;
    /* merged, wrapped CJK headers; an indented name wrapping; a mark; a fixed dash */
    assert_draws_alike("<grid n='4'><r t='h'><c n='1' s='1' k='txt' a='c' down='1'>项目</c>"
                       "<c n='2' s='3' k='txt' a='c'>本年支出</c></r>"
                       "<r t='h'><c n='1' s='1' k='txt'/><c n='2' s='1' k='txt' a='c'>合计</c>"
                       "<c n='3' s='1' k='txt' a='c'>基本支出</c><c n='4' s='1' k='txt' a='c'>项目支出</c></r>"
                       "<r t='d'><c n='1' k='txt' a='l' i='2'>“三公”经费支出合计</c>"
                       "<c n='2' k='num' a='r'>1.5*F3</c><c n='3' k='num' a='r'>12.25</c>"
                       "<c n='4' k='fix'>-</c></r><r t='d'/></grid>",
                       "<grid n='4'><r t='h' k='txt' a='c'><c down='1'>项目</c><c s='3'>本年支出</c></r>"
                       "<r t='h' k='txt' a='c'><c a='l'/><c>合计</c><c>基本支出</c><c>项目支出</c></r>"
                       "<r t='d' k='num'><c k='txt' a='l' i='2'>“三公”经费支出合计</c>"
                       "<c a='r'>1.5*F3</c><c>12.25</c><c k='fix' a='l'>-</c></r><r t='d' k='num'/></grid>",
                       30);
    /* after a cell with n, the next starts where it ends; a cell's own k and a win */
    assert_draws_alike("<grid n='5'><r t='d'><c n='2' s='2' k='txt' a='c'>名称很长很长很长</c>"
                       "<c n='4' k='num'>1.5</c><c n='5' k='txt' a='r'>说明</c></r></grid>",
                       "<grid n='5'><r t='d' k='num' a='c'><c n='2' s='2' k='txt'>名称很长很长很长</c>"
                       "<c>1.5</c><c k='txt' a='r'>说明</c></r></grid>",
                       20);
    /* a very wide table: 1,000 cells without n fill the 1,000 columns */
    strbuf g1, g2;
    sb_init(&g1);
    sb_init(&g2);
    sb_adds(&g1, "<grid n='1000'><r t='d'>");
    sb_adds(&g2, "<grid n='1000'><r t='d' k='num'>");
    for (int j = 1; j <= 1000; j++) {
        sb_addf(&g1, "<c n='%d' k='num'>%d</c>", j, j % 10);
        sb_addf(&g2, "<c>%d</c>", j % 10);
    }
    sb_adds(&g1, "</r></grid>");
    sb_adds(&g2, "</r></grid>");
    assert_draws_alike(g1.data, g2.data, 1000);
    sb_free(&g1);
    sb_free(&g2);
    /* a cell more than the columns: refused, as one given a column outside them */
    int tw = 0;
    const char *why = NULL;
    assert_null(draw("<grid n='2'><r t='d'><c s='2'>x</c><c>y</c></r></grid>", 100, 1, &tw, &why));
    assert_non_null(strstr(why, "outside"));
    /* a row's alignment is checked as a cell's */
    assert_null(draw("<grid n='1'><r t='d' k='txt' a='x'><c>x</c></r></grid>", 100, 1, &tw, &why));
    assert_non_null(strstr(why, "align"));
}

/* fmt:table-frame (issue 13): a table's header grid and column slots as common.xsl's
 * templates built them (the same strings, checked against them when they moved to C): a
 * label merged down over a row and across three columns, a 栏次 row, two column groups,
 * a table with nothing, 预算数/决算数 halves whose first header row marks the groups. */
static void test_table_frame(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(
        "<xsl:variable name='t'><g:table line='1'><g:header><g:hrow line='2' cells='4'><g:h cell='1'>项目</g:h><g:h cell="
        "'2'>本年 支出</g:h></g:hrow><g:hrow line='3' cells='4'><g:h cell='2'>合计</g:h><g:h cell='3'>基本支出</g:h><g:h cell='4'"
        ">项目支出</g:h></g:hrow><g:hrow line='4' cells='4' colno='true'><g:h cell='1'>栏次</g:h><g:h cell='2'>1</g:h><g:h ce"
        "ll='3'>2</g:h><g:h cell='4'>3</g:h></g:hrow></g:header><g:part id='p' axis='function'><g:column id='a' cells='"
        "2 6'/><g:column id='b' cells='3 7'/><g:column id='c' cells='4 8'/><g:row line='5' lineNo='1'/></g:part></g:tab"
        "le><g:table line='9'/><g:table line='20'><g:header><g:hrow cells='6'><g:h cell='1'>预算数</g:h><g:h cell='4'>决算数<"
        "/g:h></g:hrow><g:hrow cells='6'><g:h cell='1'>收入</g:h><g:h cell='2'>支出</g:h><g:h cell='3'>结余</g:h><g:h cell='4"
        "'>收入</g:h><g:h cell='5'>支出</g:h><g:h cell='6'>结余</g:h></g:hrow></g:header><g:part id='x' axis='single'><g:colu"
        "mn cells='1'/><g:column cells='2'/><g:column cells='3'/><g:column cells='4'/><g:column cells='5'/><g:column ce"
        "lls='6'/><g:row line='22'/></g:part></g:table></xsl:variable><xsl:for-each select=\"exsl:node-set($t)/g:table\""
        "><xsl:variable name='f' select='fmt:table-frame(.)'/>[<xsl:value-of select=\"concat($f/@n, '|', $f/@groups, '|"
        "')\"/><xsl:for-each select=\"$f/hr\"><xsl:value-of select=\"concat(@i, @colno, @line, ':')\"/><xsl:for-each se"
        "lect=\"hc\"><xsl:value-of select=\"concat(@k, @n, '/', @s, '/', @r, substring('v', 1, number(boolean(@down))),"
        " substring('G', 1, number(@gs = 'true')), .,' ')\"/></xsl:for-each>;</xsl:for-each><xsl:for-each select=\"$f/slot\"><xsl:value-of select=\"concat(@part"
        ", @g, ' ', @start, '-', @first, '-', @last, ' k', @keys, ' ', @lineno, ' ', @axis, ';')\"/></xsl:for-each>]</x"
        "sl:for-each>",
        &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    const char *want =
        "[4| 5 |1false2:h1/1/2v项目 h2/3/1本年支出 ;2false3:v1/1/ h2/1/1合计 h3/1/1基本支出 "
        "h4/1/1项目支出 ;3true4:h1/1/1栏次 h2/1/11 h3/1/12 h4/1/13 ;p1 1-2-4 k1 true function;"
        "p2 5-6-8 k1 true function;][0| |][6| 4 |1false:h1/3/1预算数 h4/3/1G决算数 ;2false:h1/1/1收入 "
        "h2/1/1支出 h3/1/1结余 h4/1/1G收入 h5/1/1支出 h6/1/1结余 ;x1 1-1-6 k0 false single;]\n";
    if (strcmp(out, want) != 0)
        fail_msg("got  %s\nwant %s", out, want);
    free(out);
    /* anything but a g:table is refused */
    gfa_diags_clear(d);
    out = run_custom("<xsl:value-of select=\"fmt:table-frame(/)\"/>", &st, d);
    assert_null(out);
    assert_int_equal(st, GFA_ERR_INPUT);
    gfa_diags_free(d);
}

/* fmt:cell-text (issue 13): a value cell as shown. In the sample, amounts get its declared
 * two decimals; elsewhere (no report around them) as many as printed; a negative printed
 * in parentheses keeps them; na its mark, text its text, blank nothing. */
static void test_cell_text(void **state)
{
    assert_custom_gives(
        "<xsl:value-of select=\"fmt:cell-text((//g:row[@key='fiscal_gpb']/g:amt)[1])\"/>|"
        "<xsl:variable name='r'><g:row><g:amt text='（12.5）'>-12.5</g:amt><g:amt text='-3'>-3</g:amt>"
        "<g:amt text=' '> </g:amt><g:na text='—'/><g:text>无 此 项</g:text><g:blank/></g:row></xsl:variable>"
        "<xsl:for-each select=\"exsl:node-set($r)/g:row/*\">"
        "<xsl:value-of select=\"concat('[', fmt:cell-text(.), ']')\"/></xsl:for-each>"
        "<xsl:value-of select=\"concat('[', fmt:cell-text(/nothing), ']')\"/>",
        "1,614.45|[(12.5)][-3][][—][无 此 项][][]\n");
}

/* The widths measured without ICU (ASCII, CJK ideographs, fullwidth forms; issue 13) are
 * ICU's: East Asian Width, marks and controls zero. */
static void test_code_point_width_fast_paths(void **state)
{
    static const UChar32 ranges[][2] = {{0x20, 0x7E}, {0x4E00, 0x9FFF}, {0xFF01, 0xFF60}};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (UChar32 c = ranges[r][0]; c <= ranges[r][1]; c++) {
            int8_t type = u_charType(c);
            int want;
            if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
                type == U_CONTROL_CHAR)
                want = 0;
            else {
                int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
                want = ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : ea == U_EA_AMBIGUOUS ? 1 : 1;
            }
            if (fmt_code_point_width(c, 1) != want)
                fail_msg("U+%04X: %d columns, ICU says %d", (unsigned)c, fmt_code_point_width(c, 1), want);
        }
    }
}

/* fmt:grid-cells (issue 13): a form's grid row, one cell per printed position, the first
 * cell at a position winning, positions without one empty, cells outside dropped. */
static void test_grid_cells(void **state)
{
    assert_custom_gives(
        "<xsl:variable name='g'><g:r cells='4'><g:c cell='3'>三</g:c><g:c cell='1'>一</g:c>"
        "<g:c cell='3'>又三</g:c><g:c cell='9'>九</g:c><g:c>无</g:c></g:r><g:r cells='0'/><g:r/></xsl:variable>"
        "<xsl:for-each select=\"exsl:node-set($g)/g:r\">"
        "<xsl:for-each select='fmt:grid-cells(.)'><xsl:value-of select=\"concat('[', ., ']')\"/></xsl:for-each>|"
        "</xsl:for-each>",
        "[一][][三][]|||\n");
}

/* fmt:children (issue 13): the children of gfa's namespace with a given name whose attribute
 * has a given value, as parents/g:NAME[@ATTR = value] selects them: every one in document
 * order (two of one field: both), only elements of gfa's namespace and of that name, only an
 * attribute of no namespace, its whole value (no prefix matches), an absent attribute not
 * the empty value; parents several (a table's parts: parent by parent) or none; a parent
 * that is not an element; a node-set required, the arity checked. */
static void test_children(void **state)
{
    assert_custom_gives(
        "<xsl:variable name='f'><g:fund><g:reason field='rate'>R</g:reason><g:amt field='rate'>1</g:amt>"
        "<g:amt field='score'>2</g:amt><g:amt field='rate'>3</g:amt><amt field='rate'>4</amt>"
        "<g:amt xmlns:o='urn:other' o:field='score'>5</g:amt><g:amt field='rat'>6</g:amt>"
        "<g:amt field=''>7</g:amt><g:amt>8</g:amt></g:fund>"
        "<g:table><g:part><g:row key='a'>p1a</g:row><g:column id='a'>c1</g:column></g:part>"
        "<g:part><g:row key='b'>p2b</g:row><g:row key='a'>p2a</g:row></g:part></g:table></xsl:variable>"
        "<xsl:variable name='fund' select='exsl:node-set($f)/g:fund'/>"
        "<xsl:variable name='t' select='exsl:node-set($f)/g:table'/>"
        "<xsl:for-each select=\"fmt:children($fund, 'amt', 'field', 'rate')\">[<xsl:value-of select='.'/>]</xsl:for-each>|"
        "<xsl:for-each select=\"fmt:children($fund, 'amt', 'field', 'score')\">[<xsl:value-of select='.'/>]</xsl:for-each>|"
        "<xsl:for-each select=\"fmt:children($fund, 'amt', 'field', '')\">[<xsl:value-of select='.'/>]</xsl:for-each>|"
        "<xsl:value-of select=\"count(fmt:children($fund, 'amt', 'field', 'balance'))\"/>|"
        "<xsl:value-of select=\"count(fmt:children(/nothing, 'amt', 'field', 'rate'))\"/>|"
        "<xsl:value-of select=\"count(fmt:children($fund/@x | $fund/g:amt/text(), 'amt', 'field', 'rate'))\"/>|"
        "<xsl:for-each select=\"fmt:children($t/g:part, 'row', 'key', 'a')\">[<xsl:value-of select='.'/>]</xsl:for-each>|"
        "<xsl:value-of select=\"fmt:children($t/g:part, 'column', 'id', 'a')\"/>|"
        "<xsl:value-of select=\"count(fmt:children($fund, 'amt', 'field', 'rate')) = count($fund/g:amt[@field = 'rate'])\"/>",
        "[1][3]|[2]|[7]|0|0|0|[p1a][p2a]|c1|true\n");
    static const char *const bad[] = {"count(fmt:children(., 'amt', 'field'))",
                                      "count(fmt:children('x', 'amt', 'field', 'rate'))"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
}

/* fmt:run-length (issue 13): the rows a cell merged down over equal values spans, against
 * the XPath html.xsl used (preceding-sibling, following-sibling and two counts): a run at the
 * start, in the middle and at the end, a run of one, a value absent (the empty string, the
 * same as an empty one), another element between (passed over), an element of another
 * namespace or name (not a sibling of the run), an attribute of another namespace (not the
 * attribute); not an element, no node: 0; a node-set required, the arity checked. */
static void test_run_length(void **state)
{
    assert_custom_gives(
        "<xsl:variable name='f'><g:indicators><g:i l='a'/><g:i l='a'/><g:note l='b'/><g:i l='a'/>"
        "<g:i l='b'/><i xmlns='urn:other' l='c'/><g:i l='c'/><g:i l='c'/><g:i/><g:i l=''/>"
        "<g:i xmlns:o='urn:other' o:l='d'/><g:i l='d'/><g:j l='d'/><g:i l='d'/></g:indicators></xsl:variable>"
        "<xsl:variable name='is' select='exsl:node-set($f)/g:indicators'/>"
        "<xsl:for-each select='$is/g:i'>"
        "<xsl:variable name='prev' select='preceding-sibling::g:i[1]'/>"
        "<xsl:variable name='other' select='following-sibling::g:i[string(@l) != string(current()/@l)][1]'/>"
        "<xsl:variable name='want' select='number(not($prev) or string($prev/@l) != string(@l)) * "
        "(count(following-sibling::g:i) + 1 - count($other/following-sibling::g:i) - number(boolean($other)))'/>"
        "<xsl:value-of select=\"concat(fmt:run-length(., 'l'), substring('!', 1, number(fmt:run-length(., 'l') != $want)), ' ')\"/>"
        "</xsl:for-each>|"
        "<xsl:value-of select=\"concat(fmt:run-length($is/g:i/@l, 'l'), fmt:run-length(/nothing, 'l'), "
        "fmt:run-length($is/g:note, 'l'), fmt:run-length($is/g:j, 'l'))\"/>",
        "3 0 0 1 2 0 3 0 0 2 0 |0011\n");
    static const char *const bad[] = {"fmt:run-length(.)", "fmt:run-length('x', 'l')"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
}

/* fmt:finding-value (issue 13): a finding's value as common.xsl's finding-value showed it in
 * XPath (is it a plain decimal, which kind is it: fmt:amount, fmt:percent, or as it is),
 * value by value and kind by kind; a plain decimal that is no number fails as fmt:amount
 * does, in its name; the arity checked. */
static void test_finding_value(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(
        "<xsl:variable name='f'><v>1234.5</v><v>-0.125</v><v>1,614.45</v><v>12</v><v>001</v><v>0</v>"
        "<v>abc</v><v></v><v>1.5万元</v><v> 12</v><v>.,-+</v><v>3e5</v><v>２３</v><v>-12.3456789</v>"
        "<k>amount</k><k>rate</k><k>code</k><k>text</k><k>count</k><k>score</k><k></k></xsl:variable>"
        "<xsl:variable name='t' select='exsl:node-set($f)'/>"
        "<xsl:for-each select='$t/v'><xsl:variable name='v' select='.'/>"
        "<xsl:for-each select='$t/k'><xsl:variable name='kind' select='string(.)'/>"
        "<xsl:variable name='num' select=\"string-length($v) &gt; 0 and translate($v, '0123456789', '') != $v "
        "and translate($v, '0123456789.,-+', '') = ''\"/>"
        "<xsl:variable name='want'><xsl:choose>"
        "<xsl:when test=\"not($num) or $kind = 'code' or $kind = 'text' or $kind = 'count'\"><xsl:value-of select='$v'/></xsl:when>"
        "<xsl:when test=\"$kind = 'rate'\"><xsl:value-of select=\"fmt:percent(string($v), 'auto')\"/></xsl:when>"
        "<xsl:otherwise><xsl:value-of select=\"fmt:amount(string($v), 'auto')\"/></xsl:otherwise></xsl:choose></xsl:variable>"
        "<xsl:value-of select=\"substring('!', 1, number(fmt:finding-value($v, $kind) != $want))\"/>"
        "</xsl:for-each></xsl:for-each>|"
        "<xsl:value-of select=\"concat(fmt:finding-value($t/v[1], 'amount'), ' ', fmt:finding-value($t/v[1], 'rate'), ' ', "
        "fmt:finding-value($t/v[1], 'count'), ' ', fmt:finding-value($t/v[3], ''), ' ', fmt:finding-value($t/v[2], 'rate'), ' ', "
        "fmt:finding-value($t/nothing, 'amount'), '/', fmt:finding-value('3e5', 'amount'))\"/>",
        &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, "|1,234.5 1,234.5% 1234.5 1,614.45 -0.125% /3e5\n");
    free(out);
    static const char *const bad[] = {"fmt:finding-value('1')", "fmt:finding-value('1.2.3', 'amount')",
                                      "fmt:finding-value('1-2', 'rate')"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
    gfa_diags_clear(d);
    free(run_custom("<xsl:value-of select=\"fmt:finding-value('1.2.3', 'amount')\"/>", &st, d));
    assert_int_not_equal(st, GFA_OK);
    bool named = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        named = named || strstr(gfa_diag_message(gfa_diags_at(d, i)), "fmt:amount:") != NULL;
    assert_true(named);
    gfa_diags_free(d);
}

/* fmt:descendants (issue 13): the descendant elements with an attribute of a value, as
 * descendant::*[@ATTR = value] selects them: in document order at any depth (a parent before
 * its children, a subtree before its next sibling), not the node itself, only an attribute of
 * no namespace and its whole value; a node with none, a text node, no node: none; from the
 * document node, the whole tree. A node-set required, the arity checked. */
static void test_descendants(void **state)
{
    assert_custom_gives(
        "<xsl:variable name='f'><g:p certain='false' n='0'><g:a certain='false' n='1'><g:b n='2'>"
        "<g:c certain='false' n='3'/></g:b><g:d certain='false ' n='4'/></g:a>text"
        "<g:e xmlns:o='urn:other' o:certain='false' n='5'/><g:f certain='false' n='6'><g:g certain='true' n='7'/>"
        "</g:f></g:p><g:q/></xsl:variable>"
        "<xsl:variable name='p' select='exsl:node-set($f)/g:p'/>"
        "<xsl:for-each select=\"fmt:descendants($p, 'certain', 'false')\">[<xsl:value-of select='@n'/>]</xsl:for-each>|"
        "<xsl:value-of select=\"count(fmt:descendants($p, 'certain', 'false')) = count($p/descendant::*[@certain = 'false'])\"/>|"
        "<xsl:value-of select=\"count(fmt:descendants(exsl:node-set($f)/g:q, 'certain', 'false'))\"/>|"
        "<xsl:value-of select=\"count(fmt:descendants($p/text(), 'certain', 'false'))\"/>|"
        "<xsl:value-of select=\"count(fmt:descendants(/nothing, 'certain', 'false'))\"/>|"
        "<xsl:for-each select=\"fmt:descendants(exsl:node-set($f), 'certain', 'false')\">[<xsl:value-of select='@n'/>]</xsl:for-each>",
        "[1][3][6]|true|0|0|0|[0][1][3][6]\n");
    static const char *const bad[] = {"count(fmt:descendants(., 'certain'))",
                                      "count(fmt:descendants('x', 'certain', 'false'))"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
}

/* fmt:having (issue 13): path[@A = V …] through an index made at the first lookup, checked
 * against xsl:key over every amount of the sample (the same nodes, in the same order) and
 * against XPath: one to three attributes, a node-set value standing for each of its nodes'
 * strings (an empty one for none), an attribute a node lacks never matching (not even ''),
 * a path selecting nothing, too many combinations of values (looked through), a path made
 * with fmt:elements; a path that selects no nodes or is no expression, and a wrong arity,
 * fail the transform. */
static void test_having(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom_with(
        "<xsl:key name='amt' match='g:amt[@line and @col]' use=\"concat(@line, '|', @col)\"/>"
        "<xsl:key name='row' match='g:row' use='@key'/>",
        /* every amount by line and column, as the key finds it: a mark for each difference */
        "<xsl:for-each select='//g:amt[@line and @col]'>"
        "<xsl:variable name='k' select=\"key('amt', concat(@line, '|', @col))\"/>"
        "<xsl:variable name='h' select=\"fmt:having('//g:amt', 'line', @line, 'col', @col)\"/>"
        "<xsl:if test='count($k) != count($h) or count($k | $h) != count($k)'>X</xsl:if>"
        "</xsl:for-each>|"
        "<xsl:value-of select='count(//g:amt[@line and @col]) &gt; 100'/>|"
        /* rows by key, in document order */
        "<xsl:for-each select='//g:row[position() &lt; 40]'>"
        "<xsl:variable name='k' select=\"key('row', @key)\"/>"
        "<xsl:variable name='h' select=\"fmt:having('//g:row', 'key', @key)\"/>"
        "<xsl:if test='count($k) != count($h) or generate-id($k[1]) != generate-id($h[1])"
        " or generate-id($k[last()]) != generate-id($h[last()])'>X</xsl:if>"
        "</xsl:for-each>|"
        "<xsl:value-of select=\"count(fmt:having('//g:amt', 'col', 'total')) = count(//g:amt[@col = 'total'])\"/>|"
        "<xsl:value-of select=\"count(fmt:having('//g:table', 'def', (//g:table)[1]/@def | (//g:table)[2]/@def))\"/>|"
        "<xsl:value-of select=\"count(fmt:having('//g:table', 'def', //g:nothing/@def))\"/>|"
        "<xsl:value-of select=\"count(fmt:having('//g:row', 'no-such', ''))\"/>|"
        "<xsl:value-of select=\"count(fmt:having('/nothing', 'key', 'x'))\"/>|"
        "<xsl:value-of select=\"count(fmt:having('//g:amt', 'col', //g:amt/@col, 'line', //g:amt/@line))"
        " = count(//g:amt[@col and @line])\"/>|"
        "<xsl:value-of select=\"count(fmt:having('//g:amt', 'col', 'total', 'line', (//g:amt[@col = 'total'])[1]/@line,"
        " 'cell', (//g:amt[@col = 'total'])[1]/@cell))\"/>|"
        "<xsl:value-of select=\"count(fmt:having(&quot;fmt:elements(/, 'p item')&quot;, 'line', (//g:p)[2]/@line))"
        " = count((//g:p | //g:item)[@line = (//g:p)[2]/@line])\"/>",
        NULL, &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, "|true||true|2|0|0|0|true|1|true\n");
    free(out);
    gfa_diags_free(d);
    static const char *const bad[] = {"count(fmt:having('//g:row', 'key'))",
                                      "count(fmt:having('//g:row'))",
                                      "count(fmt:having('//g:row', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'))",
                                      "count(fmt:having('1 + 1', 'key', 'x'))",
                                      "count(fmt:having('//g:row[', 'key', 'x'))"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
}

/* Renames the first table's definition id (a change to the document after a rendering). */
static void rename_first_table(xmlDocPtr doc)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST "(//g:table)[1]", xc);
    assert_true(r && r->nodesetval && r->nodesetval->nodeNr == 1);
    xmlSetProp(r->nodesetval->nodeTab[0], BAD_CAST "def", BAD_CAST "renamed");
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xc);
}

/* The index is the report's, kept from one rendering to the next, and dropped when the
 * document is handed out to be changed: a second rendering sees the change. */
static void test_having_after_change(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom_with("",
                                "<xsl:value-of select=\"concat(count(fmt:having('//g:table', 'def', 'renamed')), "
                                "count(fmt:having('//g:table', 'def', 'renamed', 'line', (//g:table)[1]/@line)), '|')\"/>",
                                rename_first_table, &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, "00|\n11|\n");
    free(out);
    gfa_diags_free(d);
}

/* fmt:elements (issue 13): node//g:N1 | node//g:N2 … in document order: of the document, of an
 * element (not itself), of a fragment; names not of gfa's namespace, no names, a text node:
 * none. A node-set required, the arity checked. */
static void test_elements(void **state)
{
    assert_custom_gives(
        "<xsl:variable name='f'><g:p n='0'><g:item n='1'><g:p n='2'/></g:item><p n='3'/>"
        "<g:remark n='4'/></g:p></xsl:variable>"
        "<xsl:variable name='e' select=\"fmt:elements(/, 'p item remark')\"/>"
        "<xsl:value-of select='count($e) = count(//g:p | //g:item | //g:remark) and count($e) &gt; 10'/>|"
        "<xsl:value-of select='generate-id($e[1]) = generate-id((//g:p | //g:item | //g:remark)[1])'/>|"
        "<xsl:value-of select=\"count(fmt:elements(/, 'p item remark')) = count($e)\"/>|"
        "<xsl:for-each select=\"fmt:elements(exsl:node-set($f), ' remark  p ')\">[<xsl:value-of select='@n'/>]</xsl:for-each>|"
        "<xsl:for-each select=\"fmt:elements(exsl:node-set($f)/g:p, 'p item')\">[<xsl:value-of select='@n'/>]</xsl:for-each>|"
        "<xsl:value-of select=\"count(fmt:elements(/, ''))\"/>|"
        "<xsl:value-of select=\"count(fmt:elements(exsl:node-set($f)/g:p/text(), 'p'))\"/>|"
        "<xsl:value-of select=\"count(fmt:elements(/nothing, 'p'))\"/>",
        "true|true|true|[0][2][4]|[1][2]|0|0|0\n");
    static const char *const bad[] = {"count(fmt:elements(/))", "count(fmt:elements('x', 'p'))"};
    assert_all_fail(bad, sizeof bad / sizeof bad[0]);
}

/* The walk of a table's body (issue 13: fmt:body-rows, fmt:line-rows, fmt:line-cells,
 * fmt:line-node), as common.xsl's templates walked it in XPath: two column slots (收入 cells
 * 1-4, 支出 5-7), rows in another order than their lines, a hole between values, a row
 * without values, a row reaching past its slot (it covers the next), a stray header row
 * printed on a line (its rows give way), a slot empty on a line, a row on no line; a table
 * without rows. 科目代码 takes a key column of its own where there are two (o3), not one (o1);
 * values side by side are one marker (S, + when plain: amounts and blanks read surely at
 * columns written as numbers), values with holes or starting a column group (g: column 5)
 * one each (V); key cells of a code list (c) and starting a group (g), holding the row's
 * label as row-label gives it (a code list's name, else the label unwrapped, else the name:
 * test_key_labels); a line with a total
 * (L t), a heading (L h) or only placeholders (L p) says so first. */
static void test_table_walk(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(
        "<xsl:variable name='t'><g:table line='1'><g:part id='in' axis='single'><g:column id='a' cells='2'/>"
        "<g:column id='b' cells='3'/><g:column id='c' cells='4'/>"
        "<g:row key='i2' line='12' total='true'><g:amt cell='2'>1</g:amt><g:blank cell='3'/><g:amt cell='4'>3</g:amt></g:row>"
        "<g:row key='i1' line='10' label='本年收入合 计'><g:amt cell='2'>1</g:amt><g:amt cell='4'>3</g:amt></g:row>"
        "<g:row key='i3' line='11'/><g:row key='nowhere'><g:amt cell='2'>9</g:amt></g:row>"
        "<g:row key='i4' line='13' name='其他收入'><g:amt cell='2'>1</g:amt><g:amt cell='7'>7</g:amt></g:row>"
        "<g:row key='i5' line='15'><g:amt cell='2'>1</g:amt><g:amt cell='3' certain='false'>2</g:amt></g:row>"
        "<g:row key='i6' line='16'><g:amt cell='3'>1</g:amt><g:amt cell='4'>2</g:amt><g:amt cell='5'>3</g:amt></g:row>"
        "<g:row key='i7' line='17'><g:amt cell='02'>1</g:amt></g:row></g:part>"
        "<g:part id='out' axis='function'><g:column id='x' cells='6'/><g:column id='y' cells='7'/>"
        "<g:row key='o1' code='201' line='10' name='一般公共服务支出' label='一般公共 服务'><g:amt cell='6'>6</g:amt><g:text cell='7'>无</g:text></g:row>"
        "<g:row key='o2' line='13' heading='true'><g:amt cell='6'>6</g:amt></g:row>"
        "<g:row key='o3' line='14' code='2010301' placeholder='true' label='其他 支出'><g:amt cell='7'>7</g:amt></g:row></g:part>"
        "<g:hrow line='11' cells='7'><g:h cell='1'>小标题</g:h></g:hrow></g:table><g:table line='30'/></xsl:variable>"
        "<xsl:for-each select=\"exsl:node-set($t)/g:table\"><xsl:variable name='f' select='fmt:table-frame(.)'/>["
        "<xsl:for-each select='fmt:body-rows(.)'><xsl:sort select='@line' data-type='number'/><xsl:choose>"
        "<xsl:when test='self::g:hrow'><xsl:value-of select=\"concat('H', @line, ';')\"/></xsl:when><xsl:otherwise>"
        "<xsl:value-of select=\"concat(@line, '(', count(fmt:line-rows(.)), '):')\"/><xsl:variable name='row' select='.'/>"
        "<xsl:for-each select='fmt:line-cells(., $f)'><xsl:choose>"
        "<xsl:when test='self::gap'><xsl:value-of select=\"concat('G', @from, '-', @to, ' ')\"/></xsl:when>"
        "<xsl:when test='self::line'><xsl:value-of select=\"concat('L', substring('t', 1, number(@total = 'true')), "
        "substring('h', 1, number(@heading = 'true')), substring('p', 1, number(@placeholder = 'true')), ' ')\"/></xsl:when>"
        "<xsl:when test='self::vs'><xsl:variable name='p' select=\"substring('+', 1, number(@plain = 'true'))\"/>"
        "<xsl:for-each select='fmt:line-node($row, @r, 0)/*[@cell]'>"
        "<xsl:value-of select=\"concat('S', $p, @cell, ':', ../@key, ' ')\"/></xsl:for-each></xsl:when>"
        "<xsl:when test='self::k'><xsl:value-of select=\"concat('K', '@', @start, ',', @code, ',', @span, ',', "
        "@lineno, ',', substring('c', 1, number(@coded = 'true')), substring('g', 1, number(@gs = 'true')), ':', "
        "fmt:line-node($row, @r, 0)/@key, '=', ., ' ')\"/></xsl:when>"
        "<xsl:otherwise><xsl:value-of select=\"concat('V', substring('g', 1, number(@gs = 'true')), "
        "fmt:line-node($row, @r, @c)/@cell, ':', fmt:line-node($row, @r, @c)/../@key, ' ')\"/>"
        "</xsl:otherwise></xsl:choose></xsl:for-each>;</xsl:otherwise></xsl:choose></xsl:for-each>]</xsl:for-each>",
        &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    const char *want = "[10(2):K@1,,1,,:i1=本年收入合计 V2:i1 G3-3 V4:i1 K@5,,1,,cg:o1=一般公共服务支出 S6:o1 S7:o1 ;"
                       "H11;12(1):Lt K@1,,1,,:i2= S+2:i2 S+3:i2 S+4:i2 G5-7 ;"
                       "13(2):Lh K@1,,1,,:i4=其他收入 V2:i4 G3-6 V7:i4 ;"
                       "14(1):Lp G1-4 K@5,true,1,,cg:o3=其他支出 S+7:o3 ;"
                       "15(1):K@1,,1,,:i5= S2:i5 S3:i5 G5-7 ;"
                       "16(1):K@1,,2,,:i6= V3:i6 V4:i6 Vg5:i6 ;"
                       "17(1):K@1,,1,,:i7= S02:i7 G5-7 ;][]\n";
    if (strcmp(out, want) != 0)
        fail_msg("got  %s\nwant %s", out, want);
    free(out);
    /* anything but a g:table, a g:row with a frame, is refused; a node the line has not is
     * nothing */
    const char *bad[] = {"<xsl:value-of select=\"count(fmt:body-rows(/))\"/>",
                         "<xsl:value-of select=\"count(fmt:line-cells(/, /))\"/>",
                         "<xsl:value-of select=\"count(fmt:line-cells((//g:row)[1]))\"/>"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        gfa_diags_clear(d);
        out = run_custom(bad[i], &st, d);
        assert_null(out);
        assert_int_not_equal(st, GFA_OK);
    }
    gfa_diags_clear(d);
    out = run_custom("<xsl:variable name='r' select=\"(//g:row[@line])[1]\"/><xsl:value-of select=\""
                     "concat(count(fmt:line-node($r, 1, 0)), count(fmt:line-node($r, 9, 0)), count(fmt:line-node($r, 1, 99)), "
                     "count(fmt:line-node($r, -1, 0)), count(fmt:line-node(/, 1, 0)), count(fmt:line-rows(/)))\"/>",
                     &st, d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, "100000\n");
    free(out);
    gfa_diags_free(d);
}

/* fmt:line-cells' key-cell markers hold the row's label as common.xsl's row-label gives it
 * (issue 13: html.xsl reads the marker's text): every one of the sample's, against row-label
 * in XPath. */
static void test_key_labels(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom_with(
        "<xsl:template name='row-label'><xsl:choose>"
        "<xsl:when test=\"@name and (../@axis = 'function' or ../@axis = 'economic')\"><xsl:value-of select='@name'/></xsl:when>"
        "<xsl:when test='@label'><xsl:value-of select='fmt:unwrap(@label)'/></xsl:when>"
        "<xsl:otherwise><xsl:value-of select='@name'/></xsl:otherwise></xsl:choose></xsl:template>",
        "<xsl:for-each select='//g:table'><xsl:variable name='f' select='fmt:table-frame(.)'/>"
        "<xsl:for-each select='fmt:body-rows(.)[self::g:row]'><xsl:variable name='row' select='.'/>"
        "<xsl:for-each select='fmt:line-cells(., $f)[self::k]'><xsl:variable name='k' select='string(.)'/>"
        "<xsl:for-each select='fmt:line-node($row, @r, 0)'><xsl:variable name='want'><xsl:call-template name='row-label'/></xsl:variable>"
        "<xsl:value-of select=\"concat(substring('=', 1, number($k = $want)), substring('!', 1, number($k != $want)))\"/>"
        "<xsl:if test=\"$k != $want\"><xsl:value-of select=\"concat(@key, ':', $k, '/', $want, ' ')\"/></xsl:if>"
        "</xsl:for-each></xsl:for-each></xsl:for-each></xsl:for-each>",
        NULL, &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    size_t same = strspn(out, "=");
    if (out[same] != '\n')
        fail_msg("labels differ: %s", out + same);
    assert_true(same > 200); /* the sample's tables have over 300 rows with key cells */
    free(out);
    gfa_diags_free(d);
}

/* The walk's C side on a long table: 3,000 rows printed in the reverse of their order, one
 * index for every line of it. */
static void test_table_walk_long(void **state)
{
    strbuf x;
    sb_init(&x);
    sb_adds(&x, "<table xmlns='urn:gfa:report:1' line='1'><part id='p' axis='single'><column id='a' cells='2'/>");
    for (int i = 3000; i >= 1; i--)
        sb_addf(&x, "<row key='r%d' line='%d'><amt cell='2'>%d</amt></row>", i, 100 + i, i);
    sb_adds(&x, "</part></table>");
    xmlDocPtr doc = xmlReadMemory(x.data, (int)x.len, "t.xml", NULL, XML_PARSE_NONET);
    sb_free(&x);
    assert_non_null(doc);
    xmlNodePtr table = xmlDocGetRootElement(doc);
    xmlDocPtr frag = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr frame = fmt_table_frame(frag, table);
    assert_non_null(frame);
    xmlAddChild((xmlNodePtr)frag, frame);
    fmt_walk *w = fmt_walk_new();
    xmlNodePtr *rows = NULL;
    size_t n = 0;
    assert_true(fmt_body_rows(w, table, &rows, &n));
    assert_int_equal(n, 3000);
    for (size_t i = 0; i < n; i++) {
        xmlChar *line = xmlGetProp(rows[i], BAD_CAST "line");
        assert_int_equal(atoi((const char *)line), 101 + (int)i);
        xmlFree(line);
        xmlNodePtr *cells = NULL;
        size_t nc = 0;
        assert_true(fmt_line_cells(w, frag, rows[i], frame, &cells, &nc));
        assert_int_equal(nc, 2); /* the key cells, the values */
        assert_ptr_equal(fmt_line_node(w, rows[i], 1, 0), rows[i]);
        assert_ptr_equal(fmt_line_node(w, rows[i], 1, 1), rows[i]->children);
        assert_null(fmt_line_node(w, rows[i], 1, 2));
        assert_null(fmt_line_node(w, rows[i], 2, 0));
        free(cells);
    }
    free(rows);
    fmt_walk_free(w);
    xmlFreeDoc(frag);
    xmlFreeDoc(doc);
}

static void test_wrap_helpers(void **state)
{
    /* never start a line with closing punctuation, never end one with an opening bracket */
    char *s = fmt_wrap_text("政府办公厅（室）及相关机构事务", 12, 0, 0, 1);
    assert_string_equal(s, "政府办公厅\n（室）及相关\n机构事务");
    free(s);
    s = fmt_wrap_text("收入，支出。合计", 4, 0, 0, 1);
    assert_string_equal(s, "收\n入，\n支\n出。\n合计");
    free(s);
    /* ASCII words stay whole when they fit, and are cut when they do not */
    s = fmt_wrap_text("单价100万元 abcdefghij", 8, 0, 0, 1);
    assert_string_equal(s, "单价100\n万元\nabcdefgh\nij");
    free(s);
    assert_int_equal(fmt_wrap_count("", 5, 0, 1), 1);
    assert_int_equal(fmt_wrap_count("一二三四五", 4, 0, 1), 3);
    assert_int_equal(fmt_wrap_count("一二三四五", 6, 2, 1), 3);
    /* ambiguous characters take two columns when asked */
    assert_int_equal(fmt_wrap_count("“三公”", 4, 0, 1), 2);
    assert_int_equal(fmt_wrap_count("“三公”", 4, 0, 2), 2);
    s = fmt_wrap_line("一二三", 5, 2, 'r', 0, 1);
    assert_string_equal(s, "   三");
    free(s);
    /* exact decimal scaling for 人民币大写 */
    const char *why = NULL;
    s = fmt_scale_decimal("1614.45", 4, &why);
    assert_string_equal(s, "16144500");
    free(s);
    s = fmt_scale_decimal("-0.123456", 4, &why);
    assert_string_equal(s, "-01234.56");
    free(s);
    s = fmt_scale_decimal("1,234.5", 0, &why);
    assert_string_equal(s, "1234.5");
    free(s);
    assert_null(fmt_scale_decimal("12x", 4, &why));
    assert_non_null(why);
    assert_null(fmt_scale_decimal("1", 40, &why));
}

/* ---- unwrapping (issue 9: the reader and fmt:unwrap disagreed) ------------------------ */

static const struct {
    const char *in, *want;
} unwrap_cases[] = {
    {"本年收入合 计", "本年收入合计"},           /* a wrap between hanzi */
    {"2024 年度", "2024年度"},                   /* the PDF's space between digits and hanzi */
    {"单价 100 万元（含）", "单价100万元（含）"}, /* ... on both sides of the digits */
    {"因公出国 (境) 费", "因公出国(境)费"},      /* ASCII brackets next to hanzi */
    {"( a )", "(a)"},                            /* a run just inside ASCII brackets */
    {"(a) (b)", "(a) (b)"},                      /* between narrow characters: kept */
    {"“三公” 经费", "“三公”经费"},               /* an ambiguous-width quote next to hanzi */
    {"其他政府办公厅 （室）及相关机构 事务支出", "其他政府办公厅（室）及相关机构事务支出"},
    {"  Wi-Fi \t  service\u3000", "Wi-Fi service"}, /* runs collapse; the ends go */
    {"合计\u3000\u3000", "合计"},
    {"", ""},
};

/* The wrapping's units by the ideographs' fast path are the general path's, at every byte of
 * the sample and of every arrangement of three characters around the fast path's bounds
 * (ideographs at U+4E00 and U+9FFF and just outside, a mark, a tab, punctuation, broken
 * UTF-8), for both ambiguous widths. */
static void test_text_units_fast_path(void **state)
{
    (void)state;
    size_t len = 0;
    char *sample = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), &len);
    assert_non_null(sample);
    for (int amb = 1; amb <= 2; amb++)
        for (size_t pos = 0; pos < len; pos++)
            if (!fmt_text_unit_is_general(sample, len, pos, amb))
                fail_msg("sample, byte %zu", pos);
    free(sample);
    static const char *const pieces[] = {
        "一", "\xE9\xBF\xBF" /* U+9FFF */, "\xE4\xB7\xBF" /* U+4DFF */,
        "\xEA\xB0\x80" /* U+AC00 */, "\xCC\x81" /* U+0301 */, "\xE4", "\xE4\xB8",
        "，", "（", "a", " ", "\t", "\n", "\x7F", "“",
        /* the bounds of the CJK punctuation after an ideograph: U+3000, U+3029, U+302A (a
         * zero-width tone mark), U+303F, U+FF00, U+FF01, U+FF5F, U+FF60, U+FFFD */
        "\xE3\x80\x80", "\xE3\x80\xA9", "\xE3\x80\xAA", "\xE3\x80\xBF", "\xEF\xBC\x80",
        "\xEF\xBC\x81", "\xEF\xBD\x9F", "\xEF\xBD\xA0", "\xEF\xBF\xBD", "\xEF\xBC"};
    const size_t n = sizeof pieces / sizeof *pieces;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < n; k++) {
                char s[16];
                int w = snprintf(s, sizeof s, "%s%s%s", pieces[i], pieces[j], pieces[k]);
                for (int amb = 1; amb <= 2; amb++)
                    for (size_t pos = 0; pos < (size_t)w; pos++)
                        if (!fmt_text_unit_is_general(s, (size_t)w, pos, amb))
                            fail_msg("pieces %zu %zu %zu, byte %zu", i, j, k, pos);
            }
}

/* fmt:row-label (issue 13): a row's label as common.xsl's choose gave it, in C. */
static void test_row_label(void **state)
{
    (void)state;
    /* the rule: a code list's name, else the label unwrapped, else the name, else "" */
    static const char xml[] =
        "<t><part axis='function'><row name='一般公共服务支出' label='一般公共 服务支出'/>"
        "<row label='合 计'/><row/></part><part axis='economic'><row name='工资福利支出'/></part>"
        "<part axis='single'><row name='n1' label='本年收入合 计'/><row name='只有名'/>"
        "<row name=''/></part><row name='根下'/><row label=' 本年 支出 合计 '/></t>";
    static const char *const want[] = {"一般公共服务支出", "合计", "", "工资福利支出", "本年收入合计",
                                       "只有名", "", "根下", NULL};
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "rows.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    xmlXPathObjectPtr rows = xmlXPathEvalExpression(BAD_CAST "//row", xp);
    assert_non_null(rows);
    assert_int_equal(xmlXPathNodeSetGetLength(rows->nodesetval), ARRAY_LEN(want));
    for (int i = 0; i < xmlXPathNodeSetGetLength(rows->nodesetval); i++) {
        char *got = fmt_row_label(xmlXPathNodeSetItem(rows->nodesetval, i));
        assert_non_null(got);
        if (want[i])
            assert_string_equal(got, want[i]);
        else { /* a label unwrapped as fmt:unwrap does it */
            char *u = text_unwrap(" 本年 支出 合计 ");
            assert_string_equal(got, u);
            free(u);
        }
        free(got);
    }
    xmlXPathFreeObject(rows);
    xmlXPathFreeContext(xp);
    char *none = fmt_row_label(NULL);
    assert_string_equal(none, "");
    free(none);
    none = fmt_row_label((xmlNodePtr)doc); /* not an element */
    assert_string_equal(none, "");
    free(none);
    xmlFreeDoc(doc);
    /* ... and in a stylesheet, over every row of the sample: what the choose gave */
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(
        "<xsl:for-each select='//g:row'><xsl:variable name='old'><xsl:choose>"
        "<xsl:when test=\"@name and (../@axis = 'function' or ../@axis = 'economic')\">"
        "<xsl:value-of select='@name'/></xsl:when>"
        "<xsl:when test='@label'><xsl:value-of select='fmt:unwrap(@label)'/></xsl:when>"
        "<xsl:otherwise><xsl:value-of select='@name'/></xsl:otherwise></xsl:choose></xsl:variable>"
        "<xsl:if test='string($old) != fmt:row-label(.)'>[<xsl:value-of select='@key'/>]</xsl:if>"
        "</xsl:for-each><xsl:value-of select=\"count(//g:row[fmt:row-label(.) != ''])\"/>"
        "<xsl:value-of select=\"fmt:row-label(/g:report)\"/>",
        &st, d);
    assert_int_equal(st, GFA_OK);
    assert_non_null(out);
    /* no row differs, and most of the sample's 323 rows have a label */
    assert_true(strspn(out, "0123456789") == strlen(out) - (out[strlen(out) - 1] == '\n'));
    assert_true(atoi(out) > 200);
    free(out);
    gfa_diags_free(d);
}

static void test_unwrap(void **state)
{
    /* The C rule */
    strbuf want;
    sb_init(&want);
    for (size_t i = 0; i < ARRAY_LEN(unwrap_cases); i++) {
        char *got = text_unwrap(unwrap_cases[i].in);
        assert_non_null(got);
        if (strcmp(got, unwrap_cases[i].want) != 0)
            fail_msg("text_unwrap('%s') = '%s', want '%s'", unwrap_cases[i].in, got,
                     unwrap_cases[i].want);
        free(got);
        sb_addf(&want, "%s|", unwrap_cases[i].want);
    }
    char *nl = text_unwrap("本年收入\r\n合计\n");
    assert_string_equal(nl, "本年收入合计");
    free(nl);
    /* ... is the stylesheets' fmt:unwrap */
    strbuf body;
    sb_init(&body);
    for (size_t i = 0; i < ARRAY_LEN(unwrap_cases); i++)
        sb_addf(&body, "<xsl:value-of select=\"fmt:unwrap('%s')\"/>|", unwrap_cases[i].in);
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    char *out = run_custom(body.data, &st, d);
    assert_int_equal(st, GFA_OK);
    sb_addc(&want, '\n');
    assert_string_equal(out, want.data);
    free(out);
    sb_free(&body);
    sb_free(&want);

    /* The sample as a PDF-to-text step gives it ("单价 100 万元"): the row's name in the
     * instance is the published one, and the page shows the label as the instance has it. */
    const char *line = "(二) 单价100万元(含)以上设备(不含车辆)\t";
    const char *pdf = "(二) 单价 100 万元(含)以上设备(不含车辆)\t";
    const char *at = strstr(fx.sample, line);
    assert_non_null(at);
    strbuf text;
    sb_init(&text);
    sb_add(&text, fx.sample, (size_t)(at - fx.sample));
    sb_adds(&text, pdf);
    sb_adds(&text, at + strlen(line));
    gfa_report *rep = NULL;
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(fx.ctx, SAMPLE_NAME, text.data, text.len, &rep, d),
                     GFA_OK);
    assert_xpath(gfa_report_doc(rep), "string(//g:row[@key='equipment_over_1m']/@name)",
                 "单价100万元(含)以上设备(不含车辆)");
    size_t len = 0;
    char *html = render(rep, GFA_RENDER_HTML, NULL, &len);
    assert_non_null(strstr(html, ">(二)单价100万元(含)以上设备(不含车辆)<"));
    free(html);
    gfa_report_free(rep);
    sb_free(&text);
    gfa_diags_free(d);
}

/* ---- the batch's index page (issue 9: index.xsl over summary.xml, a slice at a time) ---- */

/* A batch result from a summary.csv (the public way in: gfa_batch_merge_summaries) with
 * nunits reports of four counties in scrambled order, one of them with a unit name of 600
 * characters, one failed and one interrupted report. */
static gfa_batch_result *index_batch(const char *dir, size_t nunits)
{
    static const char *const counties[] = {"阳城县", "长治市", "北京市", "安泽县"};
    mkdir(dir, 0755);
    char path[4300];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("input,output,status,unit,unit_code,year,fatal,errors,inconsistencies,warnings,"
          "infos,passed,failed,unchecked,reason,ruleset\r\n",
          f);
    fputs("bad.txt,bad,failed to read,,,,0,0,0,0,0,0,0,0,not a report,gfa 1\r\n", f);
    for (size_t i = 0; i < nunits; i++) {
        size_t k = (i * 7919) % nunits; /* scrambled */
        fprintf(f, "r%zu.txt,r%zu,%s,%s%04zu,,2024,0,%zu,0,0,0,10,0,0,,gfa 1\r\n", k, k,
                k % 3 ? "accepted" : "rejected", counties[k % 4], k, k % 3 ? 0 : k % 5 + 1);
    }
    fputs("long.txt,long,accepted,阳城县", f);
    for (int i = 0; i < 600; i++)
        fputs("长", f);
    fputs(",,2024,0,0,0,0,0,10,0,0,,gfa 1\r\n", f);
    fputs("late.txt,late,not run,,,,0,0,0,0,0,0,0,0,,gfa 1\r\n", f);
    fclose(f);
    gfa_diags *d = gfa_diags_new();
    gfa_batch_result *res = NULL;
    const char *dirs[] = {dir};
    assert_int_equal(gfa_batch_merge_summaries(dirs, 1, &res, d), GFA_OK);
    gfa_diags_free(d);
    return res;
}

static void test_batch_index(void **state)
{
    char in[4200], out[4200], path[4300];
    snprintf(in, sizeof in, "%s/index-in-%ld", tu_env("GFA_TMPDIR", "/tmp"), (long)getpid());
    snprintf(out, sizeof out, "%s/index-out-%ld", tu_env("GFA_TMPDIR", "/tmp"), (long)getpid());
    mkdir(out, 0755);
    const size_t nunits = 1200; /* more than two slices of the page */
    gfa_batch_result *res = index_batch(in, nunits);
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_batch_write_summary(res, fx.r, out, d), GFA_OK);
    snprintf(path, sizeof path, "%s/index.html", out);
    size_t len = 0;
    char *page = tu_read(path, &len);
    assert_non_null(page);

    /* The totals, the interrupted report counted where it belongs (the C page printed its
     * count after 规则集：). */
    assert_non_null(strstr(page, "<p>共 1203 份：接受 801，退回 400，无法读取 1，未处理（中断） 1。"
                                 "规则集：gfa 1。按单位名称排序。</p>"));
    /* One row per report, in Chinese collation order of the unit across the slices: the
     * reports without a unit first, in input order; the 600-character name in its place
     * (the C page sorted a name of more than 512 characters as if it were empty). */
    htmlDocPtr doc = parse_html(page, len);
    assert_xpath(doc, "count(//tbody/tr)", "1203");
    assert_xpath(doc, "string(//tbody/tr[1]/td[1])", "bad.txt");
    assert_xpath(doc, "string(//tbody/tr[2]/td[1])", "late.txt");
    assert_xpath(doc, "string(//tbody/tr[2]/td[3])", "未处理");
    UErrorCode ec = U_ZERO_ERROR;
    UCollator *zh = ucol_open("zh", &ec);
    assert_true(U_SUCCESS(ec));
    char *prev = NULL;
    for (size_t i = 3; i <= 1203; i++) {
        char expr[64];
        snprintf(expr, sizeof expr, "string(//tbody/tr[%zu]/td[1])", i);
        char *unit = tu_xpath(doc, expr);
        if (prev && ucol_strcollUTF8(zh, prev, -1, unit, -1, &ec) == UCOL_GREATER)
            fail_msg("row %zu: '%s' after '%s'", i, unit, prev);
        free(prev);
        prev = unit;
    }
    free(prev);
    ucol_close(zh);
    /* links percent-encoded, relative to the summary's folder */
    assert_non_null(strstr(page, "<td><a href=\""));
    assert_null(strstr(page, "<!--gfa:rows-->"));
    xmlFreeDoc(doc);

    /* The index stylesheet runs under the same security prefs as the others; a page that
     * cannot be made leaves the last good index.html in place and no temporary. */
    gfa_context *ctx = NULL;
    gfa_renderer *r = custom_renderer(
        XSL_HEAD "<xsl:value-of select=\"count(document('/etc/passwd')/*)\"/>" XSL_TAIL,
        "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
        "<xsl:template match='/'><xsl:value-of select=\"count(document('/etc/passwd')/*)\"/>"
        "<xsl:comment>gfa:rows</xsl:comment></xsl:template></xsl:stylesheet>\n",
        &ctx, d);
    assert_non_null(r);
    gfa_diags_clear(d);
    assert_int_equal(gfa_batch_write_summary(res, r, out, d), GFA_ERR_DATA);
    assert_true(tu_has_diag(d, "GFA-RENDER-012"));
    size_t len2 = 0;
    char *again = tu_read(path, &len2);
    assert_non_null(again);
    assert_true(len2 == len && memcmp(again, page, len) == 0);
    free(again);
    DIR *dh = opendir(out);
    assert_non_null(dh);
    for (struct dirent *e; (e = readdir(dh));)
        if (strstr(e->d_name, "gfa-tmp"))
            fail_msg("a temporary remains: %s", e->d_name);
    closedir(dh);
    gfa_renderer_free(r);
    gfa_context_free(ctx);
    remove_datadir();

    free(page);
    gfa_diags_free(d);
    gfa_batch_result_free(res);
    const char *files[] = {"index.html", "summary.csv", "summary.xml"};
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        unlink(path);
    }
    rmdir(out);
    snprintf(path, sizeof path, "%s/summary.csv", in);
    unlink(path);
    rmdir(in);
}

static void test_security(void **state)
{
    gfa_diags *d = gfa_diags_new();
    gfa_status st;
    /* document(''): the stylesheet's own file may be read */
    char *out = run_custom("<xsl:value-of select=\"count(document('')/*)\"/>", &st, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(out, "1\n");
    free(out);
    /* any other file may not */
    gfa_diags_clear(d);
    out = run_custom("<xsl:value-of select=\"count(document('/etc/passwd')/*)\"/>", &st, d);
    assert_int_equal(st, GFA_ERR_DATA);
    assert_null(out);
    assert_true(tu_has_diag(d, "GFA-RENDER-012"));
    /* nor the network */
    gfa_diags_clear(d);
    out = run_custom("<xsl:value-of select=\"count(document('http://127.0.0.1:9/x.xml')/*)\"/>",
                     &st, d);
    assert_int_equal(st, GFA_ERR_DATA);
    assert_true(tu_has_diag(d, "GFA-RENDER-012"));
    /* and nothing may be written */
    gfa_diags_clear(d);
    char target[4096];
    snprintf(target, sizeof target, "%s/render-written-%ld.txt", tu_env("GFA_TMPDIR", "/tmp"),
             (long)getpid());
    char *body = NULL;
    assert_true(asprintf(&body, "<exsl:document href='%s' method='text'>x</exsl:document>",
                         target) > 0);
    out = run_custom(body, &st, d);
    free(body);
    assert_int_equal(st, GFA_ERR_DATA);
    assert_true(tu_has_diag(d, "GFA-RENDER-012"));
    assert_int_not_equal(access(target, F_OK), 0);
    free(out);
    gfa_diags_free(d);
}

static void test_missing_stylesheets(void **state)
{
    /* a data folder without xslt/: the renderer says which file is missing */
    snprintf(datadir, sizeof datadir, "%s/render-noxslt-%ld", tu_env("GFA_TMPDIR", "/tmp"),
             (long)getpid());
    mkdir(datadir, 0755);
    char schemas[4200], abs[4096];
    snprintf(schemas, sizeof schemas, "%s/schemas", datadir);
    assert_non_null(realpath(tu_path("schemas"), abs));
    assert_int_equal(symlink(abs, schemas), 0);
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(datadir, d);
    assert_non_null(ctx);
    assert_null(gfa_renderer_new(ctx, d));
    assert_true(tu_has_diag(d, "GFA-RENDER-001"));
    gfa_context_free(ctx);
    gfa_diags_free(d);
    unlink(schemas);
    rmdir(datadir);
}

/* Print (issue 12): a table's notes are kept with it (a page held only a 注 line) and
 * 公开01 is set to fit one landscape page; make screenshots prints the sample with
 * Chromium and checks both on the PDF. */
static void test_print_css(void **state)
{
    (void)state;
    gfa_report *r = read_sample();
    char *html = render(r, GFA_RENDER_HTML, NULL, NULL);
    const char *print = strstr(html, "@media print");
    assert_non_null(print);
    assert_non_null(strstr(print, ".table-block p.note, .table-block p.empty"));
    assert_non_null(strstr(print, "break-before: avoid"));
    assert_non_null(strstr(print, ".table-block.t-gk01 table.report { font-size: 8pt"));
    assert_non_null(strstr(html, "t-gk01\" id=\"t"));
    free(html);
    gfa_report_free(r);
}

/* Plain text at 80 columns (issue 12): every line fits, or the grid it belongs to is
 * announced as wider than the line (公开04 and the forms could not be narrowed); every
 * line of a grid is as wide as its rule (a flagged cell's mark, *F3, keeps the columns
 * aligned) and the mark names its finding. */
static void test_text_width_80(void **state)
{
    (void)state;
    gfa_report *r = read_sample();
    gfa_diags *d = gfa_diags_new();
    gfa_validator *v = gfa_validator_new(fx.ctx, d);
    gfa_verdict *verdict = NULL;
    assert_int_equal(gfa_validate(v, r, GFA_VALIDATE_EMBED, &verdict, d), GFA_OK);
    gfa_render_options opt = {.line_width = 80, .mode = GFA_RENDER_REVIEW};
    char *text = render(r, GFA_RENDER_TEXT, &opt, NULL);
    bool notice = false, grid_ok = false, in_grid = false;
    int rule_w = 0, marks = 0;
    long no = 0;
    for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        no++;
        int w = gfa_display_width(line, 1);
        bool grid = line[0] == '+' || line[0] == '|';
        if (strstr(line, "至少需要"))
            notice = true;
        if (grid && !in_grid) { /* a grid begins: announced if wide */
            grid_ok = notice;
            notice = false;
            rule_w = w;
        }
        in_grid = grid;
        if (grid && w != rule_w)
            fail_msg("line %ld of a grid is %d columns, its rule %d: %s", no, w, rule_w, line);
        if (w > 80 && !(grid && grid_ok))
            fail_msg("line %ld is %d columns wide, unannounced: %s", no, w, line);
        marks += grid && strstr(line, "*F") != NULL;
    }
    assert_true(marks > 5);
    free(text);
    gfa_verdict_free(verdict);
    gfa_validator_free(v);
    gfa_diags_free(d);
    gfa_report_free(r);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_cells),
        cmocka_unit_test(test_html_headers),
        cmocka_unit_test(test_html_self_contained),
        cmocka_unit_test(test_html_findings),
        cmocka_unit_test(test_text_columns_align),
        cmocka_unit_test(test_text_tall_cell),
        cmocka_unit_test(test_text_value_beyond_header),
        cmocka_unit_test(test_goldens),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_render_file),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_wrap_helpers),
        cmocka_unit_test(test_draw),
        cmocka_unit_test(test_draw_row_defaults),
        cmocka_unit_test(test_row_label),
        cmocka_unit_test(test_table_frame),
        cmocka_unit_test(test_cell_text),
        cmocka_unit_test(test_grid_cells),
        cmocka_unit_test(test_children),
        cmocka_unit_test(test_run_length),
        cmocka_unit_test(test_finding_value),
        cmocka_unit_test(test_descendants),
        cmocka_unit_test(test_having),
        cmocka_unit_test(test_having_after_change),
        cmocka_unit_test(test_elements),
        cmocka_unit_test(test_table_walk),
        cmocka_unit_test(test_key_labels),
        cmocka_unit_test(test_table_walk_long),
        cmocka_unit_test(test_code_point_width_fast_paths),
        cmocka_unit_test(test_fmt_from_xslt),
        cmocka_unit_test(test_unwrap),
        cmocka_unit_test(test_batch_index),
        cmocka_unit_test(test_security),
        cmocka_unit_test(test_print_css),
        cmocka_unit_test(test_text_width_80),
        cmocka_unit_test(test_text_units_fast_path),
        cmocka_unit_test(test_missing_stylesheets),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    gfa_global_cleanup();
    return rc;
}
