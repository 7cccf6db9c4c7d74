#!/usr/bin/env node
// Imports custom events from NDJSON (one POST /ude body per line) with events.createMany,
// a batch of lines at a time, a few requests in flight. Resumable and honest about it:
//
// - Before a batch is sent, the checkpoint records it as in flight; after its results are
//   written, the checkpoint moves past it. Both writes are atomic (tmp file + rename).
// - A run that is killed (even SIGKILL) resumes at the first line of the batch that was in
//   flight and says how many events of that batch may now exist twice: createMany is not
//   idempotent, so at most one batch (--batch-size lines) can be duplicated.
// - Lines that are not JSON objects, fail validation, or keep failing go to the rejects
//   file with their error ({kind, status, code, message}); the exit code is then 3.
// - The run ends with the counts: sent, rejected, retried (lines that needed another
//   attempt from this script after a network error, timeout, 408, 429 or 5xx).

import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT, closeOutputs, describeError, errorRecord, handleStopSignals, makeClient, openOutputs, parseCli, usageExit } from './lib/cli.mjs';
import { readCheckpoint, truncateTo, writeCheckpoint } from './lib/checkpoint.mjs';
import { readLines } from './lib/ndjson.mjs';
import { Progress, fmtDuration, fmtInt } from './lib/progress.mjs';

const NAME = 'import-events';

const { opts, positionals } = parseCli({
  name: NAME,
  positionals: true,
  usage: 'node import-events.mjs FILE [--checkpoint FILE] [--rejects FILE] [--out FILE] [options]',
  summary:
    'Imports custom events from FILE (NDJSON: one POST /ude body per line, e.g.\n' +
    '{"event":"ORDER_PAID","channelId":"shop.example.com","externalId":"u42","attr1":"A-1001"})\n' +
    'with events.createMany. Rerun the same command after a crash or kill to continue.',
  options: {
    'batch-size': { arg: 'N', int: [1, 10_000], default: 100, help: 'lines per createMany call (= the most events a killed run can leave duplicated)' },
    concurrency: { arg: 'N', int: [1, 64], default: 4, help: 'requests in flight within a batch' },
    retries: { arg: 'N', int: [0, 10], default: 2, help: 'extra attempts for lines failing on network errors, timeouts, 408, 429, 5xx' },
    'retry-delay-ms': { arg: 'MS', int: [0, 600_000], default: 250, help: 'first pause before such an attempt (doubles each time)' },
    checkpoint: { arg: 'FILE', help: 'progress file (default: FILE.checkpoint.json)' },
    rejects: { arg: 'FILE', help: 'lines not imported, with their error (default: FILE.rejects.ndjson)' },
    restart: { boolean: true, help: 'ignore the checkpoint and start again from the first line' },
  },
  details: `
--out receives one line per created event: {"line": N, "event": {...as returned}}.
Input "-" reads stdin (no checkpoint: a stopped run cannot resume).

Examples:
  node import-events.mjs orders.ndjson --out created.ndjson
  node import-events.mjs orders.ndjson --out created.ndjson    # again after a kill: resumes`,
});

// ---- Files and the saved state ----------------------------------------------------------

if (positionals.length !== 1) usageExit(NAME, 'give exactly one input FILE ("-" for stdin)');
const input = positionals[0];
const fromStdin = input === '-';
const inputPath = fromStdin ? null : path.resolve(input);
if (inputPath && !fs.existsSync(inputPath)) usageExit(NAME, `no such file: ${input}`);
const client = makeClient(NAME, opts);
const ckptPath = fromStdin ? null : path.resolve(opts.checkpoint ?? `${input}.checkpoint.json`);
const rejectsPath = path.resolve(opts.rejects ?? (fromStdin ? 'import-events.rejects.ndjson' : `${input}.rejects.ndjson`));
const outPath = opts.out && opts.out !== '-' ? path.resolve(opts.out) : null;
const say = (line) => process.stderr.write(`${NAME}: ${line}\n`);

let state = {
  version: 1,
  input: inputPath,
  offset: 0, // bytes of input done
  line: 0, // lines of input done
  inflight: null, // { fromLine, toLine, events } while a batch is being sent
  out: { path: outPath, bytes: 0 },
  rejects: { path: rejectsPath, bytes: 0 },
  counts: { sent: 0, rejected: 0, retried: 0, blank: 0 },
  done: false,
  updatedAt: null,
};

