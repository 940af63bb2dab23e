/* test_store.c — the store (issue 15) against real databases: a SQLite file always, and the
 * throwaway PostgreSQL cluster that tests/store.sh starts (GFA_TEST_PG, a superuser's
 * connection string; GFA_TEST_PG_ROLE, a role with the password below). Every test runs
 * once per database. The reports are generated here from tests/rules/base-national.txt
 * (a small consistent department report) and the sample, by editing amounts:
 *   - the sample read back through gfa_facts, exactly;
 *   - reloads replace; a refused report leaves the store as it was;
 *   - a department with three units that sum exactly, one cell off within rounding (no
 *     finding) and one with a real difference (one finding naming the cell and the units);
 *   - two years of an entity with one wrong 增减 sentence;
 *   - bad input: not a gfa store, a newer schema, an older one, corrupt, locked, missing
 *     entity code, server down, login refused (the password never shown);
 *   - ready queries with bound parameters, read-only --sql, migrations, threads. */
#include "testutil.h"

#include "store/store.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROLE_PASSWORD "Gfa-Test-Pw-7"

static gfa_context *ctx;
static gfa_validator *val;
static char *base;   /* tests/rules/base-national.txt */
static char *sample; /* samples/yangcheng-2024-unit.txt */

typedef struct backend {
    const char *name;
    bool pg;
} backend;
static backend sqlite_be = {"sqlite", false}, pg_be = {"postgresql", true};

/* ------------------------------------------------------------ helpers --- */

static const char *tmpdir(void)
{
    return tu_env("GFA_TMPDIR", "/tmp");
}

static void quiet(void *ud, const char *message)
{
    (void)ud;
    (void)message;
}

static void pg_exec(const char *sql)
{
    PGconn *c = PQconnectdb(getenv("GFA_TEST_PG"));
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
}

/* An empty database of the backend: a new SQLite file, or a new PostgreSQL schema. */
static char *fresh_db(const backend *b, const char *tag)
{
    char *dsn = NULL;
    if (b->pg) {
        char sql[256];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", tag, tag);
        pg_exec(sql);
        assert_true(asprintf(&dsn, "%s&options=-csearch_path%%3D%s", getenv("GFA_TEST_PG"), tag) > 0);
    } else {
        assert_true(asprintf(&dsn, "%s/store-%s.sqlite", tmpdir(), tag) > 0);
        static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
            char p[4096];
            snprintf(p, sizeof p, "%s%s", dsn, ext[i]);
            unlink(p);
        }
    }
    return dsn;
}

static gfa_store *open_ok(const char *dsn, unsigned flags)
{
    gfa_diags *d = gfa_diags_new();
    gfa_store *s = gfa_store_open(ctx, dsn, flags, 5, d);
    if (!s)
        tu_print_diags(d);
    gfa_diags_free(d);
    assert_non_null(s);
    return s;
}

/* The report of a text, read and validated with its findings embedded. */
static gfa_report *read_text(const char *name, const char *text)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, name, text, strlen(text), &r, d), GFA_OK);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    gfa_verdict_free(v);
    gfa_diags_free(d);
    return r;
}

static size_t load_text(gfa_store *s, const char *name, const char *text)
{
    gfa_report *r = read_text(name, text);
    gfa_diags *d = gfa_diags_new();
    size_t n = 0;
    gfa_status st = gfa_store_load(s, val, NULL, r, &n, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    gfa_diags_free(d);
    gfa_report_free(r);
    return n;
}

/* The first value of a read-only query, malloc'd ("" for NULL). */
static char *q1(gfa_store *s, const char *sql)
{
    gfa_diags *d = gfa_diags_new();
    gfa_rows *rows = NULL;
    gfa_status st = gfa_store_query_sql(s, sql, &rows, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    char *v = strdup(gfa_rows_count(rows) && gfa_rows_value(rows, 0, 0) ? gfa_rows_value(rows, 0, 0) : "");
    gfa_rows_free(rows);
    gfa_diags_free(d);
    return v;
}

#define assert_q(s, sql, expected)                                                         \
    do {                                                                                   \
        char *got_ = q1((s), (sql));                                                       \
        if (strcmp(got_, (expected)) != 0)                                                 \
            fail_msg("%s: expected '%s', got '%s'", (sql), (expected), got_);              \
        free(got_);                                                                        \
    } while (0)

/* A copy of text with every occurrence of from replaced by to. */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), n = 0;
    for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
        n++;
    char *out = malloc(strlen(text) + n * tl + 1), *w = out;
    assert_non_null(out);
    for (const char *p = text, *q; ; p = q + fl) {
        q = strstr(p, from);
        size_t len = q ? (size_t)(q - p) : strlen(p);
        memcpy(w, p, len);
        w += len;
        if (!q)
            break;
        memcpy(w, to, tl);
        w += tl;
    }
    *w = '\0';
    return out;
}

