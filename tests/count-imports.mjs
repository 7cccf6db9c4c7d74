// Counting the calls from the wasm module into JS (crossings), shared by
// tests/faults/crossings.test.mjs and bench/profile.mjs: a copy of the package whose glue
// hands every `new WebAssembly.Instance(module, imports)` to a hook that wraps each import.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Copies the package `pkg` to `copy` and rewrites the glues named in `glues` (paths inside
 * the package) so that they instantiate the module through the counting hook. Returns how
 * many instantiations were hooked: 0 means the glue changed shape and nothing is counted.
 */
export function countingCopy(pkg, copy, glues = ["web/linkflow_sdk.js"]) {
  cpSync(pkg, copy, { recursive: true });
  let hooked = 0;
  for (const rel of glues) {
    const file = join(copy, rel);
    if (!existsSync(file)) continue;
    const glue = readFileSync(file, "utf8").replace(/new WebAssembly\.Instance\(([\w$]+),\s*([\w$]+(?:\(\))?)\)/g, (_, m, i) => {
      hooked++;
      return `new WebAssembly.Instance(${m}, globalThis.__linkflowCountImports(${i}))`;
    });
    writeFileSync(file, glue);
  }
  return hooked;
}

/** Installs the hook: `onCall()` runs on every call of an import of a hooked instance. */
export function countImports(onCall) {
  globalThis.__linkflowCountImports = (imports) => {
    for (const ns of Object.values(imports)) {
      for (const [name, f] of Object.entries(ns)) {
        if (typeof f === "function") ns[name] = function (...args) { onCall(); return f.apply(this, args); };
      }
    }
    return imports;
  };
}
