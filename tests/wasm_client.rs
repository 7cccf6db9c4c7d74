#![cfg(target_arch = "wasm32")]
//! `LinkflowClient` through its JS surface, against `linkflow-devserver`.
//!
//! The same suite runs in Node and in headless Chromium:
//!
//! ```text
//! cargo build -p linkflow-devserver
//! target/debug/linkflow-devserver --port 0 --seed 50      # prints listening on http://127.0.0.1:PORT
//! LINKFLOW_TEST_URL=http://127.0.0.1:PORT \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm_client                  # Node
//! # Chromium: the same plus WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver
//! #   (webdriver.json at the repo root; WASM_BINDGEN_TEST_TIMEOUT=180 for the slower tests)
//! ```
//!
//! The server URL is read at compile time (`option_env!`); without it every test fails
//! (a suite that passes without running proves nothing). Requests are counted with a wrapping `fetch` option, so
//! the tests do not depend on each other or on the server's global counters. Tests that
//! inject server faults scope them to one path and reset them afterwards.

mod wasm_support;

use js_sys::{Array, Promise};
use linkflow_sdk::wasm::set_error_class;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_support::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &JsValue) -> Promise;
}

// ---------------------------------------------------------------------------------------
// helpers

fn len(a: &JsValue) -> u32 {
    assert!(Array::is_array(a), "expected an array");
    a.unchecked_ref::<Array>().length()
}

/// A `fetch` that records `"METHOD /path?query"` of every call in `log`, then calls the
/// global fetch.
fn counting_fetch() -> (JsValue, Array) {
    let log = Array::new();
    let make = jsfn(
        "log",
        "return (url, init) => { const u = new URL(url); log.push(init.method + ' ' + u.pathname + u.search); return fetch(url, init); };",
    );
    (make.call1(&JsValue::UNDEFINED, &log).unwrap(), log)
}

/// Entries of `log` whose text starts with `prefix` (e.g. `"GET /token"`).
fn count(log: &Array, prefix: &str) -> usize {
    log.iter().filter(|e| e.as_string().is_some_and(|s| s == prefix || s.starts_with(&format!("{prefix}?")))).count()
}

async fn admin(base: &str, path: &str, body: JsValue) -> JsValue {
    let init = obj(&[("method", s("POST")), ("headers", obj(&[("Content-Type", s("application/json"))])), ("body", s(&stringify(&body)))]);
    let res = JsFuture::from(global_fetch(&format!("{base}{path}"), &init)).await.unwrap();
    assert_eq!(get(&res, "status").as_f64(), Some(200.0), "admin {path}");
    JsFuture::from(call(&res, "json", &[]).dyn_into::<Promise>().unwrap()).await.unwrap()
}

async fn faults(base: &str, settings: JsValue) {
    admin(base, "/__admin/faults", settings).await;
}

async fn no_faults(base: &str) {
    faults(base, obj(&[("reset", JsValue::TRUE)])).await;
}

/// Drains an async iterator (`Pages`) into an array, checking the protocol on the way.
async fn drain(pages: &JsValue) -> Array {
    let out = Array::new();
    loop {
        let r = settle(call(pages, "next", &[])).await.unwrap_or_else(|e| panic!("next() rejected: {}", describe(&e)));
        if get(&r, "done").as_bool().unwrap() {
            assert!(get(&r, "value").is_undefined());
            return out;
        }
        out.push(&get(&r, "value"));
    }
}

fn ids(list: &JsValue) -> Vec<f64> {
    list.unchecked_ref::<Array>().iter().map(|c| get(&c, "id").as_f64().unwrap()).collect()
}

