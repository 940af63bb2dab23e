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

/* Everything declared here, and nothing else, is exported from libgfa.so. */
#define GFA_API __attribute__((visibility("default")))

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
    GFA_DOM_STORE,     /* the database of a store (SQLite, PostgreSQL) */
} gfa_domain;

typedef struct gfa_diag gfa_diag;
typedef struct gfa_diags gfa_diags;

GFA_API gfa_diags *gfa_diags_new(void);
GFA_API void gfa_diags_free(gfa_diags *diags);
GFA_API size_t gfa_diags_count(const gfa_diags *diags);
/* Number of diagnostics at or above a severity. */
GFA_API size_t gfa_diags_count_at_least(const gfa_diags *diags, gfa_severity min);
GFA_API const gfa_diag *gfa_diags_at(const gfa_diags *diags, size_t i);
GFA_API void gfa_diags_clear(gfa_diags *diags);

GFA_API gfa_severity gfa_diag_severity(const gfa_diag *d);
GFA_API gfa_domain gfa_diag_domain(const gfa_diag *d);
GFA_API const char *gfa_diag_id(const gfa_diag *d);       /* stable id, e.g. "GFA-READ-005"; never NULL */
GFA_API const char *gfa_diag_file(const gfa_diag *d);     /* source file, or "" */
GFA_API long gfa_diag_line(const gfa_diag *d);            /* 1-based, 0 when unknown */
GFA_API long gfa_diag_column(const gfa_diag *d);          /* 1-based in characters, 0 when unknown */
GFA_API const char *gfa_diag_message(const gfa_diag *d);  /* UTF-8, no trailing newline */
GFA_API const char *gfa_diag_xpath(const gfa_diag *d);    /* location in the instance, or "" */
/* Where the source is not a text of lines (a PDF, a workbook), the original location:
 * "p12:72.0,540.5" (page, x, y in points from the top left) or "公开05!D12"; else "". Line
 * and column then refer to gfa's line model of the source. */
GFA_API const char *gfa_diag_at(const gfa_diag *d);
/* Where the diagnostic is in the published original when its file is not that (an
 * instance written by gfa: file and line are then the instance's, these the text's it was
 * read from, header/source/@file and the element's @line/@pos); "" and 0 otherwise. */
GFA_API const char *gfa_diag_source_file(const gfa_diag *d);
GFA_API long gfa_diag_source_line(const gfa_diag *d);
GFA_API long gfa_diag_source_column(const gfa_diag *d);
/* A business-rule finding's fingerprint: its stable id, 16 hex digits of a hash of the
 * rule, where it is without line numbers (table/row/column, or the sentence or form) and
 * the values; the same defect found again (in a resubmission) has the same one. "" for
 * other diagnostics. */
GFA_API const char *gfa_diag_fingerprint(const gfa_diag *d);
GFA_API const char *gfa_severity_name(gfa_severity s);    /* "info", "warning", ... */
GFA_API const char *gfa_status_name(gfa_status s);

/* ---- process-wide set-up ------------------------------------------------------------ */

/* Initialise libxml2, libxslt and ICU for use from several threads. Idempotent; call it in
 * the main thread before any other gfa function when threads are used. */
GFA_API void gfa_global_init(void);
/* Release libraries' global caches (for leak checkers); no gfa call may follow. */
GFA_API void gfa_global_cleanup(void);
GFA_API const char *gfa_version(void);

/* ---- the context: compiled data ------------------------------------------------------ */

typedef struct gfa_context gfa_context;

/* Loads the data directory (table definitions, code lists, the instance schema). datadir
 * may be NULL: then $GFA_DATADIR, then the directory the library was installed with.
 * Returns NULL on failure with the reasons in diags. */
GFA_API gfa_context *gfa_context_open(const char *datadir, gfa_diags *diags);
GFA_API void gfa_context_free(gfa_context *ctx);
GFA_API const char *gfa_context_datadir(const gfa_context *ctx);
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
    GFA_LIMIT_PDF_PAGES,       /* pages of one PDF (1,000) */
    GFA_LIMIT_PDF_OBJECTS,     /* objects in one PDF's cross-reference table (500,000) */
    GFA_LIMIT_PDF_MEMORY,      /* bytes the PDF library may hold for one PDF (256 MiB) */
    GFA_LIMIT_PDF_CONTENT_BYTES, /* decompressed bytes of one PDF page's content (32 MiB):
                                  * a decompression bomb is refused */
    GFA_LIMIT_PDF_SECONDS,     /* time to read one PDF (60; 0: none) */
    GFA_LIMIT_ZIP_ENTRIES,     /* entries in a workbook's zip container (10,000) */
    GFA_LIMIT_ZIP_BYTES,       /* bytes decompressed from one workbook (256 MiB) */
    GFA_LIMIT_ZIP_RATIO,       /* decompressed ÷ compressed size of one zip entry, checked
                                * once it holds more than 100 KiB (100) */
    GFA_LIMIT_CELLS,           /* cells of one workbook or CSV folder, the empty cells of a
                                * row up to its last one included (2,000,000) */
    GFA_LIMIT_COUNT
} gfa_limit;
/* Sets a limit by its id; GFA_ERR_USAGE for a value below 1 (0 allowed for seconds and
 * pdf-seconds). */
