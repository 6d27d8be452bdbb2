//! The text field as browsers send it, read in one step (64-bit targets
//! only: speed; microcontrollers keep the one general reader, for flash).
//!
//! `Content-Disposition: form-data; name="…"` alone, the empty line, then
//! data whose first CR starts the delimiter: everything the general reader
//! ([`headers`](super::headers), [`part_data`],
//! [`plain_name`](super::options::plain_name)) would find, from one
//! scan of the line and one of the data. Any other shape goes to the
//! general reader, which the tests compare this one with.

use super::{bytes, find_byte, part_data, Boundary, Ending, Headers, MAX_HEADER_SIZE};

/// The line browsers send for a text field,
/// `Content-Disposition: form-data; name="…"` (the header name in any case,
/// one SP, no `"`, `\\` or CR inside the quotes, CRLF right after them),
/// read in one scan that finds the closing quote and the CR together:
/// `(value, name, rest)` as [`header_line`](super::header_line) and
/// [`plain_name`](super::options::plain_name)
/// read them, or `None` for any other line (then they read it).
#[inline]
pub(super) fn disposition_line(line: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    use bytes::word_eq_lower as eq;
    // `content-disposition:` (folded), then ` form-data; name="` exactly.
    const VALUE_AT: usize = 21;
    const NAME_AT: usize = 38;
    let head = line.first_chunk::<NAME_AT>()?;
    if !(eq(head, 0, b"content-")
        && eq(head, 8, b"disposit")
        && eq(head, 12, b"osition:")
        && head.get(19..) == Some(&b": form-data; name=\""[..]))
    {
        return None;
    }
    let after = line.get(NAME_AT..)?;
    let quote = bytes::find_any3(after, b'"', b'\\', b'\r')?;
    let (name, tail) = after.split_at_checked(quote)?;
    let rest = tail.strip_prefix(b"\"\r\n")?;
    let cr = NAME_AT.wrapping_add(quote).wrapping_add(1);
    if cr > MAX_HEADER_SIZE {
        return None;
    }
    Some((line.get(VALUE_AT..cr)?, name, rest))
}

/// A part as browsers send a text field: the [`disposition_line`] alone,
/// the empty line, then the data, read as [`headers`](super::headers) and [`part_data`]
/// read it: `(headers, (data, ending, rest))`, or `None` for other header
/// blocks. The data's first CR is tried as the delimiter right away (the
/// usual value has no CR); any other data goes to [`part_data`].
#[inline(always)]
#[allow(clippy::type_complexity)]
pub(crate) fn browser_part<'a>(
    at: &'a [u8],
    boundary: Boundary<'_>,
) -> Option<(Headers<'a>, (&'a [u8], Ending, &'a [u8]))> {
    let (value, name, next) = disposition_line(at)?;
    let data = next.strip_prefix(b"\r\n")?;
    let headers = Headers {
        len: at.len().wrapping_sub(next.len()),
        disposition: Some(value),
        content_type: None,
        name: Some(name),
    };
    Some((
        headers,
        first_delimiter(data, boundary).unwrap_or_else(|| part_data(data, boundary)),
    ))
}

