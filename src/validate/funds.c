/* funds.c — the ways a performance form's funds rows (资金总额, 市县区财政资金 …) can be
 * read, so that a check is decided whenever its result does not depend on the doubt
 * (issue 11: "not checkable" only when a value is absent).
 *
 * A row is read as the reader placed its numbers when the reader was sure, or when each
 * placed number stands under the header cell that names its field (the tab-separated
 * columns line up); otherwise every order-preserving placement of the row's printed
 * numbers on the seven fields is a reading. A number that reads two ways — a grouping
 * comma that may be a decimal point (49,908), an amount the reader marked
 * certain="false" with @alternatives — gives one reading per alternative, the same string
 * read the same way everywhere in the form. A check then holds, or fails, in every
 * reading, or it depends on the doubt and says which. */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS 16
#define MAX_ROWS 16
#define MAX_STRINGS 4
#define MAX_PLACEMENTS 64

const char *const fund_field_names[F_NFIELDS] = {"declared", "budgeted", "full_year", "executed",
                                                "balance",  "rate",     "score"};

/* A number printed in a funds row. */
typedef struct slot {
    char *text;     /* as printed */
    long cell;
    xmlNodePtr amt; /* the amt the reader placed there */
    int string;     /* its uncertain string, or -1 */
    gfa_dec value;  /* as read */
} slot;

typedef struct row {
    xmlNodePtr fund;
    slot s[MAX_SLOTS];
    int ns;
    int placed[F_NFIELDS]; /* the reader's placement: field → slot, or -1 */
    int (*placements)[F_NFIELDS];
    int nplacements;       /* 0: too many to try */
    bool sure;
} row;

/* A printed string that reads several ways. */
typedef struct ustring {
    const char *text;
    gfa_dec r[4];
    int nr;
} ustring;

struct funds_form {
    row rows[MAX_ROWS];
    int nrows;
    ustring u[MAX_STRINGS];
    int nu;
    bool too_many; /* more uncertain strings than can be tried */
};

static int field_of(const char *name)
{
    for (int k = 0; name && k < F_NFIELDS; k++)
        if (!strcmp(name, fund_field_names[k]))
            return k;
    return -1;
}

bool comma_is_point(xmlNodePtr fund, xmlNodePtr amt, gfa_dec *pointed)
{
    const char *printed = xml_attr(amt, "text");
    if (!looks_like_decimal_comma(printed))
        return false;
    /* the row's reference: its smallest figure printed without a comma */
    gfa_dec ref = {0, 0};
    bool have_ref = false;
    for (xmlNodePtr a = fund->children; a; a = a->next) {
        const char *field = xml_attr(a, "field");
        if (!xml_is(a, "amt") || !field || !strcmp(field, "rate") || !strcmp(field, "score") ||
            !strcmp(field, "balance") || looks_like_decimal_comma(xml_attr(a, "text")))
            continue;
        gfa_dec d;
        if (node_dec(a, &d) && !dec_is_zero(d) && (!have_ref || dec_cmp(d, ref) < 0)) {
            ref = d;
            have_ref = true;
        }
    }
    char with_point[64];
    snprintf(with_point, sizeof with_point, "%s", printed);
    *strchr(with_point, ',') = '.';
    gfa_dec grouped;
    bool ok = node_dec(amt, &grouped) && dec_parse(with_point, strlen(with_point), pointed) == DEC_OK;
    /* plausible only as a decimal: near the row's other figures, the grouped value far
     * above them */
    gfa_dec hundred_ref = ref, tenth_ref = ref, double_ref;
    hundred_ref.units *= 100;
    tenth_ref.scale += 1;
    bool near = have_ref && dec_add(ref, ref, &double_ref) &&
                dec_cmp(*pointed, tenth_ref) >= 0 && dec_cmp(*pointed, double_ref) <= 0;
    return ok && near && dec_cmp(grouped, hundred_ref) >= 0;
}

/* The readings of an uncertain printed string; index of it in f->u, or -1. A decimal
 * comma that the row's own figures settle (49,908 in a row budgeting 50: GFA-TXT-005) is
 * read as the decimal: *settled receives it. */
