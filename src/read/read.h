/* read.h — the readers: decoding, the line/cell model every reader produces, the shared
 * assembler and recogniser. Not installed. */
#ifndef GFA_READ_H
#define GFA_READ_H

#include "model/model.h"

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
/* Whether decode_text would fail on the bytes or keep a tab of theirs, told without
 * decoding: a 0x09 byte in bytes that cannot be UTF-16 (no BOM of it, no NUL), whose
 * other encodings keep ASCII bytes as they are. False when it cannot tell. */
bool decode_fails_or_keeps_tab(const char *data, size_t len);

/* ---- source.c: the published text as lines and cells, shared by every reader ----
 * A reader turns its input into these; one assembler (assemble.c) and one recogniser
 * (recognise.c, perf.c) build the instance from them, so only grid-making is per format. */
typedef struct src_cell {
    char *text; /* trimmed, verbatim */
    long pos;   /* 1-based character column in the source line */
    char *at;   /* where the cell is in the original (page and position, sheet!cell) for
                 * readers whose locations are not lines; NULL otherwise */
    bool uncertain; /* its number is not exactly what the original holds (a workbook's
                     * binary double): its amount gets certain="false" */
} src_cell;

typedef struct src_line {
    long no;         /* 1-based line number */
    char *text;      /* the whole line, verbatim, without the newline */
    char *trimmed;   /* text without surrounding white space */
    src_cell *cells; /* tab-separated cells; ncells > 1 only for grid lines */
    int ncells;
    bool grid;
    bool whole;      /* a whole paragraph (a workbook cell): never joined with the next line */
    /* what a laid-out text's indentation says of a line of prose (read_layout.c), or
     * the page's lines rebuilt from text printed in runs (read_flat.c): */
    bool goes_on;    /* at the margin under a line that fills the width: the paragraph goes on */
    bool tail;       /* the end of the printed line above that pdftotext set apart, far
                      * indented right under it ("（项）" / "          。主要用") */
    char *at;        /* where the line starts in the original, like src_cell.at */
} src_line;

/* The report's header as stated apart from its text: a workbook's metadata sheet, a CSV
 * folder's metadata file (book.c). A field is NULL when not stated. */
typedef struct src_meta {
    char *value[BOOK_FIELD_COUNT];
    char *at[BOOK_FIELD_COUNT];   /* the value's cell ("报表信息!B3") */
} src_meta;

typedef struct src_doc {
    char *name;           /* file name for diagnostics */
    src_line *lines;
    size_t count;
    const char *format;   /* the reader's name (static): text, pdf, … */
    const char *encoding;
    size_t bytes;
    char sha256[65];
    src_meta *meta;       /* NULL unless the reader found a metadata sheet or file */
} src_doc;

/* Splits decoded UTF-8 text into lines and cells. */
gfa_status src_doc_from_text(const char *name, const char *utf8, size_t len, long max_line_chars,
                             src_doc *out, gfa_diags *diags);
void src_doc_free(src_doc *doc);
/* Text of cell i of a line ("" when absent). */
const char *src_cell_text(const src_line *l, int i);
bool src_line_blank(const src_line *l);
/* Is a text only a template's marks for rows left out ("…", "… …", "⋯")? It names no row. */
bool src_omission_mark(const char *s, size_t len);

/* ---- readers.c: the reader table ----
 * One entry per input format: how it is recognised, and the function that turns it into
 * the line/cell model above (assembled by the shared assembler) or, for an instance,
 * straight into the document. Adding a format is one file and one line in the table. */
typedef struct read_input {
    const char *name; /* as given (a path, "-"): for diagnostics and the instance */
    const char *path; /* a file or folder to open, or NULL when only bytes are given */
    const char *data; /* the bytes (NULL for a folder) */
    size_t len;
    bool folder;      /* path is a folder (a set of files read as one report) */
} read_input;

/* source.c, for readers of text: the input decoded (GFA-READ-002 when it is empty), and the
 * read lines completed with the source's facts (format, encoding, size, SHA-256) —
 * GFA-READ-002 and out freed when they hold only white space. */
gfa_status src_decode_input(const read_input *in, decoded_text *text, gfa_diags *diags);
gfa_status src_doc_finish(src_doc *out, const read_input *in, const decoded_text *text,
                          const char *format, gfa_diags *diags);

