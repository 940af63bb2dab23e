/* pdf_mupdf.c — the PDF backend on MuPDF (docs/pdf-study.md), built alone into
 * libgfa-pdf.so with the static MuPDF libraries (Debian ships no shared libmupdf; linked
 * into every binary it would add ~42 MB of built-in fonts). The only file that includes
 * MuPDF's headers; see pdf_backend.h for the interface.
 *
 * Per page one interpretation of the content stream feeds two devices: MuPDF's
 * structured-text device (characters with their positions, ToUnicode applied) and a
 * device of our own that keeps the table rulings (stroked lines, and thin filled
 * rectangles: Chromium fills its borders) and counts images and invisible text. Both come
 * in the page's frame after /Rotate, with the CropBox's corner at 0,0; a page whose text
 * mostly runs turned (a table drawn sideways on a portrait sheet) is then turned, rulings
 * and characters alike, so that it reads left to right.
 *
 * Hostile input: MuPDF allocates through a capped allocator (limits.memory); a watchdog
 * thread sets the cookie's abort flag when limits.seconds run out (the interpreter checks
 * it before every token); each page's content streams are inflated once up to
 * limits.content_bytes before they are interpreted, so a content-stream bomb is refused in
 * a fraction of a second instead of being interpreted for minutes (that measuring looks at
 * the clock every MiB: under a high content limit it is what runs longest). MuPDF's warnings and
 * errors go to callbacks, never to stderr. */
#define GFA_PDF_BACKEND_SHARED 1
#include "read/pdf_backend.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

/* Rulings: a segment at most this thick is a line (points). */
#define THIN 2.0f
/* Rulings kept per page: a table page has hundreds; more is not a report. */
#define MAX_RULES 200000
/* Form XObjects whose content is measured per page (each once). */
#define MAX_FORMS 1024
/* MuPDF's cache of fonts and images (it is emptied first when memory runs short). */
#define STORE_BYTES (32u << 20)
/* Less memory than this and MuPDF cannot even set itself up (and says so on stderr). */
#define MIN_MEMORY (1u << 20)
/* An open document keeps every font it loaded (Chromium embeds new Type 3 fonts on each
 * page, and emptying the store does not free them): past this much, or past half the memory
 * limit when that is less, the document is opened afresh between two pages (with an empty
 * store), so a long document does not run into the memory limit: what a page needs is then
 * the document, that page and what is left of the other half. Not lower: reloading shared
 * fonts costs time. */
#define REOPEN_BYTES (64u << 20)

/* ---- the capped allocator ---- */

typedef union block_head {
    max_align_t align;
    size_t size;
} block_head;

typedef struct mem_cap {
    size_t cur, peak, limit;
    unsigned long refused; /* allocations refused at the cap */
} mem_cap;

static void *cap_malloc(void *user, size_t n)
{
    mem_cap *m = user;
    if (m->limit && (n > m->limit || m->cur > m->limit - n)) {
        m->refused++;
        return NULL;
    }
    block_head *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    m->cur += n;
    if (m->cur > m->peak)
        m->peak = m->cur;
    return h + 1;
}

static void cap_free(void *user, void *p)
{
    mem_cap *m = user;
    if (!p)
        return;
    block_head *h = (block_head *)p - 1;
    m->cur -= h->size;
    free(h);
}

static void *cap_realloc(void *user, void *p, size_t n)
{
    mem_cap *m = user;
    if (!p)
        return cap_malloc(user, n);
    if (n == 0) {
        cap_free(user, p);
        return NULL;
    }
    block_head *h = (block_head *)p - 1;
    size_t old = h->size;
    if (m->limit && n > old && (n - old > m->limit || m->cur > m->limit - (n - old))) {
        m->refused++;
        return NULL;
    }
    block_head *nh = realloc(h, sizeof *nh + n);
    if (!nh)
        return NULL;
    m->cur = m->cur - old + n;
    nh->size = n;
    if (m->cur > m->peak)
        m->peak = m->cur;
    return nh + 1;
}

/* ---- the document ---- */

struct gfa_pdf_doc {
    const char *data; /* the PDF, owned by the caller */
    size_t len;
    mem_cap mem;
    fz_alloc_context alloc;
    fz_context *ctx;
    pdf_document *pdf;
    gfa_pdf_limits lim;
    fz_cookie cookie;
    /* the watchdog */
    pthread_t watchdog;
    bool watching, closing, timed_out;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct timespec deadline;
    /* what MuPDF said since the page started */
    int warnings;
    char warning[160];
};

static void on_message(void *user, const char *message)
{
    gfa_pdf_doc *d = user;
    if (d->warnings++ == 0)
        snprintf(d->warning, sizeof d->warning, "%s", message);
}

