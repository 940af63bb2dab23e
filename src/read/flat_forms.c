/* flat_forms.c — passes of the flattened-text reader before its tables are read
 * (read_flat.c): forms' labels, codes and indicator values printed late lifted back to their
 * rows; tables printed one cell a line joined into rows. */
#include "read/flat_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LATE_ROWS 32      /* a page's rows given back their late cells */
#define MAX_LATE_NAME 16     /* characters of an indicator's name drawn late (longer: text) */

/* The form definition whose field `field` labels the line's first word (NULL: none). */
static const form_field *form_field_first(const fdoc *fd, const char *t, const char *field,
                                          bool whole)
{
    for (size_t d = 0; d < fd->ctx->defs.count; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        const form_field *f = def->kind != TABLE_STANDARD ? table_def_field(def, field) : NULL;
        if (!f)
            continue;
        if (!whole && flat_first_word_is(fd->ctx, t, &f->labels))
            return f;
        char *k = whole ? text_key(&fd->ctx->variants, t, strlen(t)) : NULL;
        bool is = k && label_set_has(&f->labels, k);
        free(k);
        if (is)
            return f;
    }
    return NULL;
}

/* A line's text becomes `trimmed` (taken; NULL: out of memory), `text` a copy of it. */
static bool set_line_text(fdoc *fd, src_line *v, char *trimmed)
{
    char *text = trimmed ? strdup(trimmed) : NULL;
    if (!text) {
        free(trimmed);
        fd->nomem = true;
        return false;
    }
    free(v->text);
    free(v->trimmed);
    v->text = text;
    v->trimmed = trimmed;
    return true;
}

/* Words go into line `into` at byte `at` of its text, set apart by spaces. (Lines read in
 * content-stream order have no indentation to keep.) */
bool flat_insert_words(fdoc *fd, size_t into, size_t at, const char *words)
{
    src_line *v = &fd->in.lines[into];
    const char *rest = v->trimmed + at;
    size_t len = strlen(v->trimmed) + strlen(words) + 3;
    char *trimmed = malloc(len);
    if (trimmed)
        snprintf(trimmed, len, "%.*s%s%s%s%s", (int)at, v->trimmed, at && *words ? " " : "",
                 words, *rest ? " " : "", rest + strspn(rest, " "));
    return set_line_text(fd, v, trimmed);
}

/* In content-stream order a row's last number and the word printed close after it may
 * come as one word: a reason ("10.00无", "1.1因支付系统提前结束导致。"), a grade ("100优").
 * A number with decimals after other numbers, the line's last, glued to an ideograph (no
 * score or fund amount of a form carries a unit), or a number glued to a grade, is set
 * apart from it. */
static bool unglue_reasons(fdoc *fd, size_t from, size_t to)
{
    char tail[64];
    for (size_t i = from; i < to; i++) {
        const char *t = fd->in.lines[i].trimmed;
        int numbers = 0;
        size_t cut = 0;
        for (const char *p = t + strspn(t, " "); *p; p += strspn(p, " ")) {
            size_t len = strcspn(p, " "), d = strspn(p, "0123456789");
            size_t num = d && p[d] == '.' ? d + 1 + strspn(p + d + 1, "0123456789") : d;
            bool han = num > 0 && num < len && (unsigned char)p[num] >= 0xE4 &&
                       (unsigned char)p[num] <= 0xE9;
            bool grade = han && len - num < sizeof tail &&
                         (snprintf(tail, sizeof tail, "%.*s", (int)(len - num), p + num),
                          form_field_first(fd, tail, "grade", true));
            if (han && (grade || (numbers > 0 && num > d + 1)))
                cut = (size_t)(p - t) + num;
            else if (d && num == len)
                numbers++, cut = 0; /* a number after it: not the line's last */
            p += len;
        }
        if (cut && !flat_insert_words(fd, i, cut, ""))
            return false;
    }
    return true;
}

/* Line `late`'s words go into line `into` at byte `at`; `late` is left empty. */
bool flat_insert_late(fdoc *fd, size_t late, size_t into, size_t at)
{
    src_line *l = &fd->in.lines[late];
    if (!flat_insert_words(fd, into, at, l->trimmed))
        return false;
    l->trimmed[0] = l->text[0] = '\0';
    return true;
}

