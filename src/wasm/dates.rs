//! `parseLinkflowDate` and `formatLinkflowDate`: Linkflow's `yyyy-MM-dd HH:mm:ss` (server
//! time, UTC+8) to and from a JS `Date`, with the one implementation the SDK uses itself
//! ([`crate::time`]). Exported from the full entry: the tracker-only module leaves them out
//! (they read and write the client's dates; 1.5 KB gzip of the tracker entry).

use wasm_bindgen::prelude::*;

use super::error::validation;
use crate::time::{format_linkflow_time, parse_exact_linkflow_time};

#[wasm_bindgen]
extern "C" {
    /// `Date.prototype.getTime.call(v)`: throws for anything but a real `Date` (a `Proxy`
    /// of one included), so it is imported with `catch`.
    #[wasm_bindgen(js_namespace = ["Date", "prototype", "getTime"], js_name = call, catch)]
    pub(crate) fn try_time(v: &JsValue) -> Result<f64, JsValue>;

    /// A JS `Date`, imported here with the `catch`ing `getTime` above (`wasm/input.rs` reads
    /// caller values through the same import).
    #[wasm_bindgen(js_name = Date, typescript_type = "Date")]
    pub type JsDate;

    /// `new Date(ms)`.
    #[wasm_bindgen(constructor, js_class = "Date")]
    fn at(ms: f64) -> JsDate;
}

/// Reads a date of a Linkflow answer (`"2017-09-04 09:30:23"`, `yyyy-MM-dd HH:mm:ss` in
/// UTC+8, the servers' time zone) as a `Date`. `new Date(text)` would read it as local
/// time (and Safari as an Invalid Date). Throws a `LinkflowError` of kind `validation` for
/// anything else (`"2017-9-4 09:30:23"`, `"2017-02-30 00:00:00"`, ISO text, not a string).
///
/// ```js
/// parseLinkflowDate("2017-09-04 09:30:23").toISOString(); // "2017-09-04T01:30:23.000Z"
/// ```
#[wasm_bindgen(js_name = parseLinkflowDate)]
pub fn parse_linkflow_date(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsDate, JsValue> {
    let ms = text
        .as_string()
        .and_then(|t| parse_exact_linkflow_time(&t))
        .ok_or_else(|| validation("parseLinkflowDate: expected a date as \"yyyy-MM-dd HH:mm:ss\" (UTC+8)"))?;
    Ok(JsDate::at(ms as f64))
}

/// Writes a `Date` (or epoch milliseconds) as Linkflow's `yyyy-MM-dd HH:mm:ss` in UTC+8,
/// the format of the guide's date fields and of `minUpdateTime`/`maxUpdateTime`;
/// milliseconds are dropped. Contact bodies do this for every `Date` they are given.
/// Throws a `LinkflowError` of kind `validation` for an invalid `Date`, a year outside
/// 0000..9999, or anything else.
///
/// ```js
/// formatLinkflowDate(new Date("2017-09-04T01:30:23Z")); // "2017-09-04 09:30:23"
/// ```
// The text is returned as a `JsValue` (typed `string`): a `String` answer cost the glue a
// copy out of wasm memory, its free and a `try`/`finally`.
#[wasm_bindgen(js_name = formatLinkflowDate, unchecked_return_type = "string")]
pub fn format_linkflow_date(#[wasm_bindgen(unchecked_param_type = "Date | number")] date: JsValue) -> Result<JsValue, JsValue> {
    let ms = match date.as_f64() {
        Some(ms) => ms,
        None if date.is_object() => try_time(&date).unwrap_or(f64::NAN),
        None => f64::NAN,
    };
    // Date's own range is ±8.64e15 ms: beyond it (or not finite) there is no date.
    let ms = (ms.is_finite() && ms.abs() <= 8.64e15).then_some(ms as i64);
    ms.and_then(format_linkflow_time)
        .map(|text| JsValue::from_str(&text))
        .ok_or_else(|| validation("formatLinkflowDate: expected a valid Date (years 0000 to 9999) or epoch milliseconds"))
}
