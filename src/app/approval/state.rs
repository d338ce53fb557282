//! The approval dialog's state: the plan, the fields and where the focus is.

use tui_input::Input;

use crate::actions::approval::confirms;
pub use crate::actions::approval::{accepted_confirmations, confirmation_prompt};
use crate::actions::Evidence;
pub use crate::actions::{OrgChange, Plan};

/// Where the keyboard is inside the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Reason,
    Login,
    /// The options row of a clear-sessions dialog: revoke OAuth tokens, forget devices.
    Options,
    /// The buttons row; `true` when **Approve** is selected.
    Buttons {
        approve: bool,
    },
}

/// How far the dialog has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The user is being re-read.
    Checking,
    /// The plan is here: waiting for the operator.
    Ready(Box<Plan>),
    /// The re-read failed: nothing can be approved.
    Unavailable(String),
    /// Approved and sent; waiting for the outcome.
    Executing(Box<Plan>),
    /// The outcome (or the refusal) arrived: any key closes.
    Finished { plan: Box<Plan>, line: String, done: bool },
}

/// An open approval dialog.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub action: OrgChange,
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
}

impl Dialog {
    /// The plan, once the user has been re-read.
    pub fn plan(&self) -> Option<&Plan> {
        match &self.stage {
            Stage::Ready(p) | Stage::Executing(p) => Some(p),
            Stage::Finished { plan, .. } => Some(plan),
            Stage::Checking | Stage::Unavailable(_) => None,
        }
    }

    /// Whether the dialog has an options row (clear sessions).
    pub fn has_options(&self) -> bool {
        matches!(self.action, OrgChange::ClearSessions { .. })
    }

    /// Whether Enter on **Approve** would approve now: a plan whose precondition holds, a
    /// reason, and the typed login.
    pub fn can_approve(&self) -> bool {
        match &self.stage {
            Stage::Ready(plan) => {
                plan.blocked.is_none()
                    && !self.reason.value().trim().is_empty()
                    && !self.confirmation(&plan.target.login).is_empty()
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
