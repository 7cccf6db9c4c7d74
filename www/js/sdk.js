// Linkflow in the shop: the Tracker (browser) and a LinkflowClient standing in for the
// shop's backend calls. The page never holds the app secret: the client gets its tokens
// from /demo/token, which stands in for an endpoint of the shop's own backend.
import { LinkflowClient, Tracker } from "/pkg/web/index.js";

import { CHANNEL_ID } from "./config.js";

const dropped = { count: 0 };

/** Started by main.js once the first route has rendered (so its title is right). */
export function startTracking() {
  return new Tracker({
    channelId: CHANNEL_ID,
    collectUrl: location.origin,
    flushIntervalMs: 2000,
    // Nothing is stored or sent until the visitor answers the consent banner.
    requireConsent: true,
    onDrop: (n) => {
      dropped.count += n;
      console.warn(`Linkflow tracker dropped ${n} queued events (queue full)`);
    },
  });
}

export const client = new LinkflowClient({
  baseUrl: location.origin,
  tokenProvider: async () => {
    const res = await fetch("/demo/token");
    if (!res.ok) throw new Error(`/demo/token answered ${res.status}`);
    return res.json();
  },
});

export { dropped };
