/*
 * test_fmt.c — unit tests for src/fmt.c: amounts, percentages, 人民币大写, display width,
 * padding and Chinese dates. Every case asserts an exact string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "gfa.h"
#include "write/render.h"

/* ---- helpers ------------------------------------------------------------------------ */

/* Compares, frees, then asserts, so a failing case names its input and leaks nothing. */
static void check_result(const char *call, const char *input, char *got, const char *why,
                         const char *want)
{
    if (got == NULL) {
        print_error("%s(\"%s\") failed: %s; wanted \"%s\"\n", call, input,
                    why ? why : "(no reason)", want);
        fail();
    }
    bool same = strcmp(got, want) == 0;
    if (!same)
        print_error("%s(\"%s\") = \"%s\"; wanted \"%s\"\n", call, input, got, want);
    free(got);
    assert_true(same);
}

/* Asserts a NULL result with a reason that contains `reason_part`. */
static void check_error(const char *call, const char *input, char *got, const char *why,
                        const char *reason_part)
{
    if (got != NULL) {
        print_error("%s(\"%s\") = \"%s\"; wanted an error\n", call, input, got);
        free(got);
        fail();
    }
    assert_non_null(why);
    if (strstr(why, reason_part) == NULL) {
        print_error("%s(\"%s\"): reason \"%s\" lacks \"%s\"\n", call, input, why, reason_part);
        fail();
    }
}

static void expect_amount(const gfa_fmt *f, const char *in, int decimals, unsigned flags,
                          const char *want)
{
    const char *why = NULL;
    char *got = gfa_fmt_amount(f, in, decimals, flags, &why);
    check_result("gfa_fmt_amount", in, got, why, want);
}

static void expect_amount_error(const gfa_fmt *f, const char *in, int decimals, unsigned flags,
                                const char *reason_part)
{
    const char *why = NULL;
    char *got = gfa_fmt_amount(f, in, decimals, flags, &why);
    check_error("gfa_fmt_amount", in, got, why, reason_part);
}

static void expect_percent(const gfa_fmt *f, const char *in, int decimals, const char *want)
{
    const char *why = NULL;
    char *got = gfa_fmt_percent(f, in, decimals, &why);
    check_result("gfa_fmt_percent", in, got, why, want);
}

static void expect_rmb(const char *in, unsigned flags, const char *want)
{
    const char *why = NULL;
    char *got = gfa_fmt_rmb_upper(in, flags, &why);
    check_result("gfa_fmt_rmb_upper", in, got, why, want);
}

static void expect_rmb_error(const char *in, const char *reason_part)
{
    const char *why = NULL;
    char *got = gfa_fmt_rmb_upper(in, 0, &why);
    check_error("gfa_fmt_rmb_upper", in, got, why, reason_part);
}

static void expect_pad(const char *in, int width, char align, int ambiguous, unsigned flags,
                       const char *want)
{
    const char *why = NULL;
    char *got = gfa_fmt_pad(in, width, align, ambiguous, flags, &why);
    check_result("gfa_fmt_pad", in, got, why, want);
}

static void expect_pad_error(const char *in, int width, char align, int ambiguous,
                             unsigned flags, const char *reason_part)
{
    const char *why = NULL;
    char *got = gfa_fmt_pad(in, width, align, ambiguous, flags, &why);
    check_error("gfa_fmt_pad", in ? in : "(null)", got, why, reason_part);
}

static void expect_date(const char *in, unsigned flags, const char *want)
{
    const char *why = NULL;
    char *got = gfa_fmt_date_zh(in, flags, &why);
    check_result("gfa_fmt_date_zh", in, got, why, want);
}

static void expect_date_error(const char *in, const char *reason_part)
{
    const char *why = NULL;
    char *got = gfa_fmt_date_zh(in, 0, &why);
    check_error("gfa_fmt_date_zh", in, got, why, reason_part);
}

static int group_setup(void **state)
{
    const char *why = NULL;
    gfa_fmt *f = gfa_fmt_new(&why);
    if (f == NULL) {
        print_error("gfa_fmt_new: %s\n", why ? why : "(no reason)");
        return -1;
    }
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    gfa_fmt_free(*state);
    return 0;
}

/* ---- amounts ------------------------------------------------------------------------ */

