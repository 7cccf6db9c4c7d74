//! The tracker's pure part: everything `Tracker` decides without touching the browser.
//!
//! - [`uuid`]: UUID v4 text from 16 random bytes (the bytes come from the caller);
//! - [`url`]: the `utm_*` parameters of a landing URL, and the collector endpoint;
//! - [`message`]: one queued message (`WEBSITE__PAGE_VIEW`, a custom event, an identify)
//!   written once, as JSON text, from inputs the caller supplies (time, ids, page);
//! - [`queue`]: the bounded, persisted queue (oldest dropped past the bound and counted)
//!   and its storage text;
//! - [`batch`]: which messages go in the next request, and its body, under a byte cap;
//! - [`answer`]: what a collector's answer means for the batch (accepted, retry,
//!   drop a permanent rejection, split a too-large batch);
//! - [`backoff`]: when to try again after a failed send;
//! - [`session`]: which session an activity belongs to (idle timeout, new campaign);
//! - [`consent`]: whether anything may be stored or sent;
//! - [`machine`] and [`sending`]: the tracker's whole policy as one synchronous state
//!   machine (what to record, store, send, retry; consent; sessions; hand-over), which asks
//!   the page for time, storage, timers and `fetch` through [`host::Host`].
//!
//! The JS driver (`pkg-template/tracker.js`, through `src/wasm/tracker.rs`) owns the clock,
//! randomness, storage, timers, listeners and `fetch`; it feeds their results in here.
//! Nothing here panics.
//!
//! Wire format (`POST {collectUrl}/api/sdk/v2/batch_messages?token={writeKey}`):
//!
//! ```text
//! { client_id, request_id, write_key, send_ts, sdk_type: "JS SDK", sdk_version,
//!   identities: [ { type: "anonymousId", id }, { type: "externalId", id, channelId } ],
//!   messages:   [ { message_id, session_id, domain: "event" | "identity", action: "track" | "identify",
//!                   ts, data: { event, channelId, url, title, referrer, utm, attr1.. } } ] }
//! ```

pub mod answer;
pub mod backoff;
pub mod batch;
pub mod consent;
pub mod host;
pub mod machine;
pub mod message;
pub mod queue;
pub mod sending;
pub mod session;
pub mod url;
pub mod uuid;

/// The event code of a page view.
pub const PAGE_VIEW: &str = "WEBSITE__PAGE_VIEW";
/// `sdk_type` of every batch.
pub const SDK_TYPE: &str = "JS SDK";
/// `sdk_version` of every batch: the crate's version.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
/// How many messages the queue holds at most; past it the oldest are dropped (and counted).
pub const MAX_QUEUE: usize = 5000;
/// Default number of messages per request.
pub const DEFAULT_BATCH_SIZE: usize = 50;
/// Default time between a message being queued and its batch being sent.
pub const DEFAULT_FLUSH_INTERVAL_MS: u32 = 5000;
/// Largest request body, in bytes (UTF-8). Browsers refuse `keepalive` requests whose
/// bodies (all in flight together) exceed 64 KiB; every batch stays under this so any
/// batch can be sent on `pagehide`. A single message larger than this is sent alone by
/// the regular (non-keepalive) path.
pub const MAX_BODY_BYTES: usize = 60 * 1024;
/// Highest attribute number (`attr1`..`attr20`).
pub const MAX_ATTRS: u8 = 20;
