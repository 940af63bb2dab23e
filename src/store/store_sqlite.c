/* store_sqlite.c — the SQLite backend (libsqlite3): the embedded default, a file and
 * nothing to set up. WAL mode, so that readers never wait for a load and a load never
 * disturbs a reader; one writer at a time (BEGIN IMMEDIATE, waiting up to --wait for
 * another process); foreign keys on, so that replacing a report cascades. Amounts are
 * text (the exact decimal) and a scaled integer: SQLite's REAL never touches them, and
 * gfa_dec()/gfa_pct() give the ready queries exact arithmetic on the integers. */
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The INSERTs of a table, prepared once per connection and kept for the next report:
 * compiling a multi-row INSERT costs as much as running it. */
typedef struct insert_stmts {
    const store_table *table;
    sqlite3_stmt *batch; /* ROWS_PER_INSERT rows */
    sqlite3_stmt *one;   /* one row, for the rest */
} insert_stmts;

struct store_conn {
    sqlite3 *db;
    gfa_store *s;
    insert_stmts inserts[16];
    size_t ninserts;
};

static const char *const tokens[] = {
    "@ID@", "INTEGER PRIMARY KEY AUTOINCREMENT",
    "@DECIMAL@", "TEXT",
    "@BOOL@", "INTEGER",
    "@TIME@", "TEXT",
    NULL,
};

static store_err kind_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return SE_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return SE_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM: return SE_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return SE_CORRUPT;
    case SQLITE_CANTOPEN: return SE_CONNECT;
    case SQLITE_NOMEM: return SE_NOMEM;
    default: return SE_FAILED;
    }
}

static store_err fail(store_conn *c, int rc, const char *what, gfa_diags *d)
{
    return store_fail(c->s, d, kind_of(rc), what, c->db ? sqlite3_errmsg(c->db) : NULL);
}

/* ---- gfa_dec(value_scaled) and gfa_pct(part, whole) for the ready queries ---- */

static bool scaled_arg(sqlite3_context *cx, sqlite3_value *v, gfa_dec *out)
{
    if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER) {
        sqlite3_result_error(cx, "gfa_dec/gfa_pct take scaled integers (value_scaled)", -1);
        return false;
    }
    out->units = sqlite3_value_int64(v);
    out->scale = STORE_SCALE;
    return true;
}

static void result_dec(sqlite3_context *cx, gfa_dec d, int min_scale)
{
    while (d.scale > min_scale && d.units % 10 == 0) {
        d.units /= 10;
        d.scale--;
    }
    char buf[64];
    sqlite3_result_text(cx, dec_format(d, buf, sizeof buf), -1, SQLITE_TRANSIENT);
}

static void fn_dec(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    gfa_dec d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        sqlite3_result_null(cx);
    else if (scaled_arg(cx, argv[0], &d))
        result_dec(cx, d, 2);
}

static void fn_pct(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    gfa_dec a, b, p;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        sqlite3_result_null(cx);
    else if (scaled_arg(cx, argv[0], &a) && scaled_arg(cx, argv[1], &b)) {
        if (dec_percent(a, b, 2, &p))
            result_dec(cx, p, 2);
        else
            sqlite3_result_null(cx); /* a zero whole */
    }
}

/* ---- connections ---- */

