//! Fault injection: latency, failure statuses with `Retry-After`, dropped connections,
//! stalls. Set from CLI flags and `POST /__admin/faults`; never applied to `/__admin/*`
//! (nor to CORS preflights, which the CORS layer answers first). Without `paths` they
//! apply to the API routes, `/token`, `/demo/token` and the collector, not to static files
//! (`/pkg/*`, `--www`); with `paths` to exactly the requests under those prefixes.
//!
//! Order for a request in scope: wait `latencyMs`; with probability `dropRate` drop the
//! connection; else with probability `failRate` answer `failStatus` with
//! `{"code":"B00500",...}` (+ `Retry-After: retryAfterSecs` when set); else with
//! probability `stallRate` wait `stallMs` more; then handle the request normally.
//!
//! Dropping: the middleware answers a response carrying the [`DropConnection`] marker
//! extension; the server's connection loop (`server.rs`) turns that into a service error,
//! on which hyper closes the TCP connection without writing any response byte. (Served by
//! plain `axum::serve` instead, the marker is ignored and the client gets a 500 body.)

use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// The fault settings. JSON (admin API) uses the camelCase names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// Delay added before every request in scope, ms.
    pub latency_ms: u64,
    /// Probability (0..1) of answering `fail_status` instead of handling the request.
    pub fail_rate: f64,
    /// Status of injected failures (default 503; 429 is the other useful one).
    pub fail_status: u16,
    /// `Retry-After` seconds sent with injected failures, if any.
    pub retry_after_secs: Option<u64>,
    /// Probability (0..1) of closing the connection without answering.
    pub drop_rate: f64,
    /// Extra delay (a stall) before handling, ms, applied with probability `stall_rate`.
    pub stall_ms: u64,
    /// Probability (0..1) of a stall when `stall_ms > 0` (default 1).
    pub stall_rate: f64,
    /// Path prefixes the faults apply to; `None` = every route but `/__admin/*` and static
    /// files.
    pub paths: Option<Vec<String>>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            fail_rate: 0.0,
            fail_status: 503,
            retry_after_secs: None,
            drop_rate: 0.0,
            stall_ms: 0,
            stall_rate: 1.0,
            paths: None,
        }
    }
}

impl Faults {
    /// True when the faults apply to `path`. `is_static`: the request is for a static file
    /// (`/pkg/*`, `--www` files) or no route; those are in scope only when `paths` names
    /// them, so that a demo page still loads while its API calls fail.
    pub fn applies_to(&self, path: &str, is_static: bool) -> bool {
        if path.starts_with("/__admin") {
            return false;
        }
        match &self.paths {
            None => !is_static,
            Some(prefixes) => prefixes.iter().any(|p| path.starts_with(p.as_str())),
        }
    }

    /// True when nothing is injected.
    pub fn is_off(&self) -> bool {
        self.latency_ms == 0 && self.fail_rate <= 0.0 && self.drop_rate <= 0.0 && self.stall_ms == 0
    }

    /// Applies a JSON patch (`POST /__admin/faults`): present keys change, absent keys stay;
    /// `null` resets a key to its default. Unknown keys and bad values → `Err`.
    /// `tokenTtlSecs`, `groupCap` and `reset` are handled by the caller.
    pub fn patch(&mut self, obj: &Map<String, Value>) -> Result<(), ApiError> {
        let d = Faults::default();
        for (k, v) in obj {
            let bad = || ApiError::bad_request(format!("invalid value for {k}: {v}"));
            let rate = |v: &Value| -> Result<f64, ApiError> {
                match v.as_f64() {
                    Some(r) if (0.0..=1.0).contains(&r) => Ok(r),
                    _ => Err(bad()),
                }
            };
            match k.as_str() {
                "latencyMs" => self.latency_ms = if v.is_null() { d.latency_ms } else { v.as_u64().ok_or_else(bad)? },
                "failRate" => self.fail_rate = if v.is_null() { d.fail_rate } else { rate(v)? },
                "failStatus" => {
                    self.fail_status = if v.is_null() {
                        d.fail_status
                    } else {
                        match v.as_u64() {
                            Some(s) if (400..=599).contains(&s) => s as u16,
                            _ => return Err(bad()),
                        }
                    }
                }
                "retryAfterSecs" => {
                    self.retry_after_secs = if v.is_null() { None } else { Some(v.as_u64().ok_or_else(bad)?) }
                }
                "dropRate" => self.drop_rate = if v.is_null() { d.drop_rate } else { rate(v)? },
                "stallMs" => self.stall_ms = if v.is_null() { d.stall_ms } else { v.as_u64().ok_or_else(bad)? },
                "stallRate" => self.stall_rate = if v.is_null() { d.stall_rate } else { rate(v)? },
                "paths" => {
                    self.paths = match v {
                        Value::Null => None,
                        Value::Array(a) => {
                            let list: Option<Vec<String>> = a.iter().map(|p| p.as_str().map(str::to_string)).collect();
                            let list = list.ok_or_else(bad)?;
                            if list.is_empty() { None } else { Some(list) }
                        }
                        _ => return Err(bad()),
                    }
                }
                "tokenTtlSecs" | "groupCap" | "reset" => {}
                _ => return Err(ApiError::bad_request(format!("unknown fault setting {k}"))),
            }
        }
        Ok(())
    }
}

/// Marker extension on a response: close the connection instead of sending it.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// The answer of an injected failure.
pub fn failure_response(status: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut resp = ApiError::new(status, "B00500", "injected failure (linkflow-devserver fault injection)").into_response();
    if let Some(secs) = retry_after {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// Middleware on every route: counts the request per route pattern, then injects faults.
pub async fn gate(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let key = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(fallback)".to_string());
    let is_static = key == "(fallback)" || key.starts_with("/pkg/");
    {
        let mut stats = st.stats();
        stats.requests_total += 1;
        *stats.requests.entry(key).or_default() += 1;
    }
    let faults = st.settings().faults.clone();
    if faults.is_off() || !faults.applies_to(req.uri().path(), is_static) {
        return next.run(req).await;
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if st.chance(faults.drop_rate) {
        st.stats().faults_dropped += 1;
        let mut resp = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "B00500", "connection dropped (fault injection)").into_response();
        resp.extensions_mut().insert(DropConnection);
        return resp;
    }
    if st.chance(faults.fail_rate) {
        st.stats().faults_failed += 1;
        return failure_response(faults.fail_status, faults.retry_after_secs);
    }
    if faults.stall_ms > 0 && st.chance(faults.stall_rate) {
        st.stats().faults_stalled += 1;
        tokio::time::sleep(Duration::from_millis(faults.stall_ms)).await;
    }
    next.run(req).await
}
