/* check_calc.c — the arithmetic rule kinds: hierarchy (parent = Σ children), a total row =
 * Σ class rows, column and row identities, equal and ≤ across tables, empty tables.
 *
 * Arithmetic is Calculations 1.1 (validation.md): a value printed with d decimals stands
 * for [v − u/2, v + u/2], u = 10^-d; a sum is consistent when the intervals overlap. The
 * same quantity printed twice with the same precision must be equal; a difference that
 * rounding could explain is reported as an inconsistency, never as an error. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 256

static bool is_g(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}

/* ------------------------------------------------------------- terms --- */

typedef struct term {
    const fact *f;  /* NULL: the row is not printed (zero) */
    int sign;
    char table[16], row[48], col[48];
} term;

typedef enum term_state { TERM_OK, TERM_NO_TABLE, TERM_NOT_NUMBER } term_state;

/* Resolves one TABLES/ROW/COL reference; row_subst replaces "@classes". */
static term_state resolve(const vrun *v, const char *ref, const char *row_subst, term *t)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", ref);
    char *s1 = strchr(buf, '/');
    char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s1 || !s2)
        return TERM_NO_TABLE;
    *s1 = *s2 = '\0';
    const table_info *ti = facts_pick_table(&v->facts, buf);
    if (!ti)
        return TERM_NO_TABLE;
    const char *row = (s1[1] == '@' && row_subst) ? row_subst : s1 + 1;
    snprintf(t->table, sizeof t->table, "%s", ti->def);
    snprintf(t->row, sizeof t->row, "%s", row);
    snprintf(t->col, sizeof t->col, "%s", s2 + 1);
    t->f = facts_get(&v->facts, ti->def, row, s2 + 1);
    if (t->f && t->f->kind == CELL_TEXT)
        return TERM_NOT_NUMBER;
    return TERM_OK;
}

/* Parses "A + B - C" into terms; returns the number of terms or -1 (with *why). */
static int parse_expr(const vrun *v, const char *expr, const char *row_subst, term *terms,
                      int max, const char **why)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", expr);
    int n = 0, sign = 1;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (!strcmp(w, "+")) {
            sign = 1;
            continue;
        }
        if (!strcmp(w, "-")) {
            sign = -1;
            continue;
        }
        if (n >= max)
            break;
        term_state st = resolve(v, w, row_subst, &terms[n]);
        if (st == TERM_NO_TABLE) {
            *why = "a table it needs is not in the report";
            return -1;
        }
        if (st == TERM_NOT_NUMBER) {
            *why = "a cell it needs is not a number";
            return -1;
        }
        terms[n++].sign = sign;
        sign = 1;
    }
    return n;
}

/* Counts (rows with a unit such as 辆) are exact: a vehicle is not rounded. */
#define EXACT_SCALE 12

static bool is_count(const fact *f)
{
    return f && f->row_node && xmlHasProp(f->row_node, BAD_CAST "unit");
}

/* The interval of a term, without its sign: the printed value, or zero at the declared
 * precision for a blank, a "——" or a row that is not printed. */
static gfa_ival term_ival(const vrun *v, const term *t)
{
    if (t->f && t->f->kind == CELL_NUMBER)
        return ival_printed(t->f->value, is_count(t->f) ? EXACT_SCALE : t->f->value.scale);
    gfa_dec zero = {0, v->facts.decimals};
    return ival_printed(zero, v->facts.decimals);
}

/* Σ sign × term; false on overflow. */
static bool sum_terms(const vrun *v, const term *t, int n, gfa_ival *sum)
{
    *sum = ival_exact((gfa_dec){0, 0});
    for (int i = 0; i < n; i++)
        if (!ival_add(sum, term_ival(v, &t[i]), t[i].sign))
            return false;
    return true;
}

static void what_of(char *out, size_t cap, const char *table, const char *row, const char *col)
{
    snprintf(out, cap, "%s/%s/%s", table, row, col);
}

