/* test_jsonschema.c — the JSON that gateways and finance bureaus load is what its schema in
 * docs/ says (issue 12): gfa validate's JSON report for good, rejected, unreadable, missing
 * and instance inputs against docs/gfa-validation-report.schema.json, and the facts and
 * findings JSON Lines against docs/gfa-facts.schema.json. The validator is tests/jsonmini.h
 * (the subset of JSON Schema these schemas use); it is tested to refuse bad documents too. */
#include "testutil.h"
#include "jsonmini.h"

#include <sys/stat.h>

static gfa_context *ctx;
static gfa_validator *val;

static jm_value *load_json(const char *rel)
{
    char *text = tu_read(tu_path(rel), NULL);
    assert_non_null(text);
    const char *err = NULL;
    size_t at = 0;
    jm_value *v = jm_parse(text, &err, &at);
    if (!v)
        fail_msg("%s: %s at byte %zu", rel, err, at);
    free(text);
    return v;
}

static void assert_valid(const jm_value *schema, const char *json, const char *what)
{
    const char *err = NULL;
    size_t at = 0;
    jm_value *doc = jm_parse(json, &err, &at);
    if (!doc)
        fail_msg("%s: not JSON: %s at byte %zu", what, err, at);
    char msg[512];
    if (!jm_validate(schema, doc, msg, sizeof msg))
        fail_msg("%s: %s", what, msg);
    jm_free(doc);
}

static void assert_invalid(const jm_value *schema, const char *json)
{
    jm_value *doc = jm_parse(json, NULL, NULL);
    assert_non_null(doc);
    char msg[512];
    assert_false(jm_validate(schema, doc, msg, sizeof msg));
    assert_true(msg[0] != '\0');
    jm_free(doc);
}

/* The report of these inputs, through the pipeline as gfa validate makes it. */
static char *report_of(const char *const *inputs, size_t n, gfa_report_format fmt)
{
    gfa_diags *d = gfa_diags_new();
    gfa_pipeline *p = gfa_pipeline_new(ctx, val, NULL, NULL, d);
    assert_non_null(p);
    gfa_outcome **os = calloc(n + 1, sizeof *os);
    for (size_t i = 0; i < n; i++) {
        gfa_diags_clear(d); /* an outcome's reason is the first error of its own run */
        gfa_pipeline_run(p, inputs[i], NULL, NULL, &os[i], d);
    }
    size_t len = 0;
    char *text = gfa_outcomes_report(val, (const gfa_outcome *const *)os, n, fmt, &len);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        gfa_outcome_free(os[i]);
    free(os);
    gfa_pipeline_free(p);
    gfa_diags_free(d);
    return text;
}

static const char *tmpdir(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/jsonschema", tu_env("GFA_TMPDIR", "/tmp"));
    mkdir(tu_env("GFA_TMPDIR", "/tmp"), 0755);
    mkdir(dir, 0755);
    return dir;
}

static char *write_tmp(const char *name, const char *data, size_t len)
{
    char *path = NULL;
    assert_true(asprintf(&path, "%s/%s", tmpdir(), name) > 0);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* Every input is in the report, with its status: accepted, rejected, unreadable (empty,
 * binary, missing), and an instance read back; the whole report is what the schema says. */
static void validation_report_follows_its_schema(void **state)
{
    (void)state;
    jm_value *schema = load_json("docs/gfa-validation-report.schema.json");
    char *empty = write_tmp("empty.txt", "", 0);
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)((i * 7919u + 13u) & 0xff);
    char *binary = write_tmp("binary.txt", bin, sizeof bin);
    /* an instance of the sample, written by gfa */
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_file(ctx, tu_path("samples/yangcheng-2024-unit.txt"), &r, d), GFA_OK);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    size_t ilen = 0;
    char *inst = gfa_report_serialise(r, &ilen);
    char *instance = write_tmp("sample.xml", inst, ilen);
    free(inst);
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_diags_free(d);
    const char *inputs[] = {tu_path("samples/yangcheng-2024-unit.txt"),
                            tu_path("tests/rules/base-national.txt"), empty, binary,
                            "/nonexistent/filing.txt", instance};
    char *json = report_of(inputs, 6, GFA_REPORT_JSON);
    assert_valid(schema, json, "the JSON report");
    jm_value *doc = jm_parse(json, NULL, NULL);
    jm_value *files = jm_get(doc, "files");
    assert_int_equal(files->n, 6);
    static const char *const statuses[] = {"rejected", "accepted", "unreadable", "unreadable",
                                           "unreadable", "rejected"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(jm_get(files->items[i], "status")->str, statuses[i]);
    /* unreadable files keep their reason and, when they could be opened, their SHA-256 */
    assert_string_equal(jm_get(files->items[2], "sha256")->str,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(jm_get(files->items[3], "sha256")->type, JM_STRING);
    assert_non_null(strstr(jm_get(files->items[2], "reason")->str, "GFA-READ-002"));
    assert_int_equal(jm_get(files->items[4], "sha256")->type, JM_NULL);
    /* both rule files, each with its version */
    jm_value *sets = jm_get(doc, "rulesets");
    assert_true(sets->n >= 2);
    bool national = false, narrative = false;
    for (size_t i = 0; i < sets->n; i++) {
        national |= !strcmp(jm_get(sets->items[i], "name")->str, "gfa-national");
        narrative |= !strcmp(jm_get(sets->items[i], "name")->str, "gfa-narrative");
    }
    assert_true(national && narrative);
    /* the instance's findings: its own file, the text's line as the source */
    jm_value *f = jm_get(files->items[5], "findings");
    bool sourced = false;
    for (size_t i = 0; i < f->n; i++) {
        jm_value *src = jm_get(f->items[i], "source");
        sourced |= !strcmp(jm_get(f->items[i], "rule")->str, "GFA-NAR-002") &&
                   strstr(jm_get(src, "file")->str, "yangcheng-2024-unit.txt") &&
                   jm_get(src, "line")->num == 480 && jm_get(src, "column")->num == 56 &&
                   !strcmp(jm_get(f->items[i], "file")->str, instance);
    }
    assert_true(sourced);
    jm_free(doc);
    /* the validator refuses what the schema does not allow */
    assert_invalid(schema, "{\"format\":\"gfa-validation-report\"}");
    char *bad = strdup(json), *st = strstr(bad, "\"status\":\"rejected\"");
    assert_non_null(st);
    memcpy(st, "\"status\":\"rejectex\"", strlen("\"status\":\"rejectex\""));
    assert_invalid(schema, bad);
    free(bad);
    free(json);
    /* the SVRL report lists every input too */
    char *svrl = report_of(inputs, 6, GFA_REPORT_SVRL);
    int digests = 0;
    for (const char *p = svrl; (p = strstr(p, "<gfa:digest ")); p++)
        digests++;
    assert_int_equal(digests, 6);
    assert_non_null(strstr(svrl, "status=\"unreadable\""));
    assert_non_null(strstr(svrl, "<gfa:ruleset name=\"gfa-national\""));
    free(svrl);
    unlink(empty);
    unlink(binary);
    unlink(instance);
    free(empty);
    free(binary);
    free(instance);
    jm_free(schema);
}

/* Each line of an export, against the definition def of docs/gfa-facts.schema.json;
 * returns the number of lines. */
static size_t check_lines(const jm_value *schema, const char *def, const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
        const char *err = NULL;
        jm_value *doc = jm_parse(line, &err, NULL);
        if (!doc)
            fail_msg("%s line %zu: not JSON: %s", def, n + 1, err);
        char msg[512];
        if (!jm_validate_def(schema, def, doc, msg, sizeof msg))
            fail_msg("%s line %zu: %s\n%s", def, n + 1, msg, line);
        jm_free(doc);
        free(line);
        n++;
        p = nl ? nl + 1 : p + strlen(p);
    }
    return n;
}

