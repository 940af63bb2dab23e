/* recognise.c — one recogniser for every reader: matches a grid of cells to a table
 * definition and writes the <table>'s header, parts, rows and cells.
 *
 * How a grid is read (issue 2):
 *   1. rows are classified: 栏次 rows, header rows (made of header words), body rows;
 *   2. each column gets a header path (top-down texts; a label spans the empty cells to
 *      its right when sub-headers sit below them, as merged cells print);
 *   3. key columns (科目代码, 科目名称, 项目, 行次) split the columns into groups that
 *      are matched to the definition's parts (公开01: 收入 | 支出; 公开06: four groups);
 *   4. value columns are matched by their header labels (and 栏次 when labels fail);
 *   5. body rows are keyed by classification code, by the definition's row labels, by
 *      function-class names, or by 行次 for unlabelled rows.
 * Nothing is dropped: an unmatched column or row is kept with a generic key and a
 * warning. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLS 256

typedef enum row_class { RC_EMPTY, RC_COLNO, RC_HEADER, RC_BODY } row_class;

typedef struct colinfo {
    char *path[8]; /* header keys top-down */
    int npath;
    const char *label; /* deepest printed header text */
    key_role role;
    long colno;  /* number in the 栏次 row, 0 if none */
    int seg;
    int defcol;  /* index into the part's columns, -1 if unknown */
    char id[48]; /* column id written to the instance */
} colinfo;

typedef struct segment {
    int first, end; /* columns [first, end) */
    int part;       /* index into def->parts, -1 if none fits */
    int group;      /* 1-based column group within the part */
    int code, name, label, lineno; /* key columns, -1 when absent */
} segment;

typedef struct part_state {
    xmlNodePtr node;       /* the <part> element */
    xmlNodePtr *rows;      /* rows created, attached at the end in group order */
    int *row_groups;
    size_t nrows, cap;
    bool *used;            /* definition rows already matched */
    size_t next_def_row;   /* ordered matching of repeated labels */
    xmlNodePtr last_row[8];/* last row per group (wrapped names continue it) */
    int single_rows;
} part_state;

typedef struct rctx {
    const gfa_context *ctx;
    const table_def *def;
    const table_grid *g;
    xmlNodePtr table;
    const char *file;
    gfa_diags *diags;
    int width;
    colinfo cols[MAX_COLS];
    segment segs[MAX_COLS];
    int nsegs;
    part_state *parts;
    strmap *keys;
    row_class *classes;
    int placeholders; /* value cells printed as template placeholders (XX.XX) */
    long header_half; /* the header's half of a row beside the header (a header row
                         whatever its first cell names), -1: none */
} rctx;

/* ---------------------------------------------------------------- vocabulary --- */

static char *cell_key(const gfa_context *ctx, const src_line *l, int c)
{
    const char *t = src_cell_text(l, c);
    return text_key(&ctx->variants, t, strlen(t));
}

static bool in_vocab(const gfa_context *ctx, const table_def *def, const char *key)
{
    const table_defs *defs = &ctx->defs;
    for (int r = ROLE_CODE; r <= ROLE_LINENO; r++)
        if (label_set_has(&defs->role_labels[r], key))
            return true;
    if (label_set_has(&defs->colno_labels, key) || label_set_has(&def->header_words, key))
        return true;
    for (size_t p = 0; p < def->nparts; p++) {
        const part_def *pd = &def->parts[p];
        if (label_set_has(&pd->under, key))
            return true;
        for (size_t c = 0; c < pd->ncols; c++)
            if (label_set_has(&pd->cols[c].labels, key) || label_set_has(&pd->cols[c].under, key))
                return true;
    }
    return false;
}

/* Does a row label (ordinal stripped) name a definition row or a function class? */
static bool is_row_label(const gfa_context *ctx, const table_def *def, const char *text)
{
    char *ord = NULL;
    const char *rest = text_strip_ordinal(text, &ord);
    free(ord);
    char *key = text_key(&ctx->variants, rest, strlen(rest));
    if (!key)
        return false;
    bool hit = false;
    for (size_t p = 0; !hit && p < def->nparts; p++) {
        const part_def *pd = &def->parts[p];
        for (size_t r = 0; !hit && r < pd->nrows; r++)
            hit = label_set_has(&pd->rows[r].labels, key);
        if (!hit && pd->classes)
            hit = function_class_named(ctx, key) != NULL;
        if (!hit && pd->axis != AXIS_FIXED && pd->axis != AXIS_SINGLE) {
            char *compact = text_key(&ctx->variants, text, strlen(text));
            hit = compact && is_code(compact, pd->axis);
            free(compact);
        }
    }
    free(key);
    return hit;
}

/* ------------------------------------------------------------ row classes --- */

static bool is_colno_row(const rctx *rc, const src_line *l, bool body_seen)
{
    int expect = 1, nonempty = 0;
    bool all_seq = true;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        nonempty++;
        char *k = text_key(&rc->ctx->variants, t, strlen(t));
        bool colno = k && label_set_has(&rc->ctx->defs.colno_labels, k);
        free(k);
        if (colno)
            return true;
        char *end = NULL;
        long v = strtol(t, &end, 10);
        if (*end || v != expect)
            all_seq = false;
        expect++;
    }
    return !body_seen && all_seq && nonempty >= 2;
}

static row_class classify(const rctx *rc, const src_line *l, bool body_seen)
{
    int nonempty = 0, vocab = 0, numbers = 0, first = -1;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        if (first < 0)
            first = c;
        nonempty++;
        cell_value v = cell_parse(&rc->ctx->vocab, t);
        if (v.kind == CELL_NUMBER || v.kind == CELL_NA)
            numbers++;
        char *k = text_key(&rc->ctx->variants, t, strlen(t));
        if (k && in_vocab(rc->ctx, rc->def, k))
            vocab++;
        free(k);
    }
    if (nonempty == 0)
        return RC_EMPTY;
    if (is_colno_row(rc, l, body_seen))
        return RC_COLNO;
    if (is_row_label(rc->ctx, rc->def, src_cell_text(l, first)) || numbers > 0)
        return RC_BODY;
    if (!body_seen ? vocab * 2 >= nonempty : vocab == nonempty)
        return RC_HEADER;
    return RC_BODY;
}

/* ----------------------------------------------------------- header paths --- */

static const src_line *header_row(const rctx *rc, size_t k, const size_t *hdr, size_t nhdr)
{
    return k < nhdr ? rc->g->rows[hdr[k]] : NULL;
}

static void build_paths(rctx *rc, const size_t *hdr, size_t nhdr)
{
    for (size_t k = 0; k < nhdr; k++) {
        const src_line *l = header_row(rc, k, hdr, nhdr);
        int left = -1; /* last non-empty cell to the left in this row */
        for (int c = 0; c < rc->width; c++) {
            const char *t = src_cell_text(l, c);
            int src = -1;
            bool sub = false; /* does a deeper header row name this column? */
            for (size_t b = k + 1; b < nhdr && !sub; b++)
                sub = *src_cell_text(header_row(rc, b, hdr, nhdr), c) != '\0';
            if (*t) {
                src = c;
                left = c;
            } else if (left >= 0 && sub) {
                src = left; /* a merged header spanning sub-headers */
            }
            colinfo *ci = &rc->cols[c];
            if (src < 0 || ci->npath >= (int)ARRAY_LEN(ci->path))
                continue;
            char *key = cell_key(rc->ctx, l, src);
            if (!key)
                continue;
            if (key[0])
                ci->path[ci->npath++] = key;
            else
                free(key);
            if (src == c)
                ci->label = src_cell_text(l, c);
        }
    }
}

static void read_colnos(rctx *rc, const src_line *l)
{
    for (int c = 0; c < rc->width && c < l->ncells; c++) {
        char *end = NULL;
        const char *t = src_cell_text(l, c);
        long v = strtol(t, &end, 10);
        if (*t && !*end && v > 0)
            rc->cols[c].colno = v;
    }
}

static bool is_column_label(const table_def *def, const char *key)
{
    for (size_t p = 0; p < def->nparts; p++)
        for (size_t c = 0; c < def->parts[p].ncols; c++)
            if (label_set_has(&def->parts[p].cols[c].labels, key))
                return true;
    return false;
}

/* The deepest header word that says anything decides: a value column's own label
 * (合计支出) outranks a key word (项目) printed once above the whole header. */
static key_role role_of_path(const rctx *rc, const colinfo *ci)
{
    static const key_role order[] = {ROLE_CODE, ROLE_NAME, ROLE_LINENO, ROLE_LABEL};
    for (int k = ci->npath - 1; k >= 0; k--) {
        for (size_t r = 0; r < ARRAY_LEN(order); r++)
            if (label_set_has(&rc->ctx->defs.role_labels[order[r]], ci->path[k]))
                return order[r];
        if (is_column_label(rc->def, ci->path[k]))
            return ROLE_NONE;
    }
    return ROLE_NONE;
}

static bool path_has(const colinfo *ci, const label_set *ls)
{
    for (int k = 0; k < ci->npath; k++)
        if (label_set_has(ls, ci->path[k]))
            return true;
    return false;
}

/* ------------------------------------------------------------- segments --- */

