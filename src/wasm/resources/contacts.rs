//! `client.contacts`: GET /contacts, POST /identifiers, GET /identifiers, GET /v2/contacts,
//! GET /v2/contacts_bulk, GET /v2/contacts_bulk/ids, PUT /v2/contacts/{id},
//! GET /v2/contacts/meta/properties, GET /contacts/meta/userfields,
//! GET /contacts/{id}/identities, GET /v2/contacts/{id}/groups, GET /contacts/{id}/events.

use std::rc::Rc;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::contacts;
use crate::error::Error;
use crate::wasm::batch;
use crate::wasm::call::{call_options, promise, request, Inner};
use crate::wasm::error::{to_js, Fault};
use crate::wasm::input;
use crate::wasm::iter::Pages;

/// Contacts (联系人): `client.contacts`.
#[wasm_bindgen]
pub struct ContactsApi {
    pub(crate) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl ContactsApi {
    /// One page of contacts (`GET /contacts`): `page` from 0, `size` (server default 200),
    /// optionally within `groupId` or matching `search`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Contact[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ContactListOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::options(options).and_then(|o| contacts::list(&o)), call)
    }

    /// Every contact (`GET /contacts` page by page from page 0 until an empty page, or a
    /// page of contacts all seen before; `size` default 200). Lazy: one page in flight; argument errors reject the first `next()`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Contact>")]
    pub fn iterate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ContactIterateOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Pages {
        Pages::new(&self.inner, input::options(options).and_then(|o| contacts::iterate(&o)), call)
    }

    /// Creates or updates the contact known on `channel.channelId` as `externalId`
    /// (`POST /identifiers`, an upsert); every other field is stored on the contact. `null`
    /// clears a field (at every depth of `props` too), `undefined` leaves it; a `Date` is
    /// sent as `"yyyy-MM-dd HH:mm:ss"` in UTC+8.
    #[wasm_bindgen(unchecked_return_type = "Promise<Contact>")]
    pub fn identify(
        &self,
        #[wasm_bindgen(js_name = "input", unchecked_param_type = "IdentifyInput")] contact: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&contact, "contact", input::BODY).and_then(|c| contacts::identify(&c)), call)
    }

