//! The stored entities: contacts, identities, channels, events, groups.
//!
//! Times are epoch milliseconds; they are shown as `yyyy-MM-dd HH:mm:ss` (UTC+8) by
//! `views.rs`. Strings shared by many rows (event names, seeded titles, anonymous ids)
//! are `Arc<str>` so that a million seeded events stay small.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{Map, Value};

/// The contact's plain string fields, in the guide's order. Index constants below.
pub const CONTACT_FIELDS: [&str; 22] = [
    "name",
    "nickname",
    "gender",
    "dateOfBirthday",
    "avatar",
    "profilePhoto",
    "mobilePhone",
    "homePhone",
    "email",
    "country",
    "state",
    "street",
    "city",
    "postalCode",
    "comments",
    "userName",
    "title",
    "website",
    "company",
    "industry",
    "department",
    "idCard",
];
/// Index of `name` in [`CONTACT_FIELDS`].
pub const F_NAME: usize = 0;
/// Index of `nickname` in [`CONTACT_FIELDS`].
pub const F_NICKNAME: usize = 1;
/// Index of `gender` in [`CONTACT_FIELDS`].
pub const F_GENDER: usize = 2;
/// Index of `mobilePhone` in [`CONTACT_FIELDS`].
pub const F_MOBILE: usize = 6;
/// Index of `email` in [`CONTACT_FIELDS`].
pub const F_EMAIL: usize = 8;

/// The five `utm` parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Utm {
    /// utm_source
    pub source: Option<String>,
    /// utm_campaign
    pub campaign: Option<String>,
    /// utm_medium
    pub medium: Option<String>,
    /// utm_content
    pub content: Option<String>,
    /// utm_term
    pub term: Option<String>,
}

impl Utm {
    /// Reads a JSON object `{source, campaign, medium, content, term}`; `None` when not an
    /// object or when every key is missing.
    pub fn from_json(v: &Value) -> Option<Utm> {
        let o = v.as_object()?;
        let s = |k: &str| o.get(k).and_then(scalar_string);
        let utm = Utm { source: s("source"), campaign: s("campaign"), medium: s("medium"), content: s("content"), term: s("term") };
        if utm == Utm::default() {
            None
        } else {
            Some(utm)
        }
    }

    /// The parameters as `(name, value)` pairs.
    pub fn pairs(&self) -> [(&'static str, &Option<String>); 5] {
        [("source", &self.source), ("campaign", &self.campaign), ("medium", &self.medium), ("content", &self.content), ("term", &self.term)]
    }
}

/// A JSON scalar as a string (`"a"` → `a`, `1` → `1`, `true` → `true`); `None` for null,
/// arrays and objects.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A Linkflow contact.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Contact id.
    pub id: u64,
    /// Creation time (epoch ms).
    pub date_created: i64,
    /// Last change (epoch ms).
    pub last_updated: i64,
    /// Version, bumped on every change.
    pub ver: u64,
    /// Anonymous (browser) id tied to this contact, if any.
    pub anonymous_id: Option<Arc<str>>,
    /// The plain string fields, indexed like [`CONTACT_FIELDS`].
    pub fields: [Option<Box<str>>; 22],
    /// utm parameters of the first visit.
    pub utm: Option<Arc<Utm>>,
    /// Custom fields keyed by alias (`attr1`, ...).
    pub props: Map<String, Value>,
    /// True for a visitor known only by an anonymous id.
    pub is_anonymous: bool,
    /// When the contact was first identified (epoch ms).
    pub identified: Option<i64>,
    /// Ids of this contact's identities.
    pub identities: Vec<u64>,
}

impl Contact {
    /// A blank contact.
    pub fn new(id: u64, now: i64) -> Self {
        let mut fields: [Option<Box<str>>; 22] = Default::default();
        fields[F_GENDER] = Some("unknown".into());
        Contact {
            id,
            date_created: now,
            last_updated: now,
            ver: 1,
            anonymous_id: None,
            fields,
            utm: None,
            props: Map::new(),
            is_anonymous: false,
            identified: None,
            identities: Vec::new(),
        }
    }

