/* test_validate.c — the validator's engine and API: severity overrides and configuration
 * files, the machine-readable reports, the XSD layer on a submitted instance, and the
 * sample report: its real inconsistencies found, its correct-but-rounded totals not
 * flagged. (The arithmetic itself: test_interval.c.) */
#include "testutil.h"
#include "validate/validate.h"

#include <sys/stat.h>
#include <unistd.h>

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

/* A text report validated with the data's rules: the diagnostics (its findings), the
 * validator, the report and its verdict; validated_free frees them. */
typedef struct validated {
    gfa_diags *d;
    gfa_validator *val;
    gfa_report *r;
    gfa_verdict *v;
} validated;

static validated validate_text(const char *rel, unsigned flags)
{
    validated x = {.d = gfa_diags_new()};
    x.val = gfa_validator_new(ctx, x.d);
    assert_non_null(x.val);
    x.r = read_text(rel);
    assert_int_equal(gfa_validate(x.val, x.r, flags, &x.v, x.d), GFA_OK);
    return x;
}

static void validated_free(validated *x)
{
    gfa_verdict_free(x->v);
    gfa_report_free(x->r);
    gfa_validator_free(x->val);
    gfa_diags_free(x->d);
}

/* node_text and node_dec (the checks' reading of a cell or an amount without a copy)
 * give what xmlNodeGetContent gives, for every element of the sample's instance, and of
 * elements with no text, with several nodes and with an entity's text. */
static void node_text_as_get_content(xmlNodePtr n, size_t *borrowed)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *want = xmlNodeGetContent(n), *copy = (xmlChar *)"unset";
        const char *got = node_text(n, &copy);
        assert_non_null(want);
        assert_non_null(got);
        assert_string_equal(got, (const char *)want);
        *borrowed += copy == NULL;
        gfa_dec a, b;
        bool parsed = dec_parse((const char *)want, strlen((const char *)want), &a) == DEC_OK;
        assert_int_equal(node_dec(n, &b), parsed);
        if (parsed)
            assert_int_equal(dec_cmp(a, b), 0);
        xmlFree(copy);
        xmlFree(want);
        node_text_as_get_content(n->children, borrowed);
    }
}

static void node_text_is_the_content(void **state)
{
    (void)state;
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt");
    size_t borrowed = 0;
    node_text_as_get_content(xmlDocGetRootElement(gfa_report_doc(r)), &borrowed);
    assert_true(borrowed > 1000); /* the cells and amounts: no copy */
    gfa_report_free(r);
    static const char doc[] = "<!DOCTYPE a [<!ENTITY e \"12\">]><a><b/><c>1<d>2</d>3</c>"
                              "<f>&e;</f><g><![CDATA[4.5]]></g><h>6.7</h></a>";
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(d);
    borrowed = 0;
    node_text_as_get_content(xmlDocGetRootElement(d), &borrowed);
    assert_int_equal(borrowed, 3); /* <b/>, <d>, <h> */
    xmlFreeDoc(d);
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
    validated vt = validate_text("samples/yangcheng-2024-unit.txt", 0);
    gfa_diags *d = vt.d;
    gfa_verdict *v = vt.v;
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
    /* 104.75% for 1045.52 ÷ 1357.09, and 公务接待费 完成全年与100% twice over a budget of 0 */
    assert_int_equal(count_id(d, "GFA-NAR-003"), 3);
    assert_true(count_id(d, "GFA-NAR-001") >= 1);
    /* the two 增长100% over a last year of 0, the two completions over a budget of 0 */
    assert_int_equal(count_id(d, "GFA-NAR-007"), 4);
    assert_int_equal(count_id(d, "GFA-TXT-005"), 8);
    assert_true(count_id(d, "GFA-PERF-002") >= 1);
    assert_int_equal(count_id(d, "GFA-PERF-004"), 2);
    assert_int_equal(count_id(d, "GFA-PERF-007"), 3);
    assert_int_equal(count_id(d, "GFA-TXT-006"), 3);
    assert_false(gfa_verdict_accepted(v));
    assert_true(gfa_verdict_passed(v) > 1000);
    validated_free(&vt);
}

/* GFA-NAR-007 is a check of its own: the sample's two rates over a zero base (因公出国
 * 增长100% whose last year works out at 0) are found with the share, completion and change
 * checks switched off, and every rate has a NAR-007 ledger line (passed, failed, not
 * checkable). It used to be raised by name from inside those checks: switching
 * GFA-NAR-004 off silenced it, and it had no ledger line but its failures. */
