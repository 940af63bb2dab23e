/* cli_validate.c — gfa validate: a gateway's verdict on each filing, with the reasons. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc validate_options[] = {
    {"from", 0, "FORMAT", OPT_FROM,
     "read every input as FORMAT (gfa convert --help lists them); by default detected"},
    {"report", 0, "FILE", OPT_REPORT,
     "also write a machine-readable report (SVRL-compatible XML, or JSON) of all inputs "
     "(- for standard output)"},
    {"report-format", 0, "FMT", OPT_REPORT_FORMAT, "svrl (default) or json"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY,
     "override a rule's severity: info, warning, inconsistency, error, fatal, or off "
     "(repeatable)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE (lines ID = LEVEL)"},
    {"ledger", 0, NULL, OPT_LEDGER,
     "list every rule instance checked: passed, FAILED or not checkable (with the reason)"},
};

/* Applies --config and --severity to a validator; prints and returns usage on error. */
int cli_configure_validator(cli *c, gfa_validator *val, gfa_diags *diags)
{
    if (c->value[OPT_CONFIG] &&
        gfa_validator_load_config(val, c->value[OPT_CONFIG], diags) != GFA_OK) {
        cli_print_diags(c, diags);
        return GFA_EXIT_USAGE;
    }
    for (int i = 0; i < c->nmulti; i++) {
        if (c->multi_id[i] != OPT_SEVERITY)
            continue;
        char id[64];
        const char *eq = strchr(c->multi[i], '=');
        if (!eq || eq - c->multi[i] >= (long)sizeof id) {
            cli_errorf(c, "--severity needs ID=LEVEL, got '%s'", c->multi[i]);
            return GFA_EXIT_USAGE;
        }
        snprintf(id, sizeof id, "%.*s", (int)(eq - c->multi[i]), c->multi[i]);
        if (gfa_validator_set_severity(val, id, eq + 1) != GFA_OK) {
            cli_errorf(c, "--severity %s: unknown rule or level (levels: info, warning, "
                          "inconsistency, error, fatal, off)", c->multi[i]);
            return GFA_EXIT_USAGE;
        }
    }
    return 0;
}

int cli_open_validator(cli *c, gfa_diags *diags, gfa_context **ctx, gfa_validator **val)
{
    *ctx = diags ? cli_open_context(c, diags) : NULL;
    *val = *ctx ? gfa_validator_new(*ctx, diags) : NULL;
    int rc = *val ? cli_configure_validator(c, *val, diags) : GFA_EXIT_USAGE;
    if (*ctx && !*val) /* cli_open_context and cli_configure_validator print their own */
        cli_print_diags(c, diags);
    return rc;
}

void cli_print_verdict(cli *c, const char *file, const gfa_verdict *v)
{
    if (c->verbosity == 0)
        return;
    size_t total = gfa_verdict_passed(v) + gfa_verdict_failed(v) + gfa_verdict_unchecked(v);
    fprintf(c->err,
            "%s: %s — %zu checks: %zu passed, %zu failed, %zu not checkable; %zu fatal, %zu "
            "error(s), %zu inconsistenc%s, %zu warning(s), %zu info\n",
            file, gfa_verdict_accepted(v) ? "accepted" : "REJECTED", total,
            gfa_verdict_passed(v), gfa_verdict_failed(v), gfa_verdict_unchecked(v),
            gfa_verdict_count(v, GFA_SEV_FATAL), gfa_verdict_count(v, GFA_SEV_ERROR),
            gfa_verdict_count(v, GFA_SEV_INCONSISTENCY),
            gfa_verdict_count(v, GFA_SEV_INCONSISTENCY) == 1 ? "y" : "ies",
            gfa_verdict_count(v, GFA_SEV_WARNING), gfa_verdict_count(v, GFA_SEV_INFO));
}

/* The ledger; with several inputs each line starts with its file (a first column), so the
 * lines of one file can be told from another's. */
void cli_print_ledger(cli *c, const char *file, const gfa_verdict *v, bool with_file)
{
    char *ledger = gfa_verdict_ledger(v);
    if (!ledger)
        return;
    if (!with_file) {
        fputs(ledger, c->out);
    } else {
        for (char *line = ledger, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            fprintf(c->out, "%s\t%.*s\n", file, (int)(nl ? nl - line : (long)strlen(line)), line);
            if (!nl)
                break;
        }
    }
    free(ledger);
}

