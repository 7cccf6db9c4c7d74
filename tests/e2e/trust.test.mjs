// The tracker users can trust (issue 14), in Chromium with storage and network inspected:
// consent (nothing stored or sent before it, everything deleted after a refusal), privacy
// signals, debug / dryRun logs without the write key, beforeSend, sessions, destroy and
// hand-over, onDrop bursts, redirects never followed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, withPage, openPage, gotoLab, eventWatermark, eventsAfter, until, unique, recordCollector, messagesOf } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Init script: every storage write (setItem, removeItem, clear) lands in `__writes`. */
function recordStorageWrites() {
  globalThis.__writes = [];
  for (const op of ["setItem", "removeItem", "clear"]) {
    const original = Storage.prototype[op];
    Storage.prototype[op] = function (...args) {
      globalThis.__writes.push([this === localStorage ? "local" : "session", op, ...args]);
      return original.apply(this, args);
    };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const linkflowKeys = (page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage).filter((k) => k.startsWith("linkflow:")).sort(),
    session: Object.keys(sessionStorage).filter((k) => k.startsWith("linkflow:")),
  }));

test("requireConsent: nothing stored or sent while pending; setConsent(true) stores and sends each buffered message exactly once", async () => {
  await withPage(browser, { init: recordStorageWrites }, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page);
    const marker = unique("consent");
    const watermark = await eventWatermark();
    const pending = await page.evaluate(async (marker) => {
      globalThis.t = new lab.Tracker({ channelId: "consent.example", collectUrl: location.origin, requireConsent: true, flushIntervalMs: 20 });
      for (let i = 0; i < 3; i++) t.track("UDE_CONSENT", { attr1: marker, attr2: i });
      await t.flush();
      await new Promise((r) => setTimeout(r, 400));
      return { consent: t.consent, writes: __writes.slice(), local: Object.keys(localStorage), session: Object.keys(sessionStorage) };
    }, marker);
    assert.equal(pending.consent, "pending");
    assert.deepEqual(pending.writes, [], "no storage write before consent (not even a probe)");
    assert.deepEqual([pending.local, pending.session], [[], []]);
    assert.equal(seen.length, 0, "no request before consent");

    await page.evaluate(async () => {
      t.setConsent(true);
      await t.flush();
    });
    assert.equal(await page.evaluate(() => t.consent), "granted");
    const sent = messagesOf(seen);
    assert.equal(sent.length, 4, "the page view and the three events");
    assert.equal(new Set(sent.map((m) => m.message_id)).size, 4);
    assert.equal(await page.evaluate(() => localStorage.getItem("linkflow:consent.example:consent")), "granted", "the decision is stored");
    const got = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length >= 3 ? e : null;
    }, { what: "the buffered events at the collector" });
    // A reload starts granted and sends nothing twice.
    await page.reload();
    await page.waitForFunction(() => globalThis.lab?.ready);
    const again = await page.evaluate(async () => {
      const t = new lab.Tracker({ channelId: "consent.example", collectUrl: location.origin, requireConsent: true, autoPageView: false });
      await t.flush();
      return t.consent;
    });
    assert.equal(again, "granted");
    await sleep(300);
    const events = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
    assert.deepEqual(events.map((e) => e.attr2).sort(), ["0", "1", "2"], "each buffered event exactly once");
    assert.equal(got.length, 3);
    assert.deepEqual(errors, []);
  });
});

