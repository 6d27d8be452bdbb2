//! The baseline: the same start-up and request, no authparse call; the
//! other reference bins are measured against it.
#![no_std]
#![no_main]

#[path = "../no_panic.rs"]
mod no_panic;
#[path = "../reference.rs"]
mod reference;

#[cortex_m_rt::entry]
fn main() -> ! {
    core::hint::black_box(reference::request());
    reference::buffers();
    loop {
        cortex_m::asm::wfi();
    }
}
