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
//!
//! The lists (events, contacts: up to 10,000 items an answer) write each item through one
//! held model value whose members keep their memory from item to item (`EventWriter`,
//! `ContactWriter`, `refill.rs`), straight into one pre-sized buffer: the stand-in is the
//! server of `make bench`, and its time is charged to the SDK there.

use linkflow_sdk::model;
use serde::de::value::MapDeserializer;
use serde::ser::Serializer;
use serde::Deserialize;
use serde::Serialize;

mod event;
mod refill;
mod stored;

pub use event::{attr_key, event_list, EventWriter};
use refill::{set_date, set_props, set_text, set_utm};
use stored::Stored;

use super::model::*;
use super::store::Store;
use crate::time::format_cst;

/// An id as the model's integer (ids stay far below 2^63).
fn to_i64(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// At most this many items of a list are counted in when its buffer is pre-sized: a
/// filtered list's bound may be far above what it holds, and beyond a page of 1,000 the
/// buffer's doubling costs little.
const MAX_PRESIZED_ITEMS: usize = 1_000;

/// Serializes `items` as one JSON array into one buffer, pre-sized for `item_bytes` an
/// item: `write` appends one item's JSON. The event lists write each item from one reused
/// model value (`EventWriter`), so the items cannot be collected first.
pub fn json_array<I: Iterator>(
    items: I,
    item_bytes: usize,
    mut write: impl FnMut(&mut Vec<u8>, I::Item) -> serde_json::Result<()>,
) -> serde_json::Result<Vec<u8>> {
    let (low, high) = items.size_hint();
    let mut buf = Vec::with_capacity(2 + high.unwrap_or(low).min(MAX_PRESIZED_ITEMS) * item_bytes);
    buf.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write(&mut buf, item)?;
    }
    buf.push(b']');
    Ok(buf)
}

/// A stored time as the guide writes it.
fn date(ms: i64) -> Option<String> {
    Some(format_cst(ms))
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
        let mut out = self.profile();
        self.fill(&mut out);
        out
    }

    /// The id and the profile fields. The store keeps the profile by the fields' JSON names
    /// (`CONTACT_FIELDS`): serde puts each into the model's member of that name, read
    /// straight from the store; every other member is `None`.
    fn profile(&self) -> model::Contact {
        let c = self.contact;
        let profile = CONTACT_FIELDS.iter().enumerate().filter_map(|(i, name)| c.field(i).map(|v| (*name, Stored::Text(v))));
        let members = MapDeserializer::new(std::iter::once(("id", Stored::Id(c.id))).chain(profile));
        // Cannot fail: every member is a string or the id (tests/answers.rs would see it).
        model::Contact::deserialize(members).unwrap_or_default()
    }

    /// Every member the stand-in answers beyond the profile, each assigned on every call
    /// over whatever `out` held (a [`ContactWriter`]'s previous contact).
    fn fill(&self, out: &mut model::Contact) {
        let c = self.contact;
        set_date(&mut out.date_created, Some(c.date_created));
        set_date(&mut out.last_updated, Some(c.last_updated));
        out.ver = Some(to_i64(c.ver));
        set_text(&mut out.anonymous_id, c.anonymous_id.as_deref());
        set_utm(&mut out.utm, c.utm.as_deref());
        set_props(&mut out.props, &c.props);
        out.is_anonymous = Some(c.is_anonymous);
        // Asked only for the extras: `last_seen` looks through the contact's events.
        set_date(&mut out.last_seen, if self.extras { self.store.last_seen(c.id) } else { None });
        set_date(&mut out.identified, c.identified.filter(|_| self.extras));
        out.open_ids = self.open_ids.then(|| {
            let open_id = |(channel_id, channel_name, open_id): (&str, &str, &str)| model::OpenId {
                channel_id: Some(channel_id.to_owned()),
                channel_name: Some(channel_name.to_owned()),
                open_id: Some(open_id.to_owned()),
            };
            self.store.open_ids(c.id).into_iter().map(open_id).collect()
        });
    }
}

