#![cfg(target_arch = "wasm32")]
//! Issue 12 against the stand-in and canned answers, through the JS surface, in Node and
//! headless Chromium (run as `tests/wasm_client.rs` says; `scripts/test-wasm.sh` runs both):
//! lenient answers (a scalar of another type is normalized, never fatal), a 5xx with a
//! business code is final, chunked group membership with `err.partial`, `needOpenId: 1`,
//! and `groups.create`'s only `groupType`.

mod wasm_support;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wasm_support::*;

// ---------------------------------------------------------------------------------------
// helpers

fn code(e: &JsValue) -> Option<String> {
    get(e, "code").as_string()
}

/// A `fetch` that records `{ method, url, body }` of every call in `log`, then answers with
/// `answer(url, init, callNumber)` when it returns something, else with the global fetch.
fn recording_fetch(answer: &str) -> (JsValue, Array) {
    let log = Array::new();
    let make = Function::new_with_args(
        "log",
        &format!(
            "const answer = ({answer}); return async (url, init) => {{ const u = new URL(url); log.push({{ method: init.method, path: u.pathname, query: u.search, body: init.body }}); const r = answer(u, init, log.length); return r === undefined ? fetch(url, init) : r; }};"
        ),
    );
    (make.call1(&JsValue::UNDEFINED, &log).unwrap(), log)
}

/// The recorded calls whose method and path are `method` and `path`.
fn calls(log: &Array, method: &str, path: &str) -> Vec<JsValue> {
    log.iter()
        .filter(|c| get(c, "method").as_string().as_deref() == Some(method) && get(c, "path").as_string().as_deref() == Some(path))
        .collect()
}

/// A client whose every request is answered by `fetch` (a static token: no `/token`).
fn canned(fetch: JsValue) -> JsValue {
    let options = obj(&[("baseUrl", s("http://linkflow.invalid")), ("token", s("t")), ("fetch", fetch)]);
    new_client(options).unwrap_or_else(|e| panic!("constructor threw {}", describe(&e)))
}

fn numbers(list: &JsValue) -> Vec<f64> {
    assert!(Array::is_array(list), "not an array: {}", stringify(list));
    list.unchecked_ref::<Array>().iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect()
}

// ---------------------------------------------------------------------------------------
// 12.2: answers never fail on a scalar of another type

#[wasm_bindgen_test]
async fn an_event_with_a_numeric_attr_no_longer_ends_the_iteration() {
    let _ = base();
    // Page 1 has a numeric attr2 and utm value (issue 12's defect); page 2 is empty.
    let page = r#"[{"id":1,"event":"A","attr2":10000,"utm":{"campaign":2024}},{"id":2,"event":"B","attr2":"x","triggerFlow":1}]"#;
    let (fetch, log) = recording_fetch(&format!("(u, init, k) => new Response(k === 1 ? '{page}' : '[]', {{ status: 200 }})"));
    let c = canned(fetch);
    let iter = Function::new_with_args("c", "return c.events.iterate({ size: 2 });").call1(&JsValue::UNDEFINED, &c).unwrap();
    let mut seen = Vec::new();
    loop {
        let r = settle(call(&iter, "next", &[])).await.unwrap_or_else(|e| panic!("next() rejected: {}", describe(&e)));
        if get(&r, "done").as_bool() == Some(true) {
            break;
        }
        seen.push(get(&r, "value"));
    }
    assert_eq!(seen.len(), 2, "both events, then the empty page ends it");
    let first = &seen[0];
    assert_eq!(get(first, "attr2").as_string().as_deref(), Some("10000"), "a string, as the .d.ts declares");
    assert_eq!(get(&get(first, "utm"), "campaign").as_string().as_deref(), Some("2024"));
    assert_eq!(get(&seen[1], "triggerFlow").as_bool(), Some(true));
    assert!(log.length() >= 2);
}

#[wasm_bindgen_test]
async fn create_reports_a_stored_event_whatever_the_scalar_types() {
    let _ = base();
    let answer = r#"{"id":"902","event":"E","externalId":"x","channelId":"c","attr1":5,"eventDate":"1509180345000","ver":"zero"}"#;
    let (fetch, _) = recording_fetch(&format!("() => new Response('{answer}', {{ status: 200 }})"));
    let c = canned(fetch);
    let input = obj(&[("event", s("E")), ("channelId", s("c")), ("externalId", s("x")), ("attr1", n(5.0))]);
    let e = ok(&c, "events", "create", &[input]).await;
    assert_eq!(get(&e, "id").as_f64(), Some(902.0));
    assert_eq!(get(&e, "attr1").as_string().as_deref(), Some("5"));
    assert_eq!(get(&e, "eventDate").as_f64(), Some(1_509_180_345_000.0));
    assert!(get(&e, "ver").is_null(), "a count that reads as no number is null");
}

