//! Property tests ("fuzzing") of `json::parse` and `json::Writer`: arbitrary text, JSON's
//! own tokens shuffled, the guide's example answers mutated, deep nesting; serde_json is
//! the reference parser. Properties: never a panic (or a stack overflow), the same verdict
//! and the same value as serde_json, and what the Writer writes parses back to the value.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::json::{self, Json, Value, Writer};
use proptest::prelude::*;

/// A thread stack well below the wasm module's 1 MiB (debug frames are several times the
/// size of release ones, so this is about the depth limit, not the exact budget).
const SMALL_STACK: usize = 512 * 1024;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_parses_like_serde_json(text in any::<String>()) {
        assert_parse_agrees(&text)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        assert_parse_agrees(&text)?;
    }

    #[test]
    fn json_token_soup_parses_like_serde_json(text in token_soup()) {
        assert_parse_agrees(&text)?;
    }

    #[test]
    fn mutated_guide_examples_parse_like_serde_json(which in any::<prop::sample::Index>(), edits in edits()) {
        let fixtures = all_fixtures();
        let (_, text) = which.get(fixtures);
        let mutated = apply(text, &edits);
        assert_parse_agrees(&mutated)?;
    }

    #[test]
    fn every_truncation_of_a_guide_example_is_refused_or_a_prefix_value(which in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let fixtures = all_fixtures();
        let (name, text) = which.get(fixtures);
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let prefix = &text[..at];
        assert_parse_agrees(prefix)?;
        // A prefix of an object or array (the guide's answers are) never parses, unless only
        // trailing whitespace was cut.
        if !prefix.trim_end().eq(text.trim_end()) && json::parse(text).is_ok() {
            prop_assert!(json::parse(prefix).is_err(), "{name}: a cut at {at} parsed");
        }
    }

    #[test]
    fn writer_output_parses_back_to_the_value(v in value()) {
        let text = to_text(&v);
        let back = json::parse(&text);
        prop_assert!(back.is_ok(), "writer output does not parse: {text:?}");
        prop_assert_eq!(back.unwrap(), without_null_members(&v));
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(theirs) => prop_assert!(same_as_serde(&without_null_members(&v), &theirs)),
            // serde_json cannot hold numbers past f64 (1e400); JSON allows them.
            Err(e) => prop_assert!(e.to_string().contains("number out of range"), "serde_json refuses {text:?}: {e}"),
        }
    }

    #[test]
    fn any_string_round_trips_through_writer_and_parse(s in any::<String>()) {
        let mut w = Writer::new();
        w.string(&s);
        let text = w.finish();
        prop_assert_eq!(json::parse(&text).unwrap(), Value::String(s.clone()));
        prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), s.clone());
        // And what serde_json writes (escapes, \u sequences) we read back.
        let theirs = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(json::parse(&theirs).unwrap(), Value::String(s));
    }

    #[test]
    fn serde_json_output_parses_to_the_same_value(v in value()) {
        let ours = without_null_members(&v);
        let text = to_text(&ours);
        if let Ok(theirs) = serde_json::from_str::<serde_json::Value>(&text) {
            let pretty = serde_json::to_string_pretty(&theirs).unwrap();
            let back = json::parse(&pretty);
            prop_assert!(back.is_ok(), "we refuse serde_json's {pretty:?}");
            prop_assert!(same_as_serde(&back.unwrap(), &theirs));
        }
    }

    #[test]
    fn the_json_view_is_total(v in value(), k in key(), i in any::<usize>()) {
        // Every accessor of the view answers something for every value.
        let r = &v;
        let _ = (r.kind(), r.get(&k), r.len(), r.at(i), r.keys(), r.as_str(), r.as_f64(), r.as_bool(), r.number_text(), r.as_u64(), r.field(&k), r.is_empty(), r.is_null());
        if let Some(n) = r.as_u64() {
            prop_assert!(n <= 9_007_199_254_740_991);
        }
        if let Some(f) = r.as_f64() {
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
        let result = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(move || json::parse(&text).is_ok()).unwrap().join();
        prop_assert!(result.is_ok(), "the parser overflowed a small stack at depth {depth}");
        let parsed = result.unwrap();
        prop_assert_eq!(parsed, (close || depth == 0) && depth <= 128, "depth {} object {} closed {}", depth, object, close);
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
        prop_assert!(json::parse(&text).is_ok(), "writer output at depth {depth} does not parse");
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
/// input): the native `Value` view answered the *first* of repeated member names and listed
/// the name twice, while `JSON.parse` (the wasm build's parser) and serde_json keep the last,
/// once. So `{"m":null,"m":false}` was copied as `{}` and `{"m":1,"m":2}` as `{"m":1,"m":1}`.
#[test]
fn regression_repeated_member_names_read_like_json_parse() {
    let v = json::parse(r#"{"id":{"m":null,"m":false}}"#).unwrap();
    let inner = (&v).get("id").unwrap();
    assert_eq!(inner.get("m"), Some(&Value::Bool(false)));
    assert_eq!(inner.keys(), ["m"]);
    assert_eq!(to_text(&v), r#"{"id":{"m":false}}"#);
    let twice = json::parse(r#"{"m":1,"a":0,"m":2}"#).unwrap();
    assert_eq!(to_text(&twice), r#"{"m":2,"a":0}"#);
}
