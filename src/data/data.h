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
    char *renamed; /* a list of renames: the name the code has since `since`, else NULL */
    char *renamed_key;
    int since;
    char *parent;  /* the code it is part of (column "parent"), or NULL */
} code_entry;
#define CODE_MAX_DIGITS 8
typedef struct code_list {
    code_entry *items;
    size_t count;
    strmap *by_code;
    strmap *by_key; /* name key → index (first entry with that name) */
    /* the list's levels, from its parents: for a code of n digits, the digits of the
     * prefix every listed code of n digits has as its parent (0: none, or not a prefix) */
    int parent_digits[CODE_MAX_DIGITS + 1];
} code_list;
gfa_status code_list_load(const char *path, code_list *out, gfa_diags *diags);
/* One data line of a tab-separated data file: its fields (split at tabs, at most the
 * reader's max), their number and its line number; a status other than GFA_OK stops. */
typedef gfa_status (*tsv_line_fn)(char **fields, int n, long lineno, void *arg);
/* Reads a tab-separated data file (`what` names it in GFA-DATA-001 when it cannot be
 * opened): blank lines and '#' comments skipped, every other line, the header first,
 * handed to fn. */
gfa_status tsv_each(const char *path, const char *what, int max, tsv_line_fn fn, void *arg,
                    gfa_diags *diags);
void code_list_free(code_list *cl);
const code_entry *code_list_find(const code_list *cl, const char *code);
const code_entry *code_list_find_name(const code_list *cl, const char *name_key);
/* The parent of a code by the list: its listed parent; for a code the list does not hold,
 * the prefix the listed codes of its length have as their parent (a report's newer 款
 * under its 类). Written to out (cap bytes); false when it has none. */
bool code_list_parent(const code_list *cl, const char *code, char *out, size_t cap);

/* ---- codes.c: OCR's letters for digits (schemas/codes/ocr-digits.tsv) ---- */
typedef struct ocr_digits {
    char digits[128][8]; /* for an ASCII letter, the digits it is read as, most likely
                            first; "" for none */
} ocr_digits;
gfa_status ocr_digits_load(const char *path, ocr_digits *out, gfa_diags *diags);

/* ---- radicals.c: CJK radicals → unified ideographs (schemas/codes/radicals.tsv) ---- */
typedef struct radical_map {
    uint32_t (*pairs)[2]; /* radical, unified ideograph; sorted by radical */
    size_t count;
} radical_map;
gfa_status radicals_load(const char *path, radical_map *out, gfa_diags *diags);
void radicals_free(radical_map *m);
/* The unified ideograph a radical or a compatibility ideograph code point stands for; any
 * other code point unchanged. */
uint32_t ideograph_unify(const radical_map *m, uint32_t c);

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
    int prior_of;     /* the column whose last year's value it holds (@prior-of: a 上年决算数
                         column), −1 for none */
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
    bool listed;      /* fixed axis whose other rows are the report's own items (one per
                         project), keyed by their printed name: a line that begins with a
                         name and holds values is a row of its own */
    int groups;       /* printed as this many side-by-side column groups (公开06: 4) */
    char *totals_in;  /* "TABLE/PART": its total row's columns are printed again as the rows
                         of that part with the same ids (公开02 合计 in 公开01 收入), or NULL */
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
    char *variant;     /* e.g. "national", "national_2016" */
    int year_from, year_to; /* the years its set was printed in (0: not said; open end) */
    table_kind kind;
    char *main;        /* its main-table role (GFA-VAL-001: schemas/vocab), or NULL */
    char *number;      /* "公开01" or NULL */
    label_set titles;  /* title keys; matched exactly unless title_suffix */
    bool title_suffix; /* titles are suffixes ("…项目支出绩效自评表") */
    char *title;       /* the canonical title */
    label_set header_words; /* other header words (group headers) */
    part_def *parts;
    size_t nparts;
    form_field *fields; /* performance forms only */
    size_t nfields;
    /* A table another set defines, included by this one (<include table="gk02">): id and
     * everything but variant and number are the defining table's, not owned. */
    bool borrowed;
} table_def;

