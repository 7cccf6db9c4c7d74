// Issue 16.3, 16.4, 16.6 in Node (pkg/node): values that would change where a request goes
// or what its headers say are refused before anything is sent.
// - Path parameters that are, or encode to, "." or ".." (the URL parser removes such
//   segments, so `wechat.user({ appId: ".." })` would request /v1/user with the token):
//   `validation`, no request.
// - appKey/appSecret/token with control characters: `validation` at construction; such a
//   token answered by /token or a tokenProvider: `auth`; no error (message, body, cause,
//   stack, any property) quotes it, nor a header value quoted by a failing `fetch`.
// - baseUrl: an absolute http(s) URL without query or fragment, else `validation` at
//   construction.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BAD_BASE_URLS, CONTROL, DOT_SEGMENTS, everythingAbout, mockFetch, rejection, sdk, thrown, unique } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = sdk;

function assertKind(err, kind, secret) {
  assert.ok(err instanceof LinkflowError, `not a LinkflowError: ${err?.stack ?? err}`);
  assert.equal(err.kind, kind, err.message);
  if (secret !== undefined) assert.ok(!everythingAbout(err).includes(secret), `the error quotes the value:\n${everythingAbout(err)}`);
}


test("wechat.user with an appId that is (or encodes to) a dot segment: validation, no request", async () => {
  const { fetch, calls } = mockFetch(() => ({ body: {} }));
  const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "t", fetch });
  for (const appId of DOT_SEGMENTS) {
    assertKind(await rejection(client.wechat.user({ appId, unionId: "u" })), "validation");
  }
  assert.deepEqual(calls.map((c) => c.url), [], "nothing was requested");
  await client.wechat.user({ appId: "wx.1..a", unionId: "u" });
  assert.equal(new URL(calls[0].url).pathname, "/v1/wx/wx.1..a/user", "dots inside a segment are fine");
});


test("appKey, appSecret or token with a control character: validation at construction, value not quoted", () => {
  for (const c of CONTROL) {
    const secret = `${unique("cred")}${c}X-Injected: 1`;
    for (const options of [{ token: secret }, { appKey: "k", appSecret: secret }, { appKey: secret, appSecret: "s" }]) {
      assertKind(thrown(() => new LinkflowClient({ baseUrl: "http://127.0.0.1:9", ...options })), "validation", secret.slice(0, 20));
    }
  }
});

test("a token with a control character from /token or a tokenProvider: auth, never quoted, never sent", async () => {
  for (const c of CONTROL) {
    const bad = `${unique("tok")}${c}X-Injected: 1`;
    const { fetch, calls } = mockFetch((url) => (url.pathname === "/token" ? { body: { token: bad, expiration: "2099-01-01 00:00:00" } } : {}));
    const keys = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", appKey: "k", appSecret: "s", fetch, maxRetries: 0 });
    assertKind(await rejection(keys.contacts.list()), "auth", bad.slice(0, 20));
    for (const provided of [bad, { token: bad }]) {
      const provider = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", tokenProvider: async () => provided, fetch, maxRetries: 0 });
      assertKind(await rejection(provider.contacts.list()), "auth", bad.slice(0, 20));
    }
    assert.deepEqual(calls.map((x) => new URL(x.url).pathname), ["/token"], "no API call with that token");
  }
});

test("a fetch error that quotes a header: the network error quotes no credential (message, cause, stack)", async () => {
  const token = unique("live-token");
  const quoting = async (url, init) => {
    const e = new TypeError(`Headers.append: "${init.headers["X-OpenApi-Token"]}" is an invalid header value.`);
    e.cause = new Error(`header X-OpenApi-Token=${init.headers["X-OpenApi-Token"]}`);
    throw e;
  };
  const client = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token, fetch: quoting, maxRetries: 0 });
  const err = await rejection(client.contacts.list());
  assertKind(err, "network", token);
  assert.ok(err.message.includes("invalid header value"), `the rest of the message is kept: ${err.message}`);
  const secret = unique("app-secret");
  const keys = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", appKey: "k", appSecret: secret, maxRetries: 0, fetch: async (u, i) => {
    throw new TypeError(`bad secret ${i.headers["X-OpenApi-Secret"]}`);
  } });
  assertKind(await rejection(keys.contacts.list()), "network", secret);
});


test("baseUrl that is not an absolute http(s) URL without query or fragment: validation at construction", () => {
  for (const baseUrl of BAD_BASE_URLS) {
    assertKind(thrown(() => new LinkflowClient({ baseUrl, token: "t" })), "validation");
  }
});

test("baseUrl with a path prefix and a trailing slash works", async () => {
  const { fetch, calls } = mockFetch(() => ({ body: [] }));
  for (const baseUrl of ["https://h.example/api/", "http://127.0.0.1:8787", "HTTPS://H.EXAMPLE"]) {
    await new LinkflowClient({ baseUrl, token: "t", fetch }).contacts.list();
  }
  assert.deepEqual(calls.map((c) => c.url), ["https://h.example/api/contacts", "http://127.0.0.1:8787/contacts", "HTTPS://H.EXAMPLE/contacts"]);
});
