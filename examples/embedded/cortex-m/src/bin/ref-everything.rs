//! Feature set (c): the whole public API, both profiles (see `reference.rs`).
#![no_std]
#![no_main]

#[path = "../no_panic.rs"]
mod no_panic;
#[path = "../reference.rs"]
mod reference;

#[cortex_m_rt::entry]
fn main() -> ! {
    reference::everything(&reference::request());
    loop {
        cortex_m::asm::wfi();
    }
}
