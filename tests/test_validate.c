/* test_validate.c — the validator's engine and API: severity overrides and configuration
 * files, the machine-readable reports, the XSD layer on a submitted instance, and the
 * sample report: its real inconsistencies found, its correct-but-rounded totals not
 * flagged. (The arithmetic itself: test_interval.c.) */
#include "testutil.h"
#include "validate/validate.h"

static gfa_context *ctx;

static gfa_report *read_text(const char *path)
{
    size_t len = 0;
    char *data = tu_read(tu_path(path), &len);
    assert_non_null(data);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, path, data, len, &r, d), GFA_OK);
    gfa_diags_free(d);
    free(data);
    return r;
}

static int count_id(const gfa_diags *d, const char *id)
{
    int n = 0;
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        n += !strcmp(gfa_diag_id(gfa_diags_at(d, i)), id);
    return n;
}

/* The sample report, recomputed by hand:
 *  - its tables are consistent. The one place rounding shows is 公开05 基本支出 763.86
 *    against 公开06 人员经费 682.76 + 公用经费 81.09 = 763.85: each printed to 0.01, so the
 *    sum stands for [763.84, 763.86] and the total for [763.855, 763.865]; they overlap, so
 *    GFA-XT-009 must pass (and 本年支出合计 1,614.45 = 1,421.59 + 103.39 + 30.06 + 59.41 holds
 *    exactly).
 *  - real inconsistencies in its narrative: 人员经费 682.76 ÷ 基本支出 763.86 = 89.38%, not
 *    the printed 90.58%, and 公用经费 81.09 ÷ 763.86 = 10.62%, not 9.42% (GFA-NAR-002);
 *    "支出决算1045.52万元，完成年初预算104.75%" while 1045.52 ÷ 1357.09 = 77.04%
 *    (GFA-NAR-003) — the table says 1,421.59 for 一般公共服务支出 (GFA-NAR-001);
 *    "增长100%" for 因公出国 whose 上年 works out at 0 (77.71 − 77.71): not computable
 *    (GFA-NAR-007).
 *  - real inconsistencies in its performance forms: 49,908 and 1,706 万元 against budgets
 *    of 50 and 5 are decimal commas (GFA-TXT-005); 结余 5.200 ≠ 134.919 − 129.712 = 5.207
 *    (GFA-PERF-002); 云视讯: the indicator scores 80 + the 预算执行 score 10 = 90, printed
 *    总分 100, and 下乡调研费…: 20+10+10+1.1+1+1+1.5+1.5+15+15+10 = 86.1 + 9.61 = 95.71,
 *    printed 总分 99.21 (GFA-PERF-004: scores are points, exact as printed);
 *    预算单位 003001 and 002901 where the report is 002001
 *    (GFA-PERF-007).
 *  - text: "用于用于" and "较少的的" (GFA-TXT-006). */
static void sample_inconsistencies(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_non_null(val);
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt");
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    /* correct-but-rounded totals are not flagged */
    assert_int_equal(count_id(d, "GFA-XT-009"), 0);
    assert_int_equal(count_id(d, "GFA-CALC-001"), 0);
    assert_int_equal(count_id(d, "GFA-CALC-003"), 0);
    assert_int_equal(count_id(d, "GFA-ROW-012"), 0);
    char *ledger = gfa_verdict_ledger(v);
    assert_non_null(strstr(ledger, "GFA-XT-009\tpassed\t"));
    free(ledger);
    /* the real ones are found */
    assert_int_equal(count_id(d, "GFA-NAR-002"), 2);
    assert_int_equal(count_id(d, "GFA-NAR-003"), 1);
    assert_true(count_id(d, "GFA-NAR-001") >= 1);
    assert_int_equal(count_id(d, "GFA-NAR-007"), 2);
    assert_int_equal(count_id(d, "GFA-TXT-005"), 8);
    assert_true(count_id(d, "GFA-PERF-002") >= 1);
    assert_int_equal(count_id(d, "GFA-PERF-004"), 2);
    assert_int_equal(count_id(d, "GFA-PERF-007"), 3);
    assert_int_equal(count_id(d, "GFA-TXT-006"), 3);
    assert_false(gfa_verdict_accepted(v));
    assert_true(gfa_verdict_passed(v) > 1000);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_validator_free(val);
    gfa_diags_free(d);
}

static void severity_overrides(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-002", "warning"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-003", "off"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-TXT-005", "info"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NOPE-001", "error"), GFA_ERR_USAGE);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-002", "loud"), GFA_ERR_USAGE);
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt");
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    assert_int_equal(count_id(d, "GFA-NAR-003"), 0);
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), "GFA-NAR-002"))
            assert_int_equal(gfa_diag_severity(x), GFA_SEV_WARNING);
        if (!strcmp(gfa_diag_id(x), "GFA-TXT-005"))
            assert_int_equal(gfa_diag_severity(x), GFA_SEV_INFO);
    }
    /* with its errors downgraded or off, the sample is accepted */
    assert_true(gfa_verdict_accepted(v));
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_validator_free(val);
    gfa_diags_free(d);
}

