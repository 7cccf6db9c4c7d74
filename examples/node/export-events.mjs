#!/usr/bin/env node
// Exports every event as NDJSON, oldest first, through the events/lite cursor
// (client.events.iterate: the cursor is the largest id seen). Resumable: every run ends by
// printing the last id written; --from-id N starts after it, or --resume reads it back
// from the --out file itself (dropping a half-written last line left by a killed run).

import { EXIT, closeOutputs, describeError, handleStopSignals, makeClient, openOutputs, parseCli, usageExit } from './lib/cli.mjs';
import { lastCompleteLine } from './lib/ndjson.mjs';
import { truncateTo } from './lib/checkpoint.mjs';
import { Progress, fmtDuration, fmtInt } from './lib/progress.mjs';

const NAME = 'export-events';
const MAX_ID = Number.MAX_SAFE_INTEGER;

const { opts } = parseCli({
  name: NAME,
  usage: 'node export-events.mjs [--from-id N | --resume] [--out FILE] [options]',
  summary:
    'Exports every event as NDJSON (one event per line, ascending id) through GET /events/lite.\n' +
    'At the end the last id written is printed on stderr; pass it as --from-id to continue later.',
  options: {
    'from-id': { arg: 'N', int: [0, MAX_ID], help: 'export the events after id N (default 0: all)' },
    resume: { boolean: true, help: 'continue the --out file: start after the id of its last complete line, append' },
    size: { arg: 'N', int: [1, 10_000], default: 1000, help: 'events per request' },
    limit: { arg: 'N', int: [1, MAX_ID], help: 'stop after N events (still exit 0; resume with the printed id)' },
  },
  details: `
Examples:
  node export-events.mjs --out events.ndjson                 # everything
  node export-events.mjs --out events.ndjson --resume        # after a crash or kill: continue the file
  node export-events.mjs --from-id 120345 >> events.ndjson   # cron: only what is new since last run`,
});

if (opts.resume && !opts.out) usageExit(NAME, '--resume needs --out FILE (the file to continue)');
if (opts.resume && opts.fromId !== undefined) usageExit(NAME, 'give --resume or --from-id, not both');

const client = makeClient(NAME, opts);
let fromId = opts.fromId ?? 0;

if (opts.resume) {
  const tail = await lastCompleteLine(opts.out);
  if (tail?.line != null) {
    let id;
    try {
      id = JSON.parse(tail.line).id;
    } catch {
      id = undefined;
    }
    if (!Number.isSafeInteger(id)) {
      process.stderr.write(`${NAME}: the last line of ${opts.out} is not an event with an id; cannot resume from it\n`);
      process.exit(EXIT.USAGE);
    }
    fromId = id;
  }
  if (tail) truncateTo(opts.out, tail.end); // a half-written line from a killed run goes
  process.stderr.write(`${NAME}: resuming ${opts.out} after id ${fromId}\n`);
}

const [out] = await openOutputs(NAME, [opts.out], { append: [opts.resume] });

let stop = false;
handleStopSignals(NAME, () => {
  stop = true;
});

const progress = new Progress({ label: NAME, unit: 'events', mode: opts.progress, everySec: opts.progressEvery });

// For the bar and the ETA: the largest id now, found with ~2*log2(id) one-event requests.
// Ids are not dense, so this measures progress through the id range; good enough for an ETA.
let topId = null;
if (progress.mode !== 'none') {
  try {
    topId = await largestIdAfter(fromId);
  } catch {
    topId = null; // only the ETA is lost; the export itself reports real failures
  }
}

let lastId = fromId;
let count = 0;
let failure = null;
try {
  for await (const event of client.events.iterate({ fromId, size: opts.size })) {
    await out.write(event);
    count += 1;
    if (event.id > lastId) lastId = event.id;
    progress.add(1);
    if (topId != null && topId > fromId) progress.position(Math.min(lastId, topId) - fromId, topId - fromId);
    if (stop || (opts.limit && count >= opts.limit)) break;
  }
} catch (err) {
  failure = err;
}
failure = await closeOutputs([out], progress, failure);

const secs = progress.elapsed();
process.stderr.write(
  `${NAME}: ${fmtInt(count)} events written in ${fmtDuration(secs)} (${fmtInt(count / Math.max(secs, 0.001))}/s)\n`,
);
if (failure) process.stderr.write(`${NAME}: failed: ${describeError(failure)}\n`);
const resumeHint = opts.out ? `--resume, or --from-id ${lastId}` : `--from-id ${lastId}`;
process.stderr.write(`${NAME}: last id ${lastId} (continue with ${resumeHint})\n`);
process.exitCode = failure ? EXIT.FAILED : stop ? EXIT.INTERRUPTED : EXIT.OK;

/** The largest event id above `after` (an estimate when ids are being added meanwhile). */
async function largestIdAfter(after) {
  const firstAfter = async (x) => {
    const page = await client.events.list({ lastMaxId: x, size: 1 });
    return page.length && Number.isSafeInteger(page[0].id) && page[0].id > x ? page[0].id : null;
  };
  let lo = await firstAfter(after); // an id that exists
  if (lo == null) return after;
  let step = 1024;
  let hi;
  for (;;) {
    const found = await firstAfter(lo + step);
    if (found == null) {
      hi = lo + step; // nothing above hi
      break;
    }
    lo = found;
    step *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const found = await firstAfter(mid);
    if (found == null) hi = mid;
    else lo = found;
  }
  return lo;
}
