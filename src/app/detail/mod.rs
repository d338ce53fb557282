//! The detail view of one user, app, group or policy: its state, the keys it takes, and the
//! reading of the object and what hangs off it (run as an effect).

mod read;
mod state;
mod update;

pub use read::*;
pub use state::*;
pub use update::*;
