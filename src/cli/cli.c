/* cli.c — the gfa command line as a function (gfa_main), so tests and fuzzers run whole
 * commands in process. This file holds what every command shares: option parsing from
 * the commands' option tables, --help generated from them, diagnostics printing, the
 * data-folder lookup and the dispatch. Each command lives in its own cli_NAME.c. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const option_doc cli_common_options[] = {
    {"datadir", 0, "DIR", OPT_DATADIR,
     "folder holding gfa's schemas/ and xslt/ (default: $GFA_DATADIR, else the installed data)"},
    {"quiet", 'q', NULL, OPT_QUIET, "print errors only"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "print informational messages too"},
    {"color", 0, NULL, OPT_COLOR, "colour diagnostics even when not on a terminal"},
    {"no-color", 0, NULL, OPT_NO_COLOR, "never colour diagnostics (also: NO_COLOR=1)"},
    {"limit", 0, "NAME=N", OPT_LIMIT,
     "change a safety limit (repeatable; N may end in K, M or G; the limits and their "
     "defaults are listed below)"},
    {"exit-zero", 0, NULL, OPT_EXIT_ZERO,
     "exit 0 even when reports are rejected or unreadable (for pipelines: cmd && next); "
     "usage and I/O errors still exit 2"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};
const size_t cli_ncommon_options = ARRAY_LEN(cli_common_options);

const char cli_exit_codes_help[] =
    "Exit status (the same for every command):\n"
    "  0  every input was read, and accepted where validated\n"
    "  1  an input was rejected by the business rules or is not a readable report\n"
    "     (0 with --exit-zero)\n"
    "  2  usage error, or a file, folder or gfa's data could not be opened, read or\n"
    "     written\n";

int cli_exit_status(const cli *c, size_t rejected, size_t unreadable, size_t io)
{
    if (io)
        return GFA_EXIT_USAGE;
    if ((rejected || unreadable) && !c->flag[OPT_EXIT_ZERO])
        return GFA_EXIT_REJECTED;
    return GFA_EXIT_OK;
}

/* The commands, in the order --help lists them. */
static const cli_command *const commands[] = {
    &cli_convert_command,
    &cli_validate_command,
    &cli_render_command,
    &cli_batch_command,
    &cli_export_command,
    &cli_load_command,
    &cli_query_command,
    &cli_check_command,
    &cli_rules_command,
    &cli_fmt_command,
};

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
void cli_print_diags(const cli *c, const gfa_diags *diags)
{
    for (size_t i = 0; i < gfa_diags_count(diags); i++) {
        const gfa_diag *d = gfa_diags_at(diags, i);
        if (gfa_diag_severity(d) < min_shown(c))
            continue;
        const char *file = gfa_diag_file(d);
        if (*file) {
            fprintf(c->err, "%s", file);
            if (*gfa_diag_at(d)) { /* a PDF page and position, a workbook cell */
                fprintf(c->err, ":%s", gfa_diag_at(d));
            } else {
                if (gfa_diag_line(d) > 0)
                    fprintf(c->err, ":%ld", gfa_diag_line(d));
                if (gfa_diag_column(d) > 0)
                    fprintf(c->err, ":%ld", gfa_diag_column(d));
            }
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
        if (*gfa_diag_source_file(d)) { /* an instance: where in the text it was read from */
            fprintf(c->err, " (source %s", gfa_diag_source_file(d));
            if (gfa_diag_source_line(d) > 0)
                fprintf(c->err, ":%ld", gfa_diag_source_line(d));
            if (gfa_diag_source_line(d) > 0 && gfa_diag_source_column(d) > 0)
                fprintf(c->err, ":%ld", gfa_diag_source_column(d));
            fputc(')', c->err);
        }
        if (*gfa_diag_xpath(d))
            fprintf(c->err, " (at %s)", gfa_diag_xpath(d));
        if (*gfa_diag_fingerprint(d))
            fprintf(c->err, " #%s", gfa_diag_fingerprint(d));
        fputc('\n', c->err);
    }
}

void cli_errorf(const cli *c, const char *fmt, ...)
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
        if (opts[i].shortname)
            snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i].shortname, opts[i].longname,
                     opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", opts[i].longname, opts[i].arg ? " " : "",
                     opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-24s %s\n", left, opts[i].help);
    }
}

