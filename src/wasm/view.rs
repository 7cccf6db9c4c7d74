//! `JsValue` as a [`Json`] view, for the client and the tracker alike.
//!
//! It is for values the SDK did not make (the constructor's and a
//! call's options): every question it asks JS goes through an import with `catch`, so a
//! revoked `Proxy`, a throwing getter or a throwing `ownKeys` trap reads as absent instead
//! of unwinding through Rust frames (which leaves the module's stack pointer behind and,
//! after ~2,000 such calls, corrupts its memory). Caller inputs are read once into a
//! plain JS copy instead, by `super::input`, which names what could not be read.
//!
//! `undefined` reads as absent (and, as a whole value, like `null`). Non-finite numbers
//! are numbers without a value, so every check on them fails. A `bigint` is a number
//! whose text is exact but that has no `f64` value.
//!
//! Its own imports, no js-sys: the tracker-only module links no js-sys (linking it keeps
//! every closure shim its bindings describe in the function table, used or not).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::json::{Json, Kind};

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`: throws for a revoked `Proxy`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    pub(crate) fn try_is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `Object.keys`: own enumerable string keys; runs a `Proxy`'s `ownKeys` and
    /// `getOwnPropertyDescriptor` traps.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    pub(crate) fn try_keys(v: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.get(target, key)`: a throwing getter or `Proxy` trap is caught.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn try_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(v)` of a number or a `bigint`: JS's own shortest round-trip text (the
    /// same as `v.toString(10)`; cannot throw for these).
    #[wasm_bindgen(js_name = String)]
    fn number_to_string(v: &JsValue) -> String;
}

/// Whether member access makes sense: an object or a function.
fn is_container(v: &JsValue) -> bool {
    v.is_object() || v.is_function()
}

/// `v` is an array; a value that throws when asked is not.
fn is_array(v: &JsValue) -> bool {
    v.is_object() && try_is_array(v).unwrap_or(false)
}

impl Json for JsValue {
    fn kind(&self) -> Kind {
        if self.is_null() || self.is_undefined() {
            Kind::Null
        } else if self.as_bool().is_some() {
            Kind::Bool
        } else if self.as_f64().is_some() || self.is_bigint() {
            Kind::Number
        } else if self.is_string() {
            Kind::String
        } else if is_array(self) {
            Kind::Array
        } else if is_container(self) {
            Kind::Object
        } else {
            // A symbol: a string with no text, so every check on it fails.
            Kind::String
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        if !is_container(self) {
            return None;
        }
        // A throwing getter or proxy reads as absent.
        try_get(self, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined())
    }

    fn len(&self) -> usize {
        if !is_array(self) {
            return 0;
        }
        // `length` of a `Proxy` runs its `get` trap, which may throw or lie.
        try_get(self, &JsValue::from_str("length")).ok().and_then(|n| n.as_f64()).filter(|n| *n >= 0.0).map_or(0, |n| n as usize)
    }

    fn at(&self, index: usize) -> Option<Self> {
        if index >= self.len() {
            return None;
        }
        let index = u32::try_from(index).ok()?;
        try_get(self, &JsValue::from(index)).ok().filter(|v| !v.is_undefined())
    }

    fn keys(&self) -> Vec<String> {
        // An array's indices are not member names (tests/wasm_json_views.rs).
        if !is_container(self) || is_array(self) {
            return Vec::new();
        }
        // `Object.keys` made the array: its view's reads cannot fail.
        let Ok(keys) = try_keys(self) else { return Vec::new() };
        (0..Json::len(&keys)).filter_map(|i| Json::at(&keys, i)?.as_string()).collect()
    }

    fn as_str(&self) -> Option<String> {
        self.as_string()
    }

    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self).filter(|n| n.is_finite())
    }

    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }

    fn number_text(&self) -> Option<String> {
        // JS's own number → string (shortest round-trip form, `1e+21` style for large
        // values: valid JSON number text), so no float formatting code ships in the wasm.
        let numeric = Json::as_f64(self).is_some() || self.is_bigint();
        if !numeric {
            return None;
        }
        Some(number_to_string(self))
    }
}
