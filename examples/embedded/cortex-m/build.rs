//! Picks the `memory.x` of the QEMU machine that runs each target and links
//! with cortex-m-rt's `link.x`.
//!
//! | target                | QEMU machine  | MCU                 |
//! |-----------------------|---------------|---------------------|
//! | thumbv7m-none-eabi    | lm3s6965evb   | Cortex-M3           |
//! | thumbv7em-none-eabihf | mps2-an386    | Cortex-M4F          |
//! | thumbv6m-none-eabi    | microbit      | Cortex-M0 (nRF51)   |

use std::{env, fs, path::PathBuf};

#[path = "../case_format.rs"]
mod case_format;
#[path = "../cases_codegen.rs"]
mod cases_codegen;

fn main() {
    cases_codegen::generate();
    let target = env::var("TARGET").unwrap_or_default();
    let machine = match target.as_str() {
        "thumbv7m-none-eabi" => "lm3s6965evb",
        "thumbv7em-none-eabihf" | "thumbv7em-none-eabi" => "mps2-an386",
        "thumbv6m-none-eabi" => "microbit",
        other => panic!(
            "authparse-cortex-m: unsupported target {other:?}; build with --target \
             thumbv7m-none-eabi, thumbv7em-none-eabihf or thumbv6m-none-eabi"
        ),
    };
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let src = manifest.join("memory").join(format!("{machine}.x"));
    fs::copy(&src, out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    if env::var_os("CARGO_FEATURE_DEFMT").is_some() {
        println!("cargo:rustc-link-arg-bin=defmt-log=-Tdefmt.x");
    }
    println!("cargo:rustc-cfg=machine=\"{machine}\"");
    println!(
        "cargo:rustc-check-cfg=cfg(machine, values(\"lm3s6965evb\", \"mps2-an386\", \"microbit\"))"
    );
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=build.rs");
}
