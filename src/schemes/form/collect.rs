//! Reading the body: which raw value each field gets (the last one sent),
//! how it is encoded, and Starlette's form limits.
//!
//! What is kept per field is a view and one byte: the values are decoded
//! only once the whole body has been read (`validate.rs`).

use super::upload::UploadedFile;
use super::{Field, OAuth2PasswordRequestForm, Rejection};
use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::base::whitespace::trim_ows;
use crate::codec::multipart::{self, Charset, Ending, Read};
use crate::codec::urlencoded::{self, component_eq, component_eq_strict, Pair};

/// How a chosen value is encoded.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
pub(super) enum Kind {
    /// A urlencoded value, decoded as Starlette does.
    Urlencoded,
    /// A urlencoded value, decoded by WHATWG rules (strict).
    UrlencodedStrict,
    /// Multipart data, decoded with the request's charset.
    Multipart,
    /// A multipart file part (the whole part): never text.
    File,
}

/// The raw value chosen for each field, how it is encoded, and which
/// fields were sent more than once. Small on purpose (a view and a byte
/// per field): it is alive across the whole decoding.
pub(super) struct Collected<'r> {
    values: [&'r [u8]; 6],
    kinds: [Option<Kind>; 6],
    /// Bit `i`: field `i` was sent more than once.
    repeated: u8,
    /// The multipart `charset` (Starlette's decoding of part data).
    pub(super) charset: Charset,
}

impl<'r> Collected<'r> {
    /// No field sent.
    pub(super) const NONE: Collected<'static> = Collected {
        values: [&[]; 6],
        kinds: [None; 6],
        repeated: 0,
        charset: Charset::Utf8,
    };

    fn record(&mut self, field: Field, kind: Kind, bytes: &'r [u8]) {
        if self.kinds.get(field.index()).is_some_and(Option::is_some) {
            self.repeated |= field.bit();
        }
        self.record_last(field, kind, bytes);
    }

    /// Sets the last value of `field`.
    fn record_last(&mut self, field: Field, kind: Kind, bytes: &'r [u8]) {
        let i = field.index();
        if let (Some(value), Some(k)) = (self.values.get_mut(i), self.kinds.get_mut(i)) {
            *value = bytes;
            *k = Some(kind);
        }
    }

    /// The first field (in declaration order) sent more than once.
    pub(super) fn first_repeated(&self) -> Option<Field> {
        Field::ALL
            .iter()
            .copied()
            .find(|f| self.repeated & f.bit() != 0)
    }

    /// The last value sent for `field`.
    pub(super) fn raw(&self, field: Field) -> Option<Raw<'r>> {
        let i = field.index();
        let bytes = *self.values.get(i)?;
        Some(match (*self.kinds.get(i)?)? {
            Kind::Urlencoded => Raw::Urlencoded(bytes),
            Kind::UrlencodedStrict => Raw::UrlencodedStrict(bytes),
            Kind::Multipart => Raw::Multipart(bytes, self.charset),
            Kind::File => Raw::File(UploadedFile {
                part: bytes,
                charset: self.charset,
            }),
        })
    }

    /// The text value of `field` to decode: sent, not empty, not a file.
    pub(super) fn text(&self, field: Field) -> Option<Raw<'r>> {
        self.raw(field)
            .filter(|r| !matches!(r, Raw::File(_)) && !r.bytes().is_empty())
    }

    /// The file part sent for `field`, if any.
    pub(super) fn file(&self, field: Field) -> Option<UploadedFile<'r>> {
        match self.raw(field)? {
            Raw::File(file) => Some(file),
            _ => None,
        }
    }

    /// Turns FastAPI's empty file inputs (no data, an empty file name: what
    /// browsers send for a file control left empty) into the empty text
    /// they count as. Done once the body is read, and out of line: the
    /// file-name parsing is never on the stack beside the body's.
    #[inline(never)]
    pub(super) fn drop_empty_files(&mut self) {
        for field in Field::ALL.iter().copied() {
            if self.file(field).is_some_and(|file| file.is_empty_input()) {
                self.record_last(field, Kind::Multipart, &[]);
            }
        }
    }
}

