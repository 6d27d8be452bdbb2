//! Reference firmware (d): Digest verification (feature `digest-verify`).
#![no_std]
#![no_main]

include!("../reference_firmware.rs");
