//! Doctor's least-privilege checks: which admin roles the credential holds, read from Okta,
//! and whether they fit what the profile does. An SSWS token acts as its admin
//! (`/api/v1/users/me`, then `/api/v1/users/{id}/roles`); a service app holds its own roles
//! (`/oauth2/v1/clients/{clientId}/roles`, scope `okta.roles.read`).

use std::io::Write;

use super::diagnoses::{
    ACTION_ROLE, APP_ROLE_STEP, APP_WITHOUT_ROLE, CANNOT_ACT, MORE_THAN_NEEDED, OWNER_ROLE_STEP, OWNER_UNREADABLE,
    OWNER_WITHOUT_ROLE, ROLES_NEED_SCOPE, ROLES_UNREADABLE,
};
use super::{Report, Verdict};
use crate::okta::api::{iam, users, Listing};
use crate::okta::client::Client;
use crate::okta::credential::Credential;
use crate::okta::error::OktaError;
use crate::okta::model::{Role, User};
use crate::okta::ratelimit::Priority;
use crate::sanitize::clean;

/// Roles that can do anything in the org: far more than an investigation console needs.
const ALL_POWERFUL: &[&str] = &["SUPER_ADMIN", "ORG_ADMIN"];
/// Roles that read and never change anything.
const READ_ONLY: &[&str] = &["READ_ONLY_ADMIN", "REPORT_ADMIN"];

/// Whose roles these are, for messages and for the step that fixes them.
struct Holder {
    /// "`svc@acme.com`" or "the service app".
    name: String,
    /// The Admin Console path where its role is assigned.
    step: &'static str,
    /// The lead for "no role at all".
    without_role: &'static str,
}

/// Reads and judges the credential's admin roles. `read_only` is the profile's promise.
pub(super) async fn roles<W: Write>(
    report: &mut Report<'_, W>,
    client: &Client,
    credential: &Credential,
    read_only: bool,
) -> std::io::Result<()> {
    let (holder, listing) = match credential {
        Credential::ApiToken(_) => match token_owner(report, client).await? {
            Some(found) => found,
            None => return Ok(()),
        },
        Credential::ClientSecret { client_id, .. } | Credential::PrivateKey { client_id, .. } => {
            let holder = Holder { name: "the service app".into(), step: APP_ROLE_STEP, without_role: APP_WITHOUT_ROLE };
            (holder, iam::client_roles(client_id))
        }
    };
    let verdict = match listing.page::<Role>(client, Priority::Interactive).await {
        Ok((roles, _)) => judge(&roles, &holder, read_only),
        Err(e) => unreadable(&e, &holder),
    };
    report.line("roles held", verdict)
}

/// The token's own user, and where its roles are; reports what it found.
async fn token_owner<W: Write>(
    report: &mut Report<'_, W>,
    client: &Client,
) -> std::io::Result<Option<(Holder, Listing)>> {
    let user = match users::me::<User>(client, Priority::Interactive).await {
        Ok(user) => user,
        Err(e) => {
            let detail = format!("{OWNER_UNREADABLE} (/api/v1/users/me): {e}; its admin roles are not checked");
            report.line("token owner", Verdict::Warn(detail))?;
            return Ok(None);
        }
    };
    let login = user.login().map(|l| clean(l).into_owned()).unwrap_or_else(|| "(no login)".into());
    let status = user.status.as_deref().map(|s| clean(s).into_owned()).unwrap_or_default();
    let Some(id) = user.id.as_deref() else {
        report.line("token owner", Verdict::Warn(format!("{OWNER_UNREADABLE}: Okta sent no id for {login}")))?;
        return Ok(None);
    };
    report.line("token owner", Verdict::Pass(format!("{login} ({status}); the token acts with this admin's roles")))?;
    let holder = Holder { name: format!("`{login}`"), step: OWNER_ROLE_STEP, without_role: OWNER_WITHOUT_ROLE };
    Ok(Some((holder, iam::user_roles(id))))
}

