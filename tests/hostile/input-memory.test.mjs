// Size bounds (issue 16 item 8, inputs part), against the built package in Node: an input
// whose body would pass 16 MiB is a `validation` error found before it is copied into wasm
// memory (a 300 M-character string used to trap with `RuntimeError: unreachable`, a 100 MB
// input to leave 373 MB of wasm memory); a 50 MB error answer stays a JS string, only its
// first 2048 characters reach the module (the error's `body`). Wasm memory never shrinks, so
// its growth is what a caller keeps paying. Each test measures its own growth: run one alone
// (--test-name-pattern) to see it fail on a build that copies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSdk } from "./input-lib.mjs";
import { fakeFetch } from "./input-cases.mjs";

const { sdk, memoryBytes } = await loadSdk();
const MB = 1 << 20;
const SLACK = 4 * MB;

async function growth(run) {
  const before = memoryBytes();
  const outcome = await run().then(
    (v) => ({ ok: v }),
    (e) => ({ error: e }),
  );
  return { grown: memoryBytes() - before, ...outcome };
}

/** A client whose every answer is `status` with `body`. */
function answering(status, body) {
  const { fetch } = fakeFetch(() => ({ status, body }));
  return new sdk.LinkflowClient({ token: "t", fetch, maxRetries: 0 });
}

test("a 50 MB error answer: only its first 2048 characters enter wasm memory", async () => {
  const big = "<html>" + "x".repeat(50 * MB) + "</html>";
  const { grown, error } = await growth(() => answering(500, big).contacts.list());
  assert.equal(error?.kind, "http");
  assert.equal(error.body.length, 2048);
  assert.ok(grown <= SLACK, `wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
});

test("a 50 MB answer of the wrong shape: decode error, not copied into wasm memory", async () => {
  const big = JSON.stringify({ notAList: "x".repeat(50 * MB) });
  const { grown, error } = await growth(() => answering(200, big).contacts.list());
  assert.equal(error?.kind, "decode");
  assert.ok(grown <= SLACK, `wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
});

test("a 300 M-character input is a validation error, not a trap, and is not copied", async () => {
  const client = answering(200, "{}");
  const { grown, error } = await growth(() =>
    client.contacts.identify({ externalId: "u", channel: { channelId: "c" }, comments: "x".repeat(300_000_000) }),
  );
  assert.equal(error?.kind, "validation", String(error));
  assert.match(error.message, /16 MiB/);
  assert.ok(grown <= SLACK, `wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
});

test("a 100 MB input in many pieces is a validation error before it is copied", async () => {
  const client = answering(200, "{}");
  const props = {};
  for (let i = 0; i < 100; i++) props[`attr${i}`] = String(i).padEnd(MB, "y");
  const { grown, error } = await growth(() => client.contacts.update(1, { props }));
  assert.equal(error?.kind, "validation", String(error));
  assert.ok(grown <= SLACK, `wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
  const ids = new Array(20_000_000).fill(1);
  const many = await growth(() => client.contacts.getMany(ids));
  assert.equal(many.error?.kind, "validation", String(many.error));
  assert.ok(many.grown <= SLACK, `wasm memory grew by ${(many.grown / MB).toFixed(1)} MB`);
});

test("a body just under 16 MiB is still sent", async () => {
  const { fetch, sent } = fakeFetch();
  const client = new sdk.LinkflowClient({ token: "t", fetch });
  await client.contacts.update(1, { comments: "z".repeat(16 * MB - 100) });
  assert.equal(sent.length, 1);
  assert.ok(sent[0].body.length > 16 * MB - 100);
});
