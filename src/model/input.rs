//! The inputs of the guide's calls as Rust types: a Rust caller builds them, turns them
//! into JSON with [`to_json`] and hands that to the request builders of [`crate::api`]
//! (which validate it exactly as they validate what JS passes); [`from_answer`] reads a
//! checked answer back as its model type. `examples/rust/typed_requests.rs` shows every
//! call.
//!
//! Absent and `null` stay distinct where the guide gives `null` a meaning: a contact
//! field is a [`Patch`] (`None` = not sent, `Some(None)` = sent as `null`, which clears
//! it, `Some(Some(v))` = set); every other optional field is an `Option` left out when
//! `None`.
//!
//! Each shape is declared once with [`input!`] (`shape.rs`): the Rust type and the
//! TypeScript interface the package publishes come from the same field list.

use std::collections::BTreeMap;

#[cfg(not(target_arch = "wasm32"))]
use serde::Serialize;

use crate::input;
#[cfg(not(target_arch = "wasm32"))]
use crate::{error::Error, json};

/// What the request builders accept for one input member: the JSON they check before
/// anything is sent (after the wasm boundary turned a JS `Date` into Linkflow's text or
/// epoch milliseconds and a `BigInt` id into its digits).
#[derive(Debug)]
pub enum InKind {
    /// A string.
    Str,
    /// A non-negative integer.
    Uint,
    /// An id: a non-negative integer or a string of digits.
    Id,
    /// `true`, `false`, `1` or `0`.
    Flag,
    /// An object of any members (`props`).
    Object,
    /// An object of strings (`utm`).
    Strings,
    /// An array of this.
    List(&'static InKind),
    /// An object of this shape.
    Shape(&'static InputSpec),
}

/// The members of an input shape the request builders check: `(name, required, kind)`;
/// `null` is the same as absent (a contact body sends it, to clear the field). Members
/// not listed pass unchecked.
#[derive(Debug)]
pub struct InputSpec {
    /// The shape whose members this one has too (`extends`).
    pub base: Option<&'static InputSpec>,
    /// This shape's own members.
    pub members: &'static [(&'static str, bool, InKind)],
}

/// An input shape declared with [`input!`]: what the runtime checks of it.
pub trait InputShape {
    /// Its members, as checked before a request is built.
    const SPEC: InputSpec;
}

/// A contact field in a body: absent, `null` (clears it) or a value.
pub type Patch<T> = Option<Option<T>>;

/// Serde of a [`Patch`]: `Some(None)` is written as `null`, and `null` read as
/// `Some(None)` (plain serde would read it as `None`).
pub mod patch {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `Some(None)` as `null` (`None` is skipped by the field's attribute).
    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(Some(value)) => s.serialize_some(value),
            _ => s.serialize_none(),
        }
    }

    /// Reads `null` as `Some(None)`; a missing field is `None` (the field's `default`).
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

input! {
    /// Contact fields that `identify` and `update` write. `null` is sent as `null` and
    /// clears the field (at every depth of `props` too); `undefined` is omitted. A `Date` is
    /// sent as `"yyyy-MM-dd HH:mm:ss"` in UTC+8 (see `formatLinkflowDate`). Other members
    /// are sent as given.
    pub struct ContactFields as ContactFields with "  [key: string]: unknown;\n" {
        /// Name.
        name: patch Str,
        /// Nickname.
        nickname: patch Str,
        /// `male`, `female` or `unknown`.
        gender: patch Gender,
        /// Birthday, `"yyyy-MM-dd HH:mm:ss"` (UTC+8), or a `Date`.
        date_of_birthday: patch DateText,
        /// Avatar URL.
        avatar: patch Str,
        /// Mobile phone number.
        mobile_phone: patch Str,
        /// Email address.
        email: patch Str,
        /// User name.
        user_name: patch Str,
        /// Country.
        country: patch Str,
        /// Province.
        state: patch Str,
        /// City.
        city: patch Str,
        /// Address.
        street: patch Str,
        /// Postal code.
        postal_code: patch Str,
        /// Job title.
        title: patch Str,
        /// Company.
        company: patch Str,
        /// Industry.
        industry: patch Str,
        /// Department.
        department: patch Str,
        /// Remarks.
        comments: patch Str,
        /// Website.
        website: patch Str,
        /// Identity card number.
        id_card: patch Str,
        /// Custom fields by alias (see `contacts.properties()`); a `null` value clears that field.
        props: patch Props,
    }
}

input! {
    /// The channel of `identify`: where `externalId` is known.
    pub struct IdentifyChannel as IdentifyChannel {
        /// The channel's unique id.
        channel_id: req Str,
        /// The channel's name; updated when given.
        name: opt Str,
    }
}

input! {
    /// The WeChat account of `identify`.
    pub struct WeChatInfo as WeChatInfo {
        /// The official account's appid.
        app_id: opt Str,
        /// The official account's name.
        app_name: opt Str,
        /// The WeChat user's openId.
        open_id: opt Str,
    }
}

