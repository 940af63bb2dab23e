/* check_perf.c — 项目支出绩效自评表: 执行率 = 执行数 ÷ 全年预算数, 结余 = 预算 − 执行,
 * the 预算执行 score, 总分 = Σ 得分, funds by source add up, the forms' codes agree with the
 * report, and the projects' execution against 项目支出.
 *
 * Figures the reader marked uncertain, and figures that look like a decimal comma
 * (49,908 in a row of 50s), make a check not checkable rather than failed. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

/* The <performance> elements of the instance in order, as many as there are. */
typedef struct form_list {
    xmlNodePtr *items;
    size_t n, cap;
    bool failed; /* out of memory */
} form_list;

static void forms(xmlNodePtr n, form_list *out)
{
    for (xmlNodePtr c = n->children; c && !out->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, "performance")) {
            if (out->n == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 16;
                xmlNodePtr *items = realloc(out->items, cap * sizeof *items);
                if (!items) {
                    out->failed = true;
                    return;
                }
                out->items = items;
                out->cap = cap;
            }
            out->items[out->n++] = c;
        } else if (xml_is(c, "attachments") || xml_is(c, "tables") || xml_is(c, "narrative") ||
                   xml_is(c, "section")) {
            forms(c, out);
        }
    }
}

static const char *project_of(xmlNodePtr perf)
{
    for (xmlNodePtr c = perf->children; c; c = c->next)
        if (xml_is(c, "project"))
            return xml_attr(c, "name");
    return "";
}

/* A printed grouping comma that is really a decimal point: "49,908" with no '.', exactly
 * three digits after one comma. */
bool looks_like_decimal_comma(const char *text)
{
    if (!text || strchr(text, '.'))
        return false;
    const char *comma = strchr(text, ',');
    return comma && !strchr(comma + 1, ',') && strlen(comma + 1) == 3 && comma > text &&
           comma - text <= 3;
}

/* Findings of a form name it "perf:LINE" (the form's first line), so that two forms'
 * cells are never taken for the same cell when root causes are grouped. */
static const char *form_id(xmlNodePtr n, char *buf, size_t cap)
{
    while (n && !xml_is(n, "performance"))
        n = n->parent;
    snprintf(buf, cap, "perf:%ld", xml_attr_long(n, "line", 0));
    return buf;
}

static fact fact_of(xmlNodePtr amt, const char *source, const char *field, char *buf, size_t cap)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.table = form_id(amt, buf, cap);
    at.row = source;
    at.col = field;
    at.node = amt;
    at.line = xml_attr_long(amt, "line", 0);
    at.pos = xml_attr_long(amt, "pos", 0);
    return at;
}

/* A figure of a form at its printed precision. */
static gfa_ival printed(gfa_dec v)
{
    return ival_printed(v, v.scale);
}

/* The reason a check of computed figures cannot be made. */
static const char *not_computable(ival_status st)
{
    return st == IVAL_UNDEFINED ? "the denominator's rounding interval contains zero"
                                : "the figures are too large to check exactly";
}

/* A form's finding: its values' kind, and where it is by the form's project rather than
 * by line (for the fingerprint). */
static void form_finding(finding *f, value_kind kind, const char *project)
{
    f->kind = kind;
    char *key = NULL;
    if (asprintf(&key, "perf/%s/%s/%s", project ? project : "", f->row ? f->row : "",
                 f->col ? f->col : "") >= 0)
        finding_set_lockey(f, key);
    free(key);
}

static void say(vrun *v, finding *f, const char *project, const char *a, const char *b)
{
    vrun_message(v, f, &(msg_args){.text = project, .a = a, .b = b});
}

/* ------------------------------------------------ the funds block --- */

/* A fund field as a printed value of the identities the diagnosis searches. */
static int field_value(vrun *v, const fund_reading *rd, int k, xmlNodePtr fund)
{
    char idbuf[48];
    const char *source = xml_attr(fund, "source");
    return rd->have[k] && rd->node[k]
               ? vrun_value_form(v, rd->node[k], form_id(fund, idbuf, sizeof idbuf),
                                 source ? source : "", fund_field_names[k], rd->v[k], false)
               : -1;
}

/* One fund check on one reading of its rows: IVAL_CONSISTENT, IVAL_INCONSISTENT, or
 * IVAL_UNDEFINED with *why when a figure it needs is not there (why NULL: the check does
 * not apply to the row). */
typedef ival_status (*fund_test)(const fund_reading *rows, size_t n, const void *arg,
                                 const char **why);

typedef struct tally {
    fund_test test;
    const void *arg;
    int held, failed, undecided;
    const char *why;            /* of an undecided reading */
    bool applies;               /* the check applies to the rows as read */
    fund_reading as_read[8];
    unsigned fields;            /* the fields the check computes from (bit per F_…), not the
                                   one it judges: the diagnosis may correct that one */
    fund_reading first[8];      /* the first reading, and whether another gives those */
    size_t nfirst;              /* fields other values */
    bool varies;
} tally;

static bool count_reading(const fund_reading *rows, size_t n, bool as_read, void *arg)
{
    tally *t = arg;
    const char *why = NULL;
    ival_status st = t->test(rows, n, t->arg, &why);
    if (as_read) {
        memcpy(t->as_read, rows, n * sizeof *rows);
        t->applies = st != IVAL_UNDEFINED || why;
    }
    if (!t->nfirst && n <= 8) {
        memcpy(t->first, rows, n * sizeof *rows);
        t->nfirst = n;
    } else {
        for (size_t i = 0; i < n && i < t->nfirst && !t->varies; i++)
            for (int k = 0; k < F_NFIELDS && !t->varies; k++)
                if (t->fields & (1u << k))
                    t->varies = rows[i].have[k] != t->first[i].have[k] ||
                                (rows[i].have[k] && (dec_cmp(rows[i].v[k], t->first[i].v[k]) ||
                                                     rows[i].node[k] != t->first[i].node[k]));
    }
    if (st == IVAL_CONSISTENT)
        t->held++;
    else if (st == IVAL_INCONSISTENT)
        t->failed++;
    else {
        t->undecided++;
        if (!t->why)
            t->why = why ? why : "a figure it needs is not printed";
    }
    return true;
}

typedef enum fund_verdict { FV_SKIP, FV_PASSED, FV_FAILED, FV_UNCHECKED } fund_verdict;

/* Runs a fund check over every reading of its rows and records a pass or a not-checkable
 * line; returns FV_FAILED for the caller to report (with the rows as read), FV_SKIP when
 * the check does not apply. *sure: the rows read one way only. */
static fund_verdict decide(vrun *v, const rule *r, const char *what, const funds_form *ff,
                           const size_t *rows, size_t n, tally *t, bool *sure)
{
    funds_doubt doubt;
    *sure = false;
    if (!funds_each(ff, rows, n, count_reading, t, &doubt)) {
        vrun_unchecked(v, r, what, "the form's funds rows can be read in too many ways");
        return FV_UNCHECKED;
    }
    if (!t->applies)
        return FV_SKIP;
    /* sure: the rows read one way only, or every reading gives the check's fields the same
     * values (a doubt elsewhere in the row does not touch it) */
    *sure = doubt.readings == 1 || (t->fields && !t->varies);
    if (t->held && !t->failed && !t->undecided) {
        vrun_pass(v, r, what);
        return FV_PASSED;
    }
    if (t->failed && !t->held && !t->undecided)
        return FV_FAILED;
    if (!t->held && !t->failed) {
        vrun_unchecked(v, r, what, t->why);
        return FV_UNCHECKED;
    }
    /* the result depends on the doubt: say which */
    char why[256];
    if (doubt.nstrings)
        snprintf(why, sizeof why, "the result depends on how %s%s%s is read (it reads two ways)",
                 doubt.strings[0], doubt.nstrings > 1 ? " and " : "",
                 doubt.nstrings > 1 ? doubt.strings[1] : "");
    else
        snprintf(why, sizeof why, "the result depends on which column each of the row's "
                                  "numbers is in (they do not line up with the header)");
    vrun_unchecked(v, r, what, why);
    return FV_UNCHECKED;
}

static ival_status rate_test(const fund_reading *rows, size_t n, const void *arg, const char **why)
{
    (void)n;
    (void)arg;
    const fund_reading *f = &rows[0];
    if (!f->have[F_RATE])
        return IVAL_UNDEFINED;
    if (!f->have[F_EXECUTED] || !f->have[F_FULL_YEAR]) {
        *why = "全年执行数 or 全年预算数 is not printed";
        return IVAL_UNDEFINED;
    }
    ival_status st = ival_percent(printed(f->v[F_RATE]), printed(f->v[F_EXECUTED]),
                                  printed(f->v[F_FULL_YEAR]), f->v[F_RATE].scale + 2, NULL);
    if (st == IVAL_OVERFLOW) {
        *why = "the figures are too large to check exactly";
        return IVAL_UNDEFINED;
    }
    /* a rate printed over a 全年预算数 of zero is wrong: there is no rate */
    return st == IVAL_UNDEFINED ? IVAL_INCONSISTENT : st;
}