static store_err pragmas(store_conn *c, bool ro, gfa_diags *d)
{
    static const char *const rw[] = {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
                                     "PRAGMA synchronous = NORMAL"};
    for (size_t i = 0; i < (ro ? 1 : ARRAY_LEN(rw)); i++) {
        int rc = sqlite3_exec(c->db, rw[i], NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return fail(c, rc, "opening the store", d);
    }
    if (!ro && sqlite3_db_readonly(c->db, "main") == 1)
        return store_fail(c->s, d, SE_READONLY, "opening the store", NULL);
    return SE_OK;
}

/* "file:PATH?immutable=1": a WAL store in a folder this process cannot write has no -shm
 * to share, so a reader opens it as a file nobody changes (nobody can, from here). */
static char *immutable_uri(const char *path)
{
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "file:");
    for (const char *p = path; *p; p++)
        if (*p == '%' || *p == '?' || *p == '#')
            sb_addf(&sb, "%%%02X", (unsigned char)*p);
        else
            sb_addc(&sb, *p);
    sb_adds(&sb, "?immutable=1");
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

/* Opens the file; a reader that cannot take WAL's shared-memory locks retries immutable. */
static int open_db(store_conn *c, bool ro)
{
    int flags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(c->s->dsn, &c->db, flags, NULL);
    if (rc == SQLITE_OK && ro)
        rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    int kind = rc & 0xff;
    if (!ro || (kind != SQLITE_READONLY && kind != SQLITE_CANTOPEN))
        return rc;
    char *uri = immutable_uri(c->s->dsn);
    if (!uri)
        return SQLITE_NOMEM;
    sqlite3_close_v2(c->db);
    c->db = NULL;
    rc = sqlite3_open_v2(uri, &c->db, flags | SQLITE_OPEN_URI, NULL);
    free(uri);
    return rc;
}

static store_err sq_connect(gfa_store *s, store_conn **out, gfa_diags *d)
{
    *out = NULL;
    store_conn *c = calloc(1, sizeof *c);
    if (!c)
        return SE_NOMEM;
    c->s = s;
    bool ro = s->flags & GFA_STORE_READ_ONLY;
    int rc = open_db(c, ro);
    store_err e = rc == SQLITE_OK ? SE_OK : fail(c, rc, "opening the store", d);
    if (e == SE_OK) {
        sqlite3_extended_result_codes(c->db, 1);
        sqlite3_busy_timeout(c->db, s->wait_seconds * 1000);
        e = pragmas(c, ro, d);
    }
    if (e == SE_OK &&
        (sqlite3_create_function(c->db, "gfa_dec", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 fn_dec, NULL, NULL) != SQLITE_OK ||
         sqlite3_create_function(c->db, "gfa_pct", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 fn_pct, NULL, NULL) != SQLITE_OK))
        e = fail(c, SQLITE_NOMEM, "opening the store", d);
    if (e != SE_OK) {
        sqlite3_close_v2(c->db);
        free(c);
        return e;
    }
    *out = c;
    return SE_OK;
}

static void sq_disconnect(store_conn *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ninserts; i++) {
        sqlite3_finalize(c->inserts[i].batch);
        sqlite3_finalize(c->inserts[i].one);
    }
    sqlite3_close_v2(c->db);
    free(c);
}

static store_err sq_script(store_conn *c, const char *sql, gfa_diags *d)
{
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SE_OK : fail(c, rc, "creating the schema", d);
}

/* Binds params by name (":year") or by position ("$1" …); a name the statement does not
 * use is skipped. */
static int bind_all(sqlite3_stmt *st, const char *const *params, const char *const *names,
                    size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char nm[80];
        if (names)
            snprintf(nm, sizeof nm, ":%s", names[i]);
        else
            snprintf(nm, sizeof nm, "$%zu", i + 1);
        int at = sqlite3_bind_parameter_index(st, nm);
        if (at <= 0)
            continue;
        int rc = params[i] ? sqlite3_bind_text(st, at, params[i], -1, SQLITE_STATIC)
                           : sqlite3_bind_null(st, at);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* Steps a prepared statement to its end, collecting its rows when out is set. */
static int run_stmt(sqlite3_stmt *st, gfa_rows **out)
{
    int ncols = sqlite3_column_count(st);
    gfa_rows *r = out ? rows_new((size_t)ncols) : NULL;
    if (out && !r)
        return SQLITE_NOMEM;
    for (int k = 0; r && k < ncols; k++)
        if (!rows_set_name(r, (size_t)k, sqlite3_column_name(st, k))) {
            gfa_rows_free(r);
            return SQLITE_NOMEM;
        }
    const char **vals = calloc((size_t)ncols + 1, sizeof *vals);
    int rc = vals ? SQLITE_ROW : SQLITE_NOMEM;
    while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int k = 0; r && k < ncols; k++)
            vals[k] = (const char *)sqlite3_column_text(st, k);
        if (r && !rows_add(r, vals))
            rc = SQLITE_NOMEM;
    }
    free(vals);
    if (rc != SQLITE_DONE) {
        gfa_rows_free(r);
        return rc;
    }
    if (out)
        *out = r;
    return SQLITE_OK;
}