fn is_plain_object(v: &JsValue) -> bool {
    jsfn("v", "return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;")
        .call1(&JsValue::UNDEFINED, v)
        .unwrap()
        .as_bool()
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// construction

#[wasm_bindgen_test]
fn constructor_validates_credentials_and_options() {
    let base = base();
    let provider = js("() => 'x'");
    let bad: Vec<(&str, JsValue)> = vec![
        ("no options", JsValue::UNDEFINED),
        ("no credentials", obj(&[("baseUrl", s(base))])),
        ("two credentials", obj(&[("token", s("t")), ("tokenProvider", provider.clone())])),
        ("key and token", obj(&[("appKey", s("k")), ("appSecret", s("s")), ("token", s("t")), ("dangerouslyAllowBrowser", JsValue::TRUE)])),
        ("key without secret", obj(&[("appKey", s("k"))])),
        ("empty token", obj(&[("token", s(""))])),
        ("provider not a function", obj(&[("tokenProvider", s("x"))])),
        ("fetch not a function", obj(&[("token", s("t")), ("fetch", n(1.0))])),
        ("negative timeout", obj(&[("token", s("t")), ("timeoutMs", n(-1.0))])),
        ("fractional timeout", obj(&[("token", s("t")), ("timeoutMs", n(1.5))])),
        ("string retries", obj(&[("token", s("t")), ("maxRetries", s("2"))])),
        ("negative retries", obj(&[("token", s("t")), ("maxRetries", n(-1.0))])),
    ];
    for (what, options) in bad {
        let e = new_client(options).err().unwrap_or_else(|| panic!("{what}: accepted"));
        check_error_shape(&e);
        assert_eq!(kind(&e), "validation", "{what}");
    }
    for good in [
        obj(&[("token", s("t"))]),
        obj(&[("tokenProvider", provider), ("timeoutMs", n(0.0)), ("maxRetries", n(0.0))]),
        obj(&[("token", s("t")), ("baseUrl", s(&format!("{base}/"))), ("fetch", js("fetch"))]),
    ] {
        new_client(good).unwrap_or_else(|e| panic!("refused: {}", describe(&e)));
    }
}

#[wasm_bindgen_test]
fn app_secret_is_refused_where_window_exists_unless_allowed() {
    let base = base();
    let in_browser = !get(&js_sys::global(), "window").is_undefined();
    let r = new_client(obj(&[("baseUrl", s(base)), ("appKey", s("demo-key")), ("appSecret", s("demo-secret"))]));
    if in_browser {
        assert_eq!(kind(&r.err().unwrap()), "validation");
    } else {
        r.unwrap_or_else(|e| panic!("Node refused appSecret: {}", describe(&e)));
    }
    client(base, &[]);
}

#[wasm_bindgen_test]
fn namespaces_are_created_once() {
    let base = base();
    let c = client(base, &[]);
    for ns in ["contacts", "events", "channels", "groups", "wechat"] {
        assert!(get(&c, ns).is_object(), "{ns}");
        assert_eq!(get(&c, ns), get(&c, ns), "{ns} is the same object every time");
    }
}

// ---------------------------------------------------------------------------------------
// every namespace

#[wasm_bindgen_test]
async fn contacts_calls_return_plain_json() {
    let base = base();
    let c = client(base, &[]);
    let list = ok(&c, "contacts", "list", &[obj(&[("size", n(5.0))])]).await;
    assert_eq!(len(&list), 5);
    let first = list.unchecked_ref::<Array>().get(0);
    assert!(is_plain_object(&first), "contacts are plain objects");
    assert!(get(&first, "id").as_f64().is_some());

    let external_id = uniq("ext");
    let channel_id = uniq("site");
    let email = format!("{}@example.com", uniq("mail"));
    let input = obj(&[
        ("externalId", s(&external_id)),
        ("channel", obj(&[("channelId", s(&channel_id)), ("name", s("Site"))])),
        ("name", s("张三")),
        ("email", s(&email)),
        ("props", obj(&[("attr1", s("单身")), ("attr2", n(10000.0))])),
    ]);
    let contact = ok(&c, "contacts", "identify", &[input]).await;
    assert!(is_plain_object(&contact));
    let id = get(&contact, "id");
    assert_eq!(get(&contact, "name").as_string().as_deref(), Some("张三"));
    assert_eq!(get(&get(&contact, "props"), "attr2").as_f64(), Some(10000.0), "props keep their JSON type");

    let same = ok(&c, "contacts", "getByExternalId", &[obj(&[("externalId", s(&external_id)), ("channelId", s(&channel_id))])]).await;
    assert_eq!(get(&same, "id"), id);

    let found = ok(&c, "contacts", "find", &[obj(&[("email", s(&email)), ("needOpenId", JsValue::TRUE)])]).await;
    assert_eq!(ids(&found), vec![id.as_f64().unwrap()]);

    let updated = ok(&c, "contacts", "update", &[id.clone(), obj(&[("city", s("上海")), ("nickname", JsValue::NULL)])]).await;
    assert_eq!(get(&updated, "city").as_string().as_deref(), Some("上海"));

    let many = ok(&c, "contacts", "getMany", &[Array::of2(&id, &s("1")).into()]).await;
    assert!(ids(&many).contains(&id.as_f64().unwrap()));

    let some_ids = ok(&c, "contacts", "listIds", &[obj(&[("page", n(0.0)), ("size", n(10.0))])]).await;
    assert_eq!(len(&some_ids), 10);
    assert!(some_ids.unchecked_ref::<Array>().get(0).as_f64().is_some(), "ids are numbers");

    let props = ok(&c, "contacts", "properties", &[]).await;
    assert!(len(&props) > 0 && is_plain_object(&props.unchecked_ref::<Array>().get(0)));
    let fields = ok(&c, "contacts", "userFields", &[]).await;
    assert!(Array::is_array(&fields));

    let identities = ok(&c, "contacts", "identities", std::slice::from_ref(&id)).await;
    let channel = get(&identities.unchecked_ref::<Array>().get(0), "channel");
    assert_eq!(get(&channel, "channelId").as_string(), Some(channel_id));

    let groups = ok(&c, "contacts", "groups", &[id.clone(), obj(&[("groupType", s("static"))])]).await;
    assert!(Array::is_array(&groups));
    let events = ok(&c, "contacts", "events", &[s(&id.as_f64().unwrap().to_string()), obj(&[("page", n(0.0)), ("size", n(10.0))])]).await;
    assert!(Array::is_array(&events), "ids may be digit strings");
}

#[wasm_bindgen_test]
async fn events_channels_groups_wechat_calls_return_plain_json() {
    let base = base();
    let c = client(base, &[]);
    let external_id = uniq("ev");
    let input = obj(&[
        ("event", s("UDE_TEST")),
        ("channelId", s("example.com")),
        ("externalId", s(&external_id)),
        ("eventDate", n(1_509_180_345_000.0)),
        ("attr1", s("DD1232")),
        ("attr2", n(200.5)),
        ("items", Array::of1(&obj(&[("event", s("UDE_SUBITEM")), ("attr1", s("item1"))])).into()),
        ("utm", obj(&[("source", s("newsletter"))])),
    ]);
    let event = ok(&c, "events", "create", &[input]).await;
    assert!(is_plain_object(&event));
    assert_eq!(get(&event, "attr2").as_string().as_deref(), Some("200.5"), "numeric attrs are sent as strings");
    let event_id = get(&event, "id").as_f64().unwrap();

    let page = ok(&c, "events", "list", &[obj(&[("lastMaxId", n(event_id - 1.0)), ("size", n(5.0))])]).await;
    assert_eq!(ids(&page).first(), Some(&event_id));

    let channel_id = uniq("udc");
    let channel = ok(&c, "channels", "create", &[obj(&[("name", s("UDC A")), ("channelId", s(&channel_id))])]).await;
    assert_eq!(get(&channel, "channelId").as_string(), Some(channel_id));
    assert_eq!(get(&channel, "channelType").as_string().as_deref(), Some("UDC"));
    let types = ok(&c, "channels", "types", &[]).await;
    assert!(len(&types) > 0 && get(&types.unchecked_ref::<Array>().get(0), "channelType").is_string());

    let name = uniq("group");
    let group = ok(&c, "groups", "create", &[obj(&[("name", s(&name))])]).await;
    let group_id = get(&group, "id");
    let listed = ok(&c, "groups", "list", &[obj(&[("name", s(&name))])]).await;
    assert_eq!(ids(&listed), vec![group_id.as_f64().unwrap()]);
    let contact_ids = ok(&c, "contacts", "listIds", &[obj(&[("page", n(0.0)), ("size", n(3.0))])]).await;
    let added = ok(&c, "groups", "addContacts", &[group_id.clone(), contact_ids.clone()]).await;
    assert_eq!(len(&get(&added, "success")), 3);
    assert_eq!(get(&get(&added, "group"), "id"), group_id);
    let members = ok(&c, "groups", "members", &[group_id.clone(), obj(&[("size", n(500.0))])]).await;
    assert_eq!(len(&members), 3);
    assert!(get(&members.unchecked_ref::<Array>().get(0), "memberId").as_f64().is_some());
    let all = drain(&call(&get(&c, "groups"), "iterateMembers", &[group_id.clone(), obj(&[("size", n(2.0))])])).await;
    assert_eq!(all.length(), 3, "iterateMembers pages by memberId");
    let removed = ok(&c, "groups", "removeContacts", &[group_id.clone(), contact_ids]).await;
    assert_eq!(len(&get(&removed, "success")), 3);

    let app_id = uniq("wxapp");
    let union_id = uniq("union");
    let open_id = uniq("openid");
    let wx = obj(&[("appId", s(&app_id)), ("openId", s(&open_id)), ("unionId", s(&union_id))]);
    ok(
        &c,
        "contacts",
        "identify",
        &[obj(&[("externalId", s(&uniq("wx"))), ("channel", obj(&[("channelId", s("example.com"))])), ("weChatInfo", wx)])],
    )
    .await;
    let user = ok(&c, "wechat", "user", &[obj(&[("appId", s(&app_id)), ("unionId", s(&union_id))])]).await;
    assert!(is_plain_object(&user));
    assert_eq!(get(&user, "openId").as_string(), Some(open_id));
}

#[wasm_bindgen_test]
async fn token_reports_the_token_in_use() {
    let base = base();
    let c = client(base, &[]);
    let info = ok(&c, "", "token", &[]).await;
    assert!(get(&info, "token").as_string().is_some_and(|t| !t.is_empty()));
    assert!(get(&info, "expiration").is_string());
    let fixed = new_client(obj(&[("baseUrl", s(base)), ("token", s("fixed"))])).unwrap();
    let info = ok(&fixed, "", "token", &[]).await;
    assert_eq!(get(&info, "token").as_string().as_deref(), Some("fixed"));
    assert!(get(&info, "expiration").is_null());
}

#[wasm_bindgen_test]
async fn a_fetch_option_gets_fresh_headers_on_every_call() {
    let base = base();
    // A fetch option that changes the headers it is given (drops `Accept`, which keeps the
    // request simple for CORS) and records whether they arrived whole.
    let seen = Array::new();
    let make = jsfn(
        "seen",
        "return (url, init) => { seen.push('Accept' in init.headers); delete init.headers.Accept; return fetch(url, init); };",
    );
    let c = client(base, &[("fetch", make.call1(&JsValue::UNDEFINED, &seen).unwrap())]);
    ok(&c, "channels", "types", &[]).await;
    ok(&c, "channels", "types", &[]).await;
    assert!(seen.length() >= 3, "token + two calls");
    assert!(seen.iter().all(|fresh| fresh == JsValue::TRUE), "no call saw another call's change to its headers");
}

// ---------------------------------------------------------------------------------------
// validation and errors

#[wasm_bindgen_test]
async fn validation_errors_send_nothing_and_the_client_keeps_working() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    let cases: Vec<(&str, &str, Vec<JsValue>)> = vec![
        ("contacts", "find", vec![obj(&[])]),
        ("contacts", "identify", vec![obj(&[("externalId", s("x"))])]),
        ("contacts", "listIds", vec![obj(&[("page", n(11.0)), ("size", n(1000.0))])]),
        ("contacts", "update", vec![s("abc"), obj(&[])]),
        ("contacts", "list", vec![obj(&[("size", s("10"))])]),
        ("contacts", "getMany", vec![s("1,2")]),
        ("events", "create", vec![obj(&[("event", s("E")), ("channelId", s("c"))])]),
        ("groups", "members", vec![n(1.0), obj(&[("size", n(501.0))])]),
        ("wechat", "user", vec![obj(&[("appId", s("a"))])]),
        ("channels", "types", vec![obj(&[("timeoutMs", n(-5.0))])]),
        ("contacts", "list", vec![obj(&[]), obj(&[("signal", s("nope"))])]),
    ];
    for (ns, method, args) in cases {
        let e = fails(&c, ns, method, &args).await;
        assert_eq!(kind(&e), "validation", "{ns}.{method}: {}", describe(&e));
    }
    assert_eq!(log.length(), 0, "no request at all, not even for a token");
    let list = ok(&c, "contacts", "list", &[obj(&[("size", n(2.0))])]).await;
    assert_eq!(len(&list), 2);
    assert_eq!(count(&log, "GET /token"), 1);
}

