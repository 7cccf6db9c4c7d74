//! Helpers shared by the wasm-bindgen suites (`tests/wasm_*.rs`): the stand-in's URL, JS
//! values from Rust, calling a client's methods as JS does, and the `LinkflowError` class
//! the package's JS entry hands to the module. Included with `mod wasm_support;`; not a test
//! target of its own. Not every suite uses every helper, hence `dead_code` is allowed.
#![cfg(target_arch = "wasm32")]
#![allow(dead_code)]

use js_sys::{Array, Function, Object, Promise, Reflect};
use linkflow_sdk::wasm::{set_error_class, LinkflowClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const BASE: Option<&str> = option_env!("LINKFLOW_TEST_URL");

/// The stand-in's URL (read at compile time), without a trailing slash. Without one the
/// suite fails rather than passing without having run.
#[track_caller]
pub fn base_url() -> &'static str {
    match BASE {
        Some(b) => b.trim_end_matches('/'),
        None => panic!(
            "LINKFLOW_TEST_URL was not set at compile time: start linkflow-devserver and rebuild the tests with its URL (scripts/test-wasm.sh does both)"
        ),
    }
}

/// How a test that talks through the JS surface starts: `setup()`, then the stand-in's URL.
#[track_caller]
pub fn base() -> &'static str {
    setup();
    base_url()
}

// ---------------------------------------------------------------------------------------
// JS values

/// A JS function from source (`new Function(params, body)`).
pub fn jsfn(params: &str, body: &str) -> Function {
    Function::new_with_args(params, body)
}

/// Evaluates a JS expression.
pub fn js(expr: &str) -> JsValue {
    jsfn("", &format!("return ({expr});")).call0(&JsValue::UNDEFINED).unwrap()
}

/// A plain object from members.
pub fn obj(members: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in members {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

pub fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

pub fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap()
}

pub fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "?".into())
}

/// A unique suffix, so runs (Node, Chromium, again) do not collide on the shared server.
pub fn uniq(prefix: &str) -> String {
    let r = js("Date.now().toString(36) + Math.random().toString(36).slice(2, 8)");
    format!("{prefix}-{}", r.as_string().unwrap())
}

// ---------------------------------------------------------------------------------------
// calls and their errors

/// `target[method](...args)`.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: Function = get(target, method).dyn_into().unwrap_or_else(|_| panic!("no method {method}"));
    let list = Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(target, &list).unwrap_or_else(|e| panic!("{method} threw {}", describe(&e)))
}

/// A promise, awaited.
pub async fn settle(p: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(p.dyn_into::<Promise>().unwrap()).await
}

/// `client[ns][method](...args)` (`client.method` when `ns` is empty), awaited; panics with
/// the error's description on rejection.
pub async fn ok(client: &JsValue, ns: &str, method: &str, args: &[JsValue]) -> JsValue {
    let target = if ns.is_empty() { client.clone() } else { get(client, ns) };
    let p = call(&target, method, args);
    match JsFuture::from(p.dyn_into::<Promise>().unwrap()).await {
        Ok(v) => v,
        Err(e) => panic!("{ns}.{method} rejected: {}", describe(&e)),
    }
}

/// `client[ns][method](...args)`, expected to reject with a `LinkflowError`; returns the error.
pub async fn fails(client: &JsValue, ns: &str, method: &str, args: &[JsValue]) -> JsValue {
    let target = if ns.is_empty() { client.clone() } else { get(client, ns) };
    let p = call(&target, method, args);
    let p: Promise = p.dyn_into().expect("methods return promises, they never throw");
    match JsFuture::from(p).await {
        Ok(v) => panic!("{ns}.{method} resolved to {}", stringify(&v)),
        Err(e) => {
            check_error_shape(&e);
            e
        }
    }
}

pub fn describe(e: &JsValue) -> String {
    format!(
        "{} (kind {:?}, status {:?}, code {:?}, path {:?})",
        get(e, "message").as_string().unwrap_or_default(),
        get(e, "kind").as_string(),
        get(e, "status").as_f64(),
        get(e, "code").as_string(),
        get(e, "path").as_string()
    )
}

pub fn kind(e: &JsValue) -> String {
    get(e, "kind").as_string().unwrap_or_default()
}

/// Every rejection is a `LinkflowError` (our test class) and an `Error`, never a string,
/// and its `path` never carries a base URL, a query or a token.
pub fn check_error_shape(e: &JsValue) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert!(e.is_instance_of_dyn(&error_class()), "not a LinkflowError: {}", describe(e));
    assert!(!kind(e).is_empty(), "no kind: {}", describe(e));
    if let Some(path) = get(e, "path").as_string() {
        assert!(path.starts_with('/') && !path.contains('?') && !path.contains("http"), "bad path {path}");
    }
}

pub trait InstanceOfDyn {
    fn is_instance_of_dyn(&self, class: &Function) -> bool;
}
impl InstanceOfDyn for JsValue {
    fn is_instance_of_dyn(&self, class: &Function) -> bool {
        jsfn("v, c", "return v instanceof c;").call2(&JsValue::UNDEFINED, self, class).unwrap().as_bool().unwrap()
    }
}

thread_local! {
    static CLASS: Function = {
        let class: Function = js(
            "class LinkflowError extends Error { constructor(m, f) { super(m, f && f.cause !== undefined ? { cause: f.cause } : undefined); this.name = 'LinkflowError'; if (f) for (const k of ['kind','status','code','method','path','body']) if (f[k] != null) this[k] = f[k]; } }",
        )
        .unchecked_into();
        class
    };
}

pub fn error_class() -> Function {
    CLASS.with(Clone::clone)
}

/// What the package's JS entry does once: hand the error class to the module.
pub fn setup() {
    set_error_class(error_class().into());
}

// ---------------------------------------------------------------------------------------
// clients

pub fn new_client(options: JsValue) -> Result<JsValue, JsValue> {
    LinkflowClient::new(options).map(JsValue::from)
}

/// A client of the stand-in with app key and secret (allowed in the browser for the tests),
/// plus `extra`.
pub fn client(base: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let mut members =
        vec![("baseUrl", s(base)), ("appKey", s("demo-key")), ("appSecret", s("demo-secret")), ("dangerouslyAllowBrowser", JsValue::TRUE)];
    members.extend(extra.iter().cloned());
    new_client(obj(&members)).unwrap_or_else(|e| panic!("constructor threw {}", describe(&e)))
}