GFA_API gfa_status gfa_context_set_limit(gfa_context *ctx, gfa_limit which, long long value);
GFA_API long long gfa_context_limit(const gfa_context *ctx, gfa_limit which);
/* The limit named "input-bytes", "line-chars", "tables", "rows", "facts", "seconds",
 * "pdf-pages", "pdf-objects", "pdf-memory", "pdf-content-bytes", "pdf-seconds",
 * "zip-entries", "zip-bytes", "zip-ratio", "cells"; -1 if the name is unknown. */
GFA_API int gfa_limit_by_name(const char *name);
/* A limit's name ("input-bytes") and default value; NULL / 0 for an unknown id. */
GFA_API const char *gfa_limit_name(gfa_limit which);
GFA_API long long gfa_limit_default(gfa_limit which);

/* Number of table definitions loaded (all variants). */
GFA_API size_t gfa_context_table_defs(const gfa_context *ctx);

/* ---- reports --------------------------------------------------------------------------- */

typedef struct gfa_report gfa_report;

/* Reads a published report (text, as published) or an instance (.xml) from a file.
 * On success *out is a new report (free with gfa_report_free) even when diags received
 * warnings; what could not be placed is kept in the instance's <unrecognised> blocks.
 * Returns GFA_ERR_INPUT/GFA_ERR_IO (and *out NULL) when nothing usable could be read. */
GFA_API gfa_status gfa_report_read_file(const gfa_context *ctx, const char *path, gfa_report **out,
                                gfa_diags *diags);
/* The same from memory; name is used in diagnostics and in the instance's source block. */
GFA_API gfa_status gfa_report_read_memory(const gfa_context *ctx, const char *name, const char *data,
                                  size_t len, gfa_report **out, gfa_diags *diags);
/* The same from an open stream, read up to the input-bytes limit (standard input). */
GFA_API gfa_status gfa_report_read_stream(const gfa_context *ctx, const char *name, FILE *in,
                                          gfa_report **out, gfa_diags *diags);
/* The three readers above choose the input's format by its content (and its file name's
 * extension); these name it: `from` is a reader's name (gfa_reader_info), NULL or "auto"
 * to detect. A path that is a folder is read as one report by a reader of folders;
 * "-" is standard input. An unknown name is GFA_ERR_USAGE (GFA-READ-003). */
GFA_API gfa_status gfa_report_read_file_as(const gfa_context *ctx, const char *path,
                                           const char *from, gfa_report **out,
                                           gfa_diags *diags);
GFA_API gfa_status gfa_report_read_memory_as(const gfa_context *ctx, const char *name,
                                             const char *from, const char *data, size_t len,
                                             gfa_report **out, gfa_diags *diags);
GFA_API gfa_status gfa_report_read_stream_as(const gfa_context *ctx, const char *name,
                                             const char *from, FILE *in, gfa_report **out,
                                             gfa_diags *diags);

/* The formats gfa reads and writes, from its reader and writer tables: entry i (0, 1, …)
 * of each; returns 0 past the end. Strings are static. `readable` is 0 for a format gfa
 * recognises but cannot read yet. extensions: ".txt .text". */
GFA_API int gfa_reader_info(size_t i, const char **name, const char **extensions,
                            const char **description, int *readable);
/* Is the folder path one report that a reader of folders reads (a folder of CSV files)?
 * A batch walking folders takes such a folder as one input instead of walking into it. */
GFA_API int gfa_folder_is_report(const char *path);
GFA_API int gfa_writer_info(size_t i, const char **name, const char **extension,
                            const char **description);
GFA_API void gfa_report_free(gfa_report *report);

/* The instance as a libxml2 document, owned by the report, which may be changed until the
 * report's next use (what gfa derived from it to render it is dropped). */
GFA_API xmlDoc *gfa_report_doc(gfa_report *report);
/* The file the report was read from. */
GFA_API const char *gfa_report_source(const gfa_report *report);

/* Validates the instance against the compiled XSD; findings go to diags.
 * Returns GFA_OK when valid, GFA_ERR_INPUT when not. */
GFA_API gfa_status gfa_report_check_schema(const gfa_context *ctx, gfa_report *report, gfa_diags *diags);

/* Serialises the instance to path atomically (temporary file in the same folder, then
 * rename): either the complete file exists afterwards or the previous one is untouched. */
GFA_API gfa_status gfa_report_save(gfa_report *report, const char *path, gfa_diags *diags);
/* Serialises the instance into a malloc'd buffer (caller frees), *len set. */
GFA_API char *gfa_report_serialise(gfa_report *report, size_t *len);
/* Writes the report with a writer of the writer table that needs no renderer: "xml",
 * "xlsx" (an Excel workbook) or "csv" (a folder of CSV files; csv_encoding "utf-8", the
 * default when NULL, or "gb18030"). Written atomically (a folder: built under a temporary
 * name, then renamed). GFA_ERR_USAGE for an unknown writer or encoding (GFA-PIPE-001/004). */