/// Writes contact answers one at a time, reusing from contact to contact the memory of
/// the members [`ContactView`] fills itself (dates, `anonymousId`, `utm`, `props`): a list
/// of 1,000 contacts then allocates for the profile strings only.
#[derive(Default)]
pub struct ContactWriter {
    held: model::Contact,
}

impl ContactWriter {
    /// Appends `view`'s answer to `buf`.
    pub fn write(&mut self, buf: &mut Vec<u8>, view: &ContactView) -> serde_json::Result<()> {
        let mut out = view.profile();
        self.trade(&mut out);
        view.fill(&mut out);
        let written = serde_json::to_writer(buf, &out);
        self.trade(&mut out);
        written
    }

    /// Swaps the members `fill` refills between `out` and the held value.
    fn trade(&mut self, out: &mut model::Contact) {
        let held = &mut self.held;
        std::mem::swap(&mut out.date_created, &mut held.date_created);
        std::mem::swap(&mut out.last_updated, &mut held.last_updated);
        std::mem::swap(&mut out.anonymous_id, &mut held.anonymous_id);
        std::mem::swap(&mut out.utm, &mut held.utm);
        std::mem::swap(&mut out.props, &mut held.props);
        std::mem::swap(&mut out.last_seen, &mut held.last_seen);
        std::mem::swap(&mut out.identified, &mut held.identified);
    }
}

impl Serialize for ContactView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.answer().serialize(s)
    }
}

/// What one seeded contact's answer weighs, about (pre-sizes a list's buffer).
const CONTACT_BYTES: usize = 1024;

/// The JSON array of `contacts`, each written through one [`ContactWriter`] straight into
/// the answer's buffer.
pub fn contact_list<'a>(contacts: impl Iterator<Item = ContactView<'a>>) -> serde_json::Result<Vec<u8>> {
    let mut writer = ContactWriter::default();
    json_array(contacts, CONTACT_BYTES, |buf, c| writer.write(buf, &c))
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

    /// A reused writer answers every contact as a fresh one would, whatever it wrote before:
    /// seeded contacts (with and without `utm`, some with a WeChat openId) and a blank one.
    #[test]
    fn a_reused_contact_writer_answers_like_a_fresh_one() {
        let mut store = crate::seed::build(12, 1);
        store.new_contact(0);
        let flags = [(false, false), (true, true), (false, true)];
        let views: Vec<ContactView> = flags
            .iter()
            .flat_map(|&(open_ids, extras)| store.contacts.values().map(move |contact| (contact, open_ids, extras)))
            .map(|(contact, open_ids, extras)| ContactView { store: &store, contact, open_ids, extras })
            .collect();
        let mut reused = ContactWriter::default();
        // Every answer right after every other one.
        for before in &views {
            for view in &views {
                let (mut got, mut fresh) = (Vec::new(), Vec::new());
                reused.write(&mut Vec::new(), before).unwrap();
                reused.write(&mut got, view).unwrap();
                ContactWriter::default().write(&mut fresh, view).unwrap();
                assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(fresh.clone()).unwrap(), "contact {}", view.contact.id);
                assert_eq!(fresh, serde_json::to_vec(view).unwrap(), "the list answers a contact as the single answer does");
            }
        }
    }

    /// Each stored field lands in the model's member of its name, the id in `id`.
    #[test]
    fn every_stored_contact_field_is_answered_in_its_member() {
        let mut store = Store::new();
        let id = store.new_contact(0);
        let contact = store.contacts.get_mut(&id).unwrap();
        for (i, name) in CONTACT_FIELDS.iter().enumerate() {
            contact.fields[i] = Some(format!("the {name}").into());
        }
        let answer = serde_json::to_value(ContactView::plain(&store, &store.contacts[&id])).unwrap();
        assert_eq!(answer["id"], id);
        for name in CONTACT_FIELDS {
            assert_eq!(answer[name], format!("the {name}"), "{name}");
        }
    }
}
