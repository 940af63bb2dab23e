/* batch_summary.c — what a batch leaves for people and machines: summary.csv, summary.xml
 * (an SVRL shell with the batch's totals and one validation digest per file) and
 * index.html, which is summary.xml rendered by xslt/index.xsl (every report with unit,
 * year, status, findings by severity and links, sorted by unit name in Chinese collation
 * order with ICU); and the merge of several shards' summaries. */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>


static const char *const sev_cols[] = {"infos", "warnings", "inconsistencies", "errors", "fatal"};

/* ---------------------------------------------------------------- CSV --- */

static const char csv_header[] =
    "input,output,status,unit,unit_code,year,fatal,errors,inconsistencies,warnings,infos,"
    "passed,failed,unchecked,reason,ruleset,sha256,duplicate_of,review";

/* What the summaries show of a result beyond its items: where each report's outputs are
 * from the summary's folder, and which input an earlier one duplicates (same SHA-256). */
typedef struct summary_view {
    const gfa_batch_result *res;
    char **output;       /* per item, relative to the summary's folder */
    const char **dup_of; /* per item: the input of the first item with its SHA-256, or NULL */
} summary_view;

/* target relative to the folder dir (both absolute): "/a/b/p1/x", "/a/b/all" → "../p1/x". A
 * target that is not absolute is already relative to dir. */
static char *relative_to(const char *dir, const char *target)
{
    if (!dir || !target || target[0] != '/')
        return target ? strdup(target) : NULL;
    size_t common = 0; /* the length of the shared leading components */
    for (size_t i = 0;; i++) {
        bool dend = dir[i] == '\0', tend = target[i] == '\0' || target[i] == '/';
        if (dend && tend) {
            common = i;
            break;
        }
        if (dir[i] != target[i])
            break;
        if (dir[i] == '/')
            common = i;
    }
    strbuf sb;
    sb_init(&sb);
    for (const char *p = dir + common; *p; p++)
        if (*p == '/')
            sb_adds(&sb, "../");
    sb_adds(&sb, target[common] == '/' ? target + common + 1 : target + common);
    return sb_take(&sb);
}

static void view_free(summary_view *v)
{
    for (size_t i = 0; v->output && i < v->res->count; i++)
        free(v->output[i]);
    free(v->output);
    free(v->dup_of);
}

static bool view_make(summary_view *v, const gfa_batch_result *res, const char *outdir)
{
    v->res = res;
    v->output = calloc(res->count + 1, sizeof *v->output);
    v->dup_of = calloc(res->count + 1, sizeof *v->dup_of);
    strmap *first = strmap_new();
    char real[PATH_MAX];
    const char *dir = realpath(outdir, real) ? real : NULL;
    bool ok = v->output && v->dup_of && first;
    for (size_t i = 0; ok && i < res->count; i++) {
        const gfa_batch_item *it = &res->items[i];
        v->output[i] = relative_to(dir, it->output ? it->output : "");
        ok = v->output[i] != NULL;
        int j;
        if (it->sha256 && *it->sha256) {
            if (strmap_get(first, it->sha256, &j))
                v->dup_of[i] = res->items[j].input;
            else
                ok = strmap_put(first, it->sha256, (int)i);
        }
    }
    strmap_free(first);
    if (!ok)
        view_free(v);
    return ok;
}

/* The summaries are streamed to their files in pieces of about this size: with thousands
 * of reports a whole summary in memory would be the largest thing a batch holds. */
#define SPILL_BYTES (64 * 1024)

static void spill(atomic_out *o, strbuf *sb)
{
    if (sb->len >= SPILL_BYTES)
        atomic_put(o, sb);
}

/* UTF-8 with a byte-order mark: without it Excel and WPS on Chinese Windows read the
 * names as GBK (issue 12). */
