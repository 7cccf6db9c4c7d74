//! Fault injection: latency, failure statuses with `Retry-After`, dropped connections,
//! stalls, broken answer bodies. Set from CLI flags and `POST /__admin/faults`; never applied to `/__admin/*`
//! (nor to CORS preflights, which the CORS layer answers first). Without `paths` they
//! apply to the API routes, `/token`, `/demo/token` and the collector, not to static files
//! (`/pkg/*`, `--www`); with `paths` to exactly the requests under those prefixes.
//!
//! Order for a request in scope: wait `latencyMs`; with probability `dropRate` drop the
//! connection; else with probability `failRate` answer `failStatus` with
//! `{"code":"FAULT",...}` (+ `Retry-After: retryAfterSecs` when set); else with
//! probability `stallRate` wait `stallMs` more (a stalled request is handled to the end even
//! if the client hangs up during the stall); then handle the request normally; then,
//! when `corrupt` is set, with probability `corruptRate` break the body of a 2xx answer
//! (the request was handled: a create has acted) — see [`Corrupt`]:
//!
//! - `truncate`: the real body cut to half its length (at a character boundary);
//! - `nonjson`: a proxy's HTML error page (`text/html`) instead of the JSON;
//! - `wrongtype`: the real JSON with every number and boolean turned into a string
//!   (`"id": 83` → `"id": "83"`); an answer without numbers or booleans (e.g.
//!   `/channels/meta/types`) comes out unchanged;
//! - `guide`: the guide's own broken contact example (`"nickname": ,`, no comma before
//!   `...`), verbatim, as `application/json`.
//!
//! Status and other headers stay; `Content-Length` is recomputed.
//!
//! Dropping: the middleware answers a response carrying the [`DropConnection`] marker
//! extension; the server's connection loop (`server.rs`) turns that into a service error,
//! on which hyper closes the TCP connection without writing any response byte. (Served by
//! plain `axum::serve` instead, the marker is ignored and the client gets a 500 body.)

use std::time::Duration;

use axum::body::Body;
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
    /// How to break 2xx answer bodies, if at all.
    pub corrupt: Option<Corrupt>,
    /// Probability (0..1) of breaking a 2xx answer when `corrupt` is set (default 1).
    pub corrupt_rate: f64,
}

/// How the `corrupt` fault breaks a 2xx answer's body (JSON/CLI names in lowercase:
/// `truncate`, `nonjson`, `wrongtype`, `guide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Corrupt {
    /// The real body cut to half its length (at a character boundary).
    Truncate,
    /// A proxy's HTML error page, `text/html`, status unchanged.
    NonJson,
    /// The real JSON with every number and boolean turned into a string.
    WrongType,
    /// The guide's broken contact example ([`GUIDE_BROKEN_CONTACT`]), verbatim.
    Guide,
}

/// The answer example of the guide's `PUT /v2/contacts/{id}` section, exactly as the guide
/// prints it: `"nickname": ,` has no value, `props` is not followed by a comma and `...`
/// stands for the rest. Not JSON.
pub const GUIDE_BROKEN_CONTACT: &str = r#"{
    "id": 83,
    "dateCreated": "2017-08-04 17:54:10",
    "lastUpdated": "2018-05-10 16:22:57",
    "ver": 5,
    "anonymousId": null,
    "name": "张三",
    "nickname": ,
    "gender": "unknown",
    "dateOfBirthday": "1988-10-02 00:00:00",
    "avatar": null,
    "profilePhoto": null,
    "mobilePhone": "13912341234",
    "props": {
        "attr1": "单身",
        "attr2": 10000
    }
    ...
"#;

/// The body `nonjson` answers.
pub const NON_JSON_BODY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

impl Corrupt {
    /// `truncate` | `nonjson` | `wrongtype` | `guide`.
    pub fn parse(s: &str) -> Option<Corrupt> {
        match s {
            "truncate" => Some(Corrupt::Truncate),
            "nonjson" => Some(Corrupt::NonJson),
            "wrongtype" => Some(Corrupt::WrongType),
            "guide" => Some(Corrupt::Guide),
            _ => None,
        }
    }

