/*
 * render.c — instances to publication HTML and plain text (issue 4), and a batch's
 * summary.xml to its index.html (issue 9).
 *
 * The stylesheets (xslt/html.xsl and xslt/text.xsl, sharing xslt/common.xsl, and
 * xslt/index.xsl) are compiled once into a gfa_renderer, which is immutable afterwards:
 * libxslt documents a compiled stylesheet as shareable by concurrent transforms
 * (platform.md §6). Each rendering has its own transform context, its own formatting
 * state (render.h) and its own error collection, so any number of threads may render with
 * one renderer.
 *
 * Security (platform.md §7): every transform runs under xsltSecurityPrefs that forbid
 * writing files, creating folders and any network access, and allow reading only the
 * stylesheets' own files (document('') lookups); a refused access fails the render.
 */
#include "write/render.h"
#include "model/model.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

#define DEFAULT_LINE_WIDTH 100
#define MIN_LINE_WIDTH 20
#define MAX_LINE_WIDTH 1000
#define MAX_ERRORS 20

/* The pages, indexed by gfa_render_format and then STYLE_INDEX; included files last. */
enum { STYLE_INDEX = GFA_RENDER_TEXT + 1, NSTYLES };
static const char *const stylesheet_files[] = {"html.xsl", "text.xsl", "index.xsl", "common.xsl"};
static const char *const page_names[NSTYLES] = {"HTML", "text", "index"};

struct gfa_renderer {
    xsltStylesheetPtr style[NSTYLES];
    xsltSecurityPrefsPtr sec;
    gfa_fmt *fmt;
    char *allowed[ARRAY_LEN(stylesheet_files)]; /* realpaths the stylesheets may read */
};

/* ---- error collection ------------------------------------------------------------------ */

/* What libxslt and libxml2 report while compiling or running a stylesheet: printf-style
 * fragments (libxslt's generic handlers) and structured errors (libxml2, XPath). */
typedef struct error_sink {
    strbuf text;
} error_sink;

static void sink_generic(void *ud, const char *msg, ...)
{
    error_sink *es = ud;
    if (!es || es->text.len > 64 * 1024)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, msg);
    vsnprintf(buf, sizeof buf, msg, ap);
    va_end(ap);
    sb_adds(&es->text, buf);
}

static void sink_structured(void *ud, xmlErrorPtr e)
{
    error_sink *es = ud;
    if (!es || !e || es->text.len > 64 * 1024)
        return;
    sb_adds(&es->text, e->message ? e->message : "XML error\n");
    if (e->message && !str_ends(e->message, "\n"))
        sb_addc(&es->text, '\n');
}

/* Turns the collected text into diagnostics: libxslt writes a context line ("runtime
 * error: file F line N element E") before each message; it becomes the message's location. */
static int sink_flush(error_sink *es, gfa_diags *diags, gfa_severity sev, const char *id,
                      const char *file, int *stylesheet_errors)
{
    char *text = sb_take(&es->text);
    int n = 0;
    char context[512] = "", last[512] = "";
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (!*line)
            continue;
        if (str_starts(line, "runtime error:") || str_starts(line, "compilation error:") ||
            str_starts(line, "runtime warning:")) {
            snprintf(context, sizeof context, "%s", line);
            continue;
        }
        if (strcmp(line, last) == 0)
            continue; /* the same error for every row says nothing new */
        snprintf(last, sizeof last, "%s", line);
        /* "fmt:NAME: why" is a value of the report the formatting functions cannot show;
         * anything else is the stylesheet's own problem. */
        bool bad_value = str_starts(line, "fmt:");
        if (!bad_value && stylesheet_errors)
            ++*stylesheet_errors;
        if (n++ < MAX_ERRORS) {
            const char *lid = bad_value ? "GFA-RENDER-011" : id;
            if (*context)
                diag_add(diags, sev, GFA_DOM_DATA, lid, file, 0, 0, "%s [%s]", line, context);
            else
                diag_add(diags, sev, GFA_DOM_DATA, lid, file, 0, 0, "%s", line);
        }
        context[0] = '\0';
    }
    free(text);
    return n;
}

/* ---- security ---------------------------------------------------------------------------- */

typedef struct transform_state {
    render_state rs; /* first: the extension functions read tctxt->_private as this */
    const gfa_renderer *renderer;
    bool refused;
    error_sink errors;
} transform_state;

/* READ_FILE: only the stylesheets' own files, compared by real path. libxslt passes the
 * path part of the URI (document('') gives the stylesheet's own path). */
