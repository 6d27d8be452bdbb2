/* What the C tests share: the view macros, CHECK / CHECK_ST counting into
 * `checks` and `failures`, and `eq` (a view equals a C string). Each test
 * is its own program, so the static counters are per program. */
#ifndef AUTHPARSE_TEST_CHECK_H
#define AUTHPARSE_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

#include "authparse.h"

#define S(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)
#define V(lit) ((authparse_str){(const uint8_t *)(lit), sizeof(lit) - 1})

static unsigned checks, failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);                              \
        }                                                                                          \
    } while (0)
#define CHECK_ST(call, want)                                                                       \
    do {                                                                                           \
        authparse_status st_ = (call);                                                             \
        checks++;                                                                                  \
        if (st_ != (want)) {                                                                       \
            failures++;                                                                            \
            printf("%s:%d: %s -> %u (%s), want %s\n", __FILE__, __LINE__, #call, (unsigned)st_,    \
                   authparse_status_str(st_), #want);                                              \
        }                                                                                          \
    } while (0)

static int eq(authparse_str v, const char *text) {
    size_t n = strlen(text);
    return v.len == n && (n == 0 || memcmp(v.ptr, text, n) == 0);
}

#endif