static void build_segments(rctx *rc)
{
    bool prev_value = true;
    for (int c = 0; c < rc->width; c++) {
        colinfo *ci = &rc->cols[c];
        ci->role = role_of_path(rc, ci);
        bool key = ci->role != ROLE_NONE;
        if (rc->nsegs == 0 || (key && prev_value)) {
            segment *s = &rc->segs[rc->nsegs++];
            s->first = c;
            s->code = s->name = s->label = s->lineno = -1;
            s->part = -1;
        }
        segment *s = &rc->segs[rc->nsegs - 1];
        s->end = c + 1;
        ci->seg = rc->nsegs - 1;
        switch (ci->role) {
        case ROLE_CODE: if (s->code < 0) s->code = c; break;
        case ROLE_NAME: if (s->name < 0) s->name = c; break;
        case ROLE_LABEL: if (s->label < 0) s->label = c; break;
        case ROLE_LINENO: if (s->lineno < 0) s->lineno = c; break;
        default: break;
        }
        prev_value = !key;
    }
}

/* Segments are matched to (part, group) slots in order; a segment whose header names
 * another part's "under" word (收入/支出) goes to that part. */
static void assign_segments(rctx *rc)
{
    const table_def *def = rc->def;
    int slot_part[MAX_COLS], slot_group[MAX_COLS], nslots = 0;
    for (size_t p = 0; p < def->nparts; p++)
        for (int g = 1; g <= def->parts[p].groups && nslots < MAX_COLS; g++) {
            slot_part[nslots] = (int)p;
            slot_group[nslots++] = g;
        }
    int next = 0;
    for (int s = 0; s < rc->nsegs; s++) {
        segment *sg = &rc->segs[s];
        int want = -1;
        for (int k = next; k < nslots && want < 0; k++) {
            const part_def *pd = &def->parts[slot_part[k]];
            if (pd->under.count && path_has(&rc->cols[sg->first], &pd->under))
                want = k;
        }
        if (want < 0 && next < nslots)
            want = next;
        if (want < 0)
            continue;
        sg->part = slot_part[want];
        sg->group = slot_group[want];
        next = want + 1;
    }
    if (rc->nsegs != nslots)
        diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-020", rc->file,
                 rc->g->rows[0]->no, 1,
                 "table %s: %d column group(s) printed, the definition has %d; columns "
                 "were matched in order",
                 def->id, rc->nsegs, nslots);
}

/* Does column c take definition column d by its label although its header path lacks d's
 * "under" word? A header cell spanning several columns may be printed off them (a text
 * laid out from a PDF puts 本年支出, centred over 小计 / 基本支出 / 项目支出, over the last
 * of them): the under word only tells apart columns of one label (小计 under 预算数 and
 * under 决算数), so it is not needed when no other column of the part has the label, no
 * other printed column of the segment has d's label under its word, and the word is printed
 * over some column of the segment. */
static bool label_without_under(const rctx *rc, const segment *sg, const part_def *pd, int c,
                                size_t d)
{
    const colinfo *ci = &rc->cols[c];
    const col_def *cd = &pd->cols[d];
    if (cd->under.count == 0 || !path_has(ci, &cd->labels))
        return false;
    for (size_t e = 0; e < pd->ncols; e++)
        if (e != d && path_has(ci, &pd->cols[e].labels))
            return false;
    bool printed = false;
    for (int k = sg->first; k < sg->end; k++) {
        const colinfo *ck = &rc->cols[k];
        if (k != c && ck->role == ROLE_NONE && path_has(ck, &cd->labels) &&
            path_has(ck, &cd->under))
            return false;
        printed = printed || path_has(ck, &cd->under);
    }
    return printed;
}

static void match_values(rctx *rc)
{
    for (int s = 0; s < rc->nsegs; s++) {
        segment *sg = &rc->segs[s];
        const part_def *pd = sg->part >= 0 ? &rc->def->parts[sg->part] : NULL;
        bool used[64] = {false};
        for (int c = sg->first; c < sg->end; c++) {
            colinfo *ci = &rc->cols[c];
            ci->defcol = -1;
            if (ci->role != ROLE_NONE)
                continue;
            for (size_t d = 0; pd && d < pd->ncols && d < 64 && ci->defcol < 0; d++) {
                const col_def *cd = &pd->cols[d];
                if (!used[d] && path_has(ci, &cd->labels) &&
                    (cd->under.count == 0 || path_has(ci, &cd->under)))
                    ci->defcol = (int)d;
            }
            for (size_t d = 0; pd && ci->defcol < 0 && d < pd->ncols && d < 64; d++)
                if (!used[d] && label_without_under(rc, sg, pd, c, d))
                    ci->defcol = (int)d;
            for (size_t d = 0; pd && ci->defcol < 0 && d < pd->ncols && d < 64; d++)
                if (!used[d] && ci->colno > 0 && pd->cols[d].colno == ci->colno) {
                    ci->defcol = (int)d;
                    if (ci->npath > 0)
                        diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-021",
                                 rc->file, rc->g->rows[0]->no, 1,
                                 "table %s: column header '%s' is not a known label; matched "
                                 "by 栏次 %ld to column %s",
                                 rc->def->id, ci->label ? ci->label : "", ci->colno,
                                 pd->cols[d].id);
                }
            if (ci->defcol >= 0) {
                used[ci->defcol] = true;
                str_copy(ci->id, sizeof ci->id, pd->cols[ci->defcol].id);
                long want = pd->cols[ci->defcol].colno;
                if (ci->colno > 0 && want > 0 && ci->colno != want)
                    diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-022",
                             rc->file, rc->g->rows[0]->no, 1,
                             "table %s: column %s is printed with 栏次 %ld, the template "
                             "numbers it %ld",
                             rc->def->id, ci->id, ci->colno, want);
            } else {
                snprintf(ci->id, sizeof ci->id, "x%d", c + 1);
            }
        }
    }
}

/* ----------------------------------------------------------------- output --- */

static void write_header(rctx *rc, xmlNodePtr parent, const src_line *l, bool colno)
{
    xmlNodePtr h = xml_child(parent, "hrow", NULL);
    xml_set_long(h, "line", l->no);
    xml_set_long(h, "cells", l->ncells);
    if (colno)
        xml_set(h, "colno", "true");
    for (int c = 0; c < l->ncells; c++) {
        if (!*src_cell_text(l, c))
            continue;
        xmlNodePtr cell = xml_child(h, "h", src_cell_text(l, c));
        xml_set_long(cell, "pos", l->cells[c].pos);
        xml_set_long(cell, "cell", c + 1);
    }
}

static const char *axis_name(axis_kind a)
{
    switch (a) {
    case AXIS_FUNCTION: return "function";
    case AXIS_ECONOMIC: return "economic";
    case AXIS_SINGLE: return "single";
    default: return "fixed";
    }
}

/* <part> elements with their <column>s: one logical column per definition column,
 * listing the printed cell of each group it appears in. */
static void write_parts(rctx *rc)
{
    const table_def *def = rc->def;
    for (size_t p = 0; p < def->nparts; p++) {
        part_state *ps = &rc->parts[p];
        ps->node = xml_child(rc->table, "part", NULL);
        xml_set(ps->node, "id", def->parts[p].id);
        xml_set(ps->node, "axis", axis_name(def->parts[p].axis));
        /* columns in printed order, deduplicated by id */
        for (int c = 0; c < rc->width; c++) {
            colinfo *ci = &rc->cols[c];
            if (ci->role != ROLE_NONE || rc->segs[ci->seg].part != (int)p)
                continue;
            bool seen = false;
            for (int e = 0; e < c && !seen; e++)
                seen = rc->cols[e].role == ROLE_NONE && rc->segs[rc->cols[e].seg].part == (int)p &&
                       strcmp(rc->cols[e].id, ci->id) == 0;
            if (seen)
                continue;
            strbuf cells;
            sb_init(&cells);
            for (int e = c; e < rc->width; e++)
                if (rc->cols[e].role == ROLE_NONE && rc->segs[rc->cols[e].seg].part == (int)p &&
                    strcmp(rc->cols[e].id, ci->id) == 0)
                    sb_addf(&cells, "%s%d", cells.len ? " " : "", e + 1);
            xmlNodePtr col = xml_child(ps->node, "column", NULL);
            xml_set(col, "id", ci->id);
            const col_def *cd = ci->defcol >= 0 ? &def->parts[p].cols[ci->defcol] : NULL;
            char *label = text_unwrap(ci->label ? ci->label : (cd ? cd->title : ""));
            xml_set(col, "label", label ? label : "");
            free(label);
            if (ci->colno > 0)
                xml_set_long(col, "colno", ci->colno);
            char *list = sb_take(&cells);
            xml_set(col, "cells", list ? list : "1");
            free(list);
        }
    }
}

static void add_row(part_state *ps, xmlNodePtr row, int group)
{
    if (ps->nrows == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 32;
        xmlNodePtr *rows = realloc(ps->rows, cap * sizeof *rows);
        int *groups = realloc(ps->row_groups, cap * sizeof *groups);
        if (rows)
            ps->rows = rows;
        if (groups)
            ps->row_groups = groups;
        if (!rows || !groups)
            return;
        ps->cap = cap;
    }
    ps->rows[ps->nrows] = row;
    ps->row_groups[ps->nrows++] = group;
}

/* A value cell of a template: only placeholder marks (X, x, ×, *) with the punctuation of a
 * number ("XX", "XXX.XX", "X,XXX.XX"). It gives the table's structure, no fact. */
