//! Property tests ("fuzzing") of `json::Writer` and of the native `Json` view of
//! `serde_json::Value` (serde_json is the native reader): arbitrary values, deep nesting.
//! Properties: never a panic (or a stack overflow), what the Writer writes parses back to
//! the value, every accessor of the view is total.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::json::{Json, Writer};
use proptest::prelude::*;
use serde_json::Value;

/// A thread stack well below the wasm module's 1 MiB (debug frames are several times the
/// size of release ones, so this is about the depth limit, not the exact budget).
const SMALL_STACK: usize = 512 * 1024;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn writer_output_parses_back_to_the_value(v in value()) {
        let text = to_text(&v);
        let back = parse(&text);
        prop_assert!(back.is_ok(), "writer output does not parse: {text:?}");
        prop_assert_eq!(back.unwrap(), without_null_members(&v));
    }

    #[test]
    fn any_string_round_trips_through_writer_and_parse(s in any::<String>()) {
        let mut w = Writer::new();
        w.string(&s);
        let text = w.finish();
        prop_assert_eq!(parse(&text).unwrap(), Value::String(s.clone()));
        prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), s);
    }

    #[test]
    fn serde_json_output_reads_to_the_same_text(v in value()) {
        let ours = without_null_members(&v);
        let pretty = serde_json::to_string_pretty(&ours).unwrap();
        let back = parse(&pretty);
        prop_assert!(back.is_ok(), "serde_json refuses its own {pretty:?}");
        prop_assert_eq!(to_text(&back.unwrap()), to_text(&ours));
    }

    #[test]
    fn the_json_view_is_total(v in value(), k in key(), i in any::<usize>()) {
        // Every accessor of the view answers something for every value.
        let r = &v;
        // (Called as `Json::…`: serde_json's own methods of the same names would win.)
        let _ = (Json::kind(&r), Json::get(&r, &k), Json::len(&r), Json::at(&r, i), Json::keys(&r), Json::as_str(&r), Json::as_f64(&r));
        let _ = (Json::as_bool(&r), Json::number_text(&r), Json::as_u64(&r), Json::field(&r, &k), Json::is_empty(&r), Json::is_null(&r));
        if let Some(n) = Json::as_u64(&r) {
            prop_assert!(n <= 9_007_199_254_740_991);
        }
        if let Some(f) = Json::as_f64(&r) {
            prop_assert!(f.is_finite());
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_a_small_stack(depth in 0usize..20_000, object in any::<bool>(), close in any::<bool>()) {
        let (open, end) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        let mut text = open.repeat(depth);
        text.push('1');
        if close {
            text.push_str(&end.repeat(depth));
        }
        let result = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(move || parse(&text).is_ok()).unwrap().join();
        prop_assert!(result.is_ok(), "the parser overflowed a small stack at depth {depth}");
        let parsed = result.unwrap();
        // serde_json refuses the 128th level (`JSON.parse` takes any depth; the SDK's own
        // limit, json::MAX_DEPTH, is 128).
        prop_assert_eq!(parsed, (close || depth == 0) && depth < 128, "depth {} object {} closed {}", depth, object, close);
    }

    #[test]
    fn writer_never_writes_more_than_the_parser_accepts(depth in 0usize..3_000) {
        // Values built in Rust (or read from JS) can be deeper than any parsed JSON. Built,
        // written and dropped inside a thread with a small stack (no recursive clone or drop).
        let out = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(move || {
            let v = nested(depth);
            let mut w = Writer::new();
            w.value(&&v);
            drop_deep(v);
            (w.too_deep(), w.finish())
        }).unwrap().join();
        prop_assert!(out.is_ok(), "Writer::value overflowed a small stack at depth {depth}");
        let (deep, text) = out.unwrap();
        prop_assert_eq!(deep, depth > 128, "too_deep at depth {}", depth);
        prop_assert!(parse_any_depth(&text).is_ok(), "writer output at depth {depth} does not parse");
    }
}

/// Regression: found by `writer_never_writes_more_than_the_parser_accepts` (before the fix
/// the run aborted: "thread has overflowed its stack", no shrinking possible). `Writer::value`
/// recursed once per level of its input; a value nested 100 000 levels deep (an option object
/// from JS, a page item from a broken server, a cyclic JS object) exhausted the stack. Now it
/// stops descending at the parser's depth limit and reports it through `too_deep()`.
#[test]
fn regression_writer_value_on_a_100000_level_value_does_not_overflow() {
    let out = std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(|| {
            let v = nested(100_000);
            let mut w = Writer::new();
            w.value(&&v);
            drop_deep(v);
            (w.too_deep(), w.finish().len())
        })
        .unwrap()
        .join();
    let (deep, len) = out.expect("Writer::value overflowed the stack");
    assert!(deep);
    assert!(len < 1_000, "stops at the depth limit: {len} bytes");
}

/// Regression (found by `writer_output_parses_back_to_the_value`, shrunk to exactly this
/// input): the native `Value` view (since replaced by serde_json's) answered the *first* of repeated member names and listed
/// the name twice, while `JSON.parse` (the wasm build's parser) and serde_json keep the last,
/// once. So `{"m":null,"m":false}` was copied as `{}` and `{"m":1,"m":2}` as `{"m":1,"m":1}`.
#[test]
fn regression_repeated_member_names_read_like_json_parse() {
    let v = parse(r#"{"id":{"m":null,"m":false}}"#).unwrap();
    let inner = v.get("id").unwrap();
    assert_eq!(inner.get("m"), Some(&Value::Bool(false)));
    assert_eq!(inner.keys(), ["m"]);
    assert_eq!(to_text(&v), r#"{"id":{"m":false}}"#);
    let twice = parse(r#"{"m":1,"a":0,"m":2}"#).unwrap();
    assert_eq!(to_text(&twice), r#"{"m":2,"a":0}"#);
}
