/* slips — the injected-slip benchmark of the diagnosis (issue 11; make bench).
 *
 * Reads a report, then many times: copies its instance, injects one or two typing slips of
 * the kinds the diagnosis recognises (two adjacent digits transposed, a digit dropped, a
 * digit doubled, a digit off by one, the neighbouring cell's value, a unit slip of 10⁴)
 * into random printed amounts — table cells, narrative figures, performance-form figures —
 * validates the copy and looks at the diagnosis: is each slipped value named as a root
 * cause (GFA-DIAG-001), or among the readings of an ambiguous one (GFA-DIAG-002), and is
 * its original value proposed? A slip that no check can see (a figure no identity holds,
 * a change within rounding) is counted apart, not against the diagnosis.
 *
 * Also prints the report's "not checkable" ledger entries, their share and their reasons.
 *
 *   slips [-n TRIALS] [-s SEED] [-k 1|2] [-v] REPORT...
 *
 * -k: only the trials of one (or two) slips; -v: each slip not named with its value, and
 * the diagnosis's new findings.
 *
 * tests/test_slips.c includes this file (SLIPS_NO_MAIN) and asserts a floor on the shares
 * with a small fixed seed. Random numbers are the program's own (xorshift), so a seed gives
 * the same slips on every machine. */
#include "gfa.h"
#include "model/model.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int verbose;

typedef struct rng {
    unsigned long long s;
} rng;

static unsigned long long rnd(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static int rnd_below(rng *r, int n)
{
    return n > 0 ? (int)(rnd(r) % (unsigned long long)n) : 0;
}

/* ------------------------------------------------------------ targets --- */

typedef enum target_kind { T_CELL, T_FIGURE, T_FORM } target_kind;

/* A printed amount a slip can go into: an amt element, or a number in a paragraph. */
typedef struct target {
    target_kind kind;
    char *xpath;      /* the element (amt or p), by position, valid in every copy */
    char number[48];  /* as printed (digits, point, grouping commas) */
    size_t offset;    /* T_FIGURE: byte offset of the number in the paragraph's text */
    char *table, *row, *col; /* T_CELL */
    long line, pos;
} target;

typedef struct targets {
    target *t;
    size_t n, cap;
} targets;

static void add_target(targets *ts, const target *t)
{
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 256;
        ts->t = realloc(ts->t, ts->cap * sizeof *ts->t);
    }
    ts->t[ts->n++] = *t;
}

static const char *attr(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);
    return a && a->children ? (const char *)a->children->content : NULL;
}

static char *node_path(xmlNodePtr n)
{
    xmlChar *p = xmlGetNodePath(n);
    char *s = p ? strdup((const char *)p) : NULL;
    xmlFree(p);
    return s;
}

static bool plain_number(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s != '.' && *s != ',')
            return false;
    }
    return digit;
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "g", BAD_CAST "urn:gfa:report:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xc);
    xmlXPathFreeContext(xc);
    return o;
}

/* A number followed by a money unit or % in a paragraph: 1,614.45万元, 90.58%. */
static size_t figure_at(const char *s, size_t i, size_t n)
{
    if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') ||
                                                    s[i - 1] == '.' || s[i - 1] == ',')))
        return 0;
    size_t j = i;
    while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
                     ((s[j] == '.' || s[j] == ',') && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')))
        j++;
    static const char *const units[] = {"万元", "万", "元", "%"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++)
        if (!strncmp(s + j, units[u], strlen(units[u])))
            return j - i;
    return 0;
}

