// Diagnostic (not part of `make bench`, not a test): the memory curve of one 1M-event
// iteration, to see WHAT grows after the first tenth. One fresh child process per loop (SDK,
// then the hand-written one, as bench/events.mjs runs them), no forced collection during the
// loop (one after the first event and one after the last, for the live growth); every
// EVERY events (default 50,000) a row: RSS, V8's new / old / large-object spaces (size = what
// V8 reserved, used = live + not yet collected), external, ArrayBuffers and the wasm memory's
// byte length (the SDK's module: its `WebAssembly.Instance` is caught as the glue makes it).
//
//   BENCH_URL=http://127.0.0.1:PORT node bench/events-curve.mjs [both|sdk,raw,rawsignal,sdknofr,sdkdirect,sdktask] [EVERY]
//
// `rawsignal` is the hand-written loop with what each SDK attempt adds to `fetch`: its own
// `AbortController`'s signal and a timer, cleared once the body is read. `sdknofr` is the SDK
// with the glue's `FinalizationRegistry`s made no-ops (what its closures register per await);
// `sdkdirect` is the SDK's iterator under `for await` directly (no async generator's `yield*`);
// `sdktask` is that with a `fetch` option (each page's call a future, not the entry's driver).
// With `node --trace-gc-nvp --expose-gc bench/events-curve.mjs --child KIND EVERY` each
// scavenge's survived and promoted bytes are printed too.
//
// against a stand-in started with `--seed 100000 --seed-events-per-contact 10`. Prints a
// table per loop (MB) on stdout.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { requireServer, nodeEntry, CREDENTIALS } from "./lib.mjs";

const PAGE_SIZE = 1000;
const MB = 1024 * 1024;

/** The wasm memory of the module the glue instantiates (the glue calls `new WebAssembly.Instance`). */
let wasmMemory = null;
function catchWasmMemory() {
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const instance = new Instance(module, imports);
    wasmMemory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory) ?? null;
    return instance;
  };
}

async function* sdkEvents(base, noFr = false) {
  catchWasmMemory();
  const FR = globalThis.FinalizationRegistry;
  if (noFr) globalThis.FinalizationRegistry = class { register() {} unregister() {} };
  const { LinkflowClient } = await import(nodeEntry("full"));
  globalThis.FinalizationRegistry = FR;
  const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
  yield* client.events.iterate({ size: PAGE_SIZE });
}

/** `sdkdirect`: the SDK's iterator itself, without the `yield*` of an async generator around it. */
async function sdkPages(base, task = false) {
  catchWasmMemory();
  const { LinkflowClient } = await import(nodeEntry("full"));
  // A `fetch` option: each page's call runs as a future on the module's task path (what every
  // call did before the call driver), not through the entry's driver.
  const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS, ...(task ? { fetch: (input, init) => fetch(input, init) } : {}) });
  return client.events.iterate({ size: PAGE_SIZE });
}

/** `rawsignal`: each request with its own `AbortController`'s signal and a cleared timer, as the SDK's attempts. */
async function* rawEvents(base, withSignal = false) {
  const headers = { "X-OpenApi-Key": CREDENTIALS.appKey, "X-OpenApi-Secret": CREDENTIALS.appSecret };
  const { token } = await (await fetch(`${base}/token`, { headers })).json();
  for (let last = 0; ;) {
    const init = { headers: { accept: "application/json", "x-openapi-token": token } };
    let timer;
    if (withSignal) {
      const controller = new AbortController();
      timer = setTimeout(() => controller.abort(), 30_000);
      init.signal = controller.signal;
    }
    const res = await fetch(`${base}/events/lite?lastMaxId=${last}&size=${PAGE_SIZE}`, init);
    if (!res.ok) throw new Error(`events/lite → ${res.status}`);
    const page = await res.json();
    clearTimeout(timer);
    if (page.length === 0) return;
    for (const e of page) { last = Math.max(last, e.id); yield e; }
  }
}

function row(count) {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const sp = (name, k) => (spaces[name]?.[k] ?? 0) / MB;
  return {
    count,
    rss: m.rss / MB,
    newSize: sp("new_space", "space_size"), newUsed: sp("new_space", "space_used_size"),
    oldSize: sp("old_space", "space_size"), oldUsed: sp("old_space", "space_used_size"),
    loSize: sp("large_object_space", "space_size"), loUsed: sp("large_object_space", "space_used_size"),
    codeSize: sp("code_space", "space_size"),
    external: m.external / MB, arrayBuffers: m.arrayBuffers / MB,
    wasm: wasmMemory ? wasmMemory.buffer.byteLength / MB : 0,
  };
}

async function child(kind, every) {
  const base = requireServer();
  const events =
    kind === "sdkdirect" || kind === "sdktask" ? await sdkPages(base, kind === "sdktask") : kind.startsWith("sdk") ? sdkEvents(base, kind === "sdknofr") : rawEvents(base, kind === "rawsignal");
  const rows = [];
  let count = 0;
  const first = await events.next(); // the first event: the module is instantiated by then
  if (first.done) throw new Error("no events");
  count++;
  globalThis.gc?.();
  const before = row(count);
  const t0 = performance.now();
  rows.push(row(count));
  for await (const event of events) {
    count++;
    if (event.id === undefined) throw new Error("an event without id");
    if (count % every === 0) rows.push(row(count));
  }
  rows.push(row(count));
  const seconds = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  const after = row(count);
  process.stdout.write(JSON.stringify({ kind, seconds, rows, before, after }) + "\n");
}

function print({ kind, seconds, rows, before, after }) {
  const cols = Object.keys(rows[0]);
  const last = rows[rows.length - 1].count;
  console.log(`\n${kind}: ${last} events in ${seconds.toFixed(1)} s (${Math.round(last / seconds)} events/s); MB`);
  console.log(cols.join("\t"));
  for (const r of rows) console.log(cols.map((c) => (c === "count" ? r[c] : r[c].toFixed(1))).join("\t"));
  const tenth = rows.find((r) => r.count >= last / 10) ?? rows[0];
  const max = (k, from) => Math.max(...rows.filter((r) => r.count >= from).map((r) => r[k]));
  console.log(`growth after the first tenth (max - value at ${tenth.count}): ` +
    cols.filter((c) => c !== "count").map((c) => `${c} ${(max(c, tenth.count) - tenth[c]).toFixed(1)}`).join(", "));
  console.log(`after a full collection, after the loop minus after the first event: ` +
    cols.filter((c) => c !== "count").map((c) => `${c} ${(after[c] - before[c]).toFixed(1)}`).join(", "));
}

const at = process.argv.indexOf("--child");
if (at >= 0) {
  await child(process.argv[at + 1], Number(process.argv[at + 2]));
} else {
  const which = process.argv[2] ?? "both";
  const every = Number(process.argv[3] ?? 50_000);
  for (const kind of which === "both" ? ["sdk", "raw"] : which.split(",")) {
    const out = execFileSync(process.execPath, [...(process.env.CURVE_NODE_FLAGS ?? "").split(" ").filter(Boolean), "--expose-gc", fileURLToPath(import.meta.url), "--child", kind, String(every)], { encoding: "utf8", env: process.env, maxBuffer: 1 << 22 });
    print(JSON.parse(out.trim().split("\n").pop()));
  }
}
