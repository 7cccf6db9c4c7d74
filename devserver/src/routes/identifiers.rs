//! POST /identifiers
//! GET /identifiers
//! GET /contacts/{id}/identities
//!
//! Identify is an upsert keyed by (channelType, channel.channelId, externalId): the same
//! contact that `POST /ude` and the tracker's identify reach.

use axum::extract::{Path, State};
use serde_json::Value;

use super::util::{object, text};
use crate::error::{ok_json, ApiError, ApiResult};
use crate::params::{path_id, JsonBody, Query};
use crate::state::store::UDC;
use crate::state::views::{ContactView, IdentityView};
use crate::state::AppState;
use crate::time::now_ms;

/// `POST /identifiers`: body `{externalId, channel:{channelId, name?, channelType?}, name?,
/// mobilePhone?, ..., props?, weChatInfo?:{appId, appName?, openId, unionId?}}`.
/// Creates the channel (type UDC unless `channel.channelType` says otherwise) and the
/// contact + identity when new; merges the given fields; `channel.name` renames the
/// channel. Answers the contact. Missing externalId/channel.channelId → 400 `B00030`.
/// (`weChatInfo.unionId` is this stand-in's addition, so that `GET /v1/wx/{appId}/user`
/// can be exercised.)
pub async fn identify(State(st): State<AppState>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = object(&body)?;
    let channel = obj.get("channel").and_then(Value::as_object);
    let channel_id = channel.and_then(|c| text(c, "channelId")).or_else(|| text(obj, "channelId"));
    let external_id = text(obj, "externalId");
    let (Some(channel_id), Some(external_id)) = (channel_id, external_id) else {
        return Err(ApiError::param("externalId and channel.channelId are required"));
    };
    let channel_type = channel.and_then(|c| text(c, "channelType")).unwrap_or_else(|| UDC.to_string());
    let channel_name = channel.and_then(|c| text(c, "name"));
    let now = now_ms();
    let mut store = st.store();
    let (cid, _) = store.identify(&channel_type, &channel_id, channel_name.as_deref(), &external_id, Some(obj), now)?;
    if let Some(wx) = obj.get("weChatInfo").and_then(Value::as_object) {
        if let (Some(app), Some(open)) = (text(wx, "appId"), text(wx, "openId")) {
            let name = text(wx, "appName");
            let union = text(wx, "unionId");
            store.link_wechat(cid, &app, name.as_deref(), &open, union.as_deref(), now);
        }
    }
    let c = store.contacts.get(&cid).ok_or_else(|| ApiError::not_found("contact vanished"))?;
    Ok(ok_json(&ContactView::plain(&store, c)))
}

/// `GET /identifiers?externalId=&channelId=&channelType=UDC`: the contact of that identity,
/// with `openIds`, `lastSeen` (when it saw an event) and `identified`; `lastTagged` is never
/// answered (the stand-in keeps no tagging time). Unknown → 404 `B00008`;
/// missing externalId/channelId → 400 `B00030`.
pub async fn lookup(State(st): State<AppState>, q: Query) -> ApiResult {
    let (Some(external_id), Some(channel_id)) = (q.get("externalId"), q.get("channelId")) else {
        return Err(ApiError::param("externalId and channelId are required"));
    };
    let channel_type = q.get("channelType").unwrap_or(UDC);
    let store = st.store();
    let contact = store
        .find_channel(channel_type, channel_id)
        .and_then(|ch| store.find_identity(ch, external_id))
        .and_then(|iid| store.identity(iid))
        .and_then(|i| store.contacts.get(&i.contact_id))
        .ok_or_else(|| {
            ApiError::not_found(format!("no contact with externalId {external_id:?} on {channel_type} channel {channel_id:?}"))
        })?;
    Ok(ok_json(&ContactView { store: &store, contact, open_ids: true, extras: true }))
}

/// `GET /contacts/{id}/identities`: the contact's channel accounts with the nested
/// `channel`. Unknown contact → 404 `B00008`.
pub async fn identities(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id, "contact")?;
    let store = st.store();
    let c = store.contacts.get(&id).ok_or_else(|| ApiError::not_found(format!("contact {id} not found")))?;
    let out: Vec<IdentityView> =
        c.identities.iter().filter_map(|&iid| store.identity(iid)).map(|identity| IdentityView { store: &store, identity }).collect();
    Ok(ok_json(&out))
}
