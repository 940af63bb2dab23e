/* check_narrative.c — the narrative (情况说明) against the tables and against itself.
 *
 * Each paragraph is cut into sentences (。；) and clauses (，、：); every number with a unit
 * (万元, 元, %, 辆) is a figure. The clause before a figure says what it is: a quantity
 * named by a phrase of the rules' <quantities> (or a 功能分类 类 name, or a unique row name
 * of 公开05), and its role: the value itself, a budget (年初预算/全年预算), a change
 * (增加/减少 Δ), a growth rate, a share (占…%), a completion rate (完成…%). Then:
 * values are compared with their cells, shares and completion rates are recomputed from the
 * figures they refer to, changes are checked for consistency between Δ, % and this year's
 * figure, the same figure stated twice must agree, 大于/小于 must fit the numbers, and a
 * rate over a zero base is reported as not computable (GFA-NAR-007, a check of its own).
 * Figures in 元 in a 万元 report are scaled exactly. Precision: a mismatch that rounding
 * could explain is an inconsistency, never an error; a quantity carried over from an
 * earlier clause gives at most a warning. The arithmetic is src/base/interval.c. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

typedef enum fig_role {
    ROLE_VALUE, ROLE_BUDGET, ROLE_DELTA, ROLE_GROWTH, ROLE_SHARE, ROLE_COMPLETION, ROLE_OTHER,
    ROLE_PRIOR, /* last year's figure (上年决算数为…, 2023年支出…) */
} fig_role;

typedef struct figure {
    gfa_dec value;    /* as printed */
    gfa_dec in_unit;  /* in the report's unit (元 → 万元 scaled exactly) */
    bool percent;
    bool count;       /* 辆 */
    fig_role role;
    bool increase;    /* ROLE_DELTA / ROLE_GROWTH */
    int quantity;     /* index into the quantity table, -1 none */
    bool local;       /* the quantity is named in the figure's own clause */
    int base;         /* ROLE_SHARE: quantity named after 占, -1 none */
    int sentence;
    int para;
    long line, pos;
    char text[96];    /* the clause up to the figure, for messages */
} figure;

/* A quantity as the checks use it: phrases (keys) and its cells: a rule's compiled
 * expression, or the row of a name in the rules' named-rows tables. */
typedef struct qty {
    char *id;
    const cellexpr *expr; /* the rule's; NULL for a named row */
    const cellexpr *budget; /* where the tables print its budget, or NULL */
    const char *row;      /* a named row's code (borrowed) */
    char **keys;          /* owned */
    size_t nkeys;
    bool count;
    /* the rule's <within>: in a section whose titles hold within_keys[k], the quantity
     * within_q[k] instead */
    char **within_keys;   /* owned */
    int *within_q;
    size_t nwithin;
} qty;

/* Where a sentence stands in its paragraph's text, by sentence number. */
typedef struct sentence_span {
    const char *start;
    size_t len;
} sentence_span;

/* A quantity's phrase, for find_quantity's scan: longest first. */
typedef struct qkey {
    const char *key; /* borrowed from its qty */
    size_t len;
    int q;
} qkey;

typedef struct ntx {
    vrun *v;
    qty *q;
    size_t nq;
    qkey *keys; /* every quantity's phrases, longest first, else in quantity order */
    size_t nkeys;
    figure *figs;
    size_t nfigs, cap;
    sentence_span *spans;
    size_t nspans;
    long year; /* the report's year (header), 0 when not stated */
} ntx;

/* ------------------------------------------------------------ quantities --- */

static bool add_qty(ntx *t, const char *id, const cellexpr *expr, const char *row, bool count)
{
    qty *q = realloc(t->q, (t->nq + 1) * sizeof *q);
    if (!q)
        return false;
    t->q = q;
    qty *x = &t->q[t->nq++];
    memset(x, 0, sizeof *x);
    x->id = strdup(id);
    x->expr = expr;
    x->row = row;
    x->count = count;
    return x->id != NULL;
}

static void add_key(ntx *t, const char *phrase)
{
    qty *x = &t->q[t->nq - 1];
    char *k = text_key(&t->v->ctx->variants, phrase, strlen(phrase));
    char **keys = k ? realloc(x->keys, (x->nkeys + 1) * sizeof *keys) : NULL;
    if (!keys) {
        free(k);
        return;
    }
    x->keys = keys;
    x->keys[x->nkeys++] = k;
}

static void build_quantities(ntx *t)
{
    const ruleset *rs = t->v->rules;
    for (size_t i = 0; i < rs->nquantities; i++) {
        const quantity *q = &rs->quantities[i];
        if (!add_qty(t, q->id, &q->cell, NULL, q->unit != NULL))
            return;
        t->q[t->nq - 1].budget = q->budget.n ? &q->budget : NULL;
        for (size_t k = 0; k < q->nphrases; k++)
            add_key(t, q->phrases[k]);
    }
    /* <within>: the rules' quantities are t->q[0 … nquantities) in file order */
    for (size_t i = 0; i < rs->nquantities && i < t->nq; i++) {
        const quantity *q = &rs->quantities[i];
        qty *x = &t->q[i];
        x->within_keys = q->nwithin ? calloc(q->nwithin, sizeof *x->within_keys) : NULL;
        x->within_q = q->nwithin ? calloc(q->nwithin, sizeof *x->within_q) : NULL;
        if (q->nwithin && (!x->within_keys || !x->within_q))
            continue;
        for (size_t k = 0; k < q->nwithin; k++) {
            int to = -1;
            for (size_t j = 0; j < rs->nquantities && to < 0; j++)
                if (!strcmp(rs->quantities[j].id, q->within_ids[k]))
                    to = (int)j;
            const char *w = q->within_words[k];
            char *key = to >= 0 ? text_key(&t->v->ctx->variants, w, strlen(w)) : NULL;
            if (!key)
                continue;
            x->within_keys[x->nwithin] = key;
            x->within_q[x->nwithin++] = to;
        }
    }
    if (!rs->named_col)
        return;
    /* 功能分类 类 names ("社会保障和就业支出", also without 支出) → 公开05 */
    const code_list *cls = &t->v->ctx->function_classes;
    const word_list *suffix = &t->v->ctx->vocab.lists[V_CLASS_SUFFIX];
    for (size_t i = 0; i < cls->count; i++) {
        if (!add_qty(t, cls->items[i].code, NULL, cls->items[i].code, false))
            return;
        add_key(t, cls->items[i].name);
        size_t n = strlen(cls->items[i].name), k = words_ends(suffix, cls->items[i].name, n);
        if (k && n > k) {
            char *short_name = xstrndup(cls->items[i].name, n - k);
            if (short_name && strlen(short_name) >= 6)
                add_key(t, short_name);
            free(short_name);
        }
    }
    /* names of 公开05 rows that occur once there (住房公积金 → 2210201) */
    const table_info *ti = tableset_pick(&rs->named_rows, &t->v->facts);
    if (!ti)
        return;
    strmap *seen = strmap_new();
    if (!seen)
        return;
    for (int pass = 0; pass < 2; pass++)
        for (xmlNodePtr p = ti->node->children; p; p = p->next)
            for (xmlNodePtr r = xml_is(p, "part") ? p->children : NULL; r; r = r->next) {
                const char *name = xml_is(r, "row") ? xml_attr(r, "name") : NULL;
                const char *code = xml_attr(r, "code");
                if (!name || !code || strlen(code) == 3)
                    continue;
                int c = 0;
                strmap_get(seen, name, &c);
                if (pass == 0) {
                    strmap_put(seen, name, c + 1);
                } else if (c == 1) {
                    if (!add_qty(t, code, NULL, code, false))
                        break;
                    add_key(t, name);
                }
            }
    strmap_free(seen);
}

/* The phrases of every quantity, longest first and, among phrases of one length, in
 * quantity order: the first that occurs in a key is the one find_quantity wants. */
