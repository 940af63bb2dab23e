/* flat_internal.h — the flattened-text reader's shared types and the functions its stages
 * call across files (read_flat.c and flat_*.c; flat_place.c's interface is in read.h).
 * Internal to src/read. */
#ifndef GFA_READ_FLAT_INTERNAL_H
#define GFA_READ_FLAT_INTERNAL_H

#include "read/read.h"

#define MAX_LINE_TOKENS 400   /* a longer line in a table is not split (kept as text) */
#define MAX_LABEL_TOKENS 8    /* a row label or header word printed as so many pieces */
#define MAX_SLOTS 16          /* parts × column groups of a table */
#define MAX_CAPTION_LINES 12  /* between a title and its header */
#define MAX_KEY_BYTES 512     /* a label's key is compared up to this length */

typedef enum tok_kind { TK_TEXT, TK_NUM, TK_NA } tok_kind;

typedef struct ftok {
    char *text;
    char *key;      /* text_key(text) */
    long pos;       /* 1-based character column in its line */
    tok_kind kind;
    gfa_dec dec;    /* TK_NUM */
    bool integer;   /* ASCII digits only */
    bool floating;  /* an amount wrapped over the lines around: placed in the first row
                       of its line with room */
    int after_text; /* floating: how many wrapped name pieces preceded it on its line (the
                       rows printed without a name own them, in order), else 0 */
    bool used;      /* taken by a row */
    int owner;      /* text: 1 + the chunk whose label has it, 0 none */
} ftok;

typedef struct tokline {
    ftok *t;
    int n, cap;
    bool too_long; /* more than MAX_LINE_TOKENS words: no table row, tokens dropped */
} tokline;

/* What a line of a table region is. */
typedef enum lrole {
    LR_TEXT = 0, /* outside tables, captions: kept as printed */
    LR_HEADER,   /* header words: replaced by the rebuilt header */
    LR_COLNO,    /* 栏次 */
    LR_BODY,
    LR_REPEAT,   /* the header printed again on a continuation page */
    LR_ARTEFACT, /* page number, running header: dropped */
} lrole;

/* A grid row made for a line. */
typedef struct gridrow {
    src_cell *cells;
    int ncells;
    struct gridrow *next;
} gridrow;

typedef struct fdoc {
    const gfa_context *ctx;
    const char *file;
    gfa_diags *diags;
    src_doc in;        /* the lines as decoded */
    lrole *role;       /* per line */
    bool *consumed;    /* per line: its text went into rows of a table */
    tokline *toks;     /* per line (table regions only) */
    bool *tok_done;
    gridrow **rows;    /* per line: grid rows made for it, in order */
    gridrow **rows_tail;
    int precision;     /* the decimals most amounts in tables are printed with */
    const char *prefer_variant;
    const char *set;   /* the report's table set (recognise_set), or NULL */
    strmap *printed;   /* values of fixed parts' rows read so far, "table/part/row" → index */
    gfa_dec *printed_vals;
    int nprinted, capprinted;
    bool nomem;
} fdoc;

/* A part's column group: the cells of one row of one part (公开01: 收入, 支出; 公开06: four
 * groups of the same part). */
typedef struct slot {
    int part, group;
    const part_def *pd;
    int first;          /* its first cell in a grid row */
    int nkeys;          /* key cells (code, name / label, 行次) */
    int ncols;          /* value cells: the definition's columns */
    const char **label; /* printed header text of each value column, NULL: the definition's */
    long *colno;        /* printed 栏次 of each value column, 0 */
    place_col *pcols;   /* the sums, in value-column indices */
    int *sums;          /* storage of pcols' terms */
    long expect;        /* the next 行次, -1 unknown */
    char last_code[8];  /* coded parts: the last code of this column group */
} slot;

