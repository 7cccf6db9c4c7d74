//! The answer check: reading an answer, the caller's value on 2xx, an [`Error`] otherwise.
//!
//! The value is the JSON the server sent, checked against the shape the [`Request`]
//! names ([`model::check`]) and normalized in place where a scalar has another type than
//! the shape declares.

use crate::encode::concat;
use crate::error::{Error, ErrorKind};
use crate::json::{Json, Kind};
use crate::model::{self, Fix, Mend};
use crate::request::Request;

/// [`read_with`] for a body parsed natively (tests, fixtures, native callers): the answer
/// as a `serde_json::Value`, normalized.
#[cfg(not(target_arch = "wasm32"))]
pub fn read(req: &Request, status: u16, body: &str) -> Result<serde_json::Value, Error> {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let view = parsed.as_ref();
    let fixes = judge(req, status, view.as_ref(), || body.to_owned())?;
    let mut value = parsed.unwrap_or(serde_json::Value::Null);
    model::mend_value(&mut value, &fixes);
    Ok(value)
}

/// Turns a response into the caller's value or an [`Error`]. `parsed` is the body parsed
/// as JSON (`None` when it is not JSON); `body` gives its text, asked for only when an
/// error needs it: in the browser the text stays a JS string on the way to `JSON.parse`,
/// and crosses into the module only for an error.
///
/// - 2xx: `parsed` must exist and pass `model::check(req.answer, …)`, else kind `Decode`
///   whose message names the offending place (e.g. `[0].id`); scalars of another type
///   than declared are normalized in `parsed` itself ([`Mend`]).
/// - Otherwise kind `Http` (for 401/403 the transport decides `Auth` after its one
///   refresh) with `code` from the body's `code` or `errorCode` (string or number) and the
///   message from `message` or `msg` when present.
///
/// Every error carries the status, the request's method and path, and the first 2048
/// characters of the body.
pub fn read_with<J: Mend>(req: &Request, status: u16, parsed: Option<J>, body: impl FnOnce() -> String) -> Result<J, Error> {
    let fixes = judge(req, status, parsed.as_ref(), body)?;
    match parsed {
        Some(value) => {
            for fix in &fixes {
                value.mend(fix);
            }
            Ok(value)
        }
        // `judge` accepts no 2xx answer that is not JSON.
        None => Err(Error::new(ErrorKind::Decode, "answer is not JSON").at(req.method.as_str(), &req.path)),
    }
}

/// The normalizations a 2xx answer needs, or the error a response is.
fn judge<J: Json>(req: &Request, status: u16, parsed: Option<&J>, body: impl FnOnce() -> String) -> Result<Vec<Fix>, Error> {
    let (kind, message, code) = if (200..300).contains(&status) {
        match parsed {
            None => (ErrorKind::Decode, "answer is not JSON".to_owned(), None),
            Some(value) => match model::check(req.answer, value) {
                Ok(fixes) => return Ok(fixes),
                Err(why) => (ErrorKind::Decode, concat(&["answer does not have the guide's shape: ", &why]), None),
            },
        }
    } else {
        let server_message = parsed.and_then(|v| text_member(v, &["message", "msg"]));
        let code = parsed.and_then(business_code);
        (ErrorKind::Http, server_message.unwrap_or_else(|| concat(&["HTTP ", &crate::encode::decimal(u64::from(status))])), code)
    };
    let mut e = Error::new(kind, message).at(req.method.as_str(), &req.path).with_body(&body());
    e.status = Some(status);
    e.code = code;
    Err(e)
}

/// The Linkflow business code of an error body: its `code` or `errorCode` (string or
/// number), as text.
pub fn business_code<J: Json>(body: &J) -> Option<String> {
    text_member(body, &["code", "errorCode"])
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
