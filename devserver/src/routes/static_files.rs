//! GET /pkg/{*path}   (files of `--pkg DIR`)
//! GET /{*path}       (fallback: files of `--www DIR`, `/` → index.html)
//!
//! Content types: `.wasm` `application/wasm`, `.js`/`.mjs` `text/javascript`, and the usual
//! web types. Paths with `..` are refused. Answers carry `Cache-Control: no-cache`.
//! Unknown paths (and any method but GET/HEAD) answer 404 `B00404` as JSON.

use std::path::{Path as FsPath, PathBuf};

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// The Content-Type for a file name.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" | "cjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "ts" => "text/plain; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `rel` (URL path under the root) as a path inside `root`; `None` when it tries to leave.
fn resolve(root: &FsPath, rel: &str) -> Option<PathBuf> {
    let decoded = percent_decode(rel)?;
    let mut p = root.to_path_buf();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => p.push(s),
        }
    }
    Some(p)
}

fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "B00404", "no such route or file").into_response()
}

async fn serve_file(root: Option<&PathBuf>, rel: &str) -> Response {
    let Some(root) = root else { return not_found() };
    let Some(mut path) = resolve(root, rel) else { return not_found() };
    if tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_dir()) {
        path.push("index.html");
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        Err(_) => not_found(),
    }
}

/// `GET /pkg/{*path}`.
pub async fn pkg(State(st): State<AppState>, method: Method, Path(path): Path<String>) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_found();
    }
    serve_file(st.config().pkg.as_ref(), &path).await
}

/// Fallback: files of `--www`, JSON 404 otherwise.
pub async fn www(State(st): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_found();
    }
    serve_file(st.config().www.as_ref(), uri.path()).await
}
