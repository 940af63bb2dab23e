/* layout_internal.h — the laid-out-text reader's shared types and the functions its stages
 * call across files (read_layout.c and layout_*.c). Internal to src/read. */
#ifndef GFA_READ_LAYOUT_INTERNAL_H
#define GFA_READ_LAYOUT_INTERNAL_H

#include "read/read.h"

#include <math.h> /* NAN, INFINITY, isnan: macros (no libm) */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 256          /* as the recogniser */
#define MAX_DEFS 8            /* definitions sharing one title (national, Shanghai …) */
#define MAX_ROW_LINES 8       /* lines one row may take: a name wrapped seven times */
#define MAX_HEAD_LINES 16     /* lines of one header block */
#define MAX_HEAD_TOKENS 128   /* tokens of one header block */
#define MAX_LABEL_TOKENS 8    /* tokens one header label is joined from */
#define NEG (-1e9)

/* ------------------------------------------------------------------ types --- */

typedef enum tkind { TK_TEXT, TK_INT, TK_NUM, TK_CODE, TK_NA, TK_MARK } tkind;

typedef struct tok {
    const char *s;   /* into the line's text, not terminated */
    size_t len;
    long pos;        /* 1-based character column */
    size_t ci;       /* index of its first character (PDF positions) */
    double wl, w;    /* display column where it starts, display width */
    double l, r;     /* left and right edge in columns */
    int gap;         /* blanks before it on the line */
    tkind kind;
    bool known;      /* a code of the code lists */
    bool glued;      /* cut from the digits before it: starts a piece */
    bool piece_start;
} tok;

typedef struct piece {
    int t0, t1;      /* tokens [t0, t1) of its line */
    tkind kind;
    double l, r;
    int col;         /* the column it went to, -1 */
} piece;

typedef enum lrole { LR_TEXT, LR_FURNITURE, LR_HEADER, LR_COLNO, LR_BODY } lrole;

typedef struct ocell {
    char *text;
    long pos;
    long from;       /* line index its text starts on, -1 for an empty cell */
    size_t ci;
} ocell;

typedef struct lline {
    long no;
    int page;
    float y;
    const float *x;  /* per character, or NULL */
    const float *x1; /* where each character ends, or NULL */
    const bool *apart; /* the character begins another cell than the one before, or NULL */
    char *text;      /* without form feeds */
    tok *t;
    int nt;
    piece *p;
    int np;
    lrole role;
    ocell *out;      /* cells of a grid line */
    int nout;
    bool cleared;    /* written blank: its text went into cells of other lines */
    bool lends;      /* a row whose line also holds the header's last labels */
    bool page_break; /* a page break on a line of its own (layout_run, count_pages) */
} lline;

typedef struct lay {
    const gfa_context *ctx;
    const char *file;
    lline *ln;
    size_t n;
    bool by_width;   /* columns counted in display width rather than characters */
    double unit;     /* PDF: points per column */
    int decimals;    /* the usual number of decimals (joins amounts wrapped in a cell) */
    int votes[3];    /* alignment of wrapped row names seen: top, centred, bottom */
    bool nomem;
} lay;

typedef enum ckind { CK_CODE, CK_NAME, CK_LINENO, CK_VALUE } ckind;

typedef struct zone {
    double l, r;     /* where the column's header label and 栏次 number are */
    double anchor;   /* left edge of its 栏次 number, NAN without one */
} zone;

typedef struct column {
    ckind kind;
    int group;
} column;

typedef struct hcell {
    char *text, *key;
    int top, bottom; /* line indexes */
    double l, r;
    long line;       /* line index of its first token */
    const tok *first;
    int parent, depth, col, nchildren;
    int beside[2];   /* the nearest labels on its line, left and right, -1 */
    const label_set *under; /* what the definitions put over it (value labels) */
    bool role;       /* a key-column word (项目, 科目代码 …) */
    key_role kind;   /* which */
    bool group_word; /* known only as a header over other columns */
    bool under_word; /* a header the definitions put some column under (预算数) */
    bool value;      /* a value column's label */
} hcell;

typedef struct hblock {
    size_t lines[MAX_HEAD_LINES];
    int nlines;
    long colno;      /* line index of its 栏次 row, -1 */
    long lent;       /* a row's line that holds the block's last labels (lends), -1 */
    hcell *cells;
    int ncells;
    int leaf_col[MAX_COLS]; /* the table column of each leaf, in leaf order */
    int nleaves;
    zone zones[MAX_COLS];   /* columns as this block places them */
    bool placed;     /* its leaves map one to one onto the table's columns */
    /* learnt from the amounts under it: where a value column's amounts end (or begin) */
    double edge[MAX_COLS];
    bool right[MAX_COLS];   /* they line up on their right edge */
    bool learnt[MAX_COLS];
    size_t from, to;        /* the lines whose places it gives */
} hblock;

