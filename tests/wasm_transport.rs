#![cfg(target_arch = "wasm32")]
//! Transport rules through the JS surface, against `linkflow-devserver` (run by
//! scripts/test-wasm.sh in Node and headless Chromium, like tests/wasm_client.rs):
//! one call, one token, even when the token is expired on issue (clock skew).
//!
//! The scenarios are written in JS (a `new Function` body run on a client made here), since
//! they are about what a JS caller sees; the rest of the transport rules (redirects,
//! baseUrl, dot segments, credentials) are proved on the built package by tests/hostile.

mod wasm_support;

use js_sys::{Function, Promise};
use linkflow_sdk::wasm::LinkflowClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_support::{base_url, js, obj, s};

/// Runs the async JS `body` with `client` and `base` bound; returns what it resolves to.
async fn run(body: &str, client: LinkflowClient, base: &str) -> Result<JsValue, JsValue> {
    let f = Function::new_with_args("client, base", &format!("return (async () => {{ {body} }})();"));
    let p = f.call2(&JsValue::UNDEFINED, &client.into(), &JsValue::from_str(base))?;
    JsFuture::from(p.dyn_into::<Promise>()?).await
}

/// JS: a tokenProvider that takes a real token from the stand-in's `/demo/token` but says it
/// expired in 2017, and counts its calls in `globalThis.__provided`.
const SKEWED_PROVIDER: &str = "async () => { globalThis.__provided = (globalThis.__provided ?? 0) + 1; \
    const r = await fetch(BASE + '/demo/token'); const t = await r.json(); \
    return { token: t.token, expiration: '2017-09-04 09:30:23' }; }";

#[wasm_bindgen_test]
async fn one_call_fetches_one_token_even_when_it_expired_on_issue() {
    // No `setup()`: what is checked is the JSON the scenario resolves to, not an error class.
    let base = base_url();
    let provider = js(&SKEWED_PROVIDER.replace("BASE", &format!("{base:?}")));
    let client = LinkflowClient::new(obj(&[("baseUrl", s(base)), ("tokenProvider", provider)])).unwrap();
    let outcome = run(
        r#"
        const counts = [];
        const provided = () => globalThis.__provided ?? 0;
        globalThis.__provided = 0;
        // An iterator: every page of the (seeded) contacts, 5 a page.
        const pages = client.contacts.iterate({ size: 5 });
        let items = 0;
        for (let r = await pages.next(); !r.done; r = await pages.next()) items++;
        counts.push(["iterate", items > 5, provided()]);
        // getMany: 3 chunks of at most 100 ids, one at a time.
        let before = provided();
        const ids = Array.from({ length: 250 }, (_, i) => i + 1);
        await client.contacts.getMany(ids, { concurrency: 1 });
        counts.push(["getMany", true, provided() - before]);
        // Two separate calls: the next call fetches again (API.md), once each.
        before = provided();
        await client.channels.types();
        await client.channels.types();
        counts.push(["two calls", true, provided() - before]);
        return JSON.stringify(counts);
        "#,
        client,
        base,
    )
    .await;
    let text = outcome.unwrap_or_else(|e| panic!("rejected: {e:?}")).as_string().unwrap();
    assert_eq!(text, r#"[["iterate",true,1],["getMany",true,1],["two calls",true,2]]"#);
}
