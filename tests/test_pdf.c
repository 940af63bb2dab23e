/* test_pdf.c — the PDF reader (issue 10): every amount of the sample read back from each PDF
 * of the corpus (tests/corpus/generated/, made from samples/yangcheng-2024-unit.txt by
 * LibreOffice and Chromium) into the same table, row and column as the text reader puts
 * it, with a page location; and each PDF that cannot be read refused with its message:
 * encrypted, scanned, truncated, garbage, a decompression bomb, the limits. The small PDFs
 * are made here, byte by byte (mutool encrypts one). A gfa built with `make PDF=no` must
 * say so for every PDF; then only that is tested. */
#include "testutil.h"

#include "read/read.h"

#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unicode/utf8.h>

#define NCORPUS (sizeof corpus / sizeof corpus[0])

static bool built_without_pdf(void)
{
    return strcmp(tu_env("GFA_PDF", "yes"), "no") == 0;
}

static const char *const corpus[] = {
    "lo-html-portrait-sans.pdf",         "lo-html-landscape-serif.pdf",
    "lo-docx-portrait-zenhei-plain.pdf", "chromium-portrait-sans.pdf",
    "chromium-landscape-zenhei.pdf",
};

/* ------------------------------------------------------- amounts as keys --- */

/* Every <amt> of an instance as "TABLE-DEF#N/part[ID]/row[KEY]/fund[SOURCE]|COL=VALUE": the
 * table by its definition and its occurrence among tables of that definition, then the
 * ancestors that identify a row, then the column and the value. */
typedef struct keys {
    char **v;
    size_t n, cap;
    size_t with_at, bad_at;
    char first_bad_at[128];
    bool placed;    /* each key ends in "@" and its location, … */
    int page_less;  /* … its page less this */
} keys;

static void keys_add(keys *k, char *s)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 512;
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        assert_non_null(k->v);
    }
    k->v[k->n++] = s;
}

/* How many tables of each definition were seen so far. */
typedef struct seen_defs {
    char *def[64];
    int count[64];
    int n;
} seen_defs;

static int seen_again(seen_defs *s, const char *def)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->def[i], def))
            return ++s->count[i];
    assert_true(s->n < 64);
    s->def[s->n] = strdup(def);
    s->count[s->n] = 1;
    return s->count[s->n++];
}

static void collect(xmlNodePtr n, const char *path, keys *k, seen_defs *occurrence, regex_t *at_re)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        char *sub = NULL;
        if (!strcmp(name, "amt")) {
            xmlChar *v = xmlNodeGetContent(c);
            xmlChar *col = xmlGetProp(c, BAD_CAST "col");
            if (!col)
                col = xmlGetProp(c, BAD_CAST "field");
            char *key = NULL;
            xmlChar *at = xmlGetProp(c, BAD_CAST "at");
            int page = 0, used = 0;
            if (k->placed && at && sscanf((const char *)at, "p%d:%n", &page, &used) == 1)
                assert_true(asprintf(&key, "%s|%s=%s@p%d:%s", path, col ? (char *)col : "",
                                     (char *)v, page - k->page_less,
                                     (const char *)at + used) > 0);
            else
                assert_true(asprintf(&key, "%s|%s=%s", path, col ? (char *)col : "", (char *)v) > 0);
            keys_add(k, key);
            if (at && regexec(at_re, (const char *)at, 0, NULL, 0) == 0)
                k->with_at++;
            else if (!k->bad_at++)
                snprintf(k->first_bad_at, sizeof k->first_bad_at, "%s", at ? (char *)at : "(none)");
            xmlFree(at);
            xmlFree(v);
            xmlFree(col);
            continue;
        }
        if (!strcmp(name, "table") || !strcmp(name, "performance")) {
            xmlChar *def = xmlGetProp(c, BAD_CAST "def");
            const char *name_ = def ? (const char *)def : "?";
            assert_true(asprintf(&sub, "%s#%d", name_, seen_again(occurrence, name_)) > 0);
            xmlFree(def);
        } else {
            xmlChar *id = NULL;
            static const char *const attrs[] = {"id", "key", "source"};
            for (size_t i = 0; i < 3 && !id; i++)
                id = xmlGetProp(c, BAD_CAST attrs[i]);
            if (id)
                assert_true(asprintf(&sub, "%s/%s[%s]", path, name, (char *)id) > 0);
            else
                sub = strdup(path);
            xmlFree(id);
        }
        collect(c, sub, k, occurrence, at_re);
        free(sub);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* placed: each amount with its location, its page less page_less. */
static keys amounts_at(gfa_report *r, bool placed, int page_less)
{
    keys k;
    memset(&k, 0, sizeof k);
    k.placed = placed;
    k.page_less = page_less;
    seen_defs occurrence = {.n = 0};
    regex_t re;
    assert_int_equal(regcomp(&re, "^p[0-9]+:[0-9]+(\\.[0-9])?,[0-9]+(\\.[0-9])?$", REG_EXTENDED), 0);
    collect(xmlDocGetRootElement(gfa_report_doc(r)), "", &k, &occurrence, &re);
    regfree(&re);
    for (int i = 0; i < occurrence.n; i++)
        free(occurrence.def[i]);
    qsort(k.v, k.n, sizeof *k.v, cmp_str);
    return k;
}

static keys amounts_of(gfa_report *r)
{
    return amounts_at(r, false, 0);
}

static void keys_free(keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    free(k->v);
}

static gfa_report *read_file(gfa_context *ctx, const char *path, gfa_diags *d)
{
    gfa_report *r = NULL;
    if (gfa_report_read_file(ctx, path, &r, d) != GFA_OK) {
        tu_print_diags(d);
        fail_msg("%s: not read", path);
    }
    return r;
}

/* A corpus PDF read into its instance, with the context and diagnostics it was read with. */
typedef struct corpus_pdf {
    gfa_context *ctx;
    gfa_diags *d;
    gfa_report *r;
    xmlDocPtr doc;
} corpus_pdf;

static corpus_pdf read_corpus_pdf(const char *rel)
{
    corpus_pdf c = {.ctx = tu_context(), .d = gfa_diags_new()};
    c.r = read_file(c.ctx, tu_path(rel), c.d);
    c.doc = gfa_report_doc(c.r);
    return c;
}

static void corpus_pdf_free(corpus_pdf *c)
{
    gfa_report_free(c->r);
    gfa_diags_free(c->d);
    gfa_context_free(c->ctx);
}

/* Every amount of the sample's instance, read from each corpus PDF into the same table,
 * part, row and column, with a page location. */
static void corpus_amounts_equal_the_sample(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *ref = read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), d);
    keys want = amounts_of(ref);
    assert_true(want.n > 300);
    int failed = 0;
    for (size_t f = 0; f < NCORPUS; f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/corpus/generated/%s", corpus[f]);
        gfa_diags_clear(d);
        gfa_report *r = read_file(ctx, tu_path(rel), d);
        keys got = amounts_of(r);
        size_t i = 0, j = 0, same = 0, shown = 0;
        while (i < want.n && j < got.n) { /* both sorted: a multiset intersection */
            int c = strcmp(want.v[i], got.v[j]);
            if (c == 0) {
                same++;
                i++;
                j++;
            } else if (c < 0) {
                if (shown++ < 5)
                    fprintf(stderr, "  %s: missing %s\n", corpus[f], want.v[i]);
                i++;
            } else {
                if (shown++ < 5)
                    fprintf(stderr, "  %s: extra %s\n", corpus[f], got.v[j]);
                j++;
            }
        }
        printf("%-36s %zu of %zu amounts (%.1f%%), %zu extra; page locations on %zu of %zu\n",
               corpus[f], same, want.n, 100.0 * (double)same / (double)want.n, got.n - same,
               got.with_at, got.n);
        if (same != want.n || got.n != want.n || got.bad_at) {
            if (got.bad_at)
                fprintf(stderr, "  %s: %zu amounts without a page location, e.g. '%s'\n",
                        corpus[f], got.bad_at, got.first_bad_at);
            failed++;
        }
        keys_free(&got);
        gfa_report_free(r);
    }
    keys_free(&want);
    gfa_report_free(ref);
    gfa_diags_free(d);
    gfa_context_free(ctx);
    if (failed)
        fail_msg("%d of %zu PDFs did not give every amount of the sample", failed,
                 NCORPUS);
}

/* Chromium's ToUnicode maps ideographs to radicals (⽀出 for 支出): the instance has the
 * unified ideographs; its page numbers and running header are gone. */
static void radicals_page_numbers_and_running_heads(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/generated/chromium-landscape-zenhei.pdf");
    size_t len = 0;
    char *xml = gfa_report_serialise(c.r, &len);
    assert_non_null(xml);
    for (const unsigned char *p = (const unsigned char *)xml; *p; p++) {
        /* U+2E80–U+2FDF are E2 BA 80 … E2 BF 9F in UTF-8 */
        if (p[0] == 0xE2 && (p[1] == 0xBA || p[1] == 0xBB || p[1] == 0xBC || p[1] == 0xBD ||
                             p[1] == 0xBE || p[1] == 0xBF))
            fail_msg("a radical code point is left in the instance: ...%.30s", (const char *)p);
    }
    assert_non_null(strstr(xml, "\xE9\x83\xA8\xE9\x97\xA8")); /* 部门 */
    assert_null(strstr(xml, ">- 7 -<"));
    /* the running header "阳城县人民政府办公室2024年度单位决算" is printed on every page and
     * read once, on none */
    assert_null(strstr(xml, "\xE5\x8A\x9E\xE5\x85\xAC\xE5\xAE\xA4" "2024"
                            "\xE5\xB9\xB4\xE5\xBA\xA6\xE5\x8D\x95\xE4\xBD\x8D\xE5\x86\xB3\xE7\xAE\x97<"));
    free(xml);
    corpus_pdf_free(&c);
}

/* A form's last indicator row ends a page (its 一级 label 满意度指标 filling the narrow
 * column) and the next page begins with 总分, spread over its wider cell (总 分): a row of
 * its own, not the end of the label (hant-lo-html-landscape-serif.pdf page 38: the form
 * lost its last indicator and its total). */
static void spread_label_after_page_break_is_a_row(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/hant/hant-lo-html-landscape-serif.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:performance/g:total[@score])", "11");
    corpus_pdf_free(&c);
}

