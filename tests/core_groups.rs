//! Groups, WeChat and channels built from the guide's examples.

mod common;

use common::*;
use linkflow_sdk::api::{channels, groups, wechat};
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
    let req = groups::create(&&v(r#"{"ext2":"b","name":"n","groupType":null}"#)).unwrap();
    assert_eq!(req.body.as_deref(), Some(r#"{"name":"n","ext2":"b"}"#));
    assert_validation(groups::create(&&v(r#"{"groupType":"static"}"#)), "name");
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

#[test]
fn add_and_remove_contacts_send_an_id_array() {
    let ids = fixture("groups.add_contacts.request.json");
    let req = groups::add_contacts(&&v("333"), &&v(&ids)).unwrap();
    let body = "[17760,17771,17578]";
    assert_req(&req, Method::Post, "/v2/groups/333/contacts", &[], Some(body), Replay::Safe, &GROUP_MEMBERSHIP_RESULT);
    assert_reads(&req, "groups.add_contacts.answer.json");
    let ids = fixture("groups.remove_contacts.request.json");
    let req = groups::remove_contacts(&&v(r#""333""#), &&v(&ids)).unwrap();
    assert_req(&req, Method::Delete, "/v2/groups/333/contacts", &[], Some(body), Replay::Safe, &GROUP_MEMBERSHIP_RESULT);
    assert_reads(&req, "groups.remove_contacts.answer.json");
    assert_decode(&req, r#"{"success":[1],"failure":[],"group":{"id":"333"}}"#, "group.id");
    assert_decode(&req, r#"{"success":{"id":1}}"#, "success");
    assert_validation(groups::add_contacts(&&v("333"), &&v("[1,1.5]")), "ids[1]");
    assert_validation(groups::remove_contacts(&&v("333"), &&v("17760")), "ids");
    assert_validation(groups::add_contacts(&&v("true"), &&v("[1]")), "groupId");
}

#[test]
fn wechat_user_sends_the_guide_query() {
    // GET /v1/wx/wx1f7fbd28ac009cd0/user?unionId=ogtgm1A_UD5C8MJ3YR
    let req = wechat::user(&&v(r#"{"appId":"wx1f7fbd28ac009cd0","unionId":"ogtgm1A_UD5C8MJ3YR"}"#)).unwrap();
    let query = [("unionId", "ogtgm1A_UD5C8MJ3YR")];
    assert_req(&req, Method::Get, "/v1/wx/wx1f7fbd28ac009cd0/user", &query, None, Replay::Safe, &WECHAT_USER);
    assert_reads(&req, "wechat.user.answer.json");
    assert_decode(&req, r#"{"openId":"o","status":"true"}"#, "status");
    assert_decode(&req, r#"{"subscribeTime":1577956711.5}"#, "subscribeTime");
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
