//! POST /ude
//! GET /contacts/{id}/events
//! GET /events/lite

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::{Map, Value};

use super::util::{object, required, text};
use crate::error::{ok_json, ok_serialized, ApiError, ApiResult};
use crate::params::{path_id, JsonBody, Query};
use crate::state::model::{Attr, Utm};
use crate::state::store::{NewEvent, UDC};
use crate::state::views::{attr_key, event_list, EventWriter};
use crate::state::AppState;
use crate::time::now_ms;

/// An epoch-ms timestamp given as a number or a numeric string.
pub fn millis(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// `utm` as a nested object or as flat `utm.source`... keys.
pub fn utm_of(obj: &Map<String, Value>) -> Option<Utm> {
    if let Some(u) = obj.get("utm").and_then(Utm::from_json) {
        return Some(u);
    }
    let mut flat = Map::new();
    for k in ["source", "campaign", "medium", "content", "term"] {
        if let Some(v) = obj.get(&format!("utm.{k}")) {
            flat.insert(k.to_string(), v.clone());
        }
    }
    Utm::from_json(&Value::Object(flat))
}

/// `attr1..attr20` present (non-null) in `obj`.
pub fn attrs_of(obj: &Map<String, Value>) -> Vec<(u8, Value)> {
    (1u8..=20).filter_map(|n| obj.get(attr_key(n)).filter(|v| !v.is_null()).map(|v| (n, v.clone()))).collect()
}

/// `POST /ude` `{event, channelId, externalId, channelType?, eventDate?, attr1..20?,
/// items?, utm?}`: attaches the event to the contact of (channelId, externalId), creating
/// channel/contact/identity when new; eventDate defaults to now. Missing
/// event/channelId/externalId → 400 `B00030`. Answers the guide's echo with id,
/// dateCreated, lastUpdated, ver.
pub async fn create_ude(State(st): State<AppState>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = object(&body)?;
    let mut req = required(obj, &["event", "channelId", "externalId"])?.into_iter();
    let (event, channel_id, external_id) = match (req.next(), req.next(), req.next()) {
        (Some(a), Some(b), Some(c)) => (a, b, c),
        _ => return Err(ApiError::param("event, channelId and externalId are required")),
    };
    let channel_type = text(obj, "channelType").unwrap_or_else(|| UDC.to_string());
    let now = now_ms();
    let event_date = match obj.get("eventDate") {
        None | Some(Value::Null) => now,
        Some(v) => millis(v).ok_or_else(|| ApiError::bad_request("eventDate must be epoch milliseconds"))?,
    };
    let attrs = attrs_of(obj);
    let utm = utm_of(obj);
    let items = match obj.get("items") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Array(_)) => Some(Box::new(v.clone())),
        Some(_) => return Err(ApiError::bad_request("items must be an array")),
    };
    let mut store = st.store();
    let (cid, iid) = store.identify(&channel_type, &channel_id, None, &external_id, None, now)?;
    let channel = store.identity(iid).map(|i| i.channel).unwrap_or(0);
    let id = store.add_event(NewEvent {
        contact_id: cid,
        contact_identity_id: Some(iid),
        event: Arc::from(event.as_str()),
        channel,
        event_date,
        date_created: now,
        anonymous_id: None,
        sdk: None,
        attrs: attrs.into_iter().map(|(n, v)| (n, Attr::Json(Box::new(v)))).collect(),
        utm: utm.map(Arc::new),
        items,
        session_id: None,
    });
    let e = store.event(id).ok_or_else(|| ApiError::not_found("event vanished"))?;
    Ok(ok_json(&EventWriter::default().answer(&store, e, true)))
}

/// `GET /contacts/{id}/events?page=0&size=200`: the contact's events, newest first (by
/// eventDate, then id). Unknown contact → 404 `B00008`.
pub async fn of_contact(State(st): State<AppState>, Path(id): Path<String>, q: Query) -> ApiResult {
    let id = path_id(&id, "contact")?;
    let page = q.u64_or("page", 0)?;
    let size = q.u64_or("size", 200)?;
    let store = st.store();
    if !store.contacts.contains_key(&id) {
        return Err(ApiError::not_found(format!("contact {id} not found")));
    }
    let mut evs: Vec<_> = store.contact_events.get(&id).map(|ids| ids.iter().filter_map(|&e| store.event(e)).collect()).unwrap_or_default();
    evs.sort_unstable_by(|a, b| b.event_date.cmp(&a.event_date).then(b.id.cmp(&a.id)));
    let skip = usize::try_from(page.saturating_mul(size)).unwrap_or(usize::MAX);
    let page = evs.into_iter().skip(skip).take(usize::try_from(size).unwrap_or(usize::MAX));
    Ok(ok_serialized(event_list(&store, page)))
}

/// `GET /events/lite?lastMaxId=0&size=200`: events with id > lastMaxId, ascending by id.
pub async fn lite(State(st): State<AppState>, q: Query) -> ApiResult {
    let last = q.u64_or("lastMaxId", 0)?;
    let size = q.u64_or("size", 200)?;
    let store = st.store();
    let start = usize::try_from(last).unwrap_or(usize::MAX).min(store.events.len());
    let page = store.events[start..].iter().take(usize::try_from(size).unwrap_or(usize::MAX));
    Ok(ok_serialized(event_list(&store, page)))
}
