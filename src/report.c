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
    return xml_serialise(report->doc, len);
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

/* The temporary sits in the destination folder so rename() is atomic; a crash or a kill at
 * any moment leaves either the old file or the complete new one, plus at worst a stray
 * ".NAME.gfa-tmp-XXXXXX" that never has the final name. */
gfa_status atomic_open(atomic_out *o, const char *path, gfa_diags *diags)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    char *dircopy = strdup(path), *basecopy = strdup(path);
    o->path = strdup(path);
    if (!dircopy || !basecopy || !o->path ||
        asprintf(&o->tmp, "%s/.%s.gfa-tmp-XXXXXX", dirname(dircopy), basename(basecopy)) < 0) {
        free(dircopy);
        free(basecopy);
        free(o->path);
        o->path = o->tmp = NULL;
        return GFA_ERR_NOMEM;
    }
    free(dircopy);
    free(basecopy);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-010", path, 0, 0,
                 "cannot create a file in the output folder: %s", strerror(errno));
        free(o->path);
        free(o->tmp);
        o->path = o->tmp = NULL;
        return GFA_ERR_IO;
    }
    fchmod(o->fd, 0644);
    return GFA_OK;
}

void atomic_write(atomic_out *o, const char *data, size_t len)
{
    if (o->fd >= 0 && !o->err && write_all(o->fd, data, len) != 0)
        o->err = errno ? errno : EIO;
}

void atomic_put(atomic_out *o, strbuf *sb)
{
    if (sb->failed && !o->err)
        o->err = ENOMEM;
    atomic_write(o, sb->data, sb->len);
    sb->len = 0;
}

gfa_status atomic_close(atomic_out *o, gfa_diags *diags)
{
    if (o->fd < 0)
        return GFA_ERR_IO;
    gfa_status st = GFA_OK;
    if (!o->err && fsync(o->fd) != 0)
        o->err = errno;
    if (close(o->fd) != 0 && !o->err)
        o->err = errno;
    if (o->err) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", o->path, 0, 0,
                 "cannot write: %s", strerror(o->err));
        st = o->err == ENOMEM ? GFA_ERR_NOMEM : GFA_ERR_IO;
    } else if (rename(o->tmp, o->path) != 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", o->path, 0, 0,
                 "cannot move the finished file into place: %s", strerror(errno));
        st = GFA_ERR_IO;
    }
    if (st != GFA_OK)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    o->fd = -1;
    return st;
}

gfa_status gfa_write_file_atomic(const char *path, const char *data, size_t len,
                                 gfa_diags *diags)
{
    atomic_out o;
    gfa_status st = atomic_open(&o, path, diags);
    if (st != GFA_OK)
        return st;
    atomic_write(&o, data, len);
    return atomic_close(&o, diags);
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
