/* store_load.c — loading one report: the instance is walked once into the rows of every
 * table (its header and digest, tables, columns, rows, cells, paragraphs, the narrative's
 * figures, performance forms, findings), then written in one transaction that first
 * deletes the report's earlier load (cascading to its rows): a reload replaces, an
 * interrupted load leaves the database as it was, writers of the same report take turns.
 * A report is identified by entity code, fiscal year and kind; one without an entity code
 * is refused unless the register knows its name (issue 15). */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#define COLS(...) (const char *const[]){__VA_ARGS__}, \
                  sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static const store_table t_reports = {"reports", COLS(
    "entity_code", "fiscal_year", "report_kind", "entity_name", "unit_code", "dept_code",
    "money_unit", "money_scale", "decimals", "title", "variants", "source_file",
    "source_format", "source_encoding", "source_bytes", "source_lines", "source_sha256",
    "generator", "instance_version", "ruleset", "accepted", "checks_passed", "checks_failed",
    "checks_unchecked", "fatal", "errors", "inconsistencies", "warnings", "infos", "amounts",
    "loaded_at", "loaded_by")};
static const store_table t_tables = {"report_tables", COLS(
    "table_seq", "table_id", "variant", "number", "title", "caption_entity", "caption_year",
    "caption_unit", "status", "line")};
static const store_table t_columns = {"table_columns", COLS(
    "table_seq", "part_id", "column_id", "label", "colno", "cells")};
static const store_table t_rows = {"table_rows", COLS(
    "table_seq", "table_id", "part_id", "axis", "row_key", "code", "level", "label", "name",
    "ordinal", "line_no", "row_group", "is_total", "is_heading", "is_placeholder",
    "count_unit", "line")};
static const store_table t_cells = {"cells", COLS(
    "table_seq", "table_id", "part_id", "row_key", "column_id", "kind", "value",
    "value_scaled", "decimals", "printed", "line", "pos", "cell_no")};
static const store_table t_paragraphs = {"paragraphs", COLS(
    "seq", "part", "kind", "ordinal", "label", "text", "line", "end_line")};
static const store_table t_figures = {"narrative_figures", COLS(
    "seq", "role", "quantity", "cell", "value", "value_in_unit", "is_percent", "is_count",
    "increase", "named_here", "sentence", "line", "pos", "text")};
static const store_table t_forms = {"perf_forms", COLS(
    "form_seq", "title", "project", "dept_code", "dept_name", "unit_code", "unit_name",
    "total_score", "grade", "line")};
static const store_table t_funds = {"perf_funds", COLS(
    "form_seq", "seq", "source", "is_total", "certain", "field", "value", "printed", "line",
    "pos")};
static const store_table t_indicators = {"perf_indicators", COLS(
    "form_seq", "seq", "level1", "level2", "name", "initial_value", "adjusted_value",
    "actual_value", "weight", "score", "reason", "certain", "line")};
const store_table store_findings_table = {"findings", COLS(
    "origin", "seq", "finding_id", "rule_id", "severity", "message", "line", "pos",
    "table_id", "row_key", "column_id", "xpath", "reported", "expected", "difference",
    "tolerance", "cause", "cells")};

/* ---------------------------------------------------------------- rowset --- */

void rowset_init(rowset *rs, const store_table *t)
{
    memset(rs, 0, sizeof *rs);
    rs->table = t;
    sb_init(&rs->text);
}

void rowset_free(rowset *rs)
{
    sb_free(&rs->text);
    free(rs->offs);
    memset(rs, 0, sizeof *rs);
}

void rowset_add(rowset *rs, const char *v)
{
    if (rs->nfields == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        size_t *o = realloc(rs->offs, cap * sizeof *o);
        if (!o) {
            rs->failed = true;
            return;
        }
        rs->offs = o;
        rs->cap = cap;
    }
    if (v) {
        rs->offs[rs->nfields++] = rs->text.len;
        sb_add(&rs->text, v, strlen(v) + 1);
    } else {
        rs->offs[rs->nfields++] = SIZE_MAX;
    }
    rs->failed |= rs->text.failed;
}

