//! The model declared once (src/model/shape.rs): the serde names, the answer checks and
//! the TypeScript of every answer shape come from the same field list and agree.

use linkflow_sdk::model::*;

/// A value of every member `ty` checks (no member left unset).
fn sample(ty: &Ty) -> serde_json::Value {
    use serde_json::json;
    match ty {
        Ty::Any | Ty::Int => json!(1),
        Ty::Str => json!("x"),
        Ty::Num => json!(1.5),
        Ty::Bool => json!(true),
        Ty::Object(fields) => fields.iter().map(|(n, t)| ((*n).to_owned(), sample(t))).collect::<serde_json::Map<_, _>>().into(),
        Ty::Array(item) => json!([sample(item)]),
        Ty::Map(value) => json!({ "k": sample(value) }),
        Ty::Required(inner) => sample(inner),
    }
}

/// Every answer shape: its name in the `.d.ts`, its check, its TypeScript and the member
/// names serde writes for a value read from a sample of every checked member (a member
/// serde names differently stays unset and is not written: `opt` members are left out
/// when `None`).
fn shapes() -> Vec<(&'static str, &'static Ty, &'static str, Vec<String>)> {
    fn keys<T: serde::Serialize + serde::de::DeserializeOwned>(ty: &Ty) -> Vec<String> {
        let value: T = serde_json::from_value(sample(ty)).unwrap_or_else(|e| panic!("{e}"));
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }
    macro_rules! shapes {
        ($($t:ident),*) => { vec![$((stringify!($t), &$t::TY, $t::TS, keys::<$t>(&$t::TY))),*] };
    }
    shapes![
        Channel,
        ChannelTypeInfo,
        OpenId,
        Contact,
        ContactProperty,
        UserField,
        ContactIdentity,
        EventItem,
        Event,
        Group,
        MemberContact,
        GroupMember,
        GroupChange,
        GroupMembershipResult,
        Token,
        WechatUser
    ]
}

fn members(ty: &Ty) -> Vec<(&'static str, &'static Ty)> {
    match ty {
        Ty::Object(fields) => fields.iter().map(|(n, t)| (*n, t)).collect(),
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn serde_names_are_the_checked_names() {
    for (name, ty, _, serde_keys) in shapes() {
        let mut checked: Vec<String> = members(ty).iter().map(|(n, _)| (*n).to_owned()).collect();
        checked.sort();
        let mut serde_keys = serde_keys;
        serde_keys.sort();
        assert_eq!(checked, serde_keys, "{name}");
    }
}

#[test]
fn typescript_declares_each_checked_member_with_its_requiredness() {
    for (name, ty, ts, _) in shapes() {
        assert!(ts.contains(&format!("export interface {name} {{")), "{ts}");
        for (member, member_ty) in members(ty) {
            let line = ts
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{member}:")) || l.trim_start().starts_with(&format!("{member}?:")));
            let line = line.unwrap_or_else(|| panic!("{name}.{member} missing from\n{ts}"));
            let required = matches!(member_ty, Ty::Required(_));
            assert_eq!(!line.contains('?'), required, "{name}.{member}: {line}");
            assert_eq!(!line.contains("| null"), required, "{name}.{member}: {line}");
        }
    }
}

#[test]
fn required_members_are_the_api_md_ones() {
    let mut required: Vec<String> = shapes()
        .iter()
        .flat_map(|(name, ty, _, _)| {
            members(ty).into_iter().filter(|(_, t)| matches!(t, Ty::Required(_))).map(move |(m, _)| format!("{name}.{m}"))
        })
        .collect();
    required.sort();
    let mut expected = vec![
        "Channel.id",
        "ChannelTypeInfo.channelType",
        "Contact.id",
        "ContactIdentity.id",
        "ContactProperty.id",
        "Event.event",
        "Event.id",
        "Group.id",
        "GroupMember.memberId",
        "GroupMembershipResult.failure",
        "GroupMembershipResult.success",
        "MemberContact.id",
        "UserField.id",
    ];
    expected.sort();
    assert_eq!(required, expected);
}

#[test]
fn a_typed_answer_reads_a_guide_answer() {
    let text = std::fs::read_to_string("tests/fixtures/guide/contacts.identities.answer.json").expect("fixture");
    let identities: Vec<ContactIdentity> = serde_json::from_str(&text).expect("typed");
    assert!(identities.iter().all(|i| i.channel.as_ref().is_some_and(|c| c.id > 0)));
}

#[test]
fn patch_fields_keep_absent_and_null_apart() {
    let input =
        UpdateContact { id: None, fields: ContactFields { name: Some(None), email: Some(Some("a@b.c".into())), ..Default::default() } };
    let text = serde_json::to_string(&input).expect("json");
    assert_eq!(text, r#"{"name":null,"email":"a@b.c"}"#);
    let back: UpdateContact = serde_json::from_str(&text).expect("read back");
    assert_eq!(back, input);
}

#[test]
fn a_keyword_field_keeps_its_guide_name() {
    assert!(members(&UserField::TY).iter().any(|(n, _)| *n == "type"));
    assert!(UserField::TS.contains("  type?: string | null;"), "{}", UserField::TS);
}

#[test]
fn a_typed_token_answer_never_shows_the_token() {
    let token: Token = serde_json::from_str(r#"{"expiration":"2017-09-04 09:30:23","token":"s3cr3t"}"#).expect("typed");
    assert!(!format!("{token:?}").contains("s3cr3t"));
    assert!(serde_json::to_string(&token).expect("json").contains("s3cr3t"));
}
