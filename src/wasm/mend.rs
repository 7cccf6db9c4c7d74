//! Normalizing an answer in place: a [`Fix`] of the core's answer check becomes one
//! `Reflect.set` on the object `JSON.parse` made, so a page with an odd value is neither
//! copied into the module nor re-encoded.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::json::Parsed;
use crate::model::{Fix, Mend, Scalar, Step};

impl Mend for Parsed {
    fn mend(&self, fix: &Fix) {
        let Some((last, within)) = fix.path.split_last() else { return };
        let mut parent = self.0.clone();
        for step in within {
            match Reflect::get(&parent, &key(step)) {
                Ok(next) if next.is_object() => parent = next,
                _ => return,
            }
        }
        let value = match &fix.value {
            Scalar::Null => JsValue::NULL,
            Scalar::Bool(b) => JsValue::from_bool(*b),
            Scalar::Int(n) => JsValue::from_f64(*n as f64),
            Scalar::Text(t) => JsValue::from_str(t),
        };
        let _ = Reflect::set(&parent, &key(last), &value);
    }
}

/// A step as a property key.
fn key(step: &Step) -> JsValue {
    match step {
        Step::Member(name) => JsValue::from_str(name),
        Step::Index(i) => JsValue::from_f64(*i as f64),
    }
}
