#!/usr/bin/env node
// Exports every contact as NDJSON: ids through contacts.iterateIds, details through
// contacts.getMany (100 ids a call, a few calls in flight, output in id order per window).
//
// The ids endpoint serves pages only while page * size <= 10000 (page from 0), so the export
// walks the update-time range in windows that each hold fewer: a window that holds more is
// split in two by update time (bisection) until every piece fits. Nothing is cut off; a
// single second holding more than the limit is reported and the exit code says so.
//
// Windows are inclusive at both ends and neighbours share their boundary second (the
// server compares lastUpdated, which may have sub-second precision, with whole-second
// bounds); ids seen in the previous window are skipped, so each contact is written once.
//
// Two passes: the first lists ids window by window (cheap: a few requests per 10000
// contacts) to plan the windows and count the total for the ETA; the second lists each
// window again and fetches details.

import { EXIT, closeOutputs, describeError, handleStopSignals, makeClient, openOutputs, parseCli, usageExit } from './lib/cli.mjs';
import { Progress, fmtDuration, fmtInt } from './lib/progress.mjs';
import { chunks, mapOrdered } from './lib/pool.mjs';
import { formatCst, nowSec, parseCst } from './lib/time.mjs';

const NAME = 'export-contacts';
const IDS_WINDOW = 10_000; // the guide's page*size limit of GET /v2/contacts_bulk/ids
const BULK_CHUNK = 100; // ids per GET /v2/contacts_bulk

const { opts } = parseCli({
  name: NAME,
  usage: 'node export-contacts.mjs [--min-update-time T] [--max-update-time T] [--out FILE] [options]',
  summary:
    'Exports every contact whose lastUpdated is in [min, max] as NDJSON, one contact per line.\n' +
    'Times are "yyyy-MM-dd HH:mm:ss" (or "yyyy-MM-dd") in Linkflow server time (UTC+8).',
  options: {
    'min-update-time': { arg: 'T', default: '1970-01-01 00:00:00', help: 'oldest lastUpdated to export' },
    'max-update-time': { arg: 'T', help: 'newest lastUpdated to export (default: now)' },
    size: { arg: 'N', int: [1, IDS_WINDOW], default: 5000, help: 'ids per request; a window holds (floor(10000/N) + 1)*N - 1 ids at most' },
    concurrency: { arg: 'N', int: [1, 64], default: 4, help: 'detail requests (100 contacts each) in flight' },
    'need-open-id': { boolean: true, help: 'include WeChat openIds (needOpenId=1)' },
    append: { boolean: true, help: 'append to --out instead of replacing it (continuing a failed run)' },
  },
  details: `
When a run fails it prints a --min-update-time to continue from (with --append); a
successful run prints the --min-update-time for the next incremental run. Contacts updated
during a run move past --max-update-time and are picked up by that next run.

Examples:
  node export-contacts.mjs --out contacts.ndjson
  node export-contacts.mjs --min-update-time "2024-06-01 00:00:00" --out changed.ndjson`,
});

const lo = parseCst(opts.minUpdateTime);
const hi = opts.maxUpdateTime === undefined ? nowSec() : parseCst(opts.maxUpdateTime);
if (lo == null) usageExit(NAME, `--min-update-time: expected "yyyy-MM-dd HH:mm:ss", got ${JSON.stringify(opts.minUpdateTime)}`);
if (hi == null) usageExit(NAME, `--max-update-time: expected "yyyy-MM-dd HH:mm:ss", got ${JSON.stringify(opts.maxUpdateTime)}`);
if (hi < lo) usageExit(NAME, '--max-update-time is before --min-update-time');

// With page size S the SDK reads pages 0..P where P = floor(10000 / S); a window whose
// last readable page comes back full may hold more, so it must hold fewer than CAP ids.
const CAP = (Math.floor(IDS_WINDOW / opts.size) + 1) * opts.size;
// The probe asks for one id by position, which the window rule bounds too (page <= 10000).
const PROBE = Math.min(CAP - 1, IDS_WINDOW);

const client = makeClient(NAME, opts);
const [out] = await openOutputs(NAME, [opts.out], { append: [opts.append] });

let stop = false;
handleStopSignals(NAME, () => {
  stop = true;
});

const progress = new Progress({ label: NAME, unit: 'contacts', mode: opts.progress, everySec: opts.progressEvery });
const stats = { windows: 0, splits: 0, missing: 0, written: 0, overfull: [] };
const range = (w) => `[${formatCst(w.lo)}, ${formatCst(w.hi)}]`;

