/* store.c — opening a store: the backend chosen by the connection string, the pool of
 * connections that lets threads share one gfa_store, the schema check and migrations
 * (schemas/store/NNN-*.sql), the register of entities, and the messages that say what went
 * wrong without ever showing a password (issue 15). */
#include "store/store.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_WAIT 30

/* ------------------------------------------------------------- messages --- */

static bool is_pg(const char *dsn)
{
    return str_starts(dsn, "postgresql://") || str_starts(dsn, "postgres://");
}

/* postgresql://user:secret@host/db?password=x → postgresql://user:***@host/db?password=*** */
char *store_redact(const char *dsn, char **password)
{
    if (password)
        *password = NULL;
    if (!is_pg(dsn))
        return strdup(dsn);
    strbuf sb;
    sb_init(&sb);
    const char *rest = strstr(dsn, "://") + 3;
    sb_add(&sb, dsn, (size_t)(rest - dsn));
    size_t auth = strcspn(rest, "@/?");
    const char *colon = memchr(rest, ':', auth);
    if (rest[auth] == '@' && colon) {
        sb_add(&sb, rest, (size_t)(colon - rest));
        sb_adds(&sb, ":***");
        if (password && !*password)
            *password = xstrndup(colon + 1, (size_t)(rest + auth - colon - 1));
        rest += auth;
    }
    /* password=… among the query parameters */
    for (const char *p = rest; *p;) {
        const char *q = strstr(p, "password=");
        if (!q || (q > rest && q[-1] != '?' && q[-1] != '&')) {
            sb_adds(&sb, p);
            break;
        }
        q += strlen("password=");
        sb_add(&sb, p, (size_t)(q - p));
        sb_adds(&sb, "***");
        size_t n = strcspn(q, "&");
        if (password && !*password)
            *password = xstrndup(q, n);
        p = q + n;
    }
    return sb_take(&sb);
}

char *store_scrub(const gfa_store *s, const char *msg)
{
    const char *pw = s ? s->password : NULL;
    if (!msg)
        return strdup("");
    if (!pw || !*pw)
        return strdup(msg);
    strbuf sb;
    sb_init(&sb);
    for (const char *p = msg; *p;) {
        const char *q = strstr(p, pw);
        if (!q) {
            sb_adds(&sb, p);
            break;
        }
        sb_add(&sb, p, (size_t)(q - p));
        sb_adds(&sb, "***");
        p = q + strlen(pw);
    }
    return sb_take(&sb);
}

/* What each kind of failure means to the person reading the message. */
static const struct {
    const char *id, *says;
} failures[] = {
    [SE_OK] = {"GFA-STORE-010", ""},
    [SE_FAILED] = {"GFA-STORE-010", "the database refused a statement"},
    [SE_BUSY] = {"GFA-STORE-006", "the store is locked by another process (waited for it: "
                                  "--wait SECONDS waits longer)"},
    [SE_READONLY] = {"GFA-STORE-007", "the store cannot be written (a read-only file or "
                                      "folder, or a read-only database)"},
    [SE_CORRUPT] = {"GFA-STORE-008", "the file is not a SQLite database, or it is damaged"},
    [SE_CONNECT] = {"GFA-STORE-001", "cannot open the store (the file cannot be opened, or "
                                     "the database server cannot be reached)"},
    [SE_LOGIN] = {"GFA-STORE-002", "the database server refused the login"},
    [SE_NOMEM] = {"GFA-STORE-009", "out of memory"},
};

store_err store_fail(const gfa_store *s, gfa_diags *d, store_err e, const char *what,
                     const char *dbmsg)
{
    char *clean = store_scrub(s, dbmsg);
    /* one line: libpq's messages run over several, with tabs */
    size_t n = 0;
    for (char *p = clean; p && *p; p++)
        if (!((*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') &&
              (n == 0 || clean[n - 1] == ' ')))
            clean[n++] = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p;
    while (n && clean[n - 1] == ' ')
        n--;
    if (clean)
        clean[n] = '\0';
    diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, failures[e].id, s ? s->display : "", 0, 0,
             "%s%s%s%s%s", failures[e].says, what && *what ? " while " : "", what ? what : "",
             n ? ": " : "", n ? clean : "");
    free(clean);
    return e;
}

