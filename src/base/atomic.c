/* atomic.c — output files put in place atomically: written to a temporary file in the same
 * folder, fsync'd, then renamed over the target; a failure removes the temporary, so no
 * half-written file survives. A target that exists and is neither a regular file nor a
 * folder (/dev/null, /dev/stdout, a named pipe) is written directly: renaming over it
 * would replace the device itself (as root, /dev/null became a regular file). */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        o->path = strdup(path);
        if (!o->path)
            return GFA_ERR_NOMEM;
        o->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (o->fd < 0) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-010", path, 0, 0,
                     "cannot open for writing: %s", strerror(errno));
            free(o->path);
            o->path = NULL;
            return GFA_ERR_IO;
        }
        return GFA_OK;
    }
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
    if (o->tmp && !o->err && fsync(o->fd) != 0) /* a device or a pipe: nothing to sync */
        o->err = errno;
    if (close(o->fd) != 0 && !o->err)
        o->err = errno;
    if (o->err) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", o->path, 0, 0,
                 "cannot write: %s", strerror(o->err));
        st = o->err == ENOMEM ? GFA_ERR_NOMEM : GFA_ERR_IO;
    } else if (o->tmp && rename(o->tmp, o->path) != 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", o->path, 0, 0,
                 "cannot move the finished file into place: %s", strerror(errno));
        st = GFA_ERR_IO;
    }
    if (st != GFA_OK && o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    o->fd = -1;
    return st;
}

void atomic_abort(atomic_out *o)
{
    if (o->fd >= 0) {
        close(o->fd);
        if (o->tmp)
            unlink(o->tmp);
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    o->fd = -1;
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

