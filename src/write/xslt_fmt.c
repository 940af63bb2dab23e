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
 *   fmt:row-label(row)                           a table row's label as shown (name or label)
 *   fmt:layout(grid, line-width)                 column widths of a text table (node-set)
 *   fmt:draw(grid, line-width)                   a text table laid out and drawn: <drawn width>
 *   fmt:table-frame(table)                       a table's header grid and column slots: <frame>
 *   fmt:cell-text(cell)                          a table's value cell as shown (amounts formatted)
 *   fmt:grid-cells(r)                            a form's grid row, one <c> per printed position
 *   fmt:having(path, attr, value …)              path[@attr = value …] through an index kept
 *                                                 with the report (in place of xsl:key)
 *   fmt:elements(node, names)                    node's descendants of gfa's names, one walk
 *   fmt:finding-value(v, kind)                   a finding's value as shown (common.xsl's finding-value)
 *   fmt:run-length(node, attr)                   rows a cell merged down over equal values spans
 *
 * Display widths use the render's ambiguous width (1 or 2) from the render_state the
 * transform carries (render.h).
 */
#include "write/render.h"
#include "model/model.h"

#include <limits.h>
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
/* Columns a text table may have (fmt:layout, fmt:draw); a spanning cell counts once per
 * column it spans. */
#define MAX_LAYOUT_COLUMNS 1000
/* Spanning cells a table's layout takes into account (the others only take their columns). */
#define MAX_LAYOUT_SPANS 256

/* ---- arguments -------------------------------------------------------------------- */

typedef struct fn_args {
    xmlXPathObjectPtr v[7];
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

/* The first node of a node-set argument; NULL for another type or an empty set. */
static xmlNodePtr first_node(const xmlXPathObject *o)
{
    return is_nodeset(o) && o->nodesetval && o->nodesetval->nodeNr > 0 ? o->nodesetval->nodeTab[0]
                                                                      : NULL;
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

/* fmt:percent's decimals 'auto': as many as the value has, up to GFA_FMT_MAX_DECIMALS. */
static int percent_auto_decimals(const char *value)
{
    int own = own_decimals(value);
    return own > GFA_FMT_MAX_DECIMALS ? GFA_FMT_MAX_DECIMALS : own;
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

/* An amount (trimmed, not empty) with `decimals` fraction digits (-1: as many as it has;
 * exact: never fewer than it has): malloc'd, or NULL with *why. More digits than ICU is
 * asked for are shown as printed rather than rounded, once they are known to be a decimal. */
static char *amount_text(const gfa_fmt *fmt, const char *value, int decimals, bool exact,
                         unsigned flags, const char **why)
{
    int own = own_decimals(value);
    if (decimals < 0 || (exact && own > decimals))
        decimals = own;
    if (decimals > GFA_FMT_MAX_DECIMALS) {
        gfa_dec d;
        if (dec_parse(value, strlen(value), &d) != DEC_OK) {
            *why = "not a decimal number";
            return NULL;
        }
        char *copy = strdup(value);
        if (!copy)
            *why = "out of memory";
        return copy;
    }
    return gfa_fmt_amount(fmt, value, decimals, flags, why);
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
    unsigned flags = (has_option(options, "paren") ? GFA_FMT_PAREN_NEGATIVE : 0) |
                     (has_option(options, "nogroup") ? GFA_FMT_NO_GROUPING : 0);
    const char *why = NULL;
    char *s = amount_text(st->fmt, value, decimals, has_option(options, "exact"), flags, &why);
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
        decimals = percent_auto_decimals(value);
    const char *why = NULL;
    char *s = gfa_fmt_percent(st->fmt, value, decimals, &why);
    return_string(ctxt, "percent", s, why);
out:
    free(value);
    free_args(&a);
}

/* Whether s is a plain decimal as common.xsl tested it in XPath: a digit, and nothing but
 * digits and . , - + (translate($v, '0123456789.,-+', '') = ''). */
static bool plain_decimal(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr(".,-+", *s))
            return false;
    }
    return digit;
}

char *fmt_finding_value(const gfa_fmt *f, const char *v, const char *kind, const char **why)
{
    *why = NULL;
    if (!plain_decimal(v) || strcmp(kind, "code") == 0 || strcmp(kind, "text") == 0 ||
        strcmp(kind, "count") == 0) {
        char *copy = strdup(v);
        if (!copy)
            *why = "out of memory";
        return copy;
    }
    if (strcmp(kind, "rate") == 0)
        return gfa_fmt_percent(f, v, percent_auto_decimals(v), why);
    return amount_text(f, v, -1, false, 0, why);
}

/* fmt:finding-value(v, kind): common.xsl's finding-value in one call (issue 13: its tests in
 * XPath took about 35,000 instructions a value). Its errors are those of fmt:amount and
 * fmt:percent, which it stands for. */
static void fn_finding_value(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 2, &a))
        return;
    char *v = arg_string(a.v[0]), *kind = arg_string(a.v[1]);
    if (need_state(ctxt, "finding-value", &st)) {
        const char *why = NULL;
        char *s = fmt_finding_value(st->fmt, v, kind, &why);
        return_string(ctxt, strcmp(kind, "rate") == 0 ? "percent" : "amount", s, why);
    }
    xmlFree(v);
    xmlFree(kind);
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
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z'))
        return false; /* the usual characters, without a walk of the set */
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
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z'))
        return false;
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

/* fmt_code_point_width with its two commonest answers inline (printable ASCII, CJK Unified
 * Ideographs): wrapping measures every character of every wrapped cell (issue 13). */
static inline int unit_cp_width(UChar32 c, int amb)
{
    if (c >= 0x20 && c < 0x7F)
        return 1;
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 2;
    return fmt_code_point_width(c, amb);
}

static inline UChar32 peek_cp(const char *s, size_t len, size_t pos, size_t *next)
{
    int32_t i = (int32_t)pos;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)len, c);
    *next = (size_t)i;
    return c;
}

/* The CJK Unified Ideograph (U+4E00..U+9FFF) whose three bytes are at p, n bytes left; 0
 * when there is none. */
static inline uint32_t ideograph_at(const unsigned char *p, size_t n)
{
    if (n < 3 || p[0] < 0xE4 || p[0] > 0xE9 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return 0;
    uint32_t c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return c >= 0x4E00 ? c : 0;
}

/* Whether the three bytes at p (n left) are CJK punctuation that takes columns: U+3000..U+3029
 * (、。「」《》【】 …; U+302A.. are zero-width tone marks) or U+FF01..U+FF5F (，（）：；！？ …). */
static inline bool wide_punct_at(const unsigned char *p, size_t n)
{
    if (n < 3)
        return false;
    if (p[0] == 0xE3)
        return p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0xA9;
    return p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) ||
                            (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9F));
}

static text_unit general_text_unit(const char *s, size_t len, size_t pos, int amb);

/* The unit starting at pos: a space, a newline, an ASCII word, or one code point with the
 * zero-width marks that follow it. Most of a report's text is ideographs followed by no
 * mark (the next character an ideograph, CJK punctuation, printable ASCII or a newline):
 * such a unit is made here, as general_text_unit makes it, without decoding and looking up
 * (issue 13). */
static text_unit next_text_unit(const char *s, size_t len, size_t pos, int amb)
{
    const unsigned char *p = (const unsigned char *)s + pos;
    size_t left = len - pos;
    if (ideograph_at(p, left) && (left == 3 || (p[3] >= 0x20 && p[3] < 0x7F) || p[3] == '\n' ||
                                  ideograph_at(p + 3, left - 3) || wide_punct_at(p + 3, left - 3)))
        return (text_unit){pos, 3, 2, U_NORMAL, false};
    return general_text_unit(s, len, pos, amb);
}

bool fmt_text_unit_is_general(const char *s, size_t len, size_t pos, int amb)
{
    text_unit a = next_text_unit(s, len, pos, amb), b = general_text_unit(s, len, pos, amb);
    return a.start == b.start && a.len == b.len && a.width == b.width && a.cls == b.cls &&
           a.word == b.word;
}

static text_unit general_text_unit(const char *s, size_t len, size_t pos, int amb)
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
        if (d < 0 || d == '\n' || unit_cp_width(d, amb) != 0)
            break;
        end = n2;
    }
    u.len = end - pos;
    /* the marks attached take no column; a bad byte sequence one column a byte */
    u.width = c >= 0 ? unit_cp_width(c, amb) : bytes_width(s + pos, u.len, amb);
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

/* The value of attribute a: its text node's content, else a copy in *copy. */
static const char *attr_value(xmlAttrPtr a, xmlChar **copy)
{
    if (!a->children)
        return "";
    if (a->children->type == XML_TEXT_NODE && !a->children->next && a->children->content)
        return (const char *)a->children->content;
    *copy = xmlNodeGetContent((xmlNodePtr)a);
    return *copy ? (const char *)*copy : "";
}

/* The value of attribute `name` of n (of no namespace, or whatever its namespace when any_ns),
 * without copying it where it is one text node, as parsed and as XSLT builds them (issue 13:
 * the layout, the walk and the lookups read thousands); else *copy holds the copy, which the
 * caller frees. NULL when absent. */
static const char *attr_text(xmlNodePtr n, const char *name, bool any_ns, xmlChar **copy)
{
    *copy = NULL;
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if ((!a->ns || any_ns) && xmlStrEqual(a->name, BAD_CAST name))
            return attr_value(a, copy);
    }
    return NULL;
}

/* An attribute's value as xmlGetProp gives it (by name, whatever its namespace): attr_text. */
static const char *attr_peek(xmlNodePtr n, const char *name, xmlChar **copy)
{
    return attr_text(n, name, true, copy);
}

/* An attribute of no namespace, as XPath's @name reads it: attr_text. */
static const char *plain_attr(xmlNodePtr n, const char *name, xmlChar **copy)
{
    return attr_text(n, name, false, copy);
}

/* v as a number 0..100000, else dflt (v NULL: no attribute) */
static int int_value(const char *v, int dflt)
{
    if (!v)
        return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return end != v && x >= 0 && x <= 100000 ? (int)x : dflt;
}

static int node_int(xmlNodePtr n, const char *attr, int dflt)
{
    xmlChar *copy;
    int r = int_value(attr_peek(n, attr, &copy), dflt);
    xmlFree(copy);
    return r;
}

static bool node_attr_is(xmlNodePtr n, const char *attr, const char *value)
{
    xmlChar *copy;
    const char *v = attr_peek(n, attr, &copy);
    bool r = v && strcmp(v, value) == 0;
    xmlFree(copy);
    return r;
}

char *fmt_row_label(xmlNodePtr row)
{
    xmlChar *name_copy = NULL, *label_copy = NULL, *axis_copy = NULL;
    const char *name = plain_attr(row, "name", &name_copy);
    const char *label = plain_attr(row, "label", &label_copy);
    const char *axis = row ? plain_attr(row->parent, "axis", &axis_copy) : NULL;
    bool coded = axis && (strcmp(axis, "function") == 0 || strcmp(axis, "economic") == 0);
    char *out = name && coded ? strdup(name) : label ? text_unwrap(label) : strdup(name ? name : "");
    xmlFree(name_copy);
    xmlFree(label_copy);
    xmlFree(axis_copy);
    return out;
}

/* fmt:row-label(row): a table row's label as shown (fmt_row_label), in one call where
 * common.xsl's row-label took a choose of two tests and fmt:unwrap (issue 13). */
