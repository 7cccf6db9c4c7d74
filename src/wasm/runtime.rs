//! Which kind of JS runtime the module runs in, read from its globals: the `appSecret`
//! guard of `LinkflowClient` refuses a secret wherever a visitor could read it.

use super::platform::get;

/// Whether this global scope belongs to a browser (or an emulation of one), where anything
/// the code holds can be read by whoever loaded it.
///
/// Browser: a page or jsdom (`window`/`document`), and dedicated, shared and service
/// workers (all inherit `WorkerGlobalScope`). Server: Node (no such globals), Deno and Bun
/// (they define `WorkerGlobalScope` in their own workers) and Cloudflare Workers (workerd
/// says so in `navigator.userAgent`, and its scope is modelled on a service worker's).
pub(crate) fn is_browser() -> bool {
    let global: wasm_bindgen::JsValue = js_sys::global().into();
    let defined = |name: &'static str| !get(&global, name).is_undefined();
    if defined("window") || defined("document") {
        return true;
    }
    let user_agent = get(&get(&global, "navigator"), "userAgent");
    if user_agent.as_string().as_deref() == Some("Cloudflare-Workers") || defined("Deno") || defined("Bun") {
        return false;
    }
    defined("WorkerGlobalScope")
}