/* Printed with a Traditional font (Noto Sans CJK TC), Chromium's ToUnicode maps some
 * ideographs to CJK compatibility ideographs (U+F9BE for 料): the instance has the unified
 * ones, as pdftotext prints them, so the form named …文件資料印刷費… is the text forms'. */
static void compatibility_ideographs_unified(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/hant/hant-chromium-portrait-sans.pdf");
    size_t len = 0;
    char *xml = gfa_report_serialise(c.r, &len);
    assert_non_null(xml);
    for (const unsigned char *p = (const unsigned char *)xml; *p; p++) {
        /* U+F900–U+FAFF are EF A4 80 … EF AB BF in UTF-8 */
        if (p[0] == 0xEF && p[1] >= 0xA4 && p[1] <= 0xAB)
            fail_msg("a compatibility ideograph is left in the instance: ...%.30s", (const char *)p);
    }
    assert_non_null(strstr(xml, "\xE8\xB3\x87\xE6\x96\x99")); /* 資料 */
    free(xml);
    corpus_pdf_free(&c);
}

/* A form row at a page's foot is no row cut by the page break when the next page's row
 * is one of its own: chromium-landscape-zenhei.pdf ends page 32 with 总分 (two characters
 * in a narrow column, 100, 优) and begins page 33 with 项目绩效分析, centred in a taller
 * row; they were joined into "总分项目绩效分析" and the form lost its total. */
static void form_row_at_page_foot_stays_a_row(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/generated/chromium-landscape-zenhei.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:performance/g:total[@score])", "11");
    assert_xpath(doc, "count(//g:performance/g:grid/g:r/g:c[@cell='1' and starts-with(translate(., ' ', ''), '\xE6\x80\xBB\xE5\x88\x86')])",
                 "11"); /* 总分 */
    corpus_pdf_free(&c);
}


/* The same with a number: tests/corpus/national-long/long-national-lo-docx.pdf ends a page
 * with a form's 满意度指标 row (its cells full, narrow) and begins the next with 总分, 100
 * and 优 at the tops of their cells; a number is one line, so a row that prints one where
 * the row above is blank is a row of its own (they were joined: the form lost its total
 * and its 满意度 indicator). */
static void form_row_with_number_after_page_break_stays_a_row(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/national-long/long-national-lo-docx.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:performance/g:total[@score='100'])", "2");
    assert_xpath(doc, "count(//g:performance[1]//g:indicator[@level1='\xE6\xBB\xA1\xE6\x84\x8F\xE5\xBA\xA6\xE6\x8C\x87\xE6\xA0\x87'])",
                 "1"); /* 满意度指标 */
    corpus_pdf_free(&c);
}

/* A page that opens with a table's title does not continue the paragraph the page before
 * ends with: tests/corpus/provinces/sichuan-lo-docx.pdf ends page 4 with a note that fills
 * the width and opens page 5 with 财政拨款支出决算明细表; joined to the note, the title was
 * lost and the table read as one no definition describes. */
static void title_at_page_top_begins_a_block(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/provinces/sichuan-lo-docx.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:table[@def='unknown'])", "0");
    assert_xpath(doc, "string(//g:table[@def='sc05']//g:row[@key='301']/g:amt[@col='gpb'])", "59.00");
    corpus_pdf_free(&c);
}

/* A row at a page's foot with room left below it is no row cut by the break: Chromium
 * keeps rows whole, so tests/corpus/national-long/long-national-chromium.pdf ends page 26
 * with a form's 项目名称 row and begins page 27 with its 主管部门 row, whose narrow cells'
 * last lines are as full as a cut cell's; they were joined and the form lost its project. */
static void row_with_room_below_is_not_cut(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/national-long/long-national-chromium.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:performance/g:project)", "3");
    assert_xpath(doc, "count(//g:performance/g:department[@code='031'])", "3");
    corpus_pdf_free(&c);
}

/* And a row that fills its page to the foot is cut by the break even where what goes on
 * is not at the top of its cell: tests/corpus/national-long/long-national-lo-docx.pdf
 * ends page 29 with the top of a form's 项目资金预算安排及执行进度 header row, its cells
 * 全年预算 / 数 going on centred; kept apart, the form's funds block was not found. */
static void row_filling_its_page_goes_on(void **state)
{
    (void)state;
    corpus_pdf c = read_corpus_pdf("tests/corpus/national-long/long-national-lo-docx.pdf");
    xmlDocPtr doc = c.doc;
    assert_xpath(doc, "count(//g:performance/g:funds)", "3");
    assert_xpath(doc, "string(//g:performance[2]/g:funds/g:fund[@total='true']/g:amt[@field='executed'])", "248.6");
    corpus_pdf_free(&c);
}

/* Reads tests' file rel (read even when the report is rejected) into *r, freeing the one
 * before; its instance. */
static xmlDocPtr read_any(gfa_context *ctx, const char *rel, gfa_diags *d, gfa_report **r)
{
    gfa_report_free(*r);
    *r = NULL;
    gfa_diags_clear(d);
    gfa_report_read_file(ctx, tu_path(rel), r, d);
    if (!*r) {
        tu_print_diags(d);
        fail_msg("%s: not read", rel);
    }
    return gfa_report_doc(*r);
}