/* A comparison's mark begins the word (≥8个, ≤元, ＞95%): an indicator's value. */
static bool comparison_word(const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "≈"};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (str_starts(t, marks[k]))
            return true;
    size_t len;
    char fw = text_fullwidth_ascii(t, &len); /* ＞ ＜ */
    return fw == '>' || fw == '<';
}

/* The line's words, split at spaces, into w (at most cap; -1 when more). */
static int split_words(const char *t, char w[][64], int cap)
{
    int n = 0;
    for (t += strspn(t, " "); *t; t += strspn(t, " ")) {
        size_t len = strcspn(t, " ");
        if (n == cap || len >= 64)
            return -1;
        memcpy(w[n], t, len);
        w[n++][len] = '\0';
        t += len;
    }
    return n;
}

/* A fund's label alone on its line, drawn late: the total's (资金总额:), or a source's
 * with its colon (市县区财政资金:). */
static bool fund_label(fdoc *fd, const char *t)
{
    const char *c = flat_find_colon(t);
    size_t len = 0;
    bool colon = c && (*c == ':' ? c[1] == '\0' : (flat_cp_at(c, &len), c[len] == '\0'));
    return form_field_first(fd, t, "fund_total", true) ||
           (colon && !strchr(t, ' ') && !strpbrk(t, "0123456789"));
}

/* A row of funds printed without its label: it begins with three amounts. */
static bool unlabelled_funds(const char *t)
{
    int nums = 0;
    for (t += strspn(t, " "); *t && nums < 3; t += strspn(t, " ")) {
        size_t len = strcspn(t, " ");
        if (strspn(t, "0123456789.,-") < len)
            break; /* a word, not an amount */
        nums++;
        t += len;
    }
    return nums >= 3;
}

/* The funds' labels (merged cells) come late, their rows printed with the amounts alone:
 * when as many, each label goes in front of its row, in order. */
static bool lift_fund_labels(fdoc *fd, size_t from, size_t to)
{
    size_t rows[MAX_LATE_ROWS], labels[MAX_LATE_ROWS];
    int nrows = 0, nlabels = 0;
    for (size_t i = from; i < to; i++) {
        const char *t = flat_line_text(fd, i);
        if (fund_label(fd, t) && nlabels < MAX_LATE_ROWS)
            labels[nlabels++] = i;
        else if (!nlabels && unlabelled_funds(t) && nrows < MAX_LATE_ROWS)
            rows[nrows++] = i;
    }
    if (!nlabels || nlabels != nrows)
        return true;
    for (int k = 0; k < nrows; k++)
        if (!flat_insert_late(fd, labels[k], rows[k], 0))
            return false;
    return true;
}

/* A code and a name, as a form's codes are printed ("002-某某局"). */
static bool coded_name(const char *w)
{
    size_t d = strspn(w, "0123456789");
    return d >= 2 && w[d] == '-' && w[d + 1];
}

/* The codes' row printed with its labels alone ("主管部门及代码 预算单位") and the codes, its
 * merged cells, late on a line of their own ("002-某某局 002001-某某局"): each code goes
 * after its label. */
static bool lift_codes(fdoc *fd, size_t from, size_t to)
{
    char w[4][64];
    size_t row = to;
    for (size_t i = from; i < to; i++) {
        int n = split_words(flat_line_text(fd, i), w, 4);
        if (row == to && n == 2 && form_field_first(fd, w[0], "department", true) &&
            form_field_first(fd, w[1], "unit", true)) {
            row = i;
        } else if (row < to && n == 2 && coded_name(w[0]) && coded_name(w[1])) {
            /* the unit's code first, at the end, then the department's after its label */
            const char *t = fd->in.lines[row].trimmed;
            size_t label = strcspn(t, " ");
            if (!flat_insert_words(fd, row, strlen(t), w[1]) || !flat_insert_words(fd, row, label, w[0]))
                return false;
            src_line *l = &fd->in.lines[i];
            l->trimmed[0] = l->text[0] = '\0';
            return true;
        }
    }
    return true;
}

/* A row's cells too wide for their columns (a long name, "≥400500元" in a narrow column)
 * are drawn late too, after the page's other cells, a row's on a line of its own in the
 * rows' order, names before values ("≥8个 ≥8个", "参加培训(会议) ≥2天 ≥2天 ≥2天",
 * "系统(硬件)兼容性"): up to three names, then up to three comparisons with a number.
 * *names, *values: how many of each. */
