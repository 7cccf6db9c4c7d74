//! Sessions: a visitor's activity grouped by idle time and by campaign.
//!
//! A session starts with the first activity, and a new one starts when the previous one
//! has been idle for the timeout (30 minutes by default, like PostHog, Amplitude and
//! Snowplow) or when a landing URL brings another campaign (`utm_*`) than the session's.
//! Its id is the epoch ms of its start: every message carries it as `session_id`.
//!
//! Storage text (`localStorage`, one key per channel): `{"id":…,"last":…,"utm":{…}}`.
//! Time is always the caller's (`now_ms`), so all of this is tested natively.

use super::url::Utm;
use crate::json::{Json, Writer};

/// Default idle time after which the next activity starts a new session: 30 minutes.
pub const DEFAULT_SESSION_TIMEOUT_MS: u64 = 30 * 60 * 1000;

/// One session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// Its start, epoch ms: the `session_id` of its messages.
    pub id: u64,
    /// Its last activity, epoch ms.
    pub last: u64,
    /// The campaign parameters of its landing URL.
    pub utm: Option<Utm>,
}

impl Session {
    /// The session an activity at `now_ms` belongs to: `current` (with `last` moved on)
    /// when it was active within `timeout_ms` and `landing` brings no other campaign;
    /// else a new session starting at `now_ms` (at least one ms after the previous start,
    /// so ids never repeat). `landing` is the `utm_*` of the page's URL, `None` for
    /// activities that are not page views or URLs without any.
    pub fn touch(current: Option<Session>, now_ms: u64, timeout_ms: u64, landing: Option<Utm>) -> Session {
        let new_campaign = landing.is_some() && !matches!(&current, Some(s) if s.utm == landing);
        match current {
            // A clock that went back counts as no idle time.
            Some(mut s) if !new_campaign && now_ms.saturating_sub(s.last) < timeout_ms => {
                s.last = s.last.max(now_ms);
                s
            }
            previous => {
                let id = previous.map_or(now_ms, |p| now_ms.max(p.id.saturating_add(1)));
                Session { id, last: now_ms, utm: landing }
            }
        }
    }

    /// The storage text.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.uint_member("id", self.id);
        w.uint_member("last", self.last);
        if let Some(u) = &self.utm {
            w.key("utm");
            u.write(&mut w);
        }
        w.end_object();
        w.finish()
    }

    /// Reads what [`Session::to_json`] wrote (parsed by the caller); `None` for anything
    /// else.
    pub fn from_json<J: Json>(v: &J) -> Option<Session> {
        let ms = |k: &str| v.field(k).and_then(|n| n.as_f64()).filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0);
        let (id, last) = (ms("id")? as u64, ms("last")? as u64);
        let utm = v.field("utm").and_then(|u| Utm::from_json(&u));
        Some(Session { id, last, utm })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const T: u64 = DEFAULT_SESSION_TIMEOUT_MS;
    fn utm(c: &str) -> Option<Utm> {
        Some(Utm { campaign: Some(c.into()), ..Utm::default() })
    }

    #[test]
    fn idle_time_starts_a_new_session() {
        let s = Session::touch(None, 1_000, T, None);
        assert_eq!((s.id, s.last), (1_000, 1_000));
        let s = Session::touch(Some(s), 1_000 + T - 1, T, None);
        assert_eq!((s.id, s.last), (1_000, 1_000 + T - 1), "activity within the timeout keeps it");
        let later = 1_000 + 2 * T - 1;
        let s = Session::touch(Some(s), later, T, None);
        assert_eq!((s.id, s.last), (later, later), "idle for the whole timeout: a new one");
        let back = Session::touch(Some(s.clone()), later - 5_000, T, None);
        assert_eq!(back, s, "a clock that went back keeps the session");
    }

    #[test]
    fn a_new_campaign_starts_a_new_session_the_same_one_does_not() {
        let s = Session::touch(None, 10, T, utm("spring"));
        let same = Session::touch(Some(s.clone()), 20, T, utm("spring"));
        assert_eq!(same.id, 10);
        let plain = Session::touch(Some(same), 30, T, None);
        assert_eq!((plain.id, plain.utm.clone()), (10, utm("spring")), "a URL without utm keeps the campaign");
        let other = Session::touch(Some(plain.clone()), 40, T, utm("autumn"));
        assert_eq!((other.id, other.utm), (40, utm("autumn")), "new campaign, new session");
        let again = Session::touch(Some(plain), 10, T, utm("autumn"));
        assert_eq!(again.id, 11, "a new id even when the clock says the old start");
    }

    #[test]
    fn storage_text_round_trips_and_junk_is_none() {
        let s = Session { id: 1_700_000_000_000, last: 1_700_000_000_500, utm: utm("x\"y") };
        let v = crate::json::parse(&s.to_json()).unwrap();
        assert_eq!(Session::from_json(&&v), Some(s));
        for junk in ["{}", "[]", r#"{"id":-1,"last":2}"#, r#"{"id":1.5,"last":2}"#, r#"{"id":"1","last":2}"#, "null"] {
            assert_eq!(Session::from_json(&&crate::json::parse(junk).unwrap()), None, "{junk}");
        }
    }
}