void rowset_addl(rowset *rs, long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", v);
    rowset_add(rs, buf);
}

void rowset_addb(rowset *rs, bool v)
{
    rowset_add(rs, v ? "1" : "0");
}

size_t rowset_rows(const rowset *rs)
{
    return rs->table->ncols ? rs->nfields / rs->table->ncols : 0;
}

const char *rowset_field(const rowset *rs, size_t r, size_t k)
{
    size_t o = rs->offs[r * rs->table->ncols + k];
    return o == SIZE_MAX ? NULL : rs->text.data + o;
}

/* ------------------------------------------------------------ the walk --- */

enum { RS_TABLES, RS_COLUMNS, RS_ROWS, RS_CELLS, RS_PARAS, RS_FIGURES, RS_FORMS, RS_FUNDS,
       RS_INDICATORS, RS_FINDINGS, RS_COUNT };

static const store_table *const child_tables[RS_COUNT] = {
    &t_tables, &t_columns, &t_rows, &t_cells, &t_paragraphs, &t_figures, &t_forms, &t_funds,
    &t_indicators, &store_findings_table};

typedef struct loading {
    rowset report;
    rowset rs[RS_COUNT];
    long table_seq, para_seq, form_seq, finding_seq;
    long amounts;
    int decimals;
    /* from the header */
    const char *name, *unit_code, *dept_code, *scope, *year;
    xmlNodePtr root, entity, period, units, source, title, validation;
    char *variants;
} loading;

static bool attr_true(xmlNodePtr n, const char *name)
{
    const char *v = xml_attr(n, name);
    return v && !strcmp(v, "true");
}

/* The text of an element (malloc'd via libxml2; free with xmlFree). */
static char *content(xmlNodePtr n)
{
    return n ? (char *)xmlNodeGetContent(n) : NULL;
}

static void add_content(rowset *rs, xmlNodePtr n)
{
    char *t = content(n);
    rowset_add(rs, t);
    xmlFree(t);
}

/* An attribute, or NULL (SQL NULL) when absent. */
static void add_attr(rowset *rs, xmlNodePtr n, const char *name)
{
    rowset_add(rs, xml_attr(n, name));
}

static void add_attr_long(rowset *rs, xmlNodePtr n, const char *name)
{
    const char *v = xml_attr(n, name);
    if (v)
        rowset_addl(rs, strtol(v, NULL, 10));
    else
        rowset_add(rs, NULL);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (xml_is_gfa(c, name))
            return c;
    return NULL;
}

/* value, value × 10^6 (or NULL when it does not fit), decimals: of a canonical decimal. */
static void add_amount(rowset *rs, const char *text)
{
    gfa_dec d;
    if (!text || dec_parse(text, strlen(text), &d) != DEC_OK) {
        rowset_add(rs, NULL);
        rowset_add(rs, NULL);
        rowset_add(rs, NULL);
        return;
    }
    char buf[64];
    rowset_add(rs, dec_format(d, buf, sizeof buf));
    gfa_dec scaled;
    long long units;
    if (d.scale <= STORE_SCALE && dec_rescale(d, STORE_SCALE, &scaled) &&
        dec_to_int((gfa_dec){scaled.units, 0}, &units)) {
        snprintf(buf, sizeof buf, "%lld", units);
        rowset_add(rs, buf);
    } else {
        rowset_add(rs, NULL);
    }
    rowset_addl(rs, d.scale);
}