static bool late_cells_line(fdoc *fd, size_t i, int *names, int *values)
{
    const char *t = flat_line_text(fd, i);
    char w[8][64];
    int n = split_words(t, w, 8);
    if (n < 1 || flat_has_colon(t) || flat_late_caption(fd, i) ||
        vocab_ends_sentence(&fd->ctx->vocab, t, strlen(t)))
        return false;
    int k = 0;
    while (k < n && !comparison_word(w[k]) && !flat_numbers_only(w[k]) &&
           utf8_chars(w[k], strlen(w[k])) <= MAX_LATE_NAME)
        k++;
    for (int v = k; v < n; v++)
        if (!comparison_word(w[v]) || !strpbrk(w[v], "0123456789"))
            return false;
    *names = k;
    *values = n - k;
    return k <= 3 && n - k <= 3;
}

/* An indicator's row as a page with late cells prints it (words w[0..weight), then its
 * weight and score, then its reason's words): what it lacks. */
typedef struct {
    size_t line;
    int name_at;   /* where a late name goes: after the level labels */
    int value_at;  /* where late values go: before a bare number (the actual value printed,
                      "197122.33"), else before the weight */
    bool nameless; /* only level labels before its first value */
    int lack;      /* how surely it lacks values: 3 none, or the last a comparison without
                      a number ("≥个": never an actual value); 2 such a comparison and one
                      more value ("≤元 197122.33"); 1 one value without a number ("一名");
                      0 they look whole */
} cells_row;

static bool level_word(fdoc *fd, const char *w)
{
    return form_field_first(fd, w, "level1", true) || form_field_first(fd, w, "level2", true);
}

/* Is line i an indicator's row (words, perhaps a bare number, its weight and score, words;
 * not a run of amounts)? */
static bool indicator_row(fdoc *fd, size_t i, cells_row *r)
{
    char w[24][64];
    int n = split_words(flat_line_text(fd, i), w, 24);
    int k = n;
    while (k > 0 && !flat_numbers_only(w[k - 1]))
        k--;
    k -= 2; /* the weight */
    if (k < 1 || !flat_numbers_only(w[k]) || (flat_numbers_only(w[k - 1]) && (k < 2 || flat_numbers_only(w[k - 2]))))
        return false;
    int a = 0;
    while (a < k && level_word(fd, w[a]))
        a++;
    r->line = i;
    r->name_at = a;
    r->nameless = a == k || comparison_word(w[a]) || flat_numbers_only(w[a]) ||
                  form_field_first(fd, w[a], "qualitative_value", true);
    int v = r->nameless ? a : a + 1, nv = k - v;
    r->value_at = v;
    while (r->value_at < k && !flat_numbers_only(w[r->value_at]))
        r->value_at++;
    bool bare_mark = nv > 0 && comparison_word(w[v]) && !strpbrk(w[v], "0123456789");
    if (nv == 0 || (comparison_word(w[k - 1]) && !strpbrk(w[k - 1], "0123456789")))
        r->lack = 3;
    else if (nv == 2 && bare_mark)
        r->lack = 2;
    else if (nv == 1 && !strpbrk(w[v], "0123456789"))
        r->lack = 1;
    else
        r->lack = 0;
    return true;
}

/* Byte offset in t before its word j: the end of word j - 1 (0 for the first). */
static size_t before_word(const char *t, int j)
{
    size_t at = strspn(t, " ");
    for (int k = 0; k < j && t[at]; k++) {
        at += strcspn(t + at, " ");
        if (k + 1 < j)
            at += strspn(t + at, " ");
    }
    return j ? at : 0;
}

/* The late lines go back into the rows before them, in order: names into a row that has
 * none, values into one that lacks them, the surest such rows (cells_row.lack) taken. A
 * line of names alone, which may be a short text, is left when no row lacks a name. */
