//! The tracker's state in the page, and the operations that change it.
//!
//! One `State` per `Tracker`, shared (`Rc<RefCell<…>>`) between the JS object, the
//! timer and the event listeners. Every access goes through [`with`], which borrows with
//! `try_borrow_mut` (a re-entrant call is skipped, never a panic). The page's own code
//! (`onDrop`, `beforeSend`) is only ever called after the borrow has ended.

use super::log::Log;
use super::store::Store;
use crate::track::consent::{self, Consent};
use crate::track::message::{self, Attrs, Context, Identity, Message, Page};
use crate::track::queue::{Queue, Sent};
use crate::track::session::Session;
use crate::track::url::Utm;
use crate::track::{uuid, MAX_QUEUE};
use crate::wasm::platform;
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
    /// `fetch` option (else the global `fetch` at each send).
    pub fetch: Option<Function>,
    /// `beforeSend(message)`.
    pub before_send: Option<Function>,
    /// Where `debug`, `dryRun` and warnings go.
    pub log: Log,
    /// `dryRun`: batches are built and logged, never sent.
    pub dry_run: bool,
    /// `requireConsent`.
    pub require_consent: bool,
    /// `respectPrivacySignals`.
    pub respect_signals: bool,
    /// `sessionTimeoutMs`.
    pub session_timeout_ms: u64,
    /// `storage: "localStorage"` (the default).
    pub persistent: bool,
}

/// Storage keys, one set per channel.
struct Keys {
    anonymous_id: String,
    external_id: String,
    queue: String,
    session: String,
    consent: String,
    /// Where earlier versions kept the session's utm (`sessionStorage`): only ever removed.
    legacy_utm: String,
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
        Keys {
            anonymous_id: key("anonymousId"),
            external_id: key("externalId"),
            queue: key("queue"),
            session: key("session"),
            consent: key("consent"),
            legacy_utm: key("utm"),
        }
    }
}

