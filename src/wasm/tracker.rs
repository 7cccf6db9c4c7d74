//! The tracker's wasm facade: [`TrackerCore`], one synchronous `op` export (plus its
//! constructor and `takeOver`) over the pure
//! state machine ([`crate::track::machine::Machine`]) that take numbers and one JS value
//! and return one (text, a number, a flag or `undefined`). The public `Tracker` class is the JS driver (`pkg-template/tracker.js`): it
//! reads the options, installs listeners and `history` wrappers, runs timers, `fetch` and
//! storage, calls the page's hooks, and calls in here; the state machine calls back
//! through the driver's host object ([`host::Driver`]). It builds in the tracker-only
//! module (`--no-default-features --features tracker`). Nothing here panics.

mod host;
mod types;

use crate::json::Json;
use crate::track::consent;
use crate::track::host::Host;
use crate::track::machine::{Config, Machine, Options};
use crate::track::message::{self, Attrs, Message};
use crate::track::url;
use host::{ask, Driver, JsHost};
use wasm_bindgen::prelude::*;

/// The bits of the `FLAGS` option [`TrackerCore::new`] reads; `pkg-template/tracker.js` sets the same (`tests/track_codes.rs` checks it).
mod flag {
    /// `storage` is not `"memory"`.
    pub const PERSISTENT: u32 = 1;
    /// `requireConsent`.
    pub const REQUIRE_CONSENT: u32 = 2;
    /// `dryRun`.
    pub const DRY_RUN: u32 = 4;
    /// There is a `beforeSend` hook.
    pub const HOOKED: u32 = 8;
    /// `navigator.globalPrivacyControl` is a boolean (and privacy signals are respected).
    pub const GPC_KNOWN: u32 = 16;
    /// Its value.
    pub const GPC: u32 = 32;
}

/// The codes of [`TrackerCore::op`]; `pkg-template/tracker.js` names the same numbers (`tests/track_codes.rs` checks it).
mod op {
    pub const START: u32 = 0;
    pub const ANONYMOUS_ID: u32 = 1;
    pub const EXTERNAL_ID: u32 = 2;
    pub const SESSION_ID: u32 = 3;
    pub const CONSENT: u32 = 4;
    pub const SET_CONSENT: u32 = 5;
    pub const ATTR: u32 = 6;
    pub const TRACK: u32 = 7;
    pub const PAGE: u32 = 8;
    pub const NAVIGATED: u32 = 9;
    pub const IDENTIFY: u32 = 10;
    pub const HOOKED: u32 = 11;
    pub const FLUSH: u32 = 12;
    pub const TICK: u32 = 13;
    pub const SAVE: u32 = 14;
    pub const ANSWERED: u32 = 15;
    pub const PAGEHIDE: u32 = 16;
    pub const ONLINE: u32 = 17;
    pub const STORAGE: u32 = 18;
    pub const RESET: u32 = 19;
    pub const DESTROY: u32 = 20;
    pub const IS_DESTROYED: u32 = 21;
    pub const CLEAR_ATTRS: u32 = 22;
}

/// An answer as the driver takes it: text, or `undefined` for none. A `JsValue`, not an
/// `Option<String>`: that cost the glue a copy out of wasm memory and its free per export.
fn to_js(answer: Option<String>) -> JsValue {
    answer.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s))
}

fn bad(message: &str) -> JsValue {
    crate::wasm::error::validation(message)
}

/// One tracker's state machine, driven by the JS `Tracker`. Not public API.
#[wasm_bindgen(skip_typescript)]
pub struct TrackerCore {
    machine: Machine,
    driver: Driver,
    /// There is a `beforeSend` hook: recorded messages wait in `held` for its answer.
    hooked: bool,
    held: Vec<Message>,
    /// `attr1`..`attr20` of the next message, set one by one by the [`op::ATTR`] op.
    attrs: Attrs,
}

