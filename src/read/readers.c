/* readers.c — the reader table: every input format gfa knows, how it is recognised and
 * which function reads it. A new format is a file of its own (read_FORMAT.c) and one line
 * here; the CLI's --from and --help, detection, batch and the pipeline follow from it. */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool starts_with(const read_input *in, const char *magic, size_t n)
{
    return in->data && in->len >= n && memcmp(in->data, magic, n) == 0;
}

/* A PDF; and formats gfa recognises but has no reader for yet: named, never mistaken for
 * text. */
static int sniff_pdf(const read_input *in)
{
    /* the header may follow a little junk (1024 bytes, as PDF readers allow) */
    size_t n = in->data ? (in->len < 1024 ? in->len : 1024) : 0;
    return n && memmem(in->data, n, "%PDF-", 5) ? 100 : 0;
}

/* Zip and OLE containers hold workbooks or documents: the names of their parts tell which
 * (xl/workbook.xml, word/document.xml; the OLE streams "Workbook" and "WordDocument",
 * stored in UTF-16). */
static bool contains(const read_input *in, const char *needle, size_t n)
{
    return in->data && memmem(in->data, in->len, needle, n) != NULL;
}

/* A workbook saved with a password is not a zip but an OLE container holding the
 * encrypted package: the XLSX reader claims it, to say so. */
