/* floor — what libxml2 and libxslt alone take per report (make bench, issue 13): the floor
 * gfa's time per report is measured against.
 *
 *   floor SCHEMA HTML_XSL TEXT_XSL DIR [MAX [ROUNDS]]
 *
 * Over the instances in DIR (the *.xml gfa batch wrote, summary.xml aside; at most MAX,
 * read into memory first), each round and each instance: parse (XML_PARSE_NONET, as gfa
 * reads instances), validate against SCHEMA (compiled once), transform with each
 * stylesheet (compiled once; bench/floor-html.xsl and bench/floor-text.xsl only walk the
 * tables, rows, cells and paragraphs) and serialise the result to memory. Prints ms per
 * report for each stage, the best of ROUNDS (default 3) rounds, and two last lines for
 * bench.sh: "floor cpu MS ms/report" (processor time) and "floor total MS ms/report". Timing is for benchmarks only. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

static double clock_ms(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
static double now(void) { return clock_ms(CLOCK_MONOTONIC); }

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *d = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (d = malloc((size_t)n + 1))) {
            if (fread(d, 1, (size_t)n, f) != (size_t)n) {
                free(d);
                d = NULL;
            } else {
                *len = (size_t)n;
            }
        }
    }
    fclose(f);
    return d;
}

static void quiet(void *ud, const char *msg, ...) {}
static void quiet_structured(void *ud, xmlErrorPtr e) {}

/* Transforms doc with style and serialises the result to memory; returns its size. */
static int render(xsltStylesheetPtr style, xmlDocPtr doc)
{
    xmlDocPtr res = xsltApplyStylesheet(style, doc, NULL);
    if (!res)
        return -1;
    xmlChar *out = NULL;
    int n = 0;
    xsltSaveResultToString(&out, &n, res, style);
    xmlFree(out);
    xmlFreeDoc(res);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: floor SCHEMA HTML_XSL TEXT_XSL DIR [MAX [ROUNDS]]\n");
        return 2;
    }
    long max = argc > 5 ? atol(argv[5]) : 200;
    int rounds = argc > 6 ? atoi(argv[6]) : 3;
    rounds = rounds < 1 ? 1 : rounds;
    xmlInitParser();
    xmlSchemaInitTypes();

    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(argv[1]);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    xsltStylesheetPtr html = xsltParseStylesheetFile(BAD_CAST argv[2]);
    xsltStylesheetPtr text = xsltParseStylesheetFile(BAD_CAST argv[3]);
    if (!schema || !html || !text) {
        fprintf(stderr, "floor: cannot compile %s\n", !schema ? argv[1] : !html ? argv[2] : argv[3]);
        return 2;
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, quiet_structured, NULL);
    xsltSetGenericErrorFunc(NULL, quiet);

    /* the instances, in memory */
    DIR *dh = opendir(argv[4]);
    if (!dh) {
        fprintf(stderr, "floor: cannot open %s\n", argv[4]);
        return 2;
    }
    char **data = calloc((size_t)max, sizeof *data);
    size_t *len = calloc((size_t)max, sizeof *len);
    long n = 0;
    for (struct dirent *e; data && len && n < max && (e = readdir(dh));) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0 || strcmp(e->d_name, "summary.xml") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[4], e->d_name);
        if ((data[n] = slurp(path, &len[n])))
            n++;
    }
    closedir(dh);
    if (n == 0) {
        fprintf(stderr, "floor: no instances in %s\n", argv[4]);
        return 2;
    }

    enum { PARSE, XSD, HTML, TEXT, NSTAGES };
    static const char *const names[NSTAGES] = {"parse", "xsd", "html", "text"};
    double best[NSTAGES] = {0}, best_total = 0, best_cpu = 0;
    long invalid = 0, failed = 0, html_bytes = 0, text_bytes = 0;
    for (int round = 0; round < rounds; round++) {
        double t[NSTAGES] = {0};
        double cpu0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        invalid = failed = html_bytes = text_bytes = 0;
        for (long i = 0; i < n; i++) {
            double a = now();
            xmlDocPtr doc = xmlReadMemory(data[i], (int)len[i], "instance.xml", NULL, XML_PARSE_NONET);
            double b = now();
            if (!doc) {
                failed++;
                continue;
            }
            if (xmlSchemaValidateDoc(vc, doc) != 0)
                invalid++;
            double c = now();
            int hn = render(html, doc);
            double d = now();
            int tn = render(text, doc);
            double e = now();
            xmlFreeDoc(doc);
            if (hn < 0 || tn < 0)
                failed++;
            html_bytes += hn > 0 ? hn : 0;
            text_bytes += tn > 0 ? tn : 0;
            t[PARSE] += b - a;
            t[XSD] += c - b;
            t[HTML] += d - c;
            t[TEXT] += e - d;
        }
        double cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
        double total = t[PARSE] + t[XSD] + t[HTML] + t[TEXT];
        if (round == 0 || total < best_total) {
            best_total = total;
            memcpy(best, t, sizeof best);
        }
        if (round == 0 || cpu < best_cpu)
            best_cpu = cpu;
    }
    printf("floor: libxml2 %s + libxslt %s alone, %ld instances, best of %d rounds, one thread\n",
           xmlParserVersion, xsltEngineVersion, n, rounds);
    printf("stage              ms/report   share\n");
    for (int k = 0; k < NSTAGES; k++)
        printf("%-17s %10.3f %6.1f%%\n", names[k], best[k] / (double)n,
               best_total > 0 ? 100 * best[k] / best_total : 0);
    printf("(html and text: transform and serialise to memory; %.0f and %.0f bytes per report)\n",
           (double)html_bytes / (double)n, (double)text_bytes / (double)n);
    if (invalid || failed)
        printf("floor: %ld instances invalid against the schema, %ld failed\n", invalid, failed);
    printf("floor cpu %.3f ms/report\n", best_cpu / (double)n);
    printf("floor total %.3f ms/report\n", best_total / (double)n);

    for (long i = 0; i < n; i++)
        free(data[i]);
    free(data);
    free(len);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xsltFreeStylesheet(html);
    xsltFreeStylesheet(text);
    xsltCleanupGlobals();
    xmlSchemaCleanupTypes();
    xmlCleanupParser();
    return 0;
}
