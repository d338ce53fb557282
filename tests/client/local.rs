//! Tiny servers made in a test, for answers the simulated org never gives.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;

/// Serves `router` on a free loopback port; returns its URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// A client of the server at `url` with an SSWS token, each request bounded by `timeout`.
pub fn client(url: &str, timeout: Duration) -> Client {
    let credential = Credential::ApiToken(Secret::new("00local-test-token").into());
    Client::with_timeout(OrgUrl::parse(url).unwrap(), credential, timeout).unwrap()
}

/// The environment naming the server at `url` with an SSWS token.
pub fn env(url: &str) -> Vec<(&'static str, String)> {
    vec![("OKTA_CLIENT_ORGURL", url.to_string()), ("OKTA_CLIENT_TOKEN", "00local-test-token".to_string())]
}

/// `X-Rate-Limit-Reset` for `secs` from now.
pub fn reset_in(secs: u64) -> String {
    (SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + secs).to_string()
}
