/* writers.c — the writer table: every output format, its file extension and the function
 * that writes it. A new format is a file of its own (write_FORMAT.c) and one line here. */
#include "write/write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static gfa_status write_instance(const writer_env *env, gfa_report *report, char **out,
                                 size_t *len, gfa_diags *diags)
{
    *out = gfa_report_serialise(report, len);
    return *out ? GFA_OK : GFA_ERR_NOMEM;
}

static gfa_status write_html(const writer_env *env, gfa_report *report, char **out,
                             size_t *len, gfa_diags *diags)
{
    return gfa_render(env->renderer, report, GFA_RENDER_HTML, env->render, out, len, diags);
}

static gfa_status write_text(const writer_env *env, gfa_report *report, char **out,
                             size_t *len, gfa_diags *diags)
{
    return gfa_render(env->renderer, report, GFA_RENDER_TEXT, env->render, out, len, diags);
}

/* The review page beside the publication page (NAME.review.html): written when the
 * instance holds findings (or the mode asks for review pages); else nothing (*out NULL). */
static gfa_status write_review(const writer_env *env, gfa_report *report, gfa_render_format f,
                               char **out, size_t *len, gfa_diags *diags)
{
    gfa_render_options opt = env->render ? *env->render : (gfa_render_options){0};
    if (opt.mode != GFA_RENDER_REVIEW && !report_has_findings(report_doc(report))) {
        *out = NULL;
        return GFA_OK;
    }
    opt.mode = GFA_RENDER_REVIEW;
    return gfa_render(env->renderer, report, f, &opt, out, len, diags);
}

static gfa_status write_html_review(const writer_env *env, gfa_report *report, char **out,
                                    size_t *len, gfa_diags *diags)
{
    return write_review(env, report, GFA_RENDER_HTML, out, len, diags);
}

static gfa_status write_text_review(const writer_env *env, gfa_report *report, char **out,
                                    size_t *len, gfa_diags *diags)
{
    return write_review(env, report, GFA_RENDER_TEXT, out, len, diags);
}

/* name, extension, description, needs a renderer, to_memory, to_path, optional */
static const writer_def builtin_writers[] = {
    {"xml", "xml", "the gfa instance (XML, urn:gfa:report:1)", false, write_instance, NULL, false},
    {"html", "html", "a self-contained HTML page", true, write_html, NULL, false},
    {"text", "txt", "plain text aligned by display width", true, write_text, NULL, false},
    {"html-review", "review.html", "the HTML page with the findings (reports that have some)",
     true, write_html_review, NULL, true},
    {"text-review", "review.txt", "the text with the findings (reports that have some)", true,
     write_text_review, NULL, true},
    {"facts-csv", "facts.csv", "one row per value cell, CSV (UTF-8 with BOM)", false,
     write_facts_csv, NULL, false},
    {"facts-jsonl", "facts.jsonl", "one JSON object per value cell", false, write_facts_jsonl,
     NULL, false},
    {"findings-csv", "findings.csv", "one row per finding, CSV (UTF-8 with BOM)", false,
     write_findings_csv, NULL, false},
    {"findings-jsonl", "findings.jsonl", "one JSON object per finding", false,
     write_findings_jsonl, NULL, false},
    {"xlsx", "xlsx", "an Excel workbook: a sheet per table with its printed header, amounts "
     "as numbers, the metadata and the text", false, NULL, write_xlsx, false},
    {"csv", "csv", "a folder of CSV files, one per table, the metadata and the text (UTF-8 "
     "with BOM, or --csv-encoding gb18030)", false, NULL, write_csv, false},
};

size_t writer_count(const gfa_context *ctx)
{
    return ARRAY_LEN(builtin_writers) + (ctx ? ctx->nextra_writers : 0);
}

const writer_def *writer_at(const gfa_context *ctx, size_t i)
{
    if (i < ARRAY_LEN(builtin_writers))
        return &builtin_writers[i];
    i -= ARRAY_LEN(builtin_writers);
    return ctx && i < ctx->nextra_writers ? ctx->extra_writers[i] : NULL;
}

const writer_def *writer_find(const gfa_context *ctx, const char *name)
{
    for (size_t i = 0; i < writer_count(ctx); i++)
        if (strcmp(writer_at(ctx, i)->name, name) == 0)
            return writer_at(ctx, i);
    return NULL;
}

gfa_status writer_register(gfa_context *ctx, const writer_def *def)
{
    if (!def || !def->name || !def->extension || (!def->to_memory && !def->to_path) ||
        writer_find(ctx, def->name) || ctx->nextra_writers >= ARRAY_LEN(ctx->extra_writers))
        return GFA_ERR_USAGE;
    ctx->extra_writers[ctx->nextra_writers++] = def;
    return GFA_OK;
}

int gfa_writer_info(size_t i, const char **name, const char **extension,
                    const char **description)
{
    const writer_def *w = i < ARRAY_LEN(builtin_writers) ? &builtin_writers[i] : NULL;
    if (!w)
        return 0;
    if (name)
        *name = w->name;
    if (extension)
        *extension = w->extension;
    if (description)
        *description = w->description;
    return 1;
}

const char *writer_csv_encoding(const char *name, gfa_diags *diags)
{
    if (!name || !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        return "UTF-8";
    if (!strcasecmp(name, "gb18030"))
        return "GB18030";
    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-PIPE-004", "", 0, 0,
             "the csv writer writes utf-8 or gb18030, not '%s'", name);
    return NULL;
}

gfa_status gfa_report_export(const gfa_context *ctx, gfa_report *report, const char *format,
                             const char *path, const char *csv_encoding, gfa_diags *diags)
{
    if (!ctx || !report || !format || !path)
        return GFA_ERR_USAGE;
    const writer_def *w = writer_find(ctx, format);
    if (!w || w->needs_renderer) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-PIPE-001", "", 0, 0,
                 "no writer without a renderer is called '%s' (xml, xlsx, csv)", format);
        return GFA_ERR_USAGE;
    }
    const char *enc = writer_csv_encoding(csv_encoding, diags);
    if (!enc)
        return GFA_ERR_USAGE;
    writer_env env = {ctx, NULL, NULL, enc};
    if (w->to_path)
        return w->to_path(&env, report, path, diags);
    char *data = NULL;
    size_t len = 0;
    gfa_status st = w->to_memory(&env, report, &data, &len, diags);
    if (st == GFA_OK)
        st = gfa_write_file_atomic(path, data, len, diags);
    free(data);
    return st;
}
