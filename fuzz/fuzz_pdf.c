/* fuzz_pdf — any bytes as a PDF through the PDF reader (the library behind pdf_backend.h,
 * grids, paragraphs, detections), then the XSD, with small limits so that one input stays
 * cheap: 4 pages, 16 MiB for the PDF library, 1 MiB of page content, 5 s. Must never
 * crash, hang or leak. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gfa_context *ctx;
    if (!ctx) {
        ctx = fuzz_context();
        gfa_context_set_limit(ctx, GFA_LIMIT_PDF_PAGES, 4);
        gfa_context_set_limit(ctx, GFA_LIMIT_PDF_MEMORY, 16 << 20);
        gfa_context_set_limit(ctx, GFA_LIMIT_PDF_CONTENT_BYTES, 1 << 20);
        gfa_context_set_limit(ctx, GFA_LIMIT_PDF_SECONDS, 5);
    }
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    if (gfa_report_read_memory_as(ctx, "fuzz.pdf", "pdf", (const char *)data, size, &r, d) ==
        GFA_OK) {
        gfa_report_check_schema(ctx, r, d);
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
