//! Events: POST /ude, GET /contacts/{id}/events, GET /events/lite.

use super::Ty;

/// Appends `attr1`..`attr20` (strings on the wire) to a list of object members.
macro_rules! with_attrs {
    ($($member:expr),* $(,)?) => {
        Ty::Object(&[
            $($member,)*
            ("attr1", Ty::Str), ("attr2", Ty::Str), ("attr3", Ty::Str), ("attr4", Ty::Str),
            ("attr5", Ty::Str), ("attr6", Ty::Str), ("attr7", Ty::Str), ("attr8", Ty::Str),
            ("attr9", Ty::Str), ("attr10", Ty::Str), ("attr11", Ty::Str), ("attr12", Ty::Str),
            ("attr13", Ty::Str), ("attr14", Ty::Str), ("attr15", Ty::Str), ("attr16", Ty::Str),
            ("attr17", Ty::Str), ("attr18", Ty::Str), ("attr19", Ty::Str), ("attr20", Ty::Str),
        ])
    };
}

/// A sub-event of an event's `items`: `{ event, attr1..attr20 }`.
pub const EVENT_ITEM: Ty = with_attrs![("event", Ty::Str)];

/// An event, as `POST /ude` and the event lists answer it.
pub const EVENT: Ty = with_attrs![
    ("id", Ty::Required(&Ty::Int)),
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("ver", Ty::Int),
    ("event", Ty::Required(&Ty::Str)),
    ("eventDate", Ty::Int),
    ("externalId", Ty::Str),
    ("channelId", Ty::Str),
    ("channelType", Ty::Str),
    ("channelName", Ty::Str),
    ("channelAppId", Ty::Int),
    ("contactId", Ty::Int),
    ("contactIdentityId", Ty::Int),
    ("anonymousId", Ty::Str),
    ("sdkVersion", Ty::Str),
    ("sdkType", Ty::Str),
    ("os", Ty::Str),
    ("osVersion", Ty::Str),
    ("browser", Ty::Str),
    ("browserVersion", Ty::Str),
    ("country", Ty::Str),
    ("province", Ty::Str),
    ("city", Ty::Str),
    ("manufacturer", Ty::Str),
    ("deviceModel", Ty::Str),
    ("ip", Ty::Str),
    ("triggerFlow", Ty::Bool),
    ("utm", Ty::Map(&Ty::Str)),
    ("items", Ty::Array(&EVENT_ITEM)),
];

/// A list of events (`GET /contacts/{id}/events`, `GET /events/lite`).
pub const EVENTS: Ty = Ty::Array(&EVENT);
