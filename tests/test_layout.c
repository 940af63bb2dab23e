/* test_layout.c — the layout-text reader (pdftotext -layout) on the corpus made from the
 * sample (tests/corpus/generated: PDFs printed by LibreOffice and Chromium, their layout
 * text, a GB18030 and a Traditional copy): every printed amount, dash and its place
 * (table, part, row key, column) must come back as the tab-separated sample gives it (the
 * Traditional copy too: its titles, headers and row names are matched as Simplified), and
 * the Traditional copy must give the findings of its Simplified original; the
 * Shanghai template's layout text must give its nine tables, and its PDF, raw and flattened
 * text the same tables, columns, rows and parts; the engine's entry for the
 * PDF reader must carry page positions to @at. */
#include "testutil.h"

#include "read/read.h"

#define SAMPLE "samples/yangcheng-2024-unit.txt"
#define CORPUS "tests/corpus/generated"
#define UNRULED "tests/corpus/unruled"
#define SHANGHAI "tests/corpus/shanghai-2024-template.layout.txt"

typedef tu_strlist fact_list; /* "def|part|key|col|kind|value", sorted */

static gfa_context *ctx;
static fact_list sample;

/* Every amount and not-applicable mark of the tables, with where it sits. */
static fact_list table_facts(xmlDocPtr doc)
{
    fact_list f = {NULL, 0};
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o =
        xmlXPathEvalExpression(BAD_CAST "//g:table/g:part/g:row/*[self::g:amt or self::g:na]", xc);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;
    f.v = calloc((size_t)n + 1, sizeof *f.v);
    assert_non_null(f.v);
    for (int i = 0; i < n; i++) {
        xmlNodePtr c = o->nodesetval->nodeTab[i], row = c->parent, part = row->parent;
        char def[32], pid[32], key[64], col[64];
        xmlChar *text = xmlNodeGetContent(c);
        assert_true(asprintf(&f.v[f.n++], "%s|%s|%s|%s|%s|%s", tu_attr(part->parent, "def", def, sizeof def),
                             tu_attr(part, "id", pid, sizeof pid), tu_attr(row, "key", key, sizeof key),
                             tu_attr(c, "col", col, sizeof col), (const char *)c->name,
                             text ? (const char *)text : "") > 0);
        xmlFree(text);
    }
    qsort(f.v, f.n, sizeof *f.v, tu_cmp_names);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    return f;
}

/* How many of want's facts got has too (as many times). */
static size_t common(const fact_list *want, const fact_list *got)
{
    size_t i = 0, j = 0, n = 0;
    while (i < want->n && j < got->n) {
        int c = strcmp(want->v[i], got->v[j]);
        n += c == 0;
        i += c <= 0;
        j += c >= 0;
    }
    return n;
}

static void print_missing(const fact_list *want, const fact_list *got)
{
    size_t i = 0, j = 0, shown = 0;
    while (i < want->n && shown < 20) {
        int c = j < got->n ? strcmp(want->v[i], got->v[j]) : -1;
        if (c < 0) {
            fprintf(stderr, "    missing %s\n", want->v[i++]);
            shown++;
        } else {
            i += c == 0;
            j++;
        }
    }
}

static gfa_report *read_path(const char *rel, const char *from, gfa_diags *d)
{
    size_t len = 0;
    char *data = tu_read(tu_path(rel), &len);
    assert_non_null(data);
    gfa_report *r = NULL;
    gfa_status st = from ? gfa_report_read_memory_as(ctx, rel, from, data, len, &r, d)
                         : gfa_report_read_memory(ctx, rel, data, len, &r, d);
    free(data);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    return r;
}

/* An excerpt read: its diagnostics, its report and the report's instance. */
typedef struct excerpt {
    gfa_diags *d;
    gfa_report *r;
    xmlDocPtr doc;
} excerpt;

static excerpt read_excerpt(const char *rel)
{
    excerpt e = {.d = gfa_diags_new()};
    e.r = read_path(rel, NULL, e.d);
    e.doc = gfa_report_doc(e.r);
    return e;
}

static void excerpt_free(excerpt *e)
{
    gfa_report_free(e->r);
    gfa_diags_free(e->d);
}

/* Asserts what the instance says of the indicator named name: its child element's text
 * (child, e.g. "adjusted"), or with child NULL how many indicators have that name. */
static void assert_indicator(xmlDocPtr doc, const char *name, const char *child, const char *want)
{
    char xp[512];
    int n = child ? snprintf(xp, sizeof xp, "string(//g:indicator[@name='%s']/g:%s)", name, child)
                  : snprintf(xp, sizeof xp, "count(//g:indicator[@name='%s'])", name);
    assert_true(n > 0 && (size_t)n < sizeof xp);
    assert_xpath(doc, xp, want);
}

