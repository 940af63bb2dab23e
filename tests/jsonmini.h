/* jsonmini.h — a small JSON parser and a JSON Schema validator for the subset gfa's schemas
 * in docs/ use (issue 12): type (one or a list), const, enum, properties, required,
 * additionalProperties (false or a schema), items, pattern (POSIX extended regular
 * expressions), minimum, minLength, $ref to "#/$defs/NAME". Anything else in a schema is
 * refused, so a schema cannot use a keyword this validator would silently skip. Test code:
 * no Python, no network. */
#ifndef GFA_JSONMINI_H
#define GFA_JSONMINI_H

#include <ctype.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum jm_type { JM_NULL, JM_BOOL, JM_NUMBER, JM_STRING, JM_ARRAY, JM_OBJECT } jm_type;

typedef struct jm_value {
    jm_type type;
    bool b;
    double num;
    bool integer;           /* a number written without fraction or exponent */
    char *str;              /* JM_STRING (UTF-8) */
    struct jm_value **items; /* JM_ARRAY elements, JM_OBJECT values */
    char **keys;            /* JM_OBJECT */
    size_t n;
} jm_value;

static void jm_free(jm_value *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jm_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

typedef struct jm_parser {
    const char *p;
    const char *err;
} jm_parser;

static void jm_ws(jm_parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static jm_value *jm_parse_value(jm_parser *ps, int depth);

static void jm_put_utf8(char **o, unsigned cp)
{
    char *q = *o;
    if (cp < 0x80) {
        *q++ = (char)cp;
    } else if (cp < 0x800) {
        *q++ = (char)(0xC0 | (cp >> 6));
        *q++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *q++ = (char)(0xE0 | (cp >> 12));
        *q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *q++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *q++ = (char)(0xF0 | (cp >> 18));
        *q++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *q++ = (char)(0x80 | (cp & 0x3F));
    }
    *o = q;
}

static char *jm_parse_string(jm_parser *ps)
{
    if (*ps->p != '"') {
        ps->err = "expected a string";
        return NULL;
    }
    ps->p++;
    char *out = malloc(strlen(ps->p) + 1), *q = out;
    while (*ps->p && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c < 0x20) {
            ps->err = "a raw control character in a string";
            free(out);
            return NULL;
        }
        if (c != '\\') {
            *q++ = (char)c;
            continue;
        }
        char e = *ps->p++;
        switch (e) {
        case '"': *q++ = '"'; break;
        case '\\': *q++ = '\\'; break;
        case '/': *q++ = '/'; break;
        case 'b': *q++ = '\b'; break;
        case 'f': *q++ = '\f'; break;
        case 'n': *q++ = '\n'; break;
        case 'r': *q++ = '\r'; break;
        case 't': *q++ = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int k = 0; k < 4; k++) {
                char h = *ps->p++;
                if (!isxdigit((unsigned char)h)) {
                    ps->err = "a bad \\u escape";
                    free(out);
                    return NULL;
                }
                cp = cp * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower(h) - 'a' + 10));
            }
            jm_put_utf8(&q, cp);
            break;
        }
        default:
            ps->err = "a bad escape";
            free(out);
            return NULL;
        }
    }
    if (*ps->p != '"') {
        ps->err = "an unterminated string";
        free(out);
        return NULL;
    }
    ps->p++;
    *q = '\0';
    return out;
}

static jm_value *jm_new(jm_type t)
{
    jm_value *v = calloc(1, sizeof *v);
    v->type = t;
    return v;
}

static bool jm_push(jm_value *v, char *key, jm_value *item)
{
    v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
    if (v->type == JM_OBJECT)
        v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
    v->items[v->n] = item;
    if (v->type == JM_OBJECT)
        v->keys[v->n] = key;
    v->n++;
    return true;
}

