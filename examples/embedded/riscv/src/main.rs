//! authparse on a RISC-V microcontroller core (RV32IMC, no atomics, no FPU):
//! the self-check of `../selfcheck.rs`, run in QEMU's `virt` machine without
//! firmware (`-bios none`). Output and the exit status (0 when every check
//! passes, 1 otherwise or on panic) go over semihosting.
//!
//! ```text
//! cargo run --release    # target and QEMU runner come from .cargo/config.toml
//! ```
#![no_std]
#![no_main]

#[path = "../../selfcheck.rs"]
#[macro_use]
mod selfcheck;
#[path = "../../case_format.rs"]
mod case_format;
#[path = "../../conformance.rs"]
mod conformance;

use core::fmt;
use semihosting::{println, process};

/// One line of output over semihosting (used by `selfcheck`).
fn print(args: fmt::Arguments<'_>) {
    println!("{}", args);
}

#[riscv_rt::entry]
fn main() -> ! {
    println!("authparse self-check on virt (RV32IMC)");
    let mut checks = selfcheck::Checks {
        passed: 0,
        failed: 0,
    };
    selfcheck::run(&mut checks);
    if checks.failed == 0 {
        println!("PASS: {} checks", checks.passed);
        process::exit(0)
    } else {
        println!(
            "FAIL: {} of {} checks failed",
            checks.failed,
            checks.passed + checks.failed
        );
        process::exit(1)
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    if let Some(location) = info.location() {
        println!("FAIL: panic at {}:{}", location.file(), location.line());
    } else {
        println!("FAIL: panic");
    }
    process::exit(1)
}
