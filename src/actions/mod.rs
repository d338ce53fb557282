//! Changing the org: the only code that does. Suspend, unsuspend and clear-sessions (with
//! optional OAuth-token revocation) on one user, behind an approval gate.
//!
//! The flow, in order, each step its own module:
//! 1. [`preflight::prepare`] re-reads the target (status, admin roles, active app
//!    assignments) into a [`Plan`] and says why the action makes no sense when it does not
//!    (suspend only ACTIVE, unsuspend only SUSPENDED).
//! 2. [`approval::approve`] turns a plan, a reason and a confirmation (the typed login in the
//!    console, a typed login or `--yes` headless) into an [`Approved`] — the only way to make
//!    one: its fields are private and it cannot be cloned, so one approval sends one request.
//! 3. [`execute::execute`] takes the `Approved` by value: it writes the intent record to the
//!    [`audit::Journal`] (fsynced), sends the one request through the client's mutating calls
//!    (which demand an `&Approved`), never retries it, then [`verify`]s — re-reads the user
//!    and watches the System Log for the matching event — and writes the outcome record.

pub mod action;
pub mod approval;
pub mod audit;
pub mod error;
pub mod execute;
pub mod operator;
pub mod preflight;
pub mod verify;

pub use action::OrgChange;
pub use approval::{approve, Approved, Confirmation, Stamp};
pub use audit::Journal;
pub use error::ActionError;
pub use execute::{execute, ChangeOutcome, Verdict};
pub use preflight::{prepare, Evidence, Plan, Target};
