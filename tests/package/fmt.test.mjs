// The full module links no `core::fmt` (issue 13 item 4, the weight budget): the client
// builds its messages, paths and query values with `encode::concat` and `encode::decimal`,
// since one `format!` or `to_string()` brings in `core::fmt::write`, `Formatter` and the
// `Display` impls (~3 KB of wasm). Reads the module cargo built, before wasm-bindgen and
// wasm-opt, whose name section still names every function (v0-mangled: a function of
// `core::fmt` carries `4core3fmt`, one of `alloc::fmt` `5alloc3fmt`).
// On stable (LINKFLOW_STABLE=1) std's panic code formats its messages: nothing to check.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "./lib.mjs";

// LINKFLOW_INPUT_WASM: another module to check (e.g. one built from an older commit).
const INPUT = process.env.LINKFLOW_INPUT_WASM ?? path.join(ROOT, "target/pkg-build/full/input.wasm");

test("the full module (pre-opt) has no function of core::fmt or alloc::fmt", (t) => {
  const names = fs.readFileSync(INPUT).toString("latin1");
  if (names.includes("9panicking9panic_fmt")) {
    t.skip("built on stable: std's panic code formats, so core::fmt stays");
    return;
  }
  const found = [...names.matchAll(/_R[0-9A-Za-z_]*(?:4core3fmt|5alloc3fmt)[0-9A-Za-z_]*/g)].map((m) => m[0]);
  assert.deepEqual(found.slice(0, 10), [], `${found.length} core::fmt/alloc::fmt functions in ${INPUT}`);
});