/* The same with the text freed. */
static char *edit(char *text, const char *from, const char *to)
{
    assert_non_null(strstr(text, from));
    char *out = replace_all(text, from, to);
    free(text);
    return out;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The report with its amounts multiplied by tenths/10: every number with two decimals on
 * a table line of the tables part and every 万元 figure of the narrative (percentages stay
 * as they are, and so every share and growth rate holds). The base's amounts are whole
 * tenths, so the products are exact with two decimals. */
static char *scale_amounts(const char *text, int tenths)
{
    strbuf out;
    sb_init(&out);
    bool tables = false, narrative = false;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (!strncmp(line, "第二部分", strlen("第二部分")))
            tables = true;
        if (!strncmp(line, "第三部分", strlen("第三部分")))
            tables = false, narrative = true;
        if (!strncmp(line, "第四部分", strlen("第四部分")))
            narrative = false;
        bool grid = memchr(line, '\t', len) != NULL;
        for (size_t i = 0; i < len;) {
            size_t j = i;
            while (j < len && is_digit(line[j]))
                j++;
            bool two = j > i && j + 2 < len + 1 && line[j] == '.' && is_digit(line[j + 1]) &&
                       j + 2 < len && is_digit(line[j + 2]) && (j + 3 >= len || !is_digit(line[j + 3]));
            bool start = i == 0 || (!is_digit(line[i - 1]) && line[i - 1] != '.');
            size_t end = two ? j + 3 : j;
            bool wan = end + strlen("万元") <= len && !strncmp(line + end, "万元", strlen("万元"));
            if (j == i || !start || !two || !((tables && grid) || (narrative && wan))) {
                sb_add(&out, line + i, j > i ? j - i : 1);
                i = j > i ? j : i + 1;
                continue;
            }
            long cents = atol(line + i) * 100 + (line[j + 1] - '0') * 10 + (line[j + 2] - '0');
            assert_int_equal(cents * tenths % 10, 0);
            cents = cents * tenths / 10;
            sb_addf(&out, "%ld.%02ld", cents / 100, cents % 100);
            i = end;
        }
        if (nl)
            sb_addc(&out, '\n');
        line = nl ? nl + 1 : line + len;
    }
    return sb_take(&out);
}

/* Unit k of the generated department 002: its name and code, amounts × tenths/10. */
static char *unit_text(int k, int tenths)
{
    char name[64], code[16];
    snprintf(name, sizeof name, "某某县民政局第%d单位", k);
    snprintf(code, sizeof code, "00200%d", k);
    char *t = scale_amounts(base, tenths);
    t = edit(t, "部门决算公开", "单位决算公开");
    t = edit(t, "002001", code);
    t = edit(t, "某某县民政局", name);
    if (k > 1) { /* the department's two vehicles are the first unit's */
        t = edit(t, "(一) 车辆数合计(辆)\t7\t2", "(一) 车辆数合计(辆)\t7\t0");
        t = edit(t, "3. 机要通信用车\t10\t1", "3. 机要通信用车\t10\t0");
        t = edit(t, "8. 其他用车\t15\t1", "8. 其他用车\t15\t0");
    }
    return t;
}

static const gfa_diag *find_diag(const gfa_diags *d, const char *id, size_t nth)
{
    for (size_t i = 0; i < gfa_diags_count(d); i++)
        if (!strcmp(gfa_diag_id(gfa_diags_at(d, i)), id) && nth-- == 0)
            return gfa_diags_at(d, i);
    return NULL;
}

static size_t count_diag(const gfa_diags *d, const char *id)
{
    size_t n = 0;
    while (find_diag(d, id, n))
        n++;
    return n;
}

/* ------------------------------------------------------------- tests --- */

/* The sample loaded and read back through gfa_facts: as many facts as amounts printed in
 * its tables, values exact. */
