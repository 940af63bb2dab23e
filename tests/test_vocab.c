/* test_vocab.c — the vocabulary as data (schemas/vocab, issue 9): every list the C code
 * reads is given, a broken or incomplete vocabulary is refused with its file and line or the
 * missing list, words added by a file take effect, a province whose main tables have other
 * ids passes GFA-VAL-001 by a table-definition file alone, and the 预算执行 score weight is
 * the data's. */
#include "testutil.h"
#include "validate/validate.h"

/* Replaces the first `old` in the data file dir/rel by `new`. */
static void edit(const char *dir, const char *rel, const char *old, const char *new_text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *text = tu_read(path, NULL);
    assert_non_null(text);
    char *at = strstr(text, old);
    assert_non_null(at);
    char *out = NULL;
    assert_true(asprintf(&out, "%.*s%s%s", (int)(at - text), text, new_text, at + strlen(old)) > 0);
    tu_write(dir, rel, out);
    free(out);
    free(text);
}

static bool diag_says(const gfa_diags *d, const char *id, const char *words)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), id) && strstr(gfa_diag_message(x), words))
            return true;
    }
    return false;
}

static void every_list_is_given(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    const gfa_vocab *vc = &ctx->vocab;
    for (int i = 0; i < V_LISTS; i++) {
        if (!vc->lists[i].count)
            fprintf(stderr, "  list %d is empty\n", i);
        assert_true(vc->lists[i].count > 0);
    }
    assert_string_equal(vc->default_unit->name, "万元");
    assert_int_equal(vc->default_unit->scale, 4);
    assert_int_equal(vocab_unit(vc, "亿元")->scale, 8);
    assert_int_equal(vc->nmains, 3);
    assert_string_equal(vc->weight_text, "10");
    /* marks stand for their NFKC forms too: "；" for ";" */
    assert_true(words_is(&vc->lists[V_SENTENCE_END], ";"));
    /* nfkc lists hold their words after NFKC: "部门名称：" is looked for as "部门名称:" */
    assert_true(words_is(&vc->lists[V_ENTITY_LABEL], "部门名称:"));
    gfa_context_free(ctx);
}

/* The data folder dir is refused with a diagnostic id at file:line (line 0: any) whose
 * message holds words; the folder is removed. */
static void refused(char *dir, const char *id, const char *file, long line, const char *words)
{
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_context_open(dir, d));
    bool named = false;
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        named |= !strcmp(gfa_diag_id(x), id) && strstr(gfa_diag_message(x), words) &&
                 strstr(gfa_diag_file(x), file) && (!line || gfa_diag_line(x) == line);
    }
    if (!named)
        tu_print_diags(d);
    assert_true(named);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

static void broken_vocabulary_names_file_and_line(void **state)
{
    (void)state;
    char *dir = tu_data_copy("vocab");
    tu_write(dir, "schemas/vocab/zz-broken.xml",
             "<?xml version=\"1.0\"?>\n<vocab xmlns=\"urn:gfa:vocab:1\">\n"
             "<words list=\"no-such-list\"><w>字</w></words>\n</vocab>\n");
    refused(dir, "GFA-DATA-050", "zz-broken.xml", 3, "no-such-list");
    /* an ideographic space passes the schema's pattern but is no key */
    dir = tu_data_copy("vocab");
    tu_write(dir, "schemas/vocab/zz-broken.xml",
             "<?xml version=\"1.0\"?>\n<vocab xmlns=\"urn:gfa:vocab:1\">\n"
             "<words list=\"title-word\"><w>\u3000</w></words>\n</vocab>\n");
    refused(dir, "GFA-DATA-059", "zz-broken.xml", 3, "empty as a matching key");
}