static void collect(xmlDocPtr doc, targets *ts)
{
    xmlXPathObjectPtr o = eval(doc, "//g:table//g:row/g:amt | //g:performance/g:funds/g:fund/g:amt");
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlNodePtr a = o->nodesetval->nodeTab[i];
        xmlChar *c = xmlNodeGetContent(a);
        const char *shown = attr(a, "text") ? attr(a, "text") : (const char *)c;
        target t;
        memset(&t, 0, sizeof t);
        bool form = !xmlStrcmp(a->parent->name, BAD_CAST "fund");
        t.kind = form ? T_FORM : T_CELL;
        if (shown && plain_number(shown) && strlen(shown) < sizeof t.number) {
            snprintf(t.number, sizeof t.number, "%s", shown);
            t.xpath = node_path(a);
            t.line = attr(a, "line") ? atol(attr(a, "line")) : 0;
            t.pos = attr(a, "pos") ? atol(attr(a, "pos")) : 0;
            if (!form) {
                xmlNodePtr table = a->parent;
                while (table && xmlStrcmp(table->name, BAD_CAST "table"))
                    table = table->parent;
                t.table = strdup(table && attr(table, "def") ? attr(table, "def") : "");
                t.row = strdup(attr(a->parent, "key") ? attr(a->parent, "key") : "");
                t.col = strdup(attr(a, "col") ? attr(a, "col") : "");
            }
            add_target(ts, &t);
        }
        xmlFree(c);
    }
    xmlXPathFreeObject(o);
    o = eval(doc, "//g:narrative//g:p");
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlNodePtr p = o->nodesetval->nodeTab[i];
        xmlChar *c = xmlNodeGetContent(p);
        const char *s = (const char *)c;
        size_t n = s ? strlen(s) : 0;
        for (size_t k = 0; k < n; k++) {
            size_t len = figure_at(s, k, n);
            if (!len || len >= 40)
                continue;
            target t;
            memset(&t, 0, sizeof t);
            t.kind = T_FIGURE;
            memcpy(t.number, s + k, len);
            t.number[len] = '\0';
            t.offset = k;
            t.xpath = node_path(p);
            t.line = attr(p, "line") ? atol(attr(p, "line")) : 0;
            add_target(ts, &t);
            k += len;
        }
        xmlFree(c);
    }
    xmlXPathFreeObject(o);
}

/* -------------------------------------------------------------- slips --- */

typedef enum { K_TRANSPOSE, K_DROP, K_DOUBLE, K_DIGIT, K_NEIGHBOUR, K_UNIT, NKINDS } slip_kind_b;
static const char *const kind_names[] = {"transposed", "dropped", "doubled", "digit",
                                         "neighbour", "unit"};

/* The digits of a printed number with their positions in it. */
static int digit_positions(const char *s, int *at)
{
    int n = 0;
    for (int i = 0; s[i]; i++)
        if (s[i] >= '0' && s[i] <= '9')
            at[n++] = i;
    return n;
}

/* A neighbour's printed value, as the diagnosis sees neighbours: the amount before or
 * after it in its row, or in its column in the row above or below (cells and form
 * figures); another figure of its sentence's paragraph (narrative). */
static bool neighbour_of(xmlDocPtr doc, const targets *ts, size_t i, rng *r, char *out, size_t cap)
{
    const target *t = &ts->t[i];
    char cand[4][48];
    int n = 0;
    if (t->kind == T_FIGURE) {
        for (size_t k = i > 3 ? i - 3 : 0; k < ts->n && k <= i + 3 && n < 4; k++)
            if (k != i && ts->t[k].kind == T_FIGURE && !strcmp(ts->t[k].xpath, t->xpath) &&
                strcmp(ts->t[k].number, t->number))
                snprintf(cand[n++], sizeof cand[0], "%s", ts->t[k].number);
    } else {
        xmlXPathObjectPtr o = eval(doc, t->xpath);
        xmlNodePtr a = o && o->nodesetval && o->nodesetval->nodeNr ? o->nodesetval->nodeTab[0] : NULL;
        xmlXPathFreeObject(o);
        xmlNodePtr near[4] = {NULL, NULL, NULL, NULL};
        if (a) {
            near[0] = xmlPreviousElementSibling(a);
            near[1] = xmlNextElementSibling(a);
            const char *col = attr(a, "col");
            for (int d = 0; d < 2 && col; d++) {
                xmlNodePtr row = d ? xmlNextElementSibling(a->parent) : xmlPreviousElementSibling(a->parent);
                for (xmlNodePtr c = row ? row->children : NULL; c; c = c->next)
                    if (c->type == XML_ELEMENT_NODE && attr(c, "col") && !strcmp(attr(c, "col"), col))
                        near[2 + d] = c;
            }
        }
        for (int k = 0; k < 4; k++) {
            if (!near[k] || xmlStrcmp(near[k]->name, BAD_CAST "amt"))
                continue;
            xmlChar *c = xmlNodeGetContent(near[k]);
            const char *shown = attr(near[k], "text") ? attr(near[k], "text") : (const char *)c;
            if (shown && plain_number(shown) && strcmp(shown, t->number) && strlen(shown) < 48)
                snprintf(cand[n++], sizeof cand[0], "%s", shown);
            xmlFree(c);
        }
    }
    if (!n)
        return false;
    snprintf(out, cap, "%s", cand[rnd_below(r, n)]);
    return true;
}

