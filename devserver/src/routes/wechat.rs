//! GET /v1/wx/{appId}/user
//!
//! WeChat accounts are identities on a `WECHAT` channel whose channelId is the appId and
//! whose externalId is the openId; seeded contacts (every 10th) and
//! `POST /identifiers` with `weChatInfo.unionId` give them a unionId.

use axum::extract::{Path, State};
use linkflow_sdk::model::WechatUser;

use crate::error::{ok_json, ApiError, ApiResult};
use crate::params::Query;
use crate::state::store::WECHAT;
use crate::state::AppState;

/// `GET /v1/wx/{appId}/user?unionId=`: `{openId, unionId, status, subscribeTime}`
/// (subscribeTime in epoch seconds). Unknown → 404 `B00008`; no unionId → 400 `B00030`.
pub async fn user(State(st): State<AppState>, Path(app_id): Path<String>, q: Query) -> ApiResult {
    let union = q.get("unionId").ok_or_else(|| ApiError::param("unionId is required"))?;
    let store = st.store();
    let ident = store
        .find_channel(WECHAT, &app_id)
        .and_then(|ch| store.identities.iter().find(|i| i.channel == ch && i.union_id.as_deref() == Some(union)))
        .ok_or_else(|| ApiError::not_found(format!("no WeChat user with unionId {union:?} on app {app_id:?}")))?;
    Ok(ok_json(&WechatUser {
        open_id: Some(ident.external_id.clone()),
        union_id: Some(union.to_owned()),
        status: Some(true),
        subscribe_time: Some(ident.date_created / 1000),
    }))
}
