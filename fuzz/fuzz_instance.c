/* fuzz_instance — any bytes as a submitted instance: secure parsing, the facts limit, the
 * XSD, every business rule, and both renderers. */
#include "fuzz_common.h"

#include <stdlib.h>

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
    if (!val || !ren)
        abort(); /* gfa's own data failed to load: nothing here would be tested */
    gfa_report *r = NULL;
    if (gfa_report_read_memory(ctx, "fuzz.xml", (const char *)data, size, &r, d) == GFA_OK) {
        gfa_verdict *v = NULL;
        if (val && gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d) == GFA_OK)
            gfa_verdict_free(v);
        for (int f = GFA_RENDER_HTML; f <= GFA_RENDER_TEXT; f++) {
            char *out = NULL;
            size_t len = 0;
            if (gfa_render(ren, r, (gfa_render_format)f, NULL, &out, &len, d) == GFA_OK)
                free(out);
        }
        gfa_report_free(r);
    }
    gfa_diags_free(d);
    return 0;
}