test("setConsent(false) deletes everything the tracker stored, keeps only the refusal, sends nothing; the next load starts denied", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page, "?utm_campaign=refuse");
    const stored = await page.evaluate(async () => {
      localStorage.setItem("unrelated", "kept");
      globalThis.t = new lab.Tracker({ channelId: "refuse.example", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 600000 });
      t.track("UDE_BEFORE_REFUSAL");
      t.identify("u-refuse");
      await new Promise((r) => setTimeout(r, 400)); // the queue is saved
      return Object.keys(localStorage).filter((k) => k.startsWith("linkflow:")).sort();
    });
    assert.deepEqual(stored, ["linkflow:refuse.example:anonymousId", "linkflow:refuse.example:externalId", "linkflow:refuse.example:queue", "linkflow:refuse.example:session"]);
    const after = await page.evaluate(async () => {
      const before = t.anonymousId;
      t.setConsent(false);
      t.track("UDE_AFTER_REFUSAL");
      await t.flush();
      return { consent: t.consent, renewed: t.anonymousId !== before, externalId: t.externalId };
    });
    assert.deepEqual(after, { consent: "denied", renewed: true, externalId: null });
    assert.deepEqual(await linkflowKeys(page), { local: ["linkflow:refuse.example:consent"], session: [] });
    assert.equal(await page.evaluate(() => localStorage.getItem("linkflow:refuse.example:consent")), "denied");
    assert.equal(await page.evaluate(() => localStorage.getItem("unrelated")), "kept", "the site's own keys stay");

    await page.reload();
    await page.waitForFunction(() => globalThis.lab?.ready);
    const next = await page.evaluate(async () => {
      const t = new lab.Tracker({ channelId: "refuse.example", collectUrl: location.origin, flushIntervalMs: 20 });
      t.track("UDE_NEXT_LOAD");
      await t.flush();
      await new Promise((r) => setTimeout(r, 200));
      return t.consent;
    });
    assert.equal(next, "denied", "the refusal is remembered");
    assert.deepEqual(await linkflowKeys(page), { local: ["linkflow:refuse.example:consent"], session: [] });
    assert.equal(seen.length, 0, "nothing was ever sent (pagehide included)");
    assert.deepEqual(errors, []);
  });
});

