//! The in-memory store and its operations. Lives behind one `Mutex` in [`super::AppState`];
//! nothing here awaits or panics on caller input.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::model::*;
use crate::error::ApiError;

/// The channel type the guide defaults to (user-defined channel).
pub const UDC: &str = "UDC";
/// The WeChat channel type.
pub const WECHAT: &str = "WECHAT";

/// All stored data.
#[derive(Debug, Default)]
pub struct Store {
    /// Contacts by id (ascending ids: list and `contacts_bulk/ids` order).
    pub contacts: BTreeMap<u64, Contact>,
    /// Next contact id.
    pub next_contact_id: u64,
    /// Channels; channel `id` is at index `id - 1`.
    pub channels: Vec<Channel>,
    /// (channelType, channelId) → channel id.
    pub channel_index: HashMap<(String, String), u64>,
    /// Identities; identity `id` is at index `id - 1`.
    pub identities: Vec<Identity>,
    /// (channel id, externalId) → identity id.
    pub identity_index: HashMap<(u64, String), u64>,
    /// Events; event `id` is at index `id - 1`.
    pub events: Vec<Event>,
    /// contact id → its event ids, ascending.
    pub contact_events: HashMap<u64, Vec<u64>>,
    /// Groups by id.
    pub groups: BTreeMap<u64, Group>,
    /// Next group id.
    pub next_group_id: u64,
    /// Next group member id (global, ascending).
    pub next_member_id: u64,
    /// Browser anonymous id → the contact its events go to.
    pub anon_index: HashMap<Arc<str>, u64>,
    /// Collector message ids already accepted (dedupe).
    pub seen_messages: HashSet<String>,
    /// State of the generator for UDC channel ids.
    rng: u64,
}

/// Checks the contact fields of a JSON object before any change is made: plain fields must
/// be scalars or null, `props` and `utm` objects or null. 400 `B00400` otherwise.
pub fn check_fields(obj: &Map<String, Value>) -> Result<(), ApiError> {
    for name in CONTACT_FIELDS {
        if let Some(v) = obj.get(name) {
            if v.is_array() || v.is_object() {
                return Err(ApiError::bad_request(format!("field {name} must be a string")));
            }
        }
    }
    for name in ["props", "utm"] {
        if let Some(v) = obj.get(name) {
            if !(v.is_null() || v.is_object()) {
                return Err(ApiError::bad_request(format!("field {name} must be an object")));
            }
        }
    }
    Ok(())
}

/// Merges the contact fields of `obj` into `c` (call [`check_fields`] first). A plain field
/// set to null is cleared; `props` merge key by key (null removes the key); `utm` merges
/// per parameter. Other keys are ignored. Returns true when something was given.
pub fn apply_fields(c: &mut Contact, obj: &Map<String, Value>) -> bool {
    let mut touched = false;
    for (i, name) in CONTACT_FIELDS.iter().enumerate() {
        if let Some(v) = obj.get(*name) {
            c.fields[i] = scalar_string(v).map(String::into_boxed_str);
            touched = true;
        }
    }
    if let Some(Value::Object(p)) = obj.get("props") {
        for (k, v) in p {
            if v.is_null() {
                c.props.remove(k);
            } else {
                c.props.insert(k.clone(), v.clone());
            }
        }
        touched = true;
    }
    if let Some(Value::Object(u)) = obj.get("utm") {
        let mut utm = c.utm.as_deref().cloned().unwrap_or_default();
        for (k, slot) in [
            ("source", &mut utm.source),
            ("campaign", &mut utm.campaign),
            ("medium", &mut utm.medium),
            ("content", &mut utm.content),
            ("term", &mut utm.term),
        ] {
            if let Some(v) = u.get(k) {
                *slot = scalar_string(v);
            }
        }
        c.utm = if utm == Utm::default() { None } else { Some(Arc::new(utm)) };
        touched = true;
    }
    touched
}

/// A new event, before it gets its id.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Owning contact.
    pub contact_id: u64,
    /// Identity it came through.
    pub contact_identity_id: Option<u64>,
    /// Event code.
    pub event: Arc<str>,
    /// Numeric channel id.
    pub channel: u64,
    /// When it happened (epoch ms).
    pub event_date: i64,
    /// When stored (epoch ms).
    pub date_created: i64,
    /// Browser anonymous id.
    pub anonymous_id: Option<Arc<str>>,
    /// Producing SDK.
    pub sdk: Option<Arc<Sdk>>,
    /// attrN values.
    pub attrs: Vec<(u8, Attr)>,
    /// utm parameters.
    pub utm: Option<Arc<Utm>>,
    /// UDE sub-events.
    pub items: Option<Box<Value>>,
    /// The tracker's session (epoch ms of its start), for collected events.
    pub session_id: Option<i64>,
}

