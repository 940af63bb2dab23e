/* store_cells.c — the reports and cells of a store read back for the checks across
 * reports: indexed by table/row/column like the validator's facts (the first table of a
 * definition counts when one is printed twice), a blank counted as zero at the report's
 * declared precision, each amount an interval of its printed precision (src/base/
 * interval.c) in whatever money unit the check works in. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

void stored_reports_free(stored_report *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].id);
        free(r[i].entity_code);
        free(r[i].entity_name);
        free(r[i].kind);
        free(r[i].source);
    }
    free(r);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

store_err stored_reports(gfa_store *s, store_conn *c, const char *where_sql,
                         const char *const *params, size_t n, stored_report **out,
                         size_t *count, gfa_diags *d)
{
    *out = NULL;
    *count = 0;
    char *sql = NULL;
    if (asprintf(&sql,
                 "SELECT r.report_id, r.entity_code, r.entity_name, r.report_kind, "
                 "r.source_file, r.fiscal_year, r.money_scale, r.decimals FROM reports r "
                 "WHERE %s ORDER BY r.fiscal_year, r.entity_code, r.report_kind",
                 where_sql) < 0)
        return SE_NOMEM;
    gfa_rows *rows = NULL;
    store_err e = store_exec(s, c, sql, params, n, &rows, d);
    free(sql);
    if (e != SE_OK)
        return e;
    stored_report *r = calloc(rows->nrows + 1, sizeof *r);
    for (size_t i = 0; r && i < rows->nrows; i++) {
        r[i].id = dup_or_empty(rows_get(rows, i, 0));
        r[i].entity_code = dup_or_empty(rows_get(rows, i, 1));
        r[i].entity_name = dup_or_empty(rows_get(rows, i, 2));
        r[i].kind = dup_or_empty(rows_get(rows, i, 3));
        r[i].source = dup_or_empty(rows_get(rows, i, 4));
        r[i].year = atoi(rows_get(rows, i, 5) ? rows_get(rows, i, 5) : "0");
        r[i].scale = atoi(rows_get(rows, i, 6) ? rows_get(rows, i, 6) : "0");
        r[i].decimals = atoi(rows_get(rows, i, 7) ? rows_get(rows, i, 7) : "2");
        if (!r[i].id || !r[i].entity_code || !r[i].entity_name || !r[i].kind || !r[i].source) {
            stored_reports_free(r, i + 1);
            r = NULL;
        }
    }
    if (r) {
        *out = r;
        *count = rows->nrows;
    }
    gfa_rows_free(rows);
    return r ? SE_OK : SE_NOMEM;
}

void stored_cells_free(stored_cells *sc)
{
    gfa_rows_free(sc->rows);
    free(sc->items);
    strmap_free(sc->index);
    strmap_free(sc->tables);
    memset(sc, 0, sizeof *sc);
}

static cell_kind kind_of(const char *k)
{
    if (!k)
        return CELL_TEXT;
    return !strcmp(k, "amt") ? CELL_NUMBER : !strcmp(k, "blank") ? CELL_BLANK
                             : !strcmp(k, "na")                   ? CELL_NA
                                                                  : CELL_TEXT;
}

/* Indexes one row of the cells query; a key already seen (a second table of the same
 * definition) is skipped, as the validator does. */
