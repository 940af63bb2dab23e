/*
 * gfa.h — the public interface of libgfa, a toolkit for China's government final-accounts
 * disclosures (部门决算公开 / 单位决算公开).
 *
 * The verbs: read a published report into one XML instance (a libxml2 document),
 * validate it, render it, and do this in batch. Everything that varies with a province or
 * a year (table definitions, code lists, rules, stylesheets) is data under the data
 * directory (schemas/, xslt/), loaded once into a gfa_context.
 *
 * Ownership, in two lines:
 *   every *_new / *_open / *_read returns an object the caller frees with its *_free;
 *   every char* a function returns is malloc'd and freed by the caller with free().
 * Borrowed pointers (const char* accessors, gfa_report_doc) live as long as their owner.
 *
 * Threads: a gfa_context is immutable after gfa_context_open and may be shared by any
 * number of threads; gfa_report and gfa_diags objects belong to one thread at a time.
 * Call gfa_global_init() once in the main thread before starting threads.
 *
 * The library never prints and never exits: problems are appended to a gfa_diags list
 * the caller owns, and functions return a gfa_status.
 */
#ifndef GFA_H
#define GFA_H

#include <stddef.h>
#include <stdio.h>
#include <libxml/tree.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and diagnostics ------------------------------------------------------- */

typedef enum gfa_status {
    GFA_OK = 0,
    GFA_ERR_INPUT,   /* the input is unreadable, not a report, or not what was expected */
    GFA_ERR_IO,      /* a file could not be read or written */
    GFA_ERR_DATA,    /* gfa's own data files (schemas/, xslt/) are missing or invalid */
    GFA_ERR_NOMEM,
    GFA_ERR_USAGE,   /* an API or command-line argument is invalid */
} gfa_status;

/* Severities, least to most severe. GFA_SEV_INCONSISTENCY is a calculation
 * inconsistency: a reported total that does not equal the sum it should. */
typedef enum gfa_severity {
    GFA_SEV_INFO = 0,
    GFA_SEV_WARNING,
    GFA_SEV_INCONSISTENCY,
    GFA_SEV_ERROR,
    GFA_SEV_FATAL,
} gfa_severity;

/* Where a diagnostic comes from. */
typedef enum gfa_domain {
    GFA_DOM_IO = 0,    /* reading and writing files */
    GFA_DOM_DECODE,    /* character encodings */
    GFA_DOM_READER,    /* turning a published report into an instance */
    GFA_DOM_XML,       /* XML well-formedness and the secure-parsing policy */
    GFA_DOM_SCHEMA,    /* XSD validation of an instance */
    GFA_DOM_RULES,     /* business rules */
    GFA_DOM_DATA,      /* gfa's own data files */
} gfa_domain;

typedef struct gfa_diag gfa_diag;
typedef struct gfa_diags gfa_diags;

gfa_diags *gfa_diags_new(void);
void gfa_diags_free(gfa_diags *diags);
size_t gfa_diags_count(const gfa_diags *diags);
/* Number of diagnostics at or above a severity. */
size_t gfa_diags_count_at_least(const gfa_diags *diags, gfa_severity min);
const gfa_diag *gfa_diags_at(const gfa_diags *diags, size_t i);
void gfa_diags_clear(gfa_diags *diags);

gfa_severity gfa_diag_severity(const gfa_diag *d);
gfa_domain gfa_diag_domain(const gfa_diag *d);
const char *gfa_diag_id(const gfa_diag *d);       /* stable id, e.g. "GFA-READ-005"; never NULL */
const char *gfa_diag_file(const gfa_diag *d);     /* source file, or "" */
long gfa_diag_line(const gfa_diag *d);            /* 1-based, 0 when unknown */
long gfa_diag_column(const gfa_diag *d);          /* 1-based in characters, 0 when unknown */
const char *gfa_diag_message(const gfa_diag *d);  /* UTF-8, no trailing newline */
const char *gfa_diag_xpath(const gfa_diag *d);    /* location in the instance, or "" */
const char *gfa_severity_name(gfa_severity s);    /* "info", "warning", ... */
const char *gfa_status_name(gfa_status s);

/* ---- process-wide set-up ------------------------------------------------------------ */

/* Initialise libxml2, libxslt and ICU for use from several threads. Idempotent; call it in
 * the main thread before any other gfa function when threads are used. */