/// [`part_data`] when the data's first CR starts the delimiter and CRLF or
/// `--` follows it; `None` otherwise.
#[inline(always)]
fn first_delimiter<'a>(
    data: &'a [u8],
    boundary: Boundary<'_>,
) -> Option<(&'a [u8], Ending, &'a [u8])> {
    let cr = find_byte(data, b'\r')?;
    let (content, delimiter) = data.split_at_checked(cr)?;
    let after = delimiter.strip_prefix(b"\r\n--")?;
    if !boundary.starts(after) {
        return None;
    }
    match after.get(boundary.len()..)? {
        [b'\r', b'\n', rest @ ..] => Some((content, Ending::Next, rest)),
        [b'-', b'-', ..] => Some((content, Ending::Close, &[])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{disposition_params, header_line, headers, options, Known};
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    /// Bodies after a boundary line, near the browser's shape and off it:
    /// a head, name pieces, the line's end, data pieces, a delimiter, more.
    fn near_browser_part() -> impl Strategy<Value = Vec<u8>> {
        let select = |options: &'static [&'static str]| proptest::sample::select(options);
        // The usual shapes repeated: the shortcut answers for a fair share.
        let head = select(&[
            "Content-Disposition: form-data; name=\"",
            "Content-Disposition: form-data; name=\"",
            "Content-Disposition: form-data; name=\"",
            "content-DISPOSITION: form-data; name=\"",
            "Content-Disposition:  form-data; name=\"",
            "Content-Disposition: form-data; name=",
            "Content-Disposition: Form-data; name=\"",
            "Content-Type: text/plain\r\n",
            "",
        ]);
        let piece = select(&[
            "\"", "\\", "\r", "\n", "\r\n", "a", "a", "a", ";", " ", "-", "XB", "\u{e9}",
            "\r\n--XB",
        ]);
        let line_end = select(&[
            "\"\r\n\r\n",
            "\"\r\n\r\n",
            "\"\r\n\r\n",
            "\"\r\n\r\n",
            "\"\r\n",
            "\"\r\nContent-Type: text/plain\r\n\r\n",
            "\"; filename=\"f\"\r\n\r\n",
            "\" \r\n\r\n",
            "\"\r\r\n",
            "",
        ]);
        let delimiter = select(&[
            "\r\n--XB\r\n",
            "\r\n--XB\r\n",
            "\r\n--XB--",
            "\r\n--XB-",
            "\r\n--XB",
            "\r\n--XBx",
            "\r\n--XB \r\n",
            "\r\n--X",
            "\r\n-",
            "",
        ]);
        let pieces = |n| proptest::collection::vec(piece.clone(), 0..n);
        (head, pieces(4), line_end, pieces(6), delimiter, pieces(3)).prop_map(
            |(head, name, line_end, data, delimiter, more)| {
                let mut body = Vec::new();
                for p in [&[head][..], &name, &[line_end], &data, &[delimiter], &more].concat() {
                    body.extend_from_slice(p.as_bytes());
                }
                body
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 2048 }))]

        /// The one-scan disposition line gives what the line reader and
        /// the parameter split give, wherever it answers.
        #[test]
        fn disposition_line_matches_the_plain_path(at in near_browser_part()) {
            if let Some((value, name, rest)) = disposition_line(&at) {
                let Some(Ok((known, plain_value, plain_rest))) = header_line(&at) else {
                    panic!("{at:?}");
                };
                prop_assert_eq!((known, plain_value, plain_rest), (Some(Known::Disposition), value, rest));
                prop_assert_eq!(
                    options::parameters(value, [b"name", b"filename"]),
                    [Some(options::Value { raw: name, quoted: true }), None]
                );
            }
        }

        /// The one-step part gives what the header loop and the data
        /// reader give, wherever it answers.
        #[test]
        fn browser_part_matches_the_plain_path(at in near_browser_part()) {
            let b = Boundary::plain(b"XB");
            if let Some((h, (data, ending, rest))) = browser_part(&at, b) {
                let Some(Ok(plain)) = headers(&at) else { panic!("{at:?}") };
                prop_assert_eq!(
                    (h.len, h.disposition, h.content_type),
                    (plain.len, plain.disposition, plain.content_type)
                );
                prop_assert_eq!(
                    disposition_params(h.disposition),
                    Some((options::Value { raw: h.name.unwrap(), quoted: true }, None))
                );
                let (d, e, r) = part_data(&at[plain.len + 2..], b);
                prop_assert_eq!((data, ending, rest), (d, e, r));
            }
            // And the header loop's own shortcut keeps the name of the
            // last disposition line only.
            if let Some(Ok(h)) = headers(&at) {
                if let Some(name) = h.name {
                    prop_assert_eq!(
                        options::parameters(h.disposition.unwrap(), [b"name", b"filename"]),
                        [Some(options::Value { raw: name, quoted: true }), None]
                    );
                }
            }
        }
    }

    #[test]
    fn the_browser_part_takes_the_shortcut() {
        let at = b"Content-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--XB\r\nnext";
        let (h, (data, ending, rest)) = browser_part(at, Boundary::plain(b"XB")).unwrap();
        assert_eq!(
            (h.name, data, ending, rest),
            (
                Some(&b"username"[..]),
                &b"john"[..],
                Ending::Next,
                &b"next"[..]
            )
        );
        let with_cr = b"Content-Disposition: form-data; name=\"u\"\r\n\r\na\rb\r\n--XB--";
        let (_, (data, ending, _)) = browser_part(with_cr, Boundary::plain(b"XB")).unwrap();
        assert_eq!((data, ending), (&b"a\rb"[..], Ending::Close));
        let two_lines =
            b"Content-Disposition: form-data; name=\"u\"\r\nContent-Type: text/plain\r\n\r\n";
        assert!(browser_part(two_lines, Boundary::plain(b"XB")).is_none());
        assert_eq!(headers(two_lines).unwrap().unwrap().name, Some(&b"u"[..]));
    }
}