/* One row of one part as printed: its key, label and values. */
typedef struct chunk {
    int slot;
    size_t line;        /* the line of its key: where the grid row goes */
    int seq;            /* order within its line */
    char code[8];       /* coded rows */
    bool complete;      /* the label names a row of the definition, a class or a code */
    strbuf above, label, below; /* label text from the lines above, its own, below */
    strbuf kabove, klabel, kbelow; /* their keys */
    const ftok *key;    /* first token of the key (code, label or 行次) */
    const ftok *lineno;
    const ftok **vals;
    int nvals, capvals;
    int *pos;           /* value column of each value, -1 past the last */
    int row;            /* printed row it belongs to */
} chunk;

/* A header word matched to the definition. */
typedef enum hkind { HK_ROLE, HK_COL, HK_UNDER, HK_WORD } hkind;

typedef struct hitem {
    hkind kind;
    key_role role;  /* HK_ROLE */
    int part, col;  /* HK_COL: the column; HK_UNDER: the column it heads, or -1 a part */
    char *text;     /* as printed (tokens joined by a space) */
    bool used;
} hitem;

typedef struct tab {
    fdoc *fd;
    const table_def *def;
    size_t title, first, body, end; /* lines: title, first after it, first of the body, end */
    size_t hdr_first, hdr_last, colno_line; /* header lines (hdr_first > hdr_last: none) */
    bool has_colno;
    bool row_on_header;     /* the last header line begins with a row's label (see
                               row_beside_header) */
    slot slots[MAX_SLOTS];
    int nslots, width;
    hitem *items;
    int nitems, capitems;
    bool header_clean;      /* every header word was matched */
    gridrow *hdr_top, *hdr_mid, *hdr_main, *hdr_colno; /* templates, copied per use */
    chunk *ch;
    int nch, capch;
    int cur;                /* the chunk tokens go to, -1 */
    int row_slot;           /* slot of the last chunk of the printed row being read, -1 */
    int alone_slot;         /* the slot of the last line with codes when it had one code, a
                               later group's (a group printing on alone), else -1 */
    size_t row_line;
    int nrows;
    long glued;             /* rows split off a glued amount */
    strmap *seen;           /* codes read, "part:code" */
    int *first_at, *count_at; /* by line - body: the chunks of a line (consecutive) */
} tab;

/* How a label (its key without ordinal, and the ordinal printed, or NULL) fits the rows of a
 * part: FIT_NAMES names one, FIT_BEGINS begins one (the rest wrapped onto another line);
 * a printed ordinal that is the row's own confirms the fit (二十一、国有资本经 begins the
 * class 二十一, not a row of a part whose ordinals end at 八), one that is another row's rules
 * it out. */
enum { FIT_NONE, FIT_BEGINS, FIT_BEGINS_ORD, FIT_NAMES, FIT_NAMES_ORD };

/* ---- flat_tokens.c ---- */
size_t utf8_len(unsigned char c);
bool is_ideograph(const char *p);
void tok_classify(const gfa_vocab *vc, ftok *t);
bool tok_add(const gfa_vocab *vc, tokline *tl, const char *s, size_t len, long pos);
void tokline_free(tokline *tl);
const char *next_word(const char **p, long *col, bool cut, long *word_col);
long leading_chars(const char *text);
bool tokenize(const gfa_vocab *vc, const char *text, const char *line, tokline *out);
char *join_range(const tokline *tl, int from, int to, const char *sep);
char *key_range(const tokline *tl, int from, int to);
const char *unordered(const char *key);
const char *line_text(const fdoc *fd, size_t i);
bool is_page_number(const char *t);
unsigned cp_at(const char *p, size_t *len);
const char *find_colon(const char *t);
bool has_colon(const char *t);
bool has_full_stop(const char *t);
bool key_has_any(const char *key, const label_set *ls);
bool names_table(const fdoc *fd, const char *tkey, bool *standard);
const table_def *form_def(const fdoc *fd, const char *title);
bool first_word_is(const char *t, const label_set *labels);
bool has_decimal(const char *t);
bool mark_artefacts(fdoc *fd, bool *artefact);