static void fn_row_label(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr row = first_node(a.v[0]);
    char *label = fmt_row_label(row);
    free_args(&a);
    return_string(ctxt, "row-label", label, "out of memory");
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

/* ---- a text table's grid, read once -------------------------------------------------- */

/* A cell of a grid (<c n s k a i down>text</c>), as fmt:layout and fmt:draw read it. */
typedef struct grid_cell {
    int n, s, indent;   /* first column (1-based), columns spanned, indent; n = 0: ignored */
    const char *kind;   /* k as given, or NULL */
    const char *align;  /* a as given, or NULL */
    bool down;          /* down="1": a header label going on into the next row */
    const char *text;   /* its text */
    xmlChar *copies[3]; /* kind, align and text when not borrowed from the grid's nodes */
    int w, f, l;        /* laid out: width, fraction width of its last column, lines */
    char **lines;       /* a wrapped or indented text cell: its finished lines (malloc'd) */
    int nlines;
} grid_cell;

typedef struct grid_row {
    bool header;        /* t="h" */
    const char *kind;   /* k: its cells' kind where they give none, or NULL */
    const char *align;  /* a: its cells' alignment where they give none, or NULL */
    xmlChar *copies[2]; /* kind and align when not borrowed from the grid's nodes */
    int first, count;   /* its cells: cells[first .. first + count) */
    int l;              /* lines: its tallest cell */
} grid_row;

typedef struct text_grid {
    int ncols;
    grid_cell *cells;
    int ncells;
    grid_row *rows;
    int nrows;
} text_grid;

static void grid_free(text_grid *g)
{
    for (int i = 0; i < g->ncells; i++) {
        grid_cell *c = &g->cells[i];
        for (int k = 0; k < 3; k++)
            xmlFree(c->copies[k]);
        for (int k = 0; k < c->nlines; k++)
            free(c->lines[k]);
        free(c->lines);
    }
    for (int i = 0; i < g->nrows; i++)
        for (int k = 0; k < 2; k++)
            xmlFree(g->rows[i].copies[k]);
    free(g->cells);
    free(g->rows);
    memset(g, 0, sizeof *g);
}

static bool is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

/* The attributes of a grid's row or cell that the layout reads, in one pass over them, their
 * values borrowed from the grid where they can be (issue 13: a cell's six lookups and three
 * copies were 2,400 instructions); copy[] holds the others, which the caller frees. */
enum { A_N, A_S, A_I, A_K, A_A, A_DOWN, A_T, A_COUNT };

static void grid_attrs(xmlNodePtr e, const char *v[A_COUNT], xmlChar *copy[A_COUNT])
{
    for (int k = 0; k < A_COUNT; k++) {
        v[k] = NULL;
        copy[k] = NULL;
    }
    for (xmlAttrPtr a = e->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int k = -1;
        if (name[0] && !name[1]) {
            static const char ones[] = "nsikat";
            static const int which[] = {A_N, A_S, A_I, A_K, A_A, A_T};
            const char *one = strchr(ones, name[0]);
            k = one ? which[one - ones] : -1;
        } else if (strcmp(name, "down") == 0) {
            k = A_DOWN;
        }
        if (k >= 0 && !v[k])
            v[k] = attr_value(a, &copy[k]); /* the first, as attr_peek's */
    }
}

/* Reads <grid n="N"> (its <r> rows and their <c> cells; anything else is skipped). A cell
 * without n starts where the previous cell of its row ends (the first at column 1); a cell
 * without k or a takes its row's, if any (issue 13: a form's rows of nine cells said the same
 * eighteen times). A cell whose columns fall outside 1..N keeps n = 0: the layout ignores it.
 * False when out of memory. */
static bool grid_read(xmlNodePtr grid, int ncols, text_grid *g)
{
    memset(g, 0, sizeof *g);
    g->ncols = ncols;
    int nrows = 0, ncells = 0;
    for (xmlNodePtr r = grid->children; r; r = r->next) {
        if (!is_element(r, "r"))
            continue;
        nrows++;
        for (xmlNodePtr c = r->children; c; c = c->next)
            ncells += is_element(c, "c");
    }
    g->rows = calloc((size_t)nrows + 1, sizeof *g->rows);
    g->cells = calloc((size_t)ncells + 1, sizeof *g->cells);
    if (!g->rows || !g->cells) {
        grid_free(g);
        return false;
    }
    for (xmlNodePtr r = grid->children; r; r = r->next) {
        if (!is_element(r, "r"))
            continue;
        grid_row *row = &g->rows[g->nrows++];
        const char *v[A_COUNT];
        xmlChar *copy[A_COUNT];
        grid_attrs(r, v, copy);
        row->header = v[A_T] && strcmp(v[A_T], "h") == 0;
        row->kind = v[A_K];
        row->copies[0] = copy[A_K];
        row->align = v[A_A];
        row->copies[1] = copy[A_A];
        for (int k = 0; k < A_COUNT; k++)
            if (k != A_K && k != A_A)
                xmlFree(copy[k]);
        row->first = g->ncells;
        row->l = 1;
        long next = 1; /* where a cell without n starts */
        for (xmlNodePtr c = r->children; c; c = c->next) {
            if (!is_element(c, "c"))
                continue;
            grid_cell *cell = &g->cells[g->ncells++];
            row->count++;
            /* the values and the text borrowed from the grid, which outlives the layout */
            grid_attrs(c, v, copy);
            cell->n = v[A_N] ? int_value(v[A_N], 0) : (next <= 100000 ? (int)next : 0);
            cell->s = int_value(v[A_S], 1);
            next = (long)cell->n + cell->s;
            cell->indent = int_value(v[A_I], 0);
            cell->down = v[A_DOWN] && strcmp(v[A_DOWN], "1") == 0;
            cell->kind = v[A_K] ? v[A_K] : row->kind;
            cell->copies[0] = copy[A_K];
            cell->align = v[A_A] ? v[A_A] : row->align;
            cell->copies[1] = copy[A_A];
            for (int k = 0; k < A_COUNT; k++)
                if (k != A_K && k != A_A)
                    xmlFree(copy[k]);
            if (cell->n < 1 || cell->s < 1 || cell->n + cell->s - 1 > ncols)
                cell->n = 0;
            xmlNodePtr t = c->children;
            if (!t)
                cell->text = "";
            else if (t->type == XML_TEXT_NODE && !t->next && t->content)
                cell->text = (const char *)t->content;
            else
                cell->text = (const char *)(cell->copies[2] = xmlNodeGetContent(c));
            cell->l = 1;
            if (!cell->text) {
                grid_free(g);
                return false;
            }
        }
    }
    return true;
}

static bool kind_is(const grid_cell *c, const char *k)
{
    return c->kind && strcmp((const char *)c->kind, k) == 0;
}

/* Chooses column widths for a grid so the table fits `line_width` columns when it can:
 * every column starts at its natural width, then header-only width, long names and
 * finally headers are wrapped, widest slack first, down to floors that keep them readable.
 * cols has g->ncols entries, zeroed. */
static void layout_columns(const text_grid *g, int line_width, int amb, col_need *cols)
{
    span_need spans[MAX_LAYOUT_SPANS];
    int nspans = 0;
    for (int ri = 0; ri < g->nrows; ri++) {
        const grid_row *row = &g->rows[ri];
        for (int ci = row->first; ci < row->first + row->count; ci++) {
            const grid_cell *c = &g->cells[ci];
            if (c->n == 0)
                continue;
            const char *k = c->kind ? (const char *)c->kind : (row->header ? "txt" : "fix");
            const char *t = c->text;
            int tw = gfa_display_width(t, amb) + c->indent;
            bool text = strcmp(k, "txt") == 0;
            /* the widest unit only of a text that may wrap (numbers are most cells) */
            int unit = text ? max_unit_width(t, amb) + c->indent : tw;
            if (c->s > 1) {
                if (nspans < MAX_LAYOUT_SPANS)
                    spans[nspans++] = (span_need){c->n - 1, c->s, tw, unit};
            } else {
                col_need *cn = &cols[c->n - 1];
                if (strcmp(k, "num") == 0) {
                    const char *dot = num_tail(t);
                    int fw = dot ? gfa_display_width(dot, amb) : 0;
                    cn->intw = max_i(cn->intw, tw - fw);
                    cn->fracw = max_i(cn->fracw, fw);
                } else if (text) {
                    if (row->header) {
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
        }
    }
    int ncols = g->ncols;
    int total = 1;
    for (int j = 0; j < ncols; j++) {
        col_need *c = &cols[j];
        c->w = max_i(max_i(c->fix, c->intw + c->fracw), max_i(max_i(c->txt, c->hdr), 1));
        total += c->w + 3;
    }
    /* A spanning cell wider than its columns widens them, evenly. */
    for (int i = 0; i < nspans; i++) {
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
                for (int i = 0; i < nspans && !blocked; i++)
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
static int wrap_cell(xmlNodePtr c, int width, int indent, char align, int amb)
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

/* Annotates `grid`, a copy of the grid g was read from: its rows and cells, in the order
 * grid_read met them, are g's. */
static void annotate_grid(xmlNodePtr grid, const text_grid *g, const col_need *cols, int amb,
                          int *x)
{
    int ncols = g->ncols, ci = 0;
    x[0] = 0;
    for (int j = 0; j < ncols; j++)
        x[j + 1] = x[j] + cols[j].w + 3;
    for (xmlNodePtr r = grid->children; r; r = r->next) {
        if (!is_element(r, "r"))
            continue;
        int lines = 1;
        for (xmlNodePtr c = r->children; c; c = c->next) {
            if (!is_element(c, "c") || ci >= g->ncells)
                continue;
            const grid_cell *gc = &g->cells[ci++];
            int n = gc->n, s = gc->s;
            if (n < 1)
                continue;
            int w = x[n + s - 1] - x[n - 1] - 3;
            set_int_prop(c, "w", w);
            set_int_prop(c, "f", cols[n + s - 2].fracw);
            int l = 1;
            if (kind_is(gc, "txt"))
                l = wrap_cell(c, w, gc->indent,
                              gc->align && (*gc->align == 'r' || *gc->align == 'c') ? *gc->align : 'l',
                              amb);
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
    xmlNodePtr grid = first_node(a.v[0]);
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
        fail_empty(ctxt, "layout", "the grid needs n = 1..1000 columns");
        return;
    }
    text_grid g;
    col_need *cols = calloc((size_t)ncols, sizeof *cols);
    int *xs = calloc((size_t)ncols + 1, sizeof *xs);
    if (!cols || !xs || !grid_read(grid, ncols, &g)) {
        free(cols);
        free(xs);
        free_args(&a);
        fail_empty(ctxt, "layout", "out of memory");
        return;
    }
    layout_columns(&g, line_width, st->ambiguous_width, cols);

    xmlDocPtr container = xsltCreateRVT(tctxt);
    if (!container) {
        grid_free(&g);
        free(cols);
        free(xs);
        free_args(&a);
        fail_empty(ctxt, "layout", "out of memory");
        return;
    }
    xsltRegisterLocalRVT(tctxt, container);
    xmlXPathObjectPtr ret = xmlXPathNewNodeSet(NULL);
    if (!ret) {
        grid_free(&g);
        free(cols);
        free(xs);
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
        annotate_grid(copy, &g, cols, st->ambiguous_width, xs);
        xmlXPathNodeSetAddUnique(ret->nodesetval, copy);
    }
    grid_free(&g);
    free(cols);
    free(xs);
    free_args(&a);
    valuePush(ctxt, ret);
}

/* ---- drawing a text table ------------------------------------------------------------------ */

/* Runs of rule characters and blanks are drawn at most this wide (a column wider than the
 * longest line gfa draws is a cell that could not be wrapped). */
#define MAX_RUN 1002

static void add_run(strbuf *sb, char ch, int n)
{
    for (int i = 0; i < min_i(n, MAX_RUN); i++)
        sb_addc(sb, ch);
}

/* The first of the cells `down` (a row's labels going on into the next row) over column j. */
static const grid_cell *down_over(const text_grid *g, const grid_row *above, int j)
{
    for (int ci = above->first; ci < above->first + above->count; ci++) {
        const grid_cell *c = &g->cells[ci];
        if (c->down && c->n > 0 && c->n <= j && c->n + c->s > j)
            return c;
    }
    return NULL;
}

/* A horizontal rule of ch: '+' at every column boundary. Under a header row whose labels go
 * on down (`above`, or NULL), the rule stays open below them: blanks, '|' at their left
 * and right edges, nothing between the columns one label spans. */
static void draw_rule(strbuf *sb, const text_grid *g, const col_need *cols, char ch,
                      const grid_row *above)
{
    bool open = false;
    for (int ci = above ? above->first : 0; above && ci < above->first + above->count; ci++)
        open = open || (g->cells[ci].down && g->cells[ci].n > 0);
    for (int j = 1; j <= g->ncols; j++) {
        const grid_cell *here = open ? down_over(g, above, j) : NULL;
        const grid_cell *left = open ? down_over(g, above, j - 1) : NULL;
        if (here && left && here->n == left->n)
            sb_addc(sb, ' ');
        else if (here && (left || j == 1))
            sb_addc(sb, '|');
        else
            sb_addc(sb, '+');
        add_run(sb, here ? ' ' : ch, cols[j - 1].w + 2);
    }
    sb_adds(sb, open && down_over(g, above, g->ncols) ? "|\n" : "+\n");
}

/* Lays out the cells of the grid on the columns: width, fraction width, and for a text cell
 * that wraps or is indented its finished lines (wrapped once here). False (and *why) when
 * a cell lies outside the columns or memory runs out. */
static bool place_cells(text_grid *g, const col_need *cols, const int *x, int amb,
                        const char **why)
{
    for (int ri = 0; ri < g->nrows; ri++) {
        grid_row *row = &g->rows[ri];
        row->l = 1;
        for (int ci = row->first; ci < row->first + row->count; ci++) {
            grid_cell *c = &g->cells[ci];
            if (c->n == 0) {
                *why = "a cell lies outside the grid's columns";
                return false;
            }
            c->w = x[c->n + c->s - 1] - x[c->n - 1] - 3;
            c->f = cols[c->n + c->s - 2].fracw;
            c->l = 1;
            size_t len = strlen(c->text);
            if (!kind_is(c, "txt") || len == 0 || len > MAX_TEXT_BYTES)
                continue;
            int indent = c->indent < 0 || c->indent >= c->w ? 0 : c->indent;
            wrap_lines w = {0};
            wrap_text_lines(c->text, len, c->w - indent, c->w - indent, amb, &w);
            if (w.failed) {
                free(w.v);
                *why = "out of memory";
                return false;
            }
            c->l = w.n > 0 ? w.n : 1;
            if (w.n > 1 || indent > 0) {
                char al = c->align && (*c->align == 'r' || *c->align == 'c') ? (char)*c->align : 'l';
                c->lines = calloc((size_t)w.n, sizeof *c->lines);
                for (int k = 0; c->lines && k < w.n; k++) {
                    c->lines[k] = padded_line(c->text, &w, k, c->w, al, indent, amb);
                    if (!c->lines[k])
                        break;
                    c->nlines++;
                }
                if (c->nlines < w.n) {
                    free(w.v);
                    *why = "out of memory";
                    return false;
                }
            }
            free(w.v);
            row->l = max_i(row->l, c->l);
        }
    }
    return true;
}

/* Line k (1-based) of a row: "| cell | cell |". */
static bool draw_row_line(strbuf *sb, const text_grid *g, const grid_row *row, int k, int amb,
                          const char **why)
{
    sb_addc(sb, '|');
    for (int ci = row->first; ci < row->first + row->count; ci++) {
        const grid_cell *c = &g->cells[ci];
        sb_addc(sb, ' ');
        if (c->nlines > 0) {
            if (k <= c->nlines)
                sb_adds(sb, c->lines[k - 1]);
            else
                add_run(sb, ' ', c->w);
        } else if (k > 1 || !*c->text) {
            add_run(sb, ' ', c->w);
        } else {
            char *cell = NULL;
            if (kind_is(c, "num")) {
                /* right-aligned with its decimal point (or finding mark) f columns from
                 * the right edge, as fmt:align-num */
                const char *dot = num_tail(c->text);
                int own = dot ? gfa_display_width(dot, amb) : 0;
                strbuf num;
                sb_init(&num);
                sb_adds(&num, c->text);
                for (int i = own; i < c->f; i++)
                    sb_addc(&num, ' ');
                char *raw = sb_take(&num);
                cell = raw ? gfa_fmt_pad(raw, c->w, 'r', amb, 0, why) : NULL;
                free(raw);
            } else {
                char al;
                if (!align_char(c->align && *c->align ? (const char *)c->align : "l", &al)) {
                    *why = "align must be l, r or c";
                    return false;
                }
                cell = gfa_fmt_pad(c->text, c->w, al, amb, 0, why);
            }
            if (!cell)
                return false;
            sb_adds(sb, cell);
            free(cell);
        }
        sb_adds(sb, " |");
    }
    sb_addc(sb, '\n');
    return true;
}

/* The whole table: a rule, the rows (a rule between header rows, open under labels that
 * go on down; '=' under the last header row), a rule. malloc'd, or NULL with *why. */
static char *draw_table(text_grid *g, const col_need *cols, int amb, const char **why)
{
    strbuf sb;
    sb_init(&sb);
    draw_rule(&sb, g, cols, '-', NULL);
    for (int ri = 0; ri < g->nrows; ri++) {
        const grid_row *row = &g->rows[ri];
        if (ri > 0 && g->rows[ri - 1].header)
            draw_rule(&sb, g, cols, row->header ? '-' : '=', row->header ? &g->rows[ri - 1] : NULL);
        int lines = row->l;
        if (lines > 1) {
            /* as many lines as its tallest cell has */
            lines = 0;
            for (int ci = row->first; ci < row->first + row->count && !lines; ci++)
                if (g->cells[ci].l == row->l)
                    lines = g->cells[ci].nlines;
        }
        for (int k = 1; k <= lines; k++) {
            if (!draw_row_line(&sb, g, row, k, amb, why)) {
                sb_free(&sb);
                return NULL;
            }
        }
    }
    draw_rule(&sb, g, cols, '-', NULL);
    if (sb.failed) {
        sb_free(&sb);
        *why = "out of memory";
        return NULL;
    }
    return sb_take(&sb);
}

char *fmt_draw_text(xmlNodePtr grid, int line_width, int amb, int *width, const char **why)
{
    *why = "expects a <grid> element, a line width 1..10000 and an ambiguous width 1 or 2";
    if (!grid || grid->type != XML_ELEMENT_NODE || line_width < 1 ||
        line_width > GFA_FMT_MAX_WIDTH || (amb != 1 && amb != 2))
        return NULL;
    int ncols = node_int(grid, "n", 0);
    if (ncols < 1 || ncols > MAX_LAYOUT_COLUMNS) {
        *why = "the grid needs n = 1..1000 columns";
        return NULL;
    }
    *why = "out of memory";
    text_grid g;
    col_need *cols = calloc((size_t)ncols, sizeof *cols);
    int *x = calloc((size_t)ncols + 1, sizeof *x);
    if (!cols || !x || !grid_read(grid, ncols, &g)) {
        free(cols);
        free(x);
        return NULL;
    }
    layout_columns(&g, line_width, amb, cols);
    for (int j = 0; j < ncols; j++)
        x[j + 1] = x[j] + cols[j].w + 3;
    char *text = place_cells(&g, cols, x, amb, why) ? draw_table(&g, cols, amb, why) : NULL;
    if (width)
        *width = x[ncols] + 1;
    grid_free(&g);
    free(cols);
    free(x);
    return text;
}

/* fmt:draw(grid, line-width): a text table laid out as fmt:layout does and drawn whole.
 * grid as for fmt:layout (<grid n="N"> of <r t="h|d"> rows of <c n s k a i down> cells).
 * Returns one element <drawn width="W">, W the table's width in display columns, holding
 * the drawn lines, each ended by a newline. */
static void fn_draw(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 2, 2, &a))
        return;
    xmlNodePtr grid = first_node(a.v[0]);
    if (grid && (grid->type == XML_DOCUMENT_NODE || grid->type == XML_HTML_DOCUMENT_NODE))
        grid = xmlDocGetRootElement((xmlDocPtr)grid);
    int line_width;
    if (!need_state(ctxt, "draw", &st)) {
        free_args(&a);
        return;
    }
    if (!grid || grid->type != XML_ELEMENT_NODE ||
        !arg_int(a.v[1], 1, GFA_FMT_MAX_WIDTH, &line_width)) {
        free_args(&a);
        fail_empty(ctxt, "draw", "expects a <grid> element and a line width");
        return;
    }
    free_args(&a);
    int width = 0;
    const char *why = NULL;
    char *text = fmt_draw_text(grid, line_width, st->ambiguous_width, &width, &why);
    if (!text) {
        fail_empty(ctxt, "draw", why);
        return;
    }
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    xmlDocPtr container = tctxt ? xsltCreateRVT(tctxt) : NULL;
    xmlNodePtr drawn = NULL;
    if (container) {
        xsltRegisterLocalRVT(tctxt, container);
        drawn = xmlNewDocNode(container, NULL, BAD_CAST "drawn", NULL);
    }
    xmlXPathObjectPtr ret = drawn ? xmlXPathNewNodeSet(NULL) : NULL;
    if (!ret) {
        xmlFreeNode(drawn);
        free(text);
        fail_empty(ctxt, "draw", "out of memory");
        return;
    }
    xmlAddChild((xmlNodePtr)container, drawn);
    char buf[16];
    snprintf(buf, sizeof buf, "%d", width);
    xmlSetProp(drawn, BAD_CAST "width", BAD_CAST buf);
    xmlAddChild(drawn, xmlNewDocText(container, BAD_CAST text));
    free(text);
    xmlXPathNodeSetAddUnique(ret->nodesetval, drawn);
    valuePush(ctxt, ret);
}

/* ---- a table's frame ------------------------------------------------------------------------ */

/* What every rendering of a table needs first (common.xsl's walk): its width in printed
 * cells, the header grid with each label's merged extent, the column slots of its parts and
 * column groups. Computed here with XPath's own number rules (number(), NaN included) so
 * that the frame is the one the stylesheets used to build. */

static xmlNodePtr g_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (xml_is_gfa(c, name))
            return c;
    return NULL;
}

/* number(s) */
static double xp_number(const char *s)
{
    return s ? xmlXPathCastStringToNumber(BAD_CAST s) : NAN;
}

/* number(@name): NaN when absent */
static double attr_number(xmlNodePtr n, const char *name)
{
    xmlChar *copy;
    const char *v = attr_peek(n, name, &copy);
    double d = v ? xmlXPathCastStringToNumber(BAD_CAST v) : NAN;
    xmlFree(copy);
    return d;
}

/* number(concat('0', s)): a missing neighbour counts as 0 */
static double zero_number(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '0');
    sb_adds(&sb, s ? s : "");
    char *z = sb_take(&sb);
    double d = z ? xp_number(z) : NAN;
    free(z);
    return d;
}

static bool set_attr(xmlNodePtr n, const char *name, const char *value)
{
    return xmlSetProp(n, BAD_CAST name, BAD_CAST(value ? value : "")) != NULL;
}

/* An attribute holding an XPath number as XPath writes it (3, 12, NaN). */
static bool set_number(xmlNodePtr n, const char *name, double v)
{
    if (v > INT_MIN && v < INT_MAX && v == (int)v) /* an int: XPath writes it as %d does */
        return xml_set_long(n, name, (int)v);
    xmlChar *s = xmlXPathCastNumberToString(v);
    bool ok = s && set_attr(n, name, (const char *)s);
    xmlFree(s);
    return ok;
}

/* normalize-space(s), malloc'd */
static char *normalize_space(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    bool space = false;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            sb_addc(&sb, ' ');
        space = false;
        sb_addc(&sb, *p);
    }
    char *out = sb_take(&sb);
    return out ? out : strdup("");
}

/* Word i (1-based) of a space-separated list (common.xsl's word): "" past the end. */
static char *list_word(const char *list, int i)
{
    char *l = normalize_space(list);
    if (!l)
        return NULL;
    const char *w = l;
    for (int k = 1; k < i && w; k++) {
        w = strchr(w, ' ');
        w = w ? w + 1 : NULL;
    }
    char *out = strndup(w ? w : "", w ? strcspn(w, " ") : 0);
    free(l);
    return out;
}

static int word_count(const char *list)
{
    char *l = normalize_space(list);
    int n = 1;
    for (const char *p = l; p && *p; p++)
        n += *p == ' ';
    free(l);
    return n;
}

typedef struct frame_span {
    double n, s, r;   /* first printed column, columns, header rows */
    char *text;       /* the label, unwrapped */
} frame_span;

typedef struct frame_row {
    xmlNodePtr hrow;
    bool colno;       /* the 栏次 row */
    frame_span *spans;
    int nspans;
} frame_row;

typedef struct frame_slot {
    xmlChar *part, *axis;
    int g;
    bool lineno;
    char *first, *last; /* as printed */
    double firstn, lastn;
} frame_slot;

/* The number of printed cells across the table (common.xsl's table-width): the widest
 * header row's @cells, else the last value cell of any row. */
static double table_width(xmlNodePtr table)
{
    xmlChar *best = NULL;
    double bestn = NAN;
    xmlNodePtr header = g_child(table, "header");
    for (xmlNodePtr r = header ? header->children : NULL; r; r = r->next) {
        xmlChar *v = xml_is_gfa(r, "hrow") ? xmlGetProp(r, BAD_CAST "cells") : NULL;
        double d = v ? xmlXPathCastStringToNumber(v) : NAN;
        if (v && (!best || d > bestn || (isnan(bestn) && !isnan(d)))) {
            xmlFree(best);
            best = v;
            bestn = d;
        } else {
            xmlFree(v);
        }
    }
    for (xmlNodePtr p = best ? NULL : table->children; p; p = p->next) {
        if (!xml_is_gfa(p, "part"))
            continue;
        for (xmlNodePtr r = p->children; r; r = r->next) {
            if (!xml_is_gfa(r, "row"))
                continue;
            for (xmlNodePtr c = r->children; c; c = c->next) {
                xmlChar *v = c->type == XML_ELEMENT_NODE ? xmlGetProp(c, BAD_CAST "cell") : NULL;
                double d = v ? xmlXPathCastStringToNumber(v) : NAN;
                if (v && (!best || d > bestn || (isnan(bestn) && !isnan(d)))) {
                    xmlFree(best);
                    best = v;
                    bestn = d;
                } else {
                    xmlFree(v);
                }
            }
        }
    }
    double n = zero_number((const char *)best);
    xmlFree(best);
    return n;
}

static void free_frame_rows(frame_row *rows, int nrows)
{
    for (int i = 0; i < nrows; i++) {
        for (int k = 0; k < rows[i].nspans; k++)
            free(rows[i].spans[k].text);
        free(rows[i].spans);
    }
    free(rows);
}

/* Header cells with their merged extent, as printed (common.xsl's header-grid): a label
 * spans right up to the next label of its row or of any row above, and down over the rows
 * below that have no label under it; the 栏次 row never merges down. */
static bool header_spans(xmlNodePtr table, double n, frame_row **out, int *nout)
{
    *out = NULL;
    *nout = 0;
    xmlNodePtr header = g_child(table, "header");
    int nrows = 0;
    for (xmlNodePtr r = header ? header->children : NULL; r; r = r->next)
        nrows += xml_is_gfa(r, "hrow");
    frame_row *rows = calloc((size_t)nrows + 1, sizeof *rows);
    if (!rows)
        return false;
    int k = 0;
    for (xmlNodePtr r = header ? header->children : NULL; r; r = r->next) {
        if (!xml_is_gfa(r, "hrow"))
            continue;
        rows[k].hrow = r;
        rows[k].colno = node_attr_is(r, "colno", "true");
        k++;
    }
    for (int ri = 0; ri < nrows; ri++) {
        frame_row *row = &rows[ri];
        int nh = 0;
        for (xmlNodePtr h = row->hrow->children; h; h = h->next)
            nh += xml_is_gfa(h, "h");
        row->spans = calloc((size_t)nh + 1, sizeof *row->spans);
        if (!row->spans) {
            free_frame_rows(rows, nrows);
            return false;
        }
        for (xmlNodePtr h = row->hrow->children; h; h = h->next) {
            if (!xml_is_gfa(h, "h"))
                continue;
            double c = attr_number(h, "cell");
            xmlNodePtr nexth = h->next;
            while (nexth && !xml_is_gfa(nexth, "h"))
                nexth = nexth->next;
            xmlChar *ncell = nexth ? xmlGetProp(nexth, BAD_CAST "cell") : NULL;
            double next = zero_number((const char *)ncell);
            xmlFree(ncell);
            /* the first of the labels above to the right of c with the least cell */
            xmlChar *bcell = NULL;
            double bmin = NAN;
            for (int ai = 0; ai < ri; ai++) {
                if (rows[ai].colno)
                    continue;
                for (xmlNodePtr a = rows[ai].hrow->children; a; a = a->next) {
                    if (!xml_is_gfa(a, "h"))
                        continue;
                    double ac = attr_number(a, "cell");
                    if (!(ac > c) || (bcell && !(ac < bmin)))
                        continue;
                    xmlFree(bcell);
                    bcell = xmlGetProp(a, BAD_CAST "cell");
                    bmin = ac;
                }
            }
            double bound = zero_number((const char *)bcell);
            xmlFree(bcell);
            /* (arithmetic on cell indexes as the stylesheet did it, NaN and all) */
            double in1 = next > c && next <= n;
            double lim1 = next * in1 + (n + 1) * (1 - in1);
            double in2 = bound > c && bound < lim1;
            double lim = bound * in2 + lim1 * (1 - in2);
            double end = lim - 1;
            double nr = 1;
            if (!row->colno) {
                int blocker = -1, below = 0;
                for (int bi = ri + 1; bi < nrows; bi++) {
                    if (rows[bi].colno)
                        continue;
                    below++;
                    for (xmlNodePtr b = rows[bi].hrow->children; b && blocker < 0; b = b->next) {
                        double bc = xml_is_gfa(b, "h") ? attr_number(b, "cell") : NAN;
                        if (bc >= c && bc <= end)
                            blocker = bi;
                    }
                    if (blocker >= 0)
                        break;
                }
                nr = blocker >= 0 ? blocker - ri : below + 1;
            }
            if (c >= 1 && c <= n) {
                xmlChar *t = xmlNodeGetContent(h);
                frame_span *sp = &row->spans[row->nspans];
                sp->text = text_unwrap(t ? (const char *)t : "");
                xmlFree(t);
                if (!sp->text) {
                    free_frame_rows(rows, nrows);
                    return false;
                }
                sp->n = c;
                sp->s = end - c + 1;
                sp->r = nr;
                row->nspans++;
            }
        }
    }
    *out = rows;
    *nout = nrows;
    return true;
}


/* The header grid's row ri filled across: each printed column holds the start of a label
 * (k="h"), the continuation of a label from a row above (k="v") or an empty cell (k="f")
 * (common.xsl's header-fill). */
static bool fill_header_row(xmlDocPtr doc, xmlNodePtr hr, const frame_row *rows, int ri, double n)
{
    double p = 1;
    while (p <= n) {
        const frame_span *own = NULL, *cover = NULL;
        int cover_row = 0;
        for (int k = 0; k < rows[ri].nspans && !own; k++)
            if (rows[ri].spans[k].n == p)
                own = &rows[ri].spans[k];
        for (int ai = 0; ai < ri && !own && !cover; ai++)
            for (int k = 0; k < rows[ai].nspans && !cover; k++) {
                const frame_span *sp = &rows[ai].spans[k];
                if (sp->n <= p && sp->n + sp->s > p && (ai + 1) + sp->r > ri + 1) {
                    cover = sp;
                    cover_row = ai;
                }
            }
        xmlNodePtr hc = xmlNewDocNode(doc, NULL, BAD_CAST "hc", NULL);
        if (!hc || !xmlAddChild(hr, hc))
            return false;
        double next;
        bool ok;
        if (own) {
            ok = set_attr(hc, "k", "h") && set_number(hc, "n", p) && set_number(hc, "s", own->s) &&
                 set_number(hc, "r", own->r) && (!(own->r > 1) || set_attr(hc, "down", "1")) &&
                 xmlAddChild(hc, xmlNewDocText(doc, BAD_CAST own->text));
            next = p + own->s;
        } else if (cover) {
            ok = set_attr(hc, "k", "v") && set_number(hc, "n", cover->n) &&
                 set_number(hc, "s", cover->s) &&
                 (!((cover_row + 1) + cover->r > ri + 2) || set_attr(hc, "down", "1"));
            next = cover->n + cover->s;
        } else {
            ok = set_attr(hc, "k", "f") && set_number(hc, "n", p) && set_number(hc, "s", 1);
            next = p + 1;
        }
        if (!ok)
            return false;
        if (!(next > p))
            break; /* a span of no columns: the stylesheet would never have ended */
        p = next;
    }
    return true;
}

static void free_slots(frame_slot *slots, int n)
{
    for (int i = 0; i < n; i++) {
        xmlFree(slots[i].part);
        xmlFree(slots[i].axis);
        free(slots[i].first);
        free(slots[i].last);
    }
    free(slots);
}

/* Column slots (common.xsl's slots): each part, and each column group of a part (公开06
 * prints four), occupies a run of printed cells, key cells then value cells; ordered by
 * their first value cell. */
static bool table_slots(xmlNodePtr table, frame_slot **out, int *nout)
{
    int cap = 8, n = 0;
    frame_slot *slots = calloc((size_t)cap, sizeof *slots);
    if (!slots)
        return false;
    for (xmlNodePtr part = table->children; part; part = part->next) {
        if (!xml_is_gfa(part, "part"))
            continue;
        xmlNodePtr col1 = g_child(part, "column");
        xmlChar *cells1 = col1 ? xmlGetProp(col1, BAD_CAST "cells") : NULL;
        int groups = cells1 ? word_count((const char *)cells1) : 1;
        xmlFree(cells1);
        bool lineno = false;
        for (xmlNodePtr r = part->children; r && !lineno; r = r->next)
            lineno = xml_is_gfa(r, "row") && xmlHasProp(r, BAD_CAST "lineNo");
        for (int g = 1; g <= groups; g++) {
            char *first = NULL, *last = NULL;
            double firstn = NAN, lastn = NAN;
            for (xmlNodePtr c = part->children; c; c = c->next) {
                if (!xml_is_gfa(c, "column"))
                    continue;
                xmlChar *cells = xmlGetProp(c, BAD_CAST "cells");
                char *w = list_word(cells ? (const char *)cells : "", g);
                xmlFree(cells);
                double d = w ? xp_number(w) : NAN;
                if (w && d > 0 && (!first || d < firstn)) {
                    free(first);
                    first = strdup(w);
                    firstn = d;
                }
                if (w && d > 0 && (!last || d > lastn)) {
                    free(last);
                    last = strdup(w);
                    lastn = d;
                }
                free(w);
            }
            if (!first || !last) {
                free(first);
                free(last);
                continue;
            }
            if (n == cap) {
                frame_slot *more = realloc(slots, (size_t)cap * 2 * sizeof *slots);
                if (!more) {
                    free(first);
                    free(last);
                    free_slots(slots, n);
                    return false;
                }
                slots = more;
                cap *= 2;
            }
            slots[n++] = (frame_slot){xmlGetProp(part, BAD_CAST "id"), xmlGetProp(part, BAD_CAST "axis"),
                                      g, lineno, first, last, firstn, lastn};
        }
    }
    /* by first value cell, stably (insertion sort: a table has a handful of slots) */
    for (int i = 1; i < n; i++) {
        frame_slot t = slots[i];
        int j = i;
        while (j > 0 && slots[j - 1].firstn > t.firstn) {
            slots[j] = slots[j - 1];
            j--;
        }
        slots[j] = t;
    }
    *out = slots;
    *nout = n;
    return true;
}

/* Whether printed column `cell` (its number as XPath writes it) starts a column group of the
 * frame: contains($frame/@groups, concat(' ', cell, ' ')), as the stylesheets tested it cell
 * by cell (issue 13: the markers say it once). */
static bool starts_group(const char *groups, const char *cell)
{
    if (!groups || !cell)
        return false;
    size_t n = strlen(cell);
    for (const char *p = strchr(groups, ' '); p; p = strchr(p + 1, ' '))
        if (strncmp(p + 1, cell, n) == 0 && p[1 + n] == ' ')
            return true;
    return false;
}

/* Whether a finding names a cell of the table (common.xsl's key finding-cell: @table its
 * definition id or printed number, with @row and @col): a table none names looks none up.
 * With candidates: whether a reading of a diagnosis names one (key candidate-cell: @table
 * the definition id). */
static bool table_has_findings(xmlNodePtr table, bool candidates)
{
    xmlNodePtr report = table->doc ? xmlDocGetRootElement(table->doc) : NULL;
    xmlNodePtr validation = xml_is_gfa(report, "report") ? g_child(report, "validation") : NULL;
    if (!validation)
        return false;
    xmlChar *def = xmlGetProp(table, BAD_CAST "def"), *number = xmlGetProp(table, BAD_CAST "number");
    bool found = false;
    for (xmlNodePtr f = validation->children; f && !found; f = f->next) {
        if (!xml_is_gfa(f, "finding"))
            continue;
        for (xmlNodePtr c = candidates ? f->children : f; c && !found; c = candidates ? c->next : NULL) {
            if ((candidates && !xml_is_gfa(c, "candidate")) || !xmlHasProp(c, BAD_CAST "row") ||
                !xmlHasProp(c, BAD_CAST "col"))
                continue;
            xmlChar *t = xmlGetProp(c, BAD_CAST "table");
            found = t && (xmlStrEqual(t, def ? def : BAD_CAST "") ||
                          (!candidates && xmlStrEqual(t, number ? number : BAD_CAST "")));
            xmlFree(t);
        }
    }
    xmlFree(def);
    xmlFree(number);
    return found;
}

/* Builds the <frame> of a table in doc (common.xsl documents it at table-frame). */
static xmlNodePtr build_frame(xmlDocPtr doc, xmlNodePtr table)
{
    double n = table_width(table);
    frame_row *rows = NULL;
    frame_slot *slots = NULL;
    int nrows = 0, nslots = 0;
    xmlNodePtr frame = NULL;
    bool ok = header_spans(table, n, &rows, &nrows) && table_slots(table, &slots, &nslots);
    if (ok) {
        frame = xmlNewDocNode(doc, NULL, BAD_CAST "frame", NULL);
        ok = frame && set_number(frame, "n", n);
    }
    /* groups: the printed cells where a column group starts, each followed by a space, the
     * list starting with one; a header's first row of labels over groups counts too */
    strbuf groups;
    sb_init(&groups);
    sb_addc(&groups, ' ');
    xmlNodePtr hr1 = NULL;
    for (int ri = 0; ok && ri < nrows; ri++) {
        xmlNodePtr hr = xmlNewDocNode(doc, NULL, BAD_CAST "hr", NULL);
        xmlChar *line = xmlGetProp(rows[ri].hrow, BAD_CAST "line");
        ok = hr && xmlAddChild(frame, hr) && set_number(hr, "i", ri + 1) &&
             set_attr(hr, "colno", rows[ri].colno ? "true" : "false") &&
             set_attr(hr, "line", (const char *)line) && fill_header_row(doc, hr, rows, ri, n);
        xmlFree(line);
        if (ri == 0)
            hr1 = hr;
    }
    if (ok && hr1) {
        /* $hdr[1][count(hc[@k = 'h']) > 1 and not(hc[@k = 'h' and @s = 1]) and
         *  number(hc[1]/@n) + number(hc[1]/@s) > number($slots[1]/@first)]/hc[number(@n) > 1]/@n */
        int labels = 0;
        bool single = false;
        xmlNodePtr first_hc = NULL;
        for (xmlNodePtr hc = hr1->children; hc; hc = hc->next) {
            first_hc = first_hc ? first_hc : hc;
            if (node_attr_is(hc, "k", "h")) {
                labels++;
                single = single || attr_number(hc, "s") == 1;
            }
        }
        double reach = first_hc ? attr_number(first_hc, "n") + attr_number(first_hc, "s") : NAN;
        if (labels > 1 && !single && nslots > 0 && reach > slots[0].firstn) {
            for (xmlNodePtr hc = hr1->children; hc; hc = hc->next) {
                if (!(attr_number(hc, "n") > 1))
                    continue;
                xmlChar *v = xmlGetProp(hc, BAD_CAST "n");
                sb_adds(&groups, (const char *)v);
                sb_addc(&groups, ' ');
                xmlFree(v);
            }
        }
    }
    for (int i = 0; ok && i < nslots; i++) {
        frame_slot *sl = &slots[i];
        double start = 1;
        bool prev = false;
        for (int j = 0; j < nslots; j++) {
            if (slots[j].firstn < sl->firstn && (!prev || slots[j].lastn + 1 > start)) {
                start = slots[j].lastn + 1;
                prev = true;
            }
        }
        xmlNodePtr slot = xmlNewDocNode(doc, NULL, BAD_CAST "slot", NULL);
        ok = slot && xmlAddChild(frame, slot) && set_attr(slot, "part", (const char *)sl->part) &&
             set_number(slot, "g", sl->g) && set_number(slot, "start", start) &&
             set_attr(slot, "first", sl->first) && set_attr(slot, "last", sl->last) &&
             set_number(slot, "keys", sl->firstn - start) &&
             set_attr(slot, "lineno", sl->lineno ? "true" : "false") &&
             set_attr(slot, "axis", (const char *)sl->axis);
        if (ok && start > 1) {
            xmlChar *v = xmlGetProp(slot, BAD_CAST "start");
            sb_adds(&groups, (const char *)v);
            sb_addc(&groups, ' ');
            xmlFree(v);
        }
    }
    char *gs = sb_take(&groups);
    /* a header cell that starts a column group says so (gs="true"; the stylesheets tested
     * each cell's column against groups) */
    for (xmlNodePtr hr = ok && gs ? frame->children : NULL; hr && ok; hr = hr->next)
        for (xmlNodePtr hc = xmlStrEqual(hr->name, BAD_CAST "hr") ? hr->children : NULL; hc && ok; hc = hc->next) {
            xmlChar *copy;
            bool starts = starts_group(gs, attr_peek(hc, "n", &copy));
            xmlFree(copy);
            ok = !starts || set_attr(hc, "gs", "true");
        }
    ok = ok && gs && set_attr(frame, "groups", gs) &&
         set_attr(frame, "findings", table_has_findings(table, false) ? "true" : "false") &&
         set_attr(frame, "candidates", table_has_findings(table, true) ? "true" : "false");
    free(gs);
    free_frame_rows(rows, nrows);
    free_slots(slots, nslots);
    if (!ok) {
        xmlFreeNode(frame);
        return NULL;
    }
    return frame;
}

xmlNodePtr fmt_table_frame(xmlDocPtr doc, xmlNodePtr table)
{
    return doc && xml_is_gfa(table, "table") ? build_frame(doc, table) : NULL;
}

/* fmt:table-frame(table): the frame of a g:table, what every rendering of it needs first:
 * <frame n="printed cells across" groups=" 3 7 " findings="true|false"> holding the header grid's rows
 * <hr i colno line> of <hc k n s [r] [down]> cells, then the column slots
 * <slot part g start first last keys lineno axis>, left to right (common.xsl documents
 * them). Issue 13: the same frame common.xsl's templates built, cell by cell in XPath. */
static void fn_table_frame(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr table = first_node(a.v[0]);
    free_args(&a);
    if (!xml_is_gfa(table, "table")) {
        fail_empty(ctxt, "table-frame", "expects a g:table element");
        return;
    }
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    xmlDocPtr container = tctxt ? xsltCreateRVT(tctxt) : NULL;
    if (container)
        xsltRegisterLocalRVT(tctxt, container);
    xmlNodePtr frame = container ? fmt_table_frame(container, table) : NULL;
    xmlXPathObjectPtr ret = frame ? xmlXPathNewNodeSet(NULL) : NULL;
    if (!ret) {
        xmlFreeNode(frame);
        fail_empty(ctxt, "table-frame", "out of memory");
        return;
    }
    xmlAddChild((xmlNodePtr)container, frame);
    xmlXPathNodeSetAddUnique(ret->nodesetval, frame);
    valuePush(ctxt, ret);
}

/* ---- the walk of a table's body ---------------------------------------------------------------- */

/* common.xsl's walk of a table as printed (issue 13: in XPath it cost a key lookup, a
 * Muenchian grouping and a dozen variables a row): the printed lines in order, and on each
 * line the key cells, value cells and empty cells slot by slot. An index of one table's
 * rows and stray header rows by line is kept between calls (render_state.walk): a
 * transform walks its tables one after the other, line by line. */

typedef struct node_list {
    xmlNodePtr *v;
    size_t n, cap;
    bool failed;
} node_list;

typedef struct walk_entry {
    xmlNodePtr node;  /* g:part/g:row or g:hrow of the table */
    xmlChar *line;    /* its @line, compared as a string (the stylesheets' keys did) */
    size_t order;     /* document order */
    bool hrow;
} walk_entry;

struct fmt_walk {
    xmlNodePtr table; /* the table indexed, or NULL */
    walk_entry *e;    /* by line, then document order */
    size_t n;
};

fmt_walk *fmt_walk_new(void)
{
    return calloc(1, sizeof(fmt_walk));
}

static void walk_clear(fmt_walk *w);

void fmt_walk_forget(fmt_walk *w)
{
    walk_clear(w);
}

static void walk_clear(fmt_walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        xmlFree(w->e[i].line);
    free(w->e);
    w->e = NULL;
    w->n = 0;
    w->table = NULL;
}

void fmt_walk_free(fmt_walk *w)
{
    if (w)
        walk_clear(w);
    free(w);
}

static int cmp_entry(const void *a, const void *b)
{
    const walk_entry *x = a, *y = b;
    int c = strcmp((const char *)x->line, (const char *)y->line);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A node without @line is on no printed line (the stylesheets' keys never found it). */
static void walk_add(fmt_walk *w, xmlNodePtr n, bool hrow)
{
    xmlChar *line = xmlGetProp(n, BAD_CAST "line");
    if (line) {
        size_t i = w->n++;
        w->e[i] = (walk_entry){n, line, i, hrow};
    }
}

/* Indexes table (rows of its parts and its stray header rows) unless it already is. */
static bool walk_index(fmt_walk *w, xmlNodePtr table)
{
    if (w->table == table)
        return true;
    walk_clear(w);
    size_t cap = 0;
    for (xmlNodePtr c = table->children; c; c = c->next) {
        if (xml_is_gfa(c, "hrow"))
            cap++;
        else if (xml_is_gfa(c, "part"))
            for (xmlNodePtr r = c->children; r; r = r->next)
                cap += xml_is_gfa(r, "row");
    }
    w->e = calloc(cap + 1, sizeof *w->e);
    if (!w->e)
        return false;
    for (xmlNodePtr c = table->children; c; c = c->next) {
        if (xml_is_gfa(c, "hrow"))
            walk_add(w, c, true);
        else if (xml_is_gfa(c, "part"))
            for (xmlNodePtr r = c->children; r; r = r->next)
                if (xml_is_gfa(r, "row"))
                    walk_add(w, r, false);
    }
    qsort(w->e, w->n, sizeof *w->e, cmp_entry);
    w->table = table;
    return true;
}

/* The entries on a line: [*from, *to) */
static void walk_line(const fmt_walk *w, const xmlChar *line, size_t *from, size_t *to)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp((const char *)w->e[mid].line, (const char *)line) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *from = lo;
    while (hi < w->n && xmlStrEqual(w->e[hi].line, line))
        hi++;
    *to = hi;
}

static void list_add(node_list *l, xmlNodePtr n)
{
    if (l->failed)
        return;
    if (!n) {
        l->failed = true;
        return;
    }
    xmlNodePtr *more = array_grow(l->v, &l->cap, l->n + 1, sizeof *more);
    if (!more) {
        l->failed = true;
        return;
    }
    l->v = more;
    l->v[l->n++] = n;
}

typedef struct line_group {
    size_t from, to; /* entries of the line */
    double number;   /* number(@line) */
    size_t first;    /* document order of its first node */
} line_group;

static int cmp_group(const void *a, const void *b)
{
    const line_group *x = a, *y = b;
    /* xsl:sort data-type="number": NaN first; stable */
    bool xn = isnan(x->number), yn = isnan(y->number);
    if (xn != yn)
        return xn ? -1 : 1;
    if (!xn && x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

bool fmt_body_rows(fmt_walk *w, xmlNodePtr table, xmlNodePtr **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!xml_is_gfa(table, "table") || !walk_index(w, table))
        return xml_is_gfa(table, "table") ? false : true;
    line_group *g = calloc(w->n + 1, sizeof *g);
    if (!g)
        return false;
    size_t ng = 0;
    for (size_t i = 0; i < w->n;) {
        size_t from, to;
        walk_line(w, w->e[i].line, &from, &to);
        g[ng++] = (line_group){from, to, xp_number((const char *)w->e[i].line), w->e[from].order};
        i = to;
    }
    qsort(g, ng, sizeof *g, cmp_group);
    node_list l = {0};
    for (size_t k = 0; k < ng; k++) {
        bool stray = false;
        for (size_t i = g[k].from; i < g[k].to; i++)
            if (w->e[i].hrow) {
                list_add(&l, w->e[i].node);
                stray = true;
            }
        if (!stray)
            list_add(&l, w->e[g[k].from].node);
    }
    free(g);
    if (l.failed) {
        free(l.v);
        return false;
    }
    *out = l.v;
    *nout = l.n;
    return true;
}

static xmlNodePtr table_of(xmlNodePtr row)
{
    xmlNodePtr part = row ? row->parent : NULL;
    return part && xml_is_gfa(part, "part") && xml_is_gfa(part->parent, "table") ? part->parent : NULL;
}

bool fmt_line_rows(fmt_walk *w, xmlNodePtr row, xmlNodePtr **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    xmlNodePtr table = xml_is_gfa(row, "row") ? table_of(row) : NULL;
    xmlChar *copy = NULL;
    const xmlChar *line = table ? BAD_CAST attr_peek(row, "line", &copy) : NULL;
    if (!line)
        return true;
    if (!walk_index(w, table)) {
        xmlFree(copy);
        return false;
    }
    size_t from, to;
    walk_line(w, line, &from, &to);
    xmlFree(copy);
    node_list l = {0};
    for (size_t i = from; i < to; i++)
        if (!w->e[i].hrow)
            list_add(&l, w->e[i].node);
    if (l.failed) {
        free(l.v);
        return false;
    }
    *out = l.v;
    *nout = l.n;
    return true;
}

/* A column slot of a frame, as the walk reads it. */
typedef struct walk_slot {
    xmlChar *part, *g, *axis;
    double start, last;
    bool lineno;
    bool coded; /* its part's rows are of a code list (axis function or economic) */
} walk_slot;

static void free_walk_slots(walk_slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xmlFree(s[i].part);
        xmlFree(s[i].g);
        xmlFree(s[i].axis);
    }
    free(s);
}

static walk_slot *frame_walk_slots(xmlNodePtr frame, size_t *n)
{
    *n = 0;
    size_t cap = 0;
    for (xmlNodePtr c = frame ? frame->children : NULL; c; c = c->next)
        cap += c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "slot");
    walk_slot *s = calloc(cap + 1, sizeof *s);
    for (xmlNodePtr c = s && frame ? frame->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "slot"))
            continue;
        s[*n] = (walk_slot){xmlGetProp(c, BAD_CAST "part"), xmlGetProp(c, BAD_CAST "g"),
                            xmlGetProp(c, BAD_CAST "axis"), attr_number(c, "start"),
                            attr_number(c, "last"), node_attr_is(c, "lineno", "true"), false};
        s[*n].coded = s[*n].axis && (xmlStrEqual(s[*n].axis, BAD_CAST "function") ||
                                     xmlStrEqual(s[*n].axis, BAD_CAST "economic"));
        (*n)++;
    }
    return s;
}

