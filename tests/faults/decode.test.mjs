// Scenario 4: broken answers (the stand-in's `corrupt` fault): truncated, not JSON, wrong
// types, and the guide's own broken example (`"nickname": ,`). Each is a `decode` error with
// status 200 and the body kept (first 2048 characters), sent once (a 200 is never retried,
// a create is not repeated), no panic, and the same client keeps working.
import { readFileSync } from "node:fs";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { BASE, KEY, SECRET, CHANNEL_ID, sdk, stats, faults, resetServer, recorder, rejection, routeCount } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = await sdk();
const SEED = 10; // contacts 1..10 (externalId u000001..), 2 events each; contact 10 has WeChat

// The guide's broken contact example ("nickname": ,), as tests/fixtures/guide keeps it verbatim
// from its identify section; the PUT /v2/contacts/{id} section prints the same text without the
// closing brace, and that is what the stand-in's `corrupt: "guide"` sends.
const GUIDE_EXAMPLE = readFileSync(new URL("../fixtures/guide/contacts.identify.answer.verbatim.json", import.meta.url), "utf8");

beforeEach(async () => {
  await resetServer(SEED);
});

const client = (rec, opts = {}) => new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET, fetch: rec.fetch, ...opts });

/** Every endpoint whose answer has a number or boolean (so `wrongtype` changes it). */
const CALLS = [
  ["GET", "/contacts", (c) => c.contacts.list({ size: 5 })],
  ["GET", "/v2/contacts_bulk/ids", (c) => c.contacts.listIds({ page: 0, size: 5 })],
  ["GET", "/v2/contacts_bulk", (c) => c.contacts.getMany([1, 2])],
  ["GET", "/v2/contacts", (c) => c.contacts.find({ email: "__EMAIL__" })],
  ["GET", "/identifiers", (c) => c.contacts.getByExternalId({ externalId: "u000001", channelId: CHANNEL_ID })],
  ["POST", "/identifiers", (c) => c.contacts.identify({ externalId: "u000002", channel: { channelId: CHANNEL_ID }, city: "上海" })],
  ["PUT", "/v2/contacts/3", (c) => c.contacts.update(3, { nickname: "zs" })],
  ["GET", "/v2/contacts/meta/properties", (c) => c.contacts.properties()],
  ["GET", "/contacts/meta/userfields", (c) => c.contacts.userFields()],
  ["GET", "/contacts/4/identities", (c) => c.contacts.identities(4)],
  ["GET", "/v2/contacts/3/groups", (c) => c.contacts.groups(3)],
  ["GET", "/contacts/5/events", (c) => c.contacts.events(5)],
  ["GET", "/events/lite", (c) => c.events.list({ lastMaxId: 0, size: 5 })],
  ["POST", "/ude", (c) => c.events.create({ event: "UDE_DECODE", channelId: CHANNEL_ID, externalId: "u000006", attr1: "x" })],
  ["POST", "/udc", (c) => c.channels.create({ name: "decode-channel" })],
  ["GET", "/v2/groups", (c) => c.groups.list()],
  ["POST", "/v2/groups", (c) => c.groups.create({ name: `decode-${Math.random().toString(36).slice(2)}` })],
  ["GET", "/v2/groups/1/contacts", (c) => c.groups.members(1)],
  ["POST", "/v2/groups/1/contacts", (c) => c.groups.addContacts(1, [1, 2])],
  ["DELETE", "/v2/groups/1/contacts", (c) => c.groups.removeContacts(1, [1])],
  ["GET", "/v1/wx/wx1f7fbd28ac009cd0/user", (c) => c.wechat.user({ appId: "wx1f7fbd28ac009cd0", unionId: "UN00000010" })],
];

/** The first 2048 characters (code points, as the SDK cuts). */
const first2048 = (s) => Array.from(s).slice(0, 2048).join("");

