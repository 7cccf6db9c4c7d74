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

    /// Stores a freshly issued token received at local time `now_ms`. `server_now_ms`
    /// is the server's clock at that moment (from the `Date` header) where known, so
    /// that a skewed local clock neither refreshes too late nor loops.
    pub fn store(&mut self, issued: IssuedToken, now_ms: f64, server_now_ms: Option<f64>) {
        let refresh_at_ms = issued.expiration.as_deref().and_then(parse_linkflow_time).map(|exp| {
            let skew = server_now_ms.map_or(0.0, |server| server - now_ms);
            let expires_local = exp as f64 - skew;
            // Short-lived tokens are refreshed at 90% of their life, long ones a minute early.
            let margin = ((expires_local - now_ms) / 10.0).clamp(0.0, REFRESH_MARGIN_MS);
            expires_local - margin
        });
        let stale_on_issue = refresh_at_ms.is_some_and(|at| now_ms >= at);
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
        c.store(issued(Some("2026-01-01 12:00:00")), issue, None);
        assert!(c.valid(issue).is_some());
        assert!(c.valid(at("2026-01-01 11:58:59")).is_some());
        assert!(c.valid(at("2026-01-01 11:59:00")).is_none(), "refreshed a minute early");
    }

    #[test]
    fn short_tokens_refresh_at_ninety_percent() {
        let mut c = TokenCache::new();
        c.store(issued(Some("2026-01-01 10:00:10")), at("2026-01-01 10:00:00"), None);
        assert!(c.valid(at("2026-01-01 10:00:08")).is_some());
        assert!(c.valid(at("2026-01-01 10:00:09")).is_none());
    }

    #[test]
    fn expired_on_issue_is_kept_but_not_valid_for_the_next_call() {
        let mut c = TokenCache::new();
        let now = at("2026-01-01 10:00:00");
        c.store(issued(Some("2017-09-04 09:30:23")), now, None);
        assert!(c.current().is_some(), "the fetching call still uses it");
        assert!(c.valid(now).is_none(), "the next call fetches again");
    }

    #[test]
    fn a_call_keeps_the_token_it_fetched_when_it_was_stale_on_issue() {
        let mut c = TokenCache::new();
        let now = at("2026-01-01 10:00:00");
        c.store(issued(Some("2017-09-04 09:30:23")), now, None);
        assert_eq!(c.for_call(now + 5_000.0, Some("tok")).map(|t| t.token.expose()), Some("tok"), "same call: no second fetch");
        assert!(c.for_call(now + 5_000.0, None).is_none(), "another call fetches again");
        assert!(c.for_call(now, Some("other")).is_none(), "a token this call did not fetch");
        // A token that was good when issued is not kept past its refresh time.
        c.store(issued(Some("2026-01-01 12:00:00")), now, None);
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
        c.store(issued(Some("2026-01-01 12:00:00")), local, Some(server));
        assert!(c.valid(at("2026-01-01 10:58:00")).is_some());
        assert!(c.valid(at("2026-01-01 10:59:00")).is_none());
    }

    #[test]
    fn without_expiration_the_token_lasts_until_rejected() {
        let mut c = TokenCache::new();
        c.store(issued(None), 0.0, None);
        assert!(c.valid(1e15).is_some());
        assert!(!c.reject("other"), "a stale 401 does not drop a newer token");
        assert!(c.valid(0.0).is_some());
        assert!(c.reject("tok"));
        assert!(c.valid(0.0).is_none());
    }
}
