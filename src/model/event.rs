//! Events: POST /ude, GET /contacts/{id}/events, GET /events/lite.

use super::Ty;
use crate::answer;

/// [`answer!`] with the custom attributes `attr1`..`attr20` appended to the fields.
macro_rules! with_attrs {
    ($(#[doc = $doc:literal])* pub struct $name:ident as $konst:ident { $($fields:tt)* }) => {
        answer! {
            $(#[doc = $doc])*
            pub struct $name as $konst {
                $($fields)*
                /// Custom attribute 1: what the event's definition names it (a string on the wire).
                attr1: opt Str,
                /// Custom attribute 2: what the event's definition names it (a string on the wire).
                attr2: opt Str,
                /// Custom attribute 3: what the event's definition names it (a string on the wire).
                attr3: opt Str,
                /// Custom attribute 4: what the event's definition names it (a string on the wire).
                attr4: opt Str,
                /// Custom attribute 5: what the event's definition names it (a string on the wire).
                attr5: opt Str,
                /// Custom attribute 6: what the event's definition names it (a string on the wire).
                attr6: opt Str,
                /// Custom attribute 7: what the event's definition names it (a string on the wire).
                attr7: opt Str,
                /// Custom attribute 8: what the event's definition names it (a string on the wire).
                attr8: opt Str,
                /// Custom attribute 9: what the event's definition names it (a string on the wire).
                attr9: opt Str,
                /// Custom attribute 10: what the event's definition names it (a string on the wire).
                attr10: opt Str,
                /// Custom attribute 11: what the event's definition names it (a string on the wire).
                attr11: opt Str,
                /// Custom attribute 12: what the event's definition names it (a string on the wire).
                attr12: opt Str,
                /// Custom attribute 13: what the event's definition names it (a string on the wire).
                attr13: opt Str,
                /// Custom attribute 14: what the event's definition names it (a string on the wire).
                attr14: opt Str,
                /// Custom attribute 15: what the event's definition names it (a string on the wire).
                attr15: opt Str,
                /// Custom attribute 16: what the event's definition names it (a string on the wire).
                attr16: opt Str,
                /// Custom attribute 17: what the event's definition names it (a string on the wire).
                attr17: opt Str,
                /// Custom attribute 18: what the event's definition names it (a string on the wire).
                attr18: opt Str,
                /// Custom attribute 19: what the event's definition names it (a string on the wire).
                attr19: opt Str,
                /// Custom attribute 20: what the event's definition names it (a string on the wire).
                attr20: opt Str,
            }
        }
    };
}

with_attrs! {
    /// A sub-event of an event's `items`: `{ event, attr1..attr20 }`.
    pub struct EventItem as EVENT_ITEM {
        /// The sub-event's code.
        event: opt Str,
    }
}

with_attrs! {
    /// An event, as `POST /ude` and the event lists answer it.
    pub struct Event as EVENT {
        /// The event id (the cursor of `GET /events/lite`).
        id: req Int,
        /// When it was stored, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: opt Str,
        /// When it last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: opt Str,
        /// Version.
        ver: opt Int,
        /// The event code (visible where the custom event is defined); always present.
        event: req Str,
        /// When it happened, in milliseconds since the epoch.
        event_date: opt Int,
        /// The person's unique id in your system.
        external_id: opt Str,
        /// The channel id, usually the site's root domain.
        channel_id: opt Str,
        /// The channel type, default `UDC`.
        channel_type: opt Str,
        /// The channel's name.
        channel_name: opt Str,
        /// The channel's numeric id.
        channel_app_id: opt Int,
        /// The contact the event belongs to.
        contact_id: opt Int,
        /// The contact's identity on the channel.
        contact_identity_id: opt Int,
        /// The browser's anonymous id.
        anonymous_id: opt Str,
        /// Version of the SDK that sent it.
        sdk_version: opt Str,
        /// Kind of SDK that sent it.
        sdk_type: opt Str,
        /// Operating system.
        os: opt Str,
        /// Operating system version.
        os_version: opt Str,
        /// Browser.
        browser: opt Str,
        /// Browser version.
        browser_version: opt Str,
        /// Country.
        country: opt Str,
        /// Province.
        province: opt Str,
        /// City.
        city: opt Str,
        /// Device manufacturer.
        manufacturer: opt Str,
        /// Device model.
        device_model: opt Str,
        /// IP address.
        ip: opt Str,
        /// Whether the event may trigger flows.
        trigger_flow: opt Bool,
        /// `utm` parameters of the visit.
        utm: opt Utm,
        /// Sub-events.
        items: opt [EventItem],
    }
}

/// A list of events (`GET /contacts/{id}/events`, `GET /events/lite`).
pub const EVENTS: Ty = Ty::Array(&EVENT);
