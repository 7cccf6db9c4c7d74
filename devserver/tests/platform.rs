//! Tests of everything around the Open API: CORS, fault injection, the admin API and its
//! loopback rule, `/demo/token`, the tracker collector, static files, real sockets
//! (dropped connections) and the binary itself.

mod common;

use std::time::{Duration, Instant};

use common::{http, App};
use linkflow_devserver::{serve, Config};
use serde_json::{json, Value};

// ---------------------------------------------------------------- CORS

#[tokio::test]
async fn cors_preflight_allows_browser_callers() {
    let app = App::empty().await;
    for path in ["/contacts", "/v2/groups/1/contacts", "/token", "/api/sdk/v2/batch_messages?token=wk"] {
        let r = app
            .raw(
                "OPTIONS",
                path,
                &[
                    ("Origin", "http://localhost:5173"),
                    ("Access-Control-Request-Method", "DELETE"),
                    ("Access-Control-Request-Headers", "x-openapi-token,content-type"),
                ],
                None,
            )
            .await;
        assert!(r.status == 200 || r.status == 204, "{path}: {}", r.status);
        assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:5173"), "{path}");
        let methods = r.header("access-control-allow-methods").unwrap().to_ascii_uppercase();
        for m in ["GET", "POST", "PUT", "DELETE", "OPTIONS"] {
            assert!(methods.contains(m), "{path}: {methods}");
        }
        let headers = r.header("access-control-allow-headers").unwrap().to_ascii_lowercase();
        for h in ["x-openapi-token", "x-openapi-key", "x-openapi-secret", "content-type"] {
            assert!(headers.contains(h), "{path}: {headers}");
        }
    }
    // Actual answers (errors too) carry the origin and expose Retry-After.
    let r = app.raw("GET", "/contacts", &[("Origin", "https://shop.example")], None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://shop.example"));
    assert!(r.header("access-control-expose-headers").unwrap().to_ascii_lowercase().contains("retry-after"));
}

// ---------------------------------------------------------------- faults

#[tokio::test]
async fn fault_fail_rate_one_answers_status_with_retry_after() {
    let app = App::empty().await;
    let set = app.admin("/__admin/faults", json!({"failRate": 1.0, "failStatus": 503, "retryAfterSecs": 7})).await;
    assert_eq!(set.json["failRate"], 1.0);
    let r = app.get("/contacts").await;
    r.assert_error(503, "FAULT");
    assert_eq!(r.header("retry-after"), Some("7"));
    // /token too, but never /__admin.
    assert_eq!(app.raw("GET", "/token", &[], None).await.status, 503);
    assert_eq!(app.raw("GET", "/__admin/stats", &[], None).await.status, 200);
    // 429 without Retry-After.
    app.admin("/__admin/faults", json!({"failStatus": 429, "retryAfterSecs": null})).await;
    let r = app.get("/contacts").await;
    r.assert_error(429, "FAULT");
    assert!(r.header("retry-after").is_none());
    // Only some paths.
    app.admin("/__admin/faults", json!({"failStatus": 503, "paths": ["/events"]})).await;
    assert_eq!(app.get("/contacts").await.status, 200);
    assert_eq!(app.get("/events/lite").await.status, 503);
    // Off again.
    app.admin("/__admin/faults", json!({"reset": true})).await;
    assert_eq!(app.get("/events/lite").await.status, 200);
    let stats = app.raw("GET", "/__admin/stats", &[], None).await;
    assert_eq!(stats.json["faultsFailed"], 4);
}

#[tokio::test]
async fn fault_fail_rate_from_config_flags() {
    let mut cfg = Config::default();
    cfg.faults.fail_rate = 1.0;
    cfg.faults.retry_after_secs = Some(1);
    cfg.faults.paths = Some(vec!["/contacts".into()]);
    let app = App::with(cfg).await;
    let r = app.get("/contacts").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn fault_fail_rate_half_fails_some() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"failRate": 0.5})).await;
    let mut failed = 0;
    for _ in 0..200 {
        if app.get("/channels/meta/types").await.status == 503 {
            failed += 1;
        }
    }
    assert!((50..=150).contains(&failed), "{failed} of 200");
}

