// The validation errors the tracker-only module builds itself (`wasm::error::validation`:
// the date functions, the `Tracker` constructor's option checks, `track()`'s event check) are
// the same `LinkflowError` in both Node entries: the class, `kind: "validation"`, the message,
// and no other field. Runs on the built pkg/ (`bash scripts/build.sh`).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT } from "./lib.mjs";

const ENTRIES = ["pkg/tracker/node/index.mjs", "pkg/node/index.mjs"];
const OPTIONS = { channelId: "example.com", collectUrl: "https://collect.example/v1", autoPageView: false, storage: "memory" };
const noFetch = () => new Promise(() => {});

/** `f()` throws a validation `LinkflowError` of `message` with no field but `kind`. */
function assertValidation(sdk, f, message) {
  let thrown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof sdk.LinkflowError, `not a LinkflowError: ${thrown}`);
  assert.ok(thrown instanceof Error);
  assert.equal(thrown.name, "LinkflowError");
  assert.equal(thrown.kind, "validation");
  assert.equal(thrown.message, message);
  assert.deepEqual(Object.keys(thrown).sort(), ["kind", "name"]);
  assert.equal("cause" in thrown, false);
}

for (const entry of ENTRIES) {
  test(`${entry}: the module's validation errors`, async () => {
    const sdk = await import(pathToFileURL(path.join(ROOT, entry)).href);
    if (entry.includes("tracker/")) {
      // The date helpers are the client's: the tracker-only module leaves them out.
      assert.equal(sdk.parseLinkflowDate, undefined);
      assert.equal(sdk.formatLinkflowDate, undefined);
    } else {
      assertValidation(sdk, () => sdk.parseLinkflowDate("yesterday"), 'parseLinkflowDate: expected a date as "yyyy-MM-dd HH:mm:ss" (UTC+8)');
      assertValidation(
        sdk,
        () => sdk.formatLinkflowDate(Number.NaN),
        "formatLinkflowDate: expected a valid Date (years 0000 to 9999) or epoch milliseconds",
      );
    }
    assertValidation(sdk, () => new sdk.Tracker({ ...OPTIONS, channelId: "", fetch: noFetch }), "Tracker: channelId must be a non-empty string");
    const tracker = new sdk.Tracker({ ...OPTIONS, fetch: noFetch });
    try {
      assertValidation(sdk, () => tracker.track(" padded"), "track(): event must be at most 128 characters, without control characters or surrounding spaces");
      assertValidation(sdk, () => tracker.identify(""), "identify(): externalId must be a non-empty string of at most 256 characters");
    } finally {
      tracker.destroy();
    }
  });
}
