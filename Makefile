# C ABI of authparse: build, install, header and C tests.
#
#   make lib                 release libauthparse.a + libauthparse.so (target/release)
#   make install PREFIX=...  include/authparse.h, lib/libauthparse.{a,so}, lib/pkgconfig/authparse.pc
#   make header              regenerate include/authparse.h with cbindgen
#   make header-check        fail if include/authparse.h is stale or out of reading order
#                            (status, views, request, outcome, schemes, forms, scopes,
#                            codecs, OpenAPI: tests/c/header_order.py; read-only check)
#   make header-compile      the header compiles as C99 and C++17 with -Werror
#   make c-test              C unit + conformance tests against the release staticlib
#   make c-test-valgrind     the same under valgrind (leaks and invalid accesses are errors)
#   make c-test-asan         ASan+UBSan: the staticlib built with -Zsanitizer=address (nightly)
#   make link-test-no-panic  link every entry point against a no_std release staticlib
#                            whose panic handler calls an undefined symbol
#                            (`--cfg authparse_link_test_no_panic`)
#   make example             pkg-config install into a temporary prefix, build and run the README example
#
# Panics: the workspace sets `panic = "abort"` in [profile.dev] and
# [profile.release] (cargo keeps unwinding for test targets, so `cargo test`
# is unaffected). Should that ever be removed, build the library with
# RUSTFLAGS="-C panic=abort"; nothing may unwind into C either way.

CARGO       ?= cargo
NIGHTLY     ?= nightly
CBINDGEN    ?= cbindgen
CC          ?= cc
CXX         ?= c++
CLANG       ?= clang
PREFIX      ?= /usr/local
DESTDIR     ?=
TARGET_DIR  ?= target
BUILD       ?= build/c
HOST_TARGET ?= x86_64-unknown-linux-gnu

RELEASE      := $(TARGET_DIR)/release
STATICLIB    := $(RELEASE)/libauthparse.a
ASAN_DIR     := $(TARGET_DIR)/asan
ASAN_LIB     := $(ASAN_DIR)/$(HOST_TARGET)/debug/libauthparse.a
NOPANIC_DIR  := $(TARGET_DIR)/nopanic
NOPANIC_LIB  := $(NOPANIC_DIR)/release/libauthparse.a
VERSION      := $(shell sed -n 's/^version = "\(.*\)"/\1/p' ffi/Cargo.toml | head -n 1)
# What `rustc --print native-static-libs` lists for the hosted staticlib (minus -lc).
LIBS_PRIVATE := -lgcc_s -lutil -lrt -lpthread -lm -ldl

CWARN   := -Wall -Wextra -Wpedantic -Werror
CFLAGS  ?= -std=c99 $(CWARN) -O1 -g
C_TESTS := $(BUILD)/unit $(BUILD)/conformance $(BUILD)/digest
CASES   := tests/data/fastapi-public.jsonl tests/data/fastapi-multipart-public.jsonl \
           tests/data/fastapi-multipart-corpus.jsonl tests/data/fastapi-multipart-generated.jsonl
HEADER_CMD = $(CBINDGEN) --quiet --config ffi/cbindgen.toml --crate authparse-ffi --output

.PHONY: all lib header header-check header-compile install c-test c-test-valgrind c-test-asan \
        link-test-no-panic example clean-c

all: lib

lib:
	$(CARGO) build --release -p authparse-ffi

header:
	$(HEADER_CMD) include/authparse.h ffi

header-check:
	@tmp=$$(mktemp) && $(HEADER_CMD) $$tmp ffi && \
	if cmp -s $$tmp include/authparse.h; then rm -f $$tmp; echo "include/authparse.h is up to date"; \
	else diff -u include/authparse.h $$tmp | head -n 40; rm -f $$tmp; \
	     echo "include/authparse.h is stale: run 'make header'"; exit 1; fi
	@python3 tests/c/header_order.py include/authparse.h

header-compile:
	@mkdir -p $(BUILD)
	printf '#include "authparse.h"\nint main(void) { return AUTHPARSE_STATUS_OK; }\n' > $(BUILD)/header.c
	cp $(BUILD)/header.c $(BUILD)/header.cpp
	$(CC) -std=c99 $(CWARN) -Iinclude -c $(BUILD)/header.c -o $(BUILD)/header-c.o
	$(CXX) -std=c++17 -Wall -Wextra -Werror -Iinclude -c $(BUILD)/header.cpp -o $(BUILD)/header-cpp.o

install: lib
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/authparse.h $(DESTDIR)$(PREFIX)/include/authparse.h
	install -m 644 $(STATICLIB) $(DESTDIR)$(PREFIX)/lib/libauthparse.a
	install -m 755 $(RELEASE)/libauthparse.so $(DESTDIR)$(PREFIX)/lib/libauthparse.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|g' ffi/authparse.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/authparse.pc

$(BUILD)/unit: tests/c/unit.c tests/c/check.h include/authparse.h lib
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -Iinclude tests/c/unit.c $(STATICLIB) $(LIBS_PRIVATE) -o $@

$(BUILD)/digest: tests/c/digest.c tests/c/check.h include/authparse.h lib
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -Iinclude tests/c/digest.c $(STATICLIB) $(LIBS_PRIVATE) -o $@

