/* buf.c — a growable byte buffer and small string helpers. Allocation failures are
 * remembered in the buffer (sb->failed) so callers check once at the end. */
#include "base/base.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
    sb->failed = false;
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

static bool sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            sb->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *d = realloc(sb->data, cap);
    if (!d) {
        sb->failed = true;
        return false;
    }
    sb->data = d;
    sb->cap = cap;
    return true;
}

void sb_add(strbuf *sb, const char *s, size_t len)
{
    if (!sb_reserve(sb, len))
        return;
    memcpy(sb->data + sb->len, s, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_addc_grow(strbuf *sb, char c)
{
    sb_add(sb, &c, 1);
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    sb_add(sb, s, (size_t)n);
    free(s);
}

char *sb_take(strbuf *sb)
{
    if (sb->failed) {
        sb_free(sb);
        return NULL;
    }
    char *d = sb->data ? sb->data : strdup("");
    sb_init(sb);
    return d;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void str_join(char *out, size_t cap, const char *const *parts, size_t n)
{
    size_t w = 0;
    if (!cap)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *part = parts[i] ? parts[i] : "(null)"; /* as glibc's printf has it */
        size_t len = strlen(part);
        if (len > cap - 1 - w)
            len = cap - 1 - w;
        memcpy(out + w, part, len);
        w += len;
    }
    out[w] = '\0';
}

void slash_key(char *out, size_t cap, const char *a, const char *b, const char *c)
{
    str_join(out, cap, (const char *const[]){a, "/", b, "/", c}, 5);
}

void str_copy(char *out, size_t cap, const char *s)
{
    str_join(out, cap, &s, 1);
}

bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

long utf8_chars(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Bytes of the blank (space, tab, line break, U+00A0, U+3000) at p, or 0. */
static size_t utf8_blank(const char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

const char *utf8_back_visible(const char *s, const char *p, int n)
{
    while (n > 0 && p > s) {
        p--;
        while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
        if (!utf8_blank(p))
            n--;
    }
    return p;
}

const char *utf8_forward_visible(const char *p, const char *end, int n)
{
    while (n > 0 && *p && (!end || p < end)) {
        size_t blank = utf8_blank(p);
        if (blank) {
            p += blank;
            continue;
        }
        p++;
        while (*p && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        n--;
    }
    return p;
}

void sb_json_str(strbuf *sb, const char *s)
{
    if (!s) {
        sb_adds(sb, "null");
        return;
    }
    sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_addc(sb, '\\');
            sb_addc(sb, (char)*p);
        } else if (*p < 0x20) {
            sb_addf(sb, "\\u%04x", *p);
        } else {
            sb_addc(sb, (char)*p);
        }
    }
    sb_addc(sb, '"');
}

void sb_csv_field(strbuf *sb, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\n\r")) {
        sb_addc(sb, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                sb_addc(sb, '"');
            sb_addc(sb, *p);
        }
        sb_addc(sb, '"');
    } else {
        sb_adds(sb, s);
    }
    sb_adds(sb, last ? "\r\n" : ",");
}

void *array_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap && arr)
        return arr;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem)
        return NULL;
    void *more = realloc(arr, n * elem);
    if (more)
        *cap = n;
    return more;
}