/* A cell of a row: amt, blank, na or text. */
static void load_cell(loading *L, xmlNodePtr c, long seq, const char *def, const char *part,
                      const char *key)
{
    rowset *rs = &L->rs[RS_CELLS];
    const char *kind = (const char *)c->name;
    rowset_addl(rs, seq);
    rowset_add(rs, def);
    rowset_add(rs, part);
    rowset_add(rs, key);
    add_attr(rs, c, "col");
    rowset_add(rs, !strcmp(kind, "amt") ? "amt" : !strcmp(kind, "blank") ? "blank"
                   : !strcmp(kind, "na")                                 ? "na"
                                                                         : "text");
    if (!strcmp(kind, "amt")) {
        char *v = content(c);
        add_amount(rs, v);
        xmlFree(v);
        L->amounts++;
        add_attr(rs, c, "text");
    } else {
        rowset_add(rs, NULL);
        rowset_add(rs, NULL);
        rowset_add(rs, NULL);
        if (!strcmp(kind, "text"))
            add_content(rs, c);
        else
            add_attr(rs, c, "text");
    }
    add_attr_long(rs, c, "line");
    add_attr_long(rs, c, "pos");
    add_attr_long(rs, c, "cell");
}

static void load_row(loading *L, xmlNodePtr r, long seq, const char *def, xmlNodePtr part)
{
    rowset *rs = &L->rs[RS_ROWS];
    const char *key = xml_attr(r, "key");
    const char *pid = xml_attr(part, "id") ? xml_attr(part, "id") : "main";
    if (!key)
        return;
    rowset_addl(rs, seq);
    rowset_add(rs, def);
    rowset_add(rs, pid);
    add_attr(rs, part, "axis");
    rowset_add(rs, key);
    add_attr(rs, r, "code");
    add_attr_long(rs, r, "level");
    add_attr(rs, r, "label");
    add_attr(rs, r, "name");
    add_attr(rs, r, "ordinal");
    add_attr(rs, r, "lineNo");
    rowset_addl(rs, xml_attr_long(r, "group", 1));
    rowset_addb(rs, attr_true(r, "total"));
    rowset_addb(rs, attr_true(r, "heading"));
    rowset_addb(rs, attr_true(r, "placeholder"));
    add_attr(rs, r, "unit");
    add_attr_long(rs, r, "line");
    for (xmlNodePtr c = r->children; c; c = c->next)
        if (xml_is_gfa(c, "amt") || xml_is_gfa(c, "blank") || xml_is_gfa(c, "na") || xml_is_gfa(c, "text"))
            load_cell(L, c, seq, def, pid, key);
}

static void load_part(loading *L, xmlNodePtr part, long seq, const char *def)
{
    const char *pid = xml_attr(part, "id") ? xml_attr(part, "id") : "main";
    for (xmlNodePtr c = part->children; c; c = c->next) {
        if (xml_is_gfa(c, "column")) {
            rowset *rs = &L->rs[RS_COLUMNS];
            rowset_addl(rs, seq);
            rowset_add(rs, pid);
            add_attr(rs, c, "id");
            add_attr(rs, c, "label");
            add_attr(rs, c, "colno");
            add_attr(rs, c, "cells");
        } else if (xml_is_gfa(c, "row")) {
            load_row(L, c, seq, def, part);
        }
    }
}

static void paragraph(loading *L, const char *part, xmlNodePtr n, const char *kind,
                      const char *label, xmlNodePtr text_of)
{
    rowset *rs = &L->rs[RS_PARAS];
    rowset_addl(rs, ++L->para_seq);
    rowset_add(rs, part);
    rowset_add(rs, kind);
    add_attr(rs, n, "ordinal");
    rowset_add(rs, label);
    add_content(rs, text_of);
    add_attr_long(rs, n, "line");
    add_attr_long(rs, n, "endLine");
}

static void load_table(loading *L, const char *part, xmlNodePtr t)
{
    long seq = ++L->table_seq;
    const char *def = xml_attr(t, "def") ? xml_attr(t, "def") : "unknown";
    rowset *rs = &L->rs[RS_TABLES];
    rowset_addl(rs, seq);
    rowset_add(rs, def);
    add_attr(rs, t, "variant");
    add_attr(rs, t, "number");
    add_content(rs, child(t, "title"));
    add_attr(rs, t, "entity");
    add_attr(rs, t, "year");
    add_attr(rs, t, "unit");
    add_attr(rs, t, "status");
    add_attr_long(rs, t, "line");
    for (xmlNodePtr c = t->children; c; c = c->next) {
        if (xml_is_gfa(c, "part"))
            load_part(L, c, seq, def);
        else if (xml_is_gfa(c, "note") || xml_is_gfa(c, "empty") || xml_is_gfa(c, "unrecognised"))
            paragraph(L, part, c, (const char *)c->name, xml_attr(c, "reason"), c);
    }
}

