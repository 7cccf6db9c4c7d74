// "What Linkflow sees": the unified customer, fetched through the SDK
// (contacts.getByExternalId, contacts.identities, contacts.events), refreshed after every
// action and every few seconds while the page is visible.
import { h, mount } from "./dom.js";
import { product, money } from "./catalog.js";
import * as store from "./store.js";
import { CHANNEL_ID } from "./config.js";

const POLL_MS = 4000;

function time(ms) {
  const d = new Date(ms);
  return isNaN(d) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
}

function pathOf(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url ?? "";
  }
}

function describe(e) {
  switch (e.event) {
    case "WEBSITE__PAGE_VIEW":
      return { icon: "◉", kind: "view", label: (e.attr1 || "Page view").replace(/ · Kettle & Leaf$/, ""), detail: pathOf(e.attr2) };
    case "UDE_ADD_TO_CART": {
      const p = product(e.attr1);
      return { icon: "+", kind: "cart", label: `Added ${p ? p.name : e.attr1} to cart`, detail: e.attr3 ? `qty ${e.attr3}` : "" };
    }
    case "UDE_ORDER": {
      const n = Array.isArray(e.items) ? e.items.length : 0;
      return { icon: "¥", kind: "order", label: `Order ${e.attr1 ?? ""}`, detail: `${e.attr2 ? money(Number(e.attr2)) : ""}${n ? ` · ${n} item${n > 1 ? "s" : ""}` : ""}` };
    }
    default:
      return { icon: "•", kind: "other", label: e.event, detail: "" };
  }
}

function badge(text, cls) {
  return h("span", { class: `badge ${cls}` }, text);
}