/* An <include> not yet resolved (its table may be defined by a file loaded later). */
typedef struct table_include {
    char *variant, *table, *number, *path;
    long line;
    int year_from, year_to;
} table_include;

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
    table_include *includes;  /* while loading */
    size_t nincludes;
} table_defs;

gfa_status table_defs_load(const char *dir, const char *xsd_path, table_defs *out,
                           gfa_diags *diags);
/* Adds the definitions of one document held in memory (fuzzing, tests). */
gfa_status table_defs_add_memory(const char *name, const char *data, size_t len,
                                 xmlSchemaPtr xsd, table_defs *defs, gfa_diags *diags);
void table_defs_free(table_defs *defs);
bool label_set_has(const label_set *ls, const char *key);
/* Adds text_key(text) (without a context's variants: the data's words are Simplified);
 * false on no memory. */
bool label_set_add(label_set *ls, const char *text);
void label_set_free(label_set *ls);
/* Adds the text of every child element `name` (namespace ns) of n to ls; *first receives a
 * copy of the first one when first is not NULL and still NULL. false on no memory. */
bool label_set_collect(xmlNodePtr n, const char *ns, const char *name, label_set *ls,
                       char **first);
const table_def *table_defs_find(const table_defs *defs, const char *id);
const form_field *table_def_field(const table_def *t, const char *name);

/* ---- vocab.c: the words gfa reads reports by, loaded from schemas/vocab/[*].xml ----
 * Every word a reader or a check looks for is here, never a C literal (make check fails
 * on a CJK literal outside tools/cjk-allowlist). Each list is matched in one form, which
 * the loader puts its words in (gfa-vocab.xsd). Pages converted to Traditional characters
 * match too: keys are Simplified (text_key), and the words_* functions below read the
 * text's Traditional characters as Simplified (issue 10). */
typedef enum vocab_list {
    /* the reader */
    V_PART_START, V_PART_END, V_CONTENTS, V_TITLE_WORD, V_YEAR_MARK, V_TABLE_TITLE_END,
    V_TABLE_NUMBER, V_ENTITY_LABEL, V_UNIT_LABEL, V_NOT_UNIT_LABEL, V_NOTE_START,
    V_NOT_APPLICABLE, V_DUTIES, V_ORGANISATION, V_SCOPE_UNIT, V_SCOPE_DEPARTMENT,
    V_STAFF_UNIT, V_STAFF_FILLER, V_STAFF_TOTAL, V_STAFF_BREAKDOWN, V_TOTAL_ROW, V_REFERRING_LEAD,
    V_CODE_LEVELS,
    /* punctuation */
    V_SENTENCE_END, V_FULL_STOP, V_CLAUSE_END, V_LIST_MARK, V_LEAD_IN, V_CLOSING,
    /* the narrative */
    V_INCREASE, V_DECREASE, V_SHARE, V_COMPLETION, V_OUTTURN, V_BUDGET, V_BUDGET_END, V_FUND,
    V_GREATER, V_LESS, V_EQUAL, V_UNDECIDED, V_BREAKDOWN, V_COUNT_UNIT, V_NOT_A_UNIT,
    V_CLASS_SUFFIX, V_PRIOR_YEAR,
    /* text hygiene */
    V_PERCENT_LEAD, V_SHARE_NOUN, V_SHARE_PARTICLE, V_DOUBLED,
    /* performance forms in the narrative */
    V_SELF_EVALUATION, V_PROJECT_COUNT, V_PERF_SPENT, V_PERF_COVERAGE, V_PERF_COVERAGE_FUND,
    V_PERF_COVERAGE_NOT,
    V_LISTS
} vocab_list;