gfa_status store_status(store_err e)
{
    return e == SE_OK ? GFA_OK : e == SE_NOMEM ? GFA_ERR_NOMEM : GFA_ERR_IO;
}

/* --------------------------------------------------------------- the pool --- */

store_conn *store_take(gfa_store *s, gfa_diags *d)
{
    store_conn *c = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->nidle)
        c = s->idle[--s->nidle];
    pthread_mutex_unlock(&s->lock);
    if (!c && s->be->connect(s, &c, d) != SE_OK)
        return NULL;
    return c;
}

void store_give(gfa_store *s, store_conn *c, bool broken)
{
    if (!c)
        return;
    pthread_mutex_lock(&s->lock);
    bool kept = false;
    if (!broken && s->nidle == s->cap_idle) {
        size_t cap = s->cap_idle ? s->cap_idle * 2 : 4;
        store_conn **idle = realloc(s->idle, cap * sizeof *idle);
        if (idle) {
            s->idle = idle;
            s->cap_idle = cap;
        }
    }
    if (!broken && s->nidle < s->cap_idle) {
        s->idle[s->nidle++] = c;
        kept = true;
    }
    pthread_mutex_unlock(&s->lock);
    if (!kept)
        s->be->disconnect(c);
}

store_err store_exec(gfa_store *s, store_conn *c, const char *sql, const char *const *params,
                     size_t n, gfa_rows **out, gfa_diags *d)
{
    (void)s;
    return s->be->query(c, sql, params, NULL, n, out, d);
}

/* ---------------------------------------------------------- data files --- */

char *store_data_file(const gfa_store *s, const char *name, bool optional, gfa_diags *d)
{
    char *path = NULL;
    if (asprintf(&path, "%s/schemas/store/%s", gfa_context_datadir(s->ctx), name) < 0)
        return NULL;
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (f) {
        strbuf sb;
        sb_init(&sb);
        char buf[8192];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0)
            sb_add(&sb, buf, got);
        bool bad = ferror(f) || sb.failed;
        fclose(f);
        data = sb_take(&sb);
        if (bad) {
            free(data);
            data = NULL;
        }
    }
    if (!data && !optional)
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-STORE-011", path, 0, 0,
                 "cannot read gfa's store schema file");
    free(path);
    return data;
}

/* The DDL of a migration with the backend's @TOKENS@ replaced. */
static char *with_tokens(const store_backend *be, const char *sql)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = sql; *p;) {
        bool hit = false;
        for (size_t i = 0; *p == '@' && be->tokens[i]; i += 2) {
            size_t n = strlen(be->tokens[i]);
            if (!strncmp(p, be->tokens[i], n)) {
                sb_adds(&sb, be->tokens[i + 1]);
                p += n;
                hit = true;
                break;
            }
        }
        if (!hit)
            sb_addc(&sb, *p++);
    }
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

/* The migrations of the data directory: "001-init.sql" … (without the backend-only
 * companions "001-init.postgresql.sql"), sorted; *n of them. */
static char **migration_files(const gfa_store *s, size_t *n, gfa_diags *d)
{
    *n = 0;
    char *dir = NULL;
    if (asprintf(&dir, "%s/schemas/store", gfa_context_datadir(s->ctx)) < 0)
        return NULL;
    DIR *dh = opendir(dir);
    char **names = NULL;
    for (struct dirent *e; dh && (e = readdir(dh));) {
        const char *nm = e->d_name;
        int v = atoi(nm);
        size_t len = strlen(nm);
        if (v <= 0 || len < 8 || strcmp(nm + len - 4, ".sql") || strchr(nm, '.') != nm + len - 4)
            continue;
        char **more = realloc(names, (*n + 2) * sizeof *more);
        if (!more || !(more[*n] = strdup(nm))) {
            names = more ? more : names;
            break;
        }
        names = more;
        (*n)++;
    }
    if (dh)
        closedir(dh);
    if (!dh)
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-STORE-011", dir, 0, 0,
                 "cannot open gfa's store schema folder");
    free(dir);
    for (size_t i = 1; i < *n; i++) /* a handful of names: insertion sort */
        for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            char *t = names[k];
            names[k] = names[k - 1];
            names[k - 1] = t;
        }
    return names;
}

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* ---------------------------------------------------------- the schema --- */