static bool placeholder_cell(const char *t)
{
    char *n = text_nfkc(t, strlen(t));
    int marks = 0;
    bool other = !n;
    for (const char *p = n; p && *p && !other; p++) {
        if (*p == 'X' || *p == 'x' || *p == '*')
            marks++;
        else if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) /* U+00D7 × */
            marks++, p++;
        else
            other = !(*p == ',' || *p == '.' || *p == ' ' || *p == '-');
    }
    free(n);
    return !other && marks >= 2;
}

/* Digits, one comma, digits, no point ("1,23", "49,908"): what an OCR'd page prints for a
 * decimal point as often as for thousands. *point is the reading with a decimal point,
 * *other the one without (the grouping when it is one: *grouped). */
static bool comma_number(const char *printed, gfa_dec *point, gfa_dec *other, bool *grouped)
{
    char *n = text_nfkc(printed, strlen(printed));
    bool ok = n != NULL;
    const char *comma = ok ? strchr(n, ',') : NULL;
    size_t len = ok ? strlen(n) : 0;
    ok = comma && !strchr(comma + 1, ',') && !strchr(n, '.') && comma > n && comma[1];
    for (size_t i = 0; ok && i < len; i++)
        ok = (n[i] >= '0' && n[i] <= '9') || n + i == comma || (i == 0 && n[i] == '-');
    if (ok) {
        *grouped = dec_parse(n, len, other) == DEC_OK;
        char *dot = strdup(n), *bare = strdup(n);
        ok = dot && bare;
        if (ok) {
            dot[comma - n] = '.';
            memmove(bare + (comma - n), bare + (comma - n) + 1, len - (size_t)(comma - n));
            ok = dec_parse(dot, strlen(dot), point) == DEC_OK &&
                 (*grouped || dec_parse(bare, strlen(bare), other) == DEC_OK);
        }
        free(dot);
        free(bare);
    }
    free(n);
    return ok;
}

static bool ocr_reading(const ocr_digits *o, const char *printed, char *canon, size_t cap,
                        char *alts, size_t acap);

static void write_cell(rctx *rc, xmlNodePtr row, const src_line *l, int c)
{
    const char *t = src_cell_text(l, c);
    cell_value v = cell_parse(&rc->ctx->vocab, t);
    xmlNodePtr cell;
    switch (v.kind) {
    case CELL_NUMBER:
        cell = xml_child(row, "amt", v.canon);
        if (strcmp(v.canon, t) != 0)
            xml_set(cell, "text", t);
        break;
    case CELL_NA:
        cell = xml_child(row, "na", NULL);
        xml_set(cell, "text", t);
        break;
    case CELL_TEXT: {
        cell = xml_child(row, "text", t);
        gfa_dec a, b;
        bool grouped;
        char canon[48], alts[160];
        if (placeholder_cell(t))
            rc->placeholders++;
        else if (!comma_number(t, &a, &b, &grouped) && /* "1,23": decimal_commas() decides */
                 !ocr_reading(&rc->ctx->ocr, t, canon, sizeof canon, alts, sizeof alts))
            diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-023", rc->file, l->no,
                     c < l->ncells ? l->cells[c].pos : 1,
                     "table %s: '%s' in column %s is not a number; kept as text", rc->def->id,
                     t, rc->cols[c].id);
        break;
    }
    default:
        cell = xml_child(row, "blank", NULL);
        break;
    }
    xml_set(cell, "col", rc->cols[c].id);
    xml_set_long(cell, "line", l->no);
    long pos = c < l->ncells ? l->cells[c].pos : 1;
    if (c >= l->ncells) /* a cell missing at the end of the line sits just past it */
        pos = utf8_chars(l->text, strlen(l->text)) + 1 + (c - l->ncells);
    xml_set_long(cell, "pos", pos > 0 ? pos : 1);
    xml_set_long(cell, "cell", c + 1);
}

static bool segment_has_values(const rctx *rc, const segment *sg, const src_line *l)
{
    for (int c = sg->first; c < sg->end; c++)
        if (rc->cols[c].role == ROLE_NONE && *src_cell_text(l, c))
            return true;
    return false;
}

static bool row_has_value(xmlNodePtr row)
{
    for (xmlNodePtr c = row->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST "blank") != 0)
            return true;
    return false;
}

/* Finds the definition row a label names; repeated labels (公开04 一般公共预算财政拨款
 * twice) are matched in order. */
static int match_def_row(part_state *ps, const part_def *pd, const char *key)
{
    for (size_t r = ps->next_def_row; r < pd->nrows; r++)
        if (!ps->used[r] && label_set_has(&pd->rows[r].labels, key))
            return (int)r;
    for (size_t r = 0; r < pd->nrows; r++)
        if (!ps->used[r] && label_set_has(&pd->rows[r].labels, key))
            return (int)r;
    return -1;
}

/* Appends wrapped name text to the previous row of the same group. */
static void continue_name(xmlNodePtr row, const char *more)
{
    xmlChar *label = xmlGetProp(row, BAD_CAST "label");
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, label ? (const char *)label : "");
    sb_adds(&sb, more);
    xmlFree(label);
    char *joined = sb_take(&sb);
    if (!joined)
        return;
    xml_set(row, "label", joined);
    char *name = text_unwrap(joined);
    if (name)
        xml_set(row, "name", name);
    free(name);
    free(joined);
}

static void set_name(xmlNodePtr row, const char *printed, const char *without_ordinal)
{
    xml_set(row, "label", printed);
    char *name = text_unwrap(without_ordinal);
    if (name && *name)
        xml_set(row, "name", name);
    free(name);
}

/* The key of a row of a listed part (one per project, named as printed): "p" and the first
 * 12 hex digits of the SHA-256 of its name's key, the same in every form and every year the
 * name is printed in. */
static void listed_key(const char *name_key, char *out, size_t cap)
{
    char hex[65];
    sha256_hex(name_key, strlen(name_key), hex);
    snprintf(out, cap, "p%.12s", hex);
}

static bool claim_key(rctx *rc, const char *key, const src_line *l, int group, char *out,
                      size_t cap)
{
    if (!strmap_get(rc->keys, key, NULL)) {
        str_copy(out, cap, key);
        strmap_put(rc->keys, key, (int)l->no);
        return true;
    }
    int first = 0;
    strmap_get(rc->keys, key, &first);
    snprintf(out, cap, "r%ld_%d", l->no, group);
    /* two rows of one line that both fall back (unknown rows of 收入 and 支出) */
    for (int k = 2; strmap_get(rc->keys, out, NULL) && k < 100; k++)
        snprintf(out, cap, "r%ld_%d_%d", l->no, group, k);
    strmap_put(rc->keys, out, (int)l->no);
    diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-024", rc->file, l->no, 1,
             "table %s: row %s is printed twice (first at line %d); this one is kept as %s",
             rc->def->id, key, first, out);
    return false;
}