static int setup(void **state)
{
    (void)state;
    ctx = tu_context();
    if (!ctx)
        return -1;
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = read_path(SAMPLE, NULL, d);
    sample = table_facts(gfa_report_doc(r));
    gfa_report_free(r);
    gfa_diags_free(d);
    return sample.n > 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_strlist_free(&sample);
    gfa_context_free(ctx);
    return 0;
}

/* One corpus file, detected by content: the layout reader, a valid instance, and the
 * sample's amounts in the sample's places. */
static void corpus_file(const char *dir, const char *name, int *failures)
{
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s", dir, name);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = read_path(rel, NULL, d);
    xmlDocPtr doc = gfa_report_doc(r);
    char *format = tu_xpath(doc, "string(/g:report/g:header/g:source/@format)");
    gfa_diags *xsd = gfa_diags_new();
    bool valid = gfa_report_check_schema(ctx, r, xsd) == GFA_OK;
    fact_list got = table_facts(doc);
    size_t hit = common(&sample, &got);
    fprintf(stderr, "  %s: %zu of %zu amounts and dashes in place (%.1f%%), %zu more\n", name, hit,
            sample.n, 100.0 * (double)hit / (double)sample.n, got.n - hit);
    bool ok = strcmp(format, "layout") == 0 && valid && hit == sample.n && got.n == hit;
    if (!ok) {
        fprintf(stderr, "  FAIL %s: format %s, %s\n", name, format, valid ? "valid" : "invalid");
        print_missing(&sample, &got);
        tu_print_diags(xsd);
        ++*failures;
    }
    tu_strlist_free(&got);
    free(format);
    gfa_diags_free(xsd);
    gfa_diags_free(d);
    gfa_report_free(r);
}

/* The layout texts of a corpus folder; returns how many. */
static int corpus_dir(const char *dir, int *failures)
{
    DIR *dh = opendir(tu_path(dir));
    assert_non_null(dh);
    char *names[64];
    int n = 0;
    for (struct dirent *e; (e = readdir(dh)) && n < 64;) {
        size_t l = strlen(e->d_name);
        if (strstr(e->d_name, ".layout") && l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof *names, tu_cmp_names);
    for (int i = 0; i < n; i++) {
        corpus_file(dir, names[i], failures);
        free(names[i]);
    }
    return n;
}

/* ... of the PDFs printed from the sample, those without a cell grid of rulings too */
static void corpus_amounts_in_place(void **state)
{
    (void)state;
    int failures = 0;
    assert_true(corpus_dir(CORPUS, &failures) >= 7);
    assert_true(corpus_dir(UNRULED, &failures) >= 3);
    assert_int_equal(failures, 0);
}

/* The Shanghai 2024 template (WPS, placeholders): its nine tables, no amounts, no error. */
static void shanghai_template_tables(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = read_path(SHANGHAI, NULL, d);
    xmlDocPtr doc = gfa_report_doc(r);
    assert_xpath(doc, "string(/g:report/g:header/g:source/@format)", "layout");
    assert_xpath(doc, "count(//g:table)", "9");
    for (int k = 1; k <= 9; k++) {
        char expr[128];
        snprintf(expr, sizeof expr, "count(//g:table[@def='sh%02d' and @variant='shanghai'])", k);
        assert_xpath(doc, expr, "1");
    }
    assert_xpath(doc, "count(//g:table//g:amt)", "0");
    assert_xpath(doc, "count(//g:table//g:column[starts-with(@id, 'x')])", "0");
    for (size_t i = 0; i < gfa_diags_count(d); i++) /* placeholders give structure, no error */
        assert_true(gfa_diag_severity(gfa_diags_at(d, i)) < GFA_SEV_ERROR);
    assert_xpath(doc, "count(//g:table[@def='sh01']/g:part[@id='expense']/g:row)", "28");
    assert_xpath(doc, "count(//g:table[@def='sh06']//g:row[string-length(@code) > 0])", "65");
    gfa_diags *xsd = gfa_diags_new();
    assert_int_equal(gfa_report_check_schema(ctx, r, xsd), GFA_OK);
    gfa_diags_free(xsd);
    gfa_report_free(r);
    gfa_diags_free(d);
}

/* What the Shanghai template's instance is made of, whatever shape it was read from: its
 * parts in order ("parts …", first), and sorted, each table's parts with their columns
 * ("T|def|part|columns") and each row with its column group, code and name
 * ("R|def|part|group|key|code|name"). */
static tu_strlist template_shape(xmlDocPtr doc)
{
    tu_strlist f = {NULL, 0};
    size_t cap = 16;
    f.v = calloc(cap, sizeof *f.v);
    assert_non_null(f.v);
    strbuf parts;
    sb_init(&parts);
    sb_adds(&parts, "parts");
    for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST "header") != 0 &&
            xmlStrcmp(c->name, BAD_CAST "validation") != 0) {
            sb_addc(&parts, ' ');
            sb_adds(&parts, (const char *)c->name);
        }
    f.v[f.n++] = parts.data;
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "//g:table/g:part", xc);
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlNodePtr part = o->nodesetval->nodeTab[i];
        char def[32], pid[32], buf[256];
        tu_attr(part->parent, "def", def, sizeof def);
        tu_attr(part, "id", pid, sizeof pid);
        strbuf cols;
        sb_init(&cols);
        for (xmlNodePtr c = part->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            char *line = NULL;
            if (xmlStrcmp(c->name, BAD_CAST "column") == 0) {
                sb_addc(&cols, ' ');
                sb_adds(&cols, tu_attr(c, "id", buf, sizeof buf));
                continue;
            }
            char key[64], code[32], group[8];
            tu_attr(c, "key", key, sizeof key);
            assert_true(asprintf(&line, "R|%s|%s|%s|%s|%s|%s", def, pid,
                                 tu_attr(c, "group", group, sizeof group), key,
                                 tu_attr(c, "code", code, sizeof code),
                                 tu_attr(c, "name", buf, sizeof buf)) > 0);
            if (f.n + 2 >= cap) {
                cap *= 2;
                f.v = realloc(f.v, cap * sizeof *f.v);
                assert_non_null(f.v);
            }
            f.v[f.n++] = line;
        }
        assert_true(asprintf(&f.v[f.n++], "T|%s|%s|%s", def, pid, cols.data ? cols.data : "") > 0);
        sb_free(&cols);
    }
    qsort(f.v + 1, f.n - 1, sizeof *f.v, tu_cmp_names);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    return f;
}