test("a refusal in one tab stops the tracker in the other tabs at once; consent given in one tab releases the others' buffers", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    const seen = await recordCollector(page);
    await gotoLab(page);
    const other = await context.newPage();
    await recordCollector(other).then((s) => (other.seen = s));
    await other.goto(page.url());
    await other.waitForFunction(() => globalThis.lab?.ready);
    const opts = { channelId: "tabs.example", autoPageView: false, requireConsent: true, flushIntervalMs: 20 };
    await page.evaluate((o) => (globalThis.t = new lab.Tracker({ ...o, collectUrl: location.origin })), opts);
    await other.evaluate((o) => {
      globalThis.t = new lab.Tracker({ ...o, collectUrl: location.origin });
      t.track("UDE_OTHER_TAB_PENDING");
    }, opts);
    await page.evaluate(() => t.setConsent(true));
    await until(() => other.evaluate(() => t.consent === "granted"), { what: "the other tab granted" });
    await until(() => other.seen.length > 0, { what: "the other tab's buffered event sent" });
    await other.evaluate(() => t.setConsent(false));
    await until(() => page.evaluate(() => t.consent === "denied"), { what: "this tab denied" });
    const before = seen.length;
    await page.evaluate(async () => {
      t.track("UDE_AFTER_OTHER_TAB_REFUSED");
      await t.flush();
    });
    await sleep(200);
    assert.equal(seen.length, before, "nothing sent after the refusal in the other tab");
    assert.deepEqual(await linkflowKeys(page), { local: ["linkflow:tabs.example:consent"], session: [] });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const [signal, init] of [
  ["Global Privacy Control", () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true })],
  ["Do-Not-Track", () => Object.defineProperty(Navigator.prototype, "doNotTrack", { get: () => "1", configurable: true })],
]) {
  test(`respectPrivacySignals: ${signal} on means refused (nothing stored or sent); without the option it is ignored`, async () => {
    const { context, page, errors } = await openPage(browser, { init });
    try {
      await context.addInitScript(recordStorageWrites);
      const seen = await recordCollector(page);
      await gotoLab(page);
      const r = await page.evaluate(async () => {
        const t = new lab.Tracker({ channelId: "signal.example", collectUrl: location.origin, respectPrivacySignals: true, flushIntervalMs: 20 });
        t.track("UDE_SIGNAL");
        await t.flush();
        await new Promise((r) => setTimeout(r, 200));
        const writes = __writes.filter((w) => w[1] === "setItem");
        const ignoring = new lab.Tracker({ channelId: "nosignal.example", collectUrl: location.origin, autoPageView: false });
        return { consent: t.consent, writes, ignoring: ignoring.consent };
      });
      assert.equal(r.consent, "denied");
      assert.deepEqual(r.writes, [], "no storage write");
      assert.equal(seen.length, 0, "no request");
      assert.equal(r.ignoring, "granted");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test("debug and dryRun: messages and batch outcomes are logged through the logger, nothing is sent in a dry run, the write key is never logged", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = [];
    let calls = 0;
    await page.route("**/api/sdk/**", async (route) => {
      calls++;
      seen.push({ url: route.request().url(), body: JSON.parse(route.request().postData() ?? "null") });
      if (calls === 1) return route.fulfill({ status: 503, body: "busy" });
      if (calls === 2) return route.fulfill({ status: 400, body: "bad" });
      return route.continue();
    });
    await gotoLab(page);
    const logs = await page.evaluate(async () => {
      const logs = [];
      const logger = { debug: (...a) => logs.push(["debug", ...a]), warn: (...a) => logs.push(["warn", ...a]) };
      const common = { collectUrl: location.origin, writeKey: "wk-SECRET-42", autoPageView: false, flushIntervalMs: 600000, logger };
      const dry = new lab.Tracker({ ...common, channelId: "dry.example", dryRun: true });
      dry.track("UDE_DRY", { attr1: "x" });
      await dry.flush();
      const dryQueue = localStorage.getItem("linkflow:dry.example:queue");
      const loud = new lab.Tracker({ ...common, channelId: "debug.example", debug: true, onDrop: () => {} });
      loud.track("UDE_LOUD");
      await loud.flush(); // 503: retried later
      loud.track("UDE_LOUD_2");
      await new Promise((r) => setTimeout(r, 1500));
      await loud.flush(); // 400: dropped
      loud.track("UDE_LOUD_3");
      await loud.flush(); // 200
      return { dryQueue, text: logs.map((l) => l.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ")) };
    });
    assert.equal(logs.dryQueue, null, "a dry run treats its batches as delivered");
    const text = logs.text.join("\n");
    assert.ok(!text.includes("wk-SECRET-42"), "the write key is never logged");
    assert.match(text, /dry run, batch not sent .*UDE_DRY/);
    assert.ok(seen.every((r) => !JSON.stringify(r.body).includes("UDE_DRY")), "the dry run sent nothing");
    assert.match(text, /recorded .*UDE_LOUD"/);
    assert.match(text, /will retry \{"count":1,"status":503\}/);
    assert.match(text, /dropped.*\{"count":2,"status":400\}/);
    assert.match(text, /batch sent \{"count":1,"status":200\}/);
    assert.ok(seen.some((r) => new URL(r.url).searchParams.get("token") === "wk-SECRET-42"), "the key still goes to the collector");
    assert.deepEqual(errors, []);
  });
});

test("beforeSend: an amended copy is sent; null, a throw or an invalid answer drops the message (one onDrop for the burst), never unredacted", async () => {
  await withPage(browser, { init: recordStorageWrites }, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page);
    const drops = await page.evaluate(async () => {
      const drops = [];
      const hook = (m) => {
        const a = m.data.attr1;
        if (a === "redact") {
          m.data.attr2 = "[redacted]";
          return m;
        }
        if (a === "null") return null;
        if (a === "throw") throw new Error("boom");
        if (a === "string") return "nope";
        if (a === "other-id") return { ...m, message_id: "x" };
        if (a === "no-data") return { ...m, data: undefined };
        if (a === "no-session") return { ...m, session_id: undefined };
        return m;
      };
      const t = new lab.Tracker({ channelId: "hook.example", collectUrl: location.origin, autoPageView: false, beforeSend: hook, onDrop: (n) => drops.push(n) });
      for (const a of ["redact", "null", "throw", "string", "other-id", "no-data", "no-session", "keep"]) t.track("UDE_HOOK", { attr1: a, attr2: `secret-${a}` });
      await new Promise((r) => setTimeout(r, 400));
      await t.flush();
      return drops;
    });
    assert.deepEqual(drops, [6], "six dropped, reported in one call");
    const sent = messagesOf(seen);
    assert.deepEqual(sent.map((m) => [m.data.attr1, m.data.attr2]), [["redact", "[redacted]"], ["keep", "secret-keep"]]);
    const everything = JSON.stringify(seen) + JSON.stringify(await page.evaluate(() => __writes));
    for (const a of ["redact", "null", "throw", "string", "other-id", "no-data", "no-session"]) {
      assert.ok(!everything.includes(`secret-${a}`), `secret-${a} never sent nor stored`);
    }
    assert.deepEqual(errors, []);
  });
});

test("sessions: every message carries session_id; idle past sessionTimeoutMs or a new campaign starts a new one; the collector keeps it", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page, "?utm_campaign=spring");
    const marker = unique("session");
    const watermark = await eventWatermark();
    const s = await page.evaluate(async (marker) => {
      const t = new lab.Tracker({ channelId: "session.example", collectUrl: location.origin, sessionTimeoutMs: 400, flushIntervalMs: 600000 });
      const landing = t.sessionId;
      t.track("UDE_S", { attr1: marker, attr2: "a" });
      const a = t.sessionId;
      await new Promise((r) => setTimeout(r, 600));
      t.track("UDE_S", { attr1: marker, attr2: "b" });
      const b = t.sessionId;
      t.page({ url: location.origin + "/lab/tracker.html?utm_campaign=autumn", attr1: marker });
      const c = t.sessionId;
      t.page({ url: location.origin + "/lab/tracker.html?p=2&utm_campaign=autumn", attr1: marker });
      const d = t.sessionId;
      await t.flush();
      return { landing, a, b, c, d };
    }, marker);
    assert.equal(s.a, s.landing, "activity within the timeout stays in the session");
    assert.ok(s.b > s.a, "idle past the timeout: a new session");
    assert.ok(s.c > s.b, "a new campaign: a new session");
    assert.equal(s.d, s.c, "the same campaign again: the same session");
    const sent = messagesOf(seen);
    assert.deepEqual(sent.map((m) => m.session_id), [s.landing, s.a, s.b, s.c, s.d]);
    const events = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length === 4 ? e : null;
    }, { what: "four events at the collector" });
    assert.deepEqual(events.map((e) => e.sessionId), [s.a, s.b, s.c, s.d], "the collector keeps session_id");

    // A reload within the timeout continues the session.
    const kept = await page.evaluate(() => new lab.Tracker({ channelId: "session.example", collectUrl: location.origin, autoPageView: false }).sessionId);
    await page.reload();
    await page.waitForFunction(() => globalThis.lab?.ready);
    assert.equal(await page.evaluate(() => new lab.Tracker({ channelId: "session.example", collectUrl: location.origin, autoPageView: false }).sessionId), kept);
    assert.deepEqual(errors, []);
  });
});

