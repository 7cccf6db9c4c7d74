// appSecret in a browser page (headless Chromium, the package's browser entry pkg/web/index.js
// served by the stand-in at /pkg/): refused at construction unless dangerouslyAllowBrowser,
// with a `validation` LinkflowError that does not carry the secret, and without a single
// request leaving the page (counted in the page and at the server). With the flag it works.
// Also: the Tracker's only console output (its drop warning) carries none of the visitor's
// identifiers or the write key.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, admin, launchChromium, unique } from "./helpers.mjs";

// A page on the stand-in's own origin that loads the packed browser entry, like a user's
// `<script type="module">` page. Served by route interception: nothing is added to www/.
const PAGE = `${BASE}/__security/app-secret.html`;
const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>appSecret</title></head>
<body><script type="module">
  import { LinkflowClient, LinkflowError } from "/pkg/web/index.js";
  import { Tracker } from "/pkg/tracker/index.js";
  window.sdk = { LinkflowClient, LinkflowError, Tracker };
  window.ready = true;
</script></body></html>`;

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A fresh page with the SDK loaded; every request, page error and console line recorded. */
async function openSdkPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(PAGE, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: HTML }));
  const requests = [];
  const errors = [];
  const consoleLines = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  await page.goto(PAGE);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return { context, page, requests, errors, consoleLines };
}

/** Server-side count of token requests (any origin). */
async function tokenRequests() {
  const s = await admin("/__admin/stats");
  return { route: s.requests?.["/token"] ?? 0, issued: s.tokensIssued };
}

test("appSecret is refused in a browser page: validation error without the secret, no request sent", async () => {
  const secret = unique("app-secret");
  const before = await tokenRequests();
  const { context, page, requests, errors, consoleLines } = await openSdkPage();
  try {
    requests.length = 0;
    const outcomes = await page.evaluate(
      async ({ base, secret }) => {
        const { LinkflowClient, LinkflowError } = window.sdk;
        const attempts = [
          { baseUrl: base, appKey: "demo-key", appSecret: secret },
          { baseUrl: base, appKey: "demo-key", appSecret: secret, dangerouslyAllowBrowser: false },
          { baseUrl: base, appKey: "demo-key", appSecret: secret, maxRetries: 0, timeoutMs: 1000 },
        ];
        const out = [];
        for (const options of attempts) {
          try {
            const client = new LinkflowClient(options);
            // Only reached if the guard failed: this would send the secret.
            await client.channels.types().catch(() => {});
            out.push({ constructed: true });
          } catch (e) {
            const own = {};
            for (const k of Object.getOwnPropertyNames(e)) own[k] = String(e[k]);
            out.push({
              constructed: false,
              isLinkflowError: e instanceof LinkflowError,
              isError: e instanceof Error,
              name: e.name,
              kind: e.kind,
              message: e.message,
              everything: [String(e), e.stack, JSON.stringify(e), JSON.stringify(own), String(e.cause)].join("\n"),
            });
          }
        }
        // Give anything that was started a moment to go out.
        await new Promise((r) => setTimeout(r, 500));
        return out;
      },
      { base: BASE, secret },
    );
    for (const o of outcomes) {
      assert.equal(o.constructed, false, "new LinkflowClient({ appKey, appSecret }) must throw in a page");
      assert.equal(o.isLinkflowError, true);
      assert.equal(o.isError, true);
      assert.equal(o.name, "LinkflowError");
      assert.equal(o.kind, "validation");
      assert.match(o.message, /appSecret/, "the message says what was refused");
      assert.match(o.message, /dangerouslyAllowBrowser/, "and how to opt in");
      assert.ok(!o.everything.includes(secret), `the error carries the secret:\n${o.everything}`);
    }
    assert.deepEqual(requests, [], "no request left the page");
    assert.deepEqual(await tokenRequests(), before, "the server saw no /token request");
    assert.ok(!consoleLines.join("\n").includes(secret), "the secret was logged");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("mixing appSecret with another way of getting a token is refused without echoing either", async () => {
  const secret = unique("app-secret");
  const token = unique("tok");
  const { context, page, requests } = await openSdkPage();
  try {
    requests.length = 0;
    const e = await page.evaluate(
      ({ secret, token }) => {
        try {
          new window.sdk.LinkflowClient({ appKey: "demo-key", appSecret: secret, token, dangerouslyAllowBrowser: true });
          return null;
        } catch (e) {
          return { kind: e.kind, everything: [String(e), e.stack, JSON.stringify(e)].join("\n") };
        }
      },
      { secret, token },
    );
    assert.equal(e?.kind, "validation");
    assert.ok(!e.everything.includes(secret) && !e.everything.includes(token), e.everything);
    assert.deepEqual(requests, []);
  } finally {
    await context.close();
  }
});

test("with dangerouslyAllowBrowser: true the same options work (the token request is seen)", async () => {
  const before = await tokenRequests();
  const { context, page, requests, errors } = await openSdkPage();
  try {
    requests.length = 0;
    const types = await page.evaluate(async (base) => {
      const client = new window.sdk.LinkflowClient({ baseUrl: base, appKey: "demo-key", appSecret: "demo-secret", dangerouslyAllowBrowser: true });
      return (await client.channels.types()).length;
    }, BASE);
    assert.ok(types > 0, `channel types: ${types}`);
    // The request counters used above do see requests when there are some.
    assert.ok(requests.some((r) => r === `GET ${BASE}/token`), requests.join("\n"));
    assert.ok(requests.some((r) => r === `GET ${BASE}/channels/meta/types`), requests.join("\n"));
    const after = await tokenRequests();
    assert.equal(after.issued, before.issued + 1, "one token issued");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("the Tracker's drop warning names no visitor identifier and no write key", async () => {
  const writeKey = unique("write-key");
  const externalId = unique("visitor");
  const email = `${unique("mail")}@example.com`;
  const { context, page, consoleLines } = await openSdkPage();
  try {
    // The collector refuses every batch for good (400): the tracker drops it and says so.
    await page.route(`${BASE}/api/sdk/v2/batch_messages**`, (route) =>
      route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ code: "B00400", message: `bad ${writeKey} ${externalId}` }) }),
    );
    await page.evaluate(
      async ({ base, writeKey, externalId, email }) => {
        const t = new window.sdk.Tracker({ channelId: "example.com", collectUrl: base, writeKey, autoPageView: false, storage: "memory" });
        t.track("UDE_SECURITY_CHECK", { attr1: email });
        t.identify(externalId, { email });
        await t.flush();
      },
      { base: BASE, writeKey, externalId, email },
    );
    const warnings = consoleLines.filter((l) => l.startsWith("warning:"));
    assert.ok(warnings.some((l) => /linkflow Tracker/.test(l)), `the drop is reported:\n${consoleLines.join("\n")}`);
    const all = consoleLines.join("\n");
    for (const s of [writeKey, externalId, email]) assert.ok(!all.includes(s), `console shows ${s}:\n${all}`);
  } finally {
    await context.close();
  }
});
