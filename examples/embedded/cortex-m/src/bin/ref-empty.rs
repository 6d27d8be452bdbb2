//! The baseline of the reference firmware (no authparse call).
#![no_std]
#![no_main]

include!("../reference_firmware.rs");
