#!/usr/bin/env bash
# Bare-metal panic-freedom and budgets (budgets.toml, README "Flash and stack
# budgets"):
#  1. The reference firmware (examples/embedded/cortex-m, bins ref-*: (a)
#     Basic+Bearer, (b) every header class, (c) everything in both profiles,
#     (d) Digest verification with feature digest-verify)
#     for thumbv7em and thumbv6m at opt-level "z" and "s" with LTO. Its panic
#     handler calls an undefined symbol: a link error means a panic path
#     survived, and the chain to it is printed.
#  2. The C staticlib (no_std, same undefined-symbol panic handler) for
#     thumbv7em at "z", linked by arm-none-eabi-gcc with tests/c/link_all.c
#     (every entry point) and with examples/embedded/c/main.c; both run in
#     QEMU mps2-an386 (the C checks: Basic, Bearer, cookie, query, password
#     form, the rendered 401).
#  3. Stack use per public entry point by stack painting in QEMU
#     (bin `stack`, mps2-an386 and microbit), and the answers of (d) to real
#     Digest requests (bin `digest-check`: a replayed nonce count gets
#     `stale=true`), on both boards.
#  4. examples/embedded/budgets.py prints the tables and fails on a figure
#     over its ceiling.
. "$(dirname "$0")/../lib/common.sh"
t0=$(date +%s)

FW=(--manifest-path examples/embedded/Cargo.toml -p authparse-cortex-m)
FW_TARGET_DIR="$ROOT/target/embedded"
REF_BINS=(--bin ref-empty --bin ref-basic-bearer --bin ref-headers --bin ref-everything --bin ref-digest)
LOGS="$ROOT/target/embedded/logs"
mkdir -p "$LOGS"
QEMU_COMMON=(-nographic -semihosting-config enable=on,target=native)

panic_chains() { # target profile
  local target="$1" profile="$2" bin
  for bin in ref-basic-bearer ref-headers ref-everything ref-digest stack digest-check; do
    printf '\n!! %s (%s, %s): panic paths, if any:\n' "$bin" "$target" "$profile"
    cargo rustc -q "${FW[@]}" --target-dir "$FW_TARGET_DIR" --profile "$profile" --target "$target" \
      --bin "$bin" -- -C link-arg=--defsym=authparse_panic_reachable=0 &&
      OBJDUMP=arm-none-eabi-objdump python3 tests/c/panic_sites.py "$FW_TARGET_DIR/$target/$profile/$bin"
    rm -f "$FW_TARGET_DIR/$target/$profile/$bin"   # never measure a stubbed build
  done
}

# 1. Reference firmware: 2 targets x 2 levels, one cargo invocation each.
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
  for profile in release-z release; do
    extra=()
    [ "$profile" = release-z ] && extra=(--bin stack --bin digest-check)
    if ! run cargo build "${FW[@]}" --target-dir "$FW_TARGET_DIR" --profile "$profile" \
         --target "$target" --keep-going "${REF_BINS[@]}" "${extra[@]}"; then
      panic_chains "$target" "$profile"
    fi
  done
done

# 2. The C staticlib at "z" for Cortex-M4F, linked and run from C.
CLIB_DIR="$ROOT/target/ffi-bare-z"
CLIB="$CLIB_DIR/thumbv7em-none-eabihf/release/libauthparse.a"
C_OUT="$ROOT/build/cortex-m"
mkdir -p "$C_OUT"
CFLAGS_M4=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -ffunction-sections
           -fdata-sections -std=c99 -Wall -Wextra -Werror -Iinclude)
LDFLAGS_M4=(--specs=rdimon.specs -nostartfiles -Texamples/embedded/c/mps2-an386.ld
            -Wl,--gc-sections -Wl,--no-warn-execstack)
