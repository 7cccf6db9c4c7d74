//! One call of the API, the one generic send path every resource method goes through:
//! read the caller's options with the core builder (validation happens here, before any
//! I/O), then [`send`]: token, attempt, retries, the one refresh after a 401, and
//! `check::read`. The promise it returns resolves to the very JSON value the server
//! sent, or rejects with a `LinkflowError`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::error::{to_js, Fault};
use super::platform::{get, is_aborted, set};
use super::token::{self, Fetched, TokenService};
pub(crate) use super::transport::promise;
use super::transport::{aborted, attempt_with_retries, Transport};
use crate::api::{check, expect_object, opt_uint};
use crate::auth::Secret;
use crate::error::{Error, ErrorKind};
use crate::request::Request;

/// The largest delay `setTimeout` honours (larger ones fire at once).
const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// The state one client and its namespaces share: the transport, the token service, and
/// the header objects of the token in use.
pub(crate) struct Inner {
    /// Where and how requests go.
    pub(crate) transport: Rc<Transport>,
    /// The token cache and its single fetch.
    pub(crate) tokens: Rc<TokenService>,
    /// The header objects of the token in use, built once per token: the global `fetch`
    /// only reads them, and building them costs a dozen crossings into JS per call.
    headers: RefCell<Option<ApiHeaders>>,
}

impl Inner {
    /// The state of a client that sends over `transport` with tokens from `tokens`.
    pub(crate) fn new(transport: Rc<Transport>, tokens: Rc<TokenService>) -> Inner {
        Inner { transport, tokens, headers: RefCell::new(None) }
    }
}

/// The request headers for one token: without a body, and with a JSON body.
struct ApiHeaders {
    token: Secret,
    plain: Object,
    json: Object,
}

/// The trailing `{ signal?, timeoutMs? }` of every method, checked.
#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) signal: Option<AbortSignal>,
    pub(crate) timeout_ms: u32,
    /// The token this call fetched, shared by all its requests (one call, one token).
    pub(crate) fetched: Fetched,
}

/// `timeoutMs` checked: at most what `setTimeout` honours.
pub(crate) fn timeout_value(ms: u64) -> Result<u32, Error> {
    if ms > MAX_TIMEOUT_MS {
        return Err(Error::validation("timeoutMs must be at most 2147483647"));
    }
    u32::try_from(ms).map_err(|_| Error::validation("timeoutMs must be at most 2147483647"))
}

/// Reads the trailing `{ signal?, timeoutMs? }`.
pub(crate) fn call_options(inner: &Inner, options: Option<Object>) -> Result<Call, Error> {
    let mut call = Call { signal: None, timeout_ms: inner.transport.timeout_ms, fetched: Fetched::default() };
    let Some(o) = options else { return Ok(call) };
    let o: JsValue = o.into();
    expect_object(&o, "call options")?;
    let signal = get(&o, "signal");
    if !(signal.is_undefined() || signal.is_null()) {
        if get(&signal, "aborted").as_bool().is_none() {
            return Err(Error::validation("signal must be an AbortSignal"));
        }
        call.signal = Some(signal.unchecked_into());
    }
    if let Some(ms) = opt_uint(&o, "timeoutMs")? {
        call.timeout_ms = timeout_value(ms)?;
    }
    Ok(call)
}

/// The promise of one request: rejects with the builder's validation error without any
/// I/O, else sends.
pub(crate) fn request(inner: &Rc<Inner>, built: Result<Request, Error>, options: Option<Object>) -> Promise {
    let prepared = built.and_then(|req| Ok((req, call_options(inner, options)?)));
    let inner = inner.clone();
    promise(async move {
        let (req, call) = prepared.map_err(|e| to_js(&e, None))?;
        send(&inner, &req, &call).await.map_err(Fault::into_js)
    })
}

/// The headers of an API call.
fn api_headers(inner: &Inner, token: &Secret, has_body: bool) -> Object {
    let build = |content_type: bool| {
        let h = Object::new();
        set(&h, "Accept", &JsValue::from_str("application/json"));
        if content_type {
            set(&h, "Content-Type", &JsValue::from_str("application/json"));
        }
        set(&h, "X-OpenApi-Token", &JsValue::from_str(token.expose()));
        h
    };
    // A `fetch` option may change the headers it is given: it gets its own each time.
    if inner.transport.fetch.is_some() {
        return build(has_body);
    }
    let pick = |h: &ApiHeaders| if has_body { h.json.clone() } else { h.plain.clone() };
    if let Ok(cached) = inner.headers.try_borrow() {
        if let Some(h) = cached.as_ref().filter(|h| h.token.expose() == token.expose()) {
            return pick(h);
        }
    }
    let fresh = ApiHeaders { token: token.clone(), plain: build(false), json: build(true) };
    let out = pick(&fresh);
    if let Ok(mut slot) = inner.headers.try_borrow_mut() {
        *slot = Some(fresh);
    }
    out
}

/// An error without request context gets the request's method and path.
fn located(mut f: Fault, req: &Request) -> Fault {
    if f.error.path.is_none() {
        f = f.at(req.method.as_str(), &req.path);
    }
    f
}

/// Sends `req`: token, attempts with retries, one refresh and replay after a 401, and the
/// answer checked by the core.
pub(crate) async fn send(inner: &Rc<Inner>, req: &Request, call: &Call) -> Result<JsValue, Fault> {
    let signal = call.signal.as_ref();
    if signal.is_some_and(is_aborted) {
        return Err(aborted(req));
    }
    let mut token = token::token(&inner.tokens, signal, &call.fetched).await.map_err(|f| located(f, req))?;
    let mut refreshed = false;
    loop {
        let headers = api_headers(inner, &token.token, req.body.is_some());
        let reply = attempt_with_retries(&inner.transport, req, &headers, call.timeout_ms, signal).await?;
        let status = reply.status;
        if status == 401 && !refreshed && inner.tokens.can_refresh() {
            refreshed = true;
            inner.tokens.reject(&token.token);
            token = token::token(&inner.tokens, signal, &call.fetched).await.map_err(|f| located(f, req))?;
            continue;
        }
        return check::read_with(req, status, reply.parsed(), || reply.text()).map(|v| v.0).map_err(|mut e| {
            if status == 401 || (status == 403 && refreshed) {
                e.kind = ErrorKind::Auth;
            }
            Fault::from(e)
        });
    }
}
