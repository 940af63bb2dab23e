/* check_perf.c — 项目支出绩效自评表: 执行率 = 执行数 ÷ 全年预算数, 结余 = 预算 − 执行,
 * the 预算执行 score, 总分 = Σ 得分, funds by source add up, the forms' codes agree with the
 * report, and the projects' execution against 项目支出.
 *
 * Figures the reader marked uncertain, and figures that look like a decimal comma
 * (49,908 in a row of 50s), make a check not checkable rather than failed. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

static bool is_g(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}

static long num_attr(xmlNodePtr n, const char *name)
{
    const char *v = xml_attr(n, name);
    return v ? strtol(v, NULL, 10) : 0;
}

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
        if (is_g(c, "performance")) {
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
        } else if (is_g(c, "attachments") || is_g(c, "tables") || is_g(c, "narrative") ||
                   is_g(c, "section")) {
            forms(c, out);
        }
    }
}

static const char *project_of(xmlNodePtr perf)
{
    for (xmlNodePtr c = perf->children; c; c = c->next)
        if (is_g(c, "project"))
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

typedef struct fund_fields {
    xmlNodePtr node[7];
    gfa_dec v[7];
    bool have[7];
    bool suspect[7];
} fund_fields;

enum { F_DECLARED, F_BUDGETED, F_FULL_YEAR, F_EXECUTED, F_BALANCE, F_RATE, F_SCORE };
static const char *const field_names[] = {"declared", "budgeted", "full_year", "executed",
                                          "balance", "rate", "score"};

static void read_fund(xmlNodePtr fund, fund_fields *ff)
{
    memset(ff, 0, sizeof *ff);
    for (xmlNodePtr a = fund->children; a; a = a->next) {
        if (!is_g(a, "amt"))
            continue;
        const char *field = xml_attr(a, "field");
        for (int k = 0; field && k < 7; k++)
            if (!strcmp(field, field_names[k])) {
                xmlChar *t = xmlNodeGetContent(a);
                if (t && dec_parse((const char *)t, strlen((const char *)t), &ff->v[k]) == DEC_OK) {
                    ff->have[k] = true;
                    ff->node[k] = a;
                    ff->suspect[k] = looks_like_decimal_comma(xml_attr(a, "text"));
                }
                xmlFree(t);
            }
    }
}

/* Findings of a form name it "perf:LINE" (the form's first line), so that two forms'
 * cells are never taken for the same cell when root causes are grouped. */
static const char *form_id(xmlNodePtr n, char *buf, size_t cap)
{
    while (n && !is_g(n, "performance"))
        n = n->parent;
    snprintf(buf, cap, "perf:%ld", num_attr(n, "line"));
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
    at.line = num_attr(amt, "line");
    at.pos = num_attr(amt, "pos");
    return at;
}

/* A fund field as a printed value of the identities the diagnosis searches. */
static int field_value(vrun *v, const fund_fields *ff, int k, xmlNodePtr fund)
{
    char idbuf[48];
    const char *source = xml_attr(fund, "source");
    return ff->have[k] ? vrun_value_form(v, ff->node[k], form_id(fund, idbuf, sizeof idbuf),
                                         source ? source : "", field_names[k], ff->v[k], false)
                       : -1;
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

static void say(vrun *v, finding *f, const char *project, const char *a, const char *b)
{
    vrun_message(v, f, &(msg_args){.text = project, .a = a, .b = b});
}

static void check_fund_rate(vrun *v, const rule *r, xmlNodePtr fund, const char *project)
{
    fund_fields ff;
    read_fund(fund, &ff);
    const char *source = xml_attr(fund, "source");
    char what[256];
    snprintf(what, sizeof what, "perf line %ld %s rate", num_attr(fund, "line"), source ? source : "");
    if (!ff.have[F_RATE])
        return;
    if (xml_attr(fund, "certain") && !strcmp(xml_attr(fund, "certain"), "false")) {
        vrun_unchecked(v, r, what, "the reader was not sure which column each figure is in");
        return;
    }
    if (!ff.have[F_EXECUTED] || !ff.have[F_FULL_YEAR]) {
        vrun_unchecked(v, r, what, "全年执行数 or 全年预算数 is not printed");
        return;
    }
    if (ff.suspect[F_EXECUTED] || ff.suspect[F_FULL_YEAR]) {
        vrun_unchecked(v, r, what, "a figure may have a decimal comma (see GFA-TXT-005)");
        return;
    }
    if (dec_is_zero(ff.v[F_FULL_YEAR])) {
        vrun_unchecked(v, r, what, "全年预算数 is zero: the rate is not computable");
        return;
    }
    gfa_dec mid;
    ival_status st = ival_percent(printed(ff.v[F_RATE]), printed(ff.v[F_EXECUTED]),
                                  printed(ff.v[F_FULL_YEAR]), ff.v[F_RATE].scale + 2, &mid);
    if (st == IVAL_UNDEFINED || st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, not_computable(st));
        return;
    }
    identity id;
    identity_init(&id, ID_RATIO, r);
    identity_add(&id, field_value(v, &ff, F_RATE, fund), 1);
    identity_add(&id, field_value(v, &ff, F_EXECUTED, fund), 1);
    id.nnum = 1;
    identity_add(&id, field_value(v, &ff, F_FULL_YEAR, fund), 1);
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_RATE], source ? source : "", "rate", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    f->reported = dec_text(ff.v[F_RATE]);
    f->expected = dec_text(dec_round(mid, ff.v[F_RATE].scale));
    char *a = dec_text(ff.v[F_EXECUTED]), *b = dec_text(ff.v[F_FULL_YEAR]);
    say(v, f, project, a, b);
    free(a);
    free(b);
}

