//! OAuth2 scopes: split, cover checks, FastAPI's `SecurityScopes`.

use authparse_core::scopes::{self, SecurityScopes};

use crate::types::*;

/// The most scopes `authparse_security_scopes_*` functions take in total
/// (their work area lives on the stack: no allocation).
pub const AUTHPARSE_SECURITY_SCOPES_MAX: usize = 64;
/// The most levels `authparse_security_scopes_from_chain` takes.
pub const AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS: usize = 16;

/// The scopes declared at one level of a `Security(...)` chain: `count`
/// views (UTF-8) at `scopes` (NULL allowed when `count` is 0).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_scope_list {
    /// The scope strings.
    pub scopes: *const authparse_str,
    /// How many.
    pub count: usize,
}

/// A C array as a slice (NULL with 0 is empty).
///
/// # Safety
/// `p` NULL or valid for reads of `n` initialised elements for `'a`.
unsafe fn array<'a, T>(p: *const T, n: usize) -> Result<&'a [T], authparse_status> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    if n > isize::MAX as usize / core::mem::size_of::<T>().max(1) {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, size fits `isize`, initialised by contract.
    Ok(unsafe { core::slice::from_raw_parts(p, n) })
}

/// A C output array as a slice (NULL with 0 is empty).
///
/// # Safety
/// `p` NULL or valid for writes of `n` elements for `'a`, no other access.
unsafe fn array_mut<'a, T>(p: *mut T, n: usize) -> Result<&'a mut [T], authparse_status> {
    if n == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    if n > isize::MAX as usize / core::mem::size_of::<T>().max(1) {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, size fits `isize`, writable by contract. The
    // elements are plain data (views), valid for any bit pattern C wrote.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, n) })
}

/// A scope (or scope string) view as UTF-8 text.
///
/// # Safety
/// The view must be readable for `'a`.
unsafe fn text<'a>(
    s: &authparse_str,
    invalid: authparse_status,
) -> Result<&'a str, authparse_status> {
    // SAFETY: forwarded to the caller.
    let bytes = unsafe { s.to_slice() }?;
    core::str::from_utf8(bytes).map_err(|_| invalid)
}

/// Copies `list` into `work` as `&str`s.
///
/// # Safety
/// Every view of `list` readable for `'a`.
unsafe fn strs<'a, 'w>(
    list: &[authparse_str],
    work: &'w mut [&'a str; AUTHPARSE_SECURITY_SCOPES_MAX],
) -> Result<&'w [&'a str], authparse_status> {
    if list.len() > AUTHPARSE_SECURITY_SCOPES_MAX {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    for (slot, s) in work.iter_mut().zip(list) {
        // SAFETY: readable by contract.
        *slot = unsafe { text(s, AUTHPARSE_STATUS_CONFIG_NOT_UTF8) }?;
    }
    Ok(work.get(..list.len()).unwrap_or_default())
}

/// Writes `items` into `out[..cap]` and the count into `*out_count`;
/// `AUTHPARSE_STATUS_TOO_MANY_ITEMS` (with the full count) when they do not fit.
fn write_views<'a>(
    items: impl Iterator<Item = &'a str>,
    out: &mut [authparse_str],
    out_count: *mut usize,
) -> Result<(), authparse_status> {
    let mut n = 0usize;
    for item in items {
        if let Some(slot) = out.get_mut(n) {
            *slot = authparse_str::from_slice(item.as_bytes());
        }
        n = n.saturating_add(1);
    }
    // SAFETY: the callers check `out_count` non-NULL; writable by contract.
    unsafe { put(out_count, n) };
    if n > out.len() {
        return Err(AUTHPARSE_STATUS_TOO_MANY_ITEMS);
    }
    Ok(())
}

/// Splits a scope string: FastAPI's `scope.split()` (runs of any Unicode
/// whitespace) or, strict, RFC 6749 §3.3 single-SP separators (empty tokens
/// kept so they can be rejected).
///
/// Writes up to `cap` views (into `scope`) to `out_tokens` and the token
/// count to `*out_count`; `AUTHPARSE_STATUS_TOO_MANY_ITEMS` when there are
/// more than `cap` (pass `cap` 0 to count). `scope` must be UTF-8
/// (`AUTHPARSE_STATUS_INVALID_UTF8`).
///
/// # Safety
/// `scope` readable (NULL with 0 allowed); `out_tokens` writable for `cap`
/// views (NULL with 0 allowed); `out_count` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_split(
    scope: *const u8,
    scope_len: usize,
    profile: authparse_profile,
    out_tokens: *mut authparse_str,
    cap: usize,
    out_count: *mut usize,
) -> authparse_status {
    status(|| {
        non_null(out_count)?;
        let profile = crate::types::profile(profile)?;
        // SAFETY: readable by contract.
        let scope = unsafe {
            text(
                &authparse_str::new(scope, scope_len),
                AUTHPARSE_STATUS_INVALID_UTF8,
            )
        }?;
        // SAFETY: writable by contract.
        let out = unsafe { array_mut(out_tokens, cap) }?;
        write_views(scopes::split(scope, profile), out, out_count)
    })
}

