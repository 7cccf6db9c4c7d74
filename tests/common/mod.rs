//! Helpers shared by the `core_*` tests: fixtures, JSON values, request and error checks.
#![allow(dead_code)]

use linkflow_sdk::api::check;
use linkflow_sdk::json::Writer;
use linkflow_sdk::model::Ty;
use linkflow_sdk::request::{Method, Replay, Request};
use linkflow_sdk::{Error, ErrorKind};
use serde_json::Value;

/// The text of `tests/fixtures/guide/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/guide/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses JSON text that must be valid.
pub fn v(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad test JSON at {}:{}: {text}", e.line(), e.column()))
}

/// JSON text without whitespace (and without `null` members, as the SDK sends bodies).
pub fn compact(text: &str) -> String {
    let value = v(text);
    let mut w = Writer::new();
    w.value(&&value);
    w.finish()
}

/// An empty options object.
pub fn none() -> Value {
    Value::Object(serde_json::Map::new())
}

/// Asserts the parts of a request that the wire sees.
#[track_caller]
pub fn assert_req(req: &Request, method: Method, path: &str, query: &[(&str, &str)], body: Option<&str>, replay: Replay, answer: &Ty) {
    assert_eq!(req.method, method, "method");
    assert_eq!(req.path, path, "path");
    let got: Vec<(&str, &str)> = req.query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(got, query, "query");
    assert_eq!(req.body.as_deref(), body, "body");
    assert_eq!(req.replay, replay, "replay");
    assert_eq!(req.answer, answer, "answer shape");
}

/// Asserts that a build failed with a validation error mentioning `needle`.
#[track_caller]
pub fn assert_validation<T: std::fmt::Debug>(result: Result<T, Error>, needle: &str) {
    match result {
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Validation, "{e:?}");
            assert!(e.message.contains(needle), "{:?} should mention {needle:?}", e.message);
        }
        Ok(v) => panic!("expected a validation error about {needle:?}, got {v:?}"),
    }
}

/// `check::read` on a body as the transport would call it (parsing it first).
pub fn read(req: &Request, status: u16, body: &str) -> Result<Value, Error> {
    check::read(req, status, body)
}

/// Asserts that the guide's example answer `name` reads as a 200 answer of `req`,
/// unchanged.
#[track_caller]
pub fn assert_reads(req: &Request, name: &str) {
    let body = fixture(name);
    match read(req, 200, &body) {
        Ok(value) => assert_eq!(value, v(&body), "the answer is handed over as sent"),
        Err(e) => panic!("{name} should read as {} {}: {e:?}", req.method.as_str(), req.path),
    }
}

/// Asserts a `decode` error whose message mentions `needle` and which keeps the body.
#[track_caller]
pub fn assert_decode(req: &Request, body: &str, needle: &str) {
    match read(req, 200, body) {
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Decode, "{e:?}");
            assert!(e.message.contains(needle), "{:?} should mention {needle:?}", e.message);
            assert_eq!(e.body.as_deref(), Some(body), "body kept");
            assert_eq!(e.status, Some(200));
            assert_eq!(e.method, Some(req.method.as_str()));
            assert_eq!(e.path.as_deref(), Some(req.path.as_str()));
        }
        Ok(v) => panic!("expected a decode error about {needle:?}, got {v:?}"),
    }
}
