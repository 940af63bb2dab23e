/* read_xlsx.c — Excel and WPS workbooks (XLSX, XLSM) into the line/cell model (issue 14).
 *
 * The zip container is opened from memory with libzip; each part is decompressed under the
 * zip limits (entries, decompressed bytes, and the ratio of one entry, so that a zip bomb
 * stops early); the small parts (relationships, workbook, styles) are parsed by the secure
 * parser, the shared strings and the sheets by libxml2's streaming reader. A cell becomes
 * what the sheet shows: a string (shared, inline, a formula's string), or a number turned
 * back into the decimal its number format shows — never a long binary expansion (a number
 * that is not a short decimal is reported); a formula's cached value is used and a formula
 * without one is an error (gfa never evaluates formulas); macros are ignored. Sheets come in
 * workbook order; hidden sheets, rows and columns are left out, as the workbook shows it,
 * and said so. book.c makes the lines. */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/* The ratio of one entry is checked once it has given this many bytes: small parts
 * compress far better than a report's sheets and are harmless. */
#define RATIO_GRACE (100 * 1024)
/* Formulas without a cached value reported one by one. */
#define MAX_FORMULA_ERRORS 20
#define MAX_ROW 1048576L
#define MAX_COL 16384

typedef struct numfmt_entry {
    int id;
    book_numfmt f;
} numfmt_entry;

typedef struct xl {
    const gfa_context *ctx;
    const char *file;
    gfa_diags *diags;
    zip_t *zip;
    long long unzipped, max_bytes, max_ratio;
    char **sst;
    size_t nsst, sst_cap;
    book_numfmt *xf;
    size_t nxf;
    numfmt_entry *fmts;
    size_t nfmts;
    int formula_errors;
    book b;
    gfa_status st; /* the first failure */
} xl;

static void fail(xl *x, gfa_status st)
{
    if (x->st == GFA_OK)
        x->st = st;
}

/* A damaged workbook: "the workbook's part xl/… <what><detail>". */
static void bad(xl *x, const char *part, const char *what, const char *detail)
{
    diag_add(x->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-004", x->file, 0, 0,
             "the workbook's part %s %s%s", part, what, detail ? detail : "");
    fail(x, GFA_ERR_INPUT);
}

/* ------------------------------------------------------------ zip parts --- */

typedef struct part_in {
    xl *x;
    zip_file_t *zf;
    const char *name;
    long long read, comp;
    bool over;
} part_in;

/* Reads from an entry under the limits; -1 (diagnosed) past one of them. */
static int part_read(void *ctx, char *buf, int len)
{
    part_in *p = ctx;
    xl *x = p->x;
    if (p->over || len <= 0)
        return p->over ? -1 : 0;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0) {
        bad(x, p->name, "is damaged: ",
            zip_error_strerror(zip_file_get_error(p->zf)));
        p->over = true;
        return -1;
    }
    p->read += n;
    x->unzipped += n;
    if (x->unzipped > x->max_bytes) {
        diag_add(x->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-013", x->file, 0, 0,
                 "the workbook decompresses to more than %lld bytes (--limit zip-bytes=N): "
                 "a zip bomb, or far more than a report",
                 x->max_bytes);
        fail(x, GFA_ERR_INPUT);
        p->over = true;
        return -1;
    }
    if (p->read > RATIO_GRACE && p->read > p->comp * x->max_ratio) {
        diag_add(x->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-014", x->file, 0, 0,
                 "the part %s decompresses more than %lld times its compressed size "
                 "(--limit zip-ratio=N): a zip bomb",
                 p->name, x->max_ratio);
        fail(x, GFA_ERR_INPUT);
        p->over = true;
        return -1;
    }
    return (int)n;
}

static int part_close(void *ctx)
{
    part_in *p = ctx;
    if (p->zf)
        zip_fclose(p->zf);
    p->zf = NULL;
    return 0;
}

