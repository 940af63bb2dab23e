/* read_csv.c — a folder of CSV files read as one report (issue 14): each file is a sheet,
 * taken in name order ("01-…", "02-…" as gfa writes them; numbers compare as numbers),
 * and one file, named as the workbook vocabulary's metadata sheet (报表信息.csv), states the
 * header. RFC 4180: fields separated by commas (or tabs: a .tsv file, or a first record
 * with more tabs than commas), quoted with "…" where they hold a separator, a quote ("")
 * or a line break; UTF-8 with or without BOM, UTF-16 with BOM, or GB18030, detected per
 * file; CRLF or LF. Every field is a cell that is there, so a record of one field is a line
 * of text and a record of several a grid line. Locations are "FILE!D12", the row being the
 * record's number. */
#include "read/read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    return n > k && strcasecmp(name + n - k, ext) == 0;
}

static bool is_csv_name(const char *name)
{
    return name[0] != '.' && (has_ext(name, ".csv") || has_ext(name, ".tsv"));
}

static int cmp_names(const void *a, const void *b)
{
    return strverscmp(*(char *const *)a, *(char *const *)b);
}

static bool regular_file(const char *dir, const char *name)
{
    char *path = NULL;
    struct stat st;
    bool yes = asprintf(&path, "%s/%s", dir, name) >= 0 && stat(path, &st) == 0 &&
               S_ISREG(st.st_mode);
    free(path);
    return yes;
}

/* Is name in dir the summary a gfa batch writes beside its outputs (summary.csv, its header
 * beginning input,output,status)? It is no table of a report: a batch's output folder is a
 * folder of instances, and gfa load or batch walks it as one. */
static bool batch_summary(const char *dir, const char *name)
{
    if (strcmp(name, "summary.csv") != 0)
        return false;
    static const char header[] = "input,output,status,";
    char *path = NULL, head[3 + sizeof header] = {0};
    FILE *f = asprintf(&path, "%s/%s", dir, name) >= 0 ? fopen(path, "rb") : NULL;
    size_t got = f ? fread(head, 1, sizeof head - 1, f) : 0;
    if (f)
        fclose(f);
    free(path);
    const char *h = got >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? head + 3 : head; /* a BOM */
    return strncmp(h, header, sizeof header - 1) == 0;
}

/* The CSV files of a folder in name order (NULL on no memory; *n = 0 when none). */
static char **list_files(const char *dir, size_t *n, int *err)
{
    *n = 0;
    *err = 0;
    DIR *d = opendir(dir);
    if (!d) {
        *err = errno;
        return NULL;
    }
    char **names = NULL;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        if (!is_csv_name(e->d_name) || !regular_file(dir, e->d_name) || batch_summary(dir, e->d_name))
            continue; /* (a folder named x.csv is another report, not a file of this one) */
        char **more = realloc(names, (*n + 2) * sizeof *more);
        ok = more != NULL;
        if (ok) {
            names = more;
            ok = (names[*n] = strdup(e->d_name)) != NULL;
            *n += ok;
        }
    }
    closedir(d);
    if (!ok) {
        for (size_t i = 0; i < *n; i++)
            free(names[i]);
        free(names);
        *n = 0;
        *err = ENOMEM;
        return NULL;
    }
    if (*n)
        qsort(names, *n, sizeof *names, cmp_names);
    return names;
}

int read_csv_sniff(const read_input *in)
{
    if (!in->folder || !in->path)
        return 0;
    size_t n;
    int err;
    char **names = list_files(in->path, &n, &err);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return n ? 80 : 0;
}

/* The separator of a file: a tab for .tsv, else what the first record holds more of. */
static char separator(const char *name, const char *t)
{
    if (has_ext(name, ".tsv"))
        return '\t';
    size_t commas = 0, tabs = 0;
    bool quoted = false;
    for (const char *p = t; *p && (quoted || *p != '\n'); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            commas += *p == ',', tabs += *p == '\t';
    }
    return tabs > commas ? '\t' : ',';
}

