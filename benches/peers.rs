//! Criterion benchmarks: authparse against published peers, in the same run.
//!
//! `cargo bench --bench peers` (all groups) or `cargo bench --bench peers -- cookie_4k`
//! (one group). Every group sets `Throughput::Bytes` to its input size, so
//! criterion also prints GB/s. See BENCHMARKS.md for the results and the
//! instruction counts (`cargo bench --bench instructions`).

mod cases;

use criterion::{Criterion, Throughput};

struct CriterionRunner<'c> {
    c: &'c mut Criterion,
    group: &'static str,
    bytes: u64,
}

impl cases::Runner for CriterionRunner<'_> {
    fn group(&mut self, name: &'static str, bytes: usize) {
        self.group = name;
        self.bytes = bytes as u64;
    }

    fn case<R>(&mut self, name: &'static str, mut f: impl FnMut() -> R) {
        let mut g = self.c.benchmark_group(self.group);
        g.throughput(Throughput::Bytes(self.bytes));
        g.bench_function(name, |b| b.iter(&mut f));
        g.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    cases::all(&mut CriterionRunner {
        c: &mut c,
        group: "",
        bytes: 0,
    });
    c.final_summary();
}
