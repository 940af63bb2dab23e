/* read_instance.c — the instance reader: a gfa instance (XML in urn:gfa:report:1) read
 * back, under the secure parsing policy (xmlutil.c) and the facts limit. */
#include "read/read.h"

#include <string.h>

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

/* Any XML is offered to this reader (it says what is wrong with XML that is not an
 * instance); gfa's namespace near the start makes it certain. */
int read_instance_sniff(const read_input *in)
{
    if (!in->data || !looks_like_xml(in->data, in->len))
        return 0;
    size_t n = in->len < 4096 ? in->len : 4096;
    return memmem(in->data, n, GFA_NS, strlen(GFA_NS)) ? 100 : 60;
}

gfa_status read_instance_doc(const gfa_context *ctx, const read_input *in, xmlDocPtr *out,
                             gfa_diags *diags)
{
    const char *name = in->name;
    xmlDocPtr doc = xml_parse_secure(name, in->data, in->len, GFA_DOM_XML, diags);
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