/* The schema version of an open database: 0 when it has no tables at all, -1 when it has
 * tables but is not a gfa store. */
static store_err read_version(gfa_store *s, store_conn *c, int *version, gfa_diags *d)
{
    gfa_rows *t = NULL;
    store_err e = s->be->tables(c, &t, d);
    if (e != SE_OK)
        return e;
    bool meta = false;
    for (size_t i = 0; i < t->nrows; i++)
        meta |= rows_get(t, i, 0) && !strcmp(rows_get(t, i, 0), "gfa_meta");
    *version = t->nrows == 0 ? 0 : -1;
    gfa_rows_free(t);
    if (!meta)
        return SE_OK;
    gfa_rows *m = NULL;
    e = store_exec(s, c, "SELECT key, value FROM gfa_meta", NULL, 0, &m, d);
    if (e != SE_OK)
        return e;
    bool ours = false;
    int v = -1;
    for (size_t i = 0; i < m->nrows; i++) {
        const char *k = rows_get(m, i, 0), *val = rows_get(m, i, 1);
        if (k && val && !strcmp(k, "store"))
            ours = !strcmp(val, "gfa");
        if (k && val && !strcmp(k, "schema_version"))
            v = atoi(val);
    }
    gfa_rows_free(m);
    *version = ours && v > 0 ? v : -1;
    return SE_OK;
}

char *store_now(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return strdup(buf);
}

/* Applies one migration file (and its backend-only companion) and records it. */
static store_err apply_migration(gfa_store *s, store_conn *c, const char *file, int version,
                                 gfa_diags *d)
{
    char *sql = store_data_file(s, file, false, d);
    char *ddl = sql ? with_tokens(s->be, sql) : NULL;
    free(sql);
    if (!ddl)
        return SE_NOMEM;
    store_err e = s->be->script(c, ddl, d);
    free(ddl);
    char *extra_name = NULL;
    if (e == SE_OK &&
        asprintf(&extra_name, "%.*s.%s.sql", (int)(strlen(file) - 4), file, s->be->name) < 0)
        return SE_NOMEM;
    char *extra = e == SE_OK ? store_data_file(s, extra_name, true, d) : NULL;
    if (extra)
        e = s->be->script(c, extra, d);
    free(extra);
    free(extra_name);
    char vbuf[16], *when = store_now();
    if (!when)
        return SE_NOMEM;
    snprintf(vbuf, sizeof vbuf, "%d", version);
    const char *rec[] = {vbuf, file, when, gfa_version()};
    if (e == SE_OK)
        e = store_exec(s, c,
                       "INSERT INTO gfa_migrations (version, name, applied_at, gfa_version) "
                       "VALUES ($1, $2, $3, $4)",
                       rec, 4, NULL, d);
    const char *meta[] = {"schema_version", vbuf};
    if (e == SE_OK)
        e = store_exec(s, c,
                       "INSERT INTO gfa_meta (key, value) VALUES ($1, $2) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       meta, 2, NULL, d);
    const char *mark[] = {"store", "gfa"};
    if (e == SE_OK && version == 1)
        e = store_exec(s, c, "INSERT INTO gfa_meta (key, value) VALUES ($1, $2)", mark, 2,
                       NULL, d);
    free(when);
    return e;
}

/* Brings the schema from its version up to the highest migration of the data directory,
 * in one transaction, under a lock so that four shards starting at once migrate once. */
static store_err migrate(gfa_store *s, store_conn *c, gfa_diags *d)
{
    size_t n = 0;
    char **files = migration_files(s, &n, d);
    int top = n ? atoi(files[n - 1]) : 0;
    if (s->be->one_writer)
        pthread_mutex_lock(&s->write_lock);
    store_err e = s->be->begin(c, TXN_WRITE, d);
    if (e == SE_OK)
        e = s->be->lock_key(c, "gfa-schema", d);
    int v = 0;
    if (e == SE_OK)
        e = read_version(s, c, &v, d); /* again: another process may have done it */
    for (size_t i = 0; e == SE_OK && v >= 0 && i < n; i++) {
        int fv = atoi(files[i]);
        if (fv > v)
            e = apply_migration(s, c, files[i], fv, d);
    }
    if (e == SE_OK)
        e = s->be->commit(c, d);
    else
        s->be->rollback(c);
    if (s->be->one_writer)
        pthread_mutex_unlock(&s->write_lock);
    if (e == SE_OK)
        s->version = v < 0 ? v : top;
    free_strs(files, n);
    return e;
}

static gfa_status not_a_store(const gfa_store *s, gfa_diags *d)
{
    diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-003", s->display, 0, 0,
             "not a gfa store: the database has tables of its own and no gfa_meta; give an "
             "empty database or a store gfa created");
    return GFA_ERR_INPUT;
}

