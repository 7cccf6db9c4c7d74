// The demo shop under a strict Content-Security-Policy, sent as an HTTP header (on top of the
// page's own <meta> policy): script-src 'self' 'wasm-unsafe-eval', no 'unsafe-eval', no
// 'unsafe-inline'. The SDK must load (the wasm compiles), the API client and the tracker must
// work, and no violation may be reported; eval and new Function must be refused (proof that
// no 'unsafe-eval' is in force). A negative control runs the same page without
// 'wasm-unsafe-eval' and must see the SDK fail and a violation reported: the checks above can
// fail. tests/e2e/shop.test.mjs also runs its whole journey under the page's <meta> policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, admin, launchChromium } from "./helpers.mjs";

const POLICY = "script-src 'self' 'wasm-unsafe-eval'";
// A same-origin script (allowed by 'self') that tries eval and new Function.
const EVAL_PROBE = `${BASE}/__security/eval-probe.js`;
const EVAL_PROBE_JS = `window.__evalProbe = {};
try { window.__evalProbe.eval = eval("1 + 1"); } catch (e) { window.__evalProbe.eval = e.name; }
try { window.__evalProbe.fn = new Function("return 2")(); } catch (e) { window.__evalProbe.fn = e.name; }`;

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens the shop with `policy` added as a Content-Security-Policy header to every HTML
 * document the stand-in serves. Records violations, page errors and CSP console messages.
 */
async function openShopUnder(policy, path = "/?utm_source=csp-test") {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  const cspConsole = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy|wasm-eval|unsafe-eval/i.test(m.text())) cspConsole.push(m.text());
  });
  await page.route(`${BASE}/**`, async (route) => {
    if (route.request().url() === EVAL_PROBE) return route.fulfill({ status: 200, contentType: "text/javascript", body: EVAL_PROBE_JS });
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": policy } });
  });
  const response = await page.goto(BASE + path);
  await page.waitForFunction(() => globalThis.shop?.ready === true, null, { timeout: 20_000 });
  return { context, page, errors, cspConsole, response };
}

test("the demo shop works under script-src 'self' 'wasm-unsafe-eval' (header), no unsafe-eval", async () => {
  const before = await admin("/__admin/stats");
  const { context, page, errors, cspConsole, response } = await openShopUnder(POLICY);
  try {
    assert.equal(response.headers()["content-security-policy"], POLICY, "the header policy was delivered");
    // The page's own policy is exactly this one too: nobody widened it with 'unsafe-eval'.
    const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);
    assert.equal(meta, POLICY, "www/index.html's <meta> policy");

    // The SDK loaded (its wasm compiled under the policy) and both halves work.
    const state = await page.evaluate(() => ({
      tracker: shop.tracker !== null,
      client: shop.client !== null,
      missingBanner: !document.getElementById("sdk-missing").hidden,
      violations: window.__csp,
    }));
    assert.deepEqual(state, { tracker: true, client: true, missingBanner: false, violations: [] }, "the SDK loaded under the policy");
    state.types = await page.evaluate(async () => (await shop.client.channels.types()).length);
    assert.ok(state.types > 0, "channels.types() answered through the tokenProvider");
    await page.evaluate(async () => {
      shop.tracker.setConsent(true); // the shop asks for consent first (its banner)
      shop.tracker.track("UDE_CSP_CHECK", { attr1: "ok" });
      await shop.tracker.flush();
    });
    const afterStats = await admin("/__admin/stats");
    assert.ok(afterStats.collectorAccepted > before.collectorAccepted, "the tracker's batch reached the collector");

    // Loading the SDK, compiling its wasm, calling the API and sending a batch: no violation.
    assert.deepEqual(await page.evaluate(() => window.__csp), [], "no CSP violation while the SDK loads and works");
    assert.deepEqual(cspConsole, [], "no CSP message in the console");

    // No 'unsafe-eval': eval and the Function constructor are refused. Tried by a script of
    // the page's own origin (page.evaluate itself runs outside the page's CSP).
    const evals = await page.evaluate(async (src) => {
      const s = document.createElement("script");
      s.src = src;
      const loaded = new Promise((resolve, reject) => {
        s.onload = resolve;
        s.onerror = reject;
      });
      document.head.append(s);
      await loaded;
      return window.__evalProbe;
    }, EVAL_PROBE);
    assert.deepEqual(evals, { eval: "EvalError", fn: "EvalError" }, "eval is refused, so 'unsafe-eval' is not in force");
    // The refusals just provoked are reported as violations (once per policy in force: the
    // header and the <meta>), and they are the only kind there is.
    const violations = await page.evaluate(() => window.__csp);
    assert.ok(violations.length >= 2, violations.join("\n"));
    assert.ok(violations.every((v) => v === "script-src eval"), violations.join("\n"));
    assert.deepEqual(errors, [], "no page errors");
  } finally {
    await context.close();
  }
});

test("negative control: without 'wasm-unsafe-eval' the SDK cannot load and the violation is seen", async () => {
  const { context, page, cspConsole } = await openShopUnder("script-src 'self'");
  try {
    const state = await page.evaluate(() => ({
      tracker: shop.tracker !== null,
      client: shop.client !== null,
      missingBanner: !document.getElementById("sdk-missing").hidden,
      violations: window.__csp,
    }));
    assert.equal(state.client, false, "the SDK must not load when wasm compilation is refused");
    assert.equal(state.tracker, false);
    assert.equal(state.missingBanner, true);
    assert.ok(state.violations.some((v) => /wasm-eval|script-src/.test(v)), `violations: ${state.violations.join("; ")}`);
    assert.ok(cspConsole.length > 0, "Chromium reported the refusal");
  } finally {
    await context.close();
  }
});
