// Hostile caller values and the client's entry points, shared by input-node.test.mjs (Node)
// and input-browser.test.mjs (the same module imported by a Chromium page). Plain ES module:
// no Node APIs. Every function takes the loaded package (`sdk`) and works without a server:
// the client's `fetch` option answers from memory and records what was sent.

/** A fetch that answers `answer(url, init)` (default: a plain event/contact) and records requests. */
export function fakeFetch(answer) {
  const sent = [];
  const fetch = async (url, init) => {
    sent.push({ url: String(url), method: init?.method, body: init?.body });
    const reply = answer?.(url, init) ?? { status: 200, body: JSON.stringify({ id: 1, event: "e" }) };
    return new Response(reply.body, { status: reply.status, headers: { "content-type": "application/json" } });
  };
  return { fetch, sent };
}

/** Values that throw when read, each made fresh (a revoked proxy cannot be revived). */
export const THROWERS = {
  "revoked Proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  "revoked array Proxy": () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    return proxy;
  },
  "throwing getter": () => ({
    get externalId() {
      throw new Error("getter");
    },
    get channel() {
      throw new Error("getter");
    },
    get size() {
      throw new Error("getter");
    },
    get appId() {
      throw new Error("getter");
    },
    get event() {
      throw new Error("getter");
    },
  }),
  "throwing ownKeys trap": () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("ownKeys");
        },
      },
    ),
  "throwing get trap": () =>
    new Proxy(
      { externalId: "u" },
      {
        get() {
          throw new Error("get");
        },
      },
    ),
  "throwing length": () =>
    new Proxy([1, 2], {
      get(target, key) {
        if (key === "length") throw new Error("length");
        return target[key];
      },
    }),
};

/** Every client entry point that reads a caller value, with `v` in the place it reads. */
export function entryPoints(client) {
  const c = client;
  const contact = (v) => ({ externalId: "u", channel: { channelId: "c" }, props: v });
  const event = (v) => ({ event: "e", channelId: "c", externalId: "u", attr1: "a", utm: v });
  // Freed at once: thousands of Pages left to the garbage collector fragment the module's
  // heap and slow every later call (lol_alloc's free list is first-fit).
  const drain = async (pages) => {
    try {
      return await pages.next();
    } finally {
      pages.free();
    }
  };
  return {
    "contacts.list(v)": (v) => c.contacts.list(v),
    "contacts.iterate(v).next()": (v) => drain(c.contacts.iterate(v)),
    "contacts.identify(v)": (v) => c.contacts.identify(v),
    "contacts.identify({ props: v })": (v) => c.contacts.identify(contact(v)),
    "contacts.getByExternalId(v)": (v) => c.contacts.getByExternalId(v),
    "contacts.find(v)": (v) => c.contacts.find(v),
    "contacts.getMany(v)": (v) => c.contacts.getMany(v),
    "contacts.getMany([1], v)": (v) => c.contacts.getMany([1], v),
    "contacts.listIds(v)": (v) => c.contacts.listIds(v),
    "contacts.iterateIds(v).next()": (v) => drain(c.contacts.iterateIds(v)),
    "contacts.update(v, {})": (v) => c.contacts.update(v, {}),
    "contacts.update(1, v)": (v) => c.contacts.update(1, v),
    "contacts.update(1, { props: v })": (v) => c.contacts.update(1, { props: v }),
    "contacts.identities(v)": (v) => c.contacts.identities(v),
    "contacts.groups(1, v)": (v) => c.contacts.groups(1, v),
    "contacts.events(1, v)": (v) => c.contacts.events(1, v),
    "contacts.iterateEvents(1, v).next()": (v) => drain(c.contacts.iterateEvents(1, v)),
    "events.create(v)": (v) => c.events.create(v),
    "events.create({ utm: v })": (v) => c.events.create(event(v)),
    "events.create({ items: v })": (v) => c.events.create({ ...event({}), items: v }),
    "events.createMany(v)": (v) => c.events.createMany(v),
    "events.createMany([event], v)": (v) => c.events.createMany([event({})], v),
    "events.list(v)": (v) => c.events.list(v),
    "events.iterate(v).next()": (v) => drain(c.events.iterate(v)),
    "channels.create(v)": (v) => c.channels.create(v),
    "wechat.user(v)": (v) => c.wechat.user(v),
    "groups.list(v)": (v) => c.groups.list(v),
    "groups.create(v)": (v) => c.groups.create(v),
    "groups.members(v)": (v) => c.groups.members(v),
    "groups.members(1, v)": (v) => c.groups.members(1, v),
    "groups.iterateMembers(1, v).next()": (v) => drain(c.groups.iterateMembers(1, v)),
    "groups.addContacts(1, v)": (v) => c.groups.addContacts(1, v),
    "groups.addContacts(1, [1], v)": (v) => c.groups.addContacts(1, [1], v),
    "groups.removeContacts(v, [1])": (v) => c.groups.removeContacts(v, [1]),
  };
}

