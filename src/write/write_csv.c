/* write_csv.c — an instance as a folder of CSV files (issue 14): the sheets of sheets.c, one
 * file each ("01-公开01.csv" …, numbered in reading order) and the metadata file
 * (报表信息.csv). RFC 4180 with CRLF; UTF-8 with a BOM by default, which Excel and WPS on
 * Chinese Windows need to read UTF-8, or GB18030 for older tools. Amounts are written as
 * printed. A text Excel would take for a formula (=, +, @) is written with a leading ',
 * which the reader removes again (so is a text that starts with ' before one of them).
 * The folder is built under a temporary name, synced, and renamed into place; an older
 * folder of CSV files at that name is replaced, a folder holding anything else is left
 * alone. */
#include "write/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>

static bool needs_quotes(const char *t)
{
    size_t n = strlen(t);
    return strpbrk(t, ",\"\r\n\t") != NULL ||
           (n && (t[0] == ' ' || t[n - 1] == ' '));
}

static void field(strbuf *sb, const char *t)
{
    bool escape = (t[0] && strchr("=+@", t[0])) || (t[0] == '\'' && t[1] && strchr("=+@'", t[1]));
    if (!needs_quotes(t) && !escape) {
        sb_adds(sb, t);
        return;
    }
    sb_addc(sb, '"');
    if (escape)
        sb_addc(sb, '\'');
    for (const char *p = t; *p; p++) {
        if (*p == '"')
            sb_addc(sb, '"');
        sb_addc(sb, *p);
    }
    sb_addc(sb, '"');
}

static void sheet_text(const wsheet *s, strbuf *sb)
{
    char buf[96];
    for (size_t r = 0; r < s->nrows; r++) {
        const wrow *row = &s->rows[r];
        for (int c = 0; c < row->ncells; c++) {
            if (c)
                sb_addc(sb, ',');
            if (row->cells[c].kind == WC_TEXT || row->cells[c].kind == WC_NUMBER)
                field(sb, wcell_text(&row->cells[c], buf, sizeof buf));
        }
        sb_adds(sb, "\r\n");
    }
}

/* UTF-8 → GB18030 (every Unicode character has a GB18030 form). */
static char *to_gb18030(const char *utf8, size_t len, size_t *out_len)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t need = ucnv_convert("GB18030", "UTF-8", NULL, 0, utf8, (int32_t)len, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return NULL;
    char *out = malloc((size_t)need + 1);
    ec = U_ZERO_ERROR;
    if (out)
        ucnv_convert("GB18030", "UTF-8", out, need + 1, utf8, (int32_t)len, &ec);
    if (!out || U_FAILURE(ec)) {
        free(out);
        return NULL;
    }
    *out_len = (size_t)need;
    return out;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* A file name from a sheet name: no '/', no leading dot. */
static char *file_name(const char *sheet, size_t index, size_t count)
{
    int digits = count >= 1000 ? 4 : count >= 100 ? 3 : 2;
    char *name = NULL;
    if ((index ? asprintf(&name, "%0*zu-%s.csv", digits, index, sheet)
               : asprintf(&name, "%s.csv", sheet)) < 0)
        return NULL;
    for (char *p = name; *p; p++)
        if (*p == '/' || (unsigned char)*p < 0x20)
            *p = '_';
    if (name[0] == '.')
        name[0] = '_';
    return name;
}

static gfa_status write_file(const char *dir, const char *name, const char *data, size_t len,
                             gfa_diags *diags)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0)
        return GFA_ERR_NOMEM;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    int err = fd < 0 ? errno : 0;
    if (!err && write_all(fd, data, len) != 0)
        err = errno ? errno : EIO;
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno;
    if (err)
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", path, 0, 0, "cannot write: %s",
                 strerror(err));
    free(path);
    return err ? GFA_ERR_IO : GFA_OK;
}

/* Removes a folder of plain files (the temporary, or the folder being replaced). Only CSV
 * files when only_csv; false when anything else is in it. */
