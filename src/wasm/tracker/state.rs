//! The tracker's state in the page, and the operations that change it.
//!
//! One `State` per `Tracker`, shared (`Rc<RefCell<…>>`) between the JS object, the
//! timer and the event listeners. Every access goes through [`with`], which borrows with
//! `try_borrow_mut` (a re-entrant call is skipped, never a panic). The page's own code
//! (`onDrop`) is only ever called after the borrow has ended.

use super::dom;
use super::store::Store;
use crate::track::message::{self, Attrs, Context, Identity, Message, Page};
use crate::track::queue::{Queue, Sent};
use crate::track::url::Utm;
use crate::track::{uuid, MAX_QUEUE};
use js_sys::Function;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Longest a recorded message waits in memory before the queue is saved to storage.
const SAVE_DELAY_MS: u32 = 250;

/// The state, shared by the JS object, timers and listeners.
pub(super) type Shared = Rc<RefCell<State>>;

/// Runs `f` on the state unless it is already borrowed (a re-entrant call from the page).
pub(super) fn with<R>(shared: &Shared, f: impl FnOnce(&mut State) -> R) -> Option<R> {
    shared.try_borrow_mut().ok().map(|mut s| f(&mut s))
}

/// What the options fixed.
pub(super) struct Config {
    /// The site's channel id.
    pub channel_id: String,
    /// `{collectUrl}/api/sdk/v2/batch_messages[?token=…]`.
    pub endpoint: String,
    /// `writeKey`, `""` when none.
    pub write_key: String,
    /// Messages per request.
    pub batch_size: usize,
    /// How long a message may wait before its batch is sent.
    pub flush_interval_ms: u32,
    /// `onDrop(count)`.
    pub on_drop: Option<Function>,
}

/// Storage keys, one set per channel.
struct Keys {
    anonymous_id: String,
    external_id: String,
    queue: String,
    utm: String,
}

impl Keys {
    fn new(channel_id: &str) -> Keys {
        let key = |what: &str| {
            let mut k = String::with_capacity(channel_id.len() + 24);
            k.push_str("linkflow:");
            k.push_str(channel_id);
            k.push(':');
            k.push_str(what);
            k
        };
        Keys { anonymous_id: key("anonymousId"), external_id: key("externalId"), queue: key("queue"), utm: key("utm") }
    }
}

/// The tracker in the page.
pub(super) struct State {
    /// The options.
    pub cfg: Config,
    keys: Keys,
    /// `localStorage` (or memory).
    local: Store,
    /// `sessionStorage` (or memory): the session's utm.
    session: Store,
    /// Who the visitor is.
    pub identity: Identity,
    /// The session's campaign parameters (from the landing URL).
    utm: Option<Utm>,
    /// The URL of the last page view (the referrer of the next history navigation).
    pub last_url: Option<String>,
    /// The referrer of the last page view (sent with later events on that page).
    referrer: String,
    /// Messages not yet accepted by the collector.
    pub queue: Queue,
    /// `resolve` of every `flush()` promise waiting for the running send loop.
    pub waiters: Vec<Function>,
    /// True from the start of a send loop to its end.
    pub draining: bool,
    /// Failed sends in a row (the backoff exponent).
    pub attempt: u32,
    /// Messages per batch after the collector answered 413 (halved each time); at most
    /// `cfg.batch_size`.
    pub batch_limit: usize,
    /// The pending flush timer (`undefined` when none) and when it fires.
    timer: JsValue,
    timer_due: u64,
    /// The timer callback (starts a send loop).
    pub tick: JsValue,
    /// `keepalive` requests in flight (sent on `pagehide` / `visibilitychange`).
    pub keepalive_inflight: u32,
    /// Offline after a failure: the next try waits for the `online` event.
    pub waiting_online: bool,
    /// An automatic page view check is scheduled (history navigation).
    pub auto_pending: bool,
    /// A save of the queue is scheduled, and the callback that does it.
    save_pending: bool,
    /// The save callback (set by `install`).
    pub save: JsValue,
    /// The queue text this tab last wrote (or found) in storage: when storage holds
    /// something else, another tab wrote it, and its messages are taken in before writing.
    last_saved: Option<String>,
    /// Ids the collector accepted from this tab (not to be taken in again from storage).
    pub sent: Sent,
}

