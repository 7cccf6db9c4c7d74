//! What to do after a failed attempt: retry (after how long) or give up.
//!
//! Exponential backoff with full jitter (500 ms base, 8 s cap); a `Retry-After`
//! header (seconds or HTTP date, capped at 60 s) replaces the backoff. Which failures
//! are retried depends on the call's [`Replay`] class, and on the answer's body: a 5xx
//! carrying a Linkflow business code is the server's verdict on the request (the guide
//! answers input errors such as `B00030` with 500), so it is final.

use crate::api::check::business_code;
use crate::backoff::{Backoff, Jitter};
use crate::json::Json;
use crate::request::Replay;
use crate::time::parse_http_date;

/// First backoff step.
pub const BASE_MS: f64 = 500.0;
/// Largest backoff step.
pub const CAP_MS: f64 = 8_000.0;
/// The client's retry schedule: full jitter from [`BASE_MS`] up to [`CAP_MS`].
pub const BACKOFF: Backoff = Backoff { base_ms: BASE_MS as u32, cap_ms: CAP_MS as u32, jitter: Jitter::Full };
/// Largest wait a `Retry-After` header can ask for.
pub const RETRY_AFTER_CAP_MS: f64 = 60_000.0;

/// How an attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer: connection refused or reset, DNS, CORS.
    Network,
    /// The attempt ran past `timeoutMs`.
    Timeout,
    /// A non-2xx answer (401 is handled by the token refresh, not here).
    Status(u16),
    /// A 5xx answer whose body carries a Linkflow business code (`"code": "B…"`): the
    /// server judged the request itself, and the same request gets the same answer.
    Judged(u16),
}

impl Failure {
    /// What a non-2xx answer with status `status` and body `body` (parsed, when it is
    /// JSON) is: [`Failure::Judged`] for a 5xx carrying a business code, else
    /// [`Failure::Status`].
    pub fn of_answer<J: Json>(status: u16, body: Option<J>) -> Failure {
        let judged = (500..600).contains(&status) && body.as_ref().and_then(business_code).is_some_and(|code| code.starts_with('B'));
        if judged {
            Failure::Judged(status)
        } else {
            Failure::Status(status)
        }
    }
}

/// Whether a call of class `replay` may be repeated after `failure`.
/// `has_retry_after`: the answer carried a `Retry-After` header.
pub fn is_retryable(replay: Replay, failure: Failure, has_retry_after: bool) -> bool {
    match (replay, failure) {
        (Replay::Safe, Failure::Network | Failure::Timeout) => true,
        (Replay::Safe, Failure::Status(s)) => s == 408 || s == 429 || (500..600).contains(&s),
        (_, Failure::Judged(_)) => false,
        // The server may have acted: only its own word that it did not is enough.
        (Replay::Create, Failure::Status(429)) => true,
        (Replay::Create, Failure::Status(503)) => has_retry_after,
        (Replay::Create, _) => false,
    }
}

/// Milliseconds a `Retry-After` value asks for, capped at 60 s; `None` if unreadable.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    let ms = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Digit by digit, saturating: `str::parse::<f64>` would pull ~10 KB of float
        // parsing tables into the wasm for this one header.
        let secs = v.bytes().fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        secs.saturating_mul(1000) as f64
    } else {
        (parse_http_date(v)? as f64 - now_ms).max(0.0)
    };
    Some(ms.min(RETRY_AFTER_CAP_MS))
}

/// Full-jitter backoff before retry number `retry` (0 for the first retry);
/// `random01` is uniform in `[0, 1)`.
pub fn backoff_ms(retry: u32, random01: f64) -> f64 {
    BACKOFF.delay_ms(retry, random01)
}

