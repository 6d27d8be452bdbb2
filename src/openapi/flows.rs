//! The `flows` object of an OAuth2 scheme, from the flow data of
//! `schemes/oauth2` ([`OAuthFlows`](crate::openapi::OAuthFlows)).

use crate::base::error::Error;
use crate::base::json::{Obj, Out};
use crate::base::raw_json::RawJson;
use crate::schemes::oauth2::flows::{flow_key, flows_extra_entries, FlowSlot};
use crate::schemes::oauth2::ExtraKeys;

/// Extra members (already validated) after the declared ones.
fn put_extra<'a, O: Out + ?Sized>(
    obj: &mut Obj<'_, O>,
    extra: Option<impl Iterator<Item = (&'a str, RawJson<'a>)>>,
) -> Result<(), Error> {
    for (name, value) in extra.ok_or(Error::InvalidConfiguration)? {
        obj.key(name).put(value.as_str().as_bytes());
    }
    Ok(())
}

/// One flow object.
fn emit_flow<O: Out + ?Sized>(o: &mut O, entry: &FlowSlot<'_>) -> Result<(), Error> {
    let mut obj = Obj::open(o);
    obj.opt_str("refreshUrl", entry.flow.get_refresh_url());
    let mut scopes = Obj::open(obj.key("scopes"));
    for (name, description) in entry.flow.scope_entries() {
        scopes.str(name, description);
    }
    scopes.close();
    obj.opt_str("authorizationUrl", entry.authorization_url);
    obj.opt_str("tokenUrl", entry.token_url);
    put_extra(&mut obj, entry.flow.extra_entries())?;
    obj.close();
    Ok(())
}

/// The flows object: the configured `slots` (slot `first` on, in
/// FastAPI's order), then the `extra` keys ([`Error::InvalidConfiguration`]
/// if one repeats a flow's key).
pub(super) fn emit_flows<O: Out + ?Sized>(
    o: &mut O,
    slots: &[Option<FlowSlot<'_>>],
    first: usize,
    extra: ExtraKeys<'_>,
) -> Result<(), Error> {
    let mut obj = Obj::open(o);
    for (i, slot) in slots.iter().enumerate() {
        if let Some(slot) = slot {
            emit_flow(obj.key(flow_key(first.saturating_add(i))), slot)?;
        }
    }
    put_extra(&mut obj, flows_extra_entries(extra))?;
    obj.close();
    Ok(())
}
