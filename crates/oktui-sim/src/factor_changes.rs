//! Changing a user's MFA factors in a running simulated org, as a user enrolling or an admin
//! resetting would, each change appending the System Log event Okta writes for it
//! (`user.mfa.factor.activate`, `.reset_all`). Tests use these to check that a client notices
//! changes from the log; an admin's changes over HTTP are `routes/users.rs`'s.

use chrono::Utc;
use serde_json::{json, Value};

use super::ids::{base62, okta_id};
use super::logs::events::{enrollment_target, factor_labels, user_target, EventBuilder};
use super::org::{SimFactor, SimUser};
use super::state::SimState;

/// Id prefix, provider and a profile for a new factor of `factor_type`.
fn descriptor(factor_type: &str, user: &SimUser) -> (&'static str, &'static str, Value) {
    let login = user.profile.login.as_str();
    let phone = user.profile.mobile_phone.clone().unwrap_or_else(|| "+15555550100".into());
    match factor_type {
        "push" | "signed_nonce" => ("opf", "OKTA", json!({"credentialId": login, "name": "iPhone 15 Pro"})),
        "sms" | "call" => ("mbl", "OKTA", json!({"phoneNumber": phone})),
        "email" => ("emf", "OKTA", json!({"email": login})),
        "question" => (
            "ufs",
            "OKTA",
            json!({"question": "favorite_art_piece", "questionText": "What is your favorite piece of art?"}),
        ),
        "webauthn" | "u2f" => ("fwf", "FIDO", json!({"credentialId": base62(&mut rand::thread_rng(), 43)})),
        "token:hardware" => ("ykf", "YUBICO", json!({"credentialId": "000012345678"})),
        _ => ("ost", "OKTA", json!({"credentialId": login})),
    }
}

impl SimState {
    /// Enrolls and activates a factor of `factor_type` for `user` (id or login), logged as
    /// the user's own `user.mfa.factor.activate`. Returns the factor id, or `None` for an
    /// unknown user.
    pub fn activate_factor(&self, user: &str, factor_type: &str) -> Option<String> {
        let now = Utc::now();
        let mut org = self.org_mut();
        let u = org.find_user_mut(user)?;
        let (prefix, provider, profile) = descriptor(factor_type, u);
        let factor = SimFactor {
            id: okta_id(&mut rand::thread_rng(), prefix),
            factor_type: factor_type.to_string(),
            provider: provider.to_string(),
            vendor_name: provider.to_string(),
            status: "ACTIVE".to_string(),
            created: now,
            last_updated: now,
            profile,
        };
        u.factors.push(factor.clone());
        u.last_updated = now;
        let event = EventBuilder::new(&mut rand::thread_rng(), "user.mfa.factor.activate", now)
            .actor_user(u)
            .request_uri("/idp/idx/challenge/answer")
            .debug("factor", factor_labels(&factor).factor)
            .debug("factorIntent", "ENROLLMENT")
            .target(user_target(u))
            .target(enrollment_target(&factor))
            .build();
        drop(org);
        self.logs.append(vec![event], now);
        Some(factor.id)
    }

    /// Removes all of `user`'s factors (an admin's "reset all factors"), logged as
    /// `user.mfa.factor.reset_all`. Returns whether the user exists.
    pub fn reset_factors(&self, user: &str) -> bool {
        let now = Utc::now();
        let mut org = self.org_mut();
        let admin = org.find_user(&org.api_token_owner_id).cloned();
        let Some(u) = org.find_user_mut(user) else { return false };
        u.factors.clear();
        u.last_updated = now;
        let b = EventBuilder::new(&mut rand::thread_rng(), "user.mfa.factor.reset_all", now)
            .request_uri(&format!("/api/v1/users/{}/lifecycle/reset_factors", u.id))
            .target(user_target(u));
        let event = match &admin {
            Some(a) => b.actor_user(a).build(),
            None => b.build(),
        };
        drop(org);
        self.logs.append(vec![event], now);
        true
    }
}
