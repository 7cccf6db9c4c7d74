//! GET /contacts
//! GET /contacts/meta/userfields
//! GET /v2/contacts/meta/properties
//! GET /v2/contacts
//! GET /v2/contacts_bulk
//! GET /v2/contacts_bulk/ids
//! PUT /v2/contacts/{id}

use axum::extract::{Path, State};
use linkflow_sdk::model::{ContactProperty, UserField};

use crate::error::{ok_json, ok_serialized, ApiError, ApiResult};
use crate::params::{path_id, JsonBody, Query};
use crate::state::model::{Contact, F_EMAIL, F_MOBILE, F_NAME};
use crate::state::views::{contact_list, ContactView};
use crate::state::AppState;
use crate::time::{now_ms, parse_cst};

/// Most ids `GET /v2/contacts_bulk` looks at; later ids are ignored (the guide: 只取前100个id).
pub const BULK_MAX_IDS: usize = 100;
/// Bound on `page*size` of `GET /v2/contacts_bulk/ids` (the guide: page*size<=10000).
pub const BULK_IDS_WINDOW: u64 = 10_000;

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Case-insensitive substring test; `needle_lower` is already lowercase. ASCII needles
/// (phones, emails, Latin names) are compared without allocating.
fn contains_ci(hay: Option<&str>, needle_lower: &str) -> bool {
    let Some(h) = hay else { return false };
    if needle_lower.is_ascii() {
        let n = needle_lower.as_bytes();
        n.is_empty() || h.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        h.contains(needle_lower) || h.to_lowercase().contains(needle_lower)
    }
}

/// `GET /contacts?page=0&size=200&groupId=&search=`: contacts by ascending id; `groupId`
/// keeps a group's members (unknown group: empty); `search` matches a substring of name,
/// mobilePhone or email (case-insensitive).
pub async fn list(State(st): State<AppState>, q: Query) -> ApiResult {
    let page = q.u64_or("page", 0)?;
    let size = q.u64_or("size", 200)?;
    let group = q.u64("groupId")?;
    let search = q.get("search").map(str::to_lowercase);
    let store = st.store();
    let members = match group {
        None => None,
        Some(g) => match store.groups.get(&g) {
            Some(g) => Some(&g.by_contact),
            None => return Ok(ok_json(&[0u8; 0])),
        },
    };
    let matches = |c: &&Contact| {
        members.is_none_or(|m| m.contains_key(&c.id))
            && search
                .as_deref()
                .is_none_or(|s| contains_ci(c.field(F_NAME), s) || contains_ci(c.field(F_MOBILE), s) || contains_ci(c.field(F_EMAIL), s))
    };
    let page = store
        .contacts
        .values()
        .filter(matches)
        .skip(to_usize(page.saturating_mul(size)))
        .take(to_usize(size))
        .map(|c| ContactView::plain(&store, c));
    Ok(ok_serialized(contact_list(page)))
}

/// `GET /contacts/meta/userfields` (deprecated in the guide): `[{id,type,name,col}]`.
pub async fn userfields() -> ApiResult {
    let field = |id, type_: &str, name: &str, col: &str| UserField {
        id,
        type_: Some(type_.into()),
        name: Some(name.into()),
        col: Some(col.into()),
    };
    Ok(ok_json(&[field(1, "text", "婚姻状态", "attr1"), field(2, "number", "薪水", "attr2")]))
}

/// `GET /v2/contacts/meta/properties`: `[{label,alias,dataType,id}]`.
pub async fn properties() -> ApiResult {
    let property = |id, label: &str, alias: &str, data_type: &str| ContactProperty {
        id,
        label: Some(label.into()),
        alias: Some(alias.into()),
        data_type: Some(data_type.into()),
    };
    Ok(ok_json(&[property(31, "婚姻状态", "attr1", "text"), property(32, "薪水", "attr2", "number")]))
}

