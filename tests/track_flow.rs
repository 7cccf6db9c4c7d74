//! The tracker's pure core driven through a long, hostile session: random failures, lost
//! answers (keepalive requests that outlive the page), reloads (the queue written to storage
//! text and read back), identify and reset, oversized messages, the bound. A fake collector
//! keeps the first copy of every `message_id`, like the real one.
//!
//! What must hold: every message that was not dropped at the bound is stored exactly once,
//! under the identity it was recorded with; every batch carries one identity; every body is
//! valid JSON and within the byte cap (but for a lone oversized message on the regular path);
//! the drop count is exact.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "tracker")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::{HashMap, HashSet};

use linkflow_sdk::json::Json;
use serde_json::Value;

/// Parses JSON text natively.
fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}
use linkflow_sdk::track::batch::{self, Envelope};
use linkflow_sdk::track::message::{self, Attrs, Context, Identity, Page};
use linkflow_sdk::track::queue::Queue;
use linkflow_sdk::track::url::Utm;
use linkflow_sdk::track::{backoff, uuid, MAX_BODY_BYTES};

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

#[test]
fn a_hostile_session_delivers_every_message_exactly_once() {
    for seed in 1..=12u64 {
        run(seed);
    }
}

fn run(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let cap = 300; // small bound, so the session passes it
    let mut queue = Queue::new(cap);
    let mut identity = Identity { anonymous_id: rng.uuid(), external_id: None };
    let mut collector = Collector::default();
    // Every message recorded: id → identity it was recorded under.
    let mut recorded: Vec<(String, Identity)> = Vec::new();
    let mut dropped_reported = 0usize;
    let utm = Utm::from_url("https://example.com/?utm_source=x");
    let mut now = 1_700_000_000_000u64;
    let mut attempt = 0u32;
    let request = |rng: &mut Rng, now: u64| (rng.uuid(), now);

    for step in 0..3000 {
        now += rng.below(400);
        match rng.below(100) {
            // Record something.
            0..=54 => {
                let mid = rng.uuid();
                let big = rng.chance(2);
                let title = if big { "t".repeat(MAX_BODY_BYTES + 10) } else { format!("page {step}") };
                let ctx = Context {
                    channel_id: "example.com",
                    identity: &identity,
                    page: Page { url: "https://example.com/", title: &title, referrer: "" },
                    utm: utm.as_ref(),
                    ts: now,
                    message_id: &mid,
                    session_id: 1,
                };
                let m = if rng.chance(20) {
                    message::page_view(&ctx, &Attrs::new())
                } else {
                    let mut a = Attrs::new();
                    assert!(a.set("attr1", step.to_string()));
                    message::track(&ctx, "UDE_STEP", &a)
                };
                recorded.push((m.id.clone(), m.identity.clone()));
                dropped_reported += queue.push(m);
            }
            // Log in (identify) as someone; sometimes as someone else (new visitor first).
            55..=58 => {
                let ext = format!("u{}", rng.below(5));
                if identity.external_id.as_deref().is_some_and(|x| x != ext) {
                    identity = Identity { anonymous_id: rng.uuid(), external_id: None };
                }
                let mid = rng.uuid();
                let traits = parse(r#"{"email":"a@b.c"}"#).unwrap();
                let ctx = Context {
                    channel_id: "example.com",
                    identity: &identity,
                    page: Page::default(),
                    utm: None,
                    ts: now,
                    message_id: &mid,
                    session_id: 1,
                };
                let m = message::identify(&ctx, &ext, Some(&&traits));
                recorded.push((m.id.clone(), m.identity.clone()));
                dropped_reported += queue.push(m);
                identity.external_id = Some(ext);
            }
            // Log out.
            59..=60 => identity = Identity { anonymous_id: rng.uuid(), external_id: None },
            // Reload: storage text written and read back.
            61..=66 => {
                let text = queue.to_json();
                let v: Value = parse(&text).unwrap();
                let (back, dropped) = Queue::from_json(&&v, cap);
                assert_eq!(dropped, 0);
                assert_eq!(back.len(), queue.len());
                assert!(back.iter().zip(queue.iter()).all(|(a, b)| a == b));
                queue = back;
            }
            // pagehide: keepalive batches within the budget; the answers are lost (the page is
            // gone), so nothing leaves the queue even though the collector got them.
            67..=70 => {
                let mut start = 0;
                let mut budget = MAX_BODY_BYTES;
                loop {
                    let (rid, ts) = request(&mut rng, now);
                    let env = Envelope { request_id: &rid, write_key: "example.com", send_ts: ts, channel_id: "example.com" };
                    let Some(b) = batch::next(&queue, start, 50, budget, false, &env) else { break };
                    assert!(b.body.len() <= budget);
                    start += b.ids.len();
                    budget -= b.body.len();
                    if !rng.chance(30) {
                        collector.take(&b.body);
                    }
                }
            }
            // The send loop: batches until one fails.
            _ => {
                loop {
                    let (rid, ts) = request(&mut rng, now);
                    let env = Envelope { request_id: &rid, write_key: "example.com", send_ts: ts, channel_id: "example.com" };
                    let Some(b) = batch::next(&queue, 0, 50, MAX_BODY_BYTES, true, &env) else {
                        attempt = 0;
                        break;
                    };
                    assert!(b.body.len() <= MAX_BODY_BYTES || b.ids.len() == 1, "only a lone message may exceed the cap");
                    match rng.below(10) {
                        // The request never reached the collector.
                        0..=2 => {
                            attempt += 1;
                            let d = backoff::delay_ms(attempt, (rng.below(1000) as f64) / 1000.0);
                            assert!((500..=60_000).contains(&d));
                            break;
                        }
                        // It did, but the answer was lost: retried later, deduplicated.
                        3 => {
                            collector.take(&b.body);
                            attempt += 1;
                            break;
                        }
                        _ => {
                            let got = collector.take(&b.body);
                            assert_eq!(got, b.ids);
                            assert_eq!(queue.remove(&b.ids), b.ids.len());
                            attempt = 0;
                        }
                    }
                }
            }
        }
    }
    // The network heals: drain.
    loop {
        let env = Envelope { request_id: "r", write_key: "example.com", send_ts: now, channel_id: "example.com" };
        let Some(b) = batch::next(&queue, 0, 50, MAX_BODY_BYTES, true, &env) else { break };
        collector.take(&b.body);
        queue.remove(&b.ids);
    }
    assert!(queue.is_empty());

    // Exactly the messages not dropped at the bound were stored, once, under their identity.
    let stored: HashSet<&String> = collector.stored.keys().collect();
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
    assert_eq!(missing, dropped_reported, "seed {seed}: the only losses are the reported drops");
    assert_eq!(stored.len(), recorded.len() - dropped_reported);
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
