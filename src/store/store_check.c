/* store_check.c — the checks across the reports of a store, rules kept as data
 * (schemas/rules/store.xml) and judged with the validator's arithmetic (intervals from the
 * printed precision, src/base/interval.c), reported as verdicts in the validator's formats:
 *
 *   consolidation  a department's report (部门决算) against the sum of its units' reports
 *                  of the same year, cell by cell; the units' contributions are named
 *   year over year the narrative's changes (增加/减少 Δ, 增长/下降 p%) and the balances
 *                  carried over (年初结转和结余) against last year's report of the entity
 *
 * Everything is read in one read transaction (one snapshot), then, when asked, each
 * verdict's findings replace that report's earlier findings of the same origin. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

typedef struct checking {
    gfa_store *s;
    store_conn *c;
    const gfa_validator *val;
    const ruleset *rules;
    const gfa_check_options *opt;
    gfa_diags *diags;
    vrun **verdicts;
    char **ids;            /* per verdict: the report it is about */
    const char **origins;  /* per verdict: consolidation, year-over-year */
    size_t n, cap;
} checking;

static bool keep(checking *k, vrun *v, const char *report_id, const char *origin)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 16;
        vrun **vs = realloc(k->verdicts, cap * sizeof *vs);
        if (vs)
            k->verdicts = vs;
        char **ids = realloc(k->ids, cap * sizeof *ids);
        if (ids)
            k->ids = ids;
        const char **os = realloc(k->origins, cap * sizeof *os);
        if (os)
            k->origins = os;
        if (!vs || !ids || !os)
            return false;
        k->cap = cap;
    }
    k->ids[k->n] = strdup(report_id);
    if (!k->ids[k->n])
        return false;
    k->verdicts[k->n] = v;
    k->origins[k->n++] = origin;
    return true;
}

/* ------------------------------------------------------------- helpers --- */

/* A verdict about report r: opened into *v, its rules run by run(ud), concluded and kept
 * (then *v is NULL); on failure *v is left for the caller to free. */
static store_err judge(checking *k, const stored_report *r, const char *origin, vrun **v,
                       void (*run)(void *ud), void *ud)
{
    if (!(*v = vrun_open(k->val, r->source, k->diags)))
        return SE_NOMEM;
    run(ud);
    if (vrun_close(*v) != GFA_OK || !keep(k, *v, r->id, origin))
        return SE_NOMEM;
    *v = NULL;
    return SE_OK;
}

static bool in_set(const tableset *ts, const char *table)
{
    for (size_t i = 0; i < ts->n; i++)
        if (!strcmp(ts->defs[i]->id, table))
            return true;
    return false;
}

/* Where a stored cell is in its instance (rows by key, cells by column). */
static char *cell_xpath(const char *table, const char *row, const char *col)
{
    char *x = NULL;
    if (row && col) {
        if (asprintf(&x, "//g:table[@def='%s']//g:row[@key='%s']/*[@col='%s']", table, row,
                     col) < 0)
            x = NULL;
    } else if (asprintf(&x, "//g:table[@def='%s']", table) < 0) {
        x = NULL;
    }
    return x;
}

/* A finding at a stored cell of the report the verdict is about. */
static finding *fail_cell(vrun *v, const rule *r, const char *what, const char *table,
                          const char *row, const char *col, long line, long pos)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.table = table;
    at.row = row;
    at.col = col;
    at.line = line;
    at.pos = pos;
    finding *f = vrun_fail(v, r, what, &at);
    if (f)
        f->xpath = cell_xpath(table, row, col);
    return f;
}

static void set_values(finding *f, gfa_dec reported, gfa_dec expected, gfa_dec diff,
                       gfa_dec allowed)
{
    f->reported = dec_text(reported);
    f->expected = dec_text(expected);
    f->difference = dec_text(diff);
    f->tolerance = dec_text(allowed);
}

/* ------------------------------------------------------- consolidation --- */

typedef struct dept_run {
    checking *k;
    vrun *v;
    const stored_report *dept;
    stored_cells dc;
    stored_report *units;
    size_t nunits;
    stored_cells *uc;
    gfa_rows *missing; /* register units without a report: code, name */
    char year[16];
} dept_run;

/* A unit's contribution, "002001 某某单位 25.00", added to detail; and "002001:T/R/C=V"
 * to the finding's cells. */
