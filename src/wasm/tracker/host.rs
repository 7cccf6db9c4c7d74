//! The JS driver as the state machine's [`Host`]: the questions grouped by shape into a few
//! imports (`num`, `text`, `store`, `clock`, `note`, each with an [`ask`] code, plus `post`
//! and `randomBytes`), answered by the driver's host object (`pkg-template/tracker.js`). The driver never
//! lets a page callback's exception reach these imports.

use crate::track::host::Host;
use crate::track::uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The driver's host object.
    pub type Driver;

    /// A number: [`ask::NOW`], [`ask::RANDOM`], a flag (1 / 0): [`ask::ONLINE`], [`ask::PERSISTENT`],
    /// or a number option ([`ask::FLAGS`] ..: NaN when absent).
    #[wasm_bindgen(method)]
    fn num(this: &Driver, what: u32) -> f64;
    #[wasm_bindgen(method, js_name = randomBytes)]
    fn random_bytes(this: &Driver, out: &mut [u8]);
    /// Text: [`ask::HREF`], [`ask::TITLE`], the value under `key`: [`ask::GET`], [`ask::PEEK`], or a
    /// text option ([`ask::CHANNEL_ID`] ..).
    #[wasm_bindgen(method)]
    fn text(this: &Driver, what: u32, key: &str) -> Option<String>;
    /// A store write: [`ask::SET`] .. [`ask::OPEN_PERSISTENT`] (`trySet`'s answer; true for the others).
    #[wasm_bindgen(method)]
    fn store(this: &Driver, what: u32, key: &str, value: &str) -> bool;
    /// [`ask::SCHEDULE`], [`ask::UNSCHEDULE`], [`ask::SCHEDULE_SAVE`].
    #[wasm_bindgen(method)]
    fn clock(this: &Driver, what: u32, delay_ms: u32);
    /// The status, or -1 while the request is in flight.
    #[wasm_bindgen(method)]
    fn post(this: &Driver, id: u32, url: &str, body: &str, keepalive: bool, count: u32) -> i32;
    /// What happened, for `flush()`, `onDrop` and `debug`: [`ask::DRAINED`] .. [`ask::BATCH`].
    #[wasm_bindgen(method)]
    fn note(this: &Driver, what: u32, text: &str, detail: &str, count: u32, status: u32);

    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
}

/// The codes of the driver's host calls, grouped by shape (fewer imports, each a wasm
/// import and a glue function): `TrackerHost` in `pkg-template/tracker.js` names the same
/// numbers (`tests/track_codes.rs` checks it).
pub(super) mod ask {
    pub const NOW: u32 = 0;
    pub const RANDOM: u32 = 1;
    pub const ONLINE: u32 = 2;
    pub const PERSISTENT: u32 = 3;

    pub const HREF: u32 = 0;
    pub const TITLE: u32 = 1;
    pub const GET: u32 = 2;
    pub const PEEK: u32 = 3;
    // The options, read once by the constructor: `text` (`undefined`: absent or not a
    // string) and `num` (`NaN`: absent; a non-number, or NaN, is Infinity: out of range).
    pub const CHANNEL_ID: u32 = 4;
    pub const WRITE_KEY: u32 = 5;
    pub const COLLECT_URL: u32 = 6;
    pub const DNT: u32 = 7;
    pub const REFERRER: u32 = 8;
    pub const FLAGS: u32 = 9;
    pub const FLUSH_INTERVAL_MS: u32 = 10;
    pub const BATCH_SIZE: u32 = 11;
    pub const SESSION_TIMEOUT_MS: u32 = 12;

    pub const SET: u32 = 0;
    pub const TRY_SET: u32 = 1;
    pub const REMOVE: u32 = 2;
    pub const POKE: u32 = 3;
    pub const ERASE: u32 = 4;
    pub const ERASE_SESSION: u32 = 5;
    pub const OPEN_MEMORY: u32 = 6;
    pub const OPEN_PERSISTENT: u32 = 7;