impl Store {
    /// An empty store (no contacts, no channels).
    pub fn new() -> Self {
        Store { next_contact_id: 1, next_group_id: 1, next_member_id: 1, rng: 0x5eed_1ce3_2287_8aa8, ..Default::default() }
    }

    /// A channel by numeric id.
    pub fn channel(&self, id: u64) -> Option<&Channel> {
        self.channels.get((id as usize).wrapping_sub(1))
    }

    /// An identity by id.
    pub fn identity(&self, id: u64) -> Option<&Identity> {
        self.identities.get((id as usize).wrapping_sub(1))
    }

    fn identity_mut(&mut self, id: u64) -> Option<&mut Identity> {
        self.identities.get_mut((id as usize).wrapping_sub(1))
    }

    /// An event by id.
    pub fn event(&self, id: u64) -> Option<&Event> {
        self.events.get((id as usize).wrapping_sub(1))
    }

    /// The channel (channelType, channelId), if it exists.
    pub fn find_channel(&self, channel_type: &str, channel_id: &str) -> Option<u64> {
        self.channel_index.get(&(channel_type.to_string(), channel_id.to_string())).copied()
    }

    /// Returns the channel (channelType, channelId), creating it when new (named `name`,
    /// or its channelId). When it exists and `name` differs, the name is updated.
    pub fn ensure_channel(&mut self, channel_type: &str, channel_id: &str, name: Option<&str>, now: i64) -> u64 {
        if let Some(id) = self.find_channel(channel_type, channel_id) {
            if let (Some(name), Some(ch)) = (name, self.channels.get_mut(id as usize - 1)) {
                if ch.name != name {
                    ch.name = name.to_string();
                    ch.last_updated = now;
                }
            }
            return id;
        }
        let id = self.channels.len() as u64 + 1;
        self.channels.push(Channel {
            id,
            channel_id: channel_id.to_string(),
            channel_type: channel_type.to_string(),
            name: name.unwrap_or(channel_id).to_string(),
            date_created: now,
            last_updated: now,
        });
        self.channel_index.insert((channel_type.to_string(), channel_id.to_string()), id);
        id
    }

    /// A fresh `udc_XXXXXXXXXX` channel id (10 letters and digits) not used yet.
    pub fn generate_udc_id(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        loop {
            let mut s = String::from("udc_");
            for _ in 0..10 {
                self.rng = splitmix64(self.rng);
                s.push(ALPHABET[(self.rng % ALPHABET.len() as u64) as usize] as char);
            }
            if self.find_channel(UDC, &s).is_none() {
                return s;
            }
        }
    }

    /// Creates a blank contact and returns its id.
    pub fn new_contact(&mut self, now: i64) -> u64 {
        let id = self.next_contact_id;
        self.next_contact_id += 1;
        self.contacts.insert(id, Contact::new(id, now));
        id
    }

    /// The identity (channel, externalId), if any.
    pub fn find_identity(&self, channel: u64, external_id: &str) -> Option<u64> {
        self.identity_index.get(&(channel, external_id.to_string())).copied()
    }

    /// Adds an identity (channel, externalId) to `contact_id`.
    pub fn add_identity(&mut self, contact_id: u64, channel: u64, external_id: &str, now: i64) -> u64 {
        let id = self.identities.len() as u64 + 1;
        self.identities.push(Identity {
            id,
            contact_id,
            channel,
            external_id: external_id.to_string(),
            anonymous_id: None,
            union_id: None,
            date_created: now,
            last_updated: now,
            ver: 1,
        });
        self.identity_index.insert((channel, external_id.to_string()), id);
        if let Some(c) = self.contacts.get_mut(&contact_id) {
            c.identities.push(id);
        }
        id
    }

    /// The identity (channel, externalId) and its contact, creating both when new.
    /// Returns (identity id, contact id, created).
    pub fn ensure_identity(&mut self, channel: u64, external_id: &str, now: i64) -> (u64, u64, bool) {
        if let Some(iid) = self.find_identity(channel, external_id) {
            if let Some(ident) = self.identity(iid) {
                if self.contacts.contains_key(&ident.contact_id) {
                    return (iid, ident.contact_id, false);
                }
            }
        }
        let cid = self.new_contact(now);
        if let Some(c) = self.contacts.get_mut(&cid) {
            c.identified = Some(now);
        }
        match self.find_identity(channel, external_id) {
            // A dangling identity (its contact is gone): re-home it.
            Some(iid) => {
                if let Some(ident) = self.identity_mut(iid) {
                    ident.contact_id = cid;
                    ident.last_updated = now;
                }
                if let Some(c) = self.contacts.get_mut(&cid) {
                    c.identities.push(iid);
                }
                (iid, cid, true)
            }
            None => (self.add_identity(cid, channel, external_id, now), cid, true),
        }
    }

