/* test_rules.c — every business rule on data: tests/rules/base-NAME.txt are small,
 * consistent reports (national; the provinces' own tables: shaanxi, yunnan, sichuan,
 * neimenggu) that pass every rule, each rule passing on at least one of them; each
 * tests/rules/[*].case names its base ("=== base NAME", national by default) and edits it
 * (whole lines: "OLD => NEW", \t and \n escapes, an empty NEW deletes the line) so that one
 * rule fails, and states what must be found:
 *   finding ID [SEVERITY]     a finding of this rule (with this severity)
 *   nofinding ID [SEVERITY]   none
 *   accepted true|false       the verdict
 *   unchecked ID              the ledger records a "not checkable" instance of the rule
 *   message TEXT              some finding's message contains TEXT
 *   caused N                  at least N findings name another finding as their cause */
#include "testutil.h"


static gfa_context *ctx;
static gfa_validator *val;
static gfa_renderer *renderer;

/* The base reports, by name (base-NAME.txt). */
typedef struct base_report {
    char *name;
    char *text;
} base_report;
static base_report bases[16];
static size_t nbases;

static void load_base(const char *name, char *text)
{
    if (nbases == sizeof bases / sizeof bases[0])
        return;
    bases[nbases].name = strdup(name);
    bases[nbases++].text = strdup(text);
}

static const char *base_text(const char *name)
{
    for (size_t i = 0; i < nbases; i++)
        if (!strcmp(bases[i].name, name))
            return bases[i].text;
    return NULL;
}

static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\\' && p[1] == 't') {
            out[n++] = '\t';
            p++;
        } else if (*p == '\\' && p[1] == 'n') {
            out[n++] = '\n';
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return out;
}

/* Replaces the first line equal to old by new (which may be empty: the line goes). */
static char *edit_line(char *text, const char *old, const char *new_text, int *found)
{
    size_t ol = strlen(old);
    for (char *l = text; l && *l;) {
        char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len == ol && !memcmp(l, old, ol)) {
            size_t before = (size_t)(l - text);
            size_t rest_at = before + len + (nl ? 1 : 0);
            bool drop = !*new_text;
            char *out = NULL;
            if (asprintf(&out, "%.*s%s%s%s", (int)before, text, new_text, drop || !nl ? "" : "\n",
                         text + rest_at) < 0)
                return text;
            free(text);
            *found = 1;
            return out;
        }
        l = nl ? nl + 1 : NULL;
    }
    *found = 0;
    return text;
}

typedef struct outcome {
    gfa_diags *diags;
    gfa_verdict *verdict;
    gfa_report *report;
    char *ledger;
} outcome;

static int run(const char *name, const char *text, outcome *o)
{
    memset(o, 0, sizeof *o);
    o->diags = gfa_diags_new();
    if (gfa_report_read_memory(ctx, name, text, strlen(text), &o->report, o->diags) != GFA_OK)
        return -1;
    gfa_diags_clear(o->diags); /* reader warnings are not findings */
    if (gfa_validate(val, o->report, GFA_VALIDATE_EMBED, &o->verdict, o->diags) != GFA_OK)
        return -1;
    o->ledger = gfa_verdict_ledger(o->verdict);
    return 0;
}

/* A report's findings must never stop its pages: each value a finding carries is one the
 * renderers can show (a tolerance with 13 decimals once made a whole page fail). */
static bool renders(const char *name, outcome *o)
{
    for (int f = GFA_RENDER_HTML; f <= GFA_RENDER_TEXT; f++) {
        char *page = NULL;
        gfa_diags *d = gfa_diags_new();
        gfa_status st = gfa_render(renderer, o->report, (gfa_render_format)f, NULL, &page, NULL, d);
        if (st != GFA_OK) {
            fprintf(stderr, "  %s: the %s rendering failed:\n", name, f ? "text" : "HTML");
            tu_print_diags(d);
        }
        free(page);
        gfa_diags_free(d);
        if (st != GFA_OK)
            return false;
    }
    return true;
}

static void done(outcome *o)
{
    gfa_verdict_free(o->verdict);
    gfa_report_free(o->report);
    gfa_diags_free(o->diags);
    free(o->ledger);
}

