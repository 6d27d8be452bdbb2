//! Reference firmware (b): every class that reads a header.
#![no_std]
#![no_main]

include!("../reference_firmware.rs");
