//! JSON without a JSON library in the WebAssembly build.
//!
//! The core reads answers and options through [`Json`], a small read-only view. In the
//! browser and Node the wasm layer implements it for `JsValue` on top of JS's own
//! `JSON.parse`, so answers cross into Rust without being copied or re-encoded, and the
//! caller gets back the very object the server sent (unknown fields kept, `props`
//! values in their JSON type). Natively (tests, fixtures, Rust callers) a
//! `serde_json::Value` implements the same view.
//! Request bodies are written by [`Writer`].

/// The type of a JSON value. JS `undefined` reads as absent, never as a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// a finite number
    Number,
    /// a string
    String,
    /// an array
    Array,
    /// an object
    Object,
}

/// The kind of an object's member as the answer check sees it ([`Json::member_kinds`]):
/// enough to settle a member that fits its shape without asking anything else about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// Absent (or JS `undefined`).
    Absent,
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A finite number without a fraction.
    Int,
    /// Another finite number.
    Num,
    /// A string.
    Str,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything else (not made by `JSON.parse`): the check asks the value itself.
    Other,
}

impl MemberKind {
    /// The kind of `v` (`None`: absent).
    pub fn of<J: Json>(v: Option<&J>) -> MemberKind {
        let Some(v) = v else { return MemberKind::Absent };
        match v.kind() {
            Kind::Null => MemberKind::Null,
            Kind::Bool => MemberKind::Bool,
            Kind::String => MemberKind::Str,
            Kind::Array => MemberKind::Array,
            Kind::Object => MemberKind::Object,
            Kind::Number => match v.as_f64() {
                Some(n) if n.fract() == 0.0 => MemberKind::Int,
                Some(_) => MemberKind::Num,
                None => MemberKind::Other,
            },
        }
    }

    /// The kind numbered `n` in the order of the variants (as a JS helper answers it).
    pub fn from_code(n: u8) -> MemberKind {
        const ALL: [MemberKind; 9] = [
            MemberKind::Absent,
            MemberKind::Null,
            MemberKind::Bool,
            MemberKind::Int,
            MemberKind::Num,
            MemberKind::Str,
            MemberKind::Array,
            MemberKind::Object,
            MemberKind::Other,
        ];
        ALL.get(usize::from(n)).copied().unwrap_or(MemberKind::Other)
    }
}

/// A read-only view of one JSON value.
pub trait Json: Clone {
    /// The value's type.
    fn kind(&self) -> Kind;
    /// The member `key` of an object; `None` when absent (or `undefined`) or not an object.
    fn get(&self, key: &str) -> Option<Self>;
    /// The number of elements of an array; 0 for anything else.
    fn len(&self) -> usize;
    /// Element `index` of an array.
    fn at(&self, index: usize) -> Option<Self>;
    /// The member names of an object, in order; empty for anything else.
    fn keys(&self) -> Vec<String>;
    /// The string, if this is a string.
    fn as_str(&self) -> Option<String>;
    /// The number, if this is a finite number.
    fn as_f64(&self) -> Option<f64>;
    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool>;
    /// The number as JSON text (`"10000"`, `"200.5"`), if this is a finite number.
    fn number_text(&self) -> Option<String>;

    /// True when the value is of `kind`. Views where [`Json::kind`] asks several questions
    /// answer this one with one.
    fn is_kind(&self, kind: Kind) -> bool {
        self.kind() == kind
    }
    /// The member `key` of an object, for a name fixed in the code (the answer shapes):
    /// views may keep per-name state. Otherwise as [`Json::get`].
    fn member(&self, key: &'static str) -> Option<Self> {
        self.get(key)
    }
    /// The [`MemberKind`] of each of the members `names` of this object, in order. With
    /// `rows`, of an array of objects: per element, the element's own kind, then its
    /// members' (absent for an element that is not an object). `None`: not known (the
    /// check then asks member by member). Views where each question is a crossing answer
    /// it with one.
    fn member_kinds<T>(&self, names: &'static [(&'static str, T)], rows: bool) -> Option<Vec<MemberKind>> {
        Some(member_kinds_asked(self, names, rows))
    }
    /// The [`MemberKind`] of each member value of this object, in [`Json::keys`] order;
    /// `None`: not known.
    fn value_kinds(&self) -> Option<Vec<MemberKind>> {
        Some(self.keys().iter().map(|key| MemberKind::of(self.get(key).as_ref())).collect())
    }
    /// True for an empty array (or anything that is not an array).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// True for `null`.
    fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }
    /// The number as a non-negative integer, if it is one (and exactly representable).
    fn as_u64(&self) -> Option<u64> {
        let n = self.as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0).then_some(n as u64)
    }
    /// The member `key` unless it is absent or `null`.
    fn field(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null())
    }
}

