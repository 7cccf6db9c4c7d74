//! Turning a core [`Error`] into the JS `LinkflowError` every failure rejects with.
//!
//! The JS entry defines `class LinkflowError extends Error { constructor(message, fields) }`
//! and hands it over once through `__setErrorClass`; every error is then built with
//! `new LinkflowError(message, { kind, status?, code?, method?, path?, body?, cause? })`.
//! Without the class (the bare wasm-bindgen glue, tests) a plain `Error` named
//! `LinkflowError` with the same fields is used. Never a string.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::platform::set;
use crate::error::{Error, ErrorKind};

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Registers the `LinkflowError` class that every rejection is an instance of. Called
/// once by the package's JS entry; not part of the public API.
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            *c = Some(class);
        }
    });
}

fn error_class() -> Option<Function> {
    ERROR_CLASS.with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
}

/// A failure on its way to JS: the core error plus, where there is one, the JS value
/// that caused it (a `fetch` rejection, a `tokenProvider` exception), kept as `cause`.
#[derive(Clone)]
pub(crate) struct Fault {
    pub(crate) error: Error,
    pub(crate) cause: Option<JsValue>,
}

impl From<Error> for Fault {
    fn from(error: Error) -> Self {
        Fault { error, cause: None }
    }
}

impl Fault {
    /// A fault of `kind` with `message` caused by the JS value `cause`.
    pub(crate) fn caused(kind: ErrorKind, message: impl Into<String>, cause: JsValue) -> Self {
        Fault { error: Error::new(kind, message), cause: Some(cause) }
    }

    /// Attaches the request's method and path.
    pub(crate) fn at(mut self, method: &'static str, path: &str) -> Self {
        self.error = self.error.at(method, path);
        self
    }

    /// The `LinkflowError` to reject with.
    pub(crate) fn into_js(self) -> JsValue {
        to_js(&self.error, self.cause.as_ref())
    }
}

/// Builds the `LinkflowError` for `e`.
pub(crate) fn to_js(e: &Error, cause: Option<&JsValue>) -> JsValue {
    let fields = Object::new();
    set(&fields, "kind", &JsValue::from_str(e.kind.as_str()));
    if let Some(status) = e.status {
        set(&fields, "status", &JsValue::from_f64(f64::from(status)));
    }
    let texts = [("code", e.code.as_deref()), ("method", e.method), ("path", e.path.as_deref()), ("body", e.body.as_deref())];
    for (key, value) in texts {
        if let Some(v) = value {
            set(&fields, key, &JsValue::from_str(v));
        }
    }
    if let Some(cause) = cause {
        set(&fields, "cause", cause);
    }
    let message = JsValue::from_str(&e.message);
    if let Some(class) = error_class() {
        if let Ok(err) = Reflect::construct(&class, &Array::of2(&message, &fields)) {
            return err;
        }
    }
    let err = js_sys::Error::new(&e.message);
    err.set_name("LinkflowError");
    // `cause` goes on as a plain property here: the fallback has no constructor options.
    let _ = Object::assign(&err, &fields);
    err.into()
}

/// A `validation` error as a `LinkflowError`.
pub(crate) fn validation(message: &str) -> JsValue {
    to_js(&Error::validation(message), None)
}
