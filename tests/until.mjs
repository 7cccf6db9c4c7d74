// Polling for a condition in the browser and fault suites (a stand-in's store, a page's
// storage): shared by tests/e2e and tests/faults.

/** Polls `fn` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function until(fn, { timeoutMs = 15000, everyMs = 200, what = "condition" } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
