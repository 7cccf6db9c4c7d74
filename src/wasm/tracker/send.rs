//! Getting queued messages to the collector.
//!
//! - One send loop at a time ([`flush`]): it posts the oldest batch, and on a 2xx removes
//!   exactly those messages and saves the queue, then the next batch, until the queue is
//!   empty. Every `flush()` promise made while it runs resolves when it ends.
//! - What an answer means is [`crate::track::answer`]'s decision. A transient failure
//!   (network error, timeout, 408, 429, 5xx, any other non-2xx but a 4xx) ends the loop;
//!   the messages stay. The next try comes after an exponential backoff with jitter, or,
//!   when the browser says it is offline, at the `online` event.
//! - A permanent rejection (any other 4xx) removes the batch's messages and reports them
//!   through `onDrop(count)`; the loop goes on with the rest. A 413 for a batch of several
//!   messages halves the batch size (for the rest of the page's life) and goes on at once.
//! - On `pagehide` / `visibilitychange: hidden`, [`flush_keepalive`] posts what fits in the
//!   browser's 64 KB `keepalive` budget, so the requests outlive the page. They also only
//!   remove messages on a 2xx (or a permanent rejection, reported); if the page is gone before the answer, the messages are
//!   still in storage and are sent again on the next visit (the collector drops repeated
//!   `message_id`s).
//!
//! Written as promise callbacks rather than `async` code: no executor ships in the small
//! tracker module.

use super::state::{report_drop, report_rejected, with, Shared};
use crate::track::answer::{self, CollectorVerdict};
use crate::track::batch::{self, Batch, Envelope};
use crate::track::{backoff, MAX_BODY_BYTES};
use crate::wasm::platform;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

/// A regular send is given up (and retried later) after this long.
const SEND_TIMEOUT_MS: u32 = 30_000;

/// The next batch starting at queue index `start`, with a fresh envelope, and the URL.
fn next_batch(shared: &Shared, start: usize, max_bytes: usize, allow_oversized: bool) -> Option<(Batch, String)> {
    with(shared, |s| {
        let request_id = platform::uuid();
        let env = Envelope {
            request_id: &request_id,
            write_key: &s.cfg.write_key,
            send_ts: platform::now_whole_ms(),
            channel_id: &s.cfg.channel_id,
        };
        batch::next(&s.queue, start, s.cfg.batch_size.min(s.batch_limit), max_bytes, allow_oversized, &env)
            .map(|b| (b, s.cfg.endpoint.clone()))
    })
    .flatten()
}

/// Posts `body` (a batch of `count` messages); `done(status)` with the answer's HTTP
/// status, 0 when there was none (a network error, a timeout, a redirect not followed;
/// also when `fetch` throws: then `done` is called right away). A dry run logs the batch
/// and answers 200 itself.
fn post(shared: &Shared, url: &str, body: &str, count: usize, keepalive: bool, done: impl FnOnce(u16) + 'static) {
    let Some((fetch, dry_run, log)) = with(shared, |s| (s.cfg.fetch.clone(), s.cfg.dry_run, s.cfg.log.clone())) else {
        return done(0);
    };
    if dry_run {
        log.dry_run(body);
        return done(200);
    }
    let Some(p) = platform::post(fetch.as_ref(), url, body, keepalive, SEND_TIMEOUT_MS) else {
        log.batch("linkflow Tracker: fetch failed, will retry", count, 0);
        return done(0);
    };
    // One callback for both outcomes: a rejection reason has no `status`.
    let settle = Closure::once_into_js(move |v: JsValue| {
        let status = platform::status(&v);
        let text = match answer::answer(status, count) {
            CollectorVerdict::Accepted => "linkflow Tracker: batch sent",
            CollectorVerdict::Drop => "linkflow Tracker: batch dropped: the collector refused it for good",
            CollectorVerdict::Split(_) => "linkflow Tracker: batch too large, sending it in halves",
            CollectorVerdict::Retry => "linkflow Tracker: batch not delivered (no answer, a redirect, 408, 429 or 5xx), will retry",
        };
        log.batch(text, count, status);
        done(status)
    });
    let _ = platform::call(&p, "then", &[&settle, &settle]);
}

/// Removes the sent messages (remembering their ids) and saves the queue.
fn sent(shared: &Shared, ids: &[String]) {
    with(shared, |s| {
        s.queue.remove(ids);
        for id in ids {
            s.sent.insert(id);
        }
        s.save_soon();
    });
}

