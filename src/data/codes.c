/* codes.c — classification code lists (功能分类, 经济分类) shipped as TSV data in
 * schemas/codes/. A header line names the columns; "code" and "name" are required, "row"
 * (the ordinal a class is printed with in 公开01/04) is optional, and so are "renamed" and
 * "since" (a list of renames: the code's name since that year, "name" its earlier one) and
 * "parent" (the listed code it is part of: the list's levels); '#' starts a comment. */
#include "data/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void code_list_free(code_list *cl)
{
    for (size_t i = 0; i < cl->count; i++) {
        free(cl->items[i].code);
        free(cl->items[i].name);
        free(cl->items[i].key);
        free(cl->items[i].ordinal);
        free(cl->items[i].renamed);
        free(cl->items[i].renamed_key);
        free(cl->items[i].parent);
    }
    free(cl->items);
    strmap_free(cl->by_code);
    strmap_free(cl->by_key);
    memset(cl, 0, sizeof *cl);
}

/* Splits line in place at tabs; returns the number of fields (at most max). */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    return n;
}

static int column_index(char **names, int n, const char *want)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0)
            return i;
    return -1;
}

gfa_status tsv_each(const char *path, const char *what, int max, tsv_line_fn fn, void *arg,
                    gfa_diags *diags)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-001", path, 0, 0,
                 "cannot open %s: %s", what, strerror(errno));
        return GFA_ERR_DATA;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    gfa_status st = GFA_OK;
    char *fields[16];
    max = max < 1 ? 1 : max > 16 ? 16 : max;
    while (st == GFA_OK && (got = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        st = fn(fields, split_tabs(line, fields, max), lineno, arg);
    }
    free(line);
    fclose(f);
    return st;
}

/* The reading of a code list: its columns, from the header line. */
typedef struct code_reading {
    code_list *out;
    const char *path;
    gfa_diags *diags;
    int ci, ni, oi, ri, si, pi, ncols;
    size_t items_cap;
} code_reading;

static gfa_status code_line(char **fields, int n, long lineno, void *arg)
{
    code_reading *cr = arg;
    code_list *out = cr->out;
    int ci = cr->ci, ni = cr->ni, oi = cr->oi, ri = cr->ri, si = cr->si, pi = cr->pi;
    if (ci < 0) {
        cr->ncols = n;
        cr->ci = column_index(fields, n, "code");
        cr->ni = column_index(fields, n, "name");
        cr->oi = column_index(fields, n, "row");
        cr->ri = column_index(fields, n, "renamed");
        cr->si = column_index(fields, n, "since");
        cr->pi = column_index(fields, n, "parent");
        if (cr->ci >= 0 && cr->ni >= 0 && (cr->ri < 0) == (cr->si < 0))
            return GFA_OK;
        diag_add(cr->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-002", cr->path, lineno, 0,
                 "the header line must name the columns 'code' and 'name' (and 'renamed' with "
                 "'since')");
        return GFA_ERR_DATA;
    }
    long since = ri >= 0 && ri < n && si < n ? strtol(fields[si], NULL, 10) : 0;
    if (n <= ci || n <= ni || n > cr->ncols || !is_code(fields[ci], AXIS_FUNCTION) || !fields[ni][0] ||
        (ri >= 0 && (ri >= n || si >= n || !fields[ri][0] || since < 1990 || since > 2100))) {
        diag_add(cr->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", cr->path, lineno, 0,
                 "expected %d tab-separated fields with a 3/5/7-digit code and a name%s",
                 cr->ncols, ri >= 0 ? ", the new name and the year it was first used" : "");
        return GFA_ERR_DATA;
    }
    if (strmap_get(out->by_code, fields[ci], NULL)) {
        diag_add(cr->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-004", cr->path, lineno, 0,
                 "code %s is listed twice", fields[ci]);
        return GFA_ERR_DATA;
    }
    code_entry *items = array_grow(out->items, &cr->items_cap, out->count + 1, sizeof *items);
    if (!items)
        return GFA_ERR_NOMEM;
    out->items = items;
    code_entry *e = &out->items[out->count];
    e->code = strdup(fields[ci]);
    e->name = strdup(fields[ni]);
    e->key = text_key(NULL, fields[ni], strlen(fields[ni]));
    e->ordinal = (oi >= 0 && oi < n && fields[oi][0]) ? strdup(fields[oi]) : NULL;
    e->renamed = ri >= 0 ? strdup(fields[ri]) : NULL;
    e->renamed_key = ri >= 0 ? text_key(NULL, fields[ri], strlen(fields[ri])) : NULL;
    e->since = (int)since;
    e->parent = pi >= 0 && pi < n && fields[pi][0] ? strdup(fields[pi]) : NULL;
    out->count++;
    if (!e->code || !e->name || !e->key || (ri >= 0 && (!e->renamed || !e->renamed_key)) ||
        (pi >= 0 && pi < n && fields[pi][0] && !e->parent) ||
        !strmap_put(out->by_code, e->code, (int)(out->count - 1)) ||
        (!strmap_get(out->by_key, e->key, NULL) &&
         !strmap_put(out->by_key, e->key, (int)(out->count - 1))))
        return GFA_ERR_NOMEM;
    return GFA_OK;
}

