// The runtime shared by every JS entry of linkflow-sdk (browser, Node, Deno, Bun, workerd,
// and the tracker-only build). This is the ONE source of it: scripts/assemble-pkg.mjs wraps
// this body into
//   web/{index,workerd,bun}.js, node/index.mjs (and tracker/'s)   ES modules over the web glue
//   node/index.cjs, tracker/node/index.cjs   CommonJS: `const __wasm = require(...)`
// and appends the exports. Write plain ES2020 here: no import/export statements; a region
// between `// #if NAME` and `// #endif NAME` lines is left out of entries whose glue lacks NAME. In scope:
// `__wasm`, with the glue's `__setErrorClass`, `__setHelpers`, `Pages` and `TrackerCore` where the wasm module has them.
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
// #if __setErrorClass
__wasm.__setErrorClass(LinkflowError);
// #endif __setErrorClass

// #if __setHelpers
// Helpers the wasm module calls on the values `JSON.parse` made (plain data: no getter, no
// proxy, so nothing here can throw): each answers in one call what would cost the module
// one crossing per member. Without them the module asks member by member (same check).
// (This region is kept only where the glue exports `__setHelpers`.)
{
  // The codes of `MemberKind` (src/json.rs), in its order: absent, null, bool, int, num,
  // str, array, object, other.
  const kindOf = (v) => {
    switch (typeof v) {
      case "undefined":
        return 0;
      case "boolean":
        return 2;
      case "number":
        return Number.isInteger(v) ? 3 : Number.isFinite(v) ? 4 : 8;
      case "string":
        return 5;
      case "object":
        return v === null ? 1 : Array.isArray(v) ? 6 : 7;
      default:
        return 8;
    }
  };
  // Each shape's member names by position, made once per names array: an object's own keys
  // are looked up there (a JSON object holds a few of an event's 49 members; asking for each
  // of the 49 by name walks the prototype for every absent one). `null` for a narrow shape
  // (up to 8 members, none also a member of every object, as `toString` is): its members are
  // read by name (a channel type's 2: ~20 % less time than walking the keys).
  const positions = new WeakMap();
  const positionsOf = (names) => {
    let at = positions.get(names);
    if (at === undefined) {
      at = names.length <= 8 && !names.some((name) => name in Object.prototype) ? null : new Map(names.map((name, j) => [name, j]));
      positions.set(names, at);
    }
    return at;
  };
  __wasm.__setHelpers({
    /** Kinds of the members `names` of `value`; with `rows`, per element of the array `value`: its kind, then its members'. */
    memberKinds(value, names, rows) {
      const at = positionsOf(names);
      const items = rows ? value : [value];
      const width = rows ? names.length + 1 : names.length;
      const out = new Uint8Array(items.length * width);
      for (let i = 0, row = 0; i < items.length; i++, row += width) {
        const item = items[i];
        const own = kindOf(item);
        const first = rows ? row + 1 : row;
        if (rows) out[row] = own;
        if (own !== 7) continue;
        if (at === null) {
          for (let j = 0; j < names.length; j++) {
            const member = item[names[j]];
            if (member !== undefined) out[first + j] = kindOf(member);
          }
        } else {
          for (const key in item) {
            const j = at.get(key);
            if (j !== undefined) out[first + j] = kindOf(item[key]);
          }
        }
      }
      return out;
    },
    /** Kinds of the member values of the object `value`, in `Object.keys` order. */
    valueKinds(value) {
      const values = Object.values(value);
      const out = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = kindOf(values[i]);
      return out;
    },
    /** An iterator's next item: `items[index]`, as `next()` resolves it. */
    nextItem(items, index) {
      return Promise.resolve({ done: false, value: items[index] });
    },
  });
}
// #endif __setHelpers

// #if __setCallDriver
// The call driver (src/wasm/platform/driver.rs): one attempt of a call the module started,
// over the global `fetch`, with its own AbortController aborted by a timer after `ms` (as
// src/wasm/fetch.rs does for the other calls), redirects not followed, the response and its
// body read in one `Promise.all`; the outcome goes back to the module by the call's id,
// which decides what it means (answer, retry, refresh, error). A call then costs the module
// one crossing out and one back, and no future, task or closure.
// (This region is kept only where the glue exports `__setCallDriver`.)
if (typeof Response === "function") {
  const readText = Function.prototype.call.bind(Response.prototype.text);
  const settled = __wasm.__callSettled;
  __wasm.__setCallDriver({
    send(url, method, headers, body, ms, id) {
      const controller = new AbortController();
      const signal = controller.signal;
      const timer = setTimeout(() => controller.abort(), ms);
      // `how`: 0 answered (the response and its text), 1 failed, 2 failed after the timer fired.
      const done = (response, text, how) => (clearTimeout(timer), settled(id, response, text, how));
      let pending;
      try {
        // Promise.resolve: a `fetch` stub that answers something without `then` is a failed
        // attempt, not a throw after the request went out (the module would send it again).
        pending = Promise.resolve(fetch(url, { method, headers, body, signal, redirect: "manual" }));
      } catch (reason) {
        pending = Promise.reject(reason);
      }
      return Promise.all([pending, pending.then(readText)]).then(
        ([response, text]) => done(response, text, 0),
        (reason) => done(reason, undefined, signal.aborted ? 2 : 1),
      );
    },
  });
}
// #endif __setCallDriver

// Every `iterate*` method returns a Pages object (`next()`/`return()`); make it usable
// with `for await`.
// #if Pages
if (!(Symbol.asyncIterator in __wasm.Pages.prototype)) {
  Object.defineProperty(__wasm.Pages.prototype, Symbol.asyncIterator, {
    value: function () {
      return this;
    },
    writable: true,
    configurable: true,
  });
}
// #endif Pages
