//! Generators and oracles shared by the `fuzz_*` property tests.
//!
//! Case counts: `PROPTEST_CASES` (proptest's default, 256 per property, when unset; the
//! short run inside `make test`). `scripts/fuzz.sh` runs the same properties in release
//! with a large `PROPTEST_CASES` for `FUZZ_MINUTES`. Failure persistence is off: every
//! failure found is turned into a plain `#[test]` with its minimized input instead.
#![allow(dead_code)]

use linkflow_sdk::json::{self, Json, Writer};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

/// The configuration of every property: case count from `PROPTEST_CASES` (default 256),
/// no regression files written into the tree.
pub fn config() -> Config {
    Config { failure_persistence: None, ..Config::default() }
}

/// The text of `tests/fixtures/guide/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/guide/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of `tests/fixtures/guide/` that ends in `.json`, as (name, text), sorted
/// (read once per test binary).
pub fn all_fixtures() -> &'static [(String, String)] {
    static ALL: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    ALL.get_or_init(read_fixtures)
}

fn read_fixtures() -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures/guide", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .map(|n| {
            let text = fixture(&n);
            (n, text)
        })
        .collect();
    out.sort();
    out
}

/// JSON number text as RFC 8259 allows it, including huge, tiny and negative zero values.
pub fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,4})?",
        Just("-0".to_owned()),
        Just("9007199254740993".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("1e400".to_owned()),
        Just("1.5".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]
}

/// Strings that stress escaping and UTF-8: controls, quotes, backslashes, surrogate-pair
/// characters, CJK, and arbitrary Unicode.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[\\x00-\\x1f\"\\\\/a-z0-9 联系人😀\u{2028}\u{fffd}]{0,16}",
        1 => Just(String::new()),
        1 => "[a-zA-Z0-9._@-]{1,12}",
    ]
}

/// A number value with exactly `text` as its text (`serde_json`'s `arbitrary_precision`).
pub fn num(text: impl AsRef<str>) -> Value {
    let text = text.as_ref();
    Value::Number(text.parse().unwrap_or_else(|e| panic!("bad number text {text:?}: {e}")))
}

/// An object of `members`; a repeated name is one member, where the name first appears,
/// with the last value (as `JSON.parse` holds it).
pub fn obj(members: Vec<(String, Value)>) -> Value {
    Value::Object(members.into_iter().collect())
}

/// Arbitrary JSON values, at most `depth` levels deep.
pub fn value_with(depth: u32, width: usize) -> BoxedStrategy<Value> {
    let leaf =
        prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::Bool), number_text().prop_map(num), text().prop_map(Value::String),];
    leaf.prop_recursive(depth, 64, width as u32, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..width).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..width).prop_map(obj),
        ]
    })
    .boxed()
}

/// Arbitrary JSON values of modest size.
pub fn value() -> BoxedStrategy<Value> {
    value_with(4, 6)
}

/// Member names: mostly the guide's own, sometimes anything.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => text(),
    ]
}

/// Member names the SDK reads in options and answers.
pub const KEYS: &[&str] = &[
    "id",
    "page",
    "size",
    "groupId",
    "search",
    "externalId",
    "channel",
    "channelId",
    "name",
    "channelType",
    "email",
    "mobilePhone",
    "needOpenId",
    "minUpdateTime",
    "maxUpdateTime",
    "event",
    "eventDate",
    "items",
    "utm",
    "attr1",
    "attr2",
    "attr20",
    "attr21",
    "attr01",
    "lastMaxId",
    "fromId",
    "groupType",
    "lastUpdated",
    "ext1",
    "ext2",
    "memberId",
    "appId",
    "unionId",
    "token",
    "expiration",
    "props",
    "openIds",
    "openId",
    "code",
    "errorCode",
    "message",
    "msg",
    "success",
    "failure",
    "group",
    "contact",
    "source",
    "messages",
    "a",
    "x",
    "m",
    "message_id",
    "domain",
    "action",
    "ts",
    "data",
    "v",
];

/// Writes `v` as JSON text (members that are `null` are dropped, as `Writer::value` does).
pub fn to_text(v: &Value) -> String {
    let mut w = Writer::new();
    w.value(&v);
    w.finish()
}

/// `v` without object members that are `null`: what `Writer::value` writes.
pub fn without_null_members(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(without_null_members).collect()),
        Value::Object(members) => {
            Value::Object(members.iter().filter(|(_, m)| !m.is_null()).map(|(k, m)| (k.clone(), without_null_members(m))).collect())
        }
        other => other.clone(),
    }
}

/// Parses JSON text natively (serde_json: numbers keep their text, members their order).
pub fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}

