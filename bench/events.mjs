// events.iterate over every seeded event (1,000,000; 100,000 in a quick run): events/s and
// the peak RSS growth of the Node process. Each run is a fresh `node` process (this file
// with --child) so that one run's garbage is not the next one's baseline. No --expose-gc,
// no forced collection: the figure is what a user's script gets.
// Baseline = RSS right after the client is constructed (the wasm module is instantiated by
// then); peak = the largest RSS sampled every 50 ms during the iteration.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { requireServer, nodeEntry, pick, summary, sampleRss, stats, writeResult, log, CREDENTIALS } from "./lib.mjs";

const PAGE_SIZE = 1000; // events per request, as examples/node/export-events.mjs does by default
const MB = 1024 * 1024;

async function child() {
  const { LinkflowClient } = await import(nodeEntry("full"));
  const client = new LinkflowClient({ baseUrl: requireServer(), ...CREDENTIALS });
  const baseline = process.memoryUsage.rss();
  const rss = sampleRss(50);
  let count = 0, lastId = 0;
  const t0 = performance.now();
  for await (const event of client.events.iterate({ size: PAGE_SIZE })) {
    count++;
    lastId = event.id; // touch each event as a user's loop would
  }
  const seconds = (performance.now() - t0) / 1000;
  const { peak, samples } = rss.stop();
  process.stdout.write(JSON.stringify({ count, lastId, seconds, baseline, peak, samples }) + "\n");
}

async function parent() {
  const expected = (await stats()).store.events;
  const runs = pick(Number(process.env.BENCH_EVENTS_RUNS ?? 2), 1);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child"], { encoding: "utf8", env: process.env, maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split("\n").pop());
    if (r.count !== expected) throw new Error(`iterated ${r.count} events, the stand-in holds ${expected}`);
    log(`events run ${i + 1}/${runs}: ${r.count} in ${r.seconds.toFixed(1)} s, RSS +${((r.peak - r.baseline) / MB).toFixed(1)} MB`);
    results.push(r);
  }
  writeResult("events", {
    events: expected, pageSize: PAGE_SIZE, runs,
    eventsPerSec: summary(results.map((r) => r.count / r.seconds)),
    seconds: summary(results.map((r) => r.seconds)),
    rssGrowthMB: summary(results.map((r) => (r.peak - r.baseline) / MB)),
    baselineMB: summary(results.map((r) => r.baseline / MB)),
    peakMB: summary(results.map((r) => r.peak / MB)),
    samples: results.map((r) => r.samples),
  });
}

await (process.argv.includes("--child") ? child() : parent());
