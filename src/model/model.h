/* model.h — the report document: the gfa_report object, what a value cell holds, the
 * instance schema. Not installed. */
#ifndef GFA_MODEL_H
#define GFA_MODEL_H

#include "data/data.h"

/* ---- report.c ---- */
/* The published original an instance was read from (header/source/@file) when that is
 * not `source`, the file the document was read from (an instance written by gfa): the
 * elements' @line/@pos refer to the original, their own line numbers to `source`. NULL
 * for a document read from the original itself. Borrowed from the document. */
const char *report_origin(xmlDocPtr doc, const char *source);
/* Does the instance's <validation> hold a finding? */
bool report_has_findings(xmlDocPtr doc);

/* ---- cellvalue.c: what a value cell holds ---- */
typedef enum cell_kind { CELL_BLANK, CELL_NA, CELL_NUMBER, CELL_TEXT } cell_kind;
typedef struct cell_value {
    cell_kind kind;
    gfa_dec dec;     /* CELL_NUMBER */
    char canon[48];  /* canonical decimal text */
} cell_value;
/* Not-applicable marks (——) are the vocabulary's (schemas/vocab). */
cell_value cell_parse(const gfa_vocab *vocab, const char *text);
/* An element's text content (xmlNodeGetContent's): borrowed from its one text node
 * when it has one (an amount, a cell: no copy), else a copy left in *copy for the caller
 * to xmlFree (*copy NULL when borrowed). NULL when memory ran out. */
const char *node_text(xmlNodePtr n, xmlChar **copy);
/* An element's text content as an exact decimal: false when it is not one. */
bool node_dec(xmlNodePtr n, gfa_dec *out);

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

/* ---- cellref.c: cell references (TABLES/ROW/COLUMN), compiled once against the table
 * definitions and code lists of a context (issue 9: a name nothing defines fails the load,
 * never counts as a blank cell) ---- */

/* Table-definition ids written "gk01|sh01": the first of them a report has is used. */
typedef struct tableset {
    const table_def **defs; /* borrowed from the context */
    size_t n;
    char *text;             /* as written, for the ledger */
} tableset;

/* TABLES/ROW/COLUMN. */
typedef struct cellref {
    tableset tables;
    bool classes;    /* ROW is @classes: each 功能分类 类 row of the table in turn */
    const char *row; /* a definition row id, a classification code or "data" (NULL: @classes) */
    const char *col;
} cellref;

/* Cell references joined by + and −: "A + B - C". */
typedef struct cellexpr {
    cellref *refs;
    int *signs;
    size_t n;
    char *text; /* as written */
} cellexpr;

/* The compilers return false with the reason, naming what the definitions lack, in err;
 * *out then holds what was compiled and is freed like a whole one. */
bool tableset_compile(const gfa_context *ctx, const char *text, tableset *out, char *err,
                      size_t cap);
bool cellexpr_compile(const gfa_context *ctx, const char *text, cellexpr *out, char *err,
                      size_t cap);
/* Whether a table prints a cell at row (classes: its 类 rows) and column col: a row id
 * of one of its parts, or a code of the part's axis in the code lists, beside a column of
 * that part. */
bool table_def_has_cell(const gfa_context *ctx, const table_def *td, bool classes,
                        const char *row, const char *col, char *err, size_t cap);
const part_def *table_def_part(const table_def *td, const char *id);
bool part_def_has_col(const part_def *pd, const char *col);
bool part_def_has_row(const gfa_context *ctx, const part_def *pd, const char *row);
void tableset_free(tableset *ts);
void cellexpr_free(cellexpr *e);
bool cellexpr_has_classes(const cellexpr *e);

/* The first table of the set that the report has; NULL when it has none. */
const table_info *tableset_pick(const tableset *ts, const facts *f);

/* ---- schema.c ---- */
gfa_status schema_validate(const gfa_context *ctx, xmlDocPtr doc, const char *source,
                           gfa_diags *diags);

/* ---- report.c ---- */
gfa_report *report_wrap(xmlDocPtr doc, const char *source);
/* The document, to be read only: unlike gfa_report_doc, which hands it out to be changed,
 * it keeps the report's cache. */
xmlDocPtr report_doc(const gfa_report *report);
/* What a layer above derived from the document and keeps with the report (the renderer's
 * index, write/render.c, shared by a report's pages): NULL when none. report_set_cache frees
 * the one kept before (with its cache_free) and keeps `cache`; the report frees it with
 * itself, and drops it whenever gfa_report_doc hands the document out, so that it never
 * outlives the document nor describes an older state of it. A report, like its document,
 * is used by one thread at a time. */
void *report_cache(const gfa_report *report);
void report_set_cache(gfa_report *report, void *cache, void (*cache_free)(void *));

#endif