static bool lift_indicator_values(fdoc *fd, size_t from, size_t to)
{
    cells_row rows[MAX_LATE_ROWS];
    size_t late[MAX_LATE_ROWS];
    int names[MAX_LATE_ROWS], values[MAX_LATE_ROWS];
    int nrows = 0, nlate = 0;
    size_t last_row = from;
    for (size_t i = from; i < to; i++) {
        cells_row r;
        if (!indicator_row(fd, i, &r))
            continue;
        if (nrows == MAX_LATE_ROWS)
            return true;
        rows[nrows++] = r;
        last_row = i;
    }
    size_t first_values = to, last_values = to;
    for (size_t i = last_row + 1; nrows && i < to; i++) {
        int nn, nv;
        if (!late_cells_line(fd, i, &nn, &nv) || !nv)
            continue;
        first_values = first_values == to ? i : first_values;
        last_values = i;
    }
    for (size_t i = first_values; i < to && i <= last_values; i++) {
        int nn, nv;
        if (!late_cells_line(fd, i, &nn, &nv))
            continue;
        if (nlate == MAX_LATE_ROWS)
            return true;
        late[nlate] = i;
        names[nlate] = nn;
        values[nlate++] = nv;
    }
    if (!nlate)
        return true;
    /* best[l][r]: the surest placing of the first l late lines in the first r rows */
    enum { NONE = -1000 };
    int best[MAX_LATE_ROWS + 1][MAX_LATE_ROWS + 1];
    char how[MAX_LATE_ROWS + 1][MAX_LATE_ROWS + 1]; /* 'r' row skipped, 'p' placed, 'l' left */
    for (int l = 0; l <= nlate; l++)
        for (int r = 0; r <= nrows; r++) {
            best[l][r] = l ? NONE : 0;
            how[l][r] = 'r';
            if (r && best[l][r - 1] > best[l][r])
                best[l][r] = best[l][r - 1];
            if (!l)
                continue;
            if (!values[l - 1] && best[l - 1][r] > best[l][r]) {
                best[l][r] = best[l - 1][r];
                how[l][r] = 'l';
            }
            const cells_row *row = r ? &rows[r - 1] : NULL;
            if (!row || best[l - 1][r - 1] == NONE || (names[l - 1] && !row->nameless) ||
                (values[l - 1] && !row->lack))
                continue;
            int s = best[l - 1][r - 1] + (names[l - 1] ? 3 : 0) + (values[l - 1] ? row->lack : 0);
            if (s > best[l][r]) {
                best[l][r] = s;
                how[l][r] = 'p';
            }
        }
    if (best[nlate][nrows] == NONE)
        return true;
    for (int l = nlate, r = nrows; l > 0;) {
        if (how[l][r] == 'l') {
            l--;
            continue;
        }
        if (how[l][r] == 'r' && (r == 0 || best[l][r - 1] == best[l][r])) {
            r--;
            continue;
        }
        const cells_row *row = &rows[r - 1];
        const char *lt = fd->in.lines[late[l - 1]].trimmed;
        size_t cut = before_word(lt, names[l - 1]);
        char *name = strndup(lt, cut);
        if (!name) {
            fd->nomem = true;
            return false;
        }
        const char *t = fd->in.lines[row->line].trimmed;
        size_t value_at = before_word(t, row->value_at), name_at = before_word(t, row->name_at);
        bool ok = (!values[l - 1] || flat_insert_words(fd, row->line, value_at, lt + cut + strspn(lt + cut, " "))) &&
                  (!names[l - 1] || flat_insert_words(fd, row->line, name_at, name));
        free(name);
        if (!ok)
            return false;
        src_line *ll = &fd->in.lines[late[l - 1]];
        ll->trimmed[0] = ll->text[0] = '\0';
        l--, r--;
    }
    return true;
}

/* Is the title the line's words and then a form's title as the definitions spell it (the
 * project's whole name before 项目支出绩效自评表, not a piece of a name wrapped)? */
static bool title_begins(const fdoc *fd, const char *title, const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || strncmp(title, t, n) != 0 || !title[n])
        return false;
    char *rest = read_title_key(fd->ctx, title + n);
    bool is = false;
    for (size_t d = 0; rest && d < fd->ctx->defs.count && !is; d++) {
        const table_def *def = &fd->ctx->defs.tables[d];
        for (size_t i = 0; def->kind != TABLE_STANDARD && i < def->titles.count && !is; i++)
            is = strcmp(rest, def->titles.keys[i]) == 0;
    }
    free(rest);
    return is;
}

/* Is the form's title at `title`, after the page's first 项目名称 row, that row's title
 * drawn late: no 项目名称 row of its own after it, and no form's title ending the
 * page before (whose form would go on with this row)? */
