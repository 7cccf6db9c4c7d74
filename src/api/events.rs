//! Events (事件).
//!
//! POST /ude
//! GET /events/lite

use super::paging::Pager;
use super::validate;
use super::{body_text, opt_size, opt_uint};
use crate::encode::{concat, decimal};
use crate::error::Error;
use crate::json::{Json, Kind, Writer};
use crate::model;
use crate::model::{EVENT, EVENTS};
use crate::request::{Method, Replay, Request};

/// The members of an event (and of its `items`) where a JS `Date` is sent as epoch
/// milliseconds (the guide: `eventDate` is a Long, ms); elsewhere a `Date` is sent as
/// Linkflow's `yyyy-MM-dd HH:mm:ss` text.
pub const EPOCH_MS_FIELDS: &[&str] = &["eventDate"];

/// Largest `size` accepted for `GET /events/lite`.
const MAX_PAGE_SIZE: u64 = 10_000;

/// `POST /ude`: creates a custom event (`{ event, channelId, externalId, channelType?,
/// eventDate?, items?, attr1..attr20?, utm? }`).
///
/// `attr1`..`attr20` are strings on the wire: a number is sent as its JSON text
/// (`200.5` → `"200.5"`; pass `"200.00"` to keep trailing zeros). Members are written in
/// the caller's order, `null` ones dropped; unknown members are passed through. `eventDate`
/// is epoch milliseconds (the wasm layer turns a JS `Date` into them: [`EPOCH_MS_FIELDS`]).
pub fn create<J: Json>(input: &J) -> Result<Request, Error> {
    validate::input::<model::NewEvent, J>(input, "event")?;
    let mut w = Writer::new();
    write_event(&mut w, input, "")?;
    Ok(Request::new(Method::Post, "/ude", Replay::Create, &EVENT).json(body_text(w)?))
}

/// True for `attr1`..`attr20` exactly (not `attr01` or `attr+1`).
fn is_attr(key: &str) -> bool {
    let Some(n) = key.strip_prefix("attr") else { return false };
    !n.starts_with('0') && !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) && n.parse::<u8>().is_ok_and(|n| n <= 20)
}

/// Writes an event (or one of its `items`) with attrs as strings.
fn write_event<J: Json>(w: &mut Writer, v: &J, at: &str) -> Result<(), Error> {
    w.begin_object();
    for key in v.keys() {
        let Some(member) = v.field(&key) else { continue };
        w.key(&key);
        if is_attr(&key) {
            match member.kind() {
                Kind::String => w.string(&member.as_str().unwrap_or_default()),
                Kind::Number => w.string(&member.number_text().unwrap_or_default()),
                _ => return Err(Error::validation(concat(&[at, &key, ": expected a string or a number"]))),
            }
        } else if key == "items" && at.is_empty() {
            w.begin_array();
            for i in 0..member.len() {
                if let Some(item) = member.at(i) {
                    write_event(w, &item, &concat(&["items[", &decimal(i as u64), "]."]))?;
                }
            }
            w.end_array();
        } else {
            w.value(&member);
        }
    }
    w.end_object();
    Ok(())
}

/// `GET /events/lite` without paging parameters.
fn lite_base() -> Request {
    Request::new(Method::Get, "/events/lite", Replay::Safe, &EVENTS)
}

/// `GET /events/lite` (`{ lastMaxId?, size? }`): the events after `lastMaxId` (default 0).
pub fn list<J: Json>(opts: &J) -> Result<Request, Error> {
    validate::input::<model::EventListOptions, J>(opts, "options")?;
    let last_max_id = opt_uint(opts, "lastMaxId")?.unwrap_or(0);
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?;
    Ok(lite_base().param("lastMaxId", decimal(last_max_id)).opt_param("size", size.map(decimal)))
}

/// Every event after `fromId` (`{ fromId?, size? }`, default 0): `lastMaxId` becomes the
/// largest id seen; ends at an empty page or when the largest id does not advance.
pub fn iterate<J: Json>(opts: &J) -> Result<Pager, Error> {
    validate::input::<model::EventIterateOptions, J>(opts, "options")?;
    let from = opt_uint(opts, "fromId")?.unwrap_or(0);
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?;
    Ok(Pager::cursor(lite_base(), size, "lastMaxId", "id", from))
}
