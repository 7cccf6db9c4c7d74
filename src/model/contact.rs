//! Contacts: GET /contacts, POST /identifiers, GET /identifiers, GET /v2/contacts,
//! GET /v2/contacts_bulk, GET /v2/contacts_bulk/ids, PUT /v2/contacts/{id},
//! GET /v2/contacts/meta/properties, GET /contacts/meta/userfields,
//! GET /contacts/{id}/identities.

use super::{Ty, CHANNEL};

/// One entry of a contact's `openIds` (`needOpenId=1`).
pub const OPEN_ID: Ty = Ty::Object(&[("channelId", Ty::Str), ("channelName", Ty::Str), ("openId", Ty::Str)]);

/// A contact, as every contact endpoint answers it. `utm` is an object of strings;
/// `props` values keep their JSON type (`"attr2": 10000`).
pub const CONTACT: Ty = Ty::Object(&[
    ("id", Ty::Required(&Ty::Int)),
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("ver", Ty::Int),
    ("anonymousId", Ty::Str),
    ("name", Ty::Str),
    ("nickname", Ty::Str),
    ("gender", Ty::Str),
    ("dateOfBirthday", Ty::Str),
    ("avatar", Ty::Str),
    ("profilePhoto", Ty::Str),
    ("mobilePhone", Ty::Str),
    ("homePhone", Ty::Str),
    ("email", Ty::Str),
    ("country", Ty::Str),
    ("state", Ty::Str),
    ("street", Ty::Str),
    ("city", Ty::Str),
    ("postalCode", Ty::Str),
    ("comments", Ty::Str),
    ("userName", Ty::Str),
    ("title", Ty::Str),
    ("website", Ty::Str),
    ("company", Ty::Str),
    ("industry", Ty::Str),
    ("department", Ty::Str),
    ("idCard", Ty::Str),
    ("utm", Ty::Map(&Ty::Str)),
    ("props", Ty::Map(&Ty::Any)),
    ("isAnonymous", Ty::Bool),
    ("openIds", Ty::Array(&OPEN_ID)),
    ("lastSeen", Ty::Str),
    ("lastTagged", Ty::Str),
    ("identified", Ty::Str),
]);

/// A list of contacts (`GET /contacts`, `GET /v2/contacts`, `GET /v2/contacts_bulk`).
pub const CONTACTS: Ty = Ty::Array(&CONTACT);

/// `GET /v2/contacts_bulk/ids` answer: contact ids.
pub const CONTACT_IDS: Ty = Ty::Array(&Ty::Int);

/// One custom contact property (`GET /v2/contacts/meta/properties`).
pub const CONTACT_PROPERTY: Ty =
    Ty::Object(&[("label", Ty::Str), ("alias", Ty::Str), ("dataType", Ty::Str), ("id", Ty::Required(&Ty::Int))]);

/// `GET /v2/contacts/meta/properties` answer.
pub const CONTACT_PROPERTIES: Ty = Ty::Array(&CONTACT_PROPERTY);

/// One custom field of the deprecated `GET /contacts/meta/userfields`.
pub const USER_FIELD: Ty = Ty::Object(&[("id", Ty::Required(&Ty::Int)), ("type", Ty::Str), ("name", Ty::Str), ("col", Ty::Str)]);

/// `GET /contacts/meta/userfields` answer (deprecated in the guide).
pub const USER_FIELDS: Ty = Ty::Array(&USER_FIELD);

/// One channel account of a contact (`GET /contacts/{id}/identities`).
pub const CONTACT_IDENTITY: Ty = Ty::Object(&[
    ("dateCreated", Ty::Str),
    ("lastUpdated", Ty::Str),
    ("ver", Ty::Int),
    ("id", Ty::Required(&Ty::Int)),
    ("contactId", Ty::Int),
    ("channelId", Ty::Int),
    ("anonymousId", Ty::Str),
    ("nickname", Ty::Str),
    ("mobilePhone", Ty::Str),
    ("isActive", Ty::Bool),
    ("externalId", Ty::Str),
    ("channel", CHANNEL),
]);

/// `GET /contacts/{id}/identities` answer.
pub const CONTACT_IDENTITIES: Ty = Ty::Array(&CONTACT_IDENTITY);
