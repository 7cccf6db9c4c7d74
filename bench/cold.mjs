// Cold start: import + instantiate + first constructed client (Tracker for `./tracker`).
//   Node: a fresh `node bench/cold-child.mjs` per run; times from process start
//         (performance.timeOrigin) and from the import to the constructed object.
//   Chromium: a fresh browser context (empty HTTP and code caches) and page per run, on
//         bench/www/cold.html; times from navigation start and from the import. Besides the
//         two entries: the floor (the same page importing a tiny module instead of the SDK,
//         then a second navigation in the same context), and the tracker entry with the
//         preload hints a site can add (README's tracker section).
//   BENCH_COLD_VARIANTS="label=/pkg/…/index.js,…" adds other builds of the tracker entry
//         served under the package (A/B runs for bench/LEVERS-build.md).
// Runs of all cases alternate so load drift hits each alike.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launchChromium } from "../tests/chromium.mjs";
import { ROOT, requireServer, nodeEntry, pick, summary, writeResult, log } from "./lib.mjs";

const RUNS = Number(process.env.BENCH_COLD_RUNS) || pick(25, 4);
const ENTRIES = ["full", "tracker"];
// What a site preloads for the tracker entry: the entry (the glue inlined: scripts/check-pkg.mjs) and the .wasm.
const trackerFiles = ["index.js", "linkflow_sdk_bg.wasm"];
/** The Chromium cases: name → cold.html's query. */
const CASES = {
  none: "entry=none",
  full: "entry=full",
  tracker: "entry=tracker",
  trackerPreload: `entry=tracker&preload=${trackerFiles.join(",")}`,
};
// A/B variants, `label=src,...`: each its own case, never one the report reads.
for (const v of (process.env.BENCH_COLD_VARIANTS ?? "").split(",").filter(Boolean)) {
  const at = v.indexOf("=");
  const [label, src] = [v.slice(0, at), v.slice(at + 1)];
  if (at < 1 || label in CASES || label === "noneAgain") throw new Error(`BENCH_COLD_VARIANTS: "${v}" is not label=src with a new label`);
  CASES[label] = `entry=tracker&src=${encodeURIComponent(src)}`;
}
const CHILD = join(ROOT, "bench/cold-child.mjs");
const base = requireServer();

/** The q-quantile of `xs` (nearest rank): the lower quartile is less swayed by the load spikes of a shared machine. */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** { start, imported, constructed } per run → medians of the three spans. */
function spans(runs) {
  return {
    runs: runs.length,
    toFirstScriptMs: summary(runs.map((r) => r.start)),
    importMs: summary(runs.map((r) => r.imported - r.start)),
    constructMs: summary(runs.map((r) => r.constructed - r.imported)),
    importToObjectMs: summary(runs.map((r) => r.constructed - r.start)),
    totalMs: { ...summary(runs.map((r) => r.constructed)), p25: quantile(runs.map((r) => r.constructed), 0.25) },
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
  if (runs[0].parts.htmlArrived === undefined) return { classicStartAt: at("classicStart") };
  return {
    classicStartAt: at("classicStart"),
    htmlArrivedAt: at("htmlArrived"),
    entryArrivedAt: at("entryArrived"),
    glueArrivedAt: at("glueArrived"),
    wasmArrivedAt: at("wasmArrived"),
    wasmArrivedToImportedMs: summary(runs.filter((r) => r.parts.wasmArrived != null).map((r) => r.imported - r.parts.wasmArrived)),
    compileAloneMs: at("compileMs"),
  };
}

const nodeRun = (which) => JSON.parse(execFileSync(process.execPath, [CHILD, nodeEntry(which), which], { encoding: "utf8" }));

/** One fresh context and page on cold.html?`query`; `again` navigates the same page a second time (same context, warm) and returns both. */
async function chromiumRun(browser, query, again = false) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const visit = async (q) => {
      await page.goto(`${base}/cold.html?${q}`);
      return (await page.waitForFunction(() => window.cold ?? null, null, { timeout: 30000 })).jsonValue();
    };
    const first = await visit(query);
    return again ? { first, again: await visit(`${query}&again=1`) } : first;
  } finally {
    await context.close();
  }
}

const node = Object.fromEntries(ENTRIES.map((e) => [e, []]));
const chromium = Object.fromEntries(Object.keys(CASES).map((e) => [e, []]));
const floorAgain = [];
for (const e of ENTRIES) nodeRun(e); // warm the OS file cache: cold means a new process, not a cold disk
for (let i = 0; i < RUNS; i++) for (const e of ENTRIES) node[e].push(nodeRun(e));

const browser = await launchChromium();
try {
  for (const q of Object.values(CASES)) await chromiumRun(browser, q); // first pages of the browser process: not counted
  for (let i = 0; i < RUNS; i++) {
    // Rotate the order each round, so no case always follows the same one.
    const names = Object.keys(CASES);
    for (const name of [...names.slice(i % names.length), ...names.slice(0, i % names.length)]) {
      if (name === "none") {
        const { first, again } = await chromiumRun(browser, CASES.none, true);
        chromium.none.push(first);
        floorAgain.push(again);
      } else chromium[name].push(await chromiumRun(browser, CASES[name]));
    }
  }
} finally {
  await browser.close();
}

const out = { runs: RUNS, node: {}, chromium: {}, cases: CASES };
const m = (x) => x.median.toFixed(1);
for (const e of ENTRIES) out.node[e] = spans(node[e]);
for (const e of Object.keys(CASES)) {
  out.chromium[e] = spans(chromium[e]);
  const p = out.chromium[e].parts;
  if (p?.htmlArrivedAt) {
    log(`cold ${e} chromium parts (median ms since navigation): html ${m(p.htmlArrivedAt)}, classic script ${m(p.classicStartAt)}, entry ${m(p.entryArrivedAt)}, glue ${m(p.glueArrivedAt)}, wasm ${m(p.wasmArrivedAt)}; wasm arrived -> imported ${m(p.wasmArrivedToImportedMs)}; compile alone ${m(p.compileAloneMs)}`);
  }
  log(`cold ${e}: chromium ${m(out.chromium[e].totalMs)} ms from navigation (lower quartile ${out.chromium[e].totalMs.p25.toFixed(1)}, script starts ${m(out.chromium[e].toFirstScriptMs)}, import→object ${m(out.chromium[e].importToObjectMs)} ms)${e in out.node ? `; node ${m(out.node[e].totalMs)} ms from process start (import→object ${m(out.node[e].importToObjectMs)} ms)` : ""}`);
}
// Each round runs every case once, back to back: the median of the per-round differences from the
// tracker entry is steadier than the difference of the medians on a shared machine.
const total = (r) => r.constructed;
out.vsTracker = Object.fromEntries(Object.keys(CASES).filter((e) => e !== "tracker").map((e) => {
  const diffs = chromium[e].map((r, i) => total(r) - total(chromium.tracker[i]));
  const d = { ...summary(diffs), p25: quantile(diffs, 0.25), p75: quantile(diffs, 0.75) };
  log(`cold ${e} - tracker, per round: median ${m(d)} ms (quartiles ${d.p25.toFixed(1)}..${d.p75.toFixed(1)})`);
  return [e, d];
}));
out.chromium.noneAgain = spans(floorAgain);
log(`cold none, second navigation in the same context: script starts ${m(out.chromium.noneAgain.toFirstScriptMs)}, object ${m(out.chromium.noneAgain.totalMs)} ms`);
writeResult("cold", out);
