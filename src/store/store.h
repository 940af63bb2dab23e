/* store.h — the store layer (issue 15): reports in SQL, SQLite by default and PostgreSQL
 * when shared. One backend file per database (store_sqlite.c, store_pg.c) behind the table
 * of primitives below; everything else is common: opening, the pool and migrations
 * (store.c), the loader that walks an instance into rows (store_load.c), ready queries and
 * results (store_query.c), the checks across reports (store_check.c). Above validate and
 * write, below the pipeline. Not installed.
 *
 * SQL is only ever run with bound parameters; the schema, its migrations and the ready
 * queries are data (schemas/store/). A connection string's password is kept in one place
 * (gfa_store.dsn) and never appears in a message: the database's own messages are
 * scrubbed (store_scrub) before they become diagnostics. */
#ifndef GFA_STORE_H
#define GFA_STORE_H

#include "validate/validate.h"

#include <pthread.h>

/* The schema version this gfa writes: the migrations of schemas/store/ up to it must be
 * there; a store of a higher version than the data files know was written by a newer gfa
 * and is refused. */
#define STORE_SCHEMA_VERSION 1
/* value_scaled = value × 10^STORE_SCALE (exact, or NULL). */
#define STORE_SCALE 6

typedef struct store_conn store_conn;

/* A result: column names and text values (NULL for SQL NULL). This is gfa_rows. */
struct gfa_rows {
    char **names;
    size_t ncols;
    char **cells; /* nrows × ncols */
    size_t nrows, cap;
};

/* A table the loader fills: its name and columns (without report_id, which the backend
 * puts first). Names are gfa's own, never user input. */
typedef struct store_table {
    const char *name;
    const char *const *cols;
    size_t ncols;
} store_table;

/* Rows to insert into one table, fields as text in the table's column order. */
typedef struct rowset {
    const store_table *table;
    strbuf text;  /* the fields, each NUL-terminated */
    size_t *offs; /* per field: its offset in text, or SIZE_MAX for NULL */
    size_t nfields, cap;
    bool failed;  /* out of memory */
} rowset;

void rowset_init(rowset *rs, const store_table *t);
void rowset_free(rowset *rs);
void rowset_add(rowset *rs, const char *v); /* one field; NULL for SQL NULL */
void rowset_addl(rowset *rs, long v);
void rowset_addb(rowset *rs, bool v);       /* booleans as "1"/"0": both databases read them */
size_t rowset_rows(const rowset *rs);
/* Field k of row r (NULL for SQL NULL). */
const char *rowset_field(const rowset *rs, size_t r, size_t k);

/* Why a primitive failed, so that messages and exit statuses can say it plainly. */
typedef enum store_err {
    SE_OK = 0,
    SE_FAILED,   /* the statement failed */
    SE_BUSY,     /* locked by another process for longer than the wait */
    SE_READONLY, /* the database, or its folder, cannot be written */
    SE_CORRUPT,  /* not a database, or a damaged one */
    SE_CONNECT,  /* the file cannot be opened, the server cannot be reached */
    SE_LOGIN,    /* the server refused the login */
    SE_NOMEM,
} store_err;

typedef enum store_txn { TXN_READ, TXN_WRITE } store_txn;

/* The primitives of one database. A connection belongs to one thread at a time. Each
 * failing primitive describes the failure with store_fail. */
typedef struct store_backend {
    const char *name;          /* "sqlite", "postgresql" */
    const char *const *tokens; /* DDL tokens and their text: "@ID@", "INTEGER …", …, NULL */
    bool one_writer;           /* writers of one process take turns (SQLite) */
    store_err (*connect)(gfa_store *s, store_conn **out, gfa_diags *d);
    void (*disconnect)(store_conn *c);
    /* A script of statements without parameters (the DDL of schemas/store). */
    store_err (*script)(store_conn *c, const char *sql, gfa_diags *d);
    /* One statement with text parameters, always bound: $1, $2 … by position, or the
     * :name placeholders of the ready queries by names (then names[i] is params[i]'s
     * name). out may be NULL. */
    store_err (*query)(store_conn *c, const char *sql, const char *const *params,
                       const char *const *names, size_t nparams, gfa_rows **out,
                       gfa_diags *d);
    /* One statement that must not write anything (gfa query --sql): refused otherwise. */
    store_err (*query_ro)(store_conn *c, const char *sql, gfa_rows **out, gfa_diags *d);
    /* Transactions; TXN_WRITE takes the write lock at once (SQLite BEGIN IMMEDIATE). */
    store_err (*begin)(store_conn *c, store_txn how, gfa_diags *d);
    store_err (*commit)(store_conn *c, gfa_diags *d);
    void (*rollback)(store_conn *c);
    /* Serialises the transactions that write the same key (a report's identity) across
     * processes; a no-op where a writer locks the whole database. */
    store_err (*lock_key)(store_conn *c, const char *key, gfa_diags *d);
    /* Inserts every row of rs, report_id first (prepared INSERT, or COPY). */
    store_err (*bulk)(store_conn *c, const char *report_id, const rowset *rs, gfa_diags *d);
    /* The tables and views of the current schema, to tell an empty database from one that
     * is not a gfa store. */
    store_err (*tables)(store_conn *c, gfa_rows **out, gfa_diags *d);
} store_backend;