static store_err sq_query(store_conn *c, const char *sql, const char *const *params,
                          const char *const *names, size_t n, gfa_rows **out, gfa_diags *d)
{
    if (out)
        *out = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = bind_all(st, params, names, n);
    if (rc == SQLITE_OK)
        rc = run_stmt(st, out);
    store_err e = rc == SQLITE_OK ? SE_OK : fail(c, rc, NULL, d);
    sqlite3_finalize(st);
    return e;
}

/* gfa query --sql: reading only. The authorizer sees every action a statement would take
 * when it is prepared, so a write, an ATTACH (which creates files) or a PRAGMA that
 * changes something is refused before anything runs. */
static int read_only_authorizer(void *ud, int action, const char *a, const char *b,
                                const char *db, const char *trigger)
{
    static const char *const pragmas_ok[] = {"table_info", "table_xinfo", "index_list",
                                             "index_info", "foreign_key_list",
                                             "integrity_check", "quick_check"};
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_PRAGMA:
        for (size_t i = 0; i < ARRAY_LEN(pragmas_ok); i++)
            if (a && !strcmp(a, pragmas_ok[i]))
                return SQLITE_OK;
        return SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

static store_err sq_query_ro(store_conn *c, const char *sql, gfa_rows **out, gfa_diags *d)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    sqlite3_set_authorizer(c->db, read_only_authorizer, NULL);
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, &tail);
    sqlite3_set_authorizer(c->db, NULL, NULL);
    if ((rc & 0xff) == SQLITE_AUTH) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-031", c->s->display, 0, 0,
                 "gfa query --sql reads only: the statement would change the store (%s)",
                 sqlite3_errmsg(c->db));
        return SE_FAILED;
    }
    while (rc == SQLITE_OK && tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' ||
                                       *tail == '\r' || *tail == ';'))
        tail++;
    if (rc == SQLITE_OK && tail && *tail) {
        sqlite3_finalize(st);
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-032", c->s->display, 0, 0,
                 "gfa query --sql runs one statement; this has more after the first");
        return SE_FAILED;
    }
    if (rc == SQLITE_OK && st && !sqlite3_stmt_readonly(st)) {
        sqlite3_finalize(st);
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-031", c->s->display, 0, 0,
                 "gfa query --sql reads only: the statement would change the store");
        return SE_FAILED;
    }
    if (rc == SQLITE_OK && st)
        rc = run_stmt(st, out);
    store_err e = rc == SQLITE_OK ? SE_OK : fail(c, rc, "running the query", d);
    sqlite3_finalize(st);
    if (e == SE_OK && !*out && !(*out = rows_new(0)))
        e = SE_NOMEM;
    return e;
}

static store_err sq_begin(store_conn *c, store_txn how, gfa_diags *d)
{
    int rc = sqlite3_exec(c->db, how == TXN_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL,
                          NULL);
    return rc == SQLITE_OK ? SE_OK : fail(c, rc, "starting a transaction", d);
}

static store_err sq_commit(store_conn *c, gfa_diags *d)
{
    int rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_OK ? SE_OK : fail(c, rc, "committing", d);
}