static void zero_base_has_its_own_ledger(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_non_null(val);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-002", "off"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-003", "off"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-004", "off"), GFA_OK);
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt");
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    assert_int_equal(count_id(d, "GFA-NAR-007"), 4);
    assert_int_equal(count_id(d, "GFA-NAR-004"), 0);
    char *ledger = gfa_verdict_ledger(v);
    assert_non_null(strstr(ledger, "GFA-NAR-007\tpassed\tnarrative line "));
    assert_non_null(strstr(ledger, "GFA-NAR-007\tFAILED\tnarrative line "));
    assert_non_null(strstr(ledger, "GFA-NAR-007\tnot checkable\tnarrative line "));
    assert_null(strstr(ledger, "GFA-NAR-004\t"));
    free(ledger);
    gfa_verdict_free(v);
    /* and NAR-007 off leaves the ratio checks as they are */
    gfa_diags_clear(d);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-002", "error"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-003", "error"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-004", "warning"), GFA_OK);
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-007", "off"), GFA_OK);
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    assert_int_equal(count_id(d, "GFA-NAR-007"), 0);
    assert_int_equal(count_id(d, "GFA-NAR-002"), 2);
    assert_int_equal(count_id(d, "GFA-NAR-003"), 3);
    ledger = gfa_verdict_ledger(v);
    assert_null(strstr(ledger, "GFA-NAR-007\t"));
    /* a growth rate over a zero base fails its own check too (issue 11: an error, not
     * "not computable") */
    assert_non_null(strstr(ledger, "GFA-NAR-004\tFAILED\t"));
    free(ledger);
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
    assert_int_equal(gfa_validator_set_severity(val, "GFA-NAR-007", "warning"), GFA_OK);
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
    validated vt = validate_text("samples/yangcheng-2024-unit.txt", 0);
    gfa_verdict *v = vt.v;
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
    validated_free(&vt);
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

/* The base report of tests/rules with the lines from `first` to `last` (whole lines)
 * replaced by `with`, validated by val; its diagnostics in d. */
static gfa_verdict *validate_edited(const gfa_validator *val, const char *first,
                                    const char *last, const char *with, gfa_diags *d)
{
    char *base = tu_read(tu_path("tests/rules/base-national.txt"), NULL);
    assert_non_null(base);
    char *a = strstr(base, first), *b = a ? strstr(a, last) : NULL;
    assert_non_null(b);
    b += strlen(last);
    *a = '\0';
    char *text = NULL;
    assert_true(asprintf(&text, "%s%s%s", base, with, b) > 0);
    free(base);
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "edited.txt", text, strlen(text), &r, d), GFA_OK);
    gfa_diags_clear(d);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    gfa_report_free(r);
    free(text);
    return v;
}

/* The Shanghai template's own wording of the 三公 paragraphs, its XX replaced by the
 * tables' figures (tests/corpus/shanghai-long/long.ref.txt, a consistent report): no
 * finding. 「公务用车购置及运行维护费支出决算为 A 万元」 is sh07's 小计, not 公务用车购置费
 * (the longest phrase was 公务用车购置), and 「…三公…年初预算为 B 万元，…，其中：因公出国
 * （境）费决算为 C 万元，完成预算的 D%」 puts C over 因公出国's own budget, not over B. */
static void shanghai_template_wording(void **state)
{
    (void)state;
    validated vt = validate_text("tests/corpus/shanghai-long/long.ref.txt", 0);
    gfa_diags *d = vt.d;
    gfa_verdict *v = vt.v;
    if (gfa_diags_count(d))
        tu_print_diags(d);
    assert_int_equal(count_id(d, "GFA-NAR-001"), 0);
    assert_int_equal(count_id(d, "GFA-NAR-003"), 0);
    assert_int_equal(count_id(d, "GFA-NAR-004"), 0);
    assert_int_equal(count_id(d, "GFA-NAR-005"), 0);
    assert_int_equal(gfa_diags_count(d), 0);
    /* and the rates were checked, not skipped */
    char *ledger = gfa_verdict_ledger(v);
    size_t passed = 0;
    for (const char *p = ledger; (p = strstr(p, "GFA-NAR-003\tpassed")); p++)
        passed++;
    assert_true(passed >= 4);
    free(ledger);
    validated_free(&vt);
}

/* The complete national-set report of tests/corpus/national-long (long-national.ref.txt,
 * report.awk: every identity holds, the narrative in the sample's wording with the tables'
 * figures, three 绩效自评表): accepted with no finding at all. */
static void national_long_report_is_clean(void **state)
{
    (void)state;
    validated vt = validate_text("tests/corpus/national-long/long-national.ref.txt", 0);
    gfa_diags *d = vt.d;
    gfa_verdict *v = vt.v;
    if (gfa_diags_count(d))
        tu_print_diags(d);
    assert_int_equal(gfa_diags_count(d), 0);
    /* the forms were read and checked, not skipped */
    char *ledger = gfa_verdict_ledger(v);
    assert_non_null(strstr(ledger, "GFA-PERF-007\tpassed"));
    free(ledger);
    validated_free(&vt);
}

/* A 公开05 of 2,101 coded rows (21 款 of 99 项 each), consistent: the hierarchy check
 * read only the first 2,048 rows and flagged the last 款 against half of its 项. */
