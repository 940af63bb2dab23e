/* store_query.c — results (gfa_rows) and the ready queries of schemas/store/queries.sql:
 * named, documented, with named parameters that are always bound (never pasted into the
 * SQL), the same text for SQLite and PostgreSQL (":name" becomes "$k" for libpq). gfa
 * query --sql runs one statement that must not write (each backend enforces it). */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- rows --- */

gfa_rows *rows_new(size_t ncols)
{
    gfa_rows *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ncols = ncols;
    r->names = calloc(ncols + 1, sizeof *r->names);
    if (!r->names) {
        free(r);
        return NULL;
    }
    return r;
}

bool rows_set_name(gfa_rows *r, size_t col, const char *name)
{
    free(r->names[col]);
    r->names[col] = strdup(name ? name : "");
    return r->names[col] != NULL;
}

bool rows_add(gfa_rows *r, const char *const *values)
{
    if ((r->nrows + 1) * r->ncols > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64 * (r->ncols ? r->ncols : 1);
        while (cap < (r->nrows + 1) * r->ncols)
            cap *= 2;
        char **cells = realloc(r->cells, cap * sizeof *cells);
        if (!cells)
            return false;
        r->cells = cells;
        r->cap = cap;
    }
    char **row = r->cells + r->nrows * r->ncols;
    for (size_t k = 0; k < r->ncols; k++) {
        row[k] = values[k] ? strdup(values[k]) : NULL;
        if (values[k] && !row[k]) {
            while (k-- > 0)
                free(row[k]);
            return false;
        }
    }
    r->nrows++;
    return true;
}

const char *rows_get(const gfa_rows *r, size_t row, size_t col)
{
    return row < r->nrows && col < r->ncols ? r->cells[row * r->ncols + col] : NULL;
}

size_t gfa_rows_columns(const gfa_rows *r)
{
    return r->ncols;
}

const char *gfa_rows_name(const gfa_rows *r, size_t col)
{
    return col < r->ncols ? r->names[col] : NULL;
}

size_t gfa_rows_count(const gfa_rows *r)
{
    return r->nrows;
}

const char *gfa_rows_value(const gfa_rows *r, size_t row, size_t col)
{
    return rows_get(r, row, col);
}

void gfa_rows_free(gfa_rows *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    free(r->cells);
    for (size_t k = 0; k < r->ncols; k++)
        free(r->names[k]);
    free(r->names);
    free(r);
}

/* ------------------------------------------------------- ready queries --- */

static void query_free(store_query_def *q)
{
    free(q->name);
    free(q->about);
    free(q->sql);
    free(q->sql_pg);
    free(q->params_text);
    for (size_t i = 0; i < q->nparams; i++) {
        free(q->params[i]);
        free(q->defaults[i]);
    }
    free(q->params);
    free(q->defaults);
}

void store_queries_free(gfa_store *s)
{
    for (size_t i = 0; i < s->nqueries; i++)
        query_free(&s->queries[i]);
    free(s->queries);
    s->queries = NULL;
    s->nqueries = 0;
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static int param_index(const store_query_def *q, const char *name, size_t len)
{
    for (size_t i = 0; i < q->nparams; i++)
        if (strlen(q->params[i]) == len && !strncmp(q->params[i], name, len))
            return (int)i;
    return -1;
}

/* The SQL with :name as $k for libpq (outside quotes; "::" is a cast). NULL names an
 * undeclared parameter in *bad. */
static char *to_positional(const store_query_def *q, char *bad, size_t cap)
{
    strbuf sb;
    sb_init(&sb);
    char quote = 0;
    for (const char *p = q->sql; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == ':' && p[1] == ':') {
            sb_addc(&sb, *p++);
        } else if (*p == ':' && is_name_char(p[1])) {
            size_t n = 1;
            while (is_name_char(p[n]))
                n++;
            int k = param_index(q, p + 1, n - 1);
            if (k < 0) {
                snprintf(bad, cap, "%.*s", (int)(n - 1 < 60 ? n - 1 : 60), p + 1);
                sb_free(&sb);
                return NULL;
            }
            sb_addf(&sb, "$%d", k + 1);
            p += n - 1;
            continue;
        }
        sb_addc(&sb, *p);
    }
    return sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
}

