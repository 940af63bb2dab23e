/* test_diagnose.c — the diagnosis search (src/validate/diagnose.c) on small identity
 * graphs built by hand: which printed value is wrong, what it should be, when two readings
 * are equally good, narrative against table, ratios, two slips at once, typing slips. */
#include "testutil.h"

#include "validate/validate.h"

#include <libxml/HTMLparser.h>

#define MAXV 32
#define MAXI 32

typedef struct graph {
    pvalue v[MAXV];
    size_t nv;
    identity id[MAXI];
    size_t ni;
    int fails[MAXI];
    size_t nf;
} graph;

static gfa_dec dec(const char *s)
{
    gfa_dec d;
    assert_int_equal(dec_parse(s, strlen(s), &d), DEC_OK);
    return d;
}

/* A printed value (its rounding half unit from its printed decimals). */
static int val(graph *g, const char *key, const char *printed)
{
    pvalue *p = &g->v[g->nv];
    memset(p, 0, sizeof *p);
    p->key = (char *)key;
    p->kind = VAL_CELL;
    p->value = dec(printed);
    p->half = ival_half_unit(p->value.scale);
    p->context_scale = p->value.scale;
    snprintf(p->printed, sizeof p->printed, "%s", printed);
    return (int)g->nv++;
}

/* An identity of terms given as value, sign pairs ending with -1. */
static int ident(graph *g, ident_kind kind, bool strict, ...)
{
    identity *id = &g->id[g->ni];
    identity_init(id, kind, NULL);
    id->strict = strict;
    va_list ap;
    va_start(ap, strict);
    for (int v; (v = va_arg(ap, int)) >= 0;)
        identity_add(id, v, va_arg(ap, int));
    va_end(ap);
    return (int)g->ni++;
}

/* Marks the identities that do not hold at the printed values as failed. */
static void evaluate(graph *g)
{
    g->nf = 0;
    diag_reading none = {0};
    for (size_t i = 0; i < g->ni; i++) {
        g->id[i].failed = !diag_reading_holds(g->v, &g->id[i], &none);
        if (g->id[i].failed)
            g->fails[g->nf++] = (int)i;
    }
}

static void search(graph *g, diag_outcome *out)
{
    evaluate(g);
    assert_true(g->nf > 0);
    assert_true(diag_search(g->v, g->nv, g->id, g->ni, g->fails, g->nf, 10000, out));
}

static void done(graph *g, diag_outcome *out)
{
    diag_outcome_free(out);
    for (size_t i = 0; i < g->ni; i++)
        free(g->id[i].terms);
}

static bool fixes(const diag_reading *r, int value, const char *proposed)
{
    for (size_t j = 0; j < r->nfixes; j++)
        if (r->fixes[j].value == value &&
            (!proposed || dec_cmp(r->fixes[j].proposed, dec(proposed)) == 0))
            return true;
    return false;
}

/* A 2×2 grid with row and column totals and a grand total, one cell mistyped: it alone
 * breaks its row and its column, so it is the one root, with the value it should have. */
static void grid_cell_transposed(void **state)
{
    (void)state;
    graph g = {0};
    int a = val(&g, "a", "1207.45"), b = val(&g, "b", "300.00"), c = val(&g, "c", "50.10"),
        d = val(&g, "d", "49.90"), r1 = val(&g, "r1", "1570.45"), r2 = val(&g, "r2", "100.00"),
        c1 = val(&g, "c1", "1320.55"), c2 = val(&g, "c2", "349.90"), t = val(&g, "t", "1670.45");
    ident(&g, ID_SUM, false, r1, 1, a, -1, b, -1, -1);
    ident(&g, ID_SUM, false, r2, 1, c, -1, d, -1, -1);
    ident(&g, ID_SUM, false, c1, 1, a, -1, c, -1, -1);
    ident(&g, ID_SUM, false, c2, 1, b, -1, d, -1, -1);
    ident(&g, ID_SUM, false, t, 1, r1, -1, r2, -1, -1);
    ident(&g, ID_SUM, false, t, 1, c1, -1, c2, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], a, "1270.45"));
    assert_int_equal(out.readings[0].fixes[0].slip, SLIP_TRANSPOSED);
    done(&g, &out);
}

