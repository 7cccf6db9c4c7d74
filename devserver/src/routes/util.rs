//! Small helpers shared by the route files.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::state::model::scalar_string;

/// A JSON object whose keys keep the order they were pushed in.
#[derive(Debug, Default)]
pub struct Ordered(pub Vec<(String, Value)>);

impl Ordered {
    /// Appends a key.
    pub fn push(&mut self, k: impl Into<String>, v: impl Into<Value>) {
        self.0.push((k.into(), v.into()));
    }
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The body as an object, or 400 `B00400`.
pub fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object().ok_or_else(|| ApiError::bad_request("body must be a JSON object"))
}

/// A non-empty scalar field as a string.
pub fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(scalar_string).filter(|s| !s.trim().is_empty())
}

/// Required non-empty fields; 400 `B00030` naming the missing ones.
pub fn required(obj: &Map<String, Value>, keys: &[&str]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for k in keys {
        match text(obj, k) {
            Some(v) => out.push(v),
            None => missing.push(*k),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::param(format!("missing required field(s): {}", missing.join(", "))))
    }
}
