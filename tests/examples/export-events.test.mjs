// export-events.mjs against the seeded stand-in: complete, in order, resumable exactly.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { admin, needServer, readNdjson, resetServer, run, scratch, serverEvents, start, until } from './helpers.mjs';

const opts = { skip: needServer };
const lastId = (stderr) => Number(/last id (\d+)/.exec(stderr)?.[1]);

let full = null; // the reference export, shared by the tests below
before(async () => {
  if (needServer) return;
  await resetServer();
  full = path.join(scratch(), 'full.ndjson');
  const r = await run('export-events.mjs', ['--out', full]);
  assert.equal(r.code, 0, r.stderr);
});

test('exports every event in id order: equal to the stand-in\'s listing', opts, async () => {
  const got = readNdjson(full);
  const want = await serverEvents(0);
  assert.ok(want.length > 10_000);
  assert.deepEqual(got.map((e) => e.id), want.map((e) => e.id));
  assert.deepEqual(got[123], want[123], 'events are written as the API returns them');
});

test('--from-id resumes exactly: a stopped run plus the resumed run equal one full run', opts, async (t) => {
  const dir = scratch(t);
  const a = path.join(dir, 'a.ndjson');
  const b = path.join(dir, 'b.ndjson');
  const first = await run('export-events.mjs', ['--out', a, '--limit', '7777', '--size', '500']);
  assert.equal(first.code, 0, first.stderr);
  const stop = lastId(first.stderr);
  assert.equal(readNdjson(a).length, 7777);
  assert.equal(stop, readNdjson(a).at(-1).id, 'the printed last id is the last line written');
  const second = await run('export-events.mjs', ['--out', b, '--from-id', String(stop)]);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(lastId(second.stderr), readNdjson(full).at(-1).id);
  assert.equal(fs.readFileSync(a, 'utf8') + fs.readFileSync(b, 'utf8'), fs.readFileSync(full, 'utf8'));
});

test('--resume continues a file left by a SIGKILL (unfinished last line dropped): no event lost or doubled', opts, async (t) => {
  const out = path.join(scratch(t), 'events.ndjson');
  await admin('faults', { latencyMs: 5, paths: ['/events/lite'] }); // slow enough to kill midway
  try {
    const child = start('export-events.mjs', ['--out', out, '--size', '200', '--progress', 'none']);
    await until(() => fs.existsSync(out) && fs.statSync(out).size > 300_000);
    child.kill('SIGKILL');
    await child.result;
  } finally {
    await admin('faults', { reset: true });
  }
  // Whatever the kill left, make sure there is an unfinished line to drop.
  fs.appendFileSync(out, '{"dateCreated":"2024-');
  const r = await run('export-events.mjs', ['--out', out, '--resume']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /resuming .* after id \d+/);
  assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(full, 'utf8'));
});

test('new events since the last id are exported by the next run (cron)', opts, async () => {
  const before = readNdjson(full).at(-1).id;
  const r = await run('export-events.mjs', ['--from-id', String(before)]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'nothing new yet');
  assert.equal(lastId(r.stderr), before, 'the last id stays put when nothing is new');
});

test('a server that keeps failing: exit 1, and the last id still printed', opts, async () => {
  await admin('faults', { failRate: 1, failStatus: 503, paths: ['/events/lite'] });
  try {
    const r = await run('export-events.mjs', ['--from-id', '100', '--max-retries', '0', '--progress', 'none']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /failed: http 503/);
    assert.equal(lastId(r.stderr), 100);
  } finally {
    await admin('faults', { reset: true });
  }
});

test('--resume needs --out; an unknown option is a usage error (exit 2)', opts, async () => {
  assert.equal((await run('export-events.mjs', ['--resume'])).code, 2);
  const r = await run('export-events.mjs', ['--no-such-flag']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--help/);
});