/* The Shanghai template read from its PDF, its pdftotext -raw text and its flattened text
 * gives the tables, columns, rows and parts of its layout text's reading (the real reports
 * gfa is judged on come in these shapes), no amount, no unknown table. */
static void shanghai_template_shapes(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "tests/corpus/shanghai-2024-template.pdf",
        "tests/corpus/shanghai-2024-template.raw.txt",
        "tests/corpus/shanghai-2024-template.flat.txt",
    };
    static const char *const formats[] = {"pdf", "flat", "flat"};
    gfa_diags *d = gfa_diags_new();
    gfa_report *ref = read_path(SHANGHAI, NULL, d);
    assert_xpath(gfa_report_doc(ref), "count(//g:table//g:row[starts-with(@key, 'r')])", "0");
    tu_strlist want = template_shape(gfa_report_doc(ref));
    assert_true(want.n > 150);
    int failures = 0;
    for (size_t s = 0; s < ARRAY_LEN(shapes); s++) {
        gfa_report *r = NULL;
        gfa_diags_clear(d);
        if (s == 0)
            assert_int_equal(gfa_report_read_file(ctx, tu_path(shapes[s]), &r, d), GFA_OK);
        else
            r = read_path(shapes[s], NULL, d);
        xmlDocPtr doc = gfa_report_doc(r);
        assert_xpath(doc, "string(/g:report/g:header/g:source/@format)", formats[s]);
        assert_xpath(doc, "count(//g:table)", "9");
        assert_xpath(doc, "count(//g:table//g:amt)", "0");
        assert_xpath(doc, "count(//g:table//g:row[starts-with(@key, 'r')])", "0"); /* all known */
        tu_strlist got = template_shape(doc);
        if (strcmp(got.v[0], want.v[0]) != 0) {
            fprintf(stderr, "  %s: %s, the layout text's %s\n", shapes[s], got.v[0], want.v[0]);
            failures++;
        }
        size_t i = 1, j = 1;
        while (i < want.n || j < got.n) {
            int c = i >= want.n ? 1 : j >= got.n ? -1 : strcmp(want.v[i], got.v[j]);
            if (c != 0) {
                fprintf(stderr, "  %s: %s %s\n", shapes[s], c < 0 ? "lacks" : "has more",
                        c < 0 ? want.v[i] : got.v[j]);
                failures++;
            }
            i += c <= 0;
            j += c >= 0;
        }
        tu_strlist_free(&got);
        gfa_report_free(r);
    }
    tu_strlist_free(&want);
    gfa_report_free(ref);
    gfa_diags_free(d);
    assert_int_equal(failures, 0);
}

