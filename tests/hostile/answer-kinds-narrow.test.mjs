// The answer check of a narrow shape (a few members: a channel type has 2), whose members
// the entry's `memberKinds` helper reads by name rather than by walking each object's keys
// (pkg-template/entry.js). The same verdicts as the key walk gives (answer-kinds.test.mjs
// covers the wide event shape): every kind the helper can report, on a
// `channels.types()` page, required and optional members, absent, `null`, mistyped and
// normalized ones, and elements that are not objects; and pages with nothing to fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mockFetch, rejection, sdk } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = sdk;

/** `client.channels.types()` of a fake server whose answer is `page`. */
async function typesOf(page) {
  const { fetch } = mockFetch(() => ({ body: page }));
  const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "t", fetch, maxRetries: 0 });
  return client.channels.types();
}

test("a channel types page whose members fit or are normalized", async () => {
  const page = [
    { channelType: "WECHAT", channelTypeName: "微信" },
    { channelType: "UDC" },
    { channelType: "SMS", channelTypeName: null, extra: { kept: [1] } },
    { channelType: 7, channelTypeName: true },
    { channelType: "X", channelTypeName: 1.5 },
  ];
  const got = await typesOf(page);
  assert.deepEqual(got.slice(0, 3), page.slice(0, 3), "nothing to fix");
  assert.equal(got[3].channelType, "7", "a number where a string belongs");
  assert.equal(got[3].channelTypeName, "true", "a boolean where a string belongs");
  assert.equal(got[4].channelTypeName, "1.5", "a fraction where a string belongs");
});

test("a channel types page whose every element settles as it is (absent and null optional names)", async () => {
  const page = [{ channelType: "A" }, { channelType: "B", channelTypeName: null }, { channelType: "C", channelTypeName: "c", extra: [1] }];
  assert.deepEqual(await typesOf(page), page);
  assert.deepEqual(await typesOf([]), []);
});

const broken = [
  [[{ channelTypeName: "微信" }], "a string at [0].channelType"],
  [[{ channelType: null }], "a string at [0].channelType"],
  [[{ channelType: "A" }, { channelType: {} }], "a string at [1].channelType"],
  [[{ channelType: ["A"] }], "a string at [0].channelType"],
  [[{ channelType: "A", channelTypeName: {} }], "a string at [0].channelTypeName"],
  [[{ channelType: "A", channelTypeName: [] }], "a string at [0].channelTypeName"],
  [[{ channelType: "A" }, "B"], "an object at [1]"],
  [[null], "an object at [0]"],
  [[[{ channelType: "A" }]], "an object at [0]"],
];

for (const [page, expected] of broken) {
  test(`channel types ${JSON.stringify(page)}: decode, expected ${expected}`, async () => {
    const err = await rejection(typesOf(page));
    assert.ok(err instanceof LinkflowError, String(err));
    assert.equal(err.kind, "decode", err.message);
    assert.ok(err.message.endsWith(`expected ${expected}`), err.message);
  });
}
