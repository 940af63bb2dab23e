/* perf.c — 项目支出绩效自评表 (project performance self-evaluation forms).
 *
 * These are forms, not tables: their layout shifts from project to project (extra
 * columns, labels in the wrong cell, OCR damage). So every printed row is kept verbatim in
 * <grid>, and the fields a validator needs are interpreted on top, each flagged
 * certain="false" where the reader had to guess. The words that introduce each field are
 * data (the <field> labels of the performance definition).
 *
 * The reader's stages, one file each (their shared types and calls: perf_internal.h):
 *   perf_compact.c   forms read from flattened text (a line's words are its cells): the
 *                    project, the header's codes, funds rows and their numbers wrapped
 *                    around them, goals, a compact row's values and indicator rows;
 *   perf_analysis.c  the analysis block of a compact form (topics wrapped among their texts);
 *   perf_flat.c      indicator rows of a flattened form: cells of two lines centred on a
 *                    scored row, tails below, name stacks;
 *   perf_aligned.c   cells begun above a row and ended below it, matched word by word (thin
 *                    rows, cut values, stacked values, signs and names, value columns);
 *   perf_reading.c   indicator rows in reading order (pdftotext -raw);
 *   perf.c           (this file) the context and the field labels, funds and goal rows, the
 *                    grid written, a flattened form's reasons, the entry point perf_read. */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum perf_mode { MODE_NONE, MODE_FUNDS, MODE_GOALS, MODE_INDICATORS, MODE_ANALYSIS } perf_mode;

/* The text's key without trailing colons (pc->memo's, until the next text), and the field
 * it is to be compared with (NULL when the definition has no such field or the text is
 * empty). */
const char *perf_field_key(const perf_ctx *pc, const char *field, const char *text,
                           const form_field **f)
{
    *f = table_def_field(pc->def, field);
    if (!*f || !*text)
        return NULL;
    key_memo *m = pc->memo;
    if (m->text && !strcmp(m->text, text))
        return m->key;
    free(m->text);
    free(m->key);
    m->text = strdup(text);
    m->key = m->text ? text_key(pc->vocab->variants, text, strlen(text)) : NULL;
    if (!m->key) {
        free(m->text);
        m->text = NULL;
        return NULL;
    }
    size_t n = strlen(m->key);
    while (n > 0 && m->key[n - 1] == ':')
        m->key[--n] = '\0';
    return m->key;
}

/* Is the text one of the labels of a form field? Trailing colons do not matter. */
bool perf_is_field(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = perf_field_key(pc, field, text, &f);
    return k && label_set_has(&f->labels, k);
}

/* A label printed over two cells ("总 分": a flattened text cuts it at the blank): is the
 * text of cells c and c+1 together one of the field's labels? */
bool perf_is_field2(const perf_ctx *pc, const char *field, const src_line *l, int c)
{
    if (c < 0 || c + 1 >= l->ncells || !*src_cell_text(l, c) || !*src_cell_text(l, c + 1))
        return false;
    char *both = NULL;
    if (asprintf(&both, "%s%s", src_cell_text(l, c), src_cell_text(l, c + 1)) < 0)
        return false;
    bool yes = perf_is_field(pc, field, both);
    free(both);
    return yes;
}

int perf_next_nonempty(const src_line *l, int from)
{
    for (int c = from; c < l->ncells; c++)
        if (*src_cell_text(l, c))
            return c;
    return -1;
}

xmlNodePtr perf_new_el(perf_ctx *pc, const char *name, long line)
{
    xmlNodePtr n = xmlNewDocNode(pc->doc, pc->ns, BAD_CAST name, NULL);
    xml_set_long(n, "line", line);
    return n;
}

/* "002001-阳城县人民政府办公室" → code and name. */
xmlNodePtr perf_coded_name(perf_ctx *pc, const char *el, const char *text, long line)
{
    xmlNodePtr n = perf_new_el(pc, el, line);
    size_t d = 0;
    while (text[d] >= '0' && text[d] <= '9')
        d++;
    const char *rest = text + d;
    size_t fw = 0;
    if (d > 0 && (*rest == '-' || text_fullwidth_ascii(rest, &fw) == '-' || str_starts(rest, "—"))) {
        char *code = xstrndup(text, d);
        xml_set(n, "code", code);
        free(code);
        rest += (*rest == '-') ? 1 : 3;
        xml_set(n, "name", rest);
    } else {
        xml_set(n, "name", text);
    }
    return n;
}

