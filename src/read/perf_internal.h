/* perf_internal.h — the performance-form reader's shared types and the functions its stages
 * call across files (perf.c and perf_*.c, named perf_*). Internal to src/read. */
#ifndef GFA_READ_PERF_INTERNAL_H
#define GFA_READ_PERF_INTERNAL_H

#include "read/read.h"

/* The key of the text last compared with a field's labels: a cell is compared with
 * several fields in a row (level1, then level2, then indicators …), and keying it anew
 * each time was a fifth of reading a form. */
typedef struct key_memo {
    char *text, *key;
} key_memo;

typedef struct perf_ctx {
    const gfa_vocab *vocab;
    const table_def *def;
    const table_grid *g;
    xmlNsPtr ns;
    xmlDocPtr doc; /* the instance: new elements take their names from its dictionary */
    const char *file;
    gfa_diags *diags;
    xmlNodePtr project, department, unit, funds, indicators, total;
    xmlNodePtr goals[16];
    int ngoals;
    xmlNodePtr analysis[16];
    int nanalysis;
    char *level1, *level2;
    bool compact; /* rows without blank cells (flattened or laid-out text): a row's values
                     are its cells in order, the fields taken from the right */
    bool in_order; /* compact, printed in reading order (pdftotext -raw): a cell's lines
                      one after another, the cells of a row one after another */
    key_memo *memo;
} perf_ctx;

/* A funds row's numbers, in order, by the fields the form definition names them
 * (national-2024.xml: declared … score); a row of another count is placed from the right. */
static const char *const FUND_FIELDS[] = {"declared", "budgeted", "full_year", "executed",
                                          "balance",  "rate",     "score"};

#define FUND_NUMBERS ((int)ARRAY_LEN(FUND_FIELDS))

/* The grid of a funds block with numbers wrapped around their rows put back on them. */
typedef struct halves_grid {
    table_grid g;
    src_line *lines[48]; /* the copies it made */
    char *texts[48];     /* the joined numbers */
    int nlines, ntexts;
} halves_grid;

/* perf.c */
const char *perf_field_key(const perf_ctx *pc, const char *field, const char *text,
                           const form_field **f);
bool perf_is_field(const perf_ctx *pc, const char *field, const char *text);
bool perf_is_field2(const perf_ctx *pc, const char *field, const src_line *l, int c);
int perf_next_nonempty(const src_line *l, int from);
xmlNodePtr perf_new_el(perf_ctx *pc, const char *name, long line);
xmlNodePtr perf_coded_name(perf_ctx *pc, const char *el, const char *text, long line);
bool perf_is_number(const perf_ctx *pc, const char *t);
void perf_fund_row_as(perf_ctx *pc, const src_line *l, const char *source, const char *why);

/* perf_compact.c */
bool perf_starts_field(const perf_ctx *pc, const char *field, const char *text);
size_t perf_flat_project(perf_ctx *pc);
void perf_compact_codes(perf_ctx *pc, size_t from);
int perf_count_numbers(const perf_ctx *pc, const src_line *l);
const char *perf_total_cell(const perf_ctx *pc, const src_line *l);
char *perf_wrapped_total(const perf_ctx *pc, size_t r, size_t *tail);
void perf_halves_grid_free(halves_grid *h);
src_line *perf_halves_line(halves_grid *h, size_t r, int extra);
size_t perf_flat_funds(perf_ctx *pc, size_t from);
void perf_goal_row(perf_ctx *pc, const src_line *l);
bool perf_looks_like_value(const perf_ctx *pc, const char *t);
bool perf_level_label(const perf_ctx *pc, const char *t);
bool perf_unit_word(const char *t);
bool perf_latin_before_han(const char *latin, const char *next);
bool perf_ends_digit(const char *t);
void perf_indicator_row(perf_ctx *pc, const src_line *l, char **extra, int nextra);
size_t perf_total_rows(perf_ctx *pc, size_t r, int skip);
void perf_analysis_row(perf_ctx *pc, const src_line *l);

/* perf_analysis.c */
bool perf_compact_analysis(perf_ctx *pc, size_t r, int skip, size_t used);

/* perf_flat.c */
int perf_words(const src_line *l, int *at, int max);
bool perf_scored_row(const perf_ctx *pc, const src_line *l);
bool perf_all_words(const perf_ctx *pc, const src_line *l, int max,
                    bool (*test)(const perf_ctx *, const char *));