/* Whether row sits in slot s: its part's id and its column group (1 when absent), compared
 * as strings as the stylesheets' key slot-row did. */
static bool in_slot(xmlNodePtr row, const walk_slot *s)
{
    xmlChar *idc, *gc;
    const char *id = attr_peek(row->parent, "id", &idc), *g = attr_peek(row, "group", &gc);
    bool r = xmlStrEqual(BAD_CAST(id ? id : ""), s->part ? s->part : BAD_CAST "") &&
             xmlStrEqual(BAD_CAST(g ? g : "1"), s->g ? s->g : BAD_CAST "");
    xmlFree(idc);
    xmlFree(gc);
    return r;
}

static bool has_cell(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && xmlHasProp(n, BAD_CAST "cell");
}

/* The key cells of row in slot s starting at printed column start: false when it has none
 * (its values start there); else the columns of 科目代码 (code), the label (span) and 行次
 * (lineno), as common.xsl's row-cells reckons them. */
static bool key_cells(xmlNodePtr row, const walk_slot *s, double start, bool *code, double *span,
                      bool *lineno)
{
    xmlNodePtr v1 = NULL;
    for (xmlNodePtr c = row->children; c && !v1; c = c->next)
        if (has_cell(c))
            v1 = c;
    double first;
    if (v1) {
        xmlChar *copy;
        first = zero_number(attr_peek(v1, "cell", &copy));
        xmlFree(copy);
    } else {
        first = zero_number(NULL) + (s->last + 1);
    }
    double k = first - start;
    if (!(k > 0))
        return false;
    *lineno = s->lineno && k >= 2;
    *code = s->coded && xmlHasProp(row, BAD_CAST "code") && k >= 2 && !*lineno;
    *span = k - *lineno - *code;
    return true;
}