/** Init script: counts the listeners the page holds on window and document, by event. */
function countListeners() {
  globalThis.__listeners = new Map();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const key = (target, type) => (target === window ? "window:" : target === document ? "document:" : "other:") + type;
  EventTarget.prototype.addEventListener = function (type, f, o) {
    const k = key(this, type);
    if (!__listeners.has(k)) __listeners.set(k, new Set());
    __listeners.get(k).add(f);
    return add.call(this, type, f, o);
  };
  EventTarget.prototype.removeEventListener = function (type, f, o) {
    __listeners.get(key(this, type))?.delete(f);
    return remove.call(this, type, f, o);
  };
  globalThis.__listenerCount = () => [...__listeners.values()].reduce((n, s) => n + s.size, 0);
}

test("lifecycle: a second Tracker for the channel hands over (no double page view, no stacked wrappers); destroy() removes everything and sends the queue", async () => {
  await withPage(browser, { init: countListeners }, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoLab(page, "?step=1");
    const marker = unique("life");
    const watermark = await eventWatermark();
    const r = await page.evaluate(async (marker) => {
      const native = { push: history.pushState, replace: history.replaceState };
      const base = __listenerCount();
      const opts = { channelId: "life.example", collectUrl: location.origin, flushIntervalMs: 600000 };
      const first = new lab.Tracker(opts);
      const one = __listenerCount() - base;
      const second = new lab.Tracker(opts);
      const afterHandOver = __listenerCount() - base;
      const wrapped = history.pushState;
      history.pushState({}, "", "?step=2");
      await new Promise((r) => setTimeout(r, 50));
      first.track("UDE_OLD", { attr1: marker }); // handed over: does nothing
      second.track("UDE_LIFE", { attr1: marker });
      second.destroy();
      const restored = history.pushState === native.push && history.replaceState === native.replace;
      history.pushState({}, "", "?step=3");
      await new Promise((r) => setTimeout(r, 50));
      second.track("UDE_AFTER_DESTROY", { attr1: marker });
      const third = new lab.Tracker({ ...opts, autoPageView: false });
      const disposable = typeof Symbol.dispose === "symbol";
      if (disposable) third[Symbol.dispose]();
      const anon = second.anonymousId;
      return { anon, one, afterHandOver, wrappedOnce: wrapped !== native.push, restored, left: __listenerCount() - base, disposable };
    }, marker);
    assert.equal(r.one, 5, "pagehide, visibilitychange, online, storage, popstate");
    assert.equal(r.afterHandOver, 5, "the first tracker's listeners went with the hand-over");
    assert.ok(r.wrappedOnce);
    assert.ok(r.restored, "destroy() puts the original history methods back");
    assert.equal(r.left, 0, "no listener left (destroy and Symbol.dispose)");
    assert.ok(r.disposable, "this Chromium has Symbol.dispose");
    await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.anonymousId === r.anon);
      return e.length >= 3 ? e : null;
    }, { what: "the queue sent on destroy" });
    await sleep(300);
    const stored = (await eventsAfter(watermark)).filter((e) => e.anonymousId === r.anon);
    const views = stored.filter((e) => e.event === "WEBSITE__PAGE_VIEW").map((e) => new URL(e.attr2).search);
    assert.deepEqual(views, ["?step=1", "?step=2"], "one landing page view, one for the navigation, none after destroy");
    assert.deepEqual(stored.filter((e) => e.event !== "WEBSITE__PAGE_VIEW").map((e) => e.event), ["UDE_LIFE"]);
    const sent = messagesOf(seen);
    assert.equal(new Set(sent.map((m) => m.message_id)).size, 3, "three messages on the wire (a keepalive copy of one in flight is dropped by id)");
    assert.deepEqual(errors, []);
  });
});

