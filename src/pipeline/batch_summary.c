/* batch_summary.c — what a batch leaves for people and machines: index.html (every report
 * with unit, year, status, findings by severity and links, sorted by unit name in Chinese
 * collation order with ICU), summary.csv, and summary.xml (an SVRL shell with one
 * validation digest per file); and the merge of several shards' summaries. */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>


static const char *const sev_cols[] = {"infos", "warnings", "inconsistencies", "errors", "fatal"};

/* ---------------------------------------------------------------- CSV --- */

static void csv_field(strbuf *sb, const char *s, bool last)
{
    s = s ? s : "";
    bool quote = strpbrk(s, ",\"\n\r") != NULL;
    if (quote) {
        sb_addc(sb, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                sb_addc(sb, '"');
            sb_addc(sb, *p);
        }
        sb_addc(sb, '"');
    } else {
        sb_adds(sb, s);
    }
    sb_adds(sb, last ? "\r\n" : ",");
}

static const char csv_header[] =
    "input,output,status,unit,unit_code,year,fatal,errors,inconsistencies,warnings,infos,"
    "passed,failed,unchecked,reason,ruleset";

/* The summaries are streamed to their files in pieces of about this size: with thousands
 * of reports a whole summary in memory would be the largest thing a batch holds. */
#define SPILL_BYTES (64 * 1024)

static void spill(atomic_out *o, strbuf *sb)
{
    if (sb->len >= SPILL_BYTES)
        atomic_put(o, sb);
}

