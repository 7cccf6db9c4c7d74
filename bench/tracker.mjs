// The tracker in headless Chromium, tracker-only entry, the stand-in as collector:
//   - cost of track() per event: rounds of 1,000 calls timed in the page (below the
//     5,000-message queue cap, so nothing is dropped), a flush between rounds, untimed;
//     that burst shares one deferred queue save among its calls, so also: events one per
//     task with the save each causes, minus the same loop without track() (interleaved);
//   - bytes on the wire per batch of exactly 50 typical events: the request body the page
//     sends to POST /api/sdk/v2/batch_messages, as Chromium reports it.
import { gzipSync } from "node:zlib";
import { launchChromium } from "../tests/chromium.mjs";
import { requireServer, pick, summary, interleave, stats, writeResult, log } from "./lib.mjs";

const PER_ROUND = 1000;
const ROUNDS = pick(10, 3); // 10 × 1,000 = 10,000 timed track() calls
const SPACED = pick(500, 200); // events per spaced round
const SPACED_ROUNDS = pick(8, 2); // per side
const BATCH = 50;
const BATCH_RUNS = pick(5, 2);
const base = requireServer();

async function openTrackerPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/tracker.html");
  await page.waitForFunction(() => window.bench || null, null, { timeout: 30000 }).catch(() => {
    throw new Error(`tracker page did not come up: ${errors.join("; ") || "no page error"}`);
  });
  return { context, page, errors };
}

async function trackCost(browser) {
  const { context, page, errors } = await openTrackerPage(browser);
  try {
    const before = await stats();
    await page.evaluate((n) => window.bench.trackRound(n), PER_ROUND); // warm-up
    const us = [];
    for (let r = 0; r < ROUNDS; r++) us.push((await page.evaluate((n) => window.bench.trackRound(n), PER_ROUND)) * 1000 / PER_ROUND);
    const spaced = (track) => () => page.evaluate(([n, track]) => window.bench.spacedRound(n, track), [SPACED, track]);
    await spaced(true)(); // warm-up
    const s = await interleave(SPACED_ROUNDS, spaced(true), spaced(false));
    const after = await stats();
    if (errors.length) throw new Error(errors.join("; "));
    return {
      usPerEvent: summary(us),
      spaced: {
        perRound: SPACED, rounds: SPACED_ROUNDS,
        usPerEvent: summary(s.a.map((ms, i) => ((ms - s.b[i]) * 1000) / SPACED)),
        loopOnlyUsPerEvent: summary(s.b.map((ms) => (ms * 1000) / SPACED)),
      },
      callsTimed: ROUNDS * PER_ROUND,
      collectorAccepted: after.collectorAccepted - before.collectorAccepted,
      collectorBatches: after.collectorBatches - before.collectorBatches,
    };
  } finally {
    await context.close();
  }
}

async function batchBytes(browser) {
  const { context, page } = await openTrackerPage(browser);
  try {
    const sent = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/sdk/v2/batch_messages")) sent.push({ body: req.postDataBuffer() ?? Buffer.alloc(0), headers: req.headers() });
    });
    await page.evaluate((n) => window.bench.batch(n), BATCH);
    if (sent.length !== 1) throw new Error(`expected one collector request for ${BATCH} events, saw ${sent.length}`);
    const { body, headers } = sent[0];
    const messages = JSON.parse(body.toString("utf8")).messages?.length;
    if (messages !== BATCH) throw new Error(`the batch held ${messages} messages, expected ${BATCH}`);
    return { bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length, headers, sample: body.toString("utf8") };
  } finally {
    await context.close();
  }
}

const browser = await launchChromium();
let cost, batches = [];
try {
  cost = await trackCost(browser);
  for (let i = 0; i < BATCH_RUNS; i++) batches.push(await batchBytes(browser));
} finally {
  await browser.close();
}

const h = batches[0].headers;
const out = {
  track: { perRound: PER_ROUND, rounds: ROUNDS, ...cost },
  batch: {
    events: BATCH, runs: BATCH_RUNS,
    bodyBytes: summary(batches.map((b) => b.bytes)),
    gzipBytesIfCompressed: summary(batches.map((b) => b.gzipBytes)),
    contentType: h["content-type"] ?? null,
    contentEncoding: h["content-encoding"] ?? null, // null: the body goes uncompressed
    sampleBody: batches[0].sample,
  },
};
log(`tracker: track() ${out.track.usPerEvent.median.toFixed(1)} µs/event in bursts, ${out.track.spaced.usPerEvent.median.toFixed(1)} µs one per task; ${BATCH}-event batch ${out.batch.bodyBytes.median} B (${out.batch.contentEncoding ?? "uncompressed"})`);
writeResult("tracker", out);