GFA_API gfa_status gfa_report_export(const gfa_context *ctx, gfa_report *report,
                                     const char *format, const char *path,
                                     const char *csv_encoding, gfa_diags *diags);

/* ---- validation -------------------------------------------------------------------------- */

/* The business rules (schemas/rules/), compiled once from a context; shareable by threads
 * once configured (set severities before sharing). */
typedef struct gfa_validator gfa_validator;
/* The result of validating one report: a digest, the findings and the ledger of every
 * rule instance checked. */
typedef struct gfa_verdict gfa_verdict;

GFA_API gfa_validator *gfa_validator_new(const gfa_context *ctx, gfa_diags *diags);
GFA_API void gfa_validator_free(gfa_validator *v);
/* "name version" of every rule set loaded (one per rule file), joined by ", ":
 * "gfa-narrative 1.0, gfa-national 1.0". */
GFA_API const char *gfa_validator_ruleset(const gfa_validator *v);
/* The rule sets one by one: i from 0; returns 0 past the end. Strings are the validator's. */
GFA_API size_t gfa_validator_ruleset_count(const gfa_validator *v);
GFA_API int gfa_validator_ruleset_info(const gfa_validator *v, size_t i, const char **name,
                                       const char **version, const char **file);
/* One rule of the validator (its catalogue: `gfa rules`). Strings are the validator's. */
typedef struct gfa_rule_info {
    const char *id;       /* GFA-CALC-001 */
    const char *title;    /* what it checks, in Chinese */
    const char *message;  /* the message template */
    const char *family;   /* CALC, ROW, XT, CODE, NAR, PERF, TXT */
    const char *check;    /* the kind of check: hierarchy, columns, rows, equal, … */
    const char *ruleset;  /* the rule set it belongs to, and its version */
    const char *ruleset_version;
    gfa_severity severity; /* after gfa_validator_set_severity */
    int enabled;          /* 0 when switched off ("off") */
} gfa_rule_info;
GFA_API size_t gfa_validator_rule_count(const gfa_validator *v);
/* Fills *out for rule i (0, 1, …: the layers of gfa itself, GFA-XSD-001 and GFA-VAL-001 of
 * rule set "gfa", then the rule files' rules in load order); returns 0 past the end. */
GFA_API int gfa_validator_rule_info(const gfa_validator *v, size_t i, gfa_rule_info *out);
/* The catalogue of every rule (what `gfa rules` prints): format "text" (one aligned line a
 * rule: id, severity, on/off, family, check, rule set and version, title), "json"
 * ({"rulesets":[…],"rules":[…]}) or "csv" (UTF-8 with a BOM, a header line). NULL for an
 * unknown format. Caller frees; *len (if not NULL) its length. */
GFA_API char *gfa_validator_catalogue(const gfa_validator *v, const char *format, size_t *len);
/* Overrides a rule's severity for this deployment: level is info, warning,
 * inconsistency, error, fatal, or off. GFA_ERR_USAGE for an unknown rule or level. */
GFA_API gfa_status gfa_validator_set_severity(gfa_validator *v, const char *rule_id, const char *level);
/* Reads overrides from a file of "RULE-ID = level" lines ('#' starts a comment). */
GFA_API gfa_status gfa_validator_load_config(gfa_validator *v, const char *path, gfa_diags *diags);

enum {
    GFA_VALIDATE_EMBED = 1,     /* write the <validation> block into the report's instance */
    GFA_VALIDATE_NO_SCHEMA = 2, /* the caller checked the XSD already: skip that layer */
};

/* Validates a report: XSD, then the business rules. Findings are also appended to diags
 * (root causes first, each followed by the findings it explains). *out receives the
 * verdict (free with gfa_verdict_free, before the validator and the report: it refers to
 * both). Returns GFA_OK when the validation ran, whatever the verdict. */
GFA_API gfa_status gfa_validate(const gfa_validator *v, gfa_report *report, unsigned flags,
                        gfa_verdict **out, gfa_diags *diags);
GFA_API void gfa_verdict_free(gfa_verdict *verdict);
/* Accepted: no finding of severity error or fatal, and the main tables were read. */
GFA_API int gfa_verdict_accepted(const gfa_verdict *verdict);
/* Rule instances checked and passed / failed / not checkable. */
GFA_API size_t gfa_verdict_passed(const gfa_verdict *verdict);
GFA_API size_t gfa_verdict_failed(const gfa_verdict *verdict);
GFA_API size_t gfa_verdict_unchecked(const gfa_verdict *verdict);
GFA_API size_t gfa_verdict_count(const gfa_verdict *verdict, gfa_severity severity);
/* The ledger as text, one rule instance a line (caller frees). */
GFA_API char *gfa_verdict_ledger(const gfa_verdict *verdict);

typedef enum gfa_report_format { GFA_REPORT_SVRL, GFA_REPORT_JSON } gfa_report_format;
/* A machine-readable report of several verdicts: SVRL-compatible XML or JSON, with a digest
 * per file (counts by severity, worst severity, accepted, rule-set version). Caller frees. */
GFA_API char *gfa_verdicts_report(const gfa_verdict *const *verdicts, size_t n, gfa_report_format fmt,
                          size_t *len);

