/* radicals.c — CJK radical code points and the unified ideographs they stand for
 * (schemas/codes/radicals.tsv). Chromium/Skia PDFs map ideographs to radicals in their
 * ToUnicode tables (⽀出 for 支出), and with a Traditional font to compatibility
 * ideographs (U+F9BE for 料 in 資料): the PDF reader prints the unified ideograph. Loaded
 * once into the context; a lookup is a binary search. */
#include "data/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* The code point a field holds when it is exactly one, else -1. */
static int32_t one_code_point(const char *s)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    UChar32 c;
    U8_NEXT(s, i, n, c);
    return c >= 0 && i == n ? c : -1;
}

static int by_from(const void *a, const void *b)
{
    uint32_t x = ((const uint32_t *)a)[0], y = ((const uint32_t *)b)[0];
    return x < y ? -1 : x > y;
}

void radicals_free(radical_map *m)
{
    free(m->pairs);
    memset(m, 0, sizeof *m);
}

typedef struct radical_reading {
    radical_map *out;
    const char *path;
    gfa_diags *diags;
    size_t room;
    bool header;
} radical_reading;

static gfa_status radical_line(char **fields, int n, long lineno, void *arg)
{
    radical_reading *rr = arg;
    radical_map *out = rr->out;
    if (rr->header) { /* radical	unified	codes */
        rr->header = false;
        return GFA_OK;
    }
    int32_t from = one_code_point(fields[0]), to = n > 1 ? one_code_point(fields[1]) : -1;
    if (from < 0 || to < 0) {
        diag_add(rr->diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-DATA-003", rr->path, lineno, 0,
                 "expected a radical and its unified ideograph, one character each, "
                 "separated by a tab");
        return GFA_ERR_DATA;
    }
    if (out->count == rr->room) {
        size_t room = rr->room ? 2 * rr->room : 512;
        uint32_t(*p)[2] = realloc(out->pairs, room * sizeof *p);
        if (!p)
            return GFA_ERR_NOMEM;
        out->pairs = p;
        rr->room = room;
    }
    out->pairs[out->count][0] = (uint32_t)from;
    out->pairs[out->count][1] = (uint32_t)to;
    out->count++;
    return GFA_OK;
}

gfa_status radicals_load(const char *path, radical_map *out, gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    radical_reading rr = {out, path, diags, 0, true};
    gfa_status st = tsv_each(path, "the radical table", 3, radical_line, &rr, diags);
    if (st != GFA_OK) {
        radicals_free(out);
        return st;
    }
    qsort(out->pairs, out->count, sizeof *out->pairs, by_from);
    return GFA_OK;
}

/* A CJK compatibility ideograph's canonical form, a unified ideograph (what pdftotext
 * prints; NFC maps it too); any other code point unchanged. */
static uint32_t compatibility_unify(uint32_t c)
{
    if (!((c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F)))
        return c;
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
    UChar d[4];
    int32_t n = U_SUCCESS(ec) ? unorm2_getDecomposition(nfc, (UChar32)c, d, 4, &ec) : -1;
    if (U_FAILURE(ec) || n < 1)
        return c; /* U+FA0E and the eleven others that are unified ideographs themselves */
    UChar32 u;
    int32_t i = 0;
    U16_NEXT(d, i, n, u);
    return i == n ? (uint32_t)u : c;
}

uint32_t ideograph_unify(const radical_map *m, uint32_t c)
{
    if (c < 0x2E80 || c > 0x2FDF || !m->count)
        return compatibility_unify(c);
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->pairs[mid][0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->count && m->pairs[lo][0] == c ? m->pairs[lo][1] : c;
}
