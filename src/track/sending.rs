//! Getting queued messages to the collector: the state machine's send loop.
//!
//! - One send loop at a time ([`Machine::flush`]): it posts the oldest batch, and on a 2xx
//!   removes exactly those messages and saves the queue, then the next batch, until the
//!   queue is empty; then [`Host::drained`] resolves every waiting `flush()`.
//! - What an answer means is [`super::answer`]'s decision. A transient failure (network
//!   error, timeout, 408, 429, 5xx) ends the loop; the messages stay. The next try comes
//!   after an exponential backoff with jitter, or, when the browser says it is offline, at
//!   the `online` event.
//! - A permanent rejection (any other 4xx) removes the batch's messages and reports them
//!   (`onDrop`); the loop goes on with the rest. A 413 for a batch of several messages
//!   halves the batch size (for the rest of the page's life) and goes on at once.
//! - On `pagehide` / `visibilitychange: hidden`, [`Machine::pagehide`] posts what fits in
//!   the browser's 64 KB `keepalive` budget, so the requests outlive the page. They too
//!   remove messages only on a 2xx (or a permanent rejection); if the page is gone before
//!   the answer, the messages are still in storage and are sent again on the next visit
//!   (the collector drops repeated `message_id`s).

use super::answer::{self, CollectorVerdict};
use super::batch::{self, Batch, Envelope};
use super::host::Host;
use super::machine::{report, InFlight, Machine, REJECTED};
use super::{backoff, MAX_BODY_BYTES};

/// What a batch outcome is logged as (`debug`).
fn outcome_text(verdict: CollectorVerdict) -> &'static str {
    match verdict {
        CollectorVerdict::Accepted => "linkflow Tracker: batch sent",
        CollectorVerdict::Drop => "linkflow Tracker: batch dropped: the collector refused it for good",
        CollectorVerdict::Split(_) => "linkflow Tracker: batch too large, sending it in halves",
        CollectorVerdict::Retry => "linkflow Tracker: batch not delivered (no answer, a redirect, 408, 429 or 5xx), will retry",
    }
}

impl Machine {
    /// The next batch starting at queue index `start`, with a fresh envelope.
    fn next_batch<H: Host>(&self, start: usize, max_bytes: usize, allow_oversized: bool, host: &mut H) -> Option<Batch> {
        let request_id = host.uuid();
        let env =
            Envelope { request_id: &request_id, write_key: &self.cfg.write_key, send_ts: host.now_ms(), channel_id: &self.cfg.channel_id };
        batch::next(&self.queue, start, self.cfg.batch_size.min(self.batch_limit), max_bytes, allow_oversized, &env)
    }

    /// Posts `b`; the status when the host knows it now.
    fn post<H: Host>(&mut self, b: Batch, keepalive: bool, host: &mut H) -> Option<(Vec<String>, u16)> {
        let id = self.next_request;
        self.next_request = self.next_request.wrapping_add(1);
        match host.post(id, &self.cfg.endpoint, &b.body, keepalive, b.ids.len()) {
            Some(status) => Some((b.ids, status)),
            None => {
                self.in_flight.push(InFlight { id, ids: b.ids, keepalive });
                None
            }
        }
    }

    /// Removes the sent messages (remembering their ids) and saves the queue soon.
    fn sent<H: Host>(&mut self, ids: &[String], host: &mut H) {
        self.queue.remove(ids);
        for id in ids {
            self.sent.insert(id);
        }
        self.save_soon(host);
    }

    /// `flush()`: starts the send loop unless one runs. False when nothing may leave
    /// (consent not granted, destroyed): the caller's `flush()` resolves at once.
    pub fn flush<H: Host>(&mut self, host: &mut H) -> bool {
        if !self.may_send() {
            return false;
        }
        if !self.draining {
            self.draining = true;
            self.cancel_timer(host);
            self.step(host);
        }
        true
    }

    /// The flush timer fired: start the send loop.
    pub fn tick<H: Host>(&mut self, host: &mut H) {
        self.timer_due = None;
        self.flush(host);
    }

