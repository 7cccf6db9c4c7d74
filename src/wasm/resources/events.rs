//! `client.events`: POST /ude (one or many), GET /events/lite.

use std::rc::Rc;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::api::events;
use crate::error::Error;
use crate::wasm::batch;
use crate::wasm::call::{call_options, promise, request, Inner};
use crate::wasm::error::{to_js, Fault};
use crate::wasm::input;
use crate::wasm::iter::Pages;
use crate::wasm::platform::set;

/// Events (事件): `client.events`.
#[wasm_bindgen]
pub struct EventsApi {
    pub(crate) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl EventsApi {
    /// Records a custom event on the contact known on `channelId` as `externalId`
    /// (`POST /ude`). `attr1`..`attr20` are strings on the wire: numbers are sent as their
    /// decimal text; `null` ones are dropped. `eventDate` takes epoch milliseconds or a
    /// `Date`. Retried only on 429 or 503 with `Retry-After` (it creates).
    #[wasm_bindgen(unchecked_return_type = "Promise<Event>")]
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = "input", unchecked_param_type = "EventInput")] event: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&event, "event", input::EVENT).and_then(|e| events::create(&e)), call)
    }

    /// Records many events (`POST /ude` per item), at most `concurrency` (default 4) in
    /// flight. Never rejects for one item: each failure (a validation error of that item,
    /// sent nothing; or the request's error) is reported with its index. `succeeded` lists
    /// the created events in input order. Rejects only for a bad `list` or options.
    #[wasm_bindgen(js_name = "createMany", unchecked_return_type = "Promise<CreateManyResult>")]
    pub fn create_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EventInput[]")] list: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateManyOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = (|| -> Result<_, Error> {
            let (list, options) = (input::elements(&list, "events")?, input::options(options)?);
            let built: Vec<_> = list.iter().map(|item| input::read(item, "event", input::EVENT).and_then(|e| events::create(&e))).collect();
            Ok((built, batch::concurrency(&options, batch::CREATE_CONCURRENCY)?, call_options(&inner, call)?))
        })();
        promise(async move {
            let (built, limit, call) = prepared.map_err(|e| to_js(&e, None))?;
            let results = batch::send_all(&inner, &built, &call, limit, false).await;
            let (succeeded, failed) = (Array::new(), Array::new());
            for (index, result) in results.into_iter().enumerate() {
                let result = result.unwrap_or_else(|| Err(Fault::from(Error::validation("not sent"))));
                match result {
                    Ok(event) => {
                        succeeded.push(&event);
                    }
                    Err(f) => {
                        let entry = Object::new();
                        set(&entry, "index", &JsValue::from_f64(index as f64));
                        set(&entry, "error", &f.into_js());
                        failed.push(&entry);
                    }
                }
            }
            let out = Object::new();
            set(&out, "succeeded", &succeeded);
            set(&out, "failed", &failed);
            Ok(out.into())
        })
    }

    /// The events after `lastMaxId` (`GET /events/lite`; `lastMaxId` defaults to 0).
    #[wasm_bindgen(unchecked_return_type = "Promise<Event[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "EventListOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::options(options).and_then(|o| events::list(&o)), call)
    }

    /// Every event after `fromId` (default 0): `GET /events/lite` with `lastMaxId` = the
    /// largest id seen, until an empty page.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Event>")]
    pub fn iterate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "EventIterateOptions")] options: Option<Object>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Pages {
        Pages::new(&self.inner, input::options(options).and_then(|o| events::iterate(&o)), call)
    }
}
