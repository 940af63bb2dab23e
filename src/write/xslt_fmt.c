/*
 * xslt_fmt.c — the ICU formatting functions of gfa's stylesheets, namespace urn:gfa:fmt
 * (issue 4). Every number a rendering shows is formatted here, never by XPath: XPath
 * numbers are binary doubles and format-number() differs between processors
 * (platform.md §1, §5). Amounts therefore arrive as strings or nodes, never as numbers.
 *
 * Modelled on libexslt (style.md): one register function for the namespace; each function
 * checks its arity first (a wrong arity stops the transform), pops and validates its
 * arguments, and on bad input returns an empty string and reports an xsltTransformError
 * ("fmt:NAME: why"). libxslt 1.1.35 then discards the whole result, so gfa_render fails with
 * GFA-RENDER-011 rather than publish a page with a number missing.
 *
 *   fmt:amount(value [, decimals [, options]])   1,614.45; decimals 0..6 or 'auto';
 *                                                 options: paren nogroup exact
 *   fmt:percent(value [, decimals])              47.31%
 *   fmt:rmb-upper(value [, scale [, options]])   壹仟陆佰壹拾肆元肆角伍分; scale = power of ten
 *                                                 of the unit (4 for 万元); options: prefix
 *   fmt:date(iso [, options])                    2024年12月31日; options: upper
 *   fmt:width(text)                              display columns (East Asian Width)
 *   fmt:pad(text, width [, align [, options]])   padded or truncated; options: ellipsis
 *   fmt:wrap(text, width, line [, align [, indent]])   one line of a wrapped cell, padded
 *   fmt:wrap-count(text, width [, indent])       how many lines that wrapping has
 *   fmt:wrap-text(text, width [, first [, rest]]) a wrapped paragraph, lines joined by \n
 *   fmt:align-num(text, width, frac)             right-aligned on the decimal point
 *   fmt:unwrap(text)                             cell text without its wrap spaces (text_unwrap)
 *   fmt:layout(grid, line-width)                 column widths of a text table (node-set)
 *
 * Display widths use the render's ambiguous width (1 or 2) from the render_state the
 * transform carries (render.h).
 */
#include "write/render.h"
#include "model/model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexslt/exslt.h>
#include <libxslt/extensions.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Text wider than this is not laid out (a table cell or a paragraph is far shorter). */
#define MAX_TEXT_BYTES (1 << 20)
#define MAX_LAYOUT_COLUMNS 64

/* ---- arguments -------------------------------------------------------------------- */

typedef struct fn_args {
    xmlXPathObjectPtr v[6];
    int n;
} fn_args;

static void free_args(fn_args *a)
{
    for (int i = 0; i < a->n; i++)
        xmlXPathFreeObject(a->v[i]);
    a->n = 0;
}

/* Pops nargs arguments into a->v[0..nargs) in call order. A wrong arity stops the
 * transform, as in libexslt. */
static bool pop_args(xmlXPathParserContextPtr ctxt, int nargs, int min, int max, fn_args *a)
{
    a->n = 0;
    if (nargs < min || nargs > max || nargs > (int)ARRAY_LEN(a->v)) {
        xmlXPathSetArityError(ctxt);
        return false;
    }
    for (int i = nargs - 1; i >= 0; i--) {
        a->v[i] = valuePop(ctxt);
        if (!a->v[i]) {
            for (int j = i + 1; j < nargs; j++)
                xmlXPathFreeObject(a->v[j]);
            xmlXPathSetError(ctxt, XPATH_STACK_ERROR);
            return false;
        }
    }
    a->n = nargs;
    return true;
}

static bool is_nodeset(const xmlXPathObject *o)
{
    return o->type == XPATH_NODESET || o->type == XPATH_XSLT_TREE;
}

static bool empty_nodeset(const xmlXPathObject *o)
{
    return is_nodeset(o) && (!o->nodesetval || o->nodesetval->nodeNr == 0);
}

/* The string value of an argument (first node of a node-set), malloc'd with xmlMalloc. */
static char *arg_string(xmlXPathObjectPtr o)
{
    xmlChar *s = xmlXPathCastToString(o);
    return (char *)(s ? s : xmlStrdup(BAD_CAST ""));
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

/* An integer argument: an integral XPath number or a string of digits, in [lo, hi]. */
static bool arg_int(xmlXPathObjectPtr o, int lo, int hi, int *out)
{
    double d;
    if (o->type == XPATH_NUMBER) {
        d = o->floatval;
    } else {
        char *s = arg_string(o);
        const char *p = skip_space(s);
        char *end = NULL;
        long v = strtol(p, &end, 10);
        bool ok = end != p && *skip_space(end) == '\0';
        xmlFree(s);
        if (!ok)
            return false;
        d = (double)v;
    }
    if (isnan(d) || d != floor(d) || d < lo || d > hi)
        return false;
    *out = (int)d;
    return true;
}

/* True when the space-separated option list has the word. */
static bool has_option(const char *options, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = options; p && *p;) {
        p = skip_space(p);
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if ((size_t)(e - p) == n && memcmp(p, word, n) == 0)
            return true;
        p = e;
    }
    return false;
}

/* Rejects option words outside `known` (space-separated); returns the first unknown. */
static bool options_valid(const char *options, const char *known)
{
    for (const char *p = options; p && *p;) {
        p = skip_space(p);
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if (e > p) {
            char word[32];
            size_t n = (size_t)(e - p) < sizeof word - 1 ? (size_t)(e - p) : sizeof word - 1;
            memcpy(word, p, n);
            word[n] = '\0';
            if (!has_option(known, word))
                return false;
        }
        p = e;
    }
    return true;
}

static bool align_char(const char *s, char *out)
{
    if (strcmp(s, "l") == 0 || strcmp(s, "left") == 0 || *s == '\0')
        *out = 'l';
    else if (strcmp(s, "r") == 0 || strcmp(s, "right") == 0)
        *out = 'r';
    else if (strcmp(s, "c") == 0 || strcmp(s, "center") == 0 || strcmp(s, "centre") == 0)
        *out = 'c';
    else
        return false;
    return true;
}

/* ---- results and errors ---------------------------------------------------------------- */

