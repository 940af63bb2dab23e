/* check_staffing.c — 编制数 and 实有人数 against their parts (issue 11).
 *
 * The reader keeps the overview's staffing figures (<staffing><figure label count line
 * pos/>): "核定编制（共63人）" then "处级编制8人，行政编制22人 …", or "实际有78人，其中公务员22人
 * （包括处级干部8人），工勤人员1人 …". A figure is a total when a total word stands right
 * before its number (共, 合计: the vocabulary's staffing-total) or a breakdown word follows
 * it in its sentence (其中: staffing-breakdown). Its parts are the figures after it in the
 * same sentence, or — a total alone in its line, a heading — the figures of the next line
 * that holds figures. A figure inside brackets (包括处级干部8人) is a part of the part before
 * it, not of the total. Counts of people are exact: the total must equal the sum. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

typedef struct staff_fig {
    xmlNodePtr node;
    const char *label;
    long count, line, pos;
    const char *at;   /* the number in its line's text (NULL: not found) */
    bool bracketed;   /* inside brackets: a part of the part before it */
    bool total;
    const char *text; /* its line's text */
} staff_fig;

typedef struct line_text {
    long line;
    xmlChar *text;
} line_text;

/* The overview's texts by line (titles, paragraphs, items). */
static void collect_lines(xmlNodePtr n, line_text *out, size_t *n_out, size_t cap)
{
    for (xmlNodePtr c = n->children; c && *n_out < cap; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xml_is(c, "staffing"))
            continue;
        if ((xml_is(c, "title") || xml_is(c, "p") || xml_is(c, "item")) && xml_attr(c, "line")) {
            out[*n_out].line = xml_attr_long(c, "line", 0);
            out[(*n_out)++].text = xmlNodeGetContent(c);
        } else {
            collect_lines(c, out, n_out, cap);
        }
    }
}

/* The byte at which character `pos` (1-based) of s begins. */
static const char *char_at(const char *s, long pos)
{
    for (long k = 1; *s && k < pos; k++) {
        s++;
        while (*s && ((unsigned char)*s & 0xC0) == 0x80)
            s++;
    }
    return s;
}

/* Does a word of the list end right before p (after skipping nothing)? */
static bool word_before(const word_list *l, const char *text, const char *p)
{
    for (size_t k = 0; k < l->count; k++) {
        size_t n = strlen(l->words[k]);
        if ((size_t)(p - text) >= n && text_match_simplified(l->tv, p - n, l->words[k], n))
            return true;
    }
    return false;
}

/* Is the sentence end or the text end before `to` after `from`? */
static bool sentence_between(const gfa_vocab *vc, const char *from, const char *to)
{
    for (const char *p = from; p < to && *p; p++)
        if (words_starts(&vc->lists[V_SENTENCE_END], p))
            return true;
    return false;
}

static void analyse(const gfa_vocab *vc, staff_fig *f, size_t n)
{
    const word_list *tot = &vc->lists[V_STAFF_TOTAL], *brk = &vc->lists[V_STAFF_BREAKDOWN];
    for (size_t i = 0; i < n; i++) {
        staff_fig *x = &f[i];
        if (!x->text)
            continue;
        x->at = char_at(x->text, x->pos);
        /* brackets open before it and not closed */
        int depth = 0;
        for (const char *p = x->text; p < x->at && *p; p++) {
            if (text_bracket(p, true))
                depth++;
            else if (text_bracket(p, false) && depth > 0)
                depth--;
        }
        const char *b = x->at; /* (past a blank before the figure: 实际有 78 人) */
        while (b > x->text && b[-1] == ' ')
            b--;
        x->total = word_before(tot, x->text, b);
        /* a breakdown word after it in its sentence, before the next figure */
        const char *next = i + 1 < n && f[i + 1].line == x->line ? char_at(x->text, f[i + 1].pos)
                                                                 : x->at + strlen(x->at);
        for (const char *p = x->at; p < next && *p && !x->total; p++)
            if (words_starts(brk, p))
                x->total = true;
        /* a bracket opened only to hold the total (核定编制（共63人）) does not make it a part */
        x->bracketed = depth > 0 && !x->total;
    }
}

