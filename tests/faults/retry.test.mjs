// Scenario 2: 503/429 storms and Retry-After. Every GET succeeds within maxRetries; the
// server's Retry-After is waited for (measured); a create (events.create, groups.create,
// channels.create: Replay::Create) is never repeated unless the server said it did not act
// (429, or 503 with Retry-After), counted on the server per route and in its stored data.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { BASE, KEY, SECRET, CHANNEL_ID, sdk, stats, faults, resetServer, recorder, routeCount, apiRequests, rejection, eventsAfter, api, unique, sleep } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = await sdk();
const SEED = 40;

beforeEach(async () => {
  await resetServer(SEED);
});

const client = (rec, opts = {}) => new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET, fetch: rec.fetch, ...opts });

/** Attempts grouped by URL (method + path + query). */
const byUrl = (log) => {
  const m = new Map();
  for (const e of log) {
    const k = `${e.method} ${e.url}`;
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(e);
  }
  return m;
};

// 30% of every request (GET /token included) answered 503, no Retry-After.
// maxRetries = 10: a call fails only if all 11 attempts are refused: 0.3^11 ≈ 1.8e-6 per call;
// for the 100 calls plus the token request, ≈ 1.8e-4 per run. The worst case a call can wait
// is the backoff sum 0.5+1+2+4+8×6 s, but needing even 5 retries has probability 0.3^5 ≈ 0.24%.
const MAX_RETRIES = 10;

test("503 storm: 30% of requests answered 503; 100 concurrent GETs all succeed within maxRetries (10), each refused attempt retried once after a full-jitter backoff", async () => {
  await faults({ failRate: 0.3, failStatus: 503 });
  const rec = recorder();
  const c = client(rec, { maxRetries: MAX_RETRIES });
  // 100 distinct URLs, so that each call's attempts can be told apart.
  const calls = [];
  for (let i = 0; i < 34; i++) calls.push(c.contacts.list({ page: i, size: 1 }));
  for (let i = 0; i < 33; i++) calls.push(c.events.list({ lastMaxId: i, size: 1 }));
  for (let i = 0; i < 33; i++) calls.push(c.contacts.getMany([i + 1]));
  const results = await Promise.allSettled(calls);
  const failed = results.filter((r) => r.status === "rejected");
  assert.deepEqual(failed.map((r) => `${r.reason?.kind} ${r.reason?.status}: ${r.reason?.message}`), [], "every GET succeeds");
  assert.ok(results.slice(0, 34).every((r) => r.value.length === 1));

  const groups = byUrl(rec.log.filter((e) => e.path !== "/token"));
  assert.equal(groups.size, 100);
  let retries = 0;
  const histogram = new Map();
  for (const [url, attempts] of groups) {
    const last = attempts.at(-1);
    assert.equal(last.status, 200, `${url}: the last attempt succeeded`);
    assert.ok(attempts.slice(0, -1).every((a) => a.status === 503), `${url}: only refused attempts were retried`);
    assert.ok(attempts.length <= MAX_RETRIES + 1, `${url}: at most maxRetries + 1 attempts`);
    histogram.set(attempts.length, (histogram.get(attempts.length) ?? 0) + 1);
    for (let k = 1; k < attempts.length; k++) {
      retries++;
      const gap = attempts[k].start - attempts[k - 1].end;
      const step = Math.min(8000, 500 * 2 ** (k - 1));
      assert.ok(gap <= step + 150, `${url}: retry ${k} after ${gap.toFixed(0)} ms, full jitter allows at most ${step} ms`);
    }
  }
  const s = await stats();
  const refused = rec.log.filter((e) => e.status === 503).length;
  assert.equal(s.faultsFailed, refused, "every 503 the server sent reached the client");
  assert.equal(apiRequests(s), rec.log.length, "the server saw exactly the client's attempts");
  const share = refused / rec.log.length;
  assert.ok(share > 0.12 && share < 0.5, `the storm happened: ${(share * 100).toFixed(0)}% refused`);
  console.log(`  ${rec.log.length} attempts, ${refused} refused (${(share * 100).toFixed(0)}%), ${retries} retries; attempts per call: ${JSON.stringify(Object.fromEntries([...histogram].sort()))}`);
});

test("503 storm: identify (an upsert) is retried and each of 30 contacts exists exactly once", async () => {
  await faults({ failRate: 0.3, failStatus: 503, paths: ["/identifiers"] });
  const rec = recorder();
  const c = client(rec, { maxRetries: MAX_RETRIES });
  const tag = unique("idf");
  const results = await Promise.allSettled(
    Array.from({ length: 30 }, (_, i) => c.contacts.identify({ externalId: `${tag}-${i}`, channel: { channelId: CHANNEL_ID }, name: `n${i}` })),
  );
  assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => r.reason?.message), []);
  const s = await stats();
  assert.equal(s.store.contacts, SEED + 30, "one contact per externalId, however often it was sent");
  assert.equal(new Set(results.map((r) => r.value.id)).size, 30);
  assert.ok(s.faultsFailed > 0, "some identify was refused and retried");
  assert.equal(routeCount(s, "/identifiers"), 30 + s.faultsFailed);
});

