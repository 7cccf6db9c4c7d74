#![cfg(target_arch = "wasm32")]
//! Property-style tests of the shipped JS-side JSON views (src/wasm/json.rs) against
//! serde_json, in Node and headless Chromium (`scripts/test-wasm.sh` runs both; no server
//! needed). proptest does not run on wasm32-unknown-unknown here, so a small generator with
//! a fixed seed writes JSON texts (escapes, surrogate pairs, exponents, `-0`, integers past
//! 2^53, repeated and integer-like member names, random whitespace). Each text is
//! `JSON.parse`d in JS and read through the `Parsed` view (answers) and the caller-value
//! `JsValue` view, and every reading is compared with serde_json's reading of the same
//! text: kind, members, lengths, strings, booleans, numbers (the view's number text must be
//! JSON that reads to the same `f64`).
//!
//! A failure names the seed, the case and the path, e.g. `case 17 at [2].props: len 3, serde_json 4`.
//!
//! Not compared: member order (JS lists integer-like names first; serde_json here sorts),
//! names JS objects inherit (`constructor`, `toString`, an absent `__proto__`) and an
//! array's own `length` and index names, `at(i)` of an object: the views answer those as
//! JS does, and the SDK never asks for them.

use linkflow_sdk::json::{Json, Kind};
use linkflow_sdk::wasm::parsed_view;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// The generator's seed: fixed, so a failure reproduces.
const SEED: u64 = 0x5eed_1ce3_2287_8aa8;
/// Texts per view.
const CASES: usize = 1_000;
/// Member names: the guide's, names JS treats specially, and awkward text. `'static`, so
/// [`Json::member`] (which may keep per-name state) can be asked for them too.
const NAMES: &[&str] =
    &["id", "props", "utm", "a", "__proto__", "0", "2", "10", "007", "", "联系人", "a\"b", "x\\y", "😀", "line\nbreak", "-1"];
/// Names asked of objects that lack them: none is inherited by a JS object.
const ABSENT: &[&str] = &["absent", "id", "props", "联系人", "0"];

/// xorshift64*: small, deterministic, good enough to vary shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Number texts JSON allows and `f64` holds (JS reads `1e400` as `Infinity`, serde_json
/// refuses it: not a value both can read).
fn number(rng: &mut Rng) -> String {
    const FIXED: &[&str] = &[
        "0",
        "-0",
        "1",
        "-1",
        "0.1",
        "12.5",
        "1e21",
        "1E+2",
        "-3.25e-7",
        "5e-324",
        "1.7976931348623157e308",
        "9007199254740991",
        "9007199254740993",
        "18446744073709551616",
        "123456789012345678901234",
        "0.30000000000000004",
        "2.5e0",
        "-0.0",
        "1e-7",
    ];
    match rng.below(4) {
        0 => (rng.pick(FIXED)).to_owned(),
        1 => (rng.next() % 100_000).to_string(),
        2 => format!("-{}", rng.next() >> rng.below(64)),
        _ => {
            let int = rng.next() % 1_000_000;
            let frac = rng.next() % 10_000;
            let exp = rng.below(40) as i64 - 20;
            let e = rng.pick(&["e", "E", "e+", "E-", "e-"]);
            format!("{int}.{frac}{e}{}", exp.unsigned_abs())
        }
    }
}

/// A string's text: plain characters, escapes JSON has, `\u` escapes (astral characters as
/// surrogate pairs, either case of hex), raw non-ASCII.
fn string(rng: &mut Rng) -> (String, String) {
    const CHARS: &[char] = &[
        'a',
        'Z',
        '0',
        ' ',
        '"',
        '\\',
        '/',
        '\n',
        '\t',
        '\u{0}',
        '\u{1f}',
        '\u{7f}',
        'é',
        '联',
        '😀',
        '\u{2028}',
        '\u{fffd}',
        '\u{10ffff}',
    ];
    let mut value = String::new();
    let mut text = String::from('"');
    for _ in 0..rng.below(8) {
        let c = rng.pick(CHARS);
        value.push(c);
        let escape_all = rng.chance(3);
        match c {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '/' if rng.chance(2) => text.push_str("\\/"),
            '\n' if !escape_all => text.push_str("\\n"),
            '\t' if !escape_all => text.push_str("\\t"),
            c if (c as u32) < 0x20 || escape_all => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let hex = format!("{unit:04x}");
                    text.push_str("\\u");
                    text.push_str(&if rng.chance(2) { hex.to_uppercase() } else { hex });
                }
            }
            c => text.push(c),
        }
    }
    text.push('"');
    (value, text)
}