async function brokenEverywhere(mode) {
  const rec = recorder();
  const c = client(rec, { maxRetries: 3 });
  await c.channels.types(); // token
  // An email the store has, for find().
  const email = (await c.contacts.getMany([7]))[0].email;
  await faults({ corrupt: mode });
  const outcomes = [];
  for (const [method, path, call] of CALLS) {
    const n = rec.log.length;
    const before = await stats();
    const err = await rejection(call(c, email), `${method} ${path} with a ${mode} answer`).catch((e) => e);
    const sent = rec.log.slice(n);
    const label = `${mode}: ${method} ${path}`;
    assert.ok(err instanceof LinkflowError && err instanceof Error, `${label}: a LinkflowError, got ${err}`);
    assert.equal(err.kind, "decode", `${label}: ${err.message}`);
    assert.equal(err.status, 200, label);
    assert.equal(err.method, method, label);
    assert.equal(err.path, path, label);
    assert.equal(sent.length, 1, `${label}: one attempt (a 200 is not retried)`);
    assert.equal(sent[0].status, 200);
    assert.equal(err.body, first2048(sent[0].text), `${label}: the body the server sent is kept`);
    assert.ok(err.body.length > 0);
    const after = await stats();
    assert.equal(after.faultsCorrupted - before.faultsCorrupted, 1, `${label}: the stand-in broke this answer`);
    outcomes.push(err.message);
  }
  // No panic: the module and the same client keep working.
  await faults({ reset: true });
  assert.equal((await c.contacts.list({ size: 3 })).length, 3);
  assert.equal((await c.channels.types()).length, 24);
  return outcomes;
}

// CALLS use find({ email }) with a real email.
CALLS[3][2] = (c, email) => c.contacts.find({ email });

test("truncated answers (half the body): decode error with the body kept, on all 21 endpoints; client still works", async () => {
  await brokenEverywhere("truncate");
});

test("non-JSON answers (a proxy's HTML page with status 200): decode error with the HTML kept, on all 21 endpoints; client still works", async () => {
  const msgs = await brokenEverywhere("nonjson");
  assert.ok(msgs.every((m) => /not JSON/i.test(m)), msgs[0]);
});

test("wrong-typed answers (numbers and booleans as strings, e.g. \"id\": \"83\"): normalized to the declared types, on all 21 endpoints, each sent once", async () => {
  // API.md: a scalar of an unexpected type never fails a call. Each call reads the same as
  // without the fault (`props` values keep the JSON type they were sent with).
  const rec = recorder();
  const c = client(rec, { maxRetries: 3 });
  await c.channels.types(); // token
  const email = (await c.contacts.getMany([7]))[0].email;
  const READS = new Set(["GET"]);
  const withoutProps = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === "props" ? undefined : x)));
  for (const [method, path, call] of CALLS) {
    const label = `wrongtype: ${method} ${path}`;
    const clean = READS.has(method) ? await call(c, email) : undefined;
    await faults({ corrupt: "wrongtype" });
    const before = await stats();
    const n = rec.log.length;
    const got = await call(c, email);
    const after = await stats();
    await faults({ reset: true });
    assert.equal(rec.log.length - n, 1, `${label}: one attempt`);
    assert.equal(after.faultsCorrupted - before.faultsCorrupted, 1, `${label}: the stand-in broke this answer`);
    assert.ok(rec.log[n].text.includes('"'), label);
    if (clean !== undefined) assert.deepEqual(withoutProps(got), withoutProps(clean), `${label}: reads as without the fault`);
    const ids = JSON.stringify(got).match(/"(id|memberId)":[^,}]*/g) ?? [];
    assert.ok(ids.every((m) => /:\d+$/.test(m)), `${label}: ids are numbers again: ${ids.slice(0, 3)}`);
  }
});

test("the guide's own broken example (\"nickname\": ,) as the answer: decode error with the guide's text kept, on all 21 endpoints; client still works", async () => {
  await brokenEverywhere("guide");
  // The guide's example answers PUT /v2/contacts/{id}: check that call precisely.
  const rec = recorder();
  const c = client(rec);
  await faults({ corrupt: "guide", paths: ["/v2/contacts/"] });
  const err = await rejection(c.contacts.update(1, { nickname: "张三" }), "update with the guide's answer");
  assert.equal(err.kind, "decode");
  assert.equal(err.body, rec.of("/v2/contacts/1", "PUT")[0].text, "the body as the server sent it");
  assert.ok(err.body.includes('"nickname": ,') && err.body.length > 300);
  assert.ok(GUIDE_EXAMPLE.startsWith(err.body), "the guide's example, verbatim");
  await faults({ reset: true });
  const contact = await c.contacts.update(1, { nickname: "李四" });
  assert.equal(contact.nickname, "李四", "the next update works, and the broken one had acted");
});

