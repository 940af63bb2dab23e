/* batch.c — many reports at once (issue 5): N worker threads share one context, one
 * validator and one renderer (each compiled once, immutable, platform.md §6); each worker
 * takes the next report, converts, validates and renders it, writes its outputs
 * atomically, and keeps only a small result row. Results are indexed by input, so the
 * outputs and the summaries are the same whatever the number of workers. */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


typedef struct worker_pool {
    const gfa_batch_config *cfg;
    const gfa_pipeline *pipe;
    gfa_batch_result *res;
    size_t next;        /* next input to take */
    size_t done, failed;
    pthread_mutex_t lock;
} worker_pool;

static bool newer_than(const char *out, const struct stat *in)
{
    struct stat sb;
    if (stat(out, &sb) != 0)
        return false;
    return sb.st_mtim.tv_sec > in->st_mtim.tv_sec ||
           (sb.st_mtim.tv_sec == in->st_mtim.tv_sec && sb.st_mtim.tv_nsec >= in->st_mtim.tv_nsec);
}

static char *with_ext(const char *stem, const char *ext)
{
    char *p = NULL;
    return asprintf(&p, "%s.%s", stem, ext) < 0 ? NULL : p;
}

/* The header facts a summary row shows (of an instance written by an earlier run). */
static void header_facts(xmlDocPtr doc, gfa_batch_item *it)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next) {
        if (h->type != XML_ELEMENT_NODE || xmlStrcmp(h->name, BAD_CAST "header"))
            continue;
        for (xmlNodePtr e = h->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE)
                continue;
            if (!xmlStrcmp(e->name, BAD_CAST "entity")) {
                const char *n = xml_attr(e, "name"), *u = xml_attr(e, "unitCode");
                it->unit = n ? strdup(n) : NULL;
                it->unit_code = u ? strdup(u) : NULL;
            } else if (!xmlStrcmp(e->name, BAD_CAST "period")) {
                const char *y = xml_attr(e, "year");
                it->year = y ? strdup(y) : NULL;
            } else if (!xmlStrcmp(e->name, BAD_CAST "source")) {
                const char *sha = xml_attr(e, "sha256");
                it->sha256 = sha ? strdup(sha) : NULL;
            }
        }
    }
}

/* A previous run's instance: its header and its <validation> digest. */
static bool read_back(xmlDocPtr doc, gfa_batch_item *it)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr v = root ? root->children : NULL; v; v = v->next) {
        if (v->type != XML_ELEMENT_NODE || xmlStrcmp(v->name, BAD_CAST "validation"))
            continue;
        static const char *const names[] = {"infos", "warnings", "inconsistencies", "errors", "fatal"};
        for (int s = 0; s < 5; s++) {
            const char *c = xml_attr(v, names[s]);
            it->counts[s] = c ? (size_t)strtoul(c, NULL, 10) : 0;
        }
        const char *p = xml_attr(v, "passed"), *f = xml_attr(v, "failed"), *u = xml_attr(v, "unchecked");
        it->passed = p ? (size_t)strtoul(p, NULL, 10) : 0;
        it->failed = f ? (size_t)strtoul(f, NULL, 10) : 0;
        it->unchecked = u ? (size_t)strtoul(u, NULL, 10) : 0;
        const char *a = xml_attr(v, "accepted");
        it->status = a && !strcmp(a, "true") ? GFA_ITEM_ACCEPTED : GFA_ITEM_REJECTED;
        it->skipped = true;
        header_facts(doc, it); /* only now: an instance without a digest is done again */
        return true;
    }
    return false;
}

static char *dup_or_null(const char *v)
{
    return v ? strdup(v) : NULL;
}

