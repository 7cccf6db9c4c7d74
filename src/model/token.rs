//! GET /token answer.

use crate::answer;

answer! {
    /// The `GET /token` answer: `{ "expiration": "2017-09-04 09:30:23", "token": "…" }`.
    pub struct Token as TOKEN {
        /// When the token expires, `yyyy-MM-dd HH:mm:ss` in Linkflow's server time (UTC+8).
        expiration: opt Str,
        /// The `X-OpenApi-Token` value.
        token: opt Secret,
    }
}