extern const store_backend store_sqlite;
extern const store_backend store_pg;

/* A ready query of schemas/store/queries.sql. */
typedef struct store_query_def {
    char *name, *about, *sql, *sql_pg; /* sql_pg: :name placeholders as $1 … */
    char *params_text;                 /* "year kind=unit" */
    char **params, **defaults;         /* defaults[i] NULL: none */
    size_t nparams;
} store_query_def;

struct gfa_store {
    const gfa_context *ctx;
    const store_backend *be;
    char *dsn;      /* as given: may hold a password; never put in a message */
    char *display;  /* the same without its password, for messages */
    char *password; /* to scrub from the database's own messages, or NULL */
    unsigned flags;
    int wait_seconds;
    int version;    /* the schema version of the database */
    pthread_mutex_t lock;       /* guards idle */
    pthread_mutex_t write_lock; /* one_writer backends: one write transaction at a time */
    store_conn **idle;
    size_t nidle, cap_idle;
    store_query_def *queries;
    size_t nqueries;
};

/* ---- store.c ---- */
/* A connection of the pool (a new one when none is idle); NULL after saying why. */
store_conn *store_take(gfa_store *s, gfa_diags *d);
/* Gives a connection back; broken: close it instead. */
void store_give(gfa_store *s, store_conn *c, bool broken);
/* The password-free form of a connection string ("postgresql://user:***@host/db"),
 * malloc'd; *password (may be NULL) receives the password, or NULL when there is none. */
char *store_redact(const char *dsn, char **password);
/* A message of the database with the password replaced by "***" (malloc'd). */
char *store_scrub(const gfa_store *s, const char *msg);
/* Says why a primitive failed: an id and a plain sentence for the kind of failure, then
 * the database's own message (scrubbed), what = what gfa was doing. Returns e. */
store_err store_fail(const gfa_store *s, gfa_diags *d, store_err e, const char *what,
                     const char *dbmsg);
/* The status a failure maps to: GFA_ERR_IO for the database's troubles. */
gfa_status store_status(store_err e);
/* schemas/store/NAME of the data directory, malloc'd; NULL (with a diagnostic unless
 * optional) when it cannot be read. */
char *store_data_file(const gfa_store *s, const char *name, bool optional, gfa_diags *d);
/* The time now as ISO 8601 UTC ("2025-03-01T08:00:00Z"), malloc'd. */
char *store_now(void);
/* A statement of the store's own (parameters $1 …). */
store_err store_exec(gfa_store *s, store_conn *c, const char *sql, const char *const *params,
                     size_t n, gfa_rows **out, gfa_diags *d);

/* ---- store_load.c ---- */
/* The findings table, written by the loader (origin validate) and by the checks. */
extern const store_table store_findings_table;

/* ---- store_query.c: results and ready queries ---- */
gfa_rows *rows_new(size_t ncols);
bool rows_set_name(gfa_rows *r, size_t col, const char *name);
/* Appends a row of ncols values (copied; NULL for SQL NULL); false on no memory. */
bool rows_add(gfa_rows *r, const char *const *values);
const char *rows_get(const gfa_rows *r, size_t row, size_t col);
gfa_status store_queries_load(gfa_store *s, gfa_diags *d);
void store_queries_free(gfa_store *s);

/* ---- store_cells.c: the cells of stored reports, for the checks across reports ---- */
typedef struct stored_report {
    char *id, *entity_code, *entity_name, *kind, *source;
    int year;
    int scale;    /* money unit 10^scale 元 */
    int decimals; /* declared precision: a blank counts as 0 at it */
} stored_report;

typedef struct stored_cell {
    const char *table, *row, *col; /* into the owning list's strings */
    const char *number;            /* the table's printed number (公开03), or its id */
    const char *row_name, *col_label;
    cell_kind kind;
    gfa_dec value;                 /* CELL_NUMBER; CELL_BLANK: 0 at the report's decimals */
    bool count;                    /* a count (辆): exact, not rounded */
    long line, pos;
} stored_cell;

typedef struct stored_cells {
    gfa_rows *rows;  /* owns the strings */
    stored_cell *items;
    size_t count;
    strmap *index;   /* "table/row/col" → item */
    strmap *tables;  /* the table ids the report has */
} stored_cells;

store_err stored_reports(gfa_store *s, store_conn *c, const char *where_sql,
                         const char *const *params, size_t n, stored_report **out,
                         size_t *count, gfa_diags *d);
void stored_reports_free(stored_report *r, size_t n);
store_err stored_cells_load(gfa_store *s, store_conn *c, const stored_report *r,
                            stored_cells *out, gfa_diags *d);
void stored_cells_free(stored_cells *sc);
const stored_cell *stored_cell_get(const stored_cells *sc, const char *table, const char *row,
                                   const char *col);
/* The first table of a set the report has ("gk01|sh01"). */
const char *stored_pick_table(const stored_cells *sc, const tableset *ts);
/* A cell's rounding interval in the money unit 10^to_scale 元 (a count stays exact). */
bool stored_ival(const stored_cell *x, const stored_report *r, int to_scale, gfa_ival *out);

#endif
