/* corpus — make corpus (issue 10): how much of a report each reader recovers, against a
 * reference read from a clean text.
 *
 * For every input it reads the input and its reference (a clean tab text or a gfa
 * instance), validates both, and prints
 *   - tables: the share of printed amounts and dashes of the reference's tables found in
 *     the same table definition, part, row key and column with the same value, and how
 *     many the input has that the reference has not;
 *   - forms: the same for the 项目支出绩效自评表 (fund amounts by form, source and field,
 *     indicator values, weights and scores by form and indicator, the total score);
 *   - findings: the input's findings against the reference's (same rule, same table, row
 *     and column, same values, same message once whitespace and line numbers are taken
 *     out): missing, extra, and differing (same rule and cell, other values or text).
 * It prints, it never fails on a low share (exit 1 only when it cannot run). tests/corpus.sh
 * asserts the floors of the committed corpus.
 *
 * usage: corpus [-v|-V] [-j N] [--ref FILE] [DIR|FILE]...
 *   without an input: the committed corpus, tests/corpus/generated, against the sample.
 *   DIR: every report in it (a file a reader takes by its extension); its references are
 *   the files named NAME.ref.txt, NAME.ref.xml or NAME.ref.xlsx: an input takes the reference whose NAME
 *   is the longest prefix of its own name, or the folder's only reference.
 *   --ref FILE: the reference of the inputs named after it (until the next --ref; --ref ''
 *   goes back to references by name).
 *   -v: list the facts and findings that differ (at most 30 of each kind per input; -V:
 *   all of them).
 *   -j N: inputs read in parallel (default 2). */
#include "gfa.h"
#include "base/base.h" /* text_simplify: compare 繁體 with its Simplified original */
#include "data/data.h" /* the context's Traditional variants */

#include <ctype.h>
#include <dirent.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SAMPLE "samples/yangcheng-2024-unit.txt"
#define CORPUS "tests/corpus/generated"
static size_t show_max = 30; /* -v: at most this many of each kind; -V: all */

typedef struct list {
    char **v;
    size_t n, cap;
} list;

/* What one read gives: facts of the tables, of the forms, and the findings. */
typedef struct measure {
    bool read;
    char reader[32];
    char why[256];
    list tables, forms, findings;
} measure;

typedef struct job {
    const char *input, *ref;
    measure got;
    const measure *want; /* the reference's, shared */
} job;

typedef struct refent {
    const char *path;
    measure m;
} refent;

static gfa_context *ctx;
static gfa_validator *validator;
static bool verbose;

static void add(list *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = s;
}

static void list_free(list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The text without whitespace (ASCII blanks, U+3000, U+00A0), with the numbers of
 * "第 466 行" replaced (line numbers are where a finding was, not what it says), and with
 * Traditional characters in their Simplified forms: an instance keeps the text as
 * printed, and a page converted to 繁體 says what its Simplified original says. */
static char *squeeze(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *o = malloc(n + 1), *w = o;
    if (!o)
        abort();
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            i++;
        } else if (!strncmp(s + i, "\xe3\x80\x80", 3)) {
            i += 3;
        } else if (!strncmp(s + i, "\xc2\xa0", 2)) {
            i += 2;
        } else {
            *w++ = s[i++];
        }
    }
    *w = '\0';
    if (text_has_traditional(&ctx->variants, o, (size_t)(w - o))) {
        char *simple = text_simplify(&ctx->variants, o, (size_t)(w - o));
        if (!simple)
            abort();
        free(o);
        o = simple;
    }
    /* 第NNN行 → 第#行 */
    static const char di[] = "\xe7\xac\xac", hang[] = "\xe8\xa1\x8c";
    for (char *p = strstr(o, di); p; p = strstr(p + 3, di)) {
        char *q = p + 3, *e = q;
        while (*e >= '0' && *e <= '9')
            e++;
        if (e > q && !strncmp(e, hang, 3)) {
            *q = '#';
            memmove(q + 1, e, strlen(e) + 1);
        }
    }
    return o;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
    char *s = squeeze((const char *)v);
    xmlFree(v);
    return s;
}

