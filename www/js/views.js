// The shop's pages. Each view returns { title, node }; main.js mounts it and sets the title
// (before the tracker looks at the page, so page views carry the right title).
import { h, trusted } from "./dom.js";
import { PRODUCTS, product, money } from "./catalog.js";
import * as store from "./store.js";

const SHOP = "Kettle & Leaf";

function art(p, cls = "art") {
  const box = h("div", { class: cls });
  box.style.setProperty("--tint", p.tint);
  box.append(trusted(p.art));
  return box;
}

function link(href, attrs, ...children) {
  return h("a", { href, ...attrs }, ...children);
}

export function home(app) {
  const grid = h(
    "div",
    { class: "grid" },
    PRODUCTS.map((p) =>
      h(
        "article",
        { class: "card" },
        link(`/?p=product&id=${p.sku}`, { class: "card-art", "aria-label": p.name }, art(p)),
        h(
          "div",
          { class: "card-body" },
          h("h3", {}, link(`/?p=product&id=${p.sku}`, {}, p.name)),
          h("p", { class: "muted" }, p.kind),
          h(
            "div",
            { class: "card-foot" },
            h("span", { class: "price" }, money(p.price)),
            h("button", { class: "btn small", type: "button", "data-add": p.sku, onclick: () => app.addToCart(p, 1) }, "Add to cart"),
          ),
        ),
      ),
    ),
  );
  return {
    title: `${SHOP} · Tea, slowly`,
    node: h(
      "section",
      {},
      h(
        "div",
        { class: "hero" },
        h("p", { class: "eyebrow" }, "Spring selection"),
        h("h1", {}, "Tea, slowly."),
        h("p", { class: "lead" }, "Six things we love this season: four teas from small gardens, a pot that pours cleanly and cups to share."),
      ),
      grid,
    ),
  };
}

export function productPage(app, sku) {
  const p = product(sku);
  if (!p) return notFound();
  let qty = 1;
  const qtyOut = h("output", { class: "qty-value", "aria-live": "polite" }, "1");
  const setQty = (n) => {
    qty = Math.max(1, Math.min(20, n));
    qtyOut.textContent = String(qty);
  };
  return {
    title: `${p.name} · ${SHOP}`,
    node: h(
      "section",
      { class: "product" },
      link("/", { class: "back" }, "← All products"),
      h(
        "div",
        { class: "product-grid" },
        art(p, "art big"),
        h(
          "div",
          { class: "product-info" },
          h("p", { class: "eyebrow" }, p.kind),
          h("h1", {}, p.name),
          h("p", { class: "price big" }, money(p.price)),
          h("p", { class: "lead" }, p.blurb),
          h(
            "div",
            { class: "buy" },
            h(
              "div",
              { class: "qty", role: "group", "aria-label": "Quantity" },
              h("button", { type: "button", class: "icon", "aria-label": "One less", onclick: () => setQty(qty - 1) }, "−"),
              qtyOut,
              h("button", { type: "button", class: "icon", "aria-label": "One more", onclick: () => setQty(qty + 1) }, "+"),
            ),
            h("button", { type: "button", class: "btn", id: "add-to-cart", onclick: () => app.addToCart(p, qty) }, "Add to cart"),
          ),
          h("p", { class: "note" }, "Free shipping over ¥150 · Packed the day you order"),
        ),
      ),
    ),
  };
}

function cartLines(editable) {
  return store.cart().map((line) => {
    const p = product(line.sku);
    if (!p) return null;
    return h(
      "li",
      { class: "line" },
      art(p, "art thumb"),
      h("div", { class: "line-name" }, h("strong", {}, p.name), h("span", { class: "muted" }, `${money(p.price)} each`)),
      editable
        ? h(
            "div",
            { class: "qty small" },
            h("button", { type: "button", class: "icon", "aria-label": `One less ${p.name}`, onclick: () => store.setQty(p.sku, line.qty - 1) }, "−"),
            h("output", { class: "qty-value" }, String(line.qty)),
            h("button", { type: "button", class: "icon", "aria-label": `One more ${p.name}`, onclick: () => store.setQty(p.sku, line.qty + 1) }, "+"),
          )
        : h("span", { class: "muted" }, `× ${line.qty}`),
      h("span", { class: "line-total" }, money(p.price * line.qty)),
    );
  });
}

export function cartTotal() {
  return store.cart().reduce((sum, l) => sum + (product(l.sku)?.price ?? 0) * l.qty, 0);
}

function shipping(total) {
  return total >= 150 || total === 0 ? 0 : 12;
}