bool perf_is_number(const perf_ctx *pc, const char *t)
{
    return cell_parse(pc->vocab, t).kind == CELL_NUMBER;
}

/* A funds row's source in a row rebuilt from text may carry a header word printed right
 * above it (目标申报数) or the next block's label right below it (项目年度绩效目标): the
 * key of the source without them, or NULL when there is none to take off. */
static char *bare_source(const perf_ctx *pc, const char *label)
{
    static const char *const after[] = {"goals", "indicators", "analysis", "total_score"};
    char *k = text_key(pc->vocab->variants, label, strlen(label));
    bool cut = false;
    for (size_t f = 0; k && f < (size_t)FUND_NUMBERS + ARRAY_LEN(after); f++) {
        bool head = f < (size_t)FUND_NUMBERS;
        const form_field *ff = table_def_field(pc->def, head ? FUND_FIELDS[f] : after[f - (size_t)FUND_NUMBERS]);
        for (size_t i = 0; ff && i < ff->labels.count; i++) {
            const char *w = ff->labels.keys[i];
            size_t n = strlen(k), m = strlen(w);
            if (n <= m)
                continue;
            if (head && !strncmp(k, w, m)) {
                memmove(k, k + m, n - m + 1);
                cut = true;
            } else if (!head && !strcmp(k + n - m, w)) {
                k[n - m] = '\0';
                cut = true;
            }
        }
    }
    if (!cut) {
        free(k);
        return NULL;
    }
    return k;
}

static void fund_row(perf_ctx *pc, const src_line *l)
{
    perf_fund_row_as(pc, l, NULL, NULL);
}

/* A funds row; source and why (when not NULL) are the source and the reason as gathered
 * from the lines around it (a flattened text's wrapped cells). */
