/* test_text.c — Traditional characters (issue 10): matching keys and the vocabulary's
 * matching read a Traditional Han character as its Simplified form, exactly as ICU's
 * Traditional-Simplified transliterator does, for every character it changes (so the
 * cheap test that decides when to open the transliterator misses none); lengths and
 * offsets hold; the printed text is kept. */
#include "testutil.h"
#include "data/data.h"

#include <limits.h>
#include <unicode/utrans.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

static char *key(const char *s)
{
    char *k = text_key(NULL, s, strlen(s));
    assert_non_null(k);
    return k;
}

static void keys_are_simplified(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"收入支出決算總表", "收入支出决算总表"},
        {"一般公共預算財政撥款“三公”經費支出決算表", "一般公共预算财政拨款三公经费支出决算表"},
        {"金額單位：萬元", "金额单位:万元"},
        {"部門決算公開相關信息統計表", "部门决算公开相关信息统计表"},
        {"大於", "大于"},       /* 於 is in GB2312, and still Traditional */
        {"之後", "之后"},
        {"\u380F", "\u37C6"}, /* CJK Extension A: the ICU path of text_key */
        {"收入决算表", "收入决算表"}, /* Simplified text is left alone */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *k = key(pairs[i][0]);
        assert_string_equal(k, pairs[i][1]);
        free(k);
    }
}

/* The variants ICU leaves, as OpenCC writes them (s2hk's 衞 for 衛, s2t's 人蔘), are data
 * (schemas/codes/traditional-variants.tsv), a context's own: read as Simplified with its
 * variants, and not without. Two contexts in one process, one of a data folder whose list
 * reads 衞 as 一 and has no 峯, each read with their own, whichever was opened first: keys,
 * the vocabulary's matching and a report's reading. */
static char *key_in(const gfa_context *ctx, const char *s)
{
    char *k = text_key(&ctx->variants, s, strlen(s));
    assert_non_null(k);
    return k;
}