/* How a reader's source locations are expressed (the instance's @at). */
typedef enum loc_kind {
    LOC_LINE = 0, /* line and character column of a text: @line and @pos only */
    LOC_PAGE,     /* page and position: @at = "p12:72.0,540.5" (points from the top left) */
    LOC_CELL,     /* a workbook's cell: @at = "公开05!D12" */
} loc_kind;

typedef struct reader_def {
    const char *name;        /* --from NAME; the instance's source/@format */
    const char *extensions;  /* ".txt .text": file names it usually has, lower case */
    const char *description; /* one line for --help */
    loc_kind loc;
    /* How sure the reader is that it can read the input, by content: 0 (not this format)
     * to 100 (certainly). NULL: only by --from or extension. */
    int (*sniff)(const read_input *in);
    /* One of these: the input to lines and cells … */
    gfa_status (*to_source)(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags);
    /* … or straight to an instance document. Neither: a format gfa knows but cannot read
     * yet (the user is told so instead of getting an encoding error). */
    gfa_status (*to_doc)(const gfa_context *ctx, const read_input *in, xmlDocPtr *out,
                         gfa_diags *diags);
    bool folders; /* reads a folder of files as one report (CSV), not a file */
} reader_def;

/* Readers of the context: the built-in table, then the ones added to the context. */
size_t reader_count(const gfa_context *ctx);
const reader_def *reader_at(const gfa_context *ctx, size_t i);
const reader_def *reader_find(const gfa_context *ctx, const char *name);
/* Adds a reader (not copied: it must outlive the context). GFA_ERR_USAGE when the table is
 * full or the name is taken. */
gfa_status reader_register(gfa_context *ctx, const reader_def *def);
/* The reader for an input: the highest sniff score, ties broken by extension; a reader
 * whose sniff is NULL is chosen by extension alone. NULL when nothing claims it. */
const reader_def *reader_detect(const gfa_context *ctx, const read_input *in);
/* Reads an input with a reader (NULL: detected) into an instance document. */
gfa_status read_report(const gfa_context *ctx, const reader_def *with, const read_input *in,
                       xmlDocPtr *out, gfa_diags *diags);

/* ---- read_xlsx.c, read_xls.c, read_csv.c: the workbook readers ---- */
gfa_status read_xlsx_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags);
gfa_status read_xls_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags);
int read_csv_sniff(const read_input *in);
gfa_status read_csv_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags);

/* ---- read_text.c / read_instance.c: the two built-in readers ---- */
int read_text_sniff(const read_input *in);
gfa_status read_text_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags);
int read_instance_sniff(const read_input *in);
gfa_status read_instance_doc(const gfa_context *ctx, const read_input *in, xmlDocPtr *out,
                             gfa_diags *diags);

/* ---- read_pdf.c: a PDF's text layer and rulings (the library behind pdf_backend.h) ---- */
gfa_status read_pdf_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags);
/* ---- read_flat.c: flattened text ----
 * Text as copy-paste or text extraction gives it: a table row per line, cells separated by
 * single spaces, blank cells gone, headers one word per line, rows run together. Table
 * regions are rebuilt into grid lines (cells in their columns, blanks included) so that the
 * shared assembler and recogniser read them like the tab-separated text. */
int read_flat_sniff(const read_input *in);
gfa_status read_flat_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags);

/* ---- flat_place.c: the values of a flattened row placed in their columns by the sums ---- */
#define PLACE_MAX_COLS 16 /* more value columns: values are placed left to right */
#define PLACE_MAX_VALS PLACE_MAX_COLS
#define PLACE_MAX_ALTS 3  /* alternatives kept for a message */

/* A value column of a part as printed. */
typedef struct place_col {
    bool often_blank;     /* the definition's @often-blank */
    bool absent;          /* not printed: a clean header names the table's other columns
                             and not this one; no value goes here while another way is */
    int nsum;             /* > 0: the column is the signed sum of these columns */
    const int *sum_col;   /* column indices (into the same row's columns) */
    const int *sum_sign;  /* +1 or -1 */
} place_col;

