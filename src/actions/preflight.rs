//! Before an approval: re-read the target and decide whether the action makes sense.

use serde_json::Value;

use super::action::OrgChange;
use super::error::ActionError;
use crate::okta::api::{iam, users};
use crate::okta::client::Client;
use crate::okta::model::{AppLink, Role, User};
use crate::okta::ratelimit::Priority;
use crate::sanitize::clean;

/// The target as Okta describes it right now; every string sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub login: String,
    pub name: String,
    pub status: String,
    /// Admin role labels (`Super Administrator`), or `None` when the credential may not read them.
    pub admin_roles: Option<Vec<String>>,
    /// Active app assignments, or `None` when they could not be read.
    pub active_apps: Option<usize>,
}

/// Where an action came from when an investigation proposed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// One line: what the finding saw.
    pub summary: String,
    /// The `uuid`s of the System Log events behind it.
    pub uuids: Vec<String>,
    /// `high`, `medium`, `low`.
    pub confidence: String,
}

/// Everything an approval shows and records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub action: OrgChange,
    pub target: Target,
    /// The org URL.
    pub org: String,
    /// The profile's name and label.
    pub profile: String,
    pub evidence: Option<Evidence>,
    /// Why approval is impossible (the user is in the wrong state), if it is.
    pub blocked: Option<String>,
}

impl Plan {
    /// A plan for `action` on `target`, with its precondition checked.
    pub fn new(action: OrgChange, target: Target, org: String, profile: String, evidence: Option<Evidence>) -> Plan {
        let blocked = precondition(action, &target);
        Plan { action, target, org, profile, evidence, blocked }
    }

    /// The effect on the target, in words.
    pub fn effect(&self) -> String {
        let name = if self.target.name.is_empty() { &self.target.login } else { &self.target.name };
        self.action.effect(name)
    }

    /// The facts an operator approves, one per line, as the dialog and the headless prompt show them.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let t = &self.target;
        let mut facts = vec![
            ("org", self.org.clone()),
            ("profile", self.profile.clone()),
            ("action", self.action.title().to_string()),
            ("effect", self.effect()),
            ("login", t.login.clone()),
            ("name", t.name.clone()),
            ("status", t.status.clone()),
            (
                "admin roles",
                match &t.admin_roles {
                    Some(r) if r.is_empty() => "none".to_string(),
                    Some(r) => r.join(", "),
                    None => "unknown (the credential may not read roles)".to_string(),
                },
            ),
            ("active apps", t.active_apps.map_or_else(|| "unknown".to_string(), |n| n.to_string())),
        ];
        if let Some(e) = &self.evidence {
            facts.push(("evidence", format!("{} ({} events)", e.summary, e.uuids.len())));
            facts.push(("confidence", e.confidence.clone()));
        }
        facts
    }
}

/// Why `action` makes no sense for `target` now, if it does not.
fn precondition(action: OrgChange, target: &Target) -> Option<String> {
    let required = action.required_status()?;
    (target.status != required)
        .then(|| format!("{} is {}: only {required} users can be {}ed", target.login, target.status, action.name()))
}

/// Re-reads the user (`id` or login) with its admin roles and app assignments, and plans
/// `action` on them. Roles and apps are best effort: a credential without the scope shows
/// them as unknown rather than blocking the action.
pub async fn prepare(
    client: &Client,
    action: OrgChange,
    user: &str,
    profile: &str,
    evidence: Option<Evidence>,
) -> Result<Plan, ActionError> {
    let target = read_target(client, user).await.map_err(ActionError::Preflight)?;
    Ok(Plan::new(action, target, client.org().as_str().to_string(), clean(profile).into_owned(), evidence))
}

/// The target's facts now.
pub async fn read_target(client: &Client, user: &str) -> Result<Target, crate::okta::error::OktaError> {
    let u: User = users::get(client, user, Priority::Interactive).await?;
    let id = u.id.clone().unwrap_or_default();
    let roles = iam::user_roles(&id).all::<Role>(client, Priority::Interactive).await;
    let apps = users::app_links(&id).all::<AppLink>(client, Priority::Interactive).await;
    let admin_roles = roles.ok().map(|roles| {
        roles
            .iter()
            .filter(|r| r.status.as_deref().is_none_or(|s| s == "ACTIVE"))
            .map(|r| clean(r.label.as_deref().or(r.role_type.as_deref()).unwrap_or("role")).into_owned())
            .collect()
    });
    Ok(Target {
        login: clean(u.login().unwrap_or(&id)).into_owned(),
        name: clean(&u.display_name()).into_owned(),
        status: clean(u.status().unwrap_or("UNKNOWN")).into_owned(),
        admin_roles,
        active_apps: apps.ok().map(|a| a.len()),
        id: clean(&id).into_owned(),
    })
}

/// The status of a user object (for re-reads after acting).
pub fn status_of(user: &Value) -> Option<String> {
    user.get("status").and_then(Value::as_str).map(|s| clean(s).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(status: &str) -> Target {
        Target {
            id: "00u1".into(),
            login: "john@x.example".into(),
            name: "John Doe".into(),
            status: status.into(),
            admin_roles: Some(vec![]),
            active_apps: Some(3),
        }
    }

    #[test]
    fn preconditions_follow_oktas_lifecycle_rules() {
        let plan = |a, s| Plan::new(a, target(s), "https://x".into(), "p".into(), None).blocked;
        assert_eq!(plan(OrgChange::Suspend, "ACTIVE"), None);
        assert!(plan(OrgChange::Suspend, "SUSPENDED").unwrap().contains("only ACTIVE users can be suspended"));
        assert!(plan(OrgChange::Unsuspend, "ACTIVE").unwrap().contains("SUSPENDED"));
        assert_eq!(
            plan(OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false }, "LOCKED_OUT"),
            None
        );
    }

    #[test]
    fn facts_say_the_effect_in_words() {
        let plan = Plan::new(OrgChange::Suspend, target("ACTIVE"), "https://x".into(), "prod".into(), None);
        let facts = plan.facts();
        assert!(facts.iter().any(|(k, v)| *k == "effect" && v.starts_with("John Doe can no longer sign in")));
        assert!(facts.iter().any(|(k, v)| *k == "active apps" && v == "3"));
    }
}