static void variants_from_data(void **state)
{
    (void)state;
    char *dir = tu_data_copy("variants"), *cmd = NULL;
    assert_true(asprintf(&cmd,
                         "cd '%s/schemas' && cp -rL codes c && rm codes && mv c codes && "
                         "grep -v '^\xE5\xB3\xAF' codes/traditional-variants.tsv | "
                         "sed 's/^\xE8\xA1\x9E\t\xE5\x8D\xAB/\xE8\xA1\x9E\t\xE4\xB8\x80/' > v && "
                         "mv v codes/traditional-variants.tsv",
                         dir) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    gfa_diags *d = gfa_diags_new();
    gfa_context *other = gfa_context_open(dir, d); /* opened first */
    assert_non_null(other);
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    static const char *const pairs[][3] = {
        {"衞生健康支出", "卫生健康支出", "一生健康支出"},
        {"1人蔘加審査", "1人参加审查", "1人参加审查"},
        {"峯滙", "峰汇", "峯汇"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *k = key_in(ctx, pairs[i][0]), *o = key_in(other, pairs[i][0]);
        assert_string_equal(k, pairs[i][1]);
        assert_string_equal(o, pairs[i][2]);
        free(k);
        free(o);
    }
    char *n = key("衞生"); /* no variants: ICU's forms alone */
    assert_string_equal(n, "衞生");
    free(n);
    assert_int_equal(text_simplified_char(&ctx->variants, 0x885E), 0x536B);  /* 衞: 卫 */
    assert_int_equal(text_simplified_char(&other->variants, 0x885E), 0x4E00); /* 衞: 一 */
    assert_int_equal(text_simplified_char(NULL, 0x885E), 0x885E);
    /* the vocabulary's words are matched with the context's variants */
    const word_list *units = &ctx->vocab.lists[V_UNIT_LABEL];
    assert_true(units->count > 0);
    assert_ptr_equal(units->tv, &ctx->variants);
    assert_ptr_equal(other->vocab.lists[V_UNIT_LABEL].tv, &other->variants);
    assert_true(text_has_traditional(&ctx->variants, "峯", strlen("峯")));
    assert_false(text_has_traditional(&other->variants, "峯", strlen("峯")));
    char *s = text_simplify(&other->variants, "衞峯", strlen("衞峯"));
    assert_string_equal(s, "一峯");
    free(s);
    assert_true(text_match_simplified(&ctx->variants, "衞生", "卫生", strlen("卫生")));
    assert_false(text_match_simplified(&other->variants, "衞生", "卫生", strlen("卫生")));
    assert_int_equal(text_first_simplified(&ctx->variants, "衞"), 0x536B);
    assert_int_equal(text_first_simplified(&other->variants, "衞"), 0x4E00);
    /* the sample with 卫生健康支出 printed 衞生健康支出 (the same bytes long): its 公开04 class
     * row is read as 210 with the context's variants, and not with the other's (衞: 一) */
    size_t len = 0;
    char *text = tu_read(tu_path("samples/yangcheng-2024-unit.txt"), &len);
    assert_non_null(text);
    for (char *p = text; (p = strstr(p, "卫生健康支出")) != NULL; p += strlen("卫"))
        memcpy(p, "衞", strlen("衞"));
    const char *row = "count(//g:table[@def='gk04']//g:row[@key='210'])";
    gfa_report *r = NULL;
    assert_int_equal(gfa_report_read_memory(ctx, "wei.txt", text, len, &r, d), GFA_OK);
    assert_xpath(gfa_report_doc(r), row, "1");
    gfa_report_free(r);
    assert_int_equal(gfa_report_read_memory(other, "wei.txt", text, len, &r, d), GFA_OK);
    assert_xpath(gfa_report_doc(r), row, "0");
    gfa_report_free(r);
    free(text);
    gfa_context_free(ctx);
    gfa_context_free(other);
    gfa_diags_free(d);
    tu_remove_data(dir);
}

static size_t utf8_of(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

/* Is s the text a followed by b? */
static bool ends_as(const char *s, const char *a, const char *b)
{
    size_t n = strlen(a);
    return !strncmp(s, a, n) && !strcmp(s + n, b);
}

/* The NFKC and the key of plain (n bytes) are what ICU makes of them: a trailing ² (NFKC:
 * 2), which only ICU handles, sends the same text down ICU's path. */
static void as_icu_makes_it(const char *plain, size_t n)
{
    char viaicu[300];
    snprintf(viaicu, sizeof viaicu, "%s\u00B2", plain);
    for (int f = 0; f < 2; f++) {
        char *fast = f ? text_key(NULL, plain, n) : text_nfkc(plain, n);
        char *icu = f ? text_key(NULL, viaicu, strlen(viaicu)) : text_nfkc(viaicu, strlen(viaicu));
        assert_non_null(fast);
        assert_non_null(icu);
        if (!ends_as(icu, fast, "2"))
            fail_msg("%s of \"%s\": \"%s\", ICU: \"%s\"", f ? "key" : "NFKC", plain, fast, icu);
        free(fast);
        free(icu);
    }
}

/* NFKC and keys of ASCII, CJK ideographs and punctuation and fullwidth forms are made
 * without ICU: each must be what ICU makes of it. */
static void nfkc_without_icu_is_icus(void **state)
{
    (void)state;
    static const uint32_t ranges[][2] = {{0x01, 0x7F},     {0x2018, 0x201D}, {0x3000, 0x303F},
                                         {0x4E00, 0x9FFF}, {0xFF00, 0xFF60}};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            char plain[16];
            size_t n = utf8_of('a', plain);
            n += utf8_of(c, plain + n);
            plain[n] = '\0';
            as_icu_makes_it(plain, n);
        }
}

/* Texts of many characters (the fast path's runs of ideographs and ASCII, and what
 * breaks them: blanks, quotes, fullwidth forms, Traditional characters) are each what ICU
 * makes of them, as text and as key. */
static void nfkc_runs_are_icus(void **state)
{
    (void)state;
    static const char *const pieces[] = {"收入", "決算", "總表", "a", "Z", "7", ".", " ", "\t",
                                         "\"", "'", "“", "”", "（", "）", "，", "\u3000",
                                         "、", "於", "後", "~", "\x7f", "一", "\u9FA5", "\u4E00"};
    unsigned k = 12345;
    for (int t = 0; t < 3000; t++) {
        char plain[256];
        size_t n = 0, parts = 1 + t % 24;
        for (size_t i = 0; i < parts; i++) {
            k = k * 1103515245u + 12345u;
            const char *p = pieces[(k >> 16) % (sizeof pieces / sizeof *pieces)];
            memcpy(plain + n, p, strlen(p));
            n += strlen(p);
        }
        plain[n] = '\0';
        as_icu_makes_it(plain, n);
    }
}

/* White space trimmed from both ends: blanks, tabs, newlines and the ideographic space in
 * any mix, inner ones kept; a text of nothing else trims to nothing. */
static void trimmed_both_ends(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"", ""}, {" ", ""}, {"\u3000", ""}, {"\u3000 \t\u3000\r\n", ""},
        {"\u3000收入\u3000", "收入"}, {" \t收 入\u3000合计 \u3000\n", "收 入\u3000合计"},
        {"a", "a"}, {"\xE3\x80", "\xE3\x80"}, {" \xE3\x80\x81 ", "\xE3\x80\x81"},
        {"1\u3000\u3000", "1"}, {"\u3000\u30001614.45", "1614.45"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = text_trim(cases[i][0], strlen(cases[i][0]));
        assert_non_null(t);
        assert_string_equal(t, cases[i][1]);
        free(t);
    }
}

/* Cell keys read as snprintf's "%s/%s/%s" reads, joined texts as their formats read, and
 * str_copy's copies as "%s" does, cut short alike. */
static void slash_keys_as_printf(void **state)
{
    (void)state;
    const char *parts[][3] = {{"gk01", "total", "amount"}, {"", "", ""}, {"gk08", "2010301", "行政运行"},
                              {"a", NULL, "c"}};
    const size_t caps[] = {1, 2, 5, 12, 64};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
            char want[64], got[64];
            snprintf(want, caps[k], "%s/%s/%s", parts[i][0], parts[i][1] ? parts[i][1] : "(null)",
                     parts[i][2]);
            slash_key(got, caps[k], parts[i][0], parts[i][1], parts[i][2]);
            assert_string_equal(got, want);
            /* the checks' ledger texts and form keys: "%s/%s %s", "%s:%s:%s:%s" */
            snprintf(want, caps[k], "%s/%s %s", parts[i][0], parts[i][1] ? parts[i][1] : "(null)",
                     parts[i][2]);
            str_join(got, caps[k], (const char *const[]){parts[i][0], "/", parts[i][1], " ", parts[i][2]}, 5);
            assert_string_equal(got, want);
            snprintf(want, caps[k], "%s:%s:%s:%s", parts[i][2], parts[i][0],
                     parts[i][1] ? parts[i][1] : "(null)", parts[i][0]);
            str_join(got, caps[k],
                     (const char *const[]){parts[i][2], ":", parts[i][0], ":", parts[i][1], ":", parts[i][0]}, 7);
            assert_string_equal(got, want);
            /* one part alone, as "%s" prints it */
            snprintf(want, caps[k], "%s", parts[i][1] ? parts[i][1] : "(null)");
            str_copy(got, caps[k], parts[i][1]);
            assert_string_equal(got, want);
        }
}