/* Applies a slip of kind k to the printed number; false when it does not apply. */
static bool slip_number(xmlDocPtr doc, const targets *ts, size_t i, int k, rng *r, char *out,
                        size_t cap)
{
    const char *s = ts->t[i].number;
    int at[48], n = digit_positions(s, at);
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    switch (k) {
    case K_TRANSPOSE: {
        int cand[48], m = 0;
        for (int j = 0; j + 1 < n; j++)
            if (at[j + 1] == at[j] + 1 && s[at[j]] != s[at[j + 1]])
                cand[m++] = j;
        if (!m)
            return false;
        int j = cand[rnd_below(r, m)];
        buf[at[j]] = s[at[j + 1]];
        buf[at[j + 1]] = s[at[j]];
        break;
    }
    case K_DROP: {
        if (n < 2)
            return false;
        int j = at[rnd_below(r, n)];
        memmove(buf + j, buf + j + 1, strlen(buf + j));
        break;
    }
    case K_DOUBLE: {
        int j = at[rnd_below(r, n)];
        size_t len = strlen(buf);
        if (len + 2 >= sizeof buf)
            return false;
        memmove(buf + j + 1, buf + j, len - (size_t)j + 1);
        break;
    }
    case K_DIGIT: {
        int j = at[rnd_below(r, n)];
        int d = buf[j] - '0' + (rnd_below(r, 2) ? 1 : -1);
        if (d < 0 || d > 9)
            d = buf[j] - '0' + (d < 0 ? 1 : -1);
        buf[j] = (char)('0' + d);
        break;
    }
    case K_NEIGHBOUR:
        if (!neighbour_of(doc, ts, i, r, buf, sizeof buf))
            return false;
        break;
    case K_UNIT: { /* the amount in 元 where 万元 is meant: × 10⁴, grouping dropped */
        char digits[64];
        size_t m = 0;
        for (const char *p = s; *p && m + 1 < sizeof digits; p++)
            if (*p != ',')
                digits[m++] = *p;
        digits[m] = '\0';
        char *dot = strchr(digits, '.');
        char intpart[64], frac[32] = "";
        snprintf(intpart, sizeof intpart, "%.*s", dot ? (int)(dot - digits) : (int)m, digits);
        if (dot)
            snprintf(frac, sizeof frac, "%s", dot + 1);
        char f4[8] = "0000";
        size_t fl = strlen(frac);
        memcpy(f4, frac, fl < 4 ? fl : 4);
        const char *lead = intpart;
        while (*lead == '0' && lead[1])
            lead++;
        if (!strcmp(lead, "0"))
            lead = "";
        if (strlen(lead) + strlen(frac) + 8 >= sizeof buf)
            return false;
        snprintf(buf, sizeof buf, "%.40s%.4s%s%.20s", lead, f4, fl > 4 ? "." : "", fl > 4 ? frac + 4 : "");
        if (!buf[0] || !strcmp(buf, "0000") || buf[0] == '0')
            return false;
        /* keep the printed decimals */
        if (fl && fl <= 4) {
            size_t bl = strlen(buf);
            snprintf(buf + bl, sizeof buf - bl, ".%.*s", (int)fl, "000000");
        }
        break;
    }
    default:
        return false;
    }
    /* a number is not printed with leading zeros: 01.00 is typed 1.00 */
    while (buf[0] == '0' && buf[1] && buf[1] != '.' && buf[1] != ',')
        memmove(buf, buf + 1, strlen(buf));
    if (buf[0] == ',')
        memmove(buf, buf + 1, strlen(buf));
    if (!strcmp(buf, s) || !buf[0] || buf[0] == '.' || buf[0] == ',' || buf[strlen(buf) - 1] == '.' ||
        buf[strlen(buf) - 1] == ',' || strstr(buf, ",,") || strstr(buf, ".,") || strstr(buf, ",."))
        return false;
    gfa_dec d;
    if (dec_parse(buf, strlen(buf), &d) != DEC_OK)
        return false;
    snprintf(out, cap, "%s", buf);
    return true;
}

