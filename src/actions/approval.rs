//! The approval gate: the only way to make an [`Approved`], the only thing
//! [`super::execute`] accepts. An approval needs a plan whose precondition holds, a reason,
//! and a confirmation; the same action on the same user cannot be approved while one is in
//! flight.

use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::action::Action;
use super::error::ActionError;
use super::operator::local_operator;
use super::preflight::Plan;

/// Logins longer than this may be confirmed by their last [`SHORT_CONFIRMATION`] characters.
pub const LONG_LOGIN: usize = 16;
/// How many trailing characters confirm a long login.
pub const SHORT_CONFIRMATION: usize = 6;

/// How the operator said yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// What they typed: the target's login, or its last 6 characters for a long one.
    Typed(String),
    /// `--yes` on a headless command: the script's author approved in advance.
    YesFlag,
}

/// An approved action: one use, not cloneable, made only by [`approve`].
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    id: String,
    plan: Plan,
    reason: String,
    operator: String,
    at: DateTime<Utc>,
}

impl Approved {
    /// The approval's id, shared by its intent and outcome records.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What was approved.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The action.
    pub fn action(&self) -> Action {
        self.plan.action
    }

    /// The target's user id.
    pub fn target_id(&self) -> &str {
        &self.plan.target.id
    }

    /// Why, in the operator's words (sanitised).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// `user@host`.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// When it was approved.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }
}

/// Whether `typed` confirms `login`: the whole login, or the last 6 characters of a long one.
pub fn confirms(login: &str, typed: &str) -> bool {
    let typed = typed.trim();
    if typed.is_empty() {
        return false;
    }
    if typed == login {
        return true;
    }
    let chars: Vec<char> = login.chars().collect();
    chars.len() > LONG_LOGIN && typed.chars().eq(chars[chars.len() - SHORT_CONFIRMATION..].iter().copied())
}

/// What the operator is asked to type for `login`.
pub fn confirmation_prompt(login: &str) -> String {
    if login.chars().count() > LONG_LOGIN {
        format!("type the login {login} (or its last {SHORT_CONFIRMATION} characters) to approve")
    } else {
        format!("type the login {login} to approve")
    }
}

/// Approves `plan` for `reason`, if the precondition holds, the reason is given, the
/// confirmation matches and the same action on the same user is not already in flight.
pub fn approve(plan: Plan, reason: &str, confirmation: Confirmation) -> Result<Approved, ActionError> {
    if let Some(why) = &plan.blocked {
        return Err(ActionError::Refused(why.clone()));
    }
    let reason = crate::sanitize::clean(reason.trim()).into_owned();
    if reason.is_empty() {
        return Err(ActionError::Refused("a reason is required (--reason)".into()));
    }
    if let Confirmation::Typed(typed) = &confirmation {
        if !confirms(&plan.target.login, typed) {
            return Err(ActionError::Refused(format!(
                "the confirmation does not match the login {}",
                plan.target.login
            )));
        }
    }
    if in_flight(plan.action, &plan.org, &plan.target.id) {
        return Err(ActionError::Refused(format!(
            "{} of {} is already in flight; wait for its outcome",
            plan.action.name(),
            plan.target.login
        )));
    }
    Ok(Approved { id: uuid::Uuid::new_v4().to_string(), plan, reason, operator: local_operator(), at: Utc::now() })
}

/// Which action on whom in which org: user ids are unique within an org only.
type FlightKey = (&'static str, String, String);

/// Actions being executed now, by (action name, org URL, user id).
static IN_FLIGHT: Mutex<Option<HashSet<FlightKey>>> = Mutex::new(None);

fn in_flight(action: Action, org: &str, user_id: &str) -> bool {
    let guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    guard.as_ref().is_some_and(|set| set.contains(&(action.name(), org.to_string(), user_id.to_string())))
}

/// Holds an action's place in flight until dropped.
pub(super) struct InFlight {
    key: FlightKey,
}

impl InFlight {
    /// Takes the place of `approved`'s action, or refuses when it is already taken.
    pub(super) fn enter(approved: &Approved) -> Result<InFlight, ActionError> {
        let key = (approved.action().name(), approved.plan.org.clone(), approved.target_id().to_string());
        let mut guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if !guard.get_or_insert_with(HashSet::new).insert(key.clone()) {
            return Err(ActionError::Refused(format!(
                "{} of {} is already in flight; wait for its outcome",
                key.0, approved.plan.target.login
            )));
        }
        Ok(InFlight { key })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = guard.as_mut() {
            set.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::preflight::Target;

    fn plan(login: &str, status: &str) -> Plan {
        let target = Target {
            id: format!("00u-{login}"),
            login: login.into(),
            name: "N".into(),
            status: status.into(),
            admin_roles: None,
            active_apps: None,
        };
        Plan::new(Action::Suspend, target, "https://x".into(), "p".into(), None)
    }

    #[test]
    fn long_logins_may_be_confirmed_by_their_last_six_characters() {
        assert!(confirms("jo@x.io", "jo@x.io"));
        assert!(!confirms("jo@x.io", "x.io") && !confirms("jo@x.io", ""));
        assert!(confirms("marcus.oyelaran@acme.example", "xample"));
        assert!(!confirms("marcus.oyelaran@acme.example", "exampl"));
    }

    #[test]
    fn approval_needs_the_precondition_a_reason_and_the_login() {
        assert!(approve(plan("a@x.io", "SUSPENDED"), "r", Confirmation::YesFlag).is_err());
        assert!(approve(plan("a@x.io", "ACTIVE"), "  ", Confirmation::YesFlag).is_err());
        assert!(approve(plan("a@x.io", "ACTIVE"), "r", Confirmation::Typed("b@x.io".into())).is_err());
        let ok =
            approve(plan("a@x.io", "ACTIVE"), "spray \u{1b}[31mvictim", Confirmation::Typed("a@x.io".into())).unwrap();
        assert!(!ok.reason().contains('\u{1b}'));
    }

    #[test]
    fn the_same_action_cannot_be_approved_twice_in_flight() {
        let first = approve(plan("inflight@x.io", "ACTIVE"), "r", Confirmation::YesFlag).unwrap();
        let place = InFlight::enter(&first).unwrap();
        let second = approve(plan("inflight@x.io", "ACTIVE"), "r", Confirmation::YesFlag);
        assert!(matches!(second, Err(ActionError::Refused(m)) if m.contains("already in flight")));
        assert!(InFlight::enter(&first).is_err());
        drop(place);
        assert!(approve(plan("inflight@x.io", "ACTIVE"), "r", Confirmation::YesFlag).is_ok());
    }
}
