/* layout_bridge.c — a stand-in for the layout engine (read_layout.c, built in parallel)
 * until it is merged: a weak layout_to_source that keeps each line as it is and splits it
 * into cells where a space spans more than 6 points (a gap, not a word space), so that the PDF
 * reader links and its pages without rulings are read. The real engine's strong symbol
 * replaces it; delete this file when read_layout.c is in. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

__attribute__((weak)) gfa_status layout_to_source(const gfa_context *ctx, const char *name,
                                                  const layout_line *lines, size_t n,
                                                  src_doc *out, gfa_diags *diags);

__attribute__((weak)) gfa_status layout_to_source(const gfa_context *ctx, const char *name,
                                                  const layout_line *lines, size_t n,
                                                  src_doc *out, gfa_diags *diags)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        const char *t = strcmp(lines[i].text, "\f") == 0 ? "" : lines[i].text;
        long k = 0; /* code point index, for x */
        for (const char *p = t; *p; p++) {
            bool lead = (*p & 0xC0) != 0x80;
            if (*p == ' ' && lines[i].x && p[1] && p[1] != ' ' && lead &&
                lines[i].x[k + 1] - lines[i].x[k] > 6)
                sb_addc(&sb, '\t');
            else
                sb_addc(&sb, *p);
            k += lead;
        }
        sb_addc(&sb, '\n');
    }
    if (sb.failed) {
        sb_free(&sb);
        return GFA_ERR_NOMEM;
    }
    gfa_status st = src_doc_from_text(name, sb.data ? sb.data : "", sb.len,
                                      (long)gfa_context_limit(ctx, GFA_LIMIT_LINE_CHARS), out,
                                      diags);
    sb_free(&sb);
    for (size_t i = 0; st == GFA_OK && i < out->count && i < n; i++) {
        char *at = NULL;
        if (lines[i].page > 0 && lines[i].x && lines[i].text[0] &&
            asprintf(&at, "p%d:%.1f,%.1f", lines[i].page,
                     lines[i].x[0] > 0 ? lines[i].x[0] : 0.0, lines[i].y > 0 ? lines[i].y : 0.0) >= 0)
            out->lines[i].at = at;
    }
    return st;
}