/// Whitespace JSON allows between tokens.
fn space(rng: &mut Rng) -> &'static str {
    if rng.chance(3) {
        rng.pick(&[" ", "\n", "\t", "\r\n  "])
    } else {
        ""
    }
}

/// One JSON text at most `depth` containers deep.
fn text(rng: &mut Rng, depth: usize) -> String {
    let kinds = if depth == 0 { 4 } else { 6 };
    let mut out = String::from(space(rng));
    match rng.below(kinds) {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 | 2 => out.push_str(&number(rng)),
        3 => out.push_str(&string(rng).1),
        4 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&text(rng, depth - 1));
            }
            out.push_str(space(rng));
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(6) {
                if i > 0 {
                    out.push(',');
                }
                let name = if rng.chance(4) { string(rng).1 } else { string_text(rng.pick(NAMES)) };
                out.push_str(&format!("{}{name}{}:", space(rng), space(rng)));
                out.push_str(&text(rng, depth - 1));
            }
            out.push_str(space(rng));
            out.push('}');
        }
    }
    out.push_str(space(rng));
    out
}

/// `s` as a JSON string, by serde_json.
fn string_text(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// serde_json's answer to "which kind?" (the test's oracle, so not the crate's own code).
fn kind_of(v: &Value) -> Kind {
    let answers = [
        (v.is_null(), Kind::Null),
        (v.is_boolean(), Kind::Bool),
        (v.is_number(), Kind::Number),
        (v.is_string(), Kind::String),
        (v.is_array(), Kind::Array),
    ];
    answers.into_iter().find(|(yes, _)| *yes).map_or(Kind::Object, |(_, kind)| kind)
}

/// Fails with `what` at `at` unless `got == want`.
fn same<T: PartialEq + std::fmt::Debug>(at: &str, what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("at {at:?}: {what} {got:?}, serde_json {want:?}"))
    }
}

