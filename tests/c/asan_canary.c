/* Proves that the ASan build instruments the Rust code too: the caller lies
 * about the buffer size (an undetectable contract violation in a plain
 * build), and ASan must report the overflowing write inside authparse's Rust
 * decoder. `make c-test-asan` expects this program to fail with that report. */
#include <stdlib.h>

#include "authparse.h"

int main(void) {
    uint8_t *buf = malloc(4);
    authparse_str out;
    size_t needed = 0;
    /* 9 bytes decoded, 4 allocated, 16 claimed. */
    authparse_status st =
        authparse_base64_decode_lenient((const uint8_t *)"dXNlcjpwYXNz", 12, buf, 16, &out, &needed);
    free(buf);
    return (int)st;
}