typedef struct word_list {
    char **words; /* in the list's matching form, in file order */
    size_t count;
    /* per word, to scan texts without measuring and matching every word at every place:
     * its length, and its first character's Simplified form (text_first_simplified; 0
     * when it does not begin with a three-byte character) */
    size_t *lens;
    uint32_t *firsts;
    /* the bytes a text can begin with to begin with a word: the words' first bytes, and
     * every three-byte lead when a word begins with one (a Traditional character's lead
     * may differ from its Simplified form's) — a bit each */
    uint8_t leads[32];
    /* the words' firsts, a bit each at (first % 512): a three-byte character whose bit is
     * clear begins no word (a word whose first is 0 cannot begin with one) */
    uint8_t first_bits[64];
    const text_variants *tv; /* the vocabulary's (its context's) variants */
} word_list;

typedef struct money_unit {
    char *name;       /* 万元 (NFKC) */
    int scale;        /* an amount a is a × 10^scale 元 */
    word_list shorts; /* 万 */
    bool is_default;  /* assumed when no table states a unit */
} money_unit;

typedef struct main_table {
    char *role; /* matched against table_def.main */
    char *name; /* 收入支出决算总表, for the finding */
} main_table;

typedef struct gfa_vocab {
    word_list lists[V_LISTS];
    bool declared[V_LISTS];
    money_unit *units;
    size_t nunits;
    const money_unit *default_unit;
    main_table *mains;
    size_t nmains;
    char *weight_text;   /* the 预算执行 score weight as written (10) */
    gfa_dec weight;
    /* the Traditional variants its words are matched with (its context's; set before
     * words are added: vocab_load, or by hand before vocab_add_memory), or NULL */
    const text_variants *variants;
} gfa_vocab;

gfa_status vocab_load(const char *dir, const char *xsd_path, const text_variants *tv, gfa_vocab *out,
                      gfa_diags *diags);
/* Adds the words of one document held in memory (fuzzing, tests); vocab_load checks
 * afterwards that every list, a default unit, the main tables and the weight are there. */
gfa_status vocab_add_memory(const char *name, const char *data, size_t len, xmlSchemaPtr xsd,
                            gfa_vocab *vc, gfa_diags *diags);
void vocab_free(gfa_vocab *vc);
/* Every main role has a table definition and every definition's role is a main role. */
gfa_status vocab_check_tables(const gfa_vocab *vc, const table_defs *defs,
                              const char *dir, gfa_diags *diags);
/* Length of the first listed word s starts with; 0 when none. Scans call it at every
 * byte of a text: a byte no word begins with (most: inside a character) ends here, without
 * a call. */
size_t words_starts_lead(const word_list *l, const char *s);
static inline size_t words_starts(const word_list *l, const char *s)
{
    unsigned char b = (unsigned char)s[0];
    return (l->leads[b / 8] & (1u << (b % 8))) ? words_starts_lead(l, s) : 0;
}
/* May a word of the list begin with the character whose text_first_simplified is first?
 * (false: none does; always true for 0, a text not at a three-byte character) */
bool words_may_begin(const word_list *l, uint32_t first);
/* Length of the first listed word the n bytes at s end with; 0 when none. */
size_t words_ends(const word_list *l, const char *s, size_t n);
/* Where the word w occurs in s (Traditional characters of s read as Simplified, with the
 * variants tv), or NULL. */
const char *word_in(const text_variants *tv, const char *s, const char *w);
/* Where the first listed word that occurs in s occurs (its length in *len), or NULL. */
const char *words_in(const word_list *l, const char *s, size_t *len);
/* Is s exactly one of the words? */
bool words_is(const word_list *l, const char *s);
/* Does the text (n bytes at s) end like a finished sentence: with a sentence end, a lead-in
 * (a colon: what follows is its list) or a closing mark (”, …)? */
bool vocab_ends_sentence(const gfa_vocab *vc, const char *s, size_t n);
/* The money unit named name (NFKC), or NULL. */
const money_unit *vocab_unit(const gfa_vocab *vc, const char *name);

/* ---- workbook.c: the workbook vocabulary (schemas/workbook.xml) ----
 * The words the XLSX, XLS and CSV readers and writers use besides the report's text: the
 * metadata sheet that states the header, its fields and values, the sheet names gfa
 * writes. Printed forms are the first of each list (what gfa writes); keys are text_key()
 * forms of all of them (what gfa reads). */
