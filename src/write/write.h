/* write.h — the writers: the writer table and what a writer is given. Each output format
 * is one writer (one file, one line in writers.c); convert, batch, render and the pipeline
 * choose writers by name. Not installed. */
#ifndef GFA_WRITE_H
#define GFA_WRITE_H

#include "model/model.h"

/* What every writer may use; fields may be NULL when not set up (no renderer). */
typedef struct writer_env {
    const gfa_context *ctx;
    const gfa_renderer *renderer;
    const gfa_render_options *render;
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

/* Writers of the context: the built-in table, then the ones added to the context. */
size_t writer_count(const gfa_context *ctx);
const writer_def *writer_at(const gfa_context *ctx, size_t i);
const writer_def *writer_find(const gfa_context *ctx, const char *name);
/* Adds a writer (not copied: it must outlive the context). GFA_ERR_USAGE when the table
 * is full or the name is taken. */
gfa_status writer_register(gfa_context *ctx, const writer_def *def);

#endif