#[wasm_bindgen]
impl TrackerCore {
    /// Checks the options (the validation error names the first wrong one) and reads back
    /// what storage holds. The options come from the driver, one `text`/`num` question each
    /// ([`host::ask`]'s `CHANNEL_ID` .. `SESSION_TIMEOUT_MS`), not as arguments: a ten-argument
    /// export cost a wasm-bindgen wrapper and a glue function with five string passes. `FLAGS`
    /// holds the [`flag`] bits (the browser's privacy signals only when they are to be
    /// respected, else `DNT` is `""` and no GPC bit is set).
    #[wasm_bindgen(constructor)]
    pub fn new(driver: Driver) -> Result<TrackerCore, JsValue> {
        let host = &mut JsHost(&driver);
        let flags = host.given_num(ask::FLAGS) as u32;
        let on = |bit: u32| flags & bit != 0;
        let text = |what: u32| host.given_text(what);
        let (channel_id, write_key, collect_url) = (text(ask::CHANNEL_ID), text(ask::WRITE_KEY), text(ask::COLLECT_URL));
        // NaN: absent (the driver answers `undefined`); a given non-number (or NaN) comes as
        // Infinity, so it is out of range as before.
        let number = |what: u32| Some(host.given_num(what)).filter(|n| !n.is_nan());
        let options = Options {
            channel_id: channel_id.as_deref(),
            write_key: write_key.as_deref(),
            collect_url: collect_url.as_deref(),
            flush_interval_ms: number(ask::FLUSH_INTERVAL_MS),
            batch_size: number(ask::BATCH_SIZE),
            session_timeout_ms: number(ask::SESSION_TIMEOUT_MS),
            persistent: on(flag::PERSISTENT),
            require_consent: on(flag::REQUIRE_CONSENT),
            dry_run: on(flag::DRY_RUN),
        };
        let hooked = on(flag::HOOKED);
        let gpc = on(flag::GPC_KNOWN).then_some(on(flag::GPC));
        let cfg = Config::new(&options).map_err(bad)?;
        let signal = consent::privacy_signal(gpc, &text(ask::DNT).unwrap_or_default());
        let referrer = text(ask::REFERRER).unwrap_or_default();
        let machine = Machine::new(cfg, signal, referrer, host);
        Ok(TrackerCore { machine, driver, hooked, held: Vec::new(), attrs: Attrs::new() })
    }

    /// Takes the place of `old` (the same channel's earlier tracker): returns the URL of its
    /// last page view.
    #[wasm_bindgen(js_name = takeOver)]
    pub fn take_over(&mut self, old: &mut TrackerCore) -> JsValue {
        to_js(self.machine.take_over(&mut old.machine))
    }

