//! Why an action did not go ahead.

use crate::okta::error::OktaError;

/// An action that was refused or could not be prepared. A refusal (exit 2 headless) means
/// nothing that changes the org was sent.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// Refused before anything that changes the org was sent: read-only, an unwritable
    /// audit journal, no reason, an unconfirmed approval, the same action already in flight.
    #[error("refused, nothing was changed: {0}")]
    Refused(String),
    /// Reading the target before acting failed (unknown user, no permission, network).
    #[error("cannot read the user before acting: {0}")]
    Preflight(#[source] OktaError),
}

impl ActionError {
    /// Whether nothing was sent that changes the org because oktui itself said no.
    pub fn is_refusal(&self) -> bool {
        matches!(self, ActionError::Refused(_))
    }
}