typedef enum book_field_id {
    BOOK_ENTITY = 0, BOOK_UNIT_CODE, BOOK_DEPT_CODE, BOOK_YEAR, BOOK_SCOPE, BOOK_UNIT,
    BOOK_FIELD_COUNT
} book_field_id;
typedef enum book_scope_id { BOOK_SCOPE_UNIT = 0, BOOK_SCOPE_DEPARTMENT, BOOK_SCOPE_UNKNOWN,
                             BOOK_SCOPE_COUNT } book_scope_id;
typedef struct book_vocab {
    char *meta_sheet;                  /* the metadata sheet's name as written */
    label_set meta_sheets;             /* every name it may have */
    char *field_label[BOOK_FIELD_COUNT];
    label_set field_labels[BOOK_FIELD_COUNT];
    bool field_required[BOOK_FIELD_COUNT];
    char *scope_word[BOOK_SCOPE_COUNT];
    label_set scope_words[BOOK_SCOPE_COUNT];
    char *front_sheet;                 /* sheet of the cover and contents */
    char *table_sheet;                 /* a table without number or title: "…{n}" */
    char *term_separator;
    char *year_caption;                /* "…{year}…" */
} book_vocab;
gfa_status book_vocab_load(const char *path, const char *xsd_path, book_vocab *out,
                           gfa_diags *diags);
void book_vocab_free(book_vocab *v);
/* The id ("entity", "unit-code" …) of a field. */
const char *book_field_name(book_field_id f);

/* ---- context.c ---- */
struct gfa_context {
    char *datadir;
    long long limits[GFA_LIMIT_COUNT];
    table_defs defs;
    gfa_vocab vocab;

    book_vocab book;
    code_list function_codes;
    code_list function_classes;
    code_list function_renames; /* a code's earlier name (name) and its new one (renamed) */
    code_list economic_codes;
    radical_map radicals;
    ocr_digits ocr;
    /* the Traditional variants ICU leaves (schemas/codes/traditional-variants.tsv): every
     * key and match made for this context reads them (text_key(&ctx->variants, …)) */
    text_variants variants;
    xmlSchemaPtr schema;
    /* Formats added to the built-in reader and writer tables of src/read/readers.c and
     * src/write/writers.c (tests, embedding applications); set before the context is
     * shared. The types belong to the layers above. */
    const struct reader_def *extra_readers[8];
    size_t nextra_readers;
    const struct writer_def *extra_writers[8];
    size_t nextra_writers;
};

/* The 功能分类 类 named so (a name key) in the class list, or by its name of an earlier
 * year (function-renames.tsv): the class of the list; NULL for none. */
const code_entry *function_class_named(const gfa_context *ctx, const char *name_key);

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
/* One kind of data document: its schema, the ids its errors are reported under, and the
 * function that takes a valid document (and frees it or keeps it). */
typedef struct datafile_kind {
    const char *what;       /* "vocabulary": the schema, the folder */
    xmlSchemaPtr xsd;
    const char *err_id;     /* each schema error, with file and line */
    const char *invalid_id; /* then the file as a whole, with `invalid` as its message */
    const char *invalid;
    const char *schema_id;  /* the schema does not compile */
    const char *folder_id;  /* the folder cannot be opened */
    gfa_status (*load)(const char *path, xmlDocPtr doc, void *target, gfa_diags *diags);
    void *target;
} datafile_kind;
/* Parses a data document securely, from the file path or, when data is not NULL, from
 * memory (path names it), checks it against the kind's schema and hands it to its loader. */
gfa_status datafile_load(const datafile_kind *kind, const char *path, const char *data, size_t len,
                         gfa_diags *diags);
/* Compiles the schema at xsd_path into kind->xsd, calls datafile_load on each .xml file of
 * dir in name order, and frees the schema. */
gfa_status datafile_load_dir(const char *dir, const char *xsd_path, datafile_kind *kind,
                             gfa_diags *diags);

/* True for a 3/5/7-digit classification code (economic: 3/5). */
bool is_code(const char *s, axis_kind axis);

#endif
