//! An edge-http app protected by authparse through authparse-edge-http:
//! the routes of tests/e2e/check_server.py and tests/e2e/check_more.py
//! (listed, and decided, in examples/e2e-routes/routes.rs, which the
//! picoserve app shares).
//!
//! ```text
//! cargo run --example app --features std -- 127.0.0.1:8080 [--strict]
//! cargo build --example app --features firmware --target thumbv7em-none-eabihf --release
//! ```
//!
//! On the host it serves with edge-nal-std. For thumbv7em it is a firmware
//! for QEMU's mps2-an386 that serves canned requests over an in-memory
//! socket (firmware.rs): the proof that the adapter and the app run
//! without `std` or an allocator.
#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(not(feature = "std"), no_main)]

#[path = "../../../e2e-routes/routes.rs"]
mod routes;

mod handler;

#[cfg(all(feature = "firmware", not(feature = "std")))]
mod firmware;

/// How long a connection may stay silent (before a request, or within one
/// read or write) before the app closes it. Short here so that
/// tests/e2e/check_more.py's four idle sockets cost it two seconds; a
/// server on a real network picks its own.
#[cfg(feature = "std")]
const IDLE_TIMEOUT_MS: u32 = 2000;

#[cfg(feature = "std")]
fn main() -> std::io::Result<()> {
    use edge_nal::{TcpAccept, TcpBind};
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (address, profile) = routes::command_line(args.iter().map(String::as_str));
    let app = handler::App::new(profile);
    let address = address.parse().map_err(std::io::Error::other)?;
    futures_lite::future::block_on(async {
        let acceptor = edge_nal_std::Stack::new().bind(address).await?;
        println!("edge-http app on http://{address} ({profile:?} profile)");
        // edge-http's `Server::run` (4 tasks, 2048-byte buffers, 64 header
        // lines) with the adapter's `handle_connection`: a request head past
        // the buffer gets a 431 (`Server::run` closes without a response).
        // Each socket read and write, and the wait for each request (the
        // first one too), is bounded by IDLE_TIMEOUT_MS: four silent clients
        // would otherwise hold all four tasks for as long as they like.
        let task = |id: usize| {
            let (acceptor, app) = (&acceptor, &app);
            async move {
                let mut buf = [0u8; edge_http::io::server::DEFAULT_BUF_SIZE];
                loop {
                    let (_, socket) = acceptor.accept().await?;
                    let socket = edge_nal::WithTimeout::new(IDLE_TIMEOUT_MS, socket);
                    authparse_edge_http::handle_connection::<
                        _,
                        _,
                        { edge_http::DEFAULT_MAX_HEADERS_COUNT },
                    >(socket, &mut buf, Some(IDLE_TIMEOUT_MS), id, app)
                    .await;
                }
            }
        };
        let tasks: [_; 4] = core::array::from_fn(task);
        let (result, _): (std::io::Result<()>, _) =
            embassy_futures::select::select_array(tasks).await;
        result
    })
}
