// The answer check as the package runs it: the entry's helper (`memberKinds`, `valueKinds` in
// pkg-template/entry.js) tells the module the kind of every member of a page at once, and the
// module decides from those kinds alone for every member that fits its shape. So each kind the
// helper can report is exercised here on an events page, with the verdict the guide's shape
// gives: a fraction where an integer is required, `null` or absent where a value is required,
// an object or list where a scalar belongs (in a field, a `utm` map, an `items` element, an
// element of the page), and the scalars that are normalized in place. A helper that reported
// a wrong kind would let one of these through or fail a good one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mockFetch, rejection, sdk } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = sdk;

/** `client.events.list()` of a fake server whose events page is `page`. */
async function listOf(page) {
  const { fetch } = mockFetch(() => ({ body: page }));
  const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "t", fetch, maxRetries: 0 });
  return client.events.list();
}

const ok = { id: 1, event: "E" };

test("pages whose every member fits: passed as they are, odd scalars normalized", async () => {
  const page = [
    { ...ok, ver: 2.5, os: null, triggerFlow: true, eventDate: 1704145265952, utm: { source: "a", term: null }, items: [{ event: "x", attr1: "y" }] },
    { id: "83", event: "E", attr2: 10000, triggerFlow: "true", utm: { source: 5 }, items: [{ attr1: 1 }], unknownField: { kept: [1] } },
    { ...ok, triggerFlow: 0, contactId: "abc", channelId: false },
  ];
  const got = await listOf(page);
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], page[0], "nothing to fix");
  assert.equal(got[1].id, 83, "digits where an integer belongs");
  assert.equal(got[1].attr2, "10000", "a number where a string belongs");
  assert.equal(got[1].triggerFlow, true, '"true" where a boolean belongs');
  assert.equal(got[1].utm.source, "5", "a number in a utm map");
  assert.equal(got[1].items[0].attr1, "1", "a number in an items element");
  assert.deepEqual(got[1].unknownField, { kept: [1] }, "unknown members kept");
  assert.equal(got[2].triggerFlow, false, "0 where a boolean belongs");
  assert.equal(got[2].contactId, null, "a count that is not one");
  assert.equal(got[2].channelId, "false", "a boolean where a string belongs");
});

const broken = [
  [[{ id: 2.5, event: "E" }], "an integer at [0].id"],
  [[{ id: 1, event: null }], "a string at [0].event"],
  [[{ id: 1 }], "a string at [0].event"],
  [[{ event: "E" }], "an integer at [0].id"],
  [[{ id: [1], event: "E" }], "an integer at [0].id"],
  [[{ ...ok, channelId: {} }], "a string at [0].channelId"],
  [[{ ...ok, ip: [] }], "a string at [0].ip"],
  [[ok, { ...ok, ver: { v: 1 } }], "an integer at [1].ver"],
  [[{ ...ok, utm: "campaign" }], null], // a scalar where an object belongs: null, not an error
  [[{ ...ok, utm: { source: {} } }], "a string at [0].utm.source"],
  [[{ ...ok, utm: [] }], "an object at [0].utm"],
  [[{ ...ok, items: {} }], "an array at [0].items"],
  [[{ ...ok, items: [{ attr3: [] }] }], "a string at [0].items[0].attr3"],
  [[{ ...ok, items: [null] }], "an object at [0].items[0]"],
  [[ok, 5], "an object at [1]"],
  [[ok, null], "an object at [1]"],
  [[ok, [ok]], "an object at [1]"],
];

for (const [page, expected] of broken) {
  test(`events page ${JSON.stringify(page)}: ${expected ? `decode, expected ${expected}` : "passes"}`, async () => {
    if (expected === null) {
      const got = await listOf(page);
      assert.equal(got[0].utm, null);
      return;
    }
    const err = await rejection(listOf(page));
    assert.ok(err instanceof LinkflowError, String(err));
    assert.equal(err.kind, "decode", err.message);
    assert.ok(err.message.endsWith(`expected ${expected}`), err.message);
  });
}