    /// Identify: upsert keyed by (channelType, channelId, externalId). Creates the channel
    /// (named `channel_name` or its id) and the contact + identity when new, renames the
    /// channel when `channel_name` differs, merges `fields` (see [`apply_fields`]).
    /// Returns (contact id, identity id).
    pub fn identify(
        &mut self,
        channel_type: &str,
        channel_id: &str,
        channel_name: Option<&str>,
        external_id: &str,
        fields: Option<&Map<String, Value>>,
        now: i64,
    ) -> Result<(u64, u64), ApiError> {
        if let Some(f) = fields {
            check_fields(f)?;
        }
        let ch = self.ensure_channel(channel_type, channel_id, channel_name, now);
        let (iid, cid, created) = self.ensure_identity(ch, external_id, now);
        if let (Some(f), Some(c)) = (fields, self.contacts.get_mut(&cid)) {
            if apply_fields(c, f) && !created {
                c.ver += 1;
                c.last_updated = now;
            }
        }
        Ok((cid, iid))
    }

    /// Merges `fields` into contact `id` and bumps its version (PUT /v2/contacts/{id}).
    pub fn update_contact(&mut self, id: u64, fields: &Map<String, Value>, now: i64) -> Result<(), ApiError> {
        check_fields(fields)?;
        let c = self.contacts.get_mut(&id).ok_or_else(|| ApiError::not_found(format!("contact {id} not found")))?;
        apply_fields(c, fields);
        c.ver += 1;
        c.last_updated = now;
        Ok(())
    }

    /// Ties a WeChat account (appId, openId, optional unionId) to a contact: creates the
    /// WECHAT channel and the identity when new.
    pub fn link_wechat(&mut self, contact_id: u64, app_id: &str, app_name: Option<&str>, open_id: &str, union_id: Option<&str>, now: i64) {
        let ch = self.ensure_channel(WECHAT, app_id, app_name, now);
        let iid = match self.find_identity(ch, open_id) {
            Some(iid) => iid,
            None => self.add_identity(contact_id, ch, open_id, now),
        };
        if let (Some(u), Some(ident)) = (union_id, self.identity_mut(iid)) {
            ident.union_id = Some(u.to_string());
            ident.last_updated = now;
        }
    }

    /// The contact's WeChat accounts as (appId, channel name, openId).
    pub fn open_ids(&self, contact_id: u64) -> Vec<(&str, &str, &str)> {
        let Some(c) = self.contacts.get(&contact_id) else { return Vec::new() };
        c.identities
            .iter()
            .filter_map(|&iid| self.identity(iid))
            .filter_map(|ident| {
                let ch = self.channel(ident.channel)?;
                (ch.channel_type == WECHAT).then_some((ch.channel_id.as_str(), ch.name.as_str(), ident.external_id.as_str()))
            })
            .collect()
    }

    /// Time of the contact's latest event.
    pub fn last_seen(&self, contact_id: u64) -> Option<i64> {
        self.contact_events.get(&contact_id)?.iter().filter_map(|&id| self.event(id)).map(|e| e.event_date).max()
    }

    /// Stores an event and returns its id.
    pub fn add_event(&mut self, e: NewEvent) -> u64 {
        let id = self.events.len() as u64 + 1;
        self.contact_events.entry(e.contact_id).or_default().push(id);
        self.events.push(Event {
            id,
            contact_id: e.contact_id,
            contact_identity_id: e.contact_identity_id,
            event: e.event,
            channel: e.channel,
            event_date: e.event_date,
            date_created: e.date_created,
            anonymous_id: e.anonymous_id,
            sdk: e.sdk,
            attrs: e.attrs.into_boxed_slice(),
            utm: e.utm,
            items: e.items,
            session_id: e.session_id,
        });
        id
    }

    /// The contact that events of browser `anonymous_id` go to: the contact it is tied to,
    /// or a new anonymous contact (`isAnonymous: true`).
    pub fn contact_for_anonymous(&mut self, anonymous_id: &str, utm: Option<&Arc<Utm>>, now: i64) -> u64 {
        if let Some(&cid) = self.anon_index.get(anonymous_id) {
            if self.contacts.contains_key(&cid) {
                return cid;
            }
        }
        let anon: Arc<str> = Arc::from(anonymous_id);
        let cid = self.new_contact(now);
        if let Some(c) = self.contacts.get_mut(&cid) {
            c.is_anonymous = true;
            c.anonymous_id = Some(anon.clone());
            c.utm = utm.cloned();
        }
        self.anon_index.insert(anon, cid);
        cid
    }