typedef struct place_row {
    const place_col *cols; /* the row's value columns */
    int ncols;             /* ≤ PLACE_MAX_COLS */
    const gfa_dec *vals;   /* the values as printed, in order (a not-applicable mark: 0) */
    int nvals;             /* ≤ PLACE_MAX_VALS */
    int parent;            /* the row these add up into, column by column; -1 none */
    /* values the row's columns are printed with elsewhere (公开02's 合计 as 公开01's 收入
     * rows): when some placements keep the sums, those agreeing with them are kept */
    bool expected[PLACE_MAX_COLS];
    gfa_dec expect[PLACE_MAX_COLS];
    /* the answer */
    int pos[PLACE_MAX_VALS];  /* column of each value, -1 for one past the last column */
    int nalts;                /* other placements of this row in an equally good solution */
    int alts[PLACE_MAX_ALTS][PLACE_MAX_VALS];
    bool violates;            /* the chosen placement breaks a sum (inconsistent print) */
    bool capped;              /* the search was bounded: the row may be ambiguous unsaid */
} place_row;

/* Places the values of every row of one table: the placement that breaks the fewest sums
 * (the columns' @sum within a row, parent = Σ children across rows; of a row's placements
 * that keep its own sums, those agreeing with its expected values), then the fewest values
 * in often-blank columns, then left to right. GFA_ERR_NOMEM on allocation failure. */
gfa_status place_values(place_row *rows, int nrows);

/* ---- read_layout.c: text laid out in columns by position ----
 * The text `pdftotext -layout` writes (and what a PDF page becomes when it draws no table
 * rulings): table cells are found from the positions of the header and the values, not from
 * tabs. The PDF reader feeds its own lines through the same engine, with the position of
 * each character, so both give the same line/cell model. */
typedef struct layout_line {
    long no;          /* 1-based line number in the text (PDF: the synthesised line) */
    const char *text; /* UTF-8 without the newline; a page break is a line of its own */
    int page;         /* 1-based page, 0 when unknown */
    const float *x;   /* PDF: the x (points) of each character of text, NULL for a text */
    const float *x1;  /* PDF: where each character ends (NULL: from its display width) */
    const bool *apart; /* PDF: the character stands further from the one before than a space
                        * inside a cell: it begins another cell (NULL: the engine judges) */
    float y;          /* PDF: the baseline (points from the page's top) */
} layout_line;
/* Builds the line/cell model of laid-out lines (name: for diagnostics). Cells get @at
 * locations when the lines carry positions. */
gfa_status layout_to_source(const gfa_context *ctx, const char *name, const layout_line *lines,
                            size_t n, src_doc *out, gfa_diags *diags);
/* The reader of `pdftotext -layout` text: claims text laid out in columns (never a text
 * with tabs: that is the text reader's) and reads it through layout_to_source. */
int read_layout_sniff(const read_input *in);
gfa_status read_layout_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                              gfa_diags *diags);

/* ---- locate.c: source locations that are not lines ---- */
/* Copies each line's and cell's `at` onto the elements of the instance that point to it
 * (their @line and @pos) as @at. Nothing to do for line-based sources. */
void locate_elements(const src_doc *src, xmlDocPtr doc);
/* Points the diagnostics diags[from…] about this source at the original locations of the
 * lines and cells they name (gfa_diag_at), shown instead of the line/cell model's. */
void locate_diags(const src_doc *src, gfa_diags *diags, size_t from);

/* ---- book.c: workbooks (XLSX, XLS, a folder of CSV files) as lines and cells ----
 * The readers of workbooks only fill sheets of cells; this module turns them into the
 * line/cell model: each sheet's rows in order, a row of one cell a line of text, a row of
 * several cells a grid line with every cell up to the row's last (blank ones included); the
 * metadata sheet becomes src_doc.meta. Locations are "Sheet!D12". */
