//! Property tests of every request validator and builder in `src/api/`: arbitrary options
//! objects made of the real option names with arbitrary values (strings, Unicode, digit
//! strings, huge/negative/fractional numbers, booleans, `null`, nested values), arbitrary
//! ids and id lists, and deeply nested input. Properties: the result is a request or a
//! `validation` error, never a panic or a stack overflow; a request's path cannot be
//! escaped, its URL is plain ASCII, its body is JSON (serde_json agrees), and the guide's
//! limits hold (the guide's `page * size <= 10000`, members `size <= 500`, 100 ids per bulk read).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::api::{channels, contacts, events, groups, wechat};
use linkflow_sdk::json::Json;
use linkflow_sdk::request::{Method, Request};
use linkflow_sdk::{Error, ErrorKind};
use proptest::prelude::*;
use serde_json::Value;

/// Values an option may be given: everything a JS caller could pass through JSON.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => text().prop_map(Value::String),
        2 => "[0-9]{1,22}".prop_map(Value::String),
        3 => number_text().prop_map(num),
        3 => (0u64..20_000).prop_map(|n| num(n.to_string())),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => id_list(),
        1 => prop::collection::vec((key(), prop_oneof![text().prop_map(Value::String), number_text().prop_map(num), Just(Value::Null)]), 0..4).prop_map(obj),
        1 => value_with(2, 3),
    ]
}

/// An options object built from the real option names (and some others).
fn options() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => prop::collection::vec((key(), field_value()), 0..8).prop_map(obj),
        1 => value_with(2, 3),
    ]
}

/// An event input: the required fields mostly present, plus anything.
fn event_input() -> impl Strategy<Value = Value> {
    let required = prop::collection::vec(
        (
            prop::sample::select(vec!["event", "channelId", "externalId"]),
            prop_oneof![8 => "[A-Za-z0-9_.-]{1,10}".prop_map(Value::String), 1 => field_value()],
        ),
        0..4,
    );
    let attrs = prop::collection::vec(((0u8..23).prop_map(|n| format!("attr{n}")), field_value()), 0..6);
    let items = prop::collection::vec(
        prop::collection::vec(
            (prop_oneof![Just("event".to_owned()), (0u8..23).prop_map(|n| format!("attr{n}")), key()], field_value()),
            0..4,
        )
        .prop_map(obj),
        0..3,
    )
    .prop_map(Value::Array);
    (required, attrs, prop::option::of(items), prop::collection::vec((key(), field_value()), 0..3)).prop_map(
        |(req, attrs, items, extra)| {
            let mut members: Vec<(String, Value)> = req.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            members.extend(attrs);
            if let Some(items) = items {
                members.push(("items".into(), items));
            }
            members.extend(extra);
            obj(members)
        },
    )
}

/// An identify input: externalId and channel mostly present, plus any fields.
fn identify_input() -> impl Strategy<Value = Value> {
    (
        prop_oneof![4 => "[a-z0-9]{1,8}".prop_map(Value::String), 1 => field_value()],
        prop_oneof![4 => "[a-z.]{1,8}".prop_map(|c| obj(vec![("channelId".into(), Value::String(c))])), 1 => field_value()],
        prop::collection::vec((key(), field_value()), 0..6),
    )
        .prop_map(|(x, c, extra)| {
            let mut m = vec![("externalId".to_owned(), x), ("channel".to_owned(), c)];
            m.extend(extra);
            obj(m)
        })
}

/// Ids as a caller could give them: numbers, digit strings, and anything else.
fn id() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => any::<u64>().prop_map(|n| num(n.to_string())),
        2 => (0u64..1000).prop_map(|n| num(n.to_string())),
        2 => "[0-9]{0,21}".prop_map(Value::String),
        2 => number_text().prop_map(num),
        1 => text().prop_map(Value::String),
        1 => prop_oneof![Just("../token".to_owned()), Just("1/../../token".to_owned()), Just("%2e%2e".to_owned()), Just("1?x=1".to_owned()), Just("1#f".to_owned())].prop_map(Value::String),
        1 => value_with(1, 3),
    ]
}

fn id_list() -> impl Strategy<Value = Value> {
    prop::collection::vec(prop_oneof![6 => (0u64..10_000_000).prop_map(|n| num(n.to_string())), 1 => id()], 0..260).prop_map(Value::Array)
}

/// What every built request must satisfy; `template_slashes`: how many `/` its path has.
fn check_request(req: &Request, template_slashes: usize) -> Result<(), TestCaseError> {
    prop_assert!(req.path.starts_with('/'), "{}", req.path);
    prop_assert!(req.path.bytes().all(|b| b.is_ascii_graphic() && b != b'?' && b != b'#'), "path {:?}", req.path);
    prop_assert_eq!(req.path.matches('/').count(), template_slashes, "path {:?} escaped its template", req.path);
    prop_assert!(!req.path.split('/').any(|seg| seg == ".." || seg == "."), "path {:?}", req.path);
    let url = req.url("https://open.example/");
    prop_assert!(url.bytes().all(|b| b.is_ascii_graphic()), "url {url:?}");
    prop_assert!(url.starts_with("https://open.example/"));
    prop_assert_eq!(url.matches('?').count(), usize::from(!req.query.is_empty()), "url {:?}", url);
    prop_assert_eq!(url.matches('#').count(), 0);
    for (name, _) in &req.query {
        prop_assert!(!name.is_empty());
    }
    match (&req.body, req.method) {
        (None, _) => {}
        (Some(_), Method::Get) => prop_assert!(false, "a GET with a body"),
        (Some(body), _) => {
            prop_assert!(parse(body).is_ok(), "body is not JSON: {body:?}");
        }
    }
    Ok(())
}