/* A performance form: its fields, funds and indicators (the printed grid stays in the
 * instance). */
static void load_form(loading *L, xmlNodePtr f)
{
    long seq = ++L->form_seq;
    xmlNodePtr dept = child(f, "department"), unit = child(f, "unit"), total = child(f, "total");
    rowset *rs = &L->rs[RS_FORMS];
    rowset_addl(rs, seq);
    add_content(rs, child(f, "title"));
    add_attr(rs, child(f, "project"), "name");
    add_attr(rs, dept, "code");
    add_attr(rs, dept, "name");
    add_attr(rs, unit, "code");
    add_attr(rs, unit, "name");
    add_attr(rs, total, "score");
    add_attr(rs, total, "grade");
    add_attr_long(rs, f, "line");
    long nfund = 0, nind = 0;
    for (xmlNodePtr fund = child(child(f, "funds"), "fund"); fund; fund = fund->next) {
        if (!xml_is_gfa(fund, "fund"))
            continue;
        for (xmlNodePtr a = fund->children; a; a = a->next) {
            if (!xml_is_gfa(a, "amt"))
                continue;
            rowset *fr = &L->rs[RS_FUNDS];
            rowset_addl(fr, seq);
            rowset_addl(fr, ++nfund);
            add_attr(fr, fund, "source");
            rowset_addb(fr, attr_true(fund, "total"));
            rowset_addb(fr, !xml_attr(fund, "certain") || attr_true(fund, "certain"));
            add_attr(fr, a, "field");
            add_content(fr, a);
            add_attr(fr, a, "text");
            add_attr_long(fr, a, "line");
            add_attr_long(fr, a, "pos");
        }
    }
    for (xmlNodePtr in = child(child(f, "indicators"), "indicator"); in; in = in->next) {
        if (!xml_is_gfa(in, "indicator"))
            continue;
        rowset *ir = &L->rs[RS_INDICATORS];
        rowset_addl(ir, seq);
        rowset_addl(ir, ++nind);
        add_attr(ir, in, "level1");
        add_attr(ir, in, "level2");
        add_attr(ir, in, "name");
        static const char *const parts[] = {"initial", "adjusted", "actual", "weight",
                                            "score", "reason"};
        for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
            xmlNodePtr x = child(in, parts[k]);
            if (x)
                add_content(ir, x);
            else
                rowset_add(ir, NULL);
        }
        rowset_addb(ir, !xml_attr(in, "certain") || attr_true(in, "certain"));
        add_attr_long(ir, in, "line");
    }
}

/* Findings of the <validation> block: the validator's, as embedded in the instance. */
static void load_findings(loading *L, xmlNodePtr v)
{
    for (xmlNodePtr f = v->children; f; f = f->next) {
        if (!xml_is_gfa(f, "finding"))
            continue;
        rowset *rs = &L->rs[RS_FINDINGS];
        rowset_add(rs, "validate");
        rowset_addl(rs, ++L->finding_seq);
        add_attr(rs, f, "id");
        add_attr(rs, f, "rule");
        add_attr(rs, f, "severity");
        add_content(rs, child(f, "message"));
        add_attr_long(rs, f, "line");
        add_attr_long(rs, f, "pos");
        static const char *const attrs[] = {"table", "row", "col", "xpath", "reported",
                                            "expected", "difference", "tolerance", "cause"};
        for (size_t k = 0; k < ARRAY_LEN(attrs); k++)
            add_attr(rs, f, attrs[k]);
        strbuf cells;
        sb_init(&cells);
        for (xmlNodePtr c = f->children; c; c = c->next)
            if (xml_is_gfa(c, "cell"))
                sb_addf(&cells, "%s%s/%s/%s=%s", cells.len ? "; " : "",
                        xml_attr(c, "table") ? xml_attr(c, "table") : "",
                        xml_attr(c, "row") ? xml_attr(c, "row") : "",
                        xml_attr(c, "col") ? xml_attr(c, "col") : "",
                        xml_attr(c, "value") ? xml_attr(c, "value") : "");
        rowset_add(rs, cells.len ? cells.data : NULL);
        sb_free(&cells);
    }
}

