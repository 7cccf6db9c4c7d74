//! `LinkflowClient`: its options, read and checked, and the resource namespaces. The
//! client composes a [`Transport`] (attempts over `fetch`) and a [`TokenService`] (the
//! token cache and its single fetch) into the state its namespaces share ([`Inner`]);
//! the send path itself is in [`call`](super::call).

use crate::encode::concat;
use std::rc::Rc;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::call::{call_options, promise, timeout_value, Inner};
use super::error::{to_js, Fault};
use super::platform::{get, origin_of, set};
use super::resources::{ChannelsApi, ContactsApi, EventsApi, GroupsApi, WechatApi};
use super::token::{self, Source, TokenService};
use super::transport::Transport;
use crate::api::{expect_object, opt_bool, opt_str, opt_uint};
use crate::auth::{check_credential, Secret};
use crate::error::Error;
use crate::request::base_url;

/// Where the Open API lives unless `baseUrl` says otherwise.
const DEFAULT_BASE_URL: &str = "https://open.linkflowtech.com";
/// Per-attempt bound unless `timeoutMs` says otherwise.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Extra attempts unless `maxRetries` says otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;

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
            let t = token::token(&inner.tokens, call.signal.as_ref(), &call.fetched).await.map_err(Fault::into_js)?;
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
            Some(s) if s.is_empty() => Err(Error::validation(concat(&[key, " must not be empty"]))),
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
            Err(Error::validation(concat(&[key, " must be a function"])))
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
    let transport = Rc::new(Transport { base_url, origin, timeout_ms, max_retries, fetch });
    let tokens = Rc::new(TokenService::new(source, transport.clone()));
    Ok(Inner::new(transport, tokens))
}

fn no_credentials() -> Error {
    Error::validation("no credentials: give appKey + appSecret, token, or tokenProvider")
}