input! {
    /// Input of `contacts.identify` (`POST /identifiers`): the contact known on
    /// `channel.channelId` as `externalId`.
    pub struct IdentifyInput as IdentifyInput extends ContactFields in fields {
        /// Your own id of the person; the same the tracker's `identify` uses.
        external_id: req Str,
        /// The channel on which `externalId` is known.
        channel: req IdentifyChannel,
        /// The WeChat account, if any.
        we_chat_info: opt WeChatInfo,
    }
}

input! {
    /// Fields of `contacts.update` (`PUT /v2/contacts/{id}`); an `id` inside must equal the
    /// `id` argument.
    pub struct UpdateContact as ContactUpdate extends ContactFields in fields {
        /// Must equal the id of the path when given.
        id: opt Id,
    }
}

/// `attr1`..`attr20` of an event input by name (what the event's definition names them).
pub type EventAttrsInput = BTreeMap<String, String>;

/// `attr1`..`attr20` are checked as the event body is written (`api::events`).
impl InputShape for EventAttrsInput {
    const SPEC: InputSpec = InputSpec { base: None, members: &[] };
}

/// The TypeScript of [`EventAttrsInput`], as published in the `.d.ts`.
pub const EVENT_ATTRS_INPUT_TS: &str = "/** `attr1`..`attr20` of an event input: a number is sent as its decimal text. */
export type EventAttrsInput = { [K in `attr${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20}`]?: string | number };
";

input! {
    /// A sub-event of an event input's `items`: its code and attributes.
    pub struct NewEventItem as NewEventItem extends EventAttrsInput in attrs {
        /// The sub-event's code.
        event: req Str,
    }
}

input! {
    /// Input of `events.create` (`POST /ude`).
    pub struct NewEvent as EventInput extends EventAttrsInput in attrs {
        /// The event code (visible where the custom event is defined, e.g. `UDE_1MG2I6HGJ`).
        event: req Str,
        /// The channel id, usually the site's root domain.
        channel_id: req Str,
        /// Your own id of the person.
        external_id: req Str,
        /// The channel type; the server's default is `UDC`.
        channel_type: opt Str,
        /// When it happened: milliseconds since the epoch, or a `Date`.
        event_date: opt EpochMs,
        /// Sub-events.
        items: opt [NewEventItem],
        /// `utm` parameters.
        utm: opt Utm,
    }
}

input! {
    /// Input of `channels.create` (`POST /udc`).
    pub struct NewChannel as ChannelInput {
        /// The channel's name.
        name: req Str,
        /// Generated by the server when not given.
        channel_id: opt Str,
    }
}

input! {
    /// Input of `groups.create` (`POST /v2/groups`).
    pub struct NewGroup as GroupInput {
        /// The group's name.
        name: req Str,
        /// Sent as `static`, the only value the guide allows for now; another is a
        /// `validation` error.
        group_type: opt StaticGroupType,
        /// WeChat appId.
        ext1: opt Str,
        /// WeChat tag group id.
        ext2: opt Str,
    }
}

input! {
    /// Options of `contacts.list` (`GET /contacts`).
    pub struct ContactListOptions as ContactListOptions {
        /// From 0.
        page: opt Count,
        /// Server default 200.
        size: opt Count,
        /// Only contacts of this group.
        group_id: opt Id,
        /// Search text (name, mobile phone or email).
        search: opt Str,
    }
}

input! {
    /// Options of `contacts.iterate`.
    pub struct ContactIterateOptions as ContactIterateOptions {
        /// Page size, default 200.
        size: opt Count,
        /// Only contacts of this group.
        group_id: opt Id,
        /// Search text (name, mobile phone or email).
        search: opt Str,
    }
}

input! {
    /// Options of `contacts.getByExternalId` (`GET /identifiers`).
    pub struct GetByExternalIdOptions as GetByExternalIdOptions {
        /// The person's unique id in your system.
        external_id: req Str,
        /// The channel's unique id.
        channel_id: req Str,
        /// Server default `UDC`.
        channel_type: opt Str,
    }
}

input! {
    /// Options of `contacts.find` (`GET /v2/contacts`): `email` or `mobilePhone` is required.
    pub struct FindContactsOptions as FindContactsOptions {
        /// Email address.
        email: opt Str,
        /// Mobile phone number.
        mobile_phone: opt Str,
        /// Adds each contact's `openIds` (`1` is the guide's own spelling of `true`).
        need_open_id: opt Flag,
    }
}

input! {
    /// Options of `contacts.getMany` (`GET /v2/contacts_bulk`).
    pub struct GetManyOptions as GetManyOptions {
        /// Adds each contact's `openIds` (`1` is the guide's own spelling of `true`).
        need_open_id: opt Flag,
    }
}