/* Everything below the header, in source order. */
static void walk(loading *L, xmlNodePtr n, const char *part)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)c->name;
        if (xml_is_gfa(c, "table")) {
            load_table(L, part, c);
        } else if (xml_is_gfa(c, "performance")) {
            load_form(L, c);
        } else if (xml_is_gfa(c, "section")) {
            xmlNodePtr title = child(c, "title");
            char *t = content(title);
            paragraph(L, part, c, "section", t, NULL);
            xmlFree(t);
            walk(L, c, part);
        } else if (xml_is_gfa(c, "term")) {
            char *name = content(child(c, "name"));
            paragraph(L, part, c, "term", name, child(c, "definition"));
            xmlFree(name);
        } else if (xml_is_gfa(c, "p") || xml_is_gfa(c, "item") || xml_is_gfa(c, "heading") || xml_is_gfa(c, "line") ||
                   xml_is_gfa(c, "entry") || xml_is_gfa(c, "unrecognised")) {
            paragraph(L, part, c, nm, xml_attr(c, "reason"), c);
        } else if (xml_is_gfa(c, "validation")) {
            L->validation = c;
            load_findings(L, c);
        } else if (!xml_is_gfa(c, "header") && !xml_is_gfa(c, "staffing") && !xml_is_gfa(c, "title")) {
            walk(L, c, part ? part : nm); /* a part: front, overview, tables, … */
        }
    }
}

static void read_header(loading *L, xmlNodePtr root)
{
    xmlNodePtr h = child(root, "header");
    L->root = root;
    L->entity = child(h, "entity");
    L->period = child(h, "period");
    L->units = child(h, "units");
    L->source = child(h, "source");
    L->title = child(h, "title");
    L->name = xml_attr(L->entity, "name");
    L->unit_code = xml_attr(L->entity, "unitCode");
    L->dept_code = xml_attr(L->entity, "deptCode");
    L->scope = xml_attr(L->entity, "scope");
    L->year = xml_attr(L->period, "year");
    L->decimals = (int)xml_attr_long(L->units, "decimals", 2);
    strbuf v;
    sb_init(&v);
    for (xmlNodePtr c = h ? h->children : NULL; c; c = c->next)
        if (xml_is_gfa(c, "variant")) {
            char *t = content(c);
            sb_addf(&v, "%s%s", v.len ? " " : "", t ? t : "");
            xmlFree(t);
        }
    L->variants = v.len ? sb_take(&v) : (sb_free(&v), NULL);
}

static const char *kind_of(const loading *L)
{
    if (L->scope && (!strcmp(L->scope, "department") || !strcmp(L->scope, "unit")))
        return L->scope;
    return "unknown";
}

/* The code that identifies the report's entity: a department's code for a department
 * report, the unit's code otherwise; NULL when the instance prints none. */
static const char *code_of(const loading *L)
{
    if (!strcmp(kind_of(L), "department"))
        return L->dept_code;
    return L->unit_code ? L->unit_code : L->dept_code;
}