/* One sum alone: the total or either part could be wrong. Without a typing slip to tell
 * them apart every reading is kept; a transposition makes one of them the explanation. */
static void lone_sum_is_ambiguous(void **state)
{
    (void)state;
    graph g = {0};
    int t = val(&g, "t", "100.00"), a = val(&g, "a", "61.37"), b = val(&g, "b", "40.00");
    ident(&g, ID_SUM, false, t, 1, a, -1, b, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    /* 61.37 → 60.00, 40.00 → 38.63 and 100.00 → 101.37: no slip explains any */
    assert_int_equal(out.nreadings, 3);
    done(&g, &out);

    graph h = {0};
    t = val(&h, "t", "100.00");
    a = val(&h, "a", "06.00"); /* 60.00 typed with its digits swapped */
    b = val(&h, "b", "40.00");
    ident(&h, ID_SUM, false, t, 1, a, -1, b, -1, -1);
    search(&h, &out);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], a, "60.00"));
    done(&h, &out);
}

/* A narrative figure against its cell: when the table's own identities hold around the
 * cell, the figure is the root; when they fail around it, the cell is. */
static void narrative_or_table(void **state)
{
    (void)state;
    graph g = {0};
    int cell = val(&g, "cell", "1421.59"), p1 = val(&g, "p1", "1000.00"),
        p2 = val(&g, "p2", "421.59"), fig = val(&g, "fig", "1045.52");
    g.v[fig].kind = VAL_FIGURE;
    ident(&g, ID_SUM, false, cell, 1, p1, -1, p2, -1, -1);
    ident(&g, ID_SUM, true, fig, 1, cell, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], fig, "1421.59"));
    done(&g, &out);

    graph h = {0};
    cell = val(&h, "cell", "1412.59"); /* the cell mistyped, the narrative right */
    p1 = val(&h, "p1", "1000.00");
    p2 = val(&h, "p2", "421.59");
    fig = val(&h, "fig", "1421.59");
    h.v[fig].kind = VAL_FIGURE;
    int other = val(&h, "other", "1421.59"); /* another table printing the same quantity */
    ident(&h, ID_SUM, false, cell, 1, p1, -1, p2, -1, -1);
    ident(&h, ID_SUM, true, fig, 1, cell, -1, -1);
    ident(&h, ID_SUM, true, other, 1, cell, -1, -1);
    search(&h, &out);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], cell, "1421.59"));
    done(&h, &out);
}

/* A share printed wrong: 占比 = 100 × part ÷ total; the part and the total are tied to a
 * table, so the percentage is the root, and what it should be is computed exactly. */
static void ratio_root(void **state)
{
    (void)state;
    graph g = {0};
    int pct = val(&g, "pct", "90.58"), part = val(&g, "part", "682.76"),
        total = val(&g, "total", "763.86"), cpart = val(&g, "cpart", "682.76"),
        ctotal = val(&g, "ctotal", "763.86");
    g.v[pct].percent = true;
    identity *r = &g.id[ident(&g, ID_RATIO, false, pct, 1, part, 1, total, 1, -1)];
    r->nnum = 1;
    ident(&g, ID_SUM, true, part, 1, cpart, -1, -1);
    ident(&g, ID_SUM, true, total, 1, ctotal, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], pct, "89.38"));
    done(&g, &out);
}

/* A sum of twelve parts: 1.05 and eleven times 90.00 (no slip of them adds ten). With
 * the total 1001.10, 10.05 is missing: the 1.05 with a 1 dropped (11.05) leaves the sum
 * 0.05 from the total, at the far end of thirteen roundings (beyond 4 standard
 * deviations), no better than a correction of any part or the total by what is missing.
 * With 1001.07 (10.02 missing) the slip leaves it 0.02 off, as roundings go: it explains. */