    /// Every other call of the driver, as one export: `code` (one of [`op`]'s codes) says
    /// which, `x`, `y`, `a` and `v` are its arguments (unused ones `0` / `undefined`). `a` is
    /// a string (or absent), read here; a second text (an attribute's value, the storage
    /// event's new value) comes as `v`, a string, and the page view's `title` and `referrer`
    /// as members of `v` (the driver's plain object). Otherwise `v` is `identify`'s traits or
    /// `beforeSend`'s answer. No `String` argument: each cost every call a string pass (with
    /// its cleanup) in the glue; a `JsValue` crosses as it is.
    /// The answer is text, a number (`sessionId`), a boolean (a flag) or `undefined`. One export
    /// instead of ~20 saves a wasm-bindgen wrapper and a glue function per call.
    pub fn op(&mut self, code: u32, x: f64, y: f64, a: JsValue, v: JsValue) -> Result<JsValue, JsValue> {
        let a = a.as_string();
        let a_ref = a.as_deref().unwrap_or_default();
        if code == op::HOOKED {
            self.hooked(a_ref, &v, x != 0.0);
            return Ok(JsValue::UNDEFINED);
        }
        // A message built here is recorded below, once the machine is no longer borrowed.
        let mut made = None;
        let host = &mut JsHost(&self.driver);
        let m = &mut self.machine;
        let answer = match code {
            op::START => {
                m.start(host);
                JsValue::UNDEFINED
            }
            op::ANONYMOUS_ID => JsValue::from_str(&m.identity.anonymous_id),
            op::EXTERNAL_ID => to_js(m.identity.external_id.clone()),
            op::SESSION_ID => JsValue::from_f64(m.session.as_ref().map_or(0, |s| s.id) as f64),
            op::CONSENT => JsValue::from_str(m.consent.as_str()),
            op::SET_CONSENT => {
                if x != 0.0 {
                    m.grant(host);
                } else {
                    m.deny(host);
                }
                JsValue::UNDEFINED
            }
            op::ATTR => JsValue::from_bool(self.attrs.set(a_ref, v.as_string().unwrap_or_default())),
            op::TRACK => {
                message::check_event(a_ref).map_err(bad)?;
                let attrs = std::mem::take(&mut self.attrs);
                made = m.track(a_ref, &attrs, host);
                JsValue::UNDEFINED
            }
            op::PAGE => {
                if a.as_deref().is_some_and(|u| !url::is_page_url(u)) {
                    return Err(bad("page(): url must be an absolute http: or https: URL"));
                }
                let attrs = std::mem::take(&mut self.attrs);
                let member = |key: &str| v.get(key).and_then(|t| t.as_string());
                made = m.page_view(a, member("title"), member("referrer"), &attrs, host);
                JsValue::UNDEFINED
            }
            op::NAVIGATED => {
                made = m.navigated(host);
                JsValue::UNDEFINED
            }
            op::IDENTIFY => {
                if !message::check_id(a_ref) {
                    return Err(bad("identify(): externalId must be a non-empty string of at most 256 characters"));
                }
                // `x`: the driver found the traits nested deeper than its
                // TRACKER_TRAITS_MAX_DEPTH (checked there, on its plain copy; refused here, after the id).
                if x != 0.0 {
                    return Err(bad("identify(): traits are nested too deeply (at most 120 levels)"));
                }
                let traits = (!v.is_undefined()).then_some(v);
                made = m.identify(a_ref, traits.as_ref(), host);
                JsValue::UNDEFINED
            }
            op::FLUSH => JsValue::from_bool(m.flush(host)),
            op::TICK => {
                m.tick(host);
                JsValue::UNDEFINED
            }
            op::SAVE => {
                m.save_queue(host);
                JsValue::UNDEFINED
            }
            op::ANSWERED => {
                m.answered(x as u32, y as u16, host);
                JsValue::UNDEFINED
            }
            op::PAGEHIDE => {
                m.pagehide(host);
                JsValue::UNDEFINED
            }
            op::ONLINE => {
                m.online(host);
                JsValue::UNDEFINED
            }
            op::STORAGE => {
                m.storage_changed(a_ref, &v.as_string().unwrap_or_default(), host);
                JsValue::UNDEFINED
            }
            op::RESET => {
                m.reset(host);
                JsValue::UNDEFINED
            }
            op::DESTROY => {
                m.destroy(host);
                JsValue::UNDEFINED
            }
            op::IS_DESTROYED => JsValue::from_bool(m.destroyed),
            op::CLEAR_ATTRS => {
                self.attrs = Attrs::new();
                JsValue::UNDEFINED
            }
            _ => JsValue::UNDEFINED,
        };
        // Not `record(made).or(answer)`: the same, but 45 B more in the gzipped module.
        Ok(if made.is_some() { to_js(self.record(made)) } else { answer })
    }

    /// A message just built: queued now, or held for `beforeSend` (its JSON returned).
    fn record(&mut self, m: Option<Message>) -> Option<String> {
        let m = m?;
        if !self.hooked {
            self.machine.enqueue(m, &mut JsHost(&self.driver));
            return None;
        }
        let json = m.json.clone();
        self.held.push(m);
        Some(json)
    }

    /// `beforeSend` answered for the held message `id`: `out` is what it returned (a
    /// message to queue if it is the same message, amended), `ok` false when it threw.
    fn hooked(&mut self, id: &str, out: &JsValue, ok: bool) {
        let Some(at) = self.held.iter().position(|m| m.id == id) else { return };
        let m = self.held.swap_remove(at);
        let host = &mut JsHost(&self.driver);
        let original = host.parse(&m.json);
        let amended = original.and_then(|o| if ok { message::from_hook(out, &o, m.identity.clone()) } else { None });
        match amended {
            Some(amended) => self.machine.enqueue(amended, host),
            None => self.machine.hook_dropped(&m.id, host),
        }
    }
}