static void csv_write(const summary_view *v, strbuf *sb, atomic_out *o)
{
    const gfa_batch_result *res = v->res;
    sb_adds(sb, UTF8_BOM);
    sb_adds(sb, csv_header);
    sb_adds(sb, "\r\n");
    for (size_t i = 0; i < res->count; i++) {
        const gfa_batch_item *it = &res->items[i];
        char num[8][32];
        size_t vals[8] = {it->counts[GFA_SEV_FATAL], it->counts[GFA_SEV_ERROR],
                          it->counts[GFA_SEV_INCONSISTENCY], it->counts[GFA_SEV_WARNING],
                          it->counts[GFA_SEV_INFO], it->passed, it->failed, it->unchecked};
        for (int k = 0; k < 8; k++)
            snprintf(num[k], sizeof num[k], "%zu", vals[k]);
        sb_csv_field(sb, it->input, false);
        sb_csv_field(sb, v->output[i], false);
        sb_csv_field(sb, gfa_batch_status_name(it->status), false);
        sb_csv_field(sb, it->unit, false);
        sb_csv_field(sb, it->unit_code, false);
        sb_csv_field(sb, it->year, false);
        for (int k = 0; k < 8; k++)
            sb_csv_field(sb, num[k], false);
        sb_csv_field(sb, it->reason, false);
        sb_csv_field(sb, res->ruleset, false);
        sb_csv_field(sb, it->sha256, false);
        sb_csv_field(sb, v->dup_of[i], false);
        sb_csv_field(sb, it->review ? "true" : "", true);
        spill(o, sb);
    }
}

