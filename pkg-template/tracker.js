// The public `Tracker` class: the JS driver of the tracker's state machine (the wasm
// `TrackerCore`, src/wasm/tracker.rs over src/track/machine.rs). The ONE implementation:
// scripts/assemble-pkg.mjs appends this file to pkg-template/entry.js's body in every entry
// whose module has `TrackerCore` (the tracker entries and the full ones). Plain ES2020, no
// import/export. In scope: `__wasm`, `LinkflowError`.
//
// This side does what needs the page: it reads the options, installs the listeners and
// `history` wrappers, runs the timers, `fetch` and storage, and calls the page's hooks
// (`beforeSend`, `onDrop`, `logger`). What to record, store, send and retry, and every
// default and limit, is decided in Rust; it asks this side through the host object
// (`TrackerHost`), synchronously. A page callback's exception never reaches the module.

/** Live trackers of this module instance, by channel id (a second one takes over). */
const TRACKER_LIVE = new Map();
/** A regular send is given up (and retried later) after this long. */
const TRACKER_SEND_TIMEOUT_MS = 30000;
/** Deepest nesting `identify` takes in `traits`: a message sits inside a batch
 * (`{"messages":[{"traits":…}]}`), and JSON parsers, ours and the collector's, stop at 128
 * levels. The module's message for deeper traits names it (src/wasm/tracker.rs, op.identify). */
const TRACKER_TRAITS_MAX_DEPTH = 120;

/** `core.op(code, …)`: one export for every call of the driver; `undefined` arguments are absent. The
 * codes are the constants of src/wasm/tracker.rs's `op` module, each call site's number followed by a comment
 * naming it, `op.name` (tests/track_codes.rs checks them). */
const trackerOp = (core, code, x, y, a, v) => core.op(code, x, y, a, v);

const trackerBad = (message) => new LinkflowError(message, { kind: "validation" });

