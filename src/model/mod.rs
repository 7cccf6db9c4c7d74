//! The shapes of the guide's answers, read leniently.
//!
//! An answer is handed to the caller as the JSON the server sent, checked in place
//! against the shape the guide names, so unknown fields are kept and `props` values keep
//! whatever JSON type they have. What the shape declares (and the `.d.ts` promises) is
//! what the caller gets:
//!
//! - A [`Ty::Required`] member (every `id`, `Event.event`, `GroupMember.memberId`, …), an
//!   array element, and the answer itself are present and non-null.
//! - Every other member may be absent or `null`.
//! - A scalar of another type than declared never fails the answer: it is normalized in
//!   place ([`Fix`]): a number or boolean where a string belongs becomes its JSON text
//!   (`"attr2": 10000` → `"10000"`); a string of decimal digits where an integer belongs
//!   becomes the number; `0`/`1`/`"true"`/`"false"` where a boolean belongs become the
//!   boolean; anything else (a scalar where an object or list belongs, `"abc"` where a
//!   count belongs) becomes `null`. An optional integer may be any number (`ver: 2.5`).
//! - What is not the shape at all is a `decode` error naming the place, e.g.
//!   `[3].openIds[0]`: an object or list where a scalar belongs, an object where a list
//!   belongs (or the reverse), a required value missing, `null` or not convertible.
//!
//! One file per resource group declares its shapes, each once, with [`answer!`]
//! (`shape.rs`): the Rust type, the check and the TypeScript come from that one field list.
//! The inputs' Rust types are in `input.rs`.

use crate::encode::concat;
use std::collections::BTreeMap;

use crate::json::{Json, Kind, MemberKind};

mod channel;
mod contact;
mod event;
mod group;
mod input;
mod shape;
mod token;
mod wechat;

pub use channel::*;
pub use contact::*;
pub use event::*;
pub use group::*;
pub use input::*;
pub use token::*;
pub use wechat::*;

/// The expected type of a JSON value.
#[derive(Debug, PartialEq)]
pub enum Ty {
    /// Anything.
    Any,
    /// A string.
    Str,
    /// An integer (ids, timestamps, counts).
    Int,
    /// Any number.
    Num,
    /// A boolean.
    Bool,
    /// An object with these known members; other members pass unchecked.
    Object(&'static [(&'static str, Ty)]),
    /// An array whose every element has this type.
    Array(&'static Ty),
    /// An object whose member values all have this type.
    Map(&'static Ty),
    /// As a member of an [`Ty::Object`]: present, not `null`, and of this type.
    Required(&'static Ty),
}

/// `utm` parameters (`source`, `campaign`, `medium`, `content`, `term`, …): an object of
/// strings.
pub type Utm = BTreeMap<String, Option<String>>;

/// The TypeScript of [`Utm`], as published in the `.d.ts`.
pub const UTM_TS: &str = "/** `utm` parameters as Linkflow stores them. */
export interface Utm {
  source?: string | null;
  campaign?: string | null;
  medium?: string | null;
  content?: string | null;
  term?: string | null;
  [key: string]: string | null | undefined;
}
";

/// Custom fields by alias (`attr1`, …), each value in its JSON type.
pub type Props = serde_json::Map<String, serde_json::Value>;

/// Accepts anything.
pub const ANY: Ty = Ty::Any;

/// A normalized scalar that replaces the value at `path` of an answer ([`Fix`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer (exactly representable in JS).
    Int(i64),
    /// A string.
    Text(String),
}

/// One normalization of an answer: the value at `path` becomes `value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// Where, from the answer's root: member names and array indexes, outermost first.
    pub path: Vec<Step>,
    /// The value to put there.
    pub value: Scalar,
}

/// One step of a path into an answer: a member name or an array index.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The member of this name.
    Member(String),
    /// The element at this index.
    Index(usize),
}