typedef struct book_cell {
    int col;    /* 0-based */
    int seq;    /* order of arrival in its row */
    char *text; /* as the sheet displays it; NULL: a cell that is there but empty */
    bool uncertain; /* a number that is not exactly what the cell holds */
} book_cell;
typedef struct book_row {
    long row;   /* 0-based */
    book_cell *cells;
    int ncells;
    size_t cap;
    long seq;   /* order of arrival, for a stable sort */
} book_row;
typedef struct book_sheet {
    char *name;
    book_row *rows;
    size_t nrows, cap;
    long (*merges)[4]; /* first row, first column, last row, last column (0-based) */
    size_t nmerges;
    long *hidden_rows, *hidden_cols; /* left out, as the sheet shows them */
    size_t nhidden_rows, nhidden_cols;
    char *title;       /* the title a sheet opening with a grid may have: its name (a CSV
                        * file's without extension and order prefix); NULL: none */
    /* the format keeps empty cells that are there (XLSX, CSV): a row of one cell is a line
     * of text, a row of more a grid line. Else (XLS) only cells with a value are known. */
    bool typed;
} book_sheet;
typedef struct book {
    const gfa_context *ctx;
    const char *file;       /* for diagnostics */
    gfa_diags *diags;
    book_sheet *sheets;
    size_t nsheets, cap;
    long long cells;        /* against the cells limit */
    int number_warnings;    /* numbers reported as not short or hidden by their format */
    bool failed;            /* no memory, or over a limit (diagnosed) */
} book;

void book_init(book *b, const gfa_context *ctx, const char *file, gfa_diags *diags);
void book_free(book *b);
/* A new sheet at the end (NULL on no memory: b->failed). */
book_sheet *book_add_sheet(book *b, const char *name, bool typed);
/* Puts a cell; text NULL or "" for an empty cell that is there. Cells may come in any
 * order; a later one replaces an earlier one at the same place. false when the book
 * failed (no memory, or over the cells limit: diagnosed). */
bool book_put(book *b, book_sheet *s, long row, int col, const char *text, size_t len);
bool book_add_merge(book *b, book_sheet *s, long r1, int c1, long r2, int c2);
bool book_hide_row(book *b, book_sheet *s, long row);
bool book_hide_col(book *b, book_sheet *s, int col);
/* The line/cell model of the book: sheets in order, a blank line between two. name,
 * format and encoding go to the source block; the bytes' size and SHA-256 too. */
gfa_status book_to_source(book *b, const char *format, const char *encoding, size_t bytes,
                          const char sha256[65], src_doc *out);
/* Writes the metadata into the instance's header, after the assembler (readers.c). */
void book_apply_meta(const gfa_context *ctx, const src_doc *src, xmlDocPtr doc,
                     gfa_diags *diags);
/* "D12" for row 11, column 3 (0-based); "Sheet!D12" with the sheet's name quoted when it
 * needs to be. */
void book_cell_ref(long row, int col, char *out, size_t cap);
char *book_location(const char *sheet, long row, int col);
/* Is this the name of the metadata sheet (or of a CSV folder's metadata file, without
 * its extension)? */
bool book_is_meta_sheet(const gfa_context *ctx, const char *name);

/* A cell's number format as far as it says how a number is shown. */
typedef struct book_numfmt {
    int decimals;  /* fraction digits; -1: General (as many as the number needs) */
    bool grouping; /* "#,##0" */
    bool percent;  /* "0.00%" */
    bool paren;    /* negatives in parentheses: "0.00;(0.00)" */
} book_numfmt;
void book_numfmt_parse(const char *code, book_numfmt *out);
/* A built-in number format of OOXML/BIFF by its id (0 General, 2 "0.00", 4 "#,##0.00" …). */
void book_numfmt_builtin(int id, book_numfmt *out);
typedef enum book_num {
    BOOK_NUM_OK = 0,   /* the decimal the sheet shows is the value */
    BOOK_NUM_HIDDEN,   /* the cell holds more decimals than its format shows */
    BOOK_NUM_BINARY,   /* a binary value with no short decimal form (0.1+0.2) */
} book_num;
/* The text a sheet shows for a number cell holding v with format f: the decimal of 15
 * significant digits at most (Excel's precision), rounded half up to the format's decimals;
 * never a long binary expansion. */
book_num book_number_text(double v, const book_numfmt *f, char *out, size_t cap);
/* Reports a number that is not what the sheet shows (a warning; the first ones only). */
void book_number_warning(book *b, book_num st, double v, const char *shown,
                         const char *sheet, long row, int col);
/* Puts a number cell as the sheet shows it (book_number_text), reported and marked
 * uncertain when it is not exactly what the cell holds. */
bool book_put_number(book *b, book_sheet *s, long row, int col, double v,
                     const book_numfmt *f);

/* ---- assemble.c ---- */
/* Builds the instance document from the lines of a report. */
gfa_status assemble_report(const gfa_context *ctx, const src_doc *src, xmlDocPtr *out,
                           gfa_diags *diags);
