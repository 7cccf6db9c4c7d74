//! Getting a token: cached ([`TokenCache`]), fetched once however many calls wait.
//!
//! Single flight: the first call that finds no valid token starts one fetch (`GET /token`
//! or the `tokenProvider`) as its own task, a JS promise that settles when the fetch is
//! over; every call that arrives meanwhile awaits that same promise (each racing it
//! against its own `AbortSignal`, so aborting one caller does not cancel the others) and
//! then reads the shared outcome. A fetched token is used by the calls that waited for it
//! even if it was already expired on issue; the next call fetches again, so there is never
//! a loop. After a 401 the caller drops the token ([`TokenCache::reject`], a no-op when
//! another call already replaced it) and asks again: one fetch, one replay.
//!
//! One call, one token: a call that sends several requests (getMany chunks, an iterator's
//! pages, createMany) remembers the token it fetched ([`Fetched`], shared by the clones of
//! its `Call`) and keeps using it when it was stale on issue (clock skew), instead of
//! fetching again for every request ([`TokenCache::for_call`]).

use crate::encode::concat;
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal};

use super::error::Fault;
use super::platform::{bound_method, clear_timeout, message_of, now_ms, set, set_timeout, until_abort, Stop};
use super::transport::{attempt_with_retries, promise, Transport};
use crate::api::check;
use crate::auth::{issued_token, parse_token, token_request, IssuedToken, Secret, TokenCache};
use crate::error::{Error, ErrorKind};
use crate::time::parse_http_date;

/// Where tokens come from.
pub(crate) enum Source {
    /// `appKey` + `appSecret`: `GET /token`.
    Keys {
        /// `X-OpenApi-Key`.
        key: Secret,
        /// `X-OpenApi-Secret`.
        secret: Secret,
    },
    /// A ready token, used until the server refuses it.
    Static(Secret),
    /// The caller's `tokenProvider`.
    Provider(Function),
}

/// The token one call fetched, shared by the requests of that call.
pub(crate) type Fetched = Rc<RefCell<Option<Secret>>>;

/// The outcome of one token fetch, shared by everyone who waited for it.
type Slot = Rc<RefCell<Option<Result<IssuedToken, Fault>>>>;

/// The token fetch in progress.
#[derive(Clone)]
struct Flight {
    /// Settles (always fulfilled) when `slot` is filled.
    done: Promise,
    slot: Slot,
}

/// The token service of one client: where tokens come from, the token held, and the one
/// fetch in progress. Fetches go over the client's [`Transport`].
pub(crate) struct TokenService {
    /// How tokens are obtained.
    source: Source,
    /// The token held.
    cache: RefCell<TokenCache>,
    /// The token fetch in progress, if any.
    flight: RefCell<Option<Flight>>,
    /// Where `GET /token` goes, and the bound on a `tokenProvider`.
    transport: Rc<Transport>,
}

impl TokenService {
    /// A service with no token yet.
    pub(crate) fn new(source: Source, transport: Rc<Transport>) -> TokenService {
        TokenService { source, cache: RefCell::new(TokenCache::new()), flight: RefCell::new(None), transport }
    }

    /// Whether a 401 can be answered with a fresh token.
    pub(crate) fn can_refresh(&self) -> bool {
        !matches!(self.source, Source::Static(_))
    }

    /// Drops `token` after the server refused it (a no-op when another call already
    /// replaced it).
    pub(crate) fn reject(&self, token: &Secret) {
        if let Ok(mut cache) = self.cache.try_borrow_mut() {
            cache.reject(token.expose());
        }
    }
}

/// A token the call may use now: the cached one while valid (or the one this call already
/// fetched, see [`Fetched`]), else the result of the one fetch in flight (started here if
/// there is none), remembered in `fetched`.
pub(crate) async fn token(inner: &Rc<TokenService>, signal: Option<&AbortSignal>, fetched: &Fetched) -> Result<IssuedToken, Fault> {
    if let Some(t) = in_hand(inner, fetched) {
        return Ok(t);
    }
    let flight = match inner.flight.try_borrow().ok().and_then(|f| f.clone()) {
        Some(f) => f,
        None => start(inner),
    };
    match until_abort(&flight.done, signal).await {
        Ok(_) => {}
        Err(Stop::Aborted) => return Err(Error::new(ErrorKind::Aborted, "aborted while waiting for a token").into()),
        Err(Stop::Rejected(e)) => return Err(Fault::caused(ErrorKind::Auth, "token request failed", e)),
    }
    let outcome = flight.slot.try_borrow().ok().and_then(|s| s.clone());
    let outcome = outcome.unwrap_or_else(|| Err(Error::new(ErrorKind::Auth, "token request did not complete").into()));
    if let (Ok(t), Ok(mut f)) = (&outcome, fetched.try_borrow_mut()) {
        *f = Some(t.token.clone());
    }
    outcome
}

/// The token a call may use without waiting: the static one, the cached one while valid,
/// or the one this call already fetched (see [`Fetched`]).
pub(crate) fn in_hand(inner: &TokenService, fetched: &Fetched) -> Option<IssuedToken> {
    if let Source::Static(t) = &inner.source {
        return Some(IssuedToken { token: t.clone(), expiration: None });
    }
    let ours = fetched.try_borrow().ok().and_then(|f| f.clone());
    inner.cache.try_borrow().ok().and_then(|c| c.for_call(now_ms(), ours.as_ref().map(Secret::expose)).cloned())
}

