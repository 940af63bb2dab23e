/* check_calc.c — the arithmetic rule kinds: hierarchy (parent = Σ children), a total row =
 * Σ class rows (both also in tables no definition describes), column and row identities,
 * equal and ≤ across tables, empty tables.
 *
 * Arithmetic is Calculations 1.1 (validation.md): a value printed with d decimals stands
 * for [v − u/2, v + u/2], u = 10^-d; a sum is consistent when the intervals overlap. The
 * same quantity printed twice with the same precision must be equal; a difference that
 * rounding could explain is reported as an inconsistency, never as an error. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- terms --- */

typedef struct term {
    const fact *f;  /* NULL: the row is not printed (zero) */
    int sign;
    const char *table, *row, *col; /* where it is, printed or not */
} term;

/* n terms, or NULL when memory ran out (the run then ends without a verdict). */
static term *terms_new(vrun *v, size_t n)
{
    term *t = calloc(n ? n : 1, sizeof *t);
    if (!t)
        v->out_of_memory = true;
    return t;
}

/* Looks up the terms of a compiled expression in the report, row standing for @classes;
 * false with the reason when a table is missing or a cell is not a number. */
static bool resolve(const vrun *v, const cellexpr *e, const char *row, term *terms,
                    const char **why)
{
    for (size_t i = 0; i < e->n; i++) {
        const cellref *ref = &e->refs[i];
        const table_info *ti = tableset_pick(&ref->tables, &v->facts);
        if (!ti) {
            *why = "a table it needs is not in the report";
            return false;
        }
        term *t = &terms[i];
        t->sign = e->signs[i];
        t->table = ti->def;
        t->row = ref->classes ? row : ref->row;
        t->col = ref->col;
        t->f = facts_get(&v->facts, t->table, t->row, t->col);
        if (t->f && t->f->kind == CELL_TEXT) {
            *why = "a cell it needs is not a number";
            return false;
        }
    }
    return true;
}

/* Looks the row's cells up for each sum term (a column, or a row with @classes standing
 * for the class rows); returns whether one is text. */
static bool lookup(const vrun *v, const char *table, term *t, size_t n)
{
    bool text = false;
    for (size_t i = 0; i < n; i++) {
        t[i].f = facts_get(&v->facts, table, t[i].row, t[i].col);
        text |= t[i].f && t[i].f->kind == CELL_TEXT;
    }
    return text;
}

/* Counts (rows with a unit such as 辆) are exact: a vehicle is not rounded, and a blank
 * count is exactly none. */
static bool is_count(const fact *f)
{
    return f && f->row_node && xmlHasProp(f->row_node, BAD_CAST "unit");
}

/* The interval of a printed value: exact for a count, else its printed precision. */
static gfa_ival printed_ival(const fact *f, int decimals)
{
    return is_count(f) ? ival_exact(f->value) : ival_printed(f->value, decimals);
}

/* The interval of a term, without its sign: the printed value, or zero at the declared
 * precision for a blank, a "——" or a row that is not printed (exactly zero among counts). */
static gfa_ival term_ival(const vrun *v, const term *t, bool counts)
{
    if (t->f && t->f->kind == CELL_NUMBER)
        return printed_ival(t->f, t->f->value.scale);
    if (counts || is_count(t->f))
        return ival_exact((gfa_dec){0, 0});
    gfa_dec zero = {0, v->facts.decimals};
    return ival_printed(zero, v->facts.decimals);
}

/* Σ sign × term; false on overflow. counts: the terms are counts (a total of counts). */
static bool sum_terms(const vrun *v, const term *t, size_t n, bool counts, gfa_ival *sum)
{
    *sum = ival_exact((gfa_dec){0, 0});
    for (size_t i = 0; i < n; i++)
        if (!ival_add(sum, term_ival(v, &t[i], counts), t[i].sign))
            return false;
    return true;
}

