/* cli.c — the gfa command line as a function (gfa_main), so tests and fuzzers run whole
 * commands in process. All state lives in one struct; options are described once, as
 * data, and --help is generated from that table. */
#include "internal.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_HELP = 1, OPT_OUTPUT, OPT_QUIET, OPT_VERBOSE, OPT_DATADIR, OPT_NO_CHECK,
       OPT_COLOR, OPT_NO_COLOR };

typedef struct option_doc {
    const char *longname;
    char shortname;
    const char *arg; /* NULL: a flag */
    int id;
    const char *help;
} option_doc;

static const option_doc common_options[] = {
    {"datadir", 0, "DIR", OPT_DATADIR,
     "folder holding gfa's schemas/ and xslt/ (default: $GFA_DATADIR, else the installed data)"},
    {"quiet", 'q', NULL, OPT_QUIET, "print errors only"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "print informational messages too"},
    {"color", 0, NULL, OPT_COLOR, "colour diagnostics even when not on a terminal"},
    {"no-color", 0, NULL, OPT_NO_COLOR, "never colour diagnostics (also: NO_COLOR=1)"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};

static const option_doc convert_options[] = {
    {"output", 'o', "PATH", OPT_OUTPUT,
     "write into folder PATH (created if missing) as NAME.xml, or into file PATH.xml for a "
     "single input; without -o the instance goes to standard output"},
    {"no-check", 0, NULL, OPT_NO_CHECK, "do not validate the instance against the XSD"},
};

typedef struct cli {
    FILE *out, *err;
    const char *prog;
    int verbosity; /* 0 errors, 1 warnings (default), 2 everything */
    int color;     /* -1 auto */
    const char *datadir;
    const char *output;
    bool no_check;
    char **inputs;
    int ninputs;
    char exe_datadir[PATH_MAX];
} cli;

/* ------------------------------------------------------------ messages --- */

static const char *sev_color(gfa_severity s)
{
    switch (s) {
    case GFA_SEV_FATAL:
    case GFA_SEV_ERROR: return "\033[1;31m";
    case GFA_SEV_INCONSISTENCY: return "\033[1;35m";
    case GFA_SEV_WARNING: return "\033[1;33m";
    default: return "\033[1;36m";
    }
}

static gfa_severity min_shown(const cli *c)
{
    return c->verbosity >= 2 ? GFA_SEV_INFO : c->verbosity == 1 ? GFA_SEV_WARNING : GFA_SEV_ERROR;
}

/* GCC-style lines: file:line:col: severity: [ID] message (gateways grep this shape). */
static void print_diags(const cli *c, const gfa_diags *diags)
{
    for (size_t i = 0; i < gfa_diags_count(diags); i++) {
        const gfa_diag *d = gfa_diags_at(diags, i);
        if (gfa_diag_severity(d) < min_shown(c))
            continue;
        const char *file = gfa_diag_file(d);
        if (*file) {
            fprintf(c->err, "%s", file);
            if (gfa_diag_line(d) > 0)
                fprintf(c->err, ":%ld", gfa_diag_line(d));
            if (gfa_diag_column(d) > 0)
                fprintf(c->err, ":%ld", gfa_diag_column(d));
            fprintf(c->err, ": ");
        } else {
            fprintf(c->err, "%s: ", c->prog);
        }
        if (c->color)
            fprintf(c->err, "%s%s:\033[0m ", sev_color(gfa_diag_severity(d)),
                    gfa_severity_name(gfa_diag_severity(d)));
        else
            fprintf(c->err, "%s: ", gfa_severity_name(gfa_diag_severity(d)));
        fprintf(c->err, "[%s] %s", gfa_diag_id(d), gfa_diag_message(d));
        if (*gfa_diag_xpath(d))
            fprintf(c->err, " (at %s)", gfa_diag_xpath(d));
        fputc('\n', c->err);
    }
}

static void errorf(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void errorf(const cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "%s: ", c->prog);
    vfprintf(c->err, fmt, ap);
    fputc('\n', c->err);
    va_end(ap);
}

/* --------------------------------------------------------------- help --- */

static void print_options(FILE *f, const option_doc *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s%c%s--%s%s%s", opts[i].shortname ? "-" : "",
                 opts[i].shortname ? opts[i].shortname : ' ', opts[i].shortname ? ", " : "  ",
                 opts[i].longname, opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        if (!opts[i].shortname)
            memmove(left, left + 1, strlen(left)); /* no short form: align the long one */
        fprintf(f, "  %-22s %s\n", left, opts[i].help);
    }
}