static const render_state *get_state(xmlXPathParserContextPtr ctxt)
{
    xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
    const render_state *st = t ? t->_private : NULL;
    return st && st->magic == RENDER_STATE_MAGIC ? st : NULL;
}

/* Reports bad input and returns the empty string (the libexslt convention). */
static void fail_empty(xmlXPathParserContextPtr ctxt, const char *fn, const char *why)
{
    xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
    xsltTransformError(t, NULL, t ? t->inst : NULL, "fmt:%s: %s\n", fn, why);
    xmlXPathReturnEmptyString(ctxt);
}

/* Returns a malloc'd (libc) string as the function's result, or fails on NULL. */
static void return_string(xmlXPathParserContextPtr ctxt, const char *fn, char *s,
                          const char *why)
{
    if (!s) {
        fail_empty(ctxt, fn, why ? why : "out of memory");
        return;
    }
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST s));
    free(s);
}

static bool need_state(xmlXPathParserContextPtr ctxt, const char *fn, const render_state **st)
{
    *st = get_state(ctxt);
    if (!*st) {
        fail_empty(ctxt, fn, "called outside gfa_render (no formatting state)");
        return false;
    }
    return true;
}

/* ---- amounts --------------------------------------------------------------------------- */

/* Fraction digits as written: digits (ASCII or full-width) after the last '.' or '．'. */
static int own_decimals(const char *s)
{
    const char *dot = strrchr(s, '.');
    const char *fw = strstr(s, "\xEF\xBC\x8E"); /* U+FF0E */
    const char *p = NULL;
    if (dot)
        p = dot + 1;
    if (fw && (!dot || fw > dot))
        p = fw + 3;
    if (!p)
        return 0;
    int n = 0;
    for (;;) {
        if (*p >= '0' && *p <= '9') {
            p++;
            n++;
        } else if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC &&
                   (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) {
            p += 3; /* U+FF10..U+FF19 */
            n++;
        } else {
            return n;
        }
    }
}

/* An amount argument must be a string or a node: an XPath number has already been through
 * binary floating point (platform.md §5: "2.345" parses to 2.3449999999999998). */
static bool amount_arg(xmlXPathParserContextPtr ctxt, const char *fn, xmlXPathObjectPtr o,
                       char **value, bool *empty)
{
    *value = NULL;
    *empty = false;
    if (o->type == XPATH_NUMBER || o->type == XPATH_BOOLEAN) {
        fail_empty(ctxt, fn, "pass amounts as strings or nodes, not XPath numbers");
        return false;
    }
    if (empty_nodeset(o)) {
        *empty = true;
        return true;
    }
    char *s = arg_string(o);
    const char *p = skip_space(s);
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    *empty = n == 0;
    *value = malloc(n + 1);
    if (*value) {
        memcpy(*value, p, n);
        (*value)[n] = '\0';
    }
    xmlFree(s);
    if (!*value) {
        fail_empty(ctxt, fn, "out of memory");
        return false;
    }
    return true;
}

static void fn_amount(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 1, 3, &a))
        return;
    char *value = NULL, *options = nargs >= 3 ? arg_string(a.v[2]) : NULL;
    int decimals = -1; /* auto: as many as the value has */
    bool empty;
    if (!need_state(ctxt, "amount", &st) || !amount_arg(ctxt, "amount", a.v[0], &value, &empty))
        goto out;
    if (nargs >= 2) {
        char *d = arg_string(a.v[1]);
        bool is_auto = strcmp(skip_space(d), "auto") == 0 || *skip_space(d) == '\0';
        xmlFree(d);
        if (!is_auto && !arg_int(a.v[1], 0, GFA_FMT_MAX_DECIMALS, &decimals)) {
            fail_empty(ctxt, "amount", "decimals must be 0..6 or 'auto'");
            goto out;
        }
    }
    if (!options_valid(options, "paren nogroup exact")) {
        fail_empty(ctxt, "amount", "unknown option (known: paren nogroup exact)");
        goto out;
    }
    if (empty) {
        xmlXPathReturnEmptyString(ctxt);
        goto out;
    }
    int own = own_decimals(value);
    if (decimals < 0 || (has_option(options, "exact") && own > decimals))
        decimals = own;
    if (decimals > GFA_FMT_MAX_DECIMALS) {
        /* More digits than ICU is asked for: show them as printed rather than round, once
         * they are known to be a decimal. */
        gfa_dec d;
        if (dec_parse(value, strlen(value), &d) != DEC_OK)
            fail_empty(ctxt, "amount", "not a decimal number");
        else
            xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST value));
        goto out;
    }
    unsigned flags = (has_option(options, "paren") ? GFA_FMT_PAREN_NEGATIVE : 0) |
                     (has_option(options, "nogroup") ? GFA_FMT_NO_GROUPING : 0);
    const char *why = NULL;
    char *s = gfa_fmt_amount(st->fmt, value, decimals, flags, &why);
    return_string(ctxt, "amount", s, why);
out:
    free(value);
    xmlFree(options);
    free_args(&a);
}

static void fn_percent(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 1, 2, &a))
        return;
    char *value = NULL;
    bool empty;
    int decimals = 2;
    if (!need_state(ctxt, "percent", &st) ||
        !amount_arg(ctxt, "percent", a.v[0], &value, &empty))
        goto out;
    if (nargs >= 2) {
        char *d = arg_string(a.v[1]);
        bool is_auto = strcmp(skip_space(d), "auto") == 0;
        xmlFree(d);
        if (is_auto) {
            decimals = -1;
        } else if (!arg_int(a.v[1], 0, GFA_FMT_MAX_DECIMALS, &decimals)) {
            fail_empty(ctxt, "percent", "decimals must be 0..6 or 'auto'");
            goto out;
        }
    }
    if (empty) {
        xmlXPathReturnEmptyString(ctxt);
        goto out;
    }
    if (decimals < 0)
        decimals = own_decimals(value) > GFA_FMT_MAX_DECIMALS ? GFA_FMT_MAX_DECIMALS
                                                                : own_decimals(value);
    const char *why = NULL;
    char *s = gfa_fmt_percent(st->fmt, value, decimals, &why);
    return_string(ctxt, "percent", s, why);