static void fund_where(char *what, size_t cap, xmlNodePtr fund, const char *check)
{
    const char *source = xml_attr(fund, "source");
    snprintf(what, cap, "perf line %ld %s %s", xml_attr_long(fund, "line", 0), source ? source : "", check);
}

static ival_status balance_test(const fund_reading *rows, size_t n, const void *arg,
                                const char **why)
{
    (void)n;
    (void)arg;
    const fund_reading *f = &rows[0];
    if (!f->have[F_BALANCE])
        return IVAL_UNDEFINED;
    if (!f->have[F_EXECUTED] || !f->have[F_FULL_YEAR]) {
        *why = "全年执行数 or 全年预算数 is not printed";
        return IVAL_UNDEFINED;
    }
    gfa_ival sum = printed(f->v[F_FULL_YEAR]);
    ival_status st = ival_add(&sum, printed(f->v[F_EXECUTED]), -1)
                         ? ival_overlap(printed(f->v[F_BALANCE]), sum, NULL, NULL)
                         : IVAL_OVERFLOW;
    if (st == IVAL_OVERFLOW) {
        *why = "the figures are too large to check exactly";
        return IVAL_UNDEFINED;
    }
    return st;
}

/* GFA-PERF-001 and -002: a computed field of a funds row (执行率, 资金结余) against the
 * row's 全年执行数 and 全年预算数. */
typedef struct fund_identity {
    const char *check;  /* "rate", "balance" */
    fund_test test;
    int field;          /* the field it judges */
    value_kind kind;
} fund_identity;

static const fund_identity fund_rate = {"rate", rate_test, F_RATE, VK_RATE};
static const fund_identity fund_balance = {"balance", balance_test, F_BALANCE, VK_AMOUNT};

/* The identity of the judged field: 执行率 = 执行数 ÷ 全年预算数, or 结余 = 预算数 − 执行数. */
static void fund_identity_terms(vrun *v, const fund_identity *fi, const fund_reading *f,
                                xmlNodePtr fund, identity *id, const rule *r)
{
    identity_init(id, fi->field == F_RATE ? ID_RATIO : ID_SUM, r);
    identity_add(id, field_value(v, f, fi->field, fund), 1);
    if (fi->field == F_RATE) {
        identity_add(id, field_value(v, f, F_EXECUTED, fund), 1);
        id->nnum = 1;
        identity_add(id, field_value(v, f, F_FULL_YEAR, fund), 1);
    } else {
        identity_add(id, field_value(v, f, F_FULL_YEAR, fund), -1);
        identity_add(id, field_value(v, f, F_EXECUTED, fund), 1);
    }
}

/* What the judged field should be, on the finding. */
static void fund_expected(const fund_identity *fi, const fund_reading *f, finding *fd)
{
    if (fi->field == F_RATE) {
        gfa_dec mid;
        if (dec_percent(f->v[F_EXECUTED], f->v[F_FULL_YEAR], f->v[F_RATE].scale + 2, &mid))
            fd->expected = dec_text(dec_round(mid, f->v[F_RATE].scale));
        return;
    }
    gfa_ival sum = printed(f->v[F_FULL_YEAR]);
    gfa_dec diff, allowed;
    if (ival_add(&sum, printed(f->v[F_EXECUTED]), -1) &&
        ival_overlap(printed(f->v[F_BALANCE]), sum, &diff, &allowed) != IVAL_OVERFLOW) {
        fd->expected = dec_text(sum.mid);
        fd->difference = dec_text(diff);
        fd->tolerance = dec_text(allowed);
    }
}

static void check_fund_identity(vrun *v, const rule *r, const funds_form *ff, size_t row,
                                const char *project, const fund_identity *fi)
{
    xmlNodePtr fund = funds_row(ff, row);
    char what[256];
    fund_where(what, sizeof what, fund, fi->check);
    tally t;
    memset(&t, 0, sizeof t);
    t.test = fi->test;
    t.fields = (1u << F_EXECUTED)|(1u << F_FULL_YEAR); /* not the field it judges */
    bool sure;
    fund_verdict fv = decide(v, r, what, ff, &row, 1, &t, &sure);
    const fund_reading *f = &t.as_read[0];
    identity id;
    fund_identity_terms(v, fi, f, fund, &id, r);
    if (fv != FV_FAILED) {
        if (fv == FV_PASSED && sure)
            vrun_identity(v, &id, false, NULL);
        else
            free(id.terms);
        return;
    }
    char idbuf[48];
    const char *source = xml_attr(fund, "source");
    fact at = fact_of(f->node[fi->field], source ? source : "", fi->check, idbuf, sizeof idbuf);
    finding *fd = vrun_fail(v, r, what, &at);
    if (sure)
        vrun_identity(v, &id, true, fd);
    else
        free(id.terms);
    if (!fd)
        return;
    fund_expected(fi, f, fd);
    fd->reported = dec_text(f->v[fi->field]);
    form_finding(fd, fi->kind, project);
    char *a = dec_text(f->v[F_EXECUTED]), *b = dec_text(f->v[F_FULL_YEAR]);
    say(v, fd, project, a, b);
    free(a);
    free(b);
}

/* 得分 = weight × 执行率 (the vocabulary's weight, 10), at most the weight: the rate's
 * interval scaled by weight/100 and cut at the weight. *expected: what the score should
 * be, for messages; *lo, *hi: the scaled rate's ends. */
/* 执行率 as 全年执行数 ÷ 全年预算数 over their rounding intervals (both positive); false when
 * it cannot be computed. */
static bool computed_rate(const fund_reading *f, gfa_ival *out)
{
    gfa_dec elo, ehi, blo, bhi, lo, hi, nudge = {1, 6};
    if (!f->have[F_EXECUTED] || !f->have[F_FULL_YEAR] ||
        !ival_bounds(printed(f->v[F_EXECUTED]), &elo, &ehi) ||
        !ival_bounds(printed(f->v[F_FULL_YEAR]), &blo, &bhi) || dec_cmp(blo, (gfa_dec){0, 0}) <= 0 ||
        dec_cmp(elo, (gfa_dec){0, 0}) < 0 || !dec_percent(elo, bhi, 6, &lo) ||
        !dec_percent(ehi, blo, 6, &hi) || !dec_sub(lo, nudge, &lo) || !dec_add(hi, nudge, &hi))
        return false;
    return ival_from_bounds(lo, hi, out);
}

static bool uncertain_node(xmlNodePtr n)
{
    const char *c = n ? xml_attr(n, "certain") : NULL;
    return c && (!strcmp(c, "false") || !strcmp(c, "0"));
}

/* 得分 = weight × 执行率, at most the weight. A printed 执行率 the reader was unsure of (00
 * for 100) is not what the score depends on: the rate its own figures give is. */
static ival_status score_status(const fund_reading *f, const gfa_vocab *vc, gfa_dec *expected,
                                gfa_dec *lo, gfa_dec *hi)
{
    gfa_dec w = vc->weight, factor = {w.units, w.scale + 2};
    gfa_ival scaled = {{0, 0}, {0, 0}, 0}, want, rate = printed(f->v[F_RATE]);
    if (uncertain_node(f->node[F_RATE]) && !computed_rate(f, &rate))
        rate = printed(f->v[F_RATE]);
    bool ok = ival_scale(rate, factor, &scaled) && ival_bounds(scaled, lo, hi);
    want = scaled;
    ok = ok && (dec_cmp(*hi, w) <= 0 || ival_from_bounds(dec_cmp(*lo, w) < 0 ? *lo : w, w, &want));
    /* for messages, without the zeros the weight brings: 10 × 96.14% = 9.614 */
    *expected = dec_cmp(scaled.mid, w) > 0 ? w : scaled.mid;
    for (__int128 u = w.units; expected->scale > 0 && u % 10 == 0 && expected->units % 10 == 0;
         u /= 10) {
        expected->units /= 10;
        expected->scale--;
    }
    return ok ? ival_overlap(printed(f->v[F_SCORE]), want, NULL, NULL) : IVAL_OVERFLOW;
}

static ival_status score_test(const fund_reading *rows, size_t n, const void *arg,
                              const char **why)
{
    (void)n;
    const fund_reading *f = &rows[0];
    if (!f->have[F_SCORE] || !f->have[F_RATE])
        return IVAL_UNDEFINED;
    gfa_dec e, lo, hi;
    ival_status st = score_status(f, arg, &e, &lo, &hi);
    if (st == IVAL_OVERFLOW) {
        *why = "the figures are too large to check exactly";
        return IVAL_UNDEFINED;
    }
    return st;
}