static bool index_keys(ntx *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nq; i++)
        n += t->q[i].nkeys;
    t->keys = n ? malloc(n * sizeof *t->keys) : NULL;
    if (n && !t->keys)
        return false;
    t->nkeys = 0;
    for (size_t i = 0; i < t->nq; i++)
        for (size_t k = 0; k < t->q[i].nkeys; k++) {
            size_t len = strlen(t->q[i].keys[k]);
            if (len) /* an empty phrase names nothing */
                t->keys[t->nkeys++] = (qkey){t->q[i].keys[k], len, (int)i};
        }
    /* a stable sort by length: an insertion sort (a few hundred phrases, once a report) */
    for (size_t i = 1; i < t->nkeys; i++) {
        qkey x = t->keys[i];
        size_t j = i;
        for (; j > 0 && t->keys[j - 1].len < x.len; j--)
            t->keys[j] = t->keys[j - 1];
        t->keys[j] = x;
    }
    return true;
}

/* Where phrase last occurs in key, or NULL. */
static const char *last_in(const char *key, const char *phrase)
{
    const char *last = NULL;
    for (const char *at = strstr(key, phrase); at; at = strstr(at + 1, phrase))
        last = at;
    return last;
}

/* The longest quantity phrase inside key; among phrases of that length, the one nearest
 * the key's end (the figure: "占基本支出的公用经费81.09万元" names 公用经费), then the
 * first in quantity order; -1 when none. */
static int find_quantity(const ntx *t, const char *key, size_t *match_len)
{
    size_t n = strlen(key);
    int q = -1;
    size_t len = 0;
    const char *best = NULL;
    for (size_t i = 0; i < t->nkeys; i++) {
        if (q >= 0 && t->keys[i].len < len)
            break;
        if (t->keys[i].len > n)
            continue;
        const char *at = last_in(key, t->keys[i].key);
        if (at && (q < 0 || at > best)) {
            q = t->keys[i].q;
            len = t->keys[i].len;
            best = at;
        }
    }
    if (match_len)
        *match_len = q >= 0 ? len : 0;
    return q;
}

/* The quantity q means in a section whose titles (and its enclosing sections') are scope:
 * the <within> of the longest words that occur there, else q itself. */
static int scoped(const ntx *t, int q, const char *scope)
{
    if (q < 0 || !scope)
        return q;
    const qty *x = &t->q[q];
    int to = q;
    size_t best = 0;
    for (size_t k = 0; k < x->nwithin; k++) {
        size_t len = strlen(x->within_keys[k]);
        if (len > best && strstr(scope, x->within_keys[k])) {
            best = len;
            to = x->within_q[k];
        }
    }
    return to;
}

/* ------------------------------------------------------------ extraction --- */

/* A mark that ends a clause (or a sentence) at s: its length, else 0. */
static size_t clause_break(const gfa_vocab *vc, const char *s)
{
    static const vocab_list marks[] = {V_SENTENCE_END, V_CLAUSE_END, V_LIST_MARK, V_LEAD_IN};
    size_t len = 0;
    for (size_t i = 0; i < ARRAY_LEN(marks) && !len; i++)
        len = words_starts(&vc->lists[marks[i]], s);
    return len;
}

static bool contains(const gfa_vocab *vc, const char *s, vocab_list words)
{
    return words_in(&vc->lists[words], s, NULL) != NULL;
}

/* Does a clause speak of last year: a word of the prior-year list (上年, 上年度), or the
 * report's year less one followed by 年 (2023年 in a report of 2024)? */
static bool prior_year(const ntx *t, const char *key)
{
    const gfa_vocab *vc = &t->v->ctx->vocab;
    if (contains(vc, key, V_PRIOR_YEAR))
        return true;
    if (t->year <= 0)
        return false;
    char y[24];
    snprintf(y, sizeof y, "%ld", t->year - 1);
    for (const char *p = strstr(key, y); p; p = strstr(p + 1, y))
        if ((p == key || !(p[-1] >= '0' && p[-1] <= '9')) && !(p[4] >= '0' && p[4] <= '9') &&
            words_starts(&vc->lists[V_YEAR_MARK], p + 4))
            return true;
    return false;
}

static void add_figure(ntx *t, const figure *f)
{
    if (t->nfigs == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        figure *fs = realloc(t->figs, cap * sizeof *fs);
        if (!fs)
            return;
        t->figs = fs;
        t->cap = cap;
    }
    t->figs[t->nfigs++] = *f;
}

/* Does the lead name a budget figure? 年初预算, 全年预算, 预算数 …, or ending in 预算 when
 * that is not the name of a fund (一般公共预算, 政府性基金预算 …). */
static bool budget_words(const gfa_vocab *vc, const char *key)
{
    if (contains(vc, key, V_BUDGET))
        return true;
    size_t n = strlen(key);
    return words_ends(&vc->lists[V_BUDGET_END], key, n) &&
           !words_ends(&vc->lists[V_FUND], key, n);
}

/* The money unit a figure is printed in at s (万元, its short form 万 …; the longest that
 * fits), or NULL, also when a longer word that is no unit starts there (万人). */
static const money_unit *money_unit_at(const gfa_vocab *vc, const char *s, size_t *len)
{
    const money_unit *best = NULL;
    size_t best_len = 0;
    for (size_t u = 0; u < vc->nunits; u++) {
        const money_unit *mu = &vc->units[u];
        size_t n = strlen(mu->name); /* 萬元 on a page converted to 繁體 is 万元 */
        size_t l = text_match_simplified(vc->variants, s, mu->name, n) ? n : words_starts(&mu->shorts, s);
        if (l > best_len) {
            best = mu;
            best_len = l;
        }
    }
    const word_list *none = &vc->lists[V_NOT_A_UNIT];
    for (size_t i = 0; best && i < none->count; i++)
        if (strlen(none->words[i]) > best_len && str_starts(s, none->words[i]))
            best = NULL;
    *len = best_len;
    return best;
}

/* A figure in 10^power 元 in the report's unit of 10^scale 元, exactly: 1,234元 in a
 * 万元 report is 0.1234, 12.5万元 in a 元 report is 125000.0. */
static bool in_report_unit(gfa_dec d, int power, int scale, gfa_dec *out)
{
    return dec_shift(d, power - scale, out);
}

static void end_sentence(ntx *t, int no, const char *start, const char *end)
{
    if (no < 0)
        return;
    if ((size_t)no >= t->nspans) {
        size_t n = (size_t)no + 1 > t->nspans * 2 ? (size_t)no + 1 : t->nspans * 2;
        sentence_span *sp = realloc(t->spans, n * sizeof *sp);
        if (!sp)
            return;
        memset(sp + t->nspans, 0, (n - t->nspans) * sizeof *sp);
        t->spans = sp;
        t->nspans = n;
    }
    t->spans[no] = (sentence_span){start, (size_t)(end - start)};
}