static void big_tables_are_checked_whole(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "201\t一般公共服务支出\t20.79\t20.79\t\n");
    for (int k = 1; k <= 21; k++) {
        sb_addf(&sb, "201%02d\t款%d\t0.99\t0.99\t\n", k, k);
        for (int x = 1; x <= 99; x++)
            sb_addf(&sb, "201%02d%02d\t项%d\t0.01\t0.01\t\n", k, x, x);
    }
    char *rows = sb_take(&sb);
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_non_null(val);
    gfa_verdict *v = validate_edited(val, "201\t一般公共服务支出\t80.00\t50.00\t30.00\n",
                                     "2010350\t事业运行\t30.00\t\t30.00\n", rows, d);
    if (count_id(d, "GFA-CALC-001"))
        tu_print_diags(d);
    assert_int_equal(count_id(d, "GFA-CALC-001"), 0);
    char *ledger = gfa_verdict_ledger(v);
    assert_non_null(strstr(ledger, "GFA-CALC-001\tpassed\tgk05/20121/basic\n"));
    free(ledger);
    gfa_verdict_free(v);
    gfa_validator_free(val);
    gfa_diags_free(d);
    free(rows);
}

/* A report with 513 performance forms, the last one's 总分 wrong: every form is checked.
 * (check_perf collected at most 512 forms and left the rest unchecked.) */
static void every_form_is_checked(void **state)
{
    (void)state;
    char *base = tu_read(tu_path("tests/rules/base-national.txt"), NULL);
    assert_non_null(base);
    char *form = strstr(base, "救助服务项目支出绩效自评表\n");
    assert_non_null(form);
    strbuf forms;
    sb_init(&forms);
    for (int i = 1; i <= 513; i++) {
        char *copy = strdup(form);
        if (i == 513) /* 总分 99.50 printed 98.50 */
            memcpy(strstr(copy, "\t99.50\t优"), "\t98.50\t优", strlen("\t98.50\t优"));
        sb_addf(&forms, "%s%s", copy, i < 513 ? "\n" : "");
        free(copy);
    }
    char *all = sb_take(&forms);
    long long max_facts = gfa_context_limit(ctx, GFA_LIMIT_FACTS);
    assert_int_equal(gfa_context_set_limit(ctx, GFA_LIMIT_FACTS, 1000000), GFA_OK);
    gfa_diags *d = gfa_diags_new();
    gfa_validator *val = gfa_validator_new(ctx, d);
    assert_non_null(val);
    char *tail = strstr(form, "\t\t\t\t\t\t\t99.50\t优");
    assert_non_null(tail);
    tail[strcspn(tail, "\n")] = '\0';
    gfa_verdict *v = validate_edited(val, "救助服务项目支出绩效自评表\n", tail, all, d);
    gfa_context_set_limit(ctx, GFA_LIMIT_FACTS, max_facts);
    if (count_id(d, "GFA-PERF-004") != 1)
        tu_print_diags(d);
    assert_int_equal(count_id(d, "GFA-PERF-004"), 1);
    char *ledger = gfa_verdict_ledger(v);
    size_t totals = 0;
    for (const char *p = ledger; (p = strstr(p, "GFA-PERF-004\t")); p++)
        totals++;
    assert_int_equal(totals, 513);
    free(ledger);
    gfa_verdict_free(v);
    gfa_validator_free(val);
    gfa_diags_free(d);
    free(all);
    free(base);
}

/* ---------------------------------------- rules compiled when they load (issue 9) --- */

static const char *const rules_head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"           /* line 1 */
    "<ruleset xmlns=\"urn:gfa:rules:1\" name=\"t\" version=\"1\">\n";

/* Loads a rule file held in memory ("typo.xml"): its status, its diagnostics in d. */
static gfa_status load_rules(const char *body, gfa_diags *d)
{
    char *doc = NULL;
    assert_true(asprintf(&doc, "%s%s</ruleset>\n", rules_head, body) > 0);
    xmlSchemaPtr xsd = datafile_schema(tu_path("schemas/gfa-rules.xsd"), "GFA-DATA-030", d);
    assert_non_null(xsd);
    ruleset rs;
    memset(&rs, 0, sizeof rs);
    gfa_status st = ruleset_add_memory(ctx, "typo.xml", doc, strlen(doc), xsd, &rs, d);
    ruleset_free(&rs);
    xmlSchemaFree(xsd);
    free(doc);
    return st;
}

/* One rule holding the check element `check` (line 6) and the message `message`. */
static gfa_status load_rule_with(const char *check, const char *message, gfa_diags *d)
{
    char *body = NULL;
    assert_true(asprintf(&body,
                         "<rule id=\"GFA-TST-001\" severity=\"error\">\n" /* line 3 */
                         "<title>t</title>\n"
                         "<message>%s</message>\n"
                         "%s\n"                                            /* line 6 */
                         "</rule>\n",
                         message, check) > 0);
    gfa_status st = load_rules(body, d);
    free(body);
    return st;
}

