//! POST /api/sdk/v2/batch_messages?token=WRITEKEY
//!
//! The tracker's collector. Body (JSON, any Content-Type: `sendBeacon` sends `text/plain`):
//!
//! ```text
//! { client_id, request_id, write_key, send_ts, sdk_type, sdk_version,
//!   identities: [ {type:"anonymousId", id}, {type:"externalId", id, channelId} ],
//!   messages: [ { message_id, session_id, domain:"event"|"identity", action:"track"|"identify", ts,
//!                 data: { event, channelId, url, title, referrer,
//!                         utm:{source,medium,campaign,content,term}, attr1..attr20,
//!                         externalId?, traits? } } ] }
//! ```
//!
//! - A message whose `message_id` was accepted before (in any batch) is dropped and counted
//!   as a duplicate.
//! - `track` messages become events: `data.event` (default `WEBSITE__PAGE_VIEW`), sdkType
//!   `JS SDK`, sdkVersion from the batch, channelId (`data.channelId`, else the batch's
//!   externalId identity's channelId, else the write key; a UDC channel, created when new),
//!   anonymousId, eventDate = `ts` (epoch ms; default now), `utm`, `attr1..attr20`; a page
//!   view also gets attr1 = title, attr2 = url, attr3 = referrer unless those attrs are set;
//!   `session_id` (epoch ms of the session's start) is kept with the event (`sessionId`).
//! - An anonymous visitor's events belong to an anonymous contact (`isAnonymous: true`).
//!   An `identify` message (`data.externalId` + `data.channelId`, else the batch's
//!   externalId identity; `data.traits` merged like `POST /identifiers` fields), or a batch
//!   whose `identities` hold both an anonymousId and an externalId with channelId, ties the
//!   anonymous id to the contact that (UDC channelId, externalId) names — the same contact
//!   `POST /identifiers` and `POST /ude` reach, created when new. The anonymous contact's
//!   events move to it (same event ids: each shows exactly once) and the anonymous contact
//!   is removed. Later events of that anonymous id go straight to the identified contact.
//! - The anonymous id is `data.anonymousId` when a message has one, else the batch's
//!   anonymousId identity, else `client_id`.
//! - Answer: `{"code":"0","accepted":N,"duplicates":M}` (200). No write key (query `token`
//!   or body `write_key`) → 400 `B00030`; body not an object → 400 `B00400`.

use std::sync::Arc;

use axum::extract::State;
use serde_json::{json, Map, Value};

use crate::error::{ok_json, ApiError, ApiResult};
use crate::params::{JsonBody, Query};
use crate::routes::events::{attrs_of, millis, utm_of};
use crate::routes::util::text;
use crate::state::model::{scalar_string, Attr, Sdk, Utm};
use crate::state::store::{NewEvent, Store, UDC};
use crate::state::AppState;
use crate::time::now_ms;

/// Event code of page views.
pub const PAGE_VIEW: &str = "WEBSITE__PAGE_VIEW";
/// sdkType of collector events.
pub const SDK_TYPE: &str = "JS SDK";

/// Ties `anon` to (channelId, externalId), creating that contact when new; returns
/// (contact, identity).
fn tie(
    store: &mut Store,
    anon: Option<&str>,
    channel_id: &str,
    external_id: &str,
    traits: Option<&Map<String, Value>>,
    now: i64,
) -> Result<(u64, u64), ApiError> {
    let (cid, iid) = store.identify(UDC, channel_id, None, external_id, traits, now)?;
    if let Some(a) = anon {
        store.tie_anonymous(a, cid, iid, now);
    }
    Ok((cid, iid))
}

