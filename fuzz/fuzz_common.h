/* fuzz_common.h — shared by the libFuzzer targets (make fuzz) and the replay driver that
 * make check runs over the committed corpora and regressions. */
#ifndef GFA_FUZZ_COMMON_H
#define GFA_FUZZ_COMMON_H

#include "gfa.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The context, opened once per process from $GFA_DATADIR. */
static inline gfa_context *fuzz_context(void)
{
    static gfa_context *ctx;
    if (!ctx) {
        gfa_global_init();
        gfa_diags *d = gfa_diags_new();
        ctx = gfa_context_open(getenv("GFA_DATADIR"), d);
        gfa_diags_free(d);
        if (!ctx)
            abort(); /* the data directory is part of the harness, not the input */
    }
    return ctx;
}

#endif
