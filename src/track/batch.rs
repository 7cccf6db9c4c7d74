//! The next request: which queued messages it carries, and its body.
//!
//! A batch carries consecutive messages of one identity (so `identities` is right for
//! every message in it), at most `max_count` of them, and a body of at most `max_bytes`
//! (UTF-8), except that a lone message larger than that may go alone when the caller
//! allows it (the regular path; a `keepalive` request could never carry it).

use super::message::Identity;
use super::queue::Queue;
use super::{SDK_TYPE, SDK_VERSION};
use crate::json::Writer;

/// Per-request values of the envelope.
#[derive(Clone, Copy, Debug)]
pub struct Envelope<'a> {
    /// `request_id`: a fresh UUID per request.
    pub request_id: &'a str,
    /// `write_key` (empty when none was configured).
    pub write_key: &'a str,
    /// `send_ts`: now, epoch ms.
    pub send_ts: u64,
    /// The channel of the `externalId` identity.
    pub channel_id: &'a str,
}

/// One request's worth of messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The `message_id`s it carries, in order (removed from the queue after a 2xx).
    pub ids: Vec<String>,
    /// The JSON body.
    pub body: String,
}

/// Writes the envelope up to and including `"messages":[`.
fn head(env: &Envelope<'_>, identity: &Identity) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.str_member("client_id", &identity.anonymous_id);
    w.str_member("request_id", env.request_id);
    w.str_member("write_key", env.write_key);
    w.uint_member("send_ts", env.send_ts);
    w.str_member("sdk_type", SDK_TYPE);
    w.str_member("sdk_version", SDK_VERSION);
    w.key("identities");
    w.begin_array();
    w.begin_object();
    w.str_member("type", "anonymousId");
    w.str_member("id", &identity.anonymous_id);
    w.end_object();
    if let Some(x) = &identity.external_id {
        w.begin_object();
        w.str_member("type", "externalId");
        w.str_member("id", x);
        w.str_member("channelId", env.channel_id);
        w.end_object();
    }
    w.end_array();
    w.key("messages");
    w.begin_array();
    w.finish()
}

const TAIL: &str = "]}";

