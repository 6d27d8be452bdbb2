// The reference firmware's crate root, included by each `src/bin/ref-*.rs`:
// the binary's name picks the feature set at compile time (see
// `reference.rs`). `ref-empty` is the baseline: the same start-up, request
// and buffers with no authparse call; the other sizes are measured against it.

#[path = "no_panic.rs"]
mod no_panic;
#[path = "reference.rs"]
mod reference;

/// Whether this binary is `name` (evaluated at compile time).
const fn is(name: &str) -> bool {
    let (a, b) = (env!("CARGO_BIN_NAME").as_bytes(), name.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cortex_m_rt::entry]
fn main() -> ! {
    let request = reference::request();
    if const { is("ref-basic-bearer") } {
        reference::basic_bearer(&request);
    } else if const { is("ref-headers") } {
        reference::header_classes(&request);
    } else if const { is("ref-everything") } {
        reference::everything(&request);
    } else if const { is("ref-digest") } {
        reference::digest_server(&request);
    } else {
        core::hint::black_box(request);
        reference::buffers();
    }
    loop {
        cortex_m::asm::wfi();
    }
}
