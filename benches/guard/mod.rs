//! The instruction-count regression guard: this run's Ir per case against
//! the checked-in baseline (`benches/baseline.json`).
//!
//! A case of authparse's fails when it takes more than `TOLERANCE` (10 %)
//! more instructions than its baseline, or when a baseline case is no
//! longer run (renamed or removed: the baseline must say so). Peers are
//! shown but never fail the guard (their counts move with their versions).
//! New cases without a baseline are listed and pass. Updating the baseline
//! is a deliberate commit: `cargo bench --features digest-verify --bench
//! instructions -- --update-baseline` rewrites the file from a full run.
//!
//! ```text
//! | case | baseline Ir | now Ir | change | verdict |
//! | basic_short/authparse HttpBasic fastapi | 898 | 1001 | +11.5 % | REGRESSED |
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A case may take this much more than its baseline (0.10 = 10 %).
pub const TOLERANCE: f64 = 0.10;

/// Ir per case id (`group/case`).
pub type Counts = BTreeMap<String, f64>;

/// The checked-in baseline file.
pub fn baseline_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/baseline.json")
}

/// What the comparison says about one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within the tolerance.
    Ok,
    /// More than `TOLERANCE` under its baseline: lock it in with `--update-baseline`.
    Improved,
    /// An authparse case more than `TOLERANCE` over its baseline (fails).
    Regressed,
    /// A peer more than `TOLERANCE` away from its baseline (information only).
    PeerMoved,
    /// Run, but not in the baseline (passes).
    New,
    /// In the baseline, not run (fails for authparse cases).
    Missing,
}

impl Verdict {
    /// Whether this verdict fails the guard.
    pub fn fails(self) -> bool {
        matches!(self, Verdict::Regressed | Verdict::Missing)
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Improved => "improved (update the baseline)",
            Verdict::Regressed => "**REGRESSED**",
            Verdict::PeerMoved => "peer moved (not judged)",
            Verdict::New => "new (no baseline)",
            Verdict::Missing => "**MISSING** (not run)",
        }
    }
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub baseline: Option<f64>,
    pub now: Option<f64>,
    pub verdict: Verdict,
}

/// Compares `now` (this run) against `baseline`. `is_ours` tells authparse's
/// cases from peers'; `ran_all` says whether every case was run (otherwise
/// baseline cases that were not run are skipped instead of `Missing`).
pub fn compare(
    baseline: &Counts,
    now: &Counts,
    tolerance: f64,
    ran_all: bool,
    is_ours: impl Fn(&str) -> bool,
) -> Vec<Row> {
    let mut ids: Vec<&String> = baseline.keys().chain(now.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut rows = Vec::new();
    for id in ids {
        let (b, n) = (baseline.get(id).copied(), now.get(id).copied());
        let ours = is_ours(case_name(id));
        let verdict = match (b, n) {
            (None, _) => Verdict::New,
            (Some(_), None) if !ran_all => continue,
            (Some(_), None) if ours => Verdict::Missing,
            (Some(_), None) => Verdict::PeerMoved,
            (Some(b), Some(n)) => {
                if n > b * (1.0 + tolerance) {
                    if ours {
                        Verdict::Regressed
                    } else {
                        Verdict::PeerMoved
                    }
                } else if n < b * (1.0 - tolerance) {
                    if ours {
                        Verdict::Improved
                    } else {
                        Verdict::PeerMoved
                    }
                } else {
                    Verdict::Ok
                }
            }
        };
        rows.push(Row {
            id: id.clone(),
            baseline: b,
            now: n,
            verdict,
        });
    }
    rows
}

fn case_name(id: &str) -> &str {
    id.split_once('/').map_or(id, |(_, c)| c)
}

/// Prints the comparison as a markdown table and returns the failing rows.
pub fn print(rows: &[Row]) -> usize {
    let f = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.0}"));
    println!("| case | baseline Ir | now Ir | change | verdict |");
    println!("|---|---:|---:|---:|---|");
    for r in rows {
        let change = match (r.baseline, r.now) {
            (Some(b), Some(n)) if b > 0.0 => format!("{:+.1} %", (n / b - 1.0) * 100.0),
            _ => "–".to_owned(),
        };
        println!(
            "| {} | {} | {} | {} | {} |",
            r.id,
            f(r.baseline),
            f(r.now),
            change,
            r.verdict.label()
        );
    }
    let failed = rows.iter().filter(|r| r.verdict.fails()).count();
    if failed > 0 {
        println!(
            "\n{failed} case(s) over their baseline by more than {:.0} % (or no longer run).\n\
             If this is intended, rewrite the baseline in its own commit:\n  \
             cargo bench --features digest-verify --bench instructions -- --update-baseline",
            TOLERANCE * 100.0
        );
    } else {
        println!(
            "\nguard: every authparse case within {:.0} % of its baseline",
            TOLERANCE * 100.0
        );
    }
    failed
}

