/* pdfread — make bench: reads PDFs into the instance through the PDF reader, RUNS times
 * each, and prints the median CPU time (user+system) of one read in milliseconds and the
 * peak resident memory, for bench.sh to set beside `pdftotext -layout` on the same files.
 * usage: pdfread RUNS FILE... */
#include "gfa.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int runs = atoi(argv[1]);
    if (runs < 1 || runs > 1000)
        return 2;
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(NULL, d);
    double *t = malloc((size_t)runs * sizeof *t);
    if (!ctx || !t)
        return 2;
    for (int f = 2; f < argc; f++) {
        for (int i = 0; i < runs; i++) {
            gfa_report *r = NULL;
            gfa_diags_clear(d);
            double t0 = cpu_ms();
            gfa_status st = gfa_report_read_file(ctx, argv[f], &r, d);
            t[i] = cpu_ms() - t0;
            gfa_report_free(r);
            if (st != GFA_OK) {
                fprintf(stderr, "pdfread: %s: not read\n", argv[f]);
                return 1;
            }
        }
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("%s %.1f %ld\n", argv[f], t[runs / 2], ru.ru_maxrss);
    }
    free(t);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    return 0;
}
