//! The tracker's shipped state machine (`track::machine`) driven through a long, hostile
//! session: random failures, lost answers (keepalive requests that outlive the page),
//! reloads (the machine rebuilt from what it stored), identify and reset, oversized
//! messages, permanent rejections, offline periods. A fake collector keeps the first copy of
//! every `message_id`, like the real one.
//!
//! What must hold: every message that was not dropped at the bound is stored exactly once,
//! under the identity it was recorded with; every batch carries one identity; every body is
//! valid JSON and within the byte cap (but for a lone oversized message on the regular path);
//! the drop count is exact.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "tracker")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::HashMap;

use linkflow_sdk::json::Json;
use serde_json::Value;

/// Parses JSON text natively.
fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}
use linkflow_sdk::track::host::Host;
use linkflow_sdk::track::machine::{Config, Machine, Options};
use linkflow_sdk::track::message::{self, Attrs, Context, Identity, Page};
use linkflow_sdk::track::queue::Queue;
use linkflow_sdk::track::{uuid, MAX_BODY_BYTES};

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        for (i, x) in b.iter_mut().enumerate() {
            *x = (self.next() >> (i % 8 * 8)) as u8;
        }
        uuid::v4(b)
    }
}

/// The collector: first copy of each message id wins.
#[derive(Default)]
struct Collector {
    stored: HashMap<String, (String, Option<String>)>,
    duplicates: usize,
    batches: usize,
}

impl Collector {
    /// Takes a body; checks its shape. Returns the message ids it held.
    fn take(&mut self, body: &str) -> Vec<String> {
        let v = parse(body).expect("batch body is JSON");
        let v = &v;
        self.batches += 1;
        let ids = v.get("identities").unwrap();
        let anon = ids.at(0).unwrap().get("id").unwrap().as_str().unwrap().to_owned();
        assert_eq!(ids.at(0).unwrap().get("type").unwrap().as_str(), Some("anonymousId"));
        let ext = ids.at(1).map(|x| {
            assert_eq!(x.get("type").unwrap().as_str(), Some("externalId"));
            assert_eq!(x.get("channelId").unwrap().as_str(), Some("example.com"));
            x.get("id").unwrap().as_str().unwrap().to_owned()
        });
        assert!(ids.len() <= 2);
        assert_eq!(v.get("sdk_type").unwrap().as_str(), Some("JS SDK"));
        let msgs = v.get("messages").unwrap();
        assert!(msgs.len() > 0);
        let mut out = Vec::new();
        for i in 0..msgs.len() {
            let m = msgs.at(i).unwrap();
            let id = m.get("message_id").unwrap().as_str().unwrap().to_owned();
            if self.stored.contains_key(&id) {
                self.duplicates += 1;
            } else {
                self.stored.insert(id.clone(), (anon.clone(), ext.clone()));
            }
            out.push(id);
        }
        out
    }
}

/// The page, faked: a clock, storage that outlives "reloads", the pending timers and the
/// requests in flight.
struct FakePage {
    rng: Rng,
    now: u64,
    local: HashMap<String, String>,
    memory: HashMap<String, String>,
    persistent: bool,
    timer: Option<u64>,
    save_due: bool,
    posts: Vec<(u32, String, bool)>,
    dropped: usize,
    online: bool,
}

