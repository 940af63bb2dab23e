/* identity.c — the printed values and identities the checks evaluated: the graph that the
 * diagnosis (diagnose.c) searches for the printed values that are wrong. A value is
 * recorded once (by its key) with its rounding interval; an identity keeps its terms, its
 * status and its finding. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

static int value_new(vrun *v, const char *key, bool *fresh)
{
    int k;
    *fresh = false;
    if (!v->value_index && !(v->value_index = strmap_new())) {
        v->out_of_memory = true;
        return -1;
    }
    if (strmap_get(v->value_index, key, &k))
        return k;
    if (v->nvalues == v->cap_values) {
        size_t cap = v->cap_values ? v->cap_values * 2 : 256;
        pvalue *p = realloc(v->values, cap * sizeof *p);
        if (!p) {
            v->out_of_memory = true;
            return -1;
        }
        v->values = p;
        v->cap_values = cap;
    }
    pvalue *p = &v->values[v->nvalues];
    memset(p, 0, sizeof *p);
    p->key = strdup(key);
    if (!p->key || !strmap_put(v->value_index, key, (int)v->nvalues)) {
        free(p->key);
        v->out_of_memory = true;
        return -1;
    }
    *fresh = true;
    return (int)v->nvalues++;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The number as printed (@text, its grouping commas left out: "00", "1614.45"), or the
 * canonical value when the printed form is not a plain number. */
static void printed_form(pvalue *p, xmlNodePtr node)
{
    dec_format(p->value, p->printed, sizeof p->printed);
    const char *text = node ? xml_attr(node, "text") : NULL;
    if (!text)
        return;
    char buf[48];
    size_t n = 0;
    for (const char *c = text; *c && n + 1 < sizeof buf; c++) {
        if (*c == ',')
            continue;
        if (!((*c >= '0' && *c <= '9') || *c == '.' || (*c == '-' && c == text)))
            return;
        buf[n++] = *c;
    }
    buf[n] = '\0';
    gfa_dec d;
    if (n && dec_parse(buf, n, &d) == DEC_OK && dec_cmp(d, p->value) == 0)
        memcpy(p->printed, buf, n + 1);
}

/* The readings of an uncertain amount: the printed value, then @alternatives. */
static void readings_of(pvalue *p, xmlNodePtr node)
{
    const char *certain = node ? xml_attr(node, "certain") : NULL;
    const char *alts = node ? xml_attr(node, "alternatives") : NULL;
    if (!certain || (strcmp(certain, "false") && strcmp(certain, "0")) || !alts)
        return;
    size_t n = 1;
    for (const char *s = alts; *s; s++)
        n += *s == ' ';
    p->readings = calloc(n + 1, sizeof *p->readings);
    if (!p->readings)
        return;
    p->readings[p->nreadings++] = p->value;
    for (const char *s = alts; *s;) {
        size_t len = strcspn(s, " ");
        gfa_dec d;
        if (len && dec_parse(s, len, &d) == DEC_OK) {
            p->readings[p->nreadings++] = d;
        }
        s += len + (s[len] == ' ');
    }
    if (p->nreadings < 2) {
        free(p->readings);
        p->readings = NULL;
        p->nreadings = 0;
    }
}

static bool amount_of(xmlNodePtr n, gfa_dec *out)
{
    if (!n || n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "amt"))
        return false;
    return node_dec(n, out);
}

static xmlNodePtr element_sibling(xmlNodePtr n, bool next)
{
    do
        n = next ? n->next : n->prev;
    while (n && n->type != XML_ELEMENT_NODE);
    return n;
}

/* The amounts printed beside a cell: left and right in its row, above and below in its
 * column (a value copied from a neighbour is a typing slip). */
static void cell_neighbours(pvalue *p, xmlNodePtr node)
{
    gfa_dec d;
    for (int next = 0; next < 2; next++)
        if (amount_of(element_sibling(node, next), &d))
            p->neighbours[p->nneighbours++] = d;
    p->nrow = p->nneighbours;
    const char *col = xml_attr(node, "col");
    for (int next = 0; col && next < 2 && node->parent; next++) {
        xmlNodePtr row = element_sibling(node->parent, next);
        for (xmlNodePtr c = row ? row->children : NULL; c; c = c->next) {
            const char *cc = c->type == XML_ELEMENT_NODE ? xml_attr(c, "col") : NULL;
            if (cc && !strcmp(cc, col)) {
                if (amount_of(c, &d))
                    p->neighbours[p->nneighbours++] = d;
                break;
            }
        }
    }
}

