/* gencorpus — makes N distinct reports from one published report, for make bench.
 *
 *   gencorpus SOURCE OUTDIR N [ERROR_EVERY]
 *
 * Each report gets another unit name and unit code, and its amounts multiplied by a whole
 * factor (2..9): every table amount (a number with two decimals in a tab-separated line of
 * the tables part) and every narrative figure in 万元, so that every sum, share and
 * growth rate that held still holds; percentages, years, codes and 行次 are left alone.
 * Every ERROR_EVERY-th report gets one table amount changed by 1.00 (an injected error). */
#include "gfa.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    if (d)
        d[n] = '\0';
    *len = (size_t)n;
    return d;
}

/* Writes v (an integer number of hundredths) as printed: with or without grouping. */
static void put_amount(FILE *out, long long cents, bool grouped)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", cents / 100);
    size_t n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (grouped && i > 0 && (n - i) % 3 == 0)
            fputc(',', out);
        fputc(digits[i], out);
    }
    fprintf(out, ".%02lld", cents % 100);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Copies text to out, scaling amounts; returns the number scaled. */
static long scale_text(const char *text, FILE *out, int factor, long inject_at)
{
    bool in_tables = false, in_narrative = false;
    long scaled = 0;
    const char *line = text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (!memchr(line, '\t', len)) { /* part headings switch the zones */
            if (len >= 9 && !strncmp(line, "第二部分", 12) && !memchr(line, '\t', len))
                in_tables = true, in_narrative = false;
            if (len >= 9 && !strncmp(line, "第三部分", 12))
                in_tables = false, in_narrative = true;
            if (len >= 9 && (!strncmp(line, "第四部分", 12) || !strncmp(line, "第五部分", 12)))
                in_tables = false, in_narrative = false;
        }
        bool grid = memchr(line, '\t', len) != NULL;
        for (size_t i = 0; i < len;) {
            const char *p = line + i;
            if (!is_digit(*p) || (i > 0 && (is_digit(p[-1]) || p[-1] == '.' || p[-1] == ','))) {
                fputc(*p, out);
                i++;
                continue;
            }
            size_t j = i;
            bool grouped = false;
            while (j < len && (is_digit(line[j]) || (line[j] == ',' && j + 1 < len && is_digit(line[j + 1])))) {
                grouped |= line[j] == ',';
                j++;
            }
            bool two = j + 2 < len + 1 && line[j] == '.' && j + 2 < len + 1 && is_digit(line[j + 1]) &&
                       is_digit(line[j + 2]) && (j + 3 >= len || !is_digit(line[j + 3]));
            size_t end = two ? j + 3 : j;
            bool percent = end < len && (line[end] == '%');
            bool wan = end + 6 <= len && !strncmp(line + end, "万元", 6);
            bool scale = !percent && ((in_tables && grid && two) || (in_narrative && wan));
            if (!scale) {
                fwrite(p, 1, end - i, out);
                i = end;
                continue;
            }
            long long cents = 0;
            for (size_t k = i; k < j; k++)
                if (is_digit(line[k]))
                    cents = cents * 10 + (line[k] - '0');
            cents *= 100;
            if (two)
                cents += (line[j + 1] - '0') * 10 + (line[j + 2] - '0');
            cents *= factor;
            if (scaled++ == inject_at)
                cents += 100; /* the injected error */
            if (two)
                put_amount(out, cents, grouped);
            else
                fprintf(out, "%lld", cents / 100);
            i = end;
        }
        if (nl)
            fputc('\n', out);
        line = nl ? nl + 1 : line + len;
    }
    return scaled;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gencorpus SOURCE OUTDIR N [ERROR_EVERY]\n");
        return 2;
    }
    long n = atol(argv[3]), every = argc > 4 ? atol(argv[4]) : 10;
    size_t len = 0;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "gencorpus: cannot read %s\n", argv[1]);
        return 2;
    }
    /* the unit's name and code, as gfa reads them */
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(NULL, d);
    gfa_report *r = NULL;
    if (!ctx || gfa_report_read_file(ctx, argv[1], &r, d) != GFA_OK) {
        fprintf(stderr, "gencorpus: cannot read %s as a report (set GFA_DATADIR)\n", argv[1]);
        return 2;
    }
    xmlNodePtr root = xmlDocGetRootElement(gfa_report_doc(r));
    char *name = NULL, *code = NULL;
    for (xmlNodePtr h = root->children; h; h = h->next)
        for (xmlNodePtr e = h->children; e && !xmlStrcmp(h->name, BAD_CAST "header"); e = e->next)
            if (!xmlStrcmp(e->name, BAD_CAST "entity")) {
                name = (char *)xmlGetProp(e, BAD_CAST "name");
                code = (char *)xmlGetProp(e, BAD_CAST "unitCode");
            }
    mkdir(argv[2], 0755);
    for (long k = 0; k < n; k++) {
        /* another name and code: substitute them in the text first */
        char newname[128], newcode[16];
        snprintf(newname, sizeof newname, "某某县第%ld号预算单位", k + 1);
        snprintf(newcode, sizeof newcode, "%03ld%03ld", 100 + k % 900, k % 1000);
        char *t = strdup(text);
        for (int pass = 0; pass < 2; pass++) {
            const char *from = pass == 0 ? name : code, *to = pass == 0 ? newname : newcode;
            if (!from || !*from)
                continue;
            size_t fl = strlen(from), tl = strlen(to);
            size_t count = 0;
            for (char *p = strstr(t, from); p; p = strstr(p + fl, from))
                count++;
            char *out = malloc(strlen(t) + count * (tl > fl ? tl - fl : 0) + 1), *w = out;
            for (char *p = t, *q; (q = strstr(p, from)); p = q + fl) {
                memcpy(w, p, (size_t)(q - p));
                w += q - p;
                memcpy(w, to, tl);
                w += tl;
                *w = '\0';
                if (!strstr(q + fl, from)) {
                    strcpy(w, q + fl);
                    w += strlen(w);
                }
            }
            if (!count)
                strcpy(out, t);
            free(t);
            t = out;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/report-%06ld.txt", argv[2], k);
        FILE *f = fopen(path, "wb");
        if (!f) {
            fprintf(stderr, "gencorpus: cannot write %s\n", path);
            return 2;
        }
        int factor = 2 + (int)(k % 8);
        scale_text(t, f, factor, every > 0 && k % every == every - 1 ? 3 + k % 40 : -1);
        fclose(f);
        free(t);
    }
    xmlFree(name);
    xmlFree(code);
    gfa_report_free(r);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    free(text);
    gfa_global_cleanup();
    printf("gencorpus: %ld reports in %s\n", n, argv[2]);
    return 0;
}
