/* test_decode.c — encodings: UTF-8 with and without BOM, UTF-16 LE/BE with and without
 * BOM, GB18030/GBK; undecodable bytes and binary data are errors naming the byte offset.
 * The whole sample converted to GB18030 and UTF-16 reads to the same facts. */
#include "testutil.h"
#include "read/read.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

/* Converts UTF-8 to another charset with ICU (the test's own encoder). */
static char *encode(const char *charset, const char *utf8, size_t len, size_t *out_len)
{
    UErrorCode ec = U_ZERO_ERROR;
    int32_t cap = (int32_t)len * 4 + 16;
    char *out = malloc((size_t)cap);
    int32_t n = ucnv_convert(charset, "UTF-8", out, cap, utf8, (int32_t)len, &ec);
    assert_true(U_SUCCESS(ec));
    *out_len = (size_t)n;
    return out;
}

static void decode_ok(const char *bytes, size_t len, const char *want_enc, const char *want_text)
{
    gfa_diags *d = gfa_diags_new();
    decoded_text t;
    gfa_status st = decode_text("t.txt", bytes, len, &t, d);
    if (st != GFA_OK)
        tu_print_diags(d);
    assert_int_equal(st, GFA_OK);
    assert_string_equal(t.encoding, want_enc);
    assert_string_equal(t.utf8, want_text);
    decoded_text_free(&t);
    gfa_diags_free(d);
}

static void decode_fails(const char *bytes, size_t len, const char *id, const char *msg_part)
{
    gfa_diags *d = gfa_diags_new();
    decoded_text t;
    assert_int_equal(decode_text("t.txt", bytes, len, &t, d), GFA_ERR_INPUT);
    assert_true(tu_has_diag(d, id));
    assert_non_null(strstr(gfa_diag_message(gfa_diags_at(d, 0)), msg_part));
    gfa_diags_free(d);
}

static const char text[] = "收入决算表\t1,614.45\n公开02表\n";

static void utf8_plain_bom_crlf(void **state)
{
    (void)state;
    decode_ok(text, strlen(text), "UTF-8", text);
    decode_ok("\xEF\xBB\xBF" "收入", 9, "UTF-8", "收入");
    decode_ok("a\r\nb\rc\n", 7, "UTF-8", "a\nb\nc\n");
}

/* Newlines as the plain rule has them (CRLF and lone CR become LF, a leading BOM goes) for
 * every text of up to 7 pieces of "a", CR, LF and "收", with and without a BOM: the decoder
 * copies the run before the first CR whole. */
static void newlines_every_arrangement(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "\r", "\n", "收"};
    for (int bom = 0; bom <= 1; bom++)
        for (int n = 0; n <= 7; n++)
            for (int code = 0; code < 1 << (2 * n); code++) {
                char in[64], want[64];
                size_t len = 0, w = 0;
                if (bom) {
                    memcpy(in, "\xEF\xBB\xBF", 3);
                    len = 3;
                }
                for (int k = 0; k < n; k++) {
                    const char *p = pieces[(code >> (2 * k)) & 3];
                    memcpy(in + len, p, strlen(p));
                    len += strlen(p);
                }
                for (size_t r = bom ? 3 : 0; r < len; r++) {
                    if (in[r] == '\r') {
                        want[w++] = '\n';
                        if (r + 1 < len && in[r + 1] == '\n')
                            r++;
                    } else {
                        want[w++] = in[r];
                    }
                }
                want[w] = '\0';
                if (len == 0)
                    continue; /* an empty text is the readers' error, not the decoder's */
                decode_ok(in, len, "UTF-8", want);
            }
}

