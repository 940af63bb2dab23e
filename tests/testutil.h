/* testutil.h — helpers shared by the cmocka tests: paths from the environment the
 * Makefile sets, file reading, XPath on instances, golden-file comparison. */
#ifndef GFA_TESTUTIL_H
#define GFA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "gfa.h"

static inline const char *tu_env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static inline const char *tu_srcdir(void)
{
    return tu_env("GFA_SRCDIR", ".");
}

/* Path under the source tree, in a static rotating buffer (tests are single-threaded). */
static inline const char *tu_path(const char *rel)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tu_srcdir(), rel);
    return buf[k];
}

static inline char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    if (d) {
        d[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return d;
}

static inline gfa_context *tu_context(void)
{
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(tu_env("GFA_DATADIR", tu_srcdir()), d);
    if (!ctx)
        for (size_t i = 0; i < gfa_diags_count(d); i++)
            fprintf(stderr, "%s\n", gfa_diag_message(gfa_diags_at(d, i)));
    gfa_diags_free(d);
    return ctx;
}

/* The validator of a context, printing why when it cannot be compiled. */
static inline gfa_validator *tu_validator(const gfa_context *ctx)
{
    gfa_diags *d = gfa_diags_new();
    gfa_validator *v = ctx ? gfa_validator_new(ctx, d) : NULL;
    if (!v)
        for (size_t i = 0; i < gfa_diags_count(d); i++)
            fprintf(stderr, "%s\n", gfa_diag_message(gfa_diags_at(d, i)));
    gfa_diags_free(d);
    return v;
}

/* Evaluates an XPath (prefix g = the gfa namespace) and returns its string value
 * (malloc'd); numbers are printed without a trailing ".0". */
static inline char *tu_xpath(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xc);
    char *r = NULL;
    if (o) {
        if (o->type == XPATH_NUMBER) {
            char buf[64];
            if (o->floatval == (long long)o->floatval)
                snprintf(buf, sizeof buf, "%lld", (long long)o->floatval);
            else
                snprintf(buf, sizeof buf, "%g", o->floatval);
            r = strdup(buf);
        } else if (o->type == XPATH_BOOLEAN) {
            r = strdup(o->boolval ? "true" : "false");
        } else {
            xmlChar *s = xmlXPathCastToString(o);
            r = strdup((const char *)s);
            xmlFree(s);
        }
        xmlXPathFreeObject(o);
    } else {
        r = strdup("<xpath error>");
    }
    xmlXPathFreeContext(xc);
    return r;
}

#define assert_xpath(doc, expr, expected)                                                   \
    do {                                                                                    \
        char *got_ = tu_xpath((doc), (expr));                                               \
        if (strcmp(got_, (expected)) != 0)                                                  \
            fail_msg("%s: expected '%s', got '%s'", (expr), (expected), got_);              \
        free(got_);                                                                         \
    } while (0)

/* assert_xpath of the expression printf formats from the arguments after expected. */
#define assert_xpathf(doc, expected, ...)                                                   \
    do {                                                                                    \
        char *expr_ = NULL;                                                                 \
        assert_true(asprintf(&expr_, __VA_ARGS__) > 0);                                     \
        assert_xpath((doc), expr_, (expected));                                             \
        free(expr_);                                                                        \
    } while (0)

/* True when some diagnostic has this id. */
static inline int tu_has_diag(const gfa_diags *d, const char *id)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        if (strcmp(gfa_diag_id(gfa_diags_at(d, i)), id) == 0)
            return 1;
    return 0;
}

static inline void tu_print_diags(const gfa_diags *d)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        fprintf(stderr, "  %s:%ld:%ld %s [%s] %s\n", gfa_diag_file(x), gfa_diag_line(x),
                gfa_diag_column(x), gfa_severity_name(gfa_diag_severity(x)), gfa_diag_id(x),
                gfa_diag_message(x));
    }
}

