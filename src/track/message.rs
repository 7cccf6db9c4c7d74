//! One queued message, written once as JSON text from inputs the caller supplies.
//!
//! ```text
//! { "message_id": "…uuid…", "session_id": 1700000000000, "domain": "event", "action": "track", "ts": 1700000000000,
//!   "data": { "event": "WEBSITE__PAGE_VIEW", "channelId": "example.com", "url": "…",
//!             "title": "…", "referrer": "…", "utm": { "source": "…" }, "attr1": "…" } }
//! { "message_id": "…", "session_id": …, "domain": "identity", "action": "identify", "ts": …,
//!   "data": { "channelId": "example.com", "externalId": "u42", "traits": { … },
//!             "url": "…", "title": "…", "referrer": "…" } }
//! ```
//!
//! Each message remembers the identity it was made under (anonymous id, external id):
//! a batch only carries messages of one identity, so events queued before `reset()` are
//! never sent under the next visitor's ids.

use super::url::Utm;
use super::MAX_ATTRS;
use crate::json::{Json, Kind, Writer};

/// Who a message is about: the browser's anonymous id and, once identified, the external id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The visitor's anonymous id (a UUID).
    pub anonymous_id: String,
    /// The id the site's backend knows the visitor by, after `identify`.
    pub external_id: Option<String>,
}

/// A message ready to queue: its id, its identity, and its JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// `message_id` (a UUID); the collector drops ids it has seen.
    pub id: String,
    /// The identity the message was made under.
    pub identity: Identity,
    /// The message object as JSON text.
    pub json: String,
}

/// The page a message was made on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Page<'a> {
    /// `location.href`
    pub url: &'a str,
    /// `document.title`
    pub title: &'a str,
    /// `document.referrer` for the landing page; the previous URL after a history navigation.
    pub referrer: &'a str,
}

/// Everything a message needs besides its own payload.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The site's channel id.
    pub channel_id: &'a str,
    /// The current identity.
    pub identity: &'a Identity,
    /// The current page.
    pub page: Page<'a>,
    /// The session's campaign parameters.
    pub utm: Option<&'a Utm>,
    /// When (epoch ms).
    pub ts: u64,
    /// A fresh UUID for `message_id`.
    pub message_id: &'a str,
    /// The session's start (epoch ms): `session_id`.
    pub session_id: u64,
}

/// Event attributes `attr1`..`attr20`, as strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attrs {
    slots: Vec<(u8, String)>,
}

impl Attrs {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets attribute `name` (`"attr1"`..`"attr20"`); false (and nothing set) for any other name.
    pub fn set(&mut self, name: &str, value: String) -> bool {
        let Some(n) = attr_number(name) else { return false };
        // Kept ordered by number (no sort: this ends up in a small wasm module).
        match self.slots.iter().position(|(k, _)| *k >= n) {
            Some(i) => match self.slots.get_mut(i) {
                Some(slot) if slot.0 == n => slot.1 = value,
                _ => self.slots.insert(i, (n, value)),
            },
            None => self.slots.push((n, value)),
        }
        true
    }
    /// Attribute `n`, if set.
    pub fn get(&self, n: u8) -> Option<&str> {
        self.slots.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str())
    }
    /// True when none is set.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
    fn write(&self, w: &mut Writer) {
        let mut name = String::with_capacity(6);
        for (n, v) in &self.slots {
            name.clear();
            name.push_str("attr");
            crate::encode::push_u64(&mut name, u64::from(*n));
            w.str_member(&name, v);
        }
    }
}

