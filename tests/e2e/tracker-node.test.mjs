// The Tracker without a document (Node here; the same holds in workers and extensions):
// no automatic page view, no listeners, `page()` needs an explicit http(s) `url`, a clear
// `validation` error when there is no `fetch`, and a `fetch` option that is used (with
// `redirect: "manual"`, so the write key never follows a redirect).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, eventWatermark, eventsAfter, until, unique } from "./helpers.mjs";
import { Tracker, LinkflowError } from "../../pkg/tracker/node/index.mjs";

const validation = (f) => {
  try {
    f();
    return "no error";
  } catch (e) {
    return e instanceof LinkflowError && e.kind === "validation" ? "validation" : `other: ${e}`;
  }
};

test("no global fetch and no fetch option: the constructor throws a validation error", () => {
  const saved = globalThis.fetch;
  try {
    delete globalThis.fetch;
    assert.equal(validation(() => new Tracker({ channelId: "node.example", collectUrl: BASE })), "validation");
  } finally {
    globalThis.fetch = saved;
  }
});

test("without a document: no automatic page view, no listeners; page() needs an http(s) url; the fetch option carries the batches", async () => {
  const calls = [];
  const listened = [];
  globalThis.addEventListener = (type) => listened.push(type); // as in a worker: a global that can listen
  try {
    const fetch = async (url, init) => {
      calls.push({ url, init });
      return globalThis.fetch(url, init);
    };
    const marker = unique("node");
    const watermark = await eventWatermark();
    const t = new Tracker({ channelId: "node.example", collectUrl: BASE, writeKey: "wk-node", fetch, flushIntervalMs: 600000 });
    await t.flush();
    assert.equal(calls.length, 0, "no automatic page view");
    assert.deepEqual(listened, [], "no listener");
    assert.equal(validation(() => t.page()), "validation", "page() without url");
    assert.equal(validation(() => t.page({ url: "javascript:alert(1)" })), "validation");
    assert.equal(validation(() => t.page({ url: "/relative" })), "validation");
    t.page({ url: "https://shop.example/landing?utm_campaign=node", attr1: marker });
    t.track("UDE_NODE", { attr1: marker });
    await t.flush();
    assert.equal(calls.length, 1);
    assert.equal(calls[0].init.redirect, "manual");
    const body = JSON.parse(calls[0].init.body);
    assert.deepEqual(body.messages.map((m) => m.data.event), ["WEBSITE__PAGE_VIEW", "UDE_NODE"]);
    assert.ok(body.messages.every((m) => m.session_id === t.sessionId && t.sessionId > 0));
    const events = await until(async () => {
      const e = (await eventsAfter(watermark)).filter((e) => e.attr1 === marker);
      return e.length === 2 ? e : null;
    }, { what: "both events at the collector" });
    assert.equal(events[0].attr2, "https://shop.example/landing?utm_campaign=node");
    t.destroy();
  } finally {
    delete globalThis.addEventListener;
  }
});
