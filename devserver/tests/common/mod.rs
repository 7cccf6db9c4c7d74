//! Test helpers: the app in-process (`tower::ServiceExt::oneshot`, peer address faked as
//! loopback unless told otherwise) and a tiny raw HTTP/1.1 client for real sockets.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use axum::Router;
use linkflow_devserver::{app, AppState, Config};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// An answer.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The business code of an error body.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or("")
    }
    /// Asserts an error answer: status and code, with a message.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert_eq!(self.code(), code, "code of {}", self.text);
        assert!(self.json["message"].is_string(), "message in {}", self.text);
    }
    pub fn ids(&self) -> Vec<u64> {
        self.json.as_array().expect("array").iter().map(|v| v["id"].as_u64().unwrap()).collect()
    }
}

pub const LOOPBACK: &str = "127.0.0.1:50000";

/// The app in-process with a token in hand.
pub struct App {
    pub router: Router,
    pub state: AppState,
    pub token: String,
}

impl App {
    pub async fn with(config: Config) -> App {
        let state = AppState::new(config);
        let router = app(state.clone());
        let mut a = App { router, state, token: String::new() };
        let r = a.raw("GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], None).await;
        assert_eq!(r.status, 200, "{}", r.text);
        a.token = r.json["token"].as_str().unwrap().to_string();
        a
    }

    pub async fn empty() -> App {
        Self::with(Config::default()).await
    }

    pub async fn seeded(n: usize, k: usize) -> App {
        Self::with(Config { seed: n, seed_events_per_contact: k, ..Config::default() }).await
    }

    /// Any request from `peer`.
    pub async fn raw_from(&self, peer: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<String>) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let peer: SocketAddr = peer.parse().unwrap();
        let req = b.extension(ConnectInfo(peer)).body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, text, json }
    }

    /// Any request from loopback.
    pub async fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<String>) -> Resp {
        self.raw_from(LOOPBACK, method, path, headers, body).await
    }

    /// GET with the token.
    pub async fn get(&self, path: &str) -> Resp {
        self.raw("GET", path, &[("X-OpenApi-Token", &self.token)], None).await
    }

    /// A JSON request with the token.
    pub async fn send(&self, method: &str, path: &str, body: Value) -> Resp {
        self.raw(method, path, &[("X-OpenApi-Token", &self.token), ("Content-Type", "application/json")], Some(body.to_string())).await
    }

    /// An admin POST (no token needed).
    pub async fn admin(&self, path: &str, body: Value) -> Resp {
        let r = self.raw("POST", path, &[("Content-Type", "application/json")], Some(body.to_string())).await;
        assert_eq!(r.status, 200, "admin {path}: {}", r.text);
        r
    }
}

/// A raw HTTP/1.1 exchange over a real socket (`Connection: close`). `Err` when the
/// connection ends without an answer.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String, String), String> {
    let mut s = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.map_err(|e| e.to_string())?;
    if buf.is_empty() {
        return Err("connection closed without an answer".into());
    }
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").ok_or("no header end")?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
    Ok((status, head.to_string(), body.to_string()))
}