void perf_fund_row_as(perf_ctx *pc, const src_line *l, const char *source, const char *why)
{
    const char *const *names = FUND_FIELDS;
    int num_at[32], n = 0, label_at = -1, last_num = -1;
    char *glued = NULL; /* "10.00 无": a laid-out row's last number glued to its reason */
    const char *glued_why = NULL;
    for (int c = 0; c < l->ncells; c++) {
        const char *t = src_cell_text(l, c);
        if (!*t)
            continue;
        const char *sp = pc->compact && n > 0 && !glued ? strchr(t, ' ') : NULL;
        char *head = sp ? xstrndup(t, (size_t)(sp - t)) : NULL;
        if (head && perf_is_number(pc, head) && !perf_is_number(pc, t) && n < 32) {
            glued = head;
            glued_why = sp + strspn(sp, " ");
            num_at[n++] = c;
            last_num = c;
            continue;
        }
        free(head);
        if (perf_is_number(pc, t)) {
            if (n < 32)
                num_at[n++] = c;
            last_num = c;
        } else if (n == 0 && label_at < 0) {
            label_at = c;
        }
    }
    if (n == 0)
        return; /* a sub-header of the funds block */
    /* a row one number short holding a word of digits that begins with a 0 (000): no
     * number prints so, two narrow cells drawn touching do (a balance 0 and a rate 00,
     * pdftotext -raw of a spreadsheet): the 0, then the rest */
    const char *num_text[33] = {0};
    int zeros = -1;
    for (int k = 0; pc->compact && n == FUND_NUMBERS - 1 && k < n - 1; k++) {
        const char *t = src_cell_text(l, num_at[k]);
        if (t[0] == '0' && t[1] && strspn(t, "0123456789") == strlen(t))
            zeros = zeros < 0 ? k : -2;
    }
    if (zeros >= 0) {
        memmove(num_at + zeros + 1, num_at + zeros, (size_t)(n - zeros) * sizeof *num_at);
        num_text[zeros] = "0";
        num_text[zeros + 1] = src_cell_text(l, num_at[zeros]) + 1;
        n++;
    }
    if (glued && !why && perf_next_nonempty(l, last_num + 1) < 0)
        why = glued_why;
    if (!pc->funds)
        pc->funds = perf_new_el(pc, "funds", l->no);
    xmlNodePtr fund = xml_child(pc->funds, "fund", NULL);
    const char *label = source ? source : label_at >= 0 ? src_cell_text(l, label_at) : "";
    char *bare = pc->compact ? bare_source(pc, label) : NULL;
    if (bare && *bare)
        label = bare;
    xml_set(fund, "source", label);
    if (perf_is_field(pc, "fund_total", label))
        xml_set(fund, "total", "true");
    /* Map from the right: 全年预算数, 全年执行数, 结余, 执行率, 得分 are always the last five;
     * 目标申报数 and 预算编制数 lead. Any other count is a guess. */
    int field_of[32];
    for (int k = 0; k < n; k++)
        field_of[k] = -1;
    for (int k = 0; k < 5 && k < n; k++)
        field_of[n - 1 - k] = FUND_NUMBERS - 1 - k;
    for (int k = 0; k < 2 && k < n - 5; k++)
        field_of[k] = k;
    if (n != FUND_NUMBERS) {
        xml_set(fund, "certain", "false");
        diag_add(pc->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-READ-050", pc->file, l->no, 1,
                 "performance form: a funds row with %d numbers (%d expected); fields were "
                 "placed from the right and marked uncertain",
                 n, FUND_NUMBERS);
    }
    for (int k = 0; k < n; k++) {
        if (field_of[k] < 0)
            continue;
        const char *t = num_text[k]                     ? num_text[k]
                        : num_at[k] == last_num && glued ? glued
                                                         : src_cell_text(l, num_at[k]);
        cell_value v = cell_parse(pc->vocab, t);
        xmlNodePtr a = xml_child(fund, "amt", v.canon);
        xml_set(a, "field", names[field_of[k]]);
        xml_set_long(a, "line", l->no);
        xml_set_long(a, "pos", l->cells[num_at[k]].pos);
        xml_set_long(a, "cell", num_at[k] + 1);
        if (strcmp(v.canon, t) != 0)
            xml_set(a, "text", t);
        /* a number that reads two ways (49,908; a rate of 00) is uncertain, with the
         * other reading: never a 1,000× amount as if it were sure */
        char alt[64];
        if (dec_printed_alternative(t, !strcmp(names[field_of[k]], "rate"), alt, sizeof alt)) {
            xml_set(a, "certain", "false");
            xml_set(a, "alternatives", alt);
        }
    }
    int reason = perf_next_nonempty(l, last_num + 1);
    if (why && *why)
        xml_child(fund, "reason", why);
    else if (!why && reason >= 0)
        xml_child(fund, "reason", src_cell_text(l, reason));
    xml_set_long(fund, "line", l->no);
    free(bare);
    free(glued);
}

static void write_grid(perf_ctx *pc, xmlNodePtr perf)
{
    xmlNodePtr grid = xml_child(perf, "grid", NULL);
    for (size_t r = 0; r < pc->g->nrows; r++) {
        const src_line *l = pc->g->rows[r];
        xmlNodePtr row = xml_child(grid, "r", NULL);
        xml_set_long(row, "cells", l->ncells);
        xml_set_long(row, "line", l->no);
        for (int c = 0; c < l->ncells; c++) {
            if (!*src_cell_text(l, c))
                continue;
            xmlNodePtr cell = xml_child(row, "c", src_cell_text(l, c));
            xml_set_long(cell, "pos", l->cells[c].pos);
            xml_set_long(cell, "cell", c + 1);
        }
    }
}

/* A flattened form's reason (偏差原因分析) wrapped a few characters a line in its narrow column,
 * its pieces on lines of their own or last on the lines of the values beside them (因支 / 付系 /
 * ≤2000 统提 / 成本指标 下乡调研费 ≤元 197122.33 1.5 1.1 / 前结 / 00 元 / 束导 / 致。): taken out of
 * the lines, so that no piece reads as a row or a cell of one, and kept as its row's reason.
 * A piece is a short text (four characters at most), a line's only or last word, not a unit
 * after digits alone (00 元); read upwards from one that ends a sentence, the pieces fill their
 * width alike (the last may be shorter), the lines between them hold values or numbers only
 * beside them, and they span one scored row, whose reason they are. */
typedef struct reason_notes {
    long line[16]; /* the scored row's line */
    char *text[16];
    int n;
} reason_notes;

static bool has_reason(xmlNodePtr ind)
{
    for (xmlNodePtr c = ind->children; c; c = c->next)
        if (xml_is(c, "reason"))
            return true;
    return false;
}