out:
    free(value);
    free_args(&a);
}

char *fmt_scale_decimal(const char *decimal, int scale, const char **why)
{
    static const char bad[] = "not a decimal number (scaled amounts must be plain: "
                              "[-]digits[.digits], ',' grouping allowed)";
    if (!decimal || scale < 0 || scale > 18) {
        if (why)
            *why = "scale must be 0..18";
        return NULL;
    }
    const char *p = skip_space(decimal);
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    char intd[64], frac[64];
    size_t ni = 0, nf = 0;
    bool in_frac = false, digits = false;
    for (; *p && *p != ' '; p++) {
        if (*p >= '0' && *p <= '9') {
            if (in_frac ? nf >= sizeof frac - 1 : ni >= sizeof intd - 1)
                goto fail;
            if (in_frac)
                frac[nf++] = *p;
            else
                intd[ni++] = *p;
            digits = true;
        } else if (*p == ',' && !in_frac) {
            continue;
        } else if (*p == '.' && !in_frac) {
            in_frac = true;
        } else {
            goto fail;
        }
    }
    if (!digits || *skip_space(p) != '\0')
        goto fail;
    /* Move `scale` digits from the fraction into the integer part, padding with zeros. */
    char out[160];
    size_t n = 0;
    if (neg)
        out[n++] = '-';
    memcpy(out + n, intd, ni);
    n += ni;
    if (ni == 0)
        out[n++] = '0';
    for (int i = 0; i < scale; i++)
        out[n++] = (size_t)i < nf ? frac[i] : '0';
    if (nf > (size_t)scale) {
        out[n++] = '.';
        memcpy(out + n, frac + scale, nf - (size_t)scale);
        n += nf - (size_t)scale;
    }
    out[n] = '\0';
    char *r = strdup(out);
    if (!r && why)
        *why = "out of memory";
    return r;
fail:
    if (why)
        *why = bad;
    return NULL;
}

static void fn_rmb_upper(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 3, &a))
        return;
    char *value = NULL, *options = nargs >= 3 ? arg_string(a.v[2]) : NULL;
    bool empty;
    int scale = 0;
    if (!amount_arg(ctxt, "rmb-upper", a.v[0], &value, &empty))
        goto out;
    if (nargs >= 2 && !arg_int(a.v[1], 0, 18, &scale)) {
        fail_empty(ctxt, "rmb-upper", "scale must be an integer 0..18 (4 for 万元)");
        goto out;
    }
    if (!options_valid(options, "prefix")) {
        fail_empty(ctxt, "rmb-upper", "unknown option (known: prefix)");
        goto out;
    }
    if (empty) {
        xmlXPathReturnEmptyString(ctxt);
        goto out;
    }
    const char *why = NULL;
    char *yuan = scale ? fmt_scale_decimal(value, scale, &why) : strdup(value);
    char *s = yuan ? gfa_fmt_rmb_upper(yuan, has_option(options, "prefix") ? GFA_FMT_RMB_PREFIX
                                                                           : 0,
                                       &why)
                   : NULL;
    free(yuan);
    return_string(ctxt, "rmb-upper", s, why);
out:
    free(value);
    xmlFree(options);
    free_args(&a);
}

static void fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 2, &a))
        return;
    char *iso = arg_string(a.v[0]), *options = nargs >= 2 ? arg_string(a.v[1]) : NULL;
    if (!options_valid(options, "upper")) {
        fail_empty(ctxt, "date", "unknown option (known: upper)");
    } else if (*skip_space(iso) == '\0') {
        xmlXPathReturnEmptyString(ctxt);
    } else {
        const char *why = NULL;
        char *s = gfa_fmt_date_zh(skip_space(iso),
                                  has_option(options, "upper") ? GFA_FMT_DATE_UPPER : 0, &why);
        return_string(ctxt, "date", s, why);
    }
    xmlFree(iso);
    xmlFree(options);
    free_args(&a);
}

/* ---- display width, padding ----------------------------------------------------------- */

static void fn_width(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    if (need_state(ctxt, "width", &st)) {
        char *s = arg_string(a.v[0]);
        xmlXPathReturnNumber(ctxt, gfa_display_width(s, st->ambiguous_width));
        xmlFree(s);
    }
    free_args(&a);
}

static void fn_pad(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 4, &a))
        return;
    char *text = arg_string(a.v[0]);
    char *align = nargs >= 3 ? arg_string(a.v[2]) : NULL;
    char *options = nargs >= 4 ? arg_string(a.v[3]) : NULL;
    int width;
    char al;
    if (!need_state(ctxt, "pad", &st)) {
    } else if (!arg_int(a.v[1], 0, GFA_FMT_MAX_WIDTH, &width)) {
        fail_empty(ctxt, "pad", "width must be an integer 0..10000");
    } else if (!align_char(align ? align : "l", &al)) {
        fail_empty(ctxt, "pad", "align must be l, r or c");
    } else if (!options_valid(options, "ellipsis")) {
        fail_empty(ctxt, "pad", "unknown option (known: ellipsis)");
    } else {
        const char *why = NULL;
        char *s = gfa_fmt_pad(text, width, al, st->ambiguous_width,
                              has_option(options, "ellipsis") ? GFA_FMT_ELLIPSIS : 0, &why);
        return_string(ctxt, "pad", s, why);
    }
    xmlFree(text);
    xmlFree(align);
    xmlFree(options);
    free_args(&a);
}

/* ---- wrapping -------------------------------------------------------------------------- */

enum unit_class { U_NORMAL, U_SPACE, U_NEWLINE, U_NO_START, U_NO_END };

typedef struct text_unit {
    size_t start, len;
    int width;
    int cls;
    bool word; /* a run of ASCII word characters, which may be split if it fits nowhere */
} text_unit;

/* Characters a line must not start with / end with (GB/T 15834 and common practice). */
static bool no_start(UChar32 c)
{
    static const UChar32 set[] = {0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3009, 0x300B, 0x300D,
                                  0x300F, 0x3011, 0x3017, 0x2019, 0x201D, 0xFF0C, 0x3002,
                                  0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0x2026, 0x00B7,
                                  0x30FB, 0xFF5E, 0xFF05, 0x2030, 0x3005, ')', ']', '}',
                                  ',', '.', ';', ':', '!', '?', '%'};
    for (size_t i = 0; i < ARRAY_LEN(set); i++)
        if (set[i] == c)
            return true;
    return false;
}