static void check_fund_score(vrun *v, const rule *r, const funds_form *ff, size_t row,
                             const char *project)
{
    xmlNodePtr fund = funds_row(ff, row);
    char what[256];
    fund_where(what, sizeof what, fund, "score");
    const gfa_vocab *vc = &v->ctx->vocab;
    tally t;
    memset(&t, 0, sizeof t);
    t.test = score_test;
    t.arg = vc;
    bool sure;
    fund_verdict fv = decide(v, r, what, ff, &row, 1, &t, &sure);
    if (fv == FV_SKIP || fv == FV_UNCHECKED)
        return;
    const fund_reading *f = &t.as_read[0];
    gfa_dec expected, lo, hi, w = vc->weight;
    score_status(f, vc, &expected, &lo, &hi);
    /* for the diagnosis: below the weight, 执行率 = 100 × 得分 ÷ weight; at or above it,
     * 得分 = weight (a rate straddling the cap is not recorded) */
    identity id;
    identity_init(&id, dec_cmp(hi, w) <= 0 ? ID_RATIO : ID_SUM, r);
    if (dec_cmp(hi, w) <= 0) {
        identity_add(&id, field_value(v, f, F_RATE, fund), 1);
        identity_add(&id, field_value(v, f, F_SCORE, fund), 1);
        id.nnum = 1;
        id.konst = ival_exact(w);
    } else if (dec_cmp(lo, w) >= 0) {
        identity_add(&id, field_value(v, f, F_SCORE, fund), 1);
        id.konst = ival_exact(dec_neg(w));
    } else {
        id.broken = true;
    }
    if (!sure)
        id.broken = true;
    if (fv == FV_PASSED) {
        vrun_identity(v, &id, false, NULL);
        return;
    }
    char idbuf[48];
    const char *source = xml_attr(fund, "source");
    fact at = fact_of(f->node[F_SCORE], source ? source : "", "score", idbuf, sizeof idbuf);
    finding *fd = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, fd);
    if (!fd)
        return;
    fd->reported = dec_text(f->v[F_SCORE]);
    form_finding(fd, VK_SCORE, project);
    fd->expected = dec_text(dec_round(expected, f->v[F_SCORE].scale));
    char *a = dec_text(f->v[F_RATE]);
    say(v, fd, project, a, vc->weight_text);
    free(a);
}
static void check_total(vrun *v, const rule *r, xmlNodePtr perf, const char *project)
{
    xmlNodePtr total = NULL, indicators = NULL, funds = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        if (xml_is(c, "total"))
            total = c;
        else if (xml_is(c, "indicators"))
            indicators = c;
        else if (xml_is(c, "funds"))
            funds = c;
    }
    char what[256];
    snprintf(what, sizeof what, "perf line %ld total", xml_attr_long(perf, "line", 0));
    const char *score_text = xml_attr(total, "score");
    gfa_dec score;
    if (!total || !score_text || dec_parse(score_text, strlen(score_text), &score) != DEC_OK)
        return;
    gfa_ival sum = ival_exact((gfa_dec){0, 0});
    int n = 0;
    bool overflow = false;
    char idbuf[48];
    const char *form = form_id(perf, idbuf, sizeof idbuf);
    identity id;
    identity_init(&id, ID_SUM, r);
    identity_add(&id, vrun_value_form(v, total, form, "total", "score", score, false), 1);
    for (xmlNodePtr i = indicators ? indicators->children : NULL; i && n < 127; i = i->next) {
        if (!xml_is(i, "indicator"))
            continue;
        if (xml_attr(i, "certain") && !strcmp(xml_attr(i, "certain"), "false")) {
            vrun_unchecked(v, r, what, "an indicator's score could not be placed with certainty");
            free(id.terms);
            return;
        }
        for (xmlNodePtr s = i->children; s; s = s->next)
            if (xml_is(s, "score")) {
                gfa_dec d;
                if (node_dec(s, &d)) {
                    /* an indicator score is a number of points, exact as printed */
                    overflow |= !ival_add(&sum, ival_printed(d, d.scale == 0 ? 12 : d.scale), 1);
                    identity_add(&id, vrun_value_form(v, s, form, xml_attr(i, "name"), "score", d,
                                                      d.scale == 0), -1);
                    n++;
                }
            }
    }
    /* the 预算执行 score of the total funds row */
    for (xmlNodePtr fnd = funds ? funds->children : NULL; fnd; fnd = fnd->next) {
        if (!xml_is(fnd, "fund") || !xml_attr(fnd, "total"))
            continue;
        for (xmlNodePtr a = fnd->children; a; a = a->next) {
            const char *field = xml_is(a, "amt") ? xml_attr(a, "field") : NULL;
            if (!field || strcmp(field, fund_field_names[F_SCORE]))
                continue;
            gfa_dec d;
            if (node_dec(a, &d)) {
                overflow |= !ival_add(&sum, printed(d), 1);
                const char *source = xml_attr(fnd, "source");
                identity_add(&id, vrun_value_form(v, a, form, source ? source : "",
                                                  fund_field_names[F_SCORE], d, false), -1);
                n++;
            }
        }
        break;
    }
    if (n == 0) {
        vrun_unchecked(v, r, what, "no scores found");
        free(id.terms);
        return;
    }
    ival_status st = overflow ? IVAL_OVERFLOW : ival_overlap(printed(score), sum, NULL, NULL);
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, not_computable(st));
        free(id.terms);
        return;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    fact at;
    memset(&at, 0, sizeof at);
    at.table = form;
    at.row = "total";
    at.col = "score";
    at.node = total;
    at.line = xml_attr_long(total, "line", 0);
    finding *f = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    f->reported = dec_text(score);
    f->expected = dec_text(sum.mid);
    form_finding(f, VK_SCORE, project);
    say(v, f, project, NULL, NULL);
}

/* 资金总额 = Σ the other fund rows, field by field (when there are other rows). */
static ival_status sources_test(const fund_reading *rows, size_t n, const void *arg,
                                const char **why)
{
    int k = *(const int *)arg;
    if (!rows[0].have[k])
        return IVAL_UNDEFINED;
    gfa_ival sum = ival_exact((gfa_dec){0, 0});
    int parts = 0;
    for (size_t p = 1; p < n; p++)
        if (rows[p].have[k]) {
            if (!ival_add(&sum, printed(rows[p].v[k]), 1)) {
                *why = "the figures are too large to check exactly";
                return IVAL_UNDEFINED;
            }
            parts++;
        }
    if (!parts)
        return IVAL_UNDEFINED; /* no part prints the field: nothing to add */
    return ival_overlap(printed(rows[0].v[k]), sum, NULL, NULL);
}

static void check_sources(vrun *v, const rule *r, const funds_form *ff, xmlNodePtr perf,
                          const char *project)
{
    size_t rows[8], n = 0;
    for (size_t i = 0; i < funds_count(ff) && n < 8; i++)
        if (xml_attr(funds_row(ff, i), "total") && n == 0)
            rows[n++] = i;
    if (n == 0)
        return;
    for (size_t i = 0; i < funds_count(ff) && n < 8; i++)
        if (i != rows[0])
            rows[n++] = i;
    if (n < 2)
        return;
    xmlNodePtr total_node = funds_row(ff, rows[0]);
    /* the total row is named as its form's definition names it (资金总额) */
    const char *def_id = xml_attr(perf, "def");
    const table_def *def = def_id ? table_defs_find(&v->ctx->defs, def_id) : NULL;
    const form_field *field = def ? table_def_field(def, "fund_total") : NULL;
    const char *total_label = field && field->labels.count ? field->labels.keys[0] : "fund_total";
    for (int k = F_DECLARED; k <= F_BALANCE; k++) {
        char what[256];
        snprintf(what, sizeof what, "perf line %ld sources %s", xml_attr_long(total_node, "line", 0),
                 fund_field_names[k]);
        tally t;
        memset(&t, 0, sizeof t);
        t.test = sources_test;
        t.fields = 1u << k;
        t.arg = &k;
        bool sure;
        fund_verdict fv = decide(v, r, what, ff, rows, n, &t, &sure);
        if (fv == FV_SKIP || fv == FV_UNCHECKED)
            continue;
        identity id;
        identity_init(&id, ID_SUM, r);
        identity_add(&id, field_value(v, &t.as_read[0], k, total_node), 1);
        gfa_ival sum = ival_exact((gfa_dec){0, 0});
        for (size_t p = 1; p < n; p++)
            if (t.as_read[p].have[k]) {
                identity_add(&id, field_value(v, &t.as_read[p], k, funds_row(ff, rows[p])), -1);
                if (!ival_add(&sum, printed(t.as_read[p].v[k]), 1))
                    id.broken = true;
            }
        if (!sure)
            id.broken = true;
        if (fv == FV_PASSED) {
            vrun_identity(v, &id, false, NULL);
            continue;
        }
        char idbuf[48];
        fact at = fact_of(t.as_read[0].node[k], total_label, fund_field_names[k], idbuf, sizeof idbuf);
        finding *f = vrun_fail(v, r, what, &at);
        vrun_identity(v, &id, true, f);
        if (!f)
            continue;
        f->reported = dec_text(t.as_read[0].v[k]);
        f->expected = dec_text(sum.mid);
        form_finding(f, VK_AMOUNT, project);
        say(v, f, project, NULL, NULL);
    }
}