static void body_segment(rctx *rc, const src_line *l, segment *sg, xmlNodePtr *line_rows,
                         int *nline_rows)
{
    if (sg->part < 0) {
        if (segment_has_values(rc, sg, l) || (sg->first < l->ncells && *src_cell_text(l, sg->first))) {
            /* columns no definition describes: keep the cells as an unrecognised line */
            strbuf sb;
            sb_init(&sb);
            for (int c = sg->first; c < sg->end; c++)
                sb_addf(&sb, "%s%s", c > sg->first ? "\t" : "", src_cell_text(l, c));
            char *text = sb_take(&sb);
            xmlNodePtr u = xml_child(rc->table, "unrecognised", text ? text : "");
            xml_set_long(u, "line", l->no);
            xml_set(u, "reason", "cells in columns the table definition does not have");
            diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-028", rc->file, l->no,
                     sg->first < l->ncells ? l->cells[sg->first].pos : 1,
                     "table %s: cells in columns the definition does not have; kept in an "
                     "<unrecognised> block", rc->def->id);
            free(text);
        }
        return;
    }
    const part_def *pd = &rc->def->parts[sg->part];
    part_state *ps = &rc->parts[sg->part];
    const char *code_t = src_cell_text(l, sg->code);
    const char *name_t = src_cell_text(l, sg->name);
    const char *label_t = src_cell_text(l, sg->label);
    const char *lineno_t = src_cell_text(l, sg->lineno);
    bool has_values = segment_has_values(rc, sg, l);
    bool has_key = *code_t || *name_t || *label_t;
    if (!has_key && !has_values && !*lineno_t)
        return;

    /* A label printed in a merged cell with its value further right (公开06 公用经费合计):
     * values without any key go to the previous row of this line that has none yet, when
     * it is a row of the same part (its columns are the part's). */
    if (!has_key && !*lineno_t && *nline_rows > 0) {
        xmlNodePtr prev = line_rows[*nline_rows - 1];
        if (!row_has_value(prev) && ps->nrows && ps->rows[ps->nrows - 1] == prev) {
            for (xmlNodePtr c = prev->children; c;) {
                xmlNodePtr next = c->next;
                xmlUnlinkNode(c);
                xmlFreeNode(c);
                c = next;
            }
            for (int c = sg->first; c < sg->end; c++)
                if (rc->cols[c].role == ROLE_NONE)
                    write_cell(rc, prev, l, c);
            return;
        }
    }

    char key[64] = "";
    char *ordinal = NULL;
    const char *printed = "";
    const char *bare = "";
    int defrow = -1;
    const code_entry *cls = NULL;
    char code[16] = "";
    if (pd->axis == AXIS_FUNCTION || pd->axis == AXIS_ECONOMIC) {
        char *compact = text_key(&rc->ctx->variants, code_t, strlen(code_t)); /* "201 06 01" → "2010601" */
        if (compact && is_code(compact, pd->axis)) {
            str_copy(code, sizeof code, compact);
            str_copy(key, sizeof key, compact);
            printed = name_t;
            bare = name_t;
        } else {
            printed = *code_t ? code_t : name_t;
            bare = text_strip_ordinal(printed, &ordinal);
            char *k = text_key(&rc->ctx->variants, bare, strlen(bare));
            defrow = k ? match_def_row(ps, pd, k) : -1;
            free(k);
            if (defrow < 0 && !*code_t && *name_t && !has_values && ps->last_row[sg->group % 8]) {
                continue_name(ps->last_row[sg->group % 8], name_t);
                free(compact);
                free(ordinal);
                return;
            }
        }
        free(compact);
    } else if (pd->axis == AXIS_FIXED) {
        printed = *label_t ? label_t : name_t;
        bare = text_strip_ordinal(printed, &ordinal);
        char *k = text_key(&rc->ctx->variants, bare, strlen(bare));
        defrow = k && *k ? match_def_row(ps, pd, k) : -1;
        if (defrow < 0 && k && *k && pd->classes &&
            (cls = function_class_named(rc->ctx, k)) != NULL) {
            str_copy(code, sizeof code, cls->code);
            str_copy(key, sizeof key, cls->code);
        }
        if (defrow < 0 && !cls && k && *k && pd->listed)
            listed_key(k, key, sizeof key);
        free(k);
        if (defrow < 0 && !cls && !*printed && *lineno_t) {
            char *end = NULL;
            long n = strtol(lineno_t, &end, 10);
            if (!*end && n > 0)
                snprintf(key, sizeof key, "n%ld", n);
        }
    } else { /* AXIS_SINGLE */
        if (ps->single_rows++ == 0)
            snprintf(key, sizeof key, "data");
    }
    if (defrow >= 0) {
        ps->used[defrow] = true;
        ps->next_def_row = (size_t)defrow + 1;
        str_copy(key, sizeof key, pd->rows[defrow].id);
    }
    bool known = key[0] != '\0';
    if (!known && !has_values && src_omission_mark(printed, strlen(printed)) &&
        (!*name_t || src_omission_mark(name_t, strlen(name_t)))) {
        free(ordinal); /* a template's "…": rows left out, no row */
        return;
    }
    if (!known) {
        snprintf(key, sizeof key, "r%ld_%d", l->no, sg->group);
        diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-025", rc->file, l->no,
                 sg->first < l->ncells ? l->cells[sg->first].pos : 1,
                 "table %s: row '%s' is not a classification code or a row of the "
                 "definition; kept as %s",
                 rc->def->id, *printed ? printed : (*code_t ? code_t : "(no label)"), key);
    }
    char final_key[64];
    claim_key(rc, key, l, sg->group, final_key, sizeof final_key);

    xmlNodePtr row = xmlNewDocNode(rc->table->doc, rc->table->ns, BAD_CAST "row", NULL);
    xml_set(row, "key", final_key);
    if (code[0]) {
        xml_set(row, "code", code);
        xml_set_long(row, "level", strlen(code) == 3 ? 1 : strlen(code) == 5 ? 2 : 3);
    }
    if (*printed)
        set_name(row, printed, bare);
    if (ordinal)
        xml_set(row, "ordinal", ordinal);
    free(ordinal);
    if (*lineno_t) {
        char *end = NULL;
        long n = strtol(lineno_t, &end, 10);
        if (!*end && n > 0)
            xml_set_long(row, "lineNo", n);
    }
    if (pd->groups > 1)
        xml_set_long(row, "group", sg->group);
    if (defrow >= 0) {
        const row_def *rd = &pd->rows[defrow];
        if (rd->total)
            xml_set(row, "total", "true");
        if (rd->heading)
            xml_set(row, "heading", "true");
        if (rd->unit)
            xml_set(row, "unit", rd->unit);
    }
    if (!*printed && !code[0] && defrow < 0 && *lineno_t)
        xml_set(row, "placeholder", "true");
    xml_set_long(row, "line", l->no);
    for (int c = sg->first; c < sg->end; c++)
        if (rc->cols[c].role == ROLE_NONE)
            write_cell(rc, row, l, c);
    add_row(ps, row, sg->group);
    ps->last_row[sg->group % 8] = row;
    if (*nline_rows < MAX_COLS)
        line_rows[(*nline_rows)++] = row;
}

static void attach_rows(rctx *rc)
{
    for (size_t p = 0; p < rc->def->nparts; p++) {
        part_state *ps = &rc->parts[p];
        int groups = rc->def->parts[p].groups;
        if (!ps->nrows && !xmlFirstElementChild(ps->node)) {
            /* no printed column went to the part (公开01 printed with its 收入 half only):
             * it is left out, as the schema wants a part to have columns */
            xmlUnlinkNode(ps->node);
            xmlFreeNode(ps->node);
            ps->node = NULL;
            continue;
        }
        if (!xmlFirstElementChild(ps->node)) {
            /* rows, but no value column printed: the definition's first column, unlabelled,
             * in the cell after the printed ones (the schema wants a part to have columns) */
            const part_def *pd = &rc->def->parts[p];
            xmlNodePtr col = xml_child(ps->node, "column", NULL);
            xml_set(col, "id", pd->ncols ? pd->cols[0].id : "x1");
            xml_set(col, "label", "");
            xml_set_long(col, "cells", rc->width + 1);
        }
        for (int g = 1; g <= groups; g++)
            for (size_t i = 0; i < ps->nrows; i++)
                if (ps->row_groups[i] == g)
                    xmlAddChild(ps->node, ps->rows[i]);
    }
}

/* ------------------------------------------------------- decimal commas --- */
/* OCR'd pages print the decimal point as a comma (domain.md §5: "," in OCR'd 绩效 tables).
 * A value printed as digits, one comma and digits ("1,23", "49,908") is read with a point
 * when the table says so: its column's other values are printed with a decimal point, or
 * the sums it is part of (parent = Σ children, 合计 = Σ 类, in its column) hold with the
 * point and not without. "1,23" cannot be a thousands grouping: either says so; "49,908"
 * can: both must. The value read is then uncertain: @certain="false", the other reading
 * in @alternatives (issue 10; issue 11 handles uncertain values in the checks). */

typedef struct dc_row {
    xmlNodePtr row, cell; /* the cell of the column (NULL: not printed) */
    const char *code, *key;
} dc_row;

/* The value a cell holds as far as sums go: blank and not printed are zero; false for
 * text (and "——"). */
static bool dc_value(xmlNodePtr cell, gfa_dec *v)
{
    *v = (gfa_dec){0, 0};
    if (!cell || !xmlStrcmp(cell->name, BAD_CAST "blank"))
        return true;
    if (xmlStrcmp(cell->name, BAD_CAST "amt"))
        return false;
    xmlChar *t = xmlNodeGetContent(cell);
    bool ok = t && dec_parse((const char *)t, strlen((const char *)t), v) == DEC_OK;
    xmlFree(t);
    return ok;
}

/* |a − b| ≤ 0.01 per term: sums printed at two decimals. */
static bool dc_close(gfa_dec a, gfa_dec b, size_t terms)
{
    gfa_dec d, tol = {(__int128)(terms ? terms : 1), 2};
    return dec_sub(a, b, &d) && dec_cmp(dec_abs(d), tol) <= 0;
}

/* Does total = Σ parts hold, with row `at` (if among them) read as `x`? -1: not known. */
static int dc_sum_holds(const dc_row *total, const dc_row **parts, size_t n, const dc_row *at,
                        gfa_dec x)
{
    gfa_dec t, sum = {0, 0}, v;
    if (total == at)
        t = x;
    else if (!dc_value(total->cell, &t))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (parts[i] == at)
            v = x;
        else if (!dc_value(parts[i]->cell, &v))
            return -1;
        if (!dec_add(sum, v, &sum))
            return -1;
    }
    return dc_close(t, sum, n);
}

/* Do the sums row k of the column is part of hold with it read as x? -1: none is known. */
static int dc_identities(const dc_row *rows, size_t n, size_t k, gfa_dec x)
{
    const dc_row **parts = calloc(n + 1, sizeof *parts);
    if (!parts)
        return -1;
    int verdict = -1;
    const char *code = rows[k].code;
    size_t len = code ? strlen(code) : 0;
    /* the sum k is a child in, the sum k is the parent of, and 合计 = Σ 类 */
    for (int which = 0; which < 3; which++) {
        const dc_row *total = NULL;
        size_t np = 0;
        const char *parent = NULL;
        size_t plen = 0;
        if (which == 0 && len >= 5) {
            plen = len - 2;
            for (size_t i = 0; i < n && !total; i++)
                if (rows[i].code && strlen(rows[i].code) == plen && !strncmp(rows[i].code, code, plen))
                    total = &rows[i];
            parent = total ? total->code : NULL;
        } else if (which == 1 && len) {
            total = &rows[k];
            parent = code;
            plen = len;
        } else if (which == 2 && (len == 3 || (rows[k].key && !strcmp(rows[k].key, "total")))) {
            for (size_t i = 0; i < n && !total; i++)
                if (rows[i].key && !strcmp(rows[i].key, "total"))
                    total = &rows[i];
            for (size_t i = 0; i < n; i++)
                if (rows[i].code && strlen(rows[i].code) == 3)
                    parts[np++] = &rows[i];
        }
        if (parent)
            for (size_t i = 0; i < n; i++)
                if (rows[i].code && strlen(rows[i].code) == plen + 2 &&
                    !strncmp(rows[i].code, parent, plen))
                    parts[np++] = &rows[i];
        if (!total || !np)
            continue;
        int holds = dc_sum_holds(total, parts, np, &rows[k], x);
        if (holds >= 0)
            verdict = verdict < 0 ? holds : verdict && holds;
    }
    free(parts);
    return verdict;
}

