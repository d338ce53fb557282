//! `/.well-known/okta-organization`: the org's public metadata (no credential needed): its
//! id and its authentication pipeline, `idx` (Identity Engine), or `v1` (Classic Engine) for
//! an org started with [`crate::SimConfig::classic_engine`].

use axum::extract::State;
use axum::Json;
use axum::Router;
use serde_json::{json, Value};

use super::{get_only, Shared};

/// The path Okta serves the metadata at.
pub const PATH: &str = "/.well-known/okta-organization";

pub fn routes() -> Router<Shared> {
    Router::new().route(PATH, get_only(metadata))
}

async fn metadata(State(state): State<Shared>) -> Json<Value> {
    let id = format!("00o{}", crate::logs::events::hex_digest(&[&state.org().domain, "org"]).get(..17).unwrap_or(""));
    Json(json!({
        "id": id,
        "pipeline": if state.config.classic_engine { "v1" } else { "idx" },
        "_links": {"organization": {"href": state.base_url}},
    }))
}
