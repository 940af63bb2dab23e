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
    /* which printed number is wrong: run once after every other rule (diagnose.c) */
    RK_STAFFING,
    RK_DIAGNOSIS,
    /* checks across reports: run over a store (src/store/store_check.c), never on one
     * report by gfa_validate */
    RK_CONSOLIDATION, RK_PRIOR, RK_PRIOR_EQUAL,
} rule_kind;

/* The check="…" of the kinds that have several; each name of gfa-rules.xsd has one. */
typedef enum code_check { CODE_KNOWN, CODE_NAME, CODE_PARENT, CODE_RENAMED } code_check;
extern const char *const code_checks[]; /* their names, by code_check */
typedef enum perf_check {
    PERF_RATE, PERF_BALANCE, PERF_SCORE, PERF_TOTAL, PERF_PROJECTS, PERF_SOURCES, PERF_CODES,
    PERF_INDICATOR_MAX, PERF_WEIGHTS, PERF_FULL_MARKS, PERF_COUNT, PERF_ANALYSIS,
    PERF_COVERAGE_AMOUNT, PERF_COVERAGE_SHARE,
} perf_check;
typedef enum narrative_check {
    NAR_FIGURES, NAR_SHARES, NAR_COMPLETION, NAR_CHANGE, NAR_REPEATED, NAR_COMPARISON,
    NAR_ZERO_BASE, NAR_PRIOR,
} narrative_check;
typedef enum diagnosis_check { DIAG_ROOT, DIAG_AMBIGUOUS, DIAG_UNDETERMINED } diagnosis_check;
typedef enum hygiene_check {
    HYG_PLACEHOLDER, HYG_ALTERNATIVE, HYG_PERCENT_SIGN, HYG_SHARE_OVER_100, HYG_DECIMAL_COMMA,
    HYG_DOUBLED_WORD, HYG_CAPTION_ENTITY, HYG_CUT_SENTENCE, HYG_PRECISION, HYG_FUND_NAME,
    HYG_CUT_UNIT, HYG_OCR_DIGIT,
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
    cellexpr a, b;   /* equal, le; prior-equal: a this year, b last year; perf
                        check="coverage-share": b the 一般公共预算's 项目支出 (fund-cell) */
    cellexpr cell;   /* empty-table, perf check="projects": one cell */
    char *value;     /* perf check="weights": full marks (100) */
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
    cellexpr budget; /* its budget in the tables (n = 0: none) */
    char **phrases;
    size_t nphrases;
    char *unit;   /* NULL: money in the report's unit; else a count unit (辆) */
    /* <within section quantity>: in a narrative section whose title (or an enclosing
     * section's) holds within_words[k], the phrases name quantity within_ids[k] instead
     * (基本支出 under 一般公共预算财政拨款… is 公开05's, not 公开03's) */
    char **within_words;
    char **within_ids;
    size_t nwithin;
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
    uint8_t placeholder_leads[32]; /* their first bytes, a bit each: where a scan looks */
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

/* A cell a finding involves besides its own (structured: no "t/r/c=value" strings). */
typedef struct finding_cell {
    char *unit;  /* the reporting unit's code, for a check across reports; else NULL */
    char *table, *row, *col;
    char *value; /* NULL when the cell is not a number or blank */
} finding_cell;

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
    finding_cell *cells; /* the other cells involved */
    size_t ncells;
    int cause;    /* index of the root-cause finding, -1 if none */
    int value;    /* the printed value it is about (diagnosis roots), -1 if none */
    bool uncertain; /* it depends on a value the reader was unsure of (certain="false") */
    char *slip;   /* diagnosis roots: the typing slip that explains the value */
    struct finding_candidate *candidates; /* ambiguous diagnoses: every reading */
    size_t ncandidates;
} finding;

/* One reading of an ambiguous diagnosis: a printed value and what it should be; `set`
 * numbers the readings (a reading may correct several values). */
typedef struct finding_candidate {
    int set;
    char *table, *row, *col; /* a cell or a form field (NULL for a narrative figure) */
    long line, pos;
    char *reported;
    char *expected;
    char *slip;
} finding_candidate;

/* ---- the printed values and identities the checks evaluated (identity.c) ----
 *
 * Every check that compares printed figures by arithmetic records what it compared: the
 * printed values (table cells, narrative figures, form figures) once each, and one identity
 * per rule instance with its status. The diagnosis (diagnose.c) searches this graph for the
 * fewest printed values whose correction makes every failed identity hold. */

typedef enum pvalue_kind { VAL_CELL, VAL_FIGURE, VAL_FORM } pvalue_kind;

