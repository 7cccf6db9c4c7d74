// Scenario 3: dropped connections and stalled answers vs timeoutMs. The SDK reports kind
// `network` / `timeout` once its retries are spent, and the same client keeps working.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { BASE, KEY, SECRET, sdk, stats, faults, resetServer, recorder, rejection, apiRequests, sleep } from "./helpers.mjs";

const { LinkflowClient, LinkflowError } = await sdk();

beforeEach(async () => {
  await resetServer(10);
});

const client = (rec, opts = {}) => new LinkflowClient({ baseUrl: BASE, appKey: KEY, appSecret: SECRET, fetch: rec.fetch, ...opts });

test("dropped connections: every attempt dropped → kind network after maxRetries + 1 attempts; the same client works once the faults stop", async () => {
  const rec = recorder();
  const c = client(rec, { maxRetries: 2 });
  await c.channels.types(); // token
  await faults({ dropRate: 1, paths: ["/contacts"] });
  const err = await rejection(c.contacts.list({ size: 3 }), "contacts.list over dropped connections");
  assert.ok(err instanceof LinkflowError, String(err));
  assert.equal(err.kind, "network", err.message);
  assert.equal(err.status, undefined, "no answer, no status");
  assert.equal(err.method, "GET");
  assert.equal(err.path, "/contacts");
  assert.equal((await stats()).faultsDropped, 3, "1 attempt + 2 retries");
  assert.equal(rec.of("/contacts").length, 3);
  assert.ok(rec.of("/contacts").every((e) => e.error && e.status === 0));

  await faults({ reset: true });
  assert.equal((await c.contacts.list({ size: 3 })).length, 3, "the client keeps working");
});

test("dropped connections: 30% of connections dropped; 40 concurrent GETs all succeed within maxRetries (10)", async () => {
  // As with the 503 storm: a call fails only if 11 attempts in a row are dropped, 0.3^11 ≈ 1.8e-6.
  await faults({ dropRate: 0.3 });
  const rec = recorder();
  const c = client(rec, { maxRetries: 10 });
  const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? c.contacts.list({ page: i, size: 1 }) : c.contacts.getMany([1 + (i % 10)]))));
  assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => `${r.reason?.kind}: ${r.reason?.message}`), []);
  const s = await stats();
  assert.ok(s.faultsDropped > 0, "connections were dropped");
  assert.equal(rec.log.filter((e) => e.error).length, s.faultsDropped, "each drop seen by the client as a network failure");
  assert.equal(apiRequests(s), rec.log.length);
  console.log(`  ${rec.log.length} attempts, ${s.faultsDropped} dropped`);
});

test("stalled answers vs timeoutMs: kind timeout after each attempt's timeoutMs (client option and per-call option); the same client works afterwards", async () => {
  const rec = recorder();
  const c = client(rec, { maxRetries: 1, timeoutMs: 300 });
  await c.channels.types(); // token
  await faults({ stallMs: 2500, paths: ["/contacts"] });

  let t0 = performance.now();
  const err = await rejection(c.contacts.list({ size: 2 }), "contacts.list against a stalled server");
  let took = performance.now() - t0;
  assert.ok(err instanceof LinkflowError);
  assert.equal(err.kind, "timeout", err.message);
  assert.equal(err.path, "/contacts");
  const attempts = rec.of("/contacts");
  assert.equal(attempts.length, 2, "1 attempt + 1 retry");
  for (const a of attempts) {
    const d = a.end - a.start;
    assert.ok(d >= 290 && d < 700, `each attempt given up after ~timeoutMs 300 (${d.toFixed(0)} ms)`);
  }
  assert.ok(took < 600 + 500 + 400, `two attempts of 300 ms plus one backoff ≤ 500 ms, not the 2.5 s stall (${took.toFixed(0)} ms)`);

  // The per-call option overrides the client's.
  t0 = performance.now();
  const err2 = await rejection(c.contacts.list({ size: 2 }, { timeoutMs: 100 }), "contacts.list with timeoutMs 100");
  took = performance.now() - t0;
  assert.equal(err2.kind, "timeout", err2.message);
  for (const a of rec.of("/contacts").slice(2)) {
    const d = a.end - a.start;
    assert.ok(d >= 90 && d < 450, `per-call timeoutMs 100 (${d.toFixed(0)} ms)`);
  }

  // A slow answer inside the bound is not a timeout.
  await faults({ stallMs: 100 });
  assert.equal((await c.contacts.list({ size: 2 })).length, 2);

  await faults({ reset: true });
  await sleep(50);
  t0 = performance.now();
  assert.equal((await c.contacts.list({ size: 2 })).length, 2, "the client keeps working");
  assert.ok(performance.now() - t0 < 300, "and is not slowed down by the abandoned attempts");
  const s = await stats();
  assert.ok(s.faultsStalled >= 4);
});

test("a stalled and then dropped token request: the waiting calls fail with one error each, and the next call fetches a token and succeeds", async () => {
  const rec = recorder();
  const c = client(rec, { maxRetries: 1, timeoutMs: 300 });
  await faults({ stallMs: 2000, paths: ["/token"] });
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => c.channels.types()));
  assert.ok(results.every((r) => r.status === "rejected"), "no call succeeds without a token");
  const kinds = new Set(results.map((r) => r.reason?.kind));
  assert.ok([...kinds].every((k) => k === "timeout" || k === "auth"), `timeout (or auth, for a failed token exchange): ${[...kinds]}`);
  assert.equal(rec.of("/token").length, 2, "one token request (+1 retry) for 20 waiting calls");
  assert.equal(rec.of("/channels/meta/types").length, 0);

  await faults({ stallMs: null, dropRate: 1 });
  const dropped = await Promise.allSettled(Array.from({ length: 5 }, () => c.channels.types()));
  const dkinds = new Set(dropped.map((r) => r.reason?.kind));
  assert.ok(dropped.every((r) => r.status === "rejected") && [...dkinds].every((k) => k === "network" || k === "auth"), `network (or auth): ${[...dkinds]}`);
  assert.equal(rec.of("/token").length, 4);

  await faults({ reset: true });
  assert.equal((await c.channels.types()).length, 24, "the next call gets a token and succeeds");
  console.log(`  kinds for a stalled /token: ${[...kinds]}; for a dropped one: ${[...dkinds]}`);
});