static void *watch(void *arg)
{
    gfa_pdf_doc *d = arg;
    pthread_mutex_lock(&d->lock);
    while (!d->closing)
        if (pthread_cond_timedwait(&d->cond, &d->lock, &d->deadline) == ETIMEDOUT) {
            d->timed_out = true;
            d->cookie.abort = 1; /* MuPDF polls it before each token */
            break;
        }
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

static bool start_watchdog(gfa_pdf_doc *d, double seconds)
{
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&d->cond, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (!ok)
        return false;
    if (pthread_mutex_init(&d->lock, NULL) != 0) {
        pthread_cond_destroy(&d->cond);
        return false;
    }
    clock_gettime(CLOCK_MONOTONIC, &d->deadline);
    double whole = floor(seconds);
    d->deadline.tv_sec += (time_t)whole;
    d->deadline.tv_nsec += (long)((seconds - whole) * 1e9);
    if (d->deadline.tv_nsec >= 1000000000L) {
        d->deadline.tv_sec++;
        d->deadline.tv_nsec -= 1000000000L;
    }
    if (pthread_create(&d->watchdog, NULL, watch, d) != 0) {
        pthread_mutex_destroy(&d->lock);
        pthread_cond_destroy(&d->cond);
        return false;
    }
    d->watching = true;
    return true;
}

static bool timed_out(gfa_pdf_doc *d)
{
    if (!d->watching)
        return false;
    pthread_mutex_lock(&d->lock);
    bool t = d->timed_out;
    pthread_mutex_unlock(&d->lock);
    return t;
}

const char *gfa_pdf_library(void)
{
    return "MuPDF " FZ_VERSION;
}

size_t gfa_pdf_peak_memory(const gfa_pdf_doc *d)
{
    return d ? d->mem.peak : 0;
}

void gfa_pdf_close(gfa_pdf_doc *d)
{
    if (!d)
        return;
    if (d->watching) {
        pthread_mutex_lock(&d->lock);
        d->closing = true;
        pthread_cond_signal(&d->cond);
        pthread_mutex_unlock(&d->lock);
        pthread_join(d->watchdog, NULL);
        pthread_mutex_destroy(&d->lock);
        pthread_cond_destroy(&d->cond);
    }
    if (d->ctx) {
        pdf_drop_document(d->ctx, d->pdf);
        fz_drop_context(d->ctx);
    }
    free(d);
}

/* The status of a caught MuPDF exception. */
static gfa_pdf_status caught(gfa_pdf_doc *d, unsigned long refused_before,
                             gfa_pdf_status otherwise)
{
    if (timed_out(d) || fz_caught(d->ctx) == FZ_ERROR_ABORT)
        return GFA_PDF_TIME;
    if (d->mem.refused > refused_before)
        return GFA_PDF_MEMORY;
    if (fz_caught(d->ctx) == FZ_ERROR_MEMORY)
        return GFA_PDF_NOMEM;
    return otherwise;
}

gfa_pdf_status gfa_pdf_open(const char *data, size_t len, const gfa_pdf_limits *lim,
                            gfa_pdf_doc **out, gfa_pdf_info *info, char *why, size_t why_len)
{
    *out = NULL;
    memset(info, 0, sizeof *info);
    snprintf(why, why_len, "%s", "");
    if (lim->memory && lim->memory < MIN_MEMORY) {
        snprintf(why, why_len, "the PDF library needs %u bytes to start", MIN_MEMORY);
        return GFA_PDF_MEMORY;
    }
    gfa_pdf_doc *d = calloc(1, sizeof *d);
    if (!d)
        return GFA_PDF_NOMEM;
    d->lim = *lim;
    d->mem.limit = lim->memory;
    d->alloc = (fz_alloc_context){&d->mem, cap_malloc, cap_realloc, cap_free};
    size_t store = lim->memory / 4 < STORE_BYTES ? lim->memory / 4 : STORE_BYTES;
    d->ctx = fz_new_context(&d->alloc, NULL, store);
    if (!d->ctx) {
        gfa_pdf_status st = d->mem.refused ? GFA_PDF_MEMORY : GFA_PDF_NOMEM;
        snprintf(why, why_len, "cannot set up the PDF library");
        free(d);
        return st;
    }
    fz_set_warning_callback(d->ctx, on_message, d);
    fz_set_error_callback(d->ctx, on_message, d);
    if (lim->seconds > 0 && !start_watchdog(d, lim->seconds)) {
        gfa_pdf_close(d);
        return GFA_PDF_NOMEM;
    }
    fz_context *ctx = d->ctx;
    d->data = data;
    d->len = len;
    gfa_pdf_status st = GFA_PDF_OK;
    fz_stream *stm = NULL;
    fz_var(stm);
    fz_var(st);
    fz_try(ctx)
    {
        stm = fz_open_memory(ctx, (const unsigned char *)data, len);
        d->pdf = pdf_open_document_with_stream(ctx, stm);
        fz_document *doc = &d->pdf->super;
        info->objects = pdf_xref_len(ctx, d->pdf);
        info->repaired = pdf_was_repaired(ctx, d->pdf);
        char method[64] = "";
        if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, ""))
            st = GFA_PDF_ENCRYPTED;
        else if (fz_lookup_metadata(ctx, doc, FZ_META_ENCRYPTION, method, sizeof method) > 0 &&
                 strcmp(method, "None") != 0)
            info->owner_password = 1; /* opens with the empty user password */
        if (st == GFA_PDF_OK && lim->objects > 0 && info->objects > lim->objects)
            st = GFA_PDF_OBJECTS;
        if (st == GFA_PDF_OK) {
            info->pages = fz_count_pages(ctx, doc);
            if (pdf_lookup_metadata(ctx, d->pdf, "info:Producer", info->producer,
                                    (int)sizeof info->producer) < 0)
                info->producer[0] = '\0';
            /* counting the pages may have repaired the file */
            info->repaired = pdf_was_repaired(ctx, d->pdf);
        }
    }
    fz_always(ctx)
    {
        fz_drop_stream(ctx, stm);
    }
    fz_catch(ctx)
    {
        st = caught(d, 0, GFA_PDF_BROKEN);
        snprintf(why, why_len, "%s", fz_caught_message(ctx));
    }
    if (st == GFA_PDF_ENCRYPTED)
        snprintf(why, why_len, "a password is needed to open it");
    if (st != GFA_PDF_OK) {
        gfa_pdf_close(d);
        return st;
    }
    *out = d;
    return GFA_PDF_OK;
}

