//! `LinkflowClient`: options, the resource namespaces, and the one generic send path.
//!
//! Every resource method is the same thin wrapper: read the caller's options with the
//! core builder (validation happens here, before any I/O), then [`send`]: token, attempt,
//! retries, the one refresh after a 401, and `answer::read`. The promise it returns
//! resolves to the very JSON value the server sent, or rejects with a `LinkflowError`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::error::{to_js, Fault};
use super::fetch::{attempt, Answer, NoAnswer, Outgoing};
use super::js::{get, now_ms, origin_of, random01, set, sleep};
use super::resources::{ChannelsApi, ContactsApi, EventsApi, GroupsApi, WechatApi};
use super::token::{self, Fetched, Flight, Source};
use crate::api::{answer, expect_object, opt_bool, opt_str, opt_uint};
use crate::auth::{check_credential, Secret, TokenCache};
use crate::error::{Error, ErrorKind};
use crate::request::{base_url, Request};
use crate::retry::{next_delay, Failure};

/// Where the Open API lives unless `baseUrl` says otherwise.
const DEFAULT_BASE_URL: &str = "https://open.linkflowtech.com";
/// Per-attempt bound unless `timeoutMs` says otherwise.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Extra attempts unless `maxRetries` says otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The largest delay `setTimeout` honours (larger ones fire at once).
const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// The state one client and its namespaces share.
pub(crate) struct Inner {
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
    /// How tokens are obtained.
    pub(crate) source: Source,
    /// The token held.
    pub(crate) cache: RefCell<TokenCache>,
    /// The token fetch in progress, if any.
    pub(crate) flight: RefCell<Option<Flight>>,
    /// The header objects of the token in use, built once per token: the global `fetch`
    /// only reads them, and building them costs a dozen crossings into JS per call.
    headers: RefCell<Option<ApiHeaders>>,
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

/// A client of the Linkflow Open API.
///
/// ```js
/// const client = new LinkflowClient({ appKey, appSecret });
/// const contacts = await client.contacts.list({ size: 50 });
/// ```
///
/// Exactly one way of getting a token must be configured: `appKey` + `appSecret` (the
/// SDK calls `GET /token` itself; refused in browsers unless `dangerouslyAllowBrowser`),
/// a ready `token`, or a `tokenProvider`. The token is fetched lazily, shared by all
/// concurrent calls, cached until shortly before it expires, and refreshed once (the call
/// replayed) when a request answers 401. Every method rejects with a `LinkflowError`.
#[wasm_bindgen]
pub struct LinkflowClient {
    inner: Rc<Inner>,
    contacts: JsValue,
    events: JsValue,
    channels: JsValue,
    groups: JsValue,
    wechat: JsValue,
}

#[wasm_bindgen]
impl LinkflowClient {
    /// Creates a client. Throws a `LinkflowError` of kind `validation` when the options are
    /// wrong: no or several ways of getting a token, `appKey` without `appSecret`,
    /// `appSecret` in a browser page or browser worker without `dangerouslyAllowBrowser`,
    /// `appKey`/`appSecret`/`token` with control characters (they are header values),
    /// `baseUrl` not an absolute `http:`/`https:` URL without query or fragment,
    /// `timeoutMs`/`maxRetries` not non-negative integers, `fetch`/`tokenProvider` not
    /// functions.
    ///
    /// Requests never follow redirects: credentials and bodies go to `baseUrl`'s origin
    /// only, and a redirect is an `http` error naming its status and target origin.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "LinkflowClientOptions")] options: JsValue) -> Result<LinkflowClient, JsValue> {
        let inner = Rc::new(parse_options(&options).map_err(|e| to_js(&e, None))?);
        Ok(LinkflowClient {
            contacts: ContactsApi { inner: inner.clone() }.into(),
            events: EventsApi { inner: inner.clone() }.into(),
            channels: ChannelsApi { inner: inner.clone() }.into(),
            groups: GroupsApi { inner: inner.clone() }.into(),
            wechat: WechatApi { inner: inner.clone() }.into(),
            inner,
        })
    }

    /// Contacts: list, identify, find, bulk reads, updates, identities, groups, events.
    #[wasm_bindgen(getter, unchecked_return_type = "ContactsApi")]
    pub fn contacts(&self) -> JsValue {
        self.contacts.clone()
    }

    /// Events: create (one or many), list and iterate all events.
    #[wasm_bindgen(getter, unchecked_return_type = "EventsApi")]
    pub fn events(&self) -> JsValue {
        self.events.clone()
    }

    /// Channels: create a user-defined channel, list channel types.
    #[wasm_bindgen(getter, unchecked_return_type = "ChannelsApi")]
    pub fn channels(&self) -> JsValue {
        self.channels.clone()
    }