/* Workbooks printed to PDF (tests/corpus/calc; tests/excerpts holds pages of them). */
static void workbook_prints(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    /* With its gridlines printed every cell of the sheet is ruled, the title and caption
     * lines above the table too (公开01 was read as a table that no definition describes) */
    xmlDocPtr doc = read_any(ctx, "tests/excerpts/calc-grid-gk01.pdf", d, &r);
    assert_xpath(doc, "count(//g:table[@def='gk01'])", "1");
    assert_xpath(doc, "string(//g:table[@def='gk01']/@year)", "2024");
    assert_xpath(doc, "string(//g:table[@def='gk01']//g:row[@key='fiscal_gpb']/g:amt[@col='amount'])",
                 "1614.45");
    assert_xpath(doc, "string(//g:table[@def='gk01']//g:row[@key='201']/g:amt[@col='amount'])",
                 "1421.59");
    assert_xpath(doc, "count(//g:table[@def='unknown'])", "0");
    /* A cell's text that does not fit runs on over the empty cells beside it, across their
     * rulings: a form's 项目绩效分析 texts were cut where a column ruling crossed them;
     * 满足财政支出 and 工作的正常运转 are whole */
    doc = read_any(ctx, "tests/excerpts/calc-form-overrun.pdf", d, &r);
    assert_xpath(doc, "count(//g:performance)", "1");
    assert_xpath(doc, "string(contains(//g:performance/g:analysis[1], "
                      "'\xE6\xBB\xA1\xE8\xB6\xB3\xE8\xB4\xA2\xE6\x94\xBF\xE6\x94\xAF\xE5\x87\xBA'))",
                 "true");
    assert_xpath(doc, "string(contains(//g:performance/g:analysis[3], "
                      "'\xE5\xB7\xA5\xE4\xBD\x9C\xE7\x9A\x84\xE6\xAD\xA3\xE5\xB8\xB8\xE8\xBF\x90\xE8\xBD\xAC'))",
                 "true");
    /* The usual footer "第 N 页，共 M 页" (page N of M) is a page number wherever it stands
     * (Calc scales it with each sheet's fit to width): it stayed on 14 of the 30 pages of
     * calc-landscape-fit.pdf, in paragraphs and between tables (页，共) */
    doc = read_any(ctx, "tests/corpus/calc/calc-landscape-fit.pdf", d, &r);
    assert_xpath(doc, "count(//g:table[@def='gk01'])", "1");
    assert_xpath(doc, "count(//*[contains(text(), '\xE9\xA1\xB5\xEF\xBC\x8C\xE5\x85\xB1')])", "0");
    /* A sheet wider than the page printed as it is: the columns that did not fit, 公开01's
     * 支出 side, are on the next page, each row level with its row on the first, with the
     * end of the note that ran over the first page's edge. They are the rows' further cells
     * (the 支出 side was lost); the note stays whole, once (尾数误差。金额 not twice) */
    doc = read_any(ctx, "tests/excerpts/calc-asis-gk01-bands.pdf", d, &r);
    assert_xpath(doc, "count(//g:table[@def='gk01'])", "1");
    assert_xpath(doc, "string(//g:table[@def='gk01']//g:row[@key='fiscal_gpb']/g:amt[@col='amount'])",
                 "1614.45");
    assert_xpath(doc, "string(//g:table[@def='gk01']//g:row[@key='201']/g:amt[@col='amount'])",
                 "1421.59");
    assert_xpath(doc, "string(//g:table[@def='gk01']//g:row[@key='expense_grand_total']/g:amt[@col='amount'])",
                 "1614.45");
    assert_xpath(doc, "count(//g:table[@def='gk01']/g:note)", "1");
    assert_xpath(doc, "string(contains(//g:table[@def='gk01']/g:note, '\xE5\xB0\xBE\xE6\x95\xB0\xE8\xAF\xAF\xE5\xB7\xAE\xE3\x80\x82\xE9\x87\x91\xE9\xA2\x9D'))",
                 "false");
    /* 公开05: 本年支出, merged over 合计 on the first page and 基本支出, 项目支出 on the next,
     * prints centred on the whole cell, right of the first page's grid (it cut the table in
     * two); the next page has it in its cell */
    doc = read_any(ctx, "tests/excerpts/calc-asis-gk05-bands.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "1");
    assert_xpath(doc, "string(//g:table[@def='gk05']//g:row[@key='201']/g:amt[@col='total'])", "1421.59");
    assert_xpath(doc, "string(//g:table[@def='gk05']//g:row[@key='201']/g:amt[@col='basic'])", "571.00");
    assert_xpath(doc, "string(//g:table[@def='gk05']//g:row[@key='201']/g:amt[@col='project'])", "850.59");
    /* 公开09: the next page shows the end of 运行维护费 left of its grid, the part of a header
     * cell merged over both pages that falls on it (three tables were read) */
    doc = read_any(ctx, "tests/excerpts/calc-asis-gk09-bands.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "1");
    assert_xpath(doc, "string(//g:table[@def='gk09']//g:amt[@col='budget_total'])", "79.19");
    assert_xpath(doc, "string(//g:table[@def='gk09']//g:amt[@col='final_total'])", "79.19");
    assert_xpath(doc, "string(//g:table[@def='gk09']//g:amt[@col='final_abroad'])", "77.71");
    /* Without borders (the layout engine, read_layout.c): 公开04's 行次 cells, merged over
     * two header rows, are set on a line under 项目 … 合计 beside 款, the wrapped end of a
     * header whose first line stands higher up (its lines centred on the row's middle);
     * they are the 项目 row's (the expense side lost its names and amounts) */
    doc = read_any(ctx, "tests/excerpts/calc-plain-gk04.pdf", d, &r);
    assert_xpath(doc, "string(//g:table[@def='gk04']//g:row[@key='fiscal_gpb']/g:amt[@col='amount'])",
                 "1614.45");
    assert_xpath(doc, "string(//g:table[@def='gk04']//g:row[@key='201']/g:amt[@col='total'])", "1421.59");
    assert_xpath(doc, "string(//g:table[@def='gk04']//g:row[@key='201']/@lineNo)", "33");
    /* A form's long 实际完成情况 runs on past the table's right ruling (the cells beside it
     * empty up to the sheet's last column): outside the table it was a line of text that cut
     * the form in two, its indicators read as a table no definition describes */
    doc = read_any(ctx, "tests/excerpts/calc-form-past-edge.pdf", d, &r);
    assert_xpath(doc, "count(//g:performance)", "1");
    assert_xpath(doc, "count(//g:table)", "0");
    assert_xpath(doc, "count(//g:performance/g:indicators/g:indicator)", "7");
    assert_xpath(doc, "string(//g:performance/g:indicators/g:indicator[1]/g:score)", "20");
    assert_xpath(doc, "string(//g:performance/g:total/@score)", "100");
    assert_xpath(doc, "string(contains(//g:performance/g:goal/g:actual, '\xE8\xB4\xAD\xE4\xB9\xB0\xE6\x91\x84\xE5\x83\x8F\xE5\xA4\xB4\xE5\x8F\x8A\xE5\x99\xA8\xE6\x9D\x90\x33\x39\x38\x39\xE5\x85\x83'))", "true");
    /* A workbook's cover and contents sheets printed with their cells ruled: the cover's
     * lines and the contents' entries were grid rows, read as two tables no definition
     * describes (the codes, the year and the page numbers as amounts) */
    doc = read_any(ctx, "tests/excerpts/calc-grid-cover-contents.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "0");
    assert_xpath(doc, "count(//g:contents/g:entry[@page])", "27");
    assert_xpath(doc, "string(//g:contents/g:entry[1])", "\xE7\xAC\xAC\xE4\xB8\x80\xE9\x83\xA8\xE5\x88\x86\x20\xE6\xA6\x82\xE5\x86\xB5");
    assert_xpath(doc, "string(//g:contents/g:entry[27]/@page)", "20");
    assert_xpath(doc, "count(//g:front/g:line[contains(., '002001')])", "1");
    /* Printed with its gridlines, 公开10's first section heading (一、政府采购情况), in the
     * table's type right above its header row, was taken as the last of its title lines:
     * the title stood apart from its table, read as one no definition describes */
    doc = read_any(ctx, "tests/excerpts/calc-grid-gk10.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "1");
    assert_xpath(doc, "string(//g:table/@def)", "gk10");
    assert_xpath(doc, "string(//g:table//g:row[@key='procurement_total']/g:amt[@col='value'])", "10.20");
    assert_xpath(doc, "string(//g:table//g:row[@key='running_admin']/g:amt[@col='value'])", "81.09");
    /* Print titles chosen from 公开10's first header row to its last repeat the rows between
     * them at the top of the next page, amounts and all: they were read again as rows of
     * their own (合计 and 货物 10.20 twice) */
    doc = read_any(ctx, "tests/excerpts/calc-titles-gk10.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "1");
    assert_xpath(doc, "count(//g:table[@def='gk10']//g:amt[. = '10.20'])", "2");
    assert_xpath(doc, "count(//g:table[@def='gk10']//g:row[starts-with(@key, 'r') and "
                      "translate(substring(@key, 2, 1), '0123456789', '') = ''])", "0");
    assert_xpath(doc, "string(//g:table[@def='gk10']//g:row[@key='vehicles_confidential']/g:amt)", "4");
    assert_xpath(doc, "string(//g:table[@def='gk10']//g:row[@key='vehicles_other']/g:amt)", "1");
    /* Printed with gridlines, 公开07 and 公开08 (no data) stand on two pages of the same
     * rows: the second was taken for the first's further columns (its title lines, level
     * with the first's and within the ruled used range, seen as a merged cell's text) and
     * the two read as one table; and each one's notes, in ruled rows under it, were rows of
     * it: 说明：本表无数据 was no marker of an empty table (GFA-XT-013) */
    doc = read_any(ctx, "tests/excerpts/calc-grid-gk07-gk08.pdf", d, &r);
    assert_xpath(doc, "count(//g:table)", "2");
    assert_xpath(doc, "string(//g:table[2]/@def)", "gk08");
    assert_xpath(doc, "count(//g:table[@status='empty']/g:empty)", "2");
    assert_xpath(doc, "count(//g:table/g:note)", "2");
    assert_xpath(doc, "count(//g:table//g:row[starts-with(@key, 'r') and "
                      "translate(substring(@key, 2, 1), '0123456789', '') = ''])", "0");
    gfa_report_free(r);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* The PDFs printed from the sample without a cell grid of rulings: rules under the rows
 * only, none at all, the three-line style. */
static const char *const unruled[] = {"lo-html-portrait-sans-rows.pdf",
                                      "chromium-portrait-sans-none.pdf",
                                      "lo-docx-portrait-zenhei-three.pdf"};
enum { NUNRULED = sizeof unruled / sizeof *unruled };

static gfa_report *read_unruled(gfa_context *ctx, int f, gfa_diags *d)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/corpus/unruled/%s", unruled[f]);
    gfa_diags_clear(d);
    return read_file(ctx, tu_path(rel), d);
}

/* Tables printed without every cell ruled (rules under the rows only, none at all, the
 * three-line style) go to the layout engine: every table amount of the sample (forms are
 * measured by make corpus) is read into the same table, row and column. Column gaps there
 * are as narrow as a cell's padding: "上级补助" and "事业收" in neighbouring columns of
 * 公开02 stood 0.6 font sizes apart and were one word, and the columns were lost. */
static void unruled_tables_give_every_table_amount(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *ref = read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), d);
    keys want = amounts_of(ref);
    int failed = 0;
    for (int f = 0; f < NUNRULED; f++) {
        gfa_report *r = read_unruled(ctx, f, d);
        keys got = amounts_of(r);
        size_t tables = 0, found = 0, shown = 0;
        for (size_t i = 0; i < want.n; i++) {
            if (strncmp(want.v[i], "perf#", 5) == 0)
                continue;
            tables++;
            if (bsearch(&want.v[i], got.v, got.n, sizeof *got.v, cmp_str))
                found++;
            else if (shown++ < 5)
                fprintf(stderr, "  %s: missing %s\n", unruled[f], want.v[i]);
        }
        printf("%-36s %zu of %zu table amounts\n", unruled[f], found, tables);
        failed += found != tables || tables < 200;
        keys_free(&got);
        gfa_report_free(r);
    }
    keys_free(&want);
    gfa_report_free(ref);
    gfa_diags_free(d);
    gfa_context_free(ctx);
    if (failed)
        fail_msg("%d unruled PDFs lost table amounts", failed);
}

/* A form whose first page holds only its title, the project's name wrapped beside 项目名称
 * and at most one line in columns (主管部门 … 预算单位 …) goes on over a page laid out in
 * columns: that first page is laid out too, or the form's head and its table are read
 * apart and the form is lost (临时人员、公益性、见习岗位工资及各类保险 in the three-line PDF;
 * 智慧城管、智慧林火使用服务费 in the unruled one, whose 项目 / 名称 stand centred beside the
 * name's five lines, no line in columns). */
static void form_begun_at_page_foot_is_laid_out(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    for (int f = 0; f < NUNRULED; f++) {
        gfa_report *r = read_unruled(ctx, f, d);
        xmlDocPtr doc = gfa_report_doc(r);
        assert_xpath(doc, "count(//g:performance)", "11");
        assert_xpath(doc, "count(//g:performance/g:total[@score])", "11");
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* A form printed with rules under its rows only goes to the layout engine, which sees no
 * rule: a long text cell of one row over the next row's text stack up in one column. Within
 * a cell the lines stand a line's pitch apart, between rows the cells' padding and the rule
 * further (13 and 16 points): the 项目绩效分析 of the OA form, broken over a page, ran its
 * topics' texts together (项目执行率 / 60.3%… went to 产出情况及分析, its own text to the
 * next topic), and 60.3% was read as no 执行率 (GFA-PERF-012 lost). */
static void form_rows_apart_by_their_rules(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = read_unruled(ctx, 0, d); /* lo-html-portrait-sans-rows.pdf */
    xmlDocPtr doc = gfa_report_doc(r);
    assert_xpath(doc, "string(contains(//g:performance[11]/g:analysis[1], '\xE9\xA1\xB9\xE7\x9B\xAE\xE6\x89\xA7\xE8\xA1\x8C\xE7\x8E\x87" "60.3%'))", "true");
    assert_xpath(doc, "string(starts-with(//g:performance[11]/g:analysis[2], '2024\xE5\xB9\xB4,\xE6\xA0\xB9\xE6\x8D\xAE\xE5\x8A\x9E\xE5\x85\xAC\xE9\x9C\x80\xE6\xB1\x82'))", "true");
    assert_xpath(doc, "string(starts-with(//g:performance[11]/g:analysis[3], '2024\xE5\xB9\xB4,\xE9\x80\x9A\xE8\xBF\x87\xE5\xAF\xB9'))", "true");
    gfa_report_free(r);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* ---------------------------------------------------------- page geometry --- */

/* Pages as publishers set them (tests/corpus/rotated/make.sh): with /Rotate 90, 270 or 180
 * over counter-turned content, a MediaBox or CropBox away from 0,0, the tables drawn
 * turned on portrait sheets (the reader turns the paper; page numbers printed upright at
 * the sheet's foot), among portrait and A3 pages. Each file gives every amount of the
 * same pages read upright (landscape.ref.xml), at the same place: locations are in the
 * frame the page is read in (after /Rotate, turned so that its text runs left to right).
 * The mixed file's tables are on its pages 6 to 11 (the reference's 1 to 6); its form is
 * scaled onto portrait pages, so only its pages are compared. Page numbers (printed upright
 * beside a turned table, on the baseline of its note) are left out. */
/* Whether tests/corpus/rotated/FILE gives the amounts of `want` (with their places) at
 * the same places on the reference's pages up to `same_places` (beyond it: on the same
 * pages), its pages being the reference's after `before` others, and no page number. */
static bool read_as_upright(gfa_context *ctx, gfa_diags *d, const keys *want,
                            const char *file, int before, int same_places)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/corpus/rotated/%s", file);
    gfa_diags_clear(d);
    gfa_report *r = read_file(ctx, tu_path(rel), d);
    keys got = amounts_at(r, true, before);
    size_t same = 0, shown = 0;
    for (size_t i = 0; i < want->n && i < got.n; i++) {
        const char *w = want->v[i], *g = got.v[i];
        const char *a = strrchr(w, '@'), *b = strrchr(g, '@');
        int pa = 0, pb = 0;
        float xa = 0, ya = 0, xb = 0, yb = 0;
        bool ok = a && b && a - w == b - g && !strncmp(w, g, (size_t)(a - w)) &&
                  sscanf(a, "@p%d:%f,%f", &pa, &xa, &ya) == 3 &&
                  sscanf(b, "@p%d:%f,%f", &pb, &xb, &yb) == 3 && pa == pb &&
                  (pa > same_places || (fabsf(xa - xb) <= 0.15f && fabsf(ya - yb) <= 0.15f));
        same += ok;
        if (!ok && shown++ < 5)
            fprintf(stderr, "  %s: want %s\n  %*s   got  %s\n", file, w, (int)strlen(file), "",
                    g);
    }
    printf("%-24s %zu of %zu amounts in place, %zu read\n", file, same, want->n, got.n);
    bool whole = same == want->n && got.n == want->n;
    keys_free(&got);
    size_t len = 0;
    char *xml = gfa_report_serialise(r, &len);
    assert_non_null(xml);
    regex_t page_no;
    assert_int_equal(regcomp(&page_no, "- [0-9]+ -", REG_EXTENDED), 0);
    bool numbered = regexec(&page_no, xml, 0, NULL, 0) == 0;
    regfree(&page_no);
    free(xml);
    gfa_report_free(r);
    if (numbered)
        fprintf(stderr, "  %s: a page number is left in the instance\n", file);
    return whole && !numbered;
}

static void pages_in_any_geometry_read_upright(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int before;      /* pages before those of the reference */
        int same_places; /* the reference's pages up to this one are at the same scale */
    } files[] = {
        {"landscape-rotate.pdf", 0, 99},
        {"landscape-turned.pdf", 0, 99},
        {"landscape-mixed.pdf", 5, 6},
    };
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *ref = read_file(ctx, tu_path("tests/corpus/rotated/landscape.ref.xml"), d);
    keys want = amounts_at(ref, true, 0);
    assert_true(want.n >= 60);
    int failed = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++)
        failed += !read_as_upright(ctx, d, &want, files[f].file, files[f].before,
                                   files[f].same_places);
    keys_free(&want);
    gfa_report_free(ref);
    gfa_diags_free(d);
    gfa_context_free(ctx);
    if (failed)
        fail_msg("%d of the turned, rotated or mixed PDFs did not read as their pages upright",
                 failed);
}

/* ------------------------------------------------------ PDFs made here --- */

typedef struct pdfbuf {
    char *data;
    size_t len, cap;
    long offsets[16];
    int nobj;
} pdfbuf;

static void pb_add(pdfbuf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void pb_str(pdfbuf *b, const char *s)
{
    pb_add(b, s, strlen(s));
}

static void pb_obj(pdfbuf *b, const char *dict, const void *stream, size_t n)
{
    char head[64];
    b->offsets[++b->nobj] = (long)b->len;
    snprintf(head, sizeof head, "%d 0 obj\n", b->nobj);
    pb_str(b, head);
    pb_str(b, dict);
    if (stream) {
        pb_str(b, "\nstream\n");
        pb_add(b, stream, n);
        pb_str(b, "\nendstream");
    }
    pb_str(b, "\nendobj\n");
}

/* The cross-reference table and trailer after the objects (object 1 the catalog). */
static void pb_finish(pdfbuf *b)
{
    long xref = (long)b->len;
    char line[64];
    snprintf(line, sizeof line, "xref\n0 %d\n0000000000 65535 f \n", b->nobj + 1);
    pb_str(b, line);
    for (int i = 1; i <= b->nobj; i++) {
        snprintf(line, sizeof line, "%010ld 00000 n \n", b->offsets[i]);
        pb_str(b, line);
    }
    snprintf(line, sizeof line, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n",
             b->nobj + 1, xref);
    pb_str(b, line);
}

/* A one-page A4 PDF: catalog, pages, page, its content, and optionally an image. */
static pdfbuf make_pdf(const char *content, size_t content_len, const char *filter, bool image)
{
    pdfbuf b;
    memset(&b, 0, sizeof b);
    pb_str(&b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    pb_obj(&b, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0);
    pb_obj(&b, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", NULL, 0);
    pb_obj(&b,
           image ? "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                   "/Resources << /XObject << /Im1 5 0 R >> >> >>"
                 : "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                   "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont "
                   "/Helvetica >> >> >> >>",
           NULL, 0);
    char dict[128];
    snprintf(dict, sizeof dict, "<< /Length %zu%s%s >>", content_len, filter ? " /Filter " : "",
             filter ? filter : "");
    pb_obj(&b, dict, content, content_len);
    if (image) { /* 8 x 8 grey pixels */
        static const unsigned char px[64] = {0x80};
        pb_obj(&b, "<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace "
                   "/DeviceGray /BitsPerComponent 8 /Length 64 >>",
               px, sizeof px);
    }
    pb_finish(&b);
    return b;
}

/* A one-page A4 PDF of a text laid out in columns, as a word processor prints a table
 * without rulings: each run of non-blanks begins where its column puts it (a column 4.5
 * points, a CJK character two columns), but an amount (digits with a decimal point, or one
 * or two digits) ends where its last column ends, as tables set amounts, while a code (three
 * digits or more) begins where its column begins; each text line 14 points
 * under the last; its CJK
 * characters (and ≥ ≤) in a CJK font of 9 points (STSong-Light through UniGB-UCS2-H, not
 * embedded: the PDF's CID widths place them, 1 em each), its digits and Latin letters in
 * Helvetica of 12 points. So LibreOffice printed the sample's DOCX in WenQuanYi Zen Hei:
 * ideographs 9 points wide beside digits 6 points wide. */
static const unsigned short helvetica_widths[128] = {
    [' '] = 278, ['%'] = 889, ['('] = 333, [')'] = 333, ['-'] = 333, ['.'] = 278,
    ['0'] = 556, ['1'] = 556, ['2'] = 556, ['3'] = 556, ['4'] = 556, ['5'] = 556,
    ['6'] = 556, ['7'] = 556, ['8'] = 556, ['9'] = 556, [':'] = 278, ['A'] = 667,
    ['O'] = 778};

static pdfbuf pdf_of_layout(const char *text, const char *drawing)
{
    pdfbuf content;
    memset(&content, 0, sizeof content);
    pb_str(&content, "");
    float y = 800;
    for (const char *line = text; *line; y -= 14) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        int col = 0;
        float x = 0;
        bool in_run = false, cjk_font = false;
        char op[160];
        for (const char *p = line; p < end;) {
            UChar32 c;
            int32_t i = 0;
            U8_NEXT(p, i, (int32_t)(end - p), c);
            assert_true(c > 0 && c < 0x10000);
            p += i;
            if (c == ' ') {
                col++;
                if (in_run)
                    pb_str(&content, cjk_font ? "> Tj ET\n" : ") Tj ET\n");
                in_run = false;
                continue;
            }
            if (!in_run) {
                x = 40 + 4.5f * (float)col;
                const char *q = p - i; /* an amount: right-aligned */
                float width = 0;
                int cols = 0;
                bool point = false;
                while (q < end && ((*q >= '0' && *q <= '9') || *q == '.')) {
                    width += 12 * helvetica_widths[(unsigned char)*q] / 1000.0f;
                    point = point || *q == '.';
                    cols++;
                    q++;
                }
                if ((point || (cols > 0 && cols <= 2)) && (q == end || *q == ' '))
                    x = 40 + 4.5f * (float)(col + cols) - width;
            }
            bool cjk = c > 0x7F;
            if (in_run && cjk != cjk_font)
                pb_str(&content, cjk_font ? "> Tj ET\n" : ") Tj ET\n");
            if (!in_run || cjk != cjk_font) {
                snprintf(op, sizeof op, "BT /%s 1 0 0 1 %.2f %.2f Tm %c", cjk ? "F2 9 Tf" : "F1 12 Tf",
                         (double)x, (double)y, cjk ? '<' : '(');
                pb_str(&content, op);
            }
            if (cjk) {
                snprintf(op, sizeof op, "%04X", (unsigned)c);
                x += 9;
            } else {
                assert_true(helvetica_widths[c] > 0);
                snprintf(op, sizeof op, "%s%c", c == '(' || c == ')' ? "\\" : "", (char)c);
                x += 12 * helvetica_widths[c] / 1000.0f;
            }
            pb_str(&content, op);
            in_run = true;
            cjk_font = cjk;
            col += cjk ? 2 : 1;
        }
        if (in_run)
            pb_str(&content, cjk_font ? "> Tj ET\n" : ") Tj ET\n");
        line = *end ? end + 1 : end;
    }
    if (drawing)
        pb_str(&content, drawing);
    pdfbuf b;
    memset(&b, 0, sizeof b);
    pb_str(&b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    pb_obj(&b, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0);
    pb_obj(&b, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", NULL, 0);
    pb_obj(&b,
           "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
           "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> /F2 5 0 R "
           ">> >> >>",
           NULL, 0);
    char dict[64];
    snprintf(dict, sizeof dict, "<< /Length %zu >>", content.len);
    pb_obj(&b, dict, content.data, content.len);
    pb_obj(&b, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               "/DescendantFonts [6 0 R] >>",
           NULL, 0);
    pb_obj(&b, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
               "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /FontDescriptor "
               "7 0 R >>",
           NULL, 0);
    pb_obj(&b, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 "
               "1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
           NULL, 0);
    pb_finish(&b);
    free(content.data);
    return b;
}

/* A laid-out text printed by pdf_of_layout and read back. */
typedef struct laid_out {
    pdfbuf pdf;
    gfa_context *ctx;
    gfa_diags *diags;
    gfa_report *report;
    xmlDocPtr doc;
} laid_out;

static laid_out read_laid_out(const char *text, const char *drawing)
{
    laid_out lo = {.pdf = pdf_of_layout(text, drawing), .ctx = tu_context(), .diags = gfa_diags_new()};
    if (gfa_report_read_memory(lo.ctx, "laid-out.pdf", lo.pdf.data, lo.pdf.len, &lo.report,
                               lo.diags) != GFA_OK) {
        tu_print_diags(lo.diags);
        fail_msg("laid-out.pdf: not read");
    }
    lo.doc = gfa_report_doc(lo.report);
    return lo;
}

static void laid_out_free(laid_out *lo)
{
    gfa_report_free(lo->report);
    gfa_diags_free(lo->diags);
    gfa_context_free(lo->ctx);
    free(lo->pdf.data);
}

/* The head of a small form and its first indicator row, laid out. */
#define FORM_HEAD                                                                              \
    "信息系统运维项目支出绩效自评表\n"                                                        \
    "(2024年度)\n"                                                                             \
    "项目名称                 信息系统运维\n"                                                  \
    "绩效指标  一级指标  二级指标      三级指标                  年初指标值    调整后指标值    实际完成值    分值    得分\n" \
    "          产出指标  数量指标      巡检次数                  ≥次           ≥12次           ≥12次         50      50\n"
#define FORM_FOOT                                                                              \
    "总分                                                                                                   100     优\n"

/* A cell's text ends where its last glyph ends: with ideographs set smaller than the digits
 * (9 and 12 points), the engine's estimate (two digits' width an ideograph) put 满意度指标's
 * end 4 points too far right, over 服务对象满意 wrapped above and under it one line off,
 * and the level's label and the indicator's were read as one cell (服务对象满意满意度指标度
 * in lo-docx-portrait-zenhei-three.pdf, whose forms were read to 93.2%). */
static void unruled_cells_end_where_their_glyphs_end(void **state)
{
    (void)state;
    static const char form[] =
        FORM_HEAD
        "           服务对象满意  使用对象满\n"
        "满意度指标                          ≥%            ≥95%            ≥95%          50      50\n"
        "           度            意度\n"
        FORM_FOOT;
    laid_out lo = read_laid_out(form, NULL);
    assert_xpath(lo.doc, "count(//g:indicator)", "2");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@level1)", "满意度指标");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@level2)", "服务对象满意度");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@name)", "使用对象满意度");
    assert_xpath(lo.doc, "string(//g:indicator[2]/g:adjusted)", "≥95%");
    laid_out_free(&lo);
}

/* A gap between two cells' texts wider than any space inside a cell (0.6 font sizes) sets
 * them apart, though narrower than the engine's one and a half digits: LibreOffice printed
 * the landscape HTML without rulings with 社会效益's neighbour 0.74 sizes after it, and the
 * two cells were one (社会效益OA办公系统服务). */
static void unruled_cells_apart_by_their_padding(void **state)
{
    (void)state;
    static const char form[] =
        FORM_HEAD
        "          效益指标  社会效益  OA办公系统服务                ≥%            ≥95%            ≥95%          50      50\n"
        FORM_FOOT;
    laid_out lo = read_laid_out(form, NULL);
    assert_xpath(lo.doc, "count(//g:indicator)", "2");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@level2)", "社会效益");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@name)", "OA办公系统服务");
    assert_xpath(lo.doc, "string(//g:indicator[2]/g:adjusted)", "≥95%");
    laid_out_free(&lo);
}

/* A table without rulings whose code column is narrower than a code: 2010301 wrapped in its
 * cell as 201030 / 1, centred round the row's name and amounts (LibreOffice printing the
 * sample's DOCX with rules=none: 40 of its 221 table amounts went to rows without codes).
 * The digits under the code's first line, within its width, that end it as a code the code
 * lists know are its end. */
static void unruled_codes_wrapped_in_their_cell(void **state)
{
    (void)state;
    static const char table[] =
        "                   一般公共预算财政拨款支出决算表\n"
        "                                             单位：万元\n"
        "           项目\n"
        "                              合计          基本支出      项目支出\n"
        "  功能分类\n"
        "                科目名称\n"
        "  科目编码\n"
        "201030\n"
        "                行政运行      5.00          5.00\n"
        "     1\n"
        "201035\n"
        "                事业运行      3.00          3.00\n"
        "     0\n"
        "                合计          8.00          8.00\n"
        "注：本表反映部门本年度一般公共预算财政拨款支出情况。\n";
    laid_out lo = read_laid_out(table, NULL);
    assert_xpath(lo.doc, "count(//g:table//g:row)", "3");
    assert_xpath(lo.doc, "string(//g:row[@key='2010301']/g:amt[@col='total'])", "5.00");
    assert_xpath(lo.doc, "string(//g:row[@key='2010350']/g:amt[@col='basic'])", "3.00");
    assert_xpath(lo.doc, "string(//g:row[@key='total']/g:amt[@col='total'])", "8.00");
    laid_out_free(&lo);
}

/* An amount wrapped in its narrow cell (682.7 / 6, right-aligned) whose next column's label
 * wraps too, a space after it (公用经费合 / 计): 6 and 计 were one piece of text, the
 * amount lost its last digit and the label took it (公用经费合6计), as LibreOffice printed
 * the sample's 公开06 in landscape without rulings. */
static void unruled_amount_tail_apart_from_next_label(void **state)
{
    (void)state;
    static const char table[] =
        "               一般公共预算财政拨款基本支出决算表\n"
        "                                             单位：万元\n"
        "经济分类                         经济分类\n"
        "            科目名称       决算数                 科目名称      决算数\n"
        "科目编码                         科目编码\n"
        "301     工资福利支出      682.76        302     商品和服务支出     81.09\n"
        "30101    基本工资         682.76        30207   邮电费             81.09\n"
        "人员经费合                 682.7 公用经费合                    81.09\n"
        "计                             6 计\n"
        "    注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。\n";
    laid_out lo = read_laid_out(table, NULL);
    assert_xpath(lo.doc, "string(//g:table[1]//g:row[@key='personnel_total']/g:amt)", "682.76");
    assert_xpath(lo.doc, "string(//g:table[1]//g:row[@key='public_total']/g:amt)", "81.09");
    laid_out_free(&lo);
}

/* A table ruled round its edge and between its columns, not between its rows (the sample's
 * DOCX printed by LibreOffice with rules=frame): its rulings make one row of tall cells, each
 * a column's every line, and its amounts were lost (46 of 221). Three baselines or more
 * running through two of its cells say it is a frame round rows laid out in columns. */
static void ruled_frame_round_unruled_rows(void **state)
{
    (void)state;
    static const char table[] =
        "                   一般公共预算财政拨款支出决算表\n"
        "                                             单位：万元\n"
        "科目编码        科目名称      合计          基本支出      项目支出\n"
        "2010301         行政运行      5.00          5.00\n"
        "2010350         事业运行      3.00          3.00\n"
        "2010399         其他支出      2.00                        2.00\n"
        "                合计          10.00         8.00          2.00\n"
        "注：本表反映部门本年度一般公共预算财政拨款支出情况。\n";
    /* the frame from above the header (baseline 772) to under 合计 (716), a rule between
     * the columns at x 105, 165, 222 and 285 */
    static const char frame[] = "0.5 w 36 712 290 72 re S 105 712 m 105 784 l S 165 712 m 165 784 l S "
                                "222 712 m 222 784 l S 285 712 m 285 784 l S\n";
    laid_out lo = read_laid_out(table, frame);
    assert_xpath(lo.doc, "string(//g:row[@key='2010301']/g:amt[@col='total'])", "5.00");
    assert_xpath(lo.doc, "string(//g:row[@key='2010399']/g:amt[@col='project'])", "2.00");
    assert_xpath(lo.doc, "string(//g:row[@key='total']/g:amt[@col='basic'])", "8.00");
    laid_out_free(&lo);
}

/* A page whose only rulings box one row (the rest of a form's row broken over the page
 * before, ruled round in a table whose rows are not) and whose other text is laid out in
 * columns: it was read as a ruled page, its form as paragraphs, and the form was lost. */
static void one_row_box_over_unruled_form(void **state)
{
    (void)state;
    static const char form[] =
        "管理建议        继续运用科学的工作方法。\n"
        FORM_HEAD
        "          效益指标  社会效益      服务效率                  ≥%            ≥95%            ≥95%          50      50\n"
        FORM_FOOT;
    /* round the first line (baseline 800) and between its two cells */
    static const char box[] = "0.5 w 36 795 360 17 re S 105 795 m 105 812 l S\n";
    laid_out lo = read_laid_out(form, box);
    assert_xpath(lo.doc, "count(//g:indicator)", "2");
    assert_xpath(lo.doc, "string(//g:indicator[2]/@name)", "服务效率");
    assert_xpath(lo.doc, "string(//g:indicator[2]/g:adjusted)", "≥95%");
    laid_out_free(&lo);
}

/* Word and WPS indent a paragraph's first line by two characters: a line indented as far as
 * the paragraph's first line begins the next paragraph, however nearly the line above fills
 * the width (the Shanghai template's 无…的部门，作下述说明： and the statement under it
 * were one paragraph, and the statement's placeholder finding read 「下述说明：上海市XX局…」);
 * a paragraph indented as a whole stays one. */
static void indented_line_begins_a_paragraph(void **state)
{
    (void)state;
    static const char text[] =
        "第一部分 部门概况\n"
        "一、主要职能\n"
        "    本部门的主要职能是负责全县政府办公室的日常运转工作，协调各部门之间的\n"
        "关系，保障政务工作顺利开展，办理上级党政机关以及外地单位发送县政府的\n"
        "公文，办理由县政府向市政府的请示、报告，研究各乡镇人民政府、县政府各\n"
        "部门请示县政府的事项，提出处理意见，报县政府领导同志审批，组织协调县\n"
        "政府各部门的工作，完成上级交办的各项工作任务和其他事项。\n"
        "    无政府性基金预算财政拨款收入支出的部门，请在本表下方作下述说明：\n"
        "    上海市某某局本年度无政府性基金预算财政拨款收入和支出。\n"
        "    其他事项：本部门严格执行各项财经纪律，加强预算管理，规范资金使用，确\n"
        "    保资金安全高效运行，推进各项工作有序开展，全面完成年度工作任务，取\n"
        "    得了较好的成效。\n";
    laid_out lo = read_laid_out(text, NULL);
    assert_xpath(lo.doc, "count(//g:section/g:p)", "4");
    assert_xpath(lo.doc, "string(//g:section/g:p[1])",
                 "本部门的主要职能是负责全县政府办公室的日常运转工作，协调各部门之间的关系，保障政务工作顺利开展，办理上级党政机关以及外地单位发送县政府的公文，办理由县政府向市政府的请示、报告，研究各乡镇人民政府、县政府各部门请示县政府的事项，提出处理意见，报县政府领导同志审批，组织协调县政府各部门的工作，完成上级交办的各项工作任务和其他事项。");
    assert_xpath(lo.doc, "string(//g:section/g:p[3])", "上海市某某局本年度无政府性基金预算财政拨款收入和支出。");
    /* a paragraph indented as a whole stays one */
    assert_xpath(lo.doc, "string(//g:section/g:p[4])",
                 "其他事项：本部门严格执行各项财经纪律，加强预算管理，规范资金使用，确保资金安全高效运行，推进各项工作有序开展，全面完成年度工作任务，取得了较好的成效。");
    laid_out_free(&lo);
}

/* Reads PDF bytes and expects them refused (or not) with a diagnostic holding `text`. */
static void expect(gfa_context *ctx, const char *name, const char *data, size_t len,
                   gfa_status status, const char *id, const char *text)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    gfa_status st = gfa_report_read_memory(ctx, name, data, len, &r, d);
    bool found = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), id) && strstr(gfa_diag_message(x), text))
            found = true;
    }
    if (st != status || !found) {
        tu_print_diags(d);
        fail_msg("%s: expected status %s and [%s] '%s', got %s", name, gfa_status_name(status),
                 id, text, gfa_status_name(st));
    }
    gfa_report_free(r);
    gfa_diags_free(d);
}

