// Calls from the wasm module into JS (each one a trip through the glue) per API call and per
// iterated event, counted exactly with a copy of the package whose glue counts its imports.
// The answer check asks JS about each answer through the entry's helpers (`__setHelpers`),
// one question per object or per page rather than about four per member of the shape: these
// budgets fail if that path is lost (the check asking member by member costs 276 crossings
// per `channels.types()` and ~150 per event). A call whose token is in hand makes its attempt
// through the entry's call driver (src/wasm/platform/driver.rs): 7 crossings per
// `channels.types()` with it, 34 when the module drives `fetch` itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, KEY, SECRET, resetServer } from "./helpers.mjs";
import { countImports, countingCopy } from "../count-imports.mjs";

const PKG = process.env.LINKFLOW_CROSSINGS_PKG ?? fileURLToPath(new URL("../../pkg", import.meta.url));
const copy = mkdtempSync(join(tmpdir(), "linkflow-crossings-"));
after(() => rmSync(copy, { recursive: true, force: true }));
// The Node ES module entry runs the web glue: wrap the imports it instantiates the module with.
const hooked = countingCopy(PKG, copy);

let crossings = 0;
countImports(() => crossings++);
const { LinkflowClient } = await import(pathToFileURL(join(copy, "node/index.mjs")).href);

test("the counting copy of the glue instantiates the module", () => {
  assert.equal(hooked, 1, "one `new WebAssembly.Instance(module, imports)` in the web glue");
});

test("channels.types(): at most 10 crossings per call (24 types of 2 members, the call driver)", async (t) => {
  await resetServer(0);
  const client = new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET });
  for (let i = 0; i < 5; i++) await client.channels.types(); // token, name tables, shape names
  crossings = 0;
  let types = 0;
  for (let i = 0; i < 20; i++) types += (await client.channels.types()).length;
  const perCall = crossings / 20;
  assert.ok(types >= 20 * 20, `the stand-in lists its channel types (${types / 20} per call)`);
  assert.ok(perCall > 0, "the count reaches the module");
  t.diagnostic(`${perCall} crossings per call`);
  assert.ok(perCall <= 10, `${perCall} crossings per call`);
});

test("events.iterate: at most 20 crossings per event (49-member shape, utm maps)", async () => {
  await resetServer(300); // 2 events per contact
  const client = new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET });
  await client.channels.types();
  crossings = 0;
  let events = 0;
  for await (const e of client.events.iterate({ size: 100 })) if (e.id) events++;
  const perEvent = crossings / events;
  assert.equal(events, 600);
  assert.ok(perEvent <= 20, `${perEvent.toFixed(1)} crossings per event`);
});
