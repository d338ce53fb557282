//! The sim's own answer, computed from its directory independently of `oktui::mfa`, and a
//! client for a sim.

use std::collections::BTreeMap;

use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::SimServer;

/// A client of `sim` with its SSWS token.
pub fn client(sim: &SimServer) -> Client {
    let org = OrgUrl::parse(sim.url()).unwrap();
    Client::new(org, Credential::ApiToken(Secret::new(sim.credentials().api_token.clone()).into())).unwrap()
}

/// What the directory says of one user the sweep should read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    pub class: &'static str,
    pub admin: bool,
}

const STRONG: &[&str] = &["push", "signed_nonce", "token:software:totp", "token:hardware", "webauthn", "u2f"];

/// Every user who can sign in, by id, with their class and admin flag.
pub fn truth(sim: &SimServer) -> BTreeMap<String, Truth> {
    let org = sim.state().org();
    org.users
        .iter()
        .filter(|u| matches!(u.status.as_str(), "ACTIVE" | "PASSWORD_EXPIRED" | "LOCKED_OUT" | "RECOVERY"))
        .map(|u| {
            let active: Vec<&str> =
                u.factors.iter().filter(|f| f.status == "ACTIVE").map(|f| f.factor_type.as_str()).collect();
            let class = if active.is_empty() {
                "none"
            } else if active.iter().any(|t| STRONG.contains(t)) {
                "strong"
            } else {
                "weak_only"
            };
            (u.id.clone(), Truth { class, admin: !u.roles.is_empty() })
        })
        .collect()
}

/// The ids the truth puts in `class`.
pub fn ids_in(truth: &BTreeMap<String, Truth>, class: &str) -> Vec<String> {
    truth.iter().filter(|(_, t)| t.class == class).map(|(id, _)| id.clone()).collect()
}

/// Requests the sim answered so far for paths ending in `suffix`.
pub fn count(sim: &SimServer, suffix: &str) -> usize {
    sim.state().requests.all().iter().filter(|r| r.path().ends_with(suffix)).count()
}
