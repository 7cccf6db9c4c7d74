// Shared helpers of the browser end-to-end tests (node --test + playwright-core + the
// system Chromium). tests/e2e/run.sh starts the stand-in server and passes its URL.

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

/** Opens the shop at `path` and waits until its tracker and client are up. */
export async function gotoShop(page, path = "/") {
  await page.goto(BASE + path);
  await page.waitForFunction(() => globalThis.shop?.ready === true);
}

/** Opens the tracker lab page (tracker-only entry). */
export async function gotoLab(page, query = "") {
  await page.goto(BASE + "/lab/tracker.html" + query);
  await page.waitForFunction(() => globalThis.lab?.ready === true);
}

let token = null;
/** GET/POST the Open API of the stand-in directly (not through the SDK). */
export async function api(path, { method = "GET", body } = {}) {
  if (!token) token = (await (await fetch(BASE + "/demo/token")).json()).token;
  const res = await fetch(BASE + path, {
    method,
    headers: { "X-OpenApi-Token": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    const err = new Error(`${method} ${path} → ${res.status} ${text}`);
    err.status = res.status;
    throw err;
  }
  return JSON.parse(text);
}

export async function admin(path, body) {
  const res = await fetch(BASE + path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

export const stats = () => admin("/__admin/stats");
export const faults = (body) => admin("/__admin/faults", body);

/** The largest event id now: later events have larger ids (GET /events/lite order). */
export async function eventWatermark() {
  let last = 0;
  for (;;) {
    const page = await api(`/events/lite?lastMaxId=${last}&size=1000`);
    if (!Array.isArray(page) || page.length === 0) return last;
    last = Math.max(...page.map((e) => e.id));
  }
}

/** Every event with an id above `after`, ascending. */
export async function eventsAfter(after) {
  const out = [];
  let last = after;
  for (;;) {
    const page = await api(`/events/lite?lastMaxId=${last}&size=1000`);
    if (!Array.isArray(page) || page.length === 0) return out;
    out.push(...page);
    last = Math.max(...page.map((e) => e.id));
  }
}

/** The contact (channelId, externalId) names, and its events (all pages). */
export async function contactWithEvents(externalId, channelId = CHANNEL_ID) {
  const contact = await api(`/identifiers?externalId=${encodeURIComponent(externalId)}&channelId=${encodeURIComponent(channelId)}`);
  const events = [];
  for (let page = 0; ; page++) {
    const batch = await api(`/contacts/${contact.id}/events?page=${page}&size=200`);
    events.push(...batch);
    if (batch.length < 200) break;
  }
  const identities = await api(`/contacts/${contact.id}/identities`);
  return { contact, events, identities };
}

/** Polls `fn` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function until(fn, { timeoutMs = 15000, everyMs = 200, what = "condition" } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

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
