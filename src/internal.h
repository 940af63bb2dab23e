/* internal.h — declarations shared by libgfa's own files; not installed. */
#ifndef GFA_INTERNAL_H
#define GFA_INTERNAL_H

#include "gfa.h"
#include "decimal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#define GFA_NS "urn:gfa:report:1"
#define GFA_DEFS_NS "urn:gfa:tabledefs:1"
#define GFA_INSTANCE_VERSION "1.0"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- diag.c ---- */
void diag_add(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
              const char *file, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void diag_add_at(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
                 const char *file, long line, long column, const char *xpath, const char *fmt,
                 ...) __attribute__((format(printf, 9, 10)));
void diag_addv(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
               const char *file, long line, long column, const char *xpath, const char *fmt,
               va_list ap);
int diags_incomplete(const gfa_diags *diags);

/* ---- buf.c: growable byte buffer, string helpers ---- */
typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; data holds what fitted */
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_add(strbuf *sb, const char *s, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_addc(strbuf *sb, char c);
/* Returns the NUL-terminated contents and resets the buffer (caller frees). */
char *sb_take(strbuf *sb);

char *xstrndup(const char *s, size_t n);
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* Number of code points in a UTF-8 string of len bytes. */
long utf8_chars(const char *s, size_t len);

/* ---- strmap.c: string → int map (open addressing, owns its keys) ---- */
typedef struct strmap strmap;
strmap *strmap_new(void);
void strmap_free(strmap *m);
bool strmap_put(strmap *m, const char *key, int value); /* false on out of memory */
/* Returns true and sets *value when present. */
bool strmap_get(const strmap *m, const char *key, int *value);

/* ---- text.c: Unicode helpers built on ICU ---- */
/* NFKC of a UTF-8 string (malloc'd), or NULL on invalid input / no memory. */
char *text_nfkc(const char *s, size_t len);
/* A matching key: NFKC, all white space (incl. U+3000) and quote marks removed. Used to
 * compare labels, titles and names; never shown to people. */
char *text_key(const char *s, size_t len);
/* Strips an ordinal prefix such as "一、", "（一）", "(一)", "1.", "1、", "（1）" and returns a
 * pointer into s past it (and past following spaces); *ordinal receives a malloc'd copy of
 * the ordinal without punctuation ("一", "1") or NULL when there is none. */
const char *text_strip_ordinal(const char *s, char **ordinal);
/* True when the UTF-8 string is one of the CJK numerals 一…九十百 (an ordinal like 二十六). */
bool text_is_cjk_numeral(const char *s);
/* Trims ASCII white space and U+3000 at both ends: returns a malloc'd copy. */
char *text_trim(const char *s, size_t len);
/* Removes white space that sits between two CJK characters (text wrapped inside a cell:
 * "本年收入合 计" → "本年收入合计") and collapses other runs to one space. malloc'd. */
char *text_unwrap(const char *s);

/* ---- decode.c: bytes → UTF-8 ---- */
typedef struct decoded_text {
    char *utf8;            /* NUL-terminated; CRLF/CR turned into LF; BOM removed */
    size_t len;
    const char *encoding;  /* "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030" (static) */
    bool had_bom;
} decoded_text;
/* Decides the encoding (BOM, strict UTF-8, strict GB18030: platform.md §4) and converts.
 * On failure returns GFA_ERR_INPUT with a diagnostic naming the byte offset. */
gfa_status decode_text(const char *name, const char *data, size_t len, decoded_text *out,
                       gfa_diags *diags);
void decoded_text_free(decoded_text *t);

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

typedef struct col_def {
    char *id;
    int colno;        /* 栏次 as in the national template, 0 if none */
    label_set labels; /* the column's own header text */
    label_set under;  /* an enclosing header it must sit under, when labels are ambiguous */
    char *title;      /* the label to print */
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
};

/* ---- context.c ---- */

/* ---- xmlutil.c ---- */
/* Secure parse policy (platform.md §7): NONET only, no entity substitution, no DTD
 * loading, any DOCTYPE rejected. */
xmlDocPtr xml_parse_secure(const char *name, const char *data, size_t len, gfa_domain dom,
                           gfa_diags *diags);
xmlDocPtr xml_read_file_secure(const char *path, gfa_domain dom, gfa_diags *diags);
/* Routes libxml2's generic (printing) error handler to nowhere, or back (thread-local). */
void xml_quiet_errors(bool on);

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
/* Adds a child element in the gfa namespace with optional text content. */
xmlNodePtr xml_child(xmlNodePtr parent, const char *name, const char *text);
/* A readable XPath to an element of an instance (prefix g for urn:gfa:report:1): rows by
 * their key, other elements by position. Malloc'd; NULL for a non-element. */
char *xml_node_path(xmlNodePtr node);
/* The document as indented UTF-8 XML: malloc'd and NUL-terminated, its length in *len;
 * NULL on failure. */
char *xml_serialise(xmlDocPtr doc, size_t *len);
/* Appends s escaped for XML or HTML text and attribute values; bytes that are not UTF-8
 * become U+FFFD and control characters other than tab and newlines are dropped. */
void xml_escape(strbuf *sb, const char *s);

/* report.c: an output file written in pieces and put in place atomically at the end
 * (temporary file in the same folder, fsync, rename); a failure removes the temporary. */
typedef struct atomic_out {
    char *path, *tmp;
    int fd;
    int err; /* errno of the first failed write */
} atomic_out;
gfa_status atomic_open(atomic_out *o, const char *path, gfa_diags *diags);
void atomic_write(atomic_out *o, const char *data, size_t len);
/* Writes the buffer's contents and empties it. */
void atomic_put(atomic_out *o, strbuf *sb);
gfa_status atomic_close(atomic_out *o, gfa_diags *diags);
void xml_set_long(xmlNodePtr n, const char *attr, long v);
void xml_set(xmlNodePtr n, const char *attr, const char *v);

/* ---- source.c: the published text as lines and cells, shared by every reader ----
 * A reader turns its input into these; one assembler (assemble.c) and one recogniser
 * (recognise.c, perf.c) build the instance from them, so only grid-making is per format. */
typedef struct src_cell {
    char *text; /* trimmed, verbatim */
    long pos;   /* 1-based character column in the source line */
} src_cell;

typedef struct src_line {
    long no;         /* 1-based line number */
    char *text;      /* the whole line, verbatim, without the newline */
    char *trimmed;   /* text without surrounding white space */
    src_cell *cells; /* tab-separated cells; ncells > 1 only for grid lines */
    int ncells;
    bool grid;
} src_line;

typedef struct src_doc {
    char *name;           /* file name for diagnostics */
    src_line *lines;
    size_t count;
    const char *encoding;
    size_t bytes;
    char sha256[65];
} src_doc;

/* Splits decoded UTF-8 text into lines and cells. */
gfa_status src_doc_from_text(const char *name, const char *utf8, size_t len, long max_line_chars,
                             src_doc *out, gfa_diags *diags);
void src_doc_free(src_doc *doc);
/* Text of cell i of a line ("" when absent). */
const char *src_cell_text(const src_line *l, int i);
bool src_line_blank(const src_line *l);

/* ---- sha256.c ---- */
void sha256_hex(const void *data, size_t len, char out[65]);

/* ---- cellvalue.c: what a value cell holds ---- */
typedef enum cell_kind { CELL_BLANK, CELL_NA, CELL_NUMBER, CELL_TEXT } cell_kind;
typedef struct cell_value {
    cell_kind kind;
    gfa_dec dec;     /* CELL_NUMBER */
    char canon[48];  /* canonical decimal text */
} cell_value;
cell_value cell_parse(const char *text);
/* True for a 3/5/7-digit classification code (economic: 3/5). */
bool is_code(const char *s, axis_kind axis);

/* ---- assemble.c ---- */
/* Builds the instance document from the lines of a report. */
gfa_status assemble_report(const gfa_context *ctx, const src_doc *src, xmlDocPtr *out,
                           gfa_diags *diags);

/* ---- recognise.c: grid → <table> ---- */
typedef struct table_grid {
    const src_line **rows; /* grid lines in order (blank lines excluded) */
    size_t nrows;
} table_grid;
/* Picks the definition that fits the title and the header best (NULL: none fits). */
const table_def *recognise_pick(const gfa_context *ctx, const char *title_key,
                                const char *number, const table_grid *g, const char *prefer_variant);
/* Fills the <table> element with header, parts, rows and cells. */
void recognise_table(const gfa_context *ctx, const table_def *def, const table_grid *g,
                     xmlNodePtr table, const char *file, gfa_diags *diags);
/* A table no definition describes: kept cell by cell with generic column ids. */
void recognise_unknown(const table_grid *g, xmlNodePtr table, const char *file,
                       gfa_diags *diags);

/* ---- perf.c: 项目支出绩效自评表 ---- */
void perf_read(const table_def *def, const table_grid *g, xmlNodePtr perf, const char *file,
               gfa_diags *diags);

/* ---- read_text.c ---- */
gfa_status read_text_report(const gfa_context *ctx, const char *name, const char *data,
                            size_t len, xmlDocPtr *out, gfa_diags *diags);

/* ---- schema.c ---- */
gfa_status schema_validate(const gfa_context *ctx, xmlDocPtr doc, const char *source,
                           gfa_diags *diags);

/* ---- batch.c / batch_summary.c ---- */
struct gfa_batch_result {
    gfa_batch_item *items; /* one per input, in input order */
    size_t count, cap;
    char *ruleset;
};

/* ---- report.c ---- */
gfa_report *report_wrap(xmlDocPtr doc, const char *source);

#endif
