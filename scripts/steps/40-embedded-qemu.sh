#!/usr/bin/env bash
# Builds the self-check firmware (examples/embedded/selfcheck.rs, which also
# runs every public conformance case of tests/data/fastapi-public.jsonl,
# embedded at build time: examples/embedded/conformance.rs) for three
# Cortex-M cores (examples/embedded/cortex-m) and for RV32IMC
# (examples/embedded/riscv) and runs each in QEMU with semihosting: the run
# must exit 0 and print `PASS:` with no `FAIL`. A build with the
# `force-failure` feature (one check and one conformance case flipped) must
# exit 1 and name the case (proves a disagreement reaches the host). The
# defmt variant (bin defmt-log, feature defmt) runs on mps2-an386 and its
# output, decoded by defmt-print, must show lengths and no credential bytes.
# Prints flash/RAM use.
. "$(dirname "$0")/../lib/common.sh"

FW_DIR=examples/embedded/cortex-m
FW_MANIFEST="$FW_DIR/Cargo.toml"
FW_TARGET_DIR="$ROOT/target/embedded"
QEMU_COMMON=(-nographic -semihosting-config enable=on,target=native)

# target:qemu-machine:qemu-cpu
BOARDS=(
  "thumbv7m-none-eabi:lm3s6965evb:cortex-m3"
  "thumbv7em-none-eabihf:mps2-an386:cortex-m4"
  "thumbv6m-none-eabi:microbit:cortex-m0"
)

fw_build() { # target-dir target [extra cargo args]
  local dir="$1" target="$2"; shift 2
  run cargo build --manifest-path "$FW_MANIFEST" --target-dir "$dir" \
    --release --target "$target" --bin authparse-cortex-m "$@"
}

RV_MANIFEST=examples/embedded/riscv/Cargo.toml
RV_TARGET=riscv32imc-unknown-none-elf

qemu_run() { # machine cpu elf expected_rc
  local machine="$1" cpu="$2" elf="$3" expected="$4" out rc qemu
  qemu=(qemu-system-arm -machine "$machine" -cpu "$cpu")
  [ "$machine" = virt ] && qemu=(qemu-system-riscv32 -machine virt -bios none)
  printf '+ timeout 30 %s %s -kernel %s\n' "${qemu[*]}" "${QEMU_COMMON[*]}" "${elf#"$ROOT"/}"
  rc=0
  out="$(timeout 30 "${qemu[@]}" "${QEMU_COMMON[@]}" -kernel "$elf" </dev/null 2>&1)" || rc=$?
  printf '%s\n' "$out" | sed 's/^/    | /'
  if [ "$rc" -ne "$expected" ]; then
    printf '!! %s: exit status %s, expected %s%s\n' "$machine" "$rc" "$expected" \
      "$([ "$rc" = 124 ] && echo ' (timed out after 30 s)')"
    _step_failures=$((_step_failures + 1))
    return 1
  fi
  if [ "$expected" -eq 0 ]; then
    if ! grep -q '^PASS: ' <<<"$out" || grep -q 'FAIL' <<<"$out"; then
      printf '!! %s: exit 0 but the output lacks PASS or has FAIL\n' "$machine"
      _step_failures=$((_step_failures + 1))
      return 1
    fi
  elif ! grep -q '^FAIL' <<<"$out" || ! grep -q '^FAIL conformance case ' <<<"$out"; then
    printf '!! %s: expected FAIL lines (a check and a conformance case) in the output\n' "$machine"
    _step_failures=$((_step_failures + 1))
    return 1
  fi
  printf 'ok: %s exited %s as expected\n' "$machine" "$rc"
}

run cargo clippy --manifest-path "$FW_MANIFEST" --target-dir "$FW_TARGET_DIR" \
  --target thumbv7m-none-eabi -- -D warnings
run cargo clippy --manifest-path examples/embedded/riscv/Cargo.toml --target-dir "$FW_TARGET_DIR" \
  --target riscv32imc-unknown-none-elf -- -D warnings

sizes=()
for board in "${BOARDS[@]}"; do
  IFS=: read -r target machine cpu <<<"$board"
  printf '\n== %s on %s (%s)\n' "$target" "$machine" "$cpu"
  fw_build "$FW_TARGET_DIR" "$target" || continue
  elf="$FW_TARGET_DIR/$target/release/authparse-cortex-m"
  qemu_run "$machine" "$cpu" "$elf" 0
  sizes+=("$elf")