/* Adds the terms to an identity (the printed ones as values, the rest as constants). */
static void identity_terms(vrun *v, identity *id, const term *t, size_t n, bool counts, int sign)
{
    for (size_t i = 0; i < n; i++) {
        int k = vrun_value_cell(v, t[i].f);
        if (k >= 0)
            identity_add(id, k, sign * t[i].sign);
        else if (!ival_add(&id->konst, term_ival(v, &t[i], counts), sign * t[i].sign))
            id->broken = true;
    }
}

static void what_of(char *out, size_t cap, const char *table, const char *row, const char *col)
{
    slash_key(out, cap, table, row, col);
}

/* total = Σ terms: records pass or a finding. The total fact must be a number or blank.
 * args (may be NULL) name what the message cannot look up (tables no definition describes). */
static void check_sum(vrun *v, const rule *r, const fact *total, const term *terms, size_t n,
                      const msg_args *args)
{
    char what[160];
    what_of(what, sizeof what, total->table, total->row, total->col);
    if (total->kind == CELL_NA) {
        /* a branch printed not applicable throughout holds; a total printed —— over
         * amounts does not */
        bool amounts = false;
        for (size_t i = 0; i < n; i++)
            amounts |= terms[i].f && terms[i].f->kind == CELL_NUMBER && !dec_is_zero(terms[i].f->value);
        if (!amounts) {
            vrun_pass(v, r, what);
            return;
        }
        finding *f = vrun_fail(v, r, what, total);
        if (!f)
            return;
        gfa_ival sum;
        f->reported = strdup(xml_attr(total->node, "text") ? xml_attr(total->node, "text") : "——");
        if (sum_terms(v, terms, n, is_count(total), &sum))
            f->expected = dec_text(sum.mid);
        for (size_t i = 0; i < n; i++)
            finding_add_cell(f, terms[i].f);
        vrun_message(v, f, NULL);
        return;
    }
    if (total->kind == CELL_TEXT) {
        vrun_unchecked(v, r, what, "the total is not a number");
        return;
    }
    int total_scale = total->kind == CELL_NUMBER ? total->value.scale : v->facts.decimals;
    gfa_ival sum;
    gfa_dec diff, allowed;
    ival_status st = sum_terms(v, terms, n, is_count(total), &sum)
                         ? ival_overlap(printed_ival(total, total_scale), sum, &diff, &allowed)
                         : IVAL_OVERFLOW;
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to check exactly");
        return;
    }
    identity id;
    identity_init(&id, ID_SUM, r);
    identity_add(&id, vrun_value_cell(v, total), 1);
    identity_terms(v, &id, terms, n, is_count(total), -1);
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    finding *f = vrun_fail(v, r, what, total);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    if (is_count(total))
        f->kind = VK_COUNT;
    f->reported = dec_text(total->value);
    f->expected = dec_text(sum.mid);
    f->difference = dec_text(diff);
    f->tolerance = dec_text(allowed);
    for (size_t i = 0; i < n; i++)
        finding_add_cell(f, terms[i].f);
    vrun_message(v, f, args);
}

/* ------------------------------------------------------- table walking --- */

static const char *axis_name(axis_kind axis)
{
    return axis == AXIS_ECONOMIC ? "economic" : "function";
}

static bool part_of_axis(xmlNodePtr p, axis_kind axis)
{
    return xml_is(p, "part") && xml_attr(p, "axis") && !strcmp(xml_attr(p, "axis"), axis_name(axis));
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The elements' attribute `attr` of the children named `name` that have it (and, with
 * `level`, that level), malloc'd; NULL when memory ran out. */
static const char **child_attrs(vrun *v, xmlNodePtr parent, const char *name, const char *attr,
                                const char *level, size_t *n)
{
    size_t k = 0;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        k += xml_is(c, name) && xml_attr(c, attr) != NULL;
    const char **out = calloc(k + 1, sizeof *out);
    if (!out) {
        v->out_of_memory = true;
        return NULL;
    }
    *n = 0;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (xml_is(c, name) && xml_attr(c, attr) &&
            (!level || (xml_attr(c, "level") && !strcmp(xml_attr(c, "level"), level))))
            out[(*n)++] = xml_attr(c, attr);
    return out;
}

