//! Tests of the `corrupt` fault: 2xx answers with broken bodies (truncated, not JSON,
//! wrong-typed, the guide's own broken example), from the admin API and the CLI flags.

mod common;

use common::{http, App};
use linkflow_devserver::faults::{Corrupt, GUIDE_BROKEN_CONTACT, NON_JSON_BODY};
use linkflow_devserver::{serve, Config};
use serde_json::{json, Value};

#[tokio::test]
async fn corrupt_truncate_cuts_the_real_body_in_half() {
    let app = App::empty().await;
    let whole = app.get("/contacts/meta/userfields").await;
    assert_eq!(whole.status, 200);
    assert!(whole.json.is_array());
    let set = app.admin("/__admin/faults", json!({"corrupt": "truncate"})).await;
    assert_eq!(set.json["corrupt"], "truncate");
    assert_eq!(set.json["corruptRate"], 1.0);
    let cut = app.get("/contacts/meta/userfields").await;
    assert_eq!(cut.status, 200, "the status stays");
    assert_eq!(cut.header("content-type"), Some("application/json"));
    assert!(!cut.text.is_empty());
    assert!(whole.text.starts_with(&cut.text), "{} is not a prefix of {}", cut.text, whole.text);
    assert!(cut.text.len() <= whole.text.len() / 2 && cut.text.len() + 4 > whole.text.len() / 2);
    assert!(serde_json::from_str::<Value>(&cut.text).is_err(), "not JSON any more: {}", cut.text);
}

#[tokio::test]
async fn corrupt_truncate_keeps_utf8_whole() {
    let (cut, _) = Corrupt::Truncate.apply("[\"张三\"]".as_bytes());
    assert_eq!(String::from_utf8(cut).unwrap(), "[\"张");
    assert!(Corrupt::Truncate.apply(b"").0.is_empty());
}

#[tokio::test]
async fn corrupt_nonjson_answers_a_proxy_html_page() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"corrupt": "nonjson"})).await;
    let r = app.get("/channels/meta/types").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(r.text, NON_JSON_BODY);
    assert!(r.text.contains("502 Bad Gateway"));
}

#[tokio::test]
async fn corrupt_wrongtype_turns_numbers_and_booleans_into_strings() {
    let app = App::seeded(3, 1).await;
    let plain = app.get("/contacts").await;
    assert!(plain.json[0]["id"].is_u64());
    app.admin("/__admin/faults", json!({"corrupt": "wrongtype"})).await;
    let r = app.get("/contacts").await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().expect("still a JSON array");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["id"], json!(plain.json[0]["id"].as_u64().unwrap().to_string()));
    assert_eq!(list[0]["ver"], json!(plain.json[0]["ver"].as_u64().unwrap().to_string()));
    assert_eq!(list[0]["isAnonymous"], json!("false"));
    assert_eq!(list[0]["name"], plain.json[0]["name"], "strings stay");
    let ids = app.get("/v2/contacts_bulk/ids?page=0&size=10").await;
    assert_eq!(ids.json, json!(["1", "2", "3"]));
    // Nested: props values, null stays null.
    let mut v = json!({"a": [1, 2.5, true, null, {"b": false}], "c": "x"});
    let (out, ct) = Corrupt::WrongType.apply(v.to_string().as_bytes());
    assert!(ct.is_none());
    v = serde_json::from_slice(&out).unwrap();
    assert_eq!(v, json!({"a": ["1", "2.5", "true", null, {"b": "false"}], "c": "x"}));
}

#[tokio::test]
async fn corrupt_guide_answers_the_guides_broken_example() {
    let app = App::seeded(1, 0).await;
    app.admin("/__admin/faults", json!({"corrupt": "guide", "paths": ["/v2/contacts/"]})).await;
    let r = app.send("PUT", "/v2/contacts/1", json!({"nickname": "zs"})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, GUIDE_BROKEN_CONTACT);
    assert!(r.text.contains("\"nickname\": ,"));
    assert!(serde_json::from_str::<Value>(&r.text).is_err());
    // The update itself was made: only the answer is broken.
    app.admin("/__admin/faults", json!({"corrupt": null})).await;
    let c = app.get("/v2/contacts_bulk?ids=1").await;
    assert_eq!(c.json[0]["nickname"], "zs");
    // Outside `paths` (still ["/v2/contacts/"]): untouched.
    app.admin("/__admin/faults", json!({"corrupt": "guide"})).await;
    assert!(app.get("/contacts/meta/userfields").await.json.is_array());
    assert_eq!(app.get("/v2/contacts/meta/properties").await.text, GUIDE_BROKEN_CONTACT);
}

