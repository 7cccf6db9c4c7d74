//! JSON shapes of the guide, written straight from the store (no intermediate `Value`s):
//! camelCase keys in the guide's order, dates as `yyyy-MM-dd HH:mm:ss` (UTC+8).
//!
//! Where the stand-in answers exactly what the SDK's model type holds, it serializes that
//! type (`GroupMember` here; `WechatUser`, `ChannelTypeInfo`, `UserField`,
//! `ContactProperty` in the routes). The views written by hand reproduce what one serde
//! type per shape cannot: the guide's absent-versus-`null` members per endpoint (a
//! created channel has no `status`, a group no `ext1` unless set) and the real server's
//! odd scalars (numeric event attributes), which the SDK's lenient reading is tested on.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::*;
use super::store::Store;
use crate::time::format_cst;

/// A date as the guide writes it.
struct Date(i64);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_cst(self.0))
    }
}

/// `utm` object: all five keys, null when unset.
struct UtmView<'a>(&'a Utm);

impl Serialize for UtmView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        for (k, v) in self.0.pairs() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A contact, as in the guide's contact answers.
pub struct ContactView<'a> {
    /// The store (for `openIds`, `lastSeen`).
    pub store: &'a Store,
    /// The contact.
    pub contact: &'a Contact,
    /// Add `openIds` (the `needOpenId=1` answers and `GET /identifiers`).
    pub open_ids: bool,
    /// Add `lastSeen`, `lastTagged`, `identified` (the `GET /identifiers` answer).
    pub extras: bool,
}

impl<'a> ContactView<'a> {
    /// The plain contact shape.
    pub fn plain(store: &'a Store, contact: &'a Contact) -> Self {
        ContactView { store, contact, open_ids: false, extras: false }
    }
}

struct OpenId<'a>(&'a str, &'a str, &'a str);

impl Serialize for OpenId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("channelId", self.0)?;
        m.serialize_entry("channelName", self.1)?;
        m.serialize_entry("openId", self.2)?;
        m.end()
    }
}

impl Serialize for ContactView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.contact;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("dateCreated", &Date(c.date_created))?;
        m.serialize_entry("lastUpdated", &Date(c.last_updated))?;
        m.serialize_entry("ver", &c.ver)?;
        m.serialize_entry("anonymousId", &c.anonymous_id.as_deref())?;
        for (i, name) in CONTACT_FIELDS.iter().enumerate() {
            m.serialize_entry(name, &c.field(i))?;
        }
        m.serialize_entry("utm", &c.utm.as_deref().map(UtmView))?;
        m.serialize_entry("props", &c.props)?;
        m.serialize_entry("isAnonymous", &c.is_anonymous)?;
        if self.extras {
            m.serialize_entry("lastSeen", &self.store.last_seen(c.id).map(Date))?;
            m.serialize_entry("lastTagged", &Option::<()>::None)?;
            m.serialize_entry("identified", &c.identified.map(Date))?;
        }
        if self.open_ids {
            let ids: Vec<OpenId> = self.store.open_ids(c.id).into_iter().map(|(a, b, o)| OpenId(a, b, o)).collect();
            m.serialize_entry("openIds", &ids)?;
        }
        m.end()
    }
}

/// A channel as `POST /udc` answers it.
pub struct ChannelView<'a>(pub &'a Channel);

impl Serialize for ChannelView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ch = self.0;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("id", &ch.id)?;
        m.serialize_entry("dateCreated", &Date(ch.date_created))?;
        m.serialize_entry("lastUpdated", &Date(ch.last_updated))?;
        m.serialize_entry("channelId", &ch.channel_id)?;
        m.serialize_entry("channelType", &ch.channel_type)?;
        m.serialize_entry("name", &ch.name)?;
        m.end()
    }
}

/// A channel nested in an identity: `{id, channelId, channelType, name, status}`.
struct NestedChannel<'a>(&'a Channel);

impl Serialize for NestedChannel<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ch = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("id", &ch.id)?;
        m.serialize_entry("channelId", &ch.channel_id)?;
        m.serialize_entry("channelType", &ch.channel_type)?;
        m.serialize_entry("name", &ch.name)?;
        m.serialize_entry("status", "ACTIVE")?;
        m.end()
    }
}

/// An identity as `GET /contacts/{id}/identities` answers it.
pub struct IdentityView<'a> {
    /// The store (for the channel).
    pub store: &'a Store,
    /// The identity.
    pub identity: &'a Identity,
}

impl Serialize for IdentityView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.identity;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("dateCreated", &Date(i.date_created))?;
        m.serialize_entry("lastUpdated", &Date(i.last_updated))?;
        m.serialize_entry("ver", &i.ver)?;
        m.serialize_entry("id", &i.id)?;
        m.serialize_entry("contactId", &i.contact_id)?;
        m.serialize_entry("channelId", &i.channel)?;
        if let Some(a) = &i.anonymous_id {
            m.serialize_entry("anonymousId", &**a)?;
        }
        if let Some(c) = self.store.contacts.get(&i.contact_id) {
            if let Some(n) = c.field(1) {
                m.serialize_entry("nickname", n)?;
            }
            if let Some(p) = c.field(F_MOBILE) {
                m.serialize_entry("mobilePhone", p)?;
            }
        }
        m.serialize_entry("isActive", &true)?;
        m.serialize_entry("externalId", &i.external_id)?;
        if let Some(ch) = self.store.channel(i.channel) {
            m.serialize_entry("channel", &NestedChannel(ch))?;
        }
        m.end()
    }
}

