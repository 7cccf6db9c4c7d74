//! What the tracker's state machine ([`super::machine::Machine`]) asks of the page: the
//! clock, randomness, the current page, storage, timers and `fetch`. In the browser the JS
//! driver (`pkg-template/tracker.js`) answers through the wasm facade; natively the tests
//! answer with fakes. Every call is synchronous; answers to requests (`post`) and timers
//! come back later as calls into the machine.

use crate::json::Json;

/// The page, as the state machine sees it.
pub trait Host {
    /// Parsed JSON (`JSON.parse` in the browser).
    type Value: Json;

    /// Wall-clock time, whole epoch milliseconds.
    fn now_ms(&mut self) -> u64;
    /// A fresh UUID v4 (message ids, request ids, anonymous ids).
    fn uuid(&mut self) -> String;
    /// A random number in `[0, 1)` (backoff jitter).
    fn random01(&mut self) -> f64;
    /// `location.href` (`""` where there is none).
    fn href(&mut self) -> String;
    /// `document.title` (`""` where there is none).
    fn title(&mut self) -> String;
    /// False only when the browser says it is offline.
    fn online(&mut self) -> bool;
    /// Parses JSON text read from storage; `None` when it is not JSON.
    fn parse(&mut self, text: &str) -> Option<Self::Value>;

    /// Switches the tracker's store to `localStorage` (`true`, when a probe write works,
    /// else memory) or to memory only (`false`).
    fn open_store(&mut self, persistent: bool);
    /// True when the tracker's store outlives the page.
    fn persistent(&mut self) -> bool;
    /// The store's value under `key`.
    fn get(&mut self, key: &str) -> Option<String>;
    /// Stores `value` under `key`: in storage if it takes it, else in memory.
    fn set(&mut self, key: &str, value: &str);
    /// Stores `value` under `key` in storage only; false when it refuses.
    fn try_set(&mut self, key: &str, value: &str) -> bool;
    /// Removes `key` from the store.
    fn remove(&mut self, key: &str);
    /// `localStorage.getItem(key)` without opening the store (nothing is written).
    fn peek(&mut self, key: &str) -> Option<String>;
    /// `localStorage.setItem(key, value)`, errors ignored, without opening the store.
    fn poke(&mut self, key: &str, value: &str);
    /// Removes `key` from `localStorage` (`session`: `sessionStorage`), errors ignored.
    fn erase(&mut self, key: &str, session: bool);

    /// Calls the machine's `tick` in `delay_ms` (replacing a pending one).
    fn schedule(&mut self, delay_ms: u32);
    /// Cancels the pending `tick`, if any.
    fn unschedule(&mut self);
    /// Calls the machine's `save_queue` in `delay_ms`.
    fn schedule_save(&mut self, delay_ms: u32);
    /// Posts `body` (a batch of `count` messages) to `url` (a `keepalive` request when asked). Returns the HTTP status
    /// when the outcome is known now (0: `fetch` threw; a dry run: 200), else `None`: the
    /// answer comes later through the machine's `answered(id, status)`.
    fn post(&mut self, id: u32, url: &str, body: &str, keepalive: bool, count: usize) -> Option<u16>;
    /// The send loop ended: every waiting `flush()` resolves.
    fn drained(&mut self);
    /// `count` messages were dropped, `why` (reported to `onDrop`, or warned).
    fn dropped(&mut self, count: usize, why: &'static str);
    /// `debug`: a message was recorded (its JSON; `pending`: waiting for consent).
    fn recorded(&mut self, json: &str, pending: bool);
    /// `debug`: a line with a detail (a message id).
    fn debug(&mut self, text: &'static str, detail: &str);
    /// `debug`: a batch outcome (`status` 0: no answer).
    fn batch_outcome(&mut self, text: &'static str, count: usize, status: u16);
}
