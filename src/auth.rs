//! Tokens: the `GET /token` exchange and the cache that decides when to fetch again.
//!
//! GET /token
//!
//! The cache is a plain state machine; the wasm layer adds single-flight (one `/token`
//! request however many calls wait) around it. Rules (API.md): a token is used until
//! shortly before its `expiration`; a token that is already past it when issued is
//! still used for the call that fetched it, and the next call fetches again; after a
//! 401 the token is dropped once (if no other call already replaced it).

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
    Ok(IssuedToken { token: Secret(token), expiration })
}

/// At most this long before `expiration` a token is replaced.
const REFRESH_MARGIN_MS: f64 = 60_000.0;

#[derive(Debug)]
struct Cached {
    issued: IssuedToken,
    /// Local time (ms) from which the token counts as expired; `None`: until a 401.
    refresh_at_ms: Option<f64>,
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
        self.current = Some(Cached { issued, refresh_at_ms });
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
