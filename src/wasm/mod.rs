//! The only JS-aware code: `fetch`, timers, `AbortController`, storage, and the JS
//! classes `LinkflowClient` and `Tracker`. Everything here turns failures into
//! `LinkflowError`s and never panics (a wasm panic poisons the module).

mod json;

#[cfg(feature = "client")]
mod client;

#[cfg(feature = "tracker")]
mod tracker;