/// As [`parse`], without serde_json's nesting limit of 127 levels (the Writer writes up to
/// `json::MAX_DEPTH`, 128, as `JSON.parse` takes any depth). Recurses once per level.
pub fn parse_any_depth(text: &str) -> serde_json::Result<Value> {
    use serde::Deserialize;
    let mut reader = serde_json::Deserializer::from_str(text);
    reader.disable_recursion_limit();
    let v = Value::deserialize(&mut reader)?;
    reader.end()?;
    Ok(v)
}

/// One edit of a text.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Keep only the first `n` bytes (at a char boundary).
    Truncate(usize),
    /// Replace the byte at `at` with `with` (ASCII, so the text stays UTF-8).
    Flip(usize, u8),
    /// Insert `s` at `at`.
    Insert(usize, String),
    /// Delete `len` bytes from `at`.
    Delete(usize, usize),
    /// Repeat the bytes `at..at+len` `times` times.
    Repeat(usize, usize, usize),
}

/// Small edits, positions as fractions of the length (applied by [`apply`]).
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let at = any::<usize>();
    let edit = prop_oneof![
        at.prop_map(Edit::Truncate),
        (at, prop::sample::select(b"{}[],:\"\\ 0123456789.eE+-tfnulrasx\n\t\x01/".to_vec())).prop_map(|(a, b)| Edit::Flip(a, b)),
        (
            at,
            prop_oneof![
                Just("null".to_owned()),
                Just(",".to_owned()),
                Just("\"".to_owned()),
                Just("\\u".to_owned()),
                Just("[".to_owned()),
                Just("{".to_owned()),
                Just("1e99999".to_owned()),
                Just("\u{0}".to_owned()),
                text()
            ]
        )
            .prop_map(|(a, s)| Edit::Insert(a, s)),
        (at, 0usize..16).prop_map(|(a, n)| Edit::Delete(a, n)),
        (at, 1usize..12, 1usize..300).prop_map(|(a, n, t)| Edit::Repeat(a, n, t)),
    ];
    prop::collection::vec(edit, 1..4)
}

fn boundary(s: &str, at: usize) -> usize {
    let mut i = if s.is_empty() { 0 } else { at % (s.len() + 1) };
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Applies `edits` to `text`; the result is always valid UTF-8.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        match e {
            Edit::Truncate(n) => {
                let i = boundary(&s, *n);
                s.truncate(i);
            }
            Edit::Flip(at, b) => {
                if !s.is_empty() {
                    let i = boundary(&s, *at);
                    let end = s.get(i..).and_then(|r| r.chars().next()).map_or(i, |c| i + c.len_utf8());
                    s.replace_range(i..end, &char::from(*b).to_string());
                }
            }
            Edit::Insert(at, t) => {
                let i = boundary(&s, *at);
                s.insert_str(i, t);
            }
            Edit::Delete(at, len) => {
                let i = boundary(&s, *at);
                let j = boundary(&s, i.saturating_add(*len).min(s.len()));
                if j > i {
                    s.replace_range(i..j, "");
                }
            }
            Edit::Repeat(at, len, times) => {
                let i = boundary(&s, *at);
                let j = boundary(&s, i.saturating_add(*len).min(s.len()));
                let piece = s.get(i..j).unwrap_or("").repeat(*times);
                s.insert_str(j, &piece);
            }
        }
    }
    s
}

/// Text built from JSON's own tokens: far likelier than random text to reach deep into
/// the parser (escapes, surrogates, exponents, nesting, trailing garbage).
pub fn token_soup() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "\\ud800", "\\u00e9", "\\n", "\\x", "0", "-", "1", "9", ".",
        "e", "E", "+", "01", "true", "fals", "null", " ", "\n", "\t", "\u{0}", "\u{1f}", "a", "联", "😀", "\"k\":", "\"v\"", "[]", "{}",
    ];
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|t| t.concat())
}

/// A value nested `depth` levels deep: `{"props":[{"props":[…"x"…]}]}` alternating
/// objects and arrays. Built iteratively.
pub fn nested(depth: usize) -> Value {
    let mut v = Value::String("x".into());
    for i in 0..depth {
        v = if i % 2 == 0 { Value::Array(vec![v]) } else { obj(vec![("props".into(), v)]) };
    }
    v
}

/// Drops a (possibly very deep) value without recursion, so a test can build values far
/// deeper than the recursive drop glue could take.
pub fn drop_deep(v: Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.into_iter().map(|(_, m)| m)),
            _ => {}
        }
    }
}

/// True when `v` is a `Kind::Object` (for readability in properties).
pub fn is_object(v: &Value) -> bool {
    (&v).kind() == json::Kind::Object
}
