/* cellref.c — the cell references of the rules (TABLES/ROW/COLUMN, joined by + and −),
 * parsed once when the rules load and checked against the table definitions: every table
 * id is a definition, every row a row id or a code of the part's axis in the code lists
 * (or @classes where the part has 功能分类 类 rows, or "data" for a single-row part),
 * every column a column of the part that holds the row. Evaluation only looks cells up. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

const part_def *table_def_part(const table_def *td, const char *id)
{
    for (size_t i = 0; i < td->nparts; i++)
        if (!strcmp(td->parts[i].id, id))
            return &td->parts[i];
    return NULL;
}

bool part_def_has_col(const part_def *pd, const char *col)
{
    for (size_t i = 0; i < pd->ncols; i++)
        if (!strcmp(pd->cols[i].id, col))
            return true;
    return false;
}

static bool part_has_classes(const part_def *pd)
{
    return pd->axis == AXIS_FUNCTION || (pd->axis == AXIS_FIXED && pd->classes);
}

static bool is_class(const gfa_context *ctx, const char *row)
{
    return strlen(row) == 3 && code_list_find(&ctx->function_classes, row);
}

bool part_def_has_row(const gfa_context *ctx, const part_def *pd, const char *row)
{
    for (size_t i = 0; i < pd->nrows; i++)
        if (!strcmp(pd->rows[i].id, row))
            return !pd->rows[i].heading; /* a heading has no amounts */
    switch (pd->axis) {
    case AXIS_FUNCTION:
        return is_code(row, AXIS_FUNCTION) &&
               (code_list_find(&ctx->function_codes, row) || is_class(ctx, row));
    case AXIS_ECONOMIC:
        return is_code(row, AXIS_ECONOMIC) && code_list_find(&ctx->economic_codes, row);
    case AXIS_FIXED:
        return pd->classes && is_class(ctx, row);
    case AXIS_SINGLE:
        return !strcmp(row, "data");
    }
    return false;
}

bool table_def_has_cell(const gfa_context *ctx, const table_def *td, bool classes,
                        const char *row, const char *col, char *err, size_t cap)
{
    bool row_seen = false, col_seen = false;
    for (size_t i = 0; i < td->nparts; i++) {
        const part_def *pd = &td->parts[i];
        bool has_row = classes ? part_has_classes(pd) : part_def_has_row(ctx, pd, row);
        bool has_col = part_def_has_col(pd, col);
        if (has_row && has_col)
            return true;
        row_seen |= has_row;
        col_seen |= has_col;
    }
    if (!row_seen && classes)
        snprintf(err, cap, "table %s has no class rows (@classes)", td->id);
    else if (!row_seen)
        snprintf(err, cap, "table %s has no row '%s'", td->id, row);
    else if (!col_seen)
        snprintf(err, cap, "table %s has no column '%s'", td->id, col);
    else
        snprintf(err, cap, "column '%s' of table %s is not beside row '%s'", col, td->id,
                 classes ? "@classes" : row);
    return false;
}

/* Keeps the text as written; false when memory ran out. */
static bool keep_text(const char *text, char **out, char *err, size_t cap)
{
    *out = strdup(text);
    if (!*out)
        snprintf(err, cap, "out of memory");
    return *out != NULL;
}

bool tableset_compile(const gfa_context *ctx, const char *text, tableset *out, char *err,
                      size_t cap)
{
    memset(out, 0, sizeof *out);
    if (!keep_text(text, &out->text, err, cap))
        return false;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "|");
        const table_def *td = NULL;
        for (size_t i = 0; i < ctx->defs.count && !td; i++)
            if (strlen(ctx->defs.tables[i].id) == len && !strncmp(ctx->defs.tables[i].id, p, len))
                td = &ctx->defs.tables[i];
        if (!td) {
            snprintf(err, cap, "no table definition has the id '%.*s'", (int)len, p);
            return false;
        }
        const table_def **defs = realloc(out->defs, (out->n + 1) * sizeof *defs);
        if (!defs) {
            snprintf(err, cap, "out of memory");
            return false;
        }
        out->defs = defs;
        out->defs[out->n++] = td;
        p += len + (p[len] == '|');
    }
    if (out->n == 0)
        snprintf(err, cap, "no table is named");
    return out->n > 0;
}

