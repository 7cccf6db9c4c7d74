//! Groups, WeChat and channels built from the guide's examples.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use linkflow_sdk::api::{channels, groups, wechat};
use linkflow_sdk::json::Json;
use linkflow_sdk::model::{CHANNEL, CHANNEL_TYPES, GROUP, GROUPS, GROUP_MEMBERS, GROUP_MEMBERSHIP_RESULT, WECHAT_USER};
use linkflow_sdk::request::{Method, Replay};

#[test]
fn list_sends_the_guide_query() {
    // GET /v2/groups?id=126&name=wechat&groupType=static&ext1=wx134210231&ext2=wechattagid
    let opts = v(r#"{"id":126,"name":"wechat","groupType":"static","ext1":"wx134210231","ext2":"wechattagid"}"#);
    let req = groups::list(&&opts).unwrap();
    let query = [("id", "126"), ("name", "wechat"), ("groupType", "static"), ("ext1", "wx134210231"), ("ext2", "wechattagid")];
    assert_req(&req, Method::Get, "/v2/groups", &query, None, Replay::Safe, &GROUPS);
    assert_reads(&req, "groups.list.answer.json");
    let req = groups::list(&&v(r#"{"lastUpdated":"2017-12-07 16:59:38","name":null}"#)).unwrap();
    assert_eq!(req.query, vec![("lastUpdated", "2017-12-07 16:59:38".to_owned())]);
    assert!(groups::list(&&none()).unwrap().query.is_empty());
    assert_validation(groups::list(&&v(r#"{"id":1.5}"#)), "id");
    assert_validation(groups::list(&&v(r#"{"groupType":1}"#)), "groupType");
}

#[test]
fn create_sends_the_guide_example() {
    let input = fixture("groups.create.request.json");
    let req = groups::create(&&v(&input)).unwrap();
    assert_req(&req, Method::Post, "/v2/groups", &[], Some(&compact(&input)), Replay::Create, &GROUP);
    assert_reads(&req, "groups.create.answer.json");
    assert_validation(groups::create(&&v(r#"{"groupType":"static"}"#)), "name");
}

#[test]
fn create_always_sends_the_static_group_type() {
    // The guide: groupType 默认为static,目前不能设置别的值.
    for input in
        [r#"{"ext2":"b","name":"n","groupType":null}"#, r#"{"ext2":"b","name":"n"}"#, r#"{"name":"n","ext2":"b","groupType":"static"}"#]
    {
        let req = groups::create(&&v(input)).unwrap();
        assert_eq!(req.body.as_deref(), Some(r#"{"name":"n","groupType":"static","ext2":"b"}"#), "{input}");
    }
    assert_validation(groups::create(&&v(r#"{"name":"n","groupType":"dynamic"}"#)), "groupType: expected \"static\"");
    assert_validation(groups::create(&&v(r#"{"name":"n","groupType":""}"#)), "groupType");
}

#[test]
fn members_sends_the_guide_query_and_limits_size() {
    // GET /v2/groups/{groupId}/contacts?memberId=2346&size=500
    let req = groups::members(&&v("252"), &&v(r#"{"memberId":2346,"size":500}"#)).unwrap();
    let query = [("memberId", "2346"), ("size", "500")];
    assert_req(&req, Method::Get, "/v2/groups/252/contacts", &query, None, Replay::Safe, &GROUP_MEMBERS);
    assert_reads(&req, "groups.members.answer.json");
    assert!(groups::members(&&v("252"), &&none()).unwrap().query.is_empty());
    assert_validation(groups::members(&&v("252"), &&v(r#"{"size":501}"#)), "size");
    assert_validation(groups::members(&&v("252"), &&v(r#"{"size":0}"#)), "size");
    assert_validation(groups::members(&&v("252"), &&v(r#"{"memberId":-1}"#)), "memberId");
    assert_validation(groups::members(&&v(r#""a/b""#), &&none()), "groupId");
}

/// The one request of a membership change that fits one chunk.
fn single(reqs: Vec<linkflow_sdk::request::Request>) -> linkflow_sdk::request::Request {
    assert_eq!(reqs.len(), 1, "one chunk");
    reqs.into_iter().next().unwrap()
}

#[test]
fn add_and_remove_contacts_send_an_id_array() {
    let ids = fixture("groups.add_contacts.request.json");
    let req = single(groups::add_contacts(&&v("333"), &&v(&ids), &&none()).unwrap());
    let body = "[17760,17771,17578]";
    assert_req(&req, Method::Post, "/v2/groups/333/contacts", &[], Some(body), Replay::Safe, &GROUP_MEMBERSHIP_RESULT);
    assert_reads(&req, "groups.add_contacts.answer.json");
    let ids = fixture("groups.remove_contacts.request.json");
    let req = single(groups::remove_contacts(&&v(r#""333""#), &&v(&ids), &&none()).unwrap());
    assert_req(&req, Method::Delete, "/v2/groups/333/contacts", &[], Some(body), Replay::Safe, &GROUP_MEMBERSHIP_RESULT);
    assert_reads(&req, "groups.remove_contacts.answer.json");
    assert_decode(&req, r#"{"success":[1],"failure":[],"group":{"id":[333]}}"#, "group.id");
    assert_decode(&req, r#"{"success":{"id":1}}"#, "success");
    assert_validation(groups::add_contacts(&&v("333"), &&v("[1,1.5]"), &&none()), "ids[1]");
    assert_validation(groups::remove_contacts(&&v("333"), &&v("17760"), &&none()), "ids");
    assert_validation(groups::add_contacts(&&v("true"), &&v("[1]"), &&none()), "groupId");
}

#[test]
fn add_and_remove_contacts_send_chunks_of_at_most_500_ids_in_order() {
    // The guide: 400 B00031 联系人超过最大数量 past a limit; 500 is the SDK's default chunk.
    let ids: Vec<u64> = (1..=1001).collect();
    let (gid, list, empty, opts) = (v("7"), v(&format!("{ids:?}")), v("[]"), none());
    let (gid, list, empty) = (&gid, &list, &empty);
    let chunk = |n: &str| v(&format!(r#"{{"chunkSize":{n}}}"#));
    for method in [Method::Post, Method::Delete] {
        let build = |ids: &&serde_json::Value, opts: &serde_json::Value| match method {
            Method::Post => groups::add_contacts(&gid, ids, &opts),
            _ => groups::remove_contacts(&gid, ids, &opts),
        };
        let reqs = build(&list, &opts).unwrap();
        assert!(reqs.iter().all(|r| r.method == method && r.path == "/v2/groups/7/contacts"));
        let sizes: Vec<usize> = reqs.iter().map(|r| ids_of(r.body.as_deref().unwrap()).len()).collect();
        assert_eq!(sizes, [500, 500, 1]);
        let sent: Vec<u64> = reqs.iter().flat_map(|r| ids_of(r.body.as_deref().unwrap())).collect();
        assert_eq!(sent, ids, "every id once, in input order");
        let reqs = build(&list, &chunk("300")).unwrap();
        assert_eq!(reqs.iter().map(|r| ids_of(r.body.as_deref().unwrap()).len()).collect::<Vec<_>>(), [300, 300, 300, 101]);
        assert!(build(&empty, &opts).unwrap().is_empty(), "nothing is sent for []");
        for bad in ["501", "0", "\"9\"", "1.5"] {
            assert_validation(build(&list, &chunk(bad)), "chunkSize");
        }
        assert_validation(build(&list, &v("[]")), "options");
    }
}

/// The ids of a membership body.
fn ids_of(body: &str) -> Vec<u64> {
    let list = v(body);
    let list = &list;
    (0..list.len()).map(|i| list.at(i).and_then(|x| x.as_u64()).unwrap()).collect()
}

#[test]
fn wechat_user_sends_the_guide_query() {
    // GET /v1/wx/wx1f7fbd28ac009cd0/user?unionId=ogtgm1A_UD5C8MJ3YR
    let req = wechat::user(&&v(r#"{"appId":"wx1f7fbd28ac009cd0","unionId":"ogtgm1A_UD5C8MJ3YR"}"#)).unwrap();
    let query = [("unionId", "ogtgm1A_UD5C8MJ3YR")];
    assert_req(&req, Method::Get, "/v1/wx/wx1f7fbd28ac009cd0/user", &query, None, Replay::Safe, &WECHAT_USER);
    assert_reads(&req, "wechat.user.answer.json");
    // Scalars of another type are normalized (API.md: never a failure).
    assert_eq!(read(&req, 200, r#"{"openId":7,"status":"true"}"#).unwrap(), v(r#"{"openId":"7","status":true}"#));
    assert_eq!(read(&req, 200, r#"{"subscribeTime":1577956711.5}"#).unwrap(), v(r#"{"subscribeTime":1577956711.5}"#));
    assert_eq!(read(&req, 200, r#"{"subscribeTime":"soon","status":2}"#).unwrap(), v(r#"{"subscribeTime":null,"status":null}"#));
    assert_decode(&req, r#"{"openId":{"id":"o"}}"#, "openId");
    let req = wechat::user(&&v(r#"{"appId":"../token","unionId":"u"}"#)).unwrap();
    assert_eq!(req.path, "/v1/wx/..%2Ftoken/user");
    assert_validation(wechat::user(&&v(r#"{"appId":"wx"}"#)), "unionId");
    assert_validation(wechat::user(&&v(r#"{"unionId":"u"}"#)), "appId");
}

#[test]
fn channels_read_the_guide_answers() {
    let input = fixture("channels.create.request.json");
    let req = channels::create(&&v(&input)).unwrap();
    assert_req(&req, Method::Post, "/udc", &[], Some(&compact(&input)), Replay::Create, &CHANNEL);
    assert_reads(&req, "channels.create.answer.json");
    let req = channels::types();
    assert_req(&req, Method::Get, "/channels/meta/types", &[], None, Replay::Safe, &CHANNEL_TYPES);
    assert_reads(&req, "channels.types.answer.json");
}
