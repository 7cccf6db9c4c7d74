//! `Tracker`: browser site tracking (page views, custom events, identify) that lands on the
//! same Linkflow contact as the backend's `POST /identifiers` and `POST /ude` calls, through
//! the shared (`channelId`, `externalId`) pair.
//!
//! This is the glue only: options, the JS class, listeners, timers, storage and `fetch`.
//! What to send and when is decided by the pure [`crate::track`]. It builds in the
//! tracker-only module (`--no-default-features --features tracker`), so it uses nothing
//! of the client. No call panics and no listener throws into the page.

mod dom;
mod send;
mod state;
mod store;

use crate::track::message::{self, Attrs};
use crate::track::{url, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL_MS, MAX_QUEUE};
use js_sys::{Array, Function, Object, Promise};
use state::{report_drop, with, Config, Shared, State};
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
  /** Called with the number of messages dropped: the oldest queued ones when the queue (5000 messages) overflows, or a batch the collector rejected for good (a 4xx other than 408 / 429). */
  onDrop?: (count: number) => void;
}

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
  /** Default `location.href`. */
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
    dom::validation_error(message)
}

fn concat(parts: &[&str]) -> String {
    parts.concat()
}

/// A present (not `undefined` / `null`) value.
fn present(v: Option<JsValue>) -> Option<JsValue> {
    v.filter(|v| !v.is_undefined() && !v.is_null())
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

struct Options {
    cfg: Config,
    auto_page_view: bool,
    persistent: bool,
}

fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    if !is_plain_object(options) {
        return Err(bad("Tracker options must be an object: { channelId, collectUrl }"));
    }
    let opt = |key: &str| present(Some(dom::prop(options, key)));
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
    let flag = |key: &str, default: bool| match opt(key) {
        None => Ok(default),
        Some(v) => v.as_bool().ok_or_else(|| bad(&concat(&["Tracker: ", key, " must be a boolean"]))),
    };
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
    let persistent = match opt("storage").map(|v| v.as_string()) {
        None => true,
        Some(Some(s)) if s == "localStorage" => true,
        Some(Some(s)) if s == "memory" => false,
        Some(_) => return Err(bad("Tracker: storage must be \"localStorage\" or \"memory\"")),
    };
    let on_drop = match opt("onDrop") {
        None => None,
        Some(f) => Some(f.dyn_into::<Function>().map_err(|_| bad("Tracker: onDrop must be a function"))?),
    };
    let cfg = Config { channel_id, endpoint, write_key, batch_size, flush_interval_ms, on_drop };
    Ok(Options { cfg, auto_page_view, persistent })
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
    for key in Object::keys(attrs.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
        let Some(v) = present(Some(dom::prop(&attrs, &key))) else { continue };
        if page && matches!(key.as_str(), "url" | "title" | "referrer") {
            let text = v.as_string().ok_or_else(|| bad(&concat(&["page(): ", &key, " must be a string"])))?;
            match key.as_str() {
                "url" => over.url = Some(text),
                "title" => over.title = Some(text),
                _ => over.referrer = Some(text),
            }
            continue;
        }
        let text = if let Some(s) = v.as_string() {
            s
        } else if v.as_f64().is_some_and(f64::is_finite) || v.as_bool().is_some() {
            dom::js_string(&v)
        } else {
            return Err(bad(&concat(&["attribute ", &key, " must be a string, a finite number or a boolean"])));
        };
        if !out.set(&key, text) {
            return Err(bad(&concat(&["unknown attribute ", &key, ": use attr1 … attr20"])));
        }
    }
    Ok((out, over))
}

