// What `npm pack` puts in the tarball, and the package.json users get.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { INSTALLED } from "./lib.mjs";

const pkg = JSON.parse(fs.readFileSync(path.join(INSTALLED, "package.json"), "utf8"));

function listFiles(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}
const files = listFiles(INSTALLED).sort();

test("package.json: name, ESM, no runtime dependencies", () => {
  assert.equal(pkg.name, "linkflow-sdk");
  assert.equal(pkg.type, "module");
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "scripts"]) {
    assert.equal(pkg[field], undefined, `package.json has ${field}`);
  }
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes("./web/index.js"), "the web entry is marked as having side effects (it instantiates the wasm)");
});

test("exports map: '.' and './tracker' pick an entry per environment, with types", () => {
  for (const [sub, base, web] of [[".", "", "web/"], ["./tracker", "tracker/", "tracker/"]]) {
    const e = pkg.exports[sub];
    assert.ok(e, `exports has ${sub}`);
    assert.deepEqual(e.types, { require: `./${base}index.d.cts`, default: `./${base}index.d.ts` });
    assert.equal(e.workerd, `./${web}workerd.js`);
    assert.equal(e.bun, `./${web}bun.js`);
    assert.deepEqual(e.node, { import: `./${base}node/index.mjs`, require: `./${base}node/index.cjs` });
    assert.deepEqual(e.browser, { development: `./${web}dev.js`, import: `./${web}index.js`, require: `./${base}node/index.cjs` });
    assert.equal(e.require, `./${base}node/index.cjs`);
    assert.equal(e.default, `./${web}index.js`);
    // Conditions are tried in order: the runtimes' own before node, node before browser.
    assert.deepEqual(Object.keys(e), ["types", "workerd", "bun", "node", "browser", "require", "default"]);
  }
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const t of targets) assert.ok(fs.existsSync(path.join(INSTALLED, t)), `${t} is in the tarball`);
});

test("tarball holds the entries, glue, wasm, types, README and LICENSE, and nothing else", () => {
  const expected = [
    "LICENSE",
    "README.md",
    "index.d.cts",
    "index.d.ts",
    "node/index.cjs",
    "node/index.mjs",
    "node/linkflow_sdk.d.ts",
    "node/linkflow_sdk.js",
    "node/linkflow_sdk_bg.wasm",
    "node/package.json",
    "package.json",
    "tracker/bun.js",
    "tracker/dev.js",
    "tracker/index.d.cts",
    "tracker/index.d.ts",
    "tracker/index.js",
    "tracker/linkflow_sdk.d.ts",
    "tracker/linkflow_sdk.js",
    "tracker/linkflow_sdk_bg.wasm",
    "tracker/node/index.cjs",
    "tracker/node/index.mjs",
    "tracker/node/linkflow_sdk.d.ts",
    "tracker/node/linkflow_sdk.js",
    "tracker/node/linkflow_sdk_bg.wasm",
    "tracker/node/package.json",
    "tracker/workerd.js",
    "web/bun.js",
    "web/dev.js",
    "web/index.js",
    "web/linkflow_sdk.d.ts",
    "web/linkflow_sdk.js",
    "web/linkflow_sdk_bg.wasm",
    "web/workerd.js",
  ];
  assert.deepEqual(files, expected);
  for (const dir of ["node", "tracker/node"]) {
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(INSTALLED, dir, "package.json"), "utf8")), { type: "commonjs" });
  }
});

test("the wasm modules validate and carry no name/producers sections", () => {
  for (const f of files.filter((f) => f.endsWith(".wasm"))) {
    const bytes = fs.readFileSync(path.join(INSTALLED, f));
    assert.ok(WebAssembly.validate(bytes), `${f} validates`);
    const sections = WebAssembly.Module.customSections(new WebAssembly.Module(bytes), "name")
      .concat(WebAssembly.Module.customSections(new WebAssembly.Module(bytes), "producers"));
    assert.equal(sections.length, 0, `${f} has no name/producers custom section`);
  }
});

test("the full module exports LinkflowClient and Tracker; the tracker module Tracker only", () => {
  const full = fs.readFileSync(path.join(INSTALLED, "web/linkflow_sdk.d.ts"), "utf8");
  const tracker = fs.readFileSync(path.join(INSTALLED, "tracker/linkflow_sdk.d.ts"), "utf8");
  assert.match(full, /export class LinkflowClient\b/);
  assert.match(full, /export class Tracker\b/);
  assert.match(tracker, /export class Tracker\b/);
  assert.doesNotMatch(tracker, /export class LinkflowClient\b/, "the tracker build leaves the client out");
  const wasmSize = (f) => fs.statSync(path.join(INSTALLED, f)).size;
  assert.ok(wasmSize("tracker/linkflow_sdk_bg.wasm") < wasmSize("web/linkflow_sdk_bg.wasm"), "the tracker module is smaller");
});