/* A row's label as shown, as common.xsl's row-label gives it: its name in a part of a code
 * list (axis function or economic), else its label unwrapped (text_unwrap), else its name.
 * malloc'd; NULL when out of memory. */
static char *row_label(xmlNodePtr row)
{
    xmlChar *name_copy, *label_copy, *axis_copy = NULL;
    const char *name = plain_attr(row, "name", &name_copy);
    const char *label = plain_attr(row, "label", &label_copy);
    const char *axis = row->parent && row->parent->type == XML_ELEMENT_NODE
                           ? plain_attr(row->parent, "axis", &axis_copy)
                           : NULL;
    bool coded = axis && (strcmp(axis, "function") == 0 || strcmp(axis, "economic") == 0);
    char *r = name && coded ? strdup(name) : label ? text_unwrap(label) : strdup(name ? name : "");
    xmlFree(name_copy);
    xmlFree(label_copy);
    xmlFree(axis_copy);
    return r;
}

/* A marker of a line's cells, a new node of doc (linked to it: freed with it): "gap", or "k"
 * and "v" for the r-th row on the line and its c-th element child (c = 0: the row itself; c
 * < 0: none, "k" and "vs"). */
static xmlNodePtr marker(xmlDocPtr doc, const char *name, double r, double c)
{
    xmlNodePtr m = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
    if (!m || !xmlAddChild((xmlNodePtr)doc, m)) {
        xmlFreeNode(m);
        return NULL;
    }
    if (r > 0 && !(set_number(m, "r", r) && (c < 0 || set_number(m, "c", c))))
        return NULL;
    return m;
}