/// Wires the state to the page: the flush timer, `pagehide` / `visibilitychange` /
/// `online` / `storage` listeners and, for automatic page views, `history` and `popstate`.
/// The callbacks live as long as the page (the tracker keeps working even when the JS
/// object is garbage-collected or freed).
fn install(shared: &Shared, auto_page_view: bool) {
    let s = shared.clone();
    let tick = Closure::<dyn FnMut()>::new(move || send::tick(&s)).into_js_value();
    let s = shared.clone();
    let save = Closure::<dyn FnMut()>::new(move || {
        let dropped = with(&s, State::save_queue);
        report_drop(&s, dropped.unwrap_or(0));
    })
    .into_js_value();
    with(shared, |st| {
        st.tick = tick;
        st.save = save;
    });

    let window = dom::global();
    let s = shared.clone();
    dom::listen(&window, "pagehide", &Closure::<dyn FnMut()>::new(move || send::flush_keepalive(&s)).into_js_value());
    let s = shared.clone();
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        if dom::str_prop(&dom::document(), "visibilityState") == "hidden" {
            send::flush_keepalive(&s);
        }
    });
    dom::listen(&dom::document(), "visibilitychange", &on_visibility.into_js_value());
    let s = shared.clone();
    dom::listen(&window, "online", &Closure::<dyn FnMut()>::new(move || send::online(&s)).into_js_value());
    let s = shared.clone();
    let on_storage = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let key = dom::str_prop(&e, "key");
        with(&s, |st| {
            if st.is_identity_key(&key) {
                st.reload_identity();
            }
        });
    });
    dom::listen(&window, "storage", &on_storage.into_js_value());

    if !auto_page_view {
        return;
    }
    // A history navigation is looked at once the page's own code has run (it usually
    // sets the title right after pushState): one page view when the URL changed.
    let s = shared.clone();
    let check = Closure::<dyn FnMut()>::new(move || {
        let dropped = with(&s, |st| {
            st.auto_pending = false;
            let href = dom::href();
            if st.last_url.as_deref() == Some(href.as_str()) {
                return 0;
            }
            st.page_view(Some(href), None, None, &Attrs::new())
        });
        report_drop(&s, dropped.unwrap_or(0));
    })
    .into_js_value();
    let s = shared.clone();
    let check_soon = Rc::new(move || {
        with(&s, |st| {
            if !st.auto_pending {
                st.auto_pending = true;
                dom::set_timeout(&check, 0);
            }
        });
    });
    let history = dom::global_prop("history");
    for name in ["pushState", "replaceState"] {
        let Ok(original) = dom::prop(&history, name).dyn_into::<Function>() else { continue };
        let this = history.clone();
        let soon = check_soon.clone();
        let wrapper = Closure::<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |state: JsValue, unused: JsValue, url: JsValue| {
                let result = original.call3(&this, &state, &unused, &url);
                soon();
                result
            },
        );
        dom::set(&history, name, &wrapper.into_js_value());
    }
    let soon = check_soon.clone();
    dom::listen(&window, "popstate", &Closure::<dyn FnMut()>::new(move || soon()).into_js_value());
}