/* Parses one file's text into a sheet. */
static void parse_csv(book *b, book_sheet *s, const char *name, const char *t, size_t len)
{
    char sep = separator(name, t);
    strbuf field;
    sb_init(&field);
    long row = 0;
    int col = 0;
    size_t i = 0;
    while (i < len && !b->failed) {
        field.len = 0;
        bool quoted = t[i] == '"';
        long open_row = row;
        if (quoted) {
            i++;
            for (;;) {
                if (i >= len) { /* the quote is never closed: keep what it holds */
                    char *at = book_location(s->name, open_row, col);
                    size_t first = gfa_diags_count(b->diags);
                    diag_add(b->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-021",
                             b->file, 0, 0,
                             "a quoted field is not closed before the end of the file; it "
                             "takes the rest of the file");
                    if (at)
                        diag_locate(b->diags, first, at);
                    free(at);
                    break;
                }
                if (t[i] == '"') {
                    if (i + 1 < len && t[i + 1] == '"') {
                        sb_addc(&field, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                sb_addc(&field, t[i++]);
            }
        }
        /* unquoted, or text after a closing quote (kept, as spreadsheets do) */
        while (i < len && t[i] != sep && t[i] != '\n')
            sb_addc(&field, t[i++]);
        if (field.failed) {
            b->failed = true;
            break;
        }
        /* gfa's writer puts a ' before a text Excel would take for a formula */
        size_t skip = quoted && field.len >= 2 && field.data[0] == '\'' &&
                      strchr("=+@'", field.data[1]);
        book_put(b, s, row, col, field.data ? field.data + skip : NULL, field.len - skip);
        if (i < len && t[i] == sep) {
            i++;
            col++;
            if (i == len) /* "a,b," at the very end: the last field is empty */
                book_put(b, s, row, col, NULL, 0);
        } else {
            i++; /* the line break */
            row++;
            col = 0;
        }
    }
    sb_free(&field);
}

/* The file's name without extension and without the order prefix gfa writes ("01-"). */
static char *stem_of(const char *name)
{
    const char *p = name;
    while (*p >= '0' && *p <= '9')
        p++;
    p = p > name && (*p == '-' || *p == '_' || *p == ' ') ? p + 1 : name;
    const char *dot = strrchr(p, '.');
    return xstrndup(p, dot && dot > p ? (size_t)(dot - p) : strlen(p));
}

/* Reads a regular file of at most max bytes; NULL with a diagnostic otherwise. */
static char *read_file(const char *path, long long max, size_t *len, gfa_diags *diags)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-001", path, 0, 0,
                 "cannot open: %s", fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (sb.st_size > max) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", path, 0, 0,
                 "the folder's files are over the limit of %lld bytes together "
                 "(--limit input-bytes=N)",
                 max);
        close(fd);
        return NULL;
    }
    char *data = malloc((size_t)sb.st_size + 1);
    size_t got = 0;
    while (data && got < (size_t)sb.st_size) {
        ssize_t k = read(fd, data + got, (size_t)sb.st_size - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (!data || got != (size_t)sb.st_size) {
        if (data)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-004", path, 0, 0,
                     "read error after %zu of %lld bytes", got, (long long)sb.st_size);
        free(data);
        return NULL;
    }
    data[got] = '\0';
    *len = got;
    return data;
}

gfa_status read_csv_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    size_t n;
    int err;
    char **names = list_files(in->path, &n, &err);
    if (!n) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, err ? "GFA-IO-001" : "GFA-BOOK-022",
                 in->name, 0, 0,
                 err ? "cannot read the folder: %s" : "the folder holds no .csv or .tsv file%s",
                 err ? strerror(err) : "");
        return err == ENOMEM ? GFA_ERR_NOMEM : err ? GFA_ERR_IO : GFA_ERR_INPUT;
    }
    book b;
    book_init(&b, ctx, in->name, diags);
    strbuf all; /* what the SHA-256 covers: each file's name, size and bytes */
    sb_init(&all);
    long long max = gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES);
    const char *encoding = NULL;
    size_t total = 0; /* the files' bytes */
    bool meta = false;
    gfa_status st = GFA_OK;
    for (size_t i = 0; i < n && st == GFA_OK; i++) {
        char *path = NULL;
        if (asprintf(&path, "%s/%s", in->path, names[i]) < 0) {
            st = GFA_ERR_NOMEM;
            break;
        }
        size_t len = 0;
        char *data = read_file(path, max - (long long)total, &len, diags);
        decoded_text dt = {0};
        if (!data)
            st = GFA_ERR_INPUT;
        else
            st = decode_text(path, data, len, &dt, diags);
        if (st == GFA_OK) {
            sb_adds(&all, names[i]);
            sb_addc(&all, '\0');
            sb_addf(&all, "%zu", len);
            sb_addc(&all, '\0');
            sb_add(&all, data, len);
            total += len;
            encoding = !encoding || strcmp(encoding, dt.encoding) == 0 ? dt.encoding : "mixed";
            book_sheet *s = book_add_sheet(&b, names[i], true);
            char *stem = stem_of(names[i]);
            if (s && stem) {
                free(s->title);
                s->title = stem;
                stem = NULL;
                meta |= book_is_meta_sheet(ctx, s->title);
                parse_csv(&b, s, names[i], dt.utf8, dt.len);
            }
            free(stem);
            if (b.failed || all.failed)
                st = gfa_diags_count_at_least(diags, GFA_SEV_FATAL) ? GFA_ERR_INPUT
                                                                     : GFA_ERR_NOMEM;
        }
        decoded_text_free(&dt);
        free(data);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (st == GFA_OK && !meta)
        diag_add(diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-015", in->name, 0, 0,
                 "the folder has no metadata file (%s.csv: %s, %s, %s, %s …); the header is "
                 "taken from the tables' captions",
                 ctx->book.meta_sheet, ctx->book.field_label[BOOK_ENTITY],
                 ctx->book.field_label[BOOK_YEAR], ctx->book.field_label[BOOK_SCOPE],
                 ctx->book.field_label[BOOK_UNIT]);
    if (st == GFA_OK) {
        char sha[65];
        sha256_hex(all.data ? all.data : "", all.len, sha);
        st = book_to_source(&b, "csv", encoding ? encoding : "UTF-8", total, sha, out);
    }
    sb_free(&all);
    book_free(&b);
    return st;
}