void tableset_free(tableset *ts)
{
    free(ts->defs);
    free(ts->text);
    memset(ts, 0, sizeof *ts);
}

/* One TABLES/ROW/COLUMN, len bytes at p. */
static bool ref_compile(const gfa_context *ctx, const char *p, size_t len, cellref *ref,
                        char *err, size_t cap)
{
    char *word = xstrndup(p, len);
    char *s1 = word ? strchr(word, '/') : NULL, *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s1 || !s2 || strchr(s2 + 1, '/')) {
        snprintf(err, cap, "'%.*s' is not TABLES/ROW/COLUMN", (int)len, p);
        free(word);
        return false;
    }
    *s1 = *s2 = '\0';
    bool ok = tableset_compile(ctx, word, &ref->tables, err, cap);
    ref->classes = s1[1] == '@';
    if (ok && ref->classes && strcmp(s1 + 1, "@classes")) {
        snprintf(err, cap, "unknown row '%s' (the only pseudo-row is @classes)", s1 + 1);
        ok = false;
    }
    ref->row = ok && !ref->classes ? strdup(s1 + 1) : NULL;
    ref->col = ok ? strdup(s2 + 1) : NULL;
    if (ok && (!ref->col || (!ref->classes && !ref->row))) {
        snprintf(err, cap, "out of memory");
        ok = false;
    }
    for (size_t i = 0; ok && i < ref->tables.n; i++)
        ok = table_def_has_cell(ctx, ref->tables.defs[i], ref->classes, ref->row, ref->col, err,
                                cap);
    free(word);
    return ok;
}

bool cellexpr_compile(const gfa_context *ctx, const char *text, cellexpr *out, char *err,
                      size_t cap)
{
    memset(out, 0, sizeof *out);
    if (!keep_text(text, &out->text, err, cap))
        return false;
    int sign = 1;
    bool operand = true; /* an operand is expected next */
    for (const char *p = text; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " ");
        if (len == 1 && (*p == '+' || *p == '-')) {
            if (operand) {
                snprintf(err, cap, "'%c' where a cell was expected", *p);
                return false;
            }
            sign = *p == '-' ? -1 : 1;
            operand = true;
            p++;
            continue;
        }
        if (!operand) {
            snprintf(err, cap, "'%.*s' where + or - was expected", (int)len, p);
            return false;
        }
        cellref *refs = realloc(out->refs, (out->n + 1) * sizeof *refs);
        int *signs = refs ? realloc(out->signs, (out->n + 1) * sizeof *signs) : NULL;
        if (refs)
            out->refs = refs;
        if (!signs) {
            snprintf(err, cap, "out of memory");
            return false;
        }
        out->signs = signs;
        memset(&out->refs[out->n], 0, sizeof *out->refs);
        out->signs[out->n] = sign;
        if (!ref_compile(ctx, p, len, &out->refs[out->n++], err, cap))
            return false;
        sign = 1;
        operand = false;
        p += len;
    }
    if (operand) {
        snprintf(err, cap, "a cell is missing at the end of '%s'", text);
        return false;
    }
    return true;
}

void cellexpr_free(cellexpr *e)
{
    for (size_t i = 0; i < e->n; i++) {
        tableset_free(&e->refs[i].tables);
        free((char *)e->refs[i].row);
        free((char *)e->refs[i].col);
    }
    free(e->refs);
    free(e->signs);
    free(e->text);
    memset(e, 0, sizeof *e);
}

bool cellexpr_has_classes(const cellexpr *e)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->refs[i].classes)
            return true;
    return false;
}

const table_info *tableset_pick(const tableset *ts, const facts *f)
{
    for (size_t i = 0; i < ts->n; i++) {
        const table_info *ti = facts_table(f, ts->defs[i]->id);
        if (ti)
            return ti;
    }
    return NULL;
}
