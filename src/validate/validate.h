/* validate.h — the business-rule engine shared by validate*.c and check_*.c; not
 * installed. Rules are data (schemas/rules/[*].xml); the engine indexes the instance's
 * facts once and evaluates each rule kind generically, recording every rule instance in a
 * ledger (passed / failed / not checkable) and failures as findings. */
#ifndef GFA_VALIDATE_H
#define GFA_VALIDATE_H

#include "base/interval.h"
#include "model/model.h"

/* ---- rules (rules.c) ---- */

typedef enum rule_kind {
    RK_HIERARCHY, RK_CLASSES_SUM, RK_COLUMNS, RK_ROWS, RK_EQUAL, RK_LE, RK_EMPTY_TABLE,
    RK_EMPTY_MARKER, RK_CODE_LIST, RK_PERF, RK_NARRATIVE, RK_HYGIENE,
} rule_kind;

/* The check="…" of the kinds that have several; each name of gfa-rules.xsd has one. */
typedef enum code_check { CODE_KNOWN, CODE_NAME, CODE_PARENT } code_check;
extern const char *const code_checks[]; /* their names, by code_check */
typedef enum perf_check {
    PERF_RATE, PERF_BALANCE, PERF_SCORE, PERF_TOTAL, PERF_PROJECTS, PERF_SOURCES, PERF_CODES,
} perf_check;
typedef enum narrative_check {
    NAR_FIGURES, NAR_SHARES, NAR_COMPLETION, NAR_CHANGE, NAR_REPEATED, NAR_COMPARISON,
    NAR_ZERO_BASE,
} narrative_check;
typedef enum hygiene_check {
    HYG_PLACEHOLDER, HYG_ALTERNATIVE, HYG_PERCENT_SIGN, HYG_SHARE_OVER_100, HYG_DECIMAL_COMMA,
    HYG_DOUBLED_WORD, HYG_CAPTION_ENTITY, HYG_CUT_SENTENCE, HYG_PRECISION,
} hygiene_check;

/* A term of a columns or rows sum: a column id (columns), a row key or @classes (rows). */
typedef struct sum_term {
    int sign;
    bool classes;
    char *id; /* NULL for @classes */
} sum_term;

/* One check element of a rule (a rule may hold several of the same kind), compiled when
 * the rules load: every table, row and column it names is one the definitions have. */
typedef struct rule_check {
    rule_kind kind;
    int check;       /* code_check, perf_check, narrative_check or hygiene_check; for
                        hierarchy and classes-sum: 1 for the tables no definition describes */
    axis_kind axis;  /* hierarchy, classes-sum, code-list */
    tableset tables; /* columns, rows, empty-table */
    char *part;      /* columns: one part of the table (NULL: every part with the columns) */
    char *total;     /* columns: the total column; rows, classes-sum: the total row */
    char **cols;     /* rows: the columns it holds in */
    size_t ncols;
    sum_term *sum;   /* columns, rows */
    size_t nsum;
    cellexpr a, b;   /* equal, le */
    cellexpr cell;   /* empty-table, perf check="projects": one cell */
} rule_check;

typedef struct rule {
    char *id;
    gfa_severity severity; /* after deployment overrides */
    bool enabled;
    char *title;
    char *message; /* template */
    rule_check *checks;
    size_t nchecks;
} rule;

/* A narrative quantity: phrases that name it and the cells that hold it. */
typedef struct quantity {
    char *id;
    cellexpr cell;
    char **phrases;
    size_t nphrases;
    char *unit;   /* NULL: money in the report's unit; else a count unit (辆) */
} quantity;

typedef struct ruleset {
    char *name;
    char *version;
    rule *rules;
    size_t count;
    quantity *quantities;
    size_t nquantities;
    /* 功能分类 类 names and the names printed once in these tables name the row's cell
     * in named_col (<quantities named-rows named-col>) */
    tableset named_rows;
    char *named_col;
    char **placeholders; /* template residue: XX, XXX, … */
    size_t nplaceholders;
    char **alternatives; /* unresolved alternatives: 增加（减少） … */
    size_t nalternatives;
} ruleset;

/* Loads the rule files of dir, compiled against the context's table definitions and code
 * lists: a name they do not have fails the load (GFA-DATA-036, file and line). */