static void help_main(const cli *c, FILE *f)
{
    fprintf(f,
            "Usage: %s COMMAND [OPTIONS] [FILE...]\n"
            "gfa reads China's government final-accounts disclosures (部门/单位决算公开) into\n"
            "XML instances that state every table, row, column and amount.\n\n"
            "Commands:\n",
            c->prog);
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "  %-9s %s\n  %-9s %s\n\n", "help", "show help for a command (gfa help convert)",
            "version", "print the version");
    fprintf(f, "Run '%s COMMAND --help' for a command's options. The manual: man gfa.\n", c->prog);
}

static void help_command(const cli *c, const cli_command *cmd, FILE *f)
{
    fprintf(f, "Usage: %s %s %s\n%s\n\nOptions:\n", c->prog, cmd->name, cmd->usage,
            cmd->description);
    print_options(f, cmd->options, cmd->noptions);
    print_options(f, cli_common_options, cli_ncommon_options);
    const char *name, *ext, *desc;
    int readable;
    if (cmd->lists & CLI_LISTS_READERS) {
        fprintf(f, "\nInput formats (--from NAME; by default each input's is detected):\n");
        for (size_t i = 0; gfa_reader_info(i, &name, &ext, &desc, &readable); i++)
            fprintf(f, "  %-10s %s%s%s%s%s\n", name, readable ? "" : "[not readable yet] ",
                    desc, *ext ? " (" : "", ext, *ext ? ")" : "");
    }
    if (cmd->lists & CLI_LISTS_WRITERS) {
        fprintf(f, "\nOutput formats (--to NAME,...):\n");
        for (size_t i = 0; gfa_writer_info(i, &name, &ext, &desc); i++)
            fprintf(f, "  %-10s %s (.%s)\n", name, desc, ext);
    }
    fprintf(f, "\nLimits (--limit NAME=N; default in brackets):\n ");
    for (int i = 0; gfa_limit_name((gfa_limit)i); i++) {
        char def[32];
        fprintf(f, " %s [%s]", gfa_limit_name((gfa_limit)i),
                cli_size_text(gfa_limit_default((gfa_limit)i), def, sizeof def));
    }
    fprintf(f, "\n\n%s", cli_exit_codes_help);
}

/* --------------------------------------------------------------- options --- */

static const option_doc *find_option(const cli_command *cmd, const char *longname, char shortname)
{
    for (size_t i = 0; i < cmd->noptions + cli_ncommon_options; i++) {
        const option_doc *o = i < cmd->noptions ? &cmd->options[i]
                                                : &cli_common_options[i - cmd->noptions];
        if (longname ? strcmp(o->longname, longname) == 0 : (shortname && o->shortname == shortname))
            return o;
    }
    return NULL;
}

