//! The guide's answers, built from the store as the SDK's model types
//! (`linkflow_sdk::model`) and serialized with serde: a field added to a model type is
//! answered by the stand-in once the store knows it, with no other edit here. Dates are
//! `yyyy-MM-dd HH:mm:ss` (UTC+8); a member the store does not know (`None`) is left out.
//!
//! Deliberate deviations, kept raw on purpose (the SDK's lenient reading is tested on
//! them, see tests/faults/decode.test.mjs and the answers of `POST /ude`): an event's
//! attribute that a caller sent as a number or boolean is answered as sent (the real
//! server's odd scalars), an event's `items` as sent, and the tracker's `sessionId` (no
//! guide field). Everything else of every answer is a model type.

use linkflow_sdk::model;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::model::*;
use super::store::Store;
use crate::time::format_cst;

/// An id as the model's integer (ids stay far below 2^63).
fn to_i64(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// A stored time as the guide writes it.
fn date(ms: i64) -> Option<String> {
    Some(format_cst(ms))
}

/// The store's `utm` as the model's: all five keys, `null` when unset.
fn utm(u: &Utm) -> model::Utm {
    u.pairs().into_iter().map(|(k, v)| (k.to_owned(), v.clone())).collect()
}

/// A contact, as in the guide's contact answers.
pub struct ContactView<'a> {
    /// The store (for `openIds`, `lastSeen`).
    pub store: &'a Store,
    /// The contact.
    pub contact: &'a Contact,
    /// Add `openIds` (the `needOpenId=1` answers and `GET /identifiers`).
    pub open_ids: bool,
    /// Add `lastSeen`, `identified` (the `GET /identifiers` answer).
    pub extras: bool,
}

impl<'a> ContactView<'a> {
    /// The plain contact shape.
    pub fn plain(store: &'a Store, contact: &'a Contact) -> Self {
        ContactView { store, contact, open_ids: false, extras: false }
    }

    /// The contact as the model's type.
    pub fn answer(&self) -> model::Contact {
        let c = self.contact;
        // The store keeps the profile fields by their JSON name (`CONTACT_FIELDS`): serde
        // puts each into the model's member of that name.
        let mut profile: Map<String, Value> =
            CONTACT_FIELDS.iter().enumerate().filter_map(|(i, name)| c.field(i).map(|v| ((*name).to_owned(), Value::from(v)))).collect();
        profile.insert("id".to_owned(), Value::from(c.id));
        // Cannot fail: every member is a string or the id (tests/answers.rs would see it).
        let mut out: model::Contact = serde_json::from_value(Value::Object(profile)).unwrap_or_default();
        out.date_created = date(c.date_created);
        out.last_updated = date(c.last_updated);
        out.ver = Some(to_i64(c.ver));
        out.anonymous_id = c.anonymous_id.as_deref().map(str::to_owned);
        out.utm = c.utm.as_deref().map(utm);
        out.props = Some(c.props.clone());
        out.is_anonymous = Some(c.is_anonymous);
        if self.extras {
            out.last_seen = self.store.last_seen(c.id).and_then(date);
            out.identified = c.identified.and_then(date);
        }
        if self.open_ids {
            let open_id = |(channel_id, channel_name, open_id): (&str, &str, &str)| model::OpenId {
                channel_id: Some(channel_id.to_owned()),
                channel_name: Some(channel_name.to_owned()),
                open_id: Some(open_id.to_owned()),
            };
            out.open_ids = Some(self.store.open_ids(c.id).into_iter().map(open_id).collect());
        }
        out
    }
}

impl Serialize for ContactView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.answer().serialize(s)
    }
}

/// A channel as `POST /udc` answers it (no `status`).
pub struct ChannelView<'a>(pub &'a Channel);

impl ChannelView<'_> {
    /// The channel as the model's type.
    pub fn answer(&self) -> model::Channel {
        let ch = self.0;
        model::Channel {
            id: to_i64(ch.id),
            date_created: date(ch.date_created),
            last_updated: date(ch.last_updated),
            channel_id: Some(ch.channel_id.clone()),
            channel_type: Some(ch.channel_type.clone()),
            name: Some(ch.name.clone()),
            status: None,
        }
    }
}

impl Serialize for ChannelView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.answer().serialize(s)
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
        let contact = self.store.contacts.get(&i.contact_id);
        let field = |f| contact.and_then(|c| c.field(f)).map(str::to_owned);
        // The nested channel of the guide: `{id, channelId, channelType, name, status}`.
        let channel = self.store.channel(i.channel).map(|ch| model::Channel {
            date_created: None,
            last_updated: None,
            status: Some("ACTIVE".to_owned()),
            ..ChannelView(ch).answer()
        });
        model::ContactIdentity {
            date_created: date(i.date_created),
            last_updated: date(i.last_updated),
            ver: Some(to_i64(i.ver)),
            id: to_i64(i.id),
            contact_id: Some(to_i64(i.contact_id)),
            channel_id: Some(to_i64(i.channel)),
            anonymous_id: i.anonymous_id.as_deref().map(str::to_owned),
            nickname: field(F_NICKNAME),
            mobile_phone: field(F_MOBILE),
            is_active: Some(true),
            external_id: Some(i.external_id.clone()),
            channel,
        }
        .serialize(s)
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

/// An event as `POST /ude`, `GET /contacts/{id}/events` and `GET /events/lite` answer it:
/// the model's `Event` plus the members served raw (see the module).
#[derive(Serialize)]
pub struct EventView<'a> {
    #[serde(flatten)]
    event: model::Event,
    #[serde(flatten)]
    raw: RawEventMembers<'a>,
}

