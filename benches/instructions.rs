//! Deterministic instruction counts for the cases of `benches/peers.rs`.
//!
//! ```text
//! cargo bench --bench instructions                # every case, under callgrind
//! cargo bench --bench instructions -- cookie      # cases whose id contains "cookie"
//! cargo bench --bench instructions -- --test      # run each case once, natively (smoke)
//! cargo bench --bench instructions -- --report    # markdown tables: criterion medians
//!                                                 # (target/criterion) + these counts
//! cargo bench --bench instructions -- --check     # every case, then the regression guard
//!                                                 # against benches/baseline.json (+10 % fails)
//! cargo bench --bench instructions -- --update-baseline  # every case, rewrite the baseline
//! cargo bench --bench instructions -- --self-test # the guard's own test (after a --check)
//! ```
//!
//! Run with `--features digest-verify` for the Digest verification cases
//! (the baseline holds them; without the feature they count as not run).
//!
//! How it counts: for each case this binary starts itself again under
//! `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect=authparse_instr_measured`, and that child runs only that
//! case: one warm-up call, then `authparse_instr_measured`, which calls the
//! case `ITERATIONS` times. Callgrind counts only inside that function, so
//! the file's `totals:` line is the cost of the loop. The same loop around an
//! empty closure (the `baseline` run) is subtracted, and the rest divided by
//! `ITERATIONS`: instructions (Ir) per call, exactly repeatable on one build.
//! Results go to `target/instructions/results.json` (and the callgrind files
//! beside it, for `callgrind_annotate`).

mod cases;
mod guard;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

const ITERATIONS: u64 = 1000;
const CHILD_ENV: &str = "AUTHPARSE_INSTR_CASE";
const BASELINE: &str = "baseline/empty";

/// The only function callgrind counts in: `n` calls of `f`.
#[no_mangle]
#[inline(never)]
pub fn authparse_instr_measured(f: &mut dyn FnMut(), n: u64) {
    for _ in 0..black_box(n) {
        f();
    }
}

/// Lists case ids (`group/case`) with their input sizes.
#[derive(Default)]
struct Lister {
    group: &'static str,
    bytes: usize,
    cases: Vec<(String, usize)>,
}

impl cases::Runner for Lister {
    fn group(&mut self, name: &'static str, bytes: usize) {
        self.group = name;
        self.bytes = bytes;
    }
    fn case<R>(&mut self, name: &'static str, _f: impl FnMut() -> R) {
        self.cases
            .push((format!("{}/{}", self.group, name), self.bytes));
    }
}

/// Runs one case (child mode) or each case once (`--test`).
struct Executor {
    group: &'static str,
    only: Option<String>,
    ran: usize,
}

impl cases::Runner for Executor {
    fn group(&mut self, name: &'static str, _bytes: usize) {
        self.group = name;
    }
    fn case<R>(&mut self, name: &'static str, mut f: impl FnMut() -> R) {
        let id = format!("{}/{}", self.group, name);
        match &self.only {
            Some(only) if *only != id => {}
            Some(_) => {
                let mut g = || {
                    black_box(f());
                };
                g();
                authparse_instr_measured(&mut g, ITERATIONS);
                self.ran += 1;
            }
            None => {
                black_box(f());
                self.ran += 1;
                println!("ok {id}");
            }
        }
    }
}

fn out_dir() -> PathBuf {
    // target/release/deps/instructions-HASH -> target/instructions
    let exe = std::env::current_exe().expect("current_exe");
    let target = exe
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "target"))
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("instructions")
}

fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Runs `id` under callgrind and returns the `totals:` Ir.
fn callgrind(id: &str, dir: &Path) -> u64 {
    let exe = std::env::current_exe().expect("current_exe");
    let out = dir.join(format!("callgrind.{}.out", file_name(id)));
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=authparse_instr_measured",
        ])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .env(CHILD_ENV, id)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("valgrind not found: install valgrind (apt-get install valgrind)");
    assert!(status.success(), "callgrind run of {id} failed: {status}");
    let text = std::fs::read_to_string(&out).expect("callgrind output");
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no totals in {}", out.display()))
}

