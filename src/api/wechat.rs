//! WeChat (微信).
//!
//! GET /v1/wx/{appId}/user

use super::req_str;
use crate::encode::concat;
use crate::error::Error;
use crate::json::Json;
use crate::model::WECHAT_USER;
use crate::request::{segment, Method, Replay, Request};

/// `GET /v1/wx/{appId}/user?unionId=` (`{ appId, unionId }`): the official account's
/// openId for a WeChat unionId.
pub fn user<J: Json>(opts: &J) -> Result<Request, Error> {
    super::validate::input::<crate::model::WechatUserOptions, J>(opts, "options")?;
    let app_id = req_str(opts, "appId")?;
    let union_id = req_str(opts, "unionId")?;
    let path = concat(&["/v1/wx/", &segment(&app_id, "appId")?, "/user"]);
    Ok(Request::new(Method::Get, path, Replay::Safe, &WECHAT_USER).param("unionId", union_id))
}