static void missing_list_is_named(void **state)
{
    (void)state;
    char *dir = tu_data_copy("vocab");
    edit(dir, "schemas/vocab/hygiene.xml", "<words list=\"doubled-word\">", "<!-- ");
    edit(dir, "schemas/vocab/hygiene.xml", "</w></words>\n</vocab>", "</w> -->\n</vocab>");
    edit(dir, "schemas/vocab/validation.xml", "<budget-execution-weight>10</budget-execution-weight>", "");
    refused(dir, "GFA-DATA-054", "schemas/vocab", 0,
            "<words list=\"doubled-word\">, <budget-execution-weight>");
}

/* A word a province prints differently is added by a file, not by C. */
static void words_added_by_a_file(void **state)
{
    (void)state;
    const char *text = "收入决算表\n\n公开02表\n\n金额单位：万元\n\n项目\t\t本年收入合计\t财政拨款收入\n"
                       "科目代码\t科目名称\n合计\t\t1.00\t1.00\n205\t教育支出\t1.00\t1.00\n\n"
                       "附注：本表反映本年度取得的各项收入情况。\n";
    for (int added = 0; added < 2; added++) {
        char *dir = tu_data_copy("vocab");
        if (added)
            tu_write(dir, "schemas/vocab/zz-province.xml",
                     "<?xml version=\"1.0\"?>\n<vocab xmlns=\"urn:gfa:vocab:1\">\n"
                     "<words list=\"note-start\"><w>附注：</w></words>\n</vocab>\n");
        gfa_diags *d = gfa_diags_new();
        gfa_context *ctx = gfa_context_open(dir, d);
        assert_non_null(ctx);
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, "notes.txt", text, strlen(text), &r, d), GFA_OK);
        assert_xpath(gfa_report_doc(r), "count(//g:table/g:note)", added ? "1" : "0");
        gfa_report_free(r);
        gfa_context_free(ctx);
        gfa_diags_free(d);
        tu_remove_data(dir);
    }
}

/* 某省 numbers its tables zz01–zz03: one table-definition file names their main-table
 * roles, and a report of them passes GFA-VAL-001 (and one without zz03 names it missing). */
static const char *const province =
    "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
    "<table id=\"zz01\" main=\"summary\"><title>收支情况总表</title>\n"
    "<part id=\"main\" axis=\"function\" keys=\"code name\">\n"
    "<column id=\"total\"><label>收支合计</label></column>\n"
    "<row id=\"total\" total=\"true\"><label>合计</label></row></part></table>\n"
    "<table id=\"zz02\" main=\"income\"><title>收入情况表</title>\n"
    "<part id=\"main\" axis=\"function\" keys=\"code name\">\n"
    "<column id=\"total\"><label>收入合计</label></column>\n"
    "<row id=\"total\" total=\"true\"><label>合计</label></row></part></table>\n"
    "<table id=\"zz03\" main=\"expense\"><title>支出情况表</title>\n"
    "<part id=\"main\" axis=\"function\" keys=\"code name\">\n"
    "<column id=\"total\"><label>支出合计</label></column>\n"
    "<row id=\"total\" total=\"true\"><label>合计</label></row></part></table>\n"
    "</tabledefs>\n";

static char *province_report(bool with_expense)
{
    static const char *const tables[][2] = {
        {"收支情况总表", "收支合计"}, {"收入情况表", "收入合计"}, {"支出情况表", "支出合计"}};
    char *text = strdup("某省某厅\n2024年度部门决算公开\n\n");
    for (int k = 0; k < (with_expense ? 3 : 2); k++) {
        char *more = NULL;
        assert_true(asprintf(&more,
                             "%s%s\n\n单位：万元\n\n项目\t\t\n科目代码\t科目名称\t%s\n"
                             "合计\t\t5.00\n205\t教育支出\t5.00\n\n",
                             text, tables[k][0], tables[k][1]) > 0);
        free(text);
        text = more;
    }
    return text;
}

/* A report read and validated; the verdict refers to the validator and the report. */
typedef struct checked {
    gfa_report *report;
    gfa_validator *validator;
    gfa_verdict *verdict;
} checked;