/* Every control byte, anywhere in a text: binary but for TAB, LF, CR, FF and DOS EOF. */
static void control_bytes(void **state)
{
    (void)state;
    for (int c = 0; c < 0x20; c++)
        for (size_t at = 0; at < 3; at++) {
            char in[4] = "abc";
            in[at] = (char)c;
            bool text_byte = c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1A;
            gfa_diags *d = gfa_diags_new();
            decoded_text t;
            gfa_status st = decode_text("t.txt", in, 3, &t, d);
            assert_int_equal(st, text_byte ? GFA_OK : GFA_ERR_INPUT);
            if (st == GFA_OK)
                decoded_text_free(&t);
            gfa_diags_free(d);
        }
}

static void utf16_with_and_without_bom(void **state)
{
    (void)state;
    size_t n;
    char *le = encode("UTF-16LE", text, strlen(text), &n);
    decode_ok(le, n, "UTF-16LE", text);
    char *bom = malloc(n + 2);
    memcpy(bom, "\xFF\xFE", 2);
    memcpy(bom + 2, le, n);
    decode_ok(bom, n + 2, "UTF-16LE", text);
    char *be = encode("UTF-16BE", text, strlen(text), &n);
    decode_ok(be, n, "UTF-16BE", text);
    free(le);
    free(bom);
    free(be);
}

static void gb18030_and_gbk(void **state)
{
    (void)state;
    size_t n;
    char *gb = encode("GB18030", text, strlen(text), &n);
    decode_ok(gb, n, "GB18030", text);
    free(gb);
    /* GBK bytes of 测试 are GB18030 too */
    decode_ok("\xB2\xE2\xCA\xD4", 4, "GB18030", "测试");
}

static void undecodable_bytes_name_their_offset(void **state)
{
    (void)state;
    /* valid GB18030 lead byte followed by an invalid trail byte at offset 4 */
    decode_fails("\xB2\xE2\xCA\xD4\x81\x20\xFF\xFF", 8, "GFA-DEC-003", "byte offset 4 (0x81)");
    /* a UTF-8 BOM followed by invalid UTF-8 */
    decode_fails("\xEF\xBB\xBF" "ab\xC3(", 7, "GFA-DEC-006", "byte offset 5");
}

/* UTF-8 is validated in one pass of gfa's own: over many byte strings made of the bytes
 * where well-formedness turns (C1/C2, E0/ED/EF with A0/9F, F0/F4/F5 with 90/8F, stray
 * trail bytes, controls, cut sequences), the offset it names after a BOM, or its reading
 * as UTF-8 without one, is ICU's U8_NEXT's. */