int vrun_value_cell(vrun *v, const fact *x)
{
    if (!x || (x->kind != CELL_NUMBER && x->kind != CELL_BLANK))
        return -1;
    char key[256];
    slash_key(key, sizeof key, x->table, x->row, x->col);
    bool fresh;
    int k = value_new(v, key, &fresh);
    if (k < 0 || !fresh)
        return k;
    pvalue *p = &v->values[k];
    p->kind = VAL_CELL;
    p->table = dup_or_null(x->table);
    p->row = dup_or_null(x->row);
    p->col = dup_or_null(x->col);
    p->line = x->line;
    p->pos = x->pos;
    p->node = x->node;
    p->blank = x->kind == CELL_BLANK;
    bool count = x->row_node && xmlHasProp(x->row_node, BAD_CAST "unit");
    p->value = x->kind == CELL_NUMBER ? x->value : (gfa_dec){0, count ? 0 : v->facts.decimals};
    p->half = count ? (gfa_dec){0, 0} : ival_half_unit(p->value.scale);
    if (!p->blank)
        printed_form(p, x->node);
    readings_of(p, x->node);
    cell_neighbours(p, x->node);
    return k;
}

int vrun_value_figure(vrun *v, const char *key, long line, long pos, gfa_dec value,
                      gfa_dec in_unit, bool percent, const char *text)
{
    bool fresh;
    int k = value_new(v, key, &fresh);
    if (k < 0 || !fresh)
        return k;
    pvalue *p = &v->values[k];
    p->kind = VAL_FIGURE;
    p->line = line;
    p->pos = pos;
    p->value = in_unit;
    p->half = ival_half_unit(in_unit.scale);
    p->shift = value.scale - in_unit.scale;
    p->percent = percent;
    p->text = dup_or_null(text);
    dec_format(value, p->printed, sizeof p->printed);
    return k;
}

int vrun_value_form(vrun *v, xmlNodePtr node, const char *form, const char *row,
                    const char *field, gfa_dec value, bool exact)
{
    const char *line = node ? xml_attr(node, "line") : NULL;
    if (!line && node && node->parent) /* an indicator's score: the indicator's line */
        line = xml_attr(node->parent, "line");
    char key[256];
    str_join(key, sizeof key,
             (const char *const[]){form, ":", line ? line : "", ":", row ? row : "", ":", field}, 7);
    bool fresh;
    int k = value_new(v, key, &fresh);
    if (k < 0 || !fresh)
        return k;
    pvalue *p = &v->values[k];
    p->kind = VAL_FORM;
    p->table = dup_or_null(form);
    p->row = dup_or_null(row);
    p->col = dup_or_null(field);
    p->line = line ? strtol(line, NULL, 10) : 0;
    const char *pos = node ? xml_attr(node, "pos") : NULL;
    p->pos = pos ? strtol(pos, NULL, 10) : 0;
    p->node = node;
    p->value = value;
    p->half = exact ? (gfa_dec){0, 0} : ival_half_unit(value.scale);
    printed_form(p, node);
    readings_of(p, node);
    if (node && !xmlStrcmp(node->name, BAD_CAST "amt"))
        cell_neighbours(p, node);
    return k;
}

void identity_init(identity *id, ident_kind kind, const rule *r)
{
    memset(id, 0, sizeof *id);
    id->kind = kind;
    id->rule = r;
    id->finding = -1;
    id->konst = ival_exact((gfa_dec){0, 0});
}

void identity_add(identity *id, int value, int sign)
{
    iterm *t = realloc(id->terms, (id->nterms + 1) * sizeof *t);
    if (!t) {
        id->broken = true; /* it is dropped */
        return;
    }
    id->terms = t;
    id->terms[id->nterms++] = (iterm){value, sign};
}

void vrun_identity(vrun *v, identity *id, bool failed, const finding *f)
{
    bool ok = !id->broken && id->nterms > 0 &&
              (id->kind != ID_RATIO || id->nterms > id->nnum);
    for (size_t i = 0; ok && i < id->nterms; i++)
        ok = id->terms[i].value >= 0;
    if (ok && v->nidents == v->cap_idents) {
        size_t cap = v->cap_idents ? v->cap_idents * 2 : 256;
        identity *ids = realloc(v->idents, cap * sizeof *ids);
        if (ids) {
            v->idents = ids;
            v->cap_idents = cap;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        free(id->terms);
        id->terms = NULL;
        return;
    }
    id->failed = failed;
    id->finding = f ? (int)(f - v->findings) : -1;
    v->idents[v->nidents++] = *id;
    id->terms = NULL;
}

void vrun_values_free(vrun *v)
{
    for (size_t i = 0; i < v->nvalues; i++) {
        pvalue *p = &v->values[i];
        free(p->key);
        free(p->table);
        free(p->row);
        free(p->col);
        free(p->text);
        free(p->readings);
    }
    free(v->values);
    v->values = NULL;
    v->nvalues = v->cap_values = 0;
    strmap_free(v->value_index);
    v->value_index = NULL;
    for (size_t i = 0; i < v->nidents; i++)
        free(v->idents[i].terms);
    free(v->idents);
    v->idents = NULL;
    v->nidents = v->cap_idents = 0;
}
