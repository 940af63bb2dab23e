/* diag.c — diagnostics as values: a caller-owned list that every part of libgfa appends to.
 * The library never prints (style.md §4); the CLI decides how to show these. */
#include "base/base.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct gfa_diag {
    gfa_severity severity;
    gfa_domain domain;
    char *id;
    char *file;
    long line;
    long column;
    char *message;
    char *xpath;
    char *at; /* the original location when the source is not a text of lines */
    char *src_file; /* where in the published original, when the file is not it */
    long src_line, src_column;
    char *fingerprint; /* a finding's stable id */
};

struct gfa_diags {
    gfa_diag *items;
    size_t count;
    size_t cap;
    int nomem; /* set when an append failed: the list is then known to be incomplete */
};

gfa_diags *gfa_diags_new(void)
{
    return calloc(1, sizeof(gfa_diags));
}

static void diag_release(gfa_diag *d)
{
    free(d->id);
    free(d->file);
    free(d->message);
    free(d->xpath);
    free(d->at);
    free(d->src_file);
    free(d->fingerprint);
}

void gfa_diags_clear(gfa_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++)
        diag_release(&diags->items[i]);
    diags->count = 0;
    diags->nomem = 0;
}

void gfa_diags_free(gfa_diags *diags)
{
    if (!diags)
        return;
    gfa_diags_clear(diags);
    free(diags->items);
    free(diags);
}

size_t gfa_diags_count(const gfa_diags *diags)
{
    return diags ? diags->count : 0;
}

size_t gfa_diags_count_at_least(const gfa_diags *diags, gfa_severity min)
{
    size_t n = 0;
    for (size_t i = 0; diags && i < diags->count; i++)
        if (diags->items[i].severity >= min)
            n++;
    return n;
}

const gfa_diag *gfa_diags_at(const gfa_diags *diags, size_t i)
{
    return (diags && i < diags->count) ? &diags->items[i] : NULL;
}

gfa_severity gfa_diag_severity(const gfa_diag *d) { return d->severity; }
gfa_domain gfa_diag_domain(const gfa_diag *d) { return d->domain; }
const char *gfa_diag_id(const gfa_diag *d) { return d->id ? d->id : ""; }
const char *gfa_diag_file(const gfa_diag *d) { return d->file ? d->file : ""; }
long gfa_diag_line(const gfa_diag *d) { return d->line; }
long gfa_diag_column(const gfa_diag *d) { return d->column; }
const char *gfa_diag_message(const gfa_diag *d) { return d->message ? d->message : ""; }
const char *gfa_diag_xpath(const gfa_diag *d) { return d->xpath ? d->xpath : ""; }
const char *gfa_diag_at(const gfa_diag *d) { return d->at ? d->at : ""; }
const char *gfa_diag_source_file(const gfa_diag *d) { return d->src_file ? d->src_file : ""; }
long gfa_diag_source_line(const gfa_diag *d) { return d->src_line; }
long gfa_diag_source_column(const gfa_diag *d) { return d->src_column; }
const char *gfa_diag_fingerprint(const gfa_diag *d) { return d->fingerprint ? d->fingerprint : ""; }

bool diag_locate(gfa_diags *diags, size_t i, const char *location)
{
    if (!diags || i >= diags->count || !location)
        return false;
    char *copy = strdup(location);
    if (!copy)
        return false;
    gfa_diag *d = &diags->items[i];
    free(d->at);
    d->at = copy;
    return true;
}

void diag_raise(gfa_diags *diags, size_t i, gfa_severity sev)
{
    if (diags && i < diags->count && diags->items[i].severity < sev)
        diags->items[i].severity = sev;
}

const char *diag_id_at(const gfa_diags *diags, size_t i)
{
    return diags && i < diags->count && diags->items[i].id ? diags->items[i].id : "";
}

const char *gfa_severity_name(gfa_severity s)
{
    switch (s) {
    case GFA_SEV_INFO: return "info";
    case GFA_SEV_WARNING: return "warning";
    case GFA_SEV_INCONSISTENCY: return "inconsistency";
    case GFA_SEV_ERROR: return "error";
    case GFA_SEV_FATAL: return "fatal";
    }
    return "unknown";
}

const char *gfa_status_name(gfa_status s)
{
    switch (s) {
    case GFA_OK: return "ok";
    case GFA_ERR_INPUT: return "bad input";
    case GFA_ERR_IO: return "I/O error";
    case GFA_ERR_DATA: return "bad data files";
    case GFA_ERR_NOMEM: return "out of memory";
    case GFA_ERR_USAGE: return "usage error";
    }
    return "unknown";
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void diag_addv(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
               const char *file, long line, long column, const char *xpath, const char *fmt,
               va_list ap)
{
    if (!diags)
        return;
    if (diags->count == diags->cap) {
        size_t cap = diags->cap ? diags->cap * 2 : 16;
        gfa_diag *items = realloc(diags->items, cap * sizeof *items);
        if (!items) {
            diags->nomem = 1;
            return;
        }
        diags->items = items;
        diags->cap = cap;
    }
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    gfa_diag *d = &diags->items[diags->count];
    d->severity = sev;
    d->domain = dom;
    d->id = dup_or_null(id);
    d->file = dup_or_null(file);
    d->line = line;
    d->column = column;
    d->message = msg;
    d->xpath = dup_or_null(xpath);
    d->at = NULL;
    d->src_file = NULL;
    d->src_line = d->src_column = 0;
    d->fingerprint = NULL;
    if (!msg || (id && !d->id) || (file && !d->file) || (xpath && !d->xpath)) {
        diag_release(d);
        diags->nomem = 1;
        return;
    }
    diags->count++;
}

void diag_add(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
              const char *file, long line, long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(diags, sev, dom, id, file, line, column, NULL, fmt, ap);
    va_end(ap);
}

void diag_add_at(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
                 const char *file, long line, long column, const char *xpath, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(diags, sev, dom, id, file, line, column, xpath, fmt, ap);
    va_end(ap);
}

void diag_set_at(gfa_diags *diags, const char *at)
{
    if (!diags || !diags->count || !at || !*at)
        return;
    gfa_diag *d = &diags->items[diags->count - 1];
    free(d->at);
    d->at = strdup(at);
    if (!d->at)
        diags->nomem = 1;
}

void diag_set_source(gfa_diags *diags, const char *file, long line, long column)
{
    if (!diags || !diags->count || !file || !*file)
        return;
    gfa_diag *d = &diags->items[diags->count - 1];
    free(d->src_file);
    d->src_file = strdup(file);
    d->src_line = line;
    d->src_column = column;
    if (!d->src_file)
        diags->nomem = 1;
}

void diag_set_fingerprint(gfa_diags *diags, const char *fingerprint)
{
    if (!diags || !diags->count || !fingerprint || !*fingerprint)
        return;
    gfa_diag *d = &diags->items[diags->count - 1];
    free(d->fingerprint);
    d->fingerprint = strdup(fingerprint);
    if (!d->fingerprint)
        diags->nomem = 1;
}

int diags_incomplete(const gfa_diags *diags)
{
    return diags && diags->nomem;
}