impl State {
    /// Opens storage and reads back identity, utm and the queue. Returns the state and the
    /// number of stored messages dropped at the bound while reading.
    pub(super) fn load(cfg: Config, persistent: bool) -> (State, usize) {
        let keys = Keys::new(&cfg.channel_id);
        let (mut local, session) =
            if persistent { (Store::open("localStorage"), Store::open("sessionStorage")) } else { (Store::memory(), Store::memory()) };
        let anonymous_id = match local.get(&keys.anonymous_id).filter(|id| uuid::is_uuid(id)) {
            Some(id) => id,
            None => {
                let id = dom::uuid();
                local.set(&keys.anonymous_id, &id);
                id
            }
        };
        let external_id = local.get(&keys.external_id).filter(|x| message::check_id(x));
        let utm = session.get(&keys.utm).and_then(|t| dom::json_parse(&t)).and_then(|v| Utm::from_json(&v));
        let stored = local.get(&keys.queue);
        let (queue, dropped) = match stored.as_deref().and_then(dom::json_parse) {
            Some(v) => Queue::from_json(&v, MAX_QUEUE),
            None => (Queue::new(MAX_QUEUE), 0),
        };
        let state = State {
            cfg,
            keys,
            local,
            session,
            identity: Identity { anonymous_id, external_id },
            utm,
            last_url: None,
            referrer: dom::str_prop(&dom::document(), "referrer"),
            queue,
            waiters: Vec::new(),
            draining: false,
            attempt: 0,
            batch_limit: usize::MAX,
            timer: JsValue::UNDEFINED,
            timer_due: 0,
            tick: JsValue::UNDEFINED,
            keepalive_inflight: 0,
            waiting_online: false,
            auto_pending: false,
            save_pending: false,
            save: JsValue::UNDEFINED,
            last_saved: stored,
            sent: Sent::default(),
        };
        (state, dropped)
    }

    /// Saves the queue within [`SAVE_DELAY_MS`]: messages recorded meanwhile share one
    /// write (a save rewrites the whole queue, so saving per message made a page that
    /// tracks often pay for its queue over and over). `pagehide` / `visibilitychange:
    /// hidden` save at once, so leaving or reloading the page loses nothing; only a crash
    /// of the tab inside the delay can lose what was recorded in it.
    pub(super) fn save_soon(&mut self) {
        if self.save_pending || !self.local.persistent() {
            return;
        }
        self.save_pending = true;
        if dom::set_timeout(&self.save, SAVE_DELAY_MS).is_undefined() {
            self.save_queue();
        }
    }

    /// Writes the queue to storage now (removes the key when it is empty). Returns how
    /// many messages the bound dropped meanwhile (for `onDrop`).
    ///
    /// Tabs of one site share the key: when storage holds something other than what this
    /// tab last wrote, another tab wrote it, and the messages it holds that this tab does
    /// not (and did not send) are taken in first, so no tab overwrites another's queue.
    /// When storage refuses (quota), the previous copy stays: at worst messages already
    /// sent are sent again after a reload, and the collector drops them by `message_id`.
    pub(super) fn save_queue(&mut self) -> usize {
        self.save_pending = false;
        if !self.local.persistent() {
            return 0;
        }
        let stored = self.local.get(&self.keys.queue);
        let mut dropped = 0;
        if stored != self.last_saved {
            if let Some(v) = stored.as_deref().and_then(dom::json_parse) {
                let (other, _) = Queue::from_json(&v, MAX_QUEUE);
                let (adopted, d) = self.queue.adopt(&other, &self.sent);
                dropped = d;
                if adopted > 0 {
                    self.after_push();
                }
            }
        }
        if self.queue.is_empty() {
            self.local.remove(&self.keys.queue);
            self.last_saved = None;
        } else {
            let text = self.queue.to_json();
            self.last_saved = if self.local.try_set(&self.keys.queue, &text) { Some(text) } else { stored };
        }
        dropped
    }

    fn save_identity(&mut self) {
        self.local.set(&self.keys.anonymous_id, &self.identity.anonymous_id);
        match &self.identity.external_id {
            Some(x) => self.local.set(&self.keys.external_id, x),
            None => self.local.remove(&self.keys.external_id),
        }
    }

    /// Re-reads the identity another tab may have changed (the `storage` event).
    pub(super) fn reload_identity(&mut self) {
        if let Some(id) = self.local.get(&self.keys.anonymous_id).filter(|id| uuid::is_uuid(id)) {
            self.identity.anonymous_id = id;
        }
        self.identity.external_id = self.local.get(&self.keys.external_id).filter(|x| message::check_id(x));
    }

    /// True when `key` is one of the identity keys in `localStorage`.
    pub(super) fn is_identity_key(&self, key: &str) -> bool {
        key == self.keys.anonymous_id || key == self.keys.external_id
    }

