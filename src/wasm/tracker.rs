//! The tracker's wasm facade: [`TrackerCore`], a few synchronous methods over the pure
//! state machine ([`crate::track::machine::Machine`]) that take and return strings and
//! numbers. The public `Tracker` class is the JS driver (`pkg-template/tracker.js`): it
//! reads the options, installs listeners and `history` wrappers, runs timers, `fetch` and
//! storage, calls the page's hooks, and calls in here; the state machine calls back
//! through the driver's host object ([`host::Driver`]). It builds in the tracker-only
//! module (`--no-default-features --features tracker`). Nothing here panics.

mod host;
mod types;

use crate::track::consent;
use crate::track::host::Host;
use crate::track::machine::{Config, Machine, Options};
use crate::track::message::{self, Attrs, Message};
use crate::track::url;
use host::{Driver, JsHost};
use wasm_bindgen::prelude::*;

fn bad(message: &str) -> JsValue {
    crate::wasm::error::validation(message)
}

fn bad_with(prefix: &str, why: &str) -> JsValue {
    bad(&crate::encode::concat(&[prefix, why]))
}

/// One tracker's state machine, driven by the JS `Tracker`. Not public API.
#[wasm_bindgen(skip_typescript)]
pub struct TrackerCore {
    machine: Machine,
    driver: Driver,
    /// There is a `beforeSend` hook: recorded messages wait in `held` for its answer.
    hooked: bool,
    held: Vec<Message>,
    /// `attr1`..`attr20` of the next message, set one by one by [`TrackerCore::attr`].
    attrs: Attrs,
}

#[wasm_bindgen]
impl TrackerCore {
    /// Checks the options (the validation error names the first wrong one) and reads back
    /// what storage holds. `gpc` / `dnt`: the browser's privacy signals, `None` / `""` when
    /// they are not to be respected.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)] // one crossing for the whole configuration
    pub fn new(
        driver: Driver,
        channel_id: Option<String>,
        write_key: Option<String>,
        collect_url: Option<String>,
        flush_interval_ms: Option<f64>,
        batch_size: Option<f64>,
        session_timeout_ms: Option<f64>,
        persistent: bool,
        require_consent: bool,
        dry_run: bool,
        hooked: bool,
        gpc: Option<bool>,
        dnt: String,
        referrer: String,
    ) -> Result<TrackerCore, JsValue> {
        let options = Options {
            channel_id: channel_id.as_deref(),
            write_key: write_key.as_deref(),
            collect_url: collect_url.as_deref(),
            flush_interval_ms,
            batch_size,
            session_timeout_ms,
            persistent,
            require_consent,
            dry_run,
        };
        let cfg = Config::new(&options).map_err(|why| bad_with("Tracker: ", why))?;
        let signal = consent::privacy_signal(gpc, &dnt);
        let machine = Machine::new(cfg, signal, referrer, &mut JsHost(&driver));
        Ok(TrackerCore { machine, driver, hooked, held: Vec::new(), attrs: Attrs::new() })
    }

    /// Takes the place of `old` (the same channel's earlier tracker): returns the URL of its
    /// last page view.
    #[wasm_bindgen(js_name = takeOver)]
    pub fn take_over(&mut self, old: &mut TrackerCore) -> Option<String> {
        self.machine.take_over(&mut old.machine)
    }

    /// Sends a queue left by an earlier visit.
    pub fn start(&mut self) {
        self.machine.start(&mut JsHost(&self.driver));
    }

    /// The anonymous id.
    #[wasm_bindgen(js_name = anonymousId)]
    pub fn anonymous_id(&self) -> String {
        self.machine.identity.anonymous_id.clone()
    }

    /// The external id, if any.
    #[wasm_bindgen(js_name = externalId)]
    pub fn external_id(&self) -> Option<String> {
        self.machine.identity.external_id.clone()
    }

    /// The session's start, 0 when none.
    #[wasm_bindgen(js_name = sessionId)]
    pub fn session_id(&self) -> f64 {
        self.machine.session.as_ref().map_or(0.0, |s| s.id as f64)
    }

    /// `"pending" | "granted" | "denied"`.
    pub fn consent(&self) -> String {
        self.machine.consent.as_str().to_owned()
    }

