// Kettle & Leaf, a small demo shop for Linkflow: client-side routes (history.pushState,
// so the tracker's automatic page views follow), a cart, a sign-in, a checkout, and the
// "What Linkflow sees" panel.
import { h, mount } from "./dom.js";
import * as store from "./store.js";
import * as views from "./views.js";
import { product } from "./catalog.js";
import { createPanel } from "./panel.js";
import { CHANNEL_ID, CHANNEL_NAME } from "./config.js";

const sdkLoading = import("./sdk.js");

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const toastBox = document.getElementById("toast");

const app = {
  tracker: null,
  client: null,
  ready: false,
  /** What this browser sent, newest last (the panel shows it before sign-in). */
  log: [],
  navigate,
  addToCart,
  signIn,
  signOut,
  placeOrder,
  panel: null,
};

function toast(text) {
  mount(toastBox, h("div", { class: "toast" }, text));
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => toastBox.replaceChildren(), 2400);
}

function renderNav() {
  const u = store.user();
  const count = store.cartCount();
  mount(
    nav,
    h("a", { href: "/", class: "nav-link" }, "Shop"),
    h("a", { href: "/?p=cart", class: "nav-link cart-link", id: "cart-link" }, "Cart", count ? h("span", { class: "pill", id: "cart-count" }, String(count)) : null),
    u
      ? h("span", { class: "who" }, h("span", { class: "who-name" }, u.name), h("button", { type: "button", class: "link", id: "sign-out", onclick: signOut }, "Sign out"))
      : h("a", { href: "/?p=login", class: "nav-link", id: "sign-in-link" }, "Sign in"),
  );
}

function route() {
  const q = new URLSearchParams(location.search);
  switch (q.get("p") ?? "") {
    case "":
      return views.home(app);
    case "product":
      return views.productPage(app, q.get("id"));
    case "cart":
      return views.cartPage(app);
    case "login":
      return views.loginPage(app, q.get("next"));
    case "checkout":
      return views.checkoutPage(app);
    case "order":
      return views.orderPage(app, q.get("id"));
    default:
      return views.notFound();
  }
}

/** Renders the current URL's page; a navigation also notes a page view for the panel. */
function render({ navigation = true } = {}) {
  const view = route();
  document.title = view.title;
  mount(main, view.node);
  renderNav();
  if (navigation) {
    app.log.push({ kind: "view", icon: "◉", label: view.title.replace(/ · Kettle & Leaf$/, ""), at: Date.now(), session: app.tracker?.sessionId });
    app.panel?.render();
  }
}

function navigate(url) {
  const target = new URL(url, location.href);
  if (target.href !== location.href) history.pushState(null, "", target.href);
  render();
  window.scrollTo({ top: 0 });
  main.focus({ preventScroll: true });
}

document.addEventListener("click", (e) => {
  const a = e.target.closest?.("a[href]");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname !== "/") return;
  e.preventDefault();
  navigate(url.href);
});
window.addEventListener("popstate", () => render());
store.subscribe(() => {
  renderNav();
  const p = new URLSearchParams(location.search).get("p");
  if (p === "cart") render({ navigation: false });
});

function addToCart(p, qty) {
  store.addToCart(p.sku, qty);
  app.tracker?.track("UDE_ADD_TO_CART", { attr1: p.sku, attr2: p.price, attr3: qty });
  app.log.push({ kind: "cart", icon: "+", label: `Added ${p.name} × ${qty}`, at: Date.now(), session: app.tracker?.sessionId });
  app.panel?.render();
  toast(`${p.name} added to your cart`);
}

/** Sign-in: the browser identifies the visitor; the shop's backend tells Linkflow who it is. */
async function signIn({ email, name }) {
  const externalId = store.userIdFor(email);
  store.signIn({ externalId, email, name, since: Date.now() });
  app.tracker?.identify(externalId, { email, name });
  toast(`Welcome, ${name}`);
  try {
    if (app.client) {
      // What the shop's backend does at sign-in (POST /identifiers), same channelId and externalId.
      await app.client.contacts.identify({ externalId, channel: { channelId: CHANNEL_ID, name: CHANNEL_NAME }, email, name });
    }
  } finally {
    app.panel?.refresh({ flush: true });
  }
}

function signOut() {
  store.signOut();
  app.tracker?.reset();
  app.log = [];
  toast("Signed out");
  navigate("/");
  app.panel?.refresh();
}

function orderId() {
  const d = new Date();
  const ymd = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, "0")}${String(d.getDate()).padStart(2, "0")}`;
  const rnd = new Uint32Array(1);
  crypto.getRandomValues(rnd);
  return `KL${ymd}-${String(rnd[0] % 100000).padStart(5, "0")}`;
}

/** Checkout: the order goes to Linkflow from the shop's backend as a UDE (POST /ude). */
async function placeOrder() {
  const u = store.user();
  if (!u) throw new Error("not signed in");
  if (!app.client) throw new Error("the Linkflow SDK did not load");
  const lines = store.cart().map((l) => ({ ...l, p: product(l.sku) })).filter((l) => l.p);
  const subtotal = lines.reduce((s, l) => s + l.p.price * l.qty, 0);
  const total = subtotal + (subtotal >= 150 ? 0 : 12);
  const id = orderId();
  await app.client.events.create({
    event: "UDE_ORDER",
    channelId: CHANNEL_ID,
    externalId: u.externalId,
    attr1: id,
    attr2: total.toFixed(2),
    attr3: String(lines.reduce((n, l) => n + l.qty, 0)),
    items: lines.map((l) => ({ event: "UDE_ORDER_ITEM", attr1: l.sku, attr2: l.p.name, attr3: String(l.qty), attr4: l.p.price.toFixed(2) })),
  });
  store.saveOrder({
    id,
    total,
    name: u.name,
    externalId: u.externalId,
    items: lines.map((l) => ({ sku: l.sku, name: l.p.name, qty: l.qty, price: l.p.price })),
  });
  store.clearCart();
  app.panel?.refresh({ flush: true });
  return id;
}

// --- consent ----------------------------------------------------------------------------------

/** The banner: shown while the tracker waits for consent; each answer goes to setConsent. */
function consentBanner() {
  const banner = document.getElementById("consent");
  const t = app.tracker;
  if (!t || t.consent !== "pending") return;
  banner.hidden = false;
  const answer = (granted) => {
    t.setConsent(granted);
    banner.hidden = true;
    toast(granted ? "Thanks: analytics on" : "Nothing will be recorded");
    app.panel?.refresh({ flush: granted });
  };
  document.getElementById("consent-accept").onclick = () => answer(true);
  document.getElementById("consent-refuse").onclick = () => answer(false);
}

// --- start ------------------------------------------------------------------------------------

render();
try {
  const sdk = await sdkLoading;
  // Started after the first render, so the landing page view has its real title.
  app.tracker = sdk.startTracking();
  app.client = sdk.client;
} catch (e) {
  console.error(e);
  document.getElementById("sdk-missing").hidden = false;
}
app.panel = createPanel(document.getElementById("panel"), app);
consentBanner();
app.panel.refresh();
app.ready = true;
globalThis.shop = app;
document.dispatchEvent(new CustomEvent("shop:ready"));
