// The scripts' command line (no server needed) and the shared lib's pieces.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EXAMPLES, run, scratch } from './helpers.mjs';

const lib = (name) => import(path.join(EXAMPLES, 'lib', name));
const SCRIPTS = ['export-contacts.mjs', 'export-events.mjs', 'import-events.mjs'];
const noCreds = () => {
  const env = { ...process.env };
  for (const k of ['LINKFLOW_BASE_URL', 'LINKFLOW_APP_KEY', 'LINKFLOW_APP_SECRET']) delete env[k];
  return env;
};

for (const script of SCRIPTS) {
  test(`${script} --help lists its usage, the common options and the exit codes`, async () => {
    const r = await run(script, ['--help'], { env: noCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: node ${script}`));
    for (const opt of ['--base-url', '--app-key', '--app-secret', '--out', '--progress', 'LINKFLOW_APP_KEY', 'Exit codes']) {
      assert.ok(r.stdout.includes(opt), `${opt} in --help`);
    }
  });

  test(`${script} without credentials is a usage error (exit 2) naming the flags and env vars`, async (t) => {
    const args = script === 'import-events.mjs' ? [path.join(scratch(t), 'x.ndjson')] : [];
    if (args.length) fs.writeFileSync(args[0], '');
    const r = await run(script, args, { env: noCreds() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--app-key.*LINKFLOW_APP_KEY/s);
  });
}

test('bad option values are usage errors (exit 2)', async () => {
  const env = { ...noCreds(), LINKFLOW_APP_KEY: 'k', LINKFLOW_APP_SECRET: 's' };
  for (const [script, args, want] of [
    ['export-events.mjs', ['--size', '0'], /--size must be an integer from 1/],
    ['export-events.mjs', ['--from-id', 'abc'], /--from-id/],
    ['export-contacts.mjs', ['--max-update-time', '2024-02-30'], /--max-update-time/],
    ['export-contacts.mjs', ['--progress', 'fancy'], /--progress must be one of/],
    ['import-events.mjs', ['/no/such/file.ndjson'], /no such file/],
    ['import-events.mjs', [], /exactly one input/],
  ]) {
    const r = await run(script, args, { env });
    assert.equal(r.code, 2, `${script} ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
  }
});

test('time: "yyyy-MM-dd HH:mm:ss" is Linkflow server time (UTC+8), both ways', async () => {
  const { formatCst, parseCst } = await lib('time.mjs');
  assert.equal(formatCst(1_504_488_623), '2017-09-04 09:30:23'); // the guide's token expiration example
  assert.equal(parseCst('2017-09-04 09:30:23'), 1_504_488_623);
  assert.equal(parseCst('1970-01-01'), -8 * 3600);
  assert.equal(parseCst('2024-02-30 00:00:00'), null);
  assert.equal(parseCst('2024-01-01 24:00:00'), null);
  assert.equal(formatCst(parseCst('2024-02-29 23:59:59')), '2024-02-29 23:59:59');
});

test('readLines: byte offsets let a read resume exactly (CRLF, UTF-8, no final newline)', async (t) => {
  const { readLines } = await lib('ndjson.mjs');
  const file = path.join(scratch(t), 'in.ndjson');
  fs.writeFileSync(file, '{"a":"é"}\r\n\n{"b":2}\n{"c":"末行"}');
  const all = [];
  for await (const l of readLines(file)) all.push(l);
  assert.deepEqual(all.map((l) => [l.lineNo, l.text]), [[1, '{"a":"é"}'], [2, ''], [3, '{"b":2}'], [4, '{"c":"末行"}']]);
  assert.equal(all.at(-1).end, fs.statSync(file).size);
  const rest = [];
  for await (const l of readLines(file, { start: all[1].end, firstLineNo: 3 })) rest.push(l);
  assert.deepEqual(rest, all.slice(2));
});

test('readLines: lines split across read chunks come out whole', async (t) => {
  const { readLines } = await lib('ndjson.mjs');
  const file = path.join(scratch(t), 'big.ndjson');
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat((i * 997) % 5000) }));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  let n = 0;
  for await (const l of readLines(file)) assert.equal(l.text, lines[n++]);
  assert.equal(n, 300);
});