/* Each parent code = Σ its children (codes two digits longer), in every column. */
static void check_part_hierarchy(vrun *v, const rule *r, const table_info *ti, xmlNodePtr p)
{
    size_t n = 0, ncols = 0;
    const char **codes = child_attrs(v, p, "row", "code", NULL, &n);
    const char **cols = codes ? child_attrs(v, p, "column", "id", NULL, &ncols) : NULL;
    term *kids = cols ? terms_new(v, n) : NULL;
    if (kids)
        qsort(codes, n, sizeof *codes, cmp_code);
    for (size_t i = 0; kids && i < n; i++) {
        size_t plen = strlen(codes[i]), nk = 0;
        for (size_t j = i + 1; j < n && !strncmp(codes[j], codes[i], plen); j++)
            if (strlen(codes[j]) == plen + 2)
                kids[nk++] = (term){NULL, 1, ti->def, codes[j], NULL};
        for (size_t c = 0; nk > 0 && c < ncols; c++) {
            const fact *parent = facts_get(&v->facts, ti->def, codes[i], cols[c]);
            if (!parent)
                continue;
            for (size_t k = 0; k < nk; k++)
                kids[k].col = cols[c];
            if (lookup(v, ti->def, kids, nk)) {
                char what[160];
                what_of(what, sizeof what, ti->def, codes[i], cols[c]);
                vrun_unchecked(v, r, what, "a child cell is not a number");
                continue;
            }
            check_sum(v, r, parent, kids, nk, NULL);
        }
    }
    free(kids);
    free(cols);
    free(codes);
}

/* -------------------------------------- tables no definition describes --- */
/* A table the reader kept cell by cell (def="unknown", recognise_unknown) is still checked
 * where its rows start with classification codes: parent = Σ children and 合计 = Σ 类, in
 * each column where the parent (the total) is printed as a number (issue 10). The facts
 * index holds one table per definition id, and all of these are "unknown": their cells are
 * read here, table by table. */

typedef struct unknown_table {
    xmlNodePtr table, part;
    const char *title; /* as printed: names the table in messages */
    char what[32]; /* "unknown@LINE", for the ledger */
} unknown_table;

/* The cell of a row in a column as a fact; kind CELL_BLANK and no node when not printed. */
static fact unknown_cell(const vrun *v, const unknown_table *u, xmlNodePtr row, const char *col)
{
    fact x;
    memset(&x, 0, sizeof x);
    x.table = u->what;
    x.row = xml_attr(row, "key");
    x.col = col;
    x.row_node = row;
    x.kind = CELL_BLANK;
    x.value = (gfa_dec){0, v->facts.decimals};
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xml_attr(c, "col") || strcmp(xml_attr(c, "col"), col))
            continue;
        x.node = c;
        x.line = xml_attr(c, "line") ? atol(xml_attr(c, "line")) : 0;
        x.pos = xml_attr(c, "pos") ? atol(xml_attr(c, "pos")) : 0;
        if (xml_is(c, "amt")) {
            xmlChar *t = xmlNodeGetContent(c);
            x.kind = t && dec_parse((const char *)t, strlen((const char *)t), &x.value) == DEC_OK
                         ? CELL_NUMBER
                         : CELL_TEXT;
            xmlFree(t);
        } else if (xml_is(c, "na")) {
            x.kind = CELL_NA;
        } else if (!xml_is(c, "blank")) {
            x.kind = CELL_TEXT;
        }
        break;
    }
    return x;
}

