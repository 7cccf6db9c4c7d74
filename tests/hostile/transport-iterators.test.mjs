// Issues 16.7, 12.4, 12.5, 12.8 in Node (pkg/node), against `fetch` options that play a
// misbehaving (or merely different) server:
// - a server that caps the page size: page-number iterators read on to an EMPTY page, so
//   `iterate({ size: 1000 })` does not stop after the first (short) page;
// - a server alternating pages A, B, A, B…: every iterator ends (quietly, API.md) at the
//   first page whose items were all seen before, instead of running forever;
// - the guide's id window, literally `page * size <= 10000` (page from 0): listIds
//   { page: 1, size: 10000 } is sent; iterateIds reads every page the server serves and
//   ends quietly when the last one proves the end, else rejects with `validation`;
// - one token per call: with a token expired on issue (clock skew), an iterator, getMany
//   and createMany each fetch one token, not one per request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPIRED_TOKEN, mockFetch, rejection, sdk } from "./helpers.mjs";

const { LinkflowClient } = sdk;

/** At most this many requests per iteration: more is a loop. */
const LOOP_BOUND = 60;

function clientWith(handler, extra = {}) {
  let requests = 0;
  const { fetch, calls } = mockFetch((url, init) => {
    if (++requests > LOOP_BOUND) throw new Error(`more than ${LOOP_BOUND} requests: the iterator loops`);
    return handler(url, init);
  });
  return { client: new LinkflowClient({ baseUrl: "http://api.test", token: "t", fetch, maxRetries: 0, ...extra }), calls };
}

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

const contacts = (from, n) => Array.from({ length: n }, (_, i) => ({ id: from + i }));