#[wasm_bindgen_test]
async fn not_found_is_an_http_error_with_the_business_code() {
    let base = base();
    let c = client(base, &[]);
    let e = fails(&c, "contacts", "update", &[n(987_654_321.0), obj(&[("name", s("x"))])]).await;
    assert_eq!(kind(&e), "http");
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("B00008"));
    assert_eq!(get(&e, "method").as_string().as_deref(), Some("PUT"));
    assert_eq!(get(&e, "path").as_string().as_deref(), Some("/v2/contacts/987654321"));
    assert!(get(&e, "body").as_string().is_some_and(|b| b.contains("B00008")));
    // and the same client goes on working
    ok(&c, "channels", "types", &[]).await;
}

#[wasm_bindgen_test]
async fn bad_credentials_are_auth_errors() {
    let base = base();
    let c = new_client(obj(&[
        ("baseUrl", s(base)),
        ("appKey", s("demo-key")),
        ("appSecret", s("wrong")),
        ("dangerouslyAllowBrowser", JsValue::TRUE),
    ]))
    .unwrap();
    let e = fails(&c, "contacts", "list", &[]).await;
    assert_eq!(kind(&e), "auth");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(get(&e, "path").as_string().as_deref(), Some("/token"));
    assert!(!describe(&e).contains("wrong"), "the secret is nowhere in the error");

    let throwing = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", js("() => { throw new Error('backend down') }"))])).unwrap();
    let e = fails(&throwing, "contacts", "list", &[]).await;
    assert_eq!(kind(&e), "auth");
    assert!(get(&e, "message").as_string().unwrap().contains("backend down"));
    let garbage = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", js("async () => 42"))])).unwrap();
    assert_eq!(kind(&fails(&garbage, "contacts", "list", &[]).await), "auth");
    let rejecting = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", js("() => Promise.reject(new Error('no'))"))])).unwrap();
    assert_eq!(kind(&fails(&rejecting, "", "token", &[]).await), "auth");
}