export function createPanel(el, app) {
  let data = null; // { contact, identities, events } of the signed-in customer
  let error = null;
  let updated = null;
  let inflight = null;
  const seen = new Set(); // event ids already shown: only new ones animate in

  function identityBlock() {
    const t = app.tracker;
    const id = t ? t.identity() : null;
    return h(
      "div",
      { class: "kv" },
      h("span", {}, "channel"),
      h("code", {}, CHANNEL_ID),
      h("span", {}, "anonymousId"),
      h("code", { id: "anon-id", title: id?.anonymousId ?? "" }, id ? id.anonymousId.slice(0, 8) + "…" : "—"),
      h("span", {}, "externalId"),
      id?.externalId ? h("code", { id: "ext-id" }, id.externalId) : h("span", { class: "muted", id: "ext-id" }, "not identified"),
      h("span", {}, "consent"),
      h("code", { id: "consent-state" }, t ? t.consent : "—"),
      h("span", {}, "sessions"),
      h("code", { id: "session-count", title: t && t.sessionId ? `current session started ${time(t.sessionId)}` : "" }, String(sessionCount())),
    );
  }

  /** Distinct sessions: of the customer's events (sessionId, as the collector keeps it) and of what this browser sent. */
  function sessionCount() {
    const ids = new Set();
    for (const e of data?.events ?? []) if (e.sessionId) ids.add(e.sessionId);
    for (const e of app.log) if (e.session) ids.add(e.session);
    return ids.size;
  }

  function anonymousView() {
    const recent = app.log.slice(-6).reverse();
    return [
      h(
        "p",
        { class: "explain" },
        "You are an anonymous visitor. Linkflow keeps what this browser does on an anonymous profile; sign in and it joins your customer record, including everything before.",
      ),
      h("h3", {}, "Sent from this browser"),
      recent.length
        ? h(
            "ol",
            { class: "timeline" },
            recent.map((r) => h("li", { class: `ev ${r.kind}${r.shown ? "" : " new"}`, onanimationend: () => (r.shown = true) }, h("span", { class: "dot" }, r.icon), h("div", {}, h("strong", {}, r.label), h("small", {}, time(r.at))))),
          )
        : h("p", { class: "muted" }, "Nothing yet."),
    ];
  }

  function contactView(u) {
    if (!data) {
      return [h("p", { class: "muted" }, error ? `Linkflow does not know ${u.externalId} yet (${error}).` : "Loading the customer…")];
    }
    const { contact, identities, events } = data;
    const since = u.since ?? 0;
    const views = events.filter((e) => e.event === "WEBSITE__PAGE_VIEW");
    return [
      h(
        "div",
        { class: "contact" },
        h("div", { class: "avatar", "aria-hidden": "true" }, (contact.name || u.name || "?").slice(0, 1).toUpperCase()),
        h("div", {}, h("strong", { id: "contact-name" }, contact.name ?? "—"), h("small", {}, contact.email ?? ""), h("small", { class: "muted" }, `contact #${contact.id}`)),
      ),
      h(
        "div",
        { class: "stats" },
        h("div", {}, h("b", { id: "stat-views" }, String(views.length)), h("small", {}, "page views")),
        h("div", {}, h("b", {}, String(views.filter((e) => e.eventDate < since).length)), h("small", {}, "before sign-in")),
        h("div", {}, h("b", { id: "stat-orders" }, String(events.filter((e) => e.event === "UDE_ORDER").length)), h("small", {}, "orders")),
      ),
      h("h3", {}, "Identities"),
      h(
        "ul",
        { class: "identities" },
        identities.map((i) =>
          h(
            "li",
            {},
            h("span", {}, i.channel?.name || i.channel?.channelId || `channel ${i.channelId}`),
            h("code", {}, i.externalId ?? ""),
            i.anonymousId ? h("small", { class: "muted" }, `anon ${String(i.anonymousId).slice(0, 8)}…`) : null,
          ),
        ),
      ),
      h("h3", {}, "Timeline"),
      h(
        "ol",
        { class: "timeline", id: "timeline" },
        events.map((e) => {
          const d = describe(e);
          const browser = e.sdkType === "JS SDK";
          const fresh = !seen.has(e.id);
          seen.add(e.id);
          return h(
            "li",
            { class: `ev ${d.kind}${fresh ? " new" : ""}`, dataset: { event: e.event } },
            h("span", { class: "dot" }, d.icon),
            h(
              "div",
              {},
              h("strong", {}, d.label),
              h(
                "small",
                {},
                time(e.eventDate),
                d.detail ? ` · ${d.detail}` : "",
                " ",
                browser ? badge("browser", "b-browser") : badge("backend API", "b-api"),
                browser && e.eventDate < since ? badge("before sign-in", "b-anon") : null,
              ),
            ),
          );
        }),
      ),
    ];
  }

  function render() {
    const u = store.user();
    mount(
      el,
      h(
        "header",
        { class: "panel-head" },
        h("h2", {}, h("span", { class: "live", "aria-hidden": "true" }), "What Linkflow sees"),
        h("button", { type: "button", class: "link", onclick: () => refresh() }, updated ? `updated ${time(updated)}` : "refresh"),
      ),
      identityBlock(),
      u ? contactView(u) : anonymousView(),
      h("p", { class: "fine" }, "Read through the SDK: ", h("code", {}, "contacts.getByExternalId"), ", ", h("code", {}, "identities"), ", ", h("code", {}, "events"), "."),
    );
  }

  async function load(u) {
    const { client } = app;
    const contact = await client.contacts.getByExternalId({ externalId: u.externalId, channelId: CHANNEL_ID });
    const [identities, events] = await Promise.all([client.contacts.identities(contact.id), client.contacts.events(contact.id, { size: 100 })]);
    return { contact, identities, events };
  }

  async function reload({ flush }) {
    if (flush && app.tracker) await app.tracker.flush();
    const u = store.user();
    if (u && app.client) {
      try {
        data = await load(u);
        error = null;
      } catch (e) {
        error = e?.status === 404 ? "not found" : e?.message ?? String(e);
        if (e?.status === 404) data = null;
      }
    } else {
      data = null;
      error = null;
    }
    updated = Date.now();
    render();
    el.dataset.updated = String(updated);
  }

  /** Re-reads the customer (after the tracker flushed, when `flush` is set). */
  function refresh({ flush = false } = {}) {
    if (!inflight) {
      // Cleared in a later microtask, so a reload that finishes synchronously does not
      // leave a settled promise behind.
      inflight = reload({ flush }).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  }

  setInterval(() => {
    if (document.visibilityState === "visible") refresh();
  }, POLL_MS);
  store.subscribe(() => render());
  render();
  return { refresh, render };
}