/* ---- content-stream sizes ---- */

typedef struct measure {
    size_t used, budget;
    gfa_pdf_doc *doc;
    bool late; /* the time limit ran out while measuring */
    int forms[MAX_FORMS];
    int nforms;
} measure;

static bool timed_out(gfa_pdf_doc *d);

/* Inflated at a time while measuring, between two looks at the clock: inflating 1 GiB takes
 * seconds, and the time limit holds here as it does in the interpreter. */
#define MEASURE_STEP (1u << 20)

/* Inflates one stream up to what is left of the budget; false when it is over, or when the
 * time limit ran out (m->late). */
static bool measure_stream(fz_context *ctx, pdf_obj *obj, measure *m)
{
    if (!pdf_is_stream(ctx, obj))
        return true;
    fz_stream *s = NULL;
    size_t n = 0;
    fz_var(s);
    fz_var(n);
    fz_try(ctx)
    {
        s = pdf_open_stream(ctx, obj);
        size_t want = m->budget - m->used + 1, got = 1;
        while (n < want && got > 0 && !(m->late = timed_out(m->doc))) {
            got = fz_skip(ctx, s, want - n < MEASURE_STEP ? want - n : MEASURE_STEP);
            n += got;
        }
    }
    fz_always(ctx)
    {
        fz_drop_stream(ctx, s);
    }
    fz_catch(ctx)
    {
        n = 0; /* a broken stream: the interpreter will say so */
    }
    m->used += n;
    return m->used <= m->budget && !m->late;
}

/* The page's content streams, then the form XObjects its resources name, recursively,
 * each form once. */
static bool measure_resources(fz_context *ctx, pdf_obj *res, measure *m, int depth)
{
    pdf_obj *xobjs = pdf_dict_get(ctx, res, PDF_NAME(XObject));
    int n = pdf_dict_len(ctx, xobjs);
    for (int i = 0; i < n && depth < 16; i++) {
        pdf_obj *x = pdf_dict_get_val(ctx, xobjs, i);
        if (!pdf_is_stream(ctx, x) ||
            !pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)))
            continue;
        int num = pdf_to_num(ctx, x);
        bool seen = false;
        for (int k = 0; k < m->nforms && !seen; k++)
            seen = m->forms[k] == num;
        if (seen || m->nforms >= MAX_FORMS)
            continue; /* more forms than this: the time limit still holds */
        m->forms[m->nforms++] = num;
        if (!measure_stream(ctx, x, m) ||
            !measure_resources(ctx, pdf_dict_get(ctx, x, PDF_NAME(Resources)), m, depth + 1))
            return false;
    }
    return true;
}

static bool contents_fit(fz_context *ctx, gfa_pdf_doc *d, pdf_page *page, size_t budget,
                         size_t *used)
{
    measure *m = calloc(1, sizeof *m);
    if (!m)
        return true; /* measured nothing; the interpreter's limits still hold */
    m->budget = budget;
    m->doc = d;
    pdf_obj *c = pdf_page_contents(ctx, page);
    bool ok = true;
    if (pdf_is_array(ctx, c)) {
        int n = pdf_array_len(ctx, c);
        for (int i = 0; i < n && ok; i++)
            ok = measure_stream(ctx, pdf_array_get(ctx, c, i), m);
    } else {
        ok = measure_stream(ctx, c, m);
    }
    ok = ok && measure_resources(ctx, pdf_page_resources(ctx, page), m, 0);
    *used = m->used;
    free(m);
    return ok;
}