/* A word list skips, by their first byte and character, the words a text cannot begin
 * with: a Traditional first character whose UTF-8 lead byte differs from its Simplified
 * form's (於 E6…, 于 E4…) still begins the word; the middle of a character begins none. */
static void words_skipped_by_first_character(void **state)
{
    (void)state;
    char *xsd_path = NULL;
    assert_true(asprintf(&xsd_path, "%s/schemas/gfa-vocab.xsd", getenv("GFA_DATADIR")) > 0);
    gfa_diags *d = gfa_diags_new();
    xmlSchemaPtr xsd = datafile_schema(xsd_path, "GFA-TEST", d);
    assert_non_null(xsd);
    const char *doc = "<?xml version=\"1.0\"?>\n<vocab xmlns=\"urn:gfa:vocab:1\">\n"
                      "<words list=\"note-start\"><w>X1</w><w>于是</w><w>说明</w></words>\n"
                      "</vocab>\n";
    gfa_vocab vc;
    memset(&vc, 0, sizeof vc);
    assert_int_equal(vocab_add_memory("t.xml", doc, strlen(doc), xsd, &vc, d), GFA_OK);
    const word_list *l = &vc.lists[V_NOTE_START];
    const char *yushi = "於是";
    assert_int_equal(words_starts(l, yushi), strlen("于是"));
    assert_int_equal(words_starts(l, "于是"), strlen("于是"));
    assert_int_equal(words_starts(l, "說明"), strlen("说明"));
    assert_int_equal(words_starts(l, "X1y"), 2);
    assert_int_equal(words_starts(l, "x1"), 0);
    assert_int_equal(words_starts(l, yushi + 1), 0);
    assert_int_equal(words_starts(l, "于时"), 0);
    assert_int_equal(words_starts(l, ""), 0);
    vocab_free(&vc);
    xmlSchemaFree(xsd);
    gfa_diags_free(d);
    free(xsd_path);
}