    /// The broken body for the real `body`, and the Content-Type to send with it (`None`:
    /// keep the answer's).
    pub fn apply(self, body: &[u8]) -> (Vec<u8>, Option<&'static str>) {
        match self {
            Corrupt::Truncate => {
                let text = String::from_utf8_lossy(body);
                let mut cut = text.len() / 2;
                while cut > 0 && !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                (text.get(..cut).unwrap_or("").as_bytes().to_vec(), None)
            }
            Corrupt::NonJson => (NON_JSON_BODY.as_bytes().to_vec(), Some("text/html")),
            Corrupt::WrongType => match serde_json::from_slice::<Value>(body) {
                Ok(mut v) => {
                    stringify_scalars(&mut v);
                    (serde_json::to_vec(&v).unwrap_or_else(|_| body.to_vec()), None)
                }
                Err(_) => (body.to_vec(), None),
            },
            Corrupt::Guide => (GUIDE_BROKEN_CONTACT.as_bytes().to_vec(), Some("application/json")),
        }
    }
}

/// Turns every number and boolean inside `v` into its text.
fn stringify_scalars(v: &mut Value) {
    match v {
        Value::Number(n) => *v = Value::String(n.to_string()),
        Value::Bool(b) => *v = Value::String(b.to_string()),
        Value::Array(a) => a.iter_mut().for_each(stringify_scalars),
        Value::Object(o) => o.values_mut().for_each(stringify_scalars),
        Value::Null | Value::String(_) => {}
    }
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
            corrupt: None,
            corrupt_rate: 1.0,
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
        self.latency_ms == 0 && self.fail_rate <= 0.0 && self.drop_rate <= 0.0 && self.stall_ms == 0 && self.corrupt.is_none()
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
                "retryAfterSecs" => self.retry_after_secs = if v.is_null() { None } else { Some(v.as_u64().ok_or_else(bad)?) },
                "dropRate" => self.drop_rate = if v.is_null() { d.drop_rate } else { rate(v)? },
                "stallMs" => self.stall_ms = if v.is_null() { d.stall_ms } else { v.as_u64().ok_or_else(bad)? },
                "stallRate" => self.stall_rate = if v.is_null() { d.stall_rate } else { rate(v)? },
                "paths" => {
                    self.paths = match v {
                        Value::Null => None,
                        Value::Array(a) => {
                            let list: Option<Vec<String>> = a.iter().map(|p| p.as_str().map(str::to_string)).collect();
                            let list = list.ok_or_else(bad)?;
                            if list.is_empty() {
                                None
                            } else {
                                Some(list)
                            }
                        }
                        _ => return Err(bad()),
                    }
                }
                "corrupt" => {
                    self.corrupt = match v {
                        Value::Null => None,
                        Value::String(name) => Some(Corrupt::parse(name).ok_or_else(bad)?),
                        _ => return Err(bad()),
                    }
                }
                "corruptRate" => self.corrupt_rate = if v.is_null() { d.corrupt_rate } else { rate(v)? },
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

/// The code of an injected failure's body. Not a Linkflow business code (`B…`): an
/// injected failure stands for a transient one (an overloaded server, a gateway), which a
/// client may retry, while a 5xx with a business code is the server's final verdict.
pub const FAULT_CODE: &str = "FAULT";

/// The answer of an injected failure.
pub fn failure_response(status: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut resp = ApiError::new(status, FAULT_CODE, "injected failure (linkflow-devserver fault injection)").into_response();
    if let Some(secs) = retry_after {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// Middleware on every route: counts the request per route pattern, then injects faults.
pub async fn gate(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let key = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "(fallback)".to_string());
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
        let mut resp = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, FAULT_CODE, "connection dropped (fault injection)").into_response();
        resp.extensions_mut().insert(DropConnection);
        return resp;
    }
    if st.chance(faults.fail_rate) {
        st.stats().faults_failed += 1;
        return failure_response(faults.fail_status, faults.retry_after_secs);
    }
    let resp = if faults.stall_ms > 0 && st.chance(faults.stall_rate) {
        st.stats().faults_stalled += 1;
        // A stalled request is handled to the end even when the client hangs up meanwhile
        // (hyper drops this future then; the task goes on), as a real server would: a client
        // that timed out cannot tell whether its create acted.
        let stall = Duration::from_millis(faults.stall_ms);
        let task = tokio::spawn(async move {
            tokio::time::sleep(stall).await;
            next.run(req).await
        });
        match task.await {
            Ok(resp) => resp,
            Err(_) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, FAULT_CODE, "stalled request failed").into_response(),
        }
    } else {
        next.run(req).await
    };
    match faults.corrupt {
        Some(how) if resp.status().is_success() && st.chance(faults.corrupt_rate) => {
            st.stats().faults_corrupted += 1;
            corrupt_response(resp, how).await
        }
        _ => resp,
    }
}

/// `resp` with its body broken the `how` way; status and other headers kept.
async fn corrupt_response(resp: Response, how: Corrupt) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let (broken, content_type) = how.apply(&bytes);
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(ct) = content_type {
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    Response::from_parts(parts, Body::from(broken))
}
