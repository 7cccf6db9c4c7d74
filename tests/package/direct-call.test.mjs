// The direct call path (pkg-template/entry.js's call driver, src/wasm/call.rs `direct`):
// whatever the global `fetch` answers, one attempt is one request. A `fetch` that returns
// something that is not a promise must fail that attempt, never make the module fall back
// to its task path and send the request a second time (a second POST would be a second event).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { INSTALLED } from "./lib.mjs";

// Both Node entries run pkg-template/entry.js's driver (the browser entries too; loading them in
// Node needs a `fetch` of file URLs, scripts/check-pkg.mjs).
const ENTRIES = {
  "node ESM": async () => import(pathToFileURL(path.join(INSTALLED, "node/index.mjs")).href),
  "node CommonJS": async () => createRequire(import.meta.url)(path.join(INSTALLED, "node/index.cjs")),
};

for (const [entry, load] of Object.entries(ENTRIES)) {
  test(`${entry}: a global fetch answering a non-promise is one failed attempt, not two requests`, async () => {
    const { LinkflowClient } = await load();
    const realFetch = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = () => {
      calls += 1;
      return { status: 200 }; // not a Response, not a promise
    };
    try {
      const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "t", maxRetries: 0 });
      await assert.rejects(client.events.create({ event: "UDE_X", channelId: "c", externalId: "e" }), (e) => e.name === "LinkflowError");
      assert.equal(calls, 1, "one request for one attempt");
    } finally {
      globalThis.fetch = realFetch;
    }
  });
}
