//! OAuth2 scopes: split, cover checks, FastAPI's `SecurityScopes`.

use authparse_core::scopes::{self, SecurityScopes};
use authparse_core::Profile;

use crate::abi::{run, Array, Buffer, Given, Out, OutArray, Region};
use crate::base::*;

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

/// Up to [`AUTHPARSE_SECURITY_SCOPES_MAX`] scope views as `&str`s in `work`
/// (INVALID_ARGUMENT for more, CONFIG_NOT_UTF8 for a view that is not UTF-8).
fn texts<'a, 'w>(
    list: &[Given<'a, authparse_str>], work: &'w mut [&'a str],
) -> Result<&'w [&'a str], authparse_status> {
    let work = work
        .get_mut(..list.len())
        .ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)?;
    for (slot, s) in work.iter_mut().zip(list) {
        *slot = s.text()?;
    }
    Ok(work)
}

/// Writes `items` into `out` and the count into `*out_count`;
/// `AUTHPARSE_STATUS_TOO_MANY_ITEMS` (with the full count) when they do not fit.
fn write_views<'a>(
    items: impl Iterator<Item = &'a str>, out: &mut [authparse_str], out_count: &Out<'_, usize>,
) -> Result<(), authparse_status> {
    let mut n = 0usize;
    for item in items {
        if let Some(slot) = out.get_mut(n) {
            *slot = view(item);
        }
        n = n.saturating_add(1);
    }
    out_count.set(n);
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
/// more than `cap`, with the first `cap` views and the full count still
/// written (pass `cap` 0 to count). `scope` must be UTF-8
/// (`AUTHPARSE_STATUS_INVALID_UTF8`).
///
/// # Safety
/// `scope` readable (NULL with 0 allowed); `out_tokens` writable for `cap`
/// views (NULL with 0 allowed); `out_count` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_split(
    scope: *const u8, scope_len: usize, profile: authparse_profile, out_tokens: *mut authparse_str,
    cap: usize, out_count: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (scope, out_tokens, out_count) = unsafe {
        (
            Given::view(scope, scope_len),
            OutArray::new(out_tokens, cap),
            Out::new(out_count),
        )
    };
    run(|| {
        out_count.required()?;
        let profile = crate::base::profile(profile)?;
        let scope = scope.text_or(AUTHPARSE_STATUS_INVALID_UTF8)?;
        write_views(scopes::split(scope, profile), out_tokens.get()?, &out_count)
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
    scope: *const u8, scope_len: usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let scope = unsafe { Given::view(scope, scope_len) };
    run(|| {
        let scope = scope.text_or(AUTHPARSE_STATUS_INVALID_UTF8)?;
        scopes::validate_strict(scope).map_err(|e| e.code())
    })
}

/// The index of the first scope of `required` that `granted` lacks
/// (`required.count()` when none).
fn first_missing(
    granted: &Given<'_, authparse_str>, profile: authparse_profile,
    required: &Array<'_, authparse_str>,
) -> Result<usize, authparse_status> {
    let profile: Profile = crate::base::profile(profile)?;
    let granted = granted.text_or(AUTHPARSE_STATUS_INVALID_UTF8)?;
    let required = required.get()?;
    for (i, r) in required.iter().enumerate() {
        if !scopes::covers(granted, &[r.text()?], profile) {
            return Ok(i);
        }
    }
    Ok(required.len())
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
    granted: *const u8, granted_len: usize, profile: authparse_profile,
    required: *const authparse_str, required_count: usize, out_index: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        answer(
            granted,
            granted_len,
            profile,
            required,
            required_count,
            out_index,
            |i| i,
        )
    }
}

/// Whether every scope of `required` is among the tokens of `granted`; the
/// answer goes to `*out`.
///
/// # Safety
/// As `authparse_scopes_first_missing`, with `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scopes_covers(
    granted: *const u8, granted_len: usize, profile: authparse_profile,
    required: *const authparse_str, required_count: usize, out: *mut bool,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        answer(
            granted,
            granted_len,
            profile,
            required,
            required_count,
            out,
            |i| i == required_count,
        )
    }
}

