/* fuzz_instance — any bytes as a submitted instance: secure parsing, the facts limit, the
 * XSD, every business rule, and both renderers. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gfa_validator *val;
    static gfa_renderer *ren;
    gfa_context *ctx = fuzz_context();
    gfa_diags *d = gfa_diags_new();
    if (!val)
        val = gfa_validator_new(ctx, d);
    if (!ren)
        ren = gfa_renderer_new(ctx, d);
    gfa_report *r = NULL;
    if (gfa_report_read_memory(ctx, "fuzz.xml", (const char *)data, size, &r, d) == GFA_OK) {
        gfa_verdict *v = NULL;
        if (val && gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d) == GFA_OK)
            gfa_verdict_free(v);
        char *out = NULL;
        size_t len = 0;
        if (ren && gfa_render(ren, r, GFA_RENDER_TEXT, NULL, &out, &len, d) == GFA_OK)
            free(out);
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
