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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Props, Utm};
#[cfg(not(target_arch = "wasm32"))]
use crate::{error::Error, json};

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

/// Contact fields that `identify` and `update` write; each may be cleared with `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactFields {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub name: Patch<String>,
    /// Nickname.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub nickname: Patch<String>,
    /// `male`, `female` or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub gender: Patch<String>,
    /// Birthday, `yyyy-MM-dd HH:mm:ss`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub date_of_birthday: Patch<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub avatar: Patch<String>,
    /// Mobile phone number.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub mobile_phone: Patch<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub email: Patch<String>,
    /// User name.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub user_name: Patch<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub country: Patch<String>,
    /// Province.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub state: Patch<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub city: Patch<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub street: Patch<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub postal_code: Patch<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub title: Patch<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub company: Patch<String>,
    /// Industry.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub industry: Patch<String>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub department: Patch<String>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub comments: Patch<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub website: Patch<String>,
    /// Identity card number.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub id_card: Patch<String>,
    /// Custom fields by alias; a `null` value clears that field.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "patch")]
    pub props: Patch<Props>,
}

/// The channel of `identify`: where `externalId` is known.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifyChannel {
    /// The channel's unique id.
    pub channel_id: String,
    /// The channel's name; updated when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The WeChat account of `identify`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeChatInfo {
    /// The official account's appid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// The official account's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// The WeChat user's openId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_id: Option<String>,
}

/// Body of `POST /identifiers` (`contacts.identify`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifyInput {
    /// The person's unique id in your system.
    pub external_id: String,
    /// The channel on which `external_id` is known.
    pub channel: IdentifyChannel,
    /// The WeChat account, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub we_chat_info: Option<WeChatInfo>,
    /// The contact fields to write.
    #[serde(flatten)]
    pub fields: ContactFields,
}

/// Body of `PUT /v2/contacts/{id}` (`contacts.update`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateContact {
    /// Must equal the id of the path when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The contact fields to write.
    #[serde(flatten)]
    pub fields: ContactFields,
}

/// A sub-event of [`NewEvent::items`]: its code and attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEventItem {
    /// The sub-event's code.
    pub event: String,
    /// `attr1`..`attr20` by name.
    #[serde(flatten)]
    pub attrs: BTreeMap<String, String>,
}

/// Body of `POST /ude` (`events.create`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEvent {
    /// The event code (visible where the custom event is defined).
    pub event: String,
    /// The channel id, usually the site's root domain.
    pub channel_id: String,
    /// The person's unique id in your system.
    pub external_id: String,
    /// The channel type; the server's default is `UDC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    /// When it happened, in milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<i64>,
    /// Sub-events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<NewEventItem>>,
    /// `utm` parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<Utm>,
    /// `attr1`..`attr20` by name (what the event's definition names them).
    #[serde(flatten)]
    pub attrs: BTreeMap<String, String>,
}

/// Body of `POST /udc` (`channels.create`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewChannel {
    /// The channel's name.
    pub name: String,
    /// Generated by the server when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
}

/// Body of `POST /v2/groups` (`groups.create`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewGroup {
    /// The group's name.
    pub name: String,
    /// Only `static` (the default) is allowed by the guide for now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    /// WeChat appId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext1: Option<String>,
    /// WeChat tag group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext2: Option<String>,
}

/// Declares an option struct: every field optional and left out when `None`.
macro_rules! options {
    ($($(#[doc = $doc:literal])* pub struct $name:ident { $( $(#[doc = $fdoc:literal])* $field:ident : $ty:ty ),* $(,)? })*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct $name {
                $( $(#[doc = $fdoc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>, )*
            }
        )*
    };
}

options! {
    /// Query of `GET /contacts` (`contacts.list`, `contacts.iterate`).
    pub struct ContactListOptions {
        /// From 0.
        page: u32,
        /// Server default 200.
        size: u32,
        /// Only contacts of this group.
        group_id: i64,
        /// Search text.
        search: String,
    }

    /// Query of `GET /identifiers` (`contacts.getByExternalId`); `external_id` and
    /// `channel_id` are required.
    pub struct GetByExternalIdOptions {
        /// The person's unique id in your system.
        external_id: String,
        /// The channel's unique id.
        channel_id: String,
        /// Server default `UDC`.
        channel_type: String,
    }

    /// Query of `GET /v2/contacts` (`contacts.find`): `email` or `mobile_phone` is required.
    pub struct FindContactsOptions {
        /// Email address.
        email: String,
        /// Mobile phone number.
        mobile_phone: String,
        /// Adds each contact's `openIds`.
        need_open_id: bool,
    }

    /// Options of `GET /v2/contacts_bulk` (`contacts.getMany`).
    pub struct GetManyOptions {
        /// Adds each contact's `openIds`.
        need_open_id: bool,
    }

    /// Query of `GET /v2/contacts_bulk/ids` (`contacts.listIds`): `page` and `size` are
    /// required, `page * size <= 10000` (the guide's rule, page from 0).
    pub struct ListIdsOptions {
        /// From 0.
        page: u32,
        /// Ids per page.
        size: u32,
        /// e.g. `2018-01-01`.
        min_update_time: String,
        /// e.g. `2018-02-01`.
        max_update_time: String,
    }

    /// Query of `GET /v2/contacts/{id}/groups` (`contacts.groups`).
    pub struct ContactGroupsOptions {
        /// `static` or `dynamic`.
        group_type: String,
    }

    /// A page number and size (`contacts.events`).
    pub struct PageOptions {
        /// From 0.
        page: u32,
        /// Items per page.
        size: u32,
    }

    /// Query of `GET /events/lite` (`events.list`).
    pub struct EventListOptions {
        /// The largest id of the previous page; default 0.
        last_max_id: i64,
        /// Events per page.
        size: u32,
    }

    /// Query of `GET /v2/groups` (`groups.list`): every given filter must match.
    pub struct GroupListOptions {
        /// The group id.
        id: i64,
        /// Matches in part.
        name: String,
        /// `static` or `dynamic`.
        group_type: String,
        /// Minimum last update, e.g. `2018-01-01`.
        last_updated: String,
        /// WeChat appId.
        ext1: String,
        /// WeChat tag group id.
        ext2: String,
    }

    /// Query of `GET /v2/groups/{id}/contacts` (`groups.members`).
    pub struct GroupMembersOptions {
        /// Start after this memberId; default 0.
        member_id: i64,
        /// At most 500.
        size: u32,
    }

    /// Options of `groups.addContacts` / `groups.removeContacts`.
    pub struct MembershipOptions {
        /// Ids per request, 1 to 500 (default 500).
        chunk_size: u32,
    }

    /// Query of `GET /v1/wx/{appId}/user` (`wechat.user`): both are required.
    pub struct WechatUserOptions {
        /// The official account's appId.
        app_id: String,
        /// The user's unionId.
        union_id: String,
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
