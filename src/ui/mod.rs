//! Drawing: one render module per pane, plus the widgets, theme and sanitiser they share.
//! Nothing here awaits, blocks or mutates state.

pub mod alerts;
pub mod approval;
pub mod audit;
pub mod describe;
pub mod detail;
pub mod event;
pub mod findings;
pub mod header;
pub mod help;
pub mod hints;
pub mod hunt;
pub mod investigate;
pub mod ip;
pub mod list;
pub mod logs;
pub mod mfa;
pub mod screen;
pub mod theme;
pub mod too_small;
pub mod widths;
