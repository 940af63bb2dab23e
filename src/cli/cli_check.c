/* cli_check.c — gfa check: the checks across the reports of a store (consolidation of a
 * department's units, year over year), reported like gfa validate's findings: GCC-style
 * lines, --report as SVRL or JSON, --ledger, the same severity overrides and exit policy. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc check_options[] = {
    {"db", 0, "DB", OPT_DB, "the store (a SQLite file or postgresql://…; required)"},
    {"consolidation", 0, NULL, OPT_CONSOLIDATION,
     "check each department's report against the sum of its units' reports (GFA-CONS-…)"},
    {"year-over-year", 0, NULL, OPT_YEAR_OVER_YEAR,
     "check each report against last year's of the same entity (GFA-YOY-…); without "
     "either option both checks run"},
    {"year", 0, "YEAR", OPT_YEAR, "only the reports of this fiscal year"},
    {"entity", 0, "CODE", OPT_ENTITY, "only the reports of this entity (a department's code "
                                      "for the consolidation)"},
    {"record", 0, NULL, OPT_RECORD,
     "also write the findings into the store (table findings, origin consolidation or "
     "year-over-year), replacing the ones of an earlier check"},
    {"report", 0, "FILE", OPT_REPORT,
     "also write a machine-readable report (SVRL-compatible XML, or JSON; - for standard "
     "output)"},
    {"report-format", 0, "FMT", OPT_REPORT_FORMAT, "svrl (default) or json"},
    {"ledger", 0, NULL, OPT_LEDGER,
     "list every rule instance checked: passed, FAILED or not checkable (with the reason)"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY, "override a rule's severity (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE"},
    {"wait", 0, "SECONDS", OPT_WAIT, "wait this long for a store another process holds (30)"},
};

static int check_options_of(cli *c, gfa_check_options *opt)
{
    memset(opt, 0, sizeof *opt);
    if (c->flag[OPT_CONSOLIDATION])
        opt->checks |= GFA_CHECK_CONSOLIDATION;
    if (c->flag[OPT_YEAR_OVER_YEAR])
        opt->checks |= GFA_CHECK_YEAR_OVER_YEAR;
    if (c->value[OPT_YEAR]) {
        char *end = NULL;
        long y = strtol(c->value[OPT_YEAR], &end, 10);
        if (*end || y < 1900 || y > 9999) {
            cli_errorf(c, "--year needs a fiscal year such as 2024, not '%s'", c->value[OPT_YEAR]);
            return GFA_EXIT_USAGE;
        }
        opt->year = (int)y;
    }
    opt->entity = c->value[OPT_ENTITY];
    opt->record = c->flag[OPT_RECORD];
    return 0;
}

/* One line for the whole check, per-verdict lines with -v. */
static void summarise(cli *c, gfa_verdict *const *vs, size_t n)
{
    size_t counts[5] = {0}, rejected = 0, checks = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->verbosity > 1)
            cli_print_verdict(c, gfa_verdict_source(vs[i]), vs[i]);
        for (int s = GFA_SEV_INFO; s <= GFA_SEV_FATAL; s++)
            counts[s] += gfa_verdict_count(vs[i], (gfa_severity)s);
        rejected += !gfa_verdict_accepted(vs[i]);
        checks += gfa_verdict_passed(vs[i]) + gfa_verdict_failed(vs[i]) +
                  gfa_verdict_unchecked(vs[i]);
    }
    if (c->verbosity > 0)
        fprintf(c->err,
                "%s: %zu verdict(s) over the store, %zu rejected; %zu checks; %zu fatal, %zu "
                "error(s), %zu inconsistenc%s, %zu warning(s), %zu info\n",
                c->prog, n, rejected, checks, counts[GFA_SEV_FATAL], counts[GFA_SEV_ERROR],
                counts[GFA_SEV_INCONSISTENCY], counts[GFA_SEV_INCONSISTENCY] == 1 ? "y" : "ies",
                counts[GFA_SEV_WARNING], counts[GFA_SEV_INFO]);
}

static int run_check(cli *c)
{
    gfa_check_options opt;
    gfa_report_format fmt;
    if (!c->value[OPT_DB] || c->ninputs) {
        cli_errorf(c, "usage: gfa check --db DB [--consolidation] [--year-over-year] [OPTIONS]");
        return GFA_EXIT_USAGE;
    }
    if (check_options_of(c, &opt) || cli_report_format(c, &fmt))
        return GFA_EXIT_USAGE;
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx;
    gfa_validator *val;
    int rc = cli_open_validator(c, diags, &ctx, &val);
    gfa_store *s = NULL;
    if (rc == 0 &&
        !(s = cli_open_store(c, ctx, opt.record ? 0 : GFA_STORE_READ_ONLY, diags)))
        rc = GFA_EXIT_USAGE;
    gfa_verdict **vs = NULL;
    size_t n = 0, rejected = 0;
    if (rc == 0) {
        gfa_diags_clear(diags);
        gfa_status st = gfa_store_check(s, val, &opt, &vs, &n, diags);
        cli_print_diags(c, diags);
        rc = st == GFA_OK ? 0 : GFA_EXIT_USAGE;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (c->flag[OPT_LEDGER])
            cli_print_ledger(c, gfa_verdict_source(vs[i]), vs[i], true);
        rejected += !gfa_verdict_accepted(vs[i]);
    }
    if (rc == 0)
        summarise(c, vs, n);
    if (rc == 0 && c->value[OPT_REPORT]) {
        size_t len = 0;
        char *text = gfa_verdicts_report((const gfa_verdict *const *)vs, n, fmt, &len);
        if (!cli_write_report(c, text, len, diags))
            rc = GFA_EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        gfa_verdict_free(vs[i]);
    free(vs);
    gfa_store_free(s);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return rc ? rc : cli_exit_status(c, rejected, 0, 0);
}

const cli_command cli_check_command = {
    "check",
    "check a store across reports: a department against its units, each year against the last",
    "--db DB [--consolidation] [--year-over-year] [OPTIONS]",
    "Runs the rules across reports of schemas/rules/store.xml over the store DB, with the\n"
    "validator's arithmetic (intervals from the printed precision). Consolidation: every\n"
    "amount of a department's report must equal the sum of its units' reports of the\n"
    "same year, units known by the register (gfa load --entities) or by\n"
    "their department code; a finding names the cell and each unit's contribution. Year\n"
    "over year: the narrative's changes against last year's report of the same entity, and\n"
    "the balances carried over; a missing last year is info, never an error. Findings go\n"
    "to standard error as FILE:LINE:COLUMN: SEVERITY: [RULE-ID] MESSAGE, FILE being the\n"
    "report checked. A verdict is rejected when a finding is an error or fatal.",
    check_options,
    ARRAY_LEN(check_options),
    run_check,
    0,
};
