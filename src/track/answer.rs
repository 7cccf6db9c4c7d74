//! What the send loop does with the collector's answer to a batch.
//!
//! - a 2xx: the messages were accepted ([`CollectorVerdict::Accepted`]);
//! - 408, 429, 5xx, or no answer at all (a network error or timeout, passed in as status
//!   0), or anything else the collector might say (1xx, 3xx): try again later, with
//!   backoff ([`CollectorVerdict::Retry`]);
//! - any other 4xx (400, 401, 403, 404, 422, …) will never succeed: the messages are
//!   dropped and counted, so they do not block the queue for good ([`CollectorVerdict::Drop`]);
//! - 413 for a batch of several messages: retry at once with half as many per batch
//!   ([`CollectorVerdict::Split`]); a lone message that is too large is dropped.

/// What to do with a batch after the collector answered `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectorVerdict {
    /// Remove the messages: they arrived.
    Accepted,
    /// Keep the messages and try again after a backoff.
    Retry,
    /// Remove the messages and report them as dropped: they can never be accepted.
    Drop,
    /// Keep the messages and send them again now, at most this many per batch.
    Split(usize),
}

/// True for a 4xx that repeating the same request cannot change (every 4xx but
/// 408 Request Timeout and 429 Too Many Requests).
pub fn is_permanent(status: u16) -> bool {
    (400..500).contains(&status) && status != 408 && status != 429
}

/// The decision for a batch of `batch_len` messages answered with `status` (0 when no
/// answer came).
pub fn answer(status: u16, batch_len: usize) -> CollectorVerdict {
    if (200..300).contains(&status) {
        CollectorVerdict::Accepted
    } else if status == 413 && batch_len > 1 {
        CollectorVerdict::Split(batch_len / 2)
    } else if is_permanent(status) {
        CollectorVerdict::Drop
    } else {
        CollectorVerdict::Retry
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn two_hundreds_are_accepted() {
        for s in [200, 201, 202, 204, 299] {
            assert_eq!(answer(s, 3), CollectorVerdict::Accepted, "{s}");
        }
    }

    #[test]
    fn permanent_rejections_are_dropped() {
        for s in [400, 401, 403, 404, 405, 410, 415, 422, 451, 499] {
            assert!(is_permanent(s), "{s}");
            assert_eq!(answer(s, 1), CollectorVerdict::Drop, "{s}");
            assert_eq!(answer(s, 50), CollectorVerdict::Drop, "{s}");
        }
    }

    #[test]
    fn transient_failures_are_retried() {
        for s in [0, 100, 199, 300, 302, 304, 399, 408, 429, 500, 502, 503, 504, 599, 999] {
            assert!(!is_permanent(s), "{s}");
            assert_eq!(answer(s, 1), CollectorVerdict::Retry, "{s}");
            assert_eq!(answer(s, 50), CollectorVerdict::Retry, "{s}");
        }
    }

    #[test]
    fn too_large_splits_until_a_single_message_is_dropped() {
        assert_eq!(answer(413, 50), CollectorVerdict::Split(25));
        assert_eq!(answer(413, 3), CollectorVerdict::Split(1));
        assert_eq!(answer(413, 2), CollectorVerdict::Split(1));
        assert_eq!(answer(413, 1), CollectorVerdict::Drop);
        assert_eq!(answer(413, 0), CollectorVerdict::Drop);
        // Halving from any size reaches a lone message, which is then dropped.
        let mut n = 5000;
        let mut rounds = 0;
        while let CollectorVerdict::Split(m) = answer(413, n) {
            assert!(m >= 1 && m < n);
            n = m;
            rounds += 1;
        }
        assert_eq!((n, rounds), (1, 12));
    }
}