static bool push_param(store_query_def *q, const char *spec)
{
    char **p = realloc(q->params, (q->nparams + 1) * sizeof *p);
    if (p)
        q->params = p;
    char **d = realloc(q->defaults, (q->nparams + 1) * sizeof *d);
    if (d)
        q->defaults = d;
    if (!p || !d)
        return false;
    size_t n = strcspn(spec, " \t");
    const char *def = spec + n + strspn(spec + n, " \t");
    q->params[q->nparams] = xstrndup(spec, n);
    q->defaults[q->nparams] = *def ? strdup(def) : NULL;
    if (!q->params[q->nparams] || (*def && !q->defaults[q->nparams])) {
        free(q->params[q->nparams]);
        free(q->defaults[q->nparams]);
        return false;
    }
    q->nparams++;
    return true;
}

/* One "-- query:" block: header lines, then the SQL (trailing ';' removed). */
static bool parse_block(store_query_def *q, const char *block, size_t len)
{
    strbuf sql, ptext;
    sb_init(&sql);
    sb_init(&ptext);
    bool ok = true;
    for (const char *l = block; ok && l < block + len;) {
        const char *nl = memchr(l, '\n', (size_t)(block + len - l));
        size_t n = nl ? (size_t)(nl - l) : (size_t)(block + len - l);
        char *line = xstrndup(l, n);
        ok = line != NULL;
        if (ok && str_starts(line, "-- query: ")) {
            ok = (q->name = strdup(line + 10)) != NULL;
        } else if (ok && str_starts(line, "-- about: ")) {
            ok = (q->about = strdup(line + 10)) != NULL;
        } else if (ok && str_starts(line, "-- param: ")) {
            ok = push_param(q, line + 10);
            if (ok)
                sb_addf(&ptext, "%s%s%s%s", ptext.len ? " " : "", q->params[q->nparams - 1],
                        q->defaults[q->nparams - 1] ? "=" : "",
                        q->defaults[q->nparams - 1] ? q->defaults[q->nparams - 1] : "");
        } else if (ok && !str_starts(line, "--")) {
            sb_adds(&sql, line);
            sb_addc(&sql, '\n');
        }
        free(line);
        l = nl ? nl + 1 : block + len;
    }
    while (sql.len && (sql.data[sql.len - 1] == '\n' || sql.data[sql.len - 1] == ' ' ||
                       sql.data[sql.len - 1] == ';'))
        sql.data[--sql.len] = '\0';
    q->sql = sb_take(&sql);
    q->params_text = sb_take(&ptext);
    if (!q->params_text)
        q->params_text = strdup("");
    return ok && q->sql && q->params_text && q->name;
}

gfa_status store_queries_load(gfa_store *s, gfa_diags *d)
{
    char *text = store_data_file(s, "queries.sql", false, d);
    if (!text)
        return GFA_ERR_DATA;
    gfa_status st = GFA_OK;
    /* a query starts at a line "-- query: NAME" */
    const char *p = str_starts(text, "-- query: ") ? text : strstr(text, "\n-- query: ");
    p = p && p != text ? p + 1 : p;
    while (p && st == GFA_OK) {
        const char *next = strstr(p + 1, "\n-- query: ");
        size_t len = next ? (size_t)(next + 1 - p) : strlen(p);
        store_query_def *qs = realloc(s->queries, (s->nqueries + 1) * sizeof *qs);
        if (!qs) {
            st = GFA_ERR_NOMEM;
            break;
        }
        s->queries = qs;
        store_query_def *q = &s->queries[s->nqueries++];
        memset(q, 0, sizeof *q);
        char bad[64] = "";
        if (!parse_block(q, p, len) || !(q->sql_pg = to_positional(q, bad, sizeof bad))) {
            diag_add(d, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-STORE-013", "schemas/store/queries.sql",
                     0, 0, "query %s: %s%s", q->name ? q->name : "?",
                     *bad ? "uses an undeclared parameter :" : "cannot be read", bad);
            st = GFA_ERR_DATA;
        }
        p = next ? next + 1 : NULL;
    }
    free(text);
    if (st != GFA_OK)
        store_queries_free(s);
    return st;
}