static int uncertain_string(funds_form *f, const char *text, xmlNodePtr fund, xmlNodePtr amt,
                            gfa_dec *settled, bool *is_settled)
{
    gfa_dec r[4];
    int nr = 0;
    *is_settled = false;
    if (amt && comma_is_point(fund, amt, settled)) {
        *is_settled = true;
        return -1;
    }
    if (looks_like_decimal_comma(text)) {
        char pointed[64];
        snprintf(pointed, sizeof pointed, "%s", text);
        *strchr(pointed, ',') = '.';
        if (dec_parse(text, strlen(text), &r[0]) == DEC_OK &&
            dec_parse(pointed, strlen(pointed), &r[1]) == DEC_OK)
            nr = 2;
    }
    const char *certain = amt ? xml_attr(amt, "certain") : NULL;
    const char *alts = amt ? xml_attr(amt, "alternatives") : NULL;
    if (!nr && certain && (!strcmp(certain, "false") || !strcmp(certain, "0")) && alts) {
        if (node_dec(amt, &r[0]))
            nr = 1;
        for (const char *p = alts; nr && nr < 4 && *p;) {
            size_t len = strcspn(p, " ");
            if (len && dec_parse(p, len, &r[nr]) == DEC_OK)
                nr++;
            p += len + (p[len] == ' ');
        }
        if (nr < 2)
            nr = 0;
    }
    if (!nr)
        return -1;
    for (int i = 0; i < f->nu; i++)
        if (!strcmp(f->u[i].text, text))
            return i;
    if (f->nu == MAX_STRINGS) {
        f->too_many = true;
        return -1;
    }
    ustring *u = &f->u[f->nu];
    u->text = text;
    memcpy(u->r, r, sizeof r);
    u->nr = nr;
    return f->nu++;
}

/* The grid's rows of the four lines above a row's line: where its header may be. The
 * header is looked up for every field at five shifts, and walking the whole grid each
 * time was most of reading a form's funds. */
typedef struct header_rows {
    xmlNodePtr *rows;
    size_t n, cap;
} header_rows;

static void header_rows_of(xmlNodePtr grid, long line, header_rows *h)
{
    for (xmlNodePtr r = grid ? grid->children : NULL; r; r = r->next) {
        const char *l = xml_is(r, "r") ? xml_attr(r, "line") : NULL;
        long rl = l ? strtol(l, NULL, 10) : 0;
        if (!l || rl >= line || rl < line - 4)
            continue;
        xmlNodePtr *rows = array_grow(h->rows, &h->cap, h->n + 1, sizeof *rows);
        if (!rows)
            return; /* out of memory: the rows so far (a placement may then go unconfirmed
                     * and be read every way) */
        h->rows = rows;
        h->rows[h->n++] = r;
    }
}

/* Does the header above the row (its rows h) print the field's label over this cell? */
static bool header_has(const gfa_context *ctx, const header_rows *h, long cell, int field)
{
    const table_def *def = table_defs_find(&ctx->defs, "perf");
    const form_field *ff = def ? table_def_field(def, fund_field_names[field]) : NULL;
    if (!ff)
        return false;
    for (size_t i = 0; i < h->n; i++) {
        xmlNodePtr r = h->rows[i];
        for (xmlNodePtr c = r->children; c; c = c->next) {
            const char *cc = xml_is(c, "c") ? xml_attr(c, "cell") : NULL;
            if (!cc || strtol(cc, NULL, 10) != cell)
                continue;
            xmlChar *copy;
            const char *t = node_text(c, &copy);
            char *key = t ? text_key(&ctx->variants, t, strlen(t)) : NULL;
            bool hit = key && label_set_has(&ff->labels, key);
            free(key);
            xmlFree(copy);
            if (hit)
                return true;
        }
    }
    return false;
}

/* The placements of a row whose numbers do not line up with the header: the form's last
 * five columns (全年预算数, 全年执行数, 结余, 执行率, 得分) always take the row's last five
 * numbers — what varies is which of the numbers before them are 目标申报数 and 预算编制数
 * (every order-preserving choice; the reader's first). */
static void placements(row *r)
{
    int n = r->ns, lead = n - 5; /* numbers before the last five */
    if (lead < 0) {
        r->nplacements = 0;
        return;
    }
    int total = 1 + lead * (lead - 1) / 2 + lead; /* pairs, singles, none: at most this */
    r->placements = calloc((size_t)total + 2, sizeof *r->placements);
    if (!r->placements)
        return;
    memcpy(r->placements[0], r->placed, sizeof r->placed);
    r->nplacements = 1;
    /* two numbers or more before the five: any two of them, in order; one: either field;
     * none: neither */
    for (int a = 0; a < (lead >= 2 ? lead : lead == 1 ? 2 : 1); a++)
        for (int b = lead >= 2 ? a + 1 : 0; b < (lead >= 2 ? lead : 1); b++) {
            int p[F_NFIELDS];
            p[F_DECLARED] = lead >= 2 ? a : (lead == 1 && a == 0 ? 0 : -1);
            p[F_BUDGETED] = lead >= 2 ? b : (lead == 1 && a == 1 ? 0 : -1);
            for (int k = 0; k < 5; k++)
                p[F_FULL_YEAR + k] = lead + k;
            if (memcmp(p, r->placed, sizeof p) && r->nplacements < total + 1)
                memcpy(r->placements[r->nplacements++], p, sizeof p);
        }
}

