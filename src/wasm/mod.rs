//! The only JS-aware code: `fetch`, timers, `AbortController`, storage, and the JS
//! classes `LinkflowClient` and `Tracker`. Everything here turns failures into
//! `LinkflowError`s and never panics (a wasm panic poisons the module).

// The date helpers read and write the dates of Open API answers and bodies: the client's.
// The tracker-only module leaves them out (1.5 KB gzip of its 26 KB: bench/LEVERS-tracker.md).
#[cfg(feature = "client")]
mod dates;
mod error;
mod view;

// Answers as JSON views, and the platform (fetch, timers, names): the client's.
#[cfg(feature = "client")]
mod json;
#[cfg(feature = "client")]
mod platform;

#[cfg(feature = "client")]
mod batch;
#[cfg(feature = "client")]
mod call;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod fetch;
#[cfg(feature = "client")]
mod input;
#[cfg(feature = "client")]
mod iter;
#[cfg(feature = "client")]
mod mend;
#[cfg(feature = "client")]
mod resources;
#[cfg(feature = "client")]
mod runtime;
#[cfg(feature = "client")]
mod token;
#[cfg(feature = "client")]
mod transport;
#[cfg(feature = "client")]
mod types;

#[cfg(feature = "tracker")]
mod tracker;

/// The heap allocator: lol_alloc's free list (~1 KB of wasm) instead of std's dlmalloc
/// (~8 KB). The module holds few, small, short-lived allocations (answers and messages
/// live in JS), so a simple first-fit list loses nothing measurable; `LockedAllocator`'s
/// spin lock is uncontended on the single wasm thread and keeps the crate free of
/// `unsafe`.
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(feature = "client")]
pub use client::LinkflowClient;
#[cfg(feature = "client")]
pub use dates::{format_linkflow_date, parse_linkflow_date};
pub use error::set_error_class;
#[cfg(feature = "client")]
#[doc(hidden)]
pub use json::parsed_view;
