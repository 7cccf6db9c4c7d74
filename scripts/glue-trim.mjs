// Lighter browser glue: wasm-bindgen's --target web glue (pinned 0.2.130) without the code
// that serves callers and engines this package does not have (bench/LEVERS-build.md, "Glue,
// round five"). Every visitor downloads the browser entry, which inlines this glue.
//
// Each edit replaces a piece of wasm-bindgen's output written out in full below, and fails
// the build when that piece is not there exactly as often as expected: a changed wasm-bindgen
// then stops the build instead of shipping a glue half edited. The glue is the package's own
// file (package.json's exports map does not expose it): its callers are the entries of
// scripts/assemble-pkg.mjs, which call `initSync({ module })` (dev.js, workerd.js, bun.js,
// node/index.mjs: a WebAssembly.Module or the bytes) or `await init()` (index.js: no argument).
// Supported engines: Node 20+, evergreen browsers, Deno, Bun, workerd.
import { createHash } from "node:crypto";

/** wasm-bindgen's loader, from `__wbg_load` to the glue's last line (the same text in every glue). */
const LOADER_FROM = "async function __wbg_load(module, imports) {";
const LOADER_SHA256 = "83aadd5fbf93db6d0c5f14cceddf145a4229be654ddb6545f310f012d52fd2ad";
/**
 * What replaces it: `initSync` for `{ module }` only (no deprecated bare-argument form and its
 * warning); `init` for no argument only: it fetches the .wasm beside the module (the
 * `new URL(…, import.meta.url)` bundlers look for, as written) and instantiates it while it
 * streams in; when a server sends it with another `Content-Type` than application/wasm (where
 * streaming refuses it) it falls back, silently, to `WebAssembly.instantiate` on the bytes, as
 * wasm-bindgen's own loader does (with a long console warning there). No sniffing of
 * `Response`/`Request`/`URL` arguments, no second-call promise: the entry calls it once.
 */
const LOADER = `function initSync({ module }) {
    if (wasm !== undefined) return wasm;
    if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
    return __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()));
}

async function __wbg_init() {
    const imports = __wbg_get_imports();
    const response = await fetch(new URL('linkflow_sdk_bg.wasm', import.meta.url));
    if (!response.ok) throw new Error(\`failed to fetch Wasm: \${response.status} \${response.url}\`);
    let result;
    try {
        result = await WebAssembly.instantiateStreaming(response, imports);
    } catch (e) {
        if (response.headers.get('Content-Type') === 'application/wasm') throw e;
        result = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
    }
    return __wbg_finalize_init(result.instance);
}

export { initSync, __wbg_init as default };
`;

/**
 * Edits of the rest of the glue: `find` must occur `count` times (`"some"`: at least once).
 * Measured one by one in bench/LEVERS-build.md; kept only what pays and keeps every engine.
 */
