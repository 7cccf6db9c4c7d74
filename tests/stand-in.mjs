// The stand-in (linkflow-devserver) seen from a test: its admin routes and its Open API called
// directly, not through the SDK, to set faults and to check what was stored. Shared by the
// browser e2e tests and the fault suite; each passes the URL its run.sh started.

/** Helpers bound to the stand-in at `base` (no trailing slash). */
export function standIn(base) {
  /** GET (no body) or POST (JSON body) an admin route. */
  async function admin(path, body) {
    const init = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const res = await fetch(base + path, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} → ${res.status} ${text}`);
    return JSON.parse(text);
  }

  let token = null;
  /**
   * The Open API with a token from `/demo/token`, fetched again once after a 401 (a test may
   * have set a short token lifetime). A failed call throws an Error with its `status`.
   */
  async function api(path, { method = "GET", body } = {}) {
    for (let attempt = 0; ; attempt++) {
      if (!token) token = (await admin("/demo/token")).token;
      const res = await fetch(base + path, {
        method,
        headers: { "X-OpenApi-Token": token, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 401 && attempt === 0) {
        token = null;
        continue;
      }
      if (!res.ok) throw Object.assign(new Error(`${method} ${path} → ${res.status} ${text}`), { status: res.status });
      return JSON.parse(text);
    }
  }

  /** Every event with an id above `after` (GET /events/lite, ascending). */
  async function eventsAfter(after = 0) {
    const out = [];
    let last = after;
    for (;;) {
      const page = await api(`/events/lite?lastMaxId=${last}&size=1000`);
      if (!Array.isArray(page) || page.length === 0) return out;
      out.push(...page);
      last = Math.max(...page.map((e) => e.id));
    }
  }

  /** The contact (channelId, externalId) names, all its events and its identities. */
  async function contactWithEvents(externalId, channelId) {
    const contact = await api(`/identifiers?externalId=${encodeURIComponent(externalId)}&channelId=${encodeURIComponent(channelId)}`);
    const events = [];
    for (let page = 0; ; page++) {
      const batch = await api(`/contacts/${contact.id}/events?page=${page}&size=200`);
      events.push(...batch);
      if (batch.length < 200) break;
    }
    const identities = await api(`/contacts/${contact.id}/identities`);
    return { contact, events, identities };
  }

  return {
    admin,
    api,
    eventsAfter,
    contactWithEvents,
    stats: () => admin("/__admin/stats"),
    faults: (settings) => admin("/__admin/faults", settings),
  };
}
