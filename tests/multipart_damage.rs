//! Damaged multipart password forms in the FastAPI profile: each test
//! states one rule of python-multipart 0.0.34 / Starlette 1.10 (as FastAPI
//! 0.165.0 applies them, spec §6.4) and checks it over every position or
//! byte value, so that a change in the framing fails here.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::multipart::{parts, parts_strict, MultipartError};
use authparse::Request;
use proptest::prelude::*;

const INVALID: &str = r#"{"detail":"Invalid multipart data."}"#;
const NAMELESS: &str =
    r#"{"detail":"The Content-Disposition header field \"name\" must be provided."}"#;

/// Status and body of the form's answer for `body` with boundary `XB`.
fn answer(body: &[u8]) -> (u16, String) {
    answer_with(body, "multipart/form-data; boundary=XB", false)
}

fn answer_with(body: &[u8], content_type: &str, strict_class: bool) -> (u16, String) {
    let form = if strict_class {
        OAuth2PasswordRequestFormStrict::new()
    } else {
        OAuth2PasswordRequestForm::new()
    };
    decide(form, body, content_type)
}

fn decide(form: OAuth2PasswordRequestForm, body: &[u8], content_type: &str) -> (u16, String) {
    let headers = [("content-type", content_type)];
    let req = Request::new(&headers).with_body(body);
    let mut buf = vec![0u8; 2 * body.len() + 16];
    let outcome = form.extract(&req, &mut buf).expect("a decision");
    let status = outcome.status();
    let text = match &outcome {
        FormOutcome::Form(f) => format!("{}:{}", f.username, f.password),
        other => {
            let mut out = vec![0u8; 1 << 16];
            other.write_body(&mut out).expect("a body").to_string()
        }
    };
    (status, text)
}