int gfa_store_query_info(const gfa_store *s, size_t i, const char **name, const char **about,
                         const char **params)
{
    if (i >= s->nqueries)
        return 0;
    if (name)
        *name = s->queries[i].name;
    if (about)
        *about = s->queries[i].about ? s->queries[i].about : "";
    if (params)
        *params = s->queries[i].params_text;
    return 1;
}

static const store_query_def *find_query(const gfa_store *s, const char *name)
{
    for (size_t i = 0; name && i < s->nqueries; i++)
        if (!strcmp(s->queries[i].name, name))
            return &s->queries[i];
    return NULL;
}

/* The values of a query's parameters: defaults, then "NAME=VALUE" given. */
static gfa_status bind_values(const gfa_store *s, const store_query_def *q,
                              const char *const *given, size_t n, const char **values,
                              gfa_diags *d)
{
    for (size_t i = 0; i < q->nparams; i++)
        values[i] = q->defaults[i];
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(given[i], '=');
        int k = eq ? param_index(q, given[i], (size_t)(eq - given[i])) : -1;
        if (k < 0) {
            diag_add(d, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-030", s->display, 0, 0,
                     "query %s has no parameter '%.*s' (its parameters: %s)", q->name,
                     (int)(eq ? eq - given[i] : (long)strlen(given[i])), given[i],
                     *q->params_text ? q->params_text : "none");
            return GFA_ERR_USAGE;
        }
        values[k] = *(eq + 1) ? eq + 1 : NULL;
    }
    return GFA_OK;
}

gfa_status gfa_store_query(gfa_store *s, const char *name, const char *const *params,
                           size_t nparams, gfa_rows **out, gfa_diags *diags)
{
    *out = NULL;
    const store_query_def *q = find_query(s, name);
    if (!q) {
        strbuf names;
        sb_init(&names);
        for (size_t i = 0; i < s->nqueries; i++)
            sb_addf(&names, "%s%s", i ? ", " : "", s->queries[i].name);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_STORE, "GFA-STORE-030", s->display, 0, 0,
                 "no ready query is called '%s' (queries: %s)", name ? name : "",
                 names.data ? names.data : "");
        sb_free(&names);
        return GFA_ERR_USAGE;
    }
    const char **values = calloc(q->nparams + 1, sizeof *values);
    if (!values)
        return GFA_ERR_NOMEM;
    gfa_status st = bind_values(s, q, params, nparams, values, diags);
    store_conn *c = st == GFA_OK ? store_take(s, diags) : NULL;
    if (st == GFA_OK && !c)
        st = GFA_ERR_IO;
    if (c) {
        bool pg = s->be == &store_pg;
        store_err e = s->be->query(c, pg ? q->sql_pg : q->sql, values,
                                   (const char *const *)q->params, q->nparams, out, diags);
        store_give(s, c, e == SE_CONNECT);
        st = store_status(e);
    }
    free(values);
    return st;
}

gfa_status gfa_store_query_sql(gfa_store *s, const char *sql, gfa_rows **out, gfa_diags *diags)
{
    *out = NULL;
    store_conn *c = store_take(s, diags);
    if (!c)
        return GFA_ERR_IO;
    store_err e = s->be->query_ro(c, sql, out, diags);
    store_give(s, c, e == SE_CONNECT);
    return e == SE_FAILED ? GFA_ERR_INPUT : store_status(e);
}