typedef struct pvalue {
    pvalue_kind kind;
    char *key;               /* "gk05/2010301/basic", "fig:12", "perf:612:620:executed" */
    char *table, *row, *col; /* a cell: definition, row key, column; a form: "perf:LINE",
                                the fund source or indicator, the field */
    long line, pos;
    gfa_dec value;           /* in the report's unit (a figure in 元 is scaled) */
    gfa_dec half;            /* half its rounding unit; zero for an exact count */
    int shift;               /* value = printed × 10^shift */
    char printed[48];        /* the printed number, canonical ("1207.45"; blank: "") */
    bool blank;
    bool percent;
    char *text;              /* a figure's clause, for messages */
    xmlNodePtr node;         /* the element (borrowed from the document) */
    gfa_dec *readings;       /* an uncertain value: every reading, the printed one first */
    size_t nreadings;
    gfa_dec neighbours[4];   /* the values printed beside it (a copied neighbour is a slip):
                                first those of its row (or sentence), then of its column */
    size_t nneighbours, nrow;
    int context_scale;       /* the most fraction digits of the values it is compared with */
} pvalue;

typedef enum ident_kind {
    ID_SUM,   /* Σ sign × value + konst = 0 (rounding intervals overlap) */
    ID_LE,    /* Σ sign × value + konst ≤ 0 */
    ID_RATIO, /* terms[0] (a percentage) = 100 × Σ num ÷ Σ den */
} ident_kind;

typedef struct iterm {
    int value; /* index into the values */
    int sign;  /* +1 / −1 */
} iterm;

typedef struct identity {
    ident_kind kind;
    const rule *rule;
    bool failed;
    bool strict;      /* the same figure printed twice at one precision: exactly equal */
    bool broken;      /* a term could not be added: the identity is not recorded */
    int finding;      /* its finding when it failed, else −1 */
    iterm *terms;     /* ID_RATIO: the percentage, then nnum numerator terms, then the
                         denominator's */
    size_t nterms, nnum;
    gfa_ival konst;   /* ID_SUM, ID_LE: what is not a printed value (rows not printed) */
} identity;

/* The printed value of a table cell (a number or a blank); −1 for none, "——" or text. */
int vrun_value_cell(gfa_verdict *v, const fact *x);
/* A narrative figure: key unique in the run; value in the report's unit at its printed
 * precision. */
int vrun_value_figure(gfa_verdict *v, const char *key, long line, long pos,
                      gfa_dec value, gfa_dec in_unit, bool percent, const char *text);
/* A figure of a performance form (an amt, a score, a total): exact when `exact`. */
int vrun_value_form(gfa_verdict *v, xmlNodePtr node, const char *form, const char *row,
                    const char *field, gfa_dec value, bool exact);
/* The identity a check is building: terms are added, then it is recorded with its status. */
void identity_init(identity *id, ident_kind kind, const rule *r);
void identity_add(identity *id, int value, int sign);
/* Records the identity (passed or failed with its finding); a check that could not be
 * made records nothing. Takes the terms; an identity with a term of no value is dropped. */
void vrun_identity(gfa_verdict *v, identity *id, bool failed, const finding *f);
void vrun_values_free(gfa_verdict *v);

/* ---- diagnose.c: which printed values are wrong ---- */

/* The typing slips that explain a printed value, most telling first. */
typedef enum slip_kind {
    SLIP_NONE,
    SLIP_TRANSPOSED, /* two adjacent digits swapped */
    SLIP_DIGIT,      /* one digit off by one */
    SLIP_DROPPED,    /* a digit left out */
    SLIP_EXTRA,      /* a digit typed twice or added */
    SLIP_UNIT,       /* 10⁴ too large or too small: 元 for 万元 */
    SLIP_NEIGHBOUR,  /* the value of the cell or figure beside it */
    SLIP_POINT,      /* the decimal point one place off: 9.5 for 95 */
} slip_kind;

typedef struct value_range {
    gfa_dec lo, hi;
    bool has_lo, has_hi; /* an end may be open */
} value_range;

/* The slip by which the printed value p could have been typed for a value in r, and that
 * value (the intended one; unknown for a neighbour's value); SLIP_NONE when none. */
slip_kind slip_explain(const pvalue *p, const value_range *r, gfa_dec *original);

typedef struct diag_fix {
    int value;        /* the printed value corrected */
    gfa_dec proposed; /* what it should be */
    slip_kind slip;
} diag_fix;

/* One way to make every failed identity of a cluster hold. */
typedef struct diag_reading {
    diag_fix *fixes;
    size_t nfixes;
    int slips;   /* how strongly typing slips explain its corrections */
    int matches; /* corrections to a value printed beside them in their row, less those
                    that part a value from an equal one beside it */
    int cells;   /* corrections of table cells */
    int precision; /* values printed at another precision than those around them,
                      corrected to it */
    bool strained; /* a sum it corrects is left further from its printed total than its
                      parts' rounding plausibly goes (beyond 4 standard deviations) */
    int unequal;   /* values printed twice at one precision (a figure and its cell, two
                      tables) it leaves a unit apart */
} diag_reading;

#define DIAG_MAX_READINGS 8

typedef struct diag_outcome {
    int size; /* the fewest corrections that make the cluster hold; 0: none of up to 3 */
    diag_reading readings[DIAG_MAX_READINGS]; /* the best of that size, equally good */
    size_t nreadings;
    size_t more;    /* equally good readings beyond DIAG_MAX_READINGS */
    size_t worse;   /* readings of that size with fewer slips */
    bool exhausted; /* the search stopped at its budget */
    long tests;
} diag_outcome;