#[wasm_bindgen]
impl Tracker {
    /// Starts tracking: reads (or creates) the anonymous id, reads back the queue left by
    /// earlier visits and sends it, records the page view of this page load (unless
    /// `autoPageView: false`) and follows history navigations.
    ///
    /// Throws a `LinkflowError` (`kind: "validation"`) for a missing `channelId`, a
    /// `collectUrl` that is not an absolute http(s) URL, or an option of the wrong type.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "TrackerOptions")] options: JsValue) -> Result<Tracker, JsValue> {
        let Options { cfg, auto_page_view, persistent } = read_options(&options)?;
        let (state, mut dropped) = State::load(cfg, persistent);
        let shared = Rc::new(RefCell::new(state));
        install(&shared, auto_page_view);
        with(&shared, |s| {
            if auto_page_view {
                dropped += s.page_view(None, None, None, &Attrs::new());
            }
            if !s.queue.is_empty() {
                // Left over from an earlier visit, or a full batch: send now.
                s.schedule(0);
            }
        });
        report_drop(&shared, dropped);
        Ok(Tracker { shared })
    }

    /// The visitor's anonymous id (a UUID), stable across page loads while storage works.
    #[wasm_bindgen(getter, js_name = anonymousId)]
    pub fn anonymous_id(&self) -> String {
        with(&self.shared, |s| s.identity.anonymous_id.clone()).unwrap_or_default()
    }

    /// The id given to `identify`, or `null` before it (and after `reset()`).
    #[wasm_bindgen(getter, js_name = externalId, unchecked_return_type = "string | null")]
    pub fn external_id(&self) -> JsValue {
        with(&self.shared, |s| s.identity.external_id.as_deref().map(JsValue::from_str)).flatten().unwrap_or(JsValue::NULL)
    }

    /// Records a `WEBSITE__PAGE_VIEW` with the page's URL, title, referrer and the session's
    /// `utm_*` (from the landing URL). Automatic page views call this for you.
    pub fn page(&self, #[wasm_bindgen(unchecked_optional_param_type = "TrackerPageAttrs")] attrs: Option<JsValue>) -> Result<(), JsValue> {
        let (attrs, over) = read_attrs(attrs, true)?;
        let dropped = with(&self.shared, |s| s.page_view(over.url, over.title, over.referrer, &attrs));
        report_drop(&self.shared, dropped.unwrap_or(0));
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
        let dropped = with(&self.shared, |s| s.record(None, |ctx| message::track(ctx, &event, &attrs)));
        report_drop(&self.shared, dropped.unwrap_or(0));
        Ok(())
    }

    /// Ties this visitor (its anonymous id, and so the events it sent before) to
    /// `externalId` on the tracker's channel: the contact the backend reaches with the same
    /// (channelId, externalId). `traits` (a JSON-serializable object) are the visitor's
    /// fields as the site knows them. Identifying as a different `externalId` than the
    /// current one starts a new anonymous id first, so two people never share one.
    #[wasm_bindgen(js_name = identify)]
    pub fn identify(
        &self,
        #[wasm_bindgen(js_name = externalId, unchecked_param_type = "string")] external_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")] traits: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let external_id = match external_id.as_string() {
            Some(s) => s,
            None if external_id.as_f64().is_some_and(|n| n.is_finite() && n.fract() == 0.0) => dom::js_string(&external_id),
            None => return Err(bad("identify(): externalId must be a string")),
        };
        if !message::check_id(&external_id) {
            return Err(bad("identify(): externalId must be a non-empty string of at most 256 characters"));
        }
        let traits = match present(traits) {
            None => None,
            Some(t) if is_plain_object(&t) => {
                let copy = dom::json_copy(&t).ok_or_else(|| bad("identify(): traits must be JSON-serializable"))?;
                if !message::traits_fit(&copy) {
                    return Err(bad("identify(): traits are nested too deeply (at most 120 levels)"));
                }
                Some(copy)
            }
            Some(_) => return Err(bad("identify(): traits must be an object")),
        };
        let dropped = with(&self.shared, |s| {
            if s.identity.external_id.as_deref().is_some_and(|x| x != external_id) {
                s.reset();
            }
            let dropped = s.record(None, |ctx| message::identify(ctx, &external_id, traits.as_ref()));
            s.set_external_id(&external_id);
            dropped
        });
        report_drop(&self.shared, dropped.unwrap_or(0));
        Ok(())
    }

    /// `{ channelId, externalId, anonymousId }`, to hand to the site's backend.
    #[wasm_bindgen(unchecked_return_type = "TrackerIdentity")]
    pub fn identity(&self) -> JsValue {
        let o = dom::object();
        with(&self.shared, |s| {
            dom::set(&o, "channelId", &JsValue::from_str(&s.cfg.channel_id));
            let x = s.identity.external_id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
            dom::set(&o, "externalId", &x);
            dom::set(&o, "anonymousId", &JsValue::from_str(&s.identity.anonymous_id));
        });
        o
    }

    /// Sends everything queued now. Resolves once the queue is empty, or once a send
    /// failed (the messages stay queued and are retried with backoff). Never rejects.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn flush(&self) -> Promise {
        send::flush(&self.shared)
    }

    /// Logout: a new anonymous id, no external id. Messages already queued keep the
    /// identity they were recorded with.
    pub fn reset(&self) {
        with(&self.shared, State::reset);
    }
}