/* ---- flat_header.c ---- */
bool is_coded(const part_def *pd);
int role_index(const part_def *pd, key_role role);
void gridrow_free(gridrow *g);
void tab_free(tab *t);
bool layout_slots(tab *t);
gridrow *gridrow_new(int width);
bool cell_set(gridrow *g, int c, const char *text, long pos);
bool cell_free_at(const gridrow *g, int c);
int match_header(const tab *t, const tokline *tl, int i, hitem *out);
bool is_colno_line(const fdoc *fd, const tokline *tl);
int value_cell(const tab *t, int s, int c);
bool build_header(tab *t);
bool build_colno(tab *t, size_t line);

/* ---- flat_rows.c ---- */
bool plausible_code(const fdoc *fd, const char *text, axis_kind axis);
bool names_row(const tab *t, const part_def *pd, const char *lkey);
int row_fit(const tab *t, const part_def *pd, const char *key, const char *ord);
int match_row_label(const tab *t, const part_def *pd, const tokline *tl, int i);
int begins_row_ordered(const tab *t, const part_def *pd, const tokline *tl, int i);
int new_chunk(tab *t, int sl, size_t line, bool new_row);
bool add_text(strbuf *sb, strbuf *key, const ftok *k);
bool add_value(chunk *c, const ftok *v, bool front);
bool give(tab *t, int c, ftok *k);
int keyless_chunk(tab *t, size_t line);
bool parse_line(tab *t, size_t line, bool *keys);
bool tok_insert(const gfa_vocab *vc, tokline *tl, int at, const char *text, size_t len,
                long pos);
bool split_glued(tab *t, size_t line);
bool join_wrapped(tab *t);
bool join_wrapped_dashes(tab *t);
bool join_stacked_dashes(tab *t);
bool label_begun_above(tab *t);
bool label_around_values(tab *t);
bool label_wrapped_below(tab *t);

/* ---- flat_labels.c ---- */
bool text_only(const tokline *tl);
bool has_free_tokens(const tokline *tl);
bool label_band(tab *t, size_t line, bool *made);
bool continue_into(tab *t, size_t line, int c);
bool values_under_labels(tab *t, size_t line, bool *done);
char *concat3(const char *a, const char *b, const char *c);
bool share_fragments(tab *t);

/* ---- flat_values.c ---- */
bool remember_fixed(tab *t);
long chunk_line_no(const tab *t, const chunk *c);
bool place_table(tab *t);
bool attach(fdoc *fd, size_t line, gridrow *g);
bool row_empty(const gridrow *g);
bool attach_copy(fdoc *fd, size_t line, const gridrow *tmpl);
char *label_text(const chunk *c);

/* ---- flat_names.c ---- */
bool rebuild_names(tab *t);
bool reattach_dashes(tab *t);
bool emit_row(tab *t, int first, int end);
bool emit_inline_header(tab *t, size_t line);

/* ---- flat_regions.c ---- */
bool tokenized(fdoc *fd, size_t i);
const char *caption_number(const fdoc *fd, const char *key);
bool any_header_word(const fdoc *fd, const char *key);
bool year_caption(const char *k);
bool ends_region_in(const fdoc *fd, size_t i, bool form, bool open_form);
bool ends_body(const fdoc *fd, size_t i);
void choose_set(fdoc *fd);
bool join_wrapped_title(fdoc *fd, size_t i);
bool read_form(fdoc *fd, size_t title, bool tail_joined, size_t *next);
bool read_table(fdoc *fd, size_t title, size_t *next);

/* ---- read_flat.c ---- */
bool move_lines(fdoc *fd, size_t at, size_t from, size_t to);
bool late_caption(fdoc *fd, size_t i);
bool names_a_table(fdoc *fd, size_t i, bool standard_only);
bool names_standard_table(fdoc *fd, size_t i);
bool numbers_only(const char *t);

/* ---- flat_bands.c ---- */
void join_column_bands(fdoc *fd);

/* ---- flat_forms.c ---- */
bool insert_words(fdoc *fd, size_t into, size_t at, const char *words);
bool insert_late(fdoc *fd, size_t late, size_t into, size_t at);
void lift_late_form_cells(fdoc *fd, const bool *page);
void join_cell_lines(fdoc *fd);
void join_form_cells(fdoc *fd);

#endif
