//! Channels: POST /udc, GET /channels/meta/types.

use crate::answer;

answer! {
    /// A channel (an app: a website, a WeChat account, …), as `POST /udc` answers it and
    /// as nested in a contact's identities.
    pub struct Channel as CHANNEL {
        /// The channel's numeric id (an identity's `channelId`).
        id: req Int,
        /// When it was created, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: opt Str,
        /// When it last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: opt Str,
        /// The channel's own unique id (e.g. a site's root domain).
        channel_id: opt Str,
        /// The channel type, e.g. `UDC`.
        channel_type: opt Str,
        /// The channel's name.
        name: opt Str,
        /// e.g. `ACTIVE`.
        status: opt Str,
    }
}

answer! {
    /// One channel type (`GET /channels/meta/types`).
    pub struct ChannelTypeInfo as CHANNEL_TYPE_INFO {
        /// The type's code, e.g. `UDC`; always present.
        channel_type: req Str,
        /// Its display name.
        channel_type_name: opt Str,
    }
}

/// `GET /channels/meta/types` answer.
pub const CHANNEL_TYPES: super::Ty = super::Ty::Array(&CHANNEL_TYPE_INFO);
