//! Deterministic synthetic data (`--seed N`): the same N (and events per contact) always
//! gives the same contacts, identities, events and groups, whatever the clock says.
//!
//! - Channels: UDC `example.com` (name `example`) and WECHAT `wx1f7fbd28ac009cd0`
//!   (name `ALPHA`).
//! - Contact i (ids 1..=N): Chinese names for odd i, Latin names for even i; unique phone
//!   `1[3589]xxxxxxxxx` and email; gender, city, props `attr1` (text) / `attr2` (number),
//!   utm; created from 2024-01-01 00:00:00 (UTC+8) on, 137 s apart; an anonymous id.
//! - Identity: UDC on `example.com`, externalId `u000001`... (`u{i:06}`). Every 10th
//!   contact also has a WECHAT identity with openId `oWX{i:08}` and unionId `UN{i:08}`.
//! - Events: K per contact (`--seed-events-per-contact`, default 3), a mix of
//!   `WEBSITE__PAGE_VIEW` (sdkType `JS SDK`, attr1 title, attr2 url, attr3 referrer) and
//!   `UDE_ORDER` (attr1 order number, attr2 amount, attr3 product). 100000 × 10 gives the
//!   benchmark's million events; pooled strings keep that to a few hundred MB.
//! - Groups (when N > 0): `618潜在客户` (i % 3 == 0), `双11vip客户` (i % 7 == 0), `关注用户`
//!   (i % 10 == 0, ext1 = the WeChat appId, ext2 `100`), all static, and `最近7天活跃客户`
//!   (dynamic, i % 5 == 0).
//!
//! N = 0 gives an empty store: no contacts, channels or groups (the metadata and channel
//! types are constants of the routes).

use std::sync::Arc;

use serde_json::{json, Map};

use crate::state::model::{Attr, Contact, Sdk, Utm, CONTACT_FIELDS};
use crate::state::store::{splitmix64, NewEvent, Store, UDC, WECHAT};
use crate::time::parse_cst;

const SURNAMES: [&str; 20] =
    ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
const GIVEN: [&str; 20] =
    ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "桂英"];
const FIRST: [&str; 16] =
    ["Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Iris", "Jack", "Kate", "Leo", "Mia", "Noah", "Olivia", "Peter"];
