/* pdf_none.c — the PDF backend of a gfa built with `make PDF=no` (no MuPDF): every PDF is
 * refused with a message that says so. See pdf_backend.h. */
#include "read/pdf_backend.h"

#include <stdio.h>
#include <string.h>

const char *gfa_pdf_library(void)
{
    return NULL;
}

gfa_pdf_status gfa_pdf_open(const char *data, size_t len, const gfa_pdf_limits *lim,
                            gfa_pdf_doc **out, gfa_pdf_info *info, char *why, size_t why_len)
{
    *out = NULL;
    memset(info, 0, sizeof *info);
    snprintf(why, why_len, "gfa was built without PDF support (make PDF=no)");
    return GFA_PDF_UNAVAILABLE;
}

gfa_pdf_status gfa_pdf_page_read(gfa_pdf_doc *doc, int index, gfa_pdf_page *page, char *why,
                                 size_t why_len)
{
    memset(page, 0, sizeof *page);
    snprintf(why, why_len, "gfa was built without PDF support (make PDF=no)");
    return GFA_PDF_UNAVAILABLE;
}

void gfa_pdf_page_free(gfa_pdf_page *page)
{
}

size_t gfa_pdf_peak_memory(const gfa_pdf_doc *doc)
{
    return 0;
}

void gfa_pdf_close(gfa_pdf_doc *doc)
{
}
