// Shared by the example-script tests: run a script, talk to the stand-in server directly
// (its admin API, and the Open API with plain fetch: an oracle independent of the SDK).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES = path.join(ROOT, 'examples/node');
export const BASE = process.env.LINKFLOW_BASE_URL?.replace(/\/$/, '');
export const KEY = process.env.LINKFLOW_APP_KEY ?? 'demo-key';
export const SECRET = process.env.LINKFLOW_APP_SECRET ?? 'demo-secret';

/** `skip` option for tests that need the server (set by tests/examples/run.sh). */
export const needServer = BASE ? false : 'LINKFLOW_BASE_URL not set: run tests/examples/run.sh';

/** The environment a script gets: the connection settings, no progress timer noise. */
export function scriptEnv(extra = {}) {
  return {
    ...process.env,
    LINKFLOW_BASE_URL: BASE ?? '',
    LINKFLOW_APP_KEY: KEY,
    LINKFLOW_APP_SECRET: SECRET,
    ...extra,
  };
}

/** Starts `node examples/node/<script> ...args`; returns the child with .result (a promise). */
export function start(script, args = [], { env = scriptEnv(), stdin = null } = {}) {
  const child = spawn(process.execPath, [path.join(EXAMPLES, script), ...args], {
    cwd: EXAMPLES,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  if (stdin != null) child.stdin.end(stdin);
  else child.stdin.end();
  child.result = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return child;
}

/** Runs a script to its end: { code, signal, stdout, stderr }. */
export function run(script, args, opts) {
  return start(script, args, opts).result;
}

/** A fresh scratch directory, removed after the test `t` (or at exit). */
export function scratch(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-examples-'));
  const rm = () => fs.rmSync(dir, { recursive: true, force: true });
  if (t) t.after(rm);
  else process.on('exit', rm);
  return dir;
}

async function json(res) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${res.url}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** POST /__admin/<what> with a JSON body. */
export async function admin(what, body = {}) {
  return json(await fetch(`${BASE}/__admin/${what}`, { method: 'POST', body: JSON.stringify(body) }));
}

/** Back to the seeded state, faults off. */
export const resetServer = () => admin('reset', {});

let token = null;
/** GET an Open API path with a token (fetched once, the guide's headers). */
export async function api(pathname, query = {}) {
  token ??= (await json(await fetch(`${BASE}/token`, { headers: { 'X-OpenApi-Key': KEY, 'X-OpenApi-Secret': SECRET } }))).token;
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return json(await fetch(`${BASE}${pathname}?${qs}`, { headers: { 'X-OpenApi-Token': token } }));
}

/** PUT an Open API path with a token. */
export async function apiPut(pathname, body) {
  await api('/events/lite', { lastMaxId: 0, size: 1 }); // makes sure we hold a token
  return json(
    await fetch(`${BASE}${pathname}`, {
      method: 'PUT',
      headers: { 'X-OpenApi-Token': token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Every contact id the server holds, ascending (GET /contacts has no window limit). */
export async function serverContactIds() {
  const ids = [];
  for (let page = 0; ; page++) {
    const got = await api('/contacts', { page, size: 5000 });
    ids.push(...got.map((c) => c.id));
    if (got.length < 5000) return ids;
  }
}

/** Every event the server holds with id > fromId, ascending. */
export async function serverEvents(fromId = 0) {
  const all = [];
  for (let cursor = fromId; ; ) {
    const got = await api('/events/lite', { lastMaxId: cursor, size: 10000 });
    if (!got.length) return all;
    all.push(...got);
    cursor = got[got.length - 1].id;
  }
}

/** The largest event id now (0 when none). */
export async function maxEventId() {
  let id = 0;
  for (let cursor = 0; ; ) {
    const got = await api('/events/lite', { lastMaxId: cursor, size: 10000 });
    if (!got.length) return id;
    id = got[got.length - 1].id;
    cursor = id;
  }
}

/** The values of NDJSON text. */
export function ndjson(text) {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export const readNdjson = (file) => ndjson(fs.readFileSync(file, 'utf8'));

/** Resolves when `check()` is truthy (polling), rejects after `ms`. */
export async function until(check, ms = 20_000, every = 10) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, every));
  }
}
