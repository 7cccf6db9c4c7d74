//! Query-string and JSON-body extractors whose failures are `{"code","message"}` bodies
//! (axum's own rejections answer plain text).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde_json::Value;

use crate::error::ApiError;

/// Decoded query-string pairs, in order.
#[derive(Debug, Default, Clone)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    /// Parses a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        match raw {
            None => Ok(Self::default()),
            Some(q) => serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .map(Query)
                .map_err(|e| ApiError::bad_request(format!("malformed query string: {e}"))),
        }
    }

    /// The first value of `name`; empty values count as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }

    /// `name` as an unsigned integer; `None` when absent; 400 `B00400` when not a number.
    pub fn u64(&self, name: &str) -> Result<Option<u64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("query parameter {name} must be a non-negative integer, got {v:?}"))),
        }
    }

    /// `name` as an unsigned integer with a default.
    pub fn u64_or(&self, name: &str, default: u64) -> Result<u64, ApiError> {
        Ok(self.u64(name)?.unwrap_or(default))
    }

    /// True when `name` is `1` or `true`.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("1") | Some("true"))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::parse(parts.uri.query())
    }
}

/// A JSON request body, whatever the `Content-Type` (browsers' `sendBeacon` sends
/// `text/plain`). Malformed JSON → 400 `B00400`.
#[derive(Debug, Clone)]
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "B00413", format!("could not read body: {e}")))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("request body is empty; a JSON body is required"));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| ApiError::bad_request(format!("malformed JSON body: {e}")))
    }
}

/// Parses a numeric path id; 404 `B00008` when it is not a number (no such thing).
pub fn path_id(raw: &str, what: &str) -> Result<u64, ApiError> {
    raw.trim().parse::<u64>().map_err(|_| ApiError::not_found(format!("{what} {raw:?} not found")))
}