/* The database is a gfa store this gfa can use: created or migrated when allowed. */
static gfa_status check_schema(gfa_store *s, store_conn *c, gfa_diags *d)
{
    size_t n = 0;
    char **files = migration_files(s, &n, d);
    int top = n ? atoi(files[n - 1]) : 0;
    free_strs(files, n);
    if (top < STORE_SCHEMA_VERSION) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-STORE-011", gfa_context_datadir(s->ctx),
                 0, 0, "gfa's store schema files stop at version %d; this gfa needs %d", top,
                 STORE_SCHEMA_VERSION);
        return GFA_ERR_DATA;
    }
    store_err e = read_version(s, c, &s->version, d);
    if (e != SE_OK)
        return store_status(e);
    bool ro = s->flags & GFA_STORE_READ_ONLY;
    if (s->version < 0)
        return not_a_store(s, d);
    if (s->version > top) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-004", s->display, 0, 0,
                 "the store has schema version %d, written by a newer gfa; this gfa (%s) "
                 "knows versions up to %d: use a newer gfa",
                 s->version, gfa_version(), top);
        return GFA_ERR_INPUT;
    }
    if (s->version == 0 && ro) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-005", s->display, 0, 0,
                 "the database is empty: load reports first (gfa load --db DB --init)");
        return GFA_ERR_INPUT;
    }
    if (s->version > 0 && s->version < top && !(s->flags & GFA_STORE_INIT)) {
        diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-005", s->display, 0, 0,
                 "the store has schema version %d; this gfa writes version %d: migrate it "
                 "once with gfa load --db DB --init",
                 s->version, top);
        return GFA_ERR_INPUT;
    }
    if (s->version == top)
        return GFA_OK;
    if (ro) /* an older schema read as it is: queries on what it has */
        return GFA_OK;
    e = migrate(s, c, d);
    if (e == SE_OK && s->version < 0)
        return not_a_store(s, d);
    return store_status(e);
}

/* ---------------------------------------------------------- open, free --- */

gfa_store *gfa_store_open(const gfa_context *ctx, const char *db, unsigned flags,
                          int wait_seconds, gfa_diags *diags)
{
    if (!ctx || !db || !*db) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-012", "", 0, 0,
                 "no database given: a SQLite file or postgresql://…");
        return NULL;
    }
    gfa_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->ctx = ctx;
    s->be = is_pg(db) ? &store_pg : &store_sqlite;
    s->flags = flags;
    s->wait_seconds = wait_seconds > 0 ? wait_seconds : DEFAULT_WAIT;
    s->dsn = strdup(db);
    s->display = store_redact(db, &s->password);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->write_lock, NULL);
    if (!s->dsn || !s->display) {
        gfa_store_free(s);
        return NULL;
    }
    if (store_queries_load(s, diags) != GFA_OK) {
        gfa_store_free(s);
        return NULL;
    }
    store_conn *c = store_take(s, diags);
    gfa_status st = c ? check_schema(s, c, diags) : GFA_ERR_IO;
    store_give(s, c, st != GFA_OK);
    if (st != GFA_OK) {
        gfa_store_free(s);
        return NULL;
    }
    return s;
}