static void check_fund_balance(vrun *v, const rule *r, xmlNodePtr fund, const char *project)
{
    fund_fields ff;
    read_fund(fund, &ff);
    const char *source = xml_attr(fund, "source");
    char what[256];
    snprintf(what, sizeof what, "perf line %ld %s balance", num_attr(fund, "line"), source ? source : "");
    if (!ff.have[F_BALANCE])
        return;
    if ((xml_attr(fund, "certain") && !strcmp(xml_attr(fund, "certain"), "false")) ||
        !ff.have[F_EXECUTED] || !ff.have[F_FULL_YEAR] || ff.suspect[F_EXECUTED] ||
        ff.suspect[F_FULL_YEAR]) {
        vrun_unchecked(v, r, what, "a figure it needs is uncertain or missing");
        return;
    }
    gfa_ival sum = printed(ff.v[F_FULL_YEAR]);
    gfa_dec diff, allowed;
    ival_status st = ival_add(&sum, printed(ff.v[F_EXECUTED]), -1)
                         ? ival_overlap(printed(ff.v[F_BALANCE]), sum, &diff, &allowed)
                         : IVAL_OVERFLOW;
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, not_computable(st));
        return;
    }
    identity id;
    identity_init(&id, ID_SUM, r);
    identity_add(&id, field_value(v, &ff, F_BALANCE, fund), 1);
    identity_add(&id, field_value(v, &ff, F_FULL_YEAR, fund), -1);
    identity_add(&id, field_value(v, &ff, F_EXECUTED, fund), 1);
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_BALANCE], source ? source : "", "balance", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    f->reported = dec_text(ff.v[F_BALANCE]);
    f->expected = dec_text(sum.mid);
    f->difference = dec_text(diff);
    f->tolerance = dec_text(allowed);
    char *a = dec_text(ff.v[F_EXECUTED]), *b = dec_text(ff.v[F_FULL_YEAR]);
    say(v, f, project, a, b);
    free(a);
    free(b);
}