/* Numbers set as attributes (line, cell …, and the renderer's integers, which XPath writes
 * as %d does) read as printf prints them. */
static void attribute_numbers(void **state)
{
    (void)state;
    const long values[] = {0,         7,       -7,      10,      -10,      99,      1000,
                           123456789, INT_MAX, INT_MIN, INT_MAX - 1, LONG_MAX, LONG_MIN};
    xmlNodePtr n = xmlNewNode(NULL, BAD_CAST "r");
    assert_non_null(n);
    for (size_t i = 0; i < sizeof values / sizeof values[0] + 4000; i++) {
        long v = i < sizeof values / sizeof values[0] ? values[i] : (long)i * 7919 % 200003 - 100000;
        char want[32];
        snprintf(want, sizeof want, "%ld", v);
        assert_true(xml_set_long(n, "line", v));
        assert_string_equal(xml_attr(n, "line"), want);
    }
    xmlFreeNode(n);
}

/* Every Han character the transliterator changes reads as what it makes of it, whatever
 * the order characters are first seen in. */
static void every_traditional_character(void **state)
{
    (void)state;
    UErrorCode ec = U_ZERO_ERROR;
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
    assert_true(U_SUCCESS(ec));
    USet *src = uset_openEmpty();
    utrans_getSourceSet(tr, false, src, &ec);
    int changed = 0, wrong = 0;
    for (int32_t i = 0; i < uset_getItemCount(src); i++) {
        UChar32 first, last;
        UChar str[4];
        if (uset_getItem(src, i, &first, &last, str, 4, &ec) != 0)
            continue;
        for (UChar32 c = first; c <= last; c++) {
            if (c < 0x3400 || c > 0x9FFF)
                continue;
            UChar buf[8] = {(UChar)c};
            int32_t len = 1, limit = 1;
            utrans_transUChars(tr, buf, &len, 8, 0, &limit, &ec);
            if (len != 1 || buf[0] == c)
                continue;
            changed++;
            uint32_t want = buf[0] == 0x8C18 ? 0x54A8 : buf[0]; /* 諮: 咨, not 谘 */
            if (text_simplified_char(NULL, (uint32_t)c) != want) {
                if (wrong++ < 10)
                    fprintf(stderr, "  U+%04X reads as U+%04X, ICU says U+%04X\n", (unsigned)c,
                            (unsigned)text_simplified_char(NULL, (uint32_t)c), (unsigned)want);
            }
        }
    }
    fprintf(stderr, "  %d Traditional characters, %d read otherwise\n", changed, wrong);
    assert_true(changed > 2000);
    assert_int_equal(wrong, 0);
    uset_close(src);
    utrans_close(tr);
}

