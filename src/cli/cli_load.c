/* cli_load.c — gfa load: reports into a store (a SQLite file or PostgreSQL), each read,
 * validated and loaded in one transaction by the one pipeline; also the schema (--init)
 * and the register of entities (--entities). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc load_options[] = {
    {"db", 0, "DB", OPT_DB,
     "the store: a SQLite file (created when missing) or postgresql://[USER@]HOST/DBNAME "
     "(required; a password is better kept in PGPASSWORD or ~/.pgpass)"},
    {"init", 0, NULL, OPT_INIT,
     "create the store's schema, or migrate an older one; the inputs may then be left out"},
    {"entities", 0, "FILE", OPT_ENTITIES,
     "load a register of entities first: lines CODE<TAB>NAME<TAB>PARENT_CODE (the "
     "department of a unit; empty for a department)"},
    {"jobs", 'j', "N", OPT_JOBS, "worker threads (default: the number of processors)"},
    {"files-from", 0, "LIST", OPT_FILES_FROM, "read input paths from LIST, one a line (- for stdin)"},
    {"shard", 0, "I/N", OPT_SHARD, "load only shard I of N (as gfa batch --shard)"},
    {"include", 0, "PATTERN", OPT_INCLUDE, "in folders, take the files matching PATTERN (as gfa batch)"},
    {"exclude", 0, "PATTERN", OPT_EXCLUDE, "in folders, skip the files matching PATTERN"},
    {"from", 0, "FORMAT", OPT_FROM,
     "read every input as FORMAT (gfa convert --help lists them); by default detected"},
    {"no-validate", 0, NULL, OPT_NO_VALIDATE,
     "do not run the business rules (an instance keeps the findings embedded in it)"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY, "override a rule's severity (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE"},
    {"wait", 0, "SECONDS", OPT_WAIT,
     "wait this long for a store another process holds (default 30)"},
};

gfa_store *cli_open_store(cli *c, gfa_context *ctx, unsigned flags, gfa_diags *diags)
{
    long wait = 0;
    if (c->value[OPT_WAIT]) {
        char *end = NULL;
        wait = strtol(c->value[OPT_WAIT], &end, 10);
        if (*end || wait < 1 || wait > 86400) {
            cli_errorf(c, "--wait needs a number of seconds from 1 to 86400");
            return NULL;
        }
    }
    gfa_diags_clear(diags);
    gfa_store *s = gfa_store_open(ctx, c->value[OPT_DB], flags, (int)wait, diags);
    if (!s)
        cli_print_diags(c, diags);
    gfa_diags_clear(diags);
    return s;
}

void cli_print_stored(cli *c, const gfa_store *store, const gfa_batch_result *res)
{
    size_t reports = 0;
    long long amounts = 0;
    for (size_t i = 0; i < gfa_batch_result_count(res); i++) {
        const gfa_batch_item *it = gfa_batch_result_item(res, i);
        if (it->stored >= 0) {
            reports++;
            amounts += it->stored;
        }
    }
    fprintf(c->err, "; %zu report(s) with %lld amounts loaded into %s", reports, amounts,
            gfa_store_name(store));
}

/* --entities FILE: the register, in one transaction. */
static int load_register(cli *c, gfa_store *store, gfa_diags *diags)
{
    size_t n = 0;
    if (gfa_store_load_entities(store, c->value[OPT_ENTITIES], &n, diags) != GFA_OK) {
        cli_print_diags(c, diags);
        return GFA_EXIT_USAGE;
    }
    if (c->verbosity > 0)
        fprintf(c->err, "%s: %zu entit%s of %s in the register of %s\n", c->prog, n,
                n == 1 ? "y" : "ies", c->value[OPT_ENTITIES], gfa_store_name(store));
    return 0;
}