#[tokio::test]
async fn fault_latency_and_stall_delay_answers() {
    let app = App::empty().await;
    app.admin("/__admin/faults", json!({"latencyMs": 250})).await;
    let t = Instant::now();
    assert_eq!(app.get("/channels/meta/types").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(250), "{:?}", t.elapsed());
    let t = Instant::now();
    assert_eq!(app.raw("GET", "/__admin/faults", &[], None).await.status, 200);
    assert!(t.elapsed() < Duration::from_millis(200), "admin is never delayed");
    app.admin("/__admin/faults", json!({"latencyMs": 0, "stallMs": 300})).await;
    let t = Instant::now();
    assert_eq!(app.get("/channels/meta/types").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    app.raw("POST", "/__admin/faults", &[], Some(r#"{"bogus": 1}"#.into())).await.assert_error(400, "B00400");
    app.raw("POST", "/__admin/faults", &[], Some(r#"{"failRate": 3}"#.into())).await.assert_error(400, "B00400");
}

#[tokio::test]
async fn fault_drop_closes_connection_without_answer() {
    let server = serve(Config { port: 0, ..Config::default() }).await.unwrap();
    let addr = server.addr();
    let (status, _, _) = http(addr, "POST", "/__admin/faults", &[], r#"{"dropRate":1,"paths":["/token"]}"#).await.unwrap();
    assert_eq!(status, 200);
    let dropped = http(addr, "GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], "").await;
    assert!(dropped.is_err(), "expected a dropped connection, got {dropped:?}");
    // Other paths and the admin API still answer.
    let (status, _, body) = http(addr, "GET", "/__admin/stats", &[], "").await.unwrap();
    assert_eq!(status, 200);
    let stats: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stats["faultsDropped"], 1);
    assert_eq!(http(addr, "GET", "/contacts", &[], "").await.unwrap().0, 401);
    server.shutdown().await;
}

// ---------------------------------------------------------------- admin

#[tokio::test]
async fn admin_and_demo_token_require_loopback_peer() {
    let app = App::empty().await;
    let far = "10.1.2.3:40000";
    app.raw_from(far, "GET", "/__admin/stats", &[], None).await.assert_error(403, "B00403");
    app.raw_from(far, "POST", "/__admin/faults", &[], Some("{}".into())).await.assert_error(403, "B00403");
    app.raw_from(far, "POST", "/__admin/reset", &[], None).await.assert_error(403, "B00403");
    app.raw_from(far, "GET", "/demo/token", &[], None).await.assert_error(403, "B00403");
    assert_eq!(app.raw_from("[::1]:4000", "GET", "/__admin/stats", &[], None).await.status, 200);
    assert_eq!(app.raw_from("127.0.0.9:4000", "GET", "/demo/token", &[], None).await.status, 200);
    // The Open API itself answers anyone with a token.
    let r = app.raw_from(far, "GET", "/channels/meta/types", &[("X-OpenApi-Token", &app.token)], None).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn endpoint_get_demo_token() {
    let app = App::empty().await;
    let r = app.raw("GET", "/demo/token", &[], None).await;
    assert_eq!(r.status, 200);
    assert!(r.json["expiration"].is_string());
    let tok = r.json["token"].as_str().unwrap();
    assert_eq!(app.raw("GET", "/events/lite", &[("X-OpenApi-Token", tok)], None).await.status, 200);
}

#[tokio::test]
async fn admin_stats_count_requests_per_route() {
    let app = App::seeded(3, 1).await;
    app.get("/contacts").await;
    app.get("/contacts").await;
    app.get("/contacts/1/events").await;
    app.get("/contacts/2/events").await;
    let s = app.raw("GET", "/__admin/stats", &[], None).await;
    assert_eq!(s.json["requests"]["/contacts"], 2);
    assert_eq!(s.json["requests"]["/contacts/{id}/events"], 2);
    assert_eq!(s.json["requests"]["/token"], 1);
    assert_eq!(s.json["tokensIssued"], 1);
    assert_eq!(s.json["store"]["contacts"], 3);
    assert_eq!(s.json["store"]["events"], 3);
    for k in ["collectorAccepted", "collectorDuplicates", "collectorBatches", "requestsTotal"] {
        assert!(s.json[k].is_u64(), "{k}");
    }
}

#[tokio::test]
async fn admin_reset_restores_seeded_state() {
    let app = App::seeded(10, 2).await;
    app.send("POST", "/identifiers", json!({"externalId": "new", "channel": {"channelId": "example.com"}})).await;
    app.send("PUT", "/v2/contacts/1", json!({"name": "changed"})).await;
    app.admin("/__admin/faults", json!({"latencyMs": 5})).await;
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=0&size=100").await.json.as_array().unwrap().len(), 11);
    let r = app.admin("/__admin/reset", json!({})).await;
    assert_eq!(r.json["contacts"], 10);
    assert_eq!(r.json["events"], 20);
    assert_ne!(app.get("/v2/contacts_bulk?ids=1").await.json[0]["name"], "changed");
    assert_eq!(app.get("/v2/contacts_bulk/ids?page=0&size=100").await.json.as_array().unwrap().len(), 10);
    assert_eq!(app.raw("GET", "/__admin/faults", &[], None).await.json["latencyMs"], 0, "faults back to flags");
    let r = app.admin("/__admin/reset", json!({"empty": true})).await;
    assert_eq!(r.json["contacts"], 0);
    assert_eq!(app.get("/contacts").await.json, json!([]), "the old token still works");
    let r = app.admin("/__admin/reset", json!({"seed": 4, "eventsPerContact": 1})).await;
    assert_eq!((r.json["contacts"].as_u64(), r.json["events"].as_u64()), (Some(4), Some(4)));
    // No body at all is fine too.
    assert_eq!(app.raw("POST", "/__admin/reset", &[], None).await.status, 200);
}

// ---------------------------------------------------------------- collector

fn batch(anon: &str, ext: Option<(&str, &str)>, messages: Value) -> String {
    let mut identities = vec![json!({"type": "anonymousId", "id": anon})];
    if let Some((id, ch)) = ext {
        identities.push(json!({"type": "externalId", "id": id, "channelId": ch}));
    }
    json!({
        "client_id": anon, "request_id": "r-1", "write_key": "wk", "send_ts": 1_700_000_000_000i64,
        "sdk_type": "JS SDK", "sdk_version": "0.1.0", "identities": identities, "messages": messages
    })
    .to_string()
}

fn page_view(id: &str, title: &str) -> Value {
    json!({"message_id": id, "domain": "event", "action": "track", "ts": 1_700_000_000_000i64,
           "data": {"event": "WEBSITE__PAGE_VIEW", "channelId": "example.com", "url": format!("https://example.com/{title}"),
                    "title": title, "referrer": "https://www.google.com/",
                    "utm": {"source": "news", "medium": "email", "campaign": "spring", "content": "c", "term": "t"}}})
}

async fn collect(app: &App, body: String, content_type: &str) -> Value {
    let r = app
        .raw(
            "POST",
            "/api/sdk/v2/batch_messages?token=wk",
            &[("Content-Type", content_type), ("Origin", "https://example.com")],
            Some(body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://example.com"));
    assert_eq!(r.json["code"], "0");
    r.json
}

fn events_of(all: &Value, anon: &str) -> Vec<Value> {
    all.as_array().unwrap().iter().filter(|e| e["anonymousId"] == anon).cloned().collect()
}

#[tokio::test]
async fn endpoint_post_collector_dedupes_messages() {
    let app = App::empty().await;
    let r = collect(&app, batch("anon-1", None, json!([page_view("m1", "a"), page_view("m2", "b")])), "text/plain;charset=UTF-8").await;
    assert_eq!((r["accepted"].as_u64(), r["duplicates"].as_u64()), (Some(2), Some(0)));
    // A retried batch: m1, m2 dropped; m3 new. Duplicates inside one batch too.
    let r = collect(
        &app,
        batch("anon-1", None, json!([page_view("m1", "a"), page_view("m2", "b"), page_view("m3", "c"), page_view("m3", "c")])),
        "application/json",
    )
    .await;
    assert_eq!((r["accepted"].as_u64(), r["duplicates"].as_u64()), (Some(1), Some(3)));
    let evs = events_of(&app.get("/events/lite").await.json, "anon-1");
    assert_eq!(evs.len(), 3);
    let e = &evs[0];
    assert_eq!(e["event"], "WEBSITE__PAGE_VIEW");
    assert_eq!(e["sdkType"], "JS SDK");
    assert_eq!(e["sdkVersion"], "0.1.0");
    assert_eq!(e["channelId"], "example.com");
    assert_eq!(e["attr1"], "a", "attr1 = title");
    assert_eq!(e["attr2"], "https://example.com/a", "attr2 = url");
    assert_eq!(e["attr3"], "https://www.google.com/", "attr3 = referrer");
    assert_eq!(e["utm"]["source"], "news");
    assert_eq!(e["eventDate"], 1_700_000_000_000i64);
    // The visitor is an anonymous contact.
    let cid = e["contactId"].as_u64().unwrap();
    let c = app.get(&format!("/v2/contacts_bulk?ids={cid}")).await;
    assert_eq!(c.json[0]["isAnonymous"], true);
    assert_eq!(c.json[0]["anonymousId"], "anon-1");
    let s = app.raw("GET", "/__admin/stats", &[], None).await;
    assert_eq!((s.json["collectorAccepted"].as_u64(), s.json["collectorDuplicates"].as_u64()), (Some(3), Some(3)));
    // Custom events keep their attrs.
    let custom = json!({"message_id": "m9", "domain": "event", "action": "track", "ts": 1_700_000_000_500i64,
                        "data": {"event": "UDE_CLICK", "channelId": "example.com", "url": "u", "title": "t", "referrer": "",
                                 "utm": {}, "attr2": "blue", "attr10": "ten"}});
    collect(&app, batch("anon-1", None, json!([custom])), "text/plain").await;
    let evs = events_of(&app.get("/events/lite").await.json, "anon-1");
    let click = evs.iter().find(|e| e["event"] == "UDE_CLICK").unwrap();
    assert_eq!((click["attr2"].as_str(), click["attr10"].as_str()), (Some("blue"), Some("ten")));
    assert!(click.get("attr1").is_none());
    // No write key: 400.
    let r = app.raw("POST", "/api/sdk/v2/batch_messages", &[], Some(r#"{"messages":[]}"#.into())).await;
    r.assert_error(400, "B00030");
}

#[tokio::test]
async fn endpoint_post_collector_merges_anonymous_into_identified_contact() {
    let app = App::empty().await;
    // An anonymous visitor browses.
    collect(&app, batch("anon-A", None, json!([page_view("a1", "home"), page_view("a2", "cart")])), "text/plain").await;
    let anon_events = events_of(&app.get("/events/lite").await.json, "anon-A");
    let anon_contact = anon_events[0]["contactId"].as_u64().unwrap();
    // The backend identifies the user (before the browser does).
    let c = app.send("POST", "/identifiers", json!({"externalId": "u42", "channel": {"channelId": "example.com"}, "name": "Li Lei"})).await;
    let cid = c.json["id"].as_u64().unwrap();
    assert_ne!(cid, anon_contact);
    // The browser identifies: the batch carries the externalId identity and an identify message.
    let identify = json!({"message_id": "a3", "domain": "identity", "action": "identify", "ts": 1_700_000_001_000i64,
                          "data": {"channelId": "example.com", "externalId": "u42", "anonymousId": "anon-A",
                                   "traits": {"email": "lilei@example.com"}, "url": "u", "title": "t", "referrer": ""}});
    let r = collect(&app, batch("anon-A", Some(("u42", "example.com")), json!([identify])), "text/plain").await;
    assert_eq!(r["accepted"], 1);
    // The anonymous events are now the identified contact's, each exactly once.
    let evs = app.get(&format!("/contacts/{cid}/events")).await;
    let mut ids = evs.ids();
    ids.sort();
    let mut want: Vec<u64> = anon_events.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    want.sort();
    assert_eq!(ids, want);
    let lite = app.get("/events/lite").await;
    let all_ids = lite.ids();
    assert_eq!(all_ids.len(), 2, "no copies");
    assert!(lite.json.as_array().unwrap().iter().all(|e| e["contactId"].as_u64() == Some(cid)));
    // The anonymous contact is gone; traits merged; the contact remembers the anonymous id.
    assert_eq!(app.get(&format!("/v2/contacts_bulk?ids={anon_contact}")).await.json, json!([]));
    let me = app.get("/identifiers?externalId=u42&channelId=example.com").await;
    assert_eq!(me.json["id"].as_u64(), Some(cid));
    assert_eq!(me.json["email"], "lilei@example.com");
    assert_eq!(me.json["name"], "Li Lei");
    assert_eq!(me.json["anonymousId"], "anon-A");
    assert_eq!(me.json["isAnonymous"], false);
    // Later events of that anonymous id go straight to the contact, next to UDE events.
    collect(&app, batch("anon-A", None, json!([page_view("a4", "checkout")])), "text/plain").await;
    app.send("POST", "/ude", json!({"event": "UDE_ORDER", "channelId": "example.com", "externalId": "u42", "attr1": "DD1"})).await;
    let evs = app.get(&format!("/contacts/{cid}/events")).await;
    assert_eq!(evs.ids().len(), 4);
    let lite = app.get("/events/lite").await;
    assert_eq!(lite.ids().len(), 4);
    assert!(lite.json.as_array().unwrap().iter().all(|e| e["contactId"].as_u64() == Some(cid)));
    let identities = app.get(&format!("/contacts/{cid}/identities")).await;
    assert_eq!(identities.json.as_array().unwrap().len(), 1);
    assert_eq!(identities.json[0]["anonymousId"], "anon-A");
}

#[tokio::test]
async fn collector_batch_identities_alone_tie_a_new_visitor() {
    let app = App::empty().await;
    // First contact with the site: events whose batch already names the externalId.
    collect(&app, batch("anon-B", Some(("u7", "example.com")), json!([page_view("b1", "x")])), "text/plain").await;
    let me = app.get("/identifiers?externalId=u7&channelId=example.com").await;
    assert_eq!(me.status, 200, "the (channelId, externalId) contact was created");
    let cid = me.json["id"].as_u64().unwrap();
    let evs = app.get(&format!("/contacts/{cid}/events")).await;
    assert_eq!(evs.ids().len(), 1);
    assert_eq!(evs.json[0]["anonymousId"], "anon-B");
    assert!(evs.json[0]["contactIdentityId"].is_u64());
    assert_eq!(app.get("/contacts").await.ids(), [cid], "no anonymous contact left behind");
}

// ---------------------------------------------------------------- static files

#[tokio::test]
async fn static_files_www_and_pkg_with_content_types() {
    let root = std::env::temp_dir().join(format!("lf-devserver-static-{}", std::process::id()));
    let (www, pkg) = (root.join("www"), root.join("pkg"));
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(www.join("sub/app.js"), "export {}").unwrap();
    std::fs::write(pkg.join("linkflow_sdk_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
    std::fs::write(pkg.join("linkflow_sdk.js"), "export {}").unwrap();
    std::fs::write(pkg.join("index.mjs"), "export {}").unwrap();
    std::fs::write(root.join("secret.txt"), "no").unwrap();
    let app = App::with(Config { www: Some(www), pkg: Some(pkg), ..Config::default() }).await;
    let r = app.raw("GET", "/", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, "<h1>demo</h1>");
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let r = app.raw("GET", "/sub/app.js", &[], None).await;
    assert!(r.header("content-type").unwrap().starts_with("text/javascript"));
    let r = app.raw("GET", "/pkg/linkflow_sdk_bg.wasm", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    let r = app.raw("GET", "/pkg/linkflow_sdk.js", &[], None).await;
    assert!(r.header("content-type").unwrap().starts_with("text/javascript"));
    let r = app.raw("GET", "/pkg/index.mjs", &[], None).await;
    assert!(r.header("content-type").unwrap().starts_with("text/javascript"));
    app.raw("GET", "/pkg/nope.js", &[], None).await.assert_error(404, "B00404");
    app.raw("GET", "/pkg/../secret.txt", &[], None).await.assert_error(404, "B00404");
    app.raw("GET", "/pkg/%2e%2e/secret.txt", &[], None).await.assert_error(404, "B00404");
    app.raw("GET", "/%2e%2e/secret.txt", &[], None).await.assert_error(404, "B00404");
    // Faults spare static files unless `paths` names them.
    app.admin("/__admin/faults", json!({"failRate": 1})).await;
    assert_eq!(app.raw("GET", "/pkg/linkflow_sdk.js", &[], None).await.status, 200);
    assert_eq!(app.raw("GET", "/", &[], None).await.status, 200);
    assert_eq!(app.get("/channels/meta/types").await.status, 503);
    app.admin("/__admin/faults", json!({"paths": ["/pkg/"]})).await;
    assert_eq!(app.raw("GET", "/pkg/linkflow_sdk.js", &[], None).await.status, 503);
    assert_eq!(app.get("/channels/meta/types").await.status, 200);
    let _ = std::fs::remove_dir_all(root);
}

// ---------------------------------------------------------------- the binary

#[tokio::test]
async fn binary_prints_listening_line_and_exits_on_sigterm() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkflow-devserver"))
        .args(["--port", "0", "--seed", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(Duration::from_secs(20), line).await.expect("ready in time").unwrap().unwrap();
    let line = line.trim_end();
    let port: u16 =
        line.strip_prefix("listening on http://127.0.0.1:").unwrap_or_else(|| panic!("unexpected first line {line:?}")).parse().unwrap();
    assert_ne!(port, 0);
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    let (status, _, body) =
        http(addr, "GET", "/token", &[("X-OpenApi-Key", "demo-key"), ("X-OpenApi-Secret", "demo-secret")], "").await.unwrap();
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    let (status, _, body) = http(addr, "GET", "/v2/contacts_bulk/ids?page=0&size=10", &[("X-OpenApi-Token", &token)], "").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(body, "[1,2,3,4,5]");
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
}

#[tokio::test]
async fn binary_rejects_bad_flags() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_linkflow-devserver")).args(["--fail-rate", "7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_linkflow-devserver")).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--seed-events-per-contact"));
}
