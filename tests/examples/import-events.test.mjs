// import-events.mjs against the stand-in: rejects, retries, and a SIGKILLed run resumed
// from its checkpoint with every line imported and duplicates only within the batch that
// was in flight (which the script announces).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { admin, maxEventId, needServer, readNdjson, resetServer, run, scratch, serverEvents, start, until } from './helpers.mjs';

const opts = { skip: needServer };

before(async () => {
  if (!needServer) await resetServer();
});

/** An input file of `n` UDE bodies tagged with a fresh event code; attr1 = "L<line>". */
function makeInput(dir, n, { extra = [] } = {}) {
  const code = `UDE_TEST_${randomUUID().slice(0, 8).toUpperCase()}`;
  const lines = [];
  for (let i = 1; i <= n; i++) {
    lines.push(JSON.stringify({ event: code, channelId: 'example.com', externalId: `u${String(i % 97).padStart(6, '0')}`, attr1: `L${i}`, attr2: i }));
  }
  for (const [at, text] of extra) lines.splice(at - 1, 0, text); // `text` becomes line `at`
  const file = path.join(dir, 'events.ndjson');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, code, lines };
}

/** How many times each line number was imported: Map<line, count>. */
async function importedLines(code, after) {
  const counts = new Map();
  for (const e of await serverEvents(after)) {
    if (e.event !== code) continue;
    const line = e.attr1; // "L<n>" (the input's numbering, without extra lines)
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

const summary = (stderr) => {
  const m = /sent ([\d,]+), rejected ([\d,]+), retried ([\d,]+)/.exec(stderr);
  assert.ok(m, stderr);
  return { sent: Number(m[1].replace(/,/g, '')), rejected: Number(m[2].replace(/,/g, '')), retried: Number(m[3].replace(/,/g, '')) };
};

test('imports every line once; malformed lines go to rejects with their error; exit code non-zero', opts, async (t) => {
  const dir = scratch(t);
  const { file, code } = makeInput(dir, 120, {
    extra: [
      [5, '{"event": "X", "channelId": '], // not JSON
      [10, '[1, 2, 3]'], // not an object
      [20, '{"channelId":"example.com","externalId":"u1"}'], // no event: the SDK's validation
      [30, ''], // blank: skipped, not an error
    ],
  });
  const after = await maxEventId();
  const out = path.join(dir, 'created.ndjson');
  const r = await run('import-events.mjs', [file, '--out', out]);
  assert.equal(r.code, 3, r.stderr);
  assert.deepEqual(summary(r.stderr), { sent: 120, rejected: 3, retried: 0 });

  const rejects = readNdjson(`${file}.rejects.ndjson`);
  assert.deepEqual(rejects.map((x) => [x.line, x.error.kind]), [[5, 'parse'], [10, 'validation'], [20, 'validation']]);
  assert.ok(rejects.every((x) => typeof x.error.message === 'string' && typeof x.input === 'string'));
  assert.equal(rejects[2].input, '{"channelId":"example.com","externalId":"u1"}');

  const counts = await importedLines(code, after);
  assert.equal(counts.size, 120);
  assert.ok([...counts.values()].every((n) => n === 1));
  const created = readNdjson(out);
  assert.equal(created.length, 120);
  assert.ok(created.every((c) => Number.isInteger(c.line) && c.event && c.event.event === code));

  // A rerun finds the checkpoint done and sends nothing.
  const again = await run('import-events.mjs', [file, '--out', out]);
  assert.equal(again.code, 3);
  assert.match(again.stderr, /already imported/);
  assert.equal((await importedLines(code, after)).size, 120);
});

test('an import killed with SIGKILL resumes from its checkpoint: every line imported, duplicates only in the in-flight batch, and it says so', opts, async (t) => {
  const dir = scratch(t);
  const N = 1500;
  const BATCH = 50;
  const { file, code } = makeInput(dir, N);
  const ckpt = `${file}.checkpoint.json`;
  const out = path.join(dir, 'created.ndjson');
  const after = await maxEventId();
  const args = [file, '--out', out, '--batch-size', String(BATCH), '--concurrency', '4', '--progress', 'none'];

  await admin('faults', { latencyMs: 5, paths: ['/ude'] });
  let saved;
  try {
    const child = start('import-events.mjs', args);
    saved = await until(() => {
      try {
        const s = JSON.parse(fs.readFileSync(ckpt, 'utf8'));
        return s.line >= 300 && s.inflight ? s : null;
      } catch {
        return null;
      }
    });
    child.kill('SIGKILL');
    const killed = await child.result;
    assert.equal(killed.signal, 'SIGKILL');
  } finally {
    await admin('faults', { reset: true });
  }
  saved = JSON.parse(fs.readFileSync(ckpt, 'utf8')); // the state at the moment of the kill
  assert.ok(saved.line < N, 'killed midway');

  const r = await run('import-events.mjs', args);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`resuming .* after line ${saved.line.toLocaleString('en-US')}`));
  const counts = await importedLines(code, after);
  for (let i = 1; i <= N; i++) assert.ok(counts.get(`L${i}`) >= 1, `line ${i} imported`);
  const doubled = [...counts].filter(([, n]) => n > 1).map(([l]) => Number(l.slice(1)));
  assert.ok([...counts.values()].every((n) => n <= 2));
  if (saved.inflight) {
    const { fromLine, toLine, events } = saved.inflight;
    assert.match(r.stderr, new RegExp(`lines ${fromLine}-${toLine} were in flight .* up to ${events} of those events may now exist twice`));
    assert.ok(events <= BATCH);
    assert.ok(doubled.every((l) => l >= fromLine && l <= toLine), `duplicates ${doubled} within ${fromLine}-${toLine}`);
    assert.ok(doubled.length <= events);
  } else {
    // Killed between two batches (rare): nothing was in flight, so nothing is doubled.
    assert.match(r.stderr, /no batch was in flight/);
    assert.equal(doubled.length, 0);
  }
  const s = summary(r.stderr);
  assert.equal(s.sent, N, 'counts cover both runs');
  // The --out file keeps one line per input line: what the killed run wrote past its
  // checkpoint was cut, and the resumed run wrote it again.
  const created = readNdjson(out).map((c) => c.line);
  assert.deepEqual(created, Array.from({ length: N }, (_, i) => i + 1));
});

