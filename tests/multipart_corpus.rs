//! Multipart password forms against FastAPI 0.165.0's recorded answers:
//!
//! - every body of python-multipart's own test corpus (`data/python-multipart/`,
//!   vendored byte for byte), sent with its `.yaml` boundary to both
//!   `OAuth2PasswordRequestForm` and `OAuth2PasswordRequestFormStrict`
//!   (`data/fastapi-multipart-corpus.jsonl`);
//! - the public multipart cases (`data/fastapi-multipart-public.jsonl`);
//! - generated well-formed and damaged bodies
//!   (`data/fastapi-multipart-generated.jsonl`, see
//!   `scripts/multipart-oracle/`).
//!
//! The answers are compared as JSON values: status and response body. And
//! the FastAPI-profile tokenizer reads each corpus body as python-multipart's
//! own `.yaml` expectation says (parts, or a parse error).

use authparse_conformance as cases;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

fn read_cases(text: &str) -> Vec<Value> {
    cases::read_cases(text).expect("the case file")
}

fn assert_all_agree(cases: &[Value], at_least: usize) {
    if let Err(report) = cases::check_all(cases, at_least) {
        panic!("{report}");
    }
}

/// The `boundary:` line of a corpus `.yaml` file.
fn yaml_boundary(yaml: &str) -> String {
    yaml.lines()
        .find_map(|l| l.strip_prefix("boundary:"))
        .map(|b| b.trim().to_string())
        .expect("a boundary line")
}

#[test]
fn python_multipart_corpus_agrees_with_fastapi_for_both_form_classes() {
    let expected: BTreeMap<String, Value> =
        read_cases(include_str!("data/fastapi-multipart-corpus.jsonl"))
            .into_iter()
            .map(|c| (c["id"].as_str().expect("an id").to_string(), c))
            .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/python-multipart");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .expect("the vendored corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "http"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert_eq!(stems.len(), 30, "python-multipart's corpus has 30 bodies");
    let mut cases = Vec::new();
    for stem in &stems {
        let body = std::fs::read(dir.join(format!("{stem}.http"))).expect("the body");
        let yaml = std::fs::read_to_string(dir.join(format!("{stem}.yaml"))).expect("the yaml");
        let content_type = format!("multipart/form-data; boundary={}", yaml_boundary(&yaml));
        for (class, id) in [
            ("OAuth2PasswordRequestForm", format!("mp-{stem}")),
            (
                "OAuth2PasswordRequestFormStrict",
                format!("mp-strict-{stem}"),
            ),
        ] {
            let recorded = expected
                .get(&id)
                .unwrap_or_else(|| panic!("no answer for {id}"));
            // The body and Content-Type FastAPI answered are these files.
            let request = json!({
                "headers": [["content-type", content_type]],
                "query": "",
                "body": cases::latin1_text(&body),
            });
            assert_eq!(recorded["request"], request, "{id}: not the corpus body");
            cases.push(json!({
                "id": id,
                "scheme": {"class": class},
                "request": request,
                "expect": recorded["expect"],
            }));
        }
    }
    assert_all_agree(&cases, 60);
}

#[test]
fn public_multipart_cases_agree_with_fastapi() {
    assert_all_agree(
        &read_cases(include_str!("data/fastapi-multipart-public.jsonl")),
        30,
    );
}

#[test]
fn generated_damaged_bodies_agree_with_fastapi() {
    let text = include_str!("data/fastapi-multipart-generated.jsonl");
    let all = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(all, 500);
    // One case in 25 under Miri (parsing the whole file there takes long).
    let every = if cfg!(miri) { 25 } else { 1 };
    let lines: Vec<&str> = text.lines().step_by(every).collect();
    let cases = read_cases(&lines.join("\n"));
    if !cfg!(miri) {
        // The set covers every kind of answer the multipart path has.
        let detail = |c: &Value| c["expect"]["body"]["detail"].clone();
        for wanted in [
            "Invalid multipart data.",
            "The Content-Disposition header field \"name\" must be provided.",
            "Missing boundary in multipart.",
        ] {
            assert!(
                cases.iter().any(|c| detail(c) == wanted),
                "no '{wanted}' case"
            );
        }
        for kind in ["missing", "string_type", "string_pattern_mismatch"] {
            assert!(
                cases.iter().any(|c| detail(c)
                    .as_array()
                    .is_some_and(|errors| errors.iter().any(|e| e["type"] == kind))),
                "no '{kind}' case"
            );
        }
        assert!(cases.iter().any(|c| c["expect"]["status"] == 200));
    }
    assert_all_agree(&cases, all / every);
}

/// `(name, is_file, data)` of each part a corpus `.yaml` expects, or `None`
/// when it expects python-multipart to fail.
fn yaml_parts(yaml: &str) -> Option<Vec<(String, bool, Vec<u8>)>> {
    use base64::Engine as _;
    if yaml.contains("error:") {
        return None;
    }
    let mut parts: Vec<(String, bool, String)> = Vec::new();
    let mut in_data = false;
    for line in yaml.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix("- name: ") {
            parts.push((name.to_string(), false, String::new()));
            in_data = false;
        } else if let Some(kind) = t.strip_prefix("type: ") {
            parts.last_mut().expect("a part").1 = kind == "file";
        } else if t.starts_with("data: !!binary") {
            in_data = true;
        } else if in_data && !t.is_empty() && !t.contains(':') {
            parts.last_mut().expect("a part").2.push_str(t);
        } else {
            in_data = false;
        }
    }
    Some(
        parts
            .into_iter()
            .map(|(name, file, b64)| {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .expect("base64 data");
                (name, file, data)
            })
            .collect(),
    )
}

#[test]
fn the_fastapi_tokenizer_reads_the_corpus_as_python_multipart_expects() {
    use authparse::multipart::{parts, MultipartError};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/python-multipart");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the vendored corpus") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        // Fed by python-multipart's tests with another boundary; and the
        // parts with a Content-Transfer-Encoding that its FormParser decodes.
        let yaml = std::fs::read_to_string(&path).expect("the yaml");
        let body = std::fs::read(path.with_extension("http")).expect("the body");
        let transfer_encoded = body
            .to_ascii_lowercase()
            .windows(25)
            .any(|w| w == b"content-transfer-encoding");
        if stem == "single_field_blocks" || transfer_encoded {
            continue;
        }
        let boundary = yaml_boundary(&yaml);
        let got: Result<Vec<(String, bool, Vec<u8>)>, MultipartError> =
            parts(&body, boundary.as_bytes())
                .map(|p| {
                    p.map(|p| {
                        (
                            String::from_utf8_lossy(p.name).into_owned(),
                            p.filename.is_some(),
                            p.data.to_vec(),
                        )
                    })
                })
                .collect();
        match yaml_parts(&yaml) {
            Some(expected) => assert_eq!(got, Ok(expected), "{stem}"),
            None => assert_eq!(got, Err(MultipartError::Malformed), "{stem}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 25);
}