/* A data folder for one test: the table definitions and the vocabulary copied (so that
 * the test may add or change files there), everything else linked to this checkout's
 * data. Returns its path (malloc'd); tu_remove_data removes it. */
static inline char *tu_data_copy(const char *tag)
{
    char *dir = NULL, *cmd = NULL, src[4096];
    assert_true(asprintf(&dir, "%s/%s.%d", tu_env("GFA_TMPDIR", "/tmp"), tag, (int)getpid()) > 0);
    assert_non_null(realpath(tu_srcdir(), src));
    assert_true(asprintf(&cmd,
                         "rm -rf '%1$s' && mkdir -p '%1$s/schemas' && "
                         "for f in '%2$s'/schemas/*.xsd '%2$s'/schemas/workbook.xml '%2$s'/schemas/codes "
                         "'%2$s'/schemas/rules; "
                         "do ln -s \"$f\" '%1$s/schemas/'; done && ln -s '%2$s/xslt' '%1$s/xslt' && "
                         "cp -r '%2$s/schemas/tables' '%2$s/schemas/vocab' '%1$s/schemas/'",
                         dir, src) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return dir;
}

/* Writes text to dir/rel. */
static inline void tu_write(const char *dir, const char *rel, const char *text)
{
    char *path = NULL;
    assert_true(asprintf(&path, "%s/%s", dir, rel) > 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static inline void tu_remove_data(char *dir)
{
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

/* Compares data with a golden file; with GFA_UPDATE_GOLDEN=1 rewrites it instead. */
static inline void tu_golden(const char *rel, const char *data, size_t len)
{
    const char *path = tu_path(rel);
    const char *update = getenv("GFA_UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0") != 0) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, len, f), len);
        fclose(f);
        fprintf(stderr, "updated golden file %s: review the diff\n", rel);
        return;
    }
    size_t glen = 0;
    char *golden = tu_read(path, &glen);
    if (!golden)
        fail_msg("golden file %s is missing: run 'make check UPDATE=1' and review it", rel);
    if (glen != len || memcmp(golden, data, len) != 0) {
        size_t i = 0, line = 1;
        while (i < len && i < glen && golden[i] == data[i])
            line += data[i++] == '\n';
        free(golden);
        fail_msg("output differs from golden file %s at line %zu; if the change is intended "
                 "run 'make check UPDATE=1' and review the diff",
                 rel, line);
    }
    free(golden);
}

/* A list of strings, e.g. the facts of an instance as "def|key|col|value", sorted. */
typedef struct tu_strlist {
    char **v;
    size_t n;
} tu_strlist;

static inline void tu_strlist_free(tu_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* An attribute's value copied into buf ("" when the node or the attribute is absent). */
static inline const char *tu_attr(xmlNodePtr n, const char *name, char *buf, size_t cap)
{
    xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
    snprintf(buf, cap, "%s", v ? (const char *)v : "");
    xmlFree(v);
    return buf;
}

static inline int tu_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Calls run(name, text) for every NAME.case file of the folder, in name order; returns how
 * many there were. */
static inline int tu_each_case(const char *rel, void (*run)(const char *name, char *text))
{
    const char *dir = tu_path(rel);
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    char **names = NULL;
    int n = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        size_t l = strlen(e->d_name);
        if (l <= 5 || strcmp(e->d_name + l - 5, ".case") != 0)
            continue;
        names = realloc(names, (size_t)(n + 1) * sizeof *names);
        assert_non_null(names);
        names[n++] = strdup(e->d_name);
    }
    closedir(dh);
    if (n)
        qsort(names, (size_t)n, sizeof *names, tu_cmp_names);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = tu_read(path, NULL);
        assert_non_null(text);
        names[i][strlen(names[i]) - 5] = '\0';
        run(names[i], text);
        free(text);
        free(names[i]);
    }
    free(names);
    return n;
}

#endif