static void csv_write(const gfa_batch_result *res, strbuf *sb, atomic_out *o)
{
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
        csv_field(sb, it->input, false);
        csv_field(sb, it->output, false);
        csv_field(sb, gfa_batch_status_name(it->status), false);
        csv_field(sb, it->unit, false);
        csv_field(sb, it->unit_code, false);
        csv_field(sb, it->year, false);
        for (int k = 0; k < 8; k++)
            csv_field(sb, num[k], false);
        csv_field(sb, it->reason, false);
        csv_field(sb, res->ruleset, true);
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

static void digests_write(const gfa_batch_result *res, strbuf *sb, atomic_out *o)
{
    sb_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svrl:schematron-output "
                 "xmlns:svrl=\"http://purl.oclc.org/dsdl/svrl\" "
                 "xmlns:gfa=\"urn:gfa:validation:1\" title=\"gfa batch\"");
    sb_xml_attr(sb, "schemaVersion", res->ruleset ? res->ruleset : "");
    sb_adds(sb, ">\n");
    for (size_t i = 0; i < res->count; i++) {
        const gfa_batch_item *it = &res->items[i];
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
        sb_xml_attr(sb, "ruleset", res->ruleset ? res->ruleset : "");
        for (int k = 0; k < 5; k++)
            sb_addf(sb, " %s=\"%zu\"", sev_cols[k], it->counts[k]);
        sb_addf(sb, " checks=\"%zu\" passed=\"%zu\" failed=\"%zu\" unchecked=\"%zu\"",
                it->passed + it->failed + it->unchecked, it->passed, it->failed, it->unchecked);
        if (it->unit)
            sb_xml_attr(sb, "unit", it->unit);
        if (it->reason)
            sb_xml_attr(sb, "reason", it->reason);
        sb_adds(sb, "/>\n");
        spill(o, sb);
    }
    sb_adds(sb, "</svrl:schematron-output>\n");
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

/* Orders the rows by unit name in Chinese collation (pinyin order for hanzi), with ICU
 * sort keys: one key per row, then a plain memcmp sort. */
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
        const char *name = res->items[i].unit ? res->items[i].unit : "";
        UChar u[512];
        int32_t ulen = 0;
        UErrorCode e2 = U_ZERO_ERROR;
        u_strFromUTF8(u, 512, &ulen, name, -1, &e2);
        if (U_FAILURE(e2) || ulen > 512)
            ulen = 0;
        int32_t need = ucol_getSortKey(coll, u, ulen, NULL, 0);
        e[i].key = malloc((size_t)need + 1);
        e[i].keylen = e[i].key ? ucol_getSortKey(coll, u, ulen, e[i].key, need + 1) : 0;
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

/* A relative link from the summary's folder to a report's output. */
/* A relative URL to STEM.EXT: bytes other than unreserved ones and '/' are
 * percent-encoded, so that '#', '?', '%', spaces and non-UTF-8 names still link. */
static char *link_to(const char *stem, const char *ext)
{
    strbuf sb;
    sb_init(&sb);
    for (const unsigned char *p = (const unsigned char *)stem; *p; p++) {
        bool alnum = (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
        if (alnum || strchr("-._~/", *p))
            sb_addc(&sb, (char)*p);
        else
            sb_addf(&sb, "%%%02X", *p);
    }
    sb_addf(&sb, ".%s", ext);
    return sb_take(&sb);
}

static void index_write(const gfa_batch_result *res, strbuf *sb, atomic_out *o)
{
    size_t *order = collated_order(res);
    size_t totals[5] = {0};
    for (size_t i = 0; i < res->count; i++)
        totals[res->items[i].status]++;
    sb_adds(sb,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>决算公开报告汇总</title>\n<style>\n"
            "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;margin:2em}\n"
            "table{border-collapse:collapse;font-size:14px}\n"
            "th,td{border:1px solid #999;padding:4px 8px;text-align:left}\n"
            "th{background:#eee}td.n{text-align:right}\n"
            ".accepted{color:#060}.rejected{color:#b00}.failed{color:#b00;font-weight:bold}\n"
            "@media print{a{color:inherit;text-decoration:none}}\n"
            "</style>\n</head>\n<body>\n<h1>决算公开报告汇总</h1>\n");
    sb_addf(sb,
            "<p>共 %zu 份：接受 %zu，退回 %zu，无法读取 %zu%s。规则集：", res->count,
            totals[GFA_ITEM_ACCEPTED], totals[GFA_ITEM_REJECTED], totals[GFA_ITEM_FAILED],
            totals[GFA_ITEM_NOT_RUN] ? "，未处理（中断）" : "");
    if (totals[GFA_ITEM_NOT_RUN])
        sb_addf(sb, " %zu", totals[GFA_ITEM_NOT_RUN]);
    xml_escape(sb, res->ruleset);
    sb_adds(sb, "。按单位名称排序。</p>\n<table>\n<thead><tr><th scope=\"col\">单位</th>"
                 "<th scope=\"col\">年度</th><th scope=\"col\">状态</th>"
                 "<th scope=\"col\">严重</th><th scope=\"col\">错误</th>"
                 "<th scope=\"col\">不一致</th><th scope=\"col\">警告</th>"
                 "<th scope=\"col\">提示</th><th scope=\"col\">文件</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; order && k < res->count; k++) {
        const gfa_batch_item *it = &res->items[order[k]];
        const char *cls = it->status == GFA_ITEM_ACCEPTED   ? "accepted"
                          : it->status == GFA_ITEM_REJECTED ? "rejected"
                                                            : "failed";
        sb_adds(sb, "<tr><td>");
        xml_escape(sb, it->unit ? it->unit : it->input);
        sb_adds(sb, "</td><td>");
        xml_escape(sb, it->year);
        sb_addf(sb, "</td><td class=\"%s\">", cls);
        static const char *const zh[] = {"未处理", "接受", "退回", "无法读取"};
        sb_adds(sb, zh[it->status]);
        if (it->reason) {
            sb_adds(sb, "：");
            xml_escape(sb, it->reason);
        }
        sb_adds(sb, "</td>");
        for (int s = GFA_SEV_FATAL; s >= GFA_SEV_INFO; s--)
            sb_addf(sb, "<td class=\"n\">%zu</td>", it->counts[s]);
        sb_adds(sb, "<td>");
        if (it->status == GFA_ITEM_ACCEPTED || it->status == GFA_ITEM_REJECTED) {
            static const char *const exts[] = {"html", "txt", "xml"};
            for (int x = 0; x < 3; x++) {
                char *href = link_to(it->output, exts[x]);
                sb_adds(sb, x ? " " : "");
                sb_adds(sb, "<a href=\"");
                xml_escape(sb, href);
                sb_addf(sb, "\">%s</a>", exts[x]);
                free(href);
            }
        } else {
            xml_escape(sb, it->input);
        }
        sb_adds(sb, "</td></tr>\n");
        spill(o, sb);
    }
    sb_adds(sb, "</tbody>\n</table>\n</body>\n</html>\n");
    free(order);
}

typedef void (*summary_writer)(const gfa_batch_result *res, strbuf *sb, atomic_out *o);

static gfa_status write_one(const gfa_batch_result *res, const char *dir, const char *name,
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
    fn(res, &sb, &o);
    atomic_put(&o, &sb);
    sb_free(&sb);
    return atomic_close(&o, diags);
}

gfa_status gfa_batch_write_summary(const gfa_batch_result *res, const char *outdir,
                                   gfa_diags *diags)
{
    gfa_status st = write_one(res, outdir, "summary.csv", csv_write, diags);
    if (st == GFA_OK)
        st = write_one(res, outdir, "summary.xml", digests_write, diags);
    if (st == GFA_OK)
        st = write_one(res, outdir, "index.html", index_write, diags);
    return st;
}

/* ------------------------------------------------------------- merging --- */

static bool add_items(gfa_batch_result *res, const char *dir, const char *csv, gfa_diags *diags,
                      const char *path)
{
    const char *p = csv;
    char *f[17];
    int n = csv_record(&p, f, 17);
    /* 16 fields; summaries of gfa 0.1 had no ruleset column */
    bool header_ok = (n == 15 || n == 16) && !strcmp(f[0], "input") && !strcmp(f[14], "reason");
    int want = n;
    for (int k = 0; k < n; k++)
        free(f[k]);
    if (!header_ok) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-040", path, 1, 1,
                 "not a gfa batch summary (expected the header '%s')", csv_header);
        return false;
    }
    long line = 1;
    while ((n = csv_record(&p, f, 17)) > 0) {
        line++;
        if (n != want) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-041", path, line, 1,
                     "expected %d fields, found %d", want, n);
            for (int k = 0; k < n; k++)
                free(f[k]);
            return false;
        }
        if (n == 16) {
            if (!res->ruleset) {
                res->ruleset = f[15];
                f[15] = NULL;
            } else if (strcmp(res->ruleset, f[15]) != 0) {
                diag_add(diags, GFA_SEV_WARNING, GFA_DOM_IO, "GFA-IO-043", path, line, 1,
                         "this report was checked with rule set '%s', others with '%s'", f[15],
                         res->ruleset);
            }
            free(f[15]);
        }
        if (res->count == res->cap) {
            size_t cap = res->cap ? res->cap * 2 : 256;
            gfa_batch_item *items = realloc(res->items, cap * sizeof *items);
            if (!items) {
                for (int k = 0; k < 15; k++)
                    free(f[k]);
                return false;
            }
            res->items = items;
            res->cap = cap;
        }
        gfa_batch_item *it = &res->items[res->count++];
        memset(it, 0, sizeof *it);
        it->input = f[0];
        /* links of the merged index point into the shard's folder */
        if (asprintf(&it->output, "%s/%s", dir, f[1]) < 0)
            it->output = NULL;
        free(f[1]);
        it->status = status_of(f[2]);
        free(f[2]);
        it->unit = *f[3] ? f[3] : (free(f[3]), NULL);
        it->unit_code = *f[4] ? f[4] : (free(f[4]), NULL);
        it->year = *f[5] ? f[5] : (free(f[5]), NULL);
        size_t *dest[8] = {&it->counts[GFA_SEV_FATAL], &it->counts[GFA_SEV_ERROR],
                           &it->counts[GFA_SEV_INCONSISTENCY], &it->counts[GFA_SEV_WARNING],
                           &it->counts[GFA_SEV_INFO], &it->passed, &it->failed, &it->unchecked};
        for (int k = 0; k < 8; k++) {
            *dest[k] = (size_t)strtoul(f[6 + k], NULL, 10);
            free(f[6 + k]);
        }
        it->reason = *f[14] ? f[14] : (free(f[14]), NULL);
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
        bool ok = f && sb.data && add_items(res, dirs[i], sb.data, diags, path);
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