/* The load fails with GFA-DATA-036 at typo.xml:line, naming `name`. */
static void expect_refused(const char *check, const char *message, long line, const char *name)
{
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(load_rule_with(check, message, d), GFA_ERR_DATA);
    const gfa_diag *x = NULL;
    for (size_t i = 0; i < gfa_diags_count(d) && !x; i++)
        if (!strcmp(gfa_diag_id(gfa_diags_at(d, i)), "GFA-DATA-036"))
            x = gfa_diags_at(d, i);
    if (!x || strcmp(gfa_diag_file(x), "typo.xml") || gfa_diag_line(x) != line ||
        !strstr(gfa_diag_message(x), name) || !strstr(gfa_diag_message(x), "GFA-TST-001")) {
        tu_print_diags(d);
        fail_msg("%s: expected GFA-DATA-036 at typo.xml:%ld naming %s", check, line, name);
    }
    gfa_diags_free(d);
}

/* Loads a <quantities> of one quantity x whose rows are named in column `col` and whose
 * cell is `cell`, `after` following its phrase (line 4 holds the quantity), into d cleared
 * first; the load fails: its first diagnostic. */
static const gfa_diag *quantity_refused(const char *col, const char *cell, const char *after,
                                        gfa_diags *d)
{
    char *body = NULL;
    assert_true(asprintf(&body,
                         "<quantities named-rows=\"gk05|sh05\" named-col=\"%s\">\n"
                         "<quantity id=\"x\" cell=\"%s\"><phrase>x</phrase>%s</quantity>\n"
                         "</quantities>\n",
                         col, cell, after) > 0);
    gfa_diags_clear(d);
    assert_int_equal(load_rules(body, d), GFA_ERR_DATA);
    free(body);
    assert_true(gfa_diags_count(d) > 0);
    return gfa_diags_at(d, 0);
}

/* A misspelled table, row or column fails the load with the file, the line and the name;
 * it used to load and count as a blank cell. */
static void misspelled_references_fail_the_load(void **state)
{
    (void)state;
    static const struct { const char *check, *name; } typos[] = {
        /* a table */
        {"<equal a=\"gk0l|sh01/income_total/amount\" b=\"gk02|sh02/total/total\"/>", "'gk0l'"},
        {"<columns tables=\"gk03|sh3\" total=\"total\" sum=\"basic project\"/>", "'sh3'"},
        {"<empty-table table=\"gk07|sh8\" cell=\"gk01|sh01/fiscal_gf/amount\"/>", "'sh8'"},
        /* a row */
        {"<equal a=\"gk01|sh01/income_totl/amount\" b=\"gk02|sh02/total/total\"/>", "'income_totl'"},
        {"<rows tables=\"gk06|sh06\" col=\"amount\" total=\"personel_total\" sum=\"301 303\"/>",
         "'personel_total'"},
        {"<rows tables=\"gk06|sh06\" col=\"amount\" total=\"personnel_total\" sum=\"301 3003\"/>",
         "'3003'"},
        {"<le a=\"gk06|sh06/30298/amount\" b=\"gk09|sh07/data/final_abroad\"/>", "'30298'"},
        {"<le a=\"gk06|sh06/30212/amount\" b=\"gk09|sh07/date/final_abroad\"/>", "'date'"},
        {"<classes-sum axis=\"function\" total=\"totl\"/>", "'totl'"},
        {"<equal a=\"gk10/@classes/value\" b=\"gk03|sh03/@classes/total\"/>", "@classes"},
        /* a column */
        {"<equal a=\"gk01|sh01/income_total/amount\" b=\"gk02|sh02/total/totl\"/>", "'totl'"},
        {"<columns tables=\"gk03|sh03\" total=\"totl\" sum=\"basic project\"/>", "'totl'"},
        {"<columns tables=\"gk03|sh03\" total=\"total\" sum=\"basic projetc\"/>", "'projetc'"},
        {"<columns tables=\"gk04|sh04\" part=\"expence\" total=\"total\" sum=\"gpb gf soe\"/>",
         "'expence'"},
        {"<rows tables=\"gk06|sh06\" col=\"amout\" total=\"personnel_total\" sum=\"301 303\"/>",
         "'amout'"},
        {"<equal a=\"gk04|sh04/income_total/gpb\" b=\"gk01|sh01/fiscal_gpb/amount\"/>",
         "not beside row 'income_total'"},
        /* a single cell where one is needed; a check that needs its cell */
        {"<empty-table table=\"gk07\" cell=\"gk01/fiscal_gf/amount + gk01/fiscal_soe/amount\"/>",
         "one cell"},
        {"<perf check=\"projects\"/>", "needs the cell"},
    };
    for (size_t i = 0; i < sizeof typos / sizeof *typos; i++)
        expect_refused(typos[i].check, "m", 6, typos[i].name);
    /* a placeholder the engine does not fill (line 5: the message) */
    expect_refused("<empty-marker/>", "差 {difference}，允许 {tolerence}", 5, "{tolerence}");
    /* a quantity's cell */
    gfa_diags *d = gfa_diags_new();
    const gfa_diag *x = quantity_refused("total", "gk01|sh01/income_totl/amount", "", d);
    assert_true(tu_has_diag(d, "GFA-DATA-036"));
    assert_int_equal(gfa_diag_line(x), 4);
    assert_non_null(strstr(gfa_diag_message(x), "'income_totl'"));
    x = quantity_refused("totl", "gk01|sh01/income_total/amount", "", d);
    assert_non_null(strstr(gfa_diag_message(x), "'totl'"));
    /* a <within> of a quantity the file does not define (it would name nothing) */
    x = quantity_refused("total", "gk01|sh01/income_total/amount",
                         "\n<within section=\"y\" quantity=\"z\"/>", d);
    assert_true(tu_has_diag(d, "GFA-DATA-036"));
    assert_int_equal(gfa_diag_line(x), 5);
    assert_string_equal(gfa_diag_message(x), "<within quantity>: no quantity of that id");
    gfa_diags_clear(d);
    /* @codes was documented and never implemented: the schema refuses it now */
    assert_int_equal(load_rule_with("<equal a=\"gk01|sh01/@codes/amount\" b=\"gk03|sh03/@codes/total\"/>",
                                    "m", d),
                     GFA_ERR_DATA);
    assert_true(tu_has_diag(d, "GFA-DATA-031"));
    gfa_diags_free(d);
}

