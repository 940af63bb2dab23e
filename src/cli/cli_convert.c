/* cli_convert.c — gfa convert: published reports → XML instances. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const option_doc convert_options[] = {
    {"output", 'o', "PATH", OPT_OUTPUT,
     "write into folder PATH (created if missing) as NAME.xml, or into file PATH.xml for a "
     "single input; without -o the instance goes to standard output"},
    {"no-check", 0, NULL, OPT_NO_CHECK, "do not validate the instance against the XSD"},
    {"no-validate", 0, NULL, OPT_NO_VALIDATE,
     "do not run the business rules (by default their findings are embedded in the "
     "instance and summarised on standard error; the exit status does not depend on them: "
     "use gfa validate for a verdict)"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY, "override a rule's severity (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE"},
    {"no-render", 0, NULL, OPT_NO_RENDER,
     "with -o DIR, do not also write NAME.html and NAME.txt (see gfa render)"},
};

static int run_convert(cli *c)
{
    const char *output = c->value[OPT_OUTPUT];
    if (c->ninputs == 0) {
        cli_errorf(c, "no REPORT given");
        fprintf(c->err, "Usage: %s convert [OPTIONS] REPORT...  (see --help)\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    bool into_dir = false;
    if (output) {
        into_dir = cli_is_dir(output) || cli_str_ends(output, "/") || c->ninputs > 1 ||
                   !cli_str_ends(output, ".xml");
        if (into_dir && !cli_is_dir(output) && mkdir(output, 0755) != 0) {
            cli_errorf(c, "cannot create the output folder '%s': %s", output, strerror(errno));
            return GFA_EXIT_USAGE;
        }
    } else if (c->ninputs > 1) {
        cli_errorf(c, "several reports need an output folder: add -o DIR");
        return GFA_EXIT_USAGE;
    }
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
    /* Into a folder, the HTML and text renderings go next to each instance (issue 4). */
    gfa_renderer *renderer = NULL;
    if (into_dir && !c->flag[OPT_NO_RENDER] && !(renderer = gfa_renderer_new(ctx, diags))) {
        cli_print_diags(c, diags);
        gfa_validator_free(val);
        gfa_context_free(ctx);
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    int failed = 0, io_failed = 0, written = 0;
    for (int i = 0; i < c->ninputs; i++) {
        gfa_diags_clear(diags);
        gfa_report *report = NULL;
        gfa_status st = cli_read_input(ctx, c->inputs[i], &report, diags);
        /* the validator's first layer is the XSD; without rules, check the XSD alone */
        if (st == GFA_OK && !val && !c->flag[OPT_NO_CHECK])
            st = gfa_report_check_schema(ctx, report, diags);
        gfa_verdict *verdict = NULL;
        unsigned vflags = GFA_VALIDATE_EMBED | (c->flag[OPT_NO_CHECK] ? GFA_VALIDATE_NO_SCHEMA : 0);
        if (st == GFA_OK && val && gfa_validate(val, report, vflags, &verdict, diags) != GFA_OK)
            st = GFA_ERR_NOMEM;
        if (st == GFA_OK) {
            if (output) {
                char *path = into_dir ? cli_output_name(output, c->inputs[i], "xml") : strdup(output);
                st = path ? gfa_report_save(report, path, diags) : GFA_ERR_NOMEM;
                if (st == GFA_OK && c->verbosity > 0)
                    fprintf(c->err, "%s: wrote %s\n", c->prog, path);
                free(path);
                static const char *const ext[] = {"html", "txt"};
                for (int f = GFA_RENDER_HTML; renderer && st == GFA_OK && f <= GFA_RENDER_TEXT; f++) {
                    char *out = cli_output_name(output, c->inputs[i], ext[f]);
                    st = out ? gfa_render_file(renderer, report, (gfa_render_format)f, NULL, out,
                                               diags)
                             : GFA_ERR_NOMEM;
                    if (st == GFA_OK && c->verbosity > 0)
                        fprintf(c->err, "%s: wrote %s\n", c->prog, out);
                    else if (st == GFA_ERR_DATA)
                        st = GFA_ERR_IO; /* gfa's stylesheets, not the input, failed: exit 2 */
                    free(out);
                }
            } else {
                size_t len = 0;
                char *xml = gfa_report_serialise(report, &len);
                if (!xml || fwrite(xml, 1, len, c->out) != len)
                    st = GFA_ERR_IO;
                free(xml);
            }
        }
        cli_print_diags(c, diags);
        if (verdict)
            cli_print_verdict(c, c->inputs[i], verdict);
        gfa_verdict_free(verdict);
        if (st == GFA_OK)
            written++;
        else if (st == GFA_ERR_IO || st == GFA_ERR_NOMEM)
            io_failed++;
        else
            failed++;
        if (st != GFA_OK)
            fprintf(c->err, "%s: %s: not converted (%s)\n", c->prog, c->inputs[i],
                    gfa_status_name(st));
        gfa_report_free(report);
    }
    if (c->ninputs > 1 && c->verbosity > 0)
        fprintf(c->err, "%s: %d of %d report(s) converted, %d failed\n", c->prog, written,
                c->ninputs, failed + io_failed);
    gfa_renderer_free(renderer);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    if (io_failed)
        return GFA_EXIT_USAGE;
    return failed ? GFA_EXIT_REJECTED : GFA_EXIT_OK;
}

const cli_command cli_convert_command = {
    "convert",
    "read published reports and write XML instances",
    "[OPTIONS] REPORT...",
    "Reads each REPORT (published text in UTF-8, UTF-16 or GB18030/GBK, or a gfa\n"
    "instance) and writes its XML instance, validated against gfa's XSD.\n"
    "Diagnostics go to standard error as FILE:LINE:COLUMN: SEVERITY: [ID] MESSAGE.",
    convert_options,
    ARRAY_LEN(convert_options),
    run_convert,
};
