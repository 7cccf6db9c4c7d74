//! Pagers: page numbers stop at an empty page (never a short one); every pager stops at a
//! page whose items were all seen before (a repeat, or pages alternating A, B, A, B);
//! cursors advance to the largest id and stop when they stall; `iterate_ids` reads the
//! guide's whole window (`page * size <= 10000`) and refuses to cut data at its end.
#![cfg(not(target_arch = "wasm32"))]

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
fn contacts_pages_until_an_empty_page_not_a_short_one() {
    let mut p = contacts::iterate(&&v(r#"{"size":2,"groupId":1,"search":"张"}"#)).unwrap();
    let first = next(&mut p);
    assert_eq!(first.path, "/contacts");
    assert_eq!(query(&first), [("page", "0"), ("size", "2"), ("groupId", "1"), ("search", "张")]);
    assert!(page(&mut p, &ids(1..=2)));
    assert_eq!(query(&next(&mut p))[0], ("page", "1"));
    assert!(page(&mut p, &ids(3..=3)), "a short page is yielded");
    assert_eq!(query(&next(&mut p))[0], ("page", "2"), "and does not end the iteration: the server may cap the size");
    assert!(page(&mut p, &ids(4..=4)));
    assert_eq!(query(&next(&mut p))[0], ("page", "3"));
    assert!(page(&mut p, "[]"));
    assert_eq!(p.next_request().unwrap(), None);
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn a_server_capping_page_size_does_not_truncate_any_page_iterator() {
    // Asked for 1000 a page, the server answers 2: every iterator keeps going until empty.
    let pagers = [
        contacts::iterate(&&v(r#"{"size":1000}"#)).unwrap(),
        contacts::iterate_events(&&v("7"), &&v(r#"{"size":1000}"#)).unwrap(),
        contacts::iterate_ids(&&v(r#"{"size":1000}"#)).unwrap(),
    ];
    for mut p in pagers {
        for n in 0..5u32 {
            assert_eq!(query(&next(&mut p))[0], ("page", n.to_string().as_str()));
            let text = if n < 4 { ids(2 * n + 1..=2 * n + 2) } else { "[]".to_owned() };
            assert!(page(&mut p, &text));
        }
        assert_eq!(p.next_request().unwrap(), None);
    }
}

#[test]
fn alternating_pages_end_every_iterator() {
    // The server answers A, B, A, B… whatever is asked: the third page brings nothing new.
    let (a, b) = (ids(1..=2), ids(3..=4));
    let pagers = [
        contacts::iterate(&&v(r#"{"size":2}"#)).unwrap(),
        contacts::iterate_events(&&v("7"), &&v(r#"{"size":2}"#)).unwrap(),
        events::iterate(&&v(r#"{"size":2}"#)).unwrap(),
    ];
    for mut p in pagers {
        next(&mut p);
        assert!(page(&mut p, &a));
        next(&mut p);
        assert!(page(&mut p, &b));
        next(&mut p);
        assert!(!page(&mut p, &a), "A again: all seen, not yielded");
        assert_eq!(p.next_request().unwrap(), None);
    }
    let mut p = groups::iterate_members(&&v("1"), &&v(r#"{"size":2}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, r#"[{"memberId":5},{"memberId":9}]"#));
    next(&mut p);
    assert!(page(&mut p, r#"[{"memberId":12},{"memberId":20}]"#));
    next(&mut p);
    // The cursor would advance (30 > 20) but every other member was seen: not a stall,
    // only new items are yielded as long as one is new.
    assert!(page(&mut p, r#"[{"memberId":5},{"memberId":30}]"#));
    next(&mut p);
    assert!(!page(&mut p, r#"[{"memberId":9},{"memberId":12}]"#));
    assert_eq!(p.next_request().unwrap(), None);
    let mut p = contacts::iterate_ids(&&v(r#"{"size":2}"#)).unwrap();
    for (text, fresh) in [("[1,2]", true), ("[3,4]", true), ("[2,1]", false)] {
        next(&mut p);
        assert_eq!(page(&mut p, text), fresh, "{text}");
    }
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
    assert!(page(&mut p, &ids(2..=3)), "an overlap (a contact inserted meanwhile) is not a loop");
    next(&mut p);
    assert!(!page(&mut p, &ids(2..=3)), "same page again");
    assert_eq!(p.next_request().unwrap(), None);
    assert!(!page(&mut p, &ids(4..=5)), "over is over");
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

fn numbers(range: std::ops::RangeInclusive<u32>) -> String {
    format!("[{}]", range.map(|n| n.to_string()).collect::<Vec<_>>().join(","))
}

#[test]
fn iterate_ids_reads_the_whole_window_then_refuses_to_cut_data() {
    // page * size <= 10000: with size 5000, pages 0, 1 and 2 (offset 10000) are served.
    let mut p = contacts::iterate_ids(&&v(r#"{"size":5000}"#)).unwrap();
    next(&mut p);
    assert!(page(&mut p, &numbers(1..=5000)));
    assert_eq!(query(&next(&mut p))[0], ("page", "1"));
    assert!(page(&mut p, &numbers(5001..=10000)));
    assert_eq!(query(&next(&mut p))[0], ("page", "2"), "offset 10000 is inside the guide's window");
    assert!(page(&mut p, &numbers(10001..=15000)));
    let e = p.next_request().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(e.message.contains("page * size <= 10000") && e.message.contains("may match"), "{}", e.message);
    assert_eq!(e.path.as_deref(), Some("/v2/contacts_bulk/ids"));
    assert_eq!(p.next_request().unwrap(), None, "over is over");
}

#[test]
fn iterate_ids_ends_quietly_where_the_window_proves_the_end() {
    // 9,500 ids with size 3000: pages 0..=3 (offset 9000) are served; the short last page
    // after full ones is the end (the issue's false "10000 or more ids match").
    let mut p = contacts::iterate_ids(&&v(r#"{"size":3000}"#)).unwrap();
    for (n, range) in [(0, 1..=3000), (1, 3001..=6000), (2, 6001..=9000), (3, 9001..=9500)] {
        assert_eq!(query(&next(&mut p))[0], ("page", n.to_string().as_str()));
        assert!(page(&mut p, &numbers(range)));
    }
    assert_eq!(p.next_request().unwrap(), None);
    // Fewer ids than one page: page 1 answers empty.
    let mut p = contacts::iterate_ids(&&none()).unwrap();
    next(&mut p);
    assert!(page(&mut p, "[1,2]"));
    assert_eq!(query(&next(&mut p)), [("page", "1"), ("size", "10000")]);
    assert!(page(&mut p, "[]"));
    assert_eq!(p.next_request().unwrap(), None);
}

#[test]
fn iterate_ids_at_the_window_end_without_a_full_page_may_hold_more() {
    // A server capping the size (never a full page): the last page served does not prove
    // the end.
    let mut p = contacts::iterate_ids(&&v(r#"{"size":5000}"#)).unwrap();
    for range in [1..=2, 3..=4, 5..=6] {
        next(&mut p);
        assert!(page(&mut p, &numbers(range)));
    }
    assert_eq!(p.next_request().unwrap_err().kind, ErrorKind::Validation);
}

#[test]
fn list_ids_follows_the_guides_window_literally() {
    let ok = contacts::list_ids(&&v(r#"{"page":1,"size":10000}"#)).unwrap();
    assert_eq!(query(&ok), [("page", "1"), ("size", "10000")]);
    assert!(contacts::list_ids(&&v(r#"{"page":10000,"size":1}"#)).is_ok());
    assert_validation(contacts::list_ids(&&v(r#"{"page":2,"size":5001}"#)), "page * size");
    assert_validation(contacts::list_ids(&&v(r#"{"page":10001,"size":1}"#)), "page * size");
    assert_validation(contacts::list_ids(&&v(r#"{"page":9007199254740991,"size":10000}"#)), "page * size");
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
