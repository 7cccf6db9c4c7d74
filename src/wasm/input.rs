//! A caller's value, read once at the boundary into a fresh copy the core builds from.
//!
//! Every question asked of the caller's value goes through an import with `catch`: a
//! revoked `Proxy`, a throwing getter or `ownKeys` trap becomes a `validation` error that
//! names the field, and no JS exception ever unwinds through Rust frames (that skips the
//! module's stack-pointer restore; ~2,000 of them corrupt its memory for good). Each
//! member is read once (a getter cannot swap a value after it was checked), own
//! enumerable string keys only (`Object.keys`: inherited members are ignored). What JSON
//! cannot carry (`NaN`, `±Infinity`, `Symbol`, functions, `Map`, `Set`, boxed primitives,
//! an invalid `Date`, `BigInt` outside ids) is refused by name.
//!
//! The copy is plain JS data (null-prototype objects, arrays, primitives): reading it can
//! never throw, and strings stay JS strings until the body is written. The JSON size is
//! counted while copying (a string by its length, without reading its text), so an input
//! past [`MAX_BODY_BYTES`] stops early as a `validation` error, before anything of it is
//! copied into wasm memory. The core then reads the copy through the `JsValue` view, the
//! same one instantiation of its builders as before (a copy into a Rust JSON tree
//! weighed 33 KB more of wasm).
//!
//! `undefined` members are omitted and `undefined` array elements read as `null`, as
//! `JSON.stringify` does. A valid `Date` becomes Linkflow's `yyyy-MM-dd HH:mm:ss` (UTC+8),
//! or epoch milliseconds in the members [`Rules::epoch_ms`] names. A `BigInt` id becomes
//! its digits (ids may be digit strings).

use crate::encode::concat;
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dates::try_time;
use super::platform::{message_of, name};
use super::view::{try_is_array, try_keys};
use crate::api::events::EPOCH_MS_FIELDS;
use crate::api::too_large;
use crate::error::Error;
use crate::json::{MAX_BODY_BYTES, MAX_DEPTH};
use crate::time::format_linkflow_time;

/// The most of a field's path (in bytes) an error message quotes.
const MAX_PATH_BYTES: usize = 80;
/// The most of a caller's exception message (in bytes) an error message quotes.
const MAX_DETAIL_BYTES: usize = 200;

#[wasm_bindgen]
extern "C" {
    /// `Object.prototype.toString.call(v)`: `[object Object]`, `[object Map]`, ... (reads
    /// `Symbol.toStringTag`, which a getter or trap may throw from).
    #[wasm_bindgen(js_namespace = ["Object", "prototype", "toString"], js_name = call, catch)]
    fn try_tag(v: &JsValue) -> Result<JsString, JsValue>;

    /// `String(v)` of a number or bigint primitive (cannot throw for those).
    #[wasm_bindgen(js_name = String)]
    fn primitive_text(v: &JsValue) -> JsString;
}

/// What a value may hold besides JSON data.
#[derive(Clone, Copy)]
pub(crate) struct Rules {
    /// A `BigInt` is accepted (as its digits): ids and options, never a body.
    bigint: bool,
    /// Members whose `Date` is sent as epoch milliseconds instead of Linkflow's text.
    epoch_ms: &'static [&'static str],
}

/// A contact or channel body.
pub(crate) const BODY: Rules = Rules { bigint: false, epoch_ms: &[] };
/// An event body: `eventDate` takes a `Date` as epoch milliseconds.
pub(crate) const EVENT: Rules = Rules { bigint: false, epoch_ms: EPOCH_MS_FIELDS };
/// Ids and options (an id may be a `BigInt`; a `Date`, e.g. `minUpdateTime`, is Linkflow's text).
pub(crate) const ARGS: Rules = Rules { bigint: true, epoch_ms: &[] };

/// Copies `v` (called `what` in errors) under `rules`.
pub(crate) fn read(v: &JsValue, what: &str, rules: Rules) -> Result<JsValue, Error> {
    Reader::new(what, rules).value(v, None, 0)
}

