// Helpers of the ecosystem tier (tests/ecosystem/run.mjs and cases/*.mjs). run.sh prepares
// the shared install (DEPS: tests/ecosystem/package.json's pinned tools, with the packed
// linkflow-sdk tarball unpacked into DEPS/node_modules/linkflow-sdk) and starts the stand-in.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEPS = required("ECO_DEPS");
export const API = required("DEVSERVER_URL");
export const INSTALLED = path.join(DEPS, "node_modules/linkflow-sdk");
/** Every scratch project lives under DEPS, so Node-style resolution finds the shared node_modules. */
const CASES = path.join(DEPS, "cases");
export const PROBE = fs.readFileSync(path.join(HERE, "probe.js"), "utf8");
export { launchChromium } from "../chromium.mjs";

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests/ecosystem/run.sh`);
  return v;
}

/** Path of a tool of the shared install (node_modules/.bin/NAME). */
export const bin = (name) => path.join(DEPS, "node_modules/.bin", name);

/** The version in DEPS/node_modules/NAME/package.json. */
export const versionOf = (name) => JSON.parse(fs.readFileSync(path.join(DEPS, "node_modules", name, "package.json"), "utf8")).version;

/** Creates (anew) the scratch project NAME from { relativePath: text }; returns its directory. */
export function project(name, files) {
  const dir = path.join(CASES, name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/**
 * Source of a module that imports both entries the way `style` says, runs the probe and
 * hands the probe call (an expression) to `report`, which returns the code that runs it.
 *   style: "esm" | "cjs" | "npm:" (Deno's npm: specifiers)
 */
export function probeSource({ style = "esm", tag, server, report, fetchExpr, from }) {
  const spec = style === "npm:" ? "npm:linkflow-sdk" : "linkflow-sdk";
  // `from`: other specifiers of the two entries (a page without bundler imports their URLs).
  const [main, tracker] = from ?? [spec, `${spec}/tracker`];
  const head =
    style === "cjs"
      ? `const sdk = require("${main}");\nconst trackerSdk = require("${tracker}");\n`
      : `import * as sdk from "${main}";\nimport * as trackerSdk from "${tracker}";\n`;
  const opts = `{ baseUrl: ${JSON.stringify(API)}, tag: ${JSON.stringify(tag)}, server: ${server}${fetchExpr ? `, fetch: ${fetchExpr}` : ""} }`;
  return `${head}\n${PROBE}\n${report(`probe(sdk, trackerSdk, ${opts})`)}\n`;
}

/** A probe run as a script: prints `RESULT <json>` (or `ERROR <stack>`) and ends. */
export const printResult = (call) =>
  `${call}.then((r) => console.log("RESULT " + JSON.stringify(r)), (e) => { console.log("ERROR " + ((e && e.stack) || e)); })` +
  `.finally(() => setTimeout(() => (globalThis.Deno ? Deno.exit(0) : process.exit(0)), 50));`;

/**
 * Checks a probe result: the API answered, errors are LinkflowErrors, iterators work with
 * `for await`, and appSecret is accepted on servers and refused in browsers.
 */
export function expectProbe(result, { server }) {
  const problems = [];
  if (!result || typeof result !== "object") throw new Error(`no probe result: ${JSON.stringify(result)}`);
  if (result.error) throw new Error(`the probe threw: ${result.error}`);
  if (result.channelTypes !== 24) problems.push(`channelTypes ${result.channelTypes} (want 24)`);
  if (result.validation !== "LinkflowError") problems.push(`validation error: ${result.validation}`);
  if (!result.asyncIterable) problems.push("iterate() is not async-iterable");
  if (!(result.iterated >= 12)) problems.push(`iterated ${result.iterated} contacts (want >= 12)`);
  const want = server ? "accepted" : "refused";
  if (result.appSecret !== want) problems.push(`appSecret ${result.appSecret} (want ${want})`);
  if (result.tracked !== true) problems.push("tracker did not flush");
  if (problems.length) throw new Error(`${problems.join("; ")}\nresult: ${JSON.stringify(result)}`);
  return result;
}

/** Runs a command; resolves to { code, out } (stdout + stderr), never rejects on exit code. */
export function run(cmd, args, { cwd, env = {}, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (out += c));
    const timer = setTimeout(() => {
      out += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, out });
    });
  });
}

/** Like run() but throws with the output when the command fails. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.code}):\n${tail(r.out)}`);
  return r;
}