static void read_row(const gfa_context *ctx, funds_form *f, xmlNodePtr fund, xmlNodePtr grid)
{
    row *r = &f->rows[f->nrows++];
    memset(r, 0, sizeof *r);
    r->fund = fund;
    for (int k = 0; k < F_NFIELDS; k++)
        r->placed[k] = -1;
    const char *line = xml_attr(fund, "line");
    long fl = line ? strtol(line, NULL, 10) : 0;
    /* the row's printed numbers: the grid's, else the amounts placed */
    xmlNodePtr gr = NULL;
    for (xmlNodePtr c = grid ? grid->children : NULL; c && !gr; c = c->next)
        if (xml_is(c, "r") && xml_attr(c, "line") && strtol(xml_attr(c, "line"), NULL, 10) == fl)
            gr = c;
    for (xmlNodePtr c = gr ? gr->children : fund->children; c && r->ns < MAX_SLOTS; c = c->next) {
        if (!xml_is(c, gr ? "c" : "amt"))
            continue;
        xmlChar *copy;
        const char *t = node_text(c, &copy);
        const char *shown = gr ? t : xml_attr(c, "text");
        if (!shown)
            shown = t;
        gfa_dec d;
        if (shown && dec_parse(shown, strlen(shown), &d) == DEC_OK) {
            slot *s = &r->s[r->ns++];
            s->text = strdup(shown);
            s->cell = xml_attr(c, "cell") ? strtol(xml_attr(c, "cell"), NULL, 10) : 0;
            s->value = d;
            s->string = -1;
        }
        xmlFree(copy);
    }
    /* where the reader placed each field */
    long cells[F_NFIELDS];
    for (int k = 0; k < F_NFIELDS; k++)
        cells[k] = -1;
    for (xmlNodePtr a = fund->children; a; a = a->next) {
        int k = xml_is(a, "amt") ? field_of(xml_attr(a, "field")) : -1;
        if (k < 0)
            continue;
        long cell = xml_attr(a, "cell") ? strtol(xml_attr(a, "cell"), NULL, 10) : 0;
        int at = -1;
        for (int i = 0; i < r->ns && at < 0; i++)
            if (gr ? r->s[i].cell == cell : !r->s[i].amt)
                at = i;
        if (at < 0) { /* placed but not found in the grid: keep it as read */
            if (r->ns == MAX_SLOTS)
                continue;
            at = r->ns++;
            xmlChar *copy;
            const char *t = node_text(a, &copy);
            r->s[at].text = strdup(t ? t : "");
            dec_parse(t, t ? strlen(t) : 0, &r->s[at].value);
            r->s[at].cell = cell;
            xmlFree(copy);
        }
        /* the amount's own value is what checks read (the grid's text may differ) */
        xmlChar *copy;
        const char *t = node_text(a, &copy);
        if (t)
            dec_parse(t, strlen(t), &r->s[at].value);
        xmlFree(copy);
        r->s[at].amt = a;
        r->placed[k] = at;
        cells[k] = cell;
    }
    /* the placement lines up when every placed number stands under its field's label, the
     * row shifted by at most two cells against the header (a label in a cell of its own) */
    bool confirmed = false;
    header_rows header = {NULL, 0, 0};
    if (gr)
        header_rows_of(grid, fl, &header);
    for (int shift = -2; shift <= 2 && !confirmed && gr; shift++) {
        bool all = true;
        int seen = 0;
        for (int k = 0; k < F_NFIELDS && all; k++)
            if (cells[k] >= 0) {
                all = header_has(ctx, &header, cells[k] + shift, k);
                seen++;
            }
        confirmed = all && seen > 0;
    }
    free(header.rows);
    for (int i = 0; i < r->ns; i++) {
        bool settled;
        gfa_dec pointed;
        r->s[i].string = uncertain_string(f, r->s[i].text, fund, r->s[i].amt, &pointed, &settled);
        if (settled)
            r->s[i].value = pointed;
    }
    const char *certain = xml_attr(fund, "certain");
    r->sure = !certain || !strcmp(certain, "true") || !strcmp(certain, "1") || (confirmed && gr);
    if (r->sure) {
        r->placements = calloc(1, sizeof *r->placements);
        if (r->placements) {
            memcpy(r->placements[0], r->placed, sizeof r->placed);
            r->nplacements = 1;
        }
    } else {
        placements(r);
    }
}