#[wasm_bindgen_test]
async fn unreachable_server_is_a_network_error() {
    let _ = base();
    let c = new_client(obj(&[("baseUrl", s("http://127.0.0.1:9")), ("token", s("t")), ("maxRetries", n(0.0))])).unwrap();
    let e = fails(&c, "contacts", "list", &[]).await;
    assert_eq!(kind(&e), "network");
    assert_eq!(get(&e, "path").as_string().as_deref(), Some("/contacts"));
}

#[wasm_bindgen_test]
async fn answers_of_the_wrong_shape_are_decode_errors() {
    let base = base();
    let fetch = js("async () => new Response('[{\"id\": \"not a number\"}]', { status: 200 })");
    let c = new_client(obj(&[("baseUrl", s(base)), ("token", s("t")), ("fetch", fetch)])).unwrap();
    let e = fails(&c, "contacts", "list", &[]).await;
    assert_eq!(kind(&e), "decode");
    assert!(get(&e, "message").as_string().unwrap().contains("[0].id"));
    let fetch = js("async () => new Response('<html>', { status: 200 })");
    let c = new_client(obj(&[("baseUrl", s(base)), ("token", s("t")), ("fetch", fetch)])).unwrap();
    assert_eq!(kind(&fails(&c, "channels", "types", &[]).await), "decode");
}