impl<'a> EventView<'a> {
    /// The stored event `e`, as the event lists answer it.
    pub fn new(store: &'a Store, e: &'a Event) -> Self {
        Self::build(store, e, false)
    }

    /// The stored event `e`, as `POST /ude` answers it: with the `externalId` and
    /// `channelType` it was sent with (the guide's echo; the lists leave them out).
    pub fn created(store: &'a Store, e: &'a Event) -> Self {
        Self::build(store, e, true)
    }

    fn build(store: &'a Store, e: &'a Event, echo: bool) -> Self {
        let ch = store.channel(e.channel);
        let identity = e.contact_identity_id.and_then(|i| store.identity(i));
        let mut event = model::Event {
            id: to_i64(e.id),
            date_created: date(e.date_created),
            last_updated: date(e.date_created),
            ver: Some(1),
            event: e.event.to_string(),
            event_date: Some(e.event_date),
            external_id: identity.filter(|_| echo).map(|i| i.external_id.clone()),
            channel_id: ch.map(|c| c.channel_id.clone()),
            channel_type: ch.filter(|_| echo).map(|c| c.channel_type.clone()),
            channel_name: ch.map(|c| c.name.clone()),
            contact_id: Some(to_i64(e.contact_id)),
            contact_identity_id: e.contact_identity_id.map(to_i64),
            anonymous_id: e.anonymous_id.as_deref().map(str::to_owned),
            sdk_version: e.sdk.as_ref().and_then(|s| s.sdk_version.clone()),
            sdk_type: e.sdk.as_ref().map(|s| s.sdk_type.clone()),
            trigger_flow: Some(true),
            utm: e.utm.as_deref().map(utm),
            ..model::Event::default()
        };
        let mut attrs = Vec::new();
        for (n, v) in e.attrs.iter() {
            let text = match v {
                Attr::Text(t) => Some(t.to_string()),
                Attr::Json(v) => v.as_str().map(str::to_owned),
            };
            match (text, v) {
                (Some(t), _) => set_attr(&mut event, *n, t),
                (None, Attr::Json(raw)) => attrs.push((*n, &**raw)),
                (None, Attr::Text(_)) => {}
            }
        }
        EventView { event, raw: RawEventMembers { attrs, items: e.items.as_deref(), session_id: e.session_id } }
    }
}

/// Sets `attr{n}` of an event.
fn set_attr(e: &mut model::Event, n: u8, text: String) {
    let slot = match n {
        1 => &mut e.attr1,
        2 => &mut e.attr2,
        3 => &mut e.attr3,
        4 => &mut e.attr4,
        5 => &mut e.attr5,
        6 => &mut e.attr6,
        7 => &mut e.attr7,
        8 => &mut e.attr8,
        9 => &mut e.attr9,
        10 => &mut e.attr10,
        11 => &mut e.attr11,
        12 => &mut e.attr12,
        13 => &mut e.attr13,
        14 => &mut e.attr14,
        15 => &mut e.attr15,
        16 => &mut e.attr16,
        17 => &mut e.attr17,
        18 => &mut e.attr18,
        19 => &mut e.attr19,
        20 => &mut e.attr20,
        _ => return,
    };
    *slot = Some(text);
}

/// The deliberate deviations of an event answer (see the module): attributes that are
/// not strings, `items`, `sessionId`, each as stored.
struct RawEventMembers<'a> {
    attrs: Vec<(u8, &'a Value)>,
    items: Option<&'a Value>,
    session_id: Option<i64>,
}

impl Serialize for RawEventMembers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (n, v) in &self.attrs {
            m.serialize_entry(attr_key(*n), v)?;
        }
        if let Some(items) = self.items {
            m.serialize_entry("items", items)?;
        }
        if let Some(sid) = self.session_id {
            m.serialize_entry("sessionId", &sid)?;
        }
        m.end()
    }
}

/// A group as the model's type (`ext1`/`ext2` only when set).
pub fn group(g: &Group) -> model::Group {
    model::Group {
        id: to_i64(g.id),
        name: Some(g.name.clone()),
        group_type: Some(g.group_type.clone()),
        date_created: date(g.date_created),
        last_updated: date(g.last_updated),
        ext1: g.ext1.clone(),
        ext2: g.ext2.clone(),
    }
}

/// A group member row of `GET /v2/groups/{id}/contacts`.
pub fn member(store: &Store, group_id: u64, member_id: u64, r: &Member) -> model::GroupMember {
    let c = store.contacts.get(&r.contact_id);
    let field = |i| c.and_then(|c| c.field(i)).map(str::to_owned);
    model::GroupMember {
        member_id: to_i64(member_id),
        contact_group_id: Some(to_i64(group_id)),
        version: None,
        date_created: date(r.date_created),
        last_updated: date(r.last_updated),
        contact: Some(model::MemberContact {
            id: to_i64(r.contact_id),
            name: field(F_NAME),
            mobile_phone: field(F_MOBILE),
            email: field(F_EMAIL),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store keeps the profile fields by name: each must be a member of the model's
    /// `Contact`, or serde would drop it from every contact answer without a word.
    #[test]
    fn every_stored_contact_field_is_a_model_member() {
        let model::Ty::Object(members) = model::Contact::TY else { panic!("Contact is an object") };
        for name in CONTACT_FIELDS {
            assert!(members.iter().any(|(m, _)| *m == name), "{name} is not a member of model::Contact");
        }
    }
}