funds_form *funds_read(const gfa_context *ctx, xmlNodePtr perf)
{
    funds_form *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    xmlNodePtr funds = NULL, grid = NULL;
    for (xmlNodePtr c = perf->children; c; c = c->next) {
        if (xml_is(c, "funds"))
            funds = c;
        else if (xml_is(c, "grid"))
            grid = c;
    }
    for (xmlNodePtr c = funds ? funds->children : NULL; c && f->nrows < MAX_ROWS; c = c->next)
        if (xml_is(c, "fund"))
            read_row(ctx, f, c, grid);
    return f;
}

void funds_free(funds_form *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->nrows; i++) {
        for (int s = 0; s < f->rows[i].ns; s++)
            free(f->rows[i].s[s].text);
        free(f->rows[i].placements);
    }
    free(f);
}

/* Five rules read every form's funds rows (rate, balance, score, sources, projects): each
 * form is read once a run, for all of them. */
typedef struct funds_cache {
    struct {
        xmlNodePtr perf;
        funds_form *funds;
    } *forms;
    size_t n, cap;
} funds_cache;

const funds_form *vrun_funds(vrun *v, xmlNodePtr perf)
{
    funds_cache *c = v->funds;
    if (!c && !(c = v->funds = calloc(1, sizeof *c)))
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->forms[i].perf == perf)
            return c->forms[i].funds;
    void *forms = array_grow(c->forms, &c->cap, c->n + 1, sizeof *c->forms);
    if (!forms)
        return NULL;
    c->forms = forms;
    funds_form *f = funds_read(v->ctx, perf);
    if (!f)
        return NULL;
    c->forms[c->n].perf = perf;
    c->forms[c->n++].funds = f;
    return f;
}

void funds_cache_free(void *cache)
{
    funds_cache *c = cache;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        funds_free(c->forms[i].funds);
    free(c->forms);
    free(c);
}

size_t funds_count(const funds_form *f)
{
    return (size_t)f->nrows;
}

xmlNodePtr funds_row(const funds_form *f, size_t i)
{
    return f->rows[i].fund;
}

/* The reading of row r with placement p under assignment a. */
static void reading_of(const funds_form *f, const row *r, const int *p, const int *a,
                       fund_reading *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < F_NFIELDS; k++) {
        if (p[k] < 0)
            continue;
        const slot *s = &r->s[p[k]];
        out->have[k] = true;
        out->v[k] = s->string >= 0 ? f->u[s->string].r[a[s->string]] : s->value;
        out->node[k] = s->amt;
    }
}

bool funds_each(const funds_form *f, const size_t *rows, size_t n, funds_fn fn, void *arg,
                funds_doubt *doubt)
{
    memset(doubt, 0, sizeof *doubt);
    if (f->too_many || n > 8)
        return false;
    /* the uncertain strings these rows print */
    bool used[MAX_STRINGS] = {false};
    for (size_t i = 0; i < n; i++) {
        const row *r = &f->rows[rows[i]];
        if (!r->nplacements)
            return false;
        doubt->placement |= r->nplacements > 1;
        for (int p = 0; p < r->nplacements; p++)
            for (int k = 0; k < F_NFIELDS; k++)
                if (r->placements[p][k] >= 0 && r->s[r->placements[p][k]].string >= 0)
                    used[r->s[r->placements[p][k]].string] = true;
    }
    for (int u = 0; u < f->nu; u++)
        if (used[u] && doubt->nstrings < 4)
            doubt->strings[doubt->nstrings++] = f->u[u].text;
    /* every assignment of the used strings × every placement of each row */
    int a[MAX_STRINGS] = {0}, pi[8] = {0};
    long combos = 1;
    for (int u = 0; u < f->nu; u++)
        combos *= used[u] ? f->u[u].nr : 1;
    for (size_t i = 0; i < n; i++)
        combos *= f->rows[rows[i]].nplacements;
    if (combos > 4096)
        return false;
    fund_reading rd[8];
    for (long c = 0; c < combos; c++) {
        long rest = c;
        for (int u = 0; u < f->nu; u++) {
            int nr = used[u] ? f->u[u].nr : 1;
            a[u] = (int)(rest % nr);
            rest /= nr;
        }
        for (size_t i = 0; i < n; i++) {
            const row *r = &f->rows[rows[i]];
            pi[i] = (int)(rest % r->nplacements);
            rest /= r->nplacements;
            reading_of(f, r, r->placements[pi[i]], a, &rd[i]);
        }
        doubt->readings++;
        if (!fn(rd, n, c == 0, arg))
            break;
    }
    return true;
}