/* Reads the figures of one paragraph (NFKC text). */
static void extract(ntx *t, const char *text, const char *scope, long line, bool single_line,
                    int *sentence_no, int para_no)
{
    const gfa_vocab *vc = &t->v->ctx->vocab;
    const char *sentence = text; /* start of the current sentence */
    const char *clause = text; /* start of the current clause */
    bool listed = false;       /* the clause follows "、": an item of a list */
    int subject = -1;          /* the quantity of the current sentence */
    int para_subject = -1;     /* … and of the sentence before */
    int para_subject_sentence = -10; /* counted in sentences that print a figure */
    int fig_sentences = 0;           /* sentences of the paragraph that printed a figure */
    bool sentence_has_figure = false;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        size_t blen = clause_break(vc, text + i);
        if (blen) {
            if (words_starts(&vc->lists[V_SENTENCE_END], text + i)) {
                end_sentence(t, *sentence_no, sentence, text + i);
                sentence = text + i + blen;
                (*sentence_no)++;
                subject = -1;
                fig_sentences += sentence_has_figure;
                sentence_has_figure = false;
            }
            listed = words_starts(&vc->lists[V_LIST_MARK], text + i) > 0;
            i += blen;
            clause = text + i;
            continue;
        }
        if (!(text[i] >= '0' && text[i] <= '9')) {
            i++;
            continue;
        }
        /* a number: digits, grouping commas, one decimal point */
        size_t j = i;
        while (j < n && ((text[j] >= '0' && text[j] <= '9') ||
                         (text[j] == ',' && j + 1 < n && text[j + 1] >= '0' && text[j + 1] <= '9') ||
                         (text[j] == '.' && j + 1 < n && text[j + 1] >= '0' && text[j + 1] <= '9')))
            j++;
        gfa_dec d;
        bool num_ok = dec_parse(text + i, j - i, &d) == DEC_OK;
        size_t k = j;
        while (k < n && text[k] == ' ')
            k++;
        figure f;
        memset(&f, 0, sizeof f);
        f.quantity = f.base = -1;
        int power = 0; /* the figure is in 10^power 元 */
        bool unit = true;
        size_t ulen = 0;
        const money_unit *mu = money_unit_at(vc, text + k, &ulen);
        if (mu) {
            power = mu->scale;
            k += ulen;
        } else if (text[k] == '%') {
            f.percent = true;
            k += 1;
        } else if ((ulen = words_starts(&vc->lists[V_COUNT_UNIT], text + k))) {
            f.count = true;
            k += ulen;
        } else {
            unit = false;
        }
        if (!num_ok || !unit || (i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') || text[i - 1] == '.'))) {
            i = j > i ? j : i + 1;
            continue;
        }
        f.value = d;
        f.in_unit = d;
        if (!f.percent && !f.count && !in_report_unit(d, power, t->v->facts.scale, &f.in_unit)) {
            i = j;
            continue;
        }
        /* the clause up to the number */
        char *lead = xstrndup(clause, (size_t)(text + i - clause));
        char *key = lead ? text_key(&t->v->ctx->variants, lead, strlen(lead)) : NULL;
        snprintf(f.text, sizeof f.text, "%s%.*s", lead ? lead : "", (int)(k - i), text + i);
        size_t mlen = 0;
        int q = key ? find_quantity(t, key, &mlen) : -1;
        if (listed) /* "工资福利支出、社会保障、住房保障支出682.76万元": the list, not its item */
            q = -1;
        /* "占基本支出的90.58%": the quantity after 占 is the base of a share */
        const char *zhan_at = f.percent && key ? words_in(&vc->lists[V_SHARE], key, NULL) : NULL;
        int share_base = zhan_at ? scoped(t, find_quantity(t, zhan_at, NULL), scope) : -1;
        if (zhan_at) {
            char *before_zhan = xstrndup(key, (size_t)(zhan_at - key));
            q = before_zhan && !listed ? find_quantity(t, before_zhan, &mlen) : -1;
            free(before_zhan);
        }
        if (q >= 0 && key) { /* role words are read without the quantity's own name */
            for (size_t m = 0; m < t->q[q].nkeys; m++) {
                char *at = strstr(key, t->q[q].keys[m]);
                if (at && strlen(t->q[q].keys[m]) == mlen) {
                    memmove(at, at + mlen, strlen(at + mlen) + 1);
                    break;
                }
            }
        }
        if (key) {
            bool up = contains(vc, key, V_INCREASE);
            bool down = contains(vc, key, V_DECREASE);
            if (zhan_at) {
                f.role = ROLE_SHARE;
                f.base = share_base;
            } else if (f.percent && contains(vc, key, V_COMPLETION)) {
                f.role = ROLE_COMPLETION;
            } else if (up || down) {
                f.role = f.percent ? ROLE_GROWTH : ROLE_DELTA;
                f.increase = up && !down;
            } else if (!f.percent && prior_year(t, key)) {
                f.role = ROLE_PRIOR;
            } else if (!f.percent && budget_words(vc, key) && !contains(vc, key, V_OUTTURN)) {
                f.role = ROLE_BUDGET;
            } else if (!f.percent) {
                f.role = ROLE_VALUE;
            } else {
                f.role = ROLE_OTHER;
            }
        }
        /* what the phrase means in this section (公开05's 基本支出 in the section on
         * 一般公共预算财政拨款基本支出) */
        q = scoped(t, q, scope);
        if (q >= 0) {
            subject = para_subject = q;
            para_subject_sentence = fig_sentences;
            f.quantity = q;
            f.local = true;
        } else if (f.role == ROLE_VALUE) {
            /* "…年初预算X万元，支出决算Y万元": the outturn of the quantity named before */
            bool outturn = key && (contains(vc, key, V_OUTTURN) || strlen(key) <= 6);
            f.quantity = outturn && !listed ? subject : -1;
            /* "人员经费682.76万元，主要包括…支出682.76万元": the same figure restated */
            for (size_t m = t->nfigs; f.quantity < 0 && m-- > 0 &&
                                      t->figs[m].sentence == *sentence_no;)
                if (t->figs[m].role == ROLE_VALUE && t->figs[m].quantity >= 0 &&
                    !t->figs[m].percent && dec_cmp(t->figs[m].in_unit, f.in_unit) == 0)
                    f.quantity = t->figs[m].quantity;
        } else if (f.role != ROLE_SHARE && f.role != ROLE_OTHER) {
            /* a change or rate in the sentence after the one naming the quantity
             * ("公务用车维护费支出1.48万。…减少70.06%") */
            f.quantity = subject >= 0 ? subject
                         : (fig_sentences - para_subject_sentence <= 1 ? para_subject : -1);
        }
        f.sentence = *sentence_no;
        sentence_has_figure = true;
        f.para = para_no;
        f.line = line;
        f.pos = single_line ? utf8_chars(text, i) + 1 : 0;
        free(lead);
        free(key);
        add_figure(t, &f);
        i = k;
    }
    end_sentence(t, *sentence_no, sentence, text + n);
    (*sentence_no)++;
}

/* ----------------------------------------------------------------- checks --- */

/* A narrative figure's interval, in the report's unit, at its printed precision. */
static gfa_ival fig_ival(const figure *f)
{
    return ival_printed(f->in_unit, f->in_unit.scale);
}

/* Value of a quantity's cell expression ("A + B") as the interval of its printed cells;
 * false when a table is missing, a cell is not a number or the sum overflows. */
static bool cells_value(const ntx *t, const qty *q, bool budget, gfa_ival *out, const fact **first)
{
    const ruleset *rs = t->v->rules;
    const cellexpr *e = budget ? q->budget : q->expr;
    gfa_ival sum = ival_exact((gfa_dec){0, 0});
    *first = NULL;
    if (budget && !e)
        return false;
    for (size_t i = 0; i < (e ? e->n : 1); i++) {
        const cellref *ref = e ? &e->refs[i] : NULL;
        int sign = ref ? e->signs[i] : 1;
        const table_info *ti = tableset_pick(ref ? &ref->tables : &rs->named_rows, &t->v->facts);
        if (!ti)
            return false;
        const fact *x = facts_get(&t->v->facts, ti->def, ref ? ref->row : q->row,
                                  ref ? ref->col : rs->named_col);
        if (x && x->kind == CELL_TEXT)
            return false;
        if (!*first)
            *first = x;
        gfa_dec v = (x && x->kind == CELL_NUMBER) ? x->value : (gfa_dec){0, t->v->facts.decimals};
        if (!ival_add(&sum, ival_printed(v, v.scale), sign))
            return false;
    }
    *out = sum;
    return true;
}

static bool quantity_value(const ntx *t, const qty *q, gfa_ival *out, const fact **first)
{
    return cells_value(t, q, false, out, first);
}

/* The figure as a printed value of the identities the diagnosis searches. */
static int fig_value(ntx *t, const figure *f)
{
    size_t i = (size_t)(f - t->figs);
    char key[32];
    snprintf(key, sizeof key, "fig:%zu", i);
    int k = vrun_value_figure(t->v, key, f->line, f->pos, f->value, f->in_unit, f->percent,
                              f->text);
    /* the figures beside it in its sentence (a value copied from one is a typing slip) */
    pvalue *p = k >= 0 && !t->v->values[k].nneighbours ? &t->v->values[k] : NULL;
    for (int d = -1; p && d <= 1; d += 2)
        for (size_t j = i; (d < 0 ? j > 0 : j + 1 < t->nfigs);) {
            j = d < 0 ? j - 1 : j + 1;
            if (t->figs[j].sentence != f->sentence)
                break;
            p->neighbours[p->nneighbours++] = t->figs[j].in_unit;
            break;
        }
    if (p)
        p->nrow = p->nneighbours;
    return k;
}

