//! `Tracker`: browser site tracking (page views, custom events, identify) that lands on the
//! same Linkflow contact as the backend's `POST /identifiers` and `POST /ude` calls, through
//! the shared (`channelId`, `externalId`) pair.
//!
//! This is the glue only: options, the JS class, listeners, timers, storage and `fetch`.
//! What to send and when is decided by the pure [`crate::track`]. It builds in the
//! tracker-only module (`--no-default-features --features tracker`), so it uses nothing
//! of the client. No call panics and no listener throws into the page.

mod life;
mod log;
mod send;
mod state;
mod store;

use crate::track::message::{self, Attrs};
use crate::track::session::DEFAULT_SESSION_TIMEOUT_MS;
use crate::track::{url, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL_MS, MAX_QUEUE};
use crate::wasm::platform;
use js_sys::{Function, Promise};
use state::{record, with, Config, Shared, State};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TRACKER_TYPES: &'static str = r#"
/** Options of `new Tracker(options)`. */
export interface TrackerOptions {
  /** The site's channel id: the same `channelId` the backend uses with `contacts.identify` and `events.create`. */
  channelId: string;
  /** Origin of the collector (e.g. `"http://127.0.0.1:8787"`); batches go to `{collectUrl}/api/sdk/v2/batch_messages`. */
  collectUrl: string;
  /** Sent as `?token=` and `write_key`. Default: the `channelId`. */
  writeKey?: string;
  /** One `WEBSITE__PAGE_VIEW` per page load and history navigation (pushState, replaceState, popstate). Default `true`. */
  autoPageView?: boolean;
  /** Longest time a message waits before its batch is sent, in ms. Default 5000. */
  flushIntervalMs?: number;
  /** Messages per request; a full batch is sent at once. Default 50. */
  batchSize?: number;
  /** Where ids and the queue are kept. `"memory"` keeps nothing across page loads. Default `"localStorage"` (memory where storage is blocked). */
  storage?: "localStorage" | "memory";
  /** Called with the number of messages dropped: the oldest queued ones when the queue (5000 messages) overflows, messages `beforeSend` dropped, or a batch the collector rejected for good (a 4xx other than 408 / 429). The drops of one task are reported in one call. */
  onDrop?: (count: number) => void;
  /** Used instead of the global `fetch`. Without either, the constructor throws a `validation` error. */
  fetch?: typeof fetch;
  /** Start `"pending"`: record in memory only (bounded), write no storage, send nothing until `setConsent(true)`. Default `false` (`"granted"`). */
  requireConsent?: boolean;
  /** Treat Global Privacy Control (`navigator.globalPrivacyControl`) or Do-Not-Track (`navigator.doNotTrack === "1"`) as a refusal. Default `false`. */
  respectPrivacySignals?: boolean;
  /** Idle time after which the next activity starts a new session, in ms. Default 1800000 (30 minutes). */
  sessionTimeoutMs?: number;
  /** Sees a copy of each message before it is queued; returns the message to send (amended) or `null` to drop it (reported to `onDrop`). A hook that throws or returns something else drops the message. */
  beforeSend?: (message: TrackerMessage) => TrackerMessage | null;
  /** Log each message and each batch outcome (sent, retried, dropped) through `logger`. Never logs the write key. Default `false`. */
  debug?: boolean;
  /** Where `debug`, `dryRun` and warnings go. Default `console`. */
  logger?: { debug(...args: unknown[]): void; warn(...args: unknown[]): void };
  /** Build and log batches (without the write key) instead of sending them. Default `false`. */
  dryRun?: boolean;
}

/** A message as `beforeSend` sees it. */
export interface TrackerMessage {
  message_id: string;
  /** The session's start, epoch ms. */
  session_id: number;
  domain: "event" | "identity";
  action: "track" | "identify";
  /** Epoch ms. */
  ts: number;
  data: Record<string, unknown>;
}

/** `"pending"` until `setConsent` when `requireConsent` is set; `"denied"` after a refusal (remembered) or under a respected privacy signal. */
export type TrackerConsent = "pending" | "granted" | "denied";

/** An attribute value: strings as they are, numbers and booleans as their decimal / `"true"` text. */
export type TrackerAttrValue = string | number | boolean | null | undefined;

