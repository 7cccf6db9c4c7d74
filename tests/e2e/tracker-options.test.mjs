// The Tracker's options as the module reads them (src/wasm/tracker.rs `TrackerCore::new`, over
// the driver's `text` / `num` answers): each wrong option gives its own validation message, the
// first wrong one (in the driver's reading order) wins, absent numbers take their defaults and
// given ones are used, and the flags reach the module. Both the tracker-only and the full Node
// entries (one driver, two modules). No server: a fake `fetch` records the batches.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as trackerEntry from "../../pkg/tracker/node/index.mjs";
import * as fullEntry from "../../pkg/node/index.mjs";

const BASE = "https://collect.example";
const ENTRIES = [
  ["linkflow-sdk/tracker", trackerEntry],
  ["linkflow-sdk", fullEntry],
];

/** The validation message `f` throws, or a description of what it did instead. */
function message(sdk, f) {
  try {
    const t = f();
    t.destroy();
    return "no error";
  } catch (e) {
    return e instanceof sdk.LinkflowError && e.kind === "validation" ? e.message : `other: ${e}`;
  }
}

/** A `fetch` that answers 200 and keeps what it was asked. */
function recorder() {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, body: JSON.parse(init.body) });
    return new Response("{}", { status: 200 });
  };
  return { calls, fetch };
}

const base = (fetch) => ({ channelId: "options.example", collectUrl: BASE, storage: "memory", autoPageView: false, fetch });