impl Step {
    /// Appends `.name` or `[i]` (pushes, not `format!`: core::fmt would weigh on the module).
    fn push_text(&self, out: &mut String) {
        match self {
            Step::Member(name) => {
                out.push('.');
                out.push_str(name);
            }
            Step::Index(i) => {
                out.push('[');
                crate::encode::push_u64(out, *i as u64);
                out.push(']');
            }
        }
    }
}

/// An answer that [`Fix`]es can be applied to in place: the JS object `JSON.parse` made,
/// so normalizing copies nothing into the module.
pub trait Mend: Json {
    /// Puts `fix.value` at `fix.path` (a path that does not lead anywhere is skipped).
    fn mend(&self, fix: &Fix);
}

/// Applies `fixes` to a natively parsed answer.
#[cfg(not(target_arch = "wasm32"))]
pub fn mend_value(root: &mut serde_json::Value, fixes: &[Fix]) {
    use serde_json::Value;
    for fix in fixes {
        let mut at = Some(&mut *root);
        for step in &fix.path {
            at = at.and_then(|v| match (v, step) {
                (Value::Object(members), Step::Member(name)) => members.get_mut(name),
                (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
                _ => None,
            });
        }
        if let Some(slot) = at {
            *slot = match &fix.value {
                Scalar::Null => Value::Null,
                Scalar::Bool(b) => Value::Bool(*b),
                Scalar::Int(n) => Value::from(*n),
                Scalar::Text(t) => Value::String(t.clone()),
            };
        }
    }
}

/// Checks `v` against `ty` (the answer itself is required), returning the normalizations
/// it needs; on a mismatch, the path of the first offending value and what was expected
/// there.
pub fn check<J: Json>(ty: &Ty, v: &J) -> Result<Vec<Fix>, String> {
    let mut fixes = Vec::new();
    check_at(ty, v, true, &mut fixes).map_err(|m| {
        // Steps were collected innermost first, while unwinding.
        let mut text = concat(&["expected ", m.expected]);
        if !m.path.is_empty() {
            text.push_str(" at ");
        }
        for step in m.path.iter().rev() {
            step.push_text(&mut text);
        }
        text
    })?;
    for fix in &mut fixes {
        fix.path.reverse();
    }
    Ok(fixes)
}

/// Where a check failed and what it expected there; the path is built only on failure,
/// so checking a large answer formats nothing.
struct Mismatch {
    expected: &'static str,
    path: Vec<Step>,
}

/// Checks `v` (of the member or element `step`) and adds `step` to the paths of what it
/// failed on or fixed, on the way out.
fn within<J: Json>(ty: &Ty, v: &J, required: bool, fixes: &mut Vec<Fix>, step: &dyn Fn() -> Step) -> Result<(), Mismatch> {
    stepped(fixes, step, &mut |fixes| check_at(ty, v, required, fixes))
}

/// Runs `check` and adds `step` to the paths of what it failed on or fixed, on the way out.
/// Not generic (`dyn`): one copy in the wasm for every kind of step and check.
fn stepped(
    fixes: &mut Vec<Fix>,
    step: &dyn Fn() -> Step,
    check: &mut dyn FnMut(&mut Vec<Fix>) -> Result<(), Mismatch>,
) -> Result<(), Mismatch> {
    let before = fixes.len();
    let r = check(fixes);
    for fix in fixes.iter_mut().skip(before) {
        fix.path.push(step());
    }
    r.map_err(|mut m| {
        m.path.push(step());
        m
    })
}

/// True when a member of kind `kind` passes `ty` as it is: no fix, nothing inside it to
/// check. Everything else is looked at by [`check_at`], so this only saves questions.
fn fits(ty: &Ty, kind: MemberKind) -> bool {
    let (ty, required) = match ty {
        Ty::Required(inner) => (*inner, true),
        _ => (ty, false),
    };
    match kind {
        MemberKind::Null => !required,
        MemberKind::Absent | MemberKind::Other => false,
        _ => match ty {
            Ty::Any => true,
            Ty::Str => kind == MemberKind::Str,
            Ty::Int => kind == MemberKind::Int,
            Ty::Num => matches!(kind, MemberKind::Int | MemberKind::Num),
            Ty::Bool => kind == MemberKind::Bool,
            Ty::Object(_) | Ty::Array(_) | Ty::Map(_) | Ty::Required(_) => false,
        },
    }
}

/// Checks the members `fields` of an object whose members' kinds are `kinds` (one per
/// field, from [`Json::member_kinds`]; `None`: not known); `get` reads a member, asked only
/// of one that does not [`fits`] as it is.
fn members<J: Json>(
    fields: &'static [(&'static str, Ty)],
    kinds: Option<&[MemberKind]>,
    get: &dyn Fn(&'static str) -> Option<J>,
    fixes: &mut Vec<Fix>,
) -> Result<(), Mismatch> {
    // A kind not known reads as "ask the value".
    let kinds = kinds.unwrap_or_default().iter().copied().chain(std::iter::repeat(MemberKind::Other));
    for ((name, field_ty), kind) in fields.iter().zip(kinds) {
        if fits(field_ty, kind) {
            continue;
        }
        let member = if kind == MemberKind::Absent { None } else { get(name) };
        match member {
            Some(member) => within(field_ty, &member, false, fixes, &|| Step::Member((*name).to_owned()))?,
            None if matches!(field_ty, Ty::Required(_)) => {
                return Err(Mismatch { expected: expected(field_ty), path: vec![Step::Member((*name).to_owned())] });
            }
            None => {}
        }
    }
    Ok(())
}