static bool no_end(UChar32 c)
{
    static const UChar32 set[] = {0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3008, 0x300A, 0x300C,
                                  0x300E, 0x3010, 0x3016, 0x2018, 0x201C, '(', '[', '{'};
    for (size_t i = 0; i < ARRAY_LEN(set); i++)
        if (set[i] == c)
            return true;
    return false;
}

static bool word_char(UChar32 c)
{
    return c > 0x20 && c < 0x7F && !strchr("()[]{}<>", (int)c);
}

static int bytes_width(const char *s, size_t len, int amb)
{
    char buf[64];
    if (len < sizeof buf) {
        memcpy(buf, s, len);
        buf[len] = '\0';
        return gfa_display_width(buf, amb);
    }
    char *tmp = xstrndup(s, len);
    int w = tmp ? gfa_display_width(tmp, amb) : (int)len;
    free(tmp);
    return w;
}

static UChar32 peek_cp(const char *s, size_t len, size_t pos, size_t *next)
{
    int32_t i = (int32_t)pos;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)len, c);
    *next = (size_t)i;
    return c;
}

/* The unit starting at pos: a space, a newline, an ASCII word, or one code point with the
 * zero-width marks that follow it. */
static text_unit next_text_unit(const char *s, size_t len, size_t pos, int amb)
{
    text_unit u = {pos, 0, 0, U_NORMAL, false};
    size_t next;
    UChar32 c = peek_cp(s, len, pos, &next);
    if (c == '\n') {
        u.len = next - pos;
        u.cls = U_NEWLINE;
        return u;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == 0x3000) {
        u.len = next - pos;
        u.cls = U_SPACE;
        u.width = c == 0x3000 ? 2 : 1;
        return u;
    }
    if (c >= 0 && word_char(c)) {
        size_t end = next;
        while (end < len) {
            size_t n2;
            UChar32 d = peek_cp(s, len, end, &n2);
            if (d < 0 || !word_char(d))
                break;
            end = n2;
        }
        u.len = end - pos;
        u.width = (int)u.len; /* printable ASCII: one column each */
        u.word = u.len > 1;
        u.cls = no_start(c) ? U_NO_START : no_end(c) ? U_NO_END : U_NORMAL;
        return u;
    }
    size_t end = next;
    while (end < len) { /* combining marks and other zero-width characters stay attached */
        size_t n2;
        UChar32 d = peek_cp(s, len, end, &n2);
        if (d < 0 || d == '\n' || bytes_width(s + end, n2 - end, amb) != 0)
            break;
        end = n2;
    }
    u.len = end - pos;
    u.width = bytes_width(s + pos, u.len, amb);
    u.cls = c >= 0 && no_start(c) ? U_NO_START : c >= 0 && no_end(c) ? U_NO_END : U_NORMAL;
    return u;
}

typedef struct wrap_line {
    size_t start, end;
} wrap_line;

typedef struct wrap_lines {
    wrap_line *v;
    int n, cap;
    bool failed;
} wrap_lines;

static void emit_line(wrap_lines *w, size_t start, size_t end)
{
    if (w->n == w->cap) {
        int cap = w->cap ? w->cap * 2 : 8;
        wrap_line *v = realloc(w->v, (size_t)cap * sizeof *v);
        if (!v) {
            w->failed = true;
            return;
        }
        w->v = v;
        w->cap = cap;
    }
    w->v[w->n++] = (wrap_line){start, end};
}

/* Greedy line breaking by display width: breaks between CJK characters or at spaces, keeps
 * ASCII words whole when they fit on a line, and moves one unit to the next line rather
 * than start a line with closing punctuation or end one with an opening bracket. The first
 * line has `first` columns, the others `rest`. */
static void wrap_text_lines(const char *s, size_t len, int first, int rest, int amb,
                            wrap_lines *out)
{
    int avail = first < 1 ? 1 : first;
    rest = rest < 1 ? 1 : rest;
    bool have = false;
    size_t ls = 0, le = 0;
    int cw = 0, nu = 0;
    text_unit last = {0, 0, 0, U_NORMAL, false};
    text_unit prev2 = {0, 0, 0, U_SPACE, false}; /* the unit before last on this line */
    size_t pos = 0;
#define CLOSE_LINE()                     \
    do {                                 \
        emit_line(out, ls, le);          \
        have = false;                    \
        cw = 0;                          \
        nu = 0;                          \
        avail = rest;                    \
    } while (0)
    while (pos < len && !out->failed) {
        text_unit u = next_text_unit(s, len, pos, amb);
        if (u.cls == U_NEWLINE) {
            if (!have)
                ls = le = u.start;
            CLOSE_LINE();
            pos += u.len;
            continue;
        }
        if (u.cls == U_SPACE) {
            if (have && cw + u.width <= avail) {
                cw += u.width;
                nu++;
                prev2 = last;
                last = u;
            } else if (have) {
                CLOSE_LINE();
            }
            pos += u.len; /* spaces at the start of a line are dropped */
            continue;
        }
        if (!have) {
            if (u.width > avail && u.word) {
                /* An ASCII word wider than a whole line: split it by characters. */
                size_t cut = u.start;
                int used = 0;
                while (cut < u.start + u.len && (used < avail || cut == u.start)) {
                    cut++;
                    used++;
                }
                ls = u.start;
                le = cut;
                emit_line(out, ls, le);
                avail = rest;
                pos = cut;
                continue;
            }
            have = true;
            ls = u.start;
            le = u.start + u.len;
            cw = u.width;
            nu = 1;
            prev2 = (text_unit){0, 0, 0, U_SPACE, false};
            last = u;
            pos += u.len;
            continue;
        }
        if (cw + u.width <= avail) {
            le = u.start + u.len;
            cw += u.width;
            nu++;
            prev2 = last;
            last = u;
            pos += u.len;
            continue;
        }
        if (nu >= 2 && last.cls != U_SPACE && (u.cls == U_NO_START || last.cls == U_NO_END) &&
            last.start > ls) {
            /* Kinsoku: carry the last unit over with this one, and the one before it too
             * when that is an opening bracket ("（室）": never end a line with "（"). */
            text_unit carry = last;
            int carried = last.width;
            if (nu >= 3 && prev2.cls == U_NO_END && prev2.start > ls) {
                carry = prev2;
                carried += prev2.width;
            }
            size_t keep_end = carry.start;
            while (keep_end > ls && (s[keep_end - 1] == ' ' || s[keep_end - 1] == '\t'))
                keep_end--;
            emit_line(out, ls, keep_end);
            avail = rest;
            ls = carry.start;
            le = last.start + last.len;
            cw = carried;
            nu = carry.start == last.start ? 1 : 2;
            prev2 = carry.start == last.start ? (text_unit){0, 0, 0, U_SPACE, false} : carry;
            continue; /* u is looked at again */
        }
        CLOSE_LINE(); /* u starts the next line */
    }
    if (have)
        emit_line(out, ls, le);
    if (out->n == 0)
        emit_line(out, 0, 0);
#undef CLOSE_LINE
}

