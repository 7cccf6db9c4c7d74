// Helpers for the tests of the packed npm package (tests/package/*.test.mjs).
// run.sh prepares the scratch space (npm pack + install into a consumer project) and
// exports the paths below; the defaults let `node --test tests/package/` run again after it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCRATCH = process.env.LINKFLOW_PKG_SCRATCH ?? path.join(ROOT, "tests/.scratch/package");
export const CONSUMER = path.join(SCRATCH, "consumer");
export const INSTALLED = path.join(CONSUMER, "node_modules/linkflow-sdk");
export const DEVSERVER_BIN = process.env.LINKFLOW_DEVSERVER_BIN ?? path.join(ROOT, "target/debug/linkflow-devserver");
export const BIN = path.join(ROOT, "node_modules/.bin");
export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from "../chromium.mjs";

if (!fs.existsSync(path.join(INSTALLED, "package.json"))) {
  throw new Error(`${INSTALLED} is missing: run tests/package/run.sh (it packs pkg/ and installs it there)`);
}

/**
 * Starts linkflow-devserver on a free port with extra CLI arguments; resolves to
 * { url, pid, stop() } once it printed "listening on http://...".
 */
export function startDevserver(args = [], { timeoutMs = 30_000 } = {}) {
  if (!fs.existsSync(DEVSERVER_BIN)) throw new Error(`devserver binary not found: ${DEVSERVER_BIN}`);
  const child = spawn(DEVSERVER_BIN, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`devserver did not print its URL within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stdout.resume();
        const url = m[1].replace(/\/$/, "");
        resolve({ url, pid: child.pid, log: () => log, stop: () => stopChild(child) });
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", (c) => (log += c));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`devserver exited (${code ?? signal}) before it was ready:\n${log}`));
    });
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".map": "application/json",
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close() }. */
export function serveStatic(dir) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(dir, urlPath);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${urlPath}`);
        return;
      }
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Runs a command; resolves to { code, stdout, stderr } (never rejects on exit code). */
export function run(cmd, args, { cwd = CONSUMER, env = {}, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** Like run() but throws with the output when the command fails. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/**
 * Opens `url` in a fresh page of `browser`, waits until the element #result has text and
 * returns it parsed as JSON, with the page's console errors for diagnostics.
 */
export async function resultOfPage(browser, url, { timeoutMs = 30_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  try {
    await page.goto(url);
    const handle = await page
      .waitForFunction(() => document.getElementById("result")?.textContent || null, null, { timeout: timeoutMs })
      .catch((e) => {
        throw new Error(`${url}: no #result within ${timeoutMs} ms (${e.message})\n${problems.join("\n")}`);
      });
    const text = await handle.jsonValue();
    try {
      return { result: JSON.parse(text), problems };
    } catch {
      throw new Error(`${url}: #result is not JSON: ${text}\n${problems.join("\n")}`);
    }
  } finally {
    await page.close();
  }
}
