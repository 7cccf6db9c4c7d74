// The hand-written part of the package's type declarations; scripts/assemble-pkg.mjs
// appends it to the generated index.d.ts / index.d.cts of each entry.

/** What went wrong, see `LinkflowError.kind`. */
export type LinkflowErrorKind =
  | "validation"
  | "auth"
  | "http"
  | "network"
  | "timeout"
  | "decode"
  | "aborted";

/**
 * Every failure of the SDK rejects with a `LinkflowError`
 * (`err instanceof LinkflowError` and `err instanceof Error` both hold).
 */
export declare class LinkflowError extends Error {
  constructor(
    message: string,
    fields?: {
      kind?: LinkflowErrorKind;
      status?: number;
      code?: string;
      method?: string;
      path?: string;
      body?: string;
      cause?: unknown;
    } | null,
  );
  name: "LinkflowError";
  /** `validation`: refused before any request; `auth`: token exchange or provider failed,
   * or 401/403 persisted after one refresh; `http`: any other non-2xx; `network`;
   * `timeout`; `decode`: the answer was not the JSON the guide describes; `aborted`. */
  kind: LinkflowErrorKind;
  /** HTTP status, where there was a response. */
  status?: number;
  /** Linkflow business code from the body, e.g. "B00008". */
  code?: string;
  /** HTTP method, e.g. "GET". */
  method?: string;
  /** Request path, e.g. "/v2/contacts/42": no base URL, no query, never a token or secret. */
  path?: string;
  /** First 2048 characters of the response body, where there was one. */
  body?: string;
  /** `groups.addContacts`/`removeContacts` only: what the chunks before the failing one
   * did, as their `GroupMembershipResult` (ids in neither list were not sent). Spelled out
   * here because the tracker-only entry, which shares this class, has no client types. */
  partial?: { success: number[]; failure: unknown[]; group: { id: number; [key: string]: unknown } | null; [key: string]: unknown };
}