const EDITS = [
  {
    what: "the FinalizationRegistry-absent branch (every supported engine has it)",
    find: "(typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(",
    replace: "new FinalizationRegistry(",
    count: "some",
  },
  {
    what: "the TextEncoder.prototype.encodeInto polyfill (every supported engine has it)",
    find:
      "\nif (!('encodeInto' in cachedTextEncoder)) {\n    cachedTextEncoder.encodeInto = function (arg, view) {\n" +
      "        const buf = cachedTextEncoder.encode(arg);\n        view.set(buf);\n        return {\n" +
      "            read: arg.length,\n            written: buf.length\n        };\n    };\n}\n",
    replace: "\n",
    count: 1,
  },
  {
    // `ArrayBuffer.prototype.detached` is missing in Node 20 (and Safari before 17.4), which then
    // took the identity test; that test alone is right everywhere (a grown memory has a new buffer).
    what: "the buffer.detached test of the cached DataView (the identity test alone)",
    find:
      "cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && " +
      "cachedDataViewMemory0.buffer !== wasm.memory.buffer)",
    replace: "cachedDataViewMemory0.buffer !== wasm.memory.buffer",
    count: 1,
  },
  {
    // Every call passes `wasm.__wbindgen_realloc` (checked in trimGlue).
    what: "passStringToWasm0's branch for a module without realloc",
    find:
      "    if (realloc === undefined) {\n        const buf = cachedTextEncoder.encode(arg);\n" +
      "        const ptr = malloc(buf.length, 1) >>> 0;\n        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);\n" +
      "        WASM_VECTOR_LEN = buf.length;\n        return ptr;\n    }\n\n",
    replace: "",
    count: 1,
  },
  {
    // The memory views start null and the module is instantiated once (`initSync`'s guard,
    // `init` called once by the entry), so there is nothing to reset either.
    what: "the module and instance kept by __wbg_finalize_init (nothing reads them), the memory views reset",
    find:
      "let wasmModule, wasmInstance, wasm;\nfunction __wbg_finalize_init(instance, module) {\n    wasmInstance = instance;\n" +
      "    wasm = instance.exports;\n    wasmModule = module;\n    cachedDataViewMemory0 = null;\n    cachedUint8ArrayMemory0 = null;\n",
    replace: "let wasm;\nfunction __wbg_finalize_init(instance) {\n    wasm = instance.exports;\n",
    count: 1,
  },
  {
    // Every call passes these two (checked in trimGlue): named once, in the function.
    what: "passStringToWasm0's allocator arguments",
    find: "function passStringToWasm0(arg, malloc, realloc) {",
    replace: "function passStringToWasm0(arg, malloc = wasm.__wbindgen_malloc, realloc = wasm.__wbindgen_realloc) {",
    count: 1,
  },
  {
    what: "passStringToWasm0's callers' allocator arguments",
    find: ", wasm.__wbindgen_malloc, wasm.__wbindgen_realloc)",
    replace: ")",
    count: "some",
  },
  {
    what: "handleError called with `arguments` from a wrapper function per import (one wrapper made by handleError instead)",
    find: "function handleError(f, args) {\n    try {\n        return f.apply(this, args);\n    } catch (e) {\n        const idx = addToExternrefTable0(e);\n        wasm.__wbindgen_exn_store(idx);\n    }\n}",
    replace: "function handleError(f) {\n    return function (...args) {\n        try {\n            return f.apply(this, args);\n        } catch (e) {\n            wasm.__wbindgen_exn_store(addToExternrefTable0(e));\n        }\n    };\n}",
    count: 1,
  },
  {
    what: "handleError's callers (opening)",
    find: ": function() { return handleError(function (",
    replace: ": handleError(function (",
    count: "some",
  },
  {
    what: "handleError's callers (closing)",
    find: "}, arguments); },\n",
    replace: "}),\n",
    count: "some",
  },
];

const count = (text, part) => text.split(part).length - 1;

/**
 * Returns the --target web glue `js` with the loader replaced and `EDITS` applied. Throws when
 * wasm-bindgen's output is not what these edits were written for.
 */
export function trimGlue(js) {
  const fail = (why) => {
    throw new Error(`glue-trim: ${why}; wasm-bindgen's output changed: check scripts/glue-trim.mjs against it`);
  };
  const at = js.indexOf(LOADER_FROM);
  if (at < 0 || count(js, LOADER_FROM) !== 1) fail("the glue has no single __wbg_load");
  if (createHash("sha256").update(js.slice(at)).digest("hex") !== LOADER_SHA256) fail("the loader is not the one replaced");
  // The loader calls it; it is defined above the fingerprinted part (`__wbg_finalize_init` is edit-checked below).
  if (count(js, "function __wbg_get_imports()") !== 1) fail("no single `function __wbg_get_imports()`");
  js = js.slice(0, at) + LOADER;
  // Every call of passStringToWasm0 passes wasm-bindgen's two allocators (its realloc branch and its arguments are edited below).
  const calls = count(js, "passStringToWasm0(") - count(js, "function passStringToWasm0(");
  if (calls !== count(js, ", wasm.__wbindgen_malloc, wasm.__wbindgen_realloc)")) fail("a passStringToWasm0 call without both allocators");
  // The two halves of each handleError call are edited apart: as many of each, and no other use of `arguments`.
  const [open, close] = EDITS.filter((e) => e.what.startsWith("handleError's callers")).map((e) => count(js, e.find));
  if (open !== close || count(js, "arguments)") !== close) fail(`handleError's callers: ${open} openings, ${close} closings`);
  for (const edit of EDITS) {
    const n = count(js, edit.find);
    if (edit.count === "some" ? n === 0 : n !== edit.count) fail(`${edit.what}: found ${n} times`);
    js = js.split(edit.find).join(edit.replace);
  }
  return js;
}
