//! Caller values in request bodies (issues 12.1, 12.7, 16.5, 16.8): contact bodies send
//! `null` (it clears), event bodies drop it; `eventDate` is epoch milliseconds; dates are
//! written as Linkflow's `yyyy-MM-dd HH:mm:ss` in UTC+8; a body past 16 MiB is refused.
//! The JS side (what a `Date`, `NaN`, a `Proxy` becomes) is in tests/wasm_inputs.rs and
//! tests/hostile/input-*.test.mjs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use linkflow_sdk::api::{contacts, events};
use linkflow_sdk::json::{Writer, MAX_BODY_BYTES};
use linkflow_sdk::time::{format_linkflow_time, parse_exact_linkflow_time, parse_linkflow_time};
use serde_json::{json, Value};

#[test]
fn identify_sends_null_as_null_at_every_depth_of_props() {
    let input =
        r#"{"externalId":"u1","channel":{"channelId":"c"},"email":null,"props":{"attr1":null,"nested":{"deep":null,"keep":[null,1]}}}"#;
    let req = contacts::identify(&&v(input)).unwrap();
    assert_eq!(req.body.as_deref(), Some(input));
}

#[test]
fn update_sends_null_as_null_so_the_field_clears() {
    // The issue's example: it used to send {"id":42,"props":{}} and resolve as if it worked.
    let req = contacts::update(&&v("42"), &&v(r#"{"email":null,"props":{"attr1":null}}"#)).unwrap();
    assert_eq!(req.body.as_deref(), Some(r#"{"id":42,"email":null,"props":{"attr1":null}}"#));
}

#[test]
fn event_bodies_still_drop_null_attributes() {
    let input = r#"{"event":"E","channelId":"c","externalId":"u","attr1":null,"attr2":"x","utm":{"source":null},"items":[{"event":"S","attr1":null}],"other":{"a":null}}"#;
    let req = events::create(&&v(input)).unwrap();
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"event":"E","channelId":"c","externalId":"u","attr2":"x","utm":{},"items":[{"event":"S"}],"other":{}}"#)
    );
}

#[test]
fn event_date_is_epoch_milliseconds() {
    assert_eq!(events::EPOCH_MS_FIELDS, ["eventDate"]);
    let req = events::create(&&v(r#"{"event":"E","channelId":"c","externalId":"u","eventDate":1509180345000}"#)).unwrap();
    assert!(req.body.as_deref().unwrap().contains(r#""eventDate":1509180345000"#));
    assert_validation(events::create(&&v(r#"{"event":"E","channelId":"c","externalId":"u","eventDate":"2017-10-28"}"#)), "eventDate");
}

#[test]
fn linkflow_dates_are_utc_plus_8_both_ways() {
    // The guide's token expiration example, 2017-09-04 09:30:23 in Shanghai = 01:30:23 UTC.
    assert_eq!(format_linkflow_time(1_504_488_623_000).as_deref(), Some("2017-09-04 09:30:23"));
    assert_eq!(format_linkflow_time(1_504_488_623_999).as_deref(), Some("2017-09-04 09:30:23"), "milliseconds dropped");
    assert_eq!(parse_exact_linkflow_time("2017-09-04 09:30:23"), Some(1_504_488_623_000));
    assert_eq!(parse_exact_linkflow_time("1991-11-11 00:00:00"), parse_linkflow_time("1991-11-11 00:00:00"));
    for bad in ["2017-9-4 09:30:23", "2017-02-29 00:00:00", "2017-09-04", "2017-09-04T09:30:23", "2017-09-04 09:30:23 "] {
        assert_eq!(parse_exact_linkflow_time(bad), None, "{bad}");
    }
    assert_eq!(format_linkflow_time(-62_167_248_000_001), None, "before year 0000");
}

/// A contact whose `comments` string makes its body `extra` bytes longer than the limit
/// (built directly: parsing 16 MiB of test JSON would be slow).
fn contact_of_size(extra: isize) -> Value {
    let shell = r#"{"externalId":"u","channel":{"channelId":"c"},"comments":""}"#.len() as isize;
    let len = (MAX_BODY_BYTES as isize + extra - shell) as usize;
    json!({ "externalId": "u", "channel": { "channelId": "c" }, "comments": "x".repeat(len) })
}

#[test]
fn bodies_past_16_mib_are_validation_errors() {
    assert_eq!(MAX_BODY_BYTES, 16 * 1024 * 1024);
    let at_limit = contacts::identify(&&contact_of_size(0)).unwrap();
    assert_eq!(at_limit.body.map(|b| b.len()), Some(MAX_BODY_BYTES));
    assert_validation(contacts::identify(&&contact_of_size(1)), "16 MiB");
    assert_validation(contacts::update(&&v("1"), &&contact_of_size(1)), "16 MiB");
    let mut event = v(r#"{"event":"E","channelId":"c","externalId":"u"}"#);
    if let Value::Object(members) = &mut event {
        members.insert("attr1".to_owned(), Value::String("x".repeat(MAX_BODY_BYTES)));
    }
    assert_validation(events::create(&&event), "16 MiB");
}

#[test]
fn the_writer_stops_copying_past_the_limit() {
    let big = Value::Array(vec![Value::String("x".repeat(MAX_BODY_BYTES / 2)); 8]);
    let mut w = Writer::new();
    w.value(&&big);
    assert!(w.too_large());
    // Three strings at most (the one that crossed the limit included), not eight.
    assert!(w.finish().len() < 2 * MAX_BODY_BYTES, "the writer kept copying");
}

/// A JS number without JSON text (`NaN`, `Infinity`), as the wasm layer's view shows one.
#[derive(Clone)]
struct NotFinite;

impl linkflow_sdk::json::Json for NotFinite {
    fn kind(&self) -> linkflow_sdk::json::Kind {
        linkflow_sdk::json::Kind::Number
    }
    fn get(&self, _: &str) -> Option<Self> {
        None
    }
    fn len(&self) -> usize {
        0
    }
    fn at(&self, _: usize) -> Option<Self> {
        None
    }
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn as_str(&self) -> Option<String> {
        None
    }
    fn as_f64(&self) -> Option<f64> {
        None
    }
    fn as_bool(&self) -> Option<bool> {
        None
    }
    fn number_text(&self) -> Option<String> {
        None
    }
}

#[test]
fn a_number_without_json_text_is_flagged_not_written_as_null_silently() {
    // Before, the writer wrote `null` here, and in a contact body `null` now clears the field.
    let mut w = Writer::new();
    w.value(&NotFinite);
    assert!(w.bad_number());
}