static int check_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tctxt,
                           const char *value)
{
    transform_state *ts = tctxt ? tctxt->_private : NULL;
    if (!ts || ts->rs.magic != RENDER_STATE_MAGIC || !value)
        return 0;
    char real[PATH_MAX];
    if (realpath(value, real)) {
        for (size_t i = 0; i < ARRAY_LEN(ts->renderer->allowed); i++)
            if (ts->renderer->allowed[i] && strcmp(ts->renderer->allowed[i], real) == 0)
                return 1;
    }
    ts->refused = true;
    return 0;
}

static int check_forbid(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tctxt,
                        const char *value)
{
    transform_state *ts = tctxt ? tctxt->_private : NULL;
    if (ts && ts->rs.magic == RENDER_STATE_MAGIC)
        ts->refused = true;
    return 0;
}

static xsltSecurityPrefsPtr new_security_prefs(void)
{
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    if (!sec)
        return NULL;
    if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read_file) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, check_forbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, check_forbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, check_forbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, check_forbid) != 0) {
        xsltFreeSecurityPrefs(sec);
        return NULL;
    }
    return sec;
}

/* ---- the renderer ------------------------------------------------------------------------- */

void gfa_renderer_free(gfa_renderer *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < ARRAY_LEN(r->style); i++)
        if (r->style[i])
            xsltFreeStylesheet(r->style[i]);
    if (r->sec)
        xsltFreeSecurityPrefs(r->sec);
    gfa_fmt_free(r->fmt);
    for (size_t i = 0; i < ARRAY_LEN(r->allowed); i++)
        free(r->allowed[i]);
    free(r);
}

static xsltStylesheetPtr compile(const char *path, gfa_diags *diags)
{
    error_sink es = {{0}};
    sb_init(&es.text);
    /* libxslt reports compile errors through its process-wide generic handler: set it for
     * the compilation only (renderers are compiled before threads start, like contexts). */
    xsltSetGenericErrorFunc(&es, sink_generic);
    xmlSetStructuredErrorFunc(&es, sink_structured);
    xsltStylesheetPtr style = xsltParseStylesheetFile(BAD_CAST path);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xsltSetGenericErrorFunc(NULL, NULL);
    int n = sink_flush(&es, diags, GFA_SEV_FATAL, "GFA-RENDER-002", path, NULL);
    if (style && style->errors > 0) {
        xsltFreeStylesheet(style);
        style = NULL;
    }
    if (!style && n == 0)
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-002", path, 0, 0,
                 "cannot compile the stylesheet");
    return style;
}

gfa_renderer *gfa_renderer_new(const gfa_context *ctx, gfa_diags *diags)
{
    if (!ctx)
        return NULL;
    xslt_fmt_register();
    gfa_renderer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    const char *datadir = gfa_context_datadir(ctx);
    bool ok = true;
    for (size_t i = 0; i < ARRAY_LEN(stylesheet_files) && ok; i++) {
        char *path = NULL;
        char real[PATH_MAX];
        if (asprintf(&path, "%s/xslt/%s", datadir, stylesheet_files[i]) < 0) {
            ok = false;
            break;
        }
        if (!realpath(path, real)) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-001", path, 0, 0,
                     "stylesheet missing: %s (set --datadir or GFA_DATADIR to the folder "
                     "holding xslt/)",
                     strerror(errno));
            ok = false;
        } else {
            r->allowed[i] = strdup(real);
            ok = r->allowed[i] != NULL;
        }
        free(path);
    }
    /* Compile from the real paths, so document('') names a file on the allowlist. */
    for (int f = 0; ok && f < NSTYLES; f++) {
        r->style[f] = compile(r->allowed[f], diags);
        ok = r->style[f] != NULL;
    }
    const char *why = NULL;
    if (ok && !(r->fmt = gfa_fmt_new(&why))) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-003", "", 0, 0,
                 "cannot open the ICU formatters: %s", why ? why : "unknown reason");
        ok = false;
    }
    if (ok && !(r->sec = new_security_prefs()))
        ok = false;
    if (!ok) {
        gfa_renderer_free(r);
        return NULL;
    }
    return r;
}

/* ---- rendering --------------------------------------------------------------------------- */