/* Parses argv[2..]; returns 0, GFA_EXIT_USAGE after printing why, or -1 for --help. */
static int parse_options(cli *c, const cli_command *cmd, int argc, char **argv)
{
    c->inputs = calloc((size_t)argc + 1, sizeof *c->inputs);
    c->multi = calloc((size_t)argc + 1, sizeof *c->multi);
    c->multi_id = calloc((size_t)argc + 1, sizeof *c->multi_id);
    c->limits = calloc((size_t)argc + 1, sizeof *c->limits);
    if (!c->inputs || !c->multi || !c->multi_id || !c->limits)
        return GFA_EXIT_USAGE;
    bool only_files = false;
    for (int i = 2; i < argc; i++) {
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
        if (a[1] == '-') {
            char name[64];
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), a + 2);
            o = find_option(cmd, name, 0);
            if (eq)
                value = eq + 1;
        } else {
            o = find_option(cmd, NULL, a[1]);
            if (o && a[2])
                value = a + 2;
        }
        if (!o) {
            cli_errorf(c, "unknown option '%s'", a);
            fprintf(c->err, "Use '%s %s --help' for the options.\n", c->prog, cmd->name);
            return GFA_EXIT_USAGE;
        }
        if (o->arg && !value) {
            if (i + 1 >= argc) {
                cli_errorf(c, "option --%s needs a value (%s)", o->longname, o->arg);
                return GFA_EXIT_USAGE;
            }
            value = argv[++i];
        } else if (!o->arg && value) {
            cli_errorf(c, "option --%s takes no value", o->longname);
            return GFA_EXIT_USAGE;
        }
        switch (o->id) {
        case OPT_HELP: help_command(c, cmd, c->out); return -1;
        case OPT_QUIET: c->verbosity = 0; break;
        case OPT_VERBOSE: c->verbosity = 2; break;
        case OPT_DATADIR: c->datadir = value; break;
        case OPT_COLOR: c->color = 1; break;
        case OPT_NO_COLOR: c->color = 0; break;
        default: break;
        }
        c->flag[o->id] = true;
        if (value) {
            c->value[o->id] = value;
            if (o->id == OPT_SEVERITY || o->id == OPT_INCLUDE || o->id == OPT_EXCLUDE ||
                o->id == OPT_PARAM) {
                c->multi_id[c->nmulti] = o->id; /* repeatable */
                c->multi[c->nmulti++] = value;
            }
            if (o->id == OPT_LIMIT)
                c->limits[c->nlimits++] = value;
        }
    }
    return 0;
}

/* The data folder next to the executable: PREFIX/bin/gfa → PREFIX/share/gfa, or the
 * source tree for a binary built in build/. */
const char *cli_datadir(cli *c)
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

char *cli_size_text(long long v, char *buf, size_t n)
{
    if (v >= (1LL << 20) && v % (1LL << 20) == 0)
        snprintf(buf, n, "%lldM", v >> 20);
    else if (v >= 1024 && v % 1024 == 0)
        snprintf(buf, n, "%lldK", v >> 10);
    else
        snprintf(buf, n, "%lld", v);
    return buf;
}

/* "200M" → 209715200: a whole number with an optional K, M or G (also KiB, MiB, GiB, KB …,
 * all binary). False for anything else. */
static bool parse_size(const char *v, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end == v || errno || n < 0)
        return false;
    int shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (shift && *end == 'i')
        end++;
    if (shift && (*end == 'B' || *end == 'b'))
        end++;
    if (*end || (shift && n > (LLONG_MAX >> shift)))
        return false;
    *out = n << shift;
    return true;
}

static bool apply_limit(cli *c, gfa_context *ctx, const char *spec)
{
    char names[256] = "";
    for (int i = 0; gfa_limit_name((gfa_limit)i); i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 gfa_limit_name((gfa_limit)i));
    const char *eq = strchr(spec, '=');
    char name[32];
    if (!eq || eq - spec >= (long)sizeof name || eq == spec) {
        cli_errorf(c, "--limit %s: expected NAME=N with NAME one of %s", spec, names);
        return false;
    }
    snprintf(name, sizeof name, "%.*s", (int)(eq - spec), spec);
    int which = gfa_limit_by_name(name);
    if (which < 0) {
        cli_errorf(c, "--limit %s: no limit is called '%s' (%s)", spec, name, names);
        return false;
    }
    long long v;
    if (!parse_size(eq + 1, &v)) {
        cli_errorf(c, "--limit %s: '%s' is not a whole number%s", spec, eq + 1,
                   which == GFA_LIMIT_SECONDS ? " of seconds" : " (sizes may end in K, M or G)");
        return false;
    }
    if (gfa_context_set_limit(ctx, (gfa_limit)which, v) != GFA_OK) {
        cli_errorf(c, "--limit %s: %s must be at least %d", spec, name,
                   which == GFA_LIMIT_SECONDS ? 0 : 1);
        return false;
    }
    return true;
}

gfa_context *cli_open_context(cli *c, gfa_diags *diags)
{
    gfa_context *ctx = gfa_context_open(cli_datadir(c), diags);
    if (!ctx)
        cli_print_diags(c, diags);
    for (int i = 0; ctx && i < c->nlimits; i++) {
        if (!apply_limit(c, ctx, c->limits[i])) {
            gfa_context_free(ctx);
            return NULL;
        }
    }
    return ctx;
}

