//! TypeScript declarations of every option and answer shape, emitted into the generated
//! `.d.ts` (the methods reference them through `unchecked_param_type` /
//! `unchecked_return_type`).
//!
//! The answer shapes are not written here: each is generated from its one declaration in
//! `src/model` (`Contact::TS`, …), next to the check the runtime applies, so a field
//! declared required (every `id`, `Event.event`, …) is present and non-null, every other
//! one may be absent or `null`, a scalar of another type arrives converted to the declared
//! type, and unknown fields are kept. Custom sections are read by `wasm-bindgen` and cost
//! the module nothing.

use wasm_bindgen::prelude::*;

use crate::model;

/// Emits the TypeScript of model shapes into the `.d.ts`.
macro_rules! model_typescript {
    ($($name:ident = $ts:expr;)*) => {
        $(
            #[wasm_bindgen(typescript_custom_section)]
            const $name: &'static str = $ts;
        )*
    };
}

model_typescript! {
    UTM = model::UTM_TS;
    OPEN_ID = model::OpenId::TS;
    CONTACT = model::Contact::TS;
    CONTACT_PROPERTY = model::ContactProperty::TS;
    USER_FIELD = model::UserField::TS;
    CHANNEL = model::Channel::TS;
    CHANNEL_TYPE_INFO = model::ChannelTypeInfo::TS;
    CONTACT_IDENTITY = model::ContactIdentity::TS;
    EVENT_ITEM = model::EventItem::TS;
    EVENT = model::Event::TS;
    GROUP = model::Group::TS;
    MEMBER_CONTACT = model::MemberContact::TS;
    GROUP_MEMBER = model::GroupMember::TS;
    GROUP_MEMBERSHIP_RESULT = model::GroupMembershipResult::TS;
    TOKEN = model::Token::TS;
    WECHAT_USER = model::WechatUser::TS;
}

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &'static str = r#"
/** Options of `new LinkflowClient(options)`. Exactly one way of getting a token:
 * `appKey` + `appSecret`, `token`, or `tokenProvider`. */
export interface LinkflowClientOptions {
  /** Default `"https://open.linkflowtech.com"`; a trailing `/` is tolerated. */
  baseUrl?: string;
  /** With `appSecret`: the SDK fetches `GET /token` itself. */
  appKey?: string;
  /** Refused where `globalThis.window` exists unless `dangerouslyAllowBrowser`. */
  appSecret?: string;
  /** A ready `X-OpenApi-Token`. */
  token?: string;
  /** Browser pattern: your backend hands out tokens. Called when a token is needed
   * (once however many calls wait, and once more after a 401). */
  tokenProvider?: () => Promise<string | TokenProviderResult> | string | TokenProviderResult;
  /** Bound of each attempt in milliseconds (default 30000); a timeout is kind `timeout`. */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (default 2). */
  maxRetries?: number;
  /** Used for every request instead of the global `fetch`; called as `fetch(url, init)`. */
  fetch?: typeof fetch;
  /** Allow `appSecret` in a browser (every visitor can read it). */
  dangerouslyAllowBrowser?: boolean;
}

/** What a `tokenProvider` may resolve to besides a plain token string. */
export interface TokenProviderResult {
  token: string;
  /** `"yyyy-MM-dd HH:mm:ss"` in Linkflow's server time (UTC+8). */
  expiration?: string | null;
}

/** The token in use, from `client.token()`. */
export interface TokenInfo {
  token: string;
  /** `"yyyy-MM-dd HH:mm:ss"` (UTC+8); `null` for a static `token` or when unknown. */
  expiration: string | null;
}