const saved = ckptPath && !opts.restart ? loadCheckpoint() : null;
if (saved?.done) {
  const c = saved.counts;
  say(`${input} was already imported (checkpoint ${ckptPath}): sent ${fmtInt(c.sent)}, rejected ${fmtInt(c.rejected)}, retried ${fmtInt(c.retried)}`);
  say('nothing to do; pass --restart to import it again');
  process.exit(c.rejected ? EXIT.INCOMPLETE : EXIT.OK);
}
if (saved) {
  const size = fs.statSync(inputPath).size;
  if (size < saved.offset) {
    say(`${input} is shorter (${size} bytes) than the checkpoint's position (${saved.offset}): it changed; pass --restart`);
    process.exit(EXIT.USAGE);
  }
  state = { ...saved, out: { path: outPath, bytes: 0 }, rejects: { path: rejectsPath, bytes: 0 } };
  // Drop what the stopped run wrote after its last checkpoint (it is written again now).
  if (outPath && saved.out?.path === outPath) {
    truncateTo(outPath, saved.out.bytes);
    state.out.bytes = saved.out.bytes;
  }
  if (saved.rejects?.path === rejectsPath) {
    truncateTo(rejectsPath, saved.rejects.bytes);
    state.rejects.bytes = saved.rejects.bytes;
  } else if (saved.counts.rejected) {
    say(`note: the ${fmtInt(saved.counts.rejected)} earlier rejects are in ${saved.rejects?.path}`);
  }
  say(`resuming ${input} after line ${fmtInt(saved.line)} (byte ${fmtInt(saved.offset)}; sent so far ${fmtInt(saved.counts.sent)})`);
  if (saved.inflight) {
    const f = saved.inflight;
    say(
      `lines ${f.fromLine}-${f.toLine} were in flight when the previous run stopped; they are sent again, ` +
        `so up to ${f.events} of those events may now exist twice (at most one batch)`,
    );
  } else {
    say('no batch was in flight when the previous run stopped: no duplicates');
  }
}
const outBase = state.out.bytes;
const rejectsBase = state.rejects.bytes;

const [out, rejects] = await openOutputs(NAME, [opts.out, rejectsPath], { append: [outBase > 0, rejectsBase > 0] });

let stop = false;
handleStopSignals(NAME, () => {
  stop = true;
});

const totalBytes = inputPath ? fs.statSync(inputPath).size : 0;
const startOffset = state.offset;
const progress = new Progress({ label: NAME, unit: 'lines', mode: opts.progress, everySec: opts.progressEvery });
const runCounts = { sent: 0, rejected: 0, retried: 0 };

// ---- The run ----------------------------------------------------------------------------

/** The current batch: input lines consumed since the last commit. */
let batch = newBatch();
let failure = null;
try {
  for await (const l of readLines(inputPath ?? '-', { start: state.offset, firstLineNo: state.line + 1 })) {
    batch.lines += 1;
    batch.end = l.end;
    batch.lastLine = l.lineNo;
    if (!l.text.trim()) {
      batch.blank += 1;
    } else {
      const parsed = parseLine(l.text);
      if (parsed.error) batch.rejects.push({ line: l.lineNo, error: parsed.error, input: l.text });
      else batch.items.push({ line: l.lineNo, text: l.text, body: parsed.body });
    }
    if (batch.lines >= opts.batchSize) {
      await sendAndCommit(batch);
      batch = newBatch();
      if (stop) break;
    }
  }
  if (!stop) {
    await sendAndCommit(batch);
    state.done = true;
    save();
  }
} catch (err) {
  failure = err;
}
failure = await closeOutputs([out, rejects], progress, failure);

// ---- Summary ----------------------------------------------------------------------------

const c = state.counts;
const secs = progress.elapsed();
say(
  `sent ${fmtInt(c.sent)}, rejected ${fmtInt(c.rejected)}, retried ${fmtInt(c.retried)}` +
    (c.blank ? `, blank lines ${fmtInt(c.blank)}` : '') +
    ` (lines 1-${state.line} done${saved ? `; this run: sent ${fmtInt(runCounts.sent)}` : ''} in ${fmtDuration(secs)})`,
);
if (c.retried) say('(a retry after a timeout or a 5xx can duplicate an event the server had already created)');
if (c.rejected) say(`rejected lines are in ${rejectsPath}`);
if (failure) {
  say(`failed: ${describeError(failure)}`);
  if (ckptPath) say('rerun the same command to continue from the checkpoint');
  process.exitCode = EXIT.FAILED;
} else if (stop && !state.done) {
  say(`stopped after line ${state.line}; rerun the same command to continue`);
  process.exitCode = EXIT.INTERRUPTED;
} else {
  process.exitCode = c.rejected ? EXIT.INCOMPLETE : EXIT.OK;
}

