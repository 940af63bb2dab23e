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

/* ---- source.c: the published text as lines and cells, shared by every reader ----
 * A reader turns its input into these; one assembler (assemble.c) and one recogniser
 * (recognise.c, perf.c) build the instance from them, so only grid-making is per format. */
typedef struct src_cell {
    char *text; /* trimmed, verbatim */
    long pos;   /* 1-based character column in the source line */
    char *at;   /* where the cell is in the original (page and position, sheet!cell) for
                 * readers whose locations are not lines; NULL otherwise */
} src_cell;

typedef struct src_line {
    long no;         /* 1-based line number */
    char *text;      /* the whole line, verbatim, without the newline */
    char *trimmed;   /* text without surrounding white space */
    src_cell *cells; /* tab-separated cells; ncells > 1 only for grid lines */
    int ncells;
    bool grid;
    char *at;        /* where the line starts in the original, like src_cell.at */
} src_line;

typedef struct src_doc {
    char *name;           /* file name for diagnostics */
    src_line *lines;
    size_t count;
    const char *format;   /* the reader's name (static): text, pdf, … */
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

/* ---- assemble.c ---- */
/* Builds the instance document from the lines of a report. */
gfa_status assemble_report(const gfa_context *ctx, const src_doc *src, xmlDocPtr *out,
                           gfa_diags *diags);
/* The assembler's own tests, for the layout engine: a table title's matching key (without
 * a trailing "(2024年度)"; malloc'd), a note line after a grid (注：…, 说明：…), a part
 * heading (第三部分 情况说明). */
char *read_title_key(const gfa_context *ctx, const char *title);
bool read_note_start(const gfa_context *ctx, const char *text);
bool read_part_heading(const gfa_context *ctx, const char *text);

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
/* A table no definition describes: kept cell by cell with generic column ids. */
void recognise_unknown(const gfa_context *ctx, const table_grid *g, xmlNodePtr table,
                       const char *file, gfa_diags *diags);

/* ---- perf.c: 项目支出绩效自评表 ---- */
void perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
               const char *file, gfa_diags *diags);


#endif
