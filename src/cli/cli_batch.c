/* cli_batch.c — gfa batch: a folder of reports into validated XML, HTML and text, with a
 * summary a person can open. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const option_doc batch_options[] = {
    {"output", 'o', "DIR", OPT_OUTPUT,
     "write the outputs and the summary into DIR (required unless --db)"},
    {"db", 0, "DB", OPT_DB,
     "also load each report into the store DB (a SQLite file or postgresql://…; see gfa load)"},
    {"wait", 0, "SECONDS", OPT_WAIT, "wait this long for a store another process holds (30)"},
    {"jobs", 'j', "N", OPT_JOBS, "worker threads (default: the number of processors)"},
    {"files-from", 0, "LIST", OPT_FILES_FROM, "read input paths from LIST, one a line (- for stdin)"},
    {"resume", 0, NULL, OPT_RESUME, "skip reports whose outputs are newer than the input"},
    {"shard", 0, "I/N", OPT_SHARD,
     "process only shard I of N (1 ≤ I ≤ N; stable by path), to split a collection"},
    {"merge-summaries", 0, NULL, OPT_MERGE,
     "merge the summaries of the batch folders given as inputs into -o DIR"},
    {"no-render", 0, NULL, OPT_NO_RENDER, "write the XML instances only"},
    {"mode", 0, "MODE", OPT_MODE,
     CLI_MODE_HELP " (default auto: NAME.html and NAME.txt for publication, and "
     "NAME.review.html and NAME.review.txt beside them for reports with findings)"},
    {"include", 0, "PATTERN", OPT_INCLUDE,
     "in folders, take the files whose name or path below the folder matches PATTERN "
     "(shell wildcards, repeatable; default: the extensions of the input formats, so "
     "README.md or images are skipped; an earlier batch's output folder gives its NAME.xml "
     "instances only)"},
    {"exclude", 0, "PATTERN", OPT_EXCLUDE, "in folders, skip the files matching PATTERN"},
    {"from", 0, "FORMAT", OPT_FROM,
     "read every input as FORMAT (see Input formats below); by default detected"},
    {"to", 0, "FORMAT,...", OPT_TO,
     "the outputs of each report (see Output formats below); default html,text,xml"},
    {"csv-encoding", 0, "ENC", OPT_CSV_ENCODING,
     "the csv writer's encoding: utf-8 (default, with a BOM) or gb18030"},
    {"severity", 0, "ID=LEVEL", OPT_SEVERITY, "override a rule's severity (see gfa validate)"},
    {"config", 0, "FILE", OPT_CONFIG, "read severity overrides from FILE"},
};

/* The one file-scope variable of the CLI: a signal handler can only reach a global. */
static volatile int stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static bool push(cli_inputs *l, const char *path, const char *stem)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, cap * sizeof *p);
        if (p)
            l->paths = p;
        char **s = realloc(l->stems, cap * sizeof *s);
        if (s)
            l->stems = s;
        if (!p || !s)
            return false;
        l->cap = cap;
    }
    l->paths[l->n] = strdup(path);
    l->stems[l->n] = strdup(stem);
    return l->paths[l->n] && l->stems[l->n++];
}

void cli_inputs_free(cli_inputs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->stems[i]);
        if (l->reasons)
            free(l->reasons[i]);
    }
    free(l->paths);
    free(l->stems);
    free(l->reasons);
    memset(l, 0, sizeof *l);
}

