/* context.c — gfa_context: everything compiled once from the data directory (table
 * definitions, vocabulary, the workbook vocabulary, code lists, the instance XSD) and shared
 * read-only by all threads. */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>
#include <libxslt/xslt.h>
#include <unicode/uclean.h>

#ifndef GFA_VERSION
#define GFA_VERSION "0"
#endif
#ifndef GFA_DATADIR
#define GFA_DATADIR "/usr/local/share/gfa"
#endif

const char *gfa_version(void)
{
    return GFA_VERSION;
}

void gfa_global_init(void)
{
    /* libxml2's lazy type initialisation inside xmlSchemaParse races between threads
     * (libxml2 #930, platform.md §6): do it here, in the main thread. */
    xmlInitParser();
    xmlSchemaInitTypes();
    UErrorCode ec = U_ZERO_ERROR;
    u_init(&ec);
}

void gfa_global_cleanup(void)
{
    xsltCleanupGlobals();
    xmlSchemaCleanupTypes();
    xmlCleanupParser();
    u_cleanup();
}

static char *join(const char *dir, const char *rel)
{
    char *p = NULL;
    return asprintf(&p, "%s/%s", dir, rel) < 0 ? NULL : p;
}

void gfa_context_free(gfa_context *ctx)
{
    if (!ctx)
        return;
    table_defs_free(&ctx->defs);
    vocab_free(&ctx->vocab);
    book_vocab_free(&ctx->book);
    code_list_free(&ctx->function_codes);
    code_list_free(&ctx->function_classes);
    code_list_free(&ctx->function_renames);
    code_list_free(&ctx->economic_codes);
    radicals_free(&ctx->radicals);
    text_variants_free(&ctx->variants);
    if (ctx->schema)
        xmlSchemaFree(ctx->schema);
    free(ctx->datadir);
    free(ctx);
}

gfa_context *gfa_context_open(const char *datadir, gfa_diags *diags)
{
    gfa_global_init();
    if (!datadir || !*datadir)
        datadir = getenv("GFA_DATADIR");
    if (!datadir || !*datadir)
        datadir = GFA_DATADIR;
    gfa_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    for (int i = 0; i < GFA_LIMIT_COUNT; i++)
        ctx->limits[i] = gfa_limit_default((gfa_limit)i);
    ctx->datadir = strdup(datadir);
    char *tables = join(datadir, "schemas/tables");
    char *defs_xsd = join(datadir, "schemas/gfa-tabledefs.xsd");
    char *vocab = join(datadir, "schemas/vocab");
    char *vocab_xsd = join(datadir, "schemas/gfa-vocab.xsd");
    char *book = join(datadir, "schemas/workbook.xml");
    char *book_xsd = join(datadir, "schemas/gfa-workbook.xsd");
    char *fcodes = join(datadir, "schemas/codes/function-codes.tsv");
    char *fclasses = join(datadir, "schemas/codes/function-classes.tsv");
    char *ecodes = join(datadir, "schemas/codes/economic-codes.tsv");
    char *renames = join(datadir, "schemas/codes/function-renames.tsv");
    char *xsd = join(datadir, "schemas/gfa-report.xsd");
    char *radicals = join(datadir, "schemas/codes/radicals.tsv");
    char *ocr = join(datadir, "schemas/codes/ocr-digits.tsv");
    char *variants = join(datadir, "schemas/codes/traditional-variants.tsv");
    bool ok = ctx->datadir && tables && defs_xsd && vocab && vocab_xsd && book && book_xsd &&
              fcodes && fclasses && ecodes && renames && xsd && radicals && ocr && variants;
    /* the Traditional variants ICU leaves: a pair a line, as the radicals are; the
     * context's own, loaded first (the vocabulary's words are matched with them) */
    radical_map tv = {NULL, 0};
    ok = ok && radicals_load(variants, &tv, diags) == GFA_OK;
    ok = ok && text_variants_init(&ctx->variants, (const uint32_t(*)[2])tv.pairs, tv.count);
    radicals_free(&tv);
    ok = ok && table_defs_load(tables, defs_xsd, &ctx->defs, diags) == GFA_OK;
    ok = ok && vocab_load(vocab, vocab_xsd, &ctx->variants, &ctx->vocab, diags) == GFA_OK;
    ok = ok && vocab_check_tables(&ctx->vocab, &ctx->defs, tables, diags) == GFA_OK;
    ok = ok && book_vocab_load(book, book_xsd, &ctx->book, diags) == GFA_OK;
    ok = ok && code_list_load(fcodes, &ctx->function_codes, diags) == GFA_OK;
    ok = ok && code_list_load(fclasses, &ctx->function_classes, diags) == GFA_OK;
    ok = ok && code_list_load(ecodes, &ctx->economic_codes, diags) == GFA_OK;
    ok = ok && code_list_load(renames, &ctx->function_renames, diags) == GFA_OK;
    ok = ok && radicals_load(radicals, &ctx->radicals, diags) == GFA_OK;
    ok = ok && ocr_digits_load(ocr, &ctx->ocr, diags) == GFA_OK;
    ok = ok && (ctx->schema = datafile_schema(xsd, "GFA-DATA-020", diags)) != NULL;
    free(tables);
    free(defs_xsd);
    free(vocab);
    free(vocab_xsd);
    free(book);
    free(book_xsd);
    free(fcodes);
    free(fclasses);
    free(ecodes);
    free(renames);
    free(xsd);
    free(radicals);
    free(ocr);
    free(variants);
    if (!ok) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-000", datadir, 0, 0,
                 "cannot load gfa's data directory '%s' (set --datadir or GFA_DATADIR to the "
                 "folder holding schemas/)",
                 datadir);
        gfa_context_free(ctx);
        return NULL;
    }
    return ctx;
}