/* The forms' 主管部门 and 预算单位 codes against the report's own (its header). */
static void check_codes_of(vrun *v, const rule *r, xmlNodePtr perf, const char *project)
{
    /* within the form: the unit code begins with its department's code (002001 ← 002) */
    const char *dcode = NULL, *ucode = NULL;
    xmlNodePtr unode = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        if (xml_is(c, "department"))
            dcode = xml_attr(c, "code");
        if (xml_is(c, "unit")) {
            ucode = xml_attr(c, "code");
            unode = c;
        }
    }
    if (dcode && ucode) {
        char what[256];
        snprintf(what, sizeof what, "perf line %ld unit code under department", xml_attr_long(unode, "line", 0));
        if (!strncmp(ucode, dcode, strlen(dcode))) {
            vrun_pass(v, r, what);
        } else {
            fact at;
            char idbuf[48];
            memset(&at, 0, sizeof at);
            at.table = form_id(perf, idbuf, sizeof idbuf);
            at.row = "unit";
            at.col = "code";
            at.node = unode;
            at.line = xml_attr_long(unode, "line", 0);
            finding *f = vrun_fail(v, r, what, &at);
            if (f) {
                f->reported = strdup(ucode);
                form_finding(f, VK_CODE, project);
                char *detail = NULL;
                if (asprintf(&detail, "预算单位代码 %s 不在主管部门 %s 之下", ucode, dcode) < 0)
                    detail = NULL;
                vrun_message(v, f, &(msg_args){.text = project, .detail = detail});
                free(detail);
            }
        }
    }
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    const char *want_unit = NULL, *want_dept = NULL;
    for (xmlNodePtr h = root->children; h; h = h->next)
        if (xml_is(h, "header"))
            for (xmlNodePtr e = h->children; e; e = e->next)
                if (xml_is(e, "entity")) {
                    want_unit = xml_attr(e, "unitCode");
                    want_dept = xml_attr(e, "deptCode");
                }
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        bool dept = xml_is(c, "department"), unit = xml_is(c, "unit");
        const char *code = (dept || unit) ? xml_attr(c, "code") : NULL;
        const char *want = dept ? want_dept : want_unit;
        if (!code || !want)
            continue;
        char what[256];
        snprintf(what, sizeof what, "perf line %ld %s code", xml_attr_long(c, "line", 0), dept ? "department" : "unit");
        if (!strcmp(code, want)) {
            vrun_pass(v, r, what);
            continue;
        }
        fact at;
        char idbuf[48];
        memset(&at, 0, sizeof at);
        at.table = form_id(perf, idbuf, sizeof idbuf);
        at.row = dept ? "department" : "unit";
        at.col = "code";
        at.node = c;
        at.line = xml_attr_long(c, "line", 0);
        finding *f = vrun_fail(v, r, what, &at);
        if (!f)
            continue;
        f->reported = strdup(code);
        f->expected = strdup(want);
        form_finding(f, VK_CODE, project);
        char *detail = NULL;
        if (asprintf(&detail, "%s代码为 %s，报告中其他地方为 %s", dept ? "主管部门" : "预算单位",
                     code, want) < 0)
            detail = NULL;
        vrun_message(v, f, &(msg_args){.text = project, .detail = detail});
        free(detail);
    }
}

/* Σ 全年执行数 of the forms' 资金总额 rows against 项目支出 (warning only: a report may list
 * only some of its projects, never more than all of them). Each form's 执行数 is taken over
 * every way its row can be read: the check holds when even the largest sum is not above
 * 项目支出, fails when even the smallest is. */
typedef struct exec_range {
    int field; /* F_EXECUTED, F_FULL_YEAR */
    gfa_ival lo, hi;
    bool any, missing;
} exec_range;

static bool exec_of(const fund_reading *rows, size_t n, bool as_read, void *arg)
{
    (void)n;
    (void)as_read;
    exec_range *e = arg;
    if (!rows[0].have[e->field]) {
        e->missing = true;
        return true;
    }
    gfa_ival x = printed(rows[0].v[e->field]);
    if (!e->any || dec_cmp(x.mid, e->lo.mid) < 0)
        e->lo = x;
    if (!e->any || dec_cmp(x.mid, e->hi.mid) > 0)
        e->hi = x;
    e->any = true;
    return true;
}

static const money_unit *unit_at(const gfa_vocab *vc, const char *s, size_t *len);

/* The unit a form's amounts are printed in, as the power of ten to the report's unit: the
 * money unit in brackets in its grid (项目资金预算安排及执行进度(万元)); 0 when none is printed
 * (the report's unit). */
static int form_shift(vrun *v, xmlNodePtr perf)
{
    const gfa_vocab *vc = &v->ctx->vocab;
    for (xmlNodePtr g = perf->children; g; g = g->next) {
        if (!xml_is(g, "grid"))
            continue;
        for (xmlNodePtr row = g->children; row; row = row->next)
            for (xmlNodePtr c = row->children; c; c = c->next) {
                if (!xml_is(c, "c"))
                    continue;
                xmlChar *copy;
                const char *raw = node_text(c, &copy);
                char *t = raw ? text_nfkc(raw, strlen(raw)) : NULL;
                xmlFree(copy);
                const money_unit *mu = NULL;
                size_t len = 0;
                for (const char *p = t ? strchr(t, '(') : NULL; p && !mu; p = strchr(p + 1, '('))
                    if ((mu = unit_at(vc, p + 1, &len)) && p[1 + len] != ')')
                        mu = NULL;
                free(t);
                if (mu)
                    return mu->scale - v->facts.scale;
            }
    }
    return 0;
}

/* Σ of one field (全年执行数, 全年预算数) of the forms' 资金总额 rows in the report's unit, the
 * least and the most over every way the rows read; NULL, or why it cannot be added.
 * *doubt: they differ. */
static const char *forms_sum(vrun *v, xmlNodePtr *pf, size_t n, int field, gfa_ival *lo,
                             gfa_ival *hi, bool *doubt)
{
    *lo = *hi = ival_exact((gfa_dec){0, 0});
    *doubt = false;
    for (size_t i = 0; i < n; i++) {
        const funds_form *ff = vrun_funds(v, pf[i]);
        if (!ff) {
            v->out_of_memory = true;
            return "out of memory";
        }
        size_t row = (size_t)-1;
        for (size_t k = 0; k < funds_count(ff) && row == (size_t)-1; k++)
            if (xml_attr(funds_row(ff, k), "total"))
                row = k;
        exec_range e;
        memset(&e, 0, sizeof e);
        e.field = field;
        funds_doubt d;
        bool ok = row == (size_t)-1 || funds_each(ff, &row, 1, exec_of, &e, &d);
        if (!ok || e.missing)
            return !ok ? "a form's funds rows can be read in too many ways"
                       : field == F_EXECUTED ? "a form's 全年执行数 is not printed"
                                             : "a form's 全年预算数 is not printed";
        if (!e.any)
            continue;
        *doubt |= dec_cmp(e.lo.mid, e.hi.mid) != 0;
        int shift = form_shift(v, pf[i]);
        gfa_dec factor = shift >= 0 ? (gfa_dec){1, 0} : (gfa_dec){1, -shift};
        for (int k = 0; k < shift && k < 12; k++)
            factor.units *= 10;
        if (shift && (!ival_scale(e.lo, factor, &e.lo) || !ival_scale(e.hi, factor, &e.hi)))
            return "the forms' amounts are too large to add";
        if (!ival_add(lo, e.lo, 1) || !ival_add(hi, e.hi, 1))
            return "the forms' amounts are too large to add";
    }
    return NULL;
}

static void check_projects(vrun *v, const rule *r, const rule_check *c, xmlNodePtr *pf, size_t n)
{
    const char *what = "perf projects ≤ 项目支出";
    if (n == 0)
        return;
    gfa_ival lo, hi;
    bool doubt;
    const char *why = forms_sum(v, pf, n, F_EXECUTED, &lo, &hi, &doubt);
    if (why) {
        vrun_unchecked(v, r, what, why);
        return;
    }
    const cellref *cell = &c->cell.refs[0];
    const table_info *ti = tableset_pick(&cell->tables, &v->facts);
    const fact *proj = ti ? facts_get(&v->facts, ti->def, cell->row, cell->col) : NULL;
    if (!proj || proj->kind != CELL_NUMBER) {
        vrun_unchecked(v, r, what, "项目支出 is not in the report");
        return;
    }
    ival_status most = ival_le(hi, printed(proj->value), NULL, NULL);
    ival_status least = ival_le(lo, printed(proj->value), NULL, NULL);
    if (most == IVAL_OVERFLOW || least == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to compare");
        return;
    }
    if (most == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        return;
    }
    if (least == IVAL_CONSISTENT) {
        vrun_unchecked(v, r, what, doubt ? "the result depends on how a form's 全年执行数 is read "
                                           "(a decimal comma, or columns that do not line up)"
                                         : "the amounts are too large to compare");
        return;
    }
    finding *f = vrun_fail(v, r, what, proj);
    if (!f)
        return;
    f->reported = dec_text(lo.mid);
    f->expected = dec_text(proj->value);
    vrun_message(v, f, NULL);
}

/* ------------------------------------------------------- the indicators --- */

/* An indicator's child element's text as a decimal (分值, 得分); false when absent or not a
 * number. */
