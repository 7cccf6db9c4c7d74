// Shared helpers of the security tests. tests/security/run.sh starts the stand-in server
// (--www www --pkg pkg) and passes its URL.
import path from "node:path";
import { fileURLToPath } from "node:url";
import util from "node:util";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BASE = (process.env.LINKFLOW_SECURITY_URL ?? "").replace(/\/$/, "");
if (!BASE) throw new Error("LINKFLOW_SECURITY_URL is not set: run tests/security/run.sh");
export const DEVSERVER_BIN = process.env.LINKFLOW_DEVSERVER_BIN ?? path.join(ROOT, "target/debug/linkflow-devserver");

export { launchChromium } from "../chromium.mjs";

/** A secret-looking value that cannot occur by chance in any output. */
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** GET one of the stand-in's admin endpoints (loopback). */
export async function admin(p) {
  const res = await fetch(BASE + p);
  if (!res.ok) throw new Error(`${p} → ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Everything an error exposes, as text: message, String(), stack, JSON.stringify, every own
 * property (enumerable or not) and the whole cause chain through util.inspect.
 */
export function everythingAbout(err) {
  const parts = [String(err), err?.message, err?.stack, safeJson(err)];
  if (err !== null && typeof err === "object") {
    for (const key of Reflect.ownKeys(err)) {
      const v = err[key];
      parts.push(String(key), typeof v === "string" ? v : safeJson(v));
    }
    parts.push(util.inspect(err, { depth: Infinity, showHidden: true, getters: true }));
    let cause = err.cause;
    for (let i = 0; cause !== undefined && i < 10; i++) {
      parts.push(String(cause), cause?.message, cause?.stack, safeJson(cause));
      cause = cause?.cause;
    }
  }
  return parts.filter((p) => typeof p === "string").join("\n");
}

function safeJson(v) {
  try {
    const names = v !== null && typeof v === "object" ? Object.getOwnPropertyNames(v) : undefined;
    return `${JSON.stringify(v)}\n${names ? JSON.stringify(v, names) : ""}`;
  } catch {
    return "";
  }
}