/* The printed text of a value cell: @text of an amount, else its content (malloc'd). */
static char *dc_printed(xmlNodePtr cell)
{
    if (xmlHasProp(cell, BAD_CAST "text")) {
        const char *t = xml_attr(cell, "text"); /* one text node: the readers set it */
        return strdup(t ? t : "");
    }
    return xml_content(cell);
}

/* The rows of one column of one part (calloc'd, *n of them); *numbers: its amounts,
 * *dotted: those printed with a decimal point, *two: those with two decimals. */
static dc_row *dc_collect(xmlNodePtr part, const char *col, size_t *np, int *numbers,
                          int *dotted, int *two)
{
    size_t n = 0;
    for (xmlNodePtr r = part->children; r; r = r->next)
        n += r->type == XML_ELEMENT_NODE && !xmlStrcmp(r->name, BAD_CAST "row");
    dc_row *rows = calloc(n + 1, sizeof *rows);
    if (!rows)
        return NULL;
    n = 0;
    *numbers = *dotted = *two = 0;
    for (xmlNodePtr r = part->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE || xmlStrcmp(r->name, BAD_CAST "row"))
            continue;
        dc_row *d = &rows[n++];
        d->row = r;
        d->code = xml_attr(r, "code");
        d->key = xml_attr(r, "key");
        for (xmlNodePtr c = r->children; c && !d->cell; c = c->next)
            if (c->type == XML_ELEMENT_NODE && xml_attr(c, "col") && !strcmp(xml_attr(c, "col"), col))
                d->cell = c;
        if (d->cell && !xmlStrcmp(d->cell->name, BAD_CAST "amt")) {
            char *p = dc_printed(d->cell);
            const char *dot = p ? strchr(p, '.') : NULL;
            (*numbers)++;
            *dotted += dot != NULL;
            *two += dot && strspn(dot + 1, "0123456789") == 2 && !dot[3];
            free(p);
        }
    }
    *np = n;
    return rows;
}

/* Replaces a value cell by an uncertain amount: its reading, as printed, its alternatives. */
static xmlNodePtr uncertain_amt(xmlNodePtr cell, const char *canon, const char *printed,
                                const char *alts)
{
    xmlNodePtr amt = xmlNewDocNode(cell->doc, cell->ns, BAD_CAST "amt", NULL);
    xmlNodeSetContent(amt, BAD_CAST canon);
    for (xmlAttrPtr a = cell->properties; a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        if (xmlStrcmp(a->name, BAD_CAST "text"))
            xmlSetProp(amt, a->name, v);
        xmlFree(v);
    }
    xml_set(amt, "text", printed);
    xml_set(amt, "certain", "false");
    if (alts && *alts)
        xml_set(amt, "alternatives", alts);
    xmlReplaceNode(cell, amt);
    xmlFreeNode(cell);
    return amt;
}

/* The decimal commas of one column of one part (its rows, their counts: dc_collect). */
static void dc_column(rctx *rc, dc_row *rows, size_t n, int numbers, int dotted, const char *col)
{
    for (size_t k = 0; k < n; k++) {
        xmlNodePtr cell = rows[k].cell;
        char *printed = cell ? dc_printed(cell) : NULL;
        gfa_dec point, other;
        bool grouped = false;
        if (!printed || !comma_number(printed, &point, &other, &grouped)) {
            free(printed);
            continue;
        }
        int others = numbers - (grouped ? 1 : 0);
        bool column = dotted > 0 && dotted * 2 > others;
        int with_point = dc_identities(rows, n, k, point), without = dc_identities(rows, n, k, other);
        bool take = grouped ? column && with_point == 1 && without == 0
                            : column || with_point == 1;
        long line = xml_attr(cell, "line") ? atol(xml_attr(cell, "line")) : 0;
        long pos = xml_attr(cell, "pos") ? atol(xml_attr(cell, "pos")) : 1;
        if (!take) {
            if (!grouped)
                diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-023", rc->file,
                         line, pos, "table %s: '%s' in column %s is not a number; kept as text",
                         rc->def->id, printed, col);
            free(printed);
            continue;
        }
        char canon[48], alt[48];
        dec_format(point, canon, sizeof canon);
        dec_format(other, alt, sizeof alt);
        rows[k].cell = uncertain_amt(cell, canon, printed, alt);
        diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-060", rc->file, line, pos,
                 "table %s: '%s' in column %s read as %s, its comma a decimal point (%s); "
                 "marked uncertain, %s the other reading",
                 rc->def->id, printed, col, canon,
                 column && with_point == 1 ? "as the column's other values and its sums say"
                 : column ? "as the column's other values say"
                          : "as its sums say",
                 alt);
        free(printed);
    }
}

/* ------------------------------------------------------- OCR'd digits --- */
/* An OCR'd page prints letters for digits (1O5.00, l23.45, 2S.00: schemas/codes/
 * ocr-digits.tsv) and drops decimal points (123456 in a column of 1234.56s). A cell that
 * reads as a number with its letters taken for digits is read so; an integer in a column
 * whose other values have two decimals is read with the point when the column's sums hold
 * so and not as printed. Either value is uncertain: @certain="false", @text as printed,
 * @alternatives its other readings. */

/* The reading of a cell with its OCR letters as digits: its canonical number in canon,
 * its other readings (a letter read as its further digits) space-separated in alts; false
 * unless the text is digits and such letters with at least one of each. */
static bool ocr_reading(const ocr_digits *o, const char *printed, char *canon, size_t cap,
                        char *alts, size_t acap)
{
    char *n = text_nfkc(printed, strlen(printed));
    size_t len = n ? strlen(n) : 0;
    int digits = 0, letters = 0;
    bool ok = n && len < 40;
    for (size_t i = 0; ok && i < len; i++) {
        unsigned char c = (unsigned char)n[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c < 128 && o->digits[c][0])
            letters++;
        else
            ok = c == '.' || c == ',' || (c == '-' && i == 0);
    }
    ok = ok && digits > 0 && letters > 0 && letters <= digits;
    char first[48];
    gfa_dec d;
    if (ok) {
        for (size_t i = 0; i <= len; i++) {
            unsigned char c = (unsigned char)n[i];
            first[i] = c && c < 128 && o->digits[c][0] ? o->digits[c][0] : (char)c;
        }
        ok = dec_parse(first, len, &d) == DEC_OK;
    }
    if (ok) {
        dec_format(d, canon, cap);
        alts[0] = '\0';
        /* each letter read as one of its further digits, the others as their first */
        size_t used = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)n[i];
            for (const char *g = c < 128 && !(c >= '0' && c <= '9') ? o->digits[c] + 1 : "";
                 *g && *o->digits[c]; g++) {
                char other[48], text[48];
                gfa_dec od;
                memcpy(other, first, len + 1);
                other[i] = *g;
                if (dec_parse(other, len, &od) != DEC_OK)
                    continue;
                dec_format(od, text, sizeof text);
                int w = snprintf(alts + used, acap - used, "%s%s", used ? " " : "", text);
                if (w > 0 && (size_t)w < acap - used)
                    used += (size_t)w;
            }
        }
    }
    free(n);
    return ok;
}

/* The OCR misreadings of one column of one part (its rows, their counts: dc_collect). */
static void ocr_column(rctx *rc, dc_row *rows, size_t n, int numbers, int two, const char *col)
{
    for (size_t k = 0; k < n; k++) {
        xmlNodePtr cell = rows[k].cell;
        if (!cell || xml_attr(cell, "certain"))
            continue;
        char *printed = dc_printed(cell);
        char canon[48], alts[160];
        long line = xml_attr(cell, "line") ? atol(xml_attr(cell, "line")) : 0;
        long pos = xml_attr(cell, "pos") ? atol(xml_attr(cell, "pos")) : 1;
        gfa_dec v, pointed;
        if (printed && !xmlStrcmp(cell->name, BAD_CAST "text") &&
            ocr_reading(&rc->ctx->ocr, printed, canon, sizeof canon, alts, sizeof alts)) {
            rows[k].cell = uncertain_amt(cell, canon, printed, alts);
            diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-062", rc->file, line,
                     pos, "table %s: '%s' in column %s read as %s, its letters as the digits "
                     "OCR takes them for; marked uncertain", rc->def->id, printed, col, canon);
        } else if (printed && !xmlStrcmp(cell->name, BAD_CAST "amt") && !strchr(printed, '.') &&
                   !strchr(printed, ',') && two >= 2 && two * 2 > numbers &&
                   dc_value(cell, &v) && v.scale == 0 && !dec_is_zero(v) &&
                   dec_shift(v, -2, &pointed) &&
                   dc_identities(rows, n, k, pointed) == 1 && dc_identities(rows, n, k, v) == 0) {
            /* a dropped decimal point: the column prints two decimals and its sums hold with
             * the point only */
            dec_format(pointed, canon, sizeof canon);
            dec_format(v, alts, sizeof alts);
            rows[k].cell = uncertain_amt(cell, canon, printed, alts);
            diag_add(rc->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-063", rc->file, line,
                     pos, "table %s: '%s' in column %s read as %s, a decimal point dropped (the "
                     "column's values have two decimals and its sums hold so); marked "
                     "uncertain, %s the other reading", rc->def->id, printed, col, canon, alts);
        }
        free(printed);
    }
}