static void utf8_validation_is_icus(void **state)
{
    (void)state;
    static const unsigned char bytes[] = {'a', 0x00, 0x01, '\t', 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                          0xE4, 0xB8, 0xAD, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    unsigned k = 7;
    for (int t = 0; t < 20000; t++) {
        unsigned char buf[3 + 12];
        memcpy(buf, "\xEF\xBB\xBF", 3);
        size_t n = 3 + (size_t)(t % 12);
        for (size_t i = 3; i < n; i++) {
            k = k * 1103515245u + 12345u;
            buf[i] = bytes[(k >> 16) % sizeof bytes];
        }
        int32_t i = 0, len = (int32_t)n, bad = -1;
        bool control = false;
        while (i < len && bad < 0) {
            int32_t start = i;
            UChar32 c;
            U8_NEXT(buf, i, len, c);
            if (c < 0)
                bad = start;
            control |= c == 0 || (c >= 0 && c < 0x20 && c != '\t' && c != '\n');
        }
        gfa_diags *d = gfa_diags_new();
        decoded_text dt;
        gfa_status st = decode_text("t.txt", (const char *)buf, n, &dt, d);
        if (bad >= 0) {
            char want[64];
            snprintf(want, sizeof want, "invalid UTF-8 at byte offset %d ", bad);
            assert_int_equal(st, GFA_ERR_INPUT);
            if (!strstr(gfa_diag_message(gfa_diags_at(d, 0)), want))
                fail_msg("case %d: %s; want %s", t, gfa_diag_message(gfa_diags_at(d, 0)), want);
        } else if (control) { /* binary, or UTF-16 when its zeros say so: never UTF-8 */
            assert_true(st != GFA_OK || strcmp(dt.encoding, "UTF-8") != 0);
            if (st == GFA_OK)
                decoded_text_free(&dt);
        } else {
            assert_int_equal(st, GFA_OK);
            assert_string_equal(dt.encoding, "UTF-8");
            assert_memory_equal(dt.utf8, buf + 3, n - 3);
            decoded_text_free(&dt);
        }
        gfa_diags_free(d);
        /* without the BOM: UTF-8 exactly when ICU reads it all */
        d = gfa_diags_new();
        st = decode_text("t.txt", (const char *)buf + 3, n - 3, &dt, d);
        if (st == GFA_OK) {
            if ((bad < 0 && !control) != !strcmp(dt.encoding, "UTF-8"))
                fail_msg("case %d: read as %s", t, dt.encoding);
            decoded_text_free(&dt);
        } else {
            assert_true(bad >= 0 || control);
        }
        gfa_diags_free(d);
    }
}

/* The lines of a decoded text: one a newline (none after a final one), a form feed read
 * as a blank, cells between tabs with their columns; checked against the same rules
 * spelled out here, over texts of pieces in every order. */
static void lines_and_cells(void **state)
{
    (void)state;
    static const char *const pieces[] = {"收入", "\t", "\n", "\f", " ", "1.5", "\u3000"};
    unsigned k = 99;
    for (int t = 0; t < 3000; t++) {
        char input[64];
        size_t n = 0;
        for (int i = 0; i < t % 14; i++) {
            k = k * 1103515245u + 12345u;
            const char *p = pieces[(k >> 16) % (sizeof pieces / sizeof *pieces)];
            memcpy(input + n, p, strlen(p));
            n += strlen(p);
        }
        input[n] = '\0';
        src_doc doc;
        gfa_diags *d = gfa_diags_new();
        assert_int_equal(src_doc_from_text("t.txt", input, n, 1000, &doc, d), GFA_OK);
        size_t line = 0;
        for (const char *start = input; *start || start == input; line++) {
            const char *nl = strchr(start, '\n');
            size_t len = nl ? (size_t)(nl - start) : strlen(start);
            char want[64];
            memcpy(want, start, len);
            want[len] = '\0';
            for (char *f = want; *f; f++)
                *f = *f == '\f' ? ' ' : *f;
            assert_true(line < doc.count);
            const src_line *l = &doc.lines[line];
            assert_int_equal(l->no, (long)line + 1);
            assert_string_equal(l->text, want);
            char *trimmed = text_trim(want, len);
            assert_string_equal(l->trimmed, trimmed);
            free(trimmed);
            int tabs = 0;
            for (const char *c = want; *c; c++)
                tabs += *c == '\t';
            assert_int_equal(l->grid, tabs > 0);
            assert_int_equal(tabs ? l->ncells : 0, tabs ? tabs + 1 : 0);
            long col = 1;
            const char *cell = want;
            for (int c = 0; tabs && c <= tabs; c++) {
                const char *end = strchr(cell, '\t');
                size_t clen = end ? (size_t)(end - cell) : strlen(cell);
                char *ct = text_trim(cell, clen);
                assert_string_equal(l->cells[c].text, ct);
                free(ct);
                size_t lead = 0;
                long blanks = 0;
                while (lead < clen && (cell[lead] == ' ' || !strncmp(cell + lead, "\u3000", 3)))
                    lead += cell[lead] == ' ' ? 1 : 3, blanks++;
                assert_int_equal(l->cells[c].pos, col + blanks);
                col += utf8_chars(cell, clen) + 1;
                cell = end ? end + 1 : cell + clen;
            }
            if (!nl || !nl[1])
                break;
            start = nl + 1;
        }
        assert_int_equal(doc.count, n ? line + 1 : 1);
        src_doc_free(&doc);
        gfa_diags_free(d);
    }
}

/* The layout sniffer's shortcut: when decode_fails_or_keeps_tab says so, decoding fails
 * or keeps a tab, over many byte strings of tabs, NULs, BOMs, GB18030 and UTF-8 bytes. */
static void tab_told_without_decoding(void **state)
{
    (void)state;
    static const unsigned char bytes[] = {'\t', 0x00, 0xFF, 0xFE, 0x81, 0x30, 0x40, 'a',
                                          0xE4, 0xB8, 0xAD, '\n', 0x84, 0x31, 0x95, 0x33,
                                          0xEF, 0xBB, 0xBF, 0xB2, 0xE2};
    unsigned k = 3;
    int told = 0;
    for (int t = 0; t < 20000; t++) {
        char buf[16];
        size_t n = 1 + (size_t)(t % 15);
        for (size_t i = 0; i < n; i++) {
            k = k * 1103515245u + 12345u;
            buf[i] = (char)bytes[(k >> 16) % sizeof bytes];
        }
        if (!decode_fails_or_keeps_tab(buf, n))
            continue;
        told++;
        gfa_diags *d = gfa_diags_new();
        decoded_text dt;
        if (decode_text("t.txt", buf, n, &dt, d) == GFA_OK) {
            if (!memchr(dt.utf8, '\t', dt.len))
                fail_msg("case %d: decoded as %s without its tab", t, dt.encoding);
            decoded_text_free(&dt);
        }
        gfa_diags_free(d);
    }
    assert_true(told > 1000);
}

static void binary_is_not_text(void **state)
{
    (void)state;
    static const char elf[] = "\x7F" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00";
    decode_fails(elf, sizeof elf - 1, "GFA-DEC-005", "not a text file");
    unsigned char noise[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (unsigned char)(x >> 16);
    }
    gfa_diags *d = gfa_diags_new();
    decoded_text t;
    assert_int_equal(decode_text("noise", (const char *)noise, sizeof noise, &t, d), GFA_ERR_INPUT);
    gfa_diags_free(d);
}

/* The sample in GB18030 and in UTF-16 gives the same amounts as in UTF-8. */
static void sample_in_other_encodings(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    size_t len = 0;
    char *utf8 = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), &len);
    assert_non_null(utf8);
    static const char *const charsets[] = {"UTF-8", "GB18030", "UTF-16LE"};
    char *want = NULL;
    for (size_t i = 0; i < 3; i++) {
        size_t n = len;
        char *bytes = i == 0 ? utf8 : encode(charsets[i], utf8, len, &n);
        gfa_diags *d = gfa_diags_new();
        gfa_report *r = NULL;
        assert_int_equal(gfa_report_read_memory(ctx, "s.txt", bytes, n, &r, d), GFA_OK);
        assert_xpath(gfa_report_doc(r), "string(//g:source/@encoding)", charsets[i]);
        char *got = tu_xpath(gfa_report_doc(r), "concat(count(//g:amt), '|', sum(//g:table//g:amt), '|', //g:entity/@name, '|', count(//g:p))");
        if (!want)
            want = strdup(got);
        else
            assert_string_equal(got, want);
        free(got);
        gfa_report_free(r);
        gfa_diags_free(d);
        if (i)
            free(bytes);
    }
    free(want);
    free(utf8);
    gfa_context_free(ctx);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_plain_bom_crlf),
        cmocka_unit_test(newlines_every_arrangement),
        cmocka_unit_test(control_bytes),
        cmocka_unit_test(utf16_with_and_without_bom),
        cmocka_unit_test(gb18030_and_gbk),
        cmocka_unit_test(undecodable_bytes_name_their_offset),
        cmocka_unit_test(utf8_validation_is_icus),
        cmocka_unit_test(lines_and_cells),
        cmocka_unit_test(tab_told_without_decoding),
        cmocka_unit_test(binary_is_not_text),
        cmocka_unit_test(sample_in_other_encodings),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