/* ---- Type 3 fonts ---- */

/* Chromium (Skia) prints every font as Type 3 fonts, a new set on each page, and MuPDF runs
 * every glyph's CharProc when it loads such a font (into a display list, then through a
 * bounding-box device): most of the time a Chromium PDF takes, and the most memory. None of
 * it reaches the characters read here. The structured-text device places a character by its
 * advance (the font's Widths), its font's ascender and descender, which for a Type 3 font
 * are its FontBBox through its FontMatrix (fz_font_ascender), and its Unicode (ToUnicode);
 * the glyph's drawing serves only to render, which this device never does, and to bound the
 * glyph when a character wholly off the page is dropped (FZ_STEXT_MEDIABOX_CLIP, through
 * fz_bound_glyph).
 *
 * So before a page is run, every Type 3 font its resources name (and those of its forms and
 * patterns) loses its CharProcs: MuPDF loads no glyph. Where the font is then met in the
 * text (no_glyph_boxes), its glyphs are bounded by the FontBBox, the box each character's
 * quad is made from, rather than by a drawing it no longer has (which would give a point at
 * the glyph's origin): a character is dropped as off the page when its quad is. A glyph that
 * fills without a colour (d0) is no longer drawn straight to the device with its text made
 * invisible (pdf_show_char's render_direct): it is plain text, as it reads. A font whose
 * FontBBox is missing or empty keeps its CharProcs: MuPDF makes its ascender and descender
 * from the glyphs' drawings then. The change is to the open document in memory, once per
 * font; reopen() starts from the file again and the next page redoes it. */

static void empty_font_procs(fz_context *ctx, pdf_obj *font)
{
    if (!pdf_name_eq(ctx, pdf_dict_get(ctx, font, PDF_NAME(Subtype)), PDF_NAME(Type3)))
        return;
    pdf_obj *procs = pdf_dict_get(ctx, font, PDF_NAME(CharProcs));
    if (pdf_dict_len(ctx, procs) == 0)
        return; /* none, or emptied on an earlier page */
    /* as pdf_load_type3_font and fz_set_font_bbox judge the box */
    fz_rect b = pdf_dict_get_rect(ctx, font, PDF_NAME(FontBBox));
    b = fz_transform_rect(b, pdf_dict_get_matrix(ctx, font, PDF_NAME(FontMatrix)));
    if (!(b.x0 < b.x1 && b.y0 < b.y1))
        return;
    pdf_dict_put_dict(ctx, font, PDF_NAME(CharProcs), 0);
}

/* A Type 3 font without a single glyph procedure (emptied above, or so made) with a box:
 * its glyphs' boxes are that box (fz_bound_glyph falls back to it), not points. */
static void no_glyph_boxes(const fz_text *text)
{
    for (const fz_text_span *s = text->head; s; s = s->next) {
        fz_font *f = s->font;
        if (!f->t3procs || !f->use_glyph_bbox || f->flags.invalid_bbox)
            continue;
        bool drawn = false;
        for (int i = 0; i < 256 && !drawn; i++)
            drawn = f->t3procs[i] != NULL;
        if (!drawn)
            f->use_glyph_bbox = 0;
    }
}

/* The fonts a resource dictionary names, and those of its forms and patterns, each form or
 * pattern once (`seen`: their object numbers). */
static void empty_type3_in(fz_context *ctx, pdf_obj *res, int *seen, int *nseen, int depth)
{
    pdf_obj *fonts = pdf_dict_get(ctx, res, PDF_NAME(Font));
    int n = pdf_dict_len(ctx, fonts);
    for (int i = 0; i < n; i++)
        empty_font_procs(ctx, pdf_dict_get_val(ctx, fonts, i));
    if (depth >= 16)
        return;
    pdf_obj *kinds[2] = {pdf_dict_get(ctx, res, PDF_NAME(XObject)),
                         pdf_dict_get(ctx, res, PDF_NAME(Pattern))};
    for (int k = 0; k < 2; k++) {
        n = pdf_dict_len(ctx, kinds[k]);
        for (int i = 0; i < n; i++) {
            pdf_obj *x = pdf_dict_get_val(ctx, kinds[k], i);
            pdf_obj *xres = pdf_dict_get(ctx, x, PDF_NAME(Resources));
            if (!xres)
                continue;
            int num = pdf_to_num(ctx, x);
            bool was = false;
            for (int j = 0; j < *nseen && !was; j++)
                was = seen[j] == num;
            if (was || *nseen >= MAX_FORMS)
                continue; /* past that many: their fonts are loaded as they are */
            seen[(*nseen)++] = num;
            empty_type3_in(ctx, xres, seen, nseen, depth + 1);
        }
    }
}

/* Empties the CharProcs of the Type 3 fonts the page's resources name. It only saves time
 * and memory: what it cannot do (out of memory) is left undone, and those fonts load as they
 * are. */
