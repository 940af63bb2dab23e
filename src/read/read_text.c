/* read_text.c — the text reader: a report as published in text form (tab-separated table
 * cells, as in samples/), in UTF-8, UTF-16 or GB18030/GBK. Only the bytes-to-lines step is
 * specific to this format; the rest is the shared assembler and recogniser. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

/* The fallback: whatever no other reader claims is tried as text (and an undecodable
 * input is told so with the byte offset). */
int read_text_sniff(const read_input *in)
{
    return in->data ? 1 : 0;
}

gfa_status read_text_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    const char *name = in->name;
    if (in->len == 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", name, 0, 0,
                 "the file is empty");
        return GFA_ERR_INPUT;
    }
    decoded_text text;
    gfa_status st = decode_text(name, in->data, in->len, &text, diags);
    if (st != GFA_OK)
        return st;
    st = src_doc_from_text(name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), out, diags);
    if (st == GFA_OK) {
        out->format = "text";
        out->encoding = text.had_bom && strcmp(text.encoding, "UTF-8") == 0 ? "UTF-8 (BOM)"
                                                                             : text.encoding;
        out->bytes = in->len;
        sha256_hex(in->data, in->len, out->sha256);
        bool blank = true;
        for (size_t i = 0; i < out->count && blank; i++)
            blank = src_line_blank(&out->lines[i]);
        if (blank) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", name, 0, 0,
                     "the file holds only white space");
            src_doc_free(out);
            st = GFA_ERR_INPUT;
        }
    }
    decoded_text_free(&text);
    return st;
}
