// Short import and export names for the browser module and its --target web glue.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` under the module
// "./linkflow_sdk_bg.js" and exports every method under its Rust-side name; each name is
// written twice (in the .wasm and in the glue), and the hex digits do not compress. Binaryen's
// `--minify-imports-and-exports-and-modules` renames them all to one or two letters and
// prints the mapping, which is applied here to the glue. Only the module and the glue it
// was made for change; what the glue exports to the entries keeps its names.
// Measured (tracker entry, gzip -9 of wasm + index.js + glue): about -2.2 KB.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WASM_OPT = [process.env.WASM_OPT, path.join(ROOT, "node_modules/.bin/wasm-opt")].find((p) => p && fs.existsSync(p)) ?? "wasm-opt";

const escape = (s) => s.replace(/[$]/g, "\\$");

/**
 * Renames the imports, exports and import module of the module at `wasmPath` (in place) and
 * returns `js` (its glue) with the same names. Throws when the glue does not name one of them
 * where expected, so a changed wasm-bindgen fails the build instead of loading.
 */
export function shortenNames(wasmPath, js) {
  const before = WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(wasmPath)));
  // No feature flags: wasm-opt reads the module's features from its target_features section
  // (kept by build.sh's wasm-opt run), so the module is written with the encodings it had;
  // the section itself, which no engine reads, is left out of what it writes.
  const args = ["--minify-imports-and-exports-and-modules", "--strip-target-features"];
  const out = execFileSync(WASM_OPT, [...args, "-o", wasmPath, wasmPath], {
    encoding: "utf8",
  });
  const map = JSON.parse(out.slice(out.indexOf("{")));
  const after = WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(wasmPath)));
  const modules = [new Set(before.map((i) => i.module)), new Set(after.map((i) => i.module))];
  if (modules[0].size !== 1 || modules[1].size !== 1) throw new Error(`wasm-names: expected one import module, found ${[...modules[0]]}`);
  const [[from], [to]] = modules.map((m) => [...m]);

  const replace = (pattern, by, what) => {
    const n = (js.match(pattern) || []).length;
    if (n === 0) throw new Error(`wasm-names: the glue does not name ${what}`);
    js = js.replace(pattern, () => by);
  };
  replace(new RegExp(`(["'])${escape(from.replace(/[.]/g, "\\."))}\\1`, "g"), JSON.stringify(to), `the module ${from}`);
  for (const [, name, short] of map.imports) {
    // Only wasm-bindgen's own names: unique, so a whole-word match is the import.
    if (!/^__wb(g|indgen)_/.test(name)) throw new Error(`wasm-names: unexpected import ${name}`);
    replace(new RegExp(`\\b${escape(name)}\\b`, "g"), short, `the import ${name}`);
  }
  // The glue reads the instance's exports as `wasm.<name>`; an export it never reads needs nothing.
  for (const [name, short] of map.exports) {
    const pattern = new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g");
    if (pattern.test(js)) js = js.replace(pattern, () => `wasm.${short}`);
  }
  const left = [...js.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]).filter((n) => !map.exports.some(([, s]) => s === n));
  if (left.length) throw new Error(`wasm-names: the glue reads exports that are not in the module: ${[...new Set(left)]}`);
  return js;
}