static void empty_type3_procs(fz_context *ctx, pdf_obj *res)
{
    int *seen = malloc(MAX_FORMS * sizeof *seen);
    if (!seen)
        return;
    int nseen = 0;
    fz_try(ctx)
    {
        empty_type3_in(ctx, res, seen, &nseen, 0);
    }
    fz_catch(ctx)
    {
        /* the page's run meets the same trouble and says so */
    }
    free(seen);
}

/* ---- the rulings device ---- */

typedef struct seg_list {
    gfa_pdf_seg *v;
    size_t n, cap;
} seg_list;

typedef struct rule_dev {
    fz_device super;
    fz_device *text; /* text calls go on to the structured-text device */
    fz_rect page;
    seg_list h, v;
    int images;
    float image_area;
    size_t invisible;
    bool nomem;
    /* walking one path */
    fz_matrix ctm;
    bool fill;
    fz_point start, cur;
    fz_rect sub;   /* a filled subpath's bounds */
    bool curved;   /* … and whether it has curves (then it is no ruling) */
    int npoints;
} rule_dev;

static void push(rule_dev *d, seg_list *l, gfa_pdf_seg s)
{
    if (d->nomem || d->h.n + d->v.n >= MAX_RULES)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        gfa_pdf_seg *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            d->nomem = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

/* A thin box is a ruling: horizontal or vertical by its long side. */
static void add_box(rule_dev *d, float x0, float y0, float x1, float y1)
{
    gfa_pdf_seg s = {fminf(x0, x1), fminf(y0, y1), fmaxf(x0, x1), fmaxf(y0, y1)};
    float w = s.x1 - s.x0, h = s.y1 - s.y0;
    if (h <= THIN && w > THIN) {
        s.y0 = s.y1 = (s.y0 + s.y1) / 2;
        push(d, &d->h, s);
    } else if (w <= THIN && h > THIN) {
        s.x0 = s.x1 = (s.x0 + s.x1) / 2;
        push(d, &d->v, s);
    }
}

/* The four sides of a stroked rectangle. */
static void add_frame(rule_dev *d, fz_rect r)
{
    if (r.x1 - r.x0 <= THIN || r.y1 - r.y0 <= THIN) {
        add_box(d, r.x0, r.y0, r.x1, r.y1);
        return;
    }
    add_box(d, r.x0, r.y0, r.x1, r.y0);
    add_box(d, r.x0, r.y1, r.x1, r.y1);
    add_box(d, r.x0, r.y0, r.x0, r.y1);
    add_box(d, r.x1, r.y0, r.x1, r.y1);
}

static void end_subpath(rule_dev *d)
{
    if (d->fill && d->npoints > 1 && !d->curved)
        add_box(d, d->sub.x0, d->sub.y0, d->sub.x1, d->sub.y1);
    d->npoints = 0;
    d->curved = false;
}

static void walk_moveto(fz_context *ctx, void *arg, float x, float y)
{
    rule_dev *d = arg;
    end_subpath(d);
    d->cur = d->start = fz_transform_point_xy(x, y, d->ctm);
    d->sub = fz_make_rect(d->cur.x, d->cur.y, d->cur.x, d->cur.y);
    d->npoints = 1;
}

static void walk_lineto(fz_context *ctx, void *arg, float x, float y)
{
    rule_dev *d = arg;
    fz_point p = fz_transform_point_xy(x, y, d->ctm);
    if (d->fill)
        d->sub = fz_include_point_in_rect(d->sub, p);
    else
        add_box(d, d->cur.x, d->cur.y, p.x, p.y);
    d->cur = p;
    d->npoints++;
}

static void walk_curveto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2,
                         float x3, float y3)
{
    rule_dev *d = arg;
    d->cur = fz_transform_point_xy(x3, y3, d->ctm);
    d->curved = true;
}

static void walk_closepath(fz_context *ctx, void *arg)
{
    rule_dev *d = arg;
    if (!d->fill && (d->cur.x != d->start.x || d->cur.y != d->start.y))
        add_box(d, d->cur.x, d->cur.y, d->start.x, d->start.y);
    d->cur = d->start;
}

static void walk_rectto(fz_context *ctx, void *arg, float x0, float y0, float x1, float y1)
{
    rule_dev *d = arg;
    end_subpath(d);
    fz_rect r = fz_transform_rect(fz_make_rect(x0, y0, x1, y1), d->ctm);
    if (d->fill)
        add_box(d, r.x0, r.y0, r.x1, r.y1);
    else
        add_frame(d, r);
    d->cur = d->start = fz_transform_point_xy(x0, y0, d->ctm);
}

static const fz_path_walker walker = {
    .moveto = walk_moveto,
    .lineto = walk_lineto,
    .curveto = walk_curveto,
    .closepath = walk_closepath,
    .rectto = walk_rectto,
};

