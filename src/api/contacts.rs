//! Contacts (联系人).
//!
//! GET /contacts
//! POST /identifiers
//! GET /identifiers
//! GET /v2/contacts
//! GET /v2/contacts_bulk
//! GET /v2/contacts_bulk/ids
//! PUT /v2/contacts/{id}
//! GET /v2/contacts/meta/properties
//! GET /contacts/meta/userfields
//! GET /contacts/{id}/identities
//! GET /v2/contacts/{id}/groups
//! GET /contacts/{id}/events

use super::paging::Pager;
use super::validate::{self, input};
use super::{body_text, id_list, id_segment, id_value, join_ids, opt_bool, opt_id, opt_size, opt_str, opt_uint, req_str};
use crate::encode::{concat, decimal};
use crate::error::Error;
use crate::json::{Json, Writer};
use crate::model;
use crate::model::{CONTACT, CONTACTS, CONTACT_IDENTITIES, CONTACT_IDS, CONTACT_PROPERTIES, EVENTS, GROUPS, USER_FIELDS};
use crate::request::{Method, Replay, Request};

/// Page size of `iterate` and `iterate_events` when none is given (the guide's default).
pub const DEFAULT_PAGE_SIZE: u64 = 200;
/// Page size of `iterate_ids` when none is given: the whole window in one request (ids
/// are small: 10,000 of them are ~80 KB of JSON), so latency is paid once, not ten times.
pub const DEFAULT_IDS_PAGE_SIZE: u64 = IDS_WINDOW;
/// `GET /v2/contacts_bulk/ids` serves only `page * size <= 10000`, page from 0 (the guide:
/// `500 B00030 page*size必须小于等于10000`).
pub const IDS_WINDOW: u64 = 10_000;
/// `GET /v2/contacts_bulk` answers at most this many ids (it drops the rest silently).
pub const BULK_CHUNK: usize = 100;
/// Largest page size accepted where the guide names none.
const MAX_PAGE_SIZE: u64 = 10_000;

/// `GET /contacts` (`{ page?, size?, groupId?, search? }`): one page of contacts.
pub fn list<J: Json>(opts: &J) -> Result<Request, Error> {
    input::<model::ContactListOptions, J>(opts, "options")?;
    let page = opt_uint(opts, "page")?;
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?;
    let base = list_base(opts)?;
    let mut req = Request::new(Method::Get, "/contacts", Replay::Safe, &CONTACTS)
        .opt_param("page", page.map(decimal))
        .opt_param("size", size.map(decimal));
    req.query.extend(base.query);
    Ok(req)
}

/// `GET /contacts` without paging parameters.
fn list_base<J: Json>(opts: &J) -> Result<Request, Error> {
    let group_id = opt_id(opts, "groupId")?;
    let search = opt_str(opts, "search")?;
    Ok(Request::new(Method::Get, "/contacts", Replay::Safe, &CONTACTS)
        .opt_param("groupId", group_id.map(decimal))
        .opt_param("search", search))
}

/// Every contact (`{ size?, groupId?, search? }`), page by page from page 0 (`size`
/// default 200) until an empty page or a page of contacts all seen before.
pub fn iterate<J: Json>(opts: &J) -> Result<Pager, Error> {
    input::<model::ContactIterateOptions, J>(opts, "options")?;
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?.unwrap_or(DEFAULT_PAGE_SIZE);
    Ok(Pager::pages(list_base(opts)?, size, None))
}

/// `POST /identifiers`: creates or updates the contact known on `channel.channelId` as
/// `externalId`. Every other field is sent as given: `null` members as `null` (it clears
/// the field, at every depth of `props` too), absent (`undefined`) ones omitted.
pub fn identify<J: Json>(input: &J) -> Result<Request, Error> {
    validate::input::<model::IdentifyInput, J>(input, "contact")?;
    let mut w = Writer::new();
    w.value_with_nulls(input);
    Ok(Request::new(Method::Post, "/identifiers", Replay::Safe, &CONTACT).json(body_text(w)?))
}

/// `GET /identifiers` (`{ externalId, channelId, channelType? }`): the contact known on a
/// channel as `externalId`.
pub fn get_by_external_id<J: Json>(opts: &J) -> Result<Request, Error> {
    input::<model::GetByExternalIdOptions, J>(opts, "options")?;
    let external_id = req_str(opts, "externalId")?;
    let channel_id = req_str(opts, "channelId")?;
    let channel_type = opt_str(opts, "channelType")?;
    Ok(Request::new(Method::Get, "/identifiers", Replay::Safe, &CONTACT)
        .param("externalId", external_id)
        .param("channelId", channel_id)
        .opt_param("channelType", channel_type))
}

