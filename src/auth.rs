//! Tokens: the `GET /token` exchange and the cache that decides when to fetch again.
//!
//! GET /token
//!
//! The cache is a plain state machine; the wasm layer adds single-flight (one `/token`
//! request however many calls wait) around it. Rules (API.md): a token is used until
//! shortly before its `expiration`; a token that is already past it when issued is
//! still used for the call that fetched it, and the next call fetches again; after a
//! 401 the token is dropped once (if no other call already replaced it).

use crate::encode::concat;
use crate::error::{Error, ErrorKind};
use crate::json::Json;
use crate::model::TOKEN;
use crate::request::{Method, Replay, Request};
use crate::time::parse_linkflow_time;

/// A secret string (app secret, token) whose `Debug` never shows it (serde reads and
/// writes it as the plain string: the model's `Token.token`).
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the one header that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What a credential must be, as error messages say it.
const HEADER_RULE: &str = "must be printable ASCII without control characters (it is sent as an HTTP header)";

/// Whether `s` can be sent as a header value as it is: printable ASCII only. A control
/// character (CR, LF, NUL, any C0, DEL) would make `fetch` throw an error that quotes the
/// whole header, secret included, and CR/LF could split headers; non-ASCII is not a
/// credential Linkflow issues (its tokens are base64) and `fetch` would refuse or mangle it.
pub fn is_header_safe(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// A credential the caller configured (`appKey`, `appSecret`, `token`), checked to be
/// sendable as a header value: a `validation` error naming `what` (never quoting the
/// value) otherwise.
pub fn check_credential(s: &str, what: &str) -> Result<(), Error> {
    if is_header_safe(s) {
        Ok(())
    } else {
        Err(Error::validation(concat(&[what, " ", HEADER_RULE])))
    }
}

/// A token received from `/token` or a `tokenProvider`: non-empty and sendable as a header,
/// else kind `auth` (the source gave something that is not a usable token); never quoted.
pub fn issued_token(s: String) -> Result<Secret, Error> {
    if s.is_empty() {
        return Err(Error::new(ErrorKind::Auth, "the token is empty"));
    }
    if !is_header_safe(&s) {
        return Err(Error::new(ErrorKind::Auth, concat(&["the token ", HEADER_RULE])));
    }
    Ok(Secret(s))
}

/// A token as issued by `/token` or a `tokenProvider`.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuedToken {
    /// The `X-OpenApi-Token` value.
    pub token: Secret,
    /// `yyyy-MM-dd HH:mm:ss` in server time (UTC+8), as issued; `None` when unknown.
    pub expiration: Option<String>,
}

/// The `GET /token` request; the transport adds `X-OpenApi-Key` and `X-OpenApi-Secret`.
pub fn token_request() -> Request {
    Request::new(Method::Get, "/token", Replay::Safe, &TOKEN)
}

/// Reads a `/token` answer (or a `tokenProvider`'s `{ token, expiration? }`).
pub fn parse_token<J: Json>(v: &J) -> Result<IssuedToken, Error> {
    let token = v.field("token").and_then(|t| t.as_str()).filter(|t| !t.is_empty());
    let token = token.ok_or_else(|| Error::new(ErrorKind::Auth, "token answer has no \"token\" string"))?;
    let expiration = v.field("expiration").and_then(|e| e.as_str());
    Ok(IssuedToken { token: issued_token(token)?, expiration })
}

/// At most this long before `expiration` a token is replaced.
const REFRESH_MARGIN_MS: f64 = 60_000.0;

