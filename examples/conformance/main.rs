//! The conformance harness: answers FastAPI conformance cases with authparse.
//!
//! ```text
//! cargo run --release --example conformance < CASES.jsonl > RESULTS.jsonl
//! ```
//!
//! One JSON line in, one JSON line out, in order; `expect` and `note` keys
//! are ignored. See `tests/data/README.md` for the case format.

mod cases;
mod openapi;
mod requests;

use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", cases::answer_line(&line))?;
    }
    out.flush()
}