/* The findings of a validation as "RULE LINE SEVERITY" lines, sorted. */
static fact_list findings_of(gfa_validator *val, const char *rel)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = read_path(rel, NULL, d);
    gfa_diags_clear(d);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    fact_list f = {calloc(gfa_diags_count(d) + 1, sizeof(char *)), 0};
    assert_non_null(f.v);
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        assert_true(asprintf(&f.v[f.n++], "%s %ld %s", gfa_diag_id(x), gfa_diag_line(x),
                             gfa_severity_name(gfa_diag_severity(x))) > 0);
    }
    qsort(f.v, f.n, sizeof *f.v, tu_cmp_names);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_diags_free(d);
    return f;
}

static size_t count_prefix(const fact_list *f, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += strncmp(f->v[i], prefix, strlen(prefix)) == 0;
    return n;
}

/* A page machine-converted to Traditional characters (opencc s2t) is checked as its
 * Simplified original: the same findings at the same lines, the narrative's (figures
 * against the tables, shares, completion rates) and the text hygiene's among them. */
static void traditional_copy_same_findings(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_non_null(val);
    fact_list simple = findings_of(val, CORPUS "/chromium-portrait-sans.layout.txt");
    fact_list trad = findings_of(val, CORPUS "/chromium-portrait-sans.layout.zh-Hant.txt");
    fprintf(stderr, "  %zu findings from the Simplified text, %zu from the Traditional copy, "
                    "%zu in common (%zu narrative, %zu hygiene)\n",
            simple.n, trad.n, common(&simple, &trad), count_prefix(&trad, "GFA-NAR-"),
            count_prefix(&trad, "GFA-TXT-"));
    if (common(&simple, &trad) != simple.n || trad.n != simple.n) {
        print_missing(&simple, &trad);
        print_missing(&trad, &simple);
    }
    assert_true(count_prefix(&simple, "GFA-NAR-") >= 3);
    assert_true(count_prefix(&simple, "GFA-TXT-") >= 1);
    assert_int_equal(common(&simple, &trad), simple.n);
    assert_int_equal(trad.n, simple.n);
    tu_strlist_free(&simple);
    tu_strlist_free(&trad);
    gfa_validator_free(val);
    gfa_diags_free(d);
}

/* The tab-separated sample stays the text reader's. */
static void tab_text_is_not_layout(void **state)
{
    (void)state;
    size_t len = 0;
    char *data = tu_read(tu_path(SAMPLE), &len);
    assert_non_null(data);
    read_input in = {.name = SAMPLE, .data = data, .len = len};
    assert_int_equal(read_layout_sniff(&in), 0);
    assert_string_equal(reader_detect(ctx, &in)->name, "text");
    free(data);
}

/* The PDF reader's way in: lines with the x of each character. Cells and lines get
 * "p<page>:<x>,<y>"; the columns come from the positions, whatever the blanks say (the
 * words here are one blank apart). */
typedef struct word {
    const char *text;
    float x;
} word;

/* A line of words one blank apart, each character 6 points after the one before. */
static layout_line positioned_line(long no, const word *w, float **x)
{
    strbuf sb;
    sb_init(&sb);
    *x = calloc(128, sizeof **x);
    assert_non_null(*x);
    long n = 0;
    for (int k = 0; w[k].text; k++) {
        if (k) {
            sb_addc(&sb, ' ');
            (*x)[n] = (*x)[n - 1] + 6;
            n++;
        }
        sb_adds(&sb, w[k].text);
        for (long c = 0; c < utf8_chars(w[k].text, strlen(w[k].text)); c++, n++)
            (*x)[n] = w[k].x + 6.0f * (float)c;
    }
    return (layout_line){.no = no, .text = sb_take(&sb), .page = 3, .x = *x, .y = 86.0f + 14.5f * (float)no};
}

/* The line/cell model of n lines of words (each ends with {NULL, 0}). */
static gfa_status positioned_lines(const gfa_context *c, const word (*words)[6], int n,
                                   src_doc *out, gfa_diags *d)
{
    layout_line l[8];
    float *x[8];
    assert_true(n <= 8);
    for (int i = 0; i < n; i++)
        l[i] = positioned_line(i + 1, words[i], &x[i]);
    gfa_status st = layout_to_source(c, "positioned.pdf", l, (size_t)n, out, d);
    for (int i = 0; i < n; i++) {
        free((char *)l[i].text);
        free(x[i]);
    }
    return st;
}

static gfa_status positioned(const gfa_context *c, const read_input *in, src_doc *out,
                             gfa_diags *d)
{
    static const word lines[][6] = {
        {{"收入决算表", 200}, {NULL, 0}},
        {{"科目代码", 36}, {"科目名称", 72}, {"本年收入合计", 150}, {"财政拨款收入", 230}, {NULL, 0}},
        {{"合计", 36}, {"120.50", 150}, {"120.50", 230}, {NULL, 0}},
        {{"205", 36}, {"教育支出", 72}, {"120.50", 150}, {"120.50", 230}, {NULL, 0}},
    };
    (void)in;
    return positioned_lines(c, lines, 4, out, d);
}

