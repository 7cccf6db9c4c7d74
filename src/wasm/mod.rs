//! The only JS-aware code: `fetch`, timers, `AbortController`, storage, and the JS
//! classes `LinkflowClient` and `Tracker`. Everything here turns failures into
//! `LinkflowError`s and never panics (a wasm panic poisons the module).

mod error;
mod js;
mod json;

#[cfg(feature = "client")]
mod batch;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod fetch;
#[cfg(feature = "client")]
mod iter;
#[cfg(feature = "client")]
mod resources;
#[cfg(feature = "client")]
mod token;
#[cfg(feature = "client")]
mod types;

#[cfg(feature = "tracker")]
mod tracker;

pub use error::set_error_class;
#[cfg(feature = "client")]
pub use client::LinkflowClient;
