// Shared helpers of the browser end-to-end tests (node --test + playwright-core + the
// system Chromium). tests/e2e/run.sh starts the stand-in server and passes its URL.

import { standIn } from "../stand-in.mjs";
export const BASE = (process.env.LINKFLOW_E2E_URL ?? "").replace(/\/$/, "");
if (!BASE) throw new Error("LINKFLOW_E2E_URL is not set: run tests/e2e/run.sh");

export const CHANNEL_ID = "example.com";

export { launchChromium as launch } from "../chromium.mjs";

/**
 * A fresh context and page that records page errors (uncaught exceptions and unhandled
 * rejections) in `errors`. `init` (a function) runs before any page script.
 */
export async function openPage(browser, { init, initArg } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (init) await context.addInitScript(init, initArg);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  // A script the Content-Security-Policy refused is an error too.
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/**
 * Runs `fn({ context, page, errors })` on a page of a fresh context (see `openPage`, which
 * takes the same `options`) and closes the context afterwards, whatever `fn` did.
 */
export async function withPage(browser, options, fn) {
  if (typeof options === "function") [options, fn] = [{}, options];
  const opened = await openPage(browser, options);
  try {
    return await fn(opened);
  } finally {
    await opened.context.close();
  }
}

/**
 * Opens the shop at `path` and waits until its tracker and client are up. The shop asks for
 * consent first: the banner is accepted unless `consent` is `"leave"`.
 */
export async function gotoShop(page, path = "/", { consent = "accept" } = {}) {
  await page.goto(BASE + path);
  await page.waitForFunction(() => globalThis.shop?.ready === true);
  if (consent === "accept" && (await page.evaluate(() => shop.tracker?.consent === "pending"))) await page.click("#consent-accept");
}

/** Opens the tracker lab page (tracker-only entry). */
export async function gotoLab(page, query = "") {
  await page.goto(BASE + "/lab/tracker.html" + query);
  await page.waitForFunction(() => globalThis.lab?.ready === true);
}

const stand = standIn(BASE);
/** The stand-in's Open API and admin routes, called directly (not through the SDK). */
export const { api, admin, stats, faults, eventsAfter } = stand;

/** The largest event id now: later events have larger ids (GET /events/lite order). */
export async function eventWatermark() {
  let last = 0;
  for (;;) {
    const page = await api(`/events/lite?lastMaxId=${last}&size=1000`);
    if (!Array.isArray(page) || page.length === 0) return last;
    last = Math.max(...page.map((e) => e.id));
  }
}

/** The contact (channelId, externalId) names, its events (all pages) and identities. */
export const contactWithEvents = (externalId, channelId = CHANNEL_ID) => stand.contactWithEvents(externalId, channelId);

export { until } from "../until.mjs";

/** `count` of each value of `key(e)` over `events`. */
export function countBy(events, key) {
  const m = new Map();
  for (const e of events) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A unique tag for this run's data. */
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Records every collector request of `page` (URL, headers, body, time) and lets it through. */
export async function recordCollector(page) {
  const seen = [];
  await page.route("**/api/sdk/**", async (route) => {
    const req = route.request();
    seen.push({ url: req.url(), headers: req.headers(), body: JSON.parse(req.postData() ?? "null"), at: Date.now() });
    await route.continue();
  });
  return seen;
}

/** The messages of recorded collector requests, in order. */
export const messagesOf = (seen) => seen.flatMap((r) => r.body.messages);