static char *content(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = squeeze((const char *)v);
    xmlFree(v);
    return s;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
            return c;
    return NULL;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0)
        abort();
    va_end(ap);
    return s;
}

static xmlXPathObjectPtr select_nodes(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xc);
    xmlXPathFreeContext(xc);
    return o;
}

#define EACH(o, i) for (int i = 0; (o) && (o)->nodesetval && i < (o)->nodesetval->nodeNr; i++)
#define NODE(o, i) ((o)->nodesetval->nodeTab[i])

/* Every amount and dash of the tables: "def|part|key|col|kind|value". */
static void table_facts(xmlDocPtr doc, list *out)
{
    xmlXPathObjectPtr o = select_nodes(doc, "//g:table/g:part/g:row/*[self::g:amt or self::g:na]");
    EACH(o, i)
    {
        xmlNodePtr c = NODE(o, i), row = c->parent, part = row->parent;
        char *def = prop(part->parent, "def"), *pid = prop(part, "id"), *key = prop(row, "key"),
             *col = prop(c, "col"), *text = content(c);
        add(out, fmt("%s|%s|%s|%s|%s|%s", def, pid, key, col, (const char *)c->name, text));
        free(def), free(pid), free(key), free(col), free(text);
    }
    xmlXPathFreeObject(o);
}

/* Every amount and indicator value of the forms, keyed by the form's project (else its
 * title): "form|fund|source|field|value", "form|indicator|l1/l2/name|slot|value",
 * "form|total|score|value". */
static void form_facts(xmlDocPtr doc, list *out)
{
    xmlXPathObjectPtr o = select_nodes(doc, "//g:performance");
    EACH(o, i)
    {
        xmlNodePtr perf = NODE(o, i), project = child(perf, "project");
        char *form = project ? prop(project, "name") : content(child(perf, "title"));
        for (xmlNodePtr f = child(child(perf, "funds"), "fund"); f; f = f->next) {
            if (f->type != XML_ELEMENT_NODE || strcmp((const char *)f->name, "fund"))
                continue;
            char *src = prop(f, "source");
            size_t n = strlen(src);
            if (n && src[n - 1] == ':')
                src[n - 1] = '\0';
            else if (n >= 3 && !strcmp(src + n - 3, "\xef\xbc\x9a")) /* ： */
                src[n - 3] = '\0';
            for (xmlNodePtr a = f->children; a; a = a->next) {
                if (a->type != XML_ELEMENT_NODE || strcmp((const char *)a->name, "amt"))
                    continue;
                char *field = prop(a, "field"), *v = content(a);
                add(out, fmt("%s|fund|%s|%s|%s", form, src, field, v));
                free(field), free(v);
            }
            free(src);
        }
        for (xmlNodePtr ind = child(child(perf, "indicators"), "indicator"); ind; ind = ind->next) {
            if (ind->type != XML_ELEMENT_NODE)
                continue;
            char *l1 = prop(ind, "level1"), *l2 = prop(ind, "level2"), *name = prop(ind, "name");
            for (xmlNodePtr v = ind->children; v; v = v->next) {
                if (v->type != XML_ELEMENT_NODE || !strcmp((const char *)v->name, "reason"))
                    continue;
                char *t = content(v);
                add(out, fmt("%s|indicator|%s/%s/%s|%s|%s", form, l1, l2, name, (const char *)v->name, t));
                free(t);
            }
            free(l1), free(l2), free(name);
        }
        xmlNodePtr total = child(perf, "total");
        if (total && xmlHasProp(total, BAD_CAST "score")) {
            char *s = prop(total, "score");
            add(out, fmt("%s|total|score|%s", form, s));
            free(s);
        }
        free(form);
    }
    xmlXPathFreeObject(o);
}

