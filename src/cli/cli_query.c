/* cli_query.c — gfa query: the ready queries of a store (schemas/store/queries.sql) or one
 * read-only SQL statement, printed as aligned text or CSV. The store is opened read-only:
 * a query never changes it. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const option_doc query_options[] = {
    {"db", 0, "DB", OPT_DB, "the store (a SQLite file or postgresql://…; required)"},
    {"param", 0, "NAME=VALUE", OPT_PARAM,
     "a parameter of the ready query (repeatable; gfa query --list names them)"},
    {"sql", 0, "STATEMENT", OPT_SQL,
     "run this one SQL statement instead of a ready query (reading only: anything that "
     "would change the store is refused)"},
    {"list", 0, NULL, OPT_LIST, "list the ready queries and their parameters"},
    {"format", 0, "FMT", OPT_FORMAT, "text (aligned columns, the default) or csv"},
    {"wait", 0, "SECONDS", OPT_WAIT, "wait this long for a store another process holds (30)"},
};

static bool looks_numeric(const char *v)
{
    if (!v || !*v)
        return false;
    const char *p = v + (*v == '-');
    size_t digits = strspn(p, "0123456789");
    if (!digits || (p[0] == '0' && digits > 1))
        return false; /* "002001" is a code, not a number */
    p += digits;
    if (*p == '.')
        p += 1 + strspn(p + 1, "0123456789");
    return *p == '\0';
}

/* A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *out, const char *v)
{
    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void print_csv(cli *c, const gfa_rows *r)
{
    size_t nc = gfa_rows_columns(r);
    for (size_t k = 0; k < nc; k++) {
        if (k)
            fputc(',', c->out);
        csv_field(c->out, gfa_rows_name(r, k));
    }
    fputs("\r\n", c->out);
    for (size_t i = 0; i < gfa_rows_count(r); i++) {
        for (size_t k = 0; k < nc; k++) {
            if (k)
                fputc(',', c->out);
            csv_field(c->out, gfa_rows_value(r, i, k));
        }
        fputs("\r\n", c->out);
    }
}

/* One cell padded to its column's display width (numbers to the right). */
static void put_padded(cli *c, const char *v, int width, bool right)
{
    const char *why = NULL;
    char *s = gfa_fmt_pad(v ? v : "", width, right ? 'r' : 'l', 1, 0, &why);
    fputs(s ? s : (v ? v : ""), c->out);
    free(s);
}

static void print_text(cli *c, const gfa_rows *r)
{
    size_t nc = gfa_rows_columns(r), nr = gfa_rows_count(r);
    int *w = calloc(nc + 1, sizeof *w);
    bool *num = calloc(nc + 1, sizeof *num);
    if (!w || !num) {
        free(w);
        free(num);
        print_csv(c, r);
        return;
    }
    for (size_t k = 0; k < nc; k++) {
        w[k] = gfa_display_width(gfa_rows_name(r, k), 1);
        num[k] = nr > 0;
        for (size_t i = 0; i < nr; i++) {
            const char *v = gfa_rows_value(r, i, k);
            int dw = gfa_display_width(v ? v : "", 1);
            w[k] = dw > w[k] ? dw : w[k];
            num[k] &= !v || looks_numeric(v);
        }
        w[k] = w[k] > GFA_FMT_MAX_WIDTH ? GFA_FMT_MAX_WIDTH : w[k];
    }
    for (size_t k = 0; k < nc; k++) {
        put_padded(c, gfa_rows_name(r, k), w[k], num[k]);
        fputs(k + 1 < nc ? "  " : "\n", c->out);
    }
    for (size_t k = 0; k < nc; k++) {
        for (int j = 0; j < w[k]; j++)
            fputc('-', c->out);
        fputs(k + 1 < nc ? "  " : "\n", c->out);
    }
    for (size_t i = 0; i < nr; i++)
        for (size_t k = 0; k < nc; k++) {
            put_padded(c, gfa_rows_value(r, i, k), w[k], num[k]);
            fputs(k + 1 < nc ? "  " : "\n", c->out);
        }
    free(w);
    free(num);
}

static void print_list(cli *c, const gfa_store *s)
{
    const char *name, *about, *params;
    for (size_t i = 0; gfa_store_query_info(s, i, &name, &about, &params); i++) {
        fprintf(c->out, "%-18s %s\n", name, about);
        if (*params)
            fprintf(c->out, "%-18s   parameters: %s\n", "", params);
    }
}

static int run_query(cli *c)
{
    const char *fmt = c->value[OPT_FORMAT] ? c->value[OPT_FORMAT] : "text";
    bool list = c->flag[OPT_LIST], sql = c->value[OPT_SQL] != NULL;
    if (strcmp(fmt, "text") && strcmp(fmt, "csv")) {
        cli_errorf(c, "--format must be text or csv, not '%s'", fmt);
        return GFA_EXIT_USAGE;
    }
    if (!c->value[OPT_DB] || (!list && !sql && c->ninputs != 1) || (sql && c->ninputs)) {
        cli_errorf(c, "usage: gfa query --db DB NAME [--param NAME=VALUE]…, --sql STATEMENT "
                      "or --list");
        return GFA_EXIT_USAGE;
    }
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? cli_open_context(c, diags) : NULL;
    gfa_store *s = ctx ? cli_open_store(c, ctx, GFA_STORE_READ_ONLY, diags) : NULL;
    int rc = s ? 0 : GFA_EXIT_USAGE;
    const char **params = calloc((size_t)c->nmulti + 1, sizeof *params);
    size_t np = 0;
    for (int i = 0; params && i < c->nmulti; i++)
        if (c->multi_id[i] == OPT_PARAM)
            params[np++] = c->multi[i];
    gfa_rows *rows = NULL;
    if (rc == 0 && list) {
        print_list(c, s);
    } else if (rc == 0) {
        gfa_status st = sql ? gfa_store_query_sql(s, c->value[OPT_SQL], &rows, diags)
                            : gfa_store_query(s, c->inputs[0], params, np, &rows, diags);
        if (st != GFA_OK) {
            cli_print_diags(c, diags);
            rc = GFA_EXIT_USAGE;
        } else if (!strcmp(fmt, "csv")) {
            print_csv(c, rows);
        } else {
            print_text(c, rows);
        }
    }
    if (rc == 0 && rows && c->verbosity > 1)
        fprintf(c->err, "%s: %zu row(s)\n", c->prog, gfa_rows_count(rows));
    gfa_rows_free(rows);
    free(params);
    gfa_store_free(s);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return rc;
}

const cli_command cli_query_command = {
    "query",
    "ask a store questions: ready queries across units and years, or one SQL statement",
    "--db DB NAME [--param NAME=VALUE]... | --sql STATEMENT | --list",
    "Runs the ready query NAME of schemas/store/queries.sql (gfa query --db DB --list shows\n"
    "them: the three public expenses by unit and year, the units whose rose, expenses by\n"
    "function class, the share of project expenses that went to a class, findings by\n"
    "rule …) with its parameters bound, or one read-only SQL statement (--sql; the view\n"
    "gfa_facts holds every amount:\n"
    "entity, entity_code, fiscal_year, report_kind, table_id, row_code, row_label,\n"
    "column_id, value, decimals). The result goes to standard output as aligned text or\n"
    "CSV. The store is opened read-only. See docs/store.md.",
    query_options,
    ARRAY_LEN(query_options),
    run_query,
    0,
};