static void test_amount_examples(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount(f, "1614.45", 2, 0, "1,614.45");
    expect_amount(f, "1614.455", 2, 0, "1,614.46");
    expect_amount(f, "-12.5", 2, 0, "-12.50");
    expect_amount(f, "0", 2, 0, "0.00");
    expect_amount(f, "1234567.891", 2, 0, "1,234,567.89");
    expect_amount(f, "1614.45", 2, GFA_FMT_NO_GROUPING, "1614.45");
    expect_amount(f, "1234567.891", 2, GFA_FMT_NO_GROUPING, "1234567.89");
    expect_amount(f, "-12.5", 2, GFA_FMT_PAREN_NEGATIVE, "(12.50)");
    expect_amount(f, "-1234.5", 2, GFA_FMT_PAREN_NEGATIVE | GFA_FMT_NO_GROUPING, "(1234.50)");
    expect_amount(f, "12.5", 2, GFA_FMT_PAREN_NEGATIVE, "12.50");
    expect_amount(f, "1614.45", 0, 0, "1,614");
    expect_amount(f, "1614.45", 1, 0, "1,614.5");
    expect_amount(f, "1.2345675", 6, 0, "1.234568");
    expect_amount(f, "+12", 2, 0, "12.00");
    expect_amount(f, "007", 2, 0, "7.00");
}

/* ICU defaults to half-even ("2.345" -> "2.34"); gfa rounds half-up (四舍五入). */
static void test_amount_rounds_half_up(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount(f, "0.125", 2, 0, "0.13");
    expect_amount(f, "2.345", 2, 0, "2.35");
    expect_amount(f, "-2.345", 2, 0, "-2.35");
    expect_amount(f, "1.005", 2, 0, "1.01");
    expect_amount(f, "2.5", 0, 0, "3");
    expect_amount(f, "-2.5", 0, 0, "-3");
    expect_amount(f, "0.5", 0, 0, "1");
    expect_amount(f, "2.3449999", 2, 0, "2.34");
    expect_amount(f, "999.995", 2, 0, "1,000.00");
    /* ICU 72 refuses more than 34 significant digits; the fraction is cut after decimals+1
     * digits first, which half-up rounding allows. */
    expect_amount(f, "0.1250000000000000000000000000000000000000000000000001", 2, 0, "0.13");
    expect_amount(f, "0.1249999999999999999999999999999999999999999999999999", 2, 0, "0.12");
}

static void test_amount_negative_zero_has_no_sign(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount(f, "-0.001", 2, 0, "0.00");
    expect_amount(f, "-0", 0, 0, "0");
    expect_amount(f, "-0.001", 2, GFA_FMT_PAREN_NEGATIVE, "0.00");
    expect_amount(f, "-0.005", 2, GFA_FMT_PAREN_NEGATIVE, "(0.01)");
}

static void test_amount_full_width_input(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount(f, "１，６１４．４５", 2, 0, "1,614.45");
    expect_amount(f, "－１２．５", 2, 0, "-12.50");
    expect_amount(f, "１２３４５６７", 0, 0, "1,234,567");
}

