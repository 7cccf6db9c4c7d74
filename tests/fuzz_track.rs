//! Property tests of the tracker's pure core: the storage text read back after a reload
//! (arbitrary JSON, mutated real storage text), messages made from arbitrary page text,
//! event codes and attributes, batches cut from any queue, `utm_*` parsing of arbitrary
//! URLs, the collector endpoint, the answer policy and the backoff. Properties: no panic;
//! what the queue writes it reads back unchanged; a batch body is JSON carrying one
//! identity, within the byte cap unless a lone message is too large; a utm value survives
//! the session-storage round trip.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(all(not(target_arch = "wasm32"), feature = "tracker"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::json::Json;
use linkflow_sdk::track::answer::{answer, is_permanent, CollectorVerdict};
use linkflow_sdk::track::backoff::{delay_ms, CAP_MS};
use linkflow_sdk::track::batch::{self, Envelope};
use linkflow_sdk::track::consent::Consent;
use linkflow_sdk::track::message::{self, attr_number, check_event, check_id, Attrs, Context, Identity, Message, Page};
use linkflow_sdk::track::queue::{Queue, Sent};
use linkflow_sdk::track::session::Session;
use linkflow_sdk::track::url::{endpoint, Utm, BATCH_PATH};
use linkflow_sdk::track::uuid;
use proptest::prelude::*;
use serde_json::Value;

/// One message made the way the tracker makes them, from arbitrary inputs.
fn message() -> impl Strategy<Value = Message> {
    (
        any::<[u8; 16]>(),
        prop::sample::select(vec!["anon-a", "anon-b"]),
        // External ids pass `check_id` (the tracker refuses others before they get here).
        prop::option::of(prop_oneof![Just("u1".to_owned()), text().prop_map(|s| if check_id(&s) { s } else { format!("u{}", s.len()) })]),
        (text(), text(), text()),
        prop::option::of("[a-z_]{1,8}".prop_map(|s| Utm { source: Some(s), ..Utm::default() })),
        any::<u64>(),
        prop_oneof![Just(0u8), Just(1), Just(2)],
        (text(), prop::collection::vec(((0u8..23).prop_map(|n| format!("attr{n}")), text()), 0..5)),
        prop::option::of(value_with(2, 3)),
        prop_oneof![8 => 0usize..50, 1 => 0usize..3_000],
    )
        .prop_map(|(id, anon, ext, (url, title, referrer), utm, ts, kind, (event, attrs), traits, pad)| {
            let mid = uuid::v4(id);
            let identity = Identity { anonymous_id: anon.to_owned(), external_id: ext };
            let title = format!("{title}{}", "t".repeat(pad));
            let ctx = Context {
                channel_id: "example.com",
                identity: &identity,
                page: Page { url: &url, title: &title, referrer: &referrer },
                utm: utm.as_ref(),
                ts,
                message_id: &mid,
                session_id: 1,
            };
            let mut a = Attrs::new();
            for (k, v) in attrs {
                a.set(&k, v);
            }
            match kind {
                0 => message::page_view(&ctx, &a),
                1 => message::track(&ctx, &event, &a),
                _ => message::identify(&ctx, "u42", traits.as_ref().as_ref()),
            }
        })
}

fn queue_of(messages: &[Message], cap: usize) -> Queue {
    let mut q = Queue::new(cap);
    for m in messages {
        q.push(m.clone());
    }
    q
}

fn items(q: &Queue) -> Vec<Message> {
    q.iter().cloned().collect()
}

