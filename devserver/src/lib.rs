//! `linkflow-devserver`: a local stand-in for Linkflow's Open API servers (every endpoint of
//! the Open API guide, with its limits and business codes), the tracker's collector,
//! fault injection for tests, and static files for the demo (`--www`, `--pkg`).
//!
//! In-process use (tests):
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = linkflow_devserver::serve(linkflow_devserver::Config { port: 0, ..Default::default() }).await?;
//! println!("{}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! or, without a socket, `app(AppState::new(config))` and `tower::ServiceExt::oneshot`.

#![warn(missing_docs)]

pub mod auth;
pub mod collector;
pub mod config;
pub mod error;
pub mod faults;
pub mod params;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod time;

pub use config::Config;
pub use faults::Faults;
pub use server::Server;
pub use state::AppState;

use axum::Router;
use tokio::net::TcpListener;

/// The whole application (all routes and layers) around `state`.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// Builds the store (seeding off the async threads), binds `config.host:config.port` and
/// serves until [`Server::shutdown`]. The returned server is ready to answer.
pub async fn serve(config: Config) -> std::io::Result<Server> {
    let (n, k) = (config.seed, config.seed_events_per_contact);
    let store = tokio::task::spawn_blocking(move || seed::build(n, k)).await.map_err(std::io::Error::other)?;
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let state = AppState::with_store(config, store);
    server::spawn(listener, app(state))
}
