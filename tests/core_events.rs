//! Events: POST /ude and GET /events/lite built from the guide's examples.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use linkflow_sdk::api::events;
use linkflow_sdk::model::{EVENT, EVENTS};
use linkflow_sdk::request::{Method, Replay};

#[test]
fn create_sends_the_guide_example_and_reads_its_answer() {
    let input = fixture("events.create.request.json");
    let req = events::create(&&v(&input)).unwrap();
    let body = compact(&input);
    assert_req(&req, Method::Post, "/ude", &[], Some(&body), Replay::Create, &EVENT);
    assert_reads(&req, "events.create.answer.json");
}

#[test]
fn create_sends_attr_numbers_as_strings() {
    let input = r#"{"event":"E","channelId":"c","externalId":"x","attr1":"DD1232","attr2":200.5,"attr3":10000,
        "attr20":-1,"attr21":5,"attr01":1,"attr+1":2,"attr0":3,"items":[{"event":"S","attr1":7,"attr2":"s"}],"utm":{"source":"s"},"eventDate":1509180345000,"channelType":"UDC","other":null}"#;
    let req = events::create(&&v(input)).unwrap();
    let body = r#"{"event":"E","channelId":"c","externalId":"x","attr1":"DD1232","attr2":"200.5","attr3":"10000","attr20":"-1","attr21":5,"attr01":1,"attr+1":2,"attr0":3,"items":[{"event":"S","attr1":"7","attr2":"s"}],"utm":{"source":"s"},"eventDate":1509180345000,"channelType":"UDC"}"#;
    assert_eq!(req.body.as_deref(), Some(body));
}

#[test]
fn create_needs_event_channel_id_and_external_id() {
    let base = [r#""event":"E""#, r#""channelId":"c""#, r#""externalId":"x""#];
    for (i, key) in ["event", "channelId", "externalId"].iter().enumerate() {
        let rest: Vec<&str> = base.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, m)| *m).collect();
        assert_validation(events::create(&&v(&format!("{{{}}}", rest.join(",")))), key);
        let null = format!("{{{},\"{key}\":null}}", rest.join(","));
        assert_validation(events::create(&&v(&null)), key);
    }
}

#[test]
fn create_refuses_wrong_types() {
    let with = |extra: &str| v(&format!(r#"{{"event":"E","channelId":"c","externalId":"x",{extra}}}"#));
    assert_validation(events::create(&&with(r#""attr1":{"a":1}"#)), "attr1");
    assert_validation(events::create(&&with(r#""attr5":true"#)), "attr5");
    assert_validation(events::create(&&with(r#""attr2":[1]"#)), "attr2");
    assert_validation(events::create(&&with(r#""items":[{"event":"S","attr3":{}}]"#)), "items[0].attr3");
    assert_validation(events::create(&&with(r#""items":[{"attr1":"a"}]"#)), "items[0].event");
    assert_validation(events::create(&&with(r#""items":[1]"#)), "items[0]");
    assert_validation(events::create(&&with(r#""items":{}"#)), "items");
    assert_validation(events::create(&&with(r#""eventDate":1.5"#)), "eventDate");
    assert_validation(events::create(&&with(r#""eventDate":"2017-11-30""#)), "eventDate");
    assert_validation(events::create(&&with(r#""utm":"x""#)), "utm");
    assert_validation(events::create(&&with(r#""utm":{"source":1}"#)), "utm.source");
    assert_validation(events::create(&&with(r#""channelType":1"#)), "channelType");
    assert_validation(events::create(&&v("[]")), "event");
}

#[test]
fn list_defaults_last_max_id_to_zero_and_reads_the_guide_answer() {
    let req = events::list(&&none()).unwrap();
    assert_req(&req, Method::Get, "/events/lite", &[("lastMaxId", "0")], None, Replay::Safe, &EVENTS);
    assert_reads(&req, "events.list.answer.json");
    let req = events::list(&&v(r#"{"lastMaxId":1126251,"size":50}"#)).unwrap();
    assert_eq!(req.query, vec![("lastMaxId", "1126251".to_owned()), ("size", "50".to_owned())]);
    assert_validation(events::list(&&v(r#"{"lastMaxId":-1}"#)), "lastMaxId");
    assert_validation(events::list(&&v(r#"{"size":0}"#)), "size");
}
