/* test_attacks.c — hostile XML submitted to gfa validate (tests/attacks/expected.tsv): each
 * file must give exactly its expected outcome, and the secret file some attacks
 * point at must appear in no message and no output. Also the documented limits. */
#include "testutil.h"
#include "read/read.h"

static gfa_context *ctx;
static gfa_validator *val;
static gfa_renderer *ren;
static char secret_path[4096];
static char *secret;

static const char header[] =
    "<header><entity name=\"某单位\" scope=\"unit\"/><period year=\"2024\"/>"
    "<units currency=\"CNY\" unit=\"万元\" scale=\"4\" decimals=\"2\"/>"
    "<source file=\"x\" format=\"text\" encoding=\"UTF-8\" bytes=\"1\" lines=\"1\" sha256=\""
    "0000000000000000000000000000000000000000000000000000000000000000\" generator=\"gfa\"/>"
    "</header>";

/* The large attacks are built here rather than kept in git. */
static char *generate(const char *what, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "<?xml version=\"1.0\"?>\n");
    if (!strcmp(what, "quadratic-blowup")) {
        sb_adds(&sb, "<!DOCTYPE report [ <!ENTITY big \"");
        for (int i = 0; i < 100000; i++)
            sb_addc(&sb, 'x');
        sb_adds(&sb, "\"> ]>\n");
    }
    sb_addf(&sb, "<report xmlns=\"urn:gfa:report:1\" version=\"1.0\">%s", header);
    if (!strcmp(what, "quadratic-blowup")) {
        sb_adds(&sb, "<front><line line=\"1\">");
        for (int i = 0; i < 20000; i++)
            sb_adds(&sb, "&big;");
        sb_adds(&sb, "</line></front>");
    } else if (!strcmp(what, "deep-nesting")) {
        sb_adds(&sb, "<front>");
        for (int i = 0; i < 20000; i++)
            sb_adds(&sb, "<x>");
        for (int i = 0; i < 20000; i++)
            sb_adds(&sb, "</x>");
        sb_adds(&sb, "</front>");
    } else if (!strcmp(what, "huge-text") || !strcmp(what, "huge-attribute")) {
        bool attr = !strcmp(what, "huge-attribute");
        sb_adds(&sb, attr ? "<front><line line=\"1\" x=\"" : "<front><line line=\"1\">");
        for (int i = 0; i < 12 * 1024 * 1024; i++)
            sb_addc(&sb, 'A');
        sb_adds(&sb, attr ? "\">a</line></front>" : "</line></front>");
    } else if (!strcmp(what, "many-facts")) {
        sb_adds(&sb, "<tables line=\"1\"><table def=\"unknown\" variant=\"unknown\" line=\"1\" "
                     "status=\"data\"><title line=\"1\">t</title><part id=\"main\" axis=\"fixed\">"
                     "<column id=\"amount\" label=\"a\" cells=\"1\"/>");
        for (int i = 0; i < 50001; i++) /* one over the default facts limit */
            sb_addf(&sb, "<row key=\"r%d\" line=\"%d\"><amt col=\"amount\" line=\"1\" pos=\"1\" "
                         "cell=\"1\">1.00</amt></row>",
                    i, i + 1);
        sb_adds(&sb, "</part></table></tables>");
    }
    sb_adds(&sb, "</report>\n");
    *len = sb.len;
    return sb_take(&sb);
}

static char *load(const char *name, size_t *len)
{
    if (!strncmp(name, "@gen:", 5))
        return generate(name + 5, len);
    char rel[512];
    snprintf(rel, sizeof rel, "tests/attacks/%s", name);
    char *raw = tu_read(tu_path(rel), len);
    if (!raw)
        return NULL;
    /* @SECRET@ → the real path of the secret file */
    strbuf sb;
    sb_init(&sb);
    for (const char *p = raw; *p;) {
        if (!strncmp(p, "@SECRET@", 8)) {
            sb_adds(&sb, secret_path);
            p += 8;
        } else {
            sb_addc(&sb, *p++);
        }
    }
    free(raw);
    *len = sb.len;
    return sb_take(&sb);
}

/* The secret file's first line must appear nowhere. */
static int leaks_secret(const gfa_diags *d, const char *output)
{
    char mark[128];
    snprintf(mark, sizeof mark, "%.*s", (int)strcspn(secret, "\n"), secret);
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        if (strstr(gfa_diag_message(gfa_diags_at(d, i)), mark))
            return 1;
    return output && strstr(output, mark) != NULL;
}