test('transient failures (503) are retried by the script and counted as retried', opts, async (t) => {
  const dir = scratch(t);
  const { file, code } = makeInput(dir, 200);
  const after = await maxEventId();
  await admin('faults', { failRate: 0.25, failStatus: 503, paths: ['/ude'] });
  let r;
  try {
    r = await run('import-events.mjs', [file, '--out', path.join(dir, 'out.ndjson'), '--retries', '10', '--retry-delay-ms', '5']);
  } finally {
    await admin('faults', { reset: true });
  }
  assert.equal(r.code, 0, r.stderr);
  const s = summary(r.stderr);
  assert.equal(s.sent, 200);
  assert.equal(s.rejected, 0);
  assert.ok(s.retried > 0, 'some lines needed another attempt');
  // Injected failures are answered before the server acts, so nothing is doubled.
  const counts = await importedLines(code, after);
  assert.equal(counts.size, 200);
  assert.ok([...counts.values()].every((n) => n === 1));
});

test('a server that fails every request: the run stops (exit 1) without rejecting lines; the rerun resumes', opts, async (t) => {
  const dir = scratch(t);
  const { file, code } = makeInput(dir, 60);
  const after = await maxEventId();
  const args = [file, '--out', path.join(dir, 'out.ndjson'), '--batch-size', '20', '--retries', '1', '--retry-delay-ms', '5'];
  await admin('faults', { failRate: 1, failStatus: 500, paths: ['/ude'] });
  let r;
  try {
    r = await run('import-events.mjs', args);
  } finally {
    await admin('faults', { reset: true });
  }
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /failed: http 500/);
  assert.equal(fs.readFileSync(`${file}.rejects.ndjson`, 'utf8'), '');
  const s = JSON.parse(fs.readFileSync(`${file}.checkpoint.json`, 'utf8'));
  assert.equal(s.line, 0);
  assert.deepEqual(s.inflight, { fromLine: 1, toLine: 20, events: 20 });

  const again = await run('import-events.mjs', args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /lines 1-20 were in flight/);
  const counts = await importedLines(code, after);
  assert.equal(counts.size, 60);
});

test('reads stdin with "-" and writes created events to stdout', opts, async () => {
  const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ event: 'UDE_STDIN', channelId: 'example.com', externalId: 'u000001', attr1: i }));
  const r = await run('import-events.mjs', ['-', '--rejects', '/dev/null'], { stdin: `${lines.join('\n')}\n` });
  assert.equal(r.code, 0, r.stderr);
  const created = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.deepEqual(created.map((c) => c.line), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(created.map((c) => c.event.attr1), ['0', '1', '2', '3', '4', '5', '6'], 'attrs are sent as strings');
});
