//! authparse on a microcontroller: a self-check that runs in QEMU.
//!
//! The checks (in `../selfcheck.rs`, shared with the RISC-V example) decode a
//! `Basic` header, check a `Bearer` token, show a strict-profile rejection and
//! render challenges into stack buffers, all without an allocator (there is
//! none in this binary: anything needing `alloc` would not link). Output goes
//! over semihosting; the exit code is 0 when every check
//! passes and 1 otherwise (also on panic or hard fault).
//!
//! ```text
//! cargo run --release --target thumbv7m-none-eabi     # lm3s6965evb, Cortex-M3
//! cargo run --release --target thumbv7em-none-eabihf  # mps2-an386, Cortex-M4F
//! cargo run --release --target thumbv6m-none-eabi     # microbit, Cortex-M0
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
use cortex_m_rt::{entry, exception, ExceptionFrame};
use cortex_m_semihosting::{debug, hprintln};

#[cfg(machine = "lm3s6965evb")]
const MACHINE: &str = "lm3s6965evb (Cortex-M3)";
#[cfg(machine = "mps2-an386")]
const MACHINE: &str = "mps2-an386 (Cortex-M4F)";
#[cfg(machine = "microbit")]
const MACHINE: &str = "microbit (Cortex-M0)";

/// One line of output over semihosting (used by `selfcheck`).
fn print(args: fmt::Arguments<'_>) {
    hprintln!("{}", args);
}

#[entry]
fn main() -> ! {
    hprintln!("authparse self-check on {}", MACHINE);
    let mut checks = selfcheck::Checks {
        passed: 0,
        failed: 0,
    };
    selfcheck::run(&mut checks);
    if checks.failed == 0 {
        hprintln!("PASS: {} checks", checks.passed);
        debug::exit(debug::EXIT_SUCCESS);
    } else {
        hprintln!(
            "FAIL: {} of {} checks failed",
            checks.failed,
            checks.passed + checks.failed
        );
        debug::exit(debug::EXIT_FAILURE);
    }
    halt()
}

/// Where execution ends if the semihosting exit call returns (no debugger).
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}

#[exception]
unsafe fn HardFault(_frame: &ExceptionFrame) -> ! {
    hprintln!("FAIL: hard fault");
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    if let Some(location) = info.location() {
        hprintln!("FAIL: panic at {}:{}", location.file(), location.line());
    } else {
        hprintln!("FAIL: panic");
    }
    debug::exit(debug::EXIT_FAILURE);
    halt()
}
