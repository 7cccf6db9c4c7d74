// Blocked or full storage: tracking goes on in memory and nothing throws into the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withPage, launch, gotoShop, gotoLab, contactWithEvents, eventWatermark, eventsAfter, until, unique, UUID } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Like a browser with site data blocked: touching localStorage or sessionStorage throws. */
function blockStorage() {
  for (const name of ["localStorage", "sessionStorage"]) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() {
        throw new DOMException(`Access to '${name}' is denied for this document.`, "SecurityError");
      },
    });
  }
}

/** Like a full quota (or old private modes): storage is there but refuses every write. */
function fullStorage() {
  Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
}

test("storage blocked: the shop tracks in memory, sign-in merges the visit, no page error", async () => {
  await withPage(browser, { init: blockStorage }, async ({ page, errors }) => {
    await gotoShop(page, "/?utm_source=blocked");
    assert.equal(await page.evaluate(() => { try { localStorage; return "readable"; } catch { return "blocked"; } }), "blocked");
    const anon = await page.evaluate(() => shop.tracker.anonymousId);
    assert.match(anon, UUID);
    await page.click('a.card-art[href="/?p=product&id=jasmine"]');
    await page.waitForSelector("#add-to-cart");
    await page.click("#add-to-cart");
    await page.click("#sign-in-link");
    await page.fill("#email", `${unique("blocked")}@example.com`);
    await page.click("#sign-in");
    await page.waitForFunction(() => shop.tracker.externalId !== null);
    const externalId = await page.evaluate(() => shop.tracker.externalId);
    assert.equal(await page.evaluate(() => shop.tracker.anonymousId), anon, "the same id for the whole page life");
    await page.evaluate(() => shop.tracker.flush());
    const { events } = await until(
      async () => {
        const r = await contactWithEvents(externalId);
        return r.events.filter((e) => e.event === "WEBSITE__PAGE_VIEW").length >= 4 ? r : null;
      },
      { what: "the page views on the contact" },
    );
    const views = events.filter((e) => e.event === "WEBSITE__PAGE_VIEW");
    assert.equal(views.length, 4, "landing, product, sign-in, home after sign-in: once each");
    assert.equal(new Set(views.map((e) => e.attr2)).size, 4);
    assert.ok(views.every((v) => v.utm?.source === "blocked"), "the session utm is kept in memory");
    assert.equal(events.filter((e) => e.event === "UDE_ADD_TO_CART").length, 1);

    // A reload is a new visitor (nothing could be kept), and still no error.
    await page.reload();
    await page.waitForFunction(() => globalThis.shop?.ready);
    const again = await page.evaluate(() => shop.tracker.anonymousId);
    assert.match(again, UUID);
    assert.deepEqual(errors, [], "no exception reached the page");
  });
});

test("storage that refuses writes (quota): tracking goes on, ids stay stable in the page", async () => {
  await withPage(browser, { init: fullStorage }, async ({ page, errors }) => {
    await gotoLab(page);
    const marker = unique("quota");
    const watermark = await eventWatermark();
    const r = await page.evaluate(async (marker) => {
      const t = new lab.Tracker({ channelId: "quota.example", collectUrl: location.origin });
      const a = t.anonymousId;
      t.identify(marker);
      for (let i = 0; i < 3; i++) t.track("UDE_QUOTA", { attr1: marker, attr2: i });
      await t.flush();
      return { a, b: t.anonymousId, x: t.externalId };
    }, marker);
    assert.match(r.a, UUID);
    assert.equal(r.b, r.a);
    assert.equal(r.x, marker);
    const got = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length >= 3 ? e : null;
    });
    assert.equal(got.length, 3);
    assert.deepEqual(errors, []);
  });
});
