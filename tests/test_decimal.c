/* test_decimal.c — exact decimals: parsing as printed, canonical text, arithmetic,
 * rounding half away from zero, percentages. */
#include "testutil.h"
#include "base/decimal.h"

static gfa_dec D(const char *s)
{
    gfa_dec d;
    dec_parse_status st = dec_parse(s, strlen(s), &d);
    if (st != DEC_OK)
        fail_msg("cannot parse '%s' (%d)", s, st);
    return d;
}

static const char *F(gfa_dec d)
{
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    return dec_format(d, buf[k], sizeof buf[k]);
}

static void parses_printed_forms(void **state)
{
    (void)state;
    assert_string_equal(F(D("1614.45")), "1614.45");
    assert_string_equal(F(D("1,614.45")), "1614.45");
    assert_string_equal(F(D("1,234,567.891")), "1234567.891");
    assert_string_equal(F(D("571.00")), "571.00");
    assert_string_equal(F(D("0")), "0");
    assert_string_equal(F(D("00")), "0");
    assert_string_equal(F(D("-12.50")), "-12.50");
    assert_string_equal(F(D("(12.50)")), "-12.50");
    assert_string_equal(F(D("  7 ")), "7");
    assert_string_equal(F(D("+3.1")), "3.1");
    assert_int_equal(D("0.125").scale, 3);
    assert_int_equal(D("100").scale, 0);
}