static void offsets_hold(void **state)
{
    (void)state;
    const char *t = "說明：本表無數據";
    char *s = text_simplify(NULL, t, strlen(t));
    assert_string_equal(s, "说明：本表无数据");
    assert_int_equal(strlen(s), strlen(t));
    free(s);
    assert_true(text_has_traditional(NULL, t, strlen(t)));
    assert_false(text_has_traditional(NULL, "说明：本表无数据", strlen(t)));
    assert_true(text_match_simplified(NULL, "萬元。", "万元", strlen("万元")));
    assert_false(text_match_simplified(NULL, "萬人", "万元", strlen("万元")));
    assert_false(text_match_simplified(NULL, "萬", "万元", strlen("万元"))); /* shorter text */
    assert_true(text_match_simplified(NULL, "1萬元", "1万元", strlen("1万元")));
    assert_false(text_match_simplified(NULL, "2萬元", "1万元", strlen("1万元"))); /* ASCII differs */
    assert_false(text_match_simplified(NULL, "萬元", "1万元", strlen("1万元")));
    /* the key words are skipped by: a character and its Simplified form give the same */
    assert_int_equal(text_first_simplified(NULL, "萬元"), 0x4E07);
    assert_int_equal(text_first_simplified(NULL, "万元"), 0x4E07);
    assert_int_equal(text_first_simplified(NULL, "說"), text_first_simplified(NULL, "说明"));
    assert_int_not_equal(text_first_simplified(NULL, "元"), text_first_simplified(NULL, "万"));
    assert_int_equal(text_first_simplified(NULL, "abc"), 0);
    assert_int_equal(text_first_simplified(NULL, ""), 0);
    assert_int_equal(text_first_simplified(NULL, "\xE4\xB8"), 0); /* a cut character */
}

/* What words_starts finds without its filters: the first word of the list, in file order,
 * the text begins with. */
static size_t words_starts_tried(const word_list *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (text_match_simplified(l->tv, s, l->words[i], l->lens[i]))
            return l->lens[i];
    return 0;
}

/* The filters (first byte, first character's bit) skip no word: every list of the
 * vocabulary, at every byte of the sample and of a Traditional page, finds what trying
 * every word finds. */
static void words_starts_as_every_word_tried(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    static const char *const texts[] = {"samples/yangcheng-2024-unit.txt",
                                        "tests/corpus/generated/chromium-portrait-sans.layout.zh-Hant.txt"};
    size_t found = 0;
    for (size_t t = 0; t < ARRAY_LEN(texts); t++) {
        char *text = tu_read(tu_path(texts[t]), NULL);
        assert_non_null(text);
        for (int k = 0; k < V_LISTS; k++)
            for (const char *p = text; *p; p++) {
                size_t want = words_starts_tried(&ctx->vocab.lists[k], p);
                assert_int_equal(words_starts(&ctx->vocab.lists[k], p), want);
                found += want != 0;
            }
        free(text);
    }
    assert_true(found > 1000); /* the texts hold words of the lists */
    gfa_context_free(ctx);
}

/* The words a report is read by match a Traditional page as printed: note starts, units,
 * comparisons; and the money unit of a caption is the vocabulary's. */
static void vocabulary_matches_traditional(void **state)
{
    (void)state;
    gfa_context *ctx = tu_context();
    assert_non_null(ctx);
    const gfa_vocab *vc = &ctx->vocab;
    assert_true(words_starts(&vc->lists[V_NOTE_START], "說明：本表無數據") > 0);
    size_t len = 0;
    const char *s = "決算數大於預算數";
    const char *at = words_in(&vc->lists[V_GREATER], s, &len);
    assert_non_null(at);
    assert_int_equal(at - s, strlen("決算數"));
    assert_true(words_ends(&vc->lists[V_TABLE_TITLE_END], "收入決算表", strlen("收入決算表")) > 0);
    const money_unit *u = vocab_unit(vc, "萬元");
    assert_non_null(u);
    assert_string_equal(u->name, "万元");
    assert_non_null(word_in(&ctx->variants, "部門名稱：某某縣教育局", "部门名称："));
    gfa_context_free(ctx);
}

int main(void)
{
    gfa_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_are_simplified),
        cmocka_unit_test(variants_from_data),
        cmocka_unit_test(nfkc_without_icu_is_icus),
        cmocka_unit_test(nfkc_runs_are_icus),
        cmocka_unit_test(trimmed_both_ends),
        cmocka_unit_test(attribute_numbers),
        cmocka_unit_test(slash_keys_as_printf),
        cmocka_unit_test(words_skipped_by_first_character),
        cmocka_unit_test(every_traditional_character),
        cmocka_unit_test(offsets_hold),
        cmocka_unit_test(vocabulary_matches_traditional),
        cmocka_unit_test(words_starts_as_every_word_tried),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gfa_global_cleanup();
    return rc;
}
