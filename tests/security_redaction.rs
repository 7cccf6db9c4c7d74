//! Secrets and tokens never show in `Debug` output or in errors of the native core: the
//! `Secret` wrapper, an issued token, the token cache holding one, the `/token` request, and
//! the errors a token answer can produce. (The JS side, errors and logs of the built package,
//! is tests/security/redaction.test.mjs.)
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use linkflow_sdk::auth::{parse_token, token_request, IssuedToken, Secret, TokenCache};
use serde_json::from_str as parse;
use serde_json::Value;

const APP_SECRET: &str = "app-secret-5f3a9c1e";
const TOKEN: &str = "Mi03Y2IxNjNkMC05YWFjLTQ5NmYtOWE3OS01NjU3ZWRjMmQwNzk=";

#[track_caller]
fn assert_hidden(text: &str, what: &str) {
    for s in [APP_SECRET, TOKEN] {
        assert!(!text.contains(s), "{what} shows a secret: {text}");
    }
}

#[test]
fn secret_debug_is_redacted() {
    let s = Secret::new(APP_SECRET);
    assert_hidden(&format!("{s:?}"), "Debug of Secret");
    assert_hidden(&format!("{s:#?}"), "alternate Debug of Secret");
    assert!(format!("{s:?}").contains("redacted"));
    assert_eq!(s.expose(), APP_SECRET, "the secret itself is still there for the one header");
}

#[test]
fn issued_tokens_and_the_cache_are_redacted() {
    let issued = IssuedToken { token: Secret::new(TOKEN), expiration: Some("2026-01-01 12:00:00".into()) };
    assert_hidden(&format!("{issued:?} {issued:#?}"), "Debug of IssuedToken");
    let mut cache = TokenCache::new();
    cache.store(issued.clone(), 0.0, 0.0, None);
    assert_hidden(&format!("{cache:?} {cache:#?}"), "Debug of TokenCache");
    assert_hidden(&format!("{:?}", cache.valid(0.0)), "Debug of a cached token");
    assert_eq!(cache.current().map(|t| t.token.expose()), Some(TOKEN));
}

#[test]
fn the_token_answer_is_read_into_a_redacted_token() {
    let answer: Value = parse(&format!(r#"{{"expiration":"2026-01-01 12:00:00","token":"{TOKEN}"}}"#)).unwrap();
    let issued = parse_token(&&answer).unwrap();
    assert_hidden(&format!("{issued:?}"), "Debug of a parsed token answer");
    // A token answer without a usable token: the error says so without quoting the answer.
    for bad in [r#"{"token":""}"#.to_owned(), format!(r#"{{"tok":"{TOKEN}"}}"#), format!(r#"{{"token":["{TOKEN}"]}}"#)] {
        let e = parse_token(&&parse::<Value>(&bad).unwrap()).unwrap_err();
        assert_hidden(&format!("{e:?} {e}"), "an error of an unusable token answer");
    }
}

#[test]
fn the_token_request_carries_no_credentials() {
    // Key and secret go into headers added by the transport; the request as data holds neither.
    let req = token_request();
    assert_hidden(&format!("{req:?} {}", req.url("https://open.example")), "the /token request");
    assert!(req.query.is_empty() && req.body.is_none());
}
