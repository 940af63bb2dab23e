/* fuzz_text_reader — any bytes as a published report: decoding, lines, parts, tables,
 * performance forms; then the XSD. Must never crash, hang or leak. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gfa_context *ctx = fuzz_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    /* a leading '<' would pick the instance reader: that is another target */
    if (size > 0 && data[0] == '<')
        size = 0;
    if (gfa_report_read_memory(ctx, "fuzz.txt", (const char *)data, size, &r, d) == GFA_OK) {
        gfa_report_check_schema(ctx, r, d);
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
