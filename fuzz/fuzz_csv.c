/* fuzz_csv — any bytes as a folder of CSV files, then the instance read from them written
 * back as XLSX and CSV and read again: the CSV parser (quotes, line breaks, encodings), the
 * metadata file, the sheet-to-lines rules, the assembler, and the writers on whatever
 * instance comes out. The input is split into files at lines "=====": a part's first line
 * is its file name. Files go to a folder of the process's own. Must never crash, hang or
 * leak. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 8

static void empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[4096];
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0) { /* a CSV folder written below */
            empty_folder(path);
            rmdir(path);
        }
    }
    if (d)
        closedir(d);
}

/* The process's folder (the harness's state, not the library's). */
static char dir[4096];

static void remove_dir(void)
{
    empty_folder(dir);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!*dir) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/gfa-fuzz-csv-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            abort(); /* the harness, not the input */
        atexit(remove_dir);
    }
    gfa_context *ctx = fuzz_context();
    char in[4200], out[4200];
    snprintf(in, sizeof in, "%s/in", dir);
    empty_folder(dir);
    rmdir(in);
    if (mkdir(in, 0700) != 0)
        abort();
    const char *p = (const char *)data, *end = p + size;
    for (int k = 0; k < MAX_FILES && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *body = nl ? nl + 1 : end;
        const char *next = memmem(body, (size_t)(end - body), "\n=====\n", 7);
        const char *stop = next ? next + 1 : end;
        char name[300], path[4600];
        snprintf(name, sizeof name, "%.*s", (int)((nl ? nl : end) - p > 200 ? 200 : (nl ? nl : end) - p), p);
        for (char *c = name; *c; c++)
            if (*c == '/' || *c == '\0' || (unsigned char)*c < 0x20)
                *c = '_';
        snprintf(path, sizeof path, "%s/%d-%s.csv", in, k, name);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(body, 1, (size_t)(stop - body), f);
            fclose(f);
        }
        p = next ? next + 7 : end;
    }
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL, *back = NULL;
    if (gfa_report_read_file(ctx, in, &r, d) == GFA_OK) {
        gfa_report_check_schema(ctx, r, d);
        snprintf(out, sizeof out, "%s/out.xlsx", dir);
        if (gfa_report_export(ctx, r, "xlsx", out, NULL, d) == GFA_OK &&
            gfa_report_read_file(ctx, out, &back, d) == GFA_OK)
            gfa_report_free(back);
        snprintf(out, sizeof out, "%s/out.csv", dir);
        if (gfa_report_export(ctx, r, "csv", out, "gb18030", d) == GFA_OK &&
            gfa_report_read_file(ctx, out, &back, d) == GFA_OK)
            gfa_report_free(back);
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