/* Every value column: its decimal commas, then its OCR misreadings. */
static void decimal_commas(rctx *rc)
{
    for (size_t p = 0; p < rc->def->nparts; p++) {
        xmlNodePtr part = rc->parts[p].node;
        for (xmlNodePtr c = part ? part->children : NULL; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "column") &&
                xml_attr(c, "id"))
            {
                const char *col = xml_attr(c, "id");
                size_t n;
                int numbers, dotted, two;
                dc_row *rows = dc_collect(part, col, &n, &numbers, &dotted, &two);
                if (!rows)
                    continue;
                dc_column(rc, rows, n, numbers, dotted, col);
                ocr_column(rc, rows, n, numbers, two, col);
                free(rows);
            }
    }
}

/* ------------------------------------------------------------ the driver --- */

static void free_rctx(rctx *rc)
{
    for (int c = 0; c < MAX_COLS; c++)
        for (int k = 0; k < rc->cols[c].npath; k++)
            free(rc->cols[c].path[k]);
    if (rc->parts)
        for (size_t p = 0; p < rc->def->nparts; p++) {
            free(rc->parts[p].rows);
            free(rc->parts[p].row_groups);
            free(rc->parts[p].used);
        }
    free(rc->parts);
    free(rc->classes);
    strmap_free(rc->keys);
}

/* Steps 1–4: classifies the rows (hdr receives the header rows), builds the header
 * paths, key columns, groups and value columns. */
static size_t analyse(rctx *rc, size_t *hdr)
{
    const gfa_context *ctx = rc->ctx;
    const table_def *def = rc->def;
    const table_grid *g = rc->g;
    const char *file = rc->file;
    gfa_diags *diags = rc->diags;

    /* 1. classify rows; the header is the header rows before the first body row (or,
     * when the table opens with a labelled row as 公开10 does, the first header row). */
    bool body_seen = false;
    size_t nhdr = 0;
    long first_repeat = -1;
    for (size_t r = 0; r < g->nrows; r++) {
        rc->classes[r] = (long)r == rc->header_half ? RC_HEADER : classify(rc, g->rows[r], body_seen);
        if (rc->classes[r] == RC_BODY)
            body_seen = true;
        else if (rc->classes[r] == RC_HEADER && !body_seen)
            hdr[nhdr++] = r;
        else if (rc->classes[r] == RC_HEADER && first_repeat < 0)
            first_repeat = (long)r;
    }
    if (nhdr == 0 && first_repeat >= 0)
        hdr[nhdr++] = (size_t)first_repeat;
    if (nhdr == 0)
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-026", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "table %s: no header row found; columns are taken in the definition's order",
                 def->id);

    /* 2–4. header paths, key columns, groups, value columns */
    build_paths(rc, hdr, nhdr);
    for (size_t r = 0; r < g->nrows; r++)
        if (rc->classes[r] == RC_COLNO) {
            read_colnos(rc, g->rows[r]);
            break;
        }
    if (nhdr == 0) /* no header at all: lay the definition's columns out in order */
        for (size_t p = 0, c = 0; p < def->nparts; p++)
            for (size_t k = 0; k < def->parts[p].nroles + def->parts[p].ncols && (int)c < rc->width; k++, c++) {
                colinfo *ci = &rc->cols[c];
                /* the first label of the key role (common.xml) or of the column */
                const label_set *ls = k < def->parts[p].nroles
                                          ? &ctx->defs.role_labels[def->parts[p].roles[k]]
                                          : &def->parts[p].cols[k - def->parts[p].nroles].labels;
                char *label = ls->count ? strdup(ls->keys[0]) : NULL;
                if (label)
                    ci->path[ci->npath++] = label;
            }
    build_segments(rc);
    assign_segments(rc);
    match_values(rc);
    return nhdr;
}

static rctx *rctx_new(const gfa_context *ctx, const table_def *def, const table_grid *g,
                      int width, const char *file, gfa_diags *diags)
{
    rctx *rc = calloc(1, sizeof *rc);
    if (!rc)
        return NULL;
    rc->ctx = ctx;
    rc->def = def;
    rc->g = g;
    rc->file = file;
    rc->diags = diags;
    rc->header_half = -1;
    rc->keys = strmap_new();
    rc->classes = calloc(g->nrows + 1, sizeof *rc->classes);
    rc->parts = calloc(def->nparts + 1, sizeof *rc->parts);
    bool ok = rc->keys && rc->classes && rc->parts;
    for (size_t p = 0; ok && p < def->nparts; p++)
        ok = (rc->parts[p].used = calloc(def->parts[p].nrows + 1, sizeof(bool))) != NULL;
    rc->width = width;
    for (size_t r = 0; r < g->nrows; r++)
        if (g->rows[r]->ncells > rc->width)
            rc->width = g->rows[r]->ncells;
    rc->width = rc->width < 1 ? 1 : rc->width < MAX_COLS ? rc->width : MAX_COLS;
    if (!ok) {
        free_rctx(rc);
        free(rc);
        return NULL;
    }
    return rc;
}

void recognise_layout(const gfa_context *ctx, const table_def *def, const table_grid *header,
                      int width, key_role *roles, int *parts, int *groups)
{
    for (int c = 0; c < width; c++) {
        roles[c] = ROLE_NONE;
        parts[c] = -1;
        groups[c] = 1;
    }
    rctx *rc = rctx_new(ctx, def, header, width, "", NULL);
    size_t *hdr = calloc(header->nrows + 1, sizeof *hdr);
    if (rc && hdr) {
        analyse(rc, hdr);
        for (int c = 0; c < width && c < rc->width; c++) {
            const segment *sg = &rc->segs[rc->cols[c].seg];
            roles[c] = rc->cols[c].role;
            parts[c] = sg->part;
            groups[c] = sg->group;
        }
    }
    free(hdr);
    if (rc)
        free_rctx(rc);
    free(rc);
}

/* ------------------------------------------------ a row beside the header --- */

/* A row printed level with the header's lowest cells, in one ruled row (the Shanghai
 * template's 合计 row beside the 合计 / 基本支出 / 项目支出 under 本年支出): its first cell
 * names a row and is printed again among its other words, which are all header words (its
 * numbers are the row's). A header prints no label twice in a row, so the first is the
 * row's. Its index among the rows before the first body row, or -1. */
static bool is_value(const gfa_context *ctx, const char *t)
{
    cell_value v = cell_parse(&ctx->vocab, t);
    return v.kind == CELL_NUMBER || v.kind == CELL_NA;
}

static long row_beside_header(const gfa_context *ctx, const table_def *def, const table_grid *g)
{
    for (size_t r = 0; r < g->nrows; r++) {
        const src_line *l = g->rows[r];
        int first = -1, words = 0, vocab = 0;
        bool again = false;
        char *first_key = NULL;
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (!*t)
                continue;
            char *k = cell_key(ctx, l, c);
            if (!k)
                continue;
            if (first < 0) {
                first = c;
                first_key = k;
                continue;
            }
            words += !is_value(ctx, t);
            vocab += !is_value(ctx, t) && in_vocab(ctx, def, k);
            again |= strcmp(k, first_key) == 0;
            free(k);
        }
        free(first_key);
        if (first < 0)
            continue;
        bool label = is_row_label(ctx, def, src_cell_text(l, first));
        if (label && again && words >= 2 && vocab == words)
            return (long)r;
        if (label) /* the body begins */
            return -1;
    }
    return -1;
}

/* The grid with row `at` of row_beside_header as two rows at its line: the header's words,
 * then the row's first cell and numbers. The copies share the texts of g. */
static bool split_beside_header(const gfa_context *ctx, const table_grid *g, size_t at,
                                table_grid *out, const src_line ***rows, src_line halves[2],
                                src_cell **cells)
{
    const src_line *l = g->rows[at];
    *rows = calloc(g->nrows + 1, sizeof **rows);
    *cells = calloc(2 * (size_t)l->ncells + 1, sizeof **cells);
    if (!*rows || !*cells)
        return false;
    halves[0] = halves[1] = *l;
    halves[0].cells = *cells;
    halves[1].cells = *cells + l->ncells;
    bool first = true; /* the row's cell: the first printed */
    for (int c = 0; c < l->ncells; c++) {
        halves[0].cells[c] = halves[1].cells[c] = l->cells[c];
        const char *t = src_cell_text(l, c);
        bool row_cell = (first && *t) || (*t && is_value(ctx, t));
        first &= !*t;
        if (row_cell)
            halves[0].cells[c].text = NULL;
        else
            halves[1].cells[c].text = NULL;
    }
    size_t n = 0;
    for (size_t r = 0; r < g->nrows; r++) {
        if (r == at) {
            (*rows)[n++] = &halves[0];
            (*rows)[n++] = &halves[1];
        } else {
            (*rows)[n++] = g->rows[r];
        }
    }
    out->rows = *rows;
    out->nrows = n;
    return true;
}

/* ------------------------------------------- codes in 类 / 款 / 项 columns --- */

/* The cells a grid of codes printed in three columns is rebuilt with. */
typedef struct joined_grid {
    const src_line **rows;
    src_line *lines;
    src_cell *cells;
    char **texts;
    size_t ntexts;
} joined_grid;

