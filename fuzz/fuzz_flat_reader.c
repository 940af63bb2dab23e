/* fuzz_flat_reader — any bytes as flattened text (read with the flat reader, not detected):
 * table regions, tokens, header words, rows split at codes and labels, wrapped labels and
 * amounts, the placement of values by the sums; then the XSD. Must never crash, hang or
 * leak. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gfa_context *ctx = fuzz_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    if (gfa_report_read_memory_as(ctx, "fuzz.txt", "flat", (const char *)data, size, &r, d) ==
        GFA_OK) {
        gfa_report_check_schema(ctx, r, d);
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
