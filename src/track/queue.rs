//! The tracker's queue: bounded, ordered, and written to storage as JSON text.
//!
//! Storage text (one key per channel in `localStorage`):
//!
//! ```text
//! {"v":1,"messages":[{"a":"<anonymousId>","x":"<externalId>","m":{…the message…}}, …]}
//! ```
//!
//! Messages leave the queue only when the collector answered 2xx for them
//! ([`Queue::remove`]), or when the bound is passed: then the oldest go, and the count is
//! returned so the tracker can report it (`onDrop`), never silently.

use super::message::{Identity, Message};
use crate::json::{Json, Kind, Writer};

/// Writes `json`, a complete JSON value this module produced, as the next value.
/// (`Writer::raw_number` appends its text verbatim after the separator.)
pub(crate) fn raw_value(w: &mut Writer, json: &str) {
    w.raw_number(json);
}

/// An ordered queue of messages holding at most `cap`.
#[derive(Clone, Debug, Default)]
pub struct Queue {
    items: Vec<Message>,
    cap: usize,
}

impl Queue {
    /// An empty queue bounded at `cap` messages (at least 1).
    pub fn new(cap: usize) -> Self {
        Queue { items: Vec::new(), cap: cap.max(1) }
    }

    /// How many messages wait.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when none wait.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The message at `index` (0 = oldest).
    pub fn get(&self, index: usize) -> Option<&Message> {
        self.items.get(index)
    }

