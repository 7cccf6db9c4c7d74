// Helpers shared by the bench scripts: statistics, interleaved A/B rounds, the stand-in's
// URL and admin API, RSS sampling, result files. bench/run.sh sets the environment:
//   BENCH_URL    the stand-in (seeded, serving bench/www at / and the package at /pkg/)
//   BENCH_PKG    the package snapshot the run measures (a copy of pkg/, see run.sh)
//   BENCH_OUT    where results go (target/bench)
//   BENCH_QUICK  1 = smoke run: fewer rounds, smaller data
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const QUICK = process.env.BENCH_QUICK === "1";
export const BASE = (process.env.BENCH_URL ?? "").replace(/\/$/, "");
export const PKG = resolve(ROOT, process.env.BENCH_PKG ?? "pkg");
export const OUT = resolve(ROOT, process.env.BENCH_OUT ?? "target/bench");

/** `full` in a real run, `quick` in a smoke run (BENCH_QUICK=1). */
export const pick = (full, quick) => (QUICK ? quick : full);

export function requireServer() {
  if (!BASE) throw new Error("BENCH_URL is not set: run bench/run.sh (or make bench)");
  return BASE;
}

/** The Node ESM entry of the package snapshot (`.` or `./tracker`), as a file URL. */
export const nodeEntry = (which = "full") =>
  pathToFileURL(join(PKG, which === "tracker" ? "tracker/node/index.mjs" : "node/index.mjs")).href;

// --- statistics -------------------------------------------------------------------------------

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median plus the spread, so the report can show how noisy a figure was. */
export const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

/**
 * Runs `a` and `b` side by side, `rounds` times each, alternating which goes first (ABBA...)
 * so drift in the machine's load hits both alike. Each function returns its own measure
 * (e.g. elapsed ms). Returns every measure and the per-round ratios a/b; quote the median
 * of the ratios, not the ratio of the medians, since a round's pair shares the same noise.
 */
export async function interleave(rounds, a, b) {
  const as = [], bs = [], ratios = [];
  for (let r = 0; r < rounds; r++) {
    let x, y;
    if (r % 2 === 0) { x = await a(); y = await b(); } else { y = await b(); x = await a(); }
    as.push(x); bs.push(y); ratios.push(x / y);
  }
  return { a: as, b: bs, ratios };
}

// --- the stand-in -----------------------------------------------------------------------------

async function adminCall(path, body) {
  const res = await fetch(requireServer() + path, body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return res.json();
}
export const stats = () => adminCall("/__admin/stats");
export const faults = (body) => adminCall("/__admin/faults", body);

/** The demo credentials the stand-in accepts (devserver/README.md). */
export const CREDENTIALS = { appKey: "demo-key", appSecret: "demo-secret" };

// --- memory -----------------------------------------------------------------------------------

/**
 * Samples this process's memory every `everyMs` (timers run between the awaits of an async
 * loop). `stop()` takes a last sample and returns the peak of each process.memoryUsage()
 * field (bytes) and the number of samples: rss is the figure; heapTotal, external and
 * arrayBuffers (the wasm memory is one) say where it went.
 */
export function sampleMemory(everyMs = 50) {
  const peak = process.memoryUsage();
  let samples = 1;
  const tick = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
    samples++;
  };
  const timer = setInterval(tick, everyMs);
  return { stop() { clearInterval(timer); tick(); return { peak, samples }; } };
}

// --- output -----------------------------------------------------------------------------------

/** Writes target/bench/NAME.json (read by bench/report.mjs). */
export function writeResult(name, data) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.json`);
  writeFileSync(file, JSON.stringify({ quick: QUICK, at: new Date().toISOString(), ...data }, null, 2) + "\n");
  console.log(`bench: wrote ${file}`);
}

/** One line of progress on stderr (stdout of child processes carries JSON). */
export const log = (...args) => console.error("  ", ...args);
