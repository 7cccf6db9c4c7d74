//! The JS globals the client needs, bound on the global scope (never `window`, so the
//! same code runs in browsers, workers and Node 20), and small helpers over them:
//! plain objects, a timer promise and "this promise, unless that signal aborts".
//!
//! No Rust closures are handed to JS: timers and abort listeners are the `resolve` /
//! `reject` functions of a promise or a bound `AbortController.prototype.abort`, so
//! nothing leaks when a timer is cleared or a listener never fires.

#![cfg_attr(not(feature = "client"), allow(dead_code))]

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (browsers, workers, Node 18+), looked up when called.
    #[wasm_bindgen(js_name = fetch, catch)]
    pub(crate) fn global_fetch(url: &str, init: &Object) -> Result<JsValue, JsValue>;

    /// The global `setTimeout`; returns the timer's id (a number, or an object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    /// `JSON.parse(text)` of a JS string, which stays on the JS side (no copy into the
    /// module and back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub(crate) fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);

    /// `Reflect.set` without the `catch` wrapper (a `try` and a call through `apply` on
    /// every set): only for objects this module created, where setting cannot throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn plain_set(target: &Object, key: &JsValue, value: &JsValue) -> bool;

    /// A promise, or anything with a `then` method.
    pub(crate) type Thenable;

    /// `thenable.then(onFulfilled)` with a JS function (js-sys's `then` takes a Rust closure).
    #[wasm_bindgen(method, js_name = then)]
    pub(crate) fn then_js(this: &Thenable, on_fulfilled: &Function) -> Promise;

    /// `Promise.all(values)`.
    #[wasm_bindgen(js_namespace = Promise, js_name = all)]
    pub(crate) fn promise_all(values: &Array) -> Promise;

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

/// The origin of `url` resolved against `base` (a `Location` header may be relative), as
/// the platform's URL parser sees it; `None` when it cannot parse it.
pub(crate) fn origin_of(url: &str, base: &str) -> Option<String> {
    Url::new_with_base(url, base).ok().map(|u| u.origin()).filter(|o| !o.is_empty() && o != "null")
}

/// `Date.now()`: the only clock the wasm code reads (`std::time` panics on wasm32).
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `Math.random()`, for backoff jitter.
pub(crate) fn random01() -> f64 {
    js_sys::Math::random()
}

/// `obj[key] = value` on an object we created (cannot throw for plain objects).
pub(crate) fn set(obj: &Object, key: &'static str, value: &JsValue) {
    with_name(key, |k| plain_set(obj, k, value));
}

/// The JS string of a name fixed in the code (an object key, a header, a method), made
/// once per name: a string passed from the module is decoded from UTF-8 on every pass,
/// which for the few names every call and every answer uses was the bulk of their cost.
#[cfg(feature = "client")]
pub(crate) fn name(text: &'static str) -> JsValue {
    with_name(text, JsValue::clone)
}

/// `f` of the JS string of `text`, lent from the table: no copy of the reference (each
/// copy, and its drop, is a trip through the module's reference table).
#[cfg(feature = "client")]
pub(crate) fn with_name<R: Default>(text: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    names::with(text, f)
}

/// The tracker alone passes few names, rarely: no table (it would cost more bytes than
/// time).
#[cfg(not(feature = "client"))]
pub(crate) fn name(text: &'static str) -> JsValue {
    JsValue::from_str(text)
}

/// As with the table, without it.
#[cfg(not(feature = "client"))]
pub(crate) fn with_name<R: Default>(text: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    f(&JsValue::from_str(text))
}

/// `obj[key]`, `undefined` when absent or when reading throws.
pub(crate) fn get(obj: &JsValue, key: &'static str) -> JsValue {
    if !(obj.is_object() || obj.is_function()) {
        return JsValue::UNDEFINED;
    }
    with_name(key, |k| Reflect::get(obj, k).unwrap_or(JsValue::UNDEFINED))
}

/// `{ done, value }`, an iterator result.
pub(crate) fn iter_result(done: bool, value: &JsValue) -> JsValue {
    let r = Object::new();
    set(&r, "done", &JsValue::from_bool(done));
    set(&r, "value", value);
    r.into()
}

/// How a raced promise ended without a value.
pub(crate) enum Stop {
    /// The signal aborted first (or was already aborted).
    Aborted,
    /// The promise rejected with this reason.
    Rejected(JsValue),
}