/// A chosen field value, still encoded.
#[derive(Clone, Copy)]
pub(super) enum Raw<'r> {
    Urlencoded(&'r [u8]),
    UrlencodedStrict(&'r [u8]),
    Multipart(&'r [u8], Charset),
    /// A file part: never text (and, once [`Collected::file`] has ruled
    /// out the empty file input, never empty).
    File(UploadedFile<'r>),
}

impl<'r> Raw<'r> {
    fn bytes(self) -> &'r [u8] {
        match self {
            Raw::Urlencoded(b) | Raw::UrlencodedStrict(b) | Raw::Multipart(b, _) => b,
            Raw::File(file) => file.part,
        }
    }

    /// Whether Starlette reads these multipart bytes as Latin-1.
    fn latin1(b: &[u8], charset: Charset) -> bool {
        charset == Charset::Latin1 && !b.is_ascii() || core::str::from_utf8(b).is_err()
    }

    /// Bytes of the caller's buffer the decoded value needs (0: a view):
    /// what its decoder reports when given no room (a value that needs the
    /// buffer decodes to some text). Only a failure asks, so the decoders
    /// count rather than a counting copy of each (flash).
    pub(super) fn buffer_len(self) -> usize {
        let no_room = match self {
            Raw::Urlencoded(b) if urlencoded::needs_decoding(b) => {
                urlencoded::decode_into(b, &mut []).err()
            }
            Raw::UrlencodedStrict(b) if urlencoded::needs_decoding_strict(b) => {
                urlencoded::decode_strict_into(b, &mut []).err()
            }
            // Starlette decodes part data with the charset, falling back to
            // Latin-1.
            Raw::Multipart(b, charset) if Self::latin1(b, charset) => {
                crate::base::text::latin1_to_utf8(b, &mut []).err()
            }
            _ => None,
        };
        match no_room {
            Some(Error::BufferTooSmall { needed }) => needed,
            _ => 0,
        }
    }

    /// Writes the value's bytes into `buf` without checking them: what the
    /// decoding produces when its result is valid UTF-8 (percent-decoding of
    /// an ASCII component, multipart data as sent), and whether the bytes
    /// may be non-ASCII (then the caller checks them). `None` when the value
    /// needs the careful path (raw bytes >= 0x80 in a FastAPI component) or
    /// `buf` is too short. 64-bit targets only (the fast path: speed).
    #[cfg(target_pointer_width = "64")]
    #[inline]
    pub(super) fn write_unchecked(self, buf: &mut [u8]) -> Option<(usize, bool)> {
        match self {
            Raw::Urlencoded(b) => urlencoded::percent_decode_ascii_high(b, buf),
            Raw::UrlencodedStrict(b) => urlencoded::percent_decode_high(b, buf),
            // The caller checks the output as UTF-8, so only the Latin-1
            // charset is ruled out here.
            Raw::Multipart(b, Charset::Latin1) if !b.is_ascii() => None,
            Raw::File(_) => None,
            Raw::Multipart(b, _) => {
                buf.get_mut(..b.len())?.copy_from_slice(b);
                Some((b.len(), !b.is_ascii()))
            }
        }
    }

    /// Decodes into the front of `buf` (or returns a view of the body) and
    /// hands back the rest of `buf`; the front taken is [`Self::buffer_len`].
    /// Each value's text is checked as UTF-8 once (multipart data: the view
    /// itself; a percent-decoding whose escapes gave only ASCII: once, as
    /// the `&str` is made).
    pub(super) fn decode_split<'o>(
        self,
        buf: &'o mut [u8],
    ) -> Result<(&'o str, &'o mut [u8]), Error>
    where
        'r: 'o,
    {
        let to_str = |b: &'o [u8]| core::str::from_utf8(b).map_err(|_| Error::InvalidUtf8);
        let n = match self {
            Raw::Urlencoded(b) if !urlencoded::needs_decoding(b) => return Ok((to_str(b)?, buf)),
            // An ASCII component: its percent-decoding is Starlette's answer
            // when it is UTF-8 (surely so when no escape gave a high byte).
            #[cfg(target_pointer_width = "64")]
            Raw::Urlencoded(b) => match urlencoded::percent_decode_ascii_high(b, buf) {
                Some((n, high))
                    if !high
                        || buf
                            .get(..n)
                            .is_some_and(|o| core::str::from_utf8(o).is_ok()) =>
                {
                    n
                }
                _ => urlencoded::decode_into(b, buf)?,
            },
            #[cfg(not(target_pointer_width = "64"))]
            Raw::Urlencoded(b) => urlencoded::decode_into(b, buf)?,
            Raw::UrlencodedStrict(b) if !urlencoded::needs_decoding_strict(b) => {
                return Ok((to_str(b)?, buf))
            }
            Raw::UrlencodedStrict(b) => urlencoded::decode_strict_into(b, buf)?,
            // Starlette decodes part data with the charset, falling back to
            // Latin-1 (what [`Self::latin1`] tells, here with one UTF-8 pass).
            Raw::Multipart(b, charset) => match core::str::from_utf8(b) {
                Ok(text) if charset == Charset::Utf8 || text.is_ascii() => return Ok((text, buf)),
                _ => crate::base::text::latin1_to_utf8(b, buf)?.len(),
            },
            Raw::File(UploadedFile { part: b, .. }) => return Ok((to_str(b)?, buf)),
        };
        let (mine, rest) = buf
            .split_at_mut_checked(n)
            .ok_or(Error::BufferTooSmall { needed: n })?;
        Ok((to_str(mine)?, rest))
    }
}

/// The media type of a Content-Type value, as Starlette compares it.
pub(super) fn media_type(content_type: &[u8]) -> &[u8] {
    let end = crate::base::bytes::find_byte(content_type, b';').unwrap_or(content_type.len());
    trim_ows(content_type.get(..end).unwrap_or_default())
}

/// The urlencoded form's media type (lowercase).
pub(super) const URLENCODED: &[u8] = b"application/x-www-form-urlencoded";

/// Whether the Content-Type is exactly [`URLENCODED`] (what clients send):
/// then it is its own [`media_type`], and the case-folding compare is not
/// needed. On 32-bit targets always `false` (flash): the plain path runs.
#[inline(always)]
pub(super) fn is_exactly_urlencoded(content_type: &[u8]) -> bool {
    #[cfg(target_pointer_width = "64")]
    return content_type == URLENCODED;
    #[cfg(not(target_pointer_width = "64"))]
    {
        let _ = content_type;
        false
    }
}

/// The multipart form's media type (lowercase).
pub(super) const MULTIPART: &[u8] = b"multipart/form-data";

/// Whether the Content-Type starts with exactly `multipart/form-data;`
/// (what clients send): its [`media_type`] is then [`MULTIPART`], and the
/// search and the case-folding compare are not needed. On 32-bit targets
/// always `false` (flash): the plain path runs.
#[inline(always)]
pub(super) fn is_plain_multipart(content_type: &[u8]) -> bool {
    #[cfg(target_pointer_width = "64")]
    return content_type
        .split_at_checked(MULTIPART.len())
        .is_some_and(|(media, rest)| media == MULTIPART && rest.first() == Some(&b';'));
    #[cfg(not(target_pointer_width = "64"))]
    {
        let _ = content_type;
        false
    }
}

/// A field's name and `=` as a little-endian 16-byte word (`client_secret=`,
/// the longest, is 14), the mask that keeps only those bytes, and their
/// count.
#[cfg(target_pointer_width = "64")]
#[derive(Clone, Copy)]
struct NameWord {
    word: u128,
    mask: u128,
    len: usize,
}

/// [`NameWord`] of each field, in declaration order.
// Evaluated at compile time: an out-of-range index would fail the build.
#[cfg(target_pointer_width = "64")]
#[allow(clippy::indexing_slicing)]
const NAME_WORDS: [NameWord; 6] = {
    let mut table = [NameWord {
        word: 0,
        mask: 0,
        len: 0,
    }; 6];
    let mut f = 0;
    while f < Field::ALL.len() {
        let name = Field::ALL[f].name().as_bytes();
        let mut i = 0;
        while i <= name.len() {
            let byte = if i < name.len() { name[i] } else { b'=' };
            table[f].word |= (byte as u128) << (i * 8);
            table[f].mask |= 0xFF << (i * 8);
            i += 1;
        }
        table[f].len = name.len() + 1;
        f += 1;
    }
    table
};

/// For each byte, the fields whose name starts with it (bit `i`:
/// `Field::ALL[i]`).
// Evaluated at compile time: an out-of-range index would fail the build.
#[cfg(target_pointer_width = "64")]
#[allow(clippy::indexing_slicing)]
const BY_FIRST_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut f = 0;
    while f < Field::ALL.len() {
        table[Field::ALL[f].name().as_bytes()[0] as usize] |= Field::ALL[f].bit();
        f += 1;
    }
    table
};

