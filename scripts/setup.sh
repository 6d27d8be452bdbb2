#!/usr/bin/env bash
# Installs everything the test steps need, idempotently. Fast (a few seconds)
# when everything is already there; on a fresh Debian 12 machine as root it
# installs the apt packages, the Rust toolchains/targets/components and the
# pinned cargo tools.
#
# Environment knobs:
#   AUTHPARSE_SKIP_SETUP=1   skip this script entirely (test-all.sh honours it)
#   AUTHPARSE_NIGHTLY=…      toolchain used for miri/fuzz (default: nightly)
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }

NIGHTLY="${AUTHPARSE_NIGHTLY:-nightly}"
CBINDGEN_VERSION="0.29.2"   # any 0.29.x already installed is accepted
CARGO_FUZZ_VERSION="0.13.2"

APT_PACKAGES=(
  # emulators for the embedded steps
  qemu-system-arm qemu-system-misc
  # bare-metal toolchain: arm-none-eabi-size, C on Cortex-M
  binutils-arm-none-eabi gcc-arm-none-eabi libnewlib-arm-none-eabi
  # C tests, sanitizers
  gcc make pkg-config clang libclang-rt-14-dev valgrind python3
  # nginx module end-to-end, embedded C HTTP servers
  nginx nginx-dev libmicrohttpd-dev libpcre2-dev zlib1g-dev libssl-dev wrk
  # tools the scripts themselves use
  curl ca-certificates git
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# ---------------------------------------------------------------- apt
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Do not let package postinst scripts start services (nginx on :80) on the CI machine.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$SUDO" ] && [ -w /usr/sbin ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  if [ "$policy_added" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
else
  log "apt: all ${#APT_PACKAGES[@]} packages present"
fi

# ---------------------------------------------------------------- rustup
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v rustup >/dev/null 2>&1; then
  log "rustup: installing (stable, minimal profile)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain stable
fi

toolchains="$(rustup toolchain list)"
if ! grep -q '^stable' <<<"$toolchains"; then
  log "rustup: installing stable"
  rustup toolchain install stable --profile minimal
fi
if ! grep -q "^${NIGHTLY}" <<<"$toolchains"; then
  log "rustup: installing ${NIGHTLY}"
  rustup toolchain install "$NIGHTLY" --profile minimal
fi

TARGETS=(thumbv6m-none-eabi thumbv7em-none-eabihf thumbv7m-none-eabi riscv32imc-unknown-none-elf)
add_targets() { # TOOLCHAIN: adds the bare-metal TARGETS it lacks
  local installed need=()
  installed="$(rustup +"$1" target list --installed)"
  for t in "${TARGETS[@]}"; do grep -qx "$t" <<<"$installed" || need+=("$t"); done
  if [ "${#need[@]}" -gt 0 ]; then
    log "rustup: adding $1 targets ${need[*]}"
    rustup +"$1" target add "${need[@]}"
  fi
}
add_targets stable

# The core's MSRV (`rust-version` in Cargo.toml) with the same targets, for step 32.
MSRV="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' "$(dirname "$0")/../Cargo.toml" | head -1)"
if ! grep -q "^${MSRV}-" <<<"$toolchains"; then
  log "rustup: installing ${MSRV} (the MSRV)"
  rustup toolchain install "$MSRV" --profile minimal
fi
add_targets "$MSRV"

stable_components="$(rustup +stable component list --installed)"
need=()
for c in clippy rustfmt; do grep -q "^$c" <<<"$stable_components" || need+=("$c"); done
if [ "${#need[@]}" -gt 0 ]; then
  log "rustup: adding stable components ${need[*]}"
  rustup +stable component add "${need[@]}"
fi

nightly_components="$(rustup +"$NIGHTLY" component list --installed)"
need=()
for c in miri rust-src; do grep -q "^$c" <<<"$nightly_components" || need+=("$c"); done
if [ "${#need[@]}" -gt 0 ]; then
  log "rustup: adding ${NIGHTLY} components ${need[*]}"
  rustup +"$NIGHTLY" component add "${need[@]}"
fi

# ------------------------------------------------------------ python packages
# The real Digest clients of tests/e2e/check_digest.py (steps 60 and 65).
PY_PACKAGES=("requests==2.34.2" "httpx==0.28.1")
if ! python3 -c 'import sys, requests, httpx
sys.exit(not (requests.__version__ == "2.34.2" and httpx.__version__ == "0.28.1"))' 2>/dev/null; then
  log "pip: installing ${PY_PACKAGES[*]}"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip
  fi
  # Debian's own python3 refuses pip installs (PEP 668) unless told otherwise.
  python3 -m pip install --quiet "${PY_PACKAGES[@]}" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "${PY_PACKAGES[@]}"
fi

# ---------------------------------------------------------------- cargo tools
if ! cbindgen --version 2>/dev/null | grep -q '^cbindgen 0\.29\.'; then
  log "cargo: installing cbindgen ${CBINDGEN_VERSION}"
  cargo +stable install --locked cbindgen --version "=${CBINDGEN_VERSION}"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "cargo: installing cargo-fuzz ${CARGO_FUZZ_VERSION}"
  cargo +stable install --locked cargo-fuzz --version "=${CARGO_FUZZ_VERSION}"
fi
command -v defmt-print >/dev/null || { log "cargo: installing defmt-print 1.2.0"; cargo +stable install --locked defmt-print --version "=1.2.0"; }

log "ready: $(python3 -c 'import requests, httpx; print("requests", requests.__version__, "httpx", httpx.__version__)'), $(rustc +stable --version | cut -d' ' -f1-2), $(rustc +"$MSRV" --version | cut -d' ' -f1-2), $(rustc +"$NIGHTLY" --version | cut -d' ' -f1-2), $(cbindgen --version), $(cargo fuzz --version 2>/dev/null | head -1), $(qemu-system-arm --version | head -1 | cut -d' ' -f1-4)"