/* "a/b/c.txt" → "a/b/c" */
static char *stem_of(const char *rel)
{
    char *s = strdup(rel);
    if (!s)
        return NULL;
    char *slash = strrchr(s, '/');
    char *dot = strrchr(s, '.');
    if (dot && dot > (slash ? slash + 1 : s))
        *dot = '\0';
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a folder walk takes: files matching an --include pattern (default: the extensions
 * of the reader table) and no --exclude pattern, never the batch's own output folder. */
typedef struct walk_opts {
    const char **include, **exclude;
    size_t ninclude, nexclude;
    char outdir_real[PATH_MAX]; /* "" when the output folder does not exist yet */
    size_t skipped;
} walk_opts;

static bool matches_any(const char *const *pats, size_t n, const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    for (size_t i = 0; i < n; i++)
        if (fnmatch(pats[i], base, FNM_CASEFOLD) == 0 || fnmatch(pats[i], rel, FNM_CASEFOLD) == 0)
            return true;
    return false;
}

static bool wanted(const walk_opts *wo, const char *rel)
{
    return matches_any(wo->include, wo->ninclude, rel) &&
           !matches_any(wo->exclude, wo->nexclude, rel);
}

static bool is_output_folder(const walk_opts *wo, const char *dir)
{
    char real[PATH_MAX];
    return wo->outdir_real[0] && realpath(dir, real) && strcmp(real, wo->outdir_real) == 0;
}

/* Is dir the output folder of an earlier gfa batch (its summary.xml, titled "gfa batch")?
 * Its pages, index and summaries are gfa's own outputs, not reports: only its instances
 * (NAME.xml) are read again. */
static bool batch_output_folder(const char *dir)
{
    char *path = NULL, head[512] = {0};
    FILE *f = asprintf(&path, "%s/summary.xml", dir) >= 0 ? fopen(path, "rb") : NULL;
    if (f) {
        size_t got = fread(head, 1, sizeof head - 1, f);
        head[got] = '\0';
        fclose(f);
    }
    free(path);
    return strstr(head, "<svrl:schematron-output") && strstr(head, "title=\"gfa batch\"");
}

static bool is_instance_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0 && strcmp(name, "summary.xml") != 0;
}

/* Walks a folder in sorted order; every regular file (not hidden) that the patterns take
 * is an input, its stem the path below the folder. */
/* An input found by walking: its outputs are named after its path below the root. */
static bool push_report(cli_inputs *out, const char *full, const char *sub)
{
    char *stem = stem_of(sub);
    bool ok = stem && push(out, full, stem);
    free(stem);
    return ok;
}

/* outputs: the folder lies in an earlier batch's output folder (batch_output_folder). */
static bool walk(const char *root, const char *rel, cli_inputs *out, int depth, walk_opts *wo,
                 bool outputs)
{
    char *dir = NULL;
    if (asprintf(&dir, "%s%s%s", root, *rel ? "/" : "", rel) < 0)
        return false;
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return true; /* reported when read */
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn)
            break;
        names = nn;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    bool ok = true;
    outputs = outputs || batch_output_folder(dir);
    for (size_t i = 0; i < n; i++) {
        char *sub = NULL, *full = NULL;
        if (asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]) < 0 ||
            asprintf(&full, "%s/%s", root, sub) < 0) {
            ok = false;
        } else {
            struct stat sb;
            if (lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode) && depth < 32) {
                /* a second run must not read its outputs; a CSV folder is one report */
                bool report = gfa_folder_is_report(full);
                if (outputs && report) /* an earlier batch's CSV export of an instance */
                    wo->skipped++;
                else if (!is_output_folder(wo, full))
                    ok = (report ? push_report(out, full, sub)
                                 : walk(root, sub, out, depth + 1, wo, outputs)) &&
                         ok;
            } else if (lstat(full, &sb) == 0 && !S_ISDIR(sb.st_mode) &&
                       (!wanted(wo, sub) || (outputs && !is_instance_name(names[i])))) {
                wo->skipped++;
            } else if (lstat(full, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
                ok = push_report(out, full, sub) && ok;
            }
        }
        free(sub);
        free(full);
        free(names[i]);
    }
    free(names);
    free(dir);
    return ok;
}

static bool add_input(cli_inputs *l, const char *arg, walk_opts *wo)
{
    struct stat sb;
    size_t len = strlen(arg);
    while (len > 1 && arg[len - 1] == '/')
        len--;
    char *clean = cli_strndup(arg, len);
    bool ok;
    if (clean && stat(clean, &sb) == 0 && S_ISDIR(sb.st_mode) && !gfa_folder_is_report(clean)) {
        ok = walk(clean, "", l, 0, wo, false);
    } else {
        const char *base = strrchr(clean ? clean : arg, '/');
        char *stem = stem_of(base ? base + 1 : (clean ? clean : arg));
        ok = stem && push(l, clean ? clean : arg, stem);
        free(stem);
    }
    free(clean);
    return ok;
}

