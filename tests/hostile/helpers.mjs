// Shared helpers of the hostile tier. tests/hostile/run.sh starts the stand-in and passes
// its URL; LINKFLOW_HOSTILE_PKG may name another built package than pkg/ (the base commit's,
// to show a test failing there).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../security/helpers.mjs";

export { everythingAbout, launchChromium, unique } from "../security/helpers.mjs";

export const BASE = (process.env.LINKFLOW_HOSTILE_URL ?? "").replace(/\/$/, "");
if (!BASE) throw new Error("LINKFLOW_HOSTILE_URL is not set: run tests/hostile/run.sh");
export const PKG = path.resolve(process.env.LINKFLOW_HOSTILE_PKG ?? path.join(ROOT, "pkg"));

/** The package's Node entry (pkg/node/index.mjs of the package under test). */
export const sdk = await import(pathToFileURL(path.join(PKG, "node/index.mjs")).href);

/**
 * A `fetch` option answering from `handler(url: URL, init)` → `{ status?, body?, headers? }`
 * (body: a value sent as JSON, or a string); every call is logged as `{ url, init }`.
 */
export function mockFetch(handler) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    const { status = 200, body = [], headers = {} } = (await handler(new URL(url), init)) ?? {};
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { "content-type": "application/json", ...headers } });
  };
  return { fetch, calls };
}

/** A `/token` answer that was already expired when issued (clock skew). */
export const EXPIRED_TOKEN = { token: "skewed-token", expiration: "2017-09-04 09:30:23" };

/**
 * A Node HTTP server on 127.0.0.1 (a port of its own: an origin of its own) answering with
 * `handler(req, body)` → `{ status, headers?, body? }`; CORS is open (preflights answered
 * 204) so that pages on other origins can call it. Records `{ method, url, headers, body }`.
 */
export async function originServer(handler) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "*",
      "access-control-allow-methods": "*",
      "access-control-expose-headers": "*",
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    const out = (await handler(req, body)) ?? { status: 200, body: "[]" };
    res.writeHead(out.status, { "content-type": "application/json", ...cors, ...(out.headers ?? {}) }).end(out.body ?? "");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The rejection of `promise` (fails when it resolves). */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

/** The error `fn()` throws (fails when it returns). */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/**
 * A Chromium page with the package under test's browser entry loaded as `window.sdk`,
 * served with PKG's files by a local server of its own (a real loopback server: Chromium's
 * local network access rules treat a route-fulfilled page as public and would block its
 * calls to 127.0.0.1). Page errors are collected in `errors`; `close()` ends both.
 */
export async function openSdkPage(browser) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel === "/page.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
        import * as sdk from "/pkg/web/index.js"; window.sdk = sdk; window.ready = true;</script>`);
      return;
    }
    const file = path.join(PKG, rel.slice("/pkg/".length));
    if (!rel.startsWith("/pkg/") || !file.startsWith(PKG + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.endsWith(".wasm") ? "application/wasm" : "text/javascript" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  const close = async () => {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return { page, errors, close };
}

/** Path parameters that are, or encode to, a dot segment (the URL parser removes them). */
export const DOT_SEGMENTS = [".", "..", "%2e", "%2E", "%2e%2e", ".%2E", "%2E.", "%2e%2E"];

/** Control characters a credential must not hold. */
export const CONTROL = ["\r\n", "\n", "\r", "\0", "\x1b", "\x7f", "\t"];

/** baseUrl values that are not an absolute http(s) URL without query or fragment. */
export const BAD_BASE_URLS = ["https://h/?x=1#f", "https://h/api?x", "https://h#f", "javascript:alert(1)", "/api", "  https://h  ", "https://h ", "ftp://h", "https://", "https://u:p@h", "h"];
