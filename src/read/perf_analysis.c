/* perf_analysis.c — the performance-form reader (perf.c): the analysis block of a compact
 * form, its topics wrapped among their texts. */
#include "read/perf_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the analysis block of a compact form ----
 * 项目绩效分析's topics (项目实施和预算执行情况 …) and their texts wrap over lines, each
 * topic centred on its text: in a flattened text a topic's lines stand among its text's
 * (项目实际支出 500000 元,预算 / 项目实施和预算 执行率 100%,… / 执行情况 100%,…), in
 * reading order a topic's lines come before its text's, in a laid-out text the rows are
 * cut at the topics but a text's first line may go with the 总分 row. The block is read
 * as fragments: the topics are the runs of a row's first fragment that spell one (the
 * definition's analysis_topic labels), the rest is text, each row of it going to the
 * topic it is centred with (in reading order: to the topic before it). */

typedef struct an_frag {
    size_t row; /* its grid row (not its line: a workbook numbers the rows afresh) */
    const char *text;
    int topic; /* -2: a label of the block; -1: text; else the topic it spells */
} an_frag;

/* Does the text begin (prefix) or spell (whole) one of the field's labels? */
static bool label_prefix(const perf_ctx *pc, const char *field, const char *text, bool whole)
{
    const form_field *f;
    const char *k = perf_field_key(pc, field, text, &f);
    if (!k || (!whole && utf8_chars(k, strlen(k)) < 2))
        return false;
    size_t n = strlen(k);
    for (size_t i = 0; i < f->labels.count; i++)
        if (whole ? !strcmp(f->labels.keys[i], k) : !strncmp(f->labels.keys[i], k, n))
            return true;
    return false;
}

/* The first fragment of fr[i]'s row not yet taken, or -1. */
static int row_first_free(const an_frag *fr, int nf, int i)
{
    int k = i;
    while (k > 0 && fr[k - 1].row == fr[i].row)
        k--;
    for (; k < nf && fr[k].row == fr[i].row; k++)
        if (fr[k].topic == -1)
            return k;
    return -1;
}

/* From fr[i], the label of the field the first free fragments of its row and the rows
 * below spell (a row whose first does not go on is passed, two at most): marks them
 * `mark` and returns how many, 0 when they spell none. */
static int stacked_label(const perf_ctx *pc, an_frag *fr, int nf, int i, const char *field, int mark)
{
    if (row_first_free(fr, nf, i) != i || !label_prefix(pc, field, fr[i].text, false))
        return 0;
    int idx[8] = {i}, n = 1, passed = 0;
    strbuf cat;
    sb_init(&cat);
    sb_adds(&cat, fr[i].text);
    int whole = label_prefix(pc, field, cat.data, true) ? 1 : 0; /* the longest label's pieces */
    size_t seen = fr[i].row; /* the last row whose first free fragment was tried */
    for (int j = i + 1; j < nf && n < 8 && passed <= 2; j++) {
        if (fr[j].row == seen || row_first_free(fr, nf, j) != j)
            continue;
        seen = fr[j].row;
        size_t len = cat.len;
        sb_adds(&cat, fr[j].text);
        if (label_prefix(pc, field, cat.data, false)) {
            idx[n++] = j;
            if (label_prefix(pc, field, cat.data, true))
                whole = n; /* 满意度情况 / 及分析: the longer label */
        } else if (whole) {
            break;
        } else {
            cat.len = len;
            cat.data[len] = '\0';
            passed++;
        }
    }
    sb_free(&cat);
    for (int k = 0; k < whole; k++)
        fr[idx[k]].topic = mark;
    return whole;
}

/* Which topic each text row goes to, by centring: a row between topic k's lines and topic
 * k+1's stays k's while it brings k's text nearer to centred on k's lines (ties: k+1's). */
static void centre_texts(const an_frag *fr, int nf, const size_t *top, const size_t *bottom, int nt,
                         int *owner)
{
    size_t start = SIZE_MAX, last = 0; /* the current topic's first and last text rows */
    int k = 0;
    for (int i = 0; i < nf; i++) {
        if (fr[i].topic != -1)
            continue;
        size_t y = fr[i].row;
        while (k + 1 < nt && y >= top[k + 1])
            k++, start = SIZE_MAX;
        if (k + 1 < nt && y > bottom[k] && start != SIZE_MAX && y != last) {
            long want = (long)(top[k] + bottom[k]);
            if (labs((long)(start + y) - want) >= labs((long)(start + last) - want))
                k++, start = SIZE_MAX;
        }
        if (start == SIZE_MAX)
            start = y;
        last = y;
        owner[i] = k;
    }
}

