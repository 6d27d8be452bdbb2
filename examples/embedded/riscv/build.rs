//! Puts `memory.x` on the linker path and links with riscv-rt's `link.x`.

use std::{env, fs, path::PathBuf};

#[path = "../case_format.rs"]
mod case_format;
#[path = "../cases_codegen.rs"]
mod cases_codegen;

fn main() {
    cases_codegen::generate();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tmemory.x");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
