//! The OpenAPI entry points: one scheme, the `securitySchemes` object, an
//! operation's `security` array, the password form's request body and schema.

use authparse_core::openapi::{
    OAuthFlows, PasswordFormBody, Requirement, SecurityRequirements, SecurityScheme,
    SecuritySchemes,
};
use authparse_core::HttpBasic;

use super::convert::{self, extra_pool, scope_pool, Carve, Pools, Reader};
use super::*;
use crate::abi::{Array, Buffer, Given, Out, Ptr};

/// Renders one `components.securitySchemes` entry: its key and its JSON
/// value, exactly as FastAPI 0.165.0 serves them in `/openapi.json`
/// (compact, `ensure_ascii=False`; the same bytes as the Rust
/// `SecurityScheme::write_json`).
///
/// On `AUTHPARSE_STATUS_OK`, `*out_key` is the key: it points into
/// `scheme->scheme_name` when that is set, otherwise to a static string (the
/// class name, e.g. `"HTTPBearer"`); `*out_json` points into `buf`. A short
/// buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in
/// `*out_needed` (NULL allowed; 0 on other results); `*out_key` and
/// `*out_json` are written only on success. Other statuses: NULL_POINTER
/// (NULL `scheme`, out-param, or a view/array NULL with a non-zero length),
/// CONFIG_NOT_UTF8, INVALID_ARGUMENT (unknown class, more than
/// `AUTHPARSE_OPENAPI_MAX_SCOPES` scopes or `AUTHPARSE_OPENAPI_MAX_EXTRA`
/// extra members), INVALID_CONFIGURATION (an extra member's JSON is not
/// valid, or repeats a declared key), BUFFER_OVERLAP (`buf` overlaps an input).
/// Nothing is allocated or kept.
///
/// # Safety
/// `scheme` must point to an initialised scheme whose views and arrays are
/// readable; `buf` writable for `buf_len` bytes; `out_key` and `out_json`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_scheme_render(
    scheme: *const authparse_openapi_scheme, buf: *mut u8, buf_len: usize,
    out_key: *mut authparse_str, out_json: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (scheme_ptr, (buffer, out_key), out_json) = unsafe {
        (
            Ptr::new(scheme),
            Buffer::with_out(buf, buf_len, out_key, out_needed),
            Out::new(out_json),
        )
    };
    let (mut scopes, mut extra, mut flows) = (scope_pool(), extra_pool(), [OAuthFlows::new(); 1]);
    buffer.call(|call| {
        out_key.required()?;
        out_json.required()?;
        call.apart([out_key.region(), out_json.region()])?;
        let mut pools = Pools::new(&mut scopes, &mut extra, &mut flows);
        let rd = Reader(&call);
        let s = convert::scheme(rd, &mut pools, rd.one(&scheme_ptr)?)?;
        out_json.set(view(call.write(|b| s.write_json(b))?));
        out_key.set(view(s.key()));
        Ok(())
    })
}

/// Renders the whole `components.securitySchemes` object for `count`
/// schemes, in the order FastAPI visits them (`{}` for none; FastAPI leaves
/// the key out then). As in FastAPI, a key that comes again keeps its first
/// position and takes the last value; with `reject_collisions` a key that
/// comes again with a *different* JSON value is
/// `AUTHPARSE_STATUS_INVALID_CONFIGURATION` instead (the same scheme twice
/// is never a collision). The bytes are the Rust `SecuritySchemes::write_json`'s.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`. A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). At most `AUTHPARSE_OPENAPI_MAX_SCHEMES`
/// schemes and, over all of them, `AUTHPARSE_OPENAPI_MAX_SCOPES` scopes and
/// `AUTHPARSE_OPENAPI_MAX_EXTRA` extra members (INVALID_ARGUMENT beyond);
/// other statuses as `authparse_openapi_scheme_render`. Nothing is
/// allocated or kept.
///
/// # Safety
/// `schemes` must point to `count` initialised schemes (NULL allowed with 0)
/// whose views and arrays are readable; `buf` writable for `buf_len` bytes;
/// `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_schemes_render(
    schemes: *const authparse_openapi_scheme, count: usize, reject_collisions: bool, buf: *mut u8,
    buf_len: usize, out_json: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (schemes, (buffer, out_json)) = unsafe {
        (
            Array::new(schemes, count),
            Buffer::with_out(buf, buf_len, out_json, out_needed),
        )
    };
    let (mut scopes, mut extra) = (scope_pool(), extra_pool());
    let mut flows = [OAuthFlows::new(); AUTHPARSE_OPENAPI_MAX_SCHEMES];
    let mut list = [SecurityScheme::from(HttpBasic::new()); AUTHPARSE_OPENAPI_MAX_SCHEMES];
    buffer.call(|call| {
        out_json.required()?;
        call.apart([out_json.region()])?;
        if schemes.count() > AUTHPARSE_OPENAPI_MAX_SCHEMES {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let rd = Reader(&call);
        let items = rd.items(&schemes)?;
        let mut pools = Pools::new(&mut scopes, &mut extra, &mut flows);
        for (slot, c) in list.iter_mut().zip(items) {
            *slot = convert::scheme(rd, &mut pools, c)?;
        }
        let list = list.get(..items.len()).unwrap_or_default();
        let all = SecuritySchemes::new(list).reject_collisions(reject_collisions);
        out_json.set(view(call.write(|b| all.write_json(b))?));
        Ok(())
    })
}

