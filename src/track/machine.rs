//! The tracker's policy as one synchronous state machine: what is recorded, stored, sent and
//! retried, consent, sessions, the hand-over between two trackers of a channel. It touches
//! the page only through [`Host`]; the send loop is in [`super::sending`].
//!
//! The browser driver calls in when the page asks (`track`, `setConsent`, …), when a timer
//! fires ([`Machine::tick`], [`Machine::save_queue`]), when the page is hidden
//! ([`Machine::pagehide`]), back online, or another tab changed storage, and when a request
//! is answered ([`Machine::answered`]). Nothing here panics.

use super::consent::{self, Consent};
use super::host::Host;
use super::message::{self, Attrs, Context, Identity, Message, Page};
use super::queue::{Queue, Sent};
use super::session::{Session, DEFAULT_SESSION_TIMEOUT_MS};
use super::url::{self, Utm};
use super::{uuid, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL_MS, MAX_QUEUE};
use crate::json::Json;

/// Longest a recorded message waits in memory before the queue is saved to storage.
pub const SAVE_DELAY_MS: u32 = 250;

/// Why messages were dropped (the warning when there is no `onDrop`).
pub const DROPPED: &str = "linkflow Tracker: messages dropped (queue full, or beforeSend):";
/// Why a batch was dropped: the collector rejected it for good.
pub const REJECTED: &str = "linkflow Tracker: collector rejected a batch, messages dropped:";

/// The options that are numbers or the collector's address, as the page gave them
/// (`None`: absent); [`Config::new`] checks them and fills in the defaults.
#[derive(Default)]
pub struct Options<'a> {
    /// `channelId`.
    pub channel_id: Option<&'a str>,
    /// `writeKey` (default: the channel id).
    pub write_key: Option<&'a str>,
    /// `collectUrl`.
    pub collect_url: Option<&'a str>,
    /// `flushIntervalMs`.
    pub flush_interval_ms: Option<f64>,
    /// `batchSize`.
    pub batch_size: Option<f64>,
    /// `sessionTimeoutMs`.
    pub session_timeout_ms: Option<f64>,
    /// `storage: "localStorage"` (the default) rather than `"memory"`.
    pub persistent: bool,
    /// `requireConsent`.
    pub require_consent: bool,
    /// `dryRun`: batches are built and logged, never sent.
    pub dry_run: bool,
}

/// What the options fixed.
#[derive(Clone)]
pub struct Config {
    /// The site's channel id.
    pub channel_id: String,
    /// `{collectUrl}/api/sdk/v2/batch_messages?token=…`.
    pub endpoint: String,
    /// `writeKey`.
    pub write_key: String,
    /// Messages per request.
    pub batch_size: usize,
    /// How long a message may wait before its batch is sent.
    pub flush_interval_ms: u32,
    /// Idle time that ends a session.
    pub session_timeout_ms: u64,
    /// `storage: "localStorage"`.
    pub persistent: bool,
    /// `requireConsent`.
    pub require_consent: bool,
    /// `dryRun`: the host logs batches instead of posting them (nothing on `pagehide`).
    pub dry_run: bool,
}