static void strained_slip(void **state)
{
    (void)state;
    for (int close = 0; close < 2; close++) {
        graph g = {0};
        int t = val(&g, "t", close ? "1001.07" : "1001.10");
        int part[12];
        part[0] = val(&g, "p0", "1.05");
        for (int i = 1; i < 12; i++)
            part[i] = val(&g, "p", "90.00");
        identity *id = &g.id[g.ni];
        identity_init(id, ID_SUM, NULL);
        identity_add(id, t, 1);
        for (int i = 0; i < 12; i++)
            identity_add(id, part[i], -1);
        g.ni++;
        diag_outcome out;
        search(&g, &out);
        assert_int_equal(out.size, 1);
        if (close) {
            assert_int_equal(out.nreadings, 1);
            assert_true(fixes(&out.readings[0], part[0], "11.05"));
            assert_int_equal(out.readings[0].fixes[0].slip, SLIP_DROPPED);
            assert_false(out.readings[0].strained);
        } else {
            /* every part and the total: equally good, the slip not among them */
            assert_true(out.nreadings + out.more > 2);
            for (size_t r = 0; r < out.nreadings; r++) {
                assert_false(out.readings[r].strained);
                assert_false(fixes(&out.readings[r], part[0], "11.05"));
            }
        }
        done(&g, &out);
    }
}

/* A value printed in two tables, each the only amount of its own table's total (the other
 * rows blank): 1614.45 against 1614.44. Either is a digit off by one; the reading that
 * makes the second table's total equal its only amount again is the better one. */
static void printed_twice(void **state)
{
    (void)state;
    graph g = {0};
    int ta = val(&g, "ta", "1614.45"), a = val(&g, "a", "1614.45"), ba = val(&g, "ba", "0.00"),
        tb = val(&g, "tb", "1614.45"), b = val(&g, "b", "1614.44"), bb = val(&g, "bb", "0.00");
    g.v[ba].blank = g.v[bb].blank = true;
    g.v[ba].printed[0] = g.v[bb].printed[0] = '\0';
    ident(&g, ID_SUM, false, ta, 1, a, -1, ba, -1, -1);
    ident(&g, ID_SUM, false, tb, 1, b, -1, bb, -1, -1);
    ident(&g, ID_SUM, true, a, 1, b, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], b, "1614.45"));
    assert_int_equal(out.readings[0].unequal, 0);
    done(&g, &out);
}

/* Two slips in one table: no single value explains the failures; the two mistyped cells
 * are found together, each with its original value. */
static void two_slips(void **state)
{
    (void)state;
    graph g = {0};
    /* a 3×2 grid: rows r_i = x_i + y_i, columns X = Σ x, Y = Σ y, T = X + Y = Σ r; printed
     * with 20.00 as 2.00 (a digit dropped) and 6.00 as 7.00 (a digit off by one) */
    int x1 = val(&g, "x1", "10.00"), y1 = val(&g, "y1", "5.00"), r1 = val(&g, "r1", "15.00");
    int x2 = val(&g, "x2", "2.00"), y2 = val(&g, "y2", "7.00"), r2 = val(&g, "r2", "27.00");
    int x3 = val(&g, "x3", "30.00"), y3 = val(&g, "y3", "7.00"), r3 = val(&g, "r3", "36.00");
    int X = val(&g, "X", "60.00"), Y = val(&g, "Y", "18.00"), T = val(&g, "T", "78.00");
    ident(&g, ID_SUM, false, r1, 1, x1, -1, y1, -1, -1);
    ident(&g, ID_SUM, false, r2, 1, x2, -1, y2, -1, -1);
    ident(&g, ID_SUM, false, r3, 1, x3, -1, y3, -1, -1);
    ident(&g, ID_SUM, false, X, 1, x1, -1, x2, -1, x3, -1, -1);
    ident(&g, ID_SUM, false, Y, 1, y1, -1, y2, -1, y3, -1, -1);
    ident(&g, ID_SUM, false, T, 1, X, -1, Y, -1, -1);
    ident(&g, ID_SUM, false, T, 1, r1, -1, r2, -1, r3, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 2);
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], x2, "20.00"));
    assert_true(fixes(&out.readings[0], y3, "6.00"));
    done(&g, &out);
}