/* total (a row) = Σ rows, in every column where total is a number. */
static void unknown_sums(vrun *v, const rule *r, const unknown_table *u, xmlNodePtr total,
                         xmlNodePtr *rows, size_t n)
{
    fact *cells = calloc(n + 1, sizeof *cells);
    term *terms = cells ? terms_new(v, n) : NULL;
    for (xmlNodePtr c = terms ? u->part->children : NULL; c; c = c->next) {
        const char *col = xml_is(c, "column") ? xml_attr(c, "id") : NULL;
        if (!col)
            continue;
        fact tot = unknown_cell(v, u, total, col);
        if (tot.kind != CELL_NUMBER)
            continue;
        bool text = false;
        for (size_t k = 0; k < n; k++) {
            cells[k] = unknown_cell(v, u, rows[k], col);
            text |= cells[k].kind == CELL_TEXT;
            terms[k] = (term){&cells[k], 1, u->what, cells[k].row, col};
        }
        char what[160];
        what_of(what, sizeof what, u->what, tot.row, col);
        if (text) {
            vrun_unchecked(v, r, what, "a cell it needs is not a number");
            continue;
        }
        const char *label = xml_attr(c, "label");
        check_sum(v, r, &tot, terms, n, &(msg_args){.table = u->title, .detail = label ? label : col});
    }
    free(terms);
    free(cells);
}

static int cmp_row_code(const void *a, const void *b)
{
    return strcmp(xml_attr(*(xmlNodePtr const *)a, "code"), xml_attr(*(xmlNodePtr const *)b, "code"));
}

/* hierarchy (classes: false) or 合计 = Σ 类 (classes: true) in one such table. */
static void check_unknown_table(vrun *v, const rule *r, const rule_check *c, unknown_table *u)
{
    size_t n = 0;
    xmlNodePtr total = NULL;
    for (xmlNodePtr row = u->part->children; row; row = row->next) {
        n += xml_is(row, "row") && xml_attr(row, "code");
        if (xml_is(row, "row") && c->total && xml_attr(row, "key") && !strcmp(xml_attr(row, "key"), c->total))
            total = row;
    }
    xmlNodePtr *coded = calloc(n + 1, sizeof *coded), *kids = calloc(n + 1, sizeof *kids);
    if (!coded || !kids) {
        v->out_of_memory = true;
        free(coded);
        free(kids);
        return;
    }
    size_t m = 0;
    for (xmlNodePtr row = u->part->children; row; row = row->next)
        if (xml_is(row, "row") && xml_attr(row, "code"))
            coded[m++] = row;
    qsort(coded, n, sizeof *coded, cmp_row_code);
    if (c->kind == RK_CLASSES_SUM) {
        size_t nk = 0;
        for (size_t i = 0; i < n; i++)
            if (strlen(xml_attr(coded[i], "code")) == 3)
                kids[nk++] = coded[i];
        if (total && nk)
            unknown_sums(v, r, u, total, kids, nk);
    } else {
        for (size_t i = 0; i < n; i++) {
            const char *code = xml_attr(coded[i], "code");
            size_t plen = strlen(code), nk = 0;
            for (size_t j = i + 1; j < n && !strncmp(xml_attr(coded[j], "code"), code, plen); j++)
                if (strlen(xml_attr(coded[j], "code")) == plen + 2)
                    kids[nk++] = coded[j];
            if (nk)
                unknown_sums(v, r, u, coded[i], kids, nk);
        }
    }
    free(coded);
    free(kids);
}

/* Every table no definition describes, wherever in the report it is. */
static void walk_unknown(vrun *v, const rule *r, const rule_check *c, xmlNodePtr n)
{
    for (xmlNodePtr t = n->children; t; t = t->next) {
        if (t->type != XML_ELEMENT_NODE)
            continue;
        if (!xml_is(t, "table")) {
            if (!xml_is(t, "header") && !xml_is(t, "performance") && !xml_is(t, "validation"))
                walk_unknown(v, r, c, t);
            continue;
        }
        if (!xml_attr(t, "def") || strcmp(xml_attr(t, "def"), "unknown"))
            continue;
        unknown_table u = {t, NULL, NULL, ""};
        snprintf(u.what, sizeof u.what, "unknown@%s", xml_attr(t, "line") ? xml_attr(t, "line") : "");
        xmlChar *title = NULL;
        for (xmlNodePtr k = t->children; k; k = k->next) {
            if (xml_is(k, "title") && !title)
                title = xmlNodeGetContent(k);
            if (xml_is(k, "part") && !u.part)
                u.part = k;
        }
        u.title = title ? (const char *)title : "";
        if (u.part)
            check_unknown_table(v, r, c, &u);
        xmlFree(title);
    }
}

