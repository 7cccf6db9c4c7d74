// Command-line plumbing shared by the scripts: options (with --help generated from the
// same table), connection settings from flags or env, the client, exit codes, errors,
// and Ctrl-C handling.

import { parseArgs } from 'node:util';
import { LinkflowClient, LinkflowError } from 'linkflow-sdk';
import { NdjsonWriter } from './ndjson.mjs';

/** Exit codes, the same for every script. */
export const EXIT = Object.freeze({
  OK: 0, // everything was done
  FAILED: 1, // a call failed for good (network, server, auth) or the output broke
  USAGE: 2, // bad options or missing credentials
  INCOMPLETE: 3, // the run finished, but something was left out (rejected lines, ...)
  INTERRUPTED: 130, // stopped by SIGINT/SIGTERM after saving where it was
});

/** Options every script takes. */
const COMMON = {
  'base-url': { arg: 'URL', env: 'LINKFLOW_BASE_URL', help: 'API base URL (default https://open.linkflowtech.com)' },
  'app-key': { arg: 'KEY', env: 'LINKFLOW_APP_KEY', help: 'App Key of your private app' },
  'app-secret': { arg: 'SECRET', env: 'LINKFLOW_APP_SECRET', help: 'App Secret of your private app' },
  'max-retries': { arg: 'N', int: [0, 20], default: 4, help: 'SDK retries per request on network errors, 429, 5xx' },
  'timeout-ms': { arg: 'MS', int: [1, 3_600_000], default: 30_000, help: 'time limit of one HTTP attempt' },
  out: { arg: 'FILE', help: 'write NDJSON to FILE (default: stdout)' },
  progress: { arg: 'MODE', choices: ['auto', 'bar', 'lines', 'none'], default: 'auto',
    help: 'progress on stderr: bar (TTY), lines (periodic), none; auto = bar on a TTY, else lines' },
  'progress-every': { arg: 'SEC', int: [1, 86_400], default: 10, help: 'seconds between progress lines' },
  help: { boolean: true, short: 'h', help: 'show this help' },
};

/** A usage error: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses argv against the script's options plus the common ones. Prints help and exits
 * on --help; on a usage error prints it and exits 2.
 *
 * spec: { name, summary, usage, options: { name: { arg?, boolean?, int?: [min,max],
 *         default?, choices?, help } }, details?: string, positionals?: boolean }
 * Returns { opts (camelCase keys), positionals }.
 */
export function parseCli(spec, argv = process.argv.slice(2)) {
  const table = { ...spec.options, ...COMMON };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: Boolean(spec.positionals),
      strict: true,
      options: Object.fromEntries(
        Object.entries(table).map(([k, o]) => [k, { type: o.boolean ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}) }]),
      ),
    });
    if (values.help) {
      process.stdout.write(helpText(spec, table));
      process.exit(EXIT.OK);
    }
    const opts = {};
    for (const [k, o] of Object.entries(table)) {
      let v = values[k];
      if (v === undefined && o.env && process.env[o.env]) v = process.env[o.env];
      if (v === undefined) v = o.default;
      if (v !== undefined && o.int) v = toInt(k, v, o.int);
      if (v !== undefined && o.choices && !o.choices.includes(v)) {
        throw new UsageError(`--${k} must be one of ${o.choices.join(', ')}`);
      }
      opts[camel(k)] = v;
    }
    return { opts, positionals };
  } catch (err) {
    if (err instanceof UsageError || err.code?.startsWith?.('ERR_PARSE_ARGS')) {
      usageExit(spec.name, err.message);
    }
    throw err;
  }
}

/** Prints a usage error and exits 2. */
export function usageExit(name, message) {
  process.stderr.write(`${name}: ${message}\nTry: node ${name}.mjs --help\n`);
  process.exit(EXIT.USAGE);
}