// ---- Helpers ----------------------------------------------------------------------------

function newBatch() {
  return { lines: 0, end: state.offset, lastLine: state.line, blank: 0, items: [], rejects: [] };
}

function loadCheckpoint() {
  let s;
  try {
    s = readCheckpoint(ckptPath);
  } catch (err) {
    usageExit(NAME, err.message);
  }
  if (s && s.input !== inputPath) {
    usageExit(NAME, `checkpoint ${ckptPath} belongs to ${s.input}; pass --restart or another --checkpoint`);
  }
  return s;
}

function save() {
  if (!ckptPath) return;
  state.updatedAt = new Date().toISOString();
  writeCheckpoint(ckptPath, state);
}

/** A line's JSON body, or the error that sends it to the rejects file. */
function parseLine(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { error: { kind: 'parse', message: `not JSON: ${err.message}` } };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { error: { kind: 'validation', message: 'a line must be a JSON object (a POST /ude body)' } };
  }
  return { body };
}

/** Worth another attempt: the failure says nothing about the event itself. */
function transient(err) {
  if (err?.kind === 'network' || err?.kind === 'timeout') return true;
  if (err?.kind === 'http') return err.status === 408 || err.status === 429 || err.status >= 500;
  return false;
}

/** Sends the batch's events, then writes results and rejects, then moves the checkpoint. */
async function sendAndCommit(b) {
  if (b.lines === 0) return;
  const created = new Map(); // line -> event
  const failed = new Map(); // line -> error
  if (b.items.length) {
    state.inflight = { fromLine: state.line + 1, toLine: b.lastLine, events: b.items.length };
    save();
    let todo = b.items;
    const retried = new Set();
    for (let attempt = 0; todo.length; attempt++) {
      const res = await client.events.createMany(
        todo.map((t) => t.body),
        { concurrency: opts.concurrency },
      );
      const failedAt = new Map(res.failed.map((f) => [f.index, f.error]));
      let k = 0;
      const again = [];
      todo.forEach((t, i) => {
        if (!failedAt.has(i)) {
          created.set(t.line, res.succeeded[k++]);
          return;
        }
        const err = failedAt.get(i);
        if (err?.kind === 'auth') throw err; // every other line would fail the same way
        if (attempt < opts.retries && transient(err)) {
          again.push(t);
          retried.add(t.line);
        } else {
          failed.set(t.line, err);
        }
      });
      if (again.length) await sleep(Math.min(30_000, opts.retryDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2));
      todo = again;
    }
    // Nothing in the batch went through and it all failed on the transport or the server:
    // the service is down. Stop (the batch stays in flight) rather than reject everything.
    if (created.size === 0 && b.items.length > 1 && [...failed.values()].every(transient)) {
      throw failed.values().next().value;
    }
    state.counts.retried += retried.size;
    runCounts.retried += retried.size;
  }

  // Results in line order.
  for (const t of b.items) {
    if (created.has(t.line)) await out.write({ line: t.line, event: created.get(t.line) });
  }
  const rejected = [
    ...b.rejects,
    ...b.items.filter((t) => failed.has(t.line)).map((t) => ({ line: t.line, error: errorRecord(failed.get(t.line)), input: t.text })),
  ].sort((x, y) => x.line - y.line);
  for (const r of rejected) await rejects.write(r);
  await out.flush();
  await rejects.flush();

  state.offset = b.end;
  state.line = b.lastLine;
  state.inflight = null;
  state.out.bytes = outBase + out.bytes;
  state.rejects.bytes = rejectsBase + rejects.bytes;
  state.counts.sent += created.size;
  state.counts.rejected += rejected.length;
  state.counts.blank += b.blank;
  runCounts.sent += created.size;
  runCounts.rejected += rejected.length;
  save();

  progress.add(b.lines);
  if (totalBytes > startOffset) progress.position(state.offset - startOffset, totalBytes - startOffset);
}