static void walk(fz_context *ctx, rule_dev *d, const fz_path *path, fz_matrix ctm, bool fill)
{
    d->ctm = ctm;
    d->fill = fill;
    d->npoints = 0;
    d->curved = false;
    fz_walk_path(ctx, path, &walker, d);
    end_subpath(d);
}

static void rd_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                         fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
                         fz_color_params cp)
{
    walk(ctx, (rule_dev *)dev, path, ctm, true);
}

static void rd_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                           const fz_stroke_state *ss, fz_matrix ctm, fz_colorspace *cs,
                           const float *color, float alpha, fz_color_params cp)
{
    walk(ctx, (rule_dev *)dev, path, ctm, false);
}

static void count_image(rule_dev *d, fz_matrix ctm)
{
    fz_rect r = fz_intersect_rect(fz_transform_rect(fz_unit_rect, ctm), d->page);
    d->images++;
    if (!fz_is_empty_rect(r))
        d->image_area += (r.x1 - r.x0) * (r.y1 - r.y0);
}

static void rd_fill_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                          float alpha, fz_color_params cp)
{
    count_image((rule_dev *)dev, ctm);
}

static void rd_fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                               fz_colorspace *cs, const float *color, float alpha,
                               fz_color_params cp)
{
    count_image((rule_dev *)dev, ctm);
}

static void rd_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                         fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    fz_device *t = ((rule_dev *)dev)->text;
    no_glyph_boxes(text);
    t->fill_text(ctx, t, text, ctm, cs, color, alpha, cp);
}

static void rd_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                           const fz_stroke_state *ss, fz_matrix ctm, fz_colorspace *cs,
                           const float *color, float alpha, fz_color_params cp)
{
    fz_device *t = ((rule_dev *)dev)->text;
    no_glyph_boxes(text);
    t->stroke_text(ctx, t, text, ss, ctm, cs, color, alpha, cp);
}

static void rd_clip_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                         fz_rect scissor)
{
    fz_device *t = ((rule_dev *)dev)->text;
    no_glyph_boxes(text);
    t->clip_text(ctx, t, text, ctm, scissor);
}

static void rd_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                                const fz_stroke_state *ss, fz_matrix ctm, fz_rect scissor)
{
    fz_device *t = ((rule_dev *)dev)->text;
    no_glyph_boxes(text);
    t->clip_stroke_text(ctx, t, text, ss, ctm, scissor);
}

/* Invisible text (render mode 3) is what OCR puts over a scanned page: read, but counted. */
static void rd_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm)
{
    rule_dev *d = (rule_dev *)dev;
    for (const fz_text_span *s = text->head; s; s = s->next)
        d->invisible += (size_t)s->len;
    no_glyph_boxes(text);
    d->text->ignore_text(ctx, d->text, text, ctm);
}

static void rd_drop(fz_context *ctx, fz_device *dev)
{
    rule_dev *d = (rule_dev *)dev;
    free(d->h.v);
    free(d->v.v);
}

static rule_dev *new_rule_dev(fz_context *ctx, fz_device *text, fz_rect page)
{
    rule_dev *d = fz_new_derived_device(ctx, rule_dev);
    d->text = text;
    d->page = page;
    d->super.drop_device = rd_drop;
    d->super.fill_path = rd_fill_path;
    d->super.stroke_path = rd_stroke_path;
    d->super.fill_image = rd_fill_image;
    d->super.fill_image_mask = rd_fill_image_mask;
    d->super.fill_text = rd_fill_text;
    d->super.stroke_text = rd_stroke_text;
    d->super.clip_text = rd_clip_text;
    d->super.clip_stroke_text = rd_clip_stroke_text;
    d->super.ignore_text = rd_ignore_text;
    return d;
}

/* ---- pages ---- */

/* Which way a line of text runs, in quarter turns counter-clockwise from left to right:
 * 0 left to right; 1 bottom to top (a table turned on a portrait page: the reader turns
 * the paper clockwise); 2 upside down; 3 top to bottom. (Device space: y grows down.) */
static int quarter(fz_point dir)
{
    if (fabsf(dir.x) >= fabsf(dir.y))
        return dir.x >= 0 ? 0 : 2;
    return dir.y < 0 ? 1 : 3;
}

/* The turn most of the page's characters run in (ties: upright). */
static int dominant_quarter(fz_stext_page *st)
{
    size_t n[4] = {0};
    for (fz_stext_block *b = st->first_block; b; b = b->next)
        if (b->type == FZ_STEXT_BLOCK_TEXT)
            for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
                int q = quarter(l->dir);
                for (fz_stext_char *c = l->first_char; c; c = c->next)
                    n[q] += !(c->c == ' ' || c->c == 0x3000);
            }
    int best = 0;
    for (int q = 1; q < 4; q++)
        if (n[q] > n[best])
            best = q;
    return best;
}

/* The rotation that makes text running `q` quarter turns run left to right, moving a
 * page of w x h back to the origin (w = h = 0: the rotation alone). */
