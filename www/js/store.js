// The shop's own state (cart, signed-in user, orders), kept in localStorage when the
// browser lets us and in memory when it does not (private modes, blocked storage): the
// shop works either way, like the tracker.

const memory = new Map();

function area() {
  try {
    const s = globalThis.localStorage;
    s.setItem("shop:probe", "1");
    s.removeItem("shop:probe");
    return s;
  } catch {
    return null;
  }
}

const storage = area();

function read(key, fallback) {
  try {
    const text = storage ? storage.getItem(key) : memory.get(key);
    return text == null ? fallback : JSON.parse(text);
  } catch {
    return memory.has(key) ? JSON.parse(memory.get(key)) : fallback;
  }
}

function write(key, value) {
  const text = JSON.stringify(value);
  try {
    if (storage) {
      storage.setItem(key, text);
      return;
    }
  } catch {
    // Quota or blocked: fall through to memory.
  }
  memory.set(key, text);
}

function remove(key) {
  memory.delete(key);
  try {
    storage?.removeItem(key);
  } catch {
    // ignore
  }
}

const listeners = new Set();
/** Calls `fn` whenever the cart or the user changes. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function changed() {
  for (const fn of listeners) fn();
}

// --- cart: [{ sku, qty }] ---------------------------------------------------------------

export function cart() {
  const items = read("shop:cart", []);
  return Array.isArray(items) ? items.filter((i) => i && typeof i.sku === "string" && i.qty > 0) : [];
}

export function addToCart(sku, qty = 1) {
  const items = cart();
  const line = items.find((i) => i.sku === sku);
  if (line) line.qty += qty;
  else items.push({ sku, qty });
  write("shop:cart", items);
  changed();
}

export function setQty(sku, qty) {
  const items = cart()
    .map((i) => (i.sku === sku ? { ...i, qty } : i))
    .filter((i) => i.qty > 0);
  write("shop:cart", items);
  changed();
}

export function clearCart() {
  remove("shop:cart");
  changed();
}

export function cartCount() {
  return cart().reduce((n, i) => n + i.qty, 0);
}

// --- user: { externalId, email, name, since } ---------------------------------------------

export function user() {
  const u = read("shop:user", null);
  return u && typeof u.externalId === "string" ? u : null;
}

export function signIn(u) {
  write("shop:user", u);
  changed();
}

export function signOut() {
  remove("shop:user");
  changed();
}

// --- orders: the confirmation page reads the last one back ---------------------------------

export function saveOrder(order) {
  const orders = read("shop:orders", []);
  orders.unshift(order);
  write("shop:orders", orders.slice(0, 20));
}

export function order(id) {
  return read("shop:orders", []).find((o) => o.id === id) ?? null;
}

/**
 * The shop's user id for an email, as its backend would assign it: "u" + 7 digits,
 * stable for the same address (FNV-1a of the lower-cased email).
 */
export function userIdFor(email) {
  let h = 0x811c9dc5;
  for (const ch of email.trim().toLowerCase()) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return "u" + String(h % 10_000_000).padStart(7, "0");
}

/** True when the shop's data only lives in memory (storage blocked). */
export const inMemory = storage === null;