test('lastCompleteLine: finds the last whole line behind an unfinished one, even past 64 KiB', async (t) => {
  const { lastCompleteLine } = await lib('ndjson.mjs');
  const dir = scratch(t);
  const f = path.join(dir, 'a.ndjson');
  const long = JSON.stringify({ id: 7, pad: 'y'.repeat(200_000) });
  fs.writeFileSync(f, `{"id":1}\n${long}\n{"id":8,"cut`);
  const r = await lastCompleteLine(f);
  assert.equal(r.line, long);
  assert.equal(r.end, Buffer.byteLength(`{"id":1}\n${long}\n`));
  fs.writeFileSync(f, '{"id":1}\r\n{"id":2');
  assert.deepEqual(await lastCompleteLine(f), { line: '{"id":1}', end: 10 }, 'the first line, CR dropped');
  fs.writeFileSync(f, '{"partial');
  assert.deepEqual(await lastCompleteLine(f), { line: null, end: 0 });
  assert.equal(await lastCompleteLine(path.join(dir, 'none')), null);
});

test('mapOrdered: results in input order, at most `limit` calls in flight', async () => {
  const { mapOrdered } = await lib('pool.mjs');
  let inflight = 0;
  let peak = 0;
  const got = [];
  for await (const v of mapOrdered([5, 1, 4, 2, 3, 0], 3, async (x) => {
    inflight += 1;
    peak = Math.max(peak, inflight);
    await new Promise((r) => setTimeout(r, x * 5));
    inflight -= 1;
    return x * 10;
  })) got.push(v);
  assert.deepEqual(got, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 3);
});

test('mapOrdered: a failure surfaces in order, without an unhandled rejection', async () => {
  const { mapOrdered } = await lib('pool.mjs');
  const got = [];
  await assert.rejects(async () => {
    for await (const v of mapOrdered([1, 2, 3], 3, async (x) => {
      if (x === 3) throw new Error('three');
      await new Promise((r) => setTimeout(r, 20));
      return x;
    })) got.push(v);
  }, /three/);
  assert.deepEqual(got, [1, 2]);
});

test('checkpoint: replaced atomically (no temporary file left), a corrupt one is an error', async (t) => {
  const { readCheckpoint, writeCheckpoint, truncateTo } = await lib('checkpoint.mjs');
  const dir = scratch(t);
  const f = path.join(dir, 'c.json');
  assert.equal(readCheckpoint(f), null);
  writeCheckpoint(f, { line: 1 });
  writeCheckpoint(f, { line: 2 });
  assert.deepEqual(readCheckpoint(f), { line: 2 });
  assert.deepEqual(fs.readdirSync(dir), ['c.json']);
  fs.writeFileSync(f, '{"line":');
  assert.throws(() => readCheckpoint(f), /not valid JSON/);
  const g = path.join(dir, 'g.txt');
  fs.writeFileSync(g, 'abcdef');
  truncateTo(g, 3);
  truncateTo(g, 10); // never grows a file
  assert.equal(fs.readFileSync(g, 'utf8'), 'abc');
});

test('NdjsonWriter: waits for drain instead of buffering (a stalled pipe holds the writer)', async (t) => {
  const { NdjsonWriter } = await lib('ndjson.mjs');
  const { spawnSync } = await import('node:child_process');
  const fifo = path.join(scratch(t), 'fifo');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo unavailable');
  // A reader that opens the FIFO but does not read for a while.
  const { spawn } = await import('node:child_process');
  const reader = spawn('sh', ['-c', `exec 3<"${fifo}"; sleep 1; cat <&3 >/dev/null`]);
  const w = new NdjsonWriter(fifo);
  await w.ready();
  const row = { pad: 'z'.repeat(1000) };
  let written = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < 300) {
    const p = w.write(row);
    const raced = await Promise.race([p.then(() => 'done'), new Promise((r) => setTimeout(() => r('blocked'), 50))]);
    written += 1;
    if (raced === 'blocked') break;
  }
  // The pipe (64 KiB) plus the stream's buffer (16 KiB) fill up after ~80 lines of 1 KB.
  assert.ok(written < 200, `the writer blocked after ${written} lines`);
  assert.ok(w.stream.writableLength < 64 * 1024);
  await w.close();
  reader.kill();
});
