/* test_slips.c — floors on the injected-slip benchmark of the diagnosis (bench/slips.c,
 * issue 11): a few seeded trials of single and double typing slips in the sample, the
 * shares of slips named alone as their root cause (GFA-DIAG-001), and of those named
 * alone or as one of two equally good readings (GFA-DIAG-002). The seed fixes the slips,
 * so the figures are the same on every machine; a floor that falls is a regression of
 * the diagnosis (or of a check it builds on). make bench runs 300 trials on two reports. */
#define SLIPS_NO_MAIN
#include "../bench/slips.c"

#include "testutil.h"

/* Floors: the shares measured with these trials and seed (single 60, double 30, on the
 * sample), a little under, so that a real fall fails and nothing else does. */
#define TRIALS_SINGLE 60
#define TRIALS_DOUBLE 30
#define FLOOR_SINGLE_NAMED 94.0
#define FLOOR_SINGLE_NAMED_OR_TWO 97.0
#define FLOOR_DOUBLE_NAMED 90.0

static gfa_context *ctx;
static gfa_validator *validator;
static gfa_diags *diags;

static void sample_slips(void **state)
{
    (void)state;
    bench_report br;
    assert_true(report_open(ctx, validator, tu_path("samples/yangcheng-2024-unit.txt"), &br));
    print_unchecked(&br);
    slip_stats one = {0}, two = {0}, all = {0};
    run_slips(validator, &br, 1, TRIALS_SINGLE, 20241, &one);
    run_slips(validator, &br, 2, TRIALS_DOUBLE, 20242, &two);
    print_stats("single", &one);
    print_stats("double", &two);
    stats_add(&all, &one);
    stats_add(&all, &two);
    long seen1 = one.slips - one.undetected, seen2 = two.slips - two.undetected;
    assert_true(seen1 >= TRIALS_SINGLE / 2 && seen2 >= TRIALS_DOUBLE);
    assert_true(pct(one.named, seen1) >= FLOOR_SINGLE_NAMED);
    assert_true(pct(one.named + one.among2, seen1) >= FLOOR_SINGLE_NAMED_OR_TWO);
    assert_true(pct(two.named, seen2) >= FLOOR_DOUBLE_NAMED);
    /* every slip seen is named, among readings, or missed: the counts add up */
    assert_true(all.named + all.among <= all.slips - all.undetected);
    report_close(&br);
}

static int setup(void **state)
{
    (void)state;
    gfa_global_init();
    diags = gfa_diags_new();
    ctx = gfa_context_open(NULL, diags);
    validator = ctx ? gfa_validator_new(ctx, diags) : NULL;
    return validator ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gfa_validator_free(validator);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(sample_slips)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