/// The body of the two functions above: `*out` gets what `answer` makes of
/// the index `first_missing` finds.
///
/// # Safety
/// As `authparse_scopes_first_missing`, with `out` writable.
unsafe fn answer<T>(
    granted: *const u8, granted_len: usize, profile: authparse_profile,
    required: *const authparse_str, required_count: usize, out: *mut T,
    answer: impl FnOnce(usize) -> T,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    let (granted, required, out) = unsafe {
        (
            Given::view(granted, granted_len),
            Array::new(required, required_count),
            Out::new(out),
        )
    };
    run(|| {
        out.required()?;
        out.set(answer(first_missing(&granted, profile, &required)?));
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
/// (`AUTHPARSE_STATUS_TOO_MANY_ITEMS` when more than `cap`, with the first
/// `cap` views and the full count still written). At most
/// `AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS` levels and
/// `AUTHPARSE_SECURITY_SCOPES_MAX` scopes in total
/// (`AUTHPARSE_STATUS_INVALID_ARGUMENT` beyond).
///
/// # Safety
/// `levels` readable for `level_count` lists, each readable with UTF-8
/// views; `out_scopes` writable for `cap` views; `out_count` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_security_scopes_from_chain(
    levels: *const authparse_scope_list, level_count: usize, out_scopes: *mut authparse_str,
    cap: usize, out_count: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (levels, out_scopes, out_count) = unsafe {
        (
            Array::new(levels, level_count),
            OutArray::new(out_scopes, cap),
            Out::new(out_count),
        )
    };
    run(|| {
        out_count.required()?;
        let levels = levels.get()?;
        if levels.len() > AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let mut flat = [""; AUTHPARSE_SECURITY_SCOPES_MAX];
        let mut bounds = [(0usize, 0usize); AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS];
        let mut used = 0usize;
        for (level, bound) in levels.iter().zip(bounds.iter_mut()) {
            let list = level.array(|l| (l.scopes, l.count))?;
            let rest = flat.get_mut(used..).unwrap_or_default();
            let n = texts(list, rest)?.len();
            *bound = (used, used.saturating_add(n));
            used = bound.1;
        }
        let slices: [&[&str]; AUTHPARSE_SECURITY_SCOPES_MAX_LEVELS] =
            core::array::from_fn(|i| match bounds.get(i) {
                Some(&(a, b)) => flat.get(a..b).unwrap_or_default(),
                None => &[],
            });
        let chain = slices.get(..levels.len()).unwrap_or_default();
        let s: SecurityScopes<'_, AUTHPARSE_SECURITY_SCOPES_MAX> =
            SecurityScopes::from_chain(chain).map_err(|e| e.code())?;
        write_views(s.scopes().iter().copied(), out_scopes.get()?, &out_count)
    })
}

/// Renders `SecurityScopes(scopes)` into the buffer: its `challenge` or
/// its `scope_str`.
fn render_scopes<'a>(
    scopes: &Array<'a, authparse_str>, buffer: Buffer<'a>, out: Out<'a, authparse_str>,
    challenge: bool,
) -> authparse_status {
    buffer.call(|call| {
        call.apart([scopes.region()])?;
        let mut work = [""; AUTHPARSE_SECURITY_SCOPES_MAX];
        let list = texts(scopes.get()?, &mut work)?;
        let s: SecurityScopes<'_, AUTHPARSE_SECURITY_SCOPES_MAX> =
            SecurityScopes::new(list).map_err(|e| e.code())?;
        out.required()?;
        call.apart(list.iter().map(|s| Region::bytes(s.as_bytes())))?;
        call.apart([out.region()])?;
        let text = call.write(|b| {
            if challenge {
                s.challenge(b)
            } else {
                s.scope_str(b)
            }
        })?;
        out.set(view(text));
        Ok(())
    })
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
    scopes: *const authparse_str, count: usize, buf: *mut u8, buf_len: usize,
    out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (scopes, (buffer, out)) = unsafe {
        (
            Array::new(scopes, count),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    render_scopes(&scopes, buffer, out, false)
}

/// `Bearer scope="<scope_str>"` (plain `Bearer` without scopes), the
/// `WWW-Authenticate` value of FastAPI's scopes tutorial, into `buf`; as
/// `authparse_security_scopes_scope_str` otherwise. A scope holding a
/// control byte (HTAB aside) or DEL is
/// `AUTHPARSE_STATUS_INVALID_CONFIGURATION`: CR/LF would split the
/// response.
///
/// # Safety
/// As `authparse_security_scopes_scope_str`.
#[no_mangle]
pub unsafe extern "C" fn authparse_security_scopes_challenge(
    scopes: *const authparse_str, count: usize, buf: *mut u8, buf_len: usize,
    out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (scopes, (buffer, out)) = unsafe {
        (
            Array::new(scopes, count),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    render_scopes(&scopes, buffer, out, true)
}
