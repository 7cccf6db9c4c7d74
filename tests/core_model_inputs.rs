//! What the input types promise is what the runtime checks (issue 13): for every input
//! and options shape the package declares (`input!` in src/model/input.rs),
//!
//! - a valid example passes the request builder of its call (`crate::api`, the runtime
//!   validation JS calls go through) and reads as its Rust type;
//! - each deliberately wrong member fails the builder with a `validation` error naming
//!   that member's path, and fails to read as the Rust type (where the Rust type can
//!   say it);
//! - `tests/types/inputs.ts` holds the same examples typed as the package declares them,
//!   every wrong copy marked `@ts-expect-error`; this test fails when that file is stale
//!   (`LINKFLOW_UPDATE_TYPES=1` rewrites it) and tests/types/guide.test.mjs runs
//!   `tsc --strict` on it against the packed package's `.d.ts`.
#![cfg(not(target_arch = "wasm32"))]

use linkflow_sdk::api::{channels, contacts, events, groups, wechat};
use linkflow_sdk::error::{Error, ErrorKind};
use linkflow_sdk::model::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const GENERATED: &str = "tests/types/inputs.ts";

/// One input shape: its TypeScript name, a call that validates it, a valid example, and
/// wrong members (`path`, bad value, whether the Rust type refuses it too).
struct Case {
    name: &'static str,
    ts: &'static str,
    build: fn(&Value) -> Result<(), Error>,
    rust: fn(&Value) -> Result<(), String>,
    valid: Value,
    wrong: Vec<(&'static str, Value, bool)>,
}

fn reads<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(v.clone()).map(drop).map_err(|e| e.to_string())
}