/* Whether a value cell's @cell is a column number as XPath writes it (1 to 999999999, no
 * sign, blank or leading zero): then {@cell} is {number(@cell)}. */
static bool cell_is_number(xmlNodePtr c)
{
    xmlChar *copy;
    const char *v = attr_peek(c, "cell", &copy);
    size_t n = v ? strspn(v, "0123456789") : 0;
    bool r = n > 0 && n < 10 && v[n] == '\0' && v[0] != '0';
    xmlFree(copy);
    return r;
}

/* starts_group of a value cell's @cell */
static bool cell_starts_group(const char *groups, xmlNodePtr c)
{
    xmlChar *copy;
    bool r = starts_group(groups, attr_peek(c, "cell", &copy));
    xmlFree(copy);
    return r;
}

static void add_gap(node_list *l, xmlDocPtr doc, double from, double to)
{
    xmlNodePtr g = marker(doc, "gap", 0, 0);
    list_add(l, g && set_number(g, "from", from) && set_number(g, "to", to) ? g : NULL);
}

/* row's cells in slot s (r: the row's number among the rows on its line; groups: the
 * frame's, whose candidates make no value plain): <k> for its key cells when it has any, then its
 * values: <vs> for all of them when they stand side by side and none starts a column group
 * (most rows), else <v> for each (gs: whether it starts one), with a <gap> before a value that
 * leaves printed columns empty. */
static void row_items(node_list *l, xmlDocPtr doc, xmlNodePtr row, double r, const walk_slot *s,
                      xmlNodePtr frame, const char *groups)
{
    bool code, lineno;
    double span;
    if (key_cells(row, s, s->start, &code, &span, &lineno)) {
        xmlNodePtr k = marker(doc, "k", r, -1); /* the row itself: no c */
        bool ok = k && set_number(k, "start", s->start);
        xmlChar *copy;
        bool gs = ok && starts_group(groups, attr_peek(k, "start", &copy));
        if (ok)
            xmlFree(copy);
        /* the label as its text: the markup reads it in one evaluation (issue 13: row-label's
         * tests cost a tenth of the HTML key cells) */
        char *label = ok ? row_label(row) : NULL;
        list_add(l, label && (!code || set_attr(k, "code", "true")) && set_number(k, "span", span) &&
                            (!lineno || set_attr(k, "lineno", "true")) &&
                            (!s->coded || set_attr(k, "coded", "true")) &&
                            (!gs || set_attr(k, "gs", "true")) &&
                            (!*label || xmlAddChild(k, xmlNewDocText(doc, BAD_CAST label)))
                        ? k
                        : NULL);
        free(label);
    }
    /* values without holes between them, none starting a column group: one marker for all */
    double prev = NAN;
    bool holes = false;
    for (xmlNodePtr c = row->children; c && !holes; c = c->next) {
        if (!has_cell(c))
            continue;
        double at = attr_number(c, "cell");
        holes = (prev > 0 && at > prev + 1) || cell_starts_group(groups, c);
        prev = at;
    }
    if (!holes) {
        /* plain: every value an amount or a blank the reader was sure of, at a column its
         * @cell writes as XPath writes numbers, on a table no reading of a diagnosis names */
        bool any = false, plain = !node_attr_is(frame, "candidates", "true");
        for (xmlNodePtr c = row->children; c; c = c->next)
            if (has_cell(c)) {
                any = true;
                plain = plain && (xml_is_gfa(c, "amt") || xml_is_gfa(c, "blank")) &&
                        !xmlHasProp(c, BAD_CAST "certain") && cell_is_number(c);
            }
        if (any) {
            xmlNodePtr vs = marker(doc, "vs", r, -1); /* all the row's values: no c */
            list_add(l, vs && set_attr(vs, "plain", plain ? "true" : "false") ? vs : NULL);
        }
        return;
    }
    prev = NAN;
    double child = 0;
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        child++;
        if (!has_cell(c))
            continue;
        double at = attr_number(c, "cell");
        if (prev > 0 && at > prev + 1)
            add_gap(l, doc, prev + 1, at - 1);
        xmlNodePtr v = marker(doc, "v", r, child);
        list_add(l, v && (!cell_starts_group(groups, c) || set_attr(v, "gs", "true")) ? v : NULL);
        prev = at;
    }
}

