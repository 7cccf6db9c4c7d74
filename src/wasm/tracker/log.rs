//! What `debug: true` and `dryRun: true` print, and where warnings go: the `logger` option
//! (`{ debug, warn }`) or `console`.
//!
//! Nothing logged ever holds the write key: messages carry none, batch outcomes are counts
//! and statuses, the endpoint URL (which has `?token=`) is never logged, and a dry run's
//! batch is logged without its `write_key`.

use crate::track::consent::Consent;
use crate::wasm::platform;
use wasm_bindgen::{JsCast, JsValue};

/// The logging options.
#[derive(Clone)]
pub(super) struct Log {
    /// The `logger` option, else `console`.
    pub target: JsValue,
    /// `debug`: each message and batch outcome.
    pub debug: bool,
}

impl Log {
    /// `logger.debug(text, value)` when `debug` is on.
    pub(super) fn debug(&self, text: &str, value: &JsValue) {
        if self.debug {
            self.print("debug", text, value);
        }
    }

    /// `logger.warn(text, value)`, always.
    pub(super) fn warn(&self, text: &str, value: &JsValue) {
        self.print("warn", text, value);
    }

    fn print(&self, level: &str, text: &str, value: &JsValue) {
        let _ = platform::call(&self.target, level, &[&JsValue::from_str(text), value]);
    }

    /// A message was recorded (`debug`): its object, and whether it waits for consent.
    pub(super) fn message(&self, json: &str, consent: Consent) {
        if !self.debug {
            return;
        }
        let text = match consent {
            Consent::Pending => "linkflow Tracker: recorded (consent pending: kept in memory, not sent)",
            _ => "linkflow Tracker: recorded",
        };
        self.debug(text, &platform::parse_json_text(json).unwrap_or(JsValue::NULL));
    }

    /// A batch outcome (`debug`): `{ count, status }` (status 0: no answer).
    pub(super) fn batch(&self, text: &str, count: usize, status: u16) {
        if self.debug {
            let o = platform::object();
            platform::try_set(&o, "count", &JsValue::from_f64(count as f64));
            platform::try_set(&o, "status", &JsValue::from_f64(f64::from(status)));
            self.debug(text, &o);
        }
    }

    /// `dryRun`: the batch that would have been sent, without its `write_key`.
    pub(super) fn dry_run(&self, body: &str) {
        let batch = platform::parse_json_text(body).unwrap_or(JsValue::NULL);
        if let Some(o) = batch.dyn_ref::<js_sys::Object>() {
            let _ = js_sys::Reflect::delete_property(o, &JsValue::from_str("write_key"));
        }
        self.print("debug", "linkflow Tracker: dry run, batch not sent", &batch);
    }
}
