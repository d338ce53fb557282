//! What a caller's admin roles let it do (API-NOTES §1a–1b): scopes decide which operations a
//! token may attempt, admin roles which resources it may touch.
//!
//! - An SSWS token acts as its owner: a deactivated (DEPROVISIONED) owner's tokens are
//!   deprovisioned with them, so Okta answers 401 `E0000011` "Invalid token provided". That is
//!   the only owner state Okta documents as ending its tokens (create-an-api-token guide,
//!   API-NOTES §1a): a SUSPENDED, LOCKED_OUT or PASSWORD_EXPIRED owner cannot sign in, but
//!   its token keeps working.
//! - A service app or token owner with no admin role at all is refused with 403 `E0000006`
//!   on every resource (the service-app guide: assign a role, or the calls fail), except an
//!   SSWS caller reading itself (`/api/v1/users/me`).
//! - Read-only roles (Read Only Administrator, Report Administrator) read everything and
//!   change nothing: 403 `E0000006` on every non-GET.

use axum::http::{Method, StatusCode};

use super::error::SimError;
use super::org::Org;
use super::resource_auth::Principal;

/// Okta's `errorSummary` for `E0000006`.
pub const NO_PERMISSION: &str = "You do not have permission to perform the requested action";

/// Standard role types that read but never change anything.
const READ_ONLY_ROLES: &[&str] = &["READ_ONLY_ADMIN", "REPORT_ADMIN"];

/// The admin role types of `principal` in `org`.
pub fn role_types<'a>(org: &'a Org, principal: &Principal) -> Vec<&'a str> {
    let roles = match principal {
        Principal::ApiToken { user_id } => match org.find_user(user_id) {
            Some(owner) => &owner.roles,
            None => return Vec::new(),
        },
        Principal::OAuth { .. } => &org.service_app_roles,
    };
    roles.iter().map(|r| r.role_type.as_str()).collect()
}

/// Whether an SSWS token still works: its owner exists and is not deactivated.
pub fn api_token_works(org: &Org, owner_id: &str) -> bool {
    org.find_user(owner_id).is_some_and(|u| u.status != "DEPROVISIONED")
}

/// Refuses the request when the caller's roles do not cover it; `path` is percent-decoded.
pub fn check(org: &Org, principal: &Principal, method: &Method, path: &str) -> Result<(), SimError> {
    if matches!(principal, Principal::ApiToken { .. }) && path == "/api/v1/users/me" && *method == Method::GET {
        return Ok(());
    }
    let roles = role_types(org, principal);
    let read = *method == Method::GET || *method == Method::HEAD;
    let allowed = !roles.is_empty() && (read || roles.iter().any(|r| !READ_ONLY_ROLES.contains(r)));
    if allowed {
        Ok(())
    } else {
        Err(SimError::okta(StatusCode::FORBIDDEN, "E0000006", NO_PERMISSION))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::generate::generate;

    fn org() -> Org {
        generate(1, 20, crate::start_of_today())
    }

    #[test]
    fn roles_decide_reads_and_changes() {
        let mut org = org();
        let owner = Principal::ApiToken { user_id: org.api_token_owner_id.clone() };
        let app = Principal::OAuth { client_id: "0oa1".into(), scopes: vec![], dpop_bound: false };
        let suspend = "/api/v1/users/00u1/lifecycle/suspend";
        for p in [&owner, &app] {
            assert!(check(&org, p, &Method::GET, "/api/v1/users").is_ok());
            assert!(check(&org, p, &Method::POST, suspend).is_ok());
        }
        org.service_app_roles.retain(|r| r.role_type == "READ_ONLY_ADMIN");
        assert!(check(&org, &app, &Method::GET, "/api/v1/logs").is_ok());
        assert!(matches!(check(&org, &app, &Method::POST, suspend), Err(SimError::Okta { code: "E0000006", .. })));
        org.service_app_roles.clear();
        assert!(check(&org, &app, &Method::GET, "/api/v1/users").is_err());
        let id = org.api_token_owner_id.clone();
        org.find_user_mut(&id).unwrap().roles.clear();
        assert!(check(&org, &owner, &Method::GET, "/api/v1/users/me").is_ok());
        assert!(check(&org, &owner, &Method::GET, "/api/v1/users").is_err());
        for (status, works) in
            [("SUSPENDED", true), ("LOCKED_OUT", true), ("PASSWORD_EXPIRED", true), ("DEPROVISIONED", false)]
        {
            org.find_user_mut(&id).unwrap().status = status.into();
            assert_eq!(api_token_works(&org, &id), works, "{status}");
        }
    }
}
