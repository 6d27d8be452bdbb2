//! `authparse_scheme_config`: the constructor arguments of the scheme
//! classes, and the two drivers every `*_extract` function runs on.

use authparse_core::{Error, Outcome, Settings};

use crate::abi::{run, Buffer, Out, Ptr, Region};
use crate::base::*;
use crate::model::outcome::{authparse_outcome, outcome};
use crate::model::request::{authparse_request, request, request_regions, CRequest};

/// Configuration shared by the eleven scheme classes (FastAPI's constructor
/// arguments that change decisions). Fill it with
/// `authparse_scheme_config_init` and override fields.
///
/// The views are read during the call only, but a failure's challenge
/// (`authparse_outcome.challenge.text`) points into `realm` or `name`: keep
/// them alive until the challenge is rendered. They must be UTF-8.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_scheme_config {
    /// FastAPI's `auto_error` (default `true`): a missing or wrong credential
    /// is a 401 failure; with `false` it is `AUTHPARSE_OUTCOME_ABSENT`.
    pub auto_error: bool,
    /// `AUTHPARSE_PROFILE_FASTAPI` (default) or `AUTHPARSE_PROFILE_STRICT`.
    pub profile: authparse_profile,
    /// HTTPBasic only: whether `realm` is set (FastAPI's `realm=None` otherwise).
    pub has_realm: bool,
    /// HTTPBasic only: `realm=…`.
    pub realm: authparse_str,
    /// HTTPBase: `scheme=…`; APIKeyHeader/Query/Cookie: `name=…`. Unused by
    /// the other classes.
    pub name: authparse_str,
}

impl Default for authparse_scheme_config {
    fn default() -> Self {
        authparse_scheme_config {
            auto_error: true,
            profile: AUTHPARSE_PROFILE_FASTAPI,
            has_realm: false,
            realm: authparse_str::EMPTY,
            name: authparse_str::EMPTY,
        }
    }
}

/// Sets `*config` to FastAPI's defaults: `auto_error` true, the FastAPI
/// profile, no realm, an empty name.
///
/// # Safety
/// `config` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scheme_config_init(
    config: *mut authparse_scheme_config,
) -> authparse_status {
    // SAFETY: the pointer is as `# Safety` above requires.
    let config = unsafe { Out::new(config) };
    run(|| {
        config.required()?.set(authparse_scheme_config::default());
        Ok(())
    })
}

/// What a configuration holds, checked and converted.
pub(crate) struct Config<'c> {
    /// `auto_error` and the profile, for every class's `settings(…)`.
    pub(crate) settings: Settings<'c>,
    pub(crate) realm: Option<&'c str>,
    pub(crate) name: &'c str,
    /// What was read: the struct, its realm and its name.
    regions: [Region; 3],
}

/// The checked configuration behind `cfg` (both strings must be UTF-8).
fn config<'c>(cfg: &Ptr<'c, authparse_scheme_config>) -> Result<Config<'c>, authparse_status> {
    let c = cfg.get()?;
    let (realm, name) = (c.part(|c| &c.realm).text()?, c.part(|c| &c.name).text()?);
    Ok(Config {
        settings: Settings::DEFAULT
            .auto_error(c.auto_error)
            .profile(profile(c.profile)?),
        realm: c.has_realm.then_some(realm),
        name,
        regions: [
            c.region(),
            Region::bytes(realm.as_bytes()),
            Region::bytes(name.as_bytes()),
        ],
    })
}