/// `needOpenId: true` (or `1`, the guide's own value) as `needOpenId=1`; `false`, `0` or
/// unset sends nothing.
fn need_open_id<J: Json>(opts: &J) -> Result<Option<String>, Error> {
    let wanted = match opts.field("needOpenId").and_then(|v| v.as_f64()) {
        Some(n) if n == 1.0 || n == 0.0 => n == 1.0,
        _ => opt_bool(opts, "needOpenId").map_err(|_| Error::validation("needOpenId: expected true, false, 1 or 0"))?.unwrap_or(false),
    };
    Ok(wanted.then(|| "1".to_owned()))
}

/// `GET /v2/contacts` (`{ email?, mobilePhone?, needOpenId? }`): contacts with this email
/// or mobile phone; one of the two is required.
pub fn find<J: Json>(opts: &J) -> Result<Request, Error> {
    input::<model::FindContactsOptions, J>(opts, "options")?;
    let email = opt_str(opts, "email")?.filter(|s| !s.is_empty());
    let mobile = opt_str(opts, "mobilePhone")?.filter(|s| !s.is_empty());
    if email.is_none() && mobile.is_none() {
        return Err(Error::validation("email or mobilePhone is required"));
    }
    Ok(Request::new(Method::Get, "/v2/contacts", Replay::Safe, &CONTACTS)
        .opt_param("email", email)
        .opt_param("mobilePhone", mobile)
        .opt_param("needOpenId", need_open_id(opts)?))
}

/// `GET /v2/contacts_bulk` (`ids`, `{ needOpenId? }`): one request per 100 ids, in order;
/// no request for no ids.
pub fn get_many<J: Json>(ids: &J, opts: &J) -> Result<Vec<Request>, Error> {
    let ids = id_list(ids, "ids")?;
    input::<model::GetManyOptions, J>(opts, "options")?;
    let need = need_open_id(opts)?;
    Ok(ids
        .chunks(BULK_CHUNK)
        .map(|chunk| {
            Request::new(Method::Get, "/v2/contacts_bulk", Replay::Safe, &CONTACTS)
                .param("ids", join_ids(chunk))
                .opt_param("needOpenId", need.clone())
        })
        .collect())
}

/// `GET /v2/contacts_bulk/ids` without paging parameters.
fn ids_base<J: Json>(opts: &J) -> Result<Request, Error> {
    let min = opt_str(opts, "minUpdateTime")?;
    let max = opt_str(opts, "maxUpdateTime")?;
    Ok(Request::new(Method::Get, "/v2/contacts_bulk/ids", Replay::Safe, &CONTACT_IDS)
        .opt_param("minUpdateTime", min)
        .opt_param("maxUpdateTime", max))
}

/// `GET /v2/contacts_bulk/ids` (`{ page, size, minUpdateTime?, maxUpdateTime? }`): one page
/// of contact ids by update time. The server serves only `page * size <= 10000` (page
/// from 0), so `{ page: 1, size: 10000 }` is the last page of size 10000.
pub fn list_ids<J: Json>(opts: &J) -> Result<Request, Error> {
    input::<model::ListIdsOptions, J>(opts, "options")?;
    let page = opt_uint(opts, "page")?.ok_or_else(|| Error::validation("page is required"))?;
    let size = opt_size(opts, "size", IDS_WINDOW)?.ok_or_else(|| Error::validation("size is required"))?;
    if page.checked_mul(size).map_or(true, |offset| offset > IDS_WINDOW) {
        return Err(Error::validation(concat(&["page * size must be at most ", &decimal(IDS_WINDOW), " (page from 0)"])));
    }
    let base = ids_base(opts)?;
    let mut req = Request::new(Method::Get, "/v2/contacts_bulk/ids", Replay::Safe, &CONTACT_IDS)
        .param("page", decimal(page))
        .param("size", decimal(size));
    req.query.extend(base.query);
    Ok(req)
}

