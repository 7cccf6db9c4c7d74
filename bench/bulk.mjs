// Bulk export of 10,000 contacts with the stand-in adding 20 ms to every request:
//   sdk   = contacts.iterateIds() (default page size, 1000) then contacts.getMany(ids)
//           (default options: chunks of 100 ids, 4 in flight): the code a user writes;
//   naive = the loop a user writes without the SDK's helpers, with fetch: id pages of the
//           size the SDK was seen to use, then GET /v2/contacts_bulk with 100 ids at a time
//           (the endpoint's limit), one request after the other.
// So both make the same requests and the difference is how the SDK schedules them; the
// naive loop is not strawmanned with 10,000 single-contact gets.
// The server holds exactly 10,000 contacts and the ids window is 10,000 wide, so both stop
// once they hold 10,000 ids (iterateIds would otherwise reject on the page past the window:
// it cannot tell whether more ids exist).
import { requireServer, nodeEntry, pick, interleave, summary, stats, faults, writeResult, log, CREDENTIALS } from "./lib.mjs";

const CONTACTS = 10_000;
const LATENCY_MS = 20;
let idPage = 1000; // the naive loop's id page size: set to the SDK's own once observed
const CHUNK = 100;
const ROUNDS = pick(7, 2); // per side; one naive export is ~2.5 s
const base = requireServer();

const { LinkflowClient } = await import(nodeEntry("full"));
const client = new LinkflowClient({ baseUrl: base, ...CREDENTIALS });
const { token } = await client.token(); // both sides start with a token in hand
const headers = { accept: "application/json", "x-openapi-token": token };

async function getJson(path) {
  const res = await fetch(base + path, { headers });
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

async function sdkExport(sdk = client) {
  const ids = [];
  for await (const id of sdk.contacts.iterateIds()) if (ids.push(id) === CONTACTS) break;
  return sdk.contacts.getMany(ids);
}

/**
 * What the SDK's defaults do on the wire, so the report describes them as measured rather
 * than as remembered: one export through a client whose `fetch` option notes the id page
 * size, the ids per bulk request and the most requests in flight at once.
 */
async function observeSdk() {
  let inFlight = 0, maxInFlight = 0;
  const idPageSizes = new Set(), chunkSizes = new Set();
  const watching = new LinkflowClient({
    baseUrl: base, token,
    fetch: async (url, init) => {
      const u = new URL(url);
      if (u.pathname.endsWith("/contacts_bulk/ids")) idPageSizes.add(Number(u.searchParams.get("size")));
      else if (u.pathname.endsWith("/contacts_bulk")) chunkSizes.add(u.searchParams.get("ids").split(",").length);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try { return await fetch(url, init); } finally { inFlight--; }
    },
  });
  await sdkExport(watching);
  return { idPageSizes: [...idPageSizes], maxChunkSize: Math.max(...chunkSizes), maxInFlight };
}

async function naiveExport() {
  const ids = [];
  for (let page = 0; ids.length < CONTACTS; page++) {
    const batch = await getJson(`/v2/contacts_bulk/ids?page=${page}&size=${idPage}`);
    ids.push(...batch.slice(0, CONTACTS - ids.length));
    if (batch.length < idPage) break;
  }
  const contacts = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    contacts.push(...(await getJson(`/v2/contacts_bulk?ids=${ids.slice(i, i + CHUNK).join(",")}`)));
  }
  return contacts;
}

/** A side's round: seconds, and the requests it made (from the stand-in's counters). */
function side(exportFn, requests) {
  return async () => {
    const before = (await stats()).requestsTotal;
    const t0 = performance.now();
    const contacts = await exportFn();
    const s = (performance.now() - t0) / 1000;
    requests.push((await stats()).requestsTotal - before - 1); // minus the stats call itself
    if (contacts.length !== CONTACTS) throw new Error(`exported ${contacts.length} contacts, expected ${CONTACTS}`);
    return s;
  };
}

await faults({ latencyMs: LATENCY_MS });
let result, observed;
try {
  observed = await observeSdk(); // also a warm-up at full latency: JIT, connections
  idPage = Math.max(...observed.idPageSizes);
  await sdkExport();
  await naiveExport();
  const sdkReq = [], naiveReq = [];
  // a/b = naive/sdk: the speed-up of the SDK.
  result = await interleave(ROUNDS, side(naiveExport, naiveReq), side(sdkExport, sdkReq));
  result.requests = { sdk: sdkReq, naive: naiveReq };
} finally {
  await faults({ reset: true });
}

const out = {
  contacts: CONTACTS, latencyMs: LATENCY_MS, roundsPerSide: ROUNDS, naiveIdPageSize: idPage, naiveChunkSize: CHUNK,
  sdkObserved: observed,
  naiveSeconds: summary(result.a), sdkSeconds: summary(result.b),
  sdkRequests: summary(result.requests.sdk), naiveRequests: summary(result.requests.naive),
  speedup: summary(result.ratios),
};
out.sdkContactsPerSec = CONTACTS / out.sdkSeconds.median;
out.naiveContactsPerSec = CONTACTS / out.naiveSeconds.median;
log(`bulk: sdk ${out.sdkSeconds.median.toFixed(2)} s, naive ${out.naiveSeconds.median.toFixed(2)} s, speed-up ${out.speedup.median.toFixed(2)}×`);
writeResult("bulk", out);