/// The body of a `*_extract` function for a class that decodes into the
/// caller's buffer: [`Extract::decide_into`] on its raw arguments.
///
/// # Safety
/// As [`Extract::new`] and [`Buffer::new`] (`buf` writable for `buf_len`
/// bytes, `out_needed` NULL or writable).
pub(crate) unsafe fn extract_into<'a, C: Default + 'a, T>(
    (cfg, req, out_outcome, out_creds): Raw<C>,
    (buf, buf_len, out_needed): (*mut u8, usize, *mut usize),
    decide: impl FnOnce(&Config<'a>, &CRequest<'a>, &'a mut [u8]) -> Result<Outcome<'a, T>, Error>,
    convert: impl FnOnce(T) -> C,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    let (call, buffer) = unsafe {
        (
            Extract::new(cfg, req, out_outcome, out_creds),
            Buffer::new(buf, buf_len, out_needed),
        )
    };
    call.decide_into(buffer, decide, convert)
}

/// The raw `cfg`, `req`, `out_outcome` and `out_creds` of a `*_extract` function.
pub(crate) type Raw<C> = (
    *const authparse_scheme_config,
    *const authparse_request,
    *mut authparse_outcome,
    *mut C,
);

/// The arguments every `*_extract` function takes: the configuration, the
/// request and the two out-params.
pub(crate) struct Extract<'a, C> {
    cfg: Ptr<'a, authparse_scheme_config>,
    req: Ptr<'a, authparse_request>,
    out_outcome: Out<'a, authparse_outcome>,
    out_creds: Out<'a, C>,
}

impl<'a, C: Default> Extract<'a, C> {
    /// # Safety
    /// `cfg` and `req` as [`Ptr::new`] asks (valid, with readable views),
    /// `out_outcome` and `out_creds` as [`Out::new`] (writable): the
    /// `# Safety` contract of every `*_extract` function.
    pub(crate) const unsafe fn new(
        cfg: *const authparse_scheme_config, req: *const authparse_request,
        out_outcome: *mut authparse_outcome, out_creds: *mut C,
    ) -> Self {
        // SAFETY: forwarded to the caller.
        unsafe {
            Extract {
                cfg: Ptr::new(cfg),
                req: Ptr::new(req),
                out_outcome: Out::new(out_outcome),
                out_creds: Out::new(out_creds),
            }
        }
    }

    /// Runs `decide` on the checked configuration and request;
    /// `*out_outcome` gets the decision and `*out_creds` what `convert`
    /// makes of the credentials (zeroed unless the outcome is CREDENTIALS).
    pub(crate) fn decide<T>(
        self, decide: impl FnOnce(&Config<'a>, &CRequest<'a>) -> Outcome<'a, T>,
        convert: impl FnOnce(T) -> C,
    ) -> authparse_status {
        run(|| {
            self.out_outcome.required()?;
            self.out_creds.required()?;
            let (cfg, req) = (config(&self.cfg)?, request(&self.req)?);
            self.finish(decide(&cfg, &req), convert);
            Ok(())
        })
    }

    /// [`decide`](Self::decide) for a class that decodes into the caller's
    /// buffer, which may not share a byte with the request, the
    /// configuration (its struct and strings) or an out-param.
    pub(crate) fn decide_into<T>(
        self, buffer: Buffer<'a>,
        decide: impl FnOnce(&Config<'a>, &CRequest<'a>, &'a mut [u8]) -> Result<Outcome<'a, T>, Error>,
        convert: impl FnOnce(T) -> C,
    ) -> authparse_status {
        buffer.call(|call| {
            self.out_outcome.required()?;
            self.out_creds.required()?;
            let (cfg, req) = (config(&self.cfg)?, request(&self.req)?);
            call.apart(request_regions(&self.req, &req).chain(cfg.regions))?;
            call.apart([self.out_outcome.region(), self.out_creds.region()])?;
            let decided = call.write(|buf| decide(&cfg, &req, buf))?;
            self.finish(decided, convert);
            Ok(())
        })
    }

    fn finish<T>(&self, decided: Outcome<'a, T>, convert: impl FnOnce(T) -> C) {
        let (o, creds) = outcome(decided);
        self.out_outcome.set(o);
        self.out_creds.set(creds.map(convert).unwrap_or_default());
    }
}
