// Network trouble: nothing queued is lost, nothing arrives twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, openPage, gotoShop, gotoLab, eventWatermark, eventsAfter, faults, countBy, until, unique } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await faults({ reset: true }).catch(() => {});
  await browser?.close();
});

const queueOf = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("linkflow:example.com:queue") ?? '{"messages":[]}').messages);

test("collector unreachable while events are tracked, then a reload, then the collector back: every event arrives exactly once", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    let aborted = 0;
    await context.route("**/api/sdk/**", (route) => {
      aborted++;
      return route.abort("connectionrefused");
    });
    const watermark = await eventWatermark();
    const marker = unique("offline");
    await gotoShop(page);
    const anon = await page.evaluate(() => shop.tracker.anonymousId);
    await page.click('a.card-art[href="/?p=product&id=sencha"]');
    await page.waitForSelector("#add-to-cart");
    await page.click("#add-to-cart");
    await page.click("#add-to-cart");
    await page.evaluate((marker) => {
      for (let i = 0; i < 5; i++) shop.tracker.track("UDE_OFFLINE", { attr1: marker, attr2: i });
    }, marker);
    await page.evaluate(() => shop.tracker.flush());
    await until(() => aborted > 0, { what: "a failed send" });
    // Saved within the tracker's save delay (250 ms), not necessarily at once.
    await until(async () => (await queueOf(page)).length === 9, { what: "all nine messages waiting in storage" });

    // Reload while the collector is still unreachable: the queue comes back and is retried.
    const before = aborted;
    await page.reload();
    await page.waitForFunction(() => globalThis.shop?.ready);
    assert.equal(await page.evaluate(() => shop.tracker.anonymousId), anon);
    await until(() => aborted > before, { what: "a retry after the reload" });
    await until(async () => (await queueOf(page)).length === 10, { what: "the nine plus the page view of the reload in storage" });

    // The collector is back.
    await context.unroute("**/api/sdk/**");
    await page.evaluate(() => shop.tracker.flush());
    await until(async () => (await queueOf(page)).length === 0, { what: "an empty queue" });

    const events = (await eventsAfter(watermark)).filter((e) => e.anonymousId === anon);
    const ids = events.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    const views = countBy(
      events.filter((e) => e.event === "WEBSITE__PAGE_VIEW"),
      (e) => e.attr2,
    );
    assert.deepEqual(Object.fromEntries(views), { [`${BASE}/`]: 1, [`${BASE}/?p=product&id=sencha`]: 2 }, "the product page was viewed twice (before and after the reload)");
    assert.equal(events.filter((e) => e.event === "UDE_ADD_TO_CART").length, 2);
    const offline = countBy(
      events.filter((e) => e.event === "UDE_OFFLINE" && e.attr1 === marker),
      (e) => e.attr2,
    );
    assert.deepEqual(Object.fromEntries(offline), { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1 });
    assert.equal(events.length, 10, "ten messages, ten events");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("collector answering 503: retried with growing, jittered delays until it recovers; nothing lost or doubled", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    const attempts = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/sdk/")) attempts.push(Date.now());
    });
    await faults({ failRate: 1.0, failStatus: 503, paths: ["/api/sdk"] });
    const watermark = await eventWatermark();
    const marker = unique("retry");
    await gotoLab(page);
    await page.evaluate((marker) => {
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 50 });
      for (let i = 0; i < 3; i++) t.track("UDE_RETRY", { attr1: marker, attr2: i });
    }, marker);
    await until(() => attempts.length >= 3, { timeoutMs: 8000, what: "three attempts" });
    const gap1 = attempts[1] - attempts[0];
    const gap2 = attempts[2] - attempts[1];
    assert.ok(gap1 >= 400 && gap1 <= 1600, `first retry after 0.5–1 s (${gap1} ms)`);
    assert.ok(gap2 >= 900 && gap2 <= 2800, `second retry after 1–2 s (${gap2} ms)`);

    // Recovery: the next scheduled retry delivers (no flush() call).
    await faults({ reset: true });
    const got = await until(
      async () => {
        const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
        return e.length >= 3 ? e : null;
      },
      { timeoutMs: 15000, what: "delivery after recovery" },
    );
    await page.waitForTimeout(300);
    const again = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
    assert.equal(again.length, 3);
    assert.deepEqual([...countBy(got, (e) => e.attr2).values()], [1, 1, 1]);
    assert.deepEqual(errors, []);
  } finally {
    await faults({ reset: true });
    await context.close();
  }
});

test("offline: nothing is attempted until the online event, then everything is sent", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    let attempts = 0;
    page.on("request", (r) => {
      if (r.url().includes("/api/sdk/")) attempts++;
    });
    const watermark = await eventWatermark();
    const marker = unique("online");
    await gotoLab(page);
    await context.setOffline(true);
    await page.evaluate((marker) => {
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 50 });
      t.track("UDE_ONLINE", { attr1: marker });
    }, marker);
    await page.waitForTimeout(1200);
    assert.equal(attempts, 0, "no request while the browser says it is offline");
    await context.setOffline(false);
    const got = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length ? e : null;
    }, { what: "delivery once online" });
    assert.equal(got.length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("two tabs offline share one stored queue without overwriting each other; a later visit sends all of it once", async () => {
  const { context, page: a, errors } = await openPage(browser);
  try {
    await context.route("**/api/sdk/**", (route) => route.abort("connectionrefused"));
    const watermark = await eventWatermark();
    const marker = unique("tabs");
    const b = await context.newPage();
    b.on("pageerror", (e) => errors.push(String(e)));
    await gotoLab(a);
    await gotoLab(b);
    const start = () => {
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 600000 });
    };
    await a.evaluate(start);
    await b.evaluate(start);
    const track = (page, tag, n) =>
      page.evaluate(
        async ([marker, tag, n]) => {
          for (let i = 0; i < n; i++) t.track("UDE_TABS", { attr1: marker, attr2: `${tag}${i}` });
          await new Promise((r) => setTimeout(r, 50)); // the queue is saved once the task is done
        },
        [marker, tag, n],
      );
    await track(a, "a", 3);
    await track(b, "b", 3); // b saves after a: it must keep a's messages
    await track(a, "c", 1); // and a, saving again, must keep b's
    await b.goto("about:blank"); // pagehide with the collector unreachable
    await a.goto("about:blank");
    const c = await context.newPage();
    c.on("pageerror", (e) => errors.push(String(e)));
    await gotoLab(c);
    const stored = await c.evaluate(() => JSON.parse(localStorage.getItem("linkflow:example.com:queue")).messages.map((e) => e.m.data.attr2));
    assert.deepEqual([...stored].sort(), ["a0", "a1", "a2", "b0", "b1", "b2", "c0"]);

    await context.unroute("**/api/sdk/**");
    await c.evaluate(async () => {
      const t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false });
      await t.flush();
    });
    const got = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
    assert.deepEqual(got.map((e) => e.attr2).sort(), ["a0", "a1", "a2", "b0", "b1", "b2", "c0"], "each once");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
