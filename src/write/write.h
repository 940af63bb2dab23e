/* write.h — the writers: the writer table and what a writer is given. Each output format
 * is one writer (one file, one line in writers.c); convert, batch, render and the pipeline
 * choose writers by name. Not installed. */
#ifndef GFA_WRITE_H
#define GFA_WRITE_H

#include "read/read.h"

/* What every writer may use; fields may be NULL when not set up (no renderer). */
typedef struct writer_env {
    const gfa_context *ctx;
    const gfa_renderer *renderer;
    const gfa_render_options *render;
    const char *csv_encoding; /* csv: "UTF-8" (with BOM; also NULL) or "GB18030" */
} writer_env;

typedef struct writer_def {
    const char *name;        /* --to NAME */
    const char *extension;   /* of the file it writes: "xml" */
    const char *description; /* one line for --help */
    bool needs_renderer;
    /* One of these: the output in memory (malloc'd; the pipeline writes it atomically or
     * to a stream; *out NULL with GFA_OK: nothing to write for this report, and a file
     * left by an earlier run is removed) … */
    gfa_status (*to_memory)(const writer_env *env, gfa_report *report, char **out,
                            size_t *len, gfa_diags *diags);
    /* … or written to a path by the writer itself, atomically (a folder of files, or a
     * library that writes files). */
    gfa_status (*to_path)(const writer_env *env, gfa_report *report, const char *path,
                          gfa_diags *diags);
    bool optional; /* writes nothing for some reports (a review page without findings) */
} writer_def;

/* write_facts.c: one row per value cell (facts) or per embedded finding, as CSV with a
 * BOM or as JSON Lines. */
gfa_status write_facts_csv(const writer_env *env, gfa_report *report, char **out, size_t *len,
                           gfa_diags *diags);
gfa_status write_facts_jsonl(const writer_env *env, gfa_report *report, char **out, size_t *len,
                             gfa_diags *diags);
gfa_status write_findings_csv(const writer_env *env, gfa_report *report, char **out,
                              size_t *len, gfa_diags *diags);
gfa_status write_findings_jsonl(const writer_env *env, gfa_report *report, char **out,
                                size_t *len, gfa_diags *diags);
/* ---- sheets.c: an instance as sheets of cells, for the xlsx and csv writers ----
 * One sheet for the metadata (the header), one for the cover and contents, one per part
 * (its heading and text), one per table and performance form (title, captions, the printed
 * header with its merged cells, one row per printed line with codes, names and 行次 where
 * the recogniser reads them, notes). Reading the sheets back gives the same instance. */
typedef enum wcell_kind {
    WC_NONE = 0, /* no cell */
    WC_BLANK,    /* an empty cell of a grid row */
    WC_TEXT,     /* text, written as text (codes keep their digits) */
    WC_NUMBER,   /* an amount: text is its canonical decimal, shown with fmt */
} wcell_kind;
typedef struct wcell {
    wcell_kind kind;
    char *text;
    book_numfmt fmt;
} wcell;
typedef enum wrow_style {
    WR_TEXT = 0, /* a line of text: one cell */
    WR_TITLE,    /* a table's title, a part's heading */
    WR_HEADER,   /* a printed header row */
    WR_BODY,     /* a grid row: table rows, forms, the metadata */
} wrow_style;
typedef struct wrow {
    wcell *cells;
    int ncells;
    wrow_style style;
} wrow;
typedef struct wsheet {
    char *name;
    wrow *rows;
    size_t nrows, cap;
    long (*merges)[4]; /* first row, first column, last row, last column (0-based) */
    size_t nmerges;
    int width;         /* cells of its widest grid row */
    bool text;         /* a sheet of text (the cover, a part): wrap its long lines */
} wsheet;
typedef struct wbook {
    wsheet *sheets;    /* the metadata sheet first */
    size_t n, cap;
    bool failed;       /* no memory, or too_wide */
    bool too_wide;     /* a table wider than a sheet (diagnosed) */
} wbook;
/* Builds the sheets of an instance; GFA_ERR_INPUT (diagnosed) when it cannot be written. */
gfa_status wbook_build(const gfa_context *ctx, xmlDocPtr doc, wbook *out, gfa_diags *diags);
void wbook_free(wbook *wb);
/* The text a cell shows (a number in its format); never NULL for a text or number. */
const char *wcell_text(const wcell *c, char *buf, size_t cap);

/* ---- write_xlsx.c, write_csv.c ---- */
gfa_status write_xlsx(const writer_env *env, gfa_report *report, const char *path,
                      gfa_diags *diags);
gfa_status write_csv(const writer_env *env, gfa_report *report, const char *path,
                     gfa_diags *diags);

/* The csv writer's encoding by its name (NULL: UTF-8): "UTF-8" or "GB18030"; NULL with
 * GFA-PIPE-004 for any other. */
const char *writer_csv_encoding(const char *name, gfa_diags *diags);

/* Writers of the context: the built-in table, then the ones added to the context. */
size_t writer_count(const gfa_context *ctx);
const writer_def *writer_at(const gfa_context *ctx, size_t i);
const writer_def *writer_find(const gfa_context *ctx, const char *name);
/* Adds a writer (not copied: it must outlive the context). GFA_ERR_USAGE when the table
 * is full or the name is taken. */
gfa_status writer_register(gfa_context *ctx, const writer_def *def);

#endif