/// Renders an operation's `security` array from its security dependencies
/// in FastAPI's visiting order, merged as FastAPI merges them: one
/// single-key object per scheme name, in the order names first appear, each
/// with the union of its scopes in first-seen order (`[]` for none; FastAPI
/// leaves the key out then). The bytes are the Rust
/// `SecurityRequirements::write_json`'s.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`. A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). At most `AUTHPARSE_OPENAPI_MAX_REQUIREMENTS`
/// requirements and `AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES` scopes over
/// all of them (INVALID_ARGUMENT beyond); names and scopes must be UTF-8
/// (CONFIG_NOT_UTF8); BUFFER_OVERLAP if `buf` overlaps an input. Nothing is
/// allocated or kept.
///
/// # Safety
/// `requirements` must point to `count` initialised requirements (NULL
/// allowed with 0) whose views and arrays are readable; `buf` writable for
/// `buf_len` bytes; `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_requirements_render(
    requirements: *const authparse_openapi_requirement, count: usize, buf: *mut u8, buf_len: usize,
    out_json: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (requirements, (buffer, out_json)) = unsafe {
        (
            Array::new(requirements, count),
            Buffer::with_out(buf, buf_len, out_json, out_needed),
        )
    };
    let mut scopes = [""; AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES];
    let mut list = [Requirement::new("", &[]); AUTHPARSE_OPENAPI_MAX_REQUIREMENTS];
    buffer.call(|call| {
        out_json.required()?;
        call.apart([out_json.region()])?;
        if requirements.count() > AUTHPARSE_OPENAPI_MAX_REQUIREMENTS {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let rd = Reader(&call);
        let items = rd.items(&requirements)?;
        let mut pool = Carve::new(&mut scopes);
        for (slot, r) in list.iter_mut().zip(items) {
            let name = rd.text(r.part(|r| &r.scheme_name))?;
            let views = rd.array(r, |r| (r.scopes, r.scope_count))?;
            let scopes = pool.take(views.len())?;
            for (s, v) in scopes.iter_mut().zip(views) {
                *s = rd.text(v)?;
            }
            *slot = Requirement::new(name, scopes);
        }
        let list = list.get(..items.len()).unwrap_or_default();
        let all = SecurityRequirements::new(list);
        out_json.set(view(call.write(|b| all.write_json(b))?));
        Ok(())
    })
}

/// A password-form rendering: `render` writes `PasswordFormBody(name)`.
fn password_form<'a>(
    name: &Given<'a, authparse_str>, name_is_title: bool, strict: bool, buffer: Buffer<'a>,
    out_json: Out<'a, authparse_str>,
    render: impl FnOnce(&PasswordFormBody<'a>, &'a mut [u8]) -> Result<&'a str, authparse_core::Error>,
) -> authparse_status {
    buffer.call(|call| {
        out_json.required()?;
        call.apart([out_json.region()])?;
        let name = Reader(&call).text(name)?;
        let body = if name_is_title {
            PasswordFormBody::with_title(name, strict)
        } else {
            PasswordFormBody::new(name, strict)
        };
        out_json.set(view(call.write(|b| render(&body, b))?));
        Ok(())
    })
}

/// Renders the `requestBody` object of an operation taking
/// `OAuth2PasswordRequestForm` or `OAuth2PasswordRequestFormStrict` (the
/// same for both): `{"content":{"application/x-www-form-urlencoded":
/// {"schema":{"$ref":"#/components/schemas/Body_<name>"}}},"required":true}`.
///
/// `name` (UTF-8, `name_len` bytes) is the operation id, e.g.
/// `token_token_post`, and the schema is `Body_<name>`; with `name_is_title`
/// it is the whole schema name. On `AUTHPARSE_STATUS_OK`, `*out_json` points
/// into `buf`; a short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and
/// the exact size in `*out_needed` (NULL allowed). Other statuses:
/// NULL_POINTER, CONFIG_NOT_UTF8, BUFFER_OVERLAP. Nothing is allocated or kept.
///
/// # Safety
/// `name` NULL with 0 or readable for `name_len` bytes; `buf` writable for
/// `buf_len` bytes; `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_password_form_request_body_render(
    name: *const u8, name_len: usize, name_is_title: bool, buf: *mut u8, buf_len: usize,
    out_json: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (name, (buffer, out_json)) = unsafe {
        (
            Given::view(name, name_len),
            Buffer::with_out(buf, buf_len, out_json, out_needed),
        )
    };
    password_form(&name, name_is_title, false, buffer, out_json, |body, b| {
        body.write_request_body_json(b)
    })
}

/// Renders the `components.schemas` entry (`Body_<name>`) of the password
/// form: `OAuth2PasswordRequestForm`'s, or with `strict`
/// `OAuth2PasswordRequestFormStrict`'s (`grant_type` required, no
/// `"format":"password"`), exactly as FastAPI 0.165.0 writes it.
///
/// `name` and `name_is_title` as in
/// `authparse_openapi_password_form_request_body_render`. On
/// `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`; a short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). Other statuses: NULL_POINTER,
/// CONFIG_NOT_UTF8, BUFFER_OVERLAP. Nothing is allocated or kept.
///
/// # Safety
/// As `authparse_openapi_password_form_request_body_render`.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_password_form_schema_render(
    name: *const u8, name_len: usize, name_is_title: bool, strict: bool, buf: *mut u8,
    buf_len: usize, out_json: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (name, (buffer, out_json)) = unsafe {
        (
            Given::view(name, name_len),
            Buffer::with_out(buf, buf_len, out_json, out_needed),
        )
    };
    password_form(&name, name_is_title, strict, buffer, out_json, |body, b| {
        body.write_schema_json(b)
    })
}
