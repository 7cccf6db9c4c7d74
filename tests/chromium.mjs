// The system Chromium for every browser test (package, readme, e2e): Debian's build driven by
// playwright-core. The flags keep it headless-friendly as root and stop it from reaching for
// Google's services, which this machine's closed network refuses many times a second.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.LINKFLOW_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the system Chromium headless. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
