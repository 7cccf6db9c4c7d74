// KNOWN BUG (not run by tests/faults/run.sh until fixed; run by hand:
//   node --test tests/faults/known-bug-null-answer.test.mjs
// needs pkg/, no server).
//
// A 200 answer whose whole body is `null` passes the lenient checker (src/model/mod.rs
// `check_at` returns Ok for null at any depth, the root included), so a list method
// resolves to `null` although it is typed `Contact[]` (etc.) and the guide never answers
// `null`; the same answer page-by-page is a `decode` error ("a page must be an array"),
// so `contacts.list()` and `contacts.iterate()` disagree on the same body; `getMany` turns a
// null chunk into no contacts at all (resolves `[]`: silent loss); `identify`,
// `events.create`, `groups.create` resolve `null` (typed `Contact` / `Event` / `Group`), and
// `createMany` lists that `null` among `succeeded`. A caller doing
// `(await client.contacts.list()).length` gets a TypeError instead of a LinkflowError.
// Expected: kind `decode` with the body kept, like any other answer that is not the JSON
// the guide describes ("null is accepted anywhere" is about members, not the answer itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const { LinkflowClient, LinkflowError } = await import(fileURLToPath(new URL("../../pkg/node/index.mjs", import.meta.url)));

/** A client whose every answer is `body` (the token aside). */
function clientAnswering(body) {
  const fetch = async (url) => {
    if (new URL(url).pathname === "/token") return new Response(JSON.stringify({ token: "t", expiration: "2099-01-01 00:00:00" }), { status: 200 });
    return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
  };
  return new LinkflowClient({ baseUrl: "http://stand-in.invalid", appKey: "k", appSecret: "s", fetch, maxRetries: 0 });
}

const LISTS = [
  ["contacts.list", (c) => c.contacts.list()],
  ["contacts.listIds", (c) => c.contacts.listIds({ page: 0, size: 10 })],
  ["contacts.events", (c) => c.contacts.events(1)],
  ["events.list", (c) => c.events.list({ lastMaxId: 0 })],
  ["groups.list", (c) => c.groups.list()],
  ["channels.types", (c) => c.channels.types()],
  // Chunked: a null chunk silently becomes no contacts (resolves []).
  ["contacts.getMany", (c) => c.contacts.getMany([1, 2])],
  // Single objects: resolve null although typed Contact / Event / Group.
  ["contacts.identify", (c) => c.contacts.identify({ externalId: "a", channel: { channelId: "b" } })],
  ["events.create", (c) => c.events.create({ event: "E", channelId: "b", externalId: "a" })],
  ["groups.create", (c) => c.groups.create({ name: "g" })],
];

for (const [name, call] of LISTS) {
  test(`known bug: a 200 answer \`null\` to ${name} is a decode error, not a resolved null`, async () => {
    const c = clientAnswering("null");
    let out;
    try {
      out = await call(c);
    } catch (err) {
      assert.ok(err instanceof LinkflowError);
      assert.equal(err.kind, "decode", err.message);
      assert.equal(err.body, "null");
      return;
    }
    assert.fail(`${name} resolved to ${JSON.stringify(out)} (typed as an array or object)`);
  });
}

test("for comparison (passes today): the iterator of the same endpoint rejects the same answer with decode", async () => {
  const c = clientAnswering("null");
  await assert.rejects(
    (async () => {
      for await (const _ of c.contacts.iterate({ size: 2 })) break;
    })(),
    (e) => e.kind === "decode",
  );
});