static void add_contribution(strbuf *detail, const stored_report *u, const stored_cell *ux)
{
    char buf[64];
    sb_addf(detail, "%s%s %s %s", detail->len ? "; " : "", u->entity_code, u->entity_name,
            dec_format(ux->value, buf, sizeof buf));
}

static void add_unit_cell(finding *f, const stored_report *u, const stored_cell *ux)
{
    char buf[64];
    if (!f)
        return;
    finding_cell *cells = realloc(f->cells, (f->ncells + 1) * sizeof *cells);
    if (!cells)
        return;
    f->cells = cells;
    finding_cell *c = &f->cells[f->ncells];
    c->unit = strdup(u->entity_code);
    c->table = strdup(ux->table);
    c->row = strdup(ux->row);
    c->col = strdup(ux->col);
    c->value = strdup(dec_format(ux->value, buf, sizeof buf));
    if (c->unit && c->table && c->row && c->col && c->value) {
        f->ncells++;
        return;
    }
    free(c->unit);
    free(c->table);
    free(c->row);
    free(c->col);
    free(c->value);
}

/* Σ over the units of one cell, in the department's money unit; false (with why) when a
 * unit prints something that is not a number there or the sum overflows. */
static bool units_sum(dept_run *d, const char *table, const char *row, const char *col,
                      gfa_ival *sum, strbuf *detail, const char **why)
{
    *sum = ival_exact((gfa_dec){0, 0});
    for (size_t u = 0; u < d->nunits; u++) {
        const stored_cell *ux = stored_cell_get(&d->uc[u], table, row, col);
        if (!ux || ux->kind == CELL_NA)
            continue; /* not printed, or not applicable: nothing to add */
        gfa_ival iv;
        if (ux->kind == CELL_TEXT || !stored_ival(ux, &d->units[u], d->dept->scale, &iv)) {
            *why = ux->kind == CELL_TEXT ? "a unit prints text in this cell"
                                         : "the amounts are too large to add exactly";
            return false;
        }
        if (!ival_add(sum, iv, 1)) {
            *why = "the amounts are too large to add exactly";
            return false;
        }
        if (ux->kind == CELL_NUMBER && detail)
            add_contribution(detail, &d->units[u], ux);
    }
    return true;
}

static void cons_sum(dept_run *d, const rule *r, const rule_check *c)
{
    for (size_t i = 0; i < d->dc.count; i++) {
        const stored_cell *x = &d->dc.items[i];
        if (!in_set(&c->tables, x->table) || x->kind == CELL_NA)
            continue;
        char what[256];
        snprintf(what, sizeof what, "consolidation %s/%s %s/%s/%s", d->dept->entity_code,
                 d->year, x->table, x->row, x->col);
        gfa_ival dv, sum;
        const char *why = NULL;
        strbuf detail;
        sb_init(&detail);
        if (x->kind == CELL_TEXT || !stored_ival(x, d->dept, d->dept->scale, &dv))
            why = "the department prints text in this cell";
        else
            units_sum(d, x->table, x->row, x->col, &sum, &detail, &why);
        gfa_dec diff, allowed;
        ival_status st = why ? IVAL_OVERFLOW : ival_overlap(dv, sum, &diff, &allowed);
        if (st == IVAL_CONSISTENT) {
            vrun_pass(d->v, r, what);
        } else if (st == IVAL_OVERFLOW) {
            vrun_unchecked(d->v, r, what, why ? why : "the amounts are too large to add exactly");
        } else {
            finding *f = fail_cell(d->v, r, what, x->table, x->row, x->col, x->line, x->pos);
            if (f) {
                set_values(f, x->value, sum.mid, diff, allowed);
                for (size_t u = 0; u < d->nunits; u++) {
                    const stored_cell *ux = stored_cell_get(&d->uc[u], x->table, x->row, x->col);
                    if (ux && ux->kind == CELL_NUMBER)
                        add_unit_cell(f, &d->units[u], ux);
                }
                vrun_message(d->v, f,
                             &(msg_args){.table = x->number, .row = x->row_name,
                                         .col = x->col_label,
                                         .detail = detail.len ? detail.data : "-"});
            }
        }
        sb_free(&detail);
    }
}

/* Cells the units print that the department's report does not have: their sum must be
 * zero (within rounding), else the department left an amount out. */
