/* read_text.c — the text reader: a report as published in text form (tab-separated table
 * cells, as in samples/), in UTF-8, UTF-16 or GB18030/GBK. Only the bytes-to-lines step is
 * specific to this format; the rest is the shared assembler and recogniser. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

gfa_status read_text_report(const gfa_context *ctx, const char *name, const char *data,
                            size_t len, xmlDocPtr *out, gfa_diags *diags)
{
    *out = NULL;
    if (len == 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", name, 0, 0,
                 "the file is empty");
        return GFA_ERR_INPUT;
    }
    decoded_text text;
    gfa_status st = decode_text(name, data, len, &text, diags);
    if (st != GFA_OK)
        return st;
    src_doc src;
    st = src_doc_from_text(name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), &src, diags);
    if (st == GFA_OK) {
        src.encoding = text.had_bom && strcmp(text.encoding, "UTF-8") == 0 ? "UTF-8 (BOM)"
                                                                             : text.encoding;
        src.bytes = len;
        sha256_hex(data, len, src.sha256);
        bool blank = true;
        for (size_t i = 0; i < src.count && blank; i++)
            blank = src_line_blank(&src.lines[i]);
        if (blank) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-002", name, 0, 0,
                     "the file holds only white space");
            st = GFA_ERR_INPUT;
        } else {
            st = assemble_report(ctx, &src, out, diags);
        }
        src_doc_free(&src);
    }
    decoded_text_free(&text);
    return st;
}