fn part(name: &str, value: &str) -> Vec<u8> {
    format!("--XB\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        .into_bytes()
}

/// `username=john`, `password=secret`, closed.
fn valid() -> Vec<u8> {
    let mut body = part("username", "john");
    body.extend(part("password", "secret"));
    body.extend(b"--XB--\r\n");
    body
}

fn missing(fields: &[&str]) -> String {
    let errors: Vec<String> = fields
        .iter()
        .map(|f| {
            format!(
                r#"{{"type":"missing","loc":["body","{f}"],"msg":"Field required","input":null}}"#
            )
        })
        .collect();
    format!(r#"{{"detail":[{}]}}"#, errors.join(","))
}

fn step() -> usize {
    if cfg!(miri) {
        17
    } else {
        1
    }
}

#[test]
fn a_body_cut_anywhere_keeps_the_parts_completed_before_the_cut() {
    let body = valid();
    let find = |needle: &[u8], from: usize| {
        from + body[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    // A part counts once `\r\n--XB` and two more bytes (CRLF or `--`) follow it.
    let username_done = find(b"john\r\n--XB", 0) + b"john\r\n--XB".len() + 2;
    let password_done = find(b"secret\r\n--XB", 0) + b"secret\r\n--XB".len() + 2;
    for cut in (0..=body.len()).step_by(step()) {
        let expected = match (cut >= username_done, cut >= password_done) {
            (true, true) => (200, "john:secret".to_string()),
            (true, false) => (422, missing(&["password"])),
            _ => (422, missing(&["username", "password"])),
        };
        assert_eq!(answer(&body[..cut]), expected, "cut at {cut}");
    }
}

#[test]
fn only_cr_and_lf_may_come_first_and_they_skip_to_the_first_dash() {
    let body = valid();
    for lead in [
        &b"\r\n"[..],
        b"\n",
        b"\r",
        b"\r\n\r\n\n\r",
        b"\r\nany preamble\r\n",
    ] {
        let mut b = lead.to_vec();
        b.extend(&body);
        assert_eq!(answer(&b), (200, "john:secret".into()), "{lead:?}");
    }
    for first in (0..=255u8).filter(|b| !matches!(b, b'\r' | b'\n' | b'-')) {
        let mut b = vec![first, b'\r', b'\n'];
        b.extend(&body);
        assert_eq!(answer(&b), (400, INVALID.into()), "first byte {first:#04x}");
    }
    // A dash in the skipped text starts the delimiter there.
    let mut b = b"\r\npre-amble\r\n".to_vec();
    b.extend(&body);
    assert_eq!(answer(&b), (400, INVALID.into()));
    // The strict profile allows any preamble (RFC 2046 §5.1.1).
    let mut b = b"any preamble\r\n".to_vec();
    b.extend(&body);
    assert_eq!(parts_strict(&b, b"XB").filter(Result::is_ok).count(), 2);
    assert_eq!(
        parts(&b, b"XB").next(),
        Some(Err(MultipartError::Malformed))
    );
}

#[test]
fn every_byte_in_place_of_a_header_name_byte() {
    let body = valid();
    let at = body.windows(11).position(|w| w == b"Disposition").unwrap();
    for b in 0..=255u8 {
        let mut damaged = body.clone();
        damaged[at] = b;
        let tchar = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        let expected = match b {
            b'D' | b'd' => (200, "john:secret".to_string()),
            // Another header name, or `Content-` with the rest as its value:
            // the part has no Content-Disposition.
            _ if tchar || b == b':' => (400, NAMELESS.to_string()),
            _ => (400, INVALID.to_string()),
        };
        assert_eq!(answer(&damaged), expected, "byte {b:#04x}");
    }
}

#[test]
fn a_cr_not_followed_by_lf_in_the_headers_is_invalid() {
    let body = valid();
    let headers_end = body.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let start = b"--XB\r\n".len();
    for at in (start..headers_end).step_by(step()) {
        let mut damaged = body.clone();
        damaged.insert(at, b'\r');
        // In a name it is not a `tchar`; in a value or at a line's start it is
        // not followed by LF.
        assert_eq!(
            answer(&damaged),
            (400, INVALID.into()),
            "CR inserted at {at}"
        );
    }
    // And an empty header name (`:` first) or a line without a colon.
    for line in [&b": v\r\n"[..], b"NoColon\r\n", b"Bad Name: v\r\n"] {
        let mut damaged = body.clone();
        damaged.splice(start..start, line.iter().copied());
        assert_eq!(answer(&damaged), (400, INVALID.into()), "{line:?}");
    }
}

#[test]
fn header_limits_are_python_multipart_s() {
    let with_headers = |count: usize, value_len: usize| {
        let mut b = b"--XB\r\nContent-Disposition: form-data; name=\"username\"\r\n".to_vec();
        for i in 1..count {
            b.extend(format!("X-{i}: {}\r\n", "v".repeat(value_len)).as_bytes());
        }
        b.extend(b"\r\njohn\r\n");
        b.extend(part("password", "secret"));
        b.extend(b"--XB--");
        b
    };
    assert_eq!(answer(&with_headers(8, 1)).0, 200);
    assert_eq!(answer(&with_headers(9, 1)), (400, INVALID.into()));
    // One line: name, colon, space and value count, at most 4224 bytes.
    let line = |len: usize| "X-1: ".len() + len;
    assert_eq!(answer(&with_headers(2, 4224 - line(0))).0, 200);
    assert_eq!(
        answer(&with_headers(2, 4225 - line(0))),
        (400, INVALID.into())
    );
}

#[test]
fn a_nameless_part_is_reported_when_its_headers_end() {
    let nameless = b"--XB\r\nContent-Disposition: form-data; =\"f\"\r\n\r\n".to_vec();
    // Whatever follows the headers, even nothing, a bad delimiter or a cut.
    for tail in [
        &b""[..],
        b"v",
        b"v\r\n",
        b"v\r\n--XB",
        b"v\r\n--XB  x\r\n",
        b"v\r\n--XB--",
    ] {
        let mut b = nameless.clone();
        b.extend(tail);
        assert_eq!(answer(&b), (400, NAMELESS.into()), "{tail:?}");
    }
    // Cut before the headers end, the part never started.
    assert_eq!(answer(&nameless[..nameless.len() - 1]).0, 422);
}

#[test]
fn delimiter_endings() {
    let body = |tail: &[u8]| {
        let mut b = part("username", "john");
        b.extend(b"--XB");
        b.extend(tail);
        b.extend(b"Content-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n--XB--");
        b
    };
    assert_eq!(answer(&body(b"\r\n")).0, 200);
    // Transport padding, then CRLF.
    assert_eq!(answer(&body(b" \t \r\n")).0, 200);
    // Padding followed by anything but CRLF is invalid.
    assert_eq!(answer(&body(b" x\r\n")), (400, INVALID.into()));
    assert_eq!(answer(&body(b" \r\r\n")), (400, INVALID.into()));
    // `--XB` followed by another byte is data: username holds the rest.
    let (status, text) = answer(&body(b"x\r\n"));
    assert_eq!(status, 422, "{text}");
    // The close delimiter needs no CRLF; the epilogue is ignored.
    let mut closed = valid();
    closed.truncate(closed.len() - 2);
    closed.extend(b"epilogue \x00\xff");
    assert_eq!(answer(&closed).0, 200);
    // `--XB-` not followed by `-` at the start: invalid.
    assert_eq!(answer(b"--XB-x"), (400, INVALID.into()));
}

#[test]
fn file_parts_in_text_fields() {
    let file = |filename: &str, data: &str| {
        let mut b = part("username", "john");
        b.extend(
            format!(
                "--XB\r\nContent-Disposition: form-data; name=\"password\"; filename=\"{filename}\"\r\n\r\n{data}\r\n--XB--"
            )
            .as_bytes(),
        );
        b
    };
    let (status, text) = answer(&file("f", "secret"));
    assert_eq!(status, 422);
    assert!(text.starts_with(r#"{"detail":[{"type":"string_type","loc":["body","password"],"msg":"Input should be a valid string","input":{"filename":"f","file":{"_file":{}"#), "{text}");
    assert!(text.ends_with(r#""size":6,"headers":{"content-disposition":"form-data; name=\"password\"; filename=\"f\""},"_max_mem_size":1048576}}]}"#), "{text}");
    // An empty file input (no name, no data) counts as missing.
    assert_eq!(answer(&file("", "")), (422, missing(&["password"])));
    // A Windows path keeps only its last segment, which may be empty.
    assert_eq!(
        answer(&file("C:\\\\dir\\\\", "")),
        (422, missing(&["password"]))
    );
    let (_, text) = answer(&file("C:\\\\dir\\\\x.txt", ""));
    assert!(text.contains(r#""filename":"x.txt""#), "{text}");
    // The strict class lists grant_type first.
    let (_, text) = answer_with(&file("f", "a\n"), "multipart/form-data; boundary=XB", true);
    assert!(
        text.starts_with(r#"{"detail":[{"type":"missing","loc":["body","grant_type"]"#),
        "{text}"
    );
    assert!(text.contains(r#""file":{"97":10}"#), "{text}");
}

#[test]
fn configured_limits_are_stated() {
    // The 400 states the configured limit, as Starlette formats its own.
    let ct = "multipart/form-data; boundary=XB";
    let one = OAuth2PasswordRequestForm::new().max_fields(1);
    let mut body = valid();
    body.extend(b"--XB--\r\n");
    let too_many = r#"{"detail":"Too many fields. Maximum number of fields is 1."}"#;
    assert_eq!(decide(one, &body, ct), (400, too_many.into()));
    // File parts are counted apart, against the same limit.
    let file = |name: &str| {
        format!(
            "--XB\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f\"\r\n\r\nd\r\n"
        )
    };
    let files = format!(
        "{}{}{}--XB--\r\n",
        String::from_utf8(part("username", "u")).unwrap(),
        file("a"),
        file("b")
    );
    let too_many_files = r#"{"detail":"Too many files. Maximum number of files is 1."}"#;
    assert_eq!(
        decide(one, files.as_bytes(), ct),
        (400, too_many_files.into())
    );
    assert_eq!(decide(one.max_fields(2), files.as_bytes(), ct).0, 422);
    // The size in KB, rounded down (Starlette's `int(max_part_size / 1024)`).
    let small = OAuth2PasswordRequestForm::new().max_field_size(3000);
    let big = part("password", &"p".repeat(3001));
    let too_big = r#"{"detail":"Part exceeded maximum size of 2KB."}"#;
    assert_eq!(decide(small, &big, ct), (400, too_big.into()));
    let tiny = OAuth2PasswordRequestForm::new().max_field_size(1000);
    let zero = r#"{"detail":"Part exceeded maximum size of 0KB."}"#;
    assert_eq!(
        decide(tiny, &part("password", &"p".repeat(1001)), ct),
        (400, zero.into())
    );
}

#[test]
fn starlette_limits() {
    // Starlette's limits (1000 fields, 1 MiB); smaller ones under Miri.
    let (max_fields, max_size) = if cfg!(miri) {
        (10, 64)
    } else {
        (1000, 1024 * 1024)
    };
    let form = OAuth2PasswordRequestForm::new()
        .max_fields(max_fields)
        .max_field_size(max_size);
    let ct = "multipart/form-data; boundary=XB";
    let mut many = Vec::new();
    for _ in 0..=max_fields {
        many.extend(part("x", ""));
    }
    let too_many =
        format!(r#"{{"detail":"Too many fields. Maximum number of fields is {max_fields}."}}"#);
    assert_eq!(decide(form, &many, ct), (400, too_many.clone()));
    // Counted when the headers end, even if the body is cut after them.
    many.truncate(many.len() - 2);
    assert_eq!(decide(form, &many, ct), (400, too_many));
    let mut at_limit = part("password", &"p".repeat(max_size));
    at_limit.extend(b"--XB--");
    assert_eq!(decide(form, &at_limit, ct).0, 422);
    let big = part("password", &"p".repeat(max_size + 1));
    let too_big = format!(
        r#"{{"detail":"Part exceeded maximum size of {}KB."}}"#,
        max_size / 1024
    );
    assert_eq!(decide(form, &big, ct), (400, too_big.clone()));
    // The data of a cut part counts too.
    assert_eq!(decide(form, &big[..big.len() - 2], ct), (400, too_big));
    // Boundaries: none is a 400 of its own, over 256 bytes is invalid.
    assert_eq!(
        answer_with(&valid(), "multipart/form-data", false),
        (400, r#"{"detail":"Missing boundary in multipart."}"#.into())
    );
    let long = format!("multipart/form-data; boundary={}", "b".repeat(257));
    assert_eq!(answer_with(&valid(), &long, false), (400, INVALID.into()));
}

#[test]
fn charset_decides_how_text_is_decoded() {
    let mut body = part("username", "j\u{e9}");
    body.extend(part("password", "secret"));
    body.extend(b"--XB--");
    let ct = |cs: &str| format!("multipart/form-data; boundary=XB; charset={cs}");
    assert_eq!(answer_with(&body, &ct("utf-8"), false).1, "j\u{e9}:secret");
    assert_eq!(answer_with(&body, &ct("UTF8"), false).1, "j\u{e9}:secret");
    assert_eq!(
        answer_with(&body, &ct("latin-1"), false).1,
        "j\u{c3}\u{a9}:secret"
    );
    assert_eq!(
        answer_with(&body, &ct("no-such-codec"), false).1,
        "j\u{c3}\u{a9}:secret"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 512 }))]

    /// Any bytes in any place: a decision, never a panic, and the tokenizer
    /// agrees with the form about framing errors.
    #[test]
    fn any_damage_gives_a_decision(
        at in 0usize..200,
        bytes in proptest::collection::vec(any::<u8>(), 0..6),
        replace in any::<bool>(),
    ) {
        let mut body = valid();
        let at = at.min(body.len());
        let end = if replace { (at + bytes.len()).min(body.len()) } else { at };
        body.splice(at..end, bytes);
        let (status, text) = answer(&body);
        prop_assert!(matches!(status, 200 | 400 | 422));
        let framing_error = parts(&body, b"XB").any(|p| p == Err(MultipartError::Malformed));
        prop_assert_eq!(framing_error, text == INVALID, "{}", text);
    }
}

#[test]
fn a_quoted_boundary_is_unescaped_as_python_multipart_does() {
    let body = |b: &str| {
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--{b}\r\n\
             Content-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n--{b}--"
        )
        .into_bytes()
    };
    let ok = (200, "john:secret".to_string());
    let escaped = r#"multipart/form-data; boundary="a\\b""#;
    assert_eq!(answer_with(&body("a\\b"), escaped, false), ok);
    assert_eq!(
        answer_with(&body("a\\\\b"), escaped, false),
        (400, INVALID.into())
    );
    let quote = r#"multipart/form-data; boundary="a\"b""#;
    assert_eq!(answer_with(&body("a\"b"), quote, false), ok);
    let semicolon = r#"multipart/form-data; boundary="a;b""#;
    assert_eq!(answer_with(&body("a;b"), semicolon, false), ok);
}

/// Boundaries of every length the form reads (python-multipart's 256, not
/// RFC 2046's 70) are the helper's too, and a longer one is neither's.
#[test]
fn the_public_boundary_has_the_forms_length_limit() {
    let lengths: &[usize] = if cfg!(miri) {
        &[70, 71, 257]
    } else {
        &[1, 70, 71, 200, 256, 257, 300]
    };
    for &n in lengths {
        let b = "b".repeat(n);
        let body = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--{b}\r\n\
             Content-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n--{b}--"
        );
        let ct = format!("multipart/form-data; boundary={b}");
        let form = answer_with(body.as_bytes(), &ct, false);
        let helper = authparse::multipart::boundary(ct.as_bytes());
        if n <= authparse::multipart::MAX_BOUNDARY_LEN {
            assert_eq!(form, (200, "john:secret".into()), "{n}");
            assert_eq!(helper, Some(b.as_bytes()), "{n}");
            assert_eq!(parts(body.as_bytes(), b.as_bytes()).count(), 2, "{n}");
        } else {
            assert_eq!(form.0, 400, "{n}");
            assert_eq!(helper, None, "{n}");
        }
    }
}

/// `multipart::boundary` + `parts` frame the body as the form (and
/// python-multipart's `parse_options_header`) does: the last `boundary`
/// wins, `;` inside quotes does not split.
#[test]
fn the_public_boundary_is_the_one_the_form_uses() {
    let body = b"--z\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--z\r\n\
                 Content-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n--z--";
    for ct in [
        "multipart/form-data; boundary=x; boundary=z",
        r#"multipart/form-data; charset="a;boundary=q"; boundary=z"#,
        r#"multipart/form-data; boundary="z""#,
    ] {
        assert_eq!(answer_with(body, ct, false), (200, "john:secret".into()));
        let b = authparse::multipart::boundary(ct.as_bytes()).expect(ct);
        let read: Vec<_> = parts(body, b)
            .map(|p| p.map(|p| (p.name, p.data)))
            .collect();
        assert_eq!(
            read,
            [
                Ok((&b"username"[..], &b"john"[..])),
                Ok((&b"password"[..], &b"secret"[..]))
            ],
            "{ct}"
        );
    }
}
