//! Channels: POST /udc, GET /channels/meta/types.

use super::Ty;

/// A channel as `POST /udc` answers it (also nested in identities).
pub const CHANNEL: Ty = Ty::Object(&[
    ("id", Ty::Required(&Ty::Int)),
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("channelId", Ty::Str),
    ("channelType", Ty::Str),
    ("name", Ty::Str),
    ("status", Ty::Str),
]);

/// One entry of `GET /channels/meta/types`.
pub const CHANNEL_TYPE_INFO: Ty = Ty::Object(&[("channelType", Ty::Required(&Ty::Str)), ("channelTypeName", Ty::Str)]);

/// `GET /channels/meta/types` answer.
pub const CHANNEL_TYPES: Ty = Ty::Array(&CHANNEL_TYPE_INFO);