/* ---- rendering ---------------------------------------------------------------------------- */

/* The publication renderers (issue 4): an instance to one self-contained HTML page (inline
 * CSS, no script, no network; print CSS for A4) or to plain text aligned by display width.
 * Every number shown is formatted by ICU (never by XPath); validation findings embedded in
 * the instance are highlighted. The stylesheets are data: DATADIR/xslt/{html,text,common}.xsl,
 * and index.xsl for a batch's index page (gfa_batch_write_summary). */
typedef struct gfa_renderer gfa_renderer;

typedef enum gfa_render_format {
    GFA_RENDER_HTML = 0,
    GFA_RENDER_TEXT = 1,
} gfa_render_format;

/* What a page is for (issue 12). A publication page is the report as printed: no
 * 校验结果, no marks, no 应为 — what a publisher posts. A review page adds the validation's
 * findings embedded in the instance: the 校验结果 list and each flagged value marked with
 * the finding it belongs to. */
typedef enum gfa_render_mode {
    GFA_RENDER_AUTO = 0,  /* review when the instance holds findings, else publication */
    GFA_RENDER_PUBLISH,
    GFA_RENDER_REVIEW,
} gfa_render_mode;

/* Options of a rendering; a zeroed struct (or NULL) means the defaults. */
typedef struct gfa_render_options {
    int line_width;      /* text: columns per line, 20..1000; 0 = 100 */
    int ambiguous_width; /* text: columns of East Asian Ambiguous characters (“ ” … —), 1 or 2;
                            0 = 1 (editors); 2 suits CJK terminals */
    gfa_render_mode mode; /* the writers html and text; html-review and text-review always
                             review, and write nothing for an instance without findings
                             unless mode is GFA_RENDER_REVIEW */
} gfa_render_options;

/* Compiles the stylesheets of the context's data directory once. Returns NULL with the
 * reasons in diags (GFA-RENDER-001 missing, -002 invalid). Free with gfa_renderer_free.
 * The renderer is immutable: any number of threads may call gfa_render with it at once.
 * Compile it in the main thread, before threads start (libxslt reports compile errors
 * through a process-wide handler). The context may be freed afterwards. */
GFA_API gfa_renderer *gfa_renderer_new(const gfa_context *ctx, gfa_diags *diags);
GFA_API void gfa_renderer_free(gfa_renderer *r);

/* Renders a report. On GFA_OK *out is a malloc'd NUL-terminated UTF-8 buffer the caller
 * frees with free(), and *len (if not NULL) its length without the NUL. Each call has its
 * own transform; the report is used by this call only (libxslt annotates its document).
 * The report keeps the index of the lookups the stylesheets made (fmt:having), which its
 * other pages reuse; gfa_report_doc drops it, since the document may then change.
 * Problems: GFA_ERR_USAGE for bad options (GFA-RENDER-020); GFA_ERR_INPUT when the report
 * holds a value the formatting functions cannot show (GFA-RENDER-011 names it: no page goes
 * out with a number missing); GFA_ERR_DATA when a stylesheet fails or tries to read or
 * write anything but its own files (GFA-RENDER-010, -012). *out is NULL on failure. */
GFA_API gfa_status gfa_render(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                      const gfa_render_options *opt, char **out, size_t *len, gfa_diags *diags);
/* Renders into a file, written atomically (gfa_write_file_atomic). */
GFA_API gfa_status gfa_render_file(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                           const gfa_render_options *opt, const char *path, gfa_diags *diags);

/* ---- the pipeline: read → validate → write, for one report ---------------------------- */

/* One report's way through gfa, the same for convert, batch and anything built on them:
 * read it (reader table), check the XSD, run the business rules (findings embedded in the
 * instance), then write each chosen output (writer table). A pipeline is immutable after
 * gfa_pipeline_new and may be run by any number of threads at once. */
typedef struct gfa_pipeline gfa_pipeline;
/* What happened to one report. */
typedef struct gfa_outcome gfa_outcome;

enum {
    GFA_PIPELINE_NO_SCHEMA = 1, /* skip the XSD layer */
    GFA_PIPELINE_NO_RULES = 2,  /* skip the business rules (no verdict) */
};

typedef struct gfa_store gfa_store;

typedef struct gfa_pipeline_options {
    const char *from;  /* reader name; NULL or "auto": by content and extension */
    const char *to;    /* writer names, comma-separated ("xml,html,text"); NULL: "xml" */
    unsigned flags;    /* GFA_PIPELINE_* */
    gfa_render_options render;
    /* the csv writer's encoding: "utf-8" (with BOM, for Excel and WPS; NULL means it) or
     * "gb18030" (no BOM, for older tools); anything else is GFA-PIPE-004 */
    const char *csv_encoding;
    /* load each report into this store (gfa_store_open) after the other outputs and
     * before the instance; NULL: none. It must outlive the pipeline. */
    gfa_store *store;
} gfa_pipeline_options;

/* validator may be NULL (no business rules) and renderer too (then no writer that renders
 * may be chosen). They, and ctx, must outlive the pipeline. NULL with the reasons in diags
 * (an unknown reader or writer: GFA-PIPE-001). */
