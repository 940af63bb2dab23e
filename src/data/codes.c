/* codes.c — classification code lists (功能分类, 经济分类) shipped as TSV data in
 * schemas/codes/. A header line names the columns; "code" and "name" are required, "row"
 * (the ordinal a class is printed with in 公开01/04) is optional, and so are "renamed" and
 * "since" (a list of renames: the code's name since that year, "name" its earlier one);
 * '#' starts a comment. */
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

gfa_status code_list_load(const char *path, code_list *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-001", path, 0, 0,
                 "cannot open code list: %s", strerror(errno));
        return GFA_ERR_DATA;
    }
    out->by_code = strmap_new();
    out->by_key = strmap_new();
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    int ci = -1, ni = -1, oi = -1, ri = -1, si = -1, ncols = 0;
    gfa_status st = (out->by_code && out->by_key) ? GFA_OK : GFA_ERR_NOMEM;
    size_t items_cap = 0;
    while (st == GFA_OK && (got = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *fields[8];
        int n = split_tabs(line, fields, 8);
        if (ci < 0) {
            ncols = n;
            ci = column_index(fields, n, "code");
            ni = column_index(fields, n, "name");
            oi = column_index(fields, n, "row");
            ri = column_index(fields, n, "renamed");
            si = column_index(fields, n, "since");
            if (ci < 0 || ni < 0 || (ri < 0) != (si < 0)) {
                diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-002", path, lineno, 0,
                         "the header line must name the columns 'code' and 'name' (and "
                         "'renamed' with 'since')");
                st = GFA_ERR_DATA;
            }
            continue;
        }
        long since = ri >= 0 && ri < n && si < n ? strtol(fields[si], NULL, 10) : 0;
        if (n <= ci || n <= ni || n > ncols || !is_code(fields[ci], AXIS_FUNCTION) || !fields[ni][0] ||
            (ri >= 0 && (ri >= n || si >= n || !fields[ri][0] || since < 1990 || since > 2100))) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", path, lineno, 0,
                     "expected %d tab-separated fields with a 3/5/7-digit code and a name%s",
                     ncols, ri >= 0 ? ", the new name and the year it was first used" : "");
            st = GFA_ERR_DATA;
            break;
        }
        if (strmap_get(out->by_code, fields[ci], NULL)) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-004", path, lineno, 0,
                     "code %s is listed twice", fields[ci]);
            st = GFA_ERR_DATA;
            break;
        }
        if (out->count == items_cap) {
            items_cap = items_cap ? items_cap * 2 : 64;
            code_entry *items = realloc(out->items, items_cap * sizeof *items);
            if (!items) {
                st = GFA_ERR_NOMEM;
                break;
            }
            out->items = items;
        }
        code_entry *e = &out->items[out->count];
        e->code = strdup(fields[ci]);
        e->name = strdup(fields[ni]);
        e->key = text_key(fields[ni], strlen(fields[ni]));
        e->ordinal = (oi >= 0 && oi < n && fields[oi][0]) ? strdup(fields[oi]) : NULL;
        e->renamed = ri >= 0 ? strdup(fields[ri]) : NULL;
        e->renamed_key = ri >= 0 ? text_key(fields[ri], strlen(fields[ri])) : NULL;
        e->since = (int)since;
        out->count++;
        if (!e->code || !e->name || !e->key || (ri >= 0 && (!e->renamed || !e->renamed_key)) ||
            !strmap_put(out->by_code, e->code, (int)(out->count - 1)) ||
            (!strmap_get(out->by_key, e->key, NULL) &&
             !strmap_put(out->by_key, e->key, (int)(out->count - 1))))
            st = GFA_ERR_NOMEM;
    }
    free(line);
    fclose(f);
    if (st == GFA_OK && ci < 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-002", path, 0, 0,
                 "empty code list: no header line");
        st = GFA_ERR_DATA;
    }
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

gfa_status ocr_digits_load(const char *path, ocr_digits *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-001", path, 0, 0,
                 "cannot open the OCR digit list: %s", strerror(errno));
        return GFA_ERR_DATA;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    bool header = true;
    gfa_status st = GFA_OK;
    while (st == GFA_OK && (got = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *fields[3];
        int n = split_tabs(line, fields, 3);
        if (header) {
            header = false;
            if (n == 2 && !strcmp(fields[0], "letter") && !strcmp(fields[1], "digits"))
                continue;
        }
        unsigned char c = (unsigned char)fields[0][0];
        size_t nd = n == 2 ? strlen(fields[1]) : 0;
        bool ok = n == 2 && c < 128 && fields[0][1] == '\0' && !(c >= '0' && c <= '9') &&
                  c > ' ' && nd > 0 && nd < sizeof out->digits[0] && !out->digits[c][0];
        for (size_t i = 0; ok && i < nd; i++)
            ok = fields[1][i] >= '0' && fields[1][i] <= '9';
        if (!ok) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", path, lineno, 0,
                     "expected a header 'letter<TAB>digits', then one ASCII character (listed "
                     "once) and the digits it is read as");
            st = GFA_ERR_DATA;
            break;
        }
        memcpy(out->digits[c], fields[1], nd + 1);
    }
    free(line);
    fclose(f);
    return st;
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