/* Splits one CSV record starting at *p into fields (malloc'd); advances *p. */
static int csv_record(const char **p, char **fields, int max)
{
    int n = 0;
    const char *s = *p;
    if (!*s)
        return 0;
    for (;;) {
        strbuf f;
        sb_init(&f);
        if (*s == '"') {
            s++;
            for (; *s; s++) {
                if (*s == '"' && s[1] == '"') {
                    sb_addc(&f, '"');
                    s++;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    sb_addc(&f, *s);
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n')
                sb_addc(&f, *s++);
        }
        char *field = sb_take(&f);
        if (n < max)
            fields[n++] = field;
        else
            free(field);
        if (*s == ',') {
            s++;
            continue;
        }
        while (*s == '\r' || *s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

static gfa_batch_status status_of(const char *s)
{
    if (!strcmp(s, "accepted"))
        return GFA_ITEM_ACCEPTED;
    if (!strcmp(s, "rejected"))
        return GFA_ITEM_REJECTED;
    if (!strcmp(s, "failed to read"))
        return GFA_ITEM_FAILED;
    return GFA_ITEM_NOT_RUN;
}

/* ---------------------------------------------------------------- XML --- */

static void sb_xml_attr(strbuf *sb, const char *name, const char *value)
{
    sb_addf(sb, " %s=\"", name);
    xml_escape(sb, value);
    sb_addc(sb, '"');
}

/* The outputs of a report as a URL relative to the summary's folder, without the extension
 * (a digest's href): bytes other than unreserved ones and '/' are percent-encoded, so that
 * '#', '?', '%', spaces and non-UTF-8 names still link. */
static char *link_to(const char *stem)
{
    strbuf sb;
    sb_init(&sb);
    for (const unsigned char *p = (const unsigned char *)(stem ? stem : ""); *p; p++) {
        bool alnum = (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
        if (alnum || strchr("-._~/", *p))
            sb_addc(&sb, (char)*p);
        else
            sb_addf(&sb, "%%%02X", *p);
    }
    return sb_take(&sb);
}

/* summary.xml in pieces, so that index.html can be made from slices of it: the opening
 * (with the batch's totals, or without for a slice), one digest, the end. */
static void summary_open(strbuf *sb, const gfa_batch_result *res, bool totals)
{
    sb_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svrl:schematron-output "
                 "xmlns:svrl=\"http://purl.oclc.org/dsdl/svrl\" "
                 "xmlns:gfa=\"urn:gfa:validation:1\" title=\"gfa batch\"");
    sb_xml_attr(sb, "schemaVersion", res->ruleset ? res->ruleset : "");
    sb_adds(sb, ">\n");
    if (!totals)
        return;
    size_t n[4] = {0};
    for (size_t i = 0; i < res->count; i++)
        n[res->items[i].status]++;
    sb_addf(sb,
            "  <gfa:totals reports=\"%zu\" accepted=\"%zu\" rejected=\"%zu\" failed=\"%zu\" "
            "notRun=\"%zu\"/>\n",
            res->count, n[GFA_ITEM_ACCEPTED], n[GFA_ITEM_REJECTED], n[GFA_ITEM_FAILED],
            n[GFA_ITEM_NOT_RUN]);
}

static const char summary_close[] = "</svrl:schematron-output>\n";

/* A report's digest: counts by severity, worst severity, accepted; its unit and year; why
 * it failed; href, the URL of its outputs without the extension, when it has outputs. */
static void digest_write(strbuf *sb, const summary_view *v, size_t i)
{
    const gfa_batch_item *it = &v->res->items[i];
    const char *ruleset = v->res->ruleset;
    const char *worst = "none";
    for (int k = GFA_SEV_FATAL; k >= GFA_SEV_INFO; k--)
        if (it->counts[k]) {
            worst = gfa_severity_name((gfa_severity)k);
            break;
        }
    sb_adds(sb, "  <gfa:digest");
    sb_xml_attr(sb, "file", it->input);
    sb_xml_attr(sb, "status", gfa_batch_status_name(it->status));
    sb_xml_attr(sb, "accepted", it->status == GFA_ITEM_ACCEPTED ? "true" : "false");
    sb_xml_attr(sb, "worst", worst);
    sb_xml_attr(sb, "ruleset", ruleset ? ruleset : "");
    for (int k = 0; k < 5; k++)
        sb_addf(sb, " %s=\"%zu\"", sev_cols[k], it->counts[k]);
    sb_addf(sb, " checks=\"%zu\" passed=\"%zu\" failed=\"%zu\" unchecked=\"%zu\"",
            it->passed + it->failed + it->unchecked, it->passed, it->failed, it->unchecked);
    if (it->unit)
        sb_xml_attr(sb, "unit", it->unit);
    if (it->year)
        sb_xml_attr(sb, "year", it->year);
    if (it->reason)
        sb_xml_attr(sb, "reason", it->reason);
    if (it->sha256)
        sb_xml_attr(sb, "sha256", it->sha256);
    if (v->dup_of[i])
        sb_xml_attr(sb, "duplicateOf", v->dup_of[i]);
    if (it->review)
        sb_xml_attr(sb, "review", "true");
    if (it->status == GFA_ITEM_ACCEPTED || it->status == GFA_ITEM_REJECTED) {
        char *href = link_to(v->output[i]);
        sb_xml_attr(sb, "href", href ? href : "");
        free(href);
    }
    sb_adds(sb, "/>\n");
}

static void digests_write(const summary_view *v, strbuf *sb, atomic_out *o)
{
    const gfa_batch_result *res = v->res;
    summary_open(sb, res, true);
    for (size_t i = 0; i < res->count; i++) {
        digest_write(sb, v, i);
        spill(o, sb);
    }
    sb_adds(sb, summary_close);
}

/* -------------------------------------------------------------- index --- */

typedef struct sort_entry {
    size_t index;
    uint8_t *key; /* ICU sort key of the unit name */
    int32_t keylen;
} sort_entry;

static int cmp_entries(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    int32_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
    int c = memcmp(x->key, y->key, (size_t)n);
    if (c == 0)
        c = (x->keylen > y->keylen) - (x->keylen < y->keylen);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The ICU sort key of a unit name (malloc'd; NULL and *len 0 when it has none). */
static uint8_t *sort_key(UCollator *coll, const char *name, int32_t *len)
{
    *len = 0;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, name, -1, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec))
        return NULL;
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
    ec = U_ZERO_ERROR;
    if (u)
        u_strFromUTF8(u, ulen + 1, NULL, name, -1, &ec);
    int32_t need = u && U_SUCCESS(ec) ? ucol_getSortKey(coll, u, ulen, NULL, 0) : 0;
    uint8_t *key = need > 0 ? malloc((size_t)need) : NULL;
    if (key)
        *len = ucol_getSortKey(coll, u, ulen, key, need);
    free(u);
    return key;
}

/* Orders the rows by unit name in Chinese collation (pinyin order for hanzi), with ICU
 * sort keys: one key per row, then a plain memcmp sort; equal names keep input order. */
static size_t *collated_order(const gfa_batch_result *res)
{
    UErrorCode ec = U_ZERO_ERROR;
    UCollator *coll = ucol_open("zh", &ec);
    sort_entry *e = calloc(res->count + 1, sizeof *e);
    size_t *order = calloc(res->count + 1, sizeof *order);
    if (!e || !order || U_FAILURE(ec)) {
        free(e);
        if (coll)
            ucol_close(coll);
        for (size_t i = 0; order && i < res->count; i++)
            order[i] = i;
        return order;
    }
    for (size_t i = 0; i < res->count; i++) {
        e[i].index = i;
        e[i].key = sort_key(coll, res->items[i].unit ? res->items[i].unit : "", &e[i].keylen);
    }
    qsort(e, res->count, sizeof *e, cmp_entries);
    for (size_t i = 0; i < res->count; i++) {
        order[i] = e[i].index;
        free(e[i].key);
    }
    free(e);
    ucol_close(coll);
    return order;
}

/* index.html is xslt/index.xsl over summary.xml, made a slice at a time so that memory does
 * not grow with the batch (a whole summary as a document costs some 11 KB a report): the
 * page's frame from the opening of summary.xml with the totals (rows='apart': the comment
 * <!--gfa:rows--> stands where the rows go), then the rows of INDEX_SLICE digests at a time
 * in collation order (rows='only'). */
#define INDEX_SLICE 512
#define ROWS_MARK "<!--gfa:rows-->"

static gfa_status index_part(const gfa_renderer *r, strbuf *xml, const char *rows,
                             const char *source, char **out, size_t *len, gfa_diags *diags)
{
    *out = NULL;
    if (xml->failed)
        return GFA_ERR_NOMEM;
    xmlDocPtr doc = xml_parse_secure(source, xml->data, xml->len, GFA_DOM_XML, diags);
    gfa_status st = doc ? render_index(r, doc, rows, source, out, len, diags) : GFA_ERR_NOMEM;
    xmlFreeDoc(doc);
    xml->len = 0;
    return st;
}

static gfa_status index_write(const summary_view *v, const gfa_renderer *r,
                              const char *dir, gfa_diags *diags)
{
    const gfa_batch_result *res = v->res;
    char *source = NULL, *path = NULL, *frame = NULL, *rows = NULL;
    size_t *order = collated_order(res);
    if (!order || asprintf(&source, "%s/summary.xml", dir) < 0 ||
        asprintf(&path, "%s/index.html", dir) < 0) {
        free(order);
        free(source);
        return GFA_ERR_NOMEM;
    }
    strbuf xml;
    sb_init(&xml);
    summary_open(&xml, res, true);
    sb_adds(&xml, summary_close);
    size_t len = 0;
    gfa_status st = index_part(r, &xml, "'apart'", source, &frame, &len, diags);
    char *mark = frame ? strstr(frame, ROWS_MARK) : NULL;
    if (st == GFA_OK && !mark) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-010", source, 0, 0,
                 "the index stylesheet did not mark where the rows go (%s)", ROWS_MARK);
        st = GFA_ERR_DATA;
    }
    atomic_out o;
    if (st == GFA_OK && (st = atomic_open(&o, path, diags)) == GFA_OK) {
        atomic_write(&o, frame, (size_t)(mark - frame));
        for (size_t k = 0; st == GFA_OK && k < res->count; k += INDEX_SLICE) {
            summary_open(&xml, res, false);
            for (size_t i = k; i < res->count && i < k + INDEX_SLICE; i++)
                digest_write(&xml, v, order[i]);
            sb_adds(&xml, summary_close);
            st = index_part(r, &xml, "'only'", source, &rows, &len, diags);
            if (st == GFA_OK)
                atomic_write(&o, rows, len);
            free(rows);
            rows = NULL;
        }
        atomic_write(&o, mark + strlen(ROWS_MARK), strlen(mark + strlen(ROWS_MARK)));
        if (st == GFA_OK)
            st = atomic_close(&o, diags);
        else
            atomic_abort(&o); /* the last good index.html stays */
    }
    sb_free(&xml);
    free(frame);
    free(order);
    free(source);
    free(path);
    return st;
}

typedef void (*summary_writer)(const summary_view *v, strbuf *sb, atomic_out *o);

static gfa_status write_one(const summary_view *v, const char *dir, const char *name,
                            summary_writer fn, gfa_diags *diags)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0)
        return GFA_ERR_NOMEM;
    atomic_out o;
    gfa_status st = atomic_open(&o, path, diags);
    free(path);
    if (st != GFA_OK)
        return st;
    strbuf sb;
    sb_init(&sb);
    fn(v, &sb, &o);
    atomic_put(&o, &sb);
    sb_free(&sb);
    return atomic_close(&o, diags);
}

gfa_status gfa_batch_write_summary(const gfa_batch_result *res, const gfa_renderer *r,
                                   const char *outdir, gfa_diags *diags)
{
    summary_view v;
    if (!view_make(&v, res, outdir))
        return GFA_ERR_NOMEM;
    gfa_status st = write_one(&v, outdir, "summary.csv", csv_write, diags);
    if (st == GFA_OK)
        st = write_one(&v, outdir, "summary.xml", digests_write, diags);
    if (st == GFA_OK && r)
        st = index_write(&v, r, outdir, diags);
    view_free(&v);
    return st;
}

/* ------------------------------------------------------------- merging --- */

/* The columns of summary.csv a merge reads, by name: summaries of earlier versions of gfa
 * have fewer (no ruleset, sha256, duplicate_of, review), and may lack the BOM. */
enum { C_INPUT, C_OUTPUT, C_STATUS, C_UNIT, C_UNIT_CODE, C_YEAR, C_FATAL, C_ERRORS,
       C_INCONSISTENCIES, C_WARNINGS, C_INFOS, C_PASSED, C_FAILED, C_UNCHECKED, C_REASON,
       C_RULESET, C_SHA256, C_REVIEW, NCOLS };
static const char *const col_names[NCOLS] = {
    "input", "output", "status", "unit", "unit_code", "year", "fatal", "errors",
    "inconsistencies", "warnings", "infos", "passed", "failed", "unchecked", "reason",
    "ruleset", "sha256", "review"};
#define MAX_FIELDS 32

static void free_fields(char **f, int n)
{
    for (int k = 0; k < n; k++)
        free(f[k]);
}

static char *take_field(char **f, int at)
{
    if (at < 0 || !f[at] || !*f[at])
        return NULL;
    char *v = f[at];
    f[at] = NULL;
    return v;
}

/* dir: the shard's folder, absolute where it could be resolved: the items' outputs are
 * below it (made relative to the merged summary's folder when that is written). */
static bool add_items(gfa_batch_result *res, const char *dir, const char *csv, gfa_diags *diags,
                      const char *path)
{
    const char *p = str_starts(csv, UTF8_BOM) ? csv + strlen(UTF8_BOM) : csv;
    char *f[MAX_FIELDS];
    int n = csv_record(&p, f, MAX_FIELDS), at[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        at[c] = -1;
        for (int k = 0; k < n; k++)
            if (!strcmp(f[k], col_names[c]))
                at[c] = k;
    }
    int want = n;
    free_fields(f, n);
    if (at[C_INPUT] != 0 || at[C_REASON] < 0 || at[C_UNCHECKED] < 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-040", path, 1, 1,
                 "not a gfa batch summary (expected the header '%s')", csv_header);
        return false;
    }
    long line = 1;
    while ((n = csv_record(&p, f, MAX_FIELDS)) > 0) {
        line++;
        if (n != want) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-041", path, line, 1,
                     "expected %d fields, found %d", want, n);
            free_fields(f, n);
            return false;
        }
        char *ruleset = take_field(f, at[C_RULESET]);
        if (ruleset && !res->ruleset) {
            res->ruleset = ruleset;
        } else if (ruleset) {
            if (strcmp(res->ruleset, ruleset) != 0)
                diag_add(diags, GFA_SEV_WARNING, GFA_DOM_IO, "GFA-IO-043", path, line, 1,
                         "this report was checked with rule set '%s', others with '%s'",
                         ruleset, res->ruleset);
            free(ruleset);
        }
        if (res->count == res->cap) {
            size_t cap = res->cap ? res->cap * 2 : 256;
            gfa_batch_item *items = realloc(res->items, cap * sizeof *items);
            if (!items) {
                free_fields(f, n);
                return false;
            }
            res->items = items;
            res->cap = cap;
        }
        gfa_batch_item *it = &res->items[res->count++];
        memset(it, 0, sizeof *it);
        it->input = take_field(f, at[C_INPUT]);
        if (!it->input)
            it->input = strdup("");
        /* the outputs are in the shard's folder */
        const char *out = at[C_OUTPUT] >= 0 && f[at[C_OUTPUT]] ? f[at[C_OUTPUT]] : "";
        if (asprintf(&it->output, "%s/%s", dir, out) < 0)
            it->output = NULL;
        it->status = status_of(at[C_STATUS] >= 0 && f[at[C_STATUS]] ? f[at[C_STATUS]] : "");
        it->unit = take_field(f, at[C_UNIT]);
        it->unit_code = take_field(f, at[C_UNIT_CODE]);
        it->year = take_field(f, at[C_YEAR]);
        it->reason = take_field(f, at[C_REASON]);
        it->sha256 = take_field(f, at[C_SHA256]);
        it->review = at[C_REVIEW] >= 0 && f[at[C_REVIEW]] && !strcmp(f[at[C_REVIEW]], "true");
        size_t *dest[] = {&it->counts[GFA_SEV_FATAL], &it->counts[GFA_SEV_ERROR],
                          &it->counts[GFA_SEV_INCONSISTENCY], &it->counts[GFA_SEV_WARNING],
                          &it->counts[GFA_SEV_INFO], &it->passed, &it->failed, &it->unchecked};
        for (int k = 0; k < 8; k++)
            if (at[C_FATAL + k] >= 0 && f[at[C_FATAL + k]])
                *dest[k] = (size_t)strtoul(f[at[C_FATAL + k]], NULL, 10);
        free_fields(f, n);
    }
    return true;
}