/* total = Σ terms: records pass or a finding. The total fact must be a number or blank. */
static void check_sum(vrun *v, const rule *r, const fact *total, const term *terms, int n)
{
    char what[160];
    what_of(what, sizeof what, total->table, total->row, total->col);
    if (total->kind == CELL_NA) {
        vrun_unchecked(v, r, what, "the total is printed as not applicable (——)");
        return;
    }
    if (total->kind == CELL_TEXT) {
        vrun_unchecked(v, r, what, "the total is not a number");
        return;
    }
    int total_scale = is_count(total)                ? EXACT_SCALE
                      : total->kind == CELL_NUMBER ? total->value.scale
                                                   : v->facts.decimals;
    gfa_ival sum;
    gfa_dec diff, allowed;
    ival_status st = sum_terms(v, terms, n, &sum)
                         ? ival_overlap(ival_printed(total->value, total_scale), sum, &diff, &allowed)
                         : IVAL_OVERFLOW;
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to check exactly");
        return;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        return;
    }
    finding *f = vrun_fail(v, r, what, total);
    if (!f)
        return;
    f->reported = dec_text(total->value);
    f->expected = dec_text(sum.mid);
    f->difference = dec_text(diff);
    f->tolerance = dec_text(allowed);
    for (int i = 0; i < n; i++)
        finding_add_cell(f, terms[i].f);
    vrun_message(v, f, NULL);
}

/* ------------------------------------------------------- table walking --- */

typedef struct code_row {
    const char *code;
    xmlNodePtr row;
} code_row;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const code_row *)a)->code, ((const code_row *)b)->code);
}

/* Column ids of a part. */
static int part_columns(xmlNodePtr part, const char **cols, int max)
{
    int n = 0;
    for (xmlNodePtr c = part->children; c && n < max; c = c->next)
        if (is_g(c, "column") && xml_attr(c, "id"))
            cols[n++] = xml_attr(c, "id");
    return n;
}

static void check_hierarchy(vrun *v, const rule *r, const char *axis)
{
    for (size_t t = 0; t < v->facts.ntables; t++) {
        const table_info *ti = &v->facts.tables[t];
        for (xmlNodePtr p = ti->node->children; p; p = p->next) {
            if (!is_g(p, "part") || !xml_attr(p, "axis") || strcmp(xml_attr(p, "axis"), axis))
                continue;
            code_row rows[2048];
            size_t n = 0;
            for (xmlNodePtr row = p->children; row && n < 2048; row = row->next)
                if (is_g(row, "row") && xml_attr(row, "code"))
                    rows[n++] = (code_row){xml_attr(row, "code"), row};
            qsort(rows, n, sizeof *rows, cmp_code);
            const char *cols[64];
            int ncols = part_columns(p, cols, 64);
            for (size_t i = 0; i < n; i++) {
                size_t plen = strlen(rows[i].code);
                term kids[MAX_TERMS];
                int nk = 0;
                for (size_t j = i + 1; j < n && !strncmp(rows[j].code, rows[i].code, plen); j++)
                    if (strlen(rows[j].code) == plen + 2 && nk < MAX_TERMS) {
                        snprintf(kids[nk].row, sizeof kids[nk].row, "%s", rows[j].code);
                        kids[nk].sign = 1;
                        nk++;
                    }
                if (nk == 0)
                    continue;
                for (int c = 0; c < ncols; c++) {
                    const fact *parent = facts_get(&v->facts, ti->def, rows[i].code, cols[c]);
                    if (!parent)
                        continue;
                    bool text = false;
                    for (int k = 0; k < nk; k++) {
                        kids[k].f = facts_get(&v->facts, ti->def, kids[k].row, cols[c]);
                        text |= kids[k].f && kids[k].f->kind == CELL_TEXT;
                    }
                    if (text) {
                        char what[160];
                        what_of(what, sizeof what, ti->def, rows[i].code, cols[c]);
                        vrun_unchecked(v, r, what, "a child cell is not a number");
                        continue;
                    }
                    check_sum(v, r, parent, kids, nk);
                }
            }
        }
    }
}

/* Keys of the 功能分类 类 rows (level 1) of a table. */
static int class_rows(const table_info *ti, const char **keys, int max)
{
    int n = 0;
    for (xmlNodePtr p = ti->node->children; p; p = p->next)
        for (xmlNodePtr row = is_g(p, "part") ? p->children : NULL; row && n < max; row = row->next)
            if (is_g(row, "row") && xml_attr(row, "level") && !strcmp(xml_attr(row, "level"), "1"))
                n += xml_attr(row, "key") ? (keys[n] = xml_attr(row, "key"), 1) : 0;
    return n;
}

