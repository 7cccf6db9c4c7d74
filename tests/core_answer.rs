//! `answer::read`: the guide's answers pass unchanged; wrong shapes, non-JSON and
//! non-2xx answers become the right `Error`.

mod common;

use common::*;
use linkflow_sdk::api::{answer, contacts, events, groups};
use linkflow_sdk::auth::token_request;
use linkflow_sdk::json;
use linkflow_sdk::request::Request;
use linkflow_sdk::ErrorKind;

fn list() -> Request {
    contacts::list(&&none()).unwrap()
}

#[test]
fn the_token_answer_reads() {
    assert_reads(&token_request(), "token.answer.json");
}

#[test]
fn wrong_types_are_decode_errors_naming_the_place() {
    let req = list();
    assert_decode(&req, r#"[{"id":"2865"}]"#, "[0].id");
    assert_decode(&req, r#"{"id":2865}"#, "an array");
    assert_decode(&req, r#"[{"id":1},{"id":2.5}]"#, "[1].id");
    assert_decode(&req, r#"[{"openIds":[{"openId":"a"},{"openId":7}]}]"#, "[0].openIds[1].openId");
    assert_decode(&req, r#"[{"openIds":{"channelId":"c"}}]"#, "[0].openIds");
    assert_decode(&req, r#"[{"utm":{"source":1}}]"#, "[0].utm.source");
    assert_decode(&req, r#"[{"props":[1]}]"#, "[0].props");
    assert_decode(&req, r#"[{"isAnonymous":"false"}]"#, "[0].isAnonymous");
    assert_decode(&req, "[1]", "[0]");
    let create = events::create(&&v(r#"{"event":"E","channelId":"c","externalId":"x"}"#)).unwrap();
    assert_decode(&create, r#"{"id":902,"attr1":5}"#, ".attr1");
    assert_decode(&create, r#"{"eventDate":"1509180345000"}"#, ".eventDate");
    assert_decode(&create, r#"[]"#, "an object");
}

#[test]
fn answers_are_lenient() {
    let req = list();
    let body = r#"[{"id":1,"name":null,"utm":null,"openIds":null,"props":{"a":1,"b":"x","c":{"d":[true]},"e":null},"unknown":{"x":1}}]"#;
    assert_eq!(read(&req, 200, body).unwrap(), v(body), "unknown fields kept, props untouched");
    assert_eq!(read(&req, 201, "[]").unwrap(), v("[]"));
    assert_eq!(read(&req, 200, "null").unwrap(), v("null"), "null is accepted anywhere");
}

#[test]
fn non_json_answers_are_decode_errors() {
    let req = list();
    assert_decode(&req, "<html>gateway</html>", "not JSON");
    assert_decode(&req, "", "not JSON");
}

#[test]
fn the_guide_broken_identify_answer_is_a_decode_error() {
    let req = contacts::identify(&&v(r#"{"externalId":"u","channel":{"channelId":"c"}}"#)).unwrap();
    let body = fixture("contacts.identify.answer.verbatim.json");
    assert!(body.contains(r#""nickname": ,"#));
    assert_decode(&req, &body, "not JSON");
    for name in ["contacts.update.answer.verbatim.json", "events.list.answer.verbatim.json", "contacts.events.answer.verbatim.json"] {
        assert!(json::parse(&fixture(name)).is_err(), "{name} is not JSON as printed");
    }
}

#[test]
fn non_2xx_answers_are_http_errors_with_the_business_code() {
    let req = contacts::groups(&&v("42"), &&none()).unwrap();
    let body = r#"{"code":"B00008","message":"联系人不存在"}"#;
    let e = read(&req, 404, body).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Http);
    assert_eq!(e.status, Some(404));
    assert_eq!(e.code.as_deref(), Some("B00008"));
    assert_eq!(e.message, "联系人不存在");
    assert_eq!(e.method, Some("GET"));
    assert_eq!(e.path.as_deref(), Some("/v2/contacts/42/groups"));
    assert_eq!(e.body.as_deref(), Some(body));
}

#[test]
fn error_code_and_msg_variants_are_read() {
    let req = groups::create(&&v(r#"{"name":"n"}"#)).unwrap();
    let e = read(&req, 412, r#"{"errorCode":"B00157","msg":"标签组数量已达到上限"}"#).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Http, Some(412)));
    assert_eq!(e.code.as_deref(), Some("B00157"));
    assert_eq!(e.message, "标签组数量已达到上限");
    assert_eq!(e.method, Some("POST"));
    let e = read(&req, 400, r#"{"code":30,"message":""}"#).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("30"), "numeric codes become strings");
    assert!(e.message.contains("400"), "{}", e.message);
}

#[test]
fn non_json_error_answers_keep_status_and_body() {
    let req = list();
    let e = read(&req, 502, "Bad Gateway").unwrap_err();
    assert_eq!((e.kind, e.status, e.code), (ErrorKind::Http, Some(502), None));
    assert!(e.message.contains("502"));
    assert_eq!(e.body.as_deref(), Some("Bad Gateway"));
    let e = read(&req, 401, r#"{"code":"401"}"#).unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Http, Some(401)), "the transport decides auth");
}

#[test]
fn bodies_are_cut_at_2048_characters() {
    let req = list();
    let long = format!(r#"{{"message":"x","pad":"{}"}}"#, "联".repeat(3000));
    let e = read(&req, 500, &long).unwrap_err();
    assert_eq!(e.body.map(|b| b.chars().count()), Some(2048));
    let e = answer::read::<&json::Value>(&req, 200, &"y".repeat(5000), None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert_eq!(e.body.map(|b| b.len()), Some(2048));
}