static const char exit_codes_help[] =
    "Exit status:\n"
    "  0  every input was converted\n"
    "  1  an input could not be read as a report (it is named, with the reason)\n"
    "  2  usage error, or a file or folder could not be read or written\n";

static void help_main(const cli *c, FILE *f)
{
    fprintf(f,
            "Usage: %s COMMAND [OPTIONS] [FILE...]\n"
            "gfa reads China's government final-accounts disclosures (部门/单位决算公开) into\n"
            "XML instances that state every table, row, column and amount.\n\n"
            "Commands:\n"
            "  convert   read published reports and write XML instances\n"
            "  help      show help for a command (gfa help convert)\n"
            "  version   print the version\n\n"
            "Run '%s COMMAND --help' for a command's options. The manual: man gfa.\n",
            c->prog, c->prog);
}

static void help_convert(const cli *c, FILE *f)
{
    fprintf(f,
            "Usage: %s convert [OPTIONS] REPORT...\n"
            "Reads each REPORT (published text in UTF-8, UTF-16 or GB18030/GBK, or a gfa\n"
            "instance) and writes its XML instance, validated against gfa's XSD.\n"
            "Diagnostics go to standard error as FILE:LINE:COLUMN: SEVERITY: [ID] MESSAGE.\n\n"
            "Options:\n",
            c->prog);
    print_options(f, convert_options, ARRAY_LEN(convert_options));
    print_options(f, common_options, ARRAY_LEN(common_options));
    fprintf(f, "\n%s", exit_codes_help);
}

/* --------------------------------------------------------------- options --- */

static const option_doc *find_option(const option_doc *a, size_t na, const option_doc *b,
                                     size_t nb, const char *longname, char shortname)
{
    for (size_t i = 0; i < na + nb; i++) {
        const option_doc *o = i < na ? &a[i] : &b[i - na];
        if (longname ? strcmp(o->longname, longname) == 0 : (shortname && o->shortname == shortname))
            return o;
    }
    return NULL;
}

/* Parses argv[first..] into c; returns 0, or GFA_EXIT_USAGE after printing why, or -1 for
 * --help (already printed). */
static int parse_options(cli *c, int argc, char **argv, int first, const option_doc *opts,
                         size_t nopts, void (*help)(const cli *, FILE *))
{
    c->inputs = calloc((size_t)argc + 1, sizeof *c->inputs);
    if (!c->inputs)
        return GFA_EXIT_USAGE;
    bool only_files = false;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            c->inputs[c->ninputs++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = true;
            continue;
        }
        const option_doc *o;
        const char *value = NULL;
        char longbuf[64];
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            snprintf(longbuf, sizeof longbuf, "%.*s", eq ? (int)(eq - a - 2) : (int)strlen(a + 2), a + 2);
            o = find_option(opts, nopts, common_options, ARRAY_LEN(common_options), longbuf, 0);
            if (eq)
                value = eq + 1;
        } else {
            o = find_option(opts, nopts, common_options, ARRAY_LEN(common_options), NULL, a[1]);
            if (o && a[2])
                value = a + 2;
        }
        if (!o) {
            errorf(c, "unknown option '%s'", a);
            fprintf(c->err, "Use '%s %s --help' for the options.\n", c->prog, argv[first - 1]);
            return GFA_EXIT_USAGE;
        }
        if (o->arg && !value) {
            if (i + 1 >= argc) {
                errorf(c, "option --%s needs a value (%s)", o->longname, o->arg);
                return GFA_EXIT_USAGE;
            }
            value = argv[++i];
        } else if (!o->arg && value) {
            errorf(c, "option --%s takes no value", o->longname);
            return GFA_EXIT_USAGE;
        }
        switch (o->id) {
        case OPT_HELP: help(c, c->out); return -1;
        case OPT_OUTPUT: c->output = value; break;
        case OPT_QUIET: c->verbosity = 0; break;
        case OPT_VERBOSE: c->verbosity = 2; break;
        case OPT_DATADIR: c->datadir = value; break;
        case OPT_NO_CHECK: c->no_check = true; break;
        case OPT_COLOR: c->color = 1; break;
        case OPT_NO_COLOR: c->color = 0; break;
        default: break;
        }
    }
    return 0;
}

/* The data folder next to the executable: PREFIX/bin/gfa → PREFIX/share/gfa, or the
 * source tree for a binary built in build/. */
