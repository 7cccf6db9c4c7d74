// Where a Node call's time goes (issue 15): `node --cpu-prof` of N sequential
// `client.channels.types()` and, in another process, of N hand-written `fetch` + `json()` of
// the same URL; each profile's self time is sorted into a few buckets and divided by N, so
// the difference says what the SDK adds and where. CPU profiles are sampled (every 100 µs):
// on a loaded machine each bucket moves by several µs between runs; the structure is what
// to read. Also counted, exactly: the calls from the wasm module into JS per call and per
// event of `events.iterate` (a copy of the Node glue that counts its imports), the number
// each crossing-level change moves.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { requireServer, PKG, OUT, pick, writeResult, log, CREDENTIALS } from "./lib.mjs";
import { ownRequest } from "./www/rounds.mjs";
import { countImports, countingCopy } from "../tests/count-imports.mjs";

const N = pick(4000, 500);
const base = requireServer();

// --- child: one profiled loop -----------------------------------------------------------------
async function child(kind, n, entry) {
  const { LinkflowClient } = await import(entry);
  const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
  const { token } = await client.token();
  const url = `${base}/channels/meta/types`;
  const headers = { accept: "application/json", "x-openapi-token": token };
  // `ownRequest`: the SDK's own fetch call by hand, so undici's share of the SDK profile can
  // be told from what its request shape costs there.
  const one = { sdk: () => client.channels.types(), ownRequest: () => ownRequest(url, headers), raw: async () => (await fetch(url, { headers })).json() }[kind];
  for (let i = 0; i < 300; i++) await one(); // warm-up, outside the measure below
  // The profile's clock is CLOCK_MONOTONIC in µs, as hrtime's: only samples in between count.
  const from = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < n; i++) await one();
  const to = Number(process.hrtime.bigint() / 1000n);
  process.stdout.write(JSON.stringify({ from, to }) + "\n");
}

// --- parent -----------------------------------------------------------------------------------
const entryOf = (pkg) => pathToFileURL(join(pkg, "node/index.mjs")).href;