/// attr value.
struct AttrView<'a>(&'a Attr);

impl Serialize for AttrView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Attr::Text(t) => s.serialize_str(t),
            Attr::Json(v) => v.serialize(s),
        }
    }
}

const ATTR_KEYS: [&str; 21] = [
    "attr0", "attr1", "attr2", "attr3", "attr4", "attr5", "attr6", "attr7", "attr8", "attr9", "attr10", "attr11", "attr12", "attr13",
    "attr14", "attr15", "attr16", "attr17", "attr18", "attr19", "attr20",
];

/// The `attrN` key for `n` in 1..=20.
pub fn attr_key(n: u8) -> &'static str {
    ATTR_KEYS.get(n as usize).copied().unwrap_or("attr0")
}

/// An event as `GET /contacts/{id}/events` and `GET /events/lite` answer it.
pub struct EventView<'a> {
    /// The store (for the channel).
    pub store: &'a Store,
    /// The event.
    pub event: &'a Event,
}

impl Serialize for EventView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.event;
        let ch = self.store.channel(e.channel);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("dateCreated", &Date(e.date_created))?;
        m.serialize_entry("lastUpdated", &Date(e.date_created))?;
        m.serialize_entry("ver", &1)?;
        m.serialize_entry("id", &e.id)?;
        if let Some(i) = e.contact_identity_id {
            m.serialize_entry("contactIdentityId", &i)?;
        }
        if let Some(a) = &e.anonymous_id {
            m.serialize_entry("anonymousId", &**a)?;
        }
        m.serialize_entry("eventDate", &e.event_date)?;
        m.serialize_entry("channelId", &ch.map(|c| c.channel_id.as_str()))?;
        m.serialize_entry("channelName", &ch.map(|c| c.name.as_str()))?;
        m.serialize_entry("event", &*e.event)?;
        if let Some(sid) = e.session_id {
            m.serialize_entry("sessionId", &sid)?;
        }
        if let Some(sdk) = &e.sdk {
            if let Some(v) = &sdk.sdk_version {
                m.serialize_entry("sdkVersion", v)?;
            }
            m.serialize_entry("sdkType", &sdk.sdk_type)?;
        }
        m.serialize_entry("triggerFlow", &true)?;
        m.serialize_entry("contactId", &e.contact_id)?;
        for (n, v) in e.attrs.iter() {
            m.serialize_entry(attr_key(*n), &AttrView(v))?;
        }
        if let Some(u) = &e.utm {
            m.serialize_entry("utm", &UtmView(u))?;
        }
        if let Some(items) = &e.items {
            m.serialize_entry("items", &**items)?;
        }
        m.end()
    }
}

/// A group: `{lastUpdated, groupType, dateCreated, name, id}` (+ `ext1`/`ext2` when set).
pub struct GroupView<'a>(pub &'a Group);

impl Serialize for GroupView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("lastUpdated", &Date(g.last_updated))?;
        m.serialize_entry("groupType", &g.group_type)?;
        m.serialize_entry("dateCreated", &Date(g.date_created))?;
        m.serialize_entry("name", &g.name)?;
        m.serialize_entry("id", &g.id)?;
        if let Some(e) = &g.ext1 {
            m.serialize_entry("ext1", e)?;
        }
        if let Some(e) = &g.ext2 {
            m.serialize_entry("ext2", e)?;
        }
        m.end()
    }
}

/// A group member row of `GET /v2/groups/{id}/contacts`.
pub struct MemberView<'a> {
    /// The store (for the nested contact).
    pub store: &'a Store,
    /// Group id.
    pub group_id: u64,
    /// memberId.
    pub member_id: u64,
    /// The row.
    pub member: &'a Member,
}

impl Serialize for MemberView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.member;
        let c = self.store.contacts.get(&r.contact_id);
        let field = |i| c.and_then(|c| c.field(i)).map(str::to_owned);
        linkflow_sdk::model::GroupMember {
            member_id: to_i64(self.member_id),
            contact_group_id: Some(to_i64(self.group_id)),
            version: None,
            date_created: Some(format_cst(r.date_created)),
            last_updated: Some(format_cst(r.last_updated)),
            contact: Some(linkflow_sdk::model::MemberContact {
                id: to_i64(r.contact_id),
                name: field(F_NAME),
                mobile_phone: field(F_MOBILE),
                email: field(F_EMAIL),
            }),
        }
        .serialize(s)
    }
}

/// An id as the model's integer (ids stay far below 2^63).
fn to_i64(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}
