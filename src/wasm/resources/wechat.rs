//! `client.wechat`: GET /v1/wx/{appId}/user.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::api::wechat;
use crate::wasm::call::{request, Inner};
use crate::wasm::input;

/// WeChat (微信): `client.wechat`.
#[wasm_bindgen]
pub struct WechatApi {
    pub(crate) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl WechatApi {
    /// The official account's openId for a WeChat unionId (`GET /v1/wx/{appId}/user`).
    #[wasm_bindgen(unchecked_return_type = "Promise<WechatUser>")]
    pub fn user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatUserOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: Option<Object>,
    ) -> Promise {
        request(&self.inner, input::read(&options, "options", input::ARGS).and_then(|o| wechat::user(&o)), call)
    }
}