/* Writes the slipped number into the copy. */
static bool apply(xmlDocPtr doc, const target *t, const char *number)
{
    xmlXPathObjectPtr o = eval(doc, t->xpath);
    xmlNodePtr n = o && o->nodesetval && o->nodesetval->nodeNr ? o->nodesetval->nodeTab[0] : NULL;
    xmlXPathFreeObject(o);
    if (!n)
        return false;
    if (t->kind != T_FIGURE) {
        gfa_dec d;
        char canon[64];
        if (dec_parse(number, strlen(number), &d) != DEC_OK)
            return false;
        dec_format(d, canon, sizeof canon);
        xmlNodeSetContent(n, BAD_CAST canon);
        if (strcmp(canon, number))
            xmlSetProp(n, BAD_CAST "text", BAD_CAST number);
        else if (xmlHasProp(n, BAD_CAST "text"))
            xmlUnsetProp(n, BAD_CAST "text");
        return true;
    }
    /* the paragraph's text is one text node */
    xmlNodePtr text = n->children;
    while (text && text->type != XML_TEXT_NODE)
        text = text->next;
    if (!text || !text->content)
        return false;
    const char *s = (const char *)text->content;
    size_t len = strlen(t->number);
    if (strlen(s) < t->offset + len || strncmp(s + t->offset, t->number, len))
        return false;
    char *out = NULL;
    if (asprintf(&out, "%.*s%s%s", (int)t->offset, s, number, s + t->offset + len) < 0)
        return false;
    xmlNodeSetContent(text, BAD_CAST out);
    free(out);
    return true;
}

/* ------------------------------------------------------------ verdicts --- */

typedef struct run_result {
    char **failed; /* the FAILED ledger lines */
    size_t nfailed;
    xmlDocPtr doc; /* the validated copy (findings embedded) */
} run_result;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool validate_copy(const gfa_validator *val, xmlDocPtr doc, const char *name,
                          run_result *out, char **ledger_out)
{
    memset(out, 0, sizeof *out);
    gfa_report *r = report_wrap(doc, name);
    gfa_diags *d = gfa_diags_new();
    gfa_verdict *v = NULL;
    bool ok = r && gfa_validate(val, r, GFA_VALIDATE_EMBED | GFA_VALIDATE_NO_SCHEMA, &v, d) == GFA_OK;
    char *ledger = ok ? gfa_verdict_ledger(v) : NULL;
    for (char *l = ledger, *nl; l && *l; l = nl ? nl + 1 : NULL) {
        nl = strchr(l, '\n');
        if (nl)
            *nl = '\0';
        if (strstr(l, "\tFAILED\t") && strncmp(l, "GFA-DIAG", 8)) {
            out->failed = realloc(out->failed, (out->nfailed + 1) * sizeof *out->failed);
            out->failed[out->nfailed++] = strdup(l);
        }
        if (nl)
            *nl = '\n';
        if (!nl)
            break;
    }
    if (ledger_out)
        *ledger_out = ledger;
    else
        free(ledger);
    qsort(out->failed, out->nfailed, sizeof *out->failed, cmp_str);
    gfa_verdict_free(v);
    gfa_diags_free(d);
    out->doc = doc;
    if (r) { /* the report owns the document: take it back */
        xmlDocPtr keep = xmlCopyDoc(doc, 1);
        gfa_report_free(r);
        out->doc = keep;
    }
    return ok;
}

static void result_free(run_result *r)
{
    for (size_t i = 0; i < r->nfailed; i++)
        free(r->failed[i]);
    free(r->failed);
    xmlFreeDoc(r->doc);
}

/* Whether a failed line is new against the report as read. */
static bool detected(const run_result *base, const run_result *now)
{
    for (size_t i = 0; i < now->nfailed; i++)
        if (!bsearch(&now->failed[i], base->failed, base->nfailed, sizeof *base->failed, cmp_str))
            return true;
    return false;
}

/* Is this finding or candidate element about the target? */
static bool about(const target *t, xmlNodePtr e, const char *slipped)
{
    const char *table = attr(e, "table"), *line = attr(e, "line"), *rep = attr(e, "reported");
    if (t->kind == T_CELL)
        return table && attr(e, "row") && attr(e, "col") && !strcmp(table, t->table) &&
               !strcmp(attr(e, "row"), t->row) && !strcmp(attr(e, "col"), t->col);
    if (t->kind == T_FORM)
        return line && attr(e, "pos") && atol(line) == t->line && atol(attr(e, "pos")) == t->pos;
    if (table || !line || atol(line) != t->line || !rep)
        return false;
    gfa_dec a, b;
    return dec_parse(rep, strlen(rep), &a) == DEC_OK &&
           dec_parse(slipped, strlen(slipped), &b) == DEC_OK && dec_cmp(a, b) == 0;
}

