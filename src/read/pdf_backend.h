/* pdf_backend.h — the narrow interface between gfa's PDF reader (read_pdf.c) and the PDF
 * library (issue 10). The library is MuPDF (AGPL), kept out of libgfa: pdf_mupdf.c, the
 * only file that includes its headers, is built into a shared library of its own,
 * libgfa-pdf.so, which libgfa links. `make PDF=no` builds pdf_none.c into libgfa instead: it
 * says gfa was built without PDF support. Another backend (Poppler: characters, no rulings)
 * would implement the same functions.
 *
 * libgfa-pdf.so exports exactly the functions marked GFA_PDF_API (tools/check-exports);
 * they all start with gfa_pdf_. Nothing here prints or exits; memory the backend hands out
 * is malloc'd and freed by the functions named below. Not installed. */
#ifndef GFA_PDF_BACKEND_H
#define GFA_PDF_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef GFA_PDF_BACKEND_SHARED
#define GFA_PDF_API __attribute__((visibility("default")))
#else
#define GFA_PDF_API
#endif

/* What the backend may spend on one document. */
typedef struct gfa_pdf_limits {
    size_t memory;        /* bytes the library may hold at once (a font or image bomb) */
    size_t content_bytes; /* decompressed bytes of one page's content streams and forms */
    long objects;         /* objects in the cross-reference table */
    double seconds;       /* wall time from gfa_pdf_open to gfa_pdf_close; 0: none */
} gfa_pdf_limits;

typedef enum gfa_pdf_status {
    GFA_PDF_OK = 0,
    GFA_PDF_UNAVAILABLE, /* gfa was built without PDF support */
    GFA_PDF_NOMEM,       /* the process is out of memory */
    GFA_PDF_BROKEN,      /* not a PDF the library can open; the message says why */
    GFA_PDF_ENCRYPTED,   /* a password is needed to read it */
    GFA_PDF_OBJECTS,     /* more objects than limits.objects */
    GFA_PDF_MEMORY,      /* the library needed more than limits.memory */
    GFA_PDF_CONTENT,     /* a page's content inflates past limits.content_bytes */
    GFA_PDF_TIME,        /* limits.seconds ran out */
    GFA_PDF_PAGE,        /* this page cannot be read (the message says why); others may */
} gfa_pdf_status;

typedef struct gfa_pdf_doc gfa_pdf_doc;

typedef struct gfa_pdf_info {
    int pages;
    long objects;
    int repaired;          /* the cross-reference table was broken and rebuilt */
    int owner_password;    /* encrypted with an empty user password: readable */
    char producer[128];    /* the Info dictionary's Producer (UTF-8), or "" */
} gfa_pdf_info;

/* One character as drawn: coordinates in points from the top left of the page as it is
 * read, so y grows downwards: after the page's /Rotate, then turned so that most of its
 * text runs left to right (a table drawn sideways on a portrait page is read as the reader
 * turns the paper; gfa_pdf_page.width and height are the turned page's). */
typedef struct gfa_pdf_char {
    uint32_t c;    /* Unicode code point (as the font's ToUnicode says; 0xFFFD unknown) */
    float x0, x1;  /* left and right end of the character's advance on its baseline */
    float y;       /* the baseline */
    float size;    /* font size in points */
    int aside;     /* its line ran another way than most of a turned page's text (an
                    * upright page number beside a table drawn sideways): the line is
                    * turned on its own about its first character, to be read apart */
} gfa_pdf_char;

/* A ruling: a drawn horizontal (y0 == y1) or vertical (x0 == x1) line segment, stroked
 * or filled as a thin rectangle, with x0 <= x1 and y0 <= y1. */
typedef struct gfa_pdf_seg {
    float x0, y0, x1, y1;
} gfa_pdf_seg;

typedef struct gfa_pdf_page {
    float width, height; /* as the page is read (turned: the sheet's height and width) */
    gfa_pdf_char *chars; /* in content-stream order */
    size_t nchars;
    gfa_pdf_seg *hrules, *vrules;
    size_t nh, nv;
    int images;          /* images drawn */
    float image_area;    /* their area on the page (sum of bounding boxes, clipped) */
    size_t invisible;    /* characters drawn invisibly (text render mode 3: OCR layers) */
    int warnings;        /* problems the library worked around on this page */
    char warning[160];   /* the first of them */
} gfa_pdf_page;

/* "MuPDF 1.21.1", or NULL when gfa was built without PDF support. */
GFA_PDF_API const char *gfa_pdf_library(void);

/* Opens a PDF held in memory (data must outlive the document). On GFA_PDF_OK *out is the
 * document and *info filled in; otherwise *out is NULL and `why` says what went wrong in
 * English (for the diagnostic). */
GFA_PDF_API gfa_pdf_status gfa_pdf_open(const char *data, size_t len, const gfa_pdf_limits *lim,
                                        gfa_pdf_doc **out, gfa_pdf_info *info, char *why,
                                        size_t why_len);

/* Reads page `index` (0-based): characters, rulings, images. On GFA_PDF_OK *page is
 * filled in (free it with gfa_pdf_page_free); otherwise *page is empty and `why` says
 * why. Only one page is held at a time: the library's page is dropped before returning. */
GFA_PDF_API gfa_pdf_status gfa_pdf_page_read(gfa_pdf_doc *doc, int index, gfa_pdf_page *page,
                                             char *why, size_t why_len);
GFA_PDF_API void gfa_pdf_page_free(gfa_pdf_page *page);

/* The most memory the library held at once so far, in bytes. */
GFA_PDF_API size_t gfa_pdf_peak_memory(const gfa_pdf_doc *doc);
GFA_PDF_API void gfa_pdf_close(gfa_pdf_doc *doc);

#endif
