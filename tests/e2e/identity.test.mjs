// The visitor's ids: the anonymous id survives reloads, identify persists, reset() starts over.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withPage, launch, gotoShop, gotoLab, eventWatermark, eventsAfter, contactWithEvents, until, unique, UUID } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const ids = (page) => page.evaluate(() => shop.tracker.identity());

test("reload keeps the anonymousId (and the externalId); reset() starts a new visitor", async () => {
  await withPage(browser, async ({ page, errors }) => {
    await gotoShop(page);
    const first = await ids(page);
    assert.match(first.anonymousId, UUID);
    assert.equal(first.externalId, null);
    assert.equal(first.channelId, "example.com");

    await page.reload();
    await page.waitForFunction(() => globalThis.shop?.ready);
    assert.deepEqual(await ids(page), first, "same visitor after a reload");

    const externalId = unique("u-reload");
    await page.evaluate((x) => shop.tracker.identify(x), externalId);
    await page.reload();
    await page.waitForFunction(() => globalThis.shop?.ready);
    assert.deepEqual(await ids(page), { ...first, externalId }, "identified after a reload");
    await page.evaluate(() => shop.tracker.flush());

    const watermark = await eventWatermark();
    await page.evaluate(() => shop.tracker.reset());
    const after = await ids(page);
    assert.match(after.anonymousId, UUID);
    assert.notEqual(after.anonymousId, first.anonymousId, "a new anonymous id");
    assert.equal(after.externalId, null);
    assert.equal(await page.evaluate(() => shop.tracker.externalId), null);

    await page.reload();
    await page.waitForFunction(() => globalThis.shop?.ready);
    assert.deepEqual(await ids(page), after, "the new visitor survives a reload too");

    // The new visitor's page view is its own, not the identified contact's.
    await page.evaluate(() => shop.tracker.flush());
    const fresh = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.anonymousId === after.anonymousId);
      return e.length ? e : null;
    }, { what: "the new visitor's page view" });
    assert.equal(fresh.length, 1);
    const known = await contactWithEvents(externalId);
    assert.ok(known.events.every((e) => e.anonymousId === first.anonymousId), "nothing of the new visitor on the old contact");
    assert.ok(!fresh.some((e) => e.contactId === known.contact.id));
    assert.deepEqual(errors, []);
  });
});

test('storage: "memory" keeps nothing across page loads', async () => {
  await withPage(browser, async ({ page, errors }) => {
    await gotoLab(page);
    const make = () =>
      page.evaluate(() => {
        const t = new lab.Tracker({ channelId: "memory.example", collectUrl: location.origin, storage: "memory", autoPageView: false });
        t.track("UDE_MEMORY");
        return { id: t.anonymousId, keys: Object.keys(localStorage).filter((k) => k.startsWith("linkflow:")) };
      });
    const a = await make();
    await page.reload();
    await page.waitForFunction(() => globalThis.lab?.ready);
    const b = await make();
    assert.match(a.id, UUID);
    assert.notEqual(a.id, b.id);
    assert.deepEqual(a.keys, []);
    assert.deepEqual(b.keys, []);
    assert.deepEqual(errors, []);
  });
});