impl Host for FakePage {
    type Value = &'static Value;
    fn now_ms(&mut self) -> u64 {
        self.now
    }
    fn uuid(&mut self) -> String {
        self.rng.uuid()
    }
    fn random01(&mut self) -> f64 {
        (self.rng.below(1000) as f64) / 1000.0
    }
    fn href(&mut self) -> String {
        "https://example.com/?utm_source=x".into()
    }
    fn title(&mut self) -> String {
        "page".into()
    }
    fn online(&mut self) -> bool {
        self.online
    }
    fn parse(&mut self, text: &str) -> Option<&'static Value> {
        parse(text).ok().map(|v| &*Box::leak(Box::new(v)))
    }
    fn open_store(&mut self, persistent: bool) {
        self.persistent = persistent;
        self.memory.clear();
    }
    fn persistent(&mut self) -> bool {
        self.persistent
    }
    fn get(&mut self, key: &str) -> Option<String> {
        self.memory.get(key).cloned().or_else(|| if self.persistent { self.local.get(key).cloned() } else { None })
    }
    fn set(&mut self, key: &str, value: &str) {
        if !self.try_set(key, value) {
            self.memory.insert(key.into(), value.into());
        }
    }
    fn try_set(&mut self, key: &str, value: &str) -> bool {
        if self.persistent {
            self.local.insert(key.into(), value.into());
            self.memory.remove(key);
        }
        self.persistent
    }
    fn remove(&mut self, key: &str) {
        self.memory.remove(key);
        if self.persistent {
            self.local.remove(key);
        }
    }
    fn peek(&mut self, key: &str) -> Option<String> {
        self.local.get(key).cloned()
    }
    fn poke(&mut self, key: &str, value: &str) {
        self.local.insert(key.into(), value.into());
    }
    fn erase(&mut self, key: &str, _session: bool) {
        self.local.remove(key);
    }
    fn schedule(&mut self, delay_ms: u32) {
        self.timer = Some(self.now + u64::from(delay_ms));
    }
    fn unschedule(&mut self) {
        self.timer = None;
    }
    fn schedule_save(&mut self, _delay_ms: u32) {
        self.save_due = true;
    }
    fn post(&mut self, id: u32, url: &str, body: &str, keepalive: bool, count: usize) -> Option<u16> {
        assert!(url.ends_with("/api/sdk/v2/batch_messages?token=example.com"));
        assert!(body.len() <= MAX_BODY_BYTES || (count == 1 && !keepalive), "only a lone message may exceed the cap");
        self.posts.push((id, body.to_owned(), keepalive));
        None
    }
    fn drained(&mut self) {}
    fn dropped(&mut self, count: usize, _why: &'static str) {
        self.dropped += count;
    }
    fn recorded(&mut self, _json: &str, _pending: bool) {}
    fn debug(&mut self, _text: &'static str, _detail: &str) {}
    fn batch_outcome(&mut self, _text: &'static str, _count: usize, _status: u16) {}
}

fn config() -> Config {
    config_with(|_| {})
}

#[test]
fn a_hostile_session_delivers_every_message_exactly_once() {
    for seed in 1..=12u64 {
        run(seed);
    }
}

/// Drives the shipped state machine ([`Machine`]) through a long hostile session: records,
/// identify and logout, reloads (the machine rebuilt from storage, answers in flight lost),
/// `pagehide` keepalive batches, a collector that fails, loses answers and rejects for good.
fn run(seed: u64) {
    let mut page = fake_page(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut m = Machine::new(config(), false, String::new(), &mut page);
    m.start(&mut page);
    let mut collector = Collector::default();
    // Every message recorded: id → identity it was recorded under.
    let mut recorded: Vec<(String, Identity)> = Vec::new();
    let traits = parse(r#"{"email":"a@b.c"}"#).unwrap();

    for step in 0..3000 {
        page.now += page.rng.below(400);
        match page.rng.below(100) {
            // Record something.
            0..=49 => {
                let built = if page.rng.chance(20) {
                    let big = page.rng.chance(2);
                    let title = if big { "t".repeat(MAX_BODY_BYTES + 10) } else { format!("page {step}") };
                    m.page_view(None, Some(title), None, &Attrs::new(), &mut page)
                } else {
                    let mut a = Attrs::new();
                    assert!(a.set("attr1", step.to_string()));
                    m.track("UDE_STEP", &a, &mut page)
                };
                let msg = built.expect("granted: recorded");
                recorded.push((msg.id.clone(), msg.identity.clone()));
                m.enqueue(msg, &mut page);
            }
            // Log in (identify) as someone; sometimes as someone else (new visitor first).
            50..=53 => {
                let ext = format!("u{}", page.rng.below(5));
                let msg = m.identify(&ext, Some(&&traits), &mut page).expect("recorded");
                recorded.push((msg.id.clone(), msg.identity.clone()));
                m.enqueue(msg, &mut page);
                assert_eq!(m.identity.external_id.as_deref(), Some(ext.as_str()));
            }
            // Log out.
            54..=55 => m.reset(&mut page),
            // Reload: the page saves on pagehide, its answers in flight are lost, and the next
            // page load reads storage back.
            56..=60 => {
                m.pagehide(&mut page);
                for (_, body, _) in page.posts.drain(..) {
                    if page.rng.chance(70) {
                        collector.take(&body);
                    }
                }
                page.timer = None;
                page.save_due = false;
                m = Machine::new(config(), false, String::new(), &mut page);
                m.start(&mut page);
            }
            // pagehide without leaving: keepalive batches, answered or not.
            61..=63 => m.pagehide(&mut page),
            // Offline for a while, then back.
            64 => page.online = false,
            65..=67 => {
                page.online = true;
                m.online(&mut page);
            }
            // Time passes: timers fire, requests are answered.
            _ => {
                if page.save_due {
                    page.save_due = false;
                    m.save_queue(&mut page);
                }
                if page.timer.is_some_and(|due| due <= page.now + 60_000) {
                    page.now = page.now.max(page.timer.unwrap_or(0));
                    page.timer = None;
                    m.tick(&mut page);
                }
                let posts: Vec<_> = page.posts.drain(..).collect();
                for (id, body, _) in posts {
                    let status = match page.rng.below(20) {
                        // The request never reached the collector.
                        0..=3 => 0,
                        // It did, but the answer was lost: retried later, deduplicated.
                        4 => {
                            collector.take(&body);
                            0
                        }
                        5 => 503,
                        // Rejected for good: dropped and reported.
                        6 => 400,
                        _ => {
                            collector.take(&body);
                            200
                        }
                    };
                    m.answered(id, status, &mut page);
                }
            }
        }
    }
    // The network heals: drain.
    page.online = true;
    m.online(&mut page);
    for _ in 0..10_000 {
        m.flush(&mut page);
        let posts: Vec<_> = page.posts.drain(..).collect();
        if posts.is_empty() && m.queue.is_empty() {
            break;
        }
        for (id, body, _) in posts {
            collector.take(&body);
            m.answered(id, 200, &mut page);
        }
    }
    assert!(m.queue.is_empty(), "seed {seed}: drained");

    // Exactly the messages not reported dropped were stored, once, under their identity.
    let mut missing = 0;
    for (id, ident) in &recorded {
        match collector.stored.get(id) {
            Some((anon, ext)) => {
                assert_eq!(anon, &ident.anonymous_id, "seed {seed}: stored under the recording identity");
                assert_eq!(ext, &ident.external_id, "seed {seed}");
            }
            None => missing += 1,
        }
    }
    assert!(page.dropped > 0, "seed {seed}: the session had permanent rejections");
    assert!(missing <= page.dropped, "seed {seed}: the only losses are reported drops ({missing} missing, {} reported)", page.dropped);
    assert!(collector.batches > 10);
}

#[test]
fn the_bound_drops_the_oldest_and_reports_each() {
    let mut q = Queue::new(linkflow_sdk::track::MAX_QUEUE);
    let id = Identity { anonymous_id: "a".into(), external_id: None };
    let mut dropped = 0;
    for n in 0..5_100u32 {
        let mid = format!("m{n}");
        let ctx = Context { channel_id: "c", identity: &id, page: Page::default(), utm: None, ts: 1, message_id: &mid, session_id: 1 };
        dropped += q.push(message::track(&ctx, "E", &Attrs::new()));
    }
    assert_eq!(dropped, 100);
    assert_eq!(q.len(), 5000);
    assert_eq!(q.get(0).unwrap().id, "m100");
    // Storage text of a full queue reads back whole.
    let v = parse(&q.to_json()).unwrap();
    let (back, d) = Queue::from_json(&&v, linkflow_sdk::track::MAX_QUEUE);
    assert_eq!((back.len(), d), (5000, 0));
}

/// A fresh page with empty storage.
fn fake_page(seed: u64) -> FakePage {
    FakePage {
        rng: Rng(seed),
        now: 1_700_000_000_000,
        local: HashMap::new(),
        memory: HashMap::new(),
        persistent: false,
        timer: None,
        save_due: false,
        posts: Vec::new(),
        dropped: 0,
        online: true,
    }
}

fn config_with(f: impl FnOnce(&mut Options<'static>)) -> Config {
    let mut o =
        Options { channel_id: Some("example.com"), collect_url: Some("https://collect.example"), persistent: true, ..Options::default() };
    f(&mut o);
    Config::new(&o).unwrap()
}

/// Records one custom event.
fn track_one(m: &mut Machine, page: &mut FakePage) -> String {
    let msg = m.track("UDE_X", &Attrs::new(), page).expect("recorded");
    let id = msg.id.clone();
    m.enqueue(msg, page);
    id
}

#[test]
fn consent_pending_keeps_everything_in_memory_and_a_grant_sends_each_message_once() {
    let mut page = fake_page(7);
    let mut m = Machine::new(config_with(|o| o.require_consent = true), false, String::new(), &mut page);
    assert_eq!(m.consent.as_str(), "pending");
    let id = track_one(&mut m, &mut page);
    assert!(page.local.is_empty(), "nothing stored while pending: {:?}", page.local);
    assert!(!m.flush(&mut page), "nothing may leave while pending");
    assert!(page.posts.is_empty() && page.timer.is_none());

    m.grant(&mut page);
    assert_eq!(page.local.get("linkflow:example.com:consent").map(String::as_str), Some("granted"));
    assert!(page.local.get("linkflow:example.com:queue").is_some_and(|q| q.contains(&id)), "the buffer is stored");
    m.tick(&mut page);
    assert_eq!(page.posts.len(), 1);
    let (rid, body, _) = page.posts.remove(0);
    assert_eq!(Collector::default().take(&body), vec![id]);
    m.answered(rid, 200, &mut page);
    assert!(m.queue.is_empty());
    m.flush(&mut page);
    assert!(page.posts.is_empty(), "sent once");
}

#[test]
fn a_refusal_deletes_what_was_stored_and_is_the_one_thing_remembered() {
    let mut page = fake_page(8);
    let mut m = Machine::new(config(), false, String::new(), &mut page);
    track_one(&mut m, &mut page);
    let msg = m.identify("u1", None::<&&Value>, &mut page).expect("recorded");
    m.enqueue(msg, &mut page);
    m.save_queue(&mut page);
    assert!(page.local.len() >= 3, "ids and queue stored: {:?}", page.local.keys());

    m.deny(&mut page);
    let keys: Vec<_> = page.local.keys().cloned().collect();
    assert_eq!(keys, vec!["linkflow:example.com:consent".to_owned()]);
    assert_eq!(page.local.get("linkflow:example.com:consent").map(String::as_str), Some("denied"));
    assert!(m.queue.is_empty() && m.identity.external_id.is_none());
    assert!(m.track("UDE_X", &Attrs::new(), &mut page).is_none(), "nothing recorded after a refusal");

    // The next page load starts refused, even without requireConsent.
    let mut next = Machine::new(config(), false, String::new(), &mut page);
    assert_eq!(next.consent.as_str(), "denied");
    assert!(next.track("UDE_X", &Attrs::new(), &mut page).is_none());
}

#[test]
fn a_second_tracker_takes_over_the_queue_only_under_the_same_consent() {
    let mut page = fake_page(9);
    let mut old = Machine::new(config_with(|o| o.persistent = false), false, String::new(), &mut page);
    let id = track_one(&mut old, &mut page);
    let mut new = Machine::new(config_with(|o| o.persistent = false), false, String::new(), &mut page);
    new.take_over(&mut old);
    assert!(old.destroyed && old.queue.is_empty());
    assert_eq!(new.queue.iter().map(|m| m.id.clone()).collect::<Vec<_>>(), vec![id]);
    assert!(old.track("UDE_X", &Attrs::new(), &mut page).is_none(), "the old one records nothing");

    let mut pending = Machine::new(config_with(|o| o.require_consent = true), false, String::new(), &mut page);
    track_one(&mut pending, &mut page);
    let mut granted = Machine::new(config_with(|o| o.persistent = false), false, String::new(), &mut page);
    granted.take_over(&mut pending);
    assert!(granted.queue.is_empty(), "messages recorded while pending never leave through a tracker without requireConsent");
}

#[test]
fn a_dry_run_sends_nothing_on_pagehide() {
    let mut page = fake_page(10);
    let mut m = Machine::new(config_with(|o| o.dry_run = true), false, String::new(), &mut page);
    track_one(&mut m, &mut page);
    m.pagehide(&mut page);
    assert!(page.posts.is_empty(), "no keepalive request in a dry run");
    assert!(!m.queue.is_empty());
}