test("a broken create answer: the create acted once and is not repeated; a wrong-typed one reports the stored event", async () => {
  const rec = recorder();
  const c = client(rec, { maxRetries: 5 });
  await c.channels.types();
  const before = await stats();
  for (const mode of ["truncate", "nonjson", "guide"]) {
    await faults({ corrupt: mode, paths: ["/ude"] });
    const err = await rejection(c.events.create({ event: "UDE_BROKEN", channelId: CHANNEL_ID, externalId: "u000009", attr1: mode }));
    assert.equal(err.kind, "decode", `${mode}: ${err.message}`);
  }
  // Numbers and booleans as strings: the event was stored, and the call says so (issue 12).
  await faults({ corrupt: "wrongtype", paths: ["/ude"] });
  const event = await c.events.create({ event: "UDE_BROKEN", channelId: CHANNEL_ID, externalId: "u000009", attr1: "wrongtype" });
  assert.equal(typeof event.id, "number");
  assert.equal(typeof event.eventDate, "number");
  assert.equal(event.attr1, "wrongtype");
  const s = await stats();
  assert.equal(routeCount(s, "/ude"), 4, "four creates, four requests");
  assert.equal(s.store.events - before.store.events, 4, "each acted exactly once");
});

test("long broken answers: the error keeps the first 2048 characters of the body", async () => {
  await resetServer(60);
  const rec = recorder();
  const c = client(rec);
  await faults({ corrupt: "truncate", paths: ["/contacts"] });
  const err = await rejection(c.contacts.list({ size: 60 }));
  const sent = rec.of("/contacts")[0].text;
  assert.ok(sent.length > 4096, `a long body (${sent.length} characters)`);
  assert.equal(err.kind, "decode");
  assert.equal(Array.from(err.body).length, 2048);
  assert.ok(sent.startsWith(err.body));
});

test("a broken token answer: kind auth (a failed /token exchange), its body withheld (it may hold a token); the next call gets a token", async () => {
  const rec = recorder();
  const c = client(rec);
  await faults({ corrupt: "truncate", paths: ["/token"] });
  const err = await rejection(c.channels.types());
  assert.equal(err.kind, "auth", err.message);
  assert.equal(err.status, 200);
  const sent = rec.of("/token")[0].text;
  assert.ok(sent.includes('"token"'), "the cut answer still holds (part of) a token");
  assert.match(err.body, /^\[withheld/);
  assert.ok(!JSON.stringify({ ...err, message: err.message }).includes(sent.slice(sent.indexOf('"token"'))));
  assert.ok(!err.message.includes(KEY) && !err.message.includes(SECRET));
  await faults({ corrupt: "nonjson" });
  const err2 = await rejection(c.channels.types());
  assert.equal(err2.kind, "auth", err2.message);
  assert.match(err2.body, /^\[withheld/);
  await faults({ reset: true });
  assert.equal((await c.channels.types()).length, 24);
});

test("an answer broken in the middle of an iteration: the iterator rejects with decode; a new iteration afterwards yields everything", async () => {
  let pages = 0;
  const rec = recorder({
    onAnswer: async (e) => {
      if (e.path === "/contacts" && ++pages === 1) await faults({ corrupt: "truncate", paths: ["/contacts"] });
    },
  });
  const c = client(rec);
  const seen = [];
  const err = await rejection(
    (async () => {
      for await (const contact of c.contacts.iterate({ size: 3 })) seen.push(contact.id);
    })(),
  );
  assert.equal(err.kind, "decode", err.message);
  assert.deepEqual(seen, [1, 2, 3], "the first page was delivered");
  await faults({ reset: true });
  const all = [];
  for await (const contact of c.contacts.iterate({ size: 3 })) all.push(contact.id);
  assert.deepEqual(all, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});