static jm_value *jm_parse_value(jm_parser *ps, int depth)
{
    jm_ws(ps);
    if (depth > 64) {
        ps->err = "nested too deep";
        return NULL;
    }
    const char *p = ps->p;
    if (*p == '{' || *p == '[') {
        bool obj = *p == '{';
        jm_value *v = jm_new(obj ? JM_OBJECT : JM_ARRAY);
        ps->p++;
        jm_ws(ps);
        if (*ps->p == (obj ? '}' : ']')) {
            ps->p++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            jm_ws(ps);
            if (obj) {
                if (!(key = jm_parse_string(ps))) {
                    jm_free(v);
                    return NULL;
                }
                jm_ws(ps);
                if (*ps->p++ != ':') {
                    ps->err = "expected ':'";
                    free(key);
                    jm_free(v);
                    return NULL;
                }
            }
            jm_value *item = jm_parse_value(ps, depth + 1);
            if (!item) {
                free(key);
                jm_free(v);
                return NULL;
            }
            jm_push(v, key, item);
            jm_ws(ps);
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == (obj ? '}' : ']')) {
                ps->p++;
                return v;
            }
            ps->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
            jm_free(v);
            return NULL;
        }
    }
    if (*p == '"') {
        char *s = jm_parse_string(ps);
        if (!s)
            return NULL;
        jm_value *v = jm_new(JM_STRING);
        v->str = s;
        return v;
    }
    if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
        jm_value *v = jm_new(JM_BOOL);
        v->b = *p == 't';
        ps->p += v->b ? 4 : 5;
        return v;
    }
    if (!strncmp(p, "null", 4)) {
        ps->p += 4;
        return jm_new(JM_NULL);
    }
    if (*p == '-' || isdigit((unsigned char)*p)) {
        char *end = NULL;
        double d = strtod(p, &end);
        jm_value *v = jm_new(JM_NUMBER);
        v->num = d;
        v->integer = !memchr(p, '.', (size_t)(end - p)) && !memchr(p, 'e', (size_t)(end - p)) &&
                     !memchr(p, 'E', (size_t)(end - p));
        ps->p = end;
        return v;
    }
    ps->err = "unexpected character";
    return NULL;
}

/* Parses a whole document; NULL with *err set (and *at the offset) on failure. */
static jm_value *jm_parse(const char *text, const char **err, size_t *at)
{
    jm_parser ps = {text, NULL};
    jm_value *v = jm_parse_value(&ps, 0);
    if (v) {
        jm_ws(&ps);
        if (*ps.p) {
            ps.err = "text after the value";
            jm_free(v);
            v = NULL;
        }
    }
    if (err)
        *err = ps.err;
    if (at)
        *at = (size_t)(ps.p - text);
    return v;
}

static jm_value *jm_get(const jm_value *obj, const char *key)
{
    if (!obj || obj->type != JM_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->keys[i], key))
            return obj->items[i];
    return NULL;
}

/* ---- the schema subset ---- */

typedef struct jm_check {
    const jm_value *root; /* the schema document, for $ref */
    char msg[512];        /* the first problem */
} jm_check;

static bool jm_fail(jm_check *c, const char *path, const char *what)
{
    if (!c->msg[0])
        snprintf(c->msg, sizeof c->msg, "%s: %s", *path ? path : "(root)", what);
    return false;
}

static bool jm_equal(const jm_value *a, const jm_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case JM_NULL: return true;
    case JM_BOOL: return a->b == b->b;
    case JM_NUMBER: return a->num == b->num;
    case JM_STRING: return !strcmp(a->str, b->str);
    default: return false; /* the subset compares scalars only */
    }
}

static bool jm_has_type(const jm_value *v, const char *t)
{
    if (!strcmp(t, "null")) return v->type == JM_NULL;
    if (!strcmp(t, "boolean")) return v->type == JM_BOOL;
    if (!strcmp(t, "string")) return v->type == JM_STRING;
    if (!strcmp(t, "array")) return v->type == JM_ARRAY;
    if (!strcmp(t, "object")) return v->type == JM_OBJECT;
    if (!strcmp(t, "number")) return v->type == JM_NUMBER;
    if (!strcmp(t, "integer")) return v->type == JM_NUMBER && v->integer;
    return false;
}

static size_t jm_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool jm_valid(jm_check *c, const jm_value *schema, const jm_value *v, const char *path);

static const char *const jm_known[] = {"$schema", "$id", "$defs", "title", "description", "type",
                                       "const", "enum", "properties", "required",
                                       "additionalProperties", "items", "pattern", "minimum",
                                       "minLength", "$ref", NULL};