/// Starts the one token fetch and registers it as in flight.
fn start(inner: &Rc<TokenService>) -> Flight {
    let slot: Slot = Rc::new(RefCell::new(None));
    let (me, out) = (inner.clone(), slot.clone());
    // The task is first polled in a later microtask, after `flight` is set below.
    let done = promise(async move {
        let result = fetch(&me).await;
        if let Ok(mut s) = out.try_borrow_mut() {
            *s = Some(result);
        }
        if let Ok(mut f) = me.flight.try_borrow_mut() {
            *f = None;
        }
        Ok(JsValue::UNDEFINED)
    });
    let flight = Flight { done, slot };
    if let Ok(mut f) = inner.flight.try_borrow_mut() {
        *f = Some(flight.clone());
    }
    flight
}

/// Fetches a token and stores it in the cache.
async fn fetch(inner: &TokenService) -> Result<IssuedToken, Fault> {
    // From before the request: the server's `Date` is read against both ends of it.
    let sent = now_ms();
    let (issued, server_date) = match &inner.source {
        Source::Static(t) => (IssuedToken { token: t.clone(), expiration: None }, None),
        Source::Keys { key, secret } => exchange(inner, key, secret).await?,
        Source::Provider(f) => (provide(inner, f).await?, None),
    };
    if let Ok(mut c) = inner.cache.try_borrow_mut() {
        c.store(issued.clone(), sent, now_ms(), server_date);
    }
    Ok(issued)
}

/// What an error carries as `body` for a 2xx `/token` answer it could not use.
const WITHHELD: &str = "[withheld: a /token answer may carry a token]";

/// `GET /token` with the app key and secret; any answer but a token is kind `auth`.
async fn exchange(inner: &TokenService, key: &Secret, secret: &Secret) -> Result<(IssuedToken, Option<f64>), Fault> {
    let req = token_request();
    let headers = Object::new();
    set(&headers, "Accept", &JsValue::from_str("application/json"));
    set(&headers, "X-OpenApi-Key", &JsValue::from_str(key.expose()));
    set(&headers, "X-OpenApi-Secret", &JsValue::from_str(secret.expose()));
    // Not tied to any caller's signal: others may be waiting for this token.
    let reply = attempt_with_retries(&inner.transport, &req, &headers, inner.transport.timeout_ms, None, None).await?;
    let auth = |mut e: Error| {
        e.kind = ErrorKind::Auth;
        if e.status.is_some_and(|s| (200..300).contains(&s)) {
            e.message = concat(&["token answer unusable: ", &e.message]);
        } else {
            e.message = concat(&["token request refused: ", &e.message]);
        }
        Fault::from(e)
    };
    // A 2xx answer to /token may carry a live token, whole or cut short: an error keeps
    // such a body out (and needs no text search to do so). Refusals (4xx/5xx) keep theirs.
    // Read through a `&dyn Fn`, as for every answer (src/wasm/call.rs): one copy of the check.
    let body: &dyn Fn() -> String = &|| {
        if (200..300).contains(&reply.status) {
            WITHHELD.to_owned()
        } else {
            reply.text()
        }
    };
    let value = check::read_with(&req, reply.status, reply.parsed(), body).map_err(auth)?;
    // Through the caught view (a provider's value needs it): one copy of `parse_token`.
    let issued = parse_token(&value.0).map_err(|e| {
        let mut e = e.at(req.method.as_str(), &req.path).with_body(&body());
        e.status = Some(reply.status);
        Fault::from(e)
    })?;
    let server_now = reply.header("date").as_deref().and_then(parse_http_date).map(|ms| ms as f64);
    Ok((issued, server_now))
}

/// Calls the `tokenProvider`: a string or `{ token, expiration? }`, or a promise of one.
/// Throwing, rejecting or resolving to anything else is kind `auth`; not settling within
/// `timeoutMs` is kind `timeout`.
async fn provide(inner: &TokenService, provider: &Function) -> Result<IssuedToken, Fault> {
    let returned =
        provider.call0(&JsValue::UNDEFINED).map_err(|e| Fault::caused(ErrorKind::Auth, describe("tokenProvider threw", &e), e))?;
    let pending = Promise::resolve(&returned);
    // Bounded like an attempt: a provider that never settles must not hang every call.
    let value = with_timeout(&pending, f64::from(inner.transport.timeout_ms)).await.map_err(|stop| match stop {
        None => Fault::from(Error::new(ErrorKind::Timeout, "tokenProvider did not settle within timeoutMs")),
        Some(e) => Fault::caused(ErrorKind::Auth, describe("tokenProvider rejected", &e), e),
    })?;
    if let Some(token) = value.as_string() {
        let token = issued_token(token).map_err(|mut e| {
            e.message = concat(&["tokenProvider resolved to an unusable token: ", &e.message]);
            Fault::from(e)
        })?;
        return Ok(IssuedToken { token, expiration: None });
    }
    if value.is_object() {
        return parse_token(&value).map_err(Fault::from);
    }
    Err(Error::new(ErrorKind::Auth, "tokenProvider must resolve to a token string or { token, expiration? }").into())
}

/// `"what: message"` when the thrown value has a message.
fn describe(what: &str, e: &JsValue) -> String {
    match message_of(e) {
        Some(m) => concat(&[what, ": ", &m]),
        None => what.to_owned(),
    }
}

/// Awaits `p` for at most `ms`: `Err(None)` on timeout, `Err(Some(reason))` on rejection.
async fn with_timeout(p: &Promise, ms: f64) -> Result<JsValue, Option<JsValue>> {
    let controller = AbortController::new().map_err(Some)?;
    let timer = bound_method(&controller, "abort").map(|abort| set_timeout(&abort, ms));
    let out = until_abort(p, Some(&controller.signal())).await;
    if let Some(t) = &timer {
        clear_timeout(t);
    }
    match out {
        Ok(v) => Ok(v),
        Err(Stop::Aborted) => Err(None),
        Err(Stop::Rejected(e)) => Err(Some(e)),
    }
}
