/* test_defs.c — the table definitions as data: every definition and column id is in the
 * instance schema's enumerations (so an instance can name it), a broken definition file is
 * refused with its file and line, a variant added as a file is recognised, each table set
 * (national 2016–2019, 2020–2023, 2024; the provinces') is chosen for the reports printed
 * in it, includes are checked, and a column's sum and prior-of name columns of its part. */
#include "testutil.h"
#include "read/read.h"

/* The values of an xs:enumeration list under the named simple type of the XSD. */
static bool enumerates(xmlDocPtr xsd, const char *type, const char *value)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(xsd);
    xmlXPathRegisterNs(xc, BAD_CAST "xs", BAD_CAST "http://www.w3.org/2001/XMLSchema");
    char expr[256];
    snprintf(expr, sizeof expr, "count(//xs:simpleType[@name='%s']//xs:enumeration[@value='%s'])",
             type, value);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xc);
    bool yes = o && o->floatval >= 1;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    return yes;
}

static void schema_enumerates_every_definition(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    xmlDocPtr xsd = xmlReadFile(tu_path("schemas/gfa-report.xsd"), NULL, XML_PARSE_NONET);
    assert_non_null(xsd);
    int missing = 0;
    for (size_t i = 0; i < ctx->defs.count; i++) {
        const table_def *t = &ctx->defs.tables[i];
        if (!enumerates(xsd, "tableDef", t->id)) {
            fprintf(stderr, "  table id %s (%s) is not in gfa-report.xsd's tableDef\n", t->id, t->variant);
            missing++;
        }
        for (size_t p = 0; p < t->nparts; p++)
            for (size_t c = 0; c < t->parts[p].ncols; c++)
                if (!enumerates(xsd, "columnId", t->parts[p].cols[c].id)) {
                    fprintf(stderr, "  column id %s of %s is not in gfa-report.xsd's columnId\n",
                            t->parts[p].cols[c].id, t->id);
                    missing++;
                }
    }
    assert_int_equal(missing, 0);
    xmlFreeDoc(xsd);
    gfa_context_free(ctx);
}

/* A data folder of this checkout's data with one extra table-definition file. */
static char *data_copy(const char *extra_name, const char *extra)
{
    char *dir = tu_data_copy("defs"), rel[256];
    snprintf(rel, sizeof rel, "schemas/tables/%s", extra_name);
    tu_write(dir, rel, extra);
    return dir;
}

static void broken_definition_names_file_and_line(void **state)
{
    (void)state;
    char *dir = data_copy("zz-broken.xml",
                          "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
                          "<table id=\"BAD ID\"><title>x</title></table>\n</tabledefs>\n");
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(dir, d);
    assert_null(ctx);
    bool named = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (strstr(gfa_diag_file(x), "zz-broken.xml") && gfa_diag_line(x) == 3)
            named = true;
    }
    if (!named)
        tu_print_diags(d);
    assert_true(named);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

/* A province's table, added as a data file, is recognised by its title and header. */
static void variant_as_a_data_file(void **state)
{
    (void)state;
    char *dir = data_copy(
        "zz-variant.xml",
        "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
        "<table id=\"gk03\"><title>x</title></table>\n</tabledefs>\n");
    /* ids are unique over all variants: reusing gk03 is refused */
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d));
    assert_true(tu_has_diag(d, "GFA-DATA-011"));
    gfa_diags_free(d);
    tu_remove_data(dir);
    /* a real new variant: 某省 prints 支出决算表 as 支出决算情况表 with a 合计支出 column */
    dir = data_copy(
        "zz-variant.xml",
        "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
        "<table id=\"zz03\"><title>支出决算情况表</title>\n"
        "<part id=\"main\" axis=\"function\" keys=\"code name\">\n"
        "<column id=\"total\"><label>合计支出</label></column>\n"
        "<column id=\"basic\"><label>基本支出</label></column>\n"
        "<row id=\"total\" total=\"true\"><label>合计</label></row></part></table>\n</tabledefs>\n");
    d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(dir, d);
    assert_non_null(ctx);
    const char *text = "支出决算情况表\n\n单位：万元\n\n项目\t\t\t\n科目代码\t科目名称\t合计支出\t基本支出\n"
                       "合计\t\t5.00\t5.00\n205\t教育支出\t5.00\t5.00\n";
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "zz.txt", text, strlen(text), &r, d), GFA_OK);
    assert_xpath(gfa_report_doc(r), "string(//g:table/@variant)", "zz");
    assert_xpath(gfa_report_doc(r), "string(//g:table/@def)", "zz03");
    assert_xpath(gfa_report_doc(r), "string(//g:row[@key='205']/g:amt[@col='total'])", "5.00");
    gfa_report_free(r);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

/* Each table set is chosen for a report printed in it, its own tables and the national
 * ones it includes (same ids, the set as variant): the rule tests' base reports of the
 * provinces (tests/rules/base-*.txt), the sample, the Shanghai template. */