/* V_NAMED: named alone as a root cause (GFA-DIAG-001 or a finding no other causes);
 * V_AMONG2: one of the two equally good readings of GFA-DIAG-002 (a true tie: the report
 * holds nothing that tells them apart); V_AMONG: one of more readings; V_MISSED: not
 * among the causes named, or not in the readings listed. */
typedef enum verdict_kind { V_UNDETECTED, V_NAMED, V_AMONG2, V_AMONG, V_MISSED } verdict_kind;

/* What the diagnosis said about one slipped target; *proposed: its original value. */
static verdict_kind judge(xmlDocPtr doc, const target *t, const char *slipped, bool *proposed)
{
    *proposed = false;
    /* a root: a diagnosis, or any finding that no other finding causes (a precision
     * finding names the cell as well) */
    xmlXPathObjectPtr o = eval(doc, "//g:validation/g:finding[not(@cause) and "
                                    "not(starts-with(@rule, 'GFA-DIAG-00') and @rule != 'GFA-DIAG-001')]");
    verdict_kind v = V_MISSED;
    gfa_dec orig;
    const char *o_text = t->number;
    char clean[64];
    size_t m = 0;
    for (const char *p = o_text; *p && m + 1 < sizeof clean; p++)
        if (*p != ',')
            clean[m++] = *p;
    clean[m] = '\0';
    bool have_orig = dec_parse(clean, m, &orig) == DEC_OK;
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlNodePtr f = o->nodesetval->nodeTab[i];
        if (!about(t, f, slipped))
            continue;
        v = V_NAMED;
        const char *e = attr(f, "expected"); /* a root's 应为 */
        gfa_dec x;
        *proposed = have_orig && e && dec_parse(e, strlen(e), &x) == DEC_OK && dec_cmp(x, orig) == 0;
    }
    xmlXPathFreeObject(o);
    if (v == V_NAMED)
        return v;
    o = eval(doc, "//g:validation/g:finding[@rule='GFA-DIAG-002']/g:candidate");
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlNodePtr c = o->nodesetval->nodeTab[i];
        if (!about(t, c, slipped))
            continue;
        /* how many readings: the candidates' sets, and any left unlisted (另有 N 种) */
        long sets = 0;
        for (xmlNodePtr s = c->parent->children; s; s = s->next)
            if (s->type == XML_ELEMENT_NODE && !xmlStrcmp(s->name, BAD_CAST "candidate") &&
                attr(s, "set") && atol(attr(s, "set")) > sets)
                sets = atol(attr(s, "set"));
        xmlChar *msg = NULL;
        for (xmlNodePtr s = c->parent->children; s && !msg; s = s->next)
            if (s->type == XML_ELEMENT_NODE && !xmlStrcmp(s->name, BAD_CAST "message"))
                msg = xmlNodeGetContent(s);
        bool more = msg && strstr((const char *)msg, "另有");
        xmlFree(msg);
        verdict_kind k = sets == 2 && !more ? V_AMONG2 : V_AMONG;
        if (v == V_MISSED || k < v)
            v = k;
    }
    xmlXPathFreeObject(o);
    return v;
}

/* -------------------------------------------------------------- runs --- */

typedef struct slip_stats {
    long slips;        /* injected */
    long undetected;   /* no check saw them */
    long named;        /* named alone as the root cause */
    long among2;       /* one of two equally good readings (GFA-DIAG-002) */
    long among;        /* among the readings of an ambiguous diagnosis (two or more) */
    long proposed;     /* named with the original value proposed */
    long by_kind[NKINDS][3]; /* detected, named, proposed */
    long trials, trials_all_named;
} slip_stats;

typedef struct bench_report {
    const char *name;
    xmlDocPtr doc;
    targets ts;
    run_result base;
    long unchecked, checks;
    long flagged; /* amounts left out: the report already gets them wrong */
    char *ledger;
} bench_report;

