/* test_cases.c — the reader's cases as data (tests/cases/[*].case), one driver.
 *
 * A case file:
 *   # free text describing the case
 *   === reader NAME      optional: read with this reader (--from NAME), not by detection
 *   === input            (or "=== input escaped": \t \r \n \\ \xHH are decoded)
 *   …the published text…
 *   === expect
 *   status ok|input|io           the status the reader must return (default ok)
 *   xpath EXPR = VALUE           an XPath (prefix g) on the instance and its string value
 *   diag ID [LINE]               a diagnostic with this id (at this line) is reported
 *   nodiag ID                    no diagnostic with this id
 *   message TEXT                 some diagnostic's message contains TEXT
 *   limit NAME N                 read with this limit (see gfa_limit_by_name)
 * Every instance of a case with status ok must also validate against the XSD. */
#include "testutil.h"


static gfa_context *ctx;

static char *decode_escapes(const char *s, size_t *len)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            out[n++] = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'n': out[n++] = '\n'; break;
        case '\\': out[n++] = '\\'; break;
        case 'x': {
            char hex[3] = {p[1], p[2], 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            p += 2;
            break;
        }
        default: out[n++] = '\\'; out[n++] = *p; break;
        }
    }
    out[n] = '\0';
    *len = n;
    return out;
}

static int failures;

#define CASE_FAIL(...)                                                                      \
    do {                                                                                    \
        fprintf(stderr, "  %s: ", name);                                                    \
        fprintf(stderr, __VA_ARGS__);                                                       \
        fputc('\n', stderr);                                                                \
        failed = 1;                                                                         \
    } while (0)

static void run_case(const char *name, char *text)
{
    int failed = 0;
    char *input_at = strstr(text, "=== input");
    char *expect_at = strstr(text, "\n=== expect\n");
    if (!input_at || !expect_at) {
        fprintf(stderr, "  %s: malformed case file (needs === input and === expect)\n", name);
        failures++;
        return;
    }
    bool escaped = strncmp(input_at, "=== input escaped", 17) == 0;
    char *body = strchr(input_at, '\n') + 1;
    char *expect = expect_at + strlen("\n=== expect\n");
    if (expect_at + 1 < body) /* "=== input\n=== expect": an empty input */
        body = expect_at + 1;
    expect_at[1] = '\0'; /* the input keeps its last newline */
    size_t len = 0;
    char *input = escaped ? decode_escapes(body, &len) : strdup(body);
    if (!escaped)
        len = strlen(input);

    char fname[256];
    snprintf(fname, sizeof fname, "%s.txt", name);
    /* "limit NAME N" lines apply to this case only */
    int lim = -1;
    long long saved = 0;
    for (const char *l = strstr(expect, "limit "); l; l = strstr(l + 1, "limit ")) {
        if (l != expect && l[-1] != '\n')
            continue;
        char limname[32] = "";
        long long value = 0;
        if (sscanf(l + 6, "%31s %lld", limname, &value) == 2 && (lim = gfa_limit_by_name(limname)) >= 0) {
            saved = gfa_context_limit(ctx, (gfa_limit)lim);
            gfa_context_set_limit(ctx, (gfa_limit)lim, value);
        }
        break;
    }
    char from[32] = "";
    const char *reader = strstr(text, "=== reader ");
    if (reader && reader < input_at)
        sscanf(reader + strlen("=== reader "), "%31s", from);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    gfa_status st = *from ? gfa_report_read_memory_as(ctx, fname, from, input, len, &r, d)
                          : gfa_report_read_memory(ctx, fname, input, len, &r, d);
    if (lim >= 0)
        gfa_context_set_limit(ctx, (gfa_limit)lim, saved);

    const char *want_status = "ok";
    for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "status ", 7)) {
            want_status = line + 7;
        } else if (!strncmp(line, "xpath ", 6)) {
            char *eq = strstr(line, " = ");
            if (!eq || !r) {
                CASE_FAIL("xpath needs ' = ' and an instance: %s", line);
                continue;
            }
            *eq = '\0';
            char *got = tu_xpath(gfa_report_doc(r), line + 6);
            if (strcmp(got, eq + 3) != 0)
                CASE_FAIL("%s: expected '%s', got '%s'", line + 6, eq + 3, got);
            free(got);
        } else if (!strncmp(line, "diag ", 5) || !strncmp(line, "nodiag ", 7)) {
            bool want = line[0] == 'd';
            char id[64] = "";
            long at = 0;
            sscanf(line + (want ? 5 : 7), "%63s %ld", id, &at);
            bool found = false;
            for (size_t i = 0; i < gfa_diags_count(d); i++) {
                const gfa_diag *x = gfa_diags_at(d, i);
                if (!strcmp(gfa_diag_id(x), id) && (!at || gfa_diag_line(x) == at))
                    found = true;
            }
            if (found != want)
                CASE_FAIL("%s diagnostic %s%s", want ? "missing" : "unexpected", id,
                          at ? " at that line" : "");
        } else if (!strncmp(line, "message ", 8)) {
            bool found = false;
            for (size_t i = 0; i < gfa_diags_count(d); i++)
                found |= strstr(gfa_diag_message(gfa_diags_at(d, i)), line + 8) != NULL;
            if (!found)
                CASE_FAIL("no diagnostic message contains '%s'", line + 8);
        } else if (!strncmp(line, "limit ", 6)) {
            /* applied before reading */
        } else if (line[0] && line[0] != '#') {
            CASE_FAIL("unknown expectation: %s", line);
        }
    }
    const char *got_status = st == GFA_OK ? "ok" : st == GFA_ERR_INPUT ? "input" : st == GFA_ERR_IO ? "io" : "other";
    if (strcmp(got_status, want_status) != 0)
        CASE_FAIL("status %s, expected %s", got_status, want_status);
    if (r) {
        gfa_diags *xsd = gfa_diags_new();
        if (gfa_report_check_schema(ctx, r, xsd) != GFA_OK) {
            CASE_FAIL("the instance does not validate against the XSD");
            tu_print_diags(xsd);
        }
        gfa_diags_free(xsd);
    }
    if (failed) {
        fprintf(stderr, "  %s: diagnostics were:\n", name);
        tu_print_diags(d);
        failures++;
    } else {
        fprintf(stderr, "  ok %s\n", name);
    }
    gfa_report_free(r);
    gfa_diags_free(d);
    free(input);
}

static void all_cases(void **state)
{
    (void)state;
    int n = tu_each_case("tests/cases", run_case);
    assert_true(n >= 20);
    fprintf(stderr, "%d case(s), %d failed\n", n, failures);
    assert_int_equal(failures, 0);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    if (!ctx)
        return 1;
    const struct CMUnitTest tests[] = {cmocka_unit_test(all_cases)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