static int reason_piece(const perf_ctx *pc, const src_line *l)
{
    int at[16];
    int n = perf_words(l, at, 16);
    if (n < 1 || n > 16)
        return -1;
    const char *t = src_cell_text(l, at[n - 1]);
    if (perf_looks_like_value(pc, t) || !perf_fragment_word(pc, t) || perf_level_label(pc, t) ||
        strpbrk(t, "0123456789") || utf8_chars(t, strlen(t)) > 4)
        return -1;
    if (n == 2 && strspn(src_cell_text(l, at[0]), "0123456789") == strlen(src_cell_text(l, at[0])))
        return -1; /* 00 元: a value's end */
    return at[n - 1];
}

/* Does word t of row k end a value the form knows begun by a word one or two lines above
 * (达成预期 / 时效指标 及时 10 10 / 时性 目标)? */
static bool ends_value_above(const perf_ctx *pc, size_t k, const char *t)
{
    bool yes = false;
    for (size_t up = 1; up <= 2 && up <= k && !yes; up++) {
        char *u[8];
        int nu = perf_glued_words(pc->g->rows[k - up], u, 8);
        for (int i = 0; i < nu && !yes; i++)
            yes = perf_completes_known(pc, u[i], t);
        perf_free_words(u, nu);
    }
    return yes;
}

/* Does line l hold a value or a number (a row's line, or a value's piece)? */
static bool holds_values(const perf_ctx *pc, const src_line *l)
{
    for (int c = 0; c < l->ncells; c++)
        if (*src_cell_text(l, c) && (perf_looks_like_value(pc, src_cell_text(l, c)) ||
                                     strpbrk(src_cell_text(l, c), "0123456789")))
            return true;
    return false;
}

static void take_reasons(perf_ctx *pc, size_t from, halves_grid *h, reason_notes *notes)
{
    const table_grid *g = pc->g;
    memset(h, 0, sizeof *h);
    notes->n = 0;
    for (size_t e = from; e < g->nrows && notes->n < 16; e++) {
        int ce = reason_piece(pc, g->rows[e]);
        if (ce < 0 || !perf_ends_sentence(pc, src_cell_text(g->rows[e], ce)))
            continue;
        size_t lines[12];
        int cells[12], np = 0, scored = 0;
        long width = -1, scored_line = -1;
        lines[np] = e;
        cells[np++] = ce;
        for (size_t k = e; k-- > from && k + 10 > e && np < 12;) {
            const src_line *l = g->rows[k];
            if (perf_scored_row(pc, l)) { /* a scored row without a piece beside it */
                if (scored > 0)
                    break; /* the row above's */
                scored++;
                scored_line = (long)k;
                continue;
            }
            /* above the reason's row, a line that is the lower half of the cells around the
             * scored row over it is that row's (培训及 达成预期 / 时效指标 及时 10 10 / 时性 目标
             * over 因支 / 付系 …) */
            if (scored > 0 && k >= 1 && perf_halves_around(pc, k - 1))
                break;
            int c = reason_piece(pc, l);
            long chars = c >= 0 ? (long)utf8_chars(src_cell_text(l, c), strlen(src_cell_text(l, c))) : 0;
            if (c >= 0 && perf_ends_sentence(pc, src_cell_text(l, c)))
                break; /* the reason before ends here */
            if (c >= 0 && ends_value_above(pc, k, src_cell_text(l, c)))
                break; /* a value's end (达成预期 / … / 目标), no reason's */
            if (c >= 0 && (width < 0 || chars == width)) {
                int at[16];
                int n = perf_words(l, at, 16);
                /* a scored row with its piece after its weight and score */
                if (n >= 3 && perf_is_number(pc, src_cell_text(l, at[n - 2])) &&
                    perf_is_number(pc, src_cell_text(l, at[n - 3]))) {
                    if (scored > 0)
                        break;
                    scored++;
                    scored_line = (long)k;
                }
                width = chars;
                lines[np] = k;
                cells[np++] = c;
            } else if (c < 0 && holds_values(pc, l)) {
                continue;
            } else {
                break;
            }
        }
        long last_chars = (long)utf8_chars(src_cell_text(g->rows[e], ce), strlen(src_cell_text(g->rows[e], ce)));
        /* the last piece no wider, but for its sentence's mark, which may hang past the
         * line's end (导致。 under 变更) */
        if (scored != 1 || np < 3 || last_chars > width + 1)
            continue;
        /* the scored row must lie between the first piece and the last */
        if (scored_line < (long)lines[np - 1] || scored_line > (long)e)
            continue;
        if (!h->g.rows) {
            if (!(h->g.rows = malloc(g->nrows * sizeof *h->g.rows)))
                return;
            memcpy(h->g.rows, g->rows, g->nrows * sizeof *g->rows);
            h->g.nrows = g->nrows;
        }
        strbuf sb;
        sb_init(&sb);
        for (int k = np; k-- > 0;)
            sb_adds(&sb, src_cell_text(g->rows[lines[k]], cells[k]));
        /* copies of its lines first: all or none (a form of many reasons may run out) */
        src_line *copies[12];
        int nco = 0;
        for (; nco < np && (copies[nco] = perf_halves_line(h, lines[nco], 0)) != NULL; nco++)
            ;
        if (nco < np) {
            sb_free(&sb);
            break;
        }
        static char none[] = "";
        for (int k = 0; k < np; k++)
            copies[k]->cells[cells[k]].text = none;
        notes->line[notes->n] = g->rows[scored_line]->no;
        notes->text[notes->n++] = sb_take(&sb);
    }
    if (!h->g.rows)
        return;
    /* the lines left empty go */
    size_t kept = 0;
    for (size_t r = 0; r < h->g.nrows; r++)
        if (r < from || perf_next_nonempty(h->g.rows[r], 0) >= 0)
            h->g.rows[kept++] = h->g.rows[r];
    h->g.nrows = kept;
}

