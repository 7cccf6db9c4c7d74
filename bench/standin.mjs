// How fast the stand-in serves events and contacts, one or more builds of it side by side.
//
//   node bench/standin.mjs [ROUNDS] [name=path/to/linkflow-devserver ...]
//
// Default: 5 rounds of target/release/linkflow-devserver. Each build is started once, as
// bench/run.sh starts it for the 1M-event bench (`--seed 100000 --seed-events-per-contact
// 10`), and the rounds interleave the builds (a round times every build once, in turn), so
// the machine's load is shared alike. Per build and round:
//   events:   100 pages of GET /events/lite?size=1000 (lastMaxId cursor, 100,000 events)
//   contacts: 10 pages of GET /contacts?size=1000 (10,000 contacts)
//   bulk:     100 calls of GET /v2/contacts_bulk with 100 ids (10,000 contacts)
// STANDIN_ONLY=events,bulk picks workloads. Prints, per workload, the median wall-clock ms
// and the mean of the stand-in's own CPU ms (read from /proc in 10 ms ticks: far steadier
// than the wall clock on a loaded machine), and a digest of the answer bodies: builds that
// answer the same JSON print the same digest.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { CREDENTIALS, median } from "./lib.mjs";

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args[0] ?? "") ? Number(args.shift()) : 5;
const builds = (args.length ? args : ["current=target/release/linkflow-devserver"]).map((a) => {
  const i = a.indexOf("=");
  return i > 0 ? { name: a.slice(0, i), bin: a.slice(i + 1) } : { name: a, bin: a };
});

function start(bin) {
  const child = spawn(bin, ["--port", "0", "--seed", "100000", "--seed-events-per-contact", "10"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`${bin} exited with ${code} before listening`)));
  });
}

async function token(url) {
  const res = await fetch(`${url}/token`, { headers: { "X-OpenApi-Key": CREDENTIALS.appKey, "X-OpenApi-Secret": CREDENTIALS.appSecret } });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return (await res.json()).token;
}

async function get(server, path, digest) {
  const res = await fetch(`${server.url}${path}`, { headers: { "X-OpenApi-Token": server.token } });
  const body = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  digest.update(body);
  return body;
}

const workloads = {
  async events(server, digest) {
    let last = 0;
    for (let p = 0; p < 100; p++) {
      // The cursor is the last event's id (its last "id" member: seeded events have no
      // items), read without JSON.parse so the client's cost stays small and alike.
      const body = await get(server, `/events/lite?lastMaxId=${last}&size=1000`, digest);
      last = Number(/^"id":(\d+)/.exec(body.slice(body.lastIndexOf('"id":')))?.[1]);
      if (!(last > 0)) throw new Error("events: no id in the last event");
    }
  },
  async contacts(server, digest) {
    for (let p = 0; p < 10; p++) await get(server, `/contacts?page=${p}&size=1000`, digest);
  },
  async bulk(server, digest) {
    for (let p = 0; p < 100; p++) {
      const ids = Array.from({ length: 100 }, (_, i) => p * 100 + i + 1).join(",");
      await get(server, `/v2/contacts_bulk?ids=${ids}`, digest);
    }
  },
};

// STANDIN_ONLY=contacts,bulk: only these workloads.
const only = process.env.STANDIN_ONLY?.split(",");
for (const w of Object.keys(workloads)) if (only && !only.includes(w)) delete workloads[w];

// The stand-in's own CPU time (user + system, ms) from /proc: it barely moves with the
// machine's load, unlike the wall clock. `null` where /proc is not there.
const TICK_MS = 10; // USER_HZ is 100 on Linux
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return null;
  }
}


const servers = [];
try {
  for (const b of builds) {
    const s = await start(b.bin);
    s.token = await token(s.url);
    s.times = Object.fromEntries(Object.keys(workloads).map((w) => [w, []]));
    s.cpu = Object.fromEntries(Object.keys(workloads).map((w) => [w, []]));
    s.digest = "";
    servers.push(s);
  }
  for (const s of servers) for (const w of Object.values(workloads)) await w(s, createHash("sha256")); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [w, run] of Object.entries(workloads)) {
      for (const s of servers) {
        const digest = createHash("sha256");
        const [t0, c0] = [performance.now(), cpuMs(s.child.pid)];
        await run(s, digest);
        s.times[w].push(performance.now() - t0);
        if (c0 !== null) s.cpu[w].push(cpuMs(s.child.pid) - c0);
        if (r === 0) s.digest += digest.digest("hex").slice(0, 8) + " ";
      }
    }
  }
  console.log(`load ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}; ${rounds} rounds; median ms (all runs)`);
  builds.forEach((b, i) => {
    const s = servers[i];
    const cols = Object.entries(s.times).map(([w, xs]) => `${w} ${median(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(" ")})`);
    console.log(`${b.name.padEnd(10)} wall  ${cols.join("  ")}  bodies ${s.digest.trim()}`);
    const cpu = Object.entries(s.cpu).filter(([, xs]) => xs.length).map(([w, xs]) => `${w} ${(xs.reduce((a, x) => a + x, 0) / xs.length).toFixed(1)} (${xs.join(" ")})`);
    if (cpu.length) console.log(`${"".padEnd(10)} cpu   ${cpu.join("  ")}`);
  });
} finally {
  for (const s of servers) s.child.kill();
}
