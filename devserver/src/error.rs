//! Error answers. Every error body is `{"code": "...", "message": "..."}`.
//!
//! Codes: the guide's business codes `B00001` (group exists), `B00008` (not found),
//! `B00030` (parameter check failed), `B00031` (size over the limit), `B00157` (group cap
//! reached); and the stand-in's own: `B00400` (malformed request: bad JSON, non-numeric
//! number), `B00401` (token missing, unknown or expired; wrong app key/secret), `B00403`
//! (admin from a non-loopback peer), `B00404` (no such route or file), `B00405` (method not
//! allowed), `B00413` (body too large), `B00500` (the stand-in failed to serialize an answer);
//! injected failures carry `FAULT` (see `faults.rs`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer: HTTP status plus the JSON body `{"code","message"}`.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// Business code, e.g. `B00008`.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl ApiError {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }
    /// 404 `B00008`: the named thing does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "B00008", message)
    }
    /// 400 `B00030`: a required parameter is missing or invalid (request bodies).
    pub fn param(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "B00030", message)
    }
    /// 500 `B00030`: the guide's status for parameter checks of the v2 contact queries.
    pub fn param500(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "B00030", message)
    }
    /// 400 `B00400`: the request could not be read (bad JSON, bad number, bad id).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "B00400", message)
    }
    /// 401 `B00401`: token missing, unknown or expired, or wrong credentials.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "B00401", message)
    }
    /// 403 `B00403`: admin call from a non-loopback peer.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "B00403", message)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &Body { code: self.code, message: &self.message })
    }
}

/// Serializes `value` into a JSON answer with the given status.
pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    serialized(status, serde_json::to_vec(value))
}

/// An answer already serialized (`Ok`), or 500 `B00500` saying why it could not be.
pub fn serialized(status: StatusCode, json: serde_json::Result<Vec<u8>>) -> Response {
    match json {
        Ok(bytes) => json_bytes(status, bytes),
        Err(e) => json_bytes(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(r#"{{"code":"B00500","message":"serialization failed: {}"}}"#, e.to_string().replace('"', "'")).into_bytes(),
        ),
    }
}

/// A 200 JSON answer.
pub fn ok_json<T: Serialize + ?Sized>(value: &T) -> Response {
    json_response(StatusCode::OK, value)
}

/// [`serialized`] with status 200.
pub fn ok_serialized(json: serde_json::Result<Vec<u8>>) -> Response {
    serialized(StatusCode::OK, json)
}

/// Already-serialized JSON bytes as an answer.
pub fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut resp = (status, bytes).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// Result type of handlers.
pub type ApiResult = Result<Response, ApiError>;
