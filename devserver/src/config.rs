//! Server configuration (what the CLI flags set).

use std::path::PathBuf;

use crate::faults::Faults;

/// Everything the server needs to start. `Config::default()` is the CLI's defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind (default `127.0.0.1`).
    pub host: String,
    /// Port to bind (default 8787; 0 picks a free port).
    pub port: u16,
    /// App key `GET /token` accepts (default `demo-key`).
    pub app_key: String,
    /// App secret `GET /token` accepts (default `demo-secret`).
    pub app_secret: String,
    /// Lifetime of issued tokens, seconds (default 7200).
    pub token_ttl_secs: u64,
    /// Number of synthetic contacts to seed (default 0: metadata only).
    pub seed: usize,
    /// Events per seeded contact (default 3).
    pub seed_events_per_contact: usize,
    /// Directory served at `/` (index.html), if any.
    pub www: Option<PathBuf>,
    /// Directory served at `/pkg/`, if any.
    pub pkg: Option<PathBuf>,
    /// Faults injected from the start.
    pub faults: Faults,
    /// Maximum number of groups (`POST /v2/groups` answers 412 `B00157` beyond it; default 100).
    pub group_cap: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8787,
            app_key: "demo-key".into(),
            app_secret: "demo-secret".into(),
            token_ttl_secs: 7200,
            seed: 0,
            seed_events_per_contact: 3,
            www: None,
            pkg: None,
            faults: Faults::default(),
            group_cap: 100,
        }
    }
}
