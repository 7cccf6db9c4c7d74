//! The browser as the tracker sees it: every access goes through `Reflect` on the global
//! object and every call is caught, so a missing API (Node, a worker, an old browser), a
//! throwing getter (blocked storage) or a page that replaced a global never throws into
//! the page and never panics the module. Nothing here keeps state.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// `globalThis`.
pub(super) fn global() -> JsValue {
    js_sys::global().into()
}

/// `obj[key]`; `undefined` when `obj` is not an object or reading throws.
pub(super) fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !(obj.is_object() || obj.is_function()) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]` as a string, `""` when it is not one.
pub(super) fn str_prop(obj: &JsValue, key: &str) -> String {
    prop(obj, key).as_string().unwrap_or_default()
}

/// `globalThis[name]`.
pub(super) fn global_prop(name: &str) -> JsValue {
    prop(&global(), name)
}

/// `obj[key] = value` (errors ignored: used on objects we made or on the page's `history`).
pub(super) fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// A new plain object.
pub(super) fn object() -> JsValue {
    Object::new().into()
}

/// `obj[name](...args)` with up to three arguments; `Err` when it is not a function or throws.
pub(super) fn call(obj: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f = prop(obj, name);
    let f = f.dyn_ref::<Function>().ok_or(JsValue::UNDEFINED)?;
    match args {
        [] => f.call0(obj),
        [a] => f.call1(obj, a),
        [a, b] => f.call2(obj, a, b),
        [a, b, c, ..] => f.call3(obj, a, b, c),
    }
}

/// `Date.now()`, whole milliseconds (the only clock: `std::time` panics on wasm32).
pub(super) fn now_ms() -> u64 {
    let t = js_sys::Date::now();
    if t.is_finite() && t > 0.0 {
        t as u64
    } else {
        0
    }
}

/// `Math.random()`.
pub(super) fn random01() -> f64 {
    js_sys::Math::random()
}

/// 16 random bytes from `crypto.getRandomValues`, or from `Math.random` where there is no
/// `crypto` (message ids stay unique enough for de-duplication; ids never protect anything).
pub(super) fn random16() -> [u8; 16] {
    let mut out = [0u8; 16];
    let buf = Uint8Array::new_with_length(16);
    if call(&global_prop("crypto"), "getRandomValues", &[&buf]).is_ok() {
        buf.copy_to(&mut out);
    } else {
        for b in out.iter_mut() {
            *b = (random01() * 256.0) as u8;
        }
    }
    out
}

/// A fresh UUID v4.
pub(super) fn uuid() -> String {
    crate::track::uuid::v4(random16())
}

/// `setTimeout(f, ms)`; the timer id, or `undefined` when there is no `setTimeout`.
/// In Node the timer is `unref()`ed: a pending retry never keeps a script from exiting.
pub(super) fn set_timeout(f: &JsValue, ms: u32) -> JsValue {
    let id = call(&global(), "setTimeout", &[f, &JsValue::from_f64(f64::from(ms))]).unwrap_or(JsValue::UNDEFINED);
    let _ = call(&id, "unref", &[]);
    id
}

/// `clearTimeout(id)`.
pub(super) fn clear_timeout(id: &JsValue) {
    if !id.is_undefined() {
        let _ = call(&global(), "clearTimeout", &[id]);
    }
}

/// `target.addEventListener(event, f)`; false when the target cannot listen.
pub(super) fn listen(target: &JsValue, event: &str, f: &JsValue) -> bool {
    call(target, "addEventListener", &[&JsValue::from_str(event), f]).is_ok()
}

/// `target.removeEventListener(event, f)`.
pub(super) fn unlisten(target: &JsValue, event: &str, f: &JsValue) {
    let _ = call(target, "removeEventListener", &[&JsValue::from_str(event), f]);
}

/// `queueMicrotask(f)`; false when there is none (the caller runs `f`'s work itself).
pub(super) fn microtask(f: &JsValue) -> bool {
    f.is_function() && call(&global(), "queueMicrotask", &[f]).is_ok()
}

/// True when the browser sends a privacy signal (GPC, Do-Not-Track): see
/// [`crate::track::consent::privacy_signal`].
pub(super) fn privacy_signal() -> bool {
    let nav = global_prop("navigator");
    let dnt = prop(&nav, "doNotTrack").as_string().or_else(|| global_prop("doNotTrack").as_string()).unwrap_or_default();
    crate::track::consent::privacy_signal(prop(&nav, "globalPrivacyControl").as_bool(), &dnt)
}

/// `location.href`, `""` outside a page.
pub(super) fn href() -> String {
    str_prop(&global_prop("location"), "href")
}

/// `document`.
pub(super) fn document() -> JsValue {
    global_prop("document")
}

/// False only when the browser says it is offline (`navigator.onLine === false`).
pub(super) fn online() -> bool {
    prop(&global_prop("navigator"), "onLine").as_bool() != Some(false)
}

/// `String(v)`: JS's own conversion (numbers in their shortest round-trip decimal form),
/// so no float formatting code ships in the module.
pub(super) fn js_string(v: &JsValue) -> String {
    call(&global(), "String", &[v]).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// `JSON.parse(text)`, `None` when it is not JSON.
pub(super) fn json_parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// `JSON.parse(JSON.stringify(v))`: a plain, acyclic copy of `v` (`toJSON` applied,
/// functions and `undefined` members left out); `None` when `v` cannot be serialized
/// (a cycle, a `BigInt`) or serializes to nothing.
pub(super) fn json_copy(v: &JsValue) -> Option<JsValue> {
    let text = js_sys::JSON::stringify(v).ok()?.as_string()?;
    json_parse(&text)
}

/// Calls the page's function `f(arg)`, swallowing whatever it throws.
pub(super) fn call_user(f: &Function, arg: &JsValue) {
    let _ = f.call1(&JsValue::UNDEFINED, arg);
}

/// `fetch(url, { method: "POST", body, keepalive, redirect: "manual", headers: {
/// "Content-Type": "text/plain" }, signal })` with the `fetch` option or the global one.
/// `text/plain` keeps it a "simple" request, so a cross-origin collector needs no
/// preflight (which `keepalive` requests on unload could not wait for). A redirect is
/// never followed (the write key must not go anywhere but the collector): it reads as no
/// answer, and the batch is retried later. Regular sends are bounded by
/// `AbortSignal.timeout(timeout_ms)` where the browser has it.
pub(super) fn post(fetch: Option<&Function>, url: &str, body: &str, keepalive: bool, timeout_ms: u32) -> Option<Promise> {
    let init = object();
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "redirect", &JsValue::from_str("manual"));
    set(&init, "body", &JsValue::from_str(body));
    let headers = object();
    set(&headers, "Content-Type", &JsValue::from_str("text/plain;charset=UTF-8"));
    set(&init, "headers", &headers);
    if keepalive {
        set(&init, "keepalive", &JsValue::TRUE);
    } else if let Ok(signal) = call(&global_prop("AbortSignal"), "timeout", &[&JsValue::from_f64(f64::from(timeout_ms))]) {
        set(&init, "signal", &signal);
    }
    let global_fetch = global_prop("fetch");
    let f = fetch.or_else(|| global_fetch.dyn_ref::<Function>())?;
    f.call2(&global(), &JsValue::from_str(url), &init).ok().and_then(|p| p.dyn_into::<Promise>().ok())
}

/// The HTTP status of a `Response`, 0 when it is not one (a rejection, an opaque redirect).
pub(super) fn status(response: &JsValue) -> u16 {
    prop(response, "status").as_f64().filter(|s| (0.0..1000.0).contains(s)).map_or(0, |s| s as u16)
}

/// A `LinkflowError` (`kind: "validation"`) for bad arguments, built by the SDK's one
/// error helper (the JS entry registers the class in both the full and the tracker-only
/// module).
pub(super) fn validation_error(message: &str) -> JsValue {
    crate::wasm::error::validation(message)
}
