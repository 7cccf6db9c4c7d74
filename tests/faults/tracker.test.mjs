// Scenario 5: the tracker in headless Chromium (the lab page and pkg/tracker served by the
// stand-in) through 30% of collector requests failing, an offline period and reloads —
// one of them while a batch is on its way. Every one of 60 known events is delivered
// exactly once; the collector's dedupe by message_id is counted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../chromium.mjs";
import { BASE, CHANNEL_ID, stats, faults, resetServer, contactWithEvents, eventsAfter, countBy, until, unique, sleep } from "./helpers.mjs";

const COLLECTOR = "/api/sdk/v2/batch_messages";
const QUEUE_KEY = `linkflow:${CHANNEL_ID}:queue`;

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await faults({ reset: true }).catch(() => {});
  await browser?.close();
});

const queueLength = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{"messages":[]}').messages.length, QUEUE_KEY);

async function openLab(page) {
  await page.goto(BASE + "/lab/tracker.html");
  await page.waitForFunction(() => globalThis.lab?.ready === true);
  await page.evaluate(
    ([channelId]) => {
      globalThis.t = new lab.Tracker({ channelId, collectUrl: location.origin, autoPageView: false, flushIntervalMs: 100, batchSize: 7 });
    },
    [CHANNEL_ID],
  );
}

const track = (page, marker, from, to) =>
  page.evaluate(
    async ([marker, from, to]) => {
      for (let i = from; i < to; i++) t.track("UDE_FAULTS", { attr1: marker, attr2: i });
      await new Promise((r) => setTimeout(r, 30)); // the queue is saved once the task is done
    },
    [marker, from, to],
  );

/** Flushes until the stored queue is empty (through the injected failures). */
async function drain(page, what) {
  await until(
    async () => {
      await page.evaluate(() => t.flush());
      return (await queueLength(page)) === 0;
    },
    { timeoutMs: 30000, everyMs: 250, what },
  );
}

test("tracker: 30% of collector requests failing + an offline period + reloads (one mid-send): each of 60 events delivered exactly once, duplicates dropped by message_id", async () => {
  await resetServer(0); // empty store, zeroed counters
  await faults({ failRate: 0.3, failStatus: 503, paths: [COLLECTOR] });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  // Every collector request the browser made (keepalive ones on pagehide too), and its fate.
  const sent = { requests: 0, ok: 0, refused: 0, failed: 0, ids: new Set(), bodies: [] };
  context.on("request", (r) => {
    if (!r.url().includes(COLLECTOR)) return;
    sent.requests++;
    try {
      const body = JSON.parse(r.postData() ?? "null");
      sent.bodies.push(body);
      for (const m of body?.messages ?? []) sent.ids.add(m.message_id);
    } catch {
      /* not JSON: counted as a request only */
    }
  });
  context.on("requestfinished", async (r) => {
    if (!r.url().includes(COLLECTOR)) return;
    const status = (await r.response().catch(() => null))?.status();
    if (status === 200) sent.ok++;
    else sent.refused++;
  });
  context.on("requestfailed", (r) => {
    if (r.url().includes(COLLECTOR)) sent.failed++;
  });

  const marker = unique("tf");
  const externalId = `${marker}-user`;
  try {
    // 1. Online, 30% failing: identify, 20 events, and a reload right away (pagehide sends
    //    with keepalive; whatever did not get a 2xx is still stored and sent after it).
    await openLab(page);
    await page.evaluate((id) => t.identify(id), externalId);
    await track(page, marker, 0, 20);
    await page.reload();
    await openLab(page);
    await drain(page, "phase 1 delivered");

    // 2. Offline: 20 more events queue up; the page is left while offline (its pagehide
    //    send fails); back online, a new visit sends them.
    await context.setOffline(true);
    await track(page, marker, 20, 40);
    await sleep(300);
    assert.equal(await queueLength(page), 20, "offline: the 20 events wait in storage");
    await page.goto("about:blank");
    await context.setOffline(false);
    await openLab(page);
    await track(page, marker, 40, 50);
    await drain(page, "phase 2 delivered");

    // 3. A reload while batches are on their way: the collector answers after 400 ms, the
    //    page is gone by then; the messages stay stored and are sent again by the next visit.
    await faults({ latencyMs: 400 });
    await track(page, marker, 50, 60);
    await page.evaluate(() => void t.flush());
    await sleep(150);
    await page.reload();
    await openLab(page);
    await faults({ latencyMs: null });
    await drain(page, "phase 3 delivered");

    // A last visit finds nothing left to send.
    await page.reload();
    await openLab(page);
    await sleep(400);
    assert.equal(await queueLength(page), 0);

    // Every event exactly once, on the identified contact.
    const { events } = await contactWithEvents(externalId);
    const mine = events.filter((e) => e.attr1 === marker);
    const counts = countBy(mine, (e) => Number(e.attr2));
    const wrong = [...Array(60).keys()].filter((i) => counts.get(i) !== 1).map((i) => `${i}×${counts.get(i) ?? 0}`);
    assert.deepEqual(wrong, [], "each of the 60 events stored exactly once");
    assert.equal(mine.length, 60);
    assert.equal((await eventsAfter(0)).filter((e) => e.attr1 === marker).length, 60, "and nowhere else");

    const s = await stats();
    assert.ok(s.faultsFailed > 0, "the collector refused some batches (else this test proves nothing)");
    assert.equal(s.collectorAccepted, 61, "60 events + 1 identify accepted, each once");
    assert.equal(sent.ids.size, 61, "the tracker used one message_id per message, whatever it resent");
    assert.equal(s.collectorRejected, 0);

    // The collector's dedupe, counted: send again every batch the page sent (all of their
    // messages were accepted by now): all duplicates, nothing stored.
    const dupBefore = s.collectorDuplicates;
    let replayed = 0;
    for (const body of sent.bodies) {
      const res = await fetch(`${BASE}${COLLECTOR}?token=${encodeURIComponent(body.write_key ?? CHANNEL_ID)}`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) }).catch(() => null);
      if (res?.status !== 200) continue; // the 30% storm is still on
      const answer = await res.json();
      assert.equal(answer.accepted, 0, "a replayed batch adds nothing");
      assert.equal(answer.duplicates, body.messages.length);
      replayed += body.messages.length;
    }
    const s2 = await stats();
    assert.equal(s2.collectorDuplicates - dupBefore, replayed);
    assert.equal(s2.collectorAccepted, 61);
    assert.equal((await eventsAfter(0)).filter((e) => e.attr1 === marker).length, 60, "still 60 events");
    assert.deepEqual(errors, [], "no page errors");
    console.log(
      `  browser: ${sent.requests} collector requests (${sent.ok} answered 200, ${sent.refused} refused, ${sent.failed} failed/aborted); ` +
        `server: ${s.collectorBatches} batches, accepted ${s.collectorAccepted}, duplicates dropped ${s.collectorDuplicates} (during the run), ` +
        `503 injected ${s.faultsFailed}; replayed ${replayed} messages → all duplicates`,
    );
  } finally {
    await faults({ reset: true });
    await context.close();
  }
});