/* Rounding is not a failure: a total within the printed precision of its parts holds. */
static void rounding_holds(void **state)
{
    (void)state;
    graph g = {0};
    int t = val(&g, "t", "100.01"), a = val(&g, "a", "50.00"), b = val(&g, "b", "50.00");
    ident(&g, ID_SUM, false, t, 1, a, -1, b, -1, -1);
    evaluate(&g);
    assert_int_equal(g.nf, 0);
    /* the same quantity printed twice at one precision must be equal */
    int c = val(&g, "c", "50.01");
    ident(&g, ID_SUM, true, c, 1, a, -1, -1);
    evaluate(&g);
    assert_int_equal(g.nf, 1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    done(&g, &out);
}

/* A value that several identities tie down cannot be blamed for one of them: a ≤ holds. */
static void le_and_equal(void **state)
{
    (void)state;
    graph g = {0};
    int a = val(&g, "a", "120.00"), b = val(&g, "b", "100.00"), a2 = val(&g, "a2", "120.00");
    ident(&g, ID_LE, false, a, 1, b, -1, -1);
    ident(&g, ID_SUM, true, a, 1, a2, -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 1);
    /* a is tied to a2; only b can change, and it must reach 120 at least */
    assert_int_equal(out.nreadings, 1);
    assert_true(fixes(&out.readings[0], b, NULL));
    assert_true(dec_cmp(out.readings[0].fixes[0].proposed, dec("120.00")) >= 0);
    done(&g, &out);
}

/* More than three values would have to change: none is named (the search says so). */
static void beyond_three(void **state)
{
    (void)state;
    graph g = {0};
    int t[4], a[4], b[4];
    for (int i = 0; i < 4; i++) {
        char *k = NULL;
        assert_true(asprintf(&k, "t%d", i) > 0);
        t[i] = val(&g, k, "10.00");
        a[i] = val(&g, "a", "3.00");
        b[i] = val(&g, "b", "3.00");
        /* one shared value ties the four sums into one cluster */
    }
    int shared = val(&g, "s", "1.00");
    for (int i = 0; i < 4; i++)
        ident(&g, ID_SUM, false, t[i], 1, a[i], -1, b[i], -1, shared, -1, -1);
    for (int i = 0; i < 4; i++) /* each total printed twice: it is not the wrong one */
        ident(&g, ID_SUM, true, t[i], 1, val(&g, "copy", "10.00"), -1, -1);
    /* the shared value is printed four more times: changing it means changing five */
    for (int i = 0; i < 4; i++)
        ident(&g, ID_SUM, true, shared, 1, val(&g, "s2", "1.00"), -1, -1);
    diag_outcome out;
    search(&g, &out);
    assert_int_equal(out.size, 0);
    assert_int_equal(out.nreadings, 0);
    done(&g, &out);
    for (int i = 0; i < 4; i++)
        free(g.v[t[i]].key);
}

static pvalue printed(const char *s)
{
    pvalue p;
    memset(&p, 0, sizeof p);
    p.value = dec(s);
    p.half = ival_half_unit(p.value.scale);
    p.context_scale = p.value.scale;
    snprintf(p.printed, sizeof p.printed, "%s", s);
    return p;
}

static slip_kind slip(const char *shown, const char *lo, const char *hi, gfa_dec *orig)
{
    pvalue p = printed(shown);
    value_range r = {dec(lo), dec(hi), true, true};
    return slip_explain(&p, &r, orig);
}

/* The typing slips, each recognised only when the value it implies is in range. */
static void typing_slips(void **state)
{
    (void)state;
    gfa_dec o;
    assert_int_equal(slip("1207.45", "1270.44", "1270.46", &o), SLIP_TRANSPOSED);
    assert_int_equal(dec_cmp(o, dec("1270.45")), 0);
    assert_int_equal(slip("170.45", "1270.40", "1270.50", &o), SLIP_DROPPED);
    assert_int_equal(dec_cmp(o, dec("1270.45")), 0);
    assert_int_equal(slip("12770.45", "1270.40", "1270.50", &o), SLIP_EXTRA);
    assert_int_equal(slip("1280.45", "1270.44", "1270.46", &o), SLIP_DIGIT);
    assert_int_equal(slip("12704500.00", "1270.44", "1270.46", &o), SLIP_UNIT);
    assert_int_equal(dec_cmp(o, dec("1270.45")), 0);
    assert_int_equal(slip("999.00", "1270.44", "1270.46", &o), SLIP_NONE);
    /* slips as typed: no transposition across the point (5.1 is no slip of 1.5), a digit
     * dropped from the fraction leaves a decimal fewer (1.36 is no slip of 13.76), an
     * intended value has no leading zero (10.5 for 0.5 is a digit added, not one off) */
    assert_int_equal(slip("1.5", "5.09", "5.11", &o), SLIP_NONE);
    assert_int_equal(slip("1.36", "13.75", "13.77", &o), SLIP_NONE);
    assert_int_equal(slip("1.36", "17.35", "17.37", &o), SLIP_DROPPED);
    assert_int_equal(slip("10.5", "0.49", "0.51", &o), SLIP_EXTRA);
    assert_int_equal(dec_cmp(o, dec("0.5")), 0);
    /* the decimal point one place off */
    assert_int_equal(slip("9.5", "94.6", "95.4", &o), SLIP_POINT);
    assert_int_equal(dec_cmp(o, dec("95")), 0);
    assert_int_equal(slip("0.5", "4.96", "5.04", &o), SLIP_POINT);
    assert_int_equal(dec_cmp(o, dec("5")), 0);
    /* a neighbour's value copied: recognised, the intended value unknown */
    pvalue p = printed("300.00");
    p.neighbours[p.nneighbours++] = dec("300.00");
    value_range r = {dec("250.00"), dec("260.00"), true, true};
    assert_int_equal(slip_explain(&p, &r, &o), SLIP_NEIGHBOUR);
    /* a dropped fraction digit only where the figures around have that many decimals */
    pvalue q = printed("10.63");
    value_range r2 = {dec("10.6925"), dec("10.6935"), true, true};
    assert_int_equal(slip_explain(&q, &r2, &o), SLIP_NONE);
    q.context_scale = 3;
    assert_int_equal(slip_explain(&q, &r2, &o), SLIP_DROPPED);
    assert_int_equal(dec_cmp(o, dec("10.693")), 0);
}

/* ---------------------------------------------------------- end to end --- */

static gfa_context *ctx;
static gfa_validator *validator;
static gfa_renderer *renderer;

static gfa_report *validated(const char *text)
{
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "samples/yangcheng-2024-unit.txt", text,
                                            strlen(text), &r, d),
                     GFA_OK);
    gfa_verdict *v = NULL;
    assert_int_equal(gfa_validate(validator, r, GFA_VALIDATE_EMBED, &v, d), GFA_OK);
    gfa_verdict_free(v);
    gfa_diags_free(d);
    return r;
}

