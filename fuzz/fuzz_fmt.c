/* fuzz_fmt — the ICU formatting functions the renderers call: amount, percent,
 * 人民币大写, display width and padding, dates; and the text-table layout and drawing of
 * fmt:draw (issue 13) when the input holds a "<grid" (from there on, parsed as XML; the
 * first byte chooses the line and ambiguous widths), and the frame of fmt:table-frame and
 * the walk of its body (fmt:body-rows, fmt:line-rows, fmt:line-cells, fmt:line-node) and
 * each line's row label (fmt:row-label) when it holds a "<table" of gfa's namespace, and a
 * form's amounts by field and its uncertain parts (fmt:children, fmt:descendants), the runs
 * of fmt:run-length, and the indexed lookups of fmt:having and fmt:elements, when it holds
 * a "<fund"; a finding's value (fmt:finding-value) of any kind. Any input: a defined result
 * or an error. */
#include "fuzz_common.h"
#include "gfa.h"
#include "write/render.h"

#include <string.h>

#include <libxml/parser.h>

static void table_frame(const uint8_t *data, size_t size)
{
    const char *at = memmem(data, size, "<table", 6);
    if (!at)
        return;
    size_t len = size - (size_t)(at - (const char *)data);
    xmlDocPtr doc = xmlReadMemory(at, (int)len, "table.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                    XML_PARSE_NOWARNING);
    if (!doc)
        return;
    xmlNodePtr table = xmlDocGetRootElement(doc);
    xmlNodePtr frame = fmt_table_frame(doc, table);
    /* the walk of its body: every printed line's cells, and each marker's node */
    fmt_walk *w = frame ? fmt_walk_new() : NULL;
    xmlNodePtr *rows = NULL, *cells = NULL;
    size_t n = 0, nc = 0;
    if (w && fmt_body_rows(w, table, &rows, &n)) {
        for (size_t i = 0; i < n; i++) {
            if (fmt_line_rows(w, rows[i], &cells, &nc))
                free(cells);
            if (fmt_line_cells(w, doc, rows[i], frame, &cells, &nc))
                for (size_t k = 0; k <= nc; k++)
                    (void)fmt_line_node(w, rows[i], (double)(k % 3), (double)k);
            free(cells);
            free(fmt_row_label(rows[i]));
        }
    }
    free(rows);
    fmt_walk_free(w);
    xmlFreeNode(frame);
    xmlFreeDoc(doc);
}

static void form_fields(const uint8_t *data, size_t size)
{
    const char *at = memmem(data, size, "<fund", 5);
    if (!at)
        return;
    size_t len = size - (size_t)(at - (const char *)data);
    xmlDocPtr doc = xmlReadMemory(at, (int)len, "fund.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                  XML_PARSE_NOWARNING);
    if (!doc)
        return;
    static const char *const fields[] = {"declared", "rate", "", "score"};
    xmlNodePtr *v = NULL, root = xmlDocGetRootElement(doc);
    size_t n = 0;
    if (fmt_children_by(&root, 1, "amt", "field", fields[data[0] % 4], &v, &n))
        free(v);
    if (root && fmt_children_by(&root, 1, "amt", "", "", &v, &n)) /* no attribute has no name */
        free(v);
    if (fmt_descendants_by(root, "certain", fields[data[0] % 4], &v, &n))
        free(v);
    if (fmt_descendants_by((xmlNodePtr)doc, "field", "rate", &v, &n))
        free(v);
    /* the runs of equal values a merged cell spans, from every child of the root */
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        (void)fmt_run_length(c, fields[(data[0] >> 2) % 4][0] ? "field" : "level1");
    (void)fmt_run_length((xmlNodePtr)doc, "field");
    /* the lookups of fmt:having and fmt:elements through one index, kept across them */
    static const char *const paths[] = {"//*", "//*[local-name() = 'amt']", "fmt:elements(/, 'amt fund')",
                                        "/nothing", "1 + 1", "//["};
    static const char *const attrs[] = {"field", "certain", "line", ""};
    fmt_index *ix = fmt_index_new(doc);
    for (size_t i = 0; ix && i < 8; i++) {
        const char *a[3] = {attrs[(data[0] + i) % 4], attrs[(data[0] >> 2) % 4], attrs[i % 4]};
        const char *v1[] = {fields[(data[0] + i) % 4], fields[i % 4]}, *v2[] = {fields[(data[0] >> 4) % 4]};
        const char *const *values[3] = {v1, v2, v1};
        size_t nvalues[3] = {1 + (i & 1), i % 3 ? 1 : 0, 2}, npairs = 1 + i % 3;
        const char *why = NULL;
        if (fmt_having(ix, paths[(data[0] + i) % 6], a, values, nvalues, npairs, &v, &n, &why))
            free(v);
        if (fmt_elements(ix, i & 1 ? (xmlNodePtr)doc : root, i & 2 ? "amt fund" : fields[i % 4], &v, &n))
            free(v);
    }
    fmt_index_free(ix);
    xmlFreeDoc(doc);
}

static void draw_grid(const uint8_t *data, size_t size)
{
    const char *at = memmem(data, size, "<grid", 5);
    if (!at)
        return;
    size_t len = size - (size_t)(at - (const char *)data);
    xmlDocPtr doc = xmlReadMemory(at, (int)len, "grid.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                  XML_PARSE_NOWARNING);
    if (!doc)
        return;
    int width = 0;
    const char *why = NULL;
    free(fmt_draw_text(xmlDocGetRootElement(doc), 10 + data[0] % 120, 1 + (data[0] & 1), &width, &why));
    xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gfa_fmt *f;
    if (!f) {
        gfa_global_init();
        f = gfa_fmt_new(NULL);
        if (!f)
            abort();
    }
    if (size == 0 || size > 4096)
        return 0;
    draw_grid(data, size);
    table_frame(data, size);
    form_fields(data, size);
    if (size > 512)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    const char *why = NULL;
    int decimals = data[0] % 7;
    free(gfa_fmt_amount(f, s + 1, decimals, data[0] & 3, &why));
    free(gfa_fmt_percent(f, s + 1, decimals, &why));
    free(gfa_fmt_rmb_upper(s + 1, data[0] & 4, &why));
    free(gfa_fmt_pad(s + 1, data[0] % 40, "lrc"[data[0] % 3], 1 + (data[0] & 1), data[0] & 8, &why));
    free(gfa_fmt_date_zh(s + 1, data[0] & 16, &why));
    static const char *const kinds[] = {"amount", "rate", "code", "text", "count", "score", ""};
    free(fmt_finding_value(f, s + 1, kinds[data[0] % 7], &why));
    (void)gfa_display_width(s + 1, 1);
    free(s);
    return 0;
}