static gfa_status check_options(const gfa_render_options *opt, int *width, int *amb,
                                gfa_diags *diags)
{
    *width = DEFAULT_LINE_WIDTH;
    *amb = 1;
    if (!opt)
        return GFA_OK;
    if (opt->line_width) {
        if (opt->line_width < MIN_LINE_WIDTH || opt->line_width > MAX_LINE_WIDTH) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-020", "", 0, 0,
                     "line width %d is out of range (%d..%d)", opt->line_width,
                     MIN_LINE_WIDTH, MAX_LINE_WIDTH);
            return GFA_ERR_USAGE;
        }
        *width = opt->line_width;
    }
    if (opt->mode < GFA_RENDER_AUTO || opt->mode > GFA_RENDER_REVIEW) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-020", "", 0, 0,
                 "unknown render mode %d", (int)opt->mode);
        return GFA_ERR_USAGE;
    }
    if (opt->ambiguous_width) {
        if (opt->ambiguous_width != 1 && opt->ambiguous_width != 2) {
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-020", "", 0, 0,
                     "ambiguous width must be 1 or 2, not %d", opt->ambiguous_width);
            return GFA_ERR_USAGE;
        }
        *amb = opt->ambiguous_width;
    }
    return GFA_OK;
}

/* Runs stylesheet `which` over doc under the renderer's security prefs, collecting its
 * errors. Returns the result document (caller frees) or NULL with the reasons in diags and
 * *st set: GFA_ERR_INPUT when only values of the document were at fault (GFA-RENDER-011),
 * else GFA_ERR_DATA (the stylesheet failed, or tried to reach a file or the network). */
static xmlDocPtr run(const gfa_renderer *r, int which, xmlDocPtr doc, fmt_index *ix, int amb,
                     const char **params, const char *source, gfa_status *st, gfa_diags *diags)
{
    xsltStylesheetPtr style = r->style[which];
    transform_state ts = {{RENDER_STATE_MAGIC, r->fmt, amb, fmt_walk_new(), ix}, r, false, {{0}}};
    sb_init(&ts.errors.text);
    xsltTransformContextPtr t = ts.rs.walk ? xsltNewTransformContext(style, doc) : NULL;
    if (!t) {
        fmt_walk_free(ts.rs.walk);
        *st = GFA_ERR_NOMEM;
        return NULL;
    }
    t->_private = &ts;
    xsltSetCtxtSecurityPrefs(r->sec, t);
    xsltSetTransformErrorFunc(t, &ts.errors, sink_generic);

    /* XPath errors go to libxml2's (thread-local) structured handler. */
    xmlSetStructuredErrorFunc(&ts.errors, sink_structured);
    xmlDocPtr res = xsltApplyStylesheetUser(style, doc, params, NULL, NULL, t);
    xmlSetStructuredErrorFunc(NULL, NULL);

    /* libxslt discards the result after any error, including an extension function's
     * report of a value it cannot format ("be pedantic"): no page goes out with a number
     * silently missing. */
    bool failed = !res || t->state != XSLT_STATE_OK || ts.refused;
    xsltFreeTransformContext(t);
    fmt_walk_free(ts.rs.walk);
    if (failed) {
        xmlFreeDoc(res);
        int own = 0;
        int reported = sink_flush(&ts.errors, diags, GFA_SEV_FATAL,
                                  ts.refused ? "GFA-RENDER-012" : "GFA-RENDER-010", source, &own);
        if (ts.refused)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-012", source, 0, 0,
                     "the %s stylesheet tried to read or write a file or the network; "
                     "rendering refused",
                     page_names[which]);
        else if (reported == 0)
            diag_add(diags, GFA_SEV_FATAL, GFA_DOM_DATA, "GFA-RENDER-010", source, 0, 0,
                     "the %s stylesheet failed", page_names[which]);
        /* Only values the document holds were at fault: the input, not gfa's data. */
        *st = reported > 0 && own == 0 && !ts.refused ? GFA_ERR_INPUT : GFA_ERR_DATA;
        return NULL;
    }
    /* Anything reported without failing the transform (none expected) is passed on. */
    sink_flush(&ts.errors, diags, GFA_SEV_WARNING, "GFA-RENDER-013", source, NULL);
    *st = GFA_OK;
    return res;
}

/* An HTML page as xsltSaveResultToString writes it for method html and encoding UTF-8
 * (xsltSaveResultTo: the charset meta, indent by default), by gfa's own writer
 * (html_write_doc, issue 13). False when that is not the case or the page holds what the
 * writer leaves to libxml2; the meta once set stays as it is. */