/* Whether a target is about a finding of the report as read: a value the report already
 * gets wrong is no place to measure a slip. */
static bool already_flagged(xmlDocPtr validated, const target *t)
{
    xmlXPathObjectPtr o = eval(validated, "//g:validation/g:finding | //g:validation/g:finding/g:cell | "
                                          "//g:validation/g:finding/g:candidate");
    bool hit = false;
    char clean[64];
    size_t m = 0;
    for (const char *p = t->number; *p && m + 1 < sizeof clean; p++)
        if (*p != ',')
            clean[m++] = *p;
    clean[m] = '\0';
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr && !hit; i++)
        hit = about(t, o->nodesetval->nodeTab[i], clean);
    xmlXPathFreeObject(o);
    /* a form or a paragraph the diagnosis already corrects: another slip there only adds
     * to a correction the report needs anyway (beyond three values it is not named) */
    o = eval(validated, "//g:validation/g:finding[starts-with(@rule, 'GFA-DIAG')]");
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr && !hit; i++) {
        xmlNodePtr f = o->nodesetval->nodeTab[i];
        const char *table = attr(f, "table"), *line = attr(f, "line");
        if (t->kind == T_FORM && table && !strncmp(table, "perf:", 5)) {
            /* the form's first line; the target's form starts no later than its row */
            long form = atol(table + 5);
            hit = t->line >= form && t->line < form + 60 && line && atol(line) >= form &&
                  labs(atol(line) - t->line) < 5;
        } else if (t->kind == T_FIGURE && !table && line) {
            hit = atol(line) == t->line;
        }
    }
    xmlXPathFreeObject(o);
    return hit;
}

static bool report_open(const gfa_context *ctx, const gfa_validator *val, const char *path,
                        bench_report *br)
{
    memset(br, 0, sizeof *br);
    gfa_diags *d = gfa_diags_new();
    gfa_report *r = NULL;
    if (gfa_report_read_file(ctx, path, &r, d) != GFA_OK) {
        gfa_diags_free(d);
        return false;
    }
    gfa_diags_free(d);
    br->name = path;
    br->doc = xmlCopyDoc(gfa_report_doc(r), 1);
    gfa_report_free(r);
    targets all = {0};
    collect(br->doc, &all);
    if (!validate_copy(val, xmlCopyDoc(br->doc, 1), path, &br->base, &br->ledger))
        return false;
    for (size_t i = 0; i < all.n; i++) {
        if (already_flagged(br->base.doc, &all.t[i])) {
            br->flagged++;
            free(all.t[i].xpath);
            free(all.t[i].table);
            free(all.t[i].row);
            free(all.t[i].col);
        } else {
            add_target(&br->ts, &all.t[i]);
        }
    }
    free(all.t);
    for (char *l = br->ledger; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (!strncmp(l, "GFA-", 4))
            br->checks++;
        if (!strncmp(l, "GFA-", 4) && strstr(l, "\tnot checkable\t") &&
            strstr(l, "\tnot checkable\t") < (strchr(l, '\n') ? strchr(l, '\n') : l + strlen(l)))
            br->unchecked++;
    }
    return true;
}

static void report_close(bench_report *br)
{
    xmlFreeDoc(br->doc);
    result_free(&br->base);
    for (size_t i = 0; i < br->ts.n; i++) {
        free(br->ts.t[i].xpath);
        free(br->ts.t[i].table);
        free(br->ts.t[i].row);
        free(br->ts.t[i].col);
    }
    free(br->ts.t);
    free(br->ledger);
}