/* The report's own row (after the walk: it counts the amounts). */
static void report_row(loading *L, const char *code)
{
    rowset *rs = &L->report;
    rowset_add(rs, code);
    rowset_add(rs, L->year);
    rowset_add(rs, kind_of(L));
    rowset_add(rs, L->name ? L->name : "");
    rowset_add(rs, L->unit_code);
    rowset_add(rs, L->dept_code);
    rowset_add(rs, xml_attr(L->units, "unit") ? xml_attr(L->units, "unit") : "");
    rowset_addl(rs, xml_attr_long(L->units, "scale", 0));
    rowset_addl(rs, L->decimals);
    add_content(rs, L->title);
    rowset_add(rs, L->variants);
    static const char *const src[] = {"file", "format", "encoding"};
    for (size_t k = 0; k < ARRAY_LEN(src); k++)
        add_attr(rs, L->source, src[k]);
    add_attr_long(rs, L->source, "bytes");
    add_attr_long(rs, L->source, "lines");
    add_attr(rs, L->source, "sha256");
    add_attr(rs, L->source, "generator");
    const char *version = xml_attr(L->root, "version");
    rowset_add(rs, version ? version : GFA_INSTANCE_VERSION);
    xmlNodePtr v = L->validation;
    add_attr(rs, v, "ruleset");
    if (v)
        rowset_addb(rs, attr_true(v, "accepted"));
    else
        rowset_add(rs, NULL);
    static const char *const digest[] = {"passed", "failed", "unchecked", "fatal", "errors",
                                         "inconsistencies", "warnings", "infos"};
    for (size_t k = 0; k < ARRAY_LEN(digest); k++)
        add_attr_long(rs, v, digest[k]);
    rowset_addl(rs, L->amounts);
    char *now = store_now();
    rowset_add(rs, now);
    free(now);
    char by[64];
    snprintf(by, sizeof by, "gfa %s", gfa_version());
    rowset_add(rs, by);
}

/* The narrative's figures: those the validation that just ran read, else read now. */
static gfa_status add_figures(loading *L, const gfa_validator *val, const gfa_verdict *verdict,
                              xmlDocPtr doc)
{
    nar_figure *mine = NULL, *f = NULL;
    size_t n = 0;
    gfa_status st = GFA_OK;
    if (verdict && verdict->figures_read) {
        f = verdict->figures;
        n = verdict->nfigures;
    } else if (val) {
        st = validator_narrative(val, doc, &mine, &n);
        f = mine;
    }
    for (size_t i = 0; i < n; i++) {
        rowset *rs = &L->rs[RS_FIGURES];
        char a[64], b[64];
        rowset_addl(rs, (long)i + 1);
        rowset_add(rs, f[i].role);
        rowset_add(rs, f[i].quantity);
        rowset_add(rs, f[i].cell);
        rowset_add(rs, dec_format(f[i].value, a, sizeof a));
        rowset_add(rs, dec_format(f[i].in_unit, b, sizeof b));
        rowset_addb(rs, f[i].percent);
        rowset_addb(rs, f[i].count);
        bool change = !strcmp(f[i].role, "delta") || !strcmp(f[i].role, "growth");
        if (change)
            rowset_addb(rs, f[i].increase);
        else
            rowset_add(rs, NULL);
        rowset_addb(rs, f[i].local);
        rowset_addl(rs, f[i].sentence);
        rowset_addl(rs, f[i].line);
        if (f[i].pos > 0)
            rowset_addl(rs, f[i].pos);
        else
            rowset_add(rs, NULL);
        rowset_add(rs, f[i].text);
    }
    nar_figures_free(mine, mine ? n : 0);
    return st;
}

static void loading_free(loading *L)
{
    rowset_free(&L->report);
    for (int k = 0; k < RS_COUNT; k++)
        rowset_free(&L->rs[k]);
    free(L->variants);
}

/* ------------------------------------------------------------ writing --- */