static void process(const gfa_batch_config *cfg, const gfa_pipeline *pipe, size_t i,
                    gfa_batch_item *it)
{
    const char *input = cfg->inputs[i];
    bool files = cfg->outdir != NULL; /* else a pipeline that only stores */
    it->input = strdup(input);
    it->output = strdup(cfg->outputs ? cfg->outputs[i] : input);
    size_t n = files ? gfa_pipeline_outputs(pipe) : 0;
    char *stem = NULL;
    if (files && asprintf(&stem, "%s/%s", cfg->outdir, cfg->outputs[i]) < 0)
        stem = NULL;
    char **paths = calloc(n + 1, sizeof *paths);
    bool ok = (stem || !files) && paths;
    for (size_t k = 0; ok && k < n; k++)
        ok = (paths[k] = with_ext(stem, gfa_pipeline_output_extension(pipe, k))) != NULL;
    gfa_diags *d = gfa_diags_new();
    if (!ok || !d) {
        it->status = GFA_ITEM_FAILED;
        it->reason = strdup("out of memory");
        goto out;
    }
    if (cfg->fail_reasons && cfg->fail_reasons[i]) {
        it->status = GFA_ITEM_FAILED;
        it->reason = strdup(cfg->fail_reasons[i]);
        goto out;
    }
    struct stat in, st;
    bool fresh = files && cfg->resume && stat(input, &in) == 0;
    for (size_t k = 0; fresh && k < n; k++) /* a review page exists only with findings */
        fresh = newer_than(paths[k], &in) ||
                (pipeline_output_optional(pipe, k) && stat(paths[k], &st) != 0);
    char *xml = fresh ? with_ext(stem, "xml") : NULL;
    if (xml) {
        /* up to date: the summary row comes from the instance written last time */
        xmlDocPtr done = xml_read_file_secure(xml, GFA_DOM_IO, d);
        bool back = done && read_back(done, it);
        xmlFreeDoc(done);
        free(xml);
        if (back)
            goto out;
        gfa_diags_clear(d);
    }
    gfa_outcome *o = NULL;
    gfa_pipeline_run(pipe, input, files ? (const char *const *)paths : NULL, NULL, &o, d);
    if (!o) {
        it->status = GFA_ITEM_FAILED;
        it->reason = strdup("out of memory");
        goto out;
    }
    it->unit = dup_or_null(gfa_outcome_entity(o));
    it->sha256 = dup_or_null(gfa_outcome_sha256(o));
    it->unit_code = dup_or_null(gfa_outcome_unit_code(o));
    it->year = dup_or_null(gfa_outcome_year(o));
    it->stored = gfa_outcome_stored(o);
    const gfa_verdict *verdict = gfa_outcome_verdict(o);
    switch (gfa_outcome_status_of(o)) {
    case GFA_OUTCOME_ACCEPTED:
    case GFA_OUTCOME_REJECTED:
        it->status = gfa_outcome_status_of(o) == GFA_OUTCOME_ACCEPTED ? GFA_ITEM_ACCEPTED
                                                                       : GFA_ITEM_REJECTED;
        if (verdict) {
            for (int s = GFA_SEV_INFO; s <= GFA_SEV_FATAL; s++)
                it->counts[s] = gfa_verdict_count(verdict, (gfa_severity)s);
            it->passed = gfa_verdict_passed(verdict);
            it->failed = gfa_verdict_failed(verdict);
            it->unchecked = gfa_verdict_unchecked(verdict);
        }
        break;
    default:
        it->status = GFA_ITEM_FAILED;
        /* a report that is not readable fails the report (exit status 1); a file that
         * cannot be opened, read or written is an I/O error (exit status 2) */
        it->io_error = gfa_outcome_status_of(o) == GFA_OUTCOME_OUTPUT_FAILED ||
                       gfa_outcome_status_of(o) == GFA_OUTCOME_INPUT_FAILED;
        it->reason = dup_or_null(gfa_outcome_reason(o));
        break;
    }
    gfa_outcome_free(o);
out:
    /* a review page beside the outputs, this run's or (--resume) the last one's */
    for (size_t k = 0; paths && k < n; k++)
        if (paths[k] && pipeline_output_optional(pipe, k) && it->status != GFA_ITEM_FAILED &&
            access(paths[k], F_OK) == 0)
            it->review = 1;
    gfa_diags_free(d);
    for (size_t k = 0; paths && k < n; k++)
        free(paths[k]);
    free(paths);
    free(stem);
}

