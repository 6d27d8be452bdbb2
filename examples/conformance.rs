//! The conformance harness: answers FastAPI conformance cases with authparse.
//!
//! ```text
//! cargo run --release --example conformance < CASES.jsonl > RESULTS.jsonl
//! ```
//!
//! One JSON line in, one JSON line out, in order; `expect` and `note` keys
//! are ignored. The case format and the case files are described in
//! `tests/data/README.md`; the code is the `authparse-conformance` crate
//! (`conformance/`).

fn main() -> std::io::Result<()> {
    authparse_conformance::run(std::io::stdin().lock(), std::io::stdout().lock())
}