static void check_classes_sum(vrun *v, const rule *r, const char *axis, const char *total)
{
    for (size_t t = 0; t < v->facts.ntables; t++) {
        const table_info *ti = &v->facts.tables[t];
        for (xmlNodePtr p = ti->node->children; p; p = p->next) {
            if (!is_g(p, "part") || !xml_attr(p, "axis") || strcmp(xml_attr(p, "axis"), axis))
                continue;
            const char *keys[512];
            int nk = class_rows(ti, keys, 512);
            const char *cols[64];
            int ncols = part_columns(p, cols, 64);
            for (int c = 0; c < ncols; c++) {
                const fact *tot = facts_get(&v->facts, ti->def, total, cols[c]);
                if (!tot)
                    continue;
                term terms[MAX_TERMS];
                int n = 0;
                bool text = false;
                for (int k = 0; k < nk && n < MAX_TERMS; k++) {
                    terms[n].f = facts_get(&v->facts, ti->def, keys[k], cols[c]);
                    text |= terms[n].f && terms[n].f->kind == CELL_TEXT;
                    terms[n++].sign = 1;
                }
                if (text) {
                    char what[160];
                    what_of(what, sizeof what, ti->def, total, cols[c]);
                    vrun_unchecked(v, r, what, "a class cell is not a number");
                    continue;
                }
                if (n > 0)
                    check_sum(v, r, tot, terms, n);
            }
        }
    }
}

/* Splits a space-separated list into words (in buf). */
static int words(const char *list, char *buf, size_t cap, char **out, int max)
{
    snprintf(buf, cap, "%s", list ? list : "");
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
        out[n++] = w;
    return n;
}

static void check_columns(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = facts_pick_table(&v->facts, rule_attr(c, "tables"));
    const char *total = rule_attr(c, "total");
    const char *only_part = rule_attr(c, "part");
    if (!ti || !total) {
        vrun_unchecked(v, r, rule_attr(c, "tables"), "the table is not in the report");
        return;
    }
    char buf[512];
    char *sum[64];
    int ns = words(rule_attr(c, "sum"), buf, sizeof buf, sum, 64);
    for (xmlNodePtr p = ti->node->children; p; p = p->next) {
        if (!is_g(p, "part") || (only_part && strcmp(xml_attr(p, "id"), only_part)))
            continue;
        for (xmlNodePtr row = p->children; row; row = row->next) {
            if (!is_g(row, "row") || xml_attr(row, "heading"))
                continue;
            const char *key = xml_attr(row, "key");
            const fact *tot = key ? facts_get(&v->facts, ti->def, key, total) : NULL;
            if (!tot)
                continue;
            term terms[64];
            int n = 0;
            bool text = false;
            for (int k = 0; k < ns; k++) {
                const char *col = sum[k][0] == '-' ? sum[k] + 1 : sum[k];
                terms[n].sign = sum[k][0] == '-' ? -1 : 1;
                terms[n].f = facts_get(&v->facts, ti->def, key, col);
                text |= terms[n].f && terms[n].f->kind == CELL_TEXT;
                n++;
            }
            if (text) {
                char what[160];
                what_of(what, sizeof what, ti->def, key, total);
                vrun_unchecked(v, r, what, "a cell of the row is not a number");
                continue;
            }
            check_sum(v, r, tot, terms, n);
        }
    }
}

