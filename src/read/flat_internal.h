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
size_t flat_utf8_len(unsigned char c);
bool flat_is_ideograph(const char *p);
void flat_tok_classify(const gfa_vocab *vc, ftok *t);
bool flat_tok_add(const gfa_vocab *vc, tokline *tl, const char *s, size_t len, long pos);
void flat_tokline_free(tokline *tl);
const char *flat_next_word(const char **p, long *col, bool cut, long *word_col);
long flat_leading_chars(const char *text);
bool flat_tokenize(const gfa_vocab *vc, const char *text, const char *line, tokline *out);
char *flat_join_range(const tokline *tl, int from, int to, const char *sep);
char *flat_key_range(const tokline *tl, int from, int to);
const char *flat_unordered(const char *key);
const char *flat_line_text(const fdoc *fd, size_t i);
bool flat_is_page_number(const char *t);
unsigned flat_cp_at(const char *p, size_t *len);
const char *flat_find_colon(const char *t);
bool flat_has_colon(const char *t);
bool flat_has_full_stop(const char *t);
bool flat_key_has_any(const char *key, const label_set *ls);
bool flat_names_table(const fdoc *fd, const char *tkey, bool *standard);
const table_def *flat_form_def(const fdoc *fd, const char *title);
bool flat_first_word_is(const gfa_context *ctx, const char *t, const label_set *labels);
bool flat_has_decimal(const char *t);
bool flat_mark_artefacts(fdoc *fd, bool *artefact);

/* ---- flat_header.c ---- */
bool flat_is_coded(const part_def *pd);
int flat_role_index(const part_def *pd, key_role role);
void flat_gridrow_free(gridrow *g);
void flat_tab_free(tab *t);
bool flat_layout_slots(tab *t);
gridrow *flat_gridrow_new(int width);
bool flat_cell_set(gridrow *g, int c, const char *text, long pos);
bool flat_cell_free_at(const gridrow *g, int c);
int flat_match_header(const tab *t, const tokline *tl, int i, hitem *out);
bool flat_is_colno_line(const fdoc *fd, const tokline *tl);
int flat_value_cell(const tab *t, int s, int c);
bool flat_build_header(tab *t);
bool flat_build_colno(tab *t, size_t line);

/* ---- flat_rows.c ---- */
bool flat_plausible_code(const fdoc *fd, const char *text, axis_kind axis);
bool flat_names_row(const tab *t, const part_def *pd, const char *lkey);
int flat_row_fit(const tab *t, const part_def *pd, const char *key, const char *ord);
int flat_match_row_label(const tab *t, const part_def *pd, const tokline *tl, int i);
int flat_begins_row_ordered(const tab *t, const part_def *pd, const tokline *tl, int i);
int flat_new_chunk(tab *t, int sl, size_t line, bool new_row);
bool flat_add_text(strbuf *sb, strbuf *key, const ftok *k);
bool flat_add_value(chunk *c, const ftok *v, bool front);
bool flat_give(tab *t, int c, ftok *k);
int flat_keyless_chunk(tab *t, size_t line);
bool flat_parse_line(tab *t, size_t line, bool *keys);
bool flat_tok_insert(const gfa_vocab *vc, tokline *tl, int at, const char *text, size_t len,
                     long pos);
bool flat_split_glued(tab *t, size_t line);
bool flat_join_wrapped(tab *t);
bool flat_join_wrapped_dashes(tab *t);
bool flat_join_stacked_dashes(tab *t);
bool flat_label_begun_above(tab *t);
bool flat_label_around_values(tab *t);
bool flat_label_wrapped_below(tab *t);

/* ---- flat_labels.c ---- */
bool flat_text_only(const tokline *tl);
bool flat_has_free_tokens(const tokline *tl);
bool flat_label_band(tab *t, size_t line, bool *made);
bool flat_continue_into(tab *t, size_t line, int c);
bool flat_values_under_labels(tab *t, size_t line, bool *done);
char *flat_concat3(const char *a, const char *b, const char *c);
bool flat_share_fragments(tab *t);

/* ---- flat_values.c ---- */
bool flat_remember_fixed(tab *t);
long flat_chunk_line_no(const tab *t, const chunk *c);
bool flat_place_table(tab *t);
bool flat_attach(fdoc *fd, size_t line, gridrow *g);
bool flat_row_empty(const gridrow *g);
bool flat_attach_copy(fdoc *fd, size_t line, const gridrow *tmpl);
char *flat_label_text(const chunk *c);

/* ---- flat_names.c ---- */
bool flat_rebuild_names(tab *t);
bool flat_reattach_dashes(tab *t);
bool flat_emit_row(tab *t, int first, int end);
bool flat_emit_inline_header(tab *t, size_t line);

/* ---- flat_regions.c ---- */
bool flat_tokenized(fdoc *fd, size_t i);
const char *flat_caption_number(const fdoc *fd, const char *key);
bool flat_any_header_word(const fdoc *fd, const char *key);
bool flat_year_caption(const char *k);
bool flat_ends_region_in(const fdoc *fd, size_t i, bool form, bool open_form);
bool flat_ends_body(const fdoc *fd, size_t i);
void flat_choose_set(fdoc *fd);
bool flat_join_wrapped_title(fdoc *fd, size_t i);
bool flat_read_form(fdoc *fd, size_t title, bool tail_joined, size_t *next);
bool flat_read_table(fdoc *fd, size_t title, size_t *next);

/* ---- read_flat.c ---- */
bool flat_move_lines(fdoc *fd, size_t at, size_t from, size_t to);
bool flat_late_caption(fdoc *fd, size_t i);
bool flat_names_a_table(fdoc *fd, size_t i, bool standard_only);
bool flat_names_standard_table(fdoc *fd, size_t i);
bool flat_numbers_only(const char *t);

/* ---- flat_bands.c ---- */
void flat_join_column_bands(fdoc *fd);

/* ---- flat_forms.c ---- */
bool flat_insert_words(fdoc *fd, size_t into, size_t at, const char *words);
bool flat_insert_late(fdoc *fd, size_t late, size_t into, size_t at);
void flat_lift_late_form_cells(fdoc *fd, const bool *page);
void flat_join_cell_lines(fdoc *fd);
void flat_join_form_cells(fdoc *fd);

#endif