/// Every contact id (`{ size?, minUpdateTime?, maxUpdateTime? }`), page by page with `size`
/// (default 10000) until an empty page. The server serves only `page * size <= 10000`:
/// when the last page it serves does not prove the end (it is full, or no page was full),
/// the pager fails with a validation error rather than stop silently.
pub fn iterate_ids<J: Json>(opts: &J) -> Result<Pager, Error> {
    input::<model::IterateIdsOptions, J>(opts, "options")?;
    let size = opt_size(opts, "size", IDS_WINDOW)?.unwrap_or(DEFAULT_IDS_PAGE_SIZE);
    Ok(Pager::pages(ids_base(opts)?, size, Some(IDS_WINDOW)))
}

/// `PUT /v2/contacts/{id}`: updates a contact; the body is `fields` with `"id"` first.
/// An `id` inside `fields` must name the same contact. `null` members are sent as `null`
/// (the guide's PUT example: it clears the field), absent ones omitted.
pub fn update<J: Json>(id: &J, fields: &J) -> Result<Request, Error> {
    let contact_id = id_value(id).ok_or_else(|| Error::validation("id: expected a non-negative integer id"))?;
    input::<model::UpdateContact, J>(fields, "fields")?;
    if let Some(inner) = fields.field("id") {
        if id_value(&inner) != Some(contact_id) {
            return Err(Error::validation("fields.id differs from id"));
        }
    }
    let mut w = Writer::new();
    w.begin_object();
    w.key("id");
    w.uint(contact_id);
    for key in fields.keys() {
        if key == "id" {
            continue;
        }
        if let Some(v) = fields.get(&key) {
            w.key(&key);
            w.value_with_nulls(&v);
        }
    }
    w.end_object();
    let path = concat(&["/v2/contacts/", &decimal(contact_id)]);
    Ok(Request::new(Method::Put, path, Replay::Safe, &CONTACT).json(body_text(w)?))
}

/// `GET /v2/contacts/meta/properties`: the tenant's custom contact properties.
pub fn properties() -> Request {
    Request::new(Method::Get, "/v2/contacts/meta/properties", Replay::Safe, &CONTACT_PROPERTIES)
}

/// `GET /contacts/meta/userfields`: the tenant's custom fields.
///
/// Deprecated in the guide (kept by the server for a while): use [`properties`].
pub fn user_fields() -> Request {
    Request::new(Method::Get, "/contacts/meta/userfields", Replay::Safe, &USER_FIELDS)
}

/// `GET /contacts/{id}/identities`: the contact's channel accounts.
pub fn identities<J: Json>(contact_id: &J) -> Result<Request, Error> {
    let id = id_segment(contact_id, "contactId")?;
    Ok(Request::new(Method::Get, concat(&["/contacts/", &id, "/identities"]), Replay::Safe, &CONTACT_IDENTITIES))
}

/// `GET /v2/contacts/{id}/groups` (`{ groupType? }`): the contact's groups.
pub fn groups<J: Json>(contact_id: &J, opts: &J) -> Result<Request, Error> {
    let id = id_segment(contact_id, "contactId")?;
    input::<model::ContactGroupsOptions, J>(opts, "options")?;
    let group_type = opt_str(opts, "groupType")?;
    Ok(Request::new(Method::Get, concat(&["/v2/contacts/", &id, "/groups"]), Replay::Safe, &GROUPS).opt_param("groupType", group_type))
}

/// `GET /contacts/{id}/events` (`{ page?, size? }`): one page of the contact's events.
pub fn events<J: Json>(contact_id: &J, opts: &J) -> Result<Request, Error> {
    let id = id_segment(contact_id, "contactId")?;
    input::<model::PageOptions, J>(opts, "options")?;
    let page = opt_uint(opts, "page")?;
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?;
    Ok(Request::new(Method::Get, concat(&["/contacts/", &id, "/events"]), Replay::Safe, &EVENTS)
        .opt_param("page", page.map(decimal))
        .opt_param("size", size.map(decimal)))
}

/// Every event of a contact (`{ size? }`), page by page (`size` default 200) until an
/// empty page or a page of events all seen before.
pub fn iterate_events<J: Json>(contact_id: &J, opts: &J) -> Result<Pager, Error> {
    let id = id_segment(contact_id, "contactId")?;
    input::<model::SizeOptions, J>(opts, "options")?;
    let size = opt_size(opts, "size", MAX_PAGE_SIZE)?.unwrap_or(DEFAULT_PAGE_SIZE);
    let base = Request::new(Method::Get, concat(&["/contacts/", &id, "/events"]), Replay::Safe, &EVENTS);
    Ok(Pager::pages(base, size, None))
}
