// Cold start: import + instantiate + first constructed client (Tracker for `./tracker`).
//   Node: a fresh `node bench/cold-child.mjs` per run; times from process start
//         (performance.timeOrigin) and from the import to the constructed object.
//   Chromium: a fresh browser context (empty HTTP and code caches) and page per run, on
//         bench/www/cold.html; times from navigation start and from the import.
// Runs of the two entries alternate so load drift hits both.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launchChromium } from "../tests/chromium.mjs";
import { ROOT, requireServer, nodeEntry, pick, summary, writeResult, log } from "./lib.mjs";

const RUNS = pick(15, 4);
const ENTRIES = ["full", "tracker"];
const CHILD = join(ROOT, "bench/cold-child.mjs");
const base = requireServer();

/** { start, imported, constructed } per run → medians of the three spans. */
function spans(runs) {
  return {
    runs: runs.length,
    toFirstScriptMs: summary(runs.map((r) => r.start)),
    importMs: summary(runs.map((r) => r.imported - r.start)),
    constructMs: summary(runs.map((r) => r.constructed - r.imported)),
    importToObjectMs: summary(runs.map((r) => r.constructed - r.start)),
    totalMs: summary(runs.map((r) => r.constructed)),
    ...(runs[0]?.parts ? { parts: partSpans(runs) } : {}),
  };
}

/**
 * Chromium only: where the import goes, from cold.html's `parts` (ms since navigation):
 * when the HTML, the entry, the glue and the .wasm had arrived, what follows the .wasm's
 * arrival up to the import's end (compile left after streaming, instantiate, init), and
 * one compile of the same bytes alone.
 */
function partSpans(runs) {
  const at = (k) => summary(runs.map((r) => r.parts[k]).filter((v) => v != null));
  return {
    htmlArrivedAt: at("htmlArrived"),
    entryArrivedAt: at("entryArrived"),
    glueArrivedAt: at("glueArrived"),
    wasmArrivedAt: at("wasmArrived"),
    wasmArrivedToImportedMs: summary(runs.filter((r) => r.parts.wasmArrived != null).map((r) => r.imported - r.parts.wasmArrived)),
    compileAloneMs: at("compileMs"),
  };
}

const nodeRun = (which) => JSON.parse(execFileSync(process.execPath, [CHILD, nodeEntry(which), which], { encoding: "utf8" }));

async function chromiumRun(browser, which) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/cold.html?entry=${which}`);
    return await (await page.waitForFunction(() => window.cold ?? null, null, { timeout: 30000 })).jsonValue();
  } finally {
    await context.close();
  }
}

const node = Object.fromEntries(ENTRIES.map((e) => [e, []]));
const chromium = Object.fromEntries(ENTRIES.map((e) => [e, []]));
for (const e of ENTRIES) nodeRun(e); // warm the OS file cache: cold means a new process, not a cold disk
for (let i = 0; i < RUNS; i++) for (const e of ENTRIES) node[e].push(nodeRun(e));

const browser = await launchChromium();
try {
  for (const e of ENTRIES) await chromiumRun(browser, e); // first page of the browser process: not counted
  for (let i = 0; i < RUNS; i++) for (const e of ENTRIES) chromium[e].push(await chromiumRun(browser, e));
} finally {
  await browser.close();
}

const out = { runs: RUNS, node: {}, chromium: {} };
for (const e of ENTRIES) {
  out.node[e] = spans(node[e]);
  out.chromium[e] = spans(chromium[e]);
  const p = out.chromium[e].parts;
  if (p) {
    const m = (x) => x.median.toFixed(1);
    log(`cold ${e} chromium parts (median ms since navigation): html ${m(p.htmlArrivedAt)}, entry ${m(p.entryArrivedAt)}, glue ${m(p.glueArrivedAt)}, wasm ${m(p.wasmArrivedAt)}; wasm arrived -> imported ${m(p.wasmArrivedToImportedMs)}; compile alone ${m(p.compileAloneMs)}`);
  }
  log(`cold ${e}: node ${out.node[e].totalMs.median.toFixed(1)} ms from process start (import→object ${out.node[e].importToObjectMs.median.toFixed(1)} ms); chromium ${out.chromium[e].totalMs.median.toFixed(1)} ms from navigation (import→object ${out.chromium[e].importToObjectMs.median.toFixed(1)} ms)`);
}
writeResult("cold", out);