/// The baseline file: `{"rustc": "...", "tolerance": 0.1, "cases": {id: Ir}}`.
pub fn read(path: &Path) -> Result<(Counts, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let cases = v["cases"]
        .as_object()
        .ok_or_else(|| format!("{}: no \"cases\" object", path.display()))?;
    let mut out = Counts::new();
    for (k, n) in cases {
        let n = n
            .as_f64()
            .ok_or_else(|| format!("{}: {k} is not a number", path.display()))?;
        out.insert(k.clone(), n);
    }
    Ok((out, v["rustc"].as_str().unwrap_or("").to_owned()))
}

/// Writes a baseline file.
pub fn write(path: &Path, counts: &Counts, rustc: &str) -> std::io::Result<()> {
    let cases: serde_json::Map<String, serde_json::Value> = counts
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!((v * 10.0).round() / 10.0)))
        .collect();
    let v = serde_json::json!({
        "about": "Ir per call of each case (cargo bench --bench instructions). \
                  Rewrite only deliberately: cargo bench --features digest-verify \
                  --bench instructions -- --update-baseline",
        "rustc": rustc,
        "tolerance": TOLERANCE,
        "cases": cases,
    });
    let mut text = serde_json::to_string_pretty(&v).expect("json");
    text.push('\n');
    std::fs::write(path, text)
}

/// The compiler's version line, to record beside the counts.
pub fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    std::process::Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// Checks `compare` itself on planted tables; returns the failures found.
pub fn self_test(is_ours: impl Fn(&str) -> bool + Copy) -> Vec<String> {
    let ours = "g/authparse x";
    let peer = "g/peer y";
    let table = |a: f64, p: f64| -> Counts {
        [(ours.to_owned(), a), (peer.to_owned(), p)]
            .into_iter()
            .collect()
    };
    let base = table(1000.0, 1000.0);
    let verdict = |now: &Counts, id: &str| {
        compare(&base, now, TOLERANCE, true, is_ours)
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.verdict)
    };
    let mut errors = Vec::new();
    let mut expect = |what: &str, got: Option<Verdict>, want: Option<Verdict>| {
        if got != want {
            errors.push(format!("{what}: got {got:?}, want {want:?}"));
        }
    };
    expect(
        "equal",
        verdict(&table(1000.0, 1000.0), ours),
        Some(Verdict::Ok),
    );
    expect(
        "+10 % exactly",
        verdict(&table(1100.0, 1000.0), ours),
        Some(Verdict::Ok),
    );
    expect(
        "+10.5 %",
        verdict(&table(1105.0, 1000.0), ours),
        Some(Verdict::Regressed),
    );
    expect(
        "-20 %",
        verdict(&table(800.0, 1000.0), ours),
        Some(Verdict::Improved),
    );
    expect(
        "peer +50 %",
        verdict(&table(1000.0, 1500.0), peer),
        Some(Verdict::PeerMoved),
    );
    let only_peer: Counts = [(peer.to_owned(), 1000.0)].into_iter().collect();
    expect("missing", verdict(&only_peer, ours), Some(Verdict::Missing));
    let mut more = table(1000.0, 1000.0);
    more.insert("g/authparse new".to_owned(), 5.0);
    expect("new", verdict(&more, "g/authparse new"), Some(Verdict::New));
    let partial = compare(&base, &only_peer, TOLERANCE, false, is_ours);
    if partial.iter().any(|r| r.id == ours) {
        errors.push("a filtered run reported an unrun case".to_owned());
    }
    let failing = compare(&base, &table(1105.0, 1500.0), TOLERANCE, true, is_ours)
        .iter()
        .filter(|r| r.verdict.fails())
        .count();
    if failing != 1 {
        errors.push(format!(
            "+10.5 % and a peer +50 %: {failing} failing rows, want 1"
        ));
    }
    errors
}
