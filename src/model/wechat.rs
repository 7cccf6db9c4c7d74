//! WeChat: GET /v1/wx/{appId}/user.

use crate::answer;

answer! {
    /// A WeChat follower of an official account (`GET /v1/wx/{appId}/user`).
    pub struct WechatUser as WECHAT_USER {
        /// The user's openId in this official account.
        open_id: opt Str,
        /// The user's unionId across the tenant's WeChat apps.
        union_id: opt Str,
        /// Whether the user follows the account.
        status: opt Bool,
        /// When the user followed, in seconds since the epoch.
        subscribe_time: opt Int,
    }
}
