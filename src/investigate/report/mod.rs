//! One user's investigation report: who they are, what they did and what was done to them in
//! the window, in numbers and rows, with the findings that concern them; and an address's
//! (`ip`). Pure: built from what `gather` fetched.

mod activity;
mod ip;
mod sign_ins;

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

pub use activity::{ActivityKind, ActivityLine};
pub use ip::{IpEvent, IpReport, IpUser};
pub use sign_ins::{per_hour, HourCount, SignIn};

use crate::investigate::suppress::Suppressed;
use crate::investigate::{findings_for_user, DetectionConfig, Directory, Finding, KnownUser, LogWindow, MfaState};
use crate::okta::model::{Factor, Group, LogEvent, Role, User};

/// The user, as the report shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserFacts {
    pub id: String,
    pub login: String,
    pub name: String,
    pub status: String,
    pub last_login: Option<String>,
    /// `type:status` of each factor; `None` when they could not be read.
    pub factors: Option<Vec<String>>,
    /// Admin role labels; `None` when they could not be read.
    pub admin_roles: Option<Vec<String>>,
    /// Group names; `None` when they could not be read.
    pub groups: Option<Vec<String>>,
}

/// The report's numbers (the headless contract's `summary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Summary {
    pub sign_ins: usize,
    pub failed_sign_ins: usize,
    pub mfa_challenges: usize,
    pub mfa_failures: usize,
    pub lockouts: usize,
    pub privilege_changes: usize,
    /// Countries signed in from, sorted.
    pub countries: Vec<String>,
    /// IPs signed in from, sorted.
    pub ips: Vec<String>,
}

/// The whole investigation of one user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserReport {
    pub user: UserFacts,
    pub window: LogWindow,
    pub summary: Summary,
    /// Worst first.
    pub findings: Vec<Finding>,
    /// The user's findings the suppression rules in force at the window's end set aside.
    pub suppressed: Suppressed,
    /// Oldest first.
    #[serde(skip)]
    pub sign_ins: Vec<SignIn>,
    #[serde(skip)]
    pub per_hour: Vec<HourCount>,
    /// MFA challenges, lockouts, privilege and factor changes, and admin actions by the user;
    /// oldest first.
    #[serde(skip)]
    pub activity: Vec<ActivityLine>,
}

/// What was fetched for one user.
#[derive(Debug, Clone, Copy)]
pub struct CaseParts<'a> {
    pub user: &'a User,
    pub factors: Option<&'a [Factor]>,
    pub roles: Option<&'a [Role]>,
    pub groups: Option<&'a [Group]>,
    /// The events by or about the user in the window.
    pub events: &'a [LogEvent],
    pub window: LogWindow,
}

impl UserReport {
    /// Judges one user's case. `directory` may be empty; the user themself is added to it.
    pub fn build(case: CaseParts<'_>, directory: &Directory, config: &DetectionConfig) -> UserReport {
        let user = facts(&case);
        let mut directory = directory.clone();
        directory.insert(KnownUser {
            id: user.id.clone(),
            login: user.login.clone(),
            status: user.status.clone(),
            mfa: case.factors.map(mfa_state),
            admin: user.admin_roles.as_ref().map(|r| !r.is_empty()),
        });
        let findings = findings_for_user(case.events, &user.login, &directory, config);
        let (findings, suppressed) = config.suppress.sift(findings, case.window.until);
        let cited: HashSet<&str> = findings.iter().flat_map(|f| f.evidence.iter().map(String::as_str)).collect();
        let sign_ins: Vec<SignIn> = case
            .events
            .iter()
            .filter(|e| sign_ins::is_sign_in_of(e, &user.id, &user.login))
            .map(|e| sign_ins::sign_in(e, &cited))
            .collect();
        let activity: Vec<ActivityLine> =
            case.events.iter().filter_map(|e| activity::line(e, &user.id, &user.login)).collect();
        let summary = summarise(&sign_ins, &activity);
        let per_hour = per_hour(&sign_ins, case.window.since, case.window.until);
        UserReport { user, window: case.window, summary, findings, suppressed, sign_ins, per_hour, activity }
    }
}

fn facts(case: &CaseParts<'_>) -> UserFacts {
    let u = case.user;
    let factor = |f: &Factor| {
        format!("{}:{}", f.factor_type.as_deref().unwrap_or("unknown"), f.status.as_deref().unwrap_or("UNKNOWN"))
    };
    UserFacts {
        id: u.id.clone().unwrap_or_default(),
        login: u.login().unwrap_or_default().to_string(),
        name: u.display_name(),
        status: u.status().unwrap_or("UNKNOWN").to_string(),
        last_login: u.last_login.clone(),
        factors: case.factors.map(|fs| fs.iter().map(factor).collect()),
        admin_roles: case
            .roles
            .map(|rs| rs.iter().filter_map(|r| r.label.clone().or_else(|| r.role_type.clone())).collect::<Vec<_>>()),
        groups: case.groups.map(|gs| gs.iter().filter_map(|g| g.name().map(str::to_string)).collect()),
    }
}

/// The user's MFA state from their factors (only ACTIVE ones count).
fn mfa_state(factors: &[Factor]) -> MfaState {
    let briefs: Vec<crate::mfa::classify::FactorBrief> =
        factors.iter().map(crate::mfa::classify::FactorBrief::of).collect();
    match crate::mfa::classify::classify(&briefs) {
        crate::mfa::classify::MfaClass::Strong => MfaState::Strong,
        crate::mfa::classify::MfaClass::WeakOnly => MfaState::WeakOnly,
        _ => MfaState::None,
    }
}

fn summarise(sign_ins: &[SignIn], activity: &[ActivityLine]) -> Summary {
    let count = |kind: ActivityKind, failed: Option<bool>| {
        activity.iter().filter(|a| a.kind == kind && failed.is_none_or(|f| a.failed == f)).count()
    };
    let countries: BTreeSet<String> = sign_ins.iter().filter_map(|s| s.country.clone()).collect();
    let ips: BTreeSet<String> = sign_ins.iter().filter_map(|s| s.ip.clone()).collect();
    Summary {
        sign_ins: sign_ins.len(),
        failed_sign_ins: sign_ins.iter().filter(|s| !s.succeeded()).count(),
        mfa_challenges: count(ActivityKind::MfaChallenge, None),
        mfa_failures: count(ActivityKind::MfaChallenge, Some(true)),
        lockouts: count(ActivityKind::Lockout, None),
        privilege_changes: count(ActivityKind::PrivilegeChange, None),
        countries: countries.into_iter().collect(),
        ips: ips.into_iter().collect(),
    }
}

/// Whether the user (by id, else login) is the event's actor.
pub(crate) fn is_actor(event: &LogEvent, id: &str, login: &str) -> bool {
    let Some(actor) = event.actor.as_ref() else { return false };
    match actor.id.as_deref() {
        Some(actor_id) if !id.is_empty() && !actor_id.is_empty() => actor_id == id,
        _ => actor.alternate_id.as_deref().is_some_and(|a| !login.is_empty() && a.eq_ignore_ascii_case(login)),
    }
}

/// Whether the user (by id, else login) is one of the event's targets.
pub(crate) fn is_target(event: &LogEvent, id: &str, login: &str) -> bool {
    event.target.iter().flatten().any(|t| match t.id.as_deref() {
        Some(target_id) if !id.is_empty() && !target_id.is_empty() => target_id == id,
        _ => t.alternate_id.as_deref().is_some_and(|a| !login.is_empty() && a.eq_ignore_ascii_case(login)),
    })
}
