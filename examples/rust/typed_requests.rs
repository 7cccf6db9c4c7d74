//! Every call of the guide built from typed Rust values with the sans-IO core, and guide
//! answers read back as typed values. No HTTP client is involved: send each printed
//! `Request` with any client (`base URL + path + query`, header `X-OpenApi-Token`, the
//! JSON `body`), then hand the status and body to `api::check::read`.
//!
//! `cargo run --example typed_requests` (native: the JSON values are `serde_json`'s).
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use linkflow_sdk::api::{channels, check, contacts, events, groups, wechat};
use linkflow_sdk::model::{self, *};
use linkflow_sdk::request::Request;
use linkflow_sdk::Error;
use serde_json::Value;

/// The typed value as the JSON view the request builders take.
fn typed<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    model::to_json(value)
}

fn show(name: &str, req: &Request) {
    let query: Vec<String> = req.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    println!("{name:28} {} {}{query} {}", req.method.as_str(), req.path, req.body.as_deref().unwrap_or(""));
}

fn main() -> Result<(), Error> {
    let id = typed(&42)?;
    let none = typed(&PageOptions::default())?;

    // Contacts.
    let list = ContactListOptions { page: Some(0), size: Some(50), search: Some("Li".into()), ..Default::default() };
    show("contacts.list", &contacts::list(&&typed(&list)?)?);
    let identify = IdentifyInput {
        external_id: "u-1".into(),
        channel: IdentifyChannel { channel_id: "example.com".into(), name: None },
        we_chat_info: None,
        fields: ContactFields { name: Some(Some("康熙".into())), comments: Some(None), ..Default::default() },
    };
    show("contacts.identify", &contacts::identify(&&typed(&identify)?)?);
    let by_external = GetByExternalIdOptions { external_id: "u-1".into(), channel_id: "example.com".into(), channel_type: None };
    show("contacts.getByExternalId", &contacts::get_by_external_id(&&typed(&by_external)?)?);
    let find = FindContactsOptions { email: Some("a@example.com".into()), need_open_id: Some(true), ..Default::default() };
    show("contacts.find", &contacts::find(&&typed(&find)?)?);
    for req in contacts::get_many(&&typed(&[1, 2, 3])?, &&typed(&GetManyOptions::default())?)? {
        show("contacts.getMany", &req);
    }
    let ids = ListIdsOptions { page: 0, size: 1000, min_update_time: Some("2018-01-01".into()), ..Default::default() };
    show("contacts.listIds", &contacts::list_ids(&&typed(&ids)?)?);
    // `Some(None)`: sent as null, which clears the field on the server.
    let update = UpdateContact { id: None, fields: ContactFields { email: Some(None), ..Default::default() } };
    show("contacts.update", &contacts::update(&&id, &&typed(&update)?)?);
    show("contacts.properties", &contacts::properties());
    show("contacts.userFields", &contacts::user_fields());
    show("contacts.identities", &contacts::identities(&&id)?);
    let static_groups = ContactGroupsOptions { group_type: Some("static".into()) };
    show("contacts.groups", &contacts::groups(&&id, &&typed(&static_groups)?)?);
    show("contacts.events", &contacts::events(&&id, &&none)?);

    // Events.
    let mut event =
        NewEvent { event: "UDE_1MG2I6HGJ".into(), channel_id: "example.com".into(), external_id: "u-1".into(), ..Default::default() };
    event.attrs.insert("attr1".into(), "Wechat-H5-Demo".into());
    show("events.create", &events::create(&&typed(&event)?)?);
    show("events.list", &events::list(&&typed(&EventListOptions { last_max_id: Some(0), size: Some(100) })?)?);

    // Channels, groups, WeChat.
    show("channels.create", &channels::create(&&typed(&NewChannel { name: "UDC A".into(), channel_id: None })?)?);
    show("channels.types", &channels::types());
    show("groups.list", &groups::list(&&typed(&GroupListOptions { name: Some("wechat".into()), ..Default::default() })?)?);
    let group = NewGroup { name: "this-is-group-name".into(), ext1: Some("wechatappid".into()), ..Default::default() };
    show("groups.create", &groups::create(&&typed(&group)?)?);
    show("groups.members", &groups::members(&&id, &&typed(&GroupMembersOptions { member_id: Some(0), size: Some(500) })?)?);
    for req in groups::add_contacts(&&id, &&typed(&[17760, 17771])?, &&typed(&MembershipOptions::default())?)? {
        show("groups.addContacts", &req);
    }
    for req in groups::remove_contacts(&&id, &&typed(&[17578])?, &&typed(&MembershipOptions::default())?)? {
        show("groups.removeContacts", &req);
    }
    let user = WechatUserOptions { app_id: "wx1f7fbd28ac009cd0".into(), union_id: "UN1".into() };
    show("wechat.user", &wechat::user(&&typed(&user)?)?);

    // An answer, checked (and normalized) by the core, then read as its model type.
    let req = contacts::list(&&none)?;
    let body = r#"[{"id":1,"name":"康熙","ver":"2","props":{"attr2":10000},"openIds":null}]"#;
    let contacts: Vec<Contact> = model::from_answer(&check::read(&req, 200, body)?)?;
    println!(
        "answer: {} contact(s), ver {:?}, props {:?}",
        contacts.len(),
        contacts.first().and_then(|c| c.ver),
        contacts.first().and_then(|c| c.props.clone())
    );
    Ok(())
}