static void encrypted_is_refused(void **state)
{
    (void)state;
    if (system("command -v mutool >/dev/null 2>&1") != 0)
        skip(); /* mutool (mupdf-tools) encrypts the file; make check installs it */
    const char *tmp = tu_env("GFA_TMPDIR", "/tmp");
    mkdir(tmp, 0755);
    static const char text[] = "BT /F1 12 Tf 72 720 Td (hello) Tj ET";
    pdfbuf b = make_pdf(text, strlen(text), NULL, false);
    char plain[1024], user[1024], owner[1024], cmd[4200];
    snprintf(plain, sizeof plain, "%s/pdf-plain-%d.pdf", tmp, (int)getpid());
    snprintf(user, sizeof user, "%s/pdf-user-%d.pdf", tmp, (int)getpid());
    snprintf(owner, sizeof owner, "%s/pdf-owner-%d.pdf", tmp, (int)getpid());
    FILE *f = fopen(plain, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    free(b.data);
    snprintf(cmd, sizeof cmd,
             "mutool clean -E aes-256 -U secret -O boss '%s' '%s' && "
             "mutool clean -E aes-256 -O boss '%s' '%s'",
             plain, user, plain, owner);
    assert_int_equal(system(cmd), 0);
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_file(ctx, user, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-PDF-001"));
    assert_non_null(strstr(gfa_diag_message(gfa_diags_at(d, 0)),
                           "encrypted PDF: a password is needed to open it"));
    /* an owner password alone does not keep a reader out: the file is read (and is no
     * report, which is the next thing said) */
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_file(ctx, owner, &r, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-PDF-011"));
    assert_false(tu_has_diag(d, "GFA-PDF-001"));
    assert_true(tu_has_diag(d, "GFA-READ-001"));
    remove(plain);
    remove(user);
    remove(owner);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

static void scanned_broken_and_garbage_are_refused(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    /* an image over the page and no text: a scan */
    static const char draw[] = "q 595 0 0 842 0 0 cm /Im1 Do Q";
    pdfbuf b = make_pdf(draw, strlen(draw), NULL, true);
    expect(ctx, "scan.pdf", b.data, b.len, GFA_ERR_INPUT, "GFA-PDF-003",
           "no text layer on page 1: scanned; run OCR first");
    free(b.data);
    /* only drawings: text drawn as outlines, or an empty page */
    static const char lines[] = "10 10 m 500 10 l S";
    b = make_pdf(lines, strlen(lines), NULL, false);
    expect(ctx, "outlines.pdf", b.data, b.len, GFA_ERR_INPUT, "GFA-PDF-010",
           "no text on any of the 1 page");
    /* cut short: no pages left after repair */
    expect(ctx, "cut.pdf", b.data, b.len / 3, GFA_ERR_INPUT, "GFA-PDF-002",
           "broken PDF: array not closed before end of file");
    free(b.data);
    static const char junk[] = "%PDF-1.7\n\x01\x02garbage\xff\xfe";
    expect(ctx, "junk.pdf", junk, sizeof junk - 1, GFA_ERR_INPUT, "GFA-PDF-002",
           "broken PDF: no objects found");
    /* a truncated real report */
    size_t len = 0;
    char *real = tu_read(tu_path("tests/corpus/generated/lo-docx-portrait-zenhei-plain.pdf"), &len);
    assert_non_null(real);
    expect(ctx, "truncated.pdf", real, 100000, GFA_ERR_INPUT, "GFA-PDF-002",
           "broken PDF: no pages left after repairing it (a truncated or damaged file)");
    free(real);
    gfa_context_free(ctx);
}

/* A deflate stream of n bytes of one value (fixed Huffman codes: the byte, then copies of
 * 258 bytes at distance 1, 13 bits each), in a zlib wrapper: 1 GiB takes 6.5 MB. */
static unsigned char *deflate_run(uint64_t n, unsigned char byte, size_t *out_len)
{
    size_t cap = (size_t)(n / 258 * 13 / 8) + 64, len = 0;
    unsigned char *o = calloc(cap, 1);
    assert_non_null(o);
    o[len++] = 0x78;
    o[len++] = 0x01;
    uint64_t acc = 0;
    int bits = 0;
#define PUT(v, nb)                                                                            \
    do {                                                                                      \
        acc |= (uint64_t)(v) << bits;                                                         \
        bits += (nb);                                                                         \
        while (bits >= 8) {                                                                   \
            o[len++] = (unsigned char)acc;                                                    \
            acc >>= 8;                                                                        \
            bits -= 8;                                                                        \
        }                                                                                     \
    } while (0)
/* Huffman codes go out most significant bit first */
#define PUTCODE(code, nb)                                                                     \
    do {                                                                                      \
        unsigned r_ = 0;                                                                      \
        for (int i_ = 0; i_ < (nb); i_++)                                                     \
            r_ |= (((code) >> i_) & 1u) << ((nb)-1 - i_);                                     \
        PUT(r_, nb);                                                                          \
    } while (0)
    PUT(1, 1); /* BFINAL */
    PUT(1, 2); /* fixed Huffman */
    PUTCODE(0x30u + byte, 8);
    uint64_t left = n - 1;
    while (left >= 258) {
        PUTCODE(0xC5u, 8); /* length code 285: 258 bytes */
        PUTCODE(0u, 5);    /* distance 1 */
        left -= 258;
    }
    while (left--)
        PUTCODE(0x30u + byte, 8);
    PUTCODE(0u, 7); /* end of block */
    if (bits)
        PUT(0, 8 - bits);
    /* Adler-32 of n equal bytes: A = 1 + n*b, B = n + b*n(n+1)/2 (mod 65521) */
    const uint64_t m = 65521;
    uint64_t a = (1 + (n % m) * byte) % m;
    uint64_t half = (n % 2 == 0) ? ((n / 2) % m) * ((n + 1) % m) : (n % m) * (((n + 1) / 2) % m);
    uint64_t bb = (n % m + (half % m) * byte) % m;
    o[len++] = (unsigned char)(bb >> 8);
    o[len++] = (unsigned char)bb;
    o[len++] = (unsigned char)(a >> 8);
    o[len++] = (unsigned char)a;
#undef PUT
#undef PUTCODE
    *out_len = len;
    return o;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The processor time of the process: what a busy machine does not stretch. */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A page whose 6.5 MB content stream inflates to 1 GiB of blanks (the lexer would chew on
 * it for seconds without ever reaching an operator) is refused at the content limit, fast;
 * the time limit stops what gets past it, while the streams are measured as well as while
 * they are interpreted. */
static void decompression_bomb_is_refused_fast(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    size_t zlen = 0;
    unsigned char *z = deflate_run(1ULL << 30, ' ', &zlen);
    assert_true(zlen < 8u << 20);
    pdfbuf b = make_pdf((const char *)z, zlen, "/FlateDecode", false);
    free(z);
    double t0 = now();
    expect(ctx, "bomb.pdf", b.data, b.len, GFA_ERR_INPUT, "GFA-LIMIT-010",
           "page 1: its content streams inflate to more than 33554432 bytes (--limit "
           "pdf-content-bytes=N): a decompression bomb, refused");
    double took = now() - t0;
    printf("a content stream of %zu bytes inflating to 1 GiB refused in %.2f s\n", zlen, took);
    if (took > 5)
        fail_msg("the bomb took %.1f s to refuse", took);
    /* past the content limit, the time limit: 1 GiB of drawing operators */
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_CONTENT_BYTES, 4LL << 30), GFA_OK);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_SECONDS, 1), GFA_OK);
    t0 = now();
    expect(ctx, "bomb.pdf", b.data, b.len, GFA_ERR_INPUT, "GFA-LIMIT-011",
           "page 1: reading the PDF takes more than 1 s (--limit pdf-seconds=N)");
    took = now() - t0;
    printf("the same bomb past the content limit stopped by the time limit of 1 s in %.2f s\n",
           took);
    if (took > 10)
        fail_msg("the time limit of 1 s stopped the bomb after %.1f s", took);
    free(b.data);
    /* the time limit holds while the content streams are measured too: a page naming that
     * stream 8 times inflates 8 GiB before its first operator (seconds of zlib on any
     * machine), under a content limit of 16 GiB. Measured in processor time, which a machine
     * busy with other work does not stretch (the watchdog sleeps; the reader works at most
     * the 1 s of the limit) */
    z = deflate_run(1ULL << 30, ' ', &zlen);
    memset(&b, 0, sizeof b);
    pb_str(&b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    pb_obj(&b, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0);
    pb_obj(&b, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", NULL, 0);
    pb_obj(&b,
           "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 4 0 R 4 0 R "
           "4 0 R 4 0 R 4 0 R 4 0 R 4 0 R] >>",
           NULL, 0);
    char dict[64];
    snprintf(dict, sizeof dict, "<< /Length %zu /Filter /FlateDecode >>", zlen);
    pb_obj(&b, dict, z, zlen);
    pb_finish(&b);
    free(z);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_CONTENT_BYTES, 16LL << 30), GFA_OK);
    t0 = cpu_now();
    expect(ctx, "bombs.pdf", b.data, b.len, GFA_ERR_INPUT, "GFA-LIMIT-011",
           "page 1: reading the PDF takes more than 1 s (--limit pdf-seconds=N)");
    took = cpu_now() - t0;
    printf("8 GiB of content streams stopped by the time limit of 1 s after %.2f s of processor "
           "time\n", took);
    if (took > 3)
        fail_msg("the time limit of 1 s stopped the measuring of 8 GiB after %.1f s of processor "
                 "time", took);
    free(b.data);
    gfa_context_free(ctx);
}

static void page_and_object_limits(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    size_t len = 0;
    char *real = tu_read(tu_path("tests/corpus/generated/lo-docx-portrait-zenhei-plain.pdf"), &len);
    assert_non_null(real);
    assert_int_equal(gfa_limit_by_name("pdf-pages"), GFA_LIMIT_PDF_PAGES);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_PAGES, 10), GFA_OK);
    expect(ctx, "long.pdf", real, len, GFA_ERR_INPUT, "GFA-LIMIT-007",
           "the PDF has 46 pages, over the limit of 10 (--limit pdf-pages=N)");
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_PAGES, 1000), GFA_OK);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_OBJECTS, 20), GFA_OK);
    expect(ctx, "many.pdf", real, len, GFA_ERR_INPUT, "GFA-LIMIT-008",
           "the PDF has more than 20 objects (--limit pdf-objects=N)");
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_OBJECTS, 500000), GFA_OK);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_MEMORY, 64 << 10), GFA_OK);
    expect(ctx, "small.pdf", real, len, GFA_ERR_INPUT, "GFA-LIMIT-009",
           "reading it needs more than 65536 bytes of memory (--limit pdf-memory=N)");
    free(real);
    /* a page of Chromium's needs more than 4 MiB: refused inside a page */
    real = tu_read(tu_path("tests/corpus/generated/chromium-portrait-sans.pdf"), &len);
    assert_non_null(real);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_MEMORY, 4 << 20), GFA_OK);
    expect(ctx, "fonts.pdf", real, len, GFA_ERR_INPUT, "GFA-LIMIT-009",
           "reading it needs more than 4194304 bytes of memory (--limit pdf-memory=N)");
    free(real);
    gfa_context_free(ctx);
}