static char *render(gfa_report *r, gfa_render_format f)
{
    gfa_diags *d = gfa_diags_new();
    char *out = NULL;
    assert_int_equal(gfa_render(renderer, r, f, NULL, &out, NULL, d), GFA_OK);
    gfa_diags_free(d);
    return out;
}

/* Every "应为" of the HTML page is on a root cause: a value's flag or a paragraph's flag
 * links to a finding that no other finding causes. */
static void only_roots_say_should_be(gfa_report *r, const char *html)
{
    htmlDocPtr h = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(h);
    xmlXPathContextPtr xc = xmlXPathNewContext(h);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(
        BAD_CAST "//span[@class='expected']/../a | //a[@class='flag'][contains(., '应为')]", xc);
    assert_non_null(o);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        xmlChar *href = xmlGetProp(o->nodesetval->nodeTab[i], BAD_CAST "href");
        assert_non_null(href);
        char expr[128];
        snprintf(expr, sizeof expr, "count(//g:finding[@id='%s'][@cause])", (const char *)href + 3);
        char *caused = tu_xpath(gfa_report_doc(r), expr);
        if (strcmp(caused, "0"))
            fail_msg("应为 on %s, a consequence", (const char *)href);
        free(caused);
        xmlFree(href);
    }
    xmlXPathFreeObject(o);
    /* and every consequence's flag links to its cause */
    o = xmlXPathEvalExpression(BAD_CAST "//a[@class='cause']", xc);
    assert_true(o && o->nodesetval && o->nodesetval->nodeNr > 0);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(h);
}

