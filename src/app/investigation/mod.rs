//! The investigation view's state and its part of `update`: one user's report (findings,
//! sign-ins, activity) and the evidence of the selected finding, one key away. Pure: the
//! fetch and the judging run as an effect (`findings_tasks`).

mod state;
mod update;

pub use state::*;
pub use update::*;