input! {
    /// Options of `contacts.listIds` (`GET /v2/contacts_bulk/ids`): `page * size <= 10000`
    /// (the guide's rule, page from 0).
    pub struct ListIdsOptions as ListIdsOptions {
        /// From 0.
        page: req Count,
        /// Ids per page.
        size: req Count,
        /// e.g. `"2018-01-01"`, or a `Date`.
        min_update_time: opt DateText,
        /// e.g. `"2018-02-01"`, or a `Date`.
        max_update_time: opt DateText,
    }
}

input! {
    /// Options of `contacts.iterateIds`.
    pub struct IterateIdsOptions as IterateIdsOptions {
        /// Page size, default 10000 (the whole window in one request).
        size: opt Count,
        /// e.g. `"2018-01-01"`, or a `Date`.
        min_update_time: opt DateText,
        /// e.g. `"2018-02-01"`, or a `Date`.
        max_update_time: opt DateText,
    }
}

input! {
    /// Options of `contacts.groups` (`GET /v2/contacts/{id}/groups`).
    pub struct ContactGroupsOptions as ContactGroupsOptions {
        /// `static` or `dynamic`.
        group_type: opt GroupType,
    }
}

input! {
    /// A page number and size (`contacts.events`).
    pub struct PageOptions as PageOptions {
        /// From 0.
        page: opt Count,
        /// Items per page.
        size: opt Count,
    }
}

input! {
    /// A page size for iterators.
    pub struct SizeOptions as SizeOptions {
        /// Items per page.
        size: opt Count,
    }
}

input! {
    /// Options of `events.list` (`GET /events/lite`).
    pub struct EventListOptions as EventListOptions {
        /// The largest id of the previous page; default 0.
        last_max_id: opt Int,
        /// Events per page.
        size: opt Count,
    }
}

input! {
    /// Options of `events.iterate`.
    pub struct EventIterateOptions as EventIterateOptions {
        /// Start after this event id; default 0.
        from_id: opt Int,
        /// Events per page.
        size: opt Count,
    }
}

input! {
    /// Options of `groups.list` (`GET /v2/groups`): every given filter must match.
    pub struct GroupListOptions as GroupListOptions {
        /// The group id.
        id: opt Id,
        /// Matches in part.
        name: opt Str,
        /// `static` or `dynamic`.
        group_type: opt GroupType,
        /// Minimum last update, e.g. `"2018-01-01"`, or a `Date`.
        last_updated: opt DateText,
        /// WeChat appId.
        ext1: opt Str,
        /// WeChat tag group id.
        ext2: opt Str,
    }
}

input! {
    /// Options of `groups.members` (`GET /v2/groups/{id}/contacts`).
    pub struct GroupMembersOptions as GroupMembersOptions {
        /// Start after this memberId; default 0.
        member_id: opt Int,
        /// At most 500 (the server's default).
        size: opt Count,
    }
}

input! {
    /// Options of `groups.addContacts` / `groups.removeContacts`.
    pub struct MembershipOptions as MembershipOptions {
        /// Ids per request, 1 to 500 (default 500: past its limit the server answers
        /// `400 B00031`).
        chunk_size: opt Count,
    }
}

input! {
    /// Options of `wechat.user` (`GET /v1/wx/{appId}/user`).
    pub struct WechatUserOptions as WechatUserOptions {
        /// The official account's appId.
        app_id: req Str,
        /// The user's unionId.
        union_id: req Str,
    }
}

/// `input` as the JSON view the request builders of [`crate::api`] read.
///
/// ```
/// use linkflow_sdk::{api, model};
/// let input = model::NewChannel { name: "Web".into(), channel_id: None };
/// let req = api::channels::create(&&model::to_json(&input)?)?;
/// assert_eq!(req.body.as_deref(), Some(r#"{"name":"Web"}"#));
/// # Ok::<(), linkflow_sdk::Error>(())
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json<T: Serialize>(input: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(input).map_err(|e| Error::validation(e.to_string()))
}

/// A checked answer ([`crate::api::check::read`]) as its model type, e.g. `Vec<Contact>`.
///
/// ```
/// use linkflow_sdk::{api, model};
/// let req = api::channels::types();
/// let answer = api::check::read(&req, 200, r#"[{"channelType":"UDC","channelTypeName":"自定义"}]"#)?;
/// let types: Vec<model::ChannelTypeInfo> = model::from_answer(&answer)?;
/// assert_eq!(types[0].channel_type, "UDC");
/// # Ok::<(), linkflow_sdk::Error>(())
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn from_answer<T: serde::de::DeserializeOwned>(answer: &serde_json::Value) -> Result<T, Error> {
    let mut w = json::Writer::new();
    w.value(&answer);
    serde_json::from_str(&w.finish()).map_err(|e| Error::new(crate::error::ErrorKind::Decode, e.to_string()))
}