GFA_API gfa_pipeline *gfa_pipeline_new(const gfa_context *ctx, const gfa_validator *validator,
                                       const gfa_renderer *renderer,
                                       const gfa_pipeline_options *opt, gfa_diags *diags);
GFA_API void gfa_pipeline_free(gfa_pipeline *p);
/* The chosen writers, in order: their count and the file extension of writer i ("xml"). */
GFA_API size_t gfa_pipeline_outputs(const gfa_pipeline *p);
GFA_API const char *gfa_pipeline_output_extension(const gfa_pipeline *p, size_t i);
GFA_API const char *gfa_pipeline_output_name(const gfa_pipeline *p, size_t i);

/* Runs one report. input is a file, a folder (read by a reader of folders) or "-"
 * (standard input). outputs holds one path per chosen writer (gfa_pipeline_outputs), each
 * written atomically, or "-" for `stream`; outputs NULL writes nothing (validation only).
 * The instance ("xml") is written last, so an instance newer than its input means all
 * outputs are there. *out receives the outcome (free with gfa_outcome_free) whatever
 * happened; the return value is GFA_OK when every stage ran (whatever the verdict), else
 * the first failure's status. Findings and problems go to diags. */
GFA_API gfa_status gfa_pipeline_run(const gfa_pipeline *p, const char *input,
                                    const char *const *outputs, FILE *stream,
                                    gfa_outcome **out, gfa_diags *diags);

typedef enum gfa_outcome_status {
    GFA_OUTCOME_ACCEPTED = 1, /* read, written, and no error-level finding (or no rules) */
    GFA_OUTCOME_REJECTED,     /* read and written; the business rules reject it */
    GFA_OUTCOME_UNREADABLE,   /* not a readable report (or over a limit) */
    GFA_OUTCOME_OUTPUT_FAILED, /* an output could not be written (I/O, gfa's own data) */
    GFA_OUTCOME_INPUT_FAILED, /* the input could not be opened or read (I/O) */
} gfa_outcome_status;

GFA_API void gfa_outcome_free(gfa_outcome *o);
GFA_API gfa_outcome_status gfa_outcome_status_of(const gfa_outcome *o);
/* The verdict of the business rules (NULL when they did not run). Owned by the outcome. */
GFA_API const gfa_verdict *gfa_outcome_verdict(const gfa_outcome *o);
/* From the instance's header (NULL when absent or unread): entity name, unit code,
 * fiscal year, scope (unit, department), the input's SHA-256 (of an unreadable file too,
 * when it could be opened) and the reader's name. */
GFA_API const char *gfa_outcome_entity(const gfa_outcome *o);
/* The input as given to gfa_pipeline_run. */
GFA_API const char *gfa_outcome_input(const gfa_outcome *o);
GFA_API const char *gfa_outcome_unit_code(const gfa_outcome *o);
GFA_API const char *gfa_outcome_year(const gfa_outcome *o);
GFA_API const char *gfa_outcome_scope(const gfa_outcome *o);
GFA_API const char *gfa_outcome_sha256(const gfa_outcome *o);
GFA_API const char *gfa_outcome_format(const gfa_outcome *o);
/* The amounts the run loaded into the pipeline's store; -1 when nothing was stored. */
GFA_API long gfa_outcome_stored(const gfa_outcome *o);
/* Why it failed: the first fatal or error diagnostic ("line 3: [GFA-READ-002] …"), or NULL. */
GFA_API const char *gfa_outcome_reason(const gfa_outcome *o);
/* The report, for a caller that wants more than the outputs (NULL when unread); it stays
 * owned by the outcome. */
GFA_API gfa_report *gfa_outcome_report(gfa_outcome *o);
/* A gateway's report of several outcomes (gfa validate --report): every input with its
 * status (accepted, rejected, unreadable, error), reason, SHA-256, entity, unit code,
 * year, scope and format, its digest and findings, and every rule set of v with its
 * version; SVRL-compatible XML or JSON (docs/gfa-validation-report.schema.json). v may be
 * NULL (no rule sets named). Caller frees; *len its length. */
GFA_API char *gfa_outcomes_report(const gfa_validator *v, const gfa_outcome *const *outcomes,
                                  size_t n, gfa_report_format fmt, size_t *len);

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
    char *sha256;         /* of the input's bytes (NULL when it could not be read) */
    int review;           /* a review page (NAME.review.html) was written beside the outputs */
    long stored;          /* amounts loaded into the store; -1: not loaded */
} gfa_batch_item;

typedef struct gfa_batch_config {
    const gfa_context *ctx;
    const gfa_validator *validator; /* NULL: no business rules */
    const gfa_renderer *renderer;   /* NULL: no HTML/text */
    /* what each report goes through and which outputs it gets; NULL: a pipeline of the
     * validator and renderer above writing xml (and html, text with a renderer) */
    const gfa_pipeline *pipeline;
    const char *outdir;             /* NULL: no files (a pipeline that only stores) */
    const char *const *inputs;      /* files */
    const char *const *outputs;     /* one stem per input, relative to outdir */
    size_t ninputs;
    /* per input, NULL or a reason it fails without being read (two inputs with the same
     * output names); NULL: none */
    const char *const *fail_reasons;
    int jobs;                       /* worker threads */
    int resume;                     /* skip reports whose outputs are newer than the input */
    volatile int *stop;             /* when set (a signal): take no more reports */
    /* called after each report, under the batch's lock */
    void (*progress)(void *ud, size_t done, size_t total, size_t failed);
    void *progress_ud;
} gfa_batch_config;

