/* report.c — the gfa_report object (one instance document) and its atomic output. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlsave.h>

struct gfa_report {
    xmlDocPtr doc;
    char *source;
};

gfa_report *report_wrap(xmlDocPtr doc, const char *source)
{
    gfa_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->doc = doc;
    r->source = strdup(source ? source : "");
    if (!r->source) {
        free(r);
        return NULL;
    }
    return r;
}

void gfa_report_free(gfa_report *report)
{
    if (!report)
        return;
    xmlFreeDoc(report->doc);
    free(report->source);
    free(report);
}

xmlDoc *gfa_report_doc(gfa_report *report)
{
    return report->doc;
}

const char *gfa_report_source(const gfa_report *report)
{
    return report->source;
}

char *gfa_report_serialise(gfa_report *report, size_t *len)
{
    xmlChar *mem = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(report->doc, &mem, &n, "UTF-8", 1);
    if (!mem)
        return NULL;
    char *out = malloc((size_t)n + 1);
    if (out) {
        memcpy(out, mem, (size_t)n);
        out[n] = '\0';
        *len = (size_t)n;
    }
    xmlFree(mem);
    return out;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

gfa_status gfa_write_file_atomic(const char *path, const char *data, size_t len,
                                 gfa_diags *diags)
{
    /* The temporary sits in the destination folder so rename() is atomic; a crash or a
     * kill at any moment leaves either the old file or the complete new one, plus at
     * worst a stray ".path.gfa-tmp-XXXXXX" that never has the final name. */
    char *dircopy = strdup(path), *basecopy = strdup(path), *tmp = NULL;
    if (!dircopy || !basecopy ||
        asprintf(&tmp, "%s/.%s.gfa-tmp-XXXXXX", dirname(dircopy), basename(basecopy)) < 0) {
        free(dircopy);
        free(basecopy);
        return GFA_ERR_NOMEM;
    }
    gfa_status st = GFA_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-010", path, 0, 0,
                 "cannot create a file in the output folder: %s", strerror(errno));
        st = GFA_ERR_IO;
    } else {
        fchmod(fd, 0644);
        if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", path, 0, 0,
                     "cannot write: %s", strerror(errno));
            st = GFA_ERR_IO;
        }
        if (close(fd) != 0 && st == GFA_OK) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", path, 0, 0,
                     "cannot write: %s", strerror(errno));
            st = GFA_ERR_IO;
        }
        if (st == GFA_OK && rename(tmp, path) != 0) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", path, 0, 0,
                     "cannot move the finished file into place: %s", strerror(errno));
            st = GFA_ERR_IO;
        }
        if (st != GFA_OK)
            unlink(tmp);
    }
    free(tmp);
    free(dircopy);
    free(basecopy);
    return st;
}

gfa_status gfa_report_save(gfa_report *report, const char *path, gfa_diags *diags)
{
    size_t len = 0;
    char *data = gfa_report_serialise(report, &len);
    if (!data)
        return GFA_ERR_NOMEM;
    gfa_status st = gfa_write_file_atomic(path, data, len, diags);
    free(data);
    return st;
}

gfa_status gfa_report_check_schema(const gfa_context *ctx, gfa_report *report,
                                   gfa_diags *diags)
{
    return schema_validate(ctx, report->doc, report->source, diags);
}