static int sniff_xlsx(const read_input *in)
{
    if (starts_with(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return contains(in, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32) ? 90
                                                                                         : 0;
    return starts_with(in, "PK\x03\x04", 4) && contains(in, "xl/", 3) ? 90 : 0;
}

static int sniff_xls(const read_input *in)
{
    return starts_with(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) &&
                   (contains(in, "W\0o\0r\0k\0b\0o\0o\0k\0", 16) ||
                    contains(in, "B\0o\0o\0k\0", 8))
               ? 90
               : 0;
}

static int sniff_word(const read_input *in)
{
    if (starts_with(in, "PK\x03\x04", 4))
        return contains(in, "word/", 5) || contains(in, "opendocument.text", 17) ? 90 : 0;
    if (starts_with(in, "{\\rtf", 5))
        return 90;
    return starts_with(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) &&
                   contains(in, "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24)
               ? 90
               : 0;
}

static int sniff_html(const read_input *in)
{
    if (!in->data)
        return 0;
    size_t n = in->len < 1024 ? in->len : 1024;
    char head[1025];
    memcpy(head, in->data, n);
    head[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (head[i] == '\0')
            head[i] = ' ';
    return strcasestr(head, "<!doctype html") || strcasestr(head, "<html") ? 90 : 0;
}

static const reader_def builtin_readers[] = {
    {.name = "text", .extensions = ".txt .text", .loc = LOC_LINE,
     .description = "a published report as text, table cells separated by tabs (UTF-8, "
                    "UTF-16, GB18030/GBK)",
     .sniff = read_text_sniff, .to_source = read_text_source},
    {.name = "layout", .extensions = ".txt", .loc = LOC_LINE,
     .description = "text laid out in columns by position, as pdftotext -layout writes it",
     .sniff = read_layout_sniff, .to_source = read_layout_source},
    {.name = "flat", .extensions = ".txt .text", .loc = LOC_LINE,
     .description = "a report as copy-paste or text extraction gives it: table cells separated "
                    "by single spaces, blank cells gone, headers broken over lines",
     .sniff = read_flat_sniff, .to_source = read_flat_source},
    {.name = "instance", .extensions = ".xml", .loc = LOC_LINE,
     .description = "a gfa instance (XML, urn:gfa:report:1)",
     .sniff = read_instance_sniff, .to_doc = read_instance_doc},
    {.name = "pdf", .extensions = ".pdf", .loc = LOC_PAGE,
     .description = "PDF with a text layer (tables from their rulings; scanned pages need OCR)",
     .sniff = sniff_pdf, .to_source = read_pdf_source},
    /* known, not readable yet */
    {.name = "xlsx", .extensions = ".xlsx .xlsm", .loc = LOC_CELL,
     .description = "Excel and WPS workbooks (XLSX, XLSM): one table per sheet or several "
                    "one under another, a metadata sheet",
     .sniff = sniff_xlsx, .to_source = read_xlsx_source},
    {.name = "xls", .extensions = ".xls .et", .loc = LOC_CELL,
     .description = "legacy Excel workbooks (XLS, BIFF8)", .sniff = sniff_xls,
     .to_source = read_xls_source},
    /* no extension: a folder is no file, and a batch walking folders must not take the
     * CSV files in them for reports */
    {.name = "csv", .extensions = "", .loc = LOC_CELL,
     .description = "a folder of CSV files (UTF-8 or GB18030, comma or tab), one per table, "
                    "and a metadata file",
     .sniff = read_csv_sniff, .to_source = read_csv_source, .folders = true},
    {.name = "word", .extensions = ".doc .docx .wps .odt .rtf",
     .description = "word-processor documents", .sniff = sniff_word},
    {.name = "html", .extensions = ".html .htm .xhtml", .description = "HTML pages",
     .sniff = sniff_html},
};

size_t reader_count(const gfa_context *ctx)
{
    return ARRAY_LEN(builtin_readers) + ctx->nextra_readers;
}

const reader_def *reader_at(const gfa_context *ctx, size_t i)
{
    if (i < ARRAY_LEN(builtin_readers))
        return &builtin_readers[i];
    i -= ARRAY_LEN(builtin_readers);
    return i < ctx->nextra_readers ? ctx->extra_readers[i] : NULL;
}

const reader_def *reader_find(const gfa_context *ctx, const char *name)
{
    for (size_t i = 0; i < reader_count(ctx); i++)
        if (strcmp(reader_at(ctx, i)->name, name) == 0)
            return reader_at(ctx, i);
    return NULL;
}

gfa_status reader_register(gfa_context *ctx, const reader_def *def)
{
    if (!def || !def->name || reader_find(ctx, def->name) ||
        ctx->nextra_readers >= ARRAY_LEN(ctx->extra_readers))
        return GFA_ERR_USAGE;
    ctx->extra_readers[ctx->nextra_readers++] = def;
    return GFA_OK;
}

/* True when the file name ends in one of the reader's extensions (any case). */
static bool has_extension(const reader_def *r, const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || !r->extensions || strchr(dot, '/'))
        return false;
    size_t n = strlen(dot);
    for (const char *p = r->extensions; *p;) {
        const char *end = strchr(p, ' ');
        size_t k = end ? (size_t)(end - p) : strlen(p);
        if (k == n && strncasecmp(p, dot, n) == 0)
            return true;
        p += k;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* A workbook's cells are typed: a text where the table wants an amount, or a table no
 * definition describes, is an error there, not the warning a published text gets (issue
 * 14: bad input is an error naming file, sheet and cell). */
static void raise_typed(gfa_diags *diags, size_t from)
{
    static const char *const ids[] = {"GFA-READ-023", "GFA-READ-027"};
    for (size_t i = from; i < gfa_diags_count(diags); i++)
        for (size_t k = 0; k < ARRAY_LEN(ids); k++)
            if (strcmp(diag_id_at(diags, i), ids[k]) == 0)
                diag_raise(diags, i, GFA_SEV_ERROR);
}

const reader_def *reader_detect(const gfa_context *ctx, const read_input *in)
{
    const reader_def *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < reader_count(ctx); i++) {
        const reader_def *r = reader_at(ctx, i);
        if (in->folder != r->folders)
            continue;
        int score = r->sniff ? r->sniff(in) : 0;
        bool ext = has_extension(r, in->name);
        /* the extension breaks ties and names formats no sniffer recognises */
        int total = score * 2 + (ext ? 1 : 0);
        if ((score > 0 || (ext && !r->sniff)) && total > best_score) {
            best = r;
            best_score = total;
        }
    }
    return best;
}

gfa_status read_report(const gfa_context *ctx, const reader_def *with, const read_input *in,
                       xmlDocPtr *out, gfa_diags *diags)
{
    *out = NULL;
    const reader_def *r = with ? with : reader_detect(ctx, in);
    if (!r) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-004", in->name, 0, 0,
                 "%s is not in a format gfa reads (--from names one: gfa convert --help "
                 "lists them)",
                 in->folder ? "the folder" : "the input");
        return GFA_ERR_INPUT;
    }
    if (!r->to_source && !r->to_doc) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_READER, "GFA-READ-004", in->name, 0, 0,
                 "gfa cannot read %s files yet (%s); give the report as text or as a gfa "
                 "instance",
                 r->name, r->description);
        return GFA_ERR_INPUT;
    }
    if (in->folder != r->folders) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-002", in->name, 0, 0,
                 in->folder ? "a folder, not a file: the %s reader reads files"
                            : "a file, not a folder: the %s reader reads folders",
                 r->name);
        return GFA_ERR_IO;
    }
    if (r->to_doc)
        return r->to_doc(ctx, in, out, diags);
    src_doc src;
    gfa_status st = r->to_source(ctx, in, &src, diags);
    if (st != GFA_OK)
        return st;
    if (!src.format)
        src.format = r->name;
    size_t first = gfa_diags_count(diags);
    st = assemble_report(ctx, &src, out, diags);
    if (st == GFA_OK && src.meta)
        book_apply_meta(ctx, &src, *out, diags);
    if (st == GFA_OK && r->loc != LOC_LINE)
        locate_elements(&src, *out);
    if (r->loc != LOC_LINE)
        locate_diags(&src, diags, first);
    if (r->loc == LOC_CELL)
        raise_typed(diags, first);
    src_doc_free(&src);
    return st;
}

int gfa_folder_is_report(const char *path)
{
    read_input in = {.name = path, .path = path, .folder = true};
    for (size_t i = 0; path && i < ARRAY_LEN(builtin_readers); i++) {
        const reader_def *r = &builtin_readers[i];
        if (r->folders && r->sniff && r->sniff(&in) > 0)
            return 1;
    }
    return 0;
}

int gfa_reader_info(size_t i, const char **name, const char **extensions,
                    const char **description, int *readable)
{
    const reader_def *r = i < ARRAY_LEN(builtin_readers) ? &builtin_readers[i] : NULL;
    if (!r)
        return 0;
    if (name)
        *name = r->name;
    if (extensions)
        *extensions = r->extensions;
    if (description)
        *description = r->description;
    if (readable)
        *readable = r->to_source || r->to_doc;
    return 1;
}
