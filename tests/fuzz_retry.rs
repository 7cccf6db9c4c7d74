//! Property tests of the header and timestamp readers and the decisions built on them:
//! `retry::parse_retry_after` (seconds or HTTP date), `retry::next_delay`/`backoff_ms`,
//! `time::parse_linkflow_time`/`parse_http_date` (server-controlled text), and the token
//! cache fed arbitrary expirations and clocks. Properties: no panic (debug builds check
//! integer overflow), delays within their caps, a valid HTTP date or Linkflow time reads
//! back as the instant it names, and the cache never hands out a token past its refresh
//! time.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod fuzz_support;

use fuzz_support::*;
use linkflow_sdk::auth::{IssuedToken, Secret, TokenCache};
use linkflow_sdk::request::Replay;
use linkflow_sdk::retry::{backoff_ms, next_delay, parse_retry_after, Failure, CAP_MS, RETRY_AFTER_CAP_MS};
use linkflow_sdk::time::{parse_http_date, parse_linkflow_time};
use proptest::prelude::*;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A number field: mostly in its valid range, sometimes anything (huge values included).
fn field(lo: u32, hi: u32) -> impl Strategy<Value = u32> {
    prop_oneof![4 => lo..=hi, 1 => any::<u32>(), 1 => Just(u32::MAX), 1 => Just(0u32)]
}

/// Text shaped like an HTTP date, with any numbers in it (huge years included).
fn http_date_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["Sun,", "Mon,", "x"]),
        field(1, 31),
        0usize..13,
        prop_oneof![field(1900, 2100), field(0, 99_999)],
        field(0, 23),
        field(0, 59),
        field(0, 60),
        prop::sample::select(vec!["GMT", "GMT", "GMT", "UTC", "GMT x", ""]),
    )
        .prop_map(|(wd, d, m, y, h, mi, s, z)| {
            format!("{wd} {d:02} {} {y} {h:02}:{mi:02}:{s:02} {z}", MONTHS.get(m).copied().unwrap_or("Foo"))
        })
}

/// Text shaped like a Linkflow time, with any numbers in it.
fn linkflow_time_like() -> impl Strategy<Value = String> {
    (prop_oneof![field(1970, 2100), field(0, 99_999)], field(1, 12), field(1, 31), field(0, 23), field(0, 59), field(0, 60))
        .prop_map(|(y, mo, d, h, mi, s)| format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
}

/// A valid civil time (years 1..=9999) as epoch ms, computed independently of `src/time.rs`.
fn civil_ms(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    // Days from 0000-03-01, then shifted to 1970-01-01 (the "days from civil" algorithm
    // written out with a different month table).
    let (y, mo) = if mo <= 2 { (y - 1, mo + 12) } else { (y, mo) };
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * (i64::from(mo) - 3) + 2) / 5 + i64::from(d) - 1 - 719_468;
    ((days * 24 + i64::from(h)) * 60 + i64::from(mi)) * 60_000 + i64::from(s) * 1000
}