/* The last value cell's column of row (0 without one). */
static double row_reach(xmlNodePtr row)
{
    xmlNodePtr last = NULL;
    for (xmlNodePtr c = row ? row->children : NULL; c; c = c->next)
        if (has_cell(c))
            last = c;
    xmlChar *copy = NULL;
    double d = zero_number(last ? attr_peek(last, "cell", &copy) : NULL);
    xmlFree(copy);
    return d;
}

/* <line> first, when a row on the line (entries [from, to) of w) is a total or a heading or
 * all are placeholders: total, heading, placeholder="true" (only those that are). */
static void line_marks(node_list *l, xmlDocPtr doc, const fmt_walk *w, size_t from, size_t to)
{
    bool total = false, heading = false, placeholder = true;
    for (size_t e = from; e < to; e++)
        if (!w->e[e].hrow) {
            total = total || node_attr_is(w->e[e].node, "total", "true");
            heading = heading || node_attr_is(w->e[e].node, "heading", "true");
            placeholder = placeholder && node_attr_is(w->e[e].node, "placeholder", "true");
        }
    if (!(total || heading || placeholder))
        return;
    xmlNodePtr m = marker(doc, "line", 0, 0);
    list_add(l, m && (!total || set_attr(m, "total", "true")) &&
                        (!heading || set_attr(m, "heading", "true")) &&
                        (!placeholder || set_attr(m, "placeholder", "true"))
                    ? m
                    : NULL);
}

bool fmt_line_cells(fmt_walk *w, xmlDocPtr doc, xmlNodePtr row, xmlNodePtr frame, xmlNodePtr **out,
                    size_t *nout)
{
    *out = NULL;
    *nout = 0;
    xmlNodePtr table = xml_is_gfa(row, "row") ? table_of(row) : NULL;
    xmlChar *copy = NULL;
    const xmlChar *line = table ? BAD_CAST attr_peek(row, "line", &copy) : NULL;
    if (!line)
        return true;
    size_t ns = 0;
    walk_slot *slots = frame_walk_slots(frame, &ns);
    xmlChar *groups = xmlGetProp(frame, BAD_CAST "groups");
    bool ok = slots && walk_index(w, table);
    size_t from = 0, to = 0;
    if (ok)
        walk_line(w, line, &from, &to);
    xmlFree(copy);
    node_list l = {0};
    if (ok)
        line_marks(&l, doc, w, from, to);
    double p = 1;
    for (size_t i = 0; ok && i < ns; i++) {
        const walk_slot *s = &slots[i];
        xmlNodePtr r = NULL;
        double rn = 0; /* its number among the rows on the line */
        for (size_t e = from; e < to && !r; e++)
            if (!w->e[e].hrow) {
                rn++;
                r = in_slot(w->e[e].node, s) ? w->e[e].node : NULL;
            }
        if (ns > 1) {
            /* a row whose values reach past its slot covers the slots it reaches */
            bool skip = s->start < p;
            double rl = row_reach(r);
            p = skip ? p : rl > s->last ? rl + 1 : s->last + 1;
            if (skip)
                continue;
        }
        if (r)
            row_items(&l, doc, r, rn, s, frame, (const char *)groups);
        else
            add_gap(&l, doc, s->start, s->last);
    }
    free_walk_slots(slots, ns);
    xmlFree(groups);
    if (!ok || l.failed) {
        free(l.v);
        return false;
    }
    *out = l.v;
    *nout = l.n;
    return true;
}

xmlNodePtr fmt_line_node(fmt_walk *w, xmlNodePtr row, double r, double c)
{
    xmlNodePtr table = xml_is_gfa(row, "row") ? table_of(row) : NULL;
    xmlChar *copy = NULL;
    const xmlChar *line = table ? BAD_CAST attr_peek(row, "line", &copy) : NULL;
    if (!line || !(r >= 1 && c >= 0 && r == floor(r) && c == floor(c)) || !walk_index(w, table)) {
        xmlFree(copy);
        return NULL;
    }
    size_t from, to;
    walk_line(w, line, &from, &to);
    xmlFree(copy);
    xmlNodePtr found = NULL;
    for (size_t e = from; e < to && !found; e++)
        if (!w->e[e].hrow && --r == 0)
            found = w->e[e].node;
    for (xmlNodePtr k = found ? found->children : NULL; k && c > 0; k = k->next)
        if (k->type == XML_ELEMENT_NODE && --c == 0)
            found = k;
    return c == 0 ? found : NULL;
}

/* The walk of the transform for node's table. Only the input document lives as long as the
 * transform: the index of a table elsewhere (a result tree fragment) is not kept. */
static fmt_walk *walk_for(xmlXPathParserContextPtr ctxt, const render_state *st, xmlNodePtr node)
{
    xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
    if (st->walk && (!t || !node || node->doc != t->initialContextDoc))
        fmt_walk_forget(st->walk);
    return st->walk;
}

/* Pushes nodes (in this order, not document order: for-each keeps it) as a node-set. */
static void return_nodes(xmlXPathParserContextPtr ctxt, const char *fn, bool ok, xmlNodePtr *v,
                         size_t n)
{
    xmlXPathObjectPtr ret = ok ? xmlXPathNewNodeSet(NULL) : NULL;
    for (size_t i = 0; ret && i < n; i++)
        if (xmlXPathNodeSetAddUnique(ret->nodesetval, v[i]) < 0) {
            xmlXPathFreeObject(ret);
            ret = NULL;
        }
    free(v);
    if (!ret) {
        fail_empty(ctxt, fn, "out of memory");
        return;
    }
    valuePush(ctxt, ret);
}

/* A list of the walk about node (fmt_body_rows, fmt_line_rows) as fn's node-set. */
static void return_walk(xmlXPathParserContextPtr ctxt, const char *fn, xmlNodePtr node,
                        bool (*list)(fmt_walk *, xmlNodePtr, xmlNodePtr **, size_t *))
{
    const render_state *st;
    if (!need_state(ctxt, fn, &st))
        return;
    xmlNodePtr *v = NULL;
    size_t n = 0;
    fmt_walk *w = walk_for(ctxt, st, node);
    bool ok = w && list(w, node, &v, &n);
    walk_for(ctxt, st, node);
    return_nodes(ctxt, fn, ok, v, n);
}

/* fmt:body-rows(table): the printed lines of a table body, one node each: the stray header
 * rows (g:hrow) printed on it, else its first row (g:row); in document order, as XPath
 * returns node-sets: sort them by @line. */
static void fn_body_rows(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr table = first_node(a.v[0]);
    free_args(&a);
    if (!xml_is_gfa(table, "table"))
        fail_empty(ctxt, "body-rows", "expects a g:table element");
    else
        return_walk(ctxt, "body-rows", table, fmt_body_rows);
}

/* fmt:line-rows(row): the rows of row's table printed on its line, in document order. */
static void fn_line_rows(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr row = first_node(a.v[0]);
    free_args(&a);
    return_walk(ctxt, "line-rows", row, fmt_line_rows);
}

/* A node of a new fragment of the transform (freed with the template's other locals). */
static xmlDocPtr local_fragment(xmlXPathParserContextPtr ctxt)
{
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    xmlDocPtr container = tctxt ? xsltCreateRVT(tctxt) : NULL;
    if (container)
        xsltRegisterLocalRVT(tctxt, container);
    return container;
}

/* fmt:line-cells(row, frame): the cells of the printed line of row (the first row of the line,
 * as fmt:body-rows gives it), slot by slot, as markers (render.h, fmt_line_cells). */
static void fn_line_cells(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 2, 2, &a))
        return;
    xmlNodePtr row = first_node(a.v[0]), frame = first_node(a.v[1]);
    free_args(&a);
    if (!xml_is_gfa(row, "row") || !frame) {
        fail_empty(ctxt, "line-cells", "expects a g:row and its table's frame");
        return;
    }
    const render_state *st;
    if (!need_state(ctxt, "line-cells", &st))
        return;
    xmlDocPtr doc = local_fragment(ctxt);
    xmlNodePtr *v = NULL;
    size_t n = 0;
    fmt_walk *w = walk_for(ctxt, st, row);
    bool ok = doc && w && fmt_line_cells(w, doc, row, frame, &v, &n);
    walk_for(ctxt, st, row);
    if (ok) /* document order (XPath sorts every node-set it returns) is creation order */
        xmlXPathOrderDocElems(doc);
    return_nodes(ctxt, "line-cells", ok, v, n);
}

/* fmt:line-node(row, r, c): the node a marker of fmt:line-cells(row, …) stands for: its
 * @r-th row on the line, that row's @c-th element (c = 0: the row). */
static void fn_line_node(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 3, 3, &a))
        return;
    xmlNodePtr row = first_node(a.v[0]);
    double r = xmlXPathCastToNumber(a.v[1]), c = xmlXPathCastToNumber(a.v[2]);
    free_args(&a);
    const render_state *st;
    if (!need_state(ctxt, "line-node", &st))
        return;
    fmt_walk *w = walk_for(ctxt, st, row);
    xmlNodePtr n = w ? fmt_line_node(w, row, r, c) : NULL;
    walk_for(ctxt, st, row);
    xmlXPathObjectPtr ret = xmlXPathNewNodeSet(n);
    if (!ret) {
        fail_empty(ctxt, "line-node", "out of memory");
        return;
    }
    valuePush(ctxt, ret);
}

/* ---- a value cell ------------------------------------------------------------------------------ */

/* The decimals an amount of cell is shown with: the declared precision of the report
 * (header/units/@decimals), or -1 (as many as printed) for a row with its own unit (a count)
 * or a report that declares none. False when the declared precision is not 0..6. */
static bool cell_decimals(xmlNodePtr cell, int *decimals)
{
    *decimals = -1;
    xmlNodePtr row = cell->parent;
    if (row && row->type == XML_ELEMENT_NODE && xmlHasProp(row, BAD_CAST "unit"))
        return true;
    xmlNodePtr report = cell->doc ? xmlDocGetRootElement(cell->doc) : NULL;
    xmlNodePtr units = xml_is_gfa(report, "report") ? g_child(g_child(report, "header"), "units") : NULL;
    xmlChar *d = units ? xmlGetProp(units, BAD_CAST "decimals") : NULL;
    bool ok = true;
    if (d && *d) {
        const char *p = skip_space((const char *)d);
        if (strcmp(p, "auto") != 0 && *p) {
            char *end;
            long v = strtol(p, &end, 10);
            ok = end != p && *skip_space(end) == '\0' && v >= 0 && v <= GFA_FMT_MAX_DECIMALS;
            *decimals = ok ? (int)v : -1;
        }
    }
    xmlFree(d);
    return ok;
}

/* fmt:cell-text(cell): the text of a value cell of a table row as shown (common.xsl used
 * to spell it out): an amount (g:amt) with grouping and the report's declared decimals,
 * never fewer digits than printed, negatives in parentheses when the report printed them
 * so, a row with its own unit (a count) as printed; g:na its printed mark; g:text its
 * text; anything else (g:blank) nothing. */
static void fn_cell_text(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    const render_state *st;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr cell = first_node(a.v[0]);
    free_args(&a);
    if (!need_state(ctxt, "cell-text", &st))
        return;
    if (xml_is_gfa(cell, "na")) {
        xmlChar *t = xmlGetProp(cell, BAD_CAST "text");
        xmlXPathReturnString(ctxt, t ? t : xmlStrdup(BAD_CAST ""));
        return;
    }
    if (xml_is_gfa(cell, "text")) {
        xmlChar *t = xmlNodeGetContent(cell);
        xmlXPathReturnString(ctxt, t ? t : xmlStrdup(BAD_CAST ""));
        return;
    }
    if (!xml_is_gfa(cell, "amt")) {
        xmlXPathReturnEmptyString(ctxt);
        return;
    }
    int decimals;
    if (!cell_decimals(cell, &decimals)) {
        fail_empty(ctxt, "amount", "decimals must be 0..6 or 'auto'"); /* as fmt:amount said */
        return;
    }
    xmlChar *printed = xmlGetProp(cell, BAD_CAST "text");
    const char *pp = skip_space(printed ? (const char *)printed : "");
    UChar32 first = 0;
    int32_t at = 0, plen = (int32_t)strnlen(pp, 8);
    if (plen > 0)
        U8_NEXT(pp, at, plen, first);
    bool paren = first == '(' || first == 0xFF08; /* a fullwidth left parenthesis */
    xmlFree(printed);
    xmlChar *content = xmlNodeGetContent(cell);
    const char *v = skip_space(content ? (const char *)content : "");
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
        n--;
    char *value = strndup(v, n);
    xmlFree(content);
    if (!value) {
        fail_empty(ctxt, "cell-text", "out of memory");
        return;
    }
    if (!*value) {
        free(value);
        xmlXPathReturnEmptyString(ctxt);
        return;
    }
    const char *why = NULL;
    char *out = amount_text(st->fmt, value, decimals, true, paren ? GFA_FMT_PAREN_NEGATIVE : 0, &why);
    free(value);
    /* reported as fmt:amount reported it */
    return_string(ctxt, "amount", out, why);
}

/* ---- a form's grid ------------------------------------------------------------------------------ */

/* fmt:grid-cells(r): a row of a performance form's grid as printed (g:grid/g:r, @cells
 * across, holding g:c cells at their @cell): one <c> per printed position 1..@cells with
 * the text of the row's first cell there, empty where it has none (issue 13: looking each
 * position up in XPath scanned the row once a position). */