// ---------------------------------------------------------------------------------------
// tokens

#[wasm_bindgen_test]
async fn concurrent_calls_share_one_token_request() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    let calls = Array::new();
    for _ in 0..10 {
        calls.push(&call(&get(&c, "contacts"), "list", &[obj(&[("size", n(1.0))])]));
    }
    let all = JsFuture::from(Promise::all(&calls)).await.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(len(&all), 10);
    assert_eq!(count(&log, "GET /token"), 1, "one token request for ten waiting calls");
    assert_eq!(count(&log, "GET /contacts"), 10);
    ok(&c, "contacts", "list", &[obj(&[("size", n(1.0))])]).await;
    assert_eq!(count(&log, "GET /token"), 1, "the token is cached");
}

#[wasm_bindgen_test]
async fn a_401_refreshes_the_token_once_and_replays() {
    let base = base();
    let (fetch, log) = counting_fetch();
    // First a token the server does not know, then real ones from the demo backend.
    let provider = jsfn(
        "base, calls",
        "return async () => { calls.push(1); if (calls.length === 1) return 'bogus'; const r = await fetch(base + '/demo/token'); return await r.json(); };",
    );
    let calls = Array::new();
    let provider = provider.call2(&JsValue::UNDEFINED, &s(base), &calls).unwrap();
    let c = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", provider), ("fetch", fetch)])).unwrap();
    let types = ok(&c, "channels", "types", &[]).await;
    assert!(len(&types) > 0);
    assert_eq!(calls.length(), 2, "one refresh");
    assert_eq!(count(&log, "GET /channels/meta/types"), 2, "the call was replayed once");
    ok(&c, "channels", "types", &[]).await;
    assert_eq!(calls.length(), 2, "the fresh token is kept");

    // A token that stays refused: one refresh, then kind auth, no loop.
    let (fetch, log) = counting_fetch();
    let calls = Array::new();
    let provider = jsfn("calls", "return () => { calls.push(1); return 'bogus'; };").call1(&JsValue::UNDEFINED, &calls).unwrap();
    let c = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", provider), ("fetch", fetch)])).unwrap();
    let e = fails(&c, "contacts", "list", &[]).await;
    assert_eq!(kind(&e), "auth");
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert_eq!(calls.length(), 2);
    assert_eq!(count(&log, "GET /contacts"), 2);

    // A static token cannot be refreshed: auth at once.
    let (fetch, log) = counting_fetch();
    let c = new_client(obj(&[("baseUrl", s(base)), ("token", s("bogus")), ("fetch", fetch)])).unwrap();
    assert_eq!(kind(&fails(&c, "contacts", "list", &[]).await), "auth");
    assert_eq!(log.length(), 1);
}

