// NDJSON in and out, with flat memory: the writer waits for 'drain' when the stream's
// buffer is full (a slow disk or pipe slows the export down instead of filling memory),
// the reader pulls chunks only as fast as lines are consumed and reports byte offsets
// (what the import's checkpoint records).

import fs from 'node:fs';
import { once } from 'node:events';

/** The output stream went away (EPIPE: `| head`, a closed pipe). */
export class OutputClosedError extends Error {}

/** NDJSON writer over a file (--out) or stdout. */
export class NdjsonWriter {
  /**
   * @param {string|undefined} path  file, or stdout when absent or "-"
   * @param {{append?: boolean}} [o] append instead of truncating
   */
  constructor(path, { append = false } = {}) {
    this.isStdout = !path || path === '-';
    this.path = this.isStdout ? null : path;
    this.stream = this.isStdout ? process.stdout : fs.createWriteStream(path, { flags: append ? 'a' : 'w' });
    /** Bytes written by this writer (not counting what the file held before). */
    this.bytes = 0;
    this.lines = 0;
    this.error = null;
    this.stream.on('error', (err) => {
      this.error = err.code === 'EPIPE' ? new OutputClosedError('output closed (EPIPE)') : err;
    });
  }

  /** Opens the file (so an unwritable path fails before any work is done). */
  async ready() {
    if (!this.isStdout && this.stream.pending) {
      await once(this.stream, 'open').catch(() => {});
    }
    this.#check();
  }

  /** Writes one value as a line; resolves at once unless the buffer is full. */
  async write(value) {
    this.#check();
    const line = `${typeof value === 'string' ? value : JSON.stringify(value)}\n`;
    this.bytes += Buffer.byteLength(line);
    this.lines += 1;
    if (!this.stream.write(line)) {
      // events.once also rejects when the stream errors while we wait.
      await once(this.stream, 'drain').catch(() => {});
      this.#check();
    }
  }

  /** Resolves once every line written so far has been handed to the OS. */
  async flush() {
    this.#check();
    await new Promise((resolve, reject) => {
      this.stream.write('', (err) => (err ? reject(this.error ?? err) : resolve()));
    });
    this.#check();
  }

  /** Flushes and closes (a file; stdout stays open). */
  async close() {
    if (this.isStdout) {
      if (!this.error) await this.flush().catch(() => {});
    } else if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => {});
    }
    this.#check();
  }

  #check() {
    if (this.error) throw this.error;
  }
}

/**
 * Lines of a file (from byte `start`) or of stdin, as { text, lineNo, end }: `lineNo`
 * counts from 1 at `firstLineNo`, `end` is the byte offset just after the line's newline
 * (where a resumed read starts). A last line without a newline is yielded too.
 */
export async function* readLines(path, { start = 0, firstLineNo = 1 } = {}) {
  const stream = !path || path === '-' ? process.stdin : fs.createReadStream(path, { start, highWaterMark: 1 << 16 });
  let pending = []; // chunks of an unfinished line
  let pendingLen = 0;
  let offset = start; // byte offset of the first byte of the current chunk
  let lineNo = firstLineNo;
  for await (const chunk of stream) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      let buf = chunk.subarray(from, nl);
      if (pendingLen) {
        buf = Buffer.concat([...pending, buf]);
        pending = [];
        pendingLen = 0;
      }
      yield { text: stripCr(buf.toString('utf8')), lineNo: lineNo++, end: offset + nl + 1 };
      from = nl + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingLen += chunk.length - from;
    }
    offset += chunk.length;
  }
  if (pendingLen) {
    yield { text: stripCr(Buffer.concat(pending).toString('utf8')), lineNo, end: offset };
  }
}

/** The offset of the last `\n` before byte `before` of an open file, or -1; reads backwards in 64 KiB blocks. */
async function lastNewline(fh, before) {
  const BLOCK = 1 << 16;
  for (let pos = before; pos > 0; ) {
    const len = Math.min(BLOCK, pos);
    pos -= len;
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, pos);
    const nl = buf.lastIndexOf(0x0a);
    if (nl >= 0) return pos + nl;
  }
  return -1;
}

const stripCr = (s) => (s.endsWith('\r') ? s.slice(0, -1) : s);

/**
 * The last complete line of a file and the byte length up to and including its newline
 * (bytes after it are an unfinished line, e.g. from a killed run). Reads backwards in
 * blocks, so it costs the same for any file size. { line: null, end: 0 } when the file has
 * no complete line; null when the file does not exist.
 */
export async function lastCompleteLine(path) {
  let fh;
  try {
    fh = await fs.promises.open(path, 'r');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const newline = await lastNewline(fh, size);
    if (newline < 0) return { line: null, end: 0 };
    const start = (await lastNewline(fh, newline)) + 1;
    const buf = Buffer.alloc(newline - start);
    await fh.read(buf, 0, buf.length, start);
    return { line: stripCr(buf.toString('utf8')), end: newline + 1 };
  } finally {
    await fh.close();
  }
}
