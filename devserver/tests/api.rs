//! HTTP-level tests of the 23 Open API endpoints of the guide, their limits and business
//! codes, and token checks. In-process (no sockets).

mod common;

use common::App;
use linkflow_devserver::time::{now_ms, parse_cst};
use linkflow_devserver::Config;
use serde_json::{json, Value};

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

const CONTACT_KEYS: [&str; 31] = [
    "id",
    "dateCreated",
    "lastUpdated",
    "ver",
    "anonymousId",
    "name",
    "nickname",
    "gender",
    "dateOfBirthday",
    "avatar",
    "profilePhoto",
    "mobilePhone",
    "homePhone",
    "email",
    "country",
    "state",
    "street",
    "city",
    "postalCode",
    "comments",
    "userName",
    "title",
    "website",
    "company",
    "industry",
    "department",
    "idCard",
    "utm",
    "props",
    "isAnonymous",
    "ver",
];

fn assert_contact_shape(c: &Value) {
    for k in CONTACT_KEYS {
        assert!(c.get(k).is_some(), "contact lacks {k}: {c}");
    }
    assert!(c["id"].is_u64());
    assert!(parse_cst(c["dateCreated"].as_str().unwrap()).is_some());
    assert!(parse_cst(c["lastUpdated"].as_str().unwrap()).is_some());
    assert!(c["props"].is_object());
    assert!(c["isAnonymous"].is_boolean());
}

