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
void recognise_unknown(const gfa_context *ctx, const table_grid *g, xmlNodePtr table,
                       const char *file, gfa_diags *diags);

/* ---- perf.c: 项目支出绩效自评表 ---- */
void perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
               const char *file, gfa_diags *diags);

/* ---- read_text.c ---- */
gfa_status read_text_report(const gfa_context *ctx, const char *name, const char *data,
                            size_t len, xmlDocPtr *out, gfa_diags *diags);

#endif
