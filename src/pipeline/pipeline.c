/* pipeline.c — one report's way through gfa: read (reader table) → XSD → business rules →
 * each chosen writer (writer table) and the store, when one is given. convert, batch and anything later (a store loader, a
 * gateway service) run this one function, so they cannot drift apart. It keeps no global
 * state, prints nothing and never exits: a long-lived process may run it from many threads
 * with one immutable gfa_pipeline. */
#include "pipeline/pipeline.h"
#include "validate/validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_WRITERS 16

struct gfa_pipeline {
    const gfa_context *ctx;
    const gfa_validator *validator;
    const gfa_renderer *renderer;
    char *from;
    const writer_def *writers[MAX_WRITERS];
    size_t nwriters;
    unsigned flags;
    gfa_render_options render;
    const char *csv_encoding; /* static: "UTF-8" or "GB18030" */
    gfa_store *store; /* shared by the threads running the pipeline */
};

struct gfa_outcome {
    char *input;
    gfa_outcome_status status;
    gfa_verdict *verdict;
    gfa_report *report;
    char *entity, *unit_code, *year, *scope, *sha256, *format;
    char *reason;
    long stored; /* amounts loaded into the store, -1: none */
};

static gfa_status add_writers(gfa_pipeline *p, const char *list, gfa_diags *diags)
{
    char *copy = strdup(list);
    if (!copy)
        return GFA_ERR_NOMEM;
    gfa_status st = GFA_OK;
    char *save = NULL;
    for (char *name = strtok_r(copy, ", ", &save); name && st == GFA_OK;
         name = strtok_r(NULL, ", ", &save)) {
        const writer_def *w = writer_find(p->ctx, name);
        if (!w && strcmp(name, "txt") == 0) /* the extension is what people remember */
            w = writer_find(p->ctx, "text");
        bool dup = false;
        for (size_t i = 0; w && i < p->nwriters; i++)
            dup |= p->writers[i] == w;
        if (!w) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-PIPE-001", "", 0, 0,
                     "no writer is called '%s' (gfa convert --help lists them)", name);
            st = GFA_ERR_USAGE;
        } else if (w->needs_renderer && !p->renderer) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-PIPE-002", "", 0, 0,
                     "the %s writer renders, but no renderer was set up", name);
            st = GFA_ERR_USAGE;
        } else if (!dup && p->nwriters == MAX_WRITERS) {
            st = GFA_ERR_USAGE;
        } else if (!dup) {
            p->writers[p->nwriters++] = w;
        }
    }
    free(copy);
    return st;
}

gfa_pipeline *gfa_pipeline_new(const gfa_context *ctx, const gfa_validator *validator,
                               const gfa_renderer *renderer, const gfa_pipeline_options *opt,
                               gfa_diags *diags)
{
    if (!ctx)
        return NULL;
    gfa_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ctx = ctx;
    p->validator = validator;
    p->renderer = renderer;
    if (opt) {
        p->flags = opt->flags;
        p->render = opt->render;
        p->store = opt->store;
    }
    if (!(p->csv_encoding = writer_csv_encoding(opt ? opt->csv_encoding : NULL, diags))) {
        free(p);
        return NULL;
    }
    const char *from = opt && opt->from && *opt->from && strcmp(opt->from, "auto") != 0
                           ? opt->from
                           : NULL;
    if (from && !reader_find(ctx, from)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-PIPE-001", "", 0, 0,
                 "no reader is called '%s' (gfa convert --help lists them)", from);
        free(p);
        return NULL;
    }
    p->from = from ? strdup(from) : NULL;
    if ((from && !p->from) ||
        add_writers(p, opt && opt->to && *opt->to ? opt->to : "xml", diags) != GFA_OK) {
        gfa_pipeline_free(p);
        return NULL;
    }
    return p;
}

void gfa_pipeline_free(gfa_pipeline *p)
{
    if (!p)
        return;
    free(p->from);
    free(p);
}

size_t gfa_pipeline_outputs(const gfa_pipeline *p)
{
    return p->nwriters;
}