typedef struct gfa_batch_result gfa_batch_result;

GFA_API gfa_status gfa_batch_run(const gfa_batch_config *cfg, gfa_batch_result **out);
/* The shard (1..nshards) an input path belongs to in `gfa batch --shard I/N`: a hash of
 * the path as given, the same on every machine, so shards never overlap. */
GFA_API unsigned gfa_shard_of(const char *path, unsigned nshards);
GFA_API void gfa_batch_result_free(gfa_batch_result *res);
GFA_API size_t gfa_batch_result_count(const gfa_batch_result *res);
GFA_API const gfa_batch_item *gfa_batch_result_item(const gfa_batch_result *res, size_t i);
GFA_API const char *gfa_batch_result_ruleset(const gfa_batch_result *res);
GFA_API const char *gfa_batch_status_name(gfa_batch_status s);
/* Writes OUTDIR/summary.csv (UTF-8 with a BOM, for Excel and WPS), summary.xml (one
 * validation digest per file) and index.html, each atomically. index.html is summary.xml
 * rendered by the renderer's xslt/index.xsl: every report with its source file, status,
 * findings by severity and links to its outputs (and its review page), sorted by unit name
 * in Chinese collation order; inputs with the same SHA-256 as an earlier one are flagged as
 * duplicates. Links are relative to OUTDIR, also for a merged result whose outputs are in
 * the shards' folders. With r NULL no index.html is written. */
GFA_API gfa_status gfa_batch_write_summary(const gfa_batch_result *res, const gfa_renderer *r,
                                   const char *outdir, gfa_diags *diags);
/* Reads the summary.csv of several batch folders (shards) into one result. */
GFA_API gfa_status gfa_batch_merge_summaries(const char *const *dirs, size_t n, gfa_batch_result **out,
                                     gfa_diags *diags);

/* ---- the store: reports in SQL ------------------------------------------------------
 *
 * A bureau's database of reports (issue 15; docs/store.md): a SQLite file (the default,
 * nothing to set up) or a PostgreSQL database given as "postgresql://…" or "postgres://…"
 * (through libpq; a password may come from the string, PGPASSWORD or ~/.pgpass and never
 * appears in a message). The schema is gfa's, versioned, created and migrated by gfa; the
 * view gfa_facts (entity, entity_code, fiscal_year, report_kind, table_id, row_code,
 * row_label, column_id, value, decimals, …) is stable for analysts.
 *
 * A report is identified by its entity code, fiscal year and kind (department, unit):
 * loading it again replaces the old version; every load is one transaction, so an
 * interrupted load leaves the database as it was. Amounts are exact (NUMERIC, or text and
 * a scaled integer in SQLite), never floating point. SQL is always run with bound
 * parameters.
 *
 * Threads: one gfa_store may be shared by any number of threads once open (each call takes
 * a connection of its own from the store's pool; SQLite writers take turns). Several
 * processes may load into one store at once (SQLite waits for its lock up to the wait;
 * PostgreSQL serialises writers of the same report). */
typedef struct gfa_rows gfa_rows;

enum {
    GFA_STORE_INIT = 1,      /* create the schema in an empty database or migrate an older
                                one (without it an older schema is refused; an empty
                                database is created anyway unless READ_ONLY) */
    GFA_STORE_READ_ONLY = 2, /* queries and checks only: the database is never written */
};

/* Opens the store db (connects, checks that it is a gfa store of a schema version this
 * gfa knows). wait_seconds: how long to wait for a lock held by another process (0: 30 s).
 * NULL with the reason in diags (GFA-STORE-…: not a gfa store, newer schema, locked,
 * read-only, corrupt, server down, login refused). Free with gfa_store_free. */
GFA_API gfa_store *gfa_store_open(const gfa_context *ctx, const char *db, unsigned flags,
                                  int wait_seconds, gfa_diags *diags);
GFA_API void gfa_store_free(gfa_store *s);
/* The database as messages name it: the path, or the connection string without its
 * password. */
GFA_API const char *gfa_store_name(const gfa_store *s);
/* "sqlite" or "postgresql". */
GFA_API const char *gfa_store_backend(const gfa_store *s);
GFA_API int gfa_store_schema_version(const gfa_store *s);

/* Loads one report (its instance, findings included) in one transaction, replacing an
 * earlier load of the same entity code, year and kind. The narrative's figures are read
 * with the validator's quantities (validator NULL: none), or taken from verdict, the
 * validation of this report that just ran (may be NULL). *amounts (may be NULL) receives
 * the number of amounts stored. GFA_ERR_INPUT when the report cannot be identified (no
 * entity code: GFA-STORE-020), GFA_ERR_IO when the database fails; the database is then
 * as it was. */