static void check_hierarchy(vrun *v, const rule *r, axis_kind axis)
{
    for (size_t t = 0; t < v->facts.ntables; t++) {
        const table_info *ti = &v->facts.tables[t];
        for (xmlNodePtr p = ti->node->children; p; p = p->next)
            if (part_of_axis(p, axis))
                check_part_hierarchy(v, r, ti, p);
    }
}

/* Keys of the 功能分类 类 rows (level 1) of a table, malloc'd. */
static const char **class_rows(vrun *v, const table_info *ti, size_t *n)
{
    *n = 0;
    const char **keys = NULL;
    for (xmlNodePtr p = ti->node->children; p; p = p->next) {
        if (!xml_is(p, "part"))
            continue;
        size_t k = 0;
        const char **more = child_attrs(v, p, "row", "key", "1", &k);
        const char **all = more ? realloc(keys, (*n + k + 1) * sizeof *all) : NULL;
        if (!all) {
            v->out_of_memory = true;
            free(more);
            free(keys);
            *n = 0;
            return NULL;
        }
        keys = all;
        memcpy(keys + *n, more, k * sizeof *more);
        *n += k;
        free(more);
    }
    return keys ? keys : calloc(1, sizeof *keys);
}

static void check_classes_sum(vrun *v, const rule *r, const rule_check *c)
{
    for (size_t t = 0; t < v->facts.ntables; t++) {
        const table_info *ti = &v->facts.tables[t];
        for (xmlNodePtr p = ti->node->children; p; p = p->next) {
            if (!part_of_axis(p, c->axis))
                continue;
            size_t nk = 0, ncols = 0;
            const char **keys = class_rows(v, ti, &nk);
            const char **cols = keys ? child_attrs(v, p, "column", "id", NULL, &ncols) : NULL;
            term *terms = cols ? terms_new(v, nk) : NULL;
            for (size_t col = 0; terms && nk > 0 && col < ncols; col++) {
                const fact *tot = facts_get(&v->facts, ti->def, c->total, cols[col]);
                if (!tot)
                    continue;
                for (size_t k = 0; k < nk; k++)
                    terms[k] = (term){NULL, 1, ti->def, keys[k], cols[col]};
                if (lookup(v, ti->def, terms, nk)) {
                    char what[160];
                    what_of(what, sizeof what, ti->def, c->total, cols[col]);
                    vrun_unchecked(v, r, what, "a class cell is not a number");
                    continue;
                }
                check_sum(v, r, tot, terms, nk, NULL);
            }
            free(terms);
            free(cols);
            free(keys);
        }
    }
}

static void check_columns(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = tableset_pick(&c->tables, &v->facts);
    if (!ti) {
        vrun_unchecked(v, r, c->tables.text, "the table is not in the report");
        return;
    }
    term *terms = terms_new(v, c->nsum);
    for (xmlNodePtr p = terms ? ti->node->children : NULL; p; p = p->next) {
        if (!xml_is(p, "part") ||
            (c->part && (!xml_attr(p, "id") || strcmp(xml_attr(p, "id"), c->part))))
            continue;
        for (xmlNodePtr row = p->children; row; row = row->next) {
            if (!xml_is(row, "row") || xml_attr(row, "heading"))
                continue;
            const char *key = xml_attr(row, "key");
            const fact *tot = key ? facts_get(&v->facts, ti->def, key, c->total) : NULL;
            if (!tot)
                continue;
            for (size_t k = 0; k < c->nsum; k++)
                terms[k] = (term){NULL, c->sum[k].sign, ti->def, key, c->sum[k].id};
            if (lookup(v, ti->def, terms, c->nsum)) {
                char what[160];
                what_of(what, sizeof what, ti->def, key, c->total);
                vrun_unchecked(v, r, what, "a cell of the row is not a number");
                continue;
            }
            check_sum(v, r, tot, terms, c->nsum, NULL);
        }
    }
    free(terms);
}