/* A quantity's cells as terms of an identity (a row not printed is a zero constant). */
static void cells_terms(ntx *t, const qty *q, bool budget, identity *id, int sign)
{
    const ruleset *rs = t->v->rules;
    const cellexpr *e = budget ? q->budget : q->expr;
    for (size_t i = 0; i < (e ? e->n : 1); i++) {
        const cellref *ref = e ? &e->refs[i] : NULL;
        int s = sign * (ref ? e->signs[i] : 1);
        const table_info *ti = tableset_pick(ref ? &ref->tables : &rs->named_rows, &t->v->facts);
        const fact *x = ti ? facts_get(&t->v->facts, ti->def, ref ? ref->row : q->row,
                                       ref ? ref->col : rs->named_col)
                           : NULL;
        int k = vrun_value_cell(t->v, x);
        gfa_dec zero = {0, t->v->facts.decimals};
        if (k >= 0)
            identity_add(id, k, s);
        else if (!ti || !ival_add(&id->konst, ival_printed(zero, zero.scale), s))
            id->broken = true;
    }
}

static void quantity_terms(ntx *t, const qty *q, identity *id, int sign)
{
    cells_terms(t, q, false, id, sign);
}

/* What a ratio is computed from: a figure of the narrative, else a quantity's cells (or the
 * cells of its budget). */
typedef struct operand {
    const figure *fig;
    const qty *q;
    bool budget;
} operand;

static bool operand_ival(const ntx *t, operand o, gfa_ival *out)
{
    const fact *x;
    if (o.fig) {
        *out = fig_ival(o.fig);
        return true;
    }
    return o.q && cells_value(t, o.q, o.budget, out, &x);
}

static void operand_terms(ntx *t, operand o, identity *id, int sign)
{
    if (o.fig)
        identity_add(id, fig_value(t, o.fig), sign);
    else if (o.q)
        cells_terms(t, o.q, o.budget, id, sign);
    else
        id->broken = true;
}

/* A ratio identity: pct = 100 × num ÷ (den + minus_sign × minus). */
static void ratio_identity(ntx *t, const rule *r, identity *id, const figure *pct, operand num,
                           operand den, const figure *minus, int minus_sign)
{
    identity_init(id, ID_RATIO, r);
    identity_add(id, fig_value(t, pct), 1);
    size_t before = id->nterms;
    operand_terms(t, num, id, 1);
    id->nnum = id->nterms - before;
    operand_terms(t, den, id, 1);
    if (minus)
        identity_add(id, fig_value(t, minus), minus_sign);
}

/* A narrative figure has a line and column but no table cell of its own. */
static finding *fail_at(ntx *t, const rule *r, const figure *f, const char *what)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.line = f->line;
    at.pos = f->pos;
    finding *fd = vrun_fail(t->v, r, what, &at);
    if (fd) {
        fd->kind = f->percent ? VK_RATE : f->count ? VK_COUNT : VK_AMOUNT;
        finding_set_lockey(fd, f->text); /* the sentence, wherever it moves */
    }
    return fd;
}

static void message(ntx *t, finding *fd, const figure *f, const char *a, const char *b,
                    const char *detail)
{
    vrun_message(t->v, fd, &(msg_args){.text = f->text, .a = a, .b = b, .detail = detail});
}

static void what_of(char *buf, size_t cap, const figure *f, const char *kind)
{
    snprintf(buf, cap, "narrative line %ld %s: %s", f->line, kind, f->text);
}

/* The narrative's value of a quantity against its cell. */
static void check_figures(ntx *t, const rule *r)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        if (f->role != ROLE_VALUE || f->quantity < 0 || f->percent)
            continue;
        const qty *q = &t->q[f->quantity];
        if (q->count != f->count)
            continue;
        char what[256];
        what_of(what, sizeof what, f, "value");
        gfa_ival cell;
        const fact *x = NULL;
        if (!quantity_value(t, q, &cell, &x)) {
            vrun_unchecked(t->v, r, what, "the table it refers to is not in the report");
            continue;
        }
        gfa_dec diff, allowed;
        gfa_ival fi = fig_ival(f);
        ival_status st = ival_same(fi, cell, &diff, &allowed);
        if (st == IVAL_OVERFLOW) {
            vrun_unchecked(t->v, r, what, "the figures are too large to check exactly");
            continue;
        }
        /* for the diagnosis a figure and its cell agree up to rounding: a difference of
         * the last digit is reported (an inconsistency, info when the figure is the exact
         * sum of the cell's parts) but is no printed value to correct */
        identity id;
        identity_init(&id, ID_SUM, r);
        identity_add(&id, fig_value(t, f), 1);
        quantity_terms(t, q, &id, -1);
        if (st == IVAL_CONSISTENT) {
            vrun_pass(t->v, r, what);
            vrun_identity(t->v, &id, false, NULL);
            continue;
        }
        finding *fd = fail_at(t, r, f, what);
        vrun_identity(t->v, &id, true, fd);
        if (!fd)
            continue;
        gfa_severity sev = r->severity;
        if (st == IVAL_ROUNDING && sev > GFA_SEV_INCONSISTENCY)
            sev = GFA_SEV_INCONSISTENCY; /* rounding could explain it */
        if (!f->local && sev > GFA_SEV_WARNING)
            sev = GFA_SEV_WARNING; /* the quantity was named in an earlier clause */
        fd->severity = sev;
        fd->reported = dec_text(f->value);
        fd->expected = dec_text(cell.mid);
        fd->difference = dec_text(diff);
        fd->tolerance = dec_text(allowed);
        if (x) {
            fd->table = strdup(x->table);
            fd->row = strdup(x->row);
            fd->col = strdup(x->col);
            finding_add_cell(fd, x);
        }
        message(t, fd, f, NULL, NULL, NULL);
    }
}

/* The printed percentage f against a ÷ b × 100 over their intervals: records a pass or
 * "not checkable" (undefined: why the base cannot tell) and returns NULL, or returns the
 * finding with the reported and expected percentages. */
static finding *ratio_finding(ntx *t, const rule *r, const figure *f, gfa_ival a, gfa_ival b,
                              const char *what, const char *undefined, identity *id)
{
    gfa_dec mid;
    ival_status st = ival_percent(ival_printed(f->value, f->value.scale), a, b,
                                  f->value.scale + 2, &mid);
    if (st == IVAL_UNDEFINED || st == IVAL_OVERFLOW) {
        vrun_unchecked(t->v, r, what,
                       st == IVAL_UNDEFINED ? undefined : "the figures are too large to check exactly");
        free(id->terms);
        id->terms = NULL;
        return NULL;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(t->v, r, what);
        vrun_identity(t->v, id, false, NULL);
        return NULL;
    }
    finding *fd = fail_at(t, r, f, what);
    vrun_identity(t->v, id, true, fd);
    if (fd) {
        fd->reported = dec_text(f->value);
        fd->expected = dec_text(dec_round(mid, f->value.scale));
    }
    return fd;
}

/* A share or a completion rate, recorded. */
static void report_ratio(ntx *t, const rule *r, const figure *f, gfa_ival a, gfa_ival b,
                         const char *what, identity *id)
{
    finding *fd = ratio_finding(t, r, f, a, b, what, "the base is too small for its rounding to tell",
                                id);
    if (!fd)
        return;
    char *ta = dec_text(a.mid), *tb = dec_text(b.mid);
    message(t, fd, f, ta, tb, NULL);
    free(ta);
    free(tb);
}

/* The most recent figure of a role in the same sentence before index i (or, with
 * in_paragraph, in the same paragraph: "…81.09万元。占基本支出9.42%。"). */
static const figure *before_in(const ntx *t, size_t i, fig_role role, bool in_paragraph)
{
    for (size_t k = i; k-- > 0;) {
        if (in_paragraph ? t->figs[k].para != t->figs[i].para
                         : t->figs[k].sentence != t->figs[i].sentence)
            return NULL;
        if (t->figs[k].role == role && !t->figs[k].percent)
            return &t->figs[k];
    }
    return NULL;
}

static const figure *before(const ntx *t, size_t i, fig_role role)
{
    return before_in(t, i, role, false);
}

/* The base of a share: the quantity named after 占, or the figure that opens its section
 * ("…支出合计100.00万元，其中：…", base_fig[i]); false when neither is stated. */
