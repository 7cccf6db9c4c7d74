// Issue 16.2: credentials never leave the configured origin (Node, pkg/node). The API host
// (a local server on one port) answers every request with a redirect to another origin (a
// second local server, another port) that records everything it receives and would hand
// out its own token. The SDK follows no redirect: each call is an `http` error naming the
// status and the target origin; the other origin receives nothing (no token, no app secret,
// no body); a token it answers (through a `fetch` option that follows redirects itself) is
// never used. Fails on the base code, whose fetch followed every redirect.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { everythingAbout, originServer, rejection, sdk } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = sdk;

let other, api, status;
before(async () => {
  other = await originServer((req) =>
    req.url.startsWith("/token")
      ? { status: 200, body: JSON.stringify({ token: "other-origin-token", expiration: "2099-01-01 00:00:00" }) }
      : { status: 200, body: req.method === "POST" ? "{}" : "[]" },
  );
  api = await originServer((req) => ({ status, headers: { location: `${other.url}${req.url}` } }));
});
after(async () => {
  await other?.close();
  await api?.close();
});

/** Asserts the LinkflowError of a refused redirect. */
function assertRedirectError(err, code) {
  assert.ok(err instanceof LinkflowError, `not a LinkflowError: ${err}`);
  assert.equal(err.kind, "http", err.message);
  assert.equal(err.status, code);
  assert.ok(err.message.includes(other.url), `names the target origin: ${err.message}`);
}

for (const code of [301, 302, 303, 307, 308]) {
  test(`${code} to another origin: an http error naming it; nothing re-sent there (token, secret, body)`, async () => {
    status = code;
    other.requests.length = 0;
    const withToken = new LinkflowClient({ baseUrl: api.url, token: "api-token-1", maxRetries: 0 });
    assertRedirectError(await rejection(withToken.contacts.list()), code);
    const created = await rejection(withToken.events.create({ event: "E", channelId: "c", externalId: "x", attr1: "body-marker" }));
    assertRedirectError(created, code);
    const withKeys = new LinkflowClient({ baseUrl: api.url, appKey: "k", appSecret: "app-secret-1", maxRetries: 0 });
    const viaToken = await rejection(withKeys.contacts.list());
    assertRedirectError(viaToken, code);
    assert.equal(viaToken.path, "/token");
    for (const e of [viaToken, created]) assert.ok(!everythingAbout(e).includes("other-origin-token"));
    assert.deepEqual(
      other.requests.map((r) => `${r.method} ${r.url}`),
      [],
      "the other origin received nothing",
    );
  });
}

test("a fetch option that follows the redirect itself: the other origin's answer (a token) is never used", async () => {
  status = 307;
  other.requests.length = 0;
  const seenTokens = [];
  const following = async (url, init) => {
    seenTokens.push(init.headers["X-OpenApi-Token"]);
    return fetch(url, { ...init, redirect: "follow" });
  };
  const client = new LinkflowClient({ baseUrl: api.url, appKey: "k", appSecret: "app-secret-2", fetch: following, maxRetries: 0 });
  const err = await rejection(client.contacts.list());
  assert.ok(err instanceof LinkflowError);
  assert.equal(err.kind, "http", err.message);
  assert.equal(err.status, undefined, "the status seen is the other origin's, not a redirect's");
  assert.ok(err.message.includes(other.url), err.message);
  assert.equal(seenTokens.filter(Boolean).length, 0, "no API call was made with any token");
  assert.ok(!everythingAbout(err).includes("other-origin-token"));
});
