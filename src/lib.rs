//! Linkflow SDK: the Open API client and browser site tracking.
//!
//! The crate is a sans-IO core plus thin WebAssembly bindings:
//!
//! - [`json`]: a read-only view of parsed JSON ([`json::Json`]) that natively a
//!   `serde_json::Value` and, in the browser, a `JsValue` implement, plus a small writer;
//! - [`model`]: the shapes of the guide's answers, checked leniently;
//! - [`api`]: one module per resource group; builds [`request::Request`]s, validates
//!   input before any I/O and names the answer's shape;
//! - [`auth`]: the token cache; [`retry`]: what to do after a failed attempt;
//! - [`track`]: the tracker's queue and messages;
//! - `wasm` (only on `wasm32`): the JS classes, `fetch`, timers and storage.
//!
//! The core never touches the network, the clock or JS: time comes in as `now_ms`.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![warn(missing_docs)]

pub mod backoff;
mod encode;
pub mod error;
pub mod json;
pub mod time;

#[cfg(feature = "client")]
pub mod api;
#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod model;
#[cfg(feature = "client")]
pub mod request;
#[cfg(feature = "client")]
pub mod retry;

#[cfg(feature = "tracker")]
pub mod track;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)] // public only so that the wasm tests can construct the JS classes
pub mod wasm;

pub use error::{Error, ErrorKind};