/* One trial: `k` slips into distinct targets of one copy. */
static void trial(const gfa_validator *val, bench_report *br, int k, rng *r, slip_stats *st)
{
    if (br->ts.n < (size_t)k)
        return;
    size_t idx[2];
    char slipped[2][64];
    int kinds[2];
    for (int j = 0; j < k; j++) {
        bool ok = false;
        for (int tries = 0; tries < 50 && !ok; tries++) {
            idx[j] = (size_t)rnd_below(r, (int)br->ts.n);
            kinds[j] = rnd_below(r, NKINDS);
            ok = (j == 0 || (idx[1] != idx[0] && strcmp(br->ts.t[idx[1]].xpath, br->ts.t[idx[0]].xpath))) &&
                 slip_number(br->doc, &br->ts, idx[j], kinds[j], r, slipped[j], sizeof slipped[j]);
        }
        if (!ok)
            return;
    }
    xmlDocPtr copy = xmlCopyDoc(br->doc, 1);
    for (int j = 0; j < k; j++)
        if (!apply(copy, &br->ts.t[idx[j]], slipped[j])) {
            xmlFreeDoc(copy);
            return;
        }
    run_result now;
    if (!validate_copy(val, copy, br->name, &now, NULL)) {
        result_free(&now);
        return;
    }
    st->trials++;
    bool all = true;
    /* a slip is seen when a check fails that did not; with two, each is tried alone */
    bool seen_each[2] = {false, false};
    for (int j = 0; j < k; j++) {
        if (k == 1) {
            seen_each[j] = detected(&br->base, &now);
            continue;
        }
        xmlDocPtr one = xmlCopyDoc(br->doc, 1);
        run_result alone;
        if (apply(one, &br->ts.t[idx[j]], slipped[j]) &&
            validate_copy(val, one, br->name, &alone, NULL))
            seen_each[j] = detected(&br->base, &alone);
        else
            xmlFreeDoc(one), memset(&alone, 0, sizeof alone);
        result_free(&alone);
    }
    for (int j = 0; j < k; j++) {
        bool seen = seen_each[j];
        st->slips++;
        if (!seen) {
            st->undetected++;
            all = false;
            continue;
        }
        bool proposed;
        verdict_kind vk = judge(now.doc, &br->ts.t[idx[j]], slipped[j], &proposed);
        if (verbose && (vk != V_NAMED || !proposed)) {
            const target *t = &br->ts.t[idx[j]];
            printf("    %s %s %s/%s/%s line %ld: %s -> %s (%s)\n",
                   vk == V_NAMED ? "NOVALUE" : vk == V_AMONG2 ? "AMONG2" :
                   vk == V_AMONG ? "AMONG" : "MISSED",
                   k == 2 ? "[2]" : "", t->table ? t->table : "", t->row ? t->row : "",
                   t->col ? t->col : "", t->line, t->number, slipped[j], kind_names[kinds[j]]);
            xmlXPathObjectPtr o = eval(now.doc, "//g:validation/g:finding[starts-with(@rule,'GFA-DIAG')]/g:message");
            xmlXPathObjectPtr b = eval(br->base.doc, "//g:validation/g:finding[starts-with(@rule,'GFA-DIAG')]/g:message");
            for (int m = 0; o && o->nodesetval && m < o->nodesetval->nodeNr; m++) {
                xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[m]);
                bool old = false;
                for (int q = 0; b && b->nodesetval && q < b->nodesetval->nodeNr && !old; q++) {
                    xmlChar *d = xmlNodeGetContent(b->nodesetval->nodeTab[q]);
                    old = !xmlStrcmp(c, d);
                    xmlFree(d);
                }
                if (!old)
                    printf("        %.400s\n", (const char *)c);
                xmlFree(c);
            }
            xmlXPathFreeObject(o);
            xmlXPathFreeObject(b);
        }
        st->by_kind[kinds[j]][0]++;
        if (vk == V_NAMED) {
            st->named++;
            st->by_kind[kinds[j]][1]++;
            if (proposed) {
                st->proposed++;
                st->by_kind[kinds[j]][2]++;
            }
        } else {
            all = false;
            st->among += vk == V_AMONG || vk == V_AMONG2;
            st->among2 += vk == V_AMONG2;
        }
    }
    st->trials_all_named += all;
    result_free(&now);
}

