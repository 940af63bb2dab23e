/* decode.c — turn the bytes of a published report into UTF-8.
 *
 * Order of decision (platform.md §4): a BOM; strict UTF-8 validation of the whole buffer
 * (GB18030 Chinese text is never valid UTF-8); UTF-16 without a BOM when the NUL pattern
 * says so; strict GB18030 (which also covers GBK and GB2312) with ICU's STOP callback.
 * Anything else is rejected, naming the first undecodable byte. ICU's detector is not
 * used to decide: it misjudges short, digit-heavy text. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

void decoded_text_free(decoded_text *t)
{
    free(t->utf8);
    t->utf8 = NULL;
    t->len = 0;
}

/* Whether an ASCII byte is a control that text never holds (NUL, most of C0). */
static bool binary_byte(unsigned char c)
{
    return c < 0x20 && (c == 0 || (c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
                                   c != 0x1A /* DOS EOF */));
}

/* Offset of the first byte that is not part of valid UTF-8 (well-formed as Unicode says
 * and ICU's U8_NEXT reads: no overlong forms, surrogates or code points past U+10FFFF),
 * or len if all is valid; and in *binary_at the first control byte text never holds
 * before it (len if none). One pass, not ICU's per character (a report is read twice:
 * sniffed, read). */
static size_t utf8_scan(const unsigned char *s, size_t len, size_t *binary_at)
{
    *binary_at = len;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && *binary_at == len && binary_byte(c))
                *binary_at = i;
            i++;
            continue;
        }
        if ((c & 0xF0) == 0xE0) { /* three bytes: a CJK character, the usual case */
            if (len - i < 3 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
                (c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F))
                return i;
            i += 3;
            continue;
        }
        size_t trail;
        unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
        if (c >= 0xC2 && c <= 0xDF) {
            trail = 1;
        } else if (c >= 0xF0 && c <= 0xF4) {
            trail = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (len - i <= trail || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= trail; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += trail + 1;
    }
    return len;
}

/* Text files never hold NUL or most C0 controls; a few of them mean binary data. */
static bool looks_binary_utf8(const char *s, size_t len, size_t *at)
{
    for (size_t i = 0; i < len; i++)
        if (binary_byte((unsigned char)s[i])) {
            *at = i;
            return true;
        }
    return false;
}

bool decode_fails_or_keeps_tab(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    bool utf16_bom = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    /* UTF-8 and GB18030 never have 0x09 inside a character (a GB18030 sequence cut by one
     * is refused); UTF-16 without a BOM is only guessed from NUL bytes */
    return !utf16_bom && memchr(data, '\t', len) && !memchr(data, '\0', len);
}

/* UTF-16 without a BOM: in CJK or ASCII text one byte of many code units is zero. */
static const char *guess_utf16(const unsigned char *s, size_t len)
{
    if (len < 4 || len % 2)
        return NULL;
    size_t zero_even = 0, zero_odd = 0, pairs = len / 2;
    for (size_t i = 0; i + 1 < len; i += 2) {
        zero_even += s[i] == 0;
        zero_odd += s[i + 1] == 0;
    }
    if (zero_odd * 4 > pairs && zero_even * 20 < pairs)
        return "UTF-16LE";
    if (zero_even * 4 > pairs && zero_odd * 20 < pairs)
        return "UTF-16BE";
    return NULL;
}

/* Converts with ICU, stopping at the first illegal sequence. */
static gfa_status convert_strict(const char *name, const char *charset, const char *data,
                                 size_t len, decoded_text *out, gfa_diags *diags)
{
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-001", name, 0, 0,
                 "cannot open a converter for %s: %s", charset, u_errorName(ec));
        return GFA_ERR_DATA;
    }
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    if (len > (size_t)INT32_MAX / 4) {
        ucnv_close(cv);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-002", name, 0, 0,
                 "file too large to decode (%zu bytes)", len);
        return GFA_ERR_INPUT;
    }
    UChar *u = malloc((len + 1) * sizeof(UChar) * 2);
    if (!u) {
        ucnv_close(cv);
        return GFA_ERR_NOMEM;
    }
    /* Convert chunk-wise with ucnv_toUnicode so that an error names its byte offset. */
    UChar *target = u;
    const char *source = data;
    ucnv_toUnicode(cv, &target, u + (len + 1) * 2, &source, data + len, NULL, 1, &ec);
    if (U_FAILURE(ec)) {
        size_t at = (size_t)(source - data);
        char bytes[8] = {0};
        int8_t blen = (int8_t)sizeof bytes;
        UErrorCode ec2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(cv, bytes, &blen, &ec2);
        size_t bad_at = at >= (size_t)blen ? at - (size_t)blen : at;
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-003", name, 0, 0,
                 "undecodable bytes at byte offset %zu (0x%02X%s): the file is neither "
                 "UTF-8, UTF-16 nor GB18030/GBK text; convert it to UTF-8 and retry",
                 bad_at, (unsigned)(unsigned char)(blen > 0 ? bytes[0] : data[bad_at < len ? bad_at : 0]),
                 blen > 1 ? "…" : "");
        free(u);
        ucnv_close(cv);
        return GFA_ERR_INPUT;
    }
    ucnv_close(cv);
    int32_t ulen = (int32_t)(target - u);
    int32_t n = 0;
    ec = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n, u, ulen, &ec);
    ec = U_ZERO_ERROR;
    char *s = malloc((size_t)n + 1);
    if (!s) {
        free(u);
        return GFA_ERR_NOMEM;
    }
    u_strToUTF8(s, n + 1, NULL, u, ulen, &ec);
    free(u);
    if (U_FAILURE(ec)) {
        free(s);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-004", name, 0, 0,
                 "the %s text holds unpaired surrogates", charset);
        return GFA_ERR_INPUT;
    }
    out->utf8 = s;
    out->len = (size_t)n;
    return GFA_OK;
}

