//! Changing the org: the only code that does. Suspend, unsuspend, clear sessions (with
//! optional OAuth-token revocation), unlock, reset factors, remove one factor, expire the
//! password, Universal Logout, set the user's risk and revoke one session, on one user,
//! behind an approval gate; and containment plans of several of them approved at once
//! ([`containment`]).
//!
//! The flow, in order, each step its own module:
//! 1. [`preflight::prepare`] re-reads the target (status, admin roles, active app
//!    assignments) into a [`Plan`] and says why the action makes no sense when it does not
//!    (suspend only ACTIVE, unsuspend only SUSPENDED, unlock only LOCKED_OUT, reset factors
//!    only with a factor enrolled, set risk only where the org answers for the user's risk…).
//! 2. [`approval::approve`] turns a plan, a reason and a confirmation (the typed login in the
//!    console, a typed login or `--yes` headless) into an [`Approved`] — the only way to make
//!    one: its fields are private and it cannot be cloned, so one approval sends one request.
//! 3. [`execute::execute`] takes the `Approved` by value: it writes the intent record to the
//!    [`audit::Journal`] (fsynced), sends the one request through the client's mutating calls
//!    (which demand an `&Approved`), never retries it, then [`verify`]s — re-reads the user
//!    (and, for changes that keep the status, the factors, the risk or the session) and
//!    watches the System Log for the matching event — and writes the outcome record.

pub mod action;
pub mod approval;
pub mod audit;
pub mod containment;
pub mod error;
pub mod execute;
pub mod operator;
pub mod preflight;
pub mod verify;

pub use action::{OrgChange, RiskLevel};
pub use approval::{approve, Approved, Confirmation, PlanStep, Stamp};
pub use audit::Journal;
pub use containment::{
    approve_containment, execute_containment, prepare_containment, ApprovedContainment, Containment,
    ContainmentOutcome, StepProgress,
};
pub use error::ActionError;
pub use execute::{execute, ChangeOutcome, Verdict};
pub use preflight::{prepare, ActionFacts, Evidence, Plan, Target};
