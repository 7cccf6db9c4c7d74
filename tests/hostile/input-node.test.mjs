// Hostile caller values in Node (issue 16 items 1, 5, 7; issue 12 items 1, 7), against the
// built package (pkg/, or LINKFLOW_HOSTILE_PKG):
// - 10,000 calls per client entry point with values that throw when read (revoked Proxy,
//   throwing getter / get trap / ownKeys trap / length) are rejected `validation` LinkflowErrors, never
//   a synchronous TypeError, and the module keeps working (it used to be corrupted for good
//   after ~2,000: `RuntimeError: memory access out of bounds`);
// - NaN, ±Infinity, Symbol, BigInt (outside ids), functions, Map, Set, invalid Date and boxed
//   primitives in a body are `validation` errors naming the field;
// - each member is read once (a getter cannot swap a checked value), inherited ones ignored;
// - contact bodies send `null` (it clears) at every depth, omit `undefined`; event bodies drop both;
// - a `Date` in a contact body is "yyyy-MM-dd HH:mm:ss" in UTC+8, `eventDate` epoch ms;
//   parseLinkflowDate / formatLinkflowDate on every Node entry of the client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSdk, requireEntries } from "./input-lib.mjs";
import { THROWERS, fakeFetch, hostileCalls, normalWork, notJsonOutcomes } from "./input-cases.mjs";

const { sdk } = await loadSdk();
const { LinkflowClient, LinkflowError } = sdk;

test("10,000 hostile calls per entry point are validation rejections; then the module works", async () => {
  const { wrong, sent } = await hostileCalls(sdk, 10_000);
  const after = await normalWork(sdk);
  assert.equal(after.failed, undefined, "normal work after the hostile calls");
  assert.deepEqual(wrong, [], "every hostile call rejects with a validation LinkflowError");
  assert.equal(sent, 0, "no request was sent");
  assert.deepEqual(after.bodies, ['{"event":"e","channelId":"c","externalId":"u","attr1":"5"}', '{"id":7,"name":"n"}']);
  assert.equal(after.contactId, 1);
});

test("hostile constructor and call options: validation errors, delivered as before, module healthy", async () => {
  // 10,000 per entry point, spread over the throwers.
  const rounds = Math.ceil(10_000 / Object.keys(THROWERS).length);
  for (let i = 0; i < rounds; i++) {
    for (const make of Object.values(THROWERS)) {
      assert.throws(() => new LinkflowClient(make()), (e) => e instanceof LinkflowError && e.kind === "validation");
    }
  }
  const { fetch } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  // The trailing call options are read by client.rs: a throwing one must at least be a
  // LinkflowError (here the call goes on without it), never a raw exception.
  for (let i = 0; i < rounds; i++) {
    for (const make of Object.values(THROWERS)) {
      const outcome = await client.contacts.list({}, make()).then(
        () => "resolved",
        (e) => (e instanceof LinkflowError ? "LinkflowError" : `${e?.name}: ${e?.message}`),
      );
      assert.ok(outcome === "LinkflowError" || outcome === "resolved", outcome);
    }
  }
  assert.equal((await normalWork(sdk)).created, "e");
});

test("values JSON cannot carry are validation errors naming the field", async () => {
  const outcomes = await notJsonOutcomes(sdk);
  for (const [what, outcome] of Object.entries(outcomes)) {
    const field = what.startsWith("events.create items") ? "items[0].attr1" : what.startsWith("events") ? "attr1" : "props.attr1";
    assert.match(outcome, new RegExp(`^validation: ${field.replace(/[[\]]/g, "\\$&")} `), what);
  }
  // BigInt is fine as an id.
  const { fetch, sent } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  await client.contacts.update(42n, { name: "n" });
  await client.contacts.identities(42n).catch(() => {});
  assert.deepEqual(
    sent.map((s) => new URL(s.url).pathname),
    ["/v2/contacts/42", "/contacts/42/identities"],
  );
});

test("each member is read once; inherited members are ignored", async () => {
  const { fetch, sent } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  let reads = 0;
  const swapping = {
    channel: { channelId: "c" },
    get externalId() {
      reads += 1;
      return reads === 1 ? "ok" : "";
    },
  };
  await client.contacts.identify(swapping);
  assert.equal(reads, 1, "externalId read once");
  assert.equal(sent.at(-1).body, '{"channel":{"channelId":"c"},"externalId":"ok"}');

  const inherited = Object.create({ externalId: "from-prototype", channel: { channelId: "c" } });
  await assert.rejects(client.contacts.identify(inherited), (e) => e.kind === "validation" && /externalId/.test(e.message));
  const fields = Object.create({ email: "inherited@x" });
  fields.name = "own";
  await client.contacts.update(1, fields);
  assert.equal(sent.at(-1).body, '{"id":1,"name":"own"}');

  await assert.rejects(
    client.contacts.identify({ channel: { channelId: "c" }, get externalId() { throw new Error("boom"); } }),
    (e) => e instanceof LinkflowError && e.kind === "validation" && /^externalId could not be read: boom/.test(e.message),
  );
});