static void cons_rows(dept_run *d, const rule *r, const rule_check *c)
{
    strmap *seen = strmap_new();
    for (size_t u = 0; seen && u < d->nunits; u++)
        for (size_t i = 0; i < d->uc[u].count; i++) {
            const stored_cell *ux = &d->uc[u].items[i];
            if (!in_set(&c->tables, ux->table) ||
                stored_cell_get(&d->dc, ux->table, ux->row, ux->col))
                continue;
            char key[256], what[320];
            bool no_table = !strmap_get(d->dc.tables, ux->table, NULL);
            snprintf(key, sizeof key, "%s/%s/%s", ux->table, no_table ? "" : ux->row,
                     no_table ? "" : ux->col);
            if (strmap_get(seen, key, NULL))
                continue;
            strmap_put(seen, key, 1);
            snprintf(what, sizeof what, "consolidation %s/%s rows %s", d->dept->entity_code,
                     d->year, key);
            if (no_table) {
                vrun_unchecked(d->v, r, what, "the department's report has no such table");
                continue;
            }
            gfa_ival sum;
            const char *why = NULL;
            strbuf detail;
            sb_init(&detail);
            gfa_dec lo, hi;
            if (!units_sum(d, ux->table, ux->row, ux->col, &sum, &detail, &why) ||
                !ival_bounds(sum, &lo, &hi)) {
                vrun_unchecked(d->v, r, what, why ? why : "the amounts are too large to add exactly");
            } else if (dec_cmp(lo, (gfa_dec){0, 0}) <= 0 && dec_cmp(hi, (gfa_dec){0, 0}) >= 0) {
                vrun_pass(d->v, r, what); /* zero within rounding: nothing left out */
            } else {
                finding *f = fail_cell(d->v, r, what, ux->table, ux->row, ux->col, 0, 0);
                if (f) {
                    f->expected = dec_text(sum.mid);
                    vrun_message(d->v, f,
                                 &(msg_args){.table = ux->number, .row = ux->row_name,
                                             .col = ux->col_label, .detail = detail.data});
                }
            }
            sb_free(&detail);
        }
    strmap_free(seen);
}

static void cons_units(dept_run *d, const rule *r)
{
    char what[128];
    snprintf(what, sizeof what, "consolidation %s/%s units", d->dept->entity_code, d->year);
    if (d->missing->nrows == 0) {
        vrun_pass(d->v, r, what);
        return;
    }
    for (size_t i = 0; i < d->missing->nrows; i++) {
        finding *f = vrun_fail(d->v, r, what, NULL);
        vrun_message(d->v, f,
                     &(msg_args){.a = rows_get(d->missing, i, 0),
                                 .b = rows_get(d->missing, i, 1) ? rows_get(d->missing, i, 1) : "",
                                 .text = d->year});
    }
}

static void run_consolidation_rules(void *ud)
{
    dept_run *d = ud;
    const ruleset *rs = d->k->rules;
    for (size_t i = 0; i < rs->count; i++) {
        const rule *r = &rs->rules[i];
        for (size_t j = 0; r->enabled && j < r->nchecks; j++) {
            const rule_check *c = &r->checks[j];
            if (c->kind != RK_CONSOLIDATION)
                continue;
            char what[128];
            snprintf(what, sizeof what, "consolidation %s/%s", d->dept->entity_code, d->year);
            if (c->check == CONS_UNITS)
                cons_units(d, r);
            else if (d->nunits == 0)
                vrun_unchecked(d->v, r, what, "no report of its units for that year is in the store");
            else if (d->missing->nrows)
                vrun_unchecked(d->v, r, what, "units the register names have no report in the store");
            else if (c->check == CONS_SUM)
                cons_sum(d, r, c);
            else
                cons_rows(d, r, c);
        }
    }
}

/* The units of a department: by the register or their report's 主管部门代码 (the entity's
 * parent), else by a code that extends the department's. */
static const char units_where[] =
    "r.report_kind = 'unit' AND r.fiscal_year = CAST($1 AS INTEGER) AND "
    "(EXISTS (SELECT 1 FROM entities e WHERE e.entity_code = r.entity_code "
    "AND e.parent_code = CAST($2 AS TEXT)) OR "
    "(NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_code = r.entity_code "
    "AND e.parent_code IS NOT NULL) AND (r.dept_code = CAST($2 AS TEXT) OR "
    "(length(r.entity_code) > length(CAST($2 AS TEXT)) AND "
    "substr(r.entity_code, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT)))))";