/* Opens an entry; false (diagnosed when it exists but cannot be read) otherwise. */
static bool part_open(xl *x, const char *name, part_in *p)
{
    memset(p, 0, sizeof *p);
    p->x = x;
    p->name = name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(x->zip, name, 0, &st) != 0)
        return false;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        diag_add(x->diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-002", x->file, 0, 0,
                 "the workbook's part %s is encrypted: save the workbook without a password",
                 name);
        fail(x, GFA_ERR_INPUT);
        return false;
    }
    p->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (long long)st.comp_size : 0;
    p->zf = zip_fopen(x->zip, name, 0);
    if (!p->zf) {
        bad(x, name, "cannot be opened: ",
            zip_error_strerror(zip_get_error(x->zip)));
        return false;
    }
    return true;
}

/* A whole (small) part in memory; NULL when absent or unreadable. */
static char *part_bytes(xl *x, const char *name, size_t *len)
{
    part_in p;
    if (!part_open(x, name, &p))
        return NULL;
    strbuf sb;
    sb_init(&sb);
    char buf[16384];
    int n;
    while ((n = part_read(&p, buf, sizeof buf)) > 0)
        sb_add(&sb, buf, (size_t)n);
    part_close(&p);
    if (n < 0 || sb.failed) {
        if (sb.failed)
            fail(x, GFA_ERR_NOMEM);
        sb_free(&sb);
        return NULL;
    }
    *len = sb.len;
    char *data = sb_take(&sb);
    if (!data) {
        data = strdup("");
        *len = 0;
    }
    return data;
}

static xmlDocPtr part_doc(xl *x, const char *name)
{
    size_t len = 0;
    char *data = part_bytes(x, name, &len);
    if (!data)
        return NULL;
    char *label = NULL;
    xmlDocPtr doc = NULL;
    if (asprintf(&label, "%s:%s", x->file, name) >= 0)
        doc = xml_parse_secure(label, data, len, GFA_DOM_READER, x->diags);
    free(label);
    free(data);
    if (!doc)
        fail(x, GFA_ERR_INPUT);
    return doc;
}