static void sets_chosen_by_report(void **state)
{
    (void)state;
    static const struct {
        const char *file, *variant, *defs;
    } reports[] = {
        {"tests/rules/base-national.txt", "national", "gk01 gk04 gk06 gk09 gk10"},
        {"tests/rules/base-shaanxi.txt", "shaanxi", "gk01 gk05 gk06 sx07"},
        {"tests/rules/base-yunnan.txt", "yunnan", "gk01 gk04 yn05 gk06 yn07 yn10"},
        {"tests/rules/base-sichuan.txt", "sichuan", "gk01 gk04 sc05 gk05 sc07 yn07 sc12 sh09 sc14"},
        {"tests/rules/base-neimenggu.txt", "neimenggu", "gk01 gk06 nm10 nm11 nm12"},
        {"samples/yangcheng-2024-unit.txt", "national", "gk01 gk08 gk09 gk10"},
        {"tests/corpus/shanghai-2024-template.layout.txt", "shanghai", "sh01 sh06 sh09"},
    };
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        size_t len = 0;
        char *text = tu_read(tu_path(reports[i].file), &len);
        assert_non_null(text);
        gfa_diags *d = gfa_diags_new();
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, reports[i].file, text, len, &r, d), GFA_OK);
        xmlDocPtr doc = gfa_report_doc(r);
        fprintf(stderr, "  %s: %s\n", reports[i].file, reports[i].variant);
        assert_xpath(doc, "string(/g:report/g:header/g:variant[1])", reports[i].variant);
        assert_xpathf(doc, "0", "count(//g:table[@variant!='%s' and @def!='unknown'])", reports[i].variant);
        char *defs = strdup(reports[i].defs), *save = NULL;
        for (char *id = strtok_r(defs, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
            assert_xpathf(doc, "1", "count(//g:table[@def='%s'])", id);
        }
        free(defs);
        free(text);
        gfa_report_free(r);
        gfa_diags_free(d);
    }
    gfa_context_free(ctx);
}

/* An include names a table some file defines, once per set. */
static void includes_checked(void **state)
{
    (void)state;
    char *dir = data_copy("zz-include.xml",
                          "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
                          "<include table=\"gk99\" number=\"公开01\"/>\n</tabledefs>\n");
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d));
    assert_true(tu_has_diag(d, "GFA-DATA-017"));
    gfa_diags_free(d);
    tu_remove_data(dir);
    dir = data_copy("zz-include.xml",
                    "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"national\">\n"
                    "<include table=\"gk02\"/>\n</tabledefs>\n");
    d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d)); /* gk02 is the national set's own */
    assert_true(tu_has_diag(d, "GFA-DATA-011"));
    gfa_diags_free(d);
    tu_remove_data(dir);
}

/* @sum names columns of the same part, resolved at load (公开07: 年末 = 年初 + 本年收入 −
 * 本年支出); a column the part does not have is refused with its file and line. */
static void column_sums(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    const table_def *t = table_defs_find(&ctx->defs, "gk07");
    assert_non_null(t);
    const part_def *p = &t->parts[0];
    const col_def *carry_out = NULL;
    for (size_t c = 0; c < p->ncols; c++)
        if (strcmp(p->cols[c].id, "carry_out") == 0)
            carry_out = &p->cols[c];
    assert_non_null(carry_out);
    assert_int_equal(carry_out->nsum, 3);
    assert_string_equal(p->cols[carry_out->sum[0].col].id, "carry_in");
    assert_int_equal(carry_out->sum[2].sign, -1);
    assert_string_equal(p->cols[carry_out->sum[2].col].id, "total");
    gfa_context_free(ctx);

    char *dir = data_copy(
        "zz-sums.xml",
        "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
        "<table id=\"zz05\"><title>x</title><part id=\"main\" axis=\"function\" keys=\"code name\">\n"
        "<column id=\"total\" sum=\"basic project\"><label>a</label></column>\n"
        "<column id=\"basic\"><label>b</label></column></part></table>\n</tabledefs>\n");
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d));
    bool named = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        named |= !strcmp(gfa_diag_id(x), "GFA-DATA-016") && gfa_diag_line(x) == 4 &&
                 strstr(gfa_diag_message(x), "'project'") != NULL;
    }
    if (!named)
        tu_print_diags(d);
    assert_true(named);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

/* A 上年决算数 column names the column it holds last year's value of (@prior-of): resolved
 * at load, a column the part does not have refused with its line. */
static void prior_columns(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    const table_def *t = table_defs_find(&ctx->defs, "gk05");
    assert_non_null(t);
    const part_def *p = &t->parts[0];
    int priors = 0;
    for (size_t c = 0; c < p->ncols; c++)
        if (p->cols[c].prior_of >= 0) {
            priors++;
            assert_string_equal(p->cols[p->cols[c].prior_of].id, "total");
        }
    assert_int_equal(priors, 1);
    gfa_context_free(ctx);

    char *dir = data_copy(
        "zz-prior.xml",
        "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
        "<table id=\"zz05\"><title>x</title><part id=\"main\" axis=\"function\" keys=\"code name\">\n"
        "<column id=\"total\"><label>a</label></column>\n"
        "<column id=\"prior\" prior-of=\"totl\"><label>b</label></column></part></table>\n</tabledefs>\n");
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d));
    bool named = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        named |= !strcmp(gfa_diag_id(x), "GFA-DATA-016") && gfa_diag_line(x) == 5 &&
                 strstr(gfa_diag_message(x), "'totl'") != NULL;
    }
    if (!named)
        tu_print_diags(d);
    assert_true(named);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_enumerates_every_definition),
        cmocka_unit_test(broken_definition_names_file_and_line),
        cmocka_unit_test(variant_as_a_data_file),
        cmocka_unit_test(sets_chosen_by_report),
        cmocka_unit_test(includes_checked),
        cmocka_unit_test(column_sums),
        cmocka_unit_test(prior_columns),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