static bool child_dec(xmlNodePtr ind, const char *name, gfa_dec *out, xmlNodePtr *el)
{
    for (xmlNodePtr c = ind->children; c; c = c->next)
        if (xml_is(c, name)) {
            bool ok = node_dec(c, out);
            if (el)
                *el = c;
            return ok;
        }
    return false;
}

static char *child_text(xmlNodePtr ind, const char *name)
{
    for (xmlNodePtr c = ind->children; c; c = c->next)
        if (xml_is(c, name)) {
            xmlChar *copy;
            const char *t = node_text(c, &copy);
            char *s = t ? text_nfkc(t, strlen(t)) : NULL;
            xmlFree(copy);
            return s;
        }
    return NULL;
}

static bool uncertain_indicator(xmlNodePtr ind)
{
    const char *c = xml_attr(ind, "certain");
    return c && (!strcmp(c, "false") || !strcmp(c, "0"));
}

static fact indicator_at(xmlNodePtr ind, xmlNodePtr el, const char *field, char *buf, size_t cap)
{
    fact at;
    memset(&at, 0, sizeof at);
    at.table = form_id(ind, buf, cap);
    at.row = xml_attr(ind, "name");
    at.col = field;
    at.node = el ? el : ind;
    at.line = xml_attr_long(ind, "line", 0);
    return at;
}

/* 得分 ≤ 分值 for every indicator. */
static void check_indicator_max(vrun *v, const rule *r, xmlNodePtr indicators, const char *project)
{
    for (xmlNodePtr i = indicators ? indicators->children : NULL; i; i = i->next) {
        if (!xml_is(i, "indicator"))
            continue;
        char what[300];
        snprintf(what, sizeof what, "perf line %ld indicator %s: score <= weight",
                 xml_attr_long(i, "line", 0), xml_attr(i, "name") ? xml_attr(i, "name") : "");
        gfa_dec w, sc;
        xmlNodePtr sel = NULL;
        bool hw = child_dec(i, "weight", &w, NULL), hs = child_dec(i, "score", &sc, &sel);
        if (!hs)
            continue; /* nothing scored: nothing to bound */
        if (!hw) {
            vrun_unchecked(v, r, what, "the indicator's weight is not printed");
            continue;
        }
        if (dec_cmp(sc, w) <= 0) {
            vrun_pass(v, r, what);
            continue;
        }
        if (uncertain_indicator(i)) {
            vrun_unchecked(v, r, what, "the indicator's weight and score were placed with doubt");
            continue;
        }
        char idbuf[48];
        fact at = indicator_at(i, sel, "score", idbuf, sizeof idbuf);
        finding *f = vrun_fail(v, r, what, &at);
        if (!f)
            continue;
        f->reported = dec_text(sc);
        f->expected = dec_text(w);
        form_finding(f, VK_SCORE, project);
        say(v, f, project, NULL, NULL);
    }
}

/* Σ 分值 of the indicators + the 预算执行 weight = full marks (100). */
static void check_indicator_weights(vrun *v, const rule *r, const rule_check *c,
                                    xmlNodePtr perf, xmlNodePtr indicators, const char *project)
{
    char what[128];
    snprintf(what, sizeof what, "perf line %ld weights", xml_attr_long(perf, "line", 0));
    gfa_dec sum = {0, 0}, full;
    const char *full_text = c->value ? c->value : "100";
    if (dec_parse(full_text, strlen(full_text), &full) != DEC_OK)
        return;
    int n = 0;
    for (xmlNodePtr i = indicators ? indicators->children : NULL; i; i = i->next) {
        if (!xml_is(i, "indicator"))
            continue;
        gfa_dec w;
        if (uncertain_indicator(i)) {
            vrun_unchecked(v, r, what, "an indicator's weight was placed with doubt");
            return;
        }
        if (!child_dec(i, "weight", &w, NULL)) {
            vrun_unchecked(v, r, what, "an indicator's weight is not printed");
            return;
        }
        if (!dec_add(sum, w, &sum)) {
            vrun_unchecked(v, r, what, "the figures are too large to check exactly");
            return;
        }
        n++;
    }
    if (n == 0)
        return; /* a form without indicators: nothing to add up */
    const gfa_vocab *vc = &v->ctx->vocab;
    gfa_dec all;
    if (!dec_add(sum, vc->weight, &all))
        return;
    if (dec_cmp(all, full) == 0) {
        vrun_pass(v, r, what);
        return;
    }
    char idbuf[48];
    fact at;
    memset(&at, 0, sizeof at);
    at.table = form_id(perf, idbuf, sizeof idbuf);
    at.row = "total";
    at.col = "weight";
    at.node = indicators;
    at.line = xml_attr_long(indicators, "line", 0) ? xml_attr_long(indicators, "line", 0) : xml_attr_long(perf, "line", 0);
    finding *f = vrun_fail(v, r, what, &at);
    if (!f)
        return;
    f->reported = dec_text(sum);
    gfa_dec want;
    f->expected = dec_sub(full, vc->weight, &want) ? dec_text(want) : NULL;
    form_finding(f, VK_SCORE, project);
    char *a = dec_text(all);
    vrun_message(v, f, &(msg_args){.text = project, .a = vc->weight_text, .b = a, .detail = full_text});
    free(a);
}

/* A target (≥95%, ≤20名, >50个): its comparison, number and unit. */
typedef enum cmp_op { OP_NONE, OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ } cmp_op;

static const char *measure(const char *s, cmp_op *op, gfa_dec *v)
{
    static const struct { const char *mark; cmp_op op; } marks[] = {
        {"≥", OP_GE}, {">=", OP_GE}, {"≤", OP_LE}, {"<=", OP_LE}, {">", OP_GT},
        {"<", OP_LT}, {"=", OP_EQ},
    };
    *op = OP_NONE;
    while (*s == ' ')
        s++;
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (str_starts(s, marks[k].mark)) {
            *op = marks[k].op;
            s += strlen(marks[k].mark);
            break;
        }
    while (*s == ' ')
        s++;
    size_t n = strspn(s, "0123456789.,");
    if (!n || dec_parse(s, n, v) != DEC_OK)
        return NULL;
    return s + n; /* the unit */
}

/* Full marks for an indicator whose actual value misses its target. */
static void check_indicator_marks(vrun *v, const rule *r, xmlNodePtr indicators, const char *project)
{
    for (xmlNodePtr i = indicators ? indicators->children : NULL; i; i = i->next) {
        if (!xml_is(i, "indicator"))
            continue;
        gfa_dec w, sc, tv, av;
        xmlNodePtr sel = NULL;
        if (!child_dec(i, "weight", &w, NULL) || !child_dec(i, "score", &sc, &sel) ||
            dec_is_zero(w))
            continue;
        char *target = child_text(i, "adjusted");
        if (!target || !*target) {
            free(target);
            target = child_text(i, "initial");
        }
        char *actual = child_text(i, "actual");
        cmp_op top, aop;
        const char *tu = target ? measure(target, &top, &tv) : NULL;
        const char *au = actual ? measure(actual, &aop, &av) : NULL;
        /* decidable: a target with a comparison, an actual value that is a plain number in
         * the same unit */
        if (tu && au && top != OP_NONE && aop == OP_NONE && !strcmp(tu, au)) {
            char what[300];
            snprintf(what, sizeof what, "perf line %ld indicator %s: full marks for a missed target",
                     xml_attr_long(i, "line", 0), xml_attr(i, "name") ? xml_attr(i, "name") : "");
            int cmp = dec_cmp(av, tv);
            bool met = top == OP_GE ? cmp >= 0 : top == OP_GT ? cmp > 0 : top == OP_LE ? cmp <= 0
                     : top == OP_LT ? cmp < 0 : cmp == 0;
            if (met || dec_cmp(sc, w) < 0 || uncertain_indicator(i)) {
                vrun_pass(v, r, what);
            } else {
                char idbuf[48];
                fact at = indicator_at(i, sel, "score", idbuf, sizeof idbuf);
                finding *f = vrun_fail(v, r, what, &at);
                if (f) {
                    f->reported = dec_text(sc);
                    form_finding(f, VK_SCORE, project);
                    vrun_message(v, f, &(msg_args){.text = project, .a = actual, .b = target});
                }
            }
        }
        free(target);
        free(actual);
    }
}

/* ------------------------------------------------ the analysis text --- */

/* The number right after s (a few characters of words between: 执行率为100%, 实际支出
 * 1000000元): its text and where it ends; NULL when none within four characters. */