static void check_fund_score(vrun *v, const rule *r, xmlNodePtr fund, const char *project)
{
    fund_fields ff;
    read_fund(fund, &ff);
    const char *source = xml_attr(fund, "source");
    char what[256];
    snprintf(what, sizeof what, "perf line %ld %s score", num_attr(fund, "line"), source ? source : "");
    if (!ff.have[F_SCORE] || !ff.have[F_RATE])
        return;
    if (xml_attr(fund, "certain") && !strcmp(xml_attr(fund, "certain"), "false")) {
        vrun_unchecked(v, r, what, "the reader was not sure which column each figure is in");
        return;
    }
    /* 得分 = weight × 执行率 (the vocabulary's weight, 10), at most the weight: the rate's
     * interval scaled by weight/100 and cut at the weight */
    const gfa_vocab *vc = &v->ctx->vocab;
    gfa_dec w = vc->weight, factor = {w.units, w.scale + 2}, lo, hi;
    gfa_ival scaled = {{0, 0}, {0, 0}, 0}, want;
    bool ok = ival_scale(printed(ff.v[F_RATE]), factor, &scaled) && ival_bounds(scaled, &lo, &hi);
    want = scaled;
    ok = ok && (dec_cmp(hi, w) <= 0 || ival_from_bounds(dec_cmp(lo, w) < 0 ? lo : w, w, &want));
    /* for messages, without the zeros the weight brings: 10 × 96.14% = 9.614 */
    gfa_dec expected = dec_cmp(scaled.mid, w) > 0 ? w : scaled.mid;
    for (__int128 u = w.units; expected.scale > 0 && u % 10 == 0 && expected.units % 10 == 0;
         u /= 10) {
        expected.units /= 10;
        expected.scale--;
    }
    ival_status st = ok ? ival_overlap(printed(ff.v[F_SCORE]), want, NULL, NULL) : IVAL_OVERFLOW;
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, not_computable(st));
        return;
    }
    /* for the diagnosis: below the weight, 执行率 = 100 × 得分 ÷ weight; at or above it,
     * 得分 = weight (a rate straddling the cap is not recorded) */
    identity id;
    identity_init(&id, dec_cmp(hi, w) <= 0 ? ID_RATIO : ID_SUM, r);
    if (dec_cmp(hi, w) <= 0) {
        identity_add(&id, field_value(v, &ff, F_RATE, fund), 1);
        identity_add(&id, field_value(v, &ff, F_SCORE, fund), 1);
        id.nnum = 1;
        id.konst = ival_exact(w);
    } else if (dec_cmp(lo, w) >= 0) {
        identity_add(&id, field_value(v, &ff, F_SCORE, fund), 1);
        id.konst = ival_exact(dec_neg(w));
    } else {
        id.broken = true;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        vrun_identity(v, &id, false, NULL);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_SCORE], source ? source : "", "score", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    f->reported = dec_text(ff.v[F_SCORE]);
    f->expected = dec_text(dec_round(expected, ff.v[F_SCORE].scale));
    char *a = dec_text(ff.v[F_RATE]);
    say(v, f, project, a, vc->weight_text);
    free(a);
}