static bool share_base(const ntx *t, size_t i, const int *base_fig, gfa_ival *base)
{
    const figure *f = &t->figs[i];
    const fact *x;
    if (f->base >= 0)
        return quantity_value(t, &t->q[f->base], base, &x);
    if (base_fig[i] < 0)
        return false;
    *base = fig_ival(&t->figs[base_fig[i]]);
    return true;
}

/* How a growth rate's figures are found: the change before it in its sentence, this
 * year's figure before the change (or the same quantity's earlier in the paragraph), and
 * last year's = this year's ∓ the change, an interval as wide as both figures'. */
typedef enum growth_state { GROWTH_OK, GROWTH_UNKNOWN, GROWTH_CONTRADICTS } growth_state;

/* this year's figure (a: a figure, or the quantity's cells) */
static growth_state growth_of(const ntx *t, size_t i, const figure **dp, operand *ap,
                              gfa_ival *prior, const char **why)
{
    const figure *g = &t->figs[i];
    const figure *d = before(t, i, ROLE_DELTA);
    /* "较上年减少1.25万元。减少3.99%": the change in the sentence before, same paragraph */
    for (size_t k = i; !d && k-- > 0 && t->figs[k].para == g->para &&
                       t->figs[k].sentence >= g->sentence - 1;)
        if (t->figs[k].role == ROLE_DELTA && !t->figs[k].percent)
            d = &t->figs[k];
    if (!d) {
        *why = "no change amount in the rate's sentence or the one before";
        return GROWTH_UNKNOWN;
    }
    /* this year's figure: the value stated before the change */
    size_t di = (size_t)(d - t->figs);
    const figure *a = before(t, di, ROLE_VALUE);
    /* "…收入总计100.00万元。与上年相比，收入总计增加10.00万元，增长11.11%": the same
     * quantity's value earlier in the paragraph */
    for (size_t k = di; !a && d->quantity >= 0 && k-- > 0 && t->figs[k].para == d->para;)
        if (t->figs[k].role == ROLE_VALUE && t->figs[k].quantity == d->quantity &&
            !t->figs[k].percent)
            a = &t->figs[k];
    /* …unless the paragraph states that quantity with two different values */
    bool ambiguous = false;
    for (size_t k = 0; a && k < t->nfigs; k++)
        ambiguous |= t->figs[k].para == a->para && t->figs[k].quantity == a->quantity &&
                     t->figs[k].role == ROLE_VALUE && !t->figs[k].percent &&
                     dec_cmp(t->figs[k].in_unit, a->in_unit) != 0;
    int qi = d->quantity >= 0 ? d->quantity : g->quantity;
    gfa_ival cell;
    const fact *x;
    *ap = (operand){a && !ambiguous ? a : NULL, NULL, false};
    /* stated twice, or not at all: the tables' figure of the quantity */
    if (!ap->fig && qi >= 0 && quantity_value(t, &t->q[qi], &cell, &x) && x)
        *ap = (operand){NULL, &t->q[qi], false};
    if (!ap->fig && !ap->q) {
        *why = ambiguous ? "this year's figure is stated twice with different values and no "
                           "table holds the quantity"
                         : "this year's figure is stated neither in the paragraph nor in a table";
        return GROWTH_UNKNOWN;
    }
    *dp = d;
    if (d->increase != g->increase) {
        *why = "the change and the rate go in opposite directions";
        return GROWTH_CONTRADICTS;
    }
    if (!operand_ival(t, *ap, prior) || !ival_add(prior, fig_ival(d), d->increase ? -1 : 1)) {
        *why = "the figures are too large to check exactly";
        return GROWTH_UNKNOWN;
    }
    return GROWTH_OK;
}

static void check_shares(ntx *t, const rule *r, const int *base_fig)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        if (f->role != ROLE_SHARE)
            continue;
        char what[256];
        what_of(what, sizeof what, f, "share");
        const figure *a = before(t, i, ROLE_VALUE);
        if (!a)
            a = before_in(t, i, ROLE_VALUE, true);
        gfa_ival base;
        bool have_base = share_base(t, i, base_fig, &base);
        if (!a || !have_base) {
            vrun_unchecked(t->v, r, what, !a ? "no figure before the share in its sentence"
                                              : "the total it is a share of is not stated");
            continue;
        }
        if (dec_is_zero(base.mid)) {
            vrun_unchecked(t->v, r, what, "the base is zero");
            continue;
        }
        identity id;
        operand num = {a, NULL, false},
                den = {base_fig[i] >= 0 && f->base < 0 ? &t->figs[base_fig[i]] : NULL,
                       f->base >= 0 ? &t->q[f->base] : NULL, false};
        ratio_identity(t, r, &id, f, num, den, NULL, 0);
        /* a share is at most the whole: for the diagnosis, a bound of its own (a share
         * over 100% is GFA-TXT-004's finding) */
        identity cap;
        identity_init(&cap, ID_LE, r);
        identity_add(&cap, fig_value(t, f), 1);
        cap.konst = ival_exact((gfa_dec){-100, 0});
        gfa_dec lo, hi;
        gfa_ival fi = fig_ival(f);
        vrun_identity(t->v, &cap, ival_bounds(fi, &lo, &hi) && dec_cmp(lo, (gfa_dec){100, 0}) > 0,
                      NULL);
        report_ratio(t, r, f, fig_ival(a), base, what, &id);
    }
}

/* A completion rate's outturn and budget: the figures before it in its sentence, else the
 * quantity's cells in the tables (公开09 prints the 三公 budgets); false with the reason
 * (which value is absent) when neither says. */
static bool completion_of(const ntx *t, size_t i, operand *a, operand *b, const char **why)
{
    const figure *f = &t->figs[i];
    const qty *q = f->quantity >= 0 ? &t->q[f->quantity] : NULL;
    gfa_ival x;
    *a = (operand){before(t, i, ROLE_VALUE), NULL, false};
    *b = (operand){before(t, i, ROLE_BUDGET), NULL, false};
    /* a budget stated for another quantity earlier in the sentence is not this one's
     * (the template's "“三公”经费…年初预算为 A 万元，…，其中：因公出国（境）费决算为 B
     * 万元，完成预算的 C%": C is B over 因公出国's own budget, not over A) */
    if (a->fig && b->fig && a->fig->quantity >= 0 && b->fig->quantity >= 0 &&
        a->fig->quantity != b->fig->quantity && b->fig < a->fig)
        b->fig = NULL;
    if (!a->fig && q && operand_ival(t, (operand){NULL, q, false}, &x))
        *a = (operand){NULL, q, false};
    if (!b->fig && q && q->budget && operand_ival(t, (operand){NULL, q, true}, &x))
        *b = (operand){NULL, q, true};
    if (!a->fig && !a->q)
        *why = "the outturn is stated neither in the sentence nor, for a quantity the "
               "rule files place, in a table";
    else if (!b->fig && !b->q)
        *why = "the budget is stated neither in the sentence nor in a table (公开09 prints "
               "only the 三公 budgets)";
    return (a->fig || a->q) && (b->fig || b->q);
}

static void check_completion(ntx *t, const rule *r)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        if (f->role != ROLE_COMPLETION)
            continue;
        char what[256];
        what_of(what, sizeof what, f, "completion");
        operand a, b;
        const char *why = NULL;
        gfa_ival ai, bi;
        if (!completion_of(t, i, &a, &b, &why) || !operand_ival(t, a, &ai) ||
            !operand_ival(t, b, &bi)) {
            vrun_unchecked(t->v, r, what, why ? why : "a table it needs is not in the report");
            continue;
        }
        identity id;
        ratio_identity(t, r, &id, f, a, b, NULL, 0);
        if (dec_is_zero(bi.mid)) {
            /* printed over a budget of zero: wrong (GFA-NAR-007 says why) */
            finding *fd = fail_at(t, r, f, what);
            free(id.terms);
            if (fd) {
                fd->reported = dec_text(f->value);
                fd->expected = strdup("—");
                char *ta = dec_text(ai.mid), *tb = dec_text(bi.mid);
                message(t, fd, f, ta, tb, NULL);
                free(ta);
                free(tb);
            }
            continue;
        }
        report_ratio(t, r, f, ai, bi, what, &id);
    }
}