static store_err consolidate(checking *k, const stored_report *dept)
{
    dept_run d;
    memset(&d, 0, sizeof d);
    d.k = k;
    d.dept = dept;
    snprintf(d.year, sizeof d.year, "%d", dept->year);
    const char *p[] = {d.year, dept->entity_code};
    store_err e = stored_reports(k->s, k->c, units_where, p, 2, &d.units, &d.nunits, k->diags);
    const char *q[] = {dept->entity_code, d.year};
    if (e == SE_OK)
        e = store_exec(k->s, k->c,
                       "SELECT e.entity_code, e.name FROM entities e WHERE e.from_register "
                       "AND e.parent_code = CAST($1 AS TEXT) AND NOT EXISTS (SELECT 1 FROM "
                       "reports r WHERE r.entity_code = e.entity_code AND r.report_kind = "
                       "'unit' AND r.fiscal_year = CAST($2 AS INTEGER)) ORDER BY e.entity_code",
                       q, 2, &d.missing, k->diags);
    if (e == SE_OK)
        e = stored_cells_load(k->s, k->c, dept, &d.dc, k->diags);
    d.uc = e == SE_OK ? calloc(d.nunits + 1, sizeof *d.uc) : NULL;
    if (e == SE_OK && !d.uc)
        e = SE_NOMEM;
    for (size_t u = 0; e == SE_OK && u < d.nunits; u++)
        e = stored_cells_load(k->s, k->c, &d.units[u], &d.uc[u], k->diags);
    if (e == SE_OK)
        e = judge(k, dept, "consolidation", &d.v, run_consolidation_rules, &d);
    gfa_verdict_free(d.v);
    for (size_t u = 0; d.uc && u < d.nunits; u++)
        stored_cells_free(&d.uc[u]);
    free(d.uc);
    stored_cells_free(&d.dc);
    stored_reports_free(d.units, d.nunits);
    gfa_rows_free(d.missing);
    return e;
}

/* -------------------------------------------------------- year over year --- */

typedef struct yoy_run {
    checking *k;
    vrun *v;
    const stored_report *cur, *prior;
    stored_cells cc, pc;
    gfa_rows *figs; /* role, cell, value_in_unit, increase, line, pos, text */
} yoy_run;

/* A cell expression's value in a stored report, in the money unit 10^to_scale 元; false
 * when a table it names is not in the report or a cell is not a number. */
static bool expr_value(const stored_cells *sc, const stored_report *r, const cellexpr *e,
                       int to_scale, gfa_ival *out, const stored_cell **first)
{
    *out = ival_exact((gfa_dec){0, 0});
    if (first)
        *first = NULL;
    for (size_t i = 0; i < e->n; i++) {
        const cellref *ref = &e->refs[i];
        const char *table = ref->classes ? NULL : stored_pick_table(sc, &ref->tables);
        if (!table)
            return false;
        const stored_cell *x = stored_cell_get(sc, table, ref->row, ref->col);
        stored_cell zero = {.table = table, .row = ref->row, .col = ref->col,
                            .kind = CELL_BLANK, .value = {0, r->decimals}};
        if (!x)
            x = &zero; /* a row not printed counts as a blank */
        if (first && !*first && x != &zero)
            *first = x;
        gfa_ival v;
        if (x->kind == CELL_NA)
            v = ival_exact((gfa_dec){0, 0});
        else if (!stored_ival(x, r, to_scale, &v))
            return false;
        if (!ival_add(out, v, e->signs[i]))
            return false;
    }
    return true;
}

static bool row_true(const char *v)
{
    return v && (v[0] == '1' || v[0] == 't');
}

/* This year's and last year's value of a figure's quantity, and the change between them,
 * in this year's money unit. */
static bool change_of(yoy_run *y, const char *cell, gfa_ival *cur, gfa_ival *prior,
                      gfa_ival *change, const char **why)
{
    cellexpr e;
    char err[256];
    memset(&e, 0, sizeof e);
    bool ok = cell && cellexpr_compile(y->k->s->ctx, cell, &e, err, sizeof err);
    if (!ok)
        *why = cell ? "the cells of its quantity are not in the table definitions"
                    : "the narrative does not say which quantity changed";
    else if (!expr_value(&y->cc, y->cur, &e, y->cur->scale, cur, NULL))
        ok = false, *why = "this year's report does not print the quantity as a number";
    else if (!expr_value(&y->pc, y->prior, &e, y->cur->scale, prior, NULL))
        ok = false, *why = "last year's report does not print the quantity as a number";
    cellexpr_free(&e);
    *change = *cur;
    if (ok && !ival_add(change, *prior, -1))
        ok = false, *why = "the amounts are too large to compare exactly";
    return ok;
}