/* The PDF library's peak memory of the last read (GFA-PDF-012), in KiB; -1 if not said. */
static long pdf_peak_kib(const gfa_diags *d)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        const char *m = strstr(gfa_diag_message(x), "memory peaked at ");
        long kib = 0;
        if (!strcmp(gfa_diag_id(x), "GFA-PDF-012") && m &&
            sscanf(m, "memory peaked at %ld KiB", &kib) == 1)
            return kib;
    }
    return -1;
}

/* Memory bounded by a page: a 46-page PDF printed by Chromium (a new set of Type 3 fonts on
 * every page) is read whole in 8 MiB of PDF library memory, and in 6 MiB, every table
 * amount the sample's and each at the place it has when read with the default limit. No
 * glyph of a Type 3 font is loaded (with their drawings page 1 alone needed more than 8 MiB,
 * the document 44 MB), and the document is opened afresh once it holds half the limit (in
 * 6 MiB the fonts of the pages read before ran out of room on page 11). */
static void chromium_pdf_read_whole_in_8_mib(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    const char *path = tu_path("tests/corpus/generated/chromium-portrait-sans.pdf");
    gfa_report *ref = read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), d);
    keys sample = amounts_of(ref);
    gfa_report_free(ref);
    gfa_diags_clear(d);
    gfa_report *free_r = read_file(ctx, path, d);
    keys placed = amounts_at(free_r, true, 0);
    long free_peak = pdf_peak_kib(d);
    gfa_report_free(free_r);
    static const long mib[] = {8, 6};
    for (size_t k = 0; k < sizeof mib / sizeof *mib; k++) {
        assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_PDF_MEMORY, mib[k] << 20), GFA_OK);
        gfa_diags_clear(d);
        gfa_report *r = read_file(ctx, path, d);
        long peak = pdf_peak_kib(d);
        printf("chromium-portrait-sans.pdf: the PDF library peaked at %ld KiB under a limit of "
               "%ld MiB (%ld KiB under the default limit)\n", peak, mib[k], free_peak);
        assert_true(peak > 0 && peak <= mib[k] << 10);
        keys got = amounts_of(r);
        keys got_placed = amounts_at(r, true, 0);
        assert_int_equal(got.n, sample.n);
        for (size_t i = 0; i < got.n; i++)
            assert_string_equal(got.v[i], sample.v[i]);
        assert_int_equal(got_placed.n, placed.n);
        for (size_t i = 0; i < got_placed.n; i++)
            assert_string_equal(got_placed.v[i], placed.v[i]);
        keys_free(&got);
        keys_free(&got_placed);
        gfa_report_free(r);
    }
    keys_free(&sample);
    keys_free(&placed);
    gfa_diags_free(d);
    gfa_context_free(ctx);
}

