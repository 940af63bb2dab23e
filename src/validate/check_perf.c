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

/* Collects the <performance> elements of the instance in order. */
static size_t forms(xmlNodePtr n, xmlNodePtr *out, size_t n_out, size_t max)
{
    for (xmlNodePtr c = n->children; c && n_out < max; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_g(c, "performance"))
            out[n_out++] = c;
        else if (is_g(c, "attachments") || is_g(c, "tables") || is_g(c, "narrative") ||
                 is_g(c, "section"))
            n_out = forms(c, out, n_out, max);
    }
    return n_out;
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

static gfa_dec half(int scale)
{
    gfa_dec h = {5, scale + 1};
    return h;
}

/* Is the printed rate p consistent with e / f × 100, each printed with its precision?
 * The computed ratio ranges over the rounding intervals of e and f. */
static bool rate_consistent(gfa_dec p, gfa_dec e, gfa_dec f, gfa_dec *mid)
{
    gfa_dec e_lo, e_hi, f_lo, f_hi, r_lo, r_hi, p_lo, p_hi;
    if (!dec_sub(e, half(e.scale), &e_lo) || !dec_add(e, half(e.scale), &e_hi) ||
        !dec_sub(f, half(f.scale), &f_lo) || !dec_add(f, half(f.scale), &f_hi))
        return true;
    if (f_lo.units <= 0)
        f_lo = f; /* a tiny budget: do not divide by zero */
    if (!dec_percent(e, f, p.scale + 2, mid) || !dec_percent(e_lo, f_hi, 6, &r_lo) ||
        !dec_percent(e_hi, f_lo, 6, &r_hi))
        return true;
    if (!dec_sub(p, half(p.scale), &p_lo) || !dec_add(p, half(p.scale), &p_hi))
        return true;
    return dec_cmp(p_lo, r_hi) <= 0 && dec_cmp(r_lo, p_hi) <= 0;
}

