//! Groups (标签组).
//!
//! GET /v2/groups
//! POST /v2/groups
//! GET /v2/groups/{id}/contacts
//! POST /v2/groups/{id}/contacts
//! DELETE /v2/groups/{id}/contacts

use super::paging::Pager;
use super::{expect_object, id_list, id_segment, ids_body, opt_id, opt_size, opt_str, opt_uint, put_str, req_str};
use crate::error::Error;
use crate::json::{Json, Writer};
use crate::model::{GROUP, GROUPS, GROUP_MEMBERS, GROUP_MEMBERSHIP_RESULT};
use crate::request::{Method, Replay, Request};

/// Largest `size` of `GET /v2/groups/{id}/contacts` (the server's own limit and default).
pub const MAX_MEMBERS_PAGE: u64 = 500;

/// `GET /v2/groups` (`{ id?, name?, groupType?, lastUpdated?, ext1?, ext2? }`): groups
/// matching every given filter (`name` matches in part).
pub fn list<J: Json>(opts: &J) -> Result<Request, Error> {
    expect_object(opts, "options")?;
    let id = opt_id(opts, "id")?;
    let mut req = Request::new(Method::Get, "/v2/groups", Replay::Safe, &GROUPS).opt_param("id", id.map(|n| n.to_string()));
    for key in ["name", "groupType", "lastUpdated", "ext1", "ext2"] {
        req = req.opt_param(key, opt_str(opts, key)?);
    }
    Ok(req)
}

/// `POST /v2/groups` (`{ name, groupType?, ext1?, ext2? }`): creates a group.
pub fn create<J: Json>(input: &J) -> Result<Request, Error> {
    expect_object(input, "group")?;
    let name = req_str(input, "name")?;
    let group_type = opt_str(input, "groupType")?;
    let ext1 = opt_str(input, "ext1")?;
    let ext2 = opt_str(input, "ext2")?;
    let mut w = Writer::new();
    w.begin_object();
    put_str(&mut w, "name", Some(&name));
    put_str(&mut w, "groupType", group_type.as_deref());
    put_str(&mut w, "ext1", ext1.as_deref());
    put_str(&mut w, "ext2", ext2.as_deref());
    w.end_object();
    Ok(Request::new(Method::Post, "/v2/groups", Replay::Create, &GROUP).json(w.finish()))
}

/// The members path of a group.
fn members_path<J: Json>(group_id: &J) -> Result<String, Error> {
    let id = id_segment(group_id, "groupId")?;
    Ok(format!("/v2/groups/{id}/contacts"))
}

/// `GET /v2/groups/{id}/contacts` (`{ memberId?, size? }`): members after `memberId`;
/// `size` at most 500.
pub fn members<J: Json>(group_id: &J, opts: &J) -> Result<Request, Error> {
    let path = members_path(group_id)?;
    expect_object(opts, "options")?;
    let member_id = opt_uint(opts, "memberId")?;
    let size = opt_size(opts, "size", MAX_MEMBERS_PAGE)?;
    Ok(Request::new(Method::Get, path, Replay::Safe, &GROUP_MEMBERS)
        .opt_param("memberId", member_id.map(|n| n.to_string()))
        .opt_param("size", size.map(|n| n.to_string())))
}

/// Every member of a group (`{ size? }`, at most 500): `memberId` becomes the largest
/// (the last) memberId seen; ends at an empty page or when it does not advance.
pub fn iterate_members<J: Json>(group_id: &J, opts: &J) -> Result<Pager, Error> {
    let path = members_path(group_id)?;
    expect_object(opts, "options")?;
    let size = opt_size(opts, "size", MAX_MEMBERS_PAGE)?;
    let base = Request::new(Method::Get, path, Replay::Safe, &GROUP_MEMBERS);
    Ok(Pager::cursor(base, size, "memberId", "memberId", 0))
}

/// `POST /v2/groups/{id}/contacts`: adds contacts (a JSON array of ids) to a group.
pub fn add_contacts<J: Json>(group_id: &J, ids: &J) -> Result<Request, Error> {
    membership(Method::Post, group_id, ids)
}

/// `DELETE /v2/groups/{id}/contacts`: removes contacts (a JSON array of ids) from a group.
pub fn remove_contacts<J: Json>(group_id: &J, ids: &J) -> Result<Request, Error> {
    membership(Method::Delete, group_id, ids)
}

fn membership<J: Json>(method: Method, group_id: &J, ids: &J) -> Result<Request, Error> {
    let path = members_path(group_id)?;
    let ids = id_list(ids, "ids")?;
    Ok(Request::new(method, path, Replay::Safe, &GROUP_MEMBERSHIP_RESULT).json(ids_body(&ids)))
}
