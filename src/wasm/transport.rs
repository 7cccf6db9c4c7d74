//! Sending one request over `fetch`: the attempts with their retries (the core's backoff),
//! redirects refused, `fetch` errors scrubbed of credentials, and the promise helper every
//! call goes through. Knows nothing of tokens: the caller gives the headers.

use crate::encode::concat;
use std::future::Future;
use std::pin::Pin;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::error::Fault;
use super::fetch::{attempt, HttpReply, NoReply, Outgoing};
use super::platform::{get, now_ms, random01, sleep};
use crate::error::{Error, ErrorKind};
use crate::request::Request;
use crate::retry::{next_delay, Failure};

/// Where and how requests go: the settings every request of one client shares.
pub(crate) struct Transport {
    /// Base URL without a trailing `/`.
    pub(crate) base_url: String,
    /// `base_url`'s origin (e.g. `https://open.linkflowtech.com`): credentials go nowhere else.
    pub(crate) origin: String,
    /// Default per-attempt timeout.
    pub(crate) timeout_ms: u32,
    /// Extra attempts after a retryable failure.
    pub(crate) max_retries: u32,
    /// The `fetch` option.
    pub(crate) fetch: Option<Function>,
}

/// A promise of `f`. Every promise of the client goes through this one non-generic
/// instantiation of `future_to_promise` (a boxed future), which keeps the wasm small.
pub(crate) fn promise(f: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(f);
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// The `aborted` error of `req`.
pub(crate) fn aborted(req: &Request) -> Fault {
    Fault::from(Error::new(ErrorKind::Aborted, "the call was aborted")).at(req.method.as_str(), &req.path)
}

/// The outcome of one attempt.
pub(crate) type Outcome = Result<HttpReply, NoReply>;

/// Attempts `req` until it gets a 2xx answer, a failure that may not be retried, or the
/// retries run out. Returns the last answer (whatever its status); no answer at all is
/// kind `network`, `timeout` or `aborted`. `first` is the outcome of a first attempt made
/// already (a direct call's), or `None`.
pub(crate) async fn attempt_with_retries(
    transport: &Transport,
    req: &Request,
    headers: &Object,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
    mut first: Option<Outcome>,
) -> Result<HttpReply, Fault> {
    let url = req.url(&transport.base_url);
    let out = Outgoing {
        fetch: transport.fetch.as_ref(),
        url: &url,
        method: req.method.as_str(),
        headers,
        body: req.body.as_deref(),
        timeout_ms: f64::from(timeout_ms),
        signal,
        origin: &transport.origin,
    };
    let mut retries = 0;
    loop {
        let outcome = match first.take() {
            Some(outcome) => outcome,
            None => attempt(&out).await,
        };
        let (failure, last) = match outcome {
            Ok(a) if (200..300).contains(&a.status) => return Ok(a),
            Ok(a) => (Failure::of_answer(a.status, a.parsed()), Ok(a)),
            Err(NoReply::Aborted) => return Err(aborted(req)),
            Err(NoReply::Timeout) => {
                let message = concat(&["no answer within ", &crate::encode::decimal(u64::from(timeout_ms)), " ms"]);
                (Failure::Timeout, Err(Fault::from(Error::new(ErrorKind::Timeout, message)).at(out.method, &req.path)))
            }
            Err(NoReply::Redirect { status, target }) => return Err(redirected(status, target.as_deref()).at(out.method, &req.path)),
            Err(NoReply::Network(cause)) => {
                let (message, cause) = scrubbed(cause, headers);
                (Failure::Network, Err(Fault::caused(ErrorKind::Network, message, cause).at(out.method, &req.path)))
            }
        };
        let retry_after = last.as_ref().ok().and_then(|a| a.header("retry-after"));
        match next_delay(req.replay, failure, retries, transport.max_retries, retry_after.as_deref(), now_ms(), random01()) {
            Some(ms) => {
                retries += 1;
                if sleep(ms, signal).await.is_err() {
                    return Err(aborted(req));
                }
            }
            None => return last,
        }
    }
}

/// The `http` error of a redirect that was not followed.
fn redirected(status: Option<u16>, target: Option<&str>) -> Fault {
    let mut message = String::from("the server answered ");
    match status {
        Some(s) => {
            crate::encode::push_u64(&mut message, u64::from(s));
            message.push_str(", a redirect");
        }
        None => message.push_str("with a redirect"),
    }
    match target {
        Some(origin) => {
            message.push_str(" to ");
            message.push_str(origin);
        }
        None => message.push_str(" (the runtime hides its target)"),
    }
    message.push_str(": not followed (the SDK follows no redirect, so credentials and bodies go to baseUrl's origin only)");
    let mut e = Error::new(ErrorKind::Http, message);
    e.status = status;
    Fault::from(e)
}

/// The credential headers a request carries (those a `fetch` error must never quote).
const CREDENTIAL_HEADERS: [&str; 3] = ["X-OpenApi-Token", "X-OpenApi-Key", "X-OpenApi-Secret"];

/// The message of a `fetch` failure and the `cause` to keep, with no credential in either:
/// some runtimes quote a header in their error (undici: `"…" is an invalid header value`).
/// When the error (its message, stack, or causes) holds a credential, the message has it
/// replaced and the cause becomes a plain `Error` with that message. The texts are searched
/// on the JS side (`includes`, `replaceAll`): no copy, and no string-search code in the module.
fn scrubbed(cause: JsValue, headers: &Object) -> (String, JsValue) {
    let secrets: Vec<String> = CREDENTIAL_HEADERS.iter().filter_map(|h| get(headers, h).as_string()).filter(|v| !v.is_empty()).collect();
    let holds_secret = |v: &JsValue| v.dyn_ref::<JsString>().is_some_and(|t| secrets.iter().any(|s| t.includes(s, 0)));
    let text = get(&cause, "message");
    let text = if text.is_string() { text } else { cause.clone() };
    let message = match text.dyn_into::<JsString>().ok().filter(|t| t.length() > 0) {
        Some(t) => concat(&["network error: ", &String::from(secrets.iter().fold(t, |t, s| t.replace_all(s, "[redacted]")))]),
        None => "network error".to_owned(),
    };
    let mut link = cause.clone();
    for _ in 0..4 {
        if [get(&link, "message"), get(&link, "stack"), link.clone()].iter().any(holds_secret) {
            return (message.clone(), js_sys::Error::new(&message).into());
        }
        link = get(&link, "cause");
        if link.is_undefined() {
            break;
        }
    }
    (message, cause)
}