int cli_report_format(cli *c, gfa_report_format *fmt)
{
    *fmt = GFA_REPORT_SVRL;
    const char *rf = c->value[OPT_REPORT_FORMAT];
    if (rf && !strcmp(rf, "json"))
        *fmt = GFA_REPORT_JSON;
    else if (rf && strcmp(rf, "svrl")) {
        cli_errorf(c, "--report-format must be svrl or json, not '%s'", rf);
        return GFA_EXIT_USAGE;
    }
    return 0;
}

bool cli_write_report(cli *c, char *text, size_t len, gfa_diags *diags)
{
    bool to_stdout = strcmp(c->value[OPT_REPORT], "-") == 0;
    bool ok = text && (to_stdout ? fwrite(text, 1, len, c->out) == len
                                 : gfa_write_file_atomic(c->value[OPT_REPORT], text, len,
                                                         diags) == GFA_OK);
    if (!ok)
        cli_print_diags(c, diags);
    free(text);
    return ok;
}

static int run_validate(cli *c)
{
    if (c->ninputs == 0) {
        cli_errorf(c, "no REPORT given");
        fprintf(c->err, "Usage: %s validate [OPTIONS] REPORT...  (see --help)\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    gfa_report_format fmt;
    if (cli_report_format(c, &fmt))
        return GFA_EXIT_USAGE;
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx;
    gfa_validator *val;
    int rc = cli_open_validator(c, diags, &ctx, &val);
    /* through the one pipeline, validation only: every input has an outcome, read or
     * not, and every outcome is in the report */
    gfa_pipeline_options popt = {.from = c->value[OPT_FROM]};
    gfa_pipeline *pipe = rc == 0 ? gfa_pipeline_new(ctx, val, NULL, &popt, diags) : NULL;
    if (rc == 0 && !pipe)
        rc = cli_pipeline_error(c, diags);
    gfa_outcome **outcomes = calloc((size_t)c->ninputs + 1, sizeof *outcomes);
    size_t noutcomes = 0, nverdicts = 0;
    int rejected = 0, unreadable = 0, io = 0;
    for (int i = 0; rc == 0 && outcomes && i < c->ninputs; i++) {
        gfa_diags_clear(diags);
        gfa_outcome *o = NULL;
        gfa_status st = gfa_pipeline_run(pipe, c->inputs[i], NULL, NULL, &o, diags);
        cli_print_diags(c, diags);
        const gfa_verdict *verdict = o ? gfa_outcome_verdict(o) : NULL;
        if (o)
            outcomes[noutcomes++] = o;
        if (verdict) {
            cli_print_verdict(c, c->inputs[i], verdict);
            if (c->flag[OPT_LEDGER])
                cli_print_ledger(c, c->inputs[i], verdict, c->ninputs > 1);
            rejected += !gfa_verdict_accepted(verdict);
            nverdicts++;
        } else {
            fprintf(c->err, "%s: %s: not validated (%s)\n", c->prog, c->inputs[i],
                    gfa_status_name(st));
            gfa_outcome_status os = o ? gfa_outcome_status_of(o) : GFA_OUTCOME_OUTPUT_FAILED;
            if (os == GFA_OUTCOME_UNREADABLE)
                unreadable++;
            else
                io++;
        }
    }
    if (rc == 0 && c->value[OPT_REPORT]) {
        size_t len = 0;
        char *text = gfa_outcomes_report(val, (const gfa_outcome *const *)outcomes, noutcomes,
                                         fmt, &len);
        io += !cli_write_report(c, text, len, diags);
    }
    if (rc == 0 && c->ninputs > 1 && c->verbosity > 0)
        fprintf(c->err, "%s: %d report(s): %zu accepted, %d rejected, %d unreadable\n", c->prog,
                c->ninputs, nverdicts - (size_t)rejected, rejected, unreadable + io);
    for (size_t i = 0; outcomes && i < noutcomes; i++)
        gfa_outcome_free(outcomes[i]);
    free(outcomes);
    gfa_pipeline_free(pipe);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    if (rc)
        return rc;
    return cli_exit_status(c, (size_t)rejected, (size_t)unreadable, (size_t)io);
}

const cli_command cli_validate_command = {
    "validate",
    "check reports against the XSD and the business rules; accept or reject each",
    "[OPTIONS] REPORT...",
    "Validates each REPORT (an instance .xml, or anything gfa convert reads): XSD, then the\n"
    "business rules in schemas/rules/ (sums, cross-table identities, codes, narrative\n"
    "figures, performance forms, text hygiene), with tolerances from the printed precision.\n"
    "A report is accepted when no finding is an error or fatal. Findings go to standard\n"
    "error as FILE:LINE:COLUMN: SEVERITY: [RULE-ID] MESSAGE, root causes first.",
    validate_options,
    ARRAY_LEN(validate_options),
    run_validate,
    CLI_LISTS_READERS,
};
