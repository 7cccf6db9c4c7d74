//! Bounded concurrency without a futures library: `n` worker futures, each sending the
//! next request until none is left, polled together by one `poll_fn` (the join). Results
//! land by index, so the output keeps the input order whatever the finishing order.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::rc::Rc;
use std::task::Poll;

use wasm_bindgen::JsValue;

use super::call::{send, Call, Inner};
use super::error::Fault;
use crate::api::opt_uint;
use crate::error::Error;
use crate::request::Request;

/// `createMany`'s requests in flight unless `concurrency` says otherwise (API.md).
pub(crate) const CREATE_CONCURRENCY: usize = 4;
/// `getMany`'s chunk requests in flight unless `concurrency` says otherwise: reads may be
/// repeated safely, and 6 is what a browser runs at once against one HTTP/1.1 origin.
pub(crate) const READ_CONCURRENCY: usize = 6;

/// `options.concurrency`: a positive integer, `default` when absent.
pub(crate) fn concurrency(options: &JsValue, default: usize) -> Result<usize, Error> {
    match opt_uint(options, "concurrency")? {
        None => Ok(default),
        Some(0) => Err(Error::validation("concurrency must be at least 1")),
        Some(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
    }
}

/// Sends `requests` with `call`, at most `limit` in flight; an item that failed to build is
/// its own error (nothing sent). With `stop_on_error`, no new request starts after one
/// failed (those not started stay `None`). Not generic: one copy for every batch method.
pub(crate) async fn send_all(
    inner: &Rc<Inner>,
    requests: &[Result<Request, Error>],
    call: &Call,
    limit: usize,
    stop_on_error: bool,
) -> Vec<Option<Result<JsValue, Fault>>> {
    let count = requests.len();
    let results = RefCell::new((0..count).map(|_| None).collect::<Vec<_>>());
    let next = Cell::new(0usize);
    let failed = Cell::new(false);
    let worker = || async {
        loop {
            let i = next.get();
            if i >= count || (stop_on_error && failed.get()) {
                break;
            }
            next.set(i + 1);
            let r = match requests.get(i) {
                Some(Ok(req)) => send(inner, req, call).await,
                Some(Err(e)) => Err(Fault::from(e.clone())),
                None => break,
            };
            if r.is_err() {
                failed.set(true);
            }
            if let Ok(mut all) = results.try_borrow_mut() {
                if let Some(slot) = all.get_mut(i) {
                    *slot = Some(r);
                }
            }
        }
    };
    let mut workers: Vec<_> = (0..limit.min(count).max(1)).map(|_| Box::pin(worker())).collect();
    poll_fn(|cx| {
        workers.retain_mut(|w| w.as_mut().poll(cx).is_pending());
        if workers.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    drop(workers);
    results.into_inner()
}
