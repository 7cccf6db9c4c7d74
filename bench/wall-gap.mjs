// Where the SDK's wall-clock gap over its own request by hand goes (bench/LEVERS-speed.md,
// round five). A diagnostic, not part of `make bench`: `node bench/wall-gap.mjs` measures pkg/
// (or BENCH_PKG) against BENCH_URL, else against a release stand-in it starts and stops
// (target/release/linkflow-devserver --seed 10000, as bench/run.sh); BENCH_QUICK=1: 4 rounds.
// `channels.types()` and the same request by hand (bench/www/rounds.mjs `ownRequest`) in one process, rounds alternating; each call's phases
// timestamped (performance.now) through hooks both sides pass alike, installed before the
// package loads (the entry's call driver binds `Response.prototype.text` at load):
//   fetch called / fetch returned / call returned (the caller holds the promise) /
//   response headers (the fetch promise settles) / body text / clearTimeout (the driver's, or
//   the hand's, `Promise.all` settled) / JSON.parse done / caller resumed.
// A side reaction records each settle without adding a hop to the chain that is measured.
// Also: V8's GC per side (PerformanceObserver, pauses inside each side's rounds), and the
// wire: the bytes each side sends, through a logging TCP proxy in front of the stand-in.
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { PerformanceObserver } from "node:perf_hooks";
import { join } from "node:path";
import { ROOT, BASE, nodeEntry, median, summary, log, writeResult, pick, CREDENTIALS } from "./lib.mjs";

const N = 300; // calls per round
const ROUNDS = pick(20, 4); // per side

/** BENCH_URL, or a stand-in of our own (stopped by its PID when this process exits). */
async function standIn() {
  if (BASE) return BASE;
  const server = spawn(join(ROOT, "target/release/linkflow-devserver"), ["--port", "0", "--seed", "10000"], { stdio: ["ignore", "pipe", "inherit"] });
  process.on("exit", () => server.kill());
  let out = "";
  for await (const chunk of server.stdout) {
    out += chunk;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) { server.stdout.resume(); return m[1].replace(/\/$/, ""); }
  }
  throw new Error(`the stand-in did not start: ${out}`);
}
const base = await standIn();
const now = () => performance.now();

// --- hooks (before the package loads) --------------------------------------------------------
let marks = null; // the current call's timestamps, or null outside a measured call
const netFetch = globalThis.fetch;
let realFetch = netFetch; // or a stub answering from memory (the canned pass below)
globalThis.fetch = function (...args) {
  const m = marks;
  if (m) m.fetchCalled = now();
  const p = realFetch.apply(this, args);
  if (m) {
    m.fetchReturned = now();
    p.then(() => { m.headers = now(); }, () => {});
  }
  return p;
};
const realText = Response.prototype.text;
Response.prototype.text = function () {
  const m = marks;
  const p = realText.call(this);
  if (m) p.then(() => { m.text = now(); }, () => {});
  return p;
};
// The attempt's timer: the first one armed in a call for a second or more (a bare
// "first clearTimeout" came before the body in a trial run: other timers are cleared on the
// way); its clearTimeout marks the read settled.
const realSet = globalThis.setTimeout;
globalThis.setTimeout = function (fn, ms, ...rest) {
  const t = realSet(fn, ms, ...rest);
  if (marks && marks.timer === undefined && ms >= 1000) marks.timer = t;
  return t;
};
const realClear = globalThis.clearTimeout;
globalThis.clearTimeout = function (t) {
  if (marks && t !== undefined && t === marks.timer) marks.clear = now();
  return realClear(t);
};
const realParse = JSON.parse;
JSON.parse = function (...args) {
  const v = realParse.apply(this, args);
  if (marks) marks.parsed = now();
  return v;
};

const { LinkflowClient } = await import(nodeEntry("full"));
// After the hooks: rounds.mjs binds `Response.prototype.text` when it loads, as the entry does.
const { ownRequest, sdkHeaders } = await import("./www/rounds.mjs");

/** One call's phases (µs), in order; each from the previous mark. */
const PHASES = [
  ["beforeFetch", "start", "fetchCalled"],
  ["fetchSync", "fetchCalled", "fetchReturned"],
  ["afterFetchSync", "fetchReturned", "returned"],
  ["toHeaders", "returned", "headers"],
  ["toText", "headers", "text"],
  ["toAllSettled", "text", "clear"],
  ["toParsed", "clear", "parsed"],
  ["toResumed", "parsed", "resumed"],
];