async fn identify(app: &App, body: Value) -> Value {
    let r = app.send("POST", "/identifiers", body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

// ---------------------------------------------------------------- token

#[tokio::test]
async fn endpoint_get_token() {
    let app = App::empty().await;
    let r = app.raw("GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], None).await;
    assert_eq!(r.status, 200);
    let mut k = keys(&r.json);
    k.sort();
    assert_eq!(k, ["expiration", "token"]);
    let exp = parse_cst(r.json["expiration"].as_str().unwrap()).expect("yyyy-MM-dd HH:mm:ss");
    let ttl = exp - now_ms();
    assert!((7_195_000..=7_200_000).contains(&ttl), "expiration is now+7200s in UTC+8, got {ttl} ms");
    let tok = r.json["token"].as_str().unwrap();
    assert!(tok.len() >= 20 && tok.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)), "{tok}");
    // The token works.
    let ok = app.raw("GET", "/channels/meta/types", &[("X-OpenApi-Token", tok)], None).await;
    assert_eq!(ok.status, 200);
    // Wrong credentials.
    let bad = app.raw("GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "nope")], None).await;
    bad.assert_error(401, "B00401");
    let none = app.raw("GET", "/token", &[], None).await;
    none.assert_error(401, "B00401");
}

#[tokio::test]
async fn token_missing_unknown_or_expired_is_401() {
    let app = App::with(Config { token_ttl_secs: 1, ..Config::default() }).await;
    app.raw("GET", "/contacts", &[], None).await.assert_error(401, "B00401");
    app.raw("GET", "/contacts", &[("X-OpenApi-Token", "bm90LWEtdG9rZW4=")], None).await.assert_error(401, "B00401");
    assert_eq!(app.get("/contacts").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = app.get("/contacts").await;
    r.assert_error(401, "B00401");
    assert!(r.json["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn token_ttl_from_admin_applies_to_new_tokens() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"tokenTtlSecs": 1})).await;
    let r = app.raw("GET", "/demo/token", &[], None).await;
    assert_eq!(r.status, 200);
    let exp = parse_cst(r.json["expiration"].as_str().unwrap()).unwrap();
    assert!(exp - now_ms() <= 1000);
    let short = r.json["token"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.raw("GET", "/events/lite", &[("X-OpenApi-Token", &short)], None).await.assert_error(401, "B00401");
    // The token issued before the change still has its 2 hours.
    assert_eq!(app.get("/events/lite").await.status, 200);
}

// ---------------------------------------------------------------- contacts

#[tokio::test]
async fn endpoint_get_contacts() {
    let app = App::seeded(30, 1).await;
    let all = app.get("/contacts").await;
    assert_eq!(all.status, 200);
    assert_eq!(all.ids(), (1..=30).collect::<Vec<_>>(), "default size 200, ascending ids");
    assert_contact_shape(&all.json[0]);
    assert!(all.json[0]["utm"].is_object() || all.json[0]["utm"].is_null());
    let p = app.get("/contacts?page=1&size=10").await;
    assert_eq!(p.ids(), (11..=20).collect::<Vec<_>>());
    let g = app.get("/contacts?groupId=1").await;
    assert_eq!(g.ids(), (1..=30).filter(|i| i % 3 == 0).collect::<Vec<_>>(), "group 618潜在客户 = every 3rd");
    assert_eq!(app.get("/contacts?groupId=999").await.json, json!([]));
    // search: mobilePhone, email, name substrings
    let c7 = &all.json[6];
    let phone = c7["mobilePhone"].as_str().unwrap();
    let s = app.get(&format!("/contacts?search={}", &phone[3..])).await;
    assert_eq!(s.ids(), [7]);
    let s = app.get("/contacts?search=user000009%40example").await;
    assert_eq!(s.ids(), [9]);
    let name = all.json[1]["name"].as_str().unwrap().to_uppercase();
    let s = app.get(&format!("/contacts?search={}", name.replace(' ', "+"))).await;
    assert!(s.ids().contains(&2), "case-insensitive name match");
    app.get("/contacts?size=abc").await.assert_error(400, "B00400");
}

#[tokio::test]
async fn endpoint_post_identifiers_upserts() {
    let app = App::empty().await;
    let first = identify(
        &app,
        json!({
            "externalId": "u1234567",
            "channel": {"channelId": "example.com", "name": "example"},
            "name": "张三", "dateOfBirthday": "1988-10-02 00:00:00", "mobilePhone": "13912341234",
            "email": "zhangsan@example.com", "country": "中国", "city": "上海", "company": "ABC",
            "props": {"attr1": "单身", "attr2": 10000}
        }),
    )
    .await;
    assert_contact_shape(&first);
    assert_eq!(first["name"], "张三");
    assert_eq!(first["ver"], 1);
    assert_eq!(first["isAnonymous"], false);
    let id = first["id"].as_u64().unwrap();
    // Same (channelId, externalId): same contact, fields merged, ver bumped.
    let second = identify(
        &app,
        json!({"externalId": "u1234567", "channel": {"channelId": "example.com", "name": "Example Shop"},
               "email": "zs@example.com", "props": {"attr2": 20000, "attr3": "vip"}}),
    )
    .await;
    assert_eq!(second["id"].as_u64(), Some(id));
    assert_eq!(second["name"], "张三", "unsent fields kept");
    assert_eq!(second["email"], "zs@example.com");
    assert_eq!(second["props"], json!({"attr1": "单身", "attr2": 20000, "attr3": "vip"}));
    assert_eq!(second["ver"], 2);
    // channel.name renamed the channel (type UDC).
    let ids = app.get(&format!("/contacts/{id}/identities")).await;
    assert_eq!(ids.json[0]["channel"]["name"], "Example Shop");
    assert_eq!(ids.json[0]["channel"]["channelType"], "UDC");
    // Another externalId → another contact.
    let other = identify(&app, json!({"externalId": "u2", "channel": {"channelId": "example.com"}})).await;
    assert_ne!(other["id"].as_u64(), Some(id));
    // Required fields.
    app.send("POST", "/identifiers", json!({"channel": {"channelId": "example.com"}})).await.assert_error(400, "B00030");
    app.send("POST", "/identifiers", json!({"externalId": "x"})).await.assert_error(400, "B00030");
    app.send("POST", "/identifiers", json!({"externalId": "x", "channel": {"channelId": "c"}, "name": {"a": 1}}))
        .await
        .assert_error(400, "B00400");
    let bad = app.raw("POST", "/identifiers", &[("X-OpenApi-Token", &app.token)], Some("{not json".into())).await;
    bad.assert_error(400, "B00400");
}

#[tokio::test]
async fn endpoint_get_identifiers() {
    let app = App::empty().await;
    let c = identify(&app, json!({"externalId": "ext-1", "channel": {"channelId": "example.com"}, "name": "Ann"})).await;
    let r = app.get("/identifiers?externalId=ext-1&channelId=example.com").await;
    assert_eq!(r.status, 200);
    assert_contact_shape(&r.json);
    assert_eq!(r.json["id"], c["id"]);
    assert_eq!(r.json["openIds"], json!([]));
    assert!(r.json["identified"].is_string());
    // No event seen: `lastSeen` is left out; `lastTagged` is never answered (no tagging time is kept).
    assert!(r.json.get("lastSeen").is_none() && r.json.get("lastTagged").is_none(), "{}", r.json);
    let r = app.get("/identifiers?externalId=ext-1&channelId=example.com&channelType=UDC").await;
    assert_eq!(r.json["id"], c["id"]);
    app.get("/identifiers?externalId=ext-1&channelId=example.com&channelType=WECHAT").await.assert_error(404, "B00008");
    app.get("/identifiers?externalId=nobody&channelId=example.com").await.assert_error(404, "B00008");
    app.get("/identifiers?channelId=example.com").await.assert_error(400, "B00030");
}

#[tokio::test]
async fn endpoint_get_userfields() {
    let app = App::empty().await;
    let r = app.get("/contacts/meta/userfields").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!([{"id": 1, "type": "text", "name": "婚姻状态", "col": "attr1"},
               {"id": 2, "type": "number", "name": "薪水", "col": "attr2"}])
    );
}

#[tokio::test]
async fn endpoint_get_v2_properties() {
    let app = App::empty().await;
    let r = app.get("/v2/contacts/meta/properties").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!([{"label": "婚姻状态", "alias": "attr1", "dataType": "text", "id": 31},
               {"label": "薪水", "alias": "attr2", "dataType": "number", "id": 32}])
    );
}

#[tokio::test]
async fn endpoint_get_v2_contacts_exact_match() {
    let app = App::seeded(20, 0).await;
    let all = app.get("/contacts").await;
    let c4 = &all.json[3];
    let email = c4["email"].as_str().unwrap();
    let phone = c4["mobilePhone"].as_str().unwrap();
    let r = app.get(&format!("/v2/contacts?email={email}")).await;
    assert_eq!(r.ids(), [4]);
    assert!(r.json[0].get("openIds").is_none(), "openIds only with needOpenId=1");
    assert_eq!(app.get(&format!("/v2/contacts?mobilePhone={phone}")).await.ids(), [4]);
    assert_eq!(app.get(&format!("/v2/contacts?email={email}&mobilePhone={phone}")).await.ids(), [4]);
    assert_eq!(app.get(&format!("/v2/contacts?email={}", &email[1..])).await.json, json!([]), "exact, not substring");
    let c10 = &all.json[9];
    let r = app.get(&format!("/v2/contacts?email={}&needOpenId=1", c10["email"].as_str().unwrap())).await;
    assert_eq!(r.json[0]["openIds"], json!([{"channelId": "wx1f7fbd28ac009cd0", "channelName": "ALPHA", "openId": "oWX00000010"}]));
    // Neither email nor mobilePhone: 500 B00030.
    app.get("/v2/contacts").await.assert_error(500, "B00030");
    app.get("/v2/contacts?needOpenId=1&email=").await.assert_error(500, "B00030");
}

#[tokio::test]
async fn endpoint_get_v2_contacts_bulk_first_100_ids() {
    let app = App::seeded(150, 0).await;
    let ids: Vec<String> = (1..=150).rev().map(|i| i.to_string()).collect();
    let r = app.get(&format!("/v2/contacts_bulk?ids={}", ids.join(","))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.ids(), (51..=150).rev().collect::<Vec<_>>(), "only the first 100 ids are looked at");
    assert_contact_shape(&r.json[0]);
    // Unknown ids skipped; order as asked.
    let r = app.get("/v2/contacts_bulk?ids=3,99999,1").await;
    assert_eq!(r.ids(), [3, 1]);
    // Unknown ids count toward the 100: 100 unknown then a known one → nothing.
    let mut many: Vec<String> = (100_001..=100_100).map(|i| i.to_string()).collect();
    many.push("5".into());
    assert_eq!(app.get(&format!("/v2/contacts_bulk?ids={}", many.join(","))).await.json, json!([]));
    let r = app.get("/v2/contacts_bulk?ids=10,20&needOpenId=1").await;
    assert_eq!(r.json[0]["openIds"][0]["openId"], "oWX00000010");
    assert_eq!(r.json[1]["openIds"][0]["openId"], "oWX00000020");
    app.get("/v2/contacts_bulk").await.assert_error(500, "B00030");
}

#[tokio::test]
async fn endpoint_get_v2_contacts_bulk_ids() {
    let app = App::seeded(50, 0).await;
    let r = app.get("/v2/contacts_bulk/ids?page=0&size=10").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!((1..=10).collect::<Vec<u64>>()));
    let r = app.get("/v2/contacts_bulk/ids?page=2&size=10").await;
    assert_eq!(r.json, json!((21..=30).collect::<Vec<u64>>()));
    // page*size <= 10000 (the guide's rule, literally).
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=1&size=10000").await.status, 200);
    app.get("/v2/contacts_bulk/ids?page=1&size=10001").await.assert_error(500, "B00030");
    app.get("/v2/contacts_bulk/ids?page=101&size=100").await.assert_error(500, "B00030");
    app.get("/v2/contacts_bulk/ids?size=10").await.assert_error(500, "B00030");
    app.get("/v2/contacts_bulk/ids?page=0&size=5&minUpdateTime=yesterday").await.assert_error(500, "B00030");
    // The guide: datetime, e.g. 2018-01-01; anything else is the same 500 B00030.
    for bad in ["maxUpdateTime=2018-13-01", "maxUpdateTime=2018/01/01", "minUpdateTime=2018-01-01%2025:00:00"] {
        app.get(&format!("/v2/contacts_bulk/ids?page=0&size=5&{bad}")).await.assert_error(500, "B00030");
    }
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=0&size=5&maxUpdateTime=2018-01-01").await.status, 200);
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=0&size=5&maxUpdateTime=2018-01-01%2012:00:00").await.status, 200);
    // Update-time window against lastUpdated.
    let all = app.get("/contacts").await;
    let t = all.json[9]["lastUpdated"].as_str().unwrap().to_string();
    let tm = parse_cst(&t).unwrap();
    let want: Vec<u64> = all
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| parse_cst(c["lastUpdated"].as_str().unwrap()).unwrap() >= tm)
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    let r = app.get(&format!("/v2/contacts_bulk/ids?page=0&size=100&minUpdateTime={}", t.replace(' ', "%20"))).await;
    assert_eq!(r.json, json!(want));
    assert!(want.contains(&10));
    let r = app.get(&format!("/v2/contacts_bulk/ids?page=0&size=100&maxUpdateTime={}", t.replace(' ', "%20"))).await;
    let upto: Vec<u64> = r.json.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert!(upto.contains(&10));
    assert_eq!(upto.len() + want.len(), 51, "min and max are both inclusive: contact 10 counted twice");
    let r = app.get("/v2/contacts_bulk/ids?page=0&size=100&minUpdateTime=2023-01-01&maxUpdateTime=2030-01-01").await;
    assert_eq!(r.json.as_array().unwrap().len(), 50);
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=0&size=100&minUpdateTime=2030-01-01").await.json, json!([]));
}

#[tokio::test]
async fn endpoint_put_v2_contacts() {
    let app = App::seeded(5, 0).await;
    let before = app.get("/v2/contacts_bulk?ids=2").await.json[0].clone();
    let r =
        app.send("PUT", "/v2/contacts/2", json!({"id": 2, "name": "康熙", "gender": "male", "props": {"attr2": 42, "attr9": "x"}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_contact_shape(&r.json);
    assert_eq!(r.json["id"], 2);
    assert_eq!(r.json["name"], "康熙");
    assert_eq!(r.json["email"], before["email"], "unsent fields kept");
    assert_eq!(r.json["props"]["attr1"], before["props"]["attr1"], "props merged per key");
    assert_eq!(r.json["props"]["attr2"], 42);
    assert_eq!(r.json["props"]["attr9"], "x");
    assert_eq!(r.json["ver"].as_u64().unwrap(), before["ver"].as_u64().unwrap() + 1);
    let lu = parse_cst(r.json["lastUpdated"].as_str().unwrap()).unwrap();
    assert!(now_ms() - lu < 5_000, "lastUpdated bumped to now");
    let again = app.get("/v2/contacts_bulk?ids=2").await;
    assert_eq!(again.json[0]["name"], "康熙");
    app.send("PUT", "/v2/contacts/99999", json!({"name": "x"})).await.assert_error(404, "B00008");
    app.send("PUT", "/v2/contacts/abc", json!({"name": "x"})).await.assert_error(404, "B00008");
}

#[tokio::test]
async fn endpoint_get_wx_user() {
    let app = App::seeded(20, 0).await;
    let r = app.get("/v1/wx/wx1f7fbd28ac009cd0/user?unionId=UN00000010").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["openId"], "oWX00000010");
    assert_eq!(r.json["unionId"], "UN00000010");
    assert_eq!(r.json["status"], true);
    assert!(r.json["subscribeTime"].is_i64());
    let mut k = keys(&r.json);
    k.sort();
    assert_eq!(k, ["openId", "status", "subscribeTime", "unionId"]);
    app.get("/v1/wx/wx1f7fbd28ac009cd0/user?unionId=nope").await.assert_error(404, "B00008");
    app.get("/v1/wx/wxother/user?unionId=UN00000010").await.assert_error(404, "B00008");
    // Identify with weChatInfo makes one too.
    identify(
        &app,
        json!({"externalId": "u-wx", "channel": {"channelId": "example.com"},
               "weChatInfo": {"appId": "wxabc", "appName": "Shop", "openId": "o-123", "unionId": "un-123"}}),
    )
    .await;
    let r = app.get("/v1/wx/wxabc/user?unionId=un-123").await;
    assert_eq!(r.json["openId"], "o-123");
}

// ---------------------------------------------------------------- channels

#[tokio::test]
async fn endpoint_post_udc() {
    let app = App::empty().await;
    let r = app.send("POST", "/udc", json!({"name": "UDC A"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut k = keys(&r.json);
    k.sort();
    assert_eq!(k, ["channelId", "channelType", "dateCreated", "id", "lastUpdated", "name"]);
    let cid = r.json["channelId"].as_str().unwrap();
    assert!(cid.starts_with("udc_") && cid.len() == 14 && cid[4..].chars().all(|c| c.is_ascii_alphanumeric()), "{cid}");
    assert_eq!(r.json["channelType"], "UDC");
    let r2 = app.send("POST", "/udc", json!({"name": "UDC B", "channelId": "udc_123"})).await;
    assert_eq!(r2.json["channelId"], "udc_123");
    assert_ne!(r2.json["id"], r.json["id"]);
    app.send("POST", "/udc", json!({"channelId": "udc_9"})).await.assert_error(400, "B00030");
}

#[tokio::test]
async fn endpoint_get_channel_types() {
    let app = App::empty().await;
    let r = app.get("/channels/meta/types").await;
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 24);
    assert_eq!(list[0], json!({"channelType": "LINK_FLOW", "channelTypeName": "联否"}));
    assert_eq!(list[1], json!({"channelType": "WECHAT", "channelTypeName": "微信"}));
    assert_eq!(list[23], json!({"channelType": "UDC", "channelTypeName": "user_defined_channel"}));
}

#[tokio::test]
async fn endpoint_get_contact_identities() {
    let app = App::seeded(10, 0).await;
    let r = app.get("/contacts/10/identities").await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let udc = &list[0];
    for k in ["dateCreated", "lastUpdated", "ver", "id", "contactId", "channelId", "isActive", "externalId", "channel"] {
        assert!(udc.get(k).is_some(), "identity lacks {k}");
    }
    assert_eq!(udc["contactId"], 10);
    assert_eq!(udc["externalId"], "u000010");
    assert!(udc["channelId"].is_u64(), "identity channelId is the numeric channel id");
    assert_eq!(udc["channel"]["id"], udc["channelId"]);
    assert_eq!(udc["channel"]["channelId"], "example.com");
    assert_eq!(udc["channel"]["channelType"], "UDC");
    assert_eq!(udc["channel"]["status"], "ACTIVE");
    assert_eq!(list[1]["channel"]["channelType"], "WECHAT");
    assert_eq!(list[1]["externalId"], "oWX00000010");
    app.get("/contacts/999/identities").await.assert_error(404, "B00008");
}

// ---------------------------------------------------------------- events

#[tokio::test]
async fn endpoint_post_ude_attaches_to_identify_contact() {
    let app = App::empty().await;
    let c = identify(&app, json!({"externalId": "abc123", "channel": {"channelId": "example.com"}, "name": "Bo"})).await;
    let cid = c["id"].as_u64().unwrap();
    let r = app
        .send(
            "POST",
            "/ude",
            json!({"event": "UDE_1MG2I6HGJ", "channelId": "example.com", "externalId": "abc123",
                   "eventDate": 1509180345000i64, "attr1": "DD1232", "attr2": "200.00",
                   "items": [{"event": "UDE_SUBITEM", "attr1": "item1"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for (k, v) in [
        ("externalId", json!("abc123")),
        ("channelId", json!("example.com")),
        ("event", json!("UDE_1MG2I6HGJ")),
        ("channelType", json!("UDC")),
        ("eventDate", json!(1509180345000i64)),
        ("attr1", json!("DD1232")),
        ("attr2", json!("200.00")),
        ("ver", json!(1)),
    ] {
        assert_eq!(r.json[k], v, "{k}");
    }
    let eid = r.json["id"].as_u64().unwrap();
    assert!(parse_cst(r.json["dateCreated"].as_str().unwrap()).is_some());
    assert!(parse_cst(r.json["lastUpdated"].as_str().unwrap()).is_some());
    let evs = app.get(&format!("/contacts/{cid}/events")).await;
    assert_eq!(evs.ids(), [eid], "the event is on the identify contact");
    assert_eq!(evs.json[0]["contactId"].as_u64(), Some(cid));
    assert_eq!(evs.json[0]["attr1"], "DD1232");
    assert_eq!(evs.json[0]["channelId"], "example.com");
    // eventDate defaults to now; a new pair creates the contact.
    let r = app.send("POST", "/ude", json!({"event": "UDE_X", "channelId": "example.com", "externalId": "new-one"})).await;
    assert!((now_ms() - r.json["eventDate"].as_i64().unwrap()).abs() < 5_000);
    let found = app.get("/identifiers?externalId=new-one&channelId=example.com").await;
    assert_eq!(found.status, 200);
    // Required fields.
    app.send("POST", "/ude", json!({"channelId": "example.com", "externalId": "abc123"})).await.assert_error(400, "B00030");
    app.send("POST", "/ude", json!({"event": "E", "externalId": "abc123"})).await.assert_error(400, "B00030");
    app.send("POST", "/ude", json!({"event": "E", "channelId": "example.com"})).await.assert_error(400, "B00030");
}

#[tokio::test]
async fn endpoint_get_contact_events() {
    let app = App::seeded(5, 6).await;
    let r = app.get("/contacts/2/events").await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 6);
    let dates: Vec<i64> = list.iter().map(|e| e["eventDate"].as_i64().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    for e in list {
        assert_eq!(e["contactId"], 2);
        for k in ["dateCreated", "lastUpdated", "ver", "id", "eventDate", "channelId", "channelName", "event", "contactId"] {
            assert!(e.get(k).is_some(), "event lacks {k}");
        }
    }
    let pv = list.iter().find(|e| e["event"] == "WEBSITE__PAGE_VIEW").expect("a page view");
    assert_eq!(pv["sdkType"], "JS SDK");
    assert!(pv["attr2"].as_str().unwrap().starts_with("https://example.com"));
    let p = app.get("/contacts/2/events?page=1&size=4").await;
    assert_eq!(p.ids(), r.ids()[4..].to_vec());
    app.get("/contacts/77/events").await.assert_error(404, "B00008");
}

#[tokio::test]
async fn endpoint_get_events_lite_cursor() {
    let app = App::seeded(10, 3).await;
    let all = app.get("/events/lite").await;
    assert_eq!(all.ids(), (1..=30).collect::<Vec<_>>(), "lastMaxId 0, size 200 by default, ascending ids");
    let mut seen = Vec::new();
    let mut last = 0;
    loop {
        let page = app.get(&format!("/events/lite?lastMaxId={last}&size=7")).await;
        let ids = page.ids();
        if ids.is_empty() {
            break;
        }
        assert!(ids.len() <= 7);
        assert!(ids.iter().all(|&i| i > last), "only ids > lastMaxId");
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ascending");
        last = *ids.last().unwrap();
        seen.extend(ids);
    }
    assert_eq!(seen, (1..=30).collect::<Vec<_>>());
    assert_eq!(app.get("/events/lite?lastMaxId=28").await.ids(), [29, 30]);
    assert_eq!(app.get("/events/lite?lastMaxId=1000").await.json, json!([]));
}

// ---------------------------------------------------------------- groups

#[tokio::test]
async fn endpoint_get_v2_groups_filters() {
    let app = App::seeded(10, 0).await;
    let all = app.get("/v2/groups").await;
    assert_eq!(all.ids(), [1, 2, 3, 4]);
    let g = &all.json[0];
    for k in ["lastUpdated", "groupType", "dateCreated", "name", "id"] {
        assert!(g.get(k).is_some(), "group lacks {k}");
    }
    assert_eq!(app.get("/v2/groups?name=潜在").await.ids(), [1]);
    assert_eq!(app.get("/v2/groups?groupType=dynamic").await.ids(), [4]);
    assert_eq!(app.get("/v2/groups?groupType=static").await.ids(), [1, 2, 3]);
    assert_eq!(app.get("/v2/groups?id=2").await.ids(), [2]);
    assert_eq!(app.get("/v2/groups?ext1=wx1f7fbd28ac009cd0&ext2=100").await.ids(), [3]);
    assert_eq!(app.get("/v2/groups?ext2=nope").await.ids(), Vec::<u64>::new());
    assert_eq!(app.get("/v2/groups?lastUpdated=2024-01-02").await.ids(), [2, 3, 4]);
    assert_eq!(app.get("/v2/groups?lastUpdated=2030-01-01").await.ids(), Vec::<u64>::new());
}

#[tokio::test]
async fn endpoint_post_v2_groups() {
    let app = App::seeded(3, 0).await;
    let r = app.send("POST", "/v2/groups", json!({"name": "this-is-group-name", "ext1": "wechatappid", "ext2": "wechattagid"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["groupType"], "static");
    assert_eq!(r.json["name"], "this-is-group-name");
    assert_eq!(r.json["id"], 5);
    assert!(parse_cst(r.json["dateCreated"].as_str().unwrap()).is_some());
    assert_eq!(app.get("/v2/groups?ext1=wechatappid").await.ids(), [5]);
    // Duplicate name: 400 B00001.
    app.send("POST", "/v2/groups", json!({"name": "this-is-group-name"})).await.assert_error(400, "B00001");
    app.send("POST", "/v2/groups", json!({"groupType": "static"})).await.assert_error(400, "B00030");
    app.send("POST", "/v2/groups", json!({"name": "dyn", "groupType": "dynamic"})).await.assert_error(400, "B00030");
    // Group cap: 412 B00157.
    app.admin("/__admin/faults", json!({"groupCap": 6})).await;
    assert_eq!(app.send("POST", "/v2/groups", json!({"name": "sixth"})).await.status, 200);
    app.send("POST", "/v2/groups", json!({"name": "seventh"})).await.assert_error(412, "B00157");
}

#[tokio::test]
async fn group_cap_default_is_100() {
    let app = App::empty().await;
    for i in 0..100 {
        assert_eq!(app.send("POST", "/v2/groups", json!({"name": format!("g{i}")})).await.status, 200);
    }
    app.send("POST", "/v2/groups", json!({"name": "g100"})).await.assert_error(412, "B00157");
}

#[tokio::test]
async fn endpoint_get_v2_contact_groups() {
    let app = App::seeded(30, 0).await;
    let r = app.get("/v2/contacts/30/groups").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.ids(), [1, 3, 4], "30: every 3rd, every 10th, every 5th; not every 7th");
    assert_eq!(app.get("/v2/contacts/30/groups?groupType=static").await.ids(), [1, 3]);
    assert_eq!(app.get("/v2/contacts/1/groups").await.ids(), Vec::<u64>::new());
    app.get("/v2/contacts/31/groups").await.assert_error(404, "B00008");
}

#[tokio::test]
async fn endpoint_get_v2_group_contacts_member_cursor() {
    let app = App::seeded(60, 0).await;
    let mut all = Vec::new();
    let mut cursor = 0u64;
    loop {
        let r = app.get(&format!("/v2/groups/1/contacts?memberId={cursor}&size=7")).await;
        assert_eq!(r.status, 200);
        let rows = r.json.as_array().unwrap().clone();
        if rows.is_empty() {
            break;
        }
        assert!(rows.len() <= 7);
        for row in &rows {
            let mid = row["memberId"].as_u64().unwrap();
            assert!(mid > cursor, "memberId cursor is exclusive, ascending");
            cursor = mid;
            all.push(row["contact"]["id"].as_u64().unwrap());
        }
    }
    assert_eq!(all, (3..=60).step_by(3).collect::<Vec<_>>());
    let r = app.get("/v2/groups/1/contacts").await;
    assert_eq!(r.json.as_array().unwrap().len(), 20, "default size 500");
    let row = &r.json[0];
    let mut k = keys(row);
    k.sort();
    assert_eq!(k, ["contact", "contactGroupId", "dateCreated", "lastUpdated", "memberId", "version"]);
    let mut ck = keys(&row["contact"]);
    ck.sort();
    assert_eq!(ck, ["email", "id", "mobilePhone", "name"]);
    assert_eq!(row["contactGroupId"], 1);
    assert!(row["version"].is_null());
    assert_eq!(app.get("/v2/groups/1/contacts?size=500").await.status, 200);
    app.get("/v2/groups/1/contacts?size=501").await.assert_error(400, "B00031");
    app.get("/v2/groups/99/contacts").await.assert_error(404, "B00008");
}

#[tokio::test]
async fn endpoint_post_v2_group_contacts() {
    let app = App::seeded(5, 0).await;
    let g = app.send("POST", "/v2/groups", json!({"name": "双11vip客户-2"})).await;
    let gid = g.json["id"].as_u64().unwrap();
    let r = app.send("POST", &format!("/v2/groups/{gid}/contacts"), json!([1, 2, 99999])).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["success"], json!([1, 2]));
    assert_eq!(r.json["failure"], json!([99999]));
    assert_eq!(r.json["group"]["id"].as_u64(), Some(gid));
    assert_eq!(r.json["group"]["name"], "双11vip客户-2");
    let members = app.get(&format!("/v2/groups/{gid}/contacts")).await;
    let ids: Vec<u64> = members.json.as_array().unwrap().iter().map(|m| m["contact"]["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 2]);
    // Adding again keeps one row each.
    app.send("POST", &format!("/v2/groups/{gid}/contacts"), json!([1])).await;
    assert_eq!(app.get(&format!("/v2/groups/{gid}/contacts")).await.json.as_array().unwrap().len(), 2);
    assert_eq!(app.get(&format!("/contacts?groupId={gid}")).await.ids(), [1, 2]);
    let too_many: Vec<u64> = (1..=501).collect();
    app.send("POST", &format!("/v2/groups/{gid}/contacts"), json!(too_many)).await.assert_error(400, "B00031");
    let just_enough: Vec<u64> = (1..=500).collect();
    assert_eq!(app.send("POST", &format!("/v2/groups/{gid}/contacts"), json!(just_enough)).await.status, 200);
    app.send("POST", "/v2/groups/999/contacts", json!([1])).await.assert_error(404, "B00008");
}

#[tokio::test]
async fn endpoint_delete_v2_group_contacts() {
    let app = App::seeded(5, 0).await;
    let gid = app.send("POST", "/v2/groups", json!({"name": "tmp"})).await.json["id"].as_u64().unwrap();
    app.send("POST", &format!("/v2/groups/{gid}/contacts"), json!([1, 2, 3])).await;
    let r = app.send("DELETE", &format!("/v2/groups/{gid}/contacts"), json!([1, 3, 424242])).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["success"], json!([1, 3]));
    assert_eq!(r.json["failure"], json!([424242]));
    assert_eq!(r.json["group"]["id"].as_u64(), Some(gid));
    let members = app.get(&format!("/v2/groups/{gid}/contacts")).await;
    assert_eq!(members.json.as_array().unwrap().len(), 1);
    assert_eq!(members.json[0]["contact"]["id"], 2);
    let too_many: Vec<u64> = (1..=501).collect();
    app.send("DELETE", &format!("/v2/groups/{gid}/contacts"), json!(too_many)).await.assert_error(400, "B00031");
    app.send("DELETE", "/v2/groups/999/contacts", json!([1])).await.assert_error(404, "B00008");
}

#[tokio::test]
async fn unknown_route_and_method_answer_json() {
    let app = App::empty().await;
    app.get("/nope").await.assert_error(404, "B00404");
    app.send("PATCH", "/contacts", json!({})).await.assert_error(405, "B00405");
}
