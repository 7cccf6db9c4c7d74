// Shared helpers of the fault suite. tests/faults/run.sh starts the stand-in and passes its
// URL; every test file resets the stand-in (store, stats, faults) before each test, so the
// server's counters (GET /__admin/stats) count exactly what the test did.

import { fileURLToPath } from "node:url";
import { standIn } from "../stand-in.mjs";

export const BASE = (process.env.LINKFLOW_FAULTS_URL ?? "").replace(/\/$/, "");
if (!BASE) throw new Error("LINKFLOW_FAULTS_URL is not set: run tests/faults/run.sh");

export const KEY = "demo-key";
export const SECRET = "demo-secret";
export const CHANNEL_ID = "example.com";

const PKG_NODE = fileURLToPath(new URL("../../pkg/node/index.mjs", import.meta.url));

/**
 * The SDK as users import it (pkg/node). pkg/ may be rebuilt (rm + mv) by a colleague at
 * any moment: import it once per file, early.
 */
export async function sdk() {
  return import(PKG_NODE);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stand = standIn(BASE);
/** The stand-in's admin routes and Open API, called directly (not through the SDK). */
export const { admin, api, stats, faults, eventsAfter } = stand;
/** Empty store (or `seed` contacts), zeroed stats, faults and token TTL back to the flags. */
export const resetServer = (seed = 0) => admin("/__admin/reset", seed ? { seed, eventsPerContact: 2 } : { empty: true });

/** Requests the server saw on a route pattern (e.g. "/ude", "/contacts/{id}/events"). */
export const routeCount = (s, route) => s.requests[route] ?? 0;

/** Requests the server saw outside `/__admin/*`. */
export const apiRequests = (s) => Object.entries(s.requests).filter(([k]) => !k.startsWith("/__admin")).reduce((n, [, v]) => n + v, 0);

/** The contact (channelId, externalId) names, and all its events. */
export const contactWithEvents = (externalId, channelId = CHANNEL_ID) => stand.contactWithEvents(externalId, channelId);

/**
 * A `fetch` for `new LinkflowClient({ fetch })` that records every attempt:
 * `{ method, path, url, start, end, status, text, error, retryAfter }` (times from
 * `performance.now()`, `status` 0 when there was no answer). `onAnswer(entry)` runs after
 * an answer arrived and before the SDK sees it (e.g. to switch faults off after the
 * first refused attempt).
 */
export function recorder({ onAnswer } = {}) {
  const log = [];
  const recFetch = async (url, init = {}) => {
    const u = new URL(url);
    const entry = { method: (init.method ?? "GET").toUpperCase(), path: u.pathname, url: u.pathname + u.search, start: performance.now(), end: 0, status: 0, text: null, error: null, retryAfter: null };
    log.push(entry);
    try {
      const res = await fetch(url, init);
      entry.status = res.status;
      entry.retryAfter = res.headers.get("retry-after");
      entry.text = await res.clone().text();
      entry.end = performance.now();
      if (onAnswer) await onAnswer(entry);
      return res;
    } catch (e) {
      entry.end = performance.now();
      entry.error = e;
      throw e;
    }
  };
  return { fetch: recFetch, log, of: (path, method) => log.filter((e) => e.path === path && (!method || e.method === method)) };
}

/** `count` of each value of `key(x)`. */
export function countBy(list, key) {
  const m = new Map();
  for (const x of list) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

/** A unique tag for this run's data. */
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Awaits `promise`, which must reject; returns the rejection. */
export async function rejection(promise, what = "the call") {
  try {
    const v = await promise;
    throw Object.assign(new Error(`${what} resolved (${JSON.stringify(v)?.slice(0, 300)}) but should have rejected`), { resolvedInstead: true });
  } catch (e) {
    if (e?.resolvedInstead) throw e;
    return e;
  }
}

export { until } from "../until.mjs";

/** Epoch ms of a token's `expiration` text ("yyyy-MM-dd HH:mm:ss", UTC+8): the start of its second. */
export const expirationMs = (text) => Date.parse(`${text.replace(" ", "T")}+08:00`);

/** Epoch ms of a `performance.now()` reading (the recorder's `start`/`end`). */
export const epochMs = (perfMs) => performance.timeOrigin + perfMs;

/**
 * When the SDK stops using a token (src/auth.rs, `TokenCache::store`, on a clock the `Date`
 * header agrees with, as here): 90% of the way from its receipt (`receivedMs`, epoch ms) to
 * the start of its `expiration` second, at most a minute before it. Given the recorder's
 * `end` as the receipt, the SDK's own point is no earlier (it reads its clock after that).
 */
export function refreshPointMs(expiration, receivedMs) {
  const expires = expirationMs(expiration);
  return expires - Math.min(Math.max((expires - receivedMs) / 10, 0), 60_000);
}