/* The findings: "rule|table|row|col|reported|expected|message". */
static void finding_facts(xmlDocPtr doc, list *out)
{
    xmlXPathObjectPtr o = select_nodes(doc, "/g:report/g:validation/g:finding");
    EACH(o, i)
    {
        xmlNodePtr f = NODE(o, i);
        static const char *const at[] = {"rule", "table", "row", "col", "reported", "expected"};
        char *p[6];
        for (int k = 0; k < 6; k++)
            p[k] = prop(f, at[k]);
        if (!strncmp(p[1], "perf:", 5)) /* a form by its line: a location, the message names it */
            p[1][4] = '\0';
        char *msg = content(child(f, "message"));
        add(out, fmt("%s|%s|%s|%s|%s|%s|%s", p[0], p[1], p[2], p[3], p[4], p[5], msg));
        for (int k = 0; k < 6; k++)
            free(p[k]);
        free(msg);
    }
    xmlXPathFreeObject(o);
}

/* qsort of an empty list is given NULL, which C forbids (a report without forms) */
static void list_sort(list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof(char *), cmp_str);
}

static void measure_file(const char *path, measure *m)
{
    memset(m, 0, sizeof *m);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    if (gfa_report_read_file(ctx, path, &r, d) != GFA_OK) {
        const char *why = "not read";
        for (size_t i = 0; i < gfa_diags_count(d); i++)
            if (gfa_diag_severity(gfa_diags_at(d, i)) >= GFA_SEV_ERROR)
                why = gfa_diag_message(gfa_diags_at(d, i));
        snprintf(m->why, sizeof m->why, "%s", why);
        gfa_diags_free(d);
        return;
    }
    gfa_verdict *v = NULL;
    gfa_validate(validator, r, GFA_VALIDATE_EMBED, &v, d);
    xmlDocPtr doc = gfa_report_doc(r);
    xmlXPathObjectPtr o = select_nodes(doc, "string(/g:report/g:header/g:source/@format)");
    snprintf(m->reader, sizeof m->reader, "%s", o && o->stringval ? (const char *)o->stringval : "?");
    xmlXPathFreeObject(o);
    table_facts(doc, &m->tables);
    form_facts(doc, &m->forms);
    finding_facts(doc, &m->findings);
    list_sort(&m->tables);
    list_sort(&m->forms);
    list_sort(&m->findings);
    m->read = true;
    gfa_verdict_free(v);
    gfa_report_free(r);
    gfa_diags_free(d);
}

static void measure_free(measure *m)
{
    list_free(&m->tables);
    list_free(&m->forms);
    list_free(&m->findings);
}

/* Merge of two sorted lists: the common count; with show, the lines only one side has. */
static size_t common(const list *want, const list *got, const char *what, bool show)
{
    size_t i = 0, j = 0, n = 0, shown_w = 0, shown_g = 0;
    while (i < want->n || j < got->n) {
        int c = i == want->n ? 1 : j == got->n ? -1 : strcmp(want->v[i], got->v[j]);
        if (c == 0) {
            n++, i++, j++;
            continue;
        }
        if (show && c < 0 && shown_w++ < show_max)
            printf("    %s missing  %s\n", what, want->v[i]);
        if (show && c > 0 && shown_g++ < show_max)
            printf("    %s extra    %s\n", what, got->v[j]);
        i += c < 0;
        j += c > 0;
    }
    return n;
}

/* A form fact whose value is an amount as printed (a fund figure, a weight, a score, an
 * indicator value that is a bare number or percentage), not a text such as 达成预期指标
 * or a target such as ≥95%: what the "printed amounts" counts besides the tables. */
static bool amount_fact(const char *fact)
{
    const char *v = strrchr(fact, '|');
    v = v ? v + 1 : fact;
    if (*v == '-')
        v++;
    if (!isdigit((unsigned char)*v))
        return false;
    while (isdigit((unsigned char)*v) || *v == ',' || *v == '.')
        v++;
    return !*v || !strcmp(v, "%");
}

static size_t amounts_in(const list *l)
{
    size_t n = 0;
    for (size_t k = 0; k < l->n; k++)
        n += amount_fact(l->v[k]);
    return n;
}