static void check_change(ntx *t, const rule *r)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *g = &t->figs[i];
        if (g->role != ROLE_GROWTH)
            continue;
        char what[256];
        what_of(what, sizeof what, g, "change");
        const figure *d = NULL;
        operand a;
        gfa_ival prior;
        const char *why = NULL;
        growth_state gs = growth_of(t, i, &d, &a, &prior, &why);
        if (gs == GROWTH_UNKNOWN) {
            vrun_unchecked(t->v, r, what, why);
            continue;
        }
        if (gs == GROWTH_CONTRADICTS) {
            finding *fd = fail_at(t, r, g, what);
            if (fd) {
                fd->reported = dec_text(g->value);
                message(t, fd, g, NULL, NULL, "增减方向前后矛盾（一处说增加，一处说减少）");
            }
            continue;
        }
        gfa_dec plo, phi;
        gfa_ival ai;
        operand_ival(t, a, &ai);
        if (ival_bounds(prior, &plo, &phi) && plo.units <= 0 && phi.units >= 0) {
            /* last year works out at zero: no rate, whatever is printed (GFA-NAR-007 says
             * so; this finding follows from it) */
            finding *fd = fail_at(t, r, g, what);
            if (fd) {
                fd->reported = dec_text(g->value);
                message(t, fd, g, NULL, NULL, "：按本年数与增减额推算上年数为零，不能计算增减率");
            }
            continue;
        }
        identity id;
        ratio_identity(t, r, &id, g, (operand){d, NULL, false}, a, d, d->increase ? -1 : 1);
        if (prior.mid.units < 0) {
            /* a change larger than this year's figure for an increase: last year negative */
            finding *fd = fail_at(t, r, g, what);
            vrun_identity(t->v, &id, true, fd);
            if (fd) {
                fd->reported = dec_text(g->value);
                message(t, fd, g, NULL, NULL, "：增加额大于本年数，推算的上年数为负");
            }
            continue;
        }
        finding *fd = ratio_finding(t, r, g, fig_ival(d), prior, what,
                                    "last year's figure is too small for its rounding to tell", &id);
        if (!fd)
            continue;
        char *ta = dec_text(ai.mid), *td = dec_text(d->in_unit), *tp = dec_text(prior.mid),
             *detail = NULL;
        const char *te = fd->expected ? fd->expected : "", *tr = fd->reported ? fd->reported : "";
        int n = d->increase
                    ? asprintf(&detail, "：本年 %s，增加 %s，上年应为 %s，增减率应为 %s%%，不是 %s%%",
                               ta, td, tp, te, tr)
                    : asprintf(&detail, "：本年 %s，减少 %s，上年应为 %s，增减率应为 %s%%，不是 %s%%",
                               ta, td, tp, te, tr);
        if (n < 0)
            detail = NULL;
        message(t, fd, g, NULL, NULL, detail);
        free(ta);
        free(td);
        free(tp);
        free(detail);
    }
}


/* GFA-NAR-008: a change against last year's figure where the report prints it (上年决算数,
 * 2023年…, in the change's sentence or anywhere the same quantity's last-year figure
 * stands): this year's figure − last year's = the change. A change equal to this year's
 * whole figure says last year was zero: wrong when a last-year figure that is not zero is
 * printed. */
static const figure *prior_of(const ntx *t, size_t di)
{
    const figure *d = &t->figs[di];
    /* in the change's sentence first, then the same quantity's anywhere */
    for (size_t k = 0; k < t->nfigs; k++)
        if (t->figs[k].role == ROLE_PRIOR && t->figs[k].sentence == d->sentence &&
            !t->figs[k].percent && t->figs[k].count == d->count &&
            (d->quantity < 0 || t->figs[k].quantity < 0 || t->figs[k].quantity == d->quantity))
            return &t->figs[k];
    for (size_t k = 0; d->quantity >= 0 && k < t->nfigs; k++)
        if (t->figs[k].role == ROLE_PRIOR && t->figs[k].quantity == d->quantity &&
            !t->figs[k].percent && t->figs[k].count == d->count)
            return &t->figs[k];
    return NULL;
}

/* Last year's value of a quantity of one cell in a column the definitions say holds it
 * (a 上年决算数 column: @prior-of), or NULL. */
static const fact *prior_cell(const ntx *t, const qty *q)
{
    const ruleset *rs = t->v->rules;
    if (q->expr && (q->expr->n != 1 || q->expr->signs[0] != 1))
        return NULL;
    const cellref *ref = q->expr ? &q->expr->refs[0] : NULL;
    const table_info *ti = tableset_pick(ref ? &ref->tables : &rs->named_rows, &t->v->facts);
    const table_def *def = ti ? table_defs_find(&t->v->ctx->defs, ti->def) : NULL;
    const char *col = ref ? ref->col : rs->named_col;
    for (size_t p = 0; def && col && p < def->nparts; p++) {
        const part_def *pd = &def->parts[p];
        for (size_t c = 0; c < pd->ncols; c++) {
            int of = pd->cols[c].prior_of;
            if (of < 0 || strcmp(pd->cols[of].id, col))
                continue;
            const fact *x = facts_get(&t->v->facts, ti->def, ref ? ref->row : q->row,
                                      pd->cols[c].id);
            return x && x->kind == CELL_NUMBER ? x : NULL;
        }
    }
    return NULL;
}

static void check_prior(ntx *t, const rule *r)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *d = &t->figs[i];
        if (d->role != ROLE_DELTA || d->percent)
            continue;
        /* last year's figure: printed in the narrative, else in a 上年 column */
        const figure *p = prior_of(t, i);
        const fact *px = !p && d->quantity >= 0 && !d->count ? prior_cell(t, &t->q[d->quantity]) : NULL;
        if (!p && !px)
            continue; /* no last-year figure printed: NAR-004 checks what is stated */
        gfa_ival pi = p ? fig_ival(p) : ival_printed(px->value, px->value.scale);
        gfa_dec pv = p ? p->in_unit : px->value;
        char what[256];
        what_of(what, sizeof what, d, px ? "change against last year's column" : "change against last year's figure");
        /* this year's figure: as the growth check finds it */
        const figure *a = before(t, i, ROLE_VALUE);
        for (size_t k = i; !a && d->quantity >= 0 && k-- > 0 && t->figs[k].para == d->para;)
            if (t->figs[k].role == ROLE_VALUE && t->figs[k].quantity == d->quantity &&
                !t->figs[k].percent)
                a = &t->figs[k];
        operand ao = {a, NULL, false};
        gfa_ival cell;
        const fact *x;
        if (!a && d->quantity >= 0 && quantity_value(t, &t->q[d->quantity], &cell, &x) && x)
            ao = (operand){NULL, &t->q[d->quantity], false};
        gfa_ival ai, sum;
        if (!ao.fig && !ao.q) {
            vrun_unchecked(t->v, r, what, "this year's figure is stated neither in the paragraph nor in a table");
            continue;
        }
        /* this year − last year ∓ change = 0 */
        identity id;
        identity_init(&id, ID_SUM, r);
        operand_terms(t, ao, &id, 1);
        identity_add(&id, p ? fig_value(t, p) : vrun_value_cell(t->v, px), -1);
        identity_add(&id, fig_value(t, d), d->increase ? -1 : 1);
        gfa_dec diff, allowed;
        if (!operand_ival(t, ao, &ai) || !(sum = ai, ival_add(&sum, pi, -1))) {
            vrun_unchecked(t->v, r, what, "the figures are too large to check exactly");
            free(id.terms);
            continue;
        }
        gfa_ival change = fig_ival(d);
        if (!d->increase)
            change.mid = dec_neg(change.mid);
        ival_status st = ival_overlap(change, sum, &diff, &allowed);
        if (st == IVAL_CONSISTENT) {
            vrun_pass(t->v, r, what);
            vrun_identity(t->v, &id, false, NULL);
            continue;
        }
        if (st != IVAL_INCONSISTENT) {
            vrun_unchecked(t->v, r, what, "the figures are too large to check exactly");
            free(id.terms);
            continue;
        }
        finding *fd = fail_at(t, r, d, what);
        vrun_identity(t->v, &id, true, fd);
        if (!fd)
            continue;
        fd->reported = dec_text(d->value);
        fd->expected = dec_text(dec_abs(sum.mid));
        fd->difference = dec_text(diff);
        fd->tolerance = dec_text(allowed);
        if (px)
            finding_add_cell(fd, px);
        char *ta = dec_text(ai.mid), *tp = dec_text(pv), *detail = NULL;
        bool whole = dec_cmp(dec_abs(d->in_unit), dec_abs(ai.mid)) == 0 && !dec_is_zero(pv);
        char *column = px ? vrun_cell_name(t->v, px->table, px->row, px->col) : NULL;
        if (asprintf(&detail, "%s%s%s%s", column ? "（上年数见" : "", column ? column : "",
                     column ? "）" : "", whole ? "（增减额等于本年数，但上年数不为零）" : "") < 0)
            detail = NULL;
        message(t, fd, d, ta, tp, detail);
        free(column);
        free(ta);
        free(tp);
        free(detail);
    }
}