static void sample_read_back(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "sample");
    gfa_store *s = open_ok(dsn, 0);
    gfa_report *r = read_text("samples/yangcheng-2024-unit.txt", sample);
    char *want = tu_xpath(gfa_report_doc(r), "count(//g:table//g:amt)");
    char *forms = tu_xpath(gfa_report_doc(r), "count(//g:performance)");
    char *findings = tu_xpath(gfa_report_doc(r), "count(//g:validation/g:finding)");
    gfa_diags *d = gfa_diags_new();
    size_t n = 0;
    assert_int_equal(gfa_store_load(s, val, NULL, r, &n, d), GFA_OK);
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", n);
    assert_string_equal(buf, want);
    assert_q(s, "SELECT count(*) FROM gfa_facts", want);
    assert_q(s, "SELECT amounts FROM reports", want);
    assert_q(s, "SELECT count(*) FROM perf_forms", forms);
    assert_q(s, "SELECT count(*) FROM findings WHERE origin = 'validate'", findings);
    assert_q(s, "SELECT value FROM gfa_facts WHERE table_id = 'gk01' AND row_code = 'fiscal_gpb'", "1614.45");
    assert_q(s, "SELECT value FROM gfa_facts WHERE table_id = 'gk06' AND row_code = 'public_total'", "81.09");
    assert_q(s, "SELECT value_scaled FROM gfa_facts WHERE table_id = 'gk06' AND row_code = 'public_total'", "81090000");
    assert_q(s, "SELECT value FROM gfa_facts WHERE table_id = 'gk02' AND row_code = '2010301' AND column_id = 'fiscal'", "340.51");
    assert_q(s, "SELECT row_label FROM gfa_facts WHERE table_id = 'gk02' AND row_code = '2010301' AND column_id = 'fiscal'", "行政运行");
    assert_q(s, "SELECT entity || '/' || entity_code || '/' || fiscal_year || '/' || report_kind FROM gfa_facts LIMIT 1",
             "阳城县人民政府办公室/002001/2024/unit");
    assert_q(s, "SELECT decimals FROM gfa_facts WHERE table_id = 'gk01' AND row_code = 'fiscal_gpb'", "2");
    /* a blank is not a fact, and not a zero; "——" is kept apart from both */
    assert_q(s, "SELECT count(*) FROM gfa_facts WHERE table_id = 'gk01' AND row_code = 'fiscal_gf'", "0");
    assert_q(s, "SELECT kind FROM cells WHERE table_id = 'gk01' AND row_key = 'fiscal_gf'", "blank");
    assert_q(s, "SELECT kind || ' ' || printed FROM cells WHERE table_id = 'gk06' AND row_key = '309'", "na ——");
    /* the printed form stays beside the canonical value */
    assert_q(s, "SELECT printed FROM perf_funds WHERE value = '49908' LIMIT 1", "49,908");
    assert_q(s, "SELECT count(*) > 0 FROM narrative_figures WHERE role = 'share'", b->pg ? "t" : "1");
    assert_q(s, "SELECT count(*) > 10 FROM paragraphs WHERE part = 'narrative'", b->pg ? "t" : "1");
    /* the narrative's figures are the same whether the validation's are taken or read again */
    char *figs = q1(s, "SELECT count(*) || '/' || sum(sentence) FROM narrative_figures");
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(val, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    assert_int_equal(gfa_store_load(s, val, v, r, NULL, d), GFA_OK);
    assert_q(s, "SELECT count(*) || '/' || sum(sentence) FROM narrative_figures", figs);
    free(figs);
    gfa_verdict_free(v);
    /* exact sums of scaled integers, in SQL */
    assert_q(s, "SELECT gfa_dec(sum(value_scaled)) FROM gfa_facts WHERE table_id = 'gk03' "
                "AND column_id = 'total' AND level = 1", "1614.45");
    free(want);
    free(forms);
    free(findings);
    gfa_diags_free(d);
    gfa_report_free(r);
    gfa_store_free(s);
    free(dsn);
}

/* Loading again replaces; the store holds one version of a report. */
static void reload_replaces(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "reload");
    gfa_store *s = open_ok(dsn, 0);
    size_t n1 = load_text(s, "base.txt", base);
    size_t n2 = load_text(s, "base.txt", base);
    assert_int_equal(n1, n2);
    assert_q(s, "SELECT count(*) FROM reports", "1");
    char want[32];
    snprintf(want, sizeof want, "%zu", n1);
    assert_q(s, "SELECT count(*) FROM gfa_facts", want);
    /* a corrected report replaces the old amounts, nothing of them is left */
    char *fixed = replace_all(base, "2010301\t行政运行\t50.00\t50.00", "2010301\t行政运行\t50.00\t49.00");
    load_text(s, "base.txt", fixed);
    assert_q(s, "SELECT count(*) FROM reports", "1");
    assert_q(s, "SELECT value FROM gfa_facts WHERE table_id = 'gk02' AND row_code = '2010301' AND column_id = 'fiscal'", "49.00");
    assert_q(s, "SELECT count(*) FROM gfa_facts", want);
    /* another year is another report */
    char *y2023 = replace_all(base, "2024", "2023");
    load_text(s, "base-2023.txt", y2023);
    assert_q(s, "SELECT count(*) FROM reports", "2");
    free(fixed);
    free(y2023);
    gfa_store_free(s);
    free(dsn);
}

/* A department 002 and its units 002001–002003 (amounts × 0.5, 0.3, 0.2): they sum exactly
 * except for one cell printed 0.01 off (within the rounding of four printed values: no
 * finding) and one really different (1.00 off: one finding, naming the cell and the
 * units). */