/** Runs a probe script (see printResult) and returns its parsed RESULT. */
export async function runProbe(cmd, args, opts) {
  const r = await run(cmd, args, { timeoutMs: 120_000, ...opts });
  const m = /^RESULT (.*)$/m.exec(r.out);
  if (!m) throw new Error(`${path.basename(cmd)} ${args.join(" ")} printed no RESULT (exit ${r.code}):\n${tail(r.out)}`);
  return JSON.parse(m[1]);
}

export const tail = (text, lines = 40) => text.trimEnd().split("\n").slice(-lines).join("\n");

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running command (a dev server) and waits until GET `url` answers with a
 * status below 500 (or `until(res)` says so); resolves to { stop(), log() }. The child is
 * stopped by its PID, with its process group (wrangler and next start helpers).
 */
export async function startServer(cmd, args, { cwd, env = {}, url, timeoutMs = 120_000 }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
  child.stderr.setEncoding("utf8").on("data", (c) => (out += c));
  let exited = false;
  child.on("exit", () => (exited = true));
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once("exit", resolve);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited before answering:\n${tail(out)}`);
    const status = await httpStatus(url);
    if (status !== null && status < 500) return { stop, log: () => out };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${tail(out)}`);
}

/** GET url: the status, or null when nothing answers. */
function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 60_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", () => resolve(null));
    req.on("timeout", () => {
      req.destroy();
      resolve(null);
    });
  });
}

/** GET url as JSON (throws with the body when the status is not 2xx). */
export async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}\n${tail(text)}`);
  return JSON.parse(text);
}

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close() }. */
export function serveStatic(dir) {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, "index.html") : file;
    fs.readFile(target, (err, data) => {
      if (err) return res.writeHead(404).end("not found");
      res.writeHead(200, { "content-type": MIME[path.extname(target)] ?? "application/octet-stream" }).end(data);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) })),
  );
}

/**
 * Opens `url` in a new page of `browser` and waits for every `#id` in `ids` to hold JSON;
 * returns { id: parsed }. Page errors come with the failure.
 */
export async function pageResults(browser, url, ids = ["result"], { timeoutMs = 60_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  try {
    await page.goto(url);
    const out = {};
    for (const id of ids) {
      const handle = await page
        .waitForFunction((i) => document.getElementById(i)?.textContent || null, id, { timeout: timeoutMs })
        .catch((e) => {
          throw new Error(`${url}: no #${id} within ${timeoutMs} ms (${e.message})\n${problems.join("\n")}`);
        });
      out[id] = JSON.parse(await handle.jsonValue());
    }
    return out;
  } finally {
    await page.close();
  }
}

/** The page shell of the browser cases: reports load errors into #result. */
export function htmlPage(script) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>linkflow-sdk ecosystem</title></head>
<body><pre id="result"></pre>
<script>
  const report = (error) => { const out = document.getElementById("result"); if (out && !out.textContent) out.textContent = JSON.stringify({ error: String(error) }); };
  addEventListener("error", (e) => report(e.message || e.error));
  addEventListener("unhandledrejection", (e) => report(e.reason && (e.reason.stack || e.reason)));
</script>
<script type="module" src="${script}"></script></body></html>
`;
}

/** A probe for a page: writes its result (or error) as JSON into #result. */
export const pageReport = (call) =>
  `${call}.catch((e) => ({ error: String((e && e.stack) || e) })).then((r) => { document.getElementById("result").textContent = JSON.stringify(r); });`;

/** How many tracker messages the stand-in's collector accepted so far. */
export async function collectorAccepted() {
  return (await getJson(`${API}/__admin/stats`)).collectorAccepted;
}
