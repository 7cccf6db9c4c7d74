// Issues 16.2, 16.3, 16.4, 16.6 in headless Chromium (the package's browser entry, in a page
// on a local origin). In a browser a manual redirect is an opaque answer (status 0, no
// Location): the SDK reports it as an `http` error without status or target, and the other
// origin (a second local server on another port) receives nothing. baseUrl, dot segments
// and control characters are refused before any request, as in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BAD_BASE_URLS, CONTROL, DOT_SEGMENTS, launchChromium, openSdkPage, originServer } from "./helpers.mjs";

let browser, other, api;
before(async () => {
  browser = await launchChromium();
  other = await originServer((req) =>
    req.url.startsWith("/token") ? { status: 200, body: JSON.stringify({ token: "other-origin-token" }) } : { status: 200, body: "[]" },
  );
  api = await originServer((req) => ({ status: 307, headers: { location: `${other.url}${req.url}` } }));
});
after(async () => {
  await browser?.close();
  await other?.close();
  await api?.close();
});

test("Chromium: a redirect to another origin is an http error; the other origin receives nothing", async () => {
  const { page, errors, close } = await openSdkPage(browser);
  try {
    const outcomes = await page.evaluate(async (base) => {
      const { LinkflowClient, LinkflowError } = window.sdk;
      const describe = (e) => ({ isLinkflowError: e instanceof LinkflowError, kind: e.kind, status: e.status, message: e.message, path: e.path });
      const token = new LinkflowClient({ baseUrl: base, token: "api-token", maxRetries: 0 });
      const keys = new LinkflowClient({ baseUrl: base, appKey: "k", appSecret: "app-secret", dangerouslyAllowBrowser: true, maxRetries: 0 });
      const calls = [
        token.contacts.list(),
        token.events.create({ event: "E", channelId: "c", externalId: "x", attr1: "body-marker" }),
        keys.contacts.list(),
      ];
      // Handlers attached at once: a rejection waiting for its handler is a page error.
      return Promise.all(calls.map((call) => call.then(() => ({ resolved: true }), describe)));
    }, api.url);
    for (const o of outcomes) {
      assert.equal(o.isLinkflowError, true, JSON.stringify(o));
      assert.equal(o.kind, "http", JSON.stringify(o));
      assert.match(o.message, /redirect/);
    }
    assert.equal(outcomes[2].path, "/token");
    assert.deepEqual(other.requests.map((r) => `${r.method} ${r.url}`), [], "the other origin received nothing");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("Chromium: baseUrl, dot segments and control characters are refused before any request", async () => {
  const { page, errors, close } = await openSdkPage(browser);
  try {
    const out = await page.evaluate(
      async ({ badBaseUrls, dots, control }) => {
        const { LinkflowClient } = window.sdk;
        const kindOf = (fn) => {
          try {
            fn();
            return "constructed";
          } catch (e) {
            return e.kind;
          }
        };
        const sent = [];
        const fetch = async (url) => {
          sent.push(url);
          return new Response("{}", { status: 200 });
        };
        const baseUrls = badBaseUrls.map((baseUrl) => kindOf(() => new LinkflowClient({ baseUrl, token: "t", fetch })));
        const credentials = control.flatMap((c) => [
          kindOf(() => new LinkflowClient({ baseUrl: "https://h", token: `t${c}x`, fetch })),
          kindOf(() => new LinkflowClient({ baseUrl: "https://h", appKey: "k", appSecret: `s${c}x`, dangerouslyAllowBrowser: true, fetch })),
        ]);
        const client = new LinkflowClient({ baseUrl: "https://h", token: "t", fetch });
        const paths = [];
        for (const appId of dots) paths.push(await client.wechat.user({ appId, unionId: "u" }).then(() => "resolved", (e) => e.kind));
        const provider = new LinkflowClient({ baseUrl: "https://h", tokenProvider: async () => "tok\r\nX-Injected: 1", fetch });
        const provided = await provider.contacts.list().then(() => "resolved", (e) => [e.kind, e.message.includes("X-Injected")]);
        return { baseUrls, credentials, paths, provided, sent };
      },
      { badBaseUrls: BAD_BASE_URLS, dots: DOT_SEGMENTS, control: CONTROL },
    );
    assert.ok(out.baseUrls.every((k) => k === "validation"), JSON.stringify(out.baseUrls));
    assert.ok(out.credentials.every((k) => k === "validation"), JSON.stringify(out.credentials));
    assert.ok(out.paths.every((k) => k === "validation"), JSON.stringify(out.paths));
    assert.deepEqual(out.provided, ["auth", false]);
    assert.deepEqual(out.sent, [], "no request was sent");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
