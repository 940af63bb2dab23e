/* test_sha256.c — SHA-256 (base/sha256.c) against FIPS 180-4's examples and digests made by
 * another implementation (Python's hashlib) of messages of every length around the block
 * and padding boundaries, whole and from a file. */
#include "testutil.h"
#include "base/base.h"

#include <stdio.h>
#include <unistd.h>

/* The message of n bytes whose byte i is i * 31 + 7 (mod 256). */
static unsigned char *message(size_t n)
{
    unsigned char *m = malloc(n ? n : 1);
    assert_non_null(m);
    for (size_t i = 0; i < n; i++)
        m[i] = (unsigned char)(i * 31 + 7);
    return m;
}

static const struct {
    size_t len;
    const char *digest;
} by_length[] = {
    {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {1, "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879"},
    {55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b"},
    {56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63"},
    {57, "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d"},
    {63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076"},
    {64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd"},
    {65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0"},
    {119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe"},
    {120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656"},
    {127, "192409cd280e14b743642ad1343fbd3e82d9305de72c078117745a679210cc3d"},
    {128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356"},
    {129, "81e89a7b2911aaa7795f9e3d4910cb47d6cd2b00d83b8399481527261a1a7519"},
    {1000, "5097e7d587352f5097062ae679f37bda5802d9f875aba14c8cb4d1a188ada179"},
    {70494, "90b1b132c59ae258647fdf607888a0f8c654f0511ee3856f13d93292bccb6358"},
};

static void fips_examples(void **state)
{
    (void)state;
    char out[65];
    sha256_hex("abc", 3, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(two, strlen(two), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void every_boundary(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof by_length / sizeof *by_length; k++) {
        unsigned char *m = message(by_length[k].len);
        char out[65];
        sha256_hex(m, by_length[k].len, out);
        if (strcmp(out, by_length[k].digest) != 0)
            fail_msg("%zu bytes: %s, want %s", by_length[k].len, out, by_length[k].digest);
        free(m);
    }
}

/* sha256_file reads in pieces of 64K: the same digest as the whole message at once */
static void from_a_file(void **state)
{
    (void)state;
    char path[] = "/tmp/gfa-test-sha256-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = 200000;
    unsigned char *m = message(n);
    assert_int_equal(write(fd, m, n), (ssize_t)n);
    close(fd);
    char whole[65], file[65];
    sha256_hex(m, n, whole);
    assert_true(sha256_file(path, 1 << 20, file));
    assert_string_equal(file, whole);
    assert_false(sha256_file(path, 1000, file)); /* larger than allowed */
    unlink(path);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_examples),
        cmocka_unit_test(every_boundary),
        cmocka_unit_test(from_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
