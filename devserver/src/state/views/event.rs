//! Event answers (`POST /ude`, `GET /contacts/{id}/events`, `GET /events/lite`): each
//! stored event is written into one reused model `Event` and serialized from it.
//!
//! Why reused: a list answer is up to 10,000 events, and a fresh model value per event
//! allocates ~15 strings and a `utm` map that serde then only reads once. The writer keeps
//! the last event's model value and refills it in place (a string is cleared and refilled,
//! keeping its capacity), so serving a page allocates almost nothing per event while the
//! answer is still exactly the model type's serde output. The stand-in fills the members
//! the store knows; any other member (a new model field the store does not know) is never
//! touched and stays `None`, as in a fresh value. `tests::a_reused_writer_answers_like_a_fresh_one`
//! proves a reused writer leaves nothing of an earlier event behind.

use linkflow_sdk::model;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::super::model::{Attr, Event};
use super::super::store::Store;
use super::refill::{set_date, set_text, set_utm};
use super::{json_array, to_i64};

const ATTR_KEYS: [&str; 21] = [
    "attr0", "attr1", "attr2", "attr3", "attr4", "attr5", "attr6", "attr7", "attr8", "attr9", "attr10", "attr11", "attr12", "attr13",
    "attr14", "attr15", "attr16", "attr17", "attr18", "attr19", "attr20",
];

/// The `attrN` key for `n` in 1..=20.
pub fn attr_key(n: u8) -> &'static str {
    ATTR_KEYS.get(n as usize).copied().unwrap_or("attr0")
}

/// What one seeded event's answer weighs, about (pre-sizes a list's buffer).
const EVENT_BYTES: usize = 512;

/// The JSON array of `events`, as the event lists answer them: each written through one
/// [`EventWriter`] straight into the answer's buffer.
pub fn event_list<'a>(store: &'a Store, events: impl Iterator<Item = &'a Event>) -> serde_json::Result<Vec<u8>> {
    let mut writer = EventWriter::default();
    json_array(events, EVENT_BYTES, |buf, e| serde_json::to_writer(buf, &writer.answer(store, e, false)))
}

/// Writes event answers one at a time into one model `Event` (see the module).
#[derive(Default)]
pub struct EventWriter {
    event: model::Event,
}

/// One event's answer: the model's `Event` plus the members served raw (see `views`).
#[derive(Serialize)]
pub struct EventAnswer<'a> {
    #[serde(flatten)]
    event: &'a model::Event,
    #[serde(flatten)]
    raw: RawEventMembers<'a>,
}

impl EventWriter {
    /// The answer to the stored event `e`. `echo`: with the `externalId` and `channelType`
    /// it was sent with, as `POST /ude` answers (the guide's echo; the lists leave them out).
    pub fn answer<'a>(&'a mut self, store: &'a Store, e: &'a Event, echo: bool) -> EventAnswer<'a> {
        let ch = store.channel(e.channel);
        let identity = e.contact_identity_id.filter(|_| echo).and_then(|i| store.identity(i));
        let out = &mut self.event;
        out.id = to_i64(e.id);
        set_date(&mut out.date_created, Some(e.date_created));
        set_date(&mut out.last_updated, Some(e.date_created));
        out.ver = Some(1);
        out.event.clear();
        out.event.push_str(&e.event);
        out.event_date = Some(e.event_date);
        set_text(&mut out.external_id, identity.map(|i| i.external_id.as_str()));
        set_text(&mut out.channel_id, ch.map(|c| c.channel_id.as_str()));
        set_text(&mut out.channel_type, ch.filter(|_| echo).map(|c| c.channel_type.as_str()));
        set_text(&mut out.channel_name, ch.map(|c| c.name.as_str()));
        out.contact_id = Some(to_i64(e.contact_id));
        out.contact_identity_id = e.contact_identity_id.map(to_i64);
        set_text(&mut out.anonymous_id, e.anonymous_id.as_deref());
        set_text(&mut out.sdk_version, e.sdk.as_ref().and_then(|s| s.sdk_version.as_deref()));
        set_text(&mut out.sdk_type, e.sdk.as_ref().map(|s| s.sdk_type.as_str()));
        out.trigger_flow = Some(true);
        set_utm(&mut out.utm, e.utm.as_deref());
        for n in 1..=20 {
            if let Some(slot) = attr_slot(out, n) {
                set_text(slot, e.attrs.iter().find(|(k, _)| *k == n).and_then(|(_, v)| attr_text(v)));
            }
        }
        EventAnswer { event: &self.event, raw: RawEventMembers { attrs: &e.attrs, items: e.items.as_deref(), session_id: e.session_id } }
    }
}

