//! The `:hunt` pane's state and its part of `update`: the org-wide findings of a window
//! (`w` picks it: the last 24 h, 7 d, 30 d, 90 d or a range typed in), narrowed by a preset
//! (`p`), each opening the investigation of its user; `b` shows them rolled up by user and
//! IP instead (`rollup.rs`). Pure: the fetch and the judging run as
//! an effect (`findings_tasks`). A hunt is cancelled by Esc while it reads, and aborted when
//! it is superseded: a new window, leaving the pane, another profile.

mod rollup;
mod state;
mod update;

pub use rollup::{roll_up, Entity, EntityRow};
pub use state::*;
pub use update::*;