static checked validate_text(gfa_context *ctx, const char *text, gfa_diags *d)
{
    checked c = {NULL, NULL, NULL};
    assert_int_equal(gfa_report_read_memory(ctx, "zz.txt", text, strlen(text), &c.report, d), GFA_OK);
    c.validator = gfa_validator_new(ctx, d);
    assert_non_null(c.validator);
    /* zz01–zz03 are not in the instance schema's enumerations: that is another file */
    assert_int_equal(gfa_validate(c.validator, c.report, GFA_VALIDATE_NO_SCHEMA, &c.verdict, d),
                     GFA_OK);
    return c;
}

static void checked_free(checked *c)
{
    gfa_verdict_free(c->verdict);
    gfa_validator_free(c->validator);
    gfa_report_free(c->report);
}

static void new_province_main_tables_by_data(void **state)
{
    (void)state;
    char *dir = tu_data_copy("vocab");
    tu_write(dir, "schemas/tables/zz-province.xml", province);
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(dir, d);
    if (!ctx)
        tu_print_diags(d);
    assert_non_null(ctx);

    char *text = province_report(true);
    checked c = validate_text(ctx, text, d);
    char *ledger = gfa_verdict_ledger(c.verdict);
    if (!strstr(ledger, "GFA-VAL-001\tpassed\t"))
        tu_print_diags(d);
    assert_non_null(strstr(ledger, "GFA-VAL-001\tpassed\t"));
    assert_false(tu_has_diag(d, "GFA-VAL-001"));
    free(ledger);
    checked_free(&c);
    free(text);

    text = province_report(false);
    c = validate_text(ctx, text, d);
    assert_true(diag_says(d, "GFA-VAL-001", "未能读出主要决算表（支出决算表）"));
    assert_false(gfa_verdict_accepted(c.verdict));
    checked_free(&c);
    free(text);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

/* A role the vocabulary does not declare, and a declared role no table has, are refused. */
static void main_roles_checked_against_tables(void **state)
{
    (void)state;
    char *dir = tu_data_copy("vocab");
    tu_write(dir, "schemas/tables/zz-province.xml",
             "<?xml version=\"1.0\"?>\n<tabledefs xmlns=\"urn:gfa:tabledefs:1\" variant=\"zz\">\n"
             "<table id=\"zz09\" main=\"balance\"><title>结余表</title></table>\n</tabledefs>\n");
    refused(dir, "GFA-DATA-057", "schemas/tables", 0,
            "'zz09' of variant 'zz' has the main-table role 'balance'");
    dir = tu_data_copy("vocab");
    edit(dir, "schemas/vocab/validation.xml", "<main-table role=\"income\">",
         "<main-table role=\"staff\">人员表</main-table>\n  <main-table role=\"income\">");
    refused(dir, "GFA-DATA-056", "schemas/tables", 0, "main-table role 'staff' (人员表)");
}

/* 得分 = weight × 执行率: with a weight of 20 the sample's scores (10 × 执行率) are wrong,
 * and the finding says 20. */
static void score_weight_is_data(void **state)
{
    (void)state;
    char *dir = tu_data_copy("vocab");
    edit(dir, "schemas/vocab/validation.xml", ">10</budget-execution-weight>",
         ">20</budget-execution-weight>");
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(dir, d);
    assert_non_null(ctx);
    char *text = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), NULL);
    assert_non_null(text);
    checked c = validate_text(ctx, text, d);
    if (!diag_says(d, "GFA-PERF-003", "≠ 20 × 96.14% = 19.23"))
        tu_print_diags(d);
    assert_true(diag_says(d, "GFA-PERF-003", "≠ 20 × 96.14% = 19.23"));
    checked_free(&c);
    free(text);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_list_is_given),
        cmocka_unit_test(broken_vocabulary_names_file_and_line),
        cmocka_unit_test(missing_list_is_named),
        cmocka_unit_test(words_added_by_a_file),
        cmocka_unit_test(new_province_main_tables_by_data),
        cmocka_unit_test(main_roles_checked_against_tables),
        cmocka_unit_test(score_weight_is_data),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