static bool late_form_title(const fdoc *fd, size_t p0, size_t title, size_t p1)
{
    for (size_t i = title + 1; i < p1; i++)
        if (form_field_first(fd, flat_line_text(fd, i), "project", false))
            return false;
    size_t before = p0;
    while (before > 0 && !*flat_line_text(fd, before - 1))
        before--;
    return before == 0 || !flat_form_def(fd, flat_line_text(fd, before - 1));
}

/* The same late drawing in a form's page (see lift_late_captions): the merged cells — the
 * form's title when the page begins with its 项目名称 row, the project's name, the label of
 * the funds' total row (资金总额:) — come after the page's other cells. The title goes back
 * over the first row, the name after 项目名称 printed alone, the label in front of the first
 * row of the funds printed without one, indicators' values into their rows
 * (lift_indicator_values). */
void flat_lift_late_form_cells(fdoc *fd, const bool *page)
{
    size_t n = fd->in.count;
    for (size_t p0 = 0; p0 < n && !fd->nomem;) {
        size_t p1 = p0 + 1;
        while (p1 < n && !page[p1])
            p1++;
        size_t first = p0, title = p1;
        while (first < p1 && !form_field_first(fd, flat_line_text(fd, first), "project", false))
            first++;
        for (size_t i = p0; i < p1 && title == p1; i++)
            if (flat_form_def(fd, flat_line_text(fd, i)))
                title = i;
        if (first < title && title < p1 && late_form_title(fd, p0, title, p1) &&
            flat_move_lines(fd, first, title, title + 1))
            title = first++;
        if (first < p1 && !lift_fund_labels(fd, first, p1))
            return;
        /* the project's name, its row's merged cell, after the label alone: the title's
         * words before the form's title */
        size_t name = p1;
        if (first < p1 && title < p1 && form_field_first(fd, flat_line_text(fd, first), "project", true))
            for (name = first + 1; name < p1; name++)
                if (title_begins(fd, flat_line_text(fd, title), flat_line_text(fd, name)))
                    break;
        if (first < p1 && title < p1 && name < p1 &&
            !flat_insert_late(fd, name, first, strlen(fd->in.lines[first].trimmed)))
            return;
        if (first < p1 && !unglue_reasons(fd, first, p1))
            return;
        if (first < p1 && !lift_indicator_values(fd, first, p1))
            return;
        if (first < p1 && !lift_codes(fd, first, p1))
            return;
        p0 = p1;
    }
}

/* ------------------------------------------------------ one cell a line --- */

/* Some producers draw every cell as a text object of its own, and pdftotext -raw breaks a
 * turned page's text after every cell: a table's lines are then one cell each ("201" /
 * "一般公共服务支出" / "1421.59" / …), names wrapped in their cells a line a piece. Such a
 * region is rebuilt into the lines an upright page gives, so the rest reads it as it reads
 * any flattened text: the caption's number with its words ("公开" / "01" / "表"), the
 * body's cells on one line per row begun by a code (an uncoded table's rows on one line per
 * page, which flat_parse_line splits at their labels and 行次, as it splits rows run together),
 * the header and a header printed again left on their lines. Lines keep their numbers. */

/* Does the line's key name a 栏次 row's label? */
static bool colno_word(fdoc *fd, size_t i)
{
    const char *t = flat_line_text(fd, i);
    char *k = text_key(&fd->ctx->variants, t, strlen(t));
    if (!k)
        fd->nomem = true;
    bool is = k && label_set_has(&fd->ctx->defs.colno_labels, k);
    free(k);
    return is;
}

static bool digits_only(const char *t)
{
    return *t && strspn(t, "0123456789") == strlen(t);
}

/* Lines (title, end) of a table hold one cell each: none has a space but page numbers, and
 * the 栏次 row's label stands alone on its line. */
static bool cells_a_line(fdoc *fd, size_t title, size_t end)
{
    bool colno = false;
    for (size_t i = title + 1; i < end; i++) {
        const char *t = flat_line_text(fd, i);
        if (!*t || flat_is_page_number(t))
            continue;
        if (strchr(t, ' '))
            return false;
        colno |= colno_word(fd, i);
    }
    return colno;
}

/* Line `from`'s words go at the end of line `into`, `from` left empty. */
static bool append_line(fdoc *fd, size_t into, size_t from)
{
    return flat_insert_late(fd, from, into, strlen(fd->in.lines[into].trimmed));
}

