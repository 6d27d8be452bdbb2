//! The constructor arguments of a case's class, checked against the class.

use authparse::{Profile, Settings};
use serde_json::{Map, Value};

/// Arguments every class accepts: FastAPI's shared keywords, and `profile`
/// (`"fastapi"` or `"strict"`), authparse's own: the conformance cases never
/// carry it; `inspect` uses it.
const COMMON: [&str; 4] = ["auto_error", "scheme_name", "description", "profile"];

/// The arguments of one class: the common ones and the class's own.
pub struct Args<'v> {
    map: &'v Map<String, Value>,
    own: &'static [&'static str],
}

impl<'v> Args<'v> {
    /// Reads `spec`'s arguments, refusing one that is neither common nor in `own`.
    pub fn new(spec: &'v Value, own: &'static [&'static str]) -> Result<Self, String> {
        let map = spec.as_object().ok_or("scheme is not an object")?;
        let args = Args { map, own };
        match map.keys().find(|k| *k != "class" && !args.allows(k)) {
            Some(key) => Err(format!("unsupported argument '{key}'")),
            None => Ok(args),
        }
    }

    fn allows(&self, key: &str) -> bool {
        COMMON.contains(&key) || self.own.contains(&key)
    }

    /// A string argument; `None` when absent or `null`.
    pub fn str(&self, key: &str) -> Result<Option<&'v str>, String> {
        debug_assert!(self.allows(key));
        string(self.map, key)
    }

    /// A string argument without a default.
    pub fn required_str(&self, key: &str) -> Result<&'v str, String> {
        self.str(key)?
            .ok_or_else(|| format!("missing required argument '{key}'"))
    }

    /// A present argument's value.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        debug_assert!(self.allows(key));
        self.map.get(key)
    }

    /// authparse's `profile` extension argument.
    pub fn profile(&self) -> Result<Profile, String> {
        match self.str("profile")? {
            None | Some("fastapi") => Ok(Profile::FastApi),
            Some("strict") => Ok(Profile::Strict),
            Some(other) => Err(format!("unknown profile '{other}'")),
        }
    }

    /// The arguments every class shares, as the class's [`Settings`].
    pub fn settings(&self) -> Result<Settings<'v>, String> {
        Ok(Settings {
            auto_error: match self.get("auto_error") {
                None => true,
                Some(Value::Bool(b)) => *b,
                Some(other) => return Err(format!("'auto_error' must be a boolean, not {other}")),
            },
            profile: self.profile()?,
            scheme_name: self.str("scheme_name")?,
            description: self.str("description")?,
        })
    }
}

/// The string under `key`; `None` when absent or `null`.
pub fn string<'v>(map: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("'{key}' must be a string, not {other}")),
    }
}

/// `(scope, description)` pairs of a `scopes` argument (of a class or a flow).
pub fn scope_pairs(value: Option<&Value>) -> Result<Vec<(&str, &str)>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|d| (k.as_str(), d))
                    .ok_or_else(|| format!("scope '{k}' needs a string"))
            })
            .collect(),
        Some(other) => Err(format!("'scopes' must be an object, not {other}")),
    }
}