/* Checks the parents (each a listed code other than its own) and sets the list's levels:
 * for each length of code, the prefix length its listed parents have, when every one of
 * them is its code's prefix of one length. */
static gfa_status code_levels(code_list *cl, const char *path, gfa_diags *diags)
{
    bool mixed[CODE_MAX_DIGITS + 1] = {false};
    for (size_t i = 0; i < cl->count; i++) {
        const code_entry *e = &cl->items[i];
        if (!e->parent)
            continue;
        size_t n = strlen(e->code), p = strlen(e->parent);
        if (!strcmp(e->parent, e->code) || !code_list_find(cl, e->parent)) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", path, 0, 0,
                     "the parent %s of code %s is not a code of the list", e->parent, e->code);
            return GFA_ERR_DATA;
        }
        if (n > CODE_MAX_DIGITS)
            continue;
        bool prefix = p < n && !strncmp(e->code, e->parent, p);
        if (!prefix || (cl->parent_digits[n] && cl->parent_digits[n] != (int)p))
            mixed[n] = true;
        else
            cl->parent_digits[n] = (int)p;
    }
    for (int n = 0; n <= CODE_MAX_DIGITS; n++)
        if (mixed[n])
            cl->parent_digits[n] = 0;
    return GFA_OK;
}

gfa_status code_list_load(const char *path, code_list *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->by_code = strmap_new();
    out->by_key = strmap_new();
    code_reading cr = {out, path, diags, -1, -1, -1, -1, -1, -1, 0, 0};
    gfa_status st = out->by_code && out->by_key
                        ? tsv_each(path, "code list", 8, code_line, &cr, diags)
                        : GFA_ERR_NOMEM;
    if (st == GFA_OK && cr.ci < 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-002", path, 0, 0,
                 "empty code list: no header line");
        st = GFA_ERR_DATA;
    }
    if (st == GFA_OK)
        st = code_levels(out, path, diags);
    if (st != GFA_OK)
        code_list_free(out);
    return st;
}

const code_entry *code_list_find(const code_list *cl, const char *code)
{
    int i;
    return strmap_get(cl->by_code, code, &i) ? &cl->items[i] : NULL;
}

const code_entry *code_list_find_name(const code_list *cl, const char *name_key)
{
    int i;
    return strmap_get(cl->by_key, name_key, &i) ? &cl->items[i] : NULL;
}

bool code_list_parent(const code_list *cl, const char *code, char *out, size_t cap)
{
    const code_entry *e = code_list_find(cl, code);
    size_t n = strlen(code);
    if (!e && strspn(code, "0123456789") != n)
        return false;
    const char *from = e ? e->parent : code;
    size_t len = e ? (e->parent ? strlen(e->parent) : 0)
                   : n <= CODE_MAX_DIGITS ? (size_t)cl->parent_digits[n] : 0;
    if (!len || len >= cap)
        return false;
    memcpy(out, from, len);
    out[len] = '\0';
    return true;
}

typedef struct ocr_reading {
    ocr_digits *out;
    const char *path;
    gfa_diags *diags;
    bool header;
} ocr_reading;

static gfa_status ocr_line(char **fields, int n, long lineno, void *arg)
{
    ocr_reading *rd = arg;
    if (rd->header) {
        rd->header = false;
        if (n == 2 && !strcmp(fields[0], "letter") && !strcmp(fields[1], "digits"))
            return GFA_OK;
    }
    unsigned char c = (unsigned char)fields[0][0];
    size_t nd = n == 2 ? strlen(fields[1]) : 0;
    bool ok = n == 2 && c < 128 && fields[0][1] == '\0' && !(c >= '0' && c <= '9') && c > ' ' &&
              nd > 0 && nd < sizeof rd->out->digits[0] && !rd->out->digits[c][0];
    for (size_t i = 0; ok && i < nd; i++)
        ok = fields[1][i] >= '0' && fields[1][i] <= '9';
    if (!ok) {
        diag_add(rd->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", rd->path, lineno, 0,
                 "expected a header 'letter<TAB>digits', then one ASCII character (listed once) "
                 "and the digits it is read as");
        return GFA_ERR_DATA;
    }
    memcpy(rd->out->digits[c], fields[1], nd + 1);
    return GFA_OK;
}

gfa_status ocr_digits_load(const char *path, ocr_digits *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    ocr_reading rd = {out, path, diags, true};
    return tsv_each(path, "the OCR digit list", 3, ocr_line, &rd, diags);
}

const code_entry *function_class_named(const gfa_context *ctx, const char *name_key)
{
    const code_entry *e = code_list_find_name(&ctx->function_classes, name_key);
    if (e)
        return e;
    const code_entry *old = code_list_find_name(&ctx->function_renames, name_key);
    return old && strlen(old->code) == 3 ? code_list_find(&ctx->function_classes, old->code) : NULL;
}

bool is_code(const char *s, axis_kind axis)
{
    size_t n = strlen(s);
    if (axis == AXIS_ECONOMIC ? (n != 3 && n != 5) : (n != 3 && n != 5 && n != 7))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}
