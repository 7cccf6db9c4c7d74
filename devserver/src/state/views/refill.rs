//! Members of a held model value refilled in place for the next answer: a string is
//! cleared and refilled and a `utm` or `props` map's values are replaced, so their memory
//! is reused from item to item of a list (see `event.rs`, `ContactWriter`).

use linkflow_sdk::model;
use serde_json::Value;

use super::super::model::Utm;
use crate::time::write_cst;

/// Sets `slot` to `value`, refilling the string it holds rather than allocating one.
pub fn set_text(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(s), Some(v)) => {
            s.clear();
            s.push_str(v);
        }
        (None, Some(v)) => *slot = Some(v.to_owned()),
        (_, None) => *slot = None,
    }
}

/// Sets `slot` to the guide's date of `ms` (`None`: no date), refilling the string it holds.
pub fn set_date(slot: &mut Option<String>, ms: Option<i64>) {
    match ms {
        Some(ms) => write_cst(slot.get_or_insert_with(String::new), ms),
        None => *slot = None,
    }
}

/// Sets `slot` to the store's `utm` as the model's (all five keys, `null` when unset),
/// refilling the map it holds: its keys are always the five.
pub fn set_utm(slot: &mut Option<model::Utm>, utm: Option<&Utm>) {
    let Some(utm) = utm else {
        *slot = None;
        return;
    };
    let map = slot.get_or_insert_with(model::Utm::new);
    for (key, value) in utm.pairs() {
        match map.get_mut(key) {
            Some(held) => set_text(held, value.as_deref()),
            None => {
                map.insert(key.to_owned(), value.clone());
            }
        }
    }
}

/// Sets `slot` to a copy of `props`. When the held map has the same keys (seeded contacts
/// all have `attr1`, `attr2`) its values are refilled in place, a string's memory reused.
pub fn set_props(slot: &mut Option<model::Props>, props: &model::Props) {
    match slot {
        Some(held) if held.len() == props.len() && held.keys().eq(props.keys()) => {
            for (held, value) in held.values_mut().zip(props.values()) {
                match (held, value) {
                    (Value::String(held), Value::String(value)) => {
                        held.clear();
                        held.push_str(value);
                    }
                    (held, value) => *held = value.clone(),
                }
            }
        }
        _ => *slot = Some(props.clone()),
    }
}