fn main() {
    if let Ok(id) = std::env::var(CHILD_ENV) {
        if id == BASELINE {
            let mut g = || {};
            g();
            authparse_instr_measured(&mut g, ITERATIONS);
            return;
        }
        let mut ex = Executor {
            group: "",
            only: Some(id.clone()),
            ran: 0,
        };
        cases::all(&mut ex);
        assert_eq!(ex.ran, 1, "no case {id}");
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--test") {
        let mut ex = Executor {
            group: "",
            only: None,
            ran: 0,
        };
        cases::all(&mut ex);
        println!("{} passed, 0 failed", ex.ran);
        return;
    }
    if args.iter().any(|a| a == "--report") {
        report();
        return;
    }
    let filters: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let dir = out_dir();
    let last_run = dir.join("last-run.json");
    if args.iter().any(|a| a == "--self-test") {
        std::process::exit(self_test(&dir, &last_run));
    }
    if let Some(i) = args.iter().position(|a| a == "--compare") {
        // Compare the last run against another baseline file (no measuring).
        let path = args.get(i + 1).expect("--compare PATH");
        let (base, _) = guard::read(Path::new(path)).unwrap_or_else(|e| panic!("{e}"));
        let (now, _) = guard::read(&last_run).unwrap_or_else(|e| panic!("{e}"));
        let rows = guard::compare(&base, &now, guard::TOLERANCE, true, cases::is_authparse);
        std::process::exit(i32::from(guard::print(&rows) > 0));
    }
    let check = args.iter().any(|a| a == "--check");
    let update = args.iter().any(|a| a == "--update-baseline");
    let (now, ran_all) = measure(&dir, if update { &[] } else { &filters });
    let rustc = guard::rustc_version();
    guard::write(&last_run, &now, &rustc).expect("write last-run.json");
    if update {
        guard::write(&guard::baseline_path(), &now, &rustc).expect("write baseline");
        println!("wrote {}", guard::baseline_path().display());
    } else if check {
        let (base, base_rustc) =
            guard::read(&guard::baseline_path()).unwrap_or_else(|e| panic!("{e}"));
        if base_rustc != rustc {
            println!("note: baseline from `{base_rustc}`, this build `{rustc}`");
        }
        let rows = guard::compare(&base, &now, guard::TOLERANCE, ran_all, cases::is_authparse);
        std::process::exit(i32::from(guard::print(&rows) > 0));
    }
}

