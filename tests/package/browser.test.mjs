// The installed package in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): the same tiny page bundled by Vite, esbuild and webpack, and a plain
// <script type="module"> page importing /pkg/web/index.js from the stand-in server. Each page
// calls the stand-in server (cross-origin for the bundles) and writes its result into #result.
// (Vite dev servers, Next.js, workers and runtimes: tests/ecosystem.)
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import webpack from "webpack";
import { BIN, CONSUMER, INSTALLED, launchChromium, resultOfPage, runOk, serveStatic, startDevserver } from "./lib.mjs";

let api;
let browser;
const toClose = [];

before(async () => {
  // One page shell for every variant: the Vite app and the plain page get it as index.html.
  for (const dir of ["app", "plain"]) fs.writeFileSync(path.join(CONSUMER, dir, "index.html"), page("main.js"));
  api = await startDevserver();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const close of toClose) await close();
  await api?.stop();
});

/** The page shell every variant loads: reports load errors into #result at once. */
function page(script, { module = true } = {}) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>linkflow-sdk</title></head>
<body><pre id="result"></pre>
<script>
  const report = (error) => {
    const out = document.getElementById("result");
    if (out && !out.textContent) out.textContent = JSON.stringify({ error: String(error) });
  };
  addEventListener("error", (e) => report(e.message || e.error));
  addEventListener("unhandledrejection", (e) => report(e.reason && (e.reason.stack || e.reason)));
</script>
<script ${module ? 'type="module" ' : ""}src="./${script}"></script></body></html>
`;
}

/**
 * Serves `dist` (or uses the running server at `siteUrl`), opens its index.html with
 * ?api=... and checks what the page reports.
 */
async function checkBundledPage(dist, siteUrl) {
  if (!siteUrl) {
    const server = await serveStatic(dist);
    toClose.push(server.close);
    siteUrl = server.url;
  }
  const { result, problems } = await resultOfPage(browser, `${siteUrl}/index.html?api=${encodeURIComponent(api.url)}`);
  const context = `page result ${JSON.stringify(result)}\n${problems.join("\n")}`;
  assert.equal(result.error, undefined, context);
  assert.equal(result.channelTypes, 24, context);
  assert.deepEqual(result.validation, { isLinkflowError: true, isError: true, name: "LinkflowError", kind: "validation" }, context);
  assert.equal(result.secretInBrowser?.isLinkflowError, true, `appSecret is refused in a browser: ${context}`);
  assert.equal(result.secretInBrowser?.kind, "validation", context);
}

const wasmFilesIn = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));

describe("bundlers", () => {
  test("Vite build, no configuration", async () => {
    const dist = path.join(CONSUMER, "dist-vite");
    await runOk(path.join(BIN, "vite"), ["build", "app", "--outDir", dist, "--emptyOutDir", "--base", "./", "--logLevel", "warn"]);
    assert.equal(wasmFilesIn(dist).length, 1, "Vite emitted the .wasm as an asset");
    await checkBundledPage(dist);
  });

  test("esbuild bundle, .wasm copied next to it", async () => {
    const dist = path.join(CONSUMER, "dist-esbuild");
    fs.rmSync(dist, { recursive: true, force: true });
    fs.mkdirSync(dist, { recursive: true });
    await runOk(path.join(BIN, "esbuild"), ["app/main.js", "--bundle", "--format=esm", "--target=es2022", `--outfile=${dist}/app.js`, "--log-level=warning"]);
    fs.copyFileSync(path.join(INSTALLED, "web/linkflow_sdk_bg.wasm"), path.join(dist, "linkflow_sdk_bg.wasm"));
    fs.writeFileSync(path.join(dist, "index.html"), page("app.js"));
    await checkBundledPage(dist);
  });

  test("webpack 5 production build, no configuration for the wasm", async () => {
    const dist = path.join(CONSUMER, "dist-webpack");
    fs.rmSync(dist, { recursive: true, force: true });
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          mode: "production",
          context: CONSUMER,
          entry: "./app/main.js",
          target: "web",
          output: { path: dist, filename: "main.js", publicPath: "auto" },
          performance: { hints: false },
        },
        (err, s) => (err ? reject(err) : resolve(s)),
      ),
    );
    assert.ok(!stats.hasErrors(), stats.toString("errors-warnings"));
    assert.equal(wasmFilesIn(dist).length, 1, "webpack emitted the .wasm as an asset");
    fs.writeFileSync(path.join(dist, "index.html"), page("main.js", { module: false }));
    await checkBundledPage(dist);
  });
});

test("plain <script type=module> page importing /pkg/web/index.js and /pkg/tracker/index.js", async () => {
  const site = await startDevserver(["--www", path.join(CONSUMER, "plain"), "--pkg", INSTALLED]);
  toClose.push(site.stop);
  const { result, problems } = await resultOfPage(browser, `${site.url}/`);
  const context = `page result ${JSON.stringify(result)}\n${problems.join("\n")}`;
  assert.equal(result.error, undefined, context);
  assert.equal(result.channelTypes, 24, context);
  assert.deepEqual(result.validation, { isLinkflowError: true, isError: true, kind: "validation" }, context);
  assert.equal(result.anonymousId, "string", context);
  assert.equal(result.identity?.channelId, "example.com", context);
  assert.equal(result.identity?.externalIdMatches, true, context);
  assert.equal(result.trackedEventOnContact, true, `the tracked event reached the identified contact: ${context}`);
});
