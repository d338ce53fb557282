//! The approval dialog's state: what is asked, what the re-read prepared, the fields and
//! where the focus is.

use tui_input::Input;

use crate::actions::approval::confirms;
pub use crate::actions::approval::{accepted_confirmations, confirmation_prompt};
use crate::actions::preflight::Target;
pub use crate::actions::{ChangeOutcome, OrgChange, Plan, Verdict};
use crate::actions::{Containment, Evidence};

/// Where the keyboard is inside the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Reason,
    Login,
    /// The options row of a clear-sessions or set-risk dialog.
    Options,
    /// The buttons row; `true` when **Approve** is selected.
    Buttons {
        approve: bool,
    },
}

/// What the dialog asks to approve: one change, or a containment plan's steps, in order, on
/// one user, for one reason and one typed confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    One(OrgChange),
    Plan(Vec<OrgChange>),
}

impl Request {
    /// The dialog's title: the action's ("Suspend user"), or the plan's with its step count.
    pub fn title(&self) -> String {
        match self {
            Request::One(action) => action.title().to_string(),
            Request::Plan(steps) => format!("Containment plan: {}", crate::output::plural::count(steps.len(), "step")),
        }
    }

    /// The one change asked, when it is one.
    pub fn one(&self) -> Option<&OrgChange> {
        match self {
            Request::One(action) => Some(action),
            Request::Plan(_) => None,
        }
    }
}

/// What the re-read prepared: one action's plan, or a containment plan's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    One(Box<Plan>),
    Plan(Containment),
}

impl Prepared {
    /// The user acted on.
    pub fn target(&self) -> &Target {
        match self {
            Prepared::One(plan) => &plan.target,
            Prepared::Plan(steps) => steps.target(),
        }
    }

    /// The first plan (the only one of a single action): its org, profile and evidence are
    /// every step's.
    pub fn first(&self) -> &Plan {
        match self {
            Prepared::One(plan) => plan,
            // A containment plan has at least one step.
            Prepared::Plan(steps) => &steps.steps()[0],
        }
    }

    /// Every plan, in order (one for a single action).
    pub fn plans(&self) -> &[Plan] {
        match self {
            Prepared::One(plan) => std::slice::from_ref(plan),
            Prepared::Plan(steps) => steps.steps(),
        }
    }

    /// Why nothing can be approved, if so (a containment plan names its blocked step).
    pub fn blocked(&self) -> Option<String> {
        match self {
            Prepared::One(plan) => plan.blocked.clone(),
            Prepared::Plan(steps) => steps.blocked(),
        }
    }
}

/// How far an approved containment plan has got, as its steps report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The step being sent and verified (from 1), if one is.
    pub sending: Option<usize>,
    /// The outcome of each step that has one, in order.
    pub finished: Vec<ChangeOutcome>,
}

/// How far the dialog has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The user is being re-read.
    Checking,
    /// The plan is here: waiting for the operator.
    Ready(Box<Prepared>),
    /// The re-read failed: nothing can be approved.
    Unavailable(String),
    /// Approved and sent; waiting for the outcome (a plan's steps report in [`Dialog::progress`]).
    Executing(Box<Prepared>),
    /// The outcome (or the refusal) arrived, one line (a plan: one a step, then what ran and
    /// what was not sent): any key closes.
    Finished { prepared: Box<Prepared>, lines: Vec<String>, done: bool },
}

/// An open approval dialog.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub request: Request,
    /// The target's user id (or login) as the pane knew it.
    pub user: String,
    pub evidence: Option<Evidence>,
    pub reason: Input,
    pub login: Input,
    pub focus: Focus,
    pub stage: Stage,
    /// Why the last approve did not go (empty reason, wrong login).
    pub problem: Option<String>,
    /// The generation of the re-read and the execution this dialog accepts.
    pub generation: u64,
    /// On a masked screen, the target login's pseudonym, which is what the dialog shows:
    /// typing it confirms as the real login does (the gate is given the real login).
    pub masked_login: Option<String>,
    /// Rows the facts are scrolled up from where the fields and buttons are in view (PgUp,
    /// PgDn; the drawing keeps it within what is hidden).
    pub scroll: u16,
    /// A running plan's steps so far.
    pub progress: Progress,
}

impl Dialog {
    /// What the re-read prepared, once the user has been re-read.
    pub fn prepared(&self) -> Option<&Prepared> {
        match &self.stage {
            Stage::Ready(p) | Stage::Executing(p) => Some(p),
            Stage::Finished { prepared, .. } => Some(prepared),
            Stage::Checking | Stage::Unavailable(_) => None,
        }
    }

    /// Whether the dialog has an options row (clear sessions: tokens and devices; set
    /// risk: the level).
    pub fn has_options(&self) -> bool {
        matches!(self.request, Request::One(OrgChange::ClearSessions { .. } | OrgChange::SetRisk { .. }))
    }

    /// Whether Enter on **Approve** would approve now: a plan whose precondition holds (each
    /// step's, for a containment plan), a reason, and the typed login.
    pub fn can_approve(&self) -> bool {
        match &self.stage {
            Stage::Ready(prepared) => {
                prepared.blocked().is_none()
                    && !self.reason.value().trim().is_empty()
                    && !self.confirmation(&prepared.target().login).is_empty()
            }
            _ => false,
        }
    }

    /// What the typed login confirms, for the gate: the real login when the pseudonym shown
    /// on a masked screen was typed, else what was typed; empty when it confirms nothing.
    pub(super) fn confirmation(&self, login: &str) -> String {
        let typed = self.login.value().trim();
        if self.masked_login.as_deref().is_some_and(|p| typed.eq_ignore_ascii_case(p)) {
            login.to_string()
        } else if confirms(login, typed) {
            typed.to_string()
        } else {
            String::new()
        }
    }
}