GFA_API gfa_status gfa_store_load(gfa_store *s, const gfa_validator *validator,
                                  const gfa_verdict *verdict, gfa_report *report,
                                  size_t *amounts, gfa_diags *diags);
/* Loads a register of entities: a UTF-8 file of lines "CODE<TAB>NAME<TAB>PARENT_CODE"
 * (PARENT_CODE empty for a department; '#' starts a comment). The register names the
 * units of each department (consolidation) and gives codes to reports that print none. */
GFA_API gfa_status gfa_store_load_entities(gfa_store *s, const char *path, size_t *count,
                                           gfa_diags *diags);

/* Runs the ready query `name` of schemas/store/queries.sql with parameters "NAME=VALUE"
 * (bound, never pasted into the SQL). *out is a new result (gfa_rows_free).
 * GFA_ERR_USAGE for an unknown query or parameter. */
GFA_API gfa_status gfa_store_query(gfa_store *s, const char *name, const char *const *params,
                                   size_t nparams, gfa_rows **out, gfa_diags *diags);
/* Runs one read-only SQL statement (anything that would write is refused). */
GFA_API gfa_status gfa_store_query_sql(gfa_store *s, const char *sql, gfa_rows **out,
                                       gfa_diags *diags);
/* Ready query i (0, 1, …): its name, one line about it and its parameters ("year kind=unit":
 * NAME or NAME=DEFAULT); returns 0 past the end. Strings live as long as the store. */
GFA_API int gfa_store_query_info(const gfa_store *s, size_t i, const char **name,
                                 const char **about, const char **params);
GFA_API size_t gfa_rows_columns(const gfa_rows *r);
GFA_API const char *gfa_rows_name(const gfa_rows *r, size_t col);
GFA_API size_t gfa_rows_count(const gfa_rows *r);
/* The text of a value; NULL for SQL NULL. */
GFA_API const char *gfa_rows_value(const gfa_rows *r, size_t row, size_t col);
GFA_API void gfa_rows_free(gfa_rows *r);

/* Checks across the reports of a store, rules kept as data (schemas/rules/store.xml):
 * consolidation (a department's report = Σ its units' reports, GFA-CONS-…) and year over
 * year (the narrative's changes and the carried-over balances against last year's
 * report, GFA-YOY-…), under the validator's rounding semantics. */
enum {
    GFA_CHECK_CONSOLIDATION = 1,
    GFA_CHECK_YEAR_OVER_YEAR = 2,
};
typedef struct gfa_check_options {
    unsigned checks;    /* GFA_CHECK_*; 0: all */
    int year;           /* only reports of this fiscal year; 0: every year */
    const char *entity; /* only this entity code; NULL: every entity */
    int record;         /* also write the findings into the store (findings.origin) */
} gfa_check_options;
/* One verdict per report checked (a department's for consolidation, each report's for
 * year over year; the same report may have one of each), its findings also appended to
 * diags. *out is a malloc'd array of *n verdicts; free each with gfa_verdict_free, then
 * the array with free(). */
GFA_API gfa_status gfa_store_check(gfa_store *s, const gfa_validator *validator,
                                   const gfa_check_options *opt, gfa_verdict ***out,
                                   size_t *n, gfa_diags *diags);
/* The source file of the report a verdict is about (as named when it was loaded). */
GFA_API const char *gfa_verdict_source(const gfa_verdict *v);

/* ---- formatting: numbers, 人民币大写, display width, dates ---------------------------
 * *
 *   gfa_fmt_new returns an object freed with gfa_fmt_free; it is immutable afterwards.
 *   every char* returned here is malloc'd UTF-8 and the caller free()s it.
 *
 * Errors: on bad input a function returns NULL and, if why != NULL, sets *why to a static
 * English message (never free it). *why is not touched on success.
 *
 * Threads: every function is thread-safe. One gfa_fmt may be shared by any number of threads
 * (it holds only ICU UNumberFormatter objects, which ICU documents as shareable; each call uses
 * its own UFormattedNumber).
 *
 * Decimal input (amount, percent, 人民币大写): NFKC is applied first, so full-width digits,
 * "，", "．" and "－" are accepted. After that the text must be: an optional '+' or '-', at
 * least one digit, optionally a '.' followed by at least one digit. ',' grouping separators are
 * allowed in the integer part only at valid positions ("1,234,567"; not "1,2345"). No spaces,
 * no exponent, no "NaN"/"Infinity", at most 1000 bytes. Values are never converted to double.
 */

/* Option bits; each function rejects bits it does not use. */
enum gfa_fmt_flag {
    GFA_FMT_NO_GROUPING = 1u << 0,    /* amount: "1614.45" instead of "1,614.45" */
    GFA_FMT_PAREN_NEGATIVE = 1u << 1, /* amount: "(12.50)" instead of "-12.50" */
    GFA_FMT_RMB_PREFIX = 1u << 2,     /* 人民币大写: start with "人民币" */
    GFA_FMT_ELLIPSIS = 1u << 3,       /* pad: end a truncated text with "…" */
    GFA_FMT_DATE_UPPER = 1u << 4,     /* date: financial uppercase (贰零贰肆年零贰月壹拾贰日) */
};

