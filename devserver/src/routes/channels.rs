//! POST /udc
//! GET /channels/meta/types

use axum::extract::State;
use linkflow_sdk::model::ChannelTypeInfo;

use super::util::{object, required, text};
use crate::error::{ok_json, ApiError, ApiResult};
use crate::params::JsonBody;
use crate::state::store::UDC;
use crate::state::views::ChannelView;
use crate::state::AppState;
use crate::time::now_ms;

/// The guide's 24 channel types, in its order: (channelType, channelTypeName).
pub const CHANNEL_TYPES: [(&str, &str); 24] = [
    ("LINK_FLOW", "联否"),
    ("WECHAT", "微信"),
    ("WORKWECHAT", "企业微信"),
    ("SMS_YUN_PIAN", "云片网"),
    ("WENJUANWANG", "问卷网"),
    ("DINGTALK", "钉钉"),
    ("SEND_CLOUD", "SendCloud"),
    ("JINSHUJU", "金数据"),
    ("PRIVATE_APP", "私有应用"),
    ("SALESFORCE", "Salesforce"),
    ("VHALL", "微吼"),
    ("YOUZAN", "有赞"),
    ("EXMAIL", "腾讯企业邮箱"),
    ("DUMMY", "DUMMY"),
    ("FENXIANGXIAOKE", "纷享销客"),
    ("SMS_TENCENT", "腾讯短信"),
    ("GENSEE", "展视互动"),
    ("AIKE", "爱客"),
    ("HUODONGXING", "活动行"),
    ("WEIMOB", "微盟"),
    ("QLCHAT", "千聊"),
    ("MYSQL", "mysql"),
    ("SQL_SERVER", "sqlserver"),
    ("UDC", "user_defined_channel"),
];

/// `POST /udc` `{name, channelId?}`: creates a UDC channel (channelId generated as
/// `udc_XXXXXXXXXX` when absent); an existing UDC channelId is renamed and returned.
/// Answers `{id, dateCreated, lastUpdated, channelId, channelType, name}`.
/// No name → 400 `B00030`.
pub async fn create_udc(State(st): State<AppState>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = object(&body)?;
    let name = required(obj, &["name"])?.remove(0);
    let mut store = st.store();
    let channel_id = match text(obj, "channelId") {
        Some(id) => id,
        None => store.generate_udc_id(),
    };
    let id = store.ensure_channel(UDC, &channel_id, Some(&name), now_ms());
    let ch = store.channel(id).ok_or_else(|| ApiError::not_found("channel vanished"))?;
    Ok(ok_json(&ChannelView(ch)))
}

/// `GET /channels/meta/types`: `[{channelType, channelTypeName}]`, all 24.
pub async fn types() -> ApiResult {
    let out: Vec<_> = CHANNEL_TYPES
        .iter()
        .map(|(t, n)| ChannelTypeInfo { channel_type: (*t).to_owned(), channel_type_name: Some((*n).to_owned()) })
        .collect();
    Ok(ok_json(&out))
}