static void check_rows(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = tableset_pick(&c->tables, &v->facts);
    if (!ti) {
        vrun_unchecked(v, r, c->tables.text, "the table is not in the report");
        return;
    }
    size_t ncl = 0, n = 0;
    const char **classes = class_rows(v, ti, &ncl);
    for (size_t s = 0; s < c->nsum; s++)
        n += c->sum[s].classes ? ncl : 1;
    term *terms = classes ? terms_new(v, n) : NULL;
    for (size_t k = 0; terms && k < c->ncols; k++) {
        char what[160];
        what_of(what, sizeof what, ti->def, c->total, c->cols[k]);
        const fact *tot = facts_get(&v->facts, ti->def, c->total, c->cols[k]);
        if (!tot) {
            vrun_unchecked(v, r, what, "the total row is not printed");
            continue;
        }
        size_t m = 0;
        for (size_t s = 0; s < c->nsum; s++)
            for (size_t i = 0; i < (c->sum[s].classes ? ncl : 1); i++)
                terms[m++] = (term){NULL, c->sum[s].sign, ti->def,
                                    c->sum[s].classes ? classes[i] : c->sum[s].id, c->cols[k]};
        if (lookup(v, ti->def, terms, n))
            vrun_unchecked(v, r, what, "a cell it needs is not a number");
        else
            check_sum(v, r, tot, terms, n, NULL);
    }
    free(terms);
    free(classes);
}

/* --------------------------------------------------------- equal and ≤ --- */

static char *expr_text(const vrun *v, const term *t, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        sb_addf(&sb, "%s%s", i ? (t[i].sign < 0 ? " − " : " + ") : "",
                dec_format(dec_abs(term_ival(v, &t[i], false).mid), buf, sizeof buf));
    }
    return sb_take(&sb);
}

/* A = B (equal) or A ≤ B (le) for one pair of expressions, row standing for @classes. */
static void compare(vrun *v, const rule *r, const rule_check *c, const char *row, bool le,
                    term *ta, term *tb)
{
    size_t na = c->a.n, nb = c->b.n;
    const char *why = NULL;
    char what[320];
    snprintf(what, sizeof what, "%s %s %s%s%s", c->a.text, le ? "≤" : "=", c->b.text,
             row ? " @" : "", row ? row : "");
    if (!resolve(v, &c->a, row, ta, &why) || !resolve(v, &c->b, row, tb, &why)) {
        vrun_unchecked(v, r, what, why);
        return;
    }
    /* rows that neither side prints: nothing to compare */
    bool any = false;
    for (size_t i = 0; i < na; i++)
        any |= ta[i].f != NULL;
    for (size_t i = 0; i < nb; i++)
        any |= tb[i].f != NULL;
    if (!any)
        return;
    gfa_ival sa, sb;
    gfa_dec diff, allowed;
    ival_status st = !sum_terms(v, ta, na, false, &sa) || !sum_terms(v, tb, nb, false, &sb) ? IVAL_OVERFLOW
                     : le ? ival_le(sa, sb, &diff, &allowed)
                          : ival_same(sa, sb, &diff, &allowed);
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to compare");
        return;
    }
    identity id;
    identity_init(&id, le ? ID_LE : ID_SUM, r);
    id.strict = !le && sa.n == 1 && sb.n == 1 && dec_cmp(sa.half, sb.half) == 0;
    identity_terms(v, &id, ta, na, false, 1);
    identity_terms(v, &id, tb, nb, false, -1);
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    /* printed twice with the same precision but unequal, yet rounding could explain it:
     * flagged, as an inconsistency rather than an error */
    gfa_severity sev = r->severity;
    if (st == IVAL_ROUNDING && sev > GFA_SEV_INCONSISTENCY)
        sev = GFA_SEV_INCONSISTENCY;
    const fact *at = NULL;
    for (size_t i = 0; i < na && !at; i++)
        at = ta[i].f;
    finding *f = vrun_fail(v, r, what, at);
    vrun_identity(v, &id, true, f);
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
    for (size_t i = 0; i < na; i++)
        if (ta[i].f && ta[i].f != at)
            finding_add_cell(f, ta[i].f);
    for (size_t i = 0; i < nb; i++)
        finding_add_cell(f, tb[i].f);
    char *a = expr_text(v, ta, na), *b = expr_text(v, tb, nb);
    vrun_message(v, f, &(msg_args){.a = a, .b = b});
    free(a);
    free(b);
}

