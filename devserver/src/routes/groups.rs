//! GET /v2/groups
//! POST /v2/groups
//! GET /v2/contacts/{id}/groups
//! GET /v2/groups/{id}/contacts
//! POST /v2/groups/{id}/contacts
//! DELETE /v2/groups/{id}/contacts

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;

use super::util::{object, required, text};
use crate::error::{ok_json, ApiError, ApiResult};
use crate::params::{path_id, JsonBody, Query};
use crate::state::views::{group, member};
use crate::state::AppState;
use crate::time::{now_ms, parse_cst};
use linkflow_sdk::model::GroupChange;

/// Largest `size` of `GET /v2/groups/{id}/contacts` (the guide: 最大值 500).
pub const MEMBERS_PAGE_MAX: u64 = 500;
/// Most contact ids one `POST`/`DELETE /v2/groups/{id}/contacts` takes (this stand-in's
/// choice; the guide names the code, 400 `B00031`, not the number).
pub const MEMBERS_PER_CALL_MAX: usize = 500;

/// `GET /v2/groups?id=&name=&groupType=&lastUpdated=&ext1=&ext2=`: `name` is a substring
/// match, `lastUpdated` a minimum (`yyyy-MM-dd[ HH:mm:ss]`, bad date → 400 `B00030`).
pub async fn list(State(st): State<AppState>, q: Query) -> ApiResult {
    let id = q.u64("id")?;
    let name = q.get("name");
    let group_type = q.get("groupType");
    let since = match q.get("lastUpdated") {
        None => None,
        Some(v) => Some(parse_cst(v).ok_or_else(|| ApiError::param("lastUpdated must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss"))?),
    };
    let (ext1, ext2) = (q.get("ext1"), q.get("ext2"));
    let store = st.store();
    let out: Vec<_> = store
        .groups
        .values()
        .filter(|g| {
            id.is_none_or(|i| g.id == i)
                && name.is_none_or(|n| g.name.contains(n))
                && group_type.is_none_or(|t| g.group_type == t)
                && since.is_none_or(|s| g.last_updated >= s)
                && ext1.is_none_or(|e| g.ext1.as_deref() == Some(e))
                && ext2.is_none_or(|e| g.ext2.as_deref() == Some(e))
        })
        .map(group)
        .collect();
    Ok(ok_json(&out))
}

/// `POST /v2/groups` `{name, groupType?, ext1?, ext2?}`: groupType defaults to (and, as the
/// guide says, can only be) `static`. Same name exists → 400 `B00001`; already `groupCap`
/// groups → 412 `B00157`; no name → 400 `B00030`.
pub async fn create(State(st): State<AppState>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = object(&body)?;
    let name = required(obj, &["name"])?.remove(0);
    let group_type = text(obj, "groupType").unwrap_or_else(|| "static".into());
    if group_type != "static" {
        return Err(ApiError::param("groupType can only be static"));
    }
    let cap = st.settings().group_cap;
    let mut store = st.store();
    if store.groups.values().any(|g| g.name == name) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "B00001", format!("group {name:?} already exists")));
    }
    if store.groups.len() >= cap {
        return Err(ApiError::new(StatusCode::PRECONDITION_FAILED, "B00157", format!("group limit of {cap} reached")));
    }
    let id = store.add_group(&name, &group_type, text(obj, "ext1"), text(obj, "ext2"), now_ms());
    let g = store.groups.get(&id).ok_or_else(|| ApiError::not_found("group vanished"))?;
    Ok(ok_json(&group(g)))
}

/// `GET /v2/contacts/{id}/groups?groupType=`: the groups the contact is in. Unknown contact
/// → 404 `B00008`.
pub async fn of_contact(State(st): State<AppState>, Path(id): Path<String>, q: Query) -> ApiResult {
    let id = path_id(&id, "contact")?;
    let group_type = q.get("groupType");
    let store = st.store();
    if !store.contacts.contains_key(&id) {
        return Err(ApiError::not_found(format!("contact {id} not found")));
    }
    let out: Vec<_> = store
        .groups
        .values()
        .filter(|g| g.by_contact.contains_key(&id) && group_type.is_none_or(|t| g.group_type == t))
        .map(group)
        .collect();
    Ok(ok_json(&out))
}

/// `GET /v2/groups/{id}/contacts?memberId=0&size=500`: members with memberId > the cursor,
/// ascending. size > 500 → 400 `B00031`; unknown group → 404 `B00008`.
pub async fn members(State(st): State<AppState>, Path(id): Path<String>, q: Query) -> ApiResult {
    let gid = path_id(&id, "group")?;
    let after = q.u64_or("memberId", 0)?;
    let size = q.u64_or("size", MEMBERS_PAGE_MAX)?;
    if size > MEMBERS_PAGE_MAX {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "B00031", format!("size must be <= {MEMBERS_PAGE_MAX}")));
    }
    let store = st.store();
    let g = store.groups.get(&gid).ok_or_else(|| ApiError::not_found(format!("group {gid} not found")))?;
    let out: Vec<_> = g
        .members
        .range(after.saturating_add(1)..)
        .take(size as usize)
        .map(|(&member_id, row)| member(&store, gid, member_id, row))
        .collect();
    Ok(ok_json(&out))
}

async fn change_members(st: AppState, id: String, body: Value, add: bool) -> ApiResult {
    let gid = path_id(&id, "group")?;
    let list = body.as_array().ok_or_else(|| ApiError::bad_request("body must be a JSON array of contact ids"))?;
    if list.len() > MEMBERS_PER_CALL_MAX {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "B00031",
            format!("at most {MEMBERS_PER_CALL_MAX} contact ids per call, got {}", list.len()),
        ));
    }
    let now = now_ms();
    let mut store = st.store();
    if !store.groups.contains_key(&gid) {
        return Err(ApiError::not_found(format!("group {gid} not found")));
    }
    let (mut success, mut failure) = (Vec::new(), Vec::new());
    for v in list {
        let cid = v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
        let done = match cid {
            Some(c) if add => store.add_member(gid, c, now).then_some(c),
            Some(c) => store.remove_member(gid, c, now).then_some(c),
            None => None,
        };
        match done {
            Some(c) => success.push(i64::try_from(c).unwrap_or(i64::MAX)),
            // `failure` lists what was sent, as the guide's `[Any]` allows.
            None => failure.push(v.clone()),
        }
    }
    let g = store.groups.get(&gid).ok_or_else(|| ApiError::not_found("group vanished"))?;
    Ok(ok_json(&GroupChange { success: Some(success), failure: Some(failure), group: Some(group(g)) }))
}

/// `POST /v2/groups/{id}/contacts` `[ids]`: adds contacts (already members count as
/// success); unknown ids go to `failure`. More than 500 ids → 400 `B00031`; unknown group
/// → 404 `B00008`. Answers `{success, failure, group}`.
pub async fn add(State(st): State<AppState>, Path(id): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    change_members(st, id, body, true).await
}

/// `DELETE /v2/groups/{id}/contacts` `[ids]`: removes contacts (non-members count as
/// success); unknown ids go to `failure`. Limits and answer as for adding.
pub async fn remove(State(st): State<AppState>, Path(id): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    change_members(st, id, body, false).await
}
