/*
 * render.h — shared by render.c (stylesheets, transforms) and xslt_fmt.c (the ICU
 * extension functions of namespace urn:gfa:fmt). Internal: not installed.
 *
 * How the two meet: render.c puts a render_state in the transform context's _private
 * field for the length of one transform; the extension functions read their formatters
 * and options from it. Nothing else is shared, so one compiled gfa_renderer serves any
 * number of threads, each transform with its own state.
 */
#ifndef GFA_RENDER_H
#define GFA_RENDER_H


#include "write/write.h"

#include <libxml/xpathInternals.h>
#include <libxslt/xsltInternals.h>

#define GFA_FMT_NS "urn:gfa:fmt"

/* Distinguishes a render_state from whatever else an embedding application might keep in
 * xsltTransformContext._private. */
#define RENDER_STATE_MAGIC 0x67666172u /* "gfar" */

/* The walk of a table's body (fmt:body-rows, fmt:line-rows, fmt:line-cells): an index of
 * one table's rows by printed line, kept for the length of one transform. */
typedef struct fmt_walk fmt_walk;
/* The lookups of fmt:having and fmt:elements: indexes of node-sets of one document, made at
 * their first call and kept (fmt_index_new). */
typedef struct fmt_index fmt_index;

typedef struct render_state {
    unsigned magic;       /* RENDER_STATE_MAGIC */
    const gfa_fmt *fmt;   /* ICU formatters, shared read-only */
    int ambiguous_width;  /* 1 or 2: columns of East Asian Ambiguous characters */
    fmt_walk *walk;       /* this transform's own (fmt_walk_new), or NULL */
    fmt_index *index;     /* the source document's (kept with its report), or NULL */
} render_state;

/* Registers the fmt: functions (and EXSLT common, for exsl:node-set) with libxslt, once
 * per process (pthread_once). Call before compiling stylesheets. */
void xslt_fmt_register(void);

/* A batch's index page (issue 9), or a part of it: summary (summary.xml or a slice of it,
 * parsed) through the renderer's xslt/index.xsl with its parameter rows, an XPath
 * expression ("''" the whole page, "'apart'" the page with a mark where the rows go,
 * "'only'" the rows). On GFA_OK *out is the HTML (malloc'd, NUL-terminated) and *len its
 * length; errors as for gfa_render (GFA-RENDER-010, -011, -012). */
gfa_status render_index(const gfa_renderer *r, xmlDocPtr summary, const char *rows,
                        const char *source, char **out, size_t *len, gfa_diags *diags);

/* ---- for tests of fmt.c ---- */

/* gfa_fmt_amount through ICU always, which gfa_fmt_amount bypasses for plain decimals when
 * fmt_plain_amounts(f) (fmt.c: plain_amount). */
char *fmt_amount_by_icu(const gfa_fmt *f, const char *decimal, int decimals, unsigned flags,
                        const char **why);
bool fmt_plain_amounts(const gfa_fmt *f);

/* ---- helpers of the text layout, exported for tests (xslt_fmt.c) ---- */

/* Whether the wrapping's unit of text at byte pos of s (len bytes) is the same by its fast
 * path (ideographs) as by the general one. */
bool fmt_text_unit_is_general(const char *s, size_t len, size_t pos, int amb);

/* Display columns of one code point (fmt.c; gfa_display_width adds these up). */
int fmt_code_point_width(int32_t c, int ambiguous_width);

/* Number of lines `text` takes when wrapped to `width` columns with every line indented by
 * `indent` columns (never less than 1). */
int fmt_wrap_count(const char *text, int width, int indent, int ambiguous_width);
/* Line `line` (1-based) of that wrapping, indented and padded to exactly `width` columns
 * with `align` ('l', 'r', 'c'); spaces when line is past the end. malloc'd. */
char *fmt_wrap_line(const char *text, int width, int line, char align, int indent,
                    int ambiguous_width);
/* The whole wrapping, lines joined with '\n', first line indented by first_indent and the
 * others by rest_indent, no trailing padding. malloc'd. */
char *fmt_wrap_text(const char *text, int width, int first_indent, int rest_indent,
                    int ambiguous_width);
/* fmt:draw's table (issue 13): the grid (<grid n="N"> of <r t="h|d"> rows of <c n s k a i
 * down> cells, N = 1..1000) laid out to fit line_width columns where it can and drawn,
 * rules included, each line ended by '\n'. *width (if not NULL) gets the table's width in
 * display columns. malloc'd; NULL with *why on a bad grid or out of memory. */
char *fmt_draw_text(xmlNodePtr grid, int line_width, int ambiguous_width, int *width,
                    const char **why);
/* fmt:row-label's text of a table row (issue 13; common.xsl's row-label): the name of a row of
 * a code list (its parent's axis function or economic), else its printed label without the
 * spaces of its wrapping (text_unwrap), else its name; "" for a node that has neither.
 * malloc'd; NULL when memory ran out. */
char *fmt_row_label(xmlNodePtr row);
/* fmt:table-frame's frame of a g:table (issue 13; common.xsl documents it), a new node of
 * doc (not linked; the caller frees it), or NULL when table is not a g:table or memory ran
 * out. */