static void config_file(void **state)
{
    (void)state;
    const char *dir = tu_env("GFA_TMPDIR", "/tmp");
    char path[512];
    snprintf(path, sizeof path, "%s/gfa-test.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# deployment overrides\nGFA-NAR-002 = info\n\nGFA-TXT-006=off  # noisy\n", f);
    fclose(f);
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_int_equal(gfa_validator_load_config(val, path, d), GFA_OK);
    f = fopen(path, "w");
    fputs("GFA-NAR-002 = info\nthis line is wrong\nGFA-XXX-999 = error\n", f);
    fclose(f);
    assert_int_equal(gfa_validator_load_config(val, path, d), GFA_ERR_USAGE);
    assert_true(tu_has_diag(d, "GFA-CFG-001"));
    assert_true(tu_has_diag(d, "GFA-CFG-002"));
    assert_int_equal(gfa_diag_line(gfa_diags_at(d, 0)), 2);
    gfa_validator_free(val);
    gfa_diags_free(d);
    remove(path);
}

static void machine_reports(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt");
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    const gfa_verdict *vs[] = {v, v};
    size_t len = 0;
    char *svrl = gfa_verdicts_report(vs, 2, GFA_REPORT_SVRL, &len);
    assert_non_null(svrl);
    xmlDocPtr doc = xmlReadMemory(svrl, (int)len, "svrl.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "svrl", BAD_CAST "http://purl.oclc.org/dsdl/svrl");
    xmlXPathRegisterNs(xc, BAD_CAST "gfa", BAD_CAST "urn:gfa:validation:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "count(//gfa:digest[@accepted='false'])", xc);
    assert_int_equal((int)o->floatval, 2);
    xmlXPathFreeObject(o);
    o = xmlXPathEvalExpression(BAD_CAST "count(//svrl:failed-assert)", xc);
    size_t findings = gfa_verdict_count(v, GFA_SEV_INFO) + gfa_verdict_count(v, GFA_SEV_WARNING) +
                      gfa_verdict_count(v, GFA_SEV_INCONSISTENCY) + gfa_verdict_count(v, GFA_SEV_ERROR) +
                      gfa_verdict_count(v, GFA_SEV_FATAL);
    assert_int_equal((size_t)o->floatval, 2 * findings);
    xmlXPathFreeObject(o);
    o = xmlXPathEvalExpression(BAD_CAST "string(//svrl:failed-assert[@test='GFA-NAR-003']/gfa:at/@expected)", xc);
    assert_string_equal((const char *)o->stringval, "77.04");
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(doc);
    free(svrl);
    char *json = gfa_verdicts_report(vs, 1, GFA_REPORT_JSON, &len);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"accepted\":false"));
    assert_non_null(strstr(json, "\"rule\":\"GFA-NAR-003\""));
    assert_non_null(strstr(json, "\"expected\":\"77.04\""));
    /* balanced braces and brackets, no raw control characters */
    int depth = 0;
    bool in_string = false;
    for (const char *p = json; *p; p++) {
        if (*p == '"' && p[-1] != '\\')
            in_string = !in_string;
        else if (!in_string && (*p == '{' || *p == '['))
            depth++;
        else if (!in_string && (*p == '}' || *p == ']'))
            depth--;
        if (in_string)
            assert_true((unsigned char)*p >= 0x20);
    }
    assert_int_equal(depth, 0);
    free(json);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_validator_free(val);
    gfa_diags_free(d);
}

/* A submitted instance that breaks the XSD is rejected with fatal schema findings. */
static void xsd_layer_on_instances(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    const char *bad =
        "<?xml version=\"1.0\"?>\n<report xmlns=\"urn:gfa:report:1\" version=\"1.0\">\n"
        "<header><entity name=\"x\" scope=\"unit\"/><period year=\"2024\"/>"
        "<units currency=\"CNY\" unit=\"万元\" scale=\"4\" decimals=\"2\"/></header>\n"
        "<bogus/>\n</report>\n";
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "bad.xml", bad, strlen(bad), &r, d), GFA_OK);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    assert_false(gfa_verdict_accepted(v));
    assert_true(gfa_verdict_count(v, GFA_SEV_FATAL) >= 1);
    assert_true(tu_has_diag(d, "GFA-XSD-001"));
    gfa_verdict_free(v);
    gfa_report_free(r);
    /* an instance from gfa convert, with its findings embedded, validates again the same */
    r = read_text("samples/yangcheng-2024-unit.txt");
    assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    size_t first = gfa_verdict_failed(v);
    gfa_verdict_free(v);
    size_t len = 0;
    char *xml = gfa_report_serialise(r, &len);
    gfa_report_free(r);
    gfa_diags_clear(d);
    assert_int_equal(gfa_report_read_memory(ctx, "again.xml", xml, len, &r, d), GFA_OK);
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    assert_int_equal(gfa_verdict_failed(v), first);
    free(xml);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_validator_free(val);
    gfa_diags_free(d);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    if (!ctx)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_inconsistencies),
        cmocka_unit_test(severity_overrides),
        cmocka_unit_test(config_file),
        cmocka_unit_test(machine_reports),
        cmocka_unit_test(xsd_layer_on_instances),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
