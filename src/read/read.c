/* read.c — the public entry points that read a report: a file, a folder, a stream or bytes
 * become a read_input, and the reader table (readers.c) does the rest. */
#include "read/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The reader named by `from` (NULL, "" or "auto": detect); GFA_ERR_USAGE when unknown. */
static gfa_status pick_reader(const gfa_context *ctx, const char *from, const char *name,
                              const reader_def **out, gfa_diags *diags)
{
    *out = NULL;
    if (!from || !*from || strcmp(from, "auto") == 0)
        return GFA_OK;
    *out = reader_find(ctx, from);
    if (*out)
        return GFA_OK;
    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-003", name, 0, 0,
             "no reader is called '%s' (gfa convert --help lists them)", from);
    return GFA_ERR_USAGE;
}

static gfa_status wrap(xmlDocPtr doc, const char *name, gfa_report **out)
{
    *out = report_wrap(doc, name);
    if (!*out) {
        xmlFreeDoc(doc);
        return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

static gfa_status read_bytes(const gfa_context *ctx, const char *from, const char *name,
                             const char *path, const char *data, size_t len, gfa_report **out,
                             gfa_diags *diags)
{
    *out = NULL;
    if (!ctx || !name || (!data && len))
        return GFA_ERR_USAGE;
    if ((long long)len > gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", name, 0, 0,
                 "the input is %zu bytes, over the limit of %lld (--limit input-bytes=N)", len,
                 gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES));
        return GFA_ERR_INPUT;
    }
    const reader_def *with;
    gfa_status st = pick_reader(ctx, from, name, &with, diags);
    if (st != GFA_OK)
        return st;
    xmlDocPtr doc = NULL;
    read_input in = {.name = name, .path = path, .data = data ? data : "", .len = len};
    st = read_report(ctx, with, &in, &doc, diags);
    return st == GFA_OK ? wrap(doc, name, out) : st;
}

gfa_status gfa_report_read_memory(const gfa_context *ctx, const char *name, const char *data,
                                  size_t len, gfa_report **out, gfa_diags *diags)
{
    return read_bytes(ctx, NULL, name, NULL, data, len, out, diags);
}

gfa_status gfa_report_read_memory_as(const gfa_context *ctx, const char *name, const char *from,
                                     const char *data, size_t len, gfa_report **out,
                                     gfa_diags *diags)
{
    return read_bytes(ctx, from, name, NULL, data, len, out, diags);
}

/* A folder is one report made of several files (a CSV folder): its reader opens them. */
static gfa_status read_folder(const gfa_context *ctx, const char *from, const char *path,
                              gfa_report **out, gfa_diags *diags)
{
    const reader_def *with;
    gfa_status st = pick_reader(ctx, from, path, &with, diags);
    if (st != GFA_OK)
        return st;
    xmlDocPtr doc = NULL;
    read_input in = {.name = path, .path = path, .folder = true};
    st = read_report(ctx, with, &in, &doc, diags);
    return st == GFA_OK ? wrap(doc, path, out) : st;
}

gfa_status gfa_report_read_file_as(const gfa_context *ctx, const char *path, const char *from,
                                   gfa_report **out, gfa_diags *diags)
{
    *out = NULL;
    if (!ctx || !path)
        return GFA_ERR_USAGE;
    if (strcmp(path, "-") == 0)
        return gfa_report_read_stream_as(ctx, "-", from, stdin, out, diags);
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-001", path, 0, 0, "cannot open: %s",
                 strerror(errno));
        return GFA_ERR_IO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return read_folder(ctx, from, path, out, diags);
    }
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-002", path, 0, 0,
                 "not a regular file");
        fclose(f);
        return GFA_ERR_IO;
    }
    long long max = gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES);
    if (sb.st_size > max) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", path, 0, 0,
                 "the file is %lld bytes, over the limit of %lld (--limit input-bytes=N); "
                 "a final-accounts report is far smaller",
                 (long long)sb.st_size, max);
        fclose(f);
        return GFA_ERR_INPUT;
    }
    size_t len = (size_t)sb.st_size;
    char *data = malloc(len + 1);
    if (!data) {
        fclose(f);
        return GFA_ERR_NOMEM;
    }
    size_t got = len ? fread(data, 1, len, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (got != len || err) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-004", path, 0, 0,
                 "read error after %zu of %zu bytes", got, len);
        free(data);
        return GFA_ERR_IO;
    }
    data[len] = '\0';
    gfa_status st = read_bytes(ctx, from, path, path, data, len, out, diags);
    free(data);
    return st;
}

gfa_status gfa_report_read_file(const gfa_context *ctx, const char *path, gfa_report **out,
                                gfa_diags *diags)
{
    return gfa_report_read_file_as(ctx, path, NULL, out, diags);
}

/* A stream is read only up to the input-bytes limit, so a pipe of any length costs no more
 * memory than a file would. */
gfa_status gfa_report_read_stream_as(const gfa_context *ctx, const char *name, const char *from,
                                     FILE *in, gfa_report **out, gfa_diags *diags)
{
    *out = NULL;
    long long max = gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES);
    const char *what = strcmp(name, "-") == 0 ? "standard input" : "the stream";
    strbuf sb;
    sb_init(&sb);
    char buf[65536];
    size_t n;
    while ((long long)sb.len <= max && (n = fread(buf, 1, sizeof buf, in)) > 0)
        sb_add(&sb, buf, n);
    if (ferror(in) || sb.failed) {
        sb_free(&sb);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-005", name, 0, 0, "cannot read %s",
                 what);
        return GFA_ERR_IO;
    }
    if ((long long)sb.len > max) {
        sb_free(&sb);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", name, 0, 0,
                 "%s is over the limit of %lld bytes (--limit input-bytes=N)", what, max);
        return GFA_ERR_INPUT;
    }
    gfa_status st = read_bytes(ctx, from, name, NULL, sb.data ? sb.data : "", sb.len, out, diags);
    sb_free(&sb);
    return st;
}

gfa_status gfa_report_read_stream(const gfa_context *ctx, const char *name, FILE *in,
                                  gfa_report **out, gfa_diags *diags)
{
    return gfa_report_read_stream_as(ctx, name, NULL, in, out, diags);
}