bool cli_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

bool cli_is_stream(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode);
}

char *cli_output_name(const char *dir, const char *input, const char *ext)
{
    char *copy = strdup(strcmp(input, "-") == 0 ? "stdin" : input);
    if (!copy)
        return NULL;
    char *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    char *path = NULL;
    if (asprintf(&path, "%s/%s.%s", dir, base, ext) < 0)
        path = NULL;
    free(copy);
    return path;
}

char **cli_output_paths(const gfa_pipeline *p, const char *output, bool into_dir,
                        const char *input)
{
    size_t n = gfa_pipeline_outputs(p);
    char **paths = calloc(n + 1, sizeof *paths);
    bool ok = paths != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        if (!output)
            paths[i] = strdup("-");
        else if (into_dir)
            paths[i] = cli_output_name(output, input, gfa_pipeline_output_extension(p, i));
        else
            paths[i] = strdup(output);
        ok = paths[i] != NULL;
    }
    if (!ok) {
        cli_free_paths(paths, n);
        return NULL;
    }
    return paths;
}

void cli_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

/* The writer whose extension ends the name, the longest that does: x.facts.csv is
 * facts-csv, x.review.html html-review, x.html html. */
const char *cli_writer_for_file(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *name, *ext, *best = NULL;
    size_t best_len = 0, n = strlen(base);
    for (size_t i = 0; gfa_writer_info(i, &name, &ext, NULL); i++) {
        size_t e = strlen(ext);
        bool ends = n > e + 1 && base[n - e - 1] == '.' && strcmp(base + n - e, ext) == 0;
        if (!ends && strcmp(ext, "html") == 0 && cli_str_ends(base, ".htm") && n > 4)
            ends = true, e = 3;
        if (ends && e > best_len) {
            best = name;
            best_len = e;
        }
    }
    return best;
}

int cli_output_target(cli *c, const char **output, size_t noutputs, bool *into_dir)
{
    *into_dir = false;
    if (*output && strcmp(*output, "-") == 0)
        *output = NULL; /* "-" is standard output, never a file named "-" */
    const char *o = *output;
    if (!o) {
        if (c->ninputs > 1 || noutputs > 1) {
            cli_errorf(c, "%s need an output folder: add -o DIR",
                       c->ninputs > 1 ? "several inputs" : "several output formats");
            return GFA_EXIT_USAGE;
        }
        return 0;
    }
    /* a CSV folder written before (out.csv/) is the csv writer's output again */
    const char *writer = cli_writer_for_file(o);
    /* a device or a pipe (/dev/null, /dev/stdout) is one file, of the default format */
    bool folder = (cli_is_dir(o) && !(writer && strcmp(writer, "csv") == 0)) ||
                  cli_str_ends(o, "/") || (!writer && !cli_is_stream(o));
    if (!folder && (c->ninputs > 1 || noutputs > 1)) {
        cli_errorf(c, "-o %s is one file, but %s: give a folder (-o DIR/)", o,
                   c->ninputs > 1 ? "there are several inputs" : "there are several outputs");
        return GFA_EXIT_USAGE;
    }
    if (folder && !cli_is_dir(o) && mkdir(o, 0755) != 0) {
        cli_errorf(c, "cannot create the output folder '%s': %s", o, strerror(errno));
        return GFA_EXIT_USAGE;
    }
    *into_dir = folder;
    return 0;
}

const char *cli_folder_writers(gfa_render_mode mode, bool instances)
{
    if (!instances)
        return "xml";
    return mode == GFA_RENDER_AUTO ? "html,text,html-review,text-review,xml" : "html,text,xml";
}

int cli_pipeline_error(cli *c, gfa_diags *diags)
{
    for (size_t i = 0; i < gfa_diags_count(diags); i++)
        cli_errorf(c, "%s", gfa_diag_message(gfa_diags_at(diags, i)));
    return GFA_EXIT_USAGE;
}


/* ----------------------------------------------------------------- main --- */

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; name && i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