static const char *find_datadir(cli *c)
{
    if (c->datadir)
        return c->datadir;
    const char *env = getenv("GFA_DATADIR");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *dir = dirname(exe);
    static const char *const rel[] = {"../share/gfa", "..", "../.."};
    for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/%s/schemas/gfa-report.xsd", dir, rel[i]);
        if (access(probe, R_OK) == 0) {
            snprintf(c->exe_datadir, sizeof c->exe_datadir, "%s/%s", dir, rel[i]);
            return c->exe_datadir;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------- convert --- */

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static char *output_path(const cli *c, const char *input, bool into_dir)
{
    if (!into_dir)
        return strdup(c->output);
    char *copy = strdup(input);
    if (!copy)
        return NULL;
    char *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    char *path = NULL;
    if (asprintf(&path, "%s/%s.xml", c->output, base) < 0)
        path = NULL;
    free(copy);
    return path;
}

static int cmd_convert(cli *c, int argc, char **argv)
{
    int rc = parse_options(c, argc, argv, 2, convert_options, ARRAY_LEN(convert_options),
                           help_convert);
    if (rc)
        return rc < 0 ? GFA_EXIT_OK : rc;
    if (c->ninputs == 0) {
        errorf(c, "no REPORT given");
        fprintf(c->err, "Usage: %s convert [OPTIONS] REPORT...  (see --help)\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    bool into_dir = false;
    if (c->output) {
        into_dir = is_dir(c->output) || str_ends(c->output, "/") || c->ninputs > 1 ||
                   !str_ends(c->output, ".xml");
        if (into_dir && !is_dir(c->output) && mkdir(c->output, 0755) != 0) {
            errorf(c, "cannot create the output folder '%s': %s", c->output, strerror(errno));
            return GFA_EXIT_USAGE;
        }
    } else if (c->ninputs > 1) {
        errorf(c, "several reports need an output folder: add -o DIR");
        return GFA_EXIT_USAGE;
    }
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? gfa_context_open(find_datadir(c), diags) : NULL;
    if (!ctx) {
        print_diags(c, diags);
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    int failed = 0, io_failed = 0, written = 0;
    for (int i = 0; i < c->ninputs; i++) {
        gfa_diags_clear(diags);
        gfa_report *report = NULL;
        gfa_status st = gfa_report_read_file(ctx, c->inputs[i], &report, diags);
        if (st == GFA_OK && !c->no_check)
            st = gfa_report_check_schema(ctx, report, diags);
        if (st == GFA_OK) {
            if (c->output) {
                char *path = output_path(c, c->inputs[i], into_dir);
                st = path ? gfa_report_save(report, path, diags) : GFA_ERR_NOMEM;
                if (st == GFA_OK && c->verbosity > 0)
                    fprintf(c->err, "%s: wrote %s\n", c->prog, path);
                free(path);
            } else {
                size_t len = 0;
                char *xml = gfa_report_serialise(report, &len);
                if (!xml || fwrite(xml, 1, len, c->out) != len)
                    st = GFA_ERR_IO;
                free(xml);
            }
        }
        print_diags(c, diags);
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
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    if (io_failed)
        return GFA_EXIT_USAGE;
    return failed ? GFA_EXIT_REJECTED : GFA_EXIT_OK;
}

/* ----------------------------------------------------------------- main --- */

int gfa_main(int argc, char **argv, FILE *out, FILE *err)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.err = err;
    c.prog = "gfa";
    c.verbosity = 1;
    const char *no_color = getenv("NO_COLOR");
    c.color = (isatty(fileno(err)) && !(no_color && *no_color)) ? 1 : 0;
    int rc;
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd) {
        help_main(&c, err);
        rc = GFA_EXIT_USAGE;
    } else if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        help_main(&c, out);
        rc = GFA_EXIT_OK;
    } else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        fprintf(out, "gfa %s\n", gfa_version());
        rc = GFA_EXIT_OK;
    } else if (strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (topic && strcmp(topic, "convert") == 0) {
            help_convert(&c, out);
            rc = GFA_EXIT_OK;
        } else if (!topic) {
            help_main(&c, out);
            rc = GFA_EXIT_OK;
        } else {
            errorf(&c, "no help for '%s': unknown command", topic);
            rc = GFA_EXIT_USAGE;
        }
    } else if (strcmp(cmd, "convert") == 0) {
        rc = cmd_convert(&c, argc, argv);
    } else {
        errorf(&c, "unknown command '%s'", cmd);
        fprintf(err, "Use '%s --help' for the list of commands.\n", c.prog);
        rc = GFA_EXIT_USAGE;
    }
    free(c.inputs);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "%s: writing output failed\n", c.prog);
        rc = GFA_EXIT_USAGE;
    }
    return rc;
}