    /// The messages, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.items.iter()
    }

    /// Appends `m`; returns how many of the oldest messages were dropped to stay within the
    /// bound (0 or 1). A message whose id is already queued is not added twice.
    pub fn push(&mut self, m: Message) -> usize {
        if self.items.iter().any(|q| q.id == m.id) {
            return 0;
        }
        self.items.push(m);
        self.trim()
    }

    fn trim(&mut self) -> usize {
        let over = self.items.len().saturating_sub(self.cap);
        if over > 0 {
            self.items = self.items.split_off(over);
        }
        over
    }

    /// Removes the messages whose ids are in `ids` (sent: the collector answered 2xx);
    /// returns how many were removed. Ids no longer queued are ignored.
    pub fn remove(&mut self, ids: &[String]) -> usize {
        let before = self.items.len();
        self.items.retain(|m| !ids.contains(&m.id));
        before - self.items.len()
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Takes in the messages of `other` (another tab's queue, read back from storage) that
    /// this queue does not hold and that `sent` does not list, oldest first. Returns how
    /// many were taken and how many old messages the bound dropped meanwhile.
    pub fn adopt(&mut self, other: &Queue, sent: &Sent) -> (usize, usize) {
        let (mut adopted, mut dropped) = (0, 0);
        for m in other.iter() {
            if sent.contains(&m.id) || self.items.iter().any(|q| q.id == m.id) {
                continue;
            }
            adopted += 1;
            dropped += self.push(m.clone());
        }
        (adopted, dropped)
    }

    /// The storage text of the queue.
    pub fn to_json(&self) -> String {
        let bytes: usize = self.items.iter().map(|m| m.json.len() + 120).sum();
        let mut w = Writer::new();
        w.begin_object();
        w.key("v");
        w.raw_number("1");
        w.key("messages");
        w.begin_array();
        for m in &self.items {
            w.begin_object();
            w.str_member("a", &m.identity.anonymous_id);
            if let Some(x) = &m.identity.external_id {
                w.str_member("x", x);
            }
            w.key("m");
            raw_value(&mut w, &m.json);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        let mut out = w.finish();
        out.shrink_to(bytes.max(32));
        out
    }

    /// Reads storage text back (parsed by the caller: `JSON.parse` in the browser,
    /// `serde_json` natively). Entries that are not messages this module wrote
    /// are skipped; repeated ids are kept once. Past `cap`, the oldest are dropped: the
    /// second value says how many.
    pub fn from_json<J: Json>(v: &J, cap: usize) -> (Queue, usize) {
        let mut q = Queue::new(cap);
        let Some(list) = v.field("messages").filter(|l| l.kind() == Kind::Array) else {
            return (q, 0);
        };
        for i in 0..list.len() {
            let Some(entry) = list.at(i) else { continue };
            if let Some(m) = read_entry(&entry) {
                if !q.items.iter().any(|x| x.id == m.id) {
                    q.items.push(m);
                }
            }
        }
        let dropped = q.trim();
        (q, dropped)
    }
}

/// The ids of messages the collector accepted from this tab, so a copy another tab still
/// holds in storage is not taken in and sent again. Bounded: past `SENT_CAP` ids it starts
/// over (forgetting only costs a repeated send, which the collector drops).
#[derive(Clone, Debug, Default)]
pub struct Sent {
    /// UUIDs as numbers, sorted.
    ids: Vec<u128>,
}

/// How many sent ids are remembered at most.
pub const SENT_CAP: usize = 20_000;

impl Sent {
    /// Remembers `id` (ids that are not UUIDs are not remembered).
    pub fn insert(&mut self, id: &str) {
        let Some(n) = uuid_number(id) else { return };
        if let Err(at) = self.ids.binary_search(&n) {
            if self.ids.len() >= SENT_CAP {
                self.ids.clear();
                self.ids.push(n);
            } else {
                self.ids.insert(at, n);
            }
        }
    }

    /// True when `id` was accepted before.
    pub fn contains(&self, id: &str) -> bool {
        uuid_number(id).is_some_and(|n| self.ids.binary_search(&n).is_ok())
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when none is.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A UUID's 128 bits (any case), `None` for anything else.
fn uuid_number(id: &str) -> Option<u128> {
    if !super::uuid::is_uuid(id) {
        return None;
    }
    id.bytes().filter(|b| *b != b'-').try_fold(0u128, |n, b| Some(n << 4 | u128::from(char::from(b).to_digit(16)?)))
}

fn read_entry<J: Json>(entry: &J) -> Option<Message> {
    let anonymous_id = entry.field("a")?.as_str().filter(|s| !s.is_empty())?;
    let external_id = entry.field("x").and_then(|x| x.as_str()).filter(|s| !s.is_empty());
    super::message::from_json(&entry.field("m")?, Identity { anonymous_id, external_id })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::track::message::{self, Attrs, Context, Page};

    fn msg(n: usize, anon: &str, ext: Option<&str>) -> Message {
        let id = Identity { anonymous_id: anon.into(), external_id: ext.map(str::to_owned) };
        let mid = format!("m-{n}");
        let ctx =
            Context { channel_id: "c", identity: &id, page: Page::default(), utm: None, ts: n as u64, message_id: &mid, session_id: 1 };
        message::track(&ctx, "E", &Attrs::new())
    }

    fn ids(q: &Queue) -> Vec<String> {
        q.iter().map(|m| m.id.clone()).collect()
    }

    #[test]
    fn drops_the_oldest_past_the_bound_and_counts() {
        let mut q = Queue::new(3);
        let dropped: usize = (0..5).map(|n| q.push(msg(n, "a", None))).sum();
        assert_eq!(dropped, 2);
        assert_eq!(ids(&q), ["m-2", "m-3", "m-4"]);
        assert_eq!(q.push(msg(3, "a", None)), 0, "a repeated id is not queued twice");
        assert_eq!(q.len(), 3);
    }

    #[test]
    fn default_bound_is_5000() {
        let mut q = Queue::new(crate::track::MAX_QUEUE);
        let mut dropped = 0;
        for n in 0..5003 {
            dropped += q.push(msg(n, "a", None));
        }
        assert_eq!((q.len(), dropped), (5000, 3));
        assert_eq!(q.get(0).map(|m| m.id.as_str()), Some("m-3"));
    }

    #[test]
    fn remove_takes_only_named_ids() {
        let mut q = Queue::new(10);
        for n in 0..4 {
            q.push(msg(n, "a", None));
        }
        assert_eq!(q.remove(&["m-1".into(), "m-3".into(), "m-9".into()]), 2);
        assert_eq!(ids(&q), ["m-0", "m-2"]);
    }

    #[test]
    fn storage_text_round_trips() {
        let mut q = Queue::new(10);
        q.push(msg(0, "a", None));
        q.push(msg(1, "a", Some("u\"1")));
        q.push(msg(2, "b", None));
        let text = q.to_json();
        let v = parse(&text).unwrap();
        let (back, dropped) = Queue::from_json(&&v, 10);
        assert_eq!(dropped, 0);
        assert_eq!(back.items, q.items);
        // Reading back with a smaller bound drops the oldest and says so.
        let (small, dropped) = Queue::from_json(&&v, 2);
        assert_eq!((ids(&small), dropped), (vec!["m-1".to_owned(), "m-2".to_owned()], 1));
    }

    #[test]
    fn adopts_what_another_tab_left_but_not_what_was_sent() {
        let uid = |n: u8| crate::track::uuid::v4([n; 16]);
        let mk = |n: u8| {
            let id = Identity { anonymous_id: "a".into(), external_id: None };
            let mid = uid(n);
            let ctx = Context { channel_id: "c", identity: &id, page: Page::default(), utm: None, ts: 1, message_id: &mid, session_id: 1 };
            message::track(&ctx, "E", &Attrs::new())
        };
        let mut mine = Queue::new(4);
        mine.push(mk(1));
        mine.push(mk(2));
        let mut sent = Sent::default();
        sent.insert(&uid(3));
        let mut theirs = Queue::new(10);
        for n in [2, 3, 4, 5, 6] {
            theirs.push(mk(n));
        }
        // 2 is held already, 3 was sent; 4, 5, 6 are new; the bound (4) drops the oldest (1).
        assert_eq!(mine.adopt(&theirs, &sent), (3, 1));
        assert_eq!(ids(&mine), [uid(2), uid(4), uid(5), uid(6)]);
        assert_eq!(mine.adopt(&theirs, &sent), (0, 0), "nothing twice");
    }

    #[test]
    fn sent_ids_are_remembered_up_to_the_cap() {
        let uid = |n: u32| {
            let mut b = [0u8; 16];
            b[..4].copy_from_slice(&n.to_be_bytes());
            crate::track::uuid::v4(b)
        };
        let mut s = Sent::default();
        assert!(!s.contains(&uid(1)));
        s.insert(&uid(1));
        s.insert(&uid(1));
        s.insert("not-a-uuid");
        assert_eq!(s.len(), 1);
        assert!(s.contains(&uid(1)));
        assert!(s.contains(&uid(1).to_uppercase()));
        assert!(!s.contains("not-a-uuid"));
        for n in 2..=SENT_CAP as u32 {
            s.insert(&uid(n));
        }
        assert_eq!(s.len(), SENT_CAP);
        assert!(s.contains(&uid(777)));
        s.insert(&uid(0xFFFF_FFFF));
        assert_eq!(s.len(), 1, "starts over past the cap");
        assert!(s.contains(&uid(0xFFFF_FFFF)));
    }

    #[test]
    fn storage_text_with_junk_is_read_leniently() {
        let good = msg(7, "a", None).json;
        let text = format!(
            r#"{{"v":1,"messages":[1,null,{{"a":"a"}},{{"a":"","m":{good}}},{{"a":"a","m":{{"message_id":"x"}}}},{{"a":"a","x":null,"m":{good}}},{{"a":"a","m":{good}}}]}}"#
        );
        let v = parse(&text).unwrap();
        let (q, dropped) = Queue::from_json(&&v, 10);
        assert_eq!((ids(&q), dropped), (vec!["m-7".to_owned()], 0));
        assert_eq!(q.get(0).unwrap().json, good);
        for junk in ["null", "[]", "{}", r#"{"messages":{}}"#, r#""x""#] {
            let v = parse(junk).unwrap();
            assert!(Queue::from_json(&&v, 10).0.is_empty(), "{junk}");
        }
    }
}
