//! One HTTP attempt over `fetch`: the caller's `fetch` option, else the global one.
//!
//! Our own binding rather than gloo-net or web-sys's `Window::fetch`: the `fetch` option is
//! an arbitrary user function called as `fetch(url, init)` with a plain `init` object, and
//! the global must be reached without `window` (Node, workers); the binding is a few lines.
//!
//! Each attempt gets its own `AbortController`: a `setTimeout` aborts it after `timeoutMs`,
//! and the caller's `AbortSignal` is linked to it for the attempt's lifetime (listener
//! removed and timer cleared on every path by [`AttemptGuard`], reqwest's `AbortGuard`
//! idea). The body is read inside the same window, so a stalled body also times out.
//! [`attempt`] starts it synchronously ([`start`]: everything up to the `fetch` call) and
//! awaits the rest. A direct call (src/wasm/call.rs) has the entry's driver make the same
//! attempt (platform/driver.rs) and reads its outcome with [`classify`] and [`replied`].
//!
//! Redirects are never followed (`redirect: "manual"`): `fetch` would re-send the
//! credential headers and the body to whatever origin the `Location` names. A redirect is
//! reported as [`NoReply::Redirect`] (in browsers it is an opaque answer, status 0, whose
//! target is hidden), and so is an answer that a `fetch` option got by following one to
//! another origin itself: its body, possibly a token, is never read.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, Response};

use super::json::Parsed;
use super::platform::{
    bound_method, clear_timeout, get, global_fetch, is_aborted, json_parse, name, origin_of, set, set_timeout, until_abort, Stop,
};

/// An HTTP reply: the response to one attempt, read to the end.
pub(crate) struct HttpReply {
    /// HTTP status.
    pub(crate) status: u16,
    /// The body text, a JS string: it goes to `JSON.parse` without crossing into the
    /// module ([`HttpReply::text`] copies it for error messages).
    pub(crate) body: JsValue,
    /// The response, whose `Headers` are read only when a header is needed (most answers
    /// need none, and each read copies a string into the module).
    response: Response,
}

impl HttpReply {
    /// The body parsed by `JSON.parse`; `None` when it is not JSON.
    pub(crate) fn parsed(&self) -> Option<Parsed> {
        json_parse(&self.body).ok().map(Parsed::new)
    }

    /// The start of the body text that an error keeps, copied into the module: the first
    /// `2 * BODY_LIMIT` UTF-16 units hold the first `BODY_LIMIT` characters. Sliced on the
    /// JS side, so a 50 MB answer does not grow wasm memory (which never shrinks) by 50 MB.
    pub(crate) fn text(&self) -> String {
        if !self.body.is_string() {
            return String::new();
        }
        let units = u32::try_from(2 * crate::error::BODY_LIMIT).unwrap_or(u32::MAX);
        self.body.unchecked_ref::<js_sys::JsString>().slice(0, units).as_string().unwrap_or_default()
    }

    /// A header's value, when present and readable (CORS may hide `Retry-After` and `Date`).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }
}

/// Why an attempt got no HTTP reply.
pub(crate) enum NoReply {
    /// Connection refused or reset, DNS, CORS, or a `fetch` that threw: the JS reason.
    Network(JsValue),
    /// The attempt ran past its `timeoutMs`.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
    /// The server redirected (not followed), or a `fetch` option followed a redirect to
    /// another origin.
    Redirect {
        /// The 3xx status, where the runtime shows it (browsers do not).
        status: Option<u16>,
        /// The origin the redirect points to, where the runtime shows it.
        target: Option<String>,
    },
}

/// What one attempt sends.
pub(crate) struct Outgoing<'a> {
    /// `fetch` option of the client, if given.
    pub(crate) fetch: Option<&'a Function>,
    /// Full URL.
    pub(crate) url: &'a str,
    /// `GET`, `POST`, ...
    pub(crate) method: &'static str,
    /// A plain object of header names to values.
    pub(crate) headers: &'a Object,
    /// JSON body text.
    pub(crate) body: Option<&'a str>,
    /// Bound of this attempt, including reading the body.
    pub(crate) timeout_ms: f64,
    /// The caller's signal.
    pub(crate) signal: Option<&'a AbortSignal>,
    /// `baseUrl`'s origin: the only one an answer may come from.
    pub(crate) origin: &'a str,
}

/// Clears the attempt's timer and unlinks the caller's signal when dropped.
struct AttemptGuard {
    timer: JsValue,
    link: Option<(AbortSignal, Function)>,
}

impl Drop for AttemptGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, abort)) = &self.link {
            let _ = signal.remove_event_listener_with_callback("abort", abort);
        }
    }
}

/// An attempt whose `fetch` has been called: what it returned, and what ends it. Dropping
/// it clears the timer and unlinks the caller's signal, so it lives until the body is read.
struct Started {
    /// What `fetch` returned: a promise (the global `fetch`) or anything (a `fetch` option).
    called: JsValue,
    /// The attempt's own signal, aborted by its timer or the caller's signal.
    own: AbortSignal,
    /// The caller's signal.
    caller: Option<AbortSignal>,
    _guard: AttemptGuard,
}

impl Started {
    /// [`classify`] of this attempt's `reason`.
    fn classify(&self, reason: JsValue) -> NoReply {
        classify(reason, self.caller.as_ref().is_some_and(is_aborted), self.own.aborted())
    }