/// The tracker in the page.
pub(super) struct State {
    /// The options.
    pub cfg: Config,
    keys: Keys,
    /// `localStorage`, or memory (the `memory` option, blocked storage, consent not granted).
    local: Store,
    /// Who the visitor is.
    pub identity: Identity,
    /// The current session (its campaign is the `utm` of every message).
    pub session: Option<Session>,
    /// Whether anything may be stored or sent.
    pub consent: Consent,
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
    /// Drops not yet reported, why, whether a report is scheduled, and its callback: a
    /// burst of drops in one task is one `onDrop(count)`.
    pub drops: usize,
    pub drop_reason: &'static str,
    pub drop_scheduled: bool,
    pub report: JsValue,
    /// Listeners added to the page (target, event, callback), removed by `destroy()`.
    pub listeners: Vec<(JsValue, &'static str, JsValue)>,
    /// `history` methods replaced (name, original, wrapper), restored by `destroy()`.
    pub wrapped: Vec<(&'static str, JsValue, JsValue)>,
    /// After `destroy()` (or a hand-over to a newer tracker): nothing is recorded or sent.
    pub destroyed: bool,
}

impl State {
    /// Opens storage (only once consent is granted) and reads back identity, session and
    /// the queue. Returns the state and the number of stored messages dropped at the bound
    /// while reading.
    pub(super) fn load(cfg: Config) -> (State, usize) {
        let keys = Keys::new(&cfg.channel_id);
        let signal = cfg.respect_signals && platform::privacy_signal();
        // Reading writes nothing: the decision is looked up before storage is opened.
        let stored_consent = if cfg.persistent { Store::peek("localStorage", &keys.consent) } else { None };
        let consent = Consent::initial(cfg.require_consent, stored_consent.as_deref(), signal);
        let mut local = if cfg.persistent && consent == Consent::Granted { Store::open("localStorage") } else { Store::memory() };
        let anonymous_id = match local.get(&keys.anonymous_id).filter(|id| uuid::is_uuid(id)) {
            Some(id) => id,
            None => {
                let id = platform::uuid();
                local.set(&keys.anonymous_id, &id);
                id
            }
        };
        let external_id = local.get(&keys.external_id).filter(|x| message::check_id(x));
        let session = local.get(&keys.session).and_then(|t| platform::parse_json_text(&t)).and_then(|v| Session::from_json(&v));
        let stored = local.get(&keys.queue);
        let (queue, dropped) = match stored.as_deref().and_then(platform::parse_json_text) {
            Some(v) => Queue::from_json(&v, MAX_QUEUE),
            None => (Queue::new(MAX_QUEUE), 0),
        };
        let mut state = State {
            cfg,
            keys,
            local,
            identity: Identity { anonymous_id, external_id },
            session,
            consent,
            last_url: None,
            referrer: platform::str_prop(&platform::document(), "referrer"),
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
            drops: 0,
            drop_reason: "",
            drop_scheduled: false,
            report: JsValue::UNDEFINED,
            listeners: Vec::new(),
            wrapped: Vec::new(),
            destroyed: false,
        };
        if consent == Consent::Denied {
            // A privacy signal is a refusal: what an earlier visit stored goes too; a stored
            // refusal stays (it is the one thing remembered).
            state.purge(stored_consent.as_deref() == Some(consent::DENIED));
        }
        (state, dropped)
    }

    /// True when messages may leave (and be stored): consent granted, not destroyed.
    pub(super) fn may_send(&self) -> bool {
        self.consent == Consent::Granted && !self.destroyed
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
        if platform::schedule(&self.save, SAVE_DELAY_MS).is_undefined() {
            self.save_queue();
        }
    }

    /// Writes the queue (removes the key when it is empty) and the session to storage now.
    /// Returns how many messages the bound dropped meanwhile (for `onDrop`).
    ///
    /// Tabs of one site share the key: when storage holds something other than what this
    /// tab last wrote, another tab wrote it, and the messages it holds that this tab does
    /// not (and did not send) are taken in first, so no tab overwrites another's queue.
    /// When storage refuses (quota), the previous copy stays: at worst messages already
    /// sent are sent again after a reload, and the collector drops them by `message_id`.
    pub(super) fn save_queue(&mut self) -> usize {
        self.save_pending = false;
        if !self.local.persistent() || self.destroyed {
            return 0;
        }
        if let Some(session) = &self.session {
            self.local.set(&self.keys.session, &session.to_json());
        }
        let stored = self.local.get(&self.keys.queue);
        let mut dropped = 0;
        if stored != self.last_saved {
            if let Some(v) = stored.as_deref().and_then(platform::parse_json_text) {
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

    /// Another tab changed `key` to `value` (the `storage` event): a consent decision made
    /// there applies here too (a refusal stops this tab at once); a new identity is read.
    pub(super) fn storage_changed(&mut self, key: &str, value: &str) {
        if key == self.keys.consent {
            match value {
                consent::DENIED if self.consent != Consent::Denied => self.deny(),
                consent::GRANTED if self.consent == Consent::Pending => self.grant(),
                _ => {}
            }
        } else if key == self.keys.anonymous_id || key == self.keys.external_id {
            self.reload_identity();
        }
    }

    /// A new visitor: fresh anonymous id, no external id.
    pub(super) fn reset(&mut self) {
        self.identity = Identity { anonymous_id: platform::uuid(), external_id: None };
        self.save_identity();
    }

    /// Sets the external id (after `identify`).
    pub(super) fn set_external_id(&mut self, external_id: &str) {
        self.identity.external_id = Some(external_id.to_owned());
        self.save_identity();
    }

    /// Consent given: storage is opened, what was recorded in memory is written there
    /// (with the decision) and sent.
    pub(super) fn grant(&mut self) {
        if self.consent == Consent::Granted || self.destroyed {
            return;
        }
        self.consent = Consent::Granted;
        if self.cfg.persistent {
            self.local = Store::open("localStorage");
            self.local.set(&self.keys.consent, consent::GRANTED);
            self.save_identity();
            self.save_queue();
        }
        if !self.queue.is_empty() {
            self.schedule(0);
        }
    }

    /// Consent refused (or withdrawn): the buffer is dropped, sending stops, everything
    /// stored is deleted, and only the refusal is remembered.
    pub(super) fn deny(&mut self) {
        self.consent = Consent::Denied;
        self.purge(false);
        if self.cfg.persistent {
            let mut local = Store::open("localStorage");
            local.set(&self.keys.consent, consent::DENIED);
        }
    }

    /// Forgets everything: the queue, the ids, the session, in memory and in storage (and
    /// the consent marker unless `keep_refusal`).
    fn purge(&mut self, keep_refusal: bool) {
        self.queue.clear();
        self.cancel_timer();
        self.save_pending = false;
        self.last_saved = None;
        self.local = Store::memory();
        self.identity = Identity { anonymous_id: platform::uuid(), external_id: None };
        self.session = None;
        let k = &self.keys;
        let consent_key = if keep_refusal { "" } else { k.consent.as_str() };
        Store::erase("localStorage", &[&k.anonymous_id, &k.external_id, &k.queue, &k.session, consent_key]);
        Store::erase("sessionStorage", &[&k.legacy_utm]);
    }

    /// Builds a message with the current page, identity and session (`landing`: the
    /// `utm_*` of a page view's URL, which may start a new session). `None` when nothing
    /// may be recorded (refused, destroyed).
    pub(super) fn build(
        &mut self,
        page: Option<Page<'_>>,
        landing: Option<Utm>,
        make: &dyn Fn(&Context<'_>) -> Message,
    ) -> Option<Message> {
        if self.destroyed || self.consent == Consent::Denied {
            return None;
        }
        let now = platform::now_whole_ms();
        let session = Session::touch(self.session.take(), now, self.cfg.session_timeout_ms, landing);
        let url = platform::href();
        let title = platform::str_prop(&platform::document(), "title");
        let page = page.unwrap_or(Page { url: &url, title: &title, referrer: &self.referrer });
        let id = platform::uuid();
        let ctx = Context {
            channel_id: &self.cfg.channel_id,
            identity: &self.identity,
            page,
            utm: session.utm.as_ref(),
            ts: now,
            message_id: &id,
            session_id: session.id,
        };
        let m = make(&ctx);
        self.session = Some(session);
        Some(m)
    }

    /// Queues `m`, saves and schedules its sending. Returns how many old messages the
    /// bound dropped.
    pub(super) fn enqueue(&mut self, m: Message) -> usize {
        if self.destroyed || self.consent == Consent::Denied {
            return 0;
        }
        self.cfg.log.message(&m.json, self.consent);
        let dropped = self.queue.push(m);
        self.save_soon();
        self.after_push();
        dropped
    }

    /// A page view of the current page (with `url` / `title` / `referrer` overrides).
    /// The referrer is `document.referrer` for the first page view and the previous
    /// page view's URL after a history navigation. The URL's `utm_*`, if any, become the
    /// session's (a new campaign starts a new session).
    pub(super) fn page_view(
        &mut self,
        url: Option<String>,
        title: Option<String>,
        referrer: Option<String>,
        attrs: &Attrs,
    ) -> Option<Message> {
        let url = url.unwrap_or_else(platform::href);
        let title = title.unwrap_or_else(|| platform::str_prop(&platform::document(), "title"));
        let referrer = referrer.or_else(|| self.last_url.clone()).unwrap_or_else(|| self.referrer.clone());
        let landing = Utm::from_url(&url);
        let m = self.build(Some(Page { url: &url, title: &title, referrer: &referrer }), landing, &|ctx| message::page_view(ctx, attrs))?;
        self.referrer = referrer;
        self.last_url = Some(url);
        Some(m)
    }

    /// After a message was queued: send now when a batch is full, else within
    /// `flushIntervalMs`; nothing while a send loop runs (it takes the new message),
    /// while a retry is pending (its timer stands), while offline, or before consent.
    fn after_push(&mut self) {
        if self.draining || self.waiting_online || self.attempt > 0 || !self.may_send() {
            return;
        }
        let delay = if self.queue.len() >= self.cfg.batch_size { 0 } else { self.cfg.flush_interval_ms };
        self.schedule(delay);
    }

    /// Makes the send loop start within `delay_ms` (an earlier pending timer stands).
    pub(super) fn schedule(&mut self, delay_ms: u32) {
        let due = platform::now_whole_ms().saturating_add(u64::from(delay_ms));
        if !self.timer.is_undefined() {
            if self.timer_due <= due {
                return;
            }
            platform::unschedule(&self.timer);
        }
        self.timer = platform::schedule(&self.tick, delay_ms);
        self.timer_due = due;
    }

    /// Forgets the pending timer (it fired, or a send loop starts now).
    pub(super) fn cancel_timer(&mut self) {
        platform::unschedule(&self.timer);
        self.timer = JsValue::UNDEFINED;
    }
}

/// Records a message `built` under the borrow (`with(shared, |s| s.page_view(…))`):
/// `beforeSend` (if any) sees it now that the borrow has ended; then it is queued. Drops
/// are reported. One copy of this code serves every kind of message.
#[inline(never)]
pub(super) fn record(shared: &Shared, built: Option<Option<Message>>) {
    let Some(m) = built.flatten() else { return };
    let Some((hook, log)) = with(shared, |s| (s.cfg.before_send.clone(), s.cfg.log.clone())) else { return };
    let m = match hook {
        None => Some(m),
        Some(f) => {
            let out = before_send(&f, &m);
            if out.is_none() {
                log.debug(
                    "linkflow Tracker: beforeSend dropped a message (returned null, threw, or returned another shape)",
                    &JsValue::from_str(&m.id),
                );
            }
            out
        }
    };
    let dropped = match m {
        Some(m) => with(shared, |s| s.enqueue(m)).unwrap_or(0),
        None => 1,
    };
    report_drop(shared, dropped);
}

/// `beforeSend(copy)`: the message it returns, `None` when it returned `null`, threw, or
/// returned something that is not the same message (amended).
fn before_send(hook: &Function, m: &Message) -> Option<Message> {
    let (copy, original) = (platform::parse_json_text(&m.json)?, platform::parse_json_text(&m.json)?);
    let out = hook.call1(&JsValue::UNDEFINED, &copy).ok()?;
    message::from_hook(&out, &original, m.identity.clone())
}

/// Tells the page that `count` messages were dropped (the queue's bound, `beforeSend`).
/// Never called with the state borrowed.
pub(super) fn report_drop(shared: &Shared, count: usize) {
    report(shared, count, "linkflow Tracker: messages dropped (queue full, or beforeSend):");
}

/// Tells the page that the collector rejected `count` messages for good (a 4xx other
/// than 408 / 429).
pub(super) fn report_rejected(shared: &Shared, count: usize) {
    report(shared, count, "linkflow Tracker: collector rejected a batch, messages dropped:");
}

/// Adds `count` to the drops to report, and schedules the report (a microtask): all the
/// drops of one task make one `onDrop(count)` call (or one warning without `onDrop`).
fn report(shared: &Shared, count: usize, why: &'static str) {
    if count == 0 {
        return;
    }
    let schedule = with(shared, |s| {
        s.drops += count;
        s.drop_reason = why;
        !std::mem::replace(&mut s.drop_scheduled, true)
    });
    if schedule == Some(true) {
        let cb = with(shared, |s| s.report.clone()).unwrap_or(JsValue::UNDEFINED);
        if !platform::microtask(&cb) {
            flush_drops(shared);
        }
    }
}

/// Delivers the drops counted so far: `onDrop(count)`, or a warning.
pub(super) fn flush_drops(shared: &Shared) {
    let Some((count, why, on_drop, log)) = with(shared, |s| {
        s.drop_scheduled = false;
        (std::mem::take(&mut s.drops), s.drop_reason, s.cfg.on_drop.clone(), s.cfg.log.clone())
    }) else {
        return;
    };
    if count == 0 {
        return;
    }
    let n = JsValue::from_f64(count as f64);
    match on_drop {
        Some(f) => platform::call_user(&f, &n),
        None => log.warn(why, &n),
    }
}