    /// A new visitor: fresh anonymous id, no external id.
    pub(super) fn reset(&mut self) {
        self.identity = Identity { anonymous_id: dom::uuid(), external_id: None };
        self.save_identity();
    }

    /// Sets the external id (after `identify`).
    pub(super) fn set_external_id(&mut self, external_id: &str) {
        self.identity.external_id = Some(external_id.to_owned());
        self.save_identity();
    }

    /// Builds a message with the current page and identity, queues and saves it, and
    /// schedules its sending. Returns how many old messages the bound dropped.
    pub(super) fn record(&mut self, page: Option<Page<'_>>, build: impl FnOnce(&Context<'_>) -> Message) -> usize {
        let url = dom::href();
        let title = dom::str_prop(&dom::document(), "title");
        let page = page.unwrap_or(Page { url: &url, title: &title, referrer: &self.referrer });
        let id = dom::uuid();
        let ctx = Context {
            channel_id: &self.cfg.channel_id,
            identity: &self.identity,
            page,
            utm: self.utm.as_ref(),
            ts: dom::now_ms(),
            message_id: &id,
        };
        let m = build(&ctx);
        let dropped = self.queue.push(m);
        self.save_soon();
        self.after_push();
        dropped
    }

    /// A page view of the current page (with `url` / `title` / `referrer` overrides).
    /// The referrer is `document.referrer` for the first page view and the previous
    /// page view's URL after a history navigation. The URL's `utm_*`, if any, become the
    /// session's.
    pub(super) fn page_view(&mut self, url: Option<String>, title: Option<String>, referrer: Option<String>, attrs: &Attrs) -> usize {
        let url = url.unwrap_or_else(dom::href);
        let title = title.unwrap_or_else(|| dom::str_prop(&dom::document(), "title"));
        let referrer = referrer.or_else(|| self.last_url.clone()).unwrap_or_else(|| self.referrer.clone());
        if let Some(utm) = Utm::from_url(&url) {
            self.session.set(&self.keys.utm, &utm.to_json());
            self.utm = Some(utm);
        }
        let dropped = self.record(Some(Page { url: &url, title: &title, referrer: &referrer }), |ctx| message::page_view(ctx, attrs));
        self.referrer = referrer;
        self.last_url = Some(url);
        dropped
    }

    /// After a message was queued: send now when a batch is full, else within
    /// `flushIntervalMs`; nothing while a send loop runs (it takes the new message),
    /// while a retry is pending (its timer stands) or while offline.
    fn after_push(&mut self) {
        if self.draining || self.waiting_online || self.attempt > 0 {
            return;
        }
        let delay = if self.queue.len() >= self.cfg.batch_size { 0 } else { self.cfg.flush_interval_ms };
        self.schedule(delay);
    }

    /// Makes the send loop start within `delay_ms` (an earlier pending timer stands).
    pub(super) fn schedule(&mut self, delay_ms: u32) {
        let due = dom::now_ms().saturating_add(u64::from(delay_ms));
        if !self.timer.is_undefined() {
            if self.timer_due <= due {
                return;
            }
            dom::clear_timeout(&self.timer);
        }
        self.timer = dom::set_timeout(&self.tick, delay_ms);
        self.timer_due = due;
    }

    /// Forgets the pending timer (it fired, or a send loop starts now).
    pub(super) fn cancel_timer(&mut self) {
        dom::clear_timeout(&self.timer);
        self.timer = JsValue::UNDEFINED;
    }
}

/// Tells the page that `count` messages were dropped at the bound: `onDrop(count)`, or
/// `console.warn` when there is no callback. Never called with the state borrowed.
pub(super) fn report_drop(shared: &Shared, count: usize) {
    report(shared, count, "linkflow Tracker: queue full, oldest messages dropped:");
}

/// Tells the page that the collector rejected `count` messages for good (a 4xx other
/// than 408 / 429): through `onDrop(count)`, or a console warning when there is none.
pub(super) fn report_rejected(shared: &Shared, count: usize) {
    report(shared, count, "linkflow Tracker: collector rejected a batch, messages dropped:");
}

fn report(shared: &Shared, count: usize, warning: &str) {
    if count == 0 {
        return;
    }
    let n = JsValue::from_f64(count as f64);
    match with(shared, |s| s.cfg.on_drop.clone()).flatten() {
        Some(f) => dom::call_user(&f, &n),
        None => dom::warn(warning, &n),
    }
}