    pub const SCHEDULE: u32 = 0;
    pub const UNSCHEDULE: u32 = 1;
    pub const SCHEDULE_SAVE: u32 = 2;

    pub const DRAINED: u32 = 0;
    pub const DROPPED: u32 = 1;
    pub const RECORDED: u32 = 2;
    pub const DEBUG: u32 = 3;
    pub const BATCH: u32 = 4;
}

/// [`Host`] over the driver.
pub(super) struct JsHost<'a>(pub &'a Driver);

impl JsHost<'_> {
    /// A text option ([`ask::CHANNEL_ID`] ..).
    pub(super) fn given_text(&self, what: u32) -> Option<String> {
        self.0.text(what, "")
    }
    /// A number option ([`ask::FLAGS`] ..).
    pub(super) fn given_num(&self, what: u32) -> f64 {
        self.0.num(what)
    }
}

/// A count as the driver takes it.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Host for JsHost<'_> {
    type Value = JsValue;

    fn now_ms(&mut self) -> u64 {
        let t = self.0.num(ask::NOW);
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
        self.0.num(ask::RANDOM)
    }
    fn href(&mut self) -> String {
        self.0.text(ask::HREF, "").unwrap_or_default()
    }
    fn title(&mut self) -> String {
        self.0.text(ask::TITLE, "").unwrap_or_default()
    }
    fn online(&mut self) -> bool {
        self.0.num(ask::ONLINE) != 0.0
    }
    fn parse(&mut self, text: &str) -> Option<JsValue> {
        json_parse(text).ok()
    }
    fn open_store(&mut self, persistent: bool) {
        self.0.store(if persistent { ask::OPEN_PERSISTENT } else { ask::OPEN_MEMORY }, "", "");
    }
    fn persistent(&mut self) -> bool {
        self.0.num(ask::PERSISTENT) != 0.0
    }
    fn get(&mut self, key: &str) -> Option<String> {
        self.0.text(ask::GET, key)
    }
    fn set(&mut self, key: &str, value: &str) {
        self.0.store(ask::SET, key, value);
    }
    fn try_set(&mut self, key: &str, value: &str) -> bool {
        self.0.store(ask::TRY_SET, key, value)
    }
    fn remove(&mut self, key: &str) {
        self.0.store(ask::REMOVE, key, "");
    }
    fn peek(&mut self, key: &str) -> Option<String> {
        self.0.text(ask::PEEK, key)
    }
    fn poke(&mut self, key: &str, value: &str) {
        self.0.store(ask::POKE, key, value);
    }
    fn erase(&mut self, key: &str, session: bool) {
        self.0.store(if session { ask::ERASE_SESSION } else { ask::ERASE }, key, "");
    }
    fn schedule(&mut self, delay_ms: u32) {
        self.0.clock(ask::SCHEDULE, delay_ms);
    }
    fn unschedule(&mut self) {
        self.0.clock(ask::UNSCHEDULE, 0);
    }
    fn schedule_save(&mut self, delay_ms: u32) {
        self.0.clock(ask::SCHEDULE_SAVE, delay_ms);
    }
    fn post(&mut self, id: u32, url: &str, body: &str, keepalive: bool, n: usize) -> Option<u16> {
        u16::try_from(self.0.post(id, url, body, keepalive, count(n))).ok()
    }
    fn drained(&mut self) {
        self.0.note(ask::DRAINED, "", "", 0, 0);
    }
    fn dropped(&mut self, n: usize, why: &'static str) {
        self.0.note(ask::DROPPED, why, "", count(n), 0);
    }
    fn recorded(&mut self, json: &str, pending: bool) {
        self.0.note(ask::RECORDED, json, "", u32::from(pending), 0);
    }
    fn debug(&mut self, text: &'static str, detail: &str) {
        self.0.note(ask::DEBUG, text, detail, 0, 0);
    }
    fn batch_outcome(&mut self, text: &'static str, n: usize, status: u16) {
        self.0.note(ask::BATCH, text, "", count(n), u32::from(status));
    }
}