/// The number of an attribute name: `"attr1"` → 1 … `"attr20"` → 20; anything else `None`
/// (no leading zeros, no spaces).
pub fn attr_number(name: &str) -> Option<u8> {
    // By bytes: a `char` pattern (`starts_with('0')`) links core's UTF-8 encoder.
    let n = match *name.strip_prefix("attr")?.as_bytes() {
        [a @ b'1'..=b'9'] => a - b'0',
        [a @ b'1'..=b'9', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
        _ => return None,
    };
    (n <= MAX_ATTRS).then_some(n)
}

/// The number of characters (Unicode scalar values) of `s`: the bytes that do not
/// continue a UTF-8 sequence.
fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// Checks an event code: a non-empty string of at most 128 characters without control
/// characters or surrounding spaces. The error is `track()`'s whole validation message.
pub fn check_event(event: &str) -> Result<(), &'static str> {
    if event.is_empty() {
        return Err("track(): event must be a non-empty string");
    }
    if char_count(event) > 128 || event.trim() != event || event.chars().any(char::is_control) {
        return Err("track(): event must be at most 128 characters, without control characters or surrounding spaces");
    }
    Ok(())
}

/// Checks an id (`channelId`, `externalId`): non-empty, at most 256 characters, no control
/// characters.
pub fn check_id(id: &str) -> bool {
    !id.trim().is_empty() && char_count(id) <= 256 && !id.chars().any(char::is_control)
}

fn open(ctx: &Context<'_>, domain: &str, action: &str) -> Writer {
    let mut w = Writer::new();
    w.begin_object();
    w.str_member("message_id", ctx.message_id);
    w.uint_member("session_id", ctx.session_id);
    w.str_member("domain", domain);
    w.str_member("action", action);
    w.uint_member("ts", ctx.ts);
    w.key("data");
    w.begin_object();
    w
}

fn page_fields(w: &mut Writer, page: &Page<'_>) {
    w.str_member("url", page.url);
    w.str_member("title", page.title);
    w.str_member("referrer", page.referrer);
}

fn close(mut w: Writer, ctx: &Context<'_>, identity: Identity) -> Message {
    w.end_object();
    w.end_object();
    Message { id: ctx.message_id.to_owned(), identity, json: w.finish() }
}

/// A tracked event (`domain: "event"`, `action: "track"`) with the page and session utm.
/// The caller has checked `event` with [`check_event`].
pub fn track(ctx: &Context<'_>, event: &str, attrs: &Attrs) -> Message {
    let mut w = open(ctx, "event", "track");
    w.str_member("event", event);
    w.str_member("channelId", ctx.channel_id);
    page_fields(&mut w, &ctx.page);
    w.key("utm");
    match ctx.utm {
        Some(u) => u.write(&mut w),
        None => {
            w.begin_object();
            w.end_object();
        }
    }
    attrs.write(&mut w);
    close(w, ctx, ctx.identity.clone())
}

/// A page view: [`track`] of `WEBSITE__PAGE_VIEW`.
pub fn page_view(ctx: &Context<'_>, attrs: &Attrs) -> Message {
    track(ctx, super::PAGE_VIEW, attrs)
}

/// An identify (`domain: "identity"`, `action: "identify"`): ties `ctx.identity`'s anonymous
/// id to `external_id` on the channel. `traits` (a JSON object, `null` members dropped) are
/// the visitor's fields as the site knows them. The message's identity carries `external_id`.
pub fn identify<J: Json>(ctx: &Context<'_>, external_id: &str, traits: Option<&J>) -> Message {
    let mut w = open(ctx, "identity", "identify");
    w.str_member("channelId", ctx.channel_id);
    w.str_member("externalId", external_id);
    w.str_member("anonymousId", &ctx.identity.anonymous_id);
    if let Some(t) = traits.filter(|t| t.kind() == Kind::Object) {
        w.key("traits");
        w.value(t);
    }
    page_fields(&mut w, &ctx.page);
    let identity = Identity { anonymous_id: ctx.identity.anonymous_id.clone(), external_id: Some(external_id.to_owned()) };
    close(w, ctx, identity)
}

/// Reads a message object back (from storage, or from a `beforeSend` hook): it must have a
/// non-empty `message_id`, `domain` and `action` strings, a numeric `ts` and a `data`
/// object; it is written again (so only JSON goes on), `None` when any of that is missing
/// or it nests too deeply.
pub fn from_json<J: Json>(m: &J, identity: Identity) -> Option<Message> {
    if m.kind() != Kind::Object {
        return None;
    }
    let id = m.field("message_id")?.as_str().filter(|s| !s.is_empty())?;
    let data = m.field("data").filter(|d| d.kind() == Kind::Object)?;
    let _ = (m.field("domain")?.as_str()?, m.field("action")?.as_str()?, m.field("ts")?.as_f64()?, data);
    let mut w = Writer::new();
    w.value(m);
    if w.too_deep() {
        return None;
    }
    Some(Message { id, identity, json: w.finish() })
}