fn ok<T>(r: Result<T, Error>) -> Result<(), Error> {
    r.map(drop)
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "identify",
            ts: "IdentifyInput",
            build: |v| ok(contacts::identify(&v)),
            rust: reads::<IdentifyInput>,
            valid: json!({
                "externalId": "u-1", "channel": { "channelId": "example.com", "name": "官网" },
                "weChatInfo": { "appId": "wx1f7fbd28ac009cd0", "openId": "o-1" },
                "name": "张三", "gender": "male", "dateOfBirthday": "1988-10-02 00:00:00", "email": null,
                "props": { "attr1": "单身", "attr2": 10000 }
            }),
            wrong: vec![
                ("externalId", json!(5), true),
                ("channel.channelId", json!(5), true),
                ("name", json!(5), true),
                ("props", json!("single"), true),
                ("weChatInfo.appId", json!(5), true),
            ],
        },
        Case {
            name: "update",
            ts: "ContactUpdate",
            build: |v| ok(contacts::update(&&json!(42), &v)),
            rust: reads::<UpdateContact>,
            valid: json!({ "id": 42, "mobilePhone": "13912341234", "email": null, "props": { "attr1": null } }),
            wrong: vec![("email", json!(5), true), ("id", json!(true), true)],
        },
        Case {
            name: "events_create",
            ts: "EventInput",
            build: |v| ok(events::create(&v)),
            rust: reads::<NewEvent>,
            valid: json!({
                "event": "UDE_1MG2I6HGJ", "channelId": "example.com", "externalId": "abc123", "channelType": "UDC",
                "eventDate": 1509180345000i64, "attr1": "DD1232", "attr2": "200.00",
                "items": [{ "event": "UDE_SUB", "attr1": "item1" }], "utm": { "source": "wechat" }
            }),
            wrong: vec![
                ("event", json!(5), true),
                ("eventDate", json!("yesterday"), true),
                ("items[0].event", json!(5), true),
                ("utm.source", json!(5), true),
                ("attr1", json!(true), true),
            ],
        },
        Case {
            name: "channels_create",
            ts: "ChannelInput",
            build: |v| ok(channels::create(&v)),
            rust: reads::<NewChannel>,
            valid: json!({ "name": "UDC A", "channelId": "udc_123" }),
            wrong: vec![("name", json!(5), true), ("channelId", json!(5), true)],
        },
        Case {
            name: "groups_create",
            ts: "GroupInput",
            build: |v| ok(groups::create(&v)),
            rust: reads::<NewGroup>,
            valid: json!({ "name": "this-is-group-name", "groupType": "static", "ext1": "wechatappid", "ext2": "100" }),
            // The Rust type holds any `groupType` text: only TypeScript and the runtime
            // know the guide's one value.
            wrong: vec![("name", json!(5), true), ("groupType", json!("dynamic"), false)],
        },
        Case {
            name: "contacts_list",
            ts: "ContactListOptions",
            build: |v| ok(contacts::list(&v)),
            rust: reads::<ContactListOptions>,
            valid: json!({ "page": 0, "size": 200, "groupId": 3, "search": "Li" }),
            wrong: vec![("page", json!("0"), true), ("groupId", json!(true), true), ("search", json!(5), true)],
        },
        Case {
            name: "contacts_iterate",
            ts: "ContactIterateOptions",
            build: |v| ok(contacts::iterate(&v)),
            rust: reads::<ContactIterateOptions>,
            valid: json!({ "size": 100, "groupId": 3 }),
            wrong: vec![("size", json!("100"), true)],
        },
        Case {
            name: "contacts_get_by_external_id",
            ts: "GetByExternalIdOptions",
            build: |v| ok(contacts::get_by_external_id(&v)),
            rust: reads::<GetByExternalIdOptions>,
            valid: json!({ "externalId": "u-1", "channelId": "example.com", "channelType": "UDC" }),
            wrong: vec![("externalId", json!(5), true), ("channelType", json!(5), true)],
        },
        Case {
            name: "contacts_find",
            ts: "FindContactsOptions",
            build: |v| ok(contacts::find(&v)),
            rust: reads::<FindContactsOptions>,
            valid: json!({ "email": "test@nazaio.com", "mobilePhone": "13888888888", "needOpenId": true }),
            wrong: vec![("needOpenId", json!(2), true), ("email", json!(5), true)],
        },
        Case {
            name: "contacts_get_many",
            ts: "GetManyOptions",
            build: |v| ok(contacts::get_many(&&json!([1, 3, 5]), &v)),
            rust: reads::<GetManyOptions>,
            valid: json!({ "needOpenId": false }),
            wrong: vec![("needOpenId", json!("1"), true)],
        },
        Case {
            name: "contacts_list_ids",
            ts: "ListIdsOptions",
            build: |v| ok(contacts::list_ids(&v)),
            rust: reads::<ListIdsOptions>,
            valid: json!({ "page": 0, "size": 1000, "minUpdateTime": "2018-01-01", "maxUpdateTime": "2018-02-01" }),
            wrong: vec![("page", json!("0"), true), ("minUpdateTime", json!(5), true)],
        },
        Case {
            name: "contacts_iterate_ids",
            ts: "IterateIdsOptions",
            build: |v| ok(contacts::iterate_ids(&v)),
            rust: reads::<IterateIdsOptions>,
            valid: json!({ "size": 5000, "minUpdateTime": "2018-01-01" }),
            wrong: vec![("size", json!("5000"), true)],
        },
        Case {
            name: "contacts_groups",
            ts: "ContactGroupsOptions",
            build: |v| ok(contacts::groups(&&json!(42), &v)),
            rust: reads::<ContactGroupsOptions>,
            valid: json!({ "groupType": "static" }),
            wrong: vec![("groupType", json!(5), true)],
        },
        Case {
            name: "contacts_events",
            ts: "PageOptions",
            build: |v| ok(contacts::events(&&json!(42), &v)),
            rust: reads::<PageOptions>,
            valid: json!({ "page": 1, "size": 50 }),
            wrong: vec![("page", json!("1"), true)],
        },
        Case {
            name: "contacts_iterate_events",
            ts: "SizeOptions",
            build: |v| ok(contacts::iterate_events(&&json!(42), &v)),
            rust: reads::<SizeOptions>,
            valid: json!({ "size": 50 }),
            wrong: vec![("size", json!("50"), true)],
        },
        Case {
            name: "events_list",
            ts: "EventListOptions",
            build: |v| ok(events::list(&v)),
            rust: reads::<EventListOptions>,
            valid: json!({ "lastMaxId": 0, "size": 100 }),
            wrong: vec![("lastMaxId", json!("0"), true)],
        },
        Case {
            name: "events_iterate",
            ts: "EventIterateOptions",
            build: |v| ok(events::iterate(&v)),
            rust: reads::<EventIterateOptions>,
            valid: json!({ "fromId": 902, "size": 100 }),
            wrong: vec![("fromId", json!("902"), true)],
        },
        Case {
            name: "groups_list",
            ts: "GroupListOptions",
            build: |v| ok(groups::list(&v)),
            rust: reads::<GroupListOptions>,
            valid: json!({ "id": 47, "name": "wechat", "groupType": "static", "lastUpdated": "2018-01-01", "ext1": "wx", "ext2": "100" }),
            wrong: vec![("id", json!(true), true), ("name", json!(5), true)],
        },
        Case {
            name: "groups_members",
            ts: "GroupMembersOptions",
            build: |v| ok(groups::members(&&json!(252), &v)),
            rust: reads::<GroupMembersOptions>,
            valid: json!({ "memberId": 2346, "size": 500 }),
            wrong: vec![("memberId", json!("2346"), true)],
        },
        Case {
            name: "groups_add_contacts",
            ts: "MembershipOptions",
            build: |v| ok(groups::add_contacts(&&json!(252), &&json!([17760, 17771]), &v)),
            rust: reads::<MembershipOptions>,
            valid: json!({ "chunkSize": 100 }),
            wrong: vec![("chunkSize", json!("100"), true)],
        },
        Case {
            name: "wechat_user",
            ts: "WechatUserOptions",
            build: |v| ok(wechat::user(&v)),
            rust: reads::<WechatUserOptions>,
            valid: json!({ "appId": "wx1f7fbd28ac009cd0", "unionId": "UN1" }),
            wrong: vec![("appId", json!(5), true)],
        },
        Case {
            name: "contacts_list_empty",
            ts: "ContactListOptions",
            build: |v| ok(contacts::list(&v)),
            rust: reads::<ContactListOptions>,
            valid: json!({}),
            wrong: vec![],
        },
    ]
}