    /// The contact's identity on `channel`, if it has one.
    pub fn identity_on(&self, contact_id: u64, channel: u64) -> Option<u64> {
        let c = self.contacts.get(&contact_id)?;
        c.identities.iter().copied().find(|&iid| self.identity(iid).is_some_and(|i| i.channel == channel))
    }

    /// Ties browser `anonymous_id` to the identified contact `target` (through identity
    /// `identity_id`). When the anonymous id belonged to an anonymous contact, that
    /// contact's events move to `target` (each event keeps its id, so it shows exactly once)
    /// and the anonymous contact is removed. Later events of the anonymous id go to `target`.
    pub fn tie_anonymous(&mut self, anonymous_id: &str, target: u64, identity_id: u64, now: i64) {
        let anon: Arc<str> = match self.anon_index.get_key_value(anonymous_id) {
            Some((k, _)) => k.clone(),
            None => Arc::from(anonymous_id),
        };
        if let Some(&prev) = self.anon_index.get(anonymous_id) {
            let prev_anonymous = self.contacts.get(&prev).is_some_and(|c| c.is_anonymous);
            if prev != target && prev_anonymous {
                self.merge_contact(prev, target, identity_id, now);
            }
        }
        self.anon_index.insert(anon.clone(), target);
        if let Some(ident) = self.identity_mut(identity_id) {
            if ident.anonymous_id.as_deref() != Some(anonymous_id) {
                ident.anonymous_id = Some(anon.clone());
                ident.last_updated = now;
            }
        }
        if let Some(c) = self.contacts.get_mut(&target) {
            if c.anonymous_id.is_none() {
                c.anonymous_id = Some(anon);
                c.last_updated = now;
                c.ver += 1;
            }
        }
    }

    /// Moves contact `from`'s events to `into` and removes `from` (with its group rows).
    fn merge_contact(&mut self, from: u64, into: u64, identity_id: u64, now: i64) {
        let channel = self.identity(identity_id).map(|i| i.channel);
        let moved = self.contact_events.remove(&from).unwrap_or_default();
        for &eid in &moved {
            if let Some(e) = self.events.get_mut(eid as usize - 1) {
                e.contact_id = into;
                if e.contact_identity_id.is_none() && Some(e.channel) == channel {
                    e.contact_identity_id = Some(identity_id);
                }
            }
        }
        if !moved.is_empty() {
            let list = self.contact_events.entry(into).or_default();
            list.extend(moved);
            list.sort_unstable();
            list.dedup();
        }
        let removed = self.contacts.remove(&from);
        for g in self.groups.values_mut() {
            if let Some(mid) = g.by_contact.remove(&from) {
                g.members.remove(&mid);
                g.last_updated = now;
            }
        }
        if let (Some(old), Some(c)) = (removed, self.contacts.get_mut(&into)) {
            if c.utm.is_none() {
                c.utm = old.utm;
            }
            c.last_updated = now;
            c.ver += 1;
        }
    }

    /// Adds `contact_id` to group `group_id`; false when the contact does not exist.
    pub fn add_member(&mut self, group_id: u64, contact_id: u64, now: i64) -> bool {
        if !self.contacts.contains_key(&contact_id) {
            return false;
        }
        let Some(g) = self.groups.get_mut(&group_id) else { return false };
        if !g.by_contact.contains_key(&contact_id) {
            let mid = self.next_member_id;
            self.next_member_id += 1;
            g.members.insert(mid, Member { contact_id, date_created: now, last_updated: now });
            g.by_contact.insert(contact_id, mid);
            g.last_updated = now;
        }
        true
    }

    /// Removes `contact_id` from group `group_id`; false when the contact does not exist.
    pub fn remove_member(&mut self, group_id: u64, contact_id: u64, now: i64) -> bool {
        if !self.contacts.contains_key(&contact_id) {
            return false;
        }
        let Some(g) = self.groups.get_mut(&group_id) else { return false };
        if let Some(mid) = g.by_contact.remove(&contact_id) {
            g.members.remove(&mid);
            g.last_updated = now;
        }
        true
    }

    /// Creates a group and returns its id (no checks: see the groups route).
    pub fn add_group(&mut self, name: &str, group_type: &str, ext1: Option<String>, ext2: Option<String>, now: i64) -> u64 {
        let id = self.next_group_id;
        self.next_group_id += 1;
        self.groups.insert(
            id,
            Group {
                id,
                name: name.to_string(),
                group_type: group_type.to_string(),
                ext1,
                ext2,
                date_created: now,
                last_updated: now,
                members: BTreeMap::new(),
                by_contact: HashMap::new(),
            },
        );
        id
    }
}

/// One step of the splitmix64 generator (deterministic seeds, ids).
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
