// Loading the built package for the input-*.test.mjs files (Node side). The package is
// pkg/ unless LINKFLOW_HOSTILE_PKG names another built package directory (how these tests
// are run against the base commit's build to show them failing there). No server needed:
// every client gets a `fetch` option that answers from memory (input-cases.mjs).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = path.resolve(process.env.LINKFLOW_HOSTILE_PKG ?? path.join(ROOT, "pkg"));

let memory;
/**
 * The Node entries of the package, plus `memoryBytes()`: the wasm instance's memory size
 * (captured by wrapping WebAssembly.Instance before the glue instantiates the module).
 */
export async function loadSdk() {
  if (!memory) {
    const Instance = WebAssembly.Instance;
    WebAssembly.Instance = function (module, imports) {
      const instance = new Instance(module, imports);
      // Its one memory, whatever the export is named (the browser build shortens names).
      memory ??= Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
      return instance;
    };
    try {
      const sdk = await import(path.join(PKG, "node/index.mjs"));
      loaded = sdk;
    } finally {
      WebAssembly.Instance = Instance;
    }
  }
  return { sdk: loaded, memoryBytes: () => memory.buffer.byteLength };
}
let loaded;

/** The CommonJS entries (root and tracker): the date helpers must be on every entry. */
export function requireEntries() {
  const require = createRequire(import.meta.url);
  return {
    "linkflow-sdk (require)": require(path.join(PKG, "node/index.cjs")),
    "linkflow-sdk/tracker (require)": require(path.join(PKG, "tracker/node/index.cjs")),
  };
}