bool perf_fragment_word(const perf_ctx *pc, const char *t);
bool perf_fragment_row(const perf_ctx *pc, const src_line *l);
bool perf_halves_around(const perf_ctx *pc, size_t r);
bool perf_header_pieces(const perf_ctx *pc, const src_line *l);
bool perf_header_leftover(const perf_ctx *pc, const src_line *l);
bool perf_header_completed(const perf_ctx *pc, const src_line *h, const src_line *l);
int perf_glued_words(const src_line *l, char **out, int max);
void perf_free_words(char **w, int n);
bool perf_indicator_cells(perf_ctx *pc, const src_line *A, const char *const *cells, int nc);
bool perf_value_tail(const char *t);
bool perf_completes_label(const perf_ctx *pc, const char *a, const char *b);
bool perf_grows_label(const perf_ctx *pc, const char *a, const char *b);
bool perf_paired_fragment(const perf_ctx *pc, size_t r);
int perf_wrapped_values_at(const perf_ctx *pc, char *const *w, int from, int to);
bool perf_flat_indicator(perf_ctx *pc, size_t r, size_t from, size_t *last);
bool perf_text_cell(const perf_ctx *pc, const char *t);
bool perf_completes_to_other(char *const *w, int n, int j, const char *t);
bool perf_own_row_at(const perf_ctx *pc, size_t i);
bool perf_flat_tails_below(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_name_top_tails(perf_ctx *pc, size_t r, size_t *last);
long perf_text_width(const char *t);
bool perf_read_cells(perf_ctx *pc, size_t r, char **cells, int n);
bool perf_flat_name_stack(perf_ctx *pc, size_t r, size_t from, size_t *last);

/* perf_aligned.c */
bool perf_completes_known(const perf_ctx *pc, const char *c, const char *d);
bool perf_flat_unit_scored(perf_ctx *pc, size_t r, size_t from, size_t *last);
bool perf_flat_aligned(perf_ctx *pc, size_t r, size_t from, size_t *last);
bool perf_aligned_top(const perf_ctx *pc, size_t r);
bool perf_flat_thin_row(perf_ctx *pc, size_t r, size_t from, size_t *last);
bool perf_flat_thin_name_around(perf_ctx *pc, size_t r, size_t *last);
bool perf_thin_top(const perf_ctx *pc, size_t r);
bool perf_cut_value(const perf_ctx *pc, const char *t);
bool perf_ends_sentence(const perf_ctx *pc, const char *t);
bool perf_flat_cut_across(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_labels_wrapped_above(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_units_below(perf_ctx *pc, size_t r, size_t *last);
bool perf_sign_only(const perf_ctx *pc, const char *t);
bool perf_unit_tail(const char *t);
bool perf_percent_tail(const char *t);
bool perf_target_beside(const perf_ctx *pc, char *const *w, int from, int put, int n, int other);
bool perf_flat_stacked_values(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_signs_above(perf_ctx *pc, size_t r, size_t *last);
bool perf_name_piece_line(const perf_ctx *pc, const src_line *l);
bool perf_flat_stacked_name(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_nested_halves(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_labels_between(perf_ctx *pc, size_t r, size_t *last);
bool perf_name_top(const perf_ctx *pc, size_t r);
bool perf_flat_name_through(perf_ctx *pc, size_t r, size_t *last);
bool perf_name_through_top(const perf_ctx *pc, size_t r);
bool perf_name_around_values(const perf_ctx *pc, size_t r, size_t *row, size_t *bottom);
void perf_name_ends(perf_ctx *pc, size_t top, size_t *last);
bool perf_flat_top_completes(perf_ctx *pc, size_t r, size_t *last);
bool perf_tops_completed(const perf_ctx *pc, size_t r);
bool perf_flat_value_columns(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_centred_tops(perf_ctx *pc, size_t r, size_t *last);
bool perf_centred_above(const perf_ctx *pc, size_t r);
bool perf_flat_label_pieces_above(perf_ctx *pc, size_t r, size_t *last);
bool perf_flat_split_values(perf_ctx *pc, size_t r, size_t from, size_t *last);
bool perf_flat_halves_over_values(perf_ctx *pc, size_t r, size_t *last);

/* perf_reading.c */
bool perf_indicator_header_at(const perf_ctx *pc, size_t r);
bool perf_reading_order(const perf_ctx *pc);
bool perf_read_already(const perf_ctx *pc, const char *text);
bool perf_reading_row(perf_ctx *pc, size_t from, size_t r);

#endif