function profile(kind) {
  const dir = join(OUT, `profile-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  const out = execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", dir, fileURLToPath(import.meta.url), "--child", kind, String(N), entryOf(PKG)], { encoding: "utf8", env: process.env });
  const window = JSON.parse(out.trim().split("\n").pop());
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  return { wallUsPerCall: (window.to - window.from) / N, window, profile: JSON.parse(readFileSync(join(dir, file), "utf8")) };
}

/** The bucket of a profile node (self time), given the glue's source lines and the wasm modules undici owns. */
function bucketOf(frame, glue, foreignWasm) {
  const { url, functionName: fn, lineNumber } = frame;
  if (url.startsWith("wasm://")) return foreignWasm.has(url) ? "fetch (undici, Node streams)" : "SDK wasm code";
  if (url.includes("linkflow_sdk.js")) {
    // The web glue (what the Node ES module entry runs) is minified onto one line: the
    // function's own text starts at its column there.
    const lines = url.includes("/web/") ? glue.web : glue.node;
    const line = lines[lineNumber] ?? "";
    const body = line.length > 1000 ? line.slice(frame.columnNumber, frame.columnNumber + 200) : `${line}\n${lines[lineNumber + 1] ?? ""}`;
    return body.includes("JSON.parse") ? "JSON.parse (SDK) / res.json() (raw)" : "SDK JS glue";
  }
  if (url.includes("/pkg/")) return "SDK JS glue";
  if (fn.startsWith("wasm-to-js") || fn.startsWith("js-to-wasm") || fn.includes("JSToWasm")) return "SDK JS glue";
  if (fn === "parseJSONFromBytes" || (fn === "decode" && url.includes("encoding"))) return "JSON.parse (SDK) / res.json() (raw)";
  if (fn === "(garbage collector)") return "garbage collector";
  if (fn === "(idle)") return "idle (waiting for the stand-in)";
  if (fn === "(program)" || fn === "(root)") return "V8 (program)";
  if (fn === "writeLatin1String" || fn === "writev" || fn === "writeBuffer" || url === "") return "native (socket writes, builtins)";
  if (url.includes("abort_controller") || url.includes("timers") || url.includes("event_target")) return "AbortController, timers, events";
  return "fetch (undici, Node streams)";
}

/** Self time within the loop's window, µs per call, summed by `keyOf(callFrame)`. */
function selfTimes({ profile, window }, keyOf) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < window.from || t > window.to) return;
    const key = keyOf(byId.get(id).callFrame);
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / N);
  });
  return out;
}

const buckets = (run, glue, foreignWasm) => Object.fromEntries(selfTimes(run, (frame) => bucketOf(frame, glue, foreignWasm)));

/** Self time per function (name and file; the wasm module's functions by index unless it keeps its name section). */
const byFunction = (run) => selfTimes(run, ({ functionName, url }) => `${functionName || "(anonymous)"} ${url.replace(/.*\//, "")}`);

/** The `k` functions whose self time the SDK's loop adds most over `other`'s, µs per call. */
function topAdded(sdk, other, k = 15) {
  const s = byFunction(sdk), o = byFunction(other);
  return [...s.keys()]
    .map((name) => ({ name, sdkUs: s.get(name), addedUs: s.get(name) - (o.get(name) ?? 0) }))
    .sort((a, b) => b.addedUs - a.addedUs)
    .slice(0, k);
}

/** The wasm modules that ran in the window of a raw run: undici's (the SDK's module is loaded, for the token, but idle). */
const wasmUrls = (run) => new Set([...selfTimes(run, (frame) => frame.url).keys()].filter((url) => url.startsWith("wasm://")));

/**
 * Crossings (wasm → JS import calls) per call and per event, with a counting copy of the glue
 * the Node ES module entry loads (the web glue, `node/index.mjs` imports it; the CommonJS
 * glue in `node/` is another instance). Every `new WebAssembly.Instance(module, imports)` of
 * the copied glues gets its imports wrapped; when none is found the count is `null` (the
 * report then says "not counted"), never a silent 0.
 */
function crossings() {
  const copy = join(OUT, "pkg-counting");
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  const hooked = countingCopy(PKG, copy, ["web/linkflow_sdk.js", "node/linkflow_sdk.js"]);
  if (hooked === 0) return null; // the glue changed shape: not counted
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--count", entryOf(copy)], { encoding: "utf8", env: process.env });
  const r = JSON.parse(out.trim().split("\n").pop());
  // The SDK cannot make a call without crossing into JS (fetch at least): 0 means the
  // counting hook did not reach the instance the entry uses.
  return r.perCall > 0 ? r : null;
}

async function countChild(entry) {
  let count = 0;
  countImports(() => count++);
  const { LinkflowClient } = await import(entry);
  const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
  await client.token();
  for (let i = 0; i < 10; i++) await client.channels.types();
  count = 0;
  for (let i = 0; i < 100; i++) await client.channels.types();
  const perCall = count / 100;
  // The bench stand-in holds 10 events per contact for a few contacts only; what is there.
  let events = 0;
  count = 0;
  for await (const e of client.events.iterate({ size: 1000 })) { if (e && ++events >= 5000) break; }
  process.stdout.write(JSON.stringify({ perCall, perEvent: events ? count / events : null, events }) + "\n");
}

async function parent() {
  const sdk = profile("sdk"), raw = profile("raw"), own = profile("ownRequest");
  const glue = { web: readFileSync(join(PKG, "web/linkflow_sdk.js"), "utf8").split("\n"), node: readFileSync(join(PKG, "node/linkflow_sdk.js"), "utf8").split("\n") };
  const foreign = wasmUrls(raw); // the wasm a plain fetch runs is undici's (llhttp)
  const s = buckets(sdk, glue, foreign), r = buckets(raw, glue, foreign), o = buckets(own, glue, foreign);
  const names = [...new Set([...Object.keys(s), ...Object.keys(r), ...Object.keys(o)])].sort((a, b) => ((s[b] ?? 0) - (r[b] ?? 0)) - ((s[a] ?? 0) - (r[a] ?? 0)));
  const rows = names.map((name) => ({ name, sdkUs: s[name] ?? 0, rawUs: r[name] ?? 0, ownRequestUs: o[name] ?? 0 }));
  const counted = existsSync(join(PKG, "node/linkflow_sdk.js")) ? crossings() : null;
  log(`profile: sdk ${sdk.wallUsPerCall.toFixed(0)} µs/call, raw ${raw.wallUsPerCall.toFixed(0)} µs/call, the SDK's own fetch call by hand ${own.wallUsPerCall.toFixed(0)} µs/call; crossings ${counted ? `${counted.perCall}/call, ${counted.perEvent?.toFixed(1)}/event` : "not counted"}`);
  // Where the SDK's extra µs go over its own request by hand, function by function (issue 15
  // round four): what the buckets above do not say.
  const addedOverOwnRequest = topAdded(sdk, own);
  log(`profile: most added over the SDK's own request by hand (µs/call self time): ${addedOverOwnRequest.slice(0, 5).map((f) => `${f.name} ${f.addedUs.toFixed(1)}`).join(", ")}`);
  writeResult("profile", { calls: N, sdkWallUsPerCall: sdk.wallUsPerCall, rawWallUsPerCall: raw.wallUsPerCall, ownRequestWallUsPerCall: own.wallUsPerCall, rows, addedOverOwnRequest, crossings: counted });
}

const at = process.argv.indexOf("--child");
const count = process.argv.indexOf("--count");
if (at >= 0) await child(process.argv[at + 1], Number(process.argv[at + 2]), process.argv[at + 3]);
else if (count >= 0) await countChild(process.argv[count + 1]);
else await parent();