/// The collector endpoint.
pub async fn batch(State(st): State<AppState>, q: Query, JsonBody(body): JsonBody) -> ApiResult {
    let obj = body.as_object().ok_or_else(|| ApiError::bad_request("body must be a JSON object"))?;
    let write_key = q.get("token").map(str::to_string).or_else(|| text(obj, "write_key"));
    let Some(write_key) = write_key else {
        return Err(ApiError::param("write key missing: pass ?token=WRITEKEY or write_key"));
    };
    let mut anon: Option<String> = None;
    let mut ext: Option<(String, String)> = None; // (externalId, channelId)
    for ident in obj.get("identities").and_then(Value::as_array).into_iter().flatten() {
        let Some(i) = ident.as_object() else { continue };
        match i.get("type").and_then(Value::as_str) {
            Some("anonymousId") => anon = anon.or_else(|| text(i, "id")),
            Some("externalId") => {
                if let (Some(id), Some(ch)) = (text(i, "id"), text(i, "channelId")) {
                    ext = ext.or(Some((id, ch)));
                }
            }
            _ => {}
        }
    }
    let anon = anon.or_else(|| text(obj, "client_id"));
    let sdk = Arc::new(Sdk { sdk_type: SDK_TYPE.to_string(), sdk_version: text(obj, "sdk_version") });
    let messages: &[Value] = obj.get("messages").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let now = now_ms();
    let (mut accepted, mut duplicates, mut rejected) = (0u64, 0u64, 0u64);
    {
        let mut store = st.store();
        if let (Some(a), Some((e, c))) = (anon.as_deref(), ext.as_ref()) {
            tie(&mut store, Some(a), c, e, None, now)?;
        }
        for m in messages {
            let Some(m) = m.as_object() else {
                rejected += 1;
                continue;
            };
            let mid = m.get("message_id").and_then(scalar_string);
            if let Some(mid) = &mid {
                if store.seen_messages.contains(mid) {
                    duplicates += 1;
                    continue;
                }
            }
            let empty = Map::new();
            let data = m.get("data").and_then(Value::as_object).unwrap_or(&empty);
            let msg_anon = text(data, "anonymousId").or_else(|| anon.clone());
            let action = m.get("action").and_then(Value::as_str).unwrap_or("track");
            let is_identify = action == "identify" || m.get("domain").and_then(Value::as_str) == Some("identity");
            let ok = if is_identify {
                let e = text(data, "externalId").or_else(|| ext.as_ref().map(|x| x.0.clone()));
                let c = text(data, "channelId").or_else(|| ext.as_ref().map(|x| x.1.clone()));
                match (e, c) {
                    (Some(e), Some(c)) => {
                        let traits = data.get("traits").and_then(Value::as_object);
                        match tie(&mut store, msg_anon.as_deref(), &c, &e, traits, now) {
                            Ok(_) => true,
                            // Bad traits: tie without them rather than lose the identify.
                            Err(_) => tie(&mut store, msg_anon.as_deref(), &c, &e, None, now).is_ok(),
                        }
                    }
                    _ => false,
                }
            } else {
                track(&mut store, data, m, msg_anon.as_deref(), ext.as_ref(), &write_key, &sdk, now)
            };
            if ok {
                accepted += 1;
                if let Some(mid) = mid {
                    store.seen_messages.insert(mid);
                }
            } else {
                rejected += 1;
            }
        }
    }
    {
        let mut stats = st.stats();
        stats.collector_batches += 1;
        stats.collector_accepted += accepted;
        stats.collector_duplicates += duplicates;
        stats.collector_rejected += rejected;
    }
    Ok(ok_json(&json!({"code": "0", "accepted": accepted, "duplicates": duplicates})))
}

/// Stores one tracked event; false when it cannot be attributed to anyone.
#[allow(clippy::too_many_arguments)]
fn track(
    store: &mut Store,
    data: &Map<String, Value>,
    m: &Map<String, Value>,
    anon: Option<&str>,
    ext: Option<&(String, String)>,
    write_key: &str,
    sdk: &Arc<Sdk>,
    now: i64,
) -> bool {
    let event = text(data, "event").unwrap_or_else(|| PAGE_VIEW.to_string());
    let channel_id = text(data, "channelId").or_else(|| ext.map(|x| x.1.clone())).unwrap_or_else(|| write_key.to_string());
    let utm: Option<Arc<Utm>> = utm_of(data).map(Arc::new);
    let channel = store.ensure_channel(UDC, &channel_id, None, now);
    let contact = match (anon, ext) {
        (Some(a), _) => store.contact_for_anonymous(a, utm.as_ref(), now),
        (None, Some((e, c))) => match store.identify(UDC, c, None, e, None, now) {
            Ok((cid, _)) => cid,
            Err(_) => return false,
        },
        (None, None) => return false,
    };
    let identity = store.identity_on(contact, channel);
    let mut attrs: Vec<(u8, Attr)> = attrs_of(data)
        .into_iter()
        .map(|(n, v)| match v {
            Value::String(s) => (n, Attr::Text(Arc::from(s.as_str()))),
            other => (n, Attr::Json(Box::new(other))),
        })
        .collect();
    if event == PAGE_VIEW {
        for (n, key) in [(1u8, "title"), (2, "url"), (3, "referrer")] {
            if !attrs.iter().any(|(k, _)| *k == n) {
                if let Some(v) = data.get(key).and_then(scalar_string) {
                    attrs.push((n, Attr::Text(Arc::from(v.as_str()))));
                }
            }
        }
        attrs.sort_by_key(|(n, _)| *n);
    }
    let event_date = m.get("ts").and_then(millis).unwrap_or(now);
    store.add_event(NewEvent {
        contact_id: contact,
        contact_identity_id: identity,
        event: Arc::from(event.as_str()),
        channel,
        event_date,
        date_created: now,
        anonymous_id: anon.map(Arc::from),
        sdk: Some(sdk.clone()),
        attrs,
        utm,
        items: None,
        session_id: m.get("session_id").and_then(millis),
    });
    true
}