static void check_rows(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = facts_pick_table(&v->facts, rule_attr(c, "tables"));
    const char *total = rule_attr(c, "total");
    if (!ti || !total) {
        vrun_unchecked(v, r, rule_attr(c, "tables"), "the table is not in the report");
        return;
    }
    char cbuf[256], sbuf[1024];
    char *cols[16], *sum[64];
    int nc = words(rule_attr(c, "col"), cbuf, sizeof cbuf, cols, 16);
    int ns = words(rule_attr(c, "sum"), sbuf, sizeof sbuf, sum, 64);
    const char *classes[512];
    int ncl = -1;
    for (int k = 0; k < nc; k++) {
        char what[160];
        what_of(what, sizeof what, ti->def, total, cols[k]);
        const fact *tot = facts_get(&v->facts, ti->def, total, cols[k]);
        if (!tot) {
            vrun_unchecked(v, r, what, "the total row is not printed");
            continue;
        }
        term terms[MAX_TERMS];
        int n = 0;
        bool text = false;
        for (int s = 0; s < ns; s++) {
            if (!strcmp(sum[s], "@classes")) {
                if (ncl < 0)
                    ncl = class_rows(ti, classes, 512);
                for (int m = 0; m < ncl && n < MAX_TERMS; m++) {
                    terms[n].f = facts_get(&v->facts, ti->def, classes[m], cols[k]);
                    text |= terms[n].f && terms[n].f->kind == CELL_TEXT;
                    terms[n++].sign = 1;
                }
            } else if (n < MAX_TERMS) {
                terms[n].f = facts_get(&v->facts, ti->def, sum[s], cols[k]);
                text |= terms[n].f && terms[n].f->kind == CELL_TEXT;
                terms[n++].sign = 1;
            }
        }
        if (text)
            vrun_unchecked(v, r, what, "a cell it needs is not a number");
        else
            check_sum(v, r, tot, terms, n);
    }
}

/* --------------------------------------------------------- equal and ≤ --- */

static char *expr_text(const vrun *v, const term *t, int n)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++) {
        char buf[64];
        sb_addf(&sb, "%s%s", i ? (t[i].sign < 0 ? " − " : " + ") : "",
                dec_format(dec_abs(term_ival(v, &t[i]).mid), buf, sizeof buf));
    }
    return sb_take(&sb);
}

/* A = B (equal) or A ≤ B (le) for one pair of expressions. */
static void compare(vrun *v, const rule *r, const char *ea, const char *eb, const char *row,
                    bool le)
{
    term ta[32], tb[32];
    const char *why = NULL;
    int na = parse_expr(v, ea, row, ta, 32, &why);
    int nb = na >= 0 ? parse_expr(v, eb, row, tb, 32, &why) : -1;
    char what[320];
    snprintf(what, sizeof what, "%s %s %s%s%s", ea, le ? "≤" : "=", eb, row ? " @" : "",
             row ? row : "");
    if (na < 0 || nb < 0) {
        vrun_unchecked(v, r, what, why);
        return;
    }
    /* rows that neither side prints: nothing to compare */
    bool any = false;
    for (int i = 0; i < na; i++)
        any |= ta[i].f != NULL;
    for (int i = 0; i < nb; i++)
        any |= tb[i].f != NULL;
    if (!any)
        return;
    gfa_ival sa, sb;
    gfa_dec diff, allowed;
    ival_status st = !sum_terms(v, ta, na, &sa) || !sum_terms(v, tb, nb, &sb) ? IVAL_OVERFLOW
                     : le ? ival_le(sa, sb, &diff, &allowed)
                          : ival_same(sa, sb, &diff, &allowed);
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to compare");
        return;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        return;
    }
    /* printed twice with the same precision but unequal, yet rounding could explain it:
     * flagged, as an inconsistency rather than an error */
    gfa_severity sev = r->severity;
    if (st == IVAL_ROUNDING && sev > GFA_SEV_INCONSISTENCY)
        sev = GFA_SEV_INCONSISTENCY;
    const fact *at = NULL;
    for (int i = 0; i < na && !at; i++)
        at = ta[i].f;
    finding *f = vrun_fail(v, r, what, at);
    if (!f)
        return;
    f->severity = sev;
    if (!at && na > 0) { /* the row is not printed on side A: point at the table */
        f->table = strdup(ta[0].table);
        f->row = strdup(ta[0].row);
        f->col = strdup(ta[0].col);
    }
    f->reported = dec_text(sa.mid);
    f->expected = dec_text(sb.mid);
    f->difference = dec_text(diff);
    f->tolerance = dec_text(allowed);
    for (int i = 0; i < na; i++)
        if (ta[i].f && ta[i].f != at)
            finding_add_cell(f, ta[i].f);
    for (int i = 0; i < nb; i++)
        finding_add_cell(f, tb[i].f);
    char *a = expr_text(v, ta, na), *b = expr_text(v, tb, nb);
    vrun_message(v, f, &(msg_args){.a = a, .b = b});
    free(a);
    free(b);
}