/* Local names, whatever the prefix (strict OOXML uses other namespaces). */
static bool named(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* An attribute by local name (r:id and its strict namespace alike). */
static const char *attr_local(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next)
        if (xmlStrcmp(a->name, BAD_CAST name) == 0 && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

/* The part a relationship target names, relative to the folder of the part `from`. */
static char *resolve(const char *from, const char *target)
{
    strbuf sb;
    sb_init(&sb);
    if (target[0] == '/') {
        target++;
    } else {
        const char *slash = strrchr(from, '/');
        if (slash)
            sb_add(&sb, from, (size_t)(slash - from + 1));
    }
    sb_adds(&sb, target);
    char *path = sb_take(&sb);
    if (!path)
        return NULL;
    /* "xl/worksheets/../sharedStrings.xml" → "xl/sharedStrings.xml" */
    char *p;
    while ((p = strstr(path, "/../"))) {
        char *start = p;
        while (start > path && start[-1] != '/')
            start--;
        memmove(start, p + 4, strlen(p + 4) + 1);
    }
    while (strncmp(path, "../", 3) == 0)
        memmove(path, path + 3, strlen(path + 3) + 1);
    return path;
}

/* The relationships of a part: its _rels/NAME.rels document. */
static xmlDocPtr rels_of(xl *x, const char *part)
{
    const char *slash = strrchr(part, '/');
    char *name = NULL;
    if (asprintf(&name, "%.*s_rels/%s.rels", slash ? (int)(slash - part + 1) : 0, part,
                 slash ? slash + 1 : part) < 0)
        return NULL;
    xmlDocPtr doc = part_doc(x, name);
    free(name);
    return doc;
}

/* The target of the relationship with this id, or of the first of this type. */
static char *rel_target(xmlDocPtr rels, const char *from, const char *id, const char *type_end)
{
    xmlNodePtr root = rels ? xmlDocGetRootElement(rels) : NULL;
    for (xmlNodePtr r = root ? root->children : NULL; r; r = r->next) {
        if (!named(r, "Relationship"))
            continue;
        const char *rid = attr_local(r, "Id"), *type = attr_local(r, "Type"),
                   *target = attr_local(r, "Target"), *mode = attr_local(r, "TargetMode");
        if (!target || (mode && strcmp(mode, "External") == 0))
            continue;
        if (id ? rid && strcmp(rid, id) == 0 : type && str_ends(type, type_end))
            return resolve(from, target);
    }
    return NULL;
}

/* -------------------------------------------------------------- strings --- */

/* Text of OOXML escapes _xHHHH_ (how control characters are written) decoded. */
static void add_decoded(strbuf *sb, const char *t)
{
    while (*t) {
        unsigned v;
        int n = 0;
        if (t[0] == '_' && t[1] == 'x' && sscanf(t + 2, "%4x%n", &v, &n) == 1 && n == 4 &&
            t[6] == '_') {
            if (v >= 0x20 && v != 0x7F && v < 0xD800) { /* a character; controls: a space */
                char u[4];
                int k = v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
                if (k == 1)
                    u[0] = (char)v;
                else if (k == 2) {
                    u[0] = (char)(0xC0 | (v >> 6));
                    u[1] = (char)(0x80 | (v & 0x3F));
                } else {
                    u[0] = (char)(0xE0 | (v >> 12));
                    u[1] = (char)(0x80 | ((v >> 6) & 0x3F));
                    u[2] = (char)(0x80 | (v & 0x3F));
                }
                sb_add(sb, u, (size_t)k);
            } else {
                sb_addc(sb, v == '\n' || v == '\r' ? '\n' : ' ');
            }
            t += 7;
            continue;
        }
        sb_addc(sb, *t++);
    }
}

typedef struct reader {
    xl *x;
    xmlTextReaderPtr r;
    const char *part;
    bool failed;
} reader;

static void reader_error(void *arg, xmlErrorPtr e)
{
    reader *rd = arg;
    if (rd->failed || !e)
        return;
    rd->failed = true;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "not well-formed");
    msg[strcspn(msg, "\n")] = '\0';
    bad(rd->x, rd->part, "is not well-formed XML: ", msg);
}

static bool reader_open(xl *x, const char *name, part_in *p, reader *rd)
{
    memset(rd, 0, sizeof *rd);
    rd->x = x;
    rd->part = name;
    if (!part_open(x, name, p))
        return false;
    /* libxml2 reports a part's encoding and I/O errors through its generic handler too,
     * which prints: silent until reader_close (the reader's own handler has them) */
    xml_quiet_errors(true);
    rd->r = xmlReaderForIO(part_read, part_close, p, name, NULL, XML_PARSE_NONET);
    if (!rd->r) {
        xml_quiet_errors(false);
        part_close(p);
        fail(x, GFA_ERR_NOMEM);
        return false;
    }
    xmlTextReaderSetStructuredErrorHandler(rd->r, reader_error, rd);
    return true;
}

static void reader_close(reader *rd)
{
    xmlFreeTextReader(rd->r);
    xml_quiet_errors(false);
}

/* The next node: 1, 0 at the end, -1 on an error (diagnosed). A DOCTYPE is refused. */
static int reader_next(reader *rd)
{
    int rc = xmlTextReaderRead(rd->r);
    if (rc == 1 && xmlTextReaderNodeType(rd->r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        bad(rd->x, rd->part, "has a DOCTYPE, which gfa refuses", NULL);
        rd->failed = true;
        return -1;
    }
    if (rc < 0 && !rd->failed) {
        rd->failed = true;
        if (rd->x->st == GFA_OK)
            bad(rd->x, rd->part, "cannot be read", NULL);
    }
    return rd->failed ? -1 : rc;
}

static const char *local(reader *rd)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd->r);
    return n ? (const char *)n : "";
}

static bool is_start(reader *rd, const char *name)
{
    return xmlTextReaderNodeType(rd->r) == XML_READER_TYPE_ELEMENT && !strcmp(local(rd), name);
}

static bool is_end(reader *rd, const char *name)
{
    return xmlTextReaderNodeType(rd->r) == XML_READER_TYPE_END_ELEMENT && !strcmp(local(rd), name);
}

static char *attr(reader *rd, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(rd->r, BAD_CAST name);
}

