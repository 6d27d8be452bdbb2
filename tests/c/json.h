/* A minimal JSON reader for the conformance runner: objects, arrays,
 * strings (all escapes; \uXXXX incl. surrogate pairs, decoded to UTF-8),
 * numbers, true/false/null. Not a general-purpose parser: no depth limit
 * beyond the C stack, numbers as double. */
#ifndef AUTHPARSE_TEST_JSON_H
#define AUTHPARSE_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_kind;

typedef struct json {
    json_kind kind;
    bool boolean;
    double number;
    char *string; /* UTF-8, NUL-terminated; `len` bytes (may contain NUL); for a number its source text */
    size_t len;
    struct json **items; /* array items or object values */
    char **keys;         /* object keys (UTF-8, NUL-terminated) */
    size_t count;
} json;

/* Parses `len` bytes of `text`; NULL on a syntax error or trailing junk. */
json *json_parse(const char *text, size_t len);
void json_free(json *value);
/* The value of `key` in an object, or NULL. */
const json *json_get(const json *object, const char *key);
/* Deep equality; object key order does not matter. */
bool json_equal(const json *a, const json *b);
/* Converts a string whose code points are all <= 0xFF (UTF-8 encoded in
 * `s`) back to bytes (Latin-1) into `out` (capacity `len`); returns the byte
 * count, or (size_t)-1 if a code point is above 0xFF. */
size_t json_latin1_bytes(const json *s, unsigned char *out);

#endif