/* GFA-NAR-007: every share, completion rate and growth rate has a base that is not zero
 * (a share's total, a completion rate's budget, a growth rate's last-year figure);
 * a rate printed over a zero base is not computable. The bases are found as the ratio
 * checks find them, whether or not those checks run. */
static void check_zero_base(ntx *t, const rule *r, const int *base_fig)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        if (f->role != ROLE_SHARE && f->role != ROLE_COMPLETION && f->role != ROLE_GROWTH)
            continue;
        char what[256];
        what_of(what, sizeof what, f, "zero base");
        const char *why = NULL, *zero = NULL;
        gfa_ival base;
        const figure *b = NULL, *d;
        if (f->role == ROLE_SHARE) {
            if (!share_base(t, i, base_fig, &base))
                why = "the total it is a share of is not stated";
            else if (dec_is_zero(base.mid))
                zero = "所占比的总数为零";
        } else if (f->role == ROLE_COMPLETION) {
            operand oa, ob;
            gfa_ival bi;
            (void)b;
            if (!completion_of(t, i, &oa, &ob, &why) || !operand_ival(t, ob, &bi))
                why = why ? why : "a table it needs is not in the report";
            else if (dec_is_zero(bi.mid))
                zero = "预算数为零";
        } else {
            operand oa;
            gfa_dec lo, hi;
            if (growth_of(t, i, &d, &oa, &base, &why) == GROWTH_OK && ival_bounds(base, &lo, &hi) &&
                lo.units <= 0 && hi.units >= 0)
                zero = "按本年数与增减额推算上年数为零";
        }
        if (why) {
            vrun_unchecked(t->v, r, what, why);
            continue;
        }
        if (!zero) {
            vrun_pass(t->v, r, what);
            continue;
        }
        finding *fd = fail_at(t, r, f, what);
        if (!fd)
            continue;
        fd->reported = dec_text(f->value);
        message(t, fd, f, NULL, NULL, zero);
        /* the ratio checks that failed on this figure for want of a base follow from it */
        for (size_t k = 0; k + 1 < t->v->nfindings; k++) {
            finding *o = &t->v->findings[k];
            if (o->cause < 0 && !o->table && o->line == fd->line && o->pos == fd->pos &&
                o->reported && !strcmp(o->reported, fd->reported) && o->rule != r)
                o->cause = (int)(t->v->nfindings - 1);
        }
    }
}

static const char *role_name(fig_role r)
{
    static const char *const names[] = {"value", "budget", "delta", "growth", "share", "completion", "other",
                                        "prior"};
    return names[r];
}

/* The same quantity and role stated twice with different values (same precision). */
static void check_repeated(ntx *t, const rule *r)
{
    strmap *first = strmap_new(); /* "quantity/role/percent" → the first such figure */
    for (size_t i = 0; first && i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        if (f->quantity < 0 || f->role == ROLE_OTHER || f->role == ROLE_SHARE)
            continue;
        char key[64];
        snprintf(key, sizeof key, "%d/%d/%d", f->quantity, (int)f->role, (int)f->percent);
        int k0;
        if (!strmap_get(first, key, &k0)) {
            strmap_put(first, key, (int)i);
            continue;
        }
        for (size_t k = (size_t)k0; k < i; k++) {
            const figure *e = &t->figs[k];
            if (e->quantity != f->quantity || e->role != f->role || e->percent != f->percent)
                continue;
            char what[256];
            snprintf(what, sizeof what, "narrative %s %s twice (lines %ld, %ld)",
                     t->q[f->quantity].id, role_name(f->role), e->line, f->line);
            identity id;
            identity_init(&id, ID_SUM, r);
            id.strict = true;
            identity_add(&id, fig_value(t, f), 1);
            identity_add(&id, fig_value(t, e), -1);
            if (e->in_unit.scale != f->in_unit.scale) { /* not the same precision: not compared */
                vrun_pass(t->v, r, what);
                free(id.terms);
                break;
            }
            if (dec_cmp(e->in_unit, f->in_unit) == 0) {
                vrun_pass(t->v, r, what);
                vrun_identity(t->v, &id, false, NULL);
                break;
            }
            finding *fd = fail_at(t, r, f, what);
            vrun_identity(t->v, &id, true, fd);
            if (fd) {
                fd->reported = dec_text(f->value);
                fd->expected = dec_text(e->value);
                char a[64], b[64], line[24];
                snprintf(line, sizeof line, "%ld", e->line);
                vrun_message(t->v, fd,
                             &(msg_args){.text = t->q[f->quantity].keys ? t->q[f->quantity].keys[0] : "",
                                         .a = dec_format(f->value, a, sizeof a),
                                         .b = dec_format(e->value, b, sizeof b),
                                         .detail = line});
            }
            break;
        }
    }
    strmap_free(first);
}

/* 大于/小于/等于/持平 in a sentence holding a budget and an outturn figure. */
static bool span_has(const sentence_span *sp, const word_list *words)
{
    for (size_t i = 0; i < words->count; i++)
        if (memmem(sp->start, sp->len, words->words[i], strlen(words->words[i])))
            return true;
    return false;
}

static void check_comparison(ntx *t, const rule *r)
{
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *b = &t->figs[i];
        if (b->role != ROLE_BUDGET)
            continue;
        const figure *a = NULL;
        for (size_t k = i + 1; k < t->nfigs && t->figs[k].sentence == b->sentence && !a; k++)
            if (t->figs[k].role == ROLE_VALUE && !t->figs[k].percent)
                a = &t->figs[k];
        if (!a || b->sentence < 0 || (size_t)b->sentence >= t->nspans ||
            !t->spans[b->sentence].start)
            continue;
        const sentence_span *s = &t->spans[b->sentence];
        const word_list *w = t->v->ctx->vocab.lists;
        int word = span_has(s, &w[V_GREATER])  ? 1
                   : span_has(s, &w[V_LESS])  ? -1
                   : span_has(s, &w[V_EQUAL]) ? 0
                                              : 2;
        if (word == 2 || span_has(s, &w[V_UNDECIDED]))
            continue;
        char what[256];
        what_of(what, sizeof what, a, "comparison");
        int cmp = dec_cmp(a->in_unit, b->in_unit);
        if (cmp == word) {
            vrun_pass(t->v, r, what);
            continue;
        }
        finding *fd = fail_at(t, r, a, what);
        if (!fd)
            continue;
        char *ta = dec_text(a->in_unit), *tb = dec_text(b->in_unit);
        message(t, fd, a, ta, tb, NULL);
        free(ta);
        free(tb);
    }
}

/* ------------------------------------------------------------------ driver --- */

typedef struct para {
    xmlNodePtr node;
    char *text; /* NFKC */
    xmlNodePtr section;
    char *scope; /* the keys of its section's title and of the sections around it, or NULL */
} para;

static size_t count_paras(xmlNodePtr n)
{
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (xml_is(c, "p") || xml_is(c, "item"))
            k++;
        else if (xml_is(c, "section"))
            k += count_paras(c);
    return k;
}

/* A section's scope: the key of its title, then its enclosing sections' (outer_scope). */
static char *section_scope(const gfa_context *ctx, xmlNodePtr section, const char *outer_scope)
{
    char *title = NULL;
    for (xmlNodePtr c = section->children; c && !title; c = c->next)
        if (xml_is(c, "title")) {
            xmlChar *copy;
            const char *txt = node_text(c, &copy);
            char *nfkc = txt ? text_nfkc(txt, strlen(txt)) : NULL;
            title = nfkc ? text_key(&ctx->variants, nfkc, strlen(nfkc)) : NULL;
            free(nfkc);
            xmlFree(copy);
        }
    char *s = NULL;
    if (asprintf(&s, "%s\n%s", title ? title : "", outer_scope ? outer_scope : "") < 0)
        s = NULL;
    free(title);
    return s;
}