/// Checks RFC 6749 §3.3 `scope = scope-token *( SP scope-token )`:
/// `AUTHPARSE_STATUS_OK` (also for the empty string),
/// `AUTHPARSE_STATUS_MALFORMED`, or `AUTHPARSE_STATUS_INVALID_UTF8`.
///
/// # Safety
/// `scope` readable (NULL with 0 allowed).
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_validate_strict(
    scope: *const u8,
    scope_len: usize,
) -> authparse_status {
    status(|| {
        // SAFETY: readable by contract.
        let scope = unsafe {
            text(
                &authparse_str::new(scope, scope_len),
                AUTHPARSE_STATUS_INVALID_UTF8,
            )
        }?;
        scopes::validate_strict(scope).map_err(status_of)
    })
}

/// The index of the first scope of `required` that is not among the tokens
/// of `granted` (split per `profile`), or `required_count` when all are:
/// what FastAPI's tutorial checks before answering
/// `WWW-Authenticate: Bearer scope="…"`.
///
/// # Safety
/// `granted` readable; `required` readable for `required_count` views (UTF-8
/// each, else `AUTHPARSE_STATUS_CONFIG_NOT_UTF8`); `out_index` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_first_missing(
    granted: *const u8,
    granted_len: usize,
    profile: authparse_profile,
    required: *const authparse_str,
    required_count: usize,
    out_index: *mut usize,
) -> authparse_status {
    status(|| {
        non_null(out_index)?;
        let profile = crate::types::profile(profile)?;
        // SAFETY: readable by contract.
        let granted = unsafe {
            text(
                &authparse_str::new(granted, granted_len),
                AUTHPARSE_STATUS_INVALID_UTF8,
            )
        }?;
        // SAFETY: readable by contract.
        let required = unsafe { array(required, required_count) }?;
        let mut missing = required.len();
        for (i, r) in required.iter().enumerate() {
            // SAFETY: readable by contract.
            let r = unsafe { text(r, AUTHPARSE_STATUS_CONFIG_NOT_UTF8) }?;
            if !scopes::covers(granted, &[r], profile) {
                missing = i;
                break;
            }
        }
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out_index, missing) };
        Ok(())
    })
}

/// Whether every scope of `required` is among the tokens of `granted`; the
/// answer goes to `*out`.
///
/// # Safety
/// As `authparse_scopes_first_missing`, with `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_covers(
    granted: *const u8,
    granted_len: usize,
    profile: authparse_profile,
    required: *const authparse_str,
    required_count: usize,
    out: *mut bool,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        let mut index = 0usize;
        // SAFETY: forwarded to the caller.
        let s = unsafe {
            authparse_scopes_first_missing(
                granted,
                granted_len,
                profile,
                required,
                required_count,
                &mut index,
            )
        };
        if s != AUTHPARSE_STATUS_OK {
            return Err(s);
        }
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, index == required_count) };
        Ok(())
    })
}

