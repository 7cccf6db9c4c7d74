//! One call of the API, the one generic send path every resource method goes through:
//! read the caller's options with the core builder (validation happens here, before any
//! I/O), then [`send`]: token, attempt, retries, the one refresh after a 401, and
//! `check::read`. A call whose token is in hand starts its first attempt at once and has
//! the entry's JS driver settle it ([`direct`]): no future, task or closure per call. The promise it returns resolves to the very JSON value the server
//! sent, or rejects with a `LinkflowError`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::error::{to_js, Fault};
use super::fetch::{classify, replied, HttpReply};
use super::platform::{get, has_driver, is_aborted, name, send as send_direct, set, Attempt};
use super::token::{self, Fetched, TokenService};
pub(crate) use super::transport::promise;
use super::transport::{aborted, attempt_with_retries, Outcome, Transport};
use crate::api::{check, expect_object, opt_uint};
use crate::auth::{IssuedToken, Secret};
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
/// I/O, else sends: directly when it can ([`direct`]), else as a task.
pub(crate) fn request(inner: &Rc<Inner>, built: Result<Request, Error>, options: Option<Object>) -> Promise {
    match built.and_then(|req| Ok((req, call_options(inner, options)?))) {
        Ok((req, call)) => direct(inner, req, call).unwrap_or_else(|(req, call)| task(inner.clone(), req, call, None)),
        Err(e) => Promise::reject(&to_js(&e, None)),
    }
}

/// The promise of a call sent as a task: [`send`], or after a direct call's first attempt
/// (`resumed`: its token and outcome), the rules from there. One future type for both.
fn task(inner: Rc<Inner>, req: Request, call: Call, resumed: Option<(IssuedToken, Outcome)>) -> Promise {
    promise(async move {
        let sent = match resumed {
            Some((token, first)) => send_from(&inner, &req, &call, token, Some(first)).await,
            None => send(&inner, &req, &call).await,
        };
        sent.map_err(Fault::into_js)
    })
}

/// A call sent without a future: its first attempt made at once by the entry's driver
/// (platform/driver.rs), which hands the outcome to [`call_settled`]. The common case: the
/// token in hand, the global `fetch`, no caller's `signal` (with one, an abort right after
/// the call must find no request sent, which the task path's deferred start guarantees);
/// anything else, and every retry, refresh or error after the first attempt, goes through
/// [`send`]'s one copy of the rules.
struct Direct {
    inner: Rc<Inner>,
    req: Request,
    call: Call,
    token: IssuedToken,
    url: String,
}

/// The direct calls awaiting their outcome, by id.
struct Waiting {
    /// The id of the next direct call (wrapping: a call would have to wait 2^32 calls to
    /// meet its id again).
    next: u32,
    calls: Vec<(u32, Direct)>,
}

thread_local! {
    static WAITING: RefCell<Waiting> = const { RefCell::new(Waiting { next: 0, calls: Vec::new() }) };
}

/// `f` of the waiting calls (`None` only if they are in use, which no path allows).
fn waiting<R>(f: impl FnOnce(&mut Waiting) -> Option<R>) -> Option<R> {
    WAITING.try_with(|w| f(&mut *w.try_borrow_mut().ok()?)).ok().flatten()
}

/// Sends `req` as a direct call when it can: the promise of its answer, else `req` and
/// `call` back for [`send`].
fn direct(inner: &Rc<Inner>, req: Request, call: Call) -> Result<Promise, (Request, Call)> {
    if call.signal.is_some() || inner.transport.fetch.is_some() || !has_driver() {
        return Err((req, call));
    }
    let Some(token) = token::in_hand(&inner.tokens, &call.fetched) else { return Err((req, call)) };
    let Some(id) = waiting(|w| {
        w.next = w.next.wrapping_add(1);
        Some(w.next)
    }) else {
        return Err((req, call));
    };
    let headers = api_headers(inner, &token.token, req.body.is_some());
    let url = req.url(&inner.transport.base_url);
    let attempt = Attempt {
        url: &url,
        method: &name(req.method.as_str()),
        headers: &headers,
        body: req.body.as_deref(),
        timeout_ms: f64::from(call.timeout_ms),
    };
    let Some(answer) = send_direct(&attempt, id) else { return Err((req, call)) };
    // The driver settles in a later task, so the call waits here before that.
    let _ = waiting(|w| {
        w.calls.push((id, Direct { inner: inner.clone(), req, call, token, url }));
        Some(())
    });
    Ok(answer)
}

/// The outcome of direct call `id`'s attempt, from the entry's driver: with `how` 0 the
/// response and its body text, else `response` is the rejection's reason (`how` 2: after
/// the attempt's timer fired). Returns the answer, throws a `LinkflowError`, or returns the
/// promise of [`send`]'s rules taking over (a retry, a refresh after a 401). Not part of
/// the public API.
#[wasm_bindgen(js_name = "__callSettled", skip_typescript)]
pub fn call_settled(id: u32, response: JsValue, body: JsValue, how: u32) -> Result<JsValue, JsValue> {
    let d = waiting(|w| Some(w.calls.swap_remove(w.calls.iter().position(|(i, _)| *i == id)?).1));
    let Some(Direct { inner, req, call, token, url }) = d else {
        return Err(to_js(&Error::new(ErrorKind::Network, "the call's state is gone"), None));
    };
    let outcome = match how {
        0 => replied(response, body, &url),
        how => Err(classify(response, false, how == 2)),
    };
    match outcome {
        Ok(reply) if (200..300).contains(&reply.status) => answer(&req, &reply, false).map_err(Fault::into_js),
        outcome => Ok(task(inner, req, call, Some((token, outcome))).into()),
    }
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
    if call.signal.as_ref().is_some_and(is_aborted) {
        return Err(aborted(req));
    }
    let token = token::token(&inner.tokens, call.signal.as_ref(), &call.fetched).await.map_err(|f| located(f, req))?;
    send_from(inner, req, call, token, None).await
}

/// [`send`] with `token` in hand and, when `first` is given, its first attempt made.
async fn send_from(
    inner: &Rc<Inner>,
    req: &Request,
    call: &Call,
    mut token: IssuedToken,
    mut first: Option<Outcome>,
) -> Result<JsValue, Fault> {
    let signal = call.signal.as_ref();
    let mut refreshed = false;
    loop {
        let headers = api_headers(inner, &token.token, req.body.is_some());
        let reply = attempt_with_retries(&inner.transport, req, &headers, call.timeout_ms, signal, first.take()).await?;
        if reply.status == 401 && !refreshed && inner.tokens.can_refresh() {
            refreshed = true;
            inner.tokens.reject(&token.token);
            token = token::token(&inner.tokens, signal, &call.fetched).await.map_err(|f| located(f, req))?;
            continue;
        }
        return answer(req, &reply, refreshed);
    }
}

/// The answer to `req` in `reply`, checked by the core: the value, or the error (kind `auth`
/// for a 401, and for a 403 after a refresh). The body's text is read through a `&dyn Fn`, as
/// in the token exchange: one copy of the core's check in the module, not one per caller.
fn answer(req: &Request, reply: &HttpReply, refreshed: bool) -> Result<JsValue, Fault> {
    let status = reply.status;
    let body: &dyn Fn() -> String = &|| reply.text();
    check::read_with(req, status, reply.parsed(), body).map(|v| v.0).map_err(|mut e| {
        if status == 401 || (status == 403 && refreshed) {
            e.kind = ErrorKind::Auth;
        }
        Fault::from(e)
    })
}