static size_t collect(const gfa_context *ctx, xmlNodePtr n, xmlNodePtr section, const char *scope,
                      para *out, size_t k, size_t max)
{
    for (xmlNodePtr c = n->children; c && k < max; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, "p") || xml_is(c, "item")) {
            xmlChar *copy;
            const char *txt = node_text(c, &copy);
            out[k].node = c;
            out[k].text = txt ? text_nfkc(txt, strlen(txt)) : NULL;
            out[k].section = section;
            out[k].scope = scope ? strdup(scope) : NULL;
            xmlFree(copy);
            if (out[k].text)
                k++;
            else
                free(out[k].scope);
        } else if (xml_is(c, "section")) {
            char *inner = section_scope(ctx, c, scope);
            k = collect(ctx, c, c, inner, out, k, max);
            free(inner);
        }
    }
    return k;
}

/* Everything the narrative checks read, built once per validation run: the figures of
 * every paragraph with their roles and quantities, each figure's section base, and where
 * each sentence stands in its paragraph's text. */
typedef struct narrative_model {
    ntx t;
    para *paras;
    size_t np;
    int *base_fig; /* each figure's section base: the figure that opens its section, or -1 */
} narrative_model;

void narrative_free(void *p)
{
    narrative_model *m = p;
    if (!m)
        return;
    for (size_t i = 0; i < m->np; i++) {
        free(m->paras[i].text);
        free(m->paras[i].scope);
    }
    free(m->paras);
    free(m->t.spans);
    free(m->base_fig);
    free(m->t.figs);
    for (size_t i = 0; i < m->t.nq; i++) {
        free(m->t.q[i].id);
        for (size_t k = 0; k < m->t.q[i].nkeys; k++)
            free(m->t.q[i].keys[k]);
        free(m->t.q[i].keys);
        for (size_t k = 0; k < m->t.q[i].nwithin; k++)
            free(m->t.q[i].within_keys[k]);
        free(m->t.q[i].within_keys);
        free(m->t.q[i].within_q);
    }
    free(m->t.q);
    free(m->t.keys);
    free(m);
}

static narrative_model *model_build(vrun *v, xmlNodePtr narrative)
{
    narrative_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->t.v = v;
    /* the report's year: 2023年 in its narrative is last year */
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    for (xmlNodePtr h = root ? root->children : NULL; h; h = h->next)
        if (xml_is(h, "header"))
            for (xmlNodePtr p = h->children; p; p = p->next)
                if (xml_is(p, "period") && xml_attr(p, "year"))
                    m->t.year = strtol(xml_attr(p, "year"), NULL, 10);
    build_quantities(&m->t);
    if (!index_keys(&m->t))
        v->out_of_memory = true; /* a figure left unnamed must not let a report through */
    size_t max = count_paras(narrative);
    m->paras = calloc(max + 1, sizeof *m->paras);
    m->np = m->paras ? collect(v->ctx, narrative, NULL, NULL, m->paras, 0, max) : 0;
    int sentence_no = 0;
    size_t base_at = (size_t)-1;
    xmlNodePtr base_section = NULL;
    for (size_t i = 0; i < m->np; i++) {
        const char *line = xml_attr(m->paras[i].node, "line");
        bool single = xml_attr(m->paras[i].node, "endLine") == NULL;
        size_t first = m->t.nfigs;
        extract(&m->t, m->paras[i].text, m->paras[i].scope, line ? strtol(line, NULL, 10) : 0,
                single, &sentence_no, (int)i);
        size_t len = strlen(m->paras[i].text);
        bool colon = len >= 1 && (m->paras[i].text[len - 1] == ':' ||
                                  words_in(&v->ctx->vocab.lists[V_BREAKDOWN], m->paras[i].text, NULL));
        if (m->paras[i].section != base_section) {
            base_section = m->paras[i].section;
            base_at = (size_t)-1;
        }
        int *nb = realloc(m->base_fig, (m->t.nfigs + 1) * sizeof *nb);
        if (!nb)
            break;
        m->base_fig = nb;
        for (size_t k = first; k < m->t.nfigs; k++)
            m->base_fig[k] = base_at != (size_t)-1 ? (int)base_at : -1;
        if (colon)
            for (size_t k = first; k < m->t.nfigs; k++)
                if (m->t.figs[k].role == ROLE_VALUE && !m->t.figs[k].percent) {
                    base_at = k;
                    break;
                }
    }
    return m;
}

/* The run's narrative model, built by the first rule that needs it; NULL when the report
 * has no narrative (or memory ran out: *nomem). */
static narrative_model *model_of(vrun *v, bool *nomem)
{
    *nomem = false;
    if (v->narrative)
        return v->narrative;
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    xmlNodePtr narrative = NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n && !narrative; n = n->next)
        if (xml_is(n, "narrative"))
            narrative = n;
    if (!narrative)
        return NULL;
    v->narrative = model_build(v, narrative);
    *nomem = v->narrative == NULL;
    return v->narrative;
}

void check_narrative(vrun *v, const rule *r, const rule_check *c)
{
    bool nomem;
    narrative_model *m = model_of(v, &nomem);
    if (!m)
        return;
    ntx *t = &m->t;
    if (!m->base_fig)
        return;
    switch ((narrative_check)c->check) {
    case NAR_FIGURES: check_figures(t, r); break;
    case NAR_SHARES: check_shares(t, r, m->base_fig); break;
    case NAR_COMPLETION: check_completion(t, r); break;
    case NAR_CHANGE: check_change(t, r); break;
    case NAR_REPEATED: check_repeated(t, r); break;
    case NAR_COMPARISON: check_comparison(t, r); break;
    case NAR_ZERO_BASE: check_zero_base(t, r, m->base_fig); break;
    case NAR_PRIOR: check_prior(t, r); break;
    }
}

/* ------------------------------------------------- figures for the store --- */

/* The cells a quantity names, written as a rule writes them ("gk09|sh07/data/final_total"). */
static char *quantity_cells(const ntx *t, const qty *q)
{
    if (q->expr)
        return strdup(q->expr->text);
    const ruleset *rs = t->v->rules;
    char *s = NULL;
    if (asprintf(&s, "%s/%s/%s", rs->named_rows.text ? rs->named_rows.text : "", q->row,
                 rs->named_col ? rs->named_col : "") < 0)
        return NULL;
    return s;
}

void nar_figures_free(nar_figure *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++) {
        free(f[i].quantity);
        free(f[i].cell);
    }
    free(f);
}

/* Every figure of the narrative with its role and quantity, so that a store can check
 * the changes against last year's report (GFA-YOY) and an analyst can query them. */
gfa_status narrative_figures(vrun *v, nar_figure **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool nomem;
    narrative_model *m = model_of(v, &nomem);
    if (!m)
        return nomem ? GFA_ERR_NOMEM : GFA_OK;
    const ntx *t = &m->t;
    nar_figure *figs = calloc(t->nfigs + 1, sizeof *figs);
    if (!figs)
        return GFA_ERR_NOMEM;
    for (size_t i = 0; i < t->nfigs; i++) {
        const figure *f = &t->figs[i];
        nar_figure *x = &figs[i];
        x->role = role_name(f->role);
        x->value = f->value;
        x->in_unit = f->in_unit;
        x->percent = f->percent;
        x->count = f->count;
        x->increase = f->increase;
        x->local = f->local;
        x->sentence = f->sentence;
        x->line = f->line;
        x->pos = f->pos;
        memcpy(x->text, f->text, sizeof x->text);
        if (f->quantity >= 0) {
            const qty *q = &t->q[f->quantity];
            x->quantity = strdup(q->id);
            x->cell = quantity_cells(t, q);
            if (!x->quantity || !x->cell) {
                nar_figures_free(figs, i + 1);
                return GFA_ERR_NOMEM;
            }
        }
    }
    *out = figs;
    *n = t->nfigs;
    return GFA_OK;
}
