//! `Pages`: the async iterator every `iterate*` method returns.
//!
//! Lazy: nothing is sent before the first `next()`, and at most one page is in flight
//! (overlapping `next()` calls queue behind each other). The core's [`Pager`] decides
//! which request comes next and when the iteration is over; this drives it and yields
//! the items of each page in order. Argument errors surface on the first `next()`; after
//! an error the iteration is over. The JS entry adds `[Symbol.asyncIterator]() { return
//! this }` to the prototype so `for await` works.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::call::{call_options, promise, send, Call, Inner};
use super::error::{to_js, Fault};
use super::json::{with_helpers, Parsed};
use super::platform::iter_result;
use crate::api::paging::Pager;
use crate::error::Error;

/// An async iterator over the items of a paged list (`for await (const x of pages)`).
#[wasm_bindgen]
pub struct Pages {
    state: Rc<State>,
}

struct State {
    inner: Rc<Inner>,
    cell: RefCell<Cursor>,
}

struct Cursor {
    /// The pager and the call options, or the argument error to report first.
    plan: Option<Result<(Pager, Call), Error>>,
    /// The page being yielded, its length and the index of its next item.
    page: Option<(Array, u32, u32)>,
    done: bool,
    /// The last queued `next()` promise: the next queued one waits for it.
    tail: Option<Promise>,
    /// Queued `next()` calls not finished yet. With none, a buffered item is handed out
    /// at once: no task, no promise chain, for all but one item per page.
    queued: u32,
}

/// What a step does after looking at the cursor.
enum Step {
    Yield(JsValue),
    Done,
    Fail(Error),
    Fetch(crate::request::Request, Call),
}

impl Pages {
    /// An iterator driven by `pager` (or failing with its argument error on first `next()`).
    pub(crate) fn new(inner: &Rc<Inner>, pager: Result<Pager, Error>, call: Option<Object>) -> Pages {
        let plan = pager.and_then(|p| Ok((p, call_options(inner, call)?)));
        let cursor = Cursor { plan: Some(plan), page: None, done: false, tail: None, queued: 0 };
        Pages { state: Rc::new(State { inner: inner.clone(), cell: RefCell::new(cursor) }) }
    }
}

#[wasm_bindgen]
impl Pages {
    /// The next item: `{ done: false, value }`, or `{ done: true }` after the last one.
    /// Rejects with a `LinkflowError` (after which the iteration is over).
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<unknown, undefined>>")]
    pub fn next(&self) -> Promise {
        let Ok(mut cursor) = self.state.cell.try_borrow_mut() else {
            return Promise::reject(&busy());
        };
        if cursor.queued == 0 {
            // One crossing per item where the entry's helper is there.
            let next =
                cursor.page.as_ref().filter(|(_, len, pos)| pos < len).and_then(|(page, _, pos)| with_helpers(|h| h.next_item(page, *pos)));
            if let (Some(next), Some((_, _, pos))) = (next, cursor.page.as_mut()) {
                *pos += 1;
                return next;
            }
            if let Some(item) = buffered(&mut cursor) {
                return Promise::resolve(&iter_result(false, &item));
            }
        }
        cursor.queued += 1;
        let previous = cursor.tail.take();
        drop(cursor);
        let state = self.state.clone();
        let promise = promise(async move {
            if let Some(p) = previous {
                let _ = JsFuture::from(p).await;
            }
            let outcome = step(&state).await;
            if let Ok(mut c) = state.cell.try_borrow_mut() {
                c.queued = c.queued.saturating_sub(1);
            }
            outcome
        });
        if let Ok(mut c) = self.state.cell.try_borrow_mut() {
            c.tail = Some(promise.clone());
        }
        promise
    }

    /// Ends the iteration early (what `break` in `for await` calls): `{ done: true }`.
    #[wasm_bindgen(js_name = "return", unchecked_return_type = "Promise<IteratorResult<unknown, undefined>>")]
    pub fn finish(&self) -> Promise {
        if let Ok(mut c) = self.state.cell.try_borrow_mut() {
            c.end();
        }
        Promise::resolve(&iter_result(true, &JsValue::UNDEFINED))
    }
}

/// The next item of the page in hand, if any.
fn buffered(c: &mut Cursor) -> Option<JsValue> {
    let (page, len, pos) = c.page.as_mut()?;
    if *pos < *len {
        let item = page.get(*pos);
        *pos += 1;
        return Some(item);
    }
    c.page = None;
    None
}

impl Cursor {
    /// The iteration is over: its pager (and the keys it remembers, up to
    /// `paging::SEEN_LIMIT`) is freed now, not when JS collects the iterator, so the module's
    /// memory is reused by the next call instead of growing (its allocator never returns it).
    fn end(&mut self) {
        self.done = true;
        self.plan = None;
        self.page = None;
    }
}

/// Looks at the cursor: an item to yield, the end, an error, or a page to fetch.
fn look(c: &mut Cursor) -> Step {
    if let Some(item) = buffered(c) {
        return Step::Yield(item);
    }
    if c.done {
        return Step::Done;
    }
    let step = match c.plan.as_mut() {
        Some(Ok((pager, call))) => match pager.next_request() {
            Ok(Some(req)) => return Step::Fetch(req, call.clone()),
            Ok(None) => Step::Done,
            Err(e) => Step::Fail(e),
        },
        Some(Err(e)) => Step::Fail(e.clone()),
        None => Step::Done,
    };
    c.end();
    step
}

/// One `next()`: yields a buffered item or fetches pages until there is one.
async fn step(state: &State) -> Result<JsValue, JsValue> {
    loop {
        let next = match state.cell.try_borrow_mut() {
            Ok(mut cursor) => look(&mut cursor),
            Err(_) => return Err(busy()),
        };
        let (req, call) = match next {
            Step::Yield(item) => return Ok(iter_result(false, &item)),
            Step::Done => return Ok(iter_result(true, &JsValue::UNDEFINED)),
            Step::Fail(e) => return Err(to_js(&e, None)),
            Step::Fetch(req, call) => (req, call),
        };
        let page = match send(&state.inner, &req, &call).await {
            Ok(page) => page,
            Err(f) => return Err(stop(state, f)),
        };
        let Ok(mut cursor) = state.cell.try_borrow_mut() else { return Err(busy()) };
        if cursor.done {
            // `return()` was called while the page was in flight.
            continue;
        }
        let fed = match cursor.plan.as_mut() {
            // `page` is what `JSON.parse` made: plain data, read through the fast view.
            Some(Ok((pager, _))) => pager.on_page(&Parsed::new(page.clone())),
            _ => Ok(false),
        };
        match fed {
            Ok(true) if Array::is_array(&page) => {
                let page: Array = page.unchecked_into();
                let len = page.length();
                cursor.page = Some((page, len, 0));
            }
            Ok(_) => cursor.end(),
            Err(e) => {
                cursor.end();
                return Err(to_js(&e, None));
            }
        }
    }
}

/// Ends the iteration after a failed page and hands back the error.
fn stop(state: &State, f: Fault) -> JsValue {
    if let Ok(mut c) = state.cell.try_borrow_mut() {
        c.end();
    }
    f.into_js()
}

/// Cannot happen (no borrow is held across an await); reported rather than panicking.
fn busy() -> JsValue {
    to_js(&Error::new(crate::ErrorKind::Validation, "the iterator is in use"), None)
}
