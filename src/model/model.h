/* model.h — the report document: the gfa_report object, what a value cell holds, the
 * instance schema. Not installed. */
#ifndef GFA_MODEL_H
#define GFA_MODEL_H

#include "data/data.h"

/* ---- cellvalue.c: what a value cell holds ---- */
typedef enum cell_kind { CELL_BLANK, CELL_NA, CELL_NUMBER, CELL_TEXT } cell_kind;
typedef struct cell_value {
    cell_kind kind;
    gfa_dec dec;     /* CELL_NUMBER */
    char canon[48];  /* canonical decimal text */
} cell_value;
/* Not-applicable marks (——) are the vocabulary's (schemas/vocab). */
cell_value cell_parse(const gfa_vocab *vocab, const char *text);

/* ---- facts.c: the amounts of an instance, indexed by table/row/column ---- */

typedef struct fact {
    const char *table; /* def id (borrowed from the document) */
    const char *row;   /* row key */
    const char *col;   /* column id */
    cell_kind kind;
    gfa_dec value;     /* CELL_NUMBER; blank: 0 at the declared decimals */
    long line, pos;
    xmlNodePtr node;     /* the cell element */
    xmlNodePtr row_node;
} fact;

typedef struct table_info {
    const char *def;
    xmlNodePtr node;
    bool empty;       /* status="empty" */
    bool has_marker;  /* an <empty> line */
    long line;
} table_info;

typedef struct facts {
    fact *items;
    size_t count, cap;
    strmap *index; /* "table/row/col" → fact */
    table_info *tables;
    size_t ntables;
    int decimals;  /* the header's declared precision */
    const char *unit;
    int scale;     /* amounts are in 10^scale 元 (万元: 4) */
} facts;

gfa_status facts_build(xmlDocPtr doc, facts *out);
void facts_free(facts *f);
const fact *facts_get(const facts *f, const char *table, const char *row, const char *col);
const table_info *facts_table(const facts *f, const char *def);
/* Resolves "gk01|sh01" to the first table the report has; NULL if none. */
const table_info *facts_pick_table(const facts *f, const char *tables);

/* ---- schema.c ---- */
gfa_status schema_validate(const gfa_context *ctx, xmlDocPtr doc, const char *source,
                           gfa_diags *diags);

/* ---- report.c ---- */
gfa_report *report_wrap(xmlDocPtr doc, const char *source);

#endif