/// A number option within `min..=max`, `default` when absent.
fn number(value: Option<f64>, default: u32, min: f64, max: f64, error: &'static str) -> Result<u32, &'static str> {
    match value {
        None => Ok(default),
        Some(n) if n.is_finite() && n >= min && n <= max => Ok(n as u32),
        Some(_) => Err(error),
    }
}

impl Config {
    /// Checks the options; the error is the `validation` message (whole: a static text, no
    /// prefix joined at run time).
    pub fn new(o: &Options<'_>) -> Result<Config, &'static str> {
        let channel_id = o.channel_id.filter(|c| message::check_id(c)).ok_or("Tracker: channelId must be a non-empty string")?;
        // The collector wants a write key and, without a channel elsewhere, takes the key for
        // the channel: the channel id is the natural default.
        let write_key = o.write_key.unwrap_or(channel_id);
        let collect_url = o.collect_url.ok_or("Tracker: collectUrl must be a string")?;
        let endpoint = url::endpoint(collect_url, Some(write_key))?;
        const DAY_MS: f64 = 86_400_000.0;
        let flush_interval_ms =
            number(o.flush_interval_ms, DEFAULT_FLUSH_INTERVAL_MS, 0.0, DAY_MS, "Tracker: flushIntervalMs is out of range")?;
        let batch_size = number(o.batch_size, DEFAULT_BATCH_SIZE as u32, 1.0, MAX_QUEUE as f64, "Tracker: batchSize is out of range")?;
        let session_timeout_ms =
            number(o.session_timeout_ms, DEFAULT_SESSION_TIMEOUT_MS as u32, 1.0, DAY_MS, "Tracker: sessionTimeoutMs is out of range")?;
        Ok(Config {
            channel_id: channel_id.to_owned(),
            endpoint,
            write_key: write_key.to_owned(),
            batch_size: batch_size as usize,
            flush_interval_ms,
            session_timeout_ms: u64::from(session_timeout_ms),
            persistent: o.persistent,
            require_consent: o.require_consent,
            dry_run: o.dry_run,
        })
    }
}

/// Storage keys, one set per channel.
pub(super) struct Keys {
    pub anonymous_id: String,
    pub external_id: String,
    pub queue: String,
    pub session: String,
    pub consent: String,
    /// Where earlier versions kept the session's utm (`sessionStorage`): only ever removed.
    pub legacy_utm: String,
}

impl Keys {
    fn new(channel_id: &str) -> Keys {
        let key = |what: &str| crate::encode::concat(&["linkflow:", channel_id, ":", what]);
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

/// A request in flight: its messages, and whether it is a `keepalive` one.
pub(super) struct InFlight {
    pub id: u32,
    pub ids: Vec<String>,
    pub keepalive: bool,
}

/// One tracker's state.
pub struct Machine {
    /// The options.
    pub cfg: Config,
    pub(super) keys: Keys,
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
    /// True from the start of a send loop to its end.
    pub(super) draining: bool,
    /// Failed sends in a row (the backoff exponent).
    pub(super) attempt: u32,
    /// Messages per batch after the collector answered 413 (halved each time).
    pub(super) batch_limit: usize,
    /// When the pending flush timer fires (`None`: no timer).
    pub(super) timer_due: Option<u64>,
    /// Requests in flight.
    pub(super) in_flight: Vec<InFlight>,
    /// The id of the next request.
    pub(super) next_request: u32,
    /// Offline after a failure: the next try waits for the `online` event.
    pub(super) waiting_online: bool,
    /// A save of the queue is scheduled.
    save_pending: bool,
    /// The queue text this tab last wrote (or found) in storage: when storage holds
    /// something else, another tab wrote it, and its messages are taken in before writing.
    last_saved: Option<String>,
    /// Ids the collector accepted from this tab (not to be taken in again from storage).
    pub(super) sent: Sent,
    /// After `destroy()` (or a hand-over to a newer tracker): nothing is recorded or sent.
    pub destroyed: bool,
}

impl Machine {
    /// Reads back identity, session and queue (storage is opened only once consent is
    /// granted; `privacy_signal`: a respected GPC / DNT). Stored messages dropped at the
    /// bound are reported.
    pub fn new<H: Host>(cfg: Config, privacy_signal: bool, referrer: String, host: &mut H) -> Machine {
        let keys = Keys::new(&cfg.channel_id);
        // Reading writes nothing: the decision is looked up before storage is opened.
        let stored_consent = if cfg.persistent { host.peek(&keys.consent) } else { None };
        let consent = Consent::initial(cfg.require_consent, stored_consent.as_deref(), privacy_signal);
        host.open_store(cfg.persistent && consent == Consent::Granted);
        let anonymous_id = match host.get(&keys.anonymous_id).filter(|id| uuid::is_uuid(id)) {
            Some(id) => id,
            None => {
                let id = host.uuid();
                host.set(&keys.anonymous_id, &id);
                id
            }
        };
        let external_id = host.get(&keys.external_id).filter(|x| message::check_id(x));
        let session = host.get(&keys.session).and_then(|t| host.parse(&t)).and_then(|v| Session::from_json(&v));
        let stored = host.get(&keys.queue);
        let (queue, dropped) = match stored.as_deref().and_then(|t| host.parse(t)) {
            Some(v) => Queue::from_json(&v, MAX_QUEUE),
            None => (Queue::new(MAX_QUEUE), 0),
        };
        let mut m = Machine {
            cfg,
            keys,
            identity: Identity { anonymous_id, external_id },
            session,
            consent,
            last_url: None,
            referrer,
            queue,
            draining: false,
            attempt: 0,
            batch_limit: usize::MAX,
            timer_due: None,
            in_flight: Vec::new(),
            next_request: 0,
            waiting_online: false,
            save_pending: false,
            last_saved: stored,
            sent: Sent::default(),
            destroyed: false,
        };
        if consent == Consent::Denied {
            // A privacy signal is a refusal: what an earlier visit stored goes too; a stored
            // refusal stays (it is the one thing remembered).
            m.purge(stored_consent.as_deref() == Some(consent::DENIED), host);
        }
        report(host, dropped, DROPPED);
        m
    }

    /// The start of the page's life (after a possible hand-over): a queue left by an
    /// earlier visit is sent now.
    pub fn start<H: Host>(&mut self, host: &mut H) {
        if !self.queue.is_empty() && self.may_send() {
            self.schedule(0, host);
        }
    }

    /// True when messages may leave (and be stored): consent granted, not destroyed.
    pub fn may_send(&self) -> bool {
        self.consent == Consent::Granted && !self.destroyed
    }

    /// Takes the place of `old`, the earlier tracker of the same channel on the page: it
    /// stops for good, and its queue moves here (only under the same consent: messages
    /// recorded while pending never leave through a tracker made without
    /// `requireConsent`). Returns the URL of its last page view.
    pub fn take_over(&mut self, old: &mut Machine) -> Option<String> {
        old.destroyed = true;
        old.timer_due = None;
        let queue = std::mem::take(&mut old.queue);
        if self.consent == old.consent {
            self.queue.adopt(&queue, &self.sent);
        }
        old.last_url.take()
    }

    /// Saves the queue within [`SAVE_DELAY_MS`]: messages recorded meanwhile share one
    /// write (a save rewrites the whole queue). `pagehide` saves at once, so leaving or
    /// reloading the page loses nothing; only a crash inside the delay can.
    pub(super) fn save_soon<H: Host>(&mut self, host: &mut H) {
        if self.save_pending || !host.persistent() {
            return;
        }
        self.save_pending = true;
        host.schedule_save(SAVE_DELAY_MS);
    }

    /// Writes the queue (removes the key when it is empty) and the session to storage now.
    ///
    /// Tabs of one site share the key: when storage holds something other than what this
    /// tab last wrote, another tab wrote it, and the messages it holds that this tab does
    /// not (and did not send) are taken in first, so no tab overwrites another's queue.
    /// When storage refuses (quota), the previous copy stays: at worst messages already
    /// sent are sent again after a reload, and the collector drops them by `message_id`.
    pub fn save_queue<H: Host>(&mut self, host: &mut H) {
        self.save_pending = false;
        if !host.persistent() || self.destroyed {
            return;
        }
        if let Some(session) = &self.session {
            host.set(&self.keys.session, &session.to_json());
        }
        let stored = host.get(&self.keys.queue);
        if stored != self.last_saved {
            if let Some(v) = stored.as_deref().and_then(|t| host.parse(t)) {
                let (other, _) = Queue::from_json(&v, MAX_QUEUE);
                let (adopted, dropped) = self.queue.adopt(&other, &self.sent);
                report(host, dropped, DROPPED);
                if adopted > 0 {
                    self.after_push(host);
                }
            }
        }
        if self.queue.is_empty() {
            host.remove(&self.keys.queue);
            self.last_saved = None;
        } else {
            let text = self.queue.to_json();
            self.last_saved = if host.try_set(&self.keys.queue, &text) { Some(text) } else { stored };
        }
    }

    fn save_identity<H: Host>(&mut self, host: &mut H) {
        host.set(&self.keys.anonymous_id, &self.identity.anonymous_id);
        match &self.identity.external_id {
            Some(x) => host.set(&self.keys.external_id, x),
            None => host.remove(&self.keys.external_id),
        }
    }

    /// Another tab changed `key` to `value` (the `storage` event): a consent decision made
    /// there applies here too (a refusal stops this tab at once); a new identity is read.
    pub fn storage_changed<H: Host>(&mut self, key: &str, value: &str, host: &mut H) {
        if key == self.keys.consent {
            match value {
                consent::DENIED if self.consent != Consent::Denied => self.deny(host),
                consent::GRANTED if self.consent == Consent::Pending => self.grant(host),
                _ => {}
            }
        } else if key == self.keys.anonymous_id || key == self.keys.external_id {
            if let Some(id) = host.get(&self.keys.anonymous_id).filter(|id| uuid::is_uuid(id)) {
                self.identity.anonymous_id = id;
            }
            self.identity.external_id = host.get(&self.keys.external_id).filter(|x| message::check_id(x));
        }
    }

    /// Logout: a fresh anonymous id, no external id.
    pub fn reset<H: Host>(&mut self, host: &mut H) {
        self.identity = Identity { anonymous_id: host.uuid(), external_id: None };
        self.save_identity(host);
    }

    /// `setConsent(true)`: storage is opened, what was recorded in memory is written there
    /// (with the decision) and sent.
    pub fn grant<H: Host>(&mut self, host: &mut H) {
        if self.consent == Consent::Granted || self.destroyed {
            return;
        }
        self.consent = Consent::Granted;
        if self.cfg.persistent {
            host.open_store(true);
            host.set(&self.keys.consent, consent::GRANTED);
            self.save_identity(host);
            self.save_queue(host);
        }
        if !self.queue.is_empty() {
            self.schedule(0, host);
        }
    }

    /// `setConsent(false)`, at any time: the buffer is dropped, sending stops, everything
    /// stored is deleted, and only the refusal is remembered.
    pub fn deny<H: Host>(&mut self, host: &mut H) {
        self.consent = Consent::Denied;
        self.purge(false, host);
        if self.cfg.persistent {
            host.poke(&self.keys.consent, consent::DENIED);
        }
    }

    /// Forgets everything: the queue, the ids, the session, in memory and in storage (and
    /// the consent marker unless `keep_refusal`).
    fn purge<H: Host>(&mut self, keep_refusal: bool, host: &mut H) {
        self.queue.clear();
        self.cancel_timer(host);
        self.save_pending = false;
        self.last_saved = None;
        host.open_store(false);
        self.identity = Identity { anonymous_id: host.uuid(), external_id: None };
        self.session = None;
        let k = &self.keys;
        for key in [&k.anonymous_id, &k.external_id, &k.queue, &k.session] {
            host.erase(key, false);
        }
        if !keep_refusal {
            host.erase(&k.consent, false);
        }
        host.erase(&k.legacy_utm, true);
    }

    /// Builds a message with the current page (or `page`), identity and session
    /// (`landing`: the `utm_*` of a page view's URL, which may start a new session). `None`
    /// when nothing may be recorded (refused, destroyed).
    fn build<H: Host>(
        &mut self,
        page: Option<Page<'_>>,
        landing: Option<Utm>,
        host: &mut H,
        make: &dyn Fn(&Context<'_>) -> Message,
    ) -> Option<Message> {
        if self.destroyed || self.consent == Consent::Denied {
            return None;
        }
        let now = host.now_ms();
        let session = Session::touch(self.session.take(), now, self.cfg.session_timeout_ms, landing);
        let (url, title) = if page.is_none() { (host.href(), host.title()) } else { (String::new(), String::new()) };
        let page = page.unwrap_or(Page { url: &url, title: &title, referrer: &self.referrer });
        let id = host.uuid();
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

    /// A custom event (checked by the caller).
    pub fn track<H: Host>(&mut self, event: &str, attrs: &Attrs, host: &mut H) -> Option<Message> {
        self.build(None, None, host, &|ctx| message::track(ctx, event, attrs))
    }

    /// A page view of the current page (with `url` / `title` / `referrer` overrides).
    /// The referrer is `document.referrer` for the first page view and the previous page
    /// view's URL after a history navigation. The URL's `utm_*`, if any, become the
    /// session's (a new campaign starts a new session).
    pub fn page_view<H: Host>(
        &mut self,
        url: Option<String>,
        title: Option<String>,
        referrer: Option<String>,
        attrs: &Attrs,
        host: &mut H,
    ) -> Option<Message> {
        let url = url.unwrap_or_else(|| host.href());
        let title = title.unwrap_or_else(|| host.title());
        let referrer = referrer.or_else(|| self.last_url.clone()).unwrap_or_else(|| self.referrer.clone());
        let landing = Utm::from_url(&url);
        let page = Page { url: &url, title: &title, referrer: &referrer };
        let m = self.build(Some(page), landing, host, &|ctx| message::page_view(ctx, attrs))?;
        self.referrer = referrer;
        self.last_url = Some(url);
        Some(m)
    }

    /// The automatic page view after a history navigation: one when the URL changed.
    pub fn navigated<H: Host>(&mut self, host: &mut H) -> Option<Message> {
        let href = host.href();
        if self.destroyed || self.last_url.as_deref() == Some(href.as_str()) {
            return None;
        }
        self.page_view(Some(href), None, None, &Attrs::new(), host)
    }

    /// `identify(externalId, traits)`: a different external id than the current one
    /// starts a new anonymous id first, so two people never share one.
    pub fn identify<J: Json, H: Host>(&mut self, external_id: &str, traits: Option<&J>, host: &mut H) -> Option<Message> {
        if self.identity.external_id.as_deref().is_some_and(|x| x != external_id) {
            self.reset(host);
        }
        let m = self.build(None, None, host, &|ctx| message::identify(ctx, external_id, traits))?;
        self.identity.external_id = Some(external_id.to_owned());
        self.save_identity(host);
        Some(m)
    }

    /// Queues `m` (after `beforeSend`, if any), saves and schedules its sending.
    pub fn enqueue<H: Host>(&mut self, m: Message, host: &mut H) {
        if self.destroyed || self.consent == Consent::Denied {
            return;
        }
        host.recorded(&m.json, self.consent == Consent::Pending);
        let dropped = self.queue.push(m);
        self.save_soon(host);
        self.after_push(host);
        report(host, dropped, DROPPED);
    }

    /// `beforeSend` dropped the message `id` (returned `null`, threw, or changed its shape).
    pub fn hook_dropped<H: Host>(&mut self, id: &str, host: &mut H) {
        host.debug("linkflow Tracker: beforeSend dropped a message (returned null, threw, or returned another shape)", id);
        report(host, 1, DROPPED);
    }

    /// After a message was queued: send now when a batch is full, else within
    /// `flushIntervalMs`; nothing while a send loop runs (it takes the new message), while a
    /// retry is pending (its timer stands), while offline, or before consent.
    pub(super) fn after_push<H: Host>(&mut self, host: &mut H) {
        if self.draining || self.waiting_online || self.attempt > 0 || !self.may_send() {
            return;
        }
        let delay = if self.queue.len() >= self.cfg.batch_size { 0 } else { self.cfg.flush_interval_ms };
        self.schedule(delay, host);
    }

    /// Makes the send loop start within `delay_ms` (an earlier pending timer stands).
    pub(super) fn schedule<H: Host>(&mut self, delay_ms: u32, host: &mut H) {
        let due = host.now_ms().saturating_add(u64::from(delay_ms));
        if self.timer_due.is_some_and(|d| d <= due) {
            return;
        }
        host.schedule(delay_ms);
        self.timer_due = Some(due);
    }

    /// Forgets the pending timer (a send loop starts now, or everything stops).
    pub(super) fn cancel_timer<H: Host>(&mut self, host: &mut H) {
        if self.timer_due.take().is_some() {
            host.unschedule();
        }
    }

    /// `destroy()`: the queue saved and sent with keepalive; nothing recorded or sent
    /// afterwards. Idempotent.
    pub fn destroy<H: Host>(&mut self, host: &mut H) {
        if self.destroyed {
            return;
        }
        self.cancel_timer(host);
        self.pagehide(host);
        self.destroyed = true;
        host.drained();
    }
}

/// Reports `count` drops (none: nothing).
pub(super) fn report<H: Host>(host: &mut H, count: usize, why: &'static str) {
    if count > 0 {
        host.dropped(count, why);
    }
}
