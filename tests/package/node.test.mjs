// The installed package in Node.js: ESM `import` and CJS `require` resolve to the Node
// entries (each with its own wasm instance; their LinkflowErrors are each other's), and
// make real calls against the stand-in server.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CONSUMER, startDevserver } from "./lib.mjs";

const requireFromConsumer = createRequire(path.join(CONSUMER, "package.json"));
const loadEsm = (file) => import(pathToFileURL(path.join(CONSUMER, file)).href);

let server;
let esm;
let cjs;
before(async () => {
  server = await startDevserver(["--seed", "12"]);
  esm = await loadEsm("esm.mjs");
  cjs = requireFromConsumer("./cjs.cjs");
});
after(async () => {
  await server?.stop();
  // A Tracker's flush timer may keep the event loop alive; every test has reported by now
  // (process.exit() keeps the exit code node:test set).
  setTimeout(() => process.exit(), 2000).unref();
});

const credentials = () => ({ baseUrl: server.url, appKey: "demo-key", appSecret: "demo-secret" });

test("import resolves to node/index.mjs, require to node/index.cjs", () => {
  assert.match(esm.resolved, /\/node_modules\/linkflow-sdk\/node\/index\.mjs$/);
  assert.match(cjs.resolved, /\/node_modules\/linkflow-sdk\/node\/index\.cjs$/);
});

test("both export LinkflowClient, LinkflowError and Tracker; instanceof LinkflowError holds across them", () => {
  for (const name of ["LinkflowClient", "LinkflowError", "Tracker"]) {
    assert.equal(typeof esm[name], "function", `ESM export ${name}`);
    assert.equal(typeof cjs.sdk[name], "function", `CJS export ${name}`);
  }
  // Two entries (each with its own wasm instance): an error of either is a LinkflowError of both.
  const fromEsm = (() => {
    try {
      new esm.LinkflowClient({});
    } catch (e) {
      return e;
    }
  })();
  assert.ok(fromEsm instanceof cjs.sdk.LinkflowError && fromEsm instanceof esm.LinkflowError, "an ESM error is a CJS LinkflowError");
  assert.ok(new cjs.sdk.LinkflowError("x") instanceof esm.LinkflowError, "a CJS error is an ESM LinkflowError");
  assert.ok(!(new Error("x") instanceof esm.LinkflowError), "a plain Error is not");
});

for (const [flavor, sdk] of [["ESM", () => esm], ["CJS", () => cjs.sdk]]) {
  describe(`Node ${flavor}`, () => {
    test("channels.types() answers the 24 channel types", async () => {
      const { LinkflowClient } = sdk();
      const client = new LinkflowClient(credentials());
      const types = await client.channels.types();
      assert.ok(Array.isArray(types), "an array");
      assert.equal(types.length, 24);
    });

    test("a bad call rejects with a validation LinkflowError and the client keeps working", async () => {
      const { LinkflowClient, LinkflowError } = sdk();
      const client = new LinkflowClient(credentials());
      const err = await client.contacts.find({}).then(
        () => assert.fail("contacts.find({}) resolved"),
        (e) => e,
      );
      assert.ok(err instanceof LinkflowError, `instanceof LinkflowError (got ${err?.constructor?.name}: ${err})`);
      assert.ok(err instanceof Error, "instanceof Error");
      assert.equal(err.name, "LinkflowError");
      assert.equal(err.kind, "validation");
      assert.equal(err.status, undefined, "no status: no request was sent");
      assert.equal((await client.channels.types()).length, 24);
    });
  });
}

test("construction without a way to get a token throws a validation LinkflowError", () => {
  const { LinkflowClient, LinkflowError } = esm;
  assert.throws(
    () => new LinkflowClient({ baseUrl: server.url }),
    (e) => e instanceof LinkflowError && e.kind === "validation",
  );
});

test("a wrong app secret rejects with kind auth, and never leaks the secret", async () => {
  const { LinkflowClient, LinkflowError } = esm;
  const secret = "wrong-secret-0123456789";
  const client = new LinkflowClient({ baseUrl: server.url, appKey: "demo-key", appSecret: secret, maxRetries: 0 });
  const err = await client.channels.types().then(
    () => assert.fail("resolved with a wrong secret"),
    (e) => e,
  );
  assert.ok(err instanceof LinkflowError, `instanceof LinkflowError (got ${err})`);
  assert.equal(err.kind, "auth");
  const everything = `${err.message} ${err.stack} ${JSON.stringify(err)}`;
  assert.ok(!everything.includes(secret), "the secret appears nowhere in the error");
});

test("iterate() is async-iterable and walks every page", async () => {
  const { LinkflowClient } = cjs.sdk;
  const client = new LinkflowClient(credentials());
  const pages = client.contacts.iterate({ size: 5 });
  assert.equal(typeof pages[Symbol.asyncIterator], "function");
  const ids = [];
  for await (const contact of pages) ids.push(contact.id);
  assert.equal(ids.length, 12, "the 12 seeded contacts, over 3 pages");
  assert.equal(new Set(ids).size, ids.length, "no contact twice");
});

describe("linkflow-sdk/tracker", () => {
  test("import and require resolve to tracker/node/ and export Tracker and LinkflowError", async () => {
    const tEsm = await loadEsm("tracker-esm.mjs");
    const tCjs = requireFromConsumer("./tracker-cjs.cjs");
    assert.match(tEsm.resolved, /\/linkflow-sdk\/tracker\/node\/index\.mjs$/);
    assert.match(tCjs.resolved, /\/linkflow-sdk\/tracker\/node\/index\.cjs$/);
    for (const name of ["Tracker", "LinkflowError"]) {
      assert.equal(typeof tEsm[name], "function", `export ${name}`);
      assert.equal(typeof tCjs.sdk[name], "function", `export ${name}`);
    }
    assert.ok(new tCjs.sdk.LinkflowError("x") instanceof tEsm.LinkflowError);
    assert.equal(tEsm.LinkflowClient, undefined, "the tracker entry has no client");
  });

  test("a Tracker with memory storage has a stable anonymousId", async () => {
    const { Tracker } = await loadEsm("tracker-esm.mjs");
    const tracker = new Tracker({ channelId: "example.com", collectUrl: server.url, storage: "memory", autoPageView: false });
    assert.equal(typeof tracker.anonymousId, "string");
    assert.ok(tracker.anonymousId.length > 0);
    assert.equal(tracker.anonymousId, tracker.anonymousId);
    assert.equal(tracker.externalId, null);
  });
});