void check_staffing(vrun *v, const rule *r, const rule_check *c)
{
    (void)c;
    xmlNodePtr root = xmlDocGetRootElement(v->doc);
    xmlNodePtr overview = NULL, staffing = NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
        if (xml_is(n, "overview"))
            overview = n;
    for (xmlNodePtr n = overview ? overview->children : NULL; n; n = n->next)
        if (xml_is(n, "staffing"))
            staffing = n;
    if (!staffing)
        return; /* a report that states no staffing: nothing to add up */
    enum { MAXF = 64, MAXL = 256 };
    staff_fig f[MAXF];
    size_t n = 0;
    line_text lines[MAXL];
    size_t nl = 0;
    collect_lines(overview, lines, &nl, MAXL);
    for (xmlNodePtr x = staffing->children; x && n < MAXF; x = x->next) {
        if (!xml_is(x, "figure") || !xml_attr(x, "count"))
            continue;
        memset(&f[n], 0, sizeof f[n]);
        f[n].node = x;
        f[n].label = xml_attr(x, "label");
        f[n].count = xml_attr_long(x, "count", 0);
        f[n].line = xml_attr_long(x, "line", 0);
        f[n].pos = xml_attr_long(x, "pos", 0);
        for (size_t k = 0; k < nl; k++)
            if (lines[k].line == f[n].line)
                f[n].text = (const char *)lines[k].text;
        n++;
    }
    const gfa_vocab *vc = &v->ctx->vocab;
    analyse(vc, f, n);
    for (size_t i = 0; i < n; i++) {
        if (!f[i].total)
            continue;
        /* its parts: the figures after it in its sentence, else those of the next line */
        size_t from = i + 1, to = i + 1;
        while (to < n && f[to].line == f[i].line && !f[to].total &&
               !sentence_between(vc, f[i].at, f[to].text ? char_at(f[to].text, f[to].pos) : ""))
            to++;
        if (to == from && from < n && f[from].line != f[i].line) {
            long next_line = f[from].line;
            while (to < n && f[to].line == next_line && !f[to].total)
                to++;
        }
        long sum = 0;
        size_t parts = 0;
        strbuf how;
        sb_init(&how);
        for (size_t k = from; k < to; k++) {
            if (f[k].bracketed)
                continue;
            sum += f[k].count;
            parts++;
            sb_addf(&how, "%s%s %ld", how.len ? " + " : "", f[k].label ? f[k].label : "",
                    f[k].count);
        }
        char what[256];
        snprintf(what, sizeof what, "staffing line %ld: %s %ld = sum of parts", f[i].line,
                 f[i].label ? f[i].label : "", f[i].count);
        if (parts < 2) {
            sb_free(&how);
            continue; /* a total without parts printed: nothing to add up */
        }
        if (sum == f[i].count) {
            vrun_pass(v, r, what);
            sb_free(&how);
            continue;
        }
        fact at;
        memset(&at, 0, sizeof at);
        at.node = f[i].node;
        at.line = f[i].line;
        at.pos = f[i].pos;
        finding *fd = vrun_fail(v, r, what, &at);
        if (fd) {
            char buf[32];
            snprintf(buf, sizeof buf, "%ld", f[i].count);
            fd->reported = strdup(buf);
            snprintf(buf, sizeof buf, "%ld", sum);
            fd->expected = strdup(buf);
            fd->kind = VK_COUNT;
            char *detail = sb_take(&how);
            vrun_message(v, fd, &(msg_args){.text = f[i].label, .detail = detail});
            finding_set_lockey(fd, f[i].label);
            free(detail);
        } else {
            sb_free(&how);
        }
    }
    for (size_t k = 0; k < nl; k++)
        xmlFree(lines[k].text);
}