/* The register (or an earlier report) knows the entity by its name: its code. */
static gfa_status code_from_name(gfa_store *s, store_conn *c, const loading *L, char **code,
                                 gfa_diags *d)
{
    *code = NULL;
    const char *kind = kind_of(L);
    const char *p[] = {L->name ? L->name : ""};
    const char *sql =
        !strcmp(kind, "department")
            ? "SELECT entity_code FROM entities WHERE name = $1 AND parent_code IS NULL"
        : !strcmp(kind, "unit")
            ? "SELECT entity_code FROM entities WHERE name = $1 AND parent_code IS NOT NULL"
            : "SELECT entity_code FROM entities WHERE name = $1";
    gfa_rows *r = NULL;
    store_err e = store_exec(s, c, sql, p, 1, &r, d);
    if (e != SE_OK)
        return store_status(e);
    gfa_status st = GFA_OK;
    if (r->nrows == 1) {
        *code = strdup(rows_get(r, 0, 0));
        st = *code ? GFA_OK : GFA_ERR_NOMEM;
    } else if (r->nrows > 1) {
        diag_add(d, GFA_SEV_ERROR, GFA_DOM_STORE, "GFA-STORE-021", s->display, 0, 0,
                 "the report prints no entity code and %zu entities are called '%s': give "
                 "its code in the register (gfa load --entities FILE)",
                 r->nrows, L->name ? L->name : "");
        st = GFA_ERR_INPUT;
    }
    gfa_rows_free(r);
    return st;
}

/* Deletes the earlier load of a report, its rows of every table first (the schema
 * declares no foreign keys to cascade: gfa keeps them true itself). */
static store_err delete_report(gfa_store *s, store_conn *c, const char *code, const char *year,
                               const char *kind, gfa_diags *d)
{
    const char *id3[] = {code, year, kind};
    gfa_rows *old = NULL;
    store_err e = store_exec(s, c,
                             "SELECT report_id FROM reports WHERE entity_code = $1 AND "
                             "fiscal_year = $2 AND report_kind = $3",
                             id3, 3, &old, d);
    for (size_t i = 0; e == SE_OK && i < old->nrows; i++) {
        const char *id[] = {rows_get(old, i, 0)};
        for (int k = 0; e == SE_OK && k <= RS_COUNT; k++) {
            char sql[96];
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE report_id = $1",
                     k < RS_COUNT ? child_tables[k]->name : "reports");
            e = store_exec(s, c, sql, id, 1, NULL, d);
        }
    }
    gfa_rows_free(old);
    return e;
}

/* Inserts the report's row and every child row, after deleting its earlier load; the
 * caller holds the transaction. */
static store_err write_rows(gfa_store *s, store_conn *c, loading *L, const char *code,
                            gfa_diags *d)
{
    const char *kind = kind_of(L);
    char key[256];
    snprintf(key, sizeof key, "gfa-report/%s/%s/%s", code, L->year, kind);
    store_err e = s->be->lock_key(c, key, d);
    if (e == SE_OK)
        e = delete_report(s, c, code, L->year, kind, d);
    /* the entity: a unit's department is its parent; the register's word stands */
    const char *parent = !strcmp(kind, "unit") && L->dept_code && strcmp(L->dept_code, code)
                             ? L->dept_code
                             : NULL;
    const char *ent[] = {code, L->name, parent};
    if (e == SE_OK)
        e = store_exec(s, c,
                       "INSERT INTO entities (entity_code, name, parent_code, from_register) "
                       "VALUES ($1, $2, $3, '0') ON CONFLICT (entity_code) DO UPDATE SET "
                       "name = excluded.name, "
                       "parent_code = COALESCE(excluded.parent_code, entities.parent_code) "
                       "WHERE NOT entities.from_register",
                       ent, 3, NULL, d);
    gfa_rows *id = NULL;
    size_t n = L->report.nfields;
    const char **vals = calloc(n + 1, sizeof *vals);
    if (!vals)
        return SE_NOMEM;
    for (size_t k = 0; k < n; k++)
        vals[k] = rowset_field(&L->report, 0, k);
    strbuf sql;
    sb_init(&sql);
    sb_adds(&sql, "INSERT INTO reports (");
    for (size_t k = 0; k < t_reports.ncols; k++)
        sb_addf(&sql, "%s%s", k ? ", " : "", t_reports.cols[k]);
    sb_adds(&sql, ") VALUES (");
    for (size_t k = 0; k < t_reports.ncols; k++)
        sb_addf(&sql, "%s$%zu", k ? ", " : "", k + 1);
    sb_adds(&sql, ") RETURNING report_id");
    char *insert = sb_take(&sql);
    if (e == SE_OK)
        e = insert ? store_exec(s, c, insert, vals, n, &id, d) : SE_NOMEM;
    free(insert);
    free(vals);
    const char *rid = e == SE_OK && id && id->nrows == 1 ? rows_get(id, 0, 0) : NULL;
    if (e == SE_OK && !rid)
        e = store_fail(s, d, SE_FAILED, "inserting the report", "no report_id returned");
    for (int k = 0; e == SE_OK && k < RS_COUNT; k++)
        e = s->be->bulk(c, rid, &L->rs[k], d);
    gfa_rows_free(id);
    return e;
}