/* The text of a string item (<si>, <is>): its <t> elements, the phonetic runs (<rPh>)
 * left out. The reader stands on the item's start; it ends on its end. */
static char *string_item(reader *rd, const char *item)
{
    strbuf sb;
    sb_init(&sb);
    if (xmlTextReaderIsEmptyElement(rd->r))
        return sb_take(&sb) ? NULL : strdup("");
    int in_t = 0, in_ph = 0;
    while (reader_next(rd) == 1) {
        int type = xmlTextReaderNodeType(rd->r);
        if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(rd->r)) {
            in_t += !strcmp(local(rd), "t");
            in_ph += !strcmp(local(rd), "rPh");
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (!strcmp(local(rd), item))
                break;
            in_t -= in_t > 0 && !strcmp(local(rd), "t");
            in_ph -= in_ph > 0 && !strcmp(local(rd), "rPh");
        } else if (in_t && !in_ph &&
                   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                    type == XML_READER_TYPE_WHITESPACE ||
                    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const xmlChar *v = xmlTextReaderConstValue(rd->r);
            if (v)
                add_decoded(&sb, (const char *)v);
        }
    }
    if (sb.failed) {
        sb_free(&sb);
        return NULL;
    }
    char *s = sb_take(&sb);
    return s ? s : strdup("");
}

static void read_shared_strings(xl *x, const char *name)
{
    part_in p;
    reader rd;
    if (!reader_open(x, name, &p, &rd))
        return;
    while (x->st == GFA_OK && reader_next(&rd) == 1) {
        if (!is_start(&rd, "si"))
            continue;
        char *s = string_item(&rd, "si");
        if (!s) {
            fail(x, GFA_ERR_NOMEM);
            break;
        }
        char **v = array_grow(x->sst, &x->sst_cap, x->nsst + 1, sizeof *v);
        if (!v) {
            free(s);
            fail(x, GFA_ERR_NOMEM);
            break;
        }
        x->sst = v;
        x->sst[x->nsst++] = s;
    }
    reader_close(&rd);
}

/* --------------------------------------------------------------- styles --- */

static void read_styles(xl *x, const char *name)
{
    xmlDocPtr doc = part_doc(x, name);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr fmts = child(root, "numFmts"), xfs = child(root, "cellXfs");
    for (xmlNodePtr f = fmts ? fmts->children : NULL; f; f = f->next) {
        const char *id = attr_local(f, "numFmtId"), *code = attr_local(f, "formatCode");
        if (!named(f, "numFmt") || !id || !code)
            continue;
        numfmt_entry *v = realloc(x->fmts, (x->nfmts + 1) * sizeof *v);
        if (!v) {
            fail(x, GFA_ERR_NOMEM);
            break;
        }
        x->fmts = v;
        x->fmts[x->nfmts].id = atoi(id);
        book_numfmt_parse(code, &x->fmts[x->nfmts++].f);
    }
    size_t n = 0;
    for (xmlNodePtr f = xfs ? xfs->children : NULL; f; f = f->next)
        n += named(f, "xf");
    x->xf = calloc(n + 1, sizeof *x->xf);
    if (!x->xf)
        fail(x, GFA_ERR_NOMEM);
    for (xmlNodePtr f = xfs ? xfs->children : NULL; f && x->xf; f = f->next) {
        if (!named(f, "xf"))
            continue;
        const char *id = attr_local(f, "numFmtId");
        int k = id ? atoi(id) : 0;
        book_numfmt_builtin(k, &x->xf[x->nxf]);
        for (size_t i = 0; i < x->nfmts; i++)
            if (x->fmts[i].id == k)
                x->xf[x->nxf] = x->fmts[i].f;
        x->nxf++;
    }
    xmlFreeDoc(doc);
}

/* --------------------------------------------------------------- sheets --- */

/* "D12" → row 11, column 3; false when it is no cell reference in Excel's grid. */
static bool parse_ref(const char *ref, long *row, int *col)
{
    long c = 0, r = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z' && c <= MAX_COL)
        c = c * 26 + (*p++ - 'A' + 1);
    if (p == ref || c > MAX_COL)
        return false;
    const char *digits = p;
    while (*p >= '0' && *p <= '9' && r <= MAX_ROW)
        r = r * 10 + (*p++ - '0');
    if (p == digits || *p || r < 1 || r > MAX_ROW)
        return false;
    *row = r - 1;
    *col = (int)c - 1;
    return true;
}