static void rejects_what_is_not_a_number(void **state)
{
    (void)state;
    gfa_dec d;
    static const char *const bad[] = {"abc", "1.2.3", "1e3", ".5", "5.", "--1", "1 2", "12abc", "—", "%"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_not_equal(dec_parse(bad[i], strlen(bad[i]), &d), DEC_OK);
    assert_int_equal(dec_parse("", 0, &d), DEC_EMPTY);
    assert_int_equal(dec_parse("   ", 3, &d), DEC_EMPTY);
    assert_int_equal(dec_parse("1,2345.6", 8, &d), DEC_GROUPING);
    assert_int_equal(dec_parse("12,34.5", 7, &d), DEC_GROUPING);
    assert_int_equal(dec_parse(",123", 4, &d), DEC_GROUPING);
    assert_int_equal(dec_parse("1234,567", 8, &d), DEC_GROUPING);
    /* a decimal comma such as 49,908 is valid grouping: the validator judges its size */
    assert_int_equal(dec_parse("49,908", 6, &d), DEC_OK);
    const char *huge = "1234567890123456789012345678901";
    assert_int_equal(dec_parse(huge, strlen(huge), &d), DEC_TOO_LONG);
}

/* Sums stay within 10^37 units whether the terms have one scale (no rescaling) or are
 * rescaled: the same bound on both ways. */
static void sums_bounded_alike_at_one_scale(void **state)
{
    (void)state;
    const __int128 p37 = dec_pow10(37);
    gfa_dec r;
    for (int scale = 0; scale <= 2; scale++) {
        gfa_dec zero = {0, scale};
        assert_true(dec_add((gfa_dec){p37, scale}, zero, &r));
        assert_true(r.units == p37 && r.scale == scale);
        assert_true(dec_add((gfa_dec){-p37, scale}, zero, &r));
        assert_false(dec_add((gfa_dec){p37 + 1, scale}, zero, &r));
        assert_false(dec_add(zero, (gfa_dec){-p37 - 1, scale}, &r));
        /* rescaled by one place: 10^36 units still fit, one more does not */
        assert_true(dec_add((gfa_dec){dec_pow10(36), scale}, (gfa_dec){0, scale + 1}, &r));
        assert_true(r.units == p37 && r.scale == scale + 1);
        assert_false(dec_add((gfa_dec){dec_pow10(36) + 1, scale}, (gfa_dec){0, scale + 1}, &r));
    }
}

static void adds_and_compares_exactly(void **state)
{
    (void)state;
    gfa_dec r;
    /* 0.1 + 0.2 = 0.3 exactly, unlike binary floating point */
    assert_true(dec_add(D("0.1"), D("0.2"), &r));
    assert_int_equal(dec_cmp(r, D("0.3")), 0);
    assert_true(dec_add(D("571.00"), D("850.59"), &r));
    assert_string_equal(F(r), "1421.59");
    assert_true(dec_sub(D("134.919"), D("129.712"), &r));
    assert_string_equal(F(r), "5.207");
    assert_int_equal(dec_cmp(D("5.200"), D("5.2")), 0);
    assert_int_equal(dec_cmp(D("-1"), D("0.5")), -1);
    assert_int_equal(dec_cmp(D("10.06"), D("10.059")), 1);
    /* too far apart to align at one scale: still exact */
    assert_int_equal(dec_cmp(D("900000000000000000000000000000"), D("1.000000001")), 1);
    assert_int_equal(dec_cmp(D("1.000000001"), D("900000000000000000000000000000")), -1);
    assert_int_equal(dec_cmp(D("-900000000000000000000000000000"), D("-1.000000001")), -1);
    assert_int_equal(dec_cmp(D("900000000000000000000000000000"), D("900000000000000000000000000000")), 0);
    assert_true(dec_is_zero(D("0.00")));
    assert_string_equal(F(dec_abs(D("-3.5"))), "3.5");
    long long v;
    assert_true(dec_to_int(D("5"), &v));
    assert_int_equal(v, 5);
    assert_false(dec_to_int(D("5.5"), &v));
    assert_true(dec_to_int(D("5.00"), &v));
    /* the powers of ten scales are aligned by, and the edge of what aligns */
    __int128 p = 1;
    for (int n = 0; n <= 40; n++) {
        assert_true(dec_pow10(n) == p);
        if (n < 38)
            p *= 10;
    }
    assert_true(dec_pow10(-3) == 1);
    gfa_dec big = {dec_pow10(37), 0}, over = {dec_pow10(37) + 1, 0};
    assert_true(dec_rescale(big, 0, &r));
    assert_false(dec_rescale(over, 0, &r));
    assert_false(dec_rescale((gfa_dec){1, 0}, 38, &r)); /* 10^38 */
    assert_true(dec_rescale((gfa_dec){0, 0}, 38, &r));
    assert_true(dec_rescale((gfa_dec){-1, 0}, 37, &r));
    assert_true(r.units == -dec_pow10(37) && r.scale == 37);
    assert_false(dec_rescale((gfa_dec){-11, 0}, 36, &r));
}

static void rounds_half_away_from_zero(void **state)
{
    (void)state;
    assert_string_equal(F(dec_round(D("0.125"), 2)), "0.13");
    assert_string_equal(F(dec_round(D("2.345"), 2)), "2.35");
    assert_string_equal(F(dec_round(D("-2.345"), 2)), "-2.35");
    assert_string_equal(F(dec_round(D("2.344"), 2)), "2.34");
    assert_string_equal(F(dec_round(D("9.995"), 2)), "10.00");
    assert_string_equal(F(dec_round(D("1.5"), 0)), "2");
    assert_string_equal(F(dec_round(D("1.25"), 3)), "1.25");
}

static void percentages(void **state)
{
    (void)state;
    gfa_dec p;
    /* the sample's 基本支出 share: 763.86 / 1614.45 = 47.31% */
    assert_true(dec_percent(D("763.86"), D("1614.45"), 2, &p));
    assert_string_equal(F(p), "47.31");
    assert_true(dec_percent(D("850.59"), D("1614.45"), 2, &p));
    assert_string_equal(F(p), "52.69");
    assert_true(dec_percent(D("129.712"), D("134.919"), 2, &p));
    assert_string_equal(F(p), "96.14");
    assert_true(dec_percent(D("1"), D("3"), 0, &p));
    assert_string_equal(F(p), "33");
    assert_true(dec_percent(D("2"), D("3"), 1, &p));
    assert_string_equal(F(p), "66.7");
    assert_true(dec_percent(D("-1"), D("8"), 1, &p)); /* -12.5 → -12.5 */
    assert_string_equal(F(p), "-12.5");
    assert_false(dec_percent(D("1"), D("0.00"), 2, &p));
    /* tests/fuzz-regressions/decimal/percent-overflow: too many digits to scale exactly is
     * "not computable", never an overflow */
    assert_false(dec_percent(D("999999999999999999999999999999"), D("0.000000001"), 6, &p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_printed_forms),
        cmocka_unit_test(rejects_what_is_not_a_number),
        cmocka_unit_test(sums_bounded_alike_at_one_scale),
        cmocka_unit_test(adds_and_compares_exactly),
        cmocka_unit_test(rounds_half_away_from_zero),
        cmocka_unit_test(percentages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