/* The assembler's own tests, for the layout engine: a table title's matching key (without
 * a trailing "(2024年度)"; malloc'd), a note line after a grid (注：…, 说明：…), a part
 * heading (第三部分 情况说明). */
char *read_title_key(const gfa_context *ctx, const char *title);
/* Is the line the rest of a title's year wrapped onto a line of its own ("度)" under
 * "…自评表 (2024年"): a few characters that close the bracket the title left open? */
bool read_title_tail(const char *title, const char *line);
bool read_note_start(const gfa_context *ctx, const char *text);
bool read_part_heading(const gfa_context *ctx, const char *text);
/* The columns of a full line of prose in a text extraction: the 90th percentile of its text
 * lines' widths (text_columns), 0 when it has none. */
long read_prose_measure(const src_doc *src);
/* The bytes of the part's number opening a text ("第四部分" of "第四部分 名词解释"), 0 if none. */
size_t read_part_number(const gfa_context *ctx, const char *text);
/* Is this text a table caption (公开01表, 部门名称：…, 2024年度, 金额单位：万元)? */
bool assemble_is_caption(const gfa_context *ctx, const char *text);
/* The caption stating the money unit (金额单位：万元): the last line above a header. */
bool assemble_is_unit_caption(const gfa_context *ctx, const char *text);

/* ---- recognise.c: grid → <table> ---- */
typedef struct table_grid {
    const src_line **rows; /* grid lines in order (blank lines excluded) */
    size_t nrows;
} table_grid;
/* Picks the definition that fits the title and the header best (NULL: none fits). */
const table_def *recognise_pick(const gfa_context *ctx, const char *title_key,
                                const char *number, const table_grid *g, const char *prefer_variant);
/* The same among the definitions of one variant (table set) only, by title; NULL when the
 * set has no table of that title. */
const table_def *recognise_pick_in(const gfa_context *ctx, const char *variant,
                                   const char *title_key, const char *number, const table_grid *g);
/* The variant (table set) whose tables best explain the report's titled tables, given
 * their title keys and printed numbers (NULL where none is printed) and the report's year
 * (0: not known); NULL when no set has any of them. */
const char *recognise_set(const gfa_context *ctx, const char *const *titles,
                          const char *const *numbers, size_t n, int year);
/* Fills the <table> element with header, parts, rows and cells. */
void recognise_table(const gfa_context *ctx, const table_def *def, const table_grid *g,
                     xmlNodePtr table, const char *file, gfa_diags *diags);
/* Does a title key name this definition (exactly, or as a suffix for forms)? */
bool recognise_title_matches(const table_def *def, const char *title_key);
/* How the recogniser lays out a table with these header rows and `width` cells a row: for
 * each cell (0-based, < width), its key role (ROLE_NONE for a value column) and the part
 * (index into def->parts, -1 when none) and column group (1-based) it belongs to. The
 * writers use it to put each row's code, name and 行次 back where they are read from. */
void recognise_layout(const gfa_context *ctx, const table_def *def, const table_grid *header,
                      int width, key_role *roles, int *parts, int *groups);
/* A table no definition describes: kept cell by cell with generic column ids. */
void recognise_unknown(const gfa_context *ctx, const table_grid *g, xmlNodePtr table,
                       const char *file, gfa_diags *diags);

/* ---- perf.c: 项目支出绩效自评表 ---- */
/* What the reader knows of a form's lines beyond them: whether its text kept the cells'
 * positions (laid-out text, PDF, workbook) or not (a flattened text, pdftotext -raw), and, for
 * a text without positions, the line of the form before when its labels stood without values
 * and its title's key (the pages after it that begin with the tail of that title are its
 * further columns). */
typedef struct perf_source {
    bool no_positions;
    long band_of;         /* the line of the form whose columns may go on here, or 0 */
    const char *band_key;  /* that form's title key */
    const char *title_key; /* this form's title key */
} perf_source;
/* Reads the form; returns PERF_LABELS_ALONE when its labels stood without values (its
 * columns go on over other pages), PERF_BAND when it is such a form's further columns, read
 * as no form of its own, else PERF_READ. */
enum { PERF_READ, PERF_LABELS_ALONE, PERF_BAND };
int perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
               const char *file, gfa_diags *diags, const perf_source *src);


#endif
