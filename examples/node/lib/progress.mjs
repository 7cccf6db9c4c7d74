// Progress on stderr: a live bar (count, rate, ETA) on a TTY, a plain line every few
// seconds otherwise (cron, CI, log files), or nothing.
//
// The script calls add(n) as items are done; rendering runs on an unref'd timer, so the
// hot path is one addition. Where the total is unknown, the script may give a position
// and a total in other units (bytes read, ids passed) for the bar and the ETA.

const RATE_WINDOW_MS = 10_000;

export class Progress {
  /**
   * @param {object} o
   * @param {string} o.label      script name, first on every line
   * @param {string} o.unit       "events", "contacts", "lines"
   * @param {'auto'|'bar'|'lines'|'none'} [o.mode]
   * @param {number} [o.everySec] seconds between plain lines
   * @param {number|null} [o.total] total count, when known
   * @param {NodeJS.WriteStream} [o.stream]
   */
  constructor({ label, unit, mode = 'auto', everySec = 10, total = null, stream = process.stderr }) {
    this.label = label;
    this.unit = unit;
    this.stream = stream;
    this.mode = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
    this.count = 0;
    this.total = total;
    this.pos = null; // [position, total] in other units, when set
    this.phase = '';
    this.started = Date.now();
    this.samples = [[this.started, 0, 0]];
    this.barShown = false;
    if (this.mode === 'bar') {
      this.timer = setInterval(() => this.render(), 200);
    } else if (this.mode === 'lines') {
      this.timer = setInterval(() => this.line(), everySec * 1000);
    }
    this.timer?.unref();
  }

  /** n more items done. */
  add(n = 1) {
    this.count += n;
  }

  /** Starts counting again (a new phase) toward `total` (null: unknown). */
  reset(total = null) {
    this.count = 0;
    this.total = total;
    this.pos = null;
    this.samples = [[Date.now(), 0, 0]];
  }

  /** Bar and ETA from another measure (bytes, ids): `at` of `of`. */
  position(at, of) {
    this.pos = of > 0 ? [at, of] : null;
  }

  /** A word shown before the numbers ("planning", "exporting"). */
  setPhase(phase) {
    this.phase = phase;
  }

  /** Fraction done, or null when unknown. */
  fraction() {
    if (this.pos) return Math.min(1, Math.max(0, this.pos[0] / this.pos[1]));
    if (this.total) return Math.min(1, this.count / this.total);
    return null;
  }

  /** Items per second over the last few seconds. */
  rate(now = Date.now()) {
    const s = this.samples;
    s.push([now, this.count, this.pos?.[0] ?? 0]);
    while (s.length > 2 && now - s[1][0] > RATE_WINDOW_MS) s.shift();
    const [t0, c0] = s[0];
    return now > t0 ? ((this.count - c0) * 1000) / (now - t0) : 0;
  }

  /** Seconds left, from the recent pace of the bar's measure. */
  eta(now = Date.now()) {
    const f = this.fraction();
    if (f == null || f <= 0) return null;
    const s = this.samples;
    const [t0, c0, p0] = s[0];
    const dt = (now - t0) / 1000;
    if (dt <= 0) return null;
    let left;
    if (this.pos) {
      const speed = (this.pos[0] - p0) / dt;
      left = speed > 0 ? (this.pos[1] - this.pos[0]) / speed : null;
    } else {
      const speed = (this.count - c0) / dt;
      left = speed > 0 ? (this.total - this.count) / speed : null;
    }
    return left == null ? null : Math.max(0, left);
  }

  stats() {
    const now = Date.now();
    const rate = this.rate(now);
    const f = this.fraction();
    const eta = this.eta(now);
    return {
      count: `${fmtInt(this.count)}${this.total ? `/${fmtInt(this.total)}` : ''} ${this.unit}`,
      rate: `${fmtInt(rate)}/s`,
      pct: f == null ? null : `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`,
      eta: eta == null ? 'ETA ?' : `ETA ${fmtDuration(eta)}`,
      f,
    };
  }

  /** One plain line (non-TTY mode). */
  line() {
    const s = this.stats();
    const parts = [s.count, s.rate, s.pct, s.pct ? s.eta : null].filter(Boolean);
    this.stream.write(`${this.label}:${this.phase ? ` ${this.phase}` : ''} ${parts.join(', ')}\n`);
  }

  /** Redraws the bar in place (TTY mode). */
  render() {
    const s = this.stats();
    const cols = this.stream.columns || 80;
    const text = ` ${s.pct ?? ''} ${s.count} ${s.rate} ${s.eta}`.replace(/\s+/g, ' ');
    const head = `${this.label}${this.phase ? ` ${this.phase}` : ''} `;
    const width = Math.max(10, Math.min(40, cols - head.length - Math.max(text.length, 50) - 3)); // steady width
    let bar;
    if (s.f == null) {
      // Unknown total: a bouncing block shows liveness.
      const t = Math.floor((Date.now() - this.started) / 200) % (2 * (width - 3));
      const at = t < width - 3 ? t : 2 * (width - 3) - t;
      bar = `${' '.repeat(at)}###${' '.repeat(width - 3 - at)}`;
    } else {
      const full = Math.round(s.f * width);
      bar = `${'#'.repeat(full)}${'.'.repeat(width - full)}`;
    }
    this.stream.write(`\r\x1b[2K${head}[${bar}]${text}`.slice(0, cols + 8));
    this.barShown = true;
  }

  /** Prints a message above the bar (or as a line). */
  log(message) {
    if (this.barShown) this.stream.write('\r\x1b[2K');
    this.stream.write(`${this.label}: ${message}\n`);
    if (this.mode === 'bar') this.render();
  }

  /** Stops the timer and clears the bar; the script then prints its summary. */
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.barShown) {
      this.stream.write('\r\x1b[2K');
      this.barShown = false;
    }
  }

  /** Seconds since start. */
  elapsed() {
    return (Date.now() - this.started) / 1000;
  }
}

/** 12345 -> "12,345" */
export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

/** seconds -> "1h02m", "3m05s", "4.2s" */
export function fmtDuration(sec) {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.round(sec)}s`;
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}