/// How far (ms) the server's clock is taken to be ahead of the local one, from an answer
/// stamped `Date: server_date_ms` (second resolution) to a request sent at local `sent_ms`
/// and answered at `received_ms`. The stamp was made between the two, so the skew lies in
/// `[date - received, date + 1 s - sent)`. When 0 is in that range the `Date` cannot tell
/// the clocks apart and the local clock, the finer one, is the server's: 0. Otherwise the
/// upper end, the skew that makes the token expire soonest. No `Date`: 0.
fn server_ahead_ms(sent_ms: f64, received_ms: f64, server_date_ms: Option<f64>) -> f64 {
    let Some(date) = server_date_ms else { return 0.0 };
    let (least, most) = (date - received_ms, date + 1_000.0 - sent_ms);
    if least <= 0.0 && 0.0 < most {
        0.0
    } else {
        most
    }
}

#[derive(Debug)]
struct Cached {
    issued: IssuedToken,
    /// Local time (ms) from which the token counts as expired; `None`: until a 401.
    refresh_at_ms: Option<f64>,
    /// Already expired (or due for refresh) when it was stored: clock skew.
    stale_on_issue: bool,
}

/// The token currently held, and when to stop using it.
#[derive(Debug, Default)]
pub struct TokenCache {
    current: Option<Cached>,
}