static int has_finding(const gfa_diags *d, const char *id, const char *sev)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (!strcmp(gfa_diag_id(x), id) &&
            (!sev || !strcmp(gfa_severity_name(gfa_diag_severity(x)), sev)))
            return 1;
    }
    return 0;
}

/* The ids of every rule in the rule files of schemas/rules, read from the files themselves;
 * rules across reports (consolidation, prior) run over a store, in test_store.c. */
static size_t rule_ids(char **out, size_t max)
{
    size_t n = 0;
    const char *dir = tu_path("schemas/rules");
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    for (struct dirent *e; (e = readdir(dh));) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
        assert_non_null(doc);
        xmlXPathContextPtr xc = xmlXPathNewContext(doc);
        xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "//*[local-name()='rule'][not(*[local-name()='consolidation' or "
                                              "local-name()='prior' or local-name()='prior-equal'])]/@id", xc);
        for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr && n < max; i++) {
            xmlChar *id = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
            out[n++] = strdup((const char *)id);
            xmlFree(id);
        }
        xmlXPathFreeObject(o);
        xmlXPathFreeContext(xc);
        xmlFreeDoc(doc);
    }
    closedir(dh);
    return n;
}

/* Every base passes: no finding at all, accepted; and every rule was exercised on one. */
static void base_passes_every_rule(void **state)
{
    (void)state;
    assert_true(nbases >= 5);
    char *ledgers = strdup("");
    for (size_t b = 0; b < nbases; b++) {
        outcome o;
        assert_int_equal(run(bases[b].name, bases[b].text, &o), 0);
        if (gfa_diags_count(o.diags)) {
            fprintf(stderr, "  base %s:\n", bases[b].name);
            tu_print_diags(o.diags);
        }
        assert_int_equal(gfa_diags_count(o.diags), 0);
        assert_true(gfa_verdict_accepted(o.verdict));
        char *more = NULL;
        assert_true(asprintf(&more, "%s%s", ledgers, o.ledger) > 0);
        free(ledgers);
        ledgers = more;
        done(&o);
    }
    /* every rule of schemas/rules has a passed instance on a base (GFA-NAR-007 too: a rate
     * over a base that is not zero) */
    char *rules[256];
    size_t nrules = rule_ids(rules, 256);
    assert_true(nrules >= 60);
    int missing = 0;
    for (size_t i = 0; i < nrules; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s\tpassed\t", rules[i]);
        if (!strstr(ledgers, want)) {
            fprintf(stderr, "  rule %s has no passed instance on a base report\n", rules[i]);
            missing++;
        }
    }
    for (size_t i = 0; i < nrules; i++)
        free(rules[i]);
    free(ledgers);
    assert_int_equal(missing, 0);
}

static int failures;

