/* fuzz_fmt — the ICU formatting functions the renderers call: amount, percent,
 * 人民币大写, display width and padding, dates. Any input: a defined result or an error. */
#include "fuzz_common.h"
#include "gfa.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gfa_fmt *f;
    if (!f) {
        gfa_global_init();
        f = gfa_fmt_new(NULL);
        if (!f)
            abort();
    }
    if (size == 0 || size > 512)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    const char *why = NULL;
    int decimals = data[0] % 7;
    free(gfa_fmt_amount(f, s + 1, decimals, data[0] & 3, &why));
    free(gfa_fmt_percent(f, s + 1, decimals, &why));
    free(gfa_fmt_rmb_upper(s + 1, data[0] & 4, &why));
    free(gfa_fmt_pad(s + 1, data[0] % 40, "lrc"[data[0] % 3], 1 + (data[0] & 1), data[0] & 8, &why));
    free(gfa_fmt_date_zh(s + 1, data[0] & 16, &why));
    (void)gfa_display_width(s + 1, 1);
    free(s);
    return 0;
}