/* A copy of argv with common options placed before the command moved after it
 * ("gfa -q --datadir D convert x" → "gfa convert -q --datadir D x"); the same order when
 * there are none. NULL on no memory. */
static char **move_global_options(int argc, char **argv)
{
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args)
        return NULL;
    int k = 1; /* the first argument that is not a common option or its value */
    while (k < argc && argv[k][0] == '-' && argv[k][1] && strcmp(argv[k], "--") != 0) {
        const option_doc *o = NULL;
        for (size_t i = 0; i < cli_ncommon_options && !o; i++) {
            const option_doc *co = &cli_common_options[i];
            size_t n = strlen(co->longname);
            if (argv[k][1] == '-' ? strncmp(argv[k] + 2, co->longname, n) == 0 &&
                                        (argv[k][2 + n] == '\0' || argv[k][2 + n] == '=')
                                  : co->shortname && argv[k][1] == co->shortname)
                o = co;
        }
        if (!o || o->id == OPT_HELP)
            break;
        bool inline_value = strchr(argv[k], '=') || (argv[k][1] != '-' && argv[k][2]);
        k += o->arg && !inline_value ? 2 : 1;
    }
    if (k >= argc || k == 1) {
        memcpy(args, argv, (size_t)argc * sizeof *args);
        return args;
    }
    int n = 0;
    args[n++] = argv[0];
    args[n++] = argv[k];
    for (int i = 1; i < k; i++)
        args[n++] = argv[i];
    for (int i = k + 1; i < argc; i++)
        args[n++] = argv[i];
    return args;
}

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
    /* options every command takes may come before the command: gfa --datadir D convert … */
    char **args = move_global_options(argc, argv);
    if (!args) {
        fprintf(err, "gfa: out of memory\n");
        return GFA_EXIT_USAGE;
    }
    argv = args;
    const char *name = argc > 1 ? argv[1] : NULL;
    const cli_command *cmd = find_command(name);
    if (!name) {
        help_main(&c, err);
        rc = GFA_EXIT_USAGE;
    } else if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        help_main(&c, out);
        rc = GFA_EXIT_OK;
    } else if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 ||
               strcmp(name, "version") == 0) {
        fprintf(out, "gfa %s\n", gfa_version());
        rc = GFA_EXIT_OK;
    } else if (strcmp(name, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        const cli_command *t = find_command(topic);
        rc = GFA_EXIT_OK;
        if (t)
            help_command(&c, t, out);
        else if (!topic)
            help_main(&c, out);
        else {
            cli_errorf(&c, "no help for '%s': unknown command", topic);
            rc = GFA_EXIT_USAGE;
        }
    } else if (cmd) {
        c.command = cmd->name;
        rc = parse_options(&c, cmd, argc, argv);
        if (rc == 0)
            rc = cmd->run(&c);
        else if (rc < 0)
            rc = GFA_EXIT_OK;
    } else {
        cli_errorf(&c, "unknown command '%s'", name);
        fprintf(err, "Use '%s --help' for the list of commands.\n", c.prog);
        rc = GFA_EXIT_USAGE;
    }
    free(c.inputs);
    free(c.multi);
    free(c.multi_id);
    free(c.limits);
    free(args);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "%s: writing output failed\n", c.prog);
        rc = GFA_EXIT_USAGE;
    }
    return rc;
}

/* ------------------------------------------------------------- helpers --- */

bool cli_str_ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

char *cli_strndup(const char *s, size_t n)
{
    return strndup(s, n);
}

void cli_text_init(cli_text *t)
{
    t->data = NULL;
    t->len = 0;
    t->f = open_memstream(&t->data, &t->len);
}

void cli_text_adds(cli_text *t, const char *s)
{
    if (t->f)
        fputs(s, t->f);
}

void cli_text_addc(cli_text *t, char c)
{
    if (t->f)
        fputc(c, t->f);
}

char *cli_text_take(cli_text *t)
{
    if (!t->f)
        return NULL;
    int bad = ferror(t->f);
    fclose(t->f);
    t->f = NULL;
    if (bad) {
        free(t->data);
        return NULL;
    }
    char *d = t->data;
    t->data = NULL;
    return d;
}
