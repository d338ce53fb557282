//! The `:alerts` pane (`8`): the live judge's findings ([`crate::investigate::live`]), newest
//! first, raised while the console runs; the header's counts by severity and its flash (and
//! the bell) when a high or critical one arrives; the uuids of their evidence, which the
//! System Log pane marks. Pure: the judge runs as a task ([`crate::app::judge_task`]) and
//! its findings arrive as messages.

mod state;
mod update;

#[cfg(test)]
mod tests;

pub use state::*;
pub use update::*;