/* 公开08 as LibreOffice prints it from a DOCX without column rules (the three-line style),
 * its points scaled to 6 a character: 项目 centred over 科目代码 and 科目名称 stands clear
 * of both (in pdftotext's columns it touches 科目代码). */
static gfa_status positioned_key_word(const gfa_context *c, const read_input *in, src_doc *out,
                                      gfa_diags *d)
{
    static const word lines[][6] = {
        {{"国有资本经营预算财政拨款支出决算表", 119.2f}, {NULL, 0}},
        {{"公开08表", 34}, {NULL, 0}},
        {{"项目", 100.4f}, {"本年支出", 258.9f}, {NULL, 0}},
        {{"科目代码", 58.6f}, {"科目名称", 130.9f}, {"合计", 192.5f}, {"基本支出", 242.1f},
         {"项目支出", 314.4f}, {NULL, 0}},
        {{"栏次", 64.6f}, {"1", 196.7f}, {"2", 252.3f}, {"3", 324.6f}, {NULL, 0}},
        {{"合计", 35.1f}, {NULL, 0}},
    };
    (void)in;
    return positioned_lines(c, lines, 6, out, d);
}

/* The instance of the lines a reader of positions makes. */
static xmlDocPtr read_positioned(gfa_status (*to_source)(const gfa_context *, const read_input *,
                                                         src_doc *, gfa_diags *))
{
    const reader_def pdf = {.name = "positioned", .loc = LOC_PAGE, .to_source = to_source};
    read_input in = {.name = "positioned.pdf", .data = "", .len = 0};
    gfa_diags *d = gfa_diags_new();
    xmlDocPtr doc = NULL;
    gfa_status st = read_report(ctx, &pdf, &in, &doc, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    gfa_diags_free(d);
    return doc;
}

static void pdf_positions_reach_the_instance(void **state)
{
    (void)state;
    xmlDocPtr doc = read_positioned(positioned);
    assert_xpath(doc, "string(//g:table/@def)", "sh02"); /* no 公开02 printed */
    assert_xpath(doc, "string(//g:row[@key='205']/g:amt[@col='fiscal'])", "120.50");
    assert_xpath(doc, "string(//g:row[@key='205']/g:amt[@col='fiscal']/@at)", "p3:230.0,144.0");
    assert_xpath(doc, "string(//g:row[@key='205']/@at)", "p3:36.0,144.0");
    xmlFreeDoc(doc);
}

/* A key-column word over the key columns that touches neither of them heads both: the
 * row 合计 keeps its label under them (it became a body row of the header's columns, its
 * label in a column of its own, and the round trip through a workbook lost it). */
static void pdf_key_word_between_its_columns(void **state)
{
    (void)state;
    xmlDocPtr doc = read_positioned(positioned_key_word);
    assert_xpath(doc, "string(//g:table/@def)", "gk08");
    assert_xpath(doc, "string(//g:table/g:header/g:hrow[1]/g:h[1]/@cell)", "1");
    assert_xpath(doc, "string(//g:table/g:header/g:hrow[2]/g:h[2]/@cell)", "2");
    assert_xpath(doc, "string(//g:table/g:header/g:hrow[2]/g:h[3]/@cell)", "3");
    assert_xpath(doc, "string(//g:row[@total='true']/@label)", "\xE5\x90\x88\xE8\xAE\xA1"); /* 合计 */
    assert_xpath(doc, "count(//g:row[@total='true']/g:blank)", "3");
    xmlFreeDoc(doc);
}

/* A table continued on a page that pdftotext lays out anew, its amounts packed closer
 * (公开02: 事业收入's amounts end at 53 on the second page, where 上级补助收入's would on the
 * header's page): the page's own right edges place them, and the header's page learns its
 * edges from its own amounts only (a short amount ends two columns right of a long one of its
 * column, nearer the second page's 事业收入 than its own column's mixed edge). */
static void continued_page_packed_closer(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/national-gk02-packed.layout.txt");
    xmlDocPtr doc = e.doc;
    assert_xpath(doc, "string(//g:table/@def)", "gk02");
    assert_xpath(doc, "string(//g:row[@key='2010506']/g:amt[@col='fiscal'])", "8.13");
    assert_xpath(doc, "string(//g:row[@key='2010607']/g:amt[@col='fiscal'])", "2.04");
    assert_xpath(doc, "string(//g:row[@key='2080599']/g:amt[@col='business'])", "1.67");
    assert_xpath(doc, "string(//g:row[@key='2120101']/g:amt[@col='business'])", "76.38");
    assert_xpath(doc, "string(//g:row[@key='2120101']/g:amt[@col='other'])", "0.15");
    assert_xpath(doc, "count(//g:amt[@col='superior'])", "0");
    excerpt_free(&e);
}

/* 公开06 in four column groups, its names wrapped round their codes: a line that is the name
 * of another code (对企业补助 is 312's) alone above a code whose name it begins ("311
 * (基本建设)") is that row's first line, not a row of its own that leaves 311 unnamed and
 * takes the next wrapped line from 31101. */
static void wrapped_name_that_is_a_code_name(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/national-gk06-wrapped.layout.txt");
    xmlDocPtr doc = e.doc;
    assert_xpath(doc, "string(//g:table/@def)", "gk06");
    /* 对企业补助(基本建设), 资本金注入(基本建设), 其他资本性支出 */
    assert_xpath(doc, "string(//g:row[@key='311']/@name)",
                 "\xE5\xAF\xB9\xE4\xBC\x81\xE4\xB8\x9A\xE8\xA1\xA5\xE5\x8A\xA9"
                 "(\xE5\x9F\xBA\xE6\x9C\xAC\xE5\xBB\xBA\xE8\xAE\xBE)");
    assert_xpath(doc, "string(//g:row[@key='31101']/@name)",
                 "\xE8\xB5\x84\xE6\x9C\xAC\xE9\x87\x91\xE6\xB3\xA8\xE5\x85\xA5"
                 "(\xE5\x9F\xBA\xE6\x9C\xAC\xE5\xBB\xBA\xE8\xAE\xBE)");
    assert_xpath(doc, "string(//g:row[@key='31099']/@name)",
                 "\xE5\x85\xB6\xE4\xBB\x96\xE8\xB5\x84\xE6\x9C\xAC\xE6\x80\xA7"
                 "\xE6\x94\xAF\xE5\x87\xBA");
    excerpt_free(&e);
}

/* A form's indicator name wrapped over three lines with its 年初指标值 one blank after the
 * middle one ("灯设施 ≤元", the name's last line "维护费" under it in pdftotext's columns):
 * a value that begins with a comparison goes on below only with its unit or digits, so the
 * name stays whole and the value keeps its own cell. */
static void form_value_beside_a_wrapped_name(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/national-form-comparison.layout.txt");
    xmlDocPtr doc = e.doc;
    /* 市政路灯设施维护费 */
    const char *name = "\xE5\xB8\x82\xE6\x94\xBF\xE8\xB7\xAF\xE7\x81\xAF\xE8\xAE\xBE"
                       "\xE6\x96\xBD\xE7\xBB\xB4\xE6\x8A\xA4\xE8\xB4\xB9";
    assert_indicator(doc, name, NULL, "1");
    assert_indicator(doc, name, "initial", "\xE2\x89\xA4\xE5\x85\x83"); /* ≤元 */
    assert_indicator(doc, name, "adjusted", "\xE2\x89\xA4" "2600000" "\xE5\x85\x83");
    assert_indicator(doc, name, "actual", "\xE2\x89\xA4" "2600000" "\xE5\x85\x83");
    excerpt_free(&e);
}

/* The forms of a sheet printed as it is (calc-asis: the label column on one page, the
 * values on the pages after) are joined band by band (layout_bands.c): none is left with
 * its labels alone, which GFA-READ-051 would say ("continue on other pages"). */
static void form_columns_on_other_pages_said(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/corpus/calc/calc-asis.layout.txt");
    int said = 0;
    for (size_t i = 0; i < gfa_diags_count(e.d); i++) {
        const gfa_diag *x = gfa_diags_at(e.d, i);
        said += !strcmp(gfa_diag_id(x), "GFA-READ-051") &&
                strstr(gfa_diag_message(x), "continue on other pages") != NULL;
    }
    assert_int_equal(said, 0);
    excerpt_free(&e);
}

/* One form printed as it is, its columns in eight bands one page each (the title's tail
 * "维护项目支出绩效自评表 (2024年度)" opening the second): pinned at the indicator header
 * row, the analysis block and the texts run over a page's edge, the bands joined side by
 * side give each indicator its values from five pages. */
static void form_bands_joined(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/calc-asis-form-bands.layout.txt");
    xmlDocPtr doc = e.doc;
    assert_xpath(doc, "string(//g:performance/g:project/@name)", /* 云空间租赁、机柜租赁和设备维护 */
                 "\xE4\xBA\x91\xE7\xA9\xBA\xE9\x97\xB4\xE7\xA7\x9F\xE8\xB5\x81\xE3\x80\x81"
                 "\xE6\x9C\xBA\xE6\x9F\x9C\xE7\xA7\x9F\xE8\xB5\x81\xE5\x92\x8C"
                 "\xE8\xAE\xBE\xE5\xA4\x87\xE7\xBB\xB4\xE6\x8A\xA4");
    const char *name = "\xE7\xA7\x9F\xE8\xB5\x81\xE6\x95\xB0\xE9\x87\x8F"; /* 租赁数量 */
    assert_indicator(doc, name, NULL, "1");
    assert_indicator(doc, name, "initial", "\xE2\x89\xA5\xE4\xB8\xAA");            /* ≥个 */
    assert_indicator(doc, name, "adjusted", "\xE2\x89\xA5" "8" "\xE4\xB8\xAA");    /* ≥8个 */
    assert_indicator(doc, name, "actual", "\xE2\x89\xA5" "8" "\xE4\xB8\xAA");
    assert_indicator(doc, name, "weight", "20");
    assert_indicator(doc, name, "score", "20");
    assert_xpath(doc, "count(//g:performance/g:indicators/g:indicator)", "6");
    excerpt_free(&e);
}

/* A form printed as it is whose band with 实际完成值 misprints its header row (实际完成位)
 * and its header's other words: the band is joined by the analysis text run over into it
 * from the page before, its lines above that right above it, so its values stand on their
 * rows (血量面标's 实际完成值 >50个, 资金总额's 全年执行数 10.63 from the band after). */
static void form_band_with_misprinted_header(void **state)
{
    (void)state;
    excerpt e = {.d = gfa_diags_new()};
    e.r = read_path("tests/excerpts/calc-asis-form-misprinted-band.layout.txt", "layout", e.d);
    e.doc = gfa_report_doc(e.r);
    xmlDocPtr doc = e.doc;
    const char *name = "\xE8\xA1\x80\xE9\x87\x8F\xE9\x9D\xA2\xE6\xA0\x87"; /* 血量面标 */
    assert_indicator(doc, name, "initial", /* 审核制作工作 */
                     "\xE5\xAE\xA1\xE6\xA0\xB8\xE5\x88\xB6\xE4\xBD\x9C\xE5\xB7\xA5\xE4\xBD\x9C");
    assert_indicator(doc, name, "adjusted", "\xE2\x89\xA5\xE4\xB8\xAA"); /* ≥个 */
    assert_indicator(doc, name, "actual", ">50\xE4\xB8\xAA");               /* >50个 */
    assert_indicator(doc, name, "score", "20");
    assert_xpath(doc, "string(//g:fund[@total='true']/g:amt[@field='executed'])", "10.63");
    excerpt_free(&e);
}

/* A name wrapped round its code's line (公务接待 above it, 费 below, both beginning at one
 * place) that pdftotext set on the code's line in the wrong order ("30217 费公务接待"):
 * written in the order that spells the code list's name. */
static void name_halves_in_the_wrong_order(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/national-gk06-name-sides.layout.txt");
    xmlDocPtr doc = e.doc;
    assert_xpath(doc, "string(//g:table/@def)", "gk06");
    assert_xpath(doc, "string(//g:row[@key='30217']/@name)", /* 公务接待费 */
                 "\xE5\x85\xAC\xE5\x8A\xA1\xE6\x8E\xA5\xE5\xBE\x85\xE8\xB4\xB9");
    assert_xpath(doc, "string(//g:row[@key='30217']/g:amt)", "1.61");
    excerpt_free(&e);
}

/* A form's row at a page's end, its name centred on the line of its weight and score
 * (業務處理 / 時效指標 … 10 10 / 及時性), and the next row's name on the next page's first
 * line (陽城政務, its last line 數據治理 three lines down): pdftotext lays each page out
 * anew, so the name's lines over the page break are not one cell; each row keeps its own
 * name and values. */
static void form_row_ends_at_page_end(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/hant-form-row-over-page.layout.txt");
    xmlDocPtr doc = e.doc;
    /* 業務處理及時性, 陽城政務數據治理 */
    const char *timely = "\xE6\xA5\xAD\xE5\x8B\x99\xE8\x99\x95\xE7\x90\x86\xE5\x8F\x8A\xE6\x99\x82\xE6\x80\xA7";
    const char *cost = "\xE9\x99\xBD\xE5\x9F\x8E\xE6\x94\xBF\xE5\x8B\x99\xE6\x95\xB8\xE6\x93\x9A\xE6\xB2\xBB\xE7\x90\x86";
    assert_indicator(doc, timely, NULL, "1");
    assert_indicator(doc, timely, "adjusted", "\xE5\x8F\x8A\xE6\x99\x82"); /* 及時 */
    assert_indicator(doc, timely, "score", "10");
    assert_indicator(doc, cost, NULL, "1");
    assert_indicator(doc, cost, "adjusted", "\xE2\x89\xA4" "300000" "\xE5\x85\x83"); /* ≤300000元 */
    assert_indicator(doc, cost, "weight", "10");
    excerpt_free(&e);
}

/* Rows of a form pdftotext set without a blank line between them: a name of three lines
 * centred on its row's numbers (辦公 / 設備 … 10 10 / 驗收) is whole, and the line under it
 * (採購), whose cell goes on below (辦公 / 設備), begins the next row's name; a name broken
 * over a page, not centred on its row's numbers (工作 … 15 15 / 正常 over 運轉 on the next
 * page), goes on there. */
static void form_rows_without_a_blank_between(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/hant-form-rows-unparted.layout.txt");
    xmlDocPtr doc = e.doc;
    static const char *const names[] = {
        "\xE8\xBE\xA6\xE5\x85\xAC\xE8\xA8\xAD\xE5\x82\x99\xE9\xA9\x97\xE6\x94\xB6", /* 辦公設備驗收 */
        "\xE6\x8E\xA1\xE8\xB3\xBC\xE8\xBE\xA6\xE5\x85\xAC\xE8\xA8\xAD\xE5\x82\x99", /* 採購辦公設備 */
        "\xE5\xB7\xA5\xE4\xBD\x9C\xE6\xAD\xA3\xE5\xB8\xB8\xE9\x81\x8B\xE8\xBD\x89", /* 工作正常運轉 */
        "\xE8\xB3\x87\xE7\x94\xA2\xE5\x88\xA9\xE7\x94\xA8\xE6\xB0\xB4\xE5\xB9\xB3", /* 資產利用水平 */
    };
    static const char *const adjusted[] = {
        "\xE2\x89\xA5" "98%", "\xE2\x89\xA0" "100%", NULL, NULL, /* ≥98%, ≠100% */
    };
    static const char *const weights[] = {"10", "10", "15", "15"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        assert_indicator(doc, names[i], NULL, "1");
        assert_indicator(doc, names[i], "weight", weights[i]);
        if (adjusted[i])
            assert_indicator(doc, names[i], "adjusted", adjusted[i]);
    }
    excerpt_free(&e);
}

/* A cell's last character that pdftotext set on the line above, shifted left right after
 * the one-line label of the column before ("血量面标 作" over "审核制作工 ≥个 >50个"): it
 * ends the text under it (审核制作工作), and the values keep their columns. */
static void form_tail_beside_a_one_line_label(void **state)
{
    (void)state;
    excerpt e = read_excerpt("tests/excerpts/chromium-form-tail-beside.layout.txt");
    xmlDocPtr doc = e.doc;
    const char *name = "\xE8\xA1\x80\xE9\x87\x8F\xE9\x9D\xA2\xE6\xA0\x87"; /* 血量面标 */
    assert_indicator(doc, name, NULL, "1");
    assert_indicator(doc, name, "initial", "\xE5\xAE\xA1\xE6\xA0\xB8\xE5\x88\xB6\xE4\xBD\x9C\xE5\xB7\xA5\xE4\xBD\x9C"); /* 审核制作工作 */
    assert_indicator(doc, name, "adjusted", "\xE2\x89\xA5\xE4\xB8\xAA"); /* ≥个 */
    assert_indicator(doc, name, "actual", ">50\xE4\xB8\xAA"); /* >50个 */
    excerpt_free(&e);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_amounts_in_place),
        cmocka_unit_test(traditional_copy_same_findings),
        cmocka_unit_test(shanghai_template_tables),
        cmocka_unit_test(shanghai_template_shapes),
        cmocka_unit_test(tab_text_is_not_layout),
        cmocka_unit_test(pdf_positions_reach_the_instance),
        cmocka_unit_test(pdf_key_word_between_its_columns),
        cmocka_unit_test(continued_page_packed_closer),
        cmocka_unit_test(wrapped_name_that_is_a_code_name),
        cmocka_unit_test(form_value_beside_a_wrapped_name),
        cmocka_unit_test(form_columns_on_other_pages_said),
        cmocka_unit_test(form_bands_joined),
        cmocka_unit_test(form_band_with_misprinted_header),
        cmocka_unit_test(name_halves_in_the_wrong_order),
        cmocka_unit_test(form_row_ends_at_page_end),
        cmocka_unit_test(form_rows_without_a_blank_between),
        cmocka_unit_test(form_tail_beside_a_one_line_label),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    gfa_global_cleanup();
    return rc;
}