/// The wait before the next attempt, or `None` to give up.
///
/// `retries_done` counts retries already made; `retry_after` is the answer's header.
pub fn next_delay(
    replay: Replay,
    failure: Failure,
    retries_done: u32,
    max_retries: u32,
    retry_after: Option<&str>,
    now_ms: f64,
    random01: f64,
) -> Option<f64> {
    if retries_done >= max_retries {
        return None;
    }
    let hinted = retry_after.and_then(|v| parse_retry_after(v, now_ms));
    if !is_retryable(replay, failure, hinted.is_some()) {
        return None;
    }
    Some(hinted.unwrap_or_else(|| backoff_ms(retries_done, random01)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_calls_retry_on_network_timeouts_408_429_5xx() {
        for f in
            [Failure::Network, Failure::Timeout, Failure::Status(408), Failure::Status(429), Failure::Status(500), Failure::Status(599)]
        {
            assert!(is_retryable(Replay::Safe, f, false), "{f:?}");
        }
        for f in [Failure::Status(400), Failure::Status(403), Failure::Status(404), Failure::Status(412)] {
            assert!(!is_retryable(Replay::Safe, f, false), "{f:?}");
        }
    }

    #[test]
    fn creates_retry_only_when_the_server_did_not_act() {
        assert!(is_retryable(Replay::Create, Failure::Status(429), false));
        assert!(is_retryable(Replay::Create, Failure::Status(503), true));
        assert!(!is_retryable(Replay::Create, Failure::Status(503), false));
        assert!(!is_retryable(Replay::Create, Failure::Status(500), true));
        assert!(!is_retryable(Replay::Create, Failure::Network, false));
        assert!(!is_retryable(Replay::Create, Failure::Timeout, false));
    }

    #[test]
    fn backoff_doubles_from_500ms_to_an_8s_cap_with_full_jitter() {
        assert_eq!(backoff_ms(0, 0.999_999_9).round(), 500.0);
        assert_eq!(backoff_ms(1, 0.999_999_9).round(), 1000.0);
        assert_eq!(backoff_ms(4, 0.999_999_9).round(), 8000.0);
        assert_eq!(backoff_ms(40, 0.999_999_9).round(), 8000.0);
        assert_eq!(backoff_ms(3, 0.0), 0.0);
        assert_eq!(backoff_ms(3, 0.5), 2000.0);
    }

    #[test]
    fn retry_after_seconds_and_dates_are_capped_at_60s() {
        assert_eq!(parse_retry_after("2", 0.0), Some(2000.0));
        assert_eq!(parse_retry_after("3600", 0.0), Some(60_000.0));
        let now = 784_111_777_000.0;
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now), Some(3000.0));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now), Some(0.0));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn next_delay_prefers_retry_after_and_stops_at_max_retries() {
        let d = next_delay(Replay::Safe, Failure::Status(503), 0, 2, Some("7"), 0.0, 0.1);
        assert_eq!(d, Some(7000.0));
        assert_eq!(next_delay(Replay::Safe, Failure::Status(503), 2, 2, None, 0.0, 0.1), None);
        assert_eq!(next_delay(Replay::Create, Failure::Status(500), 0, 2, Some("1"), 0.0, 0.1), None);
        assert_eq!(next_delay(Replay::Safe, Failure::Network, 1, 2, None, 0.0, 0.5), Some(500.0));
    }

    #[test]
    fn a_5xx_with_a_business_code_is_final() {
        let body = |text: &str| crate::json::parse(text).ok();
        let judged = body(r#"{"code":"B00030","message":"page*size必须小于等于10000"}"#);
        assert_eq!(Failure::of_answer(500, judged.as_ref()), Failure::Judged(500));
        assert_eq!(Failure::of_answer(503, body(r#"{"errorCode":"B00500"}"#).as_ref()), Failure::Judged(503));
        assert_eq!(next_delay(Replay::Safe, Failure::Judged(500), 0, 2, Some("1"), 0.0, 0.5), None, "not even with Retry-After");
        // Without a business code (a gateway's page, another code, no body) or below 500:
        // today's policy.
        for other in [body("<html>"), body(r#"{"code":"E1"}"#), body(r#"{"code":30}"#), body(r#"{"message":"x"}"#), None] {
            assert_eq!(Failure::of_answer(502, other.as_ref()), Failure::Status(502));
        }
        assert_eq!(Failure::of_answer(429, judged.as_ref()), Failure::Status(429), "429 still means: try later");
        assert_eq!(Failure::of_answer(400, judged.as_ref()), Failure::Status(400));
    }
}