#[wasm_bindgen_test]
async fn what_is_not_the_shape_is_still_a_decode_error() {
    let _ = base();
    for (answer, place) in
        [(r#"[{"name":"no id"}]"#, "[0].id"), (r#"{"id":1}"#, "an array"), (r#"[{"id":1,"openIds":{"a":1}}]"#, "[0].openIds")]
    {
        let (fetch, _) = recording_fetch(&format!("() => new Response('{answer}', {{ status: 200 }})"));
        let e = fails(&canned(fetch), "contacts", "list", &[]).await;
        assert_eq!(kind(&e), "decode", "{answer}");
        assert!(get(&e, "message").as_string().unwrap().contains(place), "{answer}: {}", describe(&e));
    }
    let (fetch, _) = recording_fetch(r#"() => new Response('{"id":1}', { status: 200 })"#);
    let input = obj(&[("event", s("E")), ("channelId", s("c")), ("externalId", s("x"))]);
    let e = fails(&canned(fetch), "events", "create", &[input]).await;
    assert!(get(&e, "message").as_string().unwrap().contains(".event"), "Event.event is required: {}", describe(&e));
}

// ---------------------------------------------------------------------------------------
// 12.3: a 5xx with a business code is final

#[wasm_bindgen_test]
async fn the_guides_500_b00030_is_not_retried() {
    let base = base();
    let (fetch, log) = recording_fetch("() => undefined");
    let c = client(base, &[("fetch", fetch)]);
    // The stand-in, as the guide: 500 B00030 for a bad update time.
    let opts = obj(&[("page", n(0.0)), ("size", n(5.0)), ("minUpdateTime", s("yesterday"))]);
    let e = fails(&c, "contacts", "listIds", &[opts]).await;
    assert_eq!((kind(&e), get(&e, "status").as_f64(), code(&e)), ("http".into(), Some(500.0), Some("B00030".into())));
    assert_eq!(calls(&log, "GET", "/v2/contacts_bulk/ids").len(), 1, "sent once: the server's verdict is final");
}

#[wasm_bindgen_test]
async fn a_5xx_without_a_business_code_is_still_retried() {
    let _ = base();
    for body in ["{\"message\":\"busy\"}", "<html>bad gateway</html>", "{\"code\":\"FAULT\"}"] {
        let (fetch, log) = recording_fetch(&format!("() => new Response('{body}', {{ status: 502, headers: {{ 'Retry-After': '0' }} }})"));
        let e = fails(&canned(fetch), "channels", "types", &[]).await;
        assert_eq!(get(&e, "status").as_f64(), Some(502.0));
        assert_eq!(log.length(), 3, "{body}: maxRetries 2, three attempts");
    }
}

// ---------------------------------------------------------------------------------------
// 12.6: chunked group membership

/// A fresh group on the stand-in, and the ids of `count` of its contacts.
async fn group_and_contacts(c: &JsValue, count: f64) -> (JsValue, Vec<f64>) {
    let group = ok(c, "groups", "create", &[obj(&[("name", s(&uniq("chunks")))])]).await;
    let ids = ok(c, "contacts", "listIds", &[obj(&[("page", n(0.0)), ("size", n(count))])]).await;
    (get(&group, "id"), numbers(&ids))
}

fn id_array(ids: &[f64]) -> JsValue {
    ids.iter().map(|&i| n(i)).collect::<Array>().into()
}

#[wasm_bindgen_test]
async fn add_contacts_sends_chunks_of_500_and_merges_in_input_order() {
    let base = base();
    let (fetch, log) = recording_fetch("() => undefined");
    let c = client(base, &[("fetch", fetch)]);
    let (gid, known) = group_and_contacts(&c, 20.0).await;
    assert!(known.len() >= 10, "the stand-in is seeded");
    // 1,001 ids: the known contacts spread over the three chunks, unknown ids around them.
    let mut ids: Vec<f64> = (0..1001).map(|i| 900_000_000.0 + f64::from(i)).collect();
    for (k, id) in known.iter().enumerate() {
        ids[k * 50] = *id;
    }
    let path = format!("/v2/groups/{}/contacts", gid.as_f64().unwrap());
    let r = ok(&c, "groups", "addContacts", &[gid.clone(), id_array(&ids)]).await;
    let sent = calls(&log, "POST", &path);
    let sizes: Vec<usize> =
        sent.iter().map(|call| numbers(&js_sys::JSON::parse(&get(call, "body").as_string().unwrap()).unwrap()).len()).collect();
    assert_eq!(sizes, [500, 500, 1], "the stand-in's limit is 500 ids per request");
    let success = numbers(&get(&r, "success"));
    let failure = numbers(&get(&r, "failure"));
    let order = |list: &[f64]| list.iter().map(|id| ids.iter().position(|x| x == id).unwrap()).collect::<Vec<_>>();
    assert_eq!(success, known, "the known contacts, in input order");
    assert_eq!(success.len() + failure.len(), ids.len(), "every id reported once");
    assert!(order(&failure).windows(2).all(|w| w[0] < w[1]), "failure in input order");
    assert_eq!(get(&get(&r, "group"), "id"), gid, "the last chunk's group");

    // Removing, in chunks of 7 (`chunkSize`).
    let before = calls(&log, "DELETE", &path).len();
    let r = ok(&c, "groups", "removeContacts", &[gid.clone(), id_array(&known), obj(&[("chunkSize", n(7.0))])]).await;
    assert_eq!(calls(&log, "DELETE", &path).len() - before, known.len().div_ceil(7));
    assert_eq!(numbers(&get(&r, "success")), known);
}

#[wasm_bindgen_test]
async fn add_contacts_of_nothing_sends_nothing() {
    let base = base();
    let (fetch, log) = recording_fetch("() => undefined");
    let c = client(base, &[("fetch", fetch)]);
    for method in ["addContacts", "removeContacts"] {
        let r = ok(&c, "groups", method, &[n(1.0), Array::new().into()]).await;
        assert_eq!(stringify(&r), r#"{"group":null,"success":[],"failure":[]}"#, "{method}");
    }
    assert_eq!(log.length(), 0, "no request, not even for a token");
    let e = fails(&c, "groups", "addContacts", &[n(1.0), id_array(&[1.0]), obj(&[("chunkSize", n(501.0))])]).await;
    assert_eq!(kind(&e), "validation");
    assert_eq!(log.length(), 0);
}

#[wasm_bindgen_test]
async fn a_failing_chunk_rejects_with_what_was_done() {
    let base = base();
    // The second chunk's request is refused as the guide's 400 B00031.
    let (fetch, log) = recording_fetch(
        r#"(u, init) => init.method === "POST" && u.pathname.endsWith("/contacts") && ++globalThis.__chunks_seen === 2 ? new Response('{"code":"B00031","message":"联系人超过最大数量"}', { status: 400 }) : undefined"#,
    );
    js("globalThis.__chunks_seen = 0");
    let c = client(base, &[("fetch", fetch)]);
    let (gid, known) = group_and_contacts(&c, 6.0).await;
    js("globalThis.__chunks_seen = 0");
    let e = fails(&c, "groups", "addContacts", &[gid.clone(), id_array(&known), obj(&[("chunkSize", n(2.0))])]).await;
    assert_eq!((kind(&e), get(&e, "status").as_f64(), code(&e)), ("http".into(), Some(400.0), Some("B00031".into())));
    let partial = get(&e, "partial");
    assert_eq!(numbers(&get(&partial, "success")), known[..2].to_vec(), "the first chunk was done");
    assert!(numbers(&get(&partial, "failure")).is_empty());
    assert_eq!(get(&get(&partial, "group"), "id"), gid);
    let path = format!("/v2/groups/{}/contacts", gid.as_f64().unwrap());
    assert_eq!(calls(&log, "POST", &path).len(), 2, "no chunk after the failing one");
}

// ---------------------------------------------------------------------------------------
// 12.8: needOpenId: 1, groupType static

#[wasm_bindgen_test]
async fn need_open_id_one_is_the_guides_true() {
    let base = base();
    let (fetch, log) = recording_fetch("() => undefined");
    let c = client(base, &[("fetch", fetch)]);
    ok(&c, "contacts", "find", &[obj(&[("email", s("nobody@example.com")), ("needOpenId", n(1.0))])]).await;
    ok(&c, "contacts", "getMany", &[id_array(&[1.0]), obj(&[("needOpenId", n(1.0))])]).await;
    let queries: Vec<String> = log.iter().filter_map(|c| get(&c, "query").as_string()).filter(|q| q.contains("needOpenId")).collect();
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert!(queries.iter().all(|q| q.contains("needOpenId=1")), "{queries:?}");
    let e = fails(&c, "contacts", "find", &[obj(&[("email", s("a@b.c")), ("needOpenId", s("yes"))])]).await;
    assert_eq!(kind(&e), "validation");
}

#[wasm_bindgen_test]
async fn groups_are_created_static() {
    let base = base();
    let (fetch, log) = recording_fetch("() => undefined");
    let c = client(base, &[("fetch", fetch)]);
    let g = ok(&c, "groups", "create", &[obj(&[("name", s(&uniq("static")))])]).await;
    assert_eq!(get(&g, "groupType").as_string().as_deref(), Some("static"));
    let body = get(&calls(&log, "POST", "/v2/groups")[0], "body").as_string().unwrap();
    assert!(body.contains(r#""groupType":"static""#), "{body}");
    let sent = log.length();
    let e = fails(&c, "groups", "create", &[obj(&[("name", s(&uniq("dyn"))), ("groupType", s("dynamic"))])]).await;
    assert_eq!(kind(&e), "validation");
    assert_eq!(log.length(), sent, "a validation error sends nothing");
}
