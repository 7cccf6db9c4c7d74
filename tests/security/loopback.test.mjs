// The stand-in's admin API (/__admin/*) and /demo/token answer loopback peers only, checked
// over real sockets: a second linkflow-devserver bound to 0.0.0.0 is called through this
// machine's own non-loopback address (the peer the server sees is then that address, not
// 127.0.0.1) and must answer 403 B00403, even with an X-Forwarded-For: 127.0.0.1 header, while
// the same server answers 127.0.0.1 and serves the Open API to anyone with a token.
// devserver/tests/platform.rs (admin_and_demo_token_require_loopback_peer) checks the same
// rule through the router with synthetic peer addresses.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import os from "node:os";
import { DEVSERVER_BIN } from "./helpers.mjs";

/** This machine's first non-loopback IPv4 address, or null. */
function externalAddress() {
  const all = Object.values(os.networkInterfaces()).flat();
  return all.find((i) => i?.family === "IPv4" && !i.internal)?.address ?? null;
}

let server;
let port;
before(async () => {
  server = spawn(DEVSERVER_BIN, ["--host", "0.0.0.0", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devserver did not start:\n${log}`)), 30_000);
    server.stdout.setEncoding("utf8").on("data", (c) => {
      log += c;
      const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.stderr.setEncoding("utf8").on("data", (c) => (log += c));
    server.on("exit", (code) => reject(new Error(`devserver exited (${code}):\n${log}`)));
  });
});
after(async () => {
  if (server && server.exitCode === null) {
    await new Promise((resolve) => {
      server.once("exit", resolve);
      server.kill("SIGTERM");
    });
  }
});

async function get(host, path, headers = {}) {
  const res = await fetch(`http://${host}:${port}${path}`, { headers });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

test("/__admin/* and /demo/token refuse a non-loopback peer (real socket)", async (t) => {
  const ip = externalAddress();
  if (!ip) {
    t.skip("this machine has no non-loopback IPv4 address to call from");
    return;
  }
  // Loopback: allowed.
  assert.equal((await get("127.0.0.1", "/__admin/stats")).status, 200);
  const demo = await get("127.0.0.1", "/demo/token");
  assert.equal(demo.status, 200);
  // The machine's own external address: the server sees that address as the peer.
  for (const path of ["/__admin/stats", "/__admin/faults", "/demo/token"]) {
    for (const headers of [{}, { "X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1", Forwarded: "for=127.0.0.1" }]) {
      const r = await get(ip, path, headers);
      assert.equal(r.status, 403, `${path} from ${ip} ${JSON.stringify(headers)}`);
      assert.equal(r.body?.code, "B00403", `${path}: ${JSON.stringify(r.body)}`);
    }
  }
  const post = await fetch(`http://${ip}:${port}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(post.status, 403, "POST /__admin/reset from outside");
  // The Open API itself is served to that peer (with a token): the 403 is the loopback rule.
  const api = await get(ip, "/channels/meta/types", { "X-OpenApi-Token": demo.body.token });
  assert.equal(api.status, 200);
});
