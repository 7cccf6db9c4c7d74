// Every JS example in README.md runs: blocks marked `<!-- readme-test: node -->` as ES
// modules in the scratch consumer project (the packed package installed), blocks marked
// `<!-- readme-test: browser -->` as a module page in headless Chromium with an import
// map to the installed package. Both against a seeded stand-in; the README's demo URL
// (http://127.0.0.1:8787) is replaced by the test server's.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { CONSUMER, INSTALLED, ROOT, SCRATCH, launchChromium, run, startDevserver } from "../package/lib.mjs";

const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const BLOCK = /<!-- readme-test: (node|browser) -->\s*```js\n([\s\S]*?)```/g;
const blocks = [...README.matchAll(BLOCK)].map((m, i) => ({ where: m[1], code: m[2], n: i + 1 }));
const DEMO_URL = "http://127.0.0.1:8787";

let server;
let browser;
const www = path.join(SCRATCH, "readme-www");
before(async () => {
  fs.rmSync(www, { recursive: true, force: true });
  fs.mkdirSync(www, { recursive: true });
  server = await startDevserver(["--seed", "300", "--www", www, "--pkg", INSTALLED]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("README has runnable examples for Node and the browser", () => {
  assert.ok(blocks.filter((b) => b.where === "node").length >= 3, "node examples found");
  assert.ok(blocks.filter((b) => b.where === "browser").length >= 2, "browser examples found");
  const marked = (README.match(/<!-- readme-test:/g) ?? []).length;
  assert.equal(blocks.length, marked, "every marked block is a ```js block right after its marker");
});

for (const block of blocks.filter((b) => b.where === "node")) {
  test(`README example #${block.n} runs in Node`, async () => {
    const file = path.join(CONSUMER, `readme-${block.n}.mjs`);
    fs.writeFileSync(file, block.code);
    const r = await run(process.execPath, [file], {
      cwd: CONSUMER,
      env: { LINKFLOW_BASE_URL: server.url, LINKFLOW_APP_KEY: "demo-key", LINKFLOW_APP_SECRET: "demo-secret" },
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, `exit code\n${r.stdout}\n${r.stderr}`);
  });
}

for (const block of blocks.filter((b) => b.where === "browser")) {
  test(`README example #${block.n} runs in headless Chromium`, async () => {
    const code = block.code.replaceAll(DEMO_URL, server.url).replaceAll("https://collect.example.com", server.url);
    fs.writeFileSync(path.join(www, `readme-${block.n}.js`), `${code}\ndocument.body.dataset.readmeDone = "1";\n`);
    const importMap = { imports: { "linkflow-sdk": "/pkg/web/index.js", "linkflow-sdk/tracker": "/pkg/tracker/index.js" } };
    fs.writeFileSync(
      path.join(www, `readme-${block.n}.html`),
      `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify(importMap)}</script>` +
        `<body><script type="module" src="/readme-${block.n}.js"></script></body>`,
    );
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A missing favicon is the page's business, not the example's.
    page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
    try {
      await page.goto(`${server.url}/readme-${block.n}.html`);
      await page.waitForFunction(() => document.body.dataset.readmeDone === "1", null, { timeout: 30_000 }).catch(() => {
        throw new Error(`example #${block.n} did not finish:\n${errors.join("\n")}`);
      });
      assert.deepEqual(errors, []);
      if (block.code.includes("channelTypes")) {
        assert.equal(await page.evaluate(() => document.body.dataset.channelTypes), "24");
      }
    } finally {
      await page.close();
    }
  });
}
