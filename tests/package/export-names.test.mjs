// Every export of every entry keeps its own `.name` (`Tracker.name === "Tracker"`): users see it
// in logs, stack traces and `err.constructor.name`. The browser entries are minified with their
// identifiers renamed and without esbuild's `keepNames` (scripts/assemble-pkg.mjs
// `exportedByDeclaration`), so a class that loses its declaration-export would be named `D`.
// The browser entries load in Node here with a `fetch` that reads file: URLs; workerd.js and
// bun.js import the .wasm in ways only their runtimes understand (tests/ecosystem runs them).
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

// LINKFLOW_PKG_DIR: another package directory (e.g. pkg/ of an older build) to check.
const PKG = path.resolve(process.env.LINKFLOW_PKG_DIR ?? (await import("./lib.mjs")).INSTALLED);
const require = createRequire(import.meta.url);

// What each entry exports (API.md): a missing one fails too, so the test cannot pass on nothing.
const EXPECTED = {
  ".": ["LinkflowClient", "LinkflowError", "Tracker", "formatLinkflowDate", "parseLinkflowDate"],
  tracker: ["LinkflowError", "Tracker"],
};

/** Serves file: URLs (the browser entries' `await init()` fetches the .wasm beside them). */
async function withFileFetch(body) {
  const real = globalThis.fetch;
  globalThis.fetch = async (input) => {
    const url = String(input);
    if (!url.startsWith("file:")) return real(input);
    return new Response(fs.readFileSync(new URL(url)), { headers: { "content-type": "application/wasm" } });
  };
  try {
    return await body();
  } finally {
    globalThis.fetch = real;
  }
}

for (const [sub, names] of Object.entries(EXPECTED)) {
  const browser = sub === "." ? "web" : sub;
  const node = path.join(sub, "node");
  const entries = {
    [`${browser}/index.js`]: () => import(pathToFileURL(path.join(PKG, browser, "index.js")).href),
    [`${browser}/dev.js`]: () => import(pathToFileURL(path.join(PKG, browser, "dev.js")).href),
    [`${node}/index.mjs`]: () => import(pathToFileURL(path.join(PKG, node, "index.mjs")).href),
    [`${node}/index.cjs`]: async () => require(path.join(PKG, node, "index.cjs")),
  };
  for (const [file, load] of Object.entries(entries)) {
    test(`${file}: every export is a function named as exported`, async () => {
      const entry = await withFileFetch(load);
      assert.deepEqual(Object.keys(entry).filter((k) => k !== "default").sort(), names);
      for (const name of names) {
        assert.equal(typeof entry[name], "function", `${file}: ${name}`);
        assert.equal(entry[name].name, name, `${file}: ${name}.name`);
      }
    });
  }
}
