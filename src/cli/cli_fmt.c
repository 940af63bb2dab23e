/* cli_fmt.c — gfa fmt: the renderers' ICU formatting functions on the command line. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc fmt_options[] = {
    {"amount", 0, "X", OPT_AMOUNT, "an amount with grouping: 1614.45 -> 1,614.45"},
    {"decimals", 0, "N", OPT_DECIMALS, "fraction digits for --amount and --percent, 0..6 (default 2)"},
    {"percent", 0, "X", OPT_PERCENT, "a value already in percent: 47.3145 -> 47.31%"},
    {"upper", 0, "X", OPT_UPPER,
     "人民币大写 of an amount in 元 (PBOC rules): 1614.45 -> 人民币壹仟陆佰壹拾肆元肆角伍分"},
    {"width", 0, "N", OPT_WIDTH,
     "pad or cut TEXT to N display columns (CJK characters take two)"},
    {"align", 0, "l|r|c", OPT_ALIGN, "alignment for --width (default l)"},
    {"ambiguous", 0, "1|2", OPT_AMBIGUOUS,
     "columns of East Asian Ambiguous characters for --width (default 1)"},
    {"date", 0, "YYYY-MM-DD", OPT_DATE, "a Chinese date: 2024-12-31 -> 2024年12月31日"},
};

static int parse_small(cli *c, const char *opt, const char *v, int lo, int hi, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end || n < lo || n > hi) {
        cli_errorf(c, "--%s must be a number %d..%d, not '%s'", opt, lo, hi, v);
        return GFA_EXIT_USAGE;
    }
    *out = (int)n;
    return 0;
}

static int run_fmt(cli *c)
{
    static const int modes[] = {OPT_AMOUNT, OPT_PERCENT, OPT_UPPER, OPT_WIDTH, OPT_DATE};
    int mode = 0;
    for (size_t i = 0; i < ARRAY_LEN(modes); i++) {
        if (!c->value[modes[i]])
            continue;
        if (mode) {
            cli_errorf(c, "give one of --amount, --percent, --upper, --width, --date");
            return GFA_EXIT_USAGE;
        }
        mode = modes[i];
    }
    if (!mode) {
        cli_errorf(c, "nothing to format: give --amount, --percent, --upper, --width or --date");
        fprintf(c->err, "Use '%s fmt --help' for the options.\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    if (mode != OPT_WIDTH && c->ninputs > 0) {
        cli_errorf(c, "unexpected argument '%s' (only --width takes TEXT)", c->inputs[0]);
        return GFA_EXIT_USAGE;
    }
    int decimals = 2, width = 0, amb = 1;
    char align = 'l';
    if (c->value[OPT_DECIMALS] &&
        parse_small(c, "decimals", c->value[OPT_DECIMALS], 0, GFA_FMT_MAX_DECIMALS, &decimals))
        return GFA_EXIT_USAGE;
    if (c->value[OPT_AMBIGUOUS] && parse_small(c, "ambiguous", c->value[OPT_AMBIGUOUS], 1, 2, &amb))
        return GFA_EXIT_USAGE;
    if (c->value[OPT_ALIGN]) {
        const char *a = c->value[OPT_ALIGN];
        if (strcmp(a, "l") && strcmp(a, "r") && strcmp(a, "c")) {
            cli_errorf(c, "--align must be l, r or c, not '%s'", a);
            return GFA_EXIT_USAGE;
        }
        align = a[0];
    }
    const char *why = NULL;
    char *result = NULL;
    gfa_fmt *f = NULL;
    switch (mode) {
    case OPT_AMOUNT:
    case OPT_PERCENT:
        f = gfa_fmt_new(&why);
        if (!f) {
            cli_errorf(c, "cannot open the ICU formatters: %s", why ? why : "unknown reason");
            return GFA_EXIT_USAGE;
        }
        result = mode == OPT_AMOUNT
                     ? gfa_fmt_amount(f, c->value[OPT_AMOUNT], decimals, 0, &why)
                     : gfa_fmt_percent(f, c->value[OPT_PERCENT], decimals, &why);
        gfa_fmt_free(f);
        break;
    case OPT_UPPER:
        result = gfa_fmt_rmb_upper(c->value[OPT_UPPER], GFA_FMT_RMB_PREFIX, &why);
        break;
    case OPT_DATE:
        result = gfa_fmt_date_zh(c->value[OPT_DATE], 0, &why);
        break;
    case OPT_WIDTH: {
        if (parse_small(c, "width", c->value[OPT_WIDTH], 0, GFA_FMT_MAX_WIDTH, &width))
            return GFA_EXIT_USAGE;
        cli_text sb;
        cli_text_init(&sb);
        for (int i = 0; i < c->ninputs; i++) {
            if (i)
                cli_text_addc(&sb, ' ');
            cli_text_adds(&sb, c->inputs[i]);
        }
        char *text = cli_text_take(&sb);
        result = text ? gfa_fmt_pad(text, width, align, amb, 0, &why) : NULL;
        free(text);
        break;
    }
    }
    if (!result) {
        const char *value = c->value[mode];
        cli_errorf(c, "cannot format '%s': %s", value, why ? why : "out of memory");
        return GFA_EXIT_REJECTED;
    }
    fprintf(c->out, "%s\n", result);
    free(result);
    return GFA_EXIT_OK;
}

const cli_command cli_fmt_command = {
    "fmt",
    "format an amount, percentage, 人民币大写, date or padded text as the renderers do",
    "--amount X [--decimals N] | --percent X | --upper X | --width N [--align l|r|c] TEXT "
    "| --date YYYY-MM-DD",
    "Formats one value with the ICU functions the stylesheets use: amounts with grouping\n"
    "and half-up rounding on the exact decimal (never through floating point), 人民币大写\n"
    "by the PBOC rules, text padded to a display width (CJK characters count two columns),\n"
    "Chinese dates. A value that cannot be represented is an error (exit status 1).",
    fmt_options,
    ARRAY_LEN(fmt_options),
    run_fmt,
    0,
};