done

printf '\n== %s on virt (RV32IMC)\n' "$RV_TARGET"
if run cargo build --manifest-path "$RV_MANIFEST" --target-dir "$FW_TARGET_DIR" \
     --release --target "$RV_TARGET"; then
  elf="$FW_TARGET_DIR/$RV_TARGET/release/authparse-riscv"
  qemu_run virt - "$elf" 0
  sizes+=("$elf")
fi

printf '\n== defmt variant on mps2-an386, decoded by defmt-print\n'
# The credentials defmt-log.rs sends through authparse; none may be printed.
SECRETS=(aladdin opensesame YWxhZGRp s3cr mF_9 q-1 q%2D1 johndoe hunter2 Mufasa 8ca523f5)
# What the decoded log must show instead: their lengths.
LENGTHS=('username: 7 bytes, password: 10 bytes' 'cookie: Ok(Credentials(Secret(6 bytes)))'
         'query: Ok(Credentials(Secret(3 bytes)))' 'username_len: 7' 'credentials: Secret(15 bytes)'
         'name: response, value: 32 bytes' 'reason: MalformedCredentials'
         'Invalid([PatternMismatch(7 bytes), Missing(Password)])')
if run cargo build --manifest-path "$FW_MANIFEST" --target-dir "$FW_TARGET_DIR" --release \
     --target thumbv7em-none-eabihf --features defmt --bin defmt-log; then
  elf="$FW_TARGET_DIR/thumbv7em-none-eabihf/release/defmt-log"
  printf '+ qemu-system-arm -machine mps2-an386 -kernel %s | defmt-print -e %s\n' "${elf#"$ROOT"/}" "${elf#"$ROOT"/}"
  rc=0
  log="$(timeout 30 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 "${QEMU_COMMON[@]}" -kernel "$elf" \
         </dev/null | defmt-print -e "$elf" 2>&1)" || rc=$?
  printf '%s\n' "$log" | sed 's/^/    | /'
  problems=0
  [ "$rc" -eq 0 ] && grep -q '^done' <<<"$log" || { echo "!! defmt run failed (exit $rc) or did not finish"; problems=1; }
  for s in "${SECRETS[@]}"; do
    # The list must name what the firmware really sends (not a stale list).
    grep -qF -- "$s" examples/embedded/cortex-m/src/bin/defmt-log.rs ||
      { echo "!! $s is not among defmt-log.rs's inputs: update SECRETS"; problems=1; }
    grep -qF -- "$s" <<<"$log" && { echo "!! the defmt log shows credential bytes: $s"; problems=1; }
  done
  for l in "${LENGTHS[@]}"; do
    grep -qF -- "$l" <<<"$log" || { echo "!! the defmt log lacks: $l"; problems=1; }
  done
  if [ "$problems" -eq 0 ]; then echo "ok: defmt log shows lengths, no credential bytes"
  else _step_failures=$((_step_failures + 1)); fi
fi

printf '\n== negative control: --features force-failure on lm3s6965evb must exit 1\n'
# Same target dir (the dependencies are shared); the real thumbv7m binary is
# kept aside for the size table first.
v7m="$FW_TARGET_DIR/thumbv7m-none-eabi/release/authparse-cortex-m"
if [ -e "$v7m" ]; then
  cp "$v7m" "$FW_TARGET_DIR/authparse-cortex-m-thumbv7m"
  sizes=("${sizes[@]/#"$v7m"/"$FW_TARGET_DIR/authparse-cortex-m-thumbv7m"}")
fi
if fw_build "$FW_TARGET_DIR" thumbv7m-none-eabi --features force-failure; then
  qemu_run lm3s6965evb cortex-m3 "$v7m" 1
fi

if [ "${#sizes[@]}" -gt 0 ]; then
  printf '\n== firmware size (text = flash, data+bss = static RAM; Cortex-M: stack not\n'
  printf '   included; RISC-V: bss includes the stack reservation up to 256 KiB)\n'
  run arm-none-eabi-size "${sizes[@]/#"$ROOT"\//}"
fi
finish
