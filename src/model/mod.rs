//! The shapes of the guide's answers, checked leniently.
//!
//! An answer is handed to the caller as the JSON the server sent; the model only
//! checks that what the guide names has the guide's type. So unknown fields are kept,
//! `null` is accepted anywhere, and `props` values keep whatever JSON type they have.
//! A known field of the wrong type (an id that is a string, an object where a list
//! belongs) is a `decode` error naming the place, e.g. `[3].openIds[0].openId`.
//!
//! One file per resource group declares its shapes as constants.

use crate::json::{Json, Kind};

mod channel;
mod contact;
mod event;
mod group;
mod token;
mod wechat;

pub use channel::*;
pub use contact::*;
pub use event::*;
pub use group::*;
pub use token::*;
pub use wechat::*;

/// The expected type of a JSON value. `null` always passes.
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
}

/// Accepts anything.
pub const ANY: Ty = Ty::Any;

/// Checks `v` against `ty`; on mismatch returns the path of the first offending value
/// and what was expected there.
pub fn check<J: Json>(ty: &Ty, v: &J) -> Result<(), String> {
    check_at(ty, v).map_err(|m| {
        // Segments were collected innermost first, while unwinding.
        let path: String = m.path.iter().rev().map(Segment::text).collect();
        if path.is_empty() {
            format!("expected {}", m.expected)
        } else {
            format!("expected {} at {path}", m.expected)
        }
    })
}

/// Where a check failed and what it expected there; the path is built only on failure,
/// so checking a large answer formats nothing.
struct Mismatch {
    expected: &'static str,
    path: Vec<Segment>,
}

/// One step of a path: a member name or an array index.
enum Segment {
    Member(String),
    Index(usize),
}

impl Segment {
    fn text(&self) -> String {
        match self {
            Segment::Member(name) => format!(".{name}"),
            Segment::Index(i) => format!("[{i}]"),
        }
    }
}

/// Adds `segment` to a failure's path on the way out.
fn within<T>(r: Result<T, Mismatch>, segment: impl FnOnce() -> Segment) -> Result<T, Mismatch> {
    r.map_err(|mut m| {
        m.path.push(segment());
        m
    })
}

/// `null` passes anywhere, the answer itself included (API.md: "null is accepted
/// anywhere").
fn check_at<J: Json>(ty: &Ty, v: &J) -> Result<(), Mismatch> {
    // One question per value on the way through (`is_kind`); `null` is only asked about
    // when the value is not what the shape wants.
    let (ok, expected) = match ty {
        Ty::Any => return Ok(()),
        Ty::Str => (v.is_kind(Kind::String), "a string"),
        Ty::Num => (v.is_kind(Kind::Number), "a number"),
        Ty::Int => (v.as_f64().is_some_and(|n| n.fract() == 0.0), "an integer"),
        Ty::Bool => (v.is_kind(Kind::Bool), "a boolean"),
        Ty::Object(_) | Ty::Map(_) => (v.is_kind(Kind::Object), "an object"),
        Ty::Array(_) => (v.is_kind(Kind::Array), "an array"),
    };
    if !ok {
        return if v.is_null() { Ok(()) } else { Err(Mismatch { expected, path: Vec::new() }) };
    }
    match ty {
        Ty::Object(fields) => {
            for (name, field_ty) in fields.iter() {
                if let Some(member) = v.member(name) {
                    within(check_at(field_ty, &member), || Segment::Member((*name).to_owned()))?;
                }
            }
        }
        Ty::Array(item_ty) => {
            for i in 0..v.len() {
                if let Some(item) = v.at(i) {
                    within(check_at(item_ty, &item), || Segment::Index(i))?;
                }
            }
        }
        Ty::Map(value_ty) => {
            for key in v.keys() {
                if let Some(member) = v.get(&key) {
                    within(check_at(value_ty, &member), || Segment::Member(key))?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