static void check_pair(vrun *v, const rule *r, const rule_check *c, bool le)
{
    term *ta = terms_new(v, c->a.n), *tb = terms_new(v, c->b.n);
    if (!ta || !tb) {
        free(ta);
        free(tb);
        return;
    }
    if (!cellexpr_has_classes(&c->a) && !cellexpr_has_classes(&c->b)) {
        compare(v, r, c, NULL, le, ta, tb);
    } else {
        /* row by row over the 类 rows either side prints */
        const table_info *ia = tableset_pick(&c->a.refs[0].tables, &v->facts);
        const table_info *ib = tableset_pick(&c->b.refs[0].tables, &v->facts);
        size_t na = 0, nb = 0;
        const char **ka = ia && ib ? class_rows(v, ia, &na) : NULL;
        const char **kb = ka ? class_rows(v, ib, &nb) : NULL;
        if (!ia || !ib)
            vrun_unchecked(v, r, c->a.text, "a table it needs is not in the report");
        for (size_t i = 0; kb && i < na + nb; i++) {
            const char *key = i < na ? ka[i] : kb[i - na];
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = !strcmp(key, j < na ? ka[j] : kb[j - na]);
            if (!seen)
                compare(v, r, c, key, le, ta, tb);
        }
        free(ka);
        free(kb);
    }
    free(ta);
    free(tb);
}

/* ------------------------------------------------------- empty tables --- */

static void check_empty_table(vrun *v, const rule *r, const rule_check *c)
{
    const table_info *ti = tableset_pick(&c->tables, &v->facts);
    term t;
    const char *why = NULL;
    char what[160];
    snprintf(what, sizeof what, "%s empty ⇔ %s", c->tables.text, c->cell.text);
    if (!ti || !resolve(v, &c->cell, NULL, &t, &why)) {
        vrun_unchecked(v, r, what, ti ? why : "the table is not in the report");
        return;
    }
    gfa_dec value = term_ival(v, &t, false).mid;
    bool zero = dec_is_zero(value);
    if (ti->empty == zero) {
        vrun_pass(v, r, what);
        return;
    }
    finding *f = vrun_fail_table(v, r, what, ti);
    if (!f)
        return;
    char *val = dec_text(value), *detail = NULL, *cell = vrun_cell_name(v, t.table, t.row, t.col);
    if (asprintf(&detail, "%s，但 %s 为 %s", ti->empty ? "没有数据" : "有数据", cell ? cell : "",
                 val ? val : "") < 0)
        detail = NULL;
    free(cell);
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
    case RK_HIERARCHY:
    case RK_CLASSES_SUM:
        if (c->check) /* tables="unknown" */
            walk_unknown(v, r, c, xmlDocGetRootElement(v->doc));
        else if (c->kind == RK_HIERARCHY)
            check_hierarchy(v, r, c->axis);
        else
            check_classes_sum(v, r, c);
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