impl TokenCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached token if it may still be used at local time `now_ms`.
    pub fn valid(&self, now_ms: f64) -> Option<&IssuedToken> {
        let c = self.current.as_ref()?;
        match c.refresh_at_ms {
            Some(at) if now_ms >= at => None,
            _ => Some(&c.issued),
        }
    }

    /// The cached token, expired or not (for `client.token()` after a fetch).
    pub fn current(&self) -> Option<&IssuedToken> {
        self.current.as_ref().map(|c| &c.issued)
    }

    /// Stores a freshly issued token whose request was sent at local time `sent_ms` and
    /// answered at `received_ms`. `server_date_ms` is the answer's `Date` where known (the
    /// server's clock, to the second), so that a skewed local clock neither refreshes too
    /// late nor loops.
    ///
    /// What the client can know, and the rule (both texts have second resolution):
    /// - the token expires at or after the start of its `expiration` second (server clock),
    ///   never earlier; how far into that second is unknown;
    /// - the server stamped `Date` at some moment while it handled the request (RFC 9110
    ///   lets it be any moment of that, e.g. before it issued the token: a server that
    ///   caches the second, like hyper, may stamp the second before the token's issue), so
    ///   its clock was ahead of ours by at least `date - received` and less than
    ///   `date + 1 s - sent`; see [`server_ahead_ms`].
    ///
    /// So the token is used until shortly before the start of its `expiration` second on
    /// the server's clock, shifted by the largest skew the `Date` allows when it shows the
    /// clocks apart. It is never used at a moment when the server may already hold it
    /// expired, and never stretched by the `Date`'s rounding (reading the life as
    /// `expiration - Date` from receipt was up to a second too long: 401s in normal use).
    pub fn store(&mut self, issued: IssuedToken, sent_ms: f64, received_ms: f64, server_date_ms: Option<f64>) {
        let refresh_at_ms = issued.expiration.as_deref().and_then(parse_linkflow_time).map(|exp| {
            let expires_local = exp as f64 - server_ahead_ms(sent_ms, received_ms, server_date_ms);
            // Short-lived tokens are refreshed at 90% of their life, long ones a minute early.
            let margin = ((expires_local - received_ms) / 10.0).clamp(0.0, REFRESH_MARGIN_MS);
            expires_local - margin
        });
        let stale_on_issue = refresh_at_ms.is_some_and(|at| received_ms >= at);
        self.current = Some(Cached { issued, refresh_at_ms, stale_on_issue });
    }

    /// The token a call that spans several requests (getMany chunks, an iterator's pages,
    /// createMany) may use now: the valid one, else the one this call already fetched
    /// (`fetched`) when that is the token held and it was stale on issue (clock skew), so
    /// that one call never fetches a second token for it. `None`: fetch one.
    pub fn for_call(&self, now_ms: f64, fetched: Option<&str>) -> Option<&IssuedToken> {
        if let Some(t) = self.valid(now_ms) {
            return Some(t);
        }
        let c = self.current.as_ref()?;
        let ours = fetched.is_some_and(|f| f == c.issued.token.expose());
        (ours && c.stale_on_issue).then_some(&c.issued)
    }

    /// Drops `token` after a 401, unless another call already replaced it.
    /// Returns whether it was dropped.
    pub fn reject(&mut self, token: &str) -> bool {
        let same = self.current.as_ref().is_some_and(|c| c.issued.token.expose() == token);
        if same {
            self.current = None;
        }
        same
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::time::parse_linkflow_time;

    fn issued(exp: Option<&str>) -> IssuedToken {
        IssuedToken { token: Secret::new("tok"), expiration: exp.map(str::to_owned) }
    }

    fn at(s: &str) -> f64 {
        parse_linkflow_time(s).unwrap() as f64
    }

    #[test]
    fn parses_the_guides_token_answer() {
        let v = parse(r#"{"expiration": "2017-09-04 09:30:23", "token": "Mi03Y2IxNjNkMC05YWFjLTQ5NmYtOWE3OS01NjU3ZWRjMmQwNzk="}"#).unwrap();
        let t = parse_token(&&v).unwrap();
        assert_eq!(t.token.expose(), "Mi03Y2IxNjNkMC05YWFjLTQ5NmYtOWE3OS01NjU3ZWRjMmQwNzk=");
        assert_eq!(t.expiration.as_deref(), Some("2017-09-04 09:30:23"));
        let e = parse_token(&&parse(r#"{"token": ""}"#).unwrap()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let t = issued(Some("2017-09-04 09:30:23"));
        assert!(!format!("{t:?}").contains("tok\""));
        assert!(format!("{:?}", Secret::new("hunter2")).contains("redacted"));
    }

    #[test]
    fn token_is_used_until_shortly_before_expiration() {
        let mut c = TokenCache::new();
        let issue = at("2026-01-01 10:00:00");
        c.store(issued(Some("2026-01-01 12:00:00")), issue, issue, None);
        assert!(c.valid(issue).is_some());
        assert!(c.valid(at("2026-01-01 11:58:59")).is_some());
        assert!(c.valid(at("2026-01-01 11:59:00")).is_none(), "refreshed a minute early");
    }

    #[test]
    fn short_tokens_refresh_at_ninety_percent() {
        let mut c = TokenCache::new();
        c.store(issued(Some("2026-01-01 10:00:10")), at("2026-01-01 10:00:00"), at("2026-01-01 10:00:00"), None);
        assert!(c.valid(at("2026-01-01 10:00:08")).is_some());
        assert!(c.valid(at("2026-01-01 10:00:09")).is_none());
    }

    #[test]
    fn expired_on_issue_is_kept_but_not_valid_for_the_next_call() {
        let mut c = TokenCache::new();
        let now = at("2026-01-01 10:00:00");
        c.store(issued(Some("2017-09-04 09:30:23")), now, now, None);
        assert!(c.current().is_some(), "the fetching call still uses it");
        assert!(c.valid(now).is_none(), "the next call fetches again");
    }

    #[test]
    fn a_call_keeps_the_token_it_fetched_when_it_was_stale_on_issue() {
        let mut c = TokenCache::new();
        let now = at("2026-01-01 10:00:00");
        c.store(issued(Some("2017-09-04 09:30:23")), now, now, None);
        assert_eq!(c.for_call(now + 5_000.0, Some("tok")).map(|t| t.token.expose()), Some("tok"), "same call: no second fetch");
        assert!(c.for_call(now + 5_000.0, None).is_none(), "another call fetches again");
        assert!(c.for_call(now, Some("other")).is_none(), "a token this call did not fetch");
        // A token that was good when issued is not kept past its refresh time.
        c.store(issued(Some("2026-01-01 12:00:00")), now, now, None);
        assert!(c.for_call(at("2026-01-01 11:00:00"), Some("tok")).is_some());
        assert!(c.for_call(at("2026-01-01 11:59:30"), Some("tok")).is_none(), "due for refresh: fetch");
    }

    #[test]
    fn credentials_must_be_header_safe() {
        for bad in ["a\rb", "a\nb", "a\0", "\x1b[0m", "a\u{7f}", "a\tb", "é"] {
            let e = check_credential(bad, "appSecret").unwrap_err();
            assert_eq!(e.kind, ErrorKind::Validation);
            assert!(e.message.starts_with("appSecret must be printable ASCII") && !e.message.contains(bad), "{}", e.message);
            let e = issued_token(bad.to_owned()).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Auth);
            assert!(!e.message.contains(bad));
        }
        assert!(check_credential("Mi03Y2Ix+/= ok", "token").is_ok());
        let e = parse_token(&&parse(r#"{"token": "abc\r\nX-Evil: 1"}"#).unwrap()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
        assert!(!e.message.contains("abc"), "{}", e.message);
    }

    #[test]
    fn server_clock_skew_is_corrected() {
        let mut c = TokenCache::new();
        // Local clock 1 h behind the server: the token issued for 2 h is good for 2 h locally.
        let local = at("2026-01-01 09:00:00");
        let server = at("2026-01-01 10:00:00");
        c.store(issued(Some("2026-01-01 12:00:00")), local, local, Some(server));
        assert!(c.valid(at("2026-01-01 10:58:00")).is_some());
        assert!(c.valid(at("2026-01-01 10:59:00")).is_none());
    }

    #[test]
    fn a_date_stamped_before_the_issue_does_not_stretch_the_token() {
        // Seen under load from the stand-in (hyper stamps `Date` from the second it cached
        // when it started handling the request): issued at 10:00:01.010 for 2 s, so the
        // server expires it at 10:00:03.010, but `Date` says 10:00:00. Reading the life as
        // `expiration - Date` (3 s) from receipt kept it until 10:00:03.710: 401s.
        let mut c = TokenCache::new();
        let (sent, received) = (at("2026-01-01 10:00:01") + 5.0, at("2026-01-01 10:00:01") + 15.0);
        c.store(issued(Some("2026-01-01 10:00:03")), sent, received, Some(at("2026-01-01 10:00:00")));
        assert!(c.valid(at("2026-01-01 10:00:02") + 700.0).is_some(), "used for 90% of the life it surely has");
        assert!(c.valid(at("2026-01-01 10:00:03")).is_none(), "never from the start of its expiration second on");
    }

    #[test]
    fn a_skew_the_date_shows_is_taken_at_its_largest() {
        // Local clock 10 s behind; the answer took 400 ms; `Date` 10:00:10 names a moment in
        // [10:00:10, 10:00:11) on the server while we waited, i.e. 10 s to 11.4 s ahead of
        // us. The token (server 10:01:10) is taken to expire at local 10:00:58.6.
        let mut c = TokenCache::new();
        let (sent, received) = (at("2026-01-01 10:00:00") - 400.0, at("2026-01-01 10:00:00"));
        c.store(issued(Some("2026-01-01 10:01:10")), sent, received, Some(at("2026-01-01 10:00:10")));
        let expires = at("2026-01-01 10:01:10") - (10_000.0 + 1_000.0 + 400.0);
        let refresh = expires - (expires - received) / 10.0;
        assert!(c.valid(refresh - 1.0).is_some());
        assert!(c.valid(refresh).is_none());
    }

    #[test]
    fn without_expiration_the_token_lasts_until_rejected() {
        let mut c = TokenCache::new();
        c.store(issued(None), 0.0, 0.0, None);
        assert!(c.valid(1e15).is_some());
        assert!(!c.reject("other"), "a stale 401 does not drop a newer token");
        assert!(c.valid(0.0).is_some());
        assert!(c.reject("tok"));
        assert!(c.valid(0.0).is_none());
    }
}
