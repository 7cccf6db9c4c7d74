//! Every answer of the stand-in is its model type: each of the guide's 23 endpoints is
//! called with a request the SDK's own builders make (`linkflow_sdk::api`), and its answer
//!
//! 1. passes the SDK's runtime check for that request's shape (`api::check::read`) and
//!    needs no normalization (the stand-in answers exactly what the type declares),
//! 2. deserializes into the model type the SDK declares for it (`model::from_answer`),
//! 3. serializes back from that type to the same JSON: no member the type does not know,
//!    none it has left out. The only exceptions are the deliberate raw members of events
//!    (`devserver/src/state/views.rs`: non-string attributes, `items`, `sessionId`).

mod common;

use common::App;
use linkflow_sdk::api::{channels, check, contacts, events, groups, wechat};
use linkflow_sdk::auth::token_request;
use linkflow_sdk::model::{self, *};
use linkflow_sdk::request::Request;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Members the stand-in serves raw on purpose (see the module).
fn deliberate(key: &str, value: &Value) -> bool {
    key == "items" || key == "sessionId" || (key.starts_with("attr") && !value.is_string())
}

/// `value` without the deliberate raw members of its objects (one level into arrays).
fn without_raw(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(without_raw).collect()),
        Value::Object(members) => {
            Value::Object(members.iter().filter(|(k, v)| !deliberate(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect())
        }
        other => other.clone(),
    }
}

