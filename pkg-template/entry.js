// The runtime shared by every JS entry of linkflow-sdk (browser, Node, Deno, Bun, workerd,
// and the tracker-only build). This is the ONE source of it: scripts/assemble-pkg.mjs wraps
// this body into
//   web/{index,workerd,bun}.js, node/index.mjs (and tracker/'s)   ES modules over the web glue
//   node/index.cjs, tracker/node/index.cjs   CommonJS: `const __wasm = require(...)`
// and appends the exports. Write plain ES2020 here: no import/export statements. In scope:
// `__wasm`, with the glue's `__setErrorClass`, `Pages` and `TrackerCore` where the wasm module has them.
// The public `Tracker` is pkg-template/tracker.js, appended after this body where there is a `TrackerCore`.

const LINKFLOW_ERROR_FIELDS = ["kind", "status", "code", "method", "path", "body"];

// Node's `import` and `require` load two entries (ES module and CommonJS, each with its own
// wasm instance and its own class), and a bundle may hold two copies: `instanceof
// LinkflowError` recognises the errors of every copy by this registered symbol.
const LINKFLOW_ERROR_BRAND = Symbol.for("linkflow-sdk.LinkflowError");

/**
 * The one error type of the SDK: every failed call rejects with a LinkflowError.
 * `kind` says what went wrong; `status`, `code`, `method`, `path` and `body` are set
 * only where they apply.
 */
class LinkflowError extends Error {
  /**
   * @param {string} message
   * @param {{ kind?: string, status?: number, code?: string, method?: string,
   *           path?: string, body?: string, cause?: unknown } | null} [fields]
   */
  constructor(message, fields) {
    super(message, fields != null && fields.cause !== undefined ? { cause: fields.cause } : undefined);
    this.name = "LinkflowError";
    if (fields != null) {
      for (const key of LINKFLOW_ERROR_FIELDS) {
        const value = fields[key];
        if (value !== undefined && value !== null) this[key] = value;
      }
    }
  }

  /** @param {unknown} value */
  static [Symbol.hasInstance](value) {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === LinkflowError && typeof value === "object" && value !== null && value[LINKFLOW_ERROR_BRAND] === true;
  }
}
Object.defineProperty(LinkflowError.prototype, LINKFLOW_ERROR_BRAND, { value: true });

// The wasm module throws instances of this class (not plain objects).
if (typeof __wasm.__setErrorClass === "function") {
  __wasm.__setErrorClass(LinkflowError);
}

// Every `iterate*` method returns a Pages object (`next()`/`return()`); make it usable
// with `for await`.
if (typeof __wasm.Pages === "function" && !(Symbol.asyncIterator in __wasm.Pages.prototype)) {
  Object.defineProperty(__wasm.Pages.prototype, Symbol.asyncIterator, {
    value: function () {
      return this;
    },
    writable: true,
    configurable: true,
  });
}