/* A PDF made by the test (its buffer taken over) read into source lines. */
typedef struct pdf_lines {
    pdfbuf pdf;
    gfa_context *ctx;
    gfa_diags *d;
    src_doc doc;
} pdf_lines;

static pdf_lines read_lines(const char *name, pdfbuf b)
{
    pdf_lines pl = {.pdf = b, .ctx = tu_context(), .d = gfa_diags_new()};
    read_input in = {.name = name, .data = b.data, .len = b.len};
    assert_int_equal(read_pdf_source(pl.ctx, &in, &pl.doc, pl.d), GFA_OK);
    return pl;
}

static void pdf_lines_free(pdf_lines *pl)
{
    src_doc_free(&pl->doc);
    free(pl->pdf.data);
    gfa_diags_free(pl->d);
    gfa_context_free(pl->ctx);
}

/* The document's lines with text (the first lines of its paragraphs), at most max of them
 * into firsts; how many. */
static int first_lines(const src_doc *doc, const char **firsts, int max)
{
    int n = 0;
    for (size_t i = 0; i < doc->count; i++)
        if (doc->lines[i].trimmed && doc->lines[i].trimmed[0] && n < max)
            firsts[n++] = doc->lines[i].trimmed;
    return n;
}

/* A one-line paragraph whose line is indented and reaches the right edge ("…作下述说明："
 * over "上海市…") is a paragraph of its own: the next line, indented as much, begins one
 * too; what tells a first line's indent from a continuation is the page's left edge, where
 * the other paragraphs' lines begin. */