test("contact bodies send null (it clears) and omit undefined at every depth; event bodies drop both", async () => {
  const { fetch, sent } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  await client.contacts.update(42, { email: null, avatar: undefined, props: { attr1: null, attr2: undefined, deep: { a: null } } });
  assert.equal(sent.at(-1).body, '{"id":42,"email":null,"props":{"attr1":null,"deep":{"a":null}}}');
  await client.contacts.identify({ externalId: "u", channel: { channelId: "c" }, name: null, props: { attr1: null } });
  assert.equal(sent.at(-1).body, '{"externalId":"u","channel":{"channelId":"c"},"name":null,"props":{"attr1":null}}');
  await client.events.create({ event: "e", channelId: "c", externalId: "u", attr1: null, attr2: undefined, utm: { source: null } });
  assert.equal(sent.at(-1).body, '{"event":"e","channelId":"c","externalId":"u","utm":{}}');
});

test("dates: contact Dates are UTC+8 text, eventDate takes a Date or epoch ms", async () => {
  const { fetch, sent } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  await client.contacts.update(1, { dateOfBirthday: new Date("1991-11-10T16:00:00Z"), props: { since: new Date(1504488623000) } });
  assert.equal(sent.at(-1).body, '{"id":1,"dateOfBirthday":"1991-11-11 00:00:00","props":{"since":"2017-09-04 09:30:23"}}');
  await client.events.create({ event: "e", channelId: "c", externalId: "u", eventDate: new Date(1509180345000) });
  assert.match(sent.at(-1).body, /"eventDate":1509180345000/);
  await client.events.create({ event: "e", channelId: "c", externalId: "u", eventDate: 1509180345000 });
  assert.match(sent.at(-1).body, /"eventDate":1509180345000/);
  await assert.rejects(client.contacts.update(1, { dateOfBirthday: new Date("x") }), (e) => e.kind === "validation" && /dateOfBirthday is an invalid Date/.test(e.message));
});

test("parseLinkflowDate and formatLinkflowDate: UTC+8, on every Node entry of the client, validation errors", () => {
  const entries = { "linkflow-sdk (import)": sdk, ...requireEntries() };
  for (const [name, entry] of Object.entries(entries)) {
    if (name.startsWith("linkflow-sdk/tracker")) {
      // The date helpers are the client's: the tracker-only module leaves them out.
      assert.equal(entry.parseLinkflowDate, undefined, name);
      assert.equal(entry.formatLinkflowDate, undefined, name);
      continue;
    }
    assert.equal(typeof entry.parseLinkflowDate, "function", name);
    assert.equal(entry.parseLinkflowDate("2017-09-04 09:30:23").toISOString(), "2017-09-04T01:30:23.000Z", name);
    assert.equal(entry.formatLinkflowDate(new Date("2017-09-04T01:30:23.456Z")), "2017-09-04 09:30:23", name);
    assert.equal(entry.formatLinkflowDate(0), "1970-01-01 08:00:00", name);
    for (const bad of ["2017-9-4 09:30:23", "2017-02-30 00:00:00", "2017-09-04T09:30:23Z", "", 5, null]) {
      assert.throws(() => entry.parseLinkflowDate(bad), (e) => e instanceof entry.LinkflowError && e.kind === "validation", `${name} ${bad}`);
    }
    for (const bad of [new Date("x"), NaN, "2017-09-04", new Date(Date.UTC(10000, 0, 1)), new Proxy(new Date(), {})]) {
      assert.throws(() => entry.formatLinkflowDate(bad), (e) => e instanceof entry.LinkflowError && e.kind === "validation", `${name} ${Object.prototype.toString.call(bad)}`);
    }
  }
});

test("Tracker: 10,000 calls with attributes that throw when read are validation errors; then the module works", () => {
  const { Tracker } = sdk;
  const sent = [];
  const tracker = new Tracker({
    channelId: "hostile.example",
    collectUrl: "http://127.0.0.1:9",
    storage: "memory",
    flushIntervalMs: 600_000,
    fetch: async (url, init) => (sent.push(init.body), new Response("{}", { status: 200 })),
  });
  const makers = Object.values(THROWERS);
  const wrong = [];
  for (let i = 0; i < 10_000; i++) {
    const hostile = makers[i % makers.length]();
    const calls = [() => tracker.track("UDE_X", hostile), () => tracker.page(hostile), () => tracker.identify("u1", hostile)];
    try {
      calls[i % calls.length]();
      wrong.push("no error");
    } catch (e) {
      if (!(e instanceof LinkflowError && e.kind === "validation")) wrong.push(`${e?.name}: ${e?.message}`);
    }
  }
  assert.deepEqual([...new Set(wrong)], [], "every call throws a validation LinkflowError");
  tracker.track("UDE_OK", { attr1: "fine" });
  tracker.destroy();
  // The module is healthy: a new client and a new tracker work.
  assert.ok(new LinkflowClient({ token: "t" }));
  new Tracker({ channelId: "after.example", collectUrl: "http://127.0.0.1:9", storage: "memory", fetch: async () => new Response("{}") }).destroy();
});

test("a signal whose aborted getter throws after its first read: the call settles as a LinkflowError, nothing escapes", async () => {
  const { fetch } = fakeFetch();
  const client = new LinkflowClient({ token: "t", fetch });
  const outcomes = new Set();
  for (let i = 0; i < 2_000; i++) {
    let reads = 0;
    const signal = {
      get aborted() {
        if (reads++ > 0) throw new Error("second read");
        return false;
      },
      addEventListener() {},
      removeEventListener() {},
    };
    outcomes.add(await client.channels.types({ signal }).then(() => "resolved", (e) => (e instanceof LinkflowError ? e.kind : `raw ${e}`)));
  }
  assert.deepEqual([...outcomes], ["aborted"], "every such call stops as kind aborted");
  assert.equal((await normalWork(sdk)).created, "e");
});