/* Does the text begin with one of the field's labels (and go on)? */
static bool begins_label(const perf_ctx *pc, const char *field, const char *text)
{
    const form_field *f;
    const char *k = perf_field_key(pc, field, text, &f);
    for (size_t i = 0; k && i < f->labels.count; i++)
        if (strlen(f->labels.keys[i]) < strlen(k) && str_starts(k, f->labels.keys[i]))
            return true;
    return false;
}

/* The analysis block of a compact form from its 总分 row r (its label the first skip
 * cells, its score and grade down to row used): replaces the rows read one by one when it finds two topics or more, or one
 * under the block's label. */
bool perf_compact_analysis(perf_ctx *pc, size_t r, int skip, size_t used)
{
    const table_grid *g = pc->g;
    int cap = 0, nf = 0;
    an_frag *fr = NULL;
    for (size_t k = r; k < g->nrows; k++) {
        const src_line *l = g->rows[k];
        int first = perf_next_nonempty(l, 0);
        if (first >= 0 && perf_is_field(pc, "remark", src_cell_text(l, first)))
            break;
        for (int c = 0; c < l->ncells; c++) {
            const char *t = src_cell_text(l, c);
            /* the 总分 rows' own cells: its label, score and grade */
            if (!*t || (k <= used && (perf_is_field(pc, "total_score", t) || perf_is_number(pc, t) ||
                                      perf_is_field(pc, "grade", t) || (k == r && c < first + skip))))
                continue;
            if (nf == cap) {
                cap = cap ? cap * 2 : 64;
                an_frag *m = realloc(fr, (size_t)cap * sizeof *fr);
                if (!m) {
                    free(fr);
                    return false;
                }
                fr = m;
            }
            fr[nf++] = (an_frag){k, t, -1};
        }
    }
    for (int i = 0; i < nf; i++)
        if (perf_is_field(pc, "analysis", fr[i].text))
            fr[i].topic = -2;
    for (int i = 0; i < nf; i++)
        if (fr[i].topic == -1 && stacked_label(pc, fr, nf, i, "analysis", -2))
            break;
    size_t top[16], bottom[16];
    int nt = 0, at[16];
    for (int i = 0; i < nf && nt < 16; i++) {
        if (fr[i].topic != -1 || row_first_free(fr, nf, i) != i)
            continue;
        bool beside = i + 1 < nf && fr[i + 1].row == fr[i].row;
        /* a laid-out row's topic cell may hold two topics (主要经验做法项目管理中…) */
        if (stacked_label(pc, fr, nf, i, "analysis_topic", nt) ||
            (beside && begins_label(pc, "analysis_topic", fr[i].text) && (fr[i].topic = nt, true))) {
            at[nt] = i;
            top[nt] = fr[i].row;
            bottom[nt] = fr[i].row;
            for (int j = i; j < nf; j++)
                if (fr[j].topic == nt)
                    bottom[nt] = fr[j].row;
            nt++;
        }
    }
    bool labelled = false; /* the block's label (项目绩效分析) was read */
    for (int i = 0; i < nf; i++)
        labelled |= fr[i].topic == -2;
    if (nt < (labelled ? 1 : 2)) {
        free(fr);
        return false;
    }
    int *owner = calloc((size_t)nf, sizeof *owner);
    if (!owner) {
        free(fr);
        return false;
    }
    if (pc->in_order) {
        int k = 0;
        for (int i = 0; i < nf; i++) {
            while (k + 1 < nt && i > at[k + 1])
                k++;
            owner[i] = k;
        }
    } else {
        centre_texts(fr, nf, top, bottom, nt, owner);
    }
    for (int k = 0; k < pc->nanalysis; k++)
        xmlFreeNode(pc->analysis[k]);
    pc->nanalysis = 0;
    for (int k = 0; k < nt; k++) {
        strbuf topic, text;
        sb_init(&topic);
        sb_init(&text);
        for (int i = 0; i < nf; i++) {
            if (fr[i].topic == k) {
                sb_adds(&topic, fr[i].text);
            } else if (fr[i].topic == -1 && owner[i] == k) {
                if (text.len)
                    sb_adds(&text, " ");
                sb_adds(&text, fr[i].text);
            }
        }
        char *un = text_unwrap(text.len ? text.data : "");
        xmlNodePtr a = xmlNewDocNode(pc->doc, pc->ns, BAD_CAST "analysis", NULL);
        xmlNodeAddContent(a, BAD_CAST(un ? un : ""));
        xml_set(a, "topic", topic.data);
        xml_set_long(a, "line", g->rows[top[k]]->no);
        pc->analysis[pc->nanalysis++] = a;
        free(un);
        sb_free(&topic);
        sb_free(&text);
    }
    free(owner);
    free(fr);
    return true;
}