static bool wrap_args_ok(const char *text, int width)
{
    return text && strlen(text) <= MAX_TEXT_BYTES && width >= 1 && width <= GFA_FMT_MAX_WIDTH;
}

int fmt_wrap_count(const char *text, int width, int indent, int amb)
{
    if (!wrap_args_ok(text, width))
        return 1;
    wrap_lines w = {0};
    int avail = width - (indent > 0 ? indent : 0);
    wrap_text_lines(text, strlen(text), avail, avail, amb, &w);
    int n = w.n > 0 ? w.n : 1;
    free(w.v);
    return n;
}

/* Line k (0-based) of w, indented and padded to width. */
static char *padded_line(const char *text, const wrap_lines *w, int k, int width, char align,
                         int indent, int amb)
{
    strbuf sb;
    sb_init(&sb);
    if (k >= 0 && k < w->n) {
        for (int i = 0; i < indent; i++)
            sb_addc(&sb, ' ');
        sb_add(&sb, text + w->v[k].start, w->v[k].end - w->v[k].start);
    }
    char *raw = sb_take(&sb);
    char *out = raw ? gfa_fmt_pad(raw, width, align, amb, 0, NULL) : NULL;
    free(raw);
    return out;
}

char *fmt_wrap_line(const char *text, int width, int line, char align, int indent, int amb)
{
    if (!wrap_args_ok(text, width))
        return NULL;
    if (indent < 0 || indent >= width)
        indent = 0;
    wrap_lines w = {0};
    wrap_text_lines(text, strlen(text), width - indent, width - indent, amb, &w);
    char *out = w.failed ? NULL : padded_line(text, &w, line - 1, width, align, indent, amb);
    free(w.v);
    return out;
}

char *fmt_wrap_text(const char *text, int width, int first_indent, int rest_indent, int amb)
{
    if (!text || width < 1 || width > GFA_FMT_MAX_WIDTH)
        return NULL;
    if (first_indent < 0 || first_indent >= width)
        first_indent = 0;
    if (rest_indent < 0 || rest_indent >= width)
        rest_indent = 0;
    wrap_lines w = {0};
    wrap_text_lines(text, strlen(text), width - first_indent, width - rest_indent, amb, &w);
    char *out = NULL;
    if (!w.failed) {
        strbuf sb;
        sb_init(&sb);
        for (int i = 0; i < w.n; i++) {
            int indent = i == 0 ? first_indent : rest_indent;
            if (i > 0)
                sb_addc(&sb, '\n');
            for (int k = 0; k < indent; k++)
                sb_addc(&sb, ' ');
            sb_add(&sb, text + w.v[i].start, w.v[i].end - w.v[i].start);
        }
        out = sb.failed ? (sb_free(&sb), NULL) : sb_take(&sb);
    }
    free(w.v);
    return out;
}

static void fn_wrap(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 3, 5, &a))
        return;
    char *text = arg_string(a.v[0]);
    char *align = nargs >= 4 ? arg_string(a.v[3]) : NULL;
    int width, line, indent = 0;
    char al;
    if (!need_state(ctxt, "wrap", &st)) {
    } else if (!arg_int(a.v[1], 1, GFA_FMT_MAX_WIDTH, &width) ||
               !arg_int(a.v[2], 1, 1000000, &line) ||
               (nargs >= 5 && !arg_int(a.v[4], 0, GFA_FMT_MAX_WIDTH, &indent))) {
        fail_empty(ctxt, "wrap", "width (1..10000), line (1..) and indent must be integers");
    } else if (!align_char(align ? align : "l", &al)) {
        fail_empty(ctxt, "wrap", "align must be l, r or c");
    } else {
        char *s = fmt_wrap_line(text, width, line, al, indent, st->ambiguous_width);
        return_string(ctxt, "wrap", s, "text too long");
    }
    xmlFree(text);
    xmlFree(align);
    free_args(&a);
}

static void fn_wrap_count(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 3, &a))
        return;
    char *text = arg_string(a.v[0]);
    int width, indent = 0;
    if (!need_state(ctxt, "wrap-count", &st)) {
    } else if (!arg_int(a.v[1], 1, GFA_FMT_MAX_WIDTH, &width) ||
               (nargs >= 3 && !arg_int(a.v[2], 0, GFA_FMT_MAX_WIDTH, &indent))) {
        fail_empty(ctxt, "wrap-count", "width (1..10000) and indent must be integers");
    } else {
        xmlXPathReturnNumber(ctxt, fmt_wrap_count(text, width, indent, st->ambiguous_width));
    }
    xmlFree(text);
    free_args(&a);
}