/// `v` with the member at `path` (`a.b`, `items[0].event`) set to `bad`.
fn with_member(v: &Value, path: &str, bad: &Value) -> Value {
    let mut out = v.clone();
    let mut at = &mut out;
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        let (name, index) = match step.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*step, None),
        };
        let last = i + 1 == steps.len() && index.is_none();
        if last {
            at[name] = bad.clone();
            break;
        }
        at = &mut at[name];
        if let Some(index) = index {
            at = &mut at[index];
        }
    }
    out
}

#[test]
fn every_valid_input_passes_the_runtime_and_reads_as_its_rust_type() {
    for case in cases() {
        if let Err(e) = (case.build)(&case.valid) {
            panic!("{}: the runtime refuses the valid example: {}", case.name, e.message);
        }
        if let Err(e) = (case.rust)(&case.valid) {
            panic!("{}: the valid example is not a {}: {e}", case.name, case.ts);
        }
    }
}

#[test]
fn every_wrong_member_fails_the_runtime_naming_its_path_and_the_rust_type() {
    for case in cases() {
        for (path, bad, rust_refuses) in &case.wrong {
            let wrong = with_member(&case.valid, path, bad);
            match (case.build)(&wrong) {
                Ok(()) => panic!("{}: the runtime accepts {path} = {bad}", case.name),
                Err(e) => {
                    assert_eq!(e.kind, ErrorKind::Validation, "{}: {path}", case.name);
                    assert!(e.message.contains(path), "{}: {:?} does not name {path}", case.name, e.message);
                }
            }
            if *rust_refuses {
                assert!((case.rust)(&wrong).is_err(), "{}: the Rust type reads {path} = {bad}", case.name);
            }
        }
    }
}

fn generated() -> String {
    let mut names: Vec<&str> = cases().iter().map(|c| c.ts).collect();
    names.sort_unstable();
    names.dedup();
    let mut out = format!(
        "// Generated by tests/core_model_inputs.rs (LINKFLOW_UPDATE_TYPES=1 cargo test --test\n\
         // core_model_inputs); do not edit. Each input the runtime accepts, typed as the package\n\
         // declares it, and each wrong copy the runtime refuses, which must not type-check.\n\
         import type {{ {} }} from \"linkflow-sdk\";\n\n",
        names.join(", ")
    );
    for case in cases() {
        out.push_str(&format!("export const {}: {} = {};\n", case.name, case.ts, case.valid));
        for (i, (path, bad, _)) in case.wrong.iter().enumerate() {
            let wrong = with_member(&case.valid, path, bad);
            out.push_str(&format!(
                "// @ts-expect-error {}: `{path}` is not its declared type\nexport const {}_wrong{i}: {} = {wrong};\n",
                case.name, case.name, case.ts
            ));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_typescript_assertions_are_up_to_date() {
    let want = generated();
    if std::env::var_os("LINKFLOW_UPDATE_TYPES").is_some() {
        std::fs::write(GENERATED, &want).expect("write");
    }
    let have = std::fs::read_to_string(GENERATED).unwrap_or_default();
    assert!(have == want, "{GENERATED} is stale: LINKFLOW_UPDATE_TYPES=1 cargo test --test core_model_inputs");
}

/// Issue 13 item 3: a validation error names the path of what is wrong and what was
/// expected there.
#[test]
fn validation_messages_name_the_path() {
    let message = |r: Result<(), Error>| r.err().map(|e| e.message).unwrap_or_default();
    let identify = |v: Value| message(ok(contacts::identify(&&v)));
    assert_eq!(identify(json!({ "externalId": "u", "channel": { "channelId": 5 } })), "channel.channelId: expected a string");
    assert_eq!(identify(json!({ "externalId": "u", "channel": {} })), "channel.channelId is required");
    assert_eq!(
        identify(json!({ "externalId": "u", "channel": { "channelId": "c" }, "weChatInfo": { "openId": [] } })),
        "weChatInfo.openId: expected a string"
    );
    let event = |extra: Value| {
        let mut v = json!({ "event": "E", "channelId": "c", "externalId": "x" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        message(ok(events::create(&&v)))
    };
    assert_eq!(event(json!({ "items": [{ "event": "A" }, {}] })), "items[1].event is required");
    assert_eq!(
        event(json!({ "items": [{ "event": "A" }, { "event": "B", "attr2": true }] })),
        "items[1].attr2: expected a string or a number"
    );
    assert_eq!(event(json!({ "utm": { "source": 5 } })), "utm.source: expected a string");
    assert_eq!(message(ok(contacts::get_many(&&json!([1, "x"]), &&json!({})))), "ids[1]: expected a non-negative integer id");
    assert_eq!(message(ok(contacts::list(&&json!({ "size": 0 })))), "size: expected an integer from 1 to 10000");
}
