//! A tracker's life in the page: what it wires up when it starts, how it lets go.
//!
//! - [`install`]: the timer, save and drop-report callbacks; where there is a `document`,
//!   the `pagehide` / `visibilitychange` / `online` / `storage` (identity and consent
//!   decided in another tab) listeners and, for
//!   automatic page views, the `history.pushState` / `replaceState` wrappers and
//!   `popstate`. Each listener and wrapper is remembered.
//! - [`destroy`]: removes every listener, puts back the original `history` methods (a
//!   wrapper someone else wrapped again stays, inert), saves and sends the queue with
//!   keepalive, and stops the tracker for good.
//! - [`take_over`]: a second tracker for the same `channelId` on the page takes the first
//!   one's place: the first is torn down without sending (its queue, saved or in memory,
//!   moves to the second), and the second skips the automatic page view of a URL the
//!   first already recorded.

use super::send;
use super::state::{flush_drops, record, report_drop, with, Shared, State};
use crate::track::message::Attrs;
use crate::wasm::platform;
use js_sys::Function;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The live trackers of this module instance, by channel id.
    static LIVE: RefCell<Vec<(String, Weak<RefCell<State>>)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `shared` as the tracker of its channel; a live earlier one hands over first
/// (before `install`, so the new wrappers wrap the page's own `history` methods): returns
/// the URL of its last page view.
pub(super) fn take_over(shared: &Shared) -> Option<String> {
    let channel = with(shared, |s| s.cfg.channel_id.clone())?;
    // `try_with` / `try_borrow_mut`: no panicking path ships in the module.
    let previous = LIVE
        .try_with(|live| {
            let mut live = live.try_borrow_mut().ok()?;
            let previous = live.iter().find(|(c, _)| *c == channel).and_then(|(_, w)| w.upgrade());
            live.retain(|(c, w)| w.strong_count() > 0 && *c != channel);
            live.push((channel, Rc::downgrade(shared)));
            previous
        })
        .ok()
        .flatten()?;
    teardown(&previous);
    let handed = with(&previous, |old| {
        old.destroyed = true;
        (std::mem::take(&mut old.queue), old.last_url.clone(), old.consent)
    })?;
    with(shared, |s| {
        // Only under the same consent: messages recorded while pending never leave through a
        // tracker that was made without `requireConsent`.
        if s.consent == handed.2 {
            s.queue.adopt(&handed.0, &s.sent);
        }
    });
    handed.1
}

/// Removes every listener, restores the `history` methods, cancels the timer.
fn teardown(shared: &Shared) {
    let Some((listeners, wrapped)) = with(shared, |s| {
        s.cancel_timer();
        (std::mem::take(&mut s.listeners), std::mem::take(&mut s.wrapped))
    }) else {
        return;
    };
    for (target, event, f) in &listeners {
        platform::unlisten(target, event, f);
    }
    let history = platform::global_prop("history");
    for (name, original, wrapper) in &wrapped {
        if platform::prop(&history, name) == *wrapper {
            platform::try_set(&history, name, original);
        }
    }
}

/// `destroy()`: listeners removed, wrappers restored, the queue saved and sent with
/// keepalive, nothing recorded or sent afterwards. Idempotent.
pub(super) fn destroy(shared: &Shared) {
    if with(shared, |s| s.destroyed) != Some(false) {
        return;
    }
    teardown(shared);
    send::flush_keepalive(shared);
    let waiters = with(shared, |s| {
        s.destroyed = true;
        std::mem::take(&mut s.waiters)
    });
    for r in waiters.unwrap_or_default() {
        let _ = r.call0(&JsValue::UNDEFINED);
    }
    let _ = LIVE.try_with(|live| {
        if let Ok(mut live) = live.try_borrow_mut() {
            live.retain(|(_, w)| !std::ptr::eq(w.as_ptr(), Rc::as_ptr(shared)));
        }
    });
}

fn callback(f: impl FnMut() + 'static) -> JsValue {
    Closure::<dyn FnMut()>::new(f).into_js_value()
}

/// Adds a listener and remembers it.
fn listen(shared: &Shared, target: &JsValue, event: &'static str, f: JsValue) {
    if platform::listen(target, event, &f) {
        with(shared, |s| s.listeners.push((target.clone(), event, f)));
    }
}

/// Wires the state to the page (see the module's documentation). Without a `document`
/// (servers, workers, extensions) only the callbacks are made: no listener, no wrapper.
pub(super) fn install(shared: &Shared, auto_page_view: bool) {
    let s = shared.clone();
    let tick = callback(move || send::tick(&s));
    let s = shared.clone();
    let save = callback(move || {
        let dropped = with(&s, State::save_queue);
        report_drop(&s, dropped.unwrap_or(0));
    });
    let s = shared.clone();
    let report = callback(move || flush_drops(&s));
    with(shared, |st| {
        st.tick = tick;
        st.save = save;
        st.report = report;
    });
    let document = platform::document();
    if !document.is_object() {
        return;
    }

    let window = platform::global();
    let s = shared.clone();
    listen(shared, &window, "pagehide", callback(move || send::flush_keepalive(&s)));
    let s = shared.clone();
    let doc = document.clone();
    let on_visibility = callback(move || {
        if platform::str_prop(&doc, "visibilityState") == "hidden" {
            send::flush_keepalive(&s);
        }
    });
    listen(shared, &document, "visibilitychange", on_visibility);
    let s = shared.clone();
    listen(shared, &window, "online", callback(move || send::online(&s)));
    let s = shared.clone();
    let on_storage = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let (key, value) = (platform::str_prop(&e, "key"), platform::str_prop(&e, "newValue"));
        with(&s, |st| st.storage_changed(&key, &value));
    });
    listen(shared, &window, "storage", on_storage.into_js_value());

    if !auto_page_view {
        return;
    }
    // A history navigation is looked at once the page's own code has run (it usually
    // sets the title right after pushState): one page view when the URL changed.
    let s = shared.clone();
    let check = callback(move || {
        let built = with(&s, |st| {
            st.auto_pending = false;
            let href = platform::href();
            if st.destroyed || st.last_url.as_deref() == Some(href.as_str()) {
                return None;
            }
            st.page_view(Some(href), None, None, &Attrs::new())
        });
        record(&s, built);
    });
    let s = shared.clone();
    let check_soon = Rc::new(move || {
        with(&s, |st| {
            if !st.auto_pending && !st.destroyed {
                st.auto_pending = true;
                platform::schedule(&check, 0);
            }
        });
    });
    let history = platform::global_prop("history");
    for name in ["pushState", "replaceState"] {
        let Ok(original) = platform::prop(&history, name).dyn_into::<Function>() else { continue };
        let this = history.clone();
        let soon = check_soon.clone();
        let call = original.clone();
        let wrapper = Closure::<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |state: JsValue, unused: JsValue, url: JsValue| {
                let result = call.call3(&this, &state, &unused, &url);
                soon();
                result
            },
        )
        .into_js_value();
        platform::try_set(&history, name, &wrapper);
        with(shared, |s| s.wrapped.push((name, original.into(), wrapper)));
    }
    let soon = check_soon.clone();
    listen(shared, &window, "popstate", callback(move || soon()));
}