static void fn_wrap_text(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 4, &a))
        return;
    char *text = arg_string(a.v[0]);
    int width, first = 0, rest = 0;
    if (!need_state(ctxt, "wrap-text", &st)) {
    } else if (!arg_int(a.v[1], 1, GFA_FMT_MAX_WIDTH, &width) ||
               (nargs >= 3 && !arg_int(a.v[2], 0, GFA_FMT_MAX_WIDTH, &first)) ||
               (nargs >= 4 && !arg_int(a.v[3], 0, GFA_FMT_MAX_WIDTH, &rest))) {
        fail_empty(ctxt, "wrap-text", "width (1..10000) and indents must be integers");
    } else {
        char *s = fmt_wrap_text(text, width, first, rest, st->ambiguous_width);
        return_string(ctxt, "wrap-text", s, "text too long");
    }
    xmlFree(text);
    free_args(&a);
}

/* Where a number's fraction part begins, for aligning: its '.', else the *F3 mark of a
 * finding after its digits (issue 12: the mark must not shift the digits), else NULL. */
static const char *num_tail(const char *t)
{
    const char *dot = strchr(t, '.');
    return dot ? dot : strchr(t, '*');
}

/* Right-aligns a number in `width` columns so that its decimal point sits `frac` columns
 * from the right edge ("5" and "10.20" with frac 3 end in "5   " and "10.20"). */
static void fn_align_num(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 3, 3, &a))
        return;
    char *text = arg_string(a.v[0]);
    int width, frac;
    if (!need_state(ctxt, "align-num", &st)) {
    } else if (!arg_int(a.v[1], 0, GFA_FMT_MAX_WIDTH, &width) ||
               !arg_int(a.v[2], 0, GFA_FMT_MAX_WIDTH, &frac)) {
        fail_empty(ctxt, "align-num", "width and frac must be integers 0..10000");
    } else {
        const char *dot = num_tail(text);
        int own = dot ? gfa_display_width(dot, st->ambiguous_width) : 0;
        strbuf sb;
        sb_init(&sb);
        sb_adds(&sb, text);
        for (int i = own; i < frac; i++)
            sb_addc(&sb, ' ');
        char *raw = sb_take(&sb);
        const char *why = NULL;
        char *s = raw ? gfa_fmt_pad(raw, width, 'r', st->ambiguous_width, 0, &why) : NULL;
        free(raw);
        return_string(ctxt, "align-num", s, why);
    }
    xmlFree(text);
    free_args(&a);
}

/* Text wrapped inside a cell ("本年收入合 计", "因公出国 (境) 费"), unwrapped by the reader's
 * own rule (text_unwrap, base/text.c), so that a label reads the same in the instance and
 * on the page. */
static void fn_unwrap(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    char *text = arg_string(a.v[0]);
    return_string(ctxt, "unwrap", text ? text_unwrap(text) : NULL, "out of memory");
    xmlFree(text);
    free_args(&a);
}

/* ---- text table layout ------------------------------------------------------------------ */

/* Per column of a text table, what its cells need. */
typedef struct col_need {
    int fix;     /* widest cell that must not wrap (codes, 行次, 栏次) */
    int intw;    /* widest integer part of a number */
    int fracw;   /* widest '.' + fraction of a number */
    int txt;     /* widest wrappable data text, indent included */
    int txtunit; /* widest unbreakable unit of that text, indent included */
    int hdr;     /* widest header text */
    int hdrunit; /* widest unbreakable unit of a header */
    int w;       /* the width chosen */
} col_need;

typedef struct span_need {
    int n, s; /* first column, number of columns */
    int nat;  /* width wanted */
    int min;  /* width needed */
} span_need;

static int max_i(int a, int b)
{
    return a > b ? a : b;
}

static int min_i(int a, int b)
{
    return a < b ? a : b;
}

static int node_int(xmlNodePtr n, const char *attr, int dflt)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST attr);
    int r = dflt;
    if (v) {
        char *end;
        long x = strtol((const char *)v, &end, 10);
        if (end != (char *)v && x >= 0 && x <= 100000)
            r = (int)x;
        xmlFree(v);
    }
    return r;
}

static bool node_attr_is(xmlNodePtr n, const char *attr, const char *value)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST attr);
    bool r = v && strcmp((const char *)v, value) == 0;
    xmlFree(v);
    return r;
}

/* Widest unbreakable unit of a text (the narrowest it can be wrapped to). */
static int max_unit_width(const char *s, int amb)
{
    size_t len = strlen(s);
    int best = 0;
    for (size_t pos = 0; pos < len;) {
        text_unit u = next_text_unit(s, len, pos, amb);
        if (u.cls != U_SPACE && u.cls != U_NEWLINE)
            best = max_i(best, u.word ? min_i(u.width, 12) : u.width);
        pos += u.len ? u.len : 1;
    }
    return best;
}

/* Soft floors for shrinking, in display columns. */
#define HDR_SOFT 8
#define HDR_HARD 4
#define TXT_SOFT 16
#define TXT_HARD 8

static int floor_for(const col_need *c, int phase)
{
    int numw = c->intw + c->fracw;
    int hard = max_i(max_i(c->fix, numw), max_i(max_i(c->txtunit, c->hdrunit), 1));
    int data = max_i(max_i(c->fix, numw), c->txt);
    int f;
    /* Cheapest first: a header wrapped onto more lines costs one row, a name column
     * wrapped costs every row. */
    switch (phase) {
    case 0: f = max_i(data, min_i(c->hdr, HDR_SOFT)); break;
    case 1: f = max_i(data, min_i(c->hdr, HDR_HARD)); break;
    case 2: f = max_i(max_i(c->fix, numw), max_i(min_i(c->hdr, HDR_HARD), min_i(c->txt, TXT_SOFT))); break;
    default: f = max_i(max_i(c->fix, numw), max_i(min_i(c->hdr, HDR_HARD), min_i(c->txt, TXT_HARD))); break;
    }
    return max_i(f, hard);
}

/* The next narrower width of a column. Narrowing a column whose width comes from its
 * header by one column may cost the header a line; then it may as well take the narrowest
 * width with that many lines ("事业收入": 8 -> 4 columns, 事业/收入), or its floor. When
 * that saves a single column the column stays as it is (-1): one column is not worth a
 * line ("科目代码" over 7-digit codes). */