static void check_pair(vrun *v, const rule *r, const rule_check *c, bool le)
{
    const char *ea = rule_attr(c, "a"), *eb = rule_attr(c, "b");
    if (!ea || !eb)
        return;
    if (!strstr(ea, "@classes") && !strstr(eb, "@classes")) {
        compare(v, r, ea, eb, NULL, le);
        return;
    }
    /* row by row over the 类 rows either side prints */
    char ta[64], tb[64];
    snprintf(ta, sizeof ta, "%.*s", (int)strcspn(ea, "/"), ea);
    snprintf(tb, sizeof tb, "%.*s", (int)strcspn(eb, "/"), eb);
    const table_info *ia = facts_pick_table(&v->facts, ta), *ib = facts_pick_table(&v->facts, tb);
    if (!ia || !ib) {
        vrun_unchecked(v, r, ea, "a table it needs is not in the report");
        return;
    }
    const char *keys[1024];
    int n = class_rows(ia, keys, 512);
    n += class_rows(ib, keys + n, 512);
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = !strcmp(keys[i], keys[j]);
        if (!seen)
            compare(v, r, ea, eb, keys[i], le);
    }
}

/* ------------------------------------------------------- empty tables --- */

static void check_empty_table(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = facts_pick_table(&v->facts, rule_attr(c, "table"));
    term t;
    const char *why = NULL;
    char what[160];
    snprintf(what, sizeof what, "%s empty ⇔ %s", rule_attr(c, "table"), rule_attr(c, "cell"));
    if (!ti || parse_expr(v, rule_attr(c, "cell"), NULL, &t, 1, &why) != 1) {
        vrun_unchecked(v, r, what, ti ? why : "the table is not in the report");
        return;
    }
    gfa_dec value = term_ival(v, &t).mid;
    bool zero = dec_is_zero(value);
    if (ti->empty == zero) {
        vrun_pass(v, r, what);
        return;
    }
    finding *f = vrun_fail_table(v, r, what, ti);
    if (!f)
        return;
    char *val = dec_text(value), *detail = NULL;
    if (asprintf(&detail, "%s，但 %s/%s 为 %s", ti->empty ? "没有数据" : "有数据", t.table, t.row,
                 val ? val : "") < 0)
        detail = NULL;
    f->reported = val;
    finding_add_cell(f, t.f);
    vrun_message(v, f, &(msg_args){.detail = detail});
    free(detail);
}

static void check_empty_markers(vrun *v, const rule *r)
{
    for (size_t i = 0; i < v->facts.ntables; i++) {
        const table_info *ti = &v->facts.tables[i];
        const table_def *td = table_defs_find(&v->ctx->defs, ti->def);
        if (!ti->empty || (td && td->kind == TABLE_PERFORMANCE))
            continue;
        char what[64];
        snprintf(what, sizeof what, "%s marker", ti->def);
        if (ti->has_marker) {
            vrun_pass(v, r, what);
            continue;
        }
        finding *f = vrun_fail_table(v, r, what, ti);
        if (f)
            vrun_message(v, f, NULL);
    }
}

void check_calc(vrun *v, const rule *r, const rule_check *c)
{
    switch (c->kind) {
    case RK_HIERARCHY: check_hierarchy(v, r, rule_attr(c, "axis")); break;
    case RK_CLASSES_SUM:
        check_classes_sum(v, r, rule_attr(c, "axis"), rule_attr(c, "total"));
        break;
    case RK_COLUMNS: check_columns(v, r, c); break;
    case RK_ROWS: check_rows(v, r, c); break;
    case RK_EQUAL: check_pair(v, r, c, false); break;
    case RK_LE: check_pair(v, r, c, true); break;
    case RK_EMPTY_TABLE: check_empty_table(v, r, c); break;
    case RK_EMPTY_MARKER: check_empty_markers(v, r); break;
    default: break;
    }
}