static finding *fail_figure(yoy_run *y, const rule *r, const char *what, size_t i)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.line = atol(rows_get(y->figs, i, 4) ? rows_get(y->figs, i, 4) : "0");
    at.pos = atol(rows_get(y->figs, i, 5) ? rows_get(y->figs, i, 5) : "0");
    return vrun_fail(y->v, r, what, &at);
}

/* The printed change or rate with its sign (减少/下降 negative). */
static bool signed_figure(const yoy_run *y, size_t i, gfa_dec *out)
{
    const char *v = rows_get(y->figs, i, 2);
    if (!v || dec_parse(v, strlen(v), out) != DEC_OK)
        return false;
    if (!row_true(rows_get(y->figs, i, 3)))
        *out = dec_neg(*out);
    return true;
}

static void yoy_figures(yoy_run *y, const rule *r, prior_check which)
{
    const char *role = which == PRIOR_CHANGE ? "delta" : "growth";
    for (size_t i = 0; i < y->figs->nrows; i++) {
        if (strcmp(rows_get(y->figs, i, 0), role) != 0)
            continue;
        const char *text = rows_get(y->figs, i, 6) ? rows_get(y->figs, i, 6) : "";
        char what[320];
        snprintf(what, sizeof what, "year over year line %s %s: %s",
                 rows_get(y->figs, i, 4) ? rows_get(y->figs, i, 4) : "0", role, text);
        gfa_ival cur, prior, change;
        gfa_dec printed, diff, allowed, mid;
        const char *why = NULL;
        if (!signed_figure(y, i, &printed) ||
            !change_of(y, rows_get(y->figs, i, 1), &cur, &prior, &change, &why)) {
            vrun_unchecked(y->v, r, what, why ? why : "the figure cannot be read");
            continue;
        }
        ival_status st;
        if (which == PRIOR_CHANGE)
            st = ival_overlap(ival_printed(printed, printed.scale), change, &diff, &allowed);
        else
            st = ival_percent(ival_printed(printed, printed.scale), change, prior,
                              printed.scale + 2, &mid);
        if (st == IVAL_CONSISTENT) {
            vrun_pass(y->v, r, what);
            continue;
        }
        if (st == IVAL_UNDEFINED || st == IVAL_OVERFLOW) {
            vrun_unchecked(y->v, r, what, st == IVAL_UNDEFINED
                                              ? "last year's figure is zero or too small for its rounding to tell"
                                              : "the amounts are too large to compare exactly");
            continue;
        }
        finding *f = fail_figure(y, r, what, i);
        if (!f)
            continue;
        if (which == PRIOR_CHANGE) {
            set_values(f, printed, change.mid, diff, allowed);
        } else {
            f->reported = dec_text(printed);
            f->expected = dec_text(dec_round(mid, printed.scale));
        }
        char *a = dec_text(cur.mid), *b = dec_text(prior.mid);
        vrun_message(y->v, f, &(msg_args){.text = text, .a = a, .b = b});
        free(a);
        free(b);
    }
}

/* a of this year's report = b of last year's (年初结转和结余 = 上年年末结转和结余). */
static void yoy_equal(yoy_run *y, const rule *r, const rule_check *c)
{
    char what[320];
    snprintf(what, sizeof what, "year over year %s = last year's %s", c->a.text, c->b.text);
    gfa_ival av, bv;
    const stored_cell *ax = NULL, *bx = NULL;
    if (!expr_value(&y->cc, y->cur, &c->a, y->cur->scale, &av, &ax) || !ax) {
        vrun_unchecked(y->v, r, what, "this year's report does not print the cell");
        return;
    }
    if (!expr_value(&y->pc, y->prior, &c->b, y->cur->scale, &bv, &bx) || !bx) {
        vrun_unchecked(y->v, r, what, "last year's report does not print the cell");
        return;
    }
    gfa_dec diff, allowed;
    ival_status st = ival_same(av, bv, &diff, &allowed);
    if (st == IVAL_CONSISTENT) {
        vrun_pass(y->v, r, what);
        return;
    }
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(y->v, r, what, "the amounts are too large to compare exactly");
        return;
    }
    finding *f = fail_cell(y->v, r, what, ax->table, ax->row, ax->col, ax->line, ax->pos);
    if (!f)
        return;
    if (st == IVAL_ROUNDING && f->severity > GFA_SEV_INCONSISTENCY)
        f->severity = GFA_SEV_INCONSISTENCY; /* rounding could explain it */
    set_values(f, av.mid, bv.mid, diff, allowed);
    vrun_message(y->v, f, &(msg_args){.table = ax->number, .row = ax->row_name,
                                      .col = ax->col_label, .a = bx->row_name});
}