static void fn_grid_cells(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_args(ctxt, nargs, 1, 1, &a))
        return;
    xmlNodePtr row = first_node(a.v[0]);
    free_args(&a);
    if (!row || row->type != XML_ELEMENT_NODE) {
        fail_empty(ctxt, "grid-cells", "expects a row of a form's grid");
        return;
    }
    double n = attr_number(row, "cells");
    if (n > MAX_LAYOUT_COLUMNS) {
        fail_empty(ctxt, "grid-cells", "a row of more than 1000 cells");
        return;
    }
    int count = n >= 1 ? (int)floor(n) : 0;
    xmlNodePtr *at = calloc((size_t)count + 1, sizeof *at);
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    xmlDocPtr container = at && tctxt ? xsltCreateRVT(tctxt) : NULL;
    xmlXPathObjectPtr ret = container ? xmlXPathNewNodeSet(NULL) : NULL;
    if (!ret) {
        free(at);
        fail_empty(ctxt, "grid-cells", "out of memory");
        return;
    }
    xsltRegisterLocalRVT(tctxt, container);
    for (xmlNodePtr c = row->children; c; c = c->next) {
        double p = xml_is_gfa(c, "c") ? attr_number(c, "cell") : NAN;
        if (p >= 1 && p <= count && p == floor(p) && !at[(int)p - 1])
            at[(int)p - 1] = c;
    }
    bool ok = true;
    for (int p = 0; p < count && ok; p++) {
        xmlNodePtr cell = xmlNewDocNode(container, NULL, BAD_CAST "c", NULL);
        ok = cell && xmlAddChild((xmlNodePtr)container, cell);
        if (ok && at[p]) {
            xmlChar *t = xmlNodeGetContent(at[p]);
            if (t && *t)
                ok = xmlAddChild(cell, xmlNewDocText(container, t)) != NULL;
            xmlFree(t);
        }
        if (ok)
            xmlXPathNodeSetAddUnique(ret->nodesetval, cell);
    }
    free(at);
    if (!ok) {
        xmlXPathFreeObject(ret);
        fail_empty(ctxt, "grid-cells", "out of memory");
        return;
    }
    valuePush(ctxt, ret);
}

/* ---- children by attribute --------------------------------------------------------------- */

/* Whether attribute `name` (no namespace) of element n has the string value `value`. */
static bool attr_equals(xmlNodePtr n, const char *name, const char *value)
{
    xmlChar *copy;
    const char *v = plain_attr(n, name, &copy);
    bool eq = v && strcmp(v, value) == 0;
    xmlFree(copy);
    return eq;
}

/* Appends c to the node list *out (*n nodes, room for *cap); on no memory frees the list,
 * leaves it empty and returns false. */
static bool push_node(xmlNodePtr **out, size_t *n, size_t *cap, xmlNodePtr c)
{
    xmlNodePtr *v = array_grow(*out, cap, *n + 1, sizeof *v);
    if (!v) {
        free(*out);
        *out = NULL;
        *n = 0;
        return false;
    }
    *out = v;
    (*out)[(*n)++] = c;
    return true;
}

bool fmt_children_by(xmlNodePtr *parents, size_t np, const char *name, const char *attr,
                     const char *value, xmlNodePtr **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    for (size_t p = 0; p < np && name && attr && value; p++) {
        if (!parents[p] || parents[p]->type != XML_ELEMENT_NODE)
            continue;
        for (xmlNodePtr c = parents[p]->children; c; c = c->next) {
            if (!xml_is_gfa(c, name) || !attr_equals(c, attr, value))
                continue;
            if (!push_node(out, n, &cap, c))
                return false;
        }
    }
    return true;
}

/* The node after c in document order below top (NULL after the last): each element before its
 * children, a subtree before its next sibling. */
static xmlNodePtr next_in_order(xmlNodePtr c, xmlNodePtr top)
{
    if (c->type == XML_ELEMENT_NODE && c->children)
        return c->children;
    while (c != top && !c->next)
        c = c->parent;
    return c != top ? c->next : NULL;
}

bool fmt_descendants_by(xmlNodePtr node, const char *attr, const char *value, xmlNodePtr **out,
                        size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    if (!node || !attr || !value ||
        (node->type != XML_ELEMENT_NODE && node->type != XML_DOCUMENT_NODE))
        return true;
    for (xmlNodePtr c = node->children; c; c = next_in_order(c, node))
        if (c->type == XML_ELEMENT_NODE && attr_equals(c, attr, value) && !push_node(out, n, &cap, c))
            return false;
    return true;
}

/* Pops exactly n arguments (pop_args) of which the first must be a node-set (else a type
 * error stops the transform). */
static bool pop_nodeset_args(xmlXPathParserContextPtr ctxt, int nargs, int n, fn_args *a)
{
    if (!pop_args(ctxt, nargs, n, n, a))
        return false;
    if (!is_nodeset(a->v[0])) {
        free_args(a);
        xmlXPathSetTypeError(ctxt);
        return false;
    }
    return true;
}

/* fmt:descendants(node, attr, value): node's descendant::*[@ATTR = value] without the
 * predicate evaluated element by element (render.h, fmt_descendants_by). */
static void fn_descendants(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_nodeset_args(ctxt, nargs, 3, &a))
        return;
    xmlNodePtr node = first_node(a.v[0]);
    char *attr = arg_string(a.v[1]), *value = arg_string(a.v[2]);
    free_args(&a);
    xmlNodePtr *v = NULL;
    size_t n = 0;
    bool ok = fmt_descendants_by(node, attr, value, &v, &n);
    xmlFree(attr);
    xmlFree(value);
    return_nodes(ctxt, "descendants", ok, v, n);
}

/* fmt:children(parents, name, attr, value): parents/g:NAME[@ATTR = value] without the
 * predicate evaluated child by child (render.h, fmt_children_by). */
static void fn_children(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_nodeset_args(ctxt, nargs, 4, &a))
        return;
    xmlNodeSetPtr ps = a.v[0]->nodesetval;
    char *name = arg_string(a.v[1]), *attr = arg_string(a.v[2]), *value = arg_string(a.v[3]);
    xmlNodePtr *v = NULL;
    size_t n = 0;
    bool ok = fmt_children_by(ps ? ps->nodeTab : NULL, ps ? (size_t)ps->nodeNr : 0, name, attr,
                              value, &v, &n);
    xmlFree(name);
    xmlFree(attr);
    xmlFree(value);
    free_args(&a);
    return_nodes(ctxt, "children", ok, v, n);
}

/* The element siblings of node's name and namespace after it (dir > 0) or before it. */
static xmlNodePtr same_sibling(xmlNodePtr node, xmlNodePtr from, int dir)
{
    for (xmlNodePtr c = dir > 0 ? from->next : from->prev; c; c = dir > 0 ? c->next : c->prev)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, node->name) &&
            (c->ns ? node->ns && xmlStrEqual(c->ns->href, node->ns->href) : !node->ns))
            return c;
    return NULL;
}

/* Whether a and b have the same string value of attribute attr (of no namespace; absent: ""). */
static bool same_attr(xmlNodePtr a, xmlNodePtr b, const char *attr)
{
    xmlChar *ca, *cb;
    const char *va = plain_attr(a, attr, &ca), *vb = plain_attr(b, attr, &cb);
    bool r = strcmp(va ? va : "", vb ? vb : "") == 0;
    xmlFree(ca);
    xmlFree(cb);
    return r;
}

long fmt_run_length(xmlNodePtr node, const char *attr)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return 0;
    xmlNodePtr prev = same_sibling(node, node, -1);
    if (prev && same_attr(prev, node, attr))
        return 0;
    long n = 1;
    for (xmlNodePtr c = same_sibling(node, node, 1); c && same_attr(c, node, attr);
         c = same_sibling(node, c, 1))
        n++;
    return n;
}

/* fmt:run-length(node, attr): the rows a cell merged down over equal values spans (render.h,
 * fmt_run_length; issue 13: in XPath, a preceding and a following sibling and two counts
 * a run). */
static void fn_run_length(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_nodeset_args(ctxt, nargs, 2, &a))
        return;
    xmlNodePtr node = first_node(a.v[0]);
    char *attr = arg_string(a.v[1]);
    free_args(&a);
    long n = fmt_run_length(node, attr);
    xmlFree(attr);
    xmlXPathReturnNumber(ctxt, (double)n);
}

/* ---- lookups by attribute values: an index kept with the report ------------------------------- */

/* At most this many sets are indexed at once (a stylesheet asks for a few); a lookup of more
 * than INDEX_MAX_KEYS combinations of values looks the set through. */
#define INDEX_ENTRIES 16
#define INDEX_MAX_KEYS 64
/* Joins the values of an entry's attributes: no XML 1.0 text holds it. */
#define INDEX_SEP '\x1f'

typedef struct index_entry {
    char *path;        /* fmt:having: the path selecting the set; NULL for fmt:elements */
    char *what;        /* fmt:having: the attribute names joined by INDEX_SEP; fmt:elements:
                        * the names asked for, with root */
    xmlNodePtr root;   /* fmt:elements: the node searched */
    xmlNodePtr *set;   /* fmt:having: the set indexed; fmt:elements: the elements found */
    size_t n;
    strmap *groups;    /* fmt:having: the values joined → group */
    size_t *start;     /* group g is pos[start[g] .. start[g + 1]) */
    size_t *pos;       /* places in set, group by group, each group in the set's order */
} index_entry;

struct fmt_index {
    xmlDocPtr doc;
    index_entry e[INDEX_ENTRIES];
    size_t used, next; /* entries in use; the one to give way next when all are */
};

fmt_index *fmt_index_new(xmlDocPtr doc)
{
    fmt_index *ix = calloc(1, sizeof *ix);
    if (ix)
        ix->doc = doc;
    return ix;
}

static void entry_clear(index_entry *e)
{
    free(e->path);
    free(e->what);
    free(e->set);
    strmap_free(e->groups);
    free(e->start);
    free(e->pos);
    memset(e, 0, sizeof *e);
}

void fmt_index_free(fmt_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->used; i++)
        entry_clear(&ix->e[i]);
    free(ix);
}

/* Room for a new entry: an unused one, else the oldest, cleared. */
static index_entry *entry_room(fmt_index *ix)
{
    if (ix->used < INDEX_ENTRIES)
        return &ix->e[ix->used++];
    index_entry *e = &ix->e[ix->next];
    ix->next = (ix->next + 1) % INDEX_ENTRIES;
    entry_clear(e);
    return e;
}

/* The values of node's attributes joined by INDEX_SEP into sb; false when it lacks one. */
static bool joined_values(xmlNodePtr node, const char *const *attrs, size_t npairs, strbuf *sb)
{
    sb->len = 0;
    for (size_t k = 0; k < npairs; k++) {
        xmlChar *copy;
        const char *v = plain_attr(node, attrs[k], &copy);
        if (v) {
            if (k)
                sb_addc(sb, INDEX_SEP);
            sb_adds(sb, v);
        }
        xmlFree(copy);
        if (!v)
            return false;
    }
    return true;
}

/* The text of sb ("" when empty), NULL when an allocation failed. */
static const char *sb_text(const strbuf *sb)
{
    return sb->failed ? NULL : sb->data ? sb->data : "";
}

/* Indexes set by the joined values of attrs into e (cleared on failure). */
static bool entry_build(index_entry *e, const char *what, xmlNodePtr *set, size_t n,
                        const char *const *attrs, size_t npairs)
{
    strbuf sb;
    sb_init(&sb);
    int *gid = malloc((n ? n : 1) * sizeof *gid);
    e->what = strdup(what);
    e->set = malloc((n ? n : 1) * sizeof *e->set);
    e->groups = strmap_new();
    bool ok = gid && e->what && e->set && e->groups;
    size_t ngroups = 0;
    for (size_t i = 0; ok && i < n; i++) {
        e->set[i] = set[i];
        gid[i] = -1;
        if (!joined_values(set[i], attrs, npairs, &sb))
            continue;
        const char *key = sb_text(&sb);
        if (!key) {
            ok = false;
        } else if (!strmap_get(e->groups, key, &gid[i])) {
            gid[i] = (int)ngroups++;
            ok = ngroups < INT_MAX && strmap_put(e->groups, key, gid[i]);
        }
    }
    e->n = n;
    e->start = ok ? calloc(ngroups + 1, sizeof *e->start) : NULL;
    e->pos = ok ? malloc((n ? n : 1) * sizeof *e->pos) : NULL;
    ok = ok && e->start && e->pos;
    for (size_t i = 0; ok && i < n; i++)
        if (gid[i] >= 0)
            e->start[gid[i] + 1]++;
    for (size_t g = 0; ok && g < ngroups; g++)
        e->start[g + 1] += e->start[g];
    /* each group in the set's order; start[g] runs to group g's end, then back a group */
    for (size_t i = 0; ok && i < n; i++)
        if (gid[i] >= 0)
            e->pos[e->start[gid[i]]++] = i;
    for (size_t g = ngroups; ok && g > 0; g--)
        e->start[g] = e->start[g - 1];
    if (ok)
        e->start[0] = 0;
    free(gid);
    free(sb.data);
    if (!ok)
        entry_clear(e);
    return ok;
}

static void fn_elements(xmlXPathParserContextPtr ctxt, int nargs);

/* The nodes path selects from doc's root (prefix g: gfa's namespace; fmt:elements
 * available), malloc'd into *set (NULL when none); false when path is not an expression
 * (*why says so) or memory ran out. */
static bool select_nodes(xmlDocPtr doc, const char *path, xmlNodePtr **set, size_t *n,
                         const char **why)
{
    *set = NULL;
    *n = 0;
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    if (!xc || xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST GFA_NS) != 0 ||
        xmlXPathRegisterNs(xc, BAD_CAST "fmt", BAD_CAST GFA_FMT_NS) != 0 ||
        xmlXPathRegisterFuncNS(xc, BAD_CAST "elements", BAD_CAST GFA_FMT_NS, fn_elements) != 0) {
        xmlXPathFreeContext(xc);
        *why = "out of memory";
        return false;
    }
    xc->node = (xmlNodePtr)doc;
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST path, xc);
    bool ok = r && r->type == XPATH_NODESET;
    if (!ok)
        *why = "expects a path that selects nodes";
    size_t count = ok && r->nodesetval ? (size_t)r->nodesetval->nodeNr : 0;
    if (count && !(*set = malloc(count * sizeof **set))) {
        ok = false;
        *why = "out of memory";
    }
    if (ok && count) {
        memcpy(*set, r->nodesetval->nodeTab, count * sizeof **set);
        *n = count;
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xc);
    return ok;
}

/* Whether joined (names joined by INDEX_SEP) names attrs[0..npairs). */
static bool same_attrs(const char *joined, const char *const *attrs, size_t npairs)
{
    for (size_t k = 0; k < npairs; k++) {
        size_t len = strlen(attrs[k]);
        if (strncmp(joined, attrs[k], len) != 0)
            return false;
        joined += len;
        if (*joined != (k + 1 < npairs ? INDEX_SEP : '\0'))
            return false;
        joined += *joined != '\0';
    }
    return true;
}

/* The index entry of path's nodes by attrs, made when there is none (the nodes of an entry of
 * the same path reused); NULL (and *why) when path selects no nodes or memory ran out. */