const char *gfa_pipeline_output_extension(const gfa_pipeline *p, size_t i)
{
    return i < p->nwriters ? p->writers[i]->extension : NULL;
}

bool pipeline_output_optional(const gfa_pipeline *p, size_t i)
{
    return i < p->nwriters && p->writers[i]->optional;
}

const char *gfa_pipeline_output_name(const gfa_pipeline *p, size_t i)
{
    return i < p->nwriters ? p->writers[i]->name : NULL;
}

/* ---- the outcome ---- */

void gfa_outcome_free(gfa_outcome *o)
{
    if (!o)
        return;
    gfa_verdict_free(o->verdict);
    gfa_report_free(o->report);
    free(o->input);
    free(o->entity);
    free(o->unit_code);
    free(o->year);
    free(o->scope);
    free(o->sha256);
    free(o->format);
    free(o->reason);
    free(o);
}

gfa_outcome_status gfa_outcome_status_of(const gfa_outcome *o)
{
    return o->status;
}

const gfa_verdict *gfa_outcome_verdict(const gfa_outcome *o)
{
    return o->verdict;
}

const char *gfa_outcome_input(const gfa_outcome *o)
{
    return o->input;
}

const char *gfa_outcome_entity(const gfa_outcome *o)
{
    return o->entity;
}

const char *gfa_outcome_unit_code(const gfa_outcome *o)
{
    return o->unit_code;
}

const char *gfa_outcome_year(const gfa_outcome *o)
{
    return o->year;
}

const char *gfa_outcome_scope(const gfa_outcome *o)
{
    return o->scope;
}

const char *gfa_outcome_sha256(const gfa_outcome *o)
{
    return o->sha256;
}

const char *gfa_outcome_format(const gfa_outcome *o)
{
    return o->format;
}

long gfa_outcome_stored(const gfa_outcome *o)
{
    return o->stored;
}

const char *gfa_outcome_reason(const gfa_outcome *o)
{
    return o->reason;
}

gfa_report *gfa_outcome_report(gfa_outcome *o)
{
    return o->report;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The header facts an outcome carries. */
static void header_facts(xmlDocPtr doc, gfa_outcome *o)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next) {
        if (h->type != XML_ELEMENT_NODE || xmlStrcmp(h->name, BAD_CAST "header"))
            continue;
        for (xmlNodePtr e = h->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE)
                continue;
            if (!xmlStrcmp(e->name, BAD_CAST "entity")) {
                o->entity = dup_or_null(xml_attr(e, "name"));
                o->unit_code = dup_or_null(xml_attr(e, "unitCode"));
                o->scope = dup_or_null(xml_attr(e, "scope"));
            } else if (!xmlStrcmp(e->name, BAD_CAST "period")) {
                o->year = dup_or_null(xml_attr(e, "year"));
            } else if (!xmlStrcmp(e->name, BAD_CAST "source")) {
                o->sha256 = dup_or_null(xml_attr(e, "sha256"));
                o->format = dup_or_null(xml_attr(e, "format"));
            }
        }
    }
}

char *pipeline_first_reason(const gfa_diags *d)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (gfa_diag_severity(x) >= GFA_SEV_ERROR) {
            char *s = NULL;
            if (*gfa_diag_at(x)) { /* a workbook's cell, a PDF's position */
                if (asprintf(&s, "%s: [%s] %s", gfa_diag_at(x), gfa_diag_id(x),
                             gfa_diag_message(x)) < 0)
                    s = NULL;
            } else if (gfa_diag_line(x) > 0) {
                if (asprintf(&s, "line %ld: [%s] %s", gfa_diag_line(x), gfa_diag_id(x),
                             gfa_diag_message(x)) < 0)
                    s = NULL;
            } else if (asprintf(&s, "[%s] %s", gfa_diag_id(x), gfa_diag_message(x)) < 0) {
                s = NULL;
            }
            return s;
        }
    }
    return strdup("unreadable");
}