/* Is a label of the field printed on a row with nothing beside it? */
static bool bare_label(const perf_ctx *pc, const char *field)
{
    for (size_t r = 0; r < pc->g->nrows; r++) {
        const src_line *l = pc->g->rows[r];
        int first = perf_next_nonempty(l, 0);
        if (first >= 0 && perf_next_nonempty(l, first + 1) < 0 && perf_is_field(pc, field, src_cell_text(l, first)))
            return true;
    }
    return false;
}

/* Does a title key begin with the tail of another form's title: do the two end alike in more
 * than the definition's title word ("…维护项目支出绩效自评表" after "…设备维护项目支出绩效自评表":
 * a long title drawn over the page's edge goes on at the top of the next column page)? */
static bool title_tail_of(const table_def *def, const char *key, const char *before)
{
    size_t word = 0;
    for (size_t i = 0; i < def->titles.count; i++) {
        size_t n = strlen(def->titles.keys[i]);
        if (n > word && str_ends(key, def->titles.keys[i]))
            word = n;
    }
    size_t a = strlen(key), b = strlen(before), n = 0;
    while (n < a && n < b && key[a - 1 - n] == before[b - 1 - n])
        n++;
    while (n > 0 && n < a && ((unsigned char)key[a - n] & 0xC0) == 0x80)
        n--; /* to the first byte of a character */
    return word > 0 && n > word;
}

/* Does any cell of the form begin with the field's label? */
static bool has_label(const perf_ctx *pc, const char *field)
{
    for (size_t r = 0; r < pc->g->nrows; r++)
        for (int c = 0; c < pc->g->rows[r]->ncells; c++)
            if (perf_starts_field(pc, field, src_cell_text(pc->g->rows[r], c)))
                return true;
    return false;
}