static void run_case(const char *name, char *text)
{
    int failed = 0;
    char *edits = strstr(text, "=== edit\n");
    char *expect = strstr(text, "=== expect\n");
    if (!edits || !expect) {
        fprintf(stderr, "  %s: malformed case\n", name);
        failures++;
        return;
    }
    *expect = '\0';
    expect += strlen("=== expect\n");
    char base_name[64] = "national";
    const char *named = strstr(text, "=== base ");
    if (named && named < edits)
        sscanf(named + strlen("=== base "), "%63s", base_name);
    if (!base_text(base_name)) {
        fprintf(stderr, "  %s: no base report tests/rules/base-%s.txt\n", name, base_name);
        failures++;
        return;
    }
    char *report = strdup(base_text(base_name));
    char *save = NULL;
    for (char *l = strtok_r(edits + strlen("=== edit\n"), "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *arrow = strstr(l, " => ");
        if (!arrow)
            continue;
        *arrow = '\0';
        char *old = unescape(l), *new_text = unescape(arrow + 4);
        int found = 0;
        report = edit_line(report, old, new_text, &found);
        if (!found) {
            fprintf(stderr, "  %s: edit does not match a line of the base: %s\n", name, l);
            failed = 1;
        }
        free(old);
        free(new_text);
    }
    outcome o = {0}; /* untouched when an edit fails: nothing to free */
    if (!failed && run(name, report, &o) != 0) {
        fprintf(stderr, "  %s: the edited report could not be read or validated\n", name);
        failed = 1;
    }
    if (!failed && !renders(name, &o))
        failed = 1;
    for (char *l = failed ? NULL : strtok_r(expect, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char a[128] = "", b[64] = "";
        if (sscanf(l, "finding %127s %63s", a, b) >= 1 && !strncmp(l, "finding ", 8)) {
            if (!has_finding(o.diags, a, b[0] ? b : NULL)) {
                fprintf(stderr, "  %s: no %s finding of %s\n", name, b[0] ? b : "", a);
                failed = 1;
            }
        } else if (sscanf(l, "nofinding %127s %63s", a, b) >= 1 && !strncmp(l, "nofinding ", 10)) {
            if (has_finding(o.diags, a, b[0] ? b : NULL)) {
                fprintf(stderr, "  %s: unexpected %s finding of %s\n", name, b, a);
                failed = 1;
            }
        } else if (!strncmp(l, "accepted ", 9)) {
            bool want = !strcmp(l + 9, "true");
            if ((bool)gfa_verdict_accepted(o.verdict) != want) {
                fprintf(stderr, "  %s: accepted should be %s\n", name, l + 9);
                failed = 1;
            }
        } else if (!strncmp(l, "unchecked ", 10)) {
            char want[96];
            snprintf(want, sizeof want, "%s\tnot checkable\t", l + 10);
            if (!strstr(o.ledger, want)) {
                fprintf(stderr, "  %s: no not-checkable instance of %s\n", name, l + 10);
                failed = 1;
            }
        } else if (!strncmp(l, "message ", 8)) {
            bool hit = false;
            for (size_t i = 0; i < gfa_diags_count(o.diags); i++)
                hit |= strstr(gfa_diag_message(gfa_diags_at(o.diags, i)), l + 8) != NULL;
            if (!hit) {
                fprintf(stderr, "  %s: no message contains '%s'\n", name, l + 8);
                failed = 1;
            }
        } else if (!strncmp(l, "caused ", 7)) {
            char *n = tu_xpath(gfa_report_doc(o.report), "count(//g:finding[@cause])");
            if (atoi(n) < atoi(l + 7)) {
                fprintf(stderr, "  %s: %s finding(s) with a cause, expected at least %s\n", name, n, l + 7);
                failed = 1;
            }
            free(n);
        } else if (l[0] && l[0] != '#') {
            fprintf(stderr, "  %s: unknown expectation '%s'\n", name, l);
            failed = 1;
        }
    }
    if (failed) {
        failures++;
        if (o.diags)
            tu_print_diags(o.diags);
    } else {
        fprintf(stderr, "  ok %s\n", name);
    }
    if (o.diags)
        done(&o);
    free(report);
}

static void every_rule_fails_on_its_fixture(void **state)
{
    (void)state;
    int n = tu_each_case("tests/rules", run_case);
    assert_true(n >= 60);
    fprintf(stderr, "%d rule case(s), %d failed\n", n, failures);
    assert_int_equal(failures, 0);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    gfa_diags *d = gfa_diags_new();
    val = ctx ? gfa_validator_new(ctx, d) : NULL;
    renderer = ctx ? gfa_renderer_new(ctx, d) : NULL;
    if (!val || !renderer)
        tu_print_diags(d);
    gfa_diags_free(d);
    if (!val || !renderer)
        return 1;
    DIR *dh = opendir(tu_path("tests/rules"));
    for (struct dirent *e; dh && (e = readdir(dh));) {
        size_t l = strlen(e->d_name);
        if (l > 9 && !strncmp(e->d_name, "base-", 5) && !strcmp(e->d_name + l - 4, ".txt")) {
            char rel[512], name[256];
            snprintf(rel, sizeof rel, "tests/rules/%s", e->d_name);
            snprintf(name, sizeof name, "%.*s", (int)(l - 9), e->d_name + 5);
            char *text = tu_read(tu_path(rel), NULL);
            if (text)
                load_base(name, text);
            free(text);
        }
    }
    if (dh)
        closedir(dh);
    if (!base_text("national"))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_passes_every_rule),
        cmocka_unit_test(every_rule_fails_on_its_fixture),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < nbases; i++) {
        free(bases[i].name);
        free(bases[i].text);
    }
    gfa_renderer_free(renderer);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