/// Runs the cases matching `filters` (all if empty) under callgrind, prints
/// and returns their Ir per call (and whether every case ran), and merges
/// them into `results.json`.
fn measure(dir: &Path, filters: &[&str]) -> (guard::Counts, bool) {
    let mut lister = Lister::default();
    cases::all(&mut lister);
    std::fs::create_dir_all(dir).expect("create target/instructions");
    let results_path = dir.join("results.json");
    let mut results: BTreeMap<String, f64> = std::fs::read_to_string(&results_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let baseline = callgrind(BASELINE, dir) as f64 / ITERATIONS as f64;
    println!("baseline: {baseline:.1} Ir per empty iteration (subtracted)");
    println!("{:>12}  {:>8}  case", "Ir/call", "Ir/byte");
    let mut now = guard::Counts::new();
    for (id, bytes) in &lister.cases {
        if !filters.is_empty() && !filters.iter().any(|f| id.contains(f)) {
            continue;
        }
        let total = callgrind(id, dir) as f64 / ITERATIONS as f64;
        let per_call = total - baseline;
        println!("{per_call:>12.1}  {:>8.2}  {id}", per_call / *bytes as f64);
        results.insert(id.clone(), per_call);
        now.insert(id.clone(), per_call);
    }
    std::fs::write(
        &results_path,
        serde_json::to_string_pretty(&results).expect("json"),
    )
    .expect("write results.json");
    println!("wrote {}", results_path.display());
    let ran_all = now.len() == lister.cases.len();
    (now, ran_all)
}

/// The guard's own test: `guard::compare` on planted tables, then this
/// binary's `--compare` on the last run against (1) itself, which must pass,
/// and (2) a planted baseline with every authparse case 15 % too low, which
/// must fail and flag each of them. Returns the exit code.
fn self_test(dir: &Path, last_run: &Path) -> i32 {
    let mut errors = guard::self_test(cases::is_authparse);
    let mut passed = 9 - errors.len();
    match guard::read(last_run) {
        Err(e) => errors.push(format!(
            "no last run to plant a baseline from ({e}): run --check first"
        )),
        Ok((now, rustc)) => {
            let planted: guard::Counts = now
                .iter()
                .map(|(id, v)| {
                    let ours = id
                        .split_once('/')
                        .is_some_and(|(_, c)| cases::is_authparse(c));
                    (id.clone(), if ours { v * 0.85 } else { *v })
                })
                .collect();
            let ours = now.len() - planted.iter().filter(|(id, v)| now[*id] == **v).count();
            let planted_path = dir.join("planted-baseline.json");
            guard::write(&planted_path, &planted, &rustc).expect("write planted baseline");
            let exe = std::env::current_exe().expect("current_exe");
            for (path, want_fail) in [(last_run, false), (planted_path.as_path(), true)] {
                let out = Command::new(&exe)
                    .arg("--compare")
                    .arg(path)
                    .output()
                    .expect("run --compare");
                let text = String::from_utf8_lossy(&out.stdout);
                let flagged = text.lines().filter(|l| l.contains("REGRESSED")).count();
                let ok = if want_fail {
                    out.status.code() == Some(1) && flagged == ours && ours > 0
                } else {
                    out.status.success() && flagged == 0
                };
                if ok {
                    passed += 1;
                } else {
                    errors.push(format!(
                        "--compare {}: exit {:?}, {flagged} regressed rows (want {})",
                        path.display(),
                        out.status.code(),
                        if want_fail { ours } else { 0 }
                    ));
                }
            }
        }
    }
    for e in &errors {
        println!("guard self-test FAILED: {e}");
    }
    println!("{passed} passed, {} failed", errors.len());
    i32::from(!errors.is_empty())
}

// ----------------------------------------------------------------- report ----

/// A measured case: criterion median (ns) and instructions per call.
struct Row {
    case: String,
    median_ns: Option<f64>,
    ir: Option<f64>,
}

/// Issue 14's targets: (group, authparse case, peer case or "*" for the
/// fastest peer, max ratio).
const TARGETS: &[(&str, &str, &str, f64)] = &[
    ("basic_short", "authparse HttpBasic fastapi", "*", 0.5),
    ("basic_long", "authparse HttpBasic fastapi", "*", 0.5),
    ("basic_short", "authparse HttpBasic strict", "*", 0.6),
    (
        "bearer",
        "authparse HttpBearer fastapi",
        "headers Authorization<Bearer>",
        0.8,
    ),
    (
        "bearer",
        "authparse HttpBearer strict",
        "headers Authorization<Bearer>",
        1.0,
    ),
    (
        "cookie_10",
        "authparse ApiKeyCookie strict",
        "naive split(';')+split_once+trim",
        0.3,
    ),
    (
        "cookie_4k",
        "authparse ApiKeyCookie strict",
        "naive split(';')+split_once+trim",
        0.05,
    ),
    (
        "cookie_10",
        "authparse ApiKeyCookie fastapi, session first (full scan)",
        "cookie Cookie::split_parse",
        0.1,
    ),
    (
        "form_urlencoded",
        "authparse OAuth2PasswordRequestForm fastapi",
        "form_urlencoded::parse lazy (Cow)",
        0.3,
    ),
    (
        "form_multipart",
        "authparse OAuth2PasswordRequestForm fastapi",
        "*",
        0.5,
    ),
    (
        "scopes_split",
        "authparse scopes::split fastapi -> array",
        "split_ascii_whitespace -> array",
        0.8,
    ),
    (
        "digest",
        "authparse split+digest::params",
        "http-auth ChallengeParser",
        0.1,
    ),
];

/// Targets in instructions per input byte: (group, authparse case, max Ir/byte).
const PER_BYTE_TARGETS: &[(&str, &str, f64)] = &[(
    "form_multipart",
    "authparse OAuth2PasswordRequestForm fastapi",
    6.0,
)];

fn read_criterion(target: &Path) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    let Ok(groups) = std::fs::read_dir(target.join("criterion")) else {
        return out;
    };
    for group in groups.flatten() {
        let Ok(benches) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for bench in benches.flatten() {
            let new = bench.path().join("new");
            let (Ok(meta), Ok(est)) = (
                std::fs::read_to_string(new.join("benchmark.json")),
                std::fs::read_to_string(new.join("estimates.json")),
            ) else {
                continue;
            };
            let (Ok(meta), Ok(est)) = (
                serde_json::from_str::<serde_json::Value>(&meta),
                serde_json::from_str::<serde_json::Value>(&est),
            ) else {
                continue;
            };
            let (Some(g), Some(f), Some(m)) = (
                meta["group_id"].as_str(),
                meta["function_id"].as_str(),
                est["median"]["point_estimate"].as_f64(),
            ) else {
                continue;
            };
            out.insert((g.to_owned(), f.to_owned()), m);
        }
    }
    out
}