static void sq_rollback(store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* BEGIN IMMEDIATE already holds the one write lock of the database. */
static store_err sq_lock_key(store_conn *c, const char *key, gfa_diags *d)
{
    return SE_OK;
}

/* Rows per INSERT: several at once, so that a statement's set-up and ending are paid once
 * for them (well within SQLite's limit of bound parameters). */
#define ROWS_PER_INSERT 32

static char *insert_sql(const store_table *t, size_t nrows)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "INSERT INTO %s (report_id", t->name);
    for (size_t k = 0; k < t->ncols; k++)
        sb_addf(&sb, ", %s", t->cols[k]);
    sb_adds(&sb, ") VALUES ");
    for (size_t r = 0; r < nrows; r++) {
        sb_adds(&sb, r ? ", (?" : "(?");
        for (size_t k = 0; k < t->ncols; k++)
            sb_adds(&sb, ", ?");
        sb_addc(&sb, ')');
    }
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

static int prepare_insert(store_conn *c, const store_table *t, size_t nrows, sqlite3_stmt **st)
{
    if (*st)
        return SQLITE_OK;
    char *sql = insert_sql(t, nrows);
    int rc = sql ? sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL)
                 : SQLITE_NOMEM;
    free(sql);
    return rc;
}

/* The connection's INSERTs of a table (NULL when the cache is full: prepared each time). */
static insert_stmts *inserts_of(store_conn *c, const store_table *t)
{
    for (size_t i = 0; i < c->ninserts; i++)
        if (c->inserts[i].table == t)
            return &c->inserts[i];
    if (c->ninserts == ARRAY_LEN(c->inserts))
        return NULL;
    c->inserts[c->ninserts].table = t;
    return &c->inserts[c->ninserts++];
}

static int bind_rows(sqlite3_stmt *st, sqlite3_int64 id, const rowset *rs, size_t from,
                     size_t n)
{
    int at = 1, rc = SQLITE_OK;
    for (size_t r = from; rc == SQLITE_OK && r < from + n; r++) {
        rc = sqlite3_bind_int64(st, at++, id);
        for (size_t k = 0; rc == SQLITE_OK && k < rs->table->ncols; k++, at++) {
            const char *v = rowset_field(rs, r, k);
            rc = v ? sqlite3_bind_text(st, at, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, at);
        }
    }
    return rc;
}

/* Batches of ROWS_PER_INSERT rows, then the rest one by one, with the cached INSERTs. */
static store_err sq_bulk(store_conn *c, const char *report_id, const rowset *rs, gfa_diags *d)
{
    size_t n = rowset_rows(rs);
    insert_stmts spare = {rs->table, NULL, NULL}, *is = inserts_of(c, rs->table);
    if (!is)
        is = &spare;
    sqlite3_int64 id = strtoll(report_id, NULL, 10);
    int rc = SQLITE_OK;
    for (size_t r = 0, k; rc == SQLITE_OK && r < n; r += k) {
        k = n - r >= ROWS_PER_INSERT ? ROWS_PER_INSERT : 1;
        sqlite3_stmt **st = k > 1 ? &is->batch : &is->one;
        rc = prepare_insert(c, rs->table, k, st);
        if (rc == SQLITE_OK)
            rc = bind_rows(*st, id, rs, r, k);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(*st);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        if (*st) {
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st); /* no pointer into the rowset outlives it */
        }
    }
    store_err e = rc == SQLITE_OK ? SE_OK : fail(c, rc, rs->table->name, d);
    sqlite3_finalize(spare.batch);
    sqlite3_finalize(spare.one);
    return e;
}

static store_err sq_tables(store_conn *c, gfa_rows **out, gfa_diags *d)
{
    return sq_query(c,
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'",
                    NULL, NULL, 0, out, d);
}

const store_backend store_sqlite = {
    .name = "sqlite",
    .tokens = tokens,
    .one_writer = true,
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .script = sq_script,
    .query = sq_query,
    .query_ro = sq_query_ro,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .lock_key = sq_lock_key,
    .bulk = sq_bulk,
    .tables = sq_tables,
};