/// [`Json::member_kinds`] asked member by member, element by element.
pub fn member_kinds_asked<J: Json, T>(v: &J, names: &'static [(&'static str, T)], rows: bool) -> Vec<MemberKind> {
    let of = |v: &J, out: &mut Vec<MemberKind>| out.extend(names.iter().map(|(name, _)| MemberKind::of(v.member(name).as_ref())));
    let mut out = Vec::new();
    if !rows {
        of(v, &mut out);
        return out;
    }
    for i in 0..v.len() {
        let item = v.at(i);
        let own = MemberKind::of(item.as_ref());
        out.push(own);
        match item.filter(|_| own == MemberKind::Object) {
            Some(item) => of(&item, &mut out),
            None => out.extend(names.iter().map(|_| MemberKind::Absent)),
        }
    }
    out
}

/// Natively, a `serde_json` value is the view (tests, fixtures, Rust callers). Its numbers
/// keep their source text when `serde_json`'s `arbitrary_precision` feature is on (the
/// crate's native dev-dependencies turn it on, the wasm build never has it); without it,
/// integers are exact and other numbers are their shortest `f64` text. Never in the shipped
/// wasm build (only in the crate's own unit tests there).
#[cfg(all(feature = "client", any(test, not(target_arch = "wasm32"))))]
impl Json for &serde_json::Value {
    fn kind(&self) -> Kind {
        use serde_json::Value;
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
    fn get(&self, key: &str) -> Option<Self> {
        // A repeated name: `serde_json` keeps the last value, as `JSON.parse` does.
        self.as_object().and_then(|members| members.get(key))
    }
    fn len(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }
    fn at(&self, index: usize) -> Option<Self> {
        self.as_array().and_then(|items| items.get(index))
    }
    fn keys(&self) -> Vec<String> {
        self.as_object().map(|members| members.keys().cloned().collect()).unwrap_or_default()
    }
    fn as_str(&self) -> Option<String> {
        serde_json::Value::as_str(self).map(str::to_owned)
    }
    fn as_f64(&self) -> Option<f64> {
        serde_json::Value::as_f64(self).filter(|n| n.is_finite())
    }
    fn as_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }
    fn number_text(&self) -> Option<String> {
        self.as_number().map(ToString::to_string)
    }
}

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack (the
/// same limit as `serde_json`'s parser).
pub const MAX_DEPTH: usize = 128;

/// The largest request body the SDK builds (16 MiB of JSON text): larger inputs are
/// `validation` errors, found while reading them, before they are copied whole.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Writes JSON text. Objects and arrays are opened and closed by the caller; commas
/// are placed automatically.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// Whether the innermost open container already has an element.
    has_item: Vec<bool>,
    /// A member name was just written: its value takes no comma.
    after_key: bool,
    /// [`Writer::value`] met nesting deeper than [`MAX_DEPTH`] and wrote `null` there.
    too_deep: bool,
    /// [`Writer::value`] met a number without JSON text (a JS `NaN` or `Infinity`) and
    /// wrote `null` there.
    bad_number: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }
    fn sep(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(has) = self.has_item.last_mut() {
            if *has {
                self.out.push(',');
            }
            *has = true;
        }
    }
    /// Opens an object.
    pub fn begin_object(&mut self) {
        self.sep();
        self.out.push('{');
        self.has_item.push(false);
    }
    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.has_item.pop();
        self.out.push('}');
    }
    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.sep();
        self.out.push('[');
        self.has_item.push(false);
    }
    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.has_item.pop();
        self.out.push(']');
    }
    /// Writes a member name; the next write is its value.
    pub fn key(&mut self, name: &str) {
        self.sep();
        write_string(&mut self.out, name);
        self.out.push(':');
        self.after_key = true;
    }
    /// Writes a string value.
    pub fn string(&mut self, s: &str) {
        self.sep();
        write_string(&mut self.out, s);
    }
    /// Writes a member whose value is a string: one call for the pair (the tracker's
    /// messages and envelope are written member by member; each call site is code).
    pub fn str_member(&mut self, name: &str, s: &str) {
        self.key(name);
        self.string(s);
    }
    /// Writes a member whose value is an unsigned integer.
    pub fn uint_member(&mut self, name: &str, n: u64) {
        self.key(name);
        self.uint(n);
    }
    /// Writes a number given as JSON number text (already validated).
    pub fn raw_number(&mut self, text: &str) {
        self.sep();
        self.out.push_str(text);
    }
    /// Writes an unsigned integer (without `core::fmt`: the tracker writes its numbers here).
    pub fn uint(&mut self, n: u64) {
        self.sep();
        crate::encode::push_u64(&mut self.out, n);
    }
    /// Writes `true` or `false`.
    pub fn bool(&mut self, b: bool) {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
    }
    /// Writes `null`.
    pub fn null(&mut self) {
        self.sep();
        self.out.push_str("null");
    }
    /// Copies any JSON value, dropping object members that are `null`. An array or object
    /// that would sit deeper than [`MAX_DEPTH`] (a hostile or cyclic value) is written
    /// as `null` and flagged ([`Writer::too_deep`]): the recursion stays bounded. So is a
    /// number without JSON text ([`Writer::bad_number`]).
    pub fn value<J: Json>(&mut self, v: &J) {
        self.copy(v, false);
    }
    /// As [`Writer::value`], but `null` members are written as `null` (in bodies where
    /// `null` means "clear this field").
    pub fn value_with_nulls<J: Json>(&mut self, v: &J) {
        self.copy(v, true);
    }
    fn copy<J: Json>(&mut self, v: &J, keep_nulls: bool) {
        if self.too_large() {
            return;
        }
        let kind = v.kind();
        if matches!(kind, Kind::Array | Kind::Object) && self.has_item.len() >= MAX_DEPTH {
            self.too_deep = true;
            self.null();
            return;
        }
        match kind {
            Kind::Null => self.null(),
            Kind::Bool => self.bool(v.as_bool().unwrap_or(false)),
            Kind::Number => match v.number_text() {
                Some(t) => self.raw_number(&t),
                None => {
                    self.bad_number = true;
                    self.null();
                }
            },
            Kind::String => self.string(&v.as_str().unwrap_or_default()),
            Kind::Array => {
                self.begin_array();
                for i in 0..v.len() {
                    if let Some(item) = v.at(i) {
                        self.copy(&item, keep_nulls);
                    }
                }
                self.end_array();
            }
            Kind::Object => {
                self.begin_object();
                for k in v.keys() {
                    let member = if keep_nulls { v.get(&k) } else { v.field(&k) };
                    if let Some(m) = member {
                        self.key(&k);
                        self.copy(&m, keep_nulls);
                    }
                }
                self.end_object();
            }
        }
    }
    /// True when [`Writer::value`] cut a value nested deeper than [`MAX_DEPTH`].
    pub fn too_deep(&self) -> bool {
        self.too_deep
    }
    /// True when [`Writer::value`] met a number without JSON text (`NaN`, `Infinity`).
    pub fn bad_number(&self) -> bool {
        self.bad_number
    }
    /// True when the text passed [`MAX_BODY_BYTES`]; [`Writer::value`] stops copying
    /// there, so a huge input costs at most one of its strings more.
    pub fn too_large(&self) -> bool {
        self.out.len() > MAX_BODY_BYTES
    }
    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                crate::encode::push_hex_byte(out, c as u8, crate::encode::HexCase::Lower);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads JSON text natively, for the crate's unit tests: `serde_json` with the crate's