/* The reports, through the pipeline with the store as its one output. */
static int load_reports(cli *c, gfa_context *ctx, gfa_validator *val, gfa_store *store,
                        gfa_diags *diags)
{
    long jobs;
    cli_inputs in = {0};
    int rc = cli_jobs(c, &jobs);
    if (rc || (rc = cli_collect(c, NULL, &in)))
        return rc;
    gfa_pipeline_options popt = {.from = c->value[OPT_FROM], .store = store,
                                 .flags = val ? 0 : GFA_PIPELINE_NO_RULES};
    gfa_pipeline *pipe = gfa_pipeline_new(ctx, val, NULL, &popt, diags);
    if (!pipe) {
        cli_inputs_free(&in);
        return cli_pipeline_error(c, diags);
    }
    gfa_batch_config cfg = {
        .ctx = ctx, .validator = val, .pipeline = pipe,
        .inputs = (const char *const *)in.paths, .ninputs = in.n, .jobs = (int)jobs,
        .fail_reasons = (const char *const *)in.reasons,
    };
    gfa_batch_result *res = NULL;
    double took = 0;
    if (cli_run_batch(c, &cfg, &res, &took) != GFA_OK) {
        rc = GFA_EXIT_USAGE;
    } else {
        size_t n[5], io, skipped;
        cli_batch_items(c, res, n, &io, &skipped);
        if (c->verbosity > 0) {
            fprintf(c->err, "%s: %zu report(s): %zu accepted, %zu rejected, %zu failed%s",
                    c->prog, gfa_batch_result_count(res), n[GFA_ITEM_ACCEPTED],
                    n[GFA_ITEM_REJECTED], n[GFA_ITEM_FAILED],
                    cli_interrupted() ? ", interrupted" : "");
            cli_print_stored(c, store, res);
            fprintf(c->err, "; %.2f s\n", took);
        }
        rc = cli_batch_exit(c, n, io);
    }
    gfa_batch_result_free(res);
    gfa_pipeline_free(pipe);
    cli_inputs_free(&in);
    return rc;
}

static int run_load(cli *c)
{
    if (!c->value[OPT_DB]) {
        cli_errorf(c, "gfa load needs the store: --db FILE or --db postgresql://…");
        return GFA_EXIT_USAGE;
    }
    bool reports = c->ninputs > 0 || c->value[OPT_FILES_FROM];
    if (!reports && !c->flag[OPT_INIT] && !c->value[OPT_ENTITIES]) {
        cli_errorf(c, "nothing to load: give reports (or --init, --entities FILE)");
        return GFA_EXIT_USAGE;
    }
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? cli_open_context(c, diags) : NULL;
    gfa_validator *val = NULL;
    gfa_store *store = NULL;
    int rc = ctx ? 0 : GFA_EXIT_USAGE;
    if (rc == 0 && reports && !c->flag[OPT_NO_VALIDATE]) {
        val = gfa_validator_new(ctx, diags);
        rc = val ? cli_configure_validator(c, val, diags) : GFA_EXIT_USAGE;
        if (!val)
            cli_print_diags(c, diags);
    }
    if (rc == 0 &&
        !(store = cli_open_store(c, ctx, c->flag[OPT_INIT] ? GFA_STORE_INIT : 0, diags)))
        rc = GFA_EXIT_USAGE;
    if (rc == 0 && c->flag[OPT_INIT] && c->verbosity > 0)
        fprintf(c->err, "%s: %s is a gfa store of schema version %d (%s)\n", c->prog,
                gfa_store_name(store), gfa_store_schema_version(store),
                gfa_store_backend(store));
    if (rc == 0 && c->value[OPT_ENTITIES])
        rc = load_register(c, store, diags);
    if (rc == 0 && reports)
        rc = load_reports(c, ctx, val, store, diags);
    gfa_store_free(store);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return rc;
}

const cli_command cli_load_command = {
    "load",
    "load reports into a store (SQLite or PostgreSQL) to query across units and years",
    "--db DB [OPTIONS] [INPUT...]",
    "Each INPUT is a report (anything gfa convert reads, or an instance) or a folder of\n"
    "them; each is read, validated and loaded into the store DB in one transaction: its\n"
    "tables and amounts (exact), its text, the narrative's figures, the performance forms\n"
    "and the findings. A report is identified by its entity code, year and kind\n"
    "(department, unit): loading it again replaces it, and an interrupted load leaves the\n"
    "store as it was. DB is a SQLite file (the schema is created in an empty file) or a\n"
    "PostgreSQL database (postgresql://…); passwords never appear in messages. Query the\n"
    "store with gfa query, or any SQL client through the view gfa_facts; check it across\n"
    "reports with gfa check. See docs/store.md.",
    load_options,
    ARRAY_LEN(load_options),
    run_load,
    CLI_LISTS_READERS,
};
