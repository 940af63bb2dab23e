/* fuzz_defs — a table-definition file, a rule file and a vocabulary file from any bytes: the
 * loaders parse securely, validate against their schemas, and build their structures or
 * refuse. */
#include "fuzz_common.h"
#include "validate/validate.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static xmlSchemaPtr defs_xsd, rules_xsd, vocab_xsd;
    gfa_context *ctx = fuzz_context();
    if (!defs_xsd) {
        char path[4096];
        gfa_diags *load = gfa_diags_new();
        snprintf(path, sizeof path, "%s/schemas/gfa-tabledefs.xsd", gfa_context_datadir(ctx));
        defs_xsd = datafile_schema(path, "GFA-DATA-015", load);
        snprintf(path, sizeof path, "%s/schemas/gfa-rules.xsd", gfa_context_datadir(ctx));
        rules_xsd = datafile_schema(path, "GFA-DATA-030", load);
        snprintf(path, sizeof path, "%s/schemas/gfa-vocab.xsd", gfa_context_datadir(ctx));
        vocab_xsd = datafile_schema(path, "GFA-DATA-050", load);
        gfa_diags_free(load);
        if (!defs_xsd || !rules_xsd || !vocab_xsd)
            abort();
    }
    gfa_diags *d = gfa_diags_new();
    table_defs defs;
    memset(&defs, 0, sizeof defs);
    table_defs_add_memory("fuzz-defs.xml", (const char *)data, size, defs_xsd, &defs, d);
    table_defs_free(&defs);
    ruleset rs;
    memset(&rs, 0, sizeof rs);
    ruleset_add_memory(ctx, "fuzz-rules.xml", (const char *)data, size, rules_xsd, &rs, d);
    ruleset_free(&rs);
    gfa_vocab vc;
    memset(&vc, 0, sizeof vc);
    vocab_add_memory("fuzz-vocab.xml", (const char *)data, size, vocab_xsd, &vc, d);
    vocab_free(&vc);
    gfa_diags_free(d);
    return 0;
}