/// native dev-dependency features (numbers keep their text, members their order).
#[cfg(test)]
pub(crate) fn parse(text: &str) -> serde_json::Result<serde_json::Value> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values_and_keeps_number_text() {
        let v = parse(r#" {"a": [1, -2.5e3, true, null], "b": {"c": "\u8054\ud83d\ude00"}, "n": 9007199254740993} "#).unwrap();
        let r = &v;
        assert_eq!(r.get("a").unwrap().len(), 4);
        // serde_json's `arbitrary_precision` keeps every digit; only the exponent is written
        // in one form (`e`, with its sign).
        assert_eq!(r.get("a").unwrap().at(1).unwrap().number_text().as_deref(), Some("-2.5e+3"));
        assert_eq!(r.get("b").unwrap().get("c").unwrap().as_str(), Some("联😀"));
        assert_eq!(r.get("n").unwrap().number_text().as_deref(), Some("9007199254740993"));
        assert_eq!(r.keys(), vec!["a", "b", "n"]);
    }

    #[test]
    fn rejects_broken_json_with_offset() {
        // The guide's own example answer for POST /identifiers has this defect.
        let e = parse(r#"{"name": "x", "nickname": , "gender": "unknown"}"#).unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 27), "byte 26 (columns count from 1)");
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", r#""\u12""#, "nul", "[1] x", "\"a\nb\""] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn writer_places_commas_and_escapes() {
        let mut w = Writer::new();
        w.begin_object();
        w.key("a");
        w.string("q\"\\\n\u{1}");
        w.key("b");
        w.begin_array();
        w.uint(1);
        w.raw_number("2.5");
        w.begin_object();
        w.end_object();
        w.end_array();
        w.key("c");
        w.bool(false);
        w.end_object();
        assert_eq!(w.finish(), r#"{"a":"q\"\\\n\u0001","b":[1,2.5,{}],"c":false}"#);
    }

    #[test]
    fn writer_copies_values_without_null_members() {
        let v = parse(r#"{"a":null,"b":[null,1],"c":{"d":null,"e":"x"}}"#).unwrap();
        let mut w = Writer::new();
        w.value(&&v);
        assert_eq!(w.finish(), r#"{"b":[null,1],"c":{"e":"x"}}"#);
    }
}