static void run_yoy_rules(void *ud)
{
    yoy_run *y = ud;
    const ruleset *rs = y->k->rules;
    char last[16];
    snprintf(last, sizeof last, "%d", y->cur->year - 1);
    for (size_t i = 0; i < rs->count; i++) {
        const rule *r = &rs->rules[i];
        for (size_t j = 0; r->enabled && j < r->nchecks; j++) {
            const rule_check *c = &r->checks[j];
            if (c->kind != RK_PRIOR && c->kind != RK_PRIOR_EQUAL)
                continue;
            char what[128];
            snprintf(what, sizeof what, "year over year %s/%d/%s", y->cur->entity_code,
                     y->cur->year, y->cur->kind);
            bool missing = c->kind == RK_PRIOR && c->check == PRIOR_MISSING;
            if (!y->prior && missing)
                vrun_message(y->v, vrun_fail(y->v, r, what, NULL), &(msg_args){.text = last});
            else if (missing)
                vrun_pass(y->v, r, what);
            else if (!y->prior)
                vrun_unchecked(y->v, r, what, "last year's report is not in the store");
            else if (c->kind == RK_PRIOR_EQUAL)
                yoy_equal(y, r, c);
            else
                yoy_figures(y, r, (prior_check)c->check);
        }
    }
}

static store_err year_over_year(checking *k, const stored_report *cur)
{
    yoy_run y;
    memset(&y, 0, sizeof y);
    y.k = k;
    y.cur = cur;
    char last[16];
    snprintf(last, sizeof last, "%d", cur->year - 1);
    const char *p[] = {cur->entity_code, cur->kind, last};
    stored_report *prior = NULL;
    size_t np = 0;
    store_err e = stored_reports(k->s, k->c,
                                 "r.entity_code = CAST($1 AS TEXT) AND r.report_kind = "
                                 "CAST($2 AS TEXT) AND r.fiscal_year = CAST($3 AS INTEGER)",
                                 p, 3, &prior, &np, k->diags);
    y.prior = np ? prior : NULL;
    const char *q[] = {cur->id};
    if (e == SE_OK && y.prior)
        e = store_exec(k->s, k->c,
                       "SELECT role, cell, value_in_unit, increase, line, pos, text FROM "
                       "narrative_figures WHERE report_id = $1 AND role IN ('delta', 'growth') "
                       "ORDER BY seq",
                       q, 1, &y.figs, k->diags);
    if (e == SE_OK && y.prior)
        e = stored_cells_load(k->s, k->c, cur, &y.cc, k->diags);
    if (e == SE_OK && y.prior)
        e = stored_cells_load(k->s, k->c, y.prior, &y.pc, k->diags);
    if (e == SE_OK)
        e = judge(k, cur, "year-over-year", &y.v, run_yoy_rules, &y);
    gfa_verdict_free(y.v);
    stored_cells_free(&y.cc);
    stored_cells_free(&y.pc);
    gfa_rows_free(y.figs);
    stored_reports_free(prior, np);
    return e;
}

/* ------------------------------------------------------------- driver --- */

static const char filter_where[] =
    "(CAST($1 AS INTEGER) IS NULL OR r.fiscal_year = CAST($1 AS INTEGER)) AND "
    "(CAST($2 AS TEXT) IS NULL OR r.entity_code = CAST($2 AS TEXT))";

static store_err run_checks(checking *k, unsigned which)
{
    char year[16];
    snprintf(year, sizeof year, "%d", k->opt ? k->opt->year : 0);
    const char *p[] = {k->opt && k->opt->year ? year : NULL, k->opt ? k->opt->entity : NULL};
    stored_report *reps = NULL;
    size_t n = 0;
    store_err e = stored_reports(k->s, k->c, filter_where, p, 2, &reps, &n, k->diags);
    for (size_t i = 0; e == SE_OK && i < n; i++)
        if ((which & GFA_CHECK_CONSOLIDATION) && !strcmp(reps[i].kind, "department"))
            e = consolidate(k, &reps[i]);
    for (size_t i = 0; e == SE_OK && i < n; i++)
        if (which & GFA_CHECK_YEAR_OVER_YEAR)
            e = year_over_year(k, &reps[i]);
    stored_reports_free(reps, n);
    return e;
}