static bool remove_folder(const char *dir, bool only_csv)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool clean = true;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t n = strlen(e->d_name);
        bool csv = n > 4 && (strcasecmp(e->d_name + n - 4, ".csv") == 0 ||
                             strcasecmp(e->d_name + n - 4, ".tsv") == 0);
        if (only_csv && !csv) {
            clean = false;
            continue;
        }
        char *path = NULL;
        if (asprintf(&path, "%s/%s", dir, e->d_name) >= 0 && unlink(path) != 0)
            clean = false;
        free(path);
    }
    closedir(d);
    return clean && rmdir(dir) == 0;
}

/* Puts the finished temporary folder at path: a rename, or an exchange with the older
 * folder of CSV files there, which is then removed. */
static gfa_status install(const char *tmp, const char *path, gfa_diags *diags)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        if (rename(tmp, path) == 0)
            return GFA_OK;
    } else if (!S_ISDIR(sb.st_mode)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", path, 0, 0,
                 "a file is in the way of the CSV folder");
        return GFA_ERR_IO;
    } else {
        DIR *d = opendir(path);
        bool only_csv = d != NULL;
        for (struct dirent *e; d && (e = readdir(d));) {
            size_t n = strlen(e->d_name);
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                !(n > 4 && (strcasecmp(e->d_name + n - 4, ".csv") == 0 ||
                            strcasecmp(e->d_name + n - 4, ".tsv") == 0)))
                only_csv = false;
        }
        if (d)
            closedir(d);
        if (!only_csv) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", path, 0, 0,
                     "the folder exists and holds files that are not CSV: it is not replaced");
            return GFA_ERR_IO;
        }
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
            remove_folder(tmp, true); /* the older folder, now at the temporary name */
            return GFA_OK;
        }
    }
    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-012", path, 0, 0,
             "cannot move the finished folder into place: %s", strerror(errno));
    return GFA_ERR_IO;
}

gfa_status write_csv(const writer_env *env, gfa_report *report, const char *path,
                     gfa_diags *diags)
{
    wbook wb;
    gfa_status st = wbook_build(env->ctx, report_doc(report), &wb, diags);
    if (st != GFA_OK)
        return st;
    bool gb = env->csv_encoding && strcasecmp(env->csv_encoding, "GB18030") == 0;
    char *copy = strdup(path), *copy2 = strdup(path), *tmp = NULL;
    if (!copy || !copy2 ||
        asprintf(&tmp, "%s/.%s.gfa-tmp-XXXXXX", dirname(copy), basename(copy2)) < 0)
        tmp = NULL;
    free(copy);
    free(copy2);
    if (!tmp) {
        wbook_free(&wb);
        return GFA_ERR_NOMEM;
    }
    if (!mkdtemp(tmp)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-010", path, 0, 0,
                 "cannot create a folder beside it: %s", strerror(errno));
        free(tmp);
        wbook_free(&wb);
        return GFA_ERR_IO;
    }
    chmod(tmp, 0755);
    for (size_t i = 0; i < wb.n && st == GFA_OK; i++) {
        strbuf sb;
        sb_init(&sb);
        if (!gb)
            sb_adds(&sb, "\xEF\xBB\xBF");
        sheet_text(&wb.sheets[i], &sb);
        char *name = file_name(wb.sheets[i].name, i, wb.n);
        size_t len = sb.len;
        char *data = sb.failed ? NULL : gb ? to_gb18030(sb.data ? sb.data : "", sb.len, &len)
                                           : sb.data;
        if (!name || !data)
            st = GFA_ERR_NOMEM;
        else
            st = write_file(tmp, name, data, len, diags);
        if (data != sb.data)
            free(data);
        free(name);
        sb_free(&sb);
    }
    if (st == GFA_OK) {
        /* the files on disk before the folder takes its name: one syncfs for all of them
         * costs what one fsync does, where a fsync per file made this the slowest stage */
        int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || syncfs(fd) != 0) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-011", path, 0, 0,
                     "cannot write: %s", strerror(errno));
            st = GFA_ERR_IO;
        }
        if (fd >= 0)
            close(fd);
    }
    if (st == GFA_OK)
        st = install(tmp, path, diags);
    if (st != GFA_OK)
        remove_folder(tmp, false);
    free(tmp);
    wbook_free(&wb);
    return st;
}
