//! Timers and waiting, for the client: `setTimeout`/`clearTimeout` (direct imports: they
//! exist wherever the client runs), a timer promise, and "this promise, unless that signal
//! aborts".
//!
//! No Rust closures are handed to JS: timers and abort listeners are the `resolve` /
//! `reject` functions of a promise or a bound `AbortController.prototype.abort`, so
//! nothing leaks when a timer is cleared or a listener never fires.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`; returns the timer's id (a number, or an object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
}

/// Whether a caller's `signal` has aborted, asked through the caught property read: a
/// signal may be any object whose `aborted` getter throws (on its second read, say), and an
/// exception must never unwind through Rust. One that throws or stops answering a boolean
/// counts as aborted: the call stops as kind `aborted`, and nothing escapes.
pub(crate) fn is_aborted(signal: &AbortSignal) -> bool {
    super::get(signal, "aborted").as_bool().unwrap_or(true)
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
    if is_aborted(signal) {
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
        Err(_) if is_aborted(signal) => Err(Stop::Aborted),
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