static void consolidation(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "cons");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "dept-002.txt", base);
    char *u1 = unit_text(1, 5), *u2 = unit_text(2, 3), *u3 = unit_text(3, 2);
    /* within rounding: 公开09 公务接待费 决算 0.09 printed 0.10 (Σ 0.31 against 0.30) */
    u2 = edit(u2, "0.90\t0.30\t0.45\t\t0.45\t0.15\t0.75\t0.30\t0.36\t\t0.36\t0.09",
              "0.90\t0.30\t0.45\t\t0.45\t0.15\t0.75\t0.30\t0.36\t\t0.36\t0.10");
    /* a real difference: 公开03 行政运行 基本支出 10.00 printed 11.00 */
    u3 = edit(u3, "2010301\t行政运行\t10.00\t10.00\t\t\t\t\n2010350",
              "2010301\t行政运行\t10.00\t11.00\t\t\t\t\n2010350");
    load_text(s, "unit-1.txt", u1);
    load_text(s, "unit-2.txt", u2);
    load_text(s, "unit-3.txt", u3);
    gfa_diags *d = gfa_diags_new();
    gfa_verdict **vs = NULL;
    size_t n = 0;
    gfa_check_options opt = {.checks = GFA_CHECK_CONSOLIDATION, .year = 2024, .record = 1};
    assert_int_equal(gfa_store_check(s, val, &opt, &vs, &n, d), GFA_OK);
    assert_int_equal(n, 1); /* one department */
    assert_string_equal(gfa_verdict_source(vs[0]), "dept-002.txt");
    if (count_diag(d, "GFA-CONS-001") != 1 || count_diag(d, "GFA-CONS-002") != 0)
        tu_print_diags(d);
    assert_int_equal(count_diag(d, "GFA-CONS-001"), 1);
    assert_int_equal(count_diag(d, "GFA-CONS-002"), 0);
    assert_int_equal(count_diag(d, "GFA-CONS-003"), 0);
    const gfa_diag *f = find_diag(d, "GFA-CONS-001", 0);
    assert_int_equal(gfa_diag_severity(f), GFA_SEV_INCONSISTENCY);
    assert_string_equal(gfa_diag_file(f), "dept-002.txt");
    assert_true(gfa_diag_line(f) > 0);
    assert_string_equal(gfa_diag_xpath(f),
                        "//g:table[@def='gk03']//g:row[@key='2010301']/*[@col='basic']");
    const char *m = gfa_diag_message(f);
    assert_non_null(strstr(m, "公开03「行政运行」基本支出"));
    assert_non_null(strstr(m, "部门决算填报 50.00，所属单位合计 51.00"));
    assert_non_null(strstr(m, "002001 某某县民政局第1单位 25.00"));
    assert_non_null(strstr(m, "002002 某某县民政局第2单位 15.00"));
    assert_non_null(strstr(m, "002003 某某县民政局第3单位 11.00"));
    /* the checks ran: the reception cell passed within rounding, the vehicles exactly */
    char *ledger = gfa_verdict_ledger(vs[0]);
    assert_non_null(strstr(ledger, "GFA-CONS-001\tpassed\tconsolidation 002/2024 gk09/data/final_reception"));
    assert_non_null(strstr(ledger, "GFA-CONS-001\tpassed\tconsolidation 002/2024 gk10/vehicles_total/value"));
    assert_non_null(strstr(ledger, "GFA-CONS-003\tpassed"));
    free(ledger);
    /* the findings are in the store, under their origin */
    assert_q(s, "SELECT count(*) || ' ' || min(rule_id) || ' ' || min(row_key) || ' ' || min(expected) "
                "FROM findings WHERE origin = 'consolidation'", "1 GFA-CONS-001 2010301 51.00");
    /* a unit the register names but the store lacks: info, and no sum is checked */
    char reg[4096];
    snprintf(reg, sizeof reg, "%s/register-%s.tsv", tmpdir(), b->name);
    FILE *rf = fopen(reg, "w");
    assert_non_null(rf);
    fputs("# code\tname\tdepartment\n002\t某某县民政局\t\n002001\t某某县民政局第1单位\t002\n"
          "002002\t某某县民政局第2单位\t002\n002003\t某某县民政局第3单位\t002\n"
          "002004\t某某县民政局第4单位\t002\n", rf);
    fclose(rf);
    size_t nreg = 0;
    assert_int_equal(gfa_store_load_entities(s, reg, &nreg, d), GFA_OK);
    assert_int_equal(nreg, 5);
    for (size_t i = 0; i < n; i++)
        gfa_verdict_free(vs[i]);
    free(vs);
    gfa_diags_clear(d);
    assert_int_equal(gfa_store_check(s, val, &opt, &vs, &n, d), GFA_OK);
    assert_int_equal(count_diag(d, "GFA-CONS-003"), 1);
    assert_int_equal(count_diag(d, "GFA-CONS-001"), 0);
    assert_non_null(strstr(gfa_diag_message(find_diag(d, "GFA-CONS-003", 0)), "002004"));
    assert_q(s, "SELECT count(*) FROM findings WHERE origin = 'consolidation'", "1");
    for (size_t i = 0; i < n; i++)
        gfa_verdict_free(vs[i]);
    free(vs);
    gfa_diags_free(d);
    free(u1);
    free(u2);
    free(u3);
    gfa_store_free(s);
    free(dsn);
}

/* Two years of one entity: 2023 (amounts × 0.9, so 收入总计 90.00) and 2024, whose
 * narrative says 收入总计增加 12.00万元 where the change is 10.00; its growth rate 11.11%
 * is right. */
