// Linkflow's date strings: "yyyy-MM-dd HH:mm:ss" in China Standard Time (UTC+8), the
// server's time. The scripts count in whole seconds since the Unix epoch.

const OFFSET_SEC = 8 * 3600;

/** Epoch seconds -> "yyyy-MM-dd HH:mm:ss" (UTC+8). */
export function formatCst(sec) {
  return new Date((sec + OFFSET_SEC) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** "yyyy-MM-dd" or "yyyy-MM-dd HH:mm[:ss]" (UTC+8) -> epoch seconds; null when malformed. */
export function parseCst(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(String(text).trim());
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms / 1000 - OFFSET_SEC;
}

/** Now, in epoch seconds. */
export const nowSec = () => Math.floor(Date.now() / 1000);
