//! Access checks: the `X-OpenApi-Token` header on Open API routes, and the loopback-only
//! rule of `/__admin/*` and `/demo/token`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Header carrying the access token.
pub const TOKEN_HEADER: &str = "x-openapi-token";

/// Middleware: 401 `B00401` unless the request carries an issued, unexpired token.
pub async fn require_token(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let token = req.headers().get(TOKEN_HEADER).and_then(|v| v.to_str().ok()).map(str::trim).filter(|t| !t.is_empty());
    match token {
        None => ApiError::unauthorized("missing X-OpenApi-Token header").into_response(),
        Some(t) => match st.check_token(t) {
            Ok(()) => next.run(req).await,
            Err(why) => ApiError::unauthorized(why).into_response(),
        },
    }
}

/// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    }
}

/// Middleware: 403 `B00403` unless the peer is a loopback address. The peer comes from the
/// `ConnectInfo<SocketAddr>` extension the server inserts; without it the call is refused.
pub async fn loopback_only(req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    match peer {
        Some(ip) if is_loopback(ip) => next.run(req).await,
        Some(ip) => ApiError::forbidden(format!("only loopback peers may call this; you are {ip}")).into_response(),
        None => ApiError::forbidden("peer address unknown; only loopback peers may call this").into_response(),
    }
}