static bool read_list(cli *c, cli_inputs *l, const char *path, walk_opts *wo)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        cli_errorf(c, "cannot open the file list '%s': %s", path, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    bool ok = true;
    while (ok && (got = getline(&line, &cap, f)) != -1) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got > 0)
            ok = add_input(l, line, wo);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return ok;
}

/* The files of a temporary folder, then the folder. */
static void remove_stray_folder(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char *full = NULL;
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            asprintf(&full, "%s/%s", dir, e->d_name) >= 0)
            unlink(full);
        free(full);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Removes temporary files (and CSV folders being built) a killed run left in the output
 * folder. */
static void remove_stray_temporaries(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 32) {
        if (d)
            closedir(d);
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *full = NULL;
        if (asprintf(&full, "%s/%s", dir, e->d_name) < 0)
            continue;
        struct stat sb;
        bool stray = e->d_name[0] == '.' && strstr(e->d_name, ".gfa-tmp-");
        bool folder = lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (folder)
            remove_stray_temporaries(full, depth + 1);
        if (folder && stray)
            remove_stray_folder(full); /* a CSV folder being built */
        else if (stray)
            unlink(full);
        free(full);
    }
    closedir(d);
}

typedef struct progress_state {
    cli *c;
    struct timespec start;
    struct timespec last;
} progress_state;

static double since(const struct timespec *a)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

/* A progress line on a terminal, at most five times a second. */
static void on_progress(void *ud, size_t done, size_t total, size_t failed)
{
    progress_state *ps = ud;
    if (done < total && since(&ps->last) < 0.2)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ps->last);
    double t = since(&ps->start);
    double rate = t > 0 ? (double)done / t : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(ps->c->err, "\r%zu/%zu reports  %.1f/s  ETA %.0fs  %zu failed   ", done, total,
            rate, eta, failed);
    if (done == total)
        fputc('\n', ps->c->err);
    fflush(ps->c->err);
}

static int merge(cli *c, const char *outdir)
{
    gfa_diags *diags = gfa_diags_new();
    gfa_batch_result *res = NULL;
    gfa_status st = gfa_batch_merge_summaries((const char *const *)c->inputs, (size_t)c->ninputs,
                                              &res, diags);
    if (st == GFA_OK && mkdir(outdir, 0755) != 0 && errno != EEXIST) {
        cli_errorf(c, "cannot create the output folder '%s': %s", outdir, strerror(errno));
        st = GFA_ERR_IO;
    }
    /* index.html is summary.xml through the renderer's index stylesheet */
    gfa_diags *cd = gfa_diags_new();
    gfa_context *ctx = st == GFA_OK ? cli_open_context(c, cd) : NULL; /* prints its own */
    gfa_diags_free(cd);
    gfa_renderer *ren = ctx ? gfa_renderer_new(ctx, diags) : NULL;
    if (st == GFA_OK && !ren)
        st = GFA_ERR_DATA;
    if (st == GFA_OK)
        st = gfa_batch_write_summary(res, ren, outdir, diags);
    gfa_renderer_free(ren);
    gfa_context_free(ctx);
    cli_print_diags(c, diags);
    int rc = st != GFA_OK ? GFA_EXIT_USAGE : GFA_EXIT_OK;
    for (size_t i = 0; st == GFA_OK && i < gfa_batch_result_count(res); i++)
        if (gfa_batch_result_item(res, i)->status != GFA_ITEM_ACCEPTED)
            rc = GFA_EXIT_REJECTED;
    if (st == GFA_OK && c->verbosity > 0)
        fprintf(c->err, "%s: merged %zu report(s) from %d folder(s) into %s\n", c->prog,
                gfa_batch_result_count(res), c->ninputs, outdir);
    gfa_batch_result_free(res);
    gfa_diags_free(diags);
    return rc;
}

static int by_stem(const void *a, const void *b, void *list)
{
    const cli_inputs *l = list;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(l->stems[x], l->stems[y]);
    return c ? c : (x > y) - (x < y);
}

int cli_jobs(cli *c, long *jobs)
{
    *jobs = sysconf(_SC_NPROCESSORS_ONLN);
    if (c->value[OPT_JOBS]) {
        char *end = NULL;
        *jobs = strtol(c->value[OPT_JOBS], &end, 10);
        if (*end || *jobs < 1 || *jobs > 256) {
            cli_errorf(c, "-j needs a number of workers from 1 to 256");
            return GFA_EXIT_USAGE;
        }
    }
    return 0;
}

