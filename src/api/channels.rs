//! Channels (渠道).
//!
//! POST /udc
//! GET /channels/meta/types

use super::{opt_str, req_str};
use crate::error::Error;
use crate::json::{Json, Writer};
use crate::model::{CHANNEL, CHANNEL_TYPES};
use crate::request::{Method, Replay, Request};

/// `POST /udc`: creates a user-defined channel (`{ name, channelId? }`).
pub fn create<J: Json>(input: &J) -> Result<Request, Error> {
    super::validate::input::<crate::model::NewChannel, J>(input, "channel")?;
    let name = req_str(input, "name")?;
    let channel_id = opt_str(input, "channelId")?;
    let mut w = Writer::new();
    w.begin_object();
    if let Some(id) = channel_id {
        w.key("channelId");
        w.string(&id);
    }
    w.key("name");
    w.string(&name);
    w.end_object();
    Ok(Request::new(Method::Post, "/udc", Replay::Create, &CHANNEL).json(w.finish()))
}

/// `GET /channels/meta/types`: every channel type.
pub fn types() -> Request {
    Request::new(Method::Get, "/channels/meta/types", Replay::Safe, &CHANNEL_TYPES)
}
