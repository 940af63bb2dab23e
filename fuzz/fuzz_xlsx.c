/* fuzz_xlsx — any bytes as an XLSX workbook: the zip container and its limits, the parts'
 * XML, shared strings, styles, numbers, merged cells, then the shared assembler and the
 * XSD. Mutated zips mostly fail their checksums, so an input whose first byte is 'X' is
 * rather a sheet's XML that the target packs into a valid workbook (with fixed shared
 * strings and styles): the sheet parser is fuzzed past the container. Must never crash,
 * hang or leak. */
#include "fuzz_common.h"

#include <stdbool.h>
#include <string.h>
#include <zip.h>

static const char *const fixed_names[] = {"_rels/.rels", "xl/workbook.xml",
                                          "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                                          "xl/styles.xml"};
static const char *const fixed_parts[] = {
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"r\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"公开01\" sheetId=\"1\" r:id=\"s1\"/>"
    "</sheets></workbook>",
    "<Relationships><Relationship Id=\"s1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"s\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"t\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>",
    "<sst><si><t>收入支出决算总表</t></si><si><t>项目</t></si><si><t>金额</t></si>"
    "<si><r><t>公开</t></r><r><t>01表</t></r><rPh><t>x</t></rPh></si></sst>",
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"#,##0.00;(#,##0.00)\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"2\"/><xf numFmtId=\"164\"/><xf numFmtId=\"10\"/>"
    "</cellXfs></styleSheet>",
};

/* A workbook around one sheet's XML, in memory (malloc'd), or NULL. */
static char *pack(const uint8_t *sheet, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    char *out = NULL;
    if (z) {
        zip_source_keep(src);
        bool ok = true;
        for (size_t i = 0; ok && i < sizeof fixed_names / sizeof *fixed_names; i++) {
            zip_source_t *s = zip_source_buffer(z, fixed_parts[i], strlen(fixed_parts[i]), 0);
            ok = s && zip_file_add(z, fixed_names[i], s, 0) >= 0;
        }
        zip_source_t *s = zip_source_buffer(z, sheet, size, 0);
        ok = ok && s && zip_file_add(z, "xl/worksheets/sheet1.xml", s, 0) >= 0;
        if (ok && zip_close(z) == 0 && zip_source_open(src) == 0) {
            zip_stat_t st;
            if (zip_source_stat(src, &st) == 0 && (out = malloc(st.size + 1))) {
                zip_int64_t n = zip_source_read(src, out, st.size);
                *len = n > 0 ? (size_t)n : 0;
            }
            zip_source_close(src);
        } else if (!ok) {
            zip_discard(z);
        }
    }
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gfa_context *ctx = fuzz_context();
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    size_t len = size;
    char *packed = NULL;
    const char *bytes = (const char *)data;
    if (size > 0 && data[0] == 'X') {
        packed = pack(data + 1, size - 1, &len);
        bytes = packed;
    }
    if (bytes && gfa_report_read_memory_as(ctx, "fuzz.xlsx", "xlsx", bytes, len, &r, d) == GFA_OK) {
        gfa_report_check_schema(ctx, r, d);
        gfa_report_free(r);
    }
    free(packed);
    gfa_diags_free(d);
    return 0;
}
