/* cli_rules.c — gfa rules: the rule catalogue a gateway configures against (issue 12):
 * every rule with its id, severity (after --severity/--config), family, kind of check,
 * rule set and version, and title; as text, JSON or CSV. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc rules_options[] = {
    {"format", 0, "FMT", OPT_FORMAT, "text (default: one aligned line a rule), json or csv"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY,
     "show a rule's severity as this override makes it (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "apply the severity overrides of FILE first"},
};

static int run_rules(cli *c)
{
    const char *format = c->value[OPT_FORMAT] ? c->value[OPT_FORMAT] : "text";
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv")) {
        cli_errorf(c, "--format must be text, json or csv, not '%s'", format);
        return GFA_EXIT_USAGE;
    }
    if (c->ninputs) {
        cli_errorf(c, "gfa rules takes no files ('%s')", c->inputs[0]);
        return GFA_EXIT_USAGE;
    }
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx;
    gfa_validator *val;
    int rc = cli_open_validator(c, diags, &ctx, &val);
    if (rc == 0) {
        size_t len = 0;
        char *text = gfa_validator_catalogue(val, format, &len);
        if (!text || fwrite(text, 1, len, c->out) != len)
            rc = GFA_EXIT_USAGE;
        free(text);
    }
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return rc;
}

const cli_command cli_rules_command = {
    "rules",
    "list every business rule: id, severity, family, check, rule set, title",
    "[OPTIONS]",
    "Prints the rule catalogue of the data directory's schemas/rules/: one line (text), one\n"
    "object (JSON: {\"rulesets\":[...],\"rules\":[...]}) or one record (CSV, UTF-8 with a BOM)\n"
    "per rule, with the severity a deployment's --severity and --config give it.",
    rules_options,
    ARRAY_LEN(rules_options),
    run_rules,
    0,
};
