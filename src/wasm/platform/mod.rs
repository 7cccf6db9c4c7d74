//! The JS platform, the one place the module reaches it: globals, property reads and
//! writes, calls, the clock and randomness ([`timers`] for timers, [`driver`] for the
//! entry's call driver). Bound on the global
//! scope (never `window`), so the same code runs in browsers, workers and Node 20.
//!
//! Every read of a value the SDK did not make goes through `Reflect` and is caught (a
//! throwing getter, a revoked `Proxy`, blocked storage or a replaced global reads as
//! absent), so nothing here throws into the page or panics the module. Nothing here keeps
//! state but the table of names and the driver.

// Built with the client only (src/wasm/mod.rs).

mod driver;
mod names;
mod timers;

pub(crate) use driver::{has_driver, send, Attempt};
pub(crate) use timers::{clear_timeout, is_aborted, set_timeout, sleep, until_abort, Stop};

use std::cell::RefCell;
use std::thread::LocalKey;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A slot for what the package's JS entry hands the module once (its answer-check helpers,
/// its call driver), empty under the bare glue. Held as a plain `JsValue` so that one copy
/// of [`hand_over`] serves every slot.
pub(crate) type HandedOver = LocalKey<RefCell<Option<JsValue>>>;

/// Puts `value` into `slot` when it is an object (anything else leaves the slot as it was).
pub(crate) fn hand_over(slot: &'static HandedOver, value: JsValue) {
    if !value.is_object() {
        return;
    }
    slot.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = Some(value);
        }
    });
}

/// `f` of what `slot` holds, as the `T` the entry handed over.
pub(crate) fn with_handed<T: JsCast, R>(slot: &'static HandedOver, f: impl FnOnce(&T) -> R) -> Option<R> {
    slot.try_with(|s| s.try_borrow().ok().and_then(|s| s.as_ref().map(|v| f(v.unchecked_ref())))).ok().flatten()
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (browsers, workers, Node 18+), looked up when called.
    #[wasm_bindgen(js_name = fetch, catch)]
    pub(crate) fn global_fetch(url: &str, init: &Object) -> Result<JsValue, JsValue>;

    /// `JSON.parse(text)` of a JS string, which stays on the JS side (no copy into the
    /// module and back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub(crate) fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.set` without the `catch` wrapper (a `try` and a call through `apply` on
    /// every set): only for objects this module created, where setting cannot throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn plain_set(target: &Object, key: &JsValue, value: &JsValue) -> bool;

    /// The platform's WHATWG `URL` (every supported runtime has it).
    #[wasm_bindgen(js_name = URL)]
    type Url;

    /// `new URL(url, base)`; throws for what the platform cannot parse.
    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new_with_base(url: &str, base: &str) -> Result<Url, JsValue>;

    /// `url.origin`, e.g. `"https://h:8443"` (default port dropped, host lower-cased).
    #[wasm_bindgen(method, getter)]
    fn origin(this: &Url) -> String;
}

/// `obj[key]`, `undefined` when `obj` is not an object or reading throws: the one
/// property read.
fn read(obj: &JsValue, key: &JsValue) -> JsValue {
    if !(obj.is_object() || obj.is_function()) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, key).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]` for a name fixed in the code (its JS string made once, see [`name`]).
pub(crate) fn get(obj: &JsValue, key: &'static str) -> JsValue {
    with_name(key, |k| read(obj, k))
}

/// `obj[key] = value` on an object we created (cannot throw for plain objects).
pub(crate) fn set(obj: &Object, key: &'static str, value: &JsValue) {
    with_name(key, |k| plain_set(obj, k, value));
}

/// `controller.abort` bound to `controller`, usable as a timer or event callback.
pub(crate) fn bound_method(target: &JsValue, name: &'static str) -> Option<Function> {
    let f = get(target, name);
    f.is_function().then(|| f.unchecked_into::<Function>().bind0(target))
}

/// The `message` of a thrown JS value, if it has one.
pub(crate) fn message_of(e: &JsValue) -> Option<String> {
    get(e, "message").as_string().filter(|m| !m.is_empty()).or_else(|| e.as_string())
}

/// `{ done, value }`, an iterator result.
pub(crate) fn iter_result(done: bool, value: &JsValue) -> JsValue {
    let r = Object::new();
    set(&r, "done", &JsValue::from_bool(done));
    set(&r, "value", value);
    r.into()
}

/// The JS string of a name fixed in the code (an object key, a header, a method), made
/// once per name: a string passed from the module is decoded from UTF-8 on every pass,
/// which for the few names every call and every answer uses was the bulk of their cost.
pub(crate) fn name(text: &'static str) -> JsValue {
    with_name(text, JsValue::clone)
}

/// `f` of the JS string of `text`, lent from the table: no copy of the reference (each
/// copy, and its drop, is a trip through the module's reference table).
pub(crate) fn with_name<R: Default>(text: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    names::with(text, f)
}

/// The origin of `url` resolved against `base` (a `Location` header may be relative), as
/// the platform's URL parser sees it; `None` when it cannot parse it.
pub(crate) fn origin_of(url: &str, base: &str) -> Option<String> {
    Url::new_with_base(url, base).ok().map(|u| u.origin()).filter(|o| !o.is_empty() && o != "null")
}

/// `Date.now()`: the only clock the wasm code reads (`std::time` panics on wasm32).
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `Math.random()`: backoff jitter, and message ids where there is no `crypto`.
pub(crate) fn random01() -> f64 {
    js_sys::Math::random()
}