void gfa_global_init(void);
/* Release libraries' global caches (for leak checkers); no gfa call may follow. */
void gfa_global_cleanup(void);
const char *gfa_version(void);

/* ---- the context: compiled data ------------------------------------------------------ */

typedef struct gfa_context gfa_context;

/* Loads the data directory (table definitions, code lists, the instance schema). datadir
 * may be NULL: then $GFA_DATADIR, then the directory the library was installed with.
 * Returns NULL on failure with the reasons in diags. */
gfa_context *gfa_context_open(const char *datadir, gfa_diags *diags);
void gfa_context_free(gfa_context *ctx);
const char *gfa_context_datadir(const gfa_context *ctx);
/* Limits that keep hostile or broken input from taking unbounded memory or time. Each has
 * a default; set them before the context is shared by threads. An input over a limit is
 * refused with a GFA-LIMIT diagnostic that names the limit. */
typedef enum gfa_limit {
    GFA_LIMIT_INPUT_BYTES = 0, /* size of one input file (default 16 MiB) */
    GFA_LIMIT_LINE_CHARS,      /* characters in one line of a published text (100,000) */
    GFA_LIMIT_TABLES,          /* tables in one report (1,000) */
    GFA_LIMIT_ROWS,            /* rows in one table (10,000) */
    GFA_LIMIT_FACTS,           /* table cells of a published text, amounts of an
                                * instance (50,000) */
    GFA_LIMIT_SECONDS,         /* batch: time per report (0: none) */
    GFA_LIMIT_COUNT
} gfa_limit;
/* Sets a limit by its id; GFA_ERR_USAGE for a value below 1 (0 allowed for seconds). */
gfa_status gfa_context_set_limit(gfa_context *ctx, gfa_limit which, long long value);
long long gfa_context_limit(const gfa_context *ctx, gfa_limit which);
/* The limit named "input-bytes", "line-chars", "tables", "rows", "facts", "seconds"; -1 if
 * the name is unknown. */
int gfa_limit_by_name(const char *name);

/* Number of table definitions loaded (all variants). */
size_t gfa_context_table_defs(const gfa_context *ctx);

/* ---- reports --------------------------------------------------------------------------- */

typedef struct gfa_report gfa_report;

/* Reads a published report (text, as published) or an instance (.xml) from a file.
 * On success *out is a new report (free with gfa_report_free) even when diags received
 * warnings; what could not be placed is kept in the instance's <unrecognised> blocks.
 * Returns GFA_ERR_INPUT/GFA_ERR_IO (and *out NULL) when nothing usable could be read. */
gfa_status gfa_report_read_file(const gfa_context *ctx, const char *path, gfa_report **out,
                                gfa_diags *diags);
/* The same from memory; name is used in diagnostics and in the instance's source block. */
gfa_status gfa_report_read_memory(const gfa_context *ctx, const char *name, const char *data,
                                  size_t len, gfa_report **out, gfa_diags *diags);
void gfa_report_free(gfa_report *report);

/* The instance as a libxml2 document, owned by the report. */
xmlDoc *gfa_report_doc(gfa_report *report);
/* The file the report was read from. */
const char *gfa_report_source(const gfa_report *report);

/* Validates the instance against the compiled XSD; findings go to diags.
 * Returns GFA_OK when valid, GFA_ERR_INPUT when not. */
gfa_status gfa_report_check_schema(const gfa_context *ctx, gfa_report *report, gfa_diags *diags);

/* Serialises the instance to path atomically (temporary file in the same folder, then
 * rename): either the complete file exists afterwards or the previous one is untouched. */
gfa_status gfa_report_save(gfa_report *report, const char *path, gfa_diags *diags);
/* Serialises the instance into a malloc'd buffer (caller frees), *len set. */
char *gfa_report_serialise(gfa_report *report, size_t *len);

/* ---- validation -------------------------------------------------------------------------- */

/* The business rules (schemas/rules/), compiled once from a context; shareable by threads
 * once configured (set severities before sharing). */
typedef struct gfa_validator gfa_validator;
/* The result of validating one report: a digest, the findings and the ledger of every
 * rule instance checked. */
typedef struct gfa_verdict gfa_verdict;