/// Sends everything queued now; resolves when the queue is empty or a send failed (then a
/// retry is scheduled). Never rejects.
pub(super) fn flush(shared: &Shared) -> Promise {
    let mut resolve: Option<Function> = None;
    let p = Promise::new(&mut |res, _| resolve = Some(res));
    let start = with(shared, |s| {
        if !s.may_send() {
            // Nothing leaves before consent (or after destroy): resolve now.
            return None;
        }
        if let Some(r) = resolve.take() {
            s.waiters.push(r);
        }
        if s.draining {
            return Some(false);
        }
        s.draining = true;
        s.cancel_timer();
        Some(true)
    })
    .flatten();
    match start {
        Some(true) => step(shared),
        Some(false) => {}
        None => {
            if let Some(r) = resolve {
                let _ = r.call0(&JsValue::UNDEFINED);
            }
        }
    }
    p
}

/// Removes messages the collector rejected for good (they must not come back from storage
/// either) and reports them through `onDrop`.
fn rejected(shared: &Shared, ids: &[String]) {
    sent(shared, ids);
    report_rejected(shared, ids.len());
}

/// One round of the send loop: post the oldest batch, and go on when it was accepted,
/// rejected for good, or too large.
fn step(shared: &Shared) {
    if with(shared, |s| s.may_send()) != Some(true) {
        return finish(shared);
    }
    if !platform::online() {
        with(shared, |s| s.waiting_online = true);
        return finish(shared);
    }
    let Some((b, url)) = next_batch(shared, 0, MAX_BODY_BYTES, true) else {
        with(shared, |s| s.attempt = 0);
        return finish(shared);
    };
    let task = shared.clone();
    post(shared, &url, &b.body, b.ids.len(), false, move |status| {
        match answer::answer(status, b.ids.len()) {
            CollectorVerdict::Accepted => sent(&task, &b.ids),
            CollectorVerdict::Drop => rejected(&task, &b.ids),
            CollectorVerdict::Split(n) => {
                with(&task, |s| s.batch_limit = n);
            }
            CollectorVerdict::Retry => return retry(&task),
        }
        with(&task, |s| s.attempt = 0);
        step(&task);
    });
}

/// A send failed for now: schedule the next try and end the loop.
fn retry(task: &Shared) {
    with(task, |s| {
        s.attempt = s.attempt.saturating_add(1);
        if platform::online() {
            s.schedule(backoff::delay_ms(s.attempt, platform::random01()));
        } else {
            s.waiting_online = true;
        }
    });
    finish(task);
}

/// The send loop ended: resolve every waiting `flush()`.
fn finish(shared: &Shared) {
    let waiters = with(shared, |s| {
        s.draining = false;
        std::mem::take(&mut s.waiters)
    });
    for r in waiters.unwrap_or_default() {
        let _ = r.call0(&JsValue::UNDEFINED);
    }
}

/// The timer fired: start the send loop.
pub(super) fn tick(shared: &Shared) {
    with(shared, |s| s.cancel_timer());
    let _ = flush(shared);
}

/// Back online: try now.
pub(super) fn online(shared: &Shared) {
    let go = with(shared, |s| {
        let go = s.waiting_online || s.attempt > 0;
        s.waiting_online = false;
        s.attempt = 0;
        go
    });
    if go == Some(true) {
        let _ = flush(shared);
    }
}

/// The page is being hidden or unloaded: save the queue and post what fits in the
/// `keepalive` budget (several batches when the queue holds several identities).
pub(super) fn flush_keepalive(shared: &Shared) {
    let saved = with(shared, |s| {
        let dropped = s.save_queue();
        (dropped, s.keepalive_inflight > 0 || s.queue.is_empty() || !s.may_send() || s.cfg.dry_run)
    });
    let Some((dropped, busy)) = saved else { return };
    report_drop(shared, dropped);
    if busy || !platform::online() {
        return;
    }
    let mut start = 0;
    let mut budget = MAX_BODY_BYTES;
    while let Some((b, url)) = next_batch(shared, start, budget, false) {
        start += b.ids.len();
        budget = budget.saturating_sub(b.body.len());
        with(shared, |s| s.keepalive_inflight += 1);
        let task = shared.clone();
        post(shared, &url, &b.body, b.ids.len(), true, move |status| {
            // A 413 here is left to the regular path (it splits); a lone message is dropped.
            match answer::answer(status, b.ids.len()) {
                CollectorVerdict::Accepted => sent(&task, &b.ids),
                CollectorVerdict::Drop => rejected(&task, &b.ids),
                CollectorVerdict::Split(_) | CollectorVerdict::Retry => {}
            }
            with(&task, |s| s.keepalive_inflight = s.keepalive_inflight.saturating_sub(1));
        });
    }
}
