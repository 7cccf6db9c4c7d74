// The one check every ecosystem case runs, wherever it runs: the cases paste this file
// into their scratch project's source (so bundlers bundle it like user code) with
//   await probe(sdk, trackerSdk, { baseUrl, tag, server })
// where sdk / trackerSdk are the `linkflow-sdk` / `linkflow-sdk/tracker` modules as that
// environment imports them. Plain script: no import/export (it is pasted into CommonJS too).
// It answers a JSON-able object that tests/ecosystem/run.mjs checks (`expectProbe`).

/* eslint-disable no-unused-vars */
async function probe(sdk, trackerSdk, { baseUrl, tag, server, fetch: fetchOption }) {
  const { LinkflowClient, LinkflowError } = sdk;
  const out = { tag };
  const withFetch = (o) => (fetchOption ? { ...o, fetch: fetchOption } : o);
  // Servers hold the secret; browsers get tokens from a backend (the stand-in's /demo/token).
  const client = new LinkflowClient(
    withFetch(
      server
        ? { baseUrl, appKey: "demo-key", appSecret: "demo-secret" }
        : { baseUrl, tokenProvider: async () => (await (fetchOption || fetch)(`${baseUrl}/demo/token`)).json() },
    ),
  );
  out.channelTypes = (await client.channels.types()).length;

  try {
    await client.contacts.find({});
    out.validation = "resolved";
  } catch (e) {
    out.validation = e instanceof LinkflowError && e instanceof Error && e.name === "LinkflowError" && e.kind === "validation" ? "LinkflowError" : `wrong: ${e && e.constructor && e.constructor.name} ${e}`;
  }

  const pages = client.contacts.iterate({ size: 5 });
  out.asyncIterable = typeof pages[Symbol.asyncIterator] === "function";
  out.iterated = 0;
  if (out.asyncIterable) {
    for await (const contact of pages) {
      if (contact && contact.id) out.iterated += 1;
    }
  }

  try {
    new LinkflowClient({ baseUrl, appKey: "demo-key", appSecret: "demo-secret" });
    out.appSecret = "accepted";
  } catch (e) {
    out.appSecret = e instanceof LinkflowError && e.kind === "validation" ? "refused" : `wrong: ${e}`;
  }

  const tracker = new trackerSdk.Tracker({
    ...(fetchOption ? { fetch: fetchOption } : {}),
    channelId: "eco.example",
    collectUrl: baseUrl,
    writeKey: "eco",
    storage: "memory",
    autoPageView: false,
    flushIntervalMs: 600000,
  });
  tracker.track(`ECO_${tag}`);
  await tracker.flush();
  if (typeof tracker.destroy === "function") tracker.destroy();
  out.tracked = true;
  return out;
}