    /// [`Started::classify`] of a raced promise's stop.
    fn stop(&self, s: Stop) -> NoReply {
        match s {
            Stop::Aborted => self.classify(JsValue::UNDEFINED),
            Stop::Rejected(reason) => self.classify(reason),
        }
    }
}

/// Why an attempt failed with `reason`: the caller aborted, it timed out (its own signal
/// aborted), or the network.
pub(crate) fn classify(reason: JsValue, caller_aborted: bool, timed_out: bool) -> NoReply {
    if caller_aborted {
        NoReply::Aborted
    } else if timed_out {
        NoReply::Timeout
    } else {
        NoReply::Network(reason)
    }
}

/// The reply of the global `fetch`'s `response` and its `body` text, read together by the
/// driver. The body is read before the redirect check: the global `fetch` never follows
/// one, so the body is the redirect's own, from `baseUrl`'s origin, and is dropped.
pub(crate) fn replied(response: JsValue, body: JsValue, url: &str) -> Result<HttpReply, NoReply> {
    let response = answered(response)?;
    let status = response.status();
    if let Some(redirect) = redirect(&response, status, url, None) {
        return Err(redirect);
    }
    Ok(HttpReply { status, body, response })
}

/// Starts one attempt, synchronously: its controller, timer and link to the caller's
/// signal, its `init`, and the call of `fetch`.
fn start(out: &Outgoing<'_>) -> Result<Started, NoReply> {
    if out.signal.is_some_and(is_aborted) {
        return Err(NoReply::Aborted);
    }
    let controller = AbortController::new().map_err(NoReply::Network)?;
    let abort = bound_method(&controller, "abort")
        .ok_or_else(|| NoReply::Network(JsValue::from_str("AbortController.prototype.abort is missing")))?;
    let link = out.signal.map(|s| {
        let _ = s.add_event_listener_with_callback("abort", &abort);
        (s.clone(), abort.clone())
    });
    let guard = AttemptGuard { timer: set_timeout(&abort, out.timeout_ms), link };
    let own = controller.signal();

    let init = Object::new();
    set(&init, "method", &name(out.method));
    set(&init, "headers", out.headers);
    if let Some(body) = out.body {
        set(&init, "body", &JsValue::from_str(body));
    }
    set(&init, "signal", &own);
    set(&init, "redirect", &name("manual"));

    let called = match out.fetch {
        Some(f) => f.call2(&JsValue::UNDEFINED, &JsValue::from_str(out.url), &init),
        None => global_fetch(out.url, &init),
    };
    let caller = out.signal.cloned();
    let called = called.map_err(|reason| classify(reason, caller.as_ref().is_some_and(is_aborted), own.aborted()))?;
    Ok(Started { called, own, caller, _guard: guard })
}

/// Sends one attempt and reads the whole answer.
pub(crate) async fn attempt(out: &Outgoing<'_>) -> Result<HttpReply, NoReply> {
    let started = start(out)?;
    let pending = Promise::resolve(&started.called);
    // The global `fetch` ends both the request and the body read when `own` aborts. A
    // `fetch` option may ignore `signal`: it is raced against `own`, so it still times out.
    let race = out.fetch.map(|_| &started.own);
    let response = answered(until_abort(&pending, race).await.map_err(|s| started.stop(s))?)?;
    let status = response.status();
    if let Some(redirect) = redirect(&response, status, out.url, out.fetch.map(|_| out.origin)) {
        return Err(redirect);
    }
    let text_promise = response.text().map_err(|reason| started.classify(reason))?;
    let body = until_abort(&text_promise, race).await.map_err(|s| started.stop(s))?;
    Ok(HttpReply { status, body, response })
}

/// What `fetch` resolved to, as a `Response` when it is an object.
fn answered(response: JsValue) -> Result<Response, NoReply> {
    if !response.is_object() {
        return Err(NoReply::Network(JsValue::from_str("fetch resolved to something that is not a Response")));
    }
    Ok(response.unchecked_into())
}

/// The redirect `response` to a request of `url` is, if it is one: a 3xx with a `Location`
/// (Node, a `fetch` option), an `opaqueredirect` (browsers hide status and target), or,
/// when a `fetch` option sent it (`option_origin`: `baseUrl`'s origin), an answer that it
/// got by following a redirect to another origin.
fn redirect(response: &Response, status: u16, url: &str, option_origin: Option<&str>) -> Option<NoReply> {
    // Browsers give an `opaqueredirect` status 0, which no other answer has.
    if status == 0 && get(response, "type").as_string().as_deref() == Some("opaqueredirect") {
        return Some(NoReply::Redirect { status: None, target: None });
    }
    if matches!(status, 301 | 302 | 303 | 307 | 308) {
        let location = response.headers().get("location").ok().flatten();
        let target = location.and_then(|l| origin_of(&l, url));
        return Some(NoReply::Redirect { status: Some(status), target });
    }
    // Only a `fetch` option can have followed one: the global `fetch` is told not to.
    if let Some(origin) = option_origin.filter(|_| get(response, "redirected").as_bool() == Some(true)) {
        let target = get(response, "url").as_string().and_then(|u| origin_of(&u, url));
        if target.as_deref() != Some(origin) {
            return Some(NoReply::Redirect { status: None, target });
        }
    }
    None
}