static bool save_html(xmlDocPtr res, xsltStylesheetPtr style, strbuf *sb)
{
    const xmlChar *method, *encoding;
    int indent;
    XSLT_GET_IMPORT_PTR(method, style, method)
    XSLT_GET_IMPORT_PTR(encoding, style, encoding)
    XSLT_GET_IMPORT_INT(indent, style, indent)
    /* libxslt writes nothing of a page without nodes or with a doctype alone */
    if (!res->children || (res->children->type == XML_DTD_NODE && !res->children->next) ||
        style->methodURI || !method || xmlStrcmp(method, BAD_CAST "html") ||
        !encoding || xmlStrcasecmp(encoding, BAD_CAST "UTF-8"))
        return false;
    htmlSetMetaEncoding(res, encoding);
    return html_write_doc(sb, res, indent != 0);
}

/* A page: stylesheet `which` over doc (run, with doc's index ix), serialised into *out
 * (malloc'd, NUL-terminated, *len its length), with a final newline when `newline` asks for
 * one. */
static gfa_status page(const gfa_renderer *r, int which, xmlDocPtr doc, fmt_index *ix, int amb,
                       const char **params, const char *source, bool newline, char **out,
                       size_t *len, gfa_diags *diags)
{
    gfa_status st;
    xmlDocPtr res = run(r, which, doc, ix, amb, params, source, &st, diags);
    if (!res)
        return st;
    strbuf sb;
    sb_init(&sb);
    if (!save_html(res, r->style[which], &sb)) {
        xmlChar *text = NULL;
        int n = 0;
        sb_free(&sb);
        if (xsltSaveResultToString(&text, &n, res, r->style[which]) != 0)
            sb.failed = true;
        else if (n > 0)
            sb_add(&sb, (const char *)text, (size_t)n);
        xmlFree(text);
    }
    xmlFreeDoc(res);
    if (newline && (sb.len == 0 || sb.data[sb.len - 1] != '\n'))
        sb_addc(&sb, '\n');
    if (sb.failed) {
        sb_free(&sb);
        return GFA_ERR_NOMEM;
    }
    if (len)
        *len = sb.len;
    *out = sb_take(&sb);
    return *out ? GFA_OK : GFA_ERR_NOMEM;
}

static void free_index(void *ix)
{
    fmt_index_free(ix);
}

gfa_status gfa_render(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                      const gfa_render_options *opt, char **out, size_t *len, gfa_diags *diags)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!r || !report || !out || (fmt != GFA_RENDER_HTML && fmt != GFA_RENDER_TEXT))
        return GFA_ERR_USAGE;
    int width, amb;
    gfa_status st = check_options(opt, &width, &amb, diags);
    if (st != GFA_OK)
        return st;
    char width_param[16], amb_param[16];
    snprintf(width_param, sizeof width_param, "%d", width);
    snprintf(amb_param, sizeof amb_param, "%d", amb);
    xmlDocPtr doc = report_doc(report);
    gfa_render_mode mode = opt ? opt->mode : GFA_RENDER_AUTO;
    if (mode == GFA_RENDER_AUTO)
        mode = report_has_findings(doc) ? GFA_RENDER_REVIEW : GFA_RENDER_PUBLISH;
    const char *params[] = {"width", width_param, "ambiguous", amb_param, "mode",
                            mode == GFA_RENDER_REVIEW ? "'review'" : "'publish'", NULL};
    /* The index of fmt:having and fmt:elements is the report's: made by its first page,
     * used by the others (issue 13). */
    fmt_index *ix = report_cache(report);
    if (!ix && (ix = fmt_index_new(doc)))
        report_set_cache(report, ix, free_index);
    if (!ix)
        return GFA_ERR_NOMEM;
    return page(r, fmt, doc, ix, amb, params, gfa_report_source(report), fmt == GFA_RENDER_TEXT,
                out, len, diags);
}

gfa_status render_index(const gfa_renderer *r, xmlDocPtr summary, const char *rows,
                        const char *source, char **out, size_t *len, gfa_diags *diags)
{
    *out = NULL;
    *len = 0;
    const char *params[] = {"rows", rows, NULL};
    fmt_index *ix = fmt_index_new(summary);
    gfa_status st = ix ? page(r, STYLE_INDEX, summary, ix, 1, params, source, false, out, len, diags)
                       : GFA_ERR_NOMEM;
    fmt_index_free(ix);
    return st;
}

gfa_status gfa_render_file(const gfa_renderer *r, gfa_report *report, gfa_render_format fmt,
                           const gfa_render_options *opt, const char *path, gfa_diags *diags)
{
    if (!path)
        return GFA_ERR_USAGE;
    char *data = NULL;
    size_t len = 0;
    gfa_status st = gfa_render(r, report, fmt, opt, &data, &len, diags);
    if (st == GFA_OK)
        st = gfa_write_file_atomic(path, data, len, diags);
    free(data);
    return st;
}
