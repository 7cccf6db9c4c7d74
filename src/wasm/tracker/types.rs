//! The TypeScript of the public `Tracker` (API.md): its options and values, and the class
//! itself, which the JS driver (`pkg-template/tracker.js`) implements over
//! [`super::TrackerCore`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TRACKER_TYPES: &'static str = r#"
/** Options of `new Tracker(options)`. */
export interface TrackerOptions {
  /** The site's channel id: the same `channelId` the backend uses with `contacts.identify` and `events.create`. */
  channelId: string;
  /** Origin of the collector (e.g. `"http://127.0.0.1:8787"`); batches go to `{collectUrl}/api/sdk/v2/batch_messages`. */
  collectUrl: string;
  /** Sent as `?token=` and `write_key`. Default: the `channelId`. */
  writeKey?: string;
  /** One `WEBSITE__PAGE_VIEW` per page load and history navigation (pushState, replaceState, popstate). Default `true`. */
  autoPageView?: boolean;
  /** Longest time a message waits before its batch is sent, in ms. Default 5000. */
  flushIntervalMs?: number;
  /** Messages per request; a full batch is sent at once. Default 50. */
  batchSize?: number;
  /** Where ids and the queue are kept. `"memory"` keeps nothing across page loads. Default `"localStorage"` (memory where storage is blocked). */
  storage?: "localStorage" | "memory";
  /** Called with the number of messages dropped: the oldest queued ones when the queue (5000 messages) overflows, messages `beforeSend` dropped, or a batch the collector rejected for good (a 4xx other than 408 / 429). The drops of one task are reported in one call. */
  onDrop?: (count: number) => void;
  /** Used instead of the global `fetch`. Without either, the constructor throws a `validation` error. */
  fetch?: typeof fetch;
  /** Start `"pending"`: record in memory only (bounded), write no storage, send nothing until `setConsent(true)`. Default `false` (`"granted"`). */
  requireConsent?: boolean;
  /** Treat Global Privacy Control (`navigator.globalPrivacyControl`) or Do-Not-Track (`navigator.doNotTrack === "1"`) as a refusal. Default `false`. */
  respectPrivacySignals?: boolean;
  /** Idle time after which the next activity starts a new session, in ms. Default 1800000 (30 minutes). */
  sessionTimeoutMs?: number;
  /** Sees a copy of each message before it is queued; returns the message to send (amended) or `null` to drop it (reported to `onDrop`). A hook that throws or returns something else drops the message. */
  beforeSend?: (message: TrackerMessage) => TrackerMessage | null;
  /** Log each message and each batch outcome (sent, retried, dropped) through `logger`. Never logs the write key. Default `false`. */
  debug?: boolean;
  /** Where `debug`, `dryRun` and warnings go. Default `console`. */
  logger?: { debug(...args: unknown[]): void; warn(...args: unknown[]): void };
  /** Build and log batches (without the write key) instead of sending them. Default `false`. */
  dryRun?: boolean;
}

/** A message as `beforeSend` sees it. */
export interface TrackerMessage {
  message_id: string;
  /** The session's start, epoch ms. */
  session_id: number;
  domain: "event" | "identity";
  action: "track" | "identify";
  /** Epoch ms. */
  ts: number;
  data: Record<string, unknown>;
}

/** `"pending"` until `setConsent` when `requireConsent` is set; `"denied"` after a refusal (remembered) or under a respected privacy signal. */
export type TrackerConsent = "pending" | "granted" | "denied";

/** An attribute value: strings as they are, numbers and booleans as their decimal / `"true"` text. */
export type TrackerAttrValue = string | number | boolean | null | undefined;

/** Event attributes `attr1`..`attr20`. */
export interface TrackerAttrs {
  attr1?: TrackerAttrValue; attr2?: TrackerAttrValue; attr3?: TrackerAttrValue; attr4?: TrackerAttrValue;
  attr5?: TrackerAttrValue; attr6?: TrackerAttrValue; attr7?: TrackerAttrValue; attr8?: TrackerAttrValue;
  attr9?: TrackerAttrValue; attr10?: TrackerAttrValue; attr11?: TrackerAttrValue; attr12?: TrackerAttrValue;
  attr13?: TrackerAttrValue; attr14?: TrackerAttrValue; attr15?: TrackerAttrValue; attr16?: TrackerAttrValue;
  attr17?: TrackerAttrValue; attr18?: TrackerAttrValue; attr19?: TrackerAttrValue; attr20?: TrackerAttrValue;
}

/** A page view's attributes: `attr1`..`attr20`, and overrides of what the page says. */
export interface TrackerPageAttrs extends TrackerAttrs {
  /** Default `location.href`; required where there is no `document`. An absolute `http:` or `https:` URL. */
  url?: string;
  /** Default `document.title`. */
  title?: string;
  /** Default `document.referrer` on the landing page, the previous page view's URL after that. */
  referrer?: string;
}

