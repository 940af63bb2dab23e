/* data.h — gfa's data, loaded once into a context: table definitions, code lists, the
 * data folders and their schemas. Not installed. */
#ifndef GFA_DATA_H
#define GFA_DATA_H

#include "base/base.h"

/* ---- codes.c: classification code lists ---- */
typedef struct code_entry {
    char *code;
    char *name;
    char *key;     /* text_key(name) */
    char *ordinal; /* for function classes: 一 … 二十六, else NULL */
} code_entry;
typedef struct code_list {
    code_entry *items;
    size_t count;
    strmap *by_code;
    strmap *by_key; /* name key → index (first entry with that name) */
} code_list;
gfa_status code_list_load(const char *path, code_list *out, gfa_diags *diags);
void code_list_free(code_list *cl);
const code_entry *code_list_find(const code_list *cl, const char *code);
const code_entry *code_list_find_name(const code_list *cl, const char *name_key);

/* ---- tabledefs.c: table definitions loaded from schemas/tables/[*].xml ---- */
typedef enum axis_kind {
    AXIS_FUNCTION,  /* rows keyed by 功能分类 codes (3/5/7 digits) */
    AXIS_ECONOMIC,  /* rows keyed by 经济分类 codes (3/5 digits) */
    AXIS_FIXED,     /* labelled rows with ids from the definition (and 行次 where printed) */
    AXIS_SINGLE,    /* one data row */
} axis_kind;

typedef enum key_role {
    ROLE_NONE = 0,
    ROLE_CODE,   /* 科目代码 */
    ROLE_NAME,   /* 科目名称 */
    ROLE_LABEL,  /* 项目 */
    ROLE_LINENO, /* 行次 */
} key_role;

typedef struct label_set {
    char **keys; /* text_key() of each alias */
    size_t count;
} label_set;

/* One term of a column's sum: the column (index into the part's columns), added (+1) or
 * subtracted (-1). */
typedef struct col_term {
    int col;
    int sign;
} col_term;

typedef struct col_def {
    char *id;
    int colno;        /* 栏次 as in the national template, 0 if none */
    label_set labels; /* the column's own header text */
    label_set under;  /* an enclosing header it must sit under, when labels are ambiguous */
    char *title;      /* the label to print */
    /* In every row this column is the sum of others (本年收入合计 = Σ sources; 年末结转和结余
     * = 年初 + 本年收入 − 本年支出): @sum of the definition, resolved at load. */
    col_term *sum;
    size_t nsum;
    bool often_blank; /* most reports leave it blank (@often-blank) */
} col_def;

typedef struct row_def {
    char *id;
    char *ordinal;    /* 一, 二 … as printed before the label, or NULL */
    label_set labels;
    char *title;
    bool heading;     /* a heading row without amounts (公开10 一、政府采购情况) */
    bool total;       /* a total row (合计, 本年收入合计, 人员经费合计 …) */
    char *unit;       /* a unit other than the table's, e.g. 辆 */
} row_def;

typedef struct part_def {
    char *id;
    axis_kind axis;
    bool classes;     /* fixed axis whose labelled rows may be 功能分类 类 (公开01/04 支出) */
    int groups;       /* printed as this many side-by-side column groups (公开06: 4) */
    label_set under;  /* header over the whole part (收入 / 支出) */
    key_role *roles;  /* the key columns of one group, in order */
    size_t nroles;
    col_def *cols;
    size_t ncols;
    row_def *rows;
    size_t nrows;
} part_def;

typedef enum table_kind {
    TABLE_STANDARD,     /* a 公开 table */
    TABLE_PERFORMANCE,  /* 项目支出绩效自评表 */
} table_kind;

typedef struct form_field {
    char *name;       /* project, department, unit, funds, fund_total, goals, … */
    label_set labels;
} form_field;

typedef struct table_def {
    char *id;          /* e.g. "gk01", unique over all variants */
    char *variant;     /* e.g. "national-2024" */
    table_kind kind;
    char *number;      /* "公开01" or NULL */
    label_set titles;  /* title keys; matched exactly unless title_suffix */
    bool title_suffix; /* titles are suffixes ("…项目支出绩效自评表") */
    char *title;       /* the canonical title */
    label_set header_words; /* other header words (group headers) */
    part_def *parts;
    size_t nparts;
    form_field *fields; /* performance forms only */
    size_t nfields;
} table_def;

typedef struct layout_part {
    char *kind;        /* overview, tables, narrative, glossary, attachments */
    label_set keywords;
} layout_part;

typedef struct table_defs {
    table_def *tables;
    size_t count;
    layout_part *parts;
    size_t nparts;
    label_set role_labels[5]; /* indexed by key_role */
    label_set colno_labels;   /* 栏次 */
    label_set empty_markers;  /* 本表无数据 … */
} table_defs;

gfa_status table_defs_load(const char *dir, const char *xsd_path, table_defs *out,
                           gfa_diags *diags);
/* Adds the definitions of one document held in memory (fuzzing, tests). */
gfa_status table_defs_add_memory(const char *name, const char *data, size_t len,
                                 xmlSchemaPtr xsd, table_defs *defs, gfa_diags *diags);
void table_defs_free(table_defs *defs);
bool label_set_has(const label_set *ls, const char *key);
const table_def *table_defs_find(const table_defs *defs, const char *id);
const form_field *table_def_field(const table_def *t, const char *name);

/* ---- context.c ---- */
struct gfa_context {
    char *datadir;
    long long limits[GFA_LIMIT_COUNT];
    table_defs defs;
    code_list function_codes;
    code_list function_classes;
    code_list economic_codes;
    xmlSchemaPtr schema;
    /* Formats added to the built-in reader and writer tables of src/read/readers.c and
     * src/write/writers.c (tests, embedding applications); set before the context is
     * shared. The types belong to the layers above. */
    const struct reader_def *extra_readers[8];
    size_t nextra_readers;
    const struct writer_def *extra_writers[8];
    size_t nextra_writers;
};

/* datafile.c: gfa's data folders (table definitions, rules). */
typedef gfa_status (*datafile_fn)(const char *path, void *target, gfa_diags *diags);
/* Compiles a data schema; its errors are reported under err_id. NULL on failure. */
xmlSchemaPtr datafile_schema(const char *xsd_path, const char *err_id, gfa_diags *diags);
/* Validates a data document; each error is reported under err_id with file and line. */
bool datafile_valid(xmlSchemaPtr xsd, xmlDocPtr doc, const char *path, const char *err_id,
                    gfa_diags *diags);
/* Calls load on each .xml file of dir in name order; a folder that cannot be opened is
 * reported as err_id. */
gfa_status datafile_each(const char *dir, datafile_fn load, void *target, gfa_diags *diags,
                         const char *err_id, const char *what);

/* True for a 3/5/7-digit classification code (economic: 3/5). */
bool is_code(const char *s, axis_kind axis);

#endif