/**
 * Calls every entry point `times` times (spread over the throwers). Returns the first outcome
 * per entry point and thrower that was not a rejected `validation` LinkflowError (a
 * synchronous throw, a resolution, another kind), and how many requests were sent.
 */
export async function hostileCalls(sdk, times) {
  const { fetch, sent } = fakeFetch();
  const client = new sdk.LinkflowClient({ token: "t", fetch });
  const wrong = [];
  for (const [name, call] of Object.entries(entryPoints(client))) {
    for (const [kind, make] of Object.entries(THROWERS)) {
      const n = Math.ceil(times / Object.keys(THROWERS).length);
      for (let i = 0; i < n; i++) {
        let outcome;
        try {
          outcome = await call(make()).then(
            () => "resolved",
            (e) => (e instanceof sdk.LinkflowError && e.kind === "validation" ? null : `rejected ${e?.name} ${e?.kind ?? ""}: ${e?.message}`),
          );
        } catch (e) {
          outcome = `threw synchronously ${e?.name}: ${e?.message}`;
        }
        // Every call is made even after a wrong outcome: the old module broke for good
        // (`RuntimeError: memory access out of bounds`) only after ~2,000 of them.
        if (outcome !== null && !wrong.some((w) => w.startsWith(`${name} with a ${kind}:`))) {
          wrong.push(`${name} with a ${kind}: ${outcome}`);
        }
      }
    }
  }
  return { wrong, sent: sent.length };
}

/** Normal work after the hostile calls: a new client, a call that sends, an answer read. */
export async function normalWork(sdk) {
  try {
    return await work(sdk);
  } catch (e) {
    return { failed: `${e?.name}: ${e?.message}` };
  }
}

async function work(sdk) {
  const { fetch, sent } = fakeFetch();
  const client = new sdk.LinkflowClient({ token: "t", fetch });
  const created = await client.events.create({ event: "e", channelId: "c", externalId: "u", attr1: 5 });
  const contact = await client.contacts.update(7, { name: "n" });
  return { created: created.event, contactId: contact.id, bodies: sent.map((s) => s.body) };
}

/** Values JSON cannot carry, at `props.attr1` (contacts) and `attr1` (events). */
export const NOT_JSON = {
  NaN: () => NaN,
  Infinity: () => Infinity,
  "-Infinity": () => -Infinity,
  Symbol: () => Symbol("s"),
  BigInt: () => 5n,
  function: () => () => 1,
  Map: () => new Map([["a", 1]]),
  Set: () => new Set([1]),
  "invalid Date": () => new Date("not a date"),
  "boxed String": () => new String("s"),
  "boxed Number": () => new Number(1),
  "boxed Boolean": () => new Boolean(true),
};

/** For each non-JSON value: the outcome of identify/update/create with it inside the body. */
export async function notJsonOutcomes(sdk) {
  const { fetch, sent } = fakeFetch();
  const c = new sdk.LinkflowClient({ token: "t", fetch });
  const out = {};
  for (const [name, make] of Object.entries(NOT_JSON)) {
    const calls = {
      identify: () => c.contacts.identify({ externalId: "u", channel: { channelId: "c" }, props: { attr1: make() } }),
      update: () => c.contacts.update(1, { props: { attr1: make() } }),
      "events.create": () => c.events.create({ event: "e", channelId: "c", externalId: "u", attr1: make() }),
      "events.create items": () => c.events.create({ event: "e", channelId: "c", externalId: "u", items: [{ event: "s", attr1: make() }] }),
    };
    for (const [call, run] of Object.entries(calls)) {
      out[`${call} ${name}`] = await run().then(
        () => `sent ${sent.at(-1)?.body}`,
        (e) => `${e.kind}: ${e.message}`,
      );
    }
  }
  return out;
}