export function cartPage(app) {
  const items = store.cart();
  if (items.length === 0) {
    return {
      title: `Your cart · ${SHOP}`,
      node: h(
        "section",
        { class: "empty" },
        h("h1", {}, "Your cart is empty"),
        h("p", { class: "muted" }, "Nothing brewing yet."),
        link("/", { class: "btn" }, "Browse the teas"),
      ),
    };
  }
  const total = cartTotal();
  const next = store.user() ? "/?p=checkout" : "/?p=login&next=checkout";
  return {
    title: `Your cart · ${SHOP}`,
    node: h(
      "section",
      {},
      h("h1", {}, "Your cart"),
      h("ul", { class: "lines" }, cartLines(true)),
      h(
        "div",
        { class: "summary" },
        h("div", {}, h("span", {}, "Subtotal"), h("span", {}, money(total))),
        h("div", {}, h("span", {}, "Shipping"), h("span", {}, shipping(total) ? money(shipping(total)) : "Free")),
        h("div", { class: "grand" }, h("span", {}, "Total"), h("span", {}, money(total + shipping(total)))),
        link(next, { class: "btn wide", id: "to-checkout" }, store.user() ? "Checkout" : "Sign in to check out"),
      ),
    ),
  };
}

export function loginPage(app, next) {
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const email = h("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "email", placeholder: "you@example.com" });
  const name = h("input", { id: "name", name: "name", type: "text", autocomplete: "name", placeholder: "Zhang San" });
  const idHint = h("code", {}, "u·······");
  email.addEventListener("input", () => {
    idHint.textContent = email.value.includes("@") ? store.userIdFor(email.value) : "u·······";
  });
  const submit = h("button", { class: "btn wide", type: "submit", id: "sign-in" }, "Sign in");
  const form = h(
    "form",
    {
      class: "panel-form",
      onsubmit: async (e) => {
        e.preventDefault();
        if (!email.value.includes("@")) return;
        submit.disabled = true;
        error.hidden = true;
        try {
          await app.signIn({ email: email.value.trim(), name: name.value.trim() || email.value.split("@")[0] });
          app.navigate(next === "checkout" ? "/?p=checkout" : "/");
        } catch (err) {
          error.textContent = `Signing in worked here, but telling Linkflow failed: ${err.message}`;
          error.hidden = false;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("label", { for: "email" }, "Email"),
    email,
    h("label", { for: "name" }, "Name ", h("span", { class: "muted" }, "(optional)")),
    name,
    submit,
    error,
    h("p", { class: "note" }, "No password in this demo. Our backend knows you as ", idHint, ": the same id it gives Linkflow, so your browsing and your orders meet on one customer."),
  );
  return {
    title: `Sign in · ${SHOP}`,
    node: h("section", { class: "narrow" }, h("h1", {}, "Sign in"), form),
  };
}

export function checkoutPage(app) {
  const u = store.user();
  if (!u) return loginPage(app, "checkout");
  if (store.cart().length === 0) return cartPage(app);
  const total = cartTotal() + shipping(cartTotal());
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const place = h("button", { class: "btn wide", type: "submit", id: "place-order" }, `Place order · ${money(total)}`);
  const form = h(
    "form",
    {
      class: "panel-form",
      onsubmit: async (e) => {
        e.preventDefault();
        place.disabled = true;
        error.hidden = true;
        try {
          const id = await app.placeOrder();
          app.navigate(`/?p=order&id=${encodeURIComponent(id)}`);
        } catch (err) {
          error.textContent = `The order could not be sent: ${err.message}`;
          error.hidden = false;
          place.disabled = false;
        }
      },
    },
    h("label", { for: "address" }, "Deliver to"),
    h("input", { id: "address", name: "address", type: "text", value: "88 Century Avenue, Shanghai", autocomplete: "street-address" }),
    h("label", {}, "Payment"),
    h("p", { class: "fake-card" }, "Demo card ···· 4242"),
    place,
    error,
  );
  return {
    title: `Checkout · ${SHOP}`,
    node: h(
      "section",
      { class: "checkout" },
      h("h1", {}, "Checkout"),
      h("p", { class: "muted" }, `Signed in as ${u.name} (${u.email})`),
      h("div", { class: "two" }, h("ul", { class: "lines" }, cartLines(false)), form),
    ),
  };
}

export function orderPage(app, id) {
  const o = store.order(id);
  if (!o) return notFound();
  return {
    title: `Order ${o.id} confirmed · ${SHOP}`,
    node: h(
      "section",
      { class: "narrow done" },
      h("div", { class: "tick", "aria-hidden": "true" }, "✓"),
      h("h1", {}, `Thank you, ${o.name}!`),
      h("p", { class: "lead" }, "Order ", h("strong", { id: "order-id" }, o.id), ` · ${money(o.total)}`),
      h("ul", { class: "receipt" }, o.items.map((i) => h("li", {}, h("span", {}, `${i.name} × ${i.qty}`), h("span", {}, money(i.price * i.qty))))),
      h(
        "p",
        { class: "note" },
        "Your browsing was tracked in this browser; this order went to Linkflow from the shop's backend (the API). Both carry ",
        h("code", {}, "example.com"),
        " and ",
        h("code", {}, o.externalId),
        ", so the panel shows them on one customer.",
      ),
      link("/", { class: "btn" }, "Keep browsing"),
    ),
  };
}

export function notFound() {
  return {
    title: `Not found · ${SHOP}`,
    node: h("section", { class: "empty" }, h("h1", {}, "Nothing here"), link("/", { class: "btn" }, "Back to the shop")),
  };
}