/// URLs with query strings made of utm names, other names, escapes and fragments.
fn url() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
            "utm_%73ource",
            "utm_source+",
            "UTM_SOURCE",
            "q"
        ])
        .prop_map(str::to_owned),
        "[a-z_%0-9+]{0,10}",
    ];
    let value = prop_oneof![
        "[a-zA-Z0-9%+&=#?._~-]{0,12}",
        text(),
        Just("%".to_owned()),
        Just("%E6%98%A5".to_owned()),
        Just("%FF%FE".to_owned()),
        Just("%zz%4".to_owned())
    ];
    (
        prop_oneof![Just("https://shop.example/p"), Just("/x"), Just(""), Just("?")],
        prop::collection::vec((name, prop::option::of(value)), 0..6),
        prop::option::of(text()),
    )
        .prop_map(|(base, pairs, frag)| {
            let q: Vec<String> = pairs.into_iter().map(|(n, v)| v.map_or(n.clone(), |v| format!("{n}={v}"))).collect();
            let mut u = format!("{base}?{}", q.join("&"));
            if let Some(f) = frag {
                u.push('#');
                u.push_str(&f);
            }
            u
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn storage_text_of_any_queue_reads_back_unchanged(messages in prop::collection::vec(message(), 0..8), cap in 1usize..16) {
        let q = queue_of(&messages, cap);
        prop_assert!(q.len() <= cap);
        let text = q.to_json();
        let parsed = parse(&text);
        prop_assert!(parsed.is_ok(), "storage text is not JSON: {text:?}");
        let parsed = parsed.unwrap();
        let (back, dropped) = Queue::from_json(&&parsed, cap);
        prop_assert_eq!(dropped, 0);
        prop_assert_eq!(items(&back), items(&q));
        // A smaller bound drops exactly the oldest, and says how many.
        let small = cap / 2 + 1;
        let (back, dropped) = Queue::from_json(&&parsed, small);
        prop_assert_eq!(dropped, q.len().saturating_sub(small));
        prop_assert_eq!(items(&back), items(&q)[q.len() - back.len()..].to_vec());
    }

    #[test]
    fn arbitrary_storage_values_never_panic(v in value(), cap in 0usize..10) {
        let (q, dropped) = Queue::from_json(&&v, cap);
        prop_assert!(q.len() <= cap.max(1));
        let ids: Vec<&str> = q.iter().map(|m| m.id.as_str()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), ids.len(), "repeated ids");
        let _ = dropped;
        // Whatever was read is written back as JSON.
        prop_assert!(parse(&q.to_json()).is_ok());
    }

    #[test]
    fn mutated_storage_text_never_panics(messages in prop::collection::vec(message(), 1..6), edits in edits()) {
        let text = apply(&queue_of(&messages, 100).to_json(), &edits);
        if let Ok(v) = parse(&text) {
            let (q, _) = Queue::from_json(&&v, 100);
            prop_assert!(q.len() <= messages.len() * 300 + 100);
            for m in q.iter() {
                prop_assert!(parse(&m.json).is_ok(), "a message read back is not JSON");
                prop_assert!(!m.id.is_empty() && !m.identity.anonymous_id.is_empty());
            }
        }
    }

    #[test]
    fn batches_carry_one_identity_within_the_cap(messages in prop::collection::vec(message(), 1..10), start in 0usize..10, max_count in 0usize..8, max_bytes in 200usize..6_000, oversized in any::<bool>(), send_ts in any::<u64>(), write_key in text()) {
        let q = queue_of(&messages, 100);
        let env = Envelope { request_id: "r-1", write_key: &write_key, send_ts, channel_id: "example.com" };
        match batch::next(&q, start, max_count, max_bytes, oversized, &env) {
            None => {
                // Only when past the end, or when the first message alone is too large.
                if let Some(first) = q.get(start) {
                    prop_assert!(!oversized && first.json.len() > 100, "no batch for a small message");
                }
            }
            Some(b) => {
                prop_assert!(!b.ids.is_empty() && b.ids.len() <= max_count.max(1));
                let body = parse(&b.body);
                prop_assert!(body.is_ok(), "batch body is not JSON");
                let body = body.unwrap();
                let sent = body.get("messages").unwrap();
                prop_assert_eq!(sent.len(), b.ids.len());
                let identity = &q.get(start).unwrap().identity;
                for (i, id) in b.ids.iter().enumerate() {
                    let m = q.get(start + i).unwrap();
                    prop_assert_eq!(&m.id, id, "consecutive messages in order");
                    prop_assert_eq!(&m.identity, identity, "one identity per batch");
                }
                prop_assert!(b.body.len() <= max_bytes || (b.ids.len() == 1 && oversized), "{} bytes > {}", b.body.len(), max_bytes);
                prop_assert_eq!(body.get("write_key").unwrap().as_str(), Some(write_key.as_str()));
            }
        }
    }

    #[test]
    fn utm_of_any_url_never_panics_and_survives_session_storage(u in prop_oneof![url(), any::<String>()]) {
        if let Some(utm) = Utm::from_url(&u) {
            prop_assert!(!utm.is_empty());
            for (_, v) in utm.fields() {
                prop_assert!(v.is_none_or(|v| !v.is_empty()));
            }
            let text = utm.to_json();
            let v = parse(&text).unwrap();
            prop_assert_eq!(Utm::from_json(&&v), Some(utm));
        }
    }

    #[test]
    fn utm_values_are_decoded(source in "[a-zA-Z0-9 联😀&=#?+%]{1,12}") {
        // Encoded the way a browser would, read back as written.
        let mut enc = String::new();
        for b in source.bytes() {
            if b.is_ascii_alphanumeric() { enc.push(char::from(b)) } else { enc.push_str(&format!("%{b:02X}")) }
        }
        let utm = Utm::from_url(&format!("https://a.example/?x=1&utm_source={enc}#utm_source=no")).unwrap();
        prop_assert_eq!(utm.source.as_deref(), Some(source.as_str()));
    }

    #[test]
    fn collector_endpoint_of_any_text(base in prop_oneof![any::<String>(), "https?://[a-z0-9.:@ /?#]{0,20}"], key in prop::option::of(text())) {
        if let Ok(url) = endpoint(&base, key.as_deref()) {
            prop_assert!(url.starts_with("http://") || url.starts_with("https://"));
            prop_assert!(!url.contains(char::is_whitespace), "{url:?}");
            prop_assert_eq!(url.matches('?').count(), usize::from(key.as_deref().is_some_and(|k| !k.is_empty())), "{:?}", url);
            prop_assert!(!url.contains('#'));
            let path_end = url.find('?').unwrap_or(url.len());
            prop_assert!(url[..path_end].ends_with(BATCH_PATH), "{url:?}");
        }
    }

    #[test]
    fn answer_policy_is_total_and_splits_shrink(status in any::<u16>(), len in 0usize..10_000) {
        match answer(status, len) {
            CollectorVerdict::Accepted => prop_assert!((200..300).contains(&status)),
            CollectorVerdict::Split(n) => prop_assert!(status == 413 && n >= 1 && n < len),
            CollectorVerdict::Drop => prop_assert!(is_permanent(status) || status == 413),
            CollectorVerdict::Retry => prop_assert!(!(200..300).contains(&status) && !is_permanent(status)),
        }
    }

    #[test]
    fn sessions_of_any_activity_timeline(
        steps in prop::collection::vec((0u64..5_000, prop::option::of(0u8..3)), 1..40),
        timeout in 1u64..3_000,
        // Epoch ms as JS has them: exact in an f64 (storage text is read back by JSON.parse).
        start in 0u64..(1u64 << 52),
    ) {
        // Ids never go back and never repeat; a session's messages are never further apart
        // than the timeout; a campaign change always starts a new one; storage text round-trips.
        let mut now = start;
        let mut current: Option<Session> = None;
        for (gap, campaign) in steps {
            now = now.saturating_add(gap);
            let landing = campaign.map(|c| Utm { campaign: Some(c.to_string()), ..Utm::default() });
            let next = Session::touch(current.clone(), now, timeout, landing.clone());
            if let Some(prev) = &current {
                prop_assert!(next.id >= prev.id);
                let same = next.id == prev.id;
                prop_assert_eq!(same, gap < timeout && (landing.is_none() || landing == prev.utm), "gap {} landing {:?} prev {:?}", gap, landing, prev.utm);
                if same {
                    prop_assert_eq!(&next.utm, &prev.utm);
                } else {
                    prop_assert!(next.id > prev.id);
                }
            }
            let back = Session::from_json(&&parse(&next.to_json()).unwrap());
            prop_assert_eq!(back.as_ref(), Some(&next));
            current = Some(next);
        }
    }

    #[test]
    fn consent_start_of_any_stored_text(stored in prop::option::of(prop_oneof![Just("granted".to_owned()), Just("denied".to_owned()), any::<String>()]), require in any::<bool>(), signal in any::<bool>()) {
        let c = Consent::initial(require, stored.as_deref(), signal);
        prop_assert_eq!(c == Consent::Denied, signal || stored.as_deref() == Some("denied"));
        prop_assert_eq!(c == Consent::Pending, !signal && require && !matches!(stored.as_deref(), Some("granted" | "denied")));
    }

    #[test]
    fn backoff_is_within_half_and_all_of_its_step(attempt in any::<u32>(), r in prop_oneof![0.0..1.0f64, any::<f64>()]) {
        let d = delay_ms(attempt, r);
        prop_assert!(d <= CAP_MS);
        if attempt == 0 {
            prop_assert_eq!(d, 0);
        } else {
            let full = delay_ms(attempt, 1.0);
            prop_assert!(d >= full / 2 && d <= full, "attempt {attempt} r {r}: {d} not in [{}, {full}]", full / 2);
        }
    }

    #[test]
    fn backoff_is_the_schedule_it_replaced(attempt in prop_oneof![0u32..40, any::<u32>()], r in prop_oneof![0.0..1.0f64, any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)]) {
        // `track::backoff::delay_ms` as written before it moved onto `linkflow_sdk::backoff` (main at bec367f).
        let before = if attempt == 0 {
            0
        } else {
            let full = 1000u32.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(60_000);
            let r = if r.is_finite() { r.clamp(0.0, 1.0) } else { 0.5 };
            full / 2 + (f64::from(full - full / 2) * r) as u32
        };
        prop_assert_eq!(delay_ms(attempt, r), before, "attempt {} r {}", attempt, r);
    }

    #[test]
    fn names_codes_and_ids_of_any_text(s in prop_oneof![any::<String>(), "attr[0-9]{0,4}", "[ \\t]?[A-Z_]{0,130}[ \\n]?"]) {
        if let Some(n) = attr_number(&s) {
            prop_assert!((1..=20).contains(&n));
            prop_assert_eq!(s.clone(), format!("attr{n}"));
        }
        if check_event(&s).is_ok() {
            prop_assert!(!s.is_empty() && s.chars().count() <= 128 && s.trim() == s && !s.contains(char::is_control));
        }
        if check_id(&s) {
            prop_assert!(!s.trim().is_empty() && s.chars().count() <= 256);
        }
        let mut a = Attrs::new();
        prop_assert_eq!(a.set(&s, "v".into()), attr_number(&s).is_some());
        let _ = uuid::is_uuid(&s);
    }

    #[test]
    fn uuids_and_the_sent_set(bytes in prop::collection::vec(any::<[u8; 16]>(), 1..50), other in any::<String>()) {
        let mut sent = Sent::default();
        for b in &bytes {
            let id = uuid::v4(*b);
            prop_assert!(uuid::is_uuid(&id), "{id}");
            prop_assert_eq!(id.as_bytes()[14], b'4');
            sent.insert(&id);
            prop_assert!(sent.contains(&id) && sent.contains(&id.to_uppercase()));
        }
        sent.insert(&other);
        prop_assert!(sent.len() <= bytes.len() + 1);
        prop_assert_eq!(sent.contains(&other), uuid::is_uuid(&other));
    }

    #[test]
    fn identify_traits_of_any_shape_are_written_as_json(traits in value()) {
        let identity = Identity { anonymous_id: "a".into(), external_id: None };
        let ctx = Context { channel_id: "c", identity: &identity, page: Page::default(), utm: None, ts: 1, message_id: "m", session_id: 1 };
        let m = message::identify(&ctx, "u", Some(&&traits));
        let v = parse(&m.json);
        prop_assert!(v.is_ok());
        let v = v.unwrap();
        let written = v.get("data").unwrap().get("traits").cloned();
        if is_object(&traits) {
            prop_assert_eq!(written, Some(without_null_members(&traits)));
        } else {
            prop_assert_eq!(written, None);
        }
    }
}

/// The storage text of a queue with one message whose traits nest far deeper than any
/// parser accepts: before the `Writer::value` fix, reading it back (the `m` member is copied
/// with `Writer::value`) recursed once per level. Now such an entry is skipped.
#[test]
fn regression_storage_entry_nested_100000_levels_deep_is_skipped() {
    let out = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let m = obj(vec![
                ("message_id".into(), Value::String("m-1".into())),
                ("domain".into(), Value::String("identity".into())),
                ("action".into(), Value::String("identify".into())),
                ("ts".into(), num("1")),
                ("data".into(), obj(vec![("traits".into(), nested(100_000))])),
            ]);
            let entry = obj(vec![("a".into(), Value::String("anon".into())), ("m".into(), m)]);
            let storage = obj(vec![("v".into(), num("1")), ("messages".into(), Value::Array(vec![entry]))]);
            let (q, dropped) = Queue::from_json(&&storage, 10);
            drop_deep(storage);
            (q.len(), dropped)
        })
        .unwrap()
        .join();
    assert_eq!(out.expect("reading the storage text overflowed the stack"), (0, 0));
}