/* ---- running ---- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A report over its time budget fails (and writes nothing). The budget is checked between
 * stages; gfa has no stage whose time is not linear in its input. */
static bool over_budget(const gfa_pipeline *p, const struct timespec *t0, gfa_diags *d,
                        const char *input)
{
    long long max = gfa_context_limit(p->ctx, GFA_LIMIT_SECONDS);
    if (max <= 0 || seconds_since(t0) <= (double)max)
        return false;
    diag_add(d, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-006", input, 0, 0,
             "over its time budget of %lld s (--limit seconds=N)", max);
    return true;
}

/* mkdir -p for the folder of path */
static int make_parents(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

static gfa_status write_one(const gfa_pipeline *p, const writer_def *w, gfa_report *report,
                            const char *path, FILE *stream, gfa_diags *d)
{
    writer_env env = {p->ctx, p->renderer, &p->render, p->csv_encoding};
    bool to_stream = strcmp(path, "-") == 0;
    if (!to_stream && make_parents(path) != 0) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-030", path, 0, 0,
                 "cannot create the output folder: %s", strerror(errno));
        return GFA_ERR_IO;
    }
    if (!w->to_memory) {
        if (to_stream) {
            diag_add(d, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-PIPE-003", "-", 0, 0,
                     "the %s writer writes files, not standard output: give -o", w->name);
            return GFA_ERR_USAGE;
        }
        return w->to_path(&env, report, path, d);
    }
    char *data = NULL;
    size_t len = 0;
    gfa_status st = w->to_memory(&env, report, &data, &len, d);
    if (st == GFA_OK && !data) { /* nothing for this report: no stale file either */
        if (!to_stream)
            unlink(path);
        return GFA_OK;
    }
    if (st == GFA_OK) {
        if (!to_stream) {
            st = gfa_write_file_atomic(path, data, len, d);
        } else if (!stream || fwrite(data, 1, len, stream) != len) {
            diag_add(d, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-031", "-", 0, 0,
                     "cannot write to standard output");
            st = GFA_ERR_IO;
        }
    }
    free(data);
    return st;
}

/* The instance writer goes last: --resume trusts an instance newer than its input. */
static bool is_instance_writer(const writer_def *w)
{
    return strcmp(w->name, "xml") == 0;
}

/* The store is one more consumer of the report: one transaction (gfa_store_load). */
static gfa_status store_one(const gfa_pipeline *p, gfa_outcome *o, gfa_diags *d)
{
    size_t n = 0;
    gfa_status st = gfa_store_load(p->store, p->validator, o->verdict, o->report, &n, d);
    if (st == GFA_OK)
        o->stored = (long)n;
    return st;
}

static gfa_status write_all(const gfa_pipeline *p, gfa_outcome *o, const char *const *outputs,
                            FILE *stream, const struct timespec *t0, const char *input,
                            gfa_diags *d)
{
    gfa_status st = GFA_OK;
    for (int pass = 0; pass < 2 && st == GFA_OK; pass++) {
        for (size_t i = 0; outputs && i < p->nwriters && st == GFA_OK; i++) {
            if (is_instance_writer(p->writers[i]) != (pass == 1))
                continue;
            st = write_one(p, p->writers[i], o->report, outputs[i], stream, d);
        }
        if (pass == 0 && st == GFA_OK && over_budget(p, t0, d, input)) {
            for (size_t i = 0; outputs && i < p->nwriters; i++)
                if (!is_instance_writer(p->writers[i]) && strcmp(outputs[i], "-") != 0)
                    unlink(outputs[i]);
            st = GFA_ERR_INPUT;
        }
        /* after the other outputs, before the instance: an instance newer than its input
         * means the report is in the store too (--resume) */
        if (pass == 0 && st == GFA_OK && p->store)
            st = store_one(p, o, d);
    }
    return st;
}

