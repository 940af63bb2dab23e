/* store.h — the store layer (issue 15): reports in SQL, SQLite by default and PostgreSQL
 * when shared. One backend file per database (store_sqlite.c, store_pg.c) behind the table
 * of primitives below; everything else is common: opening and migrating (store.c), the
 * loader that walks an instance into rows (store_load.c), ready queries (store_query.c) and
 * the checks across reports (store_check.c). Above validate and write, below the pipeline.
 * Not installed.
 *
 * SQL is only ever run with bound parameters; the schema, its migrations and the ready
 * queries are data (schemas/store/). A connection string's password is kept in one place
 * (gfa_store.dsn) and never appears in a message. */
#ifndef GFA_STORE_H
#define GFA_STORE_H

#include "validate/validate.h"

#include <pthread.h>

/* The schema version this gfa writes: the migrations of schemas/store/ up to it must be
 * there; a store of a higher version was written by a newer gfa and is refused. */
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

/* Rows to insert into one table, fields as text (NULL is SQL NULL), in the table's column
 * order; the backend puts report_id first. */
typedef struct store_table {
    const char *name;
    const char *const *cols;
    size_t ncols;
} store_table;

typedef struct rowset {
    const store_table *table;
    strbuf text;   /* the fields, each NUL-terminated */
    size_t *offs;  /* per field: its offset in text, or SIZE_MAX for NULL */
    size_t nfields, cap;
    bool failed;   /* out of memory */
} rowset;

void rowset_init(rowset *rs, const store_table *t);
void rowset_free(rowset *rs);
void rowset_add(rowset *rs, const char *v);    /* one field; NULL for SQL NULL */
void rowset_addl(rowset *rs, long v);
void rowset_addb(rowset *rs, bool v);          /* booleans as "1"/"0" (both databases) */
size_t rowset_rows(const rowset *rs);
/* Field k of row r (NULL for SQL NULL). */
const char *rowset_field(const rowset *rs, size_t r, size_t k);

/* Why a primitive failed, so that messages and exit statuses can say it plainly. */
typedef enum store_err {
    SE_OK = 0,
    SE_FAILED,    /* the statement failed (named in the diagnostic) */
    SE_BUSY,      /* locked by another process longer than the wait */
    SE_READONLY,  /* the database or its folder cannot be written */
    SE_CORRUPT,   /* not a database, or a damaged one */
    SE_CONNECT,   /* the server cannot be reached */
    SE_LOGIN,     /* the server refused the login */
} store_err;

/* The primitives of one database. A connection belongs to one thread at a time. */
typedef struct store_backend {
    const char *name;          /* "sqlite", "postgresql" */
    const char *const *tokens; /* DDL tokens and their text: "@ID@", "INTEGER …", …, NULL */
    bool one_writer;           /* writers of one process take turns (SQLite) */
    store_err (*connect)(const gfa_store *s, bool read_only, store_conn **out, gfa_diags *d);
    void (*disconnect)(store_conn *c);
    /* A script of statements without parameters (DDL from schemas/store). */
    store_err (*script)(store_conn *c, const char *sql, gfa_diags *d);
    /* One statement; params are text, bound (placeholders $1, $2 …; SQLite also :name
     * for the ready queries, bound by names[]). out may be NULL. */
    store_err (*query)(store_conn *c, const char *sql, const char *const *params,
                       const char *const *names, size_t nparams, gfa_rows **out,
                       gfa_diags *d);
    /* Transactions. write: take the write lock now (SQLite BEGIN IMMEDIATE). */
    store_err (*begin)(store_conn *c, bool write, gfa_diags *d);
    store_err (*commit)(store_conn *c, gfa_diags *d);
    void (*rollback)(store_conn *c);
    /* Serialises writers of the same key (a report's identity) across processes; a no-op
     * where the write lock is the whole database. */
    store_err (*lock_key)(store_conn *c, const char *key, gfa_diags *d);
    /* Inserts every row of rs with report_id first (multi-row prepared INSERT, or COPY). */
    store_err (*bulk)(store_conn *c, const char *report_id, const rowset *rs, gfa_diags *d);
    /* A read-only statement (gfa query --sql): refused otherwise. */
    bool (*read_only_sql)(store_conn *c, const char *sql, gfa_diags *d);
    /* The names of the tables of the current schema, to tell an empty database from one
     * that is not a gfa store. */
    store_err (*tables)(store_conn *c, gfa_rows **out, gfa_diags *d);
} store_backend;

extern const store_backend store_sqlite;
extern const store_backend store_pg;

/* A ready query of schemas/store/queries.sql. */
typedef struct store_query_def {
    char *name, *about, *sql;
    char **params, **defaults; /* defaults[i] NULL: none */
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
    int version;    /* schema version of the database */
    pthread_mutex_t lock;      /* guards idle */
    pthread_mutex_t write_lock; /* one_writer backends: one transaction at a time */
    store_conn **idle;
    size_t nidle, cap_idle;
    store_query_def *queries;
    size_t nqueries;
};

/* ---- store.c ---- */
/* A connection of the pool (opened when none is idle) and its return. */
store_conn *store_take(gfa_store *s, gfa_diags *d);
void store_give(gfa_store *s, store_conn *c);
/* The password-free form of a connection string: "postgresql://user:***@host/db". */
char *store_redact(const char *dsn, char **password);
/* Replaces the password in a message of the database by "***" (in place, malloc'd copy). */
char *store_scrub(const gfa_store *s, const char *msg);
/* A diagnostic of the store: file = the database as displayed. */
void store_diag(const gfa_store *s, gfa_diags *d, gfa_severity sev, const char *id,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The status a store_err maps to: I/O for the database's troubles. */
gfa_status store_status(store_err e);
/* Reads a file of the data directory (schemas/store/NAME), malloc'd; NULL with a diag. */
char *store_data_file(const gfa_store *s, const char *name, bool optional, gfa_diags *d);

/* ---- gfa_rows (store_query.c) ---- */
gfa_rows *rows_new(size_t ncols);
bool rows_set_name(gfa_rows *r, size_t col, const char *name);
/* Appends a row of ncols values (copied; NULL for SQL NULL). */
bool rows_add(gfa_rows *r, const char *const *values);
const char *rows_get(const gfa_rows *r, size_t row, size_t col);

/* ---- store_query.c ---- */
gfa_status store_queries_load(gfa_store *s, gfa_diags *d);
void store_queries_free(gfa_store *s);

/* ---- store_load.c ---- */
/* Walks an instance into the rows of every table (the report's own row first). */
typedef struct store_load store_load;

/* ---- the cells of stored reports (store_check.c, store_cells.c) ---- */
typedef struct stored_cell {
    char *table, *row, *col;
    cell_kind kind;
    gfa_dec value;   /* CELL_NUMBER; CELL_BLANK: 0 at the report's decimals */
    bool count;      /* a count (辆): exact, not rounded */
    long line, pos;
    char *row_name, *col_label, *table_number;
} stored_cell;

#endif