/* The first header word after a table's title (its captions before it), or `end`. */
static size_t header_start(fdoc *fd, size_t title, size_t end)
{
    size_t h = title + 1;
    for (; h < end && !fd->nomem; h++) {
        const char *t = flat_line_text(fd, h);
        char *k = text_key(&fd->ctx->variants, t, strlen(t));
        if (!k)
            fd->nomem = true;
        bool header = k && *k && flat_any_header_word(fd, k);
        free(k);
        if (header)
            return h;
    }
    return end;
}

/* A caption wrapped a word a line, in lines (title, h): a number alone ("01", "2024") goes
 * with the short words around it that are no labelled captions ("公开" before, "表" or
 * "年度" after). */
static void join_caption_pieces(fdoc *fd, size_t title, size_t h)
{
    for (size_t i = title + 1; i < h && !fd->nomem; i++) {
        if (!digits_only(flat_line_text(fd, i)))
            continue;
        size_t at = i;
        const char *before = i > title + 1 ? flat_line_text(fd, i - 1) : "";
        if (*before && !flat_has_colon(before) && !strpbrk(before, "0123456789") &&
            utf8_chars(before, strlen(before)) <= 4) {
            at = i - 1;
            if (!append_line(fd, at, i))
                return;
        }
        const char *after = i + 1 < h ? flat_line_text(fd, i + 1) : "";
        if (*after && !flat_has_colon(after) && !strpbrk(after, "0123456789") &&
            utf8_chars(after, strlen(after)) <= 2 && !append_line(fd, at, i + 1))
            return;
    }
}

/* After the 栏次 row from `i` (its labels and numbers 1, 2, 3 … a line each; 公开01 prints
 * "栏次" / "1" / "栏次" / "2"): the first line after it. */
static size_t past_colno(fdoc *fd, size_t i, size_t end)
{
    for (long expect = 1; i < end; i++) {
        const char *t = flat_line_text(fd, i);
        if (*t && !colno_word(fd, i) && !(digits_only(t) && strtol(t, NULL, 10) == expect++))
            break;
    }
    return i;
}

/* Does a code begin a row at line i: 3, 5 or 7 digits of a known class, a name after? */
static bool begins_coded_row(const fdoc *fd, size_t i, size_t end)
{
    const char *t = flat_line_text(fd, i);
    if (!flat_plausible_code(fd, t, AXIS_FUNCTION) && !flat_plausible_code(fd, t, AXIS_ECONOMIC))
        return false;
    size_t j = i + 1;
    while (j < end && !*flat_line_text(fd, j))
        j++;
    return j < end && !flat_numbers_only(flat_line_text(fd, j));
}

/* The body of a table whose header begins at line h: its cells on one line per row. */
static void join_table_cells(fdoc *fd, size_t h, size_t end)
{
    size_t i = h;
    while (i < end && !colno_word(fd, i))
        i++;
    const char *first = flat_line_text(fd, h);
    size_t row = end;
    int words = 0; /* on the row's line: a long page of uncoded rows goes on at a label */
    bool after_number = false;
    for (i = past_colno(fd, i, end); i < end && !fd->nomem; i++) {
        const char *t = flat_line_text(fd, i);
        if (!*t)
            continue;
        bool number = flat_numbers_only(t), long_line = words >= MAX_LINE_TOKENS / 2 && !number && after_number;
        after_number = number;
        if (flat_is_page_number(t)) {
            row = end;
        } else if (strcmp(t, first) == 0) { /* the header again, on the next page */
            row = end;
            while (i < end && !colno_word(fd, i))
                i++;
            i = past_colno(fd, i, end) - 1;
        } else if (row == end || long_line || begins_coded_row(fd, i, end)) {
            row = i;
            words = 1;
        } else if (!append_line(fd, row, i)) {
            return;
        } else {
            words++;
        }
    }
}

/* Every standard table whose lines hold one cell each, rebuilt (see above). */
void flat_join_cell_lines(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        if (!flat_names_standard_table(fd, i))
            continue;
        size_t limit = i + 1 + 3 * MAX_CAPTION_LINES < fd->in.count ? i + 1 + 3 * MAX_CAPTION_LINES
                                                                     : fd->in.count;
        size_t h = header_start(fd, i, limit), end = h;
        while (end < fd->in.count && !flat_ends_body(fd, end))
            end++;
        if (h < limit && cells_a_line(fd, i, end)) {
            join_caption_pieces(fd, i, h);
            join_table_cells(fd, h, end);
        }
        i = (h < limit ? end : i + 1) - 1;
    }
}

