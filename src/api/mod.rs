//! One module per resource group of the guide. Each endpoint is a function that reads
//! the caller's options through [`Json`], validates them against the guide's rules
//! before any I/O, and returns the [`Request`] to send, which names the shape its
//! answer must have. Nothing here performs I/O.
//!
//! Options are JSON-like objects (in the browser, the caller's own JS object); unset
//! and `null` members are omitted from query strings and bodies.

pub mod channels;
pub mod contacts;
pub mod events;
pub mod groups;
pub mod paging;
pub mod wechat;

use crate::error::Error;
use crate::json::{Json, Kind};

/// `opts[key]` as a string, if set; any other type is a validation error.
pub(crate) fn opt_str<J: Json>(opts: &J, key: &str) -> Result<Option<String>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_str().map(Some).ok_or_else(|| Error::validation(format!("{key} must be a string"))),
    }
}

/// `opts[key]` as a non-empty string; absent, `null`, empty or another type is a validation error.
pub(crate) fn req_str<J: Json>(opts: &J, key: &str) -> Result<String, Error> {
    match opt_str(opts, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(Error::validation(format!("{key} is required"))),
    }
}

/// `opts[key]` as a non-negative integer, if set.
pub(crate) fn opt_uint<J: Json>(opts: &J, key: &str) -> Result<Option<u64>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| Error::validation(format!("{key} must be a non-negative integer"))),
    }
}

/// `opts[key]` as a boolean, if set.
pub(crate) fn opt_bool<J: Json>(opts: &J, key: &str) -> Result<Option<bool>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| Error::validation(format!("{key} must be a boolean"))),
    }
}

/// Checks that options, when given, are an object.
pub(crate) fn expect_object<J: Json>(opts: &J, what: &str) -> Result<(), Error> {
    match opts.kind() {
        Kind::Object => Ok(()),
        _ => Err(Error::validation(format!("{what} must be an object"))),
    }
}

/// An id given as a number (or a string of digits) as a path segment.
pub(crate) fn id_segment<J: Json>(v: &J, what: &str) -> Result<String, Error> {
    let id = match v.kind() {
        Kind::Number => v.as_u64(),
        Kind::String => v.as_str().filter(|s| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse().ok()),
        _ => None,
    };
    id.map(|n| n.to_string()).ok_or_else(|| Error::validation(format!("{what} must be a non-negative integer id")))
}