static void formula_error(xl *x, const book_sheet *s, long row, int col, const char *formula)
{
    if (++x->formula_errors > MAX_FORMULA_ERRORS)
        return;
    char *at = book_location(s->name, row, col);
    size_t first = gfa_diags_count(x->diags);
    diag_add(x->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-005", x->file, 0, 0,
             "the cell holds the formula =%.60s but no value: gfa never evaluates formulas; "
             "open the workbook in Excel, WPS or LibreOffice and save it, so that it stores "
             "the values",
             formula ? formula : "");
    if (at)
        diag_locate(x->diags, first, at);
    free(at);
}

/* One <c>: its value as the sheet shows it. The reader stands on the start of <c>. */
static void read_cell(xl *x, reader *rd, book_sheet *s, long row, int *next_col)
{
    char *ref = attr(rd, "r"), *type = attr(rd, "t"), *style = attr(rd, "s");
    long r = row;
    int col = *next_col;
    if (ref && !parse_ref(ref, &r, &col)) {
        bad(x, rd->part, "names a cell outside Excel's grid", NULL);
        rd->failed = true;
    }
    *next_col = col + 1;
    char *v = NULL, *f = NULL, *is = NULL;
    bool has_f = false;
    if (!rd->failed && !xmlTextReaderIsEmptyElement(rd->r)) {
        while (reader_next(rd) == 1 && !is_end(rd, "c")) {
            if (is_start(rd, "v") && !v)
                v = (char *)xmlTextReaderReadString(rd->r);
            else if (is_start(rd, "f")) {
                has_f = true;
                if (!f)
                    f = (char *)xmlTextReaderReadString(rd->r);
            } else if (is_start(rd, "is") && !is)
                is = string_item(rd, "is");
        }
    }
    const char *text = NULL;
    bool number = false;
    double d = 0;
    book_numfmt fmt;
    strbuf dec;
    sb_init(&dec);
    if (rd->failed) {
        /* diagnosed */
    } else if (type && !strcmp(type, "inlineStr")) {
        text = is ? is : "";
    } else if (type && !strcmp(type, "s")) {
        char *end = NULL;
        long k = v ? strtol(v, &end, 10) : -1;
        if (k < 0 || (size_t)k >= x->nsst || (end && *end)) {
            bad(x, rd->part, "refers to a shared string it does not have", NULL);
            rd->failed = true;
        } else {
            text = x->sst[k];
        }
    } else if (has_f && (!v || !*v)) {
        formula_error(x, s, r, col, f);
    } else if (type && (!strcmp(type, "str") || !strcmp(type, "e") || !strcmp(type, "d"))) {
        add_decoded(&dec, v ? v : "");
        text = dec.data ? dec.data : "";
    } else if (type && !strcmp(type, "b")) {
        text = v && !strcmp(v, "1") ? "TRUE" : "FALSE";
    } else if (v && *v) {
        char *end = NULL;
        d = strtod(v, &end);
        if (end == v || *end) {
            bad(x, rd->part, "holds a number that is none", NULL);
            rd->failed = true;
        } else {
            long k = style ? strtol(style, NULL, 10) : 0;
            if (k >= 0 && (size_t)k < x->nxf)
                fmt = x->xf[k];
            else
                book_numfmt_builtin(0, &fmt);
            number = true;
        }
    }
    if (!rd->failed && number)
        book_put_number(&x->b, s, r, col, d, &fmt);
    else if (!rd->failed)
        book_put(&x->b, s, r, col, text, text ? strlen(text) : 0);
    if (dec.failed)
        fail(x, GFA_ERR_NOMEM);
    sb_free(&dec);
    xmlFree(ref);
    xmlFree(type);
    xmlFree(style);
    xmlFree(v);
    xmlFree(f);
    free(is);
}

