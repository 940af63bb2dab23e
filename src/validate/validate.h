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
    /* checks across reports: run over a store (src/store/store_check.c), never on one
     * report by gfa_validate */
    RK_CONSOLIDATION, RK_PRIOR, RK_PRIOR_EQUAL,
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
/* consolidation: a department's amounts = Σ its units' (sum), rows only the units print
 * (rows), units the register expects but the store lacks (units) */
typedef enum cons_check { CONS_SUM, CONS_ROWS, CONS_UNITS } cons_check;
/* prior: the narrative's change (Δ) and growth rate against last year's report, and a
 * report whose last year is not in the store */
typedef enum prior_check { PRIOR_CHANGE, PRIOR_GROWTH, PRIOR_MISSING } prior_check;

/* A term of a columns or rows sum: a column id (columns), a row key or @classes (rows). */
typedef struct sum_term {
    int sign;
    bool classes;
    char *id; /* NULL for @classes */
} sum_term;

/* One check element of a rule (a rule may hold several of the same kind), compiled when
 * the rules load: every table, row and column it names is one the definitions have. */
typedef struct gfa_verdict vrun; /* one validation run is the verdict handed to callers */
typedef struct rule rule;
typedef struct rule_check rule_check;
/* A check family's evaluation of one check of a rule (check_calc.c, check_perf.c …). */
typedef void (*check_fn)(vrun *v, const rule *r, const rule_check *c);

struct rule_check {
    rule_kind kind;
    check_fn run;    /* the family's evaluation (rules.c's family table) */
    int check;       /* code_check, perf_check, narrative_check, hygiene_check, cons_check
                        or prior_check; for hierarchy and classes-sum: 1 for the tables no
                        definition describes */
    axis_kind axis;  /* hierarchy, classes-sum, code-list */
    tableset tables; /* columns, rows, empty-table; consolidation: the tables it covers */
    char *part;      /* columns: one part of the table (NULL: every part with the columns) */
    char *total;     /* columns: the total column; rows, classes-sum: the total row */
    char **cols;     /* rows: the columns it holds in */
    size_t ncols;
    sum_term *sum;   /* columns, rows */
    size_t nsum;
    cellexpr a, b;   /* equal, le; prior-equal: a this year, b last year */
    cellexpr cell;   /* empty-table, perf check="projects": one cell */
};

struct rule {
    char *id;
    gfa_severity severity; /* after deployment overrides */
    bool enabled;
    char *title;
    char *message; /* template */
    rule_check *checks;
    size_t nchecks;
    char *family;          /* the id's middle: CALC, ROW, XT, CODE, NAR, PERF, TXT */
    const char *check;     /* the element of its first check: hierarchy, columns, … */
    size_t set;            /* index of the rule file it came from (ruleset.sets) */
};

/* A narrative quantity: phrases that name it and the cells that hold it. */
typedef struct quantity {
    char *id;
    cellexpr cell;
    char **phrases;
    size_t nphrases;
    char *unit;   /* NULL: money in the report's unit; else a count unit (辆) */
} quantity;

/* One rule file: its ruleset's name and version, and the file. */
typedef struct rule_source {
    char *name, *version, *file;
} rule_source;

typedef struct ruleset {
    char *name;    /* of the first file */
    char *version;
    rule_source *sets; /* every rule file loaded, in load order */
    size_t nsets;
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

/* What a finding's values are, so that every output shows them as what they are: an
 * amount with grouping, a rate with %, a code digit by digit, a count or a score as a
 * number, a text as printed. */
typedef enum value_kind { VK_AMOUNT, VK_RATE, VK_CODE, VK_COUNT, VK_SCORE, VK_TEXT } value_kind;
extern const char *const value_kind_names[]; /* "amount", "rate", … by value_kind */

typedef struct finding {
    char id[16];
    char fingerprint[17]; /* stable: the same defect found again has the same one */
    const rule *rule;
    gfa_severity severity;
    char *message;
    long line, pos;
    char *table, *row, *col;
    char *xpath;
    char *at;     /* the original location (@at) when the source is not lines */
    long inst_line; /* the element's line in the instance, when an instance was read */
    char *reported, *expected, *difference, *tolerance;
    value_kind kind;  /* of reported and expected (difference, tolerance: the same) */
    char *lockey;     /* where it is, independent of line numbers (a sentence, a form's
                       * project), for the fingerprint; NULL: table/row/col */
    char *row_label, *col_label; /* the row's and column's names in Chinese, from data */
    char **cells; /* "table/row/col=value" of the other cells involved */
    size_t ncells;
    int cause;    /* index of the root-cause finding, -1 if none */
} finding;

/* One validation run; it is also the verdict handed to callers (gfa_verdict). */
struct gfa_verdict {
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
    strmap *line_locations; /* source line → index into locations */
    xmlNodePtr *locations; /* the first element of each line, borrowed from doc */
    size_t nlocations, cap_locations;
    void *narrative;  /* the narrative's figures, built once by the first narrative rule */
    struct nar_figure *figures; /* …kept for a store when the rules read them (figures_read) */
    size_t nfigures;
    bool figures_read;
    void *texts;      /* the report's texts, collected once by the first hygiene rule */
    bool accepted;
    size_t counts[5]; /* findings by severity */
    size_t passed, failed, unchecked;
    char *source;     /* the report's file */
    char *origin;     /* the published text the instance was read from (report_origin),
                       * NULL when the report was read from it */
    char *ruleset_version;
    char sha256[65];
};

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
    const char *row, *col; /* replace the finding's row name and column label */
} msg_args;
/* Sets where a finding is for its fingerprint, when table/row/col do not say it or hold
 * line numbers (a narrative sentence, a form's project name): copied. */