function toInt(name, v, [min, max]) {
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

const camel = (k) => k.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

function helpText(spec, table) {
  const row = (k, o) => {
    const left = `  ${o.short ? `-${o.short}, ` : ''}--${k}${o.arg ? ` ${o.arg}` : ''}`;
    const extra = [o.env ? `env ${o.env}` : '', o.default !== undefined && !o.boolean ? `default ${o.default}` : '']
      .filter(Boolean).join('; ');
    return `${left.padEnd(30)} ${o.help}${extra ? ` (${extra})` : ''}\n`;
  };
  const own = Object.entries(spec.options).map(([k, o]) => row(k, o)).join('');
  const common = Object.entries(COMMON).map(([k, o]) => row(k, o)).join('');
  return `Usage: ${spec.usage}\n\n${spec.summary}\n\nOptions:\n${own}\nCommon options:\n${common}` +
    (spec.details ? `\n${spec.details.trim()}\n` : '') +
    `\nExit codes: 0 everything done; 1 failed (see stderr); 2 usage error; 3 finished but incomplete;\n` +
    `130 interrupted (Ctrl-C/SIGTERM) after saving where it stopped.\n`;
}

/** The client, from --base-url/--app-key/--app-secret (or the LINKFLOW_* env vars). */
export function makeClient(name, opts) {
  if (!opts.appKey || !opts.appSecret) {
    usageExit(name, 'credentials missing: pass --app-key and --app-secret, or set LINKFLOW_APP_KEY and LINKFLOW_APP_SECRET');
  }
  return new LinkflowClient({
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    appKey: opts.appKey,
    appSecret: opts.appSecret,
    maxRetries: opts.maxRetries,
    timeoutMs: opts.timeoutMs,
  });
}

/** The error as a plain object for NDJSON: { kind, status?, code?, message }. */
export function errorRecord(err) {
  if (err instanceof LinkflowError || (err && typeof err.kind === 'string')) {
    const rec = { kind: err.kind };
    if (err.status != null) rec.status = err.status;
    if (err.code != null) rec.code = err.code;
    rec.message = err.message;
    return rec;
  }
  return { kind: 'internal', message: String(err?.message ?? err) };
}

/** One line for stderr: "http 503 B00500 (GET /events/lite): message". */
export function describeError(err) {
  if (!(err instanceof LinkflowError || (err && typeof err.kind === 'string'))) return String(err?.message ?? err);
  const r = errorRecord(err);
  const where = err?.method && err?.path ? ` (${err.method} ${err.path})` : '';
  return `${[r.kind, r.status, r.code].filter((x) => x != null).join(' ')}${where}: ${r.message}`;
}

/**
 * Ctrl-C and SIGTERM: the first one calls `onStop` (the script finishes its current step,
 * saves where it is and exits 130); a second one exits at once.
 */
export function handleStopSignals(name, onStop) {
  let stopping = false;
  const handler = (sig) => {
    if (stopping) {
      process.stderr.write(`\n${name}: ${sig} again: exiting now\n`);
      process.exit(EXIT.INTERRUPTED);
    }
    stopping = true;
    process.stderr.write(`\n${name}: ${sig}: stopping after the current step (again to exit now)\n`);
    onStop(sig);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/**
 * Opens NDJSON writers for `paths` (stdout where a path is absent), or exits with
 * EXIT.FAILED naming the one that cannot be written.
 */
export async function openOutputs(name, paths, { append = [] } = {}) {
  const writers = paths.map((p, i) => new NdjsonWriter(p, { append: Boolean(append[i]) }));
  for (const [i, w] of writers.entries()) {
    try {
      await w.ready();
    } catch (err) {
      process.stderr.write(`${name}: cannot write ${paths[i] ?? 'stdout'}: ${err.message}\n`);
      process.exit(EXIT.FAILED);
    }
  }
  return writers;
}

/**
 * Closes `writers` and stops `progress`; returns `failure`, or the first close error when
 * there was none (a full disk shows up only at close).
 */
export async function closeOutputs(writers, progress, failure) {
  for (const w of writers) {
    try {
      await w.close();
    } catch (err) {
      failure ??= err;
    }
  }
  progress.stop();
  return failure;
}