xmlNodePtr fmt_table_frame(xmlDocPtr doc, xmlNodePtr table);
/* The walk of a table's body as printed (issue 13; common.xsl's table-body), through an index
 * of one table at a time (reused while the table is the same). Each list is malloc'd (*out,
 * *n; NULL and 0 when empty); false when memory ran out.
 * fmt_body_rows: the printed lines, one node each, in document order (XPath returns every
 * node-set so: the stylesheet sorts them by line): the stray header rows (g:hrow) printed
 * on a line, else its first row. fmt_line_rows: the rows of row's table on its line.
 * fmt_line_cells: the cells of row's line, slot by slot of frame (fmt_table_frame's), as
 * new nodes of doc in printed order, after <line total heading placeholder/> when a row on
 * the line is a total or a heading or all are placeholders (each attribute only when so):
 * <k r start [code] span [lineno] [coded] [gs]/> for a row's key cells (code, lineno
 * "true": 科目代码 and 行次 take a column; coded "true": its part is of a code list), <vs r plain/> for
 * all of a row's values when they stand side by side and none starts a column group (plain:
 * all amounts or blanks read surely, at their own @cell written as a number, on a table no
 * reading of a diagnosis names), else <v r c [gs]/> for each value cell, <gap from to/> for
 * printed columns left empty; gs="true" where a cell starts a column group; r and c
 * name the node, which fmt_line_node(w, row, r, c) gives: the r-th row on row's line
 * (document order), its c-th element child (c = 0, as for k and vs: the row).
 * fmt_walk_forget drops the index
 * (its table is to be freed). */
fmt_walk *fmt_walk_new(void);
void fmt_walk_free(fmt_walk *w);
bool fmt_body_rows(fmt_walk *w, xmlNodePtr table, xmlNodePtr **out, size_t *n);
bool fmt_line_rows(fmt_walk *w, xmlNodePtr row, xmlNodePtr **out, size_t *n);
bool fmt_line_cells(fmt_walk *w, xmlDocPtr doc, xmlNodePtr row, xmlNodePtr frame, xmlNodePtr **out,
                    size_t *n);
xmlNodePtr fmt_line_node(fmt_walk *w, xmlNodePtr row, double r, double c);
void fmt_walk_forget(fmt_walk *w);
/* fmt:children: the element children of gfa's namespace named `name` of the np nodes of
 * parents (in their order) whose attribute `attr` (of no namespace) has the value `value`, as
 * parents/g:NAME[@ATTR = value] selects them, into a malloc'd array (NULL when none). False
 * when out of memory. */
bool fmt_children_by(xmlNodePtr *parents, size_t np, const char *name, const char *attr,
                     const char *value, xmlNodePtr **out, size_t *n);
/* fmt:descendants: the descendant elements of node (its first node: an element or a document)
 * whose attribute `attr` (of no namespace) has the value `value`, in document order, as
 * descendant::*[@ATTR = value] selects them, into a malloc'd array (NULL when none). False
 * when out of memory. */
bool fmt_descendants_by(xmlNodePtr node, const char *attr, const char *value, xmlNodePtr **out,
                        size_t *n);
/* fmt:run-length: the rows of a cell merged down over the elements that repeat its value, as
 * html.xsl prints a form's 一级指标: 0 when node's previous element sibling of its name and
 * namespace has the same value of attribute attr (of no namespace; absent: the empty
 * string), else how many siblings of that name from node on (node included) have node's
 * value before one has another (other nodes between them are passed over). 0 for a node that
 * is not an element. */
long fmt_run_length(xmlNodePtr node, const char *attr);
/* fmt:finding-value: a finding's value as shown (common.xsl's finding-value): v itself when
 * it is no plain decimal (a digit, nothing but digits and . , - +) or kind is code, text or
 * count; else with % (fmt:percent's, decimals auto) when kind is rate, else grouped
 * (fmt:amount's, decimals auto). malloc'd; NULL with *why when the formatting fails. */
char *fmt_finding_value(const gfa_fmt *f, const char *v, const char *kind, const char **why);
/* The index of doc's node-sets (fmt:having, fmt:elements; issue 13): an entry is made at the
 * first lookup in a set of doc's nodes and kept, up to a few sets (the oldest gives way), so
 * that every later lookup in the same set, by any transform of doc, costs a hash lookup. It
 * describes doc as it was: free it before doc changes (render.c keeps it with the report,
 * which drops it when it hands the document out). NULL on no memory. */
fmt_index *fmt_index_new(xmlDocPtr doc);
void fmt_index_free(fmt_index *ix);
/* fmt:having: the elements that path (an XPath expression, evaluated from the document's
 * root with prefix g bound to gfa's namespace and fmt:elements available) selects in ix's
 * document, kept in that order, each of whose attributes attrs[0..npairs) (of no namespace)
 * has one of the values values[i][0..nvalues[i]): path[@A1 = V1 and @A2 = V2 …] with
 * node-set values. An attribute a node lacks never matches; a pair without values matches
 * nothing. npairs 1..3. The set is selected and indexed by its attributes' values at the
 * first lookup and kept in ix: every later lookup costs a hash lookup. Into a malloc'd array
 * (NULL when none); false (and *why) when path does not select nodes or memory ran out. */
bool fmt_having(fmt_index *ix, const char *path, const char *const *attrs,
                const char *const *const *values, const size_t *nvalues, size_t npairs,
                xmlNodePtr **out, size_t *nout, const char **why);
/* fmt:elements: the descendant elements of node (an element or a document) of gfa's
 * namespace whose local name is one of `names` (separated by spaces), in document order, as
 * node//g:N1 | node//g:N2 … selects them, into a malloc'd array (NULL when none); false when
 * out of memory. Kept in ix (when not NULL) for node. */
bool fmt_elements(fmt_index *ix, xmlNodePtr node, const char *names, xmlNodePtr **out,
                  size_t *n);
/* An amount in `unit` = 10^scale yuan as a decimal string in yuan, shifted exactly
 * ("1614.45", 4 -> "16144500.00"). NULL (and *why) on bad input. malloc'd. */
char *fmt_scale_decimal(const char *decimal, int scale, const char **why);

#endif
