//! Pagers: page numbers stop at a short or repeated page; cursors advance to the largest
//! id and stop when they stall; `iterate_ids` refuses to cut data at the 10000 window.

mod common;

use common::*;
use linkflow_sdk::api::paging::Pager;
use linkflow_sdk::api::{contacts, events, groups};
use linkflow_sdk::request::Request;
use linkflow_sdk::ErrorKind;

fn next(p: &mut Pager) -> Request {
    p.next_request().unwrap().expect("another page")
}

fn query(r: &Request) -> Vec<(&str, &str)> {
    r.query.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn page(p: &mut Pager, text: &str) -> bool {
    p.on_page(&&v(text)).unwrap()
}

fn ids(range: std::ops::RangeInclusive<u32>) -> String {
    let items: Vec<String> = range.map(|n| format!(r#"{{"id":{n}}}"#)).collect();
    format!("[{}]", items.join(","))
}

#[test]
fn contacts_pages_until_a_short_page() {
    let mut p = contacts::iterate(&&v(r#"{"size":2,"groupId":1,"search":"张"}"#)).unwrap();
    let first = next(&mut p);
    assert_eq!(first.path, "/contacts");
    assert_eq!(query(&first), [("page", "0"), ("size", "2"), ("groupId", "1"), ("search", "张")]);
    assert!(page(&mut p, &ids(1..=2)));
    assert_eq!(query(&next(&mut p))[0], ("page", "1"));
    assert!(page(&mut p, &ids(3..=3)));
    assert_eq!(p.next_request().unwrap(), None);
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn default_page_sizes() {
    let mut p = contacts::iterate(&&none()).unwrap();
    assert_eq!(query(&next(&mut p)), [("page", "0"), ("size", "200")]);
    let mut p = contacts::iterate_events(&&v("2995"), &&none()).unwrap();
    let r = next(&mut p);
    assert_eq!((r.path.as_str(), query(&r)), ("/contacts/2995/events", vec![("page", "0"), ("size", "200")]));
    let mut p = contacts::iterate_ids(&&v(r#"{"minUpdateTime":"2017-01-01"}"#)).unwrap();
    assert_eq!(
        query(&next(&mut p)),
        [("page", "0"), ("size", "10000"), ("minUpdateTime", "2017-01-01")],
        "the whole window in one request"
    );
}

#[test]
fn an_empty_page_ends_the_iteration() {
    let mut p = contacts::iterate_events(&&v("1"), &&v(r#"{"size":3}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, "[]"));
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn a_repeated_page_ends_the_iteration_unyielded() {
    let mut p = contacts::iterate(&&v(r#"{"size":2}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, &ids(1..=2)));
    next(&mut p);
    assert!(!page(&mut p, &ids(1..=2)), "same page again");
    assert_eq!(p.next_request().unwrap(), None);
    assert!(!page(&mut p, &ids(3..=4)), "over is over");
}

#[test]
fn a_repeated_id_page_ends_iterate_ids() {
    let mut p = contacts::iterate_ids(&&v(r#"{"size":3}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, "[1,3,5]"));
    next(&mut p);
    assert!(!page(&mut p, "[1,3,5]"));
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn iterate_ids_refuses_to_pass_the_window() {
    let mut p = contacts::iterate_ids(&&v(r#"{"size":5000}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, &format!("[{}]", (1..=5000).map(|n| n.to_string()).collect::<Vec<_>>().join(","))));
    assert_eq!(query(&next(&mut p))[0], ("page", "1"));
    assert!(page(&mut p, &format!("[{}]", (5001..=10000).map(|n| n.to_string()).collect::<Vec<_>>().join(","))));
    let e = p.next_request().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(e.message.contains("10000"), "{}", e.message);
    assert_eq!(e.path.as_deref(), Some("/v2/contacts_bulk/ids"));
}

#[test]
fn iterate_ids_stops_quietly_inside_the_window() {
    let mut p = contacts::iterate_ids(&&v(r#"{"size":5000}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, "[1,2]"));
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn iterators_validate_at_construction() {
    assert_validation(contacts::iterate(&&v(r#"{"size":-1}"#)), "size");
    assert_validation(contacts::iterate(&&v(r#"{"size":0}"#)), "size");
    assert_validation(contacts::iterate(&&v(r#"{"groupId":"g"}"#)), "groupId");
    assert_validation(contacts::iterate_ids(&&v(r#"{"size":10001}"#)), "size");
    assert_validation(contacts::iterate_ids(&&v(r#"{"maxUpdateTime":1}"#)), "maxUpdateTime");
    assert_validation(contacts::iterate_events(&&v(r#""x""#), &&none()), "contactId");
    assert_validation(contacts::iterate_events(&&v("1"), &&v(r#"{"size":2.5}"#)), "size");
    assert_validation(events::iterate(&&v(r#"{"fromId":"0"}"#)), "fromId");
    assert_validation(groups::iterate_members(&&v("1"), &&v(r#"{"size":501}"#)), "size");
    assert_validation(groups::iterate_members(&&none(), &&none()), "groupId");
}

#[test]
fn events_cursor_advances_to_the_largest_id_and_stops_when_it_stalls() {
    let mut p = events::iterate(&&v(r#"{"size":2}"#)).unwrap();
    let r = next(&mut p);
    assert_eq!((r.path.as_str(), query(&r)), ("/events/lite", vec![("lastMaxId", "0"), ("size", "2")]));
    assert!(page(&mut p, r#"[{"id":9},{"id":5}]"#));
    assert_eq!(query(&next(&mut p)), [("lastMaxId", "9"), ("size", "2")]);
    assert!(page(&mut p, r#"[{"id":12}]"#), "a short page does not end a cursor");
    assert_eq!(query(&next(&mut p))[0], ("lastMaxId", "12"));
    assert!(!page(&mut p, r#"[{"id":12},{"id":3}]"#), "no id past the cursor");
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn events_cursor_starts_at_from_id_and_ends_at_an_empty_page() {
    let mut p = events::iterate(&&v(r#"{"fromId":1066758}"#)).unwrap();
    assert_eq!(query(&next(&mut p)), [("lastMaxId", "1066758")]);
    assert!(page(&mut p, &fixture("events.list.answer.json")));
    assert_eq!(query(&next(&mut p)), [("lastMaxId", "1126251")]);
    assert!(page(&mut p, "[]"));
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn a_cursor_page_without_ids_is_a_decode_error() {
    let mut p = events::iterate(&&none()).unwrap();
    next(&mut p);
    let e = p.on_page(&&v(r#"[{"event":"E"}]"#)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert_eq!(p.next_request().unwrap(), None);
    let mut p = contacts::iterate(&&none()).unwrap();
    next(&mut p);
    assert_eq!(p.on_page(&&v("{}")).unwrap_err().kind, ErrorKind::Decode);
}

#[test]
fn members_cursor_follows_member_id() {
    let mut p = groups::iterate_members(&&v("252"), &&v(r#"{"size":2}"#)).unwrap();
    let r = next(&mut p);
    assert_eq!((r.path.as_str(), query(&r)), ("/v2/groups/252/contacts", vec![("memberId", "0"), ("size", "2")]));
    assert!(page(&mut p, &fixture("groups.members.answer.json")));
    assert_eq!(query(&next(&mut p)), [("memberId", "1243184"), ("size", "2")]);
    assert!(!page(&mut p, r#"[{"memberId":1243184}]"#));
    assert_eq!(p.next_request().unwrap(), None);
    let mut p = groups::iterate_members(&&v("252"), &&none()).unwrap();
    assert_eq!(query(&next(&mut p)), [("memberId", "0")]);
}