static void check_total(vrun *v, const rule *r, xmlNodePtr perf, const char *project)
{
    xmlNodePtr total = NULL, indicators = NULL, funds = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        if (is_g(c, "total"))
            total = c;
        else if (is_g(c, "indicators"))
            indicators = c;
        else if (is_g(c, "funds"))
            funds = c;
    }
    char what[256];
    snprintf(what, sizeof what, "perf line %ld total", num_attr(perf, "line"));
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
        if (!is_g(i, "indicator"))
            continue;
        if (xml_attr(i, "certain") && !strcmp(xml_attr(i, "certain"), "false")) {
            vrun_unchecked(v, r, what, "an indicator's score could not be placed with certainty");
            free(id.terms);
            return;
        }
        for (xmlNodePtr s = i->children; s; s = s->next)
            if (is_g(s, "score")) {
                xmlChar *t = xmlNodeGetContent(s);
                gfa_dec d;
                if (t && dec_parse((const char *)t, strlen((const char *)t), &d) == DEC_OK) {
                    /* an indicator score is a number of points, exact as printed */
                    overflow |= !ival_add(&sum, ival_printed(d, d.scale == 0 ? 12 : d.scale), 1);
                    identity_add(&id, vrun_value_form(v, s, form, xml_attr(i, "name"), "score", d,
                                                      d.scale == 0), -1);
                    n++;
                }
                xmlFree(t);
            }
    }
    /* the 预算执行 score of the total funds row */
    for (xmlNodePtr fnd = funds ? funds->children : NULL; fnd; fnd = fnd->next) {
        if (!is_g(fnd, "fund") || !xml_attr(fnd, "total"))
            continue;
        fund_fields ff;
        read_fund(fnd, &ff);
        if (ff.have[F_SCORE]) {
            overflow |= !ival_add(&sum, printed(ff.v[F_SCORE]), 1);
            identity_add(&id, field_value(v, &ff, F_SCORE, fnd), -1);
            n++;
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
    at.line = num_attr(total, "line");
    finding *f = vrun_fail(v, r, what, &at);
    vrun_identity(v, &id, true, f);
    if (!f)
        return;
    f->reported = dec_text(score);
    f->expected = dec_text(sum.mid);
    say(v, f, project, NULL, NULL);
}

/* 资金总额 = Σ the other fund rows, field by field (when there are other rows). */
static void check_sources(vrun *v, const rule *r, xmlNodePtr perf, const char *project)
{
    xmlNodePtr funds = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next)
        if (is_g(c, "funds"))
            funds = c;
    if (!funds)
        return;
    fund_fields total, parts[16];
    xmlNodePtr part_node[16];
    int np = 0;
    bool have_total = false, uncertain = false;
    xmlNodePtr total_node = NULL;
    for (xmlNodePtr f = funds->children; f; f = f->next) {
        if (!is_g(f, "fund"))
            continue;
        uncertain |= xml_attr(f, "certain") && !strcmp(xml_attr(f, "certain"), "false");
        if (xml_attr(f, "total") && !have_total) {
            read_fund(f, &total);
            have_total = true;
            total_node = f;
        } else if (np < 16) {
            part_node[np] = f;
            read_fund(f, &parts[np++]);
        }
    }
    if (!have_total || np == 0)
        return;
    /* the total row is named as its form's definition names it (资金总额) */
    const char *def_id = xml_attr(perf, "def");
    const table_def *def = def_id ? table_defs_find(&v->ctx->defs, def_id) : NULL;
    const form_field *field = def ? table_def_field(def, "fund_total") : NULL;
    const char *total_label = field && field->labels.count ? field->labels.keys[0] : "fund_total";
    for (int k = F_DECLARED; k <= F_BALANCE; k++) {
        char what[256];
        snprintf(what, sizeof what, "perf line %ld sources %s", num_attr(total_node, "line"),
                 field_names[k]);
        if (!total.have[k])
            continue;
        if (uncertain || total.suspect[k]) {
            vrun_unchecked(v, r, what, "a figure it needs is uncertain");
            continue;
        }
        gfa_ival sum = ival_exact((gfa_dec){0, 0});
        int n = 0;
        bool overflow = false;
        identity id;
        identity_init(&id, ID_SUM, r);
        identity_add(&id, field_value(v, &total, k, total_node), 1);
        for (int p = 0; p < np; p++)
            if (parts[p].have[k]) {
                if (parts[p].suspect[k])
                    n = -100;
                else if (n >= 0) {
                    overflow |= !ival_add(&sum, printed(parts[p].v[k]), 1);
                    identity_add(&id, field_value(v, &parts[p], k, part_node[p]), -1);
                    n++;
                }
            }
        if (n <= 0 || overflow) {
            free(id.terms);
            if (n < 0)
                vrun_unchecked(v, r, what, "a figure may have a decimal comma");
            else if (overflow)
                vrun_unchecked(v, r, what, not_computable(IVAL_OVERFLOW));
            continue;
        }
        ival_status st = ival_overlap(printed(total.v[k]), sum, NULL, NULL);
        if (st == IVAL_CONSISTENT) {
            vrun_pass(v, r, what);
            vrun_identity(v, &id, false, NULL);
            continue;
        }
        char idbuf[48];
        fact at = fact_of(total.node[k], total_label, field_names[k], idbuf, sizeof idbuf);
        finding *f = vrun_fail(v, r, what, &at);
        vrun_identity(v, &id, true, f);
        if (!f)
            continue;
        f->reported = dec_text(total.v[k]);
        f->expected = dec_text(sum.mid);
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
        if (is_g(c, "department"))
            dcode = xml_attr(c, "code");
        if (is_g(c, "unit")) {
            ucode = xml_attr(c, "code");
            unode = c;
        }
    }
    if (dcode && ucode) {
        char what[256];
        snprintf(what, sizeof what, "perf line %ld unit code under department", num_attr(unode, "line"));
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
            at.line = num_attr(unode, "line");
            finding *f = vrun_fail(v, r, what, &at);
            if (f) {
                f->reported = strdup(ucode);
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
        if (is_g(h, "header"))
            for (xmlNodePtr e = h->children; e; e = e->next)
                if (is_g(e, "entity")) {
                    want_unit = xml_attr(e, "unitCode");
                    want_dept = xml_attr(e, "deptCode");
                }
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        bool dept = is_g(c, "department"), unit = is_g(c, "unit");
        const char *code = (dept || unit) ? xml_attr(c, "code") : NULL;
        const char *want = dept ? want_dept : want_unit;
        if (!code || !want)
            continue;
        char what[256];
        snprintf(what, sizeof what, "perf line %ld %s code", num_attr(c, "line"), dept ? "department" : "unit");
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
        at.line = num_attr(c, "line");
        finding *f = vrun_fail(v, r, what, &at);
        if (!f)
            continue;
        f->reported = strdup(code);
        f->expected = strdup(want);
        char *detail = NULL;
        if (asprintf(&detail, "%s代码为 %s，报告中其他地方为 %s", dept ? "主管部门" : "预算单位",
                     code, want) < 0)
            detail = NULL;
        vrun_message(v, f, &(msg_args){.text = project, .detail = detail});
        free(detail);
    }
}

/* Σ 全年执行数 of the forms' 资金总额 rows against 项目支出 (warning only: a report may list
 * only some of its projects, never more than all of them). */
static void check_projects(vrun *v, const rule *r, const rule_check *c, xmlNodePtr *pf, size_t n)
{
    const char *what = "perf projects ≤ 项目支出";
    if (n == 0)
        return;
    /* Σ of the first 资金总额 row of each form, with the rounding allowance of every term */
    gfa_ival sum = ival_exact((gfa_dec){0, 0});
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr total = NULL;
        for (xmlNodePtr f = pf[i]->children; f && !total; f = f->next)
            for (xmlNodePtr fnd = is_g(f, "funds") ? f->children : NULL; fnd && !total;
                 fnd = fnd->next)
                if (is_g(fnd, "fund") && xml_attr(fnd, "total"))
                    total = fnd;
        if (!total)
            continue;
        fund_fields ff;
        read_fund(total, &ff);
        if (!ff.have[F_EXECUTED] || ff.suspect[F_EXECUTED] ||
            (xml_attr(total, "certain") && !strcmp(xml_attr(total, "certain"), "false"))) {
            vrun_unchecked(v, r, what, "a form's 全年执行数 is missing or uncertain");
            return;
        }
        if (!ival_add(&sum, printed(ff.v[F_EXECUTED]), 1)) {
            vrun_unchecked(v, r, what, "the forms' 全年执行数 are too large to add");
            return;
        }
    }
    const cellref *cell = &c->cell.refs[0];
    const table_info *ti = tableset_pick(&cell->tables, &v->facts);
    const fact *proj = ti ? facts_get(&v->facts, ti->def, cell->row, cell->col) : NULL;
    if (!proj || proj->kind != CELL_NUMBER) {
        vrun_unchecked(v, r, what, "项目支出 is not in the report");
        return;
    }
    ival_status st = ival_le(sum, printed(proj->value), NULL, NULL);
    if (st == IVAL_OVERFLOW) {
        vrun_unchecked(v, r, what, "the amounts are too large to compare");
        return;
    }
    if (st == IVAL_CONSISTENT) {
        vrun_pass(v, r, what);
        return;
    }
    finding *f = vrun_fail(v, r, what, proj);
    if (!f)
        return;
    f->reported = dec_text(sum.mid);
    f->expected = dec_text(proj->value);
    vrun_message(v, f, NULL);
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
    for (size_t i = 0; i < n; i++) {
        const char *project = project_of(pf[i]);
        switch (check) {
        case PERF_TOTAL: check_total(v, r, pf[i], project); break;
        case PERF_SOURCES: check_sources(v, r, pf[i], project); break;
        case PERF_CODES: check_codes_of(v, r, pf[i], project); break;
        case PERF_RATE:
        case PERF_BALANCE:
        case PERF_SCORE:
            for (xmlNodePtr f = pf[i]->children; f; f = f->next)
                for (xmlNodePtr fnd = is_g(f, "funds") ? f->children : NULL; fnd; fnd = fnd->next) {
                    if (!is_g(fnd, "fund"))
                        continue;
                    if (check == PERF_RATE)
                        check_fund_rate(v, r, fnd, project);
                    else if (check == PERF_BALANCE)
                        check_fund_balance(v, r, fnd, project);
                    else
                        check_fund_score(v, r, fnd, project);
                }
            break;
        case PERF_PROJECTS: break;
        }
    }
    free(pf);
}