/** `n` timed calls of `one()`; every call's phases and the round's wall ms. */
async function round(one, n) {
  const calls = [];
  const cpu = process.cpuUsage();
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const m = { start: now() };
    marks = m;
    const p = one();
    m.returned = now();
    await p;
    m.resumed = now();
    marks = null;
    calls.push(m);
  }
  const ms = now() - t0;
  const c = process.cpuUsage(cpu);
  return { ms, cpuUs: (c.user + c.system) / n, calls, from: t0, to: now() };
}

/** The 90th and 99th percentiles of `xs`, and what the calls above the 90th add to the mean. */
function tail(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const p90 = s[Math.floor(s.length * 0.9)];
  return { p90, p99: s[Math.floor(s.length * 0.99)], meanAboveP90: s.filter((x) => x > p90).reduce((a, x) => a + x - p90, 0) / s.length };
}

/** Mean, median and tail of each phase over `rounds`' calls. */
function phases(rounds) {
  const out = {};
  for (const [name, a, b] of [...PHASES, ["total", "start", "resumed"]]) {
    const xs = rounds.flatMap((r) => r.calls.map((c) => (c[b] - c[a]) * 1000));
    out[name] = { mean: xs.reduce((s, x) => s + x, 0) / xs.length, median: median(xs), ...tail(xs) };
  }
  return out;
}

// --- GC pauses, by the side whose round they fell in ------------------------------------------
const gcs = [];
const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
observer.observe({ entryTypes: ["gc"] });
function gcIn(rounds) {
  let count = 0, ms = 0;
  for (const g of gcs) if (rounds.some((r) => g.startTime >= r.from && g.startTime < r.to)) { count++; ms += g.duration; }
  const calls = rounds.length * N;
  return { count, perThousandCalls: (count * 1000) / calls, usPerCall: (ms * 1000) / calls };
}

