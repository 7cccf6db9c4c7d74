// Browsers (headless Chromium): Vite 7 and 8 dev servers with no optimizeDeps settings,
// `vite build`, webpack 5 and esbuild bundles, a plain <script type="module"> page and a
// module Web Worker, each calling the stand-in with a tokenProvider. appSecret is refused
// in all of them (the worker included).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { API, DEPS, INSTALLED, expectProbe, htmlPage, pageReport, pageResults, probeSource, project, serveStatic, versionOf } from "../lib.mjs";

const server = false;
const requireDeps = createRequire(path.join(DEPS, "package.json"));
const importDeps = (name, file) => import(pathToFileURL(path.join(DEPS, "node_modules", name, file)).href);
/** The browser entries by URL, for pages without a bundler (the static server serves DEPS). */
const BY_URL = ["/node_modules/linkflow-sdk/web/index.js", "/node_modules/linkflow-sdk/tracker/index.js"];
const wasmFilesIn = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));

/** A page project: index.html + main.js running the probe over `import … from "linkflow-sdk"`. */
const pageProject = (name, extra = {}) =>
  project(name, {
    "package.json": JSON.stringify({ private: true, type: "module" }),
    "index.html": htmlPage("./main.js"),
    "main.js": probeSource({ tag: name, server, report: pageReport }),
    ...extra,
  });

/** Serves `dir`, opens its index.html in Chromium and checks the probe's result. */
async function checkServed(ctx, dir) {
  const site = await serveStatic(dir);
  try {
    const { result } = await pageResults(await ctx.browser(), `${site.url}/index.html`);
    expectProbe(result, { server });
  } finally {
    await site.close();
  }
}

const viteDev = (name, pkg) => ({
  name,
  tool: "Vite",
  version: async () => versionOf(pkg),
  run: async (ctx) => {
    const dir = pageProject(name);
    const { createServer } = await importDeps(pkg, "dist/node/index.js");
    // No configuration at all: in particular no optimizeDeps.exclude.
    const vite = await createServer({ root: dir, configFile: false, logLevel: "warn", server: { host: "127.0.0.1", port: 0 } });
    await vite.listen();
    try {
      const url = vite.resolvedUrls.local[0];
      const { result } = await pageResults(await ctx.browser(), url);
      expectProbe(result, { server });
    } finally {
      await vite.close();
    }
  },
});

export const cases = [
  viteDev("vite7-dev", "vite7"),
  viteDev("vite8-dev", "vite"),
  {
    name: "vite8-build",
    tool: "Vite",
    version: async () => versionOf("vite"),
    run: async (ctx) => {
      const dir = pageProject("vite8-build");
      const { build } = await importDeps("vite", "dist/node/index.js");
      await build({ root: dir, configFile: false, base: "./", logLevel: "warn", build: { outDir: "dist" } });
      if (wasmFilesIn(path.join(dir, "dist")).length !== 2) throw new Error(`vite build emitted ${wasmFilesIn(path.join(dir, "dist"))} (want both .wasm)`);
      await checkServed(ctx, path.join(dir, "dist"));
    },
  },
  {
    name: "webpack5",
    tool: "webpack",
    version: async () => versionOf("webpack"),
    run: async (ctx) => {
      const dir = pageProject("webpack");
      const webpack = requireDeps("webpack");
      const dist = path.join(dir, "dist");
      const stats = await new Promise((resolve, reject) =>
        webpack(
          { mode: "production", context: dir, entry: "./main.js", target: "web", output: { path: dist, filename: "main.js", publicPath: "auto" }, performance: { hints: false } },
          (err, s) => (err ? reject(err) : resolve(s)),
        ),
      );
      if (stats.hasErrors()) throw new Error(stats.toString("errors-warnings"));
      fs.writeFileSync(path.join(dist, "index.html"), htmlPage("./main.js"));
      await checkServed(ctx, dist);
    },
  },
  {
    name: "esbuild",
    tool: "esbuild",
    note: "copy the .wasm beside the bundle",
    version: async () => versionOf("esbuild"),
    run: async (ctx) => {
      // esbuild does not emit new URL(…, import.meta.url) assets: the README says to copy
      // the .wasm beside the bundle, so one page uses one entry (both modules have one name).
      const dir = project("esbuild", {
        "main.js": probeSource({ tag: "esbuild", server, report: pageReport, from: ["linkflow-sdk", "linkflow-sdk"] }),
      });
      const esbuild = requireDeps("esbuild");
      const dist = path.join(dir, "dist");
      await esbuild.build({ entryPoints: [path.join(dir, "main.js")], bundle: true, format: "esm", target: "es2022", outfile: path.join(dist, "main.js"), logLevel: "warning" });
      fs.copyFileSync(path.join(INSTALLED, "web/linkflow_sdk_bg.wasm"), path.join(dist, "linkflow_sdk_bg.wasm"));
      fs.writeFileSync(path.join(dist, "index.html"), htmlPage("./main.js"));
      await checkServed(ctx, dist);
    },
  },
  {
    name: "script-type-module",
    tool: "Chromium",
    version: async (ctx) => (await ctx.browser()).version(),
    run: async (ctx) => {
      // No bundler: the page imports the package's files by URL.
      const main = probeSource({ tag: "plain", server, report: pageReport, from: BY_URL });
      project("plain", { "index.html": htmlPage("./main.js"), "main.js": main });
      const site = await serveStatic(DEPS);
      try {
        const { result } = await pageResults(await ctx.browser(), `${site.url}/cases/plain/index.html`);
        expectProbe(result, { server });
      } finally {
        await site.close();
      }
    },
  },
  {
    name: "module-web-worker",
    tool: "Chromium",
    version: async (ctx) => (await ctx.browser()).version(),
    run: async (ctx) => {
      // The page posts its message right after creating the worker. The browser entry awaits
      // its wasm at the top level, so a worker sets its listener before the SDK has loaded
      // (a dynamic import, as the README says) or that first message finds no listener.
      const probe = probeSource({ tag: "worker", server, report: () => "" }).replace(/^import .*\n/gm, "");
      const worker =
        `const sdkLoaded = Promise.all([import(${JSON.stringify(BY_URL[0])}), import(${JSON.stringify(BY_URL[1])})]);\n${probe}\n` +
        `self.onmessage = async (e) => {\n  const [sdk, trackerSdk] = await sdkLoaded;\n` +
        `  const r = await probe(sdk, trackerSdk, { ...e.data, tag: "worker", server: false }).catch((err) => ({ error: String((err && err.stack) || err) }));\n` +
        `  postMessage({ ...r, isWorker: typeof WorkerGlobalScope === "function" && self instanceof WorkerGlobalScope });\n};\n`;
      const main =
        `const w = new Worker("./worker.js", { type: "module" });\n` +
        `w.onmessage = (e) => { document.getElementById("result").textContent = JSON.stringify(e.data); };\n` +
        `w.onerror = (e) => { document.getElementById("result").textContent = JSON.stringify({ error: e.message || "worker error" }); };\n` +
        `w.postMessage({ baseUrl: ${JSON.stringify(API)} });\n`;
      project("worker", { "index.html": htmlPage("./main.js"), "main.js": main, "worker.js": worker });
      const site = await serveStatic(DEPS);
      try {
        const { result } = await pageResults(await ctx.browser(), `${site.url}/cases/worker/index.html`);
        if (result.isWorker !== true) throw new Error(`the probe did not run in a worker: ${JSON.stringify(result)}`);
        expectProbe(result, { server });
      } finally {
        await site.close();
      }
    },
  },
];

