#!/usr/bin/env bash
# The C ABI (ffi/, include/authparse.h): header freshness and C99/C++17
# compile, the release libraries, the C unit and conformance tests plainly,
# under valgrind and under ASan+UBSan (with the Rust staticlib instrumented
# too), the no-panic link test, and the README example built through
# pkg-config after `make install` into a temporary prefix; and the bare-metal
# no_std staticlib (`--cfg authparse_panic_handler`) for a Cortex-M4F target.
# `make header-check` also checks the header's reading order
# (tests/c/header_order.py).
. "$(dirname "$0")/../lib/common.sh"

# Tools the C tests need (scripts/setup.sh installs them; this keeps the step
# runnable on its own on a Debian machine).
missing=()
for pkg in gcc make pkg-config clang libclang-rt-14-dev valgrind python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    printf '!! could not install %s\n' "${missing[*]}"
fi
if ! cbindgen --version 2>/dev/null | grep -q '^cbindgen 0\.29\.2$'; then
  run cargo +stable install --locked cbindgen --version =0.29.2
fi

run make header-check
run make header-compile
run make lib
run make c-test
run make c-test-valgrind
run make c-test-asan NIGHTLY="$NIGHTLY"
run make link-test-no-panic
run make example
# Bare metal: the no_std staticlib with the spinning panic handler.
run cargo rustc -p authparse-ffi --no-default-features --target thumbv7em-none-eabihf --release \
  --crate-type staticlib --target-dir target/ffi-bare -- --cfg authparse_panic_handler
finish
