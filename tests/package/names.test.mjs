// The browser modules' import and export names are short (scripts/wasm-names.mjs): every
// visitor downloads them twice (in the .wasm and in the glue), and wasm-bindgen's own names
// end in 16 hex digits that do not compress. The entries still load (browser.test.mjs).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { INSTALLED } from "./lib.mjs";

// LINKFLOW_PKG_DIR: another package directory (e.g. pkg/ of an older build) to check.
const PKG = process.env.LINKFLOW_PKG_DIR ?? INSTALLED;

for (const dir of ["web", "tracker"]) {
  test(`${dir}: the browser module's imports, exports and import module have short names`, () => {
    const module = new WebAssembly.Module(fs.readFileSync(path.join(PKG, dir, "linkflow_sdk_bg.wasm")));
    const imports = WebAssembly.Module.imports(module);
    const exports = WebAssembly.Module.exports(module);
    assert.ok(imports.length > 10 && exports.length > 10, "the module has its imports and exports");
    const long = [...imports.flatMap((i) => [i.module, i.name]), ...exports.map((e) => e.name)].filter((n) => n.length > 3);
    assert.deepEqual([...new Set(long)], [], "names longer than 3 characters");
  });
}