static void joined_grid_free(joined_grid *j)
{
    for (size_t i = 0; i < j->ntexts; i++)
        free(j->texts[i]);
    free(j->texts);
    free(j->cells);
    free(j->lines);
    free(j->rows);
}

/* Does row l print the code-levels words (类, 款, 项) in cells c, c+1, c+2 and nothing
 * else? */
static bool code_levels_row(const gfa_context *ctx, const src_line *l, int c)
{
    const word_list *lv = &ctx->vocab.lists[V_CODE_LEVELS];
    if (lv->count != 3 || c < 0 || c + 2 >= l->ncells)
        return false;
    for (int i = 0; i < l->ncells; i++) {
        if (i >= c && i <= c + 2) {
            char *k = cell_key(ctx, l, i);
            bool is = k && strcmp(k, lv->words[i - c]) == 0;
            free(k);
            if (!is)
                return false;
        } else if (*src_cell_text(l, i)) {
            return false;
        }
    }
    return true;
}

/* A table printing its classification codes in three columns of their own, 类 / 款 / 项
 * (a Word report's "201 | 06 | 01" under a 科目代码 cell spanning them, over a header row
 * 类 款 项): the grid with those columns one, each row's three cells joined ("2010601",
 * "科目代码", "合计"), the 类 款 项 rows (the header's, repeated on continuation pages)
 * left out, so that the table reads as one printed with its codes in one column. */
static bool join_code_columns(const gfa_context *ctx, const table_grid *g, table_grid *out,
                              joined_grid *j)
{
    int at = -1;
    for (size_t r = 0; r < g->nrows && at < 0; r++) {
        const src_line *l = g->rows[r];
        int c = 0;
        while (c < l->ncells && !*src_cell_text(l, c))
            c++;
        if (code_levels_row(ctx, l, c))
            at = c;
    }
    /* and some row prints a 类 code with its 款 beside it ("201" "03"): a table whose
     * codes are whole under such a header keeps its columns */
    bool split = false;
    for (size_t r = 0; at >= 0 && r < g->nrows && !split; r++) {
        const src_line *l = g->rows[r];
        const char *cls = src_cell_text(l, at), *kuan = at + 1 < l->ncells ? src_cell_text(l, at + 1) : "";
        split = strlen(cls) == 3 && strspn(cls, "0123456789") == 3 && strlen(kuan) == 2 &&
                strspn(kuan, "0123456789") == 2;
    }
    if (!split)
        return false;
    size_t ncells = 0;
    for (size_t r = 0; r < g->nrows; r++)
        ncells += (size_t)g->rows[r]->ncells;
    memset(j, 0, sizeof *j);
    j->rows = calloc(g->nrows + 1, sizeof *j->rows);
    j->lines = calloc(g->nrows + 1, sizeof *j->lines);
    j->cells = calloc(ncells + 1, sizeof *j->cells);
    j->texts = calloc(g->nrows + 1, sizeof *j->texts);
    if (!j->rows || !j->lines || !j->cells || !j->texts) {
        joined_grid_free(j);
        return false;
    }
    size_t n = 0, used = 0;
    for (size_t r = 0; r < g->nrows; r++) {
        const src_line *l = g->rows[r];
        if (code_levels_row(ctx, l, at))
            continue;
        src_line *nl = &j->lines[n];
        *nl = *l;
        nl->cells = j->cells + used;
        nl->ncells = 0;
        for (int c = 0; c < l->ncells; c++) {
            if (c <= at || c > at + 2) {
                nl->cells[nl->ncells++] = l->cells[c];
                continue;
            }
            /* the 款 and 项 cells go on the 类 cell's text */
            const char *more = src_cell_text(l, c);
            if (!*more)
                continue;
            src_cell *to = &nl->cells[at];
            size_t had = to->text ? strlen(to->text) : 0;
            char *t = malloc(had + strlen(more) + 1);
            if (!t) {
                joined_grid_free(j);
                return false;
            }
            memcpy(t, to->text ? to->text : "", had);
            strcpy(t + had, more);
            if (!had) {
                to->pos = l->cells[c].pos;
                to->at = l->cells[c].at;
            }
            if (to->text && j->ntexts && j->texts[j->ntexts - 1] == to->text)
                free(j->texts[--j->ntexts]);
            to->text = t;
            j->texts[j->ntexts++] = t;
        }
        used += (size_t)nl->ncells;
        j->rows[n++] = nl;
    }
    out->rows = j->rows;
    out->nrows = n;
    return true;
}

void recognise_table(const gfa_context *ctx, const table_def *def, const table_grid *g,
                     xmlNodePtr table, const char *file, gfa_diags *diags)
{
    table_grid split;
    const src_line **split_rows = NULL;
    src_line halves[2];
    src_cell *split_cells = NULL;
    table_grid joined;
    joined_grid jg = {0};
    if (join_code_columns(ctx, g, &joined, &jg))
        g = &joined;
    long beside = row_beside_header(ctx, def, g);
    bool halved = beside >= 0 &&
                  split_beside_header(ctx, g, (size_t)beside, &split, &split_rows, halves, &split_cells);
    if (halved)
        g = &split;
    rctx *rc = rctx_new(ctx, def, g, 0, file, diags);
    if (rc && halved)
        rc->header_half = beside;
    size_t *hdr = calloc(g->nrows + 1, sizeof *hdr);
    if (!rc || !hdr)
        goto out;
    rc->table = table;
    size_t nhdr = analyse(rc, hdr);

    /* output: printed header, parts with columns, rows */
    xmlNodePtr header = NULL;
    for (size_t r = 0; r < g->nrows; r++) {
        bool in_header = false;
        for (size_t k = 0; k < nhdr; k++)
            in_header |= hdr[k] == r;
        if (rc->classes[r] == RC_COLNO || in_header) {
            if (!header)
                header = xml_child(table, "header", NULL);
            write_header(rc, header, g->rows[r], rc->classes[r] == RC_COLNO);
            rc->classes[r] = RC_EMPTY; /* consumed */
        }
    }
    write_parts(rc);
    xmlNodePtr *line_rows = calloc(MAX_COLS, sizeof *line_rows);
    xmlNodePtr repeats = NULL;
    for (size_t r = 0; line_rows && r < g->nrows; r++) {
        if (rc->classes[r] == RC_HEADER) { /* a header repeated on a continuation page */
            if (!repeats)
                repeats = xmlNewDocNode(table->doc, table->ns, BAD_CAST "repeats", NULL);
            write_header(rc, repeats, g->rows[r], false);
            continue;
        }
        if (rc->classes[r] != RC_BODY)
            continue;
        int nline_rows = 0;
        for (int s = 0; s < rc->nsegs; s++)
            body_segment(rc, g->rows[r], &rc->segs[s], line_rows, &nline_rows);
        /* cells beyond the widest known column */
        if (g->rows[r]->ncells > rc->width) {
            xmlNodePtr u = xml_child(table, "unrecognised", g->rows[r]->text);
            xml_set_long(u, "line", g->rows[r]->no);
            xml_set(u, "reason", "more than 256 cells in a row");
            diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-029", file,
                     g->rows[r]->no, 1,
                     "table %s: a row of more than %d cells; kept in an <unrecognised> block",
                     def->id, MAX_COLS);
        }
    }
    free(line_rows);
    attach_rows(rc);
    decimal_commas(rc);
    if (rc->placeholders)
        diag_add(diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-061", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "table %s: %d value cell(s) printed as template placeholders (XX): the "
                 "table's structure, no amounts",
                 def->id, rc->placeholders);
    if (repeats) { /* repeated header rows follow the parts (schema order) */
        for (xmlNodePtr c = repeats->children; c;) {
            xmlNodePtr next = c->next;
            xmlUnlinkNode(c);
            xmlAddChild(table, c);
            c = next;
        }
        xmlFreeNode(repeats);
    }
out:
    free(hdr);
    if (rc)
        free_rctx(rc);
    free(rc);
    free(split_rows);
    free(split_cells);
    joined_grid_free(&jg);
}

/* ------------------------------------------------------------ picking --- */

static int header_fit(const gfa_context *ctx, const table_def *def, const table_grid *g)
{
    int score = 0;
    for (size_t r = 0; r < g->nrows && r < 4; r++) {
        const src_line *l = g->rows[r];
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            if (!*t)
                continue;
            char *k = text_key(&ctx->variants, t, strlen(t));
            if (k && in_vocab(ctx, def, k))
                score++;
            free(k);
        }
    }
    return score;
}

static bool title_matches(const table_def *def, const char *title_key)
{
    for (size_t i = 0; i < def->titles.count; i++) {
        const char *t = def->titles.keys[i];
        if (def->title_suffix ? str_ends(title_key, t) : strcmp(title_key, t) == 0)
            return true;
    }
    return false;
}

/* A printed table number is the definition's (公開01 is 公开01). */
static bool same_number(const gfa_context *ctx, const char *number, const char *def_number)
{
    size_t n = strlen(def_number);
    return strlen(number) == n && text_match_simplified(&ctx->variants, number, def_number, n);
}

/* The best definition by title (pass 0) or, when no title fits, by the printed number
 * alone (pass 1, a retitled table); only the set `only` when given (by title). */
