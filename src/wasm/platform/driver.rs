//! The call driver the package's entry hands over (`__setCallDriver`, in
//! `pkg-template/entry.js`): the few lines of JS between the global `fetch` and the module.
//! `send` makes a whole attempt (controller, timer, `init`, the `fetch` call, the response
//! and its body read in one `Promise.all`: one crossing instead of a dozen) and hands its outcome to `__callSettled`
//! with the call's id, so a call needs no future, no task and no `wasm-bindgen-futures`
//! closure (src/wasm/call.rs, the direct path). The rules stay in the module: which
//! outcome is retried, refreshed or an error is decided there, from what `send` reports. Without it (the bare
//! glue, wasm-bindgen tests) the module awaits the response and the body one after the
//! other, as it does for a `fetch` option.

use std::cell::RefCell;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::{hand_over, with_handed};

#[wasm_bindgen]
extern "C" {
    /// `{ send }`, the entry's call driver.
    type Driver;

    /// One attempt of direct call `id` over the global `fetch`, its own `AbortController`
    /// aborted by a timer after `ms`, and `redirect: "manual"`; the response and its body
    /// read in one `Promise.all`, then `__callSettled(id, …)` of the outcome (the timer
    /// cleared). Throws only before `fetch` is called.
    #[wasm_bindgen(method, catch)]
    fn send(this: &Driver, url: &str, method: &JsValue, headers: &Object, body: Option<&str>, ms: f64, id: u32)
        -> Result<Promise, JsValue>;
}

thread_local! {
    static DRIVER: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Registers the entry's call driver ([`Driver`]). Called once by the package's JS entry;
/// not part of the public API.
#[wasm_bindgen(js_name = "__setCallDriver", skip_typescript)]
pub fn set_call_driver(driver: JsValue) {
    hand_over(&DRIVER, driver);
}

/// `f` of the driver, when the entry handed it over.
fn with_driver<R>(f: impl FnOnce(&Driver) -> R) -> Option<R> {
    with_handed(&DRIVER, f)
}

/// Whether the entry handed a driver over.
pub(crate) fn has_driver() -> bool {
    with_driver(|_| ()).is_some()
}

/// What one attempt of a direct call sends.
pub(crate) struct Attempt<'a> {
    /// Full URL.
    pub(crate) url: &'a str,
    /// `GET`, `POST`, ... as a JS string.
    pub(crate) method: &'a JsValue,
    /// A plain object of header names to values.
    pub(crate) headers: &'a Object,
    /// JSON body text.
    pub(crate) body: Option<&'a str>,
    /// Bound of the attempt, including reading the body.
    pub(crate) timeout_ms: f64,
}

/// Sends one attempt of direct call `id` through the driver: the promise of the call's
/// answer, settled through `__callSettled(id, …)`. `None` without a driver, or when it threw
/// (before calling `fetch`: nothing was sent).
pub(crate) fn send(a: &Attempt<'_>, id: u32) -> Option<Promise> {
    with_driver(|d| d.send(a.url, a.method, a.headers, a.body, a.timeout_ms, id).ok()).flatten()
}
