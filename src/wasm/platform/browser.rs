//! The page as the tracker sees it: location, document, connectivity, privacy signals,
//! event listeners, and the collector `POST`. Built on [`super`]'s caught reads and calls,
//! so a missing API (Node, a worker, an old browser) or a page that replaced a global
//! never throws into the page and never panics the module.

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};

use super::{call, get, global, global_prop, object, str_prop, try_set};

/// `target.addEventListener(event, f)`; false when the target cannot listen.
pub(crate) fn listen(target: &JsValue, event: &str, f: &JsValue) -> bool {
    call(target, "addEventListener", &[&JsValue::from_str(event), f]).is_ok()
}

/// `target.removeEventListener(event, f)`.
pub(crate) fn unlisten(target: &JsValue, event: &str, f: &JsValue) {
    let _ = call(target, "removeEventListener", &[&JsValue::from_str(event), f]);
}

/// True when the browser sends a privacy signal (GPC, Do-Not-Track): see
/// [`crate::track::consent::privacy_signal`].
pub(crate) fn privacy_signal() -> bool {
    let nav = global_prop("navigator");
    let dnt = get(&nav, "doNotTrack").as_string().or_else(|| global_prop("doNotTrack").as_string()).unwrap_or_default();
    crate::track::consent::privacy_signal(get(&nav, "globalPrivacyControl").as_bool(), &dnt)
}

/// `location.href`, `""` outside a page.
pub(crate) fn href() -> String {
    str_prop(&global_prop("location"), "href")
}

/// `document`.
pub(crate) fn document() -> JsValue {
    global_prop("document")
}

/// False only when the browser says it is offline (`navigator.onLine === false`).
pub(crate) fn online() -> bool {
    get(&global_prop("navigator"), "onLine").as_bool() != Some(false)
}

/// `fetch(url, { method: "POST", body, keepalive, redirect: "manual", headers: {
/// "Content-Type": "text/plain" }, signal })` with the `fetch` option or the global one.
/// `text/plain` keeps it a "simple" request, so a cross-origin collector needs no
/// preflight (which `keepalive` requests on unload could not wait for). A redirect is
/// never followed (the write key must not go anywhere but the collector): it reads as no
/// answer, and the batch is retried later. Regular sends are bounded by
/// `AbortSignal.timeout(timeout_ms)` where the browser has it.
pub(crate) fn post(fetch: Option<&Function>, url: &str, body: &str, keepalive: bool, timeout_ms: u32) -> Option<Promise> {
    let init = object();
    try_set(&init, "method", &JsValue::from_str("POST"));
    try_set(&init, "redirect", &JsValue::from_str("manual"));
    try_set(&init, "body", &JsValue::from_str(body));
    let headers = object();
    try_set(&headers, "Content-Type", &JsValue::from_str("text/plain;charset=UTF-8"));
    try_set(&init, "headers", &headers);
    if keepalive {
        try_set(&init, "keepalive", &JsValue::TRUE);
    } else if let Ok(signal) = call(&global_prop("AbortSignal"), "timeout", &[&JsValue::from_f64(f64::from(timeout_ms))]) {
        try_set(&init, "signal", &signal);
    }
    let global_fetch = global_prop("fetch");
    let f = fetch.or_else(|| global_fetch.dyn_ref::<Function>())?;
    f.call2(&global(), &JsValue::from_str(url), &init).ok().and_then(|p| p.dyn_into::<Promise>().ok())
}

/// The HTTP status of a `Response`, 0 when it is not one (a rejection, an opaque redirect).
pub(crate) fn status(response: &JsValue) -> u16 {
    get(response, "status").as_f64().filter(|s| (0.0..1000.0).contains(s)).map_or(0, |s| s as u16)
}
