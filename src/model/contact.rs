//! Contacts: GET /contacts, POST /identifiers, GET /identifiers, GET /v2/contacts,
//! GET /v2/contacts_bulk, GET /v2/contacts_bulk/ids, PUT /v2/contacts/{id},
//! GET /v2/contacts/meta/properties, GET /contacts/meta/userfields,
//! GET /contacts/{id}/identities.

use super::{Channel, Ty};
use crate::answer;

answer! {
    /// One entry of a contact's `openIds` (`needOpenId=1`).
    pub struct OpenId as OPEN_ID {
        /// The channel's id.
        channel_id: opt Str,
        /// The channel's name.
        channel_name: opt Str,
        /// The contact's openId on that channel.
        open_id: opt Str,
    }
}

answer! {
    /// A contact, as every contact endpoint answers it. `props` holds the custom fields by
    /// alias (`attr1`, …), values in their JSON type (`"attr2": 10000`). Serialized, the
    /// unset members are `null` (as in the guide's examples), the `GET /identifiers`
    /// extras and `openIds` absent.
    pub struct Contact as CONTACT {
        /// The contact id.
        id: req Int,
        /// When it was created, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: null Str,
        /// When it last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: null Str,
        /// Version, bumped on every change.
        ver: null Int,
        /// The browser's anonymous id tied to this contact.
        anonymous_id: null Str,
        /// Name.
        name: null Str,
        /// Nickname.
        nickname: null Str,
        /// `male`, `female` or `unknown`.
        gender: null Str,
        /// Birthday, `yyyy-MM-dd HH:mm:ss`.
        date_of_birthday: null Str,
        /// Avatar URL.
        avatar: null Str,
        /// Profile photo URL.
        profile_photo: null Str,
        /// Mobile phone number.
        mobile_phone: null Str,
        /// Home phone number.
        home_phone: null Str,
        /// Email address.
        email: null Str,
        /// Country.
        country: null Str,
        /// Province.
        state: null Str,
        /// Address.
        street: null Str,
        /// City.
        city: null Str,
        /// Postal code.
        postal_code: null Str,
        /// Remarks.
        comments: null Str,
        /// User name.
        user_name: null Str,
        /// Job title.
        title: null Str,
        /// Website.
        website: null Str,
        /// Company.
        company: null Str,
        /// Industry.
        industry: null Str,
        /// Department.
        department: null Str,
        /// Identity card number.
        id_card: null Str,
        /// `utm` parameters of the first visit.
        utm: null Utm,
        /// Custom fields by alias (see `GET /v2/contacts/meta/properties`).
        props: null Props,
        /// True for a visitor known only by an anonymous id.
        is_anonymous: null Bool,
        /// The contact's openIds (with `needOpenId=1`).
        open_ids: opt [OpenId],
        /// When the contact was last seen (`GET /identifiers`).
        last_seen: opt Str,
        /// When the contact was last tagged (`GET /identifiers`).
        last_tagged: opt Str,
        /// When the contact was first identified (`GET /identifiers`).
        identified: opt Str,
    }
}

/// A list of contacts (`GET /contacts`, `GET /v2/contacts`, `GET /v2/contacts_bulk`).
pub const CONTACTS: Ty = Ty::Array(&CONTACT);

/// `GET /v2/contacts_bulk/ids` answer: contact ids.
pub const CONTACT_IDS: Ty = Ty::Array(&Ty::Int);

answer! {
    /// A custom contact property (`GET /v2/contacts/meta/properties`).
    pub struct ContactProperty as CONTACT_PROPERTY {
        /// Display name.
        label: opt Str,
        /// `attr1`, `attr2`, …: the key in a contact's `props`.
        alias: opt Str,
        /// The value's type, e.g. `STRING`.
        data_type: opt Str,
        /// The property id.
        id: req Int,
    }
}

/// `GET /v2/contacts/meta/properties` answer.
pub const CONTACT_PROPERTIES: Ty = Ty::Array(&CONTACT_PROPERTY);

answer! {
    /// A custom field of the deprecated `GET /contacts/meta/userfields`.
    pub struct UserField as USER_FIELD {
        /// The field id.
        id: req Int,
        /// The value's type.
        type_: opt Str,
        /// Display name.
        name: opt Str,
        /// The column it is stored in (`attr1`, …).
        col: opt Str,
    }
}

/// `GET /contacts/meta/userfields` answer (deprecated in the guide).
pub const USER_FIELDS: Ty = Ty::Array(&USER_FIELD);

answer! {
    /// A contact's account on one channel (`GET /contacts/{id}/identities`).
    pub struct ContactIdentity as CONTACT_IDENTITY {
        /// When it was created, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        date_created: opt Str,
        /// When it last changed, `yyyy-MM-dd HH:mm:ss` (UTC+8).
        last_updated: opt Str,
        /// Version.
        ver: opt Int,
        /// The identity id.
        id: req Int,
        /// The contact it belongs to.
        contact_id: opt Int,
        /// The channel's numeric id (the channel's own `channelId` string is in `channel`).
        channel_id: opt Int,
        /// The browser's anonymous id.
        anonymous_id: opt Str,
        /// Nickname on the channel.
        nickname: opt Str,
        /// Mobile phone number on the channel.
        mobile_phone: opt Str,
        /// Whether the identity is active.
        is_active: opt Bool,
        /// The person's unique id on the channel.
        external_id: opt Str,
        /// The channel.
        channel: opt Channel,
    }
}

/// `GET /contacts/{id}/identities` answer.
pub const CONTACT_IDENTITIES: Ty = Ty::Array(&CONTACT_IDENTITY);
