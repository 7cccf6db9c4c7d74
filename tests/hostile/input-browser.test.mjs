// Hostile caller values in headless Chromium (issue 16 items 1 and 5; issue 12 item 7): the
// package's browser entry (web/index.js of pkg/, or LINKFLOW_HOSTILE_PKG) in a page, running
// the same cases as input-node.test.mjs (input-cases.mjs, imported by the page): 10,000
// hostile calls per client entry point are rejected `validation` errors, then the client
// works; non-JSON values are refused by field; the date helpers are exported by both browser
// entries. The page and the package are served by a static server started here (127.0.0.1,
// free port, closed after); requests of the client go to an in-page `fetch` option.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { PKG } from "./input-lib.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
  import * as sdk from "/pkg/web/index.js";
  import * as tracker from "/pkg/tracker/index.js";
  import * as cases from "/cases/input-cases.mjs";
  Object.assign(window, { sdk, tracker, cases, ready: true });
</script>`;

let server;
let browser;
let origin;
before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file;
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    } else if (url.pathname.startsWith("/pkg/")) {
      file = path.join(PKG, url.pathname.slice(5));
    } else if (url.pathname === "/cases/input-cases.mjs") {
      file = path.join(HERE, "input-cases.mjs");
    }
    if (!file || !file.startsWith(PKG + path.sep) && !file.startsWith(HERE) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

async function openPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(origin + "/");
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return { page, errors };
}

test("Chromium: 10,000 hostile calls per entry point are validation rejections; then the module works", async () => {
  const { page, errors } = await openPage();
  const { wrong, sent, work } = await page.evaluate(async () => {
    const { wrong, sent } = await cases.hostileCalls(sdk, 10_000);
    return { wrong, sent, work: await cases.normalWork(sdk) };
  });
  assert.equal(work.failed, undefined, "normal work after the hostile calls");
  assert.deepEqual(work.bodies, ['{"event":"e","channelId":"c","externalId":"u","attr1":"5"}', '{"id":7,"name":"n"}']);
  assert.deepEqual(wrong, []);
  assert.equal(sent, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Chromium: values JSON cannot carry are validation errors naming the field; dates", async () => {
  const { page } = await openPage();
  const { outcomes, dates, trackerHasNone } = await page.evaluate(async () => {
    const outcomes = await cases.notJsonOutcomes(sdk);
    const dates = {};
    // The date helpers are the client's: the tracker-only module leaves them out.
    const trackerHasNone = tracker.parseLinkflowDate === undefined && tracker.formatLinkflowDate === undefined;
    for (const [name, entry] of Object.entries({ sdk })) {
      let invalid;
      try {
        entry.parseLinkflowDate("2017-9-4 09:30:23");
      } catch (e) {
        invalid = e instanceof entry.LinkflowError ? e.kind : String(e);
      }
      dates[name] = [
        entry.parseLinkflowDate("2017-09-04 09:30:23").toISOString(),
        entry.formatLinkflowDate(new Date("2017-09-04T01:30:23Z")),
        invalid,
      ];
    }
    return { outcomes, dates, trackerHasNone };
  });
  for (const [what, outcome] of Object.entries(outcomes)) {
    const field = what.startsWith("events.create items") ? "items\\[0\\]\\.attr1" : what.startsWith("events") ? "attr1" : "props\\.attr1";
    assert.match(outcome, new RegExp(`^validation: ${field} `), what);
  }
  for (const [name, got] of Object.entries(dates)) {
    assert.deepEqual(got, ["2017-09-04T01:30:23.000Z", "2017-09-04 09:30:23", "validation"], name);
  }
  assert.deepEqual(Object.keys(dates), ["sdk"]);
  assert.equal(trackerHasNone, true);
  await page.close();
});
