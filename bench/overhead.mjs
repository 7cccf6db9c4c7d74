// Call overhead: N sequential `client.channels.types()` against the stand-in vs the same
// request written by hand (`fetch` + `json()`, the SDK's own headers), in Node and in
// headless Chromium. Rounds alternate SDK/raw; the figure is the median of the per-round
// ratios. The stand-in adds no latency here, so the ratio is the SDK's cost over a bare
// loopback round trip: the harshest setting for it (a real network hides it).
import { launchChromium } from "../tests/chromium.mjs";
import { sdkRound, rawRound, rawTimeoutRound, rawAsSdkRound, sdkHeaders, ownRequest } from "./www/rounds.mjs";
import { requireServer, nodeEntry, pick, interleave, summary, writeResult, log, CREDENTIALS } from "./lib.mjs";

const N = 300; // calls per round
const ROUNDS = pick(20, 4); // per side
const WARMUP = 2; // untimed rounds per side first (JIT, connection pool, token)
const base = requireServer();

/**
 * Runs the interleaved rounds given a per-round function for each side, after a warm-up:
 * SDK vs raw (the figure), and raw with a per-request AbortController + timer vs raw (what
 * the platform charges any client for timeouts and cancellation, for the reader's scale).
 * With `rawAsSdk` (Node: the SDK's own `fetch` call by hand), the ratio splits in two: SDK
 * vs its own request (the module's work) and that request vs raw (what undici charges for it).
 */
async function measure(label, sdk, raw, rawTimeout, rawAsSdk) {
  for (let i = 0; i < WARMUP; i++) { await sdk(N); await raw(N); await rawTimeout(N); if (rawAsSdk) await rawAsSdk(N); }
  const r = await interleave(ROUNDS, () => sdk(N), () => raw(N));
  const t = await interleave(ROUNDS, () => rawTimeout(N), () => raw(N));
  const perCall = (ms) => (ms * 1000) / N;
  const out = {
    sdkUsPerCall: summary(r.a.map(perCall)),
    rawUsPerCall: summary(r.b.map(perCall)),
    ratio: summary(r.ratios),
    rawTimeoutUsPerCall: summary(t.a.map(perCall)),
    rawTimeoutRatio: summary(t.ratios),
  };
  if (rawAsSdk) {
    const own = await interleave(ROUNDS, () => sdk(N), () => rawAsSdk(N));
    const req = await interleave(ROUNDS, () => rawAsSdk(N), () => raw(N));
    out.sdkVsOwnRequestRatio = summary(own.ratios);
    out.ownRequestVsRawRatio = summary(req.ratios);
    log(`${label}: sdk / its own fetch call by hand ${out.sdkVsOwnRequestRatio.median.toFixed(3)}, that call / raw ${out.ownRequestVsRawRatio.median.toFixed(3)}`);
  }
  log(`${label}: sdk ${out.sdkUsPerCall.median.toFixed(0)} µs, raw ${out.rawUsPerCall.median.toFixed(0)} µs, ratio ${out.ratio.median.toFixed(3)}; raw+AbortController/raw ${out.rawTimeoutRatio.median.toFixed(3)}`);
  return out;
}

/**
 * The module's own work per call, without the network (the wall-clock ratios above move by
 * more than it on a shared machine): `channels.types()` and its own request by hand
 * (`ownRequest`), with the global `fetch` answering the stand-in's answer from memory (a new
 * `Response` each time, as a stub would), CPU µs per call (`process.cpuUsage`, this process),
 * rounds interleaved; then both again with the answer `[]`, so the SDK's extra over the hand's
 * extra is what its answer check of the 24 types costs. Medians of the per-round differences.
 */
async function moduleWork(client, seen) {
  const real = globalThis.fetch;
  const full = await (await real(seen.url, { headers: seen.headers })).text();
  let body = full;
  globalThis.fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const cpuUs = (one) => async () => {
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++) await one();
    const c = process.cpuUsage(t);
    return (c.user + c.system) / N;
  };
  const sdk = cpuUs(() => client.channels.types());
  const own = cpuUs(() => ownRequest(seen.url, seen.headers));
  const diff = (r) => summary(r.a.map((x, i) => x - r.b[i]));
  try {
    for (let i = 0; i < WARMUP * 10; i++) { await sdk(); await own(); }
    const answered = await interleave(ROUNDS * 4, sdk, own);
    body = "[]";
    for (let i = 0; i < WARMUP * 10; i++) { await sdk(); await own(); }
    const empty = await interleave(ROUNDS * 4, sdk, own);
    const out = {
      sdkCpuUsPerCall: summary(answered.a),
      ownRequestCpuUsPerCall: summary(answered.b),
      moduleWorkCpuUs: diff(answered),
      moduleWorkEmptyAnswerCpuUs: diff(empty),
    };
    out.answerCheckCpuUs = out.moduleWorkCpuUs.median - out.moduleWorkEmptyAnswerCpuUs.median;
    log(`node, canned answer: module's work ${out.moduleWorkCpuUs.median.toFixed(1)} µs CPU per call (answer []: ${out.moduleWorkEmptyAnswerCpuUs.median.toFixed(1)}; the check of 24 types ~${out.answerCheckCpuUs.toFixed(1)})`);
    return out;
  } finally {
    globalThis.fetch = real;
  }
}

async function inNode() {
  const { LinkflowClient } = await import(nodeEntry("full"));
  const makeClient = (fetch) => new LinkflowClient({ baseUrl: base, ...CREDENTIALS, ...(fetch ? { fetch } : {}) });
  const client = makeClient();
  const seen = await sdkHeaders(makeClient);
  const measured = await measure("node", (n) => sdkRound(client, n), (n) => rawRound(seen.url, seen.headers, n), (n) => rawTimeoutRound(seen.url, seen.headers, n), (n) => rawAsSdkRound(seen.url, seen.headers, n));
  return { seen, ...measured, canned: await moduleWork(client, seen) };
}

async function inChromium() {
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "/index.html");
    await page.waitForFunction(() => window.bench || null, null, { timeout: 30000 }).catch(() => {
      throw new Error(`bench page did not come up: ${errors.join("; ") || "no page error"}`);
    });
    const seen = await page.evaluate(() => window.bench.seen);
    const side = (name) => (n) => page.evaluate(([name, n]) => window.bench[name](n), [name, n]);
    return { seen, ...(await measure("chromium", side("sdk"), side("raw"), side("rawTimeout"))) };
  } finally {
    await browser.close();
  }
}

const node = await inNode();
const chromium = await inChromium();
writeResult("overhead", {
  callsPerRound: N, roundsPerSide: ROUNDS, warmupRoundsPerSide: WARMUP,
  endpoint: "GET /channels/meta/types", node, chromium,
});
