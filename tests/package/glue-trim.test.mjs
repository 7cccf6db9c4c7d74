// scripts/glue-trim.mjs edits wasm-bindgen's --target web glue for the browser entries; each
// edit must fail the build when wasm-bindgen's output no longer has the shape it was written
// for, rather than ship a glue half edited. Runs on the glues scripts/build.sh staged
// (target/pkg-build/{full,tracker}/web/linkflow_sdk.js, as wasm-bindgen wrote them).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { trimGlue } from "../../scripts/glue-trim.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const glue = (variant) => fs.readFileSync(path.join(ROOT, "target/pkg-build", variant, "web/linkflow_sdk.js"), "utf8");

for (const variant of ["full", "tracker"]) {
  test(`${variant}: the glue loses the code for other callers and engines, keeps streaming`, () => {
    const js = glue(variant);
    const trimmed = trimGlue(js);
    assert.ok(trimmed.length < js.length - 1500, `${js.length} -> ${trimmed.length}`);
    for (const gone of ["console.warn", "typeof FinalizationRegistry", "'encodeInto' in", "buffer.detached", "realloc === undefined", "wasmModule", "__wbg_init_promise", "arguments)"]) {
      assert.ok(!trimmed.includes(gone), `still has ${gone}`);
    }
    for (const kept of ["WebAssembly.instantiateStreaming(response, imports)", "new URL('linkflow_sdk_bg.wasm', import.meta.url)", "MAX_SAFARI_DECODE_BYTES", "export { initSync, __wbg_init as default };"]) {
      assert.ok(trimmed.includes(kept), `lost ${kept}`);
    }
  });

  // One change per piece an edit relies on: each must stop the build.
  const changes = {
    "the loader": (js) => js.replace("console.warn('using deprecated parameters for the initialization function", "console.warn('deprecated"),
    "the FinalizationRegistry branch": (js) => js.replaceAll("(typeof FinalizationRegistry === 'undefined')", "(typeof FinalizationRegistry != 'function')"),
    "the encodeInto polyfill": (js) => js.replace("cachedTextEncoder.encodeInto = function (arg, view) {", "cachedTextEncoder.encodeInto = (arg, view) => {"),
    "the detached test": (js) => js.replace("buffer.detached === undefined", "buffer.detached == null"),
    "passStringToWasm0's branch": (js) => js.replace("if (realloc === undefined) {", "if (!realloc) {"),
    "a passStringToWasm0 call without realloc": (js) => js.replace(", wasm.__wbindgen_malloc, wasm.__wbindgen_realloc)", ", wasm.__wbindgen_malloc)"),
    "passStringToWasm0's definition": (js) => js.replace("function passStringToWasm0(arg, malloc, realloc) {", "function passStringToWasm0(arg, malloc, realloc, x) {"),
    "a handleError caller": (js) => js.replace("}, arguments); },\n", "}, arguments) },\n"),
    "__wbg_finalize_init": (js) => js.replace("    wasmInstance = instance;\n", ""),
    "__wbg_get_imports": (js) => js.replace("function __wbg_get_imports()", "function __wbg_imports()"),
  };
  for (const [what, change] of Object.entries(changes)) {
    test(`${variant}: a changed glue (${what}) fails the build`, () => {
      const js = glue(variant);
      const changed = change(js);
      assert.notEqual(changed, js, "the change applies");
      assert.throws(() => trimGlue(changed), /^Error: glue-trim: .*wasm-bindgen's output changed/);
    });
  }
}