/* Searches the values of the identities for the smallest corrections that make the failed
 * identities `fails` hold while every identity holds (at most `budget` sets tried). */
bool diag_search(const pvalue *vals, size_t nvals, const identity *ids, size_t nids,
                 const int *fails, size_t nfails, long budget, diag_outcome *out);
void diag_outcome_free(diag_outcome *o);
/* Whether an identity holds with a reading's corrections. */
bool diag_reading_holds(const pvalue *vals, const identity *id, const diag_reading *rd);
void diag_reading_free(diag_reading *r);
/* The diagnosis of a run: clusters of failed identities, their root causes as findings,
 * every failed identity's finding linked to its cause (diagnose.c). */
void vrun_diagnose(gfa_verdict *v);

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
    void *funds;      /* the forms' funds rows, read once by the first rule reading them */
    void *coverages;  /* the sentences stating a coverage, found by the first rule of them */
    pvalue *values;   /* the printed values the identities are made of */
    size_t nvalues, cap_values;
    strmap *value_index; /* key → index into values */
    strmap *variants;    /* the table sets the report is printed in (NULL: not named) */
    identity *idents; /* every identity a check evaluated */
    size_t nidents, cap_idents;
    bool accepted;
    size_t counts[5]; /* findings by severity */
    size_t passed, failed, unchecked;
    char *source;     /* the report's file */
    char *origin;     /* the published text the instance was read from (report_origin),
                       * NULL when the report was read from it */
    char *ruleset_version;
    char sha256[65];
};

/* The report's year (its header's period), 0 when it is not stated. */
long vrun_report_year(const vrun *v);
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
/* How a cell is named in messages, as a finding's names: 公开03 (borrowed), the row's and
 * the column's Chinese labels (malloc'd; the ids when the report does not print them). */
void vrun_cell_names(const gfa_verdict *v, const char *t, const char *r, const char *c,
                     const char **table, char **row, char **col);
/* "table/row/col=value" ("UNIT:table/row/col=value" across reports), as the SVRL, JSON and
 * flat reports print a cell (malloc'd). */
char *finding_cell_text(const finding_cell *c);
/* A cell named as messages name it, "公开01 政府性基金预算财政拨款收入 金额" (malloc'd). */
char *vrun_cell_name(const vrun *v, const char *table, const char *row, const char *col);
char *dec_text(gfa_dec d);

/* "49,908": a grouping comma that is probably a decimal point (check_perf.c). */
bool looks_like_decimal_comma(const char *text);

/* ---- funds.c: the ways a performance form's funds rows can be read ---- */
enum { F_DECLARED, F_BUDGETED, F_FULL_YEAR, F_EXECUTED, F_BALANCE, F_RATE, F_SCORE, F_NFIELDS };
extern const char *const fund_field_names[F_NFIELDS]; /* fund/amt/@field, by field */

/* One reading of a funds row: each field's value and its amt (NULL when not placed). */
typedef struct fund_reading {
    gfa_dec v[F_NFIELDS];
    bool have[F_NFIELDS];
    xmlNodePtr node[F_NFIELDS];
} fund_reading;

typedef struct funds_form funds_form;

/* What makes rows read more than one way. */
typedef struct funds_doubt {
    bool placement;          /* a row's numbers do not line up with the header */
    const char *strings[4];  /* strings that read two ways (49,908) */
    int nstrings;
    long readings;           /* how many readings were tried (1: none in doubt) */
} funds_doubt;

/* Called with one reading of the rows asked for; as_read: the reader's own reading. */
typedef bool (*funds_fn)(const fund_reading *rows, size_t n, bool as_read, void *arg);

/* A decimal comma the fund row's own figures settle: 49,908 where the row budgets 50 is
 * 49.908 (*pointed). GFA-TXT-005 reports it; the checks read the decimal. */
bool comma_is_point(xmlNodePtr fund, xmlNodePtr amt, gfa_dec *pointed);
funds_form *funds_read(const gfa_context *ctx, xmlNodePtr perf);
void funds_free(funds_form *f);
/* The funds rows of the form perf as funds_read reads them, read once in a run (v->funds)
 * and freed with it; NULL when out of memory. */
const funds_form *vrun_funds(vrun *v, xmlNodePtr perf);
void funds_cache_free(void *cache);
/* check_perf.c: frees v->coverages */
void coverage_cache_free(void *cache);
size_t funds_count(const funds_form *f);
xmlNodePtr funds_row(const funds_form *f, size_t i);
/* Calls fn for every way rows[0..n-1] can be read together (the same uncertain string read
 * the same way in all of them); false when there are too many. */
bool funds_each(const funds_form *f, const size_t *rows, size_t n, funds_fn fn, void *arg,
                funds_doubt *doubt);
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
/* The diagnosis evaluates nothing rule by rule: it runs once after every other rule
 * (vrun_diagnose), over the identities they recorded. */
void check_diagnosis(vrun *v, const rule *r, const rule_check *c);
void check_staffing(vrun *v, const rule *r, const rule_check *c);
/* The rules across reports: nothing to check on one report (gfa check runs them over a
 * store, src/store/store_check.c). */
void check_across(vrun *v, const rule *r, const rule_check *c);

#endif