static void year_over_year(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "yoy");
    gfa_store *s = open_ok(dsn, 0);
    char *y2023 = scale_amounts(base, 9);
    y2023 = edit(y2023, "2024", "2023");
    char *y2024 = replace_all(base, "收入总计增加10.00万元", "收入总计增加12.00万元");
    load_text(s, "mz-2023.txt", y2023);
    load_text(s, "mz-2024.txt", y2024);
    gfa_diags *d = gfa_diags_new();
    gfa_verdict **vs = NULL;
    size_t n = 0;
    gfa_check_options opt = {.checks = GFA_CHECK_YEAR_OVER_YEAR};
    assert_int_equal(gfa_store_check(s, val, &opt, &vs, &n, d), GFA_OK);
    assert_int_equal(n, 2);
    if (count_diag(d, "GFA-YOY-001") != 1)
        tu_print_diags(d);
    assert_int_equal(count_diag(d, "GFA-YOY-001"), 1);
    assert_int_equal(count_diag(d, "GFA-YOY-002"), 0);
    assert_int_equal(count_diag(d, "GFA-YOY-003"), 0);
    const gfa_diag *f = find_diag(d, "GFA-YOY-001", 0);
    assert_string_equal(gfa_diag_file(f), "mz-2024.txt");
    assert_int_equal(gfa_diag_line(f), 245);
    assert_non_null(strstr(gfa_diag_message(f), "本年 100.00，上年决算 90.00，增减额应为 10.00，不是 12.00"));
    /* the earliest year has no year before it: info, never an error */
    assert_int_equal(count_diag(d, "GFA-YOY-004"), 1);
    assert_int_equal(gfa_diag_severity(find_diag(d, "GFA-YOY-004", 0)), GFA_SEV_INFO);
    assert_string_equal(gfa_diag_file(find_diag(d, "GFA-YOY-004", 0)), "mz-2023.txt");
    char *ledger = gfa_verdict_ledger(vs[1]);
    assert_non_null(strstr(ledger, "GFA-YOY-002\tpassed"));
    assert_non_null(strstr(ledger, "GFA-YOY-003\tpassed"));
    free(ledger);
    for (size_t i = 0; i < n; i++)
        gfa_verdict_free(vs[i]);
    free(vs);
    gfa_diags_free(d);
    free(y2023);
    free(y2024);
    gfa_store_free(s);
    free(dsn);
}

/* A report without an entity code is refused and nothing stored is lost; the register
 * gives it a code by its name. */
static void missing_entity_code(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "nocode");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "base.txt", base);
    char *cut = strdup(base);
    *strstr(cut, "第五部分") = '\0'; /* the codes are printed in the performance forms */
    cut = edit(cut, "某某县民政局", "某某县救助管理站");
    gfa_report *r = read_text("nocode.txt", cut);
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_store_load(s, val, NULL, r, NULL, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-STORE-020"));
    assert_q(s, "SELECT count(*) FROM reports", "1");
    assert_q(s, "SELECT count(*) FROM gfa_facts WHERE entity_code = '002'", "106");
    char reg[4096];
    snprintf(reg, sizeof reg, "%s/register-nocode-%s.tsv", tmpdir(), b->name);
    FILE *f = fopen(reg, "w");
    assert_non_null(f);
    fputs("009\t某某县救助管理站\t\n", f);
    fclose(f);
    assert_int_equal(gfa_store_load_entities(s, reg, NULL, d), GFA_OK);
    gfa_diags_clear(d);
    assert_int_equal(gfa_store_load(s, val, NULL, r, NULL, d), GFA_OK);
    assert_q(s, "SELECT entity_code FROM reports WHERE entity_name = '某某县救助管理站'", "009");
    /* a register line that is not one is refused whole */
    f = fopen(reg, "w");
    fputs("010\t某某县甲单位\t009\nnot a register line\n", f);
    fclose(f);
    assert_int_equal(gfa_store_load_entities(s, reg, NULL, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, "GFA-STORE-041"));
    assert_q(s, "SELECT count(*) FROM entities WHERE entity_code = '010'", "0");
    gfa_report_free(r);
    gfa_diags_free(d);
    free(cut);
    gfa_store_free(s);
    free(dsn);
}