test("Retry-After: a GET refused with 429 + Retry-After: 1 is retried no sooner than 1 s later (a 503 without it after ≤ 500 ms of backoff)", async () => {
  let flip = true;
  const rec = recorder({
    onAnswer: async (e) => {
      // Let the first refused attempt through to the SDK, then stop refusing.
      if (flip && (e.status === 429 || e.status === 503)) {
        flip = false;
        await faults({ reset: true });
      }
    },
  });
  const c = client(rec, { maxRetries: 3 });
  await c.channels.types(); // the token first: only the GET below is measured

  await faults({ failRate: 1, failStatus: 429, retryAfterSecs: 1, paths: ["/channels/meta/types"] });
  const t0 = performance.now();
  const types = await c.channels.types();
  const total = performance.now() - t0;
  assert.equal(types.length, 24);
  const [refused, retried, ...more] = rec.of("/channels/meta/types").slice(1);
  assert.equal(more.length, 0, "two attempts");
  assert.equal(refused.status, 429);
  assert.equal(refused.retryAfter, "1");
  assert.equal(retried.status, 200);
  const gap = retried.start - refused.end;
  assert.ok(gap >= 995, `Retry-After: 1 honored: the retry came ${gap.toFixed(0)} ms after the 429`);
  assert.ok(gap < 1500, `and not much later (${gap.toFixed(0)} ms)`);

  // Without Retry-After the first backoff step is full jitter over 500 ms.
  flip = true;
  await faults({ failRate: 1, failStatus: 503, paths: ["/channels/meta/types"] });
  await c.channels.types();
  const [r503, ok503] = rec.of("/channels/meta/types").slice(3);
  assert.equal(r503.status, 503);
  assert.equal(r503.retryAfter, null);
  assert.equal(ok503.status, 200);
  const gap503 = ok503.start - r503.end;
  assert.ok(gap503 <= 650, `backoff without Retry-After: ${gap503.toFixed(0)} ms`);
  console.log(`  429 + Retry-After 1: retried after ${gap.toFixed(0)} ms (call took ${total.toFixed(0)} ms); 503 without: after ${gap503.toFixed(0)} ms`);
});

// ------------------------------------------------------------------------------ creates

/** The three creates, each with a unique payload, and how to count what landed. */
function creates(c, tag) {
  return [
    {
      name: "events.create",
      route: "/ude",
      run: () => c.events.create({ event: "UDE_FAULT", channelId: CHANNEL_ID, externalId: `${tag}-u`, attr1: tag }),
      landed: async () => (await eventsAfter(0)).filter((e) => e.attr1 === tag).length,
    },
    {
      name: "groups.create",
      route: "/v2/groups",
      run: () => c.groups.create({ name: `${tag}-g` }),
      landed: async () => (await api(`/v2/groups?name=${encodeURIComponent(`${tag}-g`)}`)).filter((g) => g.name === `${tag}-g`).length,
    },
    {
      name: "channels.create",
      route: "/udc",
      // No channelId: the server makes one up, so a repeated create would make two channels.
      run: () => c.channels.create({ name: `${tag}-c` }),
      landed: async () => (await stats()).store.channels,
    },
  ];
}

test("creates + 503 without Retry-After (and 500 with it): each create is attempted exactly once and rejects with the status; nothing is created", async () => {
  for (const [status, retryAfterSecs] of [
    [503, null],
    [500, 1],
  ]) {
    await resetServer(SEED);
    const before = await stats();
    await faults({ failRate: 1, failStatus: status, retryAfterSecs, paths: ["/ude", "/v2/groups", "/udc"] });
    const rec = recorder();
    const c = client(rec, { maxRetries: 5 });
    const tag = unique(`c${status}`);
    for (const op of creates(c, tag)) {
      const err = await rejection(op.run(), op.name);
      assert.ok(err instanceof LinkflowError, `${op.name}: a LinkflowError`);
      assert.equal(err.kind, "http", `${op.name}: ${err.message}`);
      assert.equal(err.status, status);
      assert.equal(err.code, "FAULT");
      const s = await stats();
      assert.equal(routeCount(s, op.route), 1, `${op.name} + ${status}${retryAfterSecs ? " with Retry-After" : ""}: attempted exactly once`);
      assert.equal(rec.of(op.route, "POST").length, 1);
    }
    const s = await stats();
    assert.equal(s.store.events, before.store.events, "no event created");
    assert.equal(s.store.groups, before.store.groups, "no group created");
    assert.equal(s.store.channels, before.store.channels, "no channel created");
  }
});

