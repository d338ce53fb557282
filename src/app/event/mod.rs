//! One System Log event in full: the pivots it offers (open its actor or target user, tail
//! its actor, IP or session), a summary of who, from where, on what and with which verdict
//! (`debugData`'s behaviors, risk and `logOnlySecurityData` parsed), then the whole event as
//! pretty JSON. Every line is sanitised here, once.

mod state;
mod update;

pub use state::*;
pub use update::*;
