//! Groups (标签组): GET/POST /v2/groups, GET /v2/contacts/{id}/groups,
//! GET/POST/DELETE /v2/groups/{id}/contacts.

use super::Ty;

/// A group.
pub const GROUP: Ty = Ty::Object(&[
    ("id", Ty::Required(&Ty::Int)),
    ("name", Ty::Str),
    ("groupType", Ty::Str),
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("ext1", Ty::Str),
    ("ext2", Ty::Str),
]);

/// A list of groups (`GET /v2/groups`, `GET /v2/contacts/{id}/groups`).
pub const GROUPS: Ty = Ty::Array(&GROUP);

/// The short contact inside a group member.
pub const MEMBER_CONTACT: Ty =
    Ty::Object(&[("id", Ty::Required(&Ty::Int)), ("name", Ty::Str), ("mobilePhone", Ty::Str), ("email", Ty::Str)]);

/// One member of a group (`GET /v2/groups/{id}/contacts`).
pub const GROUP_MEMBER: Ty = Ty::Object(&[
    ("memberId", Ty::Required(&Ty::Int)),
    ("contactGroupId", Ty::Int),
    ("version", Ty::Int),
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("contact", MEMBER_CONTACT),
]);

/// `GET /v2/groups/{id}/contacts` answer.
pub const GROUP_MEMBERS: Ty = Ty::Array(&GROUP_MEMBER);

/// `POST`/`DELETE /v2/groups/{id}/contacts` answer: `{ success, failure, group }`.
pub const GROUP_MEMBERSHIP_RESULT: Ty = Ty::Object(&[("success", Ty::Array(&Ty::Int)), ("failure", Ty::Array(&Ty::Any)), ("group", GROUP)]);
