/* source.c — the published text as numbered lines; a line holding tabs is a grid line
 * whose cells keep their character column, so every fact can point back to
 * file:line:column. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

void src_doc_free(src_doc *doc)
{
    for (size_t i = 0; i < doc->count; i++) {
        src_line *l = &doc->lines[i];
        free(l->text);
        free(l->trimmed);
        for (int c = 0; c < l->ncells; c++) {
            free(l->cells[c].text);
            free(l->cells[c].at);
        }
        free(l->at);
        free(l->cells);
    }
    free(doc->lines);
    free(doc->name);
    if (doc->meta)
        for (int f = 0; f < BOOK_FIELD_COUNT; f++) {
            free(doc->meta->value[f]);
            free(doc->meta->at[f]);
        }
    free(doc->meta);
    memset(doc, 0, sizeof *doc);
}

const char *src_cell_text(const src_line *l, int i)
{
    return (i >= 0 && i < l->ncells && l->cells[i].text) ? l->cells[i].text : "";
}

bool src_omission_mark(const char *s, size_t len)
{
    size_t i = 0, marks = 0;
    while (i < len) {
        if (s[i] == ' ') {
            i++;
        } else if (i + 3 <= len && (memcmp(s + i, "\xE2\x80\xA6", 3) == 0 || /* U+2026 … */
                                    memcmp(s + i, "\xE2\x8B\xAF", 3) == 0)) { /* U+22EF ⋯ */
            i += 3;
            marks++;
        } else {
            return false;
        }
    }
    return marks > 0;
}

bool src_line_blank(const src_line *l)
{
    return l->trimmed[0] == '\0';
}

/* Leading white space of a cell, in characters (for its column). */
static long leading_chars(const char *s, size_t len)
{
    size_t i = 0;
    long n = 0;
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\f') {
            i++;
            n++;
        } else if (len - i >= 3 && memcmp(s + i, "\u3000", 3) == 0) {
            i += 3;
            n++;
        } else {
            break;
        }
    }
    return n;
}

static bool split_cells(src_line *l)
{
    int n = 1;
    for (const char *p = strchr(l->text, '\t'); p; p = strchr(p + 1, '\t'))
        n++;
    l->cells = calloc((size_t)n, sizeof *l->cells);
    if (!l->cells)
        return false;
    l->ncells = n; /* zero-filled: a failure below frees what was made */
    const char *start = l->text;
    long col = 1;
    for (int i = 0; i < n; i++) {
        const char *end = strchr(start, '\t');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        l->cells[i].text = text_trim(start, len);
        if (!l->cells[i].text)
            return false;
        l->cells[i].pos = col + leading_chars(start, len);
        col += utf8_chars(start, len) + 1;
        start = end ? end + 1 : start + len;
    }
    l->grid = n > 1;
    return true;
}

gfa_status src_doc_from_text(const char *name, const char *utf8, size_t len, long max_line_chars,
                             src_doc *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->name = strdup(name);
    size_t nlines = 1;
    for (const char *p = memchr(utf8, '\n', len); p;
         p = memchr(p + 1, '\n', len - (size_t)(p + 1 - utf8)))
        nlines++;
    if (len > 0 && utf8[len - 1] == '\n')
        nlines--;
    out->lines = calloc(nlines + 1, sizeof *out->lines);
    if (!out->name || !out->lines) {
        src_doc_free(out);
        return GFA_ERR_NOMEM;
    }
    size_t start = 0;
    for (size_t k = 0; k < nlines; k++) {
        const char *nl = memchr(utf8 + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - utf8) : len;
        /* bytes ≥ characters: only a long line needs counting */
        if ((long)(end - start) > max_line_chars &&
            utf8_chars(utf8 + start, end - start) > max_line_chars) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-002", name, (long)k + 1, 1,
                     "line %zu is %ld characters long, over the limit of %ld (--limit "
                     "line-chars=N): not a report's text",
                     k + 1, utf8_chars(utf8 + start, end - start), max_line_chars);
            src_doc_free(out);
            return GFA_ERR_INPUT;
        }
        src_line *l = &out->lines[k];
        l->no = (long)k + 1;
        l->text = xstrndup(utf8 + start, end - start);
        out->count = k + 1;
        if (!l->text)
            break;
        for (char *p = strchr(l->text, '\f'); p; p = strchr(p + 1, '\f'))
            *p = ' '; /* a page break is white space here */
        l->trimmed = text_trim(l->text, strlen(l->text));
        if (!l->trimmed || (strchr(l->text, '\t') && !split_cells(l))) {
            src_doc_free(out);
            return GFA_ERR_NOMEM;
        }
        start = end + 1;
    }
    if (out->count != nlines) {
        src_doc_free(out);
        return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

gfa_status src_decode_input(const read_input *in, decoded_text *text, gfa_diags *diags)
{
    memset(text, 0, sizeof *text);
    if (in->len == 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
                 "the file is empty");
        return GFA_ERR_INPUT;
    }
    return decode_text(in->name, in->data, in->len, text, diags);
}

gfa_status src_doc_finish(src_doc *out, const read_input *in, const decoded_text *text,
                          const char *format, gfa_diags *diags)
{
    out->format = format;
    out->encoding = text->had_bom && strcmp(text->encoding, "UTF-8") == 0 ? "UTF-8 (BOM)"
                                                                           : text->encoding;
    out->bytes = in->len;
    sha256_hex(in->data, in->len, out->sha256);
    bool blank = true;
    for (size_t i = 0; i < out->count && blank; i++)
        blank = src_line_blank(&out->lines[i]);
    if (!blank)
        return GFA_OK;
    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", in->name, 0, 0,
             "the file holds only white space");
    src_doc_free(out);
    return GFA_ERR_INPUT;
}