gfa_validator *gfa_validator_new(const gfa_context *ctx, gfa_diags *diags);
void gfa_validator_free(gfa_validator *v);
/* "name version" of the rule set. */
const char *gfa_validator_ruleset(const gfa_validator *v);
/* Overrides a rule's severity for this deployment: level is info, warning,
 * inconsistency, error, fatal, or off. GFA_ERR_USAGE for an unknown rule or level. */
gfa_status gfa_validator_set_severity(gfa_validator *v, const char *rule_id, const char *level);
/* Reads overrides from a file of "RULE-ID = level" lines ('#' starts a comment). */
gfa_status gfa_validator_load_config(gfa_validator *v, const char *path, gfa_diags *diags);

enum {
    GFA_VALIDATE_EMBED = 1,     /* write the <validation> block into the report's instance */
    GFA_VALIDATE_NO_SCHEMA = 2, /* the caller checked the XSD already: skip that layer */
};

/* Validates a report: XSD, then the business rules. Findings are also appended to diags
 * (root causes first, each followed by the findings it explains). *out receives the
 * verdict (free with gfa_verdict_free). Returns GFA_OK when the validation ran, whatever
 * the verdict. */
gfa_status gfa_validate(const gfa_validator *v, gfa_report *report, unsigned flags,
                        gfa_verdict **out, gfa_diags *diags);
void gfa_verdict_free(gfa_verdict *verdict);
/* Accepted: no finding of severity error or fatal, and the main tables were read. */
int gfa_verdict_accepted(const gfa_verdict *verdict);
/* Rule instances checked and passed / failed / not checkable. */
size_t gfa_verdict_passed(const gfa_verdict *verdict);
size_t gfa_verdict_failed(const gfa_verdict *verdict);
size_t gfa_verdict_unchecked(const gfa_verdict *verdict);
size_t gfa_verdict_count(const gfa_verdict *verdict, gfa_severity severity);
/* The ledger as text, one rule instance a line (caller frees). */
char *gfa_verdict_ledger(const gfa_verdict *verdict);

typedef enum gfa_report_format { GFA_REPORT_SVRL, GFA_REPORT_JSON } gfa_report_format;
/* A machine-readable report of several verdicts: SVRL-compatible XML or JSON, with a digest
 * per file (counts by severity, worst severity, accepted, rule-set version). Caller frees. */
char *gfa_verdicts_report(const gfa_verdict *const *verdicts, size_t n, gfa_report_format fmt,
                          size_t *len);

/* ---- rendering ---------------------------------------------------------------------------- */

/* The publication renderers (issue 4): an instance to one self-contained HTML page (inline
 * CSS, no script, no network; print CSS for A4) or to plain text aligned by display width.
 * Every number shown is formatted by ICU (never by XPath); validation findings embedded in
 * the instance are highlighted. The stylesheets are data: DATADIR/xslt/{html,text,common}.xsl. */
typedef struct gfa_renderer gfa_renderer;

typedef enum gfa_render_format {
    GFA_RENDER_HTML = 0,
    GFA_RENDER_TEXT = 1,
} gfa_render_format;

/* Options of a rendering; a zeroed struct (or NULL) means the defaults. */
typedef struct gfa_render_options {
    int line_width;      /* text: columns per line, 20..1000; 0 = 100 */
    int ambiguous_width; /* text: columns of East Asian Ambiguous characters (“ ” … —), 1 or 2;
                            0 = 1 (editors); 2 suits CJK terminals */
} gfa_render_options;

/* Compiles the stylesheets of the context's data directory once. Returns NULL with the
 * reasons in diags (GFA-RENDER-001 missing, -002 invalid). Free with gfa_renderer_free.
 * The renderer is immutable: any number of threads may call gfa_render with it at once.
 * Compile it in the main thread, before threads start (libxslt reports compile errors
 * through a process-wide handler). The context may be freed afterwards. */
gfa_renderer *gfa_renderer_new(const gfa_context *ctx, gfa_diags *diags);
void gfa_renderer_free(gfa_renderer *r);

/* Renders a report. On GFA_OK *out is a malloc'd NUL-terminated UTF-8 buffer the caller
 * frees with free(), and *len (if not NULL) its length without the NUL. Each call has its
 * own transform; the report is used by this call only (libxslt annotates its document).
 * Problems: GFA_ERR_USAGE for bad options (GFA-RENDER-020); GFA_ERR_INPUT when the report
 * holds a value the formatting functions cannot show (GFA-RENDER-011 names it: no page goes
 * out with a number missing); GFA_ERR_DATA when a stylesheet fails or tries to read or
 * write anything but its own files (GFA-RENDER-010, -012). *out is NULL on failure. */