static void indented_one_line_paragraph_stands_alone(void **state)
{
    (void)state;
    char content[2048], x70[71], x74[75];
    memset(x70, 'x', 70), x70[70] = 0; /* Helvetica x: 6 pt at 12 pt */
    memset(x74, 'x', 74), x74[74] = 0;
    snprintf(content, sizeof content, /* full lines end at 522.7 */
             "BT /F1 12 Tf 96 720 Td (a%s) Tj ET\n"
             "BT /F1 12 Tf 72 702 Td (b%s) Tj ET\n"
             "BT /F1 12 Tf 72 684 Td (c end) Tj ET\n"
             "BT /F1 12 Tf 96 666 Td (d%s) Tj ET\n"
             "BT /F1 12 Tf 96 648 Td (e%s) Tj ET\n"
             "BT /F1 12 Tf 72 630 Td (f end) Tj ET\n",
             x70, x74, x70, x70);
    pdf_lines pl = read_lines("indent.pdf", make_pdf(content, strlen(content), NULL, false));
    const char *firsts[8];
    int n = first_lines(&pl.doc, firsts, 8);
    assert_int_equal(n, 3);
    assert_int_equal(firsts[0][0], 'a');
    assert_non_null(strstr(firsts[0], "c end"));
    assert_int_equal(firsts[1][0], 'd');
    assert_null(strstr(firsts[1], "e"));
    assert_int_equal(firsts[2][0], 'e');
    assert_non_null(strstr(firsts[2], "f end"));
    pdf_lines_free(&pl);
}

/* A report whose text is all short lines (table titles, notes, captions) has no line that
 * fills the width: the text area ends where its tables end, not at the longest line, and a
 * note nearly as long as the longest line is not a full line that the next table's title
 * under it continues (yunnan-lo-docx.pdf: 注：本表反映…情况。一般公共预算财政拨款收入支出决算表
 * was one note, and the table after it was not found). */
static void short_lines_end_where_tables_end(void **state)
{
    (void)state;
    char content[2048], x39[40], x41[42];
    memset(x39, 'x', 39), x39[39] = 0; /* Helvetica x: 6 pt at 12 pt */
    memset(x41, 'x', 41), x41[41] = 0;
    snprintf(content, sizeof content,
             /* a table of two rows and two columns across the text area, 72 to 523 */
             "0.5 w 72 700 451 60 re S 72 730 m 523 730 l S 300 700 m 300 760 l S\n"
             "BT /F1 12 Tf 72 780 Td (First title) Tj ET\n"
             "BT /F1 12 Tf 80 740 Td (a) Tj ET BT /F1 12 Tf 400 740 Td (1.00) Tj ET\n"
             "BT /F1 12 Tf 80 710 Td (b) Tj ET BT /F1 12 Tf 400 710 Td (2.00) Tj ET\n"
             "BT /F1 12 Tf 72 680 Td (n%s) Tj ET\n"
             "BT /F1 12 Tf 72 662 Td (Second title) Tj ET\n"
             "BT /F1 12 Tf 72 644 Td (Unit line) Tj ET\n"
             "BT /F1 12 Tf 72 626 Td (m%s) Tj ET\n",
             x39, x41);
    pdf_lines pl = read_lines("short.pdf", make_pdf(content, strlen(content), NULL, false));
    bool note = false, title = false, grid = false;
    for (size_t i = 0; i < pl.doc.count; i++) {
        const char *t = pl.doc.lines[i].trimmed;
        grid = grid || pl.doc.lines[i].grid;
        note = note || (t && t[0] == 'n' && !strcmp(t + 1, x39));
        title = title || (t && !strcmp(t, "Second title"));
    }
    assert_true(grid);
    assert_true(note);
    assert_true(title);
    pdf_lines_free(&pl);
}

