//! Before an approval: re-read the target and decide whether the action makes sense.

use serde_json::Value;

use super::action::OrgChange;
use super::error::ActionError;
use crate::okta::api::{iam, sessions, users};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::{AppLink, Factor, Role, User};
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

/// One enrolled factor, as the dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorFact {
    pub id: String,
    /// `push`, `sms`, `token:software:totp`, …
    pub factor_type: String,
    /// `ACTIVE`, `PENDING_ACTIVATION`, …
    pub status: String,
}

impl FactorFact {
    /// `push opf1 (ACTIVE)`.
    pub fn line(&self) -> String {
        format!("{} {} ({})", self.factor_type, self.id, self.status)
    }
}

/// One Okta session, as re-read before revoking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFact {
    pub id: String,
    /// The user the session belongs to.
    pub user_id: String,
    /// `ACTIVE`, `MFA_REQUIRED`, `MFA_ENROLL`.
    pub status: String,
}

/// What an action needs to know beyond the user's status, read only for the actions that
/// need it; `None` where it was not read. A read that failed keeps its reason, in words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionFacts {
    /// The user's factors (reset factors, remove one factor).
    pub factors: Option<Result<Vec<FactorFact>, String>>,
    /// Whether the user has a password credential (expire password).
    pub has_password: Option<bool>,
    /// The user's risk level, or why the org did not answer (set risk).
    pub risk: Option<Result<String, String>>,
    /// The session to revoke, or why it could not be read (revoke one session).
    pub session: Option<Result<SessionFact, String>>,
}

/// Everything an approval shows and records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub action: OrgChange,
    pub target: Target,
    /// What the precondition was checked against, beyond the status (boxed: most actions
    /// need none of it).
    pub facts: Box<ActionFacts>,
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
        Plan::with_facts(action, target, ActionFacts::default(), org, profile, evidence)
    }

    /// A plan for `action` on `target`, its precondition checked against `facts` too.
    pub fn with_facts(
        action: OrgChange,
        target: Target,
        facts: ActionFacts,
        org: String,
        profile: String,
        evidence: Option<Evidence>,
    ) -> Plan {
        let blocked = precondition(&action, &target, &facts);
        Plan { action, target, facts: Box::new(facts), org, profile, evidence, blocked }
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
        facts.extend(self.action_facts());
        if let Some(e) = &self.evidence {
            facts.push(("evidence", format!("{} ({} events)", e.summary, e.uuids.len())));
            facts.push(("confidence", e.confidence.clone()));
        }
        facts
    }
}

impl Plan {
    /// The facts read for this action beyond the user's: the factors a reset removes, the
    /// risk level now, the session to end.
    fn action_facts(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let f = &self.facts;
        if let Some(factors) = &f.factors {
            out.push((
                "factors",
                match factors {
                    Ok(list) if list.is_empty() => "none enrolled".to_string(),
                    Ok(list) => list.iter().map(FactorFact::line).collect::<Vec<_>>().join(", "),
                    Err(why) => format!("unknown ({why})"),
                },
            ));
        }
        if let Some(has) = f.has_password {
            out.push(("password", if has { "set" } else { "none (no Okta password credential)" }.to_string()));
        }
        if let Some(risk) = &f.risk {
            out.push(("risk now", risk.clone().unwrap_or_else(|why| format!("unknown ({why})"))));
        }
        if let Some(session) = &f.session {
            out.push((
                "session",
                match session {
                    Ok(s) => format!("{} ({})", s.id, s.status),
                    Err(why) => format!("unknown ({why})"),
                },
            ));
        }
        out
    }
}