void gfa_store_free(gfa_store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nidle; i++)
        s->be->disconnect(s->idle[i]);
    free(s->idle);
    store_queries_free(s);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->write_lock);
    if (s->password) /* the password does not linger in freed memory */
        memset(s->password, 0, strlen(s->password));
    if (s->dsn)
        memset(s->dsn, 0, strlen(s->dsn));
    free(s->password);
    free(s->dsn);
    free(s->display);
    free(s);
}

const char *gfa_store_name(const gfa_store *s)
{
    return s->display;
}

const char *gfa_store_backend(const gfa_store *s)
{
    return s->be->name;
}

int gfa_store_schema_version(const gfa_store *s)
{
    return s->version;
}

/* --------------------------------------------------- the entity register --- */

/* One register line "CODE<TAB>NAME<TAB>PARENT"; false when it is not one. */
static bool register_line(char *line, const char *fields[3])
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    fields[0] = fields[1] = fields[2] = NULL;
    int k = 0;
    for (char *f, *rest = line; k < 3 && (f = strsep(&rest, "\t"));) { /* empty fields count */
        while (*f == ' ')
            f++;
        size_t n = strlen(f);
        while (n && f[n - 1] == ' ')
            f[--n] = '\0';
        fields[k++] = *f ? f : NULL;
    }
    return (!fields[0] && !fields[1] && !fields[2]) || (fields[0] && fields[1]);
}

gfa_status gfa_store_load_entities(gfa_store *s, const char *path, size_t *count,
                                   gfa_diags *diags)
{
    if (count)
        *count = 0;
    if (s->flags & GFA_STORE_READ_ONLY)
        return GFA_ERR_USAGE;
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-STORE-040", path, 0, 0,
                 "cannot open the register of entities");
        return GFA_ERR_IO;
    }
    store_conn *c = store_take(s, diags);
    if (!c) {
        fclose(f);
        return GFA_ERR_IO;
    }
    if (s->be->one_writer)
        pthread_mutex_lock(&s->write_lock);
    store_err e = s->be->begin(c, TXN_WRITE, diags);
    char *line = NULL;
    size_t cap = 0, n = 0;
    long no = 0;
    bool bad = false;
    while (e == SE_OK && getline(&line, &cap, f) != -1) {
        no++;
        const char *fields[3];
        if (!register_line(line, fields)) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-041", path, no, 1,
                     "expected CODE<TAB>NAME<TAB>PARENT_CODE (PARENT_CODE empty for a "
                     "department)");
            bad = true;
            break;
        }
        if (!fields[0])
            continue;
        const char *p[] = {fields[0], fields[1], fields[2]};
        e = store_exec(s, c,
                       "INSERT INTO entities (entity_code, name, parent_code, from_register) "
                       "VALUES ($1, $2, $3, '1') ON CONFLICT (entity_code) DO UPDATE SET "
                       "name = excluded.name, parent_code = excluded.parent_code, "
                       "from_register = excluded.from_register",
                       p, 3, NULL, diags);
        n += e == SE_OK;
    }
    free(line);
    fclose(f);
    if (e == SE_OK && !bad)
        e = s->be->commit(c, diags);
    else
        s->be->rollback(c);
    if (s->be->one_writer)
        pthread_mutex_unlock(&s->write_lock);
    store_give(s, c, e != SE_OK);
    if (count && e == SE_OK && !bad)
        *count = n;
    return bad ? GFA_ERR_INPUT : store_status(e);
}
