//! A containment plan: several changes to one user (for an accepted push bomb: suspend,
//! clear sessions, Universal Logout, reset factors), approved once — one reason, one typed
//! confirmation — and run in order. Each step is an action of its own through the same gate:
//! its intent and outcome records share the step's id (`{plan id}.{step}`) and carry the
//! plan's id and every step's name, so the journal says which steps ran. The plan stops at
//! the first step that is not done; nothing after it is sent.

use super::action::OrgChange;
use super::approval::{approve, Approved, Confirmation, PlanStep, Stamp};
use super::audit::Journal;
use super::error::ActionError;
use super::execute::{execute, ChangeOutcome};
use super::preflight::{read_facts, read_target, Evidence, Plan, Target};
use super::verify::Watch;
use crate::okta::client::Client;
use crate::sanitize::clean;

/// The steps of a plan, each prepared against the user as read before the first runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Containment {
    steps: Vec<Plan>,
}

impl Containment {
    /// A plan of `steps` (one user, at least one step, no step twice).
    pub fn new(steps: Vec<Plan>) -> Result<Containment, ActionError> {
        let Some(first) = steps.first() else {
            return Err(ActionError::Refused("a containment plan needs at least one step".into()));
        };
        if steps.iter().any(|s| s.target.id != first.target.id) {
            return Err(ActionError::Refused("every step of a containment plan acts on the same user".into()));
        }
        for (i, s) in steps.iter().enumerate() {
            if steps[..i].iter().any(|t| t.action.name() == s.action.name()) {
                return Err(ActionError::Refused(format!("{} is in the plan twice", s.action.name())));
            }
        }
        Ok(Containment { steps })
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Plan] {
        &self.steps
    }

    /// The user every step acts on.
    pub fn target(&self) -> &Target {
        &self.steps[0].target
    }

    /// Why the plan cannot be approved: the first step whose precondition does not hold.
    pub fn blocked(&self) -> Option<String> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.blocked.as_ref().map(|why| format!("step {} ({}): {why}", i + 1, s.action.name())))
    }

    /// The facts an operator approves: the user's, then each step with its effect.
    pub fn facts(&self) -> Vec<(String, String)> {
        let first = &self.steps[0];
        let mut facts: Vec<(String, String)> = first
            .facts()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "action" | "effect"))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        for step in &self.steps[1..] {
            for (k, v) in step.facts() {
                if !facts.iter().any(|(have, _)| have == k) {
                    facts.push((k.to_string(), v));
                }
            }
        }
        for (i, s) in self.steps.iter().enumerate() {
            facts.push((format!("step {}", i + 1), format!("{} — {}", s.action.title(), s.effect())));
        }
        facts
    }

    /// The steps' command names, in order.
    pub fn names(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.action.name().to_string()).collect()
    }
}

/// Reads the user once, with what every step needs to know, and plans each step.
pub async fn prepare_containment(
    client: &Client,
    actions: Vec<OrgChange>,
    user: &str,
    profile: &str,
    evidence: Option<Evidence>,
) -> Result<Containment, ActionError> {
    let target = read_target(client, user).await.map_err(ActionError::Preflight)?;
    let facts = read_facts(client, &actions, &target.id).await;
    let (org, profile) = (client.org().as_str().to_string(), clean(profile).into_owned());
    let steps = actions
        .into_iter()
        .map(|a| Plan::with_facts(a, target.clone(), facts.clone(), org.clone(), profile.clone(), evidence.clone()))
        .collect();
    Containment::new(steps)
}

/// An approved plan: one use, not cloneable, made only by [`approve_containment`].
#[derive(Debug)]
pub struct ApprovedContainment {
    id: String,
    steps: Vec<Approved>,
}

impl ApprovedContainment {
    /// The plan's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The approved steps, in order.
    pub fn steps(&self) -> &[Approved] {
        &self.steps
    }
}

/// Approves every step of `plan` at once, for one reason and one confirmation, if no step is
/// blocked: each step is approved by the gate ([`approve`]) with its own id `{id}.{n}`.
pub fn approve_containment(
    plan: Containment,
    reason: &str,
    confirmation: Confirmation,
    stamp: Stamp,
) -> Result<ApprovedContainment, ActionError> {
    if let Some(why) = plan.blocked() {
        return Err(ActionError::Refused(why));
    }
    let names = plan.names();
    let Stamp { id, operator, at } = stamp;
    let mut steps = Vec::with_capacity(plan.steps.len());
    for (i, step) in plan.steps.into_iter().enumerate() {
        let n = i + 1;
        let stamp = Stamp { id: format!("{id}.{n}"), operator: operator.clone(), at };
        let approved = approve(step, reason, confirmation.clone(), stamp)?;
        steps.push(approved.in_plan(PlanStep { plan_id: id.clone(), step: n, steps: names.clone() }));
    }
    Ok(ApprovedContainment { id, steps })
}

