//! The OpenAPI request body of the password forms: [`PasswordFormBody`].

use crate::base::error::Error;
use crate::base::json::{escaped, len_with, write_with, Out};

/// The OpenAPI request body of an endpoint taking
/// `OAuth2PasswordRequestForm` (or its `Strict` variant): the `requestBody`
/// object and the `components.schemas` entry it refers to.
///
/// FastAPI names the schema `Body_<operation id>`, e.g.
/// `Body_token_token_post` for `@app.post("/token")` on `def token(…)`;
/// [`new`](Self::new) takes the operation id, [`with_title`](Self::with_title)
/// the whole name.
///
/// ```
/// use authparse::openapi::PasswordFormBody;
/// let body = PasswordFormBody::new("token_token_post", false);
/// let mut buf = [0u8; 1024];
/// assert_eq!(
///     body.write_request_body_json(&mut buf)?,
///     r##"{"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/Body_token_token_post"}}},"required":true}"##
/// );
/// assert!(body.write_schema_json(&mut buf)?.ends_with(r#""title":"Body_token_token_post"}"#));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordFormBody<'a> {
    prefix: &'static str,
    name: &'a str,
    strict: bool,
}

const FORM_PROPERTIES: &str = concat!(
    r#"{"properties":{"grant_type":{"anyOf":[{"type":"string","pattern":"^password$"},{"type":"null"}],"title":"Grant Type"},"#,
    r#""username":{"type":"string","title":"Username"},"#,
    r#""password":{"type":"string","format":"password","title":"Password"},"#,
    r#""scope":{"type":"string","title":"Scope","default":""},"#,
    r#""client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"#,
    r#""client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"format":"password","title":"Client Secret"}},"#,
    r#""type":"object","required":["username","password"],"title":"#,
);

const STRICT_FORM_PROPERTIES: &str = concat!(
    r#"{"properties":{"grant_type":{"type":"string","pattern":"^password$","title":"Grant Type"},"#,
    r#""username":{"type":"string","title":"Username"},"#,
    r#""password":{"type":"string","title":"Password"},"#,
    r#""scope":{"type":"string","title":"Scope","default":""},"#,
    r#""client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"#,
    r#""client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Secret"}},"#,
    r#""type":"object","required":["grant_type","username","password"],"title":"#,
);

impl<'a> PasswordFormBody<'a> {
    /// The body of the operation `operation_id` (schema `Body_<operation_id>`);
    /// `strict` selects `OAuth2PasswordRequestFormStrict`.
    pub const fn new(operation_id: &'a str, strict: bool) -> Self {
        PasswordFormBody {
            prefix: "Body_",
            name: operation_id,
            strict,
        }
    }

    /// The same with the schema name given whole.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// let (mut a, mut b) = ([0u8; 1024], [0u8; 1024]);
    /// let titled = PasswordFormBody::with_title("Body_x", true).write_schema_json(&mut a)?;
    /// assert_eq!(titled, PasswordFormBody::new("x", true).write_schema_json(&mut b)?);
    /// let mut buf = [0u8; 1024];
    /// assert!(PasswordFormBody::with_title("Login", false).write_schema_json(&mut buf)?.ends_with(r#""title":"Login"}"#));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn with_title(title: &'a str, strict: bool) -> Self {
        PasswordFormBody {
            prefix: "",
            name: title,
            strict,
        }
    }

    fn title<O: Out + ?Sized>(&self, o: &mut O) {
        escaped(o, self.prefix);
        escaped(o, self.name);
    }

    fn emit_schema<O: Out + ?Sized>(&self, o: &mut O) {
        o.put(if self.strict {
            STRICT_FORM_PROPERTIES.as_bytes()
        } else {
            FORM_PROPERTIES.as_bytes()
        });
        o.put(b"\"");
        self.title(o);
        o.put(b"\"}");
    }

    fn emit_request_body<O: Out + ?Sized>(&self, o: &mut O) {
        o.put(br##"{"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/"##);
        self.title(o);
        o.put(br#""}}},"required":true}"#);
    }

    /// Writes the `components.schemas` entry's value into `buf`.
    pub fn write_schema_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit_schema(s);
            Ok(())
        })
    }

    /// The size of [`write_schema_json`](Self::write_schema_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// let body = PasswordFormBody::new("token_token_post", true);
    /// let mut buf = [0u8; 1024];
    /// assert_eq!(body.schema_json_len(), body.write_schema_json(&mut buf)?.len());
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn schema_json_len(&self) -> usize {
        len_with(|s| {
            self.emit_schema(s);
            Ok(())
        })
        .unwrap_or(0)
    }

    /// Writes the operation's `requestBody` object into `buf`.
    pub fn write_request_body_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit_request_body(s);
            Ok(())
        })
    }

    /// The size of [`write_request_body_json`](Self::write_request_body_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// assert_eq!(PasswordFormBody::new("t", false).request_body_json_len(), 115);
    /// ```
    pub fn request_body_json_len(&self) -> usize {
        len_with(|s| {
            self.emit_request_body(s);
            Ok(())
        })
        .unwrap_or(0)
    }
}
