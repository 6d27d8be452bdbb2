//! A whole request through httparse, for scale.

use super::*;

/// A whole request with nine headers (for scale).
pub fn request_9_headers() -> String {
    format!(
        "POST /token?page=2 HTTP/1.1\r\nHost: api.example.org\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: application/json\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\nAuthorization: {BASIC_SHORT}\r\nContent-Type: {FORM_CT}\r\nContent-Length: {}\r\nCookie: {}\r\n\r\n",
        FORM.len(),
        cookie_header_10()
    )
}

pub(super) fn httparse_request<R: Runner>(r: &mut R) {
    let request: &'static str = Box::leak(request_9_headers().into_boxed_str());
    let mut h = [httparse::EMPTY_HEADER; 16];
    let mut req = httparse::Request::new(&mut h);
    assert!(req.parse(request.as_bytes()).unwrap().is_complete());
    assert_eq!(req.headers.len(), 9);

    r.group("httparse_request", request.len());
    r.case("httparse Request::parse (9 headers)", move || {
        let mut h = [httparse::EMPTY_HEADER; 16];
        let mut req = httparse::Request::new(&mut h);
        match req.parse(black_box(request).as_bytes()) {
            Ok(httparse::Status::Complete(n)) => n + req.headers.len(),
            _ => 0,
        }
    });
}