/** The optional last argument of every method. */
export interface CallOptions {
  /** Aborting it rejects the call with kind `aborted` (also mid-request and mid-backoff). */
  signal?: AbortSignal;
  /** Bound of each attempt of this call, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * Contact fields that `identify` and `update` write. `null` is sent as `null` and clears the
 * field (at every depth of `props` too); `undefined` is omitted. A `Date` is sent as
 * `"yyyy-MM-dd HH:mm:ss"` in UTC+8 (see `formatLinkflowDate`).
 */
export interface ContactFields {
  name?: string | null;
  nickname?: string | null;
  gender?: "male" | "female" | "unknown" | (string & {}) | null;
  /** `"yyyy-MM-dd HH:mm:ss"` (UTC+8), or a `Date`. */
  dateOfBirthday?: string | Date | null;
  avatar?: string | null;
  mobilePhone?: string | null;
  email?: string | null;
  userName?: string | null;
  country?: string | null;
  state?: string | null;
  city?: string | null;
  street?: string | null;
  postalCode?: string | null;
  title?: string | null;
  company?: string | null;
  industry?: string | null;
  department?: string | null;
  comments?: string | null;
  website?: string | null;
  idCard?: string | null;
  /** Custom fields by alias (see `contacts.properties()`). */
  props?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** Input of `contacts.identify`: the contact known on `channel.channelId` as `externalId`. */
export interface IdentifyInput extends ContactFields {
  /** Your own id of the person; the same the tracker's `identify` uses. */
  externalId: string;
  channel: { channelId: string; name?: string };
  weChatInfo?: { appId?: string; appName?: string; openId?: string };
}

/** Fields of `contacts.update`; an `id` inside must equal the `id` argument. */
export interface ContactUpdate extends ContactFields {
  id?: number;
}

/** `attr1`..`attr20` of an event input: a number is sent as its decimal text. */
export type EventAttrsInput = { [K in `attr${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20}`]?: string | number };

/** Input of `events.create`. */
export type EventInput = EventAttrsInput & {
  /** The event code (e.g. `UDE_1MG2I6HGJ`). */
  event: string;
  /** Usually the site's root domain. */
  channelId: string;
  /** Your own id of the person. */
  externalId: string;
  /** Default `UDC`. */
  channelType?: string;
  /** Milliseconds since the epoch, or a `Date`. */
  eventDate?: number | Date;
  items?: Array<EventAttrsInput & { event: string }>;
  utm?: { source?: string; campaign?: string; medium?: string; content?: string; term?: string };
};

/** Options of `groups.addContacts` / `groups.removeContacts`. */
export interface MembershipOptions {
  /** Ids per request, 1 to 500 (default 500: past its limit the server answers
   * `400 B00031`). */
  chunkSize?: number;
}

/** Options of `contacts.list`. */
export interface ContactListOptions {
  /** From 0. */
  page?: number;
  /** Server default 200. */
  size?: number;
  groupId?: number | string;
  search?: string;
}

/** Options of `contacts.iterate`. */
export interface ContactIterateOptions {
  /** Page size, default 200. */
  size?: number;
  groupId?: number | string;
  search?: string;
}

/** Options of `contacts.getByExternalId`. */
export interface GetByExternalIdOptions {
  externalId: string;
  channelId: string;
  /** Server default `UDC`. */
  channelType?: string;
}

/** Options of `contacts.find`: `email` or `mobilePhone` is required. */
export interface FindContactsOptions {
  email?: string;
  mobilePhone?: string;
  /** Adds each contact's `openIds` (`1` is the guide's own spelling of `true`). */
  needOpenId?: boolean | 1 | 0;
}

/** Options of `contacts.getMany`. */
export interface GetManyOptions {
  /** Adds each contact's `openIds` (`1` is the guide's own spelling of `true`). */
  needOpenId?: boolean | 1 | 0;
  /** Chunks of 100 ids in flight at once (default 6). */
  concurrency?: number;
}

/** Options of `contacts.listIds`: `page * size <= 10000` (page from 0). */
export interface ListIdsOptions {
  page: number;
  size: number;
  /** e.g. `"2018-01-01"` */
  minUpdateTime?: string;
  maxUpdateTime?: string;
}

/** Options of `contacts.iterateIds`. */
export interface IterateIdsOptions {
  /** Page size, default 10000 (the whole window in one request). */
  size?: number;
  minUpdateTime?: string;
  maxUpdateTime?: string;
}

/** Options of `contacts.groups`. */
export interface ContactGroupsOptions {
  groupType?: "static" | "dynamic" | (string & {});
}

/** A page number and size. */
export interface PageOptions {
  /** From 0. */
  page?: number;
  size?: number;
}

/** A page size for iterators. */
export interface SizeOptions {
  size?: number;
}

/** Options of `events.list`. */
export interface EventListOptions {
  /** The largest id of the previous page; default 0. */
  lastMaxId?: number;
  size?: number;
}

/** Options of `events.iterate`. */
export interface EventIterateOptions {
  /** Start after this event id; default 0. */
  fromId?: number;
  size?: number;
}

/** Options of `events.createMany`. */
export interface CreateManyOptions {
  /** Requests in flight at once (default 4). */
  concurrency?: number;
}

/** Answer of `events.createMany`: nothing is dropped. */
export interface CreateManyResult {
  /** The created events, in input order. */
  succeeded: Event[];
  /** Each failed input by its index, in index order. */
  failed: { index: number; error: LinkflowError }[];
}

/** Input of `channels.create`. */
export interface ChannelInput {
  name: string;
  /** Generated by the server when not given. */
  channelId?: string;
}

/** Options of `groups.list`: every given filter must match. */
export interface GroupListOptions {
  id?: number | string;
  /** Matches in part. */
  name?: string;
  groupType?: "static" | "dynamic" | (string & {});
  /** Minimum last update, e.g. `"2018-01-01"`. */
  lastUpdated?: string;
  /** WeChat appId. */
  ext1?: string;
  /** WeChat tag group id. */
  ext2?: string;
}

/** Input of `groups.create`. */
export interface GroupInput {
  name: string;
  /** Sent as `static`, the only value the guide allows for now; another is a
   * `validation` error. */
  groupType?: "static";
  ext1?: string;
  ext2?: string;
}

/** Options of `groups.members`. */
export interface GroupMembersOptions {
  /** Start after this memberId; default 0. */
  memberId?: number;
  /** At most 500 (the server's default). */
  size?: number;
}

/** Options of `wechat.user`. */
export interface WechatUserOptions {
  /** The official account's appId. */
  appId: string;
  unionId: string;
}
"#;
