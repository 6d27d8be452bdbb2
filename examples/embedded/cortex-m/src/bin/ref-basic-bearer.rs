//! Reference firmware (a): `HTTPBasic` and `HTTPBearer`, FastAPI's 401.
#![no_std]
#![no_main]

include!("../reference_firmware.rs");