/// Why `action` makes no sense for `target` now, if it does not.
fn precondition(action: &OrgChange, target: &Target, facts: &ActionFacts) -> Option<String> {
    let login = &target.login;
    if let Some(required) = action.required_status() {
        if target.status != required {
            let done = match action {
                OrgChange::ExpirePassword => "have their password expired",
                OrgChange::Unlock => "be unlocked",
                OrgChange::Unsuspend => "be unsuspended",
                _ => "be suspended",
            };
            return Some(format!("{login} is {}: only {required} users can {done}", target.status));
        }
    }
    match action {
        OrgChange::ResetFactors => match &facts.factors {
            Some(Ok(list)) if list.is_empty() => Some(format!("{login} has no enrolled factor: nothing to reset")),
            Some(Ok(_)) => None,
            Some(Err(why)) => Some(format!("the factors of {login} cannot be read ({why}): nothing to check")),
            None => Some(format!("the factors of {login} were not read")),
        },
        OrgChange::RemoveFactor { factor_id } => match &facts.factors {
            Some(Ok(list)) if list.iter().any(|f| &f.id == factor_id) => None,
            Some(Ok(list)) => Some(format!(
                "{login} has no factor {factor_id} (enrolled: {})",
                if list.is_empty() {
                    "none".to_string()
                } else {
                    list.iter().map(FactorFact::line).collect::<Vec<_>>().join(", ")
                }
            )),
            Some(Err(why)) => Some(format!("the factors of {login} cannot be read ({why})")),
            None => Some(format!("the factors of {login} were not read")),
        },
        OrgChange::ExpirePassword if facts.has_password == Some(false) => {
            Some(format!("{login} has no Okta password to expire (a federated or passwordless user)"))
        }
        OrgChange::SetRisk { level } => match &facts.risk {
            Some(Ok(now)) if now == level.as_str() => Some(format!("{login}'s risk is already {now}")),
            Some(Ok(_)) => None,
            Some(Err(why)) => Some(why.clone()),
            None => Some(format!("the risk of {login} was not read")),
        },
        OrgChange::RevokeSession { session_id } => match &facts.session {
            Some(Ok(s)) if s.user_id != target.id => {
                Some(format!("the session {session_id} belongs to another user ({}), not {login}", s.user_id))
            }
            Some(Ok(_)) => None,
            Some(Err(why)) => Some(why.clone()),
            None => Some(format!("the session {session_id} was not read")),
        },
        _ => None,
    }
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
    let facts = read_facts(client, std::slice::from_ref(&action), &target.id).await;
    let (org, profile) = (client.org().as_str().to_string(), clean(profile).into_owned());
    Ok(Plan::with_facts(action, target, facts, org, profile, evidence))
}

/// What `actions` need to know about user `id` beyond its status, each read once.
pub async fn read_facts(client: &Client, actions: &[OrgChange], id: &str) -> ActionFacts {
    let mut facts = ActionFacts::default();
    let needs = |f: fn(&OrgChange) -> bool| actions.iter().any(f);
    if needs(|a| matches!(a, OrgChange::ResetFactors | OrgChange::RemoveFactor { .. })) {
        facts.factors = Some(read_factors(client, id).await.map_err(|e| clean(&e.to_string()).into_owned()));
    }
    if needs(|a| matches!(a, OrgChange::ExpirePassword)) {
        facts.has_password = users::get::<User>(client, id, Priority::Interactive)
            .await
            .ok()
            .map(|u| u.credentials.as_ref().and_then(|c| c.get("password")).is_some());
    }
    if let Some(OrgChange::SetRisk { .. }) = actions.iter().find(|a| matches!(a, OrgChange::SetRisk { .. })) {
        facts.risk = Some(read_risk(client, id).await);
    }
    if let Some(OrgChange::RevokeSession { session_id }) =
        actions.iter().find(|a| matches!(a, OrgChange::RevokeSession { .. }))
    {
        facts.session = Some(read_session(client, session_id).await);
    }
    facts
}

/// The user's factors now.
pub async fn read_factors(client: &Client, id: &str) -> Result<Vec<FactorFact>, OktaError> {
    let factors = users::factors(id).all::<Factor>(client, Priority::Interactive).await?;
    Ok(factors
        .iter()
        .map(|f| FactorFact {
            id: clean(f.id.as_deref().unwrap_or("")).into_owned(),
            factor_type: clean(f.factor_type.as_deref().unwrap_or("factor")).into_owned(),
            status: clean(f.status.as_deref().unwrap_or("UNKNOWN")).into_owned(),
        })
        .collect())
}

/// The user's risk level, or why the org does not tell it (no Identity Threat Protection).
pub async fn read_risk(client: &Client, id: &str) -> Result<String, String> {
    match users::risk::<Value>(client, id, Priority::Interactive).await {
        Ok(risk) => Ok(risk
            .get("riskLevel")
            .and_then(Value::as_str)
            .map(|l| clean(l).into_owned())
            .unwrap_or_else(|| "NONE".to_string())),
        Err(e) => Err(super::execute::explain(&OrgChange::SetRisk { level: super::action::RiskLevel::High }, &e)),
    }
}

/// The session `id`, or why it cannot be revoked (ended, unknown, not readable).
pub async fn read_session(client: &Client, id: &str) -> Result<SessionFact, String> {
    match sessions::get::<Value>(client, id, Priority::Interactive).await {
        Ok(s) => {
            let field = |k: &str| s.get(k).and_then(Value::as_str).map(|v| clean(v).into_owned()).unwrap_or_default();
            Ok(SessionFact { id: field("id"), user_id: field("userId"), status: field("status") })
        }
        Err(e) if e.status() == Some(404) => Err(format!("no session {id}: it ended already, or never existed")),
        Err(e) => Err(super::execute::explain(&OrgChange::RevokeSession { session_id: id.to_string() }, &e)),
    }
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
