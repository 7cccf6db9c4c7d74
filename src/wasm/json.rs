//! JsValue as a crate::json::Json view.