/// An id argument (`what` names it in errors) and the options of a call, each read once,
/// the id first.
pub(crate) fn id_and_options(id: &JsValue, what: &str, opts: Option<Object>) -> Result<(JsValue, JsValue), Error> {
    Ok((read(id, what, ARGS)?, options(opts)?))
}

/// Copies a method's optional options object; none reads as `{}`.
pub(crate) fn options(o: Option<Object>) -> Result<JsValue, Error> {
    match o {
        Some(o) => read(&o, "options", ARGS),
        None => Ok(Object::new().into()),
    }
}

/// The elements of a caller's array (called `what`), each read once but not looked into:
/// every element is then read on its own (`createMany`'s events fail one by one).
pub(crate) fn elements(v: &JsValue, what: &str) -> Result<Vec<JsValue>, Error> {
    let mut reader = Reader::new(what, ARGS);
    let is_array = v.is_object() && try_is_array(v).map_err(|e| reader.unreadable(&e))?;
    if !is_array {
        return Err(reader.fail("must be an array"));
    }
    let mut items = Vec::new();
    reader.each(v, |_, item| {
        items.push(item);
        Ok(())
    })?;
    Ok(items)
}

struct Reader<'a> {
    rules: Rules,
    /// JSON bytes counted so far (strings by UTF-16 length: a lower bound).
    used: usize,
    /// Where the reader is, e.g. `props.attr1` or `ids[2]`; empty at the top.
    path: String,
    /// The top-level value's name in errors.
    what: &'a str,
}

impl<'a> Reader<'a> {
    fn new(what: &'a str, rules: Rules) -> Self {
        Reader { rules, used: 0, path: String::new(), what }
    }

    fn fail(&self, problem: &str) -> Error {
        let at = if self.path.is_empty() { self.what } else { &self.path };
        // A cyclic value's path repeats itself 128 times: its end says where.
        let mut cut = at.len().saturating_sub(MAX_PATH_BYTES);
        while !at.is_char_boundary(cut) {
            cut += 1;
        }
        let ellipsis = if cut > 0 { "…" } else { "" };
        Error::validation(concat(&[ellipsis, at.get(cut..).unwrap_or(at), " ", problem]))
    }

    fn unreadable(&self, thrown: &JsValue) -> Error {
        let detail = message_of(thrown).unwrap_or_else(|| "it threw".to_owned());
        let mut end = detail.len().min(MAX_DETAIL_BYTES);
        while !detail.is_char_boundary(end) {
            end -= 1;
        }
        self.fail(&concat(&["could not be read: ", detail.get(..end).unwrap_or_default()]))
    }

    fn spend(&mut self, bytes: usize) -> Result<(), Error> {
        self.used = self.used.saturating_add(bytes);
        if self.used > MAX_BODY_BYTES {
            return Err(too_large());
        }
        Ok(())
    }

    /// Counts a JS string (quotes included) without copying its text.
    fn spend_text(&mut self, s: &JsValue) -> Result<(), Error> {
        self.spend(s.unchecked_ref::<JsString>().length() as usize + 2)
    }

    fn value(&mut self, v: &JsValue, key: Option<&JsValue>, depth: usize) -> Result<JsValue, Error> {
        if v.is_null() || v.is_undefined() {
            self.spend(4)?;
            return Ok(JsValue::NULL);
        }
        if v.as_bool().is_some() {
            self.spend(5)?;
            return Ok(v.clone());
        }
        if let Some(n) = v.as_f64() {
            if n.is_nan() {
                return Err(self.fail("is NaN, which JSON cannot carry"));
            }
            if n.is_infinite() {
                return Err(self.fail("is Infinity, which JSON cannot carry"));
            }
            self.spend(primitive_text(v).length() as usize)?;
            return Ok(v.clone());
        }
        if v.is_string() {
            self.spend_text(v)?;
            return Ok(v.clone());
        }
        if v.is_bigint() {
            if !self.rules.bigint {
                return Err(self.fail("is a BigInt, which is accepted only for ids"));
            }
            let digits: JsValue = primitive_text(v).into();
            self.spend_text(&digits)?;
            return Ok(digits);
        }
        if v.is_symbol() {
            return Err(self.fail("is a Symbol, which JSON cannot carry"));
        }
        if v.is_function() {
            return Err(self.fail("is a function, which JSON cannot carry"));
        }
        if !v.is_object() {
            return Err(self.fail("is not JSON data"));
        }
        if depth >= MAX_DEPTH {
            return Err(self.fail("is nested too deeply (more than 128 levels, or cyclic)"));
        }
        if try_is_array(v).map_err(|e| self.unreadable(&e))? {
            return self.array(v, depth);
        }
        let tag = try_tag(v).map_err(|e| self.unreadable(&e))?;
        match String::from(tag).as_str() {
            "[object Object]" => self.object(v, depth),
            "[object Date]" => self.date(v, key),
            other => Err(self.fail(&concat(&[
                "is not JSON data (",
                other,
                "): give a plain object, an array, a string, a finite number, a boolean or null",
            ]))),
        }
    }