    /// Groups (标签组): list, create, members, add and remove contacts.
    #[wasm_bindgen(getter, unchecked_return_type = "GroupsApi")]
    pub fn groups(&self) -> JsValue {
        self.groups.clone()
    }

    /// WeChat: an official account's openId for a unionId.
    #[wasm_bindgen(getter, unchecked_return_type = "WechatApi")]
    pub fn wechat(&self) -> JsValue {
        self.wechat.clone()
    }

    /// The token the client uses now, fetching one if needed: `{ token, expiration }`,
    /// `expiration` being `null` for a static `token` (or a provider that gave none).
    #[wasm_bindgen(unchecked_return_type = "Promise<TokenInfo>")]
    pub fn token(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>) -> Promise {
        let inner = self.inner.clone();
        let call = call_options(&inner, call);
        promise(async move {
            let call = call.map_err(|e| to_js(&e, None))?;
            let t = token::token(&inner, call.signal.as_ref(), &call.fetched).await.map_err(Fault::into_js)?;
            let info = Object::new();
            set(&info, "token", &JsValue::from_str(t.token.expose()));
            set(&info, "expiration", &t.expiration.map_or(JsValue::NULL, |e| JsValue::from_str(&e)));
            Ok(info.into())
        })
    }
}

/// Reads and checks the constructor's options.
fn parse_options(o: &JsValue) -> Result<Inner, Error> {
    expect_object(o, "LinkflowClient options").map_err(|_| no_credentials())?;
    let text = |key: &str| -> Result<Option<String>, Error> {
        match opt_str(o, key)? {
            Some(s) if s.is_empty() => Err(Error::validation(format!("{key} must not be empty"))),
            v => Ok(v),
        }
    };
    let function = |key: &'static str| -> Result<Option<Function>, Error> {
        let v = get(o, key);
        if v.is_undefined() || v.is_null() {
            Ok(None)
        } else if v.is_function() {
            Ok(Some(v.unchecked_into()))
        } else {
            Err(Error::validation(format!("{key} must be a function")))
        }
    };
    // Checked here, before anything is sent: a control character would make `fetch` throw
    // an error quoting the whole header, secret included.
    let credential = |key: &'static str| -> Result<Option<String>, Error> {
        let value = text(key)?;
        if let Some(s) = &value {
            check_credential(s, key)?;
        }
        Ok(value)
    };
    let app_key = credential("appKey")?;
    let app_secret = credential("appSecret")?;
    let static_token = credential("token")?;
    let provider = function("tokenProvider")?;
    let fetch = function("fetch")?;
    let allow_browser = opt_bool(o, "dangerouslyAllowBrowser")?.unwrap_or(false);

    let ways =
        usize::from(app_key.is_some() || app_secret.is_some()) + usize::from(static_token.is_some()) + usize::from(provider.is_some());
    if ways == 0 {
        return Err(no_credentials());
    }
    if ways > 1 {
        return Err(Error::validation("give exactly one way of getting a token: appKey + appSecret, token, or tokenProvider"));
    }
    let source = match (app_key, app_secret, static_token, provider) {
        (Some(key), Some(secret), _, _) => {
            if !allow_browser && super::runtime::is_browser() {
                return Err(Error::validation(
                    "appSecret is refused in a browser, where every visitor could read it: hand out tokens from your backend with tokenProvider, or set dangerouslyAllowBrowser",
                ));
            }
            Source::Keys { key: Secret::new(key), secret: Secret::new(secret) }
        }
        (Some(_), None, _, _) => return Err(Error::validation("appKey needs appSecret")),
        (None, Some(_), _, _) => return Err(Error::validation("appSecret needs appKey")),
        (_, _, Some(t), _) => Source::Static(Secret::new(t)),
        (_, _, _, Some(f)) => Source::Provider(f),
        _ => return Err(no_credentials()),
    };

    let base_url = base_url(&text("baseUrl")?.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()))?;
    let origin =
        origin_of(&base_url, &base_url).ok_or_else(|| Error::validation("baseUrl must be a URL this runtime's URL parser accepts"))?;
    let timeout_ms = match opt_uint(o, "timeoutMs")? {
        None => DEFAULT_TIMEOUT_MS,
        Some(ms) => timeout_value(ms)?,
    };
    let max_retries = match opt_uint(o, "maxRetries")? {
        None => DEFAULT_MAX_RETRIES,
        Some(n) => u32::try_from(n).map_err(|_| Error::validation("maxRetries is too large"))?,
    };
    Ok(Inner {
        base_url,
        origin,
        timeout_ms,
        max_retries,
        fetch,
        source,
        cache: RefCell::new(TokenCache::new()),
        flight: RefCell::new(None),
        headers: RefCell::new(None),
    })
}

