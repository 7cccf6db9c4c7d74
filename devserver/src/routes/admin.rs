//! GET /__admin/faults
//! POST /__admin/faults
//! GET /__admin/stats
//! POST /__admin/reset
//!
//! Loopback peers only (403 `B00403` otherwise); faults never apply here.
//!
//! `POST /__admin/faults` body (every key optional; present keys change, absent keys stay,
//! `null` resets a key to its default; unknown keys → 400):
//! `{reset?: bool (first go back to the startup flags), latencyMs, failRate (0..1),
//! failStatus (400..599), retryAfterSecs, dropRate (0..1), stallMs, stallRate (0..1),
//! paths: ["/contacts", ...] (prefixes; null/[] = all), corrupt: "truncate" | "nonjson" |
//! "wrongtype" | "guide" | null, corruptRate (0..1), tokenTtlSecs, groupCap}`.
//! Answers the settings now in force, same keys. `GET` answers them too.
//!
//! `POST /__admin/reset` body (optional): `{empty?: bool, seed?: N, eventsPerContact?: K,
//! keepFaults?: bool}`: rebuilds the store (default: as seeded at startup; `empty`: no
//! contacts; `seed`: N contacts), forgets collector message ids, zeroes the stats and,
//! unless `keepFaults`, puts faults, token TTL and group cap back to the startup flags.
//! Issued tokens stay valid. Answers `{"ok":true,"contacts":n,"events":m,"groups":g}`.

use axum::body::Bytes;
use axum::extract::State;
use serde_json::{json, Map, Value};

use crate::error::{ok_json, ApiError, ApiResult};
use crate::state::{AppState, Settings, Stats};

fn body_object(bytes: &Bytes) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(ApiError::bad_request("body must be a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("malformed JSON body: {e}"))),
    }
}

fn settings_json(s: &Settings) -> Value {
    let mut v = serde_json::to_value(&s.faults).unwrap_or_else(|_| json!({}));
    if let Some(o) = v.as_object_mut() {
        o.insert("tokenTtlSecs".into(), json!(s.token_ttl_secs));
        o.insert("groupCap".into(), json!(s.group_cap));
    }
    v
}

/// `GET /__admin/faults`.
pub async fn get_faults(State(st): State<AppState>) -> ApiResult {
    Ok(ok_json(&settings_json(&st.settings())))
}

/// `POST /__admin/faults`.
pub async fn set_faults(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let obj = body_object(&body)?;
    let cfg = st.config();
    let mut s = st.settings().clone();
    if obj.get("reset").and_then(Value::as_bool) == Some(true) {
        s = Settings { faults: cfg.faults.clone(), token_ttl_secs: cfg.token_ttl_secs, group_cap: cfg.group_cap };
    }
    s.faults.patch(&obj)?;
    match obj.get("tokenTtlSecs") {
        None => {}
        Some(Value::Null) => s.token_ttl_secs = cfg.token_ttl_secs,
        Some(v) => s.token_ttl_secs = v.as_u64().ok_or_else(|| ApiError::bad_request("tokenTtlSecs must be a non-negative integer"))?,
    }
    match obj.get("groupCap") {
        None => {}
        Some(Value::Null) => s.group_cap = cfg.group_cap,
        Some(v) => {
            s.group_cap = v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| ApiError::bad_request("groupCap must be a non-negative integer"))?
        }
    }
    let out = settings_json(&s);
    *st.settings() = s;
    Ok(ok_json(&out))
}

/// `GET /__admin/stats`: the counters plus store sizes:
/// `{requests:{route:n}, requestsTotal, tokensIssued, collectorBatches, collectorAccepted,
/// collectorDuplicates, collectorRejected, faultsFailed, faultsDropped, faultsStalled,
/// faultsCorrupted, store:{contacts, identities, channels, events, groups}}`.
pub async fn stats(State(st): State<AppState>) -> ApiResult {
    let stats: Stats = st.stats().clone();
    let mut v = serde_json::to_value(&stats).unwrap_or_else(|_| json!({}));
    let store = st.store();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "store".into(),
            json!({
                "contacts": store.contacts.len(),
                "identities": store.identities.len(),
                "channels": store.channels.len(),
                "events": store.events.len(),
                "groups": store.groups.len(),
            }),
        );
    }
    Ok(ok_json(&v))
}

/// `POST /__admin/reset`.
pub async fn reset(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let obj = body_object(&body)?;
    let cfg = st.config().clone();
    let n = if obj.get("empty").and_then(Value::as_bool) == Some(true) {
        0
    } else {
        match obj.get("seed") {
            None | Some(Value::Null) => cfg.seed,
            Some(v) => v.as_u64().map(|n| n as usize).ok_or_else(|| ApiError::bad_request("seed must be a non-negative integer"))?,
        }
    };
    let k = match obj.get("eventsPerContact") {
        None | Some(Value::Null) => cfg.seed_events_per_contact,
        Some(v) => {
            v.as_u64().map(|n| n as usize).ok_or_else(|| ApiError::bad_request("eventsPerContact must be a non-negative integer"))?
        }
    };
    // Free the old store first (it can be large: peak memory stays one store), off the async
    // threads; requests meanwhile see an empty store.
    let old = std::mem::replace(&mut *st.store(), crate::state::Store::new());
    let fresh = tokio::task::spawn_blocking(move || {
        drop(old);
        crate::seed::build(n, k)
    })
    .await
    .map_err(|e| ApiError::bad_request(format!("reset failed: {e}")))?;
    let (contacts, events, groups) = (fresh.contacts.len(), fresh.events.len(), fresh.groups.len());
    *st.store() = fresh;
    *st.stats() = Stats::default();
    if obj.get("keepFaults").and_then(Value::as_bool) != Some(true) {
        *st.settings() = Settings { faults: cfg.faults.clone(), token_ttl_secs: cfg.token_ttl_secs, group_cap: cfg.group_cap };
    }
    Ok(ok_json(&json!({"ok": true, "contacts": contacts, "events": events, "groups": groups})))
}
