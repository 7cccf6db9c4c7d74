// The Tracker on its own (the tracker-only entry, /pkg/tracker/index.js, on a bare page):
// argument checks, the wire format, history navigation, batching, the queue bound,
// identify/reset, keepalive on pagehide.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  withPage,
  BASE,
  launch,
  gotoLab,
  eventWatermark,
  eventsAfter,
  contactWithEvents,
  countBy,
  until,
  unique,
  UUID,
  recordCollector,
  messagesOf,
} from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


test("the tracker-only entry: bad arguments throw a validation LinkflowError, and the tracker keeps working", async () => {
  await withPage(browser, async ({ page, errors }) => {
    await gotoLab(page);
    const outcome = await page.evaluate(() => {
      const { Tracker, LinkflowError } = lab;
      const attempt = (f) => {
        try {
          f();
          return "no error";
        } catch (e) {
          return e instanceof LinkflowError && e instanceof Error && e.kind === "validation" ? "validation" : `other: ${e}`;
        }
      };
      const ok = { channelId: "example.com", collectUrl: location.origin, autoPageView: false };
      const t = new Tracker(ok);
      const cyclic = {};
      cyclic.self = cyclic;
      let deep = {};
      for (let i = 0; i < 200; i++) deep = { deep };
      return {
        noOptions: attempt(() => new Tracker()),
        noChannel: attempt(() => new Tracker({ collectUrl: location.origin })),
        emptyChannel: attempt(() => new Tracker({ ...ok, channelId: " " })),
        badUrl: attempt(() => new Tracker({ ...ok, collectUrl: "collector.example" })),
        ftpUrl: attempt(() => new Tracker({ ...ok, collectUrl: "ftp://x.example" })),
        batchSize: attempt(() => new Tracker({ ...ok, batchSize: 0 })),
        storage: attempt(() => new Tracker({ ...ok, storage: "disk" })),
        onDrop: attempt(() => new Tracker({ ...ok, onDrop: "nope" })),
        eventNumber: attempt(() => t.track(42)),
        eventEmpty: attempt(() => t.track("")),
        unknownAttr: attempt(() => t.track("UDE_X", { color: "red" })),
        objectAttr: attempt(() => t.track("UDE_X", { attr1: { a: 1 } })),
        attrsNotObject: attempt(() => t.page("title")),
        externalIdEmpty: attempt(() => t.identify("")),
        externalIdNumber: attempt(() => t.identify(42)),
        pageUrlScript: attempt(() => t.page({ url: "javascript:alert(1)" })),
        pageUrlRelative: attempt(() => t.page({ url: "/relative" })),
        pageUrlData: attempt(() => t.page({ url: "data:text/html,x" })),
        setConsentString: attempt(() => t.setConsent("yes")),
        beforeSendNotFunction: attempt(() => new Tracker({ ...ok, beforeSend: {} })),
        loggerWithoutWarn: attempt(() => new Tracker({ ...ok, logger: { debug() {} } })),
        requireConsentString: attempt(() => new Tracker({ ...ok, requireConsent: "yes" })),
        sessionTimeout: attempt(() => new Tracker({ ...ok, sessionTimeoutMs: -1 })),
        externalIdObject: attempt(() => t.identify({})),
        traitsNotObject: attempt(() => t.identify("u1", "x")),
        traitsCyclic: attempt(() => t.identify("u1", cyclic)),
        traitsTooDeep: attempt(() => t.identify("u1", deep)),
        stillWorks: attempt(() => t.track("UDE_AFTER_ERRORS", { attr1: "x", attr2: 2.5, attr3: true, attr4: null })),
        externalId: t.externalId,
      };
    });
    for (const [k, v] of Object.entries(outcome)) {
      if (k === "stillWorks") assert.equal(v, "no error", k);
      else if (k === "externalId") assert.equal(v, null, "a refused identify leaves no externalId");
      else assert.equal(v, "validation", k);
    }
    assert.deepEqual(errors, []);
  });
});