fn no_credentials() -> Error {
    Error::validation("no credentials: give appKey + appSecret, token, or tokenProvider")
}

fn timeout_value(ms: u64) -> Result<u32, Error> {
    if ms > MAX_TIMEOUT_MS {
        return Err(Error::validation("timeoutMs must be at most 2147483647"));
    }
    u32::try_from(ms).map_err(|_| Error::validation("timeoutMs must be at most 2147483647"))
}

/// A promise of `f`. Every promise of the client goes through this one non-generic
/// instantiation of `future_to_promise` (a boxed future), which keeps the wasm small.
pub(crate) fn promise(f: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(f);
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// Reads the trailing `{ signal?, timeoutMs? }`.
pub(crate) fn call_options(inner: &Inner, options: Option<Object>) -> Result<Call, Error> {
    let mut call = Call { signal: None, timeout_ms: inner.timeout_ms, fetched: Fetched::default() };
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
    if inner.fetch.is_some() {
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
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted(req));
    }
    let mut token = token::token(inner, signal, &call.fetched).await.map_err(|f| located(f, req))?;
    let mut refreshed = false;
    loop {
        let headers = api_headers(inner, &token.token, req.body.is_some());
        let answer = attempt_with_retries(inner, req, &headers, call.timeout_ms, signal).await?;
        let status = answer.status;
        if status == 401 && !refreshed && inner.source.can_refresh() {
            refreshed = true;
            if let Ok(mut cache) = inner.cache.try_borrow_mut() {
                cache.reject(token.token.expose());
            }
            token = token::token(inner, signal, &call.fetched).await.map_err(|f| located(f, req))?;
            continue;
        }
        return answer::read_with(req, status, answer.parsed(), || answer.text()).map(|v| v.0).map_err(|mut e| {
            if status == 401 || (status == 403 && refreshed) {
                e.kind = ErrorKind::Auth;
            }
            Fault::from(e)
        });
    }
}

fn aborted(req: &Request) -> Fault {
    Fault::from(Error::new(ErrorKind::Aborted, "the call was aborted")).at(req.method.as_str(), &req.path)
}

/// Attempts `req` until it gets a 2xx answer, a failure that may not be retried, or the
/// retries run out. Returns the last answer (whatever its status); no answer at all is
/// kind `network`, `timeout` or `aborted`.
pub(crate) async fn attempt_with_retries(
    inner: &Inner,
    req: &Request,
    headers: &Object,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
) -> Result<Answer, Fault> {
    let url = req.url(&inner.base_url);
    let out = Outgoing {
        fetch: inner.fetch.as_ref(),
        url: &url,
        method: req.method.as_str(),
        headers,
        body: req.body.as_deref(),
        timeout_ms: f64::from(timeout_ms),
        signal,
        origin: &inner.origin,
    };
    let mut retries = 0;
    loop {
        let (failure, last) = match attempt(&out).await {
            Ok(a) if (200..300).contains(&a.status) => return Ok(a),
            Ok(a) => (Failure::of_answer(a.status, a.parsed()), Ok(a)),
            Err(NoAnswer::Aborted) => return Err(aborted(req)),
            Err(NoAnswer::Timeout) => {
                let message = format!("no answer within {timeout_ms} ms");
                (Failure::Timeout, Err(Fault::from(Error::new(ErrorKind::Timeout, message)).at(out.method, &req.path)))
            }
            Err(NoAnswer::Redirect { status, target }) => return Err(redirected(status, target.as_deref()).at(out.method, &req.path)),
            Err(NoAnswer::Network(cause)) => {
                let (message, cause) = scrubbed(cause, headers);
                (Failure::Network, Err(Fault::caused(ErrorKind::Network, message, cause).at(out.method, &req.path)))
            }
        };
        let retry_after = last.as_ref().ok().and_then(|a| a.header("retry-after"));
        match next_delay(req.replay, failure, retries, inner.max_retries, retry_after.as_deref(), now_ms(), random01()) {
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
    let answer = match status {
        Some(s) => format!("the server answered {s}, a redirect"),
        None => "the server answered with a redirect".to_owned(),
    };
    let to = match target {
        Some(origin) => format!(" to {origin}"),
        None => " (the runtime hides its target)".to_owned(),
    };
    let mut e = Error::new(
        ErrorKind::Http,
        format!("{answer}{to}: not followed (the SDK follows no redirect, so credentials and bodies go to baseUrl's origin only)"),
    );
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
        Some(t) => format!("network error: {}", String::from(secrets.iter().fold(t, |t, s| t.replace_all(s, "[redacted]")))),
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
