//! The four browse lists (users, apps, groups, policies): where each is read from, which
//! columns it shows, and which detail view a row opens.

mod columns;
mod state;
mod update;

pub use columns::*;
pub use state::*;
pub use update::*;