static void test_amount_grouped_input(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount(f, "1,234,567.5", 2, 0, "1,234,567.50");
    expect_amount(f, "-1,614.45", 2, 0, "-1,614.45");
    expect_amount(f, "123,456", 0, GFA_FMT_NO_GROUPING, "123456");
    const char *bad[] = {"1,2345.6", "12,34.5", ",123", "1,", "1,,234", "1234,567", "-,1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_amount_error(f, bad[i], 2, 0, "not a decimal number");
    expect_amount_error(f, "1,234.5,6", 2, 0, "fraction");
}

/* gfa_fmt_amount formats plain decimals without ICU (fmt.c: plain_amount): it must give
 * ICU's result, or ICU's failure, for every value, number of decimals and flag. */
static void compare_with_icu(const gfa_fmt *f, const char *value, int *compared)
{
    for (int decimals = 0; decimals <= GFA_FMT_MAX_DECIMALS; decimals++)
        for (unsigned flags = 0; flags <= (GFA_FMT_NO_GROUPING | GFA_FMT_PAREN_NEGATIVE);
             flags++) {
            const char *why_fast = NULL, *why_icu = NULL;
            char *fast = gfa_fmt_amount(f, value, decimals, flags, &why_fast);
            char *icu = fmt_amount_by_icu(f, value, decimals, flags, &why_icu);
            bool same = fast && icu ? strcmp(fast, icu) == 0
                                    : !fast && !icu && strcmp(why_fast, why_icu) == 0;
            if (!same)
                print_error("\"%s\" decimals %d flags %u: \"%s\" (%s), ICU \"%s\" (%s)\n",
                            value, decimals, flags, fast ? fast : "", why_fast ? why_fast : "",
                            icu ? icu : "", why_icu ? why_icu : "");
            free(fast);
            free(icu);
            assert_true(same);
            (*compared)++;
        }
}

/* A digit drawn mostly from the ones rounding turns on: 9s carry, 4 and 5 decide. */
static char random_digit(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    static const char digits[] = "0123456789999455000";
    return digits[*seed % (sizeof digits - 1)];
}

static void test_amount_plain_path_is_icus(void **state)
{
    const gfa_fmt *f = *state;
    assert_true(fmt_plain_amounts(f)); /* with the ICU gfa is built with, the fast path is on */
    int compared = 0;
    static const char *const edges[] = {
        "0", "-0", "+0", "0.0", "-0.000", "00", "0.5", "-0.5", "0.4999999", "0.05", "0.005",
        "0.0005", "0.00005", "0.000005", "0.0000005", "-0.0000005", "-0.0000004", "9", "9.5",
        "99.5", "999.5", "9999.5", "99999.5", "999999.5", "-999999.5", "999.9999995",
        "1000", "1,000", "-1,000.5", "12,345,678.905", "１，６１４．４５", "－１２．５", "1e5",
        "1,2345.6", "", "-", ".5", "5.", "1..2", "12345678901234567890123456789012345",
        "1234567890123456789012345678901234", "-9999999999999999999999999999999999",
        "0.125000000000000000000000000000000000000000000000000001", "007.5", "+12.345",
        "1614.45", "-1614.455", "100000000000.0000001"};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        compare_with_icu(f, edges[i], &compared);
    uint32_t seed = 2024;
    for (int k = 0; k < 4000; k++) {
        char value[48];
        size_t n = 0;
        if (random_digit(&seed) < '3')
            value[n++] = '-';
        int int_len = 1 + (int)(seed % 19), frac_len = (int)((seed >> 8) % 10);
        for (int i = 0; i < int_len; i++)
            value[n++] = random_digit(&seed);
        if (frac_len > 0) {
            value[n++] = '.';
            for (int i = 0; i < frac_len; i++)
                value[n++] = random_digit(&seed);
        }
        value[n] = '\0';
        compare_with_icu(f, value, &compared);
    }
    assert_true(compared > 100000);
}

static void test_amount_rejects_bad_input(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount_error(f, "", 2, 0, "empty");
    expect_amount_error(f, "abc", 2, 0, "unexpected character");
    expect_amount_error(f, "1.2.3", 2, 0, "more than one '.'");
    expect_amount_error(f, "1e3", 2, 0, "exponent");
    expect_amount_error(f, "12abc", 2, 0, "unexpected character");
    expect_amount_error(f, "--1", 2, 0, "sign");
    expect_amount_error(f, "1-", 2, 0, "sign");
    expect_amount_error(f, "-", 2, 0, "no digits");
    expect_amount_error(f, ".5", 2, 0, "no digits before '.'");
    expect_amount_error(f, "5.", 2, 0, "no digits after '.'");
    expect_amount_error(f, " 12", 2, 0, "unexpected character");
    expect_amount_error(f, "NaN", 2, 0, "unexpected character");
    expect_amount_error(f, "Infinity", 2, 0, "unexpected character");
    expect_amount_error(f, "\xff", 2, 0, "UTF-8");
    expect_amount_error(f, "1614.45万", 2, 0, "unexpected character");
    /* a NULL why is allowed */
    assert_null(gfa_fmt_amount(f, "1.2.3", 2, 0, NULL));
}

static void test_amount_rejects_bad_arguments(void **state)
{
    const gfa_fmt *f = *state;
    expect_amount_error(f, "1", -1, 0, "decimals");
    expect_amount_error(f, "1", 7, 0, "decimals");
    expect_amount_error(f, "1", 2, GFA_FMT_RMB_PREFIX, "flag");
    expect_amount_error(NULL, "1", 2, 0, "NULL");
    /* 34 significant digits is ICU's limit */
    expect_amount(f, "12345678901234567890123456789012", 2, GFA_FMT_NO_GROUPING,
                  "12345678901234567890123456789012.00");
    expect_amount_error(f, "12345678901234567890123456789012345", 0, 0, "34 significant");
    char long_input[1100];
    memset(long_input, '1', sizeof long_input - 1);
    long_input[sizeof long_input - 1] = '\0';
    expect_amount_error(f, long_input, 2, 0, "longer than 1000 bytes");
}

/* ---- percent ------------------------------------------------------------------------ */

static void test_percent(void **state)
{
    const gfa_fmt *f = *state;
    expect_percent(f, "47.3145", 2, "47.31%");
    expect_percent(f, "100", 2, "100.00%");
    expect_percent(f, "47.315", 2, "47.32%");
    expect_percent(f, "-3.25", 1, "-3.3%");
    expect_percent(f, "12345.6", 1, "12,345.6%");
    expect_percent(f, "４７．３１", 0, "47%");
    const char *why = NULL;
    char *got = gfa_fmt_percent(f, "1.2.3", 2, &why);
    check_error("gfa_fmt_percent", "1.2.3", got, why, "more than one '.'");
    got = gfa_fmt_percent(f, "1", 9, &why);
    check_error("gfa_fmt_percent", "1", got, why, "decimals");
}

/* ---- 人民币大写 ------------------------------------------------------------------------ */

static void test_rmb_pboc_examples(void **state)
{
    (void)state;
    expect_rmb("1409.50", 0, "壹仟肆佰零玖元伍角");
    expect_rmb("1409.50", GFA_FMT_RMB_PREFIX, "人民币壹仟肆佰零玖元伍角");
    expect_rmb("6007.14", 0, "陆仟零柒元壹角肆分");
    expect_rmb("16409.02", 0, "壹万陆仟肆佰零玖元零贰分");
    expect_rmb("325.04", 0, "叁佰贰拾伍元零肆分");
    /* the optional 零 at a 0 元 digit before a non-zero 角 is not written */
    expect_rmb("1680.32", 0, "壹仟陆佰捌拾元叁角贰分");
    expect_rmb("107000.53", 0, "壹拾万柒仟元伍角叁分");
}

static void test_rmb_whole_yuan(void **state)
{
    (void)state;
    expect_rmb("1005", 0, "壹仟零伍元整");
    expect_rmb("100000", 0, "壹拾万元整");
    expect_rmb("10", 0, "壹拾元整");
    expect_rmb("15", 0, "壹拾伍元整");
    expect_rmb("110", 0, "壹佰壹拾元整");
    expect_rmb("1010", 0, "壹仟零壹拾元整");
    expect_rmb("1614.45", 0, "壹仟陆佰壹拾肆元肆角伍分");
    expect_rmb("00012", 0, "壹拾贰元整");
    expect_rmb("１，４０９．５０", 0, "壹仟肆佰零玖元伍角");
}

static void test_rmb_zeros_across_sections(void **state)
{
    (void)state;
    expect_rmb("100010000", 0, "壹亿零壹万元整");
    expect_rmb("100001000", 0, "壹亿零壹仟元整");
    expect_rmb("1000010", 0, "壹佰万零壹拾元整");
    expect_rmb("16144500", 0, "壹仟陆佰壹拾肆万肆仟伍佰元整");
    expect_rmb("20000010", 0, "贰仟万零壹拾元整");
    expect_rmb("100105000", 0, "壹亿零壹拾万伍仟元整");
    expect_rmb("100700", 0, "壹拾万零柒佰元整");
    expect_rmb("1234567890", 0, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整");
    expect_rmb("10.06", 0, "壹拾元零陆分");
}

static void test_rmb_wan_yi(void **state)
{
    (void)state;
    expect_rmb("1000000000000", 0, "壹万亿元整");
    expect_rmb("1000000000001", 0, "壹万亿零壹元整");
    expect_rmb("1000100000000", 0, "壹万零壹亿元整");
    expect_rmb("1000010000000", 0, "壹万亿零壹仟万元整");
    expect_rmb("10000000000000", 0, "壹拾万亿元整");
    expect_rmb("9999999999999999.99", 0,
               "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
}

static void test_rmb_below_one_yuan(void **state)
{
    (void)state;
    expect_rmb("0", 0, "零元整");
    expect_rmb("0.00", GFA_FMT_RMB_PREFIX, "人民币零元整");
    expect_rmb("0.5", 0, "伍角");
    expect_rmb("0.05", 0, "伍分");
    expect_rmb("0.55", 0, "伍角伍分");
}

static void test_rmb_rounds_half_up_to_fen(void **state)
{
    (void)state;
    expect_rmb("0.995", 0, "壹元整");
    expect_rmb("0.994", 0, "玖角玖分");
    expect_rmb("1.005", 0, "壹元零壹分");
    expect_rmb("9.999", 0, "壹拾元整");
    expect_rmb("0.004", 0, "零元整");
    expect_rmb("1409.4950", 0, "壹仟肆佰零玖元伍角");
}

static void test_rmb_negative(void **state)
{
    (void)state;
    expect_rmb("-12.5", 0, "负壹拾贰元伍角");
    expect_rmb("-12.5", GFA_FMT_RMB_PREFIX, "人民币负壹拾贰元伍角");
    expect_rmb("－１００", 0, "负壹佰元整");
    expect_rmb("-0.005", 0, "负壹分");
    expect_rmb("-0.001", 0, "零元整");
}

static void test_rmb_range_and_errors(void **state)
{
    (void)state;
    const char *too_large = "amount too large for 人民币大写 (max 9999999999999999.99)";
    expect_rmb_error("10000000000000000", too_large);
    expect_rmb_error("9999999999999999.995", too_large);
    expect_rmb_error("-10000000000000000", too_large);
    expect_rmb_error("123456789012345678901234567890", too_large);
    expect_rmb_error("", "empty");
    expect_rmb_error("abc", "unexpected character");
    expect_rmb_error("1.2.3", "more than one '.'");
    expect_rmb_error("1e3", "exponent");
    expect_rmb_error("1,2345", "grouping");
    const char *why = NULL;
    char *got = gfa_fmt_rmb_upper("1", GFA_FMT_ELLIPSIS, &why);
    check_error("gfa_fmt_rmb_upper", "1", got, why, "flag");
    assert_null(gfa_fmt_rmb_upper("x", 0, NULL));
}

/* ---- display width ------------------------------------------------------------------ */

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(gfa_display_width("中", 1), 2);
    assert_int_equal(gfa_display_width("abc", 1), 3);
    assert_int_equal(gfa_display_width("", 1), 0);
    assert_int_equal(gfa_display_width("“三公”", 1), 6);
    assert_int_equal(gfa_display_width("“三公”", 2), 8);
    assert_int_equal(gfa_display_width("\u0301", 1), 0);
    assert_int_equal(gfa_display_width("e\u0301", 2), 1);
    assert_int_equal(gfa_display_width("\u3000", 1), 2);
    assert_int_equal(gfa_display_width("１（％", 1), 6);
    assert_int_equal(gfa_display_width("ｱ", 2), 1);
    assert_int_equal(gfa_display_width("a\u200Bb", 1), 2); /* ZERO WIDTH SPACE is Cf */
    assert_int_equal(gfa_display_width("a\tb\n", 1), 2);    /* control characters */
    assert_int_equal(gfa_display_width("一般公共服务支出", 1), 16);
}

static void test_display_width_invalid(void **state)
{
    (void)state;
    assert_int_equal(gfa_display_width("\xff", 1), 1);
    assert_int_equal(gfa_display_width("a\xe4\xb8" "b", 1), 4); /* truncated 中: 2 bad bytes */
    assert_int_equal(gfa_display_width("\xed\xa0\x80", 1), 3);  /* a UTF-8 encoded surrogate */
    assert_int_equal(gfa_display_width(NULL, 1), -1);
    assert_int_equal(gfa_display_width("a", 0), -1);
    assert_int_equal(gfa_display_width("a", 3), -1);
}

/* ---- padding ------------------------------------------------------------------------ */

static void test_pad_aligns(void **state)
{
    (void)state;
    expect_pad("abc", 6, 'l', 1, 0, "abc   ");
    expect_pad("abc", 6, 'r', 1, 0, "   abc");
    expect_pad("abc", 6, 'c', 1, 0, " abc  ");
    expect_pad("中文", 6, 'c', 1, 0, " 中文 ");
    expect_pad("中文", 7, 'c', 1, 0, " 中文  ");
    expect_pad("1,421.59", 12, 'r', 1, 0, "    1,421.59");
    expect_pad("“三公”", 8, 'l', 1, 0, "“三公”  ");
    expect_pad("“三公”", 8, 'l', 2, 0, "“三公”");
    expect_pad("abc", 3, 'c', 1, 0, "abc");
    expect_pad("", 3, 'c', 1, 0, "   ");
    expect_pad("", 0, 'l', 1, 0, "");
}

static void test_pad_truncates(void **state)
{
    (void)state;
    expect_pad("abcdef", 4, 'l', 1, 0, "abcd");
    expect_pad("abcdef", 0, 'r', 1, 0, "");
    /* 字 would be split at column 5: cut before it and pad one space */
    expect_pad("中文字", 5, 'l', 1, 0, "中文 ");
    expect_pad("中文字", 5, 'r', 1, 0, " 中文");
    expect_pad("中文字", 1, 'l', 1, 0, " ");
    expect_pad("机关事业单位基本养老保险缴费支出", 26, 'l', 1, 0, "机关事业单位基本养老保险缴");
    /* a combining mark stays with its base letter */
    expect_pad("e\u0301xyz", 2, 'l', 1, 0, "e\u0301x");
}

static void test_pad_ellipsis(void **state)
{
    (void)state;
    expect_pad("abcdef", 4, 'l', 1, GFA_FMT_ELLIPSIS, "abc…");
    expect_pad("中文字", 5, 'l', 1, GFA_FMT_ELLIPSIS, "中文…");
    expect_pad("中文字", 4, 'l', 1, GFA_FMT_ELLIPSIS, "中… ");
    expect_pad("中文字", 4, 'l', 2, GFA_FMT_ELLIPSIS, "中…");
    expect_pad("中文字", 5, 'l', 2, GFA_FMT_ELLIPSIS, "中… ");
    expect_pad("abc", 3, 'l', 1, GFA_FMT_ELLIPSIS, "abc"); /* no truncation, no ellipsis */
    expect_pad("abc", 1, 'l', 2, GFA_FMT_ELLIPSIS, "a");   /* no room for a 2-column "…" */
}

static void test_pad_rejects_bad_arguments(void **state)
{
    (void)state;
    expect_pad_error("a", -1, 'l', 1, 0, "width");
    expect_pad_error("a", 10001, 'l', 1, 0, "width");
    expect_pad_error("a", 3, 'x', 1, 0, "align");
    expect_pad_error("a", 3, 'l', 0, 0, "ambiguous_width");
    expect_pad_error("a", 3, 'l', 1, GFA_FMT_DATE_UPPER, "flag");
    expect_pad_error(NULL, 3, 'l', 1, 0, "NULL");
    char *wide = gfa_fmt_pad("x", 10000, 'r', 1, 0, NULL);
    assert_non_null(wide);
    assert_int_equal(strlen(wide), 10000);
    assert_int_equal(wide[9999], 'x');
    free(wide);
}

/* ---- dates -------------------------------------------------------------------------- */

static void test_date_plain(void **state)
{
    (void)state;
    expect_date("2024-12-31", 0, "2024年12月31日");
    expect_date("2024-01-05", 0, "2024年1月5日");
    expect_date("2024-12", 0, "2024年12月");
    expect_date("2024", 0, "2024年");
    expect_date("2024-02-29", 0, "2024年2月29日");
    expect_date("2000-02-29", 0, "2000年2月29日");
}

static void test_date_upper(void **state)
{
    (void)state;
    expect_date("2024-02-12", GFA_FMT_DATE_UPPER, "贰零贰肆年零贰月壹拾贰日");
    expect_date("2024-01-01", GFA_FMT_DATE_UPPER, "贰零贰肆年零壹月零壹日");
    expect_date("2024-10-20", GFA_FMT_DATE_UPPER, "贰零贰肆年零壹拾月零贰拾日");
    expect_date("2024-01-10", GFA_FMT_DATE_UPPER, "贰零贰肆年零壹月零壹拾日");
    expect_date("2024-11-30", GFA_FMT_DATE_UPPER, "贰零贰肆年壹拾壹月零叁拾日");
    expect_date("2024-12-31", GFA_FMT_DATE_UPPER, "贰零贰肆年壹拾贰月叁拾壹日");
    expect_date("2024-03-25", GFA_FMT_DATE_UPPER, "贰零贰肆年叁月贰拾伍日");
    expect_date("2024-01-15", GFA_FMT_DATE_UPPER, "贰零贰肆年零壹月壹拾伍日");
    expect_date("2000-09-09", GFA_FMT_DATE_UPPER, "贰零零零年玖月零玖日");
    expect_date("2024-12", GFA_FMT_DATE_UPPER, "贰零贰肆年壹拾贰月");
    expect_date("2024", GFA_FMT_DATE_UPPER, "贰零贰肆年");
}

static void test_date_rejects_invalid(void **state)
{
    (void)state;
    expect_date_error("2023-02-29", "no such day");
    expect_date_error("1900-02-29", "no such day");
    expect_date_error("2024-04-31", "no such day");
    expect_date_error("2024-01-00", "no such day");
    expect_date_error("2024-13-01", "month");
    expect_date_error("2024-00", "month");
    expect_date_error("0000", "year");
    expect_date_error("2024-1-5", "expected");
    expect_date_error("2024/01/05", "expected");
    expect_date_error("24-01-05", "expected");
    expect_date_error("2024-01-05T00:00", "expected");
    expect_date_error("", "expected");
    expect_date_error("２０２４", "expected");
    const char *why = NULL;
    char *got = gfa_fmt_date_zh("2024", GFA_FMT_ELLIPSIS, &why);
    check_error("gfa_fmt_date_zh", "2024", got, why, "flag");
    got = gfa_fmt_date_zh(NULL, 0, &why);
    check_error("gfa_fmt_date_zh", "(null)", got, why, "NULL");
}

/* ---- threads ------------------------------------------------------------------------ */

typedef struct amount_case {
    const char *input;
    int decimals;
    unsigned flags;
    const char *want;
} amount_case;

static const amount_case thread_cases[] = {
    {"1614.455", 2, 0, "1,614.46"},
    {"-2.345", 2, 0, "-2.35"},
    {"１，６１４．４５", 2, GFA_FMT_NO_GROUPING, "1614.45"},
    {"-1234567.5", 0, GFA_FMT_PAREN_NEGATIVE, "(1,234,568)"},
    {"0.1234565", 6, 0, "0.123457"},
};

typedef struct thread_job {
    const gfa_fmt *f;
    int offset; /* each thread walks the cases in a different order */
    int mismatches;
} thread_job;

static void *format_many(void *arg)
{
    thread_job *job = arg;
    const size_t n = sizeof thread_cases / sizeof *thread_cases;
    for (int i = 0; i < 1000; i++) {
        const amount_case *c = &thread_cases[((size_t)i + (size_t)job->offset) % n];
        char *got = gfa_fmt_amount(job->f, c->input, c->decimals, c->flags, NULL);
        if (got == NULL || strcmp(got, c->want) != 0)
            job->mismatches++;
        free(got);
    }
    return NULL;
}

static void test_amount_from_two_threads(void **state)
{
    thread_job jobs[2] = {{*state, 0, 0}, {*state, 3, 0}};
    pthread_t threads[2];
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, format_many, &jobs[t]), 0);
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    assert_int_equal(jobs[0].mismatches, 0);
    assert_int_equal(jobs[1].mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount_examples),
        cmocka_unit_test(test_amount_rounds_half_up),
        cmocka_unit_test(test_amount_negative_zero_has_no_sign),
        cmocka_unit_test(test_amount_full_width_input),
        cmocka_unit_test(test_amount_grouped_input),
        cmocka_unit_test(test_amount_plain_path_is_icus),
        cmocka_unit_test(test_amount_rejects_bad_input),
        cmocka_unit_test(test_amount_rejects_bad_arguments),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_rmb_pboc_examples),
        cmocka_unit_test(test_rmb_whole_yuan),
        cmocka_unit_test(test_rmb_zeros_across_sections),
        cmocka_unit_test(test_rmb_wan_yi),
        cmocka_unit_test(test_rmb_below_one_yuan),
        cmocka_unit_test(test_rmb_rounds_half_up_to_fen),
        cmocka_unit_test(test_rmb_negative),
        cmocka_unit_test(test_rmb_range_and_errors),
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_display_width_invalid),
        cmocka_unit_test(test_pad_aligns),
        cmocka_unit_test(test_pad_truncates),
        cmocka_unit_test(test_pad_ellipsis),
        cmocka_unit_test(test_pad_rejects_bad_arguments),
        cmocka_unit_test(test_date_plain),
        cmocka_unit_test(test_date_upper),
        cmocka_unit_test(test_date_rejects_invalid),
        cmocka_unit_test(test_amount_from_two_threads),
    };
    int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
    u_cleanup(); /* drop ICU's caches so valgrind reports no "possibly lost" blocks */
    return failed;
}