static fz_matrix upright(int q, float w, float h)
{
    switch (q) {
    case 1:
        return fz_make_matrix(0, 1, -1, 0, h, 0); /* (x, y) -> (h - y, x) */
    case 2:
        return fz_make_matrix(-1, 0, 0, -1, w, h);
    case 3:
        return fz_make_matrix(0, -1, 1, 0, 0, w); /* (x, y) -> (y, w - x) */
    default:
        return fz_identity;
    }
}

/* Turns the rulings into the upright frame: a turn by a quarter makes the horizontal
 * ones vertical. */
static void turn_rules(rule_dev *d, fz_matrix m, int q)
{
    seg_list *lists[2] = {&d->h, &d->v};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < lists[k]->n; i++) {
            gfa_pdf_seg *s = &lists[k]->v[i];
            fz_point a = fz_transform_point_xy(s->x0, s->y0, m);
            fz_point b = fz_transform_point_xy(s->x1, s->y1, m);
            *s = (gfa_pdf_seg){fminf(a.x, b.x), fminf(a.y, b.y), fmaxf(a.x, b.x),
                               fmaxf(a.y, b.y)};
        }
    if (q % 2) {
        seg_list t = d->h;
        d->h = d->v;
        d->v = t;
    }
}

/* Copies the characters in the page's reading frame: the page turned by `page_m` so that
 * its dominant text runs left to right. A line running another way (an upright page
 * number beside a turned table) is turned by its own direction about its first
 * character, which stays where the page's turn puts it: it reads left to right too. */
static bool copy_chars(fz_stext_page *st, int page_q, fz_matrix page_m, gfa_pdf_page *out)
{
    size_t n = 0;
    for (fz_stext_block *b = st->first_block; b; b = b->next)
        if (b->type == FZ_STEXT_BLOCK_TEXT)
            for (fz_stext_line *l = b->u.t.first_line; l; l = l->next)
                for (fz_stext_char *c = l->first_char; c; c = c->next)
                    n++;
    if (n == 0)
        return true;
    out->chars = malloc(n * sizeof *out->chars);
    if (!out->chars)
        return false;
    for (fz_stext_block *b = st->first_block; b; b = b->next)
        if (b->type == FZ_STEXT_BLOCK_TEXT)
            for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
                fz_matrix m = page_m;
                int aside = page_q != 0 && quarter(l->dir) != page_q;
                if (aside && l->first_char) {
                    /* this line's own turn, anchored at its first character */
                    fz_point a = l->first_char->origin;
                    fz_point to = fz_transform_point(a, page_m);
                    m = upright(quarter(l->dir), 0, 0);
                    fz_point from = fz_transform_point(a, m);
                    m = fz_concat(m, fz_translate(to.x - from.x, to.y - from.y));
                }
                for (fz_stext_char *c = l->first_char; c; c = c->next) {
                    fz_quad q = page_q != 0 ? fz_transform_quad(c->quad, m) : c->quad;
                    fz_point o = page_q != 0 ? fz_transform_point(c->origin, m) : c->origin;
                    gfa_pdf_char *g = &out->chars[out->nchars++];
                    g->c = c->c >= 0 ? (uint32_t)c->c : 0xFFFDu;
                    g->x0 = fminf(fminf(q.ll.x, q.ul.x), fminf(q.lr.x, q.ur.x));
                    g->x1 = fmaxf(fmaxf(q.ll.x, q.ul.x), fmaxf(q.lr.x, q.ur.x));
                    g->y = o.y;
                    g->size = c->size;
                    g->aside = aside;
                }
            }
    return true;
}

void gfa_pdf_page_free(gfa_pdf_page *p)
{
    if (!p)
        return;
    free(p->chars);
    free(p->hrules);
    free(p->vrules);
    memset(p, 0, sizeof *p);
}

/* Drops the document and opens it again from its bytes (it opened before: the same
 * calls succeed again; if they do not, the next page says so). */
static void reopen(gfa_pdf_doc *d)
{
    fz_context *ctx = d->ctx;
    fz_stream *stm = NULL;
    fz_var(stm);
    pdf_drop_document(ctx, d->pdf);
    d->pdf = NULL;
    fz_empty_store(ctx);
    fz_try(ctx)
    {
        stm = fz_open_memory(ctx, (const unsigned char *)d->data, d->len);
        d->pdf = pdf_open_document_with_stream(ctx, stm);
        if (fz_needs_password(ctx, &d->pdf->super))
            fz_authenticate_password(ctx, &d->pdf->super, "");
    }
    fz_always(ctx)
    {
        fz_drop_stream(ctx, stm);
    }
    fz_catch(ctx)
    {
        pdf_drop_document(ctx, d->pdf);
        d->pdf = NULL;
    }
}

