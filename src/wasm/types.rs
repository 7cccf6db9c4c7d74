//! TypeScript declarations of every option, input and answer shape, emitted into the
//! generated `.d.ts` (the methods reference them through `unchecked_param_type` /
//! `unchecked_return_type`).
//!
//! The guide's shapes are not written here: each is generated from its one declaration in
//! `src/model` (`Contact::TS` by `answer!`, `IdentifyInput::TS` by `input!`, …). For
//! answers that is next to the check the runtime applies, so a field declared required
//! (every `id`, `Event.event`, …) is present and non-null, every other one may be absent
//! or `null`, a scalar of another type arrives converted to the declared type, and unknown
//! fields are kept. What is written here is only the JS client's own: its options
//! (`fetch`, `tokenProvider`, signals, `concurrency`) and the results that hold a
//! `LinkflowError`. Custom sections are read by `wasm-bindgen` and cost the module nothing.

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
    CONTACT_FIELDS = model::ContactFields::TS;
    IDENTIFY_CHANNEL = model::IdentifyChannel::TS;
    WE_CHAT_INFO = model::WeChatInfo::TS;
    IDENTIFY_INPUT = model::IdentifyInput::TS;
    CONTACT_UPDATE = model::UpdateContact::TS;
    EVENT_ATTRS_INPUT = model::EVENT_ATTRS_INPUT_TS;
    NEW_EVENT_ITEM = model::NewEventItem::TS;
    EVENT_INPUT = model::NewEvent::TS;
    CHANNEL_INPUT = model::NewChannel::TS;
    GROUP_INPUT = model::NewGroup::TS;
    CONTACT_LIST_OPTIONS = model::ContactListOptions::TS;
    CONTACT_ITERATE_OPTIONS = model::ContactIterateOptions::TS;
    GET_BY_EXTERNAL_ID_OPTIONS = model::GetByExternalIdOptions::TS;
    FIND_CONTACTS_OPTIONS = model::FindContactsOptions::TS;
    GET_MANY_OPTIONS = model::GetManyOptions::TS;
    LIST_IDS_OPTIONS = model::ListIdsOptions::TS;
    ITERATE_IDS_OPTIONS = model::IterateIdsOptions::TS;
    CONTACT_GROUPS_OPTIONS = model::ContactGroupsOptions::TS;
    PAGE_OPTIONS = model::PageOptions::TS;
    SIZE_OPTIONS = model::SizeOptions::TS;
    EVENT_LIST_OPTIONS = model::EventListOptions::TS;
    EVENT_ITERATE_OPTIONS = model::EventIterateOptions::TS;
    GROUP_LIST_OPTIONS = model::GroupListOptions::TS;
    GROUP_MEMBERS_OPTIONS = model::GroupMembersOptions::TS;
    MEMBERSHIP_OPTIONS = model::MembershipOptions::TS;
    WECHAT_USER_OPTIONS = model::WechatUserOptions::TS;
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

/** Options of `contacts.getMany` that only the JS client has (merged into the
 * generated `GetManyOptions`). */
export interface GetManyOptions {
  /** Chunks of 100 ids in flight at once (default 6). */
  concurrency?: number;
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
"#;