void finding_set_lockey(finding *f, const char *key);
/* Fills the finding's message from the rule's template (args may be NULL). */
void vrun_message(vrun *v, finding *f, const msg_args *args);
/* The placeholder names a template may use, NULL-terminated (rules.c checks them at load). */
extern const char *const msg_placeholders[];
void finding_add_cell(finding *f, const fact *x);
/* A cell named as messages name it, "公开01 政府性基金预算财政拨款收入 金额" (malloc'd). */
char *vrun_cell_name(const vrun *v, const char *table, const char *row, const char *col);
char *dec_text(gfa_dec d);

/* "49,908": a grouping comma that is probably a decimal point (check_perf.c). */
bool looks_like_decimal_comma(const char *text);

/* One input of a gateway report (verdict_report.c): what is known of it, read or not. */
typedef struct report_entry {
    const char *file;   /* as given */
    const char *status; /* accepted, rejected, unreadable (not a readable report, or it
                         * could not be opened), error (gfa itself failed) */
    const char *reason; /* why it is unreadable */
    const char *sha256, *entity, *unit_code, *year, *scope, *format;
    const vrun *verdict; /* NULL when it was not validated */
} report_entry;
/* The report of several inputs as SVRL or JSON, naming every rule set of rs (caller frees). */
char *verdict_report_entries(const report_entry *entries, size_t n, const ruleset *rs,
                             gfa_report_format fmt, size_t *len);
/* The verdict's counts as attributes (checks, passed, failed, unchecked, then by severity):
 * the instance's <validation> and the reports' digests say them the same way (v NULL: an
 * input that was not validated, all zero). */
void verdict_set_counts(xmlNodePtr n, const vrun *v);

void narrative_free(void *model);

/* ---- the validator's parts that other layers use (the store's checks across reports) */

/* The compiled rules of a validator (severities as configured). */
const ruleset *validator_rules(const gfa_validator *val);
/* A verdict without a document, for checks that read their cells elsewhere (a store):
 * findings are added with vrun_fail / vrun_message as usual; source names the report
 * the findings are about. NULL on no memory. */
vrun *vrun_open(const gfa_validator *val, const char *source, gfa_diags *diags);
/* Groups root causes, counts, decides accepted and appends the findings to the run's
 * diagnostics, as gfa_validate does; the verdict is then complete. */
gfa_status vrun_close(vrun *v);

/* A figure of the narrative as the narrative rules read it (check_narrative.c). */
struct nar_figure {
    const char *role;    /* value, budget, delta, growth, share, completion, other */
    char *quantity;      /* the quantity's id, or NULL */
    char *cell;          /* its cells, "TABLES/ROW/COL + …", or NULL */
    gfa_dec value;       /* as printed */
    gfa_dec in_unit;     /* in the report's money unit */
    bool percent, count, increase, local;
    int sentence;
    long line, pos;
    char text[96];       /* the clause up to the figure */
};
typedef struct nar_figure nar_figure;
/* The figures of a report's narrative, read with the validator's quantities; *out is
 * malloc'd (free with nar_figures_free), *n 0 when there is no narrative. */
gfa_status validator_narrative(const gfa_validator *val, xmlDocPtr doc, nar_figure **out,
                               size_t *n);
void nar_figures_free(nar_figure *f, size_t n);
/* The same for a run whose facts are built (check_narrative.c). */
gfa_status narrative_figures(vrun *v, nar_figure **out, size_t *n);
void text_list_free(void *texts);

/* The check families. */
void check_calc(vrun *v, const rule *r, const rule_check *c);
void check_codes(vrun *v, const rule *r, const rule_check *c);
void check_perf(vrun *v, const rule *r, const rule_check *c);
void check_narrative(vrun *v, const rule *r, const rule_check *c);
void check_hygiene(vrun *v, const rule *r, const rule_check *c);
/* The rules across reports: nothing to check on one report (gfa check runs them over a
 * store, src/store/store_check.c). */
void check_across(vrun *v, const rule *r, const rule_check *c);

#endif