/* A title centred on the page in a larger size, reaching near the right margin, and under
 * it, overlapping its line box, the table number at the left margin in the body size
 * (LibreOffice's 14-point title over 12-point 公开07表): two lines, not a paragraph whose
 * first line is indented. A paragraph's lines below still join. */
static void centred_title_stands_alone(void **state)
{
    (void)state;
    char content[2048], x65[66];
    memset(x65, 'x', 65), x65[65] = 0; /* Helvetica x: 7 pt at 14 pt, 6 pt at 12 pt */
    snprintf(content, sizeof content,
             /* A4, left margin 72: the title 350 wide from 122.5 to 472.5, the widest line,
              * the paragraph's lines end at 462 and 468 */
             "BT /F1 14 Tf 122.5 760 Td (t%s) Tj ET\n"
             "BT /F1 12 Tf 72 746 Td (N07) Tj ET\n"
             "BT /F1 12 Tf 96 720 Td (a%s) Tj ET\n"
             "BT /F1 12 Tf 72 702 Td (b%s) Tj ET\n"
             "BT /F1 12 Tf 72 684 Td (c end) Tj ET\n",
             x65 + 16, x65 + 5, x65 + 1);
    pdf_lines pl = read_lines("title.pdf", make_pdf(content, strlen(content), NULL, false));
    const char *firsts[8];
    int n = first_lines(&pl.doc, firsts, 8);
    assert_int_equal(n, 3);
    assert_int_equal(firsts[0][0], 't');
    assert_null(strstr(firsts[0], "N07"));
    assert_string_equal(firsts[1], "N07");
    assert_int_equal(firsts[2][0], 'a');
    assert_non_null(strstr(firsts[2], "c end"));
    pdf_lines_free(&pl);
}

/* A report of tables and their notes: the widest line of text is a note under a ruled
 * table, far short of the table's right edge; the next table's title under it at the left
 * margin is a line of its own (the text area reaches as far as the tables do), not the
 * note's wrapped end. */
static void note_short_of_table_edge_ends(void **state)
{
    (void)state;
    char content[2048], x54[55];
    memset(x54, 'x', 54), x54[54] = 0; /* 6 pt each at 12 pt: the note ends at 402 */
    snprintf(content, sizeof content,
             "0.5 w 72 780 m 520 780 l S 72 760 m 520 760 l S 72 740 m 520 740 l S "
             "72 740 m 72 780 l S 300 740 m 300 780 l S 520 740 m 520 780 l S "
             "BT /F1 10 Tf 75 766 Td (Item) Tj ET BT /F1 10 Tf 303 766 Td (Amount) Tj ET "
             "BT /F1 10 Tf 75 746 Td (Total) Tj ET BT /F1 10 Tf 303 746 Td (6.00) Tj ET\n"
             "BT /F1 12 Tf 72 716 Td (n%s) Tj ET\n"
             "BT /F1 12 Tf 72 698 Td (Next title) Tj ET\n"
             "BT /F1 12 Tf 72 680 Td (Caption) Tj ET\n",
             x54 + 1);
    pdf_lines pl = read_lines("note.pdf", make_pdf(content, strlen(content), NULL, false));
    bool title_alone = false, note_alone = false;
    for (size_t i = 0; i < pl.doc.count; i++) {
        const char *t = pl.doc.lines[i].trimmed ? pl.doc.lines[i].trimmed : "";
        title_alone |= strcmp(t, "Next title") == 0;
        note_alone |= t[0] == 'n' && strlen(t) == 54;
    }
    assert_true(note_alone);
    assert_true(title_alone);
    pdf_lines_free(&pl);
}

/* An A4 PDF of n pages (n <= 6), each page's content stream given, text in Helvetica. */
static pdfbuf make_pages(const char *const *contents, int n)
{
    pdfbuf b;
    memset(&b, 0, sizeof b);
    char kids[128] = "", dict[256];
    for (int p = 0; p < n; p++)
        snprintf(kids + strlen(kids), sizeof kids - strlen(kids), "%d 0 R ", 3 + 2 * p);
    pb_str(&b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    pb_obj(&b, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0);
    snprintf(dict, sizeof dict, "<< /Type /Pages /Kids [%s] /Count %d >>", kids, n);
    pb_obj(&b, dict, NULL, 0);
    for (int p = 0; p < n; p++) {
        snprintf(dict, sizeof dict,
                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                 "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont "
                 "/Helvetica >> >> >> >>",
                 4 + 2 * p);
        pb_obj(&b, dict, NULL, 0);
        snprintf(dict, sizeof dict, "<< /Length %zu >>", strlen(contents[p]));
        pb_obj(&b, dict, contents[p], strlen(contents[p]));
    }
    pb_finish(&b);
    return b;
}

/* A sheet wider than the page printed without fitting it (a workbook's form whose columns
 * are wide): each page holds one or two of its columns, the first the row labels under the
 * title, the next ones the same rows (same tops and heights) without labels, and a row
 * whose label cell is empty on the first page has values on the next. The pages are one
 * table, their cells side by side, in the order printed; a cell's text run on over a page's
 * edge goes on in its cell; a lone table of one column (a box round a note) is still its
 * text. */
static void columns_printed_over_pages_are_one_table(void **state)
{
    (void)state;
#define ROWS_RULED(x0, x1) \
    "0.5 w " #x0 " 780 m " #x1 " 780 l S " #x0 " 760 m " #x1 " 760 l S " #x0 " 740 m " #x1 \
    " 740 l S " #x0 " 720 m " #x1 " 720 l S " #x0 " 720 m " #x0 " 780 l S " #x1 " 720 m " #x1 \
    " 780 l S "
#define CELL(x, y, s) "BT /F1 10 Tf " #x " " #y " Td (" s ") Tj ET "
    const char *const pages[] = {
        CELL(50, 800, "Wide sheet") ROWS_RULED(50, 250) CELL(53, 766, "Name")
            CELL(53, 726, "Total"),
        ROWS_RULED(50, 250) CELL(53, 766, "Project of the") CELL(53, 746, "10.5")
            CELL(53, 726, "20.5"),
        /* the project's name runs on over the page's edge, "the" drawn on both pages */
        ROWS_RULED(50, 250) "150 720 m 150 780 l S " CELL(5, 766, "the year") CELL(53, 746, "9.5")
            CELL(153, 746, "90") CELL(53, 726, "19.5") CELL(153, 726, "95"),
        CELL(50, 800, "Notes") ROWS_RULED(50, 250) CELL(53, 766, "First note")
            CELL(53, 746, "Second note"),
    };
#undef ROWS_RULED
#undef CELL
    pdf_lines pl = read_lines("wide.pdf", make_pages(pages, 4));
    static const char *const want[][4] = {{"Name", "Project of the year", "", ""},
                                          {"", "10.5", "9.5", "90"},
                                          {"Total", "20.5", "19.5", "95"}};
    int rows = 0;
    bool note = false;
    for (size_t i = 0; i < pl.doc.count; i++) {
        const src_line *l = &pl.doc.lines[i];
        if (!l->grid) {
            note = note || (l->trimmed && strstr(l->trimmed, "First note"));
            continue;
        }
        assert_true(rows < 3);
        assert_int_equal(l->ncells, 4);
        for (int c = 0; c < 4; c++)
            assert_string_equal(l->cells[c].text, want[rows][c]);
        rows++;
    }
    assert_int_equal(rows, 3);
    assert_true(note);
    pdf_lines_free(&pl);
}

/* make PDF=no: every PDF is refused with a message that says so. */
static void without_pdf_support_says_so(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    size_t len = 0;
    char *real = tu_read(tu_path("tests/corpus/generated/lo-docx-portrait-zenhei-plain.pdf"), &len);
    assert_non_null(real);
    expect(ctx, "report.pdf", real, len, GFA_ERR_INPUT, "GFA-PDF-005",
           "gfa was built without PDF support (make PDF=no)");
    free(real);
    gfa_context_free(ctx);
}

int main(void)
{
    if (built_without_pdf()) {
        printf("test_pdf: gfa was built with PDF=no: only the refusal is tested\n");
        const struct CMUnitTest tests[] = {cmocka_unit_test(without_pdf_support_says_so)};
        return cmocka_run_group_tests(tests, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_amounts_equal_the_sample),
        cmocka_unit_test(radicals_page_numbers_and_running_heads),
        cmocka_unit_test(compatibility_ideographs_unified),
        cmocka_unit_test(spread_label_after_page_break_is_a_row),
        cmocka_unit_test(form_row_at_page_foot_stays_a_row),
        cmocka_unit_test(form_row_with_number_after_page_break_stays_a_row),
        cmocka_unit_test(row_with_room_below_is_not_cut),
        cmocka_unit_test(row_filling_its_page_goes_on),
        cmocka_unit_test(title_at_page_top_begins_a_block),
        cmocka_unit_test(workbook_prints),
        cmocka_unit_test(unruled_tables_give_every_table_amount),
        cmocka_unit_test(form_begun_at_page_foot_is_laid_out),
        cmocka_unit_test(form_rows_apart_by_their_rules),
        cmocka_unit_test(unruled_cells_end_where_their_glyphs_end),
        cmocka_unit_test(unruled_cells_apart_by_their_padding),
        cmocka_unit_test(unruled_codes_wrapped_in_their_cell),
        cmocka_unit_test(unruled_amount_tail_apart_from_next_label),
        cmocka_unit_test(ruled_frame_round_unruled_rows),
        cmocka_unit_test(one_row_box_over_unruled_form),
        cmocka_unit_test(indented_line_begins_a_paragraph),
        cmocka_unit_test(pages_in_any_geometry_read_upright),
        cmocka_unit_test(encrypted_is_refused),
        cmocka_unit_test(scanned_broken_and_garbage_are_refused),
        cmocka_unit_test(decompression_bomb_is_refused_fast),
        cmocka_unit_test(page_and_object_limits),
        cmocka_unit_test(chromium_pdf_read_whole_in_8_mib),
        cmocka_unit_test(indented_one_line_paragraph_stands_alone),
        cmocka_unit_test(short_lines_end_where_tables_end),
        cmocka_unit_test(centred_title_stands_alone),
        cmocka_unit_test(note_short_of_table_edge_ends),
        cmocka_unit_test(columns_printed_over_pages_are_one_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