test("wire format: one batch per identity, text/plain, unique message ids, attributes as strings", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page, "?utm_source=lab&utm_term=tea%20pots");
    const ids = await page.evaluate(async () => {
      const t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, writeKey: "wk-1", flushIntervalMs: 60000 });
      t.track("UDE_ADD_TO_CART", { attr1: "sencha", attr2: 19.9, attr3: 2, attr20: "last" });
      const before = t.identity();
      t.identify("u-wire", { email: "wire@example.com", tags: ["a"], skip: undefined });
      t.track("UDE_AFTER");
      await t.flush();
      return { before, after: t.identity() };
    });
    assert.equal(ids.before.externalId, null);
    assert.equal(ids.after.externalId, "u-wire");
    assert.equal(ids.after.anonymousId, ids.before.anonymousId, "identify keeps the anonymous id");
    assert.equal(seen.length, 2, "two identities, two requests");
    for (const r of seen) {
      assert.equal(new URL(r.url).pathname, "/api/sdk/v2/batch_messages");
      assert.equal(new URL(r.url).searchParams.get("token"), "wk-1");
      assert.match(r.headers["content-type"], /^text\/plain/);
      assert.equal(r.body.write_key, "wk-1");
      assert.equal(r.body.sdk_type, "JS SDK");
      assert.match(r.body.sdk_version, /^\d+\.\d+\.\d+/);
      assert.match(r.body.request_id, UUID);
      assert.equal(typeof r.body.send_ts, "number");
      assert.equal(r.body.client_id, ids.before.anonymousId);
    }
    const [anon, known] = seen.map((r) => r.body);
    assert.deepEqual(anon.identities, [{ type: "anonymousId", id: ids.before.anonymousId }]);
    assert.deepEqual(known.identities, [
      { type: "anonymousId", id: ids.before.anonymousId },
      { type: "externalId", id: "u-wire", channelId: "example.com" },
    ]);
    const [view, cart] = anon.messages;
    assert.equal(anon.messages.length, 2);
    assert.equal(view.data.event, "WEBSITE__PAGE_VIEW");
    assert.equal(view.data.url, `${BASE}/lab/tracker.html?utm_source=lab&utm_term=tea%20pots`);
    assert.equal(view.data.title, "Tracker lab");
    assert.deepEqual(view.data.utm, { source: "lab", term: "tea pots" });
    assert.deepEqual({ domain: cart.domain, action: cart.action }, { domain: "event", action: "track" });
    assert.equal(cart.data.channelId, "example.com");
    assert.deepEqual([cart.data.attr1, cart.data.attr2, cart.data.attr3, cart.data.attr20], ["sencha", "19.9", "2", "last"]);
    assert.equal(typeof cart.ts, "number");
    const [identify, after] = known.messages;
    assert.deepEqual({ domain: identify.domain, action: identify.action }, { domain: "identity", action: "identify" });
    assert.equal(identify.data.externalId, "u-wire");
    assert.equal(identify.data.channelId, "example.com");
    assert.deepEqual(identify.data.traits, { email: "wire@example.com", tags: ["a"] });
    assert.equal(after.data.event, "UDE_AFTER");
    const all = messagesOf(seen).map((m) => m.message_id);
    assert.equal(new Set(all).size, all.length);
    for (const id of all) assert.match(id, UUID);
    assert.deepEqual(errors, []);
  });
});

test("history navigation: pushState and popstate record page views with the previous URL as referrer; replaceState to the same URL does not", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page);
    await page.evaluate(async () => {
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, flushIntervalMs: 60000 });
      history.pushState({}, "", "/lab/tracker.html?step=2");
      document.title = "Step 2";
      await new Promise((r) => setTimeout(r, 50));
      history.replaceState({}, "", "/lab/tracker.html?step=2");
      await new Promise((r) => setTimeout(r, 50));
      history.replaceState({}, "", "/lab/tracker.html?step=2b");
      document.title = "Step 2b";
      await new Promise((r) => setTimeout(r, 50));
    });
    await page.goBack(); // popstate to the landing URL
    await page.waitForTimeout(100);
    await page.evaluate(() => t.flush());
    const views = messagesOf(seen).filter((m) => m.data.event === "WEBSITE__PAGE_VIEW");
    const lab = `${BASE}/lab/tracker.html`;
    assert.deepEqual(
      views.map((v) => [v.data.url, v.data.title, v.data.referrer]),
      [
        [lab, "Tracker lab", ""],
        [`${lab}?step=2`, "Step 2", lab],
        [`${lab}?step=2b`, "Step 2b", `${lab}?step=2`],
        [lab, "Step 2b", `${lab}?step=2b`],
      ],
    );
    assert.deepEqual(errors, []);
  });
});

