//! Turning a core [`Error`] into the JS `LinkflowError` every failure rejects with.
//!
//! The JS entry defines `class LinkflowError extends Error { constructor(message, fields) }`
//! and hands it over once through `__setErrorClass`; every error is then built with
//! `new LinkflowError(message, { kind, status?, code?, method?, path?, body?, cause? })`.
//! Without the class (the bare wasm-bindgen glue, tests) a plain `Error` named
//! `LinkflowError` with the same fields is used. Never a string.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};

// Its own few imports, not js-sys: the tracker-only module builds errors too and links no
// js-sys (see Cargo.toml). Errors are rare, so keys cross as text (no name table).
#[wasm_bindgen]
extern "C" {
    /// `Object()`: a new plain object.
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;
    /// `Reflect.set` on an object this module made (cannot throw).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn put(target: &JsValue, key: &str, value: &JsValue) -> bool;
    /// `Array.of(a, b)`.
    #[wasm_bindgen(js_namespace = Array, js_name = of)]
    fn pair(a: &JsValue, b: &JsValue) -> JsValue;
    /// `Reflect.construct(class, args)`: caught, the registered class is the page's code.
    #[wasm_bindgen(js_namespace = Reflect, js_name = construct, catch)]
    fn construct(class: &JsValue, args: &JsValue) -> Result<JsValue, JsValue>;
    /// `Error(message)`: a new `Error` (called without `new`, the same).
    #[wasm_bindgen(js_name = Error)]
    fn plain_error(message: &str) -> JsValue;
    /// `Object.assign(target, source)`.
    #[wasm_bindgen(js_namespace = Object, js_name = assign)]
    fn assign(target: &JsValue, source: &JsValue) -> JsValue;
}

thread_local! {
    static ERROR_CLASS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Registers the `LinkflowError` class that every rejection is an instance of. Called
/// once by the package's JS entry; not part of the public API.
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: JsValue) {
    ERROR_CLASS.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            *c = Some(class);
        }
    });
}

fn error_class() -> Option<JsValue> {
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
    let fields = new_object();
    put(&fields, "kind", &JsValue::from_str(e.kind.as_str()));
    if let Some(status) = e.status {
        put(&fields, "status", &JsValue::from_f64(f64::from(status)));
    }
    let texts = [("code", e.code.as_deref()), ("method", e.method), ("path", e.path.as_deref()), ("body", e.body.as_deref())];
    for (key, value) in texts {
        if let Some(v) = value {
            put(&fields, key, &JsValue::from_str(v));
        }
    }
    if let Some(cause) = cause {
        put(&fields, "cause", cause);
    }
    construct_error(&e.message, &fields)
}

/// A `validation` error as a `LinkflowError`: the same object [`to_js`] makes of
/// `Error::validation(message)`, without building that `Error` (the tracker module's one
/// kind of error; its other fields are never set).
pub(crate) fn validation(message: &str) -> JsValue {
    let fields = new_object();
    put(&fields, "kind", &JsValue::from_str(ErrorKind::Validation.as_str()));
    construct_error(message, &fields)
}

/// `new LinkflowError(message, fields)`, or the plain `Error` stand-in without the class.
fn construct_error(message: &str, fields: &JsValue) -> JsValue {
    if let Some(class) = error_class() {
        if let Ok(err) = construct(&class, &pair(&JsValue::from_str(message), fields)) {
            return err;
        }
    }
    let err = plain_error(message);
    put(&err, "name", &JsValue::from_str("LinkflowError"));
    // `cause` goes on as a plain property here: the fallback has no constructor options.
    assign(&err, fields);
    err
}