gfa_pdf_status gfa_pdf_page_read(gfa_pdf_doc *d, int index, gfa_pdf_page *out, char *why,
                                 size_t why_len)
{
    memset(out, 0, sizeof *out);
    snprintf(why, why_len, "%s", "");
    if (timed_out(d))
        return GFA_PDF_TIME;
    fz_context *ctx = d->ctx;
    size_t reopen_at = REOPEN_BYTES;
    if (d->lim.memory && d->lim.memory / 2 < reopen_at)
        reopen_at = d->lim.memory / 2;
    if (d->mem.cur > reopen_at)
        reopen(d);
    if (!d->pdf) {
        snprintf(why, why_len, "the document could not be opened again");
        return GFA_PDF_PAGE;
    }
    d->warnings = 0;
    d->warning[0] = '\0';
    d->cookie.errors = 0;
    unsigned long refused = d->mem.refused;
    gfa_pdf_status st = GFA_PDF_OK;
    size_t used = 0;
    fz_page *page = NULL;
    fz_stext_page *text = NULL;
    fz_device *tdev = NULL;
    rule_dev *rdev = NULL;
    fz_var(page);
    fz_var(text);
    fz_var(tdev);
    fz_var(rdev);
    fz_var(st);
    fz_try(ctx)
    {
        page = fz_load_page(ctx, &d->pdf->super, index);
        fz_rect box = fz_bound_page(ctx, page);
        out->width = box.x1 - box.x0;
        out->height = box.y1 - box.y0;
        if (d->lim.content_bytes &&
            !contents_fit(ctx, d, pdf_page_from_fz_page(ctx, page), d->lim.content_bytes, &used))
            st = timed_out(d) ? GFA_PDF_TIME : GFA_PDF_CONTENT;
        if (st == GFA_PDF_OK)
            empty_type3_procs(ctx, pdf_page_resources(ctx, pdf_page_from_fz_page(ctx, page)));
        if (st == GFA_PDF_OK) {
            fz_stext_options opts = {.flags = FZ_STEXT_MEDIABOX_CLIP};
            text = fz_new_stext_page(ctx, box);
            tdev = fz_new_stext_device(ctx, text, &opts);
            rdev = new_rule_dev(ctx, tdev, box);
            fz_run_page_contents(ctx, page, &rdev->super, fz_identity, &d->cookie);
            fz_close_device(ctx, &rdev->super);
            fz_close_device(ctx, tdev);
        }
    }
    fz_always(ctx)
    {
        fz_drop_page(ctx, page);
    }
    fz_catch(ctx)
    {
        st = caught(d, refused, GFA_PDF_PAGE);
        snprintf(why, why_len, "%s", fz_caught_message(ctx));
    }
    if (st == GFA_PDF_OK && (d->cookie.abort || timed_out(d)))
        st = GFA_PDF_TIME;
    /* MuPDF turns many failures inside a page into warnings and goes on: a refused
     * allocation then means the page may be incomplete */
    if (st == GFA_PDF_OK && d->mem.refused > refused && (d->warnings || d->cookie.errors))
        st = GFA_PDF_MEMORY;
    if (st == GFA_PDF_OK && rdev && rdev->nomem)
        st = GFA_PDF_NOMEM;
    if (st == GFA_PDF_OK && text) {
        /* a page whose text runs turned (a wide table set sideways on a portrait page)
         * is read, rulings and characters alike, as the reader turns it */
        int q = dominant_quarter(text);
        fz_matrix m = upright(q, out->width, out->height);
        if (q % 2) {
            float w = out->width;
            out->width = out->height;
            out->height = w;
        }
        if (q && rdev)
            turn_rules(rdev, m, q);
        if (!copy_chars(text, q, m, out))
            st = GFA_PDF_NOMEM;
    }
    if (st == GFA_PDF_OK && rdev) {
        out->hrules = rdev->h.v;
        out->nh = rdev->h.n;
        out->vrules = rdev->v.v;
        out->nv = rdev->v.n;
        rdev->h.v = rdev->v.v = NULL;
        out->images = rdev->images;
        out->image_area = rdev->image_area;
        out->invisible = rdev->invisible;
        out->warnings = d->warnings + d->cookie.errors;
        snprintf(out->warning, sizeof out->warning, "%s",
                 d->warning[0] ? d->warning : d->cookie.errors ? "errors in the content stream"
                                                               : "");
    }
    if (st == GFA_PDF_CONTENT)
        snprintf(why, why_len, "its content streams inflate to more than %zu bytes",
                 d->lim.content_bytes);
    else if (st == GFA_PDF_TIME)
        snprintf(why, why_len, "the time limit ran out");
    else if (st == GFA_PDF_MEMORY && !why[0])
        snprintf(why, why_len, "%s", d->warning);
    if (st != GFA_PDF_OK)
        gfa_pdf_page_free(out);
    /* fz_drop_* never throw */
    fz_drop_device(ctx, rdev ? &rdev->super : NULL);
    fz_drop_device(ctx, tdev);
    fz_drop_stext_page(ctx, text);
    return st;
}