/** Who the visitor is, to hand to the site's backend. */
export interface TrackerIdentity {
  channelId: string;
  /** `null` until `identify`. */
  externalId: string | null;
  anonymousId: string;
}
/**
 * Browser site tracking: page views, custom events and identify, queued in
 * `localStorage`, batched to the collector and retried until it accepts them (a batch it
 * rejects for good, with a 4xx other than 408 / 429, is dropped and reported to `onDrop`).
 *
 * ```js
 * const tracker = new Tracker({ channelId: "example.com", collectUrl: location.origin });
 * tracker.track("UDE_ADD_TO_CART", { attr1: "sku-1", attr2: 19.9 });
 * tracker.identify("u42");            // after login: ties this browser's events to u42
 * ```
 */
export class Tracker {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Stops the tracker: every listener removed, `history.pushState` / `replaceState`
     * restored, the queue saved and sent with a keepalive request; later calls do
     * nothing. `[Symbol.dispose]` (so `using tracker = new Tracker(…)`) does the same. A
     * tracker nobody holds a reference to keeps running: its listeners hold it.
     */
    destroy(): void;
    /**
     * Sends everything queued now. Resolves once the queue is empty, or once a send
     * failed (the messages stay queued and are retried with backoff). Never rejects.
     * Resolves at once while consent is not granted (nothing leaves) and after `destroy()`.
     */
    flush(): Promise<void>;
    /**
     * Ties this visitor (its anonymous id, and so the events it sent before) to
     * `externalId` (a non-empty string) on the tracker's channel: the contact the backend
     * reaches with the same (channelId, externalId). `traits` (a JSON-serializable object)
     * are the visitor's fields as the site knows them. Identifying as a different
     * `externalId` than the current one starts a new anonymous id first, so two people
     * never share one.
     */
    identify(externalId: string, traits?: Record<string, unknown>): void;
    /**
     * `{ channelId, externalId, anonymousId }`, to hand to the site's backend.
     */
    identity(): TrackerIdentity;
    /**
     * Starts tracking: reads (or creates) the anonymous id, reads back the queue left by
     * earlier visits and sends it, records the page view of this page load (unless
     * `autoPageView: false`, or where there is no `document`) and follows history
     * navigations. A tracker for the same `channelId` already on the page hands over to
     * this one (its listeners removed, its queue taken over, no second page view).
     *
     * Throws a `LinkflowError` (`kind: "validation"`) for a missing `channelId`, a
     * `collectUrl` that is not an absolute http(s) URL, an option of the wrong type, or
     * when there is no `fetch` (no option, no global).
     */
    constructor(options: TrackerOptions);
    /**
     * Records a `WEBSITE__PAGE_VIEW` with the page's URL, title, referrer and the session's
     * `utm_*` (from the landing URL). Automatic page views call this for you. Where there
     * is no `document`, `url` is required; it must be an absolute `http:`/`https:` URL.
     */
    page(attrs?: TrackerPageAttrs): void;
    /**
     * Logout: a new anonymous id, no external id. Messages already queued keep the
     * identity they were recorded with.
     */
    reset(): void;
    /**
     * `setConsent(true)`: stores and sends what was recorded meanwhile (each message
     * once), and remembers the decision. `setConsent(false)`, at any time: drops what is
     * buffered, deletes everything the tracker stored (ids, queue, session), stops
     * sending, and remembers only the refusal, so the next page load starts `"denied"`.
     */
    setConsent(granted: boolean): void;
    /**
     * Records a custom event: its code (e.g. `"UDE_ADD_TO_CART"`) and `attr1`..`attr20`
     * (numbers are sent as their decimal text). Throws a `validation` `LinkflowError` for
     * an event that is not a non-empty string or an unknown attribute name.
     */
    track(event: string, attrs?: TrackerAttrs): void;
    /**
     * The visitor's anonymous id (a UUID), stable across page loads while storage works
     * (and consent is granted).
     */
    readonly anonymousId: string;
    /**
     * `"pending"` (waiting for `setConsent`, with `requireConsent`), `"granted"` or
     * `"denied"`.
     */
    readonly consent: TrackerConsent;
    /**
     * The id given to `identify`, or `null` before it (and after `reset()`).
     */
    readonly externalId: string | null;
    /**
     * The current session's start (epoch ms): the `session_id` of its messages. A new
     * session starts after `sessionTimeoutMs` without activity, or when a page view's
     * URL brings another `utm_*` campaign. `0` before the first message (and after a refusal).
     */
    readonly sessionId: number;
}
"#;