    /// The contact known on a channel as `externalId` (`GET /identifiers`; `channelType`
    /// defaults to `UDC` on the server).
    #[wasm_bindgen(js_name = "getByExternalId", unchecked_return_type = "Promise<Contact>")]
    pub fn get_by_external_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetByExternalIdOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&options, "options", input::ARGS).and_then(|o| contacts::get_by_external_id(&o)), call)
    }

    /// Contacts with this `email` or `mobilePhone` (`GET /v2/contacts`; one of the two is
    /// required). `needOpenId: true` adds each contact's `openIds`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Contact[]>")]
    pub fn find(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FindContactsOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&options, "options", input::ARGS).and_then(|o| contacts::find(&o)), call)
    }

    /// The contacts with these ids (`GET /v2/contacts_bulk`), in chunks of 100 ids (the
    /// server drops ids past 100), at most `concurrency` (default 6) chunks in flight,
    /// results concatenated in the order of the chunks. `[]` resolves to `[]` without a
    /// request. Rejects with the first failed chunk's error.
    #[wasm_bindgen(js_name = "getMany", unchecked_return_type = "Promise<Contact[]>")]
    pub fn get_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<number | string>")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetManyOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = (|| -> Result<_, Error> {
            let (ids, options) = (input::read(&ids, "ids", input::ARGS)?, input::options(options)?);
            let requests = contacts::get_many(&ids, &options)?;
            Ok((requests, batch::concurrency(&options, batch::READ_CONCURRENCY)?, call_options(&inner, call)?))
        })();
        promise(async move {
            let (requests, limit, call) = prepared.map_err(|e| to_js(&e, None))?;
            let requests: Vec<_> = requests.into_iter().map(Ok).collect();
            let chunks = batch::send_all(&inner, &requests, &call, limit, true).await;
            let all = Array::new();
            for chunk in chunks.into_iter().flatten() {
                let page = chunk.map_err(Fault::into_js)?;
                if Array::is_array(&page) {
                    for contact in page.unchecked_into::<Array>().iter() {
                        all.push(&contact);
                    }
                }
            }
            Ok(all.into())
        })
    }

    /// One page of contact ids by update time (`GET /v2/contacts_bulk/ids`). The server
    /// serves only `page * size <= 10000` (page from 0); beyond that is a validation error.
    #[wasm_bindgen(js_name = "listIds", unchecked_return_type = "Promise<number[]>")]
    pub fn list_ids(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListIdsOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&options, "options", input::ARGS).and_then(|o| contacts::list_ids(&o)), call)
    }

    /// Every contact id by update time (`GET /v2/contacts_bulk/ids` page by page until an
    /// empty page; `size` default 10000). The server serves only `page * size <= 10000`:
    /// when the last page it serves does not prove the end, the iteration rejects with a
    /// `validation` error instead of stopping silently: narrow the time window.
    #[wasm_bindgen(js_name = "iterateIds", unchecked_return_type = "AsyncIterableIterator<number>")]
    pub fn iterate_ids(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateIdsOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Pages {
        Pages::new(&self.inner, input::options(options).and_then(|o| contacts::iterate_ids(&o)), call)
    }

    /// Updates a contact (`PUT /v2/contacts/{id}`); only the given fields change. `null`
    /// clears a field (at every depth of `props` too), `undefined` leaves it; a `Date` is
    /// sent as `"yyyy-MM-dd HH:mm:ss"` in UTC+8.
    #[wasm_bindgen(unchecked_return_type = "Promise<Contact>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ContactUpdate")] fields: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        let built = input::read(&id, "id", input::ARGS)
            .and_then(|id| Ok((id, input::read(&fields, "fields", input::BODY)?)))
            .and_then(|(id, fields)| contacts::update(&id, &fields));
        request(&self.inner, built, call)
    }

    /// The tenant's custom contact properties (`GET /v2/contacts/meta/properties`): which
    /// `attrN` alias each custom field has.
    #[wasm_bindgen(unchecked_return_type = "Promise<ContactProperty[]>")]
    pub fn properties(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>) -> Promise {
        request(&self.inner, Ok(contacts::properties()), call)
    }

    /// The tenant's custom fields (`GET /contacts/meta/userfields`).
    ///
    /// @deprecated Deprecated in the Linkflow guide; use `properties()`.
    #[wasm_bindgen(js_name = "userFields", unchecked_return_type = "Promise<UserField[]>")]
    pub fn user_fields(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>) -> Promise {
        request(&self.inner, Ok(contacts::user_fields()), call)
    }

    /// The contact's channel accounts (`GET /contacts/{id}/identities`).
    #[wasm_bindgen(unchecked_return_type = "Promise<ContactIdentity[]>")]
    pub fn identities(
        &self,
        #[wasm_bindgen(js_name = "contactId", unchecked_param_type = "number | string")] contact_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&contact_id, "contactId", input::ARGS).and_then(|id| contacts::identities(&id)), call)
    }

    /// The contact's groups (`GET /v2/contacts/{id}/groups`), optionally of one `groupType`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Group[]>")]
    pub fn groups(
        &self,
        #[wasm_bindgen(js_name = "contactId", unchecked_param_type = "number | string")] contact_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ContactGroupsOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        let built = input::id_and_options(&contact_id, "contactId", options).and_then(|(id, o)| contacts::groups(&id, &o));
        request(&self.inner, built, call)
    }

    /// One page of the contact's events (`GET /contacts/{id}/events`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Event[]>")]
    pub fn events(
        &self,
        #[wasm_bindgen(js_name = "contactId", unchecked_param_type = "number | string")] contact_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        let built = input::id_and_options(&contact_id, "contactId", options).and_then(|(id, o)| contacts::events(&id, &o));
        request(&self.inner, built, call)
    }

    /// Every event of the contact (`GET /contacts/{id}/events` page by page until an empty
    /// page, or a page of events all seen before; `size` default 200).
    #[wasm_bindgen(js_name = "iterateEvents", unchecked_return_type = "AsyncIterableIterator<Event>")]
    pub fn iterate_events(
        &self,
        #[wasm_bindgen(js_name = "contactId", unchecked_param_type = "number | string")] contact_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SizeOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Pages {
        let built = input::id_and_options(&contact_id, "contactId", options).and_then(|(id, o)| contacts::iterate_events(&id, &o));
        Pages::new(&self.inner, built, call)
    }
}