/* The amount facts two sorted lists have in common. */
static size_t common_amounts(const list *want, const list *got)
{
    size_t i = 0, j = 0, n = 0;
    while (i < want->n && j < got->n) {
        int c = strcmp(want->v[i], got->v[j]);
        if (c == 0)
            n += amount_fact(want->v[i]), i++, j++;
        else
            i += c < 0, j += c > 0;
    }
    return n;
}

/* A finding's identity without its values: rule|table|row|col. */
static size_t ident_len(const char *s)
{
    const char *p = s;
    for (int k = 0; k < 4 && p; k++)
        p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL;
    return p ? (size_t)(p - s) : strlen(s);
}

typedef struct finding_cmp {
    size_t missing, extra, differing;
} finding_cmp;

static finding_cmp compare_findings(const list *want, const list *got, bool show)
{
    finding_cmp fc = {0, 0, 0};
    /* the findings only one side has */
    list w = {0}, g = {0};
    size_t i = 0, j = 0;
    while (i < want->n || j < got->n) {
        int c = i == want->n ? 1 : j == got->n ? -1 : strcmp(want->v[i], got->v[j]);
        if (c == 0) {
            i++, j++;
            continue;
        }
        if (c < 0)
            add(&w, want->v[i++]);
        else
            add(&g, got->v[j++]);
    }
    /* pair those with the same rule and cell: differing */
    bool *used = calloc(g.n + 1, 1);
    for (size_t a = 0; a < w.n; a++) {
        size_t la = ident_len(w.v[a]);
        size_t b = 0;
        while (b < g.n && (used[b] || ident_len(g.v[b]) != la || strncmp(w.v[a], g.v[b], la)))
            b++;
        if (b < g.n) {
            used[b] = true;
            fc.differing++;
            if (show) {
                printf("    finding differs  %s\n", w.v[a]);
                printf("               got   %s\n", g.v[b]);
            }
        } else {
            fc.missing++;
            if (show)
                printf("    finding missing  %s\n", w.v[a]);
        }
    }
    for (size_t b = 0; b < g.n; b++)
        if (!used[b]) {
            fc.extra++;
            if (show)
                printf("    finding extra    %s\n", g.v[b]);
        }
    free(used);
    free(w.v); /* the strings belong to want and got */
    free(g.v);
    return fc;
}

static void *worker(void *arg)
{
    job **queue = arg;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    for (;;) {
        pthread_mutex_lock(&lock);
        job *j = *queue;
        if (j && j->input)
            (*queue)++;
        pthread_mutex_unlock(&lock);
        if (!j || !j->input)
            return NULL;
        measure_file(j->input, &j->got);
    }
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* NAME.ref.txt (a clean tab text), NAME.ref.xml (a gfa instance) or NAME.ref.xlsx (a workbook:
 * what PDFs printed from it should give back) */
static bool is_ref(const char *name)
{
    return has_suffix(name, ".ref.txt") || has_suffix(name, ".ref.xml") || has_suffix(name, ".ref.xlsx");
}

/* A file some reader takes by its extension (MANIFEST, README.md … are not reports). */
static bool is_report(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || name[0] == '.')
        return false;
    const char *rname, *exts, *desc;
    int readable;
    for (size_t i = 0; gfa_reader_info(i, &rname, &exts, &desc, &readable); i++) {
        if (!readable || !exts)
            continue;
        for (const char *p = strstr(exts, dot); p; p = strstr(p + 1, dot)) {
            size_t l = strlen(dot);
            if ((p == exts || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
                return true;
        }
    }
    return false;
}

typedef struct plan {
    job *jobs;
    size_t n, cap;
    refent *refs;
    size_t nrefs, refcap;
} plan;

static const measure *ref_measure(plan *p, const char *path)
{
    for (size_t i = 0; i < p->nrefs; i++)
        if (!strcmp(p->refs[i].path, path))
            return &p->refs[i].m;
    return NULL;
}

static void add_ref(plan *p, const char *path)
{
    if (ref_measure(p, path))
        return;
    if (p->nrefs == p->refcap) {
        p->refcap = p->refcap ? 2 * p->refcap : 8;
        p->refs = realloc(p->refs, p->refcap * sizeof *p->refs);
        if (!p->refs)
            abort();
    }
    p->refs[p->nrefs++] = (refent){.path = strdup(path)};
}

static void add_job(plan *p, const char *input, const char *ref)
{
    if (p->n + 1 >= p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->jobs = realloc(p->jobs, p->cap * sizeof *p->jobs);
        if (!p->jobs)
            abort();
    }
    p->jobs[p->n++] = (job){.input = strdup(input), .ref = ref ? strdup(ref) : NULL};
    add_ref(p, ref ? ref : "");
}

/* The reference of a file in a folder: NAME.ref.* with the longest NAME its name starts
 * with, else the folder's only reference. */
static char *folder_ref(char **names, size_t n, const char *dir, const char *file)
{
    const char *best = NULL;
    size_t best_len = 0, nrefs = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_ref(names[i]))
            continue;
        nrefs++;
        size_t stem = (size_t)(strstr(names[i], ".ref.") - names[i]);
        if (!strncmp(file, names[i], stem) && stem > best_len)
            best = names[i], best_len = stem;
    }
    if (!best && nrefs == 1)
        for (size_t i = 0; i < n; i++)
            if (is_ref(names[i]))
                best = names[i];
    return best ? fmt("%s/%s", dir, best) : NULL;
}

