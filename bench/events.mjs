// events.iterate over every seeded event (1,000,000; 100,000 in a quick run): events/s and
// the peak RSS growth of the Node process. Each run is a fresh `node` process (this file
// with --child) so that one run's garbage is not the next one's baseline. No --expose-gc,
// no forced collection: the figure is what a user's script gets.
// Baseline = RSS right after the client is constructed (the wasm module is instantiated by
// then); peak = the largest RSS sampled every 50 ms during the iteration.
// For scale, one run of the same cursor loop written by hand (fetch + json(), no SDK): what
// Node itself grows by on this traffic.
// RSS mostly says how large V8 lets its heap grow under this garbage (the hand-written loop
// grows as much), not what is kept. So each run also takes the live memory after a full
// collection (heapUsed + external: the wasm memory, which never shrinks, is external) right
// before the loop and right after it: growth there is what the loop retains. Those two
// collections are the only ones forced (the child runs with --expose-gc for them), the same
// for the SDK and the hand-written loop, and neither falls inside the steady-state window's
// start (the RSS at a tenth is read before anything else happens there).
// What grows in the steady-state window is broken down too (the peak of each within the window
// minus its value at the tenth): V8's new space (the young generation, which V8 doubles once
// enough bytes survived its scavenges), old space, large objects (a page's response text),
// external and, of it, the ArrayBuffers (undici's body chunks) and the SDK's wasm memory
// (caught as the glue instantiates the module).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { requireServer, nodeEntry, pick, summary, sampleMemory, stats, writeResult, log, CREDENTIALS } from "./lib.mjs";

const PAGE_SIZE = 1000; // events per request, as examples/node/export-events.mjs does by default
const MB = 1024 * 1024;
const base = requireServer();

/** The wasm memory of the SDK's module, caught as the glue makes its `WebAssembly.Instance`. */
let wasmMemory = null;

/**
 * The SDK's iterator, constructed (the baseline is taken next). The child's `for await` runs
 * over it directly, as a user's loop does. Wrapped in an async generator (`yield*`), the SDK
 * had one async layer per item more than the hand-written loop and promoted ~40 % more bytes
 * to V8's old generation (bench/LEVERS-speed.md, "Round four: memory").
 */
async function sdkEvents() {
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const instance = new Instance(module, imports);
    wasmMemory = Object.values(instance.exports).find((x) => x instanceof WebAssembly.Memory) ?? null;
    return instance;
  };
  const { LinkflowClient } = await import(nodeEntry("full"));
  // The report's wasm columns would read 0 as if measured.
  if (!wasmMemory) throw new Error("the SDK's wasm memory was not caught (the glue no longer calls new WebAssembly.Instance?)");
  const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
  return client.events.iterate({ size: PAGE_SIZE });
}

/** The same GET /events/lite cursor, by hand. */
async function* rawEvents() {
  const headers = { "X-OpenApi-Key": CREDENTIALS.appKey, "X-OpenApi-Secret": CREDENTIALS.appSecret };
  const { token } = await (await fetch(`${base}/token`, { headers })).json();
  yield null;
  for (let last = 0; ;) {
    const res = await fetch(`${base}/events/lite?lastMaxId=${last}&size=${PAGE_SIZE}`, { headers: { accept: "application/json", "x-openapi-token": token } });
    if (!res.ok) throw new Error(`events/lite → ${res.status}`);
    const page = await res.json();
    if (page.length === 0) return;
    for (const e of page) { last = Math.max(last, e.id); yield e; }
  }
}

/** Live memory after a full collection: V8 heap in use + external (ArrayBuffers, the wasm memory), bytes. */
async function live() {
  globalThis.gc?.();
  // A collection hands the ArrayBuffers it found dead to a background sweep, and `external`
  // counts them until that ends (measured: ~10 MB of undici's body chunks right after the
  // loop): let it end, then collect what the sweep's finalizers released.
  await new Promise((resolve) => setTimeout(resolve, 200));
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, total: m.heapUsed + m.external };
}

/** The parts of the process' memory that can grow under this traffic, bytes. */
function parts() {
  const size = Object.fromEntries(v8.getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_size]));
  const m = process.memoryUsage();
  return {
    newSpace: size.new_space ?? 0,
    oldSpace: size.old_space ?? 0,
    largeObjects: (size.large_object_space ?? 0) + (size.new_large_object_space ?? 0),
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    wasm: wasmMemory ? wasmMemory.buffer.byteLength : 0,
  };
}