static const char *number_after(const char *s, gfa_dec *v, const char **end)
{
    const char *p = s;
    for (int k = 0; k < 4 && *p && !(*p >= '0' && *p <= '9'); k++) {
        p++;
        while (*p && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
    }
    size_t n = strspn(p, "0123456789.,");
    while (n && (p[n - 1] == '.' || p[n - 1] == ','))
        n--;
    if (!n || !(*p >= '0' && *p <= '9') || dec_parse(p, n, v) != DEC_OK)
        return NULL;
    *end = p + n;
    return p;
}

/* The money unit at s (万元, 元 …, the longest), or NULL; *len (if given): the bytes it
 * takes as printed (a short form is shorter than the unit's name). */
static const money_unit *unit_at(const gfa_vocab *vc, const char *s, size_t *len)
{
    const money_unit *best = NULL;
    size_t best_len = 0;
    for (size_t u = 0; u < vc->nunits; u++) {
        size_t l = text_match_simplified(vc->variants, s, vc->units[u].name, strlen(vc->units[u].name))
                       ? strlen(vc->units[u].name)
                                                    : words_starts(&vc->units[u].shorts, s);
        if (l > best_len) {
            best = &vc->units[u];
            best_len = l;
        }
    }
    if (len)
        *len = best_len;
    return best;
}

/* Does a printed amt read as d (its value, or one of its @alternatives)? */
static bool amt_reads(xmlNodePtr amt, gfa_ival said)
{
    xmlChar *c = xmlNodeGetContent(amt);
    gfa_dec v;
    bool ok = c && dec_parse((const char *)c, strlen((const char *)c), &v) == DEC_OK &&
              ival_overlap(said, printed(v), NULL, NULL) == IVAL_CONSISTENT;
    xmlFree(c);
    const char *alts = xml_attr(amt, "alternatives");
    for (const char *p = alts; !ok && p && *p;) {
        size_t len = strcspn(p, " ");
        ok = len && dec_parse(p, len, &v) == DEC_OK &&
             ival_overlap(said, printed(v), NULL, NULL) == IVAL_CONSISTENT;
        p += len + (p[len] == ' ');
    }
    return ok;
}

/* The 项目绩效分析 text's 执行率 and amount spent against the form's own 资金总额 row. */
static void check_analysis(vrun *v, const rule *r, xmlNodePtr perf, const char *project)
{
    const gfa_vocab *vc = &v->ctx->vocab;
    const table_def *def = table_defs_find(&v->ctx->defs, "perf");
    const form_field *rate_f = def ? table_def_field(def, "rate") : NULL;
    xmlNodePtr total = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next)
        if (xml_is(c, "funds"))
            for (xmlNodePtr f = c->children; f && !total; f = f->next)
                if (xml_is(f, "fund") && xml_attr(f, "total"))
                    total = f;
    xmlNodePtr amts[F_NFIELDS] = {0};
    for (xmlNodePtr a = total ? total->children : NULL; a; a = a->next)
        for (int k = 0; xml_is(a, "amt") && k < F_NFIELDS; k++)
            if (xml_attr(a, "field") && !strcmp(xml_attr(a, "field"), fund_field_names[k]))
                amts[k] = a;
    for (xmlNodePtr an = perf->children; an; an = an->next) {
        if (!xml_is(an, "analysis"))
            continue;
        xmlChar *copy;
        const char *raw = node_text(an, &copy);
        char *text = raw ? text_nfkc(raw, strlen(raw)) : NULL;
        xmlFree(copy);
        for (const char *p = text; p && *p; p++) {
            if (((unsigned char)*p & 0xC0) == 0x80)
                continue; /* inside a character: no label begins there */
            const char *label = NULL;
            size_t llen = 0;
            int field = -1;
            for (size_t k = 0; rate_f && k < rate_f->labels.count && field < 0; k++) {
                const char *lk = rate_f->labels.keys[k];
                if (text_match_simplified(&v->ctx->variants, p, lk, strlen(lk))) {
                    field = F_RATE;
                    label = p;
                    llen = strlen(lk);
                }
            }
            if (field < 0 && (llen = words_starts(&vc->lists[V_PERF_SPENT], p))) {
                field = F_EXECUTED;
                label = p;
            }
            if (field < 0)
                continue;
            gfa_dec said;
            const char *end = NULL, *num = number_after(label + llen, &said, &end);
            if (!num) {
                p += llen - 1;
                continue;
            }
            gfa_ival want;
            end += *end == ' ' && (end[1] == '%' || unit_at(vc, end + 1, NULL)); /* 500000 元 */
            const money_unit *mu = field == F_EXECUTED ? unit_at(vc, end, NULL) : NULL;
            if (field == F_RATE ? *end != '%' : !mu) {
                p = end - 1;
                continue;
            }
            if (field == F_RATE) {
                want = printed(said);
            } else {
                gfa_dec scaled;
                /* in the form's own unit (its funds heading's) */
                if (!dec_shift(said, mu->scale - v->facts.scale - form_shift(v, perf), &scaled)) {
                    p = end - 1;
                    continue;
                }
                want = ival_printed(scaled, scaled.scale);
            }
            char what[300];
            snprintf(what, sizeof what, "perf line %ld analysis line %ld: %s",
                     xml_attr_long(perf, "line", 0), xml_attr_long(an, "line", 0),
                     field == F_RATE ? "rate" : "executed");
            if (!amts[field]) {
                vrun_unchecked(v, r, what, field == F_RATE ? "the form prints no rate in its total funds row"
                                                           : "the form prints no amount spent in its total funds row");
            } else if (amt_reads(amts[field], want)) {
                vrun_pass(v, r, what);
            } else {
                fact at;
                memset(&at, 0, sizeof at);
                char idbuf[48];
                at.table = form_id(perf, idbuf, sizeof idbuf);
                at.row = xml_attr(total, "source");
                at.col = fund_field_names[field];
                at.node = an;
                at.line = xml_attr_long(an, "line", 0);
                finding *f = vrun_fail(v, r, what, &at);
                if (f) {
                    char *said_text = xstrndup(num, (size_t)(end - num) + (field == F_RATE ? 0 : 0));
                    xmlChar *c = xmlNodeGetContent(amts[field]);
                    const char *shown = xml_attr(amts[field], "text");
                    f->reported = said_text;
                    f->expected = shown ? strdup(shown) : c ? strdup((const char *)c) : NULL;
                    xmlFree(c);
                    form_finding(f, field == F_RATE ? VK_RATE : VK_AMOUNT, project);
                    const char *from = label;
                    char *words = xstrndup(from, (size_t)(end - from) + (field == F_RATE ? 1 : strlen(mu->name)));
                    vrun_message(v, f, &(msg_args){.text = project, .a = words,
                                                   .b = field == F_RATE ? "%" : ""});
                    free(words);
                }
            }
            p = end - 1;
        }
        free(text);
    }
}

static void check_indicators(vrun *v, const rule *r, const rule_check *c, xmlNodePtr perf,
                             const char *project)
{
    xmlNodePtr indicators = NULL;
    for (xmlNodePtr n = perf->children; n; n = n->next)
        if (xml_is(n, "indicators"))
            indicators = n;
    switch ((perf_check)c->check) {
    case PERF_INDICATOR_MAX: check_indicator_max(v, r, indicators, project); break;
    case PERF_WEIGHTS: check_indicator_weights(v, r, c, perf, indicators, project); break;
    case PERF_FULL_MARKS: check_indicator_marks(v, r, indicators, project); break;
    default: break;
    }
}

/* ---------------------------------------------------- projects counted --- */

/* Does a pattern of the project-count list ("#个项目", "二级项目#个") hold around the digits
 * [num, end) of the text starting at `text`? */
static bool count_pattern(const word_list *l, const char *text, const char *num, const char *end)
{
    for (size_t k = 0; k < l->count; k++) {
        const char *w = l->words[k], *hash = strchr(w, '#');
        if (!hash)
            continue;
        size_t before = (size_t)(hash - w), after = strlen(hash + 1);
        /* (the digits set apart by blanks, as a PDF's text layer has them: 项目 12 个) */
        const char *b = num - (num > text && num[-1] == ' '), *a = end + (*end == ' ');
        if ((size_t)(b - text) >= before && text_match_simplified(l->tv, b - before, w, before) &&
            text_match_simplified(l->tv, a, hash + 1, after))
            return true;
    }
    return false;
}

typedef struct count_ctx {
    vrun *v;
    const rule *r;
    size_t forms;
} count_ctx;

/* The sentences of a paragraph that speak of self-evaluation (绩效自评): each count of
 * projects in them against the forms attached. */
static void counts_in(count_ctx *cc, xmlNodePtr el)
{
    vrun *v = cc->v;
    const word_list *w = v->ctx->vocab.lists;
    xmlChar *content;
    const char *text = node_text(el, &content);
    for (const char *s = text; s && *s;) {
        /* one sentence: up to a sentence end */
        const char *e = s;
        size_t endlen = 0;
        while (*e && !(endlen = words_starts(&w[V_SENTENCE_END], e)))
            e++;
        bool about = false;
        for (const char *p = s; p < e && !about; p++)
            about = words_starts(&w[V_SELF_EVALUATION], p) != 0;
        for (const char *p = s; about && p < e; p++) {
            if (!(*p >= '0' && *p <= '9') || (p > s && p[-1] >= '0' && p[-1] <= '9'))
                continue;
            const char *q = p + strspn(p, "0123456789");
            if (*q == '.' || !count_pattern(&w[V_PROJECT_COUNT], text, p, q))
                continue;
            char num[24];
            snprintf(num, sizeof num, "%.*s", (int)(q - p < 20 ? q - p : 20), p);
            long n = strtol(num, NULL, 10);
            char what[256];
            long line = xml_attr_long(el, "line", 0);
            snprintf(what, sizeof what, "narrative line %ld: %s projects self-evaluated", line, num);
            if (n == (long)cc->forms) {
                vrun_pass(v, cc->r, what);
                continue;
            }
            if (!cc->forms) {
                vrun_unchecked(v, cc->r, what, "no performance form is attached to the report");
                continue;
            }
            fact at;
            memset(&at, 0, sizeof at);
            at.node = el;
            at.line = line;
            at.pos = utf8_chars(text, (size_t)(p - text)) + 1;
            finding *f = vrun_fail(v, cc->r, what, &at);
            if (!f)
                continue;
            f->reported = strdup(num);
            char forms[24];
            snprintf(forms, sizeof forms, "%zu", cc->forms);
            f->expected = strdup(forms);
            f->kind = VK_COUNT;
            /* the sentence's words before the number, for the message and the fingerprint */
            const char *from = utf8_back_visible(s, p, 12);
            const char *to = utf8_forward_visible(q, e, 4);
            char *clause = xstrndup(from, (size_t)(to - from));
            vrun_message(v, f, &(msg_args){.text = clause});
            finding_set_lockey(f, clause);
            free(clause);
        }
        s = *e ? e + endlen : e;
    }
    xmlFree(content);
}