static const table_def *pick(const gfa_context *ctx, const char *title_key, const char *number,
                             const table_grid *g, const char *prefer_variant, const char *only)
{
    const table_def *best = NULL;
    int best_score = -1000;
    for (int pass = 0; pass < (only ? 1 : 2) && !best; pass++) {
        for (size_t i = 0; i < ctx->defs.count; i++) {
            const table_def *def = &ctx->defs.tables[i];
            /* includes are the set's copies of tables defined elsewhere: chosen through
             * their set only */
            if (only ? strcmp(def->variant, only) != 0 : def->borrowed)
                continue;
            if (pass == 0 ? !title_matches(def, title_key)
                          : !(number && def->number && same_number(ctx, number, def->number)))
                continue;
            int score = def->kind == TABLE_STANDARD ? header_fit(ctx, def, g) : 0;
            if (number && def->number)
                score += same_number(ctx, number, def->number) ? 100 : -50;
            else if (number && !def->number)
                score -= 30;
            else if (!number && def->number) /* national tables print 公开NN; a table without
                                                one fits a variant that has none better */
                score -= 20;
            if (prefer_variant && strcmp(prefer_variant, def->variant) == 0)
                score += 5;
            if (score > best_score) {
                best_score = score;
                best = def;
            }
        }
    }
    return best;
}

const table_def *recognise_pick(const gfa_context *ctx, const char *title_key,
                                const char *number, const table_grid *g,
                                const char *prefer_variant)
{
    return pick(ctx, title_key, number, g, prefer_variant, NULL);
}

const table_def *recognise_pick_in(const gfa_context *ctx, const char *variant,
                                   const char *title_key, const char *number, const table_grid *g)
{
    return pick(ctx, title_key, number, g, NULL, variant);
}

/* The table set a report was printed in, from the titles and numbers of its tables and
 * its year (issue 10). Titles are shared between sets (收入决算表 is in all of them), so a
 * table alone cannot say; the set that explains most of the report's tables can. Each
 * title a set has counts 10, and its number a little: +1 when the set numbers the table
 * as printed, -1 when only one of them has a number, -2 when they differ (the 2016–2019
 * set prints 三公 as 公开07, the 2024 set as 公开09). A set made for the report's year
 * counts 5 more (a truncated 2024 report is the national set's, not that of 2016–2019);
 * between equals, the set with fewer tables the report does not print wins (the Shanghai
 * template is Shanghai's, not Sichuan's, whose tables include all of Shanghai's), then the
 * set loaded first. Fewer than three of a set's tables say too little: no set is chosen,
 * and each table is picked by its own title, number and header (recognise_pick). */
typedef struct set_score {
    const char *variant;
    int score, missing, printed;
} set_score;

static int number_fit(const gfa_context *ctx, const char *printed, const char *def_number)
{
    if (printed && def_number)
        return same_number(ctx, printed, def_number) ? 1 : -2;
    return printed || def_number ? -1 : 0;
}

const char *recognise_set(const gfa_context *ctx, const char *const *titles,
                          const char *const *numbers, size_t n, int year)
{
    set_score sets[64];
    size_t nsets = 0;
    for (size_t d = 0; d < ctx->defs.count; d++) {
        const table_def *def = &ctx->defs.tables[d];
        if (def->kind != TABLE_STANDARD)
            continue;
        size_t s = 0;
        while (s < nsets && strcmp(sets[s].variant, def->variant) != 0)
            s++;
        if (s == nsets) {
            if (nsets == ARRAY_LEN(sets))
                continue;
            bool in_years = year > 0 && def->year_from > 0 && year >= def->year_from &&
                            (def->year_to == 0 || year <= def->year_to);
            sets[nsets++] = (set_score){def->variant, in_years ? 5 : 0, 0, 0};
        }
        bool printed = false;
        int best = 0;
        for (size_t i = 0; i < n; i++) {
            if (!title_matches(def, titles[i]))
                continue;
            int fit = 10 + number_fit(ctx, numbers[i], def->number);
            best = printed && best > fit ? best : fit;
            printed = true;
        }
        sets[s].score += best;
        sets[s].missing += !printed;
        sets[s].printed += printed;
    }
    const set_score *win = NULL;
    for (size_t s = 0; s < nsets; s++)
        if (sets[s].printed >= 3 && /* a fragment of two tables says too little */
            (!win || sets[s].score > win->score ||
             (sets[s].score == win->score && sets[s].missing < win->missing)))
            win = &sets[s];
    return win ? win->variant : NULL;
}

/* --------------------------------------------------------- unknown tables --- */

/* The classification code a row of a table no definition describes starts with: one cell
 * ("2010301", "201 06 01" as one cell) or 类, 款 and 项 in cells of their own ("201" "06"
 * "01"); its cells in *ncells, "" when none. */
static void leading_code(const gfa_context *ctx, const src_line *l, char code[16], int *ncells)
{
    code[0] = '\0';
    *ncells = 0;
    char *k = text_key(&ctx->variants, src_cell_text(l, 0), strlen(src_cell_text(l, 0)));
    char cls[4] = "";
    if (k && is_code(k, AXIS_FUNCTION))
        memcpy(cls, k, 3);
    /* a number of three, five or seven digits is a code when its 类 is a known one */
    if (*cls && (code_list_find(&ctx->function_codes, cls) || code_list_find(&ctx->economic_codes, cls))) {
        str_copy(code, 16, k);
        *ncells = 1;
        if (strlen(k) == 3) /* 类 "201" then 款 "06", 项 "01" in the cells after it */
            for (int c = 1; c < 3 && c < l->ncells; c++) {
                const char *t = src_cell_text(l, c);
                if (strlen(t) != 2 || t[0] < '0' || t[0] > '9' || t[1] < '0' || t[1] > '9' ||
                    strlen(code) != (size_t)(1 + 2 * c))
                    break;
                strcat(code, t);
                *ncells = c + 1;
            }
    }
    free(k);
}

void recognise_unknown(const gfa_context *ctx, const table_grid *g, xmlNodePtr table,
                       const char *file, gfa_diags *diags)
{
    /* No definition: every row becomes a row of a generic part, every cell a column
     * x<cell>. A row that starts with a classification code is keyed by it (its code cells
     * are text, not amounts) and carries @code and @level; the row labelled 合计 is keyed
     * "total": what the hierarchy rules of unknown tables check (issue 10). */
    int width = 1;
    for (size_t r = 0; r < g->nrows; r++)
        if (g->rows[r]->ncells > width)
            width = g->rows[r]->ncells < MAX_COLS ? g->rows[r]->ncells : MAX_COLS;
    xmlNodePtr part = xml_child(table, "part", NULL);
    xml_set(part, "id", "main");
    xml_set(part, "axis", "fixed");
    for (int c = 0; c < width; c++) {
        xmlNodePtr col = xml_child(part, "column", NULL);
        char id[16];
        snprintf(id, sizeof id, "x%d", c + 1);
        xml_set(col, "id", id);
        xml_set(col, "label", g->nrows ? src_cell_text(g->rows[0], c) : "");
        xml_set_long(col, "cells", c + 1);
    }
    strmap *keys = strmap_new();
    for (size_t r = 0; r < g->nrows; r++) {
        const src_line *l = g->rows[r];
        xmlNodePtr row = xml_child(part, "row", NULL);
        char key[32], code[16];
        int ncode = 0;
        leading_code(ctx, l, code, &ncode);
        int first = 0; /* the first printed cell: a total row's label */
        while (first < l->ncells && !*src_cell_text(l, first))
            first++;
        char *label = first < l->ncells ? cell_key(ctx, l, first) : NULL;
        bool total = !ncode && label && words_is(&ctx->vocab.lists[V_TOTAL_ROW], label);
        free(label);
        const char *want = ncode ? code : total ? "total" : NULL;
        if (want && keys && !strmap_get(keys, want, NULL))
            str_copy(key, sizeof key, want);
        else
            snprintf(key, sizeof key, "r%ld", l->no);
        if (keys)
            strmap_put(keys, key, 1);
        xml_set(row, "key", key);
        if (ncode) {
            xml_set(row, "code", code);
            xml_set_long(row, "level", strlen(code) == 3 ? 1 : strlen(code) == 5 ? 2 : 3);
        }
        if (total && !strcmp(key, "total"))
            xml_set(row, "total", "true");
        xml_set_long(row, "line", l->no);
        for (int c = 0; c < l->ncells && c < width; c++) {
            const char *t = src_cell_text(l, c);
            cell_value v = c < ncode ? (cell_value){.kind = CELL_TEXT} : cell_parse(&ctx->vocab, t);
            xmlNodePtr cell = v.kind == CELL_NUMBER ? xml_child(row, "amt", v.canon)
                              : v.kind == CELL_NA   ? xml_child(row, "na", NULL)
                              : v.kind == CELL_TEXT ? xml_child(row, "text", t)
                                                    : xml_child(row, "blank", NULL);
            if ((v.kind == CELL_NUMBER && strcmp(v.canon, t) != 0) || v.kind == CELL_NA)
                xml_set(cell, "text", t);
            char id[16];
            snprintf(id, sizeof id, "x%d", c + 1);
            xml_set(cell, "col", id);
            xml_set_long(cell, "line", l->no);
            xml_set_long(cell, "pos", l->cells[c].pos);
            xml_set_long(cell, "cell", c + 1);
        }
    }
    strmap_free(keys);
    diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-027", file,
             g->nrows ? g->rows[0]->no : 0, 1,
             "a table that no definition describes: kept cell by cell with generic columns "
             "(add a definition under schemas/tables/ to read it properly)");
}

/* For the layout engine, which finds table regions by their titles. */
bool recognise_title_matches(const table_def *def, const char *title_key)
{
    return title_matches(def, title_key);
}
