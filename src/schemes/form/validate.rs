//! Decoding the collected values and FastAPI's (or RFC 6749's) decision.

use super::collect::{Collected, Raw};
use super::{Field, FieldError, FormOutcome, OAuth2PasswordRequestForm, PasswordForm, Rejection};
use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::codec::scopes;

#[cfg(target_pointer_width = "64")]
use crate::base::text::is_utf8;

/// The decoded text of each field, in declaration order.
type Values<'o> = [Option<&'o str>; 6];

impl OAuth2PasswordRequestForm {
    /// Decodes the collected values into `buf` and decides, into `out`
    /// (which holds an empty 422 list on entry). The pieces it calls are
    /// out of line and called one after the other: the stack holds one of
    /// them at a time (the form's stack budget, budgets.toml).
    #[inline(never)]
    pub(super) fn validate<'r: 'o, 'o>(
        &self,
        c: &Collected<'r>,
        buf: &'o mut [u8],
        out: &mut Result<FormOutcome<'o>, Error>,
    ) {
        let strict = self.profile == Profile::Strict;
        let reject = |r| Ok(FormOutcome::Rejected(r, Profile::Strict));
        if strict {
            if let Some(field) = c.first_repeated() {
                *out = reject(Rejection::RepeatedParameter(field));
                return;
            }
        }
        let mut values: Values<'o> = [None; 6];
        match decode(c, buf, &mut values) {
            Ok(()) => match strict.then(|| strict_rejection(&values)).flatten() {
                Some(rejection) => *out = reject(rejection),
                // What passes RFC 6749's checks has no FastAPI error either.
                None => self.decide(&values, c, out),
            },
            Err(Error::InvalidUtf8) if strict => *out = reject(Rejection::InvalidEncoding),
            Err(e) => *out = Err(e),
        }
    }

    /// FastAPI's 422 error for `field`, if any.
    fn error_of<'o>(
        &self,
        field: Field,
        value: Option<&'o str>,
        c: &Collected<'o>,
    ) -> Option<FieldError<'o>> {
        match (field, value, c.file(field)) {
            (field, _, Some(file)) => Some(FieldError::NotAString { field, file }),
            (Field::GrantType, Some(g), _) if !is_password(g) => {
                Some(FieldError::PatternMismatch { input: g })
            }
            (Field::GrantType, None, _) if self.grant_type_required => {
                Some(FieldError::Missing(field))
            }
            (Field::Username | Field::Password, None, _) => Some(FieldError::Missing(field)),
            _ => None,
        }
    }

    /// FastAPI's decision on the decoded values and the file parts sent
    /// for text fields: the form, or the 422 errors in field order, pushed
    /// onto the list `out` holds.
    #[inline(never)]
    fn decide<'o>(
        &self,
        values: &Values<'o>,
        c: &Collected<'o>,
        out: &mut Result<FormOutcome<'o>, Error>,
    ) {
        let Ok(FormOutcome::Invalid(errors)) = out else {
            return;
        };
        for (field, &value) in Field::ALL.iter().zip(values) {
            if let Some(error) = self.error_of(*field, value, c) {
                // The list has room for one per field.
                let _ = errors.push(error);
            }
        }
        let [grant_type, username, password, scope, client_id, client_secret] = *values;
        if let (Some(username), Some(password), true) = (username, password, errors.is_empty()) {
            *out = Ok(FormOutcome::Form(PasswordForm {
                grant_type,
                username,
                password,
                scope: scope.unwrap_or(""),
                client_id,
                client_secret,
                profile: self.profile,
            }));
        }
    }
}

/// Whether `grant_type` is `password` (eight bytes compared as one word:
/// no call to `memcmp` at the bottom of the form's stack).
fn is_password(grant_type: &str) -> bool {
    grant_type.len() == 8 && grant_type.as_bytes().first_chunk::<8>() == Some(b"password")
}

/// The strict profile's rejection of the values, if any (RFC 6749
/// §4.3.2). Out of line: its locals are not in [`validate`]'s frame, under
/// the decoding.
#[inline(never)]
fn strict_rejection(values: &Values<'_>) -> Option<Rejection> {
    let [grant_type, username, password, scope, ..] = *values;
    let missing = |field| Some(Rejection::MissingParameter(field));
    match (grant_type, username, password) {
        (None, _, _) => missing(Field::GrantType),
        (Some(g), _, _) if !is_password(g) => Some(Rejection::UnsupportedGrantType),
        (_, None, _) => missing(Field::Username),
        (_, _, None) => missing(Field::Password),
        _ if scopes::validate_strict(scope.unwrap_or("")).is_err() => Some(Rejection::InvalidScope),
        _ => None,
    }
}

