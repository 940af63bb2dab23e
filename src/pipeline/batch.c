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
    gfa_batch_result *res;
    size_t next;        /* next input to take */
    size_t done, failed;
    pthread_mutex_t lock;
} worker_pool;

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

/* The header facts a summary row shows. */
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

static char *first_reason(const gfa_diags *d)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++) {
        const gfa_diag *x = gfa_diags_at(d, i);
        if (gfa_diag_severity(x) >= GFA_SEV_ERROR) {
            char *s = NULL;
            if (gfa_diag_line(x) > 0) {
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

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A report over its time budget fails (and writes nothing): the batch goes on. The budget
 * is checked between stages; gfa has no stage whose time is not linear in its input. */
static bool over_budget(const gfa_batch_config *cfg, const struct timespec *t0, gfa_diags *d,
                        const char *input)
{
    long long max = gfa_context_limit(cfg->ctx, GFA_LIMIT_SECONDS);
    if (max <= 0 || seconds_since(t0) <= (double)max)
        return false;
    diag_add(d, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-006", input, 0, 0,
             "over its time budget of %lld s (--limit seconds=N)", max);
    return true;
}

static void process(const gfa_batch_config *cfg, size_t i, gfa_batch_item *it)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *input = cfg->inputs[i];
    it->input = strdup(input);
    it->output = strdup(cfg->outputs[i]);
    char *stem = NULL;
    if (asprintf(&stem, "%s/%s", cfg->outdir, cfg->outputs[i]) < 0)
        stem = NULL;
    char *xml = stem ? with_ext(stem, "xml") : NULL;
    char *html = stem ? with_ext(stem, "html") : NULL;
    char *txt = stem ? with_ext(stem, "txt") : NULL;
    gfa_diags *d = gfa_diags_new();
    if (!stem || !xml || !html || !txt || !d) {
        it->status = GFA_ITEM_FAILED;
        it->reason = strdup("out of memory");
        goto out;
    }
    struct stat in;
    if (cfg->resume && stat(input, &in) == 0 && newer_than(xml, &in) &&
        (!cfg->renderer || (newer_than(html, &in) && newer_than(txt, &in)))) {
        /* up to date: the summary row comes from the instance written last time */
        xmlDocPtr done = xml_read_file_secure(xml, GFA_DOM_IO, d);
        if (done && read_back(done, it)) {
            xmlFreeDoc(done);
            goto out;
        }
        xmlFreeDoc(done);
        gfa_diags_clear(d);
    }
    gfa_report *report = NULL;
    gfa_status st = gfa_report_read_file(cfg->ctx, input, &report, d);
    if (st == GFA_OK && !cfg->validator) /* the validator's first layer is the XSD */
        st = gfa_report_check_schema(cfg->ctx, report, d);
    gfa_verdict *verdict = NULL;
    if (st == GFA_OK && over_budget(cfg, &t0, d, input))
        st = GFA_ERR_INPUT;
    if (st == GFA_OK && cfg->validator)
        st = gfa_validate(cfg->validator, report, GFA_VALIDATE_EMBED, &verdict, d);
    if (st == GFA_OK && over_budget(cfg, &t0, d, input))
        st = GFA_ERR_INPUT;
    bool writing = st == GFA_OK; /* from here on an I/O error is the output's */
    if (st == GFA_OK) {
        header_facts(gfa_report_doc(report), it);
        if (make_parents(xml) != 0) {
            diag_add(d, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-030", xml, 0, 0,
                     "cannot create the output folder: %s", strerror(errno));
            st = GFA_ERR_IO;
        }
    }
    /* the instance last: --resume trusts an instance newer than its input, so it must
     * not exist before the renderings do */
    if (st == GFA_OK && cfg->renderer) {
        st = gfa_render_file(cfg->renderer, report, GFA_RENDER_HTML, NULL, html, d);
        if (st == GFA_OK)
            st = gfa_render_file(cfg->renderer, report, GFA_RENDER_TEXT, NULL, txt, d);
        if (st == GFA_OK && over_budget(cfg, &t0, d, input)) {
            unlink(html);
            unlink(txt);
            st = GFA_ERR_INPUT;
        }
    }
    if (st == GFA_OK)
        st = gfa_report_save(report, xml, d);
    if (st == GFA_OK) {
        it->status = verdict && !gfa_verdict_accepted(verdict) ? GFA_ITEM_REJECTED : GFA_ITEM_ACCEPTED;
        if (verdict) {
            for (int s = GFA_SEV_INFO; s <= GFA_SEV_FATAL; s++)
                it->counts[s] = gfa_verdict_count(verdict, (gfa_severity)s);
            it->passed = gfa_verdict_passed(verdict);
            it->failed = gfa_verdict_failed(verdict);
            it->unchecked = gfa_verdict_unchecked(verdict);
        }
    } else {
        it->status = GFA_ITEM_FAILED;
        /* an input that cannot be read fails the report; an output that cannot be
         * written fails the batch (exit status 2) */
        it->io_error = writing && (st == GFA_ERR_IO || st == GFA_ERR_NOMEM);
        it->reason = first_reason(d);
    }
    gfa_verdict_free(verdict);
    gfa_report_free(report);
out:
    gfa_diags_free(d);
    free(stem);
    free(xml);
    free(html);
    free(txt);
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
        process(cfg, i, &pool->res->items[i]);
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
    for (size_t i = 0; i < cfg->ninputs; i++)
        res->items[i].status = GFA_ITEM_NOT_RUN;
    worker_pool pool;
    memset(&pool, 0, sizeof pool);
    pool.cfg = cfg;
    pool.res = res;
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