gfa_status gfa_render(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                      const gfa_render_options *opt, char **out, size_t *len, gfa_diags *diags);
/* Renders into a file, written atomically (gfa_write_file_atomic). */
gfa_status gfa_render_file(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                           const gfa_render_options *opt, const char *path, gfa_diags *diags);

/* ---- batch ------------------------------------------------------------------------------ */

/* Many reports at once: each input is converted, validated (findings embedded) and
 * rendered, its outputs written atomically as OUTDIR/STEM.xml, .html and .txt. The shared
 * context, validator and renderer must be set up before; workers only read them. */
typedef enum gfa_batch_status {
    GFA_ITEM_NOT_RUN = 0, /* interrupted before this report was taken */
    GFA_ITEM_ACCEPTED,
    GFA_ITEM_REJECTED,
    GFA_ITEM_FAILED,      /* could not be read (or written): see reason */
} gfa_batch_status;

/* One report's row of the summary (a plain record; strings owned by the result). */
typedef struct gfa_batch_item {
    char *input;          /* as given */
    char *output;         /* the stem under OUTDIR */
    gfa_batch_status status;
    int io_error;         /* failed because a file could not be read or written */
    int skipped;          /* --resume: up to date, read back from the previous run */
    char *unit, *unit_code, *year;
    char *reason;         /* why it failed */
    size_t counts[5];     /* findings by gfa_severity */
    size_t passed, failed, unchecked;
} gfa_batch_item;

typedef struct gfa_batch_config {
    const gfa_context *ctx;
    const gfa_validator *validator; /* NULL: no business rules */
    const gfa_renderer *renderer;   /* NULL: no HTML/text */
    const char *outdir;
    const char *const *inputs;      /* files */
    const char *const *outputs;     /* one stem per input, relative to outdir */
    size_t ninputs;
    int jobs;                       /* worker threads */
    int resume;                     /* skip reports whose outputs are newer than the input */
    volatile int *stop;             /* when set (a signal): take no more reports */
    /* called after each report, under the batch's lock */
    void (*progress)(void *ud, size_t done, size_t total, size_t failed);
    void *progress_ud;
} gfa_batch_config;

typedef struct gfa_batch_result gfa_batch_result;

gfa_status gfa_batch_run(const gfa_batch_config *cfg, gfa_batch_result **out);
void gfa_batch_result_free(gfa_batch_result *res);
size_t gfa_batch_result_count(const gfa_batch_result *res);
const gfa_batch_item *gfa_batch_result_item(const gfa_batch_result *res, size_t i);
const char *gfa_batch_result_ruleset(const gfa_batch_result *res);
const char *gfa_batch_status_name(gfa_batch_status s);
/* Writes OUTDIR/index.html (sorted by unit name in Chinese collation order), summary.csv
 * and summary.xml (one validation digest per file), atomically. */
gfa_status gfa_batch_write_summary(const gfa_batch_result *res, const char *outdir,
                                   gfa_diags *diags);
/* Reads the summary.csv of several batch folders (shards) into one result. */
gfa_status gfa_batch_merge_summaries(const char *const *dirs, size_t n, gfa_batch_result **out,
                                     gfa_diags *diags);

/* ---- files ---------------------------------------------------------------------------- */

/* Writes len bytes to path atomically (see gfa_report_save). */
gfa_status gfa_write_file_atomic(const char *path, const char *data, size_t len,
                                 gfa_diags *diags);

/* ---- the command-line interface as a function ------------------------------------------ */

/* Exit status of the gfa command line. */
typedef enum gfa_exit_code {
    GFA_EXIT_OK = 0,       /* everything converted / accepted */
    GFA_EXIT_REJECTED = 1, /* an input is not a readable report, or validation rejected it */
    GFA_EXIT_USAGE = 2,    /* usage error, a file that cannot be opened/written, bad data dir */
} gfa_exit_code;

/* Runs the gfa command line (argv[0] is the program name). Writes to out and err, never
 * exits; returns the process exit status (see gfa_exit_code). */
int gfa_main(int argc, char **argv, FILE *out, FILE *err);

#ifdef __cplusplus
}
#endif
#endif /* GFA_H */
