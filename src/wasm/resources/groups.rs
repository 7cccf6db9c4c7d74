//! `client.groups`: GET/POST /v2/groups, GET/POST/DELETE /v2/groups/{id}/contacts.

use std::rc::Rc;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::groups;
use crate::error::Error;
use crate::request::Request;
use crate::wasm::call::{call_options, promise, request, send, Inner};
use crate::wasm::error::to_js;
use crate::wasm::input;
use crate::wasm::iter::Pages;
use crate::wasm::platform::{get, set};

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
        request(&self.inner, input::options(options).and_then(|o| groups::list(&o)), call)
    }

    /// Creates a group (`POST /v2/groups`; `groupType` is sent as `static`, the only value
    /// the guide allows for now: another is a `validation` error). Code
    /// `B00001`: the group exists; `B00157`: the tenant has too many groups.
    #[wasm_bindgen(unchecked_return_type = "Promise<Group>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&input, "group", input::BODY).and_then(|g| groups::create(&g)), call)
    }

    /// Members of a group after `memberId` (`GET /v2/groups/{id}/contacts`; `size` at most 500).
    #[wasm_bindgen(unchecked_return_type = "Promise<GroupMember[]>")]
    pub fn members(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GroupMembersOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::id_and_options(&group_id, "groupId", options).and_then(|(g, o)| groups::members(&g, &o)), call)
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
        Pages::new(
            &self.inner,
            input::id_and_options(&group_id, "groupId", options).and_then(|(g, o)| groups::iterate_members(&g, &o)),
            call,
        )
    }

    /// Adds contacts to a group (`POST /v2/groups/{id}/contacts`), `chunkSize` ids per
    /// request (default and most 500), one chunk after the other. Resolves to
    /// `{ success, failure, group }`: `success`/`failure` of all chunks in input order, the
    /// last chunk's `group`; `[]` sends nothing and resolves to
    /// `{ success: [], failure: [], group: null }`. A failing chunk rejects, and the error's
    /// `partial` holds the merged result of the chunks done before it (ids in neither list
    /// were not sent).
    #[wasm_bindgen(js_name = "addContacts", unchecked_return_type = "Promise<GroupMembershipResult>")]
    pub fn add_contacts(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number | string>")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MembershipOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        membership(&self.inner, membership_args(&group_id, &ids, options).and_then(|(g, i, o)| groups::add_contacts(&g, &i, &o)), call)
    }

    /// Removes contacts from a group (`DELETE /v2/groups/{id}/contacts`), chunked and
    /// merged as `addContacts`.
    #[wasm_bindgen(js_name = "removeContacts", unchecked_return_type = "Promise<GroupMembershipResult>")]
    pub fn remove_contacts(
        &self,
        #[wasm_bindgen(js_name = "groupId", unchecked_param_type = "number | string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number | string>")] ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MembershipOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        membership(&self.inner, membership_args(&group_id, &ids, options).and_then(|(g, i, o)| groups::remove_contacts(&g, &i, &o)), call)
    }
}

/// The group id, the ids and the options of an add/remove, each read once.
fn membership_args(group_id: &JsValue, ids: &JsValue, options: Option<Object>) -> Result<(JsValue, JsValue, JsValue), Error> {
    let (group_id, options) = input::id_and_options(group_id, "groupId", options)?;
    Ok((group_id, input::read(ids, "ids", input::ARGS)?, options))
}

/// Sends the chunks of an add/remove one after the other (the merged lists then keep the
/// input order, and a failure stops before the next chunk), merging their answers.
fn membership(inner: &Rc<Inner>, built: Result<Vec<Request>, Error>, call: Option<Object>) -> Promise {
    let prepared = built.and_then(|chunks| Ok((chunks, call_options(inner, call)?)));
    let inner = inner.clone();
    promise(async move {
        let (chunks, call) = prepared.map_err(|e| to_js(&e, None))?;
        let merged = Merged::default();
        let mut last = None;
        for req in &chunks {
            match send(&inner, req, &call).await {
                Ok(answer) => {
                    merged.take(&answer);
                    last = Some(answer);
                }
                Err(fault) => {
                    let err = fault.into_js();
                    if let Some(e) = err.dyn_ref::<Object>() {
                        set(e, "partial", &merged.result(last));
                    }
                    return Err(err);
                }
            }
        }
        Ok(merged.result(last))
    })
}

/// `success` and `failure` of the chunks answered so far, in order.
struct Merged {
    success: Array,
    failure: Array,
}

impl Default for Merged {
    fn default() -> Self {
        Merged { success: Array::new(), failure: Array::new() }
    }
}

impl Merged {
    /// Appends one chunk's lists (a list the answer lacks adds nothing).
    fn take(&self, answer: &JsValue) {
        for (list, key) in [(&self.success, "success"), (&self.failure, "failure")] {
            let part = get(answer, key);
            if Array::is_array(&part) {
                for item in part.unchecked_into::<Array>().iter() {
                    list.push(&item);
                }
            }
        }
    }

    /// The result: the last answer (its `group` and any other member kept) with the merged
    /// lists, or `{ success, failure, group: null }` when no chunk was answered.
    fn result(&self, last: Option<JsValue>) -> JsValue {
        let out = match last.and_then(|a| a.dyn_into::<Object>().ok()) {
            Some(answer) => answer,
            None => {
                let fresh = Object::new();
                set(&fresh, "group", &JsValue::NULL);
                fresh
            }
        };
        set(&out, "success", &self.success);
        set(&out, "failure", &self.failure);
        out.into()
    }
}