    /// Calls `f` with each element of the array `v`, read once, its index on the path.
    fn each(&mut self, v: &JsValue, mut f: impl FnMut(&mut Self, JsValue) -> Result<(), Error>) -> Result<(), Error> {
        let length = Reflect::get(v, &name("length")).map_err(|e| self.unreadable(&e))?;
        let length = length.as_f64().filter(|n| *n >= 0.0).ok_or_else(|| self.fail("has no valid length"))?;
        self.spend(2)?;
        let mut index: u32 = 0;
        while f64::from(index) < length {
            // Every element costs at least its comma: the byte budget bounds this loop.
            self.spend(1)?;
            let mark = self.path.len();
            if self.path.is_empty() {
                self.path.push_str(self.what);
            }
            self.path.push('[');
            crate::encode::push_u64(&mut self.path, u64::from(index));
            self.path.push(']');
            let done = Reflect::get_u32(v, index).map_err(|e| self.unreadable(&e)).and_then(|item| f(self, item));
            self.path.truncate(mark);
            done?;
            index = index.checked_add(1).ok_or_else(too_large)?;
        }
        Ok(())
    }

    fn array(&mut self, v: &JsValue, depth: usize) -> Result<JsValue, Error> {
        let copy = Array::new();
        self.each(v, |reader, item| {
            copy.push(&reader.value(&item, None, depth + 1)?);
            Ok(())
        })?;
        Ok(copy.into())
    }

    fn object(&mut self, v: &JsValue, depth: usize) -> Result<JsValue, Error> {
        let keys: Array = try_keys(v).map_err(|e| self.unreadable(&e))?.unchecked_into();
        // No prototype: a member named `__proto__` is then an own member like any other.
        let copy: Object = Object::create(JsValue::NULL.unchecked_ref());
        self.spend(2)?;
        for key in keys.iter() {
            let member = Reflect::get(v, &key);
            self.spend_text(&key)?;
            let mark = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&key.as_string().unwrap_or_default());
            let read = member.map_err(|e| self.unreadable(&e)).and_then(|m| {
                if m.is_undefined() {
                    return Ok(None);
                }
                self.spend(2)?;
                self.value(&m, Some(&key), depth + 1).map(Some)
            });
            self.path.truncate(mark);
            if let Some(m) = read? {
                let _ = Reflect::set(&copy, &key, &m);
            }
        }
        Ok(copy.into())
    }

    fn date(&mut self, v: &JsValue, key: Option<&JsValue>) -> Result<JsValue, Error> {
        let ms = try_time(v).map_err(|e| self.unreadable(&e))?;
        if !ms.is_finite() {
            return Err(self.fail("is an invalid Date"));
        }
        self.spend(21)?;
        let epoch_ms = key.and_then(JsValue::as_string).is_some_and(|k| self.rules.epoch_ms.contains(&k.as_str()));
        if epoch_ms {
            return Ok(JsValue::from_f64(ms));
        }
        // A valid Date holds an integer within ±8.64e15 ms: exact in i64.
        let text = format_linkflow_time(ms as i64).ok_or_else(|| self.fail("is a Date outside the years 0000 to 9999"))?;
        Ok(JsValue::from_str(&text))
    }
}
