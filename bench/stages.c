/* stages — where the time of one report goes, in process, over a corpus (make bench):
 * read (decode, lines, tables), XSD, rules, HTML, text, write, and loading into each store
 * given (a SQLite file, a PostgreSQL database: gfa batch --db). Prints ms per report for
 * each stage and the facts loaded per second. Timing is for benchmarks only; no test
 * depends on it.
 *
 *   stages CORPUS_DIR OUT_DIR [MAX [DB...]] */
#include "gfa.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: stages CORPUS_DIR OUT_DIR [MAX [DB...]]\n");
        return 2;
    }
    long max = argc > 3 ? atol(argv[3]) : 200;
    enum { MAX_DB = 4 };
    int ndb = argc > 4 ? argc - 4 : 0;
    ndb = ndb > MAX_DB ? MAX_DB : ndb;
    /* what every process pays before its first report (gfa convert on one report) */
    double u0 = now();
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    double u1 = now();
    gfa_context *ctx = gfa_context_open(NULL, d);
    double u2 = now();
    gfa_validator *val = ctx ? gfa_validator_new(ctx, d) : NULL;
    double u3 = now();
    gfa_renderer *ren = ctx ? gfa_renderer_new(ctx, d) : NULL;
    double u4 = now();
    if (!val || !ren) {
        fprintf(stderr, "stages: cannot load gfa's data (set GFA_DATADIR)\n");
        return 2;
    }
    DIR *dh = opendir(argv[1]);
    if (!dh)
        return 2;
    gfa_store *stores[MAX_DB];
    char names[6 + MAX_DB][32] = {"read", "xsd", "rules", "html", "text", "write"};
    double t[6 + MAX_DB] = {0};
    long long facts[MAX_DB] = {0};
    for (int k = 0; k < ndb; k++) {
        stores[k] = gfa_store_open(ctx, argv[4 + k], GFA_STORE_INIT, 0, d);
        if (!stores[k]) {
            fprintf(stderr, "stages: cannot open the store %s\n", argv[4 + k]);
            return 2;
        }
        snprintf(names[6 + k], sizeof names[6 + k], "store:%s", gfa_store_backend(stores[k]));
    }
    long n = 0;
    for (struct dirent *e; (e = readdir(dh)) && n < max;) {
        if (e->d_name[0] == '.')
            continue;
        char in[4096], out[4096];
        snprintf(in, sizeof in, "%s/%s", argv[1], e->d_name);
        snprintf(out, sizeof out, "%s/stage.xml", argv[2]);
        gfa_diags_clear(d);
        gfa_report *r = NULL;
        double a = now();
        if (gfa_report_read_file(ctx, in, &r, d) != GFA_OK)
            continue;
        double b = now();
        gfa_report_check_schema(ctx, r, d);
        double c = now();
        gfa_verdict *v = NULL;
        gfa_validate(val, r, GFA_VALIDATE_EMBED | GFA_VALIDATE_NO_SCHEMA, &v, d);
        double e2 = now();
        char *html = NULL, *text = NULL;
        size_t hl = 0, tl = 0;
        gfa_render(ren, r, GFA_RENDER_HTML, NULL, &html, &hl, d);
        double f = now();
        gfa_render(ren, r, GFA_RENDER_TEXT, NULL, &text, &tl, d);
        double g = now();
        gfa_report_save(r, out, d);
        if (html)
            gfa_write_file_atomic(out, html, hl, d);
        if (text)
            gfa_write_file_atomic(out, text, tl, d);
        double h = now();
        for (int k = 0; k < ndb; k++) {
            size_t got = 0;
            double s0 = now();
            if (gfa_store_load(stores[k], val, v, r, &got, d) == GFA_OK)
                facts[k] += (long long)got;
            t[6 + k] += now() - s0;
        }
        t[0] += b - a;
        t[1] += c - b;
        t[2] += e2 - c;
        t[3] += f - e2;
        t[4] += g - f;
        t[5] += h - g;
        free(html);
        free(text);
        gfa_verdict_free(v);
        gfa_report_free(r);
        n++;
    }
    closedir(dh);
    /* workbooks (issue 14): each report written as XLSX and as a CSV folder, and read back */
    static const char *const book_names[] = {"xlsx write", "xlsx read", "csv write", "csv read"};
    double tb[4] = {0};
    long nb = 0;
    dh = opendir(argv[1]);
    for (struct dirent *e; dh && (e = readdir(dh)) && nb < max;) {
        if (e->d_name[0] == '.')
            continue;
        char in[4096], xlsx[4096], csv[4096];
        snprintf(in, sizeof in, "%s/%s", argv[1], e->d_name);
        snprintf(xlsx, sizeof xlsx, "%s/stage.xlsx", argv[2]);
        snprintf(csv, sizeof csv, "%s/stage.csv", argv[2]);
        gfa_diags_clear(d);
        gfa_report *r = NULL, *rx = NULL, *rc = NULL;
        if (gfa_report_read_file(ctx, in, &r, d) != GFA_OK)
            continue;
        double a = now();
        gfa_status s1 = gfa_report_export(ctx, r, "xlsx", xlsx, NULL, d);
        double b = now();
        gfa_status s2 = s1 == GFA_OK ? gfa_report_read_file(ctx, xlsx, &rx, d) : s1;
        double c = now();
        gfa_status s3 = gfa_report_export(ctx, r, "csv", csv, NULL, d);
        double e2 = now();
        gfa_status s4 = s3 == GFA_OK ? gfa_report_read_file(ctx, csv, &rc, d) : s3;
        double f = now();
        gfa_report_free(r);
        gfa_report_free(rx);
        gfa_report_free(rc);
        if (s2 != GFA_OK || s4 != GFA_OK)
            continue;
        tb[0] += b - a;
        tb[1] += c - b;
        tb[2] += e2 - c;
        tb[3] += f - e2;
        nb++;
    }
    if (dh)
        closedir(dh);
    /* the shares are of gfa batch with one store: the first given */
    double total = 0;
    for (int k = 0; k < 6 + (ndb ? 1 : 0); k++)
        total += t[k];
    printf("stage              ms/report   share   (%ld reports, in process, one thread)\n", n);
    for (int k = 0; k < 6 + ndb; k++)
        printf("%-17s %10.2f %6.1f%%\n", names[k], n ? t[k] / (double)n : 0,
               total > 0 ? 100 * t[k] / total : 0);
    printf("%-17s %10.2f\n", "total", n ? total / (double)n : 0);
    printf("start-up (once per process): libraries %.2f ms, data and schemas %.2f ms, rules "
           "%.2f ms, stylesheets %.2f ms\n",
           u1 - u0, u2 - u1, u3 - u2, u4 - u3);
    for (int k = 0; k < ndb; k++) {
        printf("%s: %lld facts loaded in %.0f ms: %.0f facts/s\n", names[6 + k], facts[k],
               t[6 + k], t[6 + k] > 0 ? (double)facts[k] * 1000 / t[6 + k] : 0);
        gfa_store_free(stores[k]);
    }
    printf("\nworkbooks     ms/report   vs the slowest stage above (%ld reports)\n", nb);
    double slowest = 0;
    for (int k = 0; k < 6; k++)
        slowest = t[k] > slowest ? t[k] : slowest;
    for (int k = 0; k < 4; k++)
        printf("%-12s %9.2f %7.2fx\n", book_names[k], nb ? tb[k] / (double)nb : 0,
               nb && slowest > 0 ? (tb[k] / (double)nb) / (slowest / (double)n) : 0);
    gfa_renderer_free(ren);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    gfa_global_cleanup();
    return 0;
}
