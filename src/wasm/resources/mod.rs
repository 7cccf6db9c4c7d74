//! The resource namespaces of a `LinkflowClient` (`client.contacts`, `client.events`, ...):
//! one class per resource group, created once per client. Each method is a thin wrapper:
//! options in, core builder, [`request`](super::call::request), answer out.

mod channels;
mod contacts;
mod events;
mod groups;
mod wechat;

pub use channels::ChannelsApi;
pub use contacts::ContactsApi;
pub use events::EventsApi;
pub use groups::GroupsApi;
pub use wechat::WechatApi;