/// The batch starting at queue index `start`: messages of that message's identity, in
/// order, stopping at another identity, at `max_count`, or before the body would exceed
/// `max_bytes`. When even the first message does not fit, it goes alone if
/// `allow_oversized`, else there is no batch. `None` when `start` is past the end.
pub fn next(queue: &Queue, start: usize, max_count: usize, max_bytes: usize, allow_oversized: bool, env: &Envelope<'_>) -> Option<Batch> {
    let first = queue.get(start)?;
    let identity = &first.identity;
    let mut body = head(env, identity);
    let mut ids = Vec::new();
    for m in queue.iter().skip(start) {
        if ids.len() >= max_count.max(1) || m.identity != *identity {
            break;
        }
        let comma = usize::from(!ids.is_empty());
        let size = body.len() + comma + m.json.len() + TAIL.len();
        if size > max_bytes && !(ids.is_empty() && allow_oversized) {
            break;
        }
        if comma == 1 {
            body.push(',');
        }
        body.push_str(&m.json);
        ids.push(m.id.clone());
    }
    if ids.is_empty() {
        return None;
    }
    body.push_str(TAIL);
    Some(Batch { ids, body })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::json::{parse, Json};
    use crate::track::message::{self, Attrs, Context, Message, Page};

    fn msg(n: usize, anon: &str, ext: Option<&str>, pad: usize) -> Message {
        msg_titled(n, anon, ext, &"t".repeat(pad))
    }

    fn msg_titled(n: usize, anon: &str, ext: Option<&str>, title: &str) -> Message {
        let id = Identity { anonymous_id: anon.into(), external_id: ext.map(str::to_owned) };
        let mid = format!("m-{n}");
        let ctx = Context {
            channel_id: "example.com",
            identity: &id,
            page: Page { url: "u", title, referrer: "" },
            utm: None,
            ts: 5,
            message_id: &mid,
            session_id: 1,
        };
        message::track(&ctx, "E", &Attrs::new())
    }

    const ENV: Envelope<'static> = Envelope { request_id: "r-1", write_key: "wk", send_ts: 1_700_000_000_000, channel_id: "example.com" };

    #[test]
    fn body_is_the_wire_envelope() {
        let mut q = Queue::new(10);
        q.push(msg(0, "a", Some("u1"), 0));
        q.push(msg(1, "a", Some("u1"), 0));
        let b = next(&q, 0, 50, 65536, true, &ENV).unwrap();
        assert_eq!(b.ids, ["m-0", "m-1"]);
        let v = parse(&b.body).unwrap();
        let v = &v;
        assert_eq!(v.keys(), ["client_id", "request_id", "write_key", "send_ts", "sdk_type", "sdk_version", "identities", "messages"]);
        assert_eq!(v.get("client_id").unwrap().as_str(), Some("a"));
        assert_eq!(v.get("sdk_type").unwrap().as_str(), Some("JS SDK"));
        assert_eq!(v.get("send_ts").unwrap().number_text().as_deref(), Some("1700000000000"));
        let ids = v.get("identities").unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids.at(0).unwrap().get("type").unwrap().as_str(), Some("anonymousId"));
        assert_eq!(ids.at(1).unwrap().get("id").unwrap().as_str(), Some("u1"));
        assert_eq!(ids.at(1).unwrap().get("channelId").unwrap().as_str(), Some("example.com"));
        let msgs = v.get("messages").unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs.at(1).unwrap().get("message_id").unwrap().as_str(), Some("m-1"));
    }

    #[test]
    fn anonymous_batch_has_one_identity() {
        let mut q = Queue::new(10);
        q.push(msg(0, "a", None, 0));
        let v = parse(&next(&q, 0, 50, 65536, true, &ENV).unwrap().body).unwrap();
        assert_eq!(v.get("identities").unwrap().len(), 1);
    }

    #[test]
    fn stops_at_another_identity_and_at_the_count() {
        let mut q = Queue::new(10);
        q.push(msg(0, "a", None, 0));
        q.push(msg(1, "a", None, 0));
        q.push(msg(2, "a", Some("u"), 0));
        q.push(msg(3, "b", None, 0));
        q.push(msg(4, "b", None, 0));
        q.push(msg(5, "b", None, 0));
        assert_eq!(next(&q, 0, 50, 65536, true, &ENV).unwrap().ids, ["m-0", "m-1"]);
        assert_eq!(next(&q, 2, 50, 65536, true, &ENV).unwrap().ids, ["m-2"]);
        assert_eq!(next(&q, 3, 2, 65536, true, &ENV).unwrap().ids, ["m-3", "m-4"]);
        assert_eq!(next(&q, 3, 0, 65536, true, &ENV).unwrap().ids, ["m-3"], "max_count 0 means 1");
        assert_eq!(next(&q, 6, 50, 65536, true, &ENV), None);
    }

    #[test]
    fn body_stays_under_the_byte_cap() {
        let mut q = Queue::new(100);
        for n in 0..40 {
            q.push(msg(n, "a", None, 3000));
        }
        let cap = crate::track::MAX_BODY_BYTES;
        let b = next(&q, 0, 50, cap, true, &ENV).unwrap();
        assert!(b.body.len() <= cap, "{}", b.body.len());
        assert!(b.ids.len() > 10 && b.ids.len() < 40);
        // One more message would not have fit.
        let one_more = b.body.len() + 1 + q.get(b.ids.len()).unwrap().json.len();
        assert!(one_more > cap);
        assert!(parse(&b.body).is_ok());
    }

    #[test]
    fn oversized_message_goes_alone_only_when_allowed() {
        let mut q = Queue::new(10);
        q.push(msg(0, "a", None, 70_000));
        q.push(msg(1, "a", None, 0));
        assert_eq!(next(&q, 0, 50, 65536, false, &ENV), None);
        let b = next(&q, 0, 50, 65536, true, &ENV).unwrap();
        assert_eq!(b.ids, ["m-0"]);
        assert!(parse(&b.body).is_ok());
    }

    #[test]
    fn multibyte_text_is_counted_in_bytes() {
        let mut q = Queue::new(10);
        for n in 0..3 {
            q.push(msg_titled(n, "a", None, &"联".repeat(1000))); // 3000 bytes, 1000 chars
        }
        let b = next(&q, 0, 50, 7000, true, &ENV).unwrap();
        assert_eq!(b.ids.len(), 2);
        assert!(b.body.len() <= 7000);
    }
}