    /// Posts batches until one is in flight or the loop ends. (A loop, not recursion: a
    /// dry run answers every batch at once.)
    fn step<H: Host>(&mut self, host: &mut H) {
        loop {
            if !self.may_send() {
                return self.finish(host);
            }
            if !host.online() {
                self.waiting_online = true;
                return self.finish(host);
            }
            let Some(b) = self.next_batch(0, MAX_BODY_BYTES, true, host) else {
                self.attempt = 0;
                return self.finish(host);
            };
            let Some((ids, status)) = self.post(b, false, host) else { return };
            if !self.settle(&ids, status, host) {
                return;
            }
        }
    }

    /// What the regular path does with an answer; true when the loop goes on.
    fn settle<H: Host>(&mut self, ids: &[String], status: u16, host: &mut H) -> bool {
        match answer::answer(status, ids.len()) {
            CollectorVerdict::Accepted => self.sent(ids, host),
            CollectorVerdict::Drop => self.rejected(ids, host),
            CollectorVerdict::Split(n) => self.batch_limit = n,
            CollectorVerdict::Retry => {
                self.retry(host);
                return false;
            }
        }
        self.attempt = 0;
        true
    }

    /// A request was answered (`status` 0: no answer, a network error, a timeout, a
    /// redirect not followed).
    pub fn answered<H: Host>(&mut self, id: u32, status: u16, host: &mut H) {
        let Some(at) = self.in_flight.iter().position(|r| r.id == id) else { return };
        let r = self.in_flight.swap_remove(at);
        let verdict = answer::answer(status, r.ids.len());
        host.batch_outcome(outcome_text(verdict), r.ids.len(), status);
        if r.keepalive {
            self.settle_keepalive(&r.ids, status, host);
        } else if self.settle(&r.ids, status, host) {
            self.step(host);
        }
    }

    /// Removes messages the collector rejected for good (they must not come back from
    /// storage either) and reports them.
    fn rejected<H: Host>(&mut self, ids: &[String], host: &mut H) {
        self.sent(ids, host);
        report(host, ids.len(), REJECTED);
    }

    /// A send failed for now: schedule the next try and end the loop.
    fn retry<H: Host>(&mut self, host: &mut H) {
        self.attempt = self.attempt.saturating_add(1);
        if host.online() {
            let delay = backoff::delay_ms(self.attempt, host.random01());
            self.schedule(delay, host);
        } else {
            self.waiting_online = true;
        }
        self.finish(host);
    }

    /// The send loop ended.
    fn finish<H: Host>(&mut self, host: &mut H) {
        self.draining = false;
        host.drained();
    }

    /// Back online: try now.
    pub fn online<H: Host>(&mut self, host: &mut H) {
        let go = self.waiting_online || self.attempt > 0;
        self.waiting_online = false;
        self.attempt = 0;
        if go {
            self.flush(host);
        }
    }

    /// The page is being hidden or unloaded: save the queue and post what fits in the
    /// `keepalive` budget (several batches when the queue holds several identities).
    pub fn pagehide<H: Host>(&mut self, host: &mut H) {
        self.save_queue(host);
        let busy = self.in_flight.iter().any(|r| r.keepalive);
        if busy || self.cfg.dry_run || self.queue.is_empty() || !self.may_send() || !host.online() {
            return;
        }
        let mut start = 0;
        let mut budget = MAX_BODY_BYTES;
        while let Some(b) = self.next_batch(start, budget, false, host) {
            start += b.ids.len();
            budget = budget.saturating_sub(b.body.len());
            if let Some((ids, status)) = self.post(b, true, host) {
                // Known at once (`fetch` threw).
                self.settle_keepalive(&ids, status, host);
            }
        }
    }

    /// A keepalive request's answer: only a 2xx or a permanent rejection settles its
    /// messages; anything else (a 413 too) leaves them to the regular path, which retries
    /// and splits.
    fn settle_keepalive<H: Host>(&mut self, ids: &[String], status: u16, host: &mut H) {
        match answer::answer(status, ids.len()) {
            CollectorVerdict::Accepted => self.sent(ids, host),
            CollectorVerdict::Drop => self.rejected(ids, host),
            CollectorVerdict::Split(_) | CollectorVerdict::Retry => {}
        }
    }
}