/// Sends `req` to the stand-in and proves its answer is a `T` (see the module).
async fn answer_is<T: DeserializeOwned + Serialize>(app: &App, name: &str, req: &Request, headers: &[(&str, &str)]) -> Value {
    let url = req.url("");
    let mut all = vec![("X-OpenApi-Token", app.token.as_str()), ("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    let r = app.raw(req.method.as_str(), &url, &all, req.body.clone()).await;
    assert_eq!(r.status, 200, "{name}: {} {url}: {}", req.method.as_str(), r.text);
    let fixes = model::check(req.answer, &&r.json).unwrap_or_else(|e| panic!("{name}: not its checked shape: {e}: {}", r.text));
    assert!(fixes.is_empty(), "{name}: the answer needs normalizing {fixes:?}: {}", r.text);
    let checked = check::read(req, r.status, &r.text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let typed: T = model::from_answer(&checked).unwrap_or_else(|e| panic!("{name}: not its model type: {e}: {}", r.text));
    let again = serde_json::to_value(&typed).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(without_raw(&again), without_raw(&r.json), "{name}: the answer is not exactly its model type");
    r.json
}

fn typed<T: Serialize>(v: &T) -> Value {
    model::to_json(v).unwrap()
}

#[tokio::test]
async fn every_endpoint_answers_its_model_type() {
    let app = App::seeded(30, 4).await;
    let none = json!({});
    let headers = [("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")];
    answer_is::<Token>(&app, "token", &token_request(), &headers).await;

    // Contacts.
    let identify = IdentifyInput {
        external_id: "u-1".into(),
        channel: IdentifyChannel { channel_id: "example.com".into(), name: Some("Site".into()) },
        we_chat_info: Some(WeChatInfo { app_id: Some("wxapp".into()), app_name: Some("App".into()), open_id: Some("o-1".into()) }),
        fields: ContactFields { name: Some(Some("康熙".into())), email: Some(Some("k@example.com".into())), ..Default::default() },
    };
    let me = answer_is::<Contact>(&app, "contacts.identify", &contacts::identify(&&typed(&identify)).unwrap(), &[]).await;
    let id = me["id"].clone();
    let list = ContactListOptions { size: Some(50), ..Default::default() };
    answer_is::<Vec<Contact>>(&app, "contacts.list", &contacts::list(&&typed(&list)).unwrap(), &[]).await;
    let lookup = GetByExternalIdOptions { external_id: "u-1".into(), channel_id: "example.com".into(), channel_type: None };
    let found = answer_is::<Contact>(&app, "contacts.getByExternalId", &contacts::get_by_external_id(&&typed(&lookup)).unwrap(), &[]).await;
    assert_eq!(found["openIds"][0]["openId"], "o-1", "openIds are answered: {found}");
    let find = FindContactsOptions { email: Some("k@example.com".into()), need_open_id: Some(true), ..Default::default() };
    answer_is::<Vec<Contact>>(&app, "contacts.find", &contacts::find(&&typed(&find)).unwrap(), &[]).await;
    let many = GetManyOptions { need_open_id: Some(true) };
    for req in contacts::get_many(&&json!([1, 2, 10, id]), &&typed(&many)).unwrap() {
        answer_is::<Vec<Contact>>(&app, "contacts.getMany", &req, &[]).await;
    }
    let ids = ListIdsOptions { page: 0, size: 20, ..Default::default() };
    answer_is::<Vec<i64>>(&app, "contacts.listIds", &contacts::list_ids(&&typed(&ids)).unwrap(), &[]).await;
    let update =
        UpdateContact { id: None, fields: ContactFields { email: Some(None), city: Some(Some("北京".into())), ..Default::default() } };
    answer_is::<Contact>(&app, "contacts.update", &contacts::update(&&id, &&typed(&update)).unwrap(), &[]).await;
    answer_is::<Vec<ContactProperty>>(&app, "contacts.properties", &contacts::properties(), &[]).await;
    answer_is::<Vec<UserField>>(&app, "contacts.userFields", &contacts::user_fields(), &[]).await;
    let identities = answer_is::<Vec<ContactIdentity>>(&app, "contacts.identities", &contacts::identities(&&id).unwrap(), &[]).await;
    assert_eq!(identities.as_array().map(Vec::len), Some(2), "the UDC and the WeChat identity: {identities}");
    answer_is::<Vec<Group>>(&app, "contacts.groups", &contacts::groups(&&json!(3), &&none).unwrap(), &[]).await;

    // Events: the builder sends a numeric attribute as its text; sub-events are served raw.
    let mut event =
        NewEvent { event: "UDE_ORDER".into(), channel_id: "example.com".into(), external_id: "u-1".into(), ..Default::default() };
    event.attrs.insert("attr1".into(), "DD1232".into());
    let mut body = typed(&event);
    body["attr2"] = json!(200);
    body["items"] = json!([{ "event": "UDE_SUB", "attr1": "item1" }]);
    let created = answer_is::<Event>(&app, "events.create", &events::create(&&body).unwrap(), &[]).await;
    assert_eq!((created["attr1"].clone(), created["attr2"].clone()), (json!("DD1232"), json!("200")), "{created}");
    answer_is::<Vec<Event>>(&app, "contacts.events", &contacts::events(&&id, &&none).unwrap(), &[]).await;
    answer_is::<Vec<Event>>(&app, "contacts.events (seeded)", &contacts::events(&&json!(2), &&none).unwrap(), &[]).await;
    let lite = EventListOptions { last_max_id: Some(0), size: Some(500) };
    answer_is::<Vec<Event>>(&app, "events.list", &events::list(&&typed(&lite)).unwrap(), &[]).await;

    // Channels, groups, WeChat.
    let channel = NewChannel { name: "UDC A".into(), channel_id: None };
    answer_is::<Channel>(&app, "channels.create", &channels::create(&&typed(&channel)).unwrap(), &[]).await;
    answer_is::<Vec<ChannelTypeInfo>>(&app, "channels.types", &channels::types(), &[]).await;
    answer_is::<Vec<Group>>(&app, "groups.list", &groups::list(&&none).unwrap(), &[]).await;
    let group = NewGroup { name: "new group".into(), ext1: Some("wxapp".into()), ..Default::default() };
    let g = answer_is::<Group>(&app, "groups.create", &groups::create(&&typed(&group)).unwrap(), &[]).await;
    let gid = g["id"].clone();
    for req in groups::add_contacts(&&gid, &&json!([1, 2, 99999]), &&none).unwrap() {
        let r = answer_is::<GroupChange>(&app, "groups.addContacts", &req, &[]).await;
        assert_eq!((r["success"].clone(), r["failure"].clone()), (json!([1, 2]), json!([99999])), "{r}");
    }
    answer_is::<Vec<GroupMember>>(&app, "groups.members", &groups::members(&&gid, &&none).unwrap(), &[]).await;
    for req in groups::remove_contacts(&&gid, &&json!([2]), &&none).unwrap() {
        answer_is::<GroupChange>(&app, "groups.removeContacts", &req, &[]).await;
    }
    let user = WechatUserOptions { app_id: "wx1f7fbd28ac009cd0".into(), union_id: "UN00000010".into() };
    answer_is::<WechatUser>(&app, "wechat.user", &wechat::user(&&typed(&user)).unwrap(), &[]).await;
}
