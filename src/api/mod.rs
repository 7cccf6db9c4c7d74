//! One module per resource group of the guide. Each endpoint is a function that reads
//! the caller's options through [`Json`], validates them against the guide's rules
//! before any I/O, and returns the [`Request`] to send, which names the shape its
//! answer must have. Nothing here performs I/O.
//!
//! Options are JSON-like objects (in the browser, a copy of the caller's JS object made
//! once at the boundary); unset members are omitted from query strings and bodies, and so
//! are `null` ones, except in contact bodies, where `null` clears a field.

pub mod channels;
pub mod check;
pub mod contacts;
pub mod events;
pub mod groups;
pub mod paging;
mod validate;
pub mod wechat;

use crate::encode::{concat, decimal};
use crate::error::Error;
use crate::json::{Json, Kind, Writer};

/// `opts[key]` as a string, if set; any other type is a validation error.
pub(crate) fn opt_str<J: Json>(opts: &J, key: &str) -> Result<Option<String>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_str().map(Some).ok_or_else(|| Error::validation(concat(&[key, ": expected a string"]))),
    }
}

/// `opts[key]` as a non-empty string; absent, `null`, empty or another type is a validation error.
pub(crate) fn req_str<J: Json>(opts: &J, key: &str) -> Result<String, Error> {
    match opt_str(opts, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(Error::validation(concat(&[key, " is required"]))),
    }
}

/// `opts[key]` as a non-negative integer, if set.
pub(crate) fn opt_uint<J: Json>(opts: &J, key: &str) -> Result<Option<u64>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| Error::validation(concat(&[key, ": expected a non-negative integer"]))),
    }
}

/// `opts[key]` as a boolean, if set.
pub(crate) fn opt_bool<J: Json>(opts: &J, key: &str) -> Result<Option<bool>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| Error::validation(concat(&[key, ": expected a boolean"]))),
    }
}

/// Checks that options, when given, are an object.
pub(crate) fn expect_object<J: Json>(opts: &J, what: &str) -> Result<(), Error> {
    match opts.kind() {
        Kind::Object => Ok(()),
        _ => Err(Error::validation(concat(&[what, ": expected an object"]))),
    }
}

/// An id given as a number (or a string of digits).
pub(crate) fn id_value<J: Json>(v: &J) -> Option<u64> {
    match v.kind() {
        Kind::Number => v.as_u64(),
        Kind::String => {
            v.as_str().filter(|s| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse().ok())
        }
        _ => None,
    }
}

/// An id given as a number (or a string of digits) as a path segment.
pub(crate) fn id_segment<J: Json>(v: &J, what: &str) -> Result<String, Error> {
    id_value(v).map(decimal).ok_or_else(|| Error::validation(concat(&[what, ": expected a non-negative integer id"])))
}

/// `opts[key]` as an id (number or digit string), if set.
pub(crate) fn opt_id<J: Json>(opts: &J, key: &str) -> Result<Option<u64>, Error> {
    match opts.field(key) {
        None => Ok(None),
        Some(v) => id_value(&v).map(Some).ok_or_else(|| Error::validation(concat(&[key, ": expected a non-negative integer id"]))),
    }
}

/// `opts[key]` as a page size in `1..=max`, if set.
pub(crate) fn opt_size<J: Json>(opts: &J, key: &str, max: u64) -> Result<Option<u64>, Error> {
    match opt_uint(opts, key)? {
        Some(n) if n == 0 || n > max => Err(Error::validation(concat(&[key, ": expected an integer from 1 to ", &decimal(max)]))),
        n => Ok(n),
    }
}

/// An array of integer ids (numbers or digit strings); anything else is a validation error.
pub(crate) fn id_list<J: Json>(ids: &J, what: &str) -> Result<Vec<u64>, Error> {
    if ids.kind() != Kind::Array {
        return Err(Error::validation(concat(&[what, ": expected an array of integer ids"])));
    }
    (0..ids.len())
        .map(|i| {
            ids.at(i)
                .and_then(|v| id_value(&v))
                .ok_or_else(|| Error::validation(concat(&[what, "[", &decimal(i as u64), "]: expected a non-negative integer id"])))
        })
        .collect()
}

/// The text of a body written with [`Writer::value`]; a validation error when the input was
/// nested deeper than JSON parsers accept (a hostile or cyclic value), held a number that
/// JSON cannot carry, or made a body past [`MAX_BODY_BYTES`].
pub(crate) fn body_text(w: Writer) -> Result<String, Error> {
    if w.too_deep() {
        return Err(Error::validation("input is nested too deeply (more than 128 levels, or cyclic)"));
    }
    if w.bad_number() {
        return Err(Error::validation("input holds a number that JSON cannot carry (NaN or Infinity)"));
    }
    if w.too_large() {
        return Err(too_large());
    }
    Ok(w.finish())
}

/// The error of an input whose body would pass [`crate::json::MAX_BODY_BYTES`].
pub fn too_large() -> Error {
    Error::validation("input is too large: a request body may hold at most 16 MiB of JSON")
}

/// Ids as one comma-separated value, e.g. `1,3,5`.
pub(crate) fn join_ids(ids: &[u64]) -> String {
    let mut out = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::encode::push_u64(&mut out, *id);
    }
    out
}

/// Ids as a JSON array body, e.g. `[1,3,5]`.
pub(crate) fn ids_body(ids: &[u64]) -> String {
    let mut w = Writer::new();
    w.begin_array();
    for id in ids {
        w.uint(*id);
    }
    w.end_array();
    w.finish()
}

/// Writes `"key": value` when `value` is set.
pub(crate) fn put_str(w: &mut Writer, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        w.key(key);
        w.string(v);
    }
}
