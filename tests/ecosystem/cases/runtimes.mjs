// Server runtimes: Node (import, require), Deno (bare and npm: specifiers), Bun (runtime,
// bun test, bun build --compile and --target=bun with the package moved away), and
// Cloudflare Workers through `wrangler dev` (local workerd). Each accepts appSecret.
import fs from "node:fs";
import path from "node:path";
import { INSTALLED, bin, expectProbe, freePort, getJson, printResult, probeSource, project, run, runOk, runProbe, startServer, versionOf } from "../lib.mjs";

const server = true;
const MODULE_PKG = JSON.stringify({ private: true, type: "module" });
const script = (tag, style = "esm") => probeSource({ style, tag, server, report: printResult });

/** Runs `fn` while the installed package is moved away (what a deployed binary or bundle meets). */
async function withoutPackage(fn) {
  const moved = `${INSTALLED}.moved`;
  fs.renameSync(INSTALLED, moved);
  try {
    return await fn();
  } finally {
    fs.renameSync(moved, INSTALLED);
  }
}

/** `bun build ARGS`, then the output run (`runOf(dir)`: [command, args]) with the package moved away. */
const bunBuild = (name, what, args, runOf) => ({
  name,
  tool: "Bun",
  note: `${what} run with node_modules/linkflow-sdk moved away`,
  version: bunVersion,
  run: async () => {
    const dir = project(name, { "package.json": MODULE_PKG, "main.js": script(name) });
    await runOk(bin("bun"), ["build", ...args], { cwd: dir });
    const [cmd, cmdArgs] = runOf(dir);
    expectProbe(await withoutPackage(() => runProbe(cmd, cmdArgs, { cwd: dir })), { server });
  },
});

const bunVersion = async () => (await runOk(bin("bun"), ["--version"])).out.trim();

export const cases = [
  {
    name: "node-esm",
    tool: "Node",
    version: async () => process.versions.node,
    run: async () => {
      const dir = project("node-esm", { "package.json": MODULE_PKG, "main.js": script("node-esm") });
      expectProbe(await runProbe(process.execPath, ["main.js"], { cwd: dir }), { server });
    },
  },
  {
    name: "node-cjs",
    tool: "Node",
    version: async () => process.versions.node,
    run: async () => {
      const dir = project("node-cjs", { "package.json": JSON.stringify({ private: true }), "main.js": script("node-cjs", "cjs") });
      expectProbe(await runProbe(process.execPath, ["main.js"], { cwd: dir }), { server });
    },
  },
  ...[
    ["deno-bare", "esm"],
    ["deno-npm", "npm:"],
  ].map(([name, style]) => ({
    name,
    tool: "Deno",
    note: "--allow-read",
    version: async () => versionOf("deno"),
    run: async () => {
      // The package is installed with npm (node_modules beside package.json): Deno resolves
      // both bare and npm: specifiers from there.
      const dir = project(name, { "package.json": MODULE_PKG, "main.js": script(name, style) });
      expectProbe(await runProbe(bin("deno"), ["run", "--allow-read", "--allow-net", "--allow-env", "main.js"], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: "1" } }), { server });
    },
  })),
  ...[
    ["bun-esm", "esm"],
    ["bun-cjs", "cjs"],
  ].map(([name, style]) => ({
    name,
    tool: "Bun",
    version: bunVersion,
    run: async () => {
      const pkg = style === "cjs" ? JSON.stringify({ private: true }) : MODULE_PKG;
      const dir = project(name, { "package.json": pkg, "main.js": script(name, style) });
      expectProbe(await runProbe(bin("bun"), ["main.js"], { cwd: dir }), { server });
    },
  })),
  {
    name: "bun-test",
    tool: "Bun",
    version: bunVersion,
    run: async () => {
      const source = probeSource({
        tag: "bun-test",
        server,
        report: (call) =>
          `import { expect, test } from "bun:test";\n` +
          `test("linkflow-sdk under bun test", async () => {\n  const r = await ${call};\n  console.log("RESULT " + JSON.stringify(r));\n  expect(r.channelTypes).toBe(24);\n});\n`,
      });
      const dir = project("bun-test", { "package.json": MODULE_PKG, "probe.test.js": source });
      const r = await run(bin("bun"), ["test"], { cwd: dir, timeoutMs: 120_000 });
      const m = /^RESULT (.*)$/m.exec(r.out);
      if (r.code !== 0 || !m) throw new Error(`bun test failed (${r.code}):\n${r.out}`);
      expectProbe(JSON.parse(m[1]), { server });
    },
  },
  bunBuild("bun-build-compile", "binary", ["--compile", "main.js", "--outfile", "app"], (dir) => [path.join(dir, "app"), []]),
  bunBuild("bun-build-target-bun", "bundle", ["--target=bun", "main.js", "--outdir", "out"], () => [bin("bun"), ["out/main.js"]]),
  {
    name: "cloudflare-workers",
    tool: "wrangler",
    note: "wrangler dev, local workerd",
    version: async () => versionOf("wrangler"),
    run: async () => {
      const source = probeSource({
        tag: "workers",
        server,
        report: (call) =>
          `export default {\n  async fetch() {\n    try {\n      return Response.json(await ${call});\n    } catch (e) {\n` +
          `      return Response.json({ error: String((e && e.stack) || e) });\n    }\n  },\n};\n`,
      });
      // No configuration for the package: wrangler's defaults (.wasm imports compile to a
      // WebAssembly.Module) and the `workerd` export condition do the work.
      const dir = project("workers", {
        "package.json": MODULE_PKG,
        "src/index.js": source,
        "wrangler.json": JSON.stringify({ name: "eco-worker", main: "src/index.js", compatibility_date: "2025-09-01" }),
      });
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const dev = await startServer(bin("wrangler"), ["dev", "--ip", "127.0.0.1", "--port", String(port), "--log-level", "warn"], {
        cwd: dir,
        url,
        // No telemetry, and no fetch of the `Request.cf` object from Cloudflare (offline).
        env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1" },
      });
      try {
        expectProbe(await getJson(url), { server });
      } catch (e) {
        throw new Error(`${e.message}\nwrangler:\n${dev.log()}`);
      } finally {
        await dev.stop();
      }
    },
  },
];