#[wasm_bindgen_test]
async fn an_expired_token_is_used_once_then_replaced_without_a_loop() {
    let base = base();
    let (fetch, log) = counting_fetch();
    // Expired on issue: the calls that waited for it use it; the next call fetches again.
    let provider = js("async () => { const r = await fetch(BASE + '/demo/token'); const t = await r.json(); return { token: t.token, expiration: '2017-09-04 09:30:23' }; }".replace("BASE", &format!("{base:?}")).as_str());
    let c = new_client(obj(&[("baseUrl", s(base)), ("tokenProvider", provider), ("fetch", fetch)])).unwrap();
    let info = ok(&c, "", "token", &[]).await;
    assert_eq!(get(&info, "expiration").as_string().as_deref(), Some("2017-09-04 09:30:23"));
    ok(&c, "channels", "types", &[]).await;
    ok(&c, "channels", "types", &[]).await;
    assert_eq!(count(&log, "GET /channels/meta/types"), 2, "no 401, no loop");
}

// ---------------------------------------------------------------------------------------
// retries, timeouts, aborts

#[wasm_bindgen_test]
async fn retries_after_503_then_succeeds() {
    let base = base();
    let (real, log) = counting_fetch();
    // The server answers 503 (Retry-After: 0) to the first two attempts; before the third
    // the wrapping fetch switches the fault off, so the third attempt succeeds.
    faults(
        base,
        obj(&[
            ("failRate", n(1.0)),
            ("failStatus", n(503.0)),
            ("retryAfterSecs", n(0.0)),
            ("paths", Array::of1(&s("/channels/meta/types")).into()),
        ]),
    )
    .await;
    let heal = jsfn(
        "real, base",
        "let n = 0; return async (url, init) => { if (url.includes('/channels/meta/types') && ++n === 3) await fetch(base + '/__admin/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{\"reset\":true}' }); return real(url, init); };",
    )
    .call2(&JsValue::UNDEFINED, &real, &s(base))
    .unwrap();
    let c = client(base, &[("fetch", heal)]);
    let types = ok(&c, "channels", "types", &[]).await;
    no_faults(base).await;
    assert!(len(&types) > 0);
    assert_eq!(count(&log, "GET /channels/meta/types"), 3, "two 503s, then success");
}

#[wasm_bindgen_test]
async fn injected_server_faults_are_retried_by_class() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    ok(&c, "", "token", &[]).await;
    let only = |p: &str| Array::of1(&s(p)).into();
    faults(
        base,
        obj(&[("failRate", n(1.0)), ("failStatus", n(503.0)), ("retryAfterSecs", n(0.0)), ("paths", only("/channels/meta/types"))]),
    )
    .await;
    let e = fails(&c, "channels", "types", &[]).await;
    assert_eq!((kind(&e), get(&e, "status").as_f64()), ("http".into(), Some(503.0)));
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("FAULT"));
    assert_eq!(count(&log, "GET /channels/meta/types"), 3, "maxRetries 2: three attempts");

    // A create is not repeated after a 500: the server may have acted.
    faults(base, obj(&[("failRate", n(1.0)), ("failStatus", n(500.0)), ("retryAfterSecs", JsValue::NULL), ("paths", only("/udc"))])).await;
    let e = fails(&c, "channels", "create", &[obj(&[("name", s("x"))])]).await;
    assert_eq!(get(&e, "status").as_f64(), Some(500.0));
    assert_eq!(count(&log, "POST /udc"), 1);
    // ... but it is after a 503 with Retry-After: the server said it did not act.
    faults(base, obj(&[("failStatus", n(503.0)), ("retryAfterSecs", n(0.0))])).await;
    fails(&c, "channels", "create", &[obj(&[("name", s("x"))])]).await;
    assert_eq!(count(&log, "POST /udc"), 4);
    no_faults(base).await;
}

#[wasm_bindgen_test]
async fn slow_attempts_time_out() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch), ("timeoutMs", n(300.0)), ("maxRetries", n(1.0))]);
    ok(&c, "", "token", &[]).await;
    faults(base, obj(&[("stallMs", n(3000.0)), ("paths", Array::of1(&s("/channels/meta/types")).into())])).await;
    let started = js_sys::Date::now();
    let e = fails(&c, "channels", "types", &[]).await;
    no_faults(base).await;
    assert_eq!(kind(&e), "timeout", "{}", describe(&e));
    assert_eq!(count(&log, "GET /channels/meta/types"), 2, "a timed-out GET is retried");
    assert!(js_sys::Date::now() - started < 2900.0, "each attempt was cut at timeoutMs");

    // A fetch that ignores the signal still times out; per-call timeoutMs overrides.
    let never = js("(url, init) => url.includes('/token') ? fetch(url, init) : new Promise(() => {})");
    let c = client(base, &[("fetch", never), ("maxRetries", n(0.0))]);
    let e = fails(&c, "contacts", "list", &[obj(&[]), obj(&[("timeoutMs", n(100.0))])]).await;
    assert_eq!(kind(&e), "timeout");

    // Headers arrive but the body never ends: reading it is bounded too.
    let endless = js("async () => new Response(new ReadableStream({ start() {} }), { status: 200 })");
    let c =
        new_client(obj(&[("baseUrl", s(base)), ("token", s("t")), ("fetch", endless), ("timeoutMs", n(150.0)), ("maxRetries", n(0.0))]))
            .unwrap();
    assert_eq!(kind(&fails(&c, "channels", "types", &[]).await), "timeout");
}