const LAST: [&str; 10] = ["Smith", "Johnson", "Lee", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Taylor", "Clark"];
const CITIES: [(&str, &str); 8] = [
    ("上海", "上海"),
    ("江苏", "南京"),
    ("广东", "广州"),
    ("北京", "北京"),
    ("浙江", "杭州"),
    ("广东", "深圳"),
    ("四川", "成都"),
    ("湖北", "武汉"),
];
const MARITAL: [&str; 3] = ["单身", "已婚", "离异"];
const GENDERS: [&str; 3] = ["male", "female", "unknown"];
const TITLES: [&str; 8] = ["首页", "商品详情", "购物车", "结算", "帮助中心", "Home", "Pricing", "Blog"];
const PAGES: [&str; 8] = ["/", "/products/42", "/cart", "/checkout", "/help", "/en/", "/pricing", "/blog/hello"];
const REFERRERS: [&str; 4] = ["", "https://www.baidu.com/", "https://www.google.com/", "https://weixin.qq.com/"];
const PRODUCTS: [&str; 5] = ["T恤", "咖啡豆", "耳机", "Notebook", "Backpack"];
const UTMS: [(&str, &str, &str); 4] =
    [("baidu", "cpc", "618大促"), ("wechat", "social", "双11"), ("newsletter", "email", "spring"), ("google", "organic", "brand")];

/// The WeChat appId of the seeded WeChat channel.
pub const WECHAT_APP_ID: &str = "wx1f7fbd28ac009cd0";
/// The channelId of the seeded website channel.
pub const SITE_CHANNEL: &str = "example.com";

fn pick<T: Copy>(list: &[T], h: u64) -> T {
    list[(h % list.len() as u64) as usize]
}

/// Builds the store for `n` contacts with `k` events each (`n = 0`: empty store).
pub fn build(n: usize, k: usize) -> Store {
    let mut store = Store::new();
    if n == 0 {
        return store;
    }
    store.events.reserve_exact(n.saturating_mul(k));
    let base = parse_cst("2024-01-01 00:00:00").unwrap_or(1_704_038_400_000);
    let site = store.ensure_channel(UDC, SITE_CHANNEL, Some("example"), base);
    store.ensure_channel(WECHAT, WECHAT_APP_ID, Some("ALPHA"), base);
    let sdk = Arc::new(Sdk { sdk_type: "JS SDK".into(), sdk_version: Some("1.0.0".into()) });
    let pv: Arc<str> = Arc::from("WEBSITE__PAGE_VIEW");
    let order: Arc<str> = Arc::from("UDE_ORDER");
    let titles: Vec<Arc<str>> = TITLES.iter().map(|t| Arc::from(*t)).collect();
    let urls: Vec<Arc<str>> = PAGES.iter().map(|p| Arc::from(format!("https://example.com{p}").as_str())).collect();
    let referrers: Vec<Arc<str>> = REFERRERS.iter().map(|r| Arc::from(*r)).collect();
    let products: Vec<Arc<str>> = PRODUCTS.iter().map(|p| Arc::from(*p)).collect();
    let utms: Vec<Arc<Utm>> = UTMS
        .iter()
        .map(|(s, m, c)| {
            Arc::new(Utm {
                source: Some(s.to_string()),
                medium: Some(m.to_string()),
                campaign: Some(c.to_string()),
                content: Some("content".into()),
                term: Some("term".into()),
            })
        })
        .collect();
    let fi = |name: &str| CONTACT_FIELDS.iter().position(|f| *f == name).unwrap_or(0);
    let (f_name, f_gender, f_mobile, f_email) = (fi("name"), fi("gender"), fi("mobilePhone"), fi("email"));
    let (f_country, f_state, f_city, f_nick) = (fi("country"), fi("state"), fi("city"), fi("nickname"));

    for i in 1..=n as u64 {
        let h = splitmix64(i ^ 0x1ce3_2287);
        let created = base + (i as i64) * 137_000;
        let updated = created + ((h >> 8) % (30 * 86_400)) as i64 * 1000;
        let id = store.new_contact(created);
        let (name, email) = if i % 2 == 1 {
            let name = format!("{}{}", pick(&SURNAMES, h), pick(&GIVEN, h >> 16));
            (name, format!("user{i:06}@example.cn"))
        } else {
            let (f, l) = (pick(&FIRST, h), pick(&LAST, h >> 16));
            (format!("{f} {l}"), format!("{}.{}.{i}@example.com", f.to_lowercase(), l.to_lowercase()))
        };
        let phone = format!("1{}{:09}", pick(&[3u8, 5, 8, 9], h >> 24), (i * 7919) % 1_000_000_000);
        let (state, city) = pick(&CITIES, h >> 32);
        let anon: Arc<str> = Arc::from(
            format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", h >> 32, (h >> 16) & 0xffff, h & 0xfff, (h >> 20) & 0xfff, i).as_str(),
        );
        let utm = if h.is_multiple_of(4) { None } else { Some(utms[(h % 4) as usize].clone()) };
        let mut props = Map::new();
        props.insert("attr1".into(), json!(pick(&MARITAL, h >> 40)));
        props.insert("attr2".into(), json!(5000 + (h >> 44) % 30_000));
        if let Some(c) = store.contacts.get_mut(&id) {
            let set = |c: &mut Contact, f: usize, v: &str| c.fields[f] = Some(v.into());
            set(c, f_name, &name);
            set(c, f_nick, &name);
            set(c, f_gender, pick(&GENDERS, h >> 48));
            set(c, f_mobile, &phone);
            set(c, f_email, &email);
            set(c, f_country, "中国");
            set(c, f_state, state);
            set(c, f_city, city);
            c.props = props;
            c.utm = utm.clone();
            c.anonymous_id = Some(anon.clone());
            c.identified = Some(created);
            c.last_updated = updated;
            c.ver = 1 + (h % 5);
        }
        let ident = store.add_identity(id, site, &format!("u{i:06}"), created);
        if i % 10 == 0 {
            store.link_wechat(id, WECHAT_APP_ID, None, &format!("oWX{i:08}"), Some(&format!("UN{i:08}")), created);
        }
        store.anon_index.insert(anon.clone(), id);
        let mut when = created;
        for j in 0..k as u64 {
            let hj = splitmix64(h ^ j.wrapping_mul(0x9E37));
            when += 60_000 + (hj % (3 * 86_400_000)) as i64;
            let is_order = (i + j) % 3 == 2;
            let next_id = store.events.len() as u64 + 1;
            let (event, attrs, anonymous_id, sdk_used) = if is_order {
                let attrs = vec![
                    (1u8, Attr::Text(Arc::from(format!("DD{next_id:010}").as_str()))),
                    (2u8, Attr::Text(Arc::from(format!("{}.00", 19 + hj % 500).as_str()))),
                    (3u8, Attr::Text(products[(hj % products.len() as u64) as usize].clone())),
                ];
                (order.clone(), attrs, None, None)
            } else {
                let p = (hj % TITLES.len() as u64) as usize;
                let attrs = vec![
                    (1u8, Attr::Text(titles[p].clone())),
                    (2u8, Attr::Text(urls[p].clone())),
                    (3u8, Attr::Text(referrers[((hj >> 8) % referrers.len() as u64) as usize].clone())),
                ];
                (pv.clone(), attrs, Some(anon.clone()), Some(sdk.clone()))
            };
            store.add_event(NewEvent {
                contact_id: id,
                contact_identity_id: Some(ident),
                event,
                channel: site,
                event_date: when,
                date_created: when,
                anonymous_id,
                sdk: sdk_used,
                attrs,
                utm: if is_order { None } else { utm.clone() },
                items: None,
                session_id: None,
            });
        }
    }

    let groups = [
        ("618潜在客户", "static", None, None, 3u64),
        ("双11vip客户", "static", None, None, 7),
        ("关注用户", "static", Some(WECHAT_APP_ID.to_string()), Some("100".to_string()), 10),
        ("最近7天活跃客户", "dynamic", None, None, 5),
    ];
    for (gi, (name, gtype, ext1, ext2, every)) in groups.into_iter().enumerate() {
        let when = base + gi as i64 * 86_400_000;
        let gid = store.add_group(name, gtype, ext1, ext2, when);
        for i in (every..=n as u64).step_by(every as usize) {
            store.add_member(gid, i, when + i as i64 * 1000);
        }
        if let Some(g) = store.groups.get_mut(&gid) {
            g.last_updated = when;
        }
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_n_same_data() {
        let a = build(50, 3);
        let b = build(50, 3);
        assert_eq!(a.contacts.len(), 50);
        assert_eq!(a.events.len(), 150);
        for (x, y) in a.contacts.values().zip(b.contacts.values()) {
            assert_eq!(x.fields, y.fields);
            assert_eq!(x.last_updated, y.last_updated);
            assert_eq!(x.props, y.props);
        }
        for (x, y) in a.events.iter().zip(b.events.iter()) {
            assert_eq!(x.event_date, y.event_date);
            assert_eq!(&*x.event, &*y.event);
        }
        assert_eq!(a.groups.len(), 4);
    }

    #[test]
    fn phones_and_emails_are_unique() {
        let s = build(2000, 0);
        let phones: std::collections::HashSet<_> = s.contacts.values().map(|c| c.fields[6].clone()).collect();
        let emails: std::collections::HashSet<_> = s.contacts.values().map(|c| c.fields[8].clone()).collect();
        assert_eq!(phones.len(), 2000);
        assert_eq!(emails.len(), 2000);
    }
}
