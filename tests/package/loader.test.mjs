// How the browser entries load their .wasm (scripts/glue-trim.mjs replaces wasm-bindgen's
// loader): `WebAssembly.instantiateStreaming` on the fetched response (issue 15 item 4); when a
// server sends the .wasm with another Content-Type (streaming refuses it), a silent fallback to
// `WebAssembly.instantiate` on the bytes; a failed fetch rejects the import with its status.
// Node's instantiateStreaming checks the Content-Type as browsers do. Each case imports the entry
// afresh (a query string makes it a new module instance) with a `fetch` that answers as told.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

// LINKFLOW_PKG_DIR: another package directory (e.g. pkg/ of an older build) to check.
const PKG = path.resolve(process.env.LINKFLOW_PKG_DIR ?? (await import("./lib.mjs")).INSTALLED);
let fresh = 0;

/** Imports `dir`/index.js with the .wasm served as `serve` says; what was called on the way. */
async function load(dir, { status = 200, type = "application/wasm" } = {}) {
  const seen = { streaming: 0, instantiate: 0, warnings: [], fetched: [] };
  const real = { fetch: globalThis.fetch, warn: console.warn, ...WebAssembly };
  globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    seen.fetched.push(path.basename(url.pathname));
    const body = status === 200 ? fs.readFileSync(url) : "not here";
    return new Response(body, { status, headers: { "content-type": type } });
  };
  console.warn = (...args) => seen.warnings.push(args.join(" "));
  WebAssembly.instantiateStreaming = (...args) => (seen.streaming++, real.instantiateStreaming(...args));
  // Only instantiations from bytes: Node's own fetch (undici) instantiates its HTTP parser, a
  // WebAssembly.Module, the first time it is needed.
  WebAssembly.instantiate = (...args) => (args[0] instanceof WebAssembly.Module || seen.instantiate++, real.instantiate(...args));
  try {
    const entry = await import(`${pathToFileURL(path.join(PKG, dir, "index.js")).href}?load=${fresh++}`);
    return { entry, seen };
  } catch (error) {
    return { error, seen };
  } finally {
    Object.assign(globalThis, { fetch: real.fetch });
    console.warn = real.warn;
    WebAssembly.instantiateStreaming = real.instantiateStreaming;
    WebAssembly.instantiate = real.instantiate;
  }
}

/** A call that runs in the wasm module (the tracker's options are checked there). */
const works = (entry) =>
  assert.throws(() => new entry.Tracker({ channelId: "", collectUrl: "http://127.0.0.1:9", fetch: () => {} }), {
    name: "LinkflowError",
    kind: "validation",
    message: "Tracker: channelId must be a non-empty string",
  });

for (const dir of ["web", "tracker"]) {
  test(`${dir}/index.js: streams the .wasm served as application/wasm`, async () => {
    const { entry, error, seen } = await load(dir);
    assert.ifError(error);
    works(entry);
    assert.deepEqual(seen, { streaming: 1, instantiate: 0, warnings: [], fetched: ["linkflow_sdk_bg.wasm"] });
  });

  test(`${dir}/index.js: another Content-Type falls back to instantiate, silently`, async () => {
    const { entry, error, seen } = await load(dir, { type: "application/octet-stream" });
    assert.ifError(error);
    works(entry);
    assert.deepEqual(seen, { streaming: 1, instantiate: 1, warnings: [], fetched: ["linkflow_sdk_bg.wasm"] });
  });

  test(`${dir}/index.js: a failed fetch rejects the import with its status`, async () => {
    const { error } = await load(dir, { status: 404, type: "text/html" });
    assert.match(String(error?.message), /^failed to fetch Wasm: 404 /);
  });
}