/* Sample attributes for each kind of check element, to load one of each. */
static const struct { const char *el, *attrs; } check_samples[] = {
    {"hierarchy", "axis=\"function\""},
    {"classes-sum", "axis=\"function\" total=\"total\""},
    {"columns", "tables=\"gk03|sh03\" total=\"total\" sum=\"basic project\""},
    {"rows", "tables=\"gk06|sh06\" col=\"amount\" total=\"personnel_total\" sum=\"301 303\""},
    {"equal", "a=\"gk01|sh01/@classes/amount\" b=\"gk03|sh03/@classes/total\""},
    {"le", "a=\"gk05|sh05/total/basic\" b=\"gk03|sh03/total/basic\""},
    {"empty-table", "table=\"gk07|sh08\" cell=\"gk01|sh01/fiscal_gf/amount\""},
    {"empty-marker", ""},
    {"code-list", "axis=\"economic\""},
    {"perf", "cell=\"gk03|sh03/total/project\""},
    {"narrative", ""},
    {"hygiene", ""},
    {"diagnosis", ""},
    {"staffing", ""},
    /* across reports (gfa check over a store) */
    {"consolidation", "tables=\"gk01|gk03\""},
    {"prior", ""},
    {"prior-equal", "a=\"gk01|sh01/carry_in/amount\" b=\"gk01|sh01/carry_out/amount\""},
};

/* Every kind of check and every check="…" that gfa-rules.xsd allows loads: the schema
 * documents nothing the engine does not implement (check="zero-base" and "entity-codes"
 * used to dispatch to nothing). */
static void every_documented_check_is_implemented(void **state)
{
    (void)state;
    xmlDocPtr xsd = xmlReadFile(tu_path("schemas/gfa-rules.xsd"), NULL, XML_PARSE_NONET);
    assert_non_null(xsd);
    xmlXPathContextPtr xc = xmlXPathNewContext(xsd);
    xmlXPathRegisterNs(xc, BAD_CAST "xs", BAD_CAST "http://www.w3.org/2001/XMLSchema");
    xmlXPathObjectPtr els =
        xmlXPathEvalExpression(BAD_CAST "//xs:element[@name='rule']//xs:choice/xs:element", xc);
    assert_true(els && els->nodesetval && els->nodesetval->nodeNr >= 12);
    strbuf body;
    sb_init(&body);
    sb_adds(&body, "<rule id=\"GFA-TST-001\" severity=\"error\">\n<title>t</title>\n"
                   "<message>m</message>\n");
    int elements = 0, checks = 0;
    for (int i = 0; i < els->nodesetval->nodeNr; i++) {
        xmlNodePtr el = els->nodesetval->nodeTab[i];
        const char *name = xml_attr(el, "name"), *attrs = NULL;
        for (size_t k = 0; k < sizeof check_samples / sizeof *check_samples && !attrs; k++)
            if (!strcmp(check_samples[k].el, name))
                attrs = check_samples[k].attrs;
        if (!attrs)
            fail_msg("gfa-rules.xsd has a check <%s> this test does not know", name);
        xc->node = el;
        xmlXPathObjectPtr vals = xmlXPathEvalExpression(
            BAD_CAST ".//xs:attribute[@name='check']//xs:enumeration/@value", xc);
        int nv = vals && vals->nodesetval ? vals->nodesetval->nodeNr : 0;
        for (int k = 0; k < (nv ? nv : 1); k++) {
            xmlChar *v = nv ? xmlNodeGetContent(vals->nodesetval->nodeTab[k]) : NULL;
            sb_addf(&body, "<%s %s%s%s%s/>\n", name, attrs, v ? " check=\"" : "",
                    v ? (const char *)v : "", v ? "\"" : "");
            checks += v != NULL;
            xmlFree(v);
        }
        elements++;
        xmlXPathFreeObject(vals);
    }
    sb_adds(&body, "</rule>\n");
    xmlXPathFreeObject(els);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(xsd);
    assert_int_equal(elements, 17); /* 14 on one report (the diagnosis among them), 3 across */
    assert_true(checks >= 34);
    char *text = sb_take(&body);
    gfa_diags *d = gfa_diags_new();
    if (load_rules(text, d) != GFA_OK || gfa_diags_count(d)) {
        tu_print_diags(d);
        fail_msg("a check gfa-rules.xsd allows does not load:\n%s", text);
    }
    gfa_diags_free(d);
    free(text);
}

