/* cli_convert.c — gfa convert: published reports → XML instances (and any other output of
 * the writer table), through the library's one pipeline. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const option_doc convert_options[] = {
    {"output", 'o', "PATH", OPT_OUTPUT,
     "write into folder PATH (created if missing) as NAME.xml (and NAME.html, NAME.txt), or, "
     "for a single input, into file PATH (its extension chooses the output format: .xml, "
     ".html, .txt; a device or pipe such as /dev/stdout is written through, as XML unless --to "
     "says); without -o, or with -o -, the output goes to standard output"},
    {"from", 0, "FORMAT", OPT_FROM,
     "read every input as FORMAT (see Input formats below); by default each input's format "
     "is detected from its content and name"},
    {"to", 0, "FORMAT,...", OPT_TO,
     "write these outputs (see Output formats below); default: xml, plus html and text into "
     "a folder"},
    {"csv-encoding", 0, "ENC", OPT_CSV_ENCODING,
     "the csv writer's encoding: utf-8 (default, with a BOM) or gb18030"},
    {"no-check", 0, NULL, OPT_NO_CHECK, "do not validate the instance against the XSD"},
    {"no-validate", 0, NULL, OPT_NO_VALIDATE,
     "do not run the business rules (by default their findings are embedded in the "
     "instance and summarised on standard error, and a rejected report exits 1)"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY, "override a rule's severity (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE"},
    {"no-render", 0, NULL, OPT_NO_RENDER,
     "with -o DIR, write only NAME.xml, not also NAME.html and NAME.txt (see gfa render)"},
    {"mode", 0, "MODE", OPT_MODE,
     CLI_MODE_HELP " (default auto; into a folder, auto writes NAME.html and NAME.txt for "
     "publication and NAME.review.html and NAME.review.txt beside them)"},
};

/* True when any chosen writer renders (needs the stylesheets). */
static bool wants_renderer(const char *to)
{
    return strstr(to, "html") || strstr(to, "text") || strstr(to, "txt");
}

static int run_convert(cli *c)
{
    const char *output = c->value[OPT_OUTPUT];
    if (c->ninputs == 0) {
        cli_errorf(c, "no REPORT given");
        fprintf(c->err, "Usage: %s convert [OPTIONS] REPORT...  (see --help)\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    const char *to = c->value[OPT_TO];
    bool into_dir = false;
    if (cli_output_target(c, &output, to && strchr(to, ',') ? 2 : 1, &into_dir))
        return GFA_EXIT_USAGE;
    gfa_render_options ropt;
    if (!cli_render_options(c, GFA_RENDER_AUTO, &ropt))
        return GFA_EXIT_USAGE;
    if (output && !into_dir && !to)
        to = cli_writer_for_file(output);
    if (!to)
        to = cli_folder_writers(ropt.mode, into_dir && !c->flag[OPT_NO_RENDER]);
    /* in a folder the page under NAME.html is the publication page unless --mode review */
    if (into_dir && ropt.mode == GFA_RENDER_AUTO)
        ropt.mode = GFA_RENDER_PUBLISH;
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? cli_open_context(c, diags) : NULL;
    if (!ctx) {
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    gfa_validator *val = NULL;
    if (!c->flag[OPT_NO_VALIDATE]) {
        val = gfa_validator_new(ctx, diags);
        int vrc = val ? cli_configure_validator(c, val, diags) : GFA_EXIT_USAGE;
        if (vrc) {
            if (!val)
                cli_print_diags(c, diags);
            gfa_validator_free(val);
            gfa_context_free(ctx);
            gfa_diags_free(diags);
            return vrc;
        }
    }
    gfa_renderer *renderer = NULL;
    if (wants_renderer(to) && !(renderer = gfa_renderer_new(ctx, diags))) {
        cli_print_diags(c, diags);
        gfa_validator_free(val);
        gfa_context_free(ctx);
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    gfa_pipeline_options opt = {.from = c->value[OPT_FROM], .to = to,
                                .flags = c->flag[OPT_NO_CHECK] ? GFA_PIPELINE_NO_SCHEMA : 0,
                                .render = ropt,
                                .csv_encoding = c->value[OPT_CSV_ENCODING]};
    gfa_pipeline *pipe = gfa_pipeline_new(ctx, val, renderer, &opt, diags);
    int rc = GFA_EXIT_OK;
    if (!pipe)
        rc = cli_pipeline_error(c, diags);
    else if ((!output || !into_dir) && gfa_pipeline_outputs(pipe) > 1)
        rc = (cli_errorf(c, "several output formats (--to %s) need an output folder: add -o DIR", to),
              GFA_EXIT_USAGE);
    int failed = 0, io_failed = 0, written = 0, rejected = 0;
    for (int i = 0; rc == GFA_EXIT_OK && i < c->ninputs; i++) {
        gfa_diags_clear(diags);
        char **paths = cli_output_paths(pipe, output, into_dir, c->inputs[i]);
        gfa_outcome *o = NULL;
        gfa_status st = paths ? gfa_pipeline_run(pipe, c->inputs[i], (const char *const *)paths,
                                                 c->out, &o, diags)
                              : GFA_ERR_NOMEM;
        cli_print_diags(c, diags);
        if (st == GFA_OK && output && c->verbosity > 0)
            for (size_t k = 0; k < gfa_pipeline_outputs(pipe); k++)
                fprintf(c->err, "%s: wrote %s\n", c->prog, paths[k]);
        if (o && gfa_outcome_verdict(o))
            cli_print_verdict(c, c->inputs[i], gfa_outcome_verdict(o));
        gfa_outcome_status os = o ? gfa_outcome_status_of(o) : GFA_OUTCOME_OUTPUT_FAILED;
        if (st == GFA_OK)
            written++;
        if (os == GFA_OUTCOME_REJECTED)
            rejected++;
        else if (os == GFA_OUTCOME_OUTPUT_FAILED || os == GFA_OUTCOME_INPUT_FAILED)
            io_failed++; /* a file (or gfa's own stylesheets), not the report, failed */
        else if (st != GFA_OK)
            failed++;
        if (st != GFA_OK)
            fprintf(c->err, "%s: %s: not converted (%s)\n", c->prog, c->inputs[i],
                    gfa_status_name(st));
        gfa_outcome_free(o);
        cli_free_paths(paths, gfa_pipeline_outputs(pipe));
    }
    if (c->ninputs > 1 && c->verbosity > 0 && rc == GFA_EXIT_OK)
        fprintf(c->err, "%s: %d of %d report(s) converted, %d failed\n", c->prog, written,
                c->ninputs, failed + io_failed);
    gfa_pipeline_free(pipe);
    gfa_renderer_free(renderer);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    if (rc != GFA_EXIT_OK)
        return rc;
    return cli_exit_status(c, (size_t)rejected, (size_t)failed, (size_t)io_failed);
}

const cli_command cli_convert_command = {
    "convert",
    "read published reports and write XML instances",
    "[OPTIONS] REPORT...",
    "Reads each REPORT (published text in UTF-8, UTF-16 or GB18030/GBK, a gfa instance, or\n"
    "another format of the reader table below) and writes its XML instance, validated\n"
    "against gfa's XSD and the business rules (findings embedded), or the outputs --to\n"
    "names. A folder is read as one report by a reader of folders.\n"
    "Diagnostics go to standard error as FILE:LINE:COLUMN: SEVERITY: [ID] MESSAGE.",
    convert_options,
    ARRAY_LEN(convert_options),
    run_convert,
    CLI_LISTS_READERS | CLI_LISTS_WRITERS,
};
