// What an iteration keeps reachable (issue 15 item 3, bench/LEVERS-speed.md "Round four:
// memory"): once the caller has moved past a page, nothing of it may stay reachable from the
// iterator: not the page's array, not its items (the first item is what the previous
// `next()`'s promise resolved with), so V8's scavenges collect them young instead of promoting
// them. Checked with WeakRefs and forced collections at two points: inside the request for the
// next page (the page in hand must already be dropped before its fetch) and once that page is
// being yielded. No timing involved.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { BASE, KEY, SECRET, resetServer, sdk } from "./helpers.mjs";

// The tier runs `node --test` without --expose-gc: turn it on for this file.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const { LinkflowClient } = await sdk();
const SIZE = 10;

before(() => resetServer(30)); // 30 contacts × 2 events: 6 pages of 10

/** Page numbers (0-based) of the tracked items still reachable after two full collections. */
async function reachablePages(refs) {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return [...new Set(refs.filter(([, ref]) => ref.deref() !== undefined).map(([page]) => page))].sort((a, b) => a - b);
}

test("a page the caller has moved past is collectable, before the next page's request and after it", async () => {
  /** [page number, WeakRef to one of its items], for every item yielded. */
  const refs = [];
  /** What was reachable when each request for a page after the first went out. */
  const atRequest = [];
  let count = 0;
  const fetchAndLook = async (input, init) => {
    // Every page yielded so far is one the caller has moved past (a page is asked for once
    // the one in hand is exhausted; the token's request comes before any).
    if (String(input).includes("/events/lite") && count > 0) atRequest.push({ yielded: count / SIZE, reachable: await reachablePages(refs) });
    return fetch(input, init);
  };
  // A `fetch` option: the attempt runs on the module's task path, and this sees each request.
  const client = new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET, fetch: fetchAndLook });
  const pages = client.events.iterate({ size: SIZE });
  const midPage = [];
  // One item per call, so that no frame of this test holds a yielded item across the next
  // `next()` (a suspended loop may keep its last result in a register).
  const step = async () => {
    const r = await pages.next();
    if (r.done) return false;
    refs.push([Math.floor(count / SIZE), new WeakRef(r.value)]);
    count++;
    return true;
  };
  while (await step()) {
    // Halfway through a page: only that page may be reachable.
    if (count % SIZE === SIZE / 2) midPage.push({ page: Math.floor(count / SIZE), reachable: await reachablePages(refs) });
  }
  assert.equal(count, 60, "30 contacts × 2 events");
  assert.ok(atRequest.length >= 5, `a request per page after the first (${atRequest.length})`);
  for (const { yielded, reachable } of atRequest) {
    assert.deepEqual(reachable, [], `at the request after ${yielded} pages: pages ${reachable} still reachable`);
  }
  for (const { page, reachable } of midPage) {
    assert.deepEqual(reachable, [page], `halfway through page ${page}: pages ${reachable} reachable`);
  }
});