/// The field whose name and `=` start `rest`, its name, and the bytes
/// after that `=` (the piece's name is then exactly the field's name: the
/// names hold no `=` and no `&`). The first byte picks the candidates, one
/// masked 16-byte compare each; `rest` shorter than 16 bytes is read with
/// zeros after it, which match no name byte. 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn named_piece(rest: &[u8]) -> Option<(Field, &[u8], &[u8])> {
    let mut candidates = *BY_FIRST_BYTE.get(usize::from(*rest.first()?))?;
    if candidates == 0 {
        return None;
    }
    let mut head = [0u8; 16];
    match rest.first_chunk::<16>() {
        Some(chunk) => head = *chunk,
        None => head.get_mut(..rest.len())?.copy_from_slice(rest),
    }
    let head = u128::from_le_bytes(head);
    while candidates != 0 {
        let i = candidates.trailing_zeros() as usize;
        let name = NAME_WORDS.get(i)?;
        if head & name.mask == name.word {
            let (with_eq, after) = rest.split_at_checked(name.len)?;
            return Some((*Field::ALL.get(i)?, with_eq.split_last()?.1, after));
        }
        candidates &= candidates.wrapping_sub(1);
    }
    None
}

impl OAuth2PasswordRequestForm {
    /// The fields of a urlencoded body. Out of line, like
    /// [`collect_multipart`](Self::collect_multipart): each reader's locals
    /// are then never on the stack beside the decoding's.
    #[inline(never)]
    pub(super) fn collect_urlencoded<'r>(
        &self,
        body: &'r [u8],
        c: &mut Collected<'r>,
    ) -> Result<(), Rejection> {
        let kind = match self.profile {
            Profile::FastApi => Kind::Urlencoded,
            Profile::Strict => Kind::UrlencodedStrict,
        };
        let mut rest = body;
        let mut count = 0usize;
        loop {
            // A piece starting with a field's name and `=` (what clients
            // send) is told by one masked 16-byte compare on 64-bit
            // targets: no `=` search and no name compare; any other piece
            // is split and its name matched.
            #[cfg(target_pointer_width = "64")]
            let known = named_piece(rest);
            #[cfg(not(target_pointer_width = "64"))]
            let known = None;
            let (pair, known, tail) = match known {
                Some((field, name, after)) => {
                    let (value, tail) = urlencoded::split_at_amp(after);
                    (Pair { name, value }, Some(field), tail)
                }
                None => match urlencoded::first_pair(rest) {
                    Some((pair, tail)) => (pair, None, tail),
                    None => return Ok(()),
                },
            };
            if count >= self.max_fields {
                return Err(Rejection::TooManyFields(self.max_fields));
            }
            count = count.saturating_add(1);
            if pair.name.len().saturating_add(pair.value.len()) > self.max_field_size {
                return Err(Rejection::FieldTooLarge(self.max_field_size));
            }
            if let Some(field) = known.or_else(|| self.field_named(pair.name)) {
                c.record(field, kind, pair.value);
            }
            rest = tail;
        }
    }

    /// The field a urlencoded name decodes to, if any. On 64-bit targets
    /// a field's name sent as it is is found by one byte compare each, and
    /// any other name is decoded only if it can change (the names hold no
    /// `%` or `+`); narrower ones decode-compare every name (flash).
    fn field_named(&self, name: &[u8]) -> Option<Field> {
        #[cfg(target_pointer_width = "64")]
        {
            if let Some(field) = Field::by_name(name) {
                return Some(field);
            }
            let plain = match self.profile {
                Profile::FastApi => !urlencoded::needs_decoding(name),
                Profile::Strict => !urlencoded::needs_decoding_strict(name),
            };
            if plain {
                return None;
            }
        }
        self.field_decoding_to(name)
    }

    /// The field `name` decodes to (the profile's decoding), by a decoding
    /// compare with each field's name.
    fn field_decoding_to(&self, name: &[u8]) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| match self.profile {
            Profile::FastApi => component_eq(name, f.name()),
            Profile::Strict => component_eq_strict(name, f.name()),
        })
    }

    /// The multipart body's boundary and charset (python-multipart's
    /// options parser). Out of line: its frames are gone when the parts
    /// are read.
    #[inline(never)]
    pub(super) fn multipart_options(
        content_type: &[u8],
    ) -> Result<(multipart::Boundary<'_>, Charset), Rejection> {
        // The usual shape read with two searches (64-bit targets only).
        #[cfg(target_pointer_width = "64")]
        let plain = multipart::options::plain_boundary(content_type).map(|b| (b, None));
        #[cfg(not(target_pointer_width = "64"))]
        let plain = None;
        let (boundary, charset) = match plain {
            Some(found) => found,
            None => {
                let [boundary, charset] =
                    multipart::options::parameters(content_type, [b"boundary", b"charset"]);
                (boundary.ok_or(Rejection::MissingBoundary)?, charset)
            }
        };
        let charset = multipart::charset_of(charset);
        let boundary = multipart::Boundary::of(boundary);
        if boundary.len() > multipart::MAX_BOUNDARY_LEN {
            return Err(Rejection::InvalidMultipart);
        }
        Ok((boundary, charset))
    }

    /// Starlette's `MultiPartParser` over python-multipart, in the order it
    /// meets things: a part's name and the field/file limits when its
    /// headers end, its size when its data ends, then the part itself (a
    /// part the body cuts off is not kept).
    #[inline(never)]
    pub(super) fn collect_multipart<'r>(
        &self,
        body: &'r [u8],
        boundary: multipart::Boundary<'_>,
        c: &mut Collected<'r>,
    ) -> Result<(), Rejection> {
        let (mut fields, mut files) = (0usize, 0usize);
        let mut parts = multipart::Cursor::new(body);
        while let Some(read) = parts.next_part(boundary) {
            let Ok(Read {
                part,
                named,
                ending,
                whole,
            }) = read
            else {
                return Err(Rejection::InvalidMultipart);
            };
            if !named {
                return Err(Rejection::MissingPartName);
            }
            let is_file = part.filename.is_some();
            if is_file {
                files = files.saturating_add(1);
                if files > self.max_fields {
                    return Err(Rejection::TooManyFiles(self.max_fields));
                }
            } else {
                fields = fields.saturating_add(1);
                if fields > self.max_fields {
                    return Err(Rejection::TooManyFields(self.max_fields));
                }
                if part.data.len() > self.max_field_size {
                    return Err(Rejection::PartTooLarge(self.max_field_size));
                }
            }
            match ending {
                Ending::Malformed => return Err(Rejection::InvalidMultipart),
                Ending::Truncated => break,
                Ending::Next | Ending::Close => {}
            }
            // A name sent as it is (no `\\`, as in every field name) is
            // compared as bytes; only an escaped one is unescaped.
            let name = part.name_value();
            let field = Field::by_name(name.raw).or_else(|| {
                if name.is_plain() {
                    return None;
                }
                Field::ALL
                    .iter()
                    .copied()
                    .find(|f| name.eq(f.name().as_bytes()))
            });
            let Some(field) = field else {
                continue;
            };
            // An empty file input is told apart later (`drop_empty_files`).
            if is_file {
                c.record(field, Kind::File, whole);
            } else {
                c.record(field, Kind::Multipart, part.data);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::bytes::eq_ignore_ascii_case_lower;
    use proptest::prelude::*;
    use std::string::{String, ToString};

    proptest! {
        /// The shortcut gives what the search and the case-folding compare
        /// give (the media type and whether it is urlencoded).
        #[test]
        fn exact_urlencoded_matches_the_plain_path(
            pre in prop_oneof![Just(""), Just(" "), Just("\t"), Just("x")],
            media in prop_oneof![
                Just("application/x-www-form-urlencoded".to_string()),
                Just("Application/X-WWW-Form-URLEncoded".to_string()),
                Just("application/x-www-form-urlencode".to_string()),
                Just("application/x-www-form-urlencodedx".to_string()),
                Just("multipart/form-data".to_string()),
                Just("multipart/form-data; boundary=x".to_string()),
                Just("multipart/form-data;".to_string()),
                Just("Multipart/Form-Data;".to_string()),
                Just("multipart/form-dat;".to_string()),
                "[ -~]{0,40}",
            ],
            post in prop_oneof![Just(""), Just(" "), Just(";"), Just("; charset=utf-8"), Just("\u{e9}")],
        ) {
            let ct: String = std::format!("{pre}{media}{post}");
            let ct = ct.as_bytes();
            let plain = media_type(ct);
            let plain_is = eq_ignore_ascii_case_lower(plain, URLENCODED);
            if is_exactly_urlencoded(ct) {
                prop_assert_eq!((plain, plain_is), (ct, true));
            }
            if is_plain_multipart(ct) {
                prop_assert_eq!(plain, MULTIPART);
            }
            prop_assert!(!(is_plain_multipart(ct) && is_exactly_urlencoded(ct)));
        }
    }

    /// The plain path: `urlencoded::pairs` and the name match of every
    /// piece, as the form read bodies before the named-piece shortcut.
    fn collect_plain<'r>(
        form: &OAuth2PasswordRequestForm,
        body: &'r [u8],
        c: &mut Collected<'r>,
    ) -> Result<(), Rejection> {
        let kind = match form.profile {
            Profile::FastApi => Kind::Urlencoded,
            Profile::Strict => Kind::UrlencodedStrict,
        };
        for (count, pair) in urlencoded::pairs(body).enumerate() {
            if count >= form.max_fields {
                return Err(Rejection::TooManyFields(form.max_fields));
            }
            if pair.name.len() + pair.value.len() > form.max_field_size {
                return Err(Rejection::FieldTooLarge(form.max_field_size));
            }
            if let Some(field) = form.field_named(pair.name) {
                c.record(field, kind, pair.value);
            }
        }
        Ok(())
    }

    proptest! {
        /// The urlencoded reader (with the named-piece shortcut on 64-bit
        /// targets) keeps what the plain path keeps and fails where it fails.
        #[test]
        fn urlencoded_collect_matches_the_plain_path(
            pieces in proptest::collection::vec(prop_oneof![
                proptest::sample::select(&[
                    "username=", "password=", "grant_type=", "scope=", "client_id=",
                    "client_secret=", "username", "client_", "user%6Eame=", "scope+=", "&",
                    "=", "x", "p%40ss", "\u{e9}", "\0",
                ][..]).prop_map(str::to_string),
                "[a-z_=&%+]{0,6}",
            ], 0..12),
            strict in any::<bool>(),
            max_fields in 1usize..8,
            max_field_size in 4usize..40,
        ) {
            let body: String = pieces.concat();
            let profile = if strict { Profile::Strict } else { Profile::FastApi };
            for form in [
                OAuth2PasswordRequestForm::new().profile(profile),
                OAuth2PasswordRequestForm::new()
                    .profile(profile)
                    .max_fields(max_fields)
                    .max_field_size(max_field_size),
            ] {
                let (mut fast, mut plain) = (Collected::NONE, Collected::NONE);
                let got = form.collect_urlencoded(body.as_bytes(), &mut fast);
                let expected = collect_plain(&form, body.as_bytes(), &mut plain);
                prop_assert_eq!(got, expected);
                prop_assert_eq!(fast.values, plain.values);
                prop_assert_eq!(fast.kinds, plain.kinds);
                prop_assert_eq!(fast.repeated, plain.repeated);
            }
        }

        /// `first_pair` steps through the pieces `pairs` gives.
        #[test]
        fn first_pair_steps_like_pairs(body in "[a=&%+]{0,24}") {
            let mut stepped = std::vec::Vec::new();
            let mut rest = body.as_bytes();
            while let Some((pair, tail)) = urlencoded::first_pair(rest) {
                stepped.push(pair);
                rest = tail;
            }
            prop_assert_eq!(stepped, urlencoded::pairs(body.as_bytes()).collect::<std::vec::Vec<_>>());
        }
    }

    /// The size each encoding's decoding needs, counted plainly.
    fn buffer_len_plain(raw: Raw<'_>) -> usize {
        match raw {
            Raw::Urlencoded(b) if urlencoded::needs_decoding(b) => urlencoded::decoded_len(b),
            Raw::UrlencodedStrict(b) if urlencoded::needs_decoding_strict(b) => {
                urlencoded::decoded_len_strict(b)
            }
            Raw::Multipart(b, charset) if Raw::latin1(b, charset) => {
                b.len() + b.iter().filter(|&&c| c >= 0x80).count()
            }
            _ => 0,
        }
    }

    proptest! {
        /// `buffer_len` (the decoders given no room) is the plain count, and
        /// exactly what `decode_split` takes of a buffer with room.
        #[test]
        fn buffer_len_is_what_decoding_takes(
            bytes in proptest::collection::vec(prop_oneof![
                Just(b'%'), Just(b'+'), Just(b'C'), Just(b'3'), Just(b'a'), any::<u8>(),
            ], 1..24),
            kind in 0u8..4,
        ) {
            let raw = match kind {
                0 => Raw::Urlencoded(&bytes),
                1 => Raw::UrlencodedStrict(&bytes),
                2 => Raw::Multipart(&bytes, Charset::Utf8),
                _ => Raw::Multipart(&bytes, Charset::Latin1),
            };
            prop_assert_eq!(raw.buffer_len(), buffer_len_plain(raw));
            let mut buf = [0u8; 128];
            if let Ok((_, rest)) = raw.decode_split(&mut buf) {
                prop_assert_eq!(raw.buffer_len(), 128 - rest.len());
            }
        }
    }

    proptest! {
        /// The shortcuts of `field_named` (64-bit targets) find the field
        /// the decoding compare alone finds.
        #[test]
        fn field_named_matches_the_decoding_compare(
            name in prop_oneof![
                proptest::sample::select(&[
                    "username", "password", "grant_type", "scope", "client_id", "client_secret",
                    "user%6Eame", "client%5Fid", "scope+", "Username", "",
                ][..]).prop_map(str::to_string),
                "[a-z_%+6E5F]{0,12}",
            ],
            strict in any::<bool>(),
        ) {
            let profile = if strict { Profile::Strict } else { Profile::FastApi };
            let form = OAuth2PasswordRequestForm::new().profile(profile);
            prop_assert_eq!(
                form.field_named(name.as_bytes()),
                form.field_decoding_to(name.as_bytes())
            );
        }
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn the_usual_header_is_exact() {
        assert!(is_exactly_urlencoded(b"application/x-www-form-urlencoded"));
        assert!(!is_exactly_urlencoded(
            b"application/x-www-form-urlencoded; charset=utf-8"
        ));
    }
}
