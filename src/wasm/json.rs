//! `JsValue` as a [`Json`] view: the core reads the server's answers (parsed by JS's own
//! `JSON.parse`) in place, without copying or re-encoding, through [`Parsed`].
//!
//! The plain `JsValue` view (values the SDK did not make) is `super::view`.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use std::cell::{Cell, RefCell};

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::platform::{hand_over, name, with_handed, with_name};
use crate::json::{Json, Kind, MemberKind};

/// A value made by `JSON.parse` (an answer): plain data only, so no read of it can throw
/// (no getters, no proxies). Its view skips the `try`/`catch` every read of a caller's
/// value needs, asks JS only the one question a check needs, and reuses the JS strings of
/// the member names the answer shapes ask for. The fast path of every call and of every
/// page of an iteration runs through here.
///
/// Whether the value is an object is asked once and remembered: the answer check asks it
/// before every member it looks up (an event's shape has 49), and each ask is a crossing.
#[derive(Clone)]
pub(crate) struct Parsed(pub(crate) JsValue, Cell<Option<bool>>);

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Reflect.get` without the `catch` wrapper: only for plain data, where it cannot throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn plain_get(target: &JsValue, key: &JsValue) -> JsValue;

    /// `Reflect.get(array, index)`, likewise.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn plain_at(target: &JsValue, index: u32) -> JsValue;
}

impl Parsed {
    /// The view of a value `JSON.parse` made.
    pub(crate) fn new(v: JsValue) -> Parsed {
        Parsed(v, Cell::new(None))
    }

    fn present(v: JsValue) -> Option<Parsed> {
        (!v.is_undefined()).then(|| Parsed::new(v))
    }

    /// `typeof v === "object" && v !== null`, asked once.
    fn is_object(&self) -> bool {
        let known = self.1.get();
        known.unwrap_or_else(|| {
            let object = self.0.is_object();
            self.1.set(Some(object));
            object
        })
    }
}

#[wasm_bindgen]
extern "C" {
    /// The JS helpers the package's entry hands over (`__setHelpers`, in
    /// `pkg-template/entry.js`): each answers in one crossing what takes the module one per
    /// member or element. Without them (the bare glue, wasm-bindgen tests) the module asks
    /// member by member, through the same check.
    pub(crate) type Helpers;

    /// The [`MemberKind`] codes of the members `names` of the object `value`, or with `rows`
    /// of each element of the array `value` (its own kind, then its members').
    #[wasm_bindgen(method, js_name = memberKinds)]
    fn member_kinds(this: &Helpers, value: &JsValue, names: &Array, rows: bool) -> Vec<u8>;

    /// The [`MemberKind`] codes of the member values of the object `value`, in
    /// `Object.keys` order.
    #[wasm_bindgen(method, js_name = valueKinds)]
    fn value_kinds(this: &Helpers, value: &JsValue) -> Vec<u8>;

    /// `Promise.resolve({ done: false, value: items[index] })`: an iterator's next item.
    #[wasm_bindgen(method, js_name = nextItem)]
    pub(crate) fn next_item(this: &Helpers, items: &Array, index: u32) -> Promise;
}

thread_local! {
    static HELPERS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The JS array of each shape's member names, made on first use (by the address of the
    /// shape's field list: a few dozen shapes).
    static NAMES: RefCell<Vec<(usize, usize, Array)>> = const { RefCell::new(Vec::new()) };
}

/// Registers the entry's JS helpers ([`Helpers`]). Called once by the package's JS entry;
/// not part of the public API.
#[cfg(feature = "client")]
#[wasm_bindgen(js_name = "__setHelpers", skip_typescript)]
pub fn set_helpers(helpers: JsValue) {
    hand_over(&HELPERS, helpers);
}

/// `f` of the helpers, when the entry handed them over.
pub(crate) fn with_helpers<R>(f: impl FnOnce(&Helpers) -> R) -> Option<R> {
    with_handed(&HELPERS, f)
}

/// `f` of the JS array of the member names of `fields`.
fn with_names<T, R>(fields: &'static [(&'static str, T)], f: impl FnOnce(&Array) -> R) -> Option<R> {
    let key = (fields.as_ptr() as usize, fields.len());
    NAMES
        .try_with(|all| {
            let mut all = all.try_borrow_mut().ok()?;
            let at = match all.iter().position(|(a, l, _)| (*a, *l) == key) {
                Some(at) => at,
                None => {
                    let names: Array = fields.iter().map(|(field, _)| name(field)).collect();
                    all.push((key.0, key.1, names));
                    all.len() - 1
                }
            };
            all.get(at).map(|(_, _, names)| f(names))
        })
        .ok()
        .flatten()
}

/// Test hook (`tests/wasm_json_views.rs`): the [`Parsed`] view of a value `JSON.parse`
/// made. Not exported to JS.
#[doc(hidden)]
pub fn parsed_view(v: JsValue) -> impl Json {
    Parsed::new(v)
}

impl Json for Parsed {
    fn kind(&self) -> Kind {
        Json::kind(&self.0)
    }

    fn is_kind(&self, kind: Kind) -> bool {
        let v = &self.0;
        match kind {
            Kind::String => v.is_string(),
            Kind::Number => v.as_f64().is_some() || v.is_bigint(),
            Kind::Bool => v.as_bool().is_some(),
            Kind::Array => Array::is_array(v),
            Kind::Object => self.is_object() && !Array::is_array(v),
            Kind::Null => v.is_null() || v.is_undefined(),
        }
    }

    fn member_kinds<T>(&self, names: &'static [(&'static str, T)], rows: bool) -> Option<Vec<MemberKind>> {
        // Without the entry's helpers, asked member by member by the check itself.
        let codes = with_helpers(|h| with_names(names, |names| h.member_kinds(&self.0, names, rows))).flatten()?;
        Some(codes.into_iter().map(MemberKind::from_code).collect())
    }

    fn value_kinds(&self) -> Option<Vec<MemberKind>> {
        let codes = with_helpers(|h| h.value_kinds(&self.0))?;
        Some(codes.into_iter().map(MemberKind::from_code).collect())
    }

    fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Parsed::present(plain_get(&self.0, &JsValue::from_str(key)))
    }

    fn member(&self, key: &'static str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Parsed::present(with_name(key, |k| plain_get(&self.0, k)))
    }

    fn len(&self) -> usize {
        if Array::is_array(&self.0) {
            self.0.unchecked_ref::<Array>().length() as usize
        } else {
            0
        }
    }

    fn at(&self, index: usize) -> Option<Self> {
        // Past the end reads `undefined`: no length check (JSON arrays have no holes).
        let index = u32::try_from(index).ok()?;
        if !self.is_object() {
            return None;
        }
        Parsed::present(plain_at(&self.0, index))
    }

    fn keys(&self) -> Vec<String> {
        // An array's indices are not member names (tests/wasm_json_views.rs).
        if !self.is_object() || Array::is_array(&self.0) {
            return Vec::new();
        }
        Object::keys(self.0.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect()
    }

    fn as_str(&self) -> Option<String> {
        self.0.as_string()
    }

    fn as_f64(&self) -> Option<f64> {
        Json::as_f64(&self.0)
    }

    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn number_text(&self) -> Option<String> {
        Json::number_text(&self.0)
    }
}
