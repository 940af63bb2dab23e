/* pdfread — make bench: reads PDFs into the instance through the PDF reader, RUNS times
 * each, and prints the median CPU time (user+system) of one read in milliseconds and the
 * peak resident memory, for bench.sh to set beside `pdftotext -layout` on the same files.
 * With -p, each read alternates with a `pdftotext -layout FILE /dev/null` process, whose
 * median CPU time (from wait4, to the microsecond: time(1) rounds to 10 ms, as much as
 * pdftotext takes on a short file) is printed after: side by side, under the same load.
 * usage: pdfread [-p] RUNS FILE...
 * prints: FILE GFA_MS PEAK_RSS_KIB [PDFTOTEXT_MS] */
#include "gfa.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/* The CPU time of one `pdftotext -layout FILE /dev/null`, in ms; negative if it failed. */
static double pdftotext_ms(const char *file)
{
    char *argv[] = {"pdftotext", "-layout", (char *)file, "/dev/null", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

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
    int first = 1;
    int with_pdftotext = argc > 1 && strcmp(argv[1], "-p") == 0;
    first += with_pdftotext;
    if (argc < first + 2)
        return 2;
    int runs = atoi(argv[first]);
    if (runs < 1 || runs > 1000)
        return 2;
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(NULL, d);
    double *t = malloc((size_t)runs * sizeof *t);
    double *pt = malloc((size_t)runs * sizeof *pt);
    if (!ctx || !t || !pt)
        return 2;
    for (int f = first + 1; f < argc; f++) {
        for (int i = 0; i < runs; i++) {
            if (with_pdftotext && (pt[i] = pdftotext_ms(argv[f])) < 0) {
                fprintf(stderr, "pdfread: pdftotext -layout %s failed\n", argv[f]);
                return 1;
            }
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
        printf("%s %.1f %ld", argv[f], t[runs / 2], ru.ru_maxrss);
        if (with_pdftotext) {
            qsort(pt, (size_t)runs, sizeof *pt, cmp_double);
            printf(" %.1f", pt[runs / 2]);
        }
        printf("\n");
    }
    free(t);
    free(pt);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    return 0;
}