    /// A string field by index.
    pub fn field(&self, i: usize) -> Option<&str> {
        self.fields[i].as_deref()
    }
}

/// A channel (an app: a website, a WeChat account, a UDC...). Keyed by
/// (channelType, channelId).
#[derive(Debug, Clone)]
pub struct Channel {
    /// Numeric id (the identities' `channelId`).
    pub id: u64,
    /// The channel's own id, e.g. `example.com`, `wx1f7fbd28ac009cd0`, `udc_15PycxODaN`.
    pub channel_id: String,
    /// One of the guide's channel types, e.g. `UDC`, `WECHAT`.
    pub channel_type: String,
    /// Display name.
    pub name: String,
    /// Creation time.
    pub date_created: i64,
    /// Last change.
    pub last_updated: i64,
}

/// A contact's account on one channel, keyed by (channel, externalId).
#[derive(Debug, Clone)]
pub struct Identity {
    /// Identity id.
    pub id: u64,
    /// Owning contact.
    pub contact_id: u64,
    /// Numeric channel id.
    pub channel: u64,
    /// The account id on that channel (for WeChat: the openId).
    pub external_id: String,
    /// Browser anonymous id seen with this identity.
    pub anonymous_id: Option<Arc<str>>,
    /// WeChat unionId, for WECHAT identities.
    pub union_id: Option<String>,
    /// Creation time.
    pub date_created: i64,
    /// Last change.
    pub last_updated: i64,
    /// Version.
    pub ver: u64,
}

/// An event attribute value: shared text (seeds) or any JSON value (API callers).
#[derive(Debug, Clone)]
pub enum Attr {
    /// Text, possibly shared between events.
    Text(Arc<str>),
    /// A value exactly as a caller sent it.
    Json(Box<Value>),
}

/// The SDK that produced an event.
#[derive(Debug, Clone)]
pub struct Sdk {
    /// e.g. `JS SDK`.
    pub sdk_type: String,
    /// e.g. `1.0.0`.
    pub sdk_version: Option<String>,
}

/// One event. Event ids are dense: event `id` lives at index `id - 1`.
#[derive(Debug, Clone)]
pub struct Event {
    /// Event id (ascending in arrival order).
    pub id: u64,
    /// Owning contact (changes when an anonymous contact is merged).
    pub contact_id: u64,
    /// The identity it came through, if known.
    pub contact_identity_id: Option<u64>,
    /// Event code, e.g. `WEBSITE__PAGE_VIEW`, `UDE_ORDER`.
    pub event: Arc<str>,
    /// Numeric channel id.
    pub channel: u64,
    /// When it happened (epoch ms), as sent.
    pub event_date: i64,
    /// When it was stored (epoch ms).
    pub date_created: i64,
    /// Browser anonymous id.
    pub anonymous_id: Option<Arc<str>>,
    /// Producing SDK.
    pub sdk: Option<Arc<Sdk>>,
    /// `attr1..attr20` present on the event, as (n, value).
    pub attrs: Box<[(u8, Attr)]>,
    /// utm parameters.
    pub utm: Option<Arc<Utm>>,
    /// Sub-events of a UDE (`items`), as sent.
    pub items: Option<Box<Value>>,
    /// The tracker session it was recorded in (`session_id`, epoch ms of the session's start).
    pub session_id: Option<i64>,
}

/// A group member row.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member contact.
    pub contact_id: u64,
    /// When added.
    pub date_created: i64,
    /// Last change.
    pub last_updated: i64,
}

/// A contact group (标签组).
#[derive(Debug, Clone)]
pub struct Group {
    /// Group id.
    pub id: u64,
    /// Unique name.
    pub name: String,
    /// `static` or `dynamic`.
    pub group_type: String,
    /// WeChat appId.
    pub ext1: Option<String>,
    /// WeChat tag id.
    pub ext2: Option<String>,
    /// Creation time.
    pub date_created: i64,
    /// Last change (membership changes count).
    pub last_updated: i64,
    /// Members by memberId (ascending: the `memberId` cursor).
    pub members: BTreeMap<u64, Member>,
    /// memberId by contact id.
    pub by_contact: HashMap<u64, u64>,
}
