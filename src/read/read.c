/* read.c — the entry points that read a report: they pick the reader by content (an
 * instance is XML in gfa's namespace; anything else is published text). */
#include "read/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool looks_like_xml(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    return i + 1 < len && data[i] == '<' &&
           (data[i + 1] == '?' || data[i + 1] == '!' ||
            (data[i + 1] >= 'a' && data[i + 1] <= 'z') || (data[i + 1] >= 'A' && data[i + 1] <= 'Z'));
}

/* Counts the amounts of an instance, up to a limit. */
static long long count_facts(xmlNodePtr n, long long max)
{
    long long k = 0;
    for (xmlNodePtr c = n->children; c && k <= max; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            k += !xmlStrcmp(c->name, BAD_CAST "amt") + count_facts(c, max - k);
    return k;
}

static gfa_status read_instance(const gfa_context *ctx, const char *name, const char *data,
                                size_t len, xmlDocPtr *out, gfa_diags *diags)
{
    xmlDocPtr doc = xml_parse_secure(name, data, len, GFA_DOM_XML, diags);
    if (!doc)
        return GFA_ERR_INPUT;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !root->ns || xmlStrcmp(root->ns->href, BAD_CAST GFA_NS) != 0 ||
        xmlStrcmp(root->name, BAD_CAST "report") != 0) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_XML, "GFA-XML-004", name,
                 root ? xmlGetLineNo(root) : 1, 1,
                 "not a gfa instance: the root element must be {%s}report", GFA_NS);
        xmlFreeDoc(doc);
        return GFA_ERR_INPUT;
    }
    long long max = gfa_context_limit(ctx, GFA_LIMIT_FACTS);
    long long nfacts = count_facts(root, max);
    if (nfacts > max) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_XML, "GFA-LIMIT-004", name, 0, 0,
                 "the instance holds more than %lld amounts (--limit facts=N); a report has "
                 "hundreds",
                 max);
        xmlFreeDoc(doc);
        return GFA_ERR_INPUT;
    }
    *out = doc;
    return GFA_OK;
}

gfa_status gfa_report_read_memory(const gfa_context *ctx, const char *name, const char *data,
                                  size_t len, gfa_report **out, gfa_diags *diags)
{
    *out = NULL;
    if (!ctx || !name || (!data && len))
        return GFA_ERR_USAGE;
    if ((long long)len > gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", name, 0, 0,
                 "the input is %zu bytes, over the limit of %lld (--limit input-bytes=N)", len,
                 gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES));
        return GFA_ERR_INPUT;
    }
    xmlDocPtr doc = NULL;
    gfa_status st = looks_like_xml(data, len) ? read_instance(ctx, name, data, len, &doc, diags)
                                              : read_text_report(ctx, name, data, len, &doc, diags);
    if (st != GFA_OK)
        return st;
    *out = report_wrap(doc, name);
    if (!*out) {
        xmlFreeDoc(doc);
        return GFA_ERR_NOMEM;
    }
    return GFA_OK;
}

gfa_status gfa_report_read_file(const gfa_context *ctx, const char *path, gfa_report **out,
                                gfa_diags *diags)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-001", path, 0, 0, "cannot open: %s",
                 strerror(errno));
        return GFA_ERR_IO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-002", path, 0, 0,
                 "not a regular file");
        fclose(f);
        return GFA_ERR_IO;
    }
    long long max = gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES);
    if (sb.st_size > max) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", path, 0, 0,
                 "the file is %lld bytes, over the limit of %lld (--limit input-bytes=N); "
                 "a final-accounts report is far smaller",
                 (long long)sb.st_size, max);
        fclose(f);
        return GFA_ERR_INPUT;
    }
    size_t len = (size_t)sb.st_size;
    char *data = malloc(len + 1);
    if (!data) {
        fclose(f);
        return GFA_ERR_NOMEM;
    }
    size_t got = len ? fread(data, 1, len, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (got != len || err) {
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-004", path, 0, 0,
                 "read error after %zu of %zu bytes", got, len);
        free(data);
        return GFA_ERR_IO;
    }
    data[len] = '\0';
    gfa_status st = gfa_report_read_memory(ctx, path, data, len, out, diags);
    free(data);
    return st;
}

/* A stream is read only up to the input-bytes limit, so a pipe of any length costs no more
 * memory than a file would. */
gfa_status gfa_report_read_stream(const gfa_context *ctx, const char *name, FILE *in,
                                  gfa_report **out, gfa_diags *diags)
{
    *out = NULL;
    long long max = gfa_context_limit(ctx, GFA_LIMIT_INPUT_BYTES);
    strbuf sb;
    sb_init(&sb);
    char buf[65536];
    size_t n;
    while ((long long)sb.len <= max && (n = fread(buf, 1, sizeof buf, in)) > 0)
        sb_add(&sb, buf, n);
    if (ferror(in) || sb.failed) {
        sb_free(&sb);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-IO-005", name, 0, 0,
                 "cannot read %s", strcmp(name, "-") == 0 ? "standard input" : "the stream");
        return GFA_ERR_IO;
    }
    if ((long long)sb.len > max) {
        sb_free(&sb);
        diag_add(diags, GFA_SEV_FATAL, GFA_DOM_IO, "GFA-LIMIT-001", name, 0, 0,
                 "%s is over the limit of %lld bytes (--limit input-bytes=N)",
                 strcmp(name, "-") == 0 ? "standard input" : "the stream", max);
        return GFA_ERR_INPUT;
    }
    gfa_status st = gfa_report_read_memory(ctx, name, sb.data ? sb.data : "", sb.len, out, diags);
    sb_free(&sb);
    return st;
}