/// A build result must be a request passing [`check_request`] or a validation error.
fn check_built(r: &Result<Request, Error>, slashes: usize) -> Result<(), TestCaseError> {
    match r {
        Ok(req) => check_request(req, slashes),
        Err(e) => {
            prop_assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
            prop_assert!(!e.message.is_empty());
            prop_assert!(e.status.is_none() && e.body.is_none());
            Ok(())
        }
    }
}

fn check_pager<T>(r: &Result<T, Error>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
    }
    Ok(())
}

fn query<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn option_builders_validate_arbitrary_options(opts in options()) {
        let o = &opts;
        check_built(&contacts::list(&o), 1)?;
        check_built(&contacts::get_by_external_id(&o), 1)?;
        check_built(&contacts::find(&o), 2)?;
        check_built(&contacts::list_ids(&o), 3)?;
        check_built(&events::list(&o), 2)?;
        check_built(&groups::list(&o), 2)?;
        check_built(&groups::create(&o), 2)?;
        check_built(&channels::create(&o), 1)?;
        check_built(&wechat::user(&o), 4)?;
        check_pager(&contacts::iterate(&o))?;
        check_pager(&contacts::iterate_ids(&o))?;
        check_pager(&events::iterate(&o))?;

        if let Ok(req) = contacts::list_ids(&o) {
            let page: u64 = query(&req, "page").unwrap().parse().unwrap();
            let size: u64 = query(&req, "size").unwrap().parse().unwrap();
            prop_assert!(size >= 1 && page * size <= 10_000, "page {page} size {size}");
        }
        if let Ok(req) = contacts::find(&o) {
            prop_assert!(query(&req, "email").is_some() || query(&req, "mobilePhone").is_some());
            prop_assert!(matches!(query(&req, "needOpenId"), None | Some("1")));
        }
        if let Ok(req) = wechat::user(&o) {
            let app_id = opts.get("appId").unwrap().as_str().unwrap();
            prop_assert!(!app_id.is_empty());
            prop_assert!(req.path.starts_with("/v1/wx/") && req.path.ends_with("/user"), "{}", req.path);
        }
        for req in [contacts::list(&o), events::list(&o)].into_iter().flatten() {
            if let Some(size) = query(&req, "size") {
                prop_assert!(size.parse::<u64>().is_ok_and(|n| (1..=10_000).contains(&n)));
            }
        }
    }

    #[test]
    fn id_builders_validate_arbitrary_ids(id in id(), opts in options(), ids in id_list()) {
        let (i, o, l) = (&id, &opts, &ids);
        check_built(&contacts::identities(&i), 3)?;
        check_built(&contacts::groups(&i, &o), 4)?;
        check_built(&contacts::events(&i, &o), 3)?;
        check_built(&groups::members(&i, &o), 4)?;
        for chunks in [groups::add_contacts(&i, &l, &o), groups::remove_contacts(&i, &l, &o)] {
            match chunks {
                Ok(reqs) => reqs.iter().try_for_each(|req| check_request(req, 4))?,
                Err(e) => check_built(&Err(e), 4)?,
            }
        }
        check_built(&contacts::update(&i, &o), 3)?;
        check_pager(&contacts::iterate_events(&i, &o))?;
        check_pager(&groups::iterate_members(&i, &o))?;
        if let Ok(req) = groups::members(&i, &o) {
            if let Some(size) = query(&req, "size") {
                prop_assert!(size.parse::<u64>().is_ok_and(|n| (1..=500).contains(&n)), "members size {size}");
            }
        }
        if let Ok(req) = contacts::identities(&i) {
            // The id in the path is the id given, as digits.
            let n = req.path.trim_start_matches("/contacts/").trim_end_matches("/identities");
            prop_assert!(n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty(), "{}", req.path);
        }
    }

    #[test]
    fn get_many_chunks_by_100_and_keeps_every_id_in_order(ids in id_list(), opts in options()) {
        let (l, o) = (&ids, &opts);
        match contacts::get_many(&l, &o) {
            Ok(reqs) => {
                let mut all: Vec<String> = Vec::new();
                for req in &reqs {
                    check_request(req, 2)?;
                    let chunk: Vec<String> = query(req, "ids").unwrap().split(',').map(str::to_owned).collect();
                    prop_assert!(!chunk.is_empty() && chunk.len() <= 100, "{} ids in one request", chunk.len());
                    all.extend(chunk);
                }
                let given: Vec<String> = (0..(&ids).len()).map(|i| {
                    let v = (&ids).at(i).unwrap();
                    // The view's readings (serde_json's own `as_u64` refuses `1e2`).
                    Json::as_str(&v).map_or_else(|| Json::as_u64(&v).unwrap().to_string(), |s| s.parse::<u64>().unwrap().to_string())
                }).collect();
                prop_assert_eq!(all, given);
            }
            Err(e) => prop_assert_eq!(e.kind, ErrorKind::Validation),
        }
    }

    #[test]
    fn events_create_validates_and_sends_attrs_as_strings(input in event_input()) {
        let r = events::create(&&input);
        check_built(&r, 1)?;
        if let Ok(req) = r {
            let body = parse(req.body.as_deref().unwrap()).unwrap();
            let b = &body;
            for key in ["event", "channelId", "externalId"] {
                prop_assert!(b.get(key).and_then(|s| s.as_str()).is_some_and(|s| !s.is_empty()), "{key} in {body:?}");
            }
            let is_attr = |k: &str| (1..=20).any(|n| k == format!("attr{n}"));
            for k in b.keys() {
                if is_attr(&k) {
                    prop_assert!(b.get(&k).unwrap().as_str().is_some(), "{k} is not a string in {body:?}");
                }
            }
            if let Some(items) = b.get("items") {
                for i in 0..items.len() {
                    let item = items.at(i).unwrap();
                    for k in item.keys() {
                        if is_attr(&k) {
                            prop_assert!(item.get(&k).unwrap().as_str().is_some(), "items[{i}].{k} is not a string");
                        }
                    }
                }
            }
            // Members in the caller's order, nulls dropped, each once.
            let want: Vec<String> = (&without_null_members(&input)).keys();
            prop_assert_eq!(b.keys(), want);
        }
    }

    #[test]
    fn identify_sends_the_input_as_given(input in identify_input()) {
        let r = contacts::identify(&&input);
        check_built(&r, 1)?;
        if let Ok(req) = r {
            let body = parse(req.body.as_deref().unwrap()).unwrap();
            prop_assert_eq!(body, input);
        }
    }

    #[test]
    fn update_puts_the_id_first(id in id(), fields in options()) {
        if let Ok(req) = contacts::update(&&id, &&fields) {
            let body = parse(req.body.as_deref().unwrap()).unwrap();
            let b = &body;
            let keys = b.keys();
            prop_assert_eq!(keys.first().map(String::as_str), Some("id"));
            prop_assert_eq!(req.path, format!("/v2/contacts/{}", b.get("id").unwrap().number_text().unwrap()));
        }
    }

    #[test]
    fn deeply_nested_input_is_a_validation_error_not_a_crash(depth in 0usize..3_000, which in 0usize..3) {
        // Built, used and dropped in a thread with a small stack: before the fix, the body
        // writer recursed once per level and overflowed it.
        let out = std::thread::Builder::new().stack_size(512 * 1024).spawn(move || {
            let deep = nested(depth);
            let mut members = vec![
                ("event".to_owned(), Value::String("E".into())),
                ("channelId".to_owned(), Value::String("c".into())),
                ("externalId".to_owned(), Value::String("x".into())),
                ("channel".to_owned(), obj(vec![("channelId".into(), Value::String("c".into()))])),
            ];
            // A member no input shape types (`props` must be an object: a list there is
            // refused before any writing, whatever its depth).
            members.push(("custom".into(), deep));
            let input = obj(members);
            let r = match which {
                0 => contacts::identify(&&input),
                1 => contacts::update(&&num("1"), &&input),
                _ => events::create(&&input),
            };
            drop_deep(input);
            r.map(|req| req.body.map(|b| b.len())).map_err(|e| (e.kind, e.message))
        }).unwrap().join();
        prop_assert!(out.is_ok(), "building a request from input {depth} levels deep overflowed the stack");
        match out.unwrap() {
            Ok(_) => prop_assert!(depth <= 127, "depth {depth} accepted"),
            Err((kind, message)) => {
                prop_assert_eq!(kind, ErrorKind::Validation);
                prop_assert!(message.contains("nested too deeply"), "{}", message);
                prop_assert!(depth >= 128, "depth {} refused: {}", depth, message);
            }
        }
    }
}

/// Regression (found by `deeply_nested_input_is_a_validation_error_not_a_crash`, which
/// aborted the whole run with "thread has overflowed its stack" before the fix): an identify
/// whose `props` nest 50 000 levels deep, or a cyclic JS object, overflowed the stack in
/// `Writer::value`. Now it is a validation error and no request is built.
#[test]
fn regression_identify_with_props_50000_levels_deep_is_a_validation_error() {
    let out = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let input = obj(vec![
                ("externalId".into(), Value::String("u".into())),
                ("channel".into(), obj(vec![("channelId".into(), Value::String("c".into()))])),
                ("props".into(), nested(50_000)),
            ]);
            let r = contacts::identify(&&input).map(|_| ()).map_err(|e| e.kind);
            drop_deep(input);
            r
        })
        .unwrap()
        .join();
    assert_eq!(out.expect("identify overflowed the stack"), Err(ErrorKind::Validation));
}