#[wasm_bindgen_test]
async fn aborted_calls_reject_with_kind_aborted() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch.clone())]);

    // Already aborted: no request at all.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let e = fails(&c, "contacts", "list", &[obj(&[]), obj(&[("signal", controller.signal().into())])]).await;
    assert_eq!(kind(&e), "aborted");
    assert_eq!(log.length(), 0);

    // Mid-flight.
    ok(&c, "", "token", &[]).await;
    faults(base, obj(&[("stallMs", n(3000.0)), ("paths", Array::of1(&s("/channels/meta/types")).into())])).await;
    let controller = web_sys::AbortController::new().unwrap();
    let pending = call(&get(&c, "channels"), "types", &[obj(&[("signal", controller.signal().into())])]);
    let abort = jsfn("c", "setTimeout(() => c.abort(), 100);");
    abort.call1(&JsValue::UNDEFINED, &controller).unwrap();
    let started = js_sys::Date::now();
    let e = settle(pending).await.unwrap_err();
    no_faults(base).await;
    check_error_shape(&e);
    assert_eq!(kind(&e), "aborted");
    assert!(js_sys::Date::now() - started < 2500.0);

    // Mid-backoff: a 503 asking for 30 s, aborted after 100 ms.
    let busy = js("async () => new Response('{}', { status: 503, headers: { 'Retry-After': '30' } })");
    let c = new_client(obj(&[("baseUrl", s(base)), ("token", s("t")), ("fetch", busy)])).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    let pending = call(&get(&c, "contacts"), "list", &[obj(&[]), obj(&[("signal", controller.signal().into())])]);
    abort.call1(&JsValue::UNDEFINED, &controller).unwrap();
    let started = js_sys::Date::now();
    let e = settle(pending).await.unwrap_err();
    assert_eq!(kind(&e), "aborted");
    assert!(js_sys::Date::now() - started < 5000.0, "the backoff was cut short");
}

// ---------------------------------------------------------------------------------------
// iterators, bulk reads, many creates

#[wasm_bindgen_test]
async fn iterate_yields_every_contact_across_pages() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    let everyone = ok(&c, "contacts", "list", &[obj(&[("size", n(10000.0))])]).await;
    let total = len(&everyone);
    assert!(total >= 50, "seeded with --seed 50");
    let pages = call(&get(&c, "contacts"), "iterate", &[obj(&[("size", n(7.0))])]);
    assert_eq!(count(&log, "GET /contacts"), 1, "lazy: nothing sent before next()");
    let all = drain(&pages).await;
    assert_eq!(ids(&all.clone().into()), ids(&everyone), "every contact once, in order");
    let requests = count(&log, "GET /contacts") - 1;
    assert_eq!(requests, (total as usize).div_ceil(7) + 1, "pages of 7 until an empty page");
    // After the end, next() keeps answering done.
    let r = settle(call(&pages, "next", &[])).await.unwrap();
    assert_eq!(get(&r, "done"), JsValue::TRUE);

    // Events by cursor, contact ids by page, a contact's events.
    let events = drain(&call(&get(&c, "events"), "iterate", &[obj(&[("size", n(40.0))])])).await;
    let event_ids = ids(&events.into());
    assert!(event_ids.len() >= 150 && event_ids.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
    let contact_ids = drain(&call(&get(&c, "contacts"), "iterateIds", &[obj(&[("size", n(9.0))])])).await;
    assert_eq!(contact_ids.length(), total);
    let first = everyone.unchecked_ref::<Array>().get(0);
    let own = drain(&call(&get(&c, "contacts"), "iterateEvents", &[get(&first, "id"), obj(&[("size", n(1.0))])])).await;
    assert!(own.length() >= 1);

    // Overlapping next() calls (no await in between), across page boundaries: every
    // contact once, in order, whether the item was buffered or had to be fetched.
    let pages = call(&get(&c, "contacts"), "iterate", &[obj(&[("size", n(3.0))])]);
    let mut overlapped = Vec::new();
    loop {
        let batch: Vec<JsValue> = (0..5).map(|_| call(&pages, "next", &[])).collect();
        let mut done = false;
        for p in batch {
            let r = settle(p).await.unwrap();
            if get(&r, "done") == JsValue::TRUE {
                done = true;
            } else {
                assert!(!done, "no item after done");
                overlapped.push(get(&get(&r, "value"), "id").as_f64().unwrap());
            }
        }
        if done {
            break;
        }
    }
    assert_eq!(overlapped, ids(&everyone), "overlapping next(): every contact once, in order");

    // return() ends early; argument errors surface on the first next().
    let pages = call(&get(&c, "contacts"), "iterate", &[obj(&[("size", n(2.0))])]);
    settle(call(&pages, "next", &[])).await.unwrap();
    let r = settle(call(&pages, "return", &[])).await.unwrap();
    assert_eq!(get(&r, "done"), JsValue::TRUE);
    assert_eq!(get(&settle(call(&pages, "next", &[])).await.unwrap(), "done"), JsValue::TRUE);
    let before = log.length();
    let bad = call(&get(&c, "contacts"), "iterate", &[obj(&[("size", n(0.0))])]);
    let e = settle(call(&bad, "next", &[])).await.unwrap_err();
    check_error_shape(&e);
    assert_eq!(kind(&e), "validation");
    assert_eq!(log.length(), before, "nothing sent");
}