test("batching: a full batch goes at once, a partial one after flushIntervalMs", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page);
    const started = await page.evaluate(() => {
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, batchSize: 3, flushIntervalMs: 1500 });
      for (const n of [1, 2, 3]) t.track("UDE_BATCH", { attr1: n });
      return Date.now();
    });
    await until(() => seen.length === 1, { timeoutMs: 1000, what: "the full batch" });
    assert.equal(seen[0].body.messages.length, 3);
    assert.ok(seen[0].at - started < 1000, "sent without waiting for the interval");
    const second = await page.evaluate(() => {
      t.track("UDE_BATCH", { attr1: 4 });
      return Date.now();
    });
    await page.waitForTimeout(700);
    assert.equal(seen.length, 1, "a partial batch waits");
    await until(() => seen.length === 2, { timeoutMs: 3000, what: "the partial batch" });
    assert.ok(seen[1].at - second >= 1300, `sent after the interval (${seen[1].at - second} ms)`);
    assert.deepEqual(seen[1].body.messages.map((m) => m.data.attr1), ["4"]);
    assert.deepEqual(errors, []);
  });
});

test("identify ties the earlier anonymous events to the contact; another externalId starts a new visitor", async () => {
  await withPage(browser, async ({ page, errors }) => {
    await gotoLab(page);
    const a = unique("ua");
    const b = unique("ub");
    const ids = await page.evaluate(
      async ({ a, b }) => {
        const t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false });
        const anon1 = t.anonymousId;
        t.track("UDE_BEFORE", { attr1: a });
        await t.flush(); // sent while anonymous
        t.identify(a, { name: "Ann" });
        t.track("UDE_AFTER", { attr1: a });
        await t.flush();
        t.identify(b);
        const anon2 = t.anonymousId;
        t.track("UDE_OTHER", { attr1: b });
        await t.flush();
        return { anon1, anon2 };
      },
      { a, b },
    );
    assert.notEqual(ids.anon2, ids.anon1, "a different externalId gets a new anonymous id");
    const first = await contactWithEvents(a);
    assert.equal(first.contact.name, "Ann", "traits reach the contact");
    assert.deepEqual(first.events.map((e) => e.event).sort(), ["UDE_AFTER", "UDE_BEFORE"]);
    const second = await contactWithEvents(b);
    assert.deepEqual(second.events.map((e) => e.event), ["UDE_OTHER"]);
    assert.notEqual(first.contact.id, second.contact.id);
    assert.deepEqual(errors, []);
  });
});

test("pagehide: queued events leave with a keepalive request when the page goes away", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const marker = unique("bye");
    await gotoLab(page);
    const anon = await page.evaluate((marker) => {
      const t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 600000 });
      t.track("UDE_LEAVING", { attr1: marker });
      return t.anonymousId;
    }, marker);
    const watermark = await eventWatermark();
    await page.goto("about:blank");
    const got = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length ? e : null;
    }, { what: "the event sent on pagehide" });
    assert.equal(got.length, 1);
    assert.equal(got[0].anonymousId, anon);
    assert.deepEqual(errors, []);
  });
});

test("the queue is bounded at 5000: the oldest are dropped and one onDrop says how many; the rest all arrive", async () => {
  await withPage(browser, async ({ page, errors }) => {
    let aborted = 0;
    await page.route("**/api/sdk/**", (route) => {
      aborted++;
      return route.abort("connectionrefused");
    });
    await gotoLab(page);
    const marker = unique("bound");
    const watermark = await eventWatermark();
    const r = await page.evaluate((marker) => {
      globalThis.drops = [];
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 50, onDrop: (n) => drops.push(n) });
      for (let i = 0; i < 5010; i++) t.track("UDE_BOUND", { attr1: marker, attr2: i });
      return new Promise((resolve) => setTimeout(() => resolve({ drops: drops.slice() }), 0));
    }, marker);
    assert.deepEqual(r.drops, [10], "ten dropped, reported in one call for the burst");
    await until(() => aborted > 0, { what: "a failed send" });
    // Saved within the tracker's save delay (250 ms), not necessarily at once.
    const stored = await until(() => page.evaluate(() => JSON.parse(localStorage.getItem("linkflow:example.com:queue"))), { what: "the queue in storage" });
    assert.equal(stored.messages.length, 5000);
    assert.equal(stored.messages[0].m.data.attr2, "10", "the oldest went first");
    await page.unroute("**/api/sdk/**");
    await page.evaluate(() => t.flush());
    await until(() => page.evaluate(() => localStorage.getItem("linkflow:example.com:queue") === null), { what: "an empty queue" });
    const events = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
    assert.equal(events.length, 5000);
    const byN = countBy(events, (e) => e.attr2);
    assert.equal(byN.size, 5000);
    assert.ok(!byN.has("9") && byN.has("10") && byN.has("5009"));
    assert.deepEqual(errors, []);
  });
});