/// Whether the roles fit: none fails; all-powerful ones warn and name the smaller role;
/// read-only roles on a profile that may act warn that actions will be refused.
fn judge(roles: &[Role], holder: &Holder, read_only: bool) -> Verdict {
    let active: Vec<&Role> = roles.iter().filter(|r| r.status.as_deref() != Some("INACTIVE")).collect();
    if active.is_empty() {
        return Verdict::Fail(format!(
            "{}: assign one ({}); scopes alone give 403 E0000006 or empty lists",
            holder.without_role, holder.step
        ));
    }
    let kind = |r: &Role| r.role_type.clone().unwrap_or_default();
    let label = |r: &Role| clean(r.label.as_deref().or(r.role_type.as_deref()).unwrap_or("a role")).into_owned();
    let labels = active.iter().map(|r| label(r)).collect::<Vec<_>>().join(", ");
    if let Some(big) = active.iter().find(|r| ALL_POWERFUL.contains(&kind(r).as_str())) {
        let smaller = if read_only {
            "Read-Only Administrator is enough for a read-only console".to_string()
        } else {
            format!("Read-Only Administrator plus {ACTION_ROLE} is enough for investigating and acting")
        };
        return Verdict::Warn(format!(
            "{} holds {}, {MORE_THAN_NEEDED}: {smaller}; assign it instead ({})",
            holder.name,
            label(big),
            holder.step
        ));
    }
    if !read_only && active.iter().all(|r| READ_ONLY.contains(&kind(r).as_str())) {
        return Verdict::Warn(format!(
            "{} holds {labels}, so it {CANNOT_ACT}: every action (suspend, unlock, reset factors, …) will get 403 E0000006. \
             Add {ACTION_ROLE}, or set read_only = true in the profile",
            holder.name
        ));
    }
    Verdict::Pass(format!("{} holds {labels}", holder.name))
}

/// What an error reading the roles means.
fn unreadable(error: &OktaError, holder: &Holder) -> Verdict {
    match (error.status(), error.code()) {
        (Some(403), Some("insufficient_scope")) => Verdict::Warn(format!(
            "{ROLES_NEED_SCOPE}: grant okta.roles.read to the app (Okta API Scopes) and list it in the profile's \
             scopes, so doctor can check {} holds no more than it needs",
            holder.name
        )),
        (Some(403), Some("E0000006")) => Verdict::Fail(format!(
            "{ROLES_UNREADABLE} (403 E0000006): {} has no admin role, or one that may not view roles; assign \
             Read-Only Administrator ({})",
            holder.name, holder.step
        )),
        _ => Verdict::Warn(format!(
            "{ROLES_UNREADABLE} ({error}); doctor cannot tell whether {} holds more than it needs",
            holder.name
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(kind: &str, label: &str) -> Role {
        serde_json::from_value(serde_json::json!({"type": kind, "label": label, "status": "ACTIVE"})).unwrap()
    }

    fn app() -> Holder {
        Holder { name: "the service app".into(), step: APP_ROLE_STEP, without_role: APP_WITHOUT_ROLE }
    }

    #[test]
    fn roles_are_judged_against_the_profile() {
        let super_admin = [role("SUPER_ADMIN", "Super Administrator")];
        let Verdict::Warn(w) = judge(&super_admin, &app(), true) else { panic!("warns") };
        assert!(w.contains("Super Administrator") && w.contains("Read-Only Administrator is enough"), "{w}");
        let Verdict::Warn(w) = judge(&super_admin, &app(), false) else { panic!("warns") };
        assert!(w.contains("okta.users.lifecycle.suspend"), "{w}");
        let read_only = [role("READ_ONLY_ADMIN", "Read Only Administrator")];
        assert!(matches!(judge(&read_only, &app(), true), Verdict::Pass(_)));
        assert!(matches!(judge(&read_only, &app(), false), Verdict::Warn(w) if w.contains(CANNOT_ACT)));
        let acting = [role("READ_ONLY_ADMIN", "Read Only Administrator"), role("USER_ADMIN", "Group Administrator")];
        assert!(matches!(judge(&acting, &app(), false), Verdict::Pass(_)));
        assert!(matches!(judge(&[], &app(), true), Verdict::Fail(f) if f.contains(APP_ROLE_STEP)));
    }

    #[test]
    fn role_labels_from_okta_are_sanitised() {
        let hostile = [role("CUSTOM", "\u{1b}]0;pwned\u{7}Ops")];
        let Verdict::Pass(p) = judge(&hostile, &app(), true) else { panic!("passes") };
        assert!(!p.contains('\u{1b}') && !p.contains('\u{7}'), "{p:?}");
    }
}