static int next_width(const col_need *c, int fl)
{
    int w = c->w - 1;
    int data = max_i(max_i(c->fix, c->intw + c->fracw), c->txt);
    if (c->hdr <= data || c->hdr <= w)
        return w;
    int lines_now = (c->hdr + c->w - 1) / c->w;
    int lines_next = (c->hdr + w - 1) / w;
    if (lines_next == lines_now)
        return w;
    int nice = (c->hdr + lines_next - 1) / lines_next;
    if (c->hdr % 2 == 0 && nice % 2 == 1)
        nice++; /* wide characters come in pairs of columns */
    int target = max_i(nice, fl);
    return c->w - target >= 2 ? target : -1;
}

static int span_width(const col_need *cols, int n, int s)
{
    int w = 3 * (s - 1);
    for (int j = n; j < n + s; j++)
        w += cols[j].w;
    return w;
}

/* Chooses column widths for a grid so the table fits `line_width` columns when it can:
 * every column starts at its natural width, then header-only width, long names and
 * finally headers are wrapped, widest slack first, down to floors that keep them readable. */
static void layout_columns(xmlNodePtr grid, int ncols, int line_width, int amb, col_need *cols,
                           span_need *spans, int *nspans, int maxspans)
{
    *nspans = 0;
    for (xmlNodePtr r = grid->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE || !xmlStrEqual(r->name, BAD_CAST "r"))
            continue;
        bool header = node_attr_is(r, "t", "h");
        for (xmlNodePtr c = r->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "c"))
                continue;
            int n = node_int(c, "n", 0), s = node_int(c, "s", 1), indent = node_int(c, "i", 0);
            if (n < 1 || n > ncols || s < 1 || n + s - 1 > ncols)
                continue;
            xmlChar *kind = xmlGetProp(c, BAD_CAST "k");
            const char *k = kind ? (const char *)kind : (header ? "txt" : "fix");
            char *text = (char *)xmlNodeGetContent(c);
            const char *t = text ? text : "";
            int tw = gfa_display_width(t, amb) + indent;
            int unit = max_unit_width(t, amb) + indent;
            if (s > 1) {
                if (*nspans < maxspans) {
                    bool fixed = strcmp(k, "txt") != 0;
                    spans[(*nspans)++] = (span_need){n - 1, s, tw, fixed ? tw : unit};
                }
            } else {
                col_need *cn = &cols[n - 1];
                if (strcmp(k, "num") == 0) {
                    const char *dot = num_tail(t);
                    int fw = dot ? gfa_display_width(dot, amb) : 0;
                    cn->intw = max_i(cn->intw, tw - fw);
                    cn->fracw = max_i(cn->fracw, fw);
                } else if (strcmp(k, "txt") == 0) {
                    if (header) {
                        cn->hdr = max_i(cn->hdr, tw);
                        cn->hdrunit = max_i(cn->hdrunit, unit);
                    } else {
                        cn->txt = max_i(cn->txt, tw);
                        cn->txtunit = max_i(cn->txtunit, unit);
                    }
                } else {
                    cn->fix = max_i(cn->fix, tw);
                }
            }
            xmlFree(text);
            xmlFree(kind);
        }
    }
    int total = 1;
    for (int j = 0; j < ncols; j++) {
        col_need *c = &cols[j];
        c->w = max_i(max_i(c->fix, c->intw + c->fracw), max_i(max_i(c->txt, c->hdr), 1));
        total += c->w + 3;
    }
    /* A spanning cell wider than its columns widens them, evenly. */
    for (int i = 0; i < *nspans; i++) {
        span_need *sp = &spans[i];
        int deficit = sp->nat - span_width(cols, sp->n, sp->s);
        for (int j = 0; deficit > 0; j = (j + 1) % sp->s, deficit--) {
            cols[sp->n + j].w++;
            total++;
        }
    }
    for (int phase = 0; phase < 4 && total > line_width; phase++) {
        while (total > line_width) {
            int best = -1, slack = 0, best_w = 0;
            for (int j = 0; j < ncols; j++) {
                int fl = floor_for(&cols[j], phase);
                int sl = cols[j].w - fl;
                if (sl <= slack)
                    continue;
                int nw = next_width(&cols[j], fl);
                if (nw < 0)
                    continue;
                bool blocked = false; /* a spanning cell over j would get too narrow */
                for (int i = 0; i < *nspans && !blocked; i++)
                    blocked = j >= spans[i].n && j < spans[i].n + spans[i].s &&
                              span_width(cols, spans[i].n, spans[i].s) -
                                      (cols[j].w - nw) < spans[i].min;
                if (!blocked) {
                    best = j;
                    slack = sl;
                    best_w = nw;
                }
            }
            if (best < 0)
                break;
            total -= cols[best].w - best_w;
            cols[best].w = best_w;
        }
    }
}

static void set_int_prop(xmlNodePtr n, const char *name, int v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", v);
    xmlSetProp(n, BAD_CAST name, BAD_CAST buf);
}

/* A text cell that wraps or is indented gets its finished lines as <w> children, wrapped
 * once here: asking for line k of a long cell one call at a time re-wrapped it k times.
 * Returns the number of lines. */
static int wrap_cell(xmlNodePtr c, int width, int indent, int amb)
{
    char *text = (char *)xmlNodeGetContent(c);
    if (!text || !*text || strlen(text) > MAX_TEXT_BYTES) {
        xmlFree(text);
        return 1;
    }
    if (indent < 0 || indent >= width)
        indent = 0;
    wrap_lines w = {0};
    wrap_text_lines(text, strlen(text), width - indent, width - indent, amb, &w);
    int n = w.n > 0 ? w.n : 1;
    if (!w.failed && (w.n > 1 || indent > 0)) {
        xmlChar *a = xmlGetProp(c, BAD_CAST "a");
        char align = a && (*a == 'r' || *a == 'c') ? (char)*a : 'l';
        xmlFree(a);
        for (int k = 0; k < w.n; k++) {
            char *line = padded_line(text, &w, k, width, align, indent, amb);
            xmlNewTextChild(c, NULL, BAD_CAST "w", BAD_CAST(line ? line : ""));
            free(line);
        }
    }
    free(w.v);
    xmlFree(text);
    return n;
}