/** `obj[key]`, undefined when it throws. */
function trackerRead(obj, key) {
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

/** `globalThis[name]`, undefined when reading it throws (blocked storage). */
const trackerGlobal = (name) => trackerRead(globalThis, name);

/** `obj[key]` as a string, "" for anything else or a read that throws. */
function trackerText(obj, key) {
  const v = trackerRead(obj, key);
  return typeof v === "string" ? v : "";
}

/** An object that is not an array; a value that throws when asked (a revoked Proxy) is not. */
function trackerIsObject(v) {
  try {
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

const trackerHasDocument = () => typeof trackerGlobal("document") === "object" && trackerGlobal("document") !== null;

/** True when `v` (plain JSON data) nests arrays and objects at most `levels` deep (`{}` is 1);
 * recurses no deeper than that, so hostile input cannot exhaust the stack. */
function trackerFits(v, levels) {
  return typeof v !== "object" || v === null || (levels > 0 && Object.values(v).every((x) => trackerFits(x, levels - 1)));
}

/** A timer that does not keep Node alive. */
function trackerTimer(f, ms) {
  const id = setTimeout(f, ms);
  if (id && typeof id.unref === "function") id.unref();
  return id;
}

/** `globalThis[name]` if a probe write works (storage not blocked, quota not zero). */
function trackerArea(name) {
  try {
    const area = globalThis[name];
    area.setItem("linkflow:probe", "1");
    area.removeItem("linkflow:probe");
    return area;
  } catch {
    return undefined;
  }
}

/**
 * What the state machine asks of the page (src/track/host.rs names each question). Storage
 * never fails: values `localStorage` refuses (quota) stay in memory, so reads stay consistent.
 */
class TrackerHost {
  /** `o`: what trackerOptions read, kept whole: the options under their `ask` codes (the
   * module's), `_fetch`, `_logger`, `_debugOn`, `_dryRun`, `_onDrop` (this side's; the rest,
   * `_channelId`, `_autoPageView`, `_beforeSend`, are the Tracker's). */
  constructor(o) {
    Object.assign(this, o);
    this._core = null;
    this._area = undefined;
    this._memory = new Map();
    this._timer = undefined;
    this._waiters = [];
    this._drops = 0;
    this._dropWhy = "";
    this._dropScheduled = false;
  }

  // The calls the module makes, a few by shape, each with a code (src/wasm/tracker/host.rs,
  // module `ask`): one import each instead of one per question. Every code is written as its
  // number followed by a comment naming it, `ask.name` (a branch that takes the rest: in a
  // comment above it); tests/track_codes.rs checks each against the Rust constant.
  // 3 /* ask.persistent */: the last branch (flags as 1 / 0). Codes above 3: the options
  // (trackerOptions), read by the constructor.
  num(what) {
    return what > 3 ? this[what] : what === 0 /* ask.now */ ? Date.now() : what === 1 /* ask.random */ ? Math.random() : +(what === 2 /* ask.online */ ? this._online() : this._area !== undefined);
  }
  // 3 /* ask.peek */: the last branch.
  text(what, key) {
    return what > 3 ? this[what] : what === 0 /* ask.href */ ? this._href() : what === 1 /* ask.title */ ? trackerText(trackerGlobal("document"), "title") : what === 2 /* ask.get */ ? this._get(key) : this._read(trackerGlobal("localStorage"), key);
  }
  // 4 /* ask.erase */ and 5 /* ask.eraseSession */ (from sessionStorage) below 6, then
  // 6 /* ask.openMemory */ and 7 /* ask.openPersistent */: openStore(false / true).
  store(what, key, value) {
    if (what === 1 /* ask.trySet */) return this._trySet(key, value);
    if (what === 0 /* ask.set */) this._set(key, value);
    else if (what === 2 /* ask.remove */) this._remove(key);
    else if (what === 3 /* ask.poke */) {
      try {
        globalThis.localStorage.setItem(key, value);
      } catch {
        // Blocked storage: nothing to remember the decision in.
      }
    } else if (what < 6) this._erase(key, what === 5 /* ask.eraseSession */);
    else {
      this._area = what === 7 /* ask.openPersistent */ ? trackerArea("localStorage") : undefined;
      this._memory = new Map();
    }
    return true;
  }
  // 2 /* ask.scheduleSave */: the last branch.
  clock(what, ms) {
    if (what === 0 /* ask.schedule */) this._schedule(ms);
    else if (what === 1 /* ask.unschedule */) this._unschedule();
    else trackerTimer(() => trackerOp(this._core, 14 /* op.save */), ms);
  }
  // 4 /* ask.batch */ (text, count, status): the last branch.
  note(what, text, detail, count, status) {
    if (what === 0 /* ask.drained */) this._drained();
    else if (what === 1 /* ask.dropped */) this._dropped(count, text);
    else if (!this._debugOn) return;
    else if (what === 2 /* ask.recorded */) {
      const label = count !== 0 ? "linkflow Tracker: recorded (consent pending: kept in memory, not sent)" : "linkflow Tracker: recorded";
      this._log("debug", label, JSON.parse(text));
    } else this._log("debug", text, what === 3 /* ask.debug */ ? detail : { count, status });
  }

  randomBytes(out) {
    try {
      globalThis.crypto.getRandomValues(out);
    } catch {
      for (let i = 0; i < out.length; i++) out[i] = Math.floor(Math.random() * 256);
    }
  }
  _href() {
    return trackerText(trackerGlobal("location"), "href");
  }
  _online() {
    try {
      return globalThis.navigator.onLine !== false;
    } catch {
      return true;
    }
  }

  _get(key) {
    if (this._memory.has(key)) return this._memory.get(key);
    return this._area === undefined ? undefined : this._read(this._area, key);
  }
  _set(key, value) {
    if (!this._trySet(key, value)) this._memory.set(key, value);
  }
  _trySet(key, value) {
    if (this._area === undefined) return false;
    try {
      this._area.setItem(key, value);
    } catch {
      return false;
    }
    this._memory.delete(key);
    return true;
  }
  _remove(key) {
    this._memory.delete(key);
    if (this._area !== undefined) this._erase(key, false);
  }
  _read(area, key) {
    try {
      const v = area.getItem(key);
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
  _erase(key, session) {
    try {
      globalThis[session ? "sessionStorage" : "localStorage"].removeItem(key);
    } catch {
      // Blocked storage holds nothing.
    }
  }

  _schedule(ms) {
    this._unschedule();
    this._timer = trackerTimer(() => {
      this._timer = undefined;
      trackerOp(this._core, 13 /* op.tick */);
    }, ms);
  }
  _unschedule() {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
  }

  /** Posts a batch: the status when known now (a dry run, a `fetch` that throws), else -1
   * and the `answered` op later (status 0: no answer). */
  post(id, url, body, keepalive, count) {
    if (this._dryRun) {
      let batch = null;
      try {
        batch = JSON.parse(body);
        delete batch.write_key;
      } catch {
        // It was built as JSON; nothing to hide otherwise.
      }
      this._log("debug", "linkflow Tracker: dry run, batch not sent", batch);
      return 200;
    }
    const init = { method: "POST", redirect: "manual", body, headers: { "Content-Type": "text/plain;charset=UTF-8" } };
    if (keepalive) init.keepalive = true;
    else if (typeof AbortSignal === "function" && typeof AbortSignal.timeout === "function") init.signal = AbortSignal.timeout(TRACKER_SEND_TIMEOUT_MS);
    let p;
    try {
      p = (this._fetch || globalThis.fetch).call(globalThis, url, init);
    } catch {
      p = undefined;
    }
    if (!(p instanceof Promise)) {
      this.note(4 /* ask.batch */, "linkflow Tracker: fetch failed, will retry", "", count, 0);
      return 0;
    }
    // One callback for both outcomes: a rejection reason has no `status`.
    const settle = (r) => {
      let status = 0;
      try {
        status = r.status;
      } catch {
        status = 0;
      }
      trackerOp(this._core, 15 /* op.answered */, id, typeof status === "number" && status >= 0 && status < 1000 ? status : 0);
    };
    p.then(settle, settle);
    return -1;
  }

  _drained() {
    const waiters = this._waiters;
    this._waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Counts drops; all the drops of one task make one `onDrop(count)` (or one warning). */
  _dropped(count, why) {
    this._drops += count;
    this._dropWhy = why;
    if (this._dropScheduled) return;
    this._dropScheduled = true;
    Promise.resolve().then(() => {
      this._dropScheduled = false;
      const n = this._drops;
      this._drops = 0;
      if (n === 0) return;
      const onDrop = this._onDrop;
      if (onDrop) {
        try {
          onDrop(n);
        } catch {
          // The page's hook: its failure is its own.
        }
      } else this._log("warn", this._dropWhy, n);
    });
  }

  /** Never logs the write key: messages carry none, batch outcomes are counts and statuses. */
  _log(level, text, value) {
    try {
      this._logger[level](text, value);
    } catch {
      // A logger that throws loses its line, nothing else.
    }
  }
}

/** Reads the options: types here, values (and their defaults) in Rust. */
function trackerOptions(options) {
  if (!trackerIsObject(options)) throw trackerBad("Tracker options must be an object: { channelId, collectUrl }");
  const opt = (key) => trackerRead(options, key) ?? undefined;
  const typed = (key, type, what, fallback) => {
    const v = opt(key);
    if (v === undefined) return fallback;
    if (typeof v !== type) throw trackerBad(`Tracker: ${key} must be ${what}`);
    return v;
  };
  const flag = (key, fallback) => typed(key, "boolean", "a boolean", fallback);
  const fn = (key) => typed(key, "function", "a function", undefined);
  // A number option as the module reads it: absent is `undefined` (NaN in wasm, "take the
  // default"); anything but a number, and NaN itself, is Infinity (out of range).
  const number = (key) => {
    const v = opt(key);
    return v === undefined || (typeof v === "number" && v === v) ? v : Infinity;
  };
  const text = (key) => {
    const v = opt(key);
    return typeof v === "string" ? v : undefined;
  };
  const channelId = text("channelId");
  const writeKey = typed("writeKey", "string", "a string", undefined);
  const collectUrl = text("collectUrl");
  const autoPageView = flag("autoPageView", true);
  const storage = opt("storage");
  if (storage !== undefined && storage !== "localStorage" && storage !== "memory") throw trackerBad('Tracker: storage must be "localStorage" or "memory"');
  const onDrop = fn("onDrop");
  const beforeSend = fn("beforeSend");
  const fetch = fn("fetch");
  if (!fetch && typeof trackerGlobal("fetch") !== "function") throw trackerBad("Tracker: there is no global fetch here: pass the fetch option");
  let logger = opt("logger");
  if (logger === undefined) logger = trackerGlobal("console");
  else if (!["debug", "warn"].every((m) => typeof trackerRead(logger, m) === "function")) {
    throw trackerBad("Tracker: logger must be an object with debug and warn functions");
  }
  const respect = flag("respectPrivacySignals", false);
  const navigator = trackerGlobal("navigator");
  let gpc;
  let dnt = "";
  if (respect) {
    const g = trackerRead(navigator, "globalPrivacyControl");
    gpc = typeof g === "boolean" ? g : undefined;
    dnt = trackerText(navigator, "doNotTrack") || trackerText(globalThis, "doNotTrack");
  }
  const flushIntervalMs = number("flushIntervalMs");
  const batchSize = number("batchSize");
  const sessionTimeoutMs = number("sessionTimeoutMs");
  const debug = flag("debug", false);
  const dryRun = flag("dryRun", false);
  const requireConsent = flag("requireConsent", false);
  // What the module reads, once, in its constructor: the host's `text` / `num` answer these
  // codes (src/wasm/tracker/host.rs, `ask`). Then the driver's own.
  return {
    4 /* ask.channelId */: channelId,
    5 /* ask.writeKey */: writeKey,
    6 /* ask.collectUrl */: collectUrl,
    7 /* ask.dnt */: dnt,
    8 /* ask.referrer */: trackerText(trackerGlobal("document"), "referrer"),
    // The flag bits of src/wasm/tracker.rs's `flag` module (tests/track_codes.rs).
    9 /* ask.flags */:
      (storage !== "memory" ? 1 /* flag.persistent */ : 0) |
      (requireConsent ? 2 /* flag.requireConsent */ : 0) |
      (dryRun ? 4 /* flag.dryRun */ : 0) |
      (beforeSend !== undefined ? 8 /* flag.hooked */ : 0) |
      (gpc !== undefined ? 16 /* flag.gpcKnown */ : 0) |
      (gpc ? 32 /* flag.gpc */ : 0),
    10 /* ask.flushIntervalMs */: flushIntervalMs,
    11 /* ask.batchSize */: batchSize,
    12 /* ask.sessionTimeoutMs */: sessionTimeoutMs,
    _channelId: channelId,
    _autoPageView: autoPageView,
    _onDrop: onDrop,
    _beforeSend: beforeSend,
    _fetch: fetch,
    _logger: logger,
    _debugOn: debug,
    _dryRun: dryRun,
  };
}

/**
 * Browser site tracking: page views, custom events and identify, queued in `localStorage`,
 * batched to the collector and retried until it accepts them. API.md, Tracker section.
 */
class Tracker {
  constructor(options) {
    const o = trackerOptions(options);
    const host = new TrackerHost(o);
    const core = new __wasm.TrackerCore(host);
    host._core = core;
    this._core = core;
    this._host = host;
    this._channelId = o._channelId;
    this._beforeSend = o._beforeSend;
    this._listeners = [];
    this._wrapped = [];
    this._autoPending = false;
    // A live tracker of the same channel hands over (before the wrappers are installed,
    // so they wrap the page's own `history` methods): its queue moves here.
    const previous = TRACKER_LIVE.get(o._channelId)?.deref();
    let previousUrl;
    if (previous && !trackerOp(previous._core, 21 /* op.isDestroyed */)) {
      previous._teardown();
      previousUrl = core.takeOver(previous._core);
      previous._host._drained();
    }
    TRACKER_LIVE.set(o._channelId, typeof WeakRef === "function" ? new WeakRef(this) : { deref: () => this });
    const auto = o._autoPageView && trackerHasDocument();
    this._install(auto);
    if (auto && previousUrl !== host._href()) {
      trackerOp(core, 22 /* op.clearAttrs */);
      this._record(trackerOp(core, 8 /* op.page */));
    }
    trackerOp(core, 0 /* op.start */);
  }

  /** Listeners (only where there is a `document`) and, for automatic page views, the
   * `history.pushState` / `replaceState` wrappers and `popstate`. Each one is remembered. */
  _install(auto) {
    if (!trackerHasDocument()) return;
    const core = this._core;
    const document = trackerGlobal("document");
    const listen = (target, event, f) => {
      try {
        target.addEventListener(event, f);
        this._listeners.push([target, event, f]);
      } catch {
        // No such target here: nothing to follow.
      }
    };
    listen(globalThis, "pagehide", () => trackerOp(core, 16 /* op.pagehide */));
    listen(document, "visibilitychange", () => {
      if (trackerText(document, "visibilityState") === "hidden") trackerOp(core, 16 /* op.pagehide */);
    });
    listen(globalThis, "online", () => trackerOp(core, 17 /* op.online */));
    listen(globalThis, "storage", (e) => trackerOp(core, 18 /* op.storage */, 0, 0, trackerText(e, "key"), trackerText(e, "newValue")));
    if (!auto) return;
    // A history navigation is looked at once the page's own code has run (it usually sets
    // the title right after pushState): one page view when the URL changed.
    const soon = () => {
      if (this._autoPending || trackerOp(core, 21 /* op.isDestroyed */)) return;
      this._autoPending = true;
      trackerTimer(() => {
        this._autoPending = false;
        this._record(trackerOp(core, 9 /* op.navigated */));
      }, 0);
    };
    const history = trackerGlobal("history");
    for (const name of ["pushState", "replaceState"]) {
      const original = trackerRead(history, name);
      if (typeof original !== "function") continue;
      const wrapper = function (state, unused, url) {
        const result = original.call(history, state, unused, url);
        soon();
        return result;
      };
      try {
        history[name] = wrapper;
        this._wrapped.push([history, name, original, wrapper]);
      } catch {
        // A frozen history: no automatic page views on navigation.
      }
    }
    listen(globalThis, "popstate", soon);
  }

  /** Removes every listener, puts back the `history` methods (a wrapper someone else
   * wrapped again stays, inert), stops the timer. */
  _teardown() {
    for (const [target, event, f] of this._listeners.splice(0)) {
      try {
        target.removeEventListener(event, f);
      } catch {
        // Gone with its target.
      }
    }
    for (const [history, name, original, wrapper] of this._wrapped.splice(0)) {
      try {
        if (history[name] === wrapper) history[name] = original;
      } catch {
        // Frozen since: the wrapper stays, inert.
      }
    }
    this._host._unschedule();
  }

  /** A message the core built: `beforeSend` sees a copy before it is queued. */
  _record(json) {
    if (json === undefined || json === null) return;
    const copy = JSON.parse(json);
    const id = copy.message_id;
    let out;
    let ok = true;
    try {
      const hook = this._beforeSend;
      out = hook(copy);
    } catch {
      ok = false;
    }
    trackerOp(this._core, 11 /* op.hooked */, ok ? 1 : 0, 0, id, out);
  }

  /** Stages `attr1`..`attr20` (and, for page views, returns `url` / `title` / `referrer`). */
  _attrs(attrs, page) {
    const core = this._core;
    trackerOp(core, 22 /* op.clearAttrs */);
    const over = {};
    if (attrs === undefined || attrs === null) return over;
    if (!trackerIsObject(attrs)) throw trackerBad("attributes must be an object: { attr1, …, attr20 }");
    let keys;
    try {
      keys = Object.keys(attrs);
    } catch {
      throw trackerBad("attributes could not be read");
    }
    for (const key of keys) {
      let v;
      try {
        v = attrs[key];
      } catch {
        throw trackerBad("attributes could not be read");
      }
      if (v === undefined || v === null) continue;
      if (page && (key === "url" || key === "title" || key === "referrer")) {
        if (typeof v !== "string") throw trackerBad(`page(): ${key} must be a string`);
        over[key] = v;
        continue;
      }
      const ok = typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
      if (!ok) throw trackerBad(`attribute ${key} must be a string, a finite number or a boolean`);
      if (!trackerOp(core, 6 /* op.attr */, 0, 0, key, String(v))) throw trackerBad(`unknown attribute ${key}: use attr1 … attr20`);
    }
    return over;
  }

  get anonymousId() {
    return trackerOp(this._core, 1 /* op.anonymousId */);
  }
  get externalId() {
    return trackerOp(this._core, 2 /* op.externalId */) ?? null;
  }
  get sessionId() {
    return trackerOp(this._core, 3 /* op.sessionId */);
  }
  get consent() {
    return trackerOp(this._core, 4 /* op.consent */);
  }

  setConsent(granted) {
    if (typeof granted !== "boolean") throw trackerBad("setConsent(): granted must be a boolean");
    trackerOp(this._core, 5 /* op.setConsent */, granted ? 1 : 0);
  }

  page(attrs) {
    const over = this._attrs(attrs, true);
    if (over.url === undefined && !trackerHasDocument()) throw trackerBad("page(): url is required where there is no document");
    this._record(trackerOp(this._core, 8 /* op.page */, 0, 0, over.url, over));
  }

  track(event, attrs) {
    if (typeof event !== "string") throw trackerBad("track(): event must be a string");
    this._attrs(attrs, false);
    this._record(trackerOp(this._core, 7 /* op.track */, 0, 0, event));
  }

  identify(externalId, traits) {
    if (typeof externalId !== "string") throw trackerBad("identify(): externalId must be a string");
    let copy;
    if (traits !== undefined && traits !== null) {
      if (!trackerIsObject(traits)) throw trackerBad("identify(): traits must be an object");
      try {
        copy = JSON.parse(JSON.stringify(traits));
      } catch {
        throw trackerBad("identify(): traits must be JSON-serializable");
      }
    }
    const deep = !trackerFits(copy, TRACKER_TRAITS_MAX_DEPTH);
    this._record(trackerOp(this._core, 10 /* op.identify */, deep ? 1 : 0, 0, externalId, copy));
  }

  identity() {
    return { channelId: this._channelId, externalId: this.externalId, anonymousId: this.anonymousId };
  }

  flush() {
    return new Promise((resolve) => {
      const waiters = this._host._waiters;
      waiters.push(resolve);
      if (!trackerOp(this._core, 12 /* op.flush */)) {
        waiters.splice(waiters.indexOf(resolve), 1);
        resolve();
      }
    });
  }

  reset() {
    trackerOp(this._core, 19 /* op.reset */);
  }

  destroy() {
    if (trackerOp(this._core, 21 /* op.isDestroyed */)) return;
    this._teardown();
    trackerOp(this._core, 20 /* op.destroy */);
    if (TRACKER_LIVE.get(this._channelId)?.deref() === this) TRACKER_LIVE.delete(this._channelId);
  }

  /** Releases nothing: a tracker keeps running until `destroy()` (its listeners hold it). */
  free() {}
}

// `[Symbol.dispose]` stops a tracker as `destroy()` does (`using t = new Tracker(…)`).
if (typeof Symbol.dispose === "symbol") {
  Object.defineProperty(Tracker.prototype, Symbol.dispose, {
    value: function () {
      this.destroy();
    },
    writable: true,
    configurable: true,
  });
}