test("creates + 503 with Retry-After: 1, and + 429: retried (after ≥ 1 s with the header) and each lands exactly once", async () => {
  for (const [status, retryAfterSecs] of [
    [503, 1],
    [429, 1],
    [429, null],
  ]) {
    await resetServer(SEED);
    const tag = unique(`r${status}`);
    const refusing = { on: false };
    const rec = recorder({
      onAnswer: async (e) => {
        if (refusing.on && e.status === status) {
          refusing.on = false;
          await faults({ reset: true });
        }
      },
    });
    const c = client(rec, { maxRetries: 5 });
    await c.channels.types(); // token
    for (const op of creates(c, tag)) {
      const landedBefore = await op.landed();
      await faults({ failRate: 1, failStatus: status, retryAfterSecs, paths: [op.route] });
      refusing.on = true;
      const sent = routeCount(await stats(), op.route);
      const out = await op.run();
      const seen = routeCount(await stats(), op.route) - sent;
      assert.ok(out && typeof out === "object", `${op.name}: resolved`);
      const attempts = rec.of(op.route, "POST");
      assert.deepEqual(attempts.map((a) => a.status), [status, 200], `${op.name}: refused once, then accepted`);
      if (retryAfterSecs) {
        const gap = attempts[1].start - attempts[0].end;
        assert.ok(gap >= 995, `${op.name}: Retry-After honored (${gap.toFixed(0)} ms)`);
      }
      assert.equal((await op.landed()) - landedBefore, 1, `${op.name} after ${status}${retryAfterSecs ? " + Retry-After" : ""}: landed exactly once`);
      assert.equal(seen, 2, `${op.name}: the server saw two attempts`);
    }
  }
});

test("creates + dropped connection or timeout: not repeated (attempted exactly once), even though after a stall the server did act", async () => {
  const rec = recorder();
  const c = client(rec, { maxRetries: 5, timeoutMs: 300 });
  await c.channels.types(); // token
  const tag = unique("nr");
  const [ude] = creates(c, tag);

  await faults({ dropRate: 1, paths: ["/ude"] });
  const dropped = await rejection(ude.run(), "events.create over a dropped connection");
  assert.equal(dropped.kind, "network", dropped.message);
  let s = await stats();
  assert.equal(routeCount(s, "/ude"), 1, "dropped: attempted once");
  assert.equal(s.faultsDropped, 1);
  assert.equal(await ude.landed(), 0, "dropped before the server acted: nothing created");

  await faults({ dropRate: null, stallMs: 900 });
  const t0 = performance.now();
  const timedOut = await rejection(ude.run(), "events.create against a stalled server");
  const waited = performance.now() - t0;
  assert.equal(timedOut.kind, "timeout", timedOut.message);
  assert.ok(waited >= 290 && waited < 800, `one attempt of timeoutMs 300 (${waited.toFixed(0)} ms)`);
  await sleep(900); // the stalled request is handled after all
  s = await stats();
  assert.equal(routeCount(s, "/ude"), 2, "timeout: attempted once");
  assert.equal(await ude.landed(), 1, "the server acted on the timed-out create: a retry would have created it twice");

  await faults({ reset: true });
  await c.events.create({ event: "UDE_AFTER", channelId: CHANNEL_ID, externalId: `${tag}-u` });
});

test("createMany under a 30% 503 storm without Retry-After: each of 60 creates attempted exactly once; the successes stored once each, the failures not at all", async () => {
  await faults({ failRate: 0.3, failStatus: 503, paths: ["/ude"] });
  const rec = recorder();
  const c = client(rec, { maxRetries: MAX_RETRIES });
  const tag = unique("many");
  const list = Array.from({ length: 60 }, (_, i) => ({ event: "UDE_MANY", channelId: CHANNEL_ID, externalId: `${tag}-u`, attr1: tag, attr2: i }));
  const { succeeded, failed } = await c.events.createMany(list, { concurrency: 6 });
  assert.equal(succeeded.length + failed.length, 60, "nothing dropped");
  assert.ok(failed.length > 0, "the storm refused some creates (else this test proves nothing)");
  for (const f of failed) {
    assert.equal(f.error.kind, "http");
    assert.equal(f.error.status, 503);
  }
  const s = await stats();
  assert.equal(routeCount(s, "/ude"), 60, "60 creates, 60 requests: none repeated");
  assert.equal(s.faultsFailed, failed.length);
  const stored = (await eventsAfter(0)).filter((e) => e.attr1 === tag);
  assert.equal(stored.length, succeeded.length);
  const failedIdx = new Set(failed.map((f) => f.index));
  const storedIdx = stored.map((e) => Number(e.attr2)).sort((a, b) => a - b);
  assert.deepEqual(storedIdx, list.map((_, i) => i).filter((i) => !failedIdx.has(i)), "exactly the accepted ones, once each");
  console.log(`  ${succeeded.length} created, ${failed.length} refused (503), 60 requests`);
});
