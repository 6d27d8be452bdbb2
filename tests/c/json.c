#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p, *end;
} reader;

static void skip_ws(reader *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static json *new_value(json_kind kind) {
    json *v = calloc(1, sizeof *v);
    if (v) v->kind = kind;
    return v;
}

static json *parse_value(reader *r);

static int hex4(reader *r, unsigned *out) {
    unsigned v = 0;
    int i;
    if (r->end - r->p < 4) return 0;
    for (i = 0; i < 4; i++) {
        char c = *r->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *out, unsigned cp) {
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parses a string after its opening quote into a malloc'd buffer. */
static char *parse_string(reader *r, size_t *len_out) {
    /* Escapes never expand: \uXXXX (6 bytes) gives at most 3, a pair 4. */
    char *out = malloc((size_t)(r->end - r->p) + 1);
    size_t n = 0;
    if (!out) return NULL;
    while (r->p < r->end) {
        char c = *r->p++;
        if (c == '"') {
            out[n] = '\0';
            *len_out = n;
            return out;
        }
        if ((unsigned char)c < 0x20) break;
        if (c != '\\') { out[n++] = c; continue; }
        if (r->p >= r->end) break;
        c = *r->p++;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = c; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(r, &cp)) goto fail;
            if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
                r->p += 2;
                if (!hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF) goto fail;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            n += put_utf8(out + n, cp);
            break;
        }
        default: goto fail;
        }
    }
fail:
    free(out);
    return NULL;
}

static int push(json *container, json *item, char *key) {
    json **items = realloc(container->items, (container->count + 1) * sizeof *items);
    if (!items) return 0;
    container->items = items;
    if (container->kind == JSON_OBJECT) {
        char **keys = realloc(container->keys, (container->count + 1) * sizeof *keys);
        if (!keys) return 0;
        container->keys = keys;
        keys[container->count] = key;
    }
    items[container->count++] = item;
    return 1;
}

static json *parse_container(reader *r, json_kind kind, char close) {
    json *v = new_value(kind);
    if (!v) return NULL;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) { r->p++; return v; }
    for (;;) {
        char *key = NULL;
        json *item;
        skip_ws(r);
        if (kind == JSON_OBJECT) {
            size_t klen;
            if (r->p >= r->end || *r->p != '"') goto fail;
            r->p++;
            key = parse_string(r, &klen);
            if (!key) goto fail;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') { free(key); goto fail; }
            r->p++;
        }
        item = parse_value(r);
        if (!item || !push(v, item, key)) { free(key); json_free(item); goto fail; }
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == close) { r->p++; return v; }
        goto fail;
    }
fail:
    json_free(v);
    return NULL;
}

static int literal(reader *r, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) return 0;
    r->p += n;
    return 1;
}

static json *parse_value(reader *r) {
    json *v;
    skip_ws(r);
    if (r->p >= r->end) return NULL;
    switch (*r->p) {
    case '{': r->p++; return parse_container(r, JSON_OBJECT, '}');
    case '[': r->p++; return parse_container(r, JSON_ARRAY, ']');
    case '"':
        r->p++;
        v = new_value(JSON_STRING);
        if (v && !(v->string = parse_string(r, &v->len))) { free(v); v = NULL; }
        return v;
    case 't': if (!literal(r, "true")) return NULL; v = new_value(JSON_BOOL); if (v) v->boolean = true; return v;
    case 'f': if (!literal(r, "false")) return NULL; return new_value(JSON_BOOL);
    case 'n': if (!literal(r, "null")) return NULL; return new_value(JSON_NULL);
    default: {
        char tmp[64];
        size_t n = 0;
        char *endp;
        while (r->p + n < r->end && n < sizeof tmp - 1 && strchr("+-.0123456789eE", r->p[n])) n++;
        if (n == 0) return NULL;
        memcpy(tmp, r->p, n);
        tmp[n] = '\0';
        v = new_value(JSON_NUMBER);
        if (!v) return NULL;
        v->number = strtod(tmp, &endp);
        if (endp != tmp + n) { free(v); return NULL; }
        /* The source text too (re-serialising a number byte-exactly). */
        v->string = malloc(n + 1);
        if (!v->string) { free(v); return NULL; }
        memcpy(v->string, tmp, n + 1);
        v->len = n;
        r->p += n;
        return v;
    }
    }
}

json *json_parse(const char *text, size_t len) {
    reader r = {text, text + len};
    json *v = parse_value(&r);
    skip_ws(&r);
    if (v && r.p != r.end) { json_free(v); return NULL; }
    return v;
}

void json_free(json *v) {
    size_t i;
    if (!v) return;
    for (i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

const json *json_get(const json *o, const char *key) {
    size_t i;
    if (!o || o->kind != JSON_OBJECT) return NULL;
    for (i = 0; i < o->count; i++)
        if (strcmp(o->keys[i], key) == 0) return o->items[i];
    return NULL;
}

bool json_equal(const json *a, const json *b) {
    size_t i;
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case JSON_NULL: return true;
    case JSON_BOOL: return a->boolean == b->boolean;
    case JSON_NUMBER: return a->number == b->number;
    case JSON_STRING: return a->len == b->len && memcmp(a->string, b->string, a->len) == 0;
    case JSON_ARRAY:
        if (a->count != b->count) return false;
        for (i = 0; i < a->count; i++)
            if (!json_equal(a->items[i], b->items[i])) return false;
        return true;
    case JSON_OBJECT:
        if (a->count != b->count) return false;
        for (i = 0; i < a->count; i++)
            if (!json_equal(a->items[i], json_get(b, a->keys[i]))) return false;
        return true;
    }
    return false;
}

size_t json_latin1_bytes(const json *s, unsigned char *out) {
    size_t i = 0, n = 0;
    const unsigned char *p = (const unsigned char *)s->string;
    while (i < s->len) {
        if (p[i] < 0x80) {
            out[n++] = p[i++];
        } else if ((p[i] & 0xE0) == 0xC0 && i + 1 < s->len && p[i] <= 0xC3) {
            out[n++] = (unsigned char)(((p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F));
            i += 2;
        } else {
            return (size_t)-1;
        }
    }
    return n;
}