fn days_in(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn civil() -> impl Strategy<Value = (i64, u32, u32, u32, u32, u32)> {
    (1i64..=9999, 1u32..=12).prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in(y, m), 0u32..24, 0u32..60, 0u32..60))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn retry_after_is_never_negative_nor_past_the_cap(value in prop_oneof![any::<String>(), "[0-9]{1,400}", " ?[0-9]{1,12} ?", http_date_like()], now in prop_oneof![any::<f64>(), 0.0..4e12f64]) {
        if let Some(ms) = parse_retry_after(&value, now) {
            prop_assert!((0.0..=RETRY_AFTER_CAP_MS).contains(&ms), "{value:?} at {now} → {ms}");
        }
    }

    #[test]
    fn retry_after_seconds_are_read_exactly(secs in 0u64..100_000) {
        prop_assert_eq!(parse_retry_after(&secs.to_string(), 0.0), Some((secs as f64 * 1000.0).min(RETRY_AFTER_CAP_MS)));
    }

    #[test]
    fn http_dates_never_panic_and_valid_ones_name_their_instant(text in prop_oneof![any::<String>(), http_date_like()], (y, mo, d, h, mi, s) in civil()) {
        let _ = parse_http_date(&text);
        let date = format!("Sun, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT", MONTHS[mo as usize - 1]);
        prop_assert_eq!(parse_http_date(&date), Some(civil_ms(y, mo, d, h, mi, s)), "{}", date);
        // As a Retry-After: the wait is the distance to that instant, capped, never negative.
        let at = civil_ms(y, mo, d, h, mi, s) as f64;
        let now = at - 5_000.0;
        prop_assert_eq!(parse_retry_after(&date, now), Some(5_000.0));
        prop_assert_eq!(parse_retry_after(&date, at + 1.0), Some(0.0));
    }

    #[test]
    fn linkflow_times_never_panic_and_are_utc_plus_8(text in prop_oneof![any::<String>(), linkflow_time_like()], (y, mo, d, h, mi, s) in civil()) {
        let _ = parse_linkflow_time(&text);
        let t = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
        prop_assert_eq!(parse_linkflow_time(&t), Some(civil_ms(y, mo, d, h, mi, s) - 8 * 3_600_000), "{}", t);
    }

    #[test]
    fn backoff_stays_within_full_jitter(retry in any::<u32>(), r in prop_oneof![0.0..1.0f64, any::<f64>()]) {
        let ms = backoff_ms(retry, r);
        if r.is_finite() {
            prop_assert!((0.0..=CAP_MS).contains(&ms), "retry {retry} r {r} → {ms}");
        }
    }

    #[test]
    fn backoff_is_the_schedule_it_replaced(retry in prop_oneof![0u32..40, any::<u32>()], r in prop_oneof![0.0..1.0f64, any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)]) {
        // `retry::backoff_ms` as written before it moved onto `linkflow_sdk::backoff` (main at bec367f).
        let before = (500.0 * 2f64.powi(retry.min(30) as i32)).min(8_000.0) * r.clamp(0.0, 1.0);
        let now = backoff_ms(retry, r);
        prop_assert!(now == before || (now.is_nan() && before.is_nan()), "retry {retry} r {r}: {now} != {before}");
    }

    #[test]
    fn next_delay_never_exceeds_its_caps_nor_max_retries(create in any::<bool>(), failure in prop_oneof![Just(Failure::Network), Just(Failure::Timeout), any::<u16>().prop_map(Failure::Status), any::<u16>().prop_map(Failure::Judged)], done in 0u32..10, max in 0u32..10, header in prop::option::of(prop_oneof![any::<String>(), "[0-9]{1,6}", http_date_like()]), now in 0.0..4e12f64, r in 0.0..1.0f64) {
        let replay = if create { Replay::Create } else { Replay::Safe };
        let d = next_delay(replay, failure, done, max, header.as_deref(), now, r);
        if let Some(ms) = d {
            prop_assert!(done < max);
            prop_assert!((0.0..=RETRY_AFTER_CAP_MS.max(CAP_MS)).contains(&ms));
            if create {
                // A create is only repeated where the server said it did not act.
                prop_assert!(matches!(failure, Failure::Status(429) | Failure::Status(503)), "{failure:?}");
            }
            prop_assert!(!matches!(failure, Failure::Judged(_)), "a business verdict is final");
        }
    }

    #[test]
    fn a_5xx_is_final_exactly_when_its_body_carries_a_business_code(status in 100u16..600, code in prop::option::of(prop_oneof!["B[0-9]{5}", "[A-Z]?[0-9]{0,5}", any::<String>()]), key in prop::sample::select(vec!["code", "errorCode", "other"])) {
        let mut body = linkflow_sdk::json::Writer::new();
        body.begin_object();
        if let Some(c) = &code {
            body.key(key);
            body.string(c);
        }
        body.end_object();
        let text = body.finish();
        let parsed = parse(&text).unwrap();
        let business = key != "other" && code.as_deref().is_some_and(|c| c.starts_with('B'));
        let failure = Failure::of_answer(status, Some(&parsed));
        prop_assert_eq!(failure == Failure::Judged(status), business && (500..600).contains(&status), "{} {}", status, text);
        prop_assert!(failure == Failure::Judged(status) || failure == Failure::Status(status));
        prop_assert_eq!(Failure::of_answer::<&serde_json::Value>(status, None), Failure::Status(status), "no body, no verdict");
    }

    #[test]
    fn the_token_cache_takes_any_expiration_and_clock(expiration in prop::option::of(prop_oneof![any::<String>(), linkflow_time_like(), "20[0-9]{2}-0[1-9]-[0-2][0-9] [01][0-9]:[0-5][0-9]:[0-5][0-9]"]), now in prop_oneof![0.0..4e12f64, any::<f64>()], server in prop::option::of(prop_oneof![0.0..4e12f64, any::<f64>()]), later in 0.0..1e10f64) {
        let mut cache = TokenCache::new();
        cache.store(IssuedToken { token: Secret::new("tok-secret-value"), expiration: expiration.clone() }, now, now, server);
        prop_assert!(cache.current().is_some(), "the fetching call always gets its token");
        let _ = cache.valid(now);
        let _ = cache.valid(now + later);
        // A token that parses as expiring is not valid past its expiration (skew-corrected).
        if let (Some(exp), true, None) = (expiration.as_deref().and_then(parse_linkflow_time), now.is_finite(), server) {
            let exp = exp as f64;
            if exp.is_finite() && now + later >= exp {
                prop_assert!(cache.valid(now + later).is_none(), "valid past its expiration");
            }
        }
        prop_assert!(!format!("{cache:?}").contains("tok-secret-value"), "Debug of the cache shows the token");
        prop_assert!(cache.reject("tok-secret-value"));
        prop_assert!(cache.valid(now).is_none());
    }
}

/// Regression (found by `linkflow_times_never_panic_and_are_utc_plus_8`, shrunk to exactly
/// this input): a year whose milliseconds do not fit in i64 panicked with "attempt to
/// multiply with overflow" in debug builds (and wrapped to a wrong instant in release). The
/// text comes from the server (`expiration` of a token). Now it does not parse.
#[test]
fn regression_linkflow_time_in_year_292278995_does_not_overflow() {
    assert_eq!(parse_linkflow_time("292278995-01-01 00:00:00"), None);
    assert_eq!(parse_linkflow_time("4294967295-12-31 23:59:59"), None);
    // The largest year that still fits is read.
    assert!(parse_linkflow_time("292278993-01-01 00:00:00").is_some());
}

/// Regression (found by `http_dates_never_panic_and_valid_ones_name_their_instant` and
/// `retry_after_is_never_negative_nor_past_the_cap`, shrunk to exactly this input): the same
/// overflow through a `Retry-After` or `Date` header. Now the header is unreadable, so the
/// normal backoff applies.
#[test]
fn regression_retry_after_http_date_in_year_292278995_does_not_overflow() {
    assert_eq!(parse_http_date("Sun, 01 Jan 292278995 00:00:00 GMT"), None);
    assert_eq!(parse_retry_after("Sun, 01 Jan 292278995 00:00:00 GMT", 0.0), None);
    assert_eq!(next_delay(Replay::Safe, Failure::Status(503), 0, 2, Some("Sun, 01 Jan 292278995 00:00:00 GMT"), 0.0, 0.5), Some(250.0));
}
