//! Property tests of every answer check: `check::read` for each endpoint's request (the
//! entry point the transport and `tests/core_*.rs` use), fed arbitrary JSON, arbitrary
//! bodies and the guide's example answers mutated; the pager fed arbitrary pages; the
//! token answer. Properties: no panic; a 2xx answer is either handed over as sent, but for
//! scalars normalized to the declared type (normalizing it again changes nothing), or a
//! `decode` error that keeps the body; any other status is an `http` error with the status,
//! the body and the request's method and path; the pager always ends.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::api::paging::Pager;
use linkflow_sdk::api::{channels, check, contacts, events, groups, wechat};
use linkflow_sdk::auth::{is_header_safe, parse_token, token_request};
use linkflow_sdk::error::{truncate_chars, BODY_LIMIT};
use linkflow_sdk::model;
use linkflow_sdk::request::Request;
use linkflow_sdk::ErrorKind;
use proptest::prelude::*;
use serde_json::Value;

fn v(text: &str) -> Value {
    parse(text).unwrap()
}

/// One request per endpoint, built with valid options, and the guide's example answer for it.
fn endpoints() -> &'static [(Request, &'static str)] {
    static ALL: std::sync::OnceLock<Vec<(Request, &'static str)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let none = v("{}");
        let id = v("42");
        let ids = v("[1,2,3]");
        vec![
            (token_request(), "token.answer.json"),
            (contacts::list(&&none).unwrap(), "contacts.list.answer.json"),
            (contacts::identify(&&v(r#"{"externalId":"u","channel":{"channelId":"c"}}"#)).unwrap(), "contacts.identify.answer.json"),
            (
                contacts::get_by_external_id(&&v(r#"{"externalId":"u","channelId":"c"}"#)).unwrap(),
                "contacts.get_by_external_id.answer.json",
            ),
            (contacts::find(&&v(r#"{"email":"a@b.c"}"#)).unwrap(), "contacts.find.answer.json"),
            (contacts::get_many(&&ids, &&none).unwrap().remove(0), "contacts.get_many.answer.json"),
            (contacts::list_ids(&&v(r#"{"page":0,"size":100}"#)).unwrap(), "contacts.list_ids.answer.json"),
            (contacts::update(&&id, &&v(r#"{"name":"n"}"#)).unwrap(), "contacts.update.answer.json"),
            (contacts::properties(), "contacts.properties.answer.json"),
            (contacts::user_fields(), "contacts.userfields.answer.json"),
            (contacts::identities(&&id).unwrap(), "contacts.identities.answer.json"),
            (contacts::groups(&&id, &&none).unwrap(), "contacts.groups.answer.json"),
            (contacts::events(&&id, &&none).unwrap(), "contacts.events.answer.json"),
            (events::create(&&v(r#"{"event":"E","channelId":"c","externalId":"x"}"#)).unwrap(), "events.create.answer.json"),
            (events::list(&&none).unwrap(), "events.list.answer.json"),
            (groups::list(&&none).unwrap(), "groups.list.answer.json"),
            (groups::create(&&v(r#"{"name":"g"}"#)).unwrap(), "groups.create.answer.json"),
            (groups::members(&&id, &&none).unwrap(), "groups.members.answer.json"),
            (groups::add_contacts(&&id, &&ids, &&none).unwrap().remove(0), "groups.add_contacts.answer.json"),
            (groups::remove_contacts(&&id, &&ids, &&none).unwrap().remove(0), "groups.remove_contacts.answer.json"),
            (wechat::user(&&v(r#"{"appId":"wx1","unionId":"u"}"#)).unwrap(), "wechat.user.answer.json"),
            (channels::create(&&v(r#"{"name":"c"}"#)).unwrap(), "channels.create.answer.json"),
            (channels::types(), "channels.types.answer.json"),
        ]
    })
}

fn endpoint() -> impl Strategy<Value = usize> {
    0..endpoints().len()
}

/// Statuses: mostly 2xx and the interesting error codes, sometimes anything.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 201, 204, 299]),
        2 => prop::sample::select(vec![400u16, 401, 403, 404, 408, 412, 429, 500, 502, 503]),
        1 => any::<u16>(),
    ]
}

/// Reads `body` as the transport does and checks what every answer must satisfy.
fn check_read(req: &Request, status: u16, body: &str) -> Result<(), TestCaseError> {
    let parsed = parse(body).ok();
    let out = check::read(req, status, body);
    match out {
        Ok(value) => {
            prop_assert!((200..300).contains(&status), "a {status} answer was accepted");
            let sent = parsed.as_ref().unwrap();
            prop_assert!(only_scalars_differ(sent, &value), "the answer is handed over as sent, but for scalars: {sent:?} → {value:?}");
            prop_assert_eq!(model::check(req.answer, &&value), Ok(Vec::new()), "a normalized answer needs no more normalizing");
        }
        Err(e) => {
            prop_assert_eq!(e.status, Some(status));
            prop_assert_eq!(e.method, Some(req.method.as_str()));
            prop_assert_eq!(e.path.as_deref(), Some(req.path.as_str()));
            prop_assert_eq!(e.body.as_deref(), Some(truncate_chars(body, BODY_LIMIT)), "the body is kept (first 2048 characters)");
            prop_assert!(e.body.as_ref().unwrap().chars().count() <= BODY_LIMIT);
            if (200..300).contains(&status) {
                prop_assert_eq!(e.kind, ErrorKind::Decode, "{}", e.message);
                if parsed.is_none() {
                    prop_assert!(e.message.contains("not JSON"), "{}", e.message);
                }
            } else {
                prop_assert_eq!(e.kind, ErrorKind::Http);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
    Ok(())
}

/// True when `after` is `before` with at most some scalars (or nulls) replaced by scalars:
/// the same containers, the same members in the same order.
fn only_scalars_differ(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| only_scalars_differ(x, y)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && only_scalars_differ(va, vb))
        }
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => false,
        _ => true,
    }
}

/// Replaces the node at pre-order position `at` of `v` with `with`.
fn replace_node(v: &mut Value, at: &mut usize, with: &Value) -> bool {
    if *at == 0 {
        *v = with.clone();
        return true;
    }
    *at -= 1;
    match v {
        Value::Array(items) => items.iter_mut().any(|i| replace_node(i, at, with)),
        Value::Object(members) => members.iter_mut().any(|(_, m)| replace_node(m, at, with)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_answer_check_takes_arbitrary_json(which in endpoint(), status in status(), value in value()) {
        let (req, _) = &endpoints()[which];
        check_read(req, status, &to_text(&value))?;
    }

    #[test]
    fn every_answer_check_takes_arbitrary_bodies(which in endpoint(), status in status(), body in prop_oneof![any::<String>(), token_soup(), ("[\\x00-\\x7f联]{1,8}", 200usize..600).prop_map(|(s, n)| s.repeat(n))]) {
        let (req, _) = &endpoints()[which];
        check_read(req, status, &body)?;
    }

    #[test]
    fn mutated_guide_answers_are_accepted_or_decode_errors(which in endpoint(), edits in edits()) {
        let (req, name) = &endpoints()[which];
        let body = apply(&fixture(name), &edits);
        check_read(req, 200, &body)?;
    }

    #[test]
    fn guide_answers_with_one_node_replaced(which in endpoint(), at in any::<prop::sample::Index>(), with in value_with(2, 3)) {
        let (req, name) = &endpoints()[which];
        let mut answer = v(&fixture(name));
        let nodes = count_nodes(&answer);
        let mut pos = at.index(nodes);
        replace_node(&mut answer, &mut pos, &with);
        let body = to_text(&answer);
        check_read(req, 200, &body)?;
        // A decode error names where (a path into the answer) unless the root is wrong.
        if let Err(e) = check::read(req, 200, &body) {
            prop_assert!(e.message.contains("expected "), "{}", e.message);
        }
    }

    #[test]
    fn error_answers_carry_the_business_code(which in endpoint(), status in 300u16..600, code in prop_oneof![text().prop_map(Value::String), number_text().prop_map(num), value_with(1, 2)], message in prop_oneof![text().prop_map(Value::String), value_with(1, 2)], key in prop::sample::select(vec!["code", "errorCode"])) {
        let (req, _) = &endpoints()[which];
        let body = to_text(&obj(vec![(key.to_owned(), code.clone()), ("message".into(), message)]));
        check_read(req, status, &body)?;
        let e = check::read(req, status, &body).unwrap_err();
        match &code {
            Value::String(s) if !s.is_empty() => prop_assert_eq!(e.code.as_deref(), Some(s.as_str())),
            Value::Number(n) => prop_assert_eq!(e.code, Some(n.to_string())),
            _ => prop_assert_eq!(e.code, None),
        }
    }

    #[test]
    fn token_answers_never_panic_and_never_show_the_token(value in value(), token in text(), expiration in prop_oneof![text(), "20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]"]) {
        // Arbitrary values.
        match parse_token(&&value) {
            Ok(t) => prop_assert!(!t.token.expose().is_empty()),
            Err(e) => prop_assert_eq!(e.kind, ErrorKind::Auth),
        }
        // Token answers with arbitrary text.
        let answer = obj(vec![("expiration".into(), Value::String(expiration.clone())), ("token".into(), Value::String(token.clone()))]);
        match parse_token(&&answer) {
            Ok(t) => {
                prop_assert_eq!(t.token.expose(), token.as_str());
                prop_assert_eq!(t.expiration.as_deref(), Some(expiration.as_str()));
                let debug = format!("{t:?}");
                let shown = debug.replace(&format!("{expiration:?}"), "");
                if token.len() >= 6 {
                    prop_assert!(!shown.contains(&token) && !shown.contains(&format!("{token:?}")), "Debug shows the token: {debug}");
                }
            }
            Err(e) => {
                // Only an empty token, or one that cannot be a header value, is refused.
                prop_assert!(token.is_empty() || !is_header_safe(&token), "{}", e.message);
                prop_assert_eq!(e.kind, ErrorKind::Auth);
                prop_assert!(token.len() < 6 || !e.message.contains(&token), "{}", e.message);
            }
        }
    }

    #[test]
    fn pagers_take_arbitrary_pages_and_always_end(kind in 0usize..6, size in prop::option::of(1u64..50), pages in prop::collection::vec(prop_oneof![value_with(2, 3), prop::collection::vec(prop_oneof![(0u64..100).prop_map(|n| v(&format!(r#"{{"id":{n},"memberId":{n}}}"#))), (0u64..100).prop_map(|n| num(n.to_string())), value_with(1, 3)], 0..6).prop_map(Value::Array)], 0..16)) {
        let size_opts = match size { Some(s) => v(&format!(r#"{{"size":{s}}}"#)), None => v("{}") };
        let id = v("7");
        let mut pager: Pager = match kind {
            0 => contacts::iterate(&&size_opts).unwrap(),
            1 => contacts::iterate_ids(&&size_opts).unwrap(),
            2 => contacts::iterate_events(&&id, &&size_opts).unwrap(),
            3 => events::iterate(&&size_opts).unwrap(),
            4 => groups::iterate_members(&&id, &&size_opts).unwrap(),
            _ => events::iterate(&&v(r#"{"fromId":9007199254740991}"#)).unwrap(),
        };
        let mut requests = 0usize;
        let mut ended = false;
        for page in &pages {
            match pager.next_request() {
                Ok(Some(req)) => {
                    requests += 1;
                    prop_assert!(req.path.starts_with('/'));
                    prop_assert!(!req.query.is_empty());
                }
                Ok(None) | Err(_) => {
                    ended = true;
                    break;
                }
            }
            // Pages are checked against the request's shape first, as the transport does.
            let text = to_text(page);
            let req = pager.clone().next_request();
            let read = match req {
                Ok(Some(r)) => check::read(&r, 200, &text).ok(),
                _ => None,
            };
            let Some(page) = read else {
                continue;
            };
            match pager.on_page(&&page) {
                Ok(_) | Err(_) => {}
            }
        }
        // Once over, it stays over.
        if ended {
            prop_assert!(matches!(pager.next_request(), Ok(None)));
        }
        prop_assert!(requests <= pages.len());
    }

    #[test]
    fn a_pager_fed_the_same_page_forever_stops(kind in 0usize..5, page in prop::collection::vec((0u64..1000).prop_map(|n| v(&format!(r#"{{"id":{n},"memberId":{n}}}"#))), 1..5).prop_map(Value::Array)) {
        let none = v("{}");
        let one = v(r#"{"size":1}"#);
        let id = v("7");
        let mut pager: Pager = match kind {
            0 => contacts::iterate(&&one).unwrap(),
            1 => contacts::iterate_events(&&id, &&one).unwrap(),
            2 => events::iterate(&&none).unwrap(),
            3 => groups::iterate_members(&&id, &&none).unwrap(),
            _ => contacts::iterate_ids(&&one).unwrap(),
        };
        let mut n = 0;
        while let Ok(Some(_)) = pager.next_request() {
            n += 1;
            prop_assert!(n <= 3, "the pager asked for the same page {} times", n);
            let _ = pager.on_page(&&page);
        }
    }
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.iter().map(|(_, m)| count_nodes(m)).sum(),
        _ => 0,
    }
}