/* CRLF and lone CR become LF; a leading U+FEFF (BOM after conversion) is dropped. */
static void normalise_newlines(decoded_text *t)
{
    char *s = t->utf8;
    size_t r = 0, w = 0;
    if (t->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        r = 3;
        t->had_bom = true;
    }
    /* up to the first CR (most texts have none) nothing changes but the BOM's place */
    const char *cr = memchr(s + r, '\r', t->len - r);
    size_t first = cr ? (size_t)(cr - s) : t->len;
    if (r > 0)
        memmove(s, s + r, first - r);
    w = first - r;
    for (r = first; r < t->len; r++) {
        if (s[r] == '\r') {
            s[w++] = '\n';
            if (r + 1 < t->len && s[r + 1] == '\n')
                r++;
        } else {
            s[w++] = s[r];
        }
    }
    s[w] = '\0';
    t->len = w;
}

gfa_status decode_text(const char *name, const char *data, size_t len, decoded_text *out,
                       gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    const unsigned char *u = (const unsigned char *)data;
    const char *charset = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        charset = "UTF-8";
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        charset = "UTF-16LE";
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        charset = "UTF-16BE";
    else if (len >= 4 && memcmp(u, "\x84\x31\x95\x33", 4) == 0)
        charset = "GB18030";
    if (charset && strcmp(charset, "UTF-8") != 0)
        out->had_bom = true;

    if (!charset || strcmp(charset, "UTF-8") == 0) {
        size_t at, bad = utf8_scan(u, len, &at);
        if (bad == len) {
            if (at < len) {
                const char *utf16 = guess_utf16(u, len);
                if (!utf16) {
                    diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-005", name, 0, 0,
                             "binary data at byte offset %zu (control byte 0x%02X): this is "
                             "not a text file; gfa reads reports as published text",
                             at, (unsigned)u[at]);
                    return GFA_ERR_INPUT;
                }
                charset = utf16;
            } else {
                out->utf8 = xstrndup(data, len);
                if (!out->utf8)
                    return GFA_ERR_NOMEM;
                out->len = len;
                out->encoding = "UTF-8";
                normalise_newlines(out);
                return GFA_OK;
            }
        } else if (charset) { /* a UTF-8 BOM followed by invalid UTF-8 */
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-006", name, 0, 0,
                     "invalid UTF-8 at byte offset %zu (0x%02X) after a UTF-8 byte-order mark",
                     bad, (unsigned)u[bad]);
            return GFA_ERR_INPUT;
        } else {
            charset = guess_utf16(u, len);
            if (!charset)
                charset = "GB18030";
        }
    }
    gfa_status st = convert_strict(name, charset, data, len, out, diags);
    if (st != GFA_OK)
        return st;
    out->encoding = strcmp(charset, "UTF-16LE") == 0   ? "UTF-16LE"
                    : strcmp(charset, "UTF-16BE") == 0 ? "UTF-16BE"
                                                       : "GB18030";
    size_t at;
    if (looks_binary_utf8(out->utf8, out->len, &at)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DECODE, "GFA-DEC-005", name, 0, 0,
                 "binary data (control character U+%04X) after decoding as %s: this is not "
                 "a text file",
                 (unsigned)(unsigned char)out->utf8[at], out->encoding);
        decoded_text_free(out);
        return GFA_ERR_INPUT;
    }
    normalise_newlines(out);
    return GFA_OK;
}