$(BUILD)/conformance: tests/c/conformance.c tests/c/json.c tests/c/json.h include/authparse.h lib
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -Iinclude tests/c/conformance.c tests/c/json.c $(STATICLIB) $(LIBS_PRIVATE) -o $@

c-test: $(C_TESTS)
	$(BUILD)/unit
	$(BUILD)/digest
	$(BUILD)/conformance $(CASES)

c-test-valgrind: $(C_TESTS)
	valgrind -q --error-exitcode=1 --leak-check=full $(BUILD)/unit
	valgrind -q --error-exitcode=1 --leak-check=full $(BUILD)/digest
	valgrind -q --error-exitcode=1 --leak-check=full $(BUILD)/conformance $(CASES)

# The staticlib with ASan instrumentation inside the Rust code too; the C
# side adds ASan+UBSan. Debian's clang links its ASan runtime
# (libclang-rt-14-dev), which accepts the instrumentation of nightly's LLVM.
c-test-asan:
	RUSTFLAGS="-Zsanitizer=address" $(CARGO) +$(NIGHTLY) rustc -p authparse-ffi \
	    --target $(HOST_TARGET) --target-dir $(ASAN_DIR) --crate-type staticlib
	@mkdir -p $(BUILD)
	$(CLANG) -std=c99 $(CWARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -Iinclude tests/c/unit.c $(ASAN_LIB) $(LIBS_PRIVATE) -o $(BUILD)/unit-asan
	$(CLANG) -std=c99 $(CWARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -Iinclude tests/c/conformance.c tests/c/json.c $(ASAN_LIB) \
	    $(LIBS_PRIVATE) -o $(BUILD)/conformance-asan
	$(CLANG) -std=c99 $(CWARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -Iinclude tests/c/digest.c $(ASAN_LIB) $(LIBS_PRIVATE) -o $(BUILD)/digest-asan
	$(CLANG) -g -fsanitize=address -Iinclude tests/c/asan_canary.c $(ASAN_LIB) $(LIBS_PRIVATE) \
	    -o $(BUILD)/asan-canary
	@if $(BUILD)/asan-canary 2> $(BUILD)/asan-canary.log; then \
	    echo "ASan canary: no report: the Rust code is not instrumented"; exit 1; fi
	@grep -q 'heap-buffer-overflow' $(BUILD)/asan-canary.log && grep -q 'in authparse::' $(BUILD)/asan-canary.log \
	    && echo "ASan canary: overflow reported inside the Rust code (instrumented)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(BUILD)/unit-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(BUILD)/digest-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(BUILD)/conformance-asan $(CASES)

# No panic path is reachable from the public entry points: the no_std
# release staticlib (fat LTO, one codegen unit: the optimiser sees
# everything) has a #[panic_handler] that calls `authparse_panic_reachable`,
# which nothing defines. tests/c/link_all.c calls every exported function;
# if any panic call survived optimisation, the link fails, and
# tests/c/panic_sites.py prints the chains from the panic to the entry points.
link-test-no-panic:
	CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
	$(CARGO) rustc --release -p authparse-ffi --crate-type staticlib --target-dir $(NOPANIC_DIR) \
	    -- --cfg authparse_link_test_no_panic
	@mkdir -p $(BUILD)
	@if $(CC) -std=c99 $(CWARN) -O2 -Iinclude tests/c/link_all.c tests/c/link_digest.c $(NOPANIC_LIB) -Wl,--gc-sections \
	    -o $(BUILD)/link-all; then \
	    $(BUILD)/link-all && echo "no-panic link test: OK (no panic path reachable from any entry point)"; \
	else \
	    echo "no-panic link test: FAILED, panic paths reachable from these entry points:"; \
	    printf 'void authparse_panic_reachable(void) { for (;;) {} }\n' > $(BUILD)/panic_stub.c; \
	    $(CC) -O2 -Iinclude tests/c/link_all.c tests/c/link_digest.c $(BUILD)/panic_stub.c $(NOPANIC_LIB) -Wl,--gc-sections \
	        -o $(BUILD)/link-all-stub && python3 tests/c/panic_sites.py $(BUILD)/link-all-stub; \
	    exit 1; \
	fi

# The README's C example, built exactly as ffi/README.md shows via pkg-config.
example:
	@awk '/^```c$$/{on=1;next} /^```$$/{on=0} on' ffi/README.md | cmp -s - tests/c/example.c || \
	    { echo "ffi/README.md's example differs from tests/c/example.c"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory install PREFIX=$$tmp >/dev/null && \
	export PKG_CONFIG_PATH=$$tmp/lib/pkgconfig && \
	echo "+ cc tests/c/example.c \$$(pkg-config --cflags --libs authparse)" && \
	cc tests/c/example.c $$(pkg-config --cflags --libs authparse) -o $$tmp/example && \
	LD_LIBRARY_PATH=$$tmp/lib $$tmp/example && \
	echo "+ static: cc tests/c/example.c ... libauthparse.a \$$(pkg-config --static --libs-only-l authparse | sed 's/-lauthparse//')" && \
	cc tests/c/example.c $$(pkg-config --cflags authparse) "$$(pkg-config --variable=libdir authparse)/libauthparse.a" \
	    $$(pkg-config --static --libs-only-l authparse | sed 's/-lauthparse//') -o $$tmp/example-static && \
	$$tmp/example-static

clean-c:
	rm -rf $(BUILD)