// --- the wire ---------------------------------------------------------------------------------
/** The bytes of each request `fn(proxyUrl)` sends, through a logging proxy; and its connections. */
async function onTheWire(fn) {
  const target = new URL(base);
  const sent = [];
  let connections = 0;
  const proxy = createServer((client) => {
    connections++;
    const upstream = connect(Number(target.port), target.hostname);
    client.on("data", (d) => sent.push(d.toString("latin1")));
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${proxy.address().port}`;
  try {
    await fn(url);
  } finally {
    await new Promise((r) => { proxy.close(r); proxy.unref(); });
  }
  return { connections, requests: sent.join("").split(/(?=^GET |^POST )/m).filter((s) => s.length > 0) };
}

/** A request's text with the token's value masked (the two sides hold different tokens). */
const masked = (req) => req.replace(/^(x-openapi-token:\s*).*$/gim, "$1<token>");

// --- run --------------------------------------------------------------------------------------
const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
const seen = await sdkHeaders((fetch) => new LinkflowClient({ baseUrl: base, ...CREDENTIALS, ...(fetch ? { fetch } : {}) }));
const sdk = () => client.channels.types();
const own = () => ownRequest(seen.url, seen.headers);

/** Warm-up, then `ROUNDS` rounds per side, alternating which goes first. */
async function pairs() {
  for (let i = 0; i < 2; i++) { await round(sdk, N); await round(own, N); }
  const sdkRounds = [], ownRounds = [], ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    let a, b;
    if (r % 2 === 0) { a = await round(sdk, N); b = await round(own, N); } else { b = await round(own, N); a = await round(sdk, N); }
    sdkRounds.push(a); ownRounds.push(b); ratios.push(a.ms / b.ms);
  }
  return { sdkRounds, ownRounds, ratios };
}
const { sdkRounds, ownRounds, ratios } = await pairs();
await new Promise((r) => setTimeout(r, 100)); // the last GC entries
observer.disconnect();

// The same calls with `fetch` answering from memory (as bench/overhead.mjs' canned loop): the
// module's phases when nothing else runs between the calls, to set against the network's.
const answer = await (await netFetch(seen.url, { headers: seen.headers })).text();
realFetch = async () => new Response(answer, { status: 200, headers: { "content-type": "application/json" } });
const canned = await pairs();
// Again, the answer given after a 1 ms timer: the process waits idle in the event loop as it
// does for the network (other processes get the core), then runs the same code.
realFetch = async () => {
  await new Promise((r) => setTimeout(r, 1));
  return new Response(answer, { status: 200, headers: { "content-type": "application/json" } });
};
const idle = await pairs();
realFetch = netFetch;

const wire = {};
for (const [name, one] of [
  ["sdk", async (url) => { const c = new LinkflowClient({ baseUrl: url, ...CREDENTIALS }); for (let i = 0; i < 10; i++) await c.channels.types(); }],
  ["own", async (url) => { const u = url + new URL(seen.url).pathname; for (let i = 0; i < 10; i++) await ownRequest(u, seen.headers); }],
]) wire[name] = await onTheWire(one);
const lastOf = (w) => masked(w.requests.at(-1) ?? "");
// Header names compared without case (HTTP/1.1's rule; the hand's names come lowercased
// from `new Headers`, the SDK sends `Accept`, `X-OpenApi-Token`); the host's port differs.
const comparable = (w) => lastOf(w).replace(/^host: .*$/im, "").toLowerCase();
const sameOnTheWire = comparable(wire.sdk) === comparable(wire.own);

const result = {
  callsPerRound: N, roundsPerSide: ROUNDS,
  sdkVsOwnRatio: summary(ratios),
  // Per round, SDK minus own: wall and CPU µs per call (medians of the per-round differences).
  wallGapUs: summary(sdkRounds.map((r, i) => ((r.ms - ownRounds[i].ms) * 1000) / N)),
  cpuGapUs: summary(sdkRounds.map((r, i) => r.cpuUs - ownRounds[i].cpuUs)),
  sdk: { phasesUs: phases(sdkRounds), gc: gcIn(sdkRounds) },
  own: { phasesUs: phases(ownRounds), gc: gcIn(ownRounds) },
  canned: { sdkVsOwnRatio: summary(canned.ratios), sdk: { phasesUs: phases(canned.sdkRounds) }, own: { phasesUs: phases(canned.ownRounds) } },
  cannedAfterIdle: { sdkVsOwnRatio: summary(idle.ratios), sdk: { phasesUs: phases(idle.sdkRounds) }, own: { phasesUs: phases(idle.ownRounds) } },
  wire: { sameOnTheWire, sdkConnections: wire.sdk.connections, ownConnections: wire.own.connections, sdkRequest: lastOf(wire.sdk), ownRequest: lastOf(wire.own) },
};
const f = (x) => x.toFixed(1).padStart(7);
const side = (p) => `${f(p.mean)} /${f(p.median)} /${f(p.p90)} /${f(p.p99)} /${f(p.meanAboveP90)}`;
const row = (k) => `${k.padEnd(15)} sdk ${side(result.sdk.phasesUs[k])}   own ${side(result.own.phasesUs[k])}   diff: mean ${f(result.sdk.phasesUs[k].mean - result.own.phasesUs[k].mean)} median ${f(result.sdk.phasesUs[k].median - result.own.phasesUs[k].median)}`;
log(`sdk / own ${result.sdkVsOwnRatio.median.toFixed(3)} (${ROUNDS} rounds × ${N}); gap per call: wall ${result.wallGapUs.median.toFixed(1)} µs, CPU ${result.cpuGapUs.median.toFixed(1)} µs`);
log("µs per call, mean / median / p90 / p99 / what the calls above p90 add to the mean:");
for (const [k] of [...PHASES, ["total"]]) log(row(k));
const cannedRow = (pass) => (k) => `${k.padEnd(15)} sdk ${side(pass.sdk.phasesUs[k])}   own ${side(pass.own.phasesUs[k])}   diff: median ${f(pass.sdk.phasesUs[k].median - pass.own.phasesUs[k].median)}`;
log("canned (fetch answering from memory), same columns:");
for (const [k] of [...PHASES, ["total"]]) log(cannedRow(result.canned)(k));
log("canned after a 1 ms idle wait, same columns:");
for (const [k] of [...PHASES, ["total"]]) log(cannedRow(result.cannedAfterIdle)(k));
log(`gc: sdk ${JSON.stringify(result.sdk.gc)}, own ${JSON.stringify(result.own.gc)}`);
log(`wire: same bytes ${sameOnTheWire}; connections for 10 calls: sdk ${wire.sdk.connections} (its token's request first), own ${wire.own.connections}`);
if (!sameOnTheWire) log(`sdk:\n${result.wire.sdkRequest}\nown:\n${result.wire.ownRequest}`);
writeResult("wall-gap", result);
process.exit(0); // the stand-in, if this process started it