/* The shard's share of all inputs, in input order; an input whose outputs another input
 * already writes (found through the inputs sorted by stem) gets a reason to fail on its
 * own, and the batch goes on. outdir NULL: no outputs, no clashes. */
static bool take_share(cli_inputs *all, long shard, long shards, const char *outdir,
                       cli_inputs *mine)
{
    size_t *order = malloc((all->n + 1) * sizeof *order);
    char **clash = calloc(all->n + 1, sizeof *clash);
    mine->reasons = calloc(all->n + 1, sizeof *mine->reasons);
    bool ok = order && clash && mine->reasons;
    size_t nmine = 0;
    for (size_t i = 0; ok && i < all->n; i++)
        if (!shards || gfa_shard_of(all->paths[i], (unsigned)shards) == (unsigned)shard)
            order[nmine++] = i;
    if (ok)
        qsort_r(order, nmine, sizeof *order, by_stem, all);
    for (size_t k = 1; ok && outdir && k < nmine; k++) {
        size_t first = order[k - 1], i = order[k];
        if (strcmp(all->stems[first], all->stems[i]) != 0)
            continue;
        order[k] = first; /* compare later clashes with the first */
        if (asprintf(&clash[i], "its outputs %s/%s.* are those of %s: rename one of them",
                     outdir, all->stems[i], all->paths[first]) < 0)
            clash[i] = NULL;
    }
    for (size_t i = 0; ok && i < all->n; i++)
        if (!shards || gfa_shard_of(all->paths[i], (unsigned)shards) == (unsigned)shard) {
            mine->reasons[mine->n] = clash[i];
            clash[i] = NULL;
            ok = push(mine, all->paths[i], all->stems[i]);
        }
    for (size_t i = 0; clash && i < all->n; i++)
        free(clash[i]);
    free(order);
    free(clash);
    return ok;
}

int cli_collect(cli *c, const char *outdir, cli_inputs *mine)
{
    long shard = 0, shards = 0;
    if (c->value[OPT_SHARD] &&
        (sscanf(c->value[OPT_SHARD], "%ld/%ld", &shard, &shards) != 2 || shards < 1 ||
         shard < 1 || shard > shards)) {
        cli_errorf(c, "--shard needs I/N with 1 ≤ I ≤ N, e.g. --shard 2/8");
        return GFA_EXIT_USAGE;
    }
    walk_opts wo;
    memset(&wo, 0, sizeof wo);
    if (!outdir || !realpath(outdir, wo.outdir_real))
        wo.outdir_real[0] = '\0';
    /* --include/--exclude (repeatable); by default the extensions the readers know */
    const char *pats[2][64];
    size_t npats[2] = {0, 0};
    for (int i = 0; i < c->nmulti; i++)
        for (int k = 0; k < 2; k++)
            if (c->multi_id[i] == (k ? OPT_EXCLUDE : OPT_INCLUDE) && npats[k] < 64)
                pats[k][npats[k]++] = c->multi[i];
    char extpats[32][24];
    size_t next = 0;
    const char *rname, *rext;
    bool default_include = npats[0] == 0;
    for (size_t r = 0; default_include && gfa_reader_info(r, &rname, &rext, NULL, NULL); r++)
        for (const char *e = rext; e && *e && next < 32;) {
            size_t n = strcspn(e, " ");
            snprintf(extpats[next], sizeof extpats[next], "*%.*s", (int)(n < 20 ? n : 20), e);
            pats[0][npats[0]++] = extpats[next++];
            e += n;
            e += strspn(e, " ");
        }
    wo.include = pats[0];
    wo.ninclude = npats[0];
    wo.exclude = pats[1];
    wo.nexclude = npats[1];
    cli_inputs all = {0};
    bool ok = true;
    for (int i = 0; ok && i < c->ninputs; i++)
        ok = add_input(&all, c->inputs[i], &wo);
    if (ok && c->value[OPT_FILES_FROM])
        ok = read_list(c, &all, c->value[OPT_FILES_FROM], &wo);
    if (ok && all.n == 0) {
        cli_errorf(c, "no reports to process");
        ok = false;
    }
    if (ok)
        ok = take_share(&all, shard, shards, outdir, mine);
    cli_inputs_free(&all);
    if (!ok) {
        cli_inputs_free(mine);
        return GFA_EXIT_USAGE;
    }
    if (wo.skipped && c->verbosity > 1)
        fprintf(c->err, "%s: %zu file(s) skipped: not a report's extension (--include), or an earlier "
                "batch's pages and summaries\n",
                c->prog, wo.skipped);
    return 0;
}

