//! `/oauth2/v1/clients/{clientId}/roles`: the admin roles of the OAuth service app.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use axum::Router;

use super::{get_only, list_response, Shared};
use crate::error::SimError;
use crate::org::render;

pub fn routes() -> Router<Shared> {
    Router::new().route("/oauth2/v1/clients/{id}/roles", get_only(roles))
}

async fn roles(State(state): State<Shared>, Path(id): Path<String>, uri: Uri) -> Result<Response, SimError> {
    if id != state.credentials.client_id {
        return Err(SimError::not_found(&id, "Client"));
    }
    let org = state.org();
    let items = org.service_app_roles.iter().map(|r| render::role(r, &id, &state.base_url)).collect();
    Ok(list_response(items, format!("{}{}", state.base_url, uri.path()), None))
}
