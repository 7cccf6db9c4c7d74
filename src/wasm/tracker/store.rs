//! Key-value storage that never fails: `localStorage` / `sessionStorage` when the page may
//! use them, memory otherwise.
//!
//! Opening probes the storage (a write and a remove): where reading the property throws
//! (storage blocked by the user or a sandbox), where writing throws (a zero quota, old
//! private modes) or where there is none (Node, workers), the store lives in memory for the
//! page's lifetime. A later failed write (quota exceeded) keeps that one value in memory,
//! so reads stay consistent; nothing is ever thrown into the page.

use crate::wasm::platform;
use wasm_bindgen::JsValue;

const PROBE: &str = "linkflow:probe";

/// One storage area with an in-memory fallback.
pub(super) struct Store {
    /// The `Storage` object, or `undefined` when it cannot be used.
    area: JsValue,
    /// Values kept in memory (all of them when `area` is unusable).
    memory: Vec<(String, String)>,
}

impl Store {
    /// Memory only (`storage: "memory"`).
    pub(super) fn memory() -> Store {
        Store { area: JsValue::UNDEFINED, memory: Vec::new() }
    }

    /// `globalThis[name]` (`"localStorage"`, `"sessionStorage"`) if it works, else memory.
    pub(super) fn open(name: &str) -> Store {
        let area = platform::global_prop(name);
        let probe = JsValue::from_str(PROBE);
        let works = area.is_object()
            && platform::call(&area, "setItem", &[&probe, &JsValue::from_str("1")]).is_ok()
            && platform::call(&area, "removeItem", &[&probe]).is_ok();
        Store { area: if works { area } else { JsValue::UNDEFINED }, memory: Vec::new() }
    }

    /// Reads `key` from `globalThis[name]` without opening it (no probe write): for the
    /// consent marker, looked up before anything may be written.
    pub(super) fn peek(name: &str, key: &str) -> Option<String> {
        platform::call(&platform::global_prop(name), "getItem", &[&JsValue::from_str(key)]).ok()?.as_string()
    }

    /// Removes `keys` from `globalThis[name]` (errors ignored), without opening it.
    pub(super) fn erase(name: &str, keys: &[&str]) {
        let area = platform::global_prop(name);
        for key in keys {
            let _ = platform::call(&area, "removeItem", &[&JsValue::from_str(key)]);
        }
    }

    /// True when values outlive the page.
    pub(super) fn persistent(&self) -> bool {
        !self.area.is_undefined()
    }

    /// The value under `key`.
    pub(super) fn get(&self, key: &str) -> Option<String> {
        if let Some((_, v)) = self.memory.iter().find(|(k, _)| k == key) {
            return Some(v.clone());
        }
        if self.area.is_undefined() {
            return None;
        }
        platform::call(&self.area, "getItem", &[&JsValue::from_str(key)]).ok()?.as_string()
    }

    /// Stores `value` under `key`: in the storage area if it takes it, else in memory.
    pub(super) fn set(&mut self, key: &str, value: &str) {
        if self.try_set(key, value) {
            return;
        }
        match self.memory.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => value.clone_into(&mut slot.1),
            None => self.memory.push((key.to_owned(), value.to_owned())),
        }
    }

    /// Stores `value` under `key` in the storage area only; false (and nothing kept) when
    /// it refuses. For values the caller also holds (the queue).
    pub(super) fn try_set(&mut self, key: &str, value: &str) -> bool {
        if self.area.is_undefined() {
            return false;
        }
        let ok = platform::call(&self.area, "setItem", &[&JsValue::from_str(key), &JsValue::from_str(value)]).is_ok();
        if ok {
            self.memory.retain(|(k, _)| k != key);
        }
        ok
    }

    /// Removes `key`.
    pub(super) fn remove(&mut self, key: &str) {
        self.memory.retain(|(k, _)| k != key);
        if !self.area.is_undefined() {
            let _ = platform::call(&self.area, "removeItem", &[&JsValue::from_str(key)]);
        }
    }
}
