//! The `:mfa` pane's state and its part of `update`: the sweep's progress, then its answer
//! as totals and the list of users with gaps (the rows `oktui mfa-gaps` prints), filtered
//! and sorted here. Pure: the sweep itself runs as an effect (`tasks::mfa_sweep`).

mod state;
mod update;

pub use state::*;
pub use update::*;
