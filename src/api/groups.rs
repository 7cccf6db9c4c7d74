//! Groups (标签组).
//!
//! GET /v2/groups
//! POST /v2/groups
//! GET /v2/groups/{id}/contacts
//! POST /v2/groups/{id}/contacts
//! DELETE /v2/groups/{id}/contacts

use super::paging::Pager;
use super::validate::{self, input};
use super::{id_list, id_segment, ids_body, opt_id, opt_size, opt_str, opt_uint, put_str, req_str};
use crate::encode::{concat, decimal};
use crate::error::Error;
use crate::json::{Json, Writer};
use crate::model;
use crate::model::{GROUP, GROUPS, GROUP_MEMBERS, GROUP_MEMBERSHIP_RESULT};
use crate::request::{Method, Replay, Request};

/// Largest `size` of `GET /v2/groups/{id}/contacts` (the server's own limit and default).
pub const MAX_MEMBERS_PAGE: u64 = 500;

/// `GET /v2/groups` (`{ id?, name?, groupType?, lastUpdated?, ext1?, ext2? }`): groups
/// matching every given filter (`name` matches in part).
pub fn list<J: Json>(opts: &J) -> Result<Request, Error> {
    input::<model::GroupListOptions, J>(opts, "options")?;
    let id = opt_id(opts, "id")?;
    let mut req = Request::new(Method::Get, "/v2/groups", Replay::Safe, &GROUPS).opt_param("id", id.map(decimal));
    for key in ["name", "groupType", "lastUpdated", "ext1", "ext2"] {
        req = req.opt_param(key, opt_str(opts, key)?);
    }
    Ok(req)
}

/// The only `groupType` a group can be created with (the guide: 默认为static,目前不能设置别的值).
pub const CREATABLE_GROUP_TYPE: &str = "static";

/// `POST /v2/groups` (`{ name, groupType?, ext1?, ext2? }`): creates a group. `groupType`
/// is sent as `static` whether given or not; any other value is a validation error.
pub fn create<J: Json>(input: &J) -> Result<Request, Error> {
    validate::input::<model::NewGroup, J>(input, "group")?;
    let name = req_str(input, "name")?;
    if opt_str(input, "groupType")?.is_some_and(|t| t != CREATABLE_GROUP_TYPE) {
        return Err(Error::validation(concat(&[
            "groupType: expected \"",
            CREATABLE_GROUP_TYPE,
            "\" (the guide allows no other value for now)",
        ])));
    }
    let ext1 = opt_str(input, "ext1")?;
    let ext2 = opt_str(input, "ext2")?;
    let mut w = Writer::new();
    w.begin_object();
    put_str(&mut w, "name", Some(&name));
    put_str(&mut w, "groupType", Some(CREATABLE_GROUP_TYPE));
    put_str(&mut w, "ext1", ext1.as_deref());
    put_str(&mut w, "ext2", ext2.as_deref());
    w.end_object();
    Ok(Request::new(Method::Post, "/v2/groups", Replay::Create, &GROUP).json(w.finish()))
}

/// The members path of a group.
fn members_path<J: Json>(group_id: &J) -> Result<String, Error> {
    let id = id_segment(group_id, "groupId")?;
    Ok(concat(&["/v2/groups/", &id, "/contacts"]))
}

/// `GET /v2/groups/{id}/contacts` (`{ memberId?, size? }`): members after `memberId`;
/// `size` at most 500.
pub fn members<J: Json>(group_id: &J, opts: &J) -> Result<Request, Error> {
    let path = members_path(group_id)?;
    input::<model::GroupMembersOptions, J>(opts, "options")?;
    let member_id = opt_uint(opts, "memberId")?;
    let size = opt_size(opts, "size", MAX_MEMBERS_PAGE)?;
    Ok(Request::new(Method::Get, path, Replay::Safe, &GROUP_MEMBERS)
        .opt_param("memberId", member_id.map(decimal))
        .opt_param("size", size.map(decimal)))
}

/// Every member of a group (`{ size? }`, at most 500): `memberId` becomes the largest
/// (the last) memberId seen; ends at an empty page or when it does not advance.
pub fn iterate_members<J: Json>(group_id: &J, opts: &J) -> Result<Pager, Error> {
    let path = members_path(group_id)?;
    input::<model::SizeOptions, J>(opts, "options")?;
    let size = opt_size(opts, "size", MAX_MEMBERS_PAGE)?;
    let base = Request::new(Method::Get, path, Replay::Safe, &GROUP_MEMBERS);
    Ok(Pager::cursor(base, size, "memberId", "memberId", 0))
}

/// Most ids per `POST`/`DELETE /v2/groups/{id}/contacts`, and the default `chunkSize`: the
/// guide answers `400 B00031 联系人超过最大数量` past a limit it does not number; 500 is
/// what it allows for a members page, and what the stand-in enforces.
pub const MEMBERSHIP_CHUNK: u64 = 500;

/// `POST /v2/groups/{id}/contacts` (`ids`, `{ chunkSize? }`): adds contacts to a group,
/// one request per `chunkSize` ids (default and most 500), in order; none for no ids.
pub fn add_contacts<J: Json>(group_id: &J, ids: &J, opts: &J) -> Result<Vec<Request>, Error> {
    membership(Method::Post, group_id, ids, opts)
}

/// `DELETE /v2/groups/{id}/contacts` (`ids`, `{ chunkSize? }`): removes contacts from a
/// group, chunked as [`add_contacts`].
pub fn remove_contacts<J: Json>(group_id: &J, ids: &J, opts: &J) -> Result<Vec<Request>, Error> {
    membership(Method::Delete, group_id, ids, opts)
}

fn membership<J: Json>(method: Method, group_id: &J, ids: &J, opts: &J) -> Result<Vec<Request>, Error> {
    let path = members_path(group_id)?;
    let ids = id_list(ids, "ids")?;
    input::<model::MembershipOptions, J>(opts, "options")?;
    let chunk = opt_size(opts, "chunkSize", MEMBERSHIP_CHUNK)?.unwrap_or(MEMBERSHIP_CHUNK);
    let chunk = usize::try_from(chunk).unwrap_or(usize::MAX);
    Ok(ids
        .chunks(chunk)
        .map(|part| Request::new(method, path.clone(), Replay::Safe, &GROUP_MEMBERSHIP_RESULT).json(ids_body(part)))
        .collect())
}