#[wasm_bindgen_test]
async fn get_many_chunks_by_100_and_keeps_order() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    assert_eq!(len(&ok(&c, "contacts", "getMany", &[Array::new().into()]).await), 0);
    assert_eq!(log.length(), 0, "getMany([]) sends nothing");

    let wanted: Array = (1..=250).map(|i| n(f64::from(i))).collect();
    let found = ok(&c, "contacts", "getMany", &[wanted.into(), obj(&[("concurrency", n(2.0))])]).await;
    let bulk: Vec<String> = log.iter().filter_map(|e| e.as_string()).filter(|e| e.starts_with("GET /v2/contacts_bulk?")).collect();
    assert_eq!(bulk.len(), 3, "250 ids: three requests");
    let sizes: Vec<usize> = bulk.iter().map(|e| e.split("ids=").nth(1).unwrap().split('&').next().unwrap().split(',').count()).collect();
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![50, 100, 100]);
    let got = ids(&found);
    assert!(got.len() >= 50);
    assert!(got.windows(2).all(|w| w[0] < w[1]) && got.iter().all(|id| *id <= 250.0), "chunks concatenated in input order");
}

#[wasm_bindgen_test]
async fn create_many_reports_failures_by_index() {
    let base = base();
    let (fetch, log) = counting_fetch();
    let c = client(base, &[("fetch", fetch)]);
    let ext = uniq("many");
    let event = |code: &str| obj(&[("event", s(code)), ("channelId", s("example.com")), ("externalId", s(&ext))]);
    let list: Array = [
        event("UDE_A"),
        obj(&[("channelId", s("example.com")), ("externalId", s(&ext))]),
        event("UDE_B"),
        obj(&[("event", s("UDE_C")), ("channelId", s("example.com")), ("externalId", s(&ext)), ("attr1", obj(&[]))]),
        event("UDE_D"),
    ]
    .into_iter()
    .collect();
    let result = ok(&c, "events", "createMany", &[list.into(), obj(&[("concurrency", n(2.0))])]).await;
    let succeeded = get(&result, "succeeded");
    let codes: Vec<String> = succeeded.unchecked_ref::<Array>().iter().map(|e| get(&e, "event").as_string().unwrap()).collect();
    assert_eq!(codes, ["UDE_A", "UDE_B", "UDE_D"], "input order");
    let failed = get(&result, "failed");
    let failed: Vec<(f64, String)> = failed
        .unchecked_ref::<Array>()
        .iter()
        .map(|f| {
            let e = get(&f, "error");
            check_error_shape(&e);
            (get(&f, "index").as_f64().unwrap(), kind(&e))
        })
        .collect();
    assert_eq!(failed, vec![(1.0, "validation".to_owned()), (3.0, "validation".to_owned())]);
    assert_eq!(count(&log, "POST /ude"), 3, "nothing sent for the invalid items");

    let empty = ok(&c, "events", "createMany", &[Array::new().into()]).await;
    assert_eq!((len(&get(&empty, "succeeded")), len(&get(&empty, "failed"))), (0, 0));
    let e = fails(&c, "events", "createMany", &[obj(&[])]).await;
    assert_eq!(kind(&e), "validation");
}

#[wasm_bindgen_test]
fn errors_fall_back_to_a_plain_error_without_the_class() {
    let base = base();
    // A class that cannot be constructed: the module falls back to an Error with the fields.
    set_error_class(js("() => {}").unchecked_into());
    let e = new_client(obj(&[("baseUrl", s(base))])).err().unwrap();
    setup();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name").as_string().as_deref(), Some("LinkflowError"));
    assert_eq!(kind(&e), "validation");
}