/// How a plan ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainmentOutcome {
    /// The plan's id.
    pub id: String,
    pub target_login: String,
    /// The steps sent, in order, each with its outcome (the last one failed when the plan stopped).
    pub ran: Vec<ChangeOutcome>,
    /// Why a step was refused before it was sent, when one was.
    pub refused: Option<String>,
    /// The steps never sent.
    pub not_run: Vec<OrgChange>,
}

impl ContainmentOutcome {
    /// Whether every step is done.
    pub fn is_done(&self) -> bool {
        self.not_run.is_empty() && self.refused.is_none() && self.ran.iter().all(ChangeOutcome::is_done)
    }

    /// What happened, one line a step, then a line naming what did not run.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> =
            self.ran.iter().enumerate().map(|(i, o)| format!("step {}: {}", i + 1, o.line())).collect();
        if let Some(why) = &self.refused {
            lines.push(format!("step {}: refused, not sent: {why}", self.ran.len() + 1));
        }
        if self.not_run.is_empty() {
            lines.push(format!("plan {}: every step done for {}", self.id, self.target_login));
        } else {
            let names: Vec<&str> = self.not_run.iter().map(OrgChange::name).collect();
            lines.push(format!(
                "plan {} stopped: {} ran; not sent: {}",
                self.id,
                self.ran.iter().map(|o| o.action.name()).collect::<Vec<_>>().join(", "),
                names.join(", ")
            ));
        }
        lines
    }
}

/// How far a running plan has got, told as it goes (the console shows each step's progress).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProgress {
    /// Step `n` (from 1) is being sent and verified.
    Sending(usize),
    /// Step `n` has its outcome.
    Finished(usize, ChangeOutcome),
}

/// Runs the steps in order through [`execute`], stopping at the first that is not done (or is
/// refused before sending): the rest are never sent. `progress` hears each step start and end.
pub async fn execute_containment(
    client: &Client,
    journal: &Journal,
    approved: ApprovedContainment,
    watch: Watch,
    progress: &mut (dyn FnMut(StepProgress) + Send),
) -> Result<ContainmentOutcome, ActionError> {
    let ApprovedContainment { id, steps } = approved;
    let target_login = steps.first().map(|s| s.plan().target.login.clone()).unwrap_or_default();
    let mut out = ContainmentOutcome { id, target_login, ran: Vec::new(), refused: None, not_run: Vec::new() };
    let mut rest = steps.into_iter();
    for step in rest.by_ref() {
        let action = step.action().clone();
        let n = out.ran.len() + 1;
        progress(StepProgress::Sending(n));
        match execute(client, journal, step, watch).await {
            Ok(outcome) => {
                let done = outcome.is_done();
                progress(StepProgress::Finished(n, outcome.clone()));
                out.ran.push(outcome);
                if !done {
                    break;
                }
            }
            Err(e) if out.ran.is_empty() => return Err(e),
            Err(e) => {
                out.refused = Some(clean(&e.to_string()).into_owned());
                out.not_run.push(action);
                break;
            }
        }
    }
    out.not_run.extend(rest.map(|s| s.action().clone()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            id: "00u1".into(),
            login: "m@x.io".into(),
            name: "M".into(),
            status: "ACTIVE".into(),
            admin_roles: None,
            active_apps: None,
        }
    }

    fn plan(action: OrgChange, status: &str) -> Plan {
        let t = Target { status: status.into(), ..target() };
        Plan::new(action, t, "https://x".into(), "p".into(), None)
    }

    #[test]
    fn a_plan_is_one_user_without_repeats_and_names_its_blocked_step() {
        assert!(Containment::new(vec![]).is_err());
        assert!(Containment::new(vec![plan(OrgChange::Suspend, "ACTIVE"), plan(OrgChange::Suspend, "ACTIVE")]).is_err());
        let c =
            Containment::new(vec![plan(OrgChange::LogoutEverywhere, "ACTIVE"), plan(OrgChange::Unsuspend, "ACTIVE")])
                .unwrap();
        assert_eq!(
            c.blocked().unwrap(),
            "step 2 (unsuspend): m@x.io is ACTIVE: only SUSPENDED users can be unsuspended"
        );
        let facts = c.facts();
        assert!(facts.iter().any(|(k, v)| k == "step 1" && v.starts_with("Universal Logout")), "{facts:?}");
    }

    #[test]
    fn each_step_is_approved_under_the_plans_id() {
        let c = Containment::new(vec![plan(OrgChange::Suspend, "ACTIVE"), plan(OrgChange::LogoutEverywhere, "ACTIVE")])
            .unwrap();
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let stamp = Stamp { id: "p1".into(), operator: "ana@laptop".into(), at };
        let approved = approve_containment(c, "push bomb", Confirmation::Typed("m@x.io".into()), stamp).unwrap();
        let ids: Vec<&str> = approved.steps().iter().map(Approved::id).collect();
        assert_eq!(ids, ["p1.1", "p1.2"]);
        let step = approved.steps()[1].part_of().unwrap();
        assert_eq!((step.plan_id.as_str(), step.step, step.steps.len()), ("p1", 2, 2));
    }
}
