//! Reference firmware (c): the whole public API, both profiles.
#![no_std]
#![no_main]

include!("../reference_firmware.rs");
