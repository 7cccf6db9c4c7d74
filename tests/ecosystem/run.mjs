// The ecosystem tier's runner (started by run.sh): every case of cases/*.mjs in order, one at a
// time (bundlers and browsers are heavy for 2 cores), then a summary table of environment,
// tool version, result and time, and the closing line "N passed, N failed".
// ECO_ONLY=name,name runs only those cases (substring match).
import { cases as runtimes } from "./cases/runtimes.mjs";
import { cases as testRunners } from "./cases/test-runners.mjs";
import { cases as browsers } from "./cases/browsers.mjs";
import { cases as nextjs } from "./cases/nextjs.mjs";
import { collectorAccepted, launchChromium } from "./lib.mjs";

const all = [...runtimes, ...testRunners, ...browsers, ...nextjs];
const only = (process.env.ECO_ONLY ?? "").split(",").filter(Boolean);
const selected = only.length ? all.filter((c) => only.some((o) => c.name.includes(o))) : all;
if (!selected.length) throw new Error(`ECO_ONLY=${process.env.ECO_ONLY} matches no case`);

let browser;
const ctx = {
  /** The shared headless Chromium, launched on first use. */
  browser: async () => (browser ??= await launchChromium()),
};

const rows = [];
for (const c of selected) {
  const t0 = Date.now();
  let version = "?";
  let error = null;
  process.stdout.write(`\n--- ${c.name}\n`);
  try {
    version = await c.version(ctx);
    const before = await collectorAccepted();
    await c.run(ctx);
    // Every probe flushes one tracked event: the collector must have accepted them.
    const sent = (await collectorAccepted()) - before;
    const want = c.tracked ?? 1;
    if (sent < want) throw new Error(`the stand-in's collector accepted ${sent} tracker messages (want >= ${want})`);
  } catch (e) {
    error = e;
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  rows.push({ name: c.name, tool: `${c.tool} ${version}`, ok: !error, seconds, note: c.note ?? "" });
  if (error) console.log(`FAIL ${c.name} (${seconds} s)\n${String(error.stack ?? error).replace(/^/gm, "    ")}`);
  else console.log(`ok   ${c.name} (${seconds} s)`);
}
await browser?.close();

const width = (k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
const [wn, wt] = [width("name"), width("tool")];
console.log(`\n${"case".padEnd(wn)}  ${"tool".padEnd(wt)}  result  time`);
for (const r of rows) console.log(`${r.name.padEnd(wn)}  ${r.tool.padEnd(wt)}  ${r.ok ? "pass  " : "FAIL  "}  ${r.seconds.padStart(5)} s${r.note ? `  (${r.note})` : ""}`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`\necosystem: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