/// Checks the elements of the array `v`. For objects of known members, the kinds of every
/// element's members are asked at once; an element that is not an object is checked as a
/// whole, as are the elements of any other array.
fn elements<J: Json>(item_ty: &Ty, v: &J, fixes: &mut Vec<Fix>) -> Result<(), Mismatch> {
    let rows = match item_ty {
        Ty::Object(fields) => v.member_kinds(fields, true).map(|kinds| (*fields, kinds)),
        _ => None,
    };
    let Some((fields, kinds)) = rows else {
        return (0..v.len()).try_for_each(|i| element(item_ty, v, i, fixes));
    };
    for (i, row) in kinds.chunks_exact(fields.len() + 1).enumerate() {
        match row.split_first() {
            Some((MemberKind::Object, row)) => {
                let get = |name| v.at(i).and_then(|item| item.member(name));
                stepped(fixes, &|| Step::Index(i), &mut |fixes| members(fields, Some(row), &get, fixes))?;
            }
            _ => element(item_ty, v, i, fixes)?,
        }
    }
    Ok(())
}

/// Checks element `i` of the array `v` against `item_ty`.
fn element<J: Json>(item_ty: &Ty, v: &J, i: usize, fixes: &mut Vec<Fix>) -> Result<(), Mismatch> {
    match v.at(i) {
        // Elements are never null, unless the list is of anything (`failure`).
        Some(item) => within(item_ty, &item, !matches!(item_ty, Ty::Any), fixes, &|| Step::Index(i)),
        None if matches!(item_ty, Ty::Any) => Ok(()),
        None => Err(Mismatch { expected: expected(item_ty), path: vec![Step::Index(i)] }),
    }
}

/// The largest integer JS numbers hold exactly (2^53 - 1).
const MAX_EXACT: i64 = 9_007_199_254_740_991;