/* a/b (malloc'd). */
static char *path_of(const char *a, const char *b)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/%s", a, b) > 0);
    return p;
}

/* Links every entry of folder `from` into folder `to` except `skip`. */
static void link_all(const char *from, const char *to, const char *skip)
{
    DIR *dh = opendir(from);
    assert_non_null(dh);
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.' || (skip && !strcmp(e->d_name, skip)))
            continue;
        char *a = path_of(from, e->d_name), *b = path_of(to, e->d_name);
        assert_int_equal(symlink(a, b), 0);
        free(a);
        free(b);
    }
    closedir(dh);
}

/* The shipped rules with `total` misspelled `totl` in GFA-ROW-002: the validator is not
 * created, and the diagnostic names the file, the line and the name. (It used to load,
 * read every 本年支出合计 as blank and reject the sample with a made-up "0.00".) */
static void validator_refuses_a_misspelled_rule_file(void **state)
{
    (void)state;
    const char *data = tu_env("GFA_DATADIR", tu_srcdir());
    char *dir = path_of(tu_env("GFA_TMPDIR", "/tmp"), "typo-data");
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
    assert_int_equal(system(cmd), 0);
    char *schemas = path_of(dir, "schemas"), *rules_dir = path_of(schemas, "rules");
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(schemas, 0755), 0);
    assert_int_equal(mkdir(rules_dir, 0755), 0);
    char *from = path_of(data, "schemas");
    link_all(from, schemas, "rules");
    free(from);
    from = path_of(data, "schemas/rules");
    link_all(from, rules_dir, "national.xml");
    free(from);
    from = path_of(data, "schemas/rules/national.xml");
    char *rules = tu_read(from, NULL);
    assert_non_null(rules);
    const char *good = "<columns tables=\"gk03|sh03\" total=\"total\"";
    char *at = strstr(rules, good);
    assert_non_null(at);
    long line = 1;
    for (const char *p = rules; p < at; p++)
        line += *p == '\n';
    at += strlen(good) - strlen("total\"");
    *at = '\0';
    char *typo = path_of(rules_dir, "national.xml");
    FILE *f = fopen(typo, "w");
    assert_non_null(f);
    fprintf(f, "%stotl%s", rules, at + strlen("total"));
    fclose(f);
    gfa_diags *d = gfa_diags_new();
    gfa_context *typo_ctx = gfa_context_open(dir, d);
    assert_non_null(typo_ctx);
    assert_null(gfa_validator_new(typo_ctx, d));
    assert_true(gfa_diags_count(d) >= 1);
    const gfa_diag *x = gfa_diags_at(d, 0);
    assert_string_equal(gfa_diag_id(x), "GFA-DATA-036");
    assert_string_equal(gfa_diag_file(x), typo);
    assert_int_equal(gfa_diag_line(x), line);
    assert_string_equal(gfa_diag_message(x),
                        "rule GFA-ROW-002 <columns total>: table gk03 has no column 'totl'");
    gfa_context_free(typo_ctx);
    gfa_diags_free(d);
    assert_int_equal(system(cmd), 0);
    free(rules);
    free(typo);
    free(from);
    free(rules_dir);
    free(schemas);
    free(cmd);
    free(dir);
}

/* Issue 12: findings speak Chinese and say what their values are. The sample's form
 * findings named fund fields by their ids (资金总额: full_year, total score, department
 * code, a doubled colon 资金总额:：); now by the definitions' labels. Codes are codes
 * (kind code: 003001, never 3,001), rates rates (kind rate). */
static void findings_are_chinese_and_typed(void **state)
{
    (void)state;
    validated vt = validate_text("samples/yangcheng-2024-unit.txt", GFA_VALIDATE_EMBED);
    gfa_diags *d = vt.d;
    static const char *const never[] = {"full_year", "executed", "total", "score", "department",
                                        "code", ":：", "「data」", "fund_total"};
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (strncmp(gfa_diag_id(x), "GFA-", 4) || !strstr(gfa_diag_id(x), "-PERF-"))
            continue;
        for (size_t k = 0; k < sizeof never / sizeof *never; k++)
            if (strstr(gfa_diag_message(x), never[k]))
                fail_msg("%s: '%s' in %s", gfa_diag_id(x), never[k], gfa_diag_message(x));
    }
    xmlDocPtr doc = gfa_report_doc(vt.r);
    char *s = tu_xpath(doc, "string(//g:finding[@rule='GFA-PERF-007' and @reported='003001']/@kind)");
    assert_string_equal(s, "code");
    free(s);
    s = tu_xpath(doc, "string(//g:finding[@rule='GFA-PERF-001']/@kind)");
    assert_string_equal(s, "rate");
    free(s);
    s = tu_xpath(doc, "string(//g:finding[@rule='GFA-PERF-006'][1]/@colLabel)");
    assert_string_equal(s, "全年预算数");
    free(s);
    s = tu_xpath(doc, "string(//g:finding[@rule='GFA-PERF-006'][1]/@rowLabel)");
    assert_string_equal(s, "资金总额");
    free(s);
    s = tu_xpath(doc, "count(//g:finding[string-length(@fingerprint) != 16])");
    assert_string_equal(s, "0");
    free(s);
    validated_free(&vt);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The n malloc'd strings, sorted, one after another each followed by sep, in one malloc'd
 * string; frees them and the array. */
