//! Contacts: requests built from the guide's example inputs, the guide's example answers,
//! and API.md's validation rules.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use linkflow_sdk::api::contacts;
use linkflow_sdk::json::Writer;
use linkflow_sdk::model::{CONTACT, CONTACTS, CONTACT_IDENTITIES, CONTACT_IDS, CONTACT_PROPERTIES, EVENTS, GROUPS, USER_FIELDS};
use linkflow_sdk::request::{Method, Replay};
use serde_json::Value;

#[test]
fn list_sends_the_guide_query_and_reads_its_answer() {
    // GET /contacts?size=1&page=0&groupId=1&search=13774202819
    let req = contacts::list(&&v(r#"{"size":1,"page":0,"groupId":1,"search":"13774202819"}"#)).unwrap();
    let query = [("page", "0"), ("size", "1"), ("groupId", "1"), ("search", "13774202819")];
    assert_req(&req, Method::Get, "/contacts", &query, None, Replay::Safe, &CONTACTS);
    assert_reads(&req, "contacts.list.answer.json");
}

#[test]
fn list_omits_unset_and_null_options() {
    let req = contacts::list(&&none()).unwrap();
    assert_req(&req, Method::Get, "/contacts", &[], None, Replay::Safe, &CONTACTS);
    let req = contacts::list(&&v(r#"{"page":null,"groupId":null,"search":null}"#)).unwrap();
    assert!(req.query.is_empty());
}

#[test]
fn list_refuses_bad_page_numbers() {
    assert_validation(contacts::list(&&v(r#"{"page":-1}"#)), "page");
    assert_validation(contacts::list(&&v(r#"{"page":1.5}"#)), "page");
    assert_validation(contacts::list(&&v(r#"{"page":"2"}"#)), "page");
    assert_validation(contacts::list(&&v(r#"{"size":0}"#)), "size");
    assert_validation(contacts::list(&&v(r#"{"groupId":"x"}"#)), "groupId");
    assert_validation(contacts::list(&&v("[]")), "options");
}

#[test]
fn identify_sends_the_guide_example_as_given() {
    let input = fixture("contacts.identify.request.json");
    let req = contacts::identify(&&v(&input)).unwrap();
    let body = compact(&input);
    assert!(body.starts_with(r#"{"externalId":"u1234567","channel":{"channelId":"example.com","name":"example"},"name":"张三""#));
    assert_req(&req, Method::Post, "/identifiers", &[], Some(&body), Replay::Safe, &CONTACT);
    assert_reads(&req, "contacts.identify.answer.json");
}

#[test]
fn identify_sends_null_fields_as_null_to_clear_them() {
    let input = r#"{"externalId":"u1","channel":{"channelId":"c","name":null},"email":null,"props":{"a":null,"b":1}}"#;
    let req = contacts::identify(&&v(input)).unwrap();
    assert_eq!(req.body.as_deref(), Some(input));
}

#[test]
fn identify_needs_external_id_and_channel_id() {
    assert_validation(contacts::identify(&&v(r#"{"channel":{"channelId":"c"}}"#)), "externalId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":"","channel":{"channelId":"c"}}"#)), "externalId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":7,"channel":{"channelId":"c"}}"#)), "externalId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":"u"}"#)), "channel.channelId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":"u","channel":{"name":"x"}}"#)), "channel.channelId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":"u","channel":{"channelId":null}}"#)), "channel.channelId");
    assert_validation(contacts::identify(&&v(r#"{"externalId":"u","channel":"c"}"#)), "channel");
}

#[test]
fn get_by_external_id_sends_the_guide_query() {
    // GET /identifiers?externalId=ogtgm1HJ0m0Dk_Ges&channelId=wx1f7fbd28ac009cd0&channelType=WECHAT
    let opts = v(r#"{"externalId":"ogtgm1HJ0m0Dk_Ges","channelId":"wx1f7fbd28ac009cd0","channelType":"WECHAT"}"#);
    let req = contacts::get_by_external_id(&&opts).unwrap();
    let query = [("externalId", "ogtgm1HJ0m0Dk_Ges"), ("channelId", "wx1f7fbd28ac009cd0"), ("channelType", "WECHAT")];
    assert_req(&req, Method::Get, "/identifiers", &query, None, Replay::Safe, &CONTACT);
    assert_reads(&req, "contacts.get_by_external_id.answer.json");
    let req = contacts::get_by_external_id(&&v(r#"{"externalId":"e","channelId":"c"}"#)).unwrap();
    assert_eq!(req.query.len(), 2, "channelType omitted");
    assert_validation(contacts::get_by_external_id(&&v(r#"{"externalId":"e"}"#)), "channelId");
    assert_validation(contacts::get_by_external_id(&&v(r#"{"channelId":"c"}"#)), "externalId");
}

#[test]
fn find_sends_the_guide_query() {
    // GET /v2/contacts?email=test@nazaio.com&mobilePhone=13888888888&needOpenId=1
    let req = contacts::find(&&v(r#"{"email":"test@nazaio.com","mobilePhone":"13888888888","needOpenId":true}"#)).unwrap();
    let query = [("email", "test@nazaio.com"), ("mobilePhone", "13888888888"), ("needOpenId", "1")];
    assert_req(&req, Method::Get, "/v2/contacts", &query, None, Replay::Safe, &CONTACTS);
    assert_reads(&req, "contacts.find.answer.json");
}

#[test]
fn find_needs_email_or_mobile_phone_and_omits_need_open_id_false() {
    let req = contacts::find(&&v(r#"{"mobilePhone":"13888888888","needOpenId":false}"#)).unwrap();
    assert_eq!(req.query, vec![("mobilePhone", "13888888888".to_owned())]);
    let req = contacts::find(&&v(r#"{"email":"a@b.c"}"#)).unwrap();
    assert_eq!(req.query, vec![("email", "a@b.c".to_owned())]);
    assert_validation(contacts::find(&&none()), "email or mobilePhone");
    assert_validation(contacts::find(&&v(r#"{"email":"","mobilePhone":null,"needOpenId":true}"#)), "email or mobilePhone");
    // The guide's own value: needOpenId=1.
    let req = contacts::find(&&v(r#"{"email":"a@b.c","needOpenId":1}"#)).unwrap();
    assert_eq!(req.query, vec![("email", "a@b.c".to_owned()), ("needOpenId", "1".to_owned())]);
    let req = contacts::find(&&v(r#"{"email":"a@b.c","needOpenId":0}"#)).unwrap();
    assert_eq!(req.query, vec![("email", "a@b.c".to_owned())]);
    let req = contacts::get_many(&&v("[1]"), &&v(r#"{"needOpenId":1}"#)).unwrap().remove(0);
    assert_eq!(req.query, vec![("ids", "1".to_owned()), ("needOpenId", "1".to_owned())]);
    for bad in ["2", r#""1""#, "[]"] {
        assert_validation(
            contacts::find(&&v(&format!(r#"{{"email":"a@b.c","needOpenId":{bad}}}"#))),
            "needOpenId: expected true, false, 1 or 0",
        );
    }
}

#[test]
fn get_many_sends_the_guide_query() {
    // GET /v2/contacts_bulk?ids=1,3,5,7,8&needOpenId=1
    let reqs = contacts::get_many(&&v("[1,3,5,7,8]"), &&v(r#"{"needOpenId":true}"#)).unwrap();
    assert_eq!(reqs.len(), 1);
    let query = [("ids", "1,3,5,7,8"), ("needOpenId", "1")];
    assert_req(&reqs[0], Method::Get, "/v2/contacts_bulk", &query, None, Replay::Safe, &CONTACTS);
    assert_eq!(reqs[0].url("https://h"), "https://h/v2/contacts_bulk?ids=1,3,5,7,8&needOpenId=1");
    assert_reads(&reqs[0], "contacts.get_many.answer.json");
}

#[test]
fn get_many_chunks_by_100_in_order() {
    let ids: Vec<String> = (1..=250).map(|n| n.to_string()).collect();
    let reqs = contacts::get_many(&&v(&format!("[{}]", ids.join(","))), &&none()).unwrap();
    let chunks: Vec<&str> = reqs.iter().map(|r| r.query[0].1.as_str()).collect();
    assert_eq!(chunks, [ids[..100].join(","), ids[100..200].join(","), ids[200..].join(",")]);
    assert!(reqs.iter().all(|r| r.query.len() == 1), "needOpenId omitted");
    assert!(contacts::get_many(&&v("[]"), &&none()).unwrap().is_empty());
}

#[test]
fn get_many_refuses_non_integer_ids() {
    assert_validation(contacts::get_many(&&v("[1,2.5]"), &&none()), "ids[1]");
    assert_validation(contacts::get_many(&&v("[-1]"), &&none()), "ids[0]");
    assert_validation(contacts::get_many(&&v(r#"["a"]"#), &&none()), "ids[0]");
    assert_validation(contacts::get_many(&&v("[null]"), &&none()), "ids[0]");
    assert_validation(contacts::get_many(&&v("5"), &&none()), "ids");
    let reqs = contacts::get_many(&&v(r#"["12", 13]"#), &&none()).unwrap();
    assert_eq!(reqs[0].query[0].1, "12,13", "digit strings are ids too");
}

#[test]
fn list_ids_sends_the_guide_query() {
    // GET /v2/contacts_bulk/ids?page=0&size=5&minUpdateTime=2017-01-01&maxUpdateTime=2018-01-01
    let opts = v(r#"{"page":0,"size":5,"minUpdateTime":"2017-01-01","maxUpdateTime":"2018-01-01"}"#);
    let req = contacts::list_ids(&&opts).unwrap();
    let query = [("page", "0"), ("size", "5"), ("minUpdateTime", "2017-01-01"), ("maxUpdateTime", "2018-01-01")];
    assert_req(&req, Method::Get, "/v2/contacts_bulk/ids", &query, None, Replay::Safe, &CONTACT_IDS);
    assert_reads(&req, "contacts.list_ids.answer.json");
}

#[test]
fn list_ids_keeps_within_the_10000_window() {
    assert!(contacts::list_ids(&&v(r#"{"page":1,"size":5000}"#)).is_ok());
    assert!(contacts::list_ids(&&v(r#"{"page":9999,"size":1}"#)).is_ok());
    assert_validation(contacts::list_ids(&&v(r#"{"page":3,"size":5000}"#)), "10000");
    assert_validation(contacts::list_ids(&&v(r#"{"page":0,"size":10001}"#)), "size");
    assert_validation(contacts::list_ids(&&v(r#"{"page":10001,"size":1}"#)), "10000");
    assert_validation(contacts::list_ids(&&v(r#"{"page":9007199254740991,"size":10000}"#)), "10000");
    assert_validation(contacts::list_ids(&&v(r#"{"size":5}"#)), "page");
    assert_validation(contacts::list_ids(&&v(r#"{"page":0}"#)), "size");
    assert_validation(contacts::list_ids(&&v(r#"{"page":-1,"size":5}"#)), "page");
    assert_validation(contacts::list_ids(&&v(r#"{"page":0.5,"size":5}"#)), "page");
    assert_validation(contacts::list_ids(&&v(r#"{"page":"0","size":5}"#)), "page");
    assert_validation(contacts::list_ids(&&v(r#"{"page":0,"size":5,"minUpdateTime":20170101}"#)), "minUpdateTime");
}

#[test]
fn update_puts_the_guide_example_with_id_first() {
    let input = fixture("contacts.update.request.json");
    let req = contacts::update(&&v("1"), &&v(&input)).unwrap();
    // The guide's example has "id" first; its nulls are sent as they are.
    let mut w = Writer::new();
    w.value_with_nulls(&&v(&input));
    let body = w.finish();
    assert!(body.contains(r#""avatar":null"#), "null fields sent: they clear (the guide's example)");
    assert_req(&req, Method::Put, "/v2/contacts/1", &[], Some(&body), Replay::Safe, &CONTACT);
    assert_reads(&req, "contacts.update.answer.json");
}

#[test]
fn update_adds_the_id_and_checks_it() {
    let req = contacts::update(&&v(r#""42""#), &&v(r#"{"name":"x","avatar":null}"#)).unwrap();
    assert_eq!(req.path, "/v2/contacts/42");
    assert_eq!(req.body.as_deref(), Some(r#"{"id":42,"name":"x","avatar":null}"#));
    let req = contacts::update(&&v("42"), &&v(r#"{"name":"x","id":"42"}"#)).unwrap();
    assert_eq!(req.body.as_deref(), Some(r#"{"id":42,"name":"x"}"#));
    assert_validation(contacts::update(&&v("42"), &&v(r#"{"id":43}"#)), "id");
    assert_validation(contacts::update(&&v(r#""4/2""#), &&none()), "id");
    assert_validation(contacts::update(&&v("-4"), &&none()), "id");
    assert_validation(contacts::update(&&v("42"), &&v("[]")), "fields");
}

#[test]
fn metadata_requests_read_the_guide_answers() {
    let req = contacts::properties();
    assert_req(&req, Method::Get, "/v2/contacts/meta/properties", &[], None, Replay::Safe, &CONTACT_PROPERTIES);
    assert_reads(&req, "contacts.properties.answer.json");
    let req = contacts::user_fields();
    assert_req(&req, Method::Get, "/contacts/meta/userfields", &[], None, Replay::Safe, &USER_FIELDS);
    assert_reads(&req, "contacts.userfields.answer.json");
}

#[test]
fn identities_reads_nested_channels() {
    let req = contacts::identities(&&v("2995")).unwrap();
    assert_req(&req, Method::Get, "/contacts/2995/identities", &[], None, Replay::Safe, &CONTACT_IDENTITIES);
    assert_reads(&req, "contacts.identities.answer.json");
    assert_decode(&req, r#"[{"id":1,"channel":{"id":"c174"}}]"#, "[0].channel.id");
    assert_validation(contacts::identities(&&v("1.5")), "contactId");
    assert_validation(contacts::identities(&&Value::Null), "contactId");
}

#[test]
fn groups_of_a_contact() {
    // GET /v2/contacts/${contactId}/groups?groupType=static
    let req = contacts::groups(&&v("2995"), &&v(r#"{"groupType":"static"}"#)).unwrap();
    assert_req(&req, Method::Get, "/v2/contacts/2995/groups", &[("groupType", "static")], None, Replay::Safe, &GROUPS);
    assert_reads(&req, "contacts.groups.answer.json");
    let req = contacts::groups(&&v(r#""2995""#), &&none()).unwrap();
    assert!(req.query.is_empty());
    assert_validation(contacts::groups(&&v(r#""x""#), &&none()), "contactId");
}

#[test]
fn events_of_a_contact() {
    let req = contacts::events(&&v("2995"), &&v(r#"{"page":0,"size":200}"#)).unwrap();
    assert_req(&req, Method::Get, "/contacts/2995/events", &[("page", "0"), ("size", "200")], None, Replay::Safe, &EVENTS);
    assert_reads(&req, "contacts.events.answer.json");
    assert!(contacts::events(&&v("2995"), &&none()).unwrap().query.is_empty());
    assert_validation(contacts::events(&&v("2995"), &&v(r#"{"page":-1}"#)), "page");
    assert_validation(contacts::events(&&v("2995"), &&v(r#"{"size":"10"}"#)), "size");
}