static void read_sheet(xl *x, const char *part, book_sheet *s)
{
    part_in p;
    reader rd;
    if (!reader_open(x, part, &p, &rd)) {
        if (x->st == GFA_OK)
            bad(x, part, "is missing", NULL);
        return;
    }
    long row = -1, hidden_rows = 0, hidden_cols = 0;
    while (x->st == GFA_OK && !x->b.failed && reader_next(&rd) == 1) {
        if (is_start(&rd, "row")) {
            char *r = attr(&rd, "r"), *hidden = attr(&rd, "hidden");
            long k = r ? strtol(r, NULL, 10) : row + 2;
            if (k < 1 || k > MAX_ROW) {
                bad(x, part, "has a row outside Excel's grid", NULL);
                xmlFree(r);
                xmlFree(hidden);
                break;
            }
            row = k - 1;
            if (hidden && (!strcmp(hidden, "1") || !strcmp(hidden, "true"))) {
                book_hide_row(&x->b, s, row);
                hidden_rows++;
            }
            xmlFree(r);
            xmlFree(hidden);
            int col = 0;
            if (xmlTextReaderIsEmptyElement(rd.r))
                continue;
            while (!rd.failed && x->st == GFA_OK && reader_next(&rd) == 1 && !is_end(&rd, "row"))
                if (is_start(&rd, "c"))
                    read_cell(x, &rd, s, row, &col);
        } else if (is_start(&rd, "col")) {
            char *min = attr(&rd, "min"), *max = attr(&rd, "max"), *hidden = attr(&rd, "hidden");
            long lo = min ? strtol(min, NULL, 10) : 0, hi = max ? strtol(max, NULL, 10) : lo;
            if (hidden && (!strcmp(hidden, "1") || !strcmp(hidden, "true")) && lo >= 1 &&
                hi >= lo && hi <= MAX_COL)
                for (long c = lo; c <= hi; c++, hidden_cols++)
                    book_hide_col(&x->b, s, (int)c - 1);
            xmlFree(min);
            xmlFree(max);
            xmlFree(hidden);
        } else if (is_start(&rd, "mergeCell")) {
            char *ref = attr(&rd, "ref");
            char *colon = ref ? strchr(ref, ':') : NULL;
            long r1, r2;
            int c1, c2;
            if (colon) {
                *colon = '\0';
                if (parse_ref(ref, &r1, &c1) && parse_ref(colon + 1, &r2, &c2))
                    book_add_merge(&x->b, s, r1, c1, r2, c2);
            }
            xmlFree(ref);
        }
    }
    reader_close(&rd);
    if (x->b.failed)
        fail(x, gfa_diags_count_at_least(x->diags, GFA_SEV_FATAL) ? GFA_ERR_INPUT
                                                                   : GFA_ERR_NOMEM);
    if (hidden_rows || hidden_cols)
        diag_add(x->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-008", x->file, 0, 0,
                 "sheet '%s' hides %ld row(s) and %ld column(s): they are not read, as the "
                 "sheet does not show them",
                 s->name, hidden_rows, hidden_cols);
}