/** Event attributes `attr1`..`attr20`. */
export interface TrackerAttrs {
  attr1?: TrackerAttrValue; attr2?: TrackerAttrValue; attr3?: TrackerAttrValue; attr4?: TrackerAttrValue;
  attr5?: TrackerAttrValue; attr6?: TrackerAttrValue; attr7?: TrackerAttrValue; attr8?: TrackerAttrValue;
  attr9?: TrackerAttrValue; attr10?: TrackerAttrValue; attr11?: TrackerAttrValue; attr12?: TrackerAttrValue;
  attr13?: TrackerAttrValue; attr14?: TrackerAttrValue; attr15?: TrackerAttrValue; attr16?: TrackerAttrValue;
  attr17?: TrackerAttrValue; attr18?: TrackerAttrValue; attr19?: TrackerAttrValue; attr20?: TrackerAttrValue;
}

/** A page view's attributes: `attr1`..`attr20`, and overrides of what the page says. */
export interface TrackerPageAttrs extends TrackerAttrs {
  /** Default `location.href`; required where there is no `document`. An absolute `http:` or `https:` URL. */
  url?: string;
  /** Default `document.title`. */
  title?: string;
  /** Default `document.referrer` on the landing page, the previous page view's URL after that. */
  referrer?: string;
}

/** Who the visitor is, to hand to the site's backend. */
export interface TrackerIdentity {
  channelId: string;
  /** `null` until `identify`. */
  externalId: string | null;
  anonymousId: string;
}
"#;

/// Browser site tracking: page views, custom events and identify, queued in
/// `localStorage`, batched to the collector and retried until it accepts them (a batch it
/// rejects for good, with a 4xx other than 408 / 429, is dropped and reported to `onDrop`).
///
/// ```js
/// const tracker = new Tracker({ channelId: "example.com", collectUrl: location.origin });
/// tracker.track("UDE_ADD_TO_CART", { attr1: "sku-1", attr2: 19.9 });
/// tracker.identify("u42");            // after login: ties this browser's events to u42
/// ```
#[wasm_bindgen]
pub struct Tracker {
    shared: Shared,
}

fn bad(message: &str) -> JsValue {
    crate::wasm::error::validation(message)
}

fn concat(parts: &[&str]) -> String {
    parts.concat()
}

/// A present (not `undefined` / `null`) value.
fn present(v: Option<JsValue>) -> Option<JsValue> {
    v.filter(|v| !v.is_undefined() && !v.is_null())
}

/// An object that is not an array. A value that throws when asked (a revoked `Proxy`) is
/// not: the catching import keeps the exception out of Rust frames.
fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && matches!(crate::wasm::json::try_is_array(v), Ok(false))
}

struct Options {
    cfg: Config,
    auto_page_view: bool,
}

/// `options[key]`: a boolean, `default` when absent. (Functions, not closures: one copy of
/// the code for every option.)
fn flag_option(options: &JsValue, key: &str, default: bool) -> Result<bool, JsValue> {
    match present(Some(platform::prop(options, key))) {
        None => Ok(default),
        Some(v) => v.as_bool().ok_or_else(|| bad(&concat(&["Tracker: ", key, " must be a boolean"]))),
    }
}

/// `options[key]`: a function, `None` when absent.
fn function_option(options: &JsValue, key: &str) -> Result<Option<Function>, JsValue> {
    match present(Some(platform::prop(options, key))) {
        None => Ok(None),
        Some(f) => f.dyn_into::<Function>().map(Some).map_err(|_| bad(&concat(&["Tracker: ", key, " must be a function"]))),
    }
}

fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    if !is_plain_object(options) {
        return Err(bad("Tracker options must be an object: { channelId, collectUrl }"));
    }
    let opt = |key: &str| present(Some(platform::prop(options, key)));
    let channel_id = opt("channelId").and_then(|v| v.as_string()).filter(|c| message::check_id(c));
    let channel_id = channel_id.ok_or_else(|| bad("Tracker: channelId must be a non-empty string"))?;
    // The collector wants a write key and, without a channel elsewhere, takes the key for
    // the channel: the channel id is the natural default.
    let write_key = match opt("writeKey") {
        None => channel_id.clone(),
        Some(v) => v.as_string().ok_or_else(|| bad("Tracker: writeKey must be a string"))?,
    };
    let collect_url = opt("collectUrl").and_then(|v| v.as_string()).ok_or_else(|| bad("Tracker: collectUrl must be a string"))?;
    let endpoint = url::endpoint(&collect_url, Some(&write_key)).map_err(|why| bad(&concat(&["Tracker: ", why])))?;
    let flag = |key: &str, default: bool| flag_option(options, key, default);
    let auto_page_view = flag("autoPageView", true)?;
    let number = |key: &str, default: u32, min: f64, max: f64| match opt(key) {
        None => Ok(default),
        Some(v) => match v.as_f64() {
            Some(n) if n.is_finite() && n >= min && n <= max => Ok(n as u32),
            _ => Err(bad(&concat(&["Tracker: ", key, " is out of range"]))),
        },
    };
    let flush_interval_ms = number("flushIntervalMs", DEFAULT_FLUSH_INTERVAL_MS, 0.0, 86_400_000.0)?;
    let batch_size = number("batchSize", DEFAULT_BATCH_SIZE as u32, 1.0, MAX_QUEUE as f64)? as usize;
    let session_timeout_ms = u64::from(number("sessionTimeoutMs", DEFAULT_SESSION_TIMEOUT_MS as u32, 1.0, 86_400_000.0)?);
    let persistent = match opt("storage").map(|v| v.as_string()) {
        None => true,
        Some(Some(s)) if s == "localStorage" => true,
        Some(Some(s)) if s == "memory" => false,
        Some(_) => return Err(bad("Tracker: storage must be \"localStorage\" or \"memory\"")),
    };
    let function = |key: &str| function_option(options, key);
    let on_drop = function("onDrop")?;
    let before_send = function("beforeSend")?;
    let fetch = function("fetch")?;
    if fetch.is_none() && !platform::global_prop("fetch").is_function() {
        return Err(bad("Tracker: there is no global fetch here: pass the fetch option"));
    }
    let target = match opt("logger") {
        None => platform::global_prop("console"),
        Some(l) if ["debug", "warn"].iter().all(|m| platform::prop(&l, m).is_function()) => l,
        Some(_) => return Err(bad("Tracker: logger must be an object with debug and warn functions")),
    };
    let log = log::Log { target, debug: flag("debug", false)? };
    let cfg = Config {
        channel_id,
        endpoint,
        write_key,
        batch_size,
        flush_interval_ms,
        on_drop,
        fetch,
        before_send,
        log,
        dry_run: flag("dryRun", false)?,
        require_consent: flag("requireConsent", false)?,
        respect_signals: flag("respectPrivacySignals", false)?,
        session_timeout_ms,
        persistent,
    };
    Ok(Options { cfg, auto_page_view })
}

/// Page-view overrides read from `page(attrs)`.
#[derive(Default)]
struct PageOverrides {
    url: Option<String>,
    title: Option<String>,
    referrer: Option<String>,
}

/// Reads `attr1`..`attr20` (and, for page views, `url` / `title` / `referrer`).
fn read_attrs(attrs: Option<JsValue>, page: bool) -> Result<(Attrs, PageOverrides), JsValue> {
    let mut out = Attrs::new();
    let mut over = PageOverrides::default();
    let Some(attrs) = present(attrs) else { return Ok((out, over)) };
    if !is_plain_object(&attrs) {
        return Err(bad("attributes must be an object: { attr1, …, attr20 }"));
    }
    let keys = crate::wasm::json::try_keys(&attrs).map_err(|_| bad("attributes could not be read"))?;
    for key in keys.iter().filter_map(|k| k.as_string()) {
        let Some(v) = present(Some(platform::prop(&attrs, &key))) else { continue };
        if page && matches!(key.as_str(), "url" | "title" | "referrer") {
            let text = v.as_string().ok_or_else(|| bad(&concat(&["page(): ", &key, " must be a string"])))?;
            match key.as_str() {
                "url" if !url::is_page_url(&text) => return Err(bad("page(): url must be an absolute http: or https: URL")),
                "url" => over.url = Some(text),
                "title" => over.title = Some(text),
                _ => over.referrer = Some(text),
            }
            continue;
        }
        let text = if let Some(s) = v.as_string() {
            s
        } else if v.as_f64().is_some_and(f64::is_finite) || v.as_bool().is_some() {
            platform::js_string(&v)
        } else {
            return Err(bad(&concat(&["attribute ", &key, " must be a string, a finite number or a boolean"])));
        };
        if !out.set(&key, text) {
            return Err(bad(&concat(&["unknown attribute ", &key, ": use attr1 … attr20"])));
        }
    }
    Ok((out, over))
}