fn fmt(v: Option<f64>, prec: usize) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.prec$}"))
}

fn report() {
    let dir = out_dir();
    let target = dir.parent().expect("target dir").to_path_buf();
    let medians = read_criterion(&target);
    let irs: BTreeMap<String, f64> = std::fs::read_to_string(dir.join("results.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let mut lister = Lister::default();
    cases::all(&mut lister);
    let mut groups: Vec<(String, usize, Vec<Row>)> = Vec::new();
    for (id, bytes) in &lister.cases {
        let (group, case) = id.split_once('/').expect("group/case");
        if groups.last().is_none_or(|g| g.0 != group) {
            groups.push((group.to_owned(), *bytes, Vec::new()));
        }
        let rows = &mut groups.last_mut().expect("group").2;
        rows.push(Row {
            case: case.to_owned(),
            median_ns: medians.get(&(group.to_owned(), case.to_owned())).copied(),
            ir: irs.get(id).copied(),
        });
    }
    for (group, bytes, rows) in &groups {
        println!("### `{group}` ({bytes} B input)\n");
        let peers: Vec<&Row> = rows
            .iter()
            .filter(|r| !cases::is_authparse(&r.case))
            .collect();
        print!("| case | median ns | GB/s | Ir/call |");
        for p in &peers {
            print!(" vs `{}` (time / Ir) |", p.case);
        }
        println!();
        print!("|---|---:|---:|---:|");
        for _ in &peers {
            print!("---:|");
        }
        println!();
        for r in rows {
            let gbs = r.median_ns.map(|ns| *bytes as f64 / ns);
            print!(
                "| {}{}{} | {} | {} | {} |",
                if cases::is_authparse(&r.case) {
                    "**"
                } else {
                    ""
                },
                r.case,
                if cases::is_authparse(&r.case) {
                    "**"
                } else {
                    ""
                },
                fmt(r.median_ns, 1),
                fmt(gbs, 2),
                fmt(r.ir, 0)
            );
            for p in &peers {
                if cases::is_authparse(&r.case) {
                    let t = r.median_ns.zip(p.median_ns).map(|(a, b)| a / b);
                    let i = r.ir.zip(p.ir).map(|(a, b)| a / b);
                    print!(" {} / {} |", fmt(t, 2), fmt(i, 2));
                } else {
                    print!(" |");
                }
            }
            println!();
        }
        println!();
    }
    println!("### Targets\n");
    println!(
        "| group | authparse case | peer | target | time ratio | Ir ratio | met (time / Ir) |"
    );
    println!("|---|---|---|---:|---:|---:|---|");
    let mut missed: Vec<String> = Vec::new();
    let find = |g: &str, c: &str| {
        groups
            .iter()
            .find(|x| x.0 == g)
            .and_then(|x| x.2.iter().find(|r| r.case == c))
    };
    for &(g, a, p, limit) in TARGETS {
        let Some(ar) = find(g, a) else { continue };
        // "*": the fastest peer by median (instructions: the fewest).
        let peers: Vec<&Row> = groups
            .iter()
            .find(|x| x.0 == g)
            .map(|x| {
                x.2.iter()
                    .filter(|r| !cases::is_authparse(&r.case))
                    .collect()
            })
            .unwrap_or_default();
        let (pt, pi, pname) = if p == "*" {
            let pt = peers.iter().filter_map(|r| r.median_ns).reduce(f64::min);
            let pi = peers.iter().filter_map(|r| r.ir).reduce(f64::min);
            (pt, pi, "fastest peer".to_owned())
        } else {
            let pr = find(g, p);
            (
                pr.and_then(|r| r.median_ns),
                pr.and_then(|r| r.ir),
                format!("`{p}`"),
            )
        };
        let t = ar.median_ns.zip(pt).map(|(a, b)| a / b);
        let i = ar.ir.zip(pi).map(|(a, b)| a / b);
        let met = |v: Option<f64>| match v {
            Some(v) if v <= limit => "yes",
            Some(_) => "**no**",
            None => "–",
        };
        if i.is_some_and(|i| i > limit) {
            missed.push(format!("{g}/{a}"));
        }
        println!(
            "| {g} | {a} | {pname} | ≤ {limit} | {} | {} | {} / {} |",
            fmt(t, 3),
            fmt(i, 3),
            met(t),
            met(i)
        );
    }
    for &(g, a, limit) in PER_BYTE_TARGETS {
        let Some(group) = groups.iter().find(|x| x.0 == g) else {
            continue;
        };
        let Some(ir) = group.2.iter().find(|r| r.case == a).and_then(|r| r.ir) else {
            continue;
        };
        let per_byte = ir / group.1 as f64;
        if per_byte > limit && !missed.contains(&format!("{g}/{a}")) {
            missed.push(format!("{g}/{a}"));
        }
        println!(
            "| {g} | {a} | – | ≤ {limit} Ir/byte | – | {per_byte:.2} Ir/byte | – / {} |",
            if per_byte <= limit { "yes" } else { "**no**" }
        );
    }
    let full_scan = "authparse ApiKeyCookie fastapi, session first (full scan)";
    if let Some(ns) = medians.get(&("cookie_4k".to_owned(), full_scan.to_owned())) {
        let bytes = groups
            .iter()
            .find(|g| g.0 == "cookie_4k")
            .map_or(0, |g| g.1);
        let gbs = bytes as f64 / ns;
        println!(
            "| cookie_4k | {full_scan} | – | ≥ 1 GB/s | {gbs:.2} GB/s | – | {} |",
            if gbs >= 1.0 { "yes" } else { "**no**" }
        );
    }
    print_profiles(&dir, &missed);
}

/// The top functions (Ir per call, inlined code counted in its caller) of
/// each case whose Ir target is missed, from this run's callgrind files.
fn print_profiles(dir: &Path, missed: &[String]) {
    if missed.is_empty() {
        return;
    }
    println!("\n### Profiles of the missed targets (this run, `callgrind_annotate`)\n");
    for id in missed {
        let file = dir.join(format!("callgrind.{}.out", file_name(id)));
        let Ok(out) = Command::new("callgrind_annotate").arg(&file).output() else {
            println!("- `{id}`: callgrind_annotate not found");
            continue;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        // Lines "  171,000 (22.98%)  ???:path::to::function [binary]".
        let top: Vec<String> = text
            .lines()
            .filter_map(|line| {
                let (count, rest) = line.trim_start().split_once(' ')?;
                let ir: f64 = count.replace(',', "").parse().ok()?;
                let function = rest.split_once(":")?.1.split(" [").next()?.trim();
                (!function.is_empty() && rest.contains('%'))
                    .then(|| (ir / ITERATIONS as f64, function.to_owned()))
            })
            .filter(|(ir, _)| *ir >= 10.0)
            .take(8)
            .map(|(ir, f)| format!("`{f}` {ir:.0}"))
            .collect();
        println!("- `{id}`: {}", top.join(", "));
    }
}
