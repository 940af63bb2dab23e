/* cli.h — shared by the files of the command line (cli*.c): one file per command, the
 * state in one struct, options described once as data. Not installed. */
#ifndef GFA_CLI_H
#define GFA_CLI_H

#include "gfa.h"

#include <stdbool.h>
#include <stdint.h>

#include <limits.h>
#include <stdio.h>

typedef struct option_doc {
    const char *longname;
    char shortname;
    const char *arg; /* NULL: a flag */
    int id;
    const char *help;
} option_doc;

/* Option ids of every command; each command's table lists the ones it accepts. */
enum {
    OPT_HELP = 1, OPT_OUTPUT, OPT_QUIET, OPT_VERBOSE, OPT_DATADIR, OPT_NO_CHECK, OPT_COLOR,
    OPT_NO_COLOR, OPT_REPORT, OPT_REPORT_FORMAT, OPT_SEVERITY, OPT_CONFIG, OPT_LEDGER,
    OPT_NO_VALIDATE, OPT_FORMAT, OPT_WIDTH, OPT_AMBIGUOUS, OPT_JOBS, OPT_RESUME, OPT_SHARD,
    OPT_FILES_FROM, OPT_MERGE, OPT_UPPER, OPT_AMOUNT, OPT_PERCENT, OPT_DECIMALS, OPT_DATE,
    OPT_ALIGN, OPT_NO_RENDER, OPT_LIMIT, OPT_FROM, OPT_TO, OPT_EXIT_ZERO, OPT_INCLUDE, OPT_EXCLUDE,
    OPT_MODE,
    OPT_XLSX, OPT_CSV, OPT_CSV_ENCODING,
    OPT_DB, OPT_WAIT, OPT_INIT, OPT_ENTITIES, OPT_SQL, OPT_PARAM, OPT_LIST, OPT_CONSOLIDATION,
    OPT_YEAR_OVER_YEAR, OPT_YEAR, OPT_ENTITY, OPT_RECORD,
};

typedef struct cli {
    FILE *out, *err;
    const char *prog;
    const char *command;
    int verbosity; /* 0 errors, 1 warnings (default), 2 everything */
    int color;     /* 1: ANSI colours on stderr */
    const char *datadir;
    char **inputs;
    int ninputs;
    /* option values by id (the last occurrence wins); repeated ones are in `multi` */
    const char *value[64];
    bool flag[64];
    const char **multi;
    int *multi_id; /* the option each of multi is a value of */
    int nmulti;
    const char **limits; /* --limit NAME=N, applied to the context */
    int nlimits;
    char exe_datadir[PATH_MAX];
} cli;

/* A command: its name, one-line summary, usage, options and the function running it. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;       /* after "gfa NAME " */
    const char *description; /* paragraphs for --help */
    const option_doc *options;
    size_t noptions;
    int (*run)(cli *c);
    unsigned lists; /* --help also lists: CLI_LISTS_READERS, CLI_LISTS_WRITERS */
} cli_command;

enum { CLI_LISTS_READERS = 1, CLI_LISTS_WRITERS = 2 };

extern const option_doc cli_common_options[];
extern const size_t cli_ncommon_options;
extern const char cli_exit_codes_help[];
/* A size as --limit reads it back: 16777216 → "16M". Returns buf. */
char *cli_size_text(long long v, char *buf, size_t n);
/* The one exit policy (cli_exit_codes_help): 2 for any usage or I/O problem, else 1 for a
 * rejected or unreadable report unless --exit-zero, else 0. */
int cli_exit_status(const cli *c, size_t rejected, size_t unreadable, size_t io);

