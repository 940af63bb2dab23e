/* check_codes.c — classification codes against the code lists shipped in schemas/codes/:
 * a code unknown to the (partial) list is info, a known code with another name is a
 * warning, a 款/项 printed without its parent row is a warning, a name a code had in an
 * earlier year's list (schemas/codes/function-renames.tsv) printed after the year it was
 * changed is a warning. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

/* The first cell of a row: where a finding about the row points. */
static fact row_fact(const table_info *ti, xmlNodePtr row)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.table = ti->def;
    at.row = xml_attr(row, "key");
    at.col = "";
    at.row_node = row;
    at.node = row;
    const char *line = xml_attr(row, "line");
    at.line = line ? strtol(line, NULL, 10) : 0;
    for (xmlNodePtr c = row->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xml_attr(c, "col")) {
            at.col = xml_attr(c, "col");
            break;
        }
    return at;
}

/* The rename whose earlier name is the row's name (key), or NULL. */
static const code_entry *earlier_name(const vrun *v, const char *code, const char *key)
{
    const code_entry *e = code_list_find(&v->ctx->function_renames, code);
    return e && key && !strcmp(key, e->key) ? e : NULL;
}

/* GFA-CODE-004: a function code printed with the name it had before the year of the report. */
static void check_renamed(vrun *v, const rule *r, const char *what, const char *code,
                          const char *name, const table_info *ti, xmlNodePtr row)
{
    const code_entry *e = code_list_find(&v->ctx->function_renames, code);
    long year = vrun_report_year(v);
    if (!e || !name || year <= 0 || year < e->since)
        return; /* the old name was the right one before its change */
    char *key = text_key(&v->ctx->variants, name, strlen(name));
    bool earlier = earlier_name(v, code, key) != NULL;
    free(key);
    if (!earlier) {
        vrun_pass(v, r, what);
        return;
    }
    fact at = row_fact(ti, row);
    finding *f = vrun_fail(v, r, what, &at);
    char since[16];
    snprintf(since, sizeof since, "%d", e->since);
    vrun_message(v, f, &(msg_args){.text = name, .a = code, .b = e->renamed, .detail = since});
}

void check_codes(vrun *v, const rule *r, const rule_check *c)
{
    const char *axis = c->axis == AXIS_ECONOMIC ? "economic" : "function";
    const char *check = code_checks[c->check];
    bool function = c->axis == AXIS_FUNCTION;
    const code_list *list = function ? &v->ctx->function_codes : &v->ctx->economic_codes;
    const char *list_name = function ? "功能分类" : "经济分类";
    for (size_t t = 0; t < v->facts.ntables; t++) {
        const table_info *ti = &v->facts.tables[t];
        for (xmlNodePtr p = ti->node->children; p; p = p->next) {
            if (!xml_is(p, "part") || !xml_attr(p, "axis"))
                continue;
            bool part_fixed = !strcmp(xml_attr(p, "axis"), "fixed");
            if (strcmp(xml_attr(p, "axis"), axis) && !(function && part_fixed))
                continue;
            /* the part's codes, so that finding a parent is O(1) */
            strmap *codes = c->check == CODE_PARENT ? strmap_new() : NULL;
            for (xmlNodePtr q = p->children; codes && q; q = q->next)
                if (xml_is(q, "row") && xml_attr(q, "code"))
                    strmap_put(codes, xml_attr(q, "code"), 1);
            for (xmlNodePtr row = p->children; row; row = row->next) {
                const char *code = xml_is(row, "row") ? xml_attr(row, "code") : NULL;
                if (!code)
                    continue;
                const char *name = xml_attr(row, "name");
                char what[160];
                str_join(what, sizeof what, (const char *const[]){ti->def, "/", code, " ", check}, 5);
                const code_entry *e = code_list_find(list, code);
                if (function && !e && strlen(code) == 3)
                    e = code_list_find(&v->ctx->function_classes, code);
                /* (where a finding points: made for a finding only) */
                fact at;
                if (c->check == CODE_RENAMED) {
                    if (function)
                        check_renamed(v, r, what, code, name, ti, row);
                    continue;
                }
                if (c->check == CODE_KNOWN) {
                    if (e) {
                        vrun_pass(v, r, what);
                        continue;
                    }
                    at = row_fact(ti, row);
                    finding *f = vrun_fail(v, r, what, &at);
                    vrun_message(v, f, &(msg_args){.text = name, .detail = list_name});
                } else if (c->check == CODE_NAME) {
                    if (!e || !name)
                        continue; /* unknown codes are GFA-CODE-001's business */
                    char *key = text_key(&v->ctx->variants, name, strlen(name));
                    bool same = key && !strcmp(key, e->key);
                    /* the code's earlier name: right before its change, GFA-CODE-004's
                     * business after it */
                    const code_entry *old = function ? earlier_name(v, code, key) : NULL;
                    free(key);
                    if (old && vrun_report_year(v) >= old->since)
                        continue;
                    if (same || old) {
                        vrun_pass(v, r, what);
                        continue;
                    }
                    at = row_fact(ti, row);
                    finding *f = vrun_fail(v, r, what, &at);
                    vrun_message(v, f, &(msg_args){.text = name, .detail = e->name});
                } else if (c->check == CODE_PARENT && strlen(code) > 3 && !part_fixed) {
                    char parent[8];
                    snprintf(parent, sizeof parent, "%.*s", (int)strlen(code) - 2, code);
                    if (!codes) {
                        v->out_of_memory = true; /* a parent unlooked-for must not pass */
                        continue;
                    }
                    if (strmap_get(codes, parent, NULL)) {
                        vrun_pass(v, r, what);
                        continue;
                    }
                    at = row_fact(ti, row);
                    finding *f = vrun_fail(v, r, what, &at);
                    vrun_message(v, f, &(msg_args){.detail = parent});
                }
            }
            strmap_free(codes);
        }
    }
}