/// Compares everything the view says about one value with serde_json's reading, then
/// every element and member, recursively.
fn agree<J: Json>(view: &J, want: &Value, at: &str) -> Result<(), String> {
    let kind = kind_of(want);
    same(at, "kind", view.kind(), kind)?;
    for k in [Kind::Null, Kind::Bool, Kind::Number, Kind::String, Kind::Array, Kind::Object] {
        same(at, &format!("is_kind({k:?})"), view.is_kind(k), k == kind)?;
    }
    same(at, "is_null", view.is_null(), want.is_null())?;
    same(at, "as_bool", view.as_bool(), want.as_bool())?;
    same(at, "as_str", view.as_str(), want.as_str().map(str::to_owned))?;
    same(at, "as_f64", view.as_f64(), want.as_f64())?;
    let safe = want.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= 9_007_199_254_740_991.0);
    same(at, "as_u64", view.as_u64(), safe.map(|n| n as u64))?;
    match view.number_text() {
        // JS's own number text: JSON that reads to the same value.
        Some(t) => same(at, &format!("number_text {t:?} read back"), serde_json::from_str::<f64>(&t).ok(), want.as_f64())?,
        None => same(at, "number_text", None, want.as_f64())?,
    }
    let items = want.as_array().map_or(&[][..], Vec::as_slice);
    same(at, "len", view.len(), items.len())?;
    same(at, "is_empty", view.is_empty(), items.is_empty())?;
    for (i, item) in items.iter().enumerate() {
        let got = view.at(i).ok_or_else(|| format!("at {at:?}: no element {i}"))?;
        agree(&got, item, &format!("{at}[{i}]"))?;
    }
    // (Not asked of objects: `Parsed::at` skips the array check, so an object's member
    // named "0" reads as element 0; the SDK asks `at` only of arrays.)
    if !want.is_object() {
        same(at, "element past the end", view.at(items.len()).is_some(), false)?;
    }
    let mut keys = view.keys();
    keys.sort();
    match want.as_object() {
        Some(members) => {
            same(at, "keys", keys, members.keys().cloned().collect())?;
            for (name, member) in members {
                let got = view.get(name).ok_or_else(|| format!("at {at:?}: no member {name:?}"))?;
                agree(&got, member, &format!("{at}.{name}"))?;
                if let Some(fixed) = NAMES.iter().find(|n| **n == name) {
                    same(at, &format!("member({fixed:?}) kind"), view.member(fixed).map(|m| m.kind()), Some(kind_of(member)))?;
                    same(at, &format!("field({fixed:?}) present"), view.field(fixed).is_some(), !member.is_null())?;
                }
            }
            for name in ABSENT.iter().filter(|n| !members.contains_key(**n)) {
                same(at, &format!("get({name:?})"), view.get(name).is_some(), false)?;
                same(at, &format!("member({name:?})"), view.member(name).is_some(), false)?;
            }
        }
        None => {
            same(at, "keys", keys, Vec::new())?;
            same(at, "get(\"id\")", view.get("id").is_some(), false)?;
        }
    }
    Ok(())
}

/// Runs `CASES` generated texts through `view_of(JSON.parse(text))` and serde_json.
fn run<J: Json>(view_of: impl Fn(JsValue) -> J) -> Result<(), String> {
    let mut rng = Rng(SEED);
    for case in 0..CASES {
        let text = text(&mut rng, 1 + case % 4);
        let want: Value = serde_json::from_str(&text).map_err(|e| format!("case {case}: serde_json refuses {text:?}: {e}"))?;
        let parsed = js_sys::JSON::parse(&text).map_err(|e| format!("case {case}: JSON.parse refuses {text:?}: {e:?}"))?;
        agree(&view_of(parsed), &want, "").map_err(|e| format!("seed {SEED:#x} case {case} {e}\n  text {text:?}"))?;
    }
    Ok(())
}

#[wasm_bindgen_test]
fn the_parsed_view_reads_json_parse_output_as_serde_json_does() {
    if let Err(e) = run(parsed_view) {
        panic!("Parsed view: {e}");
    }
}

#[wasm_bindgen_test]
fn the_caller_value_view_reads_json_parse_output_as_serde_json_does() {
    if let Err(e) = run(|v: JsValue| v) {
        panic!("JsValue view: {e}");
    }
}

/// A view that drops the last element of every array: the comparison must catch it, or
/// the two tests above prove nothing.
#[derive(Clone)]
struct DropsLast<J>(J);

impl<J: Json> Json for DropsLast<J> {
    fn kind(&self) -> Kind {
        self.0.kind()
    }
    fn get(&self, key: &str) -> Option<Self> {
        self.0.get(key).map(DropsLast)
    }
    fn len(&self) -> usize {
        self.0.len().saturating_sub(1)
    }
    fn at(&self, index: usize) -> Option<Self> {
        (index < self.len()).then(|| self.0.at(index).map(DropsLast)).flatten()
    }
    fn keys(&self) -> Vec<String> {
        self.0.keys()
    }
    fn as_str(&self) -> Option<String> {
        self.0.as_str()
    }
    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn number_text(&self) -> Option<String> {
        self.0.number_text()
    }
}

#[wasm_bindgen_test]
fn a_view_that_drops_the_last_array_element_is_caught() {
    let e = run(|v| DropsLast(parsed_view(v))).expect_err("a broken view passed");
    assert!(e.contains("len"), "{e}");
}