void cli_print_diags(const cli *c, const gfa_diags *diags);
void cli_errorf(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The data folder: --datadir, $GFA_DATADIR, next to the executable, or NULL (built-in). */
const char *cli_datadir(cli *c);
/* Opens the context, printing why on failure. */
gfa_context *cli_open_context(cli *c, gfa_diags *diags);


/* Applies --config/--severity (cli_validate.c); 0 or an exit code. */
int cli_configure_validator(cli *c, gfa_validator *val, gfa_diags *diags);
/* Opens the context and a validator configured by --config/--severity (cli_validate.c):
 * 0, or an exit code after printing why (*ctx and *val may then be NULL; free them). */
int cli_open_validator(cli *c, gfa_diags *diags, gfa_context **ctx, gfa_validator **val);
/* One summary line for a verdict. */
void cli_print_verdict(cli *c, const char *file, const gfa_verdict *v);
/* --report-format (svrl, json); 0 or GFA_EXIT_USAGE after saying why. */
int cli_report_format(cli *c, gfa_report_format *fmt);
/* Writes a gateway report (text, len: gfa_outcomes_report, gfa_verdicts_report) to
 * --report FILE (- for standard output) and frees it; false after printing why. */
bool cli_write_report(cli *c, char *text, size_t len, gfa_diags *diags);
/* The ledger of a verdict on standard output; with_file: each line starts with file. */
void cli_print_ledger(cli *c, const char *file, const gfa_verdict *v, bool with_file);

/* ---- collections (cli_batch.c), shared by batch and load ---- */
typedef struct cli_inputs {
    char **paths;   /* files */
    char **stems;   /* output stem per file */
    char **reasons; /* per file: NULL, or why it fails without being read */
    size_t n, cap;
} cli_inputs;
void cli_inputs_free(cli_inputs *l);
/* -j N; 0 or an exit code. */
int cli_jobs(cli *c, long *jobs);
/* The reports of the inputs (folders walked with --include/--exclude, --files-from),
 * this shard's share (--shard I/N); outdir: where outputs go (NULL: none). 0 or an exit
 * code after saying why. */
int cli_collect(cli *c, const char *outdir, cli_inputs *out);
/* gfa_batch_run with SIGINT/SIGTERM stopping it and a progress line on a terminal. */
gfa_status cli_run_batch(cli *c, gfa_batch_config *cfg, gfa_batch_result **res,
                         double *seconds);
bool cli_interrupted(void);
/* Prints the failed items (and every item with -v); counts by status, I/O failures and
 * items up to date. */
void cli_batch_items(cli *c, const gfa_batch_result *res, size_t n[5], size_t *io,
                     size_t *skipped);
/* The exit status of a batch (cli_exit_status; interrupted is never 0). */
int cli_batch_exit(cli *c, const size_t n[5], size_t io);

/* ---- the store (cli_load.c) ---- */
/* Opens the store of --db (--wait; flags GFA_STORE_*), printing why it cannot. */
gfa_store *cli_open_store(cli *c, gfa_context *ctx, unsigned flags, gfa_diags *diags);
/* "; N report(s), M amounts loaded into DB" for a batch that stored. */
void cli_print_stored(cli *c, const gfa_store *store, const gfa_batch_result *res);

extern const cli_command cli_convert_command;
extern const cli_command cli_validate_command;
extern const cli_command cli_batch_command;
extern const cli_command cli_render_command;
extern const cli_command cli_fmt_command;
extern const cli_command cli_export_command;
extern const cli_command cli_load_command;
extern const cli_command cli_query_command;
extern const cli_command cli_check_command;
extern const cli_command cli_rules_command;

/* DIR/NAME.ext for an input (NAME without its extension; "stdin" for "-"). */
char *cli_output_name(const char *dir, const char *input, const char *ext);
/* True for an existing folder. */
bool cli_is_dir(const char *path);
/* Exists and is neither a folder nor a regular file: a device or a pipe (/dev/null, /dev/stdout). */
bool cli_is_stream(const char *path);
/* The output paths of one input for the pipeline's writers: one per writer, "-" for
 * standard output; with into_dir DIR/NAME.EXT, else `output` itself. NULL on no memory;
 * free with cli_free_paths. */
char **cli_output_paths(const gfa_pipeline *p, const char *output, bool into_dir,
                        const char *input);
void cli_free_paths(char **paths, size_t n);
/* The writer whose extension a file name has ("out.html" → "html"), or NULL. */
const char *cli_writer_for_file(const char *path);
/* Where -o points (one rule for every command): absent or "-": standard output (then
 * *output becomes NULL; one input and one output only); an existing folder, a name ending
 * in '/', or a name without an output extension: a folder (created); a name with an
 * output extension (.xml, .html, .txt …): that one file. 0 or GFA_EXIT_USAGE after saying
 * why. */
int cli_output_target(cli *c, const char **output, size_t noutputs, bool *into_dir);
/* Prints one line per problem of a pipeline's set-up and returns GFA_EXIT_USAGE. */
int cli_pipeline_error(cli *c, gfa_diags *diags);

/* --width/--ambiguous/--mode as render options (cli_render.c; false after printing why);
 * the mode is `mode` unless --mode names one. */
bool cli_render_options(cli *c, gfa_render_mode mode, gfa_render_options *opt);
/* The help line of --mode, the same for every command. */
#define CLI_MODE_HELP                                                                          \
    "publish: pages as printed, for publication (no findings, no marks); review: pages "      \
    "with the findings listed and marked; auto: review when there are findings"
/* The writers of a folder of outputs: NAME.html and NAME.txt are publication pages, and
 * with mode auto the review pages NAME.review.html and .txt are written beside them when
 * a report has findings. */
const char *cli_folder_writers(gfa_render_mode mode, bool instances);

/* ---- small helpers of the CLI's own (cli.c); the library's internals are not visible here */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
bool cli_str_ends(const char *s, const char *suffix);
char *cli_strndup(const char *s, size_t n);
/* A growable string (open_memstream). */
typedef struct cli_text {
    char *data;
    size_t len;
    FILE *f;
} cli_text;
void cli_text_init(cli_text *t);
void cli_text_adds(cli_text *t, const char *s);
void cli_text_addc(cli_text *t, char c);
/* The contents (caller frees; NULL on failure) */
char *cli_text_take(cli_text *t);

#endif