typedef struct tbl {
    lay *L;
    size_t start, end;
    const table_def *defs[MAX_DEFS];
    int ndefs;
    bool form;       /* a performance form: lines are kept as printed */
    column cols[MAX_COLS];
    int ncols;
    hblock *blocks;
    int nblocks;
    int main;        /* the block the columns come from */
    struct pshift *shifts; /* pages laid out apart from their block's header (layout_page_shifts) */
    int nshifts;
} tbl;

/* A page that a header block governs without printing the header again (a table continued
 * on the next page) is laid out anew by pdftotext: a wide label pushes the columns right of
 * it (财政拨款收入支出决算总表 continued: its expense labels at column 35 under a header whose
 * page set them at 27, the amounts moved as far). The block's columns, moved per group by
 * as much as the group's row labels moved, place that page's lines. */
typedef struct pshift {
    int block, page;
    hblock moved;    /* the block's zones and learnt edges, moved */
    bool own;        /* its edges are the page's own (layout_page_edges), not the block's moved */
} pshift;


typedef bool (*key_test)(const char *label, const char *key);

/* layout_tokens.c */
size_t layout_u8_next(const char *s, unsigned *cp);
int layout_cp_width(unsigned cp);
double layout_dmin(double a, double b);
double layout_dmax(double a, double b);
double layout_dabs(double a);
bool layout_all_digits(const char *s, size_t n);
char *layout_key_of(const gfa_context *ctx, const char *s, size_t len);
const char *layout_code_name(const gfa_context *ctx, const char *code);
bool layout_same(const char *label, const char *key);
bool layout_begins(const char *label, const char *key);
bool layout_inside(const char *label, const char *key);
bool layout_set_any(const label_set *ls, key_test fn, const char *key);
bool layout_header_word(const tbl *t, key_test fn, const char *key);
bool layout_role_word(const tbl *t, const char *key, key_role *role);
bool layout_column_word(const tbl *t, const char *key, bool under);
bool layout_def_row_key(const tbl *t, const char *key);
bool layout_row_key(const tbl *t, const char *key);
char *layout_bare_key(const gfa_context *ctx, const char *s, size_t len, bool *ordinal);
bool layout_row_label(const tbl *t, const char *s, size_t len);
bool layout_tokenise(const lay *L, lline *l);
size_t layout_token_chars(const tok *k);
bool layout_make_pieces(const lay *L, lline *l);
const char *layout_piece_text(const lline *l, const piece *p, size_t *len);
void layout_choose_metric(lay *L);
void layout_choose_unit(lay *L);
void layout_choose_decimals(lay *L);
bool layout_content(const lline *l);
bool layout_mark_furniture(lay *L);

/* layout_header.c */
char *layout_trimmed(const lline *l);
bool layout_title_of(lay *L, const lline *l, tbl *t);
bool layout_title_tail(const lay *L, size_t title, const lline *l);
bool layout_find_region(lay *L, tbl *t, size_t title);
void layout_classify_lines(tbl *t);
void layout_free_blocks(tbl *t);
bool layout_find_blocks(tbl *t);
double layout_gap_between(double al, double ar, double bl, double br);
bool layout_block_cells(const tbl *t, hblock *b);
bool layout_link_cells(const tbl *t, hblock *b);

/* layout_columns.c */
int layout_nearest_column(const tbl *t, const zone *zones, double l, double r, bool keys_only);
bool layout_build_columns(tbl *t);
void layout_govern_lines(tbl *t);
bool layout_fit_body(tbl *t);
void layout_place_codes(tbl *t);
bool layout_page_shifts(tbl *t);
void layout_move_edges(tbl *t);
bool layout_learn_edges(tbl *t, bool own);
bool layout_page_edges(tbl *t);
bool layout_value_clusters(tbl *t);

/* layout_rows.c */
void layout_cell_add(lay *L, ocell *o, const char *s, size_t len, bool glue, size_t from, const tok *first);
bool layout_read_table(tbl *t);
bool layout_wide_at(const char *s, bool last);

/* layout_bands.c: a form printed "as is", its columns in bands one page each, joined into
 * one page (the lines, *owned the texts made, to free), or NULL (none; *nomem) */
layout_line *layout_join_form_bands(const gfa_context *ctx, const layout_line *lines, size_t n,
                                    size_t *out_n, char ***owned, bool *nomem);

/* layout_forms.c */
bool layout_read_tables(lay *L);

#endif