/* Largest number of fraction digits gfa_fmt_amount and gfa_fmt_percent accept. */
#define GFA_FMT_MAX_DECIMALS 6
/* Largest width gfa_fmt_pad accepts. */
#define GFA_FMT_MAX_WIDTH 10000

typedef struct gfa_fmt gfa_fmt;

/* Opens the ICU formatters (zh_CN, half-up rounding, 0..6 decimals) once.
 * Returns NULL and sets *why on failure. Free the result with gfa_fmt_free. */
GFA_API gfa_fmt *gfa_fmt_new(const char **why);

/* Frees a gfa_fmt from gfa_fmt_new; NULL is allowed. No call may be using it. */
GFA_API void gfa_fmt_free(gfa_fmt *f);

/* Formats a decimal amount with grouping and exactly `decimals` (0..6) fraction digits,
 * rounding half-up (ties away from zero) on the exact decimal string:
 * ("1614.455", 2) -> "1,614.46", ("-12.5", 2) -> "-12.50". A value that rounds to zero has no
 * sign ("-0.001" -> "0.00"). flags: GFA_FMT_NO_GROUPING, GFA_FMT_PAREN_NEGATIVE.
 * Returns a malloc'd string the caller frees, or NULL (bad input, more than 34 significant
 * digits, unknown flag) with *why set. */
GFA_API char *gfa_fmt_amount(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                     const char **why);

/* Formats a value that is already in percent units: ("47.3145", 2) -> "47.31%", half-up,
 * grouped ("12345.6", 1) -> "12,345.6%". Returns a malloc'd string the caller frees, or NULL
 * with *why set. */
GFA_API char *gfa_fmt_percent(const gfa_fmt *f, const char *decimal, int decimals, const char **why);

/* 人民币大写 of an amount in 元, rounded half-up to 分 first, per the PBOC rules
 * (《正确填写票据和结算凭证的基本规定》): "1409.50" -> "壹仟肆佰零玖元伍角",
 * "16409.02" -> "壹万陆仟肆佰零玖元零贰分", "-12.5" -> "负壹拾贰元伍角", "0" -> "零元整".
 * Where the PBOC allows a choice, gfa writes no 零 between a 0 元 digit and a non-zero 角
 * ("1680.32" -> "壹仟陆佰捌拾元叁角贰分") and none after a 万/亿 unit followed by a non-zero
 * 仟 digit ("107000.53" -> "壹拾万柒仟元伍角叁分"). Above the 亿 section 万亿 is written as
 * 万…亿 when the 亿 section is non-zero ("1000100000000" -> "壹万零壹亿元整").
 * flags: GFA_FMT_RMB_PREFIX ("人民币" before "负"). Range: |value| <= 9999999999999999.99.
 * Needs no gfa_fmt (no ICU number formatting). Returns a malloc'd string the caller frees, or
 * NULL with *why set. */
GFA_API char *gfa_fmt_rmb_upper(const char *decimal, unsigned flags, const char **why);

/* Terminal columns of a UTF-8 string: East Asian Width W/F = 2, A = ambiguous_width (1 or 2),
 * others 1; non-spacing/enclosing marks, format and control characters 0; each byte of
 * invalid UTF-8 1. Returns -1 if utf8 is NULL or ambiguous_width is not 1 or 2; saturates at
 * INT_MAX. Allocates nothing. */
GFA_API int gfa_display_width(const char *utf8, int ambiguous_width);

/* Pads or truncates to exactly `width` (0..10000) columns. align: 'l' (text left, spaces
 * right), 'r', or 'c' (centre; the odd space goes right). A wider text is cut on a code point
 * boundary, never through a wide character, keeping its start; the result is then padded
 * with the same alignment (a cut that leaves width-1 columns gets one space). With
 * GFA_FMT_ELLIPSIS a truncated text ends with "…" (ambiguous_width columns) inside the width.
 * Invalid UTF-8 bytes are copied through, 1 column each. Returns a malloc'd string the caller
 * frees, or NULL with *why set. */
GFA_API char *gfa_fmt_pad(const char *utf8, int width, char align, int ambiguous_width, unsigned flags,
                  const char **why);

/* Chinese date from ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY" (years 0001..9999, calendar
 * checked, leap years included): "2024-01-05" -> "2024年1月5日", "2024-12" -> "2024年12月".
 * flags: GFA_FMT_DATE_UPPER for the PBOC financial date ("2024-02-12" ->
 * "贰零贰肆年零贰月壹拾贰日"). Returns a malloc'd string the caller frees, or NULL with *why set. */
GFA_API char *gfa_fmt_date_zh(const char *iso, unsigned flags, const char **why);

/* ---- files ---------------------------------------------------------------------------- */

/* Writes len bytes to path atomically (see gfa_report_save). */
GFA_API gfa_status gfa_write_file_atomic(const char *path, const char *data, size_t len,
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
GFA_API int gfa_main(int argc, char **argv, FILE *out, FILE *err);

#ifdef __cplusplus
}
#endif
#endif /* GFA_H */