/// Every value decoded into `buf`: on 64-bit targets the fast path when it
/// applies, else the careful one; on narrower ones the careful one alone
/// (it gives the same values, in 0.4 KB less flash). Always inlined: one
/// frame less under the form.
#[inline(always)]
fn decode<'o>(c: &Collected<'o>, buf: &'o mut [u8], values: &mut Values<'o>) -> Result<(), Error> {
    #[cfg(target_pointer_width = "64")]
    {
        let mut ends = [0usize; 6];
        match write_fast(c, buf, &mut ends) {
            // Every value is valid UTF-8 on its own: one check for all.
            Some(()) => fast_values(c, buf, &ends, values),
            None => decode_each(c, buf, values),
        }
    }
    #[cfg(not(target_pointer_width = "64"))]
    decode_each(c, buf, values)
}

/// The fast path: every value written back to back into `buf` with
/// [`Raw::write_unchecked`], kept only if each value is valid UTF-8 on its
/// own (as the per-value decoding requires): a value that may not be
/// (non-ASCII) is checked where it was written; one known to be ASCII
/// needs no check. Returns where each field's text ends; `None` sends the
/// caller to [`decode_each`]. Out of line: its locals and [`decode_each`]'s
/// are never on the stack together. 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline(never)]
fn write_fast(c: &Collected<'_>, buf: &mut [u8], ends: &mut [usize; 6]) -> Option<()> {
    let mut total = 0usize;
    for (end, field) in ends.iter_mut().zip(Field::ALL.iter().copied()) {
        if let Some(raw) = c.text(field) {
            let (n, maybe_high) = raw.write_unchecked(buf.get_mut(total..)?)?;
            let start = total;
            total = total.checked_add(n)?;
            if maybe_high && !is_utf8(buf.get(start..total)?) {
                return None;
            }
        }
        *end = total;
    }
    Some(())
}

/// The values [`write_fast`] wrote into `written`, ending at `ends` (one
/// UTF-8 pass over them all: each value is valid, so the whole is, and its
/// ends are character boundaries).
#[cfg(target_pointer_width = "64")]
#[inline(never)]
fn fast_values<'o>(
    c: &Collected<'o>,
    written: &'o [u8],
    ends: &[usize; 6],
    values: &mut Values<'o>,
) -> Result<(), Error> {
    let total = ends.last().copied().unwrap_or(0);
    let text = core::str::from_utf8(written.get(..total).unwrap_or_default())
        .map_err(|_| Error::InvalidUtf8)?;
    let mut start = 0usize;
    for ((value, &end), field) in values.iter_mut().zip(ends).zip(Field::ALL.iter().copied()) {
        if c.text(field).is_some() {
            *value = text.get(start..end);
        }
        start = end;
    }
    Ok(())
}

/// The careful path: each value decoded once, straight into what is left
/// of `buf`, taking exactly its `buffer_len`; only a failure computes the
/// total, so that a short buffer still reports the exact size first.
#[inline(never)]
fn decode_each<'o>(
    c: &Collected<'o>,
    buf: &'o mut [u8],
    values: &mut Values<'o>,
) -> Result<(), Error> {
    let total = buf.len();
    let mut rest: &'o mut [u8] = buf;
    for (slot, field) in values.iter_mut().zip(Field::ALL.iter().copied()) {
        let Some(raw) = c.text(field) else { continue };
        match raw.decode_split(core::mem::take(&mut rest)) {
            Ok((text, others)) => {
                *slot = Some(text);
                rest = others;
            }
            Err(e) => {
                let needed = Field::ALL
                    .iter()
                    .copied()
                    .filter_map(|f| c.text(f))
                    .map(Raw::buffer_len)
                    .fold(0usize, usize::saturating_add);
                if needed > total {
                    return Err(Error::BufferTooSmall { needed });
                }
                return Err(e);
            }
        }
    }
    Ok(())
}