/// `v`, a scalar of another type than the scalar `ty`, as a `ty`, when it reads as one.
fn convert<J: Json>(ty: &Ty, v: &J) -> Option<Scalar> {
    match ty {
        Ty::Str => match v.kind() {
            Kind::Number => v.number_text().map(Scalar::Text),
            Kind::Bool => v.as_bool().map(|b| Scalar::Text(if b { "true" } else { "false" }.to_owned())),
            _ => None,
        },
        // Digits only, summed as integers: parsing floats would add ~10 KB to the wasm.
        Ty::Int | Ty::Num => v.as_str().and_then(|s| decimal_integer(s.trim())).map(Scalar::Int),
        Ty::Bool => match (v.as_f64(), v.as_str().as_deref()) {
            (Some(n), _) if n == 0.0 || n == 1.0 => Some(Scalar::Bool(n == 1.0)),
            (_, Some("true" | "1")) => Some(Scalar::Bool(true)),
            (_, Some("false" | "0")) => Some(Scalar::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// `-?[0-9]{1,16}` within ±(2^53 - 1) as an integer.
fn decimal_integer(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    (n <= MAX_EXACT).then_some(if negative { -n } else { n })
}

fn check_at<J: Json>(ty: &Ty, v: &J, required: bool, fixes: &mut Vec<Fix>) -> Result<(), Mismatch> {
    let (ty, required) = match ty {
        Ty::Required(inner) => (*inner, true),
        _ => (ty, required),
    };
    // One question per value on the way through (`is_kind`); the rest is only asked about
    // a value that is not what the shape wants.
    let ok = match ty {
        Ty::Any => !required || !v.is_null(),
        Ty::Str => v.is_kind(Kind::String),
        Ty::Num => v.is_kind(Kind::Number),
        Ty::Int => v.as_f64().is_some_and(|n| n.fract() == 0.0),
        Ty::Bool => v.is_kind(Kind::Bool),
        Ty::Object(_) | Ty::Map(_) => v.is_kind(Kind::Object),
        Ty::Array(_) => v.is_kind(Kind::Array),
        Ty::Required(_) => false,
    };
    if !ok {
        return mismatched(ty, v, required, fixes);
    }
    match ty {
        Ty::Object(fields) => members(fields, v.member_kinds(fields, false).as_deref(), &|name| v.member(name), fixes)?,
        Ty::Array(item_ty) => elements(item_ty, v, fixes)?,
        // Values that all fit as they are (the usual case) need no key read.
        Ty::Map(value_ty) if v.value_kinds().is_some_and(|kinds| kinds.iter().all(|kind| fits(value_ty, *kind))) => {}
        Ty::Map(value_ty) => {
            for key in v.keys() {
                if let Some(member) = v.get(&key) {
                    within(value_ty, &member, false, fixes, &|| Step::Member(key.clone()))?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// What a value of `ty` is, for messages.
fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Any => "a value",
        Ty::Str => "a string",
        Ty::Num => "a number",
        Ty::Int => "an integer",
        Ty::Bool => "a boolean",
        Ty::Object(_) | Ty::Map(_) => "an object",
        Ty::Array(_) => "an array",
        Ty::Required(inner) => expected(inner),
    }
}

/// `v` is not of `ty`: `null` passes where optional; a scalar is normalized (or, where
/// optional, becomes `null`); anything else is a mismatch.
fn mismatched<J: Json>(ty: &Ty, v: &J, required: bool, fixes: &mut Vec<Fix>) -> Result<(), Mismatch> {
    let miss = || Err(Mismatch { expected: expected(ty), path: Vec::new() });
    let kind = v.kind();
    let scalar_ty = matches!(ty, Ty::Str | Ty::Int | Ty::Num | Ty::Bool);
    match kind {
        Kind::Null => return if required { miss() } else { Ok(()) },
        Kind::Array | Kind::Object => return miss(),
        _ => {}
    }
    // An optional integer that is a number is a number, as the `.d.ts` says.
    if matches!(ty, Ty::Int) && !required && kind == Kind::Number {
        return Ok(());
    }
    let value = match (scalar_ty, convert(ty, v)) {
        (true, Some(value)) => value,
        _ if required => return miss(),
        _ => Scalar::Null,
    };
    fixes.push(Fix { path: Vec::new(), value });
    Ok(())
}
