// The collector rejecting a batch for good (a 4xx other than 408 / 429): the batch is
// dropped and reported through onDrop, and the queue moves on; a 413 splits the batch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withPage, launch, gotoLab, eventWatermark, eventsAfter, countBy, until, unique } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const QUEUE_KEY = "linkflow:example.com:queue";

test("a 400 for the first batch: its messages are dropped and reported through onDrop, never retried; later events arrive", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const bodies = [];
    let rejected = 0;
    await page.route("**/api/sdk/**", (route) => {
      bodies.push(JSON.parse(route.request().postData() ?? "{}"));
      if (rejected === 0) {
        rejected++;
        return route.fulfill({ status: 400, contentType: "application/json", body: '{"error":"bad request"}' });
      }
      return route.continue();
    });
    await gotoLab(page);
    const marker = unique("reject");
    const watermark = await eventWatermark();
    await page.evaluate((marker) => {
      globalThis.drops = [];
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 50, batchSize: 3, onDrop: (n) => drops.push(n) });
      for (let i = 0; i < 3; i++) t.track("UDE_REJECT", { attr1: marker, attr2: i });
    }, marker);
    await until(() => page.evaluate(() => drops.length > 0), { what: "onDrop after the 400" });
    assert.deepEqual(await page.evaluate(() => drops), [3], "the whole rejected batch is reported once");
    assert.equal(bodies[0].messages.length, 3);
    await until(() => page.evaluate((k) => localStorage.getItem(k) === null || JSON.parse(localStorage.getItem(k)).messages.length === 0, QUEUE_KEY), {
      what: "the rejected messages leave the queue",
    });

    // The send loop goes on: later events reach the real collector.
    await page.evaluate((marker) => {
      for (let i = 3; i < 5; i++) t.track("UDE_REJECT", { attr1: marker, attr2: i });
      return t.flush();
    }, marker);
    const events = await until(
      async () => {
        const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
        return e.length >= 2 ? e : null;
      },
      { what: "the later events" },
    );
    await page.waitForTimeout(1500);
    const all = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
    assert.deepEqual(all.map((e) => e.attr2).sort(), ["3", "4"], "only the later events arrive");
    assert.equal(events.length, 2);
    const rejectedIds = new Set(bodies[0].messages.map((m) => m.message_id));
    assert.ok(
      bodies.slice(1).every((b) => b.messages.every((m) => !rejectedIds.has(m.message_id))),
      "the rejected batch is never sent again",
    );
    assert.deepEqual(await page.evaluate(() => drops), [3]);
    assert.deepEqual(errors, []);
  });
});

test("a 413 for a batch of several messages: the batch is halved and everything arrives; nothing is dropped", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const sizes = [];
    await page.route("**/api/sdk/**", (route) => {
      const n = JSON.parse(route.request().postData() ?? "{}").messages?.length ?? 0;
      sizes.push(n);
      if (n > 1) return route.fulfill({ status: 413, body: "too large" });
      return route.continue();
    });
    await gotoLab(page);
    const marker = unique("split");
    const watermark = await eventWatermark();
    await page.evaluate((marker) => {
      globalThis.drops = [];
      globalThis.t = new lab.Tracker({ channelId: "example.com", collectUrl: location.origin, autoPageView: false, flushIntervalMs: 50, batchSize: 4, onDrop: (n) => drops.push(n) });
      for (let i = 0; i < 4; i++) t.track("UDE_SPLIT", { attr1: marker, attr2: i });
    }, marker);
    const events = await until(
      async () => {
        const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
        return e.length >= 4 ? e : null;
      },
      { what: "all four events" },
    );
    assert.deepEqual(sizes, [4, 2, 1, 1, 1, 1], "4, then 2, then one at a time");
    assert.deepEqual([...countBy(events, (e) => e.attr2).values()], [1, 1, 1, 1]);
    assert.deepEqual(await page.evaluate(() => drops), []);
    assert.deepEqual(errors, []);
  });
});
