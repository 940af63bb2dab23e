/* strmap.c — string → int hash map with open addressing (FNV-1a). Used to index code
 * lists and facts so that lookups stay O(1) (issue 3 "linear in the number of facts"). */
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct strmap {
    char **keys;
    int *values;
    size_t cap;   /* power of two */
    size_t count;
};

uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

strmap *strmap_new(void)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->values = calloc(m->cap, sizeof *m->values);
    if (!m->keys || !m->values) {
        free(m->keys);
        free(m->values);
        free(m);
        return NULL;
    }
    return m;
}

void strmap_free(strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->values);
    free(m);
}

static size_t slot_of(char **keys, size_t cap, const char *key)
{
    size_t i = (size_t)str_hash(key) & (cap - 1);
    while (keys[i] && strcmp(keys[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static bool grow(strmap *m)
{
    size_t cap = m->cap * 2;
    char **keys = calloc(cap, sizeof *keys);
    int *values = calloc(cap, sizeof *values);
    if (!keys || !values) {
        free(keys);
        free(values);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot_of(keys, cap, m->keys[i]);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return true;
}

bool strmap_put(strmap *m, const char *key, int value)
{
    if ((m->count + 1) * 2 > m->cap && !grow(m))
        return false;
    size_t i = slot_of(m->keys, m->cap, key);
    if (!m->keys[i]) {
        m->keys[i] = strdup(key);
        if (!m->keys[i])
            return false;
        m->count++;
    }
    m->values[i] = value;
    return true;
}

bool strmap_get(const strmap *m, const char *key, int *value)
{
    if (!m)
        return false;
    size_t i = slot_of(m->keys, m->cap, key);
    if (!m->keys[i])
        return false;
    if (value)
        *value = m->values[i];
    return true;
}