gfa_status gfa_batch_merge_summaries(const char *const *dirs, size_t n, gfa_batch_result **out,
                                     gfa_diags *diags)
{
    *out = NULL;
    gfa_batch_result *res = calloc(1, sizeof *res);
    if (!res)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        char *path = NULL;
        if (asprintf(&path, "%s/summary.csv", dirs[i]) < 0) {
            gfa_batch_result_free(res);
            return GFA_ERR_NOMEM;
        }
        FILE *f = fopen(path, "rb");
        strbuf sb;
        sb_init(&sb);
        char buf[65536];
        size_t got;
        while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
            sb_add(&sb, buf, got);
        if (!f) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-042", path, 0, 0,
                     "cannot open: %s", strerror(errno));
        } else {
            fclose(f);
        }
        if (f && !sb.data)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-040", path, 1, 1,
                     "empty: not a gfa batch summary");
        char real[PATH_MAX];
        const char *dir = realpath(dirs[i], real) ? real : dirs[i];
        bool ok = f && sb.data && add_items(res, dir, sb.data, diags, path);
        sb_free(&sb);
        if (!ok) {
            free(path);
            gfa_batch_result_free(res);
            return GFA_ERR_IO;
        }
        free(path);
    }
    if (!res->ruleset)
        res->ruleset = strdup("");
    *out = res;
    return GFA_OK;
}