static void count_walk(count_ctx *cc, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (xml_is(c, "p") || xml_is(c, "item"))
            counts_in(cc, c);
        else if (c->type == XML_ELEMENT_NODE)
            count_walk(cc, c);
    }
}

/* "对 12 个项目开展绩效自评" against the forms attached. */
static void check_count(vrun *v, const rule *r, size_t nforms)
{
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    count_ctx cc = {v, r, nforms};
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (xml_is(c, "narrative") || xml_is(c, "overview"))
            count_walk(&cc, c);
}

/* ------------------------------------------------------ coverage shares --- */

/* A self-evaluation sentence's coverage: "涉及项目资金 A 万元，占项目支出的 p%",
 * "绩效自评覆盖率 p%". */
typedef struct coverage {
    bool has_amount, has_share;
    gfa_dec amount, share; /* the amount in the report's unit */
    char amount_text[48], share_text[32];
    int basis;             /* F_EXECUTED, F_FULL_YEAR, or −1: the sentence does not say */
    bool fund;             /* of the 一般公共预算 (the rule's fund cell) */
    long projects;         /* the projects the sentence counts (0: none) */
    const char *amount_at, *share_at; /* where each is printed */
    size_t amount_len, share_len;     /* with its unit or % */
} coverage;

static bool in_span(const word_list *l, const char *s, const char *e)
{
    for (const char *p = s; p < e; p++)
        if (words_starts(l, p))
            return true;
    return false;
}

/* Reads the coverage figures of the sentence [s, e); false when it states none. */
static bool coverage_of(const vrun *v, const char *s, const char *e, coverage *cv)
{
    const gfa_vocab *vc = &v->ctx->vocab;
    const word_list *w = vc->lists;
    memset(cv, 0, sizeof *cv);
    cv->basis = -1;
    if (!in_span(&w[V_SELF_EVALUATION], s, e) || in_span(&w[V_PERF_COVERAGE_NOT], s, e))
        return false;
    cv->fund = in_span(&w[V_PERF_COVERAGE_FUND], s, e);
    for (const char *p = s; p < e && !cv->projects; p++)
        if (*p >= '0' && *p <= '9' && (p == s || p[-1] < '0' || p[-1] > '9')) {
            const char *q = p + strspn(p, "0123456789");
            if (*q != '.' && count_pattern(&w[V_PROJECT_COUNT], s, p, q))
                cv->projects = strtol(p, NULL, 10);
        }
    for (const char *p = s; p < e; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > s && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.')))
            continue;
        gfa_dec d;
        const char *end = NULL, *num = number_after(p, &d, &end);
        if (!num || end > e)
            continue;
        const char *after = end + (*end == ' ');
        const money_unit *mu = unit_at(vc, after, NULL);
        if (*after == '%' && !cv->has_share && in_span(&w[V_PERF_COVERAGE], s, p)) {
            cv->has_share = true;
            cv->share = d;
            snprintf(cv->share_text, sizeof cv->share_text, "%.*s", (int)(end - num), num);
            cv->share_at = num;
            cv->share_len = (size_t)(after + 1 - num);
        } else if (mu && !cv->has_amount && !cv->has_share &&
                   dec_shift(d, mu->scale - v->facts.scale, &cv->amount)) {
            cv->has_amount = true;
            snprintf(cv->amount_text, sizeof cv->amount_text, "%.*s%s", (int)(end - num), num,
                     mu->name);
            cv->amount_at = num;
            cv->amount_len = (size_t)(after - num) + strlen(mu->name);
            /* the amount is of the forms' 全年执行数 when the words before it say so, of
             * their 全年预算数 when those say that */
            if (in_span(&w[V_PERF_SPENT], s, p))
                cv->basis = F_EXECUTED;
            else if (in_span(&w[V_BUDGET], s, p))
                cv->basis = F_FULL_YEAR;
        }
        p = end - 1;
    }
    return cv->has_amount || cv->has_share;
}

typedef enum cov_result { COV_HOLDS, COV_FAILS, COV_DEPENDS, COV_NONE } cov_result;

/* The test of one reading: the stated amount against the forms' sum (den NULL; at least
 * that sum when `part`: the forms of some projects are not attached), or the stated share
 * against num ÷ den. */
static ival_status cov_test(const coverage *cv, gfa_ival num, const gfa_ival *den, bool part)
{
    gfa_ival amount = ival_printed(cv->amount, cv->amount.scale);
    if (!den)
        return part ? ival_le(num, amount, NULL, NULL) : ival_overlap(amount, num, NULL, NULL);
    return ival_percent(printed(cv->share), num, *den, cv->share.scale + 2, NULL);
}

/* Over the bases the sentence allows (either when it does not say) and every reading of
 * the forms: holds when one basis holds on every reading, fails when every basis fails on
 * every reading. *sum: the first basis's sum, for messages. */
static cov_result cov_forms(vrun *v, const coverage *cv, xmlNodePtr *pf, size_t n,
                            const gfa_ival *den, bool part, gfa_ival *sum, int *field,
                            const char **why)
{
    int bases[2] = {F_FULL_YEAR, F_EXECUTED};
    size_t nb = cv->basis < 0 ? 2 : 1;
    if (cv->basis >= 0)
        bases[0] = cv->basis;
    bool all_fail = true, any = false;
    for (size_t b = 0; b < nb; b++) {
        gfa_ival lo, hi;
        bool doubt;
        const char *no = forms_sum(v, pf, n, bases[b], &lo, &hi, &doubt);
        if (no) {
            *why = no;
            all_fail = false;
            continue;
        }
        if (!any) {
            *sum = lo;
            *field = bases[b];
            any = true;
        }
        ival_status a = cov_test(cv, lo, den, part), z = doubt ? cov_test(cv, hi, den, part) : a;
        if (a == IVAL_CONSISTENT && z == IVAL_CONSISTENT)
            return COV_HOLDS;
        if (a != IVAL_INCONSISTENT || z != IVAL_INCONSISTENT) {
            all_fail = false;
            *why = a == IVAL_OVERFLOW || z == IVAL_OVERFLOW ? "the amounts are too large to check exactly"
                   : a == IVAL_UNDEFINED || z == IVAL_UNDEFINED ? "项目支出 is zero"
                   : "the result depends on how a form's amounts are read";
        }
    }
    return !any ? COV_NONE : all_fail ? COV_FAILS : COV_DEPENDS;
}

/* The 项目支出 a share is of: the fund's (一般公共预算) when the sentence names it. */
static const fact *coverage_base(vrun *v, const rule_check *c, bool fund)
{
    const cellexpr *ce = fund && c->b.n ? &c->b : &c->cell;
    if (!ce->n)
        return NULL;
    const cellref *cell = &ce->refs[0];
    const table_info *ti = tableset_pick(&cell->tables, &v->facts);
    const fact *x = ti ? facts_get(&v->facts, ti->def, cell->row, cell->col) : NULL;
    return x && x->kind == CELL_NUMBER ? x : NULL;
}

static const char *field_label(vrun *v, int field)
{
    const table_def *def = table_defs_find(&v->ctx->defs, "perf");
    const form_field *ff = def ? table_def_field(def, fund_field_names[field]) : NULL;
    return ff && ff->labels.count ? ff->labels.keys[0] : fund_field_names[field];
}

/* One sentence's coverage: GFA-PERF-013 its amount against the forms' sum, GFA-PERF-014
 * its share against (the amount or the forms' sum) ÷ 项目支出. */
