// Secrets and tokens stay out of errors and logs (Node, the package's pkg/node entry, against
// the stand-in). For each way a call can fail (a refused token exchange, a token exchange that
// cannot reach the server, a 401 with a static token, a 401 that persists after the refresh, a
// network failure, a timeout, an HTTP error, validation errors, an unusable token answer), the
// error's message, String(), stack, JSON.stringify (with and without its own property names),
// every own property including `body` and `path`, and its whole `cause` chain (util.inspect)
// contain neither the app secret nor any bearer token the client held. Everything written
// to console.* during the file's run is captured and checked the same way at the end.
import { test } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import { BASE, everythingAbout, unique } from "./helpers.mjs";
import { LinkflowClient, LinkflowError } from "../../pkg/node/index.mjs";

// ---- capture everything the SDK (or anything else in this process) logs
const logged = [];
for (const method of ["log", "info", "warn", "error", "debug", "trace", "dir"]) {
  const original = console[method].bind(console);
  console[method] = (...args) => {
    logged.push(util.format(...args));
    original(...args);
  };
}

/** Every secret this file handed to the SDK or saw the server issue. */
const secrets = new Set(["demo-secret"]);

/** The real token exchange wrapped so that the tokens it hands out are known to the test. */
function recordingFetch(onApiCall) {
  return async (url, init) => {
    if (new URL(url).pathname === "/token") {
      const res = await fetch(url, init);
      const body = await res.clone().json().catch(() => null);
      if (body?.token) secrets.add(body.token);
      return res;
    }
    return onApiCall ? onApiCall(url, init) : fetch(url, init);
  };
}

/** Asserts that `promise` rejects with a LinkflowError of one of `kinds` that reveals no secret. */
async function assertCleanRejection(promise, kinds) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, "the call should have failed");
  assert.ok(err instanceof LinkflowError, `not a LinkflowError: ${err}`);
  assert.ok([kinds].flat().includes(err.kind), `kind ${err.kind}, expected ${kinds}: ${err.message}`);
  assertNoSecret(everythingAbout(err), `a ${err.kind} error`);
  return err;
}

function assertNoSecret(text, what) {
  for (const s of secrets) assert.ok(!text.includes(s), `${what} shows a secret (${s.slice(0, 12)}…):\n${text}`);
}

test("a refused token exchange (wrong appSecret): auth error without the secret", async () => {
  const secret = unique("app-secret");
  secrets.add(secret);
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: secret, maxRetries: 0 });
  const err = await assertCleanRejection(client.channels.types(), "auth");
  assert.equal(err.status, 401);
});

test("a token exchange that cannot reach the server: network error without the secret", async () => {
  const secret = unique("app-secret");
  secrets.add(secret);
  // Port 9 (discard) on loopback: nothing listens, the connection is refused.
  const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", appKey: "demo-key", appSecret: secret, maxRetries: 0, timeoutMs: 5000 });
  await assertCleanRejection(client.channels.types(), ["network", "auth"]);
});

test("a 401 for a static token: auth error without the token", async () => {
  const token = unique("static-token");
  secrets.add(token);
  const client = new LinkflowClient({ baseUrl: BASE, token, maxRetries: 0 });
  const err = await assertCleanRejection(client.contacts.list({ size: 1 }), ["auth", "http"]);
  assert.equal(err.status, 401);
});

test("a 401 that persists after the one refresh: auth error without either token or the secret", async () => {
  const fetch401 = recordingFetch(async () => new Response(JSON.stringify({ code: "B00401", message: "token expired" }), { status: 401, headers: { "content-type": "application/json" } }));
  const before = secrets.size;
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", maxRetries: 0, fetch: fetch401 });
  const err = await assertCleanRejection(client.channels.types(), ["auth", "http"]);
  assert.equal(secrets.size, before + 2, "two tokens were issued (the first and the refresh)");
  assert.equal(err.status, 401);
});

test("a network failure on an API call: network error without the token or the secret", async () => {
  const failing = recordingFetch(async () => {
    throw new TypeError("fetch failed");
  });
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", maxRetries: 0, fetch: failing });
  await assertCleanRejection(client.groups.list({}), "network");
});

test("a timeout: timeout error without the token or the secret", async () => {
  const stalled = recordingFetch(
    (url, init) =>
      new Promise((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal.reason ?? new Error("aborted")));
      }),
  );
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", maxRetries: 0, timeoutMs: 200, fetch: stalled });
  await assertCleanRejection(client.channels.types(), "timeout");
});

test("an HTTP error answer: http error whose path and body hold no token", async () => {
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", maxRetries: 0, fetch: recordingFetch() });
  const err = await assertCleanRejection(client.contacts.update(999999999, { name: "nobody" }), "http");
  assert.equal(err.status, 404);
  assert.equal(err.path, "/v2/contacts/999999999");
  const { token } = await client.token();
  assert.ok(secrets.has(token), "the client's token was recorded and checked");
});

test("validation errors echo neither the secret nor the token", async () => {
  const secret = unique("app-secret");
  const token = unique("tok");
  secrets.add(secret);
  secrets.add(token);
  const attempts = [
    { appKey: "demo-key", appSecret: secret, token },
    { appSecret: secret },
    { appKey: "demo-key", appSecret: secret, tokenProvider: async () => token },
    { token, timeoutMs: -1 },
    { token, fetch: "not a function" },
  ];
  for (const options of attempts) {
    let err;
    try {
      new LinkflowClient(options);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof LinkflowError && err.kind === "validation", `${JSON.stringify(Object.keys(options))}: ${err}`);
    assertNoSecret(everythingAbout(err), "a constructor validation error");
  }
  const client = new LinkflowClient({ baseUrl: BASE, token });
  await assertCleanRejection(client.contacts.find({}), "validation");
  await assertCleanRejection(client.contacts.listIds({ page: 99, size: 1000 }), "validation");
});

test("an unusable token answer (expiration of the wrong type) does not put the issued token in the error", async () => {
  const issued = unique("issued-token");
  secrets.add(issued);
  const odd = async (url) => {
    if (new URL(url).pathname === "/token") {
      // An object where the guide has a string: not the shape (a scalar of another type, such
      // as a number, is normalized and the token used).
      return new Response(JSON.stringify({ token: issued, expiration: { at: 1700000000 } }), { status: 200, headers: { "content-type": "application/json" } });
    }
    return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", maxRetries: 0, fetch: odd });
  await assertCleanRejection(client.channels.types(), "auth");
});

test("the client object does not expose the secret or its token", async () => {
  const client = new LinkflowClient({ baseUrl: BASE, appKey: "demo-key", appSecret: "demo-secret", fetch: recordingFetch() });
  await client.channels.types();
  const views = [
    util.inspect(client, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(client),
    String(client),
    Object.keys(client).join(","),
    util.inspect(client.contacts, { depth: Infinity, showHidden: true }),
  ];
  assertNoSecret(views.join("\n"), "the client object");
});

// Last (tests in a file run in order): nothing any of the above logged carries a secret.
test("nothing logged during these failures carries a secret or a token", () => {
  assert.ok(secrets.size >= 10, `secrets checked: ${secrets.size}`);
  assertNoSecret(logged.join("\n"), "console output");
});
