// The demo shop's consent banner: nothing is stored or sent until the visitor accepts; the
// panel shows the consent state and the number of sessions; a refusal leaves only itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withPage, launch, gotoShop, until, recordCollector, messagesOf } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const linkflowKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("linkflow:")));

test("demo shop: the banner holds tracking back until Accept; the panel shows consent and sessions", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoShop(page, "/?utm_campaign=banner", { consent: "leave" });
    assert.ok(await page.isVisible("#consent"), "the banner is shown");
    assert.equal(await page.textContent("#consent-state"), "pending");
    await page.click('a.card-art[href="/?p=product&id=sencha"]');
    await page.waitForSelector("#add-to-cart");
    await page.click("#add-to-cart");
    await page.waitForTimeout(300);
    assert.equal(seen.length, 0, "nothing sent before consent");
    assert.deepEqual(await linkflowKeys(page), [], "nothing stored before consent");

    await page.click("#consent-accept");
    assert.ok(!(await page.isVisible("#consent")), "the banner goes away");
    await until(() => seen.length > 0, { what: "the recorded events sent after Accept" });
    const events = messagesOf(seen).map((m) => m.data.event);
    assert.deepEqual(events.sort(), ["UDE_ADD_TO_CART", "WEBSITE__PAGE_VIEW", "WEBSITE__PAGE_VIEW"]);
    await until(async () => (await page.textContent("#consent-state")) === "granted", { what: "the panel shows granted" });
    assert.equal(await page.textContent("#session-count"), "1");
    assert.deepEqual(errors, []);
  });
});

test("demo shop: Refuse sends nothing and stores only the refusal; the banner does not come back", async () => {
  await withPage(browser, async ({ page, errors }) => {
    const seen = await recordCollector(page);
    await gotoShop(page, "/", { consent: "leave" });
    await page.click("#consent-refuse");
    await until(async () => (await page.textContent("#consent-state")) === "denied", { what: "the panel shows denied" });
    await page.click('a.card-art[href="/?p=product&id=sencha"]');
    await page.waitForSelector("#add-to-cart");
    await page.click("#add-to-cart");
    await gotoShop(page, "/", { consent: "leave" });
    assert.ok(!(await page.isVisible("#consent")), "no banner after a refusal");
    await page.waitForTimeout(300);
    assert.equal(seen.length, 0);
    assert.deepEqual(await linkflowKeys(page), ["linkflow:example.com:consent"]);
    assert.deepEqual(errors, []);
  });
});