/* A form on a turned page comes a cell a line too ("资金总额:" / "100" / "100" / … ;
 * "产出指标" / "数量指标" / "租赁数量" / "≥" / "个" / "≥" / "8" / "个" / "20" / "20"): its rows
 * are rebuilt as an upright page gives them, so the form reader reads them as it reads any
 * flattened form. A fund's row is its label and the numbers after it; an indicator's row
 * begins at a level's label (the first level's label alone takes the second's) or, after
 * a row's last two numbers, at the next word, and takes the words after it, a comparison's
 * mark alone glued to the word after it ("≥" / "8" → "≥8"); the 总分 row takes its score and
 * grade. The header's, goals' and analysis' lines are left as they are. */

static bool mark_only(const char *t)
{
    static const char *const marks[] = {"≥", "≤", ">", "<", "≈", "="};
    for (size_t k = 0; k < ARRAY_LEN(marks); k++)
        if (strcmp(t, marks[k]) == 0)
            return true;
    return false;
}

/* Line `from`'s text at the end of line `into`, after a space unless `glued`; `from` left
 * empty. */
static bool append_text(fdoc *fd, size_t into, size_t from, bool glued)
{
    src_line *v = &fd->in.lines[into], *l = &fd->in.lines[from];
    char *joined = NULL;
    if (asprintf(&joined, "%s%s%s", v->trimmed, glued || !*v->trimmed ? "" : " ", l->trimmed) < 0) {
        fd->nomem = true;
        return false;
    }
    if (!set_line_text(fd, v, joined))
        return false;
    l->trimmed[0] = l->text[0] = '\0';
    return true;
}

/* The last word of a line (its last space's tail). */
static const char *last_word(const char *t)
{
    const char *sp = strrchr(t, ' ');
    return sp ? sp + 1 : t;
}

/* Do the line's last two words hold numbers (an indicator row's weight and score)? */
static bool ends_two_numbers(const char *t)
{
    const char *sp = strrchr(t, ' ');
    if (!sp || !flat_numbers_only(sp + 1))
        return false;
    const char *p = sp;
    while (p > t && p[-1] != ' ')
        p--;
    return p > t && p < sp && strspn(p, "0123456789.") == (size_t)(sp - p);
}

/* Does the line end in a digit ("≥93" before its "%")? */
static bool ends_digit_word(const char *t)
{
    size_t n = strlen(t);
    return n && t[n - 1] >= '0' && t[n - 1] <= '9';
}

/* A fund's row with more numbers than the total's row (`want`): a number cut in its narrow
 * cell came as two words ("100.0" / "0"), the second its last digits; such pairs, a number
 * with decimals before digits only, are one number again, from the left, until the row has
 * `want`. */
static bool glue_cut_numbers(fdoc *fd, size_t row, int want)
{
    src_line *l = &fd->in.lines[row];
    char *w[64];
    int n = 0;
    char *copy = strdup(l->trimmed);
    if (!copy) {
        fd->nomem = true;
        return false;
    }
    for (char *save = NULL, *tok = strtok_r(copy, " ", &save); tok && n < 64; tok = strtok_r(NULL, " ", &save))
        w[n++] = tok;
    int numbers = 0;
    for (int j = 1; j < n; j++)
        numbers += flat_numbers_only(w[j]);
    bool changed = false;
    for (int j = 1; j + 1 < n && numbers > want; j++) {
        if (!strchr(w[j], '.') || !flat_numbers_only(w[j]) || !digits_only(w[j + 1]))
            continue;
        /* w[j + 1] follows w[j]'s end in copy: moved onto it */
        memmove(w[j] + strlen(w[j]), w[j + 1], strlen(w[j + 1]) + 1);
        for (int k = j + 1; k + 1 < n; k++)
            w[k] = w[k + 1];
        n--, numbers--, changed = true;
    }
    if (changed) {
        size_t len = strlen(l->trimmed) + 1, at = 0;
        char *out = malloc(len);
        for (int j = 0; out && j < n; j++)
            at += (size_t)snprintf(out + at, len - at, "%s%s", j ? " " : "", w[j]);
        if (!set_line_text(fd, l, out)) {
            free(copy);
            return false;
        }
    }
    free(copy);
    return true;
}

