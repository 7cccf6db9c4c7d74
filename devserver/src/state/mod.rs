//! Shared server state: the store, tokens, runtime settings (faults, token TTL, group cap)
//! and counters, each behind its own `Mutex` (never held across an `.await`).

pub mod model;
pub mod store;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::config::Config;
use crate::faults::Faults;
use crate::time::{format_cst, now_ms};
use linkflow_sdk::auth::Secret;
use linkflow_sdk::model::Token;
pub use store::Store;

/// Settings that the admin API can change while running.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Injected faults.
    pub faults: Faults,
    /// Lifetime of tokens issued from now on.
    pub token_ttl_secs: u64,
    /// Maximum number of groups.
    pub group_cap: usize,
}

/// Counters shown by `GET /__admin/stats`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Requests per route (the route pattern, e.g. `/v2/contacts/{id}`; `(fallback)` for
    /// static files and unknown paths).
    pub requests: BTreeMap<String, u64>,
    /// All requests.
    pub requests_total: u64,
    /// Tokens issued by `/token` and `/demo/token`.
    pub tokens_issued: u64,
    /// Collector batches received.
    pub collector_batches: u64,
    /// Collector messages accepted.
    pub collector_accepted: u64,
    /// Collector messages dropped as duplicates (message_id seen before).
    pub collector_duplicates: u64,
    /// Collector messages skipped as unusable (not an object, no usable identity).
    pub collector_rejected: u64,
    /// Requests answered with an injected failure status.
    pub faults_failed: u64,
    /// Connections dropped by fault injection.
    pub faults_dropped: u64,
    /// Requests delayed by `stallMs`.
    pub faults_stalled: u64,
    /// 2xx answers whose body the `corrupt` fault broke.
    pub faults_corrupted: u64,
}

/// Everything behind the [`AppState`] handle.
#[derive(Debug)]
pub struct Shared {
    /// The data.
    pub store: Mutex<Store>,
    /// Issued tokens → expiry (epoch ms).
    pub tokens: Mutex<HashMap<String, i64>>,
    /// Runtime settings.
    pub settings: Mutex<Settings>,
    /// Counters.
    pub stats: Mutex<Stats>,
    /// The startup configuration (what `/__admin/reset` goes back to).
    pub config: Config,
    rng: AtomicU64,
}

/// Cheap-to-clone handle to the shared state, the axum router state.
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<Shared>);

/// Locks a mutex, recovering the data if a previous holder panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// State with the store `config` asks for (seeded when `config.seed > 0`).
    pub fn new(config: Config) -> Self {
        let store = crate::seed::build(config.seed, config.seed_events_per_contact);
        Self::with_store(config, store)
    }

    /// State around an already built store.
    pub fn with_store(config: Config, store: Store) -> Self {
        let settings = Settings { faults: config.faults.clone(), token_ttl_secs: config.token_ttl_secs, group_cap: config.group_cap };
        let seed = (now_ms() as u64) ^ ((std::process::id() as u64) << 32) ^ (&settings as *const _ as u64);
        AppState(Arc::new(Shared {
            store: Mutex::new(store),
            tokens: Mutex::new(HashMap::new()),
            settings: Mutex::new(settings),
            stats: Mutex::new(Stats::default()),
            config,
            rng: AtomicU64::new(seed),
        }))
    }

    /// The store, locked.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.0.store)
    }

    /// The runtime settings, locked.
    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        lock(&self.0.settings)
    }

    /// The counters, locked.
    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.0.stats)
    }

    /// The startup configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// A random 64-bit number (not cryptographic; tokens of a local stand-in).
    pub fn random_u64(&self) -> u64 {
        store::splitmix64(self.0.rng.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed))
    }

    /// True with probability `p` (0..1).
    pub fn chance(&self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        ((self.random_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// Issues a token valid for the current token TTL.
    pub fn issue_token(&self) -> Token {
        let ttl = self.settings().token_ttl_secs;
        let now = now_ms();
        let expiry = now.saturating_add((ttl as i64).saturating_mul(1000));
        let (a, b) = (self.random_u64(), self.random_u64());
        let raw = format!(
            "2-{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        );
        let token = base64(raw.as_bytes());
        {
            let mut tokens = lock(&self.0.tokens);
            if tokens.len() > 10_000 {
                tokens.retain(|_, exp| *exp > now);
            }
            tokens.insert(token.clone(), expiry);
        }
        self.stats().tokens_issued += 1;
        Token { expiration: Some(format_cst(expiry)), token: Some(Secret::new(token)) }
    }

    /// Checks a token: `Ok` when issued and not expired, else the reason.
    pub fn check_token(&self, token: &str) -> Result<(), &'static str> {
        let mut tokens = lock(&self.0.tokens);
        match tokens.get(token) {
            None => Err("unknown token"),
            Some(&exp) if exp <= now_ms() => {
                tokens.remove(token);
                Err("token expired")
            }
            Some(_) => Ok(()),
        }
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { T[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { T[n as usize & 63] as char } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
