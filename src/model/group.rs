//! Groups (标签组): GET/POST /v2/groups, GET /v2/contacts/{id}/groups,
//! GET/POST/DELETE /v2/groups/{id}/contacts.

use super::Ty;
use crate::answer;

answer! {
    /// A group (标签组).
    pub struct Group as GROUP {
        /// The group id.
        id: req Int,
        /// The group's name.
        name: opt Str,
        /// `static` or `dynamic`.
        group_type: opt Str,
        /// When it was created, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: opt Str,
        /// When it last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: opt Str,
        /// WeChat appId.
        ext1: opt Str,
        /// WeChat tag group id.
        ext2: opt Str,
    }
}

/// A list of groups (`GET /v2/groups`, `GET /v2/contacts/{id}/groups`).
pub const GROUPS: Ty = Ty::Array(&GROUP);

answer! {
    /// The short contact inside a group member.
    pub struct MemberContact as MEMBER_CONTACT {
        /// The contact id.
        id: req Int,
        /// Name.
        name: null Str,
        /// Mobile phone number.
        mobile_phone: null Str,
        /// Email address.
        email: null Str,
    }
}

answer! {
    /// One member of a group (`GET /v2/groups/{id}/contacts`).
    pub struct GroupMember as GROUP_MEMBER {
        /// The membership's id: the cursor of the next page.
        member_id: req Int,
        /// The group id.
        contact_group_id: null Int,
        /// Version of the membership.
        version: null Int,
        /// When the contact joined, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: null Str,
        /// When the membership last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: null Str,
        /// The member.
        contact: null MemberContact,
    }
}

/// `GET /v2/groups/{id}/contacts` answer.
pub const GROUP_MEMBERS: Ty = Ty::Array(&GROUP_MEMBER);

answer! {
    /// `POST`/`DELETE /v2/groups/{id}/contacts` answer: `{ success, failure, group }`.
    pub struct GroupChange as GROUP_MEMBERSHIP_RESULT {
        /// The contact ids added (or removed).
        success: opt [Int],
        /// The ids that failed, as the server lists them.
        failure: opt [Any],
        /// The group.
        group: opt Group,
    }
}

answer! {
    /// What `groups.addContacts` / `groups.removeContacts` resolve to: `success` and
    /// `failure` of every chunk, in input order (also `LinkflowError.partial` when a chunk
    /// failed: what the chunks before it did). The last chunk's answer with the merged lists.
    pub struct GroupMembershipResult as MERGED_MEMBERSHIP_RESULT {
        /// The contact ids added (or removed) by all chunks.
        success: req [Int],
        /// What failed, as the server lists it, of all chunks.
        failure: req [Any],
        /// The group as the last chunk's answer has it; `null` when no request was sent
        /// (`[]`) or, in `partial`, when the first chunk failed.
        group: opt Group,
    }
}
