// What the browser modules hold that every visitor downloads:
// - short import and export names (scripts/wasm-names.mjs): wasm-bindgen's own are written
//   twice (in the .wasm and in the glue) and end in 16 hex digits that do not compress;
// - in the tracker's module, no closure shims: it makes no closure, and linking js-sys
//   would put one in its function table for every closure-taking binding js-sys has.
// The entries still load: browser.test.mjs, node.test.mjs.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { INSTALLED } from "./lib.mjs";

// LINKFLOW_PKG_DIR: another package directory (e.g. pkg/ of an older build) to check.
const PKG = process.env.LINKFLOW_PKG_DIR ?? INSTALLED;
const bytesOf = (dir) => fs.readFileSync(path.join(PKG, dir, "linkflow_sdk_bg.wasm"));

/** The number of function references in the module's element segments (its function table). */
function tableEntries(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  let total = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 9) {
      for (let segments = leb(); segments > 0; segments--) {
        // rustc writes active segments of function indices into table 0 (flags 0).
        assert.equal(leb(), 0, "element segment kind");
        while (bytes[at] !== 0x0b) at++; // the offset expression
        at++;
        const count = leb();
        for (let i = 0; i < count; i++) leb();
        total += count;
      }
    }
    at = end;
  }
  return total;
}

for (const dir of ["web", "tracker"]) {
  test(`${dir}: the browser module's imports, exports and import module have short names`, () => {
    const module = new WebAssembly.Module(bytesOf(dir));
    const imports = WebAssembly.Module.imports(module);
    const exports = WebAssembly.Module.exports(module);
    assert.ok(imports.length > 10 && exports.length > 10, "the module has its imports and exports");
    const long = [...imports.flatMap((i) => [i.module, i.name]), ...exports.map((e) => e.name)].filter((n) => n.length > 3);
    assert.deepEqual([...new Set(long)], [], "names longer than 3 characters");
  });
}

test("tracker: the function table holds no closure shims (no js-sys linked)", () => {
  // 28 entries today (dyn calls of the crate and of core); 77 with js-sys's 43 shims.
  const entries = tableEntries(bytesOf("tracker"));
  assert.ok(entries > 0 && entries <= 40, `the tracker module's function table has ${entries} entries`);
});
