//! The `:audit` pane's state and keys: the journal's records, oldest first, one selected.
//! Enter or `d` describes the selected record whole (every field, wrapped); `y` copies its
//! target's login (`update::copy_text`).

mod state;
mod update;

pub use state::*;
pub use update::*;