gfa_status cli_run_batch(cli *c, gfa_batch_config *cfg, gfa_batch_result **res,
                         double *seconds)
{
    progress_state ps = {c, {0, 0}, {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    bool tty = isatty(fileno(c->err)) && c->verbosity > 0;
    stop_requested = 0;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    cfg->stop = &stop_requested;
    cfg->progress = tty ? on_progress : NULL;
    cfg->progress_ud = &ps;
    gfa_status st = gfa_batch_run(cfg, res);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    *seconds = since(&ps.start);
    return st;
}

bool cli_interrupted(void)
{
    return stop_requested != 0;
}

void cli_batch_items(cli *c, const gfa_batch_result *res, size_t n[5], size_t *io,
                     size_t *skipped)
{
    memset(n, 0, 5 * sizeof *n);
    *io = *skipped = 0;
    for (size_t i = 0; i < gfa_batch_result_count(res); i++) {
        const gfa_batch_item *it = gfa_batch_result_item(res, i);
        n[it->status]++;
        *io += it->io_error != 0;
        *skipped += it->skipped != 0;
        if (it->status == GFA_ITEM_FAILED) /* an error: shown even with -q */
            fprintf(c->err, "%s: %s: %s\n", c->prog, it->input, it->reason ? it->reason : "failed");
        else if (c->verbosity > 1)
            fprintf(c->err, "%s: %s: %s\n", c->prog, it->input, gfa_batch_status_name(it->status));
    }
}

int cli_batch_exit(cli *c, const size_t n[5], size_t io)
{
    int rc = cli_exit_status(c, n[GFA_ITEM_REJECTED], n[GFA_ITEM_FAILED] - io, io);
    if (rc == GFA_EXIT_OK && n[GFA_ITEM_NOT_RUN]) /* interrupted: never "all done" */
        rc = GFA_EXIT_REJECTED;
    return rc;
}

static int run_batch(cli *c)
{
    const char *outdir = c->value[OPT_OUTPUT];
    const char *db = c->value[OPT_DB];
    if (outdir && strcmp(outdir, "-") == 0)
        outdir = NULL;
    if (!outdir && !(db && !c->flag[OPT_MERGE])) {
        cli_errorf(c, "gfa batch writes a folder of outputs: -o DIR (or loads a store: --db DB)");
        return GFA_EXIT_USAGE;
    }
    if (c->flag[OPT_MERGE])
        return c->ninputs ? merge(c, outdir)
                          : (cli_errorf(c, "--merge-summaries needs batch folders"), GFA_EXIT_USAGE);
    long jobs;
    cli_inputs mine = {0};
    gfa_render_options ropt;
    if (!cli_render_options(c, GFA_RENDER_AUTO, &ropt))
        return GFA_EXIT_USAGE;
    int rc = cli_jobs(c, &jobs);
    if (rc || (rc = cli_collect(c, outdir, &mine)))
        return rc;
    if (outdir && mkdir(outdir, 0755) != 0 && errno != EEXIST) {
        cli_errorf(c, "cannot create the output folder '%s': %s", outdir, strerror(errno));
        cli_inputs_free(&mine);
        return GFA_EXIT_USAGE;
    }
    if (outdir)
        remove_stray_temporaries(outdir, 0);

    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = cli_open_context(c, diags);
    gfa_validator *val = ctx ? gfa_validator_new(ctx, diags) : NULL;
    const char *to = c->value[OPT_TO] ? c->value[OPT_TO]
                     : cli_folder_writers(ropt.mode, outdir && !c->flag[OPT_NO_RENDER]);
    if (ropt.mode == GFA_RENDER_AUTO) /* NAME.html is the publication page */
        ropt.mode = GFA_RENDER_PUBLISH;
    bool render = outdir && (strstr(to, "html") || strstr(to, "text") || strstr(to, "txt"));
    /* a renderer even without HTML or text outputs: index.html is summary.xml through its
     * index.xsl (no outputs, no summary: none) */
    gfa_renderer *ren = ctx && outdir ? gfa_renderer_new(ctx, diags) : NULL;
    gfa_pipeline *pipe = NULL;
    gfa_store *store = NULL;
    gfa_batch_result *res = NULL;
    rc = val && (ren || !outdir) ? cli_configure_validator(c, val, diags) : GFA_EXIT_USAGE;
    if (rc) {
        if (ctx && (!val || (!ren && outdir)))
            cli_print_diags(c, diags); /* the others print their own */
        goto out;
    }
    if (db && !(store = cli_open_store(c, ctx, 0, diags))) {
        rc = GFA_EXIT_USAGE;
        goto out;
    }
    gfa_pipeline_options popt = {.from = c->value[OPT_FROM], .to = to, .store = store,
                                 .csv_encoding = c->value[OPT_CSV_ENCODING], .render = ropt};
    if (!(pipe = gfa_pipeline_new(ctx, val, render ? ren : NULL, &popt, diags))) {
        rc = cli_pipeline_error(c, diags);
        goto out;
    }
    gfa_batch_config cfg = {
        .ctx = ctx, .validator = val, .renderer = render ? ren : NULL, .pipeline = pipe,
        .outdir = outdir,
        .inputs = (const char *const *)mine.paths, .outputs = (const char *const *)mine.stems,
        .ninputs = mine.n, .jobs = (int)jobs, .resume = c->flag[OPT_RESUME],
        .fail_reasons = (const char *const *)mine.reasons,
    };
    double took = 0;
    if (cli_run_batch(c, &cfg, &res, &took) != GFA_OK) {
        rc = GFA_EXIT_USAGE;
        goto out;
    }
    size_t n[5], io, skipped;
    cli_batch_items(c, res, n, &io, &skipped);
    if (outdir && gfa_batch_write_summary(res, ren, outdir, diags) != GFA_OK) {
        cli_print_diags(c, diags);
        io++;
    }
    if (c->verbosity > 0)
        fprintf(c->err, "%s: %zu report(s): %zu accepted, %zu rejected, %zu failed%s%s; %.2f s",
                c->prog, gfa_batch_result_count(res), n[GFA_ITEM_ACCEPTED],
                n[GFA_ITEM_REJECTED], n[GFA_ITEM_FAILED], cli_interrupted() ? ", interrupted" : "",
                skipped ? " (some up to date)" : "", took);
    if (c->verbosity > 0 && outdir)
        fprintf(c->err, "; summary in %s/index.html", outdir);
    if (c->verbosity > 0 && store)
        cli_print_stored(c, store, res);
    if (c->verbosity > 0)
        fputc('\n', c->err);
    if (c->verbosity > 1) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(c->err, "%s: peak memory %ld KiB\n", c->prog, ru.ru_maxrss);
    }
    rc = cli_batch_exit(c, n, io);
out:
    gfa_batch_result_free(res);
    gfa_pipeline_free(pipe);
    gfa_store_free(store);
    gfa_renderer_free(ren);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    cli_inputs_free(&mine);
    return rc;
}

const cli_command cli_batch_command = {
    "batch",
    "convert, validate and render a whole collection, in parallel, with a summary",
    "-o OUTDIR [OPTIONS] INPUT...",
    "Each INPUT is a report file or a folder (walked, in sorted order). Every report is\n"
    "converted, validated and rendered by N worker threads sharing the compiled schemas,\n"
    "rules and stylesheets; OUTDIR receives NAME.xml, NAME.html and NAME.txt for each, and\n"
    "index.html, summary.csv and summary.xml for the whole batch. A bad file never stops\n"
    "the batch; outputs are written atomically; the outputs do not depend on -j. With\n"
    "--db each report is also loaded into a store as it is produced (one transaction each;\n"
    "-o may then be left out); shards (--shard I/N) may load into one PostgreSQL store at\n"
    "once.",
    batch_options,
    ARRAY_LEN(batch_options),
    run_batch,
    CLI_LISTS_READERS | CLI_LISTS_WRITERS,
};