test("a server capping the page size (2 when 1000 are asked) does not truncate page-number iterators", async () => {
  // 7 items served 2 a page, whatever `size` says, by page number; then empty pages.
  const capped = (url) => {
    const page = Number(url.searchParams.get("page"));
    const all = contacts(1, 7);
    const items = all.slice(page * 2, page * 2 + 2);
    return { body: url.pathname === "/v2/contacts_bulk/ids" ? items.map((c) => c.id) : items.map((c) => ({ ...c, event: "E" })) };
  };
  const { client, calls } = clientWith(capped);
  assert.deepEqual((await collect(client.contacts.iterate({ size: 1000 }))).map((c) => c.id), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(calls.length, 5, "pages 0..3, then the empty page 4");
  assert.deepEqual((await collect(client.contacts.iterateEvents(9, { size: 1000 }))).map((c) => c.id), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(await collect(client.contacts.iterateIds({ size: 1000 })), [1, 2, 3, 4, 5, 6, 7]);
});

test("a server alternating two pages (A, B, A, B…) ends every iterator at the first page all seen before", async () => {
  let n = 0;
  const alternating = (url) => {
    const a = n++ % 2 === 0;
    const items = a ? contacts(1, 2) : contacts(3, 2);
    if (url.pathname === "/v2/contacts_bulk/ids") return { body: items.map((c) => c.id) };
    if (url.pathname.endsWith("/contacts") && url.pathname.startsWith("/v2/groups")) return { body: items.map((c) => ({ memberId: c.id, contactId: c.id })) };
    return { body: items.map((c) => ({ ...c, event: "E" })) };
  };
  const cases = {
    "contacts.iterate": (c) => c.contacts.iterate({ size: 2 }),
    "contacts.iterateEvents": (c) => c.contacts.iterateEvents(1, { size: 2 }),
    "contacts.iterateIds": (c) => c.contacts.iterateIds({ size: 2 }),
    "events.iterate": (c) => c.events.iterate({ size: 2 }),
    "groups.iterateMembers": (c) => c.groups.iterateMembers(1, { size: 2 }),
  };
  for (const [name, open] of Object.entries(cases)) {
    n = 0;
    const { client, calls } = clientWith(alternating);
    const items = await collect(open(client));
    assert.equal(items.length, 4, `${name}: A and B once each`);
    assert.equal(calls.length, 3, `${name}: ends at the third page (A again)`);
  }
});

test("listIds follows the guide's window literally: page * size <= 10000 (page from 0)", async () => {
  const { client, calls } = clientWith(() => ({ body: [1, 2] }));
  assert.deepEqual(await client.contacts.listIds({ page: 1, size: 10000 }), [1, 2]);
  assert.deepEqual(await client.contacts.listIds({ page: 10000, size: 1 }), [1, 2]);
  assert.equal((await rejection(client.contacts.listIds({ page: 2, size: 5001 }))).kind, "validation");
  assert.deepEqual(calls.map((c) => new URL(c.url).search), ["?page=1&size=10000", "?page=10000&size=1"]);
});

/** A stand-in for GET /v2/contacts_bulk/ids over `total` ids with the guide's window rule. */
function idsServer(total) {
  return (url) => {
    const page = Number(url.searchParams.get("page"));
    const size = Number(url.searchParams.get("size"));
    if (page * size > 10000) return { status: 500, body: { code: "B00030", message: "page*size必须小于等于10000" } };
    const ids = [];
    for (let id = page * size + 1; id <= Math.min(total, (page + 1) * size); id++) ids.push(id);
    return { body: ids };
  };
}

test("iterateIds reads every page the window serves: 9,500 ids with size 3000 end quietly", async () => {
  const { client, calls } = clientWith(idsServer(9500));
  const ids = await collect(client.contacts.iterateIds({ size: 3000 }));
  assert.equal(ids.length, 9500);
  assert.equal(calls.length, 4, "pages 0..3 (offset 9000 <= 10000)");
});

test("iterateIds past what the window serves: all it can list, then a truthful validation error", async () => {
  const { client, calls } = clientWith(idsServer(25000));
  const ids = [];
  let err;
  try {
    for await (const id of client.contacts.iterateIds()) ids.push(id);
  } catch (e) {
    err = e;
  }
  assert.equal(ids.length, 20000, "pages 0 and 1 of 10000 (offset 10000 is allowed)");
  assert.equal(err?.kind, "validation", String(err));
  assert.match(err.message, /may match/);
  assert.ok(calls.every((c) => Number(new URL(c.url).searchParams.get("page")) * 10000 <= 10000), "no request past the window");
});

test("one token per call: with a token expired on issue, an iterator, getMany and createMany fetch one token each", async () => {
  const serve = (url) => {
    if (url.pathname === "/token") return { body: EXPIRED_TOKEN };
    if (url.pathname === "/contacts") return { body: Number(url.searchParams.get("page")) < 3 ? contacts(Number(url.searchParams.get("page")) * 2 + 1, 2) : [] };
    if (url.pathname === "/v2/contacts_bulk") return { body: url.searchParams.get("ids").split(",").map((id) => ({ id: Number(id) })) };
    return { body: { id: 1, event: "E" } };
  };
  const { fetch, calls } = mockFetch(serve);
  const client = new LinkflowClient({ baseUrl: "http://api.test", appKey: "k", appSecret: "s", fetch, maxRetries: 0 });
  const tokens = () => calls.filter((c) => new URL(c.url).pathname === "/token").length;
  assert.equal((await collect(client.contacts.iterate({ size: 2 }))).length, 6);
  assert.equal(tokens(), 1, "iterate: 4 pages, one token");
  const ids = Array.from({ length: 250 }, (_, i) => i + 1);
  assert.equal((await client.contacts.getMany(ids, { concurrency: 1 })).length, 250);
  assert.equal(tokens(), 2, "getMany: 3 chunks, one token");
  const events = Array.from({ length: 3 }, () => ({ event: "E", channelId: "c", externalId: "x" }));
  assert.equal((await client.events.createMany(events, { concurrency: 1 })).succeeded.length, 3);
  assert.equal(tokens(), 3, "createMany: 3 requests, one token");
  for (const c of calls.filter((c) => new URL(c.url).pathname !== "/token")) {
    assert.equal(c.init.headers["X-OpenApi-Token"], EXPIRED_TOKEN.token);
  }
});