/* The sample as published: 应为 only where the diagnosis put a root cause. */
static void sample_renders_roots_only(void **state)
{
    (void)state;
    char *text = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), NULL);
    assert_non_null(text);
    gfa_report *r = validated(text);
    xmlDocPtr doc = gfa_report_doc(r);
    /* the sample's defects, each named once with what a reviewer redoing the arithmetic
     * finds: 支出决算1045.52 for the table's 1,421.59; the two shares of 基本支出;
     * the 疫情应急处置 form's 资金总额 row (10.63 for 10.693, 0.6, 00 for 100) */
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@line='466'][@reported='1045.52']/@expected)", "1421.59");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@reported='90.58']/@expected)", "89.38");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@reported='9.42']/@expected)", "10.62");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@col='executed'][@line='654']/@expected)", "10.693");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@col='executed'][@line='654']/@slip)", "dropped");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@col='rate'][@line='654']/@expected)", "100");
    /* the checks that failed because of them name them */
    assert_xpath(doc, "count(//g:finding[@rule='GFA-NAR-002'][not(@cause)])", "0");
    assert_xpath(doc, "count(//g:finding[@rule='GFA-NAR-003'][not(@cause)])", "0");
    char *html = render(r, GFA_RENDER_HTML);
    only_roots_say_should_be(r, html);
    free(html);
    gfa_report_free(r);
    free(text);
}

/* A table amount changed by hand (公开05 住房保障支出 59.41 typed 95.41): the cell is the
 * root cause, with 59.41 and the slip; the narrative sentence that states 59.41 is a
 * consequence, without 应为, in both renderings. */
static void table_slip_blames_the_cell(void **state)
{
    (void)state;
    char *text = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), NULL);
    assert_non_null(text);
    /* 公开05's row: 小计, 基本支出 and a blank 项目支出 */
    char *at = strstr(text, "\n221\t住房保障支出\t59.41\t59.41\t\n22102");
    assert_non_null(at);
    at++;
    memcpy(at + strlen("221\t住房保障支出\t"), "95.41", 5);
    gfa_report *r = validated(text);
    xmlDocPtr doc = gfa_report_doc(r);
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@table='gk05'][@row='221'][@col='total']/@expected)",
                    "59.41");
    assert_xpath(doc, "string(//g:finding[@rule='GFA-DIAG-001'][@table='gk05'][@row='221']/@slip)",
                    "transposed");
    /* the narrative's 住房保障支出(类)59.41万元 follows from the cell */
    assert_xpath(doc, "count(//g:finding[@rule='GFA-NAR-001'][@line='460'][not(@cause)])", "0");
    assert_xpath(doc, "count(//g:finding[@rule='GFA-NAR-001'][@line='460'][@cause])", "1");
    char *html = render(r, GFA_RENDER_HTML);
    only_roots_say_should_be(r, html);
    const char *p460 = strstr(html, "data-line=\"460\"");
    assert_non_null(p460);
    const char *end = strstr(p460, "</p>");
    assert_non_null(end);
    assert_null(memmem(p460, (size_t)(end - p460), "应为", strlen("应为")));
    free(html);
    char *txt = render(r, GFA_RENDER_TEXT);
    const char *para = strstr(txt, "住房保障支出(类)59.41万元，占比3.68%。\n");
    assert_non_null(para);
    const char *under = strstr(para, "^ ");
    assert_non_null(under);
    const char *eol = strstr(under, "\n\n"); /* the finding, wrapped over its lines */
    assert_null(memmem(under, (size_t)(eol - under), "应为", strlen("应为")));
    assert_non_null(memmem(under, (size_t)(eol - under), "引起", strlen("引起")));
    free(txt);
    gfa_report_free(r);
    free(text);
}

static int setup(void **state)
{
    (void)state;
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    ctx = gfa_context_open(NULL, d);
    validator = ctx ? gfa_validator_new(ctx, d) : NULL;
    renderer = ctx ? gfa_renderer_new(ctx, d) : NULL;
    if (!renderer)
        tu_print_diags(d);
    gfa_diags_free(d);
    return renderer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gfa_renderer_free(renderer);
    gfa_validator_free(validator);
    gfa_context_free(ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_cell_transposed), cmocka_unit_test(lone_sum_is_ambiguous),
        cmocka_unit_test(narrative_or_table),   cmocka_unit_test(ratio_root),
        cmocka_unit_test(two_slips),            cmocka_unit_test(rounding_holds),
        cmocka_unit_test(le_and_equal),         cmocka_unit_test(beyond_three),
        cmocka_unit_test(typing_slips),
        cmocka_unit_test(strained_slip),        cmocka_unit_test(printed_twice),
        cmocka_unit_test(sample_renders_roots_only), cmocka_unit_test(table_slip_blames_the_cell),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
