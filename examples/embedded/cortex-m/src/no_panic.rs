//! The panic handler of the reference firmware: it calls a symbol nothing
//! defines, so the firmware links only if the optimiser removed every panic
//! path (at opt-level "z" and "s", with LTO). A link error naming
//! `authparse_panic_reachable` means a panic survived; the step prints the
//! chain that reaches it (tests/c/panic_sites.py).

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    extern "C" {
        fn authparse_panic_reachable() -> !;
    }
    // SAFETY: never defined on purpose; reaching the linker is the failure.
    unsafe { authparse_panic_reachable() }
}
