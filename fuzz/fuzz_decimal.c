/* fuzz_decimal — the exact-decimal parser and arithmetic: whatever parses must format
 * back to something that parses to the same value, and a + b − b == a. */
#include "fuzz_common.h"
#include "base/decimal.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    const char *s = (const char *)data;
    size_t cut = memchr(s, '|', size) ? (size_t)((const char *)memchr(s, '|', size) - s) : size;
    gfa_dec a, b, c, back;
    if (dec_parse(s, cut, &a) != DEC_OK)
        return 0;
    char buf[64];
    dec_format(a, buf, sizeof buf);
    if (dec_parse(buf, strlen(buf), &back) != DEC_OK || dec_cmp(a, back) != 0)
        abort();
    if (cut < size && dec_parse(s + cut + 1, size - cut - 1, &b) == DEC_OK &&
        dec_add(a, b, &c) && dec_sub(c, b, &back) && dec_cmp(back, a) != 0)
        abort();
    gfa_dec p;
    if (cut < size && dec_parse(s + cut + 1, size - cut - 1, &b) == DEC_OK)
        (void)dec_percent(a, b, 2, &p);
    (void)dec_round(a, 1);
    return 0;
}