gfa_status gfa_pipeline_run(const gfa_pipeline *p, const char *input,
                            const char *const *outputs, FILE *stream, gfa_outcome **out,
                            gfa_diags *diags)
{
    *out = NULL;
    gfa_outcome *o = calloc(1, sizeof *o);
    if (!o)
        return GFA_ERR_NOMEM;
    *out = o;
    if (!(o->input = strdup(input))) {
        o->status = GFA_OUTCOME_OUTPUT_FAILED;
        return GFA_ERR_NOMEM;
    }
    o->stored = -1;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gfa_status st = gfa_report_read_file_as(p->ctx, input, p->from, &o->report, diags);
    bool rules = p->validator && !(p->flags & GFA_PIPELINE_NO_RULES);
    /* the validator's first layer is the XSD; without rules, check the XSD alone */
    if (st == GFA_OK && !rules && !(p->flags & GFA_PIPELINE_NO_SCHEMA))
        st = gfa_report_check_schema(p->ctx, o->report, diags);
    if (st == GFA_OK && over_budget(p, &t0, diags, input))
        st = GFA_ERR_INPUT;
    unsigned vflags = GFA_VALIDATE_EMBED |
                      (p->flags & GFA_PIPELINE_NO_SCHEMA ? GFA_VALIDATE_NO_SCHEMA : 0);
    if (st == GFA_OK && rules &&
        gfa_validate(p->validator, o->report, vflags, &o->verdict, diags) != GFA_OK)
        st = GFA_ERR_NOMEM;
    if (st == GFA_OK && over_budget(p, &t0, diags, input))
        st = GFA_ERR_INPUT;
    if (o->report)
        header_facts(gfa_report_doc(o->report), o);
    if (st != GFA_OK) {
        o->status = st == GFA_ERR_NOMEM ? GFA_OUTCOME_OUTPUT_FAILED
                    : st == GFA_ERR_IO  ? GFA_OUTCOME_INPUT_FAILED
                                        : GFA_OUTCOME_UNREADABLE;
        o->reason = pipeline_first_reason(diags);
        /* an unreadable filing is still named by its bytes (a gateway's report lists it) */
        char sha[65];
        if (!o->sha256 && strcmp(input, "-") != 0 &&
            sha256_file(input, gfa_context_limit(p->ctx, GFA_LIMIT_INPUT_BYTES), sha))
            o->sha256 = strdup(sha);
        return st;
    }
    if (outputs || p->store)
        st = write_all(p, o, outputs, stream, &t0, input, diags);
    if (st == GFA_OK) {
        o->status = o->verdict && !gfa_verdict_accepted(o->verdict) ? GFA_OUTCOME_REJECTED
                                                                     : GFA_OUTCOME_ACCEPTED;
    } else {
        /* over the time budget while writing is the report's fault, not the output's */
        o->status = st == GFA_ERR_INPUT ? GFA_OUTCOME_UNREADABLE : GFA_OUTCOME_OUTPUT_FAILED;
        o->reason = pipeline_first_reason(diags);
    }
    return st;
}

/* ---- the gateway's report of several outcomes ---- */

static const char *status_word(gfa_outcome_status s)
{
    switch (s) {
    case GFA_OUTCOME_ACCEPTED: return "accepted";
    case GFA_OUTCOME_REJECTED: return "rejected";
    case GFA_OUTCOME_UNREADABLE:
    case GFA_OUTCOME_INPUT_FAILED: return "unreadable";
    default: return "error";
    }
}

char *gfa_outcomes_report(const gfa_validator *v, const gfa_outcome *const *outcomes, size_t n,
                          gfa_report_format fmt, size_t *len)
{
    report_entry *es = calloc(n + 1, sizeof *es);
    if (!es)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const gfa_outcome *o = outcomes[i];
        es[i] = (report_entry){o->input ? o->input : "", status_word(o->status), o->reason,
                               o->sha256, o->entity, o->unit_code, o->year, o->scope,
                               o->format, o->verdict};
        if (o->verdict) /* the verdict knows; an outcome without outputs may lack status */
            es[i].status = gfa_verdict_accepted(o->verdict) ? "accepted" : "rejected";
    }
    char *out = verdict_report_entries(es, n, validator_rules(v), fmt, len);
    free(es);
    return out;
}