/// An attribute the model's `attrN` holds: text, or a caller's JSON string.
fn attr_text(v: &Attr) -> Option<&str> {
    match v {
        Attr::Text(t) => Some(t),
        Attr::Json(v) => v.as_str(),
    }
}

/// The model's `attr{n}` of an event.
fn attr_slot(e: &mut model::Event, n: u8) -> Option<&mut Option<String>> {
    Some(match n {
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
        _ => return None,
    })
}

/// The deliberate deviations of an event answer (see `views`): attributes that are not
/// strings, `items`, `sessionId`, each as stored.
struct RawEventMembers<'a> {
    attrs: &'a [(u8, Attr)],
    items: Option<&'a serde_json::Value>,
    session_id: Option<i64>,
}

impl Serialize for RawEventMembers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (n, v) in self.attrs {
            if let (Attr::Json(raw), None) = (v, attr_text(v)) {
                m.serialize_entry(attr_key(*n), raw)?;
            }
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::seed;
    use crate::state::model::Utm;
    use crate::state::store::NewEvent;

    /// A store whose events differ in every member the writer fills: seeded page views and
    /// orders, plus a caller's event with raw attributes, items, a partial `utm` and a
    /// session, and a bare one with no identity, channel, sdk, attributes or `utm`.
    fn assorted() -> Store {
        let mut store = seed::build(4, 3);
        let rich = NewEvent {
            contact_id: 1,
            contact_identity_id: store.contacts.get(&1).and_then(|c| c.identities.first().copied()),
            event: Arc::from("UDE_RICH"),
            channel: 1,
            event_date: 1_700_000_000_000,
            date_created: 1_700_000_000_500,
            anonymous_id: Some(Arc::from("anon-rich")),
            sdk: None,
            attrs: vec![
                (1, Attr::Json(Box::new(json!(5)))),
                (2, Attr::Json(Box::new(json!("two")))),
                (7, Attr::Text(Arc::from("seven"))),
                (20, Attr::Json(Box::new(json!(true)))),
            ],
            utm: Some(Arc::new(Utm { source: Some("a much longer utm source than the seeds".into()), ..Utm::default() })),
            items: Some(Box::new(json!([{ "event": "sub", "attr1": "x" }]))),
            session_id: Some(1_700_000_000_000),
        };
        store.add_event(rich.clone());
        store.add_event(NewEvent {
            contact_identity_id: None,
            event: Arc::from("X"),
            channel: 999,
            anonymous_id: None,
            attrs: Vec::new(),
            utm: None,
            items: None,
            session_id: None,
            ..rich
        });
        store
    }

    #[test]
    fn a_reused_writer_answers_like_a_fresh_one() {
        let store = assorted();
        assert!(store.events.len() > 12, "seeded events plus the two made here");
        let mut reused = EventWriter::default();
        // Every event after every other one (both orders of each pair), echoed and not.
        for echo in [false, true] {
            for a in store.events.iter() {
                for b in store.events.iter() {
                    for e in [a, b] {
                        let got = serde_json::to_string(&reused.answer(&store, e, echo)).unwrap();
                        let fresh = serde_json::to_string(&EventWriter::default().answer(&store, e, echo)).unwrap();
                        assert_eq!(got, fresh, "event {} (echo {echo}) after event {}", e.id, a.id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_list_is_the_json_array_of_its_answers() {
        let store = assorted();
        let list: Vec<serde_json::Value> = serde_json::from_slice(&event_list(&store, store.events.iter()).unwrap()).unwrap();
        let each: Vec<serde_json::Value> =
            store.events.iter().map(|e| serde_json::to_value(EventWriter::default().answer(&store, e, false)).unwrap()).collect();
        assert_eq!(list, each);
        assert_eq!(event_list(&store, std::iter::empty()).unwrap(), b"[]");
    }
}