static char *sorted_joined(char **items, size_t n, const char *sep)
{
    qsort(items, n, sizeof *items, cmp_str);
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(items[i]) + strlen(sep);
    char *all = calloc(total, 1);
    for (size_t i = 0; i < n; i++) {
        strcat(all, items[i]);
        strcat(all, sep);
        free(items[i]);
    }
    free(items);
    return all;
}

/* The fingerprints of the sample's findings, sorted, one string. */
static char *fingerprints_of(const gfa_validator *val, const char *name, const char *data, size_t len)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, name, data, len, &r, d), GFA_OK);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    xmlXPathContextPtr xc = xmlXPathNewContext(gfa_report_doc(r));
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "//g:finding/@fingerprint", xc);
    size_t n = o && o->nodesetval ? (size_t)o->nodesetval->nodeNr : 0;
    char **fp = calloc(n + 1, sizeof *fp);
    for (size_t i = 0; i < n; i++) { /* malloc'd copies, for sorted_joined to free */
        xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        fp[i] = strdup(c ? (const char *)c : "");
        xmlFree(c);
    }
    char *all = sorted_joined(fp, n, " ");
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_diags_free(d);
    return all;
}

/* The sample's text and a validator, for the tests that validate it changed. */
typedef struct sample_run {
    gfa_diags *d;
    gfa_validator *val;
    char *data;
    size_t len;
} sample_run;

static void sample_open(sample_run *sr)
{
    sr->d = gfa_diags_new();
    sr->val = gfa_validator_new(ctx, sr->d);
    sr->len = 0;
    sr->data = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), &sr->len);
    assert_non_null(sr->data);
}

static void sample_close(sample_run *sr)
{
    free(sr->data);
    gfa_validator_free(sr->val);
    gfa_diags_free(sr->d);
}

/* Issue 12: the same defects found again have the same ids, although every line moved
 * (a resubmission with lines added before the narrative) and the file has another name. */
static void fingerprints_are_stable(void **state)
{
    (void)state;
    sample_run sr;
    sample_open(&sr);
    char *first = fingerprints_of(sr.val, "a.txt", sr.data, sr.len);
    assert_true(strlen(first) > 30 * 17);
    /* three blank lines after the title: every later line number changes */
    const char *cut = strstr(sr.data, "\n");
    cut = strstr(cut + 1, "\n");
    size_t head = (size_t)(cut - sr.data) + 1;
    char *moved = malloc(sr.len + 4);
    memcpy(moved, sr.data, head);
    memcpy(moved + head, "\n\n\n", 3);
    memcpy(moved + head + 3, sr.data + head, sr.len - head);
    char *second = fingerprints_of(sr.val, "resubmitted.txt", moved, sr.len + 3);
    assert_string_equal(first, second);
    free(first);
    free(second);
    free(moved);
    sample_close(&sr);
}

/* The findings of a text, sorted, one string: their messages without blanks, line numbers
 * or finding numbers (which move with the lines). */
static char *messages_of(const gfa_validator *val, const char *data, size_t len)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "report.txt", data, len, &r, d), GFA_OK);
    gfa_diags_clear(d);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, 0, &v, d), GFA_OK);
    size_t n = gfa_diags_count(d);
    char **m = calloc(n + 1, sizeof *m);
    for (size_t i = 0; i < n; i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        assert_true(asprintf(&m[i], "%s %s", gfa_diag_id(x), gfa_diag_message(x)) > 0);
        /* blanks out (but the one after the id), and the numbers of lines (第466行) and of
         * finding ids (由F19引起, findings counted in order): they move with the lines */
        char *o = m[i];
        for (const char *c = m[i]; *c; c++)
            if (*c != ' ' || c == strchr(m[i], ' '))
                *o++ = *c;
        *o = '\0';
        o = m[i];
        for (const char *c = m[i]; *c; c++) {
            *o++ = *c;
            bool numbered = *c == 'F' || (c - m[i] >= 2 && !strncmp(c - 2, "第", 3));
            while (numbered && c[1] >= '0' && c[1] <= '9')
                c++;
        }
        *o = '\0';
    }
    char *all = sorted_joined(m, n, "\n");
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_diags_free(d);
    return all;
}