/** The largest value of each of `parts()`, sampled every `everyMs` until `stop()`. */
function sampleParts(everyMs) {
  const peak = parts();
  const tick = () => {
    const now = parts();
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], now[k]);
  };
  const timer = setInterval(tick, everyMs);
  return { stop() { clearInterval(timer); tick(); return peak; } };
}

async function child(kind, expected) {
  const events = kind === "raw" ? rawEvents() : await sdkEvents();
  if (kind === "raw") await events.next(); // up to the baseline
  const liveBefore = await live();
  const baseline = process.memoryUsage();
  const memory = sampleMemory(50);
  // Steady state: from a tenth of the way on, once the heap has sized itself to the traffic,
  // growth would be a leak.
  const tenth = Math.max(1, Math.floor(expected / 10));
  let atTenth = null, later = null, partsAtTenth = null, laterParts = null;
  let count = 0, lastId = 0;
  const t0 = performance.now();
  for await (const event of events) {
    count++;
    lastId = event.id; // touch each event as a user's loop would
    if (count === tenth) {
      atTenth = process.memoryUsage();
      partsAtTenth = parts();
      later = sampleMemory(50);
      laterParts = sampleParts(50);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const { peak, samples } = memory.stop();
  const steady = later ? { atTenth, peak: later.stop().peak, partsAtTenth, partsPeak: laterParts.stop() } : null;
  const wasmAfter = parts().wasm;
  const liveAfter = await live();
  process.stdout.write(JSON.stringify({ count, lastId, seconds, baseline, peak, samples, steady, liveBefore, liveAfter, wasmAfter }) + "\n");
}

function run(kind, expected) {
  const out = execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", kind, String(expected)], { encoding: "utf8", env: process.env, maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split("\n").pop());
  if (r.count !== expected) throw new Error(`${kind}: iterated ${r.count} events, the stand-in holds ${expected}`);
  log(`events ${kind}: ${r.count} in ${r.seconds.toFixed(1)} s, RSS +${((r.peak.rss - r.baseline.rss) / MB).toFixed(1)} MB`);
  return r;
}

/** Medians over runs, in MB / events per second. */
function figures(results) {
  const mb = (f) => summary(results.map((r) => f(r) / MB));
  return {
    runs: results.length,
    eventsPerSec: summary(results.map((r) => r.count / r.seconds)),
    seconds: summary(results.map((r) => r.seconds)),
    rssGrowthMB: mb((r) => r.peak.rss - r.baseline.rss),
    baselineMB: mb((r) => r.baseline.rss),
    peakMB: mb((r) => r.peak.rss),
    peakHeapTotalGrowthMB: mb((r) => r.peak.heapTotal - r.baseline.heapTotal),
    peakExternalGrowthMB: mb((r) => r.peak.external - r.baseline.external),
    steadyGrowthMB: mb((r) => (r.steady ? r.steady.peak.rss - r.steady.atTenth.rss : NaN)),
    liveGrowthMB: mb((r) => r.liveAfter.total - r.liveBefore.total),
    liveAfterMB: mb((r) => r.liveAfter.total),
    // Steady-state growth by part: new space, old space, large objects, external, ArrayBuffers, wasm memory.
    steadyPartsMB: Object.fromEntries(["newSpace", "oldSpace", "largeObjects", "external", "arrayBuffers", "wasm"].map((k) =>
      [k, mb((r) => (r.steady?.partsPeak ? r.steady.partsPeak[k] - r.steady.partsAtTenth[k] : NaN))])),
    wasmAfterMB: mb((r) => r.wasmAfter ?? NaN),
    samples: results.map((r) => r.samples),
  };
}

async function parent() {
  const expected = (await stats()).store.events;
  const runs = pick(Number(process.env.BENCH_EVENTS_RUNS ?? 2), 1);
  const sdk = [];
  for (let i = 0; i < runs; i++) sdk.push(run("sdk", expected));
  const raw = [run("raw", expected)];
  writeResult("events", { events: expected, pageSize: PAGE_SIZE, sdk: figures(sdk), raw: figures(raw) });
}

const at = process.argv.indexOf("--child");
await (at >= 0 ? child(process.argv[at + 1], Number(process.argv[at + 2])) : parent());