for (const [name, sdk] of ENTRIES) {
  test(`${name}: each wrong option names itself, the first wrong one wins`, () => {
    const { fetch } = recorder();
    const cases = [
      [{ channelId: undefined }, "Tracker: channelId must be a non-empty string"],
      [{ channelId: 7 }, "Tracker: channelId must be a non-empty string"],
      [{ collectUrl: undefined }, "Tracker: collectUrl must be a string"],
      [{ writeKey: 5 }, "Tracker: writeKey must be a string"],
      [{ flushIntervalMs: "100" }, "Tracker: flushIntervalMs is out of range"],
      [{ flushIntervalMs: -1 }, "Tracker: flushIntervalMs is out of range"],
      [{ flushIntervalMs: Number.NaN }, "Tracker: flushIntervalMs is out of range"],
      [{ batchSize: 0 }, "Tracker: batchSize is out of range"],
      [{ batchSize: "5" }, "Tracker: batchSize is out of range"],
      [{ sessionTimeoutMs: 0 }, "Tracker: sessionTimeoutMs is out of range"],
      [{ sessionTimeoutMs: Infinity }, "Tracker: sessionTimeoutMs is out of range"],
      // The driver's checks come first, then the module's, each in its own order.
      [{ channelId: "", storage: "disk" }, 'Tracker: storage must be "localStorage" or "memory"'],
      [{ channelId: "", flushIntervalMs: -1 }, "Tracker: channelId must be a non-empty string"],
      [{ collectUrl: undefined, batchSize: 0 }, "Tracker: collectUrl must be a string"],
      [{ flushIntervalMs: -1, batchSize: 0, sessionTimeoutMs: 0 }, "Tracker: flushIntervalMs is out of range"],
      [{ batchSize: 0, sessionTimeoutMs: 0 }, "Tracker: batchSize is out of range"],
      [{ dryRun: "yes", requireConsent: 1 }, "Tracker: dryRun must be a boolean"],
    ];
    for (const [over, want] of cases) {
      assert.equal(message(sdk, () => new sdk.Tracker({ ...base(fetch), ...over })), want, JSON.stringify(over));
    }
    // In range and null (absent) numbers are accepted.
    const fine = { flushIntervalMs: 0, batchSize: 1, sessionTimeoutMs: 86_400_000 };
    assert.equal(message(sdk, () => new sdk.Tracker({ ...base(fetch), ...fine })), "no error");
    const absent = { flushIntervalMs: null, batchSize: undefined, sessionTimeoutMs: null };
    assert.equal(message(sdk, () => new sdk.Tracker({ ...base(fetch), ...absent })), "no error");
  });

  test(`${name}: track() names what is wrong with the event`, () => {
    const { fetch } = recorder();
    const t = new sdk.Tracker({ ...base(fetch), channelId: "events.example" });
    const long = "track(): event must be at most 128 characters, without control characters or surrounding spaces";
    const cases = [
      ["", "track(): event must be a non-empty string"],
      [" X", long],
      ["a\u0085b", long],
      ["x".repeat(129), long],
      [7, "track(): event must be a string"],
    ];
    for (const [event, want] of cases) {
      assert.equal(message(sdk, () => (t.track(event), { destroy() {} })), want, JSON.stringify(event));
    }
    assert.equal(message(sdk, () => (t.track("联".repeat(128)), { destroy() {} })), "no error");
    t.destroy();
  });

  test(`${name}: page() carries its url, title and referrer`, async () => {
    const { calls, fetch } = recorder();
    const t = new sdk.Tracker({ ...base(fetch), channelId: "page.example", flushIntervalMs: 600_000 });
    t.page({ url: "https://shop.example/a", title: "A", referrer: "https://ref.example/" });
    t.page({ url: "https://shop.example/b" });
    t.page({ url: "https://shop.example/c", referrer: "" });
    await t.flush();
    const pages = calls.flatMap((c) => c.body.messages).map((m) => [m.data.url, m.data.title, m.data.referrer]);
    assert.deepEqual(pages, [
      ["https://shop.example/a", "A", "https://ref.example/"],
      ["https://shop.example/b", "", "https://shop.example/a"],
      ["https://shop.example/c", "", ""],
    ]);
    t.destroy();
  });

  test(`${name}: identify() takes traits nested up to 120 levels, refuses deeper ones after the id check`, async () => {
    const { calls, fetch } = recorder();
    const t = new sdk.Tracker({ ...base(fetch), channelId: "traits.example", flushIntervalMs: 600_000 });
    const nest = (levels, inner = 1) => {
      let v = inner;
      for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
      return { top: v };
    };
    const deep = "identify(): traits are nested too deeply (at most 120 levels)";
    const ok = (f) => message(sdk, () => (f(), { destroy() {} }));
    assert.equal(ok(() => t.identify("u-1", nest(119))), "no error", "120 levels");
    assert.equal(ok(() => t.identify("u-1", nest(120))), deep, "121 levels");
    assert.equal(ok(() => t.identify("u-1", nest(119, {}))), deep, "an empty object is a level too");
    assert.equal(ok(() => t.identify("", nest(200))), "identify(): externalId must be a non-empty string of at most 256 characters");
    await t.flush();
    const sent = calls.flatMap((c) => c.body.messages).filter((m) => m.action === "identify");
    assert.equal(sent.length, 1);
    let depth = 0;
    for (let v = sent[0].data.traits; typeof v === "object" && v !== null; v = Array.isArray(v) ? v[0] : Object.values(v)[0]) depth++;
    assert.equal(depth, 120);
    t.destroy();
  });

  test(`${name}: given numbers and keys are used, absent ones take their defaults`, async () => {
    // batchSize 2: a full batch goes at once; the default (larger) waits for the interval.
    const given = recorder();
    const t = new sdk.Tracker({ ...base(given.fetch), channelId: "given.example", writeKey: "wk-given", batchSize: 2, flushIntervalMs: 600_000 });
    t.track("A");
    t.track("B");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(given.calls.length, 1, "batchSize 2: sent at the second event");
    assert.match(given.calls[0].url, /[?&]token=wk-given(&|$)/);
    assert.equal(given.calls[0].body.messages.length, 2);
    t.destroy();

    const defaults = recorder();
    const d = new sdk.Tracker({ ...base(defaults.fetch), channelId: "defaults.example", flushIntervalMs: 600_000 });
    d.track("A");
    d.track("B");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(defaults.calls.length, 0, "the default batch size is more than 2");
    await d.flush();
    assert.equal(defaults.calls.length, 1);
    assert.match(defaults.calls[0].url, /[?&]token=defaults\.example(&|$)/, "writeKey defaults to the channel id");
    d.destroy();

    // flushIntervalMs 0: a partial batch goes on the next timer turn.
    const soon = recorder();
    const s = new sdk.Tracker({ ...base(soon.fetch), channelId: "soon.example", flushIntervalMs: 0 });
    s.track("A");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(soon.calls.length, 1, "flushIntervalMs 0");
    s.destroy();
  });

  test(`${name}: the flags reach the module (requireConsent, beforeSend, privacy signals) and dryRun sends nothing`, async () => {
    const { calls, fetch } = recorder();
    const pending = new sdk.Tracker({ ...base(fetch), requireConsent: true });
    assert.equal(pending.consent, "pending");
    pending.destroy();
    const granted = new sdk.Tracker({ ...base(fetch), channelId: "granted.example" });
    assert.equal(granted.consent, "granted");
    granted.destroy();

    const logs = [];
    const logger = { debug: (...a) => logs.push(a), warn: () => {} };
    const dry = new sdk.Tracker({ ...base(fetch), channelId: "dry.example", dryRun: true, logger });
    dry.track("A");
    await dry.flush();
    assert.equal(calls.length, 0, "dryRun sends nothing");
    assert.ok(logs.some(([text]) => text === "linkflow Tracker: dry run, batch not sent"));
    dry.destroy();

    const seen = [];
    const hooked = new sdk.Tracker({ ...base(fetch), channelId: "hooked.example", beforeSend: (m) => (seen.push(m.data.event), m) });
    hooked.track("HOOKED");
    assert.deepEqual(seen, ["HOOKED"]);
    hooked.destroy();

    const had = Object.getOwnPropertyDescriptor(globalThis, "navigator");
    const signals = [
      [{ globalPrivacyControl: true }, true, "denied"],
      [{ globalPrivacyControl: false }, true, "granted"],
      [{ doNotTrack: "1" }, true, "denied"],
      [{ globalPrivacyControl: true }, false, "granted"],
    ];
    try {
      for (const [navigator, respect, want] of signals) {
        Object.defineProperty(globalThis, "navigator", { value: navigator, configurable: true, writable: true });
        const t = new sdk.Tracker({ ...base(fetch), channelId: "signals.example", respectPrivacySignals: respect });
        assert.equal(t.consent, want, `${JSON.stringify(navigator)}, respectPrivacySignals ${respect}`);
        t.destroy();
      }
    } finally {
      if (had) Object.defineProperty(globalThis, "navigator", had);
      else delete globalThis.navigator;
    }
  });
}