static void coverage_check(vrun *v, const rule *r, const rule_check *c, xmlNodePtr el,
                           const char *text, const char *s, const coverage *cv,
                           xmlNodePtr *pf, size_t n)
{
    bool share = c->check == PERF_COVERAGE_SHARE;
    if (share ? !cv->has_share : !cv->has_amount)
        return;
    long line = xml_attr_long(el, "line", 0);
    char what[256];
    snprintf(what, sizeof what, "narrative line %ld: coverage %s %s", line,
             share ? "share" : "amount", share ? cv->share_text : cv->amount_text);
    if (!n) {
        vrun_unchecked(v, r, what, "no performance form is attached to the report");
        return;
    }
    const fact *den = share ? coverage_base(v, c, cv->fund) : NULL;
    if (share && !den) {
        vrun_unchecked(v, r, what, "项目支出 is not in the report");
        return;
    }
    /* the sentence counts projects whose forms are not attached (GFA-PERF-011): its amount
     * is at least the attached forms' sum; a share of it cannot be told from them */
    bool part = cv->projects > (long)n;
    if (part && share && !cv->has_amount) {
        vrun_unchecked(v, r, what, "the sentence counts more projects than forms are attached, "
                                   "and states no amount");
        return;
    }
    gfa_ival den_i = den ? printed(den->value) : ival_exact((gfa_dec){0, 0});
    gfa_ival sum = den_i;
    int field = F_FULL_YEAR;
    const char *why = "a form's amounts are not printed";
    cov_result res;
    if (share && cv->has_amount) {
        sum = ival_printed(cv->amount, cv->amount.scale);
        ival_status st = cov_test(cv, sum, &den_i, false);
        res = st == IVAL_CONSISTENT ? COV_HOLDS : st == IVAL_INCONSISTENT ? COV_FAILS : COV_DEPENDS;
        why = st == IVAL_UNDEFINED ? "项目支出 is zero" : "the amounts are too large to check exactly";
    } else {
        res = cov_forms(v, cv, pf, n, share ? &den_i : NULL, part, &sum, &field, &why);
    }
    if (res == COV_HOLDS) {
        vrun_pass(v, r, what);
        return;
    }
    if (res != COV_FAILS) {
        vrun_unchecked(v, r, what, why);
        return;
    }
    fact at;
    memset(&at, 0, sizeof at);
    at.node = el;
    at.line = line;
    const char *fig = share ? cv->share_at : cv->amount_at;
    at.pos = utf8_chars(text, (size_t)(fig - text)) + 1;
    finding *f = vrun_fail(v, r, what, &at);
    if (!f)
        return;
    char *clause = xstrndup(s, (size_t)(fig - s) + (share ? cv->share_len : cv->amount_len));
    char *num = NULL, *den_name = NULL;
    if (share) {
        gfa_dec mid;
        f->reported = strdup(cv->share_text);
        if (ival_percent(printed(cv->share), sum, den_i, cv->share.scale, &mid) != IVAL_OVERFLOW)
            f->expected = dec_text(mid);
        f->kind = VK_RATE;
        char *amount = dec_text(sum.mid);
        if (cv->has_amount || asprintf(&num, "绩效自评表%s合计 %s", field_label(v, field), amount) < 0)
            num = strdup(cv->amount_text);
        free(amount);
        den_name = vrun_cell_name(v, den->table, den->row, den->col);
        char *den_value = dec_text(den->value);
        vrun_message(v, f, &(msg_args){.text = clause, .a = num, .b = den_value, .detail = den_name});
        free(den_value);
        finding_add_cell(f, den);
    } else {
        f->reported = strdup(cv->amount_text);
        f->expected = dec_text(sum.mid);
        f->kind = VK_AMOUNT;
        vrun_message(v, f, &(msg_args){.text = clause, .detail = field_label(v, field)});
    }
    finding_set_lockey(f, clause);
    free(clause);
    free(num);
    free(den_name);
}

/* The sentences of the narrative and the overview stating a coverage, in document order:
 * found once a run, for the rules of the coverage amount and share read the same ones. */
typedef struct coverage_at {
    xmlNodePtr el;     /* its paragraph or item */
    const char *text;  /* the paragraph's text (NFKC), one of the cache's texts */
    const char *start; /* where the sentence starts in it */
    coverage cv;
} coverage_at;

typedef struct coverage_cache {
    char **texts; /* the paragraphs' texts, which the sentences point into */
    size_t ntexts, cap_texts;
    coverage_at *items;
    size_t n, cap;
    bool failed;
} coverage_cache;

void coverage_cache_free(void *cache)
{
    coverage_cache *cc = cache;
    if (!cc)
        return;
    for (size_t i = 0; i < cc->ntexts; i++)
        free(cc->texts[i]);
    free(cc->texts);
    free(cc->items);
    free(cc);
}

static void coverage_walk(const vrun *v, coverage_cache *cc, xmlNodePtr node)
{
    const word_list *w = v->ctx->vocab.lists;
    for (xmlNodePtr el = node->children; el && !cc->failed; el = el->next) {
        if (!xml_is(el, "p") && !xml_is(el, "item")) {
            if (el->type == XML_ELEMENT_NODE)
                coverage_walk(v, cc, el);
            continue;
        }
        xmlChar *copy;
        const char *raw = node_text(el, &copy);
        char *text = raw ? text_nfkc(raw, strlen(raw)) : NULL;
        xmlFree(copy);
        if (!text)
            continue;
        char **texts = array_grow(cc->texts, &cc->cap_texts, cc->ntexts + 1, sizeof *texts);
        if (!texts) {
            free(text);
            cc->failed = true;
            return;
        }
        cc->texts = texts;
        cc->texts[cc->ntexts++] = text;
        for (const char *s = text; *s;) {
            const char *e = s;
            size_t endlen = 0;
            while (*e && !(endlen = words_starts(&w[V_SENTENCE_END], e)))
                e++;
            coverage cv;
            if (coverage_of(v, s, e, &cv)) {
                coverage_at *items = array_grow(cc->items, &cc->cap, cc->n + 1, sizeof *items);
                if (!items) {
                    cc->failed = true;
                    return;
                }
                cc->items = items;
                cc->items[cc->n++] = (coverage_at){el, text, s, cv};
            }
            s = *e ? e + endlen : e;
        }
    }
}

/* A coverage stated in the narrative (or the overview) against the forms and 项目支出. */
static void check_coverage(vrun *v, const rule *r, const rule_check *c, xmlNodePtr *pf, size_t n)
{
    coverage_cache *cc = v->coverages;
    if (!cc) {
        cc = v->coverages = calloc(1, sizeof *cc);
        xmlNodePtr root = xmlDocGetRootElement(v->doc);
        for (xmlNodePtr x = root ? root->children : NULL; cc && x; x = x->next)
            if (xml_is(x, "narrative") || xml_is(x, "overview"))
                coverage_walk(v, cc, x);
    }
    if (!cc || cc->failed) {
        v->out_of_memory = true; /* a sentence left unchecked must not let a report through */
        return;
    }
    for (size_t i = 0; i < cc->n; i++)
        coverage_check(v, r, c, cc->items[i].el, cc->items[i].text, cc->items[i].start,
                       &cc->items[i].cv, pf, n);
}

void check_perf(vrun *v, const rule *r, const rule_check *c)
{
    form_list fl = {NULL, 0, 0, false};
    forms(xmlDocGetRootElement(v->doc), &fl);
    if (fl.failed) {
        v->out_of_memory = true; /* a form left unchecked must not let a report through */
        free(fl.items);
        return;
    }
    xmlNodePtr *pf = fl.items;
    size_t n = fl.n;
    perf_check check = (perf_check)c->check;
    if (check == PERF_PROJECTS) {
        check_projects(v, r, c, pf, n);
        free(pf);
        return;
    }
    if (check == PERF_COVERAGE_AMOUNT || check == PERF_COVERAGE_SHARE) {
        check_coverage(v, r, c, pf, n);
        free(pf);
        return;
    }
    if (check == PERF_COUNT) {
        check_count(v, r, n);
        free(pf);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *project = project_of(pf[i]);
        const funds_form *ff = NULL;
        if (check == PERF_RATE || check == PERF_BALANCE || check == PERF_SCORE ||
            check == PERF_SOURCES) {
            if (!(ff = vrun_funds(v, pf[i]))) {
                v->out_of_memory = true;
                break;
            }
        }
        switch (check) {
        case PERF_TOTAL: check_total(v, r, pf[i], project); break;
        case PERF_SOURCES: check_sources(v, r, ff, pf[i], project); break;
        case PERF_CODES: check_codes_of(v, r, pf[i], project); break;
        case PERF_RATE:
        case PERF_BALANCE:
        case PERF_SCORE:
            for (size_t k = 0; k < funds_count(ff); k++) {
                if (check == PERF_RATE)
                    check_fund_identity(v, r, ff, k, project, &fund_rate);
                else if (check == PERF_BALANCE)
                    check_fund_identity(v, r, ff, k, project, &fund_balance);
                else
                    check_fund_score(v, r, ff, k, project);
            }
            break;
        case PERF_INDICATOR_MAX:
        case PERF_WEIGHTS:
        case PERF_FULL_MARKS: check_indicators(v, r, c, pf[i], project); break;
        case PERF_ANALYSIS: check_analysis(v, r, pf[i], project); break;
        case PERF_PROJECTS:
        case PERF_COUNT:
        case PERF_COVERAGE_AMOUNT:
        case PERF_COVERAGE_SHARE: break;
        }
    }
    free(pf);
}