static void attack_corpus(void **state)
{
    (void)state;
    char *manifest = tu_read(tu_path("tests/attacks/expected.tsv"), NULL);
    assert_non_null(manifest);
    int failures = 0, cases = 0;
    char *save = NULL;
    for (char *line = strtok_r(manifest, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !line[0])
            continue;
        char file[128], outcome[32], id[64];
        if (sscanf(line, "%127s %31s %63s", file, outcome, id) != 3)
            continue;
        cases++;
        size_t len = 0;
        char *data = load(file, &len);
        assert_non_null(data);
        gfa_diags *d = gfa_diags_new();
        gfa_report *r = NULL;
        gfa_status st = gfa_report_read_memory(ctx, file, data, len, &r, d);
        free(data);
        const char *got = st == GFA_OK ? "read" : "refused";
        char *html = NULL;
        if (st == GFA_OK) {
            gfa_verdict *v = NULL;
            assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
            got = gfa_verdict_accepted(v) ? "accepted" : "rejected";
            gfa_verdict_free(v);
            size_t hl = 0;
            gfa_render(ren, r, GFA_RENDER_HTML, NULL, &html, &hl, d);
        }
        bool ok = !strcmp(got, outcome) && tu_has_diag(d, id) && !leaks_secret(d, html);
        if (!ok) {
            fprintf(stderr, "  %s: got %s, expected %s with %s%s\n", file, got, outcome, id,
                    leaks_secret(d, html) ? ", AND THE SECRET LEAKED" : "");
            tu_print_diags(d);
            failures++;
        } else {
            fprintf(stderr, "  ok %s: %s, %s\n", file, got, id);
        }
        free(html);
        gfa_report_free(r);
        gfa_diags_free(d);
    }
    free(manifest);
    assert_true(cases >= 18);
    assert_int_equal(failures, 0);
}

static gfa_status read_with_limit(gfa_limit which, long long value, const char *text,
                                  const char *want_id)
{
    gfa_context *c = tu_context();
    assert_int_equal(gfa_context_set_limit(c, which, value), GFA_OK);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    gfa_status st = gfa_report_read_memory(c, "limit.txt", text, strlen(text), &r, d);
    if (want_id && !tu_has_diag(d, want_id)) {
        tu_print_diags(d);
        fail_msg("no %s diagnostic", want_id);
    }
    gfa_report_free(r);
    gfa_diags_free(d);
    gfa_context_free(c);
    return st;
}

static void limits(void **state)
{
    (void)state;
    char *sample = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), NULL);
    assert_non_null(sample);
    assert_int_equal(read_with_limit(GFA_LIMIT_INPUT_BYTES, 1000, sample, "GFA-LIMIT-001"), GFA_ERR_INPUT);
    assert_int_equal(read_with_limit(GFA_LIMIT_LINE_CHARS, 100, sample, "GFA-LIMIT-002"), GFA_ERR_INPUT);
    assert_int_equal(read_with_limit(GFA_LIMIT_TABLES, 5, sample, "GFA-LIMIT-003"), GFA_ERR_INPUT);
    assert_int_equal(read_with_limit(GFA_LIMIT_ROWS, 20, sample, "GFA-LIMIT-005"), GFA_ERR_INPUT);
    assert_int_equal(read_with_limit(GFA_LIMIT_FACTS, 300, sample, "GFA-LIMIT-004"), GFA_ERR_INPUT);
    /* at the defaults the sample reads */
    assert_int_equal(read_with_limit(GFA_LIMIT_TABLES, 1000, sample, NULL), GFA_OK);
    free(sample);
    gfa_context *c = tu_context();
    assert_int_equal(gfa_context_set_limit(c, GFA_LIMIT_ROWS, 0), GFA_ERR_USAGE);
    assert_int_equal(gfa_context_set_limit(c, GFA_LIMIT_SECONDS, 0), GFA_OK);
    assert_int_equal(gfa_limit_by_name("facts"), GFA_LIMIT_FACTS);
    assert_int_equal(gfa_limit_by_name("nope"), -1);
    gfa_context_free(c);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    val = ctx ? gfa_validator_new(ctx, d) : NULL;
    ren = ctx ? gfa_renderer_new(ctx, d) : NULL;
    gfa_diags_free(d);
    if (!val || !ren)
        return 1;
    if (!realpath(tu_path("tests/attacks/secret.txt"), secret_path))
        return 1;
    secret = tu_read(secret_path, NULL);
    if (!secret || strlen(secret) < 8)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attack_corpus),
        cmocka_unit_test(limits),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(secret);
    gfa_renderer_free(ren);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