/// FastAPI's `SecurityScopes.scopes` for the last node of a `Security(...)`
/// chain: `levels[i]` holds the scopes declared at level i, outermost
/// first; the parents' scopes are concatenated as stored (duplicates kept),
/// the node's own scopes appended when not already present.
///
/// Writes up to `cap` views (pointing into the caller's scope strings) to
/// `out_scopes` and the count to `*out_count`
/// (`AUTHPARSE_STATUS_TOO_MANY_ITEMS` when more than `cap`). At most
/// `AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS` levels and
/// `AUTHPARSE_SECURITY_SCOPES_MAX` scopes in total
/// (`AUTHPARSE_STATUS_INVALID_ARGUMENT` beyond).
///
/// # Safety
/// `levels` readable for `level_count` lists, each readable with UTF-8
/// views; `out_scopes` writable for `cap` views; `out_count` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_security_scopes_from_chain(
    levels: *const authparse_scope_list,
    level_count: usize,
    out_scopes: *mut authparse_str,
    cap: usize,
    out_count: *mut usize,
) -> authparse_status {
    status(|| {
        non_null(out_count)?;
        // SAFETY: readable by contract.
        let levels = unsafe { array(levels, level_count) }?;
        if levels.len() > AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let mut flat: [&str; AUTHPARSE_SECURITY_SCOPES_MAX] = [""; AUTHPARSE_SECURITY_SCOPES_MAX];
        let mut bounds = [(0usize, 0usize); AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS];
        let mut used = 0usize;
        for (level, bound) in levels.iter().zip(bounds.iter_mut()) {
            // SAFETY: readable by contract.
            let list = unsafe { array(level.scopes, level.count) }?;
            let end = used.saturating_add(list.len());
            let dst = flat
                .get_mut(used..end)
                .ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)?;
            for (slot, s) in dst.iter_mut().zip(list) {
                // SAFETY: readable by contract.
                *slot = unsafe { text(s, AUTHPARSE_STATUS_CONFIG_NOT_UTF8) }?;
            }
            *bound = (used, end);
            used = end;
        }
        let slices: [&[&str]; AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS] =
            core::array::from_fn(|i| match bounds.get(i) {
                Some(&(a, b)) => flat.get(a..b).unwrap_or_default(),
                None => &[],
            });
        let chain = slices.get(..levels.len()).unwrap_or_default();
        let s: SecurityScopes<'_, AUTHPARSE_SECURITY_SCOPES_MAX> =
            SecurityScopes::from_chain(chain).map_err(status_of)?;
        // SAFETY: writable by contract.
        let out = unsafe { array_mut(out_scopes, cap) }?;
        write_views(s.scopes().iter().copied(), out, out_count)
    })
}

/// Renders `SecurityScopes(scopes)` into `buf` with `render`.
///
/// # Safety
/// As the `extern "C"` callers.
unsafe fn render_scopes(
    scopes: *const authparse_str,
    count: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
    challenge: bool,
) -> authparse_status {
    if Region::array(scopes, count).overlaps(buf, buf_len) {
        return AUTHPARSE_STATUS_BUFFER_OVERLAP;
    }
    let mut work = [""; AUTHPARSE_SECURITY_SCOPES_MAX];
    // SAFETY: readable by contract.
    let list = match unsafe { array(scopes, count) }.and_then(|l| {
        // SAFETY: readable by contract.
        unsafe { strs(l, &mut work) }
    }) {
        Ok(list) => list,
        Err(status) => return status,
    };
    let s: SecurityScopes<'_, AUTHPARSE_SECURITY_SCOPES_MAX> = match SecurityScopes::new(list) {
        Ok(s) => s,
        Err(e) => return status_of(e),
    };
    let mut inputs: [&[u8]; AUTHPARSE_SECURITY_SCOPES_MAX] = [&[]; AUTHPARSE_SECURITY_SCOPES_MAX];
    for (i, s) in inputs.iter_mut().zip(list) {
        *i = s.as_bytes();
    }
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(&inputs, buf, buf_len, out, out_needed, |b| {
            let t = if challenge {
                s.challenge(b)
            } else {
                s.scope_str(b)
            }?;
            Ok(authparse_str::from_slice(t.as_bytes()))
        })
    }
}

/// `SecurityScopes(scopes).scope_str`: the scopes joined with one space (no
/// escaping), into `buf`; `*out` points into `buf`. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`. At most
/// `AUTHPARSE_SECURITY_SCOPES_MAX` scopes.
///
/// # Safety
/// `scopes` readable for `count` UTF-8 views; `buf` writable for `buf_len`
/// bytes, not overlapping them; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_security_scopes_scope_str(
    scopes: *const authparse_str,
    count: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe { render_scopes(scopes, count, buf, buf_len, out, out_needed, false) }
}

/// `Bearer scope="<scope_str>"` (plain `Bearer` without scopes), the
/// `WWW-Authenticate` value of FastAPI's scopes tutorial, into `buf`; as
/// `authparse_security_scopes_scope_str` otherwise.
///
/// # Safety
/// As `authparse_security_scopes_scope_str`.
#[no_mangle]
pub unsafe extern "C" fn authparse_security_scopes_challenge(
    scopes: *const authparse_str,
    count: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe { render_scopes(scopes, count, buf, buf_len, out, out_needed, true) }
}
