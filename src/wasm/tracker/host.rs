//! The JS driver as the state machine's [`Host`]: one import per question, each answered by
//! a method of the driver's host object (`pkg-template/tracker.js`). The driver never
//! lets a page callback's exception reach these imports.

use crate::track::host::Host;
use crate::track::uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The driver's host object.
    pub type Driver;

    #[wasm_bindgen(method)]
    fn now(this: &Driver) -> f64;
    #[wasm_bindgen(method)]
    fn random(this: &Driver) -> f64;
    #[wasm_bindgen(method, js_name = randomBytes)]
    fn random_bytes(this: &Driver, out: &mut [u8]);
    #[wasm_bindgen(method)]
    fn href(this: &Driver) -> String;
    #[wasm_bindgen(method)]
    fn title(this: &Driver) -> String;
    #[wasm_bindgen(method)]
    fn online(this: &Driver) -> bool;
    #[wasm_bindgen(method, js_name = openStore)]
    fn open_store(this: &Driver, persistent: bool);
    #[wasm_bindgen(method)]
    fn persistent(this: &Driver) -> bool;
    #[wasm_bindgen(method)]
    fn get(this: &Driver, key: &str) -> Option<String>;
    #[wasm_bindgen(method)]
    fn set(this: &Driver, key: &str, value: &str);
    #[wasm_bindgen(method, js_name = trySet)]
    fn try_set(this: &Driver, key: &str, value: &str) -> bool;
    #[wasm_bindgen(method)]
    fn remove(this: &Driver, key: &str);
    #[wasm_bindgen(method)]
    fn peek(this: &Driver, key: &str) -> Option<String>;
    #[wasm_bindgen(method)]
    fn poke(this: &Driver, key: &str, value: &str);
    #[wasm_bindgen(method)]
    fn erase(this: &Driver, key: &str, session: bool);
    #[wasm_bindgen(method)]
    fn schedule(this: &Driver, delay_ms: u32);
    #[wasm_bindgen(method)]
    fn unschedule(this: &Driver);
    #[wasm_bindgen(method, js_name = scheduleSave)]
    fn schedule_save(this: &Driver, delay_ms: u32);
    /// The status, or -1 while the request is in flight.
    #[wasm_bindgen(method)]
    fn post(this: &Driver, id: u32, url: &str, body: &str, keepalive: bool, count: u32) -> i32;
    #[wasm_bindgen(method)]
    fn drained(this: &Driver);
    #[wasm_bindgen(method)]
    fn dropped(this: &Driver, count: u32, why: &str);
    #[wasm_bindgen(method)]
    fn recorded(this: &Driver, json: &str, pending: bool);
    #[wasm_bindgen(method)]
    fn debug(this: &Driver, text: &str, detail: &str);
    #[wasm_bindgen(method)]
    fn batch(this: &Driver, text: &str, count: u32, status: u16);

    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
}

/// [`Host`] over the driver.
pub(super) struct JsHost<'a>(pub &'a Driver);

/// A count as the driver takes it.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Host for JsHost<'_> {
    type Value = JsValue;

    fn now_ms(&mut self) -> u64 {
        let t = self.0.now();
        if t.is_finite() && t > 0.0 {
            t as u64
        } else {
            0
        }
    }
    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.0.random_bytes(&mut bytes);
        uuid::v4(bytes)
    }
    fn random01(&mut self) -> f64 {
        self.0.random()
    }
    fn href(&mut self) -> String {
        self.0.href()
    }
    fn title(&mut self) -> String {
        self.0.title()
    }
    fn online(&mut self) -> bool {
        self.0.online()
    }
    fn parse(&mut self, text: &str) -> Option<JsValue> {
        json_parse(text).ok()
    }
    fn open_store(&mut self, persistent: bool) {
        self.0.open_store(persistent);
    }
    fn persistent(&mut self) -> bool {
        self.0.persistent()
    }
    fn get(&mut self, key: &str) -> Option<String> {
        self.0.get(key)
    }
    fn set(&mut self, key: &str, value: &str) {
        self.0.set(key, value);
    }
    fn try_set(&mut self, key: &str, value: &str) -> bool {
        self.0.try_set(key, value)
    }
    fn remove(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn peek(&mut self, key: &str) -> Option<String> {
        self.0.peek(key)
    }
    fn poke(&mut self, key: &str, value: &str) {
        self.0.poke(key, value);
    }
    fn erase(&mut self, key: &str, session: bool) {
        self.0.erase(key, session);
    }
    fn schedule(&mut self, delay_ms: u32) {
        self.0.schedule(delay_ms);
    }
    fn unschedule(&mut self) {
        self.0.unschedule();
    }
    fn schedule_save(&mut self, delay_ms: u32) {
        self.0.schedule_save(delay_ms);
    }
    fn post(&mut self, id: u32, url: &str, body: &str, keepalive: bool, n: usize) -> Option<u16> {
        u16::try_from(self.0.post(id, url, body, keepalive, count(n))).ok()
    }
    fn drained(&mut self) {
        self.0.drained();
    }
    fn dropped(&mut self, n: usize, why: &'static str) {
        self.0.dropped(count(n), why);
    }
    fn recorded(&mut self, json: &str, pending: bool) {
        self.0.recorded(json, pending);
    }
    fn debug(&mut self, text: &'static str, detail: &str) {
        self.0.debug(text, detail);
    }
    fn batch_outcome(&mut self, text: &'static str, n: usize, status: u16) {
        self.0.batch(text, count(n), status);
    }
}
