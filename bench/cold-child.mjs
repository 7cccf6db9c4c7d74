// One Node cold start, run in a fresh process by bench/cold.mjs: `node cold-child.mjs
// ENTRY_URL full|tracker`. Imports nothing before the SDK, so `start` is Node's own
// start-up (performance.now() counts from process start in Node) and the rest is the SDK's.
const t0 = performance.now();
const [url, which] = process.argv.slice(2);
const sdk = await import(url); // Node entries load and instantiate the wasm synchronously
const t1 = performance.now();
if (which === "tracker") {
  new sdk.Tracker({ channelId: "example.com", collectUrl: "http://127.0.0.1:9", autoPageView: false, storage: "memory" });
} else {
  new sdk.LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "bench" });
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({ start: t0, imported: t1, constructed: t2 }) + "\n");