/* A report whose prose was set with blanks between Chinese and digits (LibreOffice's
 * autospace, which a PDF's text keeps: 涉及二级项目 12 个) has the same findings with the
 * same excerpts 「…」: their windows count characters, not blanks. */
static void excerpts_do_not_count_blanks(void **state)
{
    (void)state;
    sample_run sr;
    sample_open(&sr);
    char *spaced = malloc(2 * sr.len + 1);
    size_t n = 0, added = 0;
    for (const char *line = sr.data; *line;) {
        const char *end = strchr(line, '\n');
        end = end ? end + 1 : line + strlen(line);
        bool prose = !memchr(line, '\t', (size_t)(end - line));
        for (const char *c = line; c < end; c++) {
            bool digit = *c >= '0' && *c <= '9';
            /* an ideograph's lead byte (U+4E00..U+9FFF) beside an ASCII digit */
            bool after_han = c - line >= 3 && (unsigned char)c[-3] >= 0xE4 && (unsigned char)c[-3] <= 0xE9;
            bool before_han = (unsigned char)*c >= 0xE4 && (unsigned char)*c <= 0xE9;
            bool after_digit = c > line && c[-1] >= '0' && c[-1] <= '9';
            if (prose && ((digit && after_han) || (before_han && after_digit))) {
                spaced[n++] = ' ';
                added++;
            }
            spaced[n++] = *c;
        }
        line = end;
    }
    spaced[n] = '\0';
    assert_true(added > 100);
    char *clean = messages_of(sr.val, sr.data, sr.len);
    char *autospaced = messages_of(sr.val, spaced, n);
    assert_non_null(strstr(clean, "GFA-TXT-010"));
    assert_non_null(strstr(clean, "GFA-PERF-011"));
    assert_string_equal(clean, autospaced);
    free(clean);
    free(autospaced);
    free(spaced);
    sample_close(&sr);
}

/* The sample with its overview's and narrative's lines and its tables' notes broken at
 * `width` characters, as a text extraction breaks them at a page's width (its forms, whose
 * titles and notes a form reader reads, as printed). */
static char *sample_wrapped(const char *data, size_t width, size_t *len)
{
    const char *forms = strstr(data, "\n第五部分");
    for (const char *f = forms; f; f = strstr(f + 1, "\n第五部分"))
        forms = f; /* the last: the part itself, not its line in the contents */
    strbuf sb;
    sb_init(&sb);
    for (const char *line = data; *line;) {
        const char *end = strchr(line, '\n');
        end = end ? end + 1 : line + strlen(line);
        bool prose = line < forms && !memchr(line, '\t', (size_t)(end - line));
        size_t chars = 0;
        for (const char *c = line; c < end; c++) {
            bool lead = ((unsigned char)*c & 0xC0) != 0x80;
            if (prose && lead && *c != '\n' && chars && chars % width == 0)
                sb_addc(&sb, '\n');
            chars += lead;
            sb_addc(&sb, *c);
        }
        line = end;
    }
    *len = sb.len;
    return sb_take(&sb);
}

/* Issue 10: the findings do not depend on where the lines of the prose broke: the sample
 * wrapped at 38 and at 60 characters a line (no blank line between the pieces of a
 * paragraph) has the clean text's findings, excerpts and figures. */
static void findings_do_not_depend_on_line_breaks(void **state)
{
    (void)state;
    sample_run sr;
    sample_open(&sr);
    char *clean = messages_of(sr.val, sr.data, sr.len);
    assert_non_null(strstr(clean, "GFA-STAFF-001"));
    assert_non_null(strstr(clean, "GFA-NAR-001"));
    static const size_t widths[] = {38, 60};
    for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
        size_t n = 0;
        char *wrapped = sample_wrapped(sr.data, widths[k], &n);
        assert_true(n > sr.len + 20); /* lines were broken */
        char *found = messages_of(sr.val, wrapped, n);
        assert_string_equal(clean, found);
        free(found);
        free(wrapped);
    }
    free(clean);
    sample_close(&sr);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    if (!ctx)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(node_text_is_the_content),
        cmocka_unit_test(sample_inconsistencies),
        cmocka_unit_test(zero_base_has_its_own_ledger),
        cmocka_unit_test(severity_overrides),
        cmocka_unit_test(config_file),
        cmocka_unit_test(machine_reports),
        cmocka_unit_test(findings_are_chinese_and_typed),
        cmocka_unit_test(fingerprints_are_stable),
        cmocka_unit_test(excerpts_do_not_count_blanks),
        cmocka_unit_test(findings_do_not_depend_on_line_breaks),
        cmocka_unit_test(xsd_layer_on_instances),
        cmocka_unit_test(big_tables_are_checked_whole),
        cmocka_unit_test(shanghai_template_wording),
        cmocka_unit_test(national_long_report_is_clean),
        cmocka_unit_test(every_form_is_checked),
        cmocka_unit_test(misspelled_references_fail_the_load),
        cmocka_unit_test(every_documented_check_is_implemented),
        cmocka_unit_test(validator_refuses_a_misspelled_rule_file),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