/* The transaction: one writer at a time where the database has one write lock. */
static gfa_status write_report(gfa_store *s, loading *L, const char *code_in, gfa_diags *d)
{
    store_conn *c = store_take(s, d);
    if (!c)
        return GFA_ERR_IO;
    if (s->be->one_writer)
        pthread_mutex_lock(&s->write_lock);
    store_err e = s->be->begin(c, TXN_WRITE, d);
    char *code = NULL;
    gfa_status st = GFA_OK;
    if (e == SE_OK && !code_in) {
        st = code_from_name(s, c, L, &code, d);
        if (st == GFA_OK && !code) {
            diag_add(d, GFA_SEV_ERROR, GFA_DOM_STORE, "GFA-STORE-020", s->display, 0, 0,
                     "the report of '%s' prints no entity code (its performance forms name "
                     "no department or unit code) and the register does not know the name: "
                     "add it to a register (gfa load --entities FILE)",
                     L->name ? L->name : "");
            st = GFA_ERR_INPUT;
        }
    }
    const char *use = code_in ? code_in : code;
    if (e == SE_OK && st == GFA_OK) {
        report_row(L, use);
        e = L->report.failed ? SE_NOMEM : write_rows(s, c, L, use, d);
    }
    if (e == SE_OK && st == GFA_OK)
        e = s->be->commit(c, d);
    if (e != SE_OK || st != GFA_OK)
        s->be->rollback(c);
    if (s->be->one_writer)
        pthread_mutex_unlock(&s->write_lock);
    store_give(s, c, e == SE_CONNECT);
    free(code);
    return st != GFA_OK ? st : store_status(e);
}

gfa_status gfa_store_load(gfa_store *s, const gfa_validator *validator,
                          const gfa_verdict *verdict, gfa_report *report, size_t *amounts,
                          gfa_diags *diags)
{
    if (amounts)
        *amounts = 0;
    if (s->flags & GFA_STORE_READ_ONLY)
        return GFA_ERR_USAGE;
    xmlDocPtr doc = gfa_report_doc(report);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    loading L;
    memset(&L, 0, sizeof L);
    rowset_init(&L.report, &t_reports);
    for (int k = 0; k < RS_COUNT; k++)
        rowset_init(&L.rs[k], child_tables[k]);
    read_header(&L, root);
    gfa_status st = GFA_OK;
    if (!L.year || !strcmp(L.year, "1900") || !L.units) {
        diag_add(diags, GFA_SEV_ERROR, GFA_DOM_STORE, "GFA-STORE-022",
                 gfa_report_source(report), 0, 0,
                 "the report states no fiscal year: it cannot be identified in the store");
        st = GFA_ERR_INPUT;
    }
    if (st == GFA_OK) {
        walk(&L, root, NULL);
        st = add_figures(&L, validator, verdict, doc);
    }
    bool nomem = false;
    for (int k = 0; k < RS_COUNT; k++)
        nomem |= L.rs[k].failed;
    if (st == GFA_OK && nomem)
        st = GFA_ERR_NOMEM;
    if (st == GFA_OK)
        st = write_report(s, &L, code_of(&L), diags);
    if (st == GFA_OK && amounts)
        *amounts = (size_t)L.amounts;
    loading_free(&L);
    return st;
}