test("a collector redirect is never followed (redirect: manual): the write key goes nowhere else, the batch stays queued", async () => {
  const { context, page, errors } = await openPage(browser, {
    // Each collector request's redirect mode, as the page's fetch was asked.
    init: () => {
      const original = globalThis.fetch;
      globalThis.__modes = [];
      globalThis.fetch = function (url, init) {
        if (String(url).includes("/api/sdk/")) __modes.push(init?.redirect ?? "follow");
        return original.call(this, url, init);
      };
    },
  });
  try {
    const elsewhere = [];
    await context.route("http://elsewhere.invalid/**", (route) => {
      elsewhere.push(route.request().url());
      return route.fulfill({ status: 200, body: "{}" });
    });
    let redirected = 0;
    await page.route("**/api/sdk/**", (route) => {
      redirected++;
      return route.fulfill({ status: 307, headers: { location: "http://elsewhere.invalid/steal" }, body: "" });
    });
    await gotoLab(page);
    const queued = await page.evaluate(async () => {
      const t = new lab.Tracker({ channelId: "redirect.example", collectUrl: location.origin, writeKey: "wk-redirect", autoPageView: false });
      t.track("UDE_REDIRECTED");
      await t.flush();
      await new Promise((r) => setTimeout(r, 300));
      return JSON.parse(localStorage.getItem("linkflow:redirect.example:queue") ?? "{}").messages?.length ?? 0;
    });
    const modes = await page.evaluate(() => __modes);
    assert.ok(modes.length >= 1 && modes.every((m) => m === "manual"), `redirect modes: ${modes}`);
    assert.ok(redirected >= 1);
    assert.deepEqual(elsewhere, [], "nothing reached the other origin");
    assert.equal(queued, 1, "kept for a later try");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