#[tokio::test]
async fn corrupt_leaves_error_answers_alone_and_creates_still_act() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"corrupt": "truncate"})).await;
    let r = app.raw("GET", "/contacts", &[], None).await;
    r.assert_error(401, "B00401");
    let r = app.send("POST", "/ude", json!({"event": "UDE_X", "channelId": "example.com", "externalId": "u1"})).await;
    assert_eq!(r.status, 200);
    assert!(r.json.is_null(), "broken: {}", r.text);
    let stats = app.raw("GET", "/__admin/stats", &[], None).await;
    assert_eq!(stats.json["store"]["events"], 1, "the event was created before the answer broke");
    assert_eq!(stats.json["faultsCorrupted"], 1);
}

#[tokio::test]
async fn corrupt_rate_and_admin_validation() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"corrupt": "nonjson", "corruptRate": 0.5})).await;
    let mut broken = 0;
    for _ in 0..200 {
        if app.get("/channels/meta/types").await.json.is_null() {
            broken += 1;
        }
    }
    assert!((50..=150).contains(&broken), "{broken} of 200");
    app.raw("POST", "/__admin/faults", &[], Some(r#"{"corrupt": "bogus"}"#.into())).await.assert_error(400, "B00400");
    app.raw("POST", "/__admin/faults", &[], Some(r#"{"corrupt": 1}"#.into())).await.assert_error(400, "B00400");
    app.raw("POST", "/__admin/faults", &[], Some(r#"{"corruptRate": 2}"#.into())).await.assert_error(400, "B00400");
    let off = app.admin("/__admin/faults", json!({"corrupt": null, "corruptRate": null})).await;
    assert_eq!(off.json["corrupt"], Value::Null);
    assert_eq!(off.json["corruptRate"], 1.0);
    assert!(app.get("/channels/meta/types").await.json.is_array());
    // reset: back to the startup flags.
    app.admin("/__admin/faults", json!({"corrupt": "guide"})).await;
    let r = app.admin("/__admin/faults", json!({"reset": true})).await;
    assert_eq!(r.json["corrupt"], Value::Null);
}

#[tokio::test]
async fn corrupt_from_config_over_a_real_socket_with_a_right_content_length() {
    let mut cfg = Config { port: 0, ..Config::default() };
    cfg.faults.corrupt = Some(Corrupt::Truncate);
    cfg.faults.paths = Some(vec!["/token".into()]);
    let server = serve(cfg).await.unwrap();
    let (status, head, body) =
        http(server.addr(), "GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], "").await.unwrap();
    assert_eq!(status, 200);
    let len: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
        .expect("a Content-Length");
    assert_eq!(len, body.len(), "{head}\n\n{body}");
    assert!(body.starts_with("{\"expiration\":") || body.starts_with("{\"token\":"), "{body}");
    assert!(serde_json::from_str::<Value>(&body).is_err());
    server.shutdown().await;
}

#[tokio::test]
async fn stalled_request_is_handled_even_when_the_client_hangs_up() {
    use tokio::io::AsyncWriteExt;
    let server = serve(Config { port: 0, ..Config::default() }).await.unwrap();
    let addr = server.addr();
    let (_, _, body) =
        http(addr, "GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], "").await.unwrap();
    let token = serde_json::from_str::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    http(addr, "POST", "/__admin/faults", &[], r#"{"stallMs": 300, "paths": ["/ude"]}"#).await.unwrap();
    let payload = r#"{"event":"UDE_X","channelId":"example.com","externalId":"u1"}"#;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /ude HTTP/1.1\r\nHost: {addr}\r\nX-OpenApi-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
        payload.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    drop(s); // the client gives up during the stall
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (_, _, body) = http(addr, "GET", "/__admin/stats", &[], "").await.unwrap();
    let stats: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stats["faultsStalled"], 1);
    assert_eq!(stats["store"]["events"], 1, "the create acted although nobody waited for its answer");
    server.shutdown().await;
}
