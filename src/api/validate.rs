//! The input check every request builder starts with: the caller's value against the
//! [`InputSpec`] its model type declares (`input!` in `src/model/shape.rs`), so what the
//! TypeScript promises is what is checked. A mismatch is a `validation` error naming the
//! path, e.g. `channel.channelId: expected a string` or `items[2].event is required`.
//! Rules beyond types (non-empty ids, page windows, size limits) stay with each builder.

use super::{expect_object, id_value};
use crate::encode::{concat, decimal};
use crate::error::Error;
use crate::json::{Json, Kind};
use crate::model::{InKind, InputShape, InputSpec};

/// Checks `v` (called `what` when it is not an object) as the input `T`.
pub(crate) fn input<T: InputShape, J: Json>(v: &J, what: &str) -> Result<(), Error> {
    expect_object(v, what)?;
    members(&T::SPEC, v, "")
}

/// Checks the members `spec` declares (its base's first); `at` is the path so far, with
/// its trailing `.`.
fn members<J: Json>(spec: &InputSpec, v: &J, at: &str) -> Result<(), Error> {
    if let Some(base) = spec.base {
        members(base, v, at)?;
    }
    for (name, required, kind) in spec.members {
        match v.field(name) {
            Some(member) => value(kind, &member, &concat(&[at, name]), *required)?,
            None if *required => return Err(Error::validation(concat(&[&missing(kind, &concat(&[at, name])), " is required"]))),
            None => {}
        }
    }
    Ok(())
}

/// What to name as missing for an absent required member at `path`: a shape's first
/// required member (`channel.channelId`, as API.md words the rule), or the member itself.
fn missing(kind: &InKind, path: &str) -> String {
    match kind {
        InKind::Shape(spec) => match spec.members.iter().find(|(_, required, _)| *required) {
            Some((name, _, inner)) => missing(inner, &concat(&[path, ".", name])),
            None => path.to_owned(),
        },
        _ => path.to_owned(),
    }
}

/// Checks one present, non-null value at `path`.
fn value<J: Json>(kind: &InKind, v: &J, path: &str, required: bool) -> Result<(), Error> {
    let ok = match kind {
        InKind::Str if v.kind() == Kind::String => {
            // A required string must say something (an empty id names nothing).
            if required && v.as_str().is_some_and(|s| s.is_empty()) {
                return Err(Error::validation(concat(&[path, " is required"])));
            }
            true
        }
        InKind::Str => false,
        InKind::Uint => v.kind() == Kind::Number && v.as_u64().is_some(),
        InKind::Id => id_value(v).is_some(),
        InKind::Flag => v.as_bool().is_some() || v.as_f64().is_some_and(|n| n == 0.0 || n == 1.0),
        InKind::Object => v.kind() == Kind::Object,
        InKind::Strings if v.kind() == Kind::Object => {
            for key in v.keys() {
                if v.field(&key).is_some_and(|s| s.kind() != Kind::String) {
                    return Err(Error::validation(concat(&[path, ".", &key, ": expected a string"])));
                }
            }
            true
        }
        InKind::List(item) if v.kind() == Kind::Array => {
            for i in 0..v.len() {
                let at = concat(&[path, "[", &decimal(i as u64), "]"]);
                match v.at(i) {
                    Some(element) => value(item, &element, &at, true)?,
                    None => return Err(Error::validation(concat(&[&at, ": expected ", expected(item)]))),
                }
            }
            true
        }
        InKind::Shape(spec) if v.kind() == Kind::Object => {
            members(spec, v, &concat(&[path, "."]))?;
            true
        }
        InKind::Strings | InKind::List(_) | InKind::Shape(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::validation(concat(&[path, ": expected ", expected(kind)])))
    }
}

/// What a value of `kind` is, for messages.
fn expected(kind: &InKind) -> &'static str {
    match kind {
        InKind::Str => "a string",
        InKind::Uint => "a non-negative integer",
        InKind::Id => "a non-negative integer id (a number or a string of digits)",
        InKind::Flag => "true, false, 1 or 0",
        InKind::Object | InKind::Shape(_) => "an object",
        InKind::Strings => "an object of strings",
        InKind::List(_) => "an array",
    }
}