static void plan_dir(plan *p, const char *dir, const char *ref)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        fprintf(stderr, "corpus: cannot open %s\n", dir);
        exit(1);
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        char *path = fmt("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
        free(path);
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!is_ref(names[i]) && is_report(names[i])) {
            char *path = fmt("%s/%s", dir, names[i]);
            char *r = ref ? strdup(ref) : folder_ref(names, n, dir, names[i]);
            add_job(p, path, r);
            free(path);
            free(r);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 100.0;
}

int main(int argc, char **argv)
{
    int jobs = 2;
    plan p = {0};
    const char *ref = NULL;
    bool any = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "-V")) {
            verbose = true;
            show_max = argv[i][1] == 'V' ? (size_t)-1 : 30;
        } else if (!strcmp(argv[i], "-j") && i + 1 < argc) {
            jobs = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--ref") && i + 1 < argc) {
            ref = *argv[++i] ? argv[i] : NULL; /* --ref '': references by name again */
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: corpus [-v|-V] [-j N] [--ref FILE] [DIR|FILE]...\n");
            return 2;
        } else {
            struct stat st;
            if (stat(argv[i], &st) != 0) {
                fprintf(stderr, "corpus: %s: no such file or folder\n", argv[i]);
                return 1;
            }
            if (S_ISDIR(st.st_mode))
                plan_dir(&p, argv[i], ref);
            else
                add_job(&p, argv[i], ref);
            any = true;
        }
    }
    if (!any)
        plan_dir(&p, CORPUS, ref ? ref : SAMPLE);
    if (jobs < 1 || jobs > 64)
        jobs = 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    ctx = gfa_context_open(NULL, d);
    validator = ctx ? gfa_validator_new(ctx, d) : NULL;
    if (!validator) {
        for (size_t i = 0; i < gfa_diags_count(d); i++)
            fprintf(stderr, "corpus: %s\n", gfa_diag_message(gfa_diags_at(d, i)));
        return 1;
    }
    for (size_t i = 0; i < p.nrefs; i++)
        if (*p.refs[i].path)
            measure_file(p.refs[i].path, &p.refs[i].m);
    for (size_t i = 0; i < p.n; i++)
        p.jobs[i].want = ref_measure(&p, p.jobs[i].ref ? p.jobs[i].ref : "");
    job *queue = p.jobs;
    p.jobs[p.n] = (job){0};
    pthread_t th[64];
    for (int k = 0; k < jobs; k++)
        pthread_create(&th[k], NULL, worker, &queue);
    for (int k = 0; k < jobs; k++)
        pthread_join(th[k], NULL);

    printf("%-44s %-7s %-24s %-24s %s\n", "input", "reader", "tables: placed (extra)",
           "forms: placed (extra)", "findings: missing extra differing");
    size_t tw = 0, th_ = 0, tx = 0, fw = 0, fh = 0, fx = 0, aw = 0, ah = 0;
    finding_cmp tf = {0, 0, 0};
    const char *last_ref = NULL;
    for (size_t i = 0; i < p.n; i++) {
        job *j = &p.jobs[i];
        if (!j->ref || !j->want || !j->want->read) {
            printf("%-44s no reference (%s)\n", j->input,
                   j->ref ? "the reference could not be read" : "name one with --ref or NAME.ref.txt");
            continue;
        }
        if (!last_ref || strcmp(last_ref, j->ref)) {
            printf("reference %s: %zu table amounts, %zu form values, %zu findings\n", j->ref,
                   j->want->tables.n, j->want->forms.n, j->want->findings.n);
            last_ref = j->ref;
        }
        const char *name = strrchr(j->input, '/') ? strrchr(j->input, '/') + 1 : j->input;
        const measure *w = j->want, *g = &j->got;
        if (!g->read) {
            printf("%-44s not read: %s\n", name, g->why);
            tw += w->tables.n, fw += w->forms.n;
            aw += w->tables.n + amounts_in(&w->forms);
            tf.missing += w->findings.n;
            continue;
        }
        size_t t = common(&w->tables, &g->tables, "table", false),
               f = common(&w->forms, &g->forms, "form", false);
        finding_cmp fc = compare_findings(&w->findings, &g->findings, false);
        char tb[64], fb[64];
        snprintf(tb, sizeof tb, "%5.1f%% %4zu/%zu (+%zu)", pct(t, w->tables.n), t, w->tables.n,
                 g->tables.n - t);
        snprintf(fb, sizeof fb, "%5.1f%% %4zu/%zu (+%zu)", pct(f, w->forms.n), f, w->forms.n,
                 g->forms.n - f);
        printf("%-44s %-7s %-24s %-24s %zu %zu %zu\n", name, g->reader, tb, fb, fc.missing, fc.extra,
               fc.differing);
        if (verbose) {
            common(&w->tables, &g->tables, "table", true);
            common(&w->forms, &g->forms, "form", true);
            compare_findings(&w->findings, &g->findings, true);
        }
        tw += w->tables.n, th_ += t, tx += g->tables.n - t;
        fw += w->forms.n, fh += f, fx += g->forms.n - f;
        tf.missing += fc.missing, tf.extra += fc.extra, tf.differing += fc.differing;
        aw += w->tables.n + amounts_in(&w->forms), ah += t + common_amounts(&w->forms, &g->forms);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    char tb[64], fb[64];
    snprintf(tb, sizeof tb, "%5.1f%% %4zu/%zu (+%zu)", pct(th_, tw), th_, tw, tx);
    snprintf(fb, sizeof fb, "%5.1f%% %4zu/%zu (+%zu)", pct(fh, fw), fh, fw, fx);
    printf("%-44s %-7s %-24s %-24s %zu %zu %zu\n", "total", "", tb, fb, tf.missing, tf.extra,
           tf.differing);
    printf("%-44s %-7s %5.1f%% %zu/%zu (table amounts and the forms' amounts: funds, weights, "
           "scores, bare numbers)\n",
           "amounts", "", pct(ah, aw), ah, aw);
    printf("%zu inputs in %.1f s\n", p.n,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);

    for (size_t i = 0; i < p.n; i++) {
        measure_free(&p.jobs[i].got);
        free((char *)p.jobs[i].input);
        free((char *)p.jobs[i].ref);
    }
    for (size_t i = 0; i < p.nrefs; i++) {
        measure_free(&p.refs[i].m);
        free((char *)p.refs[i].path);
    }
    free(p.jobs);
    free(p.refs);
    gfa_validator_free(validator);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    gfa_global_cleanup();
    return 0;
}