static char *export_of(gfa_report *r, const char *writer)
{
    gfa_diags *d = gfa_diags_new();
    gfa_pipeline_options opt = {.to = writer};
    gfa_pipeline *p = gfa_pipeline_new(ctx, val, NULL, &opt, d);
    assert_non_null(p);
    char *path = NULL;
    assert_true(asprintf(&path, "%s/export.%s", tmpdir(), writer) > 0);
    gfa_outcome *o = NULL;
    const char *outs[] = {path};
    assert_int_equal(gfa_pipeline_run(p, tu_path("samples/yangcheng-2024-unit.txt"), outs, NULL, &o, d), GFA_OK);
    gfa_outcome_free(o);
    char *text = tu_read(path, NULL);
    assert_non_null(text);
    unlink(path);
    free(path);
    gfa_pipeline_free(p);
    gfa_diags_free(d);
    (void)r;
    return text;
}

/* The flat exports for finance bureaus (issue 12): every line of the JSON Lines is what
 * docs/gfa-facts.schema.json says; the CSV has the same columns, with a BOM. */
static void flat_exports_follow_their_schema(void **state)
{
    (void)state;
    jm_value *schema = load_json("docs/gfa-facts.schema.json");
    char *facts = export_of(NULL, "facts-jsonl");
    size_t n = check_lines(schema, "fact", facts);
    assert_true(n > 900); /* the sample's tables and forms */
    assert_non_null(strstr(facts, "\"table\":\"gk01\",\"number\":\"公开01\",\"form\":null,"
                                  "\"part\":\"income\",\"row_key\":\"fiscal_gpb\""));
    assert_non_null(strstr(facts, "\"kind\":\"blank\",\"printed\":null,\"value\":null"));
    assert_non_null(strstr(facts, "\"column\":\"full_year\",\"column_label\":\"全年预算数\""));
    assert_non_null(strstr(facts, "\"printed\":\"49,908\",\"value\":\"49908\""));
    assert_non_null(strstr(facts, "\"uncertain\":\"true\""));
    char *findings = export_of(NULL, "findings-jsonl");
    assert_true(check_lines(schema, "finding", findings) >= 30);
    assert_non_null(strstr(findings, "\"kind\":\"code\",\"reported\":\"003001\""));
    char *csv = export_of(NULL, "facts-csv");
    assert_true(!strncmp(csv, "\xef\xbb\xbfunit_code,entity,year,scope,source_sha256,", 40));
    size_t rows = 0;
    for (const char *p = csv; (p = strchr(p, '\n')); p++)
        rows++;
    assert_int_equal(rows, n + 1); /* the header, then one row per line of the JSON Lines */
    free(csv);
    free(findings);
    free(facts);
    jm_free(schema);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    val = gfa_validator_new(ctx, d);
    gfa_diags_free(d);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validation_report_follows_its_schema),
        cmocka_unit_test(flat_exports_follow_their_schema),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    return rc;
}
