//! The describe view (`d`): the selected row of a list pane whole, every field as
//! `name: value`, wrapped to the screen's width and scrolled, so nothing is only ever
//! visible cut. It opens over users, apps, groups, policies, the System Log tail, the MFA
//! gaps, investigation and hunt findings, and the audit journal; Esc closes it. Every name and value passes
//! [`clean`] here, so the screen draws plain text.

mod state;
mod update;

pub use state::*;
pub use update::*;