static double pct(long a, long b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

/* Runs `trials` trials of k slips on a report. */
static void run_slips(const gfa_validator *val, bench_report *br, int k, long trials,
                      unsigned long long seed, slip_stats *st)
{
    rng r = {seed ? seed : 88172645463325252ULL};
    for (long i = 0; i < trials; i++)
        trial(val, br, k, &r, st);
}

static void print_stats(const char *what, const slip_stats *st)
{
    long det = st->slips - st->undetected;
    printf("  %-7s %5ld slips, %5ld seen by a check: named alone %5.1f%%, original value proposed "
           "%5.1f%%  [unseen %ld]\n",
           what, st->slips, det, pct(st->named, det), pct(st->proposed, det), st->undetected);
    printf("          not named alone: one of two equally good readings %4.1f%%, among more "
           "readings %4.1f%%, missed %4.1f%%\n",
           pct(st->among2, det), pct(st->among - st->among2, det),
           pct(det - st->named - st->among, det));
    printf("          named alone or one of two readings: %5.1f%%\n",
           pct(st->named + st->among2, det));
    for (int k = 0; k < NKINDS; k++)
        if (st->by_kind[k][0])
            printf("          %-10s %4ld seen: named %5.1f%%, value %5.1f%%\n", kind_names[k],
                   st->by_kind[k][0], pct(st->by_kind[k][1], st->by_kind[k][0]),
                   pct(st->by_kind[k][2], st->by_kind[k][0]));
}

/* The report's "not checkable" ledger entries and their reasons. */
static void print_unchecked(const bench_report *br)
{
    printf("  not checkable: %ld of %ld ledger entries (%.1f%%)\n", br->unchecked, br->checks,
           pct(br->unchecked, br->checks));
    for (const char *l = br->ledger; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        const char *tab = memmem(l, len, "\tnot checkable\t", 15);
        if (tab) {
            const char *why = memrchr(l, '\t', len);
            printf("    %.*s: %.*s\n", (int)strcspn(l, "\t"), l, (int)(len - (size_t)(why + 1 - l)),
                   why + 1);
        }
        l = nl ? nl + 1 : NULL;
    }
}

static void stats_add(slip_stats *to, const slip_stats *s)
{
    to->slips += s->slips;
    to->undetected += s->undetected;
    to->named += s->named;
    to->among += s->among;
    to->among2 += s->among2;
    to->proposed += s->proposed;
    for (int k = 0; k < NKINDS; k++)
        for (int m = 0; m < 3; m++)
            to->by_kind[k][m] += s->by_kind[k][m];
    to->trials += s->trials;
    to->trials_all_named += s->trials_all_named;
}

#ifndef SLIPS_NO_MAIN
int main(int argc, char **argv)
{
    long trials = 300;
    unsigned long long seed = 20241;
    int only = 0; /* 1 or 2: only the trials of that many slips */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            trials = atol(argv[++i]);
        else if (!strcmp(argv[i], "-k") && i + 1 < argc)
            only = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-v"))
            verbose = 1;
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: slips [-n TRIALS] [-s SEED] [-k 1|2] [-v] REPORT...\n");
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: slips [-n TRIALS] [-s SEED] [-k 1|2] [-v] REPORT...\n");
        return 2;
    }
    gfa_global_init();
    gfa_diags *d = gfa_diags_new();
    gfa_context *ctx = gfa_context_open(NULL, d);
    gfa_validator *val = ctx ? gfa_validator_new(ctx, d) : NULL;
    if (!val) {
        fprintf(stderr, "slips: cannot load gfa's data (set GFA_DATADIR)\n");
        return 2;
    }
    slip_stats all1 = {0}, all2 = {0};
    for (; i < argc; i++) {
        bench_report br;
        if (!report_open(ctx, val, argv[i], &br)) {
            fprintf(stderr, "slips: cannot read %s\n", argv[i]);
            continue;
        }
        printf("%s: %zu printed amounts (%ld left out: the report already gets them wrong)\n",
               argv[i], br.ts.n, br.flagged);
        print_unchecked(&br);
        slip_stats s1 = {0}, s2 = {0};
        if (only != 2)
            run_slips(val, &br, 1, trials, seed, &s1);
        if (only != 1)
            run_slips(val, &br, 2, trials, seed + 1, &s2);
        print_stats("single", &s1);
        print_stats("double", &s2);
        printf("          both slips of a trial named: %.1f%% of %ld trials\n",
               pct(s2.trials_all_named, s2.trials), s2.trials);
        stats_add(&all1, &s1);
        stats_add(&all2, &s2);
        report_close(&br);
    }
    printf("all reports:\n");
    print_stats("single", &all1);
    print_stats("double", &all2);
    printf("targets: single >= 95%% named, double >= 80%% named (issue 11); \"named alone\" is\n"
           "a single root cause (GFA-DIAG-001); a slip that is one of two equally good readings\n"
           "(GFA-DIAG-002: another value's typing slip explains the failures exactly as well)\n"
           "is counted apart, never as named alone\n");
    gfa_validator_free(val);
    gfa_context_free(ctx);
    gfa_diags_free(d);
    return 0;
}
#endif
