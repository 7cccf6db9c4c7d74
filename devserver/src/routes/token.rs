//! GET /token
//! GET /demo/token
//!
//! `/token` trades the app key and secret (headers `X-OpenApi-Key`, `X-OpenApi-Secret`)
//! for `{"expiration","token"}`. `/demo/token` stands in for a site's own backend handing
//! its page a token (loopback peers only, no credentials).

use axum::extract::State;
use axum::http::HeaderMap;

use crate::error::{ok_json, ApiError, ApiResult};
use crate::state::AppState;

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// `GET /token`: 401 `B00401` when the key or secret is missing or wrong.
pub async fn issue(State(st): State<AppState>, headers: HeaderMap) -> ApiResult {
    let key = header(&headers, "x-openapi-key");
    let secret = header(&headers, "x-openapi-secret");
    let cfg = st.config();
    match (key, secret) {
        (Some(k), Some(s)) if k == cfg.app_key && s == cfg.app_secret => Ok(ok_json(&st.issue_token())),
        (None, _) | (_, None) => Err(ApiError::unauthorized("missing X-OpenApi-Key or X-OpenApi-Secret header")),
        _ => Err(ApiError::unauthorized("invalid app key or app secret")),
    }
}

/// `GET /demo/token`: a token for the demo page, no credentials needed.
pub async fn demo(State(st): State<AppState>) -> ApiResult {
    Ok(ok_json(&st.issue_token()))
}