/// `GET /v2/contacts?email=&mobilePhone=&needOpenId=1`: exact match (both given: both
/// must match); neither given → 500 `B00030`.
pub async fn find(State(st): State<AppState>, q: Query) -> ApiResult {
    let email = q.get("email");
    let phone = q.get("mobilePhone");
    if email.is_none() && phone.is_none() {
        return Err(ApiError::param500("email and mobilePhone: at least one is required"));
    }
    let open_ids = q.flag("needOpenId");
    let store = st.store();
    let page = store
        .contacts
        .values()
        .filter(|c| email.is_none_or(|e| c.field(F_EMAIL) == Some(e)) && phone.is_none_or(|p| c.field(F_MOBILE) == Some(p)))
        .map(|c| ContactView { store: &store, contact: c, open_ids, extras: false });
    Ok(ok_serialized(contact_list(page)))
}

/// `GET /v2/contacts_bulk?ids=1,3,5&needOpenId=1`: only the first 100 ids are looked at;
/// unknown or malformed ids are skipped; answer in the order asked (repeats once).
/// No `ids` → 500 `B00030`.
pub async fn bulk(State(st): State<AppState>, q: Query) -> ApiResult {
    let ids = q.get("ids").ok_or_else(|| ApiError::param500("ids is required"))?;
    let open_ids = q.flag("needOpenId");
    let store = st.store();
    let mut seen = std::collections::HashSet::new();
    let page = ids
        .split(',')
        .take(BULK_MAX_IDS)
        .filter_map(|s| s.trim().parse::<u64>().ok())
        .filter(|id| seen.insert(*id))
        .filter_map(|id| store.contacts.get(&id))
        .map(|c| ContactView { store: &store, contact: c, open_ids, extras: false });
    Ok(ok_serialized(contact_list(page)))
}

/// `GET /v2/contacts_bulk/ids?page=&size=&minUpdateTime=&maxUpdateTime=`: contact ids,
/// ascending, whose lastUpdated is within [min, max] (`yyyy-MM-dd` or
/// `yyyy-MM-dd HH:mm:ss`, UTC+8). page and size are required; page*size > 10000, a
/// missing page/size or a bad date → 500 `B00030`.
pub async fn bulk_ids(State(st): State<AppState>, q: Query) -> ApiResult {
    let page = q.u64("page")?.ok_or_else(|| ApiError::param500("page is required"))?;
    let size = q.u64("size")?.ok_or_else(|| ApiError::param500("size is required"))?;
    if page.checked_mul(size).is_none_or(|w| w > BULK_IDS_WINDOW) {
        return Err(ApiError::param500(format!("page*size must be <= {BULK_IDS_WINDOW}")));
    }
    let time = |name: &str| -> Result<Option<i64>, ApiError> {
        match q.get(name) {
            None => Ok(None),
            Some(v) => {
                parse_cst(v).map(Some).ok_or_else(|| ApiError::param500(format!("{name} must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss")))
            }
        }
    };
    let min = time("minUpdateTime")?;
    let max = time("maxUpdateTime")?;
    let store = st.store();
    let out: Vec<u64> = store
        .contacts
        .values()
        .filter(|c| min.is_none_or(|m| c.last_updated >= m) && max.is_none_or(|m| c.last_updated <= m))
        .skip(to_usize(page * size))
        .take(to_usize(size))
        .map(|c| c.id)
        .collect();
    Ok(ok_json(&out))
}

/// `PUT /v2/contacts/{id}`: merges the body's fields (props per key; a field set to null
/// is cleared), bumps `ver` and `lastUpdated`, answers the contact. Unknown → 404 `B00008`.
pub async fn update(State(st): State<AppState>, Path(id): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let id = path_id(&id, "contact")?;
    let obj = body.as_object().ok_or_else(|| ApiError::bad_request("body must be a JSON object"))?;
    let mut store = st.store();
    store.update_contact(id, obj, now_ms())?;
    let c = store.contacts.get(&id).ok_or_else(|| ApiError::not_found(format!("contact {id} not found")))?;
    Ok(ok_json(&ContactView::plain(&store, c)))
}