const char *gfa_context_datadir(const gfa_context *ctx)
{
    return ctx->datadir;
}

size_t gfa_context_table_defs(const gfa_context *ctx)
{
    return ctx->defs.count;
}

/* The limits: one line each, in the order of gfa_limit (the CLI's --help, the man page's
 * LIMITS and tests/cli.sh follow this table). */
static const struct {
    const char *name;
    long long def, min;
} limit_table[GFA_LIMIT_COUNT] = {
    [GFA_LIMIT_INPUT_BYTES] = {"input-bytes", 16LL << 20, 1},
    [GFA_LIMIT_LINE_CHARS] = {"line-chars", 100000, 1},
    [GFA_LIMIT_TABLES] = {"tables", 1000, 1},
    [GFA_LIMIT_ROWS] = {"rows", 10000, 1},
    [GFA_LIMIT_FACTS] = {"facts", 50000, 1},
    [GFA_LIMIT_SECONDS] = {"seconds", 0, 0},
    [GFA_LIMIT_PDF_PAGES] = {"pdf-pages", 1000, 1},
    [GFA_LIMIT_PDF_OBJECTS] = {"pdf-objects", 500000, 1},
    [GFA_LIMIT_PDF_MEMORY] = {"pdf-memory", 256LL << 20, 1},
    [GFA_LIMIT_PDF_CONTENT_BYTES] = {"pdf-content-bytes", 32LL << 20, 1},
    [GFA_LIMIT_PDF_SECONDS] = {"pdf-seconds", 60, 0},
    [GFA_LIMIT_ZIP_ENTRIES] = {"zip-entries", 10000, 1},
    [GFA_LIMIT_ZIP_BYTES] = {"zip-bytes", 256LL << 20, 1},
    [GFA_LIMIT_ZIP_RATIO] = {"zip-ratio", 100, 1},
    [GFA_LIMIT_CELLS] = {"cells", 2000000, 1},
};

int gfa_limit_by_name(const char *name)
{
    for (int i = 0; i < GFA_LIMIT_COUNT; i++)
        if (!strcmp(name, limit_table[i].name))
            return i;
    return -1;
}

const char *gfa_limit_name(gfa_limit which)
{
    return (unsigned)which < GFA_LIMIT_COUNT ? limit_table[which].name : NULL;
}

long long gfa_limit_default(gfa_limit which)
{
    return (unsigned)which < GFA_LIMIT_COUNT ? limit_table[which].def : 0;
}


gfa_status gfa_context_set_limit(gfa_context *ctx, gfa_limit which, long long value)
{
    if ((unsigned)which >= GFA_LIMIT_COUNT || value < limit_table[which].min)
        return GFA_ERR_USAGE;
    ctx->limits[which] = value;
    return GFA_OK;
}

long long gfa_context_limit(const gfa_context *ctx, gfa_limit which)
{
    return which < GFA_LIMIT_COUNT ? ctx->limits[which] : 0;
}
