/* read_xls.c — legacy Excel workbooks (XLS, BIFF8: the .xls attachments units publish) into
 * the line/cell model, through libfreexl (issue 14). FreeXL gives each cell's value but not
 * its number format nor the empty cells a sheet formats, so a number is read as its
 * shortest decimal (100.00 reads as 100: the same amount) and a row's cells end with its last
 * value; book.c makes the lines as for XLSX. FreeXL opens files by name: bytes that come
 * from standard input go through a temporary file. */
#include "read/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <freexl.h>

static const char *freexl_reason(int rc)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE: return "not an OLE compound file";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no Workbook stream (not an Excel file?)";
    case FREEXL_BIFF_INVALID_BOF:
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "damaged BIFF records";
    case FREEXL_CRAFTED_FILE: return "a damaged or crafted file";
    case FREEXL_UNSUPPORTED_CHARSET:
    case FREEXL_INVALID_CHARACTER: return "text in an unsupported character set";
    default: return "damaged";
    }
}

/* A file FreeXL can open: the input's own, or a temporary copy of its bytes. */
static const char *file_of(const read_input *in, char *tmp, size_t cap, gfa_diags *diags)
{
    if (in->path)
        return in->path;
    const char *dir = getenv("TMPDIR");
    snprintf(tmp, cap, "%s/gfa-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp);
    size_t done = 0;
    while (fd >= 0 && done < in->len) {
        ssize_t w = write(fd, in->data + done, in->len - done);
        if (w <= 0 && errno != EINTR)
            break;
        done += w > 0 ? (size_t)w : 0;
    }
    if (fd < 0 || done < in->len || close(fd) != 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-010", in->name, 0, 0,
                 "cannot make a temporary copy of the workbook: %s", strerror(errno));
        if (fd >= 0)
            unlink(tmp);
        return NULL;
    }
    return tmp;
}

static bool read_sheet(book *b, const void *h, unsigned short i)
{
    const char *name = NULL;
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK ||
        freexl_select_active_worksheet(h, i) != FREEXL_OK ||
        freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
        return false;
    if ((long long)rows * cols > gfa_context_limit(b->ctx, GFA_LIMIT_CELLS)) {
        diag_add(b->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-015", b->file, 0, 0,
                 "sheet '%s' spans %u rows and %u columns, over the limit of %lld cells "
                 "(--limit cells=N)",
                 name ? name : "", rows, cols, gfa_context_limit(b->ctx, GFA_LIMIT_CELLS));
        b->failed = true;
        return false;
    }
    book_sheet *s = book_add_sheet(b, name ? name : "", false);
    for (unsigned int r = 0; s && r < rows && !b->failed; r++)
        for (unsigned short c = 0; c < cols && !b->failed; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                continue;
            char num[80];
            const char *text = NULL;
            book_numfmt general;
            book_numfmt_builtin(0, &general);
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof num, "%d", v.value.int_value);
                text = num;
                break;
            case FREEXL_CELL_DOUBLE:
                book_put_number(b, s, (long)r, c, v.value.double_value, &general);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME:
                text = v.value.text_value;
                break;
            default:
                break;
            }
            if (text && *text)
                book_put(b, s, (long)r, c, text, strlen(text));
        }
    return s && !b->failed;
}

gfa_status read_xls_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    char tmp[4096] = "";
    const char *path = file_of(in, tmp, sizeof tmp, diags);
    if (!path)
        return GFA_ERR_IO;
    const void *h = NULL;
    int rc = freexl_open(path, &h);
    unsigned int password = 0, sheets = 0;
    if (rc == FREEXL_OK)
        rc = freexl_get_info(h, FREEXL_BIFF_PASSWORD, &password);
    if (rc == FREEXL_OK)
        rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &sheets);
    gfa_status st = GFA_OK;
    if (rc != FREEXL_OK) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-030", in->name, 0, 0,
                 "not a readable XLS workbook: %s", freexl_reason(rc));
        st = rc == FREEXL_INSUFFICIENT_MEMORY ? GFA_ERR_NOMEM : GFA_ERR_INPUT;
    } else if (password == FREEXL_BIFF_OBFUSCATED) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-002", in->name, 0, 0,
                 "the workbook is encrypted (saved with a password): save it without one");
        st = GFA_ERR_INPUT;
    }
    book b;
    book_init(&b, ctx, in->name, diags);
    for (unsigned int i = 0; st == GFA_OK && i < sheets && i < 65535; i++)
        if (!read_sheet(&b, h, (unsigned short)i))
            st = b.failed ? (gfa_diags_count_at_least(diags, GFA_SEV_FATAL) ? GFA_ERR_INPUT
                                                                             : GFA_ERR_NOMEM)
                          : (diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-030",
                                      in->name, 0, 0, "sheet %u of the workbook is damaged",
                                      i + 1),
                             GFA_ERR_INPUT);
    if (h)
        freexl_close(h);
    if (*tmp)
        unlink(tmp);
    if (st == GFA_OK) {
        char sha[65];
        sha256_hex(in->data, in->len, sha);
        st = book_to_source(&b, "xls", "BIFF8", in->len, sha, out);
    }
    book_free(&b);
    return st;
}