static void read_workbook(xl *x)
{
    xmlDocPtr root_rels = part_doc(x, "_rels/.rels");
    char *wb_part = rel_target(root_rels, "", NULL, "/officeDocument");
    xmlFreeDoc(root_rels);
    if (!wb_part)
        wb_part = strdup("xl/workbook.xml");
    if (!wb_part) {
        fail(x, GFA_ERR_NOMEM);
        return;
    }
    xmlDocPtr wb = x->st == GFA_OK ? part_doc(x, wb_part) : NULL;
    if (!wb) {
        if (x->st == GFA_OK)
            bad(x, wb_part, "is missing (not an XLSX workbook?)", NULL);
        free(wb_part);
        return;
    }
    xmlDocPtr rels = rels_of(x, wb_part);
    char *sst = rel_target(rels, wb_part, NULL, "/sharedStrings");
    char *styles = rel_target(rels, wb_part, NULL, "/styles");
    if (sst && x->st == GFA_OK)
        read_shared_strings(x, sst);
    if (styles && x->st == GFA_OK)
        read_styles(x, styles);
    if (zip_name_locate(x->zip, "xl/vbaProject.bin", 0) >= 0)
        diag_add(x->diags, GFA_SEV_INFO, GFA_DOM_READER, "GFA-BOOK-009", x->file, 0, 0,
                 "the workbook holds macros; they are ignored (gfa reads the cells only)");
    xmlNodePtr sheets = child(xmlDocGetRootElement(wb), "sheets");
    for (xmlNodePtr sh = sheets ? sheets->children : NULL; sh && x->st == GFA_OK; sh = sh->next) {
        if (!named(sh, "sheet"))
            continue;
        const char *name = attr_local(sh, "name"), *state = attr_local(sh, "state");
        char *part = rel_target(rels, wb_part, attr_local(sh, "id"), NULL);
        if (state && strcmp(state, "visible") != 0) {
            diag_add(x->diags, GFA_SEV_WARNING, GFA_DOM_READER, "GFA-BOOK-008", x->file, 0, 0,
                     "sheet '%s' is hidden: it is not read", name ? name : "");
        } else if (!part) {
            bad(x, name ? name : "", "(a sheet) is not in the container", NULL);
        } else {
            book_sheet *s = book_add_sheet(&x->b, name ? name : "", true);
            if (s)
                read_sheet(x, part, s);
            else
                fail(x, GFA_ERR_NOMEM);
        }
        free(part);
    }
    if (x->formula_errors > MAX_FORMULA_ERRORS)
        diag_add(x->diags, GFA_SEV_ERROR, GFA_DOM_READER, "GFA-BOOK-005", x->file, 0, 0,
                 "%d more cells hold a formula without a value", x->formula_errors - MAX_FORMULA_ERRORS);
    if (x->formula_errors)
        fail(x, GFA_ERR_INPUT);
    free(sst);
    free(styles);
    xmlFreeDoc(rels);
    xmlFreeDoc(wb);
    free(wb_part);
}

gfa_status read_xlsx_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                            gfa_diags *diags)
{
    memset(out, 0, sizeof *out);
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if (in->len >= 8 && memcmp(in->data, ole, 8) == 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-002", in->name, 0, 0,
                 "the workbook is encrypted (saved with a password to open): save it "
                 "without one");
        return GFA_ERR_INPUT;
    }
    xl x;
    memset(&x, 0, sizeof x);
    x.ctx = ctx;
    x.file = in->name;
    x.diags = diags;
    x.max_bytes = gfa_context_limit(ctx, GFA_LIMIT_ZIP_BYTES);
    x.max_ratio = gfa_context_limit(ctx, GFA_LIMIT_ZIP_RATIO);
    book_init(&x.b, ctx, in->name, diags);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(in->data, in->len, 0, &ze);
    x.zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!x.zip) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-BOOK-001", in->name, 0, 0,
                 "not a readable XLSX workbook: the zip container is damaged (%s)",
                 zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        book_free(&x.b);
        return GFA_ERR_INPUT;
    }
    zip_error_fini(&ze);
    zip_int64_t entries = zip_get_num_entries(x.zip, 0);
    if (entries > gfa_context_limit(ctx, GFA_LIMIT_ZIP_ENTRIES)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-LIMIT-012", in->name, 0, 0,
                 "the workbook's zip container has %lld entries, over the limit of %lld "
                 "(--limit zip-entries=N)",
                 (long long)entries, gfa_context_limit(ctx, GFA_LIMIT_ZIP_ENTRIES));
        fail(&x, GFA_ERR_INPUT);
    }
    if (x.st == GFA_OK)
        read_workbook(&x);
    if (x.st == GFA_OK) {
        char sha[65];
        sha256_hex(in->data, in->len, sha);
        x.st = book_to_source(&x.b, "xlsx", "UTF-8", in->len, sha, out);
    }
    zip_discard(x.zip);
    for (size_t i = 0; i < x.nsst; i++)
        free(x.sst[i]);
    free(x.sst);
    free(x.xf);
    free(x.fmts);
    book_free(&x.b);
    return x.st;
}