#[wasm_bindgen]
impl Tracker {
    /// Starts tracking: reads (or creates) the anonymous id, reads back the queue left by
    /// earlier visits and sends it, records the page view of this page load (unless
    /// `autoPageView: false`, or where there is no `document`) and follows history
    /// navigations. A tracker for the same `channelId` already on the page hands over to
    /// this one (its listeners removed, its queue taken over, no second page view).
    ///
    /// Throws a `LinkflowError` (`kind: "validation"`) for a missing `channelId`, a
    /// `collectUrl` that is not an absolute http(s) URL, an option of the wrong type, or
    /// when there is no `fetch` (no option, no global).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "TrackerOptions")] options: JsValue) -> Result<Tracker, JsValue> {
        let Options { cfg, auto_page_view } = read_options(&options)?;
        let (state, dropped) = State::load(cfg);
        let shared = Rc::new(RefCell::new(state));
        let auto_page_view = auto_page_view && platform::document().is_object();
        let previous_url = life::take_over(&shared);
        life::install(&shared, auto_page_view);
        if auto_page_view && previous_url.as_deref() != Some(platform::href().as_str()) {
            record(&shared, with(&shared, |s| s.page_view(None, None, None, &Attrs::new())));
        }
        with(&shared, |s| {
            if !s.queue.is_empty() && s.may_send() {
                // Left over from an earlier visit, or a full batch: send now.
                s.schedule(0);
            }
        });
        state::report_drop(&shared, dropped);
        Ok(Tracker { shared })
    }

    /// The visitor's anonymous id (a UUID), stable across page loads while storage works
    /// (and consent is granted).
    #[wasm_bindgen(getter, js_name = anonymousId)]
    pub fn anonymous_id(&self) -> String {
        with(&self.shared, |s| s.identity.anonymous_id.clone()).unwrap_or_default()
    }

    /// The id given to `identify`, or `null` before it (and after `reset()`).
    #[wasm_bindgen(getter, js_name = externalId, unchecked_return_type = "string | null")]
    pub fn external_id(&self) -> JsValue {
        with(&self.shared, |s| s.identity.external_id.as_deref().map(JsValue::from_str)).flatten().unwrap_or(JsValue::NULL)
    }

    /// The current session's start (epoch ms): the `session_id` of its messages. A new
    /// session starts after `sessionTimeoutMs` without activity, or when a page view's
    /// URL brings another `utm_*` campaign. `0` before the first message (and after a refusal).
    #[wasm_bindgen(getter, js_name = sessionId)]
    pub fn session_id(&self) -> f64 {
        with(&self.shared, |s| s.session.as_ref().map_or(0.0, |x| x.id as f64)).unwrap_or(0.0)
    }

    /// `"pending"` (waiting for `setConsent`, with `requireConsent`), `"granted"` or
    /// `"denied"`.
    #[wasm_bindgen(getter, unchecked_return_type = "TrackerConsent")]
    pub fn consent(&self) -> String {
        with(&self.shared, |s| s.consent.as_str()).unwrap_or("denied").to_owned()
    }

    /// `setConsent(true)`: stores and sends what was recorded meanwhile (each message
    /// once), and remembers the decision. `setConsent(false)`, at any time: drops what is
    /// buffered, deletes everything the tracker stored (ids, queue, session), stops
    /// sending, and remembers only the refusal, so the next page load starts `"denied"`.
    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&self, #[wasm_bindgen(unchecked_param_type = "boolean")] granted: JsValue) -> Result<(), JsValue> {
        match granted.as_bool() {
            Some(true) => with(&self.shared, State::grant),
            Some(false) => with(&self.shared, State::deny),
            None => return Err(bad("setConsent(): granted must be a boolean")),
        };
        Ok(())
    }

    /// Records a `WEBSITE__PAGE_VIEW` with the page's URL, title, referrer and the session's
    /// `utm_*` (from the landing URL). Automatic page views call this for you. Where there
    /// is no `document`, `url` is required; it must be an absolute `http:`/`https:` URL.
    pub fn page(&self, #[wasm_bindgen(unchecked_optional_param_type = "TrackerPageAttrs")] attrs: Option<JsValue>) -> Result<(), JsValue> {
        let (attrs, over) = read_attrs(attrs, true)?;
        if over.url.is_none() && !platform::document().is_object() {
            return Err(bad("page(): url is required where there is no document"));
        }
        record(&self.shared, with(&self.shared, |s| s.page_view(over.url, over.title, over.referrer, &attrs)));
        Ok(())
    }

    /// Records a custom event: its code (e.g. `"UDE_ADD_TO_CART"`) and `attr1`..`attr20`
    /// (numbers are sent as their decimal text). Throws a `validation` `LinkflowError` for
    /// an event that is not a non-empty string or an unknown attribute name.
    pub fn track(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] event: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TrackerAttrs")] attrs: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let event = event.as_string().ok_or_else(|| bad("track(): event must be a string"))?;
        message::check_event(&event).map_err(|why| bad(&concat(&["track(): ", why])))?;
        let (attrs, _) = read_attrs(attrs, false)?;
        record(&self.shared, with(&self.shared, |s| s.build(None, None, &|ctx| message::track(ctx, &event, &attrs))));
        Ok(())
    }

    /// Ties this visitor (its anonymous id, and so the events it sent before) to
    /// `externalId` (a non-empty string) on the tracker's channel: the contact the backend
    /// reaches with the same (channelId, externalId). `traits` (a JSON-serializable object)
    /// are the visitor's fields as the site knows them. Identifying as a different
    /// `externalId` than the current one starts a new anonymous id first, so two people
    /// never share one.
    #[wasm_bindgen(js_name = identify)]
    pub fn identify(
        &self,
        #[wasm_bindgen(js_name = externalId, unchecked_param_type = "string")] external_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")] traits: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let external_id = external_id.as_string().ok_or_else(|| bad("identify(): externalId must be a string"))?;
        if !message::check_id(&external_id) {
            return Err(bad("identify(): externalId must be a non-empty string of at most 256 characters"));
        }
        let traits = match present(traits) {
            None => None,
            Some(t) if is_plain_object(&t) => {
                let copy = platform::json_copy(&t).ok_or_else(|| bad("identify(): traits must be JSON-serializable"))?;
                if !message::traits_fit(&copy) {
                    return Err(bad("identify(): traits are nested too deeply (at most 120 levels)"));
                }
                Some(copy)
            }
            Some(_) => return Err(bad("identify(): traits must be an object")),
        };
        let built = with(&self.shared, |s| {
            if s.identity.external_id.as_deref().is_some_and(|x| x != external_id) {
                s.reset();
            }
            let m = s.build(None, None, &|ctx| message::identify(ctx, &external_id, traits.as_ref()));
            if m.is_some() {
                s.set_external_id(&external_id);
            }
            m
        });
        record(&self.shared, built);
        Ok(())
    }

    /// `{ channelId, externalId, anonymousId }`, to hand to the site's backend.
    #[wasm_bindgen(unchecked_return_type = "TrackerIdentity")]
    pub fn identity(&self) -> JsValue {
        let o = platform::object();
        with(&self.shared, |s| {
            platform::try_set(&o, "channelId", &JsValue::from_str(&s.cfg.channel_id));
            let x = s.identity.external_id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
            platform::try_set(&o, "externalId", &x);
            platform::try_set(&o, "anonymousId", &JsValue::from_str(&s.identity.anonymous_id));
        });
        o
    }

    /// Sends everything queued now. Resolves once the queue is empty, or once a send
    /// failed (the messages stay queued and are retried with backoff). Never rejects.
    /// Resolves at once while consent is not granted (nothing leaves) and after `destroy()`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn flush(&self) -> Promise {
        send::flush(&self.shared)
    }

    /// Logout: a new anonymous id, no external id. Messages already queued keep the
    /// identity they were recorded with.
    pub fn reset(&self) {
        with(&self.shared, State::reset);
    }

    /// Stops the tracker: every listener removed, `history.pushState` / `replaceState`
    /// restored, the queue saved and sent with a keepalive request; later calls do
    /// nothing. `[Symbol.dispose]` (so `using tracker = new Tracker(…)`) does the same. A
    /// tracker nobody holds a reference to keeps running: its listeners hold it.
    pub fn destroy(&self) {
        life::destroy(&self.shared);
    }
}
