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
    decoded_text text;
    gfa_status st = src_decode_input(in, &text, diags);
    if (st != GFA_OK)
        return st;
    st = src_doc_from_text(in->name, text.utf8, text.len,
                           (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), out, diags);
    if (st == GFA_OK)
        st = src_doc_finish(out, in, &text, "text", diags);
    decoded_text_free(&text);
    return st;
}
