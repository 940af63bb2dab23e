/* base.h — the bottom layer of libgfa: buffers, maps, Unicode text, exact decimals,
 * diagnostics, XML helpers and atomic output. Includes nothing of gfa but gfa.h. Not
 * installed. */
#ifndef GFA_BASE_H
#define GFA_BASE_H

#include "gfa.h"
#include "base/decimal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#define GFA_NS "urn:gfa:report:1"
#define GFA_DEFS_NS "urn:gfa:tabledefs:1"
#define GFA_INSTANCE_VERSION "1.0"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- diag.c ---- */
void diag_add(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
              const char *file, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void diag_add_at(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
                 const char *file, long line, long column, const char *xpath, const char *fmt,
                 ...) __attribute__((format(printf, 9, 10)));
void diag_addv(gfa_diags *diags, gfa_severity sev, gfa_domain dom, const char *id,
               const char *file, long line, long column, const char *xpath, const char *fmt,
               va_list ap);
int diags_incomplete(const gfa_diags *diags);
/* Gives the diagnostic appended last its original location ("p12:72.0,540.5",
 * "公开05!D12"), shown instead of line and column. */
void diag_set_at(gfa_diags *diags, const char *at);
/* Gives the diagnostic appended last the place in the published original that its file,
 * line and column stand for, when the file is not the original (an instance). */
void diag_set_source(gfa_diags *diags, const char *file, long line, long column);
/* Gives the diagnostic appended last a finding's fingerprint. */
void diag_set_fingerprint(gfa_diags *diags, const char *fingerprint);
/* Gives diagnostic i the original location of what it is about (a workbook cell), like
 * diag_set_at. false on no memory. */
bool diag_locate(gfa_diags *diags, size_t i, const char *location);
/* Raises diagnostic i to at least sev. */
void diag_raise(gfa_diags *diags, size_t i, gfa_severity sev);
/* The id of diagnostic i ("" when none). */
const char *diag_id_at(const gfa_diags *diags, size_t i);

/* ---- buf.c: growable byte buffer, string helpers ---- */
typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; data holds what fitted */
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_add(strbuf *sb, const char *s, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_addc_grow(strbuf *sb, char c);
/* One byte: inline while it fits (issue 13: text layout and escaping add bytes one at a
 * time, tens of thousands a report), else through sb_addc_grow. */
static inline void sb_addc(strbuf *sb, char c)
{
    if (sb->len + 2 <= sb->cap && !sb->failed) {
        sb->data[sb->len++] = c;
        sb->data[sb->len] = '\0';
    } else {
        sb_addc_grow(sb, c);
    }
}
/* Returns the NUL-terminated contents and resets the buffer (caller frees). */
char *sb_take(strbuf *sb);
/* A JSON string: quoted, '"' '\\' and control characters escaped (UTF-8 passes through);
 * NULL is written as null. */
void sb_json_str(strbuf *sb, const char *s);
/* A CSV field (RFC 4180: quoted when it holds a comma, a quote or a line break), then ","
 * or, for the last field of a record, "\r\n". NULL is an empty field. */
void sb_csv_field(strbuf *sb, const char *s, bool last);
/* The UTF-8 byte-order mark that Excel and WPS need to read a CSV file as UTF-8. */
#define UTF8_BOM "\xef\xbb\xbf"

char *xstrndup(const char *s, size_t n);
/* Room for `need` elements of `elem` bytes in arr, whose room is *cap: arr itself, or arr
 * moved to a room twice as large (at least 16); NULL on no memory or overflow (arr is then
 * untouched and still the caller's). */
void *array_grow(void *arr, size_t *cap, size_t need, size_t elem);
bool str_starts(const char *s, const char *prefix);
/* The n strings one after another into out (cap bytes), cut as snprintf would cut them
 * (a NULL as glibc's printf prints it): for texts made per cell or per row, where
 * snprintf's parsing of the format cost more than the rest. */
void str_join(char *out, size_t cap, const char *const *parts, size_t n);
/* "a/b/c" into out (cap bytes), cut as snprintf would cut it: the key of a cell, made for
 * every look-up (snprintf cost more than the look-up). */
void slash_key(char *out, size_t cap, const char *a, const char *b, const char *c);
/* s into out (cap bytes), cut as snprintf(out, cap, "%s", s) would cut it. */
void str_copy(char *out, size_t cap, const char *s);
bool str_ends(const char *s, const char *suffix);
/* Number of code points in a UTF-8 string of len bytes. */
long utf8_chars(const char *s, size_t len);
/* n characters back from p (not before s) or forward from p (not past end, NULL: the
 * NUL), blanks and line breaks not counted: an excerpt's window then holds the same words
 * however the text was spaced or where its lines broke. */
const char *utf8_back_visible(const char *s, const char *p, int n);
const char *utf8_forward_visible(const char *p, const char *end, int n);

/* ---- strmap.c: string → int map (open addressing, owns its keys) ---- */
typedef struct strmap strmap;
strmap *strmap_new(void);
void strmap_free(strmap *m);
bool strmap_put(strmap *m, const char *key, int value); /* false on out of memory */
/* Returns true and sets *value when present. */
bool strmap_get(const strmap *m, const char *key, int *value);
/* FNV-1a of a NUL-terminated string: stable across runs and machines (batch shards). */
uint64_t str_hash(const char *s);

/* ---- text.c: Unicode helpers built on ICU ---- */
/* NFKC of a UTF-8 string (malloc'd), or NULL on invalid input / no memory. */
char *text_nfkc(const char *s, size_t len);
/* The Traditional variants ICU leaves and their Simplified forms (schemas/codes/
 * traditional-variants.tsv): a context's data, given to each function below that reads
 * Traditional characters as Simplified (NULL: none but ICU's). */
typedef struct text_variants {
    uint16_t (*pairs)[2]; /* sorted by the first */
    size_t count;
} text_variants;
/* Makes tv of n pairs (pairs outside U+3400–U+9FFF skipped); false when out of memory. */
bool text_variants_init(text_variants *tv, const uint32_t (*pairs)[2], size_t n);
void text_variants_free(text_variants *tv);
/* A matching key: NFKC, all white space (incl. U+3000) and quote marks removed, Traditional
 * Han characters in their Simplified form (收入決算表 and 收入决算表 are one key). Used to
 * compare labels, titles and names; never shown to people. */
char *text_key(const text_variants *tv, const char *s, size_t len);
/* The Simplified form of a Traditional Han character (ICU's Traditional-Simplified, one
 * character at a time: 決 → 决, 萬 → 万); any other code point unchanged. Both forms are BMP
 * Han characters, three UTF-8 bytes each. Thread-safe; the transliterator is opened only
 * when a character that may be Traditional is first seen. */
uint32_t text_simplified_char(const text_variants *tv, uint32_t c);
/* Does the text hold a Traditional Han character (one that differs from its Simplified
 * form)? A bit test per character; no allocation. */
bool text_has_traditional(const text_variants *tv, const char *s, size_t len);
/* A copy of len bytes of s with every Traditional Han character in its Simplified form:
 * the same length, the same offsets. malloc'd; NULL when out of memory. */
char *text_simplify(const text_variants *tv, const char *s, size_t len);
/* Do the n bytes at s read as the n bytes of w, Traditional characters of either read as
 * their Simplified forms (說明： as 说明：)? s may be shorter (it ends at its NUL). */
bool text_match_simplified(const text_variants *tv, const char *s, const char *w, size_t n);
/* The Simplified form of the three-byte character s begins with, or 0 when s does not
 * begin with one. When w begins with a three-byte character, text_match_simplified(s, w, n)
 * holds only if s and w give the same: a key to skip words that cannot match. */
uint32_t text_first_simplified(const text_variants *tv, const char *s);
/* Strips an ordinal prefix such as "一、", "（一）", "(一)", "1.", "1、", "（1）" and returns a
 * pointer into s past it (and past following spaces); *ordinal receives a malloc'd copy of
 * the ordinal without punctuation ("一", "1") or NULL when there is none. */
const char *text_strip_ordinal(const char *s, char **ordinal);
/* True when the UTF-8 string is one of the CJK numerals 一…九十百 (an ordinal like 二十六). */
bool text_is_cjk_numeral(const char *s);
/* Do the n parts, each once, in some order, make whole (byte for byte: compare keys)? The
 * order found goes to order[0…n-1] (indices into parts). n at most TEXT_TILES_MAX: a name
 * whose wrapped lines were printed out of order (其他基本 under 建设支出). */
#define TEXT_TILES_MAX 8
bool text_tiles(const char *whole, const char *const *parts, int n, int *order);
/* Length of an opening (open) or closing bracket at s, ASCII or full-width; 0 if none. */
size_t text_bracket(const char *s, bool open);
/* The ASCII character that the full-width form at s stands for (U+FF01–U+FF5E: ％ for %,
 * － for -), its length in *len; 0 when s does not start with one. */
char text_fullwidth_ascii(const char *s, size_t *len);
/* The text without the Word field instructions that leaked into it and the page numbers
 * they give ("一、收入决算表 PAGEREF _Toc4418 \h 22" → "一、收入决算表"), trimmed. malloc'd;
 * NULL when out of memory. */
char *text_without_fields(const char *s, size_t len);
/* Trims ASCII white space and U+3000 at both ends: returns a malloc'd copy. */
char *text_trim(const char *s, size_t len);
/* Text wrapped inside a table cell, unwrapped: white space next to a wide (CJK, full-width)
 * character, just inside ASCII brackets or at either end goes ("本年收入合 计" → "本年收入合计",
 * "2024 年度" → "2024年度", "因公出国 (境) 费" → "因公出国(境)费"); other runs become one
 * space. The one rule of the reader and of fmt:unwrap (issue 9). malloc'd; NULL when out of
 * memory. */
char *text_unwrap(const char *s);
/* Columns a line takes in a monospaced CJK font: a wide or full-width character two, any
 * other one, white space none (a text extraction's spacing varies). */
long text_columns(const char *s);

/* ---- xmlutil.c ---- */
/* Secure parse policy (platform.md §7): NONET only, no entity substitution, no DTD
 * loading, any DOCTYPE rejected. */
xmlDocPtr xml_parse_secure(const char *name, const char *data, size_t len, gfa_domain dom,
                           gfa_diags *diags);
xmlDocPtr xml_read_file_secure(const char *path, gfa_domain dom, gfa_diags *diags);
/* Routes libxml2's generic (printing) error handler to nowhere, or back (thread-local). */
void xml_quiet_errors(bool on);

/* atomic.c: an output file written in pieces and put in place atomically at the end
 * (temporary file in the same folder, fsync, rename); a failure removes the temporary. An
 * existing target that is not a regular file (a device, a pipe) is written directly. */
typedef struct atomic_out {
    char *path, *tmp;
    int fd;
    int err; /* errno of the first failed write */
} atomic_out;
gfa_status atomic_open(atomic_out *o, const char *path, gfa_diags *diags);
void atomic_write(atomic_out *o, const char *data, size_t len);
/* Writes the buffer's contents and empties it. */
void atomic_put(atomic_out *o, strbuf *sb);
gfa_status atomic_close(atomic_out *o, gfa_diags *diags);
/* Gives up: the temporary goes and the target keeps what it held. */
void atomic_abort(atomic_out *o);
bool xml_set_long(xmlNodePtr n, const char *attr, long v);
void xml_set(xmlNodePtr n, const char *attr, const char *v);

/* ---- sha256.c ---- */
void sha256_hex(const void *data, size_t len, char out[65]);
/* The SHA-256 of a regular file of at most max_bytes, read in pieces; false when it cannot
 * be read (or is larger). */
bool sha256_file(const char *path, long long max_bytes, char out[65]);

/* The value of an attribute without copying it (borrowed from the node), or NULL when the
 * node is NULL or has no such attribute. */
const char *xml_attr(xmlNodePtr n, const char *name);
/* An attribute's decimal value (strtol), dflt when the node has no such attribute. */
long xml_attr_long(xmlNodePtr n, const char *name, long dflt);
/* Whether n is an element named name, in any namespace (the rules read instances that
 * gfa's readers or the XSD have already put in its namespace). */
bool xml_is(xmlNodePtr n, const char *name);
/* Whether n is an element of gfa's namespace named name (documents from outside). */
bool xml_is_gfa(xmlNodePtr n, const char *name);
/* The text content of a node as a malloc'd string (NULL when out of memory). */
char *xml_content(xmlNodePtr n);
/* Adds a child element in the gfa namespace with optional text content. */
xmlNodePtr xml_child(xmlNodePtr parent, const char *name, const char *text);
/* A readable XPath to an element of an instance (prefix g for urn:gfa:report:1): rows by
 * their key, other elements by position. Malloc'd; NULL for a non-element. */
char *xml_node_path(xmlNodePtr node);
/* The document as indented UTF-8 XML: malloc'd and NUL-terminated, its length in *len;
 * NULL on failure. Byte for byte xmlDocDumpFormatMemoryEnc(doc, …, "UTF-8", 1). */
char *xml_serialise(xmlDocPtr doc, size_t *len);

/* ---- xmlwrite.c: libxml2 2.9.14's writers, faster (issue 13) ---- */
/* Appends what xmlDocDumpFormatMemoryEnc(doc, …, "UTF-8", 1) writes; false when the
 * document holds something not reproduced (a DTD, entity references, CDATA …): then sb
 * holds a part and the caller asks libxml2. */
bool xml_write_doc(strbuf *sb, xmlDocPtr doc);
/* Likewise for htmlDocContentDumpFormatOutput(buf, doc, NULL, format) of an HTML
 * document into a buffer without an encoder (UTF-8). */
bool html_write_doc(strbuf *sb, xmlDocPtr doc, bool format);
/* Appends s escaped for XML or HTML text and attribute values; bytes that are not UTF-8
 * become U+FFFD and control characters other than tab and newlines are dropped. */
void xml_escape(strbuf *sb, const char *s);

#endif