/* Ready queries run with bound parameters on both databases; --sql reads only. */
static void queries(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "queries");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "base.txt", base);
    char *y2023 = scale_amounts(base, 9);
    y2023 = edit(y2023, "2024", "2023");
    load_text(s, "base-2023.txt", y2023);
    free(y2023);
    gfa_diags *d = gfa_diags_new();
    const char *name, *about, *params;
    size_t k = 0;
    for (; gfa_store_query_info(s, k, &name, &about, &params); k++) {
        gfa_rows *rows = NULL;
        gfa_status st = gfa_store_query(s, name, NULL, 0, &rows, d);
        if (st != GFA_OK)
            tu_print_diags(d);
        assert_int_equal(st, GFA_OK);
        gfa_rows_free(rows);
    }
    assert_true(k >= 6);
    /* 三公经费 rose from 2.25 to 2.50 */
    gfa_rows *rows = NULL;
    assert_int_equal(gfa_store_query(s, "three-public-rise", NULL, 0, &rows, d), GFA_OK);
    assert_int_equal(gfa_rows_count(rows), 1);
    assert_string_equal(gfa_rows_value(rows, 0, 5), "2.25");
    assert_string_equal(gfa_rows_value(rows, 0, 6), "2.50");
    assert_string_equal(gfa_rows_value(rows, 0, 7), "0.25");
    assert_string_equal(gfa_rows_value(rows, 0, 8), "11.11");
    gfa_rows_free(rows);
    /* a parameter is a value, never SQL: refused as a year (PostgreSQL) or read as one
     * (SQLite casts the leading digits), and nothing else happens */
    const char *evil[] = {"year=2024 OR 1=1", "kind=department'; DROP TABLE reports; --"};
    if (gfa_store_query(s, "reports", evil, 1, &rows, d) == GFA_OK) {
        assert_int_equal(gfa_rows_count(rows), 1);
        gfa_rows_free(rows);
    }
    gfa_diags_clear(d);
    assert_int_equal(gfa_store_query(s, "three-public", evil + 1, 1, &rows, d), GFA_OK);
    assert_int_equal(gfa_rows_count(rows), 0);
    gfa_rows_free(rows);
    assert_q(s, "SELECT count(*) FROM reports", "2");
    const char *p2024[] = {"year=2024", "class=208"};
    assert_int_equal(gfa_store_query(s, "class-share", p2024, 2, &rows, d), GFA_OK);
    assert_int_equal(gfa_rows_count(rows), 1);
    assert_string_equal(gfa_rows_value(rows, 0, 5), "0.00");
    gfa_rows_free(rows);
    const char *unknown[] = {"nope=1"};
    assert_int_equal(gfa_store_query(s, "reports", unknown, 1, &rows, d), GFA_ERR_USAGE);
    assert_int_equal(gfa_store_query(s, "no-such-query", NULL, 0, &rows, d), GFA_ERR_USAGE);
    /* --sql refuses whatever would write */
    static const char *const writes[] = {
        "DELETE FROM reports", "INSERT INTO entities VALUES ('x', 'y', NULL, '0')",
        "DROP TABLE cells", "CREATE TABLE x (a INTEGER)", "UPDATE reports SET amounts = 0",
        "SELECT 1; DELETE FROM reports", "COPY reports TO '/tmp/gfa-copied'",
        "/* a comment */ DO $$ BEGIN END $$",
    };
    for (size_t i = 0; i < ARRAY_LEN(writes); i++) {
        gfa_diags_clear(d);
        assert_int_not_equal(gfa_store_query_sql(s, writes[i], &rows, d), GFA_OK);
    }
    if (!b->pg) {
        char sql[4200];
        snprintf(sql, sizeof sql, "ATTACH DATABASE '%s/attached.sqlite' AS a", tmpdir());
        assert_int_not_equal(gfa_store_query_sql(s, sql, &rows, d), GFA_OK);
        assert_int_not_equal(gfa_store_query_sql(s, "PRAGMA journal_mode = DELETE", &rows, d), GFA_OK);
        assert_q(s, "PRAGMA integrity_check", "ok");
    }
    assert_q(s, "SELECT count(*) FROM reports", "2");
    assert_q(s, "SELECT gfa_dec(1500000) || ' ' || gfa_dec(1234567) || ' ' || gfa_pct(1, 3)",
             "1.50 1.234567 33.33");
    gfa_diags_free(d);
    gfa_store_free(s);
    free(dsn);
}

/* A database that is not a gfa store, or of another schema version, is refused and left
 * as it was. */
