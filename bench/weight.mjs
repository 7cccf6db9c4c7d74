// Weight of the browser entries `.` (web/index.js) and `./tracker` (tracker/index.js):
// every file a page downloads, found by following the entry's relative imports and its
// `new URL("…", import.meta.url)` assets (the .wasm), each compressed on its own as a server
// would send it. Also the JS bundled and minified by esbuild, the way the peers' figures in
// issue 6 were measured (the .wasm stays a separate asset either way).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { build, version as esbuildVersion } from "esbuild";
import { PKG, writeResult, log } from "./lib.mjs";

const ENTRIES = { full: "web/index.js", tracker: "tracker/index.js" };

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
});

// `import … from "./x.js"`, `export … from "./x.js"`, `import "./x.js"`, `import("./x.js")`.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
const ASSET = /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

/** The entry and everything it loads, relative to PKG, in discovery order. */
function fileSet(entry) {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    if (!rel.endsWith(".js") && !rel.endsWith(".mjs")) return; // an asset: nothing inside to follow
    const text = readFileSync(join(PKG, rel), "utf8");
    for (const re of [IMPORT, ASSET]) {
      for (const m of text.matchAll(re)) visit(relative(PKG, join(PKG, dirname(rel), m[1])));
    }
  };
  visit(entry);
  return [...seen];
}

async function bundledJs(entry) {
  const out = await build({
    entryPoints: [join(PKG, entry)], bundle: true, minify: true, format: "esm",
    platform: "browser", target: "es2022", write: false, logLevel: "silent",
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/**
 * `make build`'s figure for an entry: the files a page downloads (`fileSet`: its .wasm, the
 * entry, and the glue where the entry imports it), the .wasm first as scripts/build.sh
 * concatenates them, through one `gzip -9`.
 */
function buildTableGzip(files) {
  const ordered = [...files.filter((f) => f.endsWith(".wasm")), ...files.filter((f) => !f.endsWith(".wasm"))];
  return execFileSync("gzip", ["-9", "-c"], { input: Buffer.concat(ordered.map((f) => readFileSync(join(PKG, f)))), maxBuffer: 64 << 20 }).length;
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

const entries = {};
for (const [name, entry] of Object.entries(ENTRIES)) {
  const files = fileSet(entry).map((file) => ({ file, ...sizes(readFileSync(join(PKG, file))) }));
  const wasm = files.filter((f) => f.file.endsWith(".wasm"));
  const js = files.filter((f) => !f.file.endsWith(".wasm"));
  const bundle = sizes(await bundledJs(entry));
  entries[name] = {
    entry,
    files,
    wasm: sum(wasm),
    js: sum(js),
    total: sum(files),
    bundled: { js: bundle, total: sum([bundle, ...wasm]) },
    // What `make build` prints and the issues' budgets name: `cat wasm index.js [glue] | gzip -9`
    // (one stream, GNU gzip), not the sum of the files compressed one by one.
    buildTable: buildTableGzip(files.map((f) => f.file)),
  };
  log(`${name}: ${files.map((f) => f.file).join(" + ")} = ${entries[name].total.gzip} B gzip -9`);
}

writeResult("weight", {
  esbuildVersion,
  method: "each file compressed on its own (node:zlib gzip level 9, brotli quality 11); bundled = esbuild --bundle --minify --format=esm of the entry's JS, plus the .wasm",
  entries,
});