qemu_m4() { # elf log
  printf '+ qemu-system-arm -machine mps2-an386 -kernel %s\n' "${1#"$ROOT"/}"
  local rc=0
  timeout 30 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 "${QEMU_COMMON[@]}" -kernel "$1" \
    </dev/null >"$2" 2>&1 || rc=$?
  sed 's/^/    | /' "$2"
  return "$rc"
}
if CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
   run cargo rustc --release -p authparse-ffi --no-default-features --crate-type staticlib \
     --target thumbv7em-none-eabihf --target-dir "$CLIB_DIR" -- --cfg authparse_link_test_no_panic; then
  if run arm-none-eabi-gcc "${CFLAGS_M4[@]}" tests/c/link_all.c examples/embedded/c/startup.c "$CLIB" \
       "${LDFLAGS_M4[@]}" -o "$C_OUT/link-all.elf"; then
    echo "no-panic link test (C, thumbv7em, opt-level z): OK"
    qemu_m4 "$C_OUT/link-all.elf" "$LOGS/c-link-all.log" ||
      { echo "!! link_all.c failed on mps2-an386"; _step_failures=$((_step_failures + 1)); }
  else
    echo "!! the C staticlib keeps a panic path at opt-level z (undefined authparse_panic_reachable above)"
  fi
  if run arm-none-eabi-gcc "${CFLAGS_M4[@]}" examples/embedded/c/startup.c examples/embedded/c/main.c \
       "$CLIB" "${LDFLAGS_M4[@]}" -o "$C_OUT/c-checks.elf"; then
    if qemu_m4 "$C_OUT/c-checks.elf" "$LOGS/c-checks.log" && grep -q '^PASS: ' "$LOGS/c-checks.log" &&
       ! grep -q FAIL "$LOGS/c-checks.log"; then
      echo "ok: C checks passed on mps2-an386"
    else
      echo "!! C checks failed on mps2-an386"; _step_failures=$((_step_failures + 1))
    fi
  fi
fi

# 3. Stack painting in QEMU.
stack_logs=()
for board in "thumbv7em-none-eabihf:mps2-an386:cortex-m4" "thumbv6m-none-eabi:microbit:cortex-m0"; do
  IFS=: read -r target machine cpu <<<"$board"
  elf="$FW_TARGET_DIR/$target/release-z/stack"
  [ -e "$elf" ] || continue
  log="$LOGS/stack-$target.log"
  echo "$target" >"$log"
  printf '+ qemu-system-arm -machine %s -kernel %s\n' "$machine" "${elf#"$ROOT"/}"
  if timeout 60 qemu-system-arm -machine "$machine" -cpu "$cpu" "${QEMU_COMMON[@]}" -kernel "$elf" \
       </dev/null >>"$log" 2>&1; then
    stack_logs+=("$log")
  else
    sed 's/^/    | /' "$log"
    echo "!! stack firmware failed on $machine"; _step_failures=$((_step_failures + 1))
  fi
done

# The Digest answers of (d) (src/bin/digest-check.rs) on both boards.
for board in "thumbv7em-none-eabihf:mps2-an386:cortex-m4" "thumbv6m-none-eabi:microbit:cortex-m0"; do
  IFS=: read -r target machine cpu <<<"$board"
  elf="$FW_TARGET_DIR/$target/release-z/digest-check"
  log="$LOGS/digest-check-$target.log"
  printf '+ qemu-system-arm -machine %s -kernel %s\n' "$machine" "${elf#"$ROOT"/}"
  if [ -e "$elf" ] && timeout 30 qemu-system-arm -machine "$machine" -cpu "$cpu" "${QEMU_COMMON[@]}" \
       -kernel "$elf" </dev/null >"$log" 2>&1 && grep -q '^PASS: ' "$log" && ! grep -q FAIL "$log"; then
    sed 's/^/    | /' "$log"
  else
    [ -e "$log" ] && sed 's/^/    | /' "$log"
    echo "!! digest-check failed on $machine"; _step_failures=$((_step_failures + 1))
  fi
done

# 4. The budget tables.
printf '\n== budgets.toml (authparse share of the reference firmware = ref-* minus ref-empty)\n'
run python3 examples/embedded/budgets.py budgets.toml "$FW_TARGET_DIR" "${stack_logs[@]}"
printf 'firmware budgets step: %ss\n' "$(($(date +%s) - t0))"
finish
