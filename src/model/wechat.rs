//! WeChat: GET /v1/wx/{appId}/user.

use super::Ty;

/// `{ openId, unionId, status, subscribeTime }`
pub const WECHAT_USER: Ty = Ty::Object(&[("openId", Ty::Str), ("unionId", Ty::Str), ("status", Ty::Bool), ("subscribeTime", Ty::Int)]);
