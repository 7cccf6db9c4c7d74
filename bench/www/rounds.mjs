// The timed loops of the call-overhead bench, shared by Node (bench/overhead.mjs imports this
// file) and the browser page (bench/www/index.html), so both runtimes time the same code.
// Each returns the elapsed ms of `n` sequential calls, measured where they run.

/** `n` sequential `client.channels.types()`. */
export async function sdkRound(client, n) {
  let count = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) count += (await client.channels.types()).length;
  const ms = performance.now() - t0;
  if (count === 0) throw new Error("channels.types() answered nothing");
  return ms;
}

/**
 * `n` sequential hand-written requests of the same endpoint with the headers the SDK
 * sends (captured from its request by the caller): `fetch` + `json()`, nothing else.
 */
export async function rawRound(url, headers, n) {
  let count = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    count += (await res.json()).length;
  }
  const ms = performance.now() - t0;
  if (count === 0) throw new Error("raw fetch answered nothing");
  return ms;
}

/**
 * The same hand-written request with what any client that offers per-request timeouts and
 * cancellation adds, as the SDK does for each attempt: its own `AbortController`, whose
 * signal `fetch` gets, and a timer armed to abort it (cleared once the body is read).
 */
export async function rawTimeoutRound(url, headers, n) {
  let count = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30000);
    const res = await fetch(url, { headers, signal: controller.signal });
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    count += (await res.json()).length;
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  if (count === 0) throw new Error("raw fetch answered nothing");
  return ms;
}

/** `response.text()`, called as a function (how the call driver chains it on the `fetch` promise). */
const readText = Function.prototype.call.bind(Response.prototype.text);

/**
 * The SDK's own `fetch` call written by hand: what the call driver in pkg-template/entry.js
 * does for a call whose token is in hand (src/wasm/platform/driver.rs): its own
 * `AbortController` and timer, the init (`method`, `headers`, `body`, the `signal`,
 * `redirect: "manual"`), the response and its body (`Response.prototype.text` chained on the
 * `fetch` promise) in one `Promise.all`, the timer cleared, then `JSON.parse`. Resolves to the
 * parsed answer.
 */
export async function ownRequest(url, headers) {
  const controller = new AbortController();
  const signal = controller.signal;
  const timer = setTimeout(() => controller.abort(), 30000);
  const pending = fetch(url, { method: "GET", headers, body: undefined, signal, redirect: "manual" });
  const [res, body] = await Promise.all([pending, pending.then(readText)]);
  clearTimeout(timer);
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return JSON.parse(body);
}

/**
 * `n` sequential [`ownRequest`]s. SDK / this = what the SDK costs besides its request;
 * this / raw = what its request shape costs in the runtime's `fetch`.
 */
export async function rawAsSdkRound(url, headers, n) {
  let count = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) count += (await ownRequest(url, headers)).length;
  const ms = performance.now() - t0;
  if (count === 0) throw new Error("raw fetch answered nothing");
  return ms;
}

/**
 * Which headers the SDK sends on `channels.types()`: a one-off client whose `fetch` option
 * records the init and then does the real request. `makeClient(fetch)` builds that client.
 */
export async function sdkHeaders(makeClient) {
  let seen = null;
  const client = makeClient((url, init) => {
    if (String(url).includes("/channels/meta/types")) seen = { url: String(url), method: init?.method ?? "GET", headers: Object.fromEntries(new Headers(init?.headers ?? {})) };
    return fetch(url, init);
  });
  await client.channels.types();
  if (!seen) throw new Error("the SDK did not request /channels/meta/types through its fetch option");
  return seen;
}