static bool jm_valid(jm_check *c, const jm_value *schema, const jm_value *v, const char *path)
{
    if (!schema || schema->type != JM_OBJECT)
        return jm_fail(c, path, "the schema is not an object");
    for (size_t i = 0; i < schema->n; i++) {
        bool known = false;
        for (int k = 0; jm_known[k] && !known; k++)
            known = !strcmp(schema->keys[i], jm_known[k]);
        if (!known) {
            char m[128];
            snprintf(m, sizeof m, "the schema uses '%s', which this validator does not know",
                     schema->keys[i]);
            return jm_fail(c, path, m);
        }
    }
    const jm_value *ref = jm_get(schema, "$ref");
    if (ref) {
        const char *prefix = "#/$defs/";
        if (ref->type != JM_STRING || strncmp(ref->str, prefix, strlen(prefix)))
            return jm_fail(c, path, "only $ref #/$defs/NAME is supported");
        const jm_value *target = jm_get(jm_get(c->root, "$defs"), ref->str + strlen(prefix));
        if (!target)
            return jm_fail(c, path, "a $ref to nothing");
        if (!jm_valid(c, target, v, path))
            return false;
    }
    const jm_value *type = jm_get(schema, "type");
    if (type) {
        bool ok = false;
        if (type->type == JM_STRING)
            ok = jm_has_type(v, type->str);
        for (size_t i = 0; type->type == JM_ARRAY && i < type->n && !ok; i++)
            ok = jm_has_type(v, type->items[i]->str);
        if (!ok)
            return jm_fail(c, path, "wrong type");
    }
    const jm_value *cst = jm_get(schema, "const");
    if (cst && !jm_equal(cst, v))
        return jm_fail(c, path, "not the constant");
    const jm_value *en = jm_get(schema, "enum");
    if (en) {
        bool ok = false;
        for (size_t i = 0; i < en->n && !ok; i++)
            ok = jm_equal(en->items[i], v);
        if (!ok)
            return jm_fail(c, path, v->type == JM_STRING ? v->str : "not one of the enum");
    }
    const jm_value *pat = jm_get(schema, "pattern");
    if (pat && v->type == JM_STRING) {
        regex_t re;
        if (regcomp(&re, pat->str, REG_EXTENDED | REG_NOSUB) != 0)
            return jm_fail(c, path, "a pattern that does not compile");
        bool ok = regexec(&re, v->str, 0, NULL, 0) == 0;
        regfree(&re);
        if (!ok) {
            char m[256];
            snprintf(m, sizeof m, "'%.120s' does not match %s", v->str, pat->str);
            return jm_fail(c, path, m);
        }
    }
    const jm_value *minl = jm_get(schema, "minLength");
    if (minl && v->type == JM_STRING && (double)jm_utf8_len(v->str) < minl->num)
        return jm_fail(c, path, "too short");
    const jm_value *min = jm_get(schema, "minimum");
    if (min && v->type == JM_NUMBER && v->num < min->num)
        return jm_fail(c, path, "below the minimum");
    if (v->type == JM_OBJECT) {
        const jm_value *props = jm_get(schema, "properties");
        const jm_value *req = jm_get(schema, "required");
        const jm_value *addl = jm_get(schema, "additionalProperties");
        for (size_t i = 0; req && i < req->n; i++)
            if (!jm_get(v, req->items[i]->str)) {
                char m[128];
                snprintf(m, sizeof m, "'%s' is required", req->items[i]->str);
                return jm_fail(c, path, m);
            }
        for (size_t i = 0; i < v->n; i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, v->keys[i]);
            const jm_value *ps = jm_get(props, v->keys[i]);
            if (ps) {
                if (!jm_valid(c, ps, v->items[i], sub))
                    return false;
            } else if (addl && addl->type == JM_BOOL && !addl->b) {
                return jm_fail(c, sub, "not allowed (additionalProperties false)");
            } else if (addl && addl->type == JM_OBJECT && !jm_valid(c, addl, v->items[i], sub)) {
                return false;
            }
        }
    }
    const jm_value *items = jm_get(schema, "items");
    if (items && v->type == JM_ARRAY)
        for (size_t i = 0; i < v->n; i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%zu", path, i);
            if (!jm_valid(c, items, v->items[i], sub))
                return false;
        }
    return true;
}

/* Validates a parsed document against a parsed schema; false with the first problem in
 * msg (a JSON-pointer-like path and what is wrong). */
static bool jm_validate(const jm_value *schema, const jm_value *doc, char *msg, size_t cap)
{
    jm_check c = {schema, ""};
    bool ok = jm_valid(&c, schema, doc, "");
    snprintf(msg, cap, "%s", c.msg);
    return ok;
}

/* The same against one definition of the schema's $defs (a line of JSON Lines). */
static bool jm_validate_def(const jm_value *schema, const char *def, const jm_value *doc,
                            char *msg, size_t cap)
{
    jm_check c = {schema, ""};
    const jm_value *d = jm_get(jm_get(schema, "$defs"), def);
    bool ok = d ? jm_valid(&c, d, doc, "") : jm_fail(&c, "", "no such definition");
    snprintf(msg, cap, "%s", c.msg);
    return ok;
}

#endif