gfa_status ruleset_load(const gfa_context *ctx, const char *dir, const char *xsd_path,
                        ruleset *out, gfa_diags *diags);
/* Adds the rules of one document held in memory (fuzzing, tests). */
gfa_status ruleset_add_memory(const gfa_context *ctx, const char *name, const char *data,
                              size_t len, xmlSchemaPtr xsd, ruleset *rs, gfa_diags *diags);
void ruleset_free(ruleset *rs);
rule *ruleset_find(ruleset *rs, const char *id);

/* ---- the run (validate.c) ---- */

typedef enum check_status { CHECK_PASSED, CHECK_FAILED, CHECK_UNCHECKED } check_status;

typedef struct ledger_entry {
    const char *rule;
    check_status status;
    char *what;   /* the rule instance: "gk03/201/basic", a sentence … */
    char *reason; /* for not checkable */
} ledger_entry;

typedef struct finding {
    char id[16];
    const rule *rule;
    gfa_severity severity;
    char *message;
    long line, pos;
    char *table, *row, *col;
    char *xpath;
    char *at;     /* the original location (@at) when the source is not lines */
    char *reported, *expected, *difference, *tolerance;
    char **cells; /* "table/row/col=value" of the other cells involved */
    size_t ncells;
    int cause;    /* index of the root-cause finding, -1 if none */
} finding;

/* One validation run; it is also the verdict handed to callers (gfa_verdict). */
typedef struct gfa_verdict {
    const gfa_context *ctx;
    const ruleset *rules;
    xmlDocPtr doc;
    facts facts;
    ledger_entry *ledger;
    size_t nledger, cap_ledger;
    finding *findings;
    size_t nfindings, cap_findings;
    gfa_diags *diags;
    bool main_tables_missing;
    bool out_of_memory; /* a ledger entry or finding was lost: no verdict */
    strmap *line_locations; /* line → index into locations (sources that are not lines) */
    const char **locations; /* @at values borrowed from doc */
    size_t nlocations, cap_locations;
    void *narrative;  /* the narrative's figures, built once by the first narrative rule */
    void *texts;      /* the report's texts, collected once by the first hygiene rule */
    bool accepted;
    size_t counts[5]; /* findings by severity */
    size_t passed, failed, unchecked;
    char *source;     /* the report's file */
    char *ruleset_version;
    char sha256[65];
} vrun;

/* Records a rule instance that passed / could not be checked. */
void vrun_pass(vrun *v, const rule *r, const char *what);
void vrun_unchecked(vrun *v, const rule *r, const char *what, const char *why);
/* Records a failure; returns the finding to complete (message is filled by vrun_message). */
finding *vrun_fail(vrun *v, const rule *r, const char *what, const fact *at);
/* A failure of a whole table (its row and column are absent). */
finding *vrun_fail_table(vrun *v, const rule *r, const char *what, const table_info *ti);
/* What a check says in a message beside the finding's own fields. The template's
 * {table} {row} {col} are the finding's table (公开NN), row name and column label,
 * {reported} {expected} {difference} {tolerance} its values, {line} its line; these fill
 * {text} {a} {b} {detail}, and `table` replaces the finding's table name. A field left
 * NULL is empty in the message. */
typedef struct msg_args {
    const char *text;
    const char *a, *b;
    const char *detail;
    const char *table;
} msg_args;
/* Fills the finding's message from the rule's template (args may be NULL). */
void vrun_message(vrun *v, finding *f, const msg_args *args);
/* The placeholder names a template may use, NULL-terminated (rules.c checks them at load). */
extern const char *const msg_placeholders[];
void finding_add_cell(finding *f, const fact *x);
char *dec_text(gfa_dec d);

/* "49,908": a grouping comma that is probably a decimal point (check_perf.c). */
bool looks_like_decimal_comma(const char *text);

void narrative_free(void *model);
void text_list_free(void *texts);

/* The check families. */
void check_calc(vrun *v, const rule *r, const rule_check *c);
void check_codes(vrun *v, const rule *r, const rule_check *c);
void check_perf(vrun *v, const rule *r, const rule_check *c);
void check_narrative(vrun *v, const rule *r, const rule_check *c);
void check_hygiene(vrun *v, const rule *r, const rule_check *c);

#endif