static bool index_cell(stored_cells *sc, const stored_report *r, size_t i)
{
    const gfa_rows *q = sc->rows;
    stored_cell x;
    memset(&x, 0, sizeof x);
    x.table = rows_get(q, i, 0);
    x.row = rows_get(q, i, 1);
    x.col = rows_get(q, i, 2);
    x.kind = kind_of(rows_get(q, i, 3));
    const char *v = rows_get(q, i, 4);
    x.count = rows_get(q, i, 5) != NULL;
    x.line = rows_get(q, i, 6) ? atol(rows_get(q, i, 6)) : 0;
    x.pos = rows_get(q, i, 7) ? atol(rows_get(q, i, 7)) : 0;
    x.row_name = rows_get(q, i, 8) ? rows_get(q, i, 8) : x.row;
    x.col_label = rows_get(q, i, 9) ? rows_get(q, i, 9) : x.col;
    x.number = rows_get(q, i, 10) ? rows_get(q, i, 10) : x.table;
    if (!x.table || !x.row || !x.col)
        return true;
    if (x.kind == CELL_NUMBER && (!v || dec_parse(v, strlen(v), &x.value) != DEC_OK))
        x.kind = CELL_TEXT;
    if (x.kind == CELL_BLANK)
        x.value = (gfa_dec){0, r->decimals};
    if (!strmap_get(sc->tables, x.table, NULL) && !strmap_put(sc->tables, x.table, 1))
        return false;
    char key[256];
    snprintf(key, sizeof key, "%s/%s/%s", x.table, x.row, x.col);
    if (strmap_get(sc->index, key, NULL))
        return true;
    sc->items[sc->count] = x;
    return strmap_put(sc->index, key, (int)sc->count++);
}

store_err stored_cells_load(gfa_store *s, store_conn *c, const stored_report *r,
                            stored_cells *out, gfa_diags *d)
{
    memset(out, 0, sizeof *out);
    const char *p[] = {r->id};
    store_err e = store_exec(
        s, c,
        "SELECT c.table_id, c.row_key, c.column_id, c.kind, c.value, w.count_unit, c.line, "
        "c.pos, COALESCE(w.name, w.label), k.label, t.number "
        "FROM cells c "
        "LEFT JOIN table_rows w ON w.report_id = c.report_id AND w.table_seq = c.table_seq "
        "AND w.row_key = c.row_key "
        "LEFT JOIN table_columns k ON k.report_id = c.report_id AND k.table_seq = c.table_seq "
        "AND k.part_id = c.part_id AND k.column_id = c.column_id "
        "LEFT JOIN report_tables t ON t.report_id = c.report_id AND t.table_seq = c.table_seq "
        "WHERE c.report_id = $1 ORDER BY c.table_seq, c.line, c.pos, c.row_key, c.column_id",
        p, 1, &out->rows, d);
    if (e != SE_OK)
        return e;
    out->items = calloc(out->rows->nrows + 1, sizeof *out->items);
    out->index = strmap_new();
    out->tables = strmap_new();
    bool ok = out->items && out->index && out->tables;
    for (size_t i = 0; ok && i < out->rows->nrows; i++)
        ok = index_cell(out, r, i);
    if (!ok) {
        stored_cells_free(out);
        return SE_NOMEM;
    }
    return SE_OK;
}

const stored_cell *stored_cell_get(const stored_cells *sc, const char *table, const char *row,
                                   const char *col)
{
    char key[256];
    snprintf(key, sizeof key, "%s/%s/%s", table, row, col);
    int i;
    return strmap_get(sc->index, key, &i) ? &sc->items[i] : NULL;
}

const char *stored_pick_table(const stored_cells *sc, const tableset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        if (strmap_get(sc->tables, ts->defs[i]->id, NULL))
            return ts->defs[i]->id;
    return NULL;
}

bool stored_ival(const stored_cell *x, const stored_report *r, int to_scale, gfa_ival *out)
{
    if (x->kind != CELL_NUMBER && x->kind != CELL_BLANK)
        return false;
    if (x->count) { /* a number of vehicles is exact and has no money unit */
        *out = ival_exact(x->value);
        return true;
    }
    gfa_ival v = ival_printed(x->value, x->value.scale);
    /* an amount in 10^r->scale 元 is this many 10^to_scale 元; the interval scales too */
    int k = r->scale - to_scale;
    return dec_shift(v.mid, k, &out->mid) && dec_shift(v.half, k, &out->half) &&
           (out->n = v.n, true);
}
