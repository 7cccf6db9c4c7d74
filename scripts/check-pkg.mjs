#!/usr/bin/env node
// Smoke checks of an assembled package directory (scripts/build.sh runs it before it moves
// the directory to pkg/): every .wasm validates and instantiates with its own glue, the
// browser and Node entries load and export the same names (each class and function keeping
// its own .name through minification; the browser entries one module each), and import and require (two
// entries, two wasm instances) recognise each other's LinkflowErrors.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const dir = path.resolve(process.argv[2] ?? "pkg");
const require = createRequire(import.meta.url);
const fail = (msg) => {
  console.error(`check-pkg: ${msg}`);
  process.exit(1);
};

for (const sub of ["web", "node", "tracker", "tracker/node"]) {
  const wasm = path.join(dir, sub, "linkflow_sdk_bg.wasm");
  if (!WebAssembly.validate(fs.readFileSync(wasm))) fail(`${sub}/linkflow_sdk_bg.wasm does not validate`);
}

// The --target web glue + its module, instantiated synchronously (no fetch of file: URLs in Node).
for (const sub of ["web", "tracker"]) {
  const glue = await import(pathToFileURL(path.join(dir, sub, "linkflow_sdk.js")).href);
  glue.initSync({ module: fs.readFileSync(path.join(dir, sub, "linkflow_sdk_bg.wasm")) });
}

// The browser entries themselves, with a fetch that reads file: URLs (what their top-level
// `await init()` asks for); they must export what the Node entries export.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.startsWith("file:")) return realFetch(input, init);
  return new Response(fs.readFileSync(new URL(url)), { headers: { "content-type": "application/wasm" } });
};
for (const [sub, web] of [[".", "web"], ["tracker", "tracker"]]) {
  const node = require(path.join(dir, sub, "node", "index.cjs"));
  const b = Object.keys(node).sort().join(", ");
  // dev.js: the development build's entry (module inlined; Node has atob).
  for (const file of ["index.js", "dev.js"]) {
    const entry = await import(pathToFileURL(path.join(dir, web, file)).href);
    const a = Object.keys(entry).sort().join(", ");
    if (a !== b) fail(`${web}/${file} exports ${a} but ${sub}/node/index.cjs exports ${b}`);
    // The browser glue is minified with its identifiers renamed: every exported class and
    // function must still carry its own name (`Tracker.name`, stack traces, users' logs).
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value === "function" && value.name !== name) fail(`${web}/${file}: ${name}.name is ${JSON.stringify(value.name)}`);
    }
  }
  // The browser entry is one module, its glue inlined (a page's import waits for one request
  // before the .wasm's, scripts/assemble-pkg.mjs `inlineGlue`): it imports nothing, and the
  // glue's classes keep their names there too (`client.contacts` logs as ContactsApi).
  const index = fs.readFileSync(path.join(dir, web, "index.js"), "utf8");
  const imports = [...index.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]);
  if (imports.length) fail(`${web}/index.js imports ${imports.join(", ")}: the browser entry should be one module`);
  // Its glue is trimmed (scripts/glue-trim.mjs: streaming kept, no other callers' or engines'
  // branches) and it is minified without esbuild's keepNames (no helper naming every function).
  const leftovers = ["using deprecated parameters", "typeof FinalizationRegistry", '"name",{value:'].filter((s) => index.includes(s));
  if (leftovers.length || !index.includes("WebAssembly.instantiateStreaming(")) {
    fail(`${web}/index.js: the glue is not trimmed as scripts/glue-trim.mjs does (${leftovers.join(", ") || "no instantiateStreaming"})`);
  }
  if (sub === ".") {
    const { LinkflowClient } = await import(pathToFileURL(path.join(dir, web, "index.js")).href);
    const name = new LinkflowClient({ baseUrl: "http://127.0.0.1:9", token: "check" }).contacts.constructor.name;
    if (name !== "ContactsApi") fail(`${web}/index.js: client.contacts is a ${JSON.stringify(name)}, not a ContactsApi`);
  }
}
globalThis.fetch = realFetch;

for (const sub of [".", "tracker"]) {
  const cjs = require(path.join(dir, sub, "node", "index.cjs"));
  const esm = await import(pathToFileURL(path.join(dir, sub, "node", "index.mjs")).href);
  const { LinkflowError } = cjs;
  if (typeof LinkflowError !== "function") fail(`${sub}/node/index.cjs does not export LinkflowError`);
  const other = new esm.LinkflowError("x", { kind: "validation" });
  if (!(other instanceof LinkflowError) || !(new LinkflowError("y") instanceof esm.LinkflowError) || new Error("z") instanceof LinkflowError) {
    fail(`${sub}: instanceof LinkflowError does not hold across import and require (or holds for any Error)`);
  }
  const a = Object.keys(esm).sort().join(", ");
  const b = Object.keys(cjs).sort().join(", ");
  if (a !== b) fail(`${sub}/node/index.mjs exports ${a} but index.cjs exports ${b}`);
  const e = new LinkflowError("boom", { kind: "http", status: 404, code: undefined, path: "/x" });
  if (!(e instanceof Error) || e.name !== "LinkflowError" || e.kind !== "http" || e.status !== 404 || "code" in e || e.message !== "boom") {
    fail(`${sub}: LinkflowError does not behave (${JSON.stringify(e)})`);
  }
}
