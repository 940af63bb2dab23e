/* cli_export.c — gfa export: an instance (or any report gfa reads) as an Excel workbook
 * and/or a folder of CSV files (issue 14), through the one pipeline with the xlsx and csv
 * writers and no business rules. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc export_options[] = {
    {"xlsx", 0, "FILE", OPT_XLSX,
     "write an Excel workbook: a sheet per table with its printed header, amounts as "
     "numbers in their printed format, the metadata and the report's text"},
    {"csv", 0, "DIR", OPT_CSV,
     "write a folder of CSV files: one per table and part, and the metadata file"},
    {"csv-encoding", 0, "ENC", OPT_CSV_ENCODING,
     "utf-8 (default, with a BOM for Excel and WPS) or gb18030 (for older tools)"},
    {"from", 0, "FORMAT", OPT_FROM,
     "read INSTANCE as FORMAT (see gfa convert --help); by default detected"},
    {"no-check", 0, NULL, OPT_NO_CHECK, "do not validate the instance against the XSD"},
};

static int run_export(cli *c)
{
    const char *xlsx = c->value[OPT_XLSX], *csv = c->value[OPT_CSV];
    if (c->ninputs != 1 || (!xlsx && !csv)) {
        cli_errorf(c, c->ninputs != 1 ? "export takes one INSTANCE" : "nothing to write: give "
                                                                      "--xlsx FILE and/or --csv DIR");
        fprintf(c->err, "Usage: %s export --xlsx FILE | --csv DIR [OPTIONS] INSTANCE  (see --help)\n",
                c->prog);
        return GFA_EXIT_USAGE;
    }
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? cli_open_context(c, diags) : NULL;
    if (!ctx) {
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    gfa_pipeline_options opt = {.from = c->value[OPT_FROM],
                                .to = xlsx && csv ? "xlsx,csv" : xlsx ? "xlsx" : "csv",
                                .flags = GFA_PIPELINE_NO_RULES |
                                         (c->flag[OPT_NO_CHECK] ? GFA_PIPELINE_NO_SCHEMA : 0),
                                .csv_encoding = c->value[OPT_CSV_ENCODING]};
    gfa_pipeline *pipe = gfa_pipeline_new(ctx, NULL, NULL, &opt, diags);
    int rc = GFA_EXIT_OK;
    if (!pipe) {
        rc = cli_pipeline_error(c, diags);
    } else {
        const char *paths[2] = {xlsx ? xlsx : csv, csv};
        gfa_outcome *o = NULL;
        gfa_status st = gfa_pipeline_run(pipe, c->inputs[0], paths, c->out, &o, diags);
        cli_print_diags(c, diags);
        if (st == GFA_OK && c->verbosity > 0)
            for (size_t k = 0; k < gfa_pipeline_outputs(pipe); k++)
                fprintf(c->err, "%s: wrote %s\n", c->prog, paths[k]);
        if (st != GFA_OK) {
            fprintf(c->err, "%s: %s: not exported (%s)\n", c->prog, c->inputs[0],
                    gfa_status_name(st));
            rc = o && gfa_outcome_status_of(o) == GFA_OUTCOME_UNREADABLE && st != GFA_ERR_IO
                     ? GFA_EXIT_REJECTED
                     : GFA_EXIT_USAGE;
        }
        gfa_outcome_free(o);
    }
    gfa_pipeline_free(pipe);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return rc;
}

const cli_command cli_export_command = {
    "export",
    "write an instance as an Excel workbook or a folder of CSV files",
    "--xlsx FILE | --csv DIR [OPTIONS] INSTANCE",
    "Writes INSTANCE (a gfa instance, or any report gfa reads) as an Excel workbook and/or\n"
    "a folder of CSV files: a sheet (file) per table with its printed header, codes as\n"
    "text, amounts as numbers shown as printed; a metadata sheet (entity, codes, year,\n"
    "scope, unit); the report's text. gfa convert reads them back into the same instance.\n"
    "Outputs are written atomically.",
    export_options,
    ARRAY_LEN(export_options),
    run_export,
    0,
};
