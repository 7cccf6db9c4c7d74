// The demo shop end to end: an anonymous visitor browses, signs in and orders; Linkflow
// ends up with one contact that holds all of it, each event exactly once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { BASE, launch, withPage, openPage, gotoShop, contactWithEvents, countBy, until, unique, UUID } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const LANDING = "/?utm_source=newsletter&utm_medium=email&utm_campaign=spring";

/** Landing page, a product, add to cart, cart, sign in, checkout, order. */
async function journey(page, { name = "Mei Lin" } = {}) {
  await gotoShop(page, LANDING);
  const anonymousId = await page.evaluate(() => shop.tracker.anonymousId);
  await page.click('a.card-art[href="/?p=product&id=tieguanyin"]');
  await page.waitForSelector("#add-to-cart");
  await page.click("#add-to-cart");
  await page.click("#cart-link");
  await page.waitForSelector("#to-checkout");
  await page.click("#to-checkout");
  const email = `${unique("shopper")}@example.com`;
  await page.fill("#email", email);
  await page.fill("#name", name);
  const since = Date.now();
  await page.click("#sign-in");
  await page.waitForSelector("#place-order");
  const externalId = await page.evaluate(() => shop.tracker.externalId);
  await page.click("#place-order");
  await page.waitForSelector("#order-id");
  const orderId = (await page.textContent("#order-id")).trim();
  await page.evaluate(() => shop.tracker.flush());
  return { anonymousId, email, externalId, orderId, since };
}

const EXPECTED_PAGES = (orderId) => [
  LANDING,
  "/?p=product&id=tieguanyin",
  "/?p=cart",
  "/?p=login&next=checkout",
  "/?p=checkout",
  `/?p=order&id=${orderId}`,
];

test("anonymous browsing, sign-in and checkout land on one contact, each event exactly once", async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const j = await journey(page);
    // The whole journey ran under script-src 'self' 'wasm-unsafe-eval' without a violation,
    // and the policy is in force (an inline script is refused).
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(errors, [], "no page errors during the journey");
    const inline = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return { ran: window.__inlineRan === true, violations: window.__csp.length };
    });
    assert.deepEqual(inline, { ran: false, violations: 1 }, "inline scripts are refused by the page's CSP");
    errors.length = 0; // the refusal just provoked is logged as an error
    assert.match(j.anonymousId, UUID);
    assert.match(j.externalId, /^u\d{7}$/);
    assert.match(j.orderId, /^KL\d{8}-\d{5}$/);
    const pages = EXPECTED_PAGES(j.orderId).map((p) => BASE + p);

    const { contact, events, identities } = await until(
      async () => {
        const r = await contactWithEvents(j.externalId);
        const views = r.events.filter((e) => e.event === "WEBSITE__PAGE_VIEW");
        return views.length >= pages.length && r.events.some((e) => e.event === "UDE_ORDER") ? r : null;
      },
      { what: "the contact's page views and order" },
    );

    // One contact, reached by (example.com, externalId), with the fields the backend sent.
    assert.equal(contact.email, j.email);
    assert.equal(contact.name, "Mei Lin");
    assert.ok(identities.some((i) => i.externalId === j.externalId), "the externalId identity is on the contact");

    // No event shows twice.
    const ids = events.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, "event ids are unique");

    // Every page view exactly once: the anonymous ones (landing, product, cart, sign-in)
    // and the later ones (checkout, order).
    const views = events.filter((e) => e.event === "WEBSITE__PAGE_VIEW");
    const byUrl = countBy(views, (e) => e.attr2);
    assert.deepEqual([...byUrl.keys()].sort(), [...pages].sort(), "page views are the pages visited");
    for (const [url, n] of byUrl) assert.equal(n, 1, `${url} once`);
    for (const v of views) {
      assert.equal(v.sdkType, "JS SDK");
      assert.equal(v.anonymousId, j.anonymousId, "the browser's anonymous id");
      assert.equal(v.channelId, "example.com");
      assert.ok(v.attr1?.includes("Kettle & Leaf"), `title in attr1: ${v.attr1}`);
    }
    const anonymous = views.filter((v) => v.eventDate < j.since).map((v) => v.attr2);
    assert.deepEqual(anonymous.sort(), pages.slice(0, 4).sort(), "four page views before sign-in, merged into the contact");
    // Referrers follow the client-side navigation.
    const product = views.find((v) => v.attr2 === pages[1]);
    assert.equal(product.attr3, pages[0], "referrer of the product page is the landing page");
    // The landing page's utm stays for the session.
    for (const v of views) assert.equal(v.utm?.campaign, "spring", `utm on ${v.attr2}`);
    assert.equal(views.find((v) => v.attr2 === pages[0]).utm.source, "newsletter");

    // The custom event from the browser and the order from the backend, once each.
    const carts = events.filter((e) => e.event === "UDE_ADD_TO_CART");
    assert.equal(carts.length, 1);
    assert.equal(carts[0].attr1, "tieguanyin");
    assert.equal(carts[0].attr2, "96", "numbers are sent as decimal strings");
    const orders = events.filter((e) => e.event === "UDE_ORDER");
    assert.equal(orders.length, 1);
    assert.equal(orders[0].attr1, j.orderId);
    assert.equal(orders[0].attr2, "108.00");
    assert.equal(orders[0].sdkType, undefined, "the order came through the API, not the tracker");
    assert.equal(orders[0].items?.length, 1);

    assert.deepEqual(errors, [], "no page errors");
  } finally {
    await context.close();
  }
});

// The README's picture. A test run writes it under target/ so that running the tests leaves the
// tree clean; LINKFLOW_UPDATE_SCREENSHOT=1 writes docs/screenshot-demo.png itself.
const SCREENSHOT = process.env.LINKFLOW_UPDATE_SCREENSHOT === "1" ? ["docs"] : ["target", "e2e"];

test("screenshot of the demo after checkout (docs/screenshot-demo.png)", async () => {
  await withPage(browser, async ({ page, errors }) => {
    await journey(page, { name: "Zhang Wei" });
    await page.evaluate(() => shop.panel.refresh({ flush: true }));
    await until(() => page.evaluate(() => shop.panel.refresh().then(() => !!document.querySelector('#timeline li[data-event="UDE_ORDER"]'))), {
      what: "the order in the panel",
    });
    // The timeline shows page views from before the sign-in too.
    assert.ok((await page.locator("#timeline .b-anon").count()) >= 4, "anonymous page views in the panel");
    assert.equal(await page.textContent("#contact-name"), "Zhang Wei");
    await page.waitForFunction(() => document.getElementById("toast").childElementCount === 0);
    await page.waitForTimeout(400); // let the entry animations finish
    const out = path.join(process.cwd(), ...SCREENSHOT, "screenshot-demo.png");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    assert.ok(fs.statSync(out).size > 10_000);
    assert.deepEqual(errors, []);
  });
});