static void not_a_store(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "alien");
    if (b->pg) {
        pg_exec("CREATE TABLE alien.accounts (id INTEGER); INSERT INTO alien.accounts VALUES (7)");
    } else {
        sqlite3 *db;
        assert_int_equal(sqlite3_open(dsn, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "CREATE TABLE accounts (id INTEGER); INSERT INTO accounts VALUES (7)", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
    }
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_store_open(ctx, dsn, GFA_STORE_INIT, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-003"));
    free(dsn);
    /* a store of a newer gfa */
    dsn = fresh_db(b, "newer");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "base.txt", base);
    gfa_store_free(s);
    if (b->pg) {
        pg_exec("UPDATE newer.gfa_meta SET value = '99' WHERE key = 'schema_version'");
    } else {
        sqlite3 *db;
        assert_int_equal(sqlite3_open(dsn, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "UPDATE gfa_meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
    }
    gfa_diags_clear(d);
    assert_null(gfa_store_open(ctx, dsn, GFA_STORE_INIT, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-004"));
    assert_non_null(strstr(gfa_diag_message(find_diag(d, "GFA-STORE-004", 0)), "version 99"));
    gfa_diags_free(d);
    free(dsn);
}

/* ---- SQLite only: a corrupt file, a file that is no database, a lock held elsewhere ---- */

static void sqlite_damaged(void **state)
{
    char *dsn = fresh_db(&sqlite_be, "damaged");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "base.txt", base);
    gfa_store_free(s); /* checkpointed: the whole store is in the file */
    size_t len = 0;
    char *bytes = tu_read(dsn, &len);
    assert_true(len > 8192);
    /* the header's page size and a stretch of the schema page overwritten */
    FILE *f = fopen(dsn, "r+b");
    assert_non_null(f);
    fseek(f, 16, SEEK_SET);
    fwrite("\x03\x07", 1, 2, f);
    fseek(f, 200, SEEK_SET);
    for (int i = 0; i < 2000; i++)
        fputc(0x5a, f);
    fclose(f);
    size_t len2 = 0;
    char *damaged = tu_read(dsn, &len2);
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_store_open(ctx, dsn, 0, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-008"));
    size_t len3 = 0;
    char *after = tu_read(dsn, &len3);
    assert_int_equal(len2, len3); /* gfa wrote nothing into it */
    assert_memory_equal(damaged, after, len3);
    /* a text file is no database */
    char txt[4096];
    snprintf(txt, sizeof txt, "%s/not-a-db.txt", tmpdir());
    f = fopen(txt, "w");
    fputs("hello, this is a text file and long enough to have a header of sorts, "
          "which SQLite reads first\n", f);
    fclose(f);
    gfa_diags_clear(d);
    assert_null(gfa_store_open(ctx, txt, 0, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-008"));
    free(bytes);
    free(damaged);
    free(after);
    gfa_diags_free(d);
    free(dsn);
}

static void sqlite_locked(void **state)
{
    char *dsn = fresh_db(&sqlite_be, "locked");
    gfa_store *s = open_ok(dsn, 0);
    load_text(s, "base.txt", base);
    gfa_store_free(s);
    /* another process's writer holds the store */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dsn, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    gfa_diags *d = gfa_diags_new();
    s = gfa_store_open(ctx, dsn, 0, 1, d);
    if (s) { /* opened in WAL mode: the lock bites at the load */
        gfa_report *r = read_text("base.txt", base);
        assert_int_equal(gfa_store_load(s, val, NULL, r, NULL, d), GFA_ERR_IO);
        gfa_report_free(r);
        gfa_store_free(s);
    }
    assert_true(tu_has_diag(d, "GFA-STORE-006"));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    s = open_ok(dsn, GFA_STORE_READ_ONLY);
    assert_q(s, "SELECT count(*) FROM gfa_facts", "106");
    gfa_store_free(s);
    gfa_diags_free(d);
    free(dsn);
}

/* ---- PostgreSQL only: a server that is down, a login refused ---- */

static void pg_refused(void **state)
{
    gfa_diags *d = gfa_diags_new();
    assert_null(gfa_store_open(ctx, "postgresql:///gfa?host=/nonexistent-gfa-socket-dir", 0, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-001"));
    const char *role = getenv("GFA_TEST_PG_ROLE");
    char *wrong = NULL, *uri = NULL, *right = NULL;
    assert_true(asprintf(&wrong, "%s&password=Wrong-Pw-42", role) > 0);
    /* the same as a URI with the password in its user part */
    const char *host = strstr(role, "host=");
    assert_non_null(host);
    assert_true(asprintf(&uri, "postgresql://gfa_user:Wrong-Pw-43@/gfa_pw?%.*s",
                         (int)strcspn(host, "&"), host) > 0);
    const char *const bad[] = {wrong, uri};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        gfa_diags_clear(d);
        assert_null(gfa_store_open(ctx, bad[i], 0, 2, d));
        assert_true(tu_has_diag(d, "GFA-STORE-002"));
        for (size_t k = 0; k < gfa_diags_count(d); k++) {
            const gfa_diag *x = gfa_diags_at(d, k);
            assert_null(strstr(gfa_diag_message(x), "Wrong-Pw"));
            assert_null(strstr(gfa_diag_file(x), "Wrong-Pw"));
        }
        assert_non_null(strstr(gfa_diag_file(find_diag(d, "GFA-STORE-002", 0)), "***"));
    }
    /* with the right password: loads, and the name shown hides it */
    assert_true(asprintf(&right, "%s&password=" ROLE_PASSWORD, role) > 0);
    gfa_store *s = open_ok(right, 0);
    assert_null(strstr(gfa_store_name(s), ROLE_PASSWORD));
    load_text(s, "base.txt", base);
    gfa_store_free(s);
    gfa_diags_free(d);
    free(wrong);
    free(uri);
    free(right);
}

static void redaction(void **state)
{
    char *pw = NULL;
    char *r = store_redact("postgresql://ann:s3cr%40t@db.example/gfa?sslmode=require&password=x2&application_name=a", &pw);
    assert_string_equal(r, "postgresql://ann:***@db.example/gfa?sslmode=require&password=***&application_name=a");
    assert_string_equal(pw, "s3cr%40t");
    free(r);
    free(pw);
    r = store_redact("postgres:///gfa?host=/run/pg&password=only", &pw);
    assert_string_equal(r, "postgres:///gfa?host=/run/pg&password=***");
    assert_string_equal(pw, "only");
    free(r);
    free(pw);
    r = store_redact("/var/lib/gfa/store.sqlite", &pw);
    assert_string_equal(r, "/var/lib/gfa/store.sqlite");
    assert_null(pw);
    free(r);
}

/* ---- migrations: a data directory with a version 2 ---- */

static char *datadir_v2(void)
{
    char *dir = NULL;
    assert_true(asprintf(&dir, "%s/datadir-v2", tmpdir()) > 0);
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "rm -rf '%s' && mkdir -p '%s/schemas/store' && for f in '%s'/schemas/*; do "
             "[ \"$(basename \"$f\")\" = store ] || ln -s \"$f\" '%s/schemas/'; done && "
             "ln -s '%s'/xslt '%s/xslt' && cp '%s'/schemas/store/* '%s/schemas/store/' && "
             "printf 'ALTER TABLE reports ADD COLUMN reviewer TEXT;\\n' > '%s/schemas/store/002-reviewer.sql'",
             dir, dir, gfa_context_datadir(ctx), dir, gfa_context_datadir(ctx), dir,
             gfa_context_datadir(ctx), dir, dir);
    assert_int_equal(system(cmd), 0);
    return dir;
}

static void migration(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "migrate");
    gfa_store *s = open_ok(dsn, 0);
    size_t n = load_text(s, "base.txt", base);
    assert_int_equal(gfa_store_schema_version(s), 1);
    gfa_store_free(s);
    char *dir = datadir_v2();
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx2 = gfa_context_open(dir, d);
    assert_non_null(ctx2);
    /* an older store is not migrated behind anyone's back */
    assert_null(gfa_store_open(ctx2, dsn, 0, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-005"));
    gfa_diags_clear(d);
    s = gfa_store_open(ctx2, dsn, GFA_STORE_INIT, 2, d);
    assert_non_null(s);
    assert_int_equal(gfa_store_schema_version(s), 2);
    char want[32];
    snprintf(want, sizeof want, "%zu", n);
    assert_q(s, "SELECT count(*) FROM gfa_facts", want);
    assert_q(s, "SELECT count(*) FROM gfa_migrations", "2");
    assert_q(s, "SELECT coalesce(reviewer, 'none') FROM reports", "none");
    gfa_store_free(s);
    /* and the gfa of version 1 refuses it now */
    gfa_diags_clear(d);
    assert_null(gfa_store_open(ctx, dsn, 0, 2, d));
    assert_true(tu_has_diag(d, "GFA-STORE-004"));
    gfa_context_free(ctx2);
    gfa_diags_free(d);
    free(dir);
    free(dsn);
}

/* ---- threads: gfa batch --db through the pipeline, four workers, one store ---- */

static void batch_threads(void **state)
{
    const backend *b = *state;
    char *dsn = fresh_db(b, "threads");
    gfa_store *s = open_ok(dsn, 0);
    enum { N = 8 };
    char *paths[N];
    for (int k = 0; k < N; k++) {
        char *t = unit_text(k + 1, 5);
        assert_true(asprintf(&paths[k], "%s/thread-%s-%d.txt", tmpdir(), b->name, k) > 0);
        FILE *f = fopen(paths[k], "w");
        assert_non_null(f);
        fputs(t, f);
        fclose(f);
        free(t);
    }
    gfa_diags *d = gfa_diags_new();
    gfa_pipeline_options opt = {.store = s};
    gfa_pipeline *p = gfa_pipeline_new(ctx, val, NULL, &opt, d);
    assert_non_null(p);
    gfa_batch_config cfg = {.ctx = ctx, .validator = val, .pipeline = p,
                            .inputs = (const char *const *)paths, .ninputs = N, .jobs = 4};
    gfa_batch_result *res = NULL;
    assert_int_equal(gfa_batch_run(&cfg, &res), GFA_OK);
    for (int k = 0; k < N; k++) {
        const gfa_batch_item *it = gfa_batch_result_item(res, (size_t)k);
        if (it->status == GFA_ITEM_FAILED)
            fprintf(stderr, "  %s: %s\n", it->input, it->reason);
        assert_int_equal(it->stored, 106);
    }
    char want[16];
    snprintf(want, sizeof want, "%d", N);
    assert_q(s, "SELECT count(*) FROM reports", want);
    snprintf(want, sizeof want, "%d", N * 106);
    assert_q(s, "SELECT count(*) FROM gfa_facts", want);
    gfa_batch_result_free(res);
    gfa_pipeline_free(p);
    for (int k = 0; k < N; k++) {
        unlink(paths[k]);
        free(paths[k]);
    }
    gfa_diags_free(d);
    gfa_store_free(s);
    free(dsn);
}

int main(void)
{
    gfa_global_init();
    ctx = tu_context();
    val = tu_validator(ctx);
    base = tu_read(tu_path("tests/rules/base-national.txt"), NULL);
    sample = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), NULL);
    if (!val || !base || !sample)
        return 1;
    const struct CMUnitTest common[] = {
        cmocka_unit_test(redaction),
        cmocka_unit_test_prestate(sample_read_back, &sqlite_be),
        cmocka_unit_test_prestate(reload_replaces, &sqlite_be),
        cmocka_unit_test_prestate(consolidation, &sqlite_be),
        cmocka_unit_test_prestate(year_over_year, &sqlite_be),
        cmocka_unit_test_prestate(missing_entity_code, &sqlite_be),
        cmocka_unit_test_prestate(queries, &sqlite_be),
        cmocka_unit_test_prestate(not_a_store, &sqlite_be),
        cmocka_unit_test_prestate(migration, &sqlite_be),
        cmocka_unit_test_prestate(batch_threads, &sqlite_be),
        cmocka_unit_test(sqlite_damaged),
        cmocka_unit_test(sqlite_locked),
    };
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test_prestate(sample_read_back, &pg_be),
        cmocka_unit_test_prestate(reload_replaces, &pg_be),
        cmocka_unit_test_prestate(consolidation, &pg_be),
        cmocka_unit_test_prestate(year_over_year, &pg_be),
        cmocka_unit_test_prestate(missing_entity_code, &pg_be),
        cmocka_unit_test_prestate(queries, &pg_be),
        cmocka_unit_test_prestate(not_a_store, &pg_be),
        cmocka_unit_test_prestate(migration, &pg_be),
        cmocka_unit_test_prestate(batch_threads, &pg_be),
        cmocka_unit_test(pg_refused),
    };
    int rc = cmocka_run_group_tests_name("sqlite", common, NULL, NULL);
    if (getenv("GFA_TEST_PG") && *getenv("GFA_TEST_PG"))
        rc |= cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
    else
        fprintf(stderr, "test_store: GFA_TEST_PG is not set: the PostgreSQL tests are left to "
                        "tests/store.sh\n");
    free(base);
    free(sample);
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_global_cleanup();
    return rc;
}