static index_entry *having_entry(fmt_index *ix, const char *path, const char *const *attrs,
                                 size_t npairs, const char **why)
{
    const index_entry *same_path = NULL;
    for (size_t i = 0; i < ix->used; i++) {
        index_entry *e = &ix->e[i];
        if (!e->path || strcmp(e->path, path) != 0)
            continue;
        if (same_attrs(e->what, attrs, npairs))
            return e;
        same_path = e;
    }
    xmlNodePtr *set = NULL;
    size_t n = 0;
    if (same_path) {
        n = same_path->n;
        set = malloc((n ? n : 1) * sizeof *set);
        if (!set) {
            *why = "out of memory";
            return NULL;
        }
        if (n)
            memcpy(set, same_path->set, n * sizeof *set);
    } else if (!select_nodes(ix->doc, path, &set, &n, why)) {
        return NULL;
    }
    strbuf what;
    sb_init(&what);
    for (size_t k = 0; k < npairs; k++) {
        if (k)
            sb_addc(&what, INDEX_SEP);
        sb_adds(&what, attrs[k]);
    }
    index_entry *e = entry_room(ix);
    bool ok = sb_text(&what) && (e->path = strdup(path)) &&
              entry_build(e, sb_text(&what), set, n, attrs, npairs);
    sb_free(&what);
    free(set);
    if (!ok) {
        entry_clear(e);
        *why = "out of memory";
    }
    return ok ? e : NULL;
}

/* Whether node's attributes each have one of their values (the lookup without an index). */
static bool node_has(xmlNodePtr node, const char *const *attrs, const char *const *const *values,
                     const size_t *nvalues, size_t npairs)
{
    for (size_t k = 0; k < npairs; k++) {
        xmlChar *copy;
        const char *v = plain_attr(node, attrs[k], &copy);
        bool hit = false;
        for (size_t j = 0; v && j < nvalues[k] && !hit; j++)
            hit = strcmp(v, values[k][j]) == 0;
        xmlFree(copy);
        if (!hit)
            return false;
    }
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Looks the value combinations up in e: the places in set of the nodes found, in order. */
static bool entry_lookup(const index_entry *e, const char *const *attrs,
                         const char *const *const *values, const size_t *nvalues, size_t npairs,
                         size_t **places, size_t *np)
{
    size_t combos = 1, cap = 0;
    for (size_t k = 0; k < npairs; k++)
        combos *= nvalues[k];
    strbuf sb;
    sb_init(&sb);
    char buf[256]; /* most keys: no allocation */
    bool ok = true;
    for (size_t c = 0; c < combos && ok; c++) {
        const char *part[3] = {"", "", ""};
        size_t len = 0;
        for (size_t k = 0, rest = c; k < npairs; rest /= nvalues[k], k++) {
            part[k] = values[k][rest % nvalues[k]];
            len += strlen(part[k]) + 1;
        }
        const char *key = part[0]; /* one attribute: its value is the key */
        if (npairs > 1 && len <= sizeof buf) {
            char *at = buf;
            for (size_t k = 0; k < npairs; k++) {
                size_t l = strlen(part[k]);
                memcpy(at, part[k], l);
                at[l] = k + 1 < npairs ? INDEX_SEP : '\0';
                at += l + 1;
            }
            key = buf;
        } else if (npairs > 1) {
            sb.len = 0;
            for (size_t k = 0; k < npairs; k++) {
                if (k)
                    sb_addc(&sb, INDEX_SEP);
                sb_adds(&sb, part[k]);
            }
            key = sb_text(&sb);
        }
        int g;
        if (!key) {
            ok = false;
        } else if (strmap_get(e->groups, key, &g)) {
            for (size_t i = e->start[g]; i < e->start[g + 1] && ok; i++) {
                xmlNodePtr node = e->set[e->pos[i]];
                /* a value holding the separator could join into another's key */
                if (npairs > 1 && !node_has(node, attrs, values, nvalues, npairs))
                    continue;
                size_t *v = array_grow(*places, &cap, *np + 1, sizeof *v);
                ok = v != NULL;
                if (ok) {
                    *places = v;
                    (*places)[(*np)++] = e->pos[i];
                }
            }
        }
    }
    free(sb.data);
    if (ok && combos > 1 && *np > 1) {
        /* several groups: back into the set's order, a node found twice once */
        qsort(*places, *np, sizeof **places, cmp_size);
        size_t m = 0;
        for (size_t i = 0; i < *np; i++)
            if (!m || (*places)[m - 1] != (*places)[i])
                (*places)[m++] = (*places)[i];
        *np = m;
    }
    return ok;
}

bool fmt_having(fmt_index *ix, const char *path, const char *const *attrs,
                const char *const *const *values, const size_t *nvalues, size_t npairs,
                xmlNodePtr **out, size_t *nout, const char **why)
{
    *out = NULL;
    *nout = 0;
    *why = NULL;
    if (!ix || !path || !npairs || npairs > 3) {
        *why = "expects a path and one to three attributes with their values";
        return false;
    }
    size_t combos = 1;
    for (size_t k = 0; k < npairs; k++) {
        if (!nvalues[k])
            return true; /* an empty node-set: no value, nothing found (nothing indexed) */
        combos = combos * nvalues[k] > INDEX_MAX_KEYS ? INDEX_MAX_KEYS + 1 : combos * nvalues[k];
    }
    for (size_t k = 0; k < npairs; k++)
        if (!attrs[k])
            return true;
    index_entry *e = having_entry(ix, path, attrs, npairs, why);
    if (!e) {
        if (!*why)
            *why = "out of memory";
        return false;
    }
    size_t cap = 0;
    if (combos > INDEX_MAX_KEYS) { /* too many combinations to look up: look through */
        for (size_t i = 0; i < e->n; i++)
            if (node_has(e->set[i], attrs, values, nvalues, npairs) &&
                !push_node(out, nout, &cap, e->set[i])) {
                *why = "out of memory";
                return false;
            }
        return true;
    }
    size_t *places = NULL, np = 0;
    bool ok = entry_lookup(e, attrs, values, nvalues, npairs, &places, &np);
    for (size_t i = 0; ok && i < np; i++)
        ok = push_node(out, nout, &cap, e->set[places[i]]);
    free(places);
    if (!ok)
        *why = "out of memory";
    return ok;
}

/* The words of a list of names (at most ELEMENT_NAMES of them are looked for). */
#define ELEMENT_NAMES 16
typedef struct name_list {
    const char *w[ELEMENT_NAMES];
    size_t len[ELEMENT_NAMES], n;
} name_list;

static void name_list_of(const char *names, name_list *l)
{
    l->n = 0;
    for (const char *p = names; *p && l->n < ELEMENT_NAMES;) {
        p += strspn(p, " \t\n\r");
        size_t w = strcspn(p, " \t\n\r");
        if (w) {
            l->w[l->n] = p;
            l->len[l->n++] = w;
        }
        p += w;
    }
}

/* Whether n is an element of gfa's namespace named one of l; *gfa remembers the namespace
 * found to be gfa's last (a document declares it once or a few times). */
static bool named_one_of(xmlNodePtr n, const name_list *l, const xmlNs **gfa)
{
    if (n->type != XML_ELEMENT_NODE || !n->ns)
        return false;
    if (n->ns != *gfa) {
        if (!xmlStrEqual(n->ns->href, BAD_CAST GFA_NS))
            return false;
        *gfa = n->ns;
    }
    for (size_t i = 0; i < l->n; i++)
        if (n->name[0] == (xmlChar)l->w[i][0] && strncmp((const char *)n->name, l->w[i], l->len[i]) == 0 &&
            n->name[l->len[i]] == '\0')
            return true;
    return false;
}

bool fmt_elements(fmt_index *ix, xmlNodePtr node, const char *names, xmlNodePtr **out,
                  size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!node || !names || (node->type != XML_ELEMENT_NODE && node->type != XML_DOCUMENT_NODE))
        return true;
    bool keep = ix && node->doc == ix->doc;
    for (size_t i = 0; keep && i < ix->used; i++) {
        index_entry *e = &ix->e[i];
        if (e->root == node && strcmp(e->what, names) == 0) {
            if (!e->n)
                return true;
            *out = malloc(e->n * sizeof **out);
            if (!*out)
                return false;
            memcpy(*out, e->set, e->n * sizeof **out);
            *n = e->n;
            return true;
        }
    }
    bool ok = true;
    size_t cap = 0;
    name_list l;
    name_list_of(names, &l);
    const xmlNs *gfa = NULL;
    for (xmlNodePtr c = node->children; ok && c; c = next_in_order(c, node))
        if (named_one_of(c, &l, &gfa) && !push_node(out, n, &cap, c))
            ok = false;
    if (ok && keep) {
        index_entry *e = entry_room(ix);
        e->what = strdup(names);
        e->set = malloc((*n ? *n : 1) * sizeof *e->set);
        if (e->what && e->set) {
            e->root = node;
            e->n = *n;
            if (*n)
                memcpy(e->set, *out, *n * sizeof *e->set);
        } else {
            entry_clear(e); /* an empty room, found by no lookup */
        }
    }
    return ok;
}

/* The index the transform's source document keeps (render.h), or NULL. */
static fmt_index *state_index(xmlXPathParserContextPtr ctxt)
{
    const render_state *st = get_state(ctxt);
    return st ? st->index : NULL;
}

/* A string of an argument, borrowed where it can be (a string's own, an attribute's one text
 * node), else copied into *copy (xmlMalloc'd), which the caller frees. NULL on no memory. */
static const char *borrowed_string(xmlXPathObjectPtr o, xmlNodePtr node, xmlChar **copy)
{
    *copy = NULL;
    if (!node && o->type == XPATH_STRING && o->stringval)
        return (const char *)o->stringval;
    if (node && node->type == XML_ATTRIBUTE_NODE && node->children &&
        node->children->type == XML_TEXT_NODE && !node->children->next && node->children->content)
        return (const char *)node->children->content;
    *copy = node ? xmlXPathCastNodeToString(node) : xmlXPathCastToString(o);
    return (const char *)*copy;
}

/* The strings of fmt:having's arguments, borrowed from them or copied (copies). */
typedef struct having_args {
    const char *path, *attrs[3];
    const char **values[3];
    const char *few[3][4]; /* values[k] when a pair has at most four */
    size_t nvalues[3], npairs;
    xmlChar **copies;
    size_t ncopies, cap;
} having_args;

static bool keep_string(having_args *h, xmlXPathObjectPtr o, xmlNodePtr node, const char **out)
{
    xmlChar *copy;
    *out = borrowed_string(o, node, &copy);
    if (copy) {
        xmlChar **v = array_grow(h->copies, &h->cap, h->ncopies + 1, sizeof *v);
        if (!v) {
            xmlFree(copy);
            return false;
        }
        h->copies = v;
        h->copies[h->ncopies++] = copy;
    }
    return *out != NULL;
}

/* The strings a value argument stands for, as key() reads its value: each node's string value
 * of a node-set (none for an empty one), else the argument as a string. */
static bool having_values(having_args *h, size_t k, xmlXPathObjectPtr o)
{
    size_t count = !is_nodeset(o) ? 1 : o->nodesetval ? (size_t)o->nodesetval->nodeNr : 0;
    h->values[k] = count <= ARRAY_LEN(h->few[k]) ? h->few[k] : malloc(count * sizeof *h->values[k]);
    if (!h->values[k])
        return false;
    for (size_t i = 0; i < count; i++)
        if (!keep_string(h, o, is_nodeset(o) ? o->nodesetval->nodeTab[i] : NULL,
                         &h->values[k][h->nvalues[k]++]))
            return false;
    return true;
}

static void having_args_free(having_args *h)
{
    for (size_t k = 0; k < h->npairs; k++)
        if (h->values[k] != h->few[k])
            free(h->values[k]);
    for (size_t i = 0; i < h->ncopies; i++)
        xmlFree(h->copies[i]);
    free(h->copies);
}

/* fmt:having(path, attr, value [, attr, value [, attr, value]]): the elements path selects
 * whose attribute attr has the value, for each pair (render.h, fmt_having): path[@ATTR =
 * value …] in one hash lookup, path evaluated once a report. */
static void fn_having(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs % 2 == 0) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    fn_args a;
    if (!pop_args(ctxt, nargs, 3, 7, &a))
        return;
    having_args h = {.npairs = (size_t)(nargs - 1) / 2};
    bool ok = keep_string(&h, a.v[0], NULL, &h.path);
    for (size_t k = 0; k < h.npairs && ok; k++)
        ok = keep_string(&h, a.v[1 + 2 * k], NULL, &h.attrs[k]) &&
             having_values(&h, k, a.v[2 + 2 * k]);
    const render_state *st = get_state(ctxt);
    xmlNodePtr *v = NULL;
    size_t n = 0;
    const char *why = ok ? NULL : "out of memory";
    ok = ok && st &&
         fmt_having(st->index, h.path, h.attrs, (const char *const *const *)h.values, h.nvalues,
                    h.npairs, &v, &n, &why);
    having_args_free(&h);
    free_args(&a);
    if (!ok)
        fail_empty(ctxt, "having", st ? why : "called outside gfa_render (no index)");
    else
        return_nodes(ctxt, "having", true, v, n);
}

/* fmt:elements(node, names): node//g:N1 | node//g:N2 … in one walk, kept with the index
 * (render.h, fmt_elements). */
static void fn_elements(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_args a;
    if (!pop_nodeset_args(ctxt, nargs, 2, &a))
        return;
    xmlNodePtr node = first_node(a.v[0]);
    char *names = arg_string(a.v[1]);
    free_args(&a);
    xmlNodePtr *v = NULL;
    size_t n = 0;
    bool ok = names && fmt_elements(state_index(ctxt), node, names, &v, &n);
    xmlFree(names);
    return_nodes(ctxt, "elements", ok, v, n);
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
        {"row-label", fn_row_label},
        {"layout", fn_layout},       {"draw", fn_draw},           {"table-frame", fn_table_frame},
        {"cell-text", fn_cell_text},     {"grid-cells", fn_grid_cells},
        {"body-rows", fn_body_rows},     {"line-rows", fn_line_rows},
        {"line-cells", fn_line_cells},   {"line-node", fn_line_node},
        {"children", fn_children},       {"descendants", fn_descendants},
        {"having", fn_having},           {"elements", fn_elements},
        {"finding-value", fn_finding_value}, {"run-length", fn_run_length},
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
