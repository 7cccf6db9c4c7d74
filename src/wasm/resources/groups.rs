//! `client.groups`: GET/POST /v2/groups, GET/POST/DELETE /v2/groups/{id}/contacts.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::api::groups;
use crate::wasm::client::{opts, request, Inner};
use crate::wasm::iter::Pages;

/// Groups (标签组): `client.groups`.
#[wasm_bindgen]
pub struct GroupsApi {
    pub(crate) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl GroupsApi {
    /// Groups matching every given filter (`GET /v2/groups`; `name` matches in part).
    #[wasm_bindgen(unchecked_return_type = "Promise<Group[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GroupListOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, groups::list(&opts(options)), call)
    }

    /// Creates a group (`POST /v2/groups`; `groupType` defaults to `static`). Code
    /// `B00001`: the group exists; `B00157`: the tenant has too many groups.
    #[wasm_bindgen(unchecked_return_type = "Promise<Group>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, groups::create(&input), call)
    }

    /// Members of a group after `memberId` (`GET /v2/groups/{id}/contacts`; `size` at most 500).
    #[wasm_bindgen(unchecked_return_type = "Promise<GroupMember[]>")]
    pub fn members(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GroupMembersOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, groups::members(&group_id, &opts(options)), call)
    }

    /// Every member of a group (`GET /v2/groups/{id}/contacts` with `memberId` = the last
    /// memberId seen, until an empty page; `size` at most 500).
    #[wasm_bindgen(js_name = "iterateMembers", unchecked_return_type = "AsyncIterableIterator<GroupMember>")]
    pub fn iterate_members(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SizeOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Pages {
        Pages::new(&self.inner, groups::iterate_members(&group_id, &opts(options)), call)
    }

    /// Adds contacts to a group (`POST /v2/groups/{id}/contacts`): `{ success, failure, group }`.
    #[wasm_bindgen(js_name = "addContacts", unchecked_return_type = "Promise<GroupMembershipResult>")]
    pub fn add_contacts(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number | string>")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, groups::add_contacts(&group_id, &ids), call)
    }

    /// Removes contacts from a group (`DELETE /v2/groups/{id}/contacts`):
    /// `{ success, failure, group }`.
    #[wasm_bindgen(js_name = "removeContacts", unchecked_return_type = "Promise<GroupMembershipResult>")]
    pub fn remove_contacts(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number | string>")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, groups::remove_contacts(&group_id, &ids), call)
    }
}
