//! Reading an answer: the caller's value on 2xx, an [`Error`] otherwise.
//!
//! The value is not converted: it is the JSON the server sent, once it has passed
//! [`model::check`] against the shape the [`Request`] names.

use crate::error::{Error, ErrorKind};
use crate::json::{Json, Kind};
use crate::model;
use crate::request::Request;

/// Turns a response into the caller's value or an [`Error`]. `parsed` is the body parsed
/// as JSON (`None` when it is not JSON).
///
/// - 2xx: `parsed` must exist and pass `model::check(req.answer, …)`, else kind `Decode`
///   whose message names the offending place (e.g. `[0].id`).
/// - Otherwise kind `Http` (for 401/403 the transport decides `Auth` after its one
///   refresh) with `code` from the body's `code` or `errorCode` (string or number) and the
///   message from `message` or `msg` when present.
///
/// Every error carries the status, the request's method and path, and the first 2048
/// characters of the body.
pub fn read<J: Json>(req: &Request, status: u16, body: &str, parsed: Option<J>) -> Result<J, Error> {
    read_with(req, status, parsed, || body.to_owned())
}

/// [`read`], with the body text asked for only when an error needs it: in the browser the
/// text stays a JS string on the way to `JSON.parse`, and crosses into the module only
/// for an error.
pub fn read_with<J: Json>(req: &Request, status: u16, parsed: Option<J>, body: impl FnOnce() -> String) -> Result<J, Error> {
    let (kind, message, code) = if (200..300).contains(&status) {
        match parsed {
            None => (ErrorKind::Decode, "answer is not JSON".to_owned(), None),
            Some(value) => match model::check(req.answer, &value) {
                Ok(()) => return Ok(value),
                Err(why) => (ErrorKind::Decode, format!("answer does not have the guide's shape: {why}"), None),
            },
        }
    } else {
        let server_message = parsed.as_ref().and_then(|v| text_member(v, &["message", "msg"]));
        let code = parsed.as_ref().and_then(|v| text_member(v, &["code", "errorCode"]));
        (ErrorKind::Http, server_message.unwrap_or_else(|| format!("HTTP {status}")), code)
    };
    let mut e = Error::new(kind, message).at(req.method.as_str(), &req.path).with_body(&body());
    e.status = Some(status);
    e.code = code;
    Err(e)
}

/// The first of `keys` that is a non-empty string or a number, as text.
fn text_member<J: Json>(v: &J, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        let m = v.field(key)?;
        match m.kind() {
            Kind::String => m.as_str().filter(|s| !s.is_empty()),
            Kind::Number => m.number_text(),
            _ => None,
        }
    })
}