static void *worker(void *arg)
{
    worker_pool *pool = arg;
    const gfa_batch_config *cfg = pool->cfg;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next;
        bool stop = cfg->stop && *cfg->stop;
        if (!stop && i < cfg->ninputs)
            pool->next++;
        pthread_mutex_unlock(&pool->lock);
        if (stop || i >= cfg->ninputs)
            return NULL;
        process(cfg, pool->pipe, i, &pool->res->items[i]);
        pthread_mutex_lock(&pool->lock);
        pool->done++;
        if (pool->res->items[i].status == GFA_ITEM_FAILED)
            pool->failed++;
        if (cfg->progress)
            cfg->progress(cfg->progress_ud, pool->done, cfg->ninputs, pool->failed);
        pthread_mutex_unlock(&pool->lock);
    }
}

gfa_status gfa_batch_run(const gfa_batch_config *cfg, gfa_batch_result **out)
{
    *out = NULL;
    gfa_batch_result *res = calloc(1, sizeof *res);
    if (!res)
        return GFA_ERR_NOMEM;
    res->items = calloc(cfg->ninputs + 1, sizeof *res->items);
    res->count = cfg->ninputs;
    res->ruleset = strdup(cfg->validator ? gfa_validator_ruleset(cfg->validator) : "");
    if (!res->items || !res->ruleset) {
        gfa_batch_result_free(res);
        return GFA_ERR_NOMEM;
    }
    for (size_t i = 0; i < cfg->ninputs; i++) {
        res->items[i].status = GFA_ITEM_NOT_RUN;
        res->items[i].stored = -1;
    }
    worker_pool pool;
    memset(&pool, 0, sizeof pool);
    pool.cfg = cfg;
    pool.res = res;
    gfa_pipeline *own = NULL;
    if (!cfg->pipeline) {
        gfa_pipeline_options opt = {.to = cfg->renderer ? "html,text,xml" : "xml"};
        gfa_diags *d = gfa_diags_new();
        own = d ? gfa_pipeline_new(cfg->ctx, cfg->validator, cfg->renderer, &opt, d) : NULL;
        gfa_diags_free(d);
        if (!own) {
            gfa_batch_result_free(res);
            return GFA_ERR_NOMEM;
        }
    }
    pool.pipe = cfg->pipeline ? cfg->pipeline : own;
    pthread_mutex_init(&pool.lock, NULL);
    int jobs = cfg->jobs > 0 ? cfg->jobs : 1;
    if ((size_t)jobs > cfg->ninputs && cfg->ninputs > 0)
        jobs = (int)cfg->ninputs;
    if (jobs <= 1) {
        worker(&pool);
    } else {
        pthread_t *th = calloc((size_t)jobs, sizeof *th);
        int started = 0;
        for (int k = 0; th && k < jobs; k++)
            if (pthread_create(&th[k], NULL, worker, &pool) == 0)
                started++;
        if (started == 0)
            worker(&pool); /* no threads to be had: do the work here */
        for (int k = 0; k < started; k++)
            pthread_join(th[k], NULL);
        free(th);
    }
    pthread_mutex_destroy(&pool.lock);
    gfa_pipeline_free(own);
    *out = res;
    return GFA_OK;
}

void gfa_batch_result_free(gfa_batch_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->count; i++) {
        gfa_batch_item *it = &res->items[i];
        free(it->input);
        free(it->output);
        free(it->unit);
        free(it->unit_code);
        free(it->year);
        free(it->reason);
        free(it->sha256);
    }
    free(res->items);
    free(res->ruleset);
    free(res);
}

size_t gfa_batch_result_count(const gfa_batch_result *res)
{
    return res->count;
}

const gfa_batch_item *gfa_batch_result_item(const gfa_batch_result *res, size_t i)
{
    return i < res->count ? &res->items[i] : NULL;
}

const char *gfa_batch_result_ruleset(const gfa_batch_result *res)
{
    return res->ruleset;
}

const char *gfa_batch_status_name(gfa_batch_status s)
{
    switch (s) {
    case GFA_ITEM_ACCEPTED: return "accepted";
    case GFA_ITEM_REJECTED: return "rejected";
    case GFA_ITEM_FAILED: return "failed to read";
    default: return "not run";
    }
}

unsigned gfa_shard_of(const char *path, unsigned nshards)
{
    return nshards ? (unsigned)(str_hash(path) % nshards) + 1 : 1;
}