/// Awaits `promise`, or stops as soon as `signal` aborts. The abort listener is removed
/// afterwards, so a long-lived signal does not collect listeners.
pub(crate) async fn until_abort(promise: &Promise, signal: Option<&AbortSignal>) -> Result<JsValue, Stop> {
    let Some(signal) = signal else {
        return JsFuture::from(promise.clone()).await.map_err(Stop::Rejected);
    };
    let mut reject: Option<Function> = None;
    let stop = Promise::new(&mut |_, rej| reject = Some(rej));
    let Some(reject) = reject else {
        return JsFuture::from(promise.clone()).await.map_err(Stop::Rejected);
    };
    if signal.aborted() {
        // Still raced, never returned early: the race is what handles a later rejection
        // of `promise` (an unhandled rejection ends a Node process).
        let _ = reject.call0(&JsValue::UNDEFINED);
    } else {
        let _ = signal.add_event_listener_with_callback("abort", &reject);
    }
    let raced = Promise::race(&Array::of2(promise, &stop));
    let outcome = JsFuture::from(raced).await;
    let _ = signal.remove_event_listener_with_callback("abort", &reject);
    match outcome {
        Ok(v) => Ok(v),
        Err(_) if signal.aborted() => Err(Stop::Aborted),
        Err(e) => Err(Stop::Rejected(e)),
    }
}

/// Waits `ms` milliseconds (a `setTimeout` promise); `Err(())` if `signal` aborts first,
/// in which case the timer is cleared.
pub(crate) async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    let mut timer = JsValue::UNDEFINED;
    let done = Promise::new(&mut |resolve, _| timer = set_timeout(&resolve, ms));
    match until_abort(&done, signal).await {
        Ok(_) => Ok(()),
        Err(_) => {
            clear_timeout(&timer);
            Err(())
        }
    }
}

/// `response => response.text()` as a JS function (`Function.prototype.call` bound to
/// `Response.prototype.text`), made once: chained onto a `fetch` promise it reads the body
/// without a Rust closure and without a second await in the module. `None` where the
/// runtime has no `Response`.
#[cfg(feature = "client")]
pub(crate) fn body_reader() -> Option<Function> {
    thread_local! {
        static READER: Option<Function> = {
            let text = get(&get(&get(&js_sys::global(), "Response"), "prototype"), "text");
            let call = get(&get(&js_sys::global(), "Function"), "prototype");
            let call = get(&call, "call");
            (text.is_function() && call.is_function()).then(|| call.unchecked_into::<Function>().bind0(&text))
        };
    }
    READER.try_with(Clone::clone).ok().flatten()
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

/// The table behind [`name`].
#[cfg(feature = "client")]
mod names {
    use std::cell::RefCell;
    use wasm_bindgen::JsValue;

    /// Open addressing over the name's address; the shapes name a few hundred members.
    const SLOTS: usize = 1024;

    thread_local! {
        static TABLE: RefCell<Vec<Option<(usize, usize, JsValue)>>> = const { RefCell::new(Vec::new()) };
    }

    /// `f` of the JS string of `name`, made on first use and lent from the table.
    pub(super) fn with<R: Default>(name: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
        let (addr, len) = (name.as_ptr() as usize, name.len());
        let mut f = Some(f);
        let lent = TABLE.try_with(|table| {
            let mut table = table.try_borrow_mut().ok()?;
            if table.is_empty() {
                table.resize(SLOTS, None);
            }
            let start = (addr >> 1) % SLOTS;
            for probe in 0..SLOTS {
                let slot = table.get_mut((start + probe) % SLOTS)?;
                match slot {
                    Some((a, l, v)) if *a == addr && *l == len => return f.take().map(|f| f(v)),
                    Some(_) => continue,
                    None => {
                        let v = slot.insert((addr, len, JsValue::from_str(name)));
                        return f.take().map(|f| f(&v.2));
                    }
                }
            }
            None
        });
        match (lent, f) {
            (Ok(Some(r)), _) => r,
            // The table is full or in use (`f` calls no JS that could re-enter it, but
            // this does not panic if one did): a fresh string.
            (_, Some(f)) => f(&JsValue::from_str(name)),
            // `f` is taken only where it is called, which returned above.
            (_, None) => R::default(),
        }
    }
}