let failure = null;
let current = null; // the window being exported, for the resume hint
try {
  // Pass 1: plan the windows, count the ids.
  progress.setPhase('planning');
  const plan = [];
  let prev = new Set();
  for await (const w of windows(lo, hi)) {
    const ids = w.ids.filter((id) => !prev.has(id));
    plan.push({ lo: w.lo, hi: w.hi, count: ids.length });
    progress.add(ids.length);
    prev = new Set(w.ids);
    if (stop) break;
  }
  stats.windows = plan.length;
  const total = plan.reduce((n, w) => n + w.count, 0);
  progress.log(`${fmtInt(total)} contacts in ${plan.length} update-time window(s) (${stats.splits} split(s))`);

  // Pass 2: list each window again, fetch and write the details.
  progress.reset(total);
  progress.setPhase('');
  prev = new Set();
  for (const planned of stop ? [] : plan) {
    // Normally one window comes back; more if the window filled up since pass 1.
    for await (const w of windows(planned.lo, planned.hi, { probe: false })) {
      current = w;
      if (w.overfull) stats.overfull.push(w);
      const ids = w.ids.filter((id) => !prev.has(id));
      prev = new Set(w.ids);
      const calls = mapOrdered(chunks(ids, BULK_CHUNK), opts.concurrency, (chunk) =>
        client.contacts.getMany(chunk, opts.needOpenId ? { needOpenId: true } : {}).then((contacts) => [chunk.length, contacts]),
      );
      for await (const [asked, contacts] of calls) {
        for (const contact of contacts) await out.write(contact);
        stats.written += contacts.length;
        stats.missing += asked - contacts.length; // deleted or merged since the ids were listed
        progress.add(asked);
      }
      if (stop) break;
    }
    if (stop) break;
  }
  current = null;
} catch (err) {
  failure = err;
}
failure = await closeOutputs([out], progress, failure);

const secs = progress.elapsed();
const say = (line) => process.stderr.write(`${NAME}: ${line}\n`);
say(
  `${fmtInt(stats.written)} contacts written in ${fmtDuration(secs)}; ${stats.windows} window(s), ` +
    `${stats.splits} split(s), ${fmtInt(stats.missing)} gone since listed`,
);
for (const w of stats.overfull) {
  say(`INCOMPLETE: ${range(w)} holds ${CAP} or more contacts within one second; only the first ${w.ids.length} could be listed`);
}
if (failure || stop) {
  if (failure) say(`failed: ${describeError(failure)}`);
  const from = current ? current.lo : null;
  if (from != null) {
    say(
      `continue with: --append --min-update-time "${formatCst(from)}" --max-update-time "${formatCst(hi)}" ` +
        '(contacts of the interrupted window already written will repeat)',
    );
  }
  process.exitCode = failure ? EXIT.FAILED : EXIT.INTERRUPTED;
} else {
  say(`next incremental run: --min-update-time "${formatCst(hi)}"`);
  process.exitCode = stats.overfull.length ? EXIT.INCOMPLETE : EXIT.OK;
}

/**
 * The windows covering [from, to] in ascending time, each with its ids (fewer than CAP), as
 * { lo, hi, ids, overfull }. Depth-first bisection: memory holds one window's ids and a
 * stack of ~log2(range) bounds. With `probe`, a window is first tested with one request
 * for its (PROBE + 1)-th id, so a huge range is split without listing it.
 */
async function* windows(from, to, { probe = true } = {}) {
  const stack = [[from, to]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const splittable = b - a >= 2; // [a, m] and [m, b] with a < m < b
    const q = { minUpdateTime: formatCst(a), maxUpdateTime: formatCst(b) };
    if (probe && splittable) {
      const beyond = await client.contacts.listIds({ page: PROBE, size: 1, ...q });
      if (beyond.length) {
        split(stack, a, b);
        continue;
      }
    }
    try {
      const ids = [];
      for await (const id of client.contacts.iterateIds({ size: opts.size, ...q })) ids.push(id);
      yield { lo: a, hi: b, ids, overfull: false };
    } catch (err) {
      if (err?.kind !== 'validation') throw err;
      // More than the window allows.
      if (splittable) {
        split(stack, a, b);
        continue;
      }
      // One second holds CAP or more: list what the API lets us, and say so.
      const ids = [];
      for (let page = 0; page * opts.size <= IDS_WINDOW; page++) {
        const got = await client.contacts.listIds({ page, size: opts.size, ...q });
        ids.push(...got);
        if (got.length < opts.size) break;
      }
      yield { lo: a, hi: b, ids, overfull: true };
    }
  }
}

function split(stack, a, b) {
  const m = Math.floor((a + b) / 2);
  stats.splits += 1;
  stack.push([m, b], [a, m]); // [a, m] first
}