static void say(vrun *v, finding *f, const char *project, const char *a, const char *b)
{
    char *kt = NULL, *ka = NULL, *kb = NULL;
    if (asprintf(&kt, "text=%s", project) < 0)
        kt = NULL;
    if (asprintf(&ka, "a=%s", a ? a : "") < 0)
        ka = NULL;
    if (asprintf(&kb, "b=%s", b ? b : "") < 0)
        kb = NULL;
    vrun_message(v, f, kt ? kt : "text=", ka ? ka : "a=", kb ? kb : "b=", NULL);
    free(kt);
    free(ka);
    free(kb);
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
    if (rate_consistent(ff.v[F_RATE], ff.v[F_EXECUTED], ff.v[F_FULL_YEAR], &mid)) {
        vrun_pass(v, r, what);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_RATE], source ? source : "", "rate", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
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
    amount terms[2] = {{ff.v[F_FULL_YEAR], ff.v[F_FULL_YEAR].scale},
                       {dec_neg(ff.v[F_EXECUTED]), ff.v[F_EXECUTED].scale}};
    gfa_dec sum;
    char *diff = NULL, *tol = NULL;
    if (calc_consistent(ff.v[F_BALANCE], ff.v[F_BALANCE].scale, terms, 2, &sum, &diff, &tol)) {
        vrun_pass(v, r, what);
        free(diff);
        free(tol);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_BALANCE], source ? source : "", "balance", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
    if (!f) {
        free(diff);
        free(tol);
        return;
    }
    f->reported = dec_text(ff.v[F_BALANCE]);
    f->expected = dec_text(sum);
    f->difference = diff;
    f->tolerance = tol;
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
    /* 得分 = weight × 执行率 (at most the weight; schemas/vocab), at the score's printed
     * precision. The rate's rounding, scaled by weight/100, is allowed for as the half unit
     * of a place: exactly for a weight of 10 (96.14% gives 9.614 ± 0.0005), on the lenient
     * side for a weight that is not a power of ten. */
    const gfa_vocab *vc = &v->ctx->vocab;
    gfa_dec rate = ff.v[F_RATE], w = vc->weight;
    int places = 0; /* digits of the weight's integer part after the first */
    for (__int128 u = w.units / dec_pow10(w.scale); u >= 10; u /= 10)
        places++;
    int precision = rate.scale + 2 - places - (w.scale == 0 && w.units == dec_pow10(places) ? 0 : 1);
    __int128 limit = dec_pow10(36) / w.units;
    if (rate.units > limit || rate.units < -limit || rate.scale + w.scale + 2 > 36) {
        vrun_unchecked(v, r, what, "the rate is too large to multiply");
        return;
    }
    gfa_dec expected = {rate.units * w.units, rate.scale + w.scale + 2};
    while (expected.scale > precision && expected.scale > 0 && expected.units % 10 == 0) {
        expected.units /= 10;
        expected.scale--;
    }
    amount term = {expected, precision};
    if (dec_cmp(expected, w) > 0)
        term = (amount){w, w.scale}; /* the cap is exact */
    expected = term.v;
    if (calc_consistent(ff.v[F_SCORE], ff.v[F_SCORE].scale, &term, 1, NULL, NULL, NULL)) {
        vrun_pass(v, r, what);
        return;
    }
    char idbuf[48];
    fact at = fact_of(ff.node[F_SCORE], source ? source : "", "score", idbuf, sizeof idbuf);
    finding *f = vrun_fail(v, r, what, &at);
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
    amount terms[128];
    int n = 0;
    for (xmlNodePtr i = indicators ? indicators->children : NULL; i && n < 127; i = i->next) {
        if (!is_g(i, "indicator"))
            continue;
        if (xml_attr(i, "certain") && !strcmp(xml_attr(i, "certain"), "false")) {
            vrun_unchecked(v, r, what, "an indicator's score could not be placed with certainty");
            return;
        }
        for (xmlNodePtr s = i->children; s; s = s->next)
            if (is_g(s, "score")) {
                xmlChar *t = xmlNodeGetContent(s);
                if (t && dec_parse((const char *)t, strlen((const char *)t), &terms[n].v) == DEC_OK) {
                    /* an indicator score is a number of points, exact as printed */
                    terms[n].scale = terms[n].v.scale == 0 ? 12 : terms[n].v.scale;
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
            terms[n].v = ff.v[F_SCORE];
            terms[n++].scale = ff.v[F_SCORE].scale;
        }
        break;
    }
    if (n == 0) {
        vrun_unchecked(v, r, what, "no scores found");
        return;
    }
    gfa_dec sum;
    if (calc_consistent(score, score.scale, terms, (size_t)n, &sum, NULL, NULL)) {
        vrun_pass(v, r, what);
        return;
    }
    fact at;
    char idbuf[48];
    memset(&at, 0, sizeof at);
    at.table = form_id(perf, idbuf, sizeof idbuf);
    at.row = "total";
    at.col = "score";
    at.node = total;
    at.line = num_attr(total, "line");
    finding *f = vrun_fail(v, r, what, &at);
    if (!f)
        return;
    f->reported = dec_text(score);
    f->expected = dec_text(sum);
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
        amount terms[16];
        int n = 0;
        for (int p = 0; p < np; p++)
            if (parts[p].have[k]) {
                if (parts[p].suspect[k])
                    n = -100;
                else if (n >= 0) {
                    terms[n].v = parts[p].v[k];
                    terms[n++].scale = parts[p].v[k].scale;
                }
            }
        if (n < 0) {
            vrun_unchecked(v, r, what, "a figure may have a decimal comma");
            continue;
        }
        if (n == 0)
            continue;
        gfa_dec sum;
        if (calc_consistent(total.v[k], total.v[k].scale, terms, (size_t)n, &sum, NULL, NULL)) {
            vrun_pass(v, r, what);
            continue;
        }
        char idbuf[48];
        fact at = fact_of(total.node[k], total_label, field_names[k], idbuf, sizeof idbuf);
        finding *f = vrun_fail(v, r, what, &at);
        if (!f)
            continue;
        f->reported = dec_text(total.v[k]);
        f->expected = dec_text(sum);
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
                char *kt = NULL, *kd = NULL;
                if (asprintf(&kt, "text=%s", project) < 0)
                    kt = NULL;
                if (asprintf(&kd, "detail=预算单位代码 %s 不在主管部门 %s 之下", ucode, dcode) < 0)
                    kd = NULL;
                vrun_message(v, f, kt ? kt : "text=", kd ? kd : "detail=", NULL);
                free(kt);
                free(kd);
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
        char *kt = NULL, *kd = NULL;
        if (asprintf(&kt, "text=%s", project) < 0)
            kt = NULL;
        if (asprintf(&kd, "detail=%s代码为 %s，报告中其他地方为 %s", dept ? "主管部门" : "预算单位",
                     code, want) < 0)
            kd = NULL;
        vrun_message(v, f, kt ? kt : "text=", kd ? kd : "detail=", NULL);
        free(kt);
        free(kd);
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
    gfa_dec sum = {0, 0}, allowed = {0, 0};
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
        gfa_dec t, h = {5, ff.v[F_EXECUTED].scale + 1};
        if (!dec_add(sum, ff.v[F_EXECUTED], &t)) {
            vrun_unchecked(v, r, what, "the forms' 全年执行数 are too large to add");
            return;
        }
        sum = t;
        if (dec_add(allowed, h, &t))
            allowed = t;
    }
    const char *cell = rule_attr(c, "cell");
    char buf[128];
    snprintf(buf, sizeof buf, "%s", cell ? cell : "");
    char *s1 = strchr(buf, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s1 || !s2)
        return;
    *s1 = *s2 = '\0';
    const table_info *ti = facts_pick_table(&v->facts, buf);
    const fact *proj = ti ? facts_get(&v->facts, ti->def, s1 + 1, s2 + 1) : NULL;
    if (!proj || proj->kind != CELL_NUMBER) {
        vrun_unchecked(v, r, what, "项目支出 is not in the report");
        return;
    }
    gfa_dec t, h = {5, proj->value.scale + 1};
    if (dec_add(allowed, h, &t))
        allowed = t;
    gfa_dec diff;
    if (!dec_sub(sum, proj->value, &diff)) {
        vrun_unchecked(v, r, what, "the amounts are too large to compare");
        return;
    }
    if (dec_cmp(diff, allowed) <= 0) {
        vrun_pass(v, r, what);
        return;
    }
    finding *f = vrun_fail(v, r, what, proj);
    if (!f)
        return;
    f->reported = dec_text(sum);
    f->expected = dec_text(proj->value);
    vrun_message(v, f, "detail=", NULL);
}

void check_perf(vrun *v, const rule *r, const rule_check *c)
{
    xmlNodePtr pf[512];
    size_t n = forms(xmlDocGetRootElement(v->doc), pf, 0, 512);
    const char *check = rule_attr(c, "check");
    if (!check)
        return;
    if (!strcmp(check, "projects")) {
        check_projects(v, r, c, pf, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *project = project_of(pf[i]);
        if (!strcmp(check, "total"))
            check_total(v, r, pf[i], project);
        else if (!strcmp(check, "sources"))
            check_sources(v, r, pf[i], project);
        else if (!strcmp(check, "codes"))
            check_codes_of(v, r, pf[i], project);
        else
            for (xmlNodePtr f = pf[i]->children; f; f = f->next)
                for (xmlNodePtr fnd = is_g(f, "funds") ? f->children : NULL; fnd; fnd = fnd->next) {
                    if (!is_g(fnd, "fund"))
                        continue;
                    if (!strcmp(check, "rate"))
                        check_fund_rate(v, r, fnd, project);
                    else if (!strcmp(check, "balance"))
                        check_fund_balance(v, r, fnd, project);
                    else if (!strcmp(check, "score"))
                        check_fund_score(v, r, fnd, project);
                }
    }
}