/* The findings of a verdict as rows of the findings table. */
static void finding_rows(rowset *rs, const vrun *v, const char *origin)
{
    for (size_t i = 0; i < v->nfindings; i++) {
        const finding *f = &v->findings[i];
        rowset_add(rs, origin);
        rowset_addl(rs, (long)i + 1);
        rowset_add(rs, f->id);
        rowset_add(rs, f->rule->id);
        rowset_add(rs, gfa_severity_name(f->severity));
        rowset_add(rs, f->message);
        rowset_addl(rs, f->line);
        rowset_addl(rs, f->pos);
        const char *vals[] = {f->table, f->row, f->col, f->xpath, f->reported, f->expected,
                              f->difference, f->tolerance,
                              f->cause >= 0 ? v->findings[f->cause].id : NULL};
        for (size_t k = 0; k < ARRAY_LEN(vals); k++)
            rowset_add(rs, vals[k]);
        strbuf cells;
        sb_init(&cells);
        for (size_t c = 0; c < f->ncells; c++) {
            char *cell = finding_cell_text(&f->cells[c]);
            sb_addf(&cells, "%s%s", c ? "; " : "", cell ? cell : "");
            free(cell);
        }
        rowset_add(rs, cells.len ? cells.data : NULL);
        sb_free(&cells);
    }
}

/* Each verdict's findings replace the report's earlier ones of the same origin. */
static store_err record(checking *k)
{
    gfa_store *s = k->s;
    if (s->be->one_writer)
        pthread_mutex_lock(&s->write_lock);
    store_err e = s->be->begin(k->c, TXN_WRITE, k->diags);
    for (size_t i = 0; e == SE_OK && i < k->n; i++) {
        const char *p[] = {k->ids[i], k->origins[i]};
        e = store_exec(s, k->c, "DELETE FROM findings WHERE report_id = $1 AND origin = $2", p,
                       2, NULL, k->diags);
        rowset rs;
        rowset_init(&rs, &store_findings_table);
        finding_rows(&rs, k->verdicts[i], k->origins[i]);
        if (e == SE_OK)
            e = rs.failed ? SE_NOMEM : s->be->bulk(k->c, k->ids[i], &rs, k->diags);
        rowset_free(&rs);
    }
    if (e == SE_OK)
        e = s->be->commit(k->c, k->diags);
    else
        s->be->rollback(k->c);
    if (s->be->one_writer)
        pthread_mutex_unlock(&s->write_lock);
    return e;
}

gfa_status gfa_store_check(gfa_store *s, const gfa_validator *validator,
                           const gfa_check_options *opt, gfa_verdict ***out, size_t *n,
                           gfa_diags *diags)
{
    *out = NULL;
    *n = 0;
    if (!validator)
        return GFA_ERR_USAGE;
    checking k = {.s = s, .val = validator, .rules = validator_rules(validator), .opt = opt,
                  .diags = diags};
    unsigned which = opt && opt->checks ? opt->checks
                                        : GFA_CHECK_CONSOLIDATION | GFA_CHECK_YEAR_OVER_YEAR;
    bool rec = opt && opt->record && !(s->flags & GFA_STORE_READ_ONLY);
    k.c = store_take(s, diags);
    if (!k.c)
        return GFA_ERR_IO;
    store_err e = s->be->begin(k.c, TXN_READ, diags);
    if (e == SE_OK) {
        e = run_checks(&k, which);
        s->be->rollback(k.c); /* read only: nothing to keep */
    }
    if (e == SE_OK && rec)
        e = record(&k);
    store_give(s, k.c, e == SE_CONNECT);
    for (size_t i = 0; i < k.n; i++)
        free(k.ids[i]);
    free(k.ids);
    free(k.origins);
    if (e != SE_OK) {
        for (size_t i = 0; i < k.n; i++)
            gfa_verdict_free(k.verdicts[i]);
        free(k.verdicts);
        return store_status(e);
    }
    *out = k.verdicts;
    *n = k.n;
    return GFA_OK;
}
