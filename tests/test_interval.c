/* test_interval.c — the rounding intervals every check uses (src/base/interval.c): the
 * Calculations 1.1 worked examples of validation.md, zero and negative bounds, mixed
 * precisions, duplicates, percentages (of sums, over a denominator that may be zero,
 * with negative figures), and overflow, which is never a pass. */
#include "testutil.h"
#include "base/interval.h"

static gfa_dec D(const char *s)
{
    gfa_dec d;
    assert_int_equal(dec_parse(s, strlen(s), &d), DEC_OK);
    return d;
}

/* A value as printed: its own decimals. */
static gfa_ival P(const char *s)
{
    gfa_dec d = D(s);
    return ival_printed(d, d.scale);
}

static const char *T(gfa_dec d)
{
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    return dec_format(d, buf[k], sizeof buf[k]);
}

static gfa_ival sum_of(const gfa_ival *x, size_t n)
{
    gfa_ival s = ival_exact((gfa_dec){0, 0});
    for (size_t i = 0; i < n; i++)
        assert_true(ival_add(&s, x[i], 1));
    return s;
}

static void half_units(void **state)
{
    (void)state;
    assert_string_equal(T(ival_half_unit(2)), "0.005");
    assert_string_equal(T(ival_half_unit(0)), "0.5");
    assert_string_equal(T(ival_half_unit(-1)), "5");
    assert_string_equal(T(ival_half_unit(-2)), "50");
    gfa_dec lo, hi;
    assert_true(ival_bounds(P("1614.45"), &lo, &hi));
    assert_string_equal(T(lo), "1614.445");
    assert_string_equal(T(hi), "1614.455");
}

/* validation.md: 8800 + 8800 vs 17700, each rounded to hundreds (decimals = −2): items
 * [8750, 8850] each, sum [17500, 17700], total [17650, 17750]: they overlap, consistent.
 * 13000000 + 1850300 vs 14850000: sum [14850200, 14850400] (rounded to hundreds) against
 * the total [14849950, 14850050] (rounded to tens): inconsistent. */
static void calc11_worked_examples(void **state)
{
    (void)state;
    gfa_dec diff, allowed;
    gfa_ival t1[] = {ival_printed(D("8800"), -2), ival_printed(D("8800"), -2)};
    assert_int_equal(ival_overlap(ival_printed(D("17700"), -2), sum_of(t1, 2), &diff, &allowed),
                     IVAL_CONSISTENT);
    assert_string_equal(T(diff), "100");
    assert_string_equal(T(allowed), "150");
    gfa_ival t2[] = {ival_printed(D("13000000"), -2), ival_printed(D("1850300"), -2)};
    assert_int_equal(ival_overlap(ival_printed(D("14850000"), -1), sum_of(t2, 2), &diff, &allowed),
                     IVAL_INCONSISTENT);
    assert_string_equal(T(diff), "300");
    assert_string_equal(T(allowed), "105");
    /* 万元 with 2 decimals: a total and n children tolerate (n + 1) × 0.005 */
    gfa_ival kids[] = {P("340.51"), P("230.49"), P("850.59")};
    gfa_ival s = sum_of(kids, 3);
    assert_int_equal(s.n, 3);
    assert_int_equal(ival_overlap(P("1421.59"), s, NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("1421.60"), s, NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("1421.61"), s, NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("1421.62"), s, &diff, &allowed), IVAL_INCONSISTENT);
    assert_string_equal(T(diff), "0.03");
    assert_string_equal(T(allowed), "0.020");
}

/* No clamp at zero: 0.00 stands for [−0.005, 0.005]; negative amounts (结余 of a deficit)
 * are intervals like any other; a weight of −1 flips the ends. */
static void zero_and_negative_bounds(void **state)
{
    (void)state;
    gfa_dec lo, hi;
    assert_true(ival_bounds(P("0.00"), &lo, &hi));
    assert_string_equal(T(lo), "-0.005");
    assert_string_equal(T(hi), "0.005");
    assert_true(ival_bounds(P("-3.20"), &lo, &hi));
    assert_string_equal(T(lo), "-3.205");
    assert_string_equal(T(hi), "-3.195");
    /* 结余 = 预算 − 执行: 10.00 − 12.00 = −2.00, allowed 0.005 × 3 */
    gfa_ival bal = P("10.00");
    assert_true(ival_add(&bal, P("12.00"), -1));
    assert_string_equal(T(bal.mid), "-2.00");
    assert_string_equal(T(bal.half), "0.010");
    assert_true(ival_bounds(bal, &lo, &hi));
    assert_string_equal(T(lo), "-2.010");
    assert_string_equal(T(hi), "-1.990");
    assert_int_equal(ival_overlap(P("-2.01"), bal, NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("-2.02"), bal, NULL, NULL), IVAL_INCONSISTENT);
    assert_int_equal(ival_overlap(P("2.00"), bal, NULL, NULL), IVAL_INCONSISTENT);
    /* a blank total against parts that cancel out */
    gfa_ival parts[] = {P("5.00"), P("-5.00")};
    assert_int_equal(ival_overlap(P("0.00"), sum_of(parts, 2), NULL, NULL), IVAL_CONSISTENT);
}