    /// `setConsent(granted)`.
    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&mut self, granted: bool) {
        let host = &mut JsHost(&self.driver);
        if granted {
            self.machine.grant(host);
        } else {
            self.machine.deny(host);
        }
    }

    /// Forgets the attributes set so far.
    #[wasm_bindgen(js_name = clearAttrs)]
    pub fn clear_attrs(&mut self) {
        self.attrs = Attrs::new();
    }

    /// Sets attribute `name` of the next message; false for a name that is not
    /// `attr1`..`attr20`.
    pub fn attr(&mut self, name: &str, value: String) -> bool {
        self.attrs.set(name, value)
    }

    /// `track(event, attrs)`: the message's JSON when `beforeSend` must see it first.
    pub fn track(&mut self, event: &str) -> Result<Option<String>, JsValue> {
        message::check_event(event).map_err(|why| bad_with("track(): ", why))?;
        let attrs = std::mem::take(&mut self.attrs);
        let m = self.machine.track(event, &attrs, &mut JsHost(&self.driver));
        Ok(self.record(m))
    }

    /// `page(attrs)` with its overrides: as [`TrackerCore::track`].
    pub fn page(&mut self, url: Option<String>, title: Option<String>, referrer: Option<String>) -> Result<Option<String>, JsValue> {
        if url.as_deref().is_some_and(|u| !url::is_page_url(u)) {
            return Err(bad("page(): url must be an absolute http: or https: URL"));
        }
        let attrs = std::mem::take(&mut self.attrs);
        let m = self.machine.page_view(url, title, referrer, &attrs, &mut JsHost(&self.driver));
        Ok(self.record(m))
    }

    /// The automatic page view after a history navigation (when the URL changed).
    pub fn navigated(&mut self) -> Option<String> {
        let m = self.machine.navigated(&mut JsHost(&self.driver));
        self.record(m)
    }

    /// `identify(externalId, traits)` (`traits`: a JSON copy made by the driver, or
    /// `undefined`): as [`TrackerCore::track`].
    pub fn identify(&mut self, external_id: &str, traits: JsValue) -> Result<Option<String>, JsValue> {
        if !message::check_id(external_id) {
            return Err(bad("identify(): externalId must be a non-empty string of at most 256 characters"));
        }
        let traits = (!traits.is_undefined()).then_some(traits);
        if traits.as_ref().is_some_and(|t| !message::traits_fit(t)) {
            return Err(bad("identify(): traits are nested too deeply (at most 120 levels)"));
        }
        let m = self.machine.identify(external_id, traits.as_ref(), &mut JsHost(&self.driver));
        Ok(self.record(m))
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
    pub fn hooked(&mut self, id: &str, out: JsValue, ok: bool) {
        let Some(at) = self.held.iter().position(|m| m.id == id) else { return };
        let m = self.held.swap_remove(at);
        let host = &mut JsHost(&self.driver);
        let original = host.parse(&m.json);
        let amended = original.and_then(|o| if ok { message::from_hook(&out, &o, m.identity.clone()) } else { None });
        match amended {
            Some(amended) => self.machine.enqueue(amended, host),
            None => self.machine.hook_dropped(&m.id, host),
        }
    }

    /// `flush()`: false when it resolves at once (nothing may leave).
    pub fn flush(&mut self) -> bool {
        self.machine.flush(&mut JsHost(&self.driver))
    }

    /// The flush timer fired.
    pub fn tick(&mut self) {
        self.machine.tick(&mut JsHost(&self.driver));
    }

    /// The save timer fired.
    pub fn save(&mut self) {
        self.machine.save_queue(&mut JsHost(&self.driver));
    }

    /// Request `id` was answered with `status` (0: no answer).
    pub fn answered(&mut self, id: u32, status: u16) {
        self.machine.answered(id, status, &mut JsHost(&self.driver));
    }

    /// `pagehide` / `visibilitychange: hidden`.
    pub fn pagehide(&mut self) {
        self.machine.pagehide(&mut JsHost(&self.driver));
    }

    /// The `online` event.
    pub fn online(&mut self) {
        self.machine.online(&mut JsHost(&self.driver));
    }

    /// The `storage` event: another tab set `key` to `value`.
    pub fn storage(&mut self, key: &str, value: &str) {
        self.machine.storage_changed(key, value, &mut JsHost(&self.driver));
    }

    /// `reset()`.
    pub fn reset(&mut self) {
        self.machine.reset(&mut JsHost(&self.driver));
    }

    /// `destroy()`.
    pub fn destroy(&mut self) {
        self.machine.destroy(&mut JsHost(&self.driver));
    }

    /// True after `destroy()` or a hand-over.
    #[wasm_bindgen(js_name = isDestroyed)]
    pub fn is_destroyed(&self) -> bool {
        self.machine.destroyed
    }
}