/* How many of the line's words after its first are numbers. */
static int row_numbers(const char *t)
{
    int n = 0;
    for (const char *p = strchr(t, ' '); p; p = strchr(p + 1, ' ')) {
        size_t len = strcspn(p + 1, " ");
        n += len && strspn(p + 1, "0123456789.,-") == len;
    }
    return n;
}

enum { FR_NONE, FR_FUND, FR_INDICATOR, FR_TOTAL };

static void join_form_rows(fdoc *fd, size_t title, size_t end)
{
    size_t row = end, funds[32];
    int nfunds = 0;
    int kind = FR_NONE, taken = 0;
    for (size_t i = title + 1; i < end && !fd->nomem; i++) {
        const char *t = flat_line_text(fd, i);
        if (!*t)
            continue;
        if (flat_is_page_number(t)) {
            row = end;
            continue;
        }
        bool level1 = form_field_first(fd, t, "level1", true) != NULL;
        bool level2 = form_field_first(fd, t, "level2", true) != NULL;
        if (form_field_first(fd, t, "fund_total", true) || form_field_first(fd, t, "fund_source", false)) {
            row = i, kind = FR_FUND, taken = 0;
            if (nfunds < 32)
                funds[nfunds++] = i;
        } else if (level1 || level2) {
            bool after_level1 = row < end && kind == FR_INDICATOR && !strchr(flat_line_text(fd, row), ' ') &&
                                form_field_first(fd, flat_line_text(fd, row), "level1", true);
            if (!after_level1 || !level2)
                row = i, kind = FR_INDICATOR, taken = 0;
            else if (!append_text(fd, row, i, false))
                return;
        } else if (form_field_first(fd, t, "total_score", true)) {
            row = i, kind = FR_TOTAL, taken = 0;
        } else if (form_field_first(fd, t, "goals", true) || form_field_first(fd, t, "indicators", true) ||
                   form_field_first(fd, t, "indicator_columns", true) ||
                   form_field_first(fd, t, "analysis", true) || form_field_first(fd, t, "goal_columns", true)) {
            row = end;
        } else if (row == end) {
            continue;
        } else if (kind == FR_FUND) {
            size_t next = i + 1;
            while (next < end && !*flat_line_text(fd, next))
                next++;
            /* a fund's source: its numbers after it */
            if (flat_numbers_only(t)) {
                if (!append_text(fd, row, i, false))
                    return;
            } else {
                row = next < end && flat_numbers_only(flat_line_text(fd, next)) ? i : end;
                if (row == i && nfunds < 32)
                    funds[nfunds++] = i;
            }
        } else if (kind == FR_TOTAL) {
            if (taken++ < 2 && !append_text(fd, row, i, false))
                return;
        } else if (ends_two_numbers(flat_line_text(fd, row)) && !flat_numbers_only(t)) {
            row = i; /* the next row of the same level, without its label */
        } else if (!append_text(fd, row, i,
                                mark_only(last_word(flat_line_text(fd, row))) ||
                                    (strcmp(t, "%") == 0 && ends_digit_word(flat_line_text(fd, row))))) {
            return;
        }
    }
    int want = nfunds ? row_numbers(flat_line_text(fd, funds[0])) : 0;
    for (int f = 1; f < nfunds && want > 0; f++)
        if (!glue_cut_numbers(fd, funds[f], want))
            return;
}

/* Every form whose lines hold one cell each, its rows rebuilt (see above). */
void flat_join_form_cells(fdoc *fd)
{
    for (size_t i = 0; i < fd->in.count && !fd->nomem; i++) {
        const table_def *def = flat_form_def(fd, flat_line_text(fd, i));
        if (!def)
            continue;
        const form_field *total = table_def_field(def, "total_score");
        bool open = total != NULL, levels = false, spaced = false;
        size_t end = i + 1;
        for (; end < fd->in.count && !flat_ends_region_in(fd, end, true, open); end++) {
            const char *t = flat_line_text(fd, end);
            if (open && flat_first_word_is(fd->ctx, t, &total->labels))
                open = false;
            spaced |= *t && strchr(t, ' ') && !flat_is_page_number(t);
            levels |= *t && (form_field_first(fd, t, "level1", true) || form_field_first(fd, t, "level2", true));
        }
        if (levels && !spaced)
            join_form_rows(fd, i, end);
        i = end - 1;
    }
}