/// What a `beforeSend` hook returned (`v`) for `original` (the message as it was, parsed):
/// `None` (drop it) unless it is a message ([`from_json`]) with the same `message_id`,
/// `domain` and `action` and a numeric `session_id` (a hook may amend and redact, not turn
/// one message into another).
pub fn from_hook<J: Json>(v: &J, original: &J, identity: Identity) -> Option<Message> {
    let text = |m: &J, key: &str| m.field(key).and_then(|x| x.as_str());
    let same = ["message_id", "domain", "action"].iter().all(|k| text(v, k).is_some() && text(v, k) == text(original, k));
    v.field("session_id")?.as_f64()?;
    if same {
        from_json(v, identity)
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    use crate::json::parse;
    use serde_json::Value;

    fn ident(ext: Option<&str>) -> Identity {
        Identity { anonymous_id: "a-1".into(), external_id: ext.map(str::to_owned) }
    }

    fn ctx<'a>(id: &'a Identity, utm: Option<&'a Utm>) -> Context<'a> {
        Context {
            channel_id: "example.com",
            identity: id,
            page: Page { url: "https://example.com/p?utm_source=x", title: "Tea \"pot\"", referrer: "" },
            utm,
            ts: 1_700_000_000_123,
            message_id: "m-1",
            session_id: 1_700_000_000_000,
        }
    }

    #[test]
    fn a_hook_may_amend_a_message_but_not_turn_it_into_another() {
        let id = ident(None);
        let m = track(&ctx(&id, None), "E", &Attrs::new());
        let original = parse(&m.json).unwrap();
        let amended = parse(&m.json.replace(r#""title":"Tea \"pot\"""#, r#""title":"[redacted]""#)).unwrap();
        let back = from_hook(&&amended, &&original, id.clone()).unwrap();
        assert_eq!((back.id.as_str(), back.identity.clone()), ("m-1", id.clone()));
        assert!(back.json.contains("[redacted]") && !back.json.contains("pot"));
        for (from, to) in [
            (r#""message_id":"m-1""#, r#""message_id":"m-2""#),
            (r#""action":"track""#, r#""action":"identify""#),
            (r#""domain":"event""#, r#""domain":"identity""#),
            (r#""session_id":1700000000000"#, r#""session_id":"1""#),
            (r#""data":{"#, r#""data":1,"x":{"#),
        ] {
            let changed = parse(&m.json.replace(from, to)).unwrap();
            assert!(from_hook(&&changed, &&original, id.clone()).is_none(), "{to}");
        }
        for junk in ["null", "\"m\"", "[]", "{}"] {
            assert!(from_hook(&&parse(junk).unwrap(), &&original, id.clone()).is_none(), "{junk}");
        }
    }

    #[test]
    fn attr_names_are_exactly_attr1_to_attr20() {
        // Every "attr" + up to three characters of digits and a few others.
        let alphabet = ['0', '1', '2', '5', '9', ' ', 'a', '+', '-', '\u{660}'];
        let mut tails = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = tails.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            tails.extend(longer);
        }
        tails.sort();
        tails.dedup();
        let mut found = 0;
        for tail in &tails {
            let name = format!("attr{tail}");
            let want = (1..=20u8).find(|n| name == format!("attr{n}"));
            assert_eq!(attr_number(&name), want, "{name}");
            found += usize::from(want.is_some());
        }
        // 1, 2, 5, 9, 10, 11, 12, 15, 19, 20 are spelled with the alphabet's digits.
        assert_eq!(found, 10);
    }

    #[test]
    fn attr_names() {
        assert_eq!(attr_number("attr1"), Some(1));
        assert_eq!(attr_number("attr20"), Some(20));
        for bad in ["attr0", "attr21", "attr01", "attr", "Attr1", "attr1 ", "attr-1", "attr100", "x"] {
            assert_eq!(attr_number(bad), None, "{bad}");
        }
        let mut a = Attrs::new();
        assert!(a.set("attr2", "b".into()));
        assert!(a.set("attr2", "c".into()));
        assert!(!a.set("color", "red".into()));
        assert_eq!(a.get(2), Some("c"));
    }

    #[test]
    fn event_codes() {
        assert!(check_event("UDE_ORDER").is_ok());
        assert!(check_event("").is_err());
        assert!(check_event(" X").is_err());
        assert!(check_event("a\nb").is_err());
        assert!(check_event(&"x".repeat(129)).is_err());
        assert!(check_event(&"联".repeat(128)).is_ok());
        assert!(check_event(&"联".repeat(129)).is_err());
        assert_eq!(char_count("a联😀"), 3);
        assert!(check_id("example.com"));
        assert!(!check_id(" "));
        assert!(!check_id("a\u{0}"));
    }

    #[test]
    fn page_view_is_the_exact_wire_shape() {
        let id = ident(None);
        let utm = Utm { source: Some("x".into()), ..Utm::default() };
        let m = page_view(&ctx(&id, Some(&utm)), &Attrs::new());
        assert_eq!(m.id, "m-1");
        assert_eq!(m.identity, id);
        assert_eq!(
            m.json,
            r#"{"message_id":"m-1","session_id":1700000000000,"domain":"event","action":"track","ts":1700000000123,"data":{"event":"WEBSITE__PAGE_VIEW","channelId":"example.com","url":"https://example.com/p?utm_source=x","title":"Tea \"pot\"","referrer":"","utm":{"source":"x"}}}"#
        );
    }

    #[test]
    fn track_writes_attrs_in_order_and_empty_utm() {
        let id = ident(Some("u1"));
        let mut a = Attrs::new();
        assert!(a.set("attr10", "ten".into()));
        assert!(a.set("attr2", "19.90".into()));
        let m = track(&ctx(&id, None), "UDE_ADD_TO_CART", &a);
        let v = parse(&m.json).unwrap();
        let d = v.get("data").unwrap();
        assert_eq!(d.get("event").unwrap().as_str(), Some("UDE_ADD_TO_CART"));
        assert_eq!(d.get("utm").unwrap().keys().len(), 0);
        assert_eq!(d.keys(), ["event", "channelId", "url", "title", "referrer", "utm", "attr2", "attr10"]);
        assert_eq!(m.identity.external_id.as_deref(), Some("u1"));
    }

    #[test]
    fn identify_carries_traits_without_nulls_and_the_new_identity() {
        let id = ident(None);
        let traits = parse(r#"{"email":"a@b.c","age":30,"x":null,"tags":["v"]}"#).unwrap();
        let m = identify(&ctx(&id, None), "u42", Some(&&traits));
        assert_eq!(m.identity, Identity { anonymous_id: "a-1".into(), external_id: Some("u42".into()) });
        let v = parse(&m.json).unwrap();
        let v = &v;
        assert_eq!(v.get("domain").unwrap().as_str(), Some("identity"));
        assert_eq!(v.get("action").unwrap().as_str(), Some("identify"));
        let d = v.get("data").unwrap();
        assert_eq!(d.get("externalId").unwrap().as_str(), Some("u42"));
        assert_eq!(d.get("anonymousId").unwrap().as_str(), Some("a-1"));
        assert_eq!(d.get("traits").unwrap().keys(), ["email", "age", "tags"]);
        assert_eq!(d.get("traits").unwrap().get("age").unwrap().number_text().as_deref(), Some("30"));
        // Traits that are not an object are left out.
        let m = identify(&ctx(&id, None), "u42", Some(&&Value::String("x".into())));
        assert!(!m.json.contains("traits"));
        let m = identify::<&Value>(&ctx(&id, None), "u42", None);
        assert!(!m.json.contains("traits"));
    }
}