static void mixed_precisions(void **state)
{
    (void)state;
    gfa_dec diff, allowed;
    gfa_ival parts[] = {P("1.5"), P("2.25")};
    assert_int_equal(ival_overlap(P("3.8"), sum_of(parts, 2), &diff, &allowed), IVAL_CONSISTENT);
    assert_string_equal(T(diff), "0.05");
    assert_string_equal(T(allowed), "0.105");
    assert_int_equal(ival_overlap(P("3.9"), sum_of(parts, 2), NULL, NULL), IVAL_INCONSISTENT);
    /* an amount in 元 (0 decimals) beside one in 万元 scaled to 元 with 2 decimals */
    assert_int_equal(ival_overlap(P("12346"), P("12345.60"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("12346"), P("12345.40"), NULL, NULL), IVAL_INCONSISTENT);
}

/* The same figure printed twice: one precision ⇒ equal (a difference rounding could
 * explain is IVAL_ROUNDING, reported as an inconsistency); other precisions, or a sum on
 * one side, ⇒ the intervals overlap. */
static void duplicates(void **state)
{
    (void)state;
    assert_int_equal(ival_same(P("3.75"), P("3.75"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_same(P("3.75"), P("3.76"), NULL, NULL), IVAL_ROUNDING);
    assert_int_equal(ival_same(P("3.75"), P("3.77"), NULL, NULL), IVAL_INCONSISTENT);
    assert_int_equal(ival_same(P("3.75"), P("3.8"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_same(P("3.75"), P("3.7"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_same(P("3.75"), P("3.9"), NULL, NULL), IVAL_INCONSISTENT);
    gfa_ival parts[] = {P("6.00"), P("0.00")};
    gfa_dec diff, allowed;
    assert_int_equal(ival_same(P("6.01"), sum_of(parts, 2), &diff, &allowed), IVAL_CONSISTENT);
    assert_string_equal(T(allowed), "0.015");
    /* a ≤ b up to rounding */
    assert_int_equal(ival_le(P("5.00"), P("5.01"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_le(P("5.01"), P("5.00"), NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_le(P("5.02"), P("5.00"), &diff, &allowed), IVAL_INCONSISTENT);
    assert_string_equal(T(diff), "0.02");
    assert_string_equal(T(allowed), "0.010");
}

static void percentages(void **state)
{
    (void)state;
    gfa_dec mid;
    /* the sample: 人员经费 682.76 ÷ 基本支出 763.86 = 89.38%, printed 90.58% */
    assert_int_equal(ival_percent(P("89.38"), P("682.76"), P("763.86"), 4, &mid), IVAL_CONSISTENT);
    assert_string_equal(T(mid), "89.3829");
    assert_int_equal(ival_percent(P("90.58"), P("682.76"), P("763.86"), 4, NULL),
                     IVAL_INCONSISTENT);
    /* the bounds are compared exactly: 1.00 ÷ 3.00 ranges over [0.995 ÷ 3.005, 1.005 ÷
     * 2.995] = [33.1115%, 33.5559%] */
    assert_int_equal(ival_percent(P("33.11"), P("1.00"), P("3.00"), 4, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_percent(P("33.10"), P("1.00"), P("3.00"), 4, NULL), IVAL_INCONSISTENT);
    assert_int_equal(ival_percent(P("33.56"), P("1.00"), P("3.00"), 4, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_percent(P("33.57"), P("1.00"), P("3.00"), 4, NULL), IVAL_INCONSISTENT);
    /* a numerator printed 0.00 stands for [−0.005, 0.005]: 0% is consistent */
    assert_int_equal(ival_percent(P("0.00"), P("0.00"), P("50.00"), 4, NULL), IVAL_CONSISTENT);
    /* negative figures: 结余 −0.50 of a budget of 10.00 is −5.00%; a negative denominator */
    assert_int_equal(ival_percent(P("-5.00"), P("-0.50"), P("10.00"), 4, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_percent(P("5.00"), P("-0.50"), P("10.00"), 4, NULL), IVAL_INCONSISTENT);
    assert_int_equal(ival_percent(P("50.0"), P("-5.00"), P("-10.00"), 3, &mid), IVAL_CONSISTENT);
    assert_string_equal(T(mid), "50.000");
}

/* A percentage of a sum or of a difference: last year = this year − the change is an
 * interval as wide as both figures. 增加 0.11 over 0.30 − 0.11 = 0.19 ± 0.01 ranges over
 * [0.105 ÷ 0.20, 0.115 ÷ 0.18] = [52.5%, 63.9%]: 53.0% holds, though not over 0.19 ± 0.005
 * (a printed 0.19). */
static void percentages_of_sums(void **state)
{
    (void)state;
    gfa_ival prior = P("0.30");
    assert_true(ival_add(&prior, P("0.11"), -1));
    assert_int_equal(prior.n, 2);
    assert_int_equal(ival_percent(P("53.0"), P("0.11"), prior, 3, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_percent(P("53.0"), P("0.11"), P("0.19"), 3, NULL), IVAL_INCONSISTENT);
    assert_int_equal(ival_percent(P("64.0"), P("0.11"), prior, 3, NULL), IVAL_INCONSISTENT);
    /* a share of 人员经费 + 公用经费 */
    gfa_ival parts[] = {P("682.76"), P("81.09")};
    assert_int_equal(ival_percent(P("89.39"), P("682.76"), sum_of(parts, 2), 4, NULL),
                     IVAL_CONSISTENT);
}

/* A denominator whose interval contains zero has no ratio: printed 0.00, or a difference
 * of two figures that rounding could make zero. */
static void zero_denominators(void **state)
{
    (void)state;
    assert_int_equal(ival_percent(P("100"), P("5.00"), P("0.00"), 2, NULL), IVAL_UNDEFINED);
    gfa_ival prior = P("0.02");
    assert_true(ival_add(&prior, P("0.01"), -1)); /* 0.01 ± 0.01: [0.00, 0.02] */
    assert_int_equal(ival_percent(P("100"), P("0.01"), prior, 2, NULL), IVAL_UNDEFINED);
    assert_int_equal(ival_percent(P("100"), P("0.01"), P("0.01"), 2, NULL), IVAL_CONSISTENT);
}

/* Anything too large to compute exactly is IVAL_OVERFLOW, never consistent. */
static void overflow_is_not_a_pass(void **state)
{
    (void)state;
    gfa_ival huge = P("123456789012345678901234567890");
    gfa_ival tiny = P("0.000000001");
    gfa_ival s = huge;
    assert_false(ival_add(&s, tiny, 1));
    assert_int_equal(ival_overlap(huge, tiny, NULL, NULL), IVAL_OVERFLOW);
    assert_int_equal(ival_same(huge, tiny, NULL, NULL), IVAL_OVERFLOW);
    assert_int_equal(ival_le(tiny, huge, NULL, NULL), IVAL_OVERFLOW);
    assert_int_equal(ival_percent(P("100"), huge, P("0.000000001"), 2, NULL), IVAL_OVERFLOW);
    assert_int_equal(ival_percent(P("100.000000001"), huge, huge, 2, NULL), IVAL_OVERFLOW);
    gfa_dec lo, hi;
    assert_false(ival_bounds(ival_printed(D("123456789012345678901234567890"), 9), &lo, &hi));
}

static void bounds_kept_exactly(void **state)
{
    (void)state;
    gfa_ival x;
    assert_true(ival_from_bounds(D("9.995"), D("10"), &x));
    assert_string_equal(T(x.mid), "9.9975");
    assert_string_equal(T(x.half), "0.0025");
    assert_int_equal(x.n, 0);
    assert_int_equal(ival_overlap(P("9.99"), x, NULL, NULL), IVAL_CONSISTENT);
    assert_int_equal(ival_overlap(P("9.98"), x, NULL, NULL), IVAL_INCONSISTENT);
    assert_true(ival_from_bounds(D("10"), D("10"), &x));
    assert_int_equal(ival_overlap(P("9.60"), x, NULL, NULL), IVAL_INCONSISTENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(half_units),
        cmocka_unit_test(calc11_worked_examples),
        cmocka_unit_test(zero_and_negative_bounds),
        cmocka_unit_test(mixed_precisions),
        cmocka_unit_test(duplicates),
        cmocka_unit_test(percentages),
        cmocka_unit_test(percentages_of_sums),
        cmocka_unit_test(zero_denominators),
        cmocka_unit_test(overflow_is_not_a_pass),
        cmocka_unit_test(bounds_kept_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