int perf_read(const gfa_context *ctx, const table_def *def, const table_grid *g, xmlNodePtr perf,
              const char *file, gfa_diags *diags, const perf_source *src)
{
    perf_ctx pc;
    memset(&pc, 0, sizeof pc);
    key_memo memo = {NULL, NULL};
    pc.memo = &memo;
    pc.vocab = &ctx->vocab;
    pc.def = def;
    pc.g = g;
    pc.ns = perf->ns;
    pc.doc = perf->doc;
    pc.file = file;
    pc.diags = diags;
    if (src && src->no_positions && src->band_of && src->band_key && src->title_key &&
        !has_label(&pc, "project") && title_tail_of(def, src->title_key, src->band_key)) {
        /* a text without positions: the pages after a form whose labels stood alone, the
         * first beginning with its title's tail, are its further columns, not a form */
        write_grid(&pc, perf);
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: these lines begin with the tail of the title of the form at "
                 "line %ld: they are its further columns, printed on the pages after its labels "
                 "(a sheet printed as it is, down then across), not a form of its own; a text "
                 "without positions cannot set them back on that form's rows, so they are kept "
                 "in <grid> unread (read the PDF itself, or its pdftotext -layout text)",
                 src->band_of);
        free(memo.text);
        free(memo.key);
        return PERF_BAND;
    }
    /* no row with a blank cell between two printed ones: the rows lost their blanks */
    pc.compact = true;
    for (size_t r = 0; r < g->nrows && pc.compact; r++) {
        const src_line *l = g->rows[r];
        int first = perf_next_nonempty(l, 0), last = -1;
        for (int c = 0; c < l->ncells; c++)
            if (*src_cell_text(l, c))
                last = c;
        for (int c = first + 1; first >= 0 && c < last; c++)
            if (!*src_cell_text(l, c))
                pc.compact = false;
    }
    perf_mode mode = MODE_NONE;
    size_t name_end = 0, funds_at = 0, funds_end = 0, used_below = 0, row_from = SIZE_MAX;
    size_t top_at = SIZE_MAX;
    const table_grid *printed = g;
    halves_grid reasons; /* the form's lines without its reasons' pieces */
    reason_notes notes;
    memset(&reasons, 0, sizeof reasons);
    notes.n = 0;
    bool in_order = pc.in_order = pc.compact && perf_reading_order(&pc);
    if (pc.compact) {
        name_end = perf_flat_project(&pc);
        funds_end = perf_flat_funds(&pc, name_end);
        for (funds_at = name_end; funds_at < funds_end; funds_at++) {
            const src_line *l = g->rows[funds_at];
            int first = perf_next_nonempty(l, 0);
            size_t tail;
            char *wrapped = NULL;
            if (first >= 0 && perf_count_numbers(&pc, l) >= 3 &&
                (perf_total_cell(&pc, l) || (wrapped = perf_wrapped_total(&pc, funds_at, &tail)))) {
                free(wrapped);
                break;
            }
        }
    }
    for (size_t r = name_end; r < g->nrows; r++) {
        if (r == funds_at && funds_end > funds_at) {
            r = funds_end - 1;
            mode = MODE_NONE;
            continue;
        }
        const src_line *l = g->rows[r];
        int first = perf_next_nonempty(l, 0);
        if (first < 0)
            continue;
        const char *ft = src_cell_text(l, first);
        if (perf_is_field(&pc, "project", ft)) {
            int v = perf_next_nonempty(l, first + 1);
            if (v >= 0 && !pc.project) {
                pc.project = perf_new_el(&pc, "project", l->no);
                xml_set(pc.project, "name", src_cell_text(l, v));
            }
            continue;
        }
        if (perf_is_field(&pc, "department", ft)) {
            int v = perf_next_nonempty(l, first + 1);
            if (v >= 0 && !perf_is_field(&pc, "unit", src_cell_text(l, v)) && !pc.department)
                pc.department = perf_coded_name(&pc, "department", src_cell_text(l, v), l->no);
            for (int c = first + 1; c < l->ncells; c++)
                if (perf_is_field(&pc, "unit", src_cell_text(l, c)) && !pc.unit) {
                    int u = perf_next_nonempty(l, c + 1);
                    if (u >= 0) {
                        pc.unit = perf_coded_name(&pc, "unit", src_cell_text(l, u), l->no);
                    } else if (r + 1 < g->nrows) { /* the value wrapped onto the next row */
                        const src_line *nl = g->rows[r + 1];
                        int w = perf_next_nonempty(nl, 0);
                        const char *wt = w >= 0 ? src_cell_text(nl, w) : "";
                        if (wt[0] >= '0' && wt[0] <= '9') {
                            pc.unit = perf_coded_name(&pc, "unit", wt, nl->no);
                            r++;
                        }
                    }
                }
            continue;
        }
        if (perf_is_field(&pc, "funds", ft)) {
            mode = MODE_FUNDS;
            continue;
        }
        if (perf_is_field(&pc, "goals", ft)) {
            mode = MODE_GOALS;
            continue;
        }
        bool indicator_header = perf_indicator_header_at(&pc, r);
        if (indicator_header) {
            mode = MODE_INDICATORS;
            /* its words wrapped below it are no cells of a row, but for the top half of
             * the first row's cells (参加 / 产出指标 数量指标 培训 ≥2天 … 20 20 / (会) */
            size_t nav_row, nav_bottom; /* … or of a name centred across its row's values */
            if (pc.compact && !in_order)
                for (size_t h = r; r + 1 < g->nrows &&
                                   (perf_header_leftover(&pc, g->rows[r + 1]) ||
                                    (r == h && perf_header_completed(&pc, g->rows[h], g->rows[r + 1]))) &&
                       !((perf_halves_around(&pc, r + 2) || perf_centred_above(&pc, r + 1) ||
                          perf_name_around_values(&pc, r + 1, &nav_row, &nav_bottom) ||
                          perf_name_through_top(&pc, r + 1)) &&
                         !perf_header_pieces(&pc, g->rows[r + 1]));
                     r++)
                    used_below = r + 1;
            if (pc.compact && !reasons.g.rows) {
                take_reasons(&pc, r + 1, &reasons, &notes);
                if (reasons.g.rows)
                    pc.g = g = &reasons.g;
            }
            continue;
        }
        bool total2 = perf_is_field2(&pc, "total_score", l, first);
        if (perf_is_field(&pc, "total_score", ft) || total2) {
            size_t total_at = r;
            r = perf_total_rows(&pc, r, total2 ? 2 : 1);
            if (pc.compact && perf_compact_analysis(&pc, total_at, total2 ? 2 : 1, r))
                break;
            mode = MODE_NONE;
            continue;
        }
        if (perf_is_field(&pc, "analysis", ft)) {
            mode = MODE_ANALYSIS;
            perf_analysis_row(&pc, l);
            continue;
        }
        switch (mode) {
        case MODE_FUNDS: fund_row(&pc, l); break;
        case MODE_GOALS: perf_goal_row(&pc, l); break;
        case MODE_INDICATORS:
            if (in_order) {
                /* the rows begin at a 一级 label, whole or wrapped (产出指 / 标) */
                int a0 = perf_next_nonempty(l, 0);
                const src_line *nl = r + 1 < g->nrows ? g->rows[r + 1] : NULL;
                int b0 = nl ? perf_next_nonempty(nl, 0) : -1;
                char *both = NULL;
                if (row_from == SIZE_MAX && a0 >= 0 &&
                    (perf_is_field(&pc, "level1", src_cell_text(l, a0)) ||
                     (b0 >= 0 && asprintf(&both, "%s%s", src_cell_text(l, a0), src_cell_text(nl, b0)) >= 0 &&
                      perf_is_field(&pc, "level1", both))))
                    row_from = r;
                free(both);
                int at2[3];
                bool two = perf_words(l, at2, 3) == 2 && perf_is_number(&pc, src_cell_text(l, at2[0])) &&
                           perf_is_number(&pc, src_cell_text(l, at2[1]));
                if (row_from != SIZE_MAX && (two || perf_scored_row(&pc, l))) {
                    if (perf_reading_row(&pc, row_from, r))
                        r++; /* its cells' second lines */
                    row_from = r + 1;
                }
                break;
            }
            if (pc.compact && (perf_flat_name_through(&pc, r, &used_below) ||
                               perf_flat_top_completes(&pc, r, &used_below) ||
                               perf_flat_centred_tops(&pc, r, &used_below) ||
                               perf_flat_value_columns(&pc, r, &used_below) ||
                               perf_flat_cut_across(&pc, r, &used_below) ||
                               perf_flat_labels_wrapped_above(&pc, r, &used_below) ||
                               perf_flat_stacked_name(&pc, r, &used_below) ||
                               perf_flat_nested_halves(&pc, r, &used_below) ||
                               perf_flat_labels_between(&pc, r, &used_below) ||
                               perf_flat_label_pieces_above(&pc, r, &used_below) ||
                               perf_flat_name_stack(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_unit_scored(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_aligned(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_thin_row(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_thin_name_around(&pc, r, &used_below) ||
                               perf_flat_units_below(&pc, r, &used_below) ||
                               perf_flat_split_values(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_stacked_values(&pc, r, &used_below) ||
                               perf_flat_signs_above(&pc, r, &used_below) ||
                               perf_flat_indicator(&pc, r, used_below + 1, &used_below) ||
                               perf_flat_name_top_tails(&pc, r, &used_below) ||
                               perf_flat_tails_below(&pc, r, &used_below) ||
                               perf_flat_halves_over_values(&pc, r, &used_below))) {
                if (top_at != SIZE_MAX && top_at + 1 == r)
                    perf_name_ends(&pc, top_at, &used_below);
                r = used_below;
                break;
            }
            if (pc.compact && perf_name_top(&pc, r)) {
                top_at = r; /* the next row's name begins here */
                break;
            }
            if (!pc.compact || !perf_paired_fragment(&pc, r))
                perf_indicator_row(&pc, l, NULL, 0);
            break;
        case MODE_ANALYSIS: perf_analysis_row(&pc, l); break;
        default: break;
        }
    }
    /* the reasons taken out of the lines, to their rows */
    for (xmlNodePtr i = pc.indicators ? pc.indicators->children : NULL; i; i = i->next) {
        const char *at = i->type == XML_ELEMENT_NODE ? xml_attr(i, "line") : NULL;
        for (int k = 0; at && k < notes.n; k++)
            if (notes.text[k] && strtol(at, NULL, 10) == notes.line[k] && !has_reason(i)) {
                xml_child(i, "reason", notes.text[k]);
                free(notes.text[k]);
                notes.text[k] = NULL;
            }
    }
    for (int k = 0; k < notes.n; k++)
        free(notes.text[k]);
    pc.g = g = printed;
    perf_halves_grid_free(&reasons);
    if (pc.compact)
        perf_compact_codes(&pc, name_end);
    bool labels_alone = !pc.funds && !pc.unit && bare_label(&pc, "department");
    /* attach in schema order: title is already there. A text without positions whose form's
     * labels stand alone holds the form's further columns after them, or the lines of other
     * pages: what was read of them is not the form's, and is left out */
    bool leave_out = labels_alone && src && src->no_positions;
    xmlNodePtr order[] = {pc.project, pc.department, pc.unit, pc.funds};
    for (size_t k = 0; k < ARRAY_LEN(order); k++)
        if (order[k])
            leave_out ? xmlFreeNode(order[k]) : (void)xmlAddChild(perf, order[k]);
    for (int k = 0; k < pc.ngoals; k++)
        leave_out ? xmlFreeNode(pc.goals[k]) : (void)xmlAddChild(perf, pc.goals[k]);
    if (pc.indicators)
        leave_out ? xmlFreeNode(pc.indicators) : (void)xmlAddChild(perf, pc.indicators);
    if (pc.total)
        leave_out ? xmlFreeNode(pc.total) : (void)xmlAddChild(perf, pc.total);
    for (int k = 0; k < pc.nanalysis; k++)
        leave_out ? xmlFreeNode(pc.analysis[k]) : (void)xmlAddChild(perf, pc.analysis[k]);
    write_grid(&pc, perf);
    if (labels_alone && src && src->no_positions)
        /* ... in a text without positions, which cannot join them (docs/architecture.md) */
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: its labels (项目名称, 主管部门…) stand without their values: "
                 "the form's columns go on over the pages after (a sheet printed as it is, down "
                 "then across), and a text without positions (pdftotext -raw, a copied text) "
                 "cannot set those pages' lines back on the form's rows: a cell blank on a page "
                 "leaves no line there, the lines come in the order the PDF draws its cells, not "
                 "row by row, and cells side by side run together on one line; its values are "
                 "not read, the printed rows are kept in <grid>: read the PDF itself, or its "
                 "pdftotext -layout text");
    else if (labels_alone)
        /* the form's label column alone (主管部门 with no value, no 预算单位 beside it): a
         * sheet printed as it is (wider than the page) sets its value columns on the pages
         * after, which the text gives as pages of their own */
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: its labels (项目名称, 主管部门…) stand without their values: "
                 "the form's columns continue on other pages (a sheet printed as it is) that "
                 "were not joined; its values are not read, the printed rows are kept in <grid>");
    else if (!pc.project || !pc.funds)
        diag_add(diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-READ-051", file,
                 g->nrows ? g->rows[0]->no : 0, 1,
                 "performance form: %s not found; the printed rows are kept in <grid>",
                 !pc.project ? "the project name (项目名称)" : "the funds block (资金总额)");
    free(pc.level1);
    free(pc.level2);
    free(memo.text);
    free(memo.key);
    return labels_alone ? PERF_LABELS_ALONE : PERF_READ;
}