static void annotate_grid(xmlNodePtr grid, const col_need *cols, int ncols, int amb)
{
    int x[MAX_LAYOUT_COLUMNS + 1];
    x[0] = 0;
    for (int j = 0; j < ncols; j++)
        x[j + 1] = x[j] + cols[j].w + 3;
    for (xmlNodePtr r = grid->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE || !xmlStrEqual(r->name, BAD_CAST "r"))
            continue;
        int lines = 1;
        for (xmlNodePtr c = r->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "c"))
                continue;
            int n = node_int(c, "n", 0), s = node_int(c, "s", 1), indent = node_int(c, "i", 0);
            if (n < 1 || s < 1 || n + s - 1 > ncols)
                continue;
            int w = x[n + s - 1] - x[n - 1] - 3;
            set_int_prop(c, "w", w);
            set_int_prop(c, "f", cols[n + s - 2].fracw);
            int l = 1;
            if (node_attr_is(c, "k", "txt"))
                l = wrap_cell(c, w, indent, amb);
            set_int_prop(c, "l", l);
            lines = max_i(lines, l);
        }
        set_int_prop(r, "l", lines);
    }
}

/* fmt:layout(grid, line-width): grid is an element <grid n="N"> whose <r t="h|d|…"> rows
 * hold <c n="first column" s="span" k="txt|num|fix" i="indent">text</c> cells. Returns one
 * <col n="j" w="width" f="fraction width" x="offset"/> per column and a last <col n="N+1"
 * x="…"/>: a cell over columns [n, n+s) is x(n+s) - x(n) - 3 columns wide, its left border
 * at display column x(n). The last node is a copy of the grid whose cells carry w (width),
 * f (fraction width of their last column) and l (lines when wrapped) and whose rows carry l
 * (their tallest cell). */
static void fn_layout(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 2, &a))
        return;
    int line_width;
    xmlNodePtr grid = NULL;
    if (is_nodeset(a.v[0]) && a.v[0]->nodesetval && a.v[0]->nodesetval->nodeNr > 0)
        grid = a.v[0]->nodesetval->nodeTab[0];
    if (grid && (grid->type == XML_DOCUMENT_NODE || grid->type == XML_HTML_DOCUMENT_NODE))
        grid = xmlDocGetRootElement((xmlDocPtr)grid);
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    if (!need_state(ctxt, "layout", &st)) {
        free_args(&a);
        return;
    }
    if (!grid || grid->type != XML_ELEMENT_NODE || !arg_int(a.v[1], 1, GFA_FMT_MAX_WIDTH,
                                                             &line_width)) {
        free_args(&a);
        fail_empty(ctxt, "layout", "expects a <grid> element and a line width");
        return;
    }
    int ncols = node_int(grid, "n", 0);
    if (ncols < 1 || ncols > MAX_LAYOUT_COLUMNS) {
        free_args(&a);
        fail_empty(ctxt, "layout", "the grid needs n = 1..64 columns");
        return;
    }
    col_need cols[MAX_LAYOUT_COLUMNS];
    span_need spans[256];
    int nspans = 0;
    memset(cols, 0, sizeof cols);
    layout_columns(grid, ncols, line_width, st->ambiguous_width, cols, spans, &nspans,
                   (int)ARRAY_LEN(spans));

    xmlDocPtr container = xsltCreateRVT(tctxt);
    if (!container) {
        free_args(&a);
        fail_empty(ctxt, "layout", "out of memory");
        return;
    }
    xsltRegisterLocalRVT(tctxt, container);
    xmlXPathObjectPtr ret = xmlXPathNewNodeSet(NULL);
    if (!ret) {
        free_args(&a);
        fail_empty(ctxt, "layout", "out of memory");
        return;
    }
    int x = 0;
    for (int j = 0; j <= ncols; j++) {
        xmlNodePtr col = xmlNewDocNode(container, NULL, BAD_CAST "col", NULL);
        if (!col)
            break;
        xmlAddChild((xmlNodePtr)container, col);
        char buf[16];
        snprintf(buf, sizeof buf, "%d", j + 1);
        xmlSetProp(col, BAD_CAST "n", BAD_CAST buf);
        snprintf(buf, sizeof buf, "%d", x);
        xmlSetProp(col, BAD_CAST "x", BAD_CAST buf);
        if (j < ncols) {
            snprintf(buf, sizeof buf, "%d", cols[j].w);
            xmlSetProp(col, BAD_CAST "w", BAD_CAST buf);
            snprintf(buf, sizeof buf, "%d", cols[j].fracw);
            xmlSetProp(col, BAD_CAST "f", BAD_CAST buf);
            x += cols[j].w + 3;
        }
        xmlXPathNodeSetAddUnique(ret->nodesetval, col);
    }
    /* Then the grid again, each cell with its width w, the fraction width f of its last
     * column and its number of lines l, each row with l, its tallest cell: drawing a row
     * then needs no lookups. */
    xmlNodePtr copy = xmlDocCopyNode(grid, container, 1);
    if (copy) {
        xmlAddChild((xmlNodePtr)container, copy);
        annotate_grid(copy, cols, ncols, st->ambiguous_width);
        xmlXPathNodeSetAddUnique(ret->nodesetval, copy);
    }
    free_args(&a);
    valuePush(ctxt, ret);
}

/* ---- registration ------------------------------------------------------------------------ */

static void register_all(void)
{
    static const struct {
        const char *name;
        xmlXPathFunction fn;
    } fns[] = {
        {"amount", fn_amount},       {"percent", fn_percent},     {"rmb-upper", fn_rmb_upper},
        {"date", fn_date},           {"width", fn_width},         {"pad", fn_pad},
        {"wrap", fn_wrap},           {"wrap-count", fn_wrap_count},
        {"wrap-text", fn_wrap_text}, {"align-num", fn_align_num}, {"unwrap", fn_unwrap},
        {"layout", fn_layout},
    };
    for (size_t i = 0; i < ARRAY_LEN(fns); i++)
        xsltRegisterExtModuleFunction(BAD_CAST fns[i].name, BAD_CAST GFA_FMT_NS, fns[i].fn);
    /* exsl:node-set, to lay out text tables from a grid built as a result tree fragment. */
    exsltCommonRegister();
}

void xslt_fmt_register(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_all);
}
